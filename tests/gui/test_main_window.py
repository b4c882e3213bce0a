"""The main window lists the assessments of the store, searches as you type, filters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from assessor_app.services.demo import seed_demo
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.tasks import SyncExecutor


def test_main_window_lists_searches_and_filters(qtbot: Any, services: Any) -> None:
    seed_demo(services)
    total = services.assessments.count()
    window = MainWindow(services, "id", executor=SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    page = window.assessments_page
    assert page.model.rowCount() == total
    subjects = {page.model.index(r, 0).data() for r in range(page.model.rowCount())}
    assert "LPK Cipta Karya Mandiri" in subjects

    qtbot.keyClicks(page.search, "rizky")
    # his event: APL.01, APL.02, AK.01, IA.01, AK.02, AK.03
    qtbot.waitUntil(lambda: page.model.rowCount() == 6)
    assert {page.model.index(r, 0).data() for r in range(6)} == {"Rizky Aditya Pratama"}
    assert page.count_label.text() == f"6 dari {total} penilaian"

    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == total)
    page.status_filter.setCurrentIndex(page.status_filter.findData("locked"))
    locked = services.assessments.counts_by_status()["locked"]
    assert page.model.rowCount() == locked
    assert all(page.model.index(r, 2).data() == "Terkunci" for r in range(locked))


def test_list_model_loads_lazily_in_pages(qtbot: Any, services: Any, english: None) -> None:
    inst = services.registry.add_institution("LPK Uji Halaman")
    for _ in range(450):
        services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    window = MainWindow(services, "en", executor=SyncExecutor())
    qtbot.addWidget(window)
    model = window.assessments_page.model
    assert model.total == 450 and model.rowCount() == 200  # first page only
    assert model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 450 and not model.canFetchMore()
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Subject"
