"""The office's side of the review loop (issue 12): review decisions back to the laptop.

A review decision is taken after the bundle was imported and its receipt written, so the
office writes the receipt of the device's latest imported bundle again, now in format 3
with ``reviews``: the latest decision of every reviewed assessment the device owns
(docs/formats/receipt-v3.md). It says everything the first receipt said (same bundle,
same ``imported_at``, same records), so it may replace it; the laptop stores each decision
once (``services.feedback``).

The same receipt carries back, in format 4 (docs/formats/receipt-v4.md), every consent
withdrawn at the office of an asesi or institution the device holds records of: an asesi
who withdraws by telephoning the LSP must not stay "consenting" on the laptop that
assessed them (UU 27/2022 PDP Pasal 9, 40: processing stops; the laptop's purge removes
what the office holds). Works in the shared
:class:`~assessor_app.services.sync_common.SyncContext`; ``SyncService`` composes it.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import col, func, select

from assessor_app.bundles.models import (
    MAX_RECORDS,
    RECEIPT_VERSION,
    RECEIPT_WITHDRAWALS_VERSION,
    ReceiptManifest,
    ReceiptReview,
    RegisterConsentData,
)
from assessor_app.bundles.receipt import (
    MAX_RECEIPT,
    build_receipt,
    read_receipt,
    receipt_file_name,
)
from assessor_app.core.errors import NotFoundError, StateError
from assessor_app.fileio import atomic_write_bytes
from assessor_app.services import sync_records as rec
from assessor_app.services.sync_common import SyncContext
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AssessmentOwnerRow,
    AssessmentRow,
    AuditRow,
    ConsentRow,
    EnrolledDeviceRow,
    ImportedBundleRow,
    ReviewRow,
)

log = logging.getLogger(__name__)

__all__ = ["ReviewReceipt", "ReviewReceipts"]


@dataclass(frozen=True)
class ReviewReceipt:
    """One receipt written for one device."""

    device_id: str
    device_name: str
    bundle_id: str
    path: Path
    reviews: int  # decisions in it
    needs_fix: int  # of which "perlu perbaikan"
    withdrawals: int = 0  # consents withdrawn at the office (format 4)


class ReviewReceipts:
    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx

    def write(self, target: Path, device_ids: Sequence[str] | None = None
              ) -> list[ReviewReceipt]:
        """Write one receipt with review decisions and consent withdrawals per device (all
        enrolled devices with a reviewed assessment or a withdrawn consent of one of their
        subjects, or the given ones) into the folder ``target``. A device named that has
        nothing to send is refused (``review.nothing_to_send``)."""
        keys = self.ctx.device_keys.row()
        own_public = base64.b64decode(keys.ed25519_public)
        with read_session(self.ctx.engine) as s:
            if device_ids:
                devices = []
                for ref in device_ids:
                    dev = s.get(EnrolledDeviceRow, ref.strip().lower())
                    if dev is None:
                        raise NotFoundError("device.not_found", device=ref)
                    devices.append(dev)
            else:
                devices = list(s.exec(select(EnrolledDeviceRow).order_by(
                    col(EnrolledDeviceRow.name))).all())
            plans: list[tuple[EnrolledDeviceRow, ImportedBundleRow, list[ReceiptReview],
                              list[RegisterConsentData]]] = []
            for dev in devices:
                last = s.exec(select(ImportedBundleRow).where(
                    ImportedBundleRow.device_id == dev.device_id).order_by(
                    col(ImportedBundleRow.seq).desc())).first()
                reviews = self._reviews(s, dev.device_id) if last is not None else []
                withdrawn = self._withdrawals(s, dev.device_id) if last is not None else []
                if last is None or not (reviews or withdrawn):
                    if device_ids:
                        raise StateError("review.nothing_to_send", device=dev.device_id)
                    continue
                plans.append((dev, last, reviews, withdrawn))
        now = self.ctx.now()
        built: list[tuple[EnrolledDeviceRow, ImportedBundleRow, list[ReceiptReview],
                          list[RegisterConsentData], bytes]] = []
        for dev, last, reviews, withdrawn in plans:
            first = read_receipt(bytes(last.receipt), [own_public])
            manifest = ReceiptManifest(
                format_version=RECEIPT_WITHDRAWALS_VERSION if withdrawn else RECEIPT_VERSION,
                kind="receipt", bundle_id=last.bundle_id,
                bundle_sha256=last.sha256, device_id=dev.device_id, seq=last.seq,
                office_id=keys.device_id, imported_at=first.imported_at,
                accepted_records=list(first.accepted_records),
                conflicts=list(first.conflicts), reviews=reviews, withdrawals=withdrawn)
            data = build_receipt(manifest, keys.ed25519_private)
            if len(data) > MAX_RECEIPT:  # every laptop would refuse it (bundle.too_large)
                raise StateError("review.receipt_too_large", device=dev.device_id,
                                 max_mb=MAX_RECEIPT // (1024 * 1024))
            built.append((dev, last, reviews, withdrawn, data))
        out: list[ReviewReceipt] = []
        for dev, last, reviews, withdrawn, data in built:  # all built: nothing half-written
            path = Path(target) / receipt_file_name(dev.device_id, last.seq, last.bundle_id)
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, data)
            fix = sum(1 for r in reviews if r.status == "perlu_perbaikan")
            with write_session(self.ctx.engine) as s:
                s.add(AuditRow(at=now, actor=self.ctx.actor, action="review_receipt",
                               entity="device", entity_id=dev.device_id,
                               new=f"{len(reviews)} decisions, {fix} perlu_perbaikan, "
                                   f"{len(withdrawn)} withdrawals"))
            log.info("review receipt for %s: %d decisions, %d withdrawals", dev.device_id,
                     len(reviews), len(withdrawn))
            out.append(ReviewReceipt(dev.device_id, dev.name, last.bundle_id, path,
                                     len(reviews), fix, len(withdrawn)))
        return out

    @staticmethod
    def _reviews(s: object, device_id: str) -> list[ReceiptReview]:
        """The latest decision of every reviewed assessment the device owns, newest first
        (at most one receipt's worth)."""
        owned = list(s.exec(select(AssessmentOwnerRow.assessment_id).where(  # type: ignore[attr-defined]
            AssessmentOwnerRow.device_id == device_id)).all())
        rows: list[ReviewRow] = []
        for part in rec.chunks(sorted(owned)):
            top = select(ReviewRow.assessment_id, func.max(ReviewRow.seq).label("m")).where(
                col(ReviewRow.assessment_id).in_(part)).group_by(
                col(ReviewRow.assessment_id)).subquery()
            rows += s.exec(select(ReviewRow).join(  # type: ignore[attr-defined]
                top, (col(ReviewRow.assessment_id) == top.c.assessment_id)
                & (col(ReviewRow.seq) == top.c.m))).all()
        rows.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return [ReceiptReview(id=r.id, assessment_id=r.assessment_id, seq=r.seq,
                              revision=r.revision, status=r.status,  # type: ignore[arg-type]
                              comment=r.comment, reviewer=r.reviewer[:200],
                              decided_at=r.created_at) for r in rows[:MAX_RECORDS]]

    @staticmethod
    def _withdrawals(s: object, device_id: str) -> list[RegisterConsentData]:
        """Every withdrawn consent of an asesi or institution that a record the device
        owns is about, oldest withdrawal first: the newest receipt's worth (older ones
        went in earlier receipts). Sent again in every later receipt: the laptop applies
        each once."""
        owned = list(s.exec(select(AssessmentOwnerRow.assessment_id).where(  # type: ignore[attr-defined]
            AssessmentOwnerRow.device_id == device_id)).all())
        assessees: set[str] = set()
        institutions: set[str] = set()
        for part in rec.chunks(sorted(owned)):
            for assessee, institution in s.exec(select(  # type: ignore[attr-defined]
                    AssessmentRow.assessee_id, AssessmentRow.institution_id).where(
                    col(AssessmentRow.assessment_id).in_(part)).distinct()).all():
                if assessee:
                    assessees.add(assessee)
                if institution:
                    institutions.add(institution)
        withdrawn = rec.consents_about(s, assessees, institutions,  # type: ignore[arg-type]
                                       col(ConsentRow.withdrawn_at).is_not(None))
        ordered = sorted(withdrawn, key=lambda c: (c.withdrawn_at or "", c.id))
        return [rec.register_entry(c) for c in ordered[-MAX_RECORDS:]]
