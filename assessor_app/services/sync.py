"""Sync by file (issue 5; RELIABILITY.md section 3): identity, enrolment, result bundles,
import with report and receipt, conflicts, assignment packs.

The GUI and the CLI use :class:`SyncService` only. Every write is one transaction; an
import is exactly one transaction per bundle (all-or-nothing). Formats: docs/formats/.

Laptop side: :meth:`SyncService.identity`, :meth:`export`, :meth:`import_receipt`,
:meth:`import_pack`. Office side: :meth:`enrol_device`, :meth:`revoke_device`,
:meth:`devices`, :meth:`import_bundle` / :meth:`import_files`, :meth:`conflicts`,
:meth:`resolve_conflict`, :meth:`create_pack`. An installation can act as both.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from assessor_app import __version__
from assessor_app.bundles import crypto
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import (
    BundleData,
    MediaData,
    RevisionData,
)
from assessor_app.bundles.receipt import read_receipt
from assessor_app.bundles.result import build_result_bundle
from assessor_app.core.clock import Clock, new_id, system_clock, utc_now_iso
from assessor_app.core.errors import (
    AppError,
    InvalidValueError,
    NotFoundError,
    StateError,
    StorageError,
)
from assessor_app.fileio import atomic_write_bytes, sha256_file
from assessor_app.paths import AppPaths
from assessor_app.services import integrity
from assessor_app.services import sync_records as rec
from assessor_app.services.identity import DeviceKeys
from assessor_app.services.models import AssessmentSummary, views
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.migrations import SCHEMA_VERSION
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessmentOwnerRow,
    AssessmentRow,
    AssessorRow,
    AuditRow,
    DeviceIdentityRow,
    EnrolledDeviceRow,
    InstitutionRow,
    MediaRow,
    OutboxBundleRow,
    OutboxRecordRow,
    SchemeRow,
    SignatureRow,
    SyncConflictRow,
    TemplateRow,
    TrustedOfficeRow,
    VisitAssessorRow,
    VisitRow,
)

log = logging.getLogger(__name__)

MAX_BUNDLE_BYTES = 200 * 1024 * 1024
MAX_RECORDS_PER_BUNDLE = 2_000


# ------------------------------------------------------------------ plain results


@dataclass(frozen=True)
class Identity:
    device_id: str
    ed25519_public: str  # base64, what `device show` prints for enrolment
    x25519_public: str
    created_at: str


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    ed25519_public: str
    assessor_id: str | None
    enrolled_at: str
    revoked_at: str | None
    last_seq: int


@dataclass(frozen=True)
class OfficeInfo:
    office_id: str
    name: str
    ed25519_public: str
    x25519_public: str
    trusted_at: str
    how: str
    revoked_at: str | None


@dataclass(frozen=True)
class ExportResult:
    """``path`` is None when there was nothing to export."""

    path: Path | None
    outbox_path: Path | None = None
    bundle_id: str | None = None
    seq: int | None = None
    sha256: str | None = None
    size: int = 0
    encrypted_to: str | None = None
    records: list[tuple[str, int]] = field(default_factory=list)  # (assessment_id, revision)


@dataclass(frozen=True)
class RecordOutcome:
    assessment_id: str
    revision: int
    outcome: str  # new | duplicate | revised | signatures_added | stale | conflict
    content_sha256: str
    subject_name: str = ""
    template_code: str = ""
    detail: str = ""  # conflict reason


@dataclass
class ImportReport:
    """The answer to one file: ``status`` is imported, duplicate or rejected."""

    file: str
    status: str
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    bundle_id: str | None = None
    device_id: str | None = None
    seq: int | None = None
    sha256: str | None = None
    records: list[RecordOutcome] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    receipt: bytes | None = None
    receipt_name: str | None = None
    receipt_path: Path | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.records:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out


@dataclass(frozen=True)
class ReceiptResult:
    bundle_id: str
    marked: list[tuple[str, int]]  # revisions now received (assessment_id, revision)
    conflicts: list[tuple[str, int]]  # held by the office for a person to resolve
    already: bool  # the receipt had been imported before (nothing changed)


@dataclass(frozen=True)
class ConflictInfo:
    id: str
    bundle_id: str
    device_id: str
    assessment_id: str
    revision: int
    supersedes: int | None
    reason: str
    stored_revision: int | None
    stored_content_sha256: str | None
    incoming_content_sha256: str
    subject_name: str
    template_code: str
    created_at: str
    resolved_at: str | None
    resolution: str | None
    note: str | None


@dataclass(frozen=True)
class PackResult:
    path: Path
    pack_id: str
    sha256: str
    assessor_id: str
    device_id: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class PackImportResult:
    pack_id: str
    office_id: str
    status: str  # imported | duplicate
    first_use: bool  # the office key was trusted by this import
    inserted: dict[str, int]
    updated: dict[str, int]


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text)


# ------------------------------------------------------------------ the service


@dataclass
class SyncService:
    engine: Any
    paths: AppPaths
    templates: TemplateService
    clock: Clock = system_clock
    actor: str | None = None

    device_keys: DeviceKeys = None  # type: ignore[assignment]  # set in __post_init__

    def __post_init__(self) -> None:
        if self.device_keys is None:
            self.device_keys = DeviceKeys(self.engine, self.clock, self.actor)

    def _now(self) -> str:
        return utc_now_iso(self.clock)

    # ============================================================ identity

    def identity(self) -> Identity:
        """This installation's identity; the key pairs are made on first use."""
        row = self.device_keys.row()
        return Identity(row.device_id, row.ed25519_public, row.x25519_public, row.created_at)

    def office_name(self) -> str:
        """The name this installation signs packs and certificates with, as an office: its
        own assessor's name (the office's profile), else "Kantor"."""
        with read_session(self.engine) as s:
            me = s.exec(select(AssessorRow).where(AssessorRow.is_self == True)).first()  # noqa: E712
        return (me.name if me else "Kantor")[:200]

    def _identity_row(self) -> DeviceIdentityRow | None:
        return self.device_keys.existing()

    def _keys(self) -> DeviceIdentityRow:
        return self.device_keys.row()

    # ============================================================ enrolment (office)

    def enrol_device(self, public_key: str, name: str, assessor_id: str | None = None
                     ) -> DeviceInfo:
        """Record a laptop's public key (``device show`` on the laptop prints it)."""
        raw = crypto.parse_public_key(public_key)
        if raw is None:
            raise InvalidValueError("device.bad_key")
        if not name.strip():
            raise InvalidValueError("value.required", field="name")
        device_id = crypto.device_id_for(raw)
        now = self._now()
        with write_session(self.engine) as s:
            if assessor_id is not None and s.get(AssessorRow, assessor_id) is None:
                raise NotFoundError("subject.not_found", ref=assessor_id, kind="assessor")
            row = s.get(EnrolledDeviceRow, device_id)
            if row is not None and row.revoked_at is not None:
                raise StateError("device.revoked", device=device_id)
            if row is None:
                row = EnrolledDeviceRow(device_id=device_id, ed25519_public=crypto.b64(raw),
                                        name=name.strip(), assessor_id=assessor_id,
                                        enrolled_at=now)
                s.add(row)
                s.add(AuditRow(at=now, actor=self.actor, action="enrol", entity="device",
                               entity_id=device_id, new=name.strip()))
            elif (row.name, row.assessor_id) != (name.strip(), assessor_id or row.assessor_id):
                row.name = name.strip()
                row.assessor_id = assessor_id or row.assessor_id
                s.add(row)
        return _device_info(row)

    def revoke_device(self, device_id: str) -> DeviceInfo:
        now = self._now()
        with write_session(self.engine) as s:
            row = s.get(EnrolledDeviceRow, device_id.strip().lower())
            if row is None:
                raise NotFoundError("device.not_found", device=device_id)
            if row.revoked_at is None:
                row.revoked_at = now
                s.add(row)
                s.add(AuditRow(at=now, actor=self.actor, action="revoke", entity="device",
                               entity_id=row.device_id))
        return _device_info(row)

    def reassign(self, assessment_ref: str, device_id: str, reason: str) -> dict[str, str]:
        """Office: from now on only ``device_id`` may send revisions of the assessment (e.g.
        the assessor's laptop was replaced). Recorded in the audit log with the reason."""
        if not reason.strip():
            raise InvalidValueError("value.required", field="reason")
        ref, device_id = assessment_ref.strip().lower(), device_id.strip().lower()
        now = self._now()
        with write_session(self.engine) as s:
            dev = s.get(EnrolledDeviceRow, device_id)
            if dev is None or dev.revoked_at is not None:
                raise NotFoundError("device.not_found", device=device_id)
            ids = s.exec(select(AssessmentRow.assessment_id).where(
                col(AssessmentRow.assessment_id).startswith(ref)).distinct()).all()
            if len(ref) < 4 or len(ids) != 1:
                raise NotFoundError("assessment.not_found", ref=ref)
            aid = ids[0]
            owner = s.get(AssessmentOwnerRow, aid)
            old = owner.device_id if owner is not None else None
            if owner is None:
                owner = AssessmentOwnerRow(assessment_id=aid, device_id=device_id,
                                           assigned_at=now)
            owner.device_id, owner.assigned_at = device_id, now
            owner.assigned_by, owner.reason = self.actor, reason.strip()
            s.add(owner)
            s.add(AuditRow(at=now, actor=self.actor, action="reassign", entity="assessment",
                           entity_id=aid, field="device", old=old,
                           new=f"{device_id}: {reason.strip()}"))
        return {"assessment_id": aid, "device_id": device_id, "previous": old or "",
                "reason": reason.strip()}

    def devices(self) -> list[DeviceInfo]:
        with read_session(self.engine) as s:
            rows = s.exec(select(EnrolledDeviceRow).order_by(col(EnrolledDeviceRow.name))).all()
        return [_device_info(r) for r in rows]

    # ============================================================ trusted offices (laptop)

    def offices(self) -> list[OfficeInfo]:
        with read_session(self.engine) as s:
            rows = s.exec(select(TrustedOfficeRow).order_by(col(TrustedOfficeRow.trusted_at))
                          ).all()
        return [OfficeInfo(r.office_id, r.name, r.ed25519_public, r.x25519_public, r.trusted_at,
                           r.how, r.revoked_at) for r in rows]

    def trust_office(self, ed25519_public: str, x25519_public: str, name: str) -> OfficeInfo:
        """Trust an office key given by hand (instead of on first use of a pack)."""
        ed = crypto.parse_public_key(ed25519_public)
        x = crypto.parse_public_key(x25519_public) if x25519_public else None
        if ed is None or x is None:
            raise InvalidValueError("device.bad_key")
        office_id = crypto.device_id_for(ed)
        now = self._now()
        with write_session(self.engine) as s:
            row = s.get(TrustedOfficeRow, office_id)
            if row is None:
                row = TrustedOfficeRow(office_id=office_id, ed25519_public=crypto.b64(ed),
                                       x25519_public=crypto.b64(x), name=name.strip() or office_id,
                                       trusted_at=now, how="manual")
                s.add(row)
                s.add(AuditRow(at=now, actor=self.actor, action="trust", entity="office",
                               entity_id=office_id, new="manual"))
        return OfficeInfo(row.office_id, row.name, row.ed25519_public, row.x25519_public,
                          row.trusted_at, row.how, row.revoked_at)

    def _trusted_keys(self, s: Session | None = None) -> list[bytes]:
        def load(sess: Session) -> list[bytes]:
            rows = sess.exec(select(TrustedOfficeRow).where(
                col(TrustedOfficeRow.revoked_at).is_(None))).all()
            return [_b64decode(r.ed25519_public) for r in rows]
        if s is not None:
            return load(s)
        with read_session(self.engine) as sess:
            return load(sess)

    # ============================================================ export (laptop)

    def pending(self) -> list[AssessmentSummary]:
        """Finalised revisions made on this device that the office has not acknowledged in
        their current state (a device only ever sends what it made and signed)."""
        return views(AssessmentSummary, self._pending_rows())

    def _pending_rows(self) -> list[AssessmentRow]:
        me = self.device_keys.device_id
        with read_session(self.engine) as s:
            rows = s.exec(select(AssessmentRow).where(
                AssessmentRow.device_id == me,
                col(AssessmentRow.status).in_(rec.FINAL_STATUSES)).order_by(
                col(AssessmentRow.assessment_id), col(AssessmentRow.revision))).all()
            out: list[AssessmentRow] = []
            for row in rows:
                if row.received_at is None:
                    out.append(row)
                    continue
                acked = s.exec(select(OutboxRecordRow).where(
                    OutboxRecordRow.revision_id == row.id,
                    col(OutboxRecordRow.acked_at).is_not(None)).order_by(
                    col(OutboxRecordRow.acked_at).desc())).first()
                sigs = s.exec(select(SignatureRow).where(SignatureRow.revision_id == row.id)
                              ).all()
                if acked is None or acked.fingerprint != rec.fingerprint(row.status, sigs):
                    out.append(row)  # e.g. signed after the office acknowledged it
        return out

    def _selected(self, ids: Sequence[str]) -> list[AssessmentRow]:
        out: dict[str, AssessmentRow] = {}
        me = self.device_keys.device_id
        with read_session(self.engine) as s:
            for ref in ids:
                ref = ref.strip().lower()
                row = s.get(AssessmentRow, ref)
                aid = row.assessment_id if row is not None else None
                if aid is None:
                    matches = s.exec(select(AssessmentRow.assessment_id).where(
                        col(AssessmentRow.assessment_id).startswith(ref)).distinct()).all()
                    if len(ref) < 4 or len(matches) != 1:
                        raise NotFoundError("assessment.not_found", ref=ref)
                    aid = matches[0]
                rows = s.exec(select(AssessmentRow).where(
                    AssessmentRow.assessment_id == aid, AssessmentRow.device_id == me,
                    col(AssessmentRow.status).in_(rec.FINAL_STATUSES))).all()
                if not rows:
                    raise StateError("export.not_final", ref=ref)
                for r in rows:
                    out[r.id] = r
        return sorted(out.values(), key=lambda r: (r.assessment_id, r.revision))

    def export(self, target: Path, ids: Sequence[str] | None = None, *,
               encrypt: bool | None = None) -> ExportResult:
        """Write one signed bundle of the pending (or chosen) revisions.

        ``target`` is a folder (the bundle gets its canonical name) or a ``.zip`` path.
        ``encrypt``: None seals the payload when an office key is known, True requires it,
        False never seals. The bundle is first written to the outbox, then atomically to
        ``target`` and re-read from there to check its hash.
        """
        rows = self._selected(ids) if ids else self._pending_rows()
        if not rows:
            return ExportResult(path=None)
        if len(rows) > MAX_RECORDS_PER_BUNDLE:
            rows = rows[:MAX_RECORDS_PER_BUNDLE]
        keys = self._keys()
        office = self._seal_target(encrypt)
        data, blobs, fps = self._collect(rows)
        with read_session(self.engine) as s:
            last = s.exec(select(OutboxBundleRow).order_by(col(OutboxBundleRow.seq).desc())
                          ).first()
            me = s.exec(select(AssessorRow).where(AssessorRow.is_self == True)).first()  # noqa: E712
        seq = (last.seq if last else 0) + 1
        bundle_id = new_id()
        now = self._now()
        built = build_result_bundle(
            bundle_id=bundle_id, device_id=keys.device_id, assessor_id=me.id if me else None,
            seq=seq, prev_bundle_sha256=last.sha256 if last else None, created_at=now,
            app_version=__version__, schema_version=SCHEMA_VERSION, data=data, blobs=blobs,
            ed25519_private=keys.ed25519_private,
            document_key=base64.b64encode(self.device_keys.document_public_key()).decode(),
            seal_to=(office.office_id, _b64decode(office.x25519_public)) if office else None)
        outbox_path = self.paths.outbox_dir / built.file_name
        self.paths.outbox_dir.mkdir(parents=True, exist_ok=True)
        self._drop_unrecorded_outbox_files()
        atomic_write_bytes(outbox_path, built.data, verify=_hash_check(built.sha256))
        with write_session(self.engine) as s:
            s.add(OutboxBundleRow(bundle_id=bundle_id, seq=seq, sha256=built.sha256,
                                  file_name=built.file_name, created_at=now, records=len(rows),
                                  office_id=office.office_id if office else None))
            s.flush()
            for row in rows:
                s.add(OutboxRecordRow(bundle_id=bundle_id, revision_id=row.id,
                                      assessment_id=row.assessment_id, revision=row.revision,
                                      content_sha256=row.content_sha256 or "",
                                      fingerprint=fps[row.id]))
            s.add(AuditRow(at=now, actor=self.actor, action="export", entity="bundle",
                           entity_id=bundle_id, new=f"seq {seq}, {len(rows)} records"))
        path = _target_path(Path(target), built.file_name)
        atomic_write_bytes(path, built.data, verify=_hash_check(built.sha256))
        if sha256_file(path) != built.sha256:  # re-read from the target: USB sticks lie
            raise StorageError("export.verify_failed", path=str(path))
        return ExportResult(path, outbox_path, bundle_id, seq, built.sha256, len(built.data),
                            office.office_id if office else None,
                            [(r.assessment_id, r.revision) for r in rows])

    def _seal_target(self, encrypt: bool | None) -> OfficeInfo | None:
        if encrypt is False:
            return None
        offices = [o for o in self.offices() if o.revoked_at is None]
        if not offices:
            if encrypt:
                raise StateError("export.no_office_key")
            return None
        return offices[-1]  # the most recently trusted office

    def _collect(self, rows: list[AssessmentRow]
                 ) -> tuple[BundleData, dict[str, bytes], dict[str, str]]:
        assessments: list[RevisionData] = []
        fps: dict[str, str] = {}
        inst_ids: set[str] = set()
        assessee_ids: set[str] = set()
        assessor_ids: set[str] = set()
        visit_ids: set[str] = set()
        template_ids: set[str] = set()
        media: set[str] = set()
        with read_session(self.engine) as s:
            for row in rows:
                try:
                    rdata = rec.revision_data(s, row)
                except ValueError as exc:  # pydantic: a stored value the format cannot carry
                    check = integrity.examine(  # most often: edited behind the app's back
                        integrity.facts_from_db(s, row, self.templates.get(row.template_id)),
                        self.device_keys.verify, None, now=self.clock(), revision_id=row.id)
                    if not check.ok:
                        raise StateError("export.damaged", ref=row.assessment_id[:8],
                                         rev=row.revision,
                                         problems=", ".join(check.problems)) from exc
                    raise AppError("export.bad_record", ref=row.assessment_id,
                                   detail=str(exc).splitlines()[0][:200]) from exc
                # never send a record that no longer is what was finalised and signed (the
                # media bytes are checked against their hashes below, as they are read)
                check = integrity.examine(
                    rec.revision_facts(rdata, self.templates.get(row.template_id)),
                    self.device_keys.verify, None, now=self.clock(), revision_id=row.id)
                if not check.ok:
                    raise StateError("export.damaged", ref=row.assessment_id[:8],
                                     rev=row.revision, problems=", ".join(check.problems))
                assessments.append(rdata)
                fps[row.id] = rec.fingerprint(row.status, rdata.signatures)
                template_ids.add(row.template_id)
                for ref, bucket in ((row.institution_id, inst_ids),
                                    (row.assessee_id, assessee_ids),
                                    (row.assessor_id, assessor_ids), (row.visit_id, visit_ids)):
                    if ref:
                        bucket.add(ref)
                media |= {e.media_sha256 for e in rdata.evidence}
                media |= {g.media_sha256 for g in rdata.signatures}
            visits = [s.get(VisitRow, v) for v in sorted(visit_ids)]
            team = s.exec(select(VisitAssessorRow).where(
                col(VisitAssessorRow.visit_id).in_(visit_ids)).order_by(
                col(VisitAssessorRow.visit_id), col(VisitAssessorRow.assessor_id))).all()
            assessor_ids |= {t.assessor_id for t in team}
            inst_ids |= {v.institution_id for v in visits if v and v.institution_id}
            assessees = [s.get(AssesseeRow, a) for a in sorted(assessee_ids)]
            inst_ids |= {a.institution_id for a in assessees if a and a.institution_id}
            scheme_ids = {v.scheme_id for v in visits if v and v.scheme_id}
            blobs: dict[str, bytes] = {}
            media_meta: list[MediaData] = []
            for sha in sorted(media):
                m = s.get(MediaRow, sha)
                if m is None:
                    raise NotFoundError("media.not_found", ref=sha)
                if hashlib.sha256(m.data).hexdigest() != sha:
                    raise StateError("export.media_changed", sha=sha[:12])
                blobs[sha] = m.data
                media_meta.append(MediaData(sha256=sha, mime=m.mime,  # type: ignore[arg-type]
                                            width=m.width, height=m.height,
                                            created_at=m.created_at))
            data = BundleData(
                templates=[rec.template_data(t) for t in (s.get(TemplateRow, i)
                                                          for i in sorted(template_ids)) if t],
                schemes=[rec.scheme_data(x) for x in (s.get(SchemeRow, i)
                                                      for i in sorted(scheme_ids)) if x],
                institutions=[rec.institution_data(x) for x in (
                    s.get(InstitutionRow, i) for i in sorted(inst_ids)) if x],
                assessees=[rec.assessee_data(x) for x in assessees if x],
                assessors=[rec.assessor_data(x) for x in (
                    s.get(AssessorRow, i) for i in sorted(assessor_ids)) if x],
                visits=[rec.visit_data(v) for v in visits if v],
                visit_assessors=[rec.visit_assessor_data(t) for t in team],
                media=media_meta, assessments=assessments)
        return data, blobs, fps

    def _drop_unrecorded_outbox_files(self) -> None:
        """Remove what a killed export left in the outbox: temp files, and bundles written
        before their database record was committed. Such a bundle never reached the
        target (that write comes after the record) and its sequence number is reused, so
        keeping it could only cause a rollback refusal at the office."""
        with read_session(self.engine) as s:
            recorded = set(s.exec(select(OutboxBundleRow.file_name)).all())
        for f in self.paths.outbox_dir.iterdir():
            stale_temp = f.name.startswith(".") and f.name.endswith(".tmp")
            orphan = f.name.startswith("bundle-") and f.suffix == ".zip" \
                and f.name not in recorded
            if f.is_file() and (stale_temp or orphan):
                try:
                    f.unlink()
                    log.info("removed unrecorded outbox file %s", f.name)
                except OSError:
                    log.warning("could not remove outbox file %s", f.name)

    def outbox(self) -> list[OutboxBundleRow]:
        with read_session(self.engine) as s:
            return list(s.exec(select(OutboxBundleRow).order_by(col(OutboxBundleRow.seq))).all())

    # ============================================================ import (office)

    def import_bundle(self, path: Path, *, accept_old: bool = False,
                      receipt_dir: Path | None = None) -> ImportReport:
        """Verify and import one result bundle; always returns a report (see sync_import)."""
        from assessor_app.services.sync_import import import_bundle

        return import_bundle(self, Path(path), accept_old=accept_old, receipt_dir=receipt_dir)

    def import_files(self, paths: Iterable[Path], *, accept_old: bool = False,
                     receipt_dir: Path | None = None) -> list[ImportReport]:
        return [self.import_bundle(p, accept_old=accept_old, receipt_dir=receipt_dir)
                for p in paths]

    # ============================================================ receipts (laptop)

    def import_receipt(self, path: Path) -> ReceiptResult:
        """Mark the revisions the office acknowledged as received (idempotent)."""
        raw = _read_capped(Path(path), 4 * 1024 * 1024)
        receipt = read_receipt(raw, self._trusted_keys())
        me = self.identity()
        if receipt.device_id != me.device_id:
            raise ImportRejected("receipt.wrong_device", device=receipt.device_id)
        now = self._now()
        marked: list[tuple[str, int]] = []
        with write_session(self.engine) as s:
            out = s.get(OutboxBundleRow, receipt.bundle_id)
            if out is None:
                raise ImportRejected("receipt.unknown_bundle", bundle=receipt.bundle_id)
            if out.sha256 != receipt.bundle_sha256 or out.seq != receipt.seq:
                raise ImportRejected("receipt.sha_mismatch", bundle=receipt.bundle_id)
            already = out.receipt_at is not None
            records = {(r.assessment_id, r.revision): r for r in s.exec(
                select(OutboxRecordRow).where(OutboxRecordRow.bundle_id == out.bundle_id)).all()}
            for acc in receipt.accepted_records:
                orec = records.get((acc.assessment_id, acc.revision))
                if orec is None or orec.content_sha256 != acc.content_sha256:
                    continue
                row = s.get(AssessmentRow, orec.revision_id)
                if row is None:
                    continue
                sigs = s.exec(select(SignatureRow).where(SignatureRow.revision_id == row.id)).all()
                if orec.acked_at is None:
                    orec.acked_at = receipt.imported_at
                    s.add(orec)
                if rec.fingerprint(row.status, sigs) == orec.fingerprint and \
                        row.received_at is None:
                    row.received_at = receipt.imported_at
                    s.add(row)
                    marked.append((row.assessment_id, row.revision))
            if not already:
                out.receipt_at = now
                s.add(out)
                s.add(AuditRow(at=now, actor=self.actor, action="receipt", entity="bundle",
                               entity_id=out.bundle_id,
                               new=f"{len(receipt.accepted_records)} accepted, "
                                   f"{len(receipt.conflicts)} conflicts"))
        copy = self.paths.outbox_dir / out.file_name
        try:
            copy.unlink(missing_ok=True)  # the office has it: the outbox copy can go
        except OSError:
            log.warning("could not remove outbox copy %s", copy.name)
        return ReceiptResult(receipt.bundle_id, marked,
                             [(c.assessment_id, c.revision) for c in receipt.conflicts],
                             already and not marked)

    # ============================================================ conflicts (office)

    def conflicts(self, include_resolved: bool = False) -> list[ConflictInfo]:
        with read_session(self.engine) as s:
            q = select(SyncConflictRow).order_by(col(SyncConflictRow.created_at),
                                                 col(SyncConflictRow.id))
            if not include_resolved:
                q = q.where(col(SyncConflictRow.resolved_at).is_(None))
            return [_conflict_info(r) for r in s.exec(q).all()]

    def conflict_payload(self, conflict_id: str) -> RevisionData:
        """The incoming revision held by a conflict (answers, signatures...), for display."""
        with read_session(self.engine) as s:
            row = s.get(SyncConflictRow, conflict_id)
        if row is None:
            raise NotFoundError("conflict.not_found", ref=conflict_id)
        return RevisionData.model_validate_json(row.payload)

    def resolve_conflict(self, conflict_id: str, action: str, note: str | None = None
                         ) -> ConflictInfo:
        """``keep_stored`` or ``take_incoming``; the replaced version goes to the audit log."""
        from assessor_app.services.sync_import import resolve_conflict

        if action not in ("keep_stored", "take_incoming"):
            raise InvalidValueError("conflict.bad_action", action=action)
        return resolve_conflict(self, conflict_id, action, note)

    # ============================================================ packs

    def create_pack(self, assessor_id: str, target: Path, *,
                    visit_ids: Sequence[str] | None = None,
                    device_id: str | None = None) -> PackResult:
        from assessor_app.services.sync_pack import create_pack

        return create_pack(self, assessor_id, Path(target), visit_ids=visit_ids,
                           device_id=device_id)

    def import_pack(self, path: Path) -> PackImportResult:
        from assessor_app.services.sync_pack import import_pack

        return import_pack(self, Path(path))


# ------------------------------------------------------------------ helpers


def _device_info(r: EnrolledDeviceRow) -> DeviceInfo:
    return DeviceInfo(r.device_id, r.name, r.ed25519_public, r.assessor_id, r.enrolled_at,
                      r.revoked_at, r.last_seq)


def _conflict_info(r: SyncConflictRow) -> ConflictInfo:
    try:
        payload = RevisionData.model_validate_json(r.payload)
        subject, code = payload.subject_name, payload.template_code
    except ValueError:
        subject, code = "", ""
    return ConflictInfo(r.id, r.bundle_id, r.device_id, r.assessment_id, r.revision,
                        r.supersedes, r.reason, r.stored_revision, r.stored_content_sha256,
                        r.incoming_content_sha256, subject, code, r.created_at, r.resolved_at,
                        r.resolution, r.note)


def _target_path(target: Path, file_name: str) -> Path:
    """A folder (created if missing) gets the canonical file name. A ``.zip`` path keeps
    the name the user chose with the canonical name appended (``hasil.zip`` ->
    ``hasil-bundle-<device>-<seq>-<id>.zip``): the importer reads the device, sequence and
    bundle id from the name before it trusts anything inside."""
    if target.suffix.lower() == ".zip" and not target.is_dir():
        canonical = Path(file_name).stem
        if canonical in target.name:
            return target
        return target.with_name(f"{target.stem}-{file_name}")
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidValueError("export.bad_target", path=str(target)) from exc
    return target / file_name


def _hash_check(expected: str) -> Callable[[Path], None]:
    def verify(tmp: Path) -> None:
        if sha256_file(tmp) != expected:
            raise StorageError("export.verify_failed", path=str(tmp))
    return verify


def _read_capped(path: Path, cap: int) -> bytes:
    """The file's bytes, refusing (before reading) anything larger than ``cap``."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise ImportRejected("bundle.unreadable", name=path.name)
        if size > cap:
            raise ImportRejected("bundle.too_large", max_mb=max(1, cap // (1024 * 1024)))
        with open(path, "rb") as f:
            data = f.read(cap + 1)
    except OSError:
        raise ImportRejected("bundle.unreadable", name=path.name) from None
    if len(data) > cap:
        raise ImportRejected("bundle.too_large", max_mb=max(1, cap // (1024 * 1024)))
    return data


# ------------------------------------------------------------------ CSV report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("file", "status", "code", "message", "bundle_id", "device_id", "seq",
               "assessment_id", "revision", "outcome", "detail", "subject", "template")


def csv_cell(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula (RELIABILITY T18)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def import_report_csv(reports: Iterable[ImportReport], lang: str = "id") -> bytes:
    from assessor_app.messages import message

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rep in reports:
        msg = message(rep.code, rep.params, lang) if rep.code else ""
        base = [rep.file, rep.status, rep.code, msg, rep.bundle_id, rep.device_id, rep.seq]
        if not rep.records:
            writer.writerow([csv_cell(v) for v in base + [None] * 6])
        for r in rep.records:
            writer.writerow([csv_cell(v) for v in base + [r.assessment_id, r.revision,
                                                          r.outcome, r.detail, r.subject_name,
                                                          r.template_code]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


__all__ = [
    "ConflictInfo", "DeviceInfo", "ExportResult", "Identity", "ImportReport", "OfficeInfo",
    "PackImportResult", "PackResult", "ReceiptResult", "RecordOutcome", "SyncService",
    "csv_cell", "import_report_csv",
]
