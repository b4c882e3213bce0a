"""UI language: Qt Linguist translations over Indonesian source strings.

Every UI string in ``assessor_app.ui`` is written in Indonesian and marked with ``self.tr``
or ``QCoreApplication.translate(context, text)``. ``resources/translations/assessor_en.ts``
holds the English translations (update with ``pyside6-lupdate``, compile with
``pyside6-lrelease``; see ``resources/translations/README.md``). Indonesian needs no
translator: it is the source language.

The language is chosen once at start (settings, or ``--lang`` / ``ASSESSOR_LANG``);
a change in the settings dialog applies at the next start.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTranslator

from assessor_app.paths import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def translations_dir() -> Path:
    return resources_dir() / "translations"


def qm_path(lang: str) -> Path:
    return translations_dir() / f"assessor_{lang}.qm"


def normalise_lang(value: object) -> str:
    text = str(value or "").strip().lower()
    return "en" if text.startswith("en") else DEFAULT_LANGUAGE


def env_lang() -> str | None:
    """The language forced by ``--lang`` or ``ASSESSOR_LANG``, if any."""
    value = os.environ.get("ASSESSOR_LANG")
    return normalise_lang(value) if value else None


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Load the ``.qm`` for ``lang`` into ``app`` (none is needed for Indonesian).

    Returns the translator (keep a reference: Qt does not own it) or None."""
    if normalise_lang(lang) == DEFAULT_LANGUAGE:
        return None
    path = qm_path(lang)
    translator = QTranslator(app)
    if not translator.load(str(path)):
        log.warning("translation %s could not be loaded; the UI stays Indonesian", path.name)
        return None
    app.installTranslator(translator)
    return translator


def remove_translator(app: QCoreApplication, translator: QTranslator | None) -> None:
    if translator is not None:
        app.removeTranslator(translator)


def translate(context: str, text: str) -> str:
    """Translate an Indonesian source string at run time (the context must match the one
    lupdate saw, i.e. the literal ``QCoreApplication.translate`` call that marked it)."""
    return QCoreApplication.translate(context, text)
