"""What the start shows after trouble (RELIABILITY D-2/D-3):

* :class:`RecoveryDialog` — the last session did not end cleanly: which assessments in
  progress were recovered (subject, template, last saved), each can be opened at once.
* :class:`CorruptDatabaseDialog` — "Database rusak": offer a restore from the newest backup
  that passes verification, and say that the damaged file is kept, never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.templates import TemplateService
from assessor_app.ui.geometry import keep_on_screen
from assessor_app.ui.models.format import format_datetime


class RecoveryDialog(QDialog):
    """The drafts the unclean exit interrupted, most recently changed first (the one in
    hand at the crash is selected); "Buka" opens it at the answer saved last."""

    resume_requested = Signal(str, str, str)  # revision id, item, table row ("" = none)

    def __init__(self, recovered: list[AssessmentSummary], templates: TemplateService,
                 lang: str = "id", parent: QWidget | None = None,
                 last_change: Callable[[str], tuple[str, str] | None] | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Pemulihan setelah penutupan tidak normal"))
        keep_on_screen(self, QSize(640, 320))
        self.rows = sorted(recovered, key=lambda r: r.updated_at, reverse=True)
        self.where: list[tuple[str, str] | None] = [
            last_change(r.id) if last_change is not None else None for r in self.rows]
        n = len(self.rows)
        self.intro = intro = QLabel(_(
            "<b>Aplikasi tidak ditutup dengan benar terakhir kali.</b><br>{n} penilaian yang "
            "sedang berjalan dipulihkan; semua jawaban yang sudah ditandai "
            "<i>Tersimpan</i> tetap ada. Periksa jawaban terakhir sebelum melanjutkan."
        ).format(n=n) if n else _(
            "<b>Aplikasi tidak ditutup dengan benar terakhir kali.</b><br>Tidak ada penilaian "
            "yang sedang diubah saat itu; semua data utuh."), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(n, 4, self)
        self.table.setHorizontalHeaderLabels([_("Subjek"), _("Templat"),
                                              _("Jawaban terakhir"), _("Terakhir tersimpan")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        for r, row in enumerate(self.rows):
            try:
                template = templates.get(row.template_id)
                title = template.title.get(lang)
            except AppError:
                template, title = None, row.template_code
            last = ""
            where = self.where[r]
            if where is not None:
                item = template.find_item(where[0]) if template is not None else None
                last = " ".join((item.label.get(lang) if item is not None and item.label
                                 else where[0]).split())
            cells = (row.subject_name, f"{title} ({row.template_code})", last,
                     format_datetime(row.updated_at, lang))
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, row.id)
                cell.setToolTip(text)
                self.table.setItem(r, c, cell)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, header.ResizeMode.Stretch)
        header.setSectionResizeMode(2, header.ResizeMode.Stretch)
        header.setSectionResizeMode(3, header.ResizeMode.ResizeToContents)
        self.table.setVisible(n > 0)
        self.table.doubleClicked.connect(lambda _i: self._open())
        self.open_button = QPushButton(_("&Buka"), self)
        self.open_button.setEnabled(n > 0)
        self.open_button.setToolTip(_("Buka penilaian terpilih di jawaban yang terakhir "
                                      "tersimpan"))
        self.open_button.clicked.connect(self._open)
        close = QPushButton(_("Lanjutkan"), self)
        close.clicked.connect(self.accept)
        (self.open_button if n else close).setDefault(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        if n:
            self.table.selectRow(0)
            self.table.setFocus()

    def subjects(self) -> list[str]:
        items = (self.table.item(r, 0) for r in range(self.table.rowCount()))
        return [item.text() for item in items if item is not None]

    def _open(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        where = self.where[index.row()] or ("", "")
        self.resume_requested.emit(self.rows[index.row()].id, where[0], where[1])
        self.accept()


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class CorruptDatabaseDialog(QDialog):
    """'Database rusak': restore the newest verified backup (or explain there is none)."""

    def __init__(self, db_path: Path, backup: Path | None, backup_label: str,
                 backup_size: int, log_path: Path | None, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Database rusak — {app}").format(app=APP_DISPLAY_NAME))
        keep_on_screen(self, QSize(560, 0))
        self.backup = backup
        lines = [_("<b>Basis data tidak lolos pemeriksaan keutuhan.</b>"),
                 _("Berkas: {path}").format(path=db_path)]
        if backup is not None:
            lines.append(_(
                "Cadangan terbaru yang lolos verifikasi: <b>{name}</b> ({when}, {size}). "
                "Memulihkan mengganti basis data dengan cadangan itu; perubahan setelah waktu "
                "cadangan tidak ada di dalamnya.").format(
                    name=backup.name, when=backup_label, size=_size(backup_size)))
        else:
            lines.append(_(
                "Tidak ada cadangan yang lolos verifikasi. Jangan hapus apa pun; hubungi kantor "
                "dengan berkas basis data dan log."))
        lines.append(_(
            "Berkas yang rusak <b>tidak dihapus</b>: salinannya disimpan di folder cadangan "
            "agar kantor dapat menyelamatkan isinya."))
        if log_path is not None:
            lines.append(_("Log: {path}").format(path=log_path))
        self.message = text = QLabel("<br><br>".join(lines), self)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(self)
        self.restore_button: QPushButton | None = None
        if backup is not None:
            self.restore_button = buttons.addButton(_("&Pulihkan dari cadangan"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
            self.restore_button.setDefault(True)
        quit_button = buttons.addButton(_("&Keluar"), QDialogButtonBox.ButtonRole.RejectRole)
        if backup is None:
            quit_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
