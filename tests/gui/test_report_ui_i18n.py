"""The report preview's strings are in the .ts (assessor_app/ui/report_preview.py is outside
the views/ folder test_shell_i18n.py scans) and the dialog speaks English when asked."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from assessor_app.services.demo import seed_demo
from assessor_app.services.templates import stable_id
from assessor_app.ui.i18n import install_translator, remove_translator
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.assessment_window import AssessmentWindow
from tests.gui.test_shell_i18n import TS, _messages

REPO = Path(__file__).resolve().parents[2]
FILES = ["assessor_app/ui/report_preview.py", "assessor_app/ui/views/reports.py"]


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="lupdate not installed")
def test_report_strings_are_in_the_ts_and_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "reports.ts"
    subprocess.run(["pyside6-lupdate", *FILES, "-ts", str(fresh), "-no-obsolete",
                    "-locations", "none"], cwd=REPO, check=True, capture_output=True)
    marked = set(_messages(fresh))
    assert len(marked) > 40
    known = _messages(TS)
    missing = sorted(marked - set(known))
    assert not missing, "run pyside6-lupdate (resources/translations/README.md)"
    untranslated = sorted(key for key in marked if not known[key])
    assert not untranslated
    assert b"extracomment" not in fresh.read_bytes()  # code notes are '#', not '#:'


@pytest.fixture()
def english(qapp: QApplication) -> Iterator[None]:
    translator = install_translator(qapp, "en")
    assert translator is not None
    yield
    remove_translator(qapp, translator)


def test_the_preview_in_english(qtbot: Any, services: Any, english: None) -> None:
    seed_demo(services)
    executor = SyncExecutor()
    window = AssessmentWindow(services, stable_id("demo", "assessment", "ia01-rizky"), "en",
                              None, executor)
    qtbot.addWidget(window)
    assert window.reports is not None
    assert [a.text() for a in window.report_actions] == ["PDF &preview", "&Print…",
                                                         "&Save PDF…"]
    window.reports.launcher.pdf_executor = executor
    window.reports.run_preview()
    dialog = window.reports.launcher.dialog
    assert dialog is not None
    assert dialog.lang == "en"  # the report follows the UI language by default
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count}"
    assert dialog.print_button.text() == "&Print…"
    assert dialog.windowTitle().startswith("Report preview — ")
    assert dialog.lang_box.currentText() == "English"
