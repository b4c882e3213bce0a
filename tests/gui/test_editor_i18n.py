"""The assessment editor is translated like the shell: Indonesian by default, English after
``set_language("en")`` (every marked string has an English translation and keeps its
``{name}`` placeholders: tests/unit/test_i18n.py)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt

from tests.gui.test_editor import item_w, new_jkp, open_editor, stored


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
    assert re.fullmatch(r"Tersimpan ✓ \d\d\.\d\d\.\d\d", ed.save_status.text())  # 08.30.15
    assert ed.try_close()


def test_editor_in_english_with_the_translator(qtbot: Any, services: Any,
                                               english: None) -> None:
    rid = new_jkp(services)
    ed = open_editor(qtbot, services, rid, lang="en")
    assert ed.finalise_button.text() == "Finalise"
    assert ed.finalise_button.toolTip() == \
        "Check every required answer, then freeze the content for signing (Ctrl+Enter)"
    assert ed.next_button.text() == "Next unanswered"
    assert ed.nav_model.headerData(0, Qt.Orientation.Horizontal) == "Sections"
    assert ed.status_pill.text() == "Draft"
    assert ed.retry_button.text() == "Try again"
    assert ed.unsaved_hint.text() == \
        "Your answers stay on screen. Do not close the app; press Try again."
    _save_one_answer(qtbot, services, ed, rid)
    assert re.fullmatch(r"Saved ✓ \d\d:\d\d:\d\d", ed.save_status.text())
    assert ed.try_close()
