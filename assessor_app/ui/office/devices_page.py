"""Perangkat: the laptops whose bundles the office accepts, and assignment packs.

* Enrol a laptop from its enrolment request file ("Impor berkas pendaftaran…": the signed
  ``pendaftaran_<asesor>_<laptop>.json`` its "Identitas perangkat" window saves, or
  ``assessor-app device request`` writes); the page shows the fingerprint to compare with
  the laptop's. Fallback: paste the public key by hand; optionally tie it to an assessor.
* Revoke a lost or replaced laptop: its bundles are refused from then on.
* Make an assignment pack for an assessor (templates, institutions, assessees, visits, the
  office key and the laptop's enrolment), signed by this office, e.g. onto a USB stick.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.services.runtime import Services
from assessor_app.services.sync import DeviceInfo, EnrolFileResult, PackResult
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.geometry import keep_on_screen
from assessor_app.ui.models.format import format_date_range
from assessor_app.ui.office.models import DeviceListModel
from assessor_app.ui.tasks import DEVICES, REGISTRY, Executor
from assessor_app.ui.views.base import Page, ServiceDialog
from assessor_app.ui.views.common import (
    InlineError,
    add_check_item,
    checked_values,
    choose_folder,
    dialog_buttons,
    empty_label,
    fit_columns,
    form_layout,
    hbox,
    hint_label,
    make_table,
    monospace,
    open_dialog,
    vbox,
)


def pick_enrolment_file(parent: QWidget) -> str:
    """The enrolment request file to import ("" when cancelled); tests replace it."""
    chosen, _filter = QFileDialog.getOpenFileName(
        parent, _("Pilih berkas pendaftaran laptop"), "",
        _("Berkas pendaftaran (pendaftaran_*.json *.json);;Semua berkas (*)"))
    return chosen


class EnrolDialog(ServiceDialog):
    """Paste a laptop's public key, name it, optionally pick its assessor."""

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Daftarkan laptop"),
                         min_width=560)
        self.enrolled: DeviceInfo | None = None
        intro = hint_label(_("Di laptop asesor buka Kirim → Identitas perangkat, salin kunci "
                             "publiknya, lalu tempel di sini."), self)
        self.key = QLineEdit(self)
        self.key.setPlaceholderText(_("kunci publik (44 karakter base64)"))
        monospace(self.key)
        self.key_error = InlineError(self)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(_("mis. Laptop Budi (Dell Latitude)"))
        self.name_error = InlineError(self)
        self.assessor = wheel_needs_focus(QComboBox(self))
        self.assessor.addItem(_("(belum ditentukan)"), None)
        for a in services.registry.assessors():
            self.assessor.addItem(a.name, a.id)
        self.error = InlineError(self)
        form = form_layout()
        form.addRow(_("&Kunci publik *"), self.key)
        form.addRow("", self.key_error)
        form.addRow(_("&Nama laptop *"), self.name)
        form.addRow("", self.name_error)
        form.addRow(_("&Asesor"), self.assessor)
        buttons, self.ok_button = dialog_buttons(self, _("&Daftarkan"))
        vbox(self, intro, form, self.error, buttons)
        self.key.textEdited.connect(lambda _t: self.key_error.clear_error())
        self.name.textEdited.connect(lambda _t: self.name_error.clear_error())
        self.key.setFocus()

    def accept(self) -> None:
        key = "".join(self.key.text().split())
        name = " ".join(self.name.text().split())
        if not key:
            self.key_error.show_error(_("Tempel kunci publik laptop."))
            self.key.setFocus()
            return
        if not name:
            self.name_error.show_error(_("Beri nama laptop ini."))
            self.name.setFocus()
            return
        assessor = self.assessor.currentData()
        sync = self.services.sync
        (self.op(lambda: sync.enrol_device(key, name, assessor))
         .changes(DEVICES)
         .success(self._on_enrolled)
         .failure(lambda exc: self.show_failure(exc, self.key_error if isinstance(
             exc, AppError) and exc.code == "device.bad_key" else self.error))
         .disabling(self.ok_button)
         .run())

    def _on_enrolled(self, info: DeviceInfo) -> None:
        self.enrolled = info
        super().accept()


class RevokeDialog(QDialog):
    def __init__(self, device: DeviceInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self.setWindowTitle(_("Cabut laptop"))
        text = QLabel(_(
            "Cabut pendaftaran \u201c{name}\u201d ({device})? Bundel dari laptop ini akan "
            "ditolak mulai sekarang. Data yang sudah diimpor tidak berubah. Laptop yang sama "
            "hanya bisa dipakai lagi dengan kunci baru.").format(
            name=device.name, device=device.device_id), self)
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        buttons, self.ok_button = dialog_buttons(self, _("&Cabut"))
        vbox(self, text, buttons)
        keep_on_screen(self, QSize(460, 0))


class PackDialog(ServiceDialog):
    """Make a signed assignment pack for one assessor."""

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, assessor_id: str | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Buat paket tugas"),
                         min_width=600)
        self.created: PackResult | None = None
        self.assessor = wheel_needs_focus(QComboBox(self))
        for a in services.registry.assessors():
            if not a.is_self:
                self.assessor.addItem(a.name, a.id)
        if assessor_id:
            self.assessor.setCurrentIndex(max(0, self.assessor.findData(assessor_id)))
        self.device = wheel_needs_focus(QComboBox(self))
        self.visits = QListWidget(self)
        self.visits.setAccessibleName(_("Kunjungan"))
        self.visits.setMinimumHeight(140)
        self.target = QLineEdit(self)
        self.target.setPlaceholderText(_("folder tujuan, mis. flashdisk"))
        browse = QPushButton(_("Pilih folder…"), self)
        browse.clicked.connect(lambda: choose_folder(self, _("Folder tujuan"), self.target))
        self.error = InlineError(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        note = hint_label(_("Tanpa kunjungan yang dicentang, paket berisi semua kunjungan "
                            "tempat asesor ini bertugas. Semua templat terbaru selalu "
                            "disertakan."), self)
        form = form_layout()
        form.addRow(_("&Asesor"), self.assessor)
        form.addRow(_("&Laptop"), self.device)
        form.addRow(_("Kunjungan"), self.visits)
        form.addRow("", note)
        form.addRow(_("Simpan ke"), hbox((self.target, 1), browse))
        buttons, self.ok_button = dialog_buttons(self, _("&Buat paket"), _("Tutup"))
        vbox(self, form, self.error, self.status, buttons)
        self.assessor.currentIndexChanged.connect(lambda _i: self._fill())
        self._fill()

    def _fill(self) -> None:
        assessor_id = self.assessor.currentData()
        self.device.clear()
        self.device.addItem(_("(laptop asesor ini, jika hanya satu)"), None)
        for d in self.services.sync.devices():
            if d.revoked_at is None:
                label = d.name + (_(" (asesor ini)") if d.assessor_id == assessor_id
                                  and assessor_id else "")
                self.device.addItem(f"{label} · {d.device_id}", d.device_id)
        self.visits.clear()
        for v in self.services.registry.visits():
            members = {a.id for a, _role in self.services.registry.visit_team(v.id)}
            text = " · ".join(x for x in (v.letter_no or _("(tanpa nomor surat)"),
                                          format_date_range(v.start_date, v.end_date, self.lang),
                                          v.place or "") if x)
            item = add_check_item(self.visits, text, v.id)
            if assessor_id not in members:
                item.setForeground(Qt.GlobalColor.gray)

    def checked_visits(self) -> list[str]:
        return checked_values(self.visits)

    def accept(self) -> None:
        self.error.clear_error()
        assessor = self.assessor.currentData()
        if not assessor:
            self.error.show_error(_("Pilih asesor (tambahkan dulu lewat Kunjungan)."))
            return
        text = self.target.text().strip()
        if not text:
            self.error.show_error(_("Pilih folder tujuan."))
            return
        target, visits, device = Path(text), self.checked_visits() or None, \
            self.device.currentData()
        sync = self.services.sync
        self.submit(lambda: sync.create_pack(assessor, target, visit_ids=visits,
                                             device_id=device),
                    self._on_done, self.error, self.ok_button)

    def _on_done(self, result: PackResult) -> None:
        self.created = result
        counts = ", ".join(f"{k} {v}" for k, v in result.counts.items())
        self.status.setText(_("Paket tugas dibuat: {path}\nIsi: {counts}\nBerikan berkas "
                              "ini ke asesor: di laptopnya pilih Kirim → Impor paket "
                              "tugas.").format(path=result.path, counts=counts))
        self.status.setStyleSheet("color: #1e6b34;")


class DevicesPage(Page):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Perangkat"), hint=_(
            "Kantor hanya menerima bundel dari laptop yang terdaftar di sini. Laptop yang "
            "hilang atau diganti: cabut pendaftarannya."))
        self.office_key = hint_label("", self)
        self.office_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrol_file_button = QPushButton(_("&Impor berkas pendaftaran…"), self)
        self.enrol_file_button.setObjectName("primary")
        self.enrol_button = QPushButton(_("&Daftarkan laptop…"), self)
        self.enrol_button.setToolTip(_("Ketik atau tempel kunci publik laptop (jika tidak ada "
                                       "berkas pendaftaran)"))
        self.revoke_button = QPushButton(_("&Cabut…"), self)
        self.pack_button = QPushButton(_("Buat &paket tugas…"), self)
        self.enrol_button.clicked.connect(lambda: self.enrol())
        self.enrol_file_button.clicked.connect(lambda: self.enrol_from_file())
        self.revoke_button.clicked.connect(lambda: self.revoke_selected())
        self.pack_button.clicked.connect(lambda: self.create_pack())
        self.add_to_head(self.pack_button, self.revoke_button, self.enrol_button,
                         self.enrol_file_button)
        self.enrol_status = QLabel(self)
        self.enrol_status.setWordWrap(True)
        self.enrol_status.setTextFormat(Qt.TextFormat.PlainText)
        self.enrol_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.enrol_status.hide()
        self.enrol_error = InlineError(self)
        self.last_enrolled: EnrolFileResult | None = None
        self.model = DeviceListModel(lang, self)
        self.table = make_table(self, self.model, _("Daftar laptop"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._update_buttons())
        self.empty_label = empty_label(_("Belum ada laptop terdaftar. Tekan \u201cImpor berkas "
                                         "pendaftaran\u201d dan pilih berkas dari laptop."),
                                       self)
        self.add_to_body(self.office_key, self.enrol_status, self.enrol_error,
                         (self.table, 1), self.empty_label)
        self.refresh()
        self.watch_store((DEVICES, REGISTRY), lambda _t: self.refresh())

    def refresh(self) -> None:
        sync, registry = self.services.sync, self.services.registry
        read = self.read(lambda: (sync.devices(), sync.identity(), registry.assessors()),
                         self.office_key)
        if read is None:
            return
        devices, me, assessors = read
        self.model.assessor_names = {a.id: a.name for a in assessors}
        self.model.set_rows(devices)
        fit_columns(self.table, 0, 240)
        self.empty_label.setVisible(not devices)
        self.office_key.setText(_("Kunci kantor ini: {device} (paket tugas dan tanda "
                                  "terima ditandatangani dengan kunci ini)").format(
            device=me.device_id))
        self._update_buttons()

    def selected(self) -> DeviceInfo | None:
        index = self.table.currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _update_buttons(self) -> None:
        d = self.selected()
        self.revoke_button.setEnabled(d is not None and d.revoked_at is None)

    def enrol(self) -> EnrolDialog:
        return open_dialog(EnrolDialog(self.services, self.lang, self, self.executor))

    def enrol_from_file(self) -> None:
        """Pick a request file and enrol its laptop; say its fingerprint, or why not."""
        chosen = pick_enrolment_file(self)
        if not chosen:
            return
        self.enrol_error.clear_error()
        self.enrol_status.hide()
        sync, path = self.services.sync, Path(chosen)
        self.submit(lambda: sync.enrol_from_file(path), self._on_enrolled_file,
                    self.enrol_error, self.enrol_file_button, DEVICES)

    def _on_enrolled_file(self, result: EnrolFileResult) -> None:
        self.last_enrolled = result
        d = result.device
        head = (_("\u201c{name}\u201d ({device}) sudah terdaftar; tidak ada perubahan.")
                if result.already else _("\u201c{name}\u201d ({device}) terdaftar."))
        lines = [head.format(name=d.name, device=d.device_id),
                 _("Sidik jari: {fingerprint}. Cocokkan dengan yang tampil di laptop "
                   "(mis. lewat telepon); jika berbeda, cabut pendaftarannya.").format(
                     fingerprint=result.fingerprint)]
        if not result.assessor_matched and (result.assessor_name
                                            or result.assessor_registration_no):
            lines.append(_("Asesor {name} ({met}) belum ada di daftar kantor; laptop "
                           "didaftarkan tanpa asesor.").format(
                name=result.assessor_name or "-", met=result.assessor_registration_no or "-"))
        self.enrol_status.setText("\n".join(lines))
        self.enrol_status.show()

    def revoke_selected(self) -> RevokeDialog | None:
        device = self.selected()
        if device is None or device.revoked_at is not None:
            return None
        sync = self.services.sync
        return open_dialog(RevokeDialog(device, self), lambda: self.op(
            lambda: sync.revoke_device(device.device_id)).changes(DEVICES).run())

    def create_pack(self) -> PackDialog:
        d = self.selected()
        return open_dialog(PackDialog(self.services, self.lang, self, self.executor,
                                      d.assessor_id if d else None))
