"""Headless import driver for the kill -9 import test (RELIABILITY.md 9.1, goal G1).

Run from the repo root::

    python -m tests.fault.import_driver --data-dir D --bundles DIR [--database-url URL]
                                        [--stall K] [--all]

It opens the REAL office services (``open_services``: same engine, pragmas or write lock,
``running.lock``) on SQLite in ``D`` or on PostgreSQL at ``URL``, and imports the bundles of
``DIR`` in ``seq`` order with ``SyncService.import_bundle`` (one transaction per bundle),
skipping those the office already lists in ``imported_bundle`` (``--all``: import every
one again, which must be a no-op). Without ``--stall`` it exits 0 after ``DONE``.

Protocol on stdout (one flushed line each; see tests/fault/kill_harness.py):

``STARTUP pid=<pid> unclean_pid=<pid|none>``  after ``open_services``
``TODO <n>``                                   bundles this run will import
``READY``
``BEGIN <bundle_id>``                          before ``import_bundle``
``STALL <bundle_id>``                          ``--stall K``: the K-th import of this run
                                               has flushed every row and is about to
                                               COMMIT; the driver waits there to be killed
``ACK <bundle_id> <status> [<code>]``          after ``import_bundle`` returned (committed)
``DONE``
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlmodel import select

from assessor_app.storage.db import read_session
from assessor_app.storage.tables import ImportedBundleRow
from tests.fault.kill_harness import driver_done, driver_parser, emit, open_driver_services
from tests.sync.helpers import bundle_ids


def main(argv: list[str] | None = None) -> int:
    parser = driver_parser(__doc__)
    parser.add_argument("--bundles", required=True)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--stall", type=int, default=-1)
    parser.add_argument("--all", action="store_true")
    args = parser.parse_args(argv)

    services = open_driver_services(args.data_dir, args.database_url)
    files = sorted(Path(args.bundles).glob("*.zip"), key=lambda p: bundle_ids(p)[1])
    with read_session(services.store.engine) as s:
        done = set(s.exec(select(ImportedBundleRow.bundle_id)).all())
    todo = [f for f in files if args.all or bundle_ids(f)[2] not in done]
    emit(f"TODO {len(todo)}")

    stalling: dict[str, Any] = {"armed": False, "bundle": ""}

    def before_commit(_conn: Any) -> None:  # engine "commit" event: before COMMIT is sent
        if stalling["armed"]:
            stalling["armed"] = False
            emit(f"STALL {stalling['bundle']}")
            time.sleep(3600)  # killed here: every row flushed, nothing committed

    event.listen(services.store.engine, "commit", before_commit)
    emit("READY")
    for n, path in enumerate(todo):
        bundle_id = bundle_ids(path)[2]
        stalling.update(armed=(n == args.stall), bundle=bundle_id)
        emit(f"BEGIN {bundle_id}")
        rep = services.sync.import_bundle(path)
        emit(f"ACK {bundle_id} {rep.status}" + (f" {rep.code}" if rep.code else ""))
    return driver_done(services)  # no exit backup: this is the office under test


if __name__ == "__main__":
    raise SystemExit(main())
