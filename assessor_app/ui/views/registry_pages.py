"""Pages for visits, institutions, assessees and templates."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.i18n import _, pgettext
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.models.registry_models import (
    AssesseeListModel,
    InstitutionListModel,
    TemplateListModel,
    VisitListModel,
    subject_kind_label,
    template_kind_label,
)
from assessor_app.ui.tasks import REGISTRY, TEMPLATES, VISITS, StoreWatch
from assessor_app.ui.views.common import SearchBox, fit_columns, on_activate, setup_table
from assessor_app.ui.views.registry_dialogs import AssesseeDialog, InstitutionDialog
from assessor_app.ui.views.visit_form import VisitDialog


def _page_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("pageTitle")
    return label


D = TypeVar("D", bound=QDialog)


def _open(dialog: D) -> D:
    """Window-modal, without a nested event loop (tests drive the returned dialog). What it
    saves reaches the lists through the store-change bus."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _TablePage(QWidget):
    """Title, search, buttons and a table; subclasses fill in the model and actions."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = _page_title(title, self)
        self.table = QTableView(self)
        self.head = QHBoxLayout()
        self.head.addWidget(self.title)
        self.head.addStretch(1)
        self.tools = QHBoxLayout()
        self.layout_ = QVBoxLayout(self)
        self.layout_.addLayout(self.head)
        self.layout_.addLayout(self.tools)
        self.layout_.addWidget(self.table, 1)

    def selected_row(self) -> int:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else -1


class InstitutionsPage(_TablePage):
    show_assessments = Signal(str)  # institution id

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__("", parent)
        self.title.setText(_("Lembaga (LPK/BLK)"))
        self.services = services
        self.lang = lang
        self.model = InstitutionListModel(services.registry, self)
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=0)
        self.table.setAccessibleName(_("Daftar lembaga"))
        self.search = SearchBox(_("Cari nama, kota atau VIN…"), self.model.refresh, self)
        self.new_button = QPushButton(_("&Lembaga baru…"), self)
        self.new_button.setObjectName("primary")
        self.edit_button = QPushButton(_("&Ubah…"), self)
        self.list_button = QPushButton(_("Lihat &penilaian"), self)
        self.head.addWidget(self.new_button)
        self.tools.addWidget(self.search, 1)
        self.tools.addWidget(self.edit_button)
        self.tools.addWidget(self.list_button)
        self.new_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(lambda: self.edit(self.selected_row()))
        self.list_button.clicked.connect(self._show_assessments)
        on_activate(self.table, self.edit)
        self.refresh()
        self.store_watch = StoreWatch(self, (REGISTRY,), lambda _t: self.refresh())

    def refresh(self) -> None:
        self.model.refresh()
        fit_columns(self.table, 0, 220)

    def add(self) -> InstitutionDialog:
        dialog = InstitutionDialog(self.services.registry, lang=self.lang, parent=self)
        return _open(dialog)

    def edit(self, row: int) -> InstitutionDialog | None:
        if row < 0:
            return None
        dialog = InstitutionDialog(self.services.registry, self.model.row_at(row), self.lang,
                                   self)
        return _open(dialog)

    def _show_assessments(self) -> None:
        row = self.selected_row()
        if row >= 0:
            self.show_assessments.emit(self.model.row_at(row).id)


class AssesseesPage(_TablePage):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__("", parent)
        self.title.setText(pgettext("AssesseesPage", "Asesi"))
        self.services = services
        self.lang = lang
        self.model = AssesseeListModel(services.registry, self)
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=0)
        self.table.setAccessibleName(_("Daftar asesi"))
        self.search = SearchBox(_("Cari nama asesi…"), self.model.refresh, self)
        self.new_button = QPushButton(_("&Asesi baru…"), self)
        self.new_button.setObjectName("primary")
        self.edit_button = QPushButton(_("&Ubah…"), self)
        note = QLabel(_("NIK disamarkan di daftar; buka data asesi untuk melihatnya."),
                      self)
        note.setObjectName("hint")
        self.head.addWidget(self.new_button)
        self.tools.addWidget(self.search, 1)
        self.tools.addWidget(self.edit_button)
        self.layout_.addWidget(note)
        self.new_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(lambda: self.edit(self.selected_row()))
        on_activate(self.table, self.edit)
        self.refresh()
        self.store_watch = StoreWatch(self, (REGISTRY,), lambda _t: self.refresh())

    def refresh(self) -> None:
        self.model.refresh()
        fit_columns(self.table, 0, 260)

    def add(self) -> AssesseeDialog:
        dialog = AssesseeDialog(self.services.registry, lang=self.lang, parent=self)
        return _open(dialog)

    def edit(self, row: int) -> AssesseeDialog | None:
        if row < 0:
            return None
        dialog = AssesseeDialog(self.services.registry, self.model.row_at(row), self.lang, self)
        return _open(dialog)


class VisitsPage(_TablePage):
    new_assessment_for = Signal(str)  # visit id

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__("", parent)
        self.title.setText(_("Kunjungan"))
        self.services = services
        self.lang = lang
        self.model = VisitListModel(services.registry, lang, self)
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=1)
        self.table.setAccessibleName(_("Daftar kunjungan"))
        self.new_button = QPushButton(_("&Kunjungan baru…"), self)
        self.new_button.setObjectName("primary")
        self.assess_button = QPushButton(_("Penilaian &baru di kunjungan ini…"), self)
        hint = QLabel(_("Setiap kunjungan lapangan dilandasi surat tugas. Tekan Enter "
                        "pada kunjungan untuk memulai penilaian di kunjungan itu."), self)
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        self.head.addWidget(self.new_button)
        self.tools.addWidget(hint, 1)
        self.tools.addWidget(self.assess_button)
        self.new_button.clicked.connect(self.add)
        self.assess_button.clicked.connect(lambda: self._assess(self.selected_row()))
        on_activate(self.table, self._assess)
        self.refresh()
        self.store_watch = StoreWatch(self, (VISITS, REGISTRY), lambda _t: self.refresh())

    def refresh(self) -> None:
        self.model.refresh()
        fit_columns(self.table, 1, 260)

    def add(self) -> VisitDialog:
        dialog = VisitDialog(self.services.registry, self.lang, self)
        return _open(dialog)

    def _assess(self, row: int) -> None:
        if row >= 0:
            self.new_assessment_for.emit(self.model.row_at(row).id)


class TemplatesPage(QWidget):
    new_assessment_with = Signal(str)  # template code

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.services = services
        self.lang = lang
        self.title = _page_title(pgettext("TemplatesPage", "Templat"), self)
        self.model = TemplateListModel(services.templates, lang, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        setup_table(self.table, stretch_column=1)
        self.table.setAccessibleName(_("Daftar templat"))
        self.details = QTextBrowser(self)
        self.details.setOpenLinks(False)
        self.use_button = QPushButton(_("Penilaian &baru dengan templat ini…"), self)
        self.use_button.setObjectName("primary")
        self.use_button.clicked.connect(self._use)
        on_activate(self.table, lambda _r: self._use())
        problems = [r for r in services.template_results if r.error is not None]
        self.problems = QLabel(self)
        self.problems.setObjectName("hint")
        self.problems.setWordWrap(True)
        if problems:
            self.problems.setText(_("{n} berkas templat tidak valid dan tidak dipasang: "
                                    "{files}").format(
                n=len(problems), files=", ".join(p.path.name for p in problems)))
        self.problems.setVisible(bool(problems))
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.details, 1)
        rl.addWidget(self.use_button)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([820, 400])
        head = QHBoxLayout()
        head.addWidget(self.title)
        head.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.problems)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self._show(cur.row()))
        self.refresh()
        self.store_watch = StoreWatch(self, (TEMPLATES,), lambda _t: self.refresh())

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
