"""Focus in forms: links a keyboard reaches and shows (a rich-text label whose links Tab
reaches, Enter opens the focused link; the style sheets resources/styles/app.qss and the
editor's ui/editor/style.py give it and the link-style tool buttons a focus frame:
``QLabel[link="true"]:focus``, ``#linkButton:focus``), date and time fields that Tab leaves,
and fields a stray mouse wheel does not change (:func:`wheel_needs_focus`)."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel, QTimeEdit, QWidget

W = TypeVar("W", bound=QWidget)

LINK_FLAGS = (Qt.TextInteractionFlag.LinksAccessibleByMouse |
              Qt.TextInteractionFlag.LinksAccessibleByKeyboard)


class LinkLabel(QLabel):
    """A rich-text label whose links Tab reaches while it holds any (a label without links
    is no tab stop)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(LINK_FLAGS)
        self.setProperty("link", True)
        self.setOpenExternalLinks(False)
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setText(text)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if "<a " in text
                            else Qt.FocusPolicy.NoFocus)


def tab_leaves(widget: QWidget, event: QEvent) -> bool:
    """Tab/Shift+Tab on a date or time field go to the next/previous field, as in every
    other field of a form (QDateTimeEdit steps through day, month and year on Tab, and
    swallows Tab while it shows its special value: the keyboard was trapped in it).
    Left/Right still move between the sections. True when the event was taken."""
    if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
            event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and \
            not event.modifiers() & (Qt.KeyboardModifier.ControlModifier |
                                     Qt.KeyboardModifier.AltModifier):
        forward = event.key() == Qt.Key.Key_Tab and \
            not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        QWidget.focusNextPrevChild(widget, forward)  # the widget's, not the sections'
        return True
    return False


class _WheelNeedsFocus(QObject):
    """The event filter of :func:`wheel_needs_focus`."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and \
                not watched.hasFocus():
            event.ignore()  # Qt hands an ignored wheel to the parent: the page scrolls
            return True
        return False


def wheel_needs_focus(widget: W) -> W:
    """A combo box, spin box or date field that the mouse wheel changes only while it has
    the focus (clicked or tabbed into). A wheel turned over it while the pointer crosses
    it on the way down a form scrolls the form instead: Qt's own fields take the wheel
    whenever the pointer is over them, so scrolling a page changed an answer, a date or a
    visit's scheme, and saved it, without the assessor ever choosing."""
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the wheel does not give focus
    widget.installEventFilter(_WheelNeedsFocus(widget))
    return widget


class DateEdit(QDateEdit):
    """A date field that Tab leaves (see :func:`tab_leaves`) and a stray wheel does not
    change (:func:`wheel_needs_focus`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        wheel_needs_focus(self)

    def event(self, event: QEvent) -> bool:
        return tab_leaves(self, event) or super().event(event)


class TimeEdit(QTimeEdit):
    """A time field that Tab leaves and a stray wheel does not change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        wheel_needs_focus(self)

    def event(self, event: QEvent) -> bool:
        return tab_leaves(self, event) or super().event(event)


class DateTimeEdit(QDateTimeEdit):
    """A date-and-time field that Tab leaves and a stray wheel does not change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        wheel_needs_focus(self)

    def event(self, event: QEvent) -> bool:
        return tab_leaves(self, event) or super().event(event)


__all__ = ["LINK_FLAGS", "DateEdit", "DateTimeEdit", "LinkLabel", "TimeEdit", "tab_leaves",
           "wheel_needs_focus"]
