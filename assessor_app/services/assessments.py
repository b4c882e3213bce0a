"""Assessment use cases. Every write is one short transaction; a method returns only after
COMMIT, so "saved" is true when it returns (RELIABILITY D-1)."""

from __future__ import annotations

import builtins
import datetime as dt
import logging
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from dataclasses import fields as dataclass_fields
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, col, delete, select

from assessor_app.core import integrity as proof
from assessor_app.core.clock import (
    TIMEZONES,
    Clock,
    iso_utc,
    new_id,
    parse_iso,
    system_clock,
    today_anywhere,
    utc_now_iso,
)
from assessor_app.core.engine import Answers, FormState, Issue, normalize_input
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError, StateError
from assessor_app.core.glyphs import check_printable
from assessor_app.core.naming import person_key
from assessor_app.core.scoring import ScoreResult, score
from assessor_app.core.template import Item, ItemType, SubjectKind, Template
from assessor_app.core.textcheck import check_text, check_texts
from assessor_app.formatting import Outcome, ReviewLine, content_review, counts_kuk
from assessor_app.formatting import outcome as outcome_of
from assessor_app.services import integrity
from assessor_app.services import media as media_mod
from assessor_app.services.certification import mapa_prefill, require_consent
from assessor_app.services.consent import consent_from_signature, subject_blocked
from assessor_app.services.form_view import FormView, TemplateIndex, build_snapshot
from assessor_app.services.identity import DeviceKeys
from assessor_app.services.integrity import IntegrityReport
from assessor_app.services.models import (
    COMPLETE,
    DRAFT,
    LOCKED,
    SIGNED,
    Assessee,
    AssessmentListRow,
    AssessmentSummary,
    Assessor,
    Consent,
    Institution,
    MediaFile,
    Visit,
    view,
    views,
)
from assessor_app.services.registry import Registry
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import read_session, write_connection, write_session
from assessor_app.storage.repositories import AssessmentRepository, Head
from assessor_app.storage.tables import (
    AnswerRow,
    AssesseeRow,
    AssessmentOwnerRow,
    AssessmentRow,
    AssessorRow,
    AuditRow,
    ConsentRow,
    EvidenceRow,
    InstitutionRow,
    MediaRow,
    OutboxRecordRow,
    RepeatInstanceRow,
    ReportRow,
    SchemeRow,
    SignatureRow,
    VisitRow,
)

log = logging.getLogger(__name__)
T = TypeVar("T")

REPO = AssessmentRepository  # the statements behind the hot paths (storage/repositories.py)

CONSENT_FORM = "FR.AK.01"
CONSENT_PURPOSE = ("Asesmen kompetensi dan pengelolaan hasilnya secara rahasia oleh LSP "
                   "(FR.AK.01 Persetujuan Asesmen dan Kerahasiaan)")
BNSP_ASSESSOR_ROLES = frozenset({"asesor", "ketua_asesor", "lead_asesor"})


class FinaliseError(AppError):
    """Finalising was refused; ``issues`` lists every missing or invalid answer."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("finalise.incomplete", count=len(issues))
        self.issues = issues


@dataclass(frozen=True)
class SavedAnswer:
    """A change the store has committed; ``form`` (when asked for) is the evaluated form as
    that same transaction left it."""

    item: str
    row: str
    value: str
    seq: int
    at: str
    form: FormView | None = None
    previous: str | None = None  # the value before this save; None: nothing changed


@dataclass
class _FormCache:
    """The answers of one draft as of ``updated_at`` (the revision's last change), so a save
    evaluates the form without reading every answer again. Checked against the stored
    ``updated_at`` inside each write transaction; any mismatch reloads."""

    updated_at: str
    answers: Answers
    today: dt.date


@dataclass(frozen=True)
class Signature(integrity.SignedBy):
    valid: bool  # the device's signature verifies over this revision's recomputed hash
    device_id: str | None = None


@dataclass(frozen=True)
class Evidence:
    id: str
    item: str
    row: str
    media_sha256: str
    mime: str
    caption: str | None
    original_name: str | None
    size: int
    taken_at: str | None = None  # UTC timestamp the photo was taken (EXIF or capture)
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class AssessmentDetail:
    """A revision with everything a view, a report or a check needs (a read model)."""

    row: AssessmentSummary
    template: Template
    answers: Answers
    state: FormState
    score: ScoreResult
    signatures: list[Signature]
    evidence: list[Evidence]
    history: list[AssessmentSummary]
    institution: Institution | None = None
    assessee: Assessee | None = None
    visit: Visit | None = None
    assessor: Assessor | None = None
    team: builtins.list[tuple[Assessor, str]] = field(default_factory=builtins.list)
    integrity: IntegrityReport | None = None  # finalised revisions

    @property
    def content_sha256(self) -> str | None:
        """The content hash recomputed from the record (None for a draft)."""
        return self.integrity.content_sha256 if self.integrity is not None else None

    @property
    def intact(self) -> bool:
        return self.integrity is None or self.integrity.ok

    @property
    def missing_signers(self) -> list[str]:
        signed = {s.role for s in self.signatures if s.valid}
        return [s.role for s in self.template.signers if s.required and s.role not in signed]


@dataclass(frozen=True)
class ListFilter:
    search: str = ""
    status: str | None = None
    template_code: str | None = None
    institution_id: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, on updated_at
    date_to: str | None = None
    current_only: bool = True
    order_by: str = "updated_at"
    descending: bool = True
    limit: int | None = None
    offset: int = 0


HEADER_PREFILL: dict[str, Callable[[AssessmentDetail], str | None]] = {}
PERSONAL_PREFILL = frozenset({"nik", "tempat_lahir", "tanggal_lahir", "jenis_kelamin",
                              "telepon", "email", "pendidikan", "tanggal_mulai",
                              "tanggal_pelaksanaan", "waktu_pelaksanaan", "tuk_pelaksanaan"})


_Revision = TypeVar("_Revision", AssessmentRow, Head)


def _writable_draft(revision_id: str, found: _Revision | None) -> _Revision:
    """``found`` (the revision's row or head) if it exists, is current and is a draft."""
    if found is None:
        raise NotFoundError("assessment.not_found", ref=revision_id)
    if not found.is_current:
        raise StateError("assessment.not_current")
    if found.status != DRAFT:
        raise StateError("assessment.locked", status=found.status)
    return found


def visit_day(visit: Visit, today: dt.date) -> str | None:
    """``today`` (YYYY-MM-DD) when it is one of the visit's days, else its first day."""
    start, end = visit.start_date, visit.end_date or visit.start_date
    if start and end and start <= today.isoformat() <= end:
        return today.isoformat()
    return start


@dataclass
class AssessmentService:
    engine: Any
    templates: TemplateService
    registry: Registry
    clock: Clock = system_clock
    actor: str | None = None
    on_finalised: Callable[[str], object] | None = None  # e.g. make a backup
    keys: DeviceKeys | None = None  # this device's signing key (made on first use)
    _forms: dict[str, _FormCache] = field(default_factory=dict)
    _template_ids: dict[str, str] = field(default_factory=dict)  # revision -> template (fixed)
    _indexes: dict[str, TemplateIndex] = field(default_factory=dict)  # template id -> index

    def __post_init__(self) -> None:
        if self.keys is None:
            self.keys = DeviceKeys(self.engine, self.clock)

    @property
    def device(self) -> DeviceKeys:
        assert self.keys is not None
        return self.keys

    def _now(self) -> str:
        return utc_now_iso(self.clock)

    # ------------------------------------------------------------ lookup

    def resolve(self, ref: str) -> AssessmentSummary:
        """A revision by its row id; an assessment id (or a unique prefix of either, >= 4
        characters) gives the assessment's CURRENT revision."""
        return view(AssessmentSummary, self._resolve_row(ref))

    def _resolve_row(self, ref: str) -> AssessmentRow:
        ref = ref.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{4,32}", ref):
            raise NotFoundError("assessment.not_found", ref=ref)
        with read_session(self.engine) as s:
            # the current revision is the highest one (the is_current flag is only a cache)
            current = s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == ref).order_by(
                col(AssessmentRow.revision).desc())).first()
            row = s.get(AssessmentRow, ref)
            if row is not None and (current is None or row.assessment_id != ref):
                return row  # an exact revision (databases before 0.1 reused the id for r1)
            if current is not None:
                return current
            highest: dict[str, AssessmentRow] = {}  # per assessment, as above
            for r in s.exec(select(AssessmentRow).where(
                    col(AssessmentRow.assessment_id).startswith(ref)).order_by(
                    col(AssessmentRow.revision).desc())):
                highest.setdefault(r.assessment_id, r)
            rows = list(highest.values())
            if not rows:
                rows = list(s.exec(select(AssessmentRow).where(
                    col(AssessmentRow.id).startswith(ref))).all())
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise NotFoundError("assessment.not_found", ref=ref)
        raise AppError("assessment.ambiguous", ref=ref)

    def _writable(self, s: Session, revision_id: str) -> AssessmentRow:
        return _writable_draft(revision_id, s.get(AssessmentRow, revision_id))

    def template_of(self, row: AssessmentSummary | AssessmentRow) -> Template:
        return self.templates.get(row.template_id)


    # ------------------------------------------------------------ create

    def create(self, template_code: str, *, institution_id: str | None = None,
               assessee_id: str | None = None, visit_id: str | None = None,
               assessor_id: str | None = None, row_id: str | None = None,
               assessment_id: str | None = None) -> AssessmentSummary:
        trow = self.templates.find(template_code)
        template = self.templates.get(trow.id)
        subject = template.subject
        names: list[str] = []
        inst = assessee = visit = None
        if visit_id:
            visit = self.registry.visit(visit_id)
            if institution_id is None:
                institution_id = visit.institution_id
        if institution_id:
            inst = self.registry.institution(institution_id)
        if assessee_id:
            assessee = self.registry.assessee(assessee_id)
        if subject is SubjectKind.ASSESSEE:
            if assessee is None:
                raise InvalidValueError("subject.required", kind="assessee")
            names.append(assessee.name)
        elif subject is SubjectKind.INSTITUTION:
            if inst is None:
                raise InvalidValueError("subject.required", kind="institution")
            if visit is not None and visit.institution_id and \
                    visit.institution_id != inst.id:  # its letter and dates would be wrong
                raise InvalidValueError("visit.other_institution",
                                        visit=visit.letter_no or visit.place or visit.id[:8],
                                        institution=inst.name)
            names.append(inst.name)
        else:
            if visit is None:
                raise InvalidValueError("subject.required", kind="visit")
            names.append(" ".join(x for x in (visit.letter_no, visit.place) if x))
            if inst is not None:
                names.append(inst.name)
        require_consent(self.engine, self.template_of, template, assessee_id, visit_id)
        if template.form != CONSENT_FORM:  # a new FR.AK.01 is how consent is given again
            with read_session(self.engine) as s:
                blocked = subject_blocked(
                    s, assessee_id=assessee_id if subject is SubjectKind.ASSESSEE else None,
                    institution_id=institution_id
                    if subject is SubjectKind.INSTITUTION else None)
            if blocked is not None:
                raise StateError("consent.withdrawn_subject", name=names[0] if names else "",
                                 at=(blocked.withdrawn_at or "")[:10])
        if assessor_id is None:
            me = self.registry.self_assessor()
            assessor_id = me.id if me else None
        assessor = self.registry.assessor(assessor_id) if assessor_id else None
        now = self._now()
        rid = row_id or new_id()
        row = AssessmentRow(
            id=rid, assessment_id=assessment_id or new_id(), revision=1, template_id=trow.id,
            template_code=trow.code, subject_kind=subject.value, institution_id=institution_id,
            assessee_id=assessee_id, visit_id=visit_id, assessor_id=assessor_id,
            subject_name=" · ".join(n for n in names if n), status=DRAFT, created_at=now,
            updated_at=now, device_id=self.device.device_id)
        prefill = self._prefill(template, inst, assessee, visit, assessor,
                                self._local_now(visit.timezone if visit else None))
        prefill.update(mapa_prefill(self.engine, self.template_of, template, visit_id))
        with write_session(self.engine) as s:
            s.add(row)
            s.flush()
            for name, value in prefill.items():  # seq 0: filled in by the app (marked)
                s.add(AnswerRow(revision_id=rid, item=name, row_id="", value=value,
                                updated_at=now, seq=0))
            s.add(AuditRow(at=now, actor=self.actor, action="create", entity="assessment",
                           entity_id=row.assessment_id, new=f"{trow.code}@{trow.version}"))
        return view(AssessmentSummary, row)

    def _local_now(self, zone: str | None) -> dt.datetime:
        """The wall-clock time now in a visit's time zone (WIB without one), naive: what
        ``today()`` and ``now()`` of a dynamic default give."""
        tz = TIMEZONES.get(zone or "WIB", TIMEZONES["WIB"])
        return self.clock().astimezone(tz).replace(tzinfo=None)

    def _prefill(self, template: Template, inst: Institution | None,
                 assessee: Assessee | None, visit: Visit | None,
                 assessor: Assessor | None, now: dt.datetime) -> dict[str, str]:
        """Header fields the store already knows, else the template's defaults (a fixed
        value, or a dynamic one evaluated in form order over the values before it)."""
        known: dict[str, str | None] = {}
        if inst is not None:
            address = ", ".join(x for x in (inst.address, inst.city, inst.province) if x)
            known.update(nama_lpk=inst.name, nama_lembaga=inst.name, vin=inst.vin,
                         alamat=address or None, pimpinan=inst.head_name,
                         nama_pimpinan=inst.head_name, kepala_lpk=inst.head_name,
                         nama_kepala_lpk=inst.head_name, status_lpk=inst.status)
        if assessee is not None:
            known.update(nama_asesi=assessee.name, nik=assessee.nik,
                         tempat_lahir=assessee.birth_place, tanggal_lahir=assessee.birth_date,
                         jenis_kelamin={"L": "l", "P": "p"}.get(assessee.gender or ""),
                         telepon=assessee.phone, email=assessee.email,
                         pendidikan=assessee.education)
        if assessor is not None:
            known.update(nama_asesor=assessor.name)
        # the day a record of an asesi is made on: today when the visit runs today (day 2
        # of a two-day visit), else the visit's first day
        day = visit_day(visit, now.date()) if visit is not None else None
        if visit is not None:
            known.update(nomor_surat_tugas=visit.letter_no, tanggal=day,
                         tanggal_verifikasi=visit.start_date, tanggal_visitasi=visit.start_date,
                         tuk=visit.tuk_type)
            team = self.registry.visit_team(visit.id)
            leads = [a.name for a, role in team if role in ("KETUA", "LEAD", "ASESOR")]
            members = [a.name for a, role in team if role == "ANGGOTA"]
            if leads:
                known.update(nama_verifikator_ketua=leads[0], nama_ketua_asesor=leads[0])
            if members:
                joined = ", ".join(members)
                known.update(nama_verifikator_anggota=joined, nama_anggota_asesor=joined)
            if visit.scheme_id:
                with read_session(self.engine) as s:
                    scheme = s.get(SchemeRow, visit.scheme_id)
                if scheme is not None:
                    known.update(skema_jenis=scheme.type.lower(), skema_judul=scheme.title,
                                 skema_nomor=scheme.number)
        if template.scheme is not None:
            known.update(skema_jenis=template.scheme.type.lower(),
                         skema_judul=template.scheme.title.id, skema_nomor=template.scheme.number)
        if visit is not None:
            known.update(tanggal_mulai=visit.start_date, tanggal_pelaksanaan=day,
                         waktu_pelaksanaan=visit.start_time, tuk_pelaksanaan=visit.place)
        # Header fields, and the registry's personal data wherever a form asks for it
        # (FR.APL.01 Bagian 1), and the agreed day and place (FR.AK.01).
        header = {it.name for it in template.header} | PERSONAL_PREFILL
        out: dict[str, str] = {}
        for item in template.walk_items():
            if template.repeat_of(item.name) is not None or not item.holds_value:
                continue
            value = known.get(item.name) if item.name in header else None
            if value is None and item.dynamic_default:
                answers = Answers(values={(k, ""): v for k, v in out.items()})
                value = FormState(template, answers, today=now.date(), now=now).default_of(
                    item)
            if value is None:
                value = item.default
            if value in (None, ""):
                continue
            try:
                out[item.name] = normalize_input(template, item, str(value),
                                                 today=now.date())
            except InvalidValueError:
                continue  # a value that does not fit is left empty, never guessed
        return out

    # ------------------------------------------------------------ answers

    def _item(self, template: Template, name: str, row: str) -> Item:
        item = template.find_item(name)
        if item is None:
            raise NotFoundError("item.not_found", item=name)
        owner = template.repeat_of(name)
        if owner is not None and not row:
            raise InvalidValueError("item.needs_row", item=name, repeat=owner.name)
        return item

    def check_assignments(self, revision_id: str,
                          assignments: Sequence[tuple[str, str, str]]) -> None:
        """The checks each value of ``assignments`` (``parse_assignments``: item, row number
        or '', value) passes on its own, all of them before any is saved: the item exists
        and holds a value, a row number names a row (or the next new one), and the value
        fits its type and choices. What depends on other answers (a constraint, a choice
        filter) is checked as each is saved, in order."""
        template = self._template_of_revision(revision_id)
        rows = self.answers(revision_id).rows
        added: dict[str, int] = {}
        for name, index, raw in assignments:
            item = template.find_item(name)
            owner = template.repeat_of(name)
            if item is None or (index and owner is None):
                raise NotFoundError("item.not_found", item=f"{name}[{index}]" if index else name)
            if owner is not None:
                if not index:
                    raise InvalidValueError("item.needs_row", item=name, repeat=owner.name)
                have = len(rows.get(owner.name, [])) + added.get(owner.name, 0)
                if int(index) == have + 1:
                    added[owner.name] = added.get(owner.name, 0) + 1
                elif not 1 <= int(index) <= have:
                    raise NotFoundError("repeat.row_not_found", row=int(index),
                                        repeat=owner.name)
            if not item.holds_value and item.type is not ItemType.SIGNATURE:
                raise InvalidValueError("item.no_value", item=name)
            normalize_input(template, item, raw, today=today_anywhere(self.clock))

    def answer(self, revision_id: str, item_name: str, raw: str, row: str = "", *,
               form: bool = False, undo: bool = False, by_app: bool = False) -> SavedAnswer:
        """Check, then save one answer in its own transaction. Returns after COMMIT; with
        ``form`` the result carries the evaluated form as of that transaction. ``undo``: the
        editor's "Urungkan" puts back an earlier value (audited as ``undo``, not ``answer``).
        ``by_app``: the app fills in an item nobody has answered (taken over from another
        record of the event): stored with ``seq`` 0, marked in the editor until changed.

        The hot path of the editor: plain SQL statements on the transaction's connection
        (no ORM unit of work), one upsert, the revision's ``updated_at`` and one audit row."""
        template = self._template_of_revision(revision_id)
        item = self._item(template, item_name, row)
        if not item.holds_value and item.type is not ItemType.SIGNATURE:
            raise InvalidValueError("item.no_value", item=item_name)
        value = normalize_input(template, item, raw, today=today_anywhere(self.clock))
        if value and item.choice_filter:
            self._check_offered(revision_id, item, row, value)
        if value and item.constraint:
            state = self.state(revision_id)
            if not state.constraint_ok(item, row, value):
                msg = item.constraint_message
                raise InvalidValueError("value.constraint", item=item_name,
                                        message=msg.get("id") if msg else "",
                                        message_en=msg.get("en") if msg else "")
        now = self._now()
        with write_connection(self.engine) as c:
            found, existing = REPO.head_and_answer(c, revision_id, item_name, row)
            head = _writable_draft(revision_id, found)
            if row:
                inst = REPO.repeat_of_row(c, row)
                owner = template.repeat_of(item_name)
                if inst is None or inst != (revision_id, owner.name if owner else None):
                    raise NotFoundError("repeat.row_not_found", row=row,
                                        repeat=owner.name if owner else "")
            if existing is not None and existing.value == value:
                snap = self._form_on(c, revision_id, head, head.updated_at, None) \
                    if form else None
                return SavedAnswer(item_name, row, value, existing.seq, existing.updated_at,
                                   snap)
            if existing is None:
                seq, old = (0 if by_app else 1), ""
                REPO.insert_answer(c, revision_id, item_name, row, value=value, note=None,
                                   at=now, seq=seq)
            else:
                seq, old = existing.seq + 1, existing.value
                REPO.update_answer(c, existing.id, at=now, seq=seq, value=value)
            snap = self._answer_changed(c, revision_id, head, now,
                                        "undo" if undo else "answer", (item_name, row),
                                        old, value, lambda a: a.values, form,
                                        by_app=seq == 0)
        return SavedAnswer(item_name, row, value, seq, now, snap, previous=old)

    def _check_offered(self, revision_id: str, item: Item, row: str, value: str) -> None:
        """A choice the item's filter does not offer is refused; one stored before (the
        answer above changed since) may stay while the others are changed."""
        state = self.state(revision_id)
        offered = state.offered(item, row) or ()
        before = set(state.answers.value(item.name, row).split())
        bad = [v for v in value.split() if v not in offered and v not in before]
        if bad:
            raise InvalidValueError("value.not_offered", item=item.name, value=" ".join(bad),
                                    allowed=", ".join(offered))

    # ------------------------------------------------------------ the form as a read model

    def form(self, revision_id: str) -> FormView:
        """The evaluated form of a revision: relevance, requiredness, values, progress per
        section and score (what the editor shows)."""
        with read_session(self.engine) as s:
            head = REPO.head(s.connection(), revision_id)
            if head is None:
                raise NotFoundError("assessment.not_found", ref=revision_id)
            return self._form_in(s, revision_id, head, head.updated_at, None)

    def _template_of_revision(self, revision_id: str) -> Template:
        template_id = self._template_ids.get(revision_id)
        if template_id is None:
            with read_session(self.engine) as s:
                template_id = REPO.template_id(s.connection(), revision_id)
            if template_id is None:
                raise NotFoundError("assessment.not_found", ref=revision_id)
            self._template_ids[revision_id] = template_id
        return self.templates.get(template_id)

    def _index(self, template: Template) -> TemplateIndex:
        index = self._indexes.get(template.sha256)
        if index is None:
            index = self._indexes[template.sha256] = TemplateIndex(template)
        return index

    def _touch(self, c: Any, revision_id: str, head: Any, now: str, action: str, fld: str,
               old: str | None, new: str | None) -> None:
        """The revision changed at ``now``: its ``updated_at`` and one audit row."""
        REPO.touch(c, revision_id, now)
        REPO.audit(c, at=now, actor=self.actor, action=action, entity="assessment",
                   entity_id=head.assessment_id, field=fld, old=old, new=new)

    def _answer_changed(self, c: Any, revision_id: str, head: Head, now: str, action: str,
                        key: tuple[str, str], old: str | None, new: str,
                        cached: Callable[[Answers], dict[tuple[str, str], str]],
                        form: bool, *, by_app: bool = False) -> FormView | None:
        """An answer's value or note (``cached``: where the answers keep it) changed at
        ``now`` in the transaction of connection ``c``: the revision's ``updated_at``, one
        audit row and, with ``form``, the form as this transaction leaves it."""
        self._touch(c, revision_id, head, now, action, _field(*key), old, new)
        if not form:
            return None
        def change(a: Answers) -> None:
            _set(cached(a), key, new)
            if by_app and new != "":  # filled in by the app: marked until changed
                a.prefilled.add(key)
            else:  # the assessor has changed it: no longer marked
                a.prefilled.discard(key)

        return self._form_on(c, revision_id, head, now, change)

    def _form_on(self, c: Any, revision_id: str, head: Any, updated_at: str,
                 change: Callable[[Answers], None] | None) -> FormView:
        """:meth:`_form_in` in the transaction of connection ``c`` (a session joins it)."""
        with Session(bind=c) as s:  # joins it: reads, never commits or rolls back
            return self._form_in(s, revision_id, head, updated_at, change)

    def _form_in(self, s: Session, revision_id: str, head: Any, updated_at: str,
                 change: Callable[[Answers], None] | None) -> FormView:
        """The form as the open transaction ``s`` sees it. The cached answers are used when
        they are those of the revision's previous change (``head.updated_at``) and ``change``
        says what this transaction did; otherwise they are read again."""
        template = self._template_of_revision(revision_id)
        cached = self._forms.get(revision_id)
        if cached is not None and cached.updated_at == head.updated_at and \
                (change is not None or updated_at == head.updated_at):
            answers = Answers(dict(cached.answers.values), dict(cached.answers.notes),
                              {k: list(v) for k, v in cached.answers.rows.items()},
                              {k: list(v) for k, v in cached.answers.evidence.items()},
                              set(cached.answers.prefilled))
            if change is not None:
                change(answers)
            today = cached.today
        else:
            answers = integrity.answers_from_db(s, revision_id)
            today = self._today_of(s, head)
        name = None
        if head.status != DRAFT:  # evaluated on its finalisation day, under its frozen name
            arow = s.get(AssessmentRow, revision_id)
            assert arow is not None
            today = self._today(s, arow)
            frozen = integrity.load_snapshot(arow.subject_json)
            if frozen is not None:
                name = str(frozen.get("name") or "")
        else:
            self._forms[revision_id] = _FormCache(updated_at, answers, today)
        state = FormState(template, answers, today=today)
        return build_snapshot(head, state, self._index(template), subject_name=name)

    def _keep_form(self, s: Session, arow: AssessmentRow) -> None:
        """After a structural change (rows, evidence) to a revision someone is editing: its
        cached answers become those this transaction sees, so the editor's next
        :meth:`form` reads no answer again."""
        if arow.id in self._forms:
            self._forms[arow.id] = _FormCache(arow.updated_at,
                                              integrity.answers_from_db(s, arow.id),
                                              self._forms[arow.id].today)

    def _today_of(self, s: Session, head: Head | AssessmentRow) -> dt.date:
        """Today in the time zone of the revision's visit (WIB without one)."""
        tz = TIMEZONES["WIB"]
        if head.visit_id:
            zone = REPO.visit_timezone(s.connection(), head.visit_id)
            tz = TIMEZONES.get(zone or "WIB", tz)
        return self.clock().astimezone(tz).date()

    def set_signature_item(self, revision_id: str, item_name: str, image_png: bytes,
                           row: str = "") -> SavedAnswer:
        """Store a drawn signature for a ``signature`` item (e.g. a witness inside the form):
        the image goes to the media table and the answer holds its SHA-256."""
        item = self._item(self._template_of_revision(revision_id), item_name, row)
        if item.type is not ItemType.SIGNATURE:
            raise InvalidValueError("item.no_value", item=item_name)
        prepared = media_mod.prepare_signature(image_png)
        with write_session(self.engine) as s:
            self._writable(s, revision_id)
            if s.get(MediaRow, prepared.sha256) is None:
                s.add(MediaRow(sha256=prepared.sha256, mime=prepared.mime,
                               size=len(prepared.data), data=prepared.data,
                               width=prepared.width, height=prepared.height,
                               created_at=self._now()))
        return self.answer(revision_id, item_name, prepared.sha256, row=row)

    def set_note(self, revision_id: str, item_name: str, note: str, row: str = "", *,
                 form: bool = False) -> SavedAnswer:
        check_text(note, item_name)
        if len(note) > 20_000:
            raise InvalidValueError("value.too_long", item=item_name, max=20_000)
        check_printable(note, item_name)
        self._item(self._template_of_revision(revision_id), item_name, row)
        now = self._now()
        with write_connection(self.engine) as c:
            found, existing = REPO.head_and_answer(c, revision_id, item_name, row)
            head = _writable_draft(revision_id, found)
            if existing is None:
                seq, old, value = 1, None, ""
                REPO.insert_answer(c, revision_id, item_name, row, value="", note=note or None,
                                   at=now)
            else:
                seq, old, value = existing.seq + 1, existing.note, existing.value
                REPO.update_answer(c, existing.id, at=now, seq=seq, note=note or None)
            snap = self._answer_changed(c, revision_id, head, now, "note", (item_name, row),
                                        old, note, lambda a: a.notes, form)
        return SavedAnswer(item_name, row, value, seq, now, snap)

    def add_row(self, revision_id: str, repeat: str) -> str:
        template = self._template_of_revision(revision_id)
        rep = template.find_item(repeat)
        if rep is None or not rep.is_repeat:
            raise NotFoundError("item.not_found", item=repeat)
        now = self._now()
        with write_session(self.engine) as s:
            arow = self._writable(s, revision_id)
            rows = s.exec(select(RepeatInstanceRow).where(
                RepeatInstanceRow.revision_id == revision_id,
                RepeatInstanceRow.repeat == repeat)).all()
            if rep.max_rows is not None and len(rows) >= rep.max_rows:
                raise InvalidValueError("repeat.max_rows", repeat=repeat, max=rep.max_rows)
            position = max((r.position for r in rows), default=-1) + 1
            row_id = new_id()
            s.add(RepeatInstanceRow(id=row_id, revision_id=revision_id, repeat=repeat,
                                    position=position, created_at=now))
            for name, value in self._row_defaults(s, arow, template, rep, row_id).items():
                s.add(AnswerRow(revision_id=revision_id, item=name, row_id=row_id,
                                value=value, updated_at=now, seq=1))
            arow.updated_at = now
            s.add(arow)
            s.add(AuditRow(at=now, actor=self.actor, action="add_row", entity="assessment",
                           entity_id=arow.assessment_id, field=repeat, new=row_id))
            self._keep_form(s, arow)
        return row_id

    def _row_defaults(self, s: Session, arow: AssessmentRow, template: Template, rep: Item,
                      row_id: str) -> dict[str, str]:
        """The first values of a new row of ``rep``: each child's default, a dynamic one
        evaluated in the row over the answers so far (and the row's values before it). A
        value that does not fit the item is left empty, never guessed."""
        out: dict[str, str] = {}
        if not any((c.default or c.dynamic_default) and c.holds_value for c in rep.items):
            return out
        answers = integrity.answers_from_db(s, arow.id)
        answers.rows.setdefault(rep.name, []).append(row_id)
        now = self._local_now(REPO.visit_timezone(s.connection(), arow.visit_id)
                              if arow.visit_id else None)
        for child in rep.items:
            if not child.holds_value or not (child.default or child.dynamic_default):
                continue
            state = FormState(template, answers, today=now.date(), now=now)
            try:
                value = normalize_input(template, child, state.default_of(child, row_id),
                                        today=now.date())
            except InvalidValueError:
                continue
            if value:
                out[child.name] = answers.values[(child.name, row_id)] = value
        return out

    def remove_row(self, revision_id: str, repeat: str, row_id: str) -> None:
        now = self._now()
        with write_session(self.engine) as s:
            arow = self._writable(s, revision_id)
            inst = s.get(RepeatInstanceRow, row_id)
            if inst is None or inst.revision_id != revision_id or inst.repeat != repeat:
                raise NotFoundError("repeat.row_not_found", row=row_id, repeat=repeat)
            gone = s.exec(select(AnswerRow).where(AnswerRow.revision_id == revision_id,
                                                  AnswerRow.row_id == row_id)).all()
            summary = "; ".join(f"{a.item}={a.value}" for a in gone if a.value)
            s.exec(delete(AnswerRow).where(col(AnswerRow.revision_id) == revision_id,
                                           col(AnswerRow.row_id) == row_id))
            s.exec(delete(EvidenceRow).where(col(EvidenceRow.revision_id) == revision_id,
                                             col(EvidenceRow.row_id) == row_id))
            s.delete(inst)
            arow.updated_at = now
            s.add(arow)
            s.add(AuditRow(at=now, actor=self.actor, action="remove_row", entity="assessment",
                           entity_id=arow.assessment_id, field=repeat, old=summary or row_id))
            self._keep_form(s, arow)

    # ------------------------------------------------------------ evidence

    def attach_evidence(self, revision_id: str, item_name: str, data: bytes, *,
                        filename: str | None = None, caption: str | None = None,
                        row: str = "", taken_at: dt.datetime | None = None) -> Evidence:
        """Attach a photo (JPEG/PNG, re-encoded) or a PDF to an item of a draft. Refused
        (nothing stored): an unknown item, one that takes no evidence
        (``evidence.not_accepted``), an empty, too large or damaged file, one of another
        kind or whose content disagrees with its name (``services.media.check_kind``), a
        finalised or superseded revision, a caption with broken text (``value.bad_text``).

        A photo keeps when and where it was taken: ``taken_at`` (a camera capture's
        moment), else its EXIF time (a time without offset is read in the visit's zone),
        and its EXIF GPS position."""
        check_text(caption, "caption")
        check_printable(caption, "caption")
        template = self._template_of_revision(revision_id)
        item = self._item(template, item_name, row)
        if not template.accepts_evidence(item):
            raise InvalidValueError("evidence.not_accepted", item=item_name)
        prepared = media_mod.prepare_evidence(data, _safe_name(filename))
        now = self._now()
        with write_session(self.engine) as s:
            arow = self._writable(s, revision_id)
            taken = taken_at or prepared.taken
            if taken is not None and taken.tzinfo is None:  # the camera's wall clock
                zone = REPO.visit_timezone(s.connection(), arow.visit_id) \
                    if arow.visit_id else None
                taken = taken.replace(tzinfo=TIMEZONES.get(zone or "WIB", TIMEZONES["WIB"]))
            taken_iso = iso_utc(taken) if taken is not None and taken.year >= 1990 else None
            if s.get(MediaRow, prepared.sha256) is None:
                s.add(MediaRow(sha256=prepared.sha256, mime=prepared.mime,
                               size=len(prepared.data), data=prepared.data,
                               width=prepared.width, height=prepared.height, created_at=now))
                s.flush()
            count = s.exec(select(func.count()).select_from(EvidenceRow).where(
                EvidenceRow.revision_id == revision_id)).one()
            ev = EvidenceRow(id=new_id(), revision_id=revision_id, item=item_name, row_id=row,
                             media_sha256=prepared.sha256, caption=caption,
                             original_name=_safe_name(filename), position=int(count),
                             created_at=now, taken_at=taken_iso,
                             latitude=prepared.latitude, longitude=prepared.longitude)
            s.add(ev)
            arow.updated_at = now
            s.add(arow)
            s.add(AuditRow(at=now, actor=self.actor, action="attach", entity="assessment",
                           entity_id=arow.assessment_id, field=_field(item_name, row),
                           new=prepared.sha256))
            self._keep_form(s, arow)
        return Evidence(ev.id, item_name, row, prepared.sha256, prepared.mime, caption,
                        ev.original_name, len(prepared.data), taken_iso,
                        prepared.latitude, prepared.longitude)

    def attach_file(self, revision_id: str, item_name: str, path: Path, *,
                    caption: str | None = None, row: str = "",
                    taken_at: dt.datetime | None = None) -> Evidence:
        """:meth:`attach_evidence` of the file at ``path`` (a missing, unreadable or too
        large file is refused before it is read whole)."""
        data, name = media_mod.read_evidence_file(path)
        return self.attach_evidence(revision_id, item_name, data, filename=name,
                                    caption=caption, row=row, taken_at=taken_at)

    def set_caption(self, revision_id: str, evidence_id: str, caption: str) -> None:
        check_text(caption, "caption")
        check_printable(caption, "caption")
        with write_session(self.engine) as s:
            arow = self._writable(s, revision_id)
            ev = s.get(EvidenceRow, evidence_id)
            if ev is None or ev.revision_id != revision_id:
                raise NotFoundError("evidence.not_found", ref=evidence_id)
            old, ev.caption = ev.caption, caption or None
            s.add(ev)
            s.add(AuditRow(at=self._now(), actor=self.actor, action="caption",
                           entity="assessment", entity_id=arow.assessment_id, field=ev.item,
                           old=old, new=caption))

    def remove_evidence(self, revision_id: str, evidence_id: str) -> None:
        with write_session(self.engine) as s:
            arow = self._writable(s, revision_id)
            ev = s.get(EvidenceRow, evidence_id)
            if ev is None or ev.revision_id != revision_id:
                raise NotFoundError("evidence.not_found", ref=evidence_id)
            s.delete(ev)
            arow.updated_at = self._now()
            s.add(arow)
            s.add(AuditRow(at=arow.updated_at, actor=self.actor, action="detach",
                           entity="assessment", entity_id=arow.assessment_id, field=ev.item,
                           old=ev.media_sha256))
            self._keep_form(s, arow)

    def media(self, sha256: str) -> MediaFile:
        with read_session(self.engine) as s:
            row = s.get(MediaRow, sha256)
        if row is None:
            raise NotFoundError("media.not_found", ref=sha256)
        return view(MediaFile, row)

    # ------------------------------------------------------------ reading

    def answers(self, revision_id: str) -> Answers:
        with read_session(self.engine) as s:
            return integrity.answers_from_db(s, revision_id)

    def state(self, revision_id: str) -> FormState:
        with read_session(self.engine) as s:
            arow = s.get(AssessmentRow, revision_id)
            if arow is None:
                raise NotFoundError("assessment.not_found", ref=revision_id)
            today = self._today(s, arow)
            answers = integrity.answers_from_db(s, revision_id)
        return FormState(self.template_of(arow), answers, today=today)

    def outcome(self, row: AssessmentSummary) -> Outcome:
        """What a list shows as the revision's result: its stored verdict and percentage as
        a competency or institutional record may show them (never a percentage, "lulus"
        or a grade for competency), and for a competency instrument the KUK achieved out
        of total, counted from its answers (a draft's too)."""
        template = self.template_of(row)
        # nothing to count for other templates: the stored columns say it all
        result = score(self.state(row.id)) if counts_kuk(template) else None
        return outcome_of(template, result, stored=True, percent=row.score_percent,
                          verdict=row.verdict)

    def _today(self, s: Session, arow: AssessmentRow) -> dt.date:
        """The day a revision's form is evaluated on: a finalised one's finalisation day,
        a draft's today in its visit's time zone."""
        if arow.finalised_at and arow.status != DRAFT:
            return integrity.effective_date(arow.finalised_at,
                                            integrity.load_snapshot(arow.subject_json),
                                            self.clock())
        return self._today_of(s, arow)

    def detail(self, ref: str, *, deep: bool = False) -> AssessmentDetail:
        """The revision with its evaluated form, score, signatures and (for a finalised one)
        its integrity report. ``deep`` also re-hashes the bytes of every photo and drawn
        signature it uses (reports and verification; the editor skips that cost)."""
        row = self._resolve_row(ref)
        template = self.template_of(row)
        with read_session(self.engine) as s:  # one snapshot: answers, subject, signatures
            answers = integrity.answers_from_db(s, row.id)
            state = FormState(template, answers, today=self._today(s, row))
            result = score(state)
            sigs = s.exec(select(SignatureRow).where(SignatureRow.revision_id == row.id)).all()
            evs = s.exec(select(EvidenceRow, MediaRow.mime, MediaRow.size).join(
                MediaRow, MediaRow.sha256 == EvidenceRow.media_sha256  # type: ignore[arg-type]
            ).where(EvidenceRow.revision_id == row.id).order_by(col(EvidenceRow.position))).all()
            history = list(s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == row.assessment_id).order_by(
                col(AssessmentRow.revision))).all())
            inst = _maybe(Institution, s.get(InstitutionRow, row.institution_id)
                          if row.institution_id else None)
            assessee = _maybe(Assessee, s.get(AssesseeRow, row.assessee_id)
                              if row.assessee_id else None)
            visit = _maybe(Visit, s.get(VisitRow, row.visit_id) if row.visit_id else None)
            assessor = _maybe(Assessor, s.get(AssessorRow, row.assessor_id)
                              if row.assessor_id else None)
            report = None
            team = self.registry.visit_team(visit.id) if visit is not None else []
            summary = view(AssessmentSummary, row)
            if row.status != DRAFT:
                facts = integrity.facts_from_db(s, row, template, answers=answers,
                                                signatures=sigs,
                                                evidence=[e for e, _m, _n in evs])
                report = integrity.examine(facts, self.device.verify,
                                           integrity.media_hasher(s) if deep else None,
                                           now=self.clock(), revision_id=row.id)
                broken = integrity.history_problems(history).get(row.id)
                if broken is not None:
                    report = replace(report, problems=(*report.problems, "history_changed"),
                                     details=(*report.details, broken))
                if facts.subject is not None and report.ok:  # as signed, not as edited since
                    inst, assessee, visit, assessor, team = _frozen_subject(facts.subject)
                    # what is shown is the hashed name, never a column edited since
                    summary = replace(summary, subject_name=str(facts.subject.get("name") or ""))
        ok = {g.role for g in report.signers if g.ok} if report is not None else set()
        signatures = [Signature(g.role, g.signer_name, g.registration_no, g.signer_title, g.place,
                                g.signed_at, g.timezone, g.media_sha256, g.content_sha256,
                                g.role in ok, g.device_id) for g in sigs]
        evidence = [Evidence(e.id, e.item, e.row_id, e.media_sha256, mime, e.caption,
                             e.original_name, size, e.taken_at, e.latitude, e.longitude)
                    for e, mime, size in evs]
        return AssessmentDetail(summary, template, answers, state, result, signatures, evidence,
                                views(AssessmentSummary, history), inst, assessee, visit,
                                assessor, team, report)

    def list(self, flt: ListFilter | None = None) -> list[AssessmentSummary]:
        """One page of the assessment list (plain columns, no ORM objects: the list of
        10,000 rows pages through here)."""
        return self._page(flt, _SUMMARY_COLUMNS, _SUMMARY_SHARED, AssessmentSummary)

    def list_rows(self, flt: ListFilter | None = None) -> builtins.list[AssessmentListRow]:
        """One page of the assessment list as the GUI's list keeps it: only the columns it
        shows and acts on (:class:`AssessmentListRow`), the texts that repeat from row to
        row kept once. Ordered and paged as :meth:`list`."""
        return self._page(flt, _LIST_ROW_COLUMNS, _LIST_ROW_SHARED, AssessmentListRow)

    def _page(self, flt: ListFilter | None, columns: tuple[str, ...], shared: tuple[int, ...],
              make: Callable[..., T]) -> builtins.list[T]:
        flt = flt or ListFilter()
        with read_session(self.engine) as s:
            rows = REPO.page(s.connection(), columns, **_where(flt),
                             status=flt.status, order_by=flt.order_by,
                             descending=flt.descending, limit=flt.limit, offset=flt.offset)
        return [make(*_shared(r, shared)) for r in rows]

    def count(self, flt: ListFilter | None = None) -> int:
        flt = flt or ListFilter()
        with read_session(self.engine) as s:
            return REPO.count(s.connection(), **_where(flt), status=flt.status)

    def counts_by_status(self, flt: ListFilter | None = None) -> dict[str, int]:
        """How many revisions the filter finds in each status (the filter's own status is
        ignored: this is what the status tabs show)."""
        with read_session(self.engine) as s:
            return REPO.counts_by_status(s.connection(), **_where(flt or ListFilter()))

    def consents(self, assessee_id: str) -> builtins.list[Consent]:
        with read_session(self.engine) as s:
            return views(Consent, s.exec(select(ConsentRow).where(
                ConsentRow.assessee_id == assessee_id)).all())

    def content_review(self, revision_id: str, lang: str = "id"
                       ) -> builtins.list[ReviewLine]:
        """The record read back ("Tinjau isi"): every relevant answer in form order and
        what is still missing (:func:`assessor_app.formatting.content_review`)."""
        state = self.state(revision_id)
        return content_review(state.template, state, lang)

    def visit_records(self, visit_id: str) -> builtins.list[AssessmentSummary]:
        """The current revision of every assessment of a visit, by subject then form."""
        with read_session(self.engine) as s:
            return views(AssessmentSummary, s.exec(select(AssessmentRow).where(
                AssessmentRow.visit_id == visit_id,
                AssessmentRow.is_current == True).order_by(  # noqa: E712
                    col(AssessmentRow.subject_name), col(AssessmentRow.template_code))).all())

    def recovered_since(self, started_at: str, limit: int = 20
                        ) -> builtins.list[AssessmentSummary]:
        """Drafts changed during a session that ended uncleanly (for the recovery summary),
        the most recently changed first: the one in hand at the crash leads. An unknown
        start (``""``) gives the ``limit`` most recent drafts, not every draft."""
        with read_session(self.engine) as s:
            return views(AssessmentSummary, s.exec(select(AssessmentRow).where(
                AssessmentRow.status == DRAFT, AssessmentRow.is_current == True,  # noqa: E712
                AssessmentRow.updated_at >= started_at).order_by(
                    col(AssessmentRow.updated_at).desc()).limit(limit)).all())

    def last_change(self, revision_id: str) -> tuple[str, str] | None:
        """The item (and table row) whose answer or note was saved last in a revision:
        where the assessor was when the app stopped."""
        with read_session(self.engine) as s:
            found = s.exec(select(AnswerRow.item, AnswerRow.row_id).where(
                AnswerRow.revision_id == revision_id).order_by(
                    col(AnswerRow.updated_at).desc(), col(AnswerRow.seq).desc()).limit(1)).first()
        return (str(found[0]), str(found[1] or "")) if found is not None else None

    # ------------------------------------------------------------ finalise, sign, revise

    def finalise(self, revision_id: str) -> AssessmentDetail:
        """Freeze the revision: its subject snapshot, content hash, score and verdict and the
        device's paper-code signature are written in one transaction (RELIABILITY D-6)."""
        detail = self.detail(revision_id)
        row = detail.row
        if row.status != DRAFT:
            raise StateError("assessment.locked", status=row.status)
        issues = detail.state.issues()
        if issues:
            raise FinaliseError(issues)
        device_id = self.device.device_id  # made before the write (first use writes)
        now = self._now()
        with write_session(self.engine) as s:
            arow = self._writable(s, row.id)
            if arow.device_id not in (None, device_id):  # a copied draft of another laptop
                raise StateError("sign.other_device", device=arow.device_id)
            arow.device_id = device_id
            snapshot = integrity.subject_snapshot(s, arow)
            answers = integrity.answers_from_db(s, arow.id)
            evidence = integrity.evidence_facts(s.exec(select(EvidenceRow).where(
                EvidenceRow.revision_id == arow.id)).all())
            facts = integrity.RevisionFacts(
                arow.assessment_id, arow.revision, arow.supersedes, arow.revision_reason,
                detail.template, arow.device_id, arow.assessor_id, snapshot, answers, DRAFT,
                None, None, None, now, (), None, None, evidence, arow.created_at)
            state = FormState(detail.template, answers,
                              today=integrity.effective_date(now, snapshot, self.clock()))
            if state.issues():  # changed between the check above and this transaction
                raise FinaliseError(state.issues())
            result = score(state)
            digest = integrity.content_hash_of(facts, state)
            _dev, code_sig = self.device.sign(proof.code_message(
                assessment_id=arow.assessment_id, revision=arow.revision,
                content_sha256=digest))
            arow.status = COMPLETE
            arow.subject_json = integrity.dump_snapshot(snapshot)
            arow.content_sha256 = digest
            arow.code_signature = proof.b64(code_sig)
            arow.verification_code = proof.code_from_signature(code_sig)
            arow.score_percent = result.percent
            arow.verdict = result.verdict
            arow.finalised_at = now
            arow.updated_at = now
            s.add(arow)
            s.add(AuditRow(at=now, actor=self.actor, action="finalise", entity="assessment",
                           entity_id=arow.assessment_id, old=DRAFT, new=COMPLETE))
        if self.on_finalised is not None:
            try:
                self.on_finalised(row.id)
            except AppError as exc:  # a backup problem must not undo a finalise
                log.warning("post-finalise hook failed: %s", exc.code)
        return self.detail(row.id)

    def content_hash(self, detail: AssessmentDetail) -> str:
        """The content hash of a revision, recomputed: for a finalised one from its record
        and frozen subject, for a draft from its answers and the subject as it is now."""
        if detail.integrity is not None:
            return detail.integrity.content_sha256
        with read_session(self.engine) as s:
            row = s.get(AssessmentRow, detail.row.id)
            if row is None:
                raise NotFoundError("assessment.not_found", ref=detail.row.id)
            facts = integrity.facts_from_db(s, row, detail.template, answers=detail.answers)
        return integrity.content_hash_of(facts, detail.state)

    def check_integrity(self, ref: str) -> IntegrityReport:
        """Recompute and check everything a revision's proof rests on."""
        row = self._resolve_row(ref)
        template = self.template_of(row)
        with read_session(self.engine) as s:
            facts = integrity.facts_from_db(s, row, template)
            return integrity.examine(facts, self.device.verify, integrity.media_hasher(s),
                                     now=self.clock(), revision_id=row.id)

    def check_all(self) -> builtins.list[IntegrityReport]:
        """Every revision whose stored hash, derived values, signatures, media or history no
        longer match what its record gives (``check``). Drafts are examined too when they
        carry anything only a finalised revision has (a hash, a code, a signature)."""
        bad: builtins.list[IntegrityReport] = []
        with read_session(self.engine) as s:
            signed_drafts = set(s.exec(select(SignatureRow.revision_id)).all())
            rows = s.exec(select(AssessmentRow).order_by(
                col(AssessmentRow.assessment_id), col(AssessmentRow.revision))).all()
        by_assessment: dict[str, builtins.list[AssessmentRow]] = {}
        for row in rows:
            by_assessment.setdefault(row.assessment_id, []).append(row)
        history: dict[str, str] = {}
        for revs in by_assessment.values():
            history.update(integrity.history_problems(revs))
        for row in rows:
            suspicious_draft = row.status == DRAFT and (
                row.id in signed_drafts or row.content_sha256 or row.verification_code)
            if row.status == DRAFT and not suspicious_draft and row.id not in history:
                continue
            try:
                template = self.template_of(row)
            except AppError:
                bad.append(_unreadable(row, "template_invalid"))
                continue
            with read_session(self.engine) as s:
                facts = integrity.facts_from_db(s, row, template)
                report = integrity.examine(facts, self.device.verify,
                                           integrity.media_hasher(s), now=self.clock(),
                                           revision_id=row.id)
            if row.id in history:
                report = replace(report, problems=(*report.problems, "history_changed"),
                                 details=(*report.details, history[row.id]))
            if not report.ok:
                bad.append(report)
        return bad

    def sign(self, revision_id: str, role: str, signer_name: str, image_png: bytes, *,
             registration_no: str | None = None, signer_title: str | None = None,
             place: str | None = None, timezone: str | None = None) -> AssessmentDetail:
        """Record one signer: the drawn image, and the device's Ed25519 signature over the
        recomputed content hash, the signer's role, name, registration number and time.
        The revision locks when every required signer has signed that exact hash."""
        check_texts({"name": signer_name, "registration_no": registration_no,
                     "signer_title": signer_title, "place": place})
        if not signer_name.strip():
            raise InvalidValueError("sign.no_name")
        for field_name, text in (("signer_name", signer_name), ("signer_title", signer_title),
                                 ("place", place)):
            check_printable(text, field_name)
        detail = self.detail(revision_id)
        row = detail.row
        if row.status not in (COMPLETE, SIGNED):
            if row.status == DRAFT:
                raise StateError("sign.not_final")
            raise StateError("assessment.locked", status=row.status)
        roles = {s.role: s for s in detail.template.signers}
        if role not in roles:
            raise InvalidValueError("sign.unknown_role", role=role)
        if any(s.role == role for s in detail.signatures):
            raise StateError("sign.already_signed", role=role)
        prepared = media_mod.prepare_signature(image_png)
        registration_no = " ".join((registration_no or "").split()) or None
        if roles[role].registration and (detail.template.form or "").startswith("FR.") and \
                role in BNSP_ASSESSOR_ROLES:
            # a BNSP form prints the asesor's "No. Reg.": a MET number, never free text
            if registration_no is None:
                raise InvalidValueError("sign.registration_required", role=role)
            met = proof.normalise_met(registration_no)
            if met is None:
                raise InvalidValueError("sign.bad_registration", value=registration_no[:40])
            registration_no = met
        if timezone is not None and timezone not in TIMEZONES:
            raise InvalidValueError("value.bad_option", item="timezone", value=timezone,
                                    allowed=", ".join(TIMEZONES))
        device_id = self.device.device_id
        now = self._now()
        with write_session(self.engine) as s:
            arow = s.get(AssessmentRow, row.id)
            assert arow is not None
            if arow.status not in (COMPLETE, SIGNED) or arow.content_sha256 is None:
                raise StateError("assessment.locked", status=arow.status)
            if arow.device_id != device_id:
                raise StateError("sign.other_device", device=arow.device_id or "?")
            facts = integrity.facts_from_db(s, arow, detail.template)
            check = integrity.examine(facts, self.device.verify, integrity.media_hasher(s),
                                      now=self.clock(), revision_id=arow.id)
            if not check.ok:  # never sign over a record that no longer is what was finalised
                raise StateError("assessment.damaged", problems=", ".join(check.problems))
            if role == ASESI_ROLE:
                signer_name = asesi_signer(facts.subject, signer_name)
            if s.get(MediaRow, prepared.sha256) is None:
                s.add(MediaRow(sha256=prepared.sha256, mime=prepared.mime,
                               size=len(prepared.data), data=prepared.data,
                               width=prepared.width, height=prepared.height, created_at=now))
                s.flush()
            fields: dict[str, Any] = dict(
                role=role, signer_name=signer_name.strip(), registration_no=registration_no,
                signer_title=signer_title, place=place, signed_at=now, timezone=timezone,
                media_sha256=prepared.sha256)
            message = proof.signature_message(
                assessment_id=arow.assessment_id, revision=arow.revision,
                content_sha256=check.content_sha256, device_id=device_id, **fields)
            _dev, sig = self.device.sign(message)
            s.add(SignatureRow(id=new_id(), revision_id=row.id,
                               content_sha256=check.content_sha256, device_id=device_id,
                               signature=proof.b64(sig), **fields))
            s.flush()
            signed = {r.role for r in s.exec(select(SignatureRow).where(
                SignatureRow.revision_id == row.id)).all()}
            needed = {r.role for r in detail.template.signers if r.required}
            old = arow.status
            arow.status = LOCKED if needed <= signed else SIGNED
            if arow.status == LOCKED:
                arow.locked_at = now
                # The signed FR.AK.01 is the asesi's consent (UU PDP Pasal 20-24); an
                # institutional record signed by the head of the LPK is the head's.
                names = {r.role: r.signer_name for r in s.exec(select(SignatureRow).where(
                    SignatureRow.revision_id == row.id)).all()}
                consent = consent_from_signature(
                    s, arow, form=detail.template.form, template_code=detail.template.code,
                    template_version=detail.template.version, signers=names,
                    actor=self.actor, now=now, purpose=CONSENT_PURPOSE,
                    guardian_name=detail.assessee.guardian_name if detail.assessee else None)
                if consent is not None:
                    s.add(consent)
            arow.updated_at = now
            s.add(arow)
            s.add(AuditRow(at=now, actor=self.actor, action="sign", entity="assessment",
                           entity_id=arow.assessment_id, field=role, old=old, new=arow.status))
        return self.detail(row.id)

    def made_elsewhere(self, row: AssessmentSummary | AssessmentRow) -> bool:
        """Is this a field record imported at the office (a revision made on another
        device, of an assessment this database received by import)? Such a record is only
        read here: never revised, signed or finalised. A laptop that holds a copy of
        another laptop's data (a replacement laptop) may revise: the office accepts that
        revision only after it reassigned the assessment (``bundle.not_owner``)."""
        if not row.device_id:
            return False
        own = self.device.existing()
        if own is not None and own.device_id == row.device_id:
            return False
        with read_session(self.engine) as s:
            return s.get(AssessmentOwnerRow, row.assessment_id) is not None

    def _own_row(self, s: Session, revision_id: str) -> AssessmentRow:
        """The current revision ``revision_id``, made on this device (a record copied from
        another laptop, or imported at the office, is never changed here)."""
        arow = s.get(AssessmentRow, revision_id)
        if arow is None:
            raise NotFoundError("assessment.not_found", ref=revision_id)
        if not arow.is_current:
            raise StateError("assessment.not_current")
        if arow.device_id not in (None, self.device.device_id):
            raise StateError("assessment.other_device", device=arow.device_id)
        return arow

    @staticmethod
    def _refuse_if_sent(s: Session, arow: AssessmentRow) -> None:
        sent = s.exec(select(OutboxRecordRow).where(
            OutboxRecordRow.revision_id == arow.id)).first()
        if sent is not None:
            raise StateError("assessment.already_sent", revision=arow.revision)

    def discard_draft(self, revision_id: str) -> AssessmentSummary | None:
        """Delete a draft: its answers, table rows and evidence links (files stay in the
        media store, shared by hash). A draft of revision k > 1 gives the record back to
        revision k, which becomes current again. Returns the revision that is current
        afterwards, or None when the whole assessment is gone. Audited as ``delete``."""
        now = self._now()
        with write_session(self.engine) as s:
            arow = self._own_row(s, revision_id)
            if arow.status != DRAFT:
                raise StateError("assessment.not_draft", status=arow.status)
            self._refuse_if_sent(s, arow)
            if s.exec(select(SignatureRow).where(
                    SignatureRow.revision_id == arow.id)).first() is not None:
                raise StateError("assessment.not_draft", status=arow.status)
            for table in (AnswerRow, EvidenceRow, RepeatInstanceRow, ReportRow):
                s.exec(delete(table).where(table.revision_id == arow.id))  # type: ignore
            previous = s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == arow.assessment_id,
                AssessmentRow.revision == arow.revision - 1)).first()
            s.add(AuditRow(at=now, actor=self.actor, action="delete", entity="assessment",
                           entity_id=arow.assessment_id, field="revision",
                           old=f"{arow.revision}: {arow.template_code} {arow.subject_name}",
                           new=None))
            s.delete(arow)
            s.flush()
            if previous is not None:
                previous.is_current = True
                s.add(previous)
            back = previous.id if previous is not None else None
        self._forms.pop(revision_id, None)
        self._template_ids.pop(revision_id, None)
        return self.resolve(back) if back is not None else None

    def reopen(self, revision_id: str) -> AssessmentSummary:
        """Turn a finalised revision nobody has signed back into a draft (Buka kembali):
        its frozen subject, content hash, paper code, score and verdict are cleared, so a
        report printed from it no longer verifies. Refused once anyone has signed or once
        it was sent to the office (then only a revision changes it)."""
        now = self._now()
        with write_session(self.engine) as s:
            arow = self._own_row(s, revision_id)
            if arow.status == DRAFT:
                raise StateError("assessment.not_final")
            if arow.status != COMPLETE or s.exec(select(SignatureRow).where(
                    SignatureRow.revision_id == arow.id)).first() is not None:
                raise StateError("assessment.reopen_signed", status=arow.status)
            self._refuse_if_sent(s, arow)
            old = arow.status
            arow.status = DRAFT
            arow.subject_json = None
            arow.content_sha256 = None
            arow.code_signature = None
            arow.verification_code = None
            arow.score_percent = None
            arow.verdict = None
            arow.finalised_at = None
            arow.updated_at = now
            s.add(arow)
            s.add(AuditRow(at=now, actor=self.actor, action="reopen", entity="assessment",
                           entity_id=arow.assessment_id, field="status", old=old, new=DRAFT))
        self._forms.pop(revision_id, None)
        return self.resolve(revision_id)

    def revise(self, revision_id: str, reason: str) -> AssessmentSummary:
        """Start revision k+1 of a finalised/signed/locked assessment; k stays intact.
        Only the device that made it may revise it (``revise.field_record``)."""
        check_text(reason, "reason")
        if not reason.strip():
            raise InvalidValueError("revise.reason_required")
        now = self._now()
        new_row_id = new_id()
        device_id = self.device.device_id
        with write_session(self.engine) as s:
            old = s.get(AssessmentRow, revision_id)
            if old is None:
                raise NotFoundError("assessment.not_found", ref=revision_id)
            if not old.is_current:
                raise StateError("assessment.not_current")
            if old.status == DRAFT:
                raise StateError("revise.not_locked")
            if old.device_id not in (None, device_id) and \
                    s.get(AssessmentOwnerRow, old.assessment_id) is not None:
                # a field record imported at the office is never revised there
                raise StateError("revise.field_record", device=old.device_id)
            new = AssessmentRow(
                id=new_row_id, assessment_id=old.assessment_id, revision=old.revision + 1,
                supersedes=old.revision, revision_reason=reason.strip(), is_current=True,
                template_id=old.template_id, template_code=old.template_code,
                subject_kind=old.subject_kind, institution_id=old.institution_id,
                assessee_id=old.assessee_id, visit_id=old.visit_id, assessor_id=old.assessor_id,
                subject_name=old.subject_name, status=DRAFT, created_at=now, updated_at=now,
                device_id=device_id)
            old.is_current = False
            s.add(old)
            s.flush()
            s.add(new)
            s.flush()
            row_map: dict[str, str] = {"": ""}
            for r in s.exec(select(RepeatInstanceRow).where(
                    RepeatInstanceRow.revision_id == old.id)).all():
                row_map[r.id] = new_id()
                s.add(RepeatInstanceRow(id=row_map[r.id], revision_id=new.id, repeat=r.repeat,
                                        position=r.position, created_at=now))
            s.flush()
            for a in s.exec(select(AnswerRow).where(AnswerRow.revision_id == old.id)).all():
                s.add(AnswerRow(revision_id=new.id, item=a.item, row_id=row_map[a.row_id],
                                value=a.value, note=a.note, updated_at=now, seq=a.seq))
            for e in s.exec(select(EvidenceRow).where(EvidenceRow.revision_id == old.id)).all():
                s.add(EvidenceRow(id=new_id(), revision_id=new.id, item=e.item,
                                  row_id=row_map[e.row_id], media_sha256=e.media_sha256,
                                  caption=e.caption, original_name=e.original_name,
                                  position=e.position, created_at=now,
                                  taken_at=e.taken_at, latitude=e.latitude,
                                  longitude=e.longitude))
            s.add(AuditRow(at=now, actor=self.actor, action="revise", entity="assessment",
                           entity_id=old.assessment_id, field="revision",
                           old=str(old.revision), new=f"{new.revision}: {reason.strip()}"))
        return self.resolve(new_row_id)


def _unreadable(row: AssessmentRow, problem: str) -> IntegrityReport:
    return IntegrityReport(row.assessment_id, row.revision, row.id, row.status, "",
                           row.content_sha256, row.status, None, None, (), (problem,))


#: The signer role of the person assessed (the template's ``signers``).
ASESI_ROLE = "asesi"


def asesi_signer(subject: Mapping[str, Any] | None, typed: str) -> str:
    """The name the ``asesi`` role signs under, for a record whose frozen ``subject`` is an
    asesi: that asesi's name, or, for a minor (``is_minor``), the parent or guardian the
    asesi record names (``guardian_name``; UU PDP: a child's data needs the guardian's
    consent). ``typed`` matches either when equal after :func:`person_key` (case, spaces);
    the name is returned as the record spells it. Any other name is
    ``sign.not_asesi`` (or ``sign.not_asesi_or_guardian``). A record whose subject is not an
    asesi, or names none, signs under the name typed."""
    typed = " ".join(typed.split())
    if subject is None or subject.get("kind") != SubjectKind.ASSESSEE.value:
        return typed
    person = subject.get("assessee")
    name = " ".join(str(person.get("name") or "").split()) if isinstance(person, dict) else ""
    if not name:
        return typed
    assert isinstance(person, dict)
    minor = person.get("is_minor") is True
    guardian = " ".join(str(person.get("guardian_name") or "").split()) if minor else ""
    if minor and not guardian:  # data anak: consent comes from a parent or guardian
        raise InvalidValueError("sign.minor_needs_guardian", name=name)
    for allowed in (name, guardian):
        if allowed and person_key(allowed) == person_key(typed):
            return allowed
    if guardian:
        raise InvalidValueError("sign.not_asesi_or_guardian", name=name, guardian=guardian)
    raise InvalidValueError("sign.not_asesi", name=name)


def _maybe(cls: type[T], row: Any) -> T | None:
    return None if row is None else view(cls, row)


def _frozen_subject(snap: Mapping[str, Any]) -> tuple[
        Institution | None, Assessee | None, Visit | None, Assessor | None,
        builtins.list[tuple[Assessor, str]]]:
    """The subject as a revision froze it (what was signed), as read models."""
    def build(model: Any, cls: type[T], data: Any) -> T | None:
        if not isinstance(data, dict):
            return None
        fields = {k: v for k, v in data.items() if k in model.model_fields}
        fields.setdefault("created_at", "")
        fields.setdefault("updated_at", "")
        try:
            return view(cls, model.model_validate(fields))
        except ValueError:
            return None
    team = []
    for entry in snap.get("team") or []:
        person = build(AssessorRow, Assessor, entry)
        if person is not None:
            team.append((person, str(entry.get("role") or "")))
    return (build(InstitutionRow, Institution, snap.get("institution")),
            build(AssesseeRow, Assessee, snap.get("assessee")),
            build(VisitRow, Visit, snap.get("visit")),
            build(AssessorRow, Assessor, snap.get("assessor")), team)


_SUMMARY_COLUMNS = tuple(f.name for f in dataclass_fields(AssessmentSummary))
_LIST_ROW_COLUMNS = tuple(f.name for f in dataclass_fields(AssessmentListRow))
#: The columns whose values repeat from row to row: a list scrolled through 10,000 rows
#: keeps one copy of each template, status, subject and institution text, not one per row.
_REPEATING = frozenset({"template_id", "template_code", "subject_kind", "institution_id",
                        "assessee_id", "visit_id", "assessor_id", "subject_name", "status",
                        "verdict", "device_id"})


def _repeating(columns: tuple[str, ...]) -> tuple[int, ...]:
    """The positions of the repeating columns among ``columns``."""
    return tuple(n for n, name in enumerate(columns) if name in _REPEATING)


_SUMMARY_SHARED = _repeating(_SUMMARY_COLUMNS)
_LIST_ROW_SHARED = _repeating(_LIST_ROW_COLUMNS)


def _shared(row: Any, positions: tuple[int, ...]) -> list[Any]:
    """A list row's values, the repeating ones (at ``positions``) interned."""
    values = list(row)
    for n in positions:
        if values[n]:
            values[n] = sys.intern(values[n])
    return values


def _where(flt: ListFilter) -> dict[str, Any]:
    """The list filter as the repository's arguments (all but status and paging)."""
    return {"search": flt.search, "template_code": flt.template_code,
            "institution_id": flt.institution_id, "updated_from": flt.date_from,
            "updated_before": _next_day(flt.date_to) if flt.date_to else None,
            "current_only": flt.current_only}


def _set(values: dict[tuple[str, str], str], key: tuple[str, str], value: str) -> None:
    if value == "":
        values.pop(key, None)
    else:
        values[key] = value


def _field(item: str, row: str) -> str:
    return f"{item}[{row}]" if row else item


def _safe_name(name: str | None) -> str | None:
    if not name:
        return None
    base = re.split(r"[\\/]", name)[-1]
    base = re.sub(r"[\x00-\x1f]", "", base)[:200]
    return base or None


def _next_day(day: str) -> str:
    try:
        return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    except ValueError as exc:
        raise InvalidValueError("value.bad_date", item="date", value=day) from exc


def parse_assignments(pairs: list[str]) -> list[tuple[str, str, str]]:
    """CLI helper: 'name=value' or 'repeat.N.name=value' -> (item, row index or '', value)."""
    out: list[tuple[str, str, str]] = []
    for text in pairs:
        if "=" not in text:
            raise InvalidValueError("input.bad_assignment", text=text)
        key, value = text.split("=", 1)
        key = key.strip()
        m = re.fullmatch(r"([a-z][a-z0-9_]*)\[(\d+)\]", key)
        if m:
            out.append((m.group(1), m.group(2), value))
        else:
            out.append((key, "", value))
    return out


def hours_since(iso: str, clock: Clock = system_clock) -> float:
    return (clock() - parse_iso(iso)).total_seconds() / 3600.0
