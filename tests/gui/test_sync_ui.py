"""Field side of sync by file in the GUI: "Kirim hasil" (nothing to send, a bad target, a
second send while the first waits for its receipt), "Identitas perangkat", and refused or
repeated receipts and packs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

import assessor_app.services.sync_export as sync_export
from assessor_app.services.demo import seed_demo
from assessor_app.services.runtime import Services
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.sync.field import DeviceIdentityDialog
from assessor_app.ui.sync.send_dialog import SendResultsDialog
from assessor_app.ui.tasks import SyncExecutor
from tests.helpers import lying_disk
from tests.sync.conftest import make_services


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.fixture()
def window(qtbot: Any, services: Any, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(services, "id", settings=AppSettings(tmp_path / "s.ini"),
                   executor=SyncExecutor())
    qtbot.addWidget(w)
    w.show()
    yield w
    for box in _boxes():
        box.close()


def test_nothing_to_send_is_said_plainly(qtbot: Any, window: MainWindow) -> None:
    dialog = window.send_results()
    assert isinstance(dialog, SendResultsDialog)
    assert dialog.model.rowCount() == 0 and not dialog.table.isVisibleTo(dialog)
    assert "Tidak ada penilaian final" in dialog.pending_label.text()
    dialog.target.setText("/tmp")
    assert not dialog.send_button.isEnabled()
    assert "Kunci kantor belum ada" in dialog.seal_label.text()
    dialog.reject()


def test_send_refuses_a_bad_target_then_sends_twice(
        qtbot: Any, services: Any, window: MainWindow, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    seed_demo(services)
    pending = len(services.sync.pending())
    assert pending > 0
    dialog = window.send_results()
    assert dialog.model.rowCount() == pending
    blocker = tmp_path / "berkas-biasa"
    blocker.write_text("bukan folder")
    dialog.target.setText(str(blocker / "sub"))  # a folder cannot be made under a file
    click(qtbot, dialog.send_button)
    assert dialog.error.isVisible() and "tujuan ekspor" in dialog.error.text()
    # refused before anything was made: nothing in the outbox, and the dialog says so
    assert "Tidak ada bundel yang dibuat" in dialog.error.text()
    assert "outbox" not in dialog.error.text()
    assert dialog.exported is None and len(services.sync.outbox()) == 0

    # a stick that gives back other bytes than were written: the bundle was made and
    # recorded, and the dialog says where it is kept
    # (the laptop's own disk, the outbox, does not lie)
    lying_stick = lying_disk(lambda folder: folder.name != "outbox")
    monkeypatch.setattr(sync_export, "stage_write", lying_stick)
    dialog.target.setText(str(tmp_path / "usb-rusak"))
    click(qtbot, dialog.send_button)
    assert "tidak cocok saat dibaca ulang" in dialog.error.text()
    assert "outbox" in dialog.error.text()  # the bundle made is kept there
    assert dialog.exported is None and len(services.sync.outbox()) == 1
    assert not (tmp_path / "usb-rusak").exists()  # not its temp file, nor the folder made
    qtbot.waitUntil(lambda: "1 bundel sebelumnya" in dialog.outbox_label.text())
    monkeypatch.undo()
    dialog.target.setText(str(tmp_path / "usb"))
    click(qtbot, dialog.send_button)
    first = dialog.exported
    assert first is not None and first.path is not None and first.seq == 2
    # the same name as the CLI's: who (the demo's assessor), what (several institutions), when
    day = dt.datetime.now().astimezone().strftime("%Y%m%d")
    assert first.path.name == \
        f"hasil_budi-santoso_beberapa-lokasi_{day}_000002-{first.bundle_id[:8]}.zip"
    assert len(first.records) == pending and not dialog.send_button.isVisible()
    dialog.reject()

    # no receipt yet: the next send says so and sends the same revisions again
    again = window.send_results()
    assert again.outbox_label.isVisibleTo(again)
    assert "2 bundel sebelumnya menunggu tanda terima" in again.outbox_label.text()
    assert again.target.text() == str(tmp_path / "usb")  # remembered
    click(qtbot, again.send_button)
    assert again.exported is not None and again.exported.seq == 3
    again.reject()


def test_identity_dialog_before_any_office(qtbot: Any, services: Any) -> None:
    dialog = DeviceIdentityDialog(services, "id", None, SyncExecutor())
    qtbot.addWidget(dialog)
    dialog.show()
    me = services.sync.identity()
    assert dialog.device_id.text() == me.device_id
    assert dialog.public_key.text() == me.ed25519_public and dialog.public_key.isReadOnly()
    assert "belum ada" in dialog.offices_label.text()
    assert "Tidak ada bundel" in dialog.outbox_label.text()


def test_foreign_receipt_and_repeated_pack(qtbot: Any, services: Any, window: MainWindow,
                                          tmp_path: Path, golden_data_dir: Path) -> None:
    garbage = tmp_path / "receipt-x.zip"
    garbage.write_bytes(b"PK\x03\x04 rusak")
    window.field_sync.import_receipt(garbage)
    qtbot.waitUntil(lambda: bool(_boxes()))
    [box] = _boxes()
    assert box.icon() == QMessageBox.Icon.Warning  # a plain message, not the crash dialog
    assert window.field_sync.last_text == ""
    box.close()

    office: Services = make_services(tmp_path, name="office", golden=golden_data_dir)
    try:
        office.registry.add_assessor("Kantor", is_self=True)
        office.sync.enrol_device(services.sync.identity().ed25519_public, "Laptop")
        person = office.registry.add_assessor("Budi")
        pack = office.sync.create_pack(person.id, tmp_path / "usb")
    finally:
        office.store.close()
    with qtbot.waitSignal(window.field_sync.finished):
        window.field_sync.import_pack(pack.path)
    assert "Paket tugas diimpor" in window.field_sync.last_text
    assert "asesor 1" in window.field_sync.last_text and "dipercaya" in window.field_sync.last_text
    for box in _boxes():
        box.close()
    with qtbot.waitSignal(window.field_sync.finished):
        window.field_sync.import_pack(pack.path)
    assert "sudah pernah diimpor" in window.field_sync.last_text
    ident = window.show_identity()
    assert "dipercaya sejak" in ident.offices_label.text()
    ident.reject()


@pytest.fixture()
def encrypted_laptop(encrypted: str, tmp_path: Path) -> Iterator[Services]:
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(tmp_path / "enc"))
    try:
        seed_demo(services)
        yield services
    finally:
        services.close(clean=True)


def test_unsealed_send_asks_first_and_writes_nothing_when_declined(
        qtbot: Any, encrypted_laptop: Services, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    import assessor_app.ui.sync.send_dialog as send_mod

    asked: list[str] = []
    answers = iter([False, True])

    def confirm(_parent: Any, title: str, text: str, yes: str, _no: Any = None) -> bool:
        asked.append(text)
        return next(answers)

    monkeypatch.setattr(send_mod, "confirm", confirm)
    dialog = SendResultsDialog(encrypted_laptop, "id", None, executor=SyncExecutor())
    qtbot.addWidget(dialog)
    dialog.show()
    assert "tanpa enkripsi" in dialog.seal_label.text()
    usb = tmp_path / "usb"
    dialog.target.setText(str(usb))
    click(qtbot, dialog.send_button)  # declined: nothing written anywhere
    assert len(asked) == 1 and "NIK" in asked[0] and str(usb) in asked[0]
    assert dialog.exported is None and not dialog.error.isVisible()
    assert not usb.exists() and encrypted_laptop.sync.outbox() == []
    assert dialog.send_button.isEnabled()
    click(qtbot, dialog.send_button)  # confirmed: a plain bundle, an encrypted outbox copy
    assert len(asked) == 2
    result = dialog.exported
    assert result is not None and result.path is not None and result.encrypted_to is None
    assert result.path.parent == usb and result.outbox_path is not None
    assert result.outbox_path.name.endswith(".zip.enc")
    assert "tidak dienkripsi" in dialog.done_text.text()
    dialog.reject()
