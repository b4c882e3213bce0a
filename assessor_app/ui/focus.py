"""Links a keyboard reaches and shows: a rich-text label whose links Tab reaches (Enter
opens the focused link). The style sheets (resources/styles/app.qss, the editor's
ui/editor/style.py) give it and the link-style tool buttons a focus frame:
``QLabel[link="true"]:focus``, ``#linkButton:focus``."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

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


__all__ = ["LINK_FLAGS", "LinkLabel"]
