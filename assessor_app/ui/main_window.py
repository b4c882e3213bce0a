"""The main window: a sidebar (Kunjungan, Penilaian, Lembaga, Asesi, Templat) over stacked
pages, menus with shortcuts, a status bar. Assessments open in their own windows."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME, __version__
from assessor_app.core.errors import AppError
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.settings import AppSettings, load_profile
from assessor_app.ui.tasks import Op
from assessor_app.ui.views.assessment_window import AssessmentWindow
from assessor_app.ui.views.assessments_page import AssessmentsPage
from assessor_app.ui.views.new_assessment import NewAssessmentDialog
from assessor_app.ui.views.registry_pages import (
    AssesseesPage,
    InstitutionsPage,
    TemplatesPage,
    VisitsPage,
)
from assessor_app.ui.views.settings_dialog import SettingsDialog
from assessor_app.ui.views.signing import RevisionHistoryDialog
from assessor_app.ui.views.startup import RecoveryDialog

log = logging.getLogger(__name__)

PAGE_VISITS, PAGE_ASSESSMENTS, PAGE_INSTITUTIONS, PAGE_ASSESSEES, PAGE_TEMPLATES = range(5)


class MainWindow(QMainWindow):
    GEOMETRY_KEY = "main"

    def __init__(self, services: Services, lang: str = "id", parent: Any = None, *,
                 settings: AppSettings | None = None, executor: Any = None) -> None:
        super().__init__(parent)
        self.services = services
        self.lang = lang
        self.settings = settings or AppSettings(services.paths.settings_path)
        self.executor = executor
        self.windows: dict[str, AssessmentWindow] = {}
        self.setWindowTitle(f"{APP_DISPLAY_NAME} {__version__}")

        self.visits_page = VisitsPage(services, lang, self)
        self.assessments_page = AssessmentsPage(services, lang, self)
        self.institutions_page = InstitutionsPage(services, lang, self)
        self.assessees_page = AssesseesPage(services, lang, self)
        self.templates_page = TemplatesPage(services, lang, self)
        # Many answers per minute in an open editor: refresh the list once after a pause.
        self._list_refresh = QTimer(self)
        self._list_refresh.setSingleShot(True)
        self._list_refresh.setInterval(400)
        self._list_refresh.timeout.connect(lambda: self.assessments_page.refresh())
        self.pages = QStackedWidget(self)
        for page in (self.visits_page, self.assessments_page, self.institutions_page,
                     self.assessees_page, self.templates_page):
            self.pages.addWidget(page)

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(self.tr("Navigasi"))
        self.sidebar.setFixedWidth(190)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_names = [self.tr("Kunjungan"), self.tr("Penilaian"), self.tr("Lembaga"),
                           self.tr("Asesi"), self.tr("Templat")]
        for n, name in enumerate(self.page_names):
            item = QListWidgetItem(name, self.sidebar)
            item.setToolTip(f"{name} (Ctrl+{n + 1})")
            item.setSizeHint(QSize(180, 40))
        self.sidebar.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.sidebar.currentRowChanged.connect(self._on_page_changed)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status_bar()
        self._connect_pages()
        self.show_page(PAGE_ASSESSMENTS)
        self._restore_geometry()

    # ------------------------------------------------------------ compatibility

    @property
    def model(self) -> Any:
        return self.assessments_page.model

    @property
    def search(self) -> Any:
        return self.assessments_page.search

    @property
    def status_filter(self) -> Any:
        return self.assessments_page.status_filter

    @property
    def count_label(self) -> QLabel:
        return self.assessments_page.count_label

    @property
    def table(self) -> Any:
        return self.assessments_page.table

    def apply_filter(self) -> None:
        self.assessments_page.apply_filter()

    # ------------------------------------------------------------ building

    def _action(self, text: str, slot: Any, shortcut: Any = None, tip: str | None = None
                ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a(self.tr("&Penilaian baru…"), self.new_assessment,
                            QKeySequence.StandardKey.New,
                            self.tr("Mulai penilaian dari templat"))
        self.new_institution_action = a(self.tr("&Lembaga baru…"),
                                        lambda: self.institutions_page.add())
        self.new_assessee_action = a(self.tr("&Asesi baru…"), lambda: self.assessees_page.add())
        self.new_visit_action = a(self.tr("&Kunjungan baru…"), lambda: self.visits_page.add())
        self.backup_action = a(self.tr("&Cadangkan sekarang"), self.backup_now,
                               tip=self.tr("Buat cadangan basis data yang terverifikasi"))
        self.settings_action = a(self.tr("Pen&gaturan…"), self.open_settings, "Ctrl+,")
        self.quit_action = a(self.tr("&Keluar"), self.close, "Ctrl+Q")
        self.open_action = a(self.tr("&Buka penilaian"), self.open_selected, "Ctrl+O")
        self.history_action = a(self.tr("&Riwayat revisi…"), self.history_of_selected,
                                "Ctrl+H")
        self.refresh_action = a(self.tr("&Segarkan"), self.refresh_all,
                                QKeySequence.StandardKey.Refresh)
        self.find_action = a(self.tr("&Cari"), self.focus_search, QKeySequence.StandardKey.Find)
        self.about_action = a(self.tr("&Tentang {app}").format(app=APP_DISPLAY_NAME),
                              self.about)
        self.page_actions = []
        for n, name in enumerate(self.page_names):
            action = a(name, lambda n=n: self.show_page(n), f"Ctrl+{n + 1}")
            self.page_actions.append(action)

        menu = self.menuBar()
        file_menu = menu.addMenu(self.tr("&Berkas"))
        for action in (self.new_action, self.new_visit_action, self.new_institution_action,
                       self.new_assessee_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.backup_action)
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)
        assess_menu = menu.addMenu(self.tr("Pe&nilaian"))
        for action in (self.open_action, self.history_action):
            assess_menu.addAction(action)
        view_menu = menu.addMenu(self.tr("&Tampilan"))
        for action in self.page_actions:
            view_menu.addAction(action)
        view_menu.addSeparator()
        view_menu.addAction(self.find_action)
        view_menu.addAction(self.refresh_action)
        help_menu = menu.addMenu(self.tr("Ba&ntuan"))
        help_menu.addAction(self.about_action)

        tools = self.addToolBar(self.tr("Alat"))
        tools.setObjectName("mainTools")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.open_action, self.refresh_action):
            tools.addAction(action)
        tools.addSeparator()
        tools.addAction(self.backup_action)
        tools.addAction(self.settings_action)

    def _build_status_bar(self) -> None:
        self.profile_label = QLabel(self)
        self.data_label = QLabel(self)
        self.data_label.setText(self.tr("Data: {path}").format(path=self.services.paths.data_dir))
        self.data_label.setToolTip(str(self.services.paths.db_path))
        self.statusBar().addWidget(self.profile_label)
        self.statusBar().addPermanentWidget(self.data_label)
        if self.services.store.startup.read_only:
            ro = QLabel(self.tr("HANYA-BACA: folder data tidak dapat ditulis"), self)
            ro.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.statusBar().addPermanentWidget(ro)
        self._update_profile()

    def _update_profile(self) -> None:
        profile = load_profile(self.services.registry)
        if profile.name:
            reg = f" · No. Reg. {profile.registration_no}" if profile.registration_no else ""
            self.profile_label.setText(self.tr("Asesor: {name}").format(
                name=profile.display_name) + reg)
        else:
            self.profile_label.setText(self.tr("Profil asesor belum diisi (Berkas → "
                                               "Pengaturan)"))

    def _connect_pages(self) -> None:
        self.assessments_page.open_requested.connect(self.open_assessment)
        self.assessments_page.new_requested.connect(self.new_assessment)
        self.visits_page.new_assessment_for.connect(
            lambda vid: self.new_assessment(visit_id=vid))
        self.templates_page.new_assessment_with.connect(
            lambda code: self.new_assessment(template_code=code))
        self.institutions_page.show_assessments.connect(self._show_institution_assessments)
        for page in (self.institutions_page, self.assessees_page, self.visits_page):
            page.changed.connect(self._on_registry_changed)

    # ------------------------------------------------------------ navigation

    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def _on_page_changed(self, index: int) -> None:
        page = self.pages.widget(index)
        search = getattr(page, "search", None)
        focus = search if search is not None else getattr(page, "table", None)
        if focus is not None and self.isVisible():
            focus.setFocus()

    def focus_search(self) -> None:
        page = self.pages.currentWidget()
        search = getattr(page, "search", None)
        if search is not None:
            search.setFocus()
            search.selectAll()

    def _show_institution_assessments(self, institution_id: str) -> None:
        self.assessments_page.filter_institution(institution_id)
        self.show_page(PAGE_ASSESSMENTS)

    def _on_registry_changed(self) -> None:
        self.assessments_page.refresh_choices()
        self.visits_page.refresh()
        self.assessees_page.refresh()
        self.institutions_page.refresh()

    def refresh_all(self) -> None:
        self._on_registry_changed()
        self.templates_page.refresh()
        self.assessments_page.refresh()
        self._update_profile()

    # ------------------------------------------------------------ assessments

    def new_assessment(self, template_code: str | None = None, visit_id: str | None = None
                       ) -> NewAssessmentDialog:
        dialog = NewAssessmentDialog(self.services, self.lang, self, template_code)
        if visit_id:
            dialog.use_existing_visit(visit_id)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_assessment_created(dialog.created))
        dialog.open()
        return dialog

    def _on_assessment_created(self, created: Any) -> None:
        if created is None:
            return
        self._on_registry_changed()
        self.show_page(PAGE_ASSESSMENTS)
        self.assessments_page.reset_filters()
        self.assessments_page.select_revision(created.id)
        self.open_assessment(created.id)

    def open_assessment(self, revision_id: str) -> AssessmentWindow | None:
        try:
            row = self.services.assessments.resolve(revision_id)
        except AppError as exc:
            show_error(self, exc, self.lang)
            return None
        window = self.windows.get(row.assessment_id)
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
        window = AssessmentWindow(self.services, row.id, self.lang, self.settings,
                                  self.executor)
        self.windows[row.assessment_id] = window
        window.changed.connect(lambda _rid: self._list_refresh.start())
        window.destroyed.connect(lambda _o=None, key=row.assessment_id:
                                 self.windows.pop(key, None))
        window.show()
        return window

    def open_selected(self) -> None:
        rid = self.assessments_page.current_revision_id()
        if rid is not None:
            self.open_assessment(rid)

    def history_of_selected(self) -> RevisionHistoryDialog | None:
        rid = self.assessments_page.current_revision_id()
        if rid is None:
            return None
        dialog = RevisionHistoryDialog(self.services, rid, self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_recovery(self, recovered: list[Any]) -> RecoveryDialog:
        dialog = RecoveryDialog(recovered, self.services.templates, self.lang, self)
        dialog.open_requested.connect(self.open_assessment)
        dialog.open()
        return dialog

    # ------------------------------------------------------------ other actions

    def open_settings(self) -> SettingsDialog:
        dialog = SettingsDialog(self.services, self.settings, self.lang, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_settings_saved(dialog.language_changed))
        dialog.open()
        return dialog

    def _on_settings_saved(self, language_changed: bool) -> None:
        self._update_profile()
        if language_changed:
            self.statusBar().showMessage(self.tr(
                "Bahasa disimpan; berlaku setelah aplikasi dibuka ulang."), 8000)

    def backup_now(self) -> None:
        self.backup_action.setEnabled(False)
        (Op(self, lambda: self.services.maintenance.backup(reason="manual"),
            executor=self.executor, lang=self.lang)
         .success(lambda path: self.statusBar().showMessage(
             self.tr("Cadangan dibuat: {name}").format(name=path.name), 8000))
         .finished(lambda: self.backup_action.setEnabled(True))
         .with_progress(self.tr("Membuat cadangan terverifikasi…"))
         .run())

    def about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Tentang {app}").format(app=APP_DISPLAY_NAME))
        box.setText(self.tr("<b>{app} {version}</b><br>Perangkat penilaian lapangan luring "
                            "untuk asesmen kelembagaan BLK/LPK dan asesmen kompetensi BNSP."
                            "<br><br>Data: {path}").format(
            app=APP_DISPLAY_NAME, version=__version__, path=self.services.paths.data_dir))
        box.addButton(self.tr("Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ------------------------------------------------------------ geometry

    def _restore_geometry(self) -> None:
        geometry = self.settings.geometry(self.GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1240, 760)
        state = self.settings.state(self.GEOMETRY_KEY)
        if state is not None:
            self.restoreState(state)

    def save_window_state(self) -> None:
        self.settings.set_geometry(self.GEOMETRY_KEY, self.saveGeometry())
        self.settings.set_state(self.GEOMETRY_KEY, self.saveState())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Only window geometry is saved here: every answer is already committed.
        for window in list(self.windows.values()):
            if not window.close():  # an editor with a failed save keeps its window
                event.ignore()
                return
        self.save_window_state()
        super().closeEvent(event)
