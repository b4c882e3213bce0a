"""Encryption at rest (issue 13): SQLCipher database, key file, passphrase, keyring,
in-place encryption of a plain database, recovery through the office, file modes.

The suite runs plain (tests/conftest.py); every test here turns encryption on with the
``encrypted`` fixture (cheap Argon2id parameters, keyring off unless a test installs the
in-memory one)."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from assessor_app.core import keys
from assessor_app.core.errors import StateError, StorageError
from assessor_app.core.keys import KeyAccessError, Throttle
from assessor_app.messages import describe
from assessor_app.paths import AppPaths
from assessor_app.services import keys as key_service
from assessor_app.services.runtime import Services, open_services
from assessor_app.storage import backup as backup_mod
from assessor_app.storage.db import SQLITE_MAGIC, is_plain_sqlite_file, make_engine, sqlite_url
from assessor_app.storage.store import open_store
from tests.helpers import NIK, add_asesi, memory_keyring

NAME = "Nur Aini Rahmawati"
JFIF = b"\xff\xd8\xff\xe0\x00\x10JFIF"  # the start of every JPEG Pillow writes


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def _write_passphrase(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    f = tmp_path / f"pp-{abs(hash(text))}.txt"
    f.write_text(text + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(f))


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in _files(root)
            if not p.name.endswith(".log")}


# ------------------------------------------------------------------ the database file


def test_new_data_folder_is_encrypted_and_only_the_passphrase_opens_it(
        encrypted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths(tmp_path / "data")
    services = open_services(paths)
    try:
        assert services.store.encrypted
        add_asesi(services)
    finally:
        services.close(clean=True)
    assert paths.keyfile_path.is_file()
    assert paths.db_path.read_bytes()[:16] != SQLITE_MAGIC
    with pytest.raises(sqlite3.DatabaseError):  # the plain sqlite3 module cannot read it
        sqlite3.connect(paths.db_path).execute("SELECT * FROM sqlite_master").fetchall()

    before = _snapshot(paths.data_dir)
    _write_passphrase(tmp_path, monkeypatch, "bukan kata sandinya")
    with pytest.raises(KeyAccessError) as info:
        open_services(paths)
    assert info.value.code == "key.wrong"
    assert describe(info.value, "id") == "kata sandi salah; tidak ada yang diubah"
    assert describe(info.value, "en") == "wrong passphrase; nothing was changed"
    after = _snapshot(paths.data_dir)
    assert {k: v for k, v in after.items() if not k.endswith(".attempts")} == before

    _write_passphrase(tmp_path, monkeypatch, encrypted)
    again = open_services(paths)
    try:
        assert [a.nik for a in again.registry.assessees()] == [NIK]
    finally:
        again.close(clean=True)
    assert not paths.key_attempts_path.exists()  # a right passphrase resets the count


def test_nothing_personal_in_the_database_wal_backups_outbox_logs_or_temp_files(
        encrypted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Done means (issue 13): a NIK, a name and JPEG bytes are nowhere in plain bytes."""
    import tempfile

    from assessor_app.logs import setup_logging
    from assessor_app.services.demo import ASSESSEES, seed_demo

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    paths = AppPaths(tmp_path / "laptop")
    setup_logging(paths.ensure().log_dir)
    office_paths = AppPaths(tmp_path / "office")
    office = open_services(office_paths)
    laptop = open_services(paths)
    try:
        seed_demo(laptop)
        # before any assignment pack the laptop knows no office key: a bundle cannot be
        # sealed, so it is refused unless asked for; the outbox copy is encrypted anyway
        with pytest.raises(StateError) as info:
            laptop.sync.export(tmp_path / "usb-early")
        assert info.value.code == "export.unsealed"
        early = laptop.sync.export(tmp_path / "usb-early", encrypt=False)
        assert early.encrypted_to is None and early.outbox_path is not None
        assert early.outbox_path.is_file()
        office.registry.add_assessor("Kantor", is_self=True)
        office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        me = office.registry.add_assessor("Budi Lapangan")
        laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)
        exported = laptop.sync.export(tmp_path / "usb")
        assert exported.encrypted_to is not None and exported.outbox_path is not None
        assert exported.outbox_path.is_file()
        assert len(list(paths.outbox_dir.iterdir())) == 2  # the early and the sealed copy
        laptop.maintenance.backup(reason="manual")
        _, name, nik, *_rest = ASSESSEES[0]
        needles = [nik.encode(), name.encode(), name.encode("utf-16-le"), JFIF]
        wal = paths.db_path.with_name(paths.db_path.name + "-wal")
        assert wal.is_file() and wal.stat().st_size > 0  # checked while the WAL is live
        open_files = _files(paths.data_dir) + _files(temp)
        for path in open_files:
            data = path.read_bytes()
            for needle in needles:
                assert needle not in data, f"{needle!r} in {path}"
    finally:
        laptop.close(clean=True)
        office.close(clean=True)
    kinds = {p.parent.name for p in _files(paths.data_dir)}
    assert {"backups", "logs"} <= kinds
    for path in _files(paths.data_dir) + _files(temp):
        data = path.read_bytes()
        assert not data.startswith(SQLITE_MAGIC), path
        for needle in needles:
            assert needle not in data, f"{needle!r} in {path}"


def test_encrypted_database_needs_its_key_and_refuses_another(
        encrypted: str, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    open_services(paths).close(clean=True)
    db_before = paths.db_path.read_bytes()
    with pytest.raises(KeyAccessError) as info:
        open_store(paths)  # no key: never "db.corrupt" (which would offer a restore)
    assert info.value.code == "key.needed"
    with pytest.raises(KeyAccessError) as info:
        open_store(paths, key=os.urandom(32))
    assert info.value.code == "key.db_mismatch"
    assert "berkas kunci tidak membuka basis data" in describe(info.value, "id")
    assert paths.db_path.read_bytes() == db_before
    assert not paths.lock_path.exists()  # the lock was released
    paths.keyfile_path.rename(tmp_path / "elsewhere.key")
    with pytest.raises(KeyAccessError) as info:
        key_service.database_key(paths)
    assert info.value.code == "key.no_file"


def test_backups_are_encrypted_with_the_same_key_and_restore(
        encrypted: str, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    services = open_services(paths)
    try:
        add_asesi(services)
        copy = services.maintenance.backup(reason="manual")
        key = services.store.key
        assert key is not None
        services.registry.add_institution("LPK Setelah Cadangan")
    finally:
        services.close(clean=True)
    assert not is_plain_sqlite_file(copy)
    with pytest.raises(StorageError) as info:
        backup_mod.verify_database_file(copy)  # without the key it is nobody's database
    assert info.value.code == "restore.not_ours"
    with pytest.raises(StorageError) as info:
        backup_mod.verify_database_file(copy, os.urandom(32))
    assert info.value.code == "restore.wrong_key"
    assert backup_mod.verify_database_file(copy, key) >= 1

    from assessor_app.services.maintenance import restore

    pre = restore(paths, copy, key=key)
    assert pre is not None and not is_plain_sqlite_file(pre)
    reopened = open_services(paths)
    try:
        assert [i.name for i in reopened.registry.institutions()] == []
        assert [a.nik for a in reopened.registry.assessees()] == [NIK]
    finally:
        reopened.close(clean=True)


def test_pragmas_hold_under_sqlcipher(encrypted: str, tmp_path: Path) -> None:
    from assessor_app.storage.db import run_pragma

    key = os.urandom(32)
    engine = make_engine(sqlite_url(tmp_path / "x.db"), key=key)
    try:
        assert run_pragma(engine, "PRAGMA journal_mode") == [("wal",)]
        assert run_pragma(engine, "PRAGMA synchronous") == [(2,)]
        assert run_pragma(engine, "PRAGMA foreign_keys") == [(1,)]
        assert run_pragma(engine, "PRAGMA secure_delete") == [(1,)]
        assert run_pragma(engine, "PRAGMA cipher_version")[0][0].startswith("4.")
    finally:
        engine.dispose()
    with pytest.raises(ValueError):
        make_engine(sqlite_url(tmp_path / "y.db"), key=b"short")


def test_statement_cache_holds_a_whole_session(encrypted: str, tmp_path: Path) -> None:
    """sqlcipher3's statement cache (pysqlite's old one) re-prepares every statement once
    it is full, which made each encrypted answer save re-parse its SQL. The factory sizes
    it; this checks that a working session (open, demo data, lists, export) stays well
    inside that size, so the cache never fills."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from assessor_app.services.assessments import ListFilter
    from assessor_app.services.demo import seed_demo
    from assessor_app.storage.db import SQLCIPHER_STATEMENT_CACHE

    seen: set[str] = set()

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        seen.add(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        services = open_services(AppPaths(tmp_path / "data"))
        try:
            assert services.store.encrypted
            seed_demo(services)
            for term in ("", "budi", "lpk"):
                services.assessments.list(ListFilter(search=term, limit=200))
                services.assessments.count(ListFilter(search=term))
            services.sync.export(tmp_path / "usb", encrypt=False)  # no office pack here
        finally:
            services.close(clean=True)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert 150 < len(seen) <= SQLCIPHER_STATEMENT_CACHE // 3


# ------------------------------------------------------------------ passphrase and key file


def test_change_passphrase_rewraps_the_key_and_never_touches_the_data(
        encrypted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths(tmp_path / "data")
    open_services(paths).close(clean=True)
    db = paths.db_path.read_bytes()
    old_file = keys.load_keyfile(paths.keyfile_path)
    with pytest.raises(KeyAccessError) as info:
        key_service.change_passphrase(paths, "salah sekali ya", "kata sandi baru panjang")
    assert info.value.code == "key.wrong"
    assert keys.load_keyfile(paths.keyfile_path) == old_file
    with pytest.raises(KeyAccessError) as info:
        key_service.change_passphrase(paths, encrypted, "pendek")
    assert info.value.code == "key.too_short"
    with pytest.raises(KeyAccessError) as info:
        key_service.change_passphrase(paths, encrypted, "kata sandi baru panjang", "lain")
    assert info.value.code == "key.mismatch"

    key_service.change_passphrase(paths, encrypted, "kata sandi baru panjang")
    new_file = keys.load_keyfile(paths.keyfile_path)
    assert new_file is not None and old_file is not None
    assert new_file.key_id == old_file.key_id and new_file.salt != old_file.salt
    assert paths.db_path.read_bytes() == db  # not re-encrypted
    with pytest.raises(KeyAccessError):
        keys.unwrap(new_file, encrypted)
    _write_passphrase(tmp_path, monkeypatch, "kata sandi baru panjang")
    open_services(paths).close(clean=True)


def test_wrong_tries_slow_down_persistently_without_a_lock_out(tmp_path: Path) -> None:
    key_file, dek = keys.new_keyfile("benar sekali kok", params=keys.FAST_KDF)
    now = [1_000_000.0]
    attempts = tmp_path / "attempts"

    def throttle() -> Throttle:  # a new object each time: the count lives in the file
        return Throttle(attempts, clock=lambda: now[0])

    for _ in range(keys.FREE_TRIES - 1):
        with pytest.raises(KeyAccessError) as info:
            keys.unlock(key_file, "salah", throttle())
        assert info.value.code == "key.wrong"
    with pytest.raises(KeyAccessError) as info:
        keys.unlock(key_file, "salah", throttle())
    assert info.value.code == "key.wrong_wait" and info.value.params["seconds"] == 30
    with pytest.raises(KeyAccessError) as info:  # even the right one waits its turn
        keys.unlock(key_file, "benar sekali kok", throttle())
    assert info.value.code == "key.wait" and 0 < info.value.params["seconds"] <= 30
    assert "30 detik" in describe(info.value, "id")
    now[0] += 31
    with pytest.raises(KeyAccessError) as info:
        keys.unlock(key_file, "salah lagi", throttle())
    assert info.value.params["seconds"] == 60  # the wait grows
    now[0] += 61
    assert keys.unlock(key_file, "benar sekali kok", throttle()) == dek
    assert not attempts.exists()
    assert Throttle.wait_after(100) == keys.MAX_WAIT_S  # capped: never a lock-out


def test_key_file_is_checked_and_damage_is_named(tmp_path: Path) -> None:
    key_file, _dek = keys.new_keyfile("benar sekali kok", params=keys.FAST_KDF)
    path = tmp_path / "assessor.key"
    keys.save_keyfile(path, key_file)
    assert keys.load_keyfile(path) == key_file
    path.write_text('{"format": "assessor-app-keyfile", "version": 1}', encoding="utf-8")
    with pytest.raises(KeyAccessError) as info:
        keys.load_keyfile(path)
    assert info.value.code == "key.bad_file"
    assert keys.load_keyfile(tmp_path / "missing.key") is None


@pytest.mark.parametrize(("text", "score"), [
    ("abc", 0), ("aaaaaaaa", 1), ("password1", 2), ("kuda-lari-7-Kencang", 4),
    ("kuda lari di padang rumput", 4), ("kuda lari", 2),
])
def test_strength_hint(text: str, score: int) -> None:
    got, code = keys.passphrase_strength(text)
    assert got == score and code.startswith("strength.")
    assert describe(KeyAccessError(code), "id")  # the hint has words


def test_passphrase_file_problems_are_clear(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(tmp_path / "nope.txt"))
    with pytest.raises(KeyAccessError) as info:
        keys.passphrase_from_env()
    assert info.value.code == "key.passphrase_file"
    assert "ASSESSOR_PASSPHRASE_FILE" in describe(info.value, "id")


# ------------------------------------------------------------------ the OS keyring


def test_keyring_keeps_the_key_for_the_session(
        encrypted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = memory_keyring(monkeypatch)
    paths = AppPaths(tmp_path / "data")
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE")
    asked: list[key_service.Prompt] = []

    def ask(prompt: key_service.Prompt) -> key_service.PassphraseAnswer:
        asked.append(prompt)
        return key_service.PassphraseAnswer(encrypted, encrypted, remember=True)

    dek = key_service.database_key(paths, ask)
    assert [p.kind for p in asked] == ["create"] and len(store) == 1
    assert key_service.database_key(paths) == dek  # nobody asked: the keyring had it
    key_file = keys.load_keyfile(paths.keyfile_path)
    assert key_file is not None and keys.keyring_forget(key_file.key_id)
    with pytest.raises(KeyAccessError) as info:
        key_service.database_key(paths)
    assert info.value.code == "key.needed"
    assert "ASSESSOR_PASSPHRASE_FILE" in describe(info.value, "id")


def test_no_keyring_backend_degrades_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring.core
    from keyring.backends import fail

    monkeypatch.setattr(keyring.core, "_keyring_backend",
                        fail.Keyring())  # type: ignore[no-untyped-call]
    monkeypatch.delenv("ASSESSOR_KEYRING", raising=False)
    dek = os.urandom(32)
    kid = keys.key_id_of(dek)
    assert keys.keyring_store(kid, dek) is False
    assert keys.keyring_load(kid) is None
    assert keys.keyring_forget(kid) is False


# ------------------------------------------------------------------ a plain database


def test_plain_old_database_is_encrypted_in_place_then_migrated(
        encrypted: str, tmp_path: Path) -> None:
    from tests.unit.test_migrations import _build_v1, _subject_names

    paths = AppPaths(tmp_path / "data").ensure()
    engine = make_engine(sqlite_url(paths.db_path))
    _build_v1(engine)
    engine.dispose()
    plain_copy = backup_mod.make_backup(paths.db_path, paths.backup_dir)
    assert is_plain_sqlite_file(plain_copy)
    dek = key_service.database_key(paths)  # a new key file for the plain database
    assert dek is not None
    store = open_store(paths, key=dek)
    try:
        assert store.startup.migration.from_version == 1
        assert _subject_names(store.engine)["a1"] == "BLK Bandung"
    finally:
        store.close()
    for path in _files(paths.data_dir):
        assert not path.read_bytes().startswith(SQLITE_MAGIC), path
    assert backup_mod.verify_database_file(plain_copy, dek) == 1  # the same backup, encrypted
    assert not list(paths.data_dir.glob(".*encrypting*"))


def test_export_between_keys_keeps_user_version(tmp_path: Path) -> None:
    src = tmp_path / "plain.db"
    con = sqlite3.connect(src)
    con.execute("CREATE TABLE t (a TEXT)")
    con.execute("INSERT INTO t VALUES ('x')")
    con.execute("PRAGMA user_version = 7")
    con.commit()
    con.close()
    key = os.urandom(32)
    backup_mod.copy_database(src, tmp_path / "enc.db", src_key=None, dst_key=key)
    from assessor_app.storage.db import connect_read_only

    enc = connect_read_only(tmp_path / "enc.db", key=key)
    try:
        assert enc.execute("PRAGMA user_version").fetchone()[0] == 7
        assert enc.execute("SELECT a FROM t").fetchall() == [("x",)]
    finally:
        enc.close()


# ------------------------------------------------------------------ recovery


def _trust(office: Services, laptop: Services, tmp_path: Path) -> None:
    office.registry.add_assessor("Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    me = office.registry.add_assessor("Budi Lapangan")
    laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)


def test_forgotten_passphrase_is_recovered_through_the_office(
        encrypted: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = AppPaths(tmp_path / "laptop")
    office = open_services(AppPaths(tmp_path / "office"))
    laptop = open_services(paths)
    try:
        add_asesi(laptop)
        _trust(office, laptop, tmp_path)
        assert laptop.ensure_recovery_copy()
        assert not laptop.ensure_recovery_copy()  # once per office
        me = office.sync.device_keys.row()
        key_file = keys.load_keyfile(paths.keyfile_path)
        assert key_file is not None and [c.office_id for c in key_file.recovery] == \
            [me.device_id]
        key_id, code = key_service.recovery_code_for(paths.keyfile_path, me.device_id,
                                                     me.x25519_private)
        assert key_id == key_file.key_id
        with pytest.raises(KeyAccessError) as info:  # another office cannot open it
            key_service.recovery_code_for(paths.keyfile_path, "0123456789abcdef",
                                          os.urandom(32))
        assert info.value.code == "key.no_recovery"
    finally:
        laptop.close(clean=True)
        office.close(clean=True)
    db = paths.db_path.read_bytes()
    with pytest.raises(KeyAccessError) as info:
        key_service.reset_with_recovery_code(paths, code[:-4] + "AAAA", "passphrase baru sekali")
    assert info.value.code == "key.bad_recovery_code"
    key_service.reset_with_recovery_code(paths, code.lower().replace("-", " "),
                                         "passphrase baru sekali")
    assert paths.db_path.read_bytes() == db
    _write_passphrase(tmp_path, monkeypatch, "passphrase baru sekali")
    again = open_services(paths)
    try:
        assert [a.nik for a in again.registry.assessees()] == [NIK]
    finally:
        again.close(clean=True)


# ------------------------------------------------------------------ file modes


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes (Windows: user-only ACLs)")
def test_files_and_folders_are_user_only(encrypted: str, tmp_path: Path) -> None:
    from assessor_app.logs import setup_logging

    paths = AppPaths(tmp_path / "data")
    setup_logging(paths.ensure().log_dir)
    services = open_services(paths)
    try:
        add_asesi(services)
        services.maintenance.backup(reason="manual")
        services.sync.export(tmp_path / "usb")
        checked: list[Path] = []
        for path in [paths.data_dir, *paths.data_dir.rglob("*")]:
            if path.parent.name in ("schemes", "templates", "logos") or \
                    path.name in ("schemes", "templates", "logos"):
                continue  # copies of shipped, public files
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode & 0o077 == 0, f"{path} is {oct(mode)}"
            checked.append(path)
    finally:
        services.close(clean=True)
    names = {p.name for p in checked}
    assert {"assessor.db", "assessor.db-wal", "assessor.key", "backups", "outbox",
            "logs", "assessor-app.log"} <= names, names
