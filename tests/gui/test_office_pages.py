"""Office pages on one store: the generic bar chart, the dashboard on demo data, the data
export dialog (XLSX read back with openpyxl, CSV), the review column and dialog in the
assessment list, office mode on and off, refused bundles and old bundles on Impor."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest

from assessor_app.services.demo import seed_demo
from assessor_app.services.review import ReviewService
from assessor_app.services.templates import stable_id
from assessor_app.ui.main_window import PAGE_ASSESSMENTS, MainWindow
from assessor_app.ui.office.chart import Bar, BarChart
from assessor_app.ui.office.dashboard_page import DashboardPage
from assessor_app.ui.office.export_dialog import OfficeExportDialog
from assessor_app.ui.office.import_page import ImportPage
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor


def click(qtbot: Any, button: Any) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


# ------------------------------------------------------------------ the chart widget


@pytest.mark.parametrize("orientation", [Qt.Orientation.Horizontal, Qt.Orientation.Vertical])
def test_bar_chart_geometry_follows_the_data(qtbot: Any, orientation: Qt.Orientation) -> None:
    chart = BarChart("Per lembaga", orientation)
    qtbot.addWidget(chart)
    chart.resize(500, 300)
    chart.set_empty_text("Belum ada data")
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.bars() == [] and chart.bar_rect(0).isEmpty() and chart.bar_at(QPoint(5, 5)) < 0
    assert not chart.grab().isNull()  # paints the empty state

    bars = [Bar("LPK A", 8, "a", parts=((5, "#2f855a"), (3, "#c53030"))), Bar("LPK B", 4, "b"),
            Bar("LPK C", 0, "c")]
    chart.set_bars(bars)
    assert chart.values() == [8, 4, 0] and chart.bars()[0].label == "LPK A"
    assert "LPK B: 4" in chart.accessibleDescription()
    a, b, c = (chart.bar_rect(i) for i in range(3))

    def length(r: Any) -> float:
        return float(r.width() if orientation == Qt.Orientation.Horizontal else r.height())

    assert length(a) == pytest.approx(2 * length(b)) and length(c) == 0
    assert chart.bar_at(a.center()) == 0 and chart.bar_at(b.center()) == 1
    assert not chart.grab().isNull()
    with qtbot.waitSignal(chart.bar_clicked) as clicked:
        QTest.mouseClick(chart, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         b.center().toPoint())
    assert clicked.args == ["b"]
    chart.set_bars([])
    assert chart.bar_at(QPointF(a.center())) == -1


def test_every_bar_keeps_its_label_when_the_chart_is_narrow(qtbot: Any) -> None:
    """Vertical bars labelled only every n-th one when narrow (the dashboard's OL bar and
    its '20' had no name): labels that do not fit side by side are turned upright."""
    chart = BarChart("Per bulan", Qt.Orientation.Vertical)
    qtbot.addWidget(chart)
    months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov",
              "Des"]
    chart.set_bars([Bar(f"{months[i % 12]} {25 + i // 12}", i + 1, str(i))
                    for i in range(24)])
    chart.resize(420, 320)
    chart.show()
    qtbot.waitExposed(chart)
    fm = QFontMetrics(chart.font())
    assert chart.upright_labels()
    boxes = [chart.label_rect(i) for i in range(24)]
    for i, box in enumerate(boxes):
        assert chart.rect().toRectF().contains(box), i
        assert box.height() >= fm.horizontalAdvance(chart.bars()[i].label)  # not cut
        assert box.left() >= chart.bar_rect(i).left() - fm.height()  # under its own bar
    for a, b in itertools.pairwise(boxes):
        assert a.right() <= b.left()
    assert not chart.grab().isNull()
    chart.resize(1400, 320)  # room enough: written across again
    assert not chart.upright_labels()
    assert all(a.right() <= b.left() + 1e-6 for a, b in itertools.pairwise(
        chart.label_rect(i) for i in range(24)))


# ------------------------------------------------------------------ dashboard


def test_dashboard_shows_non_zero_bars_for_demo_data(qtbot: Any, services: Any) -> None:
    seed_demo(services)
    total = services.assessments.count()
    page = DashboardPage(services, "id", executor=SyncExecutor())
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()  # the first show computes the figures
    qtbot.waitUntil(lambda: page.dashboard is not None)
    assert page.cards["total"].value.text() == str(total)
    for chart in page.charts():
        assert chart.bars() and max(chart.values()) > 0, chart.title()
    assert sum(page.institution_chart.values()) == total
    assert sum(page.template_chart.values()) == total
    assert sum(page.month_chart.values()) == total
    assert sum(page.verdict_chart.values()) == total
    # stacked parts add up to each bar, passed first
    for bar in page.template_chart.bars():
        assert sum(v for v, _c in bar.parts) == bar.value
    assert any(b.parts[0][0] > 0 for b in page.template_chart.bars())  # something passed
    labels = [b.label for b in page.verdict_chart.bars()]
    assert "K" in labels and "OL" in labels  # the demo's instruments recommend K or OL
    # a result per row, each named in full even at 1024x600 (half a page wide)
    verdicts = page.verdict_chart
    assert verdicts.orientation() == Qt.Orientation.Horizontal
    page.resize(820, 500)
    qtbot.waitUntil(lambda: verdicts.width() < 450)  # as at 1024x600
    fm = QFontMetrics(verdicts.font())
    for i, label in enumerate(labels):
        assert verdicts.label_rect(i).width() >= fm.horizontalAdvance(label), label

    # a filter is one more service query on the lane
    page.drafts.setChecked(False)
    finalised = page.dashboard.overall.total if page.dashboard else -1
    assert 0 < finalised < total
    assert sum(page.template_chart.values()) == finalised
    page.template_filter.setCurrentIndex(page.template_filter.findData("JKP.LPK.01"))
    assert [b.key for b in page.template_chart.bars()] == ["JKP.LPK.01"]
    with qtbot.waitSignal(page.export_requested) as asked:
        click(qtbot, page.export_button)
    assert asked.args == ["JKP.LPK.01"]


# ------------------------------------------------------------------ exports


def test_export_dialog_writes_xlsx_that_openpyxl_reads(qtbot: Any, services: Any,
                                                       tmp_path: Path) -> None:
    seed_demo(services)
    dialog = OfficeExportDialog(services, "id", None, "FR.IA.01.J620100.005.02",
                                SyncExecutor())
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.path.text().endswith("FR.IA.01.J620100.005.02.xlsx")
    assert not dialog.delimiter.isEnabled()
    dialog.drafts.setChecked(True)
    dialog.nik.setCurrentIndex(dialog.nik.findData("full"))
    target = tmp_path / "keluar" / "ia01.xlsx"
    dialog.path.setText(str(target))
    click(qtbot, dialog.ok_button)
    result = dialog.exported
    assert result is not None and result.files == [target] and result.assessments >= 2
    assert "Ditulis dan diverifikasi" in dialog.status.text()
    book = load_workbook(target, read_only=True)
    sheets = book.sheetnames
    assert sheets[0] == "penilaian" and sheets[-1] == "kolom"
    rows = list(book["penilaian"].iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:2] == ["assessment_id", "revision"]
    assert len(rows) - 1 == result.assessments
    subjects = {r[header.index("subject")] for r in rows[1:]}
    assert "Siti Nurhaliza Putri" in subjects
    nik = [r[header.index("nik")] for r in rows[1:] if r[header.index("nik")]]
    assert nik and all(isinstance(n, str) and "*" not in n for n in nik)  # full, as text
    book.close()

    # CSV, raw values, English: one file per table, next to each other
    dialog.csv.setChecked(True)
    dialog.values.setChecked(True)
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.delimiter.isEnabled() and dialog.path.text().endswith(".csv")
    click(qtbot, dialog.ok_button)
    files = dialog.exported.files if dialog.exported else []
    assert files[0].suffix == ".csv" and len(files) >= 2
    with open(files[0], encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f, delimiter=";"))
    assert table[0][:2] == ["assessment_id", "revision"] and len(table) - 1 >= 2


def test_export_dialog_reports_problems_inline(qtbot: Any, services: Any) -> None:
    dialog = OfficeExportDialog(services, "id", None, None, SyncExecutor())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.path.clear()
    click(qtbot, dialog.ok_button)
    assert dialog.error.isVisible() and "berkas tujuan" in dialog.error.text()
    assert dialog.exported is None


# ------------------------------------------------------------------ office mode, review


def test_office_mode_toggles_pages_menu_and_review_column(qtbot: Any, services: Any,
                                                          tmp_path: Path) -> None:
    seed_demo(services)
    settings = AppSettings(tmp_path / "s.ini")
    window = MainWindow(services, "id", settings=settings, executor=SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not window.office_mode and window.sidebar.count() == 5
    assert not window.office_menu.menuAction().isVisible()
    assert window.assessments_page.table.model() is window.assessments_page.model

    window.office_action.trigger()  # Tampilan -> Mode kantor
    assert window.office_mode and settings.office_mode
    visible = [window.sidebar.item(i).text() for i in range(window.sidebar.count())
               if not window.sidebar.item(i).isHidden()]
    assert visible[5:] == ["KANTOR", "Impor bundel", "Konflik", "Tinjauan", "Dasbor",
                           "Perangkat"]
    assert window.office_menu.menuAction().isVisible()
    assert window.office_header is not None and not window.office_header.flags() & \
        Qt.ItemFlag.ItemIsSelectable
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.sidebar.setFocus()
    QTest.keyClick(window, Qt.Key.Key_9, Qt.KeyboardModifier.ControlModifier)  # Dasbor
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.dashboard_page)
    qtbot.waitUntil(lambda: window.dashboard_page.dashboard is not None)
    model = window.assessments_page.table.model()
    assert model is window.review_model and model.columnCount() == 8
    assert model.headerData(7, Qt.Orientation.Horizontal) == "Tinjauan"
    assert model.rowCount() == window.assessments_page.model.rowCount()

    # review the selected assessment from the list (Kantor -> Tinjau penilaian terpilih)
    window.show_page(PAGE_ASSESSMENTS)
    rid = stable_id("demo", "assessment", "ia01-siti")
    assert window.assessments_page.select_revision(rid)
    dialog = window.review_selected()
    panel = dialog.panel
    assert panel.assessment_id == services.assessments.resolve(rid).assessment_id
    panel.choose("ditolak")
    click(qtbot, panel.save_button)  # no comment: refused at once
    assert panel.error.isVisible() and "Komentar wajib" in panel.error.text()
    qtbot.keyClicks(panel.comment, "Bukti unit 2 tidak lengkap")
    click(qtbot, panel.save_button)
    assert panel.history_model.rowCount() == 1
    # the list's review column follows through the store-change bus
    row = window.assessments_page.model.row_of(rid)
    qtbot.waitUntil(lambda: model.index(row, 7).data() == "Ditolak")
    assert "Bukti unit 2" in model.index(row, 7).data(Qt.ItemDataRole.ToolTipRole)
    dialog.reject()
    # a draft cannot be approved: the choice is disabled and the service refuses it
    draft = stable_id("demo", "assessment", "ia01-dewi")
    assert services.assessments.resolve(draft).status == "draft"
    assert window.assessments_page.select_revision(draft)
    d2 = window.review_selected()
    assert not d2.panel.status_buttons["disetujui"].isEnabled()
    assert d2.panel.status_buttons["perlu_perbaikan"].isEnabled()
    d2.reject()
    # counts on the Tinjauan page (refreshed through the bus after the dialog's review)
    assert ReviewService(services.store.engine).counts()["ditolak"] == 1
    window.show_office_page("review")
    review_filter = window.review_page.filter
    qtbot.waitUntil(lambda: "Ditolak (1)" in [review_filter.itemText(i)
                                              for i in range(review_filter.count())])

    window.set_office_mode(False)
    assert not settings.office_mode
    assert all(window.sidebar.item(i).isHidden() for i in range(5, window.sidebar.count()))
    assert window.current_page() == PAGE_ASSESSMENTS
    assert window.assessments_page.table.model() is window.assessments_page.model
    assert not window.office_import_action.isEnabled()

    again = MainWindow(services, "id", settings=AppSettings(tmp_path / "s.ini"),
                       executor=SyncExecutor())
    qtbot.addWidget(again)
    assert not again.office_mode
    settings.office_mode = True
    settings.sync()
    third = MainWindow(services, "id", settings=AppSettings(tmp_path / "s.ini"),
                       executor=SyncExecutor())
    qtbot.addWidget(third)
    assert third.office_mode and third.office_pages  # remembered


def test_refused_and_old_bundles_on_the_import_page(qtbot: Any, services: Any,
                                                    tmp_path: Path) -> None:
    page = ImportPage(services, "id", None, None, SyncExecutor())
    qtbot.addWidget(page)
    page.show()
    assert page.import_files([tmp_path / "catatan.txt"]) == 0
    assert "Tidak ada berkas bundel" in page.summary.text()
    evil = tmp_path / "bundle-0011223344556677-000001-" f"{'a' * 32}.zip"
    evil.write_bytes(b"PK\x03\x04 bukan zip")
    other = tmp_path / "foto.zip"
    other.write_bytes(b"")
    page.import_files([evil, other])  # one file after the other on the (inline) lane
    assert page.counts().get("file_rejected") == 2
    reasons = [page.model.text(r, 5) for r in range(page.model.rowCount())]
    assert all(reasons) and all(page.model.text(r, 1) == "Ditolak"
                                for r in range(page.model.rowCount()))
    assert "2 ditolak" in page.summary.text()
    assert not page.old_button.isVisible()
    page.clear()
    assert page.model.rowCount() == 0 and not page.save_button.isEnabled()


def test_pages_work_on_the_real_db_lane(qtbot: Any, services: Any, tmp_path: Path) -> None:
    """No SyncExecutor: the import and the dashboard run on the DB lane's thread and come
    back on the GUI thread, one file at a time."""
    from assessor_app.ui.tasks import db_lane

    seed_demo(services)
    page = ImportPage(services, "id")
    qtbot.addWidget(page)
    page.show()
    files = []
    for n in range(3):
        f = tmp_path / f"bundle-0011223344556677-{n:06d}-{'b' * 32}.zip"
        f.write_bytes(b"bukan zip")
        files.append(f)
    page.import_files(files)
    assert page.running and page.progress.maximum() == 3
    qtbot.waitUntil(lambda: not page.running, timeout=20_000)
    assert page.counts().get("file_rejected") == 3
    board = DashboardPage(services, "id")
    qtbot.addWidget(board)
    board.show()
    qtbot.waitUntil(lambda: board.dashboard is not None, timeout=20_000)
    assert max(board.template_chart.values()) > 0
    assert db_lane().wait_for_done(5_000)
