"""Retention: the laptop's field copies go once the office holds them (UU 27/2022 PDP
Pasal 42-44: end processing and delete when the purpose is met; RELIABILITY T6/T22).

An assessment is *due* when every revision of it was made on this laptop, is final, and
the office's signed receipt acknowledged it in exactly its current state (status and
signatures: what ``export`` would not send again), and the newest of those receipts is
older than the retention period (``retention_days``, stored in the database, default
:data:`DEFAULT_DAYS` days). The period is the institution's choice, not a number the law
gives: set it with ``assessor-app retention set --days N`` or in Pengaturan. When the
person's (or institution's) consent was withdrawn, a confirmed record is due at once.
Nothing the office has not confirmed is ever purged: a draft, a record waiting for its
receipt, one signed again after the receipt, one from another device, and no record of a
person or institution whose consent or withdrawal has not reached the office yet (it
travels with their records).

A purge removes, in one transaction: the revisions with their answers, table rows,
evidence links, signatures, rendered-report rows, outbox entries and office decisions;
the photos and signature images no other record uses; the asesi whose last record went,
with their consents (delivered to the office before, else the asesi stays); and the old
and new values of their audit rows (the rows stay: who did what, when). One
``purge_record`` row per assessment says what went and which receipt proved the office
holds it. Then, on SQLite, the WAL is checkpointed and truncated and the file vacuumed
(``secure_delete`` is on: freed pages are zeroed), and every backup is rewritten without
the purged data the same way (migrated to the current schema first when older). Salvage
copies of a damaged database are raw files that cannot be rewritten: they are listed.
On PostgreSQL (an office server) the rows are deleted; the server's own VACUUM and dumps
are its administrator's.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import col
from sqlmodel import select as sm_select

from assessor_app.core.clock import iso_utc, new_id, parse_iso
from assessor_app.core.errors import AppError, InvalidValueError, StorageError
from assessor_app.fileio import fsync_dir, fsync_file
from assessor_app.services import sync_records as rec
from assessor_app.services.base import OnServices
from assessor_app.storage.db import (
    is_sqlite,
    make_engine,
    read_session,
    sqlite_url,
    wal_checkpoint,
)
from assessor_app.storage.tables import (
    AnswerRow,
    AssesseeRow,
    AssessmentRow,
    AuditRow,
    ConsentRow,
    EvidenceRow,
    MediaRow,
    OutboxBundleRow,
    OutboxRecordRow,
    PurgeRecordRow,
    ReceivedReviewRow,
    RepeatInstanceRow,
    ReportRow,
    SettingRow,
    SignatureRow,
)

log = logging.getLogger(__name__)

DEFAULT_DAYS = 90
MAX_DAYS = 3650
SETTING_KEY = "retention_days"
RETENTION, CONSENT_WITHDRAWN = "retention", "consent_withdrawn"


def _t(model: Any) -> Any:
    return model.__table__


@dataclass(frozen=True)
class Candidate:
    """An assessment whose field copy the office has confirmed."""

    assessment_id: str
    template_code: str
    subject_kind: str
    subject_id: str | None
    subject_name: str
    revisions: tuple[int, ...]
    revision_ids: tuple[str, ...]
    content_sha256: str | None
    bundle_id: str
    office_id: str | None
    receipt_at: str
    due_at: str  # when the retention period ends (or ended)
    reason: str  # retention | consent_withdrawn


@dataclass(frozen=True)
class RetentionStatus:
    days: int
    due: tuple[Candidate, ...]  # purged by the next purge
    waiting: tuple[Candidate, ...]  # confirmed, inside the retention period
    unconfirmed: int  # final records of this laptop the office has not confirmed
    drafts: int
    purged: int  # purge records so far
    last_purge_at: str | None
    backups: tuple[str, ...]  # backup files a purge rewrites
    salvage: tuple[str, ...]  # raw copies of a damaged database: never rewritten


@dataclass(frozen=True)
class PurgeResult:
    run_id: str
    dry_run: bool
    purged: tuple[Candidate, ...]
    answers: int
    evidence: int
    signatures: int
    media: int
    assessees_removed: int
    backups_rewritten: tuple[str, ...]
    backups_failed: tuple[tuple[str, str], ...]  # (file name, error code)
    vacuumed: bool
    salvage: tuple[str, ...]


@dataclass(frozen=True)
class _Counts:
    answers: int = 0
    evidence: int = 0
    signatures: int = 0
    media: int = 0
    assessees: tuple[str, ...] = ()


class RetentionService(OnServices):
    """``RetentionService(services)``."""

    def _now(self) -> dt.datetime:
        now: dt.datetime = self.services.assessments.clock()
        return now

    # ------------------------------------------------------------ the setting

    def days(self) -> int:
        with read_session(self.engine) as s:
            row = s.get(SettingRow, SETTING_KEY)
        try:
            return max(0, min(MAX_DAYS, int(row.value))) if row is not None else DEFAULT_DAYS
        except ValueError:
            return DEFAULT_DAYS

    def set_days(self, days: int) -> int:
        if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
            typed = str(days)  # as typed; a very long number visibly shortened, never cut
            raise InvalidValueError("retention.bad_days", max=MAX_DAYS, value=typed if len(
                typed) <= 40 else f"{typed[:20]}…{typed[-4:]}")
        self.services.maintenance.set_meta(SETTING_KEY, str(days))
        return days

    # ------------------------------------------------------------ what is due

    def status(self) -> RetentionStatus:
        due, waiting, unconfirmed, drafts = self._candidates()
        with read_session(self.engine) as s:
            purged = int(s.exec(sm_select(func.count()).select_from(PurgeRecordRow)).one())
            last = s.exec(sm_select(func.max(PurgeRecordRow.purged_at))).one()
        backups, salvage = self._backup_files()
        return RetentionStatus(self.days(), tuple(due), tuple(waiting), unconfirmed, drafts,
                               purged, last, tuple(p.name for p in backups),
                               tuple(p.name for p in salvage))

    def _candidates(self) -> tuple[list[Candidate], list[Candidate], int, int]:
        from assessor_app.services.consent import subject_blocked

        me = self.services.assessments.device.existing()
        if me is None:
            return [], [], 0, 0
        now = self._now()
        days = self.days()
        due: list[Candidate] = []
        waiting: list[Candidate] = []
        unconfirmed = drafts = 0
        with read_session(self.engine) as s:
            rows = s.exec(sm_select(AssessmentRow).order_by(
                col(AssessmentRow.assessment_id), col(AssessmentRow.revision))).all()
            by_aid: dict[str, list[AssessmentRow]] = {}
            for r in rows:
                by_aid.setdefault(r.assessment_id, []).append(r)
            acks: dict[str, list[tuple[str, str, str]]] = {}  # rid -> (acked_at, fp, bundle)
            for o in s.exec(sm_select(OutboxRecordRow).where(
                    col(OutboxRecordRow.acked_at).is_not(None))).all():
                acks.setdefault(o.revision_id, []).append((o.acked_at or "", o.fingerprint,
                                                           o.bundle_id))
            sigs: dict[str, list[SignatureRow]] = {}
            for g in s.exec(sm_select(SignatureRow)).all():
                sigs.setdefault(g.revision_id, []).append(g)
            offices = {b.bundle_id: b.office_id for b in s.exec(
                sm_select(OutboxBundleRow)).all()}
            blocked: dict[tuple[str, str], bool] = {}
            # a consent (or withdrawal) the office has not received travels with its
            # subject's records: they stay until it has (its receipt marks it delivered)
            undelivered = {c.assessee_id or c.institution_id for c in s.exec(
                sm_select(ConsentRow).where(col(ConsentRow.delivered_at).is_(None))).all()}
            for aid, revs in by_aid.items():
                if any(r.device_id != me.device_id for r in revs):
                    continue  # another laptop's records: never purged here
                if any(r.status == "draft" for r in revs):
                    drafts += 1
                    continue
                proofs = []
                for r in revs:
                    fp = rec.fingerprint(r.status, sigs.get(r.id, []))
                    match = sorted(a for a in acks.get(r.id, []) if a[1] == fp)
                    if not match:
                        break
                    proofs.append(match[-1])
                else:
                    last = max(proofs)
                    current = revs[-1]
                    kind = current.subject_kind
                    subject = current.assessee_id if kind == "assessee" else (
                        current.institution_id if kind == "institution" else current.visit_id)
                    key = (kind, subject or "")
                    if subject in undelivered:
                        unconfirmed += 1
                        continue
                    if key not in blocked:
                        blocked[key] = subject_blocked(
                            s, assessee_id=subject if kind == "assessee" else None,
                            institution_id=subject if kind == "institution" else None
                        ) is not None
                    due_at = parse_iso(last[0]) + dt.timedelta(days=days)
                    reason = CONSENT_WITHDRAWN if blocked[key] else RETENTION
                    cand = Candidate(
                        aid, current.template_code, kind, subject, current.subject_name,
                        tuple(r.revision for r in revs), tuple(r.id for r in revs),
                        current.content_sha256, last[2], offices.get(last[2]), last[0],
                        iso_utc(due_at), reason)
                    (due if blocked[key] or due_at <= now else waiting).append(cand)
                    continue
                unconfirmed += 1
        return due, waiting, unconfirmed, drafts

    def _backup_files(self) -> tuple[list[Path], list[Path]]:
        from assessor_app.storage import backup as backup_mod

        if not self.services.store.is_sqlite:
            return [], []
        folder = self.services.paths.backup_dir
        backups = [b.path for b in backup_mod.list_backups(folder)]
        salvage = sorted(folder.glob("salvage-*.db")) if folder.is_dir() else []
        return backups, salvage

    # ------------------------------------------------------------ purging

    def purge(self, *, dry_run: bool = False) -> PurgeResult:
        """Purge every due field copy (see the module docstring). ``dry_run``: say what
        would go, change nothing."""
        if self.services.store.startup.read_only:
            raise StorageError("disk.read_only", path=str(self.services.paths.db_path),
                               reason="purge")
        due = self._candidates()[0]
        backups, salvage = self._backup_files()
        run_id = new_id()
        if dry_run or not due:
            return PurgeResult(run_id, dry_run, tuple(due), 0, 0, 0, 0, 0, (), (), False,
                               tuple(p.name for p in salvage))
        now = iso_utc(self._now())
        actor = self.services.assessments.actor
        aids = [c.assessment_id for c in due]
        totals = _Counts()
        removed: list[str] = []
        records = []
        with self.engine.begin() as conn:
            for c in due:
                counts = purge_rows(conn, [c.assessment_id], keep_undelivered_consents=True)
                removed += counts.assessees
                totals = _Counts(totals.answers + counts.answers,
                                 totals.evidence + counts.evidence,
                                 totals.signatures + counts.signatures,
                                 totals.media + counts.media)
                records.append({
                    "id": new_id(), "run_id": run_id, "purged_at": now, "actor": actor,
                    "reason": c.reason, "assessment_id": c.assessment_id,
                    "revisions": ",".join(str(n) for n in c.revisions),
                    "template_code": c.template_code, "subject_kind": c.subject_kind,
                    "subject_id": c.subject_id, "content_sha256": c.content_sha256,
                    "bundle_id": c.bundle_id, "office_id": c.office_id,
                    "receipt_at": c.receipt_at, "answers": counts.answers,
                    "evidence": counts.evidence, "signatures": counts.signatures,
                    "media": counts.media})
            conn.execute(insert(_t(PurgeRecordRow)), records)
            conn.execute(insert(_t(AuditRow)), [
                {"at": now, "actor": actor, "action": "purge", "entity": "assessment",
                 "entity_id": c.assessment_id, "field": c.reason, "old": None,
                 "new": f"r{','.join(str(n) for n in c.revisions)} · receipt "
                        f"{c.bundle_id[:8]} {c.receipt_at}"} for c in due])
        counts = _Counts(totals.answers, totals.evidence, totals.signatures, totals.media,
                         tuple(removed))
        log.info("retention purge: %d assessments, %d media files", len(due), counts.media)
        vacuumed = False
        rewritten: list[str] = []
        failed: list[tuple[str, str]] = []
        if is_sqlite(self.engine):
            vacuumed = scrub_file_engine(self.engine)
            for path in backups:
                try:
                    rewrite_backup(path, aids, counts.assessees, key=self.services.store.key)
                    rewritten.append(path.name)
                except (AppError, OSError) as exc:
                    code = exc.code if isinstance(exc, AppError) else type(exc).__name__
                    log.warning("backup %s not rewritten: %s", path.name, code)
                    failed.append((path.name, code))
        return PurgeResult(run_id, False, tuple(due), counts.answers, counts.evidence,
                           counts.signatures, counts.media, len(counts.assessees),
                           tuple(rewritten), tuple(failed), vacuumed,
                           tuple(p.name for p in salvage))


def _ids(conn: Connection, stmt: Any) -> list[str]:
    return [str(r[0]) for r in conn.execute(stmt)]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    return rec.chunks(list(items))


def purge_rows(conn: Connection, assessment_ids: Sequence[str], *,
               keep_undelivered_consents: bool = True,
               assessees: Sequence[str] | None = None) -> _Counts:
    """Delete every row of these assessments (all revisions) and what only they used,
    inside the caller's transaction (the live database, or a backup being rewritten).
    ``assessees``: the asesi to remove (a backup mirrors the live purge); None: those the
    purge left without any assessment (and, with ``keep_undelivered_consents``, without a
    consent the office has not received)."""
    A, An, Ev, Sg, Rp, Rt = (_t(AssessmentRow), _t(AnswerRow), _t(EvidenceRow),
                             _t(SignatureRow), _t(RepeatInstanceRow), _t(ReportRow))
    C, Au, Me, Ob, Rv, Pe = (_t(ConsentRow), _t(AuditRow), _t(MediaRow),
                             _t(OutboxRecordRow), _t(ReceivedReviewRow), _t(AssesseeRow))
    answers = evidence = signatures = 0
    revision_ids: list[str] = []
    people: set[str] = set()
    media: set[str] = set()
    for part in _chunks(assessment_ids):
        revision_ids += _ids(conn, select(A.c.id).where(A.c.assessment_id.in_(part)))
        people |= {p for p in _ids(conn, select(A.c.assessee_id).where(
            A.c.assessment_id.in_(part), A.c.assessee_id.is_not(None)))}
    for part in _chunks(revision_ids):
        media |= set(_ids(conn, select(Ev.c.media_sha256).where(Ev.c.revision_id.in_(part))))
        media |= set(_ids(conn, select(Sg.c.media_sha256).where(Sg.c.revision_id.in_(part))))
        answers += conn.execute(delete(An).where(An.c.revision_id.in_(part))).rowcount
        evidence += conn.execute(delete(Ev).where(Ev.c.revision_id.in_(part))).rowcount
        signatures += conn.execute(delete(Sg).where(Sg.c.revision_id.in_(part))).rowcount
        for table in (Rp, Rt, Ob):
            conn.execute(delete(table).where(table.c.revision_id.in_(part)))
        conn.execute(update(C).where(C.c.revision_id.in_(part)).values(revision_id=None))
    for part in _chunks(assessment_ids):
        conn.execute(delete(Rv).where(Rv.c.assessment_id.in_(part)))
        conn.execute(delete(A).where(A.c.assessment_id.in_(part)))
        conn.execute(update(Au).where(Au.c.entity_id.in_(part)).values(old=None, new=None))
    # files no remaining record uses
    removed_media = 0
    for part in _chunks(sorted(media)):
        used = set(_ids(conn, select(Ev.c.media_sha256).where(Ev.c.media_sha256.in_(part))))
        used |= set(_ids(conn, select(Sg.c.media_sha256).where(Sg.c.media_sha256.in_(part))))
        gone = [m for m in part if m not in used]
        if gone:
            removed_media += conn.execute(delete(Me).where(Me.c.sha256.in_(gone))).rowcount
    # the asesi whose last record went
    if assessees is None:
        removable = []
        for person in sorted(people):
            if conn.execute(select(func.count()).select_from(A).where(
                    A.c.assessee_id == person)).scalar():
                continue
            if keep_undelivered_consents and conn.execute(
                    select(func.count()).select_from(C).where(
                        C.c.assessee_id == person, C.c.delivered_at.is_(None))).scalar():
                continue  # the office has not got every consent of theirs yet
            removable.append(person)
    else:
        removable = [p for p in assessees if not conn.execute(
            select(func.count()).select_from(A).where(A.c.assessee_id == p)).scalar()]
    for part in _chunks(removable):
        # audit rows of other records that quote them (a deleted draft's subject name)
        for name, nik in conn.execute(select(Pe.c.name, Pe.c.nik).where(Pe.c.id.in_(part))):
            for word in (name, nik):
                if word and len(word) >= 3:
                    pattern = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace(
                        "_", "\\_") + "%"
                    for column in (Au.c.old, Au.c.new):
                        conn.execute(update(Au).where(column.like(pattern, escape="\\"))
                                     .values({column.name: None}))
        consent_ids = _ids(conn, select(C.c.id).where(C.c.assessee_id.in_(part)))
        conn.execute(delete(C).where(C.c.assessee_id.in_(part)))
        conn.execute(delete(Pe).where(Pe.c.id.in_(part)))
        conn.execute(update(Au).where(Au.c.entity_id.in_(list(part) + consent_ids)).values(
            old=None, new=None))
    return _Counts(answers, evidence, signatures, removed_media, tuple(removable))


def scrub_file_engine(engine: Any) -> bool:
    """After a purge on SQLite: freed pages are zeroed (``secure_delete``); move the WAL
    into the file and truncate it, VACUUM (rebuilds the file without free pages), and
    truncate the WAL again. Returns whether VACUUM ran (a busy database skips it)."""
    wal_checkpoint(engine, "TRUNCATE")
    try:
        _outside_transaction(engine, "VACUUM")
        done = True
    except Exception as exc:  # noqa: BLE001 - a busy database: checkpointed, not vacuumed
        log.warning("VACUUM after purge skipped: %s", type(exc).__name__)
        done = False
    wal_checkpoint(engine, "TRUNCATE")
    return done


def _outside_transaction(engine: Any, sql: str) -> None:
    """``sql`` on a pooled raw connection, outside any transaction (VACUUM, journal
    mode)."""
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        try:
            cur.execute(sql)
            cur.fetchall()
        finally:
            cur.close()
    finally:
        raw.close()


def rewrite_backup(path: Path, assessment_ids: Sequence[str],
                   assessees: Sequence[str], *, key: bytes | None = None) -> None:
    """Rewrite the backup ``path`` without these assessments and asesi: a copy is
    migrated to the current schema, purged, vacuumed, integrity-checked, fsynced and then
    replaces the backup (a failure leaves the backup as it was). ``key``: the database key
    (an encrypted store's backups are encrypted with it; the copy stays encrypted)."""
    from assessor_app.storage.backup import verify_database_file
    from assessor_app.storage.migrations import ensure_schema

    tmp = path.with_name(f".tmp-{uuid.uuid4().hex}.db")
    try:
        tmp.write_bytes(path.read_bytes())
        engine = make_engine(sqlite_url(tmp), key=key)
        try:
            ensure_schema(engine, db_path=None, backup_dir=None)
            with engine.begin() as conn:
                purge_rows(conn, assessment_ids, assessees=assessees)
            scrub_file_engine(engine)
            _outside_transaction(engine, "PRAGMA journal_mode=DELETE")
        finally:
            engine.dispose()
        for suffix in ("-wal", "-shm"):
            tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
        verify_database_file(tmp, key=key)
        fsync_file(tmp)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-wal"),
                         tmp.with_name(tmp.name + "-shm"),
                         tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)


__all__ = ["CONSENT_WITHDRAWN", "DEFAULT_DAYS", "RETENTION", "Candidate", "PurgeResult",
           "RetentionService", "RetentionStatus", "purge_rows", "rewrite_backup"]
