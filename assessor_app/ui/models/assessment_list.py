"""Qt item model over the assessment list service: lazy loading in pages (fetchMore)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from assessor_app.core.clock import parse_iso
from assessor_app.services.assessments import AssessmentService, ListFilter
from assessor_app.storage.tables import AssessmentRow

PAGE = 200
Index = QModelIndex | QPersistentModelIndex

STATUS_LABELS = {
    "id": {"draft": "Draf", "complete": "Final", "signed": "Ditandatangani",
           "locked": "Terkunci"},
    "en": {"draft": "Draft", "complete": "Finalised", "signed": "Signed", "locked": "Locked"},
}
VERDICT_LABELS = {
    "id": {"pass": "Lulus", "fail": "Tidak lulus"},
    "en": {"pass": "Pass", "fail": "Fail"},
}
HEADERS = {
    "id": ["Subjek", "Templat", "Status", "Nilai", "Hasil", "Revisi", "Diubah"],
    "en": ["Subject", "Template", "Status", "Score", "Result", "Revision", "Updated"],
}


class AssessmentListModel(QAbstractTableModel):
    def __init__(self, service: AssessmentService, lang: str = "id", parent: Any = None) -> None:
        super().__init__(parent)
        self._service = service
        self._lang = lang
        self._filter = ListFilter()
        self._rows: list[AssessmentRow] = []
        self._total = 0

    # ---------------------------------------------------------------- loading

    def set_filter(self, flt: ListFilter) -> None:
        self.beginResetModel()
        self._filter = flt
        self._total = self._service.count(flt)
        self._rows = self._service.list(ListFilter(**{**flt.__dict__, "limit": PAGE,
                                                      "offset": 0}))
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._service.list(ListFilter(**{**self._filter.__dict__, "limit": PAGE,
                                                "offset": len(self._rows)}))
        if not more:
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    # ---------------------------------------------------------------- model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS["id"])

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[self._lang][section]
        return None

    def row_at(self, row: int) -> AssessmentRow:
        return self._rows[row]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            col = index.column()
            if col == 0:
                return r.subject_name
            if col == 1:
                return r.template_code
            if col == 2:
                return STATUS_LABELS[self._lang].get(r.status, r.status)
            if col == 3:
                return f"{r.score_percent:.1f}%" if r.score_percent is not None else "—"
            if col == 4:
                return VERDICT_LABELS[self._lang].get(r.verdict or "", r.verdict or "—")
            if col == 5:
                return str(r.revision)
            if col == 6:  # stored in UTC, shown in the laptop's local time
                return parse_iso(r.updated_at).astimezone().strftime("%Y-%m-%d %H:%M")
        if role == Qt.ItemDataRole.UserRole:
            return r.id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (3, 4, 5):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
