"""Encryption at rest attacked from outside, as a stranger (or a clumsy user) would
(issue 13): the database opened with other tools, copied without its key file, the key
file deleted, emptied, cut short or edited, the passphrase file pointed at odd things,
concurrent key-file writers, the keyring copy, and secrets in logs and exceptions.

Every case: a clear message, nothing changed, nothing lost, nothing made anew beside the
old database, and never a hang or an unexpected error."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core import keys
from assessor_app.core.keys import KeyAccessError
from assessor_app.messages import describe
from assessor_app.paths import AppPaths
from assessor_app.services import keys as key_service
from assessor_app.services.runtime import open_services
from tests.helpers import NIK, add_asesi, child_env, memory_keyring, opened

NEW = "kata sandi kedua yang panjang"


@pytest.fixture()
def folder(encrypted: str, tmp_path: Path) -> AppPaths:
    """An encrypted data folder holding one asesi (closed)."""
    paths = AppPaths(tmp_path / "data")
    with opened(paths) as services:
        add_asesi(services)
    return paths


def _state(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the logs (what a refusal must leave as it was)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.parent.name != "logs"}


def _niks(paths: AppPaths) -> list[str]:
    with opened(paths) as services:
        return [str(a.nik) for a in services.registry.assessees()]


# ------------------------------------------------------------------ other tools


def test_sqlite_tools_cannot_read_the_database_and_change_nothing(folder: AppPaths) -> None:
    before = _state(folder.data_dir)
    con = sqlite3.connect(folder.db_path)
    try:
        with pytest.raises(sqlite3.DatabaseError, match="not a database"):
            con.execute("SELECT nik FROM assessee").fetchall()
        with pytest.raises(sqlite3.DatabaseError):
            con.execute("PRAGMA journal_mode=WAL").fetchall()
    finally:
        con.close()
    cli = shutil.which("sqlite3")
    if cli is not None:  # the sqlite3 shell, as a stranger would try it
        run = subprocess.run([cli, str(folder.db_path), "SELECT nik FROM assessee;"],
                             capture_output=True, text=True, timeout=30)
        assert run.returncode != 0 and "not a database" in run.stderr
        assert NIK not in run.stdout
    assert _state(folder.data_dir) == before
    assert _niks(folder) == [NIK]


# ------------------------------------------------------------------ the key file


def test_a_copy_without_its_key_file_is_refused_and_nothing_is_made(
        folder: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = AppPaths(tmp_path / "copy")
    copy.data_dir.mkdir()
    shutil.copy2(folder.db_path, copy.db_path)
    db = copy.db_path.read_bytes()
    for encryption in ("on", "off"):  # even the test switch never makes a new database
        monkeypatch.setenv("ASSESSOR_ENCRYPTION", encryption)
        with pytest.raises(KeyAccessError) as info:
            open_services(copy)
        assert info.value.code == "key.no_file"
        assert copy.db_path.read_bytes() == db and not copy.keyfile_path.exists()
        assert sorted(p.name for p in copy.data_dir.glob("assessor*")) == ["assessor.db"]
    words = describe(info.value, "id")
    # honest: the office's recovery code is made from the key file, so it cannot help
    assert "salinan folder data" in words and "tidak ada yang diubah" in words
    assert "tanpa berkas kunci" in words


def _deep_json() -> bytes:
    return b"[" * 200_000


def _edit(field: str, value: Any) -> Any:
    def edit(raw: bytes) -> bytes:
        doc = json.loads(raw)
        doc[field] = value
        return json.dumps(doc).encode()
    return edit


DAMAGE = {
    "deleted": None,
    "empty": lambda raw: b"",
    "truncated": lambda raw: raw[: len(raw) // 2],
    "garbage": lambda raw: os.urandom(len(raw)),
    "deep_json": lambda raw: _deep_json(),
    "key_id_not_ascii": _edit("key_id", "\u00e9" * 24),
    "key_id_not_text": _edit("key_id", 5),
    "recovery_not_a_list": _edit("recovery", {"a": 1}),
    "huge": lambda raw: raw + b" " * (300 * 1024),
}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_key_file_is_named_and_nothing_changes(folder: AppPaths, damage: str
                                                         ) -> None:
    original = folder.keyfile_path.read_bytes()
    change = DAMAGE[damage]
    if change is None:
        folder.keyfile_path.unlink()
    else:
        folder.keyfile_path.write_bytes(change(original))
    before = _state(folder.data_dir)
    with pytest.raises(KeyAccessError) as info:
        open_services(folder)
    assert info.value.code == ("key.no_file" if damage == "deleted" else "key.bad_file")
    assert str(folder.keyfile_path) in describe(info.value, "id")
    assert _state(folder.data_dir) == before  # no new database, key file or attempts
    folder.keyfile_path.write_bytes(original)  # the file put back: everything is there
    assert _niks(folder) == [NIK]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("which", ["key", "attempts"])
def test_a_fifo_instead_of_the_key_or_attempts_file_does_not_hang(
        folder: AppPaths, which: str) -> None:
    """A FIFO blocks a plain open() for reading until a writer comes: the start must
    refuse it (key file) or ignore it (wrong-try counter) at once."""
    target = folder.keyfile_path if which == "key" else folder.key_attempts_path
    saved = target.read_bytes() if target.exists() else None
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    script = ("from pathlib import Path\n"
              "from assessor_app.paths import AppPaths\n"
              "from assessor_app.services.runtime import open_services\n"
              "from assessor_app.core.errors import AppError\n"
              "import sys\n"
              "try:\n"
              "    open_services(AppPaths(Path(sys.argv[1]))).close(clean=True)\n"
              "    print('OPENED')\n"
              "except AppError as exc:\n"
              "    print(exc.code)\n")
    env = dict(child_env(), ASSESSOR_ENCRYPTION="on",
               ASSESSOR_PASSPHRASE_FILE=os.environ["ASSESSOR_PASSPHRASE_FILE"])
    try:
        run = subprocess.run([sys.executable, "-c", script, str(folder.data_dir)],
                             capture_output=True, text=True, timeout=30, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"a FIFO as the {which} file hangs the start")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == ("key.unreadable" if which == "key" else "OPENED")
    target.unlink(missing_ok=True)  # a right passphrase removes the counter (the FIFO)
    if saved is not None:
        target.write_bytes(saved)


ABSURD_KDF = {
    "t_1e9": {"time_cost": 1e9},
    "t_huge_int": {"time_cost": 10**9},
    "m_1_tib": {"memory_kib": 1024**3},
    "m_4_gib": {"memory_kib": 4 * 1024**2},  # used to be accepted: an OOM on 4 GB laptops
    "t64_m1gib": {"time_cost": 64, "memory_kib": 1024**2},
    "p_above_m": {"parallelism": 64, "memory_kib": 8},  # argon2: "Memory cost is too small"
    "t_text": {"time_cost": "3"},
    "t_bool": {"time_cost": True},
    "t_float": {"time_cost": 3.5},
    "t_nan": {"time_cost": float("nan")},
    "p_zero": {"parallelism": 0},
}


@pytest.mark.parametrize("case", sorted(ABSURD_KDF))
def test_absurd_kdf_parameters_are_refused_before_any_work(
        folder: AppPaths, case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = json.loads(folder.keyfile_path.read_bytes())
    doc["kdf"].update(ABSURD_KDF[case])
    folder.keyfile_path.write_text(json.dumps(doc), encoding="utf-8")
    before = _state(folder.data_dir)

    def no_kdf(*_a: Any, **_k: Any) -> bytes:
        raise AssertionError("Argon2 ran with parameters from a tampered key file")

    monkeypatch.setattr(keys, "derive_kek", no_kdf)
    with pytest.raises(KeyAccessError) as info:
        open_services(folder)
    assert info.value.code == "key.bad_file"
    assert _state(folder.data_dir) == before


def test_kdf_failure_is_a_clear_error_not_a_crash() -> None:
    """Parameters the bounds let through but Argon2 still refuses are a damaged file."""
    key_file, _dek = keys.new_keyfile("benar sekali kok", params=keys.FAST_KDF)
    from dataclasses import replace

    odd = replace(key_file, kdf=keys.KdfParams(1, 8, 2))  # argon2 needs m >= 8 * p
    with pytest.raises(KeyAccessError) as info:
        keys.unwrap(odd, "benar sekali kok")
    assert info.value.code == "key.bad_file"


# ------------------------------------------------------------------ the passphrase file


@pytest.mark.parametrize(("kind", "words"), [
    ("missing", "tidak ada"), ("empty", "kosong"), ("blank_first_line", "kosong"),
    ("huge", "terlalu besar"), ("binary", "UTF-8"), ("folder", "bukan berkas biasa"),
    ("fifo", "bukan berkas biasa"),
])
def test_passphrase_file_problems_are_said_in_words(
        folder: AppPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
        words: str) -> None:
    target = tmp_path / f"pp-{kind}"
    if kind == "empty":
        target.write_bytes(b"")
    elif kind == "blank_first_line":
        target.write_bytes(b"\n" + b"kata sandi di baris kedua\n")
    elif kind == "huge":
        target.write_bytes(b"x" * (200 * 1024))
    elif kind == "binary":
        target.write_bytes(b"\xff\xfe\x00\x01binary\n")
    elif kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("POSIX FIFOs")
        os.mkfifo(target)
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(target))
    before = _state(folder.data_dir)
    with pytest.raises(KeyAccessError) as info:
        open_services(folder)
    assert info.value.code == "key.passphrase_file"
    text = describe(info.value, "id")
    assert words in text and "ASSESSOR_PASSPHRASE_FILE" in text
    assert "file." not in text and "utf-8" not in text.replace("UTF-8", "")  # no raw codes
    assert "ASSESSOR_PASSPHRASE_FILE" in describe(info.value, "en")
    assert _state(folder.data_dir) == before  # not even a wrong try counted


# ------------------------------------------------------------------ the wrong-try counter


def test_a_tampered_wrong_try_counter_neither_crashes_nor_locks_out(folder: AppPaths) -> None:
    folder.key_attempts_path.write_text(json.dumps({"failures": 10**6, "last": 1e300}),
                                        encoding="utf-8")
    throttle = keys.Throttle(folder.key_attempts_path)
    assert throttle.remaining() <= keys.MAX_WAIT_S  # capped, however large the count
    assert keys.Throttle.wait_after(10**9) == keys.MAX_WAIT_S
    folder.key_attempts_path.write_text("[[[[", encoding="utf-8")
    assert throttle.remaining() == 0.0


# ------------------------------------------------------------------ two writers


def test_a_key_file_made_meanwhile_by_another_process_is_never_replaced(
        encrypted: str, tmp_path: Path) -> None:
    """Two starts on a new folder: both saw no key file; the first made one (and its
    database). The second must not write its own key file over it: the database would
    be left with a key nobody has."""
    paths = AppPaths(tmp_path / "data")
    first = key_service.database_key(paths)
    made = paths.keyfile_path.read_bytes()
    second = key_service.create_key(paths, None, "create")  # what the late start does
    assert second == first
    assert paths.keyfile_path.read_bytes() == made


def test_key_file_writes_wait_for_each_other(
        folder: AppPaths, encrypted: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A passphrase change while another process holds the key file lock waits for it,
    and gives up with a clear message rather than writing over the other's change."""
    monkeypatch.setattr(keys, "LOCK_TIMEOUT_S", 0.3)
    before = folder.keyfile_path.read_bytes()
    with keys.keyfile_lock(folder.keyfile_path):
        outcome: list[BaseException | None] = []

        def change() -> None:
            try:
                key_service.change_passphrase(folder, encrypted, NEW)
                outcome.append(None)
            except BaseException as exc:
                outcome.append(exc)

        worker = threading.Thread(target=change)
        worker.start()
        worker.join(30)
    assert len(outcome) == 1 and isinstance(outcome[0], KeyAccessError)
    assert outcome[0].code == "key.busy"
    assert "coba lagi" in describe(outcome[0], "id")
    assert folder.keyfile_path.read_bytes() == before


def test_recovery_copy_and_passphrase_change_do_not_undo_each_other(
        folder: AppPaths, encrypted: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The app (adding a recovery copy at exit) and ``passphrase change`` (another
    process) both rewrite the key file; neither may lose the other's change."""
    from assessor_app.bundles import crypto

    office = open_services(AppPaths(tmp_path / "office"))
    laptop = open_services(folder)
    try:
        office.registry.add_assessor("Kantor", is_self=True)
        office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        me = office.registry.add_assessor("Budi Lapangan")
        laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)
        real_seal = crypto.seal
        changed: list[BaseException | None] = []

        def seal_while_the_passphrase_changes(*args: Any) -> bytes:
            worker = threading.Thread(target=lambda: changed.append(_change(folder, encrypted)))
            worker.start()
            worker.join(0.5)  # with the lock the change waits for this write to finish
            seal_while_the_passphrase_changes.worker = worker  # type: ignore[attr-defined]
            return real_seal(*args)

        monkeypatch.setattr(crypto, "seal", seal_while_the_passphrase_changes)
        assert laptop.ensure_recovery_copy()
        seal_while_the_passphrase_changes.worker.join(30)  # type: ignore[attr-defined]
        monkeypatch.setattr(crypto, "seal", real_seal)
    finally:
        laptop.close(clean=True)
        office.close(clean=True)
    assert changed == [None]
    key_file = keys.load_keyfile(folder.keyfile_path)
    assert key_file is not None and len(key_file.recovery) == 1  # the copy is kept
    keys.unwrap(key_file, NEW)  # and so is the new passphrase
    with pytest.raises(KeyAccessError):
        keys.unwrap(key_file, encrypted)


def _change(paths: AppPaths, old: str) -> BaseException | None:
    try:
        key_service.change_passphrase(paths, old, NEW)
    except BaseException as exc:
        return exc
    return None


# ------------------------------------------------------------------ the OS keyring


def test_lock_says_so_when_the_keyring_copy_could_not_be_removed(
        folder: AppPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    store = memory_keyring(monkeypatch)
    dek = key_service.database_key(folder)
    assert dek is not None
    key_file = keys.load_keyfile(folder.keyfile_path)
    assert key_file is not None and keys.keyring_store(key_file.key_id, dek)
    import keyring.core
    import keyring.errors

    backend = keyring.core.get_keyring()

    def refuse(service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("locked collection")

    monkeypatch.setattr(backend, "delete_password", refuse)
    with pytest.raises(KeyAccessError) as info:
        keys.keyring_forget(key_file.key_id)
    assert info.value.code == "key.keyring_kept"
    assert "masih" in describe(info.value, "id")
    assert len(store) == 1


# ------------------------------------------------------------------ secrets


def test_secrets_have_no_repr() -> None:
    answer = key_service.PassphraseAnswer("rahasia sekali ya", "rahasia sekali ya",
                                          recovery_code="ABCD-EFGH")
    assert "rahasia" not in repr(answer) and "ABCD" not in repr(answer)
