"""The BNSP certification event of a visit, per asesi, as a workflow.

One visit (a TUK on a day) runs the MUK 2023 instruments of one scheme for each asesi:
FR.APL.01 -> FR.APL.02 -> FR.AK.01 (consent, before any FR.IA) -> FR.IA.01 (+ IA.02/03/05/07)
-> FR.AK.02 (the K/BK decision per unit) -> FR.AK.03, and for the batch FR.AK.05 built from
the final FR.AK.02 decisions. This service reads what is recorded and says:

- which instrument of the scheme each asesi has, in which state;
- which KUK are achieved by which instrument, and which are still open (left open by
  FR.IA.01 and not yet closed by FR.IA.03/IA.07/IA.05): the questions to ask next;
- the FR.AK.02 proposal per unit (K when every KUK is achieved by some instrument, else BK),
  which the assessor confirms or overrides: the decision is theirs;
- what is still missing before the day can be closed.

It also starts instruments with what the record already knows (FR.AK.02 evidence ticks)
and fills FR.AK.05 from the AK.02 decisions. Gate: an FR.IA.* instrument of a MUK 2023
scheme cannot be started for an asesi without their signed FR.AK.01 of that scheme
(:meth:`CertificationService.check_start`, called by ``AssessmentService.create``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from assessor_app.core.errors import InvalidValueError, NotFoundError, StateError
from assessor_app.core.muk_forms import AK02_EVIDENCE, FORMS
from assessor_app.core.scoring import BK, K
from assessor_app.core.template import Template, VerdictMode
from assessor_app.services.models import AssessmentSummary, view
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AssessmentRow, SchemeRow

if TYPE_CHECKING:
    from assessor_app.services.assessments import AssessmentService
    from assessor_app.services.registry import Registry
    from assessor_app.services.templates import TemplateService

DRAFT, COMPLETE, SIGNED, LOCKED = "draft", "complete", "signed", "locked"
FINALISED = (COMPLETE, SIGNED, LOCKED)
# Per-asesi instruments in event order; the batch forms are AK.05 and AK.06 (and MAPA).
PER_ASESI = tuple(f for f in FORMS if f not in ("FR.MAPA.01", "FR.MAPA.02", "FR.AK.05",
                                                "FR.AK.06"))
EVIDENCE_FORMS = ("FR.IA.01", "FR.IA.03", "FR.IA.05", "FR.IA.07")
# Instruments whose questions can still close a KUK that FR.IA.01 left open, in the order
# an assessor reaches for them (oral questions first).
QUESTION_FORMS = ("FR.IA.07", "FR.IA.03", "FR.IA.05")


@dataclass(frozen=True)
class SchemeInstruments:
    """The newest installed template of each MUK form of one scheme."""

    number: str
    title: str
    slug: str
    codes: dict[str, str]  # form -> template code
    template: Template  # one of them (for the units)
    ids: dict[str, str] = field(default_factory=dict)  # form -> template id (that version)

    def units(self) -> list[tuple[str, str, list[str]]]:
        """(unit code, title, KUK numbers) in scheme order, from the FR.IA.01 template."""
        out: list[tuple[str, str, list[str]]] = []
        for sec, groups in self.template.units():
            assert sec.unit is not None
            kuks = [k for _el, items in groups for it in items for k in (it.kuk or "").split()]
            out.append((sec.unit.code, sec.unit.title.id, kuks))
        return out


@dataclass(frozen=True)
class Step:
    """One instrument of one asesi (or of the batch)."""

    form: str
    template_code: str | None
    revision_id: str | None = None
    status: str | None = None  # None: not started
    verdict: str | None = None


@dataclass(frozen=True)
class UnitProposal:
    """FR.AK.02 for one unit: what the evidence says and what the assessor decided."""

    code: str
    title: str
    proposal: str | None  # K / BK / None (no evidence yet)
    achieved: tuple[str, ...]  # KUK numbers achieved by some instrument
    open: tuple[str, ...]  # KUK numbers not (yet) achieved
    evidence: tuple[str, ...]  # AK.02 evidence values (observasi, lisan, tertulis ...)
    decision: str | None = None  # the assessor's K/BK on the newest AK.02
    ask: tuple[str, ...] = ()  # QUESTION_FORMS of the scheme with a question on an open KUK


@dataclass(frozen=True)
class Missing:
    """Something still missing: a message code of messages.py and its parameters."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    def args(self) -> dict[str, str]:
        return dict(self.params)


@dataclass(frozen=True)
class AsesiEvent:
    assessee_id: str
    name: str
    steps: tuple[Step, ...]
    units: tuple[UnitProposal, ...]
    decision: str | None  # K/BK from a signed FR.AK.02, else None
    missing: tuple[Missing, ...]  # what the asesi still lacks

    def step(self, form: str) -> Step:
        return next(s for s in self.steps if s.form == form)


@dataclass(frozen=True)
class EventStatus:
    visit_id: str
    scheme: SchemeInstruments
    asesi: tuple[AsesiEvent, ...]
    batch: Step
    missing: tuple[Missing, ...] = field(default_factory=tuple)

    @property
    def can_close(self) -> bool:
        return not self.missing


class CertificationService:
    """``CertificationService(services)``: reads and advances the event of a visit."""

    def __init__(self, services: Any) -> None:
        self.s = services
        self.assessments: AssessmentService = services.assessments
        self.templates: TemplateService = services.templates
        self.registry: Registry = services.registry

    # ------------------------------------------------------------ schemes

    def schemes(self) -> list[SchemeInstruments]:
        """Every scheme with generated MUK 2023 instruments installed: per form, the
        newest installed version (templates of the same code written before MUK 2023,
        ``verdict: score``, are never part of the event)."""
        found: dict[str, dict[str, tuple[str, str, Template]]] = {}
        for info in self.templates.rows():  # by code, then import time: newest last
            t = self.templates.get(info.id)
            if t.scheme is None or t.verdict is VerdictMode.SCORE or not t.form:
                continue
            found.setdefault(t.scheme.number, {})[t.form] = (info.code, info.id, t)
        out: list[SchemeInstruments] = []
        for number, forms in sorted(found.items()):
            anchor = (forms.get("FR.IA.01") or next(iter(forms.values())))[2]
            assert anchor.scheme is not None
            out.append(SchemeInstruments(number, anchor.scheme.title.id,
                                         anchor.scheme.code or "",
                                         {f: c for f, (c, _i, _t) in forms.items()}, anchor,
                                         {f: i for f, (_c, i, _t) in forms.items()}))
        return out

    def scheme(self, ref: str) -> SchemeInstruments:
        """A scheme by number, slug or title (case-insensitive)."""
        want = ref.strip().lower()
        for sc in self.schemes():
            if want in (sc.number.lower(), sc.slug.lower(), sc.title.lower()):
                return sc
        raise NotFoundError("event.scheme_not_found", ref=ref)

    def use_scheme(self, visit_id: str, ref: str) -> SchemeInstruments:
        """The visit's scheme is ``ref`` from now on (the event view's choice is kept, not
        asked again next time); audited."""
        from assessor_app.core.clock import utc_now_iso
        from assessor_app.storage.db import write_session
        from assessor_app.storage.tables import AuditRow, VisitRow

        sc = self.scheme(ref)
        with write_session(self.s.store.engine) as s:
            visit = s.get(VisitRow, visit_id)
            if visit is None:
                raise NotFoundError("subject.not_found", ref=visit_id, kind="visit")
            row = s.exec(select(SchemeRow).where(SchemeRow.number == sc.number)).first()
            if row is None:
                raise NotFoundError("event.scheme_not_found", ref=ref)
            if visit.scheme_id != row.id:
                old, visit.scheme_id = visit.scheme_id, row.id
                now = utc_now_iso()
                visit.updated_at = now
                s.add(visit)
                s.add(AuditRow(at=now, actor=self.registry.actor, action="update",
                               entity="visit", entity_id=visit_id, field="scheme_id",
                               old=old, new=row.id))
        return sc

    def scheme_of_visit(self, visit_id: str, ref: str | None = None) -> SchemeInstruments:
        if ref:
            return self.scheme(ref)
        visit = self.registry.visit(visit_id)
        if visit.scheme_id:
            with read_session(self.s.store.engine) as s:
                row = s.get(SchemeRow, visit.scheme_id)
            if row is not None:
                return self.scheme(row.number)
        numbers = {self._scheme_number(r) for r in self._rows(visit_id)} - {None}
        if len(numbers) == 1:
            return self.scheme(str(next(iter(numbers))))
        raise InvalidValueError("event.scheme_needed", visit=visit_id)

    def _scheme_number(self, row: AssessmentSummary) -> str | None:
        t = self.assessments.template_of(row)
        return t.scheme.number if t.scheme is not None and t.verdict is not VerdictMode.SCORE \
            else None

    # ------------------------------------------------------------ reading

    def _rows(self, visit_id: str) -> list[AssessmentSummary]:
        with read_session(self.s.store.engine) as s:
            rows = s.exec(select(AssessmentRow).where(
                AssessmentRow.visit_id == visit_id, col(AssessmentRow.is_current).is_(True)
            ).order_by(col(AssessmentRow.created_at))).all()
            return [view(AssessmentSummary, r) for r in rows]

    def status(self, visit_ref: str, scheme_ref: str | None = None) -> EventStatus:
        visit = self.registry.find_visit(visit_ref)
        sc = self.scheme_of_visit(visit.id, scheme_ref)
        rows = [r for r in self._rows(visit.id) if self._scheme_number(r) == sc.number]
        by_form: dict[str, list[AssessmentSummary]] = {}
        for r in rows:
            form = self.assessments.template_of(r).form or ""
            by_form.setdefault(form, []).append(r)
        assessees: dict[str, str] = {}
        for r in rows:
            if r.assessee_id and r.assessee_id not in assessees:
                assessees[r.assessee_id] = self.registry.assessee(r.assessee_id).name
        people = tuple(self._asesi(sc, aid, name, by_form) for aid, name in assessees.items())
        batch_rows = by_form.get("FR.AK.05", [])
        batch = _step("FR.AK.05", sc, batch_rows[-1] if batch_rows else None)
        missing: list[Missing] = []
        for p in people:
            missing += [Missing(m.code, (("asesi", p.name), *m.params)) for m in p.missing]
        decided = [p for p in people if p.decision is not None]
        if batch.status != LOCKED and decided:
            missing.append(Missing("event.missing_batch", (("form", "FR.AK.05"),)))
        if not people:
            missing.append(Missing("event.no_asesi"))
        return EventStatus(visit.id, sc, people, batch, tuple(missing))

    def _asesi(self, sc: SchemeInstruments, assessee_id: str, name: str,
               by_form: dict[str, list[AssessmentSummary]]) -> AsesiEvent:
        mine = {form: [r for r in rs if r.assessee_id == assessee_id]
                for form, rs in by_form.items()}
        steps = tuple(_step(f, sc, mine.get(f, [])[-1] if mine.get(f) else None)
                      for f in PER_ASESI if f in sc.codes)
        units = self._proposals(sc, mine)
        ak02 = mine.get("FR.AK.02", [])
        decision = ak02[-1].verdict if ak02 and ak02[-1].status == LOCKED else None
        missing = _missing(steps, decision)
        return AsesiEvent(assessee_id, name, steps, units, decision, missing)

    def _proposals(self, sc: SchemeInstruments, mine: dict[str, list[AssessmentSummary]]
                   ) -> tuple[UnitProposal, ...]:
        achieved: dict[tuple[str, str], bool] = {}
        used: dict[str, set[str]] = {}
        for form in EVIDENCE_FORMS:
            for row in mine.get(form, []):
                if row.status == DRAFT:
                    continue  # only finalised records are evidence
                detail = self.assessments.detail(row.id)
                result = detail.score  # scored when the detail was read
                for sec, groups in detail.template.units():
                    assert sec.unit is not None
                    for _el, items in groups:
                        for it in items:
                            s = result.items.get((it.name, ""))
                            if s is None:
                                continue
                            used.setdefault(sec.unit.code, set()).add(form)
                            for kuk in (it.kuk or "").split():
                                key = (sec.unit.code, kuk)
                                achieved[key] = achieved.get(key, False) or s.passed
        decisions: dict[str, str] = {}
        questions = self._questions(sc)
        ak02 = mine.get("FR.AK.02", [])
        if ak02:
            d = self.assessments.detail(ak02[-1].id)
            decisions = {u.code: u.verdict for u in d.score.units if u.verdict}
        out: list[UnitProposal] = []
        for code, title, kuks in sc.units():
            done = tuple(k for k in kuks if achieved.get((code, k)))
            open_ = tuple(k for k in kuks if not achieved.get((code, k)))
            if code not in used:
                proposal = None
            else:
                proposal = K if not open_ else BK
            forms = used.get(code, set())
            evidence = tuple(v for v, _i, _e, fs in AK02_EVIDENCE if forms & set(fs))
            ask = tuple(f for f in QUESTION_FORMS
                        if any(f in questions.get((code, k), ()) for k in open_))
            out.append(UnitProposal(code, title, proposal, done, open_, evidence,
                                    decisions.get(code), ask))
        return tuple(out)

    def _questions(self, sc: SchemeInstruments) -> dict[tuple[str, str], tuple[str, ...]]:
        """(unit code, KUK) -> the question instruments of the scheme that ask about it."""
        out: dict[tuple[str, str], tuple[str, ...]] = {}
        for form in QUESTION_FORMS:
            code = sc.codes.get(form)
            if code is None:
                continue
            template = self.templates.get(self.templates.find(code).id)
            for sec, groups in template.units():
                assert sec.unit is not None
                for _el, items in groups:
                    for it in items:
                        for kuk in (it.kuk or "").split():
                            key = (sec.unit.code, kuk)
                            if form not in out.get(key, ()):
                                out[key] = (*out.get(key, ()), form)
        return out

    # ------------------------------------------------------------ advancing

    def start(self, visit_ref: str, form: str, assessee_ref: str | None = None, *,
              scheme_ref: str | None = None) -> AssessmentSummary:
        """Start ``form`` of the visit's scheme for an asesi (or the batch), prefilled with
        what the event already knows."""
        visit = self.registry.find_visit(visit_ref)
        sc = self.scheme_of_visit(visit.id, scheme_ref)
        form = form.strip().upper()
        template_id = sc.ids.get(form)
        if template_id is None:
            raise NotFoundError("event.form_not_in_scheme", form=form, scheme=sc.number)
        assessee_id = self.registry.find_assessee(assessee_ref).id if assessee_ref else None
        row = self.assessments.create(template_id, visit_id=visit.id, assessee_id=assessee_id)
        if form == "FR.AK.02" and assessee_id is not None:
            self._prefill_ak02(row, visit.id, sc, assessee_id)
        elif form == "FR.AK.05":
            self.fill_batch(row.id, visit.id, sc)
        return row

    def _prefill_ak02(self, row: AssessmentSummary, visit_id: str, sc: SchemeInstruments,
                      assessee_id: str) -> None:
        event = self.status(visit_id, sc.number)
        person = next((p for p in event.asesi if p.assessee_id == assessee_id), None)
        if person is None:
            return
        template = self.assessments.template_of(row)
        names = {sec.unit.code: sec.name for sec in template.walk_sections()
                 if sec.unit is not None}
        for unit in person.units:
            section = names.get(unit.code)
            if section and unit.evidence:
                self.assessments.answer(row.id, f"{section}_bukti", " ".join(unit.evidence),
                                        by_app=True)

    def fill_batch(self, revision_id: str, visit_id: str | None = None,
                   sc: SchemeInstruments | None = None) -> int:
        """Fill a draft FR.AK.05 with one row per asesi whose FR.AK.02 of the scheme is
        signed: name, K/BK and the units declared BK. Rows already there are replaced.
        Returns the number of rows."""
        summary = self.assessments.resolve(revision_id)
        template = self.assessments.template_of(summary)
        if template.form != "FR.AK.05":
            raise InvalidValueError("report.batch_form", form=template.form or "",
                                    allowed="FR.AK.05")
        visit_id = visit_id or summary.visit_id
        if visit_id is None:
            raise InvalidValueError("subject.required", kind="visit")
        if sc is None:
            assert template.scheme is not None
            sc = self.scheme(template.scheme.number)
        event = self.status(visit_id, sc.number)
        state = self.assessments.state(summary.id)
        for old in list(state.answers.rows.get("asesi", [])):
            self.assessments.remove_row(summary.id, "asesi", old)
        count = 0
        for person in event.asesi:
            if person.decision is None:
                continue
            rid = self.assessments.add_row(summary.id, "asesi")
            # taken over from the signed FR.AK.02: marked for the assessor to check
            self.assessments.answer(summary.id, "nama_asesi", person.name, row=rid,
                                    by_app=True)
            self.assessments.answer(summary.id, "rekomendasi", person.decision.lower(),
                                    row=rid, by_app=True)
            bk = [f"{u.code} {u.title}" for u in person.units if u.decision == BK]
            if bk:
                self.assessments.answer(summary.id, "keterangan", "; ".join(bk), row=rid,
                                        by_app=True)
            count += 1
        return count


#: Forms besides the FR.IA instruments that only follow a signed FR.AK.01.
AFTER_CONSENT = frozenset({"FR.AK.02", "FR.AK.03", "FR.AK.04"})


def require_consent(engine: Any, template_of: Any, template: Template,
                    assessee_id: str | None, visit_id: str | None) -> None:
    """Refuse an FR.IA.* instrument, the decision FR.AK.02, the feedback FR.AK.03 or an
    appeal FR.AK.04 of a MUK 2023 scheme before the asesi's FR.AK.01 of that scheme is
    signed (consent comes before any assessment, and a decision needs one: DOMAIN 8.4,
    FR.AK.01 -> IA -> AK.02 -> AK.03). ``template_of`` gives the template of an assessment
    summary. Legacy templates (verdict: score) are not gated."""
    form = template.form or ""
    if not (form.startswith("FR.IA.") or form in AFTER_CONSENT) or \
            template.verdict is VerdictMode.SCORE or \
            template.scheme is None or assessee_id is None:
        return
    with read_session(engine) as s:
        q = select(AssessmentRow).where(AssessmentRow.assessee_id == assessee_id,
                                        col(AssessmentRow.is_current).is_(True),
                                        AssessmentRow.status == LOCKED)
        if visit_id:
            q = q.where(AssessmentRow.visit_id == visit_id)
        rows = [view(AssessmentSummary, r) for r in s.exec(q).all()]
    for r in rows:
        t = template_of(r)
        if t.form == "FR.AK.01" and t.scheme is not None and \
                t.scheme.number == template.scheme.number:
            return
    raise StateError("event.consent_first", form=form)


def mapa_prefill(engine: Any, template_of: Any, template: Template,
                 visit_id: str | None) -> dict[str, str]:
    """FR.MAPA.02 follows FR.MAPA.01: the instruments the scheme plans for a unit are
    marked for the potensi asesi ticked on the visit's FR.MAPA.01 of the same scheme (the
    newest one), instead of all five. Nothing without such a MAPA.01 (the template's
    defaults stay)."""
    if template.form != "FR.MAPA.02" or template.scheme is None or visit_id is None:
        return {}
    from assessor_app.storage.tables import AnswerRow

    with read_session(engine) as s:
        rows = s.exec(select(AssessmentRow).where(
            AssessmentRow.visit_id == visit_id, col(AssessmentRow.is_current).is_(True)
        ).order_by(col(AssessmentRow.updated_at).desc())).all()
        for r in rows:
            t = template_of(view(AssessmentSummary, r))
            if t.form != "FR.MAPA.01" or t.scheme is None or \
                    t.scheme.number != template.scheme.number:
                continue
            answer = s.exec(select(AnswerRow).where(
                AnswerRow.revision_id == r.id, AnswerRow.item == "potensi_asesi",
                AnswerRow.row_id == "")).first()
            chosen = answer.value if answer is not None else ""
            if not chosen:
                continue
            return {item.name: chosen for sec in template.sections for item in sec.items
                    if item.default}
    return {}


def _step(form: str, sc: SchemeInstruments, row: AssessmentSummary | None) -> Step:
    if row is None:
        return Step(form, sc.codes.get(form))
    return Step(form, sc.codes.get(form), row.id, row.status, row.verdict)


def _missing(steps: Iterable[Step], decision: str | None) -> tuple[Missing, ...]:
    """What an asesi still lacks before the day can be closed."""
    by = {s.form: s for s in steps}
    out: list[Missing] = []
    for form in ("FR.APL.01", "FR.APL.02", "FR.AK.01"):
        if form in by and by[form].status is None:
            out.append(Missing("event.missing", (("form", form),)))
    if not any(by[f].status in FINALISED for f in EVIDENCE_FORMS if f in by):
        out.append(Missing("event.missing_evidence"))
    for s in by.values():
        if s.status == DRAFT:
            out.append(Missing("event.draft", (("form", s.form),)))
        elif s.status in (COMPLETE, SIGNED):
            out.append(Missing("event.unsigned", (("form", s.form),)))
    if by.get("FR.AK.02", Step("", None)).status is None:
        out.append(Missing("event.missing", (("form", "FR.AK.02"),)))
    elif decision is not None and "FR.AK.03" in by and by["FR.AK.03"].status is None:
        out.append(Missing("event.missing", (("form", "FR.AK.03"),)))
    return tuple(dict.fromkeys(out))
