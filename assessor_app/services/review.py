"""Office review of imported assessments (issue 5): a status per assessment with its history,
and the side-by-side view of a sync conflict. Pure services, no Qt.

Review status
    ``diterima`` (received), ``perlu_perbaikan`` (needs correction), ``disetujui``
    (approved) or ``ditolak`` (rejected), with a comment, the reviewer and the time. The
    ``review`` table is append-only: every decision is a new row with the next ``seq`` of
    its assessment, and the row with the highest ``seq`` is the current status. A decision
    records the revision that was current when it was taken, so a later revision (a
    correction sent after "Perlu perbaikan") shows the status as belonging to an older
    revision (:attr:`Review.revision` < the assessment's current revision).

Rules (checked in the write transaction)
    * ``disetujui`` and ``ditolak`` need the current revision to be finalised, signed or
      locked (``review.not_final``);
    * ``perlu_perbaikan`` and ``ditolak`` need a comment (``review.comment_required``);
    * a reviewer name is required (``review.reviewer_required``);
    * repeating the latest decision word for word is a no-op (a double click adds no row).

Conflict comparison
    :func:`conflict_comparison` puts the stored revision and the incoming one held by a
    conflict side by side (subject, template, revision, content hash, signatures) and lists
    the answers that differ, with the item labels of the template.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, func, select

from assessor_app.bundles.models import RevisionData
from assessor_app.core.clock import Clock, new_id, system_clock, utc_now_iso
from assessor_app.core.errors import InvalidValueError, NotFoundError, StateError
from assessor_app.core.textcheck import check_text
from assessor_app.services import sync_records as rec
from assessor_app.services.models import FINAL_STATUSES
from assessor_app.services.sync import ConflictInfo, SyncService
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import AssessmentRow, AuditRow, ReviewRow, TemplateRow
from assessor_app.vocabulary import REVIEW_STATUSES

__all__ = [
    "FINAL_STATUSES",
    "NEEDS_COMMENT",
    "NEEDS_FINAL",
    "REVIEW_STATUSES",
    "AnswerChange",
    "ConflictComparison",
    "Review",
    "ReviewItem",
    "ReviewService",
    "RevisionSummary",
    "conflict_comparison",
]

log = logging.getLogger(__name__)

#: Statuses that only make sense for a finalised (or signed, or locked) revision.
NEEDS_FINAL = frozenset({"disetujui", "ditolak"})
#: Statuses that must say why.
NEEDS_COMMENT = frozenset({"perlu_perbaikan", "ditolak"})
#: Key of :meth:`ReviewService.counts` for finalised assessments without any review.
NOT_REVIEWED = "none"
MAX_COMMENT = 4000
_CHUNK = 500


@dataclass(frozen=True)
class Review:
    """One decision (one ``review`` row)."""

    id: str
    assessment_id: str
    seq: int
    revision: int
    revision_id: str
    status: str
    comment: str | None
    reviewer: str
    created_at: str


@dataclass(frozen=True)
class ReviewItem:
    """An assessment's current revision with its current review (None: not reviewed)."""

    assessment_id: str
    revision_id: str
    revision: int
    subject_name: str
    template_code: str
    status: str  # the assessment's status (draft | complete | signed | locked)
    verdict: str | None
    score_percent: float | None
    finalised_at: str | None
    review: Review | None
    template_kind: str | None = None  # competency | institutional (None: not installed)

    @property
    def review_outdated(self) -> bool:
        """The review was given to an older revision than the current one."""
        return self.review is not None and self.review.revision != self.revision


def _review(r: ReviewRow) -> Review:
    return Review(r.id, r.assessment_id, r.seq, r.revision, r.revision_id, r.status,
                  r.comment, r.reviewer, r.created_at)


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


@dataclass
class ReviewService:
    engine: Any
    clock: Clock = system_clock

    # -------------------------------------------------------------- writing

    def set_status(self, assessment_id: str, status: str, comment: str | None,
                   reviewer: str) -> Review:
        """Record a decision on the assessment's current revision (see module rules).

        ``assessment_id`` may also be the id of one of its revisions."""
        status = (status or "").strip().lower()
        if status not in REVIEW_STATUSES:
            raise InvalidValueError("review.bad_status", status=status,
                                    allowed=", ".join(REVIEW_STATUSES))
        check_text(comment, "comment")
        text = (comment or "").strip() or None
        if status in NEEDS_COMMENT and text is None:
            raise InvalidValueError("review.comment_required", status=status)
        if text is not None and len(text) > MAX_COMMENT:
            raise InvalidValueError("review.comment_too_long", max=MAX_COMMENT)
        who = " ".join((reviewer or "").split())
        if not who:
            raise InvalidValueError("review.reviewer_required")
        now = utc_now_iso(self.clock)
        with write_session(self.engine) as s:
            current = self._current_revision(s, assessment_id)
            if status in NEEDS_FINAL and current.status not in FINAL_STATUSES:
                raise StateError("review.not_final", ref=current.assessment_id[:8],
                                 revision=current.revision)
            latest = s.exec(select(ReviewRow).where(
                ReviewRow.assessment_id == current.assessment_id).order_by(
                col(ReviewRow.seq).desc())).first()
            if latest is not None and (latest.status, latest.comment, latest.revision,
                                       latest.reviewer) == (status, text, current.revision,
                                                            who):
                return _review(latest)
            row = ReviewRow(id=new_id(), assessment_id=current.assessment_id,
                            seq=(latest.seq if latest else 0) + 1, revision=current.revision,
                            revision_id=current.id, status=status, comment=text,
                            reviewer=who, created_at=now)
            s.add(row)
            s.add(AuditRow(at=now, actor=who, action="review", entity="assessment",
                           entity_id=current.assessment_id, field="review_status",
                           old=latest.status if latest else None, new=status))
        log.info("review %s r%d: %s", row.assessment_id[:8], row.revision, status)
        return _review(row)

    @staticmethod
    def _current_revision(s: Any, ref: str) -> AssessmentRow:
        ref = (ref or "").strip().lower()
        row = s.exec(select(AssessmentRow).where(
            AssessmentRow.assessment_id == ref,
            AssessmentRow.is_current == True)).first()  # noqa: E712
        if row is None:
            by_id = s.get(AssessmentRow, ref) if ref else None
            if by_id is not None:
                row = s.exec(select(AssessmentRow).where(
                    AssessmentRow.assessment_id == by_id.assessment_id,
                    AssessmentRow.is_current == True)).first() or by_id  # noqa: E712
        if row is None:
            raise NotFoundError("assessment.not_found", ref=ref)
        return row  # type: ignore[no-any-return]

    # -------------------------------------------------------------- reading

    def current(self, assessment_id: str) -> Review | None:
        """The latest decision, or None when the assessment was never reviewed."""
        with read_session(self.engine) as s:
            aid = self._current_revision(s, assessment_id).assessment_id
            row = s.exec(select(ReviewRow).where(ReviewRow.assessment_id == aid).order_by(
                col(ReviewRow.seq).desc())).first()
        return _review(row) if row is not None else None

    def history(self, assessment_id: str) -> list[Review]:
        """Every decision, oldest first."""
        with read_session(self.engine) as s:
            aid = self._current_revision(s, assessment_id).assessment_id
            rows = s.exec(select(ReviewRow).where(ReviewRow.assessment_id == aid).order_by(
                col(ReviewRow.seq))).all()
        return [_review(r) for r in rows]

    def statuses(self, assessment_ids: Iterable[str]) -> dict[str, Review]:
        """The current review of each given assessment that has one (one query per 500)."""
        ids = sorted({a for a in assessment_ids if a})
        out: dict[str, Review] = {}
        with read_session(self.engine) as s:
            for chunk in _chunks(ids):
                latest = select(ReviewRow.assessment_id, func.max(ReviewRow.seq).label("m")
                                ).where(col(ReviewRow.assessment_id).in_(chunk)).group_by(
                    col(ReviewRow.assessment_id)).subquery()
                rows = s.exec(select(ReviewRow).join(
                    latest, (col(ReviewRow.assessment_id) == latest.c.assessment_id)
                    & (col(ReviewRow.seq) == latest.c.m))).all()
                for r in rows:
                    out[r.assessment_id] = _review(r)
        return out

    def counts(self) -> dict[str, int]:
        """Finalised assessments (current revisions) per current review status; key
        ``"none"`` counts those not reviewed in their current revision (never reviewed, or
        a correction sent after "Perlu perbaikan": pending review again). Every key is
        present."""
        out = {k: 0 for k in (NOT_REVIEWED, *REVIEW_STATUSES)}
        with read_session(self.engine) as s:
            rows = list(s.exec(select(AssessmentRow.assessment_id, AssessmentRow.revision).where(
                AssessmentRow.is_current == True,  # noqa: E712
                col(AssessmentRow.status).in_(FINAL_STATUSES))).all())
        current = self.statuses(aid for aid, _rev in rows)
        for aid, revision in rows:
            review = current.get(aid)
            key = review.status if review is not None and review.revision == revision \
                else NOT_REVIEWED
            out[key] = out.get(key, 0) + 1
        return out

    def overview(self, status: str | None = None, search: str = "", *,
                 include_drafts: bool = False, limit: int = 2000) -> list[ReviewItem]:
        """Current revisions with their review, newest finalised first.

        ``status`` filters by review status (``"none"``: not reviewed in the current
        revision, as :meth:`counts`); ``search``
        matches subject, template code or the start of the assessment id."""
        if status is not None and status not in (NOT_REVIEWED, *REVIEW_STATUSES):
            raise InvalidValueError("review.bad_status", status=status,
                                    allowed=", ".join(REVIEW_STATUSES))
        with read_session(self.engine) as s:
            q: Any = select(AssessmentRow).where(AssessmentRow.is_current == True)  # noqa: E712
            if not include_drafts:
                q = q.where(col(AssessmentRow.status).in_(FINAL_STATUSES))
            needle = search.strip()
            if needle:
                like = f"%{needle.lower()}%"
                q = q.where(func.lower(AssessmentRow.subject_name).like(like)
                            | func.lower(AssessmentRow.template_code).like(like)
                            | col(AssessmentRow.assessment_id).startswith(needle.lower()))
            rows = list(s.exec(q.order_by(col(AssessmentRow.finalised_at).desc(),
                                          col(AssessmentRow.updated_at).desc(),
                                          col(AssessmentRow.id))).all())
            kinds = {tid: kind for tid, kind in s.exec(select(TemplateRow.id,
                                                              TemplateRow.kind)).all()}
        reviews = self.statuses(r.assessment_id for r in rows)
        out: list[ReviewItem] = []
        for r in rows:
            review = reviews.get(r.assessment_id)
            # a review of an older revision leaves the current one to review (a correction)
            reviewed = review is not None and review.revision == r.revision
            if status == NOT_REVIEWED and reviewed:
                continue
            if status not in (None, NOT_REVIEWED) and (not reviewed or review is None or
                                                       review.status != status):
                continue
            out.append(ReviewItem(r.assessment_id, r.id, r.revision, r.subject_name,
                                  r.template_code, r.status, r.verdict, r.score_percent,
                                  r.finalised_at, review, kinds.get(r.template_id)))
            if len(out) >= limit:
                break
        return out


# ------------------------------------------------------------------ conflicts side by side


@dataclass(frozen=True)
class RevisionSummary:
    revision: int
    supersedes: int | None
    revision_reason: str | None
    subject_name: str
    template_code: str
    template_version: str
    status: str
    content_sha256: str
    score_percent: float | None
    verdict: str | None
    finalised_at: str | None
    updated_at: str
    answers: int  # non-empty answers
    evidence: int
    signatures: list[str] = field(default_factory=list)  # signer roles
    template_kind: str | None = None  # competency | institutional (None: not installed)


@dataclass(frozen=True)
class AnswerChange:
    item: str
    label: str  # the template's label of the item in the chosen language ("" if unknown)
    row: int | None  # 1-based row of a repeat table; None for ordinary items
    stored: str | None  # None: no answer
    incoming: str | None
    note_changed: bool = False


@dataclass(frozen=True)
class ConflictComparison:
    conflict: ConflictInfo
    stored: RevisionSummary | None  # None: the stored revision is gone (resolved since)
    incoming: RevisionSummary
    changes: list[AnswerChange]


def _summary(data: RevisionData, version: str, kind: str | None) -> RevisionSummary:
    return RevisionSummary(
        revision=data.revision, supersedes=data.supersedes,
        revision_reason=data.revision_reason, subject_name=data.subject_name,
        template_code=data.template_code, template_version=version, status=data.status,
        content_sha256=data.content_sha256, score_percent=data.score_percent,
        verdict=data.verdict, finalised_at=data.finalised_at, updated_at=data.updated_at,
        answers=sum(1 for a in data.answers if a.value != ""), evidence=len(data.evidence),
        signatures=sorted(g.role for g in data.signatures), template_kind=kind)


def _answer_map(data: RevisionData) -> dict[tuple[str, int | None], tuple[str, str | None]]:
    """(item, 1-based repeat row or None) -> (value, note)."""
    position: dict[str, int] = {}
    for repeat in sorted({r.repeat for r in data.repeat_rows}):
        rows = sorted((r for r in data.repeat_rows if r.repeat == repeat),
                      key=lambda r: (r.position, r.id))
        for n, r in enumerate(rows, start=1):
            position[r.id] = n
    out: dict[tuple[str, int | None], tuple[str, str | None]] = {}
    for a in data.answers:
        row = position.get(a.row_id, 0) if a.row_id else None
        out[(a.item, row)] = (a.value, a.note)
    return out


def conflict_comparison(sync: SyncService, conflict_id: str, lang: str = "id"
                        ) -> ConflictComparison:
    """The stored and the incoming revision of a conflict, and the answers that differ."""
    info = next((c for c in sync.conflicts(include_resolved=True) if c.id == conflict_id), None)
    if info is None:
        raise NotFoundError("conflict.not_found", ref=conflict_id)
    incoming = sync.conflict_payload(conflict_id)
    stored: RevisionData | None = None
    with read_session(sync.engine) as s:
        q = select(AssessmentRow).where(AssessmentRow.assessment_id == info.assessment_id)
        if info.stored_revision is not None:
            q = q.where(AssessmentRow.revision == info.stored_revision)
        else:
            q = q.where(AssessmentRow.is_current == True)  # noqa: E712
        row = s.exec(q).first()
        if row is not None:
            stored = rec.revision_data(s, row)

    def template_of(template_id: str) -> Any:
        try:
            return sync.templates.get(template_id)
        except NotFoundError:
            return None

    t_in = template_of(incoming.template_id)
    t_st = template_of(stored.template_id) if stored is not None else None
    incoming_summary = _summary(incoming, t_in.version if t_in is not None else "?",
                                t_in.kind.value if t_in is not None else None)
    stored_summary = _summary(stored, t_st.version if t_st is not None else "?",
                              t_st.kind.value if t_st is not None else None) \
        if stored is not None else None

    changes: list[AnswerChange] = []
    if stored is not None:
        a, b = _answer_map(stored), _answer_map(incoming)
        order: dict[str, int] = {}
        template = t_in or t_st
        if template is not None:
            order = {it.name: n for n, it in enumerate(template.walk_items())}
        for key in sorted(set(a) | set(b), key=lambda k: (order.get(k[0], 1 << 30), k[0],
                                                          k[1] or 0)):
            old, new = a.get(key), b.get(key)
            old_value = old[0] if old and old[0] != "" else None
            new_value = new[0] if new and new[0] != "" else None
            note_changed = (old[1] if old else None) != (new[1] if new else None)
            if old_value == new_value and not note_changed:
                continue
            label = ""
            item = template.find_item(key[0]) if template is not None else None
            if item is not None:
                label = item.label.get(lang) or ""
            changes.append(AnswerChange(key[0], label, key[1], old_value, new_value,
                                        note_changed))
    return ConflictComparison(info, stored_summary, incoming_summary, changes)
