"""Laptop side: this device's identity, and importing the office's receipts and packs.

* :class:`DeviceIdentityDialog` — the device id and the public key to give the office for
  enrolment (with a copy button), the offices this laptop trusts, and the outbox.
* :class:`FieldSync` — "Impor tanda terima" and "Impor paket tugas": pick a file, import it
  on the DB lane, and show what changed in plain words (:attr:`FieldSync.last_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.i18n import _
from assessor_app.services.runtime import Services
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.tasks import (
    ASSESSMENTS,
    DEVICES,
    OUTBOX,
    REGISTRY,
    TEMPLATES,
    VISITS,
    Executor,
    Op,
)
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import form_layout, hbox, hint_label, monospace, vbox

if TYPE_CHECKING:
    from assessor_app.services.sync import Identity, OfficeInfo, PackImportResult, ReceiptResult

T = TypeVar("T")


class DeviceIdentityDialog(ServiceDialog):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Identitas perangkat"),
                         min_width=620)
        intro = QLabel(_(
            "Kantor mendaftarkan laptop ini dengan kunci publik di bawah (Kantor → Perangkat → "
            "Daftarkan laptop). Kunci rahasianya tidak pernah meninggalkan laptop ini."), self)
        intro.setWordWrap(True)
        self.device_id = QLineEdit(self)
        self.public_key = QLineEdit(self)
        for edit in (self.device_id, self.public_key):
            edit.setReadOnly(True)
            monospace(edit)
        self.public_key.setAccessibleName(_("Kunci publik"))
        self.copy_button = QPushButton(_("&Salin kunci publik"), self)
        self.copy_button.setObjectName("primary")
        self.copy_button.clicked.connect(self.copy_key)
        self.copied = hint_label("", self, wrap=False)
        self.offices_label = QLabel(self)
        self.offices_label.setWordWrap(True)
        self.offices_label.setTextFormat(Qt.TextFormat.PlainText)
        self.outbox_label = hint_label("", self)
        form = form_layout()
        form.addRow(_("ID perangkat"), self.device_id)
        form.addRow(_("Kunci publik"), hbox((self.public_key, 1), self.copy_button))
        form.addRow("", self.copied)
        form.addRow(_("Kantor"), self.offices_label)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        vbox(self, intro, form, self.outbox_label, buttons)
        sync = services.sync

        def work() -> tuple[Identity, list[OfficeInfo], int]:
            return sync.identity(), sync.offices(), sum(1 for b in sync.outbox()
                                                        if b.receipt_at is None)

        self.op(work).success(lambda out: self._show(*out)).run()

    def _show(self, me: Identity, offices: list[OfficeInfo], waiting: int) -> None:
        self.device_id.setText(me.device_id)
        self.public_key.setText(me.ed25519_public)
        self.public_key.setCursorPosition(0)
        active = [o for o in offices if o.revoked_at is None]
        self.offices_label.setText("\n".join(
            _("{name} ({office}), dipercaya sejak {when}").format(
                name=o.name, office=o.office_id, when=format_datetime(o.trusted_at, self.lang))
            for o in active) or _("belum ada: impor paket tugas dari kantor"))
        self.outbox_label.setText(_("{n} bundel terkirim menunggu tanda terima kantor.")
                                  .format(n=waiting) if waiting else
                                  _("Tidak ada bundel yang menunggu tanda terima."))

    def copy_key(self) -> None:
        QGuiApplication.clipboard().setText(self.public_key.text())
        self.copied.setText(_("Kunci publik disalin ke papan klip."))


class FieldSync(QObject):
    """The laptop's import actions; :attr:`finished` carries the text shown to the user."""

    finished = Signal(str)

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.lang = lang
        self.executor = executor
        self.widget = parent
        self.last_text = ""
        self.last_box: QMessageBox | None = None

    def _pick(self, title: str, pattern: str) -> Path | None:
        chosen, _f = QFileDialog.getOpenFileName(self.widget, title, "", pattern)
        return Path(chosen) if chosen else None

    def _import(self, path: Path | None, title: str, pattern: str,
                read: Callable[[Path], T], topics: tuple[str, ...],
                done: Callable[[T], None], progress: str | None = None) -> None:
        """Pick the file (unless given), import it on the DB lane, then ``done(result)``."""
        chosen = path or self._pick(title, pattern)
        if chosen is None:
            return
        op = (Op(self.widget, lambda: read(chosen), executor=self.executor, lang=self.lang)
              .changes(*topics).success(done))
        if progress is not None:
            op.with_progress(progress)
        op.run()

    def import_receipt(self, path: Path | None = None) -> None:
        self._import(path, _("Impor tanda terima"), _("Tanda terima (receipt-*.zip *.zip)"),
                     self.services.sync.import_receipt, (OUTBOX, ASSESSMENTS),
                     self._on_receipt)

    def _on_receipt(self, res: ReceiptResult) -> None:
        if res.already:
            text = _("Tanda terima ini sudah pernah diimpor; tidak ada yang berubah.")
        elif res.decisions and not res.marked:
            text = _("Tanda terima kantor dengan keputusan tinjauan.")
        else:
            text = _("{n} revisi penilaian dinyatakan diterima kantor. Salinan bundelnya "
                     "di outbox sudah dihapus.").format(n=len(res.marked))
        if res.conflicts:
            text += "\n" + _("{n} revisi ditahan kantor sebagai konflik; kantor akan "
                             "menghubungi Anda.").format(n=len(res.conflicts))
        fixes = [d for d in res.decisions if d.needs_fix]
        if res.decisions:
            text += "\n" + _("{n} keputusan tinjauan kantor diterima.").format(
                n=len(res.decisions))
        if fixes:
            text += "\n" + _("{n} penilaian perlu perbaikan (lihat tanda di daftar; buka "
                             "penilaiannya lalu Buat revisi):").format(n=len(fixes))
            for d in fixes[:5]:
                text += "\n• " + _("Perlu perbaikan: {comment}").format(comment=d.comment or "")
        self._tell(_("Tanda terima kantor"), text)

    def import_pack(self, path: Path | None = None) -> None:
        self._import(path, _("Impor paket tugas"), _("Paket tugas (pack-*.zip *.zip)"),
                     self.services.sync.import_pack, (REGISTRY, VISITS, TEMPLATES, DEVICES),
                     self._on_pack, progress=_("Mengimpor paket tugas…"))

    def _on_pack(self, res: PackImportResult) -> None:
        if res.status == "duplicate":
            text = _("Paket ini sudah pernah diimpor; tidak ada yang berubah.")
        else:
            words = {"templates": _("templat"), "schemes": _("skema"),
                     "institutions": _("lembaga"), "assessees": _("asesi"),
                     "assessors": _("asesor"), "visits": _("kunjungan"),
                     "visit_assessors": _("anggota tim")}

            def counts(d: dict[str, int]) -> str:
                return ", ".join(f"{words.get(k, k)} {v}" for k, v in sorted(d.items())
                                 if v) or "—"

            text = _("Paket tugas diimpor. Ditambahkan: {added}. Diperbarui: "
                     "{updated}.").format(added=counts(res.inserted),
                                          updated=counts(res.updated))
            if res.first_use:
                text += "\n" + _("Kunci kantor {office} sekarang dipercaya: bundel "
                                 "berikutnya dienkripsi untuk kantor ini.").format(
                    office=res.office_id)
        self._tell(_("Paket tugas"), text)

    def _tell(self, title: str, text: str) -> None:
        self.last_text = text
        box = QMessageBox(QMessageBox.Icon.Information, f"{APP_DISPLAY_NAME} — {title}", text,
                          QMessageBox.StandardButton.NoButton, self.widget)
        box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_box = box
        self.finished.emit(text)
