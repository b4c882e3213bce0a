"""The consent register (UU 27/2022 PDP: consent is the lawful basis here, and it can be
withdrawn; DOMAIN.md section 6).

Where consents come from:

* an asesi's signed FR.AK.01 (Persetujuan Asesmen dan Kerahasiaan): written when the
  form locks (:meth:`AssessmentService.sign`, method ``FR.AK.01``);
* an institutional visit: when an institutional record locks with the head of the LPK's
  signature (method ``kelembagaan``), or recorded by hand (method ``manual``) for an
  asesi or for the head of an institution.

A withdrawal never deletes the consent: the row is kept and marked (when, why, who
recorded it). Its consequences (:meth:`ConsentService.consequences`): no new assessment
of that person or institution starts on this laptop (until a new consent is recorded);
what was already processed under it stays until the office confirms it holds it, and is
then removed from the laptop by the retention purge at once, without waiting for the
retention period; drafts never sent stay on the laptop until someone deletes them.

A consent and its withdrawal travel to the office in the next result bundle that
carries a record of the same person or institution (docs/formats/result-bundle-v2.md,
``consent_register``); the office's receipt for that bundle marks it delivered. A
withdrawal recorded at the office travels back to every laptop holding records of that
person or institution in the office's next receipt (docs/formats/receipt-v4.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import distinct, func, or_
from sqlmodel import Session, col, select

from assessor_app.core.clock import Clock, local_moment, new_id, system_clock, utc_now_iso
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError, StateError
from assessor_app.core.textcheck import check_texts
from assessor_app.services.models import Consent, view
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessmentOwnerRow,
    AssessmentRow,
    AuditRow,
    ConsentRow,
    InstitutionRow,
    VisitRow,
)

#: Methods: the signed form, an institutional record signed by the head, by hand.
METHOD_AK01, METHOD_INSTITUTION, METHOD_MANUAL = "FR.AK.01", "kelembagaan", "manual"
#: Signer roles of the head of an LPK/BLK on institutional templates.
HEAD_ROLES = frozenset({"kepala_lpk", "pimpinan_lpk", "pimpinan"})
INSTITUTION_PURPOSE = ("Visitasi/penilaian kelembagaan dan pengelolaan hasilnya (nama, "
                       "jabatan dan tanda tangan pimpinan lembaga)")
MAX_TEXT = 4_000
MAX_NAME, MAX_PURPOSE = 200, 1_000


@dataclass(frozen=True)
class ConsentView:
    """A register entry with the name of whom it is about (for lists and reports)."""

    consent: Consent
    subject_name: str

    @property
    def id(self) -> str:
        return self.consent.id


@dataclass(frozen=True)
class Consequences:
    """What withdrawing a consent means for the records of its person or institution on
    this laptop (shown before the withdrawal is confirmed, and after it)."""

    consent: ConsentView
    drafts: int  # drafts never sent: stay until someone deletes them
    waiting: int  # final records the office has not confirmed: kept until it does
    received: int  # confirmed by the office: removed by the next retention purge
    other_active: int  # other consents of the same subject still in force
    # office side: the laptops whose records are about the subject; the office's next
    # receipts take the withdrawal to them (docs/formats/receipt-v4.md)
    laptops: int = 0


def _ref(ref: str) -> str:
    ref = ref.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{4,32}", ref):
        raise NotFoundError("consent.not_found", ref=ref[:40])
    return ref


def subject_blocked(s: Session, *, assessee_id: str | None = None,
                    institution_id: str | None = None) -> ConsentRow | None:
    """The withdrawn consent that stops new assessments of this subject: the latest
    withdrawal, unless a consent was given after it (a new consent lifts it). None: not
    blocked."""
    if assessee_id:
        q = select(ConsentRow).where(ConsentRow.assessee_id == assessee_id)
    elif institution_id:
        q = select(ConsentRow).where(ConsentRow.institution_id == institution_id)
    else:
        return None
    rows = s.exec(q).all()
    withdrawn = [r for r in rows if r.withdrawn_at is not None]
    if not withdrawn:
        return None
    last = max(withdrawn, key=lambda r: r.withdrawn_at or "")
    renewed = any(r.withdrawn_at is None and r.given_at > (last.withdrawn_at or "")
                  for r in rows)
    return None if renewed else last


def _name(actor: str | None) -> str | None:
    """Who recorded it, as long as the exchange formats carry a name."""
    return actor[:MAX_NAME] if actor else actor


def _kind(row: ConsentRow) -> str:
    return "assessee" if row.assessee_id else "institution"


@dataclass
class ConsentService:
    engine: Any
    clock: Clock = system_clock
    actor: Callable[[], str | None] = lambda: None

    def _now(self) -> str:
        return utc_now_iso(self.clock)

    # ------------------------------------------------------------ reading

    def list(self, *, subject_kind: str | None = None, subject_id: str | None = None,
             include_withdrawn: bool = True) -> list[ConsentView]:
        """Register entries, the newest first (of one subject when given)."""
        q = select(ConsentRow)
        if subject_id is not None:
            q = q.where(or_(col(ConsentRow.assessee_id) == subject_id,
                            col(ConsentRow.institution_id) == subject_id))
        if subject_kind == "assessee":
            q = q.where(col(ConsentRow.assessee_id).is_not(None))
        elif subject_kind == "institution":
            q = q.where(col(ConsentRow.institution_id).is_not(None))
        if not include_withdrawn:
            q = q.where(col(ConsentRow.withdrawn_at).is_(None))
        with read_session(self.engine) as s:
            rows = s.exec(q.order_by(col(ConsentRow.given_at).desc(),
                                     col(ConsentRow.id))).all()
            return [self._view(s, r) for r in rows]

    def get(self, ref: str) -> ConsentView:
        """By id or a unique id prefix (>= 4 hex digits)."""
        ref = _ref(ref)
        with read_session(self.engine) as s:
            row = s.get(ConsentRow, ref)
            if row is None:
                rows = s.exec(select(ConsentRow).where(
                    col(ConsentRow.id).startswith(ref))).all()
                if len(rows) > 1:
                    raise AppError("consent.ambiguous", ref=ref)
                row = rows[0] if rows else None
            if row is None:
                raise NotFoundError("consent.not_found", ref=ref)
            return self._view(s, row)

    @staticmethod
    def _view(s: Session, row: ConsentRow) -> ConsentView:
        name = ""
        if row.assessee_id:
            person = s.get(AssesseeRow, row.assessee_id)
            name = person.name if person is not None else ""
        elif row.institution_id:
            inst = s.get(InstitutionRow, row.institution_id)
            name = inst.name if inst is not None else ""
        return ConsentView(view(Consent, row), name)

    def consequences(self, ref: str) -> Consequences:
        entry = self.get(ref)
        c = entry.consent
        with read_session(self.engine) as s:
            key = AssessmentRow.assessee_id if c.assessee_id else AssessmentRow.institution_id
            rows = s.exec(select(AssessmentRow).where(
                key == c.subject_id, AssessmentRow.is_current == True)).all()  # noqa: E712
            others = s.exec(select(ConsentRow).where(
                or_(col(ConsentRow.assessee_id) == c.subject_id,
                    col(ConsentRow.institution_id) == c.subject_id),
                ConsentRow.id != c.id, col(ConsentRow.withdrawn_at).is_(None))).all()
            laptops = s.exec(select(func.count(distinct(col(AssessmentOwnerRow.device_id)))).where(
                col(AssessmentOwnerRow.assessment_id).in_(
                    select(AssessmentRow.assessment_id).where(key == c.subject_id)))).one()
        drafts = sum(1 for r in rows if r.status == "draft")
        received = sum(1 for r in rows if r.status != "draft" and r.received_at)
        return Consequences(entry, drafts, len(rows) - drafts - received, received,
                            len(others), int(laptops or 0))

    # ------------------------------------------------------------ writing

    def record(self, *, given_by: str, scope: str, assessee_id: str | None = None,
               institution_id: str | None = None, visit_id: str | None = None,
               given_at: str | None = None, purpose: str | None = None,
               guardian_name: str | None = None, zone: str = "WIB") -> ConsentView:
        """Record a consent by hand: an asesi's (``assessee_id``) or an institution
        head's (``institution_id``, ``given_by`` the head's name). ``given_at``: the
        day (``YYYY-MM-DD``) or day and time it was given, in ``zone`` (default now)."""
        if bool(assessee_id) == bool(institution_id):
            raise InvalidValueError("consent.one_subject")
        given_by = " ".join((given_by or "").split())
        scope = (scope or "").strip()
        if not given_by:
            raise InvalidValueError("value.required", field="given_by")
        if not scope:
            raise InvalidValueError("value.required", field="scope")
        # names as long as the exchange formats carry them (bundles/models.py: Short, Name)
        for key, text, limit in (("given_by", given_by, MAX_NAME), ("scope", scope, MAX_TEXT),
                                 ("purpose", purpose, MAX_PURPOSE),
                                 ("guardian_name", guardian_name, MAX_NAME)):
            if text is not None and len(text) > limit:
                raise InvalidValueError("value.too_long", item=key, max=limit)
        check_texts({"given_by": given_by, "scope": scope, "purpose": purpose,
                     "guardian_name": guardian_name})
        moment = local_moment(given_at, zone, item="given_at") if given_at else self._now()
        now = self._now()
        row = ConsentRow(
            id=new_id(), assessee_id=assessee_id, institution_id=institution_id,
            visit_id=visit_id, purpose=(purpose or scope).strip()[:MAX_PURPOSE],
            text_version=METHOD_MANUAL, method=METHOD_MANUAL, given_at=moment,
            guardian_name=guardian_name or None, scope=scope, given_by=given_by,
            recorded_by=_name(self.actor()))
        with write_session(self.engine) as s:
            if assessee_id and s.get(AssesseeRow, assessee_id) is None:
                raise NotFoundError("subject.not_found", ref=assessee_id, kind="assessee")
            if institution_id and s.get(InstitutionRow, institution_id) is None:
                raise NotFoundError("subject.not_found", ref=institution_id,
                                    kind="institution")
            if visit_id and s.get(VisitRow, visit_id) is None:
                raise NotFoundError("subject.not_found", ref=visit_id, kind="visit")
            s.add(row)
            s.add(AuditRow(at=now, actor=self.actor(), action="consent", entity="consent",
                           entity_id=row.id, field=_kind(row),
                           new=f"{row.method}: {row.assessee_id or row.institution_id}"))
            s.flush()
            return self._view(s, row)

    def withdraw(self, ref: str, reason: str, *, at: str | None = None,
                 zone: str = "WIB") -> Consequences:
        """Mark a consent withdrawn (``at``: the day or moment it was withdrawn, in
        ``zone``; default now). Refused without a reason and when it is withdrawn
        already. The row is kept; it travels to the office again with the next bundle."""
        reason = (reason or "").strip()
        if not reason:
            raise InvalidValueError("consent.reason_required")
        if len(reason) > MAX_TEXT:
            raise InvalidValueError("value.too_long", item="reason", max=MAX_TEXT)
        check_texts({"reason": reason})
        entry = self.get(ref)
        moment = local_moment(at, zone, item="withdrawn_at") if at else self._now()
        if moment < entry.consent.given_at:
            raise InvalidValueError("consent.withdrawn_before_given",
                                    given=entry.consent.given_at[:10])
        now = self._now()
        if moment > now:  # a mistyped year would stop every later consent lifting it
            raise InvalidValueError("consent.withdrawn_in_future", at=moment[:10])
        with write_session(self.engine) as s:
            row = s.get(ConsentRow, entry.id)
            assert row is not None
            if row.withdrawn_at is not None:
                raise StateError("consent.already_withdrawn", at=row.withdrawn_at[:10])
            row.withdrawn_at = moment
            row.withdrawn_reason = reason
            row.withdrawn_by = _name(self.actor())
            row.sent_bundle_id = None  # the new state must reach the office
            row.delivered_at = None
            s.add(row)
            s.add(AuditRow(at=now, actor=self.actor(), action="withdraw", entity="consent",
                           entity_id=row.id, field=_kind(row), old="given",
                           new=f"withdrawn {moment}"))
        return self.consequences(entry.id)


def consent_from_signature(s: Session, arow: AssessmentRow, *, form: str | None,
                           template_code: str, template_version: str,
                           signers: dict[str, str], actor: str | None, now: str,
                           guardian_name: str | None, purpose: str) -> ConsentRow | None:
    """The register entry a locked record gives (inside its transaction): a signed
    FR.AK.01 is the asesi's consent; an institutional record signed by the head of the
    LPK is the head's. ``signers``: role -> signer name. None when it gives none."""
    version = f"{template_code}@{template_version}"
    if form == METHOD_AK01 and arow.assessee_id:
        return ConsentRow(
            id=new_id(), assessee_id=arow.assessee_id, revision_id=arow.id,
            purpose=purpose, text_version=version, method=METHOD_AK01, given_at=now,
            guardian_name=guardian_name, visit_id=arow.visit_id, scope=purpose,
            given_by=signers.get("asesi"), recorded_by=_name(actor))
    head = next((signers[r] for r in sorted(HEAD_ROLES) if r in signers), None)
    if arow.subject_kind == "institution" and arow.institution_id and head:
        return ConsentRow(
            id=new_id(), institution_id=arow.institution_id, revision_id=arow.id,
            purpose=INSTITUTION_PURPOSE, text_version=version, method=METHOD_INSTITUTION,
            given_at=now, visit_id=arow.visit_id, scope=f"{template_code}: "
            f"{INSTITUTION_PURPOSE}", given_by=head, recorded_by=_name(actor))
    return None


__all__ = ["HEAD_ROLES", "METHOD_AK01", "METHOD_INSTITUTION", "METHOD_MANUAL",
           "Consequences", "ConsentService", "ConsentView", "consent_from_signature",
           "subject_blocked"]
