"""Running the same tests on SQLite and on PostgreSQL.

Use the ``db_url`` fixture (tests/conftest.py): it is parametrised with the ids
``sqlite`` and ``postgresql``, so a test that asks for it runs twice::

    from tests.postgres.support import open_test_services

    def test_import_is_idempotent(db_url, tmp_path):
        services = open_test_services(tmp_path, db_url)   # templates synced
        try:
            ...
        finally:
            services.close()

``db_url`` is None for SQLite (the services open ``tmp_path / "data" / "assessor.db"``)
and, for PostgreSQL, the URL of a FRESH EMPTY database that belongs to this test alone,
on the server named by ``ASSESSOR_TEST_PG_URL``. The ``db_services`` fixture does the
opening and closing for you. Run one side only with ``-k sqlite`` or ``-k postgresql``.

Without ``ASSESSOR_TEST_PG_URL`` the postgresql variants are skipped on a developer's
machine but FAIL when ``CI=true``, so CI cannot silently lose the PostgreSQL run.
``bash scripts/ci_postgres.sh`` starts a local server and prints the export line.

How a test gets a fresh empty database, and why (measured on this 2-core machine, server
from scripts/ci_postgres.sh with fsync off):

* ``CREATE DATABASE ... TEMPLATE template0``: 20-50 ms on a quiet machine, but 340-800 ms
  while other work loads the disk (it checkpoints); ``DROP DATABASE``: ~25 ms.
* a fresh schema via ``search_path``: ~1 ms, but every test run on the server would then
  share one database: its advisory locks (the app's write lock), ``pg_locks`` and
  ``current_database()`` - two developers' runs would contend on each other's write lock.
* chosen: each test process keeps a small pool of its own databases
  (``assessor_t_<pid>_<uuid>``). A database is handed out only after a reset that drops
  every schema in it (``DROP SCHEMA ... CASCADE``, ~45 ms under load) and ends any
  connection a test left open, so it is as empty as a new one; it is dropped when the
  process exits. Databases of test processes that died are dropped by the next run
  (local servers only). Opening the services (tables + templates) costs 0.3-0.8 s on top.
"""

from __future__ import annotations

import atexit
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine
from sqlalchemy.pool import NullPool

ENV_PG_URL = "ASSESSOR_TEST_PG_URL"
DB_PREFIX = "assessor_t_"
BACKENDS = ("sqlite", "postgresql")


def pg_base_url() -> URL | None:
    """The server for tests, or None (then skip, or fail under CI=true)."""
    from assessor_app.storage.db import normalise_url

    raw = os.environ.get(ENV_PG_URL, "").strip()
    return normalise_url(raw) if raw else None


def require_pg() -> URL:
    url = pg_base_url()
    if url is None:
        message = (f"{ENV_PG_URL} is not set: run `eval \"$(bash scripts/ci_postgres.sh)\"` "
                   "to test on PostgreSQL")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI=true: the PostgreSQL run must not be skipped)")
        pytest.skip(message)
    return url


_RESET_SQL = """
SELECT pg_terminate_backend(pid) FROM pg_stat_activity
 WHERE datname = current_database() AND pid <> pg_backend_pid();
DO $$ DECLARE s text; BEGIN
  FOR s IN SELECT nspname FROM pg_namespace
            WHERE left(nspname, 3) <> 'pg_' AND nspname <> 'information_schema' LOOP
    EXECUTE 'DROP SCHEMA ' || quote_ident(s) || ' CASCADE';
  END LOOP;
  CREATE SCHEMA public;
END $$;
"""


class PgServer:
    """Test databases on the server: a per-process pool, reset to empty before each use."""

    def __init__(self, base: URL) -> None:
        self.base = base
        self.admin: Engine = create_engine(base, isolation_level="AUTOCOMMIT",
                                           poolclass=NullPool)
        with self.admin.connect() as conn:
            self.version_num = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
        self._free: list[str] = []
        self._mine: set[str] = set()
        self._reap_orphans()

    def acquire(self) -> str:
        """A database of this process, empty: reused after a reset, or newly created."""
        while self._free:
            name = self._free.pop()
            try:
                self._reset(name)
                return name
            except Exception:  # a database we cannot reset is not handed out again
                self.drop_database(name)
        name = self.create_database()
        self._mine.add(name)
        return name

    def release(self, name: str) -> None:
        self._free.append(name)

    def _reset(self, name: str) -> None:
        reset = create_engine(self.base.set(database=name), isolation_level="AUTOCOMMIT",
                              poolclass=NullPool)
        try:
            with reset.connect() as conn:
                conn.exec_driver_sql(_RESET_SQL)
        finally:
            reset.dispose()

    def _reap_orphans(self) -> None:
        """Drop databases left by test processes of this machine that no longer run."""
        if self.base.host not in ("127.0.0.1", "localhost", "::1", None):
            return
        with self.admin.connect() as conn:
            names = conn.execute(text("SELECT datname FROM pg_database WHERE "
                                      "starts_with(datname, :p)"), {"p": DB_PREFIX}).scalars()
            stale = [n for n in names if not _pid_alive(n)]
        for name in stale:
            self.drop_database(name)

    def close(self) -> None:
        for name in sorted(self._mine):
            self.drop_database(name)
        self._mine.clear()
        self._free.clear()
        self.dispose()

    def create_database(self) -> str:
        name = f"{DB_PREFIX}{os.getpid()}_{uuid.uuid4().hex[:16]}"
        # template0 + C collation: empty, UTF8, byte-order text like SQLite's BINARY.
        strategy = " STRATEGY FILE_COPY" if self.version_num >= 150000 else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(
                f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\' '
                f"LC_COLLATE 'C' LC_CTYPE 'C'{strategy}")
        return name

    def drop_database(self, name: str) -> None:
        assert name.startswith(DB_PREFIX)
        force = " WITH (FORCE)" if self.version_num >= 130000 else ""
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"{force}')
        self._mine.discard(name)

    def url_of(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def dispose(self) -> None:
        self.admin.dispose()


def _pid_alive(name: str) -> bool:
    """Whether the test process that made database ``name`` still runs (old names: no pid,
    treated as alive)."""
    parts = name[len(DB_PREFIX):].split("_")
    if len(parts) != 2 or not parts[0].isdigit():
        return True
    try:
        os.kill(int(parts[0]), 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


_server: PgServer | None = None


def pg_server() -> PgServer:
    """The process-wide test server handle (skips / fails as :func:`require_pg`)."""
    global _server
    base = require_pg()
    if _server is None or _server.base != base:
        try:
            _server = PgServer(base)
        except Exception as exc:  # the server named by the env var must answer
            pytest.fail(f"{ENV_PG_URL} is set but the server does not answer: {exc}")
        atexit.register(_server.close)
    return _server


def fresh_pg_database() -> Iterator[str]:
    """Yield the URL of an empty database of this test's own (fixture body)."""
    server = pg_server()
    name = server.acquire()
    try:
        yield server.url_of(name)
    finally:
        server.release(name)


def reset_database(db_url: str) -> None:
    """Empty the test database at ``db_url`` again (every schema dropped, other
    connections to it ended), as before it was handed out. Only for databases of this
    process's pool (e.g. a Hypothesis test that needs a fresh office per example)."""
    from sqlalchemy.engine import make_url

    server = pg_server()
    name = make_url(db_url).database or ""
    if name not in server._mine:
        raise ValueError(f"not a test database of this process: {name!r}")
    server._reset(name)


def open_test_services(tmp_path: Path, db_url: str | None, **kwargs: Any) -> Any:
    """Open the app's services for a test: SQLite in ``tmp_path/data`` when ``db_url`` is
    None, else the PostgreSQL database at ``db_url`` (data folder ``tmp_path/data`` for
    the lock and logs). Templates are synced. Opening again with the same arguments
    reopens the same database. Close with ``services.close()``."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    services = open_services(AppPaths(data), database_url=db_url, **kwargs)
    if kwargs.get("sync_templates", True) and "template_dirs" not in kwargs:
        # the templates older stores hold (FR.IA.01/AK.01/AK.05 before MUK 2023 instruments)
        legacy = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_forms"
        services.templates.directories.append(legacy)
        services.templates.sync()
    return services
