"""Pratinjau / Cetak / Simpan PDF from an assessment window, through the report service
in the background (a synchronous executor here)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from assessor_app.services.demo import seed_demo
from assessor_app.services.templates import stable_id
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.assessment_window import AssessmentWindow


def test_save_preview_and_print_a_pdf(qtbot: Any, services: Any, tmp_path: Path) -> None:
    seed_demo(services)
    settings = AppSettings(services.paths.settings_path)
    settings.paper = "F4"
    rid = stable_id("demo", "assessment", "jkp-complete")
    window = AssessmentWindow(services, rid, "id", settings, SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    assert window.reports is not None
    texts = [a.text() for a in window.report_actions]
    assert texts == ["&Pratinjau PDF", "&Cetak…", "&Simpan PDF…"]

    window.reports.save_to(tmp_path / "laporan-jkp")
    saved = window.reports.last_saved
    assert saved == tmp_path / "laporan-jkp.pdf"
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    assert "PDF disimpan" in window.statusBar().currentMessage()

    window.reports.run_preview(open_viewer=False)
    assert window.reports.last_preview is not None
    assert window.reports.last_preview.read_bytes().startswith(b"%PDF-")

    from sqlmodel import select

    from assessor_app.storage.db import read_session
    from assessor_app.storage.tables import ReportRow

    window.reports.run_print(send=False)
    printed = window.reports.last_printed
    assert printed is not None
    digest = hashlib.sha256(printed.read_bytes()).hexdigest()
    with read_session(services.store.engine) as s:  # printed bytes are recorded
        assert s.exec(select(ReportRow).where(ReportRow.pdf_sha256 == digest)).first()
