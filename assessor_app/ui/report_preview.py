"""In-app preview and printing of a rendered report (issue 4, "Printing").

PySide6-Essentials has no QtPdf, so pages are rasterised with PDFium (``pypdfium2``):

- :class:`ReportPreviewDialog` shows one page at a time as an image (zoom, fit width,
  "Halaman x dari y", PgUp/PgDn), re-renders when the paper (A4/F4), the report language
  (id/en) or the sheet of a form printed as several (FR.IA.05: A soal, B kunci, C jawaban)
  changes, prints ("Cetak…") and saves ("Simpan PDF…") the sheet shown.
- :class:`PrintJob` asks for a printer (``QPrintDialog``) and paints every page image at the
  printer's resolution (capped at :data:`MAX_PRINT_DPI`) into a ``QPrinter`` whose paper is
  the PDF's (A4, or F4 = 215 x 330 mm), honouring the dialog's page range, current page,
  copies, collation and page order; then records the printed bytes
  (``ReportService.record``) so ``verify`` recognises a scan or copy of the printout.

Threads: reports are rendered on the caller's executor (the database lane: it sees every
answer saved before). PDFium is not thread-safe, so every PDFium object is created, used
and closed inside one function that runs on the single-thread :func:`pdf_lane` (and under
:data:`_PDFIUM_LOCK`); only ``bytes``, numbers and ``QImage`` cross to the GUI thread.
Painting into a ``QPrinter`` happens on that worker too (Qt allows ``QPainter`` on a
``QPrinter`` outside the GUI thread).

Nothing is written to disk for a preview or a print: page images live in memory. A PDF file
is written only by "Simpan PDF…", atomically, through ``ReportService.save``.
"""

from __future__ import annotations

import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QMarginsF,
    QObject,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPaintEvent,
    QPen,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.display import display_line
from assessor_app.core.naming import MAX_NAME_BYTES, safe_file_name
from assessor_app.i18n import _
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.geometry import fit_to_screen
from assessor_app.ui.tasks import REPORTS, CancelToken, Executor, Op, ThreadExecutor

if TYPE_CHECKING:
    from assessor_app.services.reports import ReportService

log = logging.getLogger(__name__)

# Logical pixels per inch at 100 % zoom.
BASE_DPI = 96.0
# Preview rasters never exceed this (memory: an A4 page at 300 dpi is ~26 MB as RGB).
MAX_PREVIEW_DPI = 300.0
# Printing renders at the printer's resolution, but not above this (600 dpi RGB A4 ~105 MB).
MAX_PRINT_DPI = 600
ZOOM_LEVELS = (0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
CACHE_PAGES = 8
CACHE_BYTES = 96 * 1024 * 1024
PT_PER_MM = 72.0 / 25.4
A4_MM = (210.0, 297.0)
F4_MM = (215.0, 330.0)

_PDFIUM_LOCK = threading.Lock()
_pdf_lane: ThreadExecutor | None = None


def pdf_lane() -> ThreadExecutor:
    """The application's single PDFium thread (created on first use)."""
    global _pdf_lane
    if _pdf_lane is None or not shiboken6.isValid(_pdf_lane):
        _pdf_lane = ThreadExecutor(1, QCoreApplication.instance(), name="pdf-lane")
    return _pdf_lane



# --------------------------------------------------------------------------- file names

# --------------------------------------------------------------------------- what to render


def sheet_label(part: str) -> str:
    """The name of a sheet (``ReportService.parts_of``) in the preview's sheet box."""
    labels = {"soal": _("A · Lembar soal (tanpa kunci)"),
              "kunci": _("B · Kunci jawaban (untuk asesor)"),
              "jawaban": _("C · Lembar jawaban (rekaman)")}
    return labels.get(part, part)


@dataclass(frozen=True)
class ReportSource:
    """One report the GUI can render again (other paper, language or sheet): an
    assessment revision, the FR.AK.05 batch of a visit, or the blank form of a template."""

    kind: str  # "assessment" | "batch" | "blank"
    ref: str  # revision id | visit id | template id
    title: str  # for the dialog's title
    file_name: str  # suggested, already safe (see safe_file_name)
    #: the sheets the form prints as (``ReportService.parts_of``), the default last;
    #: empty for a form of one sheet
    parts: tuple[str, ...] = ()

    @property
    def default_part(self) -> str | None:
        return self.parts[-1] if self.parts else None

    def file_name_for(self, part: str | None = None) -> str:
        """The suggested file name of sheet ``part`` (None: the default sheet). A form of
        several sheets names the sheet: ``FR.IA.05-Dewi-Lestari-r1-soal.pdf``."""
        sheet = part or self.default_part
        if sheet is None:
            return self.file_name
        stem = self.file_name.removesuffix(".pdf")
        while len(stem.encode("utf-8")) > MAX_NAME_BYTES - len(sheet.encode("utf-8")) - 1:
            stem = stem[:-1]
        return safe_file_name(stem, sheet)

    def print_name(self, part: str | None = None) -> str:
        """The name the print queue (and a print server's log) shows: the form kind and the
        record's short id, never a person's name (UU 27/2022)."""
        sheet = part or self.default_part
        name = _("Laporan {ref}").format(ref=self.ref[:8])
        return f"{name} {sheet}" if sheet else name

    def render(self, service: ReportService, paper: str, lang: str,
               token: CancelToken | None = None, part: str | None = None) -> bytes:
        """Runs on a worker; cancelled at the next page when ``token`` is cancelled.
        ``part``: the sheet (one of :attr:`parts`; None: the default)."""

        def progress(_page: int) -> None:
            if token is not None:
                token.raise_if_cancelled()

        if self.kind == "assessment":
            return service.render_assessment(self.ref, paper=paper, lang=lang,
                                             progress=progress, part=part)
        if self.kind == "batch":
            return service.render_batch(self.ref, paper=paper, lang=lang, progress=progress)
        if self.kind == "blank":
            return service.render_blank(self.ref, paper=paper, lang=lang, progress=progress,
                                        part=part)
        raise ValueError(f"unknown report kind {self.kind!r}")


# --------------------------------------------------------------------------- PDFium


@dataclass(frozen=True)
class PdfInfo:
    pages: int
    sizes: tuple[tuple[float, float], ...]  # width, height of each page in points

    def size(self, index: int) -> tuple[float, float]:
        return self.sizes[index] if 0 <= index < len(self.sizes) else (595.28, 841.89)


@contextmanager
def _document(pdf: bytes) -> Iterator[Any]:
    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        doc = pdfium.PdfDocument(pdf)
        try:
            yield doc
        finally:
            doc.close()


def _page_image(doc: Any, index: int, dpi: float) -> QImage:
    page = doc[index]
    try:
        bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True, may_draw_forms=False)
        try:
            if bitmap.n_channels == 3:
                fmt = QImage.Format.Format_RGB888
            elif bitmap.n_channels == 4:
                fmt = QImage.Format.Format_RGBX8888
            else:
                fmt = QImage.Format.Format_Grayscale8
            # copy(): the QImage must own its pixels before the bitmap is closed
            return QImage(memoryview(bitmap.buffer), bitmap.width, bitmap.height,
                          bitmap.stride, fmt).copy()
        finally:
            bitmap.close()
    finally:
        page.close()


def inspect_pdf(pdf: bytes) -> PdfInfo:
    """Page count and page sizes (PDF lane only)."""
    sizes = []
    with _document(pdf) as doc:
        for i in range(len(doc)):
            page = doc[i]
            try:
                w, h = page.get_size()
            finally:
                page.close()
            sizes.append((float(w), float(h)))
    return PdfInfo(len(sizes), tuple(sizes))


def rasterise(pdf: bytes, index: int, dpi: float) -> QImage:
    """Page ``index`` (0-based) as an RGB image at ``dpi`` (PDF lane only)."""
    with _document(pdf) as doc:
        return _page_image(doc, index, dpi)


# --------------------------------------------------------------------------- printing


def page_size_for(size_pt: tuple[float, float]) -> QPageSize:
    """A4 and F4 by name; anything else as a custom size in points (portrait)."""
    w, h = sorted(size_pt)
    for mm, page in ((A4_MM, QPageSize(QPageSize.PageSizeId.A4)),
                     (F4_MM, QPageSize(QSizeF(*F4_MM), QPageSize.Unit.Millimeter, "F4",
                                       QPageSize.SizeMatchPolicy.ExactMatch))):
        if abs(w - mm[0] * PT_PER_MM) < 2.5 and abs(h - mm[1] * PT_PER_MM) < 2.5:
            return page
    return QPageSize(QSizeF(w, h), QPageSize.Unit.Point, "",
                     QPageSize.SizeMatchPolicy.ExactMatch)


def prepare_printer(printer: QPrinter, info: PdfInfo, doc_name: str) -> None:
    """Paper from the PDF, no margins (the report carries its own), full-page coordinates."""
    w, h = info.size(0)
    printer.setDocName(doc_name)
    printer.setCreator(APP_DISPLAY_NAME)
    printer.setPageSize(page_size_for((w, h)))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if w > h
                               else QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def print_sequence(printer: QPrinter, pages: int, current: int = 0) -> list[int]:
    """The 0-based pages to paint, in order, with the copies the driver will not make."""
    if pages <= 0:
        return []
    mode = printer.printRange()
    if mode == QPrinter.PrintRange.CurrentPage:
        chosen = [min(max(current, 0), pages - 1)]
    elif mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(1, printer.fromPage())
        last = min(pages, printer.toPage() or pages)
        chosen = list(range(first - 1, last))
    else:
        chosen = list(range(pages))
    if printer.pageOrder() == QPrinter.PageOrder.LastPageFirst:
        chosen.reverse()
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    if copies == 1:
        return chosen
    if printer.collateCopies():
        return chosen * copies
    return [p for p in chosen for _ignored in range(copies)]


class PrintFailed(Exception):
    """The printer could not be opened (offline, no driver, file not writable)."""


def print_pdf(pdf: bytes, printer: QPrinter, sequence: Sequence[int],
              check: Callable[[], None] | None = None, max_dpi: int = MAX_PRINT_DPI) -> int:
    """Paint ``sequence`` pages of ``pdf`` into ``printer`` (PDF lane only); returns the
    number of sheets sent. ``check()`` may raise :class:`OpCancelled` between pages: the job
    is then aborted (and a partial output file removed)."""
    if not sequence:
        return 0
    painter = QPainter()
    with _document(pdf) as doc:
        if not painter.begin(printer):
            raise PrintFailed(printer.printerName() or printer.outputFileName())
        sent = 0
        try:
            res = printer.resolution()
            paper = printer.paperRect(QPrinter.Unit.DevicePixel)
            for n, index in enumerate(sequence):
                if check is not None:
                    check()
                if n > 0 and not printer.newPage():
                    raise PrintFailed(printer.printerName() or printer.outputFileName())
                w_pt, h_pt = _size_of(doc, index)
                w_px, h_px = w_pt / 72.0 * res, h_pt / 72.0 * res
                # the paper is the PDF's: actual size; a smaller paper: shrink to fit
                scale = min(paper.width() / w_px, paper.height() / h_px, 1.0)
                if scale > 0.99:
                    scale = 1.0
                target = QRectF(paper.x() + max(0.0, (paper.width() - w_px * scale) / 2),
                                paper.y(), w_px * scale, h_px * scale)
                dpi = min(float(res), float(max_dpi)) * scale
                painter.drawImage(target, _page_image(doc, index, dpi))
                sent += 1
            if check is not None:
                check()
        except BaseException:
            printer.abort()
            painter.end()
            out = printer.outputFileName()
            if out:
                with suppress(OSError):
                    Path(out).unlink()
            raise
        painter.end()
    return sent


def _size_of(doc: Any, index: int) -> tuple[float, float]:
    page = doc[index]
    try:
        w, h = page.get_size()
        return float(w), float(h)
    finally:
        page.close()


AskPrinter = Callable[[QWidget, QPrinter, int, int, Callable[[], None]], object]


def ask_printer(parent: QWidget, printer: QPrinter, pages: int, current: int,
                proceed: Callable[[], None]) -> QPrintDialog:
    """The print dialog (window-modal, no nested event loop); ``proceed()`` after OK."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Cetak laporan"))
    options = QAbstractPrintDialog.PrintDialogOption
    for option in (options.PrintPageRange, options.PrintCurrentPage,
                   options.PrintCollateCopies, options.PrintToFile, options.PrintShowPageSize):
        dialog.setOption(option, True)
    dialog.setMinMax(1, max(1, pages))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.finished.connect(
        lambda result: proceed() if result == QDialog.DialogCode.Accepted else None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.show()  # like open(): window-modal, no nested event loop
    return dialog


@dataclass(frozen=True)
class PrintResult:
    sheets: int
    pages: int
    verification_code: str
    report_id: str


class PrintJob(QObject):
    """Ask for a printer, print in the background (cancellable), then record the bytes."""

    started = Signal()  # the print dialog was accepted; painting begins
    done = Signal(object)  # PrintResult, after the bytes were recorded
    failed = Signal(str)  # a message (already shown to the user)
    cancelled = Signal()  # the user cancelled while printing

    def __init__(self, parent: QWidget, service: ReportService, pdf: bytes, doc_name: str,
                 *, info: PdfInfo | None = None, current: int = 0,
                 executor: Executor | None = None, pdf_executor: Executor | None = None,
                 lang: str | None = None, ask: AskPrinter | None = None) -> None:
        super().__init__(parent)  # reached as parent(): a reference of its own is a cycle
        self.service = service
        self.pdf = pdf
        self.doc_name = doc_name
        self.info = info
        self.current = current
        self.executor = executor
        self.pdf_executor = pdf_executor
        self.lang = lang
        self.ask = ask or ask_printer
        self.printer: QPrinter | None = None
        self.op: Op[Any] | None = None
        self.result: PrintResult | None = None

    def _parent(self) -> QWidget:
        return cast(QWidget, self.parent())

    def _pdf_executor(self) -> Executor:
        return self.pdf_executor if self.pdf_executor is not None else pdf_lane()

    def start(self) -> None:
        if self.info is None:
            pdf = self.pdf
            (Op(self._parent(), lambda: inspect_pdf(pdf), executor=self._pdf_executor(),
                lang=self.lang)
             .success(self._with_info).failure(self._fail).run())
        else:
            self._with_info(self.info)

    def _with_info(self, info: PdfInfo) -> None:
        self.info = info
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer, info, self.doc_name)
        self.printer = printer
        self.ask(self._parent(), printer, info.pages, self.current + 1, self._print)

    def _print(self) -> None:
        printer, info, pdf = self.printer, self.info, self.pdf
        assert printer is not None and info is not None
        sequence = print_sequence(printer, info.pages, self.current)
        self.started.emit()

        def work(token: CancelToken) -> int:
            return print_pdf(pdf, printer, sequence, token.raise_if_cancelled)

        printed: list[int] = []

        def success(sheets: int) -> None:
            printed.append(sheets)
            self._record(sheets, len(set(sequence)))

        def finished() -> None:
            if op.token.cancelled and not printed:
                self.cancelled.emit()

        op = (Op(self._parent(), work, executor=self._pdf_executor(), lang=self.lang)
              .success(success)
              .failure(self._fail)
              .finished(finished)
              .with_progress(_("Mencetak…")))
        self.op = op
        op.run()

    def _record(self, sheets: int, pages: int) -> None:
        pdf = self.pdf

        def recorded(row: Any) -> None:
            self.result = PrintResult(sheets, pages, row.verification_code, row.id)
            self.done.emit(self.result)

        (Op(self._parent(), lambda: self.service.record(pdf), executor=self.executor,
            lang=self.lang)
         .changes(REPORTS)
         .success(recorded).failure(self._fail).run())

    def _fail(self, exc: BaseException) -> None:
        from assessor_app.ui.errors import describe_error, show_error

        if isinstance(exc, PrintFailed):
            text = _(
                "Pencetak tidak dapat dibuka: {name}. Periksa apakah "
                "pencetak menyala dan terhubung.").format(name=str(exc) or "?")
            box = QMessageBox(QMessageBox.Icon.Warning, APP_DISPLAY_NAME, text,
                              QMessageBox.StandardButton.Ok, self._parent())
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        else:
            text = describe_error(exc, self.lang)
            show_error(self._parent(), exc, self.lang)
        self.failed.emit(text)


def merge_pdfs(parts: Sequence[bytes]) -> bytes:
    """One PDF of ``parts`` one after the other (PDF lane only): the pages printed in one
    job. The merged file is never recorded itself; each part is."""
    import io

    import pypdfium2 as pdfium

    with _PDFIUM_LOCK:
        merged = pdfium.PdfDocument.new()
        try:
            for part in parts:
                src = pdfium.PdfDocument(part)
                try:
                    merged.import_pages(src)
                finally:
                    src.close()
            out = io.BytesIO()
            merged.save(out)
            return out.getvalue()
        finally:
            merged.close()


class BatchPrintJob(PrintJob):
    """Several reports in one print job (one printer dialog): the merged pages are printed,
    then every report is recorded, so each printed one verifies by its own code."""

    def __init__(self, parent: QWidget, service: ReportService, parts: Sequence[bytes],
                 merged: bytes, doc_name: str, **kwargs: Any) -> None:
        super().__init__(parent, service, merged, doc_name, **kwargs)
        self.parts = list(parts)
        self.recorded: list[Any] = []

    def _record(self, sheets: int, pages: int) -> None:
        parts = self.parts

        def recorded(rows: list[Any]) -> None:
            self.recorded = rows
            self.result = PrintResult(sheets, pages,
                                      ", ".join(r.verification_code for r in rows),
                                      rows[0].id if rows else "")
            self.done.emit(self.result)

        (Op(self._parent(), lambda: [self.service.record(p) for p in parts],
            executor=self.executor, lang=self.lang)
         .changes(REPORTS)
         .success(recorded).failure(self._fail).run())


# --------------------------------------------------------------------------- the page view


class PageCanvas(QWidget):
    """One page on a grey desk: the image scaled into the page rectangle (a stale image is
    stretched while a sharper one is rasterised)."""

    MARGIN = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.page_size = QSizeF(595.0, 842.0)  # logical pixels
        self.image: QImage | None = None
        self.placeholder = ""
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_page(self, size: QSizeF, image: QImage | None) -> None:
        self.page_size = size
        self.image = image
        m = 2 * self.MARGIN
        self.setFixedSize(QSize(math.ceil(size.width()) + m, math.ceil(size.height()) + m))
        self.update()

    def page_rect(self) -> QRectF:
        return QRectF(QPointF(self.MARGIN, self.MARGIN), self.page_size)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#6b7683"))
        rect = self.page_rect()
        painter.fillRect(rect.translated(3, 4), QColor(0, 0, 0, 70))
        painter.fillRect(rect, Qt.GlobalColor.white)
        if self.image is not None and not self.image.isNull():
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(rect, self.image)
        elif self.placeholder:
            painter.setPen(QPen(QColor("#5b6472")))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.placeholder)
        painter.end()


# --------------------------------------------------------------------------- the dialog


class ReportPreviewDialog(QDialog):
    """Preview of a rendered report with print and save. Open with ``open()``."""

    document_ready = Signal()  # a (re)rendered document is shown: page count known
    page_ready = Signal(int)  # the sharp image of this page (0-based) is on screen
    saved = Signal(object)  # SavedReport
    printed = Signal(object)  # PrintResult

    # Replaced in tests to bypass QPrintDialog: ``fn(parent, printer, pages, current, go)``.
    ask_printer: AskPrinter = staticmethod(ask_printer)
    last_directory: Path | None = None

    def __init__(self, service: ReportService, source: ReportSource, pdf: bytes, *,
                 paper: str = "a4", lang: str = "id", part: str | None = None,
                 ui_lang: str | None = None, executor: Executor | None = None,
                 pdf_executor: Executor | None = None, parent: QWidget | None = None
                 ) -> None:
        """``pdf``: the report already rendered on ``paper`` in ``lang``, of sheet ``part``
        (None: the default sheet of ``source``)."""
        super().__init__(parent)
        self.service = service
        self.source = source
        self.executor = executor
        self.pdf_executor = pdf_executor
        self.ui_lang = ui_lang or lang
        self.pdf = pdf
        self.paper = paper
        self.lang = lang
        self.part = part or source.default_part  # the sheet shown (None: one sheet)
        self.info: PdfInfo | None = None
        self.page = 0
        self.zoom = 1.0
        self.fit_width = True
        self.busy = False
        self.print_job: PrintJob | None = None
        self.last_saved: Path | None = None
        self.op: Op[Any] | None = None
        self._generation = 0
        self._cache: OrderedDict[tuple[int, int, int], QImage] = OrderedDict()
        self._wanted: tuple[int, int, int] | None = None
        self._rastering = False

        self.setWindowTitle(_("Pratinjau laporan — {title}").format(
            title=display_line(source.title)))
        # the report of a record is personal data shown: the audit log says who saw it
        (Op(self, lambda: service.log_preview(pdf), executor=executor, lang=self.ui_lang)
         .failure(lambda exc: log.info("preview not logged: %s", exc)).run())
        self.setSizeGripEnabled(True)

        # --- top: pages | zoom; bottom: paper, language | save, print, close
        self.paper_box = wheel_needs_focus(QComboBox(self))
        # the names on the button (a 1024x600 screen at 150 % cut "A4 (210 × 297 mm)" to
        # "A4 (210 × 297 mı"), the sizes in the list and the tooltip
        for name, key, size in (("A4", "a4", "210 × 297 mm"), ("F4", "f4", "215 × 330 mm")):
            self.paper_box.addItem(name, key)
            self.paper_box.setItemData(self.paper_box.count() - 1, f"{name} ({size})",
                                       Qt.ItemDataRole.ToolTipRole)
        self.paper_box.setAccessibleName(_("Ukuran kertas"))
        self.paper_box.setToolTip("A4: 210 × 297 mm · F4: 215 × 330 mm")
        self.lang_box = wheel_needs_focus(QComboBox(self))
        self.lang_box.addItem(_("Bahasa Indonesia"), "id")
        self.lang_box.addItem(_("Bahasa Inggris"), "en")
        self.lang_box.setAccessibleName(_("Bahasa laporan"))
        self._select(self.paper_box, paper)
        self._select(self.lang_box, lang)
        paper_label = QLabel(_("&Kertas"), self)
        paper_label.setBuddy(self.paper_box)
        lang_label = QLabel(_("&Bahasa"), self)
        lang_label.setBuddy(self.lang_box)
        # the sheet of a form printed as several (FR.IA.05 A/B/C); hidden otherwise
        self.sheet_box = wheel_needs_focus(QComboBox(self))
        for sheet in source.parts:
            self.sheet_box.addItem(sheet_label(sheet), sheet)
        self.sheet_box.setAccessibleName(_("Lembar yang ditampilkan"))
        self.sheet_box.setToolTip(_("Lembar soal untuk asesi, kunci jawaban untuk asesor, "
                                    "lembar jawaban sebagai rekaman"))
        self.sheet_box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.sheet_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if self.part is not None:
            self._select(self.sheet_box, self.part)
        self.sheet_caption = QLabel(_("Le&mbar"), self)
        self.sheet_caption.setBuddy(self.sheet_box)
        for w in (self.sheet_caption, self.sheet_box):
            w.setVisible(bool(source.parts))

        self.prev_button = QPushButton(_("‹ Sebelumnya"), self)
        self.prev_button.setToolTip(_("Halaman sebelumnya (PgUp)"))
        self.next_button = QPushButton(_("Berikutnya ›"), self)
        self.next_button.setToolTip(_("Halaman berikutnya (PgDn)"))
        self.page_label = QLabel(self)
        self.page_label.setMinimumWidth(130)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_out_button = QPushButton("−", self)
        self.zoom_out_button.setToolTip(_("Perkecil (Ctrl+-)"))
        self.zoom_out_button.setAccessibleName(_("Perkecil"))
        self.zoom_in_button = QPushButton("+", self)
        self.zoom_in_button.setToolTip(_("Perbesar (Ctrl++)"))
        self.zoom_in_button.setAccessibleName(_("Perbesar"))
        for b in (self.zoom_out_button, self.zoom_in_button):
            b.setFixedWidth(34)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.fit_button = QPushButton(_("&Lebar penuh"), self)
        self.fit_button.setCheckable(True)
        self.fit_button.setChecked(True)
        self.fit_button.setToolTip(_("Sesuaikan lebar halaman dengan jendela (Ctrl+0)"))

        top = QHBoxLayout()
        top.addWidget(self.prev_button)
        top.addWidget(self.page_label)
        top.addWidget(self.next_button)
        top.addStretch(1)
        top.addWidget(self.zoom_out_button)
        top.addWidget(self.zoom_label)
        top.addWidget(self.zoom_in_button)
        top.addWidget(self.fit_button)

        # --- the page
        self.canvas = PageCanvas()
        self.canvas.placeholder = _("Memuat halaman…")
        self.view = QScrollArea(self)
        self.view.setWidget(self.canvas)
        self.view.setWidgetResizable(False)
        self.view.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.view.setStyleSheet("QScrollArea { background: #6b7683; border: none; }")
        self.view.viewport().setStyleSheet("background: #6b7683;")
        self.view.setAccessibleName(_("Halaman laporan"))
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.viewport().installEventFilter(self)
        self.view.installEventFilter(self)

        # --- status line and the bottom row
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setObjectName("hint")
        self.save_button = QPushButton(_("&Simpan PDF…"), self)
        self.save_button.setToolTip(_("Simpan sebagai berkas PDF (Ctrl+S)"))
        self.print_button = QPushButton(_("&Cetak…"), self)
        self.print_button.setObjectName("primary")
        self.print_button.setToolTip(_("Cetak ke pencetak (Ctrl+P)"))
        self.close_button = QPushButton(_("&Tutup"), self)
        for b in (self.prev_button, self.next_button, self.zoom_out_button,
                  self.zoom_in_button, self.fit_button, self.save_button, self.close_button):
            b.setAutoDefault(False)
        self.print_button.setAutoDefault(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.sheet_caption)
        bottom.addWidget(self.sheet_box)
        bottom.addSpacing(8)
        bottom.addWidget(paper_label)
        bottom.addWidget(self.paper_box)
        bottom.addSpacing(8)
        bottom.addWidget(lang_label)
        bottom.addWidget(self.lang_box)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addLayout(bottom)

        # --- keyboard
        def shortcut(keys: Any, slot: Callable[[], object]) -> QAction:
            action = QAction(self)
            shortcuts = keys if isinstance(keys, list) else [keys]
            action.setShortcuts([QKeySequence(k) for k in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _c=False: slot())
            self.addAction(action)
            return action

        # PgUp/PgDn (pages), Ctrl+Home/End: keyPressEvent and the view's event filter
        shortcut([QKeySequence.StandardKey.ZoomIn, "Ctrl+="], self.zoom_in)
        shortcut(QKeySequence.StandardKey.ZoomOut, self.zoom_out)
        shortcut("Ctrl+0", lambda: self.set_fit_width(True))
        shortcut(QKeySequence.StandardKey.Print, self.print_document)
        shortcut(QKeySequence.StandardKey.Save, self.ask_and_save)

        self.prev_button.clicked.connect(self.previous_page)
        self.next_button.clicked.connect(self.next_page)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.toggled.connect(self.set_fit_width)
        self.paper_box.currentIndexChanged.connect(lambda _i: self.rerender())
        self.lang_box.currentIndexChanged.connect(lambda _i: self.rerender())
        self.sheet_box.currentIndexChanged.connect(lambda _i: self.rerender())
        self.save_button.clicked.connect(self.ask_and_save)
        self.print_button.clicked.connect(self.print_document)
        self.close_button.clicked.connect(self.reject)

        fit_to_screen(self, QSize(980, 860), QSize(480, 360))
        self._update_controls()
        self._load(pdf, paper, lang)

    # ------------------------------------------------------------ state

    @property
    def page_count(self) -> int:
        return self.info.pages if self.info is not None else 0

    def _pdf_executor(self) -> Executor:
        return self.pdf_executor if self.pdf_executor is not None else pdf_lane()

    @staticmethod
    def _select(box: QComboBox, value: str) -> None:
        box.blockSignals(True)
        box.setCurrentIndex(max(0, box.findData(value)))
        box.blockSignals(False)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self._update_controls()

    def _update_controls(self) -> None:
        n = self.page_count
        ready = self.info is not None and not self.busy
        self.prev_button.setEnabled(ready and self.page > 0)
        self.next_button.setEnabled(ready and self.page < n - 1)
        for w in (self.paper_box, self.lang_box, self.sheet_box, self.save_button,
                  self.print_button):
            w.setEnabled(ready)
        if n:
            self.page_label.setText(_("Halaman {page} dari {total}").format(
                page=self.page + 1, total=n))
        else:
            self.page_label.setText(_("Memuat…"))
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.zoom_out_button.setEnabled(self.zoom > ZOOM_LEVELS[0] + 1e-3)
        self.zoom_in_button.setEnabled(self.zoom < ZOOM_LEVELS[-1] - 1e-3)
        self.fit_button.blockSignals(True)
        self.fit_button.setChecked(self.fit_width)
        self.fit_button.blockSignals(False)

    # ------------------------------------------------------------ documents

    def _load(self, pdf: bytes, paper: str, lang: str, part: str | None = None) -> None:
        """Show ``pdf`` (just rendered): inspect it on the PDF lane, then draw page 1..n."""
        self.pdf, self.paper, self.lang = pdf, paper, lang
        if part is not None:
            self.part = part
        self._generation += 1
        generation = self._generation
        self._cache.clear()
        self._wanted = None
        self.info = None
        self._update_controls()

        def inspected(info: PdfInfo) -> None:
            if generation != self._generation:
                return
            self.info = info
            self.page = min(self.page, info.pages - 1)
            self._apply_zoom()
            self._update_controls()
            text = _("{pages} halaman · kertas {paper} · {lang} — "
                     "PgUp/PgDn: pindah halaman").format(
                pages=info.pages, paper=self.paper.upper(), lang=self.lang_box.currentText())
            if self.part is not None:
                text = f"{sheet_label(self.part)} · {text}"
            self.status.setText(text)
            self.document_ready.emit()

        (Op(self, lambda: inspect_pdf(pdf), executor=self._pdf_executor(), lang=self.ui_lang)
         .success(inspected).run())

    def rerender(self) -> None:
        """Render again with the chosen paper, language and sheet (background,
        cancellable)."""
        paper = str(self.paper_box.currentData())
        lang = str(self.lang_box.currentData())
        part = str(self.sheet_box.currentData()) if self.source.parts else None
        if (paper, lang, part) == (self.paper, self.lang, self.part) or self.busy:
            return
        self._set_busy(True)
        source, service = self.source, self.service

        def work(token: CancelToken) -> bytes:
            return source.render(service, paper, lang, token, part)

        def failed(exc: BaseException) -> None:
            from assessor_app.ui.errors import show_error

            show_error(self, exc, self.ui_lang)

        def finished() -> None:
            self._select(self.paper_box, self.paper)  # back to what is shown if it failed
            self._select(self.lang_box, self.lang)
            if self.part is not None:
                self._select(self.sheet_box, self.part)
            self._set_busy(False)

        self.op = (Op(self, work, executor=self.executor, lang=self.ui_lang)
                   .success(lambda pdf: self._load(pdf, paper, lang, part))
                   .failure(failed).finished(finished)
                   .with_progress(_("Menyusun laporan…")))
        self.op.run()

    # ------------------------------------------------------------ pages and zoom

    def go_to(self, index: int) -> None:
        if self.info is None:
            return
        index = min(max(index, 0), self.info.pages - 1)
        if index == self.page and self.canvas.image is not None:
            return
        self.page = index
        self.view.verticalScrollBar().setValue(0)
        self._update_controls()
        self._show_page()

    def next_page(self) -> None:
        self.go_to(self.page + 1)

    def previous_page(self) -> None:
        self.go_to(self.page - 1)

    def _page_pixels(self, zoom: float | None = None) -> QSizeF:
        w, h = self.info.size(self.page) if self.info is not None else (595.28, 841.89)
        z = (zoom if zoom is not None else self.zoom) * BASE_DPI / 72.0
        return QSizeF(w * z, h * z)

    def _fit_zoom(self) -> float:
        width = self.view.viewport().width() - 2 * PageCanvas.MARGIN - 2
        page = self._page_pixels(1.0).width()
        return min(max(width / page, ZOOM_LEVELS[0]), ZOOM_LEVELS[-1]) if page > 0 else 1.0

    def set_fit_width(self, on: bool = True) -> None:
        self.fit_width = on
        self._apply_zoom()

    def set_zoom(self, zoom: float) -> None:
        self.fit_width = False
        self.zoom = min(max(zoom, ZOOM_LEVELS[0]), ZOOM_LEVELS[-1])
        self._apply_zoom()

    def zoom_in(self) -> None:
        bigger = [z for z in ZOOM_LEVELS if z > self.zoom * 1.01]
        self.set_zoom(bigger[0] if bigger else ZOOM_LEVELS[-1])

    def zoom_out(self) -> None:
        smaller = [z for z in ZOOM_LEVELS if z < self.zoom * 0.99]
        self.set_zoom(smaller[-1] if smaller else ZOOM_LEVELS[0])

    def _apply_zoom(self) -> None:
        if self.fit_width:
            self.zoom = self._fit_zoom()
        self.view.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if self.fit_width
            else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self._update_controls()
        self._show_page()

    def _raster_dpi(self) -> int:
        dpi = self.zoom * BASE_DPI * self.devicePixelRatioF()
        return int(min(max(dpi, 36.0), MAX_PREVIEW_DPI))

    def _show_page(self) -> None:
        if self.info is None:
            return
        key = (self._generation, self.page, self._raster_dpi())
        image = self._cache.get(key)
        if image is None:  # a stale image of this page (other zoom) until the sharp one comes
            image = next((img for (g, p, _d), img in reversed(self._cache.items())
                          if g == key[0] and p == key[1]), None)
        self.canvas.set_page(self._page_pixels(), image)
        if key in self._cache:
            self._cache.move_to_end(key)
            self.page_ready.emit(self.page)
            return
        self._wanted = key
        if not self._rastering:
            self._raster(key)

    def _raster(self, key: tuple[int, int, int]) -> None:
        self._rastering = True
        pdf, (_gen, index, dpi) = self.pdf, key

        def done(image: QImage) -> None:
            if key[0] != self._generation:
                return
            self._cache[key] = image
            while len(self._cache) > 1 and (
                    len(self._cache) > CACHE_PAGES
                    or sum(i.sizeInBytes() for i in self._cache.values()) > CACHE_BYTES):
                self._cache.popitem(last=False)
            if key == self._wanted:
                self.canvas.set_page(self._page_pixels(), image)
                self.page_ready.emit(index)

        def finished() -> None:
            self._rastering = False
            wanted = self._wanted
            if wanted is not None and wanted not in self._cache and \
                    wanted[0] == self._generation:
                self._raster(wanted)

        (Op(self, lambda: rasterise(pdf, index, float(dpi)), executor=self._pdf_executor(),
            lang=self.ui_lang)
         .success(done).finished(finished).run())

    # ------------------------------------------------------------ events

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # the page has the focus: PgUp/PgDn must not change the paper in a focused combo box
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _page_key(self, event: QKeyEvent) -> bool:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_PageDown and not mods:
            self.next_page()
        elif key == Qt.Key.Key_PageUp and not mods:
            self.previous_page()
        elif key == Qt.Key.Key_Home and mods == Qt.KeyboardModifier.ControlModifier:
            self.go_to(0)
        elif key == Qt.Key.Key_End and mods == Qt.KeyboardModifier.ControlModifier:
            self.go_to(self.page_count - 1)
        else:
            return False
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._page_key(event):
            event.accept()
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            return self._page_key(event)  # before the scroll area scrolls by a screen
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            if self.fit_width and self.info is not None:
                self._apply_zoom()
        elif watched is self.view.viewport() and event.type() == QEvent.Type.Wheel:
            assert isinstance(event, QWheelEvent)
            if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if event.angleDelta().y() > 0:
                    self.zoom_in()
                elif event.angleDelta().y() < 0:
                    self.zoom_out()
                return True
        return super().eventFilter(watched, event)

    def reject(self) -> None:
        if self.busy:  # printing or saving: the progress dialog offers Batal
            return
        super().reject()

    # ------------------------------------------------------------ print

    def print_document(self) -> PrintJob | None:
        """"Cetak…": the print dialog, then printing in the background."""
        if self.info is None or self.busy:
            return None
        job = PrintJob(self, self.service, self.pdf, self.source.print_name(self.part),
                       info=self.info, current=self.page, executor=self.executor,
                       pdf_executor=self.pdf_executor, lang=self.ui_lang,
                       ask=self.ask_printer)
        job.started.connect(self._print_started)
        job.done.connect(self._printed)
        job.failed.connect(lambda _text: self._print_ended(_("Pencetakan gagal.")))
        job.cancelled.connect(lambda: self._print_ended(_("Pencetakan dibatalkan.")))
        self.print_job = job
        job.start()
        return job

    def _print_started(self) -> None:
        self._set_busy(True)
        self.status.setText(_("Mencetak…"))

    def _print_ended(self, text: str) -> None:
        self._set_busy(False)
        self.status.setText(text)

    def _printed(self, result: PrintResult) -> None:
        self._print_ended(_(
            "Dicetak: {sheets} halaman. Cetakan tercatat dan dapat diverifikasi "
            "(kode {code}).").format(sheets=result.sheets, code=result.verification_code))
        self.printed.emit(result)

    # ------------------------------------------------------------ save

    def file_name(self) -> str:
        """The suggested name of the sheet shown."""
        return self.source.file_name_for(self.part)

    def default_path(self) -> Path:
        return default_save_path(self.file_name())

    def ask_and_save(self) -> None:
        if self.info is None or self.busy:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Simpan laporan PDF"), str(self.default_path()),
            _("Dokumen PDF (*.pdf)"))
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        """Write the previewed bytes atomically through ``ReportService.save`` (recorded)."""
        path = with_pdf_suffix(path)
        pdf, service = self.pdf, self.service
        self._set_busy(True)

        def done(saved: Any) -> None:
            self.last_saved = saved.path
            type(self).last_directory = saved.path.parent
            self.status.setText(_("PDF disimpan: {path}").format(path=saved.path))
            self.saved.emit(saved)

        self.op = (Op(self, lambda: service.save(pdf, path), executor=self.executor,
                      lang=self.ui_lang)
                   .changes(REPORTS).success(done).finished(lambda: self._set_busy(False))
                   .with_progress(_("Menyimpan PDF…")))
        self.op.run()


def default_save_path(file_name: str) -> Path:
    """The folder last saved to in this session, else Documents, else home."""
    folder = ReportPreviewDialog.last_directory
    if folder is None or not folder.is_dir():
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        folder = Path(docs) if docs and Path(docs).is_dir() else Path.home()
    return folder / file_name


def with_pdf_suffix(path: Path) -> Path:
    """``FR.IA.01-Rizky`` -> ``FR.IA.01-Rizky.pdf`` (``with_suffix`` would cut at ``.01``)."""
    return path if path.suffix.lower() == ".pdf" else path.with_name(path.name + ".pdf")


__all__ = ["MAX_PRINT_DPI", "BatchPrintJob", "PdfInfo", "PrintJob", "PrintResult", "ReportPreviewDialog",
           "ReportSource", "ask_printer", "default_save_path", "inspect_pdf", "merge_pdfs", "page_size_for",
           "pdf_lane", "prepare_printer", "print_pdf", "print_sequence", "rasterise",
           "safe_file_name", "sheet_label", "with_pdf_suffix"]
