"""Headless backup driver for the kill -9 backup test (RELIABILITY.md 9.1, goal G1).

Run from the repo root::

    python -m tests.fault.backup_driver --data-dir D [--max N]

It opens the REAL services on the laptop store in ``D`` and loops: save one answer (so
every backup differs), then ``MaintenanceService.backup()`` (online backup API into a temp
file, integrity check, fsync, rename, rotation), until killed or ``N`` backups are made.

Protocol on stdout (one flushed line each; see tests/fault/kill_harness.py):

``STARTUP pid=<pid> unclean_pid=<pid|none>``, ``READY``,
``BEGIN <n>``                        before ``backup()``
``COPY``                             the backup API copy into the temp file starts
``SYNC``                             the temp copy passed its integrity check and is being
                                     fsynced; the rename to the final name follows (these two
                                     let the test aim a kill at either phase)
``ACK <file name> <sha256>``         after ``backup()`` returned (file renamed, dir fsynced)
``DONE``                             ``--max`` reached (exit 0)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import assessor_app.storage.backup as backup_module
from assessor_app.core.clock import system_clock
from assessor_app.fileio import fsync_file, sha256_file
from assessor_app.services.runtime import Services
from assessor_app.storage.backup import list_backups
from tests.fault.kill_harness import driver_done, driver_parser, emit, open_driver_services, runs

_copy = backup_module._copy_database
_fsync = fsync_file


def _announced_copy(src: Path, dst: Path, *, src_read_only: bool,
                    key: bytes | None = None) -> None:
    emit("COPY")
    _copy(src, dst, src_read_only=src_read_only, key=key)


def _announced_fsync(path: Path | str) -> None:
    emit("SYNC")
    _fsync(path)

TEMPLATE_CODE = "JKP.LPK.01"
ITEM = "catatan_temuan"


def draft_revision(services: Services) -> str:
    """A draft JKP.LPK.01 assessment to write into (created on the first run)."""
    drafts = [a for a in services.assessments.list()
              if a.template_code == TEMPLATE_CODE and a.status == "draft"]
    if drafts:
        return drafts[0].id
    inst = services.registry.institutions()[0]
    return services.assessments.create(TEMPLATE_CODE, institution_id=inst.id).id


def spaced_clock(backup_dir: Path) -> Callable[[], dt.datetime]:
    """The maintenance clock of this driver: now, but at least one second after the newest
    backup. Backup names have one-second resolution; when more than KEEP_LAST (10) backups
    are made within one second, ``_free_name`` reuses a name that rotation just freed and
    the new backup, sorting as the oldest of that second, is deleted by the same call's
    rotation (``backup()`` returns a path that no longer exists). A user never backs up
    ten times a second; this loop would, so it gives every backup its own second."""

    def clock() -> dt.datetime:
        now = system_clock()
        newest = list_backups(backup_dir)
        if newest and newest[0].created_at >= now.replace(microsecond=0):
            return newest[0].created_at + dt.timedelta(seconds=1)
        return now

    return clock


def main(argv: list[str] | None = None) -> int:
    parser = driver_parser(__doc__)
    parser.add_argument("--max", type=int, default=0)
    args = parser.parse_args(argv)

    backup_module._copy_database = _announced_copy
    # the backup fsyncs through the name the backup module imported: patch that one
    assert getattr(backup_module, "fsync_file", None) is fsync_file
    setattr(backup_module, "fsync_file", _announced_fsync)  # noqa: B010
    services = open_driver_services(args.data_dir)
    rid = draft_revision(services)
    services.maintenance.clock = spaced_clock(services.paths.backup_dir)
    emit("READY")
    for n in runs(args.max):
        services.assessments.answer(rid, ITEM, f"putaran {os.getpid()}-{n}")
        emit(f"BEGIN {n}")
        path = services.maintenance.backup(reason="manual")
        emit(f"ACK {path.name} {sha256_file(path)}")
    return driver_done(services)


if __name__ == "__main__":
    raise SystemExit(main())
