"""Konflik: incoming revisions the import held for a person (never merged silently).

The list shows open conflicts (optionally the resolved ones too). The selected conflict is
shown side by side: stored vs incoming subject, template and version, revision, reason for
the revision, status, content hash, score, signatures, and the answers that differ. The
clerk keeps the stored revision or takes the incoming one, with a note; the service keeps
the replaced version in the audit log.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from assessor_app.formatting import result_text
from assessor_app.i18n import _, pgettext
from assessor_app.services.review import ConflictComparison, RevisionSummary, conflict_comparison
from assessor_app.services.runtime import Services
from assessor_app.services.sync import ConflictInfo
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.office.models import ConflictListModel, conflict_reason_label
from assessor_app.ui.tasks import ASSESSMENTS, CONFLICTS, DEVICES, Executor
from assessor_app.ui.views.base import Page
from assessor_app.ui.views.common import (
    InlineError,
    empty_label,
    fit_columns,
    hbox,
    make_table,
    vbox,
)
from assessor_app.vocabulary import status_label

DIFF_BACKGROUND = "#fff4d6"


class ConflictsPage(Page):
    open_count_changed = Signal(int)  # conflicts waiting for a decision (the sidebar badge)

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Konflik impor"), hint=_(
            "Revisi yang masuk tetapi bertentangan dengan yang tersimpan ditahan di sini. "
            "Bandingkan keduanya, lalu pilih mana yang berlaku; versi yang diganti tetap "
            "tercatat di log audit."))
        self.comparison: ConflictComparison | None = None
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.show_resolved = QCheckBox(_("Tampilkan yang sudah diputuskan"), self)
        self.show_resolved.toggled.connect(lambda _on: self.refresh())
        self.add_to_head(self.count_label, self.show_resolved)

        self.model = ConflictListModel(lang, self)
        self.table = make_table(self, self.model, _("Daftar konflik"))
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_row(current.row()))
        self.empty_label = empty_label(_("Tidak ada konflik. Semua bundel yang diimpor "
                                         "cocok dengan data yang tersimpan."), self)

        # --- side by side
        self.side = self._compare_table((_("Data"), _("Tersimpan"), _("Masuk")),
                                        _("Perbandingan tersimpan dan masuk"))
        self.changes_title = QLabel(self)
        self.changes_title.setObjectName("sectionTitle")
        self.changes = self._compare_table((_("Butir"), _("Tersimpan"), _("Masuk")),
                                           _("Jawaban yang berbeda"))

        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("Catatan keputusan (mis. sudah dicek dengan "
                                       "asesor)"))
        self.note.setAccessibleName(_("Catatan keputusan"))
        self.keep_button = QPushButton(_("Pertahankan yang &tersimpan"), self)
        self.take_button = QPushButton(_("&Ambil yang masuk"), self)
        self.take_button.setObjectName("primary")
        self.keep_button.clicked.connect(lambda: self.resolve("keep_stored"))
        self.take_button.clicked.connect(lambda: self.resolve("take_incoming"))
        self.decision_label = QLabel(self)
        self.decision_label.setWordWrap(True)
        self.decision_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error = InlineError(self)

        left = QWidget(self)
        vbox(left, (self.table, 1), self.empty_label, margins=False)
        # nothing to compare and decide while there is no conflict: the panel goes (at
        # 1024x600 at 150 % its empty tables cut the "no conflicts" line in half)
        self.compare_panel = right = QWidget(self)
        vbox(right, self.side, self.changes_title, (self.changes, 1), self.note, self.error,
             self.decision_label, hbox(None, self.keep_button, self.take_button),
             margins=False)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        self.add_to_body((split, 1))
        self._show(None)
        self.refresh()
        self.watch_store((CONFLICTS, DEVICES), lambda _t: self.refresh())

    def _compare_table(self, headers: tuple[str, str, str], name: str) -> QTableWidget:
        """What is stored beside what came in, one row per fact."""
        table = QTableWidget(0, 3, self)
        table.setHorizontalHeaderLabels(list(headers))
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        table.setWordWrap(True)
        table.setTabKeyNavigation(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 170)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.setAccessibleName(name)
        return table

    # ------------------------------------------------------------ loading

    def refresh(self) -> None:
        """Re-read the conflict list (small; the comparison is loaded on the DB lane)."""
        current = self.comparison.conflict.id if self.comparison else None
        sync, resolved = self.services.sync, self.show_resolved.isChecked()
        read = self.read(lambda: (sync.conflicts(include_resolved=resolved), sync.devices()),
                         self.count_label)
        if read is None:
            return
        rows, devices = read
        self.model.device_names = {d.device_id: d.name for d in devices}
        self.model.set_rows(rows)
        fit_columns(self.table, 0, 200)
        open_count = sum(1 for c in rows if c.resolved_at is None)
        self.count_label.setText(_("{n} menunggu keputusan").format(n=open_count))
        self.open_count_changed.emit(open_count)
        self.empty_label.setVisible(not rows)
        self.table.setVisible(bool(rows))
        self.compare_panel.setVisible(bool(rows))
        ids = [c.id for c in rows]
        if current in ids:
            self.table.selectRow(ids.index(current))
        elif rows:
            self.table.selectRow(0)
            self._on_row(0)
        else:
            self._show(None)

    def open_count(self) -> int:
        return sum(1 for c in self.model.rows() if c.resolved_at is None)

    def _on_row(self, row: int) -> None:
        if not 0 <= row < self.model.rowCount():
            return
        info: ConflictInfo = self.model.row_at(row)
        if self.comparison is not None and self.comparison.conflict.id == info.id and \
                self.comparison.conflict.resolved_at == info.resolved_at:
            return
        sync, lang = self.services.sync, self.lang
        self.op(lambda: conflict_comparison(sync, info.id, lang)).success(self._show).run()

    def _show(self, comparison: ConflictComparison | None) -> None:
        self.comparison = comparison
        self.error.clear_error()
        self.side.setRowCount(0)
        self.changes.setRowCount(0)
        open_ = comparison is not None and comparison.conflict.resolved_at is None
        for w in (self.keep_button, self.take_button, self.note):
            w.setEnabled(open_)
        if comparison is None:
            self.changes_title.setText("")
            self.decision_label.setText("")
            return
        c = comparison.conflict
        stored, incoming = comparison.stored, comparison.incoming
        rows: list[tuple[str, str, str]] = [
            (_("Alasan konflik"), conflict_reason_label(c.reason), ""),
            (_("Subjek"), *self._pair(stored, incoming, lambda s: s.subject_name)),
            (_("Templat"), *self._pair(stored, incoming,
                           lambda s: f"{s.template_code} v{s.template_version}")),
            (_("Revisi"), *self._pair(stored, incoming, lambda s: str(s.revision) + (
                f" (← {s.supersedes})" if s.supersedes else ""))),
            (pgettext("ConflictsPage", "Alasan revisi"), *self._pair(stored, incoming,
                                             lambda s: s.revision_reason or "—")),
            (_("Status"), *self._pair(stored, incoming, lambda s: status_label(s.status))),
            (_("Sidik isi (SHA-256)"), *self._pair(stored, incoming,
                                       lambda s: s.content_sha256)),
            (_("Nilai / hasil"), *self._pair(stored, incoming, lambda s: result_text(
                s.score_percent, s.verdict, s.template_kind))),
            (_("Difinalisasi"), *self._pair(stored, incoming, lambda s: format_datetime(
                s.finalised_at, self.lang))),
            (_("Jawaban / bukti"), *self._pair(stored, incoming, lambda s: _(
                "{a} jawaban, {e} bukti").format(a=s.answers, e=s.evidence))),
            (pgettext("ConflictsPage", "Tanda tangan"), *self._pair(stored, incoming,
                                lambda s: ", ".join(s.signatures) or "—")),
            (_("Laptop pengirim"), "", self._device(c.device_id)),
        ]
        self.side.setRowCount(len(rows))
        for r, (label, left, right) in enumerate(rows):
            self._put(self.side, r, label, left, right, diff=r > 0 and left != right
                      and bool(left) and bool(right))
        self.side.resizeRowsToContents()
        height = self.side.horizontalHeader().height() + 2 * self.side.frameWidth() + sum(
            self.side.rowHeight(r) for r in range(self.side.rowCount()))
        self.side.setMinimumHeight(min(height, 360))
        self.changes_title.setText(_("Jawaban yang berbeda: {n}").format(
            n=len(comparison.changes)))
        self.changes.setRowCount(len(comparison.changes))
        none = _("(kosong)")
        for r, ch in enumerate(comparison.changes):
            label = ch.label or ch.item
            if ch.row is not None:
                label += " " + _("[baris {n}]").format(n=ch.row)
            left = ch.stored if ch.stored is not None else none
            right = ch.incoming if ch.incoming is not None else none
            if ch.note_changed and ch.stored == ch.incoming:
                left = right = _("(catatan berbeda)")
            self._put(self.changes, r, label, left, right, diff=True)
        self.changes.resizeRowsToContents()
        if c.resolved_at:
            word = _("yang tersimpan dipertahankan") if c.resolution == "kept_stored" \
                else _("yang masuk diambil")
            self.decision_label.setText(_("Diputuskan {when}: {what}.").format(
                when=format_datetime(c.resolved_at, self.lang), what=word)
                + (f" {c.note}" if c.note else ""))
        else:
            self.decision_label.setText("")

    def _device(self, device_id: str) -> str:
        name = self.model.device_names.get(device_id)
        return f"{name} ({device_id})" if name else device_id

    def _pair(self, stored: RevisionSummary | None, incoming: RevisionSummary,
              fn: Any) -> tuple[str, str]:
        return (fn(stored) if stored is not None else _("(tidak ada)"), fn(incoming))

    @staticmethod
    def _put(table: QTableWidget, row: int, label: str, left: str, right: str,
             diff: bool) -> None:
        first = QTableWidgetItem(label)
        font = QFont(first.font())
        font.setBold(True)
        first.setFont(font)
        table.setItem(row, 0, first)
        for col, text in ((1, left), (2, right)):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if diff:
                item.setBackground(QBrush(QColor(DIFF_BACKGROUND)))
            table.setItem(row, col, item)

    # ------------------------------------------------------------ deciding

    def resolve(self, action: str) -> None:
        if self.comparison is None or self.comparison.conflict.resolved_at is not None:
            return
        cid = self.comparison.conflict.id
        note = self.note.text().strip() or None
        sync = self.services.sync
        for w in (self.keep_button, self.take_button):
            w.setEnabled(False)
        (self.op(lambda: sync.resolve_conflict(cid, action, note))
         .changes(CONFLICTS, ASSESSMENTS)
         .success(lambda _info: self._on_resolved())
         .failure(self._on_failed)
         .run())

    def _on_resolved(self) -> None:
        """Decided: the list comes back through the store-change bus."""
        self.note.clear()
        self.comparison = None

    def _on_failed(self, exc: BaseException) -> None:
        for w in (self.keep_button, self.take_button):
            w.setEnabled(True)
        self.show_failure(exc, self.error)
