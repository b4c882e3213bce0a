"""Office data: dashboard figures and exports to XLSX and CSV. Pure services, no Qt.

Both read the current revision of every assessment (``is_current``), with portable queries
that give the same answer on SQLite and on PostgreSQL; grouping, months and labels are
computed in Python so that both databases agree to the byte.

Dashboard (:meth:`OfficeService.dashboard`): counts and results by institution, template,
verdict and month, as plain dataclasses a GUI can chart. The month of an assessment is
the local month (WIB by default) of its ``finalised_at``, or of its ``updated_at`` while it
is a draft; months without assessments inside the range are present with zero counts.

Exports (:meth:`OfficeService.export_xlsx`, :meth:`OfficeService.export_csv`), per template
code (every installed version of it):

* the assessment sheet: one row per assessment (fixed columns, then every item's effective
  answer: relevant answers only, calculations computed, as in the content hash), the
  score and the verdict (stored at finalise; computed live for drafts);
* one sheet per repeat group: one row per repeat row, keyed by ``assessment_id`` and ``row``
  (1-based, in the form's order);
* a column sheet: key, label (id/en), type and options of every column.

Column headers are stable keys (item names); ``labels=True`` writes option labels in the
chosen language instead of raw option values. Text stays text: a NIK keeps its leading
zero, no cell is ever stored as a formula (XLSX cells are typed as strings; CSV cells that
start with ``= + - @``, tab or CR get a leading ``'``). CSV is UTF-8 with a BOM (Excel).
Every file is written with :func:`assessor_app.fileio.atomic_write_bytes` and verified.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import select as sa_select
from sqlmodel import col, select

from assessor_app.core.clock import TIMEZONES, Clock, parse_iso, system_clock, utc_now_iso
from assessor_app.core.engine import Answers, FormState
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError, StorageError
from assessor_app.core.scoring import BK, OL, K, ScoreResult, score
from assessor_app.core.template import Item, ItemType, Template, VerdictMode, version_key
from assessor_app.fileio import atomic_write_bytes, check_output_path
from assessor_app.formatting import counts_kuk, is_competency, outcome, shown_percent, shown_verdict
from assessor_app.services.models import STATUSES
from assessor_app.services.registry import mask_nik
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import is_read_only, read_session, write_session
from assessor_app.storage.tables import (
    AnswerRow,
    AssesseeRow,
    AssessmentRow,
    AssessorRow,
    AuditRow,
    EvidenceRow,
    InstitutionRow,
    RepeatInstanceRow,
    TemplateRow,
    VisitRow,
)

__all__ = [
    "Bucket",
    "Dashboard",
    "DashboardFilter",
    "ExportOptions",
    "ExportResult",
    "OfficeService",
    "csv_escape",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

# Institutional pass/fail and BNSP competency K/BK/OL are counted apart: a competency
# record is never "lulus" (and a form without a result, FR.AK.01, is neither).
POSITIVE_VERDICTS = frozenset({"pass"})
NEGATIVE_VERDICTS = frozenset({"fail"})
_VERDICT_ORDER = ("K", "BK", "OL", "pass", "fail", "recommended", "conditional",
                  "not_recommended")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^-?(0|[1-9]\d{0,14})(\.\d{1,9})?$")  # no leading zeros: 007 is text


# ------------------------------------------------------------------ dashboard types


@dataclass(frozen=True)
class DashboardFilter:
    template_code: str | None = None
    institution_id: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, local date (see ``timezone``), inclusive
    date_to: str | None = None  # YYYY-MM-DD, inclusive
    include_drafts: bool = True
    timezone: str = "WIB"  # WIB | WITA | WIT: where a month starts


@dataclass(frozen=True)
class Bucket:
    """One bar of a chart: the assessments of one institution/template/verdict/month."""

    key: str  # institution id, template code, verdict, "YYYY-MM"; "" = none/unknown
    label: str  # institution name, template title, verdict, "YYYY-MM"; "" = none
    total: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    by_verdict: dict[str, int] = field(default_factory=dict)  # "" = no verdict (drafts,
    #                                                             forms without a result)
    finalised: int = 0  # complete, signed or locked
    passed: int = 0  # institutional: verdict pass or a passing grade
    failed: int = 0  # institutional: verdict fail or a failing grade
    mean_score: float | None = None  # institutional assessments with a score, 2 decimals
    competent: int = 0  # competency: K
    not_competent: int = 0  # competency: BK
    further: int = 0  # competency: OL (observasi lanjut)

    @property
    def pass_rate(self) -> float | None:
        decided = self.passed + self.failed
        return round(100.0 * self.passed / decided, 2) if decided else None


@dataclass(frozen=True)
class Dashboard:
    overall: Bucket
    institutions: list[Bucket]  # most assessments first
    templates: list[Bucket]  # by code
    verdicts: list[Bucket]  # K, BK, OL, pass, fail, recommended.., grades A..Z, "" (none)
    months: list[Bucket]  # chronological, gaps filled with empty months
    generated_at: str
    filter: DashboardFilter
    lang: str = "id"


@dataclass
class _Fact:
    """The few columns of one assessment the dashboard needs."""

    template_code: str
    institution_id: str
    status: str
    verdict: str  # as shown: K/BK/OL for competency, never pass/fail; "" = none
    score: float | None  # institutional only
    month: str
    day: str
    passed: bool | None = None  # institutional only; None: not decided (draft, no pass/fail)
    competency: bool = False


# ------------------------------------------------------------------ export types


@dataclass(frozen=True)
class ExportOptions:
    template_code: str
    labels: bool = True  # option labels (True) or raw option values (False)
    lang: str = "id"
    include_drafts: bool = True
    nik: str = "full"  # full | masked | omit
    delimiter: str = ","  # CSV only; ";" suits Excel with an Indonesian list separator


@dataclass(frozen=True)
class ExportResult:
    files: list[Path]
    assessments: int
    repeat_rows: dict[str, int]  # repeat group -> rows exported
    columns: int


@dataclass(frozen=True)
class _Column:
    key: str
    label: dict[str, str]  # lang -> label
    kind: str  # "text" | "int" | "float" | "id" | item type
    options: str = ""


@dataclass
class _Table:
    name: str  # sheet name / CSV suffix
    columns: list[_Column]
    rows: list[list[Any]] = field(default_factory=list)


_FIXED: tuple[tuple[str, str, str, str], ...] = (
    # key, kind, Indonesian label, English label
    ("assessment_id", "id", "ID penilaian", "Assessment ID"),
    ("revision", "int", "Revisi", "Revision"),
    ("revision_id", "id", "ID revisi", "Revision ID"),
    ("template_version", "text", "Versi templat", "Template version"),
    ("status", "text", "Status", "Status"),
    ("subject", "text", "Subjek", "Subject"),
    ("institution", "text", "Lembaga", "Institution"),
    ("institution_vin", "id", "VIN lembaga", "Institution VIN"),
    ("assessee", "text", "Asesi", "Assessee"),
    ("nik", "id", "NIK", "NIK"),
    ("visit_letter_no", "text", "Nomor surat tugas", "Assignment letter no."),
    ("assessor", "text", "Asesor", "Assessor"),
    ("created_at", "text", "Dibuat (UTC)", "Created (UTC)"),
    ("updated_at", "text", "Diubah (UTC)", "Updated (UTC)"),
    ("finalised_at", "text", "Difinalisasi (UTC)", "Finalised (UTC)"),
    ("score_percent", "float", "Nilai (%)", "Score (%)"),
    ("verdict", "text", "Hasil", "Verdict"),
    ("kuk_achieved", "int", "KUK tercapai", "KUK achieved"),
    ("kuk_total", "int", "Jumlah KUK", "KUK total"),
    ("grade", "text", "Kategori (templat)", "Category (template)"),
    ("passed", "text", "Lulus", "Passed"),
    ("content_sha256", "id", "SHA-256 isi", "Content SHA-256"),
)
#: Columns an export of competency records (BNSP) leaves out: no percentage, pass mark or
#: grade; and the KUK counts, which only competency instruments have.
_SCORE_ONLY = frozenset({"score_percent", "grade", "passed"})
_KUK_ONLY = frozenset({"kuk_achieved", "kuk_total"})
_STATUS_LABELS = {"draft": ("draf", "draft"), "complete": ("final", "complete"),
                  "signed": ("ditandatangani sebagian", "partly signed"),
                  "locked": ("terkunci", "locked")}
_YES_NO = {True: ("ya", "yes"), False: ("tidak", "no")}


def csv_escape(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection): prefix ``'`` to a cell that starts
    with ``= + - @``, tab or CR (OWASP). Applied to every CSV cell, numbers included."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def xlsx_text(value: str) -> str:
    """XML 1.0 cannot carry most control characters; they become U+FFFD."""
    return _ILLEGAL_XML.sub("\ufffd", value)


def _pick(lang: str, pair: tuple[str, str]) -> str:
    return pair[1] if lang == "en" else pair[0]


# ------------------------------------------------------------------ the service


@dataclass
class OfficeService:
    engine: Any
    templates: TemplateService
    clock: Clock = system_clock
    actor: Callable[[], str | None] = lambda: None

    def _log_export(self, fmt: str, options: ExportOptions, count: int) -> None:
        """An export of many people's data goes into the audit log (UU PDP Pasal 31), as
        ``services.audit`` records access (action ``export``)."""
        if is_read_only(self.engine):
            return
        with write_session(self.engine) as s:
            s.add(AuditRow(at=utc_now_iso(self.clock), actor=self.actor(), action="export",
                           entity="office_export", entity_id=options.template_code or "all",
                           field=fmt, new=f"{count} penilaian, NIK {options.nik}"))

    # -------------------------------------------------------------- dashboard

    def dashboard(self, flt: DashboardFilter | None = None, *, lang: str = "id") -> Dashboard:
        flt = flt or DashboardFilter()
        tz = TIMEZONES.get(flt.timezone)
        if tz is None:
            raise InvalidValueError("value.bad_option", item="timezone", value=flt.timezone,
                                    allowed=", ".join(TIMEZONES))
        for day in (flt.date_from, flt.date_to):
            if day is not None and not _valid_day(day):
                raise InvalidValueError("value.bad_date", item="date", value=day)
        with read_session(self.engine) as s:
            columns: tuple[Any, ...] = (
                AssessmentRow.template_code, AssessmentRow.institution_id,
                AssesseeRow.institution_id, AssessmentRow.status, AssessmentRow.verdict,
                AssessmentRow.score_percent, AssessmentRow.finalised_at,
                AssessmentRow.updated_at, AssessmentRow.template_id, TemplateRow.kind)
            q: Any = select(*columns).outerjoin(
                AssesseeRow, col(AssesseeRow.id) == col(AssessmentRow.assessee_id)
            ).outerjoin(
                TemplateRow, col(TemplateRow.id) == col(AssessmentRow.template_id)
            ).where(AssessmentRow.is_current == True)  # noqa: E712
            if flt.template_code:
                q = q.where(AssessmentRow.template_code == flt.template_code)
            if not flt.include_drafts:
                q = q.where(AssessmentRow.status != "draft")
            raw = s.exec(q).all()
            names = {i.id: i.name for i in s.exec(select(InstitutionRow)).all()}
            titles = self._template_titles(s, lang)
        facts: list[_Fact] = []
        for (code, inst_id, assessee_inst, status, stored, pct, finalised_at, updated_at,
             template_id, kind) in raw:
            local = parse_iso(finalised_at or updated_at).astimezone(tz)
            verdict = shown_verdict(stored, kind) or ""
            pct = shown_percent(pct, kind)
            fact = _Fact(code, inst_id or assessee_inst or "", status, verdict,
                         float(pct) if pct is not None else None, local.strftime("%Y-%m"),
                         local.date().isoformat(),
                         None if is_competency(kind) else self._passed(template_id, verdict),
                         is_competency(kind))
            if flt.institution_id and fact.institution_id != flt.institution_id:
                continue
            if flt.date_from and fact.day < flt.date_from:
                continue
            if flt.date_to and fact.day > flt.date_to:
                continue
            facts.append(fact)

        def group(key_of: Any, label_of: Any) -> dict[str, Bucket]:
            parts: dict[str, list[_Fact]] = defaultdict(list)
            for f in facts:
                parts[key_of(f)].append(f)
            return {k: _bucket(k, label_of(k), v) for k, v in parts.items()}

        institutions = sorted(group(lambda f: f.institution_id, lambda k: names.get(k, ""))
                              .values(), key=lambda b: (-b.total, b.label.casefold(), b.key))
        templates = sorted(group(lambda f: f.template_code, lambda k: titles.get(k, k))
                           .values(), key=lambda b: b.key)
        verdicts = sorted(group(lambda f: f.verdict, lambda k: k).values(),
                          key=lambda b: _verdict_rank(b.key))
        by_month = group(lambda f: f.month, lambda k: k)
        months = [by_month.get(m) or Bucket(m, m) for m in _month_range(
            sorted(by_month), flt.date_from, flt.date_to)]
        return Dashboard(_bucket("", "", facts), institutions, templates, verdicts, months,
                         utc_now_iso(self.clock), flt, lang)

    def _passed(self, template_id: str | None, verdict: str) -> bool | None:
        if verdict in POSITIVE_VERDICTS:
            return True
        if verdict in NEGATIVE_VERDICTS:
            return False
        if not verdict or not template_id:
            return None
        try:
            bands = self.templates.get(template_id).scoring.grade_bands
        except AppError:
            return None
        return _grade_passes(bands, verdict)

    @staticmethod
    def _template_titles(s: Any, lang: str) -> dict[str, str]:
        """code -> title of its newest installed version."""
        out: dict[str, tuple[str, str]] = {}
        for row in s.exec(select(TemplateRow)).all():
            title = row.title_en if lang == "en" and row.title_en else row.title
            if row.code not in out or version_key(row.version) > version_key(out[row.code][0]):
                out[row.code] = (row.version, title)
        return {code: title for code, (_v, title) in out.items()}

    # -------------------------------------------------------------- exports

    def export_xlsx(self, path: Path, options: ExportOptions) -> ExportResult:
        """One workbook: assessments, one sheet per repeat group, and the column sheet."""
        check_output_path(path)  # a device, FIFO or folder: refused before any work
        tables, count = self._tables(options)
        data = _workbook_bytes(tables)
        atomic_write_bytes(Path(path), data, verify=_verify_xlsx)
        self._log_export("xlsx", options, count)
        return _result([Path(path)], tables, count)

    def export_csv(self, path: Path, options: ExportOptions) -> ExportResult:
        """``path`` gets the assessments; ``<stem>.<repeat>.csv`` each repeat group and
        ``<stem>.columns.csv`` the column descriptions, next to it."""
        if options.delimiter not in (",", ";", "\t"):
            raise InvalidValueError("value.bad_option", item="delimiter",
                                    value=options.delimiter, allowed=", ; TAB")
        path = check_output_path(path)  # a device, FIFO or folder: refused before any work
        tables, count = self._tables(options)
        files: list[Path] = []
        for i, table in enumerate(tables):
            target = path if i == 0 else path.with_name(f"{path.stem}.{table.name}{path.suffix}")
            atomic_write_bytes(target, _csv_bytes(table, options), verify=_verify_csv)
            files.append(target)
        self._log_export("csv", options, count)
        return _result(files, tables, count)

    # -------------------------------------------------------------- building the tables

    def _tables(self, opt: ExportOptions) -> tuple[list[_Table], int]:
        if opt.lang not in ("id", "en"):
            raise InvalidValueError("value.bad_option", item="lang", value=opt.lang,
                                    allowed="id, en")
        if opt.nik not in ("full", "masked", "omit"):
            raise InvalidValueError("value.bad_option", item="nik", value=opt.nik,
                                    allowed="full, masked, omit")
        with read_session(self.engine) as s:  # one snapshot for every read below
            return self._tables_in(s, opt)

    def _tables_in(self, s: Any, opt: ExportOptions) -> tuple[list[_Table], int]:
        data = self._load(s, opt)
        if not data.template_ids:
            raise NotFoundError("template.not_found", code=opt.template_code)
        templates = {tid: self.templates.get(tid) for tid in data.template_ids}
        ordered = sorted(templates.values(), key=lambda t: version_key(t.version), reverse=True)
        lang = opt.lang

        # Columns: the newest version's order first, then items only older versions have.
        items: dict[str, Item] = {}
        repeats: dict[str, dict[str, Item]] = {}
        owner_of: dict[str, str] = {}
        sections: dict[str, Any] = {}
        units: dict[str, Any] = {}
        for t in ordered:
            for it in t.walk_items():
                owner = t.repeat_of(it.name)
                if it.is_repeat:
                    repeats.setdefault(it.name, {})
                    continue
                if not _exported(it):
                    continue
                if owner is not None:
                    repeats.setdefault(owner.name, {}).setdefault(it.name, it)
                    owner_of.setdefault(it.name, owner.name)
                else:
                    items.setdefault(it.name, it)
            for sec in t.sections:
                sections.setdefault(sec.name, sec)
            for unit_sec, _groups in t.units():
                assert unit_sec.unit is not None
                units.setdefault(unit_sec.unit.code, unit_sec.unit)
        noted = {(str(item), bool(row_id)) for item, row_id in s.exec(_current(select(
            AnswerRow.item, AnswerRow.row_id).join(AssessmentRow, AssessmentRow.id ==  # type: ignore[arg-type]
            AnswerRow.revision_id), opt).where(col(AnswerRow.note).is_not(None),
                                               AnswerRow.note != "").distinct()).all()}

        main = _Table(_pick(lang, ("penilaian", "assessments")), [])
        # no percentage, grade or pass/fail column unless a template scores: competency
        # records and institutional checklists decided by a recommendation (JKP) or by
        # nobody in the field (KMPI) have none
        unscored = all(is_competency(t.kind.value) or t.verdict is not VerdictMode.SCORE
                       for t in ordered)
        instrument = any(counts_kuk(t) for t in ordered)
        for key, kind, label_id, label_en in _FIXED:
            if key == "nik" and opt.nik == "omit":
                continue
            if (key in _SCORE_ONLY and unscored) or (key in _KUK_ONLY and not instrument):
                continue
            main.columns.append(_Column(key, {"id": label_id, "en": label_en}, kind))
        for sec in sections.values() if not unscored else ():
            main.columns.append(_Column(f"section.{sec.name}", {
                "id": f"Nilai bagian: {sec.title.get('id')}",
                "en": f"Section score: {sec.title.get('en')}"}, "float"))
        for code, unit in units.items():
            main.columns.append(_Column(f"unit.{code}", {
                "id": f"Unit {code}: {unit.title.get('id')}",
                "en": f"Unit {code}: {unit.title.get('en')}"}, "text"))
        for it in items.values():
            main.columns.append(_item_column(it, ordered))
            if (it.name, False) in noted:
                main.columns.append(_note_column(it))
        rep_tables: dict[str, _Table] = {}
        for rep_name, children in repeats.items():
            table = _Table(rep_name, [
                _Column("assessment_id", {"id": "ID penilaian", "en": "Assessment ID"}, "id"),
                _Column("revision", {"id": "Revisi", "en": "Revision"}, "int"),
                _Column("row", {"id": "Baris", "en": "Row"}, "int"),
                _Column("subject", {"id": "Subjek", "en": "Subject"}, "text")])
            for child in children.values():
                table.columns.append(_item_column(child, ordered))
                if (child.name, True) in noted:
                    table.columns.append(_note_column(child))
            rep_tables[rep_name] = table

        # The answers are read a chunk of revisions at a time, as plain tuples: an office
        # export of 100,000 assessments held every answer as an ORM object (3.5 GB).
        for arow, answers in _with_answers(s, data.rows):
            template = templates[arow.template_id]
            state = FormState(template, answers, today=_local_today(self.clock))
            computed = score(state)
            fixed = self._fixed_values(arow, data, template, computed, opt)
            line: list[Any] = []
            for column in main.columns:
                if column.key in fixed:
                    line.append(fixed[column.key])
                elif column.key.startswith("section."):
                    line.append("" if is_competency(template.kind.value) else
                                _section_percent(computed, column.key[8:]))
                elif column.key.startswith("unit."):
                    line.append(_unit_verdict(computed, column.key[5:]))
                elif column.key.endswith(".note"):
                    line.append(answers.notes.get((column.key[:-5], ""), ""))
                else:
                    line.append(_cell(template, state, column.key, "", answers, opt))
            main.rows.append(line)
            for rep_name, table in rep_tables.items():
                for n, row_id in enumerate(answers.rows.get(rep_name, []), start=1):
                    if template.find_item(rep_name) is None or \
                            not state.item_relevant(rep_name):
                        break
                    rline: list[Any] = [arow.assessment_id, arow.revision, n, arow.subject_name]
                    for column in table.columns[4:]:
                        if column.key.endswith(".note"):
                            rline.append(answers.notes.get((column.key[:-5], row_id), ""))
                        else:
                            rline.append(_cell(template, state, column.key, row_id, answers,
                                               opt))
                    table.rows.append(rline)
        tables = [main, *rep_tables.values()]
        tables.append(_columns_table(tables, lang))
        return tables, len(data.rows)

    def _fixed_values(self, arow: AssessmentRow, data: _ExportData, template: Template,
                      computed: ScoreResult, opt: ExportOptions) -> dict[str, Any]:
        lang = opt.lang
        inst = data.institutions.get(arow.institution_id or "")
        assessee = data.assessees.get(arow.assessee_id or "")
        if inst is None and assessee is not None and assessee.institution_id:
            inst = data.institutions.get(assessee.institution_id)
        visit = data.visits.get(arow.visit_id or "")
        assessor = data.assessors.get(arow.assessor_id or "")
        # A draft: what it would score now; a finalised revision: the official figures
        # stored at finalise. Its answers and template version never change, so the
        # computed facts (grade, KUK counts) are the ones it was finalised with. A
        # competency record has no percentage, grade or pass/fail: K/BK/OL and KUK only.
        shown = outcome(template, computed, stored=arow.status != "draft",
                        percent=arow.score_percent, verdict=arow.verdict)
        passed = shown.passed
        nik = assessee.nik if assessee is not None else None
        if nik and opt.nik == "masked":
            nik = mask_nik(nik)
        status = _pick(lang, _STATUS_LABELS[arow.status]) if opt.labels and \
            arow.status in _STATUS_LABELS else arow.status
        return {
            "assessment_id": arow.assessment_id, "revision": arow.revision,
            "revision_id": arow.id, "template_version": template.version, "status": status,
            "subject": arow.subject_name, "institution": inst.name if inst else "",
            "institution_vin": (inst.vin or "") if inst else "",
            "assessee": assessee.name if assessee else "", "nik": nik or "",
            "visit_letter_no": (visit.letter_no or "") if visit else "",
            "assessor": assessor.name if assessor else "",
            "created_at": arow.created_at, "updated_at": arow.updated_at,
            "finalised_at": arow.finalised_at or "",
            "score_percent": shown.percent, "verdict": shown.verdict or "",
            "kuk_achieved": shown.kuk_achieved, "kuk_total": shown.kuk_total,
            "grade": shown.grade or "",
            "passed": "" if passed is None else (
                _pick(lang, _YES_NO[passed]) if opt.labels else str(passed).lower()),
            "content_sha256": arow.content_sha256 or "",
        }

    def _load(self, s: Any, opt: ExportOptions) -> _ExportData:
        data = _ExportData()
        data.template_ids = set(s.exec(select(TemplateRow.id).where(
            TemplateRow.code == opt.template_code)).all())
        data.rows = list(s.exec(_current(select(AssessmentRow), opt).order_by(
            col(AssessmentRow.created_at), col(AssessmentRow.id))).all())
        lookups: list[tuple[Any, set[str | None], dict[str, Any]]] = [
                (InstitutionRow, {r.institution_id for r in data.rows}, data.institutions),
                (AssesseeRow, {r.assessee_id for r in data.rows}, data.assessees),
                (VisitRow, {r.visit_id for r in data.rows}, data.visits),
                (AssessorRow, {r.assessor_id for r in data.rows}, data.assessors)]
        for model, ids, target in lookups:
            for chunk in _chunks(sorted(i for i in ids if i), 500):
                for obj in s.exec(select(model).where(col(model.id).in_(chunk))).all():
                    target[obj.id] = obj
        extra = {a.institution_id for a in data.assessees.values()} - set(data.institutions)
        for chunk in _chunks(sorted(i for i in extra if i), 500):
            for obj in s.exec(select(InstitutionRow).where(
                    col(InstitutionRow.id).in_(chunk))).all():
                data.institutions[obj.id] = obj
        return data


@dataclass
class _ExportData:
    template_ids: set[str] = field(default_factory=set)
    rows: list[AssessmentRow] = field(default_factory=list)
    institutions: dict[str, InstitutionRow] = field(default_factory=dict)
    assessees: dict[str, AssesseeRow] = field(default_factory=dict)
    visits: dict[str, VisitRow] = field(default_factory=dict)
    assessors: dict[str, AssessorRow] = field(default_factory=dict)


def _current(q: Any, opt: ExportOptions) -> Any:
    """Only the current revisions of the exported template (finalised ones unless drafts
    are asked for)."""
    q = q.where(AssessmentRow.template_code == opt.template_code,
                AssessmentRow.is_current == True)  # noqa: E712
    return q if opt.include_drafts else q.where(AssessmentRow.status != "draft")


#: Revisions whose answers are read at once by an office export.
EXPORT_CHUNK = 500


def _with_answers(s: Any, rows: Sequence[AssessmentRow]
                  ) -> Iterator[tuple[AssessmentRow, Answers]]:
    """Each revision with its answers, notes, repeat rows and evidence, read
    ``EXPORT_CHUNK`` revisions at a time (only one chunk's answers are held)."""
    for chunk in _chunks(list(rows), EXPORT_CHUNK):
        ids = [r.id for r in chunk]
        by_id: dict[str, Answers] = {i: Answers() for i in ids}
        for rid, item, row_id, value, note in s.execute(sa_select(  # five columns
                col(AnswerRow.revision_id), col(AnswerRow.item), col(AnswerRow.row_id),
                col(AnswerRow.value), col(AnswerRow.note)).where(col(AnswerRow.revision_id).in_(ids))).all():
            ans = by_id[rid]
            if value != "":
                ans.values[(item, row_id)] = value
            if note:
                ans.notes[(item, row_id)] = note
        for rid, repeat, row_id in s.exec(select(
                RepeatInstanceRow.revision_id, RepeatInstanceRow.repeat, RepeatInstanceRow.id
        ).where(col(RepeatInstanceRow.revision_id).in_(ids)).order_by(
                col(RepeatInstanceRow.revision_id), col(RepeatInstanceRow.repeat),
                col(RepeatInstanceRow.position))).all():
            by_id[rid].rows.setdefault(repeat, []).append(row_id)
        for rid, item, row_id, sha in s.exec(select(
                EvidenceRow.revision_id, EvidenceRow.item, EvidenceRow.row_id,
                EvidenceRow.media_sha256).where(col(EvidenceRow.revision_id).in_(ids)).order_by(
                col(EvidenceRow.revision_id), col(EvidenceRow.position))).all():
            by_id[rid].evidence.setdefault((item, row_id), []).append(sha)
        for row in chunk:
            yield row, by_id[row.id]


# ------------------------------------------------------------------ helpers


def _valid_day(day: str) -> bool:
    if not _DATE.match(day):
        return False
    try:
        dt.date.fromisoformat(day)
    except ValueError:
        return False
    return True


def _verdict_rank(verdict: str) -> tuple[int, str]:
    if verdict in _VERDICT_ORDER:
        return (_VERDICT_ORDER.index(verdict), verdict)
    return (len(_VERDICT_ORDER) + (1 if verdict == "" else 0), verdict)


def _grade_passes(bands: Sequence[Any], grade: str) -> bool | None:
    """A grade verdict (A/B/C...) is a pass when its band needs a passed assessment; the
    band(s) without that requirement are where failed assessments land."""
    if not any(b.requires_pass for b in bands):
        return None
    for band in bands:
        if band.grade == grade:
            return bool(band.requires_pass)
    return None


def _bucket(key: str, label: str, facts: Sequence[_Fact]) -> Bucket:
    statuses = Counter(f.status for f in facts)
    verdicts = Counter(f.verdict for f in facts)
    scores = [f.score for f in facts if f.score is not None]
    return Bucket(
        key=key, label=label, total=len(facts),
        by_status={s: statuses[s] for s in (*STATUSES, *sorted(set(statuses) - set(STATUSES)))
                   if statuses[s]},
        by_verdict={v: verdicts[v] for v in sorted(verdicts, key=_verdict_rank)},
        finalised=sum(1 for f in facts if f.status != "draft"),
        passed=sum(1 for f in facts if f.passed is True),
        failed=sum(1 for f in facts if f.passed is False),
        mean_score=round(sum(scores) / len(scores), 2) if scores else None,
        competent=sum(1 for f in facts if f.competency and f.verdict == K),
        not_competent=sum(1 for f in facts if f.competency and f.verdict == BK),
        further=sum(1 for f in facts if f.competency and f.verdict == OL))


def _month_range(present: list[str], date_from: str | None, date_to: str | None) -> list[str]:
    """Every month from the first to the last (or the filter's bounds), gaps included."""
    bounds = list(present)
    if date_from:
        bounds.append(date_from[:7])
    if date_to:
        bounds.append(date_to[:7])
    if not bounds:
        return []
    first, last = min(bounds), max(bounds)
    if not present and not (date_from and date_to):
        return []
    year, month = int(first[:4]), int(first[5:7])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(out) < 1200:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _chunks(values: list[T], size: int) -> Iterable[list[T]]:
    for i in range(0, len(values), size):
        yield values[i:i + size]


def _local_today(clock: Clock) -> dt.date:
    return clock().astimezone(TIMEZONES["WIB"]).date()


def _exported(item: Item) -> bool:
    return item.holds_value or item.type in (ItemType.CALCULATE, ItemType.EVIDENCE,
                                             ItemType.SIGNATURE)


def _item_column(item: Item, templates: Sequence[Template]) -> _Column:
    options = ""
    for t in templates:
        rs = t.options_for(item) if t.find_item(item.name) is not None else None
        if rs is not None:
            options = "; ".join(f"{o.value}={o.label.get('id')}" for o in rs.options)
            break
    label = {"id": item.label.get("id"), "en": item.label.get("en")}
    if item.code:
        label = {k: f"{item.code} {v}" for k, v in label.items()}
    kind = {ItemType.INTEGER: "int", ItemType.EVIDENCE: "int"}.get(item.type, item.type.value)
    return _Column(item.name, label, kind, options)


def _note_column(item: Item) -> _Column:
    return _Column(f"{item.name}.note", {"id": f"Catatan: {item.label.get('id')}",
                                         "en": f"Note: {item.label.get('en')}"}, "text")


def _cell(template: Template, state: FormState, name: str, row: str, answers: Answers,
          opt: ExportOptions) -> Any:
    """The effective answer of ``name`` in ``row``, typed for a spreadsheet."""
    item = template.find_item(name)
    if item is None:
        return ""  # the item is not in this assessment's template version
    if item.type is ItemType.EVIDENCE:
        if not state.item_relevant(name, row):
            return ""
        return len(answers.evidence.get((name, row), [])) or ""
    value = state.value(name, row)
    if value == "":
        return ""
    if item.type is ItemType.CALCULATE and _NUMBER.match(value):
        return int(value) if "." not in value else _exact_float(value)
    if item.type is ItemType.INTEGER:
        return int(value) if re.fullmatch(r"-?\d{1,15}", value) else value
    if item.type is ItemType.DECIMAL:
        return _exact_float(value)
    if item.type is ItemType.SIGNATURE:
        return _pick(opt.lang, ("ditandatangani", "signed")) if opt.labels else value
    if opt.labels and item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        rs = template.options_for(item)
        if rs is not None:
            parts = []
            for v in value.split() if item.type is ItemType.SELECT_MULTIPLE else [value]:
                opt_ = rs.option(v)
                parts.append(opt_.label.get(opt.lang) if opt_ is not None else v)
            return "; ".join(parts)
    return value


def _exact_float(value: str) -> Any:
    """A float only when it says exactly the same number; the text otherwise."""
    try:
        number = float(value)
        if Decimal(repr(number)) == Decimal(value):
            return number
    except (ValueError, InvalidOperation):
        pass
    return value


def _section_percent(result: ScoreResult, name: str) -> Any:
    for sec in result.sections:
        if sec.name == name:
            return sec.percent if sec.percent is not None else ""
    return ""


def _unit_verdict(result: ScoreResult, code: str) -> Any:
    for unit in result.units:
        if unit.code == code:
            return unit.verdict or ""
    return ""


def _columns_table(tables: list[_Table], lang: str) -> _Table:
    out = _Table(_pick(lang, ("kolom", "columns")), [
        _Column("sheet", {"id": "Lembar", "en": "Sheet"}, "text"),
        _Column("key", {"id": "Kunci", "en": "Key"}, "text"),
        _Column("label", {"id": "Label", "en": "Label"}, "text"),
        _Column("type", {"id": "Tipe", "en": "Type"}, "text"),
        _Column("options", {"id": "Pilihan (nilai=label)", "en": "Options (value=label)"},
                "text")])
    for table in tables:
        for c in table.columns:
            out.rows.append([table.name, c.key, c.label.get(lang) or c.label.get("id", ""),
                             c.kind, c.options])
    return out


def _result(files: list[Path], tables: list[_Table], count: int) -> ExportResult:
    return ExportResult(files, count, {t.name: len(t.rows) for t in tables[1:-1]},
                        len(tables[0].columns))


# ------------------------------------------------------------------ writers


def _sheet_name(name: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", name)[:31] or "sheet"
    candidate, n = base, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{base[:28]}~{n}"
    used.add(candidate.lower())
    return candidate


def _workbook_bytes(tables: list[_Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    used: set[str] = set()
    for table in tables:
        ws = wb.create_sheet(_sheet_name(table.name, used))
        ws.freeze_panes = "A2"
        for i, column in enumerate(table.columns, start=1):
            width = 38 if column.kind in ("text", "select_one", "select_multiple") else 16
            ws.column_dimensions[get_column_letter(i)].width = width
        ws.append([_text_cell(ws, c.key, WriteOnlyCell) for c in table.columns])
        id_columns = {i for i, c in enumerate(table.columns) if c.kind == "id"}
        for line in table.rows:
            cells: list[Any] = []
            for i, value in enumerate(line):
                if value is None or value == "":
                    cells.append(None)
                elif isinstance(value, bool):
                    cells.append(_text_cell(ws, str(value).lower(), WriteOnlyCell))
                elif isinstance(value, int | float):
                    cells.append(value)
                else:
                    cell = _text_cell(ws, str(value), WriteOnlyCell)
                    if i in id_columns:
                        cell.number_format = "@"  # stays text when edited in Excel
                    cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _text_cell(ws: Any, value: str, cell_class: Any) -> Any:
    cell = cell_class(ws, value=xlsx_text(value))
    cell.data_type = "s"  # never a formula, even for "=..." (openpyxl would guess "f")
    return cell


def _csv_bytes(table: _Table, opt: ExportOptions) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=opt.delimiter, lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_escape(c.key) for c in table.columns])
    for line in table.rows:
        writer.writerow([csv_escape(_csv_text(v)) for v in line])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return repr(value)  # the shortest text that reads back as the same number
    return str(value)


def _verify_xlsx(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as z:
            ok = z.testzip() is None and "xl/workbook.xml" in z.namelist()
    except zipfile.BadZipFile:
        ok = False
    if not ok:
        raise StorageError("office.export_verify_failed", path=str(path))


def _verify_csv(path: Path) -> None:
    with open(path, "rb") as f:
        if f.read(3) != b"\xef\xbb\xbf":
            raise StorageError("office.export_verify_failed", path=str(path))
