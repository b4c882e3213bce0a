"""The outbox and unsealed bundles on an encrypted laptop (issue 13).

A result bundle made before the laptop knows any office key cannot be sealed: it holds
NIK, names, photos and drawn signatures in a plain zip. On an encrypted laptop the export
refuses to write one unless the user says so (``encrypt=False``: the CLI's ``--plain``,
the GUI's confirmation), and the copy kept in the outbox is always encrypted with a key
derived from the database key, whatever the bundle; ``resend`` decrypts it to a target.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from assessor_app.core.errors import StateError
from assessor_app.messages import describe
from assessor_app.paths import AppPaths
from assessor_app.services.demo import ASSESSEES, seed_demo
from assessor_app.services.runtime import Services, open_services
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AuditRow, OutboxBundleRow
from tests.helpers import lying_disk

JFIF = b"\xff\xd8\xff\xe0\x00\x10JFIF"


def _personal() -> list[bytes]:
    _key, name, nik, *_rest = ASSESSEES[0]
    return [nik.encode(), name.encode(), JFIF, b"PK\x03\x04"]


def _trust(office: Services, laptop: Services, packs: Path) -> None:
    office.registry.add_assessor("Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    me = office.registry.add_assessor("Budi Lapangan")
    laptop.sync.import_pack(office.sync.create_pack(me.id, packs).path)


def _counts(services: Services) -> tuple[int, int]:
    with read_session(services.store.engine) as s:
        return (len(s.exec(OutboxBundleRow.__table__.select()).all()),  # type: ignore[attr-defined]
                len(s.exec(AuditRow.__table__.select()).all()))  # type: ignore[attr-defined]


def test_unsealed_export_is_refused_unless_asked_for_and_changes_nothing(
        encrypted: str, tmp_path: Path) -> None:
    laptop = open_services(AppPaths(tmp_path / "laptop"))
    try:
        seed_demo(laptop)
        before = _counts(laptop)
        usb = tmp_path / "usb"
        with pytest.raises(StateError) as info:
            laptop.sync.export(usb)
        assert info.value.code == "export.unsealed"
        words = describe(info.value, "id")
        assert "tanpa enkripsi" in words and "paket tugas" in words and "--plain" in words
        assert "without encryption" in describe(info.value, "en")
        assert _counts(laptop) == before
        assert not usb.exists() or not list(usb.iterdir())
        assert not any(laptop.paths.outbox_dir.iterdir())
        with pytest.raises(StateError) as info:  # sealing required: still no office key
            laptop.sync.export(usb, encrypt=True)
        assert info.value.code == "export.no_office_key"
    finally:
        laptop.close(clean=True)


def test_outbox_copies_are_encrypted_and_resent_decrypted(
        encrypted: str, tmp_path: Path) -> None:
    laptop = open_services(AppPaths(tmp_path / "laptop"))
    office = open_services(AppPaths(tmp_path / "office"))
    try:
        seed_demo(laptop)
        plain = laptop.sync.export(tmp_path / "usb", encrypt=False)  # asked for: plain zip
        assert plain.path is not None and plain.outbox_path is not None
        assert zipfile.is_zipfile(plain.path) and plain.encrypted_to is None
        copy = plain.outbox_path
        assert copy.parent == laptop.paths.outbox_dir and copy.name.endswith(".zip.enc")
        stored = copy.read_bytes()
        for needle in _personal():
            assert needle not in stored, needle
        assert [p.name for p in laptop.paths.outbox_dir.iterdir()] == [copy.name]

        with pytest.raises(StateError) as info:  # not sealed: only when asked for again
            laptop.sync.resend(plain.bundle_id or "", tmp_path / "usb2")
        assert info.value.code == "outbox.unsealed" and not (tmp_path / "usb2").exists()
        assert "--plain" in describe(info.value, "id")
        again = laptop.sync.resend(plain.bundle_id or "", tmp_path / "usb2", plain=True)
        assert again.path is not None and again.path.parent == tmp_path / "usb2"
        assert hashlib.sha256(again.path.read_bytes()).hexdigest() == plain.sha256
        assert again.seq == plain.seq and again.bundle_id == plain.bundle_id
        by_seq = laptop.sync.resend(str(plain.seq), tmp_path / "usb3" / "lagi.zip",
                                    plain=True)
        assert by_seq.path == tmp_path / "usb3" / "lagi.zip"

        # a copy swapped for another bundle's (or edited) is refused, nothing written
        _trust(office, laptop, tmp_path / "packs")
        sealed = laptop.sync.export(tmp_path / "usb4")  # now sealed to the office
        assert sealed.encrypted_to is not None and sealed.outbox_path is not None
        assert sealed.outbox_path.name.endswith(".zip.enc")
        original = copy.read_bytes()
        copy.write_bytes(sealed.outbox_path.read_bytes())
        with pytest.raises(StateError) as info:
            laptop.sync.resend(plain.bundle_id or "", tmp_path / "usb5", plain=True)
        assert info.value.code == "outbox.unreadable"
        assert not (tmp_path / "usb5").exists()
        copy.write_bytes(original)

        # the office imports the re-sent file; its receipt removes the encrypted copy
        report = office.sync.import_bundle(again.path, receipt_dir=tmp_path / "receipts")
        assert report.ok and report.receipt_path is not None
        laptop.sync.import_receipt(report.receipt_path)
        assert not copy.exists() and sealed.outbox_path.exists()
        with pytest.raises(StateError) as info:
            laptop.sync.resend(plain.bundle_id or "", tmp_path / "usb6", plain=True)
        assert info.value.code == "outbox.gone"
    finally:
        laptop.close(clean=True)
        office.close(clean=True)


def test_plain_outbox_of_an_older_version_is_encrypted_at_the_next_start(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths(tmp_path / "laptop")
    laptop = open_services(paths)  # the suite's plain store: as before encryption
    try:
        seed_demo(laptop)
        old = laptop.sync.export(tmp_path / "usb")
        assert old.outbox_path is not None and old.outbox_path.name.endswith(".zip")
        assert zipfile.is_zipfile(old.outbox_path)  # a plain store keeps a plain copy
    finally:
        laptop.close(clean=True)
    secret = tmp_path / "pp.txt"
    secret.write_text("kata sandi lapangan baru\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
    laptop = open_services(paths)  # encrypts the database in place, then the outbox
    try:
        assert laptop.store.encrypted
        names = [p.name for p in paths.outbox_dir.iterdir()]
        assert names == [old.outbox_path.name + ".enc"]
        for needle in _personal():
            assert needle not in (paths.outbox_dir / names[0]).read_bytes()
        resent = laptop.sync.resend(old.bundle_id or "", tmp_path / "usb2", plain=True)
        assert resent.path is not None
        assert hashlib.sha256(resent.path.read_bytes()).hexdigest() == old.sha256
    finally:
        laptop.close(clean=True)


def test_an_encrypted_outbox_copy_that_reads_back_wrong_records_nothing(
        encrypted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byte changed on the laptop's own disk: the sealed copy no longer opens, which is
    the outbox's read-back failing (``outbox.verify_failed``), not a damaged outbox."""
    import assessor_app.services.sync_export as sync_export
    from assessor_app.core.errors import StorageError

    laptop = open_services(AppPaths(tmp_path / "laptop"))
    try:
        seed_demo(laptop)
        before = _counts(laptop)
        usb = tmp_path / "usb"

        bad_disk = lying_disk(lambda folder: folder == laptop.paths.outbox_dir)
        monkeypatch.setattr(sync_export, "stage_write", bad_disk)
        with pytest.raises(StorageError) as info:
            laptop.sync.export(usb, encrypt=False)
        assert info.value.code == "outbox.verify_failed"
        assert _counts(laptop) == before
        assert list(laptop.paths.outbox_dir.iterdir()) == []
        assert not usb.exists() or list(usb.iterdir()) == []
    finally:
        laptop.close(clean=True)
