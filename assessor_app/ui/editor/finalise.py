"""The "cannot finalise yet" dialog (every missing answer and failed constraint as a link) and
"Tinjau isi", the record read back before finalising and before signing."""

from __future__ import annotations

import html
from urllib.parse import quote, unquote

from PySide6.QtCore import QSize, Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.display import display_line, display_text
from assessor_app.core.engine import Issue
from assessor_app.core.template import Template
from assessor_app.formatting import ReviewLine, issue_text
from assessor_app.i18n import _
from assessor_app.ui.editor.navigator import section_title
from assessor_app.ui.geometry import fit_to_screen

ROLE_TARGET = Qt.ItemDataRole.UserRole + 1
LINK = QColor("#1d4ed8")


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


#: The share of the review's width its questions take (the answers beside them).
_QUESTION_SHARE = 60


class ContentReviewDialog(QDialog):
    """"Tinjau isi": the whole record as it reads (every relevant answer in form order),
    the result, and what is still missing, each missing answer a link to its item.

    Before finalising (``finalise=True``) it is the Finalisasi step: its "Finalisasi"
    button works only when nothing is missing and Enter means "Kembali". Before signing
    it is what the signer (the asesi) reads."""

    open_item_requested = Signal(str, str)  # item, row
    finalise_requested = Signal()

    def __init__(self, lines: list[ReviewLine], summary: str, title: str, lang: str,
                 parent: QWidget | None = None, *, finalise: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(display_line(title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.lines = lines
        self.missing = [ln for ln in lines if ln.missing]
        notes: list[str] = []
        if finalise:
            notes.append(_("Setelah difinalisasi, jawaban tidak dapat diubah lagi; perubahan "
                           "hanya lewat revisi dengan alasan. Penanda tangan menandatangani "
                           "isi ini."))
        if summary:
            notes.append(summary)
        if self.missing:
            notes.append(_("{n} jawaban wajib belum diisi atau salah (merah). Klik untuk "
                           "menuju ke sana.").format(n=len(self.missing)))
        elif finalise:
            notes.append(_("Semua jawaban wajib sudah diisi."))
        self.intro = QLabel("\n".join(notes), self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("contentReview")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._on_anchor)
        self.browser.setHtml(self._html(lines))
        buttons = QDialogButtonBox(self)
        self.back_button = buttons.addButton(_("Kembali ke formulir") if finalise
                                             else _("Tutup"),
                                             QDialogButtonBox.ButtonRole.RejectRole)
        self.finalise_button: QPushButton | None = None
        if finalise:
            self.finalise_button = buttons.addButton(_("Finalisasi"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
            self.finalise_button.setEnabled(not self.missing)
            self.finalise_button.setAutoDefault(False)
            self.finalise_button.clicked.connect(self._finalise)
        self.back_button.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, QSize(760, 640), QSize(420, 320))

    @staticmethod
    def _html(lines: list[ReviewLine]) -> str:
        rows = []
        for ln in lines:
            if not ln.item:
                tag = "h3" if ln.level == 0 else "h4"
                rows.append(f"<{tag}>{html.escape(ln.title)}</{tag}>")
                continue
            pad = 18 * max(0, ln.level - 2)
            # answers are stored text: controls and bidi overrides show as U+FFFD
            value = html.escape(display_text(ln.value)) if ln.value else "—"
            if ln.missing:
                target = quote(f"{ln.item}\t{ln.row}")
                shown = html.escape(display_text(ln.value)) or _("belum diisi")
                value = f'<a href="item:{target}" style="color:#b3261e">{shown}</a>'
                if ln.problem:  # the template's words for it (required_message, ...)
                    value += (f'<br><span style="color:#b3261e;font-weight:normal">'
                              f"{html.escape(ln.problem)}</span>")
            note = (f'<br><i style="color:#5b6470">{html.escape(display_text(ln.note))}</i>'
                    if ln.note else "")
            # the question takes the same share of every section's table, so the answers
            # line up down the whole review (each table sized its own columns)
            rows.append(f'<tr><td width="{_QUESTION_SHARE}%" style="padding-left:{pad}px">'
                        f"{html.escape(ln.title)}</td><td><b>{value}</b>{note}</td></tr>")
        out, table = [], []
        for part in rows:  # consecutive answers share one table under their heading
            if part.startswith("<tr>"):
                table.append(part)
                continue
            if table:
                out.append('<table width="100%" cellspacing="0" cellpadding="3">'
                           + "".join(table) + "</table>")
                table = []
            out.append(part)
        if table:
            out.append('<table width="100%" cellspacing="0" cellpadding="3">'
                       + "".join(table) + "</table>")
        return "".join(out)

    def _on_anchor(self, url: QUrl) -> None:
        if url.scheme() != "item":
            return
        item, _sep, row = unquote(url.path()).partition("\t")
        self.reject()  # close first, so the focus can go to the item in the editor
        self.open_item_requested.emit(item, row)

    def _finalise(self) -> None:
        if self.missing:
            return
        self.accept()
        self.finalise_requested.emit()
