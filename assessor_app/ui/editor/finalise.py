"""The "cannot finalise yet" dialog: every missing answer and failed constraint as a link."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.engine import Issue
from assessor_app.core.template import Template
from assessor_app.i18n import _
from assessor_app.ui.editor.navigator import section_title
from assessor_app.ui.editor.score import item_caption
from assessor_app.ui.geometry import fit_to_screen

ROLE_TARGET = Qt.ItemDataRole.UserRole + 1
LINK = QColor("#1d4ed8")


def issue_text(issue: Issue, template: Template, rows: dict[str, list[str]], lang: str) -> str:
    item = template.find_item(issue.item)
    label = item_caption(item, lang, 90) if item is not None else issue.label.get(lang)
    if issue.row:
        owner = template.repeat_of(issue.item)
        order = rows.get(owner.name, []) if owner is not None else []
        n = order.index(issue.row) + 1 if issue.row in order else "?"
        prefix = owner.label.get(lang) + " · " if owner is not None else ""
        label = _("{label} (baris {n})").format(
            label=prefix + label, n=n)
    if issue.kind == "missing":
        return _("Wajib diisi: {label}").format(label=label)
    if issue.kind == "min_rows":
        return _("{label}: minimal {n} baris").format(
            label=label, n=issue.detail.get("min_rows", 1))
    message = issue.message.get(lang) if issue.message is not None else ""
    return _(
        "Tidak memenuhi batasan: {label} — {message}").format(
        label=label, message=message).rstrip(" —")


class FinaliseDialog(QDialog):
    """Lists the issues; activating one asks the editor to open that item (and closes)."""

    open_item_requested = Signal(str, str)  # item, row

    def __init__(self, issues: list[Issue], template: Template, rows: dict[str, list[str]],
                 lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Belum dapat difinalisasi"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.issues = issues
        intro = QLabel(_(
            "{n} hal harus dibereskan sebelum penilaian dapat difinalisasi. "
                      "Klik sebuah butir untuk menuju ke sana.").format(n=len(issues)), self)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setObjectName("issueList")
        self.list.setWordWrap(True)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list.setSpacing(2)
        font = QFont(self.list.font())
        font.setUnderline(True)
        bold = QFont(self.list.font())
        bold.setBold(True)
        sections = {sec.name: sec for sec in template.walk_sections()}
        group: object = object()
        for issue in issues:
            if issue.section != group:  # a heading per section (the header has none)
                group = issue.section
                sec = sections.get(issue.section or "")
                heading = QListWidgetItem(section_title(sec, lang) if sec is not None
                                          else _("Data umum"))
                heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
                heading.setFont(bold)
                self.list.addItem(heading)
            entry = QListWidgetItem(issue_text(issue, template, rows, lang))
            entry.setData(ROLE_TARGET, (issue.item, issue.row))
            entry.setForeground(QBrush(LINK))
            entry.setFont(font)
            self.list.addItem(entry)
        self.list.itemClicked.connect(self._on_list_item_activated)
        self.list.itemActivated.connect(self._on_list_item_activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(
            _("Tutup"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(620, 420), QSize(400, 280))
        if self.list.count() > 1:
            self.list.setCurrentRow(1)

    def texts(self) -> list[str]:
        """The issue lines (without the section headings)."""
        return [e.text() for i in range(self.list.count())
                if (e := self.list.item(i)).data(ROLE_TARGET) is not None]

    def _on_list_item_activated(self, entry: QListWidgetItem) -> None:
        target = entry.data(ROLE_TARGET)
        if target is None:
            return  # a section heading
        item, row = target
        self.accept()  # close first, so the focus can go to the item in the editor
        self.open_item_requested.emit(item, row)
