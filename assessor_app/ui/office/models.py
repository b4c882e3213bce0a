"""Qt item models and display words for the office and sync screens.

Every model is a thin table over plain service results (``ImportReport``, ``ConflictInfo``,
``DeviceInfo``, ``ReviewItem``, ``Review``); none of them queries the database except
:class:`ReviewColumnModel`, which looks up the review status of the rows the assessment
list has loaded (one query per page of rows).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from assessor_app.formatting import result_text, verdict_label
from assessor_app.i18n import _, pgettext
from assessor_app.messages import message
from assessor_app.services.review import Review, ReviewItem
from assessor_app.services.sync import ConflictInfo, DeviceInfo, ImportReport, ImportWarning
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.models.rows import CENTRE, Column, Index, RowsModel
from assessor_app.vocabulary import file_status_labels, outcome_labels, review_label

REVIEW_COLOURS = {"diterima": "#1d4f91", "perlu_perbaikan": "#8a5a00",
                  "disetujui": "#1e6b34", "ditolak": "#b3261e"}
OUTCOME_COLOURS = {"new": "#1e6b34", "revised": "#1d4f91", "signatures_added": "#1d4f91",
                   "duplicate": "#5b6673", "stale": "#8a5a00", "conflict": "#b3261e",
                   "rejected": "#b3261e"}


# ------------------------------------------------------------------ words






def conflict_reason_label(reason: str) -> str:
    words = {
        "same_revision": _(
            "Revisi sama, isi berbeda"),
        "not_successor": _(
            "Bukan penerus revisi yang tersimpan"),
        "signature_differs": _(
            "Tanda tangan berbeda"),
    }
    return words.get(reason, reason)


def warning_text(warning: ImportWarning, lang: str) -> str:
    """An import's warning in the user's language."""
    return message(warning.code, warning.params, lang)


_EXCHANGE_NAME = re.compile(r"^(bundle|receipt)-([0-9a-f]{16})-(\d{6})-([0-9a-f]{32})\.zip$")


def short_file_name(name: str) -> str:
    """``bundle-<device>-<seq>-<id>.zip`` shortened to what tells files apart (the laptop
    and the sequence number): ``bundle-60e098de…-000002-…0586.zip``; other names as is."""
    m = _EXCHANGE_NAME.match(name)
    if m is None:
        return name
    kind, device, seq, bundle = m.groups()
    return f"{kind}-{device[:8]}…-{seq}-…{bundle[-4:]}.zip"


# ------------------------------------------------------------------ import report


@dataclass(frozen=True)
class ReportLine:
    """One line of the import table: a record of a file, or the file itself when it has
    no records (refused, or already imported)."""

    report: ImportReport
    outcome: str  # a record outcome, or the file status when ``record`` is None
    assessment_id: str = ""
    revision: int | None = None
    subject: str = ""
    template: str = ""
    detail: str = ""
    first: bool = True  # the first line of its file (the file name is shown once)


class ImportReportModel(RowsModel[ReportLine]):
    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        super().__init__((), parent)
        self.lang = lang
        self._reports: list[ImportReport] = []
        outcomes, statuses = outcome_labels(), file_status_labels()

        def outcome(line: ReportLine) -> str:
            if line.assessment_id:
                return outcomes.get(line.outcome, line.outcome)
            return statuses.get(line.outcome, line.outcome)

        self.set_columns([
            Column(_("Berkas"), lambda r: short_file_name(r.report.file) if r.first
                   else "", tooltip=lambda r: r.report.file),
            Column(pgettext("ImportReportModel", "Hasil"), outcome, colour=lambda r: OUTCOME_COLOURS.get(r.outcome),
                   bold=lambda r: r.outcome in ("conflict", "rejected")),
            Column(_("Penilaian"), lambda r: r.subject),
            Column(_("Templat"), lambda r: r.template),
            Column(_("Revisi"), lambda r: "" if r.revision is None else str(r.revision),
                   align=CENTRE),
            Column(_("Keterangan"), lambda r: r.detail),
        ])

    def reports(self) -> list[ImportReport]:
        return list(self._reports)

    def clear(self) -> None:
        self._reports = []
        self.set_rows([])

    def add_report(self, report: ImportReport) -> None:
        self._reports.append(report)
        lines = self._lines(report)
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(lines) - 1)
        cast(list[ReportLine], self._rows).extend(lines)  # always a list here (set_rows)
        self.endInsertRows()

    def _lines(self, rep: ImportReport) -> list[ReportLine]:
        notes = [warning_text(w, self.lang) for w in rep.warnings]
        if rep.receipt_path is not None:
            notes.append(_("tanda terima: {name}").format(
                name=short_file_name(rep.receipt_path.name)))
        if rep.status == "rejected":
            return [ReportLine(rep, "rejected",
                               detail=message(rep.code or "", rep.params, self.lang))]
        if not rep.records:
            detail = _("Bundel ini sudah diimpor sebelumnya; tidak ada yang berubah.") \
                if rep.status == "duplicate" else ""
            return [ReportLine(rep, rep.status, detail="; ".join(x for x in [detail, *notes]
                                                                 if x))]
        out = []
        for n, r in enumerate(rep.records):
            detail = conflict_reason_label(r.detail) if r.outcome == "conflict" else ""
            extra = notes if n == 0 else []
            out.append(ReportLine(rep, r.outcome, r.assessment_id, r.revision, r.subject_name,
                                  r.template_code, "; ".join(x for x in [detail, *extra] if x),
                                  first=n == 0))
        return out

    def counts(self) -> dict[str, int]:
        """Files per status (``file_imported``, ``file_duplicate``, ``file_rejected``) and
        records per outcome (``new``, ``revised``, ``conflict``...)."""
        out: dict[str, int] = {}
        for rep in self._reports:
            out[f"file_{rep.status}"] = out.get(f"file_{rep.status}", 0) + 1
            for k, v in rep.counts().items():
                out[k] = out.get(k, 0) + v
        return out


# ------------------------------------------------------------------ conflicts, devices


class ConflictListModel(RowsModel[ConflictInfo]):
    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        super().__init__((), parent)
        self.device_names: dict[str, str] = {}
        decided = {"kept_stored": _("Yang tersimpan dipertahankan"),
                   "took_incoming": _("Yang masuk diambil")}
        waiting = _("Menunggu keputusan")
        self.set_columns([
            Column(_("Penilaian"), lambda c: c.subject_name or c.assessment_id[:8],
                   tooltip=lambda c: f"{c.subject_name}\nID {c.assessment_id}"),
            Column(_("Templat"), lambda c: c.template_code),
            Column(_("Revisi"), lambda c: str(c.revision),
                   align=CENTRE),
            Column(_("Alasan"), lambda c: conflict_reason_label(c.reason)),
            Column(_("Laptop"), lambda c: self.device_names.get(c.device_id, c.device_id),
                   tooltip=lambda c: c.device_id),
            Column(pgettext("ConflictListModel", "Masuk"), lambda c: format_datetime(c.created_at, lang)),
            Column(_("Keputusan"), lambda c: decided.get(c.resolution or "", waiting),
                   colour=lambda c: None if c.resolution else "#b3261e"),
        ])


class DeviceListModel(RowsModel[DeviceInfo]):
    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        super().__init__((), parent)
        self.assessor_names: dict[str, str] = {}
        active, revoked = _("Aktif"), _("Dicabut {when}")
        self.set_columns([
            Column(_("Nama"), lambda d: d.name),
            Column(_("ID perangkat"), lambda d: d.device_id),
            Column(_("Asesor"), lambda d: self.assessor_names.get(d.assessor_id or "",
                                                      "—")),
            Column(_("Didaftarkan"), lambda d: format_datetime(d.enrolled_at, lang)),
            Column(_("Bundel terakhir"), lambda d: str(d.last_seq) if d.last_seq else "—",
                   align=CENTRE),
            Column(_("Status"), lambda d: revoked.format(
                when=format_datetime(d.revoked_at, lang)) if d.revoked_at else active,
                colour=lambda d: "#b3261e" if d.revoked_at else "#1e6b34"),
        ])


# ------------------------------------------------------------------ review


def _result(item: ReviewItem) -> str:
    return result_text(item.score_percent, item.verdict, item.template_kind)


class ReviewListModel(RowsModel[ReviewItem]):
    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        from assessor_app.vocabulary import status_label

        super().__init__((), parent)
        older = _("(revisi {n})")

        def review_text(i: ReviewItem) -> str:
            text = review_label(i.review.status if i.review else None)
            if i.review_outdated and i.review is not None:
                text += " " + older.format(n=i.review.revision)
            return text

        def review_tip(i: ReviewItem) -> str:
            if i.review is None:
                return review_text(i)
            who = f"{i.review.reviewer}, {format_datetime(i.review.created_at, lang)}"
            return "\n".join(x for x in (review_text(i), who, i.review.comment or "") if x)

        self.set_columns([
            Column(_("Subjek"), lambda i: i.subject_name,
                   tooltip=lambda i: f"{i.subject_name}\nID {i.assessment_id[:8]}"),
            Column(_("Tinjauan"), review_text, tooltip=review_tip,
                   colour=lambda i: REVIEW_COLOURS.get(i.review.status) if i.review
                   else "#5b6673", bold=lambda i: i.review is not None),
            Column(_("Templat"), lambda i: i.template_code),
            Column(_("Status"), lambda i: status_label(i.status)),
            Column(pgettext("ReviewListModel", "Hasil"),
                   lambda i: verdict_label(i.verdict, i.template_kind), align=CENTRE,
                   tooltip=_result),
            Column(_("Rev."), lambda i: str(i.revision), align=CENTRE),
        ])

    def row_of(self, assessment_id: str) -> int:
        return self.row_where(lambda item: item.assessment_id == assessment_id)


class ReviewHistoryModel(RowsModel[Review]):
    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        super().__init__((), parent)
        self.set_columns([
            Column(_("Waktu"), lambda r: format_datetime(r.created_at, lang)),
            Column(_("Status"), lambda r: review_label(r.status),
                   colour=lambda r: REVIEW_COLOURS.get(r.status)),
            Column(_("Rev."), lambda r: str(r.revision),
                   align=CENTRE),
            Column(_("Peninjau"), lambda r: r.reviewer),
            Column(_("Komentar"), lambda r: r.comment or ""),
        ])


class ReviewColumnModel(QAbstractTableModel):
    """The assessment list with one more column, "Tinjauan" (office mode).

    Wraps the list model (which loads pages lazily and sorts by a new query): rows map one
    to one, so views keep using the source model's ``row_at``; the review status of newly
    loaded rows is looked up in one query per page."""

    def __init__(self, source: Any, lookup: Callable[[list[str]], dict[str, Review]],
                 parent: Any = None) -> None:
        super().__init__(parent)
        self._source = source
        self._lookup = lookup
        self._reviews: dict[str, Review] = {}
        self._extra: int = int(source.columnCount())
        source.modelAboutToBeReset.connect(self.beginResetModel)
        source.modelReset.connect(self._on_reset)
        source.rowsAboutToBeInserted.connect(
            lambda parent, first, last: self.beginInsertRows(QModelIndex(), first, last))
        source.rowsInserted.connect(self._on_inserted)
        source.dataChanged.connect(lambda a, b, roles=(): self.dataChanged.emit(
            self.index(a.row(), a.column()), self.index(b.row(), b.column())))
        self._load(0, source.rowCount())

    @property
    def source(self) -> QAbstractItemModel:
        return self._source  # type: ignore[no-any-return]

    @property
    def review_column(self) -> int:
        return self._extra

    def _load(self, first: int, last: int) -> None:
        ids = [self._source.row_at(r).assessment_id for r in range(first, last)]
        if ids:
            self._reviews.update(self._lookup(ids))

    def _on_reset(self) -> None:
        self._reviews = {}
        self._load(0, self._source.rowCount())
        self.endResetModel()

    def _on_inserted(self, _parent: Any, first: int, last: int) -> None:
        self._load(first, last + 1)
        self.endInsertRows()

    def refresh_reviews(self) -> None:
        """Look the statuses up again (after a review was saved)."""
        self._reviews = {}
        self._load(0, self._source.rowCount())
        if self.rowCount():
            self.dataChanged.emit(self.index(0, self._extra),
                                  self.index(self.rowCount() - 1, self._extra))

    def review_of(self, row: int) -> Review | None:
        return self._reviews.get(self._source.row_at(row).assessment_id)

    # ---------------------------------------------------------------- model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else int(self._source.rowCount())

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._extra + 1

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return bool(self._source.canFetchMore(QModelIndex()))

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        self._source.fetchMore(QModelIndex())

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < self._extra:
            self._source.sort(column, order)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if section == self._extra and orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return _("Tinjauan")
            return None
        return self._source.headerData(section, orientation, role)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.column() < self._extra:
            return self._source.data(self._source.index(index.row(), index.column()), role)
        row = self._source.row_at(index.row())
        review = self._reviews.get(row.assessment_id)
        if role == Qt.ItemDataRole.DisplayRole:
            if review is None:
                return "—"
            text = review_label(review.status)
            if review.revision != row.revision:
                text += " " + _("(rev. {n})").format(n=review.revision)
            return text
        if role == Qt.ItemDataRole.ForegroundRole and review is not None:
            return QColor(REVIEW_COLOURS.get(review.status, "#333333"))
        if role == Qt.ItemDataRole.ToolTipRole and review is not None:
            return "\n".join(x for x in (review_label(review.status), review.comment or "",
                                         review.reviewer) if x)
        if role == Qt.ItemDataRole.UserRole:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


__all__ = [
    "ConflictListModel", "DeviceListModel", "ImportReportModel", "ReportLine",
    "ReviewColumnModel", "ReviewHistoryModel", "ReviewListModel",
    "conflict_reason_label", "warning_text",
]
