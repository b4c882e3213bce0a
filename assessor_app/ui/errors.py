"""The two kinds of error (qutebrowser's KnownError / BugError, ARCHITECTURE.md).

- A user or environment error (:class:`~assessor_app.core.errors.AppError`: a bad file, a full
  disk, a locked assessment) gets a plain message in the user's language and the app goes on.
- Anything else is a bug: it is logged with its traceback and the crash dialog shows what
  happened, where the log is, and a "copy details" button for the support e-mail. Answers
  already saved are safe: every answer is committed on its own.

Dialogs are opened window-modal with ``open()``, never the blocking ``exec``, so nothing in flight is
blocked by a nested event loop (and tests can inspect them).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import platform
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME, __version__
from assessor_app.core.errors import AppError
from assessor_app.i18n import catalogue, current_language
from assessor_app.messages import describe, message
from assessor_app.ui.geometry import fit_to_screen

log = logging.getLogger(__name__)

def _t(lang: str | None) -> dict[str, str]:
    t = catalogue(lang)
    return {
        "title": t.gettext("Terjadi kesalahan"),
        "bug_title": t.gettext("Kesalahan tak terduga"),
        "bug_intro": t.gettext("Terjadi kesalahan tak terduga di aplikasi ({kind}). Jawaban "
                               "yang sudah tersimpan aman; yang sedang disimpan akan dicoba "
                               "lagi."),
        "bug_short": t.gettext("kesalahan tak terduga ({kind})"),
        "log": t.gettext("Rincian tercatat di log: {path}"),
        "no_log": t.gettext("Log tidak tersedia."),
        "copy": t.gettext("Salin rincian"),
        "copied": t.gettext("Rincian disalin ke papan klip."),
        "details": t.gettext("Rincian teknis"),
        "close": t.gettext("Tutup"),
    }


def is_user_error(exc: BaseException) -> bool:
    """A user or environment error (plain message), as opposed to a bug (crash dialog)."""
    return isinstance(exc, AppError)


def describe_error(exc: BaseException, lang: str | None = None) -> str:
    """One sentence for the user. Constraint messages come from the template, per language."""
    lang = lang or current_language()
    if isinstance(exc, AppError):
        if exc.code == "value.constraint":
            own = exc.params.get("message_en") if lang == "en" else None
            text = own or exc.params.get("message")
            return str(text) if text else message("value.constraint_default", lang=lang)
        return describe(exc, lang)
    return _t(lang)["bug_short"].format(kind=type(exc).__name__)


def log_file() -> Path | None:
    """The file the root logger writes to (set up by ``assessor_app.logs``), if any."""
    files = [h for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler)
             and Path(h.baseFilename) != Path(os.devnull)]
    files.sort(key=lambda h: not isinstance(h, logging.handlers.RotatingFileHandler))
    return Path(files[0].baseFilename) if files else None


def details_text(exc: BaseException) -> str:
    """What "copy details" puts on the clipboard: versions and the traceback (no answers)."""
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return (f"{APP_DISPLAY_NAME} {__version__}\nPython {platform.python_version()} on "
            f"{platform.platform()}\n\n{tb}")


class CrashDialog(QDialog):
    """Shown for a bug: what happened, where the log is, and the details to copy."""

    def __init__(self, parent: QWidget | None, exc: BaseException, log_path: Path | None,
                 lang: str | None = None) -> None:
        super().__init__(parent)
        t = _t(lang)
        self.setWindowTitle(f"{APP_DISPLAY_NAME} — {t['bug_title']}")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details = details_text(exc)
        intro = QLabel(t["bug_intro"].format(kind=type(exc).__name__), self)
        intro.setWordWrap(True)
        self.log_label = QLabel(t["log"].format(path=log_path) if log_path else t["no_log"], self)
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        caption = QLabel(t["details"], self)
        self.details_view = QPlainTextEdit(self.details, self)
        self.details_view.setReadOnly(True)
        self.details_view.setMinimumHeight(160)
        self.status = QLabel("", self)
        buttons = QDialogButtonBox(self)
        self.copy_button = QPushButton(t["copy"], self)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(t["close"])
        buttons.rejected.connect(self.reject)
        self.copy_button.clicked.connect(self.on_copy_button_clicked)
        self._copied = t["copied"]
        layout = QVBoxLayout(self)
        for w in (intro, self.log_label, caption, self.details_view, self.status):
            layout.addWidget(w)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(560, 380), QSize(360, 260))

    def on_copy_button_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.status.setText(self._copied)


def show_error(parent: QWidget | None, exc: BaseException, lang: str | None = None) -> QDialog:
    """Show ``exc`` the right way; returns the (non-blocking, window-modal) dialog."""
    if is_user_error(exc):
        log.info("user error: %s", getattr(exc, "code", exc))
        box = QMessageBox(QMessageBox.Icon.Warning, f"{APP_DISPLAY_NAME} — {_t(lang)['title']}",
                          describe_error(exc, lang), QMessageBox.StandardButton.Ok, parent)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box
    log.error("unexpected error", exc_info=(type(exc), exc, exc.__traceback__))
    dialog = CrashDialog(parent, exc, log_file(), lang)
    dialog.open()
    return dialog


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


_shown: list[QWidget] = []


class ErrorLabel(Protocol):
    """Where a form shows a refusal (``ui.views.common.InlineError``)."""

    def show_error(self, text: str) -> None: ...


def show_failure(parent: QWidget | None, exc: BaseException, label: ErrorLabel,
                 lang: str | None = None) -> None:
    """A failed operation of a form: a refusal (:class:`AppError`) shows in ``label`` and
    the form stays as the user left it; anything else is a bug (the crash dialog)."""
    if isinstance(exc, AppError):
        label.show_error(describe(exc, lang))
    else:
        show_error(parent, exc, lang)


def install_excepthook(lang: str | None = None) -> ExceptHook:
    """Uncaught exceptions: logged with the traceback; a user error gets a plain message, a
    bug the crash dialog (log path, copy details). Returns the previous hook."""
    previous = sys.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            previous(exc_type, exc, tb)
            return
        log.critical("unhandled exception", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            previous(exc_type, exc, tb)
            return
        try:
            dialog = show_error(QApplication.activeWindow(), exc.with_traceback(tb), lang)
        except Exception:  # the hook itself must never take the app down
            log.exception("showing an error failed")
            return
        # Without a parent window nothing else owns the dialog: keep it until it closes.
        _shown.append(dialog)
        dialog.finished.connect(lambda _r=0, d=dialog: _shown.remove(d) if d in _shown else None)

    sys.excepthook = hook
    return previous


__all__ = ["CrashDialog", "ErrorLabel", "describe_error", "details_text", "install_excepthook",
           "is_user_error", "log_file", "show_error", "show_failure"]
