"""G1 crash durability of the office import: kill -9 while bundles are being imported.

RELIABILITY.md 3.4 step 7 (one transaction per bundle), goal G1 ("import state is
all-or-nothing: row counts equal before or after, never in between") and method 9.1.

A stream of valid sealed bundles (``office_stream.build_stream``: default 30 bundles of 3
signed assessments with photos each) is imported by ``python -m tests.fault.import_driver``
into an office, which is SIGKILLed at random moments: after a random delay, or (one cycle
in three) while the driver is parked just before COMMIT of an import whose rows are all
flushed (``--stall``). After every kill:

* SQLite ``integrity_check`` and ``foreign_key_check`` are clean (PostgreSQL: the server
  answers, and the killed client's session is gone);
* every ACKed bundle is present; the bundles present are exactly a prefix of the stream
  (the driver imports in ``seq`` order), at most one more than the ACKs said (committed,
  killed before its ACK line);
* every bundle is entirely present or entirely absent: its ``imported_bundle`` row, its
  assessment revisions, answers, repeat rows, evidence, signatures, media, subjects and
  audit rows (the natural key of every row the reference import added);
* each table's row count is exactly the empty office's plus what the present bundles add
  (never in between), and the device's ``last_seq`` is the last present bundle's;
* the next start reports the killed session as an unclean exit.

At the end of each lane the driver runs to completion (the rest is imported), then imports
every bundle again: all duplicates and not one row or byte changes. Finally every
assessment reads back exactly as in the reference office.

SQLite runs ``KILL_IMPORT_CYCLES`` (default 30) cycles over two lanes (one office each,
both cores); PostgreSQL (``ASSESSOR_TEST_PG_URL``) ``KILL_IMPORT_PG_CYCLES`` (default 8).
``KILL_SEED`` makes a run reproducible; ``KILL_IMPORT_BUNDLES`` sets the stream length.
"""

from __future__ import annotations

import random
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from assessor_app.paths import AppPaths
from tests.fault.kill_harness import (
    Driver,
    env_int,
    run_lane,
    run_lanes,
    scratch_dir,
    total,
    totals,
)
from tests.fault.office_stream import (
    BundleStream,
    build_stream,
    content_digest,
    integrity,
    make_office,
    office_connection,
    read_state,
)
from tests.sync.helpers import bundle_ids

CYCLES = env_int("KILL_IMPORT_CYCLES", 30)
PG_CYCLES = env_int("KILL_IMPORT_PG_CYCLES", 8)
BUNDLES = env_int("KILL_IMPORT_BUNDLES", 30)
PER_BUNDLE = 3
LANES = 2
STALL_SHARE = 1 / 3
DELAY_RANGE = (0.0, 0.5)  # after READY; an import takes ~50-300 ms (the first is slowest)
STALL_TIMEOUT_S = 60.0
FINISH_TIMEOUT_S = 180.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX SIGKILL"),
    pytest.mark.timeout(max(300, (CYCLES + PG_CYCLES) * 6)),
]


@pytest.fixture(scope="module")
def stream(tmp_path_factory: pytest.TempPathFactory, golden_data_dir: Path
           ) -> Iterator[BundleStream]:
    """Built on tmpfs when there is one (thousands of fsynced commits)."""
    with scratch_dir("assessor-kill-import-", lambda: tmp_path_factory.mktemp("stream")) as root:
        yield build_stream(root, golden_data_dir, BUNDLES, PER_BUNDLE)


@dataclass
class Lane:
    lane: int
    data_dir: Path
    db_url: str | None
    stream: BundleStream
    golden: Path
    present: int = 0  # bundles in the office (a prefix of the stream)
    last_pid: int | None = None  # the killed driver whose running.lock is stale
    cycles: int = 0
    kills: int = 0
    stalled: int = 0  # killed inside an import transaction, rows flushed, no COMMIT
    in_flight: int = 0  # killed between BEGIN and ACK of an import
    unacked_commits: int = 0  # committed, killed before the ACK line
    finished_early: int = 0  # the driver imported everything before the kill
    generations: int = 1
    acks: int = 0
    partial: int = 0
    lost: int = 0
    notes: list[str] = field(default_factory=list)

    # -------------------------------------------------------------- office

    def reset(self) -> None:
        """A new empty office (after the stream was fully imported)."""
        # The last driver may have been killed after its final ACK: its session lock goes
        # with the office it belonged to (make_office opens the new one in this process,
        # which would report that driver's unclean exit).
        AppPaths(self.data_dir).lock_path.unlink(missing_ok=True)
        if self.db_url is None:
            for suffix in ("", "-wal", "-shm"):
                (self.data_dir / f"assessor.db{suffix}").unlink(missing_ok=True)
        else:
            from tests.postgres.support import reset_database

            reset_database(self.db_url)
        make_office(self.data_dir, self.db_url, self.stream.spec, self.golden)
        self.present = 0
        self.last_pid = None  # make_office closed cleanly
        self.generations += 1

    def args(self, *extra: str) -> list[str]:
        out = ["--data-dir", str(self.data_dir), "--bundles", str(self.stream.folder)]
        if self.db_url is not None:
            out += ["--database-url", self.db_url]
        return out + list(extra)

    # -------------------------------------------------------------- checks

    def wait_for_server_cleanup(self) -> None:
        """PostgreSQL: a COMMIT the killed client had already sent may still be processed;
        check only when its sessions are gone (the server notices the closed socket)."""
        if self.db_url is None:
            return
        engine = create_engine(self.db_url, poolclass=NullPool)
        try:
            deadline = time.monotonic() + 30
            while True:
                with engine.connect() as conn:
                    left = conn.execute(text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = "
                        "current_database() AND application_name = 'assessor-app'")).scalar_one()
                if left == 0:
                    return
                if time.monotonic() > deadline:
                    raise AssertionError(f"lane {self.lane}: {left} sessions of the killed "
                                         "driver still open after 30 s")
                time.sleep(0.02)
        finally:
            engine.dispose()

    def check(self, where: str, acked: list[str]) -> int:
        """All-or-nothing checks; returns how many bundles are present."""
        s = self.stream
        self.wait_for_server_cleanup()
        with office_connection(self.data_dir, self.db_url) as conn:
            problems = integrity(conn)
            counts, keys = read_state(conn)
            last_seq = conn.execute(text("SELECT last_seq FROM enrolled_device WHERE "
                                         "device_id = :d"),
                                    {"d": s.spec.device["device_id"]}).scalar_one()
        assert not problems, f"{where}: integrity: {problems}"
        present_ids = {k[0] for k in keys["imported_bundle"]}
        m = len(present_ids)
        assert present_ids == set(s.bundle_ids[:m]), (
            f"{where}: the bundles present are not a prefix of the stream")
        missing = [b for b in acked if b not in present_ids]
        self.lost += len(missing)
        assert not missing, f"{where}: ACKed bundles lost: {missing}"
        partial: list[str] = []
        for j, (bid, fp) in enumerate(zip(s.bundle_ids, s.footprints, strict=True)):
            want = j < m
            for table, rows in fp.items():
                there = len(rows & keys[table])
                if there != (len(rows) if want else 0):
                    partial.append(f"bundle {j} {bid}: {table} {there}/{len(rows)} rows "
                                   f"({'present' if want else 'absent'} bundle)")
        self.partial += len(partial)
        assert not partial, f"{where}: partial imports:\n" + "\n".join(partial[:30])
        expected = dict(s.baseline)
        for d in s.deltas[:m]:
            for t, n in d.items():
                expected[t] += n
        diff = {t: (counts[t], expected[t]) for t in counts if counts[t] != expected[t]}
        assert not diff, f"{where}: row counts between states (got, want): {diff}"
        want_seq = 0 if m == 0 else bundle_ids(s.files[m - 1])[1]
        assert last_seq == want_seq, f"{where}: last_seq {last_seq}, want {want_seq}"
        return m

    # -------------------------------------------------------------- one cycle

    def cycle(self, n: int, rng: random.Random) -> None:
        total = len(self.stream.files)
        if self.present == total:
            self.reset()
        where = f"{'pg' if self.db_url else 'sqlite'} lane {self.lane} cycle {n}"
        stall = rng.random() < STALL_SHARE
        extra = ["--stall", str(rng.randrange(min(3, total - self.present)))] if stall else []
        stderr = self.data_dir.parent / f"lane{self.lane}-import-stderr.txt"
        with Driver("tests.fault.import_driver", self.args(*extra), stderr) as d:
            d.wait_startup(self.last_pid, where)
            todo = d.wait_for(lambda ln: ln.startswith("TODO "), what="TODO") or ""
            assert int(todo.split()[1]) == total - self.present, (where, todo, self.present)
            d.wait_for(lambda ln: ln == "READY", what="READY")
            if stall:
                d.wait_for(lambda ln: ln.startswith("STALL "), STALL_TIMEOUT_S, "STALL")
            else:
                time.sleep(rng.uniform(*DELAY_RANGE))  # the reader thread keeps draining
            killed = d.kill()
            lines = list(d.lines)
            pid = d.pid
        begun = [ln.split()[1] for ln in lines if ln.startswith("BEGIN ")]
        acks = [ln.split() for ln in lines if ln.startswith("ACK ")]
        bad = [a for a in acks if a[2] != "imported"]
        assert not bad, f"{where}: import not accepted: {bad}"
        acked = [a[1] for a in acks]
        m = self.check(f"{where} (pid {pid}, {'stall' if stall else 'timed'})", acked)
        assert m >= self.present + len(acked), where
        assert m - self.present - len(acked) <= 1, f"{where}: several unacked commits"
        if stall:
            assert m == self.present + len(acked), f"{where}: the stalled import committed"
            self.stalled += 1
        self.unacked_commits += m - self.present - len(acked)
        self.in_flight += int(len(begun) > len(acked))
        self.acks += len(acked)
        self.present = m
        self.cycles += 1
        if killed:
            self.kills += 1
            self.last_pid = pid
        else:
            self.finished_early += 1
            self.last_pid = None

    # -------------------------------------------------------------- the end

    def finish(self) -> None:
        """Import the rest, then everything again: nothing may change the second time."""
        total = len(self.stream.files)
        where = f"{'pg' if self.db_url else 'sqlite'} lane {self.lane} final"
        stderr = self.data_dir.parent / f"lane{self.lane}-import-stderr.txt"
        with Driver("tests.fault.import_driver", self.args(), stderr) as d:
            d.finish(FINISH_TIMEOUT_S)
            acks = [ln.split() for ln in d.lines if ln.startswith("ACK ")]
        assert [a[2] for a in acks] == ["imported"] * (total - self.present), (where, acks)
        self.present = self.check(where, [a[1] for a in acks])
        assert self.present == total
        with office_connection(self.data_dir, self.db_url) as conn:
            before = content_digest(conn)
        with Driver("tests.fault.import_driver", self.args("--all"), stderr) as d:
            d.finish(FINISH_TIMEOUT_S)
            acks = [ln.split() for ln in d.lines if ln.startswith("ACK ")]
        assert [a[2] for a in acks] == ["duplicate"] * total, (where, acks)
        with office_connection(self.data_dir, self.db_url) as conn:
            assert content_digest(conn) == before, f"{where}: re-import changed rows"
        _same_as_reference(self)


def _same_as_reference(lane: Lane) -> None:
    """Every assessment of the killed-and-resumed office reads back as in the reference."""
    from assessor_app.services.runtime import open_services
    from tests.sync.helpers import assessment_snapshot

    office = open_services(AppPaths(lane.data_dir), database_url=lane.db_url)
    ref = open_services(AppPaths(lane.stream.reference_dir), take_lock=False)
    try:
        for ids in lane.stream.assessment_ids:
            for aid in ids:
                assert assessment_snapshot(office, aid) == assessment_snapshot(ref, aid), aid
    finally:
        office.store.close(clean=True)
        ref.store.close(clean=False)


def _summary(name: str, lanes: list[Lane], seed: int, elapsed: float) -> str:
    return (f"\nG1 kill -9 import [{name}]: "
            + totals(lanes, "cycles", "kills", "stalled_in_tx=stalled", "in_flight",
                     "unacked_commits", "acks", "finished_early", "generations")
            + f" bundles={BUNDLES}x{PER_BUNDLE} " + totals(lanes, "lost", "partial")
            + f" seed={seed} elapsed={elapsed:.1f}s")


def test_kill9_during_import_sqlite(stream: BundleStream, tmp_path: Path,
                                    golden_data_dir: Path,
                                    summary_line: Callable[[str], None]) -> None:
    seed = env_int("KILL_SEED", random.randrange(1_000_000))
    lanes = []
    for i in range(LANES):
        data = tmp_path / f"lane{i}" / "office"
        make_office(data, None, stream.spec, golden_data_dir)
        lanes.append(Lane(i, data, None, stream, golden_data_dir))
    started = time.monotonic()
    done = run_lanes(lanes, CYCLES, seed, "import")
    assert total(done, "kills") > 0 and total(done, "stalled") > 0
    summary_line(_summary("sqlite", done, seed, time.monotonic() - started))


def test_kill9_during_import_postgresql(stream: BundleStream, pg_url: str, tmp_path: Path,
                                        summary_line: Callable[[str], None]) -> None:
    """The office on PostgreSQL: the server must roll back the killed client's import."""
    seed = env_int("KILL_SEED", random.randrange(1_000_000))
    data = tmp_path / "pg" / "office"
    make_office(data, pg_url, stream.spec)
    lane = Lane(0, data, pg_url, stream, Path())
    started = time.monotonic()
    run_lane(lane, PG_CYCLES, seed, threading.Event())
    assert lane.cycles == PG_CYCLES
    summary_line(_summary("postgresql", [lane], seed, time.monotonic() - started))
