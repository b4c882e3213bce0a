"""Check a report: from the verification code printed on paper (a clerk types it in and
compares line by line), or from a PDF file. The same service calls as ``assessor-app verify
--code`` and ``assessor-app verify FILE``, run on the background lane."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from assessor_app.i18n import _
from assessor_app.messages import (
    describe,
    describe_paper_check,
    describe_pdf_signature,
    describe_result,
    paper_line_text,
)
from assessor_app.ui.geometry import fit_to_screen
from assessor_app.ui.tasks import Executor
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import hbox, vbox


class VerifyDialog(ServiceDialog):
    """``Periksa keaslian laporan``: code field, PDF button, the verdict and the lines."""

    def __init__(self, services: Any, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Periksa keaslian laporan"))
        self.last: Any = None
        intro = QLabel(_(
            "Ketik kode verifikasi yang tercetak di kaki setiap halaman laporan, lalu "
            "bandingkan baris demi baris dengan kertasnya. Atau pilih berkas PDF-nya."), self)
        intro.setWordWrap(True)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.code.setMaxLength(40)
        self.code.returnPressed.connect(self.check_code)
        self.check_button = QPushButton(_("&Periksa kode"), self)
        self.check_button.clicked.connect(self.check_code)
        self.file_button = QPushButton(_("Periksa berkas &PDF…"), self)
        self.file_button.clicked.connect(self.choose_file)
        self.verdict = QLabel(self)
        self.verdict.setTextFormat(Qt.TextFormat.PlainText)  # record text is never markup
        self.verdict.setWordWrap(True)
        self.verdict.setObjectName("verdict")
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([_("Bagian"), _("Harus tertulis")])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Tutup"))
        buttons.rejected.connect(self.reject)
        vbox(self, intro, hbox((self.code, 1), self.check_button, self.file_button),
             self.verdict, (self.table, 1), buttons)
        fit_to_screen(self, QSize(640, 460), QSize(420, 300))

    def _service(self) -> Any:
        return self.services.reports

    # ------------------------------------------------------------ actions

    def check_code(self) -> None:
        text = self.code.text()
        self._busy(True)
        self.op(lambda: self._service().verify_code(text, self.lang)) \
            .success(self.show_code_result).failure(self._failed) \
            .finished(lambda: self._busy(False)).run()

    def choose_file(self) -> None:
        path, _ignored = QFileDialog.getOpenFileName(self, _("Pilih laporan PDF"), "",
                                              _("Laporan PDF (*.pdf)"))
        if path:
            self.check_file(Path(path))

    def check_file(self, path: Path) -> None:
        self._busy(True)
        self.op(lambda: self._service().verify(path)) \
            .success(self.show_file_result).failure(self._failed) \
            .finished(lambda: self._busy(False)).run()

    # ------------------------------------------------------------ results

    def show_code_result(self, check: Any) -> None:
        self.last = check
        self._verdict(check.valid, describe_paper_check(check, self.lang))
        self._lines([paper_line_text(ln, self.lang) for ln in check.lines])

    def show_file_result(self, result: Any) -> None:
        self.last = result
        self._verdict(result.valid, describe_result(result, self.lang))
        lines = []
        if result.assessment_id is not None:
            lines.append((_("Tanda tangan PDF"),
                          describe_pdf_signature(result.pdf_signature, self.lang)))
        self._lines(lines)

    def _verdict(self, valid: bool, text: str) -> None:
        word = _("SAH") if valid else _("TIDAK SAH")
        self.verdict.setText(f"{word} — {text}")
        self.verdict.setProperty("valid", valid)
        self.verdict.setStyleSheet("font-weight: bold; color: %s;" % (
            "#1b5e20" if valid else "#b71c1c"))

    def _lines(self, lines: list[tuple[str, str]]) -> None:
        self.table.setRowCount(len(lines))
        for n, (label, value) in enumerate(lines):
            self.table.setItem(n, 0, QTableWidgetItem(label))
            self.table.setItem(n, 1, QTableWidgetItem(value))
        self.table.resizeColumnToContents(0)

    def _failed(self, exc: BaseException) -> None:
        from assessor_app.core.errors import AppError

        text = describe(exc, self.lang) if isinstance(exc, AppError) else str(exc)
        self._verdict(False, text)
        self._lines([])

    def _busy(self, busy: bool) -> None:
        for w in (self.check_button, self.file_button, self.code):
            w.setEnabled(not busy)
