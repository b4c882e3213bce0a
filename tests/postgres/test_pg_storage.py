"""Storage on PostgreSQL: engine, schema and migrations, error codes, the write lock, the
store and the maintenance guards. Tests marked ``pg_url`` need ``ASSESSOR_TEST_PG_URL``
(skipped without it locally, failed under ``CI=true``); the rest run anywhere."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url
from sqlmodel import SQLModel

from assessor_app.cli import main
from assessor_app.core.errors import StorageError
from assessor_app.paths import AppPaths
from assessor_app.storage.db import (
    BEGIN_MODE_OPTION,
    PG_WRITE_LOCK_KEY,
    database_info,
    display_url,
    integrity_check,
    make_engine,
    normalise_url,
    quick_check,
    read_session,
    storage_error_from_db,
    wal_checkpoint,
    write_session,
)
from assessor_app.storage.migrations import (
    PG_FIRST_VERSION,
    SCHEMA_VERSION,
    VERSION_TABLE,
    ensure_schema,
    read_schema_version,
)
from assessor_app.storage.store import open_store
from assessor_app.storage.tables import SettingRow
from tests.helpers import run_threads
from tests.postgres import pg_schema
from tests.postgres.support import open_test_services, pg_server

# ------------------------------------------------------------------ no server needed


def test_urls_are_normalised_and_passwords_never_shown() -> None:
    assert normalise_url("postgresql://u:p@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u:p@h:5433/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg2://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:////tmp/x.db").get_backend_name() == "sqlite"
    for bad in ("mysql://u:secret@h/db", "not a url", "postgresql://u:secret@h/",
                "postgresql+asyncpg://u:secret@h/db"):
        with pytest.raises(StorageError) as err:
            normalise_url(bad)
        assert err.value.code == "db.bad_url"
        assert "secret" not in str(err.value.params)
    assert display_url("postgresql+psycopg://u:secret@h/db") == "postgresql+psycopg://u:***@h/db"


@pytest.mark.parametrize(("exc", "code"), [
    (psycopg.errors.DiskFull("no space"), "disk.full"),
    (psycopg.errors.ReadOnlySqlTransaction("ro"), "disk.read_only"),
    (psycopg.errors.IoError("io"), "db.io"),
    (psycopg.errors.DataCorrupted("bad page"), "db.corrupt"),
    (psycopg.errors.IndexCorrupted("bad index"), "db.corrupt"),
    (psycopg.errors.LockNotAvailable("lock timeout"), "db.busy"),
    (psycopg.errors.SerializationFailure("serialize"), "db.busy"),
    (psycopg.errors.DeadlockDetected("deadlock"), "db.busy"),
    (psycopg.errors.TooManyConnections("too many"), "db.busy"),
    (psycopg.errors.AdminShutdown("bye"), "db.unavailable"),
    (psycopg.errors.CannotConnectNow("starting"), "db.unavailable"),
    (psycopg.errors.InvalidCatalogName("no db"), "db.unavailable"),
    (psycopg.errors.ConnectionFailure("lost"), "db.unavailable"),
    (psycopg.errors.InvalidPassword("auth"), "db.access_denied"),
    (psycopg.errors.InsufficientPrivilege("grant"), "db.access_denied"),
    (psycopg.OperationalError("connection refused"), "db.unavailable"),
])
def test_postgresql_errors_map_to_storage_codes(exc: Exception, code: str) -> None:
    err = storage_error_from_db(exc, path="postgresql+psycopg://u:***@h/db")
    assert err is not None and err.code == code
    if code == "db.corrupt":
        assert err.params["problems"]
    else:
        assert err.params["path"] == "postgresql+psycopg://u:***@h/db" and err.params["detail"]


@pytest.mark.parametrize("exc", [
    psycopg.errors.UniqueViolation("dup"), psycopg.errors.UndefinedTable("no table"),
    psycopg.errors.StringDataRightTruncation("too long"), psycopg.DataError("NUL"),
])
def test_bugs_and_constraint_violations_are_not_storage_errors(exc: Exception) -> None:
    assert storage_error_from_db(exc) is None


def test_postgresql_engines_are_never_read_only() -> None:
    with pytest.raises(ValueError):
        make_engine("postgresql+psycopg://u@127.0.0.1/db", read_only=True)


def test_the_pg_layout_snapshot_file_exists_for_the_first_pg_version() -> None:
    assert PG_FIRST_VERSION <= SCHEMA_VERSION
    assert pg_schema.snapshot_path().is_file(), "run: python -m tests.postgres.pg_schema"


# ------------------------------------------------------------------ engine and schema


@pytest.fixture()
def engine(pg_url: str) -> Iterator[Engine]:
    """An engine on a fresh empty database, disposed after the test."""
    eng = make_engine(pg_url)
    try:
        yield eng
    finally:
        eng.dispose()


def test_fresh_database_gets_every_table_and_the_version(engine: Engine) -> None:
    assert quick_check(engine) == [] and integrity_check(engine) == []
    assert wal_checkpoint(engine) == (0, 0, 0)
    info = database_info(engine)
    assert (info.backend, info.encoding, info.byte_order_collation) == (
        "postgresql", "UTF8", True)
    report = ensure_schema(engine, db_path=None, backup_dir=None)
    assert report.created and report.backup_path is None
    with engine.connect() as conn:
        insp = inspect(conn)
        tables = set(insp.get_table_names())
        types = {c["name"]: str(c["type"]) for c in insp.get_columns("media")}
        current = {c["name"]: str(c["type"]) for c in insp.get_columns("assessment")}
        audit_id = next(c for c in insp.get_columns("audit_log") if c["name"] == "id")
        versions = conn.execute(text(f"SELECT version FROM {VERSION_TABLE}")).all()
    assert tables == set(SQLModel.metadata.tables) | {VERSION_TABLE}
    assert types["data"] == "BYTEA" and current["is_current"] == "BOOLEAN"
    assert "nextval" in str(audit_id["default"])  # SERIAL: integer keys still autoincrement
    assert versions == [(SCHEMA_VERSION,)]
    again = ensure_schema(engine, db_path=None, backup_dir=None)
    assert (again.from_version, again.migrated) == (SCHEMA_VERSION, False)


def test_newer_database_is_refused_without_a_write(engine: Engine) -> None:
    ensure_schema(engine, db_path=None, backup_dir=None)
    with write_session(engine) as s:
        s.connection().execute(text(f"UPDATE {VERSION_TABLE} SET version = 99"))
    with pytest.raises(StorageError) as err:
        ensure_schema(engine, db_path=None, backup_dir=None)
    assert (err.value.code, err.value.params["found"]) == ("db.too_new", 99)
    assert read_schema_version(engine) == 99


def test_foreign_database_is_refused(engine: Engine) -> None:
    with write_session(engine) as s:
        s.connection().execute(text("CREATE TABLE invoices (id INTEGER PRIMARY KEY)"))
    with pytest.raises(StorageError) as err:
        ensure_schema(engine, db_path=None, backup_dir=None)
    assert err.value.code == "db.not_ours"


@pytest.mark.allow_log("WARNING", "assessor_app.storage.migrations",
                       r"migrating the server database .* without an automatic backup")
def test_migrations_after_the_first_pg_version_run_on_postgresql(pg_url: str) -> None:
    """Frozen PG_FIRST_VERSION layout + every later step == a fresh create_all (and, while
    there is no later step, the frozen file is current: regenerate it after a change)."""
    server = pg_server()
    fresh_name = server.acquire()
    fresh = make_engine(server.url_of(fresh_name))
    old = make_engine(pg_url)
    try:
        ensure_schema(fresh, db_path=None, backup_dir=None)
        with old.begin() as conn:
            for statement in pg_schema.read_snapshot():
                conn.exec_driver_sql(statement)
            conn.exec_driver_sql(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)")
            conn.exec_driver_sql(f"INSERT INTO {VERSION_TABLE} VALUES ({PG_FIRST_VERSION})")
        report = ensure_schema(old, db_path=None, backup_dir=None)
        assert report.to_version == SCHEMA_VERSION
        with fresh.connect() as a, old.connect() as b:
            want, got = pg_schema.layout(a), pg_schema.layout(b)
        hint = ("" if SCHEMA_VERSION > PG_FIRST_VERSION else
                " (tables changed: run `python -m tests.postgres.pg_schema`)")
        assert got == want, "PostgreSQL layout differs" + hint
    finally:
        fresh.dispose()
        old.dispose()
        server.release(fresh_name)


@pytest.mark.allow_log("WARNING", "assessor_app.storage.migrations",
                       r"migrating the server database .* without an automatic backup")
def test_v8_consents_survive_the_v9_step_on_postgresql(pg_url: str) -> None:
    """Schema 9 (issue 13) on the server: consent rows kept, ``assessee_id`` nullable (an
    institution head's consent), a consent of an acknowledged record delivered."""
    from assessor_app.storage.migrations import MIGRATIONS

    ts = "2026-01-01T00:00:00.000Z"
    engine = make_engine(pg_url)
    try:
        with engine.begin() as conn:
            for statement in pg_schema.read_snapshot():
                conn.exec_driver_sql(statement)
            for target in range(PG_FIRST_VERSION + 1, 9):
                MIGRATIONS[target](conn)
            conn.exec_driver_sql(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)")
            conn.exec_driver_sql(f"INSERT INTO {VERSION_TABLE} VALUES (8)")
            conn.exec_driver_sql(
                "INSERT INTO institution (id, name, kind, created_at, updated_at) VALUES"
                f" ('i1', 'LPK', 'LPK_SWASTA', '{ts}', '{ts}')")
            conn.exec_driver_sql(
                "INSERT INTO assessee (id, name, is_minor, created_at, updated_at) VALUES"
                f" ('p1', 'Siti', false, '{ts}', '{ts}')")
            conn.exec_driver_sql(
                "INSERT INTO consent (id, assessee_id, purpose, text_version, method,"
                f" given_at) VALUES ('c1', 'p1', 'Asesmen', 'v1', 'FR.AK.01', '{ts}')")
        assert ensure_schema(engine, db_path=None, backup_dir=None).to_version == \
            SCHEMA_VERSION
        with engine.begin() as conn:
            conn.exec_driver_sql(
                "INSERT INTO consent (id, institution_id, purpose, text_version, method,"
                f" given_at, given_by) VALUES ('c2', 'i1', 'Visitasi', 'v1', 'manual',"
                f" '{ts}', 'Kepala')")
            rows = conn.exec_driver_sql("SELECT id, assessee_id, institution_id FROM consent"
                                        " ORDER BY id").all()
        assert [tuple(r) for r in rows] == [("c1", "p1", None), ("c2", None, "i1")]
    finally:
        engine.dispose()


def test_two_office_pcs_creating_the_schema_at_once(pg_url: str) -> None:
    engines = [make_engine(pg_url) for _ in range(3)]
    reports: list[Any] = []

    def create(engine: Any) -> None:
        reports.append(ensure_schema(engine, db_path=None, backup_dir=None))

    try:
        errors = run_threads(create, *((e,) for e in engines))
    finally:
        for e in engines:
            e.dispose()
    assert errors == []
    assert sorted(r.created for r in reports) == [False, False, True]
    assert all(r.to_version == SCHEMA_VERSION for r in reports)


def test_sql_ascii_database_is_refused(pg_url: str) -> None:
    server = pg_server()
    name = f"assessor_t_{os.getpid()}_ascii{uuid.uuid4().hex[:8]}"
    with server.admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}" TEMPLATE template0 '
                             "ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'")
    engine = make_engine(server.url_of(name))
    try:
        with pytest.raises(StorageError) as err:
            quick_check(engine)
        assert err.value.code == "db.pg_encoding"
    finally:
        engine.dispose()
        server.drop_database(name)


# ------------------------------------------------------------------ transactions


def test_writers_queue_on_the_write_lock_and_readers_never_wait(pg_url: str,
                                                               engine: Engine) -> None:
    impatient = make_engine(pg_url, busy_timeout_ms=200)
    try:
        ensure_schema(engine, db_path=None, backup_dir=None)
        with write_session(engine) as s:
            s.add(SettingRow(key="held", value="1"))
            s.flush()
            with read_session(impatient) as r:  # a reader does not wait for the writer
                assert r.get(SettingRow, "held") is None  # and sees only committed data
            started = time.monotonic()
            with pytest.raises(StorageError) as err:
                with write_session(impatient) as s2:
                    s2.add(SettingRow(key="other", value="2"))
            assert err.value.code == "db.busy" and err.value.params["sqlstate"] == "55P03"
            assert time.monotonic() - started >= 0.15
        with read_session(impatient) as r:
            assert r.get(SettingRow, "held") is not None and r.get(SettingRow, "other") is None
        with engine.connect() as conn:  # the lock is transaction-level: nothing left held
            conn.execution_options(**{BEGIN_MODE_OPTION: "DEFERRED"})  # (not a writer)
            held = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = "
                                     "'advisory' AND objid = :k AND database = (SELECT oid "
                                     "FROM pg_database WHERE datname = current_database())"),
                                {"k": PG_WRITE_LOCK_KEY & 0xFFFFFFFF}).scalar_one()
        assert held == 0
    finally:
        impatient.dispose()


def test_read_session_is_one_read_only_snapshot(engine: Engine) -> None:
    ensure_schema(engine, db_path=None, backup_dir=None)
    with read_session(engine) as r:
        before = len(r.exec(text("SELECT key FROM app_meta")).all())  # type: ignore[call-overload]
        with write_session(engine) as w:
            w.add(SettingRow(key="new", value="x"))
        after = len(r.exec(text("SELECT key FROM app_meta")).all())  # type: ignore[call-overload]
        assert after == before  # REPEATABLE READ: the block sees one snapshot
    with pytest.raises(StorageError) as err:
        with read_session(engine) as r:
            r.add(SettingRow(key="sneaky", value="x"))
            r.flush()
    assert err.value.code == "disk.read_only"  # READ ONLY: a write here is a bug


# ------------------------------------------------------------------ store and services


def test_open_store_keeps_lock_and_logs_in_the_data_folder(pg_url: str, tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "office")
    store = open_store(paths, database_url=pg_url)
    try:
        assert paths.lock_path.exists() and not paths.db_path.exists()
        assert store.startup.migration.created and not store.read_only
        assert store.location.endswith(make_url(pg_url).database or "")
    finally:
        store.close()
    assert not paths.lock_path.exists()
    again = open_store(paths, database_url=pg_url)
    try:
        assert again.startup.migration.from_version == SCHEMA_VERSION
        assert again.startup.unclean_exit is None
    finally:
        again.close()


@pytest.mark.parametrize(("change", "code"), [
    ({"password": "wrong"}, "db.access_denied"),
    ({"port": 1}, "db.unavailable"),
    ({"database": "assessor_t_does_not_exist"}, "db.unavailable"),
])
def test_unreachable_server_gives_a_clear_code_and_releases_the_lock(
        pg_url: str, tmp_path: Path, change: dict[str, Any], code: str) -> None:
    bad = make_url(pg_url).set(**change).render_as_string(hide_password=False)
    paths = AppPaths(tmp_path / "office")
    with pytest.raises(StorageError) as err:
        open_store(paths, database_url=bad)
    assert err.value.code == code
    assert "wrong" not in str(err.value.params) and "assessor_ci:assessor_ci" not in str(
        err.value.params)
    assert not paths.lock_path.exists()


def test_sqlite_urls_are_not_a_database_url(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as err:
        open_store(AppPaths(tmp_path / "d"), database_url=f"sqlite:///{tmp_path / 'x.db'}")
    assert err.value.code == "db.bad_url"


def test_file_backups_and_checks_are_refused_on_the_server(pg_url: str, tmp_path: Path) -> None:
    services = open_test_services(tmp_path, pg_url)
    try:
        for action in (services.maintenance.backup, services.maintenance.check):
            with pytest.raises(StorageError) as err:
                action()
            assert err.value.code == "backup.not_sqlite"
            assert "***" in err.value.params["url"]
        services.registry.add_institution("LPK Satu")
        assert services.maintenance.auto_backup() is None
        assert services.maintenance.backup_if_changed(reason="exit") is None
    finally:
        services.close()
    assert not any(services.paths.backup_dir.iterdir())


def test_cli_runs_on_the_server_with_option_or_environment(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    data = str(tmp_path / "cli")
    assert main(["templates", "list", "--json", "--data-dir", data,
                 "--database-url", pg_url]) == 0
    assert "JKP.LPK.01" in capsys.readouterr().out
    monkeypatch.setenv("ASSESSOR_DATABASE_URL", pg_url)
    assert main(["demo", "--data-dir", data]) == 0
    capsys.readouterr()
    assert main(["assessments", "list", "--json", "--data-dir", data]) == 0
    assert '"total": 20' in capsys.readouterr().out  # the demo's records
    assert main(["backup", "--data-dir", data]) == 2
    assert "pg_dump" in capsys.readouterr().err
    assert not (tmp_path / "cli" / "assessor.db").exists()
