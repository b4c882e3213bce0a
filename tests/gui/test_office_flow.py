"""End to end through the GUI with two stores: a laptop and an office (issue 5).

The laptop finalises and signs an assessment and shows its identity; the office enrols it
on the Perangkat page and makes an assignment pack; the laptop imports the pack (the
office key is trusted) and sends its results through "Kirim hasil" to a folder (the USB
stick); the office imports the bundle on the Impor page (1 new), imports it again
(duplicate), saves the CSV report, and approves the assessment on the Tinjauan page; the
laptop imports the receipt. A second test makes two laptops disagree and resolves the
conflict on the Konflik page.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from assessor_app.services.review import ReviewService
from assessor_app.services.runtime import Services
from assessor_app.ui.tasks import OUTBOX, store_events
from tests.sync.conftest import make_services
from tests.sync.helpers import export_one, fill, finalise_and_sign, photo


def _finalised(laptop: Services, name: str = "LPK Maju Jaya", seed: int = 1) -> Any:
    if laptop.registry.self_assessor() is None:
        laptop.registry.add_assessor("Budi Lapangan", is_self=True)
    inst = laptop.registry.add_institution(name)
    row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
    rng = random.Random(seed)
    fill(laptop, row.id, rng=rng, texts=["catatan"], notes=["n"], photos=[photo(20, 10, (9, 9, 9))])
    finalise_and_sign(laptop, row.id, rng, signer="Budi Lapangan")
    return laptop.assessments.resolve(row.id)


def cell(table: Any, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return str(item.text())


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_laptop_to_office_and_back_through_the_gui(qtbot: Any, stores: Any, tmp_path: Path,
                                                   office_window: Any) -> None:
    laptop, office = stores
    row = _finalised(laptop)
    assert row.status in ("signed", "locked")
    office.registry.add_assessor("Sari Kantor", is_self=True)
    field_assessor = office.registry.add_assessor("Budi Lapangan")
    usb = tmp_path / "usb"
    lap_w = office_window(laptop, "laptop")
    off_w = office_window(office, "office")

    # --- the laptop shows its identity; the key is copied for the office
    ident = lap_w.show_identity()
    key = ident.public_key.text()
    assert len(key) == 44 and ident.device_id.text() == laptop.sync.identity().device_id
    click(qtbot, ident.copy_button)
    assert QGuiApplication.clipboard().text() == key
    ident.reject()

    # --- the office enrols it on the Perangkat page
    off_w.set_office_mode(True)
    devices = off_w.show_office_page("devices")
    assert devices is off_w.devices_page and off_w.pages.currentWidget() is devices
    enrol = off_w.devices_page.enrol()
    click(qtbot, enrol.ok_button)  # empty: refused inline
    assert enrol.isVisible() and enrol.key_error.isVisible()
    qtbot.keyClicks(enrol.key, "bukan-kunci")
    qtbot.keyClicks(enrol.name, "Laptop Budi")
    click(qtbot, enrol.ok_button)
    assert enrol.isVisible() and "kunci publik tidak sah" in enrol.key_error.text()
    enrol.key.clear()
    qtbot.keyClicks(enrol.key, key)
    enrol.assessor.setCurrentIndex(enrol.assessor.findData(field_assessor.id))
    click(qtbot, enrol.ok_button)
    qtbot.waitUntil(lambda: off_w.devices_page.model.rowCount() == 1)
    [device] = off_w.devices_page.model.rows()
    assert (device.name, device.assessor_id) == ("Laptop Budi", field_assessor.id)

    # --- an assignment pack for the assessor; the laptop imports it
    off_w.devices_page.table.selectRow(0)
    pack = off_w.devices_page.create_pack()
    assert pack.assessor.currentData() == field_assessor.id
    pack.target.setText(str(usb))
    click(qtbot, pack.ok_button)
    assert pack.created is not None and pack.created.path.is_file()
    assert "Paket tugas dibuat" in pack.status.text()
    pack.reject()
    with qtbot.waitSignal(lap_w.field_sync.finished):
        lap_w.field_sync.import_pack(pack.created.path)
    assert "dipercaya" in lap_w.field_sync.last_text
    assert lap_w.field_sync.last_box is not None
    lap_w.field_sync.last_box.close()

    # --- Kirim hasil: export to the stick, verified, outbox, eject
    send = lap_w.send_results()
    assert send.model.rowCount() == 1 and "1 revisi" in send.pending_label.text()
    assert "dienkripsi" in send.seal_label.text()
    assert not send.send_button.isEnabled()  # no folder yet
    send.target.setText(str(usb))
    with qtbot.waitSignal(store_events().changed, check_params_cb=lambda t: OUTBOX in t):
        click(qtbot, send.send_button)
    result = send.exported
    assert result is not None and result.path is not None and result.path.is_file()
    assert result.path.parent == usb and result.encrypted_to
    assert send.done_box.isVisible()
    text = send.done_text.text()
    assert str(result.path) in text and "Diverifikasi" in text and "outbox" in text
    assert "Eject" in send.eject_text.text()
    assert result.outbox_path is not None and result.outbox_path.is_file()
    assert lap_w.settings.send_dir == str(usb)
    send.reject()

    # --- the office imports it on the Impor page: 1 new; again: already imported
    page = off_w.import_page
    off_w.show_office_page("import")
    receipts = tmp_path / "receipts"
    page.receipt_dir.setText(str(receipts))
    assert page.import_files([result.path]) == 1
    counts = page.counts()
    assert (counts.get("file_imported"), counts.get("new")) == (1, 1)
    assert page.model.rowCount() == 1
    assert page.model.text(0, 1) == "Baru" and page.model.text(0, 2) == "LPK Maju Jaya"
    assert "1 baru" in page.summary.text()
    receipt = next(receipts.glob("receipt-*.zip"))
    auto = page.last_report_path  # every import batch leaves its CSV in the data folder
    assert auto is not None and auto.parent == office.paths.data_dir / "imports"
    assert "LPK Maju Jaya" in auto.read_text(encoding="utf-8-sig")
    assert str(auto) in page.saved_label.text()
    page.import_files([usb])  # a folder: its result bundles (hasil_*.zip)
    counts = page.counts()
    assert (counts.get("file_imported"), counts.get("file_duplicate")) == (1, 1)
    assert page.model.text(1, 1) == "Sudah diimpor"
    assert "sudah diimpor sebelumnya" in page.model.text(1, 5)
    report_csv = tmp_path / "laporan.csv"
    page.save_csv(report_csv)
    with open(report_csv, encoding="utf-8-sig", newline="") as f:
        lines = list(csv.DictReader(f))
    assert [(r["status"], r["outcome"]) for r in lines] == [("imported", "new"),
                                                          ("duplicate", "")]
    assert office.assessments.resolve(row.assessment_id).status == row.status

    # the imported assessment shows in the office's lists (through the store-change bus),
    # and the Perangkat page the laptop's last bundle
    qtbot.waitUntil(lambda: off_w.assessments_page.model.row_of(row.id) >= 0)
    qtbot.waitUntil(lambda: off_w.devices_page.model.text(0, 4) == "1")

    # --- the office approves it on the Tinjauan page
    review_page = off_w.show_office_page("review")
    assert review_page is off_w.review_page
    qtbot.waitUntil(lambda: off_w.review_page.select(row.assessment_id))
    panel = off_w.review_page.panel
    assert panel.assessment_id == row.assessment_id and panel.reviewer.text() == "Sari Kantor"
    panel.choose("disetujui")
    click(qtbot, panel.save_button)
    current = ReviewService(office.store.engine).current(row.assessment_id)
    assert current is not None and (current.status, current.reviewer) == ("disetujui",
                                                                          "Sari Kantor")
    assert panel.history_model.rowCount() == 1
    col = off_w.review_page.model.columnCount()
    qtbot.waitUntil(lambda: "Disetujui" in [off_w.review_page.model.text(0, c)
                                            for c in range(col)])
    # ... and the assessment list shows it in its review column
    reviewed: Any = off_w.review_model
    assert reviewed is not None
    assert off_w.assessments_page.table.model() is off_w.review_model
    rows = [r for r in range(reviewed.rowCount())
            if off_w.assessments_page.model.row_at(r).assessment_id == row.assessment_id]
    qtbot.waitUntil(lambda: reviewed.index(rows[0], reviewed.review_column).data()
                    == "Disetujui")

    # --- the laptop imports the receipt: received, the outbox copy goes
    with qtbot.waitSignal(lap_w.field_sync.finished), \
            qtbot.waitSignal(store_events().changed, check_params_cb=lambda t: OUTBOX in t):
        lap_w.field_sync.import_receipt(receipt)
    assert "1 revisi penilaian dinyatakan diterima kantor" in lap_w.field_sync.last_text
    assert not result.outbox_path.exists()
    assert laptop.sync.pending() == []


def test_conflict_is_shown_side_by_side_and_resolved(qtbot: Any, tmp_path: Path,
                                                     golden_data_dir: Path,
                                                     office_window: Any) -> None:
    office = make_services(tmp_path, name="office", golden=golden_data_dir)
    a = make_services(tmp_path, name="a", golden=golden_data_dir)
    row = _finalised(a, "LPK Konflik")
    a.store.close()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "assessor.db").write_bytes((tmp_path / "a" / "assessor.db").read_bytes())
    a = make_services(tmp_path, name="a")
    b = make_services(tmp_path, name="b")
    try:
        bundles = []
        # b is a restored copy of a (same device key): its bundles must follow a's in the
        # device's sequence, so it sends one bundle (never imported here) first
        export_one(b, tmp_path / "usb-b-earlier")
        for name, lap in (("a", a), ("b", b)):
            office.sync.enrol_device(lap.sync.identity().ed25519_public, f"laptop {name}")
            r2 = lap.assessments.revise(row.id, f"koreksi {name}")
            lap.assessments.answer(r2.id, "nama_lpk", f"LPK versi {name}")
            finalise_and_sign(lap, r2.id, random.Random(2), signer="Budi Lapangan")
            bundles.append(export_one(lap, tmp_path / f"usb-{name}"))
        window = office_window(office, "office")
        page = window.show_office_page("import")
        assert page is window.import_page
        page.import_files(bundles)
        assert page.counts().get("conflict") == 1
        assert page.conflicts_button.isVisible()
        assert any(page.model.text(r, 1) == "Konflik" for r in range(page.model.rowCount()))
        # the Konflik page and its badge follow the import through the store-change bus
        qtbot.waitUntil(lambda: window.office_items["conflicts"].text() == "Konflik (1)")

        click(qtbot, page.conflicts_button)
        conflicts = window.conflicts_page
        assert window.pages.currentWidget() is conflicts
        assert conflicts.model.rowCount() == 1
        assert conflicts.compare_panel.isVisible() and not conflicts.empty_label.isVisible()
        cmp = conflicts.comparison
        assert cmp is not None and cmp.stored is not None
        side = {cell(conflicts.side, r, 0): (cell(conflicts.side, r, 1),
                                             cell(conflicts.side, r, 2))
                for r in range(conflicts.side.rowCount())}
        assert side["Alasan revisi"] == ("koreksi a", "koreksi b")
        assert side["Sidik isi (SHA-256)"][0] != side["Sidik isi (SHA-256)"][1]
        assert side["Subjek"] == ("LPK Konflik", "LPK Konflik")
        changes = [(cell(conflicts.changes, r, 1), cell(conflicts.changes, r, 2))
                   for r in range(conflicts.changes.rowCount())]
        assert ("LPK versi a", "LPK versi b") in changes

        qtbot.keyClicks(conflicts.note, "dicek dengan asesor lewat telepon")
        click(qtbot, conflicts.take_button)
        qtbot.waitUntil(lambda: conflicts.model.rowCount() == 0)
        assert conflicts.empty_label.isVisible()
        assert not conflicts.compare_panel.isVisible()  # nothing left to compare
        assert office.sync.conflicts() == []
        [done] = office.sync.conflicts(include_resolved=True)
        assert (done.resolution, done.note) == ("took_incoming", "dicek dengan asesor lewat "
                                                                 "telepon")
        assert office.assessments.resolve(row.assessment_id).revision_reason == "koreksi b"
        assert window.office_items["conflicts"].text() == "Konflik"
        conflicts.show_resolved.setChecked(True)
        assert conflicts.model.rowCount() == 1 and conflicts.compare_panel.isVisible()
        assert "yang masuk diambil" in conflicts.decision_label.text()
        assert not conflicts.take_button.isEnabled()
    finally:
        a.store.close()
        b.store.close()
        office.store.close()


def test_dropped_files_and_an_old_bundle_imported_on_confirmation(
        qtbot: Any, stores: Any, tmp_path: Path, office_window: Any) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent
    from PySide6.QtWidgets import QMessageBox

    laptop, office = stores
    _finalised(laptop)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    first = export_one(laptop, tmp_path / "usb1")
    second = export_one(laptop, tmp_path / "usb2")  # no receipt yet: sent again, seq 2
    window = office_window(office, "office")
    page = window.show_office_page("import")
    assert page is window.import_page

    def drop(paths: list[Path]) -> None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
        event = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        page.drop_zone.dropEvent(event)

    drop([second])
    drop([first])  # older than the last seen from this laptop: refused for now
    assert page.counts().get("file_rejected") == 1
    assert page.model.reports()[-1].code == "bundle.rollback"
    assert "bundel lama" in page.model.text(page.model.rowCount() - 1, 5)
    assert page.old_button.isVisible()
    box = page.confirm_old_bundles()
    assert isinstance(box, QMessageBox)
    [yes] = [b for b in box.buttons() if b.text() == "Impor bundel lama"]
    click(qtbot, yes)
    report = page.model.reports()[-1]
    assert (report.file, report.status) == (first.name, "imported")
    assert [w.code for w in report.warnings] == ["import.old_bundle_accepted"]
    assert "bundel lama diterima atas konfirmasi" in page.model.text(
        page.model.rowCount() - 1, 5)
    assert not page.old_button.isVisible()
