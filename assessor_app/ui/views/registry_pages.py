"""Pages for visits, institutions, assessees and templates."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.errors import AppError, TemplateError
from assessor_app.core.template import Template
from assessor_app.formatting import scheme_import_headline
from assessor_app.i18n import _, pgettext
from assessor_app.messages import describe, describe_issue
from assessor_app.services.models import (
    Assessee,
    ImportedScheme,
    Institution,
    SchemeInfo,
    TemplateInfo,
    TemplateInstall,
)
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.models.registry_models import (
    AssesseeListModel,
    InstitutionListModel,
    RegistryModel,
    SchemeListModel,
    TemplateListModel,
    VisitListModel,
    scheme_type_label,
    subject_kind_label,
)
from assessor_app.ui.tasks import REGISTRY, TEMPLATES, VISITS, Executor
from assessor_app.ui.views.base import LaneRead, Page
from assessor_app.ui.views.common import (
    SearchBox,
    StretchFloor,
    fit_columns,
    hint_label,
    make_table,
    on_activate,
    open_dialog,
    vbox,
)
from assessor_app.ui.views.registry_dialogs import AssesseeDialog, InstitutionDialog
from assessor_app.ui.views.visit_form import VisitDialog
from assessor_app.vocabulary import template_kind_label

#: The least width of a registry list's name (a template's title): "LPK Cipta Karya Man…"
NAME_FLOOR = 200


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _TablePage(Page):
    """Title and "new" button, a row of tools (a search box first if ``search`` names it),
    the table; the list refreshes itself after writes of its ``topics``."""

    def __init__(self, services: Services, lang: str, parent: QWidget | None, *, title: str,
                 model: RegistryModel[Any], name: str, stretch_column: int, max_width: int,
                 new_text: str, topics: tuple[str, ...], search: str | None = None,
                 executor: Executor | None = None, deferred: bool = False) -> None:
        super().__init__(services, lang, parent, executor, title=title, deferred=deferred)
        model.setParent(self)
        self.model = model
        self.table = make_table(self, model, name, stretch_column=stretch_column)
        self._fit = (stretch_column, max_width)
        # the name no narrower than this: on a narrow window the list scrolls sideways
        StretchFloor(self.table, [stretch_column], NAME_FLOOR)
        self.tools = QHBoxLayout()
        if search is not None:
            self.search = SearchBox(search, model.refresh, self)
            self.tools.addWidget(self.search, 1)
        self.new_button = QPushButton(new_text, self)
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.add)
        self.add_to_head(self.new_button)
        self.add_to_body(self.tools, (self.table, 1))
        self.watch_store(topics, lambda _t: self.reload())

    def refresh(self) -> None:
        self.model.refresh()
        fit_columns(self.table, *self._fit)

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1

    def add(self) -> QDialog:
        raise NotImplementedError


RecordDialog = TypeVar("RecordDialog", InstitutionDialog, AssesseeDialog)


class _EditablePage(_TablePage, Generic[RecordDialog]):
    """A registry list whose rows open in their dialog (Enter, double-click, "Ubah…")."""

    def __init__(self, services: Services, lang: str, parent: QWidget | None, *, title: str,
                 model: RegistryModel[Any], name: str, max_width: int, search: str,
                 new_text: str, executor: Executor | None = None,
                 deferred: bool = False) -> None:
        super().__init__(services, lang, parent, title=title, model=model, name=name,
                         stretch_column=0, max_width=max_width, new_text=new_text,
                         topics=(REGISTRY,), search=search, executor=executor,
                         deferred=deferred)
        self.edit_button = QPushButton(_("&Ubah…"), self)
        self.edit_button.clicked.connect(lambda: self.edit(self.selected_row()))
        self.tools.addWidget(self.edit_button)
        on_activate(self.table, self.edit)

    def dialog(self, row: Any | None) -> RecordDialog:
        """The dialog for a new row (None) or for editing ``row``."""
        raise NotImplementedError

    def add(self) -> RecordDialog:
        return open_dialog(self.dialog(None))

    #: the audit log's name of the records this page lists (None: not personal data)
    entity: str | None = None

    def edit(self, row: int) -> RecordDialog | None:
        if row < 0:
            return None
        record = self.model.row_at(row)
        if self.entity is not None:  # the full record (an asesi's NIK) is shown: logged
            audit, entity = self.services.audit, self.entity
            (self.op(lambda: audit.log_access("view", entity, record.id, field="record"))
             .failure(lambda exc: None).run())
        return open_dialog(self.dialog(record))

    def selected_record(self) -> Any | None:
        row = self.selected_row()
        return self.model.row_at(row) if row >= 0 else None

    def subject_report(self, path: Path | None = None) -> Any:
        """"Laporan subjek data…" of the selected record (asked where to save)."""
        from assessor_app.ui.views.pdp_dialog import save_subject_report

        record = self.selected_record()
        if record is None or self.entity is None:
            return None
        return save_subject_report(self, self.services, self.entity, record.id, record.name,
                                   self.lang, self.executor, path)

    def _context_menu(self, pos: Any) -> None:
        from PySide6.QtWidgets import QMenu

        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self.table)
        menu.addAction(_("&Ubah…"), lambda: self.edit(index.row()))
        menu.addAction(_("Laporan &subjek data…"), lambda: self.subject_report())
        menu.addAction(_("&Persetujuan…"), lambda: self.show_consents())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def show_consents(self) -> Any:
        """The consent register, filtered to the selected record."""
        from assessor_app.ui.views.pdp_dialog import PdpDialog

        record = self.selected_record()
        if record is None:
            return None
        dialog = PdpDialog(self.services, self.lang, self, self.executor)
        dialog.consents.set_subject(record.id, record.name)
        return open_dialog(dialog)

    def _personal_tools(self) -> None:
        self.report_button = QPushButton(_("Laporan subjek &data…"), self)
        self.report_button.setToolTip(_("Semua data tentang subjek ini sebagai PDF atau JSON: "
                                        "penilaian, bukti, tanda tangan, persetujuan, jejak "
                                        "akses"))
        self.report_button.clicked.connect(lambda: self.subject_report())
        self.tools.addWidget(self.report_button)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)


class InstitutionsPage(_EditablePage[InstitutionDialog]):
    show_assessments = Signal(str)  # institution id
    entity = "institution"

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, *, deferred: bool = False) -> None:
        super().__init__(services, lang, parent, title=_("Lembaga (LPK/BLK)"),
                         model=InstitutionListModel(services.registry),
                         name=_("Daftar lembaga"), max_width=220,
                         search=_("Cari nama, kota atau VIN…"),
                         new_text=_("&Lembaga baru…"), executor=executor, deferred=deferred)
        self.list_button = QPushButton(_("Lihat &penilaian"), self)
        self.list_button.clicked.connect(self._show_assessments)
        self.tools.addWidget(self.list_button)
        self._personal_tools()
        self.first_load()

    def dialog(self, row: Institution | None) -> InstitutionDialog:
        return InstitutionDialog(self.services.registry, row, self.lang, self)

    def _show_assessments(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.show_assessments.emit(self.model.row_at(row).id)


class AssesseesPage(_EditablePage[AssesseeDialog]):
    entity = "assessee"

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, *, deferred: bool = False) -> None:
        super().__init__(services, lang, parent, title=pgettext("AssesseesPage", "Asesi"),
                         model=AssesseeListModel(services.registry), name=_("Daftar asesi"),
                         max_width=260, search=_("Cari nama asesi…"),
                         new_text=_("&Asesi baru…"), executor=executor, deferred=deferred)
        self.add_to_body(hint_label(_("NIK disamarkan di daftar; buka data asesi untuk "
                                      "melihatnya."), self, wrap=False))
        self._personal_tools()
        self.first_load()

    def dialog(self, row: Assessee | None) -> AssesseeDialog:
        return AssesseeDialog(self.services.registry, row, self.lang, self)


class VisitsPage(_TablePage):
    new_assessment_for = Signal(str)  # visit id
    event_requested = Signal(str)  # visit id: its certification event (Alur sertifikasi)

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 *, deferred: bool = False) -> None:
        super().__init__(services, lang, parent, title=_("Kunjungan"),
                         model=VisitListModel(services.registry, lang),
                         name=_("Daftar kunjungan"), stretch_column=1, max_width=260,
                         new_text=_("&Kunjungan baru…"), topics=(VISITS, REGISTRY),
                         deferred=deferred)
        self.assess_button = QPushButton(_("Penilaian &baru di sini…"), self)
        self.assess_button.setToolTip(_("Penilaian baru di kunjungan yang dipilih (atau Enter "
                                        "pada kunjungan itu)"))
        hint = hint_label(_("Setiap kunjungan lapangan dilandasi surat tugas. Tekan Enter "
                            "pada kunjungan untuk memulai penilaian di kunjungan itu."), self)
        self.event_button = QPushButton(_("Alur &sertifikasi…"), self)
        self.event_button.setToolTip(_("Uji kompetensi BNSP di kunjungan ini: instrumen MUK "
                                       "per asesi, keputusan FR.AK.02, laporan FR.AK.05"))
        self.event_button.clicked.connect(self._event)
        # the hint on its own line above the buttons: beside them, on a narrow window
        # (1024x600 at 150 %) it was squeezed into a column of one word per line
        at = self.body.indexOf(self.tools)
        self.body.insertWidget(at, hint)
        self.tools.addStretch(1)
        self.tools.addWidget(self.event_button)
        self.tools.addWidget(self.assess_button)
        self.assess_button.clicked.connect(lambda: self._assess(self.selected_row()))
        on_activate(self.table, self._assess)
        self.first_load()

    def add(self) -> VisitDialog:
        return open_dialog(VisitDialog(self.services.registry, self.lang, self))

    def _assess(self, row: int) -> None:
        if row >= 0:
            self.new_assessment_for.emit(self.model.row_at(row).id)

    def _event(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.event_requested.emit(self.model.row_at(row).id)


class TemplatesPage(Page):
    """The installed templates (the newest version of each) and, above them, the
    certification schemes their MUK instruments were generated from. "Impor skema…"
    installs a scheme file (YAML, YAML with CSV files, or XLSX) on the database lane."""

    new_assessment_with = Signal(str)  # template code
    scheme_imported = Signal(object)  # ImportedScheme, after the result was shown
    import_failed = Signal(str)  # the message shown (nothing was installed)
    xlsform_imported = Signal(object)  # list[TemplateInstall], after the result was shown

    #: What the file dialog offers (the formats of ``SchemeService.import_file``).
    SCHEME_PATTERNS = "*.yaml *.yml *.xlsx *.xlsm"

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None, *, deferred: bool = False) -> None:
        super().__init__(services, lang, parent, executor,
                         title=pgettext("TemplatesPage", "Templat"), deferred=deferred)
        self.last_text = ""  # the last import result or refusal shown
        self.last_box: QMessageBox | None = None
        self.import_button = QPushButton(_("&Impor skema…"), self)
        self.import_button.setToolTip(_("Pasang skema sertifikasi dari berkas YAML atau "
                                        "XLSX; instrumen MUK-nya menjadi templat"))
        self.import_button.clicked.connect(lambda: self.import_scheme())
        self.add_to_head(self.import_button)
        self.xlsform_button = QPushButton(_("Impor &XLSForm…"), self)
        self.xlsform_button.setToolTip(_("Pasang templat dari formulir Excel (XLSForm: ODK, "
                                         "KoboToolbox); yang tidak dapat dipakai disebutkan "
                                         "per sel"))
        self.xlsform_button.clicked.connect(lambda: self.import_xlsform())
        self.add_to_head(self.xlsform_button)

        self.scheme_model = SchemeListModel(lang, self)
        self.scheme_table = make_table(self, self.scheme_model, _("Skema sertifikasi terpasang"),
                                       stretch_column=1)
        self.no_schemes = hint_label(_("Belum ada skema sertifikasi terpasang. Pasang berkas "
                                       "skema dengan «Impor skema…»."), self)
        self.schemes_caption = QLabel(_("Skema sertifikasi terpasang"), self)
        self.schemes_pane = QWidget(self)
        self._schemes_box = vbox(self.schemes_pane, self.schemes_caption, self.no_schemes,
                                 (self.scheme_table, 1), margins=False)

        self.model = TemplateListModel(services.templates, lang, self)
        self.table = make_table(self, self.model, _("Daftar templat"), stretch_column=1)
        StretchFloor(self.table, [1], NAME_FLOOR)
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.use_button = QPushButton(_("Penilaian &baru dengan templat ini…"), self)
        self.use_button.setObjectName("primary")
        self.use_button.clicked.connect(self._use)
        on_activate(self.table, lambda _r: self._use())
        problems = [r for r in services.template_results if r.error is not None]
        self.problems = hint_label(_("{n} berkas templat tidak valid dan tidak dipasang: "
                                     "{files}").format(
            n=len(problems), files=", ".join(p.path.name for p in problems))
            if problems else "", self)
        self.problems.setVisible(bool(problems))
        right = QWidget(self)
        vbox(right, (self.details, 1), self.use_button, margins=False)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 400])
        # the schemes: a few rows over the templates (a scheme makes 16 templates)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.schemes_pane)
        self.splitter.addWidget(splitter)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self._schemes_shown = -1  # rows the scheme pane was last sized for
        self.add_to_body(self.problems, (self.splitter, 1))
        # The schemes (files) and the chosen template (parsed) are read on the lane once
        # the page is on screen: a page loaded in the background reads only the database.
        self._details_read: LaneRead[tuple[TemplateInfo, Template] | None] = LaneRead(
            self, self._details_work, self._show_details,
            lambda exc: show_error(self, exc, self.lang))
        self._details_due = self._schemes_due = False
        self.table.selectionModel().currentRowChanged.connect(
            lambda _cur, _prev: self._show())
        self.first_load()
        self.watch_store((TEMPLATES,), lambda _t: self.reload())

    def refresh(self) -> None:
        self.model.refresh()
        fit_columns(self.table, 1, 240)
        if self.model.rowCount():
            self.table.selectRow(0)
        self._show()
        self.refresh_schemes()

    def refresh_schemes(self) -> None:
        """Read the installed schemes on the lane (scheme files, not the database): now if
        the page is shown, else once it is."""
        self._schemes_due = not self.isVisible()
        if not self._schemes_due:
            self.op(self.services.schemes.schemes).success(self._show_schemes).run()

    def _show_schemes(self, rows: list[SchemeInfo]) -> None:
        self.scheme_model.set_rows(rows)
        fit_columns(self.scheme_table, 1, 200)
        self.no_schemes.setVisible(not rows)
        self.scheme_table.setVisible(bool(rows))
        if len(rows) != self._schemes_shown:  # else keep what the user dragged
            self._schemes_shown = len(rows)
            self._fit_scheme_pane(len(rows))

    def _fit_scheme_pane(self, rows: int) -> None:
        """The scheme pane as high as its rows, at most four (it scrolls beyond)."""
        table = self.scheme_table
        height = self.schemes_caption.sizeHint().height() + self._schemes_box.spacing()
        if rows:
            height += (table.horizontalHeader().sizeHint().height()
                       + min(rows, 4) * table.verticalHeader().defaultSectionSize()
                       + 2 * table.frameWidth())
        else:
            height += self.no_schemes.sizeHint().height()
        total = sum(self.splitter.sizes()) or self.splitter.height()
        self.splitter.setSizes([height, max(total - height, 1)])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._schemes_due:
            self.refresh_schemes()
        if self._details_due:
            self._show()

    def _show(self) -> None:
        """Describe the current template (now if the page is shown, else once it is)."""
        self._details_due = not self.isVisible()
        if not self._details_due:
            self._details_read.run()

    def _details_work(self) -> Callable[[], tuple[TemplateInfo, Template] | None]:
        row = self.table.currentIndex().row()
        if row < 0:
            return lambda: None
        trow = self.model.row_at(row)
        return lambda: (trow, self.services.templates.get(trow.id))

    def _show_details(self, found: tuple[TemplateInfo, Template] | None) -> None:
        row = self.table.currentIndex().row()
        if found is None or row < 0:
            self.details.clear()
            return
        trow, template = found
        if self.model.row_at(row).id != trow.id:
            return  # the choice changed meanwhile: its own read follows
        lang = self.lang
        items = sum(1 for it in template.walk_items() if it.holds_value)
        parts = [f"<h3>{_html_escape(template.title.get(lang))}</h3>",
                 f"<p><b>{_html_escape(template.code)}</b> · "
                 + _("versi {v}").format(v=_html_escape(template.version))
                 + f" · {template_kind_label(trow.kind)} · "
                 + _html_escape(subject_kind_label(trow.subject)) + "</p>"]
        if template.description is not None:
            parts.append(f"<p>{_html_escape(template.description.get(lang))}</p>")
        parts.append("<p>" + _("{s} bagian · {n} butir isian").format(
            s=len(template.sections), n=items) + "</p>")
        if template.signers:
            signers = ", ".join(_html_escape(s.label.get(lang)) for s in template.signers)
            parts.append("<p>" + _("Penanda tangan: {who}").format(who=signers) + "</p>")
        if template.source:
            parts.append("<p><small>" + _("Sumber: {src}").format(
                src=_html_escape(template.source)) + "</small></p>")
        self.details.setHtml("".join(parts))

    def _use(self) -> None:
        row = self.table.currentIndex().row()
        if row >= 0:
            self.new_assessment_with.emit(self.model.row_at(row).code)

    # ------------------------------------------------------------ importing a scheme

    def ask_scheme_file(self) -> Path | None:
        """The scheme file the user picks (None: cancelled). Tests pass the path to
        :meth:`import_scheme` instead."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Impor skema sertifikasi"), "",
            _("Data skema ({patterns});;Semua berkas (*)").format(
                patterns=self.SCHEME_PATTERNS))
        return Path(chosen) if chosen else None

    def import_scheme(self, path: Path | None = None) -> None:
        """Install the scheme in ``path`` (asked for when None) and its instruments."""
        chosen = path if path is not None else self.ask_scheme_file()
        if chosen is None:
            return
        schemes = self.services.schemes
        (self.op(lambda: schemes.import_file(chosen))
         .changes(TEMPLATES)
         .disabling(self.import_button)
         .success(self._on_imported)
         .failure(self._on_import_failed)
         .with_progress(_("Memasang skema…"))
         .run())

    def _on_imported(self, result: ImportedScheme) -> None:
        self._tell(QMessageBox.Icon.Information, import_result_text(result, self.lang))
        self.scheme_imported.emit(result)

    def _on_import_failed(self, exc: BaseException) -> None:
        self._refused(exc, _("Skema tidak dipasang; tidak ada yang berubah."),
                      lambda e: describe(e, self.lang))

    def _refused(self, exc: BaseException, headline: str, detail: Callable[[AppError], str],
                 title: str | None = None) -> None:
        """An import that installed nothing: why (``headline`` over ``detail(exc)``), or
        the crash dialog for a bug; then :attr:`import_failed`."""
        if not isinstance(exc, AppError):
            show_error(self, exc, self.lang)  # a bug: the crash dialog
            self.import_failed.emit(str(exc))
            return
        self._tell(QMessageBox.Icon.Warning, headline + "\n\n" + detail(exc), title)
        self.import_failed.emit(self.last_text)

    # ------------------------------------------------------------ importing an XLSForm

    def ask_xlsform_file(self) -> Path | None:
        """The XLSForm workbook the user picks (None: cancelled). Tests pass the path to
        :meth:`import_xlsform` instead."""
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Impor XLSForm"), "",
            _("Formulir XLSForm ({patterns});;Semua berkas (*)").format(
                patterns="*.xlsx *.xlsm"))
        return Path(chosen) if chosen else None

    def import_xlsform(self, path: Path | None = None) -> None:
        """Install the XLSForm in ``path`` (asked for when None) as a template: the same
        path as ``templates import`` (checked, copied into the data folder, versioned)."""
        chosen = path if path is not None else self.ask_xlsform_file()
        if chosen is None:
            return
        templates = self.services.templates
        (self.op(lambda: templates.install_files([chosen]))
         .changes(TEMPLATES)
         .disabling(self.xlsform_button)
         .success(self._on_xlsform_imported)
         .failure(self._on_xlsform_failed)
         .with_progress(_("Memasang templat…"))
         .run())

    def _on_xlsform_imported(self, done: list[TemplateInstall]) -> None:
        lines = []
        for d in done:
            lines.append((_("Templat {code} versi {version} terpasang.") if d.installed else
                          _("Templat {code} versi {version} sudah terpasang; tidak ada yang "
                            "berubah.")).format(code=d.template.code, version=d.template.version))
            if d.warnings:
                lines.append("")
                lines.append(_("Peringatan (templat tetap terpasang):"))
                lines.extend(describe_issue(w, self.lang) for w in d.warnings)
        self._tell(QMessageBox.Icon.Information, "\n".join(lines), _("Impor XLSForm"))
        self.xlsform_imported.emit(done)

    def _on_xlsform_failed(self, exc: BaseException) -> None:
        def detail(e: AppError) -> str:
            if isinstance(e, TemplateError):
                return "\n".join(describe_issue(i, self.lang) for i in e.issues)
            return describe(e, self.lang)

        self._refused(exc, _("Templat tidak dipasang; tidak ada yang berubah."), detail,
                      _("Impor XLSForm"))

    def _tell(self, icon: QMessageBox.Icon, text: str, title: str | None = None) -> None:
        self.last_text = text
        title = title or _("Impor skema")
        box = QMessageBox(icon, f"{APP_DISPLAY_NAME} — {title}", text,
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_box = box


def import_result_text(r: ImportedScheme, lang: str) -> str:
    """What an import did, in words (the same first sentence as ``schemes import``)."""
    head = scheme_import_headline(r)
    forms = ", ".join(i.form for i in r.instruments)
    return "\n".join([
        head, "",
        f"{r.title.get(lang)} [{scheme_type_label(r.type, r.level)}]",
        _("{n} instrumen MUK versi {version} tersedia sebagai templat: {forms}.").format(
            n=len(r.instruments), version=r.version, forms=forms),
    ])
