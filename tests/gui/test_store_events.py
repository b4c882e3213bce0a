"""The store-change bus (ui/tasks.py): a write announces what it changed; a watch passes
it on to its view, debounced."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QWidget

from assessor_app.ui.tasks import (
    ASSESSMENTS,
    REGISTRY,
    REVIEWS,
    VISITS,
    Op,
    Outcome,
    StoreWatch,
    SyncExecutor,
    store_events,
)

# ------------------------------------------------------------------ the bus and a watch


def _shown(qtbot: Any) -> QWidget:
    host = QWidget()
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    return host


def test_a_watch_passes_on_only_its_topics_at_once_then_once_per_pause(qtbot: Any) -> None:
    host = _shown(qtbot)
    calls: list[frozenset[str]] = []
    watch = StoreWatch(host, (ASSESSMENTS, VISITS), calls.append, delay_ms=60_000)
    bus = store_events()
    bus.announce(REGISTRY)  # not watched
    assert watch.pending == frozenset()
    bus.announce(ASSESSMENTS)
    bus.announce(VISITS, REGISTRY)  # same turn of the event loop: delivered together
    qtbot.waitUntil(lambda: len(calls) == 1)
    assert calls == [frozenset({ASSESSMENTS, VISITS})]
    # more writes soon after (an editor saving answer after answer): gathered until the
    # pause is over, not delivered one by one
    bus.announce(ASSESSMENTS)
    bus.announce(ASSESSMENTS)
    QApplication.processEvents()
    assert len(calls) == 1 and watch.pending == frozenset({ASSESSMENTS})
    watch.deliver()  # what the timer does when the pause is over
    assert calls[1:] == [frozenset({ASSESSMENTS})] and watch.pending == frozenset()


def test_a_hidden_window_catches_up_when_it_is_shown(qtbot: Any) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    calls: list[frozenset[str]] = []
    watch = StoreWatch(host, (REVIEWS,), calls.append)
    store_events().announce(REVIEWS)
    watch.deliver()
    assert calls == [] and watch.pending == frozenset({REVIEWS})
    host.show()
    qtbot.waitUntil(lambda: calls == [frozenset({REVIEWS})])


def test_an_op_announces_what_it_changed_only_when_it_succeeded(qtbot: Any) -> None:
    bus = store_events()
    with qtbot.waitSignal(bus.changed) as got:
        Op(None, lambda: 1, executor=SyncExecutor()).changes(VISITS, REGISTRY).run()
    assert got.args == [frozenset({VISITS, REGISTRY})]

    def refused() -> None:
        raise RuntimeError("nothing was written")

    failures: list[BaseException] = []
    with qtbot.assertNotEmitted(bus.changed):
        Op(None, refused, executor=SyncExecutor()).changes(VISITS).failure(
            failures.append).run()
    assert len(failures) == 1
    with pytest.raises(ValueError, match="visit"):
        Op(None, lambda: 1).changes("visit")  # a typo would refresh nothing: refused


class HeldExecutor:
    """Runs a task only when told to (the lane is slower than the user)."""

    def __init__(self) -> None:
        self.held: list[tuple[Callable[[], Any], Callable[[Outcome], None]]] = []

    def submit(self, fn: Callable[[], Any], done: Callable[[Outcome], None]) -> None:
        self.held.append((fn, done))

    def release(self) -> None:
        for fn, done in self.held:
            done(Outcome(fn()))
        self.held.clear()

    def wait_for_done(self, msecs: int = -1) -> bool:
        return not self.held

    @property
    def busy(self) -> bool:
        return bool(self.held)


def test_a_write_is_announced_even_when_its_window_closed_first(qtbot: Any) -> None:
    parent = QWidget()
    lane = HeldExecutor()
    results: list[str] = []
    Op(parent, lambda: "saved", executor=lane).changes(ASSESSMENTS).success(
        results.append).run()
    shiboken6.delete(parent)
    with qtbot.waitSignal(store_events().changed) as got:
        lane.release()
    assert got.args == [frozenset({ASSESSMENTS})]
    assert results == []  # the window is gone: its callback is not run
