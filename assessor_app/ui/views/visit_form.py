"""A field visit: surat tugas number, place, date, start time, time zone and team.

:class:`VisitForm` is the editable block (used inside the new-assessment dialog and in
:class:`VisitDialog`); :meth:`VisitForm.create` stores the visit through the registry."""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QDate, QSize, QTime
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from assessor_app.core.clock import TIMEZONES
from assessor_app.i18n import _
from assessor_app.services.models import Assessor, Visit
from assessor_app.services.registry import Registry
from assessor_app.ui.errors import describe_error
from assessor_app.ui.focus import DateEdit, TimeEdit, wheel_needs_focus
from assessor_app.ui.geometry import keep_on_screen
from assessor_app.ui.tasks import REGISTRY, VISITS, Op
from assessor_app.ui.views.common import (
    InlineError,
    add_check_item,
    checked_values,
    dialog_buttons,
    form_layout,
    hbox,
    vbox,
    write_then_accept,
)


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
        self.date = DateEdit(self)
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.date.setDate(QDate.currentDate())
        self.date.setMaximumWidth(180)
        self.start_time = TimeEdit(self)
        self.start_time.setDisplayFormat("HH.mm")
        self.start_time.setTime(QTime(8, 0))
        self.end_time = TimeEdit(self)
        self.end_time.setDisplayFormat("HH.mm")
        self.end_time.setTime(QTime(16, 0))
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
        time_row = hbox(self.start_time, self.end_time, self.timezone, None)

        form = form_layout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(_("No. &surat tugas *"), self.letter_no)
        form.addRow("", self.letter_error)
        if show_institution:
            form.addRow(_("Lem&baga"), self.institution)
        form.addRow(_("&Tempat *"), self.place)
        form.addRow("", self.place_error)
        form.addRow(_("Tangga&l"), self.date)
        form.addRow(_("Mulai – selesai, zona"), time_row)
        form.addRow(_("Jenis TUK"), self.tuk)
        form.addRow(_("Ti&m (ketua = pertama)"), self.team)
        form.addRow("", member_row)
        self.letter_no.textEdited.connect(lambda _t: self.letter_error.clear_error())
        self.place.textEdited.connect(lambda _t: self.place_error.clear_error())

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
        return ok

    def create_visit(self, institution_id: str | None = None) -> Callable[[], Visit]:
        """The write that stores the visit as the form shows it now (call :meth:`validate`
        first): the widgets are read here, on the GUI thread; run the returned function on
        the database lane. It raises AppError."""
        team = self.team_ids()
        roles = [(aid, "KETUA" if n == 0 else "ANGGOTA") for n, aid in enumerate(team)]
        tz = str(self.timezone.currentData())
        assert tz in TIMEZONES
        day = self.date.date().toString("yyyy-MM-dd")
        inst = institution_id if institution_id is not None else self.institution.currentData()
        return functools.partial(
            self.registry.add_visit,
            institution_id=inst, letter_no=" ".join(self.letter_no.text().split()),
            timezone=tz, assessors=roles, place=" ".join(self.place.text().split()),
            start_date=day, end_date=day,
            start_time=self.start_time.time().toString("HH.mm"),
            end_time=self.end_time.time().toString("HH.mm"),
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
