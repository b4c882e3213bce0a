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

The transaction is set-based (:class:`_Txn`): what the decisions need is read with one query
per table for the whole bundle, and new rows are written with one executemany per table.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, insert, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, delete, select

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import (
    FORMAT_VERSION,
    BundleData,
    ReceiptManifest,
    ReceiptRecord,
    RevisionData,
)
from assessor_app.bundles.receipt import build_receipt, receipt_file_name
from assessor_app.bundles.result import (
    DeviceKey,
    VerifiedBundle,
    read_result_bundle,
)
from assessor_app.core import integrity as integrity_core
from assessor_app.core.clock import new_id
from assessor_app.core.engine import Coverage
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
    ImportWarning,
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
    DeviceIdentityRow,
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

#: Master data of a bundle, in the order its rows may be inserted (foreign keys).
_MASTER: tuple[tuple[type[Any], str], ...] = (
    (SchemeRow, "schemes"), (InstitutionRow, "institutions"), (AssessorRow, "assessors"),
    (AssesseeRow, "assessees"), (VisitRow, "visits"))

#: The outcomes that store the incoming revision's answers (a duplicate, a conflict held for
#: review and added signatures store none: no answer of theirs was dropped from the store).
_STORED_OUTCOMES = frozenset({"new", "revised", "stale"})


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
            me = self._me()  # (None: keys are made for the receipt)
            bundle = read_result_bundle(
                raw, path.name, device_key=self._enrolled_key,
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
            proven: list[RevisionData] = []
            outside: dict[tuple[str, int], list[str]] = {}
            for a in bundle.data.assessments:
                template = templates.get(a.template_id)
                if template is None:
                    raise ImportRejected("bundle.bad_reference", ref=a.template_id)
                coverage = self.prove_record(a, template, m.device_id, now)
                # what no hash and no signature covers is not stored (trust-chain.md)
                a, items = rec.hashed_only(a, coverage)
                if items:
                    outside[(a.assessment_id, a.revision)] = items
                proven.append(a)
            if outside:
                bundle = replace(bundle, data=bundle.data.model_copy(
                    update={"assessments": proven}))
            _check_register(bundle.data, now)
            # the office signs the receipt (its keys are made on first use)
            keys = me if me is not None else self.ctx.device_keys.row()
            self._apply(bundle, templates, report, accept_old, keys.device_id,
                        keys.ed25519_private, outside)
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
                report.warnings.append(ImportWarning("import.receipt_not_written", (
                    {"error_code": exc.code, "error_params": dict(exc.params)}
                    if isinstance(exc, StorageError) else
                    {"detail": exc.strerror or type(exc).__name__}) | {"path": str(path)}))
        return report

    def prove_record(self, a: RevisionData, template: Template, sender: str,
                     now: dt.datetime) -> Coverage:
        """Refuse a record that is not exactly what its device finalised and signed;
        return the stored answers its content hash covers."""
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
        assert report.coverage is not None
        return report.coverage

    def _me(self) -> DeviceIdentityRow | None:
        """This installation's identity (None before its keys are made), private keys
        unwrapped (services/identity.py)."""
        return self.ctx.device_keys.existing()

    def _enrolled_key(self, device_id: str) -> DeviceKey | None:
        """The enrolled key of the device a bundle names (the reader checks the signature
        and the revocation; the transaction checks revocation again)."""
        with read_session(self.ctx.engine) as s:
            row = s.get(EnrolledDeviceRow, device_id)
        return None if row is None else DeviceKey(base64.b64decode(row.ed25519_public),
                                                  row.revoked_at is not None)

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

    # ------------------------------------------------------------ the transaction

    def _apply(self, bundle: VerifiedBundle, templates: dict[str, Template],
               report: ImportReport, accept_old: bool, office_id: str,
               office_key: bytes, outside: dict[tuple[str, int], list[str]]) -> None:
        """``outside``: (assessment, revision) -> the items of the answers left out (not
        covered by the record's content hash), warned about and written to the audit log."""
        m = bundle.manifest
        now = self.ctx.now()
        try:
            with write_session(self.ctx.engine) as s:
                txn = _Txn(s, now)
                done = txn.rows(ImportedBundleRow, [m.bundle_id]).get(m.bundle_id)
                if done is not None:
                    if done["sha256"] != bundle.sha256:
                        raise ImportRejected("bundle.replay_different", bundle=m.bundle_id)
                    report.status = "duplicate"
                    report.receipt = done["receipt"]
                    report.receipt_name = receipt_file_name(m.device_id, m.seq, m.bundle_id)
                    return
                dev = txn.rows(EnrolledDeviceRow, [m.device_id]).get(m.device_id)
                if dev is None or dev["revoked_at"] is not None:  # revoked since the check
                    raise ImportRejected("bundle.revoked_device", device=m.device_id)
                last_seq, last_sha = dev["last_seq"], dev["last_bundle_sha256"]
                if m.seq <= last_seq:
                    if not accept_old:
                        raise ImportRejected("bundle.rollback", seq=m.seq, last=last_seq)
                    report.warnings.append(ImportWarning("import.old_bundle_accepted",
                                                         {"seq": m.seq, "last": last_seq}))
                elif m.seq == last_seq + 1 and last_sha and m.prev_bundle_sha256 != last_sha:
                    report.warnings.append(ImportWarning("import.chain_broken",
                                                         {"seq": m.seq}))
                self._master(txn, bundle.data, templates, report)
                txn.add_media(bundle)
                records = sorted(bundle.data.assessments,
                                 key=lambda x: (x.assessment_id, x.revision))
                txn.load(records)
                for a in records:
                    txn.check_refs(a)
                    txn.check_owner(a, m.device_id)
                    outcome, detail = txn.decide(a, m.bundle_id, m.device_id)
                    report.records.append(RecordOutcome(
                        a.assessment_id, a.revision, outcome, a.content_sha256,
                        a.subject_name, a.template_code, detail))
                kept = {(r.assessment_id, r.revision) for r in report.records
                        if r.outcome in _STORED_OUTCOMES}
                for (aid, revision), items in sorted(outside.items()):
                    if (aid, revision) not in kept:  # nothing of it was stored
                        continue
                    names = ", ".join(sorted(set(items)))[:200]
                    report.warnings.append(ImportWarning(
                        "import.answers_outside_content", {
                            "ref": aid[:8], "revision": revision, "count": len(items),
                            "items": names}))
                    txn.log("drop_answers", "assessment", aid, actor=self.ctx.actor,
                            field=f"r{revision}", new=f"{len(items)} outside the content "
                            f"hash, not stored: {names}")
                _apply_register(txn, bundle.data, actor=self.ctx.actor)
                receipt = ReceiptManifest(
                    format_version=FORMAT_VERSION, kind="receipt", bundle_id=m.bundle_id,
                    bundle_sha256=bundle.sha256, device_id=m.device_id, seq=m.seq,
                    office_id=office_id, imported_at=now,
                    accepted_records=[_rr(r) for r in report.records if r.outcome in ACCEPTED],
                    conflicts=[_rr(r) for r in report.records if r.outcome == "conflict"])
                report.receipt = build_receipt(receipt, office_key)
                report.receipt_name = receipt_file_name(m.device_id, m.seq, m.bundle_id)
                counts = report.counts()
                txn.conn.execute(insert(_table(ImportedBundleRow)), {
                    "bundle_id": m.bundle_id, "sha256": bundle.sha256,
                    "device_id": m.device_id, "seq": m.seq,
                    "file_name": bundle.file_name[:255], "imported_at": now,
                    "accepted": len(receipt.accepted_records),
                    "conflicts": counts.get("conflict", 0), "receipt": report.receipt})
                if m.seq > last_seq:
                    table = _table(EnrolledDeviceRow)
                    txn.conn.execute(update(table).where(
                        table.c.device_id == m.device_id).values(
                        last_seq=m.seq, last_bundle_sha256=bundle.sha256))
                if m.document_key:  # issued as of the bundle's (checked) time: reproducible
                    self._certify(txn, m.device_id, m.document_key, m.created_at)
                txn.log("import", "bundle", m.bundle_id, actor=self.ctx.actor,
                        new=", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
                txn.finish()
                report.status = "imported"
        except IntegrityError as exc:  # an id the bundle reuses for something else
            log.info("bundle %s refused: integrity error %s", bundle.file_name,
                     type(exc.orig))
            raise ImportRejected("bundle.bad_reference", ref="id") from None

    def _master(self, txn: _Txn, data: BundleData, templates: dict[str, Template],
                report: ImportReport) -> None:
        """Insert what the office does not have; the office's own rows are never
        overwritten (a differing row is kept and named in a warning)."""
        s = txn.s
        stored = txn.existing(TemplateRow, [t.id for t in data.templates])
        for t in data.templates:
            if t.id in stored:
                continue
            clash = s.exec(select(TemplateRow).where(TemplateRow.code == t.code,
                                                     TemplateRow.version == t.version)).first()
            if clash is not None:
                raise ImportRejected("bundle.template_conflict", code=t.code, version=t.version)
            s.add(rec.template_row(t, txn.now))
            s.flush()
            self.ctx.templates.install_scheme(s, templates[t.id])
            stored.add(t.id)
        s.flush()  # the scheme rows install_scheme added are seen below
        txn.known(TemplateRow).update(stored)
        for model, name in _MASTER:
            items = list(getattr(data, name))
            if not items:
                continue
            values = {item.id: item.model_dump() for item in items}
            if len(values) != len(items):  # one id twice: it cannot be inserted twice
                raise ImportRejected("bundle.bad_reference", ref="id")
            have = txn.rows(model, list(values))
            new = [v for k, v in values.items() if k not in have]
            for key, v in values.items():
                row = have.get(key)
                if row is not None and any(row[k] != x for k, x in v.items()):
                    report.warnings.append(ImportWarning(
                        "import.kept_office_version",
                        {"kind": model.__tablename__, "ref": key,
                         "name": str(row.get("name") or row.get("letter_no")
                                     or row.get("number") or key)}))
            if new:
                txn.conn.execute(insert(_table(model)), new)
            txn.known(model).update(values)
        pairs = [(va.visit_id, va.assessor_id) for va in data.visit_assessors]
        if len(set(pairs)) != len(pairs):
            raise ImportRejected("bundle.bad_reference", ref="id")
        table = _table(VisitAssessorRow)
        have_pairs: set[tuple[str, str]] = set()
        for part in rec.chunks(sorted({v for v, _ in pairs})):
            have_pairs |= {(r[0], r[1]) for r in txn.conn.execute(
                sa_select(table.c.visit_id, table.c.assessor_id).where(
                    table.c.visit_id.in_(part)))}
        new_pairs = [va.model_dump() for va in data.visit_assessors
                     if (va.visit_id, va.assessor_id) not in have_pairs]
        if new_pairs:
            txn.conn.execute(insert(table), new_pairs)

    def _certify(self, txn: _Txn, device_id: str, spki_b64: str, issued_at: str) -> None:
        """Issue (once, or again when the device's PDF key changed) the device's PDF-signing
        certificate under this office's root; the next assignment pack carries it."""
        from assessor_app.core import pdfkeys

        try:
            spki = base64.b64decode(spki_b64, validate=True)
        except ValueError:
            return
        dev = txn.s.get(EnrolledDeviceRow, device_id)
        assert dev is not None  # checked (and locked) by this transaction
        if dev.certificate is not None and certificate_key(dev.certificate) == spki:
            return
        keys = self.ctx.device_keys
        office = keys.row()
        root = office.ca_certificate or keys.office_root(self.ctx.office_name())
        try:
            cert = pdfkeys.issue_device_certificate(
                spki, dev.device_id, dev.name, issuer_private=pdfkeys.document_key(
                    office.ed25519_private), issuer_cert=root, now=_parse(issued_at))
        except ValueError:
            log.info("device %s sent a PDF key that is not P-256; no certificate",
                     dev.device_id)
            return
        if office.ca_certificate is None:
            office.ca_certificate = root
            txn.s.add(office)
        dev.certificate = cert
        txn.s.add(dev)
        txn.log("certify", "device", dev.device_id, actor=self.ctx.actor,
                new=hashlib.sha256(cert).hexdigest())

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
                txn = _Txn(s, now)
                txn.take_incoming(RevisionData.model_validate_json(row.payload),
                                  self.ctx.actor)
                txn.finish()
            row.resolved_at, row.resolved_by, row.note = now, self.ctx.actor, note
            row.resolution = "took_incoming" if action == "take_incoming" else "kept_stored"
            s.add(row)
            s.add(AuditRow(at=now, actor=self.ctx.actor, action="resolve",
                           entity="assessment", entity_id=row.assessment_id,
                           field=f"r{row.revision}", new=row.resolution))
        return conflict_info(row)


# ------------------------------------------------------------------ one transaction


class _Txn:
    """One import transaction: what is stored is read set-based (one query per table for
    the whole bundle, with prebuilt statements), new rows are written in bulk (SQLAlchemy
    Core executemany), audit entries are kept in order and written last. Stored revisions
    are read as ORM objects, as a decision may update one (``is_current``, a later
    signature); the ones inserted here are :class:`_NewRevision` records."""

    def __init__(self, s: Session, now: str) -> None:
        self.s = s
        self.conn = s.connection()
        self.now = now
        self._known: dict[type[Any], set[str]] = {}
        self._audit: list[dict[str, Any]] = []
        self._owners: dict[str, str] = {}
        self._new_owners: list[dict[str, Any]] = []
        self._stored: dict[str, list[_Revision]] = {}
        self._ids_in_use: set[str] = set()
        self._consents: set[str] = set()

    # -- reading

    def rows(self, model: type[Any], ids: Sequence[str]) -> dict[str, Any]:
        """id -> the stored row (a mapping of its columns) of those that exist."""
        (key,) = _table(model).primary_key.columns
        out: dict[str, Any] = {}
        for part in rec.chunks(sorted(set(ids))):
            for r in self.conn.execute(_by_key(model, whole=True), {"ids": list(part)}):
                out[r._mapping[key.name]] = r._mapping
        return out

    def existing(self, model: type[Any], ids: Iterable[str]) -> set[str]:
        """The ids among ``ids`` that ``model``'s table holds."""
        out: set[str] = set()
        for part in rec.chunks(sorted(set(ids))):
            out |= {r[0] for r in self.conn.execute(_by_key(model, whole=False),
                                                    {"ids": list(part)})}
        return out

    def known(self, model: type[Any]) -> set[str]:
        """Ids of ``model`` known to exist in this transaction."""
        return self._known.setdefault(model, set())

    def load(self, records: Sequence[RevisionData]) -> None:
        """Read what the decisions need for all ``records`` at once: their assessments'
        stored revisions and owners, the row and consent ids already in use, and every
        master row they refer to that the bundle did not bring."""
        aids = sorted({a.assessment_id for a in records})
        ids = sorted({a.id for a in records})
        wanted = set(aids)
        for part_a, part_i in zip_longest(rec.chunks(aids), rec.chunks(ids), fillvalue=()):
            for row in self.s.exec(_REVISIONS, params={"aids": list(part_a),
                                                       "ids": list(part_i)}):
                self._ids_in_use.add(row.id)
                if row.assessment_id in wanted:
                    self._stored.setdefault(row.assessment_id, []).append(row)
        self._ids_in_use &= set(ids)
        owners = self.rows(AssessmentOwnerRow, aids)
        self._owners = {aid: row["device_id"] for aid, row in owners.items()}
        self._consents = self.existing(ConsentRow, [c.id for a in records for c in a.consents])
        refs: dict[type[Any], set[str]] = {}
        for a in records:
            for model, ref in _refs(a):
                if ref is not None:
                    refs.setdefault(model, set()).add(ref)
        for model, wanted_ids in refs.items():
            known = self.known(model)
            known |= self.existing(model, wanted_ids - known)

    # -- checks

    def check_refs(self, a: RevisionData) -> None:
        """Every row the record refers to exists: its subject and template rows, the repeat
        rows its answers and evidence sit in, the assessee of each consent."""
        refs = _refs(a)
        for model, ref in refs[:_SUBJECT_REFS]:
            if ref is not None and ref not in self.known(model):
                raise ImportRejected("bundle.bad_reference", ref=ref)
        rows = {r.id for r in a.repeat_rows}
        for x in list(a.answers) + list(a.evidence):
            if x.row_id and x.row_id not in rows:
                raise ImportRejected("bundle.bad_reference", ref=x.row_id)
        for model, ref in refs[_SUBJECT_REFS:]:
            if ref is not None and ref not in self.known(model):
                raise ImportRejected("bundle.bad_reference", ref=ref)

    def check_owner(self, a: RevisionData, device_id: str) -> None:
        """Only the device that owns an assessment may send its revisions: the device of its
        first import, or one the office reassigned it to (``reassign``, audit-logged)."""
        owner = self._owners.get(a.assessment_id)
        if owner is None:
            stored = sorted(self._stored.get(a.assessment_id, []), key=lambda r: r.revision)
            owner = stored[0].device_id if stored and stored[0].device_id else device_id
            self._owners[a.assessment_id] = owner
            self._new_owners.append({"assessment_id": a.assessment_id, "device_id": owner,
                                     "assigned_at": self.now, "assigned_by": None,
                                     "reason": "first import"})
        if owner != device_id:
            raise ImportRejected("bundle.not_owner", assessment=a.assessment_id,
                                 device=device_id, owner=owner)

    # -- decisions

    def decide(self, a: RevisionData, bundle_id: str, device_id: str) -> tuple[str, str]:
        s = self.s
        stored = self._stored.get(a.assessment_id, [])
        if not stored:
            self.insert(a, current=True)
            return "new", ""
        by_rev = {r.revision: r for r in stored}
        current = max(stored, key=lambda r: r.revision)
        found = by_rev.get(a.revision)
        if found is not None:
            if found.content_sha256 != a.content_sha256:
                return self.conflict(a, found, "same_revision", bundle_id, device_id)
            have = {g.role: g for g in s.exec(select(SignatureRow).where(
                SignatureRow.revision_id == found.id)).all()}
            incoming = {g.role: g for g in a.signatures}
            if any(_sig_key(have[r]) != _sig_key(incoming[r])
                   for r in set(have) & set(incoming)):
                return self.conflict(a, found, "signature_differs", bundle_id, device_id)
            extra = [g for r, g in incoming.items() if r not in have]
            if not extra and rec.STATUS_RANK[a.status] <= rec.STATUS_RANK[found.status]:
                return "duplicate", ""
            same = self.orm(found)
            for g in extra:
                s.add(SignatureRow(revision_id=same.id, **g.model_dump()))
            if rec.STATUS_RANK[a.status] > rec.STATUS_RANK[same.status]:
                same.status, same.locked_at = a.status, a.locked_at
            same.updated_at = max(same.updated_at, a.updated_at)
            s.add(same)
            s.flush()
            self.log("import_signatures", "assessment", a.assessment_id, field=f"r{a.revision}",
                     new=", ".join(sorted(g.role for g in extra)))
            return "signatures_added", ""
        if a.revision > current.revision:
            if a.supersedes != current.revision:
                return self.conflict(a, current, "not_successor", bundle_id, device_id)
            self.retire(current)
            self.insert(a, current=True)
            return "revised", ""
        self.insert(a, current=False)
        return "stale", ""

    def orm(self, r: _Revision) -> AssessmentRow:
        """The ORM object of a revision (one inserted by this transaction is loaded)."""
        if isinstance(r, AssessmentRow):
            return r
        row = self.s.get(AssessmentRow, r.id)
        assert row is not None  # inserted by this transaction
        return row

    def retire(self, r: _Revision) -> None:
        """``r`` is no longer its assessment's current revision (before the next one is
        inserted as current)."""
        row = self.orm(r)
        row.is_current = False
        self.s.add(row)
        self.s.flush()
        if not isinstance(r, AssessmentRow):
            r.is_current = False

    def insert(self, a: RevisionData, *, current: bool) -> str:
        if a.id in self._ids_in_use:
            raise ImportRejected("bundle.bad_reference", ref=a.id)
        self.conn.execute(insert(_table(AssessmentRow)),
                          rec.revision_values(a, is_current=current, received_at=self.now))
        self._ids_in_use.add(a.id)
        self._stored.setdefault(a.assessment_id, []).append(_NewRevision(
            a.id, a.assessment_id, a.revision, a.content_sha256, a.status, a.device_id,
            current))
        self.insert_children(a, a.id)
        consents = _full(ConsentRow, [{**c.model_dump(), "revision_id": a.id,
                                       "delivered_at": self.now}
                                      for c in a.consents if c.id not in self._consents])
        self._consents |= {c.id for c in a.consents}
        if consents:
            self.conn.execute(insert(_table(ConsentRow)), consents)
        self.log("import", "assessment", a.assessment_id, field="revision",
                 new=str(a.revision))
        return a.id

    def insert_children(self, a: RevisionData, revision_id: str) -> None:
        """Repeat, answer, evidence and signature rows of ``a`` under ``revision_id``, one
        executemany per table (repeat rows first: answers and evidence point at them)."""
        for model, items in ((RepeatInstanceRow, a.repeat_rows), (AnswerRow, a.answers),
                             (EvidenceRow, a.evidence), (SignatureRow, a.signatures)):
            if items:
                self.conn.execute(insert(_table(model)),
                                  _full(model, [{**x.model_dump(), "revision_id": revision_id}
                                                for x in items]))

    def conflict(self, a: RevisionData, stored: _Revision, reason: str, bundle_id: str,
                 device_id: str) -> tuple[str, str]:
        s = self.s
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
                incoming_content_sha256=a.content_sha256, payload=payload,
                created_at=self.now))
            s.flush()
            self.log("conflict", "assessment", a.assessment_id, field=f"r{a.revision}",
                     new=reason)
        return "conflict", reason

    def take_incoming(self, a: RevisionData, actor: str | None) -> None:
        """Resolution ``take_incoming``: the held revision replaces the stored one of the
        same number (keeping its row id) or is added as a new revision."""
        s = self.s
        self.load([a])
        stored = self._stored.get(a.assessment_id, [])
        found = next((r for r in stored if r.revision == a.revision), None)
        if found is not None:  # replace that revision's content, keeping its row id
            same = self.orm(found)
            old = rec.revision_data(s, same) if same.status in rec.FINAL_STATUSES else None
            for model in (AnswerRow, EvidenceRow, SignatureRow, RepeatInstanceRow):
                s.exec(delete(model).where(col(model.revision_id) == same.id))
            s.flush()
            was_current = same.is_current
            for f in ("revision_reason", "supersedes", "template_id", "template_code",
                      "subject_kind", "institution_id", "assessee_id", "visit_id",
                      "assessor_id", "subject_name", "status", "content_sha256",
                      "score_percent", "verdict", "created_at", "updated_at", "finalised_at",
                      "locked_at", "device_id", "subject_json", "verification_code",
                      "code_signature"):
                setattr(same, f, getattr(a, f))
            same.is_current = was_current
            s.add(same)
            s.flush()
            self.insert_children(a, same.id)
            self.log("replace_revision", "assessment", a.assessment_id, actor=actor,
                     field=f"r{a.revision}", old=old.model_dump_json() if old else None,
                     new=a.content_sha256)
            return
        current = max(stored, key=lambda r: r.revision) if stored else None
        is_newest = current is None or a.revision > current.revision
        if is_newest and current is not None:
            self.retire(current)
        if a.id in self._ids_in_use:
            raise AppError("conflict.id_in_use", ref=a.id)
        self.insert(a, current=is_newest)

    # -- writing

    def log(self, action: str, entity: str, entity_id: str, *, actor: str | None = None,
            field: str | None = None, old: str | None = None, new: str | None = None
            ) -> None:
        self._audit.append({"at": self.now, "actor": actor, "action": action,
                            "entity": entity, "entity_id": entity_id, "field": field,
                            "old": old, "new": new})

    def finish(self) -> None:
        """Write the owners first seen and the audit entries, in the order they arose."""
        if self._new_owners:
            self.conn.execute(insert(_table(AssessmentOwnerRow)),
                              self._new_owners)
            self._new_owners = []
        if self._audit:
            self.conn.execute(insert(_table(AuditRow)), self._audit)
            self._audit = []

    def add_media(self, bundle: VerifiedBundle) -> None:
        """The bundle's media the office does not hold yet (media rows are keyed by their
        hash, which the reader checked against the bytes)."""
        have = self.existing(MediaRow, bundle.blobs)
        new = [{"sha256": b.sha256, "mime": b.mime, "size": len(b.data), "data": b.data,
                "width": b.width, "height": b.height, "created_at": self.now}
               for sha, b in sorted(bundle.blobs.items()) if sha not in have]
        if new:
            self.conn.execute(insert(_table(MediaRow)), new)


@dataclass
class _NewRevision:
    """A revision this transaction inserted (in bulk, so without an ORM object)."""

    id: str
    assessment_id: str
    revision: int
    content_sha256: str | None
    status: str
    device_id: str | None
    is_current: bool


_Revision = AssessmentRow | _NewRevision

#: The stored revisions of some assessments, and those whose row id is one of ``ids``.
_REVISIONS = select(AssessmentRow).where(or_(
    col(AssessmentRow.assessment_id).in_(bindparam("aids", expanding=True)),
    col(AssessmentRow.id).in_(bindparam("ids", expanding=True))))

_SUBJECT_REFS = 5  # the first entries of ``_refs``: template and subject rows


def _refs(a: RevisionData) -> list[tuple[type[Any], str | None]]:
    """The rows a record refers to (they must exist at the office): its template and
    subject rows, then the assessee of each consent."""
    out: list[tuple[type[Any], str | None]] = [
        (TemplateRow, a.template_id), (InstitutionRow, a.institution_id),
        (AssesseeRow, a.assessee_id), (VisitRow, a.visit_id), (AssessorRow, a.assessor_id)]
    return out + [(AssesseeRow, c.assessee_id) for c in a.consents]


def _check_register(data: BundleData, now: dt.datetime) -> None:
    """Every consent of the register names an asesi or institution the bundle carries,
    and its times parse strictly and are not in the future (before any write)."""
    people = {x.id for x in data.assessees}
    places = {x.id for x in data.institutions}
    for c in data.consent_register:
        if (c.assessee_id and c.assessee_id not in people) or \
                (c.institution_id and c.institution_id not in places):
            raise ImportRejected("bundle.bad_reference", ref=c.id)
        for name, value in (("given_at", c.given_at), ("withdrawn_at", c.withdrawn_at)):
            problem = integrity_core.timestamp_problem(value, now, optional=True)
            if problem is not None:
                raise ImportRejected("bundle.future_timestamp" if problem == "future"
                                     else "bundle.bad_timestamp", assessment="consent",
                                     field=name, value=str(value)[:40])


def _apply_register(txn: _Txn, data: BundleData, *, actor: str | None) -> None:
    """The consent register a bundle carries (issue 13), inside the import transaction: a
    consent the office does not have is added; a withdrawal is applied to one it has
    (withdrawal is one-way: a consent is never given back by a bundle). A revision's own
    consents are read the same way (one withdrawn after its record was sent)."""
    entries: dict[str, dict[str, Any]] = {}
    for a in data.assessments:
        for c in a.consents:
            entries[c.id] = {**c.model_dump(), "institution_id": None, "revision_id": a.id}
    for r in data.consent_register:
        entries[r.id] = r.model_dump()
    if not entries:
        return
    table = _table(ConsentRow)
    stored = txn.rows(ConsentRow, list(entries))
    revisions = txn.existing(AssessmentRow, [e["revision_id"] for e in entries.values()
                                             if e.get("revision_id")])
    for cid, e in sorted(entries.items()):
        have = stored.get(cid)
        if have is None:
            row = {col.name: e.get(col.name) for col in table.columns}
            row.update(revision_id=e.get("revision_id") if e.get("revision_id") in revisions
                       else None, sent_bundle_id=None, delivered_at=txn.now)
            txn.conn.execute(insert(table), row)
            txn.log("consent", "consent", cid, actor=actor,
                    field="assessee" if e.get("assessee_id") else "institution",
                    new=f"{e['method']}: import")
        elif e.get("withdrawn_at") and have["withdrawn_at"] is None:
            txn.conn.execute(update(table).where(table.c.id == cid).values(
                withdrawn_at=e["withdrawn_at"], withdrawn_reason=e.get("withdrawn_reason"),
                withdrawn_by=e.get("withdrawn_by")))
            txn.log("withdraw", "consent", cid, actor=actor, old="given",
                    new=f"withdrawn {e['withdrawn_at']}")


def _full(model: type[Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for one executemany: every one with the same keys. A model leaves optional
    fields out when unknown (photo metadata, consent details): those are NULL here."""
    keys = set().union(*rows) if rows else set()
    return [{k: r.get(k) for k in keys} for r in rows]


def _table(model: type[Any]) -> Any:
    """The Core table of a ``*Row`` class (for set-based reads and bulk inserts)."""
    return model.__table__


_STATEMENTS: dict[tuple[str, bool], Any] = {}


def _by_key(model: type[Any], *, whole: bool) -> Any:
    """``SELECT <key or every column> FROM <table> WHERE <primary key> IN :ids``, built
    once per table (``ids`` an expanding parameter)."""
    table = _table(model)
    stmt = _STATEMENTS.get((table.name, whole))
    if stmt is None:
        (key,) = table.primary_key.columns
        stmt = sa_select(table if whole else key).where(
            key.in_(bindparam("ids", expanding=True)))
        _STATEMENTS[(table.name, whole)] = stmt
    return stmt


def _sig_key(g: Any) -> tuple[Any, ...]:
    return (g.role, g.signer_name, g.registration_no, g.signer_title, g.place, g.signed_at,
            g.timezone, g.media_sha256, g.content_sha256, g.device_id, g.signature)


def _parse(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))


def _rr(r: RecordOutcome) -> ReceiptRecord:
    return ReceiptRecord(assessment_id=r.assessment_id, revision=r.revision,
                         content_sha256=r.content_sha256,
                         outcome=r.outcome)  # type: ignore[arg-type]


__all__ = ["ACCEPTED", "BundleImporter"]
