"""The shell speaks Indonesian by default and English after ``set_language("en")`` (the
strings come from the message catalogue: tests/unit/test_i18n.py checks that every marked
string has an English translation)."""

from __future__ import annotations

from typing import Any

from assessor_app.i18n import current_language, set_language
from assessor_app.ui.errors import CrashDialog
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.tasks import SyncExecutor


def test_english_ui_after_switching(qtbot: Any, services: Any, english: None) -> None:
    window = MainWindow(services, "en", executor=SyncExecutor())
    qtbot.addWidget(window)
    assert [window.sidebar.item(i).text() for i in range(5)] == [
        "Visits", "Assessments", "Institutions", "Assessees", "Templates"]
    assert window.assessments_page.search.placeholderText() == \
        "Search subject, template or ID…"
    assert window.menuBar().actions()[0].text() == "&File"


def test_indonesian_ui_by_default(qtbot: Any, services: Any) -> None:
    window = MainWindow(services, "id", executor=SyncExecutor())
    qtbot.addWidget(window)
    assert window.menuBar().actions()[0].text() == "&Berkas"
    assert window.assessments_page.new_button.text() == "&Penilaian baru…"


def test_a_gui_string_follows_set_language(qtbot: Any, services: Any) -> None:
    before = current_language()
    try:
        window = MainWindow(services, "id", executor=SyncExecutor())
        qtbot.addWidget(window)
        assert window.menuBar().actions()[0].text() == "&Berkas"
        set_language("en")
        dialog = CrashDialog(None, RuntimeError("x"), None)
        qtbot.addWidget(dialog)
        assert dialog.copy_button.text() == "Copy details"
        window_en = MainWindow(services, "en", executor=SyncExecutor())
        qtbot.addWidget(window_en)
        assert window_en.menuBar().actions()[0].text() == "&File"
        assert window.menuBar().actions()[0].text() == "&Berkas"  # built before the switch
    finally:
        set_language(before)
