"""Rows <-> exchange models for sync by file (one place, so export and import agree).

Every column of a row is carried except those that are local to one installation:
``AnswerRow.id`` (an autoincrement), ``AssessmentRow.is_current``/``received_at``,
``AssessorRow.is_self``, ``TemplateRow.imported_at``, ``MediaRow.size`` (the byte count).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlmodel import Session, col
from sqlmodel import select as sm_select

from assessor_app.bundles.models import (
    NAME_MAX,
    SHORT_MAX,
    AnswerData,
    AssesseeData,
    AssessorData,
    ConsentData,
    EvidenceData,
    InstitutionData,
    RegisterConsentData,
    RepeatRowData,
    RevisionData,
    SchemeData,
    SignatureData,
    TemplateData,
    VisitAssessorData,
    VisitData,
)
from assessor_app.core.engine import Answers, Coverage
from assessor_app.core.template import Template
from assessor_app.services import integrity
from assessor_app.storage.tables import (
    AnswerRow,
    AssesseeRow,
    AssessmentRow,
    AssessorRow,
    ConsentRow,
    EvidenceRow,
    InstitutionRow,
    RepeatInstanceRow,
    SchemeRow,
    SignatureRow,
    TemplateRow,
    VisitAssessorRow,
    VisitRow,
)

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M")

FINAL_STATUSES = ("complete", "signed", "locked")
STATUS_RANK = {"draft": 0, "complete": 1, "signed": 2, "locked": 3}

_REVISION_FIELDS = ("id", "assessment_id", "revision", "supersedes", "revision_reason",
                    "template_id", "template_code", "subject_kind", "institution_id",
                    "assessee_id", "visit_id", "assessor_id", "subject_name", "status",
                    "content_sha256", "score_percent", "verdict", "created_at", "updated_at",
                    "finalised_at", "locked_at", "device_id", "subject_json",
                    "verification_code", "code_signature")


def _fields(row: Any, model: type[Any], skip: Iterable[str] = ()) -> dict[str, Any]:
    names = [n for n in model.model_fields if n not in set(skip)]
    return {n: getattr(row, n) for n in names}


# ------------------------------------------------------------------ rows -> models


def _carried(_row: type[R], model: type[M]) -> Callable[[R], M]:
    """The exchange model of a ``_row``-type row: every column ``model`` carries."""
    def convert(row: R) -> M:
        return model(**_fields(row, model))

    return convert


template_data = _carried(TemplateRow, TemplateData)
scheme_data = _carried(SchemeRow, SchemeData)
institution_data = _carried(InstitutionRow, InstitutionData)
assessee_data = _carried(AssesseeRow, AssesseeData)
assessor_data = _carried(AssessorRow, AssessorData)
visit_data = _carried(VisitRow, VisitData)
visit_assessor_data = _carried(VisitAssessorRow, VisitAssessorData)


#: The child tables of a revision: (RevisionData field, table, model, stable order).
_CHILDREN: tuple[tuple[str, Any, type[Any], tuple[str, ...]], ...] = (
    ("answers", AnswerRow, AnswerData, ("item", "row_id")),
    ("repeat_rows", RepeatInstanceRow, RepeatRowData, ("repeat", "position", "id")),
    ("evidence", EvidenceRow, EvidenceData, ("position", "id")),
    ("signatures", SignatureRow, SignatureData, ("role",)),
    ("consents", ConsentRow, ConsentData, ("id",)),
)
#: Revisions per ``IN (...)`` query (well below every database's parameter limit).
CHUNK = 500


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


#: A positional parameter in the drivers' own SQL, by DBAPI paramstyle (another style is a
#: KeyError here rather than SQL the driver misreads).
_MARKS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


def revision_fields(s: Session, rows: Sequence[AssessmentRow]) -> dict[str, dict[str, Any]]:
    """Revision id -> everything stored for it, as the (not yet validated) fields of its
    :class:`RevisionData`: one query per child table for up to :data:`CHUNK` revisions,
    each list in a stable order. ``RevisionData.model_validate`` makes the model."""
    out: dict[str, dict[str, Any]] = {}
    for row in rows:
        fields: dict[str, Any] = {f: getattr(row, f) for f in _REVISION_FIELDS}
        for key, *_ in _CHILDREN:
            fields[key] = []
        out[row.id] = fields
    conn = s.connection()
    quote = conn.dialect.identifier_preparer.quote
    mark = _MARKS[conn.dialect.paramstyle]  # sqlite3 / sqlcipher3: ?, psycopg: %s
    for key, model, data, order in _CHILDREN:
        names = list(data.model_fields)
        # plain SQL on the session's own DBAPI cursor: every column here is text or a
        # number that needs no conversion, and building a SQLAlchemy Row for each of a
        # few thousand answers cost more than the query itself
        head = (f"SELECT revision_id, {', '.join(quote(n) for n in names)} "
                f"FROM {quote(model.__table__.name)} WHERE revision_id IN (")
        tail = (") AND assessee_id IS NOT NULL" if model is ConsentRow else ")") + \
            f" ORDER BY revision_id, {', '.join(quote(n) for n in order)}"
        # (an institution head's consent travels in the register, not in the record)
        for part in chunks(list(out)):
            cursor = conn.connection.cursor()
            try:
                cursor.execute(head + ", ".join([mark] * len(part)) + tail, tuple(part))
                fetched = cursor.fetchall()  # one fetch, not a call per row
            finally:
                cursor.close()
            for rid, *values in fetched:
                out[rid][key].append(dict(zip(names, values, strict=True)))
    return out


def revision_data(s: Session, row: AssessmentRow) -> RevisionData:
    """Everything stored for one revision, in a stable order."""
    return RevisionData.model_validate(revision_fields(s, [row])[row.id])


#: ``json.dumps(value, separators=(",", ":"))``, without a new encoder per call (a laptop
#: compares the fingerprints of every revision the office holds on each export)
_FINGERPRINT_JSON = json.JSONEncoder(separators=(",", ":")).encode


def fingerprint(status: str, signatures: Iterable[Any]) -> str:
    """What the office holds of a revision beyond its content: status and signatures."""
    sigs = sorted((g.role, g.media_sha256, g.content_sha256, g.signed_at) for g in signatures)
    payload = _FINGERPRINT_JSON({"status": status, "signatures": sigs})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# ------------------------------------------------------------------ models -> rows


def template_row(t: TemplateData, imported_at: str) -> TemplateRow:
    return TemplateRow(**t.model_dump(), imported_at=imported_at)


def revision_values(a: RevisionData, *, is_current: bool, received_at: str | None
                    ) -> dict[str, Any]:
    """Every column of the ``assessment`` row of ``a`` (for a bulk insert)."""
    values = {f: getattr(a, f) for f in _REVISION_FIELDS}
    values.update(is_current=is_current, received_at=received_at)
    return values


def revision_row(a: RevisionData, *, is_current: bool, received_at: str | None
                 ) -> AssessmentRow:
    return AssessmentRow(**revision_values(a, is_current=is_current, received_at=received_at))


def child_rows(a: RevisionData, revision_id: str) -> list[Any]:
    """Answer, repeat, evidence and signature rows of ``a`` under ``revision_id``
    (repeat rows first: answers and evidence point at them)."""
    rows: list[Any] = [RepeatInstanceRow(revision_id=revision_id, **r.model_dump())
                       for r in a.repeat_rows]
    rows += [AnswerRow(revision_id=revision_id, **x.model_dump()) for x in a.answers]
    rows += [EvidenceRow(revision_id=revision_id, **e.model_dump()) for e in a.evidence]
    rows += [SignatureRow(revision_id=revision_id, **g.model_dump()) for g in a.signatures]
    return rows


def consent_row(c: ConsentData, revision_id: str) -> ConsentRow:
    return ConsentRow(revision_id=revision_id, **c.model_dump())


#: The register format's limits on names (``Short``, ``Name`` in bundles/models.py). The
#: consent service refuses longer ones; a row stored before it did is cut to them, so one
#: old name never stops every export and receipt (the full text stays in the database).
_REGISTER_LIMITS = {"given_by": SHORT_MAX, "recorded_by": SHORT_MAX,
                    "withdrawn_by": SHORT_MAX, "guardian_name": SHORT_MAX,
                    "text_version": SHORT_MAX, "method": SHORT_MAX, "purpose": NAME_MAX}


def consents_about(s: Session, assessees: set[str], institutions: set[str],
                   *where: Any) -> list[ConsentRow]:
    """The consents of these asesi and institutions that also match ``where``, ordered
    by id, one query per chunk of subjects."""
    found: dict[str, ConsentRow] = {}
    for key, ids in ((ConsentRow.assessee_id, assessees),
                     (ConsentRow.institution_id, institutions)):
        for part in chunks(sorted(ids)):
            for c in s.exec(sm_select(ConsentRow).where(col(key).in_(part), *where)):
                found[c.id] = c
    return [found[cid] for cid in sorted(found)]


def register_entry(c: ConsentRow) -> RegisterConsentData:
    """A consent register entry as the exchange formats carry it (a result bundle's
    ``consent_register``, a receipt's ``withdrawals``)."""
    data = {k: getattr(c, k) for k in RegisterConsentData.model_fields}
    for key, limit in _REGISTER_LIMITS.items():
        if isinstance(data[key], str) and len(data[key]) > limit:
            data[key] = data[key][:limit]
    return RegisterConsentData.model_validate(data)


# ------------------------------------------------------------------ content hash


def answers_of(a: RevisionData) -> Answers:
    """The same ``Answers`` AssessmentService.answers() builds from the stored rows."""
    out = Answers()
    for x in a.answers:
        if x.value != "":
            out.values[(x.item, x.row_id)] = x.value
        if x.note:
            out.notes[(x.item, x.row_id)] = x.note
    for r in sorted(a.repeat_rows, key=lambda r: (r.repeat, r.position)):
        out.rows.setdefault(r.repeat, []).append(r.id)
    for e in sorted(a.evidence, key=lambda e: e.position):
        out.evidence.setdefault((e.item, e.row_id), []).append(e.media_sha256)
    return out


def hashed_only(a: RevisionData, coverage: Coverage) -> tuple[RevisionData, list[str]]:
    """``a`` with only the answers its content hash covers (``coverage``: from
    ``integrity.examine`` of ``a``; the walk that builds the hashed record), and the items
    of the stored answers that carried something outside it (an item the template does not
    have, a hidden item, a calculated item's stored value...): nothing signed vouches for
    those, so they never travel and are never stored from a bundle. An answer row left
    with nothing is dropped; one whose value (or note) only is covered keeps only that."""
    kept: list[AnswerData] = []
    outside: list[str] = []
    for x in a.answers:
        part = coverage.keep(x.item, x.row_id, x.value, x.note)
        value, note = part if part is not None else ("", None)
        if (x.value != "" and value == "") or (x.note and note is None):
            outside.append(x.item)
        if part is None:
            continue
        kept.append(x if part == (x.value, x.note) else
                    x.model_copy(update={"value": value, "note": note}))
    if len(kept) == len(a.answers) and not outside:
        return a, []
    return a.model_copy(update={"answers": kept}), outside


def revision_facts(a: RevisionData, template: Template) -> integrity.RevisionFacts:
    """The facts of an incoming revision, for ``integrity.examine`` (the same rule the
    laptop applied when it finalised and signed)."""
    return integrity.RevisionFacts(
        a.assessment_id, a.revision, a.supersedes, a.revision_reason, template, a.device_id,
        a.assessor_id,
        integrity.load_snapshot(a.subject_json), answers_of(a), a.status, a.content_sha256,
        a.score_percent, a.verdict, a.finalised_at, integrity.signature_facts(a.signatures),
        a.verification_code, a.code_signature, integrity.evidence_facts(a.evidence),
        a.created_at, a.template_code, a.subject_name, a.locked_at,
        {"institution_id": a.institution_id, "assessee_id": a.assessee_id,
         "visit_id": a.visit_id, "subject_kind": a.subject_kind}, a.updated_at)
