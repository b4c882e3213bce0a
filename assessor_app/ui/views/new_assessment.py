"""New assessment: template (grouped institutional / competency), subject (institution or
assessee, searchable, or add one), and the visit (pick an existing one or create it)."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QSize, Qt
from PySide6.QtGui import QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QWidget,
)

from assessor_app.i18n import _, pgettext
from assessor_app.services.models import AssessmentSummary, TemplateInfo, Visit
from assessor_app.services.registry import mask_nik
from assessor_app.services.runtime import Services
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.geometry import fit_to_screen
from assessor_app.ui.models.format import format_date_range
from assessor_app.ui.tasks import ASSESSMENTS, VISITS
from assessor_app.ui.views.base import ServiceDialog
from assessor_app.ui.views.common import (
    InlineError,
    SearchBox,
    dialog_buttons,
    grow_to_body,
    hbox,
    hint_label,
    open_dialog,
    scrolled_body,
    select_value,
    vbox,
    write_then_accept,
)
from assessor_app.ui.views.registry_dialogs import AssesseeDialog, InstitutionDialog
from assessor_app.ui.views.visit_form import VisitForm

TEMPLATE_ROLE = Qt.ItemDataRole.UserRole + 1


def template_title(row: TemplateInfo, lang: str) -> str:
    return row.title_en if lang == "en" and row.title_en else row.title


def visit_label(v: Visit, institutions: dict[str, str], lang: str) -> str:
    parts = [v.letter_no or "—", institutions.get(v.institution_id or "", ""), v.place or "",
             format_date_range(v.start_date, v.end_date, lang)]
    return " · ".join(p for p in parts if p)


class _ShownPageStack(QStackedWidget):
    """Asks for the room of the page it shows, not of its largest: the dialog is no taller
    than "Tanpa kunjungan" needs until "Kunjungan baru" shows the visit's fields."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()


class NewAssessmentDialog(ServiceDialog):
    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 template_code: str | None = None) -> None:
        super().__init__(services, lang, parent, title=_("Penilaian baru"))
        self.created: AssessmentSummary | None = None
        self.subject_dialog: QDialog | None = None
        self._institutions = {i.id: i.name for i in services.registry.institutions()}

        # --- template
        self.template = wheel_needs_focus(QComboBox(self))
        self.template.setAccessibleName(_("Templat"))
        # as wide as the row lets it (its longest title pushed the label "Templat" out at
        # 683x400); the whole title shows when it opens
        self.template.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.template.setMinimumContentsLength(24)
        self._template_model = QStandardItemModel(self.template)
        self.template.setModel(self._template_model)
        self._fill_templates()
        self.template_hint = hint_label("", self)

        # --- subject
        self.subject_box = QGroupBox(_("Subjek"), self)
        self.subject_search = SearchBox(_("Cari nama…"), self._fill_subjects, self)
        self.subject_list = QListWidget(self)
        self.subject_list.setAccessibleName(_("Daftar subjek"))
        self.subject_list.setMinimumHeight(90)
        self.subject_list.setMaximumHeight(170)
        self.subject_new = QPushButton(_("Tambah…"), self)
        self.subject_edit = QPushButton(_("Ubah…"), self)
        self.subject_error = InlineError(self)
        self.subject_note = QLabel(self)
        self.subject_note.setWordWrap(True)
        vbox(self.subject_box,
             hbox((self.subject_search, 1), self.subject_new, self.subject_edit),
             (self.subject_list, 1), self.subject_note, self.subject_error)

        # --- visit
        self.visit_box = QGroupBox(pgettext("NewAssessmentDialog", "Kunjungan"), self)
        self.visit_none = QRadioButton(_("Tanpa kunjungan"), self)
        self.visit_existing = QRadioButton(_("Kunjungan yang ada"), self)
        self.visit_new = QRadioButton(_("Kunjungan baru"), self)
        self._visit_mode = QButtonGroup(self)
        for n, b in enumerate((self.visit_none, self.visit_existing, self.visit_new)):
            self._visit_mode.addButton(b, n)
        self.visit_combo = wheel_needs_focus(QComboBox(self))
        self.visit_combo.setAccessibleName(_("Kunjungan yang ada"))
        self._visits = services.registry.visits()
        for v in self._visits:
            self.visit_combo.addItem(visit_label(v, self._institutions, lang), v.id)
        self.visit_form = VisitForm(services.registry, lang, self, show_institution=False)
        self.visit_stack = _ShownPageStack(self)
        self.visit_stack.addWidget(QWidget(self))
        holder = QWidget(self)
        vbox(holder, self.visit_combo, None, margins=False)
        self.visit_stack.addWidget(holder)
        self.visit_stack.addWidget(self.visit_form)
        self.visit_error = InlineError(self)
        vbox(self.visit_box, hbox(self.visit_none, self.visit_existing, self.visit_new, None),
             self.visit_stack, self.visit_error)

        self.error = InlineError(self)
        buttons, self.ok_button = dialog_buttons(self, _("Mulai penilaian"))
        head = QFormLayout()
        head.addRow(_("&Templat"), self.template)
        head.addRow("", self.template_hint)
        # the form scrolls where the screen is too small for it (a new visit's fields at
        # 683x400: 1024x600 at 150 %) instead of crushing them into each other
        body = QWidget(self)
        vbox(body, head, self.subject_box, (self.visit_box, 1), margins=False)
        body.setMinimumWidth(body.minimumSizeHint().width())  # scrolled down, not sideways
        self.body_area = scrolled_body(self, body, self.error, buttons,
                                       minimum=QSize(560, 420))

        self.template.currentIndexChanged.connect(self._on_template_changed)
        self._visit_mode.idToggled.connect(self._on_visit_mode)
        self.subject_new.clicked.connect(self._add_subject)
        self.subject_edit.clicked.connect(self._edit_subject)
        # the subject is what the user SELECTED: Qt makes row 1 current when the list merely
        # gets the focus, which must never count as a choice
        self.subject_list.itemSelectionChanged.connect(self._on_subject_changed)
        self.subject_list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.visit_combo.currentIndexChanged.connect(lambda _i: self.visit_error.clear_error())

        if template_code:
            self.select_template(template_code)
        # no visit until the subject says which (a visit of another institution carried its
        # letter number and dates into the answers); a batch form gets one (below)
        self.visit_none.setChecked(True)
        self._on_template_changed()
        # room for a new visit's fields too where the screen has it (the body scrolls where
        # it has not)
        fit_to_screen(self, QSize(760, 720), QSize(560, 420))
        for before, after in itertools.pairwise((
                self.template, self.subject_search, self.subject_list, self.subject_new,
                self.subject_edit, self.visit_none)):
            self.setTabOrder(before, after)

    # ------------------------------------------------------------ templates

    def _fill_templates(self) -> None:
        rows = self.services.templates.latest()
        groups = (("institutional", _("Kelembagaan")),
                  ("competency", _("Kompetensi (BNSP)")))
        bold = QFont()
        bold.setBold(True)
        for kind, heading in groups:
            members = [r for r in rows if r.kind == kind]
            if not members:
                continue
            head = QStandardItem(heading)
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            head.setFont(bold)
            self._template_model.appendRow(head)
            for r in members:
                item = QStandardItem(f"    {template_title(r, self.lang)}  ({r.code})")
                item.setData(r.code, Qt.ItemDataRole.UserRole)
                item.setData(r, TEMPLATE_ROLE)
                item.setToolTip(f"{r.code} · {r.version}")
                self._template_model.appendRow(item)
        for i in range(self._template_model.rowCount()):
            if self._template_model.item(i).isEnabled():
                self.template.setCurrentIndex(i)
                break

    def select_template(self, code: str) -> bool:
        index = self.template.findData(code)
        if index >= 0:
            self.template.setCurrentIndex(index)
        return index >= 0

    def current_template(self) -> TemplateInfo | None:
        item = self._template_model.item(self.template.currentIndex())
        row = item.data(TEMPLATE_ROLE) if item is not None else None
        return row if isinstance(row, TemplateInfo) else None

    def _on_template_changed(self, _index: int = -1) -> None:
        row = self.current_template()
        subject = row.subject if row else "institution"
        self.template_hint.setText(
            {"institution": _("Penilaian kelembagaan: pilih LPK/BLK yang dinilai."),
             "assessee": _("Penilaian kompetensi: pilih asesi yang dinilai."),
             "visit": _("Formulir per angkatan: dibuat untuk satu kunjungan (pilih atau "
                        "buat kunjungan di bawah).")}.get(subject, ""))
        self.subject_box.setVisible(subject != "visit")
        self.subject_box.setTitle(_("Lembaga yang dinilai") if subject == "institution"
                                  else _("Asesi"))
        self.subject_new.setText(_("Lembaga baru…") if subject == "institution"
                                 else _("Asesi baru…"))
        self.visit_none.setEnabled(subject != "visit")
        if subject == "visit" and self.visit_none.isChecked():
            (self.visit_existing if self._visits else self.visit_new).setChecked(True)
        self.subject_error.clear_error()
        self._fill_subjects(self.subject_search.text())

    # ------------------------------------------------------------ subjects

    @property
    def subject_kind(self) -> str:
        row = self.current_template()
        return row.subject if row else "institution"

    def _fill_subjects(self, search: str = "", select_id: str | None = None) -> None:
        current = select_id or self.subject_id()
        self.subject_list.clear()
        reg = self.services.registry
        if self.subject_kind == "institution":
            for inst in reg.institutions(search):
                where = ", ".join(x for x in (inst.city, inst.province) if x)
                item = QListWidgetItem(inst.name + (f" — {where}" if where else ""),
                                       self.subject_list)
                item.setData(Qt.ItemDataRole.UserRole, inst.id)
        elif self.subject_kind == "assessee":
            for person in reg.assessees(search):
                extra = [mask_nik(person.nik)] if person.nik else []
                if person.institution_id:
                    extra.append(self._institutions.get(person.institution_id, ""))
                text = person.name + (f" — {' · '.join(e for e in extra if e)}" if extra else "")
                item = QListWidgetItem(text, self.subject_list)
                item.setData(Qt.ItemDataRole.UserRole, person.id)
        if current:
            self.select_subject(current)
        if self.subject_id() is None and self.subject_list.count() == 1:
            self.subject_list.setCurrentRow(0)
        self.subject_edit.setEnabled(self.subject_id() is not None)

    def select_subject(self, subject_id: str) -> bool:
        return select_value(self.subject_list, subject_id)

    def subject_id(self) -> str | None:
        items = self.subject_list.selectedItems()
        return str(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _on_subject_changed(self, *_args: object) -> None:
        sid = self.subject_id()
        self.subject_edit.setEnabled(sid is not None)
        if sid is not None:
            self.subject_error.clear_error()
        if sid is None:
            self.subject_note.clear()
            return
        reg = self.services.registry
        if self.subject_kind == "institution":
            inst = reg.institution(sid)
            self.visit_form.set_place(inst.city)
            self.subject_note.setText(_("Kepala: {head}").format(head=inst.head_name)
                                      if inst.head_name else "")
            self._prefer_visit_of(sid)
        else:
            person = reg.assessee(sid)
            self.subject_note.clear()
            if person.institution_id:
                self._prefer_visit_of(person.institution_id)

    def _prefer_visit_of(self, institution_id: str) -> None:
        """The newest visit of the subject's institution, when it has one; never another
        institution's: a chosen visit of another institution gives way to "Tanpa
        kunjungan"."""
        for i, v in enumerate(self._visits):
            if v.institution_id == institution_id:
                self.visit_existing.setChecked(True)
                self.visit_combo.setCurrentIndex(i)
                return
        index = self.visit_combo.currentIndex()
        chosen = self._visits[index] if 0 <= index < len(self._visits) else None
        if self.visit_existing.isChecked() and self.visit_none.isEnabled() and \
                chosen is not None and chosen.institution_id not in (None, institution_id):
            self.visit_none.setChecked(True)

    def _open_subject_dialog(self, sid: str | None,
                             on_saved: Callable[[object], object]) -> None:
        """The institution or assessee dialog: a new subject (``sid`` None) or that one."""
        reg = self.services.registry
        dialog: InstitutionDialog | AssesseeDialog
        if self.subject_kind == "institution":
            dialog = InstitutionDialog(reg, reg.institution(sid) if sid else None, self.lang,
                                       self)
        else:
            dialog = AssesseeDialog(reg, reg.assessee(sid) if sid else None, self.lang, self)
        self.subject_dialog = open_dialog(dialog, lambda: on_saved(dialog.saved))

    def _add_subject(self) -> None:
        self._open_subject_dialog(None, self._subject_added)

    def _subject_added(self, saved: object) -> None:
        if saved is None:
            return
        self._institutions = {i.id: i.name for i in self.services.registry.institutions()}
        self.subject_search.blockSignals(True)
        self.subject_search.clear()
        self.subject_search.blockSignals(False)
        self._fill_subjects("", select_id=str(getattr(saved, "id", "")))

    def _edit_subject(self) -> None:
        sid = self.subject_id()
        if sid is not None:
            self._open_subject_dialog(sid, lambda _saved: self._fill_subjects(
                self.subject_search.text(), select_id=sid))

    # ------------------------------------------------------------ visit

    def _on_visit_mode(self, button_id: int, checked: bool) -> None:
        if checked:
            self.visit_stack.setCurrentIndex(button_id)
            self.visit_error.clear_error()
            if button_id:  # its fields in sight: the dialog grows as far as the screen
                grow_to_body(self, self.body_area)  # lets it, then the body scrolls
                self.body_area.ensureWidgetVisible(self.visit_stack)

    def use_new_visit(self) -> VisitForm:
        self.visit_new.setChecked(True)
        return self.visit_form

    def use_existing_visit(self, visit_id: str) -> bool:
        index = self.visit_combo.findData(visit_id)
        if index < 0:
            return False
        self.visit_existing.setChecked(True)
        self.visit_combo.setCurrentIndex(index)
        return True

    # ------------------------------------------------------------ accept

    def accept(self) -> None:
        row = self.current_template()
        if row is None:
            self.error.show_error(_("Pilih templat terlebih dahulu."))
            return
        subject = self.subject_kind
        sid = self.subject_id() if subject != "visit" else None
        if subject != "visit" and sid is None:
            self.subject_error.show_error(
                _("Pilih lembaga yang dinilai.") if subject == "institution"
                else _("Pilih asesi yang dinilai."))
            self.subject_list.setFocus()
            return
        mode = self._visit_mode.checkedId()
        if mode == 1 and self.visit_combo.currentIndex() < 0:
            self.visit_error.show_error(_("Belum ada kunjungan; buat kunjungan baru."))
            return
        if mode == 2 and not self.visit_form.validate():
            return
        reg = self.services.registry
        institution_id = sid if subject == "institution" else None
        assessee_id = sid if subject == "assessee" else None
        if mode == 2:
            inst_for_visit = institution_id
            if inst_for_visit is None and assessee_id is not None:
                inst_for_visit = reg.assessee(assessee_id).institution_id
            self.setEnabled(False)  # no second click while the visit is stored
            (self.op(self.visit_form.create_visit(inst_for_visit))
             .changes(VISITS)
             .success(lambda visit: self._visit_made(visit, institution_id, assessee_id))
             .failure(self._visit_refused)
             .run())
            return
        visit_id = str(self.visit_combo.currentData()) if mode == 1 else None
        self._create(institution_id, assessee_id, visit_id)

    def _visit_made(self, visit: Visit, institution_id: str | None,
                    assessee_id: str | None) -> None:
        """The visit exists now: a retry after an error must not create it twice."""
        self.setEnabled(True)
        self._visits.insert(0, visit)
        self.visit_combo.insertItem(0, visit_label(visit, self._institutions, self.lang),
                                    visit.id)
        self.use_existing_visit(visit.id)
        self._create(institution_id, assessee_id, visit.id)

    def _visit_refused(self, exc: BaseException) -> None:
        self.setEnabled(True)
        self.show_failure(exc, self.error)

    def _create(self, institution_id: str | None, assessee_id: str | None,
                visit_id: str | None) -> None:
        template = self.current_template()
        assert template is not None
        write_then_accept(self, functools.partial(
            self.services.assessments.create, template.code, institution_id=institution_id,
            assessee_id=assessee_id, visit_id=visit_id),
            lambda row: setattr(self, "created", row), self.error, self.lang,
            changes=[ASSESSMENTS])


__all__ = ["NewAssessmentDialog", "QModelIndex"]
