"""Window and dialog sizes taken from the screen they open on.

Every window and dialog calls :func:`fit_to_screen` once, in its constructor, instead of a
hand-made ``resize()`` (a dialog that takes the size of its contents calls
:func:`keep_on_screen` instead, which caps it when it is shown): the preferred size is capped at about 90 % of the screen's
available geometry (the desktop without task bar), the minimum size never exceeds what is
available, and a main window on a small screen (a 1024x600 netbook, 1366x768 at 125 %,
1920x1080 at 150 % = 1280x720 logical) opens maximised.

The available geometry comes from :func:`available_geometry`, the one place that asks
Qt; tests replace it (``monkeypatch.setattr(geometry, "available_geometry", ...)``) to
open a window as it would open on a screen of any size, since the offscreen platform's
screen cannot be resized at run time. Call it through the module
(``geometry.available_geometry``), never a copy imported by name.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

#: the share of the available geometry a window takes at most
SHARE = 0.9
#: below this available height (logical px) a main window opens maximised
SMALL_HEIGHT = 700
#: what is assumed when Qt knows no screen at all
FALLBACK = QRect(0, 0, 1024, 600)


def available_geometry(widget: QWidget | None = None) -> QRect:
    """The available geometry of the screen ``widget`` (or its parent window) is on, or of
    the primary screen."""
    screen = None
    if widget is not None:
        parent = widget.parentWidget()
        screen = parent.window().screen() if parent is not None else widget.screen()
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return QRect(screen.availableGeometry()) if screen is not None else QRect(FALLBACK)


def is_small(room: QRect) -> bool:
    return room.height() < SMALL_HEIGHT


def fit_size(room: QSize, preferred: QSize, minimum: QSize | None = None) -> QSize:
    """``preferred`` capped at SHARE of ``room``, at least ``minimum`` (itself capped at
    ``room``)."""
    cap = QSize(int(room.width() * SHARE), int(room.height() * SHARE))
    size = preferred.boundedTo(cap)
    if minimum is not None:
        size = size.expandedTo(minimum.boundedTo(room))
    return size.boundedTo(room)


def fit_to_screen(widget: QWidget, preferred: QSize, minimum: QSize | None = None, *,
                  maximise_small: bool | None = None) -> QRect:
    """Size ``widget`` (a window or dialog, not yet shown) for the screen it opens on.

    ``minimum`` becomes the widget's minimum size, capped at the available size.
    ``maximise_small`` (default: True for a QMainWindow) opens it maximised where the
    available height is below SMALL_HEIGHT. Returns the available geometry used."""
    room = available_geometry(widget)
    if minimum is not None:
        widget.setMinimumSize(minimum.boundedTo(room.size()))
    keep_on_screen(widget)  # contents added after this call must not push it off screen
    size = fit_size(room.size(), preferred, minimum)
    widget.resize(size)
    if widget.isWindow() and not isinstance(widget, QDialog):
        # a dialog is placed over its parent by Qt; a window is centred on its screen
        widget.move(room.topLeft() + QPoint((room.width() - size.width()) // 2,
                                            (room.height() - size.height()) // 2))
    if maximise_small is None:
        maximise_small = isinstance(widget, QMainWindow)
    if maximise_small and is_small(room):
        widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)
    return room


def clamp_to_screen(widget: QWidget) -> None:
    """Shrink a window that came out larger than SHARE of its screen (its contents' size),
    never below what its layout needs nor above the screen."""
    room = available_geometry(widget)
    widget.setMinimumSize(widget.minimumSize().boundedTo(room.size()))
    cap = QSize(int(room.width() * SHARE), int(room.height() * SHARE))
    need = widget.minimumSizeHint().expandedTo(widget.minimumSize()).boundedTo(room.size())
    size = widget.size().boundedTo(cap).expandedTo(need)
    if size != widget.size():
        widget.resize(size)


class _ClampOnShow(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and \
                watched.isWindow() and not watched.isMaximized():
            clamp_to_screen(watched)  # before QDialog centres itself over its parent
        return False


def keep_on_screen(widget: QWidget, minimum: QSize | None = None) -> None:
    """For a window sized by its contents: ``minimum`` (capped at the screen) becomes its
    minimum size, and each time it is shown it is capped at SHARE of the screen."""
    if minimum is not None:
        room = available_geometry(widget)
        widget.setMinimumSize(minimum.boundedTo(room.size()))
    if widget.findChild(_ClampOnShow, "clampOnShow") is None:
        clamp = _ClampOnShow(widget)
        clamp.setObjectName("clampOnShow")
        widget.installEventFilter(clamp)


def restore_or_fit(widget: QWidget, saved: object, preferred: QSize,
                   minimum: QSize | None = None) -> None:
    """Restore a saved geometry when it fits the screen now, else :func:`fit_to_screen`.

    A geometry saved on a larger monitor (or before the scaling changed) is not restored
    at a size the screen cannot show."""
    if saved is not None and widget.restoreGeometry(saved):  # type: ignore[arg-type]
        room = available_geometry(widget)
        if widget.width() <= room.width() and widget.height() <= room.height():
            if minimum is not None:
                widget.setMinimumSize(minimum.boundedTo(room.size()))
            return
    fit_to_screen(widget, preferred, minimum)


__all__ = ["SHARE", "SMALL_HEIGHT", "available_geometry", "clamp_to_screen", "fit_size",
           "fit_to_screen", "is_small", "keep_on_screen", "restore_or_fit"]
