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
``WRITE <folder>/<file name>``            as each atomic write starts (outbox, then target;
``WROTE <folder>/<file name>``            and when it returned: lets the test aim a kill
                                          at the file writes)
``ACK <file name> <sha256> <seq>``        after ``export()`` returned
``DONE``                                  ``--max`` reached (exit 0)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

import assessor_app.services.sync_export as sync_module
from assessor_app.fileio import atomic_write_bytes
from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from tests.fault.kill_harness import emit

_write = atomic_write_bytes


def _announced_write(path: Path, data: Any, verify: Any = None) -> None:
    emit(f"WRITE {path.parent.name}/{path.name}")
    _write(path, data, verify=verify)
    emit(f"WROTE {path.parent.name}/{path.name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--max", type=int, default=0)
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")

    # the export writes through the name the sync module imported: patch that one
    assert getattr(sync_module, "atomic_write_bytes", None) is atomic_write_bytes
    setattr(sync_module, "atomic_write_bytes", _announced_write)  # noqa: B010
    services = open_services(AppPaths(Path(args.data_dir)))
    unclean = services.store.startup.unclean_exit
    emit(f"STARTUP pid={os.getpid()} unclean_pid={'none' if unclean is None else unclean.pid}")
    emit("READY")
    n = 0
    while args.max <= 0 or n < args.max:
        n += 1
        emit(f"BEGIN {n}")
        res = services.sync.export(Path(args.target))
        if res.path is None:
            raise SystemExit("nothing to export: the seed store has no final assessment")
        emit(f"ACK {res.path.name} {res.sha256} {res.seq}")
    emit("DONE")
    services.store.close(clean=True)  # no exit backup
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
