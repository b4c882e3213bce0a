"""Engine factory, sessions, health checks (RELIABILITY.md D-1, D-3) and open_store."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine

from assessor_app.core.errors import StorageError
from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from assessor_app.storage import store as store_module
from assessor_app.storage.db import (
    BEGIN_MODE_OPTION,
    integrity_check,
    make_engine,
    quick_check,
    read_session,
    sqlite_url,
    storage_error_from_db,
    write_connection,
    write_session,
)
from assessor_app.storage.migrations import SCHEMA_VERSION, ensure_schema
from assessor_app.storage.session_lock import SessionLock
from assessor_app.storage.store import open_store
from assessor_app.storage.tables import InstitutionRow
from tests.helpers import TS, corrupt_table_page, dead_pid, run_python


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    eng = make_engine(sqlite_url(tmp_path / "app.db"))
    yield eng
    eng.dispose()


def _seed(engine: Engine, n: int = 300) -> None:
    ensure_schema(engine, db_path=None, backup_dir=None)
    with write_session(engine) as s:
        for i in range(n):
            s.add(
                InstitutionRow(
                    id=f"{i:032x}",
                    name=f"LPK Maju Jaya {i} " + "x" * 80,
                    created_at=TS,
                    updated_at=TS,
                )
            )


def _count(engine: Engine) -> int:
    with read_session(engine) as s:
        return int(s.connection().exec_driver_sql("SELECT COUNT(*) FROM institution").scalar_one())


# --------------------------------------------------------------------------- pragmas


def test_pragmas_are_applied_on_every_connection(engine: Engine) -> None:
    # Two pooled connections at once; deferred BEGIN so that they don't wait on each other.
    deferred = {BEGIN_MODE_OPTION: "DEFERRED"}
    with engine.connect() as c1, engine.connect() as c2:
        for conn in (c1.execution_options(**deferred), c2.execution_options(**deferred)):
            values = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in (
                    "synchronous",
                    "journal_mode",
                    "foreign_keys",
                    "busy_timeout",
                    "secure_delete",
                    "temp_store",
                )
            }
            assert values == {
                "synchronous": 2,  # FULL
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": 5000,
                "secure_delete": 1,
                "temp_store": 2,  # MEMORY
            }


def test_url_survives_awkward_paths(tmp_path: Path) -> None:
    path = tmp_path / "Data Asesor #1 ?%20" / "app.db"
    path.parent.mkdir()
    eng = make_engine(sqlite_url(path))
    try:
        _seed(eng, 1)
    finally:
        eng.dispose()
    assert path.is_file()
    ro = make_engine(sqlite_url(path), read_only=True)
    try:
        assert _count(ro) == 1
    finally:
        ro.dispose()


def test_the_editors_save_on_a_read_only_store_says_so(tmp_path: Path) -> None:
    """The answer's hot statements run on the DBAPI cursor (storage/repositories.py): the
    driver's own error still becomes the app's ``disk.read_only``."""
    from assessor_app.storage.repositories import AssessmentRepository

    services = open_services(AppPaths(tmp_path / "data"))
    try:
        inst = services.registry.add_institution("LPK Mitra Terampil")
        row = services.assessments.create("KMPI.VISIT.01", institution_id=inst.id)
        db = services.store.paths.db_path
    finally:
        services.close(clean=True)
    ro = make_engine(sqlite_url(db), read_only=True)
    try:
        with pytest.raises(StorageError) as info, write_connection(ro) as c:
            AssessmentRepository.insert_answer(c, row.id, "std1_1", "", value="c",
                                               note=None, at="2026-12-05T01:00:00Z")
        assert info.value.code == "disk.read_only"
    finally:
        ro.dispose()


def test_read_only_engine_reads_and_refuses_writes(tmp_path: Path, engine: Engine) -> None:
    _seed(engine, 3)
    ro = make_engine(sqlite_url(tmp_path / "app.db"), read_only=True)
    try:
        assert _count(ro) == 3
        assert quick_check(ro) == []
        with pytest.raises(StorageError) as info, write_session(ro) as s:
            s.connection().exec_driver_sql("DELETE FROM institution")
        assert info.value.code == "disk.read_only"
        assert info.value.params["path"] == str(tmp_path / "app.db")
    finally:
        ro.dispose()
    assert _count(engine) == 3


# --------------------------------------------------------------------------- transactions


def test_write_session_takes_the_write_lock_at_begin(tmp_path: Path, engine: Engine) -> None:
    _seed(engine, 1)
    other = make_engine(sqlite_url(tmp_path / "app.db"), busy_timeout_ms=50)
    raw = sqlite3.connect(str(tmp_path / "app.db"), timeout=0.05, isolation_level=None)
    try:
        with write_session(engine):
            # nothing written yet: only BEGIN IMMEDIATE can be holding the lock
            with pytest.raises(sqlite3.OperationalError, match="database is locked"):
                raw.execute("BEGIN IMMEDIATE")
            with pytest.raises(StorageError) as info, write_session(other):
                pass
            assert info.value.code == "db.busy"
            assert _count(other) == 1  # WAL: readers are not blocked
        with write_session(other) as s:  # lock released by the commit
            s.add(InstitutionRow(id="f" * 32, name="LPK B", created_at=TS, updated_at=TS))
        assert _count(engine) == 2
    finally:
        raw.close()
        other.dispose()


def test_write_session_commits_or_rolls_back(engine: Engine) -> None:
    _seed(engine, 0)
    with write_session(engine) as s:
        row = InstitutionRow(id="a" * 32, name="LPK A", created_at=TS, updated_at=TS)
        s.add(row)
    assert row.name == "LPK A"  # expire_on_commit=False: still usable
    with pytest.raises(RuntimeError), write_session(engine) as s:
        s.add(InstitutionRow(id="b" * 32, name="LPK B", created_at=TS, updated_at=TS))
        s.flush()
        raise RuntimeError("validation failed after flush")
    with read_session(engine) as s:
        names = s.connection().exec_driver_sql("SELECT name FROM institution").scalars().all()
    assert names == ["LPK A"]


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("database or disk is full", "disk.full"),
        ("disk I/O error", "db.io"),
        ("attempt to write a readonly database", "disk.read_only"),
        ("database is locked", "db.busy"),
        ("database disk image is malformed", "db.corrupt"),
        ("file is not a database", "db.corrupt"),
    ],
)
def test_driver_errors_are_translated(message: str, code: str) -> None:
    err = storage_error_from_db(sqlite3.OperationalError(message), path="/x.db")
    assert err is not None and err.code == code


def test_constraint_errors_are_not_environment_errors() -> None:
    assert storage_error_from_db(sqlite3.IntegrityError("UNIQUE constraint failed")) is None


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX only")
def test_disk_limit_mid_session_is_reported_and_committed_rows_survive(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    script = textwrap.dedent(
        """
        import resource, signal, sys
        from pathlib import Path
        from assessor_app.core.errors import StorageError
        from assessor_app.storage.db import make_engine, sqlite_url, write_session
        from assessor_app.storage.migrations import ensure_schema

        engine = make_engine(sqlite_url(Path(sys.argv[1])))
        ensure_schema(engine, db_path=None, backup_dir=None)
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        # Room for some commits beyond whatever the schema itself already takes.
        db = Path(sys.argv[1])
        wal = Path(str(db) + "-wal")
        used = max(db.stat().st_size, wal.stat().st_size if wal.exists() else 0)
        resource.setrlimit(resource.RLIMIT_FSIZE, (used + 256 * 1024, hard))
        try:
            for i in range(10_000):
                with write_session(engine) as s:
                    s.connection().exec_driver_sql(
                        "INSERT INTO app_meta (key, value) VALUES (?, ?)",
                        (f"k{i}", "v" * 4000),
                    )
                print("ACK", i, flush=True)
        except StorageError as exc:
            print("ERR", exc.code, flush=True)
        """
    )
    result = run_python(script, str(db), timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    acked = [line for line in lines if line.startswith("ACK")]
    assert acked and lines[len(acked)].split()[1] in ("db.io", "disk.full")
    eng = make_engine(sqlite_url(db))
    try:
        assert quick_check(eng) == []
        with read_session(eng) as s:
            keys = s.connection().exec_driver_sql("SELECT key FROM app_meta").scalars().all()
        assert {f"k{i}" for i in range(len(acked))} <= set(keys)
    finally:
        eng.dispose()


# --------------------------------------------------------------------------- checks


def test_checks_pass_on_a_healthy_database(engine: Engine) -> None:
    _seed(engine)
    assert quick_check(engine) == []
    assert integrity_check(engine) == []


def test_checks_detect_a_corrupted_page(tmp_path: Path) -> None:
    good = tmp_path / "good.db"
    eng = make_engine(sqlite_url(good))
    _seed(eng)
    eng.dispose()  # last connection closes: WAL checkpointed into the main file
    assert not (tmp_path / "good.db-wal").exists()

    bad = tmp_path / "bad.db"
    shutil.copyfile(good, bad)
    corrupt_table_page(bad)
    bad_engine = make_engine(sqlite_url(bad))
    try:
        assert quick_check(bad_engine) != []
        assert integrity_check(bad_engine) != []
    finally:
        bad_engine.dispose()


def test_checks_report_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is a word document" * 300)
    eng = make_engine(sqlite_url(bad))
    try:
        problems = quick_check(eng)
    finally:
        eng.dispose()
    assert problems and "not a database" in problems[0]


def test_integrity_check_includes_foreign_key_violations(tmp_path: Path, engine: Engine) -> None:
    _seed(engine, 1)
    raw = sqlite3.connect(str(tmp_path / "app.db"), isolation_level=None)
    try:  # a connection without foreign_keys=ON lets an orphan in
        raw.execute(
            "INSERT INTO assessee (id, name, institution_id, is_minor, created_at, updated_at)"
            " VALUES ('p1', 'Budi', 'missing', 0, ?, ?)",
            (TS, TS),
        )
    finally:
        raw.close()
    assert quick_check(engine) == []
    problems = integrity_check(engine)
    assert len(problems) == 1 and "assessee" in problems[0] and "institution" in problems[0]


# --------------------------------------------------------------------------- open_store


def test_open_store_creates_checks_and_closes_cleanly(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    store = open_store(paths)
    try:
        assert store.startup.unclean_exit is None
        assert store.startup.read_only is False
        assert store.startup.migration.from_version is None
        assert store.startup.migration.to_version == SCHEMA_VERSION
        assert paths.lock_path.is_file()
        assert paths.backup_dir.is_dir()
        with write_session(store.engine) as s:
            s.add(InstitutionRow(id="a" * 32, name="LPK A", created_at=TS, updated_at=TS))
    finally:
        store.close()
    assert not paths.lock_path.exists()
    assert not paths.db_path.with_name("assessor.db-wal").exists() or (
        paths.db_path.with_name("assessor.db-wal").stat().st_size == 0
    )
    store = open_store(paths)
    try:
        assert store.startup.unclean_exit is None
        assert store.startup.migration.from_version == SCHEMA_VERSION
        assert _count(store.engine) == 1
    finally:
        store.close()


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_open_store_reports_an_unclean_exit(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    open_store(paths).close()
    dead = dead_pid()
    paths.lock_path.write_text(
        f'{{"pid": {dead}, "started_at": "{TS}", "hostname": null}}'
    )
    store = open_store(paths)
    try:
        assert store.startup.unclean_exit is not None
        assert store.startup.unclean_exit.pid == dead
        assert store.startup.integrity_problems == []
    finally:
        store.close()
    assert not paths.lock_path.exists()


def test_open_store_refuses_a_corrupt_database_without_writing(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    good = tmp_path / "good.db"
    eng = make_engine(sqlite_url(good))
    _seed(eng)
    eng.dispose()
    shutil.copyfile(good, paths.db_path)
    corrupt_table_page(paths.db_path)
    before = paths.db_path.read_bytes()
    with pytest.raises(StorageError) as info:
        open_store(paths)
    assert info.value.code == "db.corrupt" and info.value.params["problems"]
    assert paths.db_path.read_bytes() == before
    assert list(paths.backup_dir.iterdir()) == []


def test_open_store_refuses_a_second_instance(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    paths.ensure()
    paths.lock_path.write_text(f'{{"pid": {os.getppid()}, "started_at": "{TS}"}}')
    with pytest.raises(StorageError) as info:
        open_store(paths)
    assert info.value.code == "db.in_use" and info.value.params["pid"] == os.getppid()
    assert not paths.db_path.exists()


@pytest.mark.allow_log("WARNING", "assessor_app.storage.store", r"data folder is not writable")
def test_open_store_falls_back_to_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = AppPaths(tmp_path / "data")
    store = open_store(paths)
    store.close()
    monkeypatch.setattr(store_module, "_dir_writable", lambda d: False)
    store = open_store(paths)
    try:
        assert store.startup.read_only is True
        assert not paths.lock_path.exists()
        with pytest.raises(StorageError) as info, write_session(store.engine) as s:
            s.add(InstitutionRow(id="a" * 32, name="LPK A", created_at=TS, updated_at=TS))
        assert info.value.code == "disk.read_only"
    finally:
        store.close()


def _bind_mount_read_only(directory: Path) -> bool:
    """``mount --bind d d; mount -o remount,ro,bind d`` (RELIABILITY 9.3): root on Linux."""
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    d = str(directory)
    if subprocess.run(["mount", "--bind", d, d], capture_output=True, check=False).returncode:
        return False
    remount = ["mount", "-o", "remount,ro,bind", d]
    if subprocess.run(remount, capture_output=True, check=False).returncode:
        subprocess.run(["umount", d], capture_output=True, check=False)
        return False
    return True


@pytest.fixture
def read_only_data_dir(tmp_path: Path) -> Iterator[AppPaths]:
    paths = AppPaths(tmp_path / "data")
    store = open_store(paths)
    with write_session(store.engine) as s:
        s.add(InstitutionRow(id="a" * 32, name="LPK A", created_at=TS, updated_at=TS))
    store.close()  # WAL-mode file, no -wal/-shm left: the hard case for mode=ro
    if not _bind_mount_read_only(paths.data_dir):
        pytest.skip("needs root and a read-only bind mount")
    try:
        yield paths
    finally:
        subprocess.run(["umount", str(paths.data_dir)], capture_output=True, check=True)


@pytest.mark.allow_log("WARNING", "assessor_app.storage.store", r"data folder is not writable")
def test_open_store_on_a_read_only_file_system(read_only_data_dir: AppPaths) -> None:
    paths = read_only_data_dir
    store = open_store(paths)
    try:
        assert store.startup.read_only is True
        assert _count(store.engine) == 1
        with pytest.raises(StorageError) as info, write_session(store.engine) as s:
            s.add(InstitutionRow(id="b" * 32, name="LPK B", created_at=TS, updated_at=TS))
        assert info.value.code == "disk.read_only"
    finally:
        store.close()
    assert not paths.lock_path.exists()


def test_open_store_read_only_without_database_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "_dir_writable", lambda d: False)
    with pytest.raises(StorageError) as info:
        open_store(AppPaths(tmp_path / "data"))
    assert info.value.code == "disk.read_only"


def test_close_unclean_keeps_the_lock(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "data")
    store = open_store(paths)
    store.close(clean=False)
    assert paths.lock_path.exists()
    lock = SessionLock(paths.lock_path)
    assert lock.acquire() is None  # our own pid: the same process re-opens
    lock.release()
    with_text = text("SELECT 1")  # the engine was disposed; a new one still works
    eng = make_engine(sqlite_url(paths.db_path))
    try:
        with eng.connect() as conn:
            assert conn.execute(with_text).scalar() == 1
    finally:
        eng.dispose()
