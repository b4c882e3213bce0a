"""The main window: a sidebar (Kunjungan, Penilaian, Lembaga, Asesi, Templat) over stacked
pages, menus with shortcuts, a status bar. Assessments open in their own windows.

Sync by file (issue 5): the "Kirim" menu sends results to the office and imports its
receipts and assignment packs. "Mode kantor" (a setting) adds the office pages to the
sidebar under a "Kantor" heading (Impor bundel, Konflik, Tinjauan, Dasbor, Perangkat), the
"Kantor" menu, and a review column in the assessment list. The office pages are built on
first use.

Refreshing: no page tells another to refresh. Every write announces what it changed on the
store-change bus (``ui/tasks.py``); each page watches the topics it shows and refreshes
itself; the window watches the profile, the settings and the review column."""

from __future__ import annotations

import functools
import linecache
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence
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
from assessor_app.i18n import _, pgettext
from assessor_app.ui import geometry as screen_geometry
from assessor_app.ui.errors import show_error
from assessor_app.ui.geometry import restore_or_fit
from assessor_app.ui.idle_lock import IdleLock
from assessor_app.ui.settings import AppSettings, load_profile
from assessor_app.ui.tasks import REGISTRY, REVIEWS, SETTINGS, Op, StoreWatch
from assessor_app.ui.views.common import add_actions, make_action, open_dialog

if TYPE_CHECKING:
    # What the window builds once the store is open, or when asked: imported there, so the
    # window shows before the database, report and sync libraries load.
    from assessor_app.services.runtime import Services
    from assessor_app.ui.sync.field import FieldSync
    from assessor_app.ui.views.assessment_window import AssessmentWindow
    from assessor_app.ui.views.assessments_page import AssessmentsPage
    from assessor_app.ui.views.event_view import EventWindow
    from assessor_app.ui.views.new_assessment import NewAssessmentDialog
    from assessor_app.ui.views.registry_pages import (
        AssesseesPage,
        InstitutionsPage,
        TemplatesPage,
        VisitsPage,
    )
    from assessor_app.ui.views.reports import PageReports
    from assessor_app.ui.views.settings_dialog import SettingsDialog
    from assessor_app.ui.views.signing import RevisionHistoryDialog
    from assessor_app.ui.views.startup import RecoveryDialog

log = logging.getLogger(__name__)

PAGE_VISITS, PAGE_ASSESSMENTS, PAGE_INSTITUTIONS, PAGE_ASSESSEES, PAGE_TEMPLATES = range(5)
# Office pages (office mode), by name; Ctrl+6 ... Ctrl+0 in this order.
OFFICE_PAGES = ("import", "conflicts", "review", "dashboard", "devices")
# The width of the office's review column at the end of the assessment list (the others:
# views.assessments_page.column_widths).
REVIEW_COLUMN_WIDTH = 150


class _SourcesNotKept(dict):  # type: ignore[type-arg]
    """``linecache.cache`` that does not keep the lines it read from a file on disk."""

    def __setitem__(self, name: str, entry: tuple[Any, ...]) -> None:
        if len(entry) == 4 and entry[1] is not None:  # read from a file (mtime known)
            return  # the caller has the lines; the next reader reads the file again
        super().__setitem__(name, entry)


def keep_no_module_sources() -> None:
    """From now on ``linecache`` keeps no source lines read from files (once per process).

    PySide6 looks at the source of every module imported after it (its ``__feature__``
    import hook calls ``inspect.getsource`` to see whether the module uses PySide6), and
    ``linecache`` would keep every line it read: about 25 MB for the database libraries
    and the services opening the store imports, which nothing reads again (a traceback
    reads the lines it shows anew). Dropping them afterwards is too late for the peak,
    and the freed memory stays fragmented. Entries without a file on disk (code generated
    at run time, registered with ``mtime`` None) are kept."""
    if not isinstance(linecache.cache, _SourcesNotKept):
        kept = {name: entry for name, entry in linecache.cache.items()
                if not (len(entry) == 4 and entry[1] is not None)}
        linecache.cache = _SourcesNotKept(kept)


#: A window that is never exposed (started minimised, on another desktop) gets no paint:
#: what waits for it runs after this long anyway.
PAINT_WAIT_MS = 500


def after_next_paint(window: QWidget, then: Callable[[], object]) -> None:
    """Call ``then()`` once, on the turn of the event loop after ``window`` next painted
    (a window not shown yet: after it was shown and painted), or after
    :data:`PAINT_WAIT_MS` at the latest: what the picture does not need waits until the
    user has it."""
    _AfterPaint(window, then)


class _AfterPaint(QObject):
    """See :func:`after_next_paint`. A paint is the widget's update request or its
    platform window's expose or paint event; the call is queued from there, so it runs
    once that event has been handled."""

    def __init__(self, window: QWidget, then: Callable[[], object]) -> None:
        super().__init__(window)
        self._then: Callable[[], object] | None = then
        # No Python reference to the window (it is this object's parent): one would make a
        # cycle (the window's wrapper keeps its child's), so a dropped window would live on
        # until the garbage collector destroyed it at an arbitrary moment, even in the
        # middle of Qt's event delivery: a segfault seen in tests.
        self._handle: QObject | None = None
        window.installEventFilter(self)
        self._watch_handle()
        if window.isVisible():
            window.update()  # painted already: paint again, then call
        # the fallback as a child timer (not a functor singleShot with this object as its
        # context): it is stopped and deleted with this object, nothing left queued
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self._fire)
        self._fallback.start(PAINT_WAIT_MS)

    def _window(self) -> QWidget:
        return cast(QWidget, self.parent())

    def _watch_handle(self) -> None:
        handle = self._window().windowHandle()
        if handle is not None and self._handle is None:
            self._handle = handle
            handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        window = self.parent()
        if not isinstance(window, QWidget):  # never reparented; a destructor's order aside
            return False
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._watch_handle()
        elif self._then is not None and (
                (watched is window and kind == QEvent.Type.UpdateRequest)
                or (watched is self._handle and kind in (QEvent.Type.Expose,
                                                         QEvent.Type.Paint)
                    and window.isVisible())):
            self._unwatch()
            self._fallback.start(0)  # the next turn of the event loop
        return False

    def _unwatch(self) -> None:
        self._window().removeEventFilter(self)
        if self._handle is not None:
            self._handle.removeEventFilter(self)
            self._handle = None

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return  # called already
        self._fallback.stop()
        self._unwatch()
        self.deleteLater()
        then()


class MainWindow(QMainWindow):
    """``MainWindow(services, ...)`` builds the whole window; ``MainWindow(None, ...,
    settings=...)`` only its frame (sidebar, menus, status bar: the start shows it before the
    store is open), and :meth:`attach` adds the pages once the services are there. The page
    shown first reads the store at once; the others after the window has painted it."""

    GEOMETRY_KEY = "main"

    services: Services
    visits_page: VisitsPage
    assessments_page: AssessmentsPage
    institutions_page: InstitutionsPage
    assessees_page: AssesseesPage
    templates_page: TemplatesPage
    field_sync: FieldSync
    page_reports: PageReports | None

    def __init__(self, services: Services | None, lang: str = "id", parent: Any = None, *,
                 settings: AppSettings | None = None, executor: Any = None) -> None:
        super().__init__(parent)
        keep_no_module_sources()  # before the store's libraries are imported
        if settings is None:
            if services is None:
                raise ValueError("a window without services needs its settings")
            settings = AppSettings(services.paths.settings_path)
        self.lang = lang
        self.settings = settings
        self.executor = executor
        self.windows: dict[str, AssessmentWindow] = {}
        self.event_windows: dict[str, EventWindow] = {}  # visit id -> Alur sertifikasi
        self.office_pages: dict[str, QWidget] = {}  # built when office mode is first on
        self.office_items: dict[str, QListWidgetItem] = {}
        self.office_header: QListWidgetItem | None = None
        self.review_model: Any = None  # the assessment list with a "Tinjauan" column
        self.attached = False  # the services are there and the pages built
        self.pages_loaded = False  # ... and every page has read the store once
        self.idle_lock: IdleLock | None = None  # an encrypted store's auto-lock (attach)
        self.setWindowTitle(f"{APP_DISPLAY_NAME} {__version__}")

        self.pages = QStackedWidget(self)
        self.opening_label = QLabel(_("Membuka data…"), self.pages)
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.opening_label.setObjectName("empty")
        self.pages.addWidget(self.opening_label)

        self.sidebar = QListWidget(self)
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName(_("Navigasi"))
        # narrower on a netbook (1024 px), so the lists keep their room
        narrow = screen_geometry.available_geometry(self).width() < 1200
        self.sidebar.setFixedWidth(160 if narrow else 190)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_names = [_("Kunjungan"), pgettext("MainWindow", "Penilaian"), pgettext("MainWindow", "Lembaga"),
                           pgettext("MainWindow", "Asesi"), pgettext("MainWindow", "Templat")]
        for n, name in enumerate(self.page_names):
            item = QListWidgetItem(name, self.sidebar)
            item.setToolTip(f"{name} (Ctrl+{n + 1})")
            item.setSizeHint(QSize(180, 40))
            item.setData(Qt.ItemDataRole.UserRole, n)  # index in the stack
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)

        central = QWidget(self)
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)

        self._build_actions()
        self._build_status_bar()
        self.sidebar.setCurrentRow(PAGE_ASSESSMENTS)
        self._restore_geometry()
        self._set_store_actions(False)
        if services is not None:
            self.attach(services)

    def attach(self, services: Services) -> None:
        """The store is open: build the pages. The assessment list reads its first rows
        now; the other pages read theirs once the window has painted the list."""
        from assessor_app.ui.sync.field import FieldSync
        from assessor_app.ui.views.assessments_page import AssessmentsPage
        from assessor_app.ui.views.registry_pages import (
            AssesseesPage,
            InstitutionsPage,
            TemplatesPage,
            VisitsPage,
        )

        assert not self.attached, "the window has its services already"
        self.services = services
        lang, executor = self.lang, self.executor
        self.visits_page = VisitsPage(services, lang, self, deferred=True)
        self.assessments_page = AssessmentsPage(services, lang, self)
        self.institutions_page = InstitutionsPage(services, lang, self, executor, deferred=True)
        self.assessees_page = AssesseesPage(services, lang, self, executor, deferred=True)
        self.templates_page = TemplatesPage(services, lang, self, executor, deferred=True)
        for page in (self.visits_page, self.assessments_page, self.institutions_page,
                     self.assessees_page, self.templates_page):
            self.pages.addWidget(page)
        # the list becomes the current page before the "opening" label goes (which puts
        # every page at its own index): no other page is shown, even for a moment
        self.pages.setCurrentWidget(self.assessments_page)
        self.pages.removeWidget(self.opening_label)
        self.opening_label.deleteLater()

        self.field_sync = FieldSync(services, lang, self, executor)
        self.store_watch = StoreWatch(self, (REGISTRY, REVIEWS, SETTINGS), self._on_store_changed)
        self._attach_status_bar()
        self._connect_pages()
        self.page_reports = None  # its buttons join the pages when they load
        self.attached = True
        self._set_store_actions(True)
        current = self.sidebar.currentRow()
        self._on_sidebar_row(current if current >= 0 else PAGE_ASSESSMENTS)
        if self.settings.office_mode:
            self.set_office_mode(True)
        # auto-lock after idle minutes (only an encrypted store has a passphrase to ask)
        self.idle_lock = IdleLock(
            self, services, self.settings.auto_lock_minutes, executor=executor,
            lang=lang) if services.store.encrypted else None
        after_next_paint(self, self.load_pages)

    def load_pages(self) -> None:
        """The pages not shown read the store, one per turn of the event loop (the window
        stays responsive), then the report buttons join the Templat and Kunjungan pages."""
        if not self.attached or self.pages_loaded:
            return
        waiting = [p for p in (self.visits_page, self.institutions_page, self.assessees_page,
                               self.templates_page) if not p.loaded]
        if waiting:
            waiting[0].ensure_loaded()
            QTimer.singleShot(0, self, self.load_pages)
            return
        if self.page_reports is None:
            from assessor_app.ui.views.reports import page_reports

            # Templat: "Cetak formulir kosong"; Kunjungan: "Laporan FR.AK.05"
            self.page_reports = page_reports(self)
        self.pages_loaded = True

    # ------------------------------------------------------------ building

    def _action(self, text: str, slot: Callable[[], object], shortcut: Any = None,
                tip: str | None = None) -> QAction:
        action = make_action(self, text, slot, shortcut, tip)
        self._window_actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._window_actions: list[QAction] = []
        a = self._action
        self.new_action = a(_("&Penilaian baru…"), self.new_assessment,
                            QKeySequence.StandardKey.New,
                            _("Mulai penilaian dari templat"))
        self.new_institution_action = a(_("&Lembaga baru…"),
                                        lambda: self.institutions_page.add())
        self.new_assessee_action = a(_("&Asesi baru…"), lambda: self.assessees_page.add())
        self.new_visit_action = a(_("&Kunjungan baru…"), lambda: self.visits_page.add())
        self.scheme_action = a(_("Impor &skema sertifikasi…"), self.import_scheme,
                               tip=_("Pasang skema sertifikasi dari berkas YAML atau XLSX; "
                                     "instrumen MUK-nya menjadi templat"))
        self.backup_action = a(_("&Cadangkan sekarang"), self.backup_now,
                               tip=_("Buat cadangan basis data yang terverifikasi"))
        self.settings_action = a(_("Pen&gaturan…"), self.open_settings, "Ctrl+,")
        self.pdp_action = a(_("&Data pribadi (PDP)…"), self.open_personal_data,
                            tip=_("Persetujuan, log audit, retensi dan catatan insiden "
                                  "data pribadi"))
        self.quit_action = a(_("&Keluar"), self.close, "Ctrl+Q")
        self.open_action = a(_("&Buka penilaian"), self.open_selected, "Ctrl+O")
        self.history_action = a(_("&Riwayat revisi…"), self.history_of_selected,
                                "Ctrl+H")
        self.refresh_action = a(_("&Segarkan"), self.refresh_all,
                                QKeySequence.StandardKey.Refresh)
        self.find_action = a(_("&Cari"), self.focus_search, QKeySequence.StandardKey.Find)
        self.verify_action = a(_("Periksa &keaslian laporan…"), self.open_verify,
                               "Ctrl+Shift+V",
                               _("Periksa kode verifikasi dari kertas laporan atau "
                                 "berkas PDF-nya"))
        self.about_action = a(_("&Tentang {app}").format(app=APP_DISPLAY_NAME),
                              self.about)
        self.page_actions = []
        for n, name in enumerate(self.page_names):
            action = a(name, functools.partial(self.show_page, n), f"Ctrl+{n + 1}")
            self.page_actions.append(action)
        # sync by file, laptop side
        self.send_action = a(_("Kirim &hasil…"), self.send_results, "Ctrl+Shift+K",
                             _("Kirim penilaian final ke kantor (mis. lewat flashdisk)"))
        self.receipt_action = a(_("Impor &tanda terima…"),
                                lambda: self.field_sync.import_receipt(),
                                tip=_("Tandai penilaian yang sudah diterima kantor"))
        self.pack_action = a(_("Impor &paket tugas…"),
                             lambda: self.field_sync.import_pack(),
                             tip=_("Templat, lembaga, asesi dan kunjungan dari kantor"))
        self.identity_action = a(_("&Identitas perangkat…"), self.show_identity,
                                 tip=_("ID dan kunci publik laptop ini untuk didaftarkan "
                                       "di kantor"))
        # office mode
        self.office_action = QAction(_("Mode &kantor"), self)
        self.office_action.setCheckable(True)
        self.office_action.setStatusTip(_("Tampilkan halaman kantor: impor bundel, "
                                          "konflik, tinjauan, dasbor, perangkat"))
        self.office_action.toggled.connect(self.set_office_mode)
        self.office_import_action = a(_("&Impor bundel…"), self.import_bundles,
                                      "Ctrl+I")
        self.office_export_action = a(_("&Ekspor data…"), self.open_office_export,
                                      "Ctrl+E")
        self.review_action = a(_("&Tinjau penilaian terpilih…"), self.review_selected,
                               "Ctrl+Shift+T")
        self.office_page_names = {
            "import": _("Impor bundel"), "conflicts": _("Konflik"),
            "review": _("Tinjauan"), "dashboard": _("Dasbor"),
            "devices": _("Perangkat")}
        self.office_page_actions: dict[str, QAction] = {}
        for n, key in enumerate(OFFICE_PAGES):
            self.office_page_actions[key] = a(
                self.office_page_names[key], functools.partial(self.show_office_page, key),
                f"Ctrl+{(n + 6) % 10}")

        menu = self.menuBar()  # None: a separator
        add_actions(menu.addMenu(_("&Berkas")), self.new_action, self.new_visit_action,
                    self.new_institution_action, self.new_assessee_action, None,
                    self.scheme_action, None, self.backup_action, self.pdp_action,
                    self.settings_action, None, self.quit_action)
        add_actions(menu.addMenu(_("Pe&nilaian")), self.open_action, self.history_action, None,
                    self.verify_action)
        add_actions(menu.addMenu(_("&Tampilan")), *self.page_actions, None, self.find_action,
                    self.refresh_action, None, self.office_action)
        add_actions(menu.addMenu(_("&Kirim")), self.send_action, self.receipt_action,
                    self.pack_action, None, self.identity_action)
        self.office_menu = menu.addMenu(_("K&antor"))
        add_actions(self.office_menu, self.office_import_action, self.office_export_action,
                    self.review_action, self.verify_action, None,
                    *self.office_page_actions.values())
        self.office_menu.menuAction().setVisible(False)
        for action in self._office_actions():
            action.setEnabled(False)
        add_actions(menu.addMenu(_("Ba&ntuan")), self.about_action)

        tools = self.addToolBar(_("Alat"))
        tools.setObjectName("mainTools")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        add_actions(tools, self.new_action, self.open_action, self.refresh_action, None,
                    self.send_action, self.backup_action, self.settings_action)

    def _office_actions(self) -> list[QAction]:
        """What only office mode offers (off, and greyed out, without it)."""
        return [self.office_import_action, self.office_export_action, self.review_action,
                *self.office_page_actions.values()]

    def _build_status_bar(self) -> None:
        self.profile_label = QLabel(self)
        self.data_label = QLabel(self)
        self.office_label = QLabel(_("Mode kantor"), self)
        self.office_label.setStyleSheet("color: #1f3a5f; font-weight: 600; padding: 0 6px;")
        self.office_label.hide()
        self.statusBar().addWidget(self.profile_label)
        self.statusBar().addPermanentWidget(self.office_label)
        self.statusBar().addPermanentWidget(self.data_label)

    def _attach_status_bar(self) -> None:
        self.data_label.setText(_("Data: {path}").format(path=self.services.paths.data_dir))
        self.data_label.setToolTip(str(self.services.paths.db_path))
        if self.services.store.startup.read_only:
            ro = QLabel(_("HANYA-BACA: folder data tidak dapat ditulis"), self)
            ro.setStyleSheet("color: #b3261e; font-weight: bold;")
            self.statusBar().addPermanentWidget(ro)
        self._update_profile()

    def _set_store_actions(self, on: bool) -> None:
        """Before the store is open only Keluar and Tentang work (and the sidebar waits)."""
        keep = {self.quit_action, self.about_action, *self._office_actions()}
        for action in (*self._window_actions, self.office_action):
            if action not in keep:
                action.setEnabled(on)
        self.sidebar.setEnabled(on)

    def _update_profile(self) -> None:
        profile = load_profile(self.services.registry)
        if profile.name:
            reg = f" · No. Reg. {profile.registration_no}" if profile.registration_no else ""
            self.profile_label.setText(_("Asesor: {name}").format(
                name=profile.display_name) + reg)
        else:
            self.profile_label.setText(_("Profil asesor belum diisi (Berkas → "
                                         "Pengaturan)"))

    def _connect_pages(self) -> None:
        self.assessments_page.open_requested.connect(self.open_assessment)
        self.assessments_page.new_requested.connect(self.new_assessment)
        self.assessments_page.discard_requested.connect(self.discard_draft)
        self.visits_page.new_assessment_for.connect(
            lambda vid: self.new_assessment(visit_id=vid))
        self.visits_page.event_requested.connect(self.open_event)
        self.templates_page.new_assessment_with.connect(
            lambda code: self.new_assessment(template_code=code))
        self.institutions_page.show_assessments.connect(self._show_institution_assessments)

    # ------------------------------------------------------------ navigation

    def show_page(self, index: int) -> None:
        self.sidebar.setCurrentRow(index)

    def current_page(self) -> int:
        return self.pages.currentIndex()

    def _on_sidebar_row(self, row: int) -> None:
        item = self.sidebar.item(row)
        index = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if isinstance(index, int) and 0 <= index < self.pages.count():
            self.pages.setCurrentIndex(index)
            self._on_page_changed(index)

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

    def _on_store_changed(self, topics: frozenset[str]) -> None:
        """The window's own views of the store; every page refreshes itself."""
        if topics & {REGISTRY, SETTINGS}:
            self._update_profile()  # the profile is the own assessor in the registry
        if SETTINGS in topics and self.office_mode != self.settings.office_mode:
            # Settings -> "Mode kantor" is the setting the Tampilan menu toggles: apply it
            # the same way (pages, Kantor menu, review column, status bar)
            self.set_office_mode(bool(self.settings.office_mode))
        if REVIEWS in topics and self.review_model is not None:
            self.review_model.refresh_reviews()
        if SETTINGS in topics and self.idle_lock is not None:
            self.idle_lock.set_minutes(self.settings.auto_lock_minutes)

    def import_scheme(self) -> None:
        """Berkas → Impor skema sertifikasi…: on the Templat page, where the result shows."""
        self.show_page(PAGE_TEMPLATES)
        self.templates_page.import_scheme()

    def refresh_all(self) -> None:
        """Segarkan: every page and the window re-read what they show (another program or,
        at the office, a colleague may have changed the store)."""
        for watch in self.findChildren(StoreWatch):
            watch.refresh_all()

    # ------------------------------------------------------------ assessments

    def new_assessment(self, template_code: str | None = None, visit_id: str | None = None
                       ) -> NewAssessmentDialog:
        from assessor_app.ui.views.new_assessment import NewAssessmentDialog

        dialog = NewAssessmentDialog(self.services, self.lang, self, template_code)
        if visit_id:
            dialog.use_existing_visit(visit_id)
        return open_dialog(dialog, lambda: self._on_assessment_created(dialog.created))

    def _on_assessment_created(self, created: Any) -> None:
        if created is None:
            return
        self.show_page(PAGE_ASSESSMENTS)
        self.assessments_page.reset_filters()
        self.assessments_page.select_revision(created.id)
        self.open_assessment(created.id)

    def _resolve(self, revision_id: str) -> Any:
        """The assessment's current row, or None after showing why it cannot be found."""
        try:
            return self.services.assessments.resolve(revision_id)
        except AppError as exc:
            show_error(self, exc, self.lang)
            return None

    def open_assessment(self, revision_id: str) -> AssessmentWindow | None:
        row = self._resolve(revision_id)
        if row is None:
            return None
        window = self.windows.get(row.assessment_id)
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
        from assessor_app.ui.views.assessment_window import AssessmentWindow

        window = AssessmentWindow(self.services, row.id, self.lang, self.settings,
                                  self.executor)
        self.windows[row.assessment_id] = window
        window.destroyed.connect(lambda _o=None, key=row.assessment_id:
                                 self.windows.pop(key, None))
        window.show()
        return window

    def resume_assessment(self, revision_id: str, item: str = "", row: str = ""
                          ) -> AssessmentWindow | None:
        """Open an assessment where the assessor left it: at ``item`` once the editor has
        loaded (the recovery summary's "Buka")."""
        window = self.open_assessment(revision_id)
        editor = getattr(window, "editor", None) if window is not None else None
        if editor is None or not item:
            return window
        if getattr(editor, "template", None) is not None:
            editor.focus_item(item, row)
        else:
            editor.loaded.connect(lambda _rid: editor.focus_item(item, row))
        return window

    def open_event(self, visit_id: str) -> EventWindow:
        """Alur sertifikasi of a visit, in its own window (one per visit). Its records open
        in the editor windows of this window."""
        window = self.event_windows.get(visit_id)
        if window is not None:
            window.showNormal()
            window.raise_()
            window.activateWindow()
            return window
        from assessor_app.ui.views.event_view import EventWindow

        window = EventWindow(self.services, visit_id, self.lang, self.settings, self.executor)
        self.event_windows[visit_id] = window
        window.destroyed.connect(lambda _o=None, key=visit_id:
                                 self.event_windows.pop(key, None))
        window.view.open_requested.connect(self.open_assessment)
        window.view.batch_refilled.connect(self._reload_assessment)
        window.show()
        return window

    def _reload_assessment(self, revision_id: str) -> None:
        """A record changed outside its editor (FR.AK.05 refilled): an open editor shows it."""
        try:
            row = self.services.assessments.resolve(revision_id)
        except AppError as exc:
            show_error(self, exc, self.lang)
            return
        window = self.windows.get(row.assessment_id)
        if window is not None:
            window.reload()

    def discard_draft(self, revision_id: str) -> Any:
        """Hapus draf from the list: through its window when it is open (its queued
        answers go first), else straight after the question."""
        from assessor_app.ui.views.drafts import ask_discard

        row = self._resolve(revision_id)
        if row is None:
            return None
        window = self.windows.get(row.assessment_id)
        if window is not None:
            return window.discard_draft()
        self.confirm_box = ask_discard(self, self.services, row, self.lang,
                                       lambda _back: None, executor=self.executor)
        return self.confirm_box

    def open_selected(self) -> None:
        rid = self.assessments_page.current_revision_id()
        if rid is not None:
            self.open_assessment(rid)

    def history_of_selected(self) -> RevisionHistoryDialog | None:
        from assessor_app.ui.views.signing import RevisionHistoryDialog

        rid = self.assessments_page.current_revision_id()
        if rid is None:
            return None
        return open_dialog(RevisionHistoryDialog(self.services, rid, self.lang, self))

    def show_recovery(self, recovered: list[Any]) -> RecoveryDialog:
        from assessor_app.ui.views.startup import RecoveryDialog

        dialog = RecoveryDialog(recovered, self.services.templates, self.lang, self,
                                last_change=self.services.assessments.last_change)
        dialog.resume_requested.connect(self.resume_assessment)
        dialog.open()
        return dialog

    # ------------------------------------------------------------ sync (laptop)

    def send_results(self) -> Any:
        from assessor_app.ui.sync.send_dialog import SendResultsDialog

        return open_dialog(SendResultsDialog(self.services, self.lang, self, self.settings,
                                             self.executor))

    def open_verify(self) -> Any:
        """``Periksa keaslian laporan``: the paper-code check (laptop and office)."""
        from assessor_app.ui.views.verify_dialog import VerifyDialog

        return open_dialog(VerifyDialog(self.services, self.lang, self, self.executor))

    def show_identity(self) -> Any:
        from assessor_app.ui.sync.field import DeviceIdentityDialog

        return open_dialog(DeviceIdentityDialog(self.services, self.lang, self, self.executor))

    # ------------------------------------------------------------ office mode

    @property
    def office_mode(self) -> bool:
        return self.office_action.isChecked()

    def set_office_mode(self, on: bool) -> None:
        """Show or hide the office pages, menu and review column; remembered in settings."""
        if self.office_action.isChecked() != on:
            self.office_action.setChecked(on)  # comes back here through ``toggled``
            return
        if on:
            self._build_office_pages()
        if self.settings.office_mode != on:
            self.settings.office_mode = on
            self.settings.sync()
        if self.office_header is not None:
            self.office_header.setHidden(not on)
        for item in self.office_items.values():
            item.setHidden(not on)
        self.office_menu.menuAction().setVisible(on)
        for action in self._office_actions():
            action.setEnabled(on)
        self.office_label.setVisible(on)
        self._set_review_column(on)
        if not on and self.pages.currentWidget() in self.office_pages.values():
            self.show_page(PAGE_ASSESSMENTS)

    def _build_office_pages(self) -> None:
        if self.office_pages:
            return
        from assessor_app.ui.office.conflicts_page import ConflictsPage
        from assessor_app.ui.office.dashboard_page import DashboardPage
        from assessor_app.ui.office.devices_page import DevicesPage
        from assessor_app.ui.office.import_page import ImportPage
        from assessor_app.ui.office.review_page import ReviewPage

        svc, lang, ex = self.services, self.lang, self.executor
        self.import_page = ImportPage(svc, lang, self, self.settings, ex)
        self.conflicts_page = ConflictsPage(svc, lang, self, ex)
        self.review_page = ReviewPage(svc, lang, self, ex)
        self.dashboard_page = DashboardPage(svc, lang, self, ex)
        self.devices_page = DevicesPage(svc, lang, self, ex)
        self.office_pages = {"import": self.import_page, "conflicts": self.conflicts_page,
                             "review": self.review_page, "dashboard": self.dashboard_page,
                             "devices": self.devices_page}
        header = QListWidgetItem(_("KANTOR"), self.sidebar)
        header.setFlags(Qt.ItemFlag.NoItemFlags)
        header.setSizeHint(QSize(180, 30))
        header.setForeground(QColor("#f6c343"))
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        self.office_header = header
        for n, key in enumerate(OFFICE_PAGES):
            page = self.office_pages[key]
            self.pages.addWidget(page)
            item = QListWidgetItem(self.office_page_names[key], self.sidebar)
            item.setToolTip(f"{self.office_page_names[key]} (Ctrl+{(n + 6) % 10})")
            item.setSizeHint(QSize(180, 40))
            item.setData(Qt.ItemDataRole.UserRole, self.pages.indexOf(page))
            self.office_items[key] = item
        self.review_page.panel.opener = self.open_assessment
        self.import_page.conflicts_requested.connect(
            lambda: self.show_office_page("conflicts"))
        self.conflicts_page.open_count_changed.connect(self._update_office_badges)
        self.dashboard_page.export_requested.connect(
            lambda code: self.open_office_export(code or None))
        self.dashboard_page.institution_clicked.connect(self._show_institution_assessments)
        self._update_office_badges(self.conflicts_page.open_count())

    def show_office_page(self, key: str) -> QWidget | None:
        if not self.office_mode:
            self.set_office_mode(True)
        item = self.office_items.get(key)
        if item is None:
            return None
        self.sidebar.setCurrentItem(item)
        return self.office_pages[key]

    def _set_review_column(self, on: bool) -> None:
        from assessor_app.ui.models.assessment_list import SORT_FIELDS
        from assessor_app.ui.views.assessments_page import apply_column_widths

        table = self.assessments_page.table
        if on and self.review_model is None:
            from assessor_app.ui.office.models import ReviewColumnModel
            from assessor_app.ui.office.review_page import review_service

            reviews = review_service(self.services)
            self.review_model = ReviewColumnModel(self.assessments_page.model,
                                                  reviews.statuses, self)
        wanted = self.review_model if on else self.assessments_page.model
        if table.model() is wanted:
            return
        current = self.assessments_page.current_revision_id()
        table.setModel(wanted)
        header = table.horizontalHeader()
        apply_column_widths(table, self.lang, {col: REVIEW_COLUMN_WIDTH for col in range(
            self.assessments_page.model.columnCount(), wanted.columnCount())})
        flt = self.assessments_page.model.filter
        if flt.order_by in SORT_FIELDS:
            header.setSortIndicator(SORT_FIELDS.index(flt.order_by),
                                    Qt.SortOrder.DescendingOrder if flt.descending
                                    else Qt.SortOrder.AscendingOrder)
        if current:
            self.assessments_page.select_revision(current)

    def _update_office_badges(self, open_conflicts: int) -> None:
        item = self.office_items.get("conflicts")
        if item is None:
            return
        name = self.office_page_names["conflicts"]
        item.setText(f"{name} ({open_conflicts})" if open_conflicts else name)

    def import_bundles(self) -> None:
        if self.show_office_page("import") is not None:
            self.import_page.choose_files()

    def open_office_export(self, template_code: str | None = None) -> Any:
        from assessor_app.ui.office.export_dialog import OfficeExportDialog

        return open_dialog(OfficeExportDialog(self.services, self.lang, self, template_code,
                                              self.executor))

    def review_selected(self) -> Any:
        from assessor_app.ui.office.review_page import ReviewDialog

        rid = self.assessments_page.current_revision_id()
        if rid is None:
            self.statusBar().showMessage(_("Pilih penilaian di daftar terlebih dahulu."),
                                         5000)
            return None
        dialog = ReviewDialog(self.services, rid, self.lang, self, self.executor)
        dialog.panel.opener = self.open_assessment
        return open_dialog(dialog)

    # ------------------------------------------------------------ other actions

    def open_personal_data(self, tab: str = "consents") -> Any:
        """Data pribadi: consent register, audit log, retention, breach log."""
        from assessor_app.ui.views.pdp_dialog import PdpDialog

        return open_dialog(PdpDialog(self.services, self.lang, self, self.executor, tab))

    def open_settings(self) -> SettingsDialog:
        from assessor_app.ui.views.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.services, self.settings, self.lang, self)
        dialog.personal_data_requested.connect(lambda: self.open_personal_data("retention"))
        return open_dialog(dialog, lambda: self._on_settings_saved(dialog.language_changed))

    def _on_settings_saved(self, language_changed: bool) -> None:
        """The dialog's own outcome; what it stored reaches the window through the bus."""
        if language_changed:
            self.statusBar().showMessage(_(
                "Bahasa disimpan; berlaku setelah aplikasi dibuka ulang."), 8000)

    def backup_now(self) -> None:
        self.backup_action.setEnabled(False)
        (Op(self, lambda: self.services.maintenance.backup(reason="manual"),
            executor=self.executor, lang=self.lang)
         .success(lambda path: self.statusBar().showMessage(
             _("Cadangan dibuat: {name}").format(name=path.name), 8000))
         .finished(lambda: self.backup_action.setEnabled(True))
         .with_progress(_("Membuat cadangan terverifikasi…"))
         .run())

    def about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle(_("Tentang {app}").format(app=APP_DISPLAY_NAME))
        box.setText(_("<b>{app} {version}</b><br>Perangkat penilaian lapangan luring "
                      "untuk asesmen kelembagaan BLK/LPK dan asesmen kompetensi BNSP."
                      "<br><br>Data: {path}").format(
            app=APP_DISPLAY_NAME, version=__version__,
            path=self.services.paths.data_dir if self.attached else ""))
        box.addButton(_("Tutup"), QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # ------------------------------------------------------------ geometry

    def _restore_geometry(self) -> None:
        restore_or_fit(self, self.settings.geometry(self.GEOMETRY_KEY), QSize(1240, 760),
                       QSize(640, 420))
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
        for event_window in list(self.event_windows.values()):
            event_window.close()
        self.save_window_state()
        super().closeEvent(event)
