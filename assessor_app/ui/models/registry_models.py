"""Qt table models over the registry: institutions, assessees (NIK masked), visits,
templates, and the revision history of one assessment.

These lists are small (hundreds, not tens of thousands), so each model loads its rows in
one service call and is refreshed after an edit. Every model is a thin column table over
plain rows (``ui/models/rows.py``); the views never read rows directly except through
:meth:`RowsModel.row_at`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from assessor_app.formatting import verdict_label
from assessor_app.i18n import _
from assessor_app.services.models import (
    Assessee,
    AssessmentSummary,
    Institution,
    SchemeInfo,
    TemplateInfo,
    Visit,
)
from assessor_app.services.registry import Registry, mask_nik
from assessor_app.services.templates import TemplateService
from assessor_app.ui.models.format import format_date, format_date_range, format_datetime
from assessor_app.ui.models.rows import CENTRE, Column, RowsModel
from assessor_app.vocabulary import institution_kind_labels, status_label

R = TypeVar("R")


class RegistryModel(RowsModel[R]):
    """A registry list: loaded whole by :meth:`load`; an empty value shows as "—"."""

    def __init__(self, columns: Sequence[Column[R]], parent: Any = None) -> None:
        super().__init__(columns, parent, blank="—")
        self.search = ""

    def refresh(self, search: str | None = None) -> None:
        """Load the rows again (those matching ``search``, kept for the next refresh)."""
        if search is not None:
            self.search = search
        self.set_rows(self.load())

    def load(self) -> Sequence[R]:
        raise NotImplementedError



class InstitutionListModel(RegistryModel[Institution]):
    def __init__(self, registry: Registry, parent: Any = None) -> None:
        kinds = institution_kind_labels()
        super().__init__([
            Column(_("Nama lembaga"), lambda r: r.name),
            Column(_("Jenis"), lambda r: kinds.get(r.kind, r.kind)),
            Column(_("VIN"), lambda r: r.vin),
            Column(_("Kota"), lambda r: r.city),
            Column(_("Provinsi"), lambda r: r.province),
            Column(_("Pimpinan"), lambda r: r.head_name),
        ], parent)
        self._registry = registry

    def load(self) -> list[Institution]:
        return self._registry.institutions(self.search)


class AssesseeListModel(RegistryModel[Assessee]):
    """Assessees; the NIK is shown masked (``3201••••••••0001``), never in full."""

    def __init__(self, registry: Registry, parent: Any = None) -> None:
        self._institutions: dict[str, str] = {}
        super().__init__([
            Column(_("Nama asesi"), lambda r: r.name),
            Column(_("NIK"), lambda r: mask_nik(r.nik)),
            Column(_("L/P"), lambda r: r.gender, align=CENTRE),
            Column(_("Tempat, tanggal lahir"), self._born),
            Column(_("Lembaga"),
                   lambda r: self._institutions.get(r.institution_id or "", "")),
        ], parent)
        self._registry = registry

    @staticmethod
    def _born(r: Assessee) -> str:
        parts = [r.birth_place or "", format_date(r.birth_date) if r.birth_date else ""]
        return ", ".join(p for p in parts if p)

    def load(self) -> list[Assessee]:
        self._institutions = {i.id: i.name for i in self._registry.institutions()}
        return self._registry.assessees(self.search)


class VisitListModel(RegistryModel[Visit]):
    def __init__(self, registry: Registry, lang: str = "id", parent: Any = None) -> None:
        self._institutions: dict[str, str] = {}
        self._teams: dict[str, str] = {}
        super().__init__([
            Column(_("Nomor surat tugas"), lambda r: r.letter_no),
            Column(_("Lembaga"),
                   lambda r: self._institutions.get(r.institution_id or "", "")),
            Column(_("Tempat"), lambda r: r.place),
            Column(_("Tanggal"), lambda r: format_date_range(r.start_date, r.end_date, lang)),
            Column(_("Waktu"), self._time),
            Column(_("Tim"), lambda r: self._teams.get(r.id, "")),
        ], parent)
        self._registry = registry

    @staticmethod
    def _time(r: Visit) -> str:
        span = "–".join(x for x in (r.start_time, r.end_time) if x)
        return f"{span} {r.timezone}".strip()

    def load(self) -> list[Visit]:
        self._institutions = {i.id: i.name for i in self._registry.institutions()}
        visits = self._registry.visits()
        self._teams = {v.id: ", ".join(a.name for a, _role in self._registry.visit_team(v.id))
                       for v in visits}
        return visits


def subject_kind_label(subject: str) -> str:
    return {"institution": _("Lembaga"), "assessee": _("Asesi"),
            "visit": _("Per kunjungan")}.get(subject, subject)


class TemplateListModel(RegistryModel[TemplateInfo]):
    def __init__(self, templates: TemplateService, lang: str = "id", parent: Any = None) -> None:
        super().__init__([
            Column(_("Kode"), lambda r: r.code),
            Column(_("Judul"),
                   lambda r: r.title_en if lang == "en" and r.title_en else r.title),
            # (the kind, "Kompetensi (BNSP)" on nearly every row, is in the details pane:
            # the column took the width the titles need)
            Column(_("Subjek"), lambda r: subject_kind_label(r.subject)),
            Column(_("Versi"), lambda r: r.version, align=CENTRE),
        ], parent)
        self._templates = templates

    def load(self) -> list[TemplateInfo]:
        return self._templates.latest()


def scheme_type_label(kind: str, level: str | None) -> str:
    """``KKNI II``, ``Okupasi III``, ``Klaster``: the scheme type and its level."""
    return f"{kind} {level}" if level else kind


class SchemeListModel(RowsModel[SchemeInfo]):
    """The installed certification schemes (``SchemeService.schemes()``, read on the
    database lane by the page and handed over with :meth:`set_rows`)."""

    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        super().__init__([
            Column(_("Nomor skema"), lambda r: r.number, tooltip=self._about),
            Column(_("Judul"), lambda r: r.title.get(lang), tooltip=self._about),
            Column(_("Jenis"), lambda r: scheme_type_label(r.type, r.level)),
            Column(_("Versi"), lambda r: ", ".join(r.versions),
                   tooltip=lambda r: _("Versi terpasang: {versions} (terbaru: {latest})").format(
                       versions=", ".join(r.versions), latest=r.versions[-1])),
            Column(_("LSP"), lambda r: r.lsp),
        ], parent, blank="—")

    @staticmethod
    def _about(r: SchemeInfo) -> str:
        return _("{slug}: {units} unit, {kuk} KUK, {n} instrumen MUK").format(
            slug=r.slug, units=r.units, kuk=r.kuk, n=len(r.instruments))


@dataclass(frozen=True)
class HistoryEntry:
    row: AssessmentSummary
    signers: str  # "Asesi: Rizky …; Asesor: Budi …"
    kind: str | None = None  # the template's kind: a competency record shows K/BK/OL only

    @property
    def id(self) -> str:
        return self.row.id


class RevisionHistoryModel(RegistryModel[HistoryEntry]):
    """Every revision of one assessment: number, status, reason, signers, content hash."""

    def __init__(self, lang: str = "id", parent: Any = None) -> None:
        super().__init__([
            Column(_("Revisi"), lambda e: str(e.row.revision), align=CENTRE),
            Column(_("Status"), lambda e: self._status(e.row)),
            Column(_("Alasan revisi"), lambda e: e.row.revision_reason),
            Column(_("Penanda tangan"), lambda e: e.signers),
            Column(_("Hasil"), lambda e: verdict_label(e.row.verdict, e.kind), align=CENTRE),
            Column(_("Hash isi"), lambda e: (e.row.content_sha256 or "")[:12]),
            Column(_("Diubah"), lambda e: format_datetime(e.row.updated_at, lang)),
        ], parent)

    @staticmethod
    def _status(row: AssessmentSummary) -> str:
        text = status_label(row.status)
        if not row.is_current:
            text += " · " + _("digantikan")
        return text
