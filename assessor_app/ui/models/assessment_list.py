"""Qt item model over the assessment list service: lazy loading in pages (fetchMore).

Sorting and filtering are done by the service query (``ListFilter.order_by``), never by a
proxy model over all rows, so the list stays fast with 10,000 assessments: only the
visible pages are ever loaded.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor

from assessor_app.i18n import _
from assessor_app.services.assessments import AssessmentService, ListFilter
from assessor_app.services.models import AssessmentSummary
from assessor_app.ui.models.format import format_datetime

PAGE = 200
Index = QModelIndex | QPersistentModelIndex

STATUSES = ("draft", "complete", "signed", "locked")
# Column -> the AssessmentSummary field the service sorts by.
SORT_FIELDS = ("subject_name", "template_code", "status", "score_percent", "verdict",
               "revision", "updated_at")
COL_SUBJECT, COL_TEMPLATE, COL_STATUS, COL_SCORE, COL_VERDICT, COL_REVISION, COL_UPDATED = \
    range(7)

STATUS_COLOURS = {"draft": "#8a5a00", "complete": "#1d4f91", "signed": "#5b3a94",
                  "locked": "#1e6b34"}


def status_labels() -> dict[str, str]:
    return {
        "draft": _("Draf"),
        "complete": _("Final"),
        "signed": _("Ditandatangani sebagian"),
        "locked": _("Terkunci"),
    }


def status_label(status: str) -> str:
    return status_labels().get(status, status)


def verdict_label(verdict: str | None) -> str:
    if not verdict:
        return "—"
    if verdict == "pass":
        return _("Lulus")
    if verdict == "fail":
        return _("Tidak lulus")
    return verdict


def headers() -> list[str]:
    return [
        _("Subjek"),
        _("Templat"),
        _("Status"),
        _("Nilai"),
        _("Hasil"),
        _("Revisi"),
        _("Diubah"),
    ]


class AssessmentListModel(QAbstractTableModel):
    def __init__(self, service: AssessmentService, lang: str = "id", parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lang = lang
        self._filter = ListFilter()
        self._rows: list[AssessmentSummary] = []
        self._total = 0
        self._headers = headers()
        self._status = status_labels()

    # ---------------------------------------------------------------- loading

    @property
    def filter(self) -> ListFilter:
        return self._filter

    def set_filter(self, flt: ListFilter) -> None:
        """Run the query for ``flt`` (keeping the current sort unless ``flt`` sets one)."""
        self.beginResetModel()
        self._filter = flt
        self._total = self._service.count(flt)
        self._rows = self._service.list(dataclasses.replace(flt, limit=PAGE, offset=0))
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._service.list(dataclasses.replace(self._filter, limit=PAGE,
                                                      offset=len(self._rows)))
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is a new query ordered by the service (not a proxy over loaded rows)."""
        if not 0 <= column < len(SORT_FIELDS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (self._filter.order_by, self._filter.descending) == (SORT_FIELDS[column], descending):
            return
        self.set_filter(dataclasses.replace(self._filter, order_by=SORT_FIELDS[column],
                                            descending=descending))

    # ---------------------------------------------------------------- model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(SORT_FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def row_at(self, row: int) -> AssessmentSummary:
        return self._rows[row]

    def row_of(self, revision_id: str) -> int:
        for n, r in enumerate(self._rows):
            if r.id == revision_id:
                return n
        return -1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_SUBJECT:
                return r.subject_name
            if col == COL_TEMPLATE:
                return r.template_code
            if col == COL_STATUS:
                return self._status.get(r.status, r.status)
            if col == COL_SCORE:
                return f"{r.score_percent:.1f}%" if r.score_percent is not None else "—"
            if col == COL_VERDICT:
                return verdict_label(r.verdict)
            if col == COL_REVISION:
                return str(r.revision)
            if col == COL_UPDATED:
                return format_datetime(r.updated_at, self._lang)
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS:
            return QColor(STATUS_COLOURS.get(r.status, "#333333"))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_SUBJECT:
            return f"{r.subject_name}\nID {r.assessment_id[:8]}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SCORE, COL_VERDICT,
                                                                 COL_REVISION):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
