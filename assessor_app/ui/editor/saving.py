"""Every change goes to the service at once, in order, on the database lane (D-1).

- :meth:`SaveQueue.submit` sends a write now (choices, checkboxes, dates picked, cells);
- :meth:`SaveQueue.schedule` debounces typing per field (300 ms) and :meth:`flush` sends it
  at once when the field loses focus;
- after the last queued write of a burst the worker also builds the new
  :class:`~assessor_app.services.form_view.FormView`, so the GUI thread only applies a diff;
- a write that raised a storage error (or a bug) is kept in :attr:`failed` until
  :meth:`retry` succeeds; a newer write of the same field replaces it;
- a write the service refused (``InvalidValueError``, ``StateError``) is *rejected*: the
  editor shows why, nothing is retried;
- when a burst of writes is over (nothing in flight) and any of them was saved, the queue
  announces ``ASSESSMENTS`` on the store-change bus once (the assessment list refreshes).

"Saved" is only reported after the service call returned, i.e. after COMMIT.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from assessor_app.core.errors import AppError, StorageError
from assessor_app.services.form_view import FormView
from assessor_app.ui.tasks import ASSESSMENTS, Executor, Outcome, store_events

log = logging.getLogger(__name__)

DEBOUNCE_MS = 300

IDLE, SAVING, SAVED, FAILED = "idle", "saving", "saved", "failed"

_serial = itertools.count(1)


@dataclass
class Write:
    """One change to save. ``call`` runs on the database lane and touches no widget."""

    kind: str  # answer | note | attach | caption | remove_evidence | add_row | remove_row
    item: str
    row: str
    call: Callable[[], Any]
    raw: str = ""
    key: Hashable = None  # debounce / supersede key; default (kind, item, row)
    on_saved: Callable[[Any], None] | None = None  # GUI thread, after the snapshot is applied
    origin: str = ""  # "typing" (debounced text: one undo step per field) | "undo" | ""
    attempts: int = 0
    serial: int = field(default_factory=lambda: next(_serial))

    def __post_init__(self) -> None:
        if self.key is None:
            self.key = (self.kind, self.item, self.row)


def is_rejection(exc: BaseException) -> bool:
    """Refused by the service for a reason the user must see (not retried)."""
    return isinstance(exc, AppError) and not isinstance(exc, StorageError)


class SaveQueue(QObject):
    changed = Signal()  # the state (idle/saving/saved/failed) may have changed
    snapshot_ready = Signal(object)  # FormView
    saved = Signal(object, object)  # Write, result
    rejected = Signal(object, object)  # Write, AppError
    failed = Signal(object, object)  # Write, exception (storage error or bug)

    def __init__(self, executor: Executor, make_snapshot: Callable[[], FormView],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = executor
        self._make_snapshot = make_snapshot
        self._debounced: dict[Hashable, Write] = {}
        self._timers: dict[Hashable, QTimer] = {}
        self._inflight = 0
        self._stale = False  # a write succeeded but its snapshot was left to a later one
        self._unannounced = False  # a write succeeded since the last announcement
        self._last_raw: dict[Hashable, str] = {}
        self.failures: list[tuple[Write, BaseException]] = []
        self.last_saved_at: dt.datetime | None = None
        self.debounce_ms = DEBOUNCE_MS
        self.enabled = True

    # ------------------------------------------------------------ state

    @property
    def state(self) -> str:
        if self.failures:
            return FAILED
        if self._debounced or self._inflight:
            return SAVING
        return SAVED if self.last_saved_at is not None else IDLE

    @property
    def inflight(self) -> int:
        return self._inflight

    @property
    def pending(self) -> int:
        return len(self._debounced) + self._inflight

    def has_unsaved(self) -> bool:
        return bool(self._debounced or self._inflight or self.failures)

    def set_baseline(self, key: Hashable, raw: str) -> None:
        """The value the store already has (so a focus-out without change saves nothing)."""
        self._last_raw[key] = raw

    def is_pending(self, key: Hashable) -> bool:
        return key in self._debounced

    # ------------------------------------------------------------ writes

    def schedule(self, write: Write, delay_ms: int | None = None) -> None:
        """Save after the debounce (typing); a newer call for the same key replaces it."""
        if not self.enabled:
            return
        self._debounced[write.key] = write
        timer = self._timers.get(write.key)
        if timer is None:
            timer = QTimer(self)
            timer.setSingleShot(True)
            key = write.key
            timer.timeout.connect(lambda key=key: self.flush(key))
            self._timers[write.key] = timer
        timer.start(self.debounce_ms if delay_ms is None else delay_ms)
        self.changed.emit()

    def commit(self, write: Write) -> None:
        """Focus left the field: send the pending write now, or this one if it differs."""
        if write.key in self._debounced:
            self._debounced[write.key] = write
            self.flush(write.key)
        elif self._last_raw.get(write.key) != write.raw:
            self.submit(write)

    def flush(self, key: Hashable | None = None) -> None:
        keys = list(self._debounced) if key is None else [key]
        for k in keys:
            write = self._debounced.pop(k, None)
            timer = self._timers.get(k)
            if timer is not None:
                timer.stop()
            if write is not None:
                self.submit(write)

    def submit(self, write: Write) -> None:
        if not self.enabled:
            return
        if write.key in self._debounced and self._debounced[write.key] is not write:
            self._debounced.pop(write.key)
            timer = self._timers.get(write.key)
            if timer is not None:
                timer.stop()
        # A newer write of the same field supersedes one that failed earlier.
        self.failures = [(w, e) for w, e in self.failures if w.key != write.key]
        self._last_raw[write.key] = write.raw
        write.attempts += 1
        self._inflight += 1
        self.changed.emit()

        def work() -> tuple[Any, FormView | None]:
            result = write.call()
            # Only the last write of a burst shows its form: the one the service returned
            # from the write's own transaction, else (rows, evidence) one read after it.
            if self._inflight > 1:
                return result, None
            form = getattr(result, "form", None)
            return result, form if isinstance(form, FormView) else self._make_snapshot()

        self._executor.submit(work, lambda outcome: self._on_done(write, outcome))

    def refresh(self) -> None:
        """Rebuild the snapshot (after a burst whose last write failed)."""
        self._inflight += 1
        self._stale = False

        def work() -> tuple[None, FormView]:
            return None, self._make_snapshot()

        self._executor.submit(work, self._on_refreshed)

    def retry(self) -> None:
        failures, self.failures = self.failures, []
        for write, _exc in failures:
            self.submit(write)
        self.changed.emit()

    # ------------------------------------------------------------ results (GUI thread)

    def _on_refreshed(self, outcome: Outcome) -> None:
        self._inflight -= 1
        if outcome.error is None and outcome.value[1] is not None:
            self.snapshot_ready.emit(outcome.value[1])
        elif outcome.error is not None:
            log.warning("snapshot refresh failed: %r", outcome.error)
        self.changed.emit()

    def _on_done(self, write: Write, outcome: Outcome) -> None:
        self._inflight -= 1
        if outcome.error is None:
            result, snap = outcome.value
            self.last_saved_at = dt.datetime.now()
            self._unannounced = True
            if snap is not None:
                self._stale = False
                self.snapshot_ready.emit(snap)
            else:
                self._stale = True
            if write.on_saved is not None:
                write.on_saved(result)
            self.saved.emit(write, result)
        elif is_rejection(outcome.error):
            self.rejected.emit(write, outcome.error)
        else:
            exc = outcome.error
            if not isinstance(exc, StorageError):
                log.error("saving %s %s failed", write.kind, write.item,
                          exc_info=(type(exc), exc, exc.__traceback__))
            else:
                log.warning("saving %s %s failed: %s", write.kind, write.item, exc)
            self.failures = [(w, e) for w, e in self.failures if w.key != write.key]
            self.failures.append((write, exc))
            self.failed.emit(write, exc)
        if self._inflight == 0 and self._unannounced:
            self._unannounced = False
            store_events().announce(ASSESSMENTS)
        if self._inflight == 0 and self._stale:
            self.refresh()
        self.changed.emit()

    def stop(self) -> None:
        """No more writes (the editor is closing)."""
        for timer in self._timers.values():
            timer.stop()
        self.enabled = False
