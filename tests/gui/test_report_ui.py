"""Report preview, printing and saving from the GUI (issue 4, "Printing and CLI").

Rendering and rasterising run on a SyncExecutor where the test only checks results; one
test prints and rasterises on the real PDFium lane, and the cancel tests render on a real
background thread that the test holds at a page boundary (no sleeps anywhere).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from sqlmodel import select

from assessor_app.services.demo import seed_demo
from assessor_app.services.reports import VALID
from assessor_app.services.templates import stable_id
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import ReportRow
from assessor_app.ui.main_window import PAGE_TEMPLATES, PAGE_VISITS, MainWindow
from assessor_app.ui.report_preview import (
    PT_PER_MM,
    PdfInfo,
    ReportPreviewDialog,
    page_size_for,
    prepare_printer,
    print_sequence,
    safe_file_name,
    with_pdf_suffix,
)
from assessor_app.ui.tasks import REPORTS, SyncExecutor, ThreadExecutor, store_events
from assessor_app.ui.views.assessment_window import AssessmentWindow
from assessor_app.ui.views.reports import suggested_name
from tests.gui.conftest import OpenMainWindow, report_window

IA01_RIZKY = stable_id("demo", "assessment", "ia01-rizky")
A4_PT = (595.28, 841.89)
F4_PT = (215 * PT_PER_MM, 330 * PT_PER_MM)


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def _mediabox(data: bytes, index: int = 0) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(data)).pages[index].mediabox
    return float(box.width), float(box.height)


def _close(size: tuple[float, float], expected: tuple[float, float], tol: float = 1.5) -> bool:
    return abs(size[0] - expected[0]) < tol and abs(size[1] - expected[1]) < tol


def _recorded(services: Any, pdf: bytes) -> ReportRow | None:
    digest = hashlib.sha256(pdf).hexdigest()
    with read_session(services.store.engine) as s:
        return s.exec(select(ReportRow).where(ReportRow.pdf_sha256 == digest)).first()


def _to_pdf_file(target: Path, *, dpi: int = 100,
                 setup: Callable[[QPrinter], None] | None = None) -> Any:
    """A print-dialog seam: print into ``target`` as a PDF instead of asking."""

    def ask(_parent: QWidget, printer: QPrinter, _pages: int, _current: int,
            proceed: Callable[[], None]) -> None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        printer.setResolution(dpi)
        if setup is not None:
            setup(printer)
        proceed()

    return ask


@pytest.fixture()
def window(qtbot: Any, services: Any) -> Iterator[AssessmentWindow]:
    seed_demo(services)
    yield report_window(qtbot, services, IA01_RIZKY)


def _preview(win: AssessmentWindow) -> ReportPreviewDialog:
    win.reports.run_preview()
    dialog = win.reports.launcher.dialog
    assert isinstance(dialog, ReportPreviewDialog) and dialog.isVisible()
    return dialog


# ----------------------------------------------------------------------------- preview


def test_preview_shows_every_page_and_pages_with_the_keyboard(qtbot: Any,
                                                              window: AssessmentWindow) -> None:
    assert [a.text() for a in window.report_actions] == ["&Pratinjau PDF", "&Cetak…",
                                                         "&Simpan PDF…"]
    dialog = _preview(window)
    pages = _pages(dialog.pdf)
    assert pages >= 2
    assert dialog.page_count == pages
    assert dialog.page_label.text() == f"Halaman 1 dari {pages}"
    assert "Rizky Aditya Pratama" in dialog.windowTitle()
    assert dialog.paper == "a4" and dialog.lang == "id"
    assert _close(dialog.info.size(0), A4_PT) if dialog.info else False
    image = dialog.canvas.image
    assert image is not None and not image.isNull()
    assert image.width() / image.height() == pytest.approx(A4_PT[0] / A4_PT[1], rel=0.01)
    assert not dialog.prev_button.isEnabled() and dialog.next_button.isEnabled()
    assert dialog.focusWidget() is dialog.view  # PgDn pages, it does not change the paper

    with qtbot.waitSignal(dialog.page_ready) as ready:
        qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
    assert ready.args == [1]
    assert dialog.page == 1
    assert dialog.page_label.text() == f"Halaman 2 dari {pages}"
    assert dialog.prev_button.isEnabled()
    for _ in range(pages):  # never past the last page
        qtbot.keyClick(dialog.view, Qt.Key.Key_PageDown)
    assert dialog.page == pages - 1 and not dialog.next_button.isEnabled()
    qtbot.keyClick(dialog.view, Qt.Key.Key_PageUp)
    assert dialog.page == pages - 2
    dialog.prev_button.click()
    dialog.previous_page()
    assert dialog.page == 0


def test_preview_on_the_real_lanes(qtbot: Any, services: Any) -> None:
    """Default executors: rendering on the database lane, rasterising on the PDFium lane."""
    seed_demo(services)
    win = AssessmentWindow(services, IA01_RIZKY, "id", None, None)
    qtbot.addWidget(win)
    assert win.reports is not None
    win.reports.run_preview()
    qtbot.waitUntil(lambda: win.reports is not None and win.reports.launcher.dialog is not None,
                    timeout=60_000)
    dialog = win.reports.launcher.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.canvas.image is not None, timeout=30_000)
    assert dialog.page_count == _pages(dialog.pdf)
    with qtbot.waitSignal(dialog.page_ready, timeout=30_000):
        dialog.next_page()
    with qtbot.waitSignal(dialog.document_ready, timeout=60_000):
        dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("f4"))
    assert dialog.paper == "f4" and _close(_mediabox(dialog.pdf), F4_PT)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.canvas.image is not None,
                    timeout=30_000)
    dialog.reject()


def test_zoom_and_fit_width(qtbot: Any, window: AssessmentWindow) -> None:
    dialog = _preview(window)
    dialog.resize(900, 800)
    qtbot.waitUntil(lambda: dialog.fit_width and dialog.canvas.width()
                    <= dialog.view.viewport().width())
    fitted = dialog.zoom
    dialog.zoom_in()
    assert dialog.zoom > fitted and not dialog.fit_width
    assert not dialog.fit_button.isChecked()
    assert dialog.zoom_label.text() == f"{round(dialog.zoom * 100)}%"
    before = dialog.canvas.width()
    dialog.zoom_out()
    dialog.zoom_out()
    assert dialog.canvas.width() < before
    for _ in range(20):
        dialog.zoom_out()
    assert dialog.zoom == 0.5 and not dialog.zoom_out_button.isEnabled()
    dialog.fit_button.click()
    assert dialog.fit_width and dialog.zoom == pytest.approx(fitted, rel=0.02)


def test_switching_paper_and_language_renders_again(window: AssessmentWindow) -> None:
    dialog = _preview(window)
    a4 = dialog.pdf
    dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("f4"))
    assert dialog.paper == "f4" and dialog.pdf != a4
    assert _close(_mediabox(dialog.pdf), F4_PT)
    assert dialog.info is not None and _close(dialog.info.size(0), F4_PT)
    assert dialog.page_count == _pages(dialog.pdf)
    assert dialog.canvas.image is not None
    assert dialog.canvas.image.height() / dialog.canvas.image.width() == pytest.approx(
        330 / 215, rel=0.01)

    dialog.lang_box.setCurrentIndex(dialog.lang_box.findData("en"))
    assert dialog.lang == "en"
    text = PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text()
    assert "Page 1 of" in text and "Halaman 1 dari" not in text


# ----------------------------------------------------------------------------- printing


def test_print_from_the_preview_paints_every_page_and_records_them(
        window: AssessmentWindow, services: Any, tmp_path: Path) -> None:
    dialog = _preview(window)
    out = tmp_path / "printed.pdf"
    dialog.ask_printer = _to_pdf_file(out)
    printed: list[Any] = []
    dialog.printed.connect(printed.append)
    job = dialog.print_document()
    assert job is not None
    assert out.is_file()
    assert _pages(out.read_bytes()) == dialog.page_count
    assert _close(_mediabox(out.read_bytes()), A4_PT)
    row = _recorded(services, dialog.pdf)
    assert row is not None and row.kind == "assessment" and row.pages == dialog.page_count
    assert printed and printed[0].verification_code == row.verification_code
    assert "Dicetak" in dialog.status.text() and row.verification_code in dialog.status.text()
    assert not dialog.busy


def test_print_honours_page_range_copies_and_f4(window: AssessmentWindow, services: Any,
                                                tmp_path: Path) -> None:
    dialog = _preview(window)
    dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("f4"))
    out = tmp_path / "range.pdf"

    def second_page_twice(printer: QPrinter) -> None:
        assert printer.pageLayout().pageSize().name() == "F4"
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 2)
        printer.setCopyCount(2)

    dialog.ask_printer = _to_pdf_file(out, dpi=72, setup=second_page_twice)
    dialog.print_document()
    data = out.read_bytes()
    assert _pages(data) == 2  # page 2, twice
    assert _close(_mediabox(data), F4_PT, tol=2.0)
    assert _recorded(services, dialog.pdf) is not None


def test_print_sequence() -> None:
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert print_sequence(printer, 3) == [0, 1, 2]
    printer.setPrintRange(QPrinter.PrintRange.CurrentPage)
    assert print_sequence(printer, 3, current=1) == [1]
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 9)
    printer.setCopyCount(2)
    printer.setCollateCopies(True)
    assert print_sequence(printer, 3) == [1, 2, 1, 2]
    printer.setCollateCopies(False)
    assert print_sequence(printer, 3) == [1, 1, 2, 2]
    printer.setCopyCount(1)
    printer.setPageOrder(QPrinter.PageOrder.LastPageFirst)
    assert print_sequence(printer, 3) == [2, 1]
    assert print_sequence(printer, 0) == []


def test_printer_paper_follows_the_pdf() -> None:
    assert page_size_for(A4_PT).id().name == "A4"
    f4 = page_size_for(F4_PT)
    assert f4.name() == "F4"
    assert f4.size(f4.Unit.Millimeter).toSize().width() == 215
    printer = QPrinter()
    prepare_printer(printer, PdfInfo(1, (F4_PT,)), "FR.IA.01-Rizky")
    assert printer.fullPage() and printer.docName() == "FR.IA.01-Rizky"
    assert printer.pageLayout().pageSize().name() == "F4"


def test_print_on_the_pdf_lane_from_the_window(qtbot: Any, services: Any,
                                               tmp_path: Path) -> None:
    """The window's Cetak… renders, then rasterises and paints on the real PDFium thread."""
    seed_demo(services)
    win = AssessmentWindow(services, IA01_RIZKY, "id", None, SyncExecutor())
    qtbot.addWidget(win)
    assert win.reports is not None
    lane = ThreadExecutor(1, name="test-pdf-lane")
    win.reports.launcher.pdf_executor = lane
    out = tmp_path / "cetak.pdf"
    win.reports.launcher.ask_printer = _to_pdf_file(out)
    win.reports.run_print()
    job = win.reports.launcher.print_job
    assert job is not None
    with qtbot.waitSignal(job.done, timeout=60_000) as done:
        pass
    result = done.args[0]
    assert out.is_file() and _pages(out.read_bytes()) == result.pages
    assert _recorded(services, job.pdf) is not None
    assert "Dicetak" in win.statusBar().currentMessage()
    lane.wait_for_done()
    lane.deleteLater()


# ----------------------------------------------------------------------------- saving


def test_save_from_the_preview_writes_a_valid_pdf(qtbot: Any, window: AssessmentWindow,
                                                  services: Any, tmp_path: Path) -> None:
    dialog = _preview(window)
    assert dialog.default_path().name == "FR.IA.01-Rizky-Aditya-Pratama-r1.pdf"
    saved: list[Any] = []
    dialog.saved.connect(saved.append)
    # the issued report is recorded (a paper code can be verified): announced
    with qtbot.waitSignal(store_events().changed, check_params_cb=lambda t: REPORTS in t):
        dialog.save_to(tmp_path / "FR.IA.01-Rizky")  # ".01-Rizky" is not an extension
    target = tmp_path / "FR.IA.01-Rizky.pdf"
    assert dialog.last_saved == target and target.read_bytes() == dialog.pdf
    assert saved and saved[0].pages == dialog.page_count
    result = window.reports.service.verify(target)
    assert result.valid and result.reason_code == VALID, result
    assert result.matched == "signed"  # the device's PAdES signature covers the file
    assert "PDF disimpan" in dialog.status.text()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []


def test_save_from_the_window(qtbot: Any, window: AssessmentWindow, tmp_path: Path) -> None:
    with qtbot.waitSignal(store_events().changed, check_params_cb=lambda t: REPORTS in t):
        window.reports.save_to(tmp_path / "laporan")
    target = tmp_path / "laporan.pdf"
    assert window.reports.last_saved == target
    assert window.reports.service.verify(target).valid
    assert "PDF disimpan" in window.statusBar().currentMessage()
    assert window.reports.launcher.dialog is None  # saving does not open the preview


# ----------------------------------------------------------------------------- cancelling


class _Held:
    """Renders on a real thread and holds the renderer at its first page until released."""

    def __init__(self, service: Any, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        original = service.render_assessment

        def render(ref: str, *, paper: str, lang: str, progress: Any,
                   part: str | None = None) -> bytes:
            def held(page: int) -> None:
                self.started.set()
                self.release.wait(30)
                progress(page)

            pdf: bytes = original(ref, paper=paper, lang=lang, progress=held, part=part)
            return pdf

        monkeypatch.setattr(service, "render_assessment", render)

    def cancel_from_the_progress_dialog(self, qtbot: Any, op: Any) -> None:
        qtbot.waitUntil(lambda: self.started.is_set())
        qtbot.waitUntil(lambda: op.progress_dialog is not None, timeout=5000)
        dialog = op.progress_dialog
        assert dialog.labelText() == "Menyusun laporan…"
        button = dialog.findChild(QPushButton)
        assert button is not None and button.text() == "Batal"
        button.click()
        assert op.token.cancelled
        self.release.set()


def test_cancel_while_rendering_the_preview(qtbot: Any, window: AssessmentWindow,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    reports = window.reports
    held = _Held(reports.service, monkeypatch)
    lane = ThreadExecutor(1, name="test-render-lane")
    reports.launcher.executor = lane
    reports.run_preview()
    op = reports.launcher.op
    held.cancel_from_the_progress_dialog(qtbot, op)
    qtbot.waitUntil(lambda: not lane.busy, timeout=30_000)
    assert reports.launcher.dialog is None
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, ReportPreviewDialog) and w.isVisible()]
    lane.deleteLater()


def test_cancel_while_rendering_for_save_leaves_no_file(qtbot: Any, window: AssessmentWindow,
                                                        monkeypatch: pytest.MonkeyPatch,
                                                        tmp_path: Path) -> None:
    reports = window.reports
    held = _Held(reports.service, monkeypatch)
    lane = ThreadExecutor(1, name="test-render-lane")
    reports.launcher.executor = lane
    out = tmp_path / "out"
    out.mkdir()
    reports.save_to(out / "batal.pdf")
    held.cancel_from_the_progress_dialog(qtbot, reports.launcher.op)
    qtbot.waitUntil(lambda: not lane.busy, timeout=30_000)
    assert list(out.iterdir()) == []
    assert reports.last_saved is None
    lane.deleteLater()


def test_cancel_while_printing_aborts_and_records_nothing(
        qtbot: Any, window: AssessmentWindow, services: Any, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Batal in the "Mencetak…" progress dialog: the job is aborted between pages, the
    partial output is removed and the bytes are not recorded as printed."""
    import assessor_app.ui.report_preview as rp

    dialog = _preview(window)
    started, release = threading.Event(), threading.Event()
    original = rp._page_image

    def held(doc: Any, index: int, dpi: float) -> Any:
        started.set()
        release.wait(30)
        return original(doc, index, dpi)

    monkeypatch.setattr(rp, "_page_image", held)
    lane = ThreadExecutor(1, name="test-pdf-lane")
    dialog.pdf_executor = lane
    out = tmp_path / "batal.pdf"
    dialog.ask_printer = _to_pdf_file(out)
    job = dialog.print_document()
    assert job is not None and dialog.busy
    dialog.reject()  # Esc while printing does not close the preview
    assert dialog.isVisible()
    qtbot.waitUntil(started.is_set)
    qtbot.waitUntil(lambda: job.op is not None and job.op.progress_dialog is not None,
                    timeout=5000)
    assert job.op is not None
    progress = job.op.progress_dialog
    assert progress is not None and progress.labelText() == "Mencetak…"
    button = progress.findChild(QPushButton)
    assert button is not None
    with qtbot.waitSignal(job.cancelled, timeout=30_000):
        button.click()
        release.set()
    assert not out.exists()
    assert _recorded(services, dialog.pdf) is None
    assert dialog.status.text() == "Pencetakan dibatalkan." and not dialog.busy
    lane.wait_for_done()
    lane.deleteLater()


# ----------------------------------------------------------------------------- file names


def test_file_names_have_no_nik_no_separators_and_keep_unicode() -> None:
    assert suggested_name("Rizky Aditya Pratama", "FR.IA.01", 1) == \
        "FR.IA.01-Rizky-Aditya-Pratama-r1.pdf"
    nik = "3374011503990001"
    name = suggested_name(f"Rizky Aditya Pratama ({nik})", "FR.IA.01", 2, nik=nik)
    assert nik not in name and name == "FR.IA.01-Rizky-Aditya-Pratama-r2.pdf"
    assert "0374031211980003" not in suggested_name("Bagus 0374031211980003", "FR.IA.01", 1)
    odd = suggested_name("../../etc/passwd\\C:evil\x00 name", "FR.IA.01", 1)
    assert "/" not in odd and "\\" not in odd and ":" not in odd and "\x00" not in odd
    assert ".." not in odd and not odd.startswith(".")
    assert suggested_name("Ñoño Đặng Thị 李小龙 Ngũ", "FR.IA.01", 1) == \
        "FR.IA.01-Ñoño-Đặng-Thị-李小龙-Ngũ-r1.pdf"
    assert suggested_name("Siti 🙂 Nurhaliza", "FR.AK.01", 1) == "FR.AK.01-Siti-Nurhaliza-r1.pdf"
    long = suggested_name("Ä" * 400, "FR.IA.01", 1)
    assert len(long.encode("utf-8")) <= 160 and long.endswith(".pdf")
    assert safe_file_name("", "...") == "laporan.pdf"
    assert safe_file_name("FR.AK.05", "045/LSP-P2-BLKTM/ST/XI/2026") == \
        "FR.AK.05-045-LSP-P2-BLKTM-ST-XI-2026.pdf"
    assert with_pdf_suffix(Path("a/FR.IA.01-Rizky")).name == "FR.IA.01-Rizky.pdf"
    assert with_pdf_suffix(Path("a/x.PDF")).name == "x.PDF"


# ----------------------------------------------------------------------------- main window


@pytest.fixture()
def main_window(open_main_window: OpenMainWindow, services: Any) -> MainWindow:
    seed_demo(services)
    win = open_main_window(services)
    assert win.page_reports is not None
    win.page_reports.launcher.pdf_executor = win.executor  # PDF work inline too
    return win


def test_blank_form_of_a_template_from_the_templates_page(main_window: MainWindow) -> None:
    win = main_window
    assert win.page_reports is not None
    win.show_page(PAGE_TEMPLATES)
    page = win.templates_page
    row = next(i for i, r in enumerate(page.model.rows()) if r.code.startswith("FR.IA.01"))
    page.table.selectRow(row)
    button = win.page_reports.blank_button
    assert button.isVisible() and button.text() == "Cetak formulir &kosong…"
    button.click()
    dialog = win.page_reports.launcher.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.source.kind == "blank"
    assert dialog.source.file_name.startswith("FR.IA.01-formulir-kosong-v")
    assert dialog.page_count == _pages(dialog.pdf) >= 1
    text = PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text()
    assert "Rizky" not in text
    assert win.page_reports.launcher.service.verify_bytes(dialog.pdf).valid


def test_fr_ak_05_of_a_visit_from_the_visits_page(main_window: MainWindow, services: Any,
                                                  tmp_path: Path) -> None:
    win = main_window
    assert win.page_reports is not None
    win.show_page(PAGE_VISITS)
    page = win.visits_page
    rows = page.model.rows()
    uk = next(i for i, v in enumerate(rows) if v.id == stable_id("demo", "visit", "uk"))
    page.table.selectRow(uk)
    assert win.page_reports.batch_button.isVisible()
    win.page_reports.batch_button.click()
    dialog = win.page_reports.launcher.dialog
    assert dialog is not None and dialog.source.kind == "batch"
    assert dialog.source.file_name == "FR.AK.05-045-LSP-P2-BLKTM-ST-XI-2026.pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog.pdf)).pages)
    assert "Rizky Aditya Pratama" in text  # the one signed FR.AK.02 decision of the batch
    assert "Jumlah asesi: 1" in re.sub(r"\s+", " ", text)
    dialog.ask_printer = _to_pdf_file(tmp_path / "ak05.pdf")
    dialog.print_document()
    assert _pages((tmp_path / "ak05.pdf").read_bytes()) == dialog.page_count
    assert _recorded(services, dialog.pdf) is not None
    dialog.close()

    # a visit without an FR.AK.05 record: a plain message, no preview
    win.page_reports.launcher.dialog = None
    jkp = next(i for i, v in enumerate(rows) if v.id == stable_id("demo", "visit", "jkp"))
    page.table.selectRow(jkp)
    win.page_reports.batch_action.trigger()
    assert win.page_reports.launcher.dialog is None
    boxes = [w for w in QApplication.topLevelWidgets()
             if isinstance(w, QMessageBox) and w.isVisible()]
    assert boxes and "FR.AK.05" in boxes[0].text()
    for box in boxes:
        box.close()
