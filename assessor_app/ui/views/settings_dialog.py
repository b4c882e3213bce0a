"""Settings: the assessor's profile (kept in the registry), language, default paper size,
office mode (the same setting as Tampilan -> Mode kantor; the main window applies it when
the dialog is saved), and the data, backup and log locations (shown, not editable: they
come from paths.py)."""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.core.integrity import normalise_met
from assessor_app.i18n import _
from assessor_app.services.maintenance import backups as list_backups
from assessor_app.services.runtime import Services
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.settings import AppSettings, Profile, load_profile
from assessor_app.ui.tasks import REGISTRY, SETTINGS
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import (
    InlineError,
    dialog_buttons,
    form_layout,
    hbox,
    hint_label,
    scrolled_body,
    vbox,
    write_then_accept,
)

MET_RE = re.compile(r"^MET\.\d{3}\.\d{6}[ .]\d{4}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]{2,}$")


class SettingsDialog(ServiceDialog):
    personal_data_requested = Signal()  # "Retensi dan data pribadi…"

    def __init__(self, services: Services, settings: AppSettings, lang: str = "id",
                 parent: QWidget | None = None) -> None:
        super().__init__(services, lang, parent, title=_("Pengaturan"), min_width=640)
        self.settings = settings
        self.language_changed = False
        self.office_mode_changed = False
        profile = load_profile(services.registry)

        # --- profile
        self.name = QLineEdit(profile.name, self)
        self.name.setPlaceholderText(_("nama tanpa gelar"))
        self.name_error = InlineError(self)
        self.title_front = QLineEdit(profile.title_front, self)
        self.title_front.setPlaceholderText(_("mis. Dr., Ir."))
        self.title_back = QLineEdit(profile.title_back, self)
        self.title_back.setPlaceholderText(_("mis. S.T., M.Pd."))
        self.registration = QLineEdit(profile.registration_no, self)
        self.registration.setPlaceholderText("MET.000.004633 2020")
        self.registration_hint = hint_label("", self, wrap=False)
        self.registration.textChanged.connect(self._check_registration)
        self.email = QLineEdit(profile.email, self)
        self.registration_error = InlineError(self)
        self.email_error = InlineError(self)
        self.registration.textEdited.connect(lambda _t: self.registration_error.clear_error())
        self.email.textEdited.connect(lambda _t: self.email_error.clear_error())
        prof_box = QGroupBox(_("Profil asesor"), self)
        pf = form_layout(prof_box)
        pf.addRow(_("&Nama *"), self.name)
        pf.addRow("", self.name_error)
        pf.addRow(_("Gelar depan / belakang"), hbox(self.title_front, self.title_back))
        pf.addRow(_("No. &Reg. (MET)"), self.registration)
        pf.addRow("", self.registration_hint)
        pf.addRow("", self.registration_error)
        pf.addRow(_("&Email"), self.email)
        pf.addRow("", self.email_error)
        pf.addRow("", hint_label(_("Nama dan No. Reg. diisikan otomatis saat Anda "
                                   "menandatangani sebagai asesor."), self))

        # --- language and paper
        self.language = wheel_needs_focus(QComboBox(self))
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        note = _("Perubahan bahasa berlaku setelah aplikasi dibuka ulang.")
        if lang != settings.language:  # --lang or ASSESSOR_LANG chose this run's language
            note += "\n" + _("Sekarang aplikasi berbahasa {running} karena --lang atau "
                             "ASSESSOR_LANG; pilihan di sini berlaku bila keduanya tidak "
                             "diberikan.").format(
                running="English" if lang == "en" else "Indonesia")
        self.language_note = hint_label(note, self, wrap=lang != settings.language)
        self.paper = wheel_needs_focus(QComboBox(self))
        self.paper.addItem(_("A4 (210 × 297 mm)"), "A4")
        self.paper.addItem(_("F4 / Folio (215 × 330 mm)"), "F4")
        self.paper.setCurrentIndex(max(0, self.paper.findData(settings.paper)))
        self.office_mode = QCheckBox(_("&Mode kantor"), self)
        self.office_mode.setChecked(settings.office_mode)
        self.office_mode_note = hint_label(_("Tampilkan halaman kantor: impor bundel, "
                                             "konflik, tinjauan, dasbor, perangkat"), self)
        self.auto_lock = wheel_needs_focus(QSpinBox(self))
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setSuffix(_(" menit"))
        self.auto_lock.setSpecialValueText(_("tidak pernah"))
        self.auto_lock.setValue(settings.auto_lock_minutes)
        encrypted = services.store.encrypted
        self.auto_lock.setEnabled(encrypted)
        self.auto_lock_note = hint_label(
            _("Jendela ditutupi dan kata sandi ditanyakan lagi; jawaban tidak hilang.")
            if encrypted else _("Basis data ini tidak terenkripsi: tidak ada yang dikunci."),
            self)
        ui_box = QGroupBox(_("Tampilan dan laporan"), self)
        uf = QFormLayout(ui_box)
        uf.addRow(_("&Bahasa"), self.language)
        uf.addRow("", self.language_note)
        uf.addRow(_("&Kertas bawaan"), self.paper)
        uf.addRow("", self.office_mode)
        uf.addRow("", self.office_mode_note)
        uf.addRow(_("Kunci &otomatis setelah"), self.auto_lock)
        uf.addRow("", self.auto_lock_note)

        # --- locations
        paths = services.paths
        loc_box = QGroupBox(_("Lokasi dan retensi data"), self)
        lf = form_layout(loc_box)
        self.location_fields: dict[str, QLineEdit] = {}
        backups = list_backups(paths)
        last = (_("{n} cadangan, terbaru {when}").format(
            n=len(backups), when=format_datetime(backups[0].created_at.isoformat(), lang))
            if backups else _("belum ada cadangan"))
        for key, label, path in (
                ("data", _("Folder data"), paths.data_dir),
                ("db", _("Basis data"), paths.db_path),
                ("backups", _("Cadangan"), paths.backup_dir),
                ("logs", _("Log"), paths.log_dir)):
            lf.addRow(label, self._location(key, path))
        lf.addRow("", hint_label(last, self, wrap=False))

        # --- personal data: retention (and the rest of the PDP dialog)
        from assessor_app.services.retention import DEFAULT_DAYS

        days = DEFAULT_DAYS
        try:
            days = services.retention.days()
        except AppError:
            pass
        self.retention_label = QLabel(_("{days} hari setelah tanda terima kantor").format(
            days=days), self)
        self.pdp_button = QPushButton(_("Retensi dan &data pribadi…"), self)
        self.pdp_button.setToolTip(_("Masa retensi, hapus salinan lapangan, persetujuan, "
                                     "log audit, catatan insiden"))
        self.pdp_button.clicked.connect(self._open_personal_data)
        lf.addRow(_("Masa retensi"), hbox((self.retention_label, 1), self.pdp_button))

        self.error = InlineError(self)
        buttons, self.ok_button = dialog_buttons(self)
        body = QWidget(self)  # scrolls on a short screen (1024x600 at 150 %)
        vbox(body, prof_box, ui_box, loc_box, margins=False)
        scrolled_body(self, body, self.error, buttons)
        self.name.textEdited.connect(lambda _t: self.name_error.clear_error())
        self._check_registration(self.registration.text())
        self.name.setFocus()

    def _open_personal_data(self) -> None:
        """The retention tab of Data pribadi (the main window opens it): settings close
        without saving, as with Batal."""
        self.reject()
        self.personal_data_requested.emit()

    def _location(self, key: str, path: Path) -> QWidget:
        row = QWidget(self)
        edit = QLineEdit(str(path), row)
        edit.setReadOnly(True)
        edit.setCursorPosition(0)
        self.location_fields[key] = edit
        folder = path if path.is_dir() or key != "db" else path.parent
        button = QPushButton(_("Buka"), row)
        button.setToolTip(_("Buka folder di pengelola berkas"))
        button.clicked.connect(
            lambda _c=False, p=folder: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
        layout = hbox((edit, 1), button)
        layout.setContentsMargins(0, 0, 0, 0)
        row.setLayout(layout)
        return row

    def _check_registration(self, text: str) -> None:
        text = " ".join(text.split())
        if text and not MET_RE.match(text):
            self.registration_hint.setText(_("Format yang biasa: MET.000.004633 2020"))
            self.registration_hint.setStyleSheet("color: #8a5a00;")
        else:
            self.registration_hint.setText(_("Dicetak sebagai \u201cNo. Reg.\u201d di "
                                             "bawah tanda tangan asesor."))
            self.registration_hint.setStyleSheet("")

    def profile(self) -> Profile:
        return Profile(" ".join(self.name.text().split()), self.title_front.text().strip(),
                       self.title_back.text().strip(), " ".join(self.registration.text().split()),
                       self.email.text().strip())

    def accept(self) -> None:
        profile = self.profile()
        if not profile.name:
            self.name_error.show_error(_("Nama asesor wajib diisi."))
            self.name.setFocus()
            return
        if profile.registration_no:
            met = normalise_met(profile.registration_no)
            if met is None:
                self.registration_error.show_error(_(
                    "Bukan No. Reg. asesor BNSP; tulis seperti MET.000.004633 2020."))
                self.registration.setFocus()
                return
            profile = replace(profile, registration_no=met)
        if profile.email and not EMAIL_RE.match(profile.email):
            self.email_error.show_error(_("Alamat email tidak sah (contoh: "
                                          "nama@contoh.go.id)."))
            self.email.setFocus()
            return
        registry = self.services.registry
        write_then_accept(self, functools.partial(
            registry.save_self_assessor, profile.name, title_front=profile.title_front,
            title_back=profile.title_back, registration_no=profile.registration_no,
            email=profile.email), lambda _me: self._saved(), self.error, self.lang,
            changes=[REGISTRY, SETTINGS])

    def _saved(self) -> None:
        """The profile is stored: the actor and the app's own settings follow."""
        self.services.assessments.actor = self.services.registry.actor
        new_lang = str(self.language.currentData())
        self.language_changed = new_lang != self.settings.language
        self.settings.language = new_lang
        self.settings.paper = str(self.paper.currentData())
        office_mode = self.office_mode.isChecked()
        self.office_mode_changed = office_mode != self.settings.office_mode
        self.settings.office_mode = office_mode
        self.settings.auto_lock_minutes = self.auto_lock.value()
        self.settings.sync()
