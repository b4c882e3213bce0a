"""The order in which an export's results become visible (RELIABILITY D-5, D-6).

Both copies are written and read back on worker threads while the export is recorded. The
outbox copy is durable and named before the database record is committed; the target copy
gets its name only after that commit. So a failure before the commit leaves neither a
target file nor a record, and a failed target write leaves the export recorded (``resend``
writes the outbox copy again) and no file at the target.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import assessor_app.services.sync_export as sync_export
from assessor_app.core.errors import StateError, StorageError
from assessor_app.services.demo import seed_demo
from assessor_app.storage.db import read_session, write_connection, write_session
from assessor_app.storage.tables import AuditRow, OutboxBundleRow
from tests.helpers import lying_disk


def _recorded(services: Any) -> tuple[int, int]:
    with read_session(services.store.engine) as s:
        return (len(s.exec(OutboxBundleRow.__table__.select()).all()),  # type: ignore[attr-defined]
                len(s.exec(AuditRow.__table__.select().where(  # type: ignore[attr-defined]
                    AuditRow.action == "export")).all()))


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_the_target_copy_gets_its_name_only_after_the_record_is_committed(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_demo(services)
    usb = tmp_path / "usb"
    seen: dict[str, Any] = {}

    @contextmanager
    def watched(engine: Any) -> Iterator[Any]:
        with write_connection(engine) as conn:
            yield conn
            # about to commit: the outbox copy is durable and named already
            seen["outbox"] = _files(services.paths.outbox_dir)
        # committed: the target folder holds no bundle under a final name yet
        seen["target"] = [n for n in _files(usb) if n.endswith(".zip")]

    monkeypatch.setattr(sync_export, "write_connection", watched)
    result = services.sync.export(usb)
    assert result.path is not None and result.outbox_path is not None
    assert seen["outbox"] == [result.outbox_path.name]
    assert seen["target"] == []
    assert _files(usb) == [result.path.name]  # no temp file left beside it
    assert _recorded(services) == (1, 1)


@pytest.mark.parametrize("where", ["outbox", "commit"])
def test_a_failure_before_the_commit_leaves_no_target_file_and_no_record(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    seed_demo(services)
    before = _recorded(services)
    usb = tmp_path / "usb"
    if where == "outbox":
        def full(*_a: Any, **_k: Any) -> Any:
            raise StorageError("disk.full", path="outbox")
        monkeypatch.setattr(sync_export.BundleExporter, "_stage_outbox", full)
    else:
        @contextmanager
        def failing(engine: Any) -> Iterator[Any]:
            with write_connection(engine) as conn:
                yield conn
                raise StorageError("disk.full", path="db")  # rolled back

        monkeypatch.setattr(sync_export, "write_connection", failing)
    with pytest.raises(StorageError) as info:
        services.sync.export(usb)
    assert info.value.code == "disk.full"
    assert _files(usb) == []
    assert _recorded(services) == before
    left = _files(services.paths.outbox_dir)  # a failed commit leaves what a kill does:
    assert len(left) == (1 if where == "commit" else 0)  # a named copy, no temp file
    assert all(n.startswith("bundle-") and n.endswith(".zip") for n in left)
    monkeypatch.undo()  # the next export works and reuses nothing half-made
    result = services.sync.export(usb)
    assert result.path is not None and result.seq == 1
    assert _files(usb) == [result.path.name]
    assert result.outbox_path is not None
    assert _files(services.paths.outbox_dir) == [result.outbox_path.name]


def test_a_failed_target_write_still_records_the_export_and_leaves_no_file(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed_demo(services)
    usb = tmp_path / "usb"

    # one bit changed on the way to the stick; the outbox copy is written as usual
    lying_stick = lying_disk(lambda folder: folder == usb)
    monkeypatch.setattr(sync_export, "stage_write", lying_stick)
    with pytest.raises(StorageError) as info:
        services.sync.export(usb)
    assert info.value.code == "export.verify_failed"
    assert _files(usb) == []
    assert _recorded(services) == (1, 1)
    monkeypatch.undo()
    again = services.sync.resend("1", usb)
    assert again.path is not None and _files(usb) == [again.path.name]


def test_an_export_removes_the_temp_copies_killed_exports_left_on_the_stick(
        services: Any, tmp_path: Path) -> None:
    seed_demo(services)
    usb = tmp_path / "usb"
    usb.mkdir()
    hour_ago = time.time() - sync_export.STALE_TARGET_TEMP_S - 60
    stale = usb / f".hasil_Budi_LPK-Maju_20261201_1-ab12.zip.{'0' * 32}.tmp"
    fresh = usb / f".hasil_Budi_LPK-Maju_20261205_2-cd34.zip.{'1' * 32}.tmp"
    # not ours, however old: never touched
    foreign = [usb / ".laporan.docx.tmp", usb / f".hasil.zip.{'2' * 31}.tmp",
               usb / f"hasil.zip.{'3' * 32}.tmp", usb / f".hasil.pdf.{'4' * 32}.tmp"]
    for f in (stale, fresh, *foreign):
        f.write_bytes(b"PK\x03\x04 half a bundle")
    folder = usb / f".hasil.zip.{'5' * 32}.tmp"  # a folder with our temp name
    folder.mkdir()
    for f in (stale, *foreign, folder):
        os.utime(f, (hour_ago, hour_ago))
    result = services.sync.export(usb)
    assert result.path is not None
    assert _files(usb) == sorted([result.path.name, fresh.name, folder.name,
                                  *(f.name for f in foreign)])


def test_an_export_into_the_outbox_folder_itself_works(services: Any) -> None:
    """The outbox's own clean-up leaves this export's temp copies alone, the stick's too."""
    seed_demo(services)
    result = services.sync.export(services.paths.outbox_dir)
    assert result.path is not None and result.path.parent == services.paths.outbox_dir
    assert result.path.is_file() and result.outbox_path is not None
    assert result.outbox_path.is_file()


@pytest.mark.parametrize("where", ["outbox", "record", "stick"])
def test_an_interrupted_export_leaves_no_temp_file_on_the_stick(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    """Ctrl+C while the outbox copy is written, while the export is recorded, or while it
    waits for the stick: the stick's temp copy is removed once written, and nothing gets
    a bundle's name there."""
    seed_demo(services)
    before = _recorded(services)
    usb = tmp_path / "usb"
    if where == "outbox":
        def interrupted_outbox(*_a: Any, **_k: Any) -> Any:
            raise KeyboardInterrupt
        monkeypatch.setattr(sync_export.BundleExporter, "_stage_outbox", interrupted_outbox)
    elif where == "record":
        def interrupted(*_a: Any, **_k: Any) -> Any:
            raise KeyboardInterrupt
        monkeypatch.setattr(sync_export.BundleExporter, "_record", interrupted)
    else:
        real_record = sync_export.BundleExporter._record

        def recorded_then_interrupted(self: Any, *a: Any, **k: Any) -> Any:
            real_record(self, *a, **k)
            raise KeyboardInterrupt  # as if it arrived while waiting for the stick
        monkeypatch.setattr(sync_export.BundleExporter, "_record", recorded_then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        services.sync.export(usb)
    assert _files(usb) == []
    if where != "stick":  # nor a temp copy in the outbox, nor one named there, nor a record
        assert _files(services.paths.outbox_dir) == []
        assert _recorded(services) == before


def test_the_outbox_copy_is_written_before_the_write_lock_is_taken(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing, fsyncing and reading back a large bundle takes seconds on a slow disk:
    another writer (the CLI, the GUI's lane) must not wait for it. While the outbox copy
    is written, a write transaction from elsewhere gets the lock at once."""
    from assessor_app.storage.db import make_engine

    seed_demo(services)
    real = sync_export.BundleExporter._stage_outbox
    other = make_engine(str(services.store.engine.url), busy_timeout_ms=0)
    took: list[bool] = []

    def while_staging(self: Any, *a: Any, **k: Any) -> Any:
        staged = real(self, *a, **k)  # written, fsynced, read back; not yet named
        with write_session(other):  # fails at once (busy) if the export held the lock
            took.append(True)
        return staged

    monkeypatch.setattr(sync_export.BundleExporter, "_stage_outbox", while_staging)
    try:
        result = services.sync.export(tmp_path / "usb")
    finally:
        other.dispose()
    assert result.path is not None and took == [True]


def test_an_outbox_copy_that_reads_back_wrong_sends_and_records_nothing(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from assessor_app.messages import describe

    seed_demo(services)
    before = _recorded(services)
    usb = tmp_path / "usb"

    # the laptop's disk changes the outbox copy's last byte; the stick is fine
    bad_disk = lying_disk(lambda folder: folder == services.paths.outbox_dir, at=-1)
    monkeypatch.setattr(sync_export, "stage_write", bad_disk)
    with pytest.raises(StorageError) as info:
        services.sync.export(usb)
    assert info.value.code == "outbox.verify_failed"
    assert "outbox_seq" not in info.value.params  # nothing was made
    assert "tidak ada yang dikirim" in describe(info.value, "id")
    assert _recorded(services) == before
    assert _files(usb) == [] and _files(services.paths.outbox_dir) == []


@pytest.mark.skipif(not hasattr(os, "posix_fadvise"), reason="no posix_fadvise here")
def test_the_stick_copy_is_read_back_from_the_medium_not_the_cache(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading back what was just written returns the system's cached copy, which proves
    nothing about a stick: the stick's copy is read after the cache was told to forget it
    (the outbox, on the laptop's own disk, is read as it is)."""
    seed_demo(services)
    usb = tmp_path / "usb"
    forgotten: list[str] = []
    real = os.posix_fadvise

    def advise(fd: int, offset: int, length: int, what: int) -> None:
        if what == os.POSIX_FADV_DONTNEED:
            forgotten.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd, offset, length, what)

    monkeypatch.setattr(os, "posix_fadvise", advise)
    result = services.sync.export(usb)
    assert result.path is not None
    assert [Path(p).parent for p in forgotten] == [usb]  # the stick's temp file, once
    assert not any(Path(p).parent == services.paths.outbox_dir for p in forgotten)


def test_a_record_found_damaged_while_the_copies_are_written_stops_everything(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The export proves its records while both copies are being written: one answer
    edited in SQLite refuses the export, and neither copy keeps a file (named or temp),
    no folder the export made for its target is left, nothing is recorded, and the next
    export (the edit undone) works."""
    import sqlite3

    seed_demo(services)
    before = _recorded(services)
    pending = services.sync.pending()
    victim = pending[len(pending) // 2]
    proved: list[tuple[bool, bool]] = []
    real_prove = sync_export.Collected.prove
    submitted: list[Any] = []

    class Pool(ThreadPoolExecutor):
        def submit(self, fn: Any, /, *a: Any, **k: Any) -> Any:
            submitted.append(fn)
            return super().submit(fn, *a, **k)

    def watched_prove(self: Any) -> None:
        proved.append((len(submitted) == 2, _recorded(services) == before))
        real_prove(self)

    monkeypatch.setattr(sync_export, "ThreadPoolExecutor", Pool)
    monkeypatch.setattr(sync_export.Collected, "prove", watched_prove)
    con = sqlite3.connect(services.paths.db_path)
    try:
        with con:
            old = con.execute("SELECT value FROM answer WHERE revision_id = ? AND value != '' "
                              "ORDER BY item LIMIT 1", (victim.id,)).fetchone()[0]
            changed = con.execute(
                "UPDATE answer SET value = ? WHERE rowid = (SELECT rowid FROM answer WHERE "
                "revision_id = ? AND value = ? ORDER BY item LIMIT 1)",
                (old + " (diubah)", victim.id, old)).rowcount
        assert changed == 1
        usb = tmp_path / "baru" / "usb"  # folders the export makes
        with pytest.raises(StateError) as info:
            services.sync.export(usb)
        assert info.value.code == "export.damaged"
        assert info.value.params["ref"] == victim.assessment_id[:8]
        assert proved == [(True, True)]  # both copies on their way, nothing recorded yet
        assert not (tmp_path / "baru").exists()  # nor a folder it made is left
        assert _files(services.paths.outbox_dir) == []
        assert _recorded(services) == before
        with con:
            con.execute("UPDATE answer SET value = ? WHERE revision_id = ? AND value = ?",
                        (old, victim.id, old + " (diubah)"))
    finally:
        con.close()
    monkeypatch.undo()
    result = services.sync.export(usb)
    assert result.path is not None and result.seq == 1
    assert _files(usb) == [result.path.name]


@pytest.mark.parametrize("fails", [False, True])
def test_an_export_gives_the_switch_interval_back(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fails: bool) -> None:
    """While the records are proven the interpreter hands over to the writer threads
    sooner; afterwards (done or failed) the process's own interval is back."""
    import sys

    seed_demo(services)
    during: list[float] = []
    real_prove = sync_export.Collected.prove

    def watched_prove(self: Any) -> None:
        during.append(sys.getswitchinterval())
        if fails:
            raise StorageError("disk.full", path="x")
        real_prove(self)

    monkeypatch.setattr(sync_export.Collected, "prove", watched_prove)
    before = sys.getswitchinterval()
    if fails:
        with pytest.raises(StorageError):
            services.sync.export(tmp_path / "usb")
    else:
        assert services.sync.export(tmp_path / "usb").path is not None
    assert during == [pytest.approx(sync_export.HANDOVER_S)]
    assert sys.getswitchinterval() == before


def test_a_stick_whose_clock_is_hours_behind_keeps_this_exports_copy(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stale-temp sweep runs while this export's own temp copy is on the stick; with
    the stick's times two hours behind the laptop's clock, the copy looked stale by age
    (review finding): it is spared by name."""
    from types import SimpleNamespace

    seed_demo(services)
    usb = tmp_path / "usb"
    usb.mkdir()
    killed = usb / f".hasil_Budi_LPK-Maju_20261201_1-ab12.zip.{'0' * 32}.tmp"
    killed.write_bytes(b"PK\x03\x04 half a bundle")
    ahead = SimpleNamespace(time=lambda: time.time() + 2 * 3600)
    monkeypatch.setattr(sync_export, "time", ahead)
    result = services.sync.export(usb)
    assert result.path is not None and result.path.is_file()
    assert _files(usb) == [result.path.name]  # the killed export's copy went, ours stayed
    assert _recorded(services) == (1, 1)


def test_overlapping_exports_give_the_switch_interval_back_in_any_order() -> None:
    """Two stores in one process may export at once and finish in any order."""
    import sys

    before = sys.getswitchinterval()
    first, second = sync_export._prompt_handover(), sync_export._prompt_handover()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first one done, the second still writing
    assert sys.getswitchinterval() == pytest.approx(sync_export.HANDOVER_S)
    second.__exit__(None, None, None)
    assert sys.getswitchinterval() == before


def test_a_folder_whose_name_ends_in_zip_is_a_folder(services: Any, tmp_path: Path) -> None:
    """Review finding: an existing folder called ``kirim.zip`` was refused as "the file
    exists"; it is a folder, and the bundle goes into it (and is sent again into it)."""
    seed_demo(services)
    folder = tmp_path / "kirim.zip"
    folder.mkdir()
    result = services.sync.export(folder)
    assert result.path is not None and result.path.parent == folder
    again = services.sync.resend(str(result.seq), folder / "lagi")
    assert again.path is not None and again.path.read_bytes() == result.path.read_bytes()
    twice = services.sync.resend(str(result.seq), folder / "lain.zip")
    assert twice.path == folder / "lain.zip"


def test_a_failed_export_keeps_a_folder_that_holds_something_else(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only empty folders the export made go: one the user put a file in meanwhile, and
    one that was there before, stay."""
    seed_demo(services)
    made = tmp_path / "kirim" / "hari-ini"

    def fails_with_a_file_beside(self: Any) -> None:
        (made / "catatan.txt").write_text("jangan dihapus", encoding="utf-8")
        raise StorageError("disk.full", path="x")

    monkeypatch.setattr(sync_export.Collected, "prove", fails_with_a_file_beside)
    with pytest.raises(StorageError):
        services.sync.export(made)
    assert _files(tmp_path / "kirim") == ["catatan.txt", "hari-ini"]
    assert (made / "catatan.txt").is_file()
