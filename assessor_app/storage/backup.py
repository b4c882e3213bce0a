"""Verified database backups, rotation and restore (RELIABILITY.md D-3, D-4).

A backup is made with the SQLite online backup API into ``backups/.tmp-<uuid>.db``, switched
to a self-contained rollback-journal file, checked with ``PRAGMA integrity_check``, fsynced
and only then renamed to ``backup-YYYYMMDD-HHMMSS[-n].db`` (UTC). A backup that exists under
its final name has therefore always passed an integrity check.

Files that do not match the backup name pattern are never touched by rotation; that
includes the ``salvage-*.db`` copies kept of a damaged database before a restore (D-3:
never auto-delete anything that could hold the user's data).

``StorageError`` codes raised here: ``backup.no_source``, ``backup.no_space`` (``needed``,
``free``), ``backup.corrupt`` (``path``, ``problems``), ``restore.not_found``,
``restore.not_ours``, ``restore.corrupt`` (``path``, ``problems``), ``db.too_new``
(``found``, ``supported``), plus ``disk.full`` / ``disk.read_only`` / ``db.busy`` /
``file.io`` from the file system, ``restore.wrong_key`` (an encrypted file that this
installation's key does not open).

Encryption at rest: every function takes the database ``key`` (None: a plain SQLite file).
A backup of an encrypted database is made by a keyed connection into a keyed copy, so it is
encrypted with the same key (the backup API between two connections with the same key);
:func:`copy_database` with different keys (plain to encrypted: the migration) uses
SQLCipher's ``sqlcipher_export``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessor_app.core.clock import Clock, system_clock
from assessor_app.core.errors import StorageError
from assessor_app.core.files import FileRefused, check_user_file
from assessor_app.fileio import (
    atomic_write_bytes,
    fsync_dir,
    fsync_file,
    storage_error_from_os,
)
from assessor_app.paths import private_file
from assessor_app.storage.db import (
    DEFAULT_BUSY_TIMEOUT_MS,
    SQLITE_MAGIC,
    apply_key,
    connect_file,
    connect_read_only,
    is_plain_sqlite_file,
    sqlcipher_module,
    sqlite_database_errors,
    sqlite_errors,
    sqlite_uri_filename,
    storage_error_from_db,
)
from assessor_app.storage.tables import SCHEMA_VERSION

__all__ = [
    "KEEP_DAILY",
    "KEEP_LAST",
    "KEEP_WEEKLY",
    "BackupInfo",
    "copy_database",
    "list_backups",
    "make_backup",
    "restore_backup",
    "rotate_backups",
    "verify_database_file",
]

log = logging.getLogger(__name__)

KEEP_LAST = 10
KEEP_DAILY = 7
KEEP_WEEKLY = 4

_NAME_RE = re.compile(r"^backup-(\d{8})-(\d{6})(?:-(\d+))?\.db$")
_SQLITE_MAGIC = SQLITE_MAGIC
_SIDECARS = ("-wal", "-shm", "-journal")
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created_at: dt.datetime  # UTC, from the file name
    size: int


# --------------------------------------------------------------------------- helpers


def parse_backup_name(name: str) -> tuple[dt.datetime, int] | None:
    """(created_at UTC, sequence) for a backup file name, None if it is not one."""
    m = _NAME_RE.match(name)
    if not m:
        return None
    try:
        moment = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return moment.replace(tzinfo=dt.UTC), int(m.group(3) or 0)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def _free_name(directory: Path, prefix: str, moment: dt.datetime) -> Path:
    stamp = _as_utc(moment).strftime("%Y%m%d-%H%M%S")
    candidate = directory / f"{prefix}-{stamp}.db"
    n = 1
    while candidate.exists():
        candidate = directory / f"{prefix}-{stamp}-{n}.db"
        n += 1
    return candidate


def _uri(path: Path, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return sqlite_uri_filename(path) + (f"?{query}" if query else "")


def _connect_existing(path: Path, *, read_only: bool, key: bytes | None = None
                      ) -> sqlite3.Connection:
    """Open an existing database file without ever creating one."""
    if read_only:
        con = connect_read_only(path, key=key)
    else:
        con = connect_file(path, key=key)
    try:
        con.execute(f"PRAGMA busy_timeout={DEFAULT_BUSY_TIMEOUT_MS}")
    except BaseException:
        con.close()
        raise
    return con


def integrity_problems(path: Path, key: bytes | None = None) -> list[str]:
    """``PRAGMA integrity_check`` on a file; [] when it says "ok"."""
    try:
        con = _connect_existing(path, read_only=True, key=key)
    except sqlite_errors() as exc:
        return [str(exc)]
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall()]
    except sqlite_database_errors() as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def _key_literal(key: bytes | None) -> str:
    return "''" if key is None else f"\"x'{key.hex()}'\""


def copy_database(src: Path, dst: Path, *, src_key: bytes | None, dst_key: bytes | None,
                  src_read_only: bool = True) -> None:
    """Copy the database ``src`` (opened with ``src_key``) into the new file ``dst``
    encrypted with ``dst_key`` (None: plain), as a self-contained rollback-journal file.

    Same key: the online backup API (a consistent snapshot, writers are not blocked).
    Different keys (a plain database migrating to an encrypted one, a restore of a plain
    backup): SQLCipher's ``sqlcipher_export`` into the attached ``dst``,
    plus ``user_version`` (which the export does not copy); nobody may write ``src``
    meanwhile.
    """
    if src_key == dst_key:
        _copy_database(src, dst, src_read_only=src_read_only, key=src_key)
        return
    module = sqlcipher_module()
    mode = "ro" if src_read_only else "rw"
    con: Any = module.connect(_uri(src, mode=mode), uri=True)
    try:
        if src_key is not None:
            apply_key(con, src_key)
        else:
            con.execute("PRAGMA cipher_log_level = NONE")
        con.isolation_level = None
        con.execute(f"PRAGMA busy_timeout={DEFAULT_BUSY_TIMEOUT_MS}")
        # the caller guarantees that nobody writes ``src`` meanwhile (the session lock)
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        con.execute(f"ATTACH DATABASE ? AS exported KEY {_key_literal(dst_key)}", (str(dst),))
        con.execute("SELECT sqlcipher_export('exported')")
        con.execute(f"PRAGMA exported.user_version = {version}")
        con.execute("PRAGMA exported.journal_mode = DELETE")
        con.execute("DETACH DATABASE exported")
    finally:
        con.close()


def _copy_database(src: Path, dst: Path, *, src_read_only: bool,
                   key: bytes | None = None) -> None:
    """Online-backup ``src`` into a new file ``dst`` as a self-contained rollback-journal DB
    (both opened with ``key``: an encrypted database gives an encrypted copy)."""
    src_con = _connect_existing(src, read_only=src_read_only, key=key)
    try:
        dst_con = connect_file(dst, create=True, key=key)
        try:
            src_con.backup(dst_con)
            # The copy inherits WAL mode from the header; make it a single self-contained
            # file so it can be verified and opened read-only without -wal/-shm files.
            dst_con.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst_con.close()
    finally:
        src_con.close()


def _unlink_quietly(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError:  # pragma: no cover - best effort cleanup
        log.warning("could not remove %s", path.name, exc_info=True)


def _remove_temp_db(tmp: Path) -> None:
    _unlink_quietly(tmp)
    for suffix in _SIDECARS:
        _unlink_quietly(tmp.with_name(tmp.name + suffix))


def _db_size(db_path: Path) -> int:
    size = 0
    for candidate in (db_path, db_path.with_name(db_path.name + "-wal")):
        try:
            size += candidate.stat().st_size
        except FileNotFoundError:
            pass
    return size


def _check_space(db_path: Path, target_dir: Path) -> None:
    needed = 2 * _db_size(db_path)
    free = shutil.disk_usage(target_dir).free
    if free < needed:
        raise StorageError("backup.no_space", needed=needed, free=free)


def _translate(exc: BaseException, *, path: Path, corrupt_code: str) -> BaseException:
    """Map OSError / sqlite3.Error to StorageError; corruption becomes ``corrupt_code``."""
    if isinstance(exc, StorageError):
        return exc
    if isinstance(exc, OSError):
        return storage_error_from_os(exc, path)
    if isinstance(exc, sqlite_errors()):
        err = storage_error_from_db(exc, path=str(path))
        if err is None:
            return StorageError(corrupt_code, path=str(path), problems=[str(exc)])
        if err.code == "db.corrupt":
            return StorageError(corrupt_code, path=str(path), problems=err.params["problems"])
        return err
    return exc


@contextlib.contextmanager
def _temp_db_until_replaced(tmp: Path, *, path: Path, corrupt_code: str) -> Iterator[None]:
    """The block builds ``tmp`` and moves it into place; on any failure the temp file (and
    its journal) is removed and the error is raised as a StorageError about ``path``."""
    try:
        yield
    except BaseException as exc:
        _remove_temp_db(tmp)
        translated = _translate(exc, path=path, corrupt_code=corrupt_code)
        if translated is exc:
            raise
        raise translated from exc


# --------------------------------------------------------------------------- backups


def _remove_stale_temps(backup_dir: Path) -> None:
    """A backup killed half-way leaves a full-size ``.tmp-*.db`` (and its journal) behind;
    only one process uses the data folder (the session lock), so any temp file here is
    such a leftover. Removing them keeps a laptop's disk from filling up over time."""
    for f in backup_dir.glob(".tmp-*.db*"):
        try:
            f.unlink()
            log.info("removed a leftover backup temp file %s", f.name)
        except OSError:
            log.warning("could not remove leftover backup temp file %s", f.name)


def make_backup(
    db_path: Path,
    backup_dir: Path,
    *,
    clock: Clock = system_clock,
    reason: str = "auto",
    key: bytes | None = None,
) -> Path:
    """Make a verified backup of ``db_path`` in ``backup_dir`` and return its path.

    Safe while the app has the database open (the backup API copies a consistent snapshot;
    in WAL mode writers are not blocked). Refuses with ``backup.no_space`` before writing
    anything if the free space is below twice the database size (main file + WAL).
    ``key``: the database key of an encrypted database (the backup is encrypted with it).
    """
    db_path = Path(db_path)
    backup_dir = Path(backup_dir)
    if not db_path.is_file():
        raise StorageError("backup.no_source", path=str(db_path))
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise storage_error_from_os(exc, backup_dir) from exc
    _remove_stale_temps(backup_dir)
    _check_space(db_path, backup_dir)

    tmp = backup_dir / f".tmp-{uuid.uuid4().hex}.db"
    with _temp_db_until_replaced(tmp, path=db_path, corrupt_code="backup.corrupt"):
        _copy_database(db_path, tmp, src_read_only=False, key=key)
        private_file(tmp)
        problems = integrity_problems(tmp, key)
        if problems:
            raise StorageError("backup.corrupt", path=str(db_path), problems=problems)
        fsync_file(tmp)
        final = _free_name(backup_dir, "backup", clock())
        os.replace(tmp, final)
        fsync_dir(backup_dir)
    log.info("backup made (%s): %s", reason, final.name)
    return final


def list_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups in ``backup_dir`` (name pattern only), newest first."""
    backup_dir = Path(backup_dir)
    found: list[tuple[tuple[dt.datetime, int], BackupInfo]] = []
    try:
        entries = list(backup_dir.iterdir())
    except FileNotFoundError:
        return []
    for entry in entries:
        parsed = parse_backup_name(entry.name)
        if parsed is None:
            continue
        try:
            st = entry.stat()
        except FileNotFoundError:
            continue
        if not entry.is_file():
            continue
        found.append((parsed, BackupInfo(entry, parsed[0], st.st_size)))
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [info for _, info in found]


def rotate_backups(backup_dir: Path, *, now: dt.datetime) -> list[Path]:
    """Delete old backups; return the deleted paths (oldest first).

    Kept: the newest ``KEEP_LAST`` (10); the newest backup of each of the 7 most recent
    distinct days that have a backup; the newest of each of the 4 most recent ISO weeks
    that have a backup (days and weeks in UTC). Periods are counted only where backups
    exist, so a laptop left unused for a month keeps its history until newer backups
    replace it. Backups dated after ``now`` (the clock went backwards) are never deleted
    and do not count.
    """
    now = _as_utc(now)
    backups = [b for b in list_backups(backup_dir) if b.created_at <= now]  # newest first
    keep: set[Path] = {b.path for b in backups[:KEEP_LAST]}
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    for b in backups:
        day = b.created_at.date()
        if day not in days and len(days) < KEEP_DAILY:
            days.add(day)
            keep.add(b.path)
        iso = b.created_at.isocalendar()
        week = (iso.year, iso.week)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks.add(week)
            keep.add(b.path)
    deleted: list[Path] = []
    for b in reversed(backups):
        if b.path in keep:
            continue
        try:
            b.path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("could not delete old backup %s: %s", b.path.name, exc)
            continue
        deleted.append(b.path)
    if deleted:
        try:
            fsync_dir(backup_dir)
        except OSError:  # pragma: no cover - deletion durability is not critical
            log.warning("fsync of %s failed", backup_dir, exc_info=True)
    return deleted


# --------------------------------------------------------------------------- restore


def verify_database_file(path: Path, key: bytes | None = None) -> int:
    """Check that ``path`` is an intact database of this app; return its schema version.

    Raises ``restore.not_found``, ``restore.not_ours`` (not SQLite, or no schema version /
    app tables) or ``restore.corrupt`` (integrity_check failed or the file is unreadable).
    The file is opened read-only and not modified. ``key``: this installation's database
    key; a plain file is still accepted (opened without it), an encrypted file that the
    key does not open raises ``restore.wrong_key``.
    """
    path = Path(path)
    try:
        check_user_file(path)  # a FIFO or device is refused before sqlite opens it
    except FileRefused as exc:
        if exc.code == "file.not_found":
            raise StorageError("restore.not_found", path=str(path)) from None
        raise
    try:
        with open(path, "rb") as f:
            header = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise storage_error_from_os(exc, path) from exc
    plain = header == _SQLITE_MAGIC
    if not plain and key is None:
        raise StorageError("restore.not_ours", path=str(path))
    try:
        con = _connect_existing(path, read_only=True, key=None if plain else key)
    except sqlite_errors() as exc:
        if not plain and getattr(exc, "sqlite_errorcode", None) == 26:  # SQLITE_NOTADB
            raise StorageError("restore.wrong_key", path=str(path)) from exc
        raise StorageError("restore.corrupt", path=str(path), problems=[str(exc)]) from exc
    if not plain:
        try:
            con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite_database_errors() as exc:
            con.close()
            if getattr(exc, "sqlite_errorcode", None) == 26:  # SQLITE_NOTADB: another key
                raise StorageError("restore.wrong_key", path=str(path)) from exc
            raise StorageError("restore.corrupt", path=str(path),
                               problems=[str(exc)]) from exc
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check").fetchall()]
        if rows != ["ok"]:
            raise StorageError("restore.corrupt", path=str(path), problems=rows)
        tables = {
            str(r[0]) for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        version: int | None = None
        if "schema_version" in tables:
            version = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0]
        else:
            version = con.execute("PRAGMA user_version").fetchone()[0]
    except sqlite_database_errors() as exc:
        raise StorageError("restore.corrupt", path=str(path), problems=[str(exc)]) from exc
    finally:
        con.close()
    if not version or "assessment" not in tables:
        raise StorageError("restore.not_ours", path=str(path))
    return int(version)


def _file_chunks(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        yield from iter(lambda: f.read(_CHUNK), b"")


def _salvage_copy(db_path: Path, backup_dir: Path, clock: Clock) -> Path:
    """Raw copy of a damaged database (plus its WAL) for office-side ``.recover``."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    _check_space(db_path, backup_dir)
    target = _free_name(backup_dir, "salvage", clock())
    wal = db_path.with_name(db_path.name + "-wal")
    if wal.is_file():
        atomic_write_bytes(target.with_name(target.name + "-wal"), _file_chunks(wal))
    atomic_write_bytes(target, _file_chunks(db_path))
    log.warning("damaged database kept as %s", target.name)
    return target


def _backup_current(db_path: Path, backup_dir: Path, clock: Clock,
                    key: bytes | None) -> Path | None:
    if not db_path.is_file() or not os.access(db_path, os.R_OK):
        return None
    try:
        return make_backup(db_path, backup_dir, clock=clock, reason="pre-restore", key=key)
    except StorageError as exc:
        if exc.code != "backup.corrupt":
            raise  # e.g. no space: never replace the database without a copy of it
    return _salvage_copy(db_path, backup_dir, clock)


def restore_backup(
    src: Path,
    db_path: Path,
    backup_dir: Path,
    *,
    clock: Clock = system_clock,
    key: bytes | None = None,
) -> Path | None:
    """Replace the database at ``db_path`` with a verified copy of ``src``.

    The caller guarantees that no connection to ``db_path`` is open (dispose every engine
    and close the store first); otherwise open connections keep seeing the old file.

    Steps: verify ``src`` (refusing ``db.too_new``); copy the current database to a
    ``pre-restore`` backup (a damaged one is kept raw as ``salvage-*.db``); copy ``src``
    via the backup API into a temp file next to ``db_path``, integrity-check and fsync
    it; only then remove the target's stale ``-wal``/``-shm``/``-journal``, ``os.replace``
    the temp file into place and fsync the folder. Returns the pre-restore copy (or None
    when there was no current database). ``src`` itself is never modified.

    ``key``: the database key (None: plain). The restored database is always encrypted with
    it, also when ``src`` is a plain file (copied with ``sqlcipher_export``).
    """
    src = Path(src)
    db_path = Path(db_path)
    backup_dir = Path(backup_dir)
    version = verify_database_file(src, key)
    if version > SCHEMA_VERSION:
        raise StorageError("db.too_new", found=version, supported=SCHEMA_VERSION)
    src_plain = is_plain_sqlite_file(src)
    current_key = None if is_plain_sqlite_file(db_path) else key

    pre = _backup_current(db_path, backup_dir, clock, current_key)

    directory = db_path.parent
    tmp = directory / f".{db_path.name}.{uuid.uuid4().hex}.restore.tmp"
    with _temp_db_until_replaced(tmp, path=src, corrupt_code="restore.corrupt"):
        directory.mkdir(parents=True, exist_ok=True)
        copy_database(src, tmp, src_key=None if src_plain else key, dst_key=key)
        problems = integrity_problems(tmp, key)
        if problems:
            raise StorageError("restore.corrupt", path=str(src), problems=problems)
        fsync_file(tmp)
        # A stale WAL or journal would be replayed onto the restored file: remove them,
        # but only now that the copy is known to be good.
        for suffix in _SIDECARS:
            _unlink_quietly_strict(db_path.with_name(db_path.name + suffix))
        os.replace(tmp, db_path)
        fsync_dir(directory)
    log.info("database restored from %s (version %d)", src.name, version)
    return pre


def _unlink_quietly_strict(path: Path) -> None:
    """Remove a file if present; other errors propagate (a stale WAL must not survive)."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
