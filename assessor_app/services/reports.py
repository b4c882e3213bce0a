"""Report use cases: build report data from the store, render it, write it atomically,
record what was rendered, and verify a PDF someone hands in.

The GUI calls these from a background thread (``render_*`` return bytes for preview and
printing; ``save_*`` write a file and record it); the CLI calls the same methods.

Verification (``verify``): a PDF carries, in its metadata and in the QR code on every page,
the assessment id, the revision, the SHA-256 of the content it shows and the paper code. It
is VALID when that revision is still the current one and intact (its content hash, score,
verdict, status, signatures and paper code recomputed from the record: see
``services.integrity``), the printed hash is the recomputed one, and the document is what a
fresh deterministic rendering of the record gives: byte for byte (the signed original), or
page text for page text (a copy re-saved by another program). Nothing stored about a PDF
is trusted: rendered-report rows are history, never proof.

A record whose proof is broken is never printed (``report.damaged``).
"""

from __future__ import annotations

import datetime as dt
import functools
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
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError, StateError
from assessor_app.core.naming import person_key, safe_file_name
from assessor_app.core.scoring import BK, K
from assessor_app.core.template import Scheme, SubjectKind, Template, TemplateKind, VerdictMode
from assessor_app.fileio import FileRefused, atomic_write_bytes, check_output_path, read_user_file
from assessor_app.formatting import photo_taken
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
    parts_of,
    render,
)
from assessor_app.reports.labels import label
from assessor_app.reports.letterhead import load_logo
from assessor_app.reports.text import parse_date
from assessor_app.reports.verification import (
    Payload,
    blank_payload,
    parse_payload,
    record_payload,
)
from assessor_app.services.assessments import ASESI_ROLE, AssessmentDetail, AssessmentService
from assessor_app.services.consent import HEAD_ROLES
from assessor_app.services.models import ReportInfo, Visit, view, views
from assessor_app.services.registry import Registry, mask_nik
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import is_read_only, read_session, write_session
from assessor_app.storage.tables import AssessmentRow, ReportRow, TemplateRow

log = logging.getLogger(__name__)

Progress = Callable[[int], object]

BATCH_FORMS = ("FR.AK.05",)
LOGO_DIRNAME = "logos"  # <data>/logos/<sha256>.png|.jpg|.jpeg, put there by the scheme import
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
RECORD_DIFFERS = "record_differs"  # an intact, device-signed PDF the record no longer gives
RECORD_DAMAGED = "record_damaged"
VALID_EARLIER = "valid_before_signing"
MODIFIED_AFTER_SIGNING = "modified_after_signing"
CODE_MISMATCH = "code_mismatch"


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
    matched: str | None = None  # signed | rerendered | same_pages | before_signatures
    report_id: str | None = None
    detail: str | None = None
    problems: tuple[str, ...] = ()  # integrity problems of the record (record_damaged)
    paper_code: str | None = None
    pdf_signature: dict[str, Any] | None = None  # the PAdES signature found in the file

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class PaperLine:
    """One line a clerk compares with the printout (label key, value)."""

    key: str
    value: str
    at: str | None = None  # a UTC timestamp to show in ``zone`` (formatting.moment)
    zone: str | None = None
    day: str | None = None  # a date (YYYY-MM-DD) to show as the paper does


@dataclass(frozen=True)
class PaperCheck:
    """``verify --code``: what the paper with this code must show, from the record itself
    (recomputed), and whether the record is intact and current."""

    valid: bool
    reason_code: str  # valid | code_bad | code_unknown | record_damaged | superseded
    code: str
    assessment_id: str | None = None
    revision: int | None = None
    current_revision: int | None = None
    template_code: str | None = None
    subject: str | None = None
    problems: tuple[str, ...] = ()
    lines: tuple[PaperLine, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"valid": self.valid, "reason_code": self.reason_code, "code": self.code,
                "assessment_id": self.assessment_id, "revision": self.revision,
                "current_revision": self.current_revision,
                "template_code": self.template_code, "subject": self.subject,
                "problems": list(self.problems),
                "lines": [{"key": ln.key, "value": ln.value, "at": ln.at, "zone": ln.zone,
                           "day": ln.day} for ln in self.lines]}


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
                 engine: Any = None, clock: Clock | None = None,
                 logo_dir: Path | None = None) -> None:
        """``logo_dir``: where the LSP logos of letterheads are (``<data>/logos`` of
        ``services.paths`` by default; None without services: no logos)."""
        self.assessments: AssessmentService = assessments or services.assessments
        self.registry: Registry = registry or services.registry
        self.templates: TemplateService = templates or services.templates
        self.engine = engine if engine is not None else (
            services.store.engine if services is not None else self.assessments.engine)
        self.clock: Clock = clock if clock is not None else self.assessments.clock
        if logo_dir is None and services is not None:
            logo_dir = services.paths.data_dir / LOGO_DIRNAME
        self.logo_dir: Path | None = logo_dir
        self._recent: OrderedDict[str, _Meta] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------ rendering

    def render_assessment(self, ref: str, *, paper: str = "a4", lang: str = "id",
                          progress: Progress | None = None, part: str | None = None) -> bytes:
        """The PDF of one assessment (its current revision, or the revision ``ref`` names).
        A FR.AK.05 assessment renders as its batch report. ``part``: the sheet of a form
        printed as several (:func:`parts_of`; FR.IA.05 ``soal`` | ``kunci`` | ``jawaban``,
        default the answer sheet, which is the record)."""
        return self._render_assessment(ref, paper, lang, progress, part=part)[0]

    def render_batch(self, visit_ref: str, form: str = "FR.AK.05", *, paper: str = "a4",
                     lang: str = "id", progress: Progress | None = None) -> bytes:
        """FR.AK.05 for a visit: its FR.AK.05 record, completed from the visit's FR.IA.01."""
        return self._render_batch(visit_ref, form, paper, lang, progress)[0]

    def render_blank(self, code: str, *, paper: str = "a4", lang: str = "id",
                     progress: Progress | None = None, part: str | None = None) -> bytes:
        """A blank printable form of template ``code`` (``code``, ``code@version`` or id);
        ``part`` as for :meth:`render_assessment`."""
        return self._render_blank(code, paper, lang, progress, part)[0]

    # ------------------------------------------------------------ saving

    def save_assessment(self, ref: str, path: Path | str, *, paper: str = "a4",
                        lang: str = "id", progress: Progress | None = None,
                        part: str | None = None) -> Path:
        return self._save(self._render_assessment(ref, paper, lang, progress, part=part),
                          path).path

    def save_batch(self, visit_ref: str, path: Path | str, form: str = "FR.AK.05", *,
                   paper: str = "a4", lang: str = "id",
                   progress: Progress | None = None) -> Path:
        return self._save(self._render_batch(visit_ref, form, paper, lang, progress), path).path

    def save_blank(self, code: str, path: Path | str, *, paper: str = "a4", lang: str = "id",
                   progress: Progress | None = None, part: str | None = None) -> Path:
        return self._save(self._render_blank(code, paper, lang, progress, part), path).path

    def final_records_of_visit(self, visit_ref: str) -> list[Any]:
        """The current, final (not draft) records of a visit, by subject then form; a visit
        with none is refused (``report.visit_empty``)."""
        visit = self.registry.find_visit(visit_ref)
        rows = [r for r in self.assessments.visit_records(visit.id) if r.status != "draft"]
        if not rows:
            raise StateError("report.visit_empty", visit=visit.letter_no or visit.id[:8])
        return rows

    def render_visit(self, visit_ref: str, *, paper: str = "a4", lang: str = "id",
                     progress: Progress | None = None) -> list[bytes]:
        """Every final record of a visit rendered, one PDF each (each can be recorded after
        printing, see :meth:`record`): the day's reports printed in one go."""
        return [self.render_assessment(r.id, paper=paper, lang=lang, progress=progress)
                for r in self.final_records_of_visit(visit_ref)]

    def save_visit(self, visit_ref: str, folder: Path | str, *, paper: str = "a4",
                   lang: str = "id", progress: Progress | None = None) -> list[Path]:
        """Every final record of a visit (its FR.AK.05 among them) as one PDF each, in a
        new folder ``laporan_<kunjungan>_<tanggal>`` under ``folder``: the day's reports
        to print in one go. Each file is recorded, so each verifies. Drafts are left out;
        a visit with no final record is refused."""
        visit = self.registry.find_visit(visit_ref)
        rows = self.final_records_of_visit(visit.id)
        base = Path(folder)
        if not base.is_dir():
            raise AppError("file.not_a_folder", path=str(base))
        stem = safe_file_name("laporan", visit.letter_no or visit.place or visit.id[:8],
                              (visit.start_date or "").replace("-", ""), suffix="")
        target, n = base / stem, 1
        while target.exists():
            n += 1
            target = base / f"{stem}-{n}"
        target.mkdir()
        out = []
        for row in rows:
            name = safe_file_name(row.template_code, row.subject_name, f"r{row.revision}")
            out.append(self.save_assessment(row.id, target / name, paper=paper, lang=lang,
                                            progress=progress))
        return out

    @staticmethod
    def parts_of(template: Template) -> tuple[str, ...]:
        """The sheets ``template`` prints as (empty: one sheet, no ``part`` option)."""
        return parts_of(template)

    def save(self, pdf: bytes, path: Path | str) -> SavedReport:
        """Write PDF bytes rendered by this service atomically and record them."""
        meta = self._meta_for(pdf)
        return self._save((pdf, meta), path)

    def record(self, pdf: bytes, *, printed: bool = True) -> ReportInfo:
        """Record bytes rendered by this service (e.g. after the GUI printed them), so
        ``verify`` recognises a scan or copy of exactly this file. A record's report is
        entered in the audit log as printed (``printed``) or exported."""
        return view(ReportInfo, self._record(pdf, self._meta_for(pdf),
                                             access="print" if printed else "export"))

    def log_preview(self, pdf: bytes) -> None:
        """Enter in the audit log that a record's report was shown (the preview)."""
        sha = hashlib.sha256(pdf).hexdigest()
        with self._lock:
            meta = self._recent.get(sha)
        if meta is not None:
            self._log_access("view", meta, sha)

    # ------------------------------------------------------------ internals: render

    def _check(self, paper: str, lang: str) -> None:
        if paper not in ("a4", "f4"):
            raise InvalidValueError("value.bad_option", item="paper", value=paper,
                                    allowed="a4, f4")
        if lang not in ("id", "en"):
            raise InvalidValueError("value.bad_option", item="lang", value=lang,
                                    allowed="id, en")

    def _render_assessment(self, ref: str, paper: str, lang: str,
                           progress: Progress | None, *, signers: int | None = None,
                           sign: bool = True, part: str | None = None,
                           created: dt.datetime | None = None) -> tuple[bytes, _Meta]:
        """``signers``: render the record as it was when only its first ``signers``
        signatures (in time order) had been made (verify: a copy printed before signing).
        ``created``: the PDF's creation date (None: now)."""
        self._check(paper, lang)
        detail = self.assessments.detail(ref, deep=True)
        part = _check_part(detail.template, part)
        return self._render_detail(detail, paper, lang, progress, signers=signers, sign=sign,
                                   part=part, created=created)

    def _render_detail(self, detail: AssessmentDetail, paper: str, lang: str,
                       progress: Progress | None, *, signers: int | None = None,
                       sign: bool = True, part: str | None = None,
                       created: dt.datetime | None = None,
                       legacy_title: bool = False) -> tuple[bytes, _Meta]:
        """``legacy_title``: the PDF title reports had before issue 13 (with the subject's
        name), to verify a file printed then."""
        status = None
        if signers is not None:
            kept = sorted(detail.signatures, key=lambda g: (g.signed_at, g.role))[:signers]
            roles = {g.role for g in kept}
            needed = {s.role for s in detail.template.signers if s.required}
            status = "complete" if not kept else ("locked" if needed <= roles else "signed")
            detail = replace(detail, signatures=kept)
        data = self._record_data(detail, paper, lang, status=status, part=part)
        if legacy_title:
            data = replace(data, title=_legacy_pdf_title(detail, lang))
        kind = "assessment"
        if layout_of(data) == "batch" and detail.visit is not None:
            data = self._with_batch(data, detail)
            kind = "batch"
        return self._finish(data, kind, detail.row.id, detail.row.template_id, progress,
                            sign=sign, created=created)

    def _render_batch(self, visit_ref: str, form: str, paper: str, lang: str,
                      progress: Progress | None, *, sign: bool = True) -> tuple[bytes, _Meta]:
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
        detail = self.assessments.detail(row.id, deep=True)
        data = self._with_batch(self._record_data(detail, paper, lang), detail)
        return self._finish(data, "batch", row.id, row.template_id, progress, sign=sign)

    def _render_blank(self, code: str, paper: str, lang: str,
                      progress: Progress | None, part: str | None = None,
                      created: dt.datetime | None = None) -> tuple[bytes, _Meta]:
        self._check(paper, lang)
        trow = self.templates.find(code)
        template = self.templates.get(trow.id)
        part = _check_part(template, part)
        payload = blank_payload(template.code, template.version, trow.id, paper=paper,
                                lang=lang, part=part)
        data = ReportData(template=template, payload=payload, lang=lang, paper=paper,
                          title=f"{template.form or template.code} "
                                f"{template.title.get(lang)}", part=part,
                          logo=self._logo(template, template.scheme))
        return self._finish(data, "blank", None, trow.id, progress, created=created)

    def _finish(self, data: ReportData, kind: str, revision_id: str | None,
                template_id: str | None, progress: Progress | None, *,
                sign: bool = True, created: dt.datetime | None = None
                ) -> tuple[bytes, _Meta]:
        """Render; a record's report is then PAdES-signed by this device (an incremental
        update: the deterministic rendering stays a byte prefix of the signed file).

        The PDF's creation date is now (``created``: the date of the document being
        verified, so its rendering is byte for byte comparable)."""
        data = replace(data, created=created or self.clock())
        try:
            out: Rendered = render(data, progress=progress)
        except RenderError as exc:
            log.exception("report layout failed")
            raise AppError("report.layout", detail=str(exc)[:200]) from exc
        if sign and data.payload.kind == "record":
            out = replace(out, pdf=self._sign(out.pdf, data))
        meta = _Meta(kind, revision_id, template_id, data.payload.content_sha256
                     if data.payload.kind == "record" else None, data.payload, out.pages)
        with self._lock:
            self._recent[hashlib.sha256(out.pdf).hexdigest()] = meta
            while len(self._recent) > 32:
                self._recent.popitem(last=False)
        return out.pdf, meta

    def _sign(self, pdf: bytes, data: ReportData) -> bytes:
        from assessor_app.reports import pades

        identity, enrolled = self.assessments.device.document_identity()
        t = data.template
        reason = f"{t.form or t.code} · {data.payload.code}"  # no personal data (UU PDP)
        if not enrolled:
            reason += " · sertifikat sendiri: perangkat belum terdaftar di kantor"
        place = data.visit.place if data.visit is not None else None
        try:
            return pades.sign_pdf(pdf, identity, signing_time=self.clock(), reason=reason,
                                  location=place or None)
        except pades.PdfSigningError as exc:
            log.exception("PDF signing failed")
            raise AppError("report.sign_failed", detail=str(exc)[:200]) from exc

    # ------------------------------------------------------------ internals: data

    def _record_data(self, detail: AssessmentDetail, paper: str, lang: str, *,
                     status: str | None = None, part: str | None = None) -> ReportData:
        row = detail.row
        _require_intact(detail)
        draft = detail.integrity is None
        sha = detail.content_sha256 or self._live_hash(detail)
        payload = record_payload(row.assessment_id, row.revision, sha, paper=paper,
                                 lang=lang, draft=draft,
                                 paper_code=None if draft else row.verification_code,
                                 part=part)
        visit = self._visit_info(detail.visit, detail.team)
        tz = visit.timezone if visit else "WIB"
        inst = detail.institution
        institution = None
        if inst is not None:
            address = ", ".join(x for x in (inst.address, inst.city, inst.province) if x)
            institution = InstitutionInfo(inst.name, inst.vin, address or None, inst.head_name,
                                          inst.head_title, inst.licence_no)
        assessor = detail.assessor
        record = RecordInfo(
            assessment_id=row.assessment_id, revision=row.revision,
            status=status or row.status,
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
                                            sig.valid, guardian=_by_guardian(sig, detail)))
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
            # what the bytes are decides (they are checked against their hash); the mime
            # column is only a label that could be changed behind the app's back
            raw = self._media_bytes(ev.media_sha256)
            mime = _image_type(raw) or ("application/pdf" if raw is not None and
                                        raw[:5] == b"%PDF-" else "application/octet-stream")
            data = raw if _image_type(raw) else None
            photos.append(PhotoInfo(f"F{n}", ev.item, ev.row, mime, data, ev.caption or "",
                                    ev.original_name,
                                    photo_taken(ev.taken_at, ev.latitude, ev.longitude, tz,
                                                lang)))
        t = detail.template
        title = _pdf_title(detail, lang)  # never a name (UU PDP): file managers show it
        return ReportData(template=t, payload=payload, lang=lang, paper=paper,
                          state=detail.state, score=detail.score, record=record,
                          institution=institution, visit=visit, signatures=tuple(signatures),
                          photos=tuple(photos), title=title, part=part,
                          logo=self._logo(t, t.scheme))

    def _logo(self, template: Template, scheme: Scheme | None) -> bytes | None:
        """The checked logo of the letterhead a competency report of ``template`` prints
        (None: no letterhead, no logo named, or none usable in ``logo_dir``)."""
        if template.kind is not TemplateKind.COMPETENCY or scheme is None or \
                scheme.lsp is None or not scheme.lsp.logo:
            return None
        return load_logo(scheme.lsp.logo, self.logo_dir)

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

    def _visit_info(self, visit: Visit | None,
                    members: list[tuple[Any, str]]) -> VisitInfo | None:
        if visit is None:
            return None
        team = tuple(TeamMember(_full_name(a), role, a.registration_no)
                     for a, role in sorted(members,
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
        """FR.AK.05 rows, cross-checked and completed with the records they come from: for
        a MUK 2023 FR.AK.05 the signed FR.AK.02 decisions of its scheme in the visit (an
        instrument's recommendation, K / observasi lanjut, is no decision); for one written
        before, the visit's FR.IA.01. The report is bound to those records (payload extra),
        so a later revision of one makes a printed report not valid."""
        entries, extra = self._batch_entries(detail)
        scheme = None
        if detail.template.scheme is None and detail.row.visit_id:
            schemes = [src.template.scheme for src in self._ia01_sources(detail.row.visit_id)
                       if src.template.scheme is not None]
            scheme = schemes[0] if schemes else None
        payload = replace(data.payload, extra=extra)
        logo = data.logo if scheme is None else self._logo(detail.template, scheme)
        return replace(data, batch=tuple(entries), payload=payload, scheme=scheme, logo=logo)

    def _ia01_sources(self, visit_id: str) -> list[AssessmentDetail]:
        out = []
        for r in self._visit_rows(visit_id):
            t = self.templates.get(r.template_id)
            if (t.form or t.code).upper().startswith("FR.IA.01") and \
                    t.subject is SubjectKind.ASSESSEE:
                out.append(self.assessments.detail(r.id, deep=True))
        return out

    def _batch_sources(self, detail: AssessmentDetail) -> tuple[str, list[AssessmentDetail]]:
        """The records an FR.AK.05 is cross-checked with, and their form: for a MUK 2023
        batch (generated from a scheme) the FR.AK.02 decisions of that scheme in the
        visit; for a template written before, the visit's FR.IA.01."""
        visit_id = detail.row.visit_id
        t = detail.template
        if t.verdict is VerdictMode.SCORE or t.scheme is None:
            return "FR.IA.01", self._ia01_sources(visit_id) if visit_id else []
        out = []
        for r in self._visit_rows(visit_id) if visit_id else []:
            st = self.templates.get(r.template_id)
            if st.form == "FR.AK.02" and st.scheme is not None and \
                    st.scheme.number == t.scheme.number:
                out.append(self.assessments.detail(r.id, deep=True))
        return "FR.AK.02", out

    def _batch_entries(self, detail: AssessmentDetail) -> tuple[list[BatchEntry], str | None]:
        state = detail.state
        lang_units: dict[str, dict[str, Any]] = {}
        form, sources = self._batch_sources(detail)
        digest_parts = []
        for src in sources:
            _require_intact(src)
            name = src.assessee.name if src.assessee else src.row.subject_name
            sha = src.content_sha256 or self._live_hash(src)
            digest_parts.append(f"{src.row.assessment_id}:{src.row.revision}:{sha}")
            units: list[str] = []
            by_unit: dict[str, list[str]] = {}
            titles: dict[str, str] = {}
            for ref in src.score.not_achieved:
                by_unit.setdefault(ref.unit_code, []).append(ref.kuk_no)
                titles[ref.unit_code] = ref.unit_title.get("id")
            for code, kuks in by_unit.items():
                units.append(f"{code} {titles[code]} (KUK {', '.join(kuks)})")
            if form == "FR.AK.02":
                units = [f"{u.code} {u.title.get('id')}" for u in src.score.units
                         if u.verdict == BK]
            entry = lang_units.setdefault(_norm(name), {
                "name": name, "verdicts": [], "units": [], "draft": False})
            # A MUK 2023 batch counts signed FR.AK.02 decisions only (final records).
            counted = form != "FR.AK.02" or src.row.status == "locked"
            entry["verdicts"].append(src.score.competency if counted else None)
            entry["units"].extend(units if counted else [])
            entry["draft"] = entry["draft"] or not counted or src.row.status == "draft"
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
                entries.append(BatchEntry(name, verdict, remarks, "ak05", source_form=form))
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
                                      tuple(ia["units"]), ia["draft"], completed, mismatch,
                                      form))
        for key, ia in merged.items():
            if key in seen:
                continue
            remarks = "; ".join(ia["units"]) if ia["verdict"] == BK else ""
            entries.append(BatchEntry(ia["name"], ia["verdict"], remarks, "ia01", ia["verdict"],
                                      tuple(ia["units"]), ia["draft"], bool(remarks), False,
                                      form))
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

    @staticmethod
    def check_target(path: Path | str) -> None:
        """Refuse, before anything is rendered, a PDF path that is a folder
        (``report.output_is_dir``), a device, FIFO or socket (``file.bad_target``) or in a
        folder that does not exist (``file.not_a_folder``)."""
        target = Path(path)
        if target.is_dir():
            raise InvalidValueError("report.output_is_dir", path=str(target))
        check_output_path(target)

    def _save(self, rendered: tuple[bytes, _Meta], path: Path | str) -> SavedReport:
        pdf, meta = rendered
        target = Path(path)
        digest = hashlib.sha256(pdf).hexdigest()

        def check(tmp: Path) -> None:
            if hashlib.sha256(tmp.read_bytes()).hexdigest() != digest:
                raise AppError("report.write_check", path=str(target))

        self.check_target(target)
        atomic_write_bytes(target, pdf, verify=check)
        row = self._record(pdf, meta, access="export")
        return SavedReport(target, row, meta.pages, meta.payload.code, digest)

    def _log_access(self, action: str, meta: _Meta, digest: str) -> None:
        """A record's report shown, printed or exported goes into the audit log (a blank
        form holds no personal data). Never the file's name: it may carry a name."""
        if meta.revision_id is None:
            return
        from assessor_app.services.audit import AuditService

        with read_session(self.engine) as s:
            row = s.get(AssessmentRow, meta.revision_id)
        if row is None:
            return
        AuditService(self.engine, self.clock, lambda: self.assessments.actor,
                     read_only=is_read_only(self.engine)).log_access(
            action, "assessment", row.assessment_id, field=f"report r{row.revision}",
            detail=f"{meta.payload.code} · {meta.pages} hlm · pdf {digest[:12]}")

    def _record(self, pdf: bytes, meta: _Meta, *, access: str = "print") -> ReportRow:
        digest = hashlib.sha256(pdf).hexdigest()
        self._log_access(access, meta, digest)
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
        try:  # a regular file only, capped: never /dev/zero, a FIFO or a folder
            data = read_user_file(path, MAX_VERIFY_BYTES)
        except FileRefused as exc:
            kind = exc.params.get("kind")
            detail = {"file.not_found": "not_found", "file.no_permission": "no_permission",
                      "file.too_large": "too_large"}.get(
                exc.code, "is_dir" if kind == "dir" else kind or exc.params.get("detail", ""))
            return VerifyResult(False, UNREADABLE, detail=str(detail))
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
        signature = self._pdf_signature(data)
        if signature is not None:
            from assessor_app.reports import pades

            base = replace(base, pdf_signature=pades.pdf_signature_summary(signature))
        return self._verify_record(data, sha, payload, base, signature)

    def _pdf_signature(self, data: bytes) -> Any:
        """The PAdES signature check of ``data`` (None when the file carries none)."""
        if b"/ByteRange" not in data:
            return None
        from assessor_app.reports import pades

        check = pades.check_pdf_signature(data, self.assessments.device.trust_roots(),
                                          validation_time=self.clock())
        return check if check.signed else None

    def _verify_blank(self, data: bytes, sha: str, payload: Payload,
                      base: VerifyResult) -> VerifyResult:
        with read_session(self.engine) as s:
            trow = s.get(TemplateRow, payload.template_sha256 or "")
        if trow is None:
            return replace(base, reason_code=UNKNOWN_RECORD)
        base = replace(base, template_code=trow.code)
        try:
            again = self._render_blank(trow.id, payload.paper, payload.lang, None,
                                       payload.part, created=_creation_date(data))[0]
        except AppError as exc:
            log.warning("re-render of blank %s failed: %s", trow.code, exc.code)
            again = b""
        if again == data:
            return replace(base, valid=True, reason_code=VALID_BLANK, matched="rerendered")
        return replace(base, reason_code=EDITED_PDF)

    def _verify_record(self, data: bytes, sha: str, payload: Payload,
                       base: VerifyResult, signature: Any = None) -> VerifyResult:
        with read_session(self.engine) as s:
            rev = s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == payload.assessment_id,
                AssessmentRow.revision == payload.revision)).first()
            # the current revision is the highest one, whatever the is_current flag says
            current = s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == payload.assessment_id).order_by(
                col(AssessmentRow.revision).desc())).first()
        if rev is None:
            return replace(base, reason_code=UNKNOWN_RECORD)
        detail = self.assessments.detail(rev.id, deep=True)
        now_sha = detail.content_sha256 or self._live_hash(detail)
        base = replace(base, template_code=rev.template_code, subject=detail.row.subject_name,
                       status=rev.status, record_sha256=now_sha,
                       current_revision=current.revision if current is not None else None,
                       paper_code=payload.paper_code)
        if detail.integrity is not None and not detail.integrity.ok:
            return replace(base, reason_code=RECORD_DAMAGED, problems=detail.integrity.problems,
                           detail=", ".join(detail.integrity.problems))
        if current is not None and current.id != rev.id:
            return replace(base, reason_code=SUPERSEDED)
        if now_sha != payload.content_sha256 or payload.draft != (detail.integrity is None):
            return replace(base, reason_code=CONTENT_CHANGED)
        if not payload.draft and payload.paper_code != rev.verification_code:
            return replace(base, reason_code=CODE_MISMATCH)
        if payload.extra is not None and detail.row.visit_id:
            if self._batch_entries(detail)[1] != payload.extra:
                return replace(base, reason_code=CONTENT_CHANGED, detail="batch sources changed")
        # the document: what a fresh (unsigned, deterministic) rendering of the record is,
        # then, for a copy printed before the last signatures, each earlier state
        states = [None, *range(len(detail.signatures) - 1, -1, -1)]
        document = _PdfView(data)  # parsed once, compared with every state
        created = _creation_date(data)
        # a file printed before issue 13 has the subject's name in its title
        legacy = document.title == _legacy_pdf_title(detail, payload.lang)
        for k in states:
            try:
                again = self._render_detail(detail, payload.paper, payload.lang, None,
                                            signers=k, sign=False,
                                            part=_check_part(detail.template, payload.part),
                                            created=created, legacy_title=legacy)[0]
            except AppError as exc:
                log.warning("re-render of %s failed: %s", rev.id, exc.code)
                return replace(base, reason_code=EDITED_PDF, detail=exc.code)
            matched = _match(document, _PdfView(again), signature)
            if matched is None:
                continue
            if matched == MODIFIED_AFTER_SIGNING:
                return replace(base, reason_code=MODIFIED_AFTER_SIGNING)
            if k is not None:
                return replace(base, valid=True, reason_code=VALID_EARLIER,
                               matched="before_signatures",
                               detail=f"{k}/{len(detail.signatures)}")
            return replace(base, valid=True, reason_code=VALID, matched=matched)
        if signature is not None and signature.intact and signature.covers_whole_file and \
                not signature.modified_after_signing and signature.device_id and \
                signature.device_id == rev.device_id and (signature.trusted or (
                    rev.device_id == self.assessments.device.device_id and
                    signature.signer_key == self.assessments.device.document_public_key())):
            # the file is what the record's own device signed and nobody changed it since:
            # it is the record here that no longer is what was printed (e.g. its signatures
            # removed behind the app's back), not the PDF
            return replace(base, reason_code=RECORD_DIFFERS)
        return replace(base, reason_code=EDITED_PDF)

    def verify_code(self, text: str, lang: str = "id") -> PaperCheck:
        """Find the revision a printed code belongs to and list what its paper must show
        (subject, NIK masked, form, verdict, K/BK per unit, signers, dates), recomputed from
        the record, so a clerk compares line by line. Never raises for a bad code."""
        from assessor_app.core.integrity import normalise_code

        code = normalise_code(text or "")
        if code is None:
            return PaperCheck(False, "code_bad", (text or "")[:40])
        with read_session(self.engine) as s:
            rows = s.exec(select(AssessmentRow).where(
                AssessmentRow.verification_code == code)).all()
            current: dict[str, AssessmentRow] = {}
            for r in s.exec(select(AssessmentRow).where(col(AssessmentRow.assessment_id).in_(
                    [r.assessment_id for r in rows])).order_by(col(AssessmentRow.revision))):
                current[r.assessment_id] = r  # the highest revision, not the flag
        # the column is only an index: the code must be the device's signature of the
        # recomputed content (integrity: code_invalid otherwise)
        for row in rows:
            detail = self.assessments.detail(row.id, deep=True)
            report = detail.integrity
            if report is None:  # a "draft" that carries a paper code: turned back
                report = self.assessments.check_integrity(row.id)
                if report.ok:
                    continue
            cur = current.get(row.assessment_id)
            base = PaperCheck(False, "", code, row.assessment_id, row.revision,
                              cur.revision if cur is not None else None,
                              detail.template.code, detail.row.subject_name)
            if not report.ok:
                return replace(base, reason_code=RECORD_DAMAGED, problems=report.problems)
            lines = tuple(self._paper_lines(detail, lang))
            if cur is not None and cur.id != row.id:
                return replace(base, reason_code=SUPERSEDED, lines=lines)
            return replace(base, valid=True, reason_code=VALID, lines=lines)
        return PaperCheck(False, "code_unknown", code)

    def _paper_lines(self, detail: AssessmentDetail, lang: str) -> list[PaperLine]:
        t = detail.template
        row = detail.row
        zone = detail.visit.timezone if detail.visit is not None else "WIB"
        out = [PaperLine("form", f"{t.form or t.code} — {t.title.get(lang)}"),
               PaperLine("template", f"{t.code} ({t.version})"),
               PaperLine("record", f"{row.assessment_id} · r{row.revision}")]
        if detail.assessee is not None:
            out.append(PaperLine("assessee", detail.assessee.name))
            if detail.assessee.nik:
                out.append(PaperLine("nik", mask_nik(detail.assessee.nik, mark="*")))
        if detail.institution is not None:
            out.append(PaperLine("institution", detail.institution.name))
        if detail.visit is not None:
            v = detail.visit
            out.append(PaperLine("visit", " · ".join(x for x in (v.letter_no, v.place) if x),
                                 day=v.start_date))
        if detail.assessor is not None:
            out.append(PaperLine("assessor", _full_name(detail.assessor)))
        res = detail.score
        for unit in res.units:
            out.append(PaperLine("unit", f"{unit.code} {unit.title.get(lang)}: "
                                         f"{unit.verdict or '-'}"))
        if res.units or res.competency:
            out.append(PaperLine("verdict", res.competency or "-"))
        elif res.verdict is not None:
            out.append(PaperLine("verdict", res.verdict))
        if row.finalised_at:
            out.append(PaperLine("finalised", "", row.finalised_at, zone))
        for g in sorted(detail.signatures, key=lambda g: (g.signed_at, g.role)):
            who = g.signer_name + (f" {label('guardian_mark', lang)}"
                                   if _by_guardian(g, detail) else "") + \
                (f" ({g.registration_no})" if g.registration_no else "")
            out.append(PaperLine("signer", f"{g.role}: {who}", g.signed_at,
                                 g.timezone or zone))
        out.append(PaperLine("status", row.status))
        return out

    def reports_of(self, ref: str) -> list[ReportInfo]:
        """Every recorded rendering of an assessment's revisions (newest first)."""
        row = self.assessments.resolve(ref)
        with read_session(self.engine) as s:
            ids = [r.id for r in s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == row.assessment_id)).all()]
            return views(ReportInfo, s.exec(select(ReportRow).where(
                col(ReportRow.revision_id).in_(ids)).order_by(
                col(ReportRow.created_at).desc())).all())


_ROLE_ORDER = {"KETUA": 0, "LEAD": 1, "ASESOR": 2, "ANGGOTA": 3}
ASSESSOR_ROLES = frozenset({"asesor", "ketua_asesor", "verifikator", "lead_asesor"})


def _full_name(person: Any) -> str:
    name = str(person.name)
    front = getattr(person, "title_front", None)
    back = getattr(person, "title_back", None)
    if front:
        name = f"{front} {name}"
    if back:
        name = f"{name}, {back}"
    return name


def _image_type(data: bytes | None) -> str | None:
    """``image/jpeg`` or ``image/png`` from the bytes themselves, else None."""
    if data is None:
        return None
    if data[:3] == b"\xff\xd8\xff":
        return "image/jpeg"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "image/png"
    return None


def _check_part(template: Template, part: str | None) -> str | None:
    """The payload's name of sheet ``part`` of ``template`` (None: the default sheet);
    refuses a sheet the template does not print as."""
    if part is None:
        return None
    parts = parts_of(template)
    if part not in parts:
        raise InvalidValueError("report.bad_part", form=template.form or template.code,
                                part=part, allowed=", ".join(parts) or "-")
    return None if part == parts[-1] else part


def _require_intact(detail: AssessmentDetail) -> None:
    """A finalised record whose proof is broken is never printed (as signed or otherwise)."""
    report = detail.integrity
    if report is not None and not report.ok:
        raise AppError("report.damaged", aid=detail.row.assessment_id[:8],
                       rev=detail.row.revision, problems=", ".join(report.problems))


class _PdfView:
    """A PDF's bytes with what verification compares, each worked out at most once."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    @functools.cached_property
    def texts(self) -> list[str] | None:
        return _page_texts(self.data)

    @functools.cached_property
    def images(self) -> list[Any] | None:
        return _page_images(self.data)

    @functools.cached_property
    def plain(self) -> bool:
        return _plain_structure(self.data)

    @functools.cached_property
    def title(self) -> str | None:
        """The document's /Title (None when there is none or the file does not parse)."""
        try:
            from pypdf import PdfReader

            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                meta = PdfReader(io.BytesIO(self.data), strict=False).metadata
            return None if meta is None or meta.title is None else str(meta.title)
        except Exception:  # noqa: BLE001 - a hostile file: no title, nothing more
            return None


def _pdf_title(detail: AssessmentDetail, lang: str) -> str:
    """A record's PDF title: form and template title, never the subject (UU PDP: the
    properties of a file are shown by file managers, search indexes, print queues)."""
    t = detail.template
    return f"{t.form or t.code} {t.title.get(lang)}"


def _legacy_pdf_title(detail: AssessmentDetail, lang: str) -> str:
    """The title reports had before issue 13 (verification of files printed then)."""
    from assessor_app.reports.text import clean

    return clean(f"{_pdf_title(detail, lang)} — {detail.row.subject_name}")


def _match(doc: _PdfView, rendering: _PdfView, signature: Any) -> str | None:
    """How the file ``data`` relates to a fresh ``rendering`` of the record:

    ``signed``        the device's intact PAdES signature covers the whole file, and what it
                      signed is exactly the rendering (the original);
    ``rerendered``    an unsigned file, byte for byte the rendering;
    ``same_pages``    not those bytes (re-saved by another program, which breaks a
                      signature, or changed after signing without a visible change), but
                      every page shows the same text AND looks the same, pixel for pixel at
                      72 dpi with annotations drawn (an overlay, a stamp or a picture of
                      other pages painted over the signed ones is a visible change);
    ``modified_after_signing``  signed intact, then changed: pages differ from the record;
    None              neither (an edited file, or another state of the record).
    """
    intact = signature is not None and signature.intact and \
        signature.signed_revision is not None and \
        signature.signed_revision.startswith(rendering.data)
    if intact and signature.covers_whole_file:
        return "signed"
    if signature is None and doc.data == rendering.data:
        return "rerendered"
    if doc.plain and _same_text(doc, rendering) and _same_appearance(doc, rendering):
        return "same_pages"
    if intact:
        return MODIFIED_AFTER_SIGNING
    return None


def _page_texts(data: bytes) -> list[str] | None:
    """The text of every page, whitespace-normalised (None when the file does not parse)."""
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if len(reader.pages) > 500:
                return None
            return [" ".join(page.extract_text().split()) for page in reader.pages]
    except Exception:  # noqa: BLE001 - a hostile file must give NOT VALID, not a traceback
        log.info("text extraction failed on a file to verify", exc_info=True)
        return None


#: Catalog and page keys a report never has: anything that can show, print, run or attach
#: something the pages' own content does not (checked on copies that are not the original).
_CATALOG_EXTRAS = ("/OCProperties", "/OpenAction", "/AA", "/PageLabels", "/Threads",
                   "/Collection", "/URI")
_PAGE_EXTRAS = ("/AA", "/UserUnit", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox", "/VP",
                "/PresSteps", "/Dur", "/Thumb")


def _plain_structure(data: bytes) -> bool:
    """True when a PDF holds only what the app's reports hold: pages with their content, an
    invisible signature field at most; no other annotation or form field, no optional
    content, no JavaScript, no attachments, no page rotation/cropping/scaling. Another
    viewer (or a printer) may show such extras where the rasteriser used here does not."""
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            root: Any = reader.trailer["/Root"].get_object()
            if any(k in root for k in _CATALOG_EXTRAS):
                return False
            names: Any = root.get("/Names")
            if names is not None and any(k in names.get_object() for k in (
                    "/JavaScript", "/EmbeddedFiles")):
                return False
            form: Any = root.get("/AcroForm")
            form = form.get_object() if form is not None else None
            fields: list[Any] = [f.get_object() for f in (form or {}).get("/Fields", [])]
            if form is not None and "/XFA" in form:
                return False
            if any(f.get("/FT") != "/Sig" for f in fields) or len(fields) > 1:
                return False
            widgets = 0
            for page in reader.pages:
                if any(k in page for k in _PAGE_EXTRAS) or int(page.get("/Rotate", 0)) != 0:
                    return False
                for ref in page.get("/Annots") or []:
                    if not _invisible_signature_widget(ref.get_object()):
                        return False
                    widgets += 1
            return widgets <= 1
    except Exception:  # noqa: BLE001 - a hostile file must give NOT VALID, not a traceback
        log.info("structure check of a file to verify failed", exc_info=True)
        return False


def _invisible_signature_widget(annot: Any) -> bool:
    """The device's own PAdES field: a zero-area widget of a signature field."""
    if annot.get("/Subtype") != "/Widget":
        return False
    field_type = annot.get("/FT")
    if field_type is None and "/Parent" in annot:
        field_type = annot["/Parent"].get_object().get("/FT")
    rect = [float(x) for x in annot.get("/Rect", [0, 0, 0, 0])]
    return field_type == "/Sig" and rect[2] == rect[0] and rect[3] == rect[1]


def _page_images(data: bytes) -> list[Any] | None:
    """Every page rasterised at 72 dpi in colour (None: the file does not parse)."""
    try:
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(data)
        try:
            if len(doc) > 500:
                return None
            out = []
            for i in range(len(doc)):
                bitmap = doc[i].render(scale=1.0, draw_annots=True, may_draw_forms=True,
                                       rev_byteorder=True)
                out.append(bitmap.to_pil().convert("RGB"))
            return out
        finally:
            doc.close()
    except Exception:  # noqa: BLE001 - a hostile file must give NOT VALID, not a traceback
        log.info("rasterising a file to verify failed", exc_info=True)
        return None


def _same_appearance(a: _PdfView, b: _PdfView) -> bool:
    """True when two PDFs look the same on every page: every colour channel of every pixel
    within 8 of 255 (the same engine draws the same content identically; a faint grey or
    yellow overlay is a difference)."""
    from PIL import ImageChops

    pa, pb = a.images, b.images
    if pa is None or pb is None or len(pa) != len(pb):
        return False
    for x, y in zip(pa, pb, strict=True):
        if x.size != y.size:
            return False
        if ImageChops.difference(x, y).point(lambda v: 255 if v > 8 else 0).getbbox():
            return False
    return True


def _same_text(a: _PdfView, b: _PdfView) -> bool:
    """True when two PDFs show the same text on the same pages (a re-saved copy)."""
    ta, tb = a.texts, b.texts
    return ta is not None and tb is not None and ta == tb


def _by_guardian(sig: Any, detail: AssessmentDetail) -> bool:
    """Did a minor's parent or guardian (the asesi record's ``guardian_name``) sign as the
    asesi, rather than the asesi?"""
    person = detail.assessee
    if sig.role != ASESI_ROLE or person is None or not person.is_minor or \
            not person.guardian_name:
        return False
    key = person_key(sig.signer_name)
    return key == person_key(person.guardian_name) and key != person_key(person.name)


def _norm(name: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def _creation_date(data: bytes) -> dt.datetime | None:
    """The /CreationDate of the document's first revision (the app's rendering; a
    signature or another program's save comes after it), None when it has none that
    parses. Only the date of the rendering is taken from the file: everything else the
    rendering holds comes from the record."""
    end = data.find(b"%%EOF")
    if end < 0:
        return None
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            meta = PdfReader(io.BytesIO(data[:end + 5]), strict=False).metadata
            moment = meta.creation_date if meta is not None else None
    except Exception:  # noqa: BLE001 - a hostile file must give NOT VALID, not a traceback
        log.info("no creation date in a file to verify", exc_info=True)
        return None
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


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


__all__ = ["PaperCheck", "ReportService", "SavedReport", "VerifyResult"]
