"""Shared GUI fixtures."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from assessor_app.i18n import current_language, set_language
from assessor_app.ui.i18n import install_translator, qm_path, remove_translator


@pytest.fixture()
def english(qapp: QApplication) -> Iterator[None]:
    """The UI in English, as the app does at start with ``--lang en`` (the strings come from
    the message catalogue; pass ``"en"`` as ``lang`` for template texts)."""
    before = current_language()
    set_language("en")
    translator = install_translator(qapp, "en")
    assert translator is not None, qm_path("en")
    yield
    remove_translator(qapp, translator)
    set_language(before)
