"""The breach log: a suspected personal data breach and what was done about it.

UU 27/2022 Pasal 46 (DOMAIN.md section 6): after a breach the controller gives written
notice within 3x24 hours to the data subjects and to the authority, stating what data
was exposed, when and how, and the handling and recovery. A lost or stolen laptop is a
potential breach (RELIABILITY T6). The log keeps those facts as the institution writes
them, the 3x24 hour mark from the moment of discovery, and when whom was told; the
notice is printed as a DRAFT the institution completes (a template, not legal advice:
it only lays out the content the article names).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from assessor_app.core.clock import (
    Clock,
    iso_utc,
    local_moment,
    new_id,
    parse_iso,
    system_clock,
    utc_now_iso,
)
from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError
from assessor_app.core.textcheck import check_texts
from assessor_app.fileio import atomic_write_bytes, check_output_path
from assessor_app.i18n import catalogue
from assessor_app.services.models import view
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import AuditRow, BreachRow

NOTICE_HOURS = 72  # 3 x 24 hours (Pasal 46)
MAX_TEXT = 20_000
TEXT_FIELDS = ("description", "data_categories", "actions_taken", "notified_whom")
MOMENT_FIELDS = ("discovered_at", "occurred_at", "subjects_notified_at",
                 "authority_notified_at")


@dataclass(frozen=True, slots=True)
class Breach:
    id: str
    discovered_at: str
    occurred_at: str | None
    description: str
    data_categories: str
    subjects_count: int | None
    actions_taken: str | None
    notified_whom: str | None
    subjects_notified_at: str | None
    authority_notified_at: str | None
    recorded_by: str | None
    created_at: str
    updated_at: str

    @property
    def notice_due(self) -> str:
        """3x24 hours after discovery (UTC timestamp)."""
        return iso_utc(parse_iso(self.discovered_at) + dt.timedelta(hours=NOTICE_HOURS))

    @property
    def notified(self) -> bool:
        return bool(self.subjects_notified_at and self.authority_notified_at)

    def overdue(self, now: dt.datetime) -> bool:
        return not self.notified and now > parse_iso(self.notice_due)


@dataclass
class BreachService:
    engine: Any
    clock: Clock = system_clock
    actor: Callable[[], str | None] = lambda: None

    def list(self) -> list[Breach]:
        with read_session(self.engine) as s:
            rows = s.exec(select(BreachRow).order_by(col(BreachRow.discovered_at).desc())).all()
            return [view(Breach, r) for r in rows]

    def get(self, ref: str) -> Breach:
        ref = ref.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{4,32}", ref):
            raise NotFoundError("breach.not_found", ref=ref[:40])
        with read_session(self.engine) as s:
            row = s.get(BreachRow, ref)
            if row is None:
                rows = s.exec(select(BreachRow).where(col(BreachRow.id).startswith(ref))).all()
                if len(rows) > 1:
                    raise AppError("breach.ambiguous", ref=ref)
                row = rows[0] if rows else None
            if row is None:
                raise NotFoundError("breach.not_found", ref=ref)
            return view(Breach, row)

    def _values(self, changes: dict[str, Any], zone: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in changes.items():
            if key in MOMENT_FIELDS:
                out[key] = local_moment(value, zone, item=key) if value else None
            elif key in TEXT_FIELDS:
                text = (value or "").strip() or None
                if text is not None and len(text) > MAX_TEXT:
                    raise InvalidValueError("value.too_long", item=key, max=MAX_TEXT)
                out[key] = text
            elif key == "subjects_count":
                if value in (None, ""):
                    out[key] = None
                else:
                    try:
                        n = int(value)
                    except (TypeError, ValueError):
                        raise InvalidValueError("value.not_integer", value=str(value)[:20]
                                                ) from None
                    if n < 0:
                        raise InvalidValueError("value.not_integer", value=str(value)[:20])
                    out[key] = n
            else:
                raise InvalidValueError("input.unknown_field", field=key)
        check_texts({k: v for k, v in out.items() if isinstance(v, str)})
        return out

    def record(self, *, discovered_at: str, description: str, data_categories: str,
               zone: str = "WIB", **more: Any) -> Breach:
        """A suspected breach: when it was discovered (day, or day and time, in
        ``zone``), what happened and what data; ``more``: any other field."""
        values = self._values({"discovered_at": discovered_at, "description": description,
                               "data_categories": data_categories, **more}, zone)
        for key in ("discovered_at", "description", "data_categories"):
            if not values.get(key):
                raise InvalidValueError("value.required", field=key)
        now = utc_now_iso(self.clock)
        row = BreachRow(id=new_id(), recorded_by=self.actor(), created_at=now, updated_at=now,
                        **values)
        with write_session(self.engine) as s:
            s.add(row)
            s.add(AuditRow(at=now, actor=self.actor(), action="create", entity="breach",
                           entity_id=row.id))
            s.flush()
            return view(Breach, row)

    def update(self, ref: str, *, zone: str = "WIB", **changes: Any) -> Breach:
        """Complete or correct a breach entry (notified whom and when, actions taken)."""
        entry = self.get(ref)
        values = self._values(changes, zone)
        for key in ("discovered_at", "description", "data_categories"):
            if key in values and not values[key]:
                raise InvalidValueError("value.required", field=key)
        now = utc_now_iso(self.clock)
        with write_session(self.engine) as s:
            row = s.get(BreachRow, entry.id)
            assert row is not None
            for key, value in values.items():
                old = getattr(row, key)
                if old != value:
                    setattr(row, key, value)
                    s.add(AuditRow(at=now, actor=self.actor(), action="update",
                                   entity="breach", entity_id=row.id, field=key,
                                   old=None if old is None else str(old),
                                   new=None if value is None else str(value)))
            row.updated_at = now
            s.add(row)
            s.flush()
            return view(Breach, row)

    # ------------------------------------------------------------ the notice draft

    def write_notice(self, ref: str, path: Path | str, *, lang: str = "id",
                     zone: str = "WIB") -> Path:
        """The notice draft of a breach as a PDF (atomically)."""
        from assessor_app.reports.document import render_document

        target = Path(path)
        if target.suffix.lower() != ".pdf":
            raise InvalidValueError("breach.bad_format", path=target.name)
        check_output_path(target)
        entry = self.get(ref)
        atomic_write_bytes(target, render_document(notice_document(entry, lang,
                                                                   self.clock(), zone)))
        return target


def notice_document(entry: Breach, lang: str, now: dt.datetime, zone: str = "WIB") -> Any:
    """The Pasal 46 notice draft of ``entry`` (a Document in ``lang``, times in
    ``zone``)."""
    from assessor_app.formatting import short_moment
    from assessor_app.reports.document import Document, Heading, Para, Rows

    tr = catalogue(lang)
    blank = "........................................"

    def when(value: str | None) -> str:
        return short_moment(value, zone, lang) if value else blank

    blocks: list[Any] = [
        Para(tr.gettext("DRAF — templat untuk dilengkapi lembaga (pengendali data pribadi). "
                        "Isinya mengikuti muatan pemberitahuan yang disebut UU No. 27 Tahun "
                        "2022 Pasal 46: pemberitahuan tertulis paling lambat 3 × 24 jam "
                        "kepada subjek data pribadi dan lembaga, memuat data pribadi yang "
                        "terungkap, kapan dan bagaimana data terungkap, serta upaya "
                        "penanganan dan pemulihan. Bukan nasihat hukum."), small=True,
             bold=True),
        Rows((), (
            (tr.gettext("Pengendali data pribadi"), blank),
            (tr.gettext("Diketahui pada"), when(entry.discovered_at)),
            (tr.gettext("Batas pemberitahuan (3 × 24 jam)"), when(entry.notice_due)),
            (tr.gettext("Nomor catatan"), entry.id[:8]),
        ), (1, 2)),
        Heading(tr.gettext("1. Data pribadi yang terungkap")),
        Para(entry.data_categories or blank),
        Para(tr.gettext("Jumlah subjek data yang terdampak: {n}").format(
            n=entry.subjects_count if entry.subjects_count is not None else blank)),
        Heading(tr.gettext("2. Kapan dan bagaimana data terungkap")),
        Para(tr.gettext("Terjadi: {when}").format(when=when(entry.occurred_at))),
        Para(entry.description or blank),
        Heading(tr.gettext("3. Upaya penanganan dan pemulihan")),
        Para(entry.actions_taken or blank),
        Heading(tr.gettext("4. Pemberitahuan")),
        Rows((tr.gettext("Kepada"), tr.gettext("Tanggal")), (
            (tr.gettext("Subjek data pribadi"), when(entry.subjects_notified_at)),
            (tr.gettext("Lembaga"), when(entry.authority_notified_at)),
        ), (2, 1)),
        Para(entry.notified_whom or "", small=True),
        Heading(tr.gettext("Kontak")),
        Para(blank + "\n" + blank),
    ]
    return Document(
        title=tr.gettext("Pemberitahuan kegagalan pelindungan data pribadi"),
        meta_title=tr.gettext("Pemberitahuan kegagalan pelindungan data pribadi (draf)"),
        subtitle=tr.gettext("UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi, "
                            "Pasal 46"),
        blocks=tuple(blocks), footer=tr.gettext("Draf pemberitahuan · {id}").format(
            id=entry.id[:8]),
        page_label=tr.gettext("Halaman {page} dari {pages}"), lang=lang, created=now,
        draft_mark=tr.gettext("DRAF"))


def breach_dict(entry: Breach) -> dict[str, Any]:
    out = {f.name: getattr(entry, f.name) for f in fields(entry)}
    out["notice_due"] = entry.notice_due
    out["notified"] = entry.notified
    return out


__all__ = ["NOTICE_HOURS", "Breach", "BreachService", "breach_dict", "notice_document"]
