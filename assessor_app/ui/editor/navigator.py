"""The section navigator: the template's sections as a tree with progress per section."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from assessor_app.core.template import Section, Template
from assessor_app.i18n import _, pgettext
from assessor_app.services.form_view import HEADER

ROLE_SECTION = Qt.ItemDataRole.UserRole + 1
DONE = QColor("#1f7a3a")
OPEN = QColor("#5b6470")
FLAGGED = QColor("#a15c00")  # a KUK not achieved in the section


def section_title(section: Section, lang: str) -> str:
    title = section.title.get(lang)
    if section.unit is not None:
        return f"{section.unit.code} {title}" if section.unit.code not in title else title
    if section.element is not None:  # the element's own title: FR.APL.02's sections are
        # titled "Elemen 1: ..." already ("Elemen 1. Elemen 1: ..." on screen)
        return f"{section.element.no}. {section.element.title.get(lang)}"
    return f"{section.code} {title}" if section.code else title


class SectionNavigatorModel(QStandardItemModel):
    """Column 0: section title; column 1: "answered/required" of its required items."""

    def __init__(self, template: Template, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.lang = lang
        self.setHorizontalHeaderLabels([pgettext("Editor", "Bagian"),
                                        _("Terisi")])
        self._rows: dict[str, QStandardItem] = {}
        self._progress: dict[str, QStandardItem] = {}
        root = self.invisibleRootItem()
        if template.header:
            self._add(root, HEADER, _("Data umum"), top=True)
        for sec in template.sections:
            self._add_section(root, sec, top=True)

    def _add(self, parent: QStandardItem, name: str, title: str, top: bool) -> QStandardItem:
        item = QStandardItem(title)
        item.setData(name, ROLE_SECTION)
        item.setToolTip(title)
        item.setEditable(False)
        if top:
            font = QFont(item.font())
            font.setWeight(QFont.Weight.DemiBold)
            item.setFont(font)
        progress = QStandardItem("")
        progress.setData(name, ROLE_SECTION)
        progress.setEditable(False)
        progress.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        parent.appendRow([item, progress])
        self._rows[name] = item
        self._progress[name] = progress
        return item

    def _add_section(self, parent: QStandardItem, sec: Section, top: bool) -> None:
        item = self._add(parent, sec.name, section_title(sec, self.lang), top)
        for sub in sec.sections:
            self._add_section(item, sub, top=False)

    def index_of(self, name: str) -> QModelIndex:
        item = self._rows.get(name)
        return item.index() if item is not None else QModelIndex()

    def names(self) -> list[str]:
        return list(self._rows)

    def set_progress(self, name: str, answered: int, required: int, flag: str = "") -> None:
        """``flag``: the short verdict (OL/BK) of a section holding a KUK not achieved; it
        replaces the tick, so a complete unit with a KUK "tidak" never looks achieved."""
        cell = self._progress.get(name)
        if cell is None:
            return
        tip = _("{answered} dari {required} jawaban wajib").format(
            answered=answered, required=required)
        if flag:
            text, color = f"{flag} {answered}/{required}", FLAGGED
            tip += "\n" + _("Ada KUK yang belum tercapai")
        elif required == 0:
            text, color = "", OPEN
        elif answered >= required:
            text, color = f"✓ {answered}/{required}", DONE
        else:
            text, color = f"{answered}/{required}", OPEN
        if cell.text() != text:
            cell.setText(text)
            cell.setForeground(QBrush(color))
            cell.setToolTip(tip)

    def progress_text(self, name: str) -> str:
        cell = self._progress.get(name)
        return cell.text() if cell is not None else ""


class WrappingDelegate(QStyledItemDelegate):
    """Section titles wrap instead of being cut off (the row grows to fit)."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        if index.column() != 0:
            return base
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        width = self.view.columnWidth(0) - self.view.indentation() * (depth + 1) - 10
        font = index.data(Qt.ItemDataRole.FontRole)
        metrics = QFontMetrics(font if isinstance(font, QFont) else option.font)
        rect = metrics.boundingRect(QRect(0, 0, max(width, 60), 10_000),
                                    int(Qt.TextFlag.TextWordWrap), str(index.data() or ""))
        return QSize(base.width(), max(base.height(), rect.height() + 8))
