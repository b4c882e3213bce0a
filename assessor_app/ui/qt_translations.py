"""Qt's own texts in the user's language: the standard buttons of QMessageBox and
QDialogButtonBox, the context menus of line and text edits, Qt's file dialog.

Two sources, installed at start (``install_qt_translations``):

- Qt's shipped catalogue ``qtbase_<lang>.qm`` (QLibraryInfo TranslationsPath) where one
  exists (English and many other languages);
- for Indonesian, which Qt does not ship, :class:`GettextQtTranslator`: it looks Qt's
  English up in our gettext domain ``qt`` (``locale/id/LC_MESSAGES/qt.po``, msgctxt = Qt's
  context), compiled by ``scripts/i18n.py`` like the app's own catalogue.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from assessor_app.i18n import normalise_lang, qt_catalogue

log = logging.getLogger(__name__)

_installed: list[QTranslator] = []


class GettextQtTranslator(QTranslator):
    """A QTranslator over a gettext catalogue of Qt's English source texts."""

    def __init__(self, lang: str, parent: QCoreApplication | None = None) -> None:
        super().__init__(parent)
        self.lang = normalise_lang(lang)
        self.catalogue = qt_catalogue(self.lang)

    def language(self) -> str:
        return self.lang

    def isEmpty(self) -> bool:  # noqa: N802 (Qt API)
        return self.catalogue is None

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        """Qt's ``source`` in our language, or None (a null QString: Qt asks the next
        translator, then keeps its English; an empty string would blank the text)."""
        if self.catalogue is None or not source:
            return None
        contexts = [f"{context}|{disambiguation}", context] if disambiguation else [context]
        for ctx in contexts:
            found = self.catalogue.pgettext(ctx, source)
            if found != source:  # ("OK" stays "OK": Qt's own text is the same)
                return found
        return None


def install_qt_translations(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Replace the Qt translators installed earlier by those for ``lang``."""
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    lang = normalise_lang(lang)
    shipped = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if shipped.load(QLocale(lang), "qtbase", "_", path):
        _installed.append(shipped)
    own = GettextQtTranslator(lang, app)
    if not own.isEmpty():
        _installed.append(own)
    for translator in _installed:
        app.installTranslator(translator)
    log.debug("Qt translations for %s: %s", lang,
              [type(t).__name__ for t in _installed] or "none")
    return list(_installed)


__all__ = ["GettextQtTranslator", "install_qt_translations"]
