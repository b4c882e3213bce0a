"""A field visit: surat tugas number, place, first and last day, hours, time zone and team.

:class:`VisitForm` is the editable block (used inside the new-assessment dialog and in
:class:`VisitDialog`); :meth:`VisitForm.create` stores the visit through the registry."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from PySide6.QtCore import QDate, QRegularExpression, QSize
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from assessor_app.core.clock import TIMEZONES
from assessor_app.i18n import _, pgettext
from assessor_app.services.models import Assessor, Visit
from assessor_app.services.registry import Registry
from assessor_app.ui.errors import describe_error
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.geometry import keep_on_screen
from assessor_app.ui.tasks import REGISTRY, VISITS, Op
from assessor_app.ui.views.common import (
    EmptyDateEdit,
    InlineError,
    add_check_item,
    checked_values,
    dialog_buttons,
    form_layout,
    hbox,
    vbox,
    write_then_accept,
)

# what a time field lets through while it is typed ("8", "08.", "08.3"); "08.30" and
# "8:30" are complete (clock_value)
TIME_TYPING = QRegularExpression(r"^\d{0,2}([.:]\d{0,2})?$")
_CLOCK = re.compile(r"^\s*([01]?\d|2[0-3])[.:]([0-5]\d)\s*$")


def clock_value(text: str) -> str | None:
    """'8.30', '08:30' -> '08.30' (as visits store times); None for empty or no time."""
    m = _CLOCK.match(text)
    return f"{int(m.group(1)):02d}.{m.group(2)}" if m else None


def _member_label(name: str, registration_no: str | None) -> str:
    return name + (f" — {registration_no}" if registration_no else "")


def timezone_labels() -> dict[str, str]:
    return {"WIB": "WIB (UTC+7)", "WITA": "WITA (UTC+8)", "WIT": "WIT (UTC+9)"}


class VisitForm(QWidget):
    def __init__(self, registry: Registry, lang: str = "id", parent: QWidget | None = None,
                 show_institution: bool = True) -> None:
        super().__init__(parent)
        self.registry = registry
        self.lang = lang
        self.letter_no = QLineEdit(self)
        self.letter_no.setPlaceholderText("562/1184/LATTAS-JKP/XI/2026")
        self.letter_error = InlineError(self)
        self.institution = wheel_needs_focus(QComboBox(self))
        self.institution.addItem(_("(tidak ada)"), None)
        for inst in registry.institutions():
            self.institution.addItem(inst.name, inst.id)
        self.institution.setVisible(show_institution)
        self.place = QLineEdit(self)
        self.place.setPlaceholderText(_("kota tempat tanda tangan, mis. Bandung"))
        self.place_error = InlineError(self)
        # the days and hours come from the surat tugas: nothing is filled in for the
        # assessor (the machine's today and 08.00-16.00 were saved, and the day went into
        # every FR.IA "Tanggal" of the visit)
        self.date = EmptyDateEdit(self, _("— pilih tanggal —"))
        self.date.setAccessibleName(_("Tanggal mulai"))
        self.end_date = EmptyDateEdit(self, _("— satu hari —"))
        self.end_date.setAccessibleName(_("Tanggal selesai"))
        self.end_date.setToolTip(_("Hari terakhir kunjungan; kosong = satu hari"))
        self.date_error = InlineError(self)
        self.time_error = InlineError(self)
        self.start_time = QLineEdit(self)
        self.end_time = QLineEdit(self)
        for edit, name in ((self.start_time, _("Jam mulai")), (self.end_time, _("Jam selesai"))):
            edit.setPlaceholderText(_("JJ.MM"))
            edit.setValidator(QRegularExpressionValidator(TIME_TYPING, edit))
            edit.setMaximumWidth(80)
            edit.setAccessibleName(name)
            edit.textEdited.connect(lambda _t: self.time_error.clear_error())
        self.timezone = wheel_needs_focus(QComboBox(self))
        for key, label in timezone_labels().items():
            self.timezone.addItem(label, key)
        self.tuk = wheel_needs_focus(QComboBox(self))
        self.tuk.addItem("—", None)
        self.tuk.addItem(_("TUK Sewaktu"), "sewaktu")
        self.tuk.addItem(_("TUK Tempat Kerja"), "tempat_kerja")
        self.tuk.addItem(_("TUK Mandiri"), "mandiri")
        self.tuk.setMaximumWidth(260)

        self.team = QListWidget(self)
        self.team.setMaximumHeight(96)
        self.team.setAccessibleName(_("Tim asesor"))
        me = registry.self_assessor()
        for a in registry.assessors():
            add_check_item(self.team, _member_label(a.name, a.registration_no), a.id,
                           checked=me is not None and a.id == me.id)
        self.new_member = QLineEdit(self)
        self.new_member.setPlaceholderText(_("nama anggota tim baru"))
        self.new_member_reg = QLineEdit(self)
        self.new_member_reg.setPlaceholderText("MET.000.000000 2024")
        self.add_member = QPushButton(_("Tambah ke tim"), self)
        self.add_member.clicked.connect(self._add_member)
        member_row = hbox((self.new_member, 2), (self.new_member_reg, 2), self.add_member)
        date_row = hbox(self.date, QLabel(pgettext("DateRange", "s.d."), self), self.end_date,
                        None)
        time_row = hbox(self.start_time, QLabel("–", self), self.end_time, self.timezone, None)

        form = form_layout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("No. &surat tugas *"), self.letter_no)
        form.addRow("", self.letter_error)
        if show_institution:
            form.addRow(_("Lem&baga"), self.institution)
        form.addRow(_("&Tempat *"), self.place)
        form.addRow("", self.place_error)
        date_label = QLabel(_("Tangga&l *"), self)
        date_label.setBuddy(self.date)
        form.addRow(date_label, date_row)
        form.addRow("", self.date_error)
        time_label = QLabel(_("&Jam (boleh kosong)"), self)
        time_label.setBuddy(self.start_time)
        form.addRow(time_label, time_row)
        form.addRow("", self.time_error)
        form.addRow(_("Jenis TUK"), self.tuk)
        form.addRow(_("Ti&m (ketua = pertama)"), self.team)
        form.addRow("", member_row)
        self.letter_no.textEdited.connect(lambda _t: self.letter_error.clear_error())
        self.place.textEdited.connect(lambda _t: self.place_error.clear_error())
        self._following = True  # the end date follows the start until it is set apart
        self.date.dateChanged.connect(self._on_start_changed)
        self.end_date.dateChanged.connect(self._on_end_changed)

    def _on_start_changed(self, _day: QDate) -> None:
        self.date_error.clear_error()
        start, end = self.date.day(), self.end_date.day()
        if start is not None and (self._following or end is None or end < start):
            self.end_date.blockSignals(True)  # a two-day visit: the user moves the end on
            self.end_date.set_day(start)
            self.end_date.blockSignals(False)
            self._following = True

    def _on_end_changed(self, _day: QDate) -> None:
        self.date_error.clear_error()
        self._following = self.end_date.day() is None or self.end_date.day() == self.date.day()

    def set_institution(self, institution_id: str | None) -> None:
        index = self.institution.findData(institution_id)
        if index >= 0:
            self.institution.setCurrentIndex(index)

    def set_place(self, place: str | None) -> None:
        if place and not self.place.text().strip():
            self.place.setText(place)

    def set_timezone(self, tz: str) -> None:
        self.timezone.setCurrentIndex(max(0, self.timezone.findData(tz)))

    def _add_member(self) -> None:
        name = " ".join(self.new_member.text().split())
        if not name:
            self.new_member.setFocus()
            return
        reg = " ".join(self.new_member_reg.text().split()) or None
        self.add_member.setEnabled(False)
        Op(self, lambda: self.registry.add_assessor(name, registration_no=reg), lang=self.lang) \
            .changes(REGISTRY).success(lambda row: self._member_added(row, name, reg)) \
            .failure(lambda exc: self.letter_error.show_error(describe_error(exc, self.lang))) \
            .finished(lambda: self.add_member.setEnabled(True)).run()

    def _member_added(self, row: Assessor, name: str, reg: str | None) -> None:
        add_check_item(self.team, _member_label(name, reg), row.id, checked=True)
        self.new_member.clear()
        self.new_member_reg.clear()

    def team_ids(self) -> list[str]:
        return checked_values(self.team)

    def validate(self) -> bool:
        ok = True
        if not self.letter_no.text().strip():
            self.letter_error.show_error(_("Nomor surat tugas wajib diisi."))
            self.letter_no.setFocus()
            ok = False
        if not self.place.text().strip():
            self.place_error.show_error(_("Tempat wajib diisi (dicetak sebagai "
                                          "\u201cKota, tanggal\u201d)."))
            if ok:
                self.place.setFocus()
            ok = False
        for check, error in ((self._date_problem, self.date_error),
                             (self._time_problem, self.time_error)):
            problem, field = check()
            if problem:
                error.show_error(problem)
                if ok and field is not None:
                    field.setFocus()
                ok = False
        return ok

    def _date_problem(self) -> tuple[str, QWidget | None]:
        start, end = self.date.day(), self.end_date.day()
        if start is None:
            return _("Pilih tanggal kunjungan (dari surat tugas)."), self.date
        if end is not None and end < start:
            return _("Tanggal selesai tidak boleh sebelum tanggal mulai."), self.end_date
        return "", None

    def _time_problem(self) -> tuple[str, QWidget | None]:
        times = {}
        for edit in (self.start_time, self.end_time):
            text = edit.text().strip()
            if text and clock_value(text) is None:
                return _("Jam ditulis JJ.MM, mis. 08.30 (atau kosongkan)."), edit
            times[edit] = clock_value(text)
        start, end = times[self.start_time], times[self.end_time]
        one_day = self.end_date.day() in (None, self.date.day())
        if one_day and start is not None and end is not None and end <= start:
            return _("Jam selesai harus sesudah jam mulai."), self.end_time
        return "", None

    def days(self) -> tuple[str | None, str | None]:
        """The first and last day as YYYY-MM-DD (the last is the first when not set)."""
        start = self.date.iso()
        return start, self.end_date.iso() or start

    def set_days(self, start: QDate | None, end: QDate | None = None) -> None:
        self.date.set_day(start)
        if end is not None:
            self.end_date.set_day(end)

    def create_visit(self, institution_id: str | None = None) -> Callable[[], Visit]:
        """The write that stores the visit as the form shows it now (call :meth:`validate`
        first): the widgets are read here, on the GUI thread; run the returned function on
        the database lane. It raises AppError."""
        team = self.team_ids()
        roles = [(aid, "KETUA" if n == 0 else "ANGGOTA") for n, aid in enumerate(team)]
        tz = str(self.timezone.currentData())
        assert tz in TIMEZONES
        start_day, end_day = self.days()
        inst = institution_id if institution_id is not None else self.institution.currentData()
        return functools.partial(
            self.registry.add_visit,
            institution_id=inst, letter_no=" ".join(self.letter_no.text().split()),
            timezone=tz, assessors=roles, place=" ".join(self.place.text().split()),
            start_date=start_day, end_date=end_day,
            start_time=clock_value(self.start_time.text()),
            end_time=clock_value(self.end_time.text()),
            tuk_type=self.tuk.currentData())


class VisitDialog(QDialog):
    def __init__(self, registry: Registry, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Kunjungan baru"))
        keep_on_screen(self, QSize(600, 0))
        self.form = VisitForm(registry, lang, self)
        self.error = InlineError(self)
        self.lang = lang
        self.saved: Visit | None = None
        buttons, self.ok_button = dialog_buttons(self)
        vbox(self, self.form, self.error, buttons)

    def accept(self) -> None:
        if not self.form.validate():
            return
        write_then_accept(self, self.form.create_visit(),
                          lambda visit: setattr(self, "saved", visit), self.error, self.lang,
                          changes=[VISITS])
