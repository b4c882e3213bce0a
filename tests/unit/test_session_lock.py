"""running.lock: detect an unclean exit, refuse a second live instance (D-2)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from assessor_app.core.errors import StorageError
from assessor_app.storage.session_lock import PreviousSession, SessionLock
from tests.helpers import dead_pid

HAVE_PSUTIL = importlib.util.find_spec("psutil") is not None
START = dt.datetime(2024, 3, 5, 10, 11, 12, 345000, tzinfo=dt.UTC)


@pytest.fixture(params=["psutil", "os.kill"])
def liveness(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each test with psutil (if installed) and with the os.kill(pid, 0) fallback."""
    if request.param == "os.kill":
        if sys.platform == "win32":
            pytest.skip("os.kill(pid, 0) is not a liveness probe on Windows")
        monkeypatch.setattr("assessor_app.storage.session_lock._psutil", None)
    elif not HAVE_PSUTIL:
        pytest.skip("psutil not installed")
    return str(request.param)


@pytest.fixture(name="dead_pid")
def _dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    return dead_pid()


def _lock(tmp_path: Path) -> SessionLock:
    return SessionLock(tmp_path / "running.lock", clock=lambda: START)


def test_clean_acquire_and_release(tmp_path: Path, liveness: str) -> None:
    lock = _lock(tmp_path)
    assert lock.acquire() is None
    assert lock.held
    content = json.loads(lock.path.read_text())
    assert content["pid"] == os.getpid()
    assert content["started_at"] == "2024-03-05T10:11:12.345Z"
    assert content["hostname"]
    lock.release()
    assert not lock.path.exists() and not lock.held
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no temp files left

    again = _lock(tmp_path)
    assert again.acquire() is None
    again.release()
    again.release()  # idempotent


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_lock_of_a_dead_process_means_unclean_exit(
    tmp_path: Path, dead_pid: int, liveness: str
) -> None:
    path = tmp_path / "running.lock"
    path.write_text(
        json.dumps({"pid": dead_pid, "started_at": "2024-03-04T08:00:00.000Z", "hostname": None})
    )
    lock = _lock(tmp_path)
    previous = lock.acquire()
    assert previous == PreviousSession(
        started_at="2024-03-04T08:00:00.000Z", pid=dead_pid, hostname=None
    )
    assert json.loads(path.read_text())["pid"] == os.getpid()  # the lock is ours now
    lock.release()
    assert _lock(tmp_path).acquire() is None


@pytest.mark.parametrize("content", [b"", b"\x00\xff\xfe garbage", b"[1, 2]", b'{"pid": "x"}'])
@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_garbage_lock_counts_as_unclean(tmp_path: Path, content: bytes, liveness: str) -> None:
    path = tmp_path / "running.lock"
    path.write_bytes(content)
    mtime = dt.datetime(2024, 3, 1, 6, 30, tzinfo=dt.UTC).timestamp()
    os.utime(path, (mtime, mtime))
    lock = _lock(tmp_path)
    previous = lock.acquire()
    assert previous is not None
    assert previous.pid is None
    assert previous.started_at == "2024-03-01T06:30:00.000Z"  # from the file's mtime
    lock.release()
    assert not path.exists()


def test_live_process_holding_the_lock_is_refused(tmp_path: Path, liveness: str) -> None:
    path = tmp_path / "running.lock"
    other = os.getppid()  # alive, and not us
    original = json.dumps({"pid": other, "started_at": "2024-03-04T08:00:00.000Z"})
    path.write_text(original)
    with pytest.raises(StorageError) as info:
        _lock(tmp_path).acquire()
    assert info.value.code == "db.in_use"
    assert info.value.params == {"pid": other}
    assert path.read_text() == original  # left alone


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_reused_pid_is_not_mistaken_for_a_live_session(tmp_path: Path) -> None:
    if not HAVE_PSUTIL:
        pytest.skip("pid-reuse detection needs psutil")
    path = tmp_path / "running.lock"
    other = os.getppid()
    # The recorded process started long before the one that now has this pid.
    path.write_text(
        json.dumps(
            {"pid": other, "started_at": "2024-03-04T08:00:00.000Z", "create_time": 1_000_000.0}
        )
    )
    lock = _lock(tmp_path)
    previous = lock.acquire()
    assert previous is not None and previous.pid == other
    lock.release()


def test_release_leaves_another_process_lock_alone(tmp_path: Path) -> None:
    lock = _lock(tmp_path)
    assert lock.acquire() is None
    lock.path.write_text(json.dumps({"pid": os.getppid()}))  # someone else took over
    lock.release()
    assert lock.path.exists()
