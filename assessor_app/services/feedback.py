"""The laptop's side of the review loop (issue 12): the office's review decisions on this
laptop's assessments, as they arrive in signed receipts (receipt format 3,
docs/formats/receipt-v3.md). Pure services, no Qt.

The office writes the latest decision of each reviewed assessment of a device into a
receipt (:meth:`~assessor_app.services.sync.SyncService.review_receipts`); importing the
receipt on the laptop (:meth:`~assessor_app.services.sync.SyncService.import_receipt`)
stores each decision once in ``received_review`` (:func:`store_decisions`). The list and
the editor read them here: an assessment whose latest decision is ``perlu_perbaikan`` shows
"Perlu perbaikan: <komentar>" until its correction (a later revision) has been received by
the office.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import col, func, select

from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AssessmentRow, ReceivedReviewRow

__all__ = ["FeedbackService", "OfficeDecision", "store_decisions"]

NEEDS_FIX = "perlu_perbaikan"
_CHUNK = 500


@dataclass(frozen=True)
class OfficeDecision:
    """One review decision of the office, as received on this laptop."""

    assessment_id: str
    seq: int
    revision: int  # the revision the office decided on
    status: str  # diterima | perlu_perbaikan | disetujui | ditolak
    comment: str | None
    reviewer: str
    decided_at: str
    received_at: str

    @property
    def needs_fix(self) -> bool:
        return self.status == NEEDS_FIX

    def open_for(self, revision: int, received_at: str | None) -> bool:
        """Does a revision still carry this "Perlu perbaikan"? The reviewed revision does,
        and so does its correction until the office has received it."""
        if not self.needs_fix:
            return False
        return revision == self.revision or (revision > self.revision and received_at is None)


def _decision(r: ReceivedReviewRow) -> OfficeDecision:
    return OfficeDecision(r.assessment_id, r.seq, r.revision, r.status, r.comment,
                          r.reviewer, r.decided_at, r.received_at)


def store_decisions(s: Any, reviews: Iterable[Any], *, device_id: str, office_id: str,
                    bundle_id: str, now: str) -> list[OfficeDecision]:
    """Inside the receipt's transaction: keep each decision (a receipt's ``ReceiptReview``)
    that concerns a revision this device made and that is not stored yet. Returns the new
    ones; a decision on an unknown assessment or revision is ignored."""
    out: list[OfficeDecision] = []
    for r in reviews:
        if s.get(ReceivedReviewRow, r.id) is not None:
            continue
        own = s.exec(select(AssessmentRow.id).where(
            AssessmentRow.assessment_id == r.assessment_id,
            AssessmentRow.revision == r.revision,
            AssessmentRow.device_id == device_id)).first()
        if own is None:
            continue
        same_seq = s.exec(select(ReceivedReviewRow.id).where(
            ReceivedReviewRow.assessment_id == r.assessment_id,
            ReceivedReviewRow.seq == r.seq)).first()
        if same_seq is not None:
            continue
        row = ReceivedReviewRow(id=r.id, assessment_id=r.assessment_id, seq=r.seq,
                                revision=r.revision, status=r.status, comment=r.comment,
                                reviewer=r.reviewer, decided_at=r.decided_at,
                                office_id=office_id, bundle_id=bundle_id, received_at=now)
        s.add(row)
        s.flush()
        out.append(_decision(row))
    return out


@functools.cache
def _latest_of_statement() -> Any:
    """:meth:`FeedbackService.latest_of`'s query, built once (the ids bound when it runs):
    the list asks for every page it shows, and a select with a subquery built each time
    left a web of reference cycles behind each time."""
    top = select(ReceivedReviewRow.assessment_id,
                 func.max(ReceivedReviewRow.seq).label("m")).where(
        col(ReceivedReviewRow.assessment_id).in_(bindparam("ids", expanding=True))).group_by(
        col(ReceivedReviewRow.assessment_id)).subquery()
    return select(ReceivedReviewRow).join(
        top, (col(ReceivedReviewRow.assessment_id) == top.c.assessment_id)
        & (col(ReceivedReviewRow.seq) == top.c.m))


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


@dataclass
class FeedbackService:
    """Reads the office's decisions received on this laptop."""

    engine: Any

    def latest(self, assessment_id: str) -> OfficeDecision | None:
        """The office's latest decision on the assessment (None: none received)."""
        with read_session(self.engine) as s:
            row = s.exec(select(ReceivedReviewRow).where(
                ReceivedReviewRow.assessment_id == assessment_id).order_by(
                col(ReceivedReviewRow.seq).desc())).first()
        return _decision(row) if row is not None else None

    def latest_of(self, assessment_ids: Iterable[str]) -> dict[str, OfficeDecision]:
        """The latest decision of each given assessment that has one (one query per 500)."""
        ids = sorted({a for a in assessment_ids if a})
        out: dict[str, OfficeDecision] = {}
        with read_session(self.engine) as s:
            for chunk in _chunks(ids):
                for r in s.exec(_latest_of_statement(), params={"ids": list(chunk)}).all():
                    out[r.assessment_id] = _decision(r)
        return out

    def history(self, assessment_id: str) -> list[OfficeDecision]:
        """Every decision received for the assessment, oldest first."""
        with read_session(self.engine) as s:
            rows = s.exec(select(ReceivedReviewRow).where(
                ReceivedReviewRow.assessment_id == assessment_id).order_by(
                col(ReceivedReviewRow.seq))).all()
        return [_decision(r) for r in rows]
