"""PDF actions of an assessment window: Pratinjau / Cetak / Simpan PDF.

Rendering runs in the background through :class:`assessor_app.ui.tasks.Op` with a delayed
progress dialog. PySide6 *Essentials* has no QtPdf (no ``QPdfDocument``) and Qt cannot
rasterise a PDF for ``QPrinter`` without it, so:

* Pratinjau writes the PDF to a temporary file and opens it in the system's PDF viewer;
* Cetak sends the file to the system's print verb on Windows (``os.startfile(path,
  "print")``) and elsewhere opens it in the viewer to print from there; the printed bytes
  are recorded (``ReportService.record``) so a copy can be verified later;
* Simpan PDF asks for a file name and saves through ``ReportService.save_assessment``
  (atomic write, recorded).
"""

from __future__ import annotations

import importlib.util
import logging
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QFileDialog

from assessor_app.fileio import atomic_write_bytes
from assessor_app.ui.tasks import Op

log = logging.getLogger(__name__)


def reports_available() -> bool:
    return importlib.util.find_spec("assessor_app.services.reports") is not None


def suggested_name(subject: str, template_code: str, revision: int) -> str:
    base = re.sub(r"[^\w.-]+", "-", f"{template_code}-{subject}", flags=re.UNICODE).strip("-")
    return f"{base[:80]}-rev{revision}.pdf"


class ReportActions:
    """Owns the three actions of one :class:`AssessmentWindow` and the report service."""

    def __init__(self, window: Any) -> None:
        from assessor_app.services.reports import ReportService

        self.window = window
        self.service = ReportService(window.services)
        self.last_saved: Path | None = None
        self.last_preview: Path | None = None
        self.last_printed: Path | None = None
        self.preview = QAction(QCoreApplication.translate("Reports", "&Pratinjau PDF"), window)
        self.preview.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.preview.triggered.connect(lambda _c=False: self.run_preview())
        self.print_ = QAction(QCoreApplication.translate("Reports", "&Cetak…"), window)
        self.print_.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_.triggered.connect(lambda _c=False: self.run_print())
        self.save = QAction(QCoreApplication.translate("Reports", "&Simpan PDF…"), window)
        self.save.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.save.triggered.connect(lambda _c=False: self.ask_and_save())

    @property
    def actions(self) -> list[QAction]:
        return [self.preview, self.print_, self.save]

    def _paper(self) -> str:
        settings = self.window.settings
        return (settings.paper if settings is not None else "A4").lower()

    def _render(self) -> bytes:
        return self.service.render_assessment(self.window.revision_id, paper=self._paper(),
                                              lang=self.window.lang)

    def _op(self, fn: Any) -> Op[Any]:
        return Op(self.window, fn, executor=self.window.executor, lang=self.window.lang)

    # ------------------------------------------------------------ preview

    def run_preview(self, open_viewer: bool = True) -> None:
        row = self.window.row
        target = Path(tempfile.gettempdir()) / ("pratinjau-" + suggested_name(
            row.subject_name, row.template_code, row.revision))

        def work() -> Path:
            atomic_write_bytes(target, [self._render()])
            return target

        def done(path: Path) -> None:
            self.last_preview = path
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Reports", "Pratinjau dibuka: {name}").format(
                    name=path.name), 6000)
            if open_viewer:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

        (self._op(work).success(done)
         .with_progress(QCoreApplication.translate("Reports", "Menyiapkan pratinjau PDF…"))
         .run())

    # ------------------------------------------------------------ print

    def run_print(self, send: bool = True) -> None:
        row = self.window.row
        target = Path(tempfile.gettempdir()) / ("cetak-" + suggested_name(
            row.subject_name, row.template_code, row.revision))

        def work() -> Path:
            pdf = self._render()
            atomic_write_bytes(target, [pdf])
            self.service.record(pdf)  # a printed copy can be verified later
            return target

        def done(path: Path) -> None:
            self.last_printed = path
            if not send:
                return
            if sys.platform == "win32":  # pragma: no cover - Windows only
                os.startfile(str(path), "print")  # type: ignore[attr-defined]
                text = QCoreApplication.translate("Reports", "Dikirim ke pencetak: {name}")
            else:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
                text = QCoreApplication.translate(
                    "Reports", "PDF dibuka di penampil; cetak dari sana: {name}")
            self.window.statusBar().showMessage(text.format(name=path.name), 8000)

        (self._op(work).success(done)
         .with_progress(QCoreApplication.translate("Reports", "Menyiapkan PDF untuk dicetak…"))
         .run())

    # ------------------------------------------------------------ save

    def ask_and_save(self) -> None:
        row = self.window.row
        start = str(Path.home() / suggested_name(row.subject_name, row.template_code,
                                                 row.revision))
        path, _filter = QFileDialog.getSaveFileName(
            self.window, QCoreApplication.translate("Reports", "Simpan laporan PDF"), start,
            QCoreApplication.translate("Reports", "Dokumen PDF (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        if path.suffix.lower() != ".pdf":
            path = path.with_suffix(".pdf")
        revision_id = self.window.revision_id
        paper, lang = self._paper(), self.window.lang

        def work() -> Path:
            return self.service.save_assessment(revision_id, path, paper=paper, lang=lang)

        def done(saved: Path) -> None:
            self.last_saved = saved
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Reports", "PDF disimpan: {path}").format(
                    path=saved), 10000)

        (self._op(work).success(done)
         .with_progress(QCoreApplication.translate("Reports", "Menyimpan PDF…"))
         .run())


def report_actions(window: Any) -> ReportActions | None:
    if not reports_available():
        return None
    return ReportActions(window)
