"""Shared GUI fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from assessor_app.i18n import current_language, set_language
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import Executor, SyncExecutor

OpenMainWindow = Callable[..., MainWindow]


@pytest.fixture()
def english(qapp: QApplication) -> Iterator[None]:
    """The UI in English, as the app does at start with ``--lang en`` (the strings come from
    the message catalogue; pass ``"en"`` as ``lang`` for template texts)."""
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture()
def open_main_window(qtbot: Any) -> OpenMainWindow:
    """``open_main_window(services, lang="id", settings=None, executor=None)``: the main
    window, shown, every page loaded (the pages not shown first read the store after the
    window painted); its operations run inline (a ``SyncExecutor``) unless told otherwise."""

    def open_window(services: Any, lang: str = "id", *, settings: AppSettings | None = None,
                    executor: Executor | None = None) -> MainWindow:
        window = MainWindow(services, lang, settings=settings,
                            executor=executor or SyncExecutor())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.pages_loaded)
        return window

    return open_window


def host(qtbot: Any, *, shown: bool = False) -> QWidget:
    """An empty widget for operations and watches to belong to (``shown``: on screen)."""
    widget = QWidget()
    qtbot.addWidget(widget)
    if shown:
        widget.show()
        qtbot.waitExposed(widget)
    return widget


def turn_wheel(widget: QWidget, notches: int = -1) -> bool:
    """The mouse wheel turned ``notches`` (negative: towards the user, scrolling down) with
    the pointer over ``widget``; True when the widget took the turn. (Qt gives a turn the
    widget ignores to its parent, e.g. the form's scroll area, only for a real wheel: a
    sent event stops at the widget.)"""
    inside = QPointF(4, 4)
    event = QWheelEvent(inside, QPointF(widget.mapToGlobal(QPoint(4, 4))), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def report_window(qtbot: Any, services: Any, revision_id: str) -> Any:
    """The assessment window of ``revision_id``, shown, its writes and its PDF work inline
    (a ``SyncExecutor``), with its report actions (Pratinjau, Cetak)."""
    from assessor_app.ui.views.assessment_window import AssessmentWindow

    executor = SyncExecutor()
    win = AssessmentWindow(services, revision_id, "id",
                           AppSettings(services.paths.settings_path), executor)
    qtbot.addWidget(win)
    assert win.reports is not None
    win.reports.launcher.pdf_executor = executor
    win.show()
    return win


@pytest.fixture()
def stores(tmp_path: Path, golden_data_dir: Path) -> Iterator[tuple[Any, Any]]:
    """A laptop and an office store, each its own data folder from the golden store."""
    from tests.sync.conftest import make_services

    laptop = make_services(tmp_path, name="laptop", golden=golden_data_dir)
    office = make_services(tmp_path, name="office", golden=golden_data_dir)
    try:
        yield laptop, office
    finally:
        laptop.store.close(clean=True)
        office.store.close(clean=True)


@pytest.fixture()
def office_window(open_main_window: OpenMainWindow, tmp_path: Path
                  ) -> Callable[[Any, str], MainWindow]:
    """A main window of ``services`` with its own settings file ``<name>.ini``."""
    return lambda services, name: open_main_window(
        services, settings=AppSettings(tmp_path / f"{name}.ini"))
