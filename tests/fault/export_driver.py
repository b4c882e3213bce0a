"""Headless export driver for the kill -9 export test (RELIABILITY.md 9.1, goal G1).

Run from the repo root::

    python -m tests.fault.export_driver --data-dir D --target T [--max N]

It opens the REAL services on the laptop store in ``D`` and loops
``SyncService.export(T)``: every pending revision (the same ones each time, since no
receipt comes back) into a new signed bundle with the next ``seq``, written to the outbox,
recorded in the database, then written atomically to the folder ``T`` and re-read. It runs
until killed or ``N`` bundles are made.

Protocol on stdout (one flushed line each; see tests/fault/kill_harness.py):

``STARTUP pid=<pid> unclean_pid=<pid|none>``, ``READY``,
``BEGIN <n>``                             before ``export()``
``WRITE <folder>/<file name>``            as each file write starts (the outbox's atomic
``WROTE <folder>/<file name>``            write; the target's temp copy, written at the same
                                          time and named after the commit) and when it
                                          returned: lets the test aim a kill at the writes
``ACK <file name> <sha256> <seq>``        after ``export()`` returned
``DONE``                                  ``--max`` reached (exit 0)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import assessor_app.services.sync_export as sync_module
from assessor_app.fileio import StagedWrite, atomic_write_bytes, stage_write
from tests.fault.kill_harness import driver_done, driver_parser, emit, open_driver_services, runs

_write = atomic_write_bytes
_stage = stage_write


def _announced_write(path: Path, data: Any, verify: Any = None) -> None:
    emit(f"WRITE {path.parent.name}/{path.name}")
    _write(path, data, verify=verify)
    emit(f"WROTE {path.parent.name}/{path.name}")


def _announced_stage(path: Path, data: Any, verify: Any = None) -> StagedWrite:
    emit(f"WRITE {path.parent.name}/{path.name}")
    staged = _stage(path, data, verify)
    emit(f"WROTE {path.parent.name}/{path.name}")
    return staged


def main(argv: list[str] | None = None) -> int:
    parser = driver_parser(__doc__)
    parser.add_argument("--target", required=True)
    parser.add_argument("--max", type=int, default=0)
    args = parser.parse_args(argv)

    # the export writes through the name the sync module imported: patch that one
    assert getattr(sync_module, "atomic_write_bytes", None) is atomic_write_bytes
    assert getattr(sync_module, "stage_write", None) is stage_write
    setattr(sync_module, "atomic_write_bytes", _announced_write)  # noqa: B010
    setattr(sync_module, "stage_write", _announced_stage)  # noqa: B010
    services = open_driver_services(args.data_dir)
    emit("READY")
    for n in runs(args.max):
        emit(f"BEGIN {n}")
        res = services.sync.export(Path(args.target))
        if res.path is None:
            raise SystemExit("nothing to export: the seed store has no final assessment")
        emit(f"ACK {res.path.name} {res.sha256} {res.seq}")
    return driver_done(services)


if __name__ == "__main__":
    raise SystemExit(main())
