"""The assessment editor is translated like the shell: its Indonesian strings are marked for
lupdate in the context "Editor", ``assessor_en.ts`` has an English translation for each, and
the editor comes up in English when the English translator is installed (Indonesian by
default)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_editor import item_w, new_jkp, open_editor, stored
from tests.gui.test_shell_i18n import TS, _messages

REPO = Path(__file__).resolve().parents[2]
EDITOR_SOURCES = "assessor_app/ui/editor/*.py"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


@pytest.mark.skipif(shutil.which("pyside6-lupdate") is None, reason="lupdate not installed")
def test_every_editor_string_is_in_the_ts_and_translated(tmp_path: Path) -> None:
    files = sorted(str(p.relative_to(REPO)) for p in REPO.glob(EDITOR_SOURCES))
    fresh = tmp_path / "editor.ts"
    subprocess.run(["pyside6-lupdate", *files, "-ts", str(fresh), "-no-obsolete",
                    "-locations", "none"], cwd=REPO, check=True, capture_output=True)
    marked = set(_messages(fresh))
    assert len(marked) > 80  # the whole editor, not a stray call
    assert {context for context, _ in marked} == {"Editor"}
    known = _messages(TS)
    assert marked - set(known) == set(), "run pyside6-lupdate (resources/translations/README.md)"
    untranslated = [key for key in marked if not known[key]]
    assert not untranslated, untranslated[:10]
    readme = (REPO / "resources" / "translations" / "README.md").read_text(encoding="utf-8")
    assert EDITOR_SOURCES in readme


def test_translations_keep_the_format_placeholders() -> None:
    """``.format()`` runs on the translated text: a missing or renamed ``{name}`` would
    drop a value or raise KeyError only in English."""
    wrong = [(context, source, text) for (context, source), text in _messages(TS).items()
             if text is not None
             and set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(text))]
    assert not wrong, wrong[:10]


def _save_one_answer(qtbot: Any, services: Any, ed: Any, rid: str) -> None:
    assert ed.focus_item("moda_pelatihan")
    luring = item_w(ed, "moda_pelatihan").control.buttons[0]  # type: ignore[union-attr]
    with qtbot.waitSignal(ed.assessment_saved):
        qtbot.mouseClick(luring, Qt.MouseButton.LeftButton)
    assert stored(services, rid, "moda_pelatihan") == "luring"


def test_editor_is_indonesian_by_default(qtbot: Any, services: Any) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid)
    assert ed.finalise_button.text() == "Finalisasi"
    assert ed.next_button.text() == "Berikutnya yang belum dijawab"
    assert ed.nav_model.headerData(0, Qt.Orientation.Horizontal) == "Bagian"
    assert ed.status_pill.text() == "Draf"
    assert ed.retry_button.text() == "Coba lagi"
    _save_one_answer(qtbot, services, ed, rid)
    assert re.fullmatch(r"Tersimpan ✓ \d\d:\d\d:\d\d", ed.save_status.text())
    assert ed.try_close()


def test_editor_in_english_with_the_translator(qtbot: Any, services: Any,
                                               english: None) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid, lang="en")
    assert ed.finalise_button.text() == "Finalise"
    assert ed.finalise_button.toolTip() == \
        "Check every required answer, then freeze the content for signing"
    assert ed.next_button.text() == "Next unanswered"
    assert ed.nav_model.headerData(0, Qt.Orientation.Horizontal) == "Sections"
    assert ed.status_pill.text() == "Draft"
    assert ed.retry_button.text() == "Try again"
    assert ed.unsaved_hint.text() == \
        "Your answers stay on screen. Do not close the app; press Try again."
    _save_one_answer(qtbot, services, ed, rid)
    assert re.fullmatch(r"Saved ✓ \d\d:\d\d:\d\d", ed.save_status.text())
    assert ed.try_close()
