"""The assessment list: search as you type, filters (status with counts, template,
institution, period), sortable columns, lazy loading. Every filter or sort is one service
query; the view never holds more than the pages the user scrolled through."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.i18n import _, pgettext
from assessor_app.services.assessments import ListFilter
from assessor_app.services.runtime import Services
from assessor_app.ui.models.assessment_list import (
    COL_SUBJECT,
    COL_UPDATED,
    STATUSES,
    AssessmentListModel,
    status_labels,
)
from assessor_app.ui.tasks import ASSESSMENTS, REGISTRY, TEMPLATES, StoreWatch
from assessor_app.ui.views.common import (
    NO_DATE,
    SearchBox,
    on_activate,
    optional_date,
    optional_date_edit,
    refill_template_and_institution_filters,
    setup_table,
)


class AssessmentsPage(QWidget):
    open_requested = Signal(str)  # revision id
    new_requested = Signal()

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.services = services
        self.lang = lang
        self.model = AssessmentListModel(services.assessments, lang, self)

        self.title = QLabel(pgettext("AssessmentsPage", "Penilaian"), self)
        self.title.setObjectName("pageTitle")
        self.new_button = QPushButton(_("&Penilaian baru…"), self)
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.new_requested)
        self.search = SearchBox(_("Cari subjek, templat atau ID…"),
                                lambda _t: self.apply_filter(), self)
        self.status_filter = QComboBox(self)
        self.status_filter.setAccessibleName(_("Status"))
        self.status_filter.addItem(_("Semua status"), None)
        for key, label in status_labels().items():
            self.status_filter.addItem(label, key)
        self.template_filter = QComboBox(self)
        self.template_filter.setAccessibleName(_("Templat"))
        self.institution_filter = QComboBox(self)
        self.institution_filter.setAccessibleName(_("Lembaga"))
        for combo, chars in ((self.status_filter, 14), (self.template_filter, 12),
                             (self.institution_filter, 14)):
            # sized by a character count, not by the longest entry: the window must fit
            # a 1366-pixel laptop screen whatever the data holds
            combo.setMinimumContentsLength(chars)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.date_from = self._date_edit(_("Diubah sejak"))
        self.date_to = self._date_edit(_("Diubah sampai"))
        self.reset_button = QPushButton(_("Atur ulang"), self)
        self.reset_button.setToolTip(_("Hapus semua penyaring"))
        self.reset_button.clicked.connect(self.reset_filters)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("count")
        self.refresh_choices()

        self.table = QTableView(self)
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=COL_SUBJECT)
        self.table.setSortingEnabled(False)
        self.table.horizontalHeader().setSortIndicator(COL_UPDATED,
                                                       Qt.SortOrder.DescendingOrder)
        self.table.horizontalHeader().setSortIndicatorShown(True)
        self.table.setSortingEnabled(True)  # sort() runs a new service query
        header = self.table.horizontalHeader()
        widths = (None, 190, 170, 70, 70, 60, 150)
        for col, width in enumerate(widths):
            if width:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(col, width)
        self.table.setAccessibleName(_("Daftar penilaian"))
        on_activate(self.table, self._open_row)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()

        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        head.addWidget(self.count_label)
        head.addWidget(self.new_button)
        self.search.setMinimumWidth(200)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.template_filter)
        more = QHBoxLayout()
        more.addWidget(self.institution_filter)
        more.addSpacing(8)
        more.addWidget(QLabel(_("Periode"), self))
        more.addWidget(self.date_from)
        more.addWidget(QLabel("–", self))
        more.addWidget(self.date_to)
        more.addWidget(self.reset_button)
        more.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)

        for combo in (self.status_filter, self.template_filter, self.institution_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(lambda _d: self.apply_filter())
        self.model.rowsInserted.connect(lambda *_a: self._update_count())
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.template_filter)
        self.setTabOrder(self.template_filter, self.institution_filter)
        self.setTabOrder(self.institution_filter, self.date_from)
        self.setTabOrder(self.date_from, self.date_to)
        self.setTabOrder(self.date_to, self.reset_button)
        self.setTabOrder(self.reset_button, self.table)
        self.setTabOrder(self.table, self.new_button)
        self.apply_filter()
        self.store_watch = StoreWatch(self, (ASSESSMENTS, REGISTRY, TEMPLATES),
                                      self._on_store_changed)

    def _on_store_changed(self, topics: frozenset[str]) -> None:
        if topics & {REGISTRY, TEMPLATES}:
            self.refresh_choices()
        if ASSESSMENTS in topics:
            self.refresh()

    def _date_edit(self, name: str) -> QDateEdit:
        return optional_date_edit(self, name)

    # ------------------------------------------------------------ filters

    def refresh_choices(self) -> None:
        """Template and institution lists (after an institution or template was added)."""
        refill_template_and_institution_filters(
            self.services, self.lang, self.template_filter, self.institution_filter,
            _("Semua templat"), _("Semua lembaga"))

    def current_filter(self) -> ListFilter:
        def day(edit: QDateEdit) -> str | None:
            return optional_date(edit)

        base = self.model.filter
        return dataclasses.replace(
            base, search=self.search.text().strip(), status=self.status_filter.currentData(),
            template_code=self.template_filter.currentData(),
            institution_id=self.institution_filter.currentData(),
            date_from=day(self.date_from), date_to=day(self.date_to), limit=None, offset=0)

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
        row = self.model.row_of(revision_id)
        if row < 0:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def _open_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            self.open_requested.emit(self.model.row_at(row).id)
