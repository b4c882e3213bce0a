"""The office's import of one result bundle (RELIABILITY 3.4) and conflict resolution.

Order: bounded read of the file -> ``bundles.result.read_result_bundle`` (archive checks,
signature against the enrolled key, strict JSON, models, hashes, images) -> templates
parsed, then every record proven (``integrity.examine``: content hash, score, verdict and
status recomputed from the answers; every signer's Ed25519 signature and the paper code
checked against the enrolled key of the device that made the record; timestamps strictly
parsed, none more than a day ahead) -> ONE write transaction: replay/rollback checks,
ownership (only the device that owns an assessment, by first import or by an explicit
reassignment, may send its revisions), master data, media, then one decision per record:

==========================================================  ==================
incoming vs stored                                          outcome
==========================================================  ==================
assessment unknown                                          new
same revision, same content, same or fewer signatures       duplicate
same revision, same content, more signatures (signed later) signatures_added
same revision, different content                            conflict
same revision, same content, a signature that differs       conflict
higher revision whose ``supersedes`` is the stored current  revised
higher revision that is not the successor of the current    conflict
lower revision than the current one                         stale (kept as history)
==========================================================  ==================

A conflict is quarantined in ``sync_conflict`` (never merged); the stored data is untouched.
Any refusal raises ``ImportRejected`` inside the transaction, so nothing is written.
Rendered reports are never imported: a report proves nothing the record does not.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import (
    FORMAT_VERSION,
    ReceiptManifest,
    ReceiptRecord,
    RevisionData,
)
from assessor_app.bundles.receipt import build_receipt, receipt_file_name
from assessor_app.bundles.result import DeviceKey, VerifiedBundle, read_result_bundle
from assessor_app.core import integrity as integrity_core
from assessor_app.core.clock import new_id
from assessor_app.core.errors import (
    AppError,
    InvalidValueError,
    NotFoundError,
    StateError,
    StorageError,
    TemplateError,
)
from assessor_app.core.template import Template
from assessor_app.core.template_loader import load_template_text
from assessor_app.fileio import atomic_write_bytes
from assessor_app.services import integrity
from assessor_app.services import sync_records as rec
from assessor_app.services.identity import certificate_key
from assessor_app.services.sync_common import (
    MAX_BUNDLE_BYTES,
    ConflictInfo,
    ImportReport,
    RecordOutcome,
    SyncContext,
    conflict_info,
    read_capped,
)
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AnswerRow,
    AssesseeRow,
    AssessmentOwnerRow,
    AssessmentRow,
    AssessorRow,
    AuditRow,
    ConsentRow,
    EnrolledDeviceRow,
    EvidenceRow,
    ImportedBundleRow,
    InstitutionRow,
    MediaRow,
    RepeatInstanceRow,
    SchemeRow,
    SignatureRow,
    SyncConflictRow,
    TemplateRow,
    VisitAssessorRow,
    VisitRow,
)

if TYPE_CHECKING:
    from assessor_app.bundles.models import BundleData

log = logging.getLogger(__name__)

ACCEPTED = ("new", "duplicate", "revised", "signatures_added", "stale")




#: integrity problem -> the refusal code of a bundle that states it
_PROBLEM_CODES = {
    "content_changed": "bundle.content_mismatch",
    "subject_missing": "bundle.content_mismatch",
    "derived_changed": "bundle.derived_mismatch",
    "status_changed": "bundle.status_mismatch",
    "signature_invalid": "bundle.bad_record_signature",
    "signature_unbound": "bundle.bad_record_signature",
    "code_invalid": "bundle.bad_code",
    "media_changed": "bundle.content_mismatch",
    "time_invalid": "bundle.bad_timestamp",
}








# ------------------------------------------------------------------ the transaction






def _parse(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _rr(r: RecordOutcome) -> ReceiptRecord:
    return ReceiptRecord(assessment_id=r.assessment_id, revision=r.revision,
                         content_sha256=r.content_sha256,
                         outcome=r.outcome)  # type: ignore[arg-type]




def _check_refs(s: Session, a: RevisionData) -> None:
    refs = ((TemplateRow, a.template_id), (InstitutionRow, a.institution_id),
            (AssesseeRow, a.assessee_id), (VisitRow, a.visit_id), (AssessorRow, a.assessor_id))
    for model, ref in refs:
        if ref is not None and s.get(model, ref) is None:
            raise ImportRejected("bundle.bad_reference", ref=ref)
    rows = {r.id for r in a.repeat_rows}
    for x in list(a.answers) + list(a.evidence):
        if x.row_id and x.row_id not in rows:
            raise ImportRejected("bundle.bad_reference", ref=x.row_id)
    for c in a.consents:
        if s.get(AssesseeRow, c.assessee_id) is None:
            raise ImportRejected("bundle.bad_reference", ref=c.assessee_id)


def _check_owner(s: Session, a: RevisionData, device_id: str, now: str) -> None:
    """Only the device that owns an assessment may send its revisions: the device of its
    first import, or one the office reassigned it to (``reassign``, audit-logged)."""
    owner = s.get(AssessmentOwnerRow, a.assessment_id)
    if owner is None:
        stored = s.exec(select(AssessmentRow).where(
            AssessmentRow.assessment_id == a.assessment_id).order_by(
            col(AssessmentRow.revision))).first()
        first = stored.device_id if stored is not None and stored.device_id else device_id
        owner = AssessmentOwnerRow(assessment_id=a.assessment_id, device_id=first,
                                   assigned_at=now, reason="first import")
        s.add(owner)
        s.flush()
    if owner.device_id != device_id:
        raise ImportRejected("bundle.not_owner", assessment=a.assessment_id,
                             device=device_id, owner=owner.device_id)


def _sig_key(g: Any) -> tuple[Any, ...]:
    return (g.role, g.signer_name, g.registration_no, g.signer_title, g.place, g.signed_at,
            g.timezone, g.media_sha256, g.content_sha256, g.device_id, g.signature)


def _decide(s: Session, a: RevisionData, bundle_id: str, device_id: str, now: str
            ) -> tuple[str, str]:
    stored = s.exec(select(AssessmentRow).where(
        AssessmentRow.assessment_id == a.assessment_id)).all()
    if not stored:
        _insert(s, a, current=True, now=now)
        return "new", ""
    by_rev = {r.revision: r for r in stored}
    current = max(stored, key=lambda r: r.revision)
    same = by_rev.get(a.revision)
    if same is not None:
        if same.content_sha256 != a.content_sha256:
            return _conflict(s, a, same, "same_revision", bundle_id, device_id, now)
        have = {g.role: g for g in s.exec(select(SignatureRow).where(
            SignatureRow.revision_id == same.id)).all()}
        incoming = {g.role: g for g in a.signatures}
        if any(_sig_key(have[r]) != _sig_key(incoming[r]) for r in set(have) & set(incoming)):
            return _conflict(s, a, same, "signature_differs", bundle_id, device_id, now)
        extra = [g for r, g in incoming.items() if r not in have]
        if not extra and rec.STATUS_RANK[a.status] <= rec.STATUS_RANK[same.status]:
            return "duplicate", ""
        for g in extra:
            s.add(SignatureRow(revision_id=same.id, **g.model_dump()))
        if rec.STATUS_RANK[a.status] > rec.STATUS_RANK[same.status]:
            same.status, same.locked_at = a.status, a.locked_at
        same.updated_at = max(same.updated_at, a.updated_at)
        s.add(same)
        s.add(AuditRow(at=now, action="import_signatures", entity="assessment",
                       entity_id=a.assessment_id, field=f"r{a.revision}",
                       new=", ".join(sorted(g.role for g in extra))))
        return "signatures_added", ""
    if a.revision > current.revision:
        if a.supersedes != current.revision:
            return _conflict(s, a, current, "not_successor", bundle_id, device_id, now)
        current.is_current = False
        s.add(current)
        s.flush()
        _insert(s, a, current=True, now=now)
        return "revised", ""
    _insert(s, a, current=False, now=now)
    return "stale", ""


def _insert(s: Session, a: RevisionData, *, current: bool, now: str,
            row_id: str | None = None) -> str:
    if row_id is None and s.get(AssessmentRow, a.id) is not None:
        raise ImportRejected("bundle.bad_reference", ref=a.id)
    row = rec.revision_row(a, is_current=current, received_at=now, row_id=row_id)
    s.add(row)
    s.flush()
    for child in rec.child_rows(a, row.id):
        s.add(child)
    s.flush()
    for c in a.consents:
        if s.get(ConsentRow, c.id) is None:
            s.add(rec.consent_row(c, row.id))
    s.add(AuditRow(at=now, action="import", entity="assessment", entity_id=a.assessment_id,
                   field="revision", new=str(a.revision)))
    return row.id


def _conflict(s: Session, a: RevisionData, stored: AssessmentRow, reason: str,
              bundle_id: str, device_id: str, now: str) -> tuple[str, str]:
    payload = a.model_dump_json()
    held = s.exec(select(SyncConflictRow).where(
        SyncConflictRow.assessment_id == a.assessment_id,
        SyncConflictRow.revision == a.revision,
        SyncConflictRow.incoming_content_sha256 == a.content_sha256,
        col(SyncConflictRow.resolved_at).is_(None))).all()
    if not any(h.payload == payload for h in held):
        s.add(SyncConflictRow(
            id=new_id(), bundle_id=bundle_id, device_id=device_id,
            assessment_id=a.assessment_id, revision=a.revision, supersedes=a.supersedes,
            reason=reason, stored_revision=stored.revision,
            stored_content_sha256=stored.content_sha256,
            incoming_content_sha256=a.content_sha256, payload=payload, created_at=now))
        s.add(AuditRow(at=now, action="conflict", entity="assessment",
                       entity_id=a.assessment_id, field=f"r{a.revision}", new=reason))
    return "conflict", reason


# ------------------------------------------------------------------ resolution




def _take_incoming(s: Session, a: RevisionData, now: str, actor: str | None) -> None:
    stored = s.exec(select(AssessmentRow).where(
        AssessmentRow.assessment_id == a.assessment_id)).all()
    same = next((r for r in stored if r.revision == a.revision), None)
    if same is not None:  # replace that revision's content, keeping its row id
        old = rec.revision_data(s, same) if same.status in rec.FINAL_STATUSES else None
        for model in (AnswerRow, EvidenceRow, SignatureRow, RepeatInstanceRow):
            s.exec(delete(model).where(col(model.revision_id) == same.id))
        s.flush()
        was_current = same.is_current
        for f in ("revision_reason", "supersedes", "template_id", "template_code",
                  "subject_kind", "institution_id", "assessee_id", "visit_id", "assessor_id",
                  "subject_name", "status", "content_sha256", "score_percent", "verdict",
                  "created_at", "updated_at", "finalised_at", "locked_at", "device_id",
                  "subject_json", "verification_code", "code_signature"):
            setattr(same, f, getattr(a, f))
        same.is_current = was_current
        s.add(same)
        s.flush()
        for child in rec.child_rows(a, same.id):
            s.add(child)
        s.add(AuditRow(at=now, actor=actor, action="replace_revision", entity="assessment",
                       entity_id=a.assessment_id, field=f"r{a.revision}",
                       old=old.model_dump_json() if old else None, new=a.content_sha256))
        return
    current = max(stored, key=lambda r: r.revision) if stored else None
    is_newest = current is None or a.revision > current.revision
    if is_newest and current is not None:
        current.is_current = False
        s.add(current)
        s.flush()
    if s.get(AssessmentRow, a.id) is not None:
        raise AppError("conflict.id_in_use", ref=a.id)
    _insert(s, a, current=is_newest, now=now)


class BundleImporter:
    """Import (office): verify, prove and store result bundles; resolve conflicts."""

    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx

    def import_bundle(self, path: Path, *, accept_old: bool = False,
                      receipt_dir: Path | None = None) -> ImportReport:
        """Verify and import one result bundle; always returns a report (module docstring).
        ``accept_old`` takes a bundle whose sequence number is not above the last one
        seen (a warning instead of ``bundle.rollback``); ``receipt_dir`` gets the receipt."""
        path = Path(path)
        report = ImportReport(file=path.name, status="rejected")
        try:
            raw = read_capped(path, MAX_BUNDLE_BYTES)
            me = self.ctx.device_keys.existing()
            bundle = read_result_bundle(
                raw, path.name, device_key=self._device_key,
                office_id=me.device_id if me else None,
                office_x25519_private=me.x25519_private if me else None)
            m = bundle.manifest
            report.bundle_id, report.device_id, report.seq, report.sha256 = (
                m.bundle_id, m.device_id, m.seq, bundle.sha256)
            templates = self._templates(bundle.data)
            now = self.ctx.clock()
            if integrity_core.timestamp_problem(m.created_at, now) is not None:
                raise ImportRejected("bundle.bad_timestamp", assessment="manifest",
                                     field="created_at", value=m.created_at[:40])
            for a in bundle.data.assessments:
                template = templates.get(a.template_id)
                if template is None:
                    raise ImportRejected("bundle.bad_reference", ref=a.template_id)
                self.prove_record(a, template, m.device_id, now)
            keys = self.ctx.device_keys.row()  # the office signs the receipt (made on first use)
            self._apply(bundle, templates, report, accept_old, keys.device_id,
                        keys.ed25519_private)
        except ImportRejected as exc:
            report.status, report.code, report.params = "rejected", exc.code, dict(exc.params)
            report.records = []
            log.info("bundle %s refused: %s", path.name, exc.code)
            return report
        if receipt_dir is not None and report.receipt is not None and report.receipt_name:
            path = Path(receipt_dir) / report.receipt_name
            try:  # the import is committed: a receipt that cannot be written is only a warning
                path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write_bytes(path, report.receipt)
                report.receipt_path = path
            except (OSError, StorageError) as exc:
                report.warnings.append(f"receipt_not_written: {getattr(exc, 'code', exc)}")
        return report

    def prove_record(self, a: RevisionData, template: Template, sender: str,
                     now: dt.datetime) -> None:
        """Refuse a record that is not exactly what its device finalised and signed."""
        if a.device_id != sender:
            raise ImportRejected("bundle.foreign_record", assessment=a.assessment_id,
                                 device=a.device_id)
        stamps: list[tuple[str, str | None, bool]] = [
            ("created_at", a.created_at, False), ("updated_at", a.updated_at, False),
            ("finalised_at", a.finalised_at, False), ("locked_at", a.locked_at, True)]
        stamps += [(f"signatures.{g.role}.signed_at", g.signed_at, False) for g in a.signatures]
        stamps += [(f"answers.{x.item}.updated_at", x.updated_at, False) for x in a.answers]
        stamps += [(f"evidence.{e.id}.created_at", e.created_at, False) for e in a.evidence]
        stamps += [(f"consents.{c.id}.given_at", c.given_at, False) for c in a.consents]
        for field_name, value, optional in stamps:
            problem = integrity_core.timestamp_problem(value, now, optional=optional)
            if problem is not None:
                raise ImportRejected("bundle.future_timestamp" if problem == "future"
                                     else "bundle.bad_timestamp", assessment=a.assessment_id,
                                     field=field_name, value=str(value)[:40])
        if a.status == "locked" and a.locked_at is None:
            raise ImportRejected("bundle.status_mismatch", assessment=a.assessment_id)
        report = integrity.examine(rec.revision_facts(a, template),
                                   self.ctx.device_keys.verify, None, now=now)
        if not report.ok:
            raise ImportRejected(_PROBLEM_CODES.get(report.problems[0], "bundle.content_mismatch"),
                                 assessment=a.assessment_id, problem=report.problems[0])

    def _device_key(self, device_id: str) -> DeviceKey | None:
        with read_session(self.ctx.engine) as s:
            row = s.get(EnrolledDeviceRow, device_id)
        if row is None:
            return None
        return DeviceKey(base64.b64decode(row.ed25519_public), row.revoked_at is not None)

    def _templates(self, data: BundleData) -> dict[str, Template]:
        """Every template the records use: from the store, or parsed from the bundle."""
        out: dict[str, Template] = {}
        for t in data.templates:
            if hashlib.sha256(t.source.encode("utf-8")).hexdigest() != t.id:
                raise ImportRejected("bundle.bad_template", code=t.code)
            try:
                out[t.id] = self.ctx.templates.get(t.id)
                continue
            except NotFoundError:
                pass
            try:
                template = load_template_text(t.source, t.origin or t.code)
            except (TemplateError, RecursionError, ValueError):
                raise ImportRejected("bundle.bad_template", code=t.code) from None
            if template.sha256 != t.id or (template.code, template.version) != (t.code, t.version):
                raise ImportRejected("bundle.bad_template", code=t.code)
            out[t.id] = template
        for a in data.assessments:
            if a.template_id not in out:
                try:
                    out[a.template_id] = self.ctx.templates.get(a.template_id)
                except NotFoundError:
                    raise ImportRejected("bundle.bad_reference", ref=a.template_id) from None
        return out

    def _apply(self, bundle: VerifiedBundle, templates: dict[str, Template],
               report: ImportReport, accept_old: bool, office_id: str, office_key: bytes) -> None:
        m = bundle.manifest
        now = self.ctx.now()
        try:
            with write_session(self.ctx.engine) as s:
                done = s.get(ImportedBundleRow, m.bundle_id)
                if done is not None:
                    if done.sha256 != bundle.sha256:
                        raise ImportRejected("bundle.replay_different", bundle=m.bundle_id)
                    report.status = "duplicate"
                    report.receipt = done.receipt
                    report.receipt_name = receipt_file_name(m.device_id, m.seq, m.bundle_id)
                    return
                dev = s.get(EnrolledDeviceRow, m.device_id)
                if dev is None or dev.revoked_at is not None:  # revoked since the check
                    raise ImportRejected("bundle.revoked_device", device=m.device_id)
                if m.seq <= dev.last_seq:
                    if not accept_old:
                        raise ImportRejected("bundle.rollback", seq=m.seq, last=dev.last_seq)
                    report.warnings.append(f"old_bundle_accepted: seq {m.seq} <= {dev.last_seq}")
                elif m.seq == dev.last_seq + 1 and dev.last_bundle_sha256 and \
                        m.prev_bundle_sha256 != dev.last_bundle_sha256:
                    report.warnings.append("chain_broken: prev_bundle_sha256 differs")
                self._master(s, bundle.data, templates, now, report)
                for blob in bundle.blobs.values():
                    if s.get(MediaRow, blob.sha256) is None:
                        s.add(MediaRow(sha256=blob.sha256, mime=blob.mime, size=len(blob.data),
                                       data=blob.data, width=blob.width, height=blob.height,
                                       created_at=now))
                s.flush()
                for a in sorted(bundle.data.assessments,
                                key=lambda x: (x.assessment_id, x.revision)):
                    _check_refs(s, a)
                    _check_owner(s, a, m.device_id, now)
                    outcome, detail = _decide(s, a, m.bundle_id, m.device_id, now)
                    report.records.append(RecordOutcome(
                        a.assessment_id, a.revision, outcome, a.content_sha256, a.subject_name,
                        a.template_code, detail))
                    s.flush()
                receipt = ReceiptManifest(
                    format_version=FORMAT_VERSION, kind="receipt", bundle_id=m.bundle_id,
                    bundle_sha256=bundle.sha256, device_id=m.device_id, seq=m.seq,
                    office_id=office_id, imported_at=now,
                    accepted_records=[_rr(r) for r in report.records if r.outcome in ACCEPTED],
                    conflicts=[_rr(r) for r in report.records if r.outcome == "conflict"])
                report.receipt = build_receipt(receipt, office_key)
                report.receipt_name = receipt_file_name(m.device_id, m.seq, m.bundle_id)
                counts = report.counts()
                s.add(ImportedBundleRow(bundle_id=m.bundle_id, sha256=bundle.sha256,
                                        device_id=m.device_id, seq=m.seq,
                                        file_name=bundle.file_name[:255], imported_at=now,
                                        accepted=len(receipt.accepted_records),
                                        conflicts=counts.get("conflict", 0), receipt=report.receipt))
                if m.seq > dev.last_seq:
                    dev.last_seq, dev.last_bundle_sha256 = m.seq, bundle.sha256
                    s.add(dev)
                if m.document_key:  # issued as of the bundle's (checked) time: reproducible
                    self._certify(s, dev, m.document_key, now, m.created_at)
                s.add(AuditRow(at=now, actor=self.ctx.actor, action="import", entity="bundle",
                               entity_id=m.bundle_id,
                               new=", ".join(f"{k} {v}" for k, v in sorted(counts.items()))))
                report.status = "imported"
        except IntegrityError as exc:  # an id the bundle reuses for something else
            log.info("bundle %s refused: integrity error %s", bundle.file_name, type(exc.orig))
            raise ImportRejected("bundle.bad_reference", ref="id") from None

    def _certify(self, s: Session, dev: EnrolledDeviceRow, spki_b64: str,
                 now: str, issued_at: str) -> None:
        """Issue (once, or again when the device's PDF key changed) the device's PDF-signing
        certificate under this office's root; the next assignment pack carries it."""
        from assessor_app.reports import pades

        try:
            spki = base64.b64decode(spki_b64, validate=True)
        except ValueError:
            return
        if dev.certificate is not None and certificate_key(dev.certificate) == spki:
            return
        keys = self.ctx.device_keys
        office = keys.row()
        root = office.ca_certificate or keys.office_root(self.ctx.office_name())
        try:
            cert = pades.issue_device_certificate(
                spki, dev.device_id, dev.name, issuer_private=pades.document_key(
                    office.ed25519_private), issuer_cert=root, now=_parse(issued_at))
        except ValueError:
            log.info("device %s sent a PDF key that is not P-256; no certificate", dev.device_id)
            return
        if office.ca_certificate is None:
            office.ca_certificate = root
            s.add(office)
        dev.certificate = cert
        s.add(dev)
        s.add(AuditRow(at=now, actor=self.ctx.actor, action="certify", entity="device",
                       entity_id=dev.device_id, new=hashlib.sha256(cert).hexdigest()))

    def _master(self, s: Session, data: BundleData, templates: dict[str, Template],
                now: str, report: ImportReport) -> None:
        """Insert what the office does not have; the office's own rows are never overwritten."""
        for t in data.templates:
            if s.get(TemplateRow, t.id) is not None:
                continue
            clash = s.exec(select(TemplateRow).where(TemplateRow.code == t.code,
                                                     TemplateRow.version == t.version)).first()
            if clash is not None:
                raise ImportRejected("bundle.template_conflict", code=t.code, version=t.version)
            s.add(rec.template_row(t, now))
            s.flush()
            self.ctx.templates.install_scheme(s, templates[t.id])
        groups: list[tuple[type[Any], list[Any], str]] = [
            (SchemeRow, list(data.schemes), "id"), (InstitutionRow, list(data.institutions), "id"),
            (AssessorRow, list(data.assessors), "id"), (AssesseeRow, list(data.assessees), "id"),
            (VisitRow, list(data.visits), "id")]
        for model, items, _key in groups:
            for item in items:
                stored = s.get(model, item.id)
                values = item.model_dump()
                if stored is None:
                    s.add(model(**values))
                elif any(getattr(stored, k) != v for k, v in values.items()):
                    report.warnings.append(f"kept_office_version: {model.__tablename__} {item.id}")
            s.flush()
        for va in data.visit_assessors:
            if s.get(VisitAssessorRow, (va.visit_id, va.assessor_id)) is None:
                s.add(VisitAssessorRow(**va.model_dump()))
        s.flush()

    def import_files(self, paths: Iterable[Path], *, accept_old: bool = False,
                     receipt_dir: Path | None = None) -> list[ImportReport]:
        return [self.import_bundle(p, accept_old=accept_old, receipt_dir=receipt_dir)
                for p in paths]

    # ------------------------------------------------------------ conflicts

    def conflicts(self, include_resolved: bool = False) -> list[ConflictInfo]:
        with read_session(self.ctx.engine) as s:
            q = select(SyncConflictRow).order_by(col(SyncConflictRow.created_at),
                                                 col(SyncConflictRow.id))
            if not include_resolved:
                q = q.where(col(SyncConflictRow.resolved_at).is_(None))
            return [conflict_info(r) for r in s.exec(q).all()]

    def conflict_payload(self, conflict_id: str) -> RevisionData:
        """The incoming revision held by a conflict (answers, signatures...), for display."""
        with read_session(self.ctx.engine) as s:
            row = s.get(SyncConflictRow, conflict_id)
        if row is None:
            raise NotFoundError("conflict.not_found", ref=conflict_id)
        return RevisionData.model_validate_json(row.payload)

    def resolve_conflict(self, conflict_id: str, action: str, note: str | None = None
                         ) -> ConflictInfo:
        """``keep_stored`` or ``take_incoming``; the replaced version goes to the audit log."""
        if action not in ("keep_stored", "take_incoming"):
            raise InvalidValueError("conflict.bad_action", action=action)
        now = self.ctx.now()
        with write_session(self.ctx.engine) as s:
            row = s.get(SyncConflictRow, conflict_id)
            if row is None:
                raise NotFoundError("conflict.not_found", ref=conflict_id)
            if row.resolved_at is not None:
                raise StateError("conflict.already_resolved", ref=conflict_id)
            if action == "take_incoming":
                _take_incoming(s, RevisionData.model_validate_json(row.payload), now,
                               self.ctx.actor)
            row.resolved_at, row.resolved_by, row.note = now, self.ctx.actor, note
            row.resolution = "took_incoming" if action == "take_incoming" else "kept_stored"
            s.add(row)
            s.add(AuditRow(at=now, actor=self.ctx.actor, action="resolve", entity="assessment",
                           entity_id=row.assessment_id, field=f"r{row.revision}",
                           new=row.resolution))
        return conflict_info(row)


__all__ = ["ACCEPTED", "BundleImporter"]
