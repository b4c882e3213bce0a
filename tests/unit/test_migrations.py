"""Schema versions: create, upgrade after a verified backup, refuse newer/foreign DBs."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections import namedtuple
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from assessor_app.core.errors import StorageError
from assessor_app.storage.backup import list_backups, verify_database_file
from assessor_app.storage.db import integrity_check, make_engine, read_session, sqlite_url
from assessor_app.storage.migrations import (
    SCHEMA_VERSION,
    V1_DDL,
    ensure_schema,
    read_schema_version,
)
from tests.helpers import TS, child_env

NOW = dt.datetime(2024, 3, 5, 10, 11, 12, tzinfo=dt.UTC)


def clock() -> dt.datetime:
    return NOW


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "assessor.db"


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    return tmp_path / "backups"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    eng = make_engine(sqlite_url(db_path))
    yield eng
    eng.dispose()


def _raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _version_pair(path: Path) -> tuple[int, int]:
    con = _raw(path)
    try:
        table = con.execute("SELECT version FROM schema_version").fetchall()
        user_version = con.execute("PRAGMA user_version").fetchone()[0]
    finally:
        con.close()
    assert len(table) == 1
    return int(table[0][0]), int(user_version)


V1_ROWS = [
    "INSERT INTO institution (id, name, kind, created_at, updated_at)"
    " VALUES ('i1', 'BLK Bandung', 'BLK_UPTP', '{ts}', '{ts}')",
    "INSERT INTO assessee (id, name, institution_id, is_minor, created_at, updated_at)"
    " VALUES ('p1', 'Siti Rahayu', 'i1', 0, '{ts}', '{ts}')",
    "INSERT INTO visit (id, letter_no, institution_id, place, timezone, created_at, updated_at)"
    " VALUES ('v1', 'ST-012/2024', 'i1', 'Bandung', 'WIB', '{ts}', '{ts}')",
    "INSERT INTO visit (id, letter_no, place, timezone, created_at, updated_at)"
    " VALUES ('v2', NULL, 'Garut', 'WIB', '{ts}', '{ts}')",
    "INSERT INTO template (id, code, version, kind, subject, title, source, imported_at)"
    " VALUES ('t1', 'jkp-lpk-01', '1', 'checklist', 'institution', 'JKP', 'x: 1', '{ts}')",
]


def _assessment(rid: str, kind: str, **fks: str) -> str:
    cols = ", ".join(fks)
    vals = ", ".join(f"'{v}'" for v in fks.values())
    return (
        "INSERT INTO assessment (id, assessment_id, revision, is_current, template_id,"
        f" template_code, subject_kind, status, created_at, updated_at, {cols}) VALUES"
        f" ('{rid}', '{rid}', 1, 1, 't1', 'jkp-lpk-01', '{kind}', 'draft', '{TS}', '{TS}',"
        f" {vals})"
    )


def _build_v1(engine: Engine) -> None:
    with engine.begin() as conn:
        for statement in V1_DDL:
            conn.exec_driver_sql(statement)
        conn.exec_driver_sql("INSERT INTO schema_version (version) VALUES (1)")
        conn.exec_driver_sql("PRAGMA user_version = 1")
        for statement in V1_ROWS:
            conn.exec_driver_sql(statement.format(ts=TS))
        conn.exec_driver_sql(_assessment("a1", "institution", institution_id="i1"))
        conn.exec_driver_sql(_assessment("a2", "assessee", assessee_id="p1"))
        conn.exec_driver_sql(_assessment("a3", "visit", visit_id="v1", institution_id="i1"))
        conn.exec_driver_sql(_assessment("a4", "visit", visit_id="v2"))
        conn.exec_driver_sql(_assessment("a5", "assessee", institution_id="i1"))  # no person


def _build_at(engine: Engine, version: int) -> None:
    """A database as the app left it at ``version``: v1 with its rows, migrated step by
    step by the shipped migrations."""
    from assessor_app.storage.migrations import MIGRATIONS

    _build_v1(engine)
    with engine.begin() as conn:
        for target in range(2, version + 1):
            MIGRATIONS[target](conn)
        conn.exec_driver_sql(f"UPDATE schema_version SET version = {version}")
        conn.exec_driver_sql(f"PRAGMA user_version = {version}")


def _subject_names(engine: Engine) -> dict[str, str]:
    with read_session(engine) as s:
        rows = s.connection().exec_driver_sql("SELECT id, subject_name FROM assessment").all()
    return {r[0]: r[1] for r in rows}


def _layout(engine: Engine) -> dict[str, Any]:
    """Tables, columns, keys and indexes, ignoring column defaults."""
    insp = inspect(engine)
    layout: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        layout[table] = {
            "columns": sorted(
                (c["name"], str(c["type"]), c["nullable"]) for c in insp.get_columns(table)
            ),
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted(
                (tuple(fk["constrained_columns"]), fk["referred_table"])
                for fk in insp.get_foreign_keys(table)
            ),
            "unique": sorted(tuple(u["column_names"]) for u in insp.get_unique_constraints(table)),
            "indexes": sorted(
                (ix["name"], tuple(ix["column_names"]), bool(ix["unique"]))
                for ix in insp.get_indexes(table)
            ),
        }
    return layout


# --------------------------------------------------------------------------- fresh


def test_fresh_database_gets_every_table_and_the_current_version(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    report = ensure_schema(engine, db_path=db_path, backup_dir=backup_dir, clock=clock)
    assert (report.from_version, report.to_version, report.backup_path) == (
        None, SCHEMA_VERSION, None)
    assert report.created and not report.migrated
    tables = set(inspect(engine).get_table_names())
    assert tables == set(SQLModel.metadata.tables) | {"schema_version"}
    assert _version_pair(db_path) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert list_backups(backup_dir) == []

    again = ensure_schema(engine, db_path=db_path, backup_dir=backup_dir, clock=clock)
    assert (again.from_version, again.to_version, again.backup_path) == (
        SCHEMA_VERSION, SCHEMA_VERSION, None)
    assert list_backups(backup_dir) == []


@pytest.mark.allow_log("WARNING", "assessor_app.storage.migrations", r"user_version \d+ disagrees")
def test_user_version_mirror_is_repaired(engine: Engine, db_path: Path) -> None:
    ensure_schema(engine, db_path=None, backup_dir=None)
    with engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA user_version = 0")
    ensure_schema(engine, db_path=None, backup_dir=None)
    assert _version_pair(db_path) == (SCHEMA_VERSION, SCHEMA_VERSION)


# --------------------------------------------------------------------------- upgrade


def test_v1_database_is_upgraded_after_a_verified_backup(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    _build_v1(engine)
    assert read_schema_version(engine) == 1

    report = ensure_schema(engine, db_path=db_path, backup_dir=backup_dir, clock=clock)

    assert (report.from_version, report.to_version) == (1, SCHEMA_VERSION) and report.migrated
    assert report.backup_path is not None
    assert report.backup_path.name == "backup-20240305-101112.db"
    assert [b.path for b in list_backups(backup_dir)] == [report.backup_path]
    assert verify_database_file(report.backup_path) == 1  # the pre-migration state
    con = _raw(report.backup_path)
    try:
        columns = {r[1] for r in con.execute("PRAGMA table_info(assessment)")}
    finally:
        con.close()
    assert "subject_name" not in columns

    assert _version_pair(db_path) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert _subject_names(engine) == {
        "a1": "BLK Bandung",
        "a2": "Siti Rahayu",
        "a3": "ST-012/2024 Bandung \u00b7 BLK Bandung",
        "a4": "Garut",
        "a5": "",
    }
    index_names = {ix["name"] for ix in inspect(engine).get_indexes("assessment")}
    assert "ix_assessment_current" in index_names
    assert integrity_check(engine) == []


def test_v1_plus_migrations_equals_a_fresh_create_all(tmp_path: Path) -> None:
    """Guards tables.py: a layout change without a migration step fails here."""
    fresh = make_engine(sqlite_url(tmp_path / "fresh.db"))
    old = make_engine(sqlite_url(tmp_path / "old.db"))
    try:
        ensure_schema(fresh, db_path=None, backup_dir=None)
        _build_v1(old)
        ensure_schema(old, db_path=None, backup_dir=None)
        assert _layout(old) == _layout(fresh)
    finally:
        fresh.dispose()
        old.dispose()



def test_every_foreign_key_column_leads_an_index(engine: Engine, db_path: Path) -> None:
    """Read off the file with sqlite3, not from the models: deleting a parent row (a
    purge) looks up its children through these columns, and without an index that is a
    scan of the whole child table per deleted row."""
    ensure_schema(engine, db_path=None, backup_dir=None)
    con = _raw(db_path)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
        unindexed = []
        for table in tables:
            leading = {con.execute(f"PRAGMA index_info('{ix[1]}')").fetchone()[2]
                       for ix in con.execute(f"PRAGMA index_list('{table}')")}
            for fk in con.execute(f"PRAGMA foreign_key_list('{table}')"):
                if fk[3] not in leading:  # fk[3]: the child column
                    unindexed.append(f"{table}.{fk[3]}")
        # and a purge's delete of a parent finds its children through them
        plan = " ".join(str(r) for r in con.execute(
            "EXPLAIN QUERY PLAN SELECT 1 FROM outbox_record WHERE revision_id = 'x'"))
    finally:
        con.close()
    assert unindexed == []
    assert "USING" in plan and "INDEX" in plan

def test_failed_backup_refuses_to_migrate(
    engine: Engine, db_path: Path, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _build_v1(engine)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9, 10))
    with pytest.raises(StorageError) as info:
        ensure_schema(engine, db_path=db_path, backup_dir=backup_dir, clock=clock)
    assert info.value.code == "migration.backup_failed"
    assert info.value.params["cause"] == "backup.no_space"
    assert read_schema_version(engine) == 1
    assert not any(backup_dir.iterdir())


def test_read_only_engine_never_migrates(engine: Engine, db_path: Path, backup_dir: Path) -> None:
    _build_v1(engine)
    engine.dispose()
    ro = make_engine(sqlite_url(db_path), read_only=True)
    try:
        with pytest.raises(StorageError) as info:
            ensure_schema(ro, db_path=db_path, backup_dir=backup_dir)
        assert info.value.code == "disk.read_only"
    finally:
        ro.dispose()
    assert _version_pair(db_path) == (1, 1)


# --------------------------------------------------------------------------- refusals


def test_newer_database_is_refused_and_left_byte_identical(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    ensure_schema(engine, db_path=None, backup_dir=None)
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE schema_version SET version = 99")
        conn.exec_driver_sql("PRAGMA user_version = 99")
    engine.dispose()  # checkpoint: everything is in the main file now
    before = db_path.read_bytes()

    other = make_engine(sqlite_url(db_path))
    try:
        with pytest.raises(StorageError) as info:
            ensure_schema(other, db_path=db_path, backup_dir=backup_dir, clock=clock)
    finally:
        other.dispose()
    assert info.value.code == "db.too_new"
    assert info.value.params == {"found": 99, "supported": SCHEMA_VERSION}
    assert db_path.read_bytes() == before
    assert not backup_dir.exists() or not any(backup_dir.iterdir())


def test_foreign_database_is_refused(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    with pytest.raises(StorageError) as info:
        ensure_schema(engine, db_path=None, backup_dir=None)
    assert info.value.code == "db.not_ours"
    assert inspect(engine).get_table_names() == ["notes"]


# --------------------------------------------------------------------------- crash


CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assessor_app.storage import migrations
    from assessor_app.storage.db import make_engine, sqlite_url

    real_step = migrations.MIGRATIONS[2]

    def stalled_step(conn):
        real_step(conn)  # the ALTER/UPDATE/CREATE INDEX ran inside the open transaction
        print("IN_MIGRATION", flush=True)
        sys.stdin.read()  # wait here until the parent kills us

    migrations.MIGRATIONS[2] = stalled_step
    db, backups = Path(sys.argv[1]), Path(sys.argv[2])
    engine = make_engine(sqlite_url(db))
    migrations.ensure_schema(engine, db_path=db, backup_dir=backups)
    print("FINISHED", flush=True)
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics")
def test_kill_during_migration_leaves_version_1_intact(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    _build_v1(engine)
    engine.dispose()
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(db_path), str(backup_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=child_env(),
    ) as child:
        assert child.stdout is not None
        line = child.stdout.readline()  # blocks until the child is inside the migration
        if line.strip() != "IN_MIGRATION":
            child.kill()
            assert child.stderr is not None
            pytest.fail(f"child did not reach the migration: {line!r} {child.stderr.read()}")
        child.kill()  # SIGKILL: no cleanup, no rollback, a hot WAL is left behind
        child.wait()
    assert child.returncode == -9
    assert len(list_backups(backup_dir)) == 1  # the backup came first

    reopened = make_engine(sqlite_url(db_path))
    try:
        assert read_schema_version(reopened) == 1
        assert _version_pair(db_path) == (1, 1)
        columns = {c["name"] for c in inspect(reopened).get_columns("assessment")}
        assert "subject_name" not in columns
        with read_session(reopened) as s:
            count = s.connection().exec_driver_sql("SELECT COUNT(*) FROM assessment").scalar()
        assert count == 5
        assert integrity_check(reopened) == []

        report = ensure_schema(reopened, db_path=db_path, backup_dir=backup_dir, clock=clock)
        assert (report.from_version, report.to_version) == (1, SCHEMA_VERSION)
        assert _subject_names(reopened)["a1"] == "BLK Bandung"
    finally:
        reopened.dispose()


def test_backup_directory_tmp_files_do_not_count_as_backups(backup_dir: Path) -> None:
    backup_dir.mkdir()
    (backup_dir / ".tmp-0123.db").write_bytes(b"partial")
    shutil.copyfile(__file__, backup_dir / "notes.txt")
    assert list_backups(backup_dir) == []


# --------------------------------------------------------------------------- v7 (issue 12)


def test_v6_database_gets_received_reviews_and_keeps_its_rows(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    """The review loop's step: a laptop at v6 keeps its assessments and can store the
    office's decisions received in receipts afterwards."""
    _build_at(engine, 6)
    assert "received_review" not in inspect(engine).get_table_names()

    report = ensure_schema(engine, db_path=db_path, backup_dir=backup_dir, clock=clock)

    assert (report.from_version, report.to_version) == (6, SCHEMA_VERSION)
    assert report.backup_path and verify_database_file(report.backup_path) == 6
    assert _version_pair(db_path) == (SCHEMA_VERSION, SCHEMA_VERSION)
    assert len(_subject_names(engine)) == 5
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO received_review (id, assessment_id, seq, revision, status, comment,"
            " reviewer, decided_at, office_id, bundle_id, received_at) VALUES"
            f" ('r1', 'a1', 1, 1, 'perlu_perbaikan', 'Foto kurang', 'Sari', '{TS}',"
            f" '0123456789abcdef', 'b1', '{TS}')")
        with pytest.raises(Exception, match="UNIQUE"):  # one decision per (assessment, seq)
            conn.exec_driver_sql(
                "INSERT INTO received_review (id, assessment_id, seq, revision, status,"
                " reviewer, decided_at, office_id, bundle_id, received_at) VALUES"
                f" ('r2', 'a1', 1, 1, 'disetujui', 'Sari', '{TS}', '0123456789abcdef', 'b1',"
                f" '{TS}')")
    assert integrity_check(engine) == []


# --------------------------------------------------------------------------- v9 (issue 13)


def test_v8_database_keeps_its_consents_and_gets_the_pdp_tables(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    """The consent register is rebuilt on SQLite (an institution head's consent has no
    assessee): every consent row survives, one the office acknowledged counts as
    delivered, and the purge record and breach log exist afterwards."""
    _build_at(engine, 8)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"UPDATE assessment SET received_at = '{TS}' WHERE id = 'a2'")
        for cid, rid in (("c1", "'a2'"), ("c2", "NULL")):
            conn.exec_driver_sql(
                "INSERT INTO consent (id, assessee_id, revision_id, purpose, text_version,"
                f" method, given_at) VALUES ('{cid}', 'p1', {rid}, 'Asesmen', 'AK01@1',"
                f" 'FR.AK.01', '{TS}')")

    report = ensure_schema(engine, db_path=db_path, backup_dir=backup_dir, clock=clock)

    assert (report.from_version, report.to_version) == (8, SCHEMA_VERSION)
    assert report.backup_path and verify_database_file(report.backup_path) == 8
    with engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, assessee_id, revision_id, purpose, delivered_at FROM consent"
            " ORDER BY id").all()
        assert [tuple(r) for r in rows] == [("c1", "p1", "a2", "Asesmen", TS),
                                            ("c2", "p1", None, "Asesmen", None)]
        conn.exec_driver_sql(  # an institution head's consent: no assessee
            "INSERT INTO consent (id, institution_id, purpose, text_version, method,"
            f" given_at, given_by) VALUES ('c3', 'i1', 'Visitasi', 'v1', 'manual', '{TS}',"
            " 'Kepala')")
        tables = set(inspect(conn).get_table_names())
    assert {"purge_record", "breach"} <= tables
    assert {ix["name"] for ix in inspect(engine).get_indexes("consent")} == {
        "ix_consent_assessee_id", "ix_consent_institution_id", "ix_consent_revision_id"}
    assert integrity_check(engine) == []
