"""Python's cyclic garbage collector, run on the GUI thread only.

A reference cycle that holds a Qt object (a dialog's wrapper and a helper that keeps it) is
freed by the cyclic collector, and Python runs that collector on whichever thread happens to
allocate past its threshold: the db lane, an export writing the stick, a report being drawn.
A QWidget must be deleted on the GUI thread, and not while Qt is delivering an event to it or
to one of its children; deleted from a worker, or from the middle of an event, the app
crashes. So while the window runs, the automatic collector is off and a timer on the GUI
thread does its work with the same thresholds, from the event loop (Anki and other PyQt
applications do the same). A timer also fires in a nested loop (a modal dialog's), where an
outer handler is still running: what that handler holds is reachable, so it is never freed.

Unlike CPython's own, this collector does at most one collection per tick, and a full one
(generation 2) whenever the count says so: CPython also waits until enough long-lived
objects are new, a figure Python does not expose.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Turns Python's automatic collector off until :meth:`stop`, and collects each
    generation whose count is past its threshold every ``interval_ms`` on this object's
    (the GUI) thread."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.collect_due)
        self._timer.start(interval_ms)

    def collect_due(self) -> int:
        """Collect as the automatic collector would have: the oldest generation whose count
        and every younger one's are past their thresholds. Returns it, or -1 for none."""
        counts = gc.get_count()
        due = -1
        for generation in range(3):
            threshold = self._threshold[generation]
            if threshold <= 0 or counts[generation] <= threshold:  # 0: never by count
                break
            due = generation
        if due >= 0:
            gc.collect(due)
        return due

    def stop(self) -> None:
        """Collect everything once more, here, and give the automatic collector back."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
