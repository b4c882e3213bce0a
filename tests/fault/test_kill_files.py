"""G1 crash durability of backups and exports: kill -9 while files are being written.

RELIABILITY.md D-4/D-5 (temp file -> fsync -> verify -> rename), goal G1 ("also during
backup, export...") and method 9.1 ("kill inside backup and export: must leave old-or-new
files").

``tests.fault.backup_driver`` loops ``maintenance.backup()`` (one answer saved before each,
so every backup differs) and ``tests.fault.export_driver`` loops ``sync.export(folder)`` on
a copy of a seeded laptop store (the demo assessments plus ~8 MB of padding so that a
backup takes long enough to be hit). Each is SIGKILLed after a random delay. After every
kill:

* the laptop database passes ``integrity_check`` and ``foreign_key_check``;
* every file under a final name is complete and verified: a backup passes
  ``verify_database_file`` (integrity_check, our tables); a bundle in the target folder or
  the outbox passes the office's reader (``read_result_bundle``: signature over the exact
  manifest bytes, every file's SHA-256 and size, strict JSON, images) with the laptop key;
* an ACKed file is there with the bytes the driver reported (backups: the newest, which
  rotation never deletes); a file under a final name never changes afterwards;
* every bundle in the target is recorded in the outbox table with the same hash, every
  recorded bundle has its outbox copy, and the recorded ``seq`` run 1..n without a gap;
* anything else is a leftover temp file of the atomic writers (``.tmp-<uuid>.db`` for a
  backup, ``.<name>.<uuid>.tmp`` for a bundle): counted, never under a final name;
* the next run is not tripped by those leftovers: every lane ends with a run that must
  make its files and exit cleanly, and ``list_backups`` shows only final names.

``KILL_BACKUP_CYCLES`` / ``KILL_EXPORT_CYCLES`` (default 24 each) over two lanes;
``KILL_SEED`` makes a run reproducible.
"""

from __future__ import annotations

import base64
import hashlib
import io
import random
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.result import DeviceKey, name_claims, read_result_bundle
from assessor_app.fileio import sha256_file
from assessor_app.storage.backup import list_backups, verify_database_file
from assessor_app.storage.db import sqlite_uri_filename
from tests.fault.kill_harness import Driver, env_int, run_lanes, scratch_dir, total, totals
from tests.helpers import copy_golden
from tests.sync.helpers import bundle_ids, fill, finalise_and_sign

BACKUP_CYCLES = env_int("KILL_BACKUP_CYCLES", 24)
EXPORT_CYCLES = env_int("KILL_EXPORT_CYCLES", 24)
LANES = 2
DELAY_RANGE = (0.0, 0.35)  # after READY; a backup or an export takes ~40-150 ms
AIMED_SHARE = 0.5  # cycles that kill right after a marker line of the driver:
AIM_WINDOW = 0.03  # backup: within this after COPY / SYNC;
# export: within the time a file write (WRITE -> WROTE) took in this lane so far, so that
# the kill lands inside the write itself, however fast the disk
PADDING_BYTES = 6 * 1024 * 1024
FINAL_RUN = 3  # files the last (unkilled) run of each lane must make

BACKUP_NAME = re.compile(r"^backup-\d{8}-\d{6}(-\d+)?\.db$")
BACKUP_TMP = re.compile(r"^\.tmp-[0-9a-f]{32}\.db(-journal|-wal|-shm)?$")
# the outbox keeps the canonical name; the target gets the name people read
_BUNDLE = (r"(bundle-[0-9a-f]{16}-\d{6,10}-[0-9a-f]{32}"
           r"|hasil_[a-z0-9-]+_[a-z0-9-]+_\d{8}_\d{6,10}-[0-9a-f]{8})\.zip")
BUNDLE_NAME = re.compile(rf"^{_BUNDLE}$")
BUNDLE_TMP = re.compile(rf"^\.{_BUNDLE}\.[0-9a-f]{{32}}\.tmp$")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX SIGKILL"),
    pytest.mark.timeout(max(300, (BACKUP_CYCLES + EXPORT_CYCLES) * 5)),
]


# ------------------------------------------------------------------ the seeded laptop


@dataclass(frozen=True)
class Seed:
    db: Path
    device_public: bytes  # the laptop's Ed25519 key (every copy shares the identity)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory, golden_data_dir: Path) -> Iterator[Seed]:
    with scratch_dir("assessor-kill-files-", lambda: tmp_path_factory.mktemp("seed")) as root:
        yield _seed_laptop(root / "laptop", golden_data_dir)


def _seed_laptop(data: Path, golden_data_dir: Path) -> Seed:
    from assessor_app.paths import AppPaths
    from assessor_app.services.demo import seed_demo
    from assessor_app.services.runtime import open_services
    from assessor_app.storage.db import write_session
    from assessor_app.storage.tables import MediaRow

    data.mkdir()
    copy_golden(golden_data_dir, data)
    svc = open_services(AppPaths(data))
    try:
        seed_demo(svc)  # finalised and signed assessments (pending export), drafts
        public = base64.b64decode(svc.sync.identity().ed25519_public)
        rng = random.Random(7)
        # one more, with a dozen full-size photos: bundles of ~2.4 MB, so that writing
        # one takes long enough for a kill to land inside
        inst = svc.registry.institutions()[0]
        row = svc.assessments.create("JKP.LPK.01", institution_id=inst.id)
        fill(svc, row.id, rng=rng, texts=["foto lengkap"], notes=[],
             photos=[_noise_jpeg(rng, 640, 480) for _ in range(12)])
        finalise_and_sign(svc, row.id, rng)
        with write_session(svc.store.engine) as s:
            for _ in range(PADDING_BYTES // (256 * 1024)):  # incompressible bytes
                blob = rng.randbytes(256 * 1024)
                s.add(MediaRow(sha256=hashlib.sha256(blob).hexdigest(), mime="image/jpeg",
                               size=len(blob), data=blob, created_at="2026-11-20T08:00:00Z"))
    finally:
        svc.store.close(clean=True)
    return Seed(data / "assessor.db", public)


def _noise_jpeg(rng: random.Random, width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (width, height), rng.randbytes(width * height * 3)).save(
        out, format="JPEG", quality=85)
    return out.getvalue()


def _db_problems(db: Path) -> list[str]:
    con = sqlite3.connect(sqlite_uri_filename(db) + "?mode=ro", uri=True)
    try:
        rows = [str(r[0]) for r in con.execute("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign_key_check: {tuple(r)}"
                     for r in con.execute("PRAGMA foreign_key_check")]
        return problems
    finally:
        con.close()


# ------------------------------------------------------------------ lanes


@dataclass
class Lane:
    kind: str  # backup | export
    lane: int
    data_dir: Path
    seed: Seed
    target: Path
    last_pid: int | None = None
    cycles: int = 0
    kills: int = 0
    in_flight: int = 0  # killed between BEGIN and ACK
    aimed: int = 0  # killed right after a COPY / SYNC / WRITE marker
    write_s: float = AIM_WINDOW  # export: how long one atomic file write takes (max seen)
    acks: int = 0
    verified: int = 0  # final-named files verified, summed over the checks
    tmp_left: int = 0  # leftover temp files after the last check
    tmp_bytes: int = 0  # their size
    orphans: int = 0  # complete outbox bundles the database never recorded
    undelivered: int = 0  # recorded bundles whose target copy was never written
    torn: int = 0
    lost: int = 0
    # every final-named file seen, with its hash: it must never change
    seen: dict[str, str] = field(default_factory=dict)
    acked: dict[str, str] = field(default_factory=dict)
    last_ack: str | None = None

    @property
    def tmp_mb(self) -> float:
        return self.tmp_bytes / 2**20

    def args(self, *extra: str) -> list[str]:
        out = ["--data-dir", str(self.data_dir)]
        if self.kind == "export":
            out += ["--target", str(self.target)]
        return out + list(extra)

    @property
    def module(self) -> str:
        return f"tests.fault.{self.kind}_driver"

    def _final(self, path: Path, sha: str, where: str, verify: Callable[[Path], object]
               ) -> None:
        key = str(path)
        if key in self.seen:
            if self.seen[key] != sha:
                self.torn += 1
                raise AssertionError(f"{where}: {path.name} changed under its final name")
            return  # verified when first seen; same bytes
        try:
            verify(path)
        except Exception as exc:
            self.torn += 1
            raise AssertionError(f"{where}: {path.name} is not a complete file: {exc!r}"
                                 ) from exc
        self.seen[key] = sha
        self.verified += 1

    def check(self, where: str) -> None:
        problems = _db_problems(self.data_dir / "assessor.db")
        assert not problems, f"{where}: laptop database: {problems}"
        if self.kind == "backup":
            self._check_backups(where)
        else:
            self._check_exports(where)
        for name, sha in self.acked.items():
            path = Path(name)
            if self.kind == "backup" and name != self.last_ack:
                continue  # older ones may be rotated away
            if not path.exists() or sha256_file(path) != sha:
                self.lost += 1
                raise AssertionError(f"{where}: ACKed {path.name} missing or changed")

    def _check_backups(self, where: str) -> None:
        folder = self.data_dir / "backups"
        tmp = size = 0
        for path in sorted(folder.iterdir()) if folder.exists() else []:
            if BACKUP_NAME.match(path.name):
                self._final(path, sha256_file(path), where, verify_database_file)
            elif BACKUP_TMP.match(path.name):
                tmp += 1
                size += path.stat().st_size
            else:
                raise AssertionError(f"{where}: unexpected file in backups/: {path.name}")
        self.tmp_left, self.tmp_bytes = tmp, size
        assert all(BACKUP_NAME.match(b.path.name) for b in list_backups(folder)), where

    def _verify_bundle(self, path: Path) -> None:
        read_result_bundle(path.read_bytes(), path.name,
                           device_key=lambda _d: DeviceKey(self.seed.device_public, False))

    def _check_exports(self, where: str) -> None:
        con = sqlite3.connect(sqlite_uri_filename(self.data_dir / "assessor.db") + "?mode=ro",
                              uri=True)
        try:
            recorded = {r[0]: (int(r[1]), r[2], r[3]) for r in con.execute(
                "SELECT bundle_id, seq, sha256, file_name FROM outbox_bundle")}
        finally:
            con.close()
        seqs = sorted(v[0] for v in recorded.values())
        assert seqs == list(range(1, len(seqs) + 1)), f"{where}: outbox seq gaps: {seqs}"
        tmp = size = 0
        outbox = self.data_dir / "outbox"
        by_folder: dict[str, set[str]] = {}
        for folder in (outbox, self.target):
            names: set[str] = set()
            for path in sorted(folder.iterdir()) if folder.exists() else []:
                if BUNDLE_NAME.match(path.name):
                    sha = sha256_file(path)
                    self._final(path, sha, where, self._verify_bundle)
                    bundle_id = bundle_ids(path)[2]
                    row = recorded.get(bundle_id)
                    if folder == self.target:
                        assert row is not None and row[1] == sha, (
                            f"{where}: {path.name} delivered but not recorded as exported")
                    elif row is not None:
                        assert row[1] == sha, f"{where}: outbox copy differs from the record"
                    names.add(bundle_id)
                elif BUNDLE_TMP.match(path.name):
                    tmp += 1
                    size += path.stat().st_size
                    with pytest.raises(ImportRejected) as refused:  # never taken for a bundle
                        name_claims(path.name)
                    assert refused.value.code == "bundle.bad_filename"
                else:
                    raise AssertionError(f"{where}: unexpected file in {folder.name}/: "
                                         f"{path.name}")
            by_folder[str(folder)] = names
        files = set(recorded)
        missing = files - by_folder[str(outbox)]
        assert not missing, f"{where}: recorded bundles without an outbox copy: {missing}"
        self.orphans = len(by_folder[str(outbox)] - files)
        self.undelivered = len(files - by_folder[str(self.target)])
        self.tmp_left, self.tmp_bytes = tmp, size

    def cycle(self, n: int, rng: random.Random) -> None:
        where = f"{self.kind} lane {self.lane} cycle {n}"
        stderr = self.data_dir.parent / f"{self.kind}-lane{self.lane}-stderr.txt"
        with Driver(self.module, self.args(), stderr) as d:
            d.wait_startup(self.last_pid, where)
            d.wait_for(lambda ln: ln == "READY", what="READY")
            if rng.random() < AIMED_SHARE:
                marker = "WRITE " if self.kind == "export" else rng.choice(("COPY", "SYNC"))
                skip = rng.randrange(3)
                seen = [0]

                def hit(line: str) -> bool:
                    seen[0] += line.startswith(marker)
                    return seen[0] > skip

                d.wait_for(hit, what=marker.strip())
                window = self.write_s if self.kind == "export" else AIM_WINDOW
                time.sleep(rng.uniform(0, window))
                self.aimed += 1
            else:
                time.sleep(rng.uniform(*DELAY_RANGE))  # the reader thread keeps draining
            assert d.kill(), f"{where}: an unbounded driver stopped by itself"
            lines = list(d.lines)
            self.last_pid = d.pid
            self._learn_write_time(d.lines, d.times)
        self._take_acks(lines)
        begun = sum(1 for ln in lines if ln.startswith("BEGIN "))
        acks = sum(1 for ln in lines if ln.startswith("ACK "))
        self.in_flight += int(begun > acks)
        self.check(f"{where} (pid {self.last_pid})")
        self.cycles += 1
        self.kills += 1

    def _learn_write_time(self, lines: list[str], times: list[float]) -> None:
        started: dict[str, float] = {}
        took: list[float] = []
        for line, at in zip(lines, times, strict=True):
            if line.startswith("WRITE "):
                started[line[6:]] = at
            elif line.startswith("WROTE ") and line[6:] in started:
                took.append(at - started.pop(line[6:]))
        if took:
            self.write_s = max(took)

    def _take_acks(self, lines: list[str]) -> None:
        folder = self.data_dir / "backups" if self.kind == "backup" else self.target
        for line in lines:
            if line.startswith("ACK "):
                parts = line.split()
                name = str(folder / parts[1])
                self.acked[name] = parts[2]
                self.last_ack = name
                self.acks += 1

    def finish(self) -> None:
        """The next run after all those kills must work despite the leftovers."""
        where = f"{self.kind} lane {self.lane} final"
        stderr = self.data_dir.parent / f"{self.kind}-lane{self.lane}-stderr.txt"
        leftovers = self.tmp_left
        with Driver(self.module, self.args("--max", str(FINAL_RUN)), stderr) as d:
            d.finish(120)
            lines = list(d.lines)
        self._take_acks(lines)
        assert sum(1 for ln in lines if ln.startswith("ACK ")) == FINAL_RUN, where
        self.check(where)
        assert self.tmp_left <= leftovers, f"{where}: a clean run left temp files"
        if self.kind == "backup":  # make_backup removes what killed backups left behind
            assert self.tmp_left == 0, f"{where}: leftover backup temp files were not removed"


def _run(kind: str, cycles: int, seed_store: Seed, tmp_path: Path, *report: str) -> str:
    """Kill ``cycles`` drivers of ``kind`` over the lanes; the line to print: the totals
    every kind has and those named in ``report`` (see ``kill_harness.totals``)."""
    seed = env_int("KILL_SEED", random.randrange(1_000_000))
    lanes = []
    for i in range(LANES):
        data = tmp_path / f"lane{i}" / "laptop"
        data.mkdir(parents=True)
        shutil.copy2(seed_store.db, data / "assessor.db")
        lanes.append(Lane(kind, i, data, seed_store, tmp_path / f"lane{i}" / "usb"))
    started = time.monotonic()
    done = run_lanes(lanes, cycles, seed, kind)
    elapsed = time.monotonic() - started
    assert total(done, "acks") > 0
    return (f"\nG1 kill -9 {kind}: "
            + totals(done, "cycles", "kills", "aimed", "in_flight", "acks", "verified",
                     "tmp_left", *report, "lost", "partial=torn")
            + f" seed={seed} elapsed={elapsed:.1f}s")


def test_kill9_during_backup(seed: Seed, tmp_path: Path,
                             summary_line: Callable[[str], None]) -> None:
    summary_line(_run("backup", BACKUP_CYCLES, seed, tmp_path, "tmp_mb"))


def test_kill9_during_export(seed: Seed, tmp_path: Path,
                             summary_line: Callable[[str], None]) -> None:
    summary_line(_run("export", EXPORT_CYCLES, seed, tmp_path, "orphan_outbox=orphans",
                      "undelivered"))
