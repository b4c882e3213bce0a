"""The office and sync screens are translated like the rest of the shell: the pages come up
in English after ``set_language("en")`` (every marked string has an English translation:
tests/unit/test_i18n.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor


def test_office_pages_in_english(qtbot: Any, services: Any, english: None,
                                 tmp_path: Path) -> None:
    window = MainWindow(services, "en", settings=AppSettings(tmp_path / "s.ini"),
                        executor=SyncExecutor())
    qtbot.addWidget(window)
    window.set_office_mode(True)
    names = [window.sidebar.item(i).text() for i in range(5, window.sidebar.count())]
    assert names == ["OFFICE", "Import bundles", "Conflicts", "Review", "Dashboard", "Devices"]
    assert [a.text() for a in window.menuBar().actions()][3:5] == ["&Send", "Off&ice"]
    assert window.send_action.text() == "Send &results…"
    assert window.import_page.choose_button.text() == "&Choose files…"
    assert window.dashboard_page.institution_chart.title() == "By institution"
    assert window.review_page.panel.status_buttons["perlu_perbaikan"].text() == \
        "Needs correction"
    assert window.review_model.headerData(7, Qt.Orientation.Horizontal) == "Review"
    send = window.send_results()
    assert send.windowTitle() == "Send results to the office"
    send.reject()
