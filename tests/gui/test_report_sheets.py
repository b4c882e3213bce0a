"""The sheets of an FR.IA.05 record in the report preview (issue 11): a "Lembar" box offers
A soal, B kunci and C jawaban (C, the record, first), re-renders the chosen sheet like a
change of paper, and Cetak / Simpan PDF take the sheet shown, under a name that says which.
A form of one sheet has no such box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from assessor_app.ui.main_window import PAGE_TEMPLATES
from assessor_app.ui.report_preview import ReportPreviewDialog, ReportSource
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.assessment_window import AssessmentWindow
from tests.gui.conftest import OpenMainWindow, report_window
from tests.helpers import add_lpk, fill, install_scheme, key_text, sign_all
from tests.reports.support import read_pdf

DEWI = "Dewi Lestari"
KEYS = "bcad"  # FR.IA.05 keys of unit 1 of the scheme installed below
ANSWERS = {"u1_q1": "b", "u1_q2": "a", "u1_q3": "b", "u1_q4": "d"}  # 2 and 3 wrong
SHEETS = ("soal", "kunci", "jawaban")


@pytest.fixture()
def records(services: Any) -> dict[str, str]:
    """Dewi's FR.AK.01 (signed first: the event's rule before any IA instrument) and her
    FR.IA.05, answered and signed; form -> revision id."""
    install_scheme(services, written=KEYS)
    visit = services.registry.add_visit(institution_id=add_lpk(services).id,
                                        letter_no="ST-12/LSP/XI/2026", place="Semarang",
                                        tuk_type="sewaktu", start_date="2026-11-20")
    dewi = services.registry.add_assessee(DEWI, nik="3374015203990002", gender="P")
    made = {}
    for form, given in (("FR.AK.01", {}), ("FR.IA.05", ANSWERS)):
        rid = services.certification.start(visit.id, form, dewi.id, scheme_ref="uji").id
        fill(services.assessments, rid, **given)
        sign_all(services.assessments, rid, {"asesi": DEWI, "asesor": "Budi Santoso"})
        made[form] = rid
    return made


def open_window(qtbot: Any, services: Any, rid: str) -> AssessmentWindow:
    return report_window(qtbot, services, rid)  # type: ignore[no-any-return]


def preview(win: AssessmentWindow) -> ReportPreviewDialog:
    assert win.reports is not None
    win.reports.run_preview()
    dialog = win.reports.launcher.dialog
    assert isinstance(dialog, ReportPreviewDialog) and dialog.isVisible()
    return dialog


@pytest.fixture()
def ia05(qtbot: Any, services: Any, records: dict[str, str]) -> Iterator[ReportPreviewDialog]:
    yield preview(open_window(qtbot, services, records["FR.IA.05"]))


def test_the_key_sheet_is_rendered_saved_and_printed(qtbot: Any, services: Any,
                                                     ia05: ReportPreviewDialog,
                                                     tmp_path: Path) -> None:
    dialog = ia05
    unit = "J.620100.005.02"
    box = dialog.sheet_box
    assert box.isVisible() and dialog.sheet_caption.isVisible()
    assert [box.itemData(i) for i in range(box.count())] == list(SHEETS)
    assert [box.itemText(i) for i in range(box.count())] == [
        "A · Lembar soal (tanpa kunci)", "B · Kunci jawaban (untuk asesor)",
        "C · Lembar jawaban (rekaman)"]
    # the record (C) first, as the service renders it by default
    assert box.currentData() == "jawaban" and dialog.part == "jawaban"
    shown = read_pdf(dialog.pdf).flat
    assert "FR.IA.05.C. LEMBAR JAWABAN" in shown and key_text(unit, 2) not in shown
    assert dialog.default_path().name == "FR.IA.05-Dewi-Lestari-r1-jawaban.pdf"
    assert dialog.status.text().startswith("C · Lembar jawaban (rekaman) · ")

    # B: the key, for the assessor
    with qtbot.waitSignal(dialog.document_ready):
        box.setCurrentIndex(box.findData("kunci"))
    assert dialog.part == "kunci" and not dialog.busy
    key = read_pdf(dialog.pdf)
    assert "FR.IA.05.B. LEMBAR KUNCI JAWABAN" in key.flat and "RAHASIA" in key.flat
    assert f"b. {key_text(unit, 1)}" in key.flat and f"c. {key_text(unit, 2)}" in key.flat
    assert "FR.IA.05.A." not in key.flat and "LEMBAR PERTANYAAN" not in key.flat
    assert "FR.IA.05.C." not in key.flat
    assert dialog.page_count == len(key.pages)
    assert dialog.status.text().startswith("B · Kunci jawaban (untuk asesor) · ")
    assert dialog.default_path().name == "FR.IA.05-Dewi-Lestari-r1-kunci.pdf"

    # Simpan PDF and Cetak take the sheet shown
    dialog.save_to(tmp_path / dialog.default_path().name)
    saved = tmp_path / "FR.IA.05-Dewi-Lestari-r1-kunci.pdf"
    assert dialog.last_saved == saved and saved.read_bytes() == dialog.pdf
    assert services.reports.verify(saved).valid
    out = tmp_path / "cetak.pdf"
    names: list[str] = []

    def to_file(_parent: QWidget, printer: QPrinter, _pages: int, _current: int,
                proceed: Any) -> None:
        names.append(printer.docName())
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        proceed()

    dialog.ask_printer = to_file
    with qtbot.waitSignal(dialog.printed):
        dialog.print_document()
    # the print queue sees the record's short id and the sheet, never the asesi's name
    assert names == [f"Laporan {dialog.source.ref[:8]} kunci"]
    assert out.is_file() and len(read_pdf(out.read_bytes()).pages) == dialog.page_count

    # A: the questions without the key, for the asesi
    with qtbot.waitSignal(dialog.document_ready):
        box.setCurrentIndex(box.findData("soal"))
    questions = read_pdf(dialog.pdf).flat
    assert "FR.IA.05.A. LEMBAR PERTANYAAN" in questions and "Kunci" not in questions
    assert "FR.IA.05.B." not in questions and "RAHASIA" not in questions
    assert dialog.default_path().name == "FR.IA.05-Dewi-Lestari-r1-soal.pdf"

    # another paper keeps the sheet
    with qtbot.waitSignal(dialog.document_ready):
        dialog.paper_box.setCurrentIndex(dialog.paper_box.findData("f4"))
    assert (dialog.paper, dialog.part) == ("f4", "soal")
    assert "FR.IA.05.A. LEMBAR PERTANYAAN" in read_pdf(dialog.pdf).flat


def test_a_failed_render_keeps_the_sheet_shown(qtbot: Any, ia05: ReportPreviewDialog,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = ia05
    shown = dialog.pdf
    failures: list[BaseException] = []

    def broken(*_a: Any, **_k: Any) -> bytes:
        raise RuntimeError("renderer down")

    monkeypatch.setattr(dialog.service, "render_assessment", broken)
    monkeypatch.setattr("assessor_app.ui.errors.show_error",
                        lambda _p, exc, _l=None: failures.append(exc))
    dialog.sheet_box.setCurrentIndex(dialog.sheet_box.findData("kunci"))
    assert [str(e) for e in failures] == ["renderer down"]
    assert dialog.part == "jawaban" and dialog.pdf == shown
    assert dialog.sheet_box.currentData() == "jawaban" and not dialog.busy


def test_a_form_of_one_sheet_has_no_sheet_box(qtbot: Any, services: Any,
                                              records: dict[str, str]) -> None:
    dialog = preview(open_window(qtbot, services, records["FR.AK.01"]))
    assert not dialog.sheet_box.isVisible() and not dialog.sheet_caption.isVisible()
    assert dialog.part is None and dialog.source.parts == ()
    assert dialog.default_path().name == "FR.AK.01-Dewi-Lestari-r1.pdf"
    assert "·" not in dialog.status.text().split(" halaman")[0]


def test_the_blank_form_of_ia05_offers_its_sheets(qtbot: Any, services: Any,
                                                  open_main_window: OpenMainWindow) -> None:
    install_scheme(services, written=KEYS)
    window = open_main_window(services)
    window.show_page(PAGE_TEMPLATES)
    page, reports = window.templates_page, window.page_reports
    assert reports is not None
    row = page.model.row_at(page.model.row_where(lambda r: r.code == "FR.IA.05.uji"))
    source = reports.blank_source(row)
    assert source.parts == SHEETS
    assert source.file_name_for("soal") == "FR.IA.05-formulir-kosong-v2026.1-soal.pdf"
    one = reports.blank_source(page.model.row_at(
        page.model.row_where(lambda r: r.code == "FR.AK.01.uji")))
    assert one.parts == () and one.file_name_for() == one.file_name


def test_file_names_of_sheets() -> None:
    source = ReportSource("assessment", "r", "t", "FR.IA.05-Dewi-r2.pdf", SHEETS)
    assert source.default_part == "jawaban"
    assert source.file_name_for() == "FR.IA.05-Dewi-r2-jawaban.pdf"
    assert source.file_name_for("soal") == "FR.IA.05-Dewi-r2-soal.pdf"
    long = ReportSource("assessment", "r", "t", "x" * 146 + ".pdf", SHEETS)
    name = long.file_name_for("kunci")
    assert name.endswith("-kunci.pdf") and len(name.removesuffix(".pdf").encode()) <= 150
    assert ReportSource("batch", "v", "t", "FR.AK.05-a.pdf").file_name_for() == \
        "FR.AK.05-a.pdf"


def test_the_sheet_box_in_english(qtbot: Any, services: Any, records: dict[str, str],
                                  english: None) -> None:
    executor = SyncExecutor()
    win = AssessmentWindow(services, records["FR.IA.05"], "en",
                           AppSettings(services.paths.settings_path), executor)
    qtbot.addWidget(win)
    assert win.reports is not None
    win.reports.launcher.pdf_executor = executor
    win.show()
    dialog = preview(win)
    assert dialog.sheet_caption.text() == "S&heet"
    assert [dialog.sheet_box.itemText(i) for i in range(3)] == [
        "A · Question sheet (without the key)", "B · Answer key (for the assessor)",
        "C · Answer sheet (the record)"]
    with qtbot.waitSignal(dialog.document_ready):
        dialog.sheet_box.setCurrentIndex(1)
    assert dialog.lang == "en" and "Answer key" in read_pdf(dialog.pdf).flat
