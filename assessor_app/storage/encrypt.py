"""A plain SQLite database becomes an encrypted one, in place (issue 13).

:func:`encrypt_in_place` runs under the session lock, before any engine is made:

1. keep a file descriptor on the plain database and on its WAL (for the shredding below);
2. fold the WAL into the database and switch it to a rollback journal (``journal_mode=
   DELETE``): the plain file is now complete on its own, and SQLite removes the WAL;
   the old WAL's bytes are overwritten through the kept descriptor;
3. ``sqlcipher_export`` the plain file into ``.assessor.db.<uuid>.encrypting`` (keyed),
   verify it (``integrity_check``, the row count of every table, ``user_version``) and
   fsync it;
4. ``os.replace`` it over ``assessor.db`` and fsync the folder: from this instant the
   database is the encrypted one;
5. overwrite the old plain file's bytes through its kept descriptor.

A kill at any moment leaves either the plain database (before 4; a leftover temp file is
removed at the next start, :func:`remove_leftovers`) or the encrypted one (after 4); never
a database without its WAL. Then every plain backup is re-encrypted the same way
(:func:`encrypt_plain_backups`, run at every start with a key, so one cut short goes on).

Overwriting is best effort: on SSDs and copy-on-write or journaling file systems old blocks
may survive; the OS disk encryption (BitLocker, LUKS) is the baseline against that.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from pathlib import Path

from assessor_app.core.errors import StorageError
from assessor_app.fileio import fsync_dir, fsync_file, storage_error_from_os
from assessor_app.paths import private_file
from assessor_app.storage.backup import copy_database, integrity_problems, parse_backup_name
from assessor_app.storage.db import (
    connect_file,
    connect_read_only,
    is_plain_sqlite_file,
    sqlite_errors,
)

__all__ = ["encrypt_in_place", "encrypt_plain_backups", "encrypt_plain_outbox",
           "remove_leftovers", "shred_file"]

log = logging.getLogger(__name__)

_CHUNK = 1024 * 1024
_SUFFIX = ".encrypting"


def _step(name: str) -> None:
    """A named moment of the migration; the kill -9 tests replace it to stop there."""


def _shred_fd(fd: int) -> None:
    """Overwrite the whole file behind ``fd`` with zeros and fsync it."""
    size = os.fstat(fd).st_size
    zeros = bytes(min(size, _CHUNK))
    done = 0
    while done < size:
        n = os.pwrite(fd, zeros[:min(_CHUNK, size - done)], done) if hasattr(os, "pwrite") \
            else _seek_write(fd, zeros[:min(_CHUNK, size - done)], done)
        done += n
    os.fsync(fd)


def _seek_write(fd: int, data: bytes, offset: int) -> int:  # pragma: no cover - Windows
    os.lseek(fd, offset, os.SEEK_SET)
    return os.write(fd, data)


def _open_for_shred(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        return None


def _shred_and_close(fd: int | None, what: str) -> None:
    if fd is None:
        return
    try:
        _shred_fd(fd)
    except OSError:
        log.info("could not overwrite the old %s", what)
    finally:
        os.close(fd)


def shred_file(path: Path) -> None:
    """Overwrite ``path`` with zeros, fsync, remove it (best effort; missing is fine)."""
    fd = _open_for_shred(path)
    if fd is None:
        return
    _shred_and_close(fd, path.name)
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _table_counts(con: sqlite3.Connection) -> dict[str, int]:
    names = [str(r[0]) for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {name: int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])
            for name in sorted(names)}


def _facts(path: Path, key: bytes | None) -> tuple[dict[str, int], int]:
    con = connect_read_only(path, key=key)
    try:
        return _table_counts(con), int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()


def _verified_copy(src: Path, tmp: Path, key: bytes, src_key: bytes | None = None) -> None:
    """Export ``src`` into ``tmp`` encrypted with ``key``; check it; fsync it."""
    copy_database(src, tmp, src_key=src_key, dst_key=key)
    problems = integrity_problems(tmp, key)
    if problems:
        raise StorageError("db.encrypt_failed", path=str(src), problems=problems)
    if _facts(src, src_key) != _facts(tmp, key):
        raise StorageError("db.encrypt_failed", path=str(src), problems=["row counts differ"])
    if is_plain_sqlite_file(tmp):
        raise StorageError("db.encrypt_failed", path=str(src), problems=["not encrypted"])
    fsync_file(tmp)
    private_file(tmp)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def remove_leftovers(directory: Path) -> None:
    """Encrypted temp copies of a migration cut short (they hold no plain data)."""
    for leftover in directory.glob(f".*{_SUFFIX}*"):
        _remove(leftover)
        log.info("removed a leftover encryption temp file %s", leftover.name)


def encrypt_in_place(db_path: Path, key: bytes) -> None:
    """Turn the plain database ``db_path`` into one encrypted with ``key`` (steps in the
    module docstring). Nobody may have the database open (the caller holds the lock)."""
    directory = db_path.parent
    remove_leftovers(directory)
    wal = db_path.with_name(db_path.name + "-wal")
    tmp = directory / f".{db_path.name}.{uuid.uuid4().hex}{_SUFFIX}"
    db_fd = _open_for_shred(db_path)
    wal_fd = _open_for_shred(wal)
    try:
        try:
            con = connect_file(db_path)
            try:
                con.execute("PRAGMA busy_timeout=5000")
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                con.execute("PRAGMA journal_mode=DELETE")  # the WAL is folded in and removed
            finally:
                con.close()
            fsync_file(db_path)
            _step("folded")
        except sqlite_errors() as exc:
            raise StorageError("db.encrypt_failed", path=str(db_path),
                               problems=[str(exc)]) from exc
        _shred_and_close(wal_fd, "plain WAL")  # its frames are in the main file now
        wal_fd = None
        try:
            _verified_copy(db_path, tmp, key)
            _step("exported")
            if wal.exists() or db_path.with_name(db_path.name + "-journal").exists():
                raise StorageError("db.encrypt_failed", path=str(db_path),
                                   problems=["a journal appeared during the copy"])
            _remove(db_path.with_name(db_path.name + "-shm"))
            os.replace(tmp, db_path)
            fsync_dir(directory)
        except BaseException:
            _remove(tmp)
            raise
        log.info("database encrypted in place (%s)", db_path.name)
        _step("replaced")
        _shred_and_close(db_fd, "plain database")
        db_fd = None
    except OSError as exc:
        raise storage_error_from_os(exc, db_path) from exc
    finally:
        for fd in (db_fd, wal_fd):
            if fd is not None:
                os.close(fd)


def _copy_errors() -> tuple[type[Exception], ...]:
    return (StorageError, *sqlite_errors())


def encrypt_plain_backups(backup_dir: Path, key: bytes) -> int:
    """Re-encrypt every plain backup (``backup-*.db``, ``salvage-*.db``) with ``key`` and
    overwrite the plain bytes; returns how many. A salvage copy that cannot be exported
    (it is damaged: that is why it exists) is kept as it is and named in the log."""
    done = 0
    try:
        entries = sorted(backup_dir.iterdir())
    except FileNotFoundError:
        return 0
    for path in entries:
        name = path.name
        if not (parse_backup_name(name) or (name.startswith("salvage-") and name.endswith(".db"))):
            continue
        if not path.is_file() or not is_plain_sqlite_file(path):
            continue
        tmp = backup_dir / f".{name}.{uuid.uuid4().hex}{_SUFFIX}"
        try:
            _verified_copy(path, tmp, key)
        except _copy_errors() as exc:
            _remove(tmp)
            log.warning("backup %s could not be encrypted and is kept as it is: %s", name,
                        exc)
            continue
        _step("backup_exported")
        fd = _open_for_shred(path)
        os.replace(tmp, path)
        fsync_dir(backup_dir)
        _shred_and_close(fd, name)
        for side in ("-wal", "-shm", "-journal"):
            shred_file(path.with_name(name + side))
        done += 1
    if done:
        log.info("%d plain backup(s) encrypted", done)
    return done


def encrypt_plain_outbox(outbox_dir: Path, key: bytes) -> int:
    """Encrypt every plain bundle copy in the outbox (``bundle-*.zip``, kept by a version
    before encryption at rest, or while the store was plain) with the file key derived
    from ``key`` (:mod:`assessor_app.core.at_rest`): ``NAME.zip`` becomes ``NAME.zip.enc``
    (written atomically and checked) and the plain bytes are overwritten. A temp file a
    killed plain export left (``.bundle-*.tmp``) is shredded. Returns how many copies."""
    try:
        entries = sorted(outbox_dir.iterdir())
    except FileNotFoundError:
        return 0
    plain = [p for p in entries if p.is_file() and p.name.startswith("bundle-")
             and p.name.endswith(".zip")]
    temps = [p for p in entries if p.is_file() and p.name.startswith(".bundle-")
             and p.name.endswith(".tmp")]
    if not plain and not temps:
        return 0
    from assessor_app.core import at_rest
    from assessor_app.fileio import atomic_write_bytes

    fkey = at_rest.file_key(key)
    for temp in temps:
        shred_file(temp)
    for path in plain:
        data = path.read_bytes()
        name = path.name

        def verify(tmp: Path, name: str = name, data: bytes = data) -> None:
            if at_rest.open_sealed(fkey, tmp.read_bytes(), name) != data:
                raise StorageError("db.encrypt_failed", path=str(tmp),
                                   problems=["outbox copy differs"])

        atomic_write_bytes(path.with_name(name + at_rest.SUFFIX),
                           at_rest.seal(fkey, data, name), verify=verify)
        _step("outbox_sealed")
        shred_file(path)
    log.info("%d outbox bundle(s) encrypted", len(plain))
    return len(plain)
