"""One message catalogue for the CLI, the GUI and the error messages (gettext, Qt-free).

The words are written in Indonesian, the source language, and marked in the code::

    _("Simpan")                                   # a plain string
    pgettext("MainWindow", "Asesi")               # the same Indonesian, another English
    ngettext("{n} berkas", "{n} berkas", n)       # plural forms (English has two)
    M_("db.busy", "basis data sedang sibuk; coba lagi")   # an error code's words
                                                  # (assessor_app.messages; msgctxt = code)

``assessor_app/locale/en/LC_MESSAGES/assessor.po`` holds the English translations and the
compiled ``assessor.mo`` beside it is what is loaded (stdlib ``gettext``, no parsing at
start). Indonesian needs no catalogue. ``assessor_app/locale/README.md`` tells how to extract,
update and compile (``python scripts/i18n.py update``).

The language is process-wide: ``set_language`` stores it in ``ASSESSOR_LANG`` (so that a
child process inherits it and every test starts from the value its fixture sets) and every
lookup reads it, so ``_()`` follows a switch at run time. Code that must speak a language
other than the user's (a report or an export in the other language) asks for
``catalogue(lang)`` explicitly.
"""

from __future__ import annotations

import gettext
import logging
import os
import threading
from pathlib import Path

log = logging.getLogger(__name__)

DOMAIN = "assessor"
LANGUAGES = ("id", "en")
#: Qt's own English texts (standard buttons, context menus, the file dialog) in the
#: languages Qt ships no translation for: ``<lang>/LC_MESSAGES/qt.po``, msgctxt = Qt's
#: context (``context|disambiguation`` where Qt gives one), msgid = Qt's English.
QT_DOMAIN = "qt"
QT_LANGUAGES = ("id",)
DEFAULT_LANGUAGE = "id"
ENV = "ASSESSOR_LANG"

#: Babel's extraction keywords for this package (``scripts/i18n.py`` and the tests use them):
#: the defaults plus ``M_`` (error code = msgctxt, Indonesian words = msgid).
EXTRACT_KEYWORDS: dict[str, tuple[int | tuple[int, str], ...] | None] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    "M_": ((1, "c"), 2),
}

_catalogues: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def locale_dir() -> Path:
    """The folder holding ``<lang>/LC_MESSAGES/assessor.mo`` (inside the package, so a
    ``pip install``, an editable install and the PyInstaller bundle all find it)."""
    return Path(__file__).resolve().parent / "locale"


def mo_path(lang: str, domain: str = DOMAIN) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / f"{domain}.mo"


def normalise_lang(value: object) -> str:
    """``"en"``, ``"en_GB"``, ``"English"`` -> ``"en"``; anything else -> ``"id"``."""
    text = str(value or "").strip().lower()
    return "en" if text.startswith("en") else DEFAULT_LANGUAGE


def env_lang() -> str | None:
    """The language forced by ``--lang`` or ``ASSESSOR_LANG``, if any."""
    value = os.environ.get(ENV)
    return normalise_lang(value) if value else None


def current_language() -> str:
    return normalise_lang(os.environ.get(ENV, DEFAULT_LANGUAGE))


def set_language(lang: str) -> str:
    """Switch every later lookup to ``lang`` (``"id"`` or ``"en"``); returns the normalised
    language. Loads the catalogue now, so a missing ``.mo`` is logged at the switch."""
    lang = normalise_lang(lang)
    os.environ[ENV] = lang
    catalogue(lang)
    return lang


def catalogue(lang: str | None = None) -> gettext.NullTranslations:
    """The translations for ``lang`` (the current language when None), loaded once."""
    lang = normalise_lang(lang) if lang else current_language()
    found = _catalogues.get(lang)
    if found is not None:
        return found
    with _lock:
        found = _catalogues.get(lang)
        if found is None:
            found = _load(lang)
            _catalogues[lang] = found
    return found


def _load(lang: str) -> gettext.NullTranslations:
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()  # the msgids are Indonesian
    path = mo_path(lang)
    try:
        with path.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    except (OSError, ValueError) as exc:
        log.warning("catalogue %s could not be loaded (%s); the texts stay Indonesian",
                    path, exc)
        return gettext.NullTranslations()


def qt_catalogue(lang: str) -> gettext.NullTranslations | None:
    """Qt's texts in ``lang`` (the ``qt`` domain), or None where we keep none."""
    lang = normalise_lang(lang)
    if lang not in QT_LANGUAGES:
        return None
    key = f"{QT_DOMAIN}:{lang}"
    found = _catalogues.get(key)
    if found is None:
        path = mo_path(lang, QT_DOMAIN)
        try:
            with path.open("rb") as fh:
                found = gettext.GNUTranslations(fh)
        except (OSError, ValueError) as exc:
            log.warning("catalogue %s could not be loaded (%s); Qt's texts stay English",
                        path, exc)
            found = gettext.NullTranslations()
        with _lock:
            _catalogues[key] = found
    return found


def _(message: str) -> str:
    """``message`` (Indonesian) in the current language."""
    return catalogue().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the current language where the same Indonesian needs another English
    in ``context``."""
    return catalogue().pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    return catalogue().npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for extraction without translating it (translate at use)."""
    return message


__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES", "N_", "QT_DOMAIN", "QT_LANGUAGES", "_", "catalogue",
           "current_language", "env_lang", "locale_dir", "mo_path", "ngettext",
           "normalise_lang", "npgettext", "pgettext", "qt_catalogue", "set_language"]
