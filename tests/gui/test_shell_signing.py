# mypy: disable-error-code="union-attr,attr-defined,arg-type"
"""Sign and lock: two roles sign on the pad, the assessment locks and turns read-only; a
revision needs a reason, and the history shows both revisions with the first intact."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from assessor_app.core.errors import StateError
from assessor_app.services.demo import seed_demo
from assessor_app.services.templates import stable_id
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.signature_pad import SignaturePad
from assessor_app.ui.tasks import ASSESSMENTS, SyncExecutor, store_events
from assessor_app.ui.views.assessment_window import AssessmentWindow
from assessor_app.ui.views.signing import SignDialog, SigningDialog


def draw(qtbot: Any, pad: SignaturePad) -> None:
    qtbot.waitExposed(pad)
    w, h = pad.width(), pad.height()
    pts = [QPoint(int(w * (0.1 + 0.04 * i)), int(h * (0.45 + (0.15 if i % 2 else -0.15))))
           for i in range(16)]
    QTest.mousePress(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[0])
    for p in pts[1:]:
        QTest.mouseMove(pad, p)
    QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pts[-1])
    qtbot.waitUntil(lambda: not pad.is_empty())


def editor_is_read_only(window: AssessmentWindow) -> bool:
    editor = window.editor
    finalise = getattr(editor, "finalise_button", None)
    return bool(getattr(editor, "read_only", False)) and (
        finalise is None or not finalise.isVisibleTo(editor))


@pytest.fixture()
def finalised(services: Any) -> str:
    """A finalised FR.IA.01 (asesi + asesor must sign) from the demo data."""
    seed_demo(services)
    rid = stable_id("demo", "assessment", "ia01-siti")
    assert services.assessments.resolve(rid).status == "complete"
    return rid


def test_two_roles_sign_then_it_is_locked_and_read_only(qtbot: Any, services: Any,
                                                        finalised: str) -> None:
    settings = AppSettings(services.paths.settings_path)
    window = AssessmentWindow(services, finalised, "id", settings, SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    assert window.sign_action.isEnabled() and window.revise_action.isEnabled()
    ceremony = window.open_signing()
    assert isinstance(ceremony, SigningDialog) and ceremony.isVisible()
    assert set(ceremony.missing_roles()) == {"asesi", "asesor"}
    assert set(ceremony.sign_buttons) == {"asesi", "asesor"}

    # the assessor signs: name and MET number come from the profile, place from the visit
    dialog = ceremony.sign_role("asesor")
    assert isinstance(dialog, SignDialog)
    assert not dialog.locks and not dialog.lock_ack.isVisibleTo(dialog)  # asesi still to sign
    assert dialog.name.text() == "Budi Santoso, S.T., M.Pd."
    assert dialog.registration.text() == "MET.000.004633 2020"
    assert dialog.place.text() == "Semarang" and dialog.timezone.currentData() == "WIB"
    # the signer sees what is signed: Siti's recommendation and the KUK not yet achieved
    assert dialog.outcome.text().startswith("Rekomendasi: OL")  # observasi lanjut, never BK
    assert "KUK belum tercapai: J.620100.005.02" in dialog.outcome.text()
    # ...and can read the whole record before signing (issue 12)
    content = dialog.show_content()
    assert content.isVisible() and content.finalise_button is None
    page = content.browser.toPlainText()
    assert "Siti Nurhaliza Putri" in page and "Tidak" in page  # answers as they read
    content.reject()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # empty pad: refused
    assert dialog.isVisible() and dialog.pad_error.isVisible()
    assert "kosong" in dialog.pad_error.text()
    assert services.assessments.detail(finalised).signatures == []
    draw(qtbot, dialog.pad)
    dialog.registration.setText("12345")  # not a MET number: refused, nothing signed
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isEnabled()  # the lane signs; no second click meanwhile
    qtbot.waitUntil(lambda: "MET.000.004633 2020" in dialog.error.text())
    assert dialog.isVisible() and dialog.isEnabled()
    assert services.assessments.detail(finalised).signatures == []
    dialog.registration.setText("MET.000.004633 2020")
    with qtbot.waitSignal(ceremony.detail_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert ceremony.missing_roles() == ["asesi"]
    assert services.assessments.resolve(finalised).status == "signed"

    # the assessee signs (no registration number for this role)
    dialog = ceremony.sign_role("asesi")
    assert dialog.name.text() == "Siti Nurhaliza Putri"
    assert not dialog.registration.isVisibleTo(dialog)
    dialog.timezone.setCurrentIndex(dialog.timezone.findData("WITA"))
    draw(qtbot, dialog.pad)
    # the last signature locks: the signer is told and must say so (issue 12)
    assert dialog.locks and dialog.lock_ack.isVisibleTo(dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.lock_error.isVisible()
    assert services.assessments.resolve(finalised).status == "signed"  # not locked
    dialog.lock_ack.setChecked(True)
    # another name for Siti's signature is refused, under the name (attack A, D4)
    dialog.name.setText("Bukan Siti")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "(Siti Nurhaliza Putri)" in dialog.name_error.text())
    assert dialog.isVisible() and dialog.isEnabled() and not dialog.error.text()
    assert services.assessments.resolve(finalised).status == "signed"  # not locked
    dialog.name.setText("Siti Nurhaliza Putri")
    with qtbot.waitSignal(ceremony.detail_changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    detail = services.assessments.detail(finalised)
    assert detail.row.status == "locked" and detail.missing_signers == []
    by_role = {s.role: s for s in detail.signatures}
    assert by_role["asesor"].registration_no == "MET.000.004633 2020"
    assert by_role["asesor"].place == "Semarang" and by_role["asesi"].timezone == "WITA"
    assert all(s.valid for s in detail.signatures)
    assert services.assessments.media(by_role["asesi"].media_sha256).mime == "image/png"
    assert ceremony.sign_buttons == {}  # nobody left to sign
    assert "Terkunci" in ceremony.summary.text()
    ceremony.accept()

    # locked: the window's editor is read-only and the service refuses changes
    qtbot.waitUntil(lambda: window.row.status == "locked")
    assert editor_is_read_only(window)
    assert not window.sign_action.isEnabled() and window.revise_action.isEnabled()
    with pytest.raises(StateError):
        services.assessments.answer(finalised, "umpan_balik_asesi", "diubah setelah dikunci")


def test_revision_needs_a_reason_and_history_shows_both(qtbot: Any, services: Any) -> None:
    seed_demo(services)
    rid = stable_id("demo", "assessment", "ia01-rizky")  # locked, signed by both
    window = AssessmentWindow(services, rid, "id", None, SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    assert window.revise_action.isEnabled()
    dialog = window.make_revision()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no reason: refused
    assert dialog.isVisible() and dialog.reason_error.isVisible()
    assert services.assessments.resolve(rid).is_current
    qtbot.keyClicks(dialog.reason, "Koreksi catatan umpan balik setelah klarifikasi")
    with qtbot.waitSignal(store_events().changed,  # announced: the lists follow
                          check_params_cb=lambda topics: ASSESSMENTS in topics):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    new_id = window.revision_id
    assert new_id != rid
    new = services.assessments.resolve(new_id)
    assert (new.revision, new.status, new.supersedes) == (2, "draft", 1)
    assert new.revision_reason == "Koreksi catatan umpan balik setelah klarifikasi"
    assert not editor_is_read_only(window)
    old = services.assessments.detail(rid)
    assert old.row.status == "locked" and not old.row.is_current
    assert len(old.signatures) == 2  # the signed revision stays intact

    history = window.show_history()
    model = history.model
    assert model.rowCount() == 2
    rows = [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(2)]
    assert rows[0][0] == "2" and rows[0][1] == "Draf"
    assert rows[0][2] == "Koreksi catatan umpan balik setelah klarifikasi"
    assert rows[1][0] == "1" and rows[1][1].startswith("Terkunci")
    assert "digantikan" in rows[1][1]
    assert "Asesor: Budi Santoso" in rows[1][3] and "Asesi: Rizky Aditya Pratama" in rows[1][3]
    assert rows[1][5] == old.row.content_sha256[:12]
    history.table.selectRow(1)
    assert old.row.content_sha256 in history.detail_view.text()
    history.accept()


def test_signing_a_draft_finalises_it_on_the_lane_first(qtbot: Any, services: Any,
                                                         finalised: str) -> None:
    """A half-answered draft: the ceremony does not open, the assessor is told what is
    missing, nothing changes; a complete one is finalised on the database lane and then
    the ceremony opens."""
    half = stable_id("demo", "assessment", "kmpi-draft")
    window = AssessmentWindow(services, half, "id", None, SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    assert window.open_signing() is None
    qtbot.waitUntil(lambda: any(
        w.isVisible() and "Belum dapat ditandatangani" in w.windowTitle()
        for w in window.findChildren(QMessageBox)))
    assert services.assessments.resolve(half).status == "draft"
    assert window.signing_dialog is None

    # the complete FR.IA.01 of the demo, revised: a draft with every answer given
    draft = services.assessments.revise(finalised, "Tanggal asesmen dikoreksi")
    window2 = AssessmentWindow(services, draft.id, "id", None, SyncExecutor())
    qtbot.addWidget(window2)
    window2.show()
    assert window2.open_signing() is None  # the lane finalises first
    qtbot.waitUntil(lambda: window2.signing_dialog is not None)
    assert services.assessments.resolve(draft.id).status == "complete"
    assert window2.signing_dialog is not None and window2.signing_dialog.isVisible()
