"""Ekspor data: the assessments of one template to XLSX (one sheet per repeat group) or CSV
(one file per table), with option labels or raw values, in Indonesian or English.

The work runs on the DB lane (:meth:`OfficeService.export_xlsx` / ``export_csv``, written
atomically and verified); the dialog then says which files were written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from assessor_app.i18n import _
from assessor_app.messages import message
from assessor_app.services.office import ExportOptions, ExportResult
from assessor_app.services.runtime import Services
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.office.dashboard_page import office_service
from assessor_app.ui.tasks import Executor
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import (
    InlineError,
    form_layout,
    hbox,
    open_folder_of,
    radio_pair,
    run_buttons,
    vbox,
)


class OfficeExportDialog(ServiceDialog):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 template_code: str | None = None, executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Ekspor data"), min_width=620)
        self.exported: ExportResult | None = None
        self.running = False

        self.template = wheel_needs_focus(QComboBox(self))
        for row in services.templates.latest():
            title = row.title_en if lang == "en" and row.title_en else row.title
            self.template.addItem(f"{row.code} — {title}", row.code)
        if template_code:
            self.template.setCurrentIndex(max(0, self.template.findData(template_code)))
        self.xlsx, self.csv, formats = radio_pair(
            self, _("Excel (XLSX): satu lembar per tabel berulang"),
            _("CSV: satu berkas per tabel"))
        self.labels, self.values, kinds = radio_pair(
            self, _("Label pilihan (mudah dibaca)"), _("Nilai mentah (untuk olah data)"))
        self.language = wheel_needs_focus(QComboBox(self))
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(lang)))
        self.drafts = QCheckBox(_("Termasuk penilaian yang masih draf"), self)
        self.nik = wheel_needs_focus(QComboBox(self))
        self.nik.addItem(_("lengkap"), "full")
        self.nik.addItem(_("disamarkan (3201********0001)"), "masked")
        self.nik.addItem(_("tidak disertakan"), "omit")
        self.nik.setCurrentIndex(1)
        self.delimiter = wheel_needs_focus(QComboBox(self))
        self.delimiter.addItem(_("titik koma ; (Excel berbahasa Indonesia)"), ";")
        self.delimiter.addItem(_("koma ,"), ",")
        self.delimiter.addItem(_("tab"), "\t")
        self.path = QLineEdit(self)
        self.path.setAccessibleName(_("Berkas tujuan"))
        self.browse = QPushButton(_("Pilih…"), self)
        self.browse.clicked.connect(self._choose_path)
        self.error = InlineError(self)
        self.status = QLabel(self)
        self.status.setWordWrap(True)

        form = form_layout()
        form.addRow(_("&Templat"), self.template)
        form.addRow(_("Format"), formats)
        form.addRow(_("Isi sel"), kinds)
        form.addRow(_("&Bahasa"), self.language)
        form.addRow(_("NIK asesi"), self.nik)
        form.addRow(_("Pemisah CSV"), self.delimiter)
        form.addRow("", self.drafts)
        form.addRow(_("Simpan ke"), hbox((self.path, 1), self.browse))

        self.buttons, self.ok_button, self.open_button, self.close_button = run_buttons(
            self, _("&Ekspor"), self.export)
        self.open_button.clicked.connect(
            lambda: open_folder_of(self.exported.files[0] if self.exported else None))
        vbox(self, form, self.error, self.status, self.buttons)
        for w in (self.template, self.language):
            w.currentIndexChanged.connect(lambda _i: self._suggest_path())
        self.csv.toggled.connect(lambda _on: self._on_format())
        self._on_format()

    # ------------------------------------------------------------ form

    def _extension(self) -> str:
        return ".csv" if self.csv.isChecked() else ".xlsx"

    def _on_format(self) -> None:
        self.delimiter.setEnabled(self.csv.isChecked())
        self._suggest_path()

    def _suggest_path(self) -> None:
        """Keep the folder the user chose; the name follows the template and format."""
        code = self.template.currentData() or "data"
        current = self.path.text().strip()
        folder = Path(current).parent if current else \
            self.services.paths.data_dir / "exports"
        name = f"{str(code).replace('/', '-')}{self._extension()}"
        self.path.setText(str(folder / name))

    def _choose_path(self) -> None:
        ext = self._extension()
        chosen, _f = QFileDialog.getSaveFileName(
            self, _("Simpan ekspor"), self.path.text(),
            _("Excel (*.xlsx)") if ext == ".xlsx" else _("CSV (*.csv)"))
        if chosen:
            if not chosen.lower().endswith(ext):
                chosen += ext
            self.path.setText(chosen)

    def options(self) -> ExportOptions:
        return ExportOptions(template_code=str(self.template.currentData() or ""),
                             labels=self.labels.isChecked(),
                             lang=str(self.language.currentData()),
                             include_drafts=self.drafts.isChecked(),
                             nik=str(self.nik.currentData()),
                             delimiter=str(self.delimiter.currentData()))

    # ------------------------------------------------------------ running

    def export(self) -> None:
        if self.running:
            return
        self.error.clear_error()
        opts = self.options()
        if not opts.template_code:
            self.error.show_error(message("officeui.no_template", lang=self.lang))
            return
        text = self.path.text().strip()
        if not text:
            self.error.show_error(message("officeui.no_target", lang=self.lang))
            return
        path = Path(text)
        if path.suffix.lower() != self._extension():
            path = path.with_suffix(self._extension())
            self.path.setText(str(path))
        office, xlsx = office_service(self.services), self.xlsx.isChecked()

        def work() -> ExportResult:
            path.parent.mkdir(parents=True, exist_ok=True)
            return office.export_xlsx(path, opts) if xlsx else office.export_csv(path, opts)

        self.running = True
        self.status.setText(_("Mengekspor…"))
        (self.op(work)
         .success(self._on_done)
         .failure(self._on_failed)
         .disabling(self.ok_button)
         .finished(lambda: setattr(self, "running", False))
         .with_progress(_("Mengekspor data…"))
         .run())

    def _on_done(self, result: ExportResult) -> None:
        self.exported = result
        rows = "".join(_(", {name}: {n} baris").format(name=name, n=n)
                       for name, n in result.repeat_rows.items())
        files = "\n".join(str(f) for f in result.files)
        self.status.setText(_("Selesai: {n} penilaian, {cols} kolom{rows}.\n"
                              "Ditulis dan diverifikasi:\n{files}").format(
            n=result.assessments, cols=result.columns, rows=rows, files=files))
        self.status.setStyleSheet("color: #1e6b34;")
        self.open_button.show()

    def _on_failed(self, exc: BaseException) -> None:
        self.status.clear()
        self.show_failure(exc, self.error)
