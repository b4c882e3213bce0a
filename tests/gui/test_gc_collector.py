"""Qt objects are freed on the GUI thread, never by a collection elsewhere.

* ``after_next_paint``'s helper keeps no reference of its own to its window: a window
  dropped while its helper waits (with a call that does not hold the window), or once the
  helper has fired and waits for its own deferred delete, is freed at once. (With the cycle, the window lived until a garbage collection; one that ran while
  the helper's deferred delete was being handled deleted the window inside the deletion of
  its own child: a crash, seen in the parallel suite, made certain by this test.)
* Nor do the idle lock and a print job with the window or dialog they belong to.
* ``GuiThreadCollector`` (installed by ``app.run_gui``): the automatic collector is off, so
  a worker thread allocating a great deal frees no Qt object; its timer collects them on
  the GUI thread; ``stop`` gives the automatic collector back.
"""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget

from assessor_app.ui.gc_collector import GuiThreadCollector
from assessor_app.ui.idle_lock import IdleLock
from assessor_app.ui.main_window import _AfterPaint, after_next_paint
from assessor_app.ui.report_preview import PrintJob


def test_a_window_dropped_while_it_waits_for_its_paint_is_freed_at_once(qtbot: Any) -> None:
    assert not gc.isenabled()  # tests/conftest.py: GUI tests run as the app does
    waiting = QWidget()
    after_next_paint(waiting, lambda: None)
    gone = weakref.ref(waiting)
    del waiting
    assert gone() is None, "after_next_paint keeps its window in a reference cycle"

    called: list[str] = []
    fired = QWidget()
    after_next_paint(fired, lambda: called.append("fired"))
    (helper,) = fired.findChildren(_AfterPaint)
    helper._fire()  # as its timer does: called, and its deferred delete posted
    assert called == ["fired"]
    del helper
    assert fired.findChildren(_AfterPaint)  # the deferred delete is still pending
    gone = weakref.ref(fired)
    del fired
    assert gone() is None
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # nothing left


@pytest.mark.parametrize("helper", [
    lambda w: IdleLock(w, services=None, minutes=5),
    lambda w: PrintJob(w, service=None, pdf=b"%PDF-", doc_name="Laporan"),  # type: ignore
], ids=["idle lock", "print job"])
def test_a_helper_keeps_no_cycle_with_the_widget_it_belongs_to(
        qtbot: Any, helper: Callable[[QWidget], QObject]) -> None:
    window = QWidget()
    helper(window)
    gone = weakref.ref(window)
    del window
    assert gone() is None


class _Cycle(QObject):
    """A Qt object in a reference cycle, which only the cyclic collector frees; it notes the
    thread that freed it."""

    def __init__(self, freed_on: list[int]) -> None:
        super().__init__()
        self.me = self
        weakref.finalize(self, lambda: freed_on.append(threading.get_ident()))


def test_the_collector_frees_qt_garbage_on_the_gui_thread_only(qtbot: Any) -> None:
    gc.enable()  # as Python starts; the collector turns it off
    collector = GuiThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        freed_on: list[int] = []
        _Cycle(freed_on)  # garbage at once, freed only by a collection

        kept: list[list[list[int]]] = []

        def allocate() -> None:  # far past every threshold: automatic collections ran here
            kept.append([[] for _ in range(50 * sum(gc.get_threshold()))])

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert freed_on == [], "a worker thread's allocations freed a Qt object"
        qtbot.waitUntil(lambda: freed_on != [])  # the timer's collection
        assert freed_on == [threading.get_ident()]
    finally:
        collector.stop()
    assert gc.isenabled()  # given back (the test's fixture turns it off again)
    gc.disable()


def test_a_due_generation_is_collected_as_python_would(qtbot: Any) -> None:
    collector = GuiThreadCollector(interval_ms=60_000)  # its timer stays out of the way
    try:
        gc.collect()
        assert collector.collect_due() == -1  # nothing allocated since: nothing due
        freed_on: list[int] = []
        _Cycle(freed_on)
        kept: list[list[int]] = [[] for _ in range(gc.get_threshold()[0] + 10)]
        assert collector.collect_due() == 0  # the youngest generation only
        assert freed_on == [threading.get_ident()]
        del kept
    finally:
        collector.stop()
