"""The main window lists the assessments of the store, searches as you type, filters."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from assessor_app.i18n import current_language, set_language
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


@pytest.mark.parametrize("lang", ["id", "en"])
def test_list_columns_fit_their_words(qtbot: Any, services: Any, lang: str) -> None:
    """The result column was 70 px: "Observasi lanjut" read "Observa…" (and in English
    "Further …"), the "Revision" header "tevision"."""
    from PySide6.QtGui import QFont, QFontMetrics

    from assessor_app.ui.models.assessment_list import (
        COL_REVISION,
        COL_STATUS,
        COL_SUBJECT,
        COL_VERDICT,
    )

    before = current_language()
    set_language(lang)
    try:
        seed_demo(services)
        window = MainWindow(services, lang, executor=SyncExecutor())
        qtbot.addWidget(window)
        window.resize(1024, 600)
        window.show()
        qtbot.waitExposed(window)
        table = window.assessments_page.table
        header = table.horizontalHeader()
        fm = table.fontMetrics()
        bold_font = QFont(table.font())
        bold_font.setBold(True)
        bold = QFontMetrics(bold_font)
        words = {"id": ("Observasi lanjut", "Belum kompeten", "Revisi"),
                 "en": ("Further observation", "Not yet competent", "Revision")}[lang]
        for word in words[:2]:
            assert header.sectionSize(COL_VERDICT) > fm.horizontalAdvance(word) + 8, word
        assert header.sectionSize(COL_REVISION) > bold.horizontalAdvance(words[2]) + 8
        assert header.sectionSize(COL_STATUS) > fm.horizontalAdvance(
            "Ditandatangani sebagian" if lang == "id" else "Partly signed") + 8
        assert header.sectionSize(COL_SUBJECT) >= 80  # the subject keeps room at 1024 px
        # a row whose result is cut shows it whole in its tooltip
        model = window.assessments_page.model
        row = next(r for r in range(model.rowCount())
                   if model.index(r, COL_VERDICT).data() not in ("—", None))
        index = model.index(row, COL_VERDICT)
        assert index.data(Qt.ItemDataRole.ToolTipRole) == index.data()
        # the same widths with the office's review column
        window.set_office_mode(True)
        assert header.sectionSize(COL_VERDICT) > fm.horizontalAdvance(words[0]) + 8
    finally:
        set_language(before)
