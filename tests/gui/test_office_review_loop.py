"""The review loop in the GUI (issue 12), with two stores (a laptop and an office):

* the office's Tinjauan page opens the imported record read only (no "Buat revisi", no
  signing) and its PDF preview, and writes the decisions back to the laptops;
* the laptop, after importing that receipt, marks the record "Perlu perbaikan" in the list
  (the comment in the tooltip) and shows the comment in a banner of the editor that offers
  "Buat revisi…" (the comment becomes the reason).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QScrollArea

from assessor_app.services.runtime import Services
from assessor_app.ui.models.assessment_list import COL_STATUS
from assessor_app.ui.tasks import ASSESSMENTS, store_events
from tests.gui.test_office_flow import _finalised
from tests.sync.helpers import export_one

COMMENT = "Foto bukti ruang praktik belum ada"




def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled() and button.isVisibleTo(button.window()), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def sent_to_office(laptop: Services, office: Services, tmp_path: Path) -> Any:
    """A finalised, signed record of the laptop, imported at the office."""
    row = _finalised(laptop)
    office.registry.add_assessor("Sari Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop Budi")
    me = office.registry.add_assessor("Budi Lapangan")
    laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)
    report = office.sync.import_bundle(export_one(laptop, tmp_path / "usb"))
    assert report.status == "imported"
    return row


def test_review_page_opens_the_record_read_only_and_its_pdf(
        qtbot: Any, stores: Any, tmp_path: Path, office_window: Any) -> None:
    laptop, office = stores
    row = sent_to_office(laptop, office, tmp_path)
    win = office_window(office, "office")
    win.set_office_mode(True)
    page = win.show_office_page("review")
    assert page is win.review_page
    qtbot.waitUntil(lambda: win.review_page.select(row.assessment_id))
    panel = win.review_page.panel
    win.review_page.grab().save(str(tmp_path / "office-review-page.png"))
    assert panel.revision_id == office.assessments.resolve(row.assessment_id).id

    # --- Buka penilaian: the editor, read only, no "Buat revisi", no signing
    click(qtbot, panel.open_button)
    record = win.windows[row.assessment_id]
    editor: Any = record.editor
    qtbot.waitUntil(lambda: editor.snapshot is not None)
    assert record.read_only_record and editor.read_only and editor.made_elsewhere
    assert not record.revise_action.isVisible() and not record.revise_action.isEnabled()
    assert not record.sign_action.isVisible()
    assert editor.info_banner.isVisibleTo(editor)
    assert "Rekaman lapangan" in editor.info_label.text()
    assert not editor.revision_button.isVisibleTo(editor)
    assert not editor.review_banner.isVisibleTo(editor)
    assert "hanya baca" in record.status.text()
    editor.revision_requested.emit(editor.revision_id)  # even if asked: refused, nothing made
    assert record.revise_dialog is None
    assert office.assessments.resolve(row.assessment_id).revision == 1
    record.grab().save(str(tmp_path / "office-record.png"))
    record.close()

    # --- Pratinjau PDF: the report regenerated from the record
    click(qtbot, panel.pdf_button)
    qtbot.waitUntil(lambda: panel.launcher is not None and panel.launcher.dialog is not None,
                    timeout=30_000)
    dialog = panel.launcher.dialog
    qtbot.waitUntil(lambda: dialog.canvas.image is not None, timeout=30_000)
    assert row.subject_name in dialog.windowTitle() and dialog.page_count >= 1
    assert dialog.source.ref == panel.revision_id  # the report of this record
    dialog.grab().save(str(tmp_path / "office-pdf.png"))
    dialog.close()

    # --- "Perlu perbaikan" and the receipts for the laptops
    panel.choose("perlu_perbaikan")
    panel.comment.setPlainText(COMMENT)
    click(qtbot, panel.save_button)
    current = office.review.current(row.assessment_id)
    assert current is not None and current.status == "perlu_perbaikan"
    win.review_page.write_receipts(tmp_path / "back")
    qtbot.waitUntil(lambda: bool(win.review_page.written))
    [written] = win.review_page.written
    assert written.path.is_file() and (written.reviews, written.needs_fix) == (1, 1)
    assert "1 perlu perbaikan" in win.review_page.sent_label.text()
    assert f"Tanda terima ditulis ke {tmp_path / 'back'}:" in win.review_page.sent_label.text()


def test_laptop_shows_perlu_perbaikan_in_the_list_and_the_editor_and_revises(
        qtbot: Any, stores: Any, tmp_path: Path, office_window: Any) -> None:
    laptop, office = stores
    row = sent_to_office(laptop, office, tmp_path)
    office.review.set_status(row.assessment_id, "perlu_perbaikan", COMMENT, "Sari Kantor")
    [written] = office.sync.review_receipts(tmp_path / "back")

    win = office_window(laptop, "laptop")
    model = win.assessments_page.model
    r = model.row_of(row.id)
    assert r >= 0 and "Perlu perbaikan" not in str(model.index(r, COL_STATUS).data())

    # --- the receipt: the list marks the record, the comment in its tooltip
    with qtbot.waitSignal(win.field_sync.finished), \
            qtbot.waitSignal(store_events().changed,
                             check_params_cb=lambda t: ASSESSMENTS in t):
        win.field_sync.import_receipt(written.path)
    assert f"Perlu perbaikan: {COMMENT}" in win.field_sync.last_text
    assert win.field_sync.last_box is not None
    win.field_sync.last_box.close()
    qtbot.waitUntil(lambda: model.index(model.row_of(row.id), COL_STATUS).data()
                    == "⚠ Perlu perbaikan")
    tip = model.index(model.row_of(row.id), COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Perlu perbaikan: {COMMENT}" in tip and "Sari Kantor" in tip
    win.assessments_page.grab().save(str(tmp_path / "laptop-list.png"))

    # --- the editor: the banner with the comment offers "Buat revisi…"
    record = win.open_assessment(row.id)
    assert record is not None
    editor: Any = record.editor
    qtbot.waitUntil(lambda: editor.snapshot is not None)
    assert editor.review_banner.isVisibleTo(editor)
    assert f"Perlu perbaikan: {COMMENT}" in editor.review_label.text()
    assert "Sari Kantor" in editor.review_label.text()
    assert editor.review_revise_button.isVisibleTo(editor)
    assert not editor.revision_button.isVisibleTo(editor)  # one offer, in the review banner
    record.grab().save(str(tmp_path / "laptop-banner.png"))
    click(qtbot, editor.review_revise_button)
    dialog = record.revise_dialog
    assert dialog is not None and dialog.isVisible()
    assert COMMENT in dialog.reason.toPlainText()  # the office's comment is the reason
    with qtbot.waitSignal(store_events().changed,
                          check_params_cb=lambda topics: ASSESSMENTS in topics):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    new = laptop.assessments.resolve(record.revision_id)
    assert (new.revision, new.status) == (2, "draft")
    assert COMMENT in (new.revision_reason or "")
    editor = record.editor
    qtbot.waitUntil(lambda: editor.snapshot is not None
                    and editor.snapshot.revision_id == new.id)
    # the correction keeps the comment in view, without offering another revision
    assert editor.review_banner.isVisibleTo(editor)
    assert "Revisi ini memperbaiki" in editor.review_label.text()
    assert not editor.review_revise_button.isVisibleTo(editor)
    # the list still marks it until the office has received the correction
    qtbot.waitUntil(lambda: model.row_of(new.id) >= 0)
    assert model.index(model.row_of(new.id), COL_STATUS).data() == "Draf · perbaikan"
    tip = model.index(model.row_of(new.id), COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert f"Perlu perbaikan: {COMMENT}" in tip


def test_laptop_says_what_a_withdrawal_from_the_office_means(
        qtbot: Any, stores: Any, tmp_path: Path, office_window: Any) -> None:
    """A consent withdrawn at the office (receipt format 4): the laptop's receipt message
    says it, and the consent is withdrawn on the laptop."""
    laptop, office = stores
    row = sent_to_office(laptop, office, tmp_path)
    consent = office.consents.record(given_by="Hj. Sri Wahyuni", scope="Visitasi",
                                     given_at="2026-12-01", institution_id=row.institution_id)
    office.consents.withdraw(consent.id, "Ditarik lewat telepon")
    [written] = office.sync.review_receipts(tmp_path / "back")
    assert (written.withdrawals, written.reviews) == (1, 0)

    win = office_window(laptop, "laptop")
    with qtbot.waitSignal(win.field_sync.finished):
        win.field_sync.import_receipt(written.path)
    text = win.field_sync.last_text
    assert "1 persetujuan ditarik di kantor" in text and "pembersihan data" in text
    assert win.field_sync.last_box is not None
    win.field_sync.last_box.grab().save(str(tmp_path / "laptop-withdrawal.png"))
    win.field_sync.last_box.close()
    assert laptop.consents.get(consent.id).consent.withdrawn_at is not None


@pytest.mark.parametrize("size", [(1024, 600), (1366, 768)])
def test_the_review_panel_scrolls_instead_of_squeezing_on_a_small_screen(
        qtbot: Any, stores: Any, tmp_path: Path, office_window: Any,
        size: tuple[int, int]) -> None:
    """After receipts are written (two more lines above the list), the panel's rules and
    comment box keep the height their text needs: the panel scrolls up and down, never
    sideways."""
    laptop, office = stores
    row = sent_to_office(laptop, office, tmp_path)
    office.review.set_status(row.assessment_id, "perlu_perbaikan", COMMENT, "Sari Kantor")
    win = office_window(office, "office")
    win.set_office_mode(True)
    win.resize(*size)
    page = win.show_office_page("review")
    qtbot.waitUntil(lambda: page.select(row.assessment_id))
    page.write_receipts(tmp_path / "back")
    qtbot.waitUntil(lambda: page.sent_label.isVisible())
    panel = page.panel
    area = panel.parentWidget().parentWidget()  # the scroll area's viewport, then the area
    assert isinstance(area, QScrollArea)
    qtbot.waitUntil(lambda: panel.rules.height() >= panel.rules.heightForWidth(
        panel.rules.width()))
    assert panel.comment.height() >= panel.fontMetrics().height() * 5
    assert not area.horizontalScrollBar().isVisible()
    small = size[1] < 700
    assert area.verticalScrollBar().isVisible() == small  # the form fits at 1366x768
    if small:  # everything can be reached: the save button scrolls into view
        area.ensureWidgetVisible(panel.save_button)
        top_left = panel.save_button.mapTo(area.viewport(), QPoint(0, 0))
        assert area.viewport().rect().contains(top_left)
