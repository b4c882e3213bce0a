"""The one engine factory, session helpers and health checks (RELIABILITY.md D-1, D-3).

Every database connection of the app is made by :func:`make_engine`, so that the durability
pragmas (and, later, encryption at rest) live in exactly one place.

SQLite transactions are started by SQLAlchemy's ``begin`` event rather than by the
``sqlite3`` module (the recipe from the SQLAlchemy SQLite dialect docs): ``isolation_level``
is set to ``None`` on connect and every transaction starts with ``BEGIN IMMEDIATE``, so a
write transaction takes the write lock at its start (waiting up to ``busy_timeout``) instead
of failing with SQLITE_BUSY half-way through. Pure reads (:func:`read_session`) and
read-only engines use a deferred ``BEGIN``.

Environment failures are raised as ``StorageError`` with these codes:

``disk.full``        SQLITE_FULL, "database or disk is full" (param ``path``)
``db.io``            SQLITE_IOERR, "disk I/O error" (``path``, ``detail``)
``disk.read_only``   SQLITE_READONLY, "attempt to write a readonly database" (``path``)
``db.busy``          SQLITE_BUSY/LOCKED after ``busy_timeout`` (``path``)
``db.corrupt``       SQLITE_CORRUPT/NOTADB (``path``, ``problems``)
``db.cant_open``     SQLITE_CANTOPEN (``path``)
``db.pragmas``       a durability pragma did not stick (``synchronous``, ``journal_mode``)
"""

from __future__ import annotations

import logging
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from assessor_app.core.errors import StorageError

__all__ = [
    "connect_file",
    "BEGIN_MODE_OPTION",
    "connect_read_only",
    "integrity_check",
    "is_read_only",
    "is_sqlite",
    "make_engine",
    "quick_check",
    "read_session",
    "sqlite_uri_filename",
    "sqlite_url",
    "storage_error_from_db",
    "wal_checkpoint",
    "write_session",
]

log = logging.getLogger(__name__)

#: Execution option read by the ``begin`` hook: "IMMEDIATE" (default) or "DEFERRED".
BEGIN_MODE_OPTION = "assessor_begin_mode"
_BEGIN_MODES = frozenset({"DEFERRED", "IMMEDIATE", "EXCLUSIVE"})

DEFAULT_BUSY_TIMEOUT_MS = 5000

# SQLite primary result codes (extended codes are masked with 0xFF).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# PostgreSQL SQLSTATEs (for later): disk_full, read_only_sql_transaction, io_error.
_PG_STATES = {"53100": "disk.full", "25006": "disk.read_only", "58030": "db.io"}


# --------------------------------------------------------------------------- URLs


def sqlite_url(path: Path) -> str:
    """SQLAlchemy URL for a SQLite file; safe for spaces, ``#``, ``?`` and ``%`` in the path."""
    return URL.create("sqlite", database=str(Path(path))).render_as_string(hide_password=False)


def sqlite_uri_filename(path: Path) -> str:
    """``file:`` URI for ``sqlite3.connect(..., uri=True)`` (percent-encoded, absolute)."""
    posix = Path(path).resolve().as_posix()
    if not posix.startswith("/"):  # Windows drive path "C:/..." -> "/C:/..."
        posix = "/" + posix
    return "file://" + urllib.parse.quote(posix, safe="/:")


def _is_memory(database: str | None) -> bool:
    return not database or database == ":memory:" or "mode=memory" in database


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


# --------------------------------------------------------------------------- engine


def connect_file(path: Path, *, create: bool = False) -> sqlite3.Connection:
    """A raw DB-API connection to a database FILE (backup API, verification of copies).

    The only other place besides :func:`make_engine` that opens SQLite, so keying for
    encryption at rest is added here too. ``create=False`` never creates a missing file.
    """
    if create:
        return sqlite3.connect(str(path))
    return sqlite3.connect(sqlite_uri_filename(path) + "?mode=rw", uri=True)


def connect_read_only(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """Open an existing SQLite file read-only (``mode=ro``); never creates a file.

    A WAL-mode file whose ``-shm`` does not exist cannot be opened ``mode=ro`` in a
    folder we cannot write (read-only mount, USB stick): SQLite reports SQLITE_CANTOPEN.
    Then the file is opened with ``immutable=1`` (no locking, the WAL is not read), which
    is right for a folder nobody can write to.
    """
    uri = sqlite_uri_filename(path) + "?mode=ro"
    con = sqlite3.connect(uri, uri=True, check_same_thread=check_same_thread)
    try:
        con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # force the open
        return con
    except sqlite3.OperationalError as exc:
        con.close()
        code = getattr(exc, "sqlite_errorcode", None)
        if not isinstance(code, int) or code & 0xFF != _SQLITE_CANTOPEN or not path.is_file():
            raise
    except BaseException:
        con.close()
        raise
    log.info("opening %s as immutable (its folder is read-only)", path.name)
    return sqlite3.connect(uri + "&immutable=1", uri=True, check_same_thread=check_same_thread)


def _apply_pragmas(
    dbapi_connection: sqlite3.Connection, *, read_only: bool, memory: bool, busy_timeout_ms: int
) -> None:
    cur = dbapi_connection.cursor()
    try:
        # busy_timeout first: switching to WAL needs a lock another process may hold.
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if not read_only:
            cur.execute("PRAGMA journal_mode=WAL")
        for pragma in ("synchronous=FULL", "foreign_keys=ON", "temp_store=MEMORY"):
            cur.execute(f"PRAGMA {pragma}")
        if not read_only:
            cur.execute("PRAGMA secure_delete=ON")
        synchronous = cur.execute("PRAGMA synchronous").fetchone()[0]
        journal_mode = str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    finally:
        cur.close()
    wal_expected = not read_only and not memory
    if synchronous != 2 or (wal_expected and journal_mode != "wal"):
        raise StorageError("db.pragmas", synchronous=synchronous, journal_mode=journal_mode)


def make_engine(
    url: str, *, read_only: bool = False, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS
) -> Engine:
    """Create the app's engine for ``url``.

    SQLite: every connection gets ``journal_mode=WAL, synchronous=FULL, foreign_keys=ON,
    busy_timeout, secure_delete=ON, temp_store=MEMORY``; ``synchronous == FULL`` and
    ``journal_mode == wal`` are checked (``StorageError("db.pragmas")`` otherwise).
    ``read_only=True`` opens ``file:...?mode=ro`` and does not touch the journal mode.
    ``busy_timeout_ms`` exists for tests; the app uses the 5 s default.

    Other databases (PostgreSQL, later): a plain engine with ``pool_pre_ping``.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)

    database = parsed.database
    memory = _is_memory(database)
    if read_only:
        if memory or database is None or database.startswith("file:"):
            raise ValueError("read_only needs the URL of a database file (sqlite_url)")
        ro_path = Path(database)
        parsed = URL.create(
            parsed.drivername,
            database=sqlite_uri_filename(ro_path),
            query={"mode": "ro", "uri": "true"},
        )
        engine = create_engine(
            parsed, creator=lambda: connect_read_only(ro_path, check_same_thread=False)
        )
    else:
        connect_args: dict[str, Any] = {} if memory else {"check_same_thread": False}
        engine = create_engine(parsed, connect_args=connect_args)
    default_begin = "DEFERRED" if read_only else "IMMEDIATE"

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Take transaction control away from the sqlite3 module (SQLAlchemy recipe);
        # the "begin" hook below emits BEGIN itself, sqlite3 still emits COMMIT/ROLLBACK.
        dbapi_connection.isolation_level = None
        try:
            _apply_pragmas(
                dbapi_connection,
                read_only=read_only,
                memory=memory,
                busy_timeout_ms=busy_timeout_ms,
            )
        except BaseException:
            dbapi_connection.close()
            raise

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = str(conn.get_execution_options().get(BEGIN_MODE_OPTION, default_begin)).upper()
        if mode not in _BEGIN_MODES:
            raise ValueError(f"unknown begin mode {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


# --------------------------------------------------------------------------- errors


def is_read_only(engine: Engine) -> bool:
    """True for an engine made with ``make_engine(..., read_only=True)``."""
    return is_sqlite(engine) and engine.url.query.get("mode") == "ro"


def _engine_path(engine: Engine | None) -> str | None:
    if engine is None:
        return None
    database = engine.url.database
    if database and database.startswith("file:"):  # read-only URI form
        return urllib.parse.unquote(urllib.parse.urlsplit(database).path)
    return database


def storage_error_from_db(exc: BaseException, *, path: str | None = None) -> StorageError | None:
    """Translate a driver error into a ``StorageError`` (None if it is not environmental).

    Accepts a SQLAlchemy ``DBAPIError`` or a raw ``sqlite3.Error``. Constraint violations,
    SQL errors and the like return None: they are bugs or handled by the caller.
    """
    if isinstance(exc, StorageError):
        return exc
    orig: BaseException | None = exc.orig if isinstance(exc, DBAPIError) else exc
    if orig is None:
        return None
    detail = str(orig)
    if not isinstance(orig, sqlite3.Error):
        pgcode = getattr(orig, "pgcode", None) or getattr(orig, "sqlstate", None)
        code = _PG_STATES.get(str(pgcode)) if pgcode else None
        return StorageError(code, path=path, detail=detail) if code else None

    errcode = getattr(orig, "sqlite_errorcode", None)
    primary = errcode & 0xFF if isinstance(errcode, int) else None
    msg = detail.lower()
    if primary == _SQLITE_FULL or "database or disk is full" in msg:
        return StorageError("disk.full", path=path)
    if primary == _SQLITE_READONLY or "readonly database" in msg:
        return StorageError("disk.read_only", path=path)
    if primary == _SQLITE_IOERR or "disk i/o error" in msg:
        return StorageError("db.io", path=path, detail=detail)
    if (
        primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB)
        or "malformed" in msg
        or ("not a database" in msg)
    ):
        return StorageError("db.corrupt", path=path, problems=[detail])
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in msg:
        return StorageError("db.busy", path=path)
    if primary == _SQLITE_CANTOPEN or "unable to open database" in msg:
        return StorageError("db.cant_open", path=path)
    if primary == _SQLITE_PERM:
        return StorageError("disk.read_only", path=path)
    return None


def _close_quietly(session: Session) -> None:
    try:
        session.close()
    except Exception:  # the original error matters more than a failed rollback
        log.warning("closing a session after an error failed", exc_info=True)


# --------------------------------------------------------------------------- sessions


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """One short write transaction: ``BEGIN IMMEDIATE`` ... ``COMMIT``.

    The write lock is taken on entry (so a busy database fails before any work is done),
    the transaction commits when the block ends normally and rolls back on an exception.
    Environment errors become ``StorageError`` (see module docstring); everything else
    (e.g. ``IntegrityError``) propagates unchanged. Objects stay usable after the commit
    (``expire_on_commit=False``). Do not nest write sessions on one thread.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        session.connection()  # emits BEGIN IMMEDIATE now
        yield session
        session.commit()
    except BaseException as exc:
        _close_quietly(session)
        err = storage_error_from_db(exc, path=_engine_path(engine))
        if err is not None and err is not exc:
            raise err from exc
        raise
    else:
        session.close()


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only unit of work in one deferred transaction (a consistent WAL snapshot).

    Nothing is committed; the transaction is rolled back when the block ends.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        session.connection(execution_options={BEGIN_MODE_OPTION: "DEFERRED"})
        yield session
    except BaseException as exc:
        _close_quietly(session)
        err = storage_error_from_db(exc, path=_engine_path(engine))
        if err is not None and err is not exc:
            raise err from exc
        raise
    else:
        session.close()


# --------------------------------------------------------------------------- checks


def _run_pragma(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
    """Run a PRAGMA on a pooled raw connection, outside any transaction."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        try:
            cur.execute(sql)
            return [tuple(row) for row in cur.fetchall()]
        finally:
            cur.close()
    finally:
        raw.close()  # back to the pool


def _check(engine: Engine, pragmas: list[str]) -> list[str]:
    problems: list[str] = []
    try:
        for pragma in pragmas:
            rows = _run_pragma(engine, pragma)
            if pragma.endswith("foreign_key_check"):
                problems += [
                    f"foreign_key_check: {table} rowid={rowid} references {parent} (fk {fkid})"
                    for table, rowid, parent, fkid in rows
                ]
            else:
                texts = [str(row[0]) for row in rows]
                if texts != ["ok"]:
                    problems += texts
    except (DBAPIError, sqlite3.Error) as exc:
        err = storage_error_from_db(exc, path=_engine_path(engine))
        if err is not None and err.code == "db.corrupt":
            problems += [str(p) for p in err.params.get("problems", [])]
        elif err is not None:
            raise err from exc
        else:
            raise
    return problems


def quick_check(engine: Engine) -> list[str]:
    """``PRAGMA quick_check``: [] when healthy, else the problems (also "not a database").

    Non-SQLite engines return [] (the server is responsible for its own integrity).
    """
    if not is_sqlite(engine):
        return []
    return _check(engine, ["PRAGMA quick_check"])


def integrity_check(engine: Engine) -> list[str]:
    """Full ``PRAGMA integrity_check`` plus ``PRAGMA foreign_key_check``; [] when healthy."""
    if not is_sqlite(engine):
        return []
    return _check(engine, ["PRAGMA integrity_check", "PRAGMA foreign_key_check"])


def wal_checkpoint(engine: Engine, mode: str = "TRUNCATE") -> tuple[int, int, int]:
    """``PRAGMA wal_checkpoint(mode)``; returns (busy, log_frames, checkpointed_frames)."""
    if not is_sqlite(engine):
        return (0, 0, 0)
    mode = mode.upper()
    if mode not in {"PASSIVE", "FULL", "RESTART", "TRUNCATE"}:
        raise ValueError(f"unknown checkpoint mode {mode!r}")
    try:
        rows = _run_pragma(engine, f"PRAGMA wal_checkpoint({mode})")
    except (DBAPIError, sqlite3.Error) as exc:
        err = storage_error_from_db(exc, path=_engine_path(engine))
        if err is not None:
            raise err from exc
        raise
    busy, log_frames, done = rows[0]
    return int(busy), int(log_frames), int(done)
