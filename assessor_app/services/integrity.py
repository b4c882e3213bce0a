"""Is a stored (or incoming) revision still what was signed? Recomputed, never read.

:func:`examine` takes the facts of one revision (its answers, frozen subject, template,
signatures and the values stored beside them) and recomputes everything that can be
recomputed: the content hash, score and verdict, the status the signatures allow, each
signer's Ed25519 signature, the paper code's signature and the media bytes. Each mismatch is
a problem code; a revision with no problem is intact. ``check``, ``verify``, ``report``,
sign, export and the office import all call it, so the rule lives in one place.

Problem codes (words in ``messages``: ``integrity.<code>``):

``content_changed``     the stored hash is not the hash of the stored content
``derived_changed``     score or verdict stored differs from the one the answers give
``status_changed``      the status does not follow from the signatures
``signature_invalid``   a signer's cryptographic signature is missing or does not verify
``signature_unbound``   a signature was made over another content hash
``code_invalid``        the paper code is not the device's signature of this content
``media_changed``       a photo or drawn signature no longer has the bytes it was stored as
``subject_missing``     a finalised revision without its frozen subject (made before v6)
``history_changed``     the revision history does not hold: the current revision is not the
                        highest, numbers skip, or one does not supersede the one before
``template_invalid``    the stored template no longer loads (its source was edited)
``time_invalid``        a time that does not parse strictly or lies more than a day ahead
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from assessor_app.core import integrity as core
from assessor_app.core.clock import TIMEZONES, parse_iso
from assessor_app.core.engine import Answers, Coverage, FormState
from assessor_app.core.scoring import verdict_of
from assessor_app.core.template import Template
from assessor_app.services.identity import b64decode
from assessor_app.services.models import COMPLETE, DRAFT, LOCKED, SIGNED
from assessor_app.storage.repositories import AssessmentRepository
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessmentRow,
    AssessorRow,
    EvidenceRow,
    InstitutionRow,
    MediaRow,
    SignatureRow,
    VisitAssessorRow,
    VisitRow,
)

#: In the order they are reported (the first names a refused bundle's code).
PROBLEMS = ("content_changed", "signature_unbound", "signature_invalid", "code_invalid",
            "derived_changed", "status_changed", "media_changed", "subject_missing",
            "history_changed", "template_invalid", "time_invalid")

_PROBLEM_ORDER = {p: n for n, p in enumerate(PROBLEMS)}

#: Columns of the subject rows that are frozen with a finalised revision (timestamps and
#: local flags are not part of what was assessed).
_SKIP = frozenset({"created_at", "updated_at", "is_self"})
_ROLE_ORDER = {"KETUA": 0, "LEAD": 1, "ASESOR": 2, "ANGGOTA": 3}


# ------------------------------------------------------------------ facts


@dataclass(frozen=True)
class SignedBy:
    """Who signed a revision, where and when, the image and the content they signed: the
    columns of a stored signature that both its proof and its read model carry."""

    role: str
    signer_name: str
    registration_no: str | None
    signer_title: str | None
    place: str | None
    signed_at: str
    timezone: str | None
    media_sha256: str
    content_sha256: str


@dataclass(frozen=True)
class SignatureFacts(SignedBy):
    device_id: str | None
    signature: str | None


@dataclass(frozen=True)
class RevisionFacts:
    """Everything stored for one revision that its proof depends on."""

    assessment_id: str
    revision: int
    supersedes: int | None
    revision_reason: str | None
    template: Template
    device_id: str | None
    assessor_id: str | None
    subject: Mapping[str, Any] | None  # the frozen snapshot (None for a draft)
    answers: Answers
    status: str
    stored_sha256: str | None
    score_percent: float | None
    verdict: str | None
    finalised_at: str | None
    signatures: tuple[SignatureFacts, ...]
    verification_code: str | None
    code_signature: str | None
    evidence: tuple[dict[str, Any], ...] = ()  # every evidence row (evidence_facts)
    created_at: str | None = None
    # columns that only repeat what the record says (checked against it when given)
    template_code: str | None = None
    subject_name: str | None = None
    locked_at: str | None = None
    subject_ids: Mapping[str, Any] | None = None  # kind, institution/assessee/visit ids
    updated_at: str | None = None


@dataclass(frozen=True)
class SignerCheck:
    role: str
    signer_name: str
    device_id: str | None
    ok: bool
    problem: str | None  # signature_invalid | signature_unbound


@dataclass(frozen=True)
class IntegrityReport:
    assessment_id: str
    revision: int
    revision_id: str | None
    status: str
    content_sha256: str  # recomputed now
    stored_sha256: str | None
    expected_status: str
    score_percent: float | None  # recomputed
    verdict: str | None  # recomputed
    signers: tuple[SignerCheck, ...]
    problems: tuple[str, ...]
    details: tuple[str, ...] = ()
    #: the stored answers the recomputed hash covers (what export sends, import stores)
    coverage: Coverage | None = field(default=None, compare=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {"assessment_id": self.assessment_id, "revision": self.revision,
                "revision_id": self.revision_id, "status": self.status,
                "content_sha256": self.content_sha256, "stored_sha256": self.stored_sha256,
                "expected_status": self.expected_status, "ok": self.ok,
                "problems": list(self.problems), "details": list(self.details),
                "signers": [{"role": g.role, "ok": g.ok, "problem": g.problem,
                             "device_id": g.device_id} for g in self.signers]}


KeyCheck = Callable[[str | None, str | None, bytes], bool]
MediaHash = Callable[[str], str | None]  # the SHA-256 of the bytes stored under a key


# ------------------------------------------------------------------ the rule


def effective_date(finalised_at: str | None, subject: Mapping[str, Any] | None,
                   now: dt.datetime) -> dt.date:
    """The 'today' a revision's calculations see: its finalisation date in the visit's
    time zone (so a calculation with today() gives the same record at the office next year),
    or now for a draft."""
    zone = TIMEZONES["WIB"]
    visit = (subject or {}).get("visit") if subject else None
    if isinstance(visit, Mapping):
        zone = TIMEZONES.get(str(visit.get("timezone") or "WIB"), zone)
    moment = now
    if finalised_at:
        parsed = core.parse_timestamp(finalised_at)
        if parsed is None:
            try:
                parsed = parse_iso(finalised_at)
            except ValueError:
                parsed = None
        if parsed is not None:
            moment = parsed
    return moment.astimezone(zone).date()


def content_hash_of(f: RevisionFacts, state: FormState,
                    record: Mapping[str, Any] | None = None) -> str:
    """The content hash of ``f`` (``record``: ``state.record()`` when the caller has it)."""
    t = f.template
    return core.content_hash(
        assessment_id=f.assessment_id, revision=f.revision, supersedes=f.supersedes,
        revision_reason=f.revision_reason, template_code=t.code, template_version=t.version, template_sha256=t.sha256,
        device_id=f.device_id, assessor_id=f.assessor_id, subject=f.subject,
        record=state.record() if record is None else record, evidence=f.evidence,
        created_at=f.created_at,
        finalised_at=f.finalised_at)


def expected_status(template: Template, content: str | None,
                    signatures: Iterable[SignatureFacts], valid_roles: set[str]) -> str:
    if content is None:
        return DRAFT
    roles = {g.role for g in signatures}
    if not roles:
        return COMPLETE
    needed = {s.role for s in template.signers if s.required}
    return LOCKED if needed <= (roles & valid_roles) else SIGNED


def signature_bytes(f: RevisionFacts, g: SignatureFacts, content_sha256: str) -> bytes:
    return core.signature_message(
        assessment_id=f.assessment_id, revision=f.revision, content_sha256=content_sha256,
        role=g.role, signer_name=g.signer_name, registration_no=g.registration_no,
        signer_title=g.signer_title, place=g.place, signed_at=g.signed_at,
        timezone=g.timezone, media_sha256=g.media_sha256, device_id=g.device_id or "")


@dataclass(frozen=True)
class Walked:
    """A revision's form evaluated as :func:`examine` evaluates it: the state, the record
    its content hash is computed from, and the stored answers that record covers."""

    state: FormState
    record: dict[str, Any]
    coverage: Coverage


def walk(f: RevisionFacts, *, now: dt.datetime) -> Walked:
    """The first step of :func:`examine`, on its own: an export needs the coverage to
    build the bundle and proves the record while the bundle is being written."""
    state = FormState(f.template, f.answers, today=effective_date(f.finalised_at, f.subject, now))
    record, coverage = state.effective()
    return Walked(state, record, coverage)


def examine(f: RevisionFacts, key_check: KeyCheck, media_hash: MediaHash | None, *,
            now: dt.datetime, revision_id: str | None = None,
            walked: Walked | None = None) -> IntegrityReport:
    """Everything that is wrong with revision ``f``: its content hash, score, verdict,
    status and copies recomputed from its answers, its verification code and signatures
    checked (``key_check``), its media hashed again (``media_hash``; None: not checked).
    ``walked``: :func:`walk` of ``f`` at ``now``, when the caller made it already."""
    walked = walked or walk(f, now=now)
    state, record, coverage = walked.state, walked.record, walked.coverage
    percent, verdict = verdict_of(state)
    digest = content_hash_of(f, state, record)
    problems: list[str] = []
    details: list[str] = []
    final = f.status != DRAFT
    if final:
        if f.subject is None:
            problems.append("subject_missing")
        if f.stored_sha256 != digest:
            problems.append("content_changed")
        if not _same_number(f.score_percent, percent) or f.verdict != verdict:
            problems.append("derived_changed")
            details.append(f"stored {f.verdict}/{f.score_percent}, "
                           f"recomputed {verdict}/{percent}")
        snap: Mapping[str, Any] = f.subject if isinstance(f.subject, Mapping) else {}
        copies: dict[str, tuple[Any, Any]] = {
            "template_code": (f.template_code, f.template.code),
            "subject_name": (f.subject_name, snap.get("name")),
            # (a lock without signatures is a status problem, reported as such)
            "locked_at": (f.locked_at, max(g.signed_at for g in f.signatures)
                          if f.status == LOCKED and f.signatures else
                          None if f.status != LOCKED else f.locked_at)}
        for key, part in (("institution_id", "institution"), ("assessee_id", "assessee"),
                          ("visit_id", "visit")):
            if f.subject_ids is not None:
                frozen = snap.get(part)
                copies[key] = (f.subject_ids.get(key) or "",
                               (frozen.get("id") if isinstance(frozen, Mapping) else "") or "")
        if f.subject_ids is not None:
            copies["subject_kind"] = (f.subject_ids.get("subject_kind"), snap.get("kind"))
        for name, (stored, derived) in copies.items():
            if (stored is not None or name == "locked_at") and stored != derived:
                problems.append("derived_changed")
                details.append(f"{name} stored {str(stored)[:40]}, record {str(derived)[:40]}")
        stamps = [("created_at", f.created_at, True), ("updated_at", f.updated_at, True),
                  ("finalised_at", f.finalised_at, False), ("locked_at", f.locked_at, True)]
        stamps += [(f"signed_at {g.role}", g.signed_at, False) for g in f.signatures]
        for name, value, optional in stamps:
            if core.timestamp_problem(value, now, optional=optional) is not None:
                problems.append("time_invalid")
                details.append(f"{name}: {str(value)[:40]}")
        code_msg = core.code_message(assessment_id=f.assessment_id, revision=f.revision,
                                     content_sha256=digest)
        if not key_check(f.device_id, f.code_signature, code_msg) or \
                f.verification_code != _code_of(f.code_signature):
            problems.append("code_invalid")
    signers: list[SignerCheck] = []
    valid_roles: set[str] = set()
    for g in f.signatures:
        problem = None
        if g.content_sha256 != digest:
            problem = "signature_unbound"
        elif g.device_id != f.device_id or \
                not key_check(g.device_id, g.signature, signature_bytes(f, g, digest)):
            problem = "signature_invalid"
        else:
            valid_roles.add(g.role)
        if problem is not None and problem not in problems:
            problems.append(problem)
        if problem is not None:
            details.append(f"{g.role}: {problem}")
        signers.append(SignerCheck(g.role, g.signer_name, g.device_id, problem is None,
                                   problem))
    if not final and (f.signatures or f.stored_sha256 or f.verification_code or
                      f.code_signature):
        problems.append("status_changed")  # a finalised record turned back into a draft
    expected = expected_status(f.template, digest if final else None, f.signatures,
                               valid_roles)
    if final and f.status != expected and "status_changed" not in problems:
        problems.append("status_changed")
        details.append(f"status {f.status}, the signatures give {expected}")
    if media_hash is not None:
        wanted = {g.media_sha256 for g in f.signatures}
        for files in f.answers.evidence.values():
            wanted.update(files)
        for sha in sorted(wanted):
            if media_hash(sha) != sha:
                problems.append("media_changed")
                details.append(f"media {sha[:12]}")
                break
    problems = sorted(set(problems), key=lambda p: _PROBLEM_ORDER.get(p, 99))
    return IntegrityReport(f.assessment_id, f.revision, revision_id, f.status, digest,
                           f.stored_sha256, expected, percent, verdict,
                           tuple(signers), tuple(problems), tuple(details), coverage)


def _same_number(a: object, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if not isinstance(a, int | float) or isinstance(a, bool):
        return False  # a stored value that is not even a number
    return math.isclose(float(a), b, rel_tol=0, abs_tol=1e-6)


def history_problems(rows: Sequence[Any]) -> dict[str, str]:
    """Revision id -> what is wrong with one assessment's history (``rows``: all its
    revisions): the highest revision must be the only current one, numbers run 1..n and
    each revision supersedes the one before it."""
    out: dict[str, str] = {}
    if not rows:
        return out
    ordered = sorted(rows, key=lambda r: r.revision)
    top = ordered[-1]
    if [r.revision for r in ordered] != list(range(1, len(ordered) + 1)):
        out[top.id] = "revisions " + ",".join(str(r.revision) for r in ordered)
    for prev, nxt in zip(ordered, ordered[1:], strict=False):
        if nxt.supersedes != prev.revision:
            out.setdefault(nxt.id, f"r{nxt.revision} supersedes {nxt.supersedes}")
    for r in ordered:
        if bool(r.is_current) != (r is top):
            out.setdefault(top.id, f"current is r{r.revision}" if r.is_current else
                           f"r{top.revision} is not current")
    return out


def _code_of(code_signature: str | None) -> str | None:
    raw = b64decode(code_signature or "")
    return core.code_from_signature(raw) if len(raw) == 64 else None


# ------------------------------------------------------------------ from the database


def subject_snapshot(s: Session, row: AssessmentRow) -> dict[str, Any]:
    """The subject and header of a revision as they are now in the store (frozen into the
    revision when it is finalised)."""
    def dump(obj: Any) -> dict[str, Any] | None:
        if obj is None:
            return None
        return {k: v for k, v in obj.model_dump().items() if k not in _SKIP}

    inst = s.get(InstitutionRow, row.institution_id) if row.institution_id else None
    assessee = s.get(AssesseeRow, row.assessee_id) if row.assessee_id else None
    visit = s.get(VisitRow, row.visit_id) if row.visit_id else None
    assessor = s.get(AssessorRow, row.assessor_id) if row.assessor_id else None
    team: list[dict[str, Any]] = []
    if visit is not None:
        members = s.exec(select(AssessorRow, VisitAssessorRow.role).join(
            VisitAssessorRow,
            VisitAssessorRow.assessor_id == AssessorRow.id,  # type: ignore[arg-type]
        ).where(VisitAssessorRow.visit_id == visit.id)).all()
        for person, role in sorted(members, key=lambda x: (_ROLE_ORDER.get(x[1], 9),
                                                           x[0].name, x[0].id)):
            entry = dump(person) or {}
            entry["role"] = role
            team.append(entry)
    return {"kind": row.subject_kind, "name": row.subject_name, "institution": dump(inst),
            "assessee": dump(assessee), "visit": dump(visit), "assessor": dump(assessor),
            "team": team}


def load_snapshot(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def dump_snapshot(snapshot: Mapping[str, Any]) -> str:
    return core.canonical_json(dict(snapshot)).decode("utf-8")


def answers_from_db(s: Session, revision_id: str) -> Answers:
    """Everything stored for a revision, read as plain columns (no ORM objects). The open
    session's pending changes are flushed first, so the read sees them."""
    s.flush()
    got = AssessmentRepository.answers(s.connection(), revision_id)
    return Answers(got.values, got.notes, got.rows, got.evidence, got.prefilled)


def evidence_facts(rows: Sequence[Any]) -> tuple[dict[str, Any], ...]:
    """Evidence rows as hashed: what a report prints beside each file, in print order."""
    def order(e: Any) -> tuple[int, str, str, str]:
        pos = e.position if isinstance(e.position, int) else 1 << 30  # garbage sorts last
        return (pos, str(e.item), str(e.row_id), str(e.media_sha256))

    def fact(e: Any) -> dict[str, Any]:
        out = {"item": e.item, "row": e.row_id, "position": e.position,
               "sha256": e.media_sha256, "caption": e.caption,
               "original_name": e.original_name}
        # when/where a photo was taken (schema v8): only when known, so a record made
        # before it existed hashes exactly as it did
        for key in ("taken_at", "latitude", "longitude"):
            value = getattr(e, key, None)
            if value is not None:
                out[key] = value
        return out

    return tuple(fact(e) for e in sorted(rows, key=order))


def signature_facts(rows: Sequence[Any]) -> tuple[SignatureFacts, ...]:
    return tuple(SignatureFacts(g.role, g.signer_name, g.registration_no, g.signer_title,
                                g.place, g.signed_at, g.timezone, g.media_sha256,
                                g.content_sha256, g.device_id, g.signature)
                 for g in sorted(rows, key=lambda g: g.role))


def facts_from_db(s: Session, row: AssessmentRow, template: Template, *,
                  answers: Answers | None = None, signatures: Sequence[Any] | None = None,
                  evidence: Sequence[Any] | None = None) -> RevisionFacts:
    """The facts of a stored revision; rows the caller already read are passed in."""
    final = row.status != DRAFT
    subject = load_snapshot(row.subject_json) if final else subject_snapshot(s, row)
    sigs = signatures if signatures is not None else s.exec(select(SignatureRow).where(
        SignatureRow.revision_id == row.id)).all()
    evs = evidence if evidence is not None else s.exec(select(EvidenceRow).where(
        EvidenceRow.revision_id == row.id)).all()
    return RevisionFacts(
        row.assessment_id, row.revision, row.supersedes, row.revision_reason, template,
        row.device_id,
        row.assessor_id, subject, answers if answers is not None else answers_from_db(s, row.id),
        row.status, row.content_sha256, row.score_percent, row.verdict, row.finalised_at,
        signature_facts(sigs), row.verification_code, row.code_signature,
        evidence_facts(evs), row.created_at, row.template_code,
        row.subject_name if final else None, row.locked_at,
        {"institution_id": row.institution_id, "assessee_id": row.assessee_id,
         "visit_id": row.visit_id, "subject_kind": row.subject_kind} if final else None,
        row.updated_at)


def media_hasher(s: Session) -> MediaHash:
    def media_hash(sha: str) -> str | None:
        m = s.get(MediaRow, sha)
        return hashlib.sha256(bytes(m.data)).hexdigest() if m is not None else None
    return media_hash


__all__ = ["IntegrityReport", "RevisionFacts", "SignatureFacts", "SignedBy", "SignerCheck",
           "examine", "facts_from_db", "subject_snapshot"]
