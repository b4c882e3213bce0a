"""Verified backups, rotation, disk guard and restore (RELIABILITY.md D-3, D-4)."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
import sqlite3
from collections import namedtuple
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from assessor_app.core.errors import StorageError
from assessor_app.storage import backup as backup_module
from assessor_app.storage.backup import (
    list_backups,
    make_backup,
    restore_backup,
    rotate_backups,
    verify_database_file,
)
from assessor_app.storage.db import make_engine, read_session, sqlite_url, write_session
from assessor_app.storage.migrations import SCHEMA_VERSION, ensure_schema
from assessor_app.storage.tables import InstitutionRow
from tests.helpers import corrupt_table_page

TS = "2024-03-05T10:11:12.000Z"
Usage = namedtuple("Usage", "total used free")


def fixed(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> Callable[[], dt.datetime]:
    moment = dt.datetime(year, month, day, hour, minute, second, tzinfo=dt.UTC)
    return lambda: moment


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "assessor.db"


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    return tmp_path / "data" / "backups"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    db_path.parent.mkdir(parents=True, exist_ok=True)
    eng = make_engine(sqlite_url(db_path))
    ensure_schema(eng, db_path=None, backup_dir=None)
    yield eng
    eng.dispose()


def _add(engine: Engine, iid: str, name: str) -> None:
    with write_session(engine) as s:
        s.add(InstitutionRow(id=iid, name=name, created_at=TS, updated_at=TS))


def _names(path: Path) -> list[str]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [r[0] for r in con.execute("SELECT name FROM institution ORDER BY id")]
    finally:
        con.close()


def _files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir()) if directory.exists() else []


# --------------------------------------------------------------------------- make_backup


def test_backup_is_verified_and_named_by_utc_time(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    _add(engine, "a" * 32, "LPK A")  # still in the WAL: the engine is open
    wib = dt.timezone(dt.timedelta(hours=7))
    first = make_backup(
        db_path, backup_dir, clock=lambda: dt.datetime(2024, 3, 5, 17, 0, tzinfo=wib)
    )
    second = make_backup(db_path, backup_dir, clock=fixed(2024, 3, 5, 10, 0, 0))
    assert first.name == "backup-20240305-100000.db"
    assert second.name == "backup-20240305-100000-1.db"
    assert [b.path for b in list_backups(backup_dir)] == [second, first]  # newest first
    assert list_backups(backup_dir)[0].created_at == dt.datetime(2024, 3, 5, 10, tzinfo=dt.UTC)
    assert verify_database_file(first) == SCHEMA_VERSION
    assert _names(first) == ["LPK A"]
    assert _files(backup_dir) == sorted([first.name, second.name])  # no -wal/-shm/.tmp


def test_backup_that_fails_its_integrity_check_is_discarded(
    engine: Engine, db_path: Path, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        backup_module, "integrity_problems", lambda p, key=None: ["*** in database main ***"]
    )
    with pytest.raises(StorageError) as info:
        make_backup(db_path, backup_dir)
    assert info.value.code == "backup.corrupt"
    assert _files(backup_dir) == []


def test_disk_guard_refuses_without_writing(
    engine: Engine, db_path: Path, backup_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backup_dir.mkdir()
    _add(engine, "a" * 32, "LPK A")
    size = db_path.stat().st_size + db_path.with_name("assessor.db-wal").stat().st_size
    monkeypatch.setattr(shutil, "disk_usage", lambda p: Usage(10**12, 10**12, 2 * size - 1))
    with pytest.raises(StorageError) as info:
        make_backup(db_path, backup_dir)
    assert info.value.code == "backup.no_space"
    assert info.value.params == {"needed": 2 * size, "free": 2 * size - 1}
    assert _files(backup_dir) == []

    monkeypatch.setattr(shutil, "disk_usage", lambda p: Usage(10**12, 10**12, 2 * size))
    assert make_backup(db_path, backup_dir).is_file()


def test_backup_of_a_missing_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError) as info:
        make_backup(tmp_path / "nope.db", tmp_path / "backups")
    assert info.value.code == "backup.no_source"
    assert not (tmp_path / "nope.db").exists()


# --------------------------------------------------------------------------- rotation


def _expected_keep(created: list[dt.datetime]) -> set[dt.datetime]:
    """Newest 10 + newest of each of the 7 latest days + of each of the 4 latest ISO weeks."""
    newest_first = sorted(created, reverse=True)
    keep = set(newest_first[:10])
    by_day = [next(g) for _, g in itertools.groupby(newest_first, key=lambda t: t.date())]
    keep |= set(by_day[:7])
    by_week = [
        next(g) for _, g in itertools.groupby(newest_first, key=lambda t: t.isocalendar()[:2])
    ]
    keep |= set(by_week[:4])
    return keep


def _name(moment: dt.datetime) -> str:
    return f"backup-{moment:%Y%m%d-%H%M%S}.db"


def test_rotation_over_thirty_days_keeps_last_10_dailies_and_weeklies(tmp_path: Path) -> None:
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # a Monday
    created: list[dt.datetime] = []
    for day in range(30):
        for hour in (1, 7, 13, 19):
            moment = start + dt.timedelta(days=day, hours=hour)
            (backup_dir / _name(moment)).write_bytes(b"")
            created.append(moment)
            before = set(_files(backup_dir))
            deleted = rotate_backups(backup_dir, now=moment)
            expected = {_name(t) for t in _expected_keep(created)}
            assert set(_files(backup_dir)) == expected
            assert {p.name for p in deleted} == before - expected

    final = sorted(list_backups(backup_dir), key=lambda b: b.created_at)
    # Hand-checked end state: the 10 newest (Jan 28 13:00 .. Jan 30 19:00); dailies add
    # Jan 24..27; of the 4 latest ISO weeks (Jan 29-, 22-28, 15-21, 8-14) the first two
    # are already covered, the others add Jan 21 and Jan 14 at 19:00.
    assert len(final) == 10 + 4 + 2
    assert {b.created_at.date() for b in final} == {
        dt.date(2024, 1, d) for d in (14, 21, 24, 25, 26, 27, 28, 29, 30)
    }
    assert all(b.created_at.hour == 19 for b in final if b.created_at.day < 28)


def test_rotation_ignores_foreign_and_future_files(tmp_path: Path) -> None:
    backup_dir = tmp_path / "backups"
    backup_dir.mkdir()
    now = dt.datetime(2024, 6, 1, 12, tzinfo=dt.UTC)
    strangers = ["notes.txt", "backup-latest.db", ".tmp-abc.db", "salvage-20240101-000000.db"]
    for name in strangers:
        (backup_dir / name).write_bytes(b"x")
    future = backup_dir / "backup-20300101-000000.db"  # the clock went backwards since
    future.write_bytes(b"")
    for i in range(40):
        (backup_dir / _name(now - dt.timedelta(minutes=15 * i))).write_bytes(b"")
    rotate_backups(backup_dir, now=now)
    remaining = set(_files(backup_dir))
    assert set(strangers) <= remaining
    assert future.name in remaining
    assert len(remaining) == len(strangers) + 1 + 10  # one day, one week: the newest 10


# --------------------------------------------------------------------------- restore


def test_restore_round_trip(engine: Engine, db_path: Path, backup_dir: Path) -> None:
    _add(engine, "a" * 32, "LPK A")
    saved = make_backup(db_path, backup_dir, clock=fixed(2024, 3, 5, 8, 0, 0))
    with write_session(engine) as s:
        row = s.get(InstitutionRow, "a" * 32)
        assert row is not None
        row.name = "LPK A (changed)"
    _add(engine, "b" * 32, "LPK B")
    engine.dispose()

    pre = restore_backup(saved, db_path, backup_dir, clock=fixed(2024, 3, 5, 9, 0, 0))

    assert pre is not None and pre.name == "backup-20240305-090000.db"
    assert _names(pre) == ["LPK A (changed)", "LPK B"]  # nothing is lost by restoring
    assert _names(db_path) == ["LPK A"]
    assert verify_database_file(db_path) == SCHEMA_VERSION
    assert _names(saved) == ["LPK A"]  # the source is untouched
    eng = make_engine(sqlite_url(db_path))
    try:
        with read_session(eng) as s:
            assert s.get(InstitutionRow, "b" * 32) is None
    finally:
        eng.dispose()
    assert not any(p.name.endswith(".tmp") for p in db_path.parent.iterdir())


def test_restore_over_a_crashed_database_drops_its_stale_wal(
    engine: Engine, db_path: Path, backup_dir: Path, tmp_path: Path
) -> None:
    _add(engine, "a" * 32, "LPK A")
    saved = make_backup(db_path, backup_dir, clock=fixed(2024, 3, 5, 8, 0, 0))
    engine.dispose()

    # A crash image: main file + a WAL holding a commit that was never checkpointed.
    live = sqlite3.connect(str(db_path), isolation_level=None)
    try:
        live.execute("PRAGMA wal_autocheckpoint=0")
        live.execute(
            "INSERT INTO institution (id, name, kind, created_at, updated_at)"
            " VALUES (?, 'LPK only in WAL', 'LPK_SWASTA', ?, ?)",
            ("c" * 32, TS, TS),
        )
        crashed = tmp_path / "crashed"
        crashed.mkdir()
        for suffix in ("", "-wal"):
            shutil.copyfile(f"{db_path}{suffix}", crashed / f"assessor.db{suffix}")
    finally:
        live.close()
    crashed_db = crashed / "assessor.db"
    assert (crashed / "assessor.db-wal").stat().st_size > 0

    pre = restore_backup(saved, crashed_db, backup_dir, clock=fixed(2024, 3, 5, 9, 0, 0))

    assert pre is not None and "LPK only in WAL" in _names(pre)
    assert not (crashed / "assessor.db-wal").exists()
    assert _names(crashed_db) == ["LPK A"]


@pytest.mark.allow_log("WARNING", "assessor_app.storage.backup", r"damaged database kept as")
def test_restore_over_a_damaged_database_keeps_a_salvage_copy(
    engine: Engine, db_path: Path, backup_dir: Path
) -> None:
    _add(engine, "a" * 32, "LPK A")
    saved = make_backup(db_path, backup_dir)
    engine.dispose()
    db_path.write_bytes(b"garbage, not a database" * 100)

    pre = restore_backup(saved, db_path, backup_dir, clock=fixed(2024, 3, 5, 9, 0, 0))

    assert pre is not None and pre.name == "salvage-20240305-090000.db"
    assert pre.read_bytes() == b"garbage, not a database" * 100
    assert _names(db_path) == ["LPK A"]
    rotate_backups(backup_dir, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert pre.exists()  # never rotated away


@pytest.mark.parametrize("kind", ["corrupt", "not_ours", "too_new"])
def test_restore_refuses_a_bad_source_without_touching_the_database(
    kind: str, engine: Engine, db_path: Path, backup_dir: Path, tmp_path: Path
) -> None:
    _add(engine, "a" * 32, "LPK A")
    source = make_backup(db_path, backup_dir)
    bad = tmp_path / "bad.db"
    shutil.copyfile(source, bad)
    source.unlink()
    if kind == "corrupt":
        corrupt_table_page(bad)
    elif kind == "not_ours":
        bad.write_text("PK\x03\x04 this is a zip, not a database")
    else:
        con = sqlite3.connect(str(bad), isolation_level=None)
        try:
            con.execute("UPDATE schema_version SET version = 99")
            con.execute("PRAGMA user_version = 99")
        finally:
            con.close()
    engine.dispose()
    before = db_path.read_bytes()
    files_before = _files(db_path.parent)

    with pytest.raises(StorageError) as info:
        restore_backup(bad, db_path, backup_dir)

    assert (
        info.value.code
        == {
            "corrupt": "restore.corrupt",
            "not_ours": "restore.not_ours",
            "too_new": "db.too_new",
        }[kind]
    )
    assert db_path.read_bytes() == before
    assert _files(db_path.parent) == files_before
    assert _files(backup_dir) == []


def test_verify_refuses_a_sqlite_file_of_another_app(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    con = sqlite3.connect(str(other))
    try:
        con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY)")
        con.commit()
    finally:
        con.close()
    with pytest.raises(StorageError) as info:
        verify_database_file(other)
    assert info.value.code == "restore.not_ours"
    with pytest.raises(StorageError) as info:
        verify_database_file(tmp_path / "missing.db")
    assert info.value.code == "restore.not_found"


def test_leftover_temp_files_of_a_killed_backup_are_removed(tmp_path: Path) -> None:
    from assessor_app.storage.backup import make_backup

    db = tmp_path / "app.db"
    con = sqlite3.connect(db)
    con.execute("create table t (x)")
    con.commit()
    con.close()
    backups = tmp_path / "backups"
    backups.mkdir()
    leftover = backups / ".tmp-0123456789abcdef.db"
    leftover.write_bytes(b"\0" * 4096)
    (backups / ".tmp-0123456789abcdef.db-journal").write_bytes(b"\0" * 512)
    made = make_backup(db, backups)
    assert made.is_file()
    assert sorted(p.name for p in backups.iterdir()) == [made.name]
