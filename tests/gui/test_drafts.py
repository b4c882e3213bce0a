# mypy: disable-error-code="union-attr,attr-defined,arg-type"
"""Deleting drafts and turning an unsigned final record back into a draft (issue 12: drafts
could not be deleted; there was no way back from Finalisasi while nobody had signed)."""

from __future__ import annotations

from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from assessor_app.services.demo import fill_required
from assessor_app.ui.main_window import PAGE_ASSESSMENTS, MainWindow
from assessor_app.ui.views.assessment_window import AssessmentWindow
from tests.gui.conftest import OpenMainWindow
from tests.helpers import add_asesi, add_lpk


@pytest.fixture()
def window(open_main_window: OpenMainWindow, services: Any) -> MainWindow:
    return open_main_window(services)


def answer_box(qtbot: Any, box: QMessageBox | None, text: str) -> None:
    """Press the question's button named ``text`` (the box is window-modal, not exec'd)."""
    assert box is not None and box.isVisible()
    [button] = [b for b in box.buttons() if isinstance(b, QPushButton) and b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_a_draft_is_deleted_from_the_list_after_the_question(
        qtbot: Any, window: MainWindow, services: Any) -> None:
    svc = services.assessments
    keep = svc.create("JKP.LPK.01", institution_id=add_lpk(services).id)
    gone = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    svc.answer(gone.id, "u1_e1_k1", "ya")
    window.refresh_all()
    page = window.assessments_page
    window.show_page(PAGE_ASSESSMENTS)
    assert page.select_revision(gone.id) and page.discard_button.isEnabled()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    box = window.confirm_box
    assert box is not None and "Hapus draf" in box.windowTitle()
    answer_box(qtbot, box, "Batal")  # Cancel changes nothing
    assert svc.count() == 2
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    answer_box(qtbot, window.confirm_box, "Hapus draf")
    qtbot.waitUntil(lambda: svc.count() == 1)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.row_at(0).id == keep.id


def test_deleting_an_open_draft_closes_its_window_and_a_revision_draft_goes_back(
        qtbot: Any, window: MainWindow, services: Any) -> None:
    svc = services.assessments
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    opened = window.open_assessment(row.id)
    assert isinstance(opened, AssessmentWindow)
    qtbot.waitUntil(lambda: getattr(opened.editor, "template", None) is not None)
    assert opened.discard_action.isVisible() and not opened.reopen_action.isVisible()
    answer_box(qtbot, opened.discard_draft(), "Hapus draf")
    qtbot.waitUntil(lambda: not shiboken6.isValid(opened) or not opened.isVisible())
    assert svc.count() == 0

    final = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services, "Sari").id)
    fill_required(svc, final.id)
    svc.finalise(final.id)
    draft = svc.revise(final.id, "koreksi catatan KUK 1.2")
    opened = window.open_assessment(draft.id)
    assert isinstance(opened, AssessmentWindow)
    answer_box(qtbot, window.discard_draft(draft.id), "Hapus draf")  # from the list
    qtbot.waitUntil(lambda: opened.revision_id == final.id)
    assert opened.row.revision == 1 and opened.row.status == "complete"
    assert svc.resolve(final.assessment_id).id == final.id


def test_reopen_an_unsigned_final_record_from_its_window(
        qtbot: Any, window: MainWindow, services: Any) -> None:
    svc = services.assessments
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    fill_required(svc, row.id)
    svc.finalise(row.id)
    opened = window.open_assessment(row.id)
    assert isinstance(opened, AssessmentWindow)
    qtbot.waitUntil(lambda: getattr(opened.editor, "snapshot", None) is not None)
    editor = opened.editor
    assert editor.read_only and editor.reopen_button.isVisibleTo(editor)
    assert opened.reopen_action.isVisible() and not opened.discard_action.isVisible()
    qtbot.mouseClick(editor.reopen_button, Qt.MouseButton.LeftButton)
    answer_box(qtbot, opened.confirm_box, "Buka kembali")
    qtbot.waitUntil(lambda: svc.resolve(row.id).status == "draft")
    qtbot.waitUntil(lambda: opened.editor is not editor and
                    getattr(opened.editor, "snapshot", None) is not None)
    assert not opened.editor.read_only and opened.discard_action.isVisible()
