"""The data-subject report (UU 27/2022 PDP: access and a copy for the data subject,
Pasal 32; the record of processing, Pasal 31): everything this database holds about one
asesi or one institution (its head), in one document.

It holds: the person's (or institution's) registry record, NIK in full (it is their own
report); every revision of every assessment about them, with its answers, the list of its
evidence files and the signatures present; the records that name them without being
about them (an FR.AK.05 batch row); their consents and withdrawals; the audit trail of
every access to and change of their data, exports and prints among it; the bundles that
carried their records to the office; and what the retention purge removed.

As JSON (every field, for a machine) or as a PDF (the same content, for a person). Making
it is itself recorded in the audit log as an export of that person's data.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from assessor_app.core.clock import utc_now_iso
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError
from assessor_app.core.template import ItemType
from assessor_app.fileio import atomic_write_bytes, check_output_path
from assessor_app.i18n import catalogue
from assessor_app.services.audit import EXPORT, PRINT, AuditEntry, AuditFilter
from assessor_app.services.base import OnServices
from assessor_app.services.consent import ConsentView
from assessor_app.services.registry import NIK_RE
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import (
    AnswerRow,
    AssessmentRow,
    OutboxBundleRow,
    OutboxRecordRow,
    PurgeRecordRow,
)

REPORT_VERSION = 1


@dataclass(frozen=True)
class SubjectRef:
    kind: str  # assessee | institution
    id: str
    name: str


@dataclass(frozen=True)
class RecordAnswer:
    item: str
    label: str
    row: int | None  # table row number (1-based), None outside a table
    value: str  # as a person reads it (option labels)
    raw: str
    note: str | None


@dataclass(frozen=True)
class RecordEvidence:
    item: str
    file_name: str | None
    mime: str
    size: int
    sha256: str
    caption: str | None
    taken_at: str | None


@dataclass(frozen=True)
class RecordSignature:
    role: str
    signer_name: str
    registration_no: str | None
    signed_at: str
    valid: bool


@dataclass(frozen=True)
class SubjectRecord:
    assessment_id: str
    revision: int
    revision_id: str
    current: bool
    template_code: str
    title: str
    status: str
    verdict: str | None
    created_at: str
    finalised_at: str | None
    received_at: str | None
    answers: tuple[RecordAnswer, ...]
    evidence: tuple[RecordEvidence, ...]
    signatures: tuple[RecordSignature, ...]


@dataclass(frozen=True)
class Mention:
    """A record about someone else (a visit's batch) that names the person."""

    assessment_id: str
    revision: int
    template_code: str
    item: str
    row: int | None


@dataclass(frozen=True)
class BundleSent:
    bundle_id: str
    seq: int
    created_at: str
    receipt_at: str | None
    records: int


@dataclass(frozen=True)
class PurgeInfo:
    purged_at: str
    assessment_id: str
    revisions: str
    template_code: str
    reason: str
    bundle_id: str
    receipt_at: str


@dataclass(frozen=True)
class SubjectReport:
    subject: SubjectRef
    details: tuple[tuple[str, str], ...]  # every stored field of the person/institution
    records: tuple[SubjectRecord, ...]
    mentions: tuple[Mention, ...]
    consents: tuple[dict[str, Any], ...]
    bundles: tuple[BundleSent, ...]
    purges: tuple[PurgeInfo, ...]
    access: tuple[AuditEntry, ...]  # the audit trail: changes, views, prints, exports
    generated_at: str
    generated_by: str | None

    @property
    def exports(self) -> tuple[AuditEntry, ...]:
        return tuple(e for e in self.access if e.action in (EXPORT, PRINT))

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["format"] = "assessor-app subject report"
        out["format_version"] = REPORT_VERSION
        out["details"] = dict(self.details)
        out["exports"] = [asdict(e) for e in self.exports]
        return out


class SubjectService(OnServices):
    """``SubjectService(services)``: reads through the services the faces use."""

    # ------------------------------------------------------------ whom

    def find(self, ref: str, kind: str | None = None) -> SubjectRef:
        """An asesi (by NIK, id, or name) or an institution (id or name). ``kind``
        (``assessee``/``institution``) narrows it; otherwise an asesi is tried first."""
        reg = self.services.registry
        ref = ref.strip()
        if not ref:
            raise InvalidValueError("value.required", field="name")
        if kind not in (None, "assessee", "institution"):
            raise InvalidValueError("value.bad_option", item="kind", value=kind,
                                    allowed="assessee, institution")
        tried: AppError | None = None
        if kind in (None, "assessee"):
            try:
                a = reg.find_assessee(ref)
                return SubjectRef("assessee", a.id, a.name)
            except NotFoundError as exc:
                tried = exc
        if kind in (None, "institution") and not NIK_RE.match(ref):
            i = reg.find_institution(ref)
            return SubjectRef("institution", i.id, i.name)
        assert tried is not None
        raise tried

    # ------------------------------------------------------------ the report

    def report(self, ref: str, kind: str | None = None, *, lang: str = "id") -> SubjectReport:
        who = self.find(ref, kind)
        svc = self.services
        if who.kind == "assessee":
            person: Any = svc.registry.assessee(who.id)
            key = AssessmentRow.assessee_id
        else:
            person = svc.registry.institution(who.id)
            key = AssessmentRow.institution_id
        details = tuple((f.name, "" if getattr(person, f.name) is None
                         else str(getattr(person, f.name))) for f in fields(person))
        with read_session(self.engine) as s:
            rows = s.exec(select(AssessmentRow).where(key == who.id).order_by(
                col(AssessmentRow.created_at), col(AssessmentRow.assessment_id),
                col(AssessmentRow.revision))).all()
            own = {r.id for r in rows}
            named = s.exec(select(AnswerRow, AssessmentRow).join(
                AssessmentRow, AssessmentRow.id == AnswerRow.revision_id).where(  # type: ignore[arg-type]
                AnswerRow.value == who.name)).all() if who.name else []
            aids = sorted({r.assessment_id for r in rows})
            bundles = s.exec(select(OutboxBundleRow, OutboxRecordRow).join(
                OutboxRecordRow, OutboxRecordRow.bundle_id == OutboxBundleRow.bundle_id  # type: ignore[arg-type]
            ).where(col(OutboxRecordRow.assessment_id).in_(aids or [""]))).all()
            purges = s.exec(select(PurgeRecordRow).where(
                PurgeRecordRow.subject_id == who.id).order_by(
                col(PurgeRecordRow.purged_at))).all()
        records = tuple(self._record(r.id, lang) for r in rows)
        mentions = []
        for answer, arow in named:
            if arow.id in own:
                continue
            template = svc.templates.get(arow.template_id)
            owner = template.repeat_of(answer.item)
            rown = None
            if owner is not None and answer.row_id:
                order = svc.assessments.answers(arow.id).rows.get(owner.name, [])
                rown = order.index(answer.row_id) + 1 if answer.row_id in order else None
            mentions.append(Mention(arow.assessment_id, arow.revision, arow.template_code,
                                    answer.item, rown))
        sent: dict[str, list[Any]] = {}
        for bundle, _rec in bundles:
            sent.setdefault(bundle.bundle_id, [bundle, 0])[1] += 1
        consents = tuple(_consent_dict(c) for c in svc.consents.list(subject_id=who.id))
        access = tuple(svc.audit.list(AuditFilter(
            subject_ids=svc.audit.ids_of(who.kind, who.id), limit=None)))
        return SubjectReport(
            who, details, records, tuple(mentions), consents,
            tuple(BundleSent(b.bundle_id, b.seq, b.created_at, b.receipt_at, n)
                  for b, n in sorted(sent.values(), key=lambda x: x[0].seq)),
            tuple(PurgeInfo(p.purged_at, p.assessment_id, p.revisions, p.template_code,
                            p.reason, p.bundle_id, p.receipt_at) for p in purges),
            access, utc_now_iso(svc.assessments.clock), svc.assessments.actor)

    def _record(self, revision_id: str, lang: str) -> SubjectRecord:
        from assessor_app.formatting import answer_text

        detail = self.services.assessments.detail(revision_id)
        t = detail.template
        answers: list[RecordAnswer] = []
        for item in t.walk_items():
            if not item.holds_value or item.type in (ItemType.NOTE, ItemType.REPEAT):
                continue
            owner = t.repeat_of(item.name)
            rows = detail.answers.rows.get(owner.name, []) if owner is not None else [""]
            for n, row in enumerate(rows, start=1):
                raw = detail.answers.values.get((item.name, row), "")
                note = detail.answers.notes.get((item.name, row))
                if raw == "" and not note:
                    continue
                answers.append(RecordAnswer(
                    item.name, item.label.get(lang), n if owner is not None else None,
                    answer_text(t, item, raw, lang) if raw else "", raw, note))
        row = detail.row
        return SubjectRecord(
            row.assessment_id, row.revision, row.id, row.is_current, t.code, t.title.get(lang),
            row.status, row.verdict, row.created_at, row.finalised_at, row.received_at,
            tuple(answers),
            tuple(RecordEvidence(e.item, e.original_name, e.mime, e.size, e.media_sha256,
                                 e.caption, e.taken_at) for e in detail.evidence),
            tuple(RecordSignature(g.role, g.signer_name, g.registration_no, g.signed_at,
                                  g.valid) for g in detail.signatures))

    # ------------------------------------------------------------ writing

    def write(self, report: SubjectReport, path: Path | str, *, lang: str = "id",
              zone: str = "WIB") -> Path:
        """``report`` as ``.json`` or ``.pdf`` (by the suffix), written atomically; the
        export is recorded against the person in the audit log."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in (".json", ".pdf"):
            raise InvalidValueError("subject.bad_format", path=target.name)
        check_output_path(target)
        if suffix == ".json":
            data = json.dumps(report.as_dict(), ensure_ascii=False, indent=2,
                              sort_keys=True).encode("utf-8")
        else:
            from assessor_app.reports.document import render_document

            data = render_document(subject_document(
                report, lang, self.services.assessments.clock(), zone))
        atomic_write_bytes(target, data)
        self.services.audit.log_access(EXPORT, report.subject.kind, report.subject.id,
                                       field="subject_report", detail=suffix.lstrip("."))
        return target


def _consent_dict(entry: ConsentView) -> dict[str, Any]:
    c = entry.consent
    out = {f.name: getattr(c, f.name) for f in fields(c)
           if f.name not in ("sent_bundle_id",)}
    out["delivered"] = c.delivered_at is not None
    return out


# ------------------------------------------------------------------ the PDF's words


def subject_document(report: SubjectReport, lang: str, now: Any, zone: str = "WIB") -> Any:
    """The report as a :class:`~assessor_app.reports.document.Document` in ``lang``,
    times in ``zone``."""
    from assessor_app.formatting import short_moment
    from assessor_app.reports.document import Document, Heading, Para, Rows

    tr = catalogue(lang)

    def when(value: str | None) -> str:
        return short_moment(value, zone, lang) if value else "—"

    who = report.subject
    blocks: list[Any] = [
        Para(tr.gettext("Laporan ini memuat semua data tentang subjek data di atas yang "
                        "tersimpan di basis data aplikasi ini pada saat dibuat: data "
                        "dirinya, setiap penilaian beserta jawabannya, daftar berkas bukti, "
                        "tanda tangan, persetujuan, serta catatan siapa yang melihat, "
                        "mengubah, mencetak atau mengekspor datanya."), small=True),
        Heading(tr.gettext("Data subjek")),
        Rows((), tuple((k, v or "—") for k, v in report.details), (1, 2)),
        Heading(tr.gettext("Penilaian")),
    ]
    if not report.records:
        blocks.append(Para(tr.gettext("Tidak ada penilaian tentang subjek ini."), small=True))
    for r in report.records:
        blocks.append(Heading(f"{r.template_code} · {r.title} · "
                              + tr.gettext("revisi {n}").format(n=r.revision), level=2))
        blocks.append(Para(
            tr.gettext("ID {id} · status {status} · dibuat {created} · final {final} · "
                       "diterima kantor {received}").format(
                id=r.assessment_id, status=r.status, created=when(r.created_at),
                final=when(r.finalised_at), received=when(r.received_at)), small=True))
        blocks.append(Rows(
            (tr.gettext("Butir"), tr.gettext("Jawaban"), tr.gettext("Catatan")),
            tuple((a.label + (f" [{a.row}]" if a.row else ""), a.value or "—", a.note or "")
                  for a in r.answers), (2, 2, 1.2),
            empty=tr.gettext("Belum ada jawaban.")))
        blocks.append(Rows(
            (tr.gettext("Bukti"), tr.gettext("Berkas"), tr.gettext("Ukuran"),
             tr.gettext("Keterangan")),
            tuple((e.item, f"{e.file_name or e.sha256[:12]} ({e.mime})",
                   f"{max(1, round(e.size / 1024))} KB", e.caption or "")
                  for e in r.evidence), (1.2, 2, 0.7, 1.6),
            empty=tr.gettext("Tidak ada berkas bukti.")))
        blocks.append(Rows(
            (tr.gettext("Tanda tangan"), tr.gettext("Nama"), tr.gettext("Waktu"),
             tr.gettext("Sah")),
            tuple((g.role, g.signer_name, when(g.signed_at),
                   tr.gettext("ya") if g.valid else tr.gettext("tidak"))
                  for g in r.signatures), (1, 2, 1.3, 0.6),
            empty=tr.gettext("Tidak ada tanda tangan.")))
    if report.mentions:
        blocks.append(Heading(tr.gettext("Disebut dalam catatan lain")))
        blocks.append(Rows((tr.gettext("Penilaian"), tr.gettext("Formulir"),
                            tr.gettext("Butir")),
                           tuple((f"{m.assessment_id[:8]} r{m.revision}", m.template_code,
                                  m.item + (f" [{m.row}]" if m.row else ""))
                                 for m in report.mentions), (1, 1.5, 1.5)))
    blocks.append(Heading(tr.gettext("Persetujuan")))
    blocks.append(Rows(
        (tr.gettext("Diberikan"), tr.gettext("Oleh"), tr.gettext("Cakupan"),
         tr.gettext("Ditarik")),
        tuple((when(c["given_at"]), str(c.get("given_by") or "—"),
               str(c.get("scope") or c["purpose"]),
               (when(c["withdrawn_at"]) + (f": {c['withdrawn_reason']}"
                                           if c.get("withdrawn_reason") else ""))
               if c.get("withdrawn_at") else "—") for c in report.consents),
        (1, 1.2, 2.5, 1.5), empty=tr.gettext("Tidak ada catatan persetujuan.")))
    blocks.append(Heading(tr.gettext("Dikirim ke kantor")))
    blocks.append(Rows(
        (tr.gettext("Bundel"), tr.gettext("Dibuat"), tr.gettext("Tanda terima")),
        tuple((f"#{b.seq} {b.bundle_id[:8]}", when(b.created_at), when(b.receipt_at))
              for b in report.bundles), (1, 1, 1),
        empty=tr.gettext("Belum ada yang dikirim.")))
    if report.purges:
        blocks.append(Heading(tr.gettext("Dihapus dari laptop (retensi)")))
        blocks.append(Rows(
            (tr.gettext("Waktu"), tr.gettext("Penilaian"), tr.gettext("Tanda terima")),
            tuple((when(p.purged_at), f"{p.template_code} {p.assessment_id[:8]} "
                   f"r{p.revisions}", f"{p.bundle_id[:8]} · {when(p.receipt_at)}")
                  for p in report.purges), (1, 2, 1.5)))
    blocks.append(Heading(tr.gettext("Jejak akses dan perubahan")))
    blocks.append(Rows(
        (tr.gettext("Waktu"), tr.gettext("Oleh"), tr.gettext("Tindakan"),
         tr.gettext("Catatan")),
        tuple((when(e.at), e.actor or "—", e.action,
               " ".join(x for x in (e.entity, (e.field or ""), (e.new or "")[:120]) if x))
              for e in report.access), (1, 1, 0.8, 2.6),
        empty=tr.gettext("Tidak ada catatan.")))
    title = tr.gettext("Laporan subjek data: {name}").format(name=who.name)
    return Document(
        title=title, meta_title=tr.gettext("Laporan subjek data"),
        subtitle=tr.gettext("Dibuat {when} oleh {who}").format(
            when=when(report.generated_at), who=report.generated_by or "—"),
        blocks=tuple(blocks), footer=tr.gettext("Laporan subjek data · {id}").format(
            id=who.id[:8]),
        page_label=tr.gettext("Halaman {page} dari {pages}"), lang=lang, created=now)


__all__ = ["SubjectRef", "SubjectReport", "SubjectService", "subject_document"]
