"""Impor bundel: result bundles from the laptops into the office database.

Files are chosen (multi-select) or dropped on the page. Each file is one background
operation on the DB lane (one transaction per bundle, as the service does it), chained one
after the other, so the progress bar moves per file, "Batal" stops between files, and the
report table fills in as the files are done. Refused files are rows too, with the reason in
the user's language. Receipts go to the chosen folder (default: next to each bundle, i.e.
back onto the assessor's USB stick), or to the data folder when that is not writable. The
whole report can be saved as CSV.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.clock import utc_now_iso
from assessor_app.core.errors import AppError, StorageError
from assessor_app.fileio import atomic_write_bytes
from assessor_app.i18n import _
from assessor_app.services.runtime import Services
from assessor_app.services.sync import ImportReport, import_report_csv
from assessor_app.ui.errors import show_error
from assessor_app.ui.office.models import ImportReportModel
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import (
    ASSESSMENTS,
    CONFLICTS,
    DEVICES,
    REGISTRY,
    TEMPLATES,
    VISITS,
    Executor,
    Op,
)
from assessor_app.ui.views.base import Page
from assessor_app.ui.views.common import (
    StretchFloor,
    choose_folder,
    hbox,
    hint_label,
    make_table,
)

log = logging.getLogger(__name__)

# What one imported bundle can change: revisions, what they refer to (institutions,
# assessees, visits, templates), the conflicts it was held as, the laptop's last sequence.
BUNDLE_TOPICS = (ASSESSMENTS, REGISTRY, VISITS, TEMPLATES, CONFLICTS, DEVICES)


def bundle_paths(paths: list[Path]) -> list[Path]:
    """The .zip files among ``paths`` (folders contribute their result bundles: hasil_*.zip
    as the app names them, bundle-*.zip from older versions; not receipts or packs)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted([*p.glob("hasil_*.zip"), *p.glob("bundle-*.zip")]))
        elif p.suffix.lower() == ".zip":
            out.append(p)
    seen: set[Path] = set()
    return [p for p in out if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


class DropZone(QFrame):
    """A dashed box that takes dropped files and folders."""

    dropped = Signal(list)  # list[Path]

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropZone")
        self.setAcceptDrops(True)
        self.setStyleSheet("QFrame#dropZone { border: 2px dashed #9aa9bd; border-radius: 6px; "
                           "background: #f7f9fc; } QFrame#dropZone[hover=\"true\"] { "
                           "border-color: #2c5282; background: #eaf1fb; }")
        self.label = QLabel(text, self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: #5b6673; border: none; background: transparent;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.setMinimumHeight(64)

    def _set_hover(self, on: bool) -> None:
        self.setProperty("hover", on)
        self.style().unpolish(self)
        self.style().polish(self)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            self._set_hover(True)
            event.acceptProposedAction()

    def dragLeaveEvent(self, event: Any) -> None:
        self._set_hover(False)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)


class ImportPage(Page):
    conflicts_requested = Signal()

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 settings: AppSettings | None = None, executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Impor bundel hasil"),
                         hint=_("Pilih atau seret berkas hasil_….zip (atau foldernya) dari flashdisk "
                                "asesor. "
                                "Tanda tangan digital setiap berkas diperiksa sebelum isinya "
                                "dibaca; berkas yang sama boleh diimpor lagi tanpa mengubah "
                                "apa pun."))
        self.settings = settings
        self._queue: list[tuple[Path, bool]] = []
        self._seen_paths: dict[str, Path] = {}  # file name -> where it was imported from
        self._old_confirmed: set[str] = set()
        self._total = 0
        self._done = 0
        self._cancelled = False
        self.running = False

        self.choose_button = QPushButton(_("&Pilih berkas…"), self)
        self.choose_button.setObjectName("primary")
        self.choose_button.clicked.connect(self.choose_files)
        self.drop_zone = DropZone(_("Seret berkas bundel (.zip) atau foldernya ke sini"),
                                  self)
        self.drop_zone.dropped.connect(lambda paths: self.import_files(paths))

        self.receipt_dir = QLineEdit(settings.receipt_dir if settings else "", self)
        self.receipt_dir.setPlaceholderText(_("di samping setiap bundel (flashdisk)"))
        self.receipt_dir.setAccessibleName(_("Folder tanda terima"))
        self.receipt_dir.editingFinished.connect(self._remember_receipt_dir)
        pick = QPushButton(_("Pilih folder…"), self)
        pick.clicked.connect(self._pick_receipt_dir)

        self.progress = QProgressBar(self)
        self.progress.setTextVisible(True)
        self.progress.setFormat(_("%v dari %m berkas"))
        self.progress.hide()
        self.cancel_button = QPushButton(_("Batal"), self)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.hide()

        self.summary = QLabel(self)
        self.saved_label = hint_label("", self, wrap=False)  # where the batch's report went
        self.saved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_report_path: Path | None = None
        self._batch_start = 0
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.conflicts_button = QPushButton(_("Buka &Konflik"), self)
        self.conflicts_button.clicked.connect(self.conflicts_requested)
        self.conflicts_button.hide()
        self.old_button = QPushButton(_("Impor bundel lama…"), self)
        self.old_button.setToolTip(_("Bundel dengan nomor urut lebih kecil dari yang "
                                     "terakhir diterima dari laptop itu"))
        self.old_button.clicked.connect(self.confirm_old_bundles)
        self.old_button.hide()

        self.model = ImportReportModel(lang, self)
        self.table = make_table(self, self.model, _("Laporan impor"), stretch_column=5,
                                widths={0: 250, 1: 130, 2: 200, 3: 110, 4: 70})
        StretchFloor(self.table, [5], 180)  # "Keterangan" readable, else the list scrolls
        self.save_button = QPushButton(_("Simpan laporan &CSV…"), self)
        self.save_button.clicked.connect(lambda: self.save_csv())
        self.save_button.setEnabled(False)
        self.clear_button = QPushButton(_("Bersihkan"), self)
        self.clear_button.clicked.connect(self.clear)

        self.add_to_head(self.choose_button)
        self.add_to_body(
            self.drop_zone,
            hbox(QLabel(_("Tanda terima ke:"), self), (self.receipt_dir, 1), pick),
            hbox((self.progress, 1), self.cancel_button),
            hbox((self.summary, 1), self.conflicts_button, self.old_button),
            self.saved_label, (self.table, 1),
            hbox(None, self.clear_button, self.save_button))
        self._update_summary()

    # ------------------------------------------------------------ choosing

    def choose_files(self) -> None:
        files, _filter = QFileDialog.getOpenFileNames(
            self, _("Pilih bundel hasil"), "",
            _("Bundel hasil (*.zip);;Semua berkas (*)"))
        if files:
            self.import_files([Path(f) for f in files])

    def _pick_receipt_dir(self) -> None:
        if choose_folder(self, _("Folder tanda terima"), self.receipt_dir):
            self._remember_receipt_dir()

    def _remember_receipt_dir(self) -> None:
        if self.settings is not None:
            self.settings.receipt_dir = self.receipt_dir.text().strip()

    # ------------------------------------------------------------ importing

    def import_files(self, paths: list[Path], *, accept_old: bool = False) -> int:
        """Queue the bundles among ``paths``; returns how many were queued."""
        files = bundle_paths([Path(p) for p in paths])
        if not files:
            self.summary.setText(_("Tidak ada berkas bundel (.zip) di antara yang "
                                   "dipilih."))
            return 0
        self._queue.extend((f, accept_old) for f in files)
        self._seen_paths.update((f.name, f) for f in files)
        self._total += len(files)
        if not self.running:
            self._cancelled = False
            self.running = True
            self._batch_start = len(self.model.reports())
            self.choose_button.setEnabled(False)
            self.progress.setRange(0, self._total)
            self.progress.setValue(self._done)
            self.progress.show()
            self.cancel_button.show()
            self._next()
        else:
            self.progress.setMaximum(self._total)
        return len(files)

    def cancel(self) -> None:
        self._cancelled = True
        self._queue.clear()

    def _receipt_folder(self, bundle: Path) -> Path:
        text = self.receipt_dir.text().strip()
        return Path(text) if text else bundle.parent

    def _next(self) -> None:
        if not self._queue or self._cancelled:
            self._finish()
            return
        path, accept_old = self._queue.pop(0)
        folder = self._receipt_folder(path)
        sync = self.services.sync
        fallback = self.services.paths.data_dir / "receipts"

        def work() -> ImportReport:  # on the DB lane: no widgets here
            report = sync.import_bundle(path, accept_old=accept_old, receipt_dir=folder)
            if report.receipt is not None and report.receipt_name and \
                    report.receipt_path is None:
                try:  # e.g. a write-protected stick: keep the receipt in the data folder
                    fallback.mkdir(parents=True, exist_ok=True)
                    target = fallback / report.receipt_name
                    atomic_write_bytes(target, report.receipt)
                    report.receipt_path = target
                except (OSError, StorageError) as exc:
                    log.warning("receipt not written: %s", type(exc).__name__)
            return report

        (self.op(work)
         .changes(*BUNDLE_TOPICS)
         .success(self._on_report)
         .failure(lambda exc: self._on_failed(path, exc))
         .run())

    def _on_report(self, report: ImportReport) -> None:
        self.model.add_report(report)
        self._step()

    def _on_failed(self, path: Path, exc: BaseException) -> None:
        if isinstance(exc, AppError):  # e.g. the database is busy or the disk is full
            self.model.add_report(ImportReport(file=path.name, status="rejected",
                                               code=exc.code, params=dict(exc.params)))
        else:
            show_error(self, exc, self.lang)
        self._step()

    def _step(self) -> None:
        self._done += 1
        self.progress.setValue(self._done)
        self._update_summary()
        self._next()

    def _finish(self) -> None:
        was_cancelled = self._cancelled and self._done < self._total
        self.running = False
        self._queue.clear()
        self._total = self._done = 0
        self.progress.hide()
        self.cancel_button.hide()
        self.choose_button.setEnabled(True)
        self._update_summary(cancelled=was_cancelled)
        batch = self.model.reports()[self._batch_start:]
        if batch:  # every import leaves its report, like ``assessor-app import``
            stamp = utc_now_iso().replace(":", "").replace("-", "").replace(".", "")[:15]
            folder = self.services.paths.data_dir / "imports"
            target, n = folder / f"import-{stamp}.csv", 1
            while target.exists():
                n += 1
                target = folder / f"import-{stamp}-{n}.csv"
            # kept by itself in the data folder: no names in plain beside an encrypted store
            self.save_csv(target, reports=batch, names=not self.services.store.encrypted)

    # ------------------------------------------------------------ the report

    def counts(self) -> dict[str, int]:
        return self.model.counts()

    def _update_summary(self, cancelled: bool = False) -> None:
        c = self.model.counts()
        files = sum(v for k, v in c.items() if k.startswith("file_"))
        self.save_button.setEnabled(files > 0)
        self.conflicts_button.setVisible(c.get("conflict", 0) > 0)
        self.old_button.setVisible(bool(self._old_bundles()) and not self.running)
        if not files:
            self.summary.setText(_("Belum ada berkas yang diimpor."))
            return
        parts = [(c.get("file_imported", 0), _("{n} diimpor")),
                 (c.get("file_duplicate", 0), _("{n} sudah diimpor sebelumnya")),
                 (c.get("file_rejected", 0), _("{n} ditolak"))]
        text = _("{files} berkas: {parts}.").format(
            files=files, parts=", ".join(t.format(n=n) for n, t in parts if n))
        records = [(c.get("new", 0), _("{n} baru")),
                   (c.get("revised", 0) + c.get("signatures_added", 0), _("{n} revisi")),
                   (c.get("conflict", 0), _("{n} konflik")),
                   (c.get("duplicate", 0) + c.get("stale", 0), _("{n} sudah ada"))]
        if any(n for n, _t in records):
            text += " " + _("Penilaian: {parts}.").format(
                parts=", ".join(t.format(n=n) for n, t in records if n))
        if cancelled:
            text += " " + _("Impor dibatalkan; berkas sisanya tidak diimpor.")
        self.summary.setText(text)
        colour = "#b3261e" if c.get("file_rejected") or c.get("conflict") else "#1e6b34"
        self.summary.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def _old_bundles(self) -> list[str]:
        return sorted({r.file for r in self.model.reports() if r.status == "rejected"
                       and r.code == "bundle.rollback" and r.file not in self._old_confirmed})

    def confirm_old_bundles(self) -> QMessageBox | None:
        """Ask before importing bundles older than the last one seen (RELIABILITY 3.4 step 4)."""
        names = self._old_bundles()
        if not names:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, _("Bundel lama"), _(
            "{n} bundel lebih lama dari bundel terakhir yang diterima dari laptopnya. Impor "
            "hanya jika Anda yakin bundel itu memang belum pernah sampai ke kantor."
        ).format(n=len(names)), QMessageBox.StandardButton.NoButton, self)
        yes = box.addButton(_("Impor bundel lama"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Batal"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self.import_old(names) if box.clickedButton() is yes
                             else None)
        box.open()
        return box

    def import_old(self, names: list[str]) -> int:
        """Re-import refused old bundles, confirmed by the operator (logged by the service)."""
        paths = [self._seen_paths[n] for n in names if n in self._seen_paths]
        self._old_confirmed.update(p.name for p in paths)
        return self.import_files(paths, accept_old=True)

    def save_csv(self, path: Path | None = None, *, reports: list[ImportReport] | None = None,
                 names: bool = True) -> Op[Path] | None:
        """Write the report as CSV (the same columns as ``assessor-app import``);
        ``names=False``: the subject column left empty (services.sync.import_report_csv)."""
        reports = reports if reports is not None else self.model.reports()
        if not reports:
            return None
        if path is None:
            stamp = utc_now_iso().replace(":", "").replace("-", "")[:15]
            default = str(self.services.paths.data_dir / "imports" / f"import-{stamp}.csv")
            chosen, _f = QFileDialog.getSaveFileName(self, _("Simpan laporan impor"),
                                                     default, _("CSV (*.csv)"))
            if not chosen:
                return None
            path = Path(chosen)
        target = Path(path)
        lang = self.lang

        def work() -> Path:
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(target, import_report_csv(reports, lang, names=names))
            return target

        op = self.op(work).success(self._on_csv_saved)
        op.run()
        return op

    def _on_csv_saved(self, path: Path) -> None:
        self.last_report_path = path
        self.saved_label.setText(_("Laporan disimpan: {path}").format(path=path))

    def clear(self) -> None:
        if self.running:
            return
        self.saved_label.clear()
        self.model.clear()
        self._old_confirmed.clear()
        self.summary.setStyleSheet("")
        self._update_summary()
