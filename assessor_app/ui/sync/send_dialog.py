"""Kirim hasil: write the pending finalised revisions into one signed bundle for the office.

RELIABILITY.md D-5 and section 3: the bundle is written to the local outbox and recorded,
and meanwhile to the chosen folder (a USB stick, typically), re-read from there and compared
(USB sticks lie about having written); it gets its name there after the record. The dialog
says where the file is, that it was verified, that a copy stays in the outbox until the
office's receipt is imported, and to eject the stick safely before pulling it out. A
failure says whether a bundle was made (kept in the outbox) or nothing was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.messages import describe
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from assessor_app.services.sync import ExportResult
from assessor_app.ui.geometry import fit_to_screen
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.models.rows import CENTRE, Column, RowsModel
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import OUTBOX, Executor
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import (
    InlineError,
    choose_folder,
    confirm,
    hbox,
    hint_label,
    make_table,
    open_folder_of,
    run_buttons,
    vbox,
)
from assessor_app.vocabulary import status_label


class PendingModel(RowsModel[AssessmentSummary]):
    def __init__(self, lang: str = "id", parent: QWidget | None = None) -> None:
        super().__init__((), parent)
        self.set_columns([
            Column(_("Subjek"), lambda r: r.subject_name),
            Column(_("Templat"), lambda r: r.template_code),
            Column(_("Revisi"), lambda r: str(r.revision),
                   align=CENTRE),
            Column(_("Status"), lambda r: status_label(r.status)),
            Column(_("Difinalisasi"), lambda r: format_datetime(r.finalised_at, lang)),
        ])


class SendResultsDialog(ServiceDialog):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 settings: AppSettings | None = None, executor: Executor | None = None,
                 visit_id: str | None = None) -> None:
        """``visit_id``: send only that visit's final records ("Kirim hasil" of the day's
        workspace); None: everything pending."""
        super().__init__(services, lang, parent, executor,
                         title=_("Kirim hasil kunjungan ke kantor") if visit_id
                         else _("Kirim hasil ke kantor"), min_width=720)
        self.settings = settings
        self.visit_id = visit_id
        self._ids: list[str] = []
        self.drafts_label = hint_label("", self)
        self.drafts_label.hide()
        self.exported: ExportResult | None = None
        self.running = False
        self._pending = 0
        self._office_names: dict[str, str] = {}
        self._ask_plain: Path | None = None  # refused as unsealed: ask, then send plain

        intro = QLabel(_(
            "Penilaian final yang belum dinyatakan diterima oleh kantor dikemas menjadi satu "
            "berkas bundel bertanda tangan digital. Simpan ke flashdisk atau folder yang "
            "dikirim ke kantor."), self)
        intro.setWordWrap(True)
        self.model = PendingModel(lang, self)
        self.table = make_table(self, self.model, _("Penilaian yang akan dikirim"),
                                widths={1: 200, 2: 56, 3: 120, 4: 140})
        self.table.setMinimumHeight(160)
        self.pending_label = QLabel(self)
        self.pending_label.setWordWrap(True)
        self.seal_label = hint_label("", self)
        self.outbox_label = hint_label("", self)

        self.target = QLineEdit(settings.send_dir if settings else "", self)
        self.target.setPlaceholderText(_("folder tujuan, mis. flashdisk (E:\\)"))
        self.target.setAccessibleName(_("Folder tujuan"))
        self.target.textChanged.connect(lambda _t: self._update_buttons())
        browse = QPushButton(_("Pilih folder…"), self)
        browse.clicked.connect(lambda: choose_folder(self, _("Folder tujuan"), self.target))
        self.error = InlineError(self)

        self.done_box = QFrame(self)
        self.done_box.setObjectName("doneBox")
        self.done_box.setStyleSheet("QFrame#doneBox { background: #eef7f0; border: 1px solid "
                                    "#9ccfaa; border-radius: 6px; }")
        self.done_title = QLabel(_("Terkirim dan diverifikasi"), self.done_box)
        self.done_title.setStyleSheet("font-weight: 700; color: #1e6b34; border: none;")
        self.done_text = QLabel(self.done_box)
        self.done_text.setWordWrap(True)
        self.done_text.setTextFormat(Qt.TextFormat.PlainText)
        self.done_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_text.setStyleSheet("border: none;")
        self.eject_text = QLabel(_(
            "Sebelum mencabut flashdisk, keluarkan dengan aman (klik kanan → Eject / Keluarkan "
            "dengan aman) agar isinya benar-benar tertulis."), self.done_box)
        self.eject_text.setWordWrap(True)
        self.eject_text.setStyleSheet("font-weight: 600; color: #8a5a00; border: none;")
        vbox(self.done_box, self.done_title, self.done_text, self.eject_text)
        self.done_box.hide()

        self.buttons, self.send_button, self.open_button, self.close_button = run_buttons(
            self, _("&Kirim"), self.send, primary=True)
        self.open_button.clicked.connect(
            lambda: open_folder_of(self.exported.path if self.exported else None))
        vbox(self, intro, self.pending_label, self.drafts_label, (self.table, 1),
             self.seal_label,
             self.outbox_label, hbox(QLabel(_("Simpan ke:"), self), (self.target, 1), browse),
             self.error, self.done_box, self.buttons)
        fit_to_screen(self, QSize(760, 560), QSize(480, 360))
        self.load()

    # ------------------------------------------------------------ state

    def load(self) -> None:
        """What would be sent, whether it will be encrypted, what waits for a receipt."""
        sync, assessments, visit = self.services.sync, self.services.assessments, self.visit_id

        def work() -> tuple[list[AssessmentSummary], list[tuple[str, str]], int, int]:
            offices = [(o.office_id, o.name) for o in sync.offices() if o.revoked_at is None]
            waiting = sum(1 for b in sync.outbox() if b.receipt_at is None)
            pending, drafts = sync.pending(), 0
            if visit is not None:
                pending = [r for r in pending if r.visit_id == visit]
                drafts = sum(1 for r in assessments.visit_records(visit)
                             if r.status == "draft")
            return pending, offices, waiting, drafts

        (self.op(work)
         .success(lambda out: self._show_state(*out))
         .run())

    def _show_state(self, pending: list[AssessmentSummary], offices: list[tuple[str, str]],
                    waiting: int, drafts: int = 0) -> None:
        self._office_names = dict(offices)
        self._ids = [r.id for r in pending]
        self.model.set_rows(pending)
        self.drafts_label.setText(_(
            "{n} penilaian kunjungan ini masih draf dan tidak ikut dikirim; finalisasi dulu "
            "bila sudah selesai.").format(n=drafts) if drafts else "")
        self.drafts_label.setVisible(bool(drafts))
        if pending:
            self.pending_label.setText(_("{n} revisi penilaian akan dikirim:").format(
                n=len(pending)))
        else:
            self.pending_label.setText(_("Tidak ada penilaian final yang perlu dikirim. "
                                         "Finalisasi penilaian terlebih dahulu."))
        self.table.setVisible(bool(pending))
        if offices:
            self.seal_label.setText(_(
                "Isi bundel dienkripsi untuk kantor \u201c{office}\u201d: hanya kantor itu yang "
                "dapat membukanya.").format(office=offices[-1][1]))
        elif self.services.store.encrypted:
            self.seal_label.setText(_("Kunci kantor belum ada (impor paket tugas dulu): "
                                      "isi bundel tidak dapat dienkripsi. Mengirimnya tanpa "
                                      "enkripsi perlu konfirmasi Anda."))
        else:
            self.seal_label.setText(_("Kunci kantor belum ada (impor paket tugas dulu): "
                                      "bundel ditandatangani tetapi isinya tidak "
                                      "dienkripsi."))
        self.outbox_label.setText(_(
            "{n} bundel sebelumnya menunggu tanda terima kantor; penilaian di dalamnya ikut "
            "dikirim lagi sampai tanda terimanya diimpor.").format(n=waiting) if waiting
            else "")
        self.outbox_label.setVisible(bool(waiting))
        self._pending = len(pending)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.send_button.setEnabled(not self.running and self._pending > 0
                                    and bool(self.target.text().strip()))

    # ------------------------------------------------------------ sending

    def send(self, *, plain: bool = False) -> None:
        """Export to the chosen folder; ``plain``: the user confirmed a bundle that
        cannot be sealed to an office (an encrypted laptop refuses it otherwise)."""
        if self.running:
            return
        text = self.target.text().strip()
        if not text:
            self.error.show_error(_("Pilih folder tujuan (mis. flashdisk)."))
            return
        self.error.clear_error()
        target = Path(text)
        sync = self.services.sync
        if self.settings is not None:
            self.settings.send_dir = text
        self.running = True
        self._update_buttons()
        ids = list(self._ids) if self.visit_id is not None else None
        encrypt = False if plain else None
        (self.op(lambda: sync.export(target, ids, encrypt=encrypt))
         .changes(OUTBOX)
         .success(self._on_sent)
         .failure(self._on_failed)
         .finished(self._on_finished)
         .with_progress(_("Menulis dan memeriksa bundel…"))
         .run())

    def _on_finished(self) -> None:
        self.running = False
        self._update_buttons()
        target, self._ask_plain = self._ask_plain, None
        if target is not None and self._confirm_plain(target):
            self.send(plain=True)

    def _confirm_plain(self, target: Path) -> bool:
        return confirm(self, _("Kirim tanpa enkripsi?"), _(
            "Laptop ini belum mengenal kunci kantor (kunci itu datang bersama paket tugas "
            "dari kantor), jadi isi bundel \u2014 NIK, nama, foto dan tanda tangan \u2014 "
            "akan tertulis di {target} tanpa enkripsi: siapa pun yang memegang flashdisk itu "
            "dapat membacanya. Salinan di outbox laptop tetap terenkripsi.\n\n"
            "Kirim tanpa enkripsi?").format(target=target),
            _("Kirim tanpa enkripsi"), _("Batal"))

    def _on_sent(self, result: ExportResult) -> None:
        self.exported = result
        if result.path is None:
            self.error.show_error(_("Tidak ada penilaian final yang perlu dikirim."))
            return
        size = max(1, round(result.size / 1024))
        lines = [
            _("Berkas: {path} ({size} KB, {n} revisi penilaian)").format(
                path=result.path, size=size, n=len(result.records)),
            _("Diverifikasi: berkas dibaca ulang dari tujuan dan sidik SHA-256-nya "
              "cocok."),
            _("Salinan tetap disimpan di outbox laptop sampai tanda terima kantor "
              "diimpor (Kirim → Impor tanda terima): {path}").format(
                path=result.outbox_path),
        ]
        if result.encrypted_to:
            name = self._office_names.get(result.encrypted_to, "")
            lines.append(_("Isinya dienkripsi untuk kantor \u201c{office}\u201d ({id}).")
                         .format(office=name, id=result.encrypted_to))
        else:
            lines.append(_("Isinya tidak dienkripsi: simpan flashdisk itu baik-baik dan hapus "
                           "berkasnya setelah kantor mengimpornya."))
        self.done_text.setText("\n".join(lines))
        self.done_box.show()
        self.open_button.show()
        self.send_button.hide()
        self.pending_label.setText(_("{n} revisi penilaian dikirim dalam bundel nomor "
                                     "{seq}:").format(n=len(result.records),
                                                      seq=result.seq))

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, AppError) and exc.code == "export.unsealed":
            self._ask_plain = Path(self.target.text().strip())  # asked when finished
            return
        if isinstance(exc, AppError):
            text = describe(exc, self.lang)
            if exc.params.get("outbox_seq") is not None:  # made and kept; the stick failed
                text += "\n" + _("Penilaian tetap aman di laptop; bundel yang sudah dibuat "
                                 "ada di outbox ({path}). Coba lagi dengan folder atau "
                                 "flashdisk lain.").format(
                    path=self.services.paths.outbox_dir)
            else:  # refused before anything was made (a bad folder, a damaged record…)
                text += "\n" + _("Tidak ada bundel yang dibuat; penilaian tetap aman di "
                                 "laptop.")
            self.error.show_error(text)
            self.load()
        else:
            self.show_failure(exc, self.error)
