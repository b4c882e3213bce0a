"""A driver process that the kill -9 tests start, watch and SIGKILL (RELIABILITY.md 9.1).

Shared by the kill tests of the answer-save (``test_kill_durability``), import, backup and
export drivers:

* the driver prints one protocol line per event and flushes it; a reader thread drains
  stdout into a queue at all times, so the driver never blocks on a full pipe and the
  test never polls or sleeps to learn what happened: it waits on the queue with a timeout
  (``READY``, ``BEGIN ...``) and only the kill moment itself is a random delay;
* a torn last line (no ``\\n``) is never taken as an acknowledgement;
* every process is reaped (``wait``) and its pipe closed, also when a check fails, so no
  zombie or orphan driver outlives the test.

Common driver protocol: ``STARTUP pid=<pid> unclean_pid=<pid|none>`` after opening the
services, ``READY`` when the work loop starts, then driver-specific lines, ``DONE`` when a
bounded run finished (exit status 0).
"""

from __future__ import annotations

import argparse
import itertools
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from assessor_app.services.runtime import Services

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 90.0  # a driver start is ~1.5 s; generous for a loaded 2-core machine
EXIT_TIMEOUT_S = 30.0


class DriverFailed(AssertionError):
    pass


def driver_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("ASSESSOR_DATA_DIR", None)
    env.pop("ASSESSOR_DATABASE_URL", None)
    old = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(REPO_ROOT) + (os.pathsep + old if old else "")
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def emit(line: str) -> None:
    """Driver side: one protocol line, flushed (the test may kill right after it)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def driver_parser(doc: str | None) -> argparse.ArgumentParser:
    """Driver side: the arguments every driver takes (``--data-dir``)."""
    parser = argparse.ArgumentParser(description=(doc or "").splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    return parser


def open_driver_services(data_dir: str, database_url: str | None = None) -> Services:
    """Driver side: UTF-8 stdout, the REAL services on ``data_dir``, then ``STARTUP``."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")
    services = open_services(AppPaths(Path(data_dir)), database_url=database_url)
    unclean = services.store.startup.unclean_exit
    emit(f"STARTUP pid={os.getpid()} unclean_pid={'none' if unclean is None else unclean.pid}")
    return services


def runs(most: int) -> Iterator[int]:
    """Driver side: 1, 2, ... up to ``most`` (``--max``), or until killed when it is 0."""
    return itertools.count(1) if most <= 0 else iter(range(1, most + 1))


def driver_done(services: Services) -> int:
    """Driver side: a bounded run ends with ``DONE`` and a clean close (no exit backup)."""
    emit("DONE")
    services.store.close(clean=True)
    return 0


def parse_startup(line: str) -> dict[str, str]:
    if not line.startswith("STARTUP "):
        raise DriverFailed(f"expected STARTUP, got {line!r}")
    return dict(part.split("=", 1) for part in line.split()[1:])


def _pump(stream: IO[bytes], out: queue.Queue[tuple[float, str] | None]) -> None:
    try:
        for raw in iter(stream.readline, b""):
            if raw.endswith(b"\n"):  # a torn last line is not an acknowledgement
                out.put((time.monotonic(), raw[:-1].decode("utf-8")))
    finally:
        out.put(None)


def tail(path: Path, limit: int = 3000) -> str:
    try:
        return path.read_text("utf-8", errors="replace")[-limit:]
    except OSError:
        return "<no stderr>"


class Driver:
    """One run of ``python -m <module> <args>``; use as a context manager."""

    def __init__(self, module: str, args: list[str], stderr_path: Path,
                 env: dict[str, str] | None = None) -> None:
        self.module = module
        self.stderr_path = stderr_path
        self.lines: list[str] = []
        self.times: list[float] = []  # time.monotonic() when each line arrived
        self.eof = False
        self.killed = False
        self._q: queue.Queue[tuple[float, str] | None] = queue.Queue()
        with open(stderr_path, "wb") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", module, *args], cwd=REPO_ROOT,
                env=env or driver_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                stderr=err)
        assert self.proc.stdout is not None
        self._reader = threading.Thread(target=_pump, args=(self.proc.stdout, self._q),
                                        daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def __enter__(self) -> Driver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _fail(self, what: str) -> DriverFailed:
        return DriverFailed(f"{self.module} (pid {self.pid}): {what}\nlast lines: "
                            f"{self.lines[-8:]}\nstderr:\n{tail(self.stderr_path)}")

    def wait_for(self, pred: Callable[[str], bool], timeout: float = READY_TIMEOUT_S,
                 what: str = "line") -> str | None:
        """Collect lines until one satisfies ``pred`` (returned), or None at a clean
        ``DONE`` exit. A timeout or an exit without ``DONE`` fails."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                item = self._q.get(timeout=max(deadline - time.monotonic(), 0.001))
            except queue.Empty:
                raise self._fail(f"no {what} within {timeout:.0f} s") from None
            if item is None:
                self.eof = True
                self.proc.wait(EXIT_TIMEOUT_S)
                if self.proc.returncode == 0 and self.lines and self.lines[-1] == "DONE":
                    return None
                raise self._fail(f"exited with {self.proc.returncode} while waiting "
                                 f"for {what}")
            self.times.append(item[0])
            self.lines.append(item[1])
            if pred(item[1]):
                return item[1]

    def wait_startup(self, unclean_pid: int | None, where: str) -> dict[str, str]:
        """The ``STARTUP`` line, which must name ``unclean_pid`` (the driver killed last in
        this data folder) as the unclean exit, or none."""
        startup = parse_startup(self.wait_for(lambda ln: ln.startswith("STARTUP "),
                                              what="STARTUP") or "")
        want = "none" if unclean_pid is None else str(unclean_pid)
        assert startup["unclean_pid"] == want, (where, startup, want)
        return startup

    def kill(self) -> bool:
        """SIGKILL now, reap, drain the rest of stdout. False when the driver had already
        finished by itself (``DONE``, exit 0): then nothing was killed."""
        alive = self.proc.poll() is None
        if alive:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(EXIT_TIMEOUT_S)
        self._drain()
        if self.proc.returncode == -signal.SIGKILL:
            self.killed = True
            return True
        if self.proc.returncode == 0 and self.lines and self.lines[-1] == "DONE":
            return False
        raise self._fail(f"died by itself (exit {self.proc.returncode}) before the kill")

    def finish(self, timeout: float) -> None:
        """Wait for a bounded run to end with ``DONE`` and exit status 0."""
        if self.wait_for(lambda _l: False, timeout, "DONE") is not None:  # pragma: no cover
            raise self._fail("unreachable")

    def _drain(self) -> None:
        self._reader.join(EXIT_TIMEOUT_S)
        while not self.eof:
            item = self._q.get(timeout=EXIT_TIMEOUT_S)
            if item is None:
                self.eof = True
            else:
                self.times.append(item[0])
                self.lines.append(item[1])

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(EXIT_TIMEOUT_S)
        self._reader.join(EXIT_TIMEOUT_S)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@contextmanager
def scratch_dir(prefix: str, fallback: Callable[[], Path]) -> Iterator[Path]:
    """A folder on tmpfs when there is one (thousands of fsynced commits), else
    ``fallback()``; removed afterwards."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix=prefix, dir=shm))
    else:
        root = fallback()
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def split_cycles(total: int, lanes: int) -> list[int]:
    return [total // lanes + (1 if i < total % lanes else 0) for i in range(lanes)]


class KillLane(Protocol):
    """One lane of a kill test: its own data folder, one driver process at a time."""

    lane: int
    cycles: int  # cycles done

    def cycle(self, n: int, rng: random.Random) -> None:
        """Start a driver, kill it, check what it left."""

    def finish(self) -> None:
        """What a lane checks after its last kill."""


LaneT = TypeVar("LaneT", bound=KillLane)


def run_lane(lane: LaneT, cycles: int, seed: int, stop: threading.Event) -> LaneT:
    """Run ``cycles`` cycles, then ``finish``; a failure sets ``stop`` for the other lanes."""
    rng = random.Random(seed * 10 + lane.lane)
    try:
        for n in range(cycles):
            if stop.is_set():
                return lane
            lane.cycle(n, rng)
        lane.finish()
    except BaseException:
        stop.set()
        raise
    return lane


def run_lanes(lanes: Sequence[LaneT], cycles: int, seed: int, name: str) -> list[LaneT]:
    """``cycles`` split over the lanes, one thread each (both cores of the CI machine)."""
    assert cycles >= len(lanes), "a kill test needs at least one cycle per lane"
    stop = threading.Event()
    with ThreadPoolExecutor(max_workers=len(lanes), thread_name_prefix=f"{name}-lane") as pool:
        futures = [pool.submit(run_lane, lane, n, seed, stop)
                   for lane, n in zip(lanes, split_cycles(cycles, len(lanes)), strict=True)]
        try:
            done = [f.result() for f in futures]
        finally:
            stop.set()  # on a failure or timeout the other lanes end after their current cycle
    assert sum(x.cycles for x in done) == cycles
    return done


def total(lanes: Sequence[object], attr: str) -> int:
    return sum(int(getattr(x, attr)) for x in lanes)


def totals(lanes: Sequence[object], *fields: str) -> str:
    """``name=sum`` over the lanes for each field (``shown=attr`` shows attr as ``shown``;
    a float sum with one decimal), for the line a kill test prints."""
    parts = []
    for f in fields:
        shown, _, attr = f.rpartition("=")
        value: float = sum(getattr(x, attr) for x in lanes)
        parts.append(f"{shown or attr}={value:.1f}" if isinstance(value, float)
                     else f"{shown or attr}={value}")
    return " ".join(parts)


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default
