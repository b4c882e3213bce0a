"""Data pribadi in the GUI (issue 13): the consent register and a withdrawal with its
consequences, an institution head's consent, the audit log viewer (filters, export), the
retention purge after a receipt, the breach log and its notice draft, the data-subject
report from the asesi list, views of personal data in the audit log, and stored control
characters never shown as such in lists and window titles."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from assessor_app.core.display import REPLACEMENT
from assessor_app.services.runtime import Services
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.pdp_dialog import PdpDialog, RecordConsentDialog
from assessor_app.ui.views.registry_pages import AssesseesPage, InstitutionsPage
from tests.sync.helpers import fill, finalise_and_sign

NIK = "3578015505990003"
NAME = "Dewi Kartika Sari"
UNSAFE = ["\x1b", "\x07", "\x9b", "\r", "\u202e", "\u202c", "\u2066", "\u2069"]


def _ak01(services: Services, person_id: str, signer: str = NAME) -> Any:
    if services.registry.self_assessor() is None:
        services.registry.save_self_assessor("Budi Lapangan")
    row = services.assessments.create("FR.AK.01", assessee_id=person_id)
    rng = random.Random(3)
    fill(services, row.id, rng=rng, texts=["isi"], notes=[], photos=[])
    finalise_and_sign(services, row.id, rng, signer=signer)
    return services.assessments.resolve(row.id)


def _dialog(qtbot: Any, services: Services, tab: str = "consents") -> PdpDialog:
    dialog = PdpDialog(services, "id", None, SyncExecutor(), tab)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _texts(model: Any) -> list[str]:
    return [str(model.index(r, c).data() or "") for r in range(model.rowCount())
            for c in range(model.columnCount())]


def test_withdrawing_a_consent_shows_what_follows(qtbot: Any, services: Services) -> None:
    person = services.registry.add_assessee(NAME, nik=NIK)
    _ak01(services, person.id)
    dialog = _dialog(qtbot, services)
    tab = dialog.consents
    assert tab.model.rowCount() == 1 and NAME in _texts(tab.model)
    assert "berlaku" in _texts(tab.model) and tab.withdraw_button.isEnabled()
    withdraw = tab.withdraw()
    assert withdraw is not None
    consequences = withdraw.consequences.text()
    assert "Jika persetujuan ini ditarik" in consequences
    assert f"Penilaian baru untuk {NAME} tidak dapat dimulai" in consequences
    withdraw.accept()  # no reason: refused in the form, nothing written
    assert withdraw.isVisible() and withdraw.reason_error.isVisible()
    assert services.consents.list()[0].consent.withdrawn_at is None
    qtbot.keyClicks(withdraw.reason, "Asesi mengundurkan diri")
    withdraw.accept()
    assert not withdraw.isVisible()
    c = services.consents.list()[0].consent
    assert c.withdrawn_reason == "Asesi mengundurkan diri" and c.withdrawn_by == "Budi Lapangan"
    assert withdraw.result_lines[0] == "Persetujuan ditarik. Akibatnya:"
    qtbot.waitUntil(lambda: any(t.startswith("ditarik") for t in _texts(tab.model)))
    assert not tab.withdraw_button.isEnabled()
    assert "Asesi mengundurkan diri" in tab.detail.text()
    for box in QApplication.topLevelWidgets():  # the result note
        if box.windowTitle() == "Persetujuan ditarik":
            box.close()


def test_the_register_names_methods_and_delivery_in_words(qtbot: Any, services: Services,
                                                         english: None) -> None:
    person = services.registry.add_assessee(NAME, nik=NIK)
    _ak01(services, person.id)
    dialog = PdpDialog(services, "en", None, SyncExecutor(), "consents")
    qtbot.addWidget(dialog)
    texts = _texts(dialog.consents.model)
    assert "FR.AK.01 signed" in texts and "assessee" in texts and "not sent" in texts
    assert not {"asesi", "assessees", "not started", "belum"} & set(texts)
    dialog.consents.table.selectRow(0)
    detail = dialog.consents.detail.text()
    assert "consent text: FR.AK.01" in detail and " version " in detail and "@" not in detail


def test_an_institution_heads_consent_is_recorded(qtbot: Any, services: Services) -> None:
    inst = services.registry.add_institution("LPK Cakrawala", head_name="Ir. Hartono")
    dialog = _dialog(qtbot, services)
    record = dialog.consents.record()
    assert isinstance(record, RecordConsentDialog)
    record.institution.setCurrentIndex(record.institution.findData(inst.id))
    assert record.given_by.text() == "Ir. Hartono"  # the head, from the registry
    record.accept()  # no scope: refused, stays open
    assert record.isVisible() and "cakupan persetujuan" in record.error.text()
    record.scope.setPlainText("Wawancara pimpinan dan foto sarana")
    record.accept()
    assert not record.isVisible() and record.saved is not None
    [entry] = services.consents.list(subject_id=inst.id)
    assert entry.consent.method == "manual" and entry.consent.given_by == "Ir. Hartono"
    qtbot.waitUntil(lambda: dialog.consents.model.rowCount() == 1)


def test_audit_viewer_filters_and_exports(qtbot: Any, services: Services,
                                          tmp_path: Path) -> None:
    person = services.registry.add_assessee(NAME, nik=NIK)
    other = services.registry.add_assessee("Yohanes Pratama")
    services.audit.log_access("view", "assessee", person.id, field="record")
    services.audit.log_access("view", "assessee", other.id, field="record")
    dialog = _dialog(qtbot, services, "audit")
    assert dialog.tabs.currentWidget() is dialog.audit
    tab = dialog.audit
    assert tab.model.rowCount() >= 4
    tab.person.setText(NIK)
    tab.apply()
    ids = {tab.model.row_at(r).entity_id for r in range(tab.model.rowCount())}
    assert ids == {person.id}
    tab.action.setCurrentIndex(tab.action.findData("view"))
    tab.apply()
    assert [tab.model.row_at(r).action for r in range(tab.model.rowCount())] == ["view"]
    tab.date_from.setText("kemarin")
    tab.apply()
    assert tab.error.isVisible() and "kemarin" in tab.error.text()
    assert tab.model.rowCount() == 1  # the table keeps what it showed
    tab.date_from.clear()
    tab.person.setText("Tidak Ada Orang Ini")
    tab.apply()
    assert "tidak ditemukan" in tab.error.text()
    tab.person.setText(NIK)
    tab.apply()
    target = tmp_path / "audit.xlsx"
    tab.export(target)
    sheet = load_workbook(target).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "action" and [r[5] for r in rows[1:]] == [person.id]
    assert "1 baris diekspor" in tab.count.text()
    # the export is itself an access to that person's data
    assert "export" in [e.action for e in services.audit.list() if e.entity_id == person.id]


def test_retention_tab_purges_after_the_office_receipt(qtbot: Any, stores: Any,
                                                       tmp_path: Path) -> None:
    laptop, office = stores
    laptop.registry.save_self_assessor("Budi Lapangan")
    office.registry.add_assessor("Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    pack = office.sync.create_pack(office.registry.add_assessor("Budi Lapangan").id,
                                   tmp_path / "packs")
    laptop.sync.import_pack(pack.path)  # the office's key: its receipts are trusted
    person = laptop.registry.add_assessee(NAME, nik=NIK)
    row = _ak01(laptop, person.id)
    res = laptop.sync.export(tmp_path / "usb")
    rep = office.sync.import_bundle(res.path, receipt_dir=tmp_path / "receipts")
    laptop.sync.import_receipt(rep.receipt_path)
    dialog = _dialog(qtbot, laptop, "retention")
    tab = dialog.retention
    assert tab.days.value() == 90 and "1 penilaian diterima kantor" in tab.status.text()
    assert not tab.purge_button.isEnabled()
    tab.days.setValue(0)
    tab.save_days()
    assert laptop.retention.days() == 0 and "1 penilaian siap dihapus" in tab.status.text()
    tab.purge(dry_run=True)
    assert "Uji coba: 1 penilaian" in tab.result.text()
    assert laptop.assessments.resolve(row.id).status == "locked"
    tab.purge(confirmed=False)  # "Batal": nothing happens
    assert laptop.assessments.resolve(row.id).status == "locked"
    tab.purge(confirmed=True)
    assert "1 penilaian dihapus dari laptop" in tab.result.text()
    assert "Sudah dihapus: 1 penilaian" in tab.status.text()
    assert laptop.registry.assessees() == []


def test_breach_log_and_notice_draft(qtbot: Any, services: Services, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, services, "breaches")
    tab = dialog.breaches
    assert tab.model.rowCount() == 0 and not tab.notice_button.isEnabled()
    entry = tab.edit(None)
    entry.accept()  # empty: refused
    assert entry.isVisible() and entry.error.isVisible()
    entry.edits["discovered_at"].setText("2026-11-20 08:00")  # type: ignore[union-attr]
    entry.edits["data_categories"].setText("NIK, nama, foto asesi")  # type: ignore[union-attr]
    entry.edits["description"].setPlainText("Laptop hilang di terminal")  # type: ignore[union-attr]
    entry.edits["subjects_count"].setText("12")  # type: ignore[union-attr]
    entry.accept()
    assert not entry.isVisible()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert "NIK, nama, foto asesi" in _texts(tab.model)
    target = tmp_path / "pemberitahuan.pdf"
    tab.save_notice(target)
    assert target.read_bytes().startswith(b"%PDF-")
    edit = tab.edit(tab.current())
    assert edit.value("discovered_at").startswith("2026-11-20")
    edit.edits["actions_taken"].setPlainText("Akun diblokir")  # type: ignore[union-attr]
    edit.accept()
    assert services.breaches.list()[0].actions_taken == "Akun diblokir"


def test_subject_report_from_the_asesi_list(qtbot: Any, services: Services,
                                            tmp_path: Path) -> None:
    person = services.registry.add_assessee(NAME, nik=NIK)
    _ak01(services, person.id)
    page = AssesseesPage(services, "id", None, SyncExecutor())
    qtbot.addWidget(page)
    page.show()
    page.table.selectRow(0)
    target = tmp_path / "subjek.json"
    page.subject_report(target)
    assert NIK in target.read_text(encoding="utf-8")
    assert [e.field for e in services.audit.list()
            if e.entity_id == person.id and e.action == "export"] == ["subject_report"]
    page.edit(0)  # the full record, NIK shown: a view
    assert [e.action for e in services.audit.list()
            if e.entity_id == person.id][0] == "view"
    for w in QApplication.topLevelWidgets():
        if w.windowTitle() in ("Laporan subjek data", "Ubah asesi"):
            w.close()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_opening_an_assessment_is_logged_and_names_are_shown_safely(
        qtbot: Any, services: Services, open_main_window: Any) -> None:
    inst = services.registry.add_institution("LPK Aman")
    person = services.registry.add_assessee("Budi Santoso", nik=NIK, institution_id=inst.id)
    row = services.assessments.create("FR.AK.01", assessee_id=person.id)
    evil = "Budi\x1b[31mMERAH\x1b]0;owned\x07 \u202eexe.txt\u202c\r\x9b2J"
    con = sqlite3.connect(services.paths.db_path)
    try:  # stored behind the app's back
        con.execute("UPDATE assessee SET name = ? WHERE id = ?", (evil, person.id))
        con.execute("UPDATE institution SET name = ? WHERE id = ?",
                    ("LPK \u2066Aman\u2069\x1b[2J", inst.id))
        con.execute("UPDATE assessment SET subject_name = ? WHERE id = ?", (evil, row.id))
        con.commit()
    finally:
        con.close()
    window = open_main_window(services)
    shown: list[str] = []
    for page in (window.assessees_page, window.institutions_page):
        page.refresh()
        shown += _texts(page.model)
        shown += [str(page.model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) or "")
                  for r in range(page.model.rowCount())]
    window.assessments_page.refresh()
    model = window.assessments_page.table.model()
    shown += _texts(model)
    shown += [str(model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) or "")
              for r in range(model.rowCount())]
    child = window.open_assessment(row.id)
    assert child is not None
    qtbot.waitUntil(lambda: child.editor is not None
                    and getattr(child.editor, "template", None) is not None)
    editor: Any = child.editor
    shown += [child.windowTitle(), editor.windowTitle(), editor.subject_label.text()]
    found = [t for t in shown if any(c in t for c in UNSAFE)]
    assert found == []
    assert any("MERAH" in t and REPLACEMENT in t for t in shown)
    assert "LPK " in " ".join(shown) and "Aman" in " ".join(shown)
    views = [e for e in services.audit.list() if e.action == "view"]
    assert [(e.entity, e.entity_id) for e in views] == [("assessment", row.assessment_id)]
    child.close()


def test_settings_open_the_retention_tab(qtbot: Any, services: Services,
                                         open_main_window: Any) -> None:
    window = open_main_window(services)
    settings = window.open_settings()
    assert "90 hari" in settings.retention_label.text()
    opened: list[Any] = []
    window.open_personal_data = lambda tab="consents": opened.append(tab)
    settings.personal_data_requested.disconnect()
    settings.personal_data_requested.connect(lambda: window.open_personal_data("retention"))
    qtbot.mouseClick(settings.pdp_button, Qt.MouseButton.LeftButton)
    assert opened == ["retention"] and not settings.isVisible()
    dialog = PdpDialog(services, "id", window, SyncExecutor(), "retention")
    qtbot.addWidget(dialog)
    assert dialog.tabs.currentWidget() is dialog.retention
    institutions = InstitutionsPage(services, "id", None, SyncExecutor())
    qtbot.addWidget(institutions)
    assert institutions.report_button.text().startswith("Laporan subjek")
