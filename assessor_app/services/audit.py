"""The audit log as a record of processing (UU 27/2022 PDP Pasal 31): who saw, changed,
exported or printed whose data, and when.

Changes are written by the services that make them, in the same transaction. Access is
written here (:meth:`AuditService.log_access`), by the faces, when personal data is shown
in full (an assessment opened or shown, an asesi's record with the NIK), printed, or
exported (a PDF, a subject report, the audit log itself). A store opened read-only
records nothing (and says so in the log file).

The viewer's person filter finds every row about one asesi or institution: the person's
own rows, their assessments (``entity_id`` = ``assessment_id``), consents, the bundles
that carried their records and the purges of them.
"""

from __future__ import annotations

import builtins
import csv
import datetime as dt
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import col, select

from assessor_app.core.clock import Clock, system_clock, utc_now_iso
from assessor_app.core.errors import InvalidValueError
from assessor_app.fileio import atomic_write_bytes, check_output_path
from assessor_app.services.models import view, views
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AssessmentRow,
    AuditRow,
    ConsentRow,
    OutboxRecordRow,
    PurgeRecordRow,
    VisitRow,
)

log = logging.getLogger(__name__)

#: Actions that read personal data without changing it. They do not count as changes for
#: the automatic backup on exit.
VIEW, PRINT, EXPORT = "view", "print", "export"
ACCESS_ACTIONS = (VIEW, PRINT, EXPORT)
#: Every action the app writes to the log (tests/unit/test_audit_filter.py reads the
#: services for them). A filter names one of these or one the log holds (from a newer app).
ACTIONS = ("add_row", "answer", "attach", "caption", "certificate", "certify", "conflict",
           "consent", "create", "delete", "detach", "drop_answers", "enrol", "export",
           "finalise", "import", "import_signatures", "install", "note", "office_review",
           "print", "purge", "reassign", "receipt", "remove_row", "reopen", "replace_revision",
           "resend", "resolve", "review", "review_receipt", "revise", "revoke", "sign", "trust",
           "undo", "update", "view", "withdraw")
EXPORT_COLUMNS = ("id", "at", "actor", "action", "entity", "entity_id", "field", "old", "new")
MAX_EXPORT_ROWS = 1_000_000


@dataclass(frozen=True, slots=True)
class AuditEntry:
    id: int
    at: str
    actor: str | None
    action: str
    entity: str
    entity_id: str
    field: str | None
    old: str | None
    new: str | None


@dataclass(frozen=True)
class AuditFilter:
    """What the viewer shows. ``subject_ids``: the ids about one person (from
    :meth:`AuditService.ids_of`); ``date_from``/``date_to``: days (``YYYY-MM-DD``,
    inclusive) in ``zone`` (the laptop's own zone when None)."""

    subject_ids: frozenset[str] | None = None
    action: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    zone: dt.tzinfo | None = None
    limit: int | None = 1000
    offset: int = 0


def _local_zone() -> dt.tzinfo:
    return dt.datetime.now().astimezone().tzinfo or dt.UTC


def _day_start(day: str, zone: dt.tzinfo | None, *, item: str) -> str:
    try:
        d = dt.date.fromisoformat(day.strip())
        moment = dt.datetime.combine(d, dt.time(), tzinfo=zone or _local_zone())
        return utc_now_iso(lambda: moment)
    except (ValueError, OverflowError) as exc:  # 0001-01-01 east of UTC leaves the calendar
        raise InvalidValueError("value.bad_date", item=item, value=day[:40]) from exc


@dataclass
class AuditService:
    engine: Any
    clock: Clock = system_clock
    actor: Callable[[], str | None] = lambda: None
    read_only: bool = False

    # ------------------------------------------------------------ writing

    def log_access(self, action: str, entity: str, entity_id: str, *,
                   field: str | None = None, detail: str | None = None) -> None:
        """Record that personal data was viewed, printed or exported (never its
        content: ``detail`` names what, e.g. a form code and a paper code)."""
        if action not in ACCESS_ACTIONS:
            raise ValueError(f"not an access action: {action!r}")
        if self.read_only:
            log.info("read-only store: %s of %s not recorded", action, entity)
            return
        with write_session(self.engine) as s:
            s.add(AuditRow(at=utc_now_iso(self.clock), actor=self.actor(), action=action,
                           entity=entity, entity_id=entity_id, field=field, new=detail))

    # ------------------------------------------------------------ reading

    def _query(self, flt: AuditFilter) -> Any:
        """The filter's query. An action the app does not write and the log does not hold
        is refused (``audit.unknown_action``, naming the known ones), and so is a range whose
        first day is after its last (``value.dates_reversed``): both would find nothing
        and look like "no such entries"."""
        if flt.action and flt.action not in ACTIONS and flt.action not in self.actions():
            raise InvalidValueError("audit.unknown_action", value=flt.action[:40],
                                    allowed=", ".join(self.known_actions()))
        q = select(AuditRow)
        if flt.subject_ids is not None:
            q = q.where(col(AuditRow.entity_id).in_(sorted(flt.subject_ids) or [""]))
        if flt.action:
            q = q.where(AuditRow.action == flt.action)
        if flt.date_from:
            q = q.where(AuditRow.at >= _day_start(flt.date_from, flt.zone, item="date_from"))
        if flt.date_to:
            try:
                after = (dt.date.fromisoformat(flt.date_to.strip())
                         + dt.timedelta(days=1)).isoformat()
            except (ValueError, OverflowError) as exc:  # 9999-12-31 has no next day
                raise InvalidValueError("value.bad_date", item="date_to",
                                        value=flt.date_to[:40]) from exc
            q = q.where(AuditRow.at < _day_start(after, flt.zone, item="date_to"))
            if flt.date_from and dt.date.fromisoformat(flt.date_from.strip()) > \
                    dt.date.fromisoformat(flt.date_to.strip()):
                raise InvalidValueError("value.dates_reversed", date_from=flt.date_from.strip(),
                                        date_to=flt.date_to.strip())
        return q

    def list(self, flt: AuditFilter | None = None) -> builtins.list[AuditEntry]:
        """The entries the filter finds, the newest first."""
        flt = flt or AuditFilter()
        q = self._query(flt).order_by(col(AuditRow.at).desc(), col(AuditRow.id).desc())
        if flt.limit is not None:
            q = q.limit(flt.limit).offset(flt.offset)
        with read_session(self.engine) as s:
            return views(AuditEntry, s.exec(q).all())

    def count(self, flt: AuditFilter | None = None) -> int:
        q = self._query(flt or AuditFilter())
        with read_session(self.engine) as s:
            return int(s.exec(select(func.count()).select_from(q.subquery())).one())

    def actions(self) -> builtins.list[str]:
        """Every action the log holds, for the viewer's filter."""
        with read_session(self.engine) as s:
            return sorted(str(a) for a in s.exec(select(AuditRow.action).distinct()).all())

    def known_actions(self) -> builtins.list[str]:
        """The actions a filter may name: those the app writes and those the log holds."""
        return sorted(set(ACTIONS) | set(self.actions()))

    def entry(self, entry_id: int) -> AuditEntry | None:
        with read_session(self.engine) as s:
            row = s.get(AuditRow, entry_id)
        return None if row is None else view(AuditEntry, row)

    def ids_of(self, kind: str, subject_id: str) -> frozenset[str]:
        """Every ``entity_id`` the log may use for rows about this asesi (``kind``
        ``assessee``) or institution: the subject, its assessments, consents, visits (an
        institution's), the bundles that carried its assessments, and its purges."""
        ids = {subject_id}
        with read_session(self.engine) as s:
            if kind == "assessee":
                aids = set(s.exec(select(AssessmentRow.assessment_id).where(
                    AssessmentRow.assessee_id == subject_id)).all())
                ids |= set(s.exec(select(ConsentRow.id).where(
                    ConsentRow.assessee_id == subject_id)).all())
            else:
                visits = set(s.exec(select(VisitRow.id).where(
                    VisitRow.institution_id == subject_id)).all())
                ids |= visits
                aids = set(s.exec(select(AssessmentRow.assessment_id).where(or_(
                    col(AssessmentRow.institution_id) == subject_id,
                    col(AssessmentRow.visit_id).in_(sorted(visits) or [""])))).all())
                ids |= set(s.exec(select(ConsentRow.id).where(
                    ConsentRow.institution_id == subject_id)).all())
            aids |= set(s.exec(select(PurgeRecordRow.assessment_id).where(
                PurgeRecordRow.subject_id == subject_id)).all())
            ids |= aids
            if aids:
                ids |= set(s.exec(select(OutboxRecordRow.bundle_id).where(
                    col(OutboxRecordRow.assessment_id).in_(sorted(aids)))).all())
        return frozenset(ids)

    # ------------------------------------------------------------ export

    def export(self, path: Path | str, flt: AuditFilter | None = None, *,
               subject: tuple[str, str] | None = None) -> tuple[Path, int]:
        """Write the entries the filter finds (all of them: no page limit) as CSV (UTF-8
        with BOM, formula-escaped) or XLSX, by the file's suffix; atomically. Returns the
        path and the number of rows. The export itself is recorded (against ``subject``,
        ``(kind, id)``, when the filter is about one person)."""
        target = Path(path)
        suffix = target.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise InvalidValueError("audit.bad_format", path=target.name)
        check_output_path(target)
        flt = flt or AuditFilter()
        entries = self.list(AuditFilter(flt.subject_ids, flt.action, flt.date_from,
                                        flt.date_to, flt.zone, MAX_EXPORT_ROWS, 0))
        rows = [[e.id, e.at, e.actor, e.action, e.entity, e.entity_id, e.field, e.old, e.new]
                for e in entries]
        data = _xlsx_bytes(rows) if suffix == ".xlsx" else _csv_bytes(rows)
        atomic_write_bytes(target, data)
        kind, ref = subject if subject is not None else ("audit_log", "all")
        self.log_access(EXPORT, kind, ref, field="audit_log",
                        detail=f"{suffix.lstrip('.')}, {len(rows)} rows")
        return target, len(rows)


def _csv_bytes(rows: list[list[Any]]) -> bytes:
    from assessor_app.services.office import csv_escape

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(EXPORT_COLUMNS)
    for line in rows:
        writer.writerow([csv_escape("" if v is None else str(v)) for v in line])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _xlsx_bytes(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from assessor_app.services.office import xlsx_text

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("audit_log")
    ws.freeze_panes = "A2"

    def text(value: str) -> Any:
        cell = WriteOnlyCell(ws, value=xlsx_text(value))
        cell.data_type = "s"  # never a formula
        return cell

    ws.append([text(c) for c in EXPORT_COLUMNS])
    for line in rows:
        ws.append([v if isinstance(v, int) else (None if v is None else text(str(v)))
                   for v in line])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


__all__ = ["ACCESS_ACTIONS", "EXPORT", "PRINT", "VIEW", "AuditEntry", "AuditFilter",
           "AuditService"]
