"""The report preview dialog speaks English when asked (its strings are checked with the rest
of the catalogue in tests/unit/test_i18n.py)."""

from __future__ import annotations

from typing import Any

from assessor_app.services.demo import seed_demo
from assessor_app.services.templates import stable_id
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.assessment_window import AssessmentWindow


def test_the_preview_in_english(qtbot: Any, services: Any, english: None) -> None:
    seed_demo(services)
    executor = SyncExecutor()
    window = AssessmentWindow(services, stable_id("demo", "assessment", "ia01-rizky"), "en",
                              None, executor)
    qtbot.addWidget(window)
    assert window.reports is not None
    assert [a.text() for a in window.report_actions] == ["PDF &preview", "&Print…",
                                                         "&Save PDF…"]
    window.reports.launcher.pdf_executor = executor
    window.reports.run_preview()
    dialog = window.reports.launcher.dialog
    assert dialog is not None
    assert dialog.lang == "en"  # the report follows the UI language by default
    assert dialog.page_label.text() == f"Page 1 of {dialog.page_count}"
    assert dialog.print_button.text() == "&Print…"
    assert dialog.windowTitle().startswith("Report preview — ")
    assert dialog.lang_box.currentText() == "English"
