"""Report use cases: build report data from the store, render it, write it atomically,
record what was rendered, and verify a PDF someone hands in.

The GUI calls these from a background thread (``render_*`` return bytes for preview and
printing; ``save_*`` write a file and record it); the CLI calls the same methods.

Verification (``verify``): a PDF carries, in its metadata and in the QR code on every page,
the assessment id, the revision and the SHA-256 of the content it shows. It is VALID when
that revision is still the current one, its content hash is the printed one, and the file's
bytes are exactly a rendering the app recorded (or, when it was never recorded here, exactly
what a fresh deterministic rendering of the record gives).
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import threading
import unicodedata
import warnings
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from assessor_app.core.clock import TIMEZONES, Clock, new_id, parse_iso, utc_now_iso
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError
from assessor_app.core.scoring import BK, K
from assessor_app.core.template import SubjectKind
from assessor_app.fileio import atomic_write_bytes
from assessor_app.reports import (
    BatchEntry,
    InstitutionInfo,
    PhotoInfo,
    RecordInfo,
    Rendered,
    RenderError,
    ReportData,
    SignatureInfo,
    TeamMember,
    VisitInfo,
    layout_of,
    render,
)
from assessor_app.reports.text import parse_date
from assessor_app.reports.verification import (
    Payload,
    blank_payload,
    parse_payload,
    record_payload,
)
from assessor_app.services.assessments import AssessmentDetail, AssessmentService
from assessor_app.services.registry import Registry
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import AssessmentRow, ReportRow, TemplateRow, VisitRow

log = logging.getLogger(__name__)

Progress = Callable[[int], object]

BATCH_FORMS = ("FR.AK.05",)
MAX_VERIFY_BYTES = 200 * 1024 * 1024

# reason codes of VerifyResult (words in assessor_app.messages, "verify.<code>")
VALID = "valid"
VALID_BLANK = "blank_form"
NOT_PDF = "not_pdf"
UNREADABLE = "unreadable"
NO_PAYLOAD = "no_payload"
UNKNOWN_RECORD = "unknown_record"
CONTENT_CHANGED = "content_changed"
SUPERSEDED = "superseded"
EDITED_PDF = "edited_pdf"


@dataclass(frozen=True)
class VerifyResult:
    valid: bool
    reason_code: str
    pdf_sha256: str | None = None
    assessment_id: str | None = None
    revision: int | None = None
    current_revision: int | None = None
    template_code: str | None = None
    subject: str | None = None
    status: str | None = None
    printed_sha256: str | None = None  # the content hash printed in the PDF
    record_sha256: str | None = None  # the record's content hash now
    verification_code: str | None = None
    draft: bool = False
    paper: str | None = None
    lang: str | None = None
    matched: str | None = None  # "recorded" | "rerendered"
    report_id: str | None = None
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class SavedReport:
    path: Path
    report: ReportRow
    pages: int
    verification_code: str
    pdf_sha256: str


@dataclass(frozen=True)
class _Meta:
    """What the service knows about a rendering it made (to record it later)."""

    kind: str  # assessment | batch | blank
    revision_id: str | None
    template_id: str | None
    content_sha256: str | None
    payload: Payload
    pages: int


class ReportService:
    """``ReportService(services)`` or ``ReportService(assessments=..., registry=...,
    templates=..., engine=...)``."""

    def __init__(self, services: Any = None, *, assessments: AssessmentService | None = None,
                 registry: Registry | None = None, templates: TemplateService | None = None,
                 engine: Any = None, clock: Clock | None = None) -> None:
        self.assessments: AssessmentService = assessments or services.assessments
        self.registry: Registry = registry or services.registry
        self.templates: TemplateService = templates or services.templates
        self.engine = engine if engine is not None else (
            services.store.engine if services is not None else self.assessments.engine)
        self.clock: Clock = clock if clock is not None else self.assessments.clock
        self._recent: OrderedDict[str, _Meta] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------ rendering

    def render_assessment(self, ref: str, *, paper: str = "a4", lang: str = "id",
                          progress: Progress | None = None) -> bytes:
        """The PDF of one assessment (its current revision, or the revision ``ref`` names).
        A FR.AK.05 assessment renders as its batch report."""
        return self._render_assessment(ref, paper, lang, progress)[0]

    def render_batch(self, visit_ref: str, form: str = "FR.AK.05", *, paper: str = "a4",
                     lang: str = "id", progress: Progress | None = None) -> bytes:
        """FR.AK.05 for a visit: its FR.AK.05 record, completed from the visit's FR.IA.01."""
        return self._render_batch(visit_ref, form, paper, lang, progress)[0]

    def render_blank(self, code: str, *, paper: str = "a4", lang: str = "id",
                     progress: Progress | None = None) -> bytes:
        """A blank printable form of template ``code`` (``code``, ``code@version`` or id)."""
        return self._render_blank(code, paper, lang, progress)[0]

    # ------------------------------------------------------------ saving

    def save_assessment(self, ref: str, path: Path | str, *, paper: str = "a4",
                        lang: str = "id", progress: Progress | None = None) -> Path:
        return self._save(self._render_assessment(ref, paper, lang, progress), path).path

    def save_batch(self, visit_ref: str, path: Path | str, form: str = "FR.AK.05", *,
                   paper: str = "a4", lang: str = "id",
                   progress: Progress | None = None) -> Path:
        return self._save(self._render_batch(visit_ref, form, paper, lang, progress), path).path

    def save_blank(self, code: str, path: Path | str, *, paper: str = "a4", lang: str = "id",
                   progress: Progress | None = None) -> Path:
        return self._save(self._render_blank(code, paper, lang, progress), path).path

    def save(self, pdf: bytes, path: Path | str) -> SavedReport:
        """Write PDF bytes rendered by this service atomically and record them."""
        meta = self._meta_for(pdf)
        return self._save((pdf, meta), path)

    def record(self, pdf: bytes) -> ReportRow:
        """Record bytes rendered by this service (e.g. after the GUI printed them), so
        ``verify`` recognises a scan or copy of exactly this file."""
        return self._record(pdf, self._meta_for(pdf))

    # ------------------------------------------------------------ internals: render

    def _check(self, paper: str, lang: str) -> None:
        if paper not in ("a4", "f4"):
            raise InvalidValueError("value.bad_option", item="paper", value=paper,
                                    allowed="a4, f4")
        if lang not in ("id", "en"):
            raise InvalidValueError("value.bad_option", item="lang", value=lang,
                                    allowed="id, en")

    def _render_assessment(self, ref: str, paper: str, lang: str,
                           progress: Progress | None) -> tuple[bytes, _Meta]:
        self._check(paper, lang)
        detail = self.assessments.detail(ref)
        data = self._record_data(detail, paper, lang)
        kind = "assessment"
        if layout_of(data) == "batch" and detail.visit is not None:
            data = self._with_batch(data, detail)
            kind = "batch"
        return self._finish(data, kind, detail.row.id, detail.row.template_id, progress)

    def _render_batch(self, visit_ref: str, form: str, paper: str, lang: str,
                      progress: Progress | None) -> tuple[bytes, _Meta]:
        self._check(paper, lang)
        if form.upper() not in BATCH_FORMS:
            raise InvalidValueError("report.batch_form", form=form,
                                    allowed=", ".join(BATCH_FORMS))
        visit = self.registry.find_visit(visit_ref)
        rows = [r for r in self._visit_rows(visit.id)
                if (self.templates.get(r.template_id).form or r.template_code).upper()
                == form.upper()]
        if not rows:
            raise NotFoundError("report.no_batch_record", form=form,
                                visit=visit.letter_no or visit.id)
        row = max(rows, key=lambda r: (r.updated_at, r.id))
        detail = self.assessments.detail(row.id)
        data = self._with_batch(self._record_data(detail, paper, lang), detail)
        return self._finish(data, "batch", row.id, row.template_id, progress)

    def _render_blank(self, code: str, paper: str, lang: str,
                      progress: Progress | None) -> tuple[bytes, _Meta]:
        self._check(paper, lang)
        trow = self.templates.find(code)
        template = self.templates.get(trow.id)
        payload = blank_payload(template.code, template.version, trow.id, paper=paper,
                                lang=lang)
        data = ReportData(template=template, payload=payload, lang=lang, paper=paper,
                          title=f"{template.form or template.code} "
                                f"{template.title.get(lang)}")
        return self._finish(data, "blank", None, trow.id, progress)

    def _finish(self, data: ReportData, kind: str, revision_id: str | None,
                template_id: str | None, progress: Progress | None) -> tuple[bytes, _Meta]:
        try:
            out: Rendered = render(data, progress=progress)
        except RenderError as exc:
            log.exception("report layout failed")
            raise AppError("report.layout", detail=str(exc)[:200]) from exc
        meta = _Meta(kind, revision_id, template_id, data.payload.content_sha256
                     if data.payload.kind == "record" else None, data.payload, out.pages)
        with self._lock:
            self._recent[hashlib.sha256(out.pdf).hexdigest()] = meta
            while len(self._recent) > 32:
                self._recent.popitem(last=False)
        return out.pdf, meta

    # ------------------------------------------------------------ internals: data

    def _record_data(self, detail: AssessmentDetail, paper: str, lang: str) -> ReportData:
        row = detail.row
        draft = row.status == "draft" or row.content_sha256 is None
        sha = row.content_sha256 or self._live_hash(detail)
        payload = record_payload(row.assessment_id, row.revision, sha, paper=paper,
                                 lang=lang, draft=draft)
        visit = self._visit_info(detail.visit)
        tz = visit.timezone if visit else "WIB"
        inst = detail.institution
        institution = None
        if inst is not None:
            address = ", ".join(x for x in (inst.address, inst.city, inst.province) if x)
            institution = InstitutionInfo(inst.name, inst.vin, address or None, inst.head_name,
                                          inst.head_title, inst.licence_no)
        assessor = detail.assessor
        record = RecordInfo(
            assessment_id=row.assessment_id, revision=row.revision, status=row.status,
            subject_name=row.subject_name,
            assessor_name=_full_name(assessor) if assessor is not None else None,
            assessor_registration_no=assessor.registration_no if assessor else None,
            assessee_name=detail.assessee.name if detail.assessee is not None else None,
            supersedes=row.supersedes, revision_reason=row.revision_reason)
        signatures = []
        for sig in sorted(detail.signatures, key=lambda s: s.role):
            zone = sig.timezone if sig.timezone in TIMEZONES else tz
            signed = parse_iso(sig.signed_at).astimezone(TIMEZONES[zone])
            image = self._media_bytes(sig.media_sha256)
            signatures.append(SignatureInfo(sig.role, sig.signer_name, sig.registration_no,
                                            sig.signer_title, sig.place, signed, zone, image,
                                            sig.valid))
        signed_roles = {sig.role for sig in signatures}
        for signer in detail.template.signers:
            if signer.role in signed_roles:
                continue
            who = self._expected_signer(signer.role, detail)
            if who is not None:
                signatures.append(SignatureInfo(signer.role, who[0], who[1], who[2],
                                                timezone=tz, signed=False))
        photos = []
        for n, ev in enumerate(detail.evidence, start=1):
            data = self._media_bytes(ev.media_sha256) if ev.mime.startswith("image/") else None
            photos.append(PhotoInfo(f"F{n}", ev.item, ev.row, ev.mime, data, ev.caption or "",
                                    ev.original_name))
        t = detail.template
        title = f"{t.form or t.code} {t.title.get(lang)} — {row.subject_name}"
        return ReportData(template=t, payload=payload, lang=lang, paper=paper,
                          state=detail.state, score=detail.score, record=record,
                          institution=institution, visit=visit, signatures=tuple(signatures),
                          photos=tuple(photos), title=title)

    @staticmethod
    def _expected_signer(role: str, detail: AssessmentDetail
                         ) -> tuple[str, str | None, str | None] | None:
        """(name, registration no, title) of who is expected to sign as ``role``."""
        if role in ASSESSOR_ROLES and detail.assessor is not None:
            return _full_name(detail.assessor), detail.assessor.registration_no, None
        if role == "asesi" and detail.assessee is not None:
            return detail.assessee.name, None, None
        if role in HEAD_ROLES and detail.institution is not None and \
                detail.institution.head_name:
            return detail.institution.head_name, None, detail.institution.head_title
        return None

    def _live_hash(self, detail: AssessmentDetail) -> str:
        """The content hash a draft would get if finalised now (same rule as finalise)."""
        return self.assessments.content_hash(detail)

    def _media_bytes(self, sha256: str) -> bytes | None:
        try:
            return bytes(self.assessments.media(sha256).data)
        except NotFoundError:
            return None

    def _visit_info(self, visit: VisitRow | None) -> VisitInfo | None:
        if visit is None:
            return None
        team = tuple(TeamMember(_full_name(a), role, a.registration_no)
                     for a, role in sorted(self.registry.visit_team(visit.id),
                                           key=lambda x: (_ROLE_ORDER.get(x[1], 9), x[0].name)))
        return VisitInfo(visit.letter_no, parse_date(visit.letter_date), visit.place,
                         parse_date(visit.start_date), parse_date(visit.end_date),
                         visit.start_time, visit.end_time, visit.timezone or "WIB",
                         visit.tuk_type, team)

    def _visit_rows(self, visit_id: str) -> list[AssessmentRow]:
        with read_session(self.engine) as s:
            return list(s.exec(select(AssessmentRow).where(
                AssessmentRow.visit_id == visit_id,
                AssessmentRow.is_current == True).order_by(  # noqa: E712
                col(AssessmentRow.created_at), col(AssessmentRow.id))).all())

    def _with_batch(self, data: ReportData, detail: AssessmentDetail) -> ReportData:
        """FR.AK.05 rows, cross-checked and completed with the visit's FR.IA.01."""
        entries, extra = self._batch_entries(detail)
        scheme = None
        if detail.template.scheme is None and detail.row.visit_id:
            schemes = [src.template.scheme for src in self._ia01_sources(detail.row.visit_id)
                       if src.template.scheme is not None]
            scheme = schemes[0] if schemes else None
        payload = record_payload(data.payload.assessment_id or "", data.payload.revision or 0,
                                 data.payload.content_sha256 or "", paper=data.paper,
                                 lang=data.lang, draft=data.payload.draft, extra=extra)
        return replace(data, batch=tuple(entries), payload=payload, scheme=scheme)

    def _ia01_sources(self, visit_id: str) -> list[AssessmentDetail]:
        out = []
        for r in self._visit_rows(visit_id):
            t = self.templates.get(r.template_id)
            if (t.form or t.code).upper().startswith("FR.IA.01") and \
                    t.subject is SubjectKind.ASSESSEE:
                out.append(self.assessments.detail(r.id))
        return out

    def _batch_entries(self, detail: AssessmentDetail) -> tuple[list[BatchEntry], str | None]:
        state = detail.state
        lang_units: dict[str, dict[str, Any]] = {}
        sources = self._ia01_sources(detail.row.visit_id) if detail.row.visit_id else []
        digest_parts = []
        for src in sources:
            name = src.assessee.name if src.assessee else src.row.subject_name
            sha = src.row.content_sha256 or self._live_hash(src)
            digest_parts.append(f"{src.row.assessment_id}:{src.row.revision}:{sha}")
            units: list[str] = []
            by_unit: dict[str, list[str]] = {}
            titles: dict[str, str] = {}
            for ref in src.score.not_achieved:
                by_unit.setdefault(ref.unit_code, []).append(ref.kuk_no)
                titles[ref.unit_code] = ref.unit_title.get("id")
            for code, kuks in by_unit.items():
                units.append(f"{code} {titles[code]} (KUK {', '.join(kuks)})")
            entry = lang_units.setdefault(_norm(name), {
                "name": name, "verdicts": [], "units": [], "draft": False})
            entry["verdicts"].append(src.score.competency)
            entry["units"].extend(units)
            entry["draft"] = entry["draft"] or src.row.status == "draft"
        merged: dict[str, dict[str, Any]] = {}
        for key, e in lang_units.items():
            verdicts = e["verdicts"]
            verdict = BK if BK in verdicts else (K if verdicts and all(v == K for v in verdicts)
                                                 else None)
            merged[key] = {**e, "verdict": verdict}
        entries: list[BatchEntry] = []
        seen: set[str] = set()
        for row in state.answers.rows.get("asesi", []):
            name = state.value("nama_asesi", row)
            verdict = {"k": K, "bk": BK}.get(state.value("rekomendasi", row))
            remarks = state.value("keterangan", row) if state.item_relevant("keterangan", row) \
                else ""
            ia = merged.get(_norm(name))
            if ia is None:
                entries.append(BatchEntry(name, verdict, remarks, "ak05"))
                continue
            seen.add(_norm(name))
            completed = False
            if verdict is None and ia["verdict"] is not None:
                verdict, completed = ia["verdict"], True
            if verdict == BK and not remarks.strip() and ia["units"]:
                remarks, completed = "; ".join(ia["units"]), True
            mismatch = ia["verdict"] is not None and verdict is not None and \
                ia["verdict"] != verdict
            entries.append(BatchEntry(name, verdict, remarks, "both", ia["verdict"],
                                      tuple(ia["units"]), ia["draft"], completed, mismatch))
        for key, ia in merged.items():
            if key in seen:
                continue
            remarks = "; ".join(ia["units"]) if ia["verdict"] == BK else ""
            entries.append(BatchEntry(ia["name"], ia["verdict"], remarks, "ia01", ia["verdict"],
                                      tuple(ia["units"]), ia["draft"], bool(remarks), False))
        extra = None
        if digest_parts:
            extra = hashlib.sha256("\n".join(sorted(digest_parts)).encode()).hexdigest()[:16]
        return entries, extra

    # ------------------------------------------------------------ internals: save, record

    def _meta_for(self, pdf: bytes) -> _Meta:
        sha = hashlib.sha256(pdf).hexdigest()
        with self._lock:
            meta = self._recent.get(sha)
        if meta is None:
            raise InvalidValueError("report.not_rendered_here")
        return meta

    def _save(self, rendered: tuple[bytes, _Meta], path: Path | str) -> SavedReport:
        pdf, meta = rendered
        target = Path(path)
        digest = hashlib.sha256(pdf).hexdigest()

        def check(tmp: Path) -> None:
            if hashlib.sha256(tmp.read_bytes()).hexdigest() != digest:
                raise AppError("report.write_check", path=str(target))

        if target.exists() and target.is_dir():
            raise InvalidValueError("report.output_is_dir", path=str(target))
        if not target.parent.exists():
            raise NotFoundError("file.not_found", path=str(target.parent))
        atomic_write_bytes(target, pdf, verify=check)
        row = self._record(pdf, meta)
        return SavedReport(target, row, meta.pages, meta.payload.code, digest)

    def _record(self, pdf: bytes, meta: _Meta) -> ReportRow:
        digest = hashlib.sha256(pdf).hexdigest()
        with read_session(self.engine) as s:
            existing = s.exec(select(ReportRow).where(ReportRow.pdf_sha256 == digest)).first()
        if existing is not None:
            return existing
        row = ReportRow(id=new_id(), kind=meta.kind, revision_id=meta.revision_id,
                        template_id=meta.template_id, verification_code=meta.payload.code,
                        content_sha256=meta.content_sha256, pdf_sha256=digest,
                        paper=meta.payload.paper, lang=meta.payload.lang, pages=meta.pages,
                        created_at=utc_now_iso(self.clock))
        with write_session(self.engine) as s:
            s.add(row)
        return row

    # ------------------------------------------------------------ verification

    def verify(self, path: Path | str) -> VerifyResult:
        """Check a PDF file; never raises for a bad file (the result says why)."""
        p = Path(path)
        try:
            if p.stat().st_size > MAX_VERIFY_BYTES:
                return VerifyResult(False, NOT_PDF, detail="too large")
            data = p.read_bytes()
        except OSError as exc:
            return VerifyResult(False, UNREADABLE, detail=exc.strerror or type(exc).__name__)
        return self.verify_bytes(data)

    def verify_bytes(self, data: bytes) -> VerifyResult:
        sha = hashlib.sha256(data).hexdigest()
        if not data.lstrip()[:5] == b"%PDF-":
            return VerifyResult(False, NOT_PDF, pdf_sha256=sha)
        keywords = _read_keywords(data)
        if keywords is None:
            return VerifyResult(False, NOT_PDF, pdf_sha256=sha, detail="damaged")
        payload = parse_payload(keywords)
        if payload is None:
            return VerifyResult(False, NO_PAYLOAD, pdf_sha256=sha)
        base = VerifyResult(False, "", pdf_sha256=sha, verification_code=payload.code,
                            paper=payload.paper, lang=payload.lang, draft=payload.draft,
                            printed_sha256=payload.content_sha256 or payload.template_sha256,
                            assessment_id=payload.assessment_id, revision=payload.revision,
                            template_code=payload.template_code)
        if payload.kind == "blank":
            return self._verify_blank(data, sha, payload, base)
        return self._verify_record(data, sha, payload, base)

    def _verify_blank(self, data: bytes, sha: str, payload: Payload,
                      base: VerifyResult) -> VerifyResult:
        with read_session(self.engine) as s:
            trow = s.get(TemplateRow, payload.template_sha256 or "")
        if trow is None:
            return replace(base, reason_code=UNKNOWN_RECORD)
        base = replace(base, template_code=trow.code)
        match = self._recorded(sha, None, trow.id)
        if match is not None:
            return replace(base, valid=True, reason_code=VALID_BLANK, matched="recorded",
                           report_id=match.id)
        try:
            again = self._render_blank(trow.id, payload.paper, payload.lang, None)[0]
        except AppError as exc:
            log.warning("re-render of blank %s failed: %s", trow.code, exc.code)
            again = b""
        if again == data:
            return replace(base, valid=True, reason_code=VALID_BLANK, matched="rerendered")
        return replace(base, reason_code=EDITED_PDF)

    def _verify_record(self, data: bytes, sha: str, payload: Payload,
                       base: VerifyResult) -> VerifyResult:
        with read_session(self.engine) as s:
            rev = s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == payload.assessment_id,
                AssessmentRow.revision == payload.revision)).first()
            current = s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == payload.assessment_id,
                AssessmentRow.is_current == True)).first()  # noqa: E712
        if rev is None:
            return replace(base, reason_code=UNKNOWN_RECORD)
        detail = self.assessments.detail(rev.id)
        now_sha = rev.content_sha256 or self._live_hash(detail)
        base = replace(base, template_code=rev.template_code, subject=rev.subject_name,
                       status=rev.status, record_sha256=now_sha,
                       current_revision=current.revision if current is not None else None)
        if current is not None and current.id != rev.id:
            return replace(base, reason_code=SUPERSEDED)
        if now_sha != payload.content_sha256:
            return replace(base, reason_code=CONTENT_CHANGED)
        if payload.extra is not None and detail.row.visit_id:
            if self._batch_entries(detail)[1] != payload.extra:
                return replace(base, reason_code=CONTENT_CHANGED, detail="batch sources changed")
        match = self._recorded(sha, rev.id, None)
        if match is not None:
            return replace(base, valid=True, reason_code=VALID, matched="recorded",
                           report_id=match.id)
        try:
            again = self._render_assessment(rev.id, payload.paper, payload.lang, None)[0]
        except AppError as exc:
            log.warning("re-render of %s failed: %s", rev.id, exc.code)
            again = b""
        if again == data:
            return replace(base, valid=True, reason_code=VALID, matched="rerendered")
        return replace(base, reason_code=EDITED_PDF)

    def _recorded(self, sha: str, revision_id: str | None,
                  template_id: str | None) -> ReportRow | None:
        with read_session(self.engine) as s:
            q = select(ReportRow).where(ReportRow.pdf_sha256 == sha)
            if revision_id is not None:
                q = q.where(ReportRow.revision_id == revision_id)
            if template_id is not None:
                q = q.where(ReportRow.template_id == template_id, ReportRow.kind == "blank")
            return s.exec(q).first()

    def reports_of(self, ref: str) -> list[ReportRow]:
        """Every recorded rendering of an assessment's revisions (newest first)."""
        row = self.assessments.resolve(ref)
        with read_session(self.engine) as s:
            ids = [r.id for r in s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == row.assessment_id)).all()]
            return list(s.exec(select(ReportRow).where(col(ReportRow.revision_id).in_(ids))
                               .order_by(col(ReportRow.created_at).desc())).all())


_ROLE_ORDER = {"KETUA": 0, "LEAD": 1, "ASESOR": 2, "ANGGOTA": 3}
ASSESSOR_ROLES = frozenset({"asesor", "ketua_asesor", "verifikator", "lead_asesor"})
HEAD_ROLES = frozenset({"kepala_lpk", "pimpinan_lpk", "pimpinan"})


def _full_name(person: Any) -> str:
    name = str(person.name)
    front = getattr(person, "title_front", None)
    back = getattr(person, "title_back", None)
    if front:
        name = f"{front} {name}"
    if back:
        name = f"{name}, {back}"
    return name


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def _read_keywords(data: bytes) -> str | None:
    """/Keywords of the document info, '' when absent, None when the file does not parse."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency of verify
        return _scan_keywords(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            meta = reader.metadata
            if meta is None:
                return ""
            value = meta.get("/Keywords")
            return str(value) if value is not None else ""
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            AssertionError, RecursionError, OSError, UnicodeError, ZeroDivisionError):
        return None
    except Exception:  # noqa: BLE001 - a hostile file must give NOT VALID, not a traceback
        log.info("pypdf failed on a file to verify", exc_info=True)
        return None


def _scan_keywords(data: bytes) -> str | None:
    m = re.search(rb"/Keywords\s*\((AKV1\?[^)]*)\)", data)
    return m.group(1).decode("latin-1") if m else ""


__all__ = ["ReportService", "SavedReport", "VerifyResult"]
