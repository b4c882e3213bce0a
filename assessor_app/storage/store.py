"""Opening and closing the app's database (RELIABILITY.md D-2, D-3).

``open_store`` is the only way the app opens its data folder::

    store = open_store(resolve_paths())      # may raise StorageError (see below)
    ...
    store.close()                             # clean exit: checkpoint, dispose, unlock

Order: create the folders, take ``running.lock`` (an existing stale one means the last
exit was unclean), make the engine, ``quick_check`` (plus the full ``integrity_check`` and
``foreign_key_check`` after an unclean exit), and only when the database is healthy run
``ensure_schema`` (which backs up before migrating).

Errors: ``db.in_use`` (another instance runs), ``db.corrupt`` (``problems``; nothing was
written, the caller offers a restore from a backup), ``db.too_new``, ``db.not_ours``,
``migration.backup_failed``, ``disk.read_only`` (the folder cannot be written and there is
no usable database in it).

If the data folder is not writable the database is opened read-only and
``startup.read_only`` is True; no lock is taken then.

Encryption at rest: ``open_store(paths, key=dek)`` opens ``assessor.db`` with SQLCipher
(the key comes from :func:`assessor_app.services.keys.database_key`). A plain database
found with a key is encrypted in place first (:mod:`assessor_app.storage.encrypt`), then
any plain backup is re-encrypted. Errors: ``key.needed`` (an encrypted database opened
without a key), ``key.db_mismatch`` (the key does not open this database).

PostgreSQL (``open_store(paths, database_url="postgresql+psycopg://...")``): the data folder
still holds the logs, ``running.lock`` (one per installation) and the outbox, and must be
writable (``disk.read_only`` otherwise); the database lives on the server. The checks are
the server health check (``db.unavailable``, ``db.access_denied``, ``db.pg_encoding``...);
there is no file backup before a migration (a migration is one transaction, and PostgreSQL
rolls DDL back with it): back the server up with ``pg_dump`` - see docs/postgresql.md.
"""

from __future__ import annotations

import errno
import logging
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from assessor_app.core.clock import Clock, system_clock
from assessor_app.core.errors import StorageError
from assessor_app.fileio import storage_error_from_os
from assessor_app.paths import AppPaths, private_file
from assessor_app.storage.db import (
    database_info,
    display_url,
    integrity_check,
    is_plain_sqlite_file,
    is_sqlite,
    make_engine,
    normalise_url,
    quick_check,
    sqlite_url,
    storage_error_from_db,
    wal_checkpoint,
)
from assessor_app.storage.migrations import MigrationReport, ensure_schema
from assessor_app.storage.session_lock import PreviousSession, SessionLock

__all__ = ["StartupReport", "Store", "open_store"]

log = logging.getLogger(__name__)

_READ_ONLY_ERRNOS = frozenset((errno.EROFS, errno.EACCES, errno.EPERM))


@dataclass(frozen=True)
class StartupReport:
    unclean_exit: PreviousSession | None  # set: show the recovery summary
    integrity_problems: list[str]  # always [] on a returned store (problems raise db.corrupt)
    migration: MigrationReport
    read_only: bool


class Store:
    """An open database: ``engine``, ``paths``, ``startup`` report, ``close()``."""

    def __init__(
        self,
        engine: Engine,
        paths: AppPaths,
        startup: StartupReport,
        lock: SessionLock | None,
        key: bytes | None = None,
    ) -> None:
        self.engine = engine
        self.paths = paths
        self.startup = startup
        self._lock = lock
        self._key = key
        self._closed = False

    @property
    def key(self) -> bytes | None:
        """The database key (None: a plain SQLite file, or a server database)."""
        return self._key

    @property
    def encrypted(self) -> bool:
        return self._key is not None

    @property
    def read_only(self) -> bool:
        return self.startup.read_only

    @property
    def is_sqlite(self) -> bool:
        """True for the SQLite file in the data folder (backups, PRAGMA checks apply)."""
        return is_sqlite(self.engine)

    @property
    def location(self) -> str:
        """The database file, or the server URL with its password hidden."""
        return str(self.paths.db_path) if self.is_sqlite else display_url(self.engine.url)

    def require_sqlite(self, action: str) -> None:
        """Refuse a file-level operation (backup, restore, file check) on a server database:
        ``StorageError("backup.not_sqlite")`` (PostgreSQL backups are ``pg_dump``'s job)."""
        if not self.is_sqlite:
            raise StorageError("backup.not_sqlite", action=action, url=self.location)

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self, clean: bool = True) -> None:
        """Close the database. Idempotent.

        ``clean=True`` (normal exit): ``PRAGMA wal_checkpoint(TRUNCATE)``, dispose the
        engine, remove ``running.lock``. ``clean=False`` (closing after a fatal error):
        dispose the engine but keep the lock, so the next start runs the full checks.
        """
        if self._closed:
            return
        self._closed = True
        try:
            if clean and not self.read_only:
                try:
                    busy, _, _ = wal_checkpoint(self.engine, "TRUNCATE")
                    if busy:
                        log.warning("WAL checkpoint at close was blocked by a reader")
                except StorageError:
                    log.warning("WAL checkpoint at close failed", exc_info=True)
        finally:
            self.engine.dispose()
            if clean and self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.close(clean=exc_type is None)


def _dir_writable(directory: Path) -> bool:
    """Try to create a file in ``directory`` (permission bits lie for root/ACLs)."""
    probe = directory / f".write-probe-{uuid.uuid4().hex}"
    try:
        fd = os.open(probe, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as exc:
        if exc.errno in _READ_ONLY_ERRNOS:
            return False
        raise storage_error_from_os(exc, directory) from exc
    os.close(fd)
    try:
        probe.unlink()
    except OSError:  # pragma: no cover - odd file systems
        log.warning("could not remove write probe in %s", directory)
    return True


def _prepare_dirs(paths: AppPaths) -> bool:
    """Create the data folders; returns False when the data folder is read-only."""
    try:
        paths.ensure()
    except OSError as exc:
        if exc.errno not in _READ_ONLY_ERRNOS or not paths.data_dir.is_dir():
            raise storage_error_from_os(exc, paths.data_dir) from exc
        return False
    if not _dir_writable(paths.data_dir):
        return False
    db = paths.db_path
    return not (db.exists() and not os.access(db, os.W_OK))


def open_store(
    paths: AppPaths,
    *,
    clock: Clock = system_clock,
    take_lock: bool = True,
    database_url: str | None = None,
    key: bytes | None = None,
) -> Store:
    """Open (creating or migrating if needed) the database in ``paths.data_dir``, or the
    server database at ``database_url`` (PostgreSQL; see the module docstring). ``key``:
    the SQLCipher database key of the SQLite file (None: plain)."""
    if database_url:
        return _open_server_store(paths, database_url, clock=clock, take_lock=take_lock)
    writable = _prepare_dirs(paths)
    read_only = not writable
    db = paths.db_path
    if read_only and not db.is_file():
        raise StorageError("disk.read_only", path=str(paths.data_dir))
    if read_only:
        log.warning("data folder is not writable; opening the database read-only")
    has_data = db.is_file() and db.stat().st_size > 0
    if key is None and has_data and not is_plain_sqlite_file(db):
        from assessor_app.core.keys import KeyAccessError

        raise KeyAccessError("key.needed", path=str(db))

    def migrate(engine: Engine) -> MigrationReport:
        return ensure_schema(engine, db_path=paths.db_path, backup_dir=paths.backup_dir,
                             clock=clock, key=key)

    def encrypt() -> None:
        from assessor_app.storage import encrypt as encrypt_mod

        if key is None or read_only:
            return
        encrypt_mod.remove_leftovers(paths.data_dir)
        encrypt_mod.remove_leftovers(paths.backup_dir)
        if has_data and is_plain_sqlite_file(db):
            encrypt_mod.encrypt_in_place(db, key)
        encrypt_mod.encrypt_plain_backups(paths.backup_dir, key)
        encrypt_mod.encrypt_plain_outbox(paths.outbox_dir, key)

    store = _open_checked(paths, sqlite_url(db), clock=clock,
                          take_lock=take_lock and not read_only, read_only=read_only,
                          migrate=migrate, key=key, before=encrypt)
    if not read_only:
        for name in ("", "-wal", "-shm"):
            private_file(db.with_name(db.name + name))
    return store


def _open_server_store(paths: AppPaths, database_url: str, *, clock: Clock,
                       take_lock: bool) -> Store:
    url = normalise_url(database_url)
    if url.get_backend_name() != "postgresql":
        # A SQLite file always lives in the data folder (backups, lock and checks with it).
        raise StorageError("db.bad_url", url=display_url(url))
    if not _prepare_dirs(paths):
        raise StorageError("disk.read_only", path=str(paths.data_dir))

    def migrate(engine: Engine) -> MigrationReport:
        info = database_info(engine)
        if not info.byte_order_collation:
            log.warning("database collation %s sorts text differently from SQLite; "
                        "C or C.UTF-8 is recommended", info.collation)
        migration = ensure_schema(engine, db_path=None, backup_dir=None, clock=clock)
        log.info("database: %s (PostgreSQL %s, schema %d)", display_url(url),
                 info.server_version, migration.to_version)
        return migration

    return _open_checked(paths, url.render_as_string(hide_password=False), clock=clock,
                         take_lock=take_lock, read_only=False, migrate=migrate,
                         server=display_url(url))


def _open_checked(paths: AppPaths, url: str, *, clock: Clock, take_lock: bool,
                  read_only: bool, migrate: Callable[[Engine], MigrationReport],
                  server: str | None = None, key: bytes | None = None,
                  before: Callable[[], None] | None = None) -> Store:
    """Take the session lock, open the engine, check the database (fully after an unclean
    exit; a server's check is ``SELECT 1``, which raises ``db.unavailable``...) and
    ``migrate`` it. On a failure the engine is disposed and the lock released, except when
    the database is damaged: the next start checks it fully again. ``server``: the server's
    URL without its password, for its driver errors as ``StorageError``. ``before`` runs
    under the lock before the engine is made (the in-place encryption)."""
    lock: SessionLock | None = None
    previous: PreviousSession | None = None
    if take_lock:
        lock = SessionLock(paths.lock_path, clock=clock)
        previous = lock.acquire()

    engine: Engine | None = None
    keep_lock = False
    try:
        if before is not None:
            before()
        engine = make_engine(url, read_only=read_only, key=key)
        problems = quick_check(engine)
        if problems and key is not None and _not_a_database(problems):
            from assessor_app.core.keys import KeyAccessError

            raise KeyAccessError("key.db_mismatch", path=str(paths.db_path))
        if not problems and previous is not None:
            problems = integrity_check(engine)
        if problems:
            keep_lock = True  # still unclean: the next start re-runs the full check
            raise StorageError("db.corrupt", path=str(paths.db_path), problems=problems)
        migration = migrate(engine)
    except BaseException as exc:
        if engine is not None:
            engine.dispose()
        if lock is not None and not keep_lock:
            lock.release()
        if server is not None and isinstance(exc, DBAPIError):
            err = storage_error_from_db(exc, path=server)
            if err is not None:
                raise err from exc
        raise
    startup = StartupReport(
        unclean_exit=previous,
        integrity_problems=[],
        migration=migration,
        read_only=read_only,
    )
    return Store(engine, paths, startup, lock, key)


def _not_a_database(problems: list[str]) -> bool:
    """SQLCipher's answer to a key that does not open the file (SQLITE_NOTADB)."""
    return any("not a database" in p for p in problems)
