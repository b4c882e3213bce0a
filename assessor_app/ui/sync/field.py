"""Laptop side: this device's identity, and importing the office's receipts and packs.

* :class:`DeviceIdentityDialog` — the enrolment request for the office: a QR code of it, its
  short fingerprint (compared by phone) and "Simpan berkas pendaftaran…" (a signed
  ``pendaftaran_<asesor>_<laptop>.json`` the office imports); the device id and the public
  key as a fallback for typing (with a copy button), the offices this laptop trusts, and
  the outbox.
* :class:`FieldSync` — "Impor tanda terima" and "Impor paket tugas": pick a file, import it
  on the DB lane, and show what changed in plain words (:attr:`FieldSync.last_text`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPixmap
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
from assessor_app.formatting import office_withdrawals_text
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
from assessor_app.ui.views.common import (
    InlineError,
    form_layout,
    grow_to_body,
    hbox,
    hint_label,
    monospace,
    scrolled_body,
    vbox,
)

if TYPE_CHECKING:
    from assessor_app.services.sync import (
        EnrolmentRequestInfo,
        Identity,
        OfficeInfo,
        PackImportResult,
        ReceiptResult,
    )

T = TypeVar("T")


def qr_pixmap(data: bytes, scale: int = 3) -> QPixmap:
    """A QR code of ``data`` (segno, 4-module quiet zone) as a pixmap. Error correction L:
    the code is read off a screen, never a worn print, and L keeps it as small as it can be
    (a whole enrolment request, about 500 bytes)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make_qr(data, error="l", boost_error=False).save(out, kind="png", scale=scale,
                                                           border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(out.getvalue(), "PNG")
    return pixmap


def ask_request_folder(parent: QWidget) -> str:
    """The folder to save the enrolment request in ("" when cancelled); tests replace it."""
    return QFileDialog.getExistingDirectory(parent, _("Simpan berkas pendaftaran ke folder"))


class DeviceIdentityDialog(ServiceDialog):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Identitas perangkat"),
                         min_width=620)
        self.request: EnrolmentRequestInfo | None = None
        self.saved_path: Path | None = None
        intro = QLabel(_(
            "Kantor mendaftarkan laptop ini dari berkas pendaftaran (Kantor → Perangkat → "
            "Impor berkas pendaftaran) atau dari kode QR di bawah. Bacakan sidik jarinya "
            "kepada petugas kantor untuk dicocokkan. Kunci rahasianya tidak pernah "
            "meninggalkan laptop ini."), self)
        intro.setWordWrap(True)
        self.qr = QLabel(self)
        self.qr.setAccessibleName(_("Kode QR pendaftaran"))
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fingerprint = QLabel(self)
        self.fingerprint.setAccessibleName(_("Sidik jari"))
        self.fingerprint.setTextFormat(Qt.TextFormat.PlainText)
        self.fingerprint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        monospace(self.fingerprint)
        font = self.fingerprint.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.fingerprint.setFont(font)
        self.save_button = QPushButton(_("Simpan berkas &pendaftaran…"), self)
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(lambda: self.save_request())
        self.saved_label = hint_label("", self)
        self.save_error = InlineError(self)
        request_box = vbox(None, QLabel(_("Sidik jari:"), self), self.fingerprint,
                           hint_label(_("Simpan berkas ini ke flashdisk atau kirimkan ke "
                                        "kantor."), self),
                           hbox(self.save_button, None), None, margins=False)
        fallback = hint_label(_("Cara lain: kantor mengetik kunci publik ini (Daftarkan "
                                "laptop)."), self)
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
        form.addRow("", fallback)
        form.addRow(_("ID perangkat"), self.device_id)
        form.addRow(_("Kunci publik"), hbox((self.public_key, 1), self.copy_button))
        form.addRow("", self.copied)
        form.addRow(_("Kantor"), self.offices_label)
        buttons = QDialogButtonBox(self)
        buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        body = QWidget(self)  # scrolls on a short screen: the QR is never cut
        vbox(body, intro, hbox(self.qr, (request_box, 1)), self.saved_label, self.save_error,
             form, self.outbox_label, margins=False)
        self.body_area = scrolled_body(self, body, buttons)
        sync = services.sync

        def work() -> tuple[Identity, list[OfficeInfo], int, EnrolmentRequestInfo]:
            return sync.identity(), sync.offices(), sum(1 for b in sync.outbox()
                                                        if b.receipt_at is None), \
                sync.enrolment_request()

        self.op(work).success(lambda out: self._show(*out)).run()

    def _show(self, me: Identity, offices: list[OfficeInfo], waiting: int,
              request: EnrolmentRequestInfo) -> None:
        self.request = request
        pixmap = qr_pixmap(request.content)
        self.qr.setPixmap(pixmap)
        self.qr.setMinimumSize(pixmap.deviceIndependentSize().toSize())  # whole or not at all
        grow_to_body(self, self.body_area)
        self.fingerprint.setText(request.fingerprint)
        self.save_button.setEnabled(True)
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

    def save_request(self) -> None:
        """Ask for a folder and write the request shown (the QR code's content) there."""
        request = self.request
        if request is None:
            return
        folder = ask_request_folder(self)
        if not folder:
            return
        self.save_error.clear_error()
        sync = self.services.sync
        self.submit(lambda: sync.write_enrolment_request(Path(folder), request=request),
                    self._on_saved, self.save_error, self.save_button)

    def _on_saved(self, info: EnrolmentRequestInfo) -> None:
        self.saved_path = info.path
        self.saved_label.setText(_("Tersimpan: {path}").format(path=info.path))

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
        elif (res.decisions or res.withdrawals) and not res.marked:
            text = _("Tanda terima kantor dengan keputusan tinjauan.") if res.decisions \
                else _("Tanda terima kantor dengan penarikan persetujuan.")
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
        if res.withdrawals:
            text += "\n" + office_withdrawals_text(len(res.withdrawals))
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
