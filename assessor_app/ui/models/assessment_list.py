"""Qt item model over the assessment list service: lazy loading in pages (fetchMore).

Sorting and filtering are done by the service query (``ListFilter.order_by``), never by a
proxy model over all rows, so the list stays fast with 10,000 assessments: only the
visible pages are ever loaded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from assessor_app.formatting import percent_text, verdict_label
from assessor_app.i18n import _, pgettext
from assessor_app.services.assessments import AssessmentService, ListFilter
from assessor_app.services.models import AssessmentListRow
from assessor_app.ui.models.format import format_datetime, percent_number
from assessor_app.ui.models.packed import PackedListRows
from assessor_app.ui.models.rows import CENTRE, Column, Index, RowsModel
from assessor_app.vocabulary import status_labels

PAGE = 200

# Column -> the AssessmentListRow field the service sorts by.
SORT_FIELDS = ("subject_name", "template_code", "status", "score_percent", "verdict",
               "revision", "updated_at")
COL_SUBJECT, COL_TEMPLATE, COL_STATUS, COL_SCORE, COL_VERDICT, COL_REVISION, COL_UPDATED = \
    range(7)

FIX_COLOUR = "#8a5a00"  # "Perlu perbaikan" (office/models.py REVIEW_COLOURS)
STATUS_COLOURS = {"draft": "#8a5a00", "complete": "#1d4f91", "signed": "#5b3a94",
                  "locked": "#1e6b34"}




class AssessmentListModel(RowsModel[AssessmentListRow]):
    """``decisions`` (the laptop's received office decisions, ``FeedbackService.latest_of``)
    marks a record the office sent back: "⚠ Perlu perbaikan" (its correction, until the
    office received it: "Draf · perbaikan"), the comment in the tooltip (issue 12)."""

    def __init__(self, service: AssessmentService, lang: str = "id", parent: Any = None,
                 decisions: Callable[[list[str]], dict[str, Any]] | None = None) -> None:
        statuses = status_labels()
        kind = self._kind  # competency rows show K/BK/OL, never a percentage or "lulus"
        self._decisions_of = decisions
        self._decisions: dict[str, Any] = {}
        super().__init__([
            Column(_("Subjek"), lambda r: r.subject_name,
                   tooltip=lambda r: f"{r.subject_name}\nID {r.assessment_id[:8]}"),
            Column(_("Templat"), lambda r: r.template_code),
            Column(_("Status"), lambda r: self._status_text(r, statuses),
                   colour=lambda r: FIX_COLOUR if self.needs_fix(r) is not None
                   else STATUS_COLOURS.get(r.status, "#333333"),
                   tooltip=self._status_tip, bold=lambda r: self.needs_fix(r) is not None),
            Column(_("Nilai"), lambda r: percent_text(r.score_percent, kind(r), lang,
                                                      percent_number),
                   align=CENTRE),
            Column(_("Hasil"), lambda r: verdict_label(r.verdict, kind(r)), align=CENTRE,
                   tooltip=lambda r: verdict_label(r.verdict, kind(r))),  # long ones are cut
            Column(_("Revisi"), lambda r: str(r.revision), align=CENTRE),
            Column(_("Diubah"), lambda r: format_datetime(r.updated_at, lang)),
        ], parent, text_tooltips=False)
        self._service = service
        self._filter = ListFilter()
        self._total = 0
        self._packed = PackedListRows()  # the loaded rows (all of them, once scrolled)
        self._rows = self._packed

    # ---------------------------------------------------------------- office decisions

    def needs_fix(self, row: AssessmentListRow) -> Any:
        """The office's open "Perlu perbaikan" on this row (None: nothing to correct)."""
        d = self._decisions.get(row.assessment_id)
        return d if d is not None and d.open_for(row.revision, row.received_at) else None

    def _status_text(self, row: AssessmentListRow, statuses: dict[str, str]) -> str:
        text = statuses.get(row.status, row.status)
        d = self.needs_fix(row)
        if d is None:
            return text
        if d.revision == row.revision:  # the revision the office sent back
            return "⚠ " + pgettext("Review", "Perlu perbaikan")
        return text + " · " + pgettext("ListMarker", "perbaikan")  # its correction

    def _status_tip(self, row: AssessmentListRow) -> str | None:
        d = self.needs_fix(row)
        if d is None:
            return None
        return _("Perlu perbaikan: {comment}").format(comment=d.comment or "") + "\n" + \
            _("{reviewer}, kantor · revisi {n}").format(reviewer=d.reviewer, n=d.revision)

    def _load_decisions(self, rows: list[AssessmentListRow]) -> None:
        if self._decisions_of is not None and rows:
            self._decisions.update(self._decisions_of([r.assessment_id for r in rows]))

    def _kind(self, row: AssessmentListRow) -> str | None:
        return self._service.templates.kind_of(row.template_id)

    # ---------------------------------------------------------------- loading

    @property
    def filter(self) -> ListFilter:
        return self._filter

    def set_filter(self, flt: ListFilter) -> None:
        """Run the query for ``flt`` (keeping the current sort unless ``flt`` sets one)."""
        self.beginResetModel()
        self._filter = flt
        self._total = self._service.count(flt)
        page = self._service.list_rows(dataclasses.replace(flt, limit=PAGE, offset=0))
        self._rows = self._packed = PackedListRows(page)
        self._decisions = {}
        self._load_decisions(page)
        self.endResetModel()

    def refresh(self) -> None:
        self.set_filter(self._filter)

    @property
    def total(self) -> int:
        return self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        more = self._service.list_rows(dataclasses.replace(self._filter, limit=PAGE,
                                                           offset=len(self._rows)))
        if not more:
            self._total = len(self._rows)
            return
        self._load_decisions(more)
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._packed.extend(more)
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

    def set_rows(self, rows: Sequence[AssessmentListRow]) -> None:
        """Rows given as they are (not read through the filter), packed as ever."""
        self.beginResetModel()
        self._rows = self._packed = PackedListRows(rows)
        self._total = len(self._packed)
        self.endResetModel()

    def row_of(self, revision_id: str) -> int:
        return self._packed.index_of(revision_id)
