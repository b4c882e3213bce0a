"""Evidence of one item: a strip of thumbnails with captions; open, remove, edit caption.

Thumbnails are made off the GUI thread (``services.media.thumbnail``); this widget only
turns the small JPEG bytes into pixmaps.
"""

from __future__ import annotations

import builtins
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.i18n import _
from assessor_app.services.assessments import Evidence

THUMB = QSize(112, 84)
ROLE_EVIDENCE = Qt.ItemDataRole.UserRole + 1


def evidence_title(ev: Evidence) -> str:
    return ev.caption or ev.original_name or ev.media_sha256[:12]


class EvidenceList:
    """What the evidence panel of an item and the evidence gallery of an assessment share
    (mixed into each): a list of thumbnails, each item's ``ROLE_EVIDENCE`` its Evidence,
    and a button that opens and one that removes the one selected. The class provides
    ``list``, ``open_button``, ``remove_button``, ``read_only``, the signals
    ``open_requested``/``remove_requested`` and ``_after_change()``."""

    list: QListWidget
    open_button: QAbstractButton
    remove_button: QAbstractButton
    read_only: bool
    open_requested: Any
    remove_requested: Any

    def _after_change(self) -> None:
        raise NotImplementedError

    def thumbnail(self, thumb: bytes | None) -> QIcon:
        """The thumbnail's image, or a file icon when there is none (a PDF)."""
        pix = QPixmap()
        if thumb and pix.loadFromData(thumb):
            return QIcon(pix)
        return self.list.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def evidence(self) -> builtins.list[Evidence]:
        return [self.list.item(i).data(ROLE_EVIDENCE) for i in range(self.list.count())]

    def remove(self, evidence_id: str) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ROLE_EVIDENCE).id == evidence_id:
                self.list.takeItem(i)
                break
        self._after_change()

    def selected(self) -> Evidence | None:
        items = self.list.selectedItems()
        return items[0].data(ROLE_EVIDENCE) if items else None

    def _update_buttons(self) -> None:
        has = self.selected() is not None
        self.open_button.setEnabled(has)
        self.remove_button.setEnabled(has and not self.read_only)
        self.remove_button.setVisible(not self.read_only)

    def _on_list_item_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(item.data(ROLE_EVIDENCE))

    def _on_open_button_clicked(self) -> None:
        ev = self.selected()
        if ev is not None:
            self.open_requested.emit(ev)

    def _on_remove_button_clicked(self) -> None:
        ev = self.selected()
        if ev is not None and not self.read_only:
            self.remove_requested.emit(ev)


class EvidencePanel(QWidget, EvidenceList):
    """The thumbnails of one item's evidence (hidden while there is none)."""

    open_requested = Signal(object)  # Evidence
    remove_requested = Signal(object)  # Evidence
    caption_edited = Signal(object, str)  # Evidence, caption
    changed = Signal()

    def __init__(self, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.read_only = False
        self.list = QListWidget(self)
        self.list.setObjectName("evidenceList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setFlow(QListView.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setIconSize(THUMB)
        self.list.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 38))
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setFixedHeight(THUMB.height() + 44)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed |
                                  QAbstractItemView.EditTrigger.SelectedClicked)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemChanged.connect(self._on_list_item_changed)
        self.list.itemSelectionChanged.connect(self._update_buttons)

        self.open_button = QToolButton(self)
        self.open_button.setText(_("Buka"))
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.remove_button = QToolButton(self)
        self.remove_button.setText(_("Hapus"))
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        side = QVBoxLayout()
        side.addWidget(self.open_button)
        side.addWidget(self.remove_button)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(side)
        self._update_buttons()
        self.setVisible(False)

    # ------------------------------------------------------------ content

    def count(self) -> int:
        return self.list.count()

    def set_evidence(self, evidence: list[Evidence], thumbs: dict[str, bytes]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        self.list.blockSignals(False)
        for ev in evidence:
            self.add(ev, thumbs.get(ev.media_sha256))
        self._after_change()

    def add(self, ev: Evidence, thumb: bytes | None) -> QListWidgetItem:
        item = QListWidgetItem(self.thumbnail(thumb), evidence_title(ev))
        item.setData(ROLE_EVIDENCE, ev)
        item.setToolTip("\n".join(x for x in (ev.caption, ev.original_name,
                                              f"{ev.size // 1024} KB · {ev.mime}") if x))
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        item.setFlags(flags)
        self.list.blockSignals(True)
        self.list.addItem(item)
        self.list.blockSignals(False)
        self._after_change()
        return item

    def _after_change(self) -> None:
        self.setVisible(self.list.count() > 0)
        self._update_buttons()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for i in range(self.list.count()):
            item = self.list.item(i)
            flags = item.flags()
            if read_only:
                flags &= ~Qt.ItemFlag.ItemIsEditable
            else:
                flags |= Qt.ItemFlag.ItemIsEditable
            self.list.blockSignals(True)
            item.setFlags(flags)
            self.list.blockSignals(False)
        self._update_buttons()

    # ------------------------------------------------------------ actions

    def _on_list_item_changed(self, item: QListWidgetItem) -> None:
        ev: Evidence = item.data(ROLE_EVIDENCE)
        text = item.text().strip()
        if text != evidence_title(ev) and not self.read_only:
            updated = replace(ev, caption=text or None)
            self.list.blockSignals(True)
            item.setData(ROLE_EVIDENCE, updated)
            self.list.blockSignals(False)
            self.caption_edited.emit(updated, text)
