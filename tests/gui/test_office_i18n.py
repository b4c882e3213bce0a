"""The office and sync screens are translated like the rest of the shell: every string
marked in ``assessor_app/ui/office`` and ``assessor_app/ui/sync`` is in the .ts with an
English translation, and the pages come up in English with the translator installed."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assessor_app.ui.i18n import install_translator, remove_translator
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor
from tests.gui.test_shell_i18n import TS, _messages

REPO = Path(__file__).resolve().parents[2]
SOURCES = ["assessor_app/ui/office/*.py", "assessor_app/ui/sync/*.py",
           "assessor_app/ui/main_window.py"]


@pytest.fixture()
def english(qapp: QApplication) -> Iterator[None]:
    translator = install_translator(qapp, "en")
    assert translator is not None
    yield
    remove_translator(qapp, translator)


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="lupdate not installed")
def test_office_and_sync_strings_are_in_the_ts_and_translated(tmp_path: Path) -> None:
    files = sorted(str(p.relative_to(REPO)) for pattern in SOURCES for p in REPO.glob(pattern))
    fresh = tmp_path / "office.ts"
    subprocess.run(["pyside6-lupdate", *files, "-ts", str(fresh), "-no-obsolete",
                    "-locations", "none"], cwd=REPO, check=True, capture_output=True)
    marked = set(_messages(fresh))
    known = _messages(TS)
    assert len(marked) > 250
    assert marked - set(known) == set(), "run pyside6-lupdate (resources/translations/README.md)"
    untranslated = [key for key in marked if not known[key]]
    assert not untranslated, untranslated[:10]
    readme = (REPO / "resources" / "translations" / "README.md").read_text(encoding="utf-8")
    assert "assessor_app/ui/office/*.py" in readme and "assessor_app/ui/sync/*.py" in readme


def test_office_pages_in_english(qtbot: Any, services: Any, english: None,
                                 tmp_path: Path) -> None:
    window = MainWindow(services, "en", settings=AppSettings(tmp_path / "s.ini"),
                        executor=SyncExecutor())
    qtbot.addWidget(window)
    window.set_office_mode(True)
    names = [window.sidebar.item(i).text() for i in range(5, window.sidebar.count())]
    assert names == ["OFFICE", "Import bundles", "Conflicts", "Review", "Dashboard", "Devices"]
    assert [a.text() for a in window.menuBar().actions()][3:5] == ["&Send", "Off&ice"]
    assert window.send_action.text() == "Send &results…"
    assert window.import_page.choose_button.text() == "&Choose files…"
    assert window.dashboard_page.institution_chart.title() == "By institution"
    assert window.review_page.panel.status_buttons["perlu_perbaikan"].text() == \
        "Needs correction"
    assert window.review_model.headerData(7, Qt.Orientation.Horizontal) == "Review"
    send = window.send_results()
    assert send.windowTitle() == "Send results to the office"
    send.reject()
