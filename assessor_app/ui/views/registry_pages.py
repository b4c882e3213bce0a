"""Pages for visits, institutions, assessees and templates."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.i18n import _, pgettext
from assessor_app.services.models import Assessee, Institution
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.models.registry_models import (
    AssesseeListModel,
    InstitutionListModel,
    RegistryModel,
    TemplateListModel,
    VisitListModel,
    subject_kind_label,
    template_kind_label,
)
from assessor_app.ui.tasks import REGISTRY, TEMPLATES, VISITS
from assessor_app.ui.views.base import Page
from assessor_app.ui.views.common import (
    SearchBox,
    fit_columns,
    hint_label,
    make_table,
    on_activate,
    open_dialog,
    vbox,
)
from assessor_app.ui.views.registry_dialogs import AssesseeDialog, InstitutionDialog
from assessor_app.ui.views.visit_form import VisitDialog


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _TablePage(Page):
    """Title and "new" button, a row of tools (a search box first if ``search`` names it),
    the table; the list refreshes itself after writes of its ``topics``."""

    def __init__(self, services: Services, lang: str, parent: QWidget | None, *, title: str,
                 model: RegistryModel[Any], name: str, stretch_column: int, max_width: int,
                 new_text: str, topics: tuple[str, ...], search: str | None = None) -> None:
        super().__init__(services, lang, parent, title=title)
        model.setParent(self)
        self.model = model
        self.table = make_table(self, model, name, stretch_column=stretch_column)
        self._fit = (stretch_column, max_width)
        self.tools = QHBoxLayout()
        if search is not None:
            self.search = SearchBox(search, model.refresh, self)
            self.tools.addWidget(self.search, 1)
        self.new_button = QPushButton(new_text, self)
        self.new_button.setObjectName("primary")
        self.new_button.clicked.connect(self.add)
        self.add_to_head(self.new_button)
        self.add_to_body(self.tools, (self.table, 1))
        self.watch_store(topics, lambda _t: self.refresh())

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
                 new_text: str) -> None:
        super().__init__(services, lang, parent, title=title, model=model, name=name,
                         stretch_column=0, max_width=max_width, new_text=new_text,
                         topics=(REGISTRY,), search=search)
        self.edit_button = QPushButton(_("&Ubah…"), self)
        self.edit_button.clicked.connect(lambda: self.edit(self.selected_row()))
        self.tools.addWidget(self.edit_button)
        on_activate(self.table, self.edit)

    def dialog(self, row: Any | None) -> RecordDialog:
        """The dialog for a new row (None) or for editing ``row``."""
        raise NotImplementedError

    def add(self) -> RecordDialog:
        return open_dialog(self.dialog(None))

    def edit(self, row: int) -> RecordDialog | None:
        return open_dialog(self.dialog(self.model.row_at(row))) if row >= 0 else None


class InstitutionsPage(_EditablePage[InstitutionDialog]):
    show_assessments = Signal(str)  # institution id

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(services, lang, parent, title=_("Lembaga (LPK/BLK)"),
                         model=InstitutionListModel(services.registry),
                         name=_("Daftar lembaga"), max_width=220,
                         search=_("Cari nama, kota atau VIN…"),
                         new_text=_("&Lembaga baru…"))
        self.list_button = QPushButton(_("Lihat &penilaian"), self)
        self.list_button.clicked.connect(self._show_assessments)
        self.tools.addWidget(self.list_button)
        self.refresh()

    def dialog(self, row: Institution | None) -> InstitutionDialog:
        return InstitutionDialog(self.services.registry, row, self.lang, self)

    def _show_assessments(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.show_assessments.emit(self.model.row_at(row).id)


class AssesseesPage(_EditablePage[AssesseeDialog]):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(services, lang, parent, title=pgettext("AssesseesPage", "Asesi"),
                         model=AssesseeListModel(services.registry), name=_("Daftar asesi"),
                         max_width=260, search=_("Cari nama asesi…"),
                         new_text=_("&Asesi baru…"))
        self.add_to_body(hint_label(_("NIK disamarkan di daftar; buka data asesi untuk "
                                      "melihatnya."), self, wrap=False))
        self.refresh()

    def dialog(self, row: Assessee | None) -> AssesseeDialog:
        return AssesseeDialog(self.services.registry, row, self.lang, self)


class VisitsPage(_TablePage):
    new_assessment_for = Signal(str)  # visit id
    event_requested = Signal(str)  # visit id: its certification event (Alur sertifikasi)

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(services, lang, parent, title=_("Kunjungan"),
                         model=VisitListModel(services.registry, lang),
                         name=_("Daftar kunjungan"), stretch_column=1, max_width=260,
                         new_text=_("&Kunjungan baru…"), topics=(VISITS, REGISTRY))
        self.assess_button = QPushButton(_("Penilaian &baru di kunjungan ini…"), self)
        hint = hint_label(_("Setiap kunjungan lapangan dilandasi surat tugas. Tekan Enter "
                            "pada kunjungan untuk memulai penilaian di kunjungan itu."), self)
        self.event_button = QPushButton(_("Alur &sertifikasi…"), self)
        self.event_button.setToolTip(_("Uji kompetensi BNSP di kunjungan ini: instrumen MUK "
                                       "per asesi, keputusan FR.AK.02, laporan FR.AK.05"))
        self.event_button.clicked.connect(self._event)
        self.tools.addWidget(hint, 1)
        self.tools.addWidget(self.event_button)
        self.tools.addWidget(self.assess_button)
        self.assess_button.clicked.connect(lambda: self._assess(self.selected_row()))
        on_activate(self.table, self._assess)
        self.refresh()

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
    new_assessment_with = Signal(str)  # template code

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(services, lang, parent, title=pgettext("TemplatesPage", "Templat"))
        self.model = TemplateListModel(services.templates, lang, self)
        self.table = make_table(self, self.model, _("Daftar templat"), stretch_column=1)
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
        self.add_to_body(self.problems, (splitter, 1))
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show(cur.row()))
        self.refresh()
        self.watch_store((TEMPLATES,), lambda _t: self.refresh())

    def refresh(self) -> None:
        self.model.refresh()
        fit_columns(self.table, 1, 240)
        if self.model.rowCount():
            self.table.selectRow(0)
            self._show(0)

    def _show(self, row: int) -> None:
        if row < 0:
            self.details.clear()
            return
        trow = self.model.row_at(row)
        try:
            template = self.services.templates.get(trow.id)
        except AppError as exc:
            show_error(self, exc, self.lang)
            return
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
