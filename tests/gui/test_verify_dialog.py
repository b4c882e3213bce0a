"""Periksa keaslian laporan (issue 9): the code printed on paper, typed by a clerk, shows
what the paper must say; a PDF file is checked the same way; a tampered record is NOT VALID
in the dialog too. Runs on a SyncExecutor (no threads, no sleeps)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from assessor_app.services.demo import seed_demo
from assessor_app.services.reports import ReportService
from assessor_app.services.templates import stable_id
from assessor_app.ui.main_window import MainWindow
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.verify_dialog import VerifyDialog

IA01_RIZKY = stable_id("demo", "assessment", "ia01-rizky")


@pytest.fixture()
def demo(services: Any) -> Any:
    seed_demo(services)
    return services


def _dialog(qtbot: Any, services: Any) -> VerifyDialog:
    window = MainWindow(services, "id", executor=SyncExecutor())
    qtbot.addWidget(window)
    dialog = window.open_verify()
    assert isinstance(dialog, VerifyDialog)
    return dialog


def _text(dialog: VerifyDialog, row: int, column: int) -> str:
    item = dialog.table.item(row, column)
    assert item is not None, (row, column)
    return item.text()


def _cells(dialog: VerifyDialog) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in range(dialog.table.rowCount()):
        out.setdefault(_text(dialog, r, 0), []).append(_text(dialog, r, 1))
    return out


def test_a_code_typed_from_paper_lists_what_the_paper_must_show(qtbot: Any, demo: Any) -> None:
    row = demo.assessments.resolve(IA01_RIZKY)
    dialog = _dialog(qtbot, demo)
    qtbot.keyClicks(dialog.code, row.verification_code.lower())
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    assert dialog.last is not None and dialog.last.valid
    assert dialog.verdict.text().startswith("SAH")
    cells = _cells(dialog)
    assert cells["Asesi"] == ["Rizky Aditya Pratama"]
    assert cells["NIK"][0].count("*") == 8
    assert len(cells["Ditandatangani"]) == 2
    assert dialog.check_button.isEnabled()


def test_a_tampered_record_is_not_valid_in_the_dialog(qtbot: Any, demo: Any) -> None:
    row = demo.assessments.resolve(IA01_RIZKY)
    con = sqlite3.connect(demo.paths.db_path)
    con.execute("UPDATE assessment SET verdict = 'BK' WHERE id = ?", (row.id,))
    con.commit()
    con.close()
    dialog = _dialog(qtbot, demo)
    dialog.code.setText(row.verification_code)
    dialog.check_button.click()
    assert not dialog.last.valid and dialog.last.reason_code == "record_damaged"
    assert dialog.verdict.text().startswith("TIDAK SAH")
    assert "diubah di luar aplikasi" in dialog.verdict.text()
    assert dialog.table.rowCount() == 0  # nothing to compare with: the record is not proof


def test_an_unknown_code_and_a_pdf_file(qtbot: Any, demo: Any, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, demo)
    dialog.code.setText("hello")
    dialog.check_button.click()
    assert dialog.last.reason_code == "code_bad" and "bukan kode verifikasi" in \
        dialog.verdict.text()
    pdf = ReportService(demo).save_assessment(IA01_RIZKY, tmp_path / "ia01.pdf")
    dialog.check_file(pdf)
    assert dialog.last.valid and dialog.verdict.text().startswith("SAH")
    assert "Tanda tangan digital PDF" in _text(dialog, 0, 1)
