"""Sync by file (issue 5; RELIABILITY.md section 3): identity, enrolment, result bundles,
import with report and receipt, conflicts, assignment packs.

The GUI and the CLI use :class:`SyncService` only. Every write is one transaction; an
import is exactly one transaction per bundle (all-or-nothing). Formats: docs/formats/.

Laptop side: :meth:`SyncService.identity`, :meth:`export`, :meth:`import_receipt`,
:meth:`import_pack`. Office side: :meth:`enrol_device`, :meth:`revoke_device`,
:meth:`devices`, :meth:`import_bundle` / :meth:`import_files`, :meth:`conflicts`,
:meth:`resolve_conflict`, :meth:`create_pack`. An installation can act as both.

``SyncService`` keeps enrolment and trust itself and composes the rest, each working in the
one shared :class:`~assessor_app.services.sync_common.SyncContext`: ``exporter``
(:class:`~assessor_app.services.sync_export.BundleExporter`: export, outbox, receipts),
``importer`` (:class:`~assessor_app.services.sync_import.BundleImporter`: bundle import,
conflicts) and ``packs`` (:class:`~assessor_app.services.sync_pack.PackService`).
"""

from __future__ import annotations

import base64
import csv
import io
import socket
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from assessor_app.bundles import crypto
from assessor_app.bundles.models import RevisionData
from assessor_app.core.clock import Clock, system_clock
from assessor_app.core.errors import InvalidValueError, NotFoundError, StateError
from assessor_app.core.naming import enrolment_request_name
from assessor_app.core.textcheck import check_text
from assessor_app.fileio import FileRefused, atomic_write_bytes, read_user_file
from assessor_app.paths import AppPaths
from assessor_app.services.identity import DeviceKeys
from assessor_app.services.models import AssessmentSummary, views
from assessor_app.services.sync_common import (
    ConflictInfo,
    DeviceInfo,
    EnrolFileResult,
    EnrolmentRequestInfo,
    ExportResult,
    Identity,
    ImportReport,
    ImportWarning,
    OfficeInfo,
    OutboxInfo,
    PackImportResult,
    PackResult,
    ReceiptResult,
    RecordOutcome,
    SyncContext,
    device_info,
    office_info,
)
from assessor_app.services.sync_export import BundleExporter
from assessor_app.services.sync_import import BundleImporter
from assessor_app.services.sync_pack import PackService
from assessor_app.services.sync_review import ReviewReceipt, ReviewReceipts
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AssessmentOwnerRow,
    AssessmentRow,
    AssessorRow,
    AuditRow,
    EnrolledDeviceRow,
    OutboxBundleRow,
    TrustedOfficeRow,
)


def _computer_name() -> str:
    """The computer's network name, the default name of the laptop in its request."""
    try:
        return socket.gethostname().split(".")[0][:60] or "Laptop"
    except OSError:
        return "Laptop"


class SyncService(SyncContext):
    """The one object the GUI and the CLI use for sync by file (see the module docstring);
    it is also the context its parts share, so their engine, clock and keys are its own."""

    def __init__(self, engine: Any, paths: AppPaths, templates: TemplateService,
                 clock: Clock = system_clock, actor: str | None = None,
                 device_keys: DeviceKeys | None = None, at_rest_key: bytes | None = None
                 ) -> None:
        keys = device_keys if device_keys is not None else DeviceKeys(engine, clock, actor)
        super().__init__(engine, paths, templates, keys, clock, actor, at_rest_key)
        self.exporter = BundleExporter(self)
        self.importer = BundleImporter(self)
        self.packs = PackService(self)
        self.review_out = ReviewReceipts(self)

    @property
    def context(self) -> SyncContext:
        """What the parts share: this object (engine, paths, templates, device keys, clock,
        the actor named in the audit log; identity, offices)."""
        return self

    # ============================================================ enrolment request (laptop)

    def enrolment_request(self, device_name: str | None = None) -> EnrolmentRequestInfo:
        """This laptop's signed enrolment request (docs/formats/enrolment-request-v1.md):
        its public keys, ``device_name`` (default: the computer's name), the laptop's own
        assessor (name and MET number, from Pengaturan) and the time."""
        from assessor_app.bundles import enrolment

        row = self.device_keys.row()
        with read_session(self.engine) as s:
            me = s.exec(select(AssessorRow).where(AssessorRow.is_self == True)).first()  # noqa: E712
        name = " ".join((device_name or "").split()) or _computer_name()
        content = enrolment.build_request(
            ed25519_private=row.ed25519_private,
            x25519_public=base64.b64decode(row.x25519_public), device_name=name,
            assessor_name=me.name if me else None,
            assessor_registration_no=me.registration_no if me else None,
            created_at=self.now())
        return EnrolmentRequestInfo(
            content, enrolment_request_name(me.name if me else None, name),
            enrolment.fingerprint(base64.b64decode(row.ed25519_public),
                                  base64.b64decode(row.x25519_public)),
            row.device_id, name)

    def write_enrolment_request(self, target: Path, device_name: str | None = None, *,
                                request: EnrolmentRequestInfo | None = None
                                ) -> EnrolmentRequestInfo:
        """Write the request (``request``, e.g. the one whose QR code is on screen, else a
        new one) into folder ``target`` (``pendaftaran_<asesor>_<laptop>.json``) or to the
        ``.json`` path ``target``; atomically, checked by reading it back."""
        from assessor_app.bundles import enrolment

        info = request if request is not None else self.enrolment_request(device_name)
        target = Path(target)
        if target.suffix.lower() == ".json" and not target.is_dir():
            path = target
        else:
            path = target / info.file_name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InvalidValueError("enrolment.bad_target", path=str(target)) from exc

        def verify(tmp: Path) -> None:
            enrolment.read_request(tmp.read_bytes(), path.name)

        atomic_write_bytes(path, info.content, verify=verify)
        return replace(info, path=path)

    # ============================================================ enrolment (office)

    def enrol_from_file(self, path: Path, name: str | None = None,
                        assessor_id: str | None = None) -> EnrolFileResult:
        """Enrol the laptop of a request file (``write_enrolment_request`` on the laptop).
        The file is checked completely first (size, strict JSON, schema, the key, the
        self-signature); on any problem nothing changes. Importing the same request again
        changes nothing (an enrolled laptop keeps the name and assessor the office gave
        it). ``name``/``assessor_id`` override the request's; otherwise the assessor is
        found by the request's MET number, else by its exact name."""
        from assessor_app.bundles import enrolment

        path = Path(path)
        try:  # a regular file only (never a FIFO or /dev/zero), capped
            raw = read_user_file(path, enrolment.MAX_REQUEST_BYTES)
        except FileRefused as exc:
            if exc.code == "file.too_large":
                raise InvalidValueError("enrolment.too_large",
                                        max_kb=enrolment.MAX_REQUEST_BYTES // 1024) from None
            if exc.code in ("file.not_regular", "file.not_found"):
                raise
            raise InvalidValueError("enrolment.unreadable", name=path.name) from None
        req = enrolment.read_request(raw, path.name)
        with read_session(self.engine) as s:
            before = s.get(EnrolledDeviceRow, req.device_id)
        already = before is not None and before.revoked_at is None
        if already and before is not None:  # the same request again: keep what the office set
            name = name or before.name
            assessor_id = assessor_id or before.assessor_id
        matched = assessor_id or self._assessor_for(req.assessor_registration_no,
                                                    req.assessor_name)
        device = self.enrol_device(req.ed25519_public, name or req.device_name, matched)
        return EnrolFileResult(device, req.fingerprint, already, req.assessor_name,
                               req.assessor_registration_no, matched is not None)

    def _assessor_for(self, registration_no: str | None, name: str | None) -> str | None:
        """The office's assessor with this MET number, else with exactly this name (case
        and spacing aside); None unless exactly one matches."""
        with read_session(self.engine) as s:
            people = s.exec(select(AssessorRow).where(AssessorRow.is_self == False)).all()  # noqa: E712

        def norm(text: str | None) -> str:
            return " ".join((text or "").split()).lower()

        for wanted, field_name in ((registration_no, "registration_no"), (name, "name")):
            if norm(wanted):
                found = [a.id for a in people if norm(getattr(a, field_name)) == norm(wanted)]
                if len(found) == 1:
                    return str(found[0])
        return None


    def enrol_device(self, public_key: str, name: str, assessor_id: str | None = None
                     ) -> DeviceInfo:
        """Record a laptop's public key (``device show`` on the laptop prints it)."""
        raw = crypto.parse_public_key(public_key)
        if raw is None:
            raise InvalidValueError("device.bad_key")
        check_text(name, "name")
        if not name.strip():
            raise InvalidValueError("value.required", field="name")
        device_id = crypto.device_id_for(raw)
        now = self.now()
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
        return device_info(row)

    def revoke_device(self, device_id: str) -> DeviceInfo:
        now = self.now()
        with write_session(self.engine) as s:
            row = s.get(EnrolledDeviceRow, device_id.strip().lower())
            if row is None:
                raise NotFoundError("device.not_found", device=device_id)
            if row.revoked_at is None:
                row.revoked_at = now
                s.add(row)
                s.add(AuditRow(at=now, actor=self.actor, action="revoke", entity="device",
                               entity_id=row.device_id))
        return device_info(row)

    def reassign(self, assessment_ref: str, device_id: str, reason: str) -> dict[str, str]:
        """Office: from now on only ``device_id`` may send revisions of the assessment (e.g.
        the assessor's laptop was replaced). Recorded in the audit log with the reason."""
        check_text(reason, "reason")
        if not reason.strip():
            raise InvalidValueError("value.required", field="reason")
        ref, device_id = assessment_ref.strip().lower(), device_id.strip().lower()
        now = self.now()
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
        return [device_info(r) for r in rows]

    # ============================================================ trusted offices (laptop)

    def trust_office(self, ed25519_public: str, x25519_public: str, name: str) -> OfficeInfo:
        """Trust an office key given by hand (instead of on first use of a pack)."""
        ed = crypto.parse_public_key(ed25519_public)
        x = crypto.parse_public_key(x25519_public) if x25519_public else None
        if ed is None or x is None:
            raise InvalidValueError("device.bad_key")
        office_id = crypto.device_id_for(ed)
        now = self.now()
        with write_session(self.engine) as s:
            row = s.get(TrustedOfficeRow, office_id)
            if row is None:
                row = TrustedOfficeRow(office_id=office_id, ed25519_public=crypto.b64(ed),
                                       x25519_public=crypto.b64(x), name=name.strip() or office_id,
                                       trusted_at=now, how="manual")
                s.add(row)
                s.add(AuditRow(at=now, actor=self.actor, action="trust", entity="office",
                               entity_id=office_id, new="manual"))
        return office_info(row)

    # ============================================================ export (laptop)

    def pending(self) -> list[AssessmentSummary]:
        """Finalised revisions made on this device that the office has not acknowledged in
        their current state (a device only ever sends what it made and signed)."""
        return views(AssessmentSummary, self.exporter.pending())

    def export(self, target: Path, ids: Sequence[str] | None = None, *,
               encrypt: bool | None = None) -> ExportResult:
        """Write one signed bundle of the pending (or chosen) revisions (see
        :meth:`BundleExporter.export`)."""
        return self.exporter.export(target, ids, encrypt=encrypt)

    def outbox(self) -> list[OutboxBundleRow]:
        return self.exporter.outbox()

    def outbox_bundles(self) -> list[OutboxInfo]:
        """Every bundle exported from this laptop, oldest first, and whether its copy is
        still kept in the outbox."""
        return [OutboxInfo(b.seq, b.bundle_id, b.created_at, b.records, b.sha256,
                           b.office_id, b.receipt_at, self.exporter.kept_in_outbox(b))
                for b in self.exporter.outbox()]

    def resend(self, ref: str, target: Path, *, plain: bool = False) -> ExportResult:
        """Write the outbox's copy of a bundle (seq or id) to ``target`` again, decrypted
        and checked (see :meth:`BundleExporter.resend`)."""
        return self.exporter.resend(ref, Path(target), plain=plain)

    def import_receipt(self, path: Path) -> ReceiptResult:
        """Mark the revisions the office acknowledged as received (idempotent)."""
        return self.exporter.import_receipt(Path(path))

    # ============================================================ import (office)

    def import_bundle(self, path: Path, *, accept_old: bool = False,
                      receipt_dir: Path | None = None) -> ImportReport:
        """Verify and import one result bundle; always returns a report (see sync_import)."""
        return self.importer.import_bundle(Path(path), accept_old=accept_old,
                                           receipt_dir=receipt_dir)

    def import_files(self, paths: Iterable[Path], *, accept_old: bool = False,
                     receipt_dir: Path | None = None) -> list[ImportReport]:
        return self.importer.import_files(paths, accept_old=accept_old,
                                          receipt_dir=receipt_dir)

    def review_receipts(self, target: Path, device_ids: Sequence[str] | None = None
                        ) -> list[ReviewReceipt]:
        """Office: write the review decisions back to the laptops, one receipt (format 3)
        per device into the folder ``target`` (see ``sync_review``)."""
        return self.review_out.write(Path(target), device_ids)

    # ============================================================ conflicts (office)

    def conflicts(self, include_resolved: bool = False) -> list[ConflictInfo]:
        return self.importer.conflicts(include_resolved)

    def conflict_payload(self, conflict_id: str) -> RevisionData:
        """The incoming revision held by a conflict (answers, signatures...), for display."""
        return self.importer.conflict_payload(conflict_id)

    def resolve_conflict(self, conflict_id: str, action: str, note: str | None = None
                         ) -> ConflictInfo:
        """``keep_stored`` or ``take_incoming``; the replaced version goes to the audit log."""
        return self.importer.resolve_conflict(conflict_id, action, note)

    # ============================================================ packs

    def create_pack(self, assessor_id: str, target: Path, *,
                    visit_ids: Sequence[str] | None = None,
                    device_id: str | None = None) -> PackResult:
        return self.packs.create_pack(assessor_id, Path(target), visit_ids=visit_ids,
                                      device_id=device_id)

    def import_pack(self, path: Path) -> PackImportResult:
        return self.packs.import_pack(Path(path))


# ------------------------------------------------------------------ CSV report

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("file", "status", "code", "message", "bundle_id", "device_id", "seq",
               "assessment_id", "revision", "outcome", "detail", "subject", "template",
               "warnings")


def csv_cell(value: object) -> str:
    """A cell that a spreadsheet will not run as a formula (RELIABILITY T18)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def import_report_csv(reports: Iterable[ImportReport], lang: str = "id", *,
                      names: bool = True) -> bytes:
    """The import report as CSV: a row per record (one for a file without records), the
    file's warnings in words on each of its rows (a line each in the cell).
    ``names=False`` leaves the ``subject`` column empty and names master data in a warning
    by its id: the report the office keeps by itself in its (encrypted) data folder names
    records by id only, never a person in plain (issue 13)."""
    from assessor_app.messages import message

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rep in reports:
        msg = message(rep.code, rep.params, lang) if rep.code else ""
        base = [rep.file, rep.status, rep.code, msg, rep.bundle_id, rep.device_id, rep.seq]
        warned = "\n".join(message(w.code, w.params if names or "name" not in w.params else
                                   {**w.params, "name": w.params.get("ref", "")}, lang)
                           for w in rep.warnings)
        if not rep.records:
            writer.writerow([csv_cell(v) for v in base + [None] * 6 + [warned]])
        for r in rep.records:
            writer.writerow([csv_cell(v) for v in base + [r.assessment_id, r.revision,
                                                          r.outcome, r.detail,
                                                          r.subject_name if names else "",
                                                          r.template_code, warned]])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


__all__ = [
    "ConflictInfo", "DeviceInfo", "EnrolFileResult", "EnrolmentRequestInfo", "ExportResult",
    "Identity", "ImportReport", "ImportWarning", "OfficeInfo", "OutboxInfo", "PackImportResult", "PackResult",
    "ReceiptResult", "RecordOutcome", "ReviewReceipt", "SyncService",
    "csv_cell", "import_report_csv",
]
