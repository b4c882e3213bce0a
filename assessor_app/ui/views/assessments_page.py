"""The assessment list: search as you type, filters (status with counts, template,
institution, period), sortable columns, lazy loading. Every filter or sort is one service
query; the view never holds more than the pages the user scrolled through."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from assessor_app.core.scoring import BK, OL, K
from assessor_app.formatting import verdict_label
from assessor_app.i18n import _, pgettext
from assessor_app.services.assessments import ListFilter
from assessor_app.services.models import AssessmentListRow
from assessor_app.services.runtime import Services
from assessor_app.ui.models.assessment_list import (
    COL_REVISION,
    COL_SCORE,
    COL_STATUS,
    COL_SUBJECT,
    COL_TEMPLATE,
    COL_UPDATED,
    COL_VERDICT,
    AssessmentListModel,
)
from assessor_app.ui.models.format import format_datetime, percent_number
from assessor_app.ui.tasks import ASSESSMENTS, REGISTRY, TEMPLATES
from assessor_app.ui.views.base import Page
from assessor_app.ui.views.common import (
    NO_DATE,
    ElidedLabel,
    SearchBox,
    empty_label,
    filter_combo,
    hbox,
    make_table,
    on_activate,
    optional_date,
    optional_date_edit,
    refill_template_and_institution_filters,
    select_row,
)
from assessor_app.vocabulary import STATUSES, status_labels

# The results a list column is sized by: a competency record's K / BK / OL and a pass
# mark's lulus / tidak lulus. An institutional recommendation ("Direkomendasikan dengan
# perbaikan") is longer: it is cut with "…" at 1024 px and read whole in its tooltip.
_SAMPLE_RESULTS = (K, BK, OL, "pass", "fail")
_SAMPLE_CHANGED = "2026-12-30T16:59:00+00:00"
_CELL_PADDING = 16  # the cell's margins and grid line


def column_widths(table: QTableView, lang: str) -> dict[int, int]:
    """The starting widths of the list's columns but the stretching subject: wide enough
    for the words they show in the UI language and the table's font (at 70 px "Observasi
    lanjut" read "Observa…", "Revision" "tevision"), and no wider. On a narrow list some
    give way (:func:`least_widths`). The user can still drag them."""
    fit = _fitter(table)
    return {
        COL_TEMPLATE: 190,
        COL_STATUS: fit(COL_STATUS, status_labels().values(),
                        ["⚠ " + pgettext("Review", "Perlu perbaikan")]),
        COL_SCORE: fit(COL_SCORE, [percent_number(100.0, lang)]),
        COL_VERDICT: fit(COL_VERDICT, [verdict_label(v) for v in _SAMPLE_RESULTS]),
        COL_REVISION: fit(COL_REVISION, ["99"]),
        COL_UPDATED: fit(COL_UPDATED, [format_datetime(_SAMPLE_CHANGED, lang, dt.UTC)]),
    }


def least_widths(table: QTableView) -> dict[int, int]:
    """How far the columns that give way on a narrow list may go, so that the subject
    keeps its share: a template code reads well enough cut with "…"; a status keeps its
    words (the office's "⚠ Perlu perbaikan" may be cut: whole in its tooltip)."""
    fit = _fitter(table)
    return {COL_TEMPLATE: 110, COL_STATUS: fit(COL_STATUS, status_labels().values())}


def _fitter(table: QTableView) -> Callable[..., int]:
    """``fit(column, texts, marked)``: room for ``texts``, ``marked`` in bold, and the
    column's (bold) header, in ``table``'s font."""
    fm = table.fontMetrics()
    bold_font = QFont(table.font())
    bold_font.setBold(True)
    bold = QFontMetrics(bold_font)
    model = table.model()

    def fit(column: int, texts: Iterable[str] = (), marked: Iterable[str] = ()) -> int:
        header = str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        return max([fm.horizontalAdvance(t) for t in texts] +
                   [bold.horizontalAdvance(t) for t in (*marked, header)]) + _CELL_PADDING
    return fit


def apply_column_widths(table: QTableView, lang: str,
                        extra: dict[int, int] | None = None) -> None:
    """:func:`column_widths` (and ``extra``, e.g. the office's review column) set on
    ``table``, the subject stretching; on a narrow table the template and the status give
    way so that the subject keeps :data:`SUBJECT_SHARE` of the width
    (:class:`_SubjectKeepsShare`)."""
    header = table.horizontalHeader()
    header.setSectionResizeMode(COL_SUBJECT, QHeaderView.ResizeMode.Stretch)
    widths = {**column_widths(table, lang), **(extra or {})}
    for col, width in widths.items():
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, width)
    keeper = table.findChild(_SubjectKeepsShare)
    if keeper is None:
        keeper = _SubjectKeepsShare(table)
        table.viewport().installEventFilter(keeper)
    keeper.natural = widths
    keeper.least = least_widths(table)
    keeper.fit()


#: The least share of the list's width the subject keeps while other columns can give way.
SUBJECT_SHARE = 0.24


class _SubjectKeepsShare(QObject):
    """On a narrow list (1024x600, larger fonts) the template code and the status give
    way (cut with "…") so that the subject is not the one cut to a few letters; on a wide
    list they have their natural widths again."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.natural: dict[int, int] = {}
        self.least: dict[int, int] = {}  # the columns that give way, and how far
        self._narrowed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        room = self.table.viewport().width()
        shown = {c: w for c, w in self.natural.items() if not self.table.isColumnHidden(c)}
        if room <= 0 or not shown:
            return
        short = sum(shown.values()) + int(room * SUBJECT_SHARE) - room
        if short <= 0 and not self._narrowed:
            return
        widths = dict(shown)
        slack = {col: max(0, widths[col] - least) for col, least in self.least.items()
                 if col in widths}
        total = sum(slack.values())
        if short > 0 and total:  # each in proportion to what it can give
            for col, can in slack.items():
                widths[col] -= min(can, -(-short * can // total))
        header = self.table.horizontalHeader()
        for col, width in widths.items():
            header.resizeSection(col, width)
        self._narrowed = widths != shown


class AssessmentsPage(Page):
    open_requested = Signal(str)  # revision id
    new_requested = Signal()
    discard_requested = Signal(str)  # revision id of a draft: "Hapus draf…"

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(services, lang, parent, title=pgettext("AssessmentsPage", "Penilaian"))
        self.model = AssessmentListModel(services.assessments, lang, self,
                                         decisions=services.feedback.latest_of)

        self.new_button = QPushButton(_("&Penilaian baru…"), self)
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_requested)
        self.discard_button = QPushButton(_("Hapus draf…"), self)
        self.discard_button.setToolTip(_("Hapus draf yang dipilih (Delete)"))
        self.discard_button.setEnabled(False)
        self.discard_button.clicked.connect(self._discard_current)
        self.search = SearchBox(_("Cari subjek, templat atau ID…"),
                                lambda _t: self.apply_filter(), self)
        self.status_filter = filter_combo(self, _("Status"), 14)
        self.status_filter.addItem(_("Semua status"), None)
        for key, label in status_labels().items():
            self.status_filter.addItem(label, key)
        self.template_filter = filter_combo(self, _("Templat"), 12)
        self.institution_filter = filter_combo(self, _("Lembaga"), 14)
        self.date_from = optional_date_edit(self, _("Diubah sejak"))
        self.date_to = optional_date_edit(self, _("Diubah sampai"))
        self.reset_button = QPushButton(_("Atur ulang"), self)
        self.reset_button.setToolTip(_("Hapus semua penyaring"))
        self.reset_button.clicked.connect(self.reset_filters)
        self.count_label = ElidedLabel(self)  # gives way first on a narrow window
        self.count_label.setObjectName("count")
        self.refresh_choices()

        self.table = make_table(self, self.model, _("Daftar penilaian"),
                                stretch_column=COL_SUBJECT)
        apply_column_widths(self.table, lang)
        self.table.horizontalHeader().setSortIndicator(COL_UPDATED,
                                                       Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)  # sort() runs a new service query
        on_activate(self.table, self._open_row)
        self.empty_label = empty_label("", self)
        self.empty_label.hide()

        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self._discard_current)
        self.table.selectionModel().currentRowChanged.connect(
            lambda *_a: self._update_discard())
        self.model.modelReset.connect(self._update_discard)
        self.add_to_head(self.count_label, self.discard_button, self.new_button)
        self.search.setMinimumWidth(200)
        self.add_to_body(
            hbox((self.search, 1), self.status_filter, self.template_filter),
            hbox(self.institution_filter, 8, QLabel(_("Periode"), self), self.date_from,
                 QLabel("–", self), self.date_to, self.reset_button, None),
            (self.table, 1), self.empty_label)

        for combo in (self.status_filter, self.template_filter, self.institution_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        self.model.rowsInserted.connect(lambda *_a: self._update_count())
        for before, after in itertools.pairwise((
                self.search, self.status_filter, self.template_filter, self.institution_filter,
                self.date_from, self.date_to, self.reset_button, self.table, self.new_button)):
            self.setTabOrder(before, after)
        self.apply_filter()
        self.watch_store((ASSESSMENTS, REGISTRY, TEMPLATES), self._on_store_changed)

    def _on_store_changed(self, topics: frozenset[str]) -> None:
        if topics & {REGISTRY, TEMPLATES}:
            self.refresh_choices()
        if ASSESSMENTS in topics:
            self.refresh()

    # ------------------------------------------------------------ filters

    def refresh_choices(self) -> None:
        """Template and institution lists (after an institution or template was added)."""
        refill_template_and_institution_filters(self.services, self.lang, self.template_filter,
                                                self.institution_filter)

    def current_filter(self) -> ListFilter:
        return dataclasses.replace(
            self.model.filter, search=self.search.text().strip(),
            status=self.status_filter.currentData(),
            template_code=self.template_filter.currentData(),
            institution_id=self.institution_filter.currentData(),
            date_from=optional_date(self.date_from), date_to=optional_date(self.date_to),
            limit=None, offset=0)

    def apply_filter(self) -> None:
        self.model.set_filter(self.current_filter())
        self._update_counts()

    def filter_institution(self, institution_id: str | None) -> None:
        self.refresh_choices()
        self.institution_filter.setCurrentIndex(
            max(0, self.institution_filter.findData(institution_id)))

    def reset_filters(self) -> None:
        widgets = (self.search, self.status_filter, self.template_filter,
                   self.institution_filter, self.date_from, self.date_to)
        for w in widgets:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.status_filter, self.template_filter, self.institution_filter):
            combo.setCurrentIndex(0)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        for w in widgets:
            w.blockSignals(False)
        self.apply_filter()

    def refresh(self) -> None:
        """Re-run the query, keeping the selection on the same assessment if possible."""
        current = self.current_revision_id()
        self.model.refresh()
        self._update_counts()
        if current:
            self.select_revision(current)

    def _update_counts(self) -> None:
        flt = self.model.filter
        counts = self.services.assessments.counts_by_status(flt)
        labels = status_labels()
        for i in range(1, self.status_filter.count()):
            key = self.status_filter.itemData(i)
            self.status_filter.setItemText(i, f"{labels[key]} ({counts.get(key, 0)})")
        self.status_filter.setItemText(0, _("Semua status ({n})").format(
            n=sum(counts.get(k, 0) for k in STATUSES)))
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.total
        all_count = self.services.assessments.count(ListFilter())
        self.count_label.setText(_("{shown} dari {total} penilaian").format(
            shown=total, total=all_count))
        empty = total == 0
        self.empty_label.setVisible(empty)
        if empty:
            self.empty_label.setText(
                _("Belum ada penilaian. Tekan \u201cPenilaian baru\u201d (Ctrl+N) untuk "
                  "memulai.") if all_count == 0 else
                _("Tidak ada penilaian yang cocok dengan penyaring."))

    # ------------------------------------------------------------ selection

    def current_revision_id(self) -> str | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()).id if index.isValid() else None

    def select_revision(self, revision_id: str) -> bool:
        return select_row(self.table, self.model.row_of(revision_id))

    def current_row(self) -> AssessmentListRow | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_discard(self) -> None:
        row = self.current_row()
        self.discard_button.setEnabled(row is not None and row.status == "draft")

    def _discard_current(self) -> None:
        row = self.current_row()
        if row is not None and row.status == "draft":
            self.discard_requested.emit(row.id)

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).id)
