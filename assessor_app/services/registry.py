"""Institutions, assessees, assessors and visits: the subjects and context of assessments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import func, or_
from sqlmodel import Session, SQLModel, select

from assessor_app.core.clock import (
    EARLIEST_DATE,
    TIMEZONES,
    Clock,
    new_id,
    system_clock,
    today_anywhere,
    utc_now_iso,
)
from assessor_app.core.engine import check_date_range
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError
from assessor_app.core.glyphs import check_printable
from assessor_app.core.textcheck import check_texts
from assessor_app.services.models import Assessee, Assessor, Institution, Visit, view, views
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessorRow,
    AuditRow,
    InstitutionRow,
    VisitAssessorRow,
    VisitRow,
)

RowT = TypeVar("RowT", bound=SQLModel)
ViewT = TypeVar("ViewT")

INSTITUTION_KINDS = ("BLK_UPTP", "BLK_UPTD", "BLK_KOMUNITAS", "LPK_SWASTA", "LPK_PEMERINTAH",
                     "LPK_PERUSAHAAN", "LSP", "OTHER")
NIK_RE = re.compile(r"^\d{16}$")
GENDERS = ("L", "P")
TUK_TYPES = ("sewaktu", "tempat_kerja", "mandiri")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
TIME_RE = re.compile(r"^([01]\d|2[0-3])[.:]([0-5]\d)$")
DATE_FIELDS = ("birth_date", "letter_date", "start_date", "end_date")
TIME_FIELDS = ("start_time", "end_time")


def mask_nik(nik: str | None, mark: str = "•") -> str:
    """'3201012345670001' -> '3201••••••••0001' (for lists; never print a full NIK there).
    ``mark="*"`` for plain-text output (the CLI's paper check)."""
    if not nik:
        return ""
    if len(nik) < 8:
        return mark * len(nik)
    return nik[:4] + mark * (len(nik) - 8) + nik[-4:]


def checked_fields(fields: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """``fields`` of a registry record with their typed values checked, as they are stored:
    dates YYYY-MM-DD (from :data:`EARLIEST_DATE`; a birth date not after ``today``, the
    others at most :data:`DATE_YEARS_AHEAD` years after it), times HH.MM (HH:MM accepted),
    gender L|P, TUK type, e-mail, NIK. ``today``: default the date in WIT.
    Raises InvalidValueError on the first value that does not fit; None and "" pass."""
    today = today or today_anywhere()
    out = dict(fields)
    for key, value in fields.items():
        if value is None or value == "" or not isinstance(value, str):
            continue
        check_printable(value, key)  # every registry text may print on a report
        if key in DATE_FIELDS:
            try:
                ok = dt.date.fromisoformat(value).isoformat() == value
            except ValueError:
                ok = False
            if not ok:
                raise InvalidValueError("value.bad_date", item=key, value=value)
            _check_date_range(key, dt.date.fromisoformat(value), value, today)
        elif key in TIME_FIELDS:
            m = TIME_RE.match(value)
            if m is None:
                raise InvalidValueError("value.bad_time", item=key, value=value)
            out[key] = f"{m.group(1)}.{m.group(2)}"
        elif key == "gender" and value not in GENDERS:
            raise InvalidValueError("value.bad_option", item=key, value=value,
                                    allowed=", ".join(GENDERS))
        elif key == "tuk_type" and value not in TUK_TYPES:
            raise InvalidValueError("value.bad_option", item=key, value=value,
                                    allowed=", ".join(TUK_TYPES))
        elif key == "email" and not EMAIL_RE.match(value):
            raise InvalidValueError("value.bad_email", value=value)
        elif key == "nik" and not NIK_RE.match(value):
            raise InvalidValueError("value.bad_nik", value=mask_nik(value))
    return out


def _check_date_range(key: str, day: dt.date, value: str, today: dt.date) -> None:
    if key == "birth_date":
        if not EARLIEST_DATE <= day <= today:
            raise InvalidValueError("value.bad_birth_date", item=key, value=value,
                                    earliest=EARLIEST_DATE.isoformat(),
                                    today=today.isoformat())
        return
    check_date_range(key, day, value, today)


@dataclass
class Registry:
    engine: Any
    clock: Clock = system_clock
    actor: str | None = None

    # ------------------------------------------------------------ generic helpers

    def _now(self) -> str:
        return utc_now_iso(self.clock)

    def _get(self, model: type[SQLModel], cls: type[ViewT], row_id: str, kind: str) -> ViewT:
        with read_session(self.engine) as s:
            row = s.get(model, row_id)
        if row is None:
            raise NotFoundError("subject.not_found", ref=row_id, kind=kind)
        return view(cls, row)

    def _find(self, model: type[Any], cls: type[ViewT], ref: str, kind: str,
              name_col: Any) -> ViewT:
        return view(cls, self._find_row(model, ref, kind, name_col))

    def _find_row(self, model: type[Any], ref: str, kind: str, name_col: Any) -> Any:
        """By exact id, unique id prefix (>= 6 chars), exact name, or unique name substring."""
        ref = ref.strip()
        with read_session(self.engine) as s:
            row = s.get(model, ref)
            if row is not None:
                return row
            if re.fullmatch(r"[0-9a-f]{6,32}", ref):
                rows = s.exec(select(model).where(model.id.startswith(ref))).all()
                if len(rows) == 1:
                    return rows[0]
            rows = s.exec(select(model).where(func.lower(name_col) == ref.lower())).all()
            if len(rows) == 1:
                return rows[0]
            if not rows:
                like = f"%{ref.lower()}%"
                rows = s.exec(select(model).where(func.lower(name_col).like(like))).all()
                if len(rows) == 1:
                    return rows[0]
        if not rows:
            raise NotFoundError("subject.not_found", ref=ref, kind=kind)
        names = ", ".join(sorted(getattr(r, "name", r.id) for r in rows)[:5])
        raise AppError("subject.ambiguous", ref=ref, kind=kind, names=names)

    def _create(self, row: SQLModel, cls: type[ViewT], entity: str) -> ViewT:
        """Insert ``row`` with its audit row; its read model ``cls``. A named institution
        must exist (``subject.not_found``)."""
        check_texts({k: v for k, v in vars(row).items() if not k.startswith("_")})
        with write_session(self.engine) as s:
            self._check_institution(s, getattr(row, "institution_id", None))
            s.add(row)
            s.add(AuditRow(at=self._now(), actor=self.actor, action="create", entity=entity,
                           entity_id=str(getattr(row, "id", ""))))
        return view(cls, row)

    def _update(self, model: type[SQLModel], cls: type[ViewT], row_id: str, entity: str,
                changes: dict[str, Any],
                check: Callable[[Session, dict[str, Any]], None] | None = None) -> ViewT:
        """Store ``changes`` to the record ``row_id``; ``check``: a further check of the
        fields that do change, in the same transaction."""
        with write_session(self.engine) as s:
            row = s.get(model, row_id)
            if row is None:
                raise NotFoundError("subject.not_found", ref=row_id, kind=entity)
            for key in changes:
                if not hasattr(row, key) or key in ("id", "created_at"):
                    raise InvalidValueError("input.unknown_field", field=key)
            # Only what changes is checked: a value stored before a rule existed (a birth
            # date of 1900-01-01 from an old list, say) does not stop a phone number from
            # being corrected; the form sends every field back as it was.
            changes = {k: v for k, v in changes.items() if getattr(row, k) != v}
            check_texts(changes)
            changes = checked_fields(changes, today_anywhere(self.clock))
            self._check_institution(s, changes.get("institution_id"))
            if check is not None:
                check(s, changes)
            changed = False
            for key, value in changes.items():
                old = getattr(row, key)
                if old != value:
                    changed = True
                    setattr(row, key, value)
                    shown_old = None if key == "nik" else (None if old is None else str(old))
                    shown_new = None if key == "nik" else (None if value is None else str(value))
                    s.add(AuditRow(at=self._now(), actor=self.actor, action="update",
                                   entity=entity, entity_id=row_id, field=key,
                                   old=shown_old, new=shown_new))
            if changed and hasattr(row, "updated_at"):  # (nothing changed: nothing new)
                row.updated_at = self._now()
            s.add(row)
        return view(cls, row)

    @staticmethod
    def _check_institution(s: Any, institution_id: str | None) -> None:
        if institution_id and s.get(InstitutionRow, institution_id) is None:
            raise NotFoundError("subject.not_found", ref=institution_id, kind="institution")

    def today(self, timezone: str = "WIB") -> str:
        """Today's date (YYYY-MM-DD) in ``timezone`` (WIB, WITA or WIT)."""
        tz = TIMEZONES.get(timezone)
        if tz is None:
            raise InvalidValueError("value.bad_option", item="timezone", value=timezone,
                                    allowed=", ".join(TIMEZONES))
        return self.clock().astimezone(tz).date().isoformat()

    # ------------------------------------------------------------ institutions

    def add_institution(self, name: str, *, kind: str = "LPK_SWASTA", row_id: str | None = None,
                        **fields: Any) -> Institution:
        if not name.strip():
            raise InvalidValueError("value.required", field="name")
        check_printable(name, "name")
        if kind not in INSTITUTION_KINDS:
            raise InvalidValueError("value.bad_option", item="kind", value=kind,
                                    allowed=", ".join(INSTITUTION_KINDS))
        fields = checked_fields(fields, today_anywhere(self.clock))
        now = self._now()
        row = InstitutionRow(id=row_id or new_id(), name=name.strip(), kind=kind, created_at=now,
                             updated_at=now, **fields)
        return self._create(row, Institution, "institution")

    def update_institution(self, row_id: str, **changes: Any) -> Institution:
        return self._update(InstitutionRow, Institution, row_id, "institution", changes)

    def institution(self, row_id: str) -> Institution:
        return self._get(InstitutionRow, Institution, row_id, "institution")

    def find_institution(self, ref: str) -> Institution:
        return self._find(InstitutionRow, Institution, ref, "institution", InstitutionRow.name)

    def institutions(self, search: str = "") -> list[Institution]:
        with read_session(self.engine) as s:
            q = select(InstitutionRow).order_by(InstitutionRow.name)
            if search:
                like = f"%{search.lower()}%"
                q = q.where(or_(func.lower(InstitutionRow.name).like(like),
                                func.lower(InstitutionRow.city).like(like),
                                InstitutionRow.vin.like(like)))  # type: ignore[union-attr]
            return views(Institution, s.exec(q).all())

    # ------------------------------------------------------------ assessees

    def add_assessee(self, name: str, *, nik: str | None = None, row_id: str | None = None,
                     **fields: Any) -> Assessee:
        if not name.strip():
            raise InvalidValueError("value.required", field="name")
        check_printable(name, "name")
        if nik is not None and nik != "" and not NIK_RE.match(nik):
            raise InvalidValueError("value.bad_nik", value=mask_nik(nik))
        fields = checked_fields(fields, today_anywhere(self.clock))
        with read_session(self.engine) as s:
            self._other_with_nik(s, nik or None)
        now = self._now()
        row = AssesseeRow(id=row_id or new_id(), name=name.strip(), nik=nik or None,
                          created_at=now, updated_at=now, **fields)
        return self._create(row, Assessee, "assessee")

    def update_assessee(self, row_id: str, **changes: Any) -> Assessee:
        def nik_free(s: Session, changed: dict[str, Any]) -> None:  # (a NIK kept: no news)
            self._other_with_nik(s, changed.get("nik"), row_id)

        return self._update(AssesseeRow, Assessee, row_id, "assessee", changes, nik_free)

    @staticmethod
    def _other_with_nik(s: Session, nik: str | None, row_id: str | None = None) -> None:
        """A NIK names one person: ``assessee.nik_taken`` when another asesi holds it (a
        second record under one NIK made every lookup by that NIK, a data-subject request
        among them, answer "not found"). Records of one person from several laptops may
        still meet at the office: lookups name them all (``subject.ambiguous``)."""
        if not nik:
            return
        other = s.exec(select(AssesseeRow).where(AssesseeRow.nik == nik,
                                                 AssesseeRow.id != (row_id or ""))).first()
        if other is not None:
            raise InvalidValueError("assessee.nik_taken", value=mask_nik(nik), name=other.name)

    def assessee(self, row_id: str) -> Assessee:
        return self._get(AssesseeRow, Assessee, row_id, "assessee")

    def find_assessee(self, ref: str) -> Assessee:
        if NIK_RE.match(ref.strip()):
            with read_session(self.engine) as s:
                rows = s.exec(select(AssesseeRow).where(AssesseeRow.nik == ref.strip())).all()
            if len(rows) == 1:
                return view(Assessee, rows[0])
            if rows:  # one person registered twice (e.g. on two laptops): say who
                raise AppError("subject.ambiguous", ref=mask_nik(ref.strip()), kind="assessee",
                               names=", ".join(sorted(r.name for r in rows)[:5]))
        return self._find(AssesseeRow, Assessee, ref, "assessee", AssesseeRow.name)

    def assessees(self, search: str = "") -> list[Assessee]:
        with read_session(self.engine) as s:
            q = select(AssesseeRow).order_by(AssesseeRow.name)
            if search:
                q = q.where(func.lower(AssesseeRow.name).like(f"%{search.lower()}%"))
            return views(Assessee, s.exec(q).all())

    # ------------------------------------------------------------ assessors

    def add_assessor(self, name: str, *, registration_no: str | None = None,
                     row_id: str | None = None, **fields: Any) -> Assessor:
        for key, value in {"name": name, "registration_no": registration_no, **fields}.items():
            if isinstance(value, str):
                check_printable(value, key)
        now = self._now()
        row = AssessorRow(id=row_id or new_id(), name=name.strip(),
                          registration_no=registration_no, created_at=now, updated_at=now,
                          **fields)
        return self._create(row, Assessor, "assessor")

    def update_assessor(self, row_id: str, **changes: Any) -> Assessor:
        return self._update(AssessorRow, Assessor, row_id, "assessor", changes)

    def assessor(self, row_id: str) -> Assessor:
        return self._get(AssessorRow, Assessor, row_id, "assessor")

    def find_assessor(self, ref: str) -> Assessor:
        """By id, unique id prefix, registration number (MET...) or name."""
        reg = " ".join(ref.split())
        if reg:
            with read_session(self.engine) as s:
                rows = s.exec(select(AssessorRow).where(
                    func.lower(AssessorRow.registration_no) == reg.lower())).all()
            if len(rows) == 1:
                return view(Assessor, rows[0])
        return self._find(AssessorRow, Assessor, ref, "assessor", AssessorRow.name)

    def self_assessor(self) -> Assessor | None:
        with read_session(self.engine) as s:
            row = s.exec(select(AssessorRow).where(AssessorRow.is_self == True)).first()  # noqa: E712
        return None if row is None else view(Assessor, row)

    def save_self_assessor(self, name: str, *, title_front: str | None = None,
                           title_back: str | None = None, registration_no: str | None = None,
                           email: str | None = None) -> Assessor:
        """Create or update the laptop's own assessor (the settings' profile), who is then
        the actor of the audit log. Raises ``value.required`` without a name."""
        name = " ".join(name.split())
        if not name:
            raise InvalidValueError("value.required", field="name")
        fields: dict[str, Any] = {
            "title_front": (title_front or "").strip() or None,
            "title_back": (title_back or "").strip() or None,
            "registration_no": " ".join((registration_no or "").split()) or None,
            "email": (email or "").strip() or None,
        }
        me = self.self_assessor()
        saved = self.add_assessor(name, is_self=True, **fields) if me is None else \
            self.update_assessor(me.id, name=name, **fields)
        self.actor = name
        return saved

    def assessors(self) -> list[Assessor]:
        with read_session(self.engine) as s:
            return views(Assessor, s.exec(select(AssessorRow).order_by(AssessorRow.name)).all())

    # ------------------------------------------------------------ visits

    def add_visit(self, *, institution_id: str | None, letter_no: str | None = None,
                  timezone: str = "WIB", assessors: list[tuple[str, str]] | None = None,
                  row_id: str | None = None, **fields: Any) -> Visit:
        """A visit with its team (``assessors``: (assessor id, role), the first of an
        assessor counts). The surat tugas number and the place (printed as "Kota, tanggal")
        are required, as the visit form requires them."""
        if timezone not in TIMEZONES:
            raise InvalidValueError("value.bad_option", item="timezone", value=timezone,
                                    allowed=", ".join(TIMEZONES))
        if not (letter_no or "").strip():
            raise InvalidValueError("value.required", field="letter_no")
        if not (fields.get("place") or "").strip():
            raise InvalidValueError("value.required", field="place")
        fields = checked_fields(fields, today_anywhere(self.clock))
        start, end = fields.get("start_date"), fields.get("end_date")
        if start and end and end < start:  # ISO dates: text order is day order
            raise InvalidValueError("visit.end_before_start", start=start, end=end)
        begins, ends = fields.get("start_time"), fields.get("end_time")
        if begins and ends and (not end or end == start) and ends <= begins:  # HH.MM order
            raise InvalidValueError("visit.end_time_before_start", start=begins, end=ends)
        team: dict[str, str] = {}
        for assessor_id, role in assessors or []:
            team.setdefault(assessor_id, role)  # an assessor's first role counts
        now = self._now()
        row = VisitRow(id=row_id or new_id(), institution_id=institution_id, letter_no=letter_no,
                       timezone=timezone, created_at=now, updated_at=now, **fields)
        with write_session(self.engine) as s:
            self._check_institution(s, institution_id)
            for assessor_id in team:
                if s.get(AssessorRow, assessor_id) is None:
                    raise NotFoundError("subject.not_found", ref=assessor_id, kind="assessor")
            s.add(row)
            s.flush()
            for assessor_id, role in team.items():
                s.add(VisitAssessorRow(visit_id=row.id, assessor_id=assessor_id, role=role))
            s.add(AuditRow(at=now, actor=self.actor, action="create", entity="visit",
                           entity_id=row.id))
        return view(Visit, row)

    def visit(self, row_id: str) -> Visit:
        return self._get(VisitRow, Visit, row_id, "visit")

    def find_visit(self, ref: str) -> Visit:
        return self._find(VisitRow, Visit, ref, "visit", VisitRow.letter_no)

    def visits(self, institution_id: str | None = None) -> list[Visit]:
        """Every visit (of ``institution_id`` if given), the newest first."""
        with read_session(self.engine) as s:
            q = select(VisitRow).order_by(VisitRow.start_date.desc())  # type: ignore[union-attr]
            if institution_id is not None:
                q = q.where(VisitRow.institution_id == institution_id)
            return views(Visit, s.exec(q).all())

    def visit_team(self, visit_id: str) -> list[tuple[Assessor, str]]:
        with read_session(self.engine) as s:
            q = select(AssessorRow, VisitAssessorRow.role).join(
                VisitAssessorRow, VisitAssessorRow.assessor_id == AssessorRow.id  # type: ignore[arg-type]
            ).where(VisitAssessorRow.visit_id == visit_id)
            return [(view(Assessor, a), role) for a, role in s.exec(q).all()]
