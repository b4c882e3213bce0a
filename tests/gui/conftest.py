"""Shared GUI fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from assessor_app.i18n import current_language, set_language


@pytest.fixture()
def english(qapp: QApplication) -> Iterator[None]:
    """The UI in English, as the app does at start with ``--lang en`` (the strings come from
    the message catalogue; pass ``"en"`` as ``lang`` for template texts)."""
    before = current_language()
    set_language("en")
    yield
    set_language(before)
