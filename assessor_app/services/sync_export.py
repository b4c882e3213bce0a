"""The laptop's side of sync by file: export of signed result bundles (RELIABILITY 3.2)
and the office's receipts for them.

:class:`BundleExporter` works in a :class:`~assessor_app.services.sync_common.SyncContext`;
``SyncService`` composes it. Every record is proven again before it leaves (content hash,
score, verdict and status recomputed, signatures verified) and every media file is checked
against its hash as it is read. The bundle goes to the outbox first, then to the target.
On an encrypted laptop the outbox copy is encrypted with a key derived from the database
key (core/at_rest.py) and :meth:`BundleExporter.resend` decrypts it to a target again; a
bundle that cannot be sealed to an office is only written when the user asks for it.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert, or_, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, SQLModel, col, select

from assessor_app import __version__
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.images import header_facts
from assessor_app.bundles.models import (
    BundleData,
    MediaData,
    RegisterConsentData,
    RevisionData,
)
from assessor_app.bundles.receipt import read_receipt
from assessor_app.bundles.result import BuiltBundle, MediaMismatch, build_result_bundle
from assessor_app.core import at_rest
from assessor_app.core.clock import new_id
from assessor_app.core.errors import (
    AppError,
    InvalidValueError,
    NotFoundError,
    StateError,
    StorageError,
)
from assessor_app.core.naming import result_bundle_name
from assessor_app.fileio import StagedWrite, atomic_write_bytes, stage_write, temp_file_of
from assessor_app.services import integrity
from assessor_app.services import sync_records as rec
from assessor_app.services.feedback import store_decisions
from assessor_app.services.sync_common import (
    MAX_BUNDLE_BYTES,
    MAX_RECEIPT_BYTES,
    MAX_RECORDS_PER_BUNDLE,
    ExportResult,
    OfficeInfo,
    ReceiptResult,
    SyncContext,
    check_target,
    is_zip_target,
    read_back_check,
    read_capped,
    target_folder,
    target_path,
)
from assessor_app.storage.db import read_session, write_connection, write_session
from assessor_app.storage.migrations import SCHEMA_VERSION
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessmentRow,
    AssessorRow,
    AuditRow,
    ConsentRow,
    InstitutionRow,
    MediaRow,
    OutboxBundleRow,
    OutboxRecordRow,
    SchemeRow,
    SignatureRow,
    TemplateRow,
    VisitAssessorRow,
    VisitRow,
)

log = logging.getLogger(__name__)

RowT = TypeVar("RowT", bound=SQLModel)


@dataclass(frozen=True)
class _Proof:
    row: AssessmentRow
    facts: integrity.RevisionFacts
    walked: integrity.Walked


@dataclass
class Collected:
    """What :meth:`BundleExporter.collect` gathered for a bundle, and the proofs still to
    run on its records (:meth:`prove`)."""

    data: BundleData
    blobs: dict[str, bytes]
    fingerprints: dict[str, str]
    proofs: list[_Proof]
    key_check: integrity.KeyCheck
    now: dt.datetime

    def prove(self) -> None:
        """``export.damaged`` for the first record that is not what was finalised and
        signed (its content hash, score, verdict, status, code or a signature)."""
        for p in self.proofs:
            check = integrity.examine(p.facts, self.key_check, None, now=self.now,
                                      revision_id=p.row.id, walked=p.walked)
            if not check.ok:
                raise StateError("export.damaged", ref=p.row.assessment_id[:8],
                                 rev=p.row.revision, problems=", ".join(check.problems))


class BundleExporter:
    """Export (laptop): pending revisions -> one signed bundle; receipts mark them."""

    def __init__(self, ctx: SyncContext) -> None:
        self.ctx = ctx

    def pending(self) -> list[AssessmentRow]:
        """Finalised revisions made on this device that the office has not acknowledged in
        their current state (a device only ever sends what it made and signed).

        A laptop keeps what the office received until the retention period ends (thousands
        of revisions): those are sorted out from a few columns, and only the revisions
        that go are loaded as rows."""
        me = self.ctx.device_keys.device_id
        table = AssessmentRow.__table__  # type: ignore[attr-defined]
        mine = (table.c.device_id == me, table.c.status.in_(rec.FINAL_STATUSES))
        received = (*mine, table.c.received_at.is_not(None))
        acks = OutboxRecordRow.__table__  # type: ignore[attr-defined]
        sigs = SignatureRow.__table__  # type: ignore[attr-defined]
        with read_session(self.ctx.engine) as s:
            conn = s.connection()
            status: dict[str, str] = dict(conn.execute(
                sa_select(table.c.id, table.c.status).where(*received)).all())
            acked: dict[str, str] = {}  # revision id -> fingerprint of its latest ack
            for rid, fp in conn.execute(
                    sa_select(acks.c.revision_id, acks.c.fingerprint)
                    .join(table, table.c.id == acks.c.revision_id)
                    .where(*received, acks.c.acked_at.is_not(None))
                    .order_by(acks.c.acked_at.desc())):
                acked.setdefault(rid, fp)
            signed: dict[str, list[Any]] = {}
            for g in conn.execute(
                    sa_select(sigs.c.revision_id, sigs.c.role, sigs.c.media_sha256,
                              sigs.c.content_sha256, sigs.c.signed_at)
                    .join(table, table.c.id == sigs.c.revision_id).where(*received)):
                signed.setdefault(g.revision_id, []).append(g)
            # acknowledged in another state: sent again (e.g. signed after the office
            # acknowledged it)
            again = sorted(rid for rid, st in status.items()
                           if acked.get(rid) != rec.fingerprint(st, signed.get(rid, [])))
            out = list(s.exec(select(AssessmentRow).where(
                *mine, col(AssessmentRow.received_at).is_(None))).all())
            for part in rec.chunks(again):
                out += s.exec(select(AssessmentRow).where(col(AssessmentRow.id).in_(part))
                              ).all()
        return sorted(out + self._consent_carriers(out),
                      key=lambda r: (r.assessment_id, r.revision))

    def _consent_carriers(self, pending: Sequence[AssessmentRow]) -> list[AssessmentRow]:
        """A consent or withdrawal not yet delivered travels with a record of its asesi
        or institution (issue 13): when none of theirs is pending, their newest final
        record goes again (the office counts it a duplicate and applies the register)."""
        with read_session(self.ctx.engine) as s:
            waiting = s.exec(select(ConsentRow).where(
                col(ConsentRow.delivered_at).is_(None))).all()
            covered = {r.assessee_id for r in pending} | {r.institution_id for r in pending}
            subjects = sorted({subject for c in waiting
                               if (subject := c.assessee_id or c.institution_id)} - covered)
            final: list[AssessmentRow] = []
            for part in rec.chunks(subjects):
                final += s.exec(select(AssessmentRow).where(
                    AssessmentRow.device_id == self.ctx.device_keys.device_id,
                    col(AssessmentRow.status).in_(rec.FINAL_STATUSES),
                    or_(col(AssessmentRow.assessee_id).in_(part),
                        col(AssessmentRow.institution_id).in_(part)))).all()
        chosen: dict[str, AssessmentRow] = {}
        for subject in subjects:
            mine = [r for r in final if subject in (r.assessee_id, r.institution_id)]
            if mine:
                newest = max(mine, key=lambda r: (r.updated_at, r.revision))
                chosen[newest.id] = newest
        return list(chosen.values())

    def select(self, ids: Sequence[str]) -> list[AssessmentRow]:
        out: dict[str, AssessmentRow] = {}
        me = self.ctx.device_keys.device_id
        with read_session(self.ctx.engine) as s:
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

        ``target`` is a folder (the bundle is named after who and what it carries:
        ``hasil_<asesor>_<lokasi>_<YYYYMMDD>_<seq>-<id>.zip``) or a new ``.zip`` path
        (written under exactly that name; an existing file is never replaced).
        ``encrypt``: None seals the payload when an office key is known (without one: a
        plain bundle on a plain store, ``export.unsealed`` on an encrypted laptop), True
        requires it, False never seals (the user asked for a plain bundle). The bundle is
        written to the outbox and recorded; meanwhile it is written to a temp file at
        ``target`` and read back from there, and gets its name there once the export is
        recorded.
        """
        target = Path(target)
        check_target(target)  # a device, FIFO or missing folder: refused before any work
        if is_zip_target(target) and target.exists():
            raise InvalidValueError("export.target_exists", path=str(target))
        rows = self.select(ids) if ids else self.pending()
        if not rows:
            return ExportResult(path=None)
        if len(rows) > MAX_RECORDS_PER_BUNDLE:
            rows = rows[:MAX_RECORDS_PER_BUNDLE]
        keys = self.ctx.device_keys.row()
        office = self._seal_target(encrypt)
        collected = self.collect(rows)
        data = collected.data
        seq, prev_sha256, me = self._last_and_self()
        bundle_id = new_id()
        now = self.ctx.now()
        try:
            built = build_result_bundle(
                bundle_id=bundle_id, device_id=keys.device_id,
                assessor_id=me[0] if me else None, seq=seq,
                prev_bundle_sha256=prev_sha256, created_at=now,
                app_version=__version__, schema_version=SCHEMA_VERSION, data=data,
                blobs=collected.blobs, ed25519_private=keys.ed25519_private,
                document_key=base64.b64encode(
                    self.ctx.device_keys.document_public_key()).decode(),
                seal_to=(office.office_id, base64.b64decode(office.x25519_public))
                if office else None)
        except MediaMismatch as exc:  # a photo or drawn signature changed behind the app
            raise StateError("export.media_changed", sha=exc.sha256[:12]) from None
        collected.blobs.clear()  # the bundle holds the bytes now
        self.ctx.paths.outbox_dir.mkdir(parents=True, exist_ok=True)
        # Two worker threads write, fsync and read back both copies under temp names (USB
        # sticks lie). The outbox copy goes first: the record waits for it, and its writer
        # then hashes the bundle (hashlib lets go of the GIL). Meanwhile this thread names
        # the stick's copy, tidies up what killed exports left and proves every record
        # (``prove``): the writing hides most of that work. The outbox copy is staged
        # before the write lock is taken (a large bundle's fsync never holds other writers
        # up) and named inside the record's transaction, before its commit; the stick's
        # copy is named only after that commit (RELIABILITY D-5, D-6). Nothing is recorded
        # or named unless every record was proven: a damaged record's bytes have reached
        # the stick only under a hidden temp name, removed once written (a killed export
        # leaves it hidden; the office refuses such a bundle in any case). A copy not named
        # when the work fails or is interrupted is removed. The rename keeps the same file,
        # so reading it once more would prove nothing new.
        made = _missing_folders(target_folder(target))
        with _removed_if_empty_on_failure(made), \
                ThreadPoolExecutor(2, thread_name_prefix="export-write") as pool, \
                _prompt_handover():
            staging: Future[StagedWrite] | None = None
            kept: Future[StagedWrite] | None = None
            recorded = False
            try:
                kept = pool.submit(_then_hash, self._stage_outbox, built)
                path = target_path(target, self._people_name(rows, data, me, seq, bundle_id))
                staging = pool.submit(stage_write, path, built.data,
                                      read_back_check(built.data, shown=path))
                # what killed exports left, but not this export's own copies (the stick's
                # clock may be hours off: its temp copy is spared by name, not by age)
                own = {built.file_name, path.name}
                self._drop_unrecorded_outbox_files(writing=own)
                _drop_stale_target_temps(path.parent, spare=own)
                collected.prove()
                consents = [c.id for c in data.consent_register]
                fingerprints = collected.fingerprints
                del data, collected
                outbox_path = self._record(rows, consents, fingerprints, built, bundle_id,
                                           seq, now, office, kept.result())
                sha256 = built.sha256  # (hashed by the outbox copy's writer)
                recorded = True
                staging.result().commit()
            except BaseException as exc:  # the record failed, a write failed, or Ctrl+C
                # (an outbox copy already named is what a killed export leaves: the next
                # export removes it)
                for write in (staging, kept):
                    if write is not None:
                        _discard_when_written(write)
                if recorded and isinstance(exc, AppError):  # the stick, after the record:
                    exc.params.setdefault("outbox_seq", seq)  # `outbox send` writes it again
                raise
        return ExportResult(path, outbox_path, bundle_id, seq, sha256, len(built.data),
                            office.office_id if office else None,
                            [(r.assessment_id, r.revision) for r in rows])

    def _last_and_self(self) -> tuple[int, str | None, tuple[str, str] | None]:
        """The next bundle's sequence number, the SHA-256 of the one before it (the chain
        the office follows) and this laptop's own assessor (id, name), if it has one."""
        bundles = OutboxBundleRow.__table__  # type: ignore[attr-defined]
        assessors = AssessorRow.__table__  # type: ignore[attr-defined]
        with read_session(self.ctx.engine) as s:
            conn = s.connection()
            last = conn.execute(sa_select(bundles.c.seq, bundles.c.sha256)
                                .order_by(bundles.c.seq.desc()).limit(1)).first()
            me = conn.execute(sa_select(assessors.c.id, assessors.c.name)
                              .where(assessors.c.is_self.is_(True)).limit(1)).first()
        return ((last.seq if last else 0) + 1, last.sha256 if last else None,
                (me.id, me.name) if me else None)

    def _record(self, rows: list[AssessmentRow], consents: list[str], fps: dict[str, str],
                built: BuiltBundle, bundle_id: str, seq: int, now: str,
                office: OfficeInfo | None, outbox: StagedWrite) -> Path:
        """The export recorded in one transaction (the bundle, its records, the consents
        it carries, the audit line); the staged ``outbox`` copy is named (and its folder
        fsynced) before the commit: a recorded bundle always has its copy."""
        bundles = OutboxBundleRow.__table__  # type: ignore[attr-defined]
        records = OutboxRecordRow.__table__  # type: ignore[attr-defined]
        consent_table = ConsentRow.__table__  # type: ignore[attr-defined]
        audit = AuditRow.__table__  # type: ignore[attr-defined]
        with write_connection(self.ctx.engine) as conn:
            conn.execute(insert(bundles).values(
                bundle_id=bundle_id, seq=seq, sha256=built.sha256, file_name=built.file_name,
                created_at=now, records=len(rows),
                office_id=office.office_id if office else None))
            conn.execute(insert(records), [
                {"bundle_id": bundle_id, "revision_id": row.id,
                 "assessment_id": row.assessment_id, "revision": row.revision,
                 "content_sha256": row.content_sha256 or "", "fingerprint": fps[row.id],
                 "acked_at": None} for row in rows])
            for part in rec.chunks(consents):  # delivered when this bundle's receipt comes
                conn.execute(update(consent_table).where(
                    consent_table.c.id.in_(part), consent_table.c.delivered_at.is_(None)
                ).values(sent_bundle_id=bundle_id))
            conn.execute(insert(audit).values(
                at=now, actor=self.ctx.actor, action="export", entity="bundle",
                entity_id=bundle_id, new=f"seq {seq}, {len(rows)} records"))
            outbox.commit()  # named (and the folder fsynced) before the record commits
        return outbox.path

    def _people_name(self, rows: list[AssessmentRow], data: BundleData,
                     me: tuple[str, str] | None, seq: int, bundle_id: str) -> str:
        """The file name a person reads: the assessor (of the records, else this laptop's),
        the institution (one, or ``beberapa-lokasi``), today's local date, seq and id."""
        names = {a.id: a.name for a in data.assessors}
        who = {r.assessor_id for r in rows if r.assessor_id}
        assessor = names.get(next(iter(who))) if len(who) == 1 else None
        assessor = assessor or (me[1] if me else f"laptop-{self.ctx.device_keys.device_id[:6]}")
        visits = {v.id: v for v in data.visits}
        institutions = {i.id: i.name for i in data.institutions}
        places: set[str] = set()
        for r in rows:
            visit = visits.get(r.visit_id or "")
            inst = r.institution_id or (visit.institution_id if visit else None)
            place = institutions.get(inst or "") or (visit.letter_no if visit else None)
            if place:
                places.add(place)
        place = places.pop() if len(places) == 1 else ("beberapa-lokasi" if places else None)
        day = self.ctx.clock().astimezone().strftime("%Y%m%d")
        return result_bundle_name(assessor, place, day, seq, bundle_id)

    def _seal_target(self, encrypt: bool | None) -> OfficeInfo | None:
        """The office the payload is sealed to. Without an office key: ``encrypt=True``
        is refused (``export.no_office_key``), and so is the default on an encrypted
        laptop (``export.unsealed``): a plain bundle carries NIK, names and photos to a
        stick, so only ``encrypt=False`` (the user said so) writes one."""
        if encrypt is False:
            return None
        offices = [o for o in self.ctx.offices() if o.revoked_at is None]
        if not offices:
            if encrypt:
                raise StateError("export.no_office_key")
            if self.ctx.at_rest_key is not None:
                raise StateError("export.unsealed")
            return None
        return offices[-1]  # the most recently trusted office

    # ------------------------------------------------------------ the outbox

    def _outbox_file(self, file_name: str) -> Path:
        """Where the outbox keeps the bundle called ``file_name``: encrypted at rest
        (``NAME.zip.enc``, core/at_rest.py) on an encrypted laptop, else as it is."""
        if self.ctx.at_rest_key is not None:
            return self.ctx.paths.outbox_dir / (file_name + at_rest.SUFFIX)
        return self.ctx.paths.outbox_dir / file_name

    def _stage_outbox(self, file_name: str, data: bytes) -> StagedWrite:
        """The outbox copy of the bundle ``data``, written, fsynced and read back under a
        temp name (``commit()`` names it): sealed with the at-rest key on an encrypted
        laptop, and then proven by opening it again."""
        path = self._outbox_file(file_name)
        key = self.ctx.at_rest_key
        if key is None:
            return stage_write(path, data,
                               verify=read_back_check(data, "outbox.verify_failed", path,
                                                      medium=False))

        def verify(tmp: Path) -> None:
            try:
                same = at_rest.open_sealed(key, tmp.read_bytes(), file_name) == data
            except at_rest.AtRestError:  # a byte changed on the way: it no longer opens
                same = False
            if not same:
                raise StorageError("outbox.verify_failed", path=str(path))  # not the temp

        return stage_write(path, at_rest.seal(key, data, file_name), verify=verify)

    def _outbox_bytes(self, row: OutboxBundleRow) -> bytes:
        """The bundle kept for ``row``, decrypted and checked against its SHA-256
        (``outbox.gone``: removed after the receipt or by hand; ``outbox.unreadable``:
        changed, swapped or not ours)."""
        outbox = self.ctx.paths.outbox_dir
        sealed, plain = outbox / (row.file_name + at_rest.SUFFIX), outbox / row.file_name
        try:
            if sealed.is_file():
                key = self.ctx.at_rest_key
                if key is None:
                    raise StateError("outbox.unreadable", name=row.file_name)
                data = at_rest.open_sealed(key, read_capped(sealed, MAX_BUNDLE_BYTES + 64),
                                           row.file_name)
            elif plain.is_file():
                data = read_capped(plain, MAX_BUNDLE_BYTES)
            else:
                raise StateError("outbox.gone", seq=row.seq)
        except ImportRejected:  # read_capped: too large
            raise StateError("outbox.unreadable", name=row.file_name) from None
        if hashlib.sha256(data).hexdigest() != row.sha256:
            raise StateError("outbox.unreadable", name=row.file_name)
        return data

    def kept_in_outbox(self, row: OutboxBundleRow) -> bool:
        """Whether the outbox still holds a copy of ``row``'s bundle."""
        outbox = self.ctx.paths.outbox_dir
        return (outbox / (row.file_name + at_rest.SUFFIX)).is_file() or \
            (outbox / row.file_name).is_file()

    def find_outbox(self, ref: str) -> OutboxBundleRow:
        """An outbox bundle by its sequence number or (a prefix of at least 4 of) its id."""
        ref = ref.strip().lower()
        with read_session(self.ctx.engine) as s:
            if ref.isdigit():
                row = s.exec(select(OutboxBundleRow).where(
                    OutboxBundleRow.seq == int(ref))).first()
                if row is not None:
                    return row
            if len(ref) >= 4:
                rows = s.exec(select(OutboxBundleRow).where(
                    col(OutboxBundleRow.bundle_id).startswith(ref))).all()
                if len(rows) == 1:
                    return rows[0]
        raise NotFoundError("outbox.not_found", ref=ref)

    def resend(self, ref: str, target: Path, *, plain: bool = False) -> ExportResult:
        """Write the outbox's copy of bundle ``ref`` (seq or id) again to ``target`` (a
        folder: under its canonical name; or a new ``.zip`` path), decrypted, re-read and
        checked. The same bundle: the office takes it as new or "sudah diimpor". A bundle
        that was not sealed to an office is refused on an encrypted laptop unless
        ``plain`` (``outbox.unsealed``): nothing is written."""
        target = Path(target)
        check_target(target)
        if is_zip_target(target) and target.exists():
            raise InvalidValueError("export.target_exists", path=str(target))
        row = self.find_outbox(ref)
        if row.office_id is None and self.ctx.at_rest_key is not None and not plain:
            raise StateError("outbox.unsealed", seq=row.seq)
        data = self._outbox_bytes(row)
        path = target_path(target, row.file_name)
        atomic_write_bytes(path, data, verify=read_back_check(data, shown=path))  # read back
        with write_session(self.ctx.engine) as s:
            records = s.exec(select(OutboxRecordRow).where(
                OutboxRecordRow.bundle_id == row.bundle_id).order_by(
                col(OutboxRecordRow.assessment_id), col(OutboxRecordRow.revision))).all()
            s.add(AuditRow(at=self.ctx.now(), actor=self.ctx.actor, action="resend",
                           entity="bundle", entity_id=row.bundle_id, new=f"seq {row.seq}"))
            out = [(r.assessment_id, r.revision) for r in records]
        return ExportResult(path, self._outbox_file(row.file_name), row.bundle_id, row.seq,
                            row.sha256, len(data), row.office_id, out)

    def collect(self, rows: list[AssessmentRow]) -> Collected:
        """The bundle's records, master data and media for ``rows``, and what proves each
        record: ``Collected.prove()`` (``integrity.examine``: content hash, score, verdict
        and status recomputed, signatures verified) must pass before the bundle is recorded
        or named: a record that no longer is what was finalised and signed is never sent.
        Only the walk of each form that decides which answers travel is done here; the
        export proves the records while the bundle's copies are being written. ``blobs``
        maps each media hash to the stored bytes; the bundle writer hashes them (once) and
        refuses bytes that do not match (``build_result_bundle``)."""
        assessments: list[RevisionData] = []
        fps: dict[str, str] = {}
        proofs: list[_Proof] = []
        now = self.ctx.clock()
        refs: dict[str, set[str]] = {"institution": set(), "assessee": set(),
                                     "assessor": set(), "visit": set(), "template": set()}
        media: set[str] = set()
        key_check = self.ctx.device_keys.checker()  # the own key parsed once for all records
        with read_session(self.ctx.engine) as s:
            _refuse_broken_history(s, rows)
            fields = rec.revision_fields(s, rows)
            for row in rows:
                try:
                    rdata = RevisionData.model_validate(fields[row.id])
                except ValueError as exc:  # pydantic: a stored value the format cannot carry
                    check = integrity.examine(  # most often: edited behind the app's back
                        integrity.facts_from_db(s, row,
                                                self.ctx.templates.get(row.template_id)),
                        key_check, None, now=self.ctx.clock(),
                        revision_id=row.id)
                    if not check.ok:
                        raise StateError("export.damaged", ref=row.assessment_id[:8],
                                         rev=row.revision,
                                         problems=", ".join(check.problems)) from exc
                    raise AppError("export.bad_record", ref=row.assessment_id,
                                   detail=str(exc).splitlines()[0][:200]) from exc
                facts = rec.revision_facts(rdata, self.ctx.templates.get(row.template_id))
                walked = integrity.walk(facts, now=now)
                proofs.append(_Proof(row, facts, walked))
                # only what the content hash (and so every signature) vouches for travels
                rdata, outside = rec.hashed_only(rdata, walked.coverage)
                if outside:
                    log.info("export %s r%d: %d stored answers outside the content hash "
                             "not sent", row.assessment_id[:8], row.revision, len(outside))
                assessments.append(rdata)
                fps[row.id] = rec.fingerprint(row.status, rdata.signatures)
                for kind, ref in (("institution", row.institution_id),
                                  ("assessee", row.assessee_id), ("assessor", row.assessor_id),
                                  ("visit", row.visit_id), ("template", row.template_id)):
                    if ref:
                        refs[kind].add(ref)
                media |= {e.media_sha256 for e in rdata.evidence}
                media |= {g.media_sha256 for g in rdata.signatures}
            visits = _by_id(s, VisitRow, refs["visit"])
            team = list(s.exec(select(VisitAssessorRow).where(
                col(VisitAssessorRow.visit_id).in_(sorted(refs["visit"]))).order_by(
                col(VisitAssessorRow.visit_id), col(VisitAssessorRow.assessor_id))).all())
            refs["assessor"] |= {t.assessor_id for t in team}
            refs["institution"] |= {v.institution_id for v in visits if v.institution_id}
            assessees = _by_id(s, AssesseeRow, refs["assessee"])
            refs["institution"] |= {a.institution_id for a in assessees if a.institution_id}
            scheme_ids = {v.scheme_id for v in visits if v.scheme_id}
            blobs, media_meta = _media(s, sorted(media))
            data = BundleData(
                templates=[rec.template_data(t)
                           for t in _by_id(s, TemplateRow, refs["template"])],
                schemes=[rec.scheme_data(x) for x in _by_id(s, SchemeRow, scheme_ids)],
                institutions=[rec.institution_data(x)
                              for x in _by_id(s, InstitutionRow, refs["institution"])],
                assessees=[rec.assessee_data(x) for x in assessees],
                assessors=[rec.assessor_data(x)
                           for x in _by_id(s, AssessorRow, refs["assessor"])],
                visits=[rec.visit_data(v) for v in visits],
                visit_assessors=[rec.visit_assessor_data(t) for t in team],
                media=media_meta, assessments=assessments,
                consent_register=_register(s, {a.id for a in assessees},
                                           refs["institution"]))
        return Collected(data, blobs, fps, proofs, key_check, now)

    def _drop_unrecorded_outbox_files(self, writing: Collection[str]) -> None:
        """Remove what a killed export left in the outbox: temp files, and bundles written
        before their database record was committed. Such a bundle never reached the
        target (that write comes after the record) and its sequence number is reused, so
        keeping it could only cause a rollback refusal at the office. ``writing``: the
        names of the files this export is writing now (their temp copies stay: the
        outbox copy, and the target's when the user exports into the outbox folder)."""
        table = OutboxBundleRow.__table__  # type: ignore[attr-defined]
        with read_session(self.ctx.engine) as s:
            recorded = set(s.connection().execute(sa_select(table.c.file_name)).scalars())
        with os.scandir(self.ctx.paths.outbox_dir) as entries:
            for f in entries:
                of = temp_file_of(f.name) or ""
                stale_temp = f.name.startswith(".") and f.name.endswith(".tmp") and \
                    of.removesuffix(at_rest.SUFFIX) not in writing
                canonical = f.name.removesuffix(at_rest.SUFFIX)
                orphan = f.name.startswith("bundle-") and canonical.endswith(".zip") \
                    and canonical not in recorded
                if (stale_temp or orphan) and f.is_file(follow_symlinks=False):
                    try:
                        os.unlink(f.path)
                        log.info("removed unrecorded outbox file %s", f.name)
                    except OSError:
                        log.warning("could not remove outbox file %s", f.name)

    def outbox(self) -> list[OutboxBundleRow]:
        with read_session(self.ctx.engine) as s:
            return list(s.exec(select(OutboxBundleRow).order_by(col(OutboxBundleRow.seq))).all())


    def import_receipt(self, path: Path) -> ReceiptResult:
        """Mark the revisions the office acknowledged as received (idempotent)."""
        raw = read_capped(Path(path), MAX_RECEIPT_BYTES)
        receipt = read_receipt(raw, self.ctx.trusted_office_keys())
        me = self.ctx.identity()
        if receipt.device_id != me.device_id:
            raise ImportRejected("receipt.wrong_device", device=receipt.device_id)
        now = self.ctx.now()
        marked: list[tuple[str, int]] = []
        with write_session(self.ctx.engine) as s:
            out = s.get(OutboxBundleRow, receipt.bundle_id)
            if out is None:
                raise ImportRejected("receipt.unknown_bundle", bundle=receipt.bundle_id)
            if out.sha256 != receipt.bundle_sha256 or out.seq != receipt.seq:
                raise ImportRejected("receipt.sha_mismatch", bundle=receipt.bundle_id)
            already = out.receipt_at is not None
            records = {(r.assessment_id, r.revision): r for r in s.exec(
                select(OutboxRecordRow).where(OutboxRecordRow.bundle_id == out.bundle_id)).all()}
            matched = [orec for acc in receipt.accepted_records
                       if (orec := records.get((acc.assessment_id, acc.revision))) is not None
                       and orec.content_sha256 == acc.content_sha256]
            ids = sorted({orec.revision_id for orec in matched})
            revisions = {r.id: r for r in _by_id(s, AssessmentRow, set(ids))}
            signatures: dict[str, list[SignatureRow]] = {}
            for part in rec.chunks(ids):  # one query per chunk, not one per record
                for g in s.exec(select(SignatureRow).where(
                        col(SignatureRow.revision_id).in_(part))):
                    signatures.setdefault(g.revision_id, []).append(g)
            for orec in matched:
                row = revisions.get(orec.revision_id)
                if row is None:
                    continue
                sigs = signatures.get(row.id, [])
                if orec.acked_at is None:
                    orec.acked_at = receipt.imported_at
                    s.add(orec)
                if rec.fingerprint(row.status, sigs) == orec.fingerprint and \
                        row.received_at is None:
                    row.received_at = receipt.imported_at
                    s.add(row)
                    marked.append((row.assessment_id, row.revision))
            decisions = store_decisions(s, receipt.reviews, device_id=me.device_id,
                                        office_id=receipt.office_id,
                                        bundle_id=receipt.bundle_id, now=now)
            for d in decisions:
                s.add(AuditRow(at=now, actor=self.ctx.actor, action="office_review",
                               entity="assessment", entity_id=d.assessment_id,
                               field="review_status", new=f"r{d.revision}: {d.status}"))
            consents = ConsentRow.__table__  # type: ignore[attr-defined]
            s.connection().execute(update(consents).where(  # the office holds them now
                consents.c.sent_bundle_id == out.bundle_id,
                consents.c.delivered_at.is_(None)).values(delivered_at=receipt.imported_at))
            withdrawn = _apply_withdrawals(s, receipt.withdrawals, actor=self.ctx.actor,
                                           now=now, delivered_at=receipt.imported_at)
            if not already:
                out.receipt_at = now
                s.add(out)
                s.add(AuditRow(at=now, actor=self.ctx.actor, action="receipt", entity="bundle",
                               entity_id=out.bundle_id,
                               new=f"{len(receipt.accepted_records)} accepted, "
                                   f"{len(receipt.conflicts)} conflicts"))
        for copy in (self.ctx.paths.outbox_dir / out.file_name,
                     self.ctx.paths.outbox_dir / (out.file_name + at_rest.SUFFIX)):
            try:
                copy.unlink(missing_ok=True)  # the office has it: the outbox copy can go
            except OSError:
                log.warning("could not remove outbox copy %s", copy.name)
        return ReceiptResult(receipt.bundle_id, marked,
                             [(c.assessment_id, c.revision) for c in receipt.conflicts],
                             already and not marked and not decisions and not withdrawn,
                             decisions, withdrawn)


#: The interpreter's switch interval while an export's copies are written: a writer thread
#: back from a system call waits for the interpreter lock at most this long (instead of
#: the default 5 ms), so proving the records on the exporting thread does not hold the
#: writes up.
HANDOVER_S = 0.0002


def _missing_folders(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, deepest first."""
    out: list[Path] = []
    while not folder.exists() and folder != folder.parent:
        out.append(folder)
        folder = folder.parent
    return out


@contextmanager
def _removed_if_empty_on_failure(folders: Sequence[Path]) -> Iterator[None]:
    """An export that fails leaves no folder it created (``folders``: deepest first, made
    by the export for its target), unless something else was put there meanwhile."""
    try:
        yield
    except BaseException:
        for folder in folders:
            try:
                folder.rmdir()  # only an empty folder goes
            except OSError:
                break
        raise


_handover_lock = threading.Lock()
_handover: list[float] = []  # the interval before the first export lowered it, per export


@contextmanager
def _prompt_handover() -> Iterator[None]:
    """The switch interval lowered to :data:`HANDOVER_S` for the block (it is the
    process's: other threads hand over sooner meanwhile too), then set back when the last
    export that lowered it is done (two stores in one process may export at once, and
    finish in any order)."""
    with _handover_lock:
        before = _handover[0] if _handover else sys.getswitchinterval()
        _handover.append(before)
        sys.setswitchinterval(min(before, HANDOVER_S))
    try:
        yield
    finally:
        with _handover_lock:
            _handover.pop()
            if not _handover:
                sys.setswitchinterval(before)


def _then_hash(stage: Callable[[str, bytes], StagedWrite], built: BuiltBundle
               ) -> StagedWrite:
    """``stage`` the outbox copy of ``built``, then compute the bundle's SHA-256 (the record
    needs it) on the same worker thread: hashlib lets go of the interpreter lock, so the
    exporting thread goes on proving the records meanwhile."""
    staged = stage(built.file_name, built.data)
    _ = built.sha256
    return staged


def _discard_when_written(staging: Future[StagedWrite]) -> None:
    """Remove a copy's temp file once its write is over: now, or when the worker ends
    (the executor waits for it); a write that failed removed its own, and one already
    named has no temp file left."""
    def discard(done: Future[StagedWrite]) -> None:
        if not done.cancelled() and done.exception() is None:
            done.result().discard()
    staging.add_done_callback(discard)


#: A temp copy untouched this long is what a killed export left (one being written now is
#: seconds old, even on a slow stick).
STALE_TARGET_TEMP_S = 3600


def _drop_stale_target_temps(folder: Path, spare: Collection[str] = ()) -> None:
    """Remove the hidden temp copies killed exports left in ``folder`` (a stick fills up
    otherwise): only the app's own temp names, and only ones older than
    :data:`STALE_TARGET_TEMP_S` (another export may be writing one right now), never the
    temp copy of a file named in ``spare`` (the export running now)."""
    cutoff = time.time() - STALE_TARGET_TEMP_S
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            of = temp_file_of(entry.name)  # the name the temp copy was to get
            if of is not None and of.lower().endswith(".zip") and of not in spare \
                    and entry.is_file(follow_symlinks=False) \
                    and entry.stat(follow_symlinks=False).st_mtime < cutoff:
                os.unlink(entry.path)
                log.info("removed a killed export's temp file %s", entry.name)
        except OSError:  # gone meanwhile, or a read-only stick: nothing to do
            pass


def _apply_withdrawals(s: Session, entries: Sequence[RegisterConsentData], *,
                       actor: str | None, now: str, delivered_at: str) -> list[str]:
    """The consents withdrawn at the office (receipt format 4), inside the receipt's
    transaction: one this laptop holds is marked withdrawn (a withdrawal is one-way: one
    already withdrawn here keeps its own date and reason); one it does not hold is added,
    withdrawn, when the asesi or institution is on this laptop (else nothing of theirs is
    here to protect). Both count as delivered: the office has them. Returns the ids of
    the consents this changed.

    The office's date is kept between the consent's own date and now: a withdrawal dated
    in the future (a mistyped year, a clock ahead) would stop a new consent from ever
    lifting it, and one dated before the consent is a state the register never holds.
    Links an added entry names are kept only when they are this laptop's records of the
    same subject."""
    changed: list[str] = []
    for w in entries:
        subject = w.assessee_id or w.institution_id  # exactly one (the model says so)
        row = s.get(ConsentRow, w.id)
        if row is None:
            held = s.get(AssesseeRow, subject) if w.assessee_id else \
                s.get(InstitutionRow, subject)
            if held is None:
                continue
            row = ConsentRow(**{k: getattr(w, k) for k in RegisterConsentData.model_fields})
            record = s.get(AssessmentRow, row.revision_id) if row.revision_id else None
            if record is None or subject not in (record.assessee_id, record.institution_id):
                row.revision_id = None  # a record this laptop never had, or not theirs
            if row.visit_id and s.get(VisitRow, row.visit_id) is None:
                row.visit_id = None
            row.given_at = min(row.given_at, now)
        elif row.withdrawn_at is not None or (row.assessee_id, row.institution_id) != \
                (w.assessee_id, w.institution_id):
            continue  # already withdrawn here, or not the consent it claims to be
        else:
            row.withdrawn_reason = w.withdrawn_reason
            row.withdrawn_by = w.withdrawn_by
        row.withdrawn_at = min(max(w.withdrawn_at or now, row.given_at), now)
        row.sent_bundle_id, row.delivered_at = None, delivered_at
        s.add(row)
        s.add(AuditRow(at=now, actor=actor, action="withdraw", entity="consent",
                       entity_id=w.id, field="office",
                       old="given", new=f"withdrawn {row.withdrawn_at} (kantor)"))
        changed.append(w.id)
    return changed


def _refuse_broken_history(s: Session, rows: Sequence[AssessmentRow]) -> None:
    """``export.damaged`` (history_changed) when the revisions of an assessment being sent
    no longer form its history (numbers 1..n, each superseding the one before, the last
    one current), as ``check`` and ``verify`` find it."""
    table = AssessmentRow.__table__  # type: ignore[attr-defined]
    revisions: dict[str, list[Any]] = {}
    for part in rec.chunks(sorted({r.assessment_id for r in rows})):
        for r in s.connection().execute(sa_select(
                table.c.id, table.c.assessment_id, table.c.revision, table.c.supersedes,
                table.c.is_current).where(table.c.assessment_id.in_(part))):
            revisions.setdefault(r.assessment_id, []).append(r)
    broken: dict[str, str] = {}
    for revs in revisions.values():
        broken.update(integrity.history_problems(revs))
    for row in rows:
        if row.id in broken:
            raise StateError("export.damaged", ref=row.assessment_id[:8], rev=row.revision,
                             problems="history_changed")


def _register(s: Session, assessees: set[str], institutions: set[str]
              ) -> list[RegisterConsentData]:
    """The consents (and withdrawals) of these asesi and institutions that the office
    has not received yet: the bundle's ``consent_register``."""
    return [rec.register_entry(c) for c in rec.consents_about(
        s, assessees, institutions, col(ConsentRow.delivered_at).is_(None))]


def _by_id(s: Session, model: type[RowT], ids: set[str]) -> list[RowT]:
    """The rows of ``model`` with these ids, ordered by id (missing ones left out)."""
    key = col(model.id)  # type: ignore[attr-defined]
    out: list[RowT] = []
    for part in rec.chunks(sorted(ids)):
        out += s.exec(select(model).where(key.in_(part))).all()
    return sorted(out, key=lambda r: r.id)  # type: ignore[attr-defined]


def _media(s: Session, shas: list[str]) -> tuple[dict[str, bytes], list[MediaData]]:
    """The stored bytes and description of each media file, in one query per chunk."""
    table = MediaRow.__table__  # type: ignore[attr-defined]
    conn = s.connection()
    found: dict[str, Any] = {}
    for part in rec.chunks(shas):
        for r in conn.execute(sa_select(table.c.sha256, table.c.mime, table.c.width,
                                        table.c.height, table.c.created_at, table.c.data)
                              .where(table.c.sha256.in_(part))):
            found[r.sha256] = r
    blobs: dict[str, bytes] = {}
    meta: list[MediaData] = []
    for sha in shas:
        m = found.get(sha)
        if m is None:
            raise NotFoundError("media.not_found", ref=sha)
        blob = bytes(m.data)
        # the type and size the bundle states are read from the bytes, as the office checks
        # them, not from the stored columns (one edited column refused the whole bundle
        # there); the bytes themselves are checked against their hash as it is built
        mime, width, height = header_facts(blob) or (m.mime, m.width, m.height)
        blobs[sha] = blob
        meta.append(MediaData(sha256=sha, mime=mime, width=width, height=height,
                              created_at=m.created_at))
    return blobs, meta


__all__ = ["BundleExporter"]
