"""Add and edit institutions and assessees. Problems are shown inline under the field; the
dialog stays open and nothing is saved until every field is valid."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDate, QSize, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QWidget,
)

from assessor_app.i18n import _
from assessor_app.services.models import Assessee, Institution
from assessor_app.services.registry import INSTITUTION_KINDS, Registry
from assessor_app.ui.focus import DateEdit, wheel_needs_focus
from assessor_app.ui.geometry import keep_on_screen
from assessor_app.ui.tasks import REGISTRY
from assessor_app.ui.views.common import (
    InlineError,
    dialog_buttons,
    form_layout,
    vbox,
    write_then_accept,
)
from assessor_app.vocabulary import institution_kind_labels

NIK_RE = re.compile(r"^\d{16}$")


def _text(edit: QLineEdit) -> str | None:
    value = " ".join(edit.text().split())
    return value or None


R = TypeVar("R", Institution, Assessee)


class _RecordDialog(QDialog, Generic[R]):
    """A registry record: a new one (``row`` None) or ``row`` edited; the name comes first.
    ``saved`` holds the stored record after accept."""

    def __init__(self, registry: Registry, row: R | None, lang: str, parent: QWidget | None,
                 title: str, name_label: str) -> None:
        super().__init__(parent)
        self.registry = registry
        self.lang = lang
        self.row: R | None = row
        self.saved: R | None = None
        self.setWindowTitle(title)
        keep_on_screen(self, QSize(520, 0))
        self.name = QLineEdit(self)
        self.name_error = InlineError(self)
        self.name.textEdited.connect(lambda _t: self.name_error.clear_error())
        self.error = InlineError(self)
        self.form = form_layout()
        self.form.addRow(name_label, self.name)
        self.form.addRow("", self.name_error)

    def _lay_out(self) -> None:
        buttons, self.ok_button = dialog_buttons(self)
        vbox(self, self.form, self.error, buttons)

    def values(self) -> dict[str, Any]:
        """The record's fields as the form holds them (the name aside)."""
        raise NotImplementedError

    def _loaded(self) -> None:
        """``row`` is in the form: what it holds now is what the record holds. Saving an
        edited record sends only the fields the user changed since: a value the form
        cannot show as it is stored (a kind it does not list, a date it cannot read, a
        name with a double space) is never rewritten by a save that did not touch it."""
        self._as_loaded = (self.name.text(), self.values())

    def _changed(self, values: dict[str, Any]) -> dict[str, Any]:
        """``values`` without the fields that still hold what :meth:`_loaded` found."""
        name, loaded = self._as_loaded
        out = {k: v for k, v in values.items() if k not in loaded or loaded[k] != v}
        if self.name.text() != name:
            out["name"] = " ".join(self.name.text().split())
        return out

    def _save(self, add: Callable[..., R], update: Callable[..., R], values: dict[str, Any],
              error: InlineError | Callable[[Any], InlineError]) -> None:
        """Store the record (on the lane); the dialog closes when it is stored."""
        name = " ".join(self.name.text().split())
        save = functools.partial(add, name, **values) if self.row is None else \
            functools.partial(update, self.row.id, **self._changed(values))
        write_then_accept(self, save, lambda row: setattr(self, "saved", row), error,
                          self.lang, changes=[REGISTRY])


class InstitutionDialog(_RecordDialog[Institution]):
    """New institution, or edit ``row``."""

    def __init__(self, registry: Registry, row: Institution | None = None,
                 lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__(registry, row, lang, parent,
                         _("Ubah lembaga") if row else _("Lembaga baru"), _("&Nama lembaga *"))
        self.kind = wheel_needs_focus(QComboBox(self))
        for key, label in institution_kind_labels().items():
            self.kind.addItem(label, key)
        self.vin = QLineEdit(self)
        self.vin.setPlaceholderText("3273.0412.2019")
        self.licence = QLineEdit(self)
        self.address = QLineEdit(self)
        self.city = QLineEdit(self)
        self.province = QLineEdit(self)
        self.head_name = QLineEdit(self)
        self.head_title = QLineEdit(self)
        self.head_title.setPlaceholderText(_("mis. Direktur, Kepala UPTD"))
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)

        form = self.form
        form.addRow(_("&Jenis"), self.kind)
        form.addRow(_("&VIN"), self.vin)
        form.addRow(_("No. izin / tanda daftar"), self.licence)
        form.addRow(_("&Alamat"), self.address)
        form.addRow(_("&Kota/kabupaten"), self.city)
        form.addRow(_("&Provinsi"), self.province)
        form.addRow(_("Nama &pimpinan"), self.head_name)
        form.addRow(_("Jabatan pimpinan"), self.head_title)
        form.addRow(_("Telepon"), self.phone)
        form.addRow(_("Email"), self.email)
        self._lay_out()
        if row is not None:
            self._load(row)
            self._loaded()

    def _load(self, row: Institution) -> None:
        self.name.setText(row.name)
        self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
        for edit, value in ((self.vin, row.vin), (self.licence, row.licence_no),
                            (self.address, row.address), (self.city, row.city),
                            (self.province, row.province), (self.head_name, row.head_name),
                            (self.head_title, row.head_title), (self.phone, row.phone),
                            (self.email, row.email)):
            edit.setText(value or "")

    def values(self) -> dict[str, Any]:
        kind = self.kind.currentData()
        status = {"LPK_SWASTA": "swasta", "LPK_PEMERINTAH": "pemerintah",
                  "LPK_PERUSAHAAN": "perusahaan", "BLK_UPTP": "pemerintah",
                  "BLK_UPTD": "pemerintah", "BLK_KOMUNITAS": "swasta"}.get(kind)
        return {"kind": kind if kind in INSTITUTION_KINDS else "OTHER",
                "vin": _text(self.vin), "licence_no": _text(self.licence),
                "address": _text(self.address), "city": _text(self.city),
                "province": _text(self.province), "head_name": _text(self.head_name),
                "head_title": _text(self.head_title), "phone": _text(self.phone),
                "email": _text(self.email), "status": status}

    def accept(self) -> None:
        if not " ".join(self.name.text().split()):
            self.name_error.show_error(_("Nama lembaga wajib diisi."))
            self.name.setFocus()
            return
        self._save(self.registry.add_institution, self.registry.update_institution,
                   self.values(), self.error)


class AssesseeDialog(_RecordDialog[Assessee]):
    """New assessee (asesi), or edit ``row``. The NIK must be 16 digits and stays text
    (it may start with 0); a wrong NIK is refused inline and nothing is saved."""

    def __init__(self, registry: Registry, row: Assessee | None = None,
                 lang: str = "id", parent: QWidget | None = None,
                 institution_id: str | None = None) -> None:
        super().__init__(registry, row, lang, parent,
                         _("Ubah asesi") if row else _("Asesi baru"), _("&Nama lengkap *"))
        self.nik = QLineEdit(self)
        self.nik.setPlaceholderText(_("16 angka sesuai KTP"))
        self.nik.setMaxLength(16)
        self.nik.setValidator(QRegularExpressionValidator(r"\d{0,16}", self.nik))
        self.nik.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.nik_error = InlineError(self)
        self.gender = wheel_needs_focus(QComboBox(self))
        self.gender.addItem("—", None)
        self.gender.addItem(_("Laki-laki"), "L")
        self.gender.addItem(_("Perempuan"), "P")
        self.birth_place = QLineEdit(self)
        self.has_birth_date = QCheckBox(_("Diketahui"), self)
        self.birth_date = DateEdit(self)
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDisplayFormat("dd-MM-yyyy")
        self.birth_date.setDate(QDate(2000, 1, 1))
        self.birth_date.setEnabled(False)
        self.has_birth_date.toggled.connect(self.birth_date.setEnabled)
        self.institution = wheel_needs_focus(QComboBox(self))
        self.institution.addItem(_("(tidak ada)"), None)
        for inst in registry.institutions():
            self.institution.addItem(inst.name, inst.id)
        self.phone = QLineEdit(self)
        self.email = QLineEdit(self)
        self.education = QLineEdit(self)

        form = self.form
        form.addRow(_("N&IK"), self.nik)
        form.addRow("", self.nik_error)
        form.addRow(_("&Jenis kelamin"), self.gender)
        form.addRow(_("&Tempat lahir"), self.birth_place)
        birth = QWidget(self)
        vbox(birth, self.has_birth_date, self.birth_date, margins=False)
        form.addRow(_("Tanggal &lahir"), birth)
        form.addRow(_("&Lembaga"), self.institution)
        form.addRow(_("Pendidikan terakhir"), self.education)
        form.addRow(_("Telepon"), self.phone)
        form.addRow(_("Email"), self.email)
        self._lay_out()
        self.nik.textEdited.connect(lambda _t: self.nik_error.clear_error())
        if row is not None:
            self._load(row)
            self._loaded()
        elif institution_id:
            self.institution.setCurrentIndex(max(0, self.institution.findData(institution_id)))

    def _load(self, row: Assessee) -> None:
        self.name.setText(row.name)
        self.nik.setText(row.nik or "")
        self.gender.setCurrentIndex(max(0, self.gender.findData(row.gender)))
        self.birth_place.setText(row.birth_place or "")
        if row.birth_date:
            date = QDate.fromString(row.birth_date[:10], "yyyy-MM-dd")
            if date.isValid():
                self.has_birth_date.setChecked(True)
                self.birth_date.setDate(date)
        self.institution.setCurrentIndex(max(0, self.institution.findData(row.institution_id)))
        self.phone.setText(row.phone or "")
        self.email.setText(row.email or "")
        self.education.setText(row.education or "")

    def validate(self) -> bool:
        ok = True
        if not " ".join(self.name.text().split()):
            self.name_error.show_error(_("Nama asesi wajib diisi."))
            self.name.setFocus()
            ok = False
        nik = self.nik.text().strip()
        kept = self.row is not None and nik == (self.row.nik or "")  # not checked again
        if nik and not kept and not NIK_RE.match(nik):
            self.nik_error.show_error(_(
                "NIK harus tepat 16 angka (sekarang {n} angka).").format(n=len(nik)))
            if ok:
                self.nik.setFocus()
            ok = False
        return ok

    def values(self) -> dict[str, Any]:
        return {"nik": self.nik.text().strip() or None,
                "gender": self.gender.currentData(),
                "birth_place": _text(self.birth_place),
                "birth_date": self.birth_date.date().toString("yyyy-MM-dd")
                if self.has_birth_date.isChecked() else None,
                "institution_id": self.institution.currentData(),
                "phone": _text(self.phone), "email": _text(self.email),
                "education": _text(self.education)}

    def accept(self) -> None:
        if self.validate():
            self._save(self.registry.add_assessee, self.registry.update_assessee,
                       self.values(), lambda exc: self.nik_error
                       if exc.code == "value.bad_nik" else self.error)
