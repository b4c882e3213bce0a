"""The order in which an export's results become visible (RELIABILITY D-5, D-6).

The target copy is written, fsynced and read back under a temp name while the outbox copy
is written and the database record committed; it gets its name only after the commit.
So, whatever fails: the outbox copy is durable before the record, the record is committed
before the target copy has its name, and a failure before the commit leaves neither a
target file (nor its temp file, nor a folder the export made) nor a record.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import assessor_app.services.sync_export as sync_export
from assessor_app.core.errors import StorageError
from assessor_app.fileio import stage_write
from assessor_app.services.demo import seed_demo
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import AuditRow, OutboxBundleRow


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
    real = write_session

    @contextmanager
    def watched(engine: Any) -> Iterator[Any]:
        # the outbox copy is durable and named before the record is written
        seen["outbox"] = _files(services.paths.outbox_dir)
        with real(engine) as s:
            yield s
        # committed: the target folder holds no bundle under a final name yet
        seen["target"] = [n for n in _files(usb) if n.endswith(".zip")]

    monkeypatch.setattr(sync_export, "write_session", watched)
    result = services.sync.export(usb)
    assert result.path is not None and result.outbox_path is not None
    assert seen["outbox"] == [result.outbox_path.name]
    assert seen["target"] == []
    assert _files(usb) == [result.path.name]  # named after the commit, no temp left
    assert _recorded(services) == (1, 1)


@pytest.mark.parametrize("where", ["outbox", "commit"])
def test_a_failure_before_the_commit_leaves_no_target_file_and_no_record(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    seed_demo(services)
    before = _recorded(services)
    usb = tmp_path / "stick" / "usb"  # folders the export makes: removed again
    staged: list[Path] = []
    real_stage = stage_write

    def stage(path: Path, data: bytes, verify: Any) -> Any:
        out = real_stage(path, data, verify)
        staged.append(out.tmp)  # the target's temp file was fully written and verified
        return out

    monkeypatch.setattr(sync_export, "stage_write", stage)
    if where == "outbox":
        def full(*_a: Any, **_k: Any) -> Any:
            raise StorageError("disk.full", path="outbox")
        monkeypatch.setattr(sync_export.BundleExporter, "_keep_in_outbox", full)
    else:
        real = write_session

        @contextmanager
        def failing(engine: Any) -> Iterator[Any]:
            with real(engine) as s:
                yield s
                raise StorageError("disk.full", path="db")  # rolled back

        monkeypatch.setattr(sync_export, "write_session", failing)
    with pytest.raises(StorageError) as info:
        services.sync.export(usb)
    assert info.value.code == "disk.full"
    assert len(staged) == 1 and not staged[0].exists()
    assert not (tmp_path / "stick").exists()
    assert _recorded(services) == before
    monkeypatch.undo()  # the next export works and reuses nothing half-made
    result = services.sync.export(usb)
    assert result.path is not None and result.seq == 1
    assert _files(usb) == [result.path.name]


def test_a_failed_target_write_still_records_the_export_and_leaves_no_file(
        services: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As before the overlap: the outbox copy and the record stand (``resend`` writes the
    bundle again); the target gets nothing, not even a temp file."""
    seed_demo(services)
    usb = tmp_path / "usb"

    real_stage = stage_write

    def lying_stick(path: Path, data: bytes, verify: Any) -> Any:
        def read_back(tmp: Path) -> None:  # the stick returns other bytes than written
            raise StorageError("export.verify_failed", path=str(tmp))
        return real_stage(path, data, read_back)

    monkeypatch.setattr(sync_export, "stage_write", lying_stick)
    with pytest.raises(StorageError) as info:
        services.sync.export(usb)
    assert info.value.code == "export.verify_failed"
    assert _files(usb) == []
    assert _recorded(services) == (1, 1)
    monkeypatch.undo()
    again = services.sync.resend("1", usb)
    assert again.path is not None and _files(usb) == [again.path.name]
