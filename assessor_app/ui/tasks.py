"""Background operations for the GUI (ARCHITECTURE.md, "Background work").

One small helper with the shape of Anki's operations::

    Op(parent, fn).success(on_done).failure(on_error).with_progress("Menyimpan…").run()

- ``fn`` runs on a worker thread and touches no widget. If it takes one argument it gets a
  :class:`CancelToken` (for long work that can be cancelled from the progress dialog).
- ``success`` / ``failure`` run on the GUI thread, in the order the operations finished.
  Without a ``failure`` callback the error is shown with :func:`assessor_app.ui.errors.show_error`
  (a plain message for a user error, the crash dialog for a bug).
- The progress dialog appears only when the work takes longer than ~600 ms (Anki's
  ``qt/aqt/progress.py``), so quick operations never flash a dialog.

Where the work runs is an *executor*:

- :func:`db_lane` — the serial lane for database work: a ``QThreadPool`` with exactly one
  thread (Picard keeps such a pool), so writes happen one after another in submission order
  and a read submitted after a write sees it.
- :class:`ThreadExecutor` — any other pool (e.g. ``ThreadExecutor(max_threads=2)`` for PDF work).
- :class:`SyncExecutor` — runs ``fn`` inline; tests inject it to stay deterministic (Picard's
  ``FakeThreadPool``).

What a write changed: a write says which parts of the store it changed with
``Op(...).changes(ASSESSMENTS, VISITS)``; when it succeeds, :func:`store_events` announces
those topics. Views never wire one page's signal to another page's refresh: each view that
shows a part of the store keeps a :class:`StoreWatch` on its topics and refreshes itself,
once per burst of writes (an editor saves many answers a minute).
"""

from __future__ import annotations

import inspect
import itertools
import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QProgressDialog, QWidget

from assessor_app.i18n import catalogue, current_language

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Delay before the progress dialog of an operation is shown (Anki uses 600 ms).
PROGRESS_DELAY_MS = 600

# ------------------------------------------------------------------ what a write changed

ASSESSMENTS = "assessments"  # revisions: answers, evidence, status, signatures, revisions
REGISTRY = "registry"  # institutions, assessees, assessors (the profile is the own assessor)
VISITS = "visits"  # field visits and their teams
TEMPLATES = "templates"  # installed checklist templates and schemes
CONFLICTS = "conflicts"  # office: imported bundles and the conflicts they held
REVIEWS = "reviews"  # office: review statuses
DEVICES = "devices"  # enrolled laptops, trusted offices, bundle sequence numbers
OUTBOX = "outbox"  # laptop: bundles sent and waiting for the office's receipt
REPORTS = "reports"  # issued reports (printed or saved PDFs a paper code can verify)
SETTINGS = "settings"  # the app's own settings (language, paper, office mode)
TOPICS = frozenset({ASSESSMENTS, REGISTRY, VISITS, TEMPLATES, CONFLICTS, REVIEWS, DEVICES,
                    OUTBOX, REPORTS, SETTINGS})

#: A view refreshes at once after a write, then at most once per this delay while writes
#: keep coming (the assessment list behind an editor that saves every answer).
STORE_REFRESH_MS = 400


def topics_of(topics: Iterable[str]) -> frozenset[str]:
    """The topics as a frozenset; an unknown name is a bug (a typo would refresh nothing)."""
    out = frozenset(topics)
    unknown = out - TOPICS
    if unknown:
        raise ValueError(f"unknown store topics: {sorted(unknown)}")
    return out


class StoreEvents(QObject):
    """The one store-change bus: ``changed`` carries the frozenset of topics a write changed."""

    changed = Signal(object)  # frozenset[str]

    def announce(self, *topics: str) -> None:
        changed = topics_of(topics)
        if changed:
            log.debug("store changed: %s", ", ".join(sorted(changed)))
            self.changed.emit(changed)


_store_events: StoreEvents | None = None


def store_events() -> StoreEvents:
    """The application's store-change bus (created on first use, lives with the app)."""
    global _store_events
    if _store_events is None or not shiboken6.isValid(_store_events):
        _store_events = StoreEvents(QCoreApplication.instance())
        _store_events.setObjectName("store-events")
    return _store_events


class StoreWatch(QObject):
    """Calls ``on_change(topics)`` on the GUI thread after writes that changed any of
    ``topics`` (only those are passed on).

    Debounced: the first announcement after a quiet spell is delivered on the next turn of
    the event loop (so every announcement of one operation arrives together), later ones are
    gathered and delivered once they pause for ``delay_ms``. A watch whose window is not
    shown waits and catches up when it is shown again (a closed window never refreshes).
    """

    def __init__(self, widget: QWidget, topics: Iterable[str],
                 on_change: Callable[[frozenset[str]], Any], *,
                 delay_ms: int = STORE_REFRESH_MS) -> None:
        super().__init__(widget)
        self._widget = widget
        self.topics = topics_of(topics)
        self._on_change = on_change
        self._delay_ms = delay_ms
        self._pending: set[str] = set()
        self._delivered_at = -float("inf")
        self._waiting_for: QWidget | None = None  # the hidden window we wait to be shown
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.deliver)
        store_events().changed.connect(self._on_store_changed)

    @property
    def pending(self) -> frozenset[str]:
        return frozenset(self._pending)

    def _on_store_changed(self, topics: frozenset[str]) -> None:
        hit = self.topics & topics
        if not hit:
            return
        self._pending |= hit
        if self._timer.isActive() and self._timer.interval() == 0:
            return  # delivered on the next turn of the event loop anyway
        quiet = time.monotonic() - self._delivered_at >= self._delay_ms / 1000
        self._timer.start(0 if quiet and not self._timer.isActive() else self._delay_ms)

    def deliver(self) -> None:
        """Pass the gathered topics on now (if the window is shown)."""
        self._timer.stop()
        if not self._pending:
            return
        window = self._widget.window()
        if not window.isVisible():
            if self._waiting_for is not window:
                window.installEventFilter(self)
                self._waiting_for = window
            return
        topics = frozenset(self._pending)
        self._pending.clear()
        self._delivered_at = time.monotonic()
        self._on_change(topics)

    def refresh_all(self) -> None:
        """Deliver every watched topic now, as if each had changed ("Segarkan")."""
        self._pending |= self.topics
        self.deliver()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._waiting_for and event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self._waiting_for = None
            self._timer.start(0)
        return False


class OpCancelled(Exception):
    """Raised by a cancellable ``fn`` (via :meth:`CancelToken.raise_if_cancelled`)."""


class CancelToken:
    """Handed to ``fn`` when it takes an argument; set from the GUI thread, read by the worker."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise OpCancelled()


@dataclass(frozen=True)
class Outcome:
    """What a finished task produced: its value, or the exception it raised."""

    value: Any = None
    error: BaseException | None = None


class Switchable(Protocol):
    """A widget or an action: something an operation can switch off while it runs."""

    def setEnabled(self, enabled: bool) -> None: ...


class Executor(Protocol):
    """Runs ``fn`` somewhere and calls ``done`` with its :class:`Outcome` on the GUI thread."""

    def submit(self, fn: Callable[[], Any], done: Callable[[Outcome], None]) -> None: ...

    def wait_for_done(self, msecs: int = -1) -> bool: ...

    @property
    def busy(self) -> bool: ...


def _call(fn: Callable[[], Any]) -> Outcome:
    try:
        return Outcome(fn())
    except BaseException as exc:  # noqa: BLE001 - delivered to the failure callback
        return Outcome(error=exc)


class SyncExecutor:
    """Runs every task inline, at once, on the calling thread (for tests)."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Callable[[], Any], done: Callable[[Outcome], None]) -> None:
        self.submitted += 1
        done(_call(fn))

    def wait_for_done(self, msecs: int = -1) -> bool:
        return True

    @property
    def busy(self) -> bool:
        return False


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits the id of the finished task.

    Only an ``int`` crosses threads: the outcome itself waits in a lock-protected dict, so
    no Python object is marshalled through a queued signal (which PySide6 has had
    reference-counting bugs with).
    """

    finished = Signal(int)


class ThreadExecutor(QObject):
    """A ``QThreadPool`` whose results come back on the GUI thread, in completion order.

    With ``max_threads=1`` (the default) it is a serial lane: tasks run one at a time in the
    order they were submitted.
    """

    def __init__(self, max_threads: int = 1, parent: QObject | None = None,
                 name: str = "lane") -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.finished.connect(self._on_relay_finished, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._pending: dict[int, Callable[[Outcome], None]] = {}
        self._lock = threading.Lock()
        self._results: dict[int, Outcome] = {}

    def submit(self, fn: Callable[[], Any], done: Callable[[Outcome], None]) -> None:
        task_id = next(self._ids)
        self._pending[task_id] = done
        relay, lock, results = self._relay, self._lock, self._results

        def run() -> None:  # on the worker thread
            outcome = _call(fn)
            with lock:
                results[task_id] = outcome
            try:
                relay.finished.emit(task_id)
            except BaseException:  # noqa: BLE001 - never let an exception reach Qt's pool
                log.warning("background task finished after its executor was destroyed")

        self._pool.start(run)

    @Slot(int)
    def _on_relay_finished(self, task_id: int) -> None:
        with self._lock:
            outcome = self._results.pop(task_id, None)
        done = self._pending.pop(task_id, None)
        if done is not None and outcome is not None:
            done(outcome)

    @property
    def busy(self) -> bool:
        """True while a task runs or its result has not been delivered yet."""
        return bool(self._pending)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the pool is idle, then deliver pending results (GUI thread only)."""
        ok = self._pool.waitForDone(msecs)
        QCoreApplication.sendPostedEvents(self)
        return ok and not self._pending


_db_lane: ThreadExecutor | None = None


def db_lane() -> ThreadExecutor:
    """The application's serial lane for database work (created on first use)."""
    global _db_lane
    if _db_lane is None or not shiboken6.isValid(_db_lane):
        app = QCoreApplication.instance()
        _db_lane = ThreadExecutor(1, app, name="db-lane")
    return _db_lane


def _takes_token(fn: Callable[..., Any]) -> bool:
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return False
    params = [p for p in sig.parameters.values()
              if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty]
    return len(params) == 1


class Op(Generic[T]):
    """One background operation: ``Op(parent, fn).success(cb).failure(cb).run()``."""

    _running: set[Op[Any]] = set()  # keeps every running Op alive until it is delivered

    def __init__(self, parent: QWidget | None, fn: Callable[..., T], *,
                 executor: Executor | None = None, lang: str | None = None) -> None:
        self._parent = parent
        self._fn = fn
        self._executor = executor
        self._lang = lang or current_language()
        self._on_success: Callable[[T], Any] | None = None
        self._on_failure: Callable[[BaseException], Any] | None = None
        self._on_finished: Callable[[], Any] | None = None
        self._progress_label: str | None = None
        self._progress_delay = PROGRESS_DELAY_MS
        self._cancellable = False
        self._token = CancelToken()
        self._timer: QTimer | None = None
        self._dialog: QProgressDialog | None = None
        self._done = False
        self._changes: frozenset[str] = frozenset()
        self._disabled: tuple[Switchable, ...] = ()

    # ------------------------------------------------------------ builder

    def success(self, cb: Callable[[T], Any]) -> Op[T]:
        self._on_success = cb
        return self

    def failure(self, cb: Callable[[BaseException], Any]) -> Op[T]:
        self._on_failure = cb
        return self

    def changes(self, *topics: str) -> Op[T]:
        """What the write changes (:data:`TOPICS`): announced on :func:`store_events` when
        ``fn`` succeeded, even if the window that started it has closed meanwhile."""
        self._changes = topics_of(topics)
        return self

    def disabling(self, *controls: Switchable) -> Op[T]:
        """Switch ``controls`` off while the operation runs (no second click)."""
        self._disabled = controls
        return self

    def finished(self, cb: Callable[[], Any]) -> Op[T]:
        """Called after success or failure (e.g. to re-enable a button)."""
        self._on_finished = cb
        return self

    def with_progress(self, label: str | None = None, *, delay_ms: int = PROGRESS_DELAY_MS,
                      cancellable: bool | None = None) -> Op[T]:
        """Show a progress dialog if the work is still running after ``delay_ms``.

        The dialog gets a cancel button when ``fn`` accepts a :class:`CancelToken`
        (or when ``cancellable`` says so explicitly).
        """
        self._progress_label = label or catalogue(self._lang).gettext("Sedang bekerja…")
        self._progress_delay = delay_ms
        self._cancellable = _takes_token(self._fn) if cancellable is None else cancellable
        return self

    # ------------------------------------------------------------ running

    @property
    def token(self) -> CancelToken:
        return self._token

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        return self._dialog

    def run(self) -> None:
        executor = self._executor if self._executor is not None else db_lane()
        for control in self._disabled:
            control.setEnabled(False)
        Op._running.add(self)
        if self._progress_label is not None:
            self._timer = QTimer()
            self._timer.setSingleShot(True)
            self._timer.setInterval(self._progress_delay)
            self._timer.timeout.connect(self._show_progress)
            self._timer.start()
        fn = self._fn
        token = self._token
        if _takes_token(fn):
            def work() -> T:
                return fn(token)
        else:
            work = fn
        executor.submit(work, self._deliver)

    def _show_progress(self) -> None:
        if self._done:
            return
        parent = self._parent if self._parent is not None and shiboken6.isValid(
            self._parent) else None
        cancel = catalogue(self._lang).gettext("Batal") if self._cancellable else ""
        dialog = QProgressDialog(self._progress_label or "", cancel, 0, 0, parent)
        if not self._cancellable:
            dialog.setCancelButton(None)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(self._on_dialog_canceled)
        dialog.show()
        self._dialog = dialog

    def _on_dialog_canceled(self) -> None:
        self._token.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(catalogue(self._lang).gettext("Membatalkan…"))

    def _deliver(self, outcome: Outcome) -> None:
        self._done = True
        Op._running.discard(self)
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        if self._dialog is not None:
            self._dialog.canceled.disconnect(self._on_dialog_canceled)
            self._dialog.close()
            self._dialog.deleteLater()
            self._dialog = None
        if outcome.error is None and self._changes:
            store_events().announce(*self._changes)
        if self._parent is not None and not shiboken6.isValid(self._parent):
            log.info("operation finished after its window closed; result dropped")
            return
        try:
            if outcome.error is None:
                if self._on_success is not None:
                    self._on_success(outcome.value)
            elif isinstance(outcome.error, OpCancelled):
                log.info("operation cancelled")
            elif self._on_failure is not None:
                self._on_failure(outcome.error)
            else:
                from assessor_app.ui.errors import show_error

                show_error(self._parent, outcome.error, self._lang)
        finally:
            for control in self._disabled:
                if shiboken6.isValid(control):
                    control.setEnabled(True)
            if self._on_finished is not None:
                self._on_finished()


__all__ = ["ASSESSMENTS", "CONFLICTS", "DEVICES", "OUTBOX", "PROGRESS_DELAY_MS", "REGISTRY",
           "REPORTS", "REVIEWS", "SETTINGS", "STORE_REFRESH_MS", "TEMPLATES", "TOPICS", "VISITS",
           "CancelToken", "Executor", "Op", "OpCancelled", "Outcome", "StoreEvents",
           "StoreWatch", "Switchable", "SyncExecutor", "ThreadExecutor", "db_lane",
           "store_events", "topics_of"]
