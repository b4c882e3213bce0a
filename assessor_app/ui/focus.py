"""Links a keyboard reaches and shows: a rich-text label whose links Tab reaches (Enter
opens the focused link). The style sheets (resources/styles/app.qss, the editor's
ui/editor/style.py) give it and the link-style tool buttons a focus frame:
``QLabel[link="true"]:focus``, ``#linkButton:focus``."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit, QLabel, QTimeEdit, QWidget

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


class DateEdit(QDateEdit):
    """A date field that Tab leaves (see :func:`tab_leaves`)."""

    def event(self, event: QEvent) -> bool:
        return tab_leaves(self, event) or super().event(event)


class TimeEdit(QTimeEdit):
    """A time field that Tab leaves."""

    def event(self, event: QEvent) -> bool:
        return tab_leaves(self, event) or super().event(event)


class DateTimeEdit(QDateTimeEdit):
    """A date-and-time field that Tab leaves."""

    def event(self, event: QEvent) -> bool:
        return tab_leaves(self, event) or super().event(event)


__all__ = ["LINK_FLAGS", "DateEdit", "DateTimeEdit", "LinkLabel", "TimeEdit", "tab_leaves"]
