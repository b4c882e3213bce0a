"""Indonesian is the source language; English comes from resources/translations via
QTranslator. The .ts must cover every marked string and be compiled into the .qm."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from assessor_app.ui.i18n import install_translator, qm_path, remove_translator
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.tasks import SyncExecutor

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "translations" / "assessor_en.ts"
SOURCES = ["assessor_app/app.py", "assessor_app/ui/main_window.py",
           "assessor_app/ui/signature_pad.py", "assessor_app/ui/models/*.py",
           "assessor_app/ui/views/*.py"]


def _messages(path: Path) -> dict[tuple[str, str], str | None]:
    root = ET.parse(path).getroot()
    out: dict[tuple[str, str], str | None] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            done = tr is not None and tr.get("type") not in ("unfinished", "vanished",
                                                             "obsolete")
            out[(name, msg.findtext("source") or "")] = tr.text if done and tr is not None \
                else None
    return out


@pytest.fixture()
def english(qapp: QApplication) -> Iterator[None]:
    translator = install_translator(qapp, "en")
    assert translator is not None, qm_path("en")
    yield
    remove_translator(qapp, translator)


def test_every_string_has_an_english_translation() -> None:
    messages = _messages(TS)
    assert len(messages) > 250
    missing = [key for key, text in messages.items() if not text]
    assert not missing, f"untranslated: {missing[:10]}"
    assert qm_path("en").is_file()
    assert qm_path("en").stat().st_size > 10_000


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="lupdate not installed")
def test_the_ts_file_covers_every_marked_string(tmp_path: Path) -> None:
    files = sorted(str(p.relative_to(REPO)) for pattern in SOURCES for p in REPO.glob(pattern))
    fresh = tmp_path / "fresh.ts"
    subprocess.run(["pyside6-lupdate", *files, "-ts", str(fresh), "-no-obsolete",
                    "-locations", "none"], cwd=REPO, check=True, capture_output=True)
    marked = set(_messages(fresh))
    known = set(_messages(TS))
    assert marked - known == set(), "run pyside6-lupdate (resources/translations/README.md)"


def test_english_ui_after_switching(qtbot: Any, services: Any, english: None) -> None:
    window = MainWindow(services, "en", executor=SyncExecutor())
    qtbot.addWidget(window)
    assert [window.sidebar.item(i).text() for i in range(5)] == [
        "Visits", "Assessments", "Institutions", "Assessees", "Templates"]
    assert window.assessments_page.search.placeholderText() == \
        "Search subject, template or ID…"
    assert window.menuBar().actions()[0].text() == "&File"


def test_indonesian_ui_by_default(qtbot: Any, services: Any) -> None:
    window = MainWindow(services, "id", executor=SyncExecutor())
    qtbot.addWidget(window)
    assert window.menuBar().actions()[0].text() == "&Berkas"
    assert window.assessments_page.new_button.text() == "&Penilaian baru…"
