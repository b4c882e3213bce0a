"""Issue 12: enrolment by file or QR in the GUI. The laptop's "Identitas perangkat" shows
the enrolment request as a QR code with its fingerprint and saves it as a file; the
office's Perangkat page imports the file ("Impor berkas pendaftaran…"), says the
fingerprint, refuses an altered file with its message and changes nothing, and takes the
same file twice without a change. The file dialogs are the app's own helpers, replaced."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from assessor_app.bundles.enrolment import fingerprint
from assessor_app.services.runtime import Services
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.office import devices_page
from assessor_app.ui.sync import field


@pytest.fixture()
def stores(stores: tuple[Services, Services]) -> tuple[Services, Services]:
    """The laptop and office stores (conftest), each with its own assessor."""
    laptop, office = stores
    laptop.registry.add_assessor("Siti Nur'aini", is_self=True,
                                 registration_no="MET.000.123 2021")
    office.registry.add_assessor("Kantor Pusat", is_self=True)
    return stores


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _save_request(qtbot: Any, laptop_window: MainWindow, folder: Path,
                  monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Path]:
    ident = laptop_window.show_identity()
    qtbot.waitUntil(lambda: ident.save_button.isEnabled())
    monkeypatch.setattr(field, "ask_request_folder", lambda _parent: str(folder))
    click(qtbot, ident.save_button)
    qtbot.waitUntil(lambda: ident.saved_path is not None)
    assert ident.saved_path is not None
    return ident, ident.saved_path


def test_laptop_shows_the_request_as_qr_with_its_fingerprint_and_saves_it(
        qtbot: Any, stores: Any, office_window: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    laptop, _office = stores
    me = laptop.sync.identity()
    ident, path = _save_request(qtbot, office_window(laptop, "laptop"), tmp_path / "usb",
                                monkeypatch)
    want = fingerprint(base64.b64decode(me.ed25519_public), base64.b64decode(me.x25519_public))
    assert ident.fingerprint.text() == want and len(want) == 19
    pixmap = ident.qr.pixmap()
    assert not pixmap.isNull() and pixmap.width() == pixmap.height() >= 150
    # the QR code carries exactly the bytes of the saved file
    assert ident.request is not None and path.read_bytes() == ident.request.content
    assert pixmap.toImage() == field.qr_pixmap(path.read_bytes()).toImage()
    assert path.name.startswith("pendaftaran_siti-nuraini_") and path.suffix == ".json"
    request = json.loads(path.read_bytes())["request"]
    assert (request["device_id"], request["assessor_registration_no"]) == \
        (me.device_id, "MET.000.123 2021")
    assert str(path) in ident.saved_label.text()
    ident.grab().save(str(tmp_path / "identity.png"))
    ident.reject()


def test_office_imports_the_request_file_and_refuses_an_altered_one(
        qtbot: Any, stores: Any, office_window: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    laptop, office = stores
    field_assessor = office.registry.add_assessor("Siti Nuraini (kantor)",
                                                  registration_no="met.000.123  2021")
    ident, path = _save_request(qtbot, office_window(laptop, "laptop"), tmp_path / "usb",
                                monkeypatch)
    shown = ident.fingerprint.text()
    ident.reject()
    off_w = office_window(office, "office")
    off_w.set_office_mode(True)
    page = off_w.show_office_page("devices")
    assert page is off_w.devices_page and page.model.rowCount() == 0

    # an altered file (the laptop's name changed after signing): refused, nothing enrolled
    tampered = tmp_path / "pendaftaran_diubah.json"
    tampered.write_bytes(path.read_bytes().replace(b"\"device_name\":\"",
                                                   b"\"device_name\":\"X"))
    monkeypatch.setattr(devices_page, "pick_enrolment_file", lambda _parent: str(tampered))
    click(qtbot, page.enrol_file_button)
    qtbot.waitUntil(lambda: page.enrol_error.isVisible())
    assert "telah diubah" in page.enrol_error.text()
    assert page.model.rowCount() == 0 and office.sync.devices() == []
    assert not page.enrol_status.isVisible()

    # the laptop's own file: enrolled, tied to the assessor by MET number
    monkeypatch.setattr(devices_page, "pick_enrolment_file", lambda _parent: str(path))
    click(qtbot, page.enrol_file_button)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    [device] = page.model.rows()
    assert device.device_id == laptop.sync.identity().device_id
    assert device.assessor_id == field_assessor.id and device.revoked_at is None
    assert not page.enrol_error.isVisible() and page.enrol_status.isVisible()
    assert shown in page.enrol_status.text() and "terdaftar" in page.enrol_status.text()
    page.grab().save(str(tmp_path / "devices.png"))

    # the same file again: nothing changes, and the page says so
    click(qtbot, page.enrol_file_button)
    qtbot.waitUntil(lambda: "tidak ada perubahan" in page.enrol_status.text())
    assert office.sync.devices() == [device]

    # cancelled: nothing happens
    monkeypatch.setattr(devices_page, "pick_enrolment_file", lambda _parent: "")
    click(qtbot, page.enrol_file_button)
    assert office.sync.devices() == [device]
