"""Report actions of the GUI: Pratinjau / Cetak / Simpan PDF of an assessment (its window's
toolbar), the blank form of a template (Templat page) and the FR.AK.05 batch report of a
visit (Kunjungan page).

Every report is rendered in the background (:class:`assessor_app.ui.tasks.Op`, a delayed
progress dialog "Menyusun laporan…" whose Batal stops the renderer at the next page), then:

* Pratinjau opens :class:`~assessor_app.ui.report_preview.ReportPreviewDialog` (pages
  rasterised in memory with PDFium; paper and language can be changed there; Cetak and
  Simpan PDF from there too);
* Cetak goes straight to the print dialog and prints with ``QPrinter``; the printed bytes
  are recorded (``ReportService.record``) so ``verify`` recognises the printout;
* Simpan PDF asks for a file (default name: form code, subject, revision — never the NIK)
  and writes it atomically through ``ReportService.save``.

No preview or print goes through a file: nothing with the asesi's data is left in a temp
folder (RELIABILITY.md section 4, "Residual leaks").
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QPushButton, QWidget

from assessor_app.core.errors import AppError
from assessor_app.core.naming import safe_file_name
from assessor_app.i18n import _, pgettext
from assessor_app.ui.tasks import REPORTS, CancelToken, Executor, Op
from assessor_app.ui.views.common import make_action

if TYPE_CHECKING:
    from assessor_app.ui.report_preview import (
        AskPrinter,
        PrintJob,
        PrintResult,
        ReportPreviewDialog,
        ReportSource,
    )

log = logging.getLogger(__name__)


def _preview() -> ModuleType:
    """The preview and printing module, imported when a report is first asked for (it
    brings Qt's print support): the report buttons of the main window's pages are there
    from the start."""
    from assessor_app.ui import report_preview

    return report_preview


def reports_available() -> bool:
    return importlib.util.find_spec("assessor_app.services.reports") is not None \
        and importlib.util.find_spec("pypdfium2") is not None



def suggested_name(subject: str, form: str, revision: int | None = None, *,
                   nik: str | None = None) -> str:
    """``FR.IA.01-Rizky-Aditya-Pratama-r1.pdf``: safe on every file system, Unicode kept,
    never the NIK (RELIABILITY.md section 4)."""
    return safe_file_name(form, subject, f"r{revision}" if revision is not None else "",
                          secrets=[nik] if nik else [])


class ReportLauncher:
    """Renders a :class:`ReportSource` in the background and previews, prints or saves it.

    ``executor`` renders (the database lane by default, so the report contains every answer
    saved before); ``pdf_executor`` rasterises and prints (the PDFium lane by default).
    """

    def __init__(self, parent: QWidget, service: Any, *, executor: Executor | None = None,
                 pdf_executor: Executor | None = None, lang: str = "id",
                 settings: Any = None) -> None:
        """``service`` is the ReportService, or a function that gives it on first use (the
        main window's pages: reportlab loads when the first report is asked for)."""
        self.parent = parent
        self._service = service
        self.executor = executor
        self.pdf_executor = pdf_executor
        self.lang = lang
        self.settings = settings
        # seam for tests: ``fn(parent, printer, pages, current, proceed)``; None: the print
        # dialog (``report_preview.ask_printer``)
        self.ask_printer: AskPrinter | None = None
        self.op: Op[Any] | None = None
        self.dialog: ReportPreviewDialog | None = None
        self.print_job: PrintJob | None = None
        self.last_saved: Path | None = None

    @property
    def service(self) -> Any:
        if callable(self._service):  # a ReportService is not callable; its factory is
            self._service = self._service()
        return self._service

    def paper(self) -> str:
        settings = self.settings
        return str(settings.paper if settings is not None else "A4").lower()

    def report_lang(self) -> str:
        return self.lang if self.lang in ("id", "en") else "id"

    def status(self, text: str, ms: int = 8000) -> None:
        if isinstance(self.parent, QMainWindow):
            self.parent.statusBar().showMessage(text, ms)

    def _render_op(self, source: ReportSource, paper: str, lang: str,
                   success: Callable[[bytes], Any]) -> Op[bytes]:
        service = self.service

        def work(token: CancelToken) -> bytes:
            return source.render(service, paper, lang, token)

        op: Op[bytes] = (Op(self.parent, work, executor=self.executor, lang=self.lang)
                         .success(success)
                         .with_progress(_("Menyusun laporan…")))
        self.op = op
        return op

    # ------------------------------------------------------------ preview

    def preview(self, source: ReportSource) -> None:
        paper, lang = self.paper(), self.report_lang()

        def show(pdf: bytes) -> None:
            preview = _preview()
            dialog = preview.ReportPreviewDialog(
                self.service, source, pdf, paper=paper, lang=lang, ui_lang=self.lang,
                executor=self.executor, pdf_executor=self.pdf_executor, parent=self.parent)
            dialog.ask_printer = self.ask_printer or preview.ask_printer
            dialog.saved.connect(lambda saved: self._saved(saved.path))
            dialog.printed.connect(self._printed)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda _o=None: self._forget(dialog))
            dialog.open()
            self.dialog = dialog

        self._render_op(source, paper, lang, show).run()

    def _forget(self, dialog: ReportPreviewDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    # ------------------------------------------------------------ print

    def print_(self, source: ReportSource) -> None:
        paper, lang = self.paper(), self.report_lang()

        def ask(pdf: bytes) -> None:
            preview = _preview()
            job = preview.PrintJob(self.parent, self.service, pdf, source.print_name(),
                                   executor=self.executor, pdf_executor=self.pdf_executor,
                                   lang=self.lang, ask=self.ask_printer or preview.ask_printer)
            job.done.connect(self._printed)
            job.cancelled.connect(lambda: self.status(
                _("Pencetakan dibatalkan.")))
            self.print_job = job
            job.start()

        self._render_op(source, paper, lang, ask).run()

    def _printed(self, result: PrintResult) -> None:
        self.status(_(
            "Dicetak: {sheets} halaman. Cetakan tercatat dan dapat diverifikasi "
            "(kode {code}).").format(sheets=result.sheets,
            code=result.verification_code), 10000)

    # ------------------------------------------------------------ save

    def ask_and_save(self, source: ReportSource) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self.parent, _("Simpan laporan PDF"),
            str(_preview().default_save_path(source.file_name_for())),
            _("Dokumen PDF (*.pdf)"))
        if path:
            self.save_to(source, Path(path))

    def save_to(self, source: ReportSource, path: Path) -> None:
        """Render and write atomically in one background step (nothing written if cancelled
        or if rendering fails)."""
        path = _preview().with_pdf_suffix(Path(path))
        paper, lang, service = self.paper(), self.report_lang(), self.service

        def work(token: CancelToken) -> Any:
            return service.save(source.render(service, paper, lang, token), path)

        self.op = (Op(self.parent, work, executor=self.executor, lang=self.lang)
                   .changes(REPORTS)
                   .success(lambda saved: self._saved(saved.path))
                   .with_progress(_("Menyusun laporan…")))
        self.op.run()

    def _saved(self, path: Path) -> None:
        self.last_saved = path
        _preview().ReportPreviewDialog.last_directory = path.parent
        self.status(_("PDF disimpan: {path}").format(
            path=path), 10000)


# --------------------------------------------------------------------------- assessment window


def assessment_source(services: Any, report_service: Any, revision_id: str) -> ReportSource:
    """The report of one revision (its form code and subject name make the file name)."""
    from assessor_app.ui.report_preview import ReportSource

    row = services.assessments.resolve(revision_id)
    form = row.template_code
    nik = None
    parts: tuple[str, ...] = ()
    try:
        template = services.templates.get(row.template_id)
        form = template.form or form
        parts = report_service.parts_of(template)
        if row.assessee_id:
            nik = services.registry.assessee(row.assessee_id).nik
    except AppError:
        log.info("template or assessee of %s not found for the file name", row.id)
    return ReportSource("assessment", row.id, f"{row.template_code} · {row.subject_name}",
                        suggested_name(row.subject_name, form, row.revision, nik=nik), parts)


class ReportActions:
    """The three report actions of one :class:`AssessmentWindow`."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.service = window.services.reports
        self.launcher = ReportLauncher(window, self.service, executor=window.executor,
                                       lang=window.lang, settings=window.settings)
        self.preview = QAction(_("&Pratinjau PDF"), window)
        self.preview.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.preview.setToolTip(_(
            "Pratinjau laporan di aplikasi (Ctrl+Shift+V)"))
        self.preview.triggered.connect(lambda _c=False: self.run_preview())
        self.print_ = QAction(_("&Cetak…"), window)
        self.print_.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_.triggered.connect(lambda _c=False: self.run_print())
        self.save = QAction(_("&Simpan PDF…"), window)
        self.save.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.save.triggered.connect(lambda _c=False: self.ask_and_save())

    @property
    def actions(self) -> list[QAction]:
        return [self.preview, self.print_, self.save]

    @property
    def last_saved(self) -> Path | None:
        return self.launcher.last_saved

    def source(self) -> ReportSource:
        """The window's current revision (its form code and subject name the file name)."""
        return assessment_source(self.window.services, self.service, self.window.revision_id)

    def run_preview(self) -> None:
        self.launcher.preview(self.source())

    def run_print(self) -> None:
        self.launcher.print_(self.source())

    def ask_and_save(self) -> None:
        self.launcher.ask_and_save(self.source())

    def save_to(self, path: Path) -> None:
        self.launcher.save_to(self.source(), path)


def report_actions(window: Any) -> ReportActions | None:
    if not reports_available():
        return None
    return ReportActions(window)


# --------------------------------------------------------------------------- main window pages


class PageReports:
    """"Cetak formulir kosong" on the Templat page and "Laporan FR.AK.05" on the Kunjungan
    page of the main window (both open the same preview)."""

    def __init__(self, window: Any) -> None:

        self.window = window
        self.launcher = ReportLauncher(window, lambda: window.services.reports,
                                       executor=window.executor, lang=window.lang,
                                       settings=window.settings)
        self.blank_action = make_action(window, _("Cetak formulir &kosong…"), self.blank_form,
                                        tip=_("Pratinjau dan cetak templat ini sebagai "
                                              "formulir kosong untuk diisi tangan"))
        self.batch_action = make_action(window, _("Laporan FR.AK.&05…"), self.batch_report,
                                        tip=_("Rekaman asesmen per batch (FR.AK.05) "
                                              "kunjungan ini: semua asesi dengan K/BK"))
        self.blank_button = self._button(self.blank_action)
        self.batch_button = self._button(self.batch_action)
        templates = window.templates_page
        use = getattr(templates, "use_button", None)
        box = use.parentWidget().layout() if use is not None else None
        if box is not None:
            box.addWidget(self.blank_button)
        tools = getattr(window.visits_page, "tools", None)
        if tools is not None:
            tools.addWidget(self.batch_button)

    def _button(self, action: QAction) -> QPushButton:
        button = QPushButton(action.text(), self.window)
        button.setToolTip(action.statusTip())
        button.clicked.connect(action.trigger)
        action.enabledChanged.connect(button.setEnabled)
        return button

    @property
    def actions(self) -> list[QAction]:
        return [self.blank_action, self.batch_action]

    def blank_source(self, row: Any) -> ReportSource:
        """``row``: a TemplateRow (any version)."""
        from assessor_app.ui.report_preview import ReportSource

        lang = self.launcher.report_lang()
        parts: tuple[str, ...] = ()
        try:
            template = self.window.services.templates.get(row.id)
            form, title = template.form or template.code, template.title.get(lang)
            parts = self.launcher.service.parts_of(template)
        except AppError:
            form, title = row.code, row.code
        blank = _("formulir kosong")
        return ReportSource("blank", row.id, f"{form} · {title} · {blank}",
                            safe_file_name(form, blank, f"v{row.version}"), parts)

    def batch_source(self, visit: Any) -> ReportSource:
        """``visit``: a VisitRow."""
        from assessor_app.ui.report_preview import ReportSource

        name = visit.letter_no or visit.place or visit.id[:8]
        return ReportSource("batch", visit.id, f"FR.AK.05 · {name}",
                            safe_file_name("FR.AK.05", name))

    def blank_form(self) -> None:
        page = self.window.templates_page
        index = page.table.currentIndex()
        if not index.isValid():
            self.launcher.status(
                pgettext("Reports", "Pilih templat terlebih dahulu."))
            return
        self.launcher.preview(self.blank_source(page.model.row_at(index.row())))

    def batch_report(self) -> None:
        page = self.window.visits_page
        row = page.selected_row()
        if row < 0:
            self.launcher.status(
                _("Pilih kunjungan terlebih dahulu."))
            return
        self.launcher.preview(self.batch_source(page.model.row_at(row)))


def page_reports(window: Any) -> PageReports | None:
    if not reports_available():
        return None
    return PageReports(window)
