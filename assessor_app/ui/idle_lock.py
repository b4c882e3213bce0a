"""Auto-lock after idle minutes (issue 13, RELIABILITY section 4: "auto-lock after 10 min
idle").

:class:`IdleLock` watches the user's input (key presses, clicks, the mouse, the wheel)
through an application-wide event filter. When nothing came for ``minutes`` (setting
``security/auto_lock_minutes``, default 10, 0 = never) it locks:

1. every editor's typing still in its debounce is saved at once (``SaveQueue.flush``);
   answers are saved per change anyway, and nothing is closed: a dialog half filled in
   stays open under its cover, exactly as it was;
2. every window gets an opaque cover (a child widget over its whole area) and a title
   without names (the taskbar shows titles); a window that opens while locked (a report
   finished, a message) is covered as it shows;
3. the database key is taken out of the OS keyring if "Ingat di komputer ini" put it
   there (otherwise a stranger could quit and restart without the passphrase); it is put
   back after the unlock;
4. an application-modal :class:`LockDialog` asks for the passphrase. It is checked against
   the key file like at start (Argon2id, wrong tries counted and slowed down:
   ``services.keys.unlock_with``) and must give this store's key. Esc does not close it;
   "Tutup aplikasi" closes the app (every answer is saved).

The key itself stays in memory while locked (the open database connections need it);
the lock keeps people at the keyboard out, the OS session lock and disk encryption do the
rest. Only an encrypted store locks (a plain one has no passphrase to ask for).

Testable without sleeps: ``clock`` is injectable and :meth:`IdleLock.check` is what the
timer calls.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any, cast

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.messages import describe

log = logging.getLogger(__name__)

DEFAULT_MINUTES = 10
CHECK_INTERVAL_MS = 15_000

_ACTIVITY = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
})


class _Cover(QWidget):
    """An opaque sheet over a whole window while the app is locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("idleLockCover")
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground, False)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), Qt.GlobalColor.darkGray)
        self.setPalette(palette)
        layout = QVBoxLayout(self)
        label = QLabel(_("Terkunci"), self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet("color: white; font-size: 18pt; font-weight: 600;")
        layout.addWidget(label)
        self.fit()

    def fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()

    def paintEvent(self, event: Any) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()))
        painter.end()


class LockDialog(QDialog):
    """The passphrase, asked again after idle minutes. Never closed by Esc or the window
    button: only the right passphrase or "Tutup aplikasi" ends it."""

    unlock_requested = Signal(str)
    quit_requested = Signal()

    def __init__(self, minutes: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Terkunci") + f" - {APP_DISPLAY_NAME}")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setMinimumSize(QSize(420, 200))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Aplikasi dikunci karena tidak dipakai {n} menit. Semua jawaban "
                         "sudah tersimpan. Masukkan kata sandi basis data untuk "
                         "melanjutkan.").format(n=minutes), self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMaxLength(1024)
        self.passphrase.setAccessibleName(_("Kata sandi"))
        self.passphrase.setPlaceholderText(_("Kata sandi"))
        layout.addWidget(self.passphrase)
        self.error = QLabel("", self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)
        buttons = QDialogButtonBox(self)
        self.unlock_button = QPushButton(_("Buka kunci"), self)
        self.unlock_button.setDefault(True)
        self.quit_button = QPushButton(_("Tutup aplikasi"), self)
        self.quit_button.setAutoDefault(False)
        buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.unlock_button.clicked.connect(self._unlock)
        self.passphrase.returnPressed.connect(self._unlock)
        self.quit_button.clicked.connect(self.quit_requested)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def _unlock(self) -> None:
        text = self.passphrase.text()
        self.passphrase.clear()
        if text:
            self.unlock_requested.emit(text)

    def show_error(self, text: str) -> None:
        self.error.setText(text[:1].upper() + text[1:])
        self.error.show()
        self.passphrase.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.unlock_button.setEnabled(not busy)
        self.passphrase.setEnabled(not busy)

    def reject(self) -> None:  # Esc: stays locked
        self.passphrase.setFocus()

    def closeEvent(self, event: QCloseEvent) -> None:
        if getattr(self, "_closing", False):
            super().closeEvent(event)
        else:
            event.ignore()

    def finish(self) -> None:
        self._closing = True
        self.done(QDialog.DialogCode.Accepted)


class IdleLock(QObject):
    """Locks the app's windows after ``minutes`` without input (see the module
    docstring). ``window``: the main window (closed by "Tutup aplikasi")."""

    locked_changed = Signal(bool)

    def __init__(self, window: QWidget, services: Any, minutes: int = DEFAULT_MINUTES, *,
                 executor: Any = None, clock: Callable[[], float] = time.monotonic,
                 lang: str = "id") -> None:
        super().__init__(window)  # reached as parent(): a reference of its own is a cycle
        self.services = services
        self.executor = executor
        self.lang = lang
        self.clock = clock
        self.minutes = 0
        self.locked = False
        self.dialog: LockDialog | None = None
        self._covers: dict[QWidget, tuple[_Cover, str]] = {}
        self._keyring_id: str | None = None  # the keyring held the key before the lock
        self._last = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.set_minutes(minutes)

    # ------------------------------------------------------------ idle time

    def set_minutes(self, minutes: int) -> None:
        """0 switches the lock off."""
        self.minutes = max(0, int(minutes))
        if self.minutes:
            self.timer.start()
        else:
            self.timer.stop()

    def touch(self) -> None:
        """Input came now (the event filter calls this for every key, click, move)."""
        self._last = self.clock()

    def idle_seconds(self) -> float:
        return max(0.0, self.clock() - self._last)

    def check(self) -> None:
        if not self.locked and self.minutes and self.idle_seconds() >= self.minutes * 60:
            self.lock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _ACTIVITY:
            if not self.locked:
                self._last = self.clock()
        elif kind == QEvent.Type.Show and self.locked:
            if isinstance(watched, QWidget) and watched.isWindow():
                self._cover(watched)
        elif kind == QEvent.Type.Resize and watched in self._covers:
            self._covers[watched][0].fit()
        return False

    # ------------------------------------------------------------ locking

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        log.info("locked after %d idle minutes", self.minutes)
        self._save_typing()
        self._keyring_id = self._take_keyring_copy()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                self._cover(widget)
        dialog = LockDialog(self.minutes, None)
        dialog.unlock_requested.connect(self._try)
        dialog.quit_requested.connect(self._quit)
        self.dialog = dialog
        dialog.show()
        dialog.activateWindow()
        self.locked_changed.emit(True)

    @staticmethod
    def _save_typing() -> None:
        """Send every editor's text still in its debounce now (nothing waits for a
        focus-out that may never come)."""
        from assessor_app.ui.editor.saving import SaveQueue

        for widget in QApplication.topLevelWidgets():
            for queue in widget.findChildren(SaveQueue):
                queue.flush()

    def _cover(self, widget: QWidget) -> None:
        if widget in self._covers or widget is self.dialog or isinstance(widget, _Cover) \
                or not widget.isWindow() or isinstance(widget, LockDialog):
            return
        if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
            widget.hide()  # a tooltip or an open menu: closed, not covered
            return
        cover = _Cover(widget)
        self._covers[widget] = (cover, widget.windowTitle())
        widget.setWindowTitle(f"{APP_DISPLAY_NAME} - " + _("terkunci"))
        cover.show()
        widget.installEventFilter(self)
        widget.destroyed.connect(lambda _o=None, w=widget: self._covers.pop(w, None))

    def covered_windows(self) -> list[QWidget]:
        return [w for w in self._covers if shiboken6.isValid(w)]

    def cover_of(self, widget: QWidget) -> QWidget:
        return self._covers[widget][0]

    # ------------------------------------------------------------ unlocking

    def _try(self, passphrase: str) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        from assessor_app.services.keys import unlock_with
        from assessor_app.ui.tasks import Op

        paths, key = self.services.paths, self.services.store.key

        def work() -> bool:
            _key_file, dek = unlock_with(paths, passphrase)  # wrong tries are counted
            return bool(dek == key)

        def done(right: bool) -> None:
            if right:
                self.unlock()
            elif self.dialog is not None:
                self.dialog.show_error(describe(AppError("key.db_mismatch", path=str(
                    paths.db_path)), self.lang))

        def failed(exc: BaseException) -> None:
            if self.dialog is not None:  # a refusal in the dialog, a bug in the crash dialog
                from assessor_app.ui.errors import show_failure

                show_failure(self.dialog, exc, self.dialog, self.lang)

        dialog.set_busy(True)
        (Op(dialog, work, executor=self.executor, lang=self.lang)
         .success(done).failure(failed)
         .finished(lambda: self.dialog.set_busy(False) if self.dialog is not None else None)
         .run())

    def unlock(self) -> None:
        """Take the covers away and put the titles and the keyring copy back."""
        if not self.locked:
            return
        for widget, (cover, title) in list(self._covers.items()):
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
                widget.setWindowTitle(title)
            if shiboken6.isValid(cover):
                cover.hide()
                cover.deleteLater()
        self._covers.clear()
        if self._keyring_id is not None:
            from assessor_app.core import keys

            key = self.services.store.key
            if key is not None:
                keys.keyring_store(self._keyring_id, key)
            self._keyring_id = None
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.finish()
            dialog.deleteLater()
        self.locked = False
        self.touch()
        log.info("unlocked")
        self.locked_changed.emit(False)

    def _take_keyring_copy(self) -> str | None:
        from assessor_app.core import keys

        key = self.services.store.key
        if key is None:
            return None
        key_id = keys.key_id_of(key)
        try:
            return key_id if keys.keyring_forget(key_id) else None
        except AppError as exc:  # the keyring refused: it keeps the key, say so in the log
            log.warning("the OS keyring kept the database key while locked: %s", exc.code)
            return None

    def _quit(self) -> None:
        """Close the app from the lock screen (every answer is saved). A window that
        refuses to close (an editor with a failed save) keeps the app locked."""
        if cast(QWidget, self.parent()).close():
            dialog, self.dialog = self.dialog, None
            if dialog is not None:
                dialog.finish()
            app = QApplication.instance()
            if app is not None:
                app.quit()


__all__ = ["CHECK_INTERVAL_MS", "DEFAULT_MINUTES", "IdleLock", "LockDialog"]
