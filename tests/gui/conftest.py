"""Shared GUI fixtures."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

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
    window, shown; its operations run inline (a ``SyncExecutor``) unless told otherwise."""

    def open_window(services: Any, lang: str = "id", *, settings: AppSettings | None = None,
                    executor: Executor | None = None) -> MainWindow:
        window = MainWindow(services, lang, settings=settings,
                            executor=executor or SyncExecutor())
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return open_window
