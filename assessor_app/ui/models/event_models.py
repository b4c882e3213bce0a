"""Qt models of the certification event of a visit (``CertificationService.status``):
the grid asesi x instruments, and the FR.AK.02 units of one asesi.

Words, not codes: every instrument's state is a word with a colour (belum / draf / final /
ditandatangani sebagian / ditandatangani) and its verdict is K, OL or BK as the MUK writes
them (never a percentage, never "Lulus"). :func:`load_event` is what the event window reads
on the database lane.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from assessor_app.core.errors import AppError
from assessor_app.core.muk_forms import AK02_EVIDENCE
from assessor_app.core.scoring import BK, OL, K
from assessor_app.i18n import _, current_language, pgettext
from assessor_app.services.certification import (
    PER_ASESI,
    AsesiEvent,
    EventStatus,
    Step,
    UnitProposal,
)
from assessor_app.services.models import Visit
from assessor_app.ui.models.format import format_date_range
from assessor_app.ui.models.rows import CENTRE, Column, Index, RowsModel
from assessor_app.vocabulary import state_word, verdict_word, verdict_words

# The instruments the grid always shows (when the scheme has them), in event order; any
# other per-asesi instrument gets a column once someone has a record of it.
GRID_FORMS = ("FR.APL.01", "FR.APL.02", "FR.AK.01", "FR.IA.01", "FR.IA.02", "FR.IA.03",
              "FR.IA.05", "FR.IA.07", "FR.AK.02", "FR.AK.03", "FR.AK.04")

STEP_ROLE = Qt.ItemDataRole.UserRole + 1  # the Step of a cell (None in the name column)
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 2  # "K" / "OL" / "BK" / None
SHORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the state in a word that fits a narrow cell

# State -> (text colour, background): grey, amber, blue, violet, green.
STATE_COLOURS: dict[str | None, tuple[str, str]] = {
    None: ("#6b6f76", "#f1f2f4"),
    "draft": ("#7a4f00", "#fff1cc"),
    "complete": ("#1d4f91", "#dde9fa"),
    "signed": ("#5b3a94", "#ece4f8"),
    "locked": ("#1e6b34", "#dcf1e2"),
}
VERDICT_COLOURS = {K: "#1e6b34", OL: "#a05a00", BK: "#b3261e"}



def short_state_words() -> dict[str | None, str]:
    """The same states in a word that fits a narrow grid cell (the legend explains them)."""
    return {None: pgettext("EventGrid", "belum"), "draft": _("draf"), "complete": _("final"),
            "signed": pgettext("EventGrid", "sebagian"), "locked": pgettext("EventGrid", "ttd")}



def shown_verdict(verdict: str | None) -> str | None:
    """K, OL or BK; anything else (no verdict, a legacy score) shows nothing."""
    return verdict if verdict in (K, OL, BK) else None


def form_header(form: str) -> str:
    """``FR.IA.01`` -> ``IA.01`` (the grid's column title)."""
    if form == "CEKLIS.DOKUMEN":
        return _("Dokumen")
    return form.removeprefix("FR.")


def forms_list(forms: tuple[str, ...] | list[str]) -> str:
    """``FR.IA.07/IA.03``: the first code whole, the others without ``FR.``."""
    return "/".join(f if n == 0 else f.removeprefix("FR.") for n, f in enumerate(forms))


def unit_note(unit: UnitProposal) -> str:
    """What the evidence says about one unit, in one sentence."""
    if unit.proposal is None:
        return _("Belum ada bukti dari instrumen yang final.")
    if unit.open:
        text = _("KUK belum tercapai: {kuk}").format(kuk=", ".join(unit.open))
        if unit.ask:
            text += " — " + _("tanyakan pada {forms}").format(forms=forms_list(unit.ask))
        return text
    english = current_language() == "en"  # the UI's language, as _() speaks it
    names = {value: en if english else label for value, label, en, _forms in AK02_EVIDENCE}
    evidence = ", ".join(names.get(e, e) for e in unit.evidence)
    return _("Semua KUK tercapai · bukti: {evidence}").format(evidence=evidence or "—")


# ------------------------------------------------------------------ reading the event


@dataclass(frozen=True)
class EventSnapshot:
    """What the event window shows, read in one go on the database lane."""

    visit: Visit
    institution: str
    schemes: tuple[tuple[str, str], ...]  # (number, title) of every installed MUK scheme
    scheme: str | None  # the number shown (None: no MUK 2023 scheme installed)
    visit_scheme: bool  # the scheme is the visit's own (else the first one, to be chosen)
    status: EventStatus | None


def load_event(services: Any, visit_id: str, scheme_ref: str | None) -> EventSnapshot:
    """The visit, the installed schemes and the event status for ``scheme_ref`` (None: the
    visit's scheme, else the first installed one)."""
    registry, cert = services.registry, services.certification
    visit = registry.visit(visit_id)
    institution = ""
    if visit.institution_id:
        institution = registry.institution(visit.institution_id).name
    schemes = tuple((s.number, s.title) for s in cert.schemes())
    own = True
    if scheme_ref is None and schemes:
        try:
            scheme_ref = cert.scheme_of_visit(visit.id).number
        except AppError:  # no scheme on the visit, or not installed as MUK 2023
            scheme_ref, own = schemes[0][0], False
    status = cert.status(visit.id, scheme_ref) if scheme_ref else None
    return EventSnapshot(visit, institution, schemes, scheme_ref, own, status)


def visit_line(snapshot: EventSnapshot, lang: str) -> str:
    v = snapshot.visit
    parts = [v.letter_no or "", snapshot.institution, v.place or "",
             format_date_range(v.start_date, v.end_date, lang) if v.start_date else ""]
    return " · ".join(p for p in parts if p)


# ------------------------------------------------------------------ the grid


class EventGridModel(QAbstractTableModel):
    """One row per asesi, the name then one column per instrument. A cell's text is the
    state word; :data:`VERDICT_ROLE` its verdict, :data:`STEP_ROLE` its :class:`Step`."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._people: list[AsesiEvent] = []
        self._forms: list[str] = []
        self._steps: list[dict[str, Step]] = []

    # ------------------------------------------------------------ data

    def set_event(self, status: EventStatus | None) -> None:
        self.beginResetModel()
        if status is None:
            self._people, self._forms, self._steps = [], [], []
        else:
            self._people = list(status.asesi)
            self._steps = [{s.form: s for s in p.steps} for p in self._people]
            started = {f for steps in self._steps for f, s in steps.items()
                       if s.status is not None}
            self._forms = [f for f in PER_ASESI if f in status.scheme.codes
                           and (f in GRID_FORMS or f in started)]
        self.endResetModel()

    @property
    def forms(self) -> list[str]:
        return list(self._forms)

    def person(self, row: int) -> AsesiEvent:
        return self._people[row]

    def row_of(self, assessee_id: str | None) -> int:
        return next((n for n, p in enumerate(self._people) if p.assessee_id == assessee_id),
                    -1)

    def column_of(self, form: str) -> int:
        return self._forms.index(form) + 1 if form in self._forms else -1

    def step_at(self, index: Index) -> Step | None:
        if not index.isValid() or index.column() == 0:
            return None
        form = self._forms[index.column() - 1]
        return self._steps[index.row()].get(form)

    def cell(self, name: str, form: str) -> QModelIndex:
        """The cell of asesi ``name`` and instrument ``form`` (for tests and shortcuts)."""
        row = next(n for n, p in enumerate(self._people) if p.name == name)
        return self.index(row, self.column_of(form))

    # ------------------------------------------------------------ Qt

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._people)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self._forms else len(self._forms) + 1

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _("Asesi") if section == 0 else form_header(self._forms[section - 1])
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            return self._forms[section - 1]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        person = self._people[index.row()]
        if index.column() == 0:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                return person.name
            return None
        step = self.step_at(index)
        state = step.status if step is not None else None
        verdict = shown_verdict(step.verdict) if step is not None else None
        if role == Qt.ItemDataRole.DisplayRole:
            return state_word(state)
        if role == SHORT_ROLE:
            return short_state_words().get(state, state)
        if role == VERDICT_ROLE:
            return verdict
        if role == STEP_ROLE:
            return step
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(STATE_COLOURS.get(state, STATE_COLOURS[None])[0])
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(STATE_COLOURS.get(state, STATE_COLOURS[None])[1])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(CENTRE)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            form = self._forms[index.column() - 1]
            text = f"{form} · {person.name}: {state_word(state)}"
            if verdict:
                text += f" · {verdict_words()[verdict]}"
            if role == Qt.ItemDataRole.ToolTipRole:
                text += "\n" + (_("Enter atau klik ganda: buka di penyunting")
                                if step is not None and step.revision_id else
                                _("Enter atau klik ganda: mulai"))
            return text
        return None


# ------------------------------------------------------------------ the units of one asesi


def _coloured(value: str | None) -> str | None:
    return VERDICT_COLOURS.get(value or "")


class UnitsModel(RowsModel[UnitProposal]):
    """The FR.AK.02 units of one asesi: the proposal from the evidence, the assessor's
    decision, and what is still open."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__([
            Column(_("Unit kompetensi"), lambda u: f"{u.code}\n{u.title}",
                   tooltip=lambda u: f"{u.code} {u.title}"),
            Column(_("Usulan"), lambda u: u.proposal, colour=lambda u: _coloured(u.proposal),
                   align=CENTRE, bold=lambda u: True,
                   tooltip=lambda u: _("Usulan FR.AK.02 dari bukti KUK: {verdict}").format(
                       verdict=verdict_word(u.proposal))),
            Column(_("Keputusan"), lambda u: u.decision,
                   colour=lambda u: _coloured(u.decision), align=CENTRE,
                   bold=lambda u: True,
                   tooltip=lambda u: _("Keputusan asesor pada FR.AK.02: {verdict}").format(
                       verdict=verdict_word(u.decision))),
            Column(_("Catatan"), unit_note),
        ], parent, blank="—")


__all__ = ["GRID_FORMS", "SHORT_ROLE", "STATE_COLOURS", "STEP_ROLE", "VERDICT_COLOURS",
           "VERDICT_ROLE", "EventGridModel", "EventSnapshot", "UnitsModel", "forms_list",
           "load_event", "short_state_words", "shown_verdict", "unit_note", "visit_line"]
