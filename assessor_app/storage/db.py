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

Encryption at rest (SQLCipher, RELIABILITY.md section 4): ``key`` (32 random bytes, the
database key unwrapped by :mod:`assessor_app.core.keys`) makes :func:`make_engine`,
:func:`connect_file` and :func:`connect_read_only` open the file through ``sqlcipher3``
with ``PRAGMA key = "x'<hex>'"`` as the first statement (a raw key: no per-connection
KDF). ``key=None`` opens a plain SQLite file with the standard ``sqlite3`` module. The
durability pragmas are the same either way (WAL pages are encrypted too). A wrong key
shows as SQLITE_NOTADB, which :func:`open_store <assessor_app.storage.store.open_store>`
reports as ``key.wrong`` rather than ``db.corrupt``.

PostgreSQL (an office that outgrows one machine: ``--database-url postgresql+psycopg://...``)
runs the same models, migrations and services. What differs, and why:

* No PRAGMAs, no WAL files, no backup API: the server owns durability and backups
  (``pg_dump``); :func:`quick_check` / :func:`integrity_check` are a ``SELECT 1`` health
  check (the server checks its own pages and foreign keys), :func:`wal_checkpoint` is a
  no-op.
* ``BEGIN IMMEDIATE`` has no PostgreSQL twin, so a write transaction (the default mode:
  :func:`write_session`, ``engine.begin()``) first takes the transaction-level advisory
  lock :data:`PG_WRITE_LOCK_KEY`. Writers queue one at a time exactly as on SQLite, so
  every read-check-write in a service (an answer's ``seq``, a repeat row's ``position``,
  two office PCs creating the schema at once) stays race-free; readers never wait (MVCC).
  ``lock_timeout`` = ``busy_timeout_ms`` turns a long wait into ``db.busy``.
* :func:`read_session` runs ``REPEATABLE READ, READ ONLY``: one snapshot for the whole
  block, like a SQLite read transaction in WAL mode.
* The database must be UTF8 (``db.pg_encoding`` otherwise); a ``C``/``C.UTF-8`` collation
  makes text order byte-wise as on SQLite (:class:`DatabaseInfo`).
* Server errors map by SQLSTATE (:data:`_PG_STATES`, :data:`_PG_CLASSES`): ``disk.full``,
  ``disk.read_only``, ``db.io``, ``db.corrupt``, ``db.busy`` (lock timeout, deadlock,
  serialization failure, too many connections), ``db.access_denied`` (authentication,
  privileges) and ``db.unavailable`` (server down or unreachable, database missing). Their
  ``path`` is the URL with the password hidden (:func:`display_url`).
"""

from __future__ import annotations

import logging
import sqlite3
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, cast

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from assessor_app.core.errors import InvalidValueError, StorageError

__all__ = [
    "connect_file",
    "BEGIN_MODE_OPTION",
    "KEY_BYTES",
    "SQLITE_MAGIC",
    "is_plain_sqlite_file",
    "sqlcipher_module",
    "sqlite_database_errors",
    "sqlite_errors",
    "PG_WRITE_LOCK_KEY",
    "DatabaseInfo",
    "connect_read_only",
    "database_info",
    "display_url",
    "is_postgresql",
    "normalise_url",
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
    "write_connection",
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

# PostgreSQL SQLSTATE -> StorageError code (whole SQLSTATE classes in _PG_CLASSES).
_PG_STATES = {
    "53100": "disk.full",  # disk_full
    "25006": "disk.read_only",  # read_only_sql_transaction
    "58030": "db.io",  # io_error
    "58000": "db.io",  # system_error
    "53200": "db.io",  # out_of_memory
    "XX001": "db.corrupt",  # data_corrupted
    "XX002": "db.corrupt",  # index_corrupted
    "55P03": "db.busy",  # lock_not_available (lock_timeout)
    "40001": "db.busy",  # serialization_failure
    "40P01": "db.busy",  # deadlock_detected
    "55006": "db.busy",  # object_in_use
    "53300": "db.busy",  # too_many_connections
    "57P01": "db.unavailable",  # admin_shutdown
    "57P02": "db.unavailable",  # crash_shutdown
    "57P03": "db.unavailable",  # cannot_connect_now (starting up)
    "3D000": "db.unavailable",  # invalid_catalog_name: the database does not exist
    "42501": "db.access_denied",  # insufficient_privilege
}
_PG_CLASSES = {
    "08": "db.unavailable",  # connection_exception
    "28": "db.access_denied",  # invalid_authorization_specification, wrong password
}

# Connection failures carry no SQLSTATE; these (English) server messages mean "denied".
_PG_AUTH_MESSAGES = ("authentication failed", "no pg_hba.conf entry", "permission denied",
                     "role \"")

#: Transaction-level advisory lock taken by every PostgreSQL write transaction (the twin
#: of SQLite's write lock). First 8 bytes of sha256(b"assessor_app.write"), signed int64.
PG_WRITE_LOCK_KEY = -0x63E9C6BEC7BD1823

_C_COLLATIONS = frozenset({"c", "posix", "c.utf-8", "c.utf8", "ucs_basic"})

#: Length of a database key (SQLCipher raw key: AES-256).
KEY_BYTES = 32
#: The first 16 bytes of a plain SQLite file; an encrypted file starts with random salt.
SQLITE_MAGIC = b"SQLite format 3\x00"

#: The SQLCipher build of the sqlite3 module (PyPI sqlcipher3-binary / -wheels), imported
#: by :func:`sqlcipher_module` when an encrypted file is first opened: a plain store never
#: loads it (nor the OpenSSL it brings, about 5 MB).
_sqlcipher: ModuleType | None = None

#: Prepared statements a ``sqlcipher3`` connection keeps. Its binding still has pysqlite's
#: old statement cache: once full, a statement seen for the first time goes to the tail
#: and the next new one evicts it, so a full cache re-prepares every statement of every
#: answer save (the stdlib ``sqlite3`` of Python 3.11 has a true LRU). Opening a store
#: alone issues about 150 distinct statements, more than the default 100; this size keeps
#: a whole session's statements (a test checks the margin) at a few MB at most.
SQLCIPHER_STATEMENT_CACHE = 1024


def sqlite_errors() -> tuple[type[Exception], ...]:
    """Driver errors of both SQLite modules (plain ``sqlite3``, and ``sqlcipher3`` once it
    is loaded: before that no connection can raise its errors)."""
    cipher = _sqlcipher
    return (sqlite3.Error,) if cipher is None else (sqlite3.Error, cipher.Error)


def sqlite_database_errors() -> tuple[type[Exception], ...]:
    """``DatabaseError`` of both SQLite modules (see :func:`sqlite_errors`)."""
    cipher = _sqlcipher
    return (sqlite3.DatabaseError,) if cipher is None \
        else (sqlite3.DatabaseError, cipher.DatabaseError)


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


def is_postgresql(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def display_url(url: str | URL) -> str:
    """The URL with its password hidden: safe for logs and messages."""
    try:
        parsed = make_url(url)
    except Exception:  # never echo an unparsable URL: it may hold a secret
        return "<invalid database URL>"
    return parsed.render_as_string(hide_password=True)


def normalise_url(url: str | URL) -> URL:
    """Parse a ``--database-url``; ``postgres://`` and ``postgresql://`` get psycopg 3.

    Only SQLite and PostgreSQL through psycopg 3 are supported; anything else, or a URL
    that does not parse, raises ``StorageError("db.bad_url")`` (password hidden).
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # ArgumentError, ValueError
        raise StorageError("db.bad_url", url=display_url(url)) from exc
    backend = parsed.get_backend_name()
    if backend in ("postgres", "postgresql"):
        if parsed.drivername in ("postgres", "postgresql", "postgresql+psycopg2"):
            parsed = parsed.set(drivername="postgresql+psycopg")
        if parsed.drivername != "postgresql+psycopg" or not parsed.database:
            raise StorageError("db.bad_url", url=display_url(parsed))
        return parsed
    if backend == "sqlite":
        return parsed
    raise StorageError("db.bad_url", url=display_url(parsed))


# --------------------------------------------------------------------------- engine


def sqlcipher_module() -> ModuleType:
    """The ``sqlcipher3.dbapi2`` module (``StorageError("db.no_sqlcipher")`` if missing),
    imported on first use."""
    global _sqlcipher
    if _sqlcipher is None:
        try:
            from sqlcipher3 import dbapi2
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise StorageError("db.no_sqlcipher") from exc
        _sqlcipher = dbapi2
    return _sqlcipher


def is_plain_sqlite_file(path: Path) -> bool:
    """True when ``path`` starts with the plain SQLite header (not encrypted)."""
    try:
        with open(path, "rb") as f:
            return f.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _key_pragma(key: bytes) -> str:
    if not isinstance(key, bytes | bytearray) or len(key) != KEY_BYTES:
        raise ValueError("a database key is 32 bytes")
    return f"PRAGMA key = \"x'{bytes(key).hex()}'\""


def apply_key(con: Any, key: bytes) -> None:
    """Key a fresh ``sqlcipher3`` connection: must run before anything reads the file.
    SQLCipher's own stderr log is silenced (a wrong key is reported as ``key.wrong``)."""
    con.execute("PRAGMA cipher_log_level = NONE")
    con.execute(_key_pragma(key))


def _raw_connect(target: str, *, uri: bool, key: bytes | None,
                 check_same_thread: bool = True) -> sqlite3.Connection:
    """``sqlite3.connect`` for plain files, ``sqlcipher3.connect`` + key for encrypted ones."""
    if key is None:
        return sqlite3.connect(target, uri=uri, check_same_thread=check_same_thread)
    con = sqlcipher_module().connect(target, uri=uri, check_same_thread=check_same_thread,
                                     cached_statements=SQLCIPHER_STATEMENT_CACHE)
    try:
        apply_key(con, key)
    except BaseException:
        con.close()
        raise
    return cast(sqlite3.Connection, con)


def connect_file(path: Path, *, create: bool = False, key: bytes | None = None
                 ) -> sqlite3.Connection:
    """A raw DB-API connection to a database FILE (backup API, verification of copies).

    The only other place besides :func:`make_engine` that opens SQLite; ``key`` opens (or
    creates) an encrypted file. ``create=False`` never creates a missing file.
    """
    if create:
        return _raw_connect(str(path), uri=False, key=key)
    return _raw_connect(sqlite_uri_filename(path) + "?mode=rw", uri=True, key=key)


def connect_read_only(path: Path, *, check_same_thread: bool = True,
                      key: bytes | None = None) -> sqlite3.Connection:
    """Open an existing SQLite file read-only (``mode=ro``); never creates a file.

    A WAL-mode file whose ``-shm`` does not exist cannot be opened ``mode=ro`` in a
    folder we cannot write (read-only mount, USB stick): SQLite reports SQLITE_CANTOPEN.
    Then the file is opened with ``immutable=1`` (no locking, the WAL is not read), which
    is right for a folder nobody can write to.
    """
    uri = sqlite_uri_filename(path) + "?mode=ro"
    con = _raw_connect(uri, uri=True, key=key, check_same_thread=check_same_thread)
    try:
        con.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # force the open
        return con
    except sqlite_errors() as exc:
        if type(exc).__name__ != "OperationalError":
            con.close()
            raise
        con.close()
        code = getattr(exc, "sqlite_errorcode", None)
        if not isinstance(code, int) or code & 0xFF != _SQLITE_CANTOPEN or not path.is_file():
            raise
    except BaseException:
        con.close()
        raise
    log.info("opening %s as immutable (its folder is read-only)", path.name)
    return _raw_connect(uri + "&immutable=1", uri=True, key=key,
                        check_same_thread=check_same_thread)


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
    url: str, *, read_only: bool = False, busy_timeout_ms: int = DEFAULT_BUSY_TIMEOUT_MS,
    key: bytes | None = None,
) -> Engine:
    """Create the app's engine for ``url``.

    SQLite: every connection gets ``journal_mode=WAL, synchronous=FULL, foreign_keys=ON,
    busy_timeout, secure_delete=ON, temp_store=MEMORY``; ``synchronous == FULL`` and
    ``journal_mode == wal`` are checked (``StorageError("db.pragmas")`` otherwise).
    ``read_only=True`` opens ``file:...?mode=ro`` and does not touch the journal mode.
    ``busy_timeout_ms`` exists for tests; the app uses the 5 s default.

    PostgreSQL (``postgresql+psycopg://``): ``pool_pre_ping``, ``lock_timeout`` =
    ``busy_timeout_ms``, the write lock on every write transaction (module docstring).
    ``read_only`` is not supported there: the server's grants decide.

    ``key`` (SQLite files only): open the file encrypted with SQLCipher (module docstring).
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "postgresql":
        if read_only:
            raise ValueError("read_only is for SQLite files; on PostgreSQL the grants decide")
        if key is not None:
            raise ValueError("key is for SQLite files (SQLCipher)")
        return _make_pg_engine(parsed, busy_timeout_ms=busy_timeout_ms)

    database = parsed.database
    memory = _is_memory(database)
    if key is not None:
        if memory or database is None or database.startswith("file:"):
            raise ValueError("key needs the URL of a database file (sqlite_url)")
        _key_pragma(key)  # the length is checked now, not at the first connection
    module_args: dict[str, Any] = {} if key is None else {"module": sqlcipher_module()}
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
            parsed, creator=lambda: connect_read_only(ro_path, check_same_thread=False,
                                                      key=key),
            **module_args)
    elif key is not None:
        file_name = str(database)
        engine = create_engine(
            parsed, creator=lambda: _raw_connect(file_name, uri=False, key=key,
                                                 check_same_thread=False),
            **module_args)
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


def _make_pg_engine(parsed: URL, *, busy_timeout_ms: int) -> Engine:
    connect_args: dict[str, Any] = {}
    for key, value in (("connect_timeout", 10), ("application_name", "assessor-app"),
                       ("client_encoding", "utf8")):
        if key not in parsed.query:
            connect_args[key] = value
    engine = create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: object) -> None:
        try:
            encoding = dbapi_connection.info.parameter_status("server_encoding")
            if isinstance(encoding, bytes):
                encoding = encoding.decode("ascii", "replace")
            if encoding is not None and encoding.upper() not in ("UTF8", "UTF-8"):
                raise StorageError("db.pg_encoding", encoding=encoding)
            cur = dbapi_connection.cursor()
            try:
                cur.execute(f"SET lock_timeout = {int(busy_timeout_ms)}")
            finally:
                cur.close()
            dbapi_connection.commit()  # a SET inside a rolled-back transaction is undone
        except BaseException:
            dbapi_connection.close()
            raise

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = str(conn.get_execution_options().get(BEGIN_MODE_OPTION, "IMMEDIATE")).upper()
        if mode not in _BEGIN_MODES:
            raise ValueError(f"unknown begin mode {mode!r}")
        if mode != "DEFERRED":  # a writer: queue behind the other writers (BEGIN IMMEDIATE)
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")

    return engine


@dataclass(frozen=True)
class DatabaseInfo:
    """Where the data lives, for ``check`` and the office screens."""

    backend: str  # "sqlite" | "postgresql"
    location: str  # the file, or the URL without its password
    server_version: str | None = None
    encoding: str | None = None
    collation: str | None = None

    @property
    def byte_order_collation(self) -> bool:
        """Text sorts byte-wise, as SQLite's BINARY; False for a linguistic collation."""
        return self.collation is None or self.collation.lower() in _C_COLLATIONS


def database_info(engine: Engine) -> DatabaseInfo:
    """Backend facts; one round trip on PostgreSQL (``StorageError`` when it is down)."""
    if not is_postgresql(engine):
        return DatabaseInfo(engine.dialect.name, str(_engine_path(engine)))
    row = _server_row(engine, "SELECT current_setting('server_version'), "
                              "pg_encoding_to_char(encoding), datcollate FROM pg_database "
                              "WHERE datname = current_database()")
    return DatabaseInfo("postgresql", display_url(engine.url), str(row[0]), str(row[1]),
                        str(row[2]))


# --------------------------------------------------------------------------- errors


def is_read_only(engine: Engine) -> bool:
    """True for an engine made with ``make_engine(..., read_only=True)``."""
    return is_sqlite(engine) and engine.url.query.get("mode") == "ro"


def _engine_path(engine: Engine | None) -> str | None:
    if engine is None:
        return None
    if not is_sqlite(engine):
        return display_url(engine.url)
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
    if not isinstance(orig, sqlite_errors()):
        return _storage_error_from_server(orig, detail, path)

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


def _storage_error_from_server(orig: BaseException, detail: str,
                               path: str | None) -> StorageError | None:
    """PostgreSQL (psycopg) errors by SQLSTATE; a connection that never opened has none."""
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    lines = detail.strip().splitlines()
    detail = lines[0] if lines else type(orig).__name__
    if sqlstate:
        state = str(sqlstate)
        code = _PG_STATES.get(state) or _PG_CLASSES.get(state[:2])
        if code is None:
            return None
        if code == "db.corrupt":
            return StorageError(code, path=path, problems=[detail])
        return StorageError(code, path=path, detail=detail, sqlstate=state)
    # psycopg.OperationalError without a SQLSTATE: the connection never opened (refused,
    # timed out, unknown host, authentication failed; libpq gives no code for these).
    if type(orig).__name__ == "OperationalError" and \
            type(orig).__module__.split(".")[0] == "psycopg":
        low = detail.lower()
        denied = any(m in low for m in _PG_AUTH_MESSAGES)
        return StorageError("db.access_denied" if denied else "db.unavailable", path=path,
                            detail=detail)
    return None


def _is_nul_in_text(exc: BaseException) -> bool:
    orig = exc.orig if isinstance(exc, DBAPIError) else None
    return type(orig).__name__ == "DataError" and "NUL (0x00)" in str(orig)


def _is_bad_unicode(exc: BaseException) -> bool:
    """A lone surrogate reached the driver (services check text first; a safety net)."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return False
        if isinstance(seen, UnicodeEncodeError):
            return True
        seen = getattr(seen, "orig", None) or seen.__cause__ or seen.__context__
    return False


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

    PostgreSQL text cannot hold NUL (SQLite can): such a value is refused with
    ``InvalidValueError("value.bad_text")`` instead of a driver error.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        session.connection()  # emits BEGIN IMMEDIATE now
        yield session
        session.commit()
    except BaseException as exc:
        _close_quietly(session)
        _raise_storage_error(engine, exc)
        if _is_nul_in_text(exc) or _is_bad_unicode(exc):
            raise InvalidValueError("value.bad_text", item="") from exc
        raise
    else:
        session.close()


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """:func:`write_session`'s transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``, the same
    errors) on a Core connection, for a hot path that only runs statements (the editor's
    save of one answer): no ORM unit of work is set up, committed and closed around it."""
    try:
        with engine.begin() as conn:
            yield conn
    except BaseException as exc:
        _raise_storage_error(engine, exc)
        if _is_nul_in_text(exc) or _is_bad_unicode(exc):
            raise InvalidValueError("value.bad_text", item="") from exc
        raise


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A read-only unit of work in one deferred transaction (a consistent WAL snapshot).

    Nothing is committed; the transaction is rolled back when the block ends.
    """
    session = Session(engine, expire_on_commit=False)
    try:
        options: dict[str, Any] = {BEGIN_MODE_OPTION: "DEFERRED"}
        if is_postgresql(engine):
            options.update(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        session.connection(execution_options=options)
        yield session
    except BaseException as exc:
        _close_quietly(session)
        _raise_storage_error(engine, exc)
        raise
    else:
        session.close()


def _raise_storage_error(engine: Engine, exc: BaseException) -> None:
    """Raise ``exc`` as a ``StorageError`` when it is an environment error (the disk, the
    server, the file); return when it is not, for the caller to handle or re-raise."""
    err = storage_error_from_db(exc, path=_engine_path(engine))
    if err is not None and err is not exc:
        raise err from exc


@contextmanager
def _storage_errors(engine: Engine, *caught: type[BaseException]) -> Iterator[None]:
    """Environment errors of the block become ``StorageError``; others propagate."""
    try:
        yield
    except caught as exc:
        _raise_storage_error(engine, exc)
        raise


def _server_row(engine: Engine, sql: str) -> tuple[Any, ...]:
    """The one row of ``sql`` in a reading transaction, rolled back (PostgreSQL)."""
    with _storage_errors(engine, DBAPIError), engine.connect() as conn:
        conn.execution_options(**{BEGIN_MODE_OPTION: "DEFERRED"})
        row = tuple(conn.exec_driver_sql(sql).one())
        conn.rollback()
    return row


# --------------------------------------------------------------------------- checks


def run_pragma(engine: Engine, sql: str) -> list[tuple[Any, ...]]:
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


def _check_errors() -> tuple[type[Exception], ...]:
    return (DBAPIError, *sqlite_errors())


def _check(engine: Engine, pragmas: list[str]) -> list[str]:
    problems: list[str] = []
    try:
        for pragma in pragmas:
            rows = run_pragma(engine, pragma)
            if pragma.endswith("foreign_key_check"):
                problems += [
                    f"foreign_key_check: {table} rowid={rowid} references {parent} (fk {fkid})"
                    for table, rowid, parent, fkid in rows
                ]
            else:
                texts = [str(row[0]) for row in rows]
                if texts != ["ok"]:
                    problems += texts
    except _check_errors() as exc:
        err = storage_error_from_db(exc, path=_engine_path(engine))
        if err is not None and err.code == "db.corrupt":
            problems += [str(p) for p in err.params.get("problems", [])]
        elif err is not None:
            raise err from exc
        else:
            raise
    return problems



def _server_ping(engine: Engine) -> list[str]:
    _server_row(engine, "SELECT 1")
    return []


def quick_check(engine: Engine) -> list[str]:
    """``PRAGMA quick_check``: [] when healthy, else the problems (also "not a database").

    PostgreSQL: a ``SELECT 1`` health check (the server is responsible for its own pages):
    [] when it answers, ``StorageError`` (``db.unavailable``...) when it does not.
    """
    if not is_sqlite(engine):
        return _server_ping(engine)
    return _check(engine, ["PRAGMA quick_check"])


def integrity_check(engine: Engine) -> list[str]:
    """Full ``PRAGMA integrity_check`` plus ``PRAGMA foreign_key_check``; [] when healthy.

    PostgreSQL enforces its foreign keys itself: the same health check as quick_check.
    """
    if not is_sqlite(engine):
        return _server_ping(engine)
    return _check(engine, ["PRAGMA integrity_check", "PRAGMA foreign_key_check"])


def wal_checkpoint(engine: Engine, mode: str = "TRUNCATE") -> tuple[int, int, int]:
    """``PRAGMA wal_checkpoint(mode)``; returns (busy, log_frames, checkpointed_frames)."""
    if not is_sqlite(engine):
        return (0, 0, 0)
    mode = mode.upper()
    if mode not in {"PASSIVE", "FULL", "RESTART", "TRUNCATE"}:
        raise ValueError(f"unknown checkpoint mode {mode!r}")
    with _storage_errors(engine, DBAPIError, *sqlite_errors()):
        rows = run_pragma(engine, f"PRAGMA wal_checkpoint({mode})")
    busy, log_frames, done = rows[0]
    return int(busy), int(log_frames), int(done)
