"""Assignment packs (office -> field; docs/formats/assignment-pack-v1.md).

The office's master data wins on the laptop: rows from a pack are inserted or updated
(``AssessorRow.is_self`` stays local). Importing the same pack twice changes nothing
(``imported_pack.pack_id`` is unique); a pack id seen before with other bytes is refused.
Trust: the first pack is trusted on first use and its office key recorded; after that a
pack must be signed by a trusted office key.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from sqlmodel import Session, col, select

from assessor_app import __version__
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import FORMAT_VERSION, PackData
from assessor_app.bundles.pack import build_pack, pack_file_name, read_pack
from assessor_app.core.clock import new_id
from assessor_app.core.errors import InvalidValueError, NotFoundError, TemplateError
from assessor_app.core.template import Template
from assessor_app.core.template_loader import load_template_text
from assessor_app.fileio import atomic_write_bytes
from assessor_app.services import sync_records as rec
from assessor_app.services.sync_common import (
    PackImportResult,
    PackResult,
    SyncContext,
    check_target,
    read_capped,
    target_path,
)
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.migrations import SCHEMA_VERSION
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessorRow,
    AuditRow,
    DeviceIdentityRow,
    EnrolledDeviceRow,
    ImportedPackRow,
    InstitutionRow,
    SchemeRow,
    TemplateRow,
    TrustedOfficeRow,
    VisitAssessorRow,
    VisitRow,
)

MAX_PACK_BYTES = 64 * 1024 * 1024


class PackService:
    """Assignment packs: made at the office (:meth:`create_pack`), taken on the laptop
    (:meth:`import_pack`)."""

    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx

    def create_pack(self, assessor_id: str, target: Path, *,
                    visit_ids: Sequence[str] | None = None,
                    device_id: str | None = None) -> PackResult:
        """Sign a pack of the templates and master data ``assessor_id`` needs (their visits,
        or ``visit_ids``), with the enrolment of ``device_id`` (or of the assessor's one
        enrolled device) so the laptop gets its certificate."""
        check_target(Path(target))  # a device, FIFO or missing folder: refused at once
        keys = self.ctx.device_keys.row()
        me = self.ctx.identity()
        with read_session(self.ctx.engine) as s:
            assessor = s.get(AssessorRow, assessor_id)
            if assessor is None:
                raise NotFoundError("subject.not_found", ref=assessor_id, kind="assessor")
            if visit_ids:
                visits = []
                for v in visit_ids:
                    row = s.get(VisitRow, v)
                    if row is None:
                        raise NotFoundError("subject.not_found", ref=v, kind="visit")
                    visits.append(row)
            else:
                ids = s.exec(select(VisitAssessorRow.visit_id).where(
                    VisitAssessorRow.assessor_id == assessor_id)).all()
                visits = [v for v in (s.get(VisitRow, i) for i in sorted(set(ids))) if v]
            vids = sorted(v.id for v in visits)
            team = list(s.exec(select(VisitAssessorRow).where(
                col(VisitAssessorRow.visit_id).in_(vids)).order_by(
                col(VisitAssessorRow.visit_id), col(VisitAssessorRow.assessor_id))).all())
            inst_ids = sorted({v.institution_id for v in visits if v.institution_id})
            institutions = [x for x in (s.get(InstitutionRow, i) for i in inst_ids) if x]
            assessees = list(s.exec(select(AssesseeRow).where(
                col(AssesseeRow.institution_id).in_(inst_ids)).order_by(col(AssesseeRow.id))).all())
            people = sorted({assessor_id} | {t.assessor_id for t in team})
            assessors = [x for x in (s.get(AssessorRow, i) for i in people) if x]
            schemes = [x for x in (s.get(SchemeRow, i) for i in sorted(
                {v.scheme_id for v in visits if v.scheme_id})) if x]
            device = _pack_device(s, assessor_id, device_id)
        templates = self.ctx.templates.latest_records()
        data = PackData(
            templates=[rec.template_data(t) for t in templates],
            schemes=[rec.scheme_data(x) for x in schemes],
            institutions=[rec.institution_data(x) for x in institutions],
            assessees=[rec.assessee_data(x) for x in assessees],
            assessors=[rec.assessor_data(x) for x in assessors],
            visits=[rec.visit_data(v) for v in sorted(visits, key=lambda v: v.id)],
            visit_assessors=[rec.visit_assessor_data(t) for t in team])
        pack_id = new_id()
        enrolment = None if device is None else {
            "device_id": device.device_id, "ed25519_public": device.ed25519_public,
            "name": device.name[:200], "assessor_id": device.assessor_id,
            "enrolled_at": device.enrolled_at,
            "certificate": _b64(device.certificate),
            "issuer_certificate": _b64(keys.ca_certificate)}
        raw, manifest = build_pack({
            "format_version": FORMAT_VERSION, "kind": "assignment_pack", "pack_id": pack_id,
            "created_at": self.ctx.now(), "app_version": __version__,
            "schema_version": SCHEMA_VERSION,
            "assessor_id": assessor_id,
            "office": {"office_id": me.device_id, "name": self.ctx.office_name(),
                       "ed25519_public": me.ed25519_public, "x25519_public": me.x25519_public},
            "enrolment": enrolment}, data, keys.ed25519_private)
        path = target_path(Path(target), pack_file_name(me.device_id, assessor_id, pack_id))
        sha = hashlib.sha256(raw).hexdigest()

        def verify(tmp: Path) -> None:
            if hashlib.sha256(tmp.read_bytes()).hexdigest() != sha:
                raise InvalidValueError("export.verify_failed", path=str(tmp))

        atomic_write_bytes(path, raw, verify=verify)
        counts = {"templates": len(data.templates), "institutions": len(data.institutions),
                  "assessees": len(data.assessees), "assessors": len(data.assessors),
                  "visits": len(data.visits)}
        return PackResult(path, manifest.pack_id, sha, assessor_id,
                          device.device_id if device else None, counts)

    def import_pack(self, path: Path) -> PackImportResult:
        """Take the office's master data (idempotent; see the module docstring)."""
        path = Path(path)
        raw = read_capped(path, MAX_PACK_BYTES)
        me = self.ctx.identity()
        pack = read_pack(raw, self.ctx.trusted_office_keys())
        m = pack.manifest
        if m.enrolment is not None and m.enrolment.device_id != me.device_id:
            raise ImportRejected("pack.wrong_device", device=m.enrolment.device_id)
        parsed: dict[str, Template] = {}
        for t in pack.data.templates:
            if hashlib.sha256(t.source.encode("utf-8")).hexdigest() != t.id:
                raise ImportRejected("bundle.bad_template", code=t.code)
            try:
                parsed[t.id] = load_template_text(t.source, t.origin or t.code)
            except (TemplateError, RecursionError, ValueError):
                raise ImportRejected("bundle.bad_template", code=t.code) from None
        now = self.ctx.now()
        inserted: dict[str, int] = {}
        updated: dict[str, int] = {}
        with write_session(self.ctx.engine) as s:
            done = s.get(ImportedPackRow, m.pack_id)
            if done is not None:
                if done.sha256 != pack.sha256:
                    raise ImportRejected("pack.replay_different", pack=m.pack_id)
                return PackImportResult(m.pack_id, m.office.office_id, "duplicate", False, {}, {})
            office = s.get(TrustedOfficeRow, m.office.office_id)
            if office is None:
                if not pack.first_use:  # cannot happen: read_pack checked the signer
                    raise ImportRejected("pack.untrusted_office")
                s.add(TrustedOfficeRow(office_id=m.office.office_id,
                                       ed25519_public=m.office.ed25519_public,
                                       x25519_public=m.office.x25519_public,
                                       name=m.office.name, trusted_at=now, how="first_use"))
                s.add(AuditRow(at=now, actor=self.ctx.actor, action="trust", entity="office",
                               entity_id=m.office.office_id, new="first_use"))
            elif office.x25519_public != m.office.x25519_public or office.name != m.office.name:
                office.x25519_public, office.name = m.office.x25519_public, m.office.name
                s.add(office)
            for t in pack.data.templates:
                if s.get(TemplateRow, t.id) is not None:
                    continue
                clash = s.exec(select(TemplateRow).where(TemplateRow.code == t.code,
                                                         TemplateRow.version == t.version)).first()
                if clash is not None:
                    raise ImportRejected("bundle.template_conflict", code=t.code,
                                         version=t.version)
                s.add(rec.template_row(t, now))
                s.flush()
                self.ctx.templates.install_scheme(s, parsed[t.id])
                inserted["templates"] = inserted.get("templates", 0) + 1
            groups: list[tuple[str, type[Any], list[Any]]] = [
                ("schemes", SchemeRow, list(pack.data.schemes)),
                ("institutions", InstitutionRow, list(pack.data.institutions)),
                ("assessors", AssessorRow, list(pack.data.assessors)),
                ("assessees", AssesseeRow, list(pack.data.assessees)),
                ("visits", VisitRow, list(pack.data.visits))]
            for name, model, items in groups:
                for item in items:
                    values = item.model_dump()
                    stored = s.get(model, item.id)
                    if stored is None:
                        s.add(model(**values))
                        inserted[name] = inserted.get(name, 0) + 1
                    elif any(getattr(stored, k) != v for k, v in values.items()):
                        for k, v in values.items():
                            setattr(stored, k, v)
                        s.add(stored)
                        updated[name] = updated.get(name, 0) + 1
                s.flush()
            for va in pack.data.visit_assessors:
                stored_va = s.get(VisitAssessorRow, (va.visit_id, va.assessor_id))
                if stored_va is None:
                    s.add(VisitAssessorRow(**va.model_dump()))
                    inserted["visit_assessors"] = inserted.get("visit_assessors", 0) + 1
                elif stored_va.role != va.role:
                    stored_va.role = va.role
                    s.add(stored_va)
                    updated["visit_assessors"] = updated.get("visit_assessors", 0) + 1
            if m.enrolment is not None and m.enrolment.certificate:
                self._store_certificate(s, m.enrolment.certificate,
                                   m.enrolment.issuer_certificate, now)
            enrolled = m.enrolment.assessor_id if m.enrolment else None
            if enrolled and s.exec(select(AssessorRow).where(
                    AssessorRow.is_self == True)).first() is None:  # noqa: E712
                who = s.get(AssessorRow, enrolled)
                if who is not None:
                    who.is_self = True
                    s.add(who)
            s.add(ImportedPackRow(pack_id=m.pack_id, sha256=pack.sha256,
                                  office_id=m.office.office_id, assessor_id=m.assessor_id,
                                  created_at=m.created_at, imported_at=now))
            s.add(AuditRow(at=now, actor=self.ctx.actor, action="import", entity="pack",
                           entity_id=m.pack_id,
                           new=", ".join(f"{k} +{v}" for k, v in sorted(inserted.items()))))
        return PackImportResult(m.pack_id, m.office.office_id, "imported", pack.first_use,
                                inserted, updated)

    def _store_certificate(self, s: Session, cert_b64: str, issuer_b64: str | None,
                           now: str) -> None:
        """Keep the PDF-signing certificate the office issued to this device, if it is for this
        device's own PDF key and really signed by the issuer the (signed) pack names."""
        from cryptography import x509
        from cryptography.exceptions import InvalidSignature
        from cryptography.hazmat.primitives.asymmetric import ec

        try:
            cert_der, issuer_der = base64.b64decode(cert_b64), base64.b64decode(issuer_b64 or "")
            cert = x509.load_der_x509_certificate(cert_der)
            issuer = x509.load_der_x509_certificate(issuer_der)
            key = issuer.public_key()
            if not isinstance(key, ec.EllipticCurvePublicKey) or \
                    cert.signature_hash_algorithm is None:
                raise ValueError("issuer key")
            key.verify(cert.signature, cert.tbs_certificate_bytes,
                       ec.ECDSA(cert.signature_hash_algorithm))
            mine = cert.public_key().public_bytes(
                serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        except (ValueError, TypeError, InvalidSignature):
            raise ImportRejected("pack.bad_certificate") from None
        if mine != self.ctx.device_keys.document_public_key():
            raise ImportRejected("pack.bad_certificate")
        row = s.exec(select(DeviceIdentityRow)).one()
        if (row.certificate, row.issuer_certificate) != (cert_der, issuer_der):
            row.certificate, row.issuer_certificate = cert_der, issuer_der
            s.add(row)
            s.add(AuditRow(at=now, actor=self.ctx.actor, action="certificate",
                           entity="device_identity",
                           entity_id=row.device_id, new=cert.subject.rfc4514_string()[:200]))


def _b64(der: bytes | None) -> str | None:
    return base64.b64encode(der).decode("ascii") if der else None


def _pack_device(s: Session, assessor_id: str, device_id: str | None) -> EnrolledDeviceRow | None:
    if device_id is not None:
        row = s.get(EnrolledDeviceRow, device_id)
        if row is None or row.revoked_at is not None:
            raise NotFoundError("device.not_found", device=device_id)
        return row
    rows = s.exec(select(EnrolledDeviceRow).where(
        EnrolledDeviceRow.assessor_id == assessor_id,
        col(EnrolledDeviceRow.revoked_at).is_(None))).all()
    return rows[0] if len(rows) == 1 else None


__all__ = ["MAX_PACK_BYTES", "PackService"]
