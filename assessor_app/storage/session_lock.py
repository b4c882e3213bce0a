"""Unclean-exit detection with a ``running.lock`` sentinel (RELIABILITY.md D-2).

The lock file is written atomically at start-up and removed on a clean exit. If it is
still there at the next start, the previous session ended without a clean exit (crash,
kill, power loss) and the caller runs the full integrity check and shows a recovery
summary. If the process named in the lock is still alive, another instance of the app
is using the data folder and start-up is refused (``StorageError("db.in_use", pid=...)``).

This is a sentinel, not a mutual-exclusion primitive: two instances started within the
same few milliseconds can both pass. That is acceptable for a single-user desktop app.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assessor_app.core.clock import Clock, iso_utc, parse_iso, system_clock
from assessor_app.core.errors import StorageError
from assessor_app.fileio import atomic_write_bytes, fsync_dir, storage_error_from_os

try:  # optional: better liveness and pid-reuse detection; never required
    import psutil as _psutil
except ImportError:  # pragma: no cover - depends on the environment
    _psutil = None

__all__ = ["PreviousSession", "SessionLock"]

log = logging.getLogger(__name__)

_LOCK_FORMAT = 1
# A process whose start time differs from the recorded one by more than this is a
# different process that happens to reuse the pid.
_CREATE_TIME_TOLERANCE_S = 2.0


@dataclass(frozen=True)
class PreviousSession:
    """A session that did not exit cleanly.

    ``started_at`` is an ISO-8601 UTC string with a ``Z`` suffix (the format of every
    timestamp column, so it can be compared with ``updated_at``); for an unreadable lock
    it falls back to the lock file's modification time. ``pid``/``hostname`` are None
    when the lock was unreadable.
    """

    started_at: str | None
    pid: int | None
    hostname: str | None = None


def _process_create_time(pid: int) -> float | None:
    if _psutil is None:
        return None
    try:
        return float(_psutil.Process(pid).create_time())
    except Exception:
        return None


if sys.platform == "win32":  # pragma: no cover - Windows only

    def _windows_pid_alive(pid: int) -> bool:
        import ctypes

        process_query_limited_information = 0x1000
        still_active = 259
        error_access_denied = 5
        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(process_query_limited_information, False, pid)
        if not handle:
            # access denied: the process exists but belongs to someone else
            return bool(ctypes.get_last_error() == error_access_denied)
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return bool(code.value == still_active)
        finally:
            kernel32.CloseHandle(handle)

else:

    def _windows_pid_alive(pid: int) -> bool:
        raise NotImplementedError("Windows only")


def pid_alive(pid: int) -> bool:
    """True if a process with ``pid`` exists (zombies count as dead)."""
    if pid <= 0:
        return False
    if _psutil is not None:
        try:
            proc = _psutil.Process(pid)
            return bool(proc.status() != _psutil.STATUS_ZOMBIE)
        except _psutil.NoSuchProcess:
            return False
        except _psutil.Error:
            return True  # exists, but we may not look at it
    if sys.platform == "win32":  # pragma: no cover - os.kill(pid, 0) is not a probe there
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by another user
    except OSError:
        return False
    return True


class SessionLock:
    """``running.lock`` in the data folder: ``acquire()`` at start, ``release()`` at exit."""

    def __init__(self, path: Path, *, clock: Clock = system_clock) -> None:
        self.path = Path(path)
        self._clock = clock
        self._held = False

    @property
    def held(self) -> bool:
        return self._held

    def _read(self) -> dict[str, Any] | None:
        """The lock's content; None if it is missing; {} if it is unreadable garbage."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise storage_error_from_os(exc, self.path) from exc
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def acquire(self) -> PreviousSession | None:
        """Write the lock. Returns the previous session if the last exit was unclean.

        Raises ``StorageError("db.in_use", pid=...)`` if the recorded process is alive and
        is not this one (the lock is then left alone).
        """
        previous = self._read()
        unclean: PreviousSession | None = None
        if previous is not None:
            pid = previous.get("pid")
            pid = pid if isinstance(pid, int) and not isinstance(pid, bool) else None
            started_at = self._started_at(previous)
            hostname = previous.get("hostname")
            hostname = hostname if isinstance(hostname, str) else None
            if pid == os.getpid() and hostname in (None, socket.gethostname()):
                pass  # our own lock (store re-opened in this process): nothing to report
            elif pid is not None and self._alive_elsewhere(pid, hostname, previous):
                raise StorageError("db.in_use", pid=pid)
            else:
                unclean = PreviousSession(started_at=started_at, pid=pid, hostname=hostname)
                log.warning("previous session did not exit cleanly (pid %s)", pid)
        self._write()
        self._held = True
        return unclean

    def _started_at(self, data: dict[str, Any]) -> str | None:
        value = data.get("started_at")
        if isinstance(value, str):
            try:
                return iso_utc(parse_iso(value))
            except ValueError:
                pass
        try:  # garbage lock: it was written when that session started
            mtime = self.path.stat().st_mtime
        except OSError:
            return None
        return iso_utc(dt.datetime.fromtimestamp(mtime, tz=dt.UTC))

    def _alive_elsewhere(self, pid: int, hostname: str | None, data: dict[str, Any]) -> bool:
        if hostname is not None and hostname != socket.gethostname():
            # A pid from another machine cannot be checked; the data folder is local by
            # design (D-1), so this is a stale lock from a renamed or cloned machine.
            return False
        if not pid_alive(pid):
            return False
        recorded = data.get("create_time")
        actual = _process_create_time(pid)
        if isinstance(recorded, int | float) and actual is not None:
            return abs(actual - float(recorded)) <= _CREATE_TIME_TOLERANCE_S
        return True

    def _write(self) -> None:
        payload: dict[str, Any] = {
            "format": _LOCK_FORMAT,
            "pid": os.getpid(),
            "started_at": iso_utc(self._clock()),
            "hostname": socket.gethostname(),
        }
        create_time = _process_create_time(os.getpid())
        if create_time is not None:
            payload["create_time"] = create_time
        atomic_write_bytes(self.path, json.dumps(payload, sort_keys=True).encode("utf-8"))

    def release(self) -> None:
        """Remove the lock (clean exit). Idempotent; leaves another process's lock alone."""
        current = self._read()
        if current is not None and current.get("pid") not in (os.getpid(), None):
            self._held = False
            return
        try:
            self.path.unlink()
        except FileNotFoundError:
            pass
        except OSError as exc:
            raise storage_error_from_os(exc, self.path) from exc
        self._held = False
        try:
            fsync_dir(self.path.parent)
        except OSError:  # pragma: no cover - the removal itself has happened
            log.warning("fsync after removing %s failed", self.path.name, exc_info=True)
