"""The assessment editor: renders any valid template and saves every change at once.

Layout: a top bar (form, subject, status, save indicator, Finalise), the red "BELUM
TERSIMPAN" banner and the read-only banner, then a splitter with the section navigator
(progress per section, "next unanswered"), the page of the current section (built on first
show), and the live score panel.

Data flow (ARCHITECTURE.md "dumb views"): widgets say what the user changed; a
:class:`~assessor_app.ui.editor.saving.SaveQueue` sends it to ``AssessmentService`` on the
database lane; after the write the worker builds a
:class:`~assessor_app.services.form_view.FormView`; the GUI thread diffs it against the
previous one and updates only the widgets whose state changed.

Language: the editor's own strings are Indonesian msgids of the message catalogue
(``_("...")``, :mod:`assessor_app.i18n`), translated at run time into the current
language. The ``lang`` argument chooses the template's texts (``Text.get(lang)``) and
number/date formats, and the caller keeps it equal to the catalogue's language (the app
does at start; tests that pass ``"en"`` switch the catalogue, see the ``english`` fixture).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSize,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QDesktopServices, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.display import display_line
from assessor_app.core.errors import AppError, InvalidValueError, StateError
from assessor_app.core.template import Item, ItemType, Section, Template
from assessor_app.formatting import (
    ReviewLine,
    answer_text,
    clock_time,
    item_caption,
    kuk_not_achieved_sections,
    outcome,
)
from assessor_app.i18n import _, pgettext
from assessor_app.services import media as media_mod
from assessor_app.services.assessments import Evidence, FinaliseError
from assessor_app.services.form_view import (
    HEADER,
    FormView,
    Key,
    TemplateIndex,
    changed_keys,
)
from assessor_app.services.runtime import Services
from assessor_app.ui.editor.camera import CameraDialog, Sources, capture_filename, system_cameras
from assessor_app.ui.editor.finalise import ContentReviewDialog, FinaliseDialog
from assessor_app.ui.editor.gallery import EvidenceGallery, PhotoViewer, evidence_lines
from assessor_app.ui.editor.items import ItemWidget, SignatureView
from assessor_app.ui.editor.navigator import (
    ROLE_SECTION,
    SectionNavigatorModel,
    WrappingDelegate,
    section_title,
)
from assessor_app.ui.editor.repeat import RepeatWidget
from assessor_app.ui.editor.saving import FAILED, SAVED, SAVING, SaveQueue, Write
from assessor_app.ui.editor.score import ScorePanel
from assessor_app.ui.editor.style import STYLE
from assessor_app.ui.errors import describe_error, show_error
from assessor_app.ui.tasks import ASSESSMENTS, Executor, Op, db_lane
from assessor_app.ui.views.common import FoldingTitle, add_parts, hbox, scroll_area
from assessor_app.vocabulary import review_label, status_label

log = logging.getLogger(__name__)

THUMB_EDGE = 240
FOCUS_FLASH_MS = 1200
CLOSE_WAIT_MS = 15_000
BUILD_BUDGET_MS = 40  # the longest the GUI thread spends building a page in one go
PREBUILD_DELAY_MS = 30  # pause between idle slices that build the pages not shown yet
UNDO_DEPTH = 50  # answers the editor can take back (Ctrl+Z, "Urungkan")
UNDO_TOAST_MS = 8000  # how long the "Urungkan" toast stays after an answer


@dataclass(frozen=True)
class UndoStep:
    """An answer the store saved, and the value it replaced (``""``: no answer before)."""

    item: str
    row: str
    previous: str
    typed: bool  # a debounced text: later saves of the same field join this step



def read_only_notice(status: str) -> str:
    """The read-only banner for a finalised, signed or locked revision ("" otherwise)."""
    notices = {
        "complete": _(
            "Penilaian ini sudah difinalisasi dan hanya dapat dibaca. "
            "Untuk mengubahnya, buat revisi."),
        "signed": _(
            "Penilaian ini sudah ditandatangani dan hanya dapat dibaca. "
            "Untuk mengubahnya, buat revisi."),
        "locked": _(
            "Penilaian ini sudah dikunci dan hanya dapat dibaca. "
            "Untuk mengubahnya, buat revisi."),
    }
    return notices.get(status, "")


# Seams for tests (no modal dialogs, no desktop launcher).
def pick_files(parent: QWidget) -> list[str]:
    title = _("Pilih bukti")
    file_filter = _(
        "Foto dan dokumen (*.jpg *.jpeg *.png *.pdf);;Semua berkas (*)")
    files, _ignored = QFileDialog.getOpenFileNames(parent, title, "", file_filter)
    return files


def confirm(parent: QWidget, text: str) -> bool:
    answer = QMessageBox.question(parent, parent.window().windowTitle(), text)
    return answer == QMessageBox.StandardButton.Yes


def open_url(path: Path) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


@dataclass
class Loaded:
    """Everything the editor needs to build itself (made on the database lane)."""

    template: Template
    index: TemplateIndex
    snapshot: FormView
    evidence: dict[Key, list[Evidence]]
    thumbs: dict[str, bytes]
    signatures: dict[str, bytes] = field(default_factory=dict)
    # the review loop (issue 12): made on another device (a field record at the office:
    # read only, never revised here), and the office's latest decision received on this
    # laptop (``services.feedback.OfficeDecision``)
    made_elsewhere: bool = False
    decision: Any = None
    timezone: str = "WIB"  # the visit's: when a photo was taken is shown in it


def _thumb(data: bytes) -> bytes | None:
    try:
        return media_mod.thumbnail(data, THUMB_EDGE)
    except AppError:
        return None


def _with_thumb(svc: Any, ev: Evidence) -> tuple[Evidence, bytes | None]:
    """Worker thread: a just attached file and its thumbnail (None for a PDF)."""
    thumb = _thumb(svc.media(ev.media_sha256).data) if ev.mime.startswith("image/") else None
    return ev, thumb


def _styled_frame(parent: QWidget, name: str) -> QFrame:
    """A frame the style sheet paints as ``#name``."""
    frame = QFrame(parent)
    frame.setObjectName(name)
    frame.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
    return frame


def _banner(parent: QWidget, name: str) -> tuple[QFrame, QLabel]:
    """A strip across the editor (style sheet ``#name``) and its wrapping message."""
    frame = _styled_frame(parent, name)
    label = QLabel("", frame)
    label.setWordWrap(True)
    return frame, label


def _banner_row(frame: QFrame, message: QWidget | QLayout, *buttons: QWidget,
                margin: int = 8) -> None:
    """Lays out a banner: the message takes the width, its buttons at the right; hidden
    until there is something to say."""
    row = QHBoxLayout(frame)
    row.setContentsMargins(16, margin, 16, margin)
    add_parts(row, (message, 1), *buttons)
    frame.setVisible(False)


# The splitter's navigator, page and "Hasil" panel, scaled to the editor's width.
PANEL_SIZES = (270, 700, 260)


class AssessmentEditor(QWidget):
    """Edits one assessment revision. Usable inside the main window or as a window."""

    assessment_saved = Signal(str)  # item name ("" for rows, evidence, notes of no item)
    save_failed = Signal(str)  # the reason, in the user's language
    save_state_changed = Signal(str)  # idle | saving | saved | failed
    finalised = Signal(str)  # revision id
    loaded = Signal(str)  # revision id
    load_failed = Signal(str)  # the reason, in the user's language
    page_built = Signal(str)  # a section page has all its widgets
    open_item_requested = Signal(str, str)  # item, row: a link asked to open an item
    revision_requested = Signal(str)  # revision id: the user pressed "Buat revisi"
    reopen_requested = Signal(str)  # revision id: "Buka kembali" (final, nobody signed)
    signature_requested = Signal(str, str, str)  # revision id, item, signer role

    #: Where "Ambil foto" takes its cameras from (QtMultimedia, imported on first use); a
    #: test sets a fake source here.
    camera_sources: Sources = staticmethod(system_cameras)

    def __init__(self, services: Services, revision_id: str, lang: str = "id",
                 executor: Executor | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.svc = services.assessments
        self.lang = "en" if lang == "en" else "id"
        self.executor: Executor = executor if executor is not None else db_lane()
        self.revision_id = revision_id
        self.template: Template | None = None
        self.index: TemplateIndex | None = None
        self.snapshot: FormView | None = None
        self.read_only = True
        self.evidence: dict[Key, list[Evidence]] = {}
        self.thumbs: dict[str, bytes] = {}
        self.timezone = "WIB"
        self.gallery: EvidenceGallery | None = None
        self.camera_dialog: CameraDialog | None = None
        self.photo_viewer: PhotoViewer | None = None
        self.signature_images: dict[str, bytes] = {}
        self.finalise_dialog: FinaliseDialog | None = None
        self._widgets: dict[str, ItemWidget | RepeatWidget] = {}
        self._pages: dict[str, QScrollArea] = {}
        self._built: set[str] = set()  # pages started
        self._builders: dict[str, Iterator[str]] = {}  # pages still being built
        self._prebuild_scheduled = False
        self._section_boxes: dict[str, QWidget] = {}
        self._kuk_flags: dict[str, str] = {}  # section -> OL/BK: a KUK not achieved in it
        self._na_labels: dict[str, QLabel] = {}
        self._current_page: str | None = None
        self._cursor: Key | None = None
        self._closing = False
        self._temp_files: list[Path] = []
        self.undo_steps: list[UndoStep] = []
        self.refused: dict[Key, str] = {}  # a value the service refused, still on screen
        self._discard_refused = False
        self.close_confirm: QMessageBox | None = None
        self.setObjectName("assessmentEditor")
        self.setStyleSheet(STYLE)
        self.setMinimumSize(QSize(560, 320))  # fits 1024x600 with the window chrome

        self.queue = SaveQueue(self.executor, self._make_snapshot, self)
        self.queue.changed.connect(self._on_queue_changed)
        self.queue.snapshot_ready.connect(self._apply_snapshot)
        self.queue.saved.connect(self._on_queue_saved)
        self.queue.rejected.connect(self._on_queue_rejected)
        self.queue.failed.connect(self._on_queue_failed)
        self.open_item_requested.connect(self._on_open_item_requested)

        self._build_chrome()
        QShortcut(QKeySequence("Ctrl+J"), self, self.next_unanswered,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+G"), self, self.open_gallery,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.take_photo_for_focused,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+B"), self, self.attach_to_focused,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # Finalisasi from the keyboard (the button says so in its tooltip)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.request_finalise,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        # a text field that has the focus takes Ctrl+Z for its own typing first
        QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), self, self.undo_last,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.reload()

    # ================================================================ skeleton

    def _build_chrome(self) -> None:
        # --- top bar
        self.top_bar = QFrame(self)
        self.top_bar.setObjectName("topBar")
        self.form_label = FoldingTitle(self.top_bar)
        self.form_label.setObjectName("formTitle")
        self.subject_label = QLabel("", self.top_bar)
        self.subject_label.setObjectName("subjectLabel")
        self.status_pill = QLabel("", self.top_bar)
        self.status_pill.setObjectName("statusPill")
        self.save_status = QLabel("", self.top_bar)
        self.save_status.setObjectName("saveStatus")
        self.save_status.setMinimumWidth(130)
        self.save_status.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.finalise_button = QPushButton(_("Finalisasi"),
                                           self.top_bar)
        self.finalise_button.setObjectName("finaliseButton")
        self.finalise_button.setToolTip(_(
            "Periksa semua jawaban wajib lalu kunci isi penilaian untuk ditandatangani "
            "(Ctrl+Enter)"))
        self.finalise_button.clicked.connect(self.request_finalise)
        self.finalise_confirm: ContentReviewDialog | None = None
        self.gallery_button = QPushButton(_("Galeri bukti"), self.top_bar)
        self.gallery_button.setObjectName("galleryButton")
        self.gallery_button.setToolTip(_(
            "Semua bukti penilaian ini: foto, keterangan, butir/KUK dan waktu (Ctrl+G)"))
        self.gallery_button.clicked.connect(self.open_gallery)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(self.form_label)
        top = QHBoxLayout(self.top_bar)
        top.setContentsMargins(16, 10, 16, 10)
        # the side panels a narrow window folds away (see _fit_panels), shown again here
        self.nav_toggle = QToolButton(self.top_bar)
        self.nav_toggle.setText(pgettext("Editor", "Bagian"))  # the navigator's heading
        self.nav_toggle.setToolTip(_("Tampilkan atau sembunyikan daftar bagian"))
        self.score_toggle = QToolButton(self.top_bar)
        self.score_toggle.setText(_("Hasil"))
        self.score_toggle.setToolTip(_("Tampilkan atau sembunyikan panel hasil"))
        for toggle in (self.nav_toggle, self.score_toggle):
            toggle.setObjectName("linkButton")
            toggle.setCheckable(True)
            toggle.setVisible(False)
            toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        titles.addLayout(hbox(self.subject_label, self.status_pill, None))
        # under the buttons, not beside the title: the title keeps its width (and height)
        actions = QVBoxLayout()
        actions.addLayout(hbox(self.save_status, self.gallery_button, self.finalise_button))
        actions.addLayout(hbox(None, self.nav_toggle, self.score_toggle))
        top.addLayout(titles, 1)
        top.addLayout(actions)

        # --- banners
        self.unsaved_banner, self.unsaved_label = _banner(self, "unsavedBanner")
        self.unsaved_hint = QLabel(_(
            "Jawaban tetap di layar. Jangan tutup aplikasi; tekan Coba lagi."),
            self.unsaved_banner)
        self.unsaved_hint.setObjectName("bannerHint")
        self.unsaved_hint.setWordWrap(True)
        self.retry_button = QPushButton(_("Coba lagi"),
                                        self.unsaved_banner)
        self.retry_button.clicked.connect(self.retry)
        texts = QVBoxLayout()
        texts.addWidget(self.unsaved_label)
        texts.addWidget(self.unsaved_hint)
        _banner_row(self.unsaved_banner, texts, self.retry_button)

        self.info_banner, self.info_label = _banner(self, "infoBanner")
        self.revision_button = QPushButton(_("Buat revisi…"),
                                           self.info_banner)
        self.revision_button.clicked.connect(self._on_revision_button_clicked)
        self.reopen_button = QPushButton(_("Buka kembali…"), self.info_banner)
        self.reopen_button.setToolTip(_("Belum ada yang menandatangani: jadikan draf lagi "
                                        "untuk mengubah jawaban"))
        self.reopen_button.clicked.connect(
            lambda: self.reopen_requested.emit(self.revision_id))
        self.reopen_button.setVisible(False)
        _banner_row(self.info_banner, self.info_label, self.reopen_button,
                    self.revision_button)

        # the office's review decision received in a receipt (issue 12)
        self.review_banner, self.review_label = _banner(self, "reviewBanner")
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.review_revise_button = QPushButton(_("Buat revisi…"), self.review_banner)
        self.review_revise_button.setToolTip(_(
            "Buat revisi berikutnya untuk memperbaiki sesuai komentar kantor"))
        self.review_revise_button.clicked.connect(self._on_revision_button_clicked)
        _banner_row(self.review_banner, self.review_label, self.review_revise_button)
        self.made_elsewhere = False
        self.decision: Any = None
        # --- "Urungkan" toast after an answer
        self.undo_toast, self.undo_label = _banner(self, "undoToast")
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton(_("Urungkan (Ctrl+Z)"), self.undo_toast)
        self.undo_button.setToolTip(_("Kembalikan jawaban sebelumnya"))
        self.undo_button.clicked.connect(self.undo_last)
        _banner_row(self.undo_toast, self.undo_label, self.undo_button, margin=4)
        self._undo_timer = QTimer(self)
        self._undo_timer.setSingleShot(True)
        self._undo_timer.setInterval(UNDO_TOAST_MS)
        self._undo_timer.timeout.connect(lambda: self.undo_toast.setVisible(False))

        # --- navigator
        self.nav_panel = _styled_frame(self, "navPanel")
        self.navigator = QTreeView(self.nav_panel)
        self.navigator.setObjectName("navigator")
        self.navigator.setHeaderHidden(False)
        self.navigator.setUniformRowHeights(False)
        self.navigator.setWordWrap(True)
        self.navigator.setAlternatingRowColors(False)
        self.navigator.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.overall_bar = QProgressBar(self.nav_panel)
        self.overall_bar.setTextVisible(False)
        self.overall_bar.setFixedHeight(8)
        self.overall_label = QLabel("", self.nav_panel)
        self.overall_label.setObjectName("overallLabel")
        self.overall_label.setWordWrap(True)
        self.next_button = QPushButton(
            _("Berikutnya yang belum dijawab"), self.nav_panel)
        self.next_button.setToolTip(_(
            "Lompat ke butir wajib berikutnya yang belum dijawab (Ctrl+J)"))
        self.next_button.clicked.connect(self.next_unanswered)
        self.nav_message = QLabel("", self.nav_panel)
        self.nav_message.setObjectName("meta")
        self.nav_message.setWordWrap(True)
        nav = QVBoxLayout(self.nav_panel)
        nav.setContentsMargins(8, 8, 8, 8)
        nav.addWidget(self.navigator, 1)
        nav.addWidget(self.overall_label)
        nav.addWidget(self.overall_bar)
        nav.addWidget(self.next_button)
        nav.addWidget(self.nav_message)

        # --- pages and score
        self.pages = QStackedWidget(self)
        self.score_scroll = scroll_area(self)
        self.score_panel: ScorePanel | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.nav_panel)
        self.splitter.addWidget(self.pages)
        self.splitter.addWidget(self.score_scroll)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes(list(PANEL_SIZES))
        self.splitter.setChildrenCollapsible(False)
        self.nav_panel.setMinimumWidth(220)
        self.score_scroll.setMinimumWidth(220)
        self._panel_mode = ""
        self.nav_toggle.toggled.connect(self.nav_panel.setVisible)
        self.score_toggle.toggled.connect(self.score_scroll.setVisible)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addWidget(self.unsaved_banner)
        layout.addWidget(self.info_banner)
        layout.addWidget(self.review_banner)
        layout.addWidget(self.undo_toast)
        layout.addWidget(self.splitter, 1)

    # ================================================================ narrow windows

    # Below these widths of the editor the side panels fold away, so the answers keep their
    # room (at 1024x600 with 150 %, 683 px, both panels left the answers about 200 px, the
    # KUK and their Ya/Tidak behind a sideways scroll bar): first the "Hasil" panel, then
    # the navigator. The buttons "Bagian" and "Hasil" in the top bar bring them back. Each
    # side panel is at least 220 px; the answers want some 420.
    BOTH_PANELS_WIDTH = 880
    NAVIGATOR_WIDTH = 600
    # Below this height (a 1024x600 screen at 150 %: about 340 px for the editor) the
    # form's title keeps to one line, so that the answers keep most of the height.
    ONE_LINE_TITLE_HEIGHT = 480

    def panel_mode(self, width: int) -> str:
        """"wide" (both side panels), "medium" (the navigator) or "narrow" (neither)."""
        if width >= self.BOTH_PANELS_WIDTH:
            return "wide"
        return "medium" if width >= self.NAVIGATOR_WIDTH else "narrow"

    def _fit_panels(self) -> None:
        """Fold or unfold the side panels when the editor crosses a width; in between, the
        user's choice with the top bar's buttons stands."""
        mode = self.panel_mode(self.width())
        if mode == self._panel_mode:
            return
        self._panel_mode = mode
        for toggle, shown in ((self.nav_toggle, mode != "narrow"),
                              (self.score_toggle, mode == "wide")):
            toggle.setVisible(mode != "wide")
            toggle.setChecked(shown)
            toggle.toggled.emit(shown)  # also when it was already so
        if mode == "wide":  # shared out as when the editor was made
            self.splitter.setSizes(list(PANEL_SIZES))
        else:  # the navigator as narrow as it goes beside the answers
            nav = self.nav_panel.minimumWidth()
            self.splitter.setSizes([nav, max(1, self.width() - nav), 0])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        self._fit_panels()
        self.form_label.set_one_line(self.height() < self.ONE_LINE_TITLE_HEIGHT)

    # ================================================================ loading

    def load_revision(self, revision_id: str) -> None:
        """Show another revision (e.g. the one "Buat revisi" just made)."""
        self.revision_id = revision_id
        self.reload()

    def reload(self) -> None:
        """(Re)load the revision from the store and rebuild the editor."""
        ref = self.revision_id
        Op(self, functools.partial(self._load, ref), executor=self.executor, lang=self.lang) \
            .success(self._on_loaded).failure(self._on_load_failed) \
            .with_progress(_("Membuka penilaian…")).run()

    def _on_load_failed(self, exc: BaseException) -> None:
        show_error(self, exc, self.lang)
        self.load_failed.emit(describe_error(exc, self.lang))

    def _load(self, ref: str) -> Loaded:
        """Worker thread: read everything and evaluate the first snapshot."""
        detail = self.svc.detail(ref)
        index = TemplateIndex(detail.template)
        snap = self.svc.form(detail.row.id)
        evidence: dict[Key, list[Evidence]] = {}
        thumbs: dict[str, bytes] = {}
        for ev in detail.evidence:
            evidence.setdefault((ev.item, ev.row), []).append(ev)
            if ev.mime.startswith("image/") and ev.media_sha256 not in thumbs:
                thumb = _thumb(self.svc.media(ev.media_sha256).data)
                if thumb is not None:
                    thumbs[ev.media_sha256] = thumb
        signatures: dict[str, bytes] = {}
        for item in index.order:
            if item.type is ItemType.SIGNATURE:
                sha = detail.answers.value(item.name)
                if sha:
                    try:
                        signatures[sha] = self.svc.media(sha).data
                    except AppError:
                        pass
        elsewhere = self.svc.made_elsewhere(detail.row)
        decision = None if elsewhere else self.services.feedback.latest(
            detail.row.assessment_id)
        return Loaded(detail.template, index, snap, evidence, thumbs, signatures, elsewhere,
                      decision,
                      detail.visit.timezone if detail.visit is not None else "WIB")

    def _make_snapshot(self) -> FormView:
        """Worker thread: the form after a write that did not bring its own."""
        return self.svc.form(self.revision_id)

    def _on_loaded(self, data: Loaded) -> None:
        self._clear_pages()
        self.refused.clear()  # the widgets are built anew from what the store has
        if data.snapshot.revision_id != self.revision_id or not data.snapshot.editable:
            self.undo_steps.clear()  # another revision, or nothing may change any more
            self._hide_undo_toast()
        self.template = data.template
        self.index = data.index
        self.revision_id = data.snapshot.revision_id
        self.evidence = data.evidence
        self.thumbs = data.thumbs
        self.timezone = data.timezone
        self._evidence_changed()
        self.signature_images = data.signatures
        self.made_elsewhere = data.made_elsewhere
        self.decision = data.decision
        template = data.template
        lang = self.lang

        form = template.form or template.code
        self.form_label.setText(f"{form} — {template.title.get(lang)}")
        self.setWindowTitle(display_line(f"{form} — {data.snapshot.subject_name}"))

        self.nav_model = SectionNavigatorModel(template, lang, self)
        self.navigator.setModel(self.nav_model)
        self.navigator.expandAll()
        header = self.navigator.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.navigator.selectionModel().currentChanged.connect(self._on_navigator_current_changed)
        if not isinstance(self.navigator.itemDelegate(), WrappingDelegate):
            self.navigator.setItemDelegate(WrappingDelegate(self.navigator))
            header.sectionResized.connect(self._on_navigator_header_section_resized)

        self.score_panel = ScorePanel(template, lang)
        self.score_panel.open_item_requested.connect(self.open_item_requested)
        self.score_scroll.setWidget(self.score_panel)
        self.score_toggle.setText(self.score_panel.title)

        for name in ([HEADER] if template.header else []) + [s.name for s in template.sections]:
            scroll = scroll_area(self.pages)
            scroll.setObjectName(f"page_{name}")
            self.pages.addWidget(scroll)
            self._pages[name] = scroll

        for (item, row), text in data.snapshot.answers.values.items():
            self.queue.set_baseline(("answer", item, row), text)
        for (item, row), text in data.snapshot.answers.notes.items():
            self.queue.set_baseline(("note", item, row), text)

        self.snapshot = None
        self._apply_snapshot(data.snapshot)
        first = HEADER if template.header else template.sections[0].name
        self._show_page(first, force=True)
        self._schedule_prebuild()
        self.loaded.emit(self.revision_id)

    def _clear_pages(self) -> None:
        while self.pages.count():
            w = self.pages.widget(0)
            if w is None:
                break
            self.pages.removeWidget(w)
            w.deleteLater()
        self._pages.clear()
        self._built.clear()
        self._builders.clear()
        self._widgets.clear()
        self._section_boxes.clear()
        self._na_labels.clear()
        self._current_page = None

    # ================================================================ pages

    def _ensure_page(self, name: str, complete: bool = False) -> QScrollArea:
        """Start building a page (the first chunk now, the rest in later event-loop turns)."""
        scroll = self._pages[name]
        if name not in self._built:
            self._start_page(name)
        if complete:
            self._build_until(name, None)
        return scroll

    def _start_page(self, name: str) -> None:
        assert self.template is not None and self.index is not None
        self._built.add(name)
        content = QWidget()
        content.setObjectName("editorPage")
        content.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(20, 16, 20, 24)
        layout.setSpacing(10)
        title = QLabel(_("Data umum") if name == HEADER else
                       section_title(self.index.sections[name], self.lang), content)
        title.setObjectName("pageTitle")
        title.setWordWrap(True)
        layout.addWidget(title)
        if name != HEADER:
            sec = self.index.sections[name]
            if sec.description is not None:
                desc = QLabel(sec.description.get(self.lang), content)
                desc.setObjectName("pageDescription")
                desc.setWordWrap(True)
                layout.addWidget(desc)
            na = QLabel(_("tidak berlaku"), content)
            na.setObjectName("notApplicable")
            relevant = self.snapshot.sections.get(name, True) if self.snapshot else True
            na.setVisible(not relevant)
            layout.addWidget(na)
            self._na_labels[name] = na
        layout.addStretch(1)

        def add_top(w: QWidget) -> None:
            layout.insertWidget(layout.count() - 1, w)  # above the stretch

        if name == HEADER:
            steps = self._item_steps(list(self.template.header), add_top, content, extras=False)
        else:
            steps = self._section_steps(self.index.sections[name], add_top, content)
        self._builders[name] = steps
        self._pages[name].setWidget(content)
        self._continue_page(name)

    def _item_steps(self, items: list[Item], add: Callable[[QWidget], None], parent: QWidget,
                    extras: bool) -> Iterator[str]:
        for item in items:
            add(self._make_widget(item, parent, extras=extras))
            self._init_widget(item)
            yield item.name

    def _section_steps(self, sec: Section, add: Callable[[QWidget], None],
                       parent: QWidget) -> Iterator[str]:
        yield from self._item_steps(list(sec.items), add, parent, extras=True)
        for sub in sec.sections:
            box = QWidget(parent)
            box.setObjectName("subsection")
            inner = QVBoxLayout(box)
            inner.setContentsMargins(0, 8, 0, 0)
            inner.setSpacing(10)
            title = section_title(sub, self.lang)
            if sub.element is not None:
                title = _("Elemen {title}").format(title=title)
            heading = QLabel(title, box)
            heading.setObjectName("subsectionTitle")
            heading.setWordWrap(True)
            inner.addWidget(heading)
            if sub.description is not None:
                desc = QLabel(sub.description.get(self.lang), box)
                desc.setObjectName("subsectionMeta")
                desc.setWordWrap(True)
                inner.addWidget(desc)
            self._section_boxes[sub.name] = box
            if self.snapshot is not None:
                box.setVisible(self.snapshot.sections.get(sub.name, True))
            add(box)
            yield from self._section_steps(sub, inner.addWidget, box)

    def _continue_page(self, name: str) -> None:
        """Build widgets for at most BUILD_BUDGET_MS, then yield to the event loop."""
        steps = self._builders.get(name)
        if steps is None:
            return
        deadline = time.perf_counter() + BUILD_BUDGET_MS / 1000.0
        for _ignored in steps:
            if time.perf_counter() > deadline:
                QTimer.singleShot(0, self, lambda: self._continue_page(name))
                return
        self._builders.pop(name, None)
        self.page_built.emit(name)
        self._schedule_prebuild()

    def _schedule_prebuild(self) -> None:
        """While the user works, build the other pages in idle slices (jumps are instant)."""
        if not self._prebuild_scheduled:
            self._prebuild_scheduled = True
            QTimer.singleShot(PREBUILD_DELAY_MS, self, self._prebuild_step)

    def _prebuild_step(self) -> None:
        self._prebuild_scheduled = False
        if self._builders:
            return  # a page is being built; it schedules the next one when done
        for name in self._pages:
            if name not in self._built:
                self._ensure_page(name)
                return

    def _build_until(self, page: str, item: str | None) -> None:
        """Finish building ``page`` now, or at least until ``item`` exists."""
        steps = self._builders.get(page)
        if steps is None:
            return
        for built in steps:
            if item is not None and built == item:
                return
        self._builders.pop(page, None)
        self.page_built.emit(page)

    def _make_widget(self, item: Item, parent: QWidget, extras: bool) -> QWidget:
        assert self.template is not None
        if item.type is ItemType.REPEAT:
            rw = RepeatWidget(item, self.template, self.lang, parent)
            rw.row_add_requested.connect(self._on_repeat_row_add_requested)
            rw.row_remove_requested.connect(self._on_repeat_row_remove_requested)
            rw.cell_edited.connect(self._on_repeat_cell_edited)
            rw.focused.connect(self._on_item_focused)
            self._widgets[item.name] = rw
            return rw
        w = ItemWidget(item, self.template, self.lang, extras=extras, parent=parent)
        w.answer_edited.connect(self._on_item_answer_edited)
        w.answer_committed.connect(self._on_item_answer_committed)
        w.note_edited.connect(self._on_item_note_edited)
        w.focused.connect(self._on_item_focused)
        w.step_requested.connect(self.step_item)
        w.files_dropped.connect(self._on_item_files_dropped)
        w.attach_requested.connect(self._on_item_attach_requested)
        w.photo_requested.connect(self.take_photo)
        w.evidence_open_requested.connect(self.open_evidence)
        w.evidence_remove_requested.connect(self._on_item_evidence_remove_requested)
        w.caption_edited.connect(self._on_item_caption_edited)
        w.signature_requested.connect(self._on_item_signature_requested)
        self._widgets[item.name] = w
        return w

    def _init_widget(self, item: Item) -> None:
        """Fill a freshly made widget from the current snapshot."""
        snap = self.snapshot
        w = self._widgets.get(item.name)
        if snap is None or w is None:
            return
        if isinstance(w, RepeatWidget):
            w.model.load(snap)
            w.set_read_only(self.read_only)
        else:
            w.set_value(snap.answers.value(item.name))
            w.set_note(snap.answers.notes.get((item.name, ""), ""))
            w.set_evidence(self.evidence.get((item.name, ""), []), self.thumbs)
            sha = snap.answers.value(item.name) if item.type is ItemType.SIGNATURE else ""
            if sha and isinstance(w.control, SignatureView):
                w.control.set_image(self.signature_images.get(sha))
            w.set_read_only(self.read_only)
        view = snap.view(item.name)
        if view is not None:
            w.apply_view(view)

    def _show_page(self, name: str, force: bool = False) -> bool:
        if name not in self._pages:
            return False
        if name != self._current_page and not force and self.queue.failures:
            self._flash_blocked()
            self._select_nav(self._current_page)
            return False
        if name != self._current_page:
            self.queue.flush()
        scroll = self._ensure_page(name)
        self.pages.setCurrentWidget(scroll)
        self._current_page = name
        self._select_nav(name)
        return True

    def _select_nav(self, name: str | None) -> None:
        if name is None or not hasattr(self, "nav_model"):
            return
        idx = self.nav_model.index_of(name)
        sel = self.navigator.selectionModel()
        if idx.isValid() and sel.currentIndex().data(ROLE_SECTION) != name:
            sel.blockSignals(True)
            sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.ClearAndSelect |
                                QItemSelectionModel.SelectionFlag.Rows)
            sel.blockSignals(False)
            self.navigator.viewport().update()

    def _on_navigator_header_section_resized(self, *_args: Any) -> None:
        self.navigator.doItemsLayout()

    def _on_navigator_current_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        name = current.data(ROLE_SECTION)
        if not name or self.index is None:
            return
        page = name if name == HEADER else self.index.top_of_section[name]
        if not self._show_page(page):
            return
        box = self._section_boxes.get(name)
        if box is not None:
            self._scroll_to(page, box)
        else:
            self._pages[page].verticalScrollBar().setValue(0)

    def _scroll_to(self, page: str, widget: QWidget) -> None:
        scroll = self._pages[page]
        content = scroll.widget()
        layout = content.layout() if content is not None else None
        if layout is not None:
            layout.activate()
        scroll.ensureWidgetVisible(widget, 0, 60)
        # Once the new page is laid out, scroll again so the target really is in view.
        QTimer.singleShot(0, lambda: self._scroll_again(page, widget))

    def _scroll_again(self, page: str, widget: QWidget) -> None:
        scroll = self._pages.get(page)
        if scroll is not None and widget is not None:
            try:
                scroll.ensureWidgetVisible(widget, 0, 60)
            except RuntimeError:
                pass

    # ================================================================ snapshots

    def _apply_snapshot(self, snap: FormView) -> None:
        """Diff against the previous snapshot; touch only what changed."""
        old = self.snapshot
        changes = changed_keys(old, snap)
        self.snapshot = snap
        if changes.status:
            self._apply_status(snap)
        for rep in changes.rows:
            w = self._widgets.get(rep)
            if isinstance(w, RepeatWidget):
                w.model.sync_rows(snap)
                w.set_read_only(self.read_only)
        per_repeat: dict[str, set[Key]] = {}
        for key in changes.items:
            name, row = key
            if row:
                owner = self.template.repeat_of(name) if self.template else None
                if owner is not None:
                    per_repeat.setdefault(owner.name, set()).add(key)
                continue
            w = self._widgets.get(name)
            view = snap.items.get(key)
            if w is not None and view is not None:
                w.apply_view(view)
        for rep, keys in per_repeat.items():
            w = self._widgets.get(rep)
            if isinstance(w, RepeatWidget):
                w.model.apply_views(snap, keys)
        for name in changes.sections:
            relevant = snap.sections.get(name, True)
            idx = self.nav_model.index_of(name)
            if idx.isValid():
                self.navigator.setRowHidden(idx.row(), idx.parent(), not relevant)
            box = self._section_boxes.get(name)
            if box is not None:
                box.setVisible(relevant)
            if name in self._na_labels:
                self._na_labels[name].setVisible(not relevant)
        names = set(changes.progress)
        if changes.score and self.template is not None:  # sections with a KUK not achieved
            flags = kuk_not_achieved_sections(self.template, snap.score)
            names |= set(flags) | set(self._kuk_flags)
            self._kuk_flags = flags
        for name in names:
            answered, required = snap.progress.get(name, (0, 0))
            if name == "":
                self.overall_bar.setMaximum(max(required, 1))
                self.overall_bar.setValue(answered if required else 1)
                self.overall_label.setText(_(
                    "{answered} dari {required} jawaban wajib").format(
                    answered=answered, required=required))
            else:
                self.nav_model.set_progress(name, answered, required,
                                            self._kuk_flags.get(name, ""))
        if changes.score and self.score_panel is not None:
            self.score_panel.set_result(snap.score)

    def _apply_status(self, snap: FormView) -> None:
        self.read_only = not snap.editable
        pill = status_label(snap.status)
        if snap.revision > 1:
            pill += " · " + _("Revisi {n}").format(
                n=snap.revision)
        self.status_pill.setText(pill)
        self.subject_label.setText(display_line(snap.subject_name))
        if not snap.is_current:
            text = _(
                "Ini revisi lama yang sudah digantikan; hanya dapat dibaca.")
        else:
            text = read_only_notice(snap.status)
        if self.made_elsewhere and snap.is_current:
            text = _("Rekaman lapangan dari laptop asesor; di sini hanya dapat dibaca. "
                     "Perbaikan diminta lewat Tinjauan (Perlu perbaikan).")
        self.info_label.setText(text)
        self.info_banner.setVisible(bool(text))
        offer = self._show_decision(snap)
        self.revision_button.setVisible(bool(text) and snap.is_current
                                        and not self.made_elsewhere and not offer)
        self.reopen_button.setVisible(snap.is_current and snap.status == "complete"
                                      and not self.made_elsewhere)
        self.finalise_button.setEnabled(not self.read_only)
        self.finalise_button.setVisible(not self.read_only)
        self.next_button.setEnabled(not self.read_only)
        for w in self._widgets.values():
            w.set_read_only(self.read_only)
        if self.gallery is not None:
            self.gallery.set_read_only(self.read_only)
        if self.read_only:
            self.queue.stop()
            self.undo_steps.clear()
            self._hide_undo_toast()
        else:
            self.queue.enabled = True

    # ================================================================ saving

    def _answer_write(self, item: str, row: str, raw: str, origin: str = "") -> Write:
        return Write("answer", item, row, functools.partial(
            self.svc.answer, self.revision_id, item, raw, row, form=True,
            undo=origin == "undo"), raw=raw, origin=origin)

    def _on_item_answer_edited(self, item: str, row: str, raw: str, immediate: bool) -> None:
        if self.read_only:
            return
        if immediate:
            self.queue.submit(self._answer_write(item, row, raw))
        else:
            self.queue.schedule(self._answer_write(item, row, raw, "typing"))

    def _on_item_answer_committed(self, item: str, row: str, raw: str) -> None:
        if not self.read_only:
            self.queue.commit(self._answer_write(item, row, raw, "typing"))

    def _on_repeat_cell_edited(self, item: str, row: str, raw: str) -> None:
        if not self.read_only:
            self.queue.submit(self._answer_write(item, row, raw))

    def _on_item_note_edited(self, item: str, row: str, text: str, flush: bool) -> None:
        if self.read_only:
            return
        write = Write("note", item, row, functools.partial(
            self.svc.set_note, self.revision_id, item, text, row, form=True), raw=text)
        if flush:
            self.queue.commit(write)
        else:
            self.queue.schedule(write)

    def _on_queue_saved(self, write: Write, result: Any) -> None:
        if write.kind == "answer":
            self._set_inline(write.item, write.row, None)
            self.refused.pop((write.item, write.row), None)
            self._remember(write, result)
        elif write.kind == "attach":
            self._set_inline(write.item, write.row, None)
        self.assessment_saved.emit(write.item)

    def _on_queue_rejected(self, write: Write, exc: BaseException) -> None:
        message = describe_error(exc, self.lang)
        if isinstance(exc, InvalidValueError):
            self._set_inline(write.item, write.row, message)
            if write.kind == "answer":
                self.refused[(write.item, write.row)] = message
            return
        show_error(self, exc, self.lang)
        if isinstance(exc, StateError):
            self.reload()  # locked or superseded elsewhere: show it read-only

    def _on_queue_failed(self, write: Write, exc: BaseException) -> None:
        reason = describe_error(exc, self.lang)
        self._update_banner()
        self.save_failed.emit(reason)

    def _update_banner(self) -> None:
        failures = self.queue.failures
        if not failures:
            self.unsaved_banner.setVisible(False)
            return
        reason = describe_error(failures[-1][1], self.lang)
        if len(failures) > 1:
            text = _(
                "BELUM TERSIMPAN — {reason} (dan {more} perubahan lain)").format(
                reason=reason, more=len(failures) - 1)
        else:
            text = _("BELUM TERSIMPAN — {reason}").format(
                reason=reason)
        self.unsaved_label.setText(text)
        self.unsaved_banner.setVisible(True)

    def _on_queue_changed(self) -> None:
        state = self.queue.state
        if state == SAVING:
            text = _("Menyimpan…")
        elif state == SAVED and self.queue.last_saved_at is not None:
            text = _("Tersimpan ✓ {time}").format(
                time=clock_time(self.queue.last_saved_at, self.lang, seconds=True))
        elif state == FAILED:
            text = _("BELUM TERSIMPAN")
        else:
            text = ""
        self.save_status.setText(text)
        if self.save_status.property("state") != state:
            self.save_status.setProperty("state", state)
            self.save_status.style().unpolish(self.save_status)
            self.save_status.style().polish(self.save_status)
        self._update_banner()
        self.next_button.setEnabled(not self.read_only)
        self.save_state_changed.emit(state)

    def _set_inline(self, item: str, row: str, message: str | None) -> None:
        if row and self.template is not None:
            owner = self.template.repeat_of(item)
            w = self._widgets.get(owner.name) if owner is not None else None
            if isinstance(w, RepeatWidget):
                w.set_cell_error(row, item, message)
            return
        w = self._widgets.get(item)
        if isinstance(w, ItemWidget):
            if message is None and self.snapshot is not None:
                view = self.snapshot.view(item)
                if view is not None and (not view.constraint_ok or view.not_offered):
                    w.apply_view(view)
                    return
            w.set_message(message)

    # ================================================================ undo

    def _remember(self, write: Write, result: Any) -> None:
        """An answer was saved: one undo step (typing in one field is one step)."""
        previous = getattr(result, "previous", None)
        if write.origin == "undo" or previous is None:
            return
        top = self.undo_steps[-1] if self.undo_steps else None
        typed = write.origin == "typing"
        if top is not None and top.typed and typed and (top.item, top.row) == (
                write.item, write.row):
            if top.previous == write.raw:  # typed back to what it was: nothing to undo
                self.undo_steps.pop()
                self._hide_undo_toast()
                return
        else:
            self.undo_steps.append(UndoStep(write.item, write.row, previous, typed))
            del self.undo_steps[:-UNDO_DEPTH]
        self._show_undo_toast(_("Tersimpan: {item} → {value}").format(
            item=self._item_label(write.item), value=self._value_text(write.item, write.raw)))

    def _item_label(self, name: str) -> str:
        item = self.template.find_item(name) if self.template is not None else None
        text = item.label.get(self.lang) if item is not None and item.label else name
        text = " ".join(text.split())
        return text if len(text) <= 60 else text[:59] + "…"

    def _value_text(self, name: str, raw: str) -> str:
        item = self.template.find_item(name) if self.template is not None else None
        if not raw or item is None or self.template is None:
            return raw or _("(kosong)")
        text = answer_text(self.template, item, raw, self.lang)
        return text if len(text) <= 40 else text[:39] + "…"

    def _show_undo_toast(self, text: str) -> None:
        self.undo_label.setText(text)
        self.undo_button.setEnabled(bool(self.undo_steps) and not self.read_only)
        self.undo_toast.setVisible(True)
        self._undo_timer.start()

    def _hide_undo_toast(self) -> None:
        self._undo_timer.stop()
        self.undo_toast.setVisible(False)

    def undo_last(self) -> bool:
        """Put back the value the last answer replaced (Ctrl+Z, "Urungkan"); the store
        audits it as ``undo``. Returns whether there was anything to undo."""
        if self.read_only or not self.undo_steps:
            return False
        step = self.undo_steps.pop()
        self.queue.flush()  # a field still being typed is saved first, then taken back
        write = self._answer_write(step.item, step.row, step.previous, "undo")
        label, value = self._item_label(step.item), self._value_text(step.item, step.previous)

        def undone(_result: Any) -> None:
            w = self._widgets.get(step.item)
            if isinstance(w, ItemWidget):  # a table's cells show the form's values
                w.set_value(step.previous)
            self.focus_item(step.item, step.row)
            self._show_undo_toast(_("Diurungkan: {item} → {value}").format(
                item=label, value=value))

        write.on_saved = undone
        self.queue.submit(write)
        return True

    def retry(self) -> None:
        """Send every failed write again (the banner's "Coba lagi")."""
        self.queue.retry()

    def _flash_blocked(self) -> None:
        self._update_banner()
        self.nav_message.setText(_(
            "Simpan dulu perubahan yang belum tersimpan (tekan Coba lagi)."))

    # ================================================================ rows

    def _on_repeat_row_add_requested(self, repeat: str) -> None:
        if self.read_only:
            return

        def added(row_id: Any) -> None:
            w = self._widgets.get(repeat)
            if isinstance(w, RepeatWidget):
                w.edit_first_cell(str(row_id))

        self.queue.submit(Write("add_row", repeat, "", functools.partial(
            self.svc.add_row, self.revision_id, repeat), key=("add_row", repeat, object()),
            on_saved=added))

    def add_row(self, repeat: str) -> None:
        """Add a row to a repeat group (as the "Tambah baris" button does)."""
        self._on_repeat_row_add_requested(repeat)

    def _on_repeat_row_remove_requested(self, repeat: str, row_id: str) -> None:
        if self.read_only or self.snapshot is None:
            return
        rows = self.snapshot.rows.get(repeat, [])
        n = rows.index(row_id) + 1 if row_id in rows else 0
        question = _(
            "Hapus baris {n} beserta semua isinya?").format(n=n)
        if not confirm(self, question):
            return
        self.queue.submit(Write("remove_row", repeat, row_id, functools.partial(
            self.svc.remove_row, self.revision_id, repeat, row_id)))

    # ================================================================ evidence

    def _on_item_attach_requested(self, item: str, row: str) -> None:
        if self.read_only:
            return
        paths = pick_files(self)
        if paths:
            self.attach_files(item, paths, row)

    def _on_item_files_dropped(self, item: str, row: str, paths: list[str]) -> None:
        self.attach_files(item, paths, row)

    def attach_files(self, item: str, paths: list[str], row: str = "") -> None:
        """Attach files as evidence of an item (each file is its own write)."""
        if self.read_only:
            return
        rid = self.revision_id
        svc = self.svc

        def attach(path: str) -> tuple[Evidence, bytes | None]:
            return _with_thumb(svc, svc.attach_file(rid, item, Path(path), row=row))

        for path in paths:
            self.queue.submit(Write("attach", item, row, functools.partial(attach, path),
                                    raw=path, key=("attach", item, row, path),
                                    on_saved=self._on_attached))

    def attach_photo(self, item: str, row: str, data: bytes, filename: str,
                     taken_at: dt.datetime | None) -> None:
        """Attach a photo taken in the app (the camera) through the same service path as
        a chosen file; ``taken_at`` is kept as its moment."""
        if self.read_only:
            return
        rid = self.revision_id
        svc = self.svc

        def attach() -> tuple[Evidence, bytes | None]:
            return _with_thumb(svc, svc.attach_evidence(rid, item, data, filename=filename,
                                                        row=row, taken_at=taken_at))

        self.queue.submit(Write("attach", item, row, attach, raw=filename,
                                key=("attach", item, row, filename),
                                on_saved=self._on_attached))

    def _on_attached(self, result: tuple[Evidence, bytes | None]) -> None:
        ev, thumb = result
        if thumb is not None:
            self.thumbs[ev.media_sha256] = thumb
        self.evidence.setdefault((ev.item, ev.row), []).append(ev)
        w = self._widgets.get(ev.item)
        if isinstance(w, ItemWidget):
            w.add_evidence(ev, thumb)
        self._evidence_changed()

    def all_evidence(self) -> list[Evidence]:
        """Every evidence file of the record, in the form's order of its items."""
        order = {it.name: n for n, it in enumerate(self.index.order)} if self.index else {}
        keys = sorted(self.evidence, key=lambda k: (order.get(k[0], 1 << 30), k[1]))
        return [ev for k in keys for ev in self.evidence[k]]

    def _evidence_changed(self) -> None:
        n = sum(len(v) for v in self.evidence.values())
        self.gallery_button.setText(_("Galeri bukti") + (f" ({n})" if n else ""))
        if self.gallery is not None:
            self.gallery.set_evidence(self.all_evidence())

    # ---------------------------------------------------------------- the focused item

    def _focused_evidence_item(self) -> ItemWidget | None:
        """The item the cursor is on, when it takes evidence (KUK, evidence item)."""
        if self._cursor is None:
            return None
        w = self._widgets.get(self._cursor[0])
        if isinstance(w, ItemWidget) and w.accepts_evidence and self._cursor[1] == "":
            return w
        return None

    def _on_focused_item(self, add_evidence: Callable[[str, str], object]) -> None:
        """``add_evidence(item, "")`` for the item the cursor is on (not on a read-only
        record); without such an item, the navigator says to pick one first."""
        w = self._focused_evidence_item()
        if w is None:
            self.nav_message.setText(_(
                "Pilih dulu butir (KUK) yang akan diberi bukti, lalu coba lagi."))
        elif not self.read_only:
            add_evidence(w.item.name, "")

    def attach_to_focused(self) -> None:
        """Ctrl+Shift+B: attach files to the item (KUK) the cursor is on."""
        self._on_focused_item(self._on_item_attach_requested)

    def take_photo_for_focused(self) -> None:
        """Ctrl+Shift+F: take a photo for the item (KUK) the cursor is on."""
        self._on_focused_item(self.take_photo)

    # ---------------------------------------------------------------- camera

    def take_photo(self, item: str, row: str = "") -> CameraDialog | None:
        """"Ambil foto": the camera dialog for ``item``; the photo is attached to it.
        The cameras come from ``self.camera_sources`` (a test injects a fake one)."""
        if self.read_only or self.template is None:
            return None
        found = self.template.find_item(item)
        title = ""
        if found is not None:
            title = _("Bukti untuk: {item}").format(item=item_caption(found, self.lang, 120))
        dialog = CameraDialog(self, title=title, sources=self.camera_sources,
                              clock=self.svc.clock)

        def taken(data: bytes, moment: dt.datetime) -> None:
            self.attach_photo(item, row, data, capture_filename(moment), moment)

        def choose_file() -> None:
            self._on_item_attach_requested(item, row)

        dialog.photo_taken.connect(taken)
        dialog.file_requested.connect(choose_file, Qt.ConnectionType.QueuedConnection)
        dialog.finished.connect(dialog.deleteLater)
        self.camera_dialog = dialog
        dialog.open()
        return dialog

    # ---------------------------------------------------------------- gallery

    def open_gallery(self) -> EvidenceGallery:
        """Ctrl+G: every evidence file of the record (open, remove while a draft)."""
        if self.gallery is None:
            gallery = EvidenceGallery(self, self.all_evidence(), self.thumbs, self.template,
                                      lang=self.lang, timezone=self.timezone,
                                      read_only=self.read_only)
            gallery.open_requested.connect(self.view_evidence)
            gallery.remove_requested.connect(self._on_item_evidence_remove_requested)
            self.gallery = gallery
        else:
            self.gallery.template = self.template
            self.gallery.timezone = self.timezone
            self.gallery.set_evidence(self.all_evidence())
            self.gallery.set_read_only(self.read_only)
        if self.gallery.isVisible():  # already open behind the form: bring it forward
            self.gallery.raise_()
            self.gallery.activateWindow()
        else:
            self.gallery.show()
        return self.gallery

    def view_evidence(self, ev: Evidence) -> None:
        """A photo full size inside the app; a PDF in the system viewer."""
        if not ev.mime.startswith("image/"):
            self.open_evidence(ev)
            return
        svc = self.svc
        caption, where, taken = evidence_lines(ev, self.template, self.lang, self.timezone)

        def shown(data: bytes) -> None:
            parent = self.gallery if self.gallery is not None and \
                self.gallery.isVisible() else self
            viewer = PhotoViewer(parent, data, caption,
                                 "\n".join(x for x in (where, taken) if x))
            viewer.finished.connect(viewer.deleteLater)
            self.photo_viewer = viewer
            viewer.open()

        Op(self, lambda: svc.media(ev.media_sha256).data, executor=self.executor,
           lang=self.lang).success(shown).run()

    def _on_item_caption_edited(self, ev: Evidence, caption: str) -> None:
        if self.read_only:
            return
        files = self.evidence.get((ev.item, ev.row), [])
        self.evidence[(ev.item, ev.row)] = [ev if e.id == ev.id else e for e in files]
        self._evidence_changed()
        self.queue.submit(Write("caption", ev.item, ev.row, functools.partial(
            self.svc.set_caption, self.revision_id, ev.id, caption), raw=caption,
            key=("caption", ev.id)))

    def _on_item_evidence_remove_requested(self, ev: Evidence) -> None:
        if self.read_only:
            return
        name = ev.caption or ev.original_name or ev.media_sha256[:12]
        question = _(
            "Hapus bukti \"{name}\" dari butir ini?").format(name=name)
        if not confirm(self, question):
            return

        def removed(_result: Any) -> None:
            files = self.evidence.get((ev.item, ev.row), [])
            self.evidence[(ev.item, ev.row)] = [e for e in files if e.id != ev.id]
            w = self._widgets.get(ev.item)
            if isinstance(w, ItemWidget):
                w.remove_evidence(ev.id)
            self._evidence_changed()

        self.queue.submit(Write("remove_evidence", ev.item, ev.row, functools.partial(
            self.svc.remove_evidence, self.revision_id, ev.id), key=("remove_evidence", ev.id),
            on_saved=removed))

    def temp_dir(self) -> Path:
        return self.services.paths.data_dir / "tmp" / "open"

    def open_evidence(self, ev: Evidence) -> None:
        """Open a temporary copy with the system viewer."""
        folder = self.temp_dir()
        svc = self.svc

        def write_copy() -> Path:
            data = svc.media(ev.media_sha256).data
            folder.mkdir(parents=True, exist_ok=True)
            ext = {"image/jpeg": ".jpg", "image/png": ".png",
                   "application/pdf": ".pdf"}.get(ev.mime, "")
            stem = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(ev.original_name or "bukti").stem)[:40]
            path = folder / f"{stem}-{ev.media_sha256[:8]}{ext}"
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            tmp.replace(path)
            return path

        def opened(path: Path) -> None:
            self._temp_files.append(path)
            open_url(path)

        Op(self, write_copy, executor=self.executor, lang=self.lang).success(opened).run()

    def _on_item_signature_requested(self, item: str, role: str) -> None:
        self.signature_requested.emit(self.revision_id, item, role)

    # ================================================================ focus & navigation

    def _on_item_focused(self, item: str, row: str) -> None:
        self._cursor = (item, row)

    def _on_open_item_requested(self, item: str, row: str) -> None:
        self.window().activateWindow()  # a link in a dialog or panel: back to the form
        self.focus_item(item, row)

    def step_item(self, name: str, delta: int) -> bool:
        """Up/Down on an answer: the keyboard goes to the previous/next item that takes an
        answer and is shown (a hidden or computed one is skipped); nothing is answered."""
        index = self.index
        if index is None:
            return False
        order = [i.name for i in index.order if index.repeat_of(i.name) is None
                 and i.type not in (ItemType.NOTE, ItemType.CALCULATE)]
        if name not in order:
            return False
        pos = order.index(name) + delta
        while 0 <= pos < len(order):
            target = order[pos]
            view = self.snapshot.view(target) if self.snapshot is not None else None
            if view is None or view.relevant:
                return self.focus_item(target)
            pos += delta
        return False

    def item_widget(self, name: str) -> ItemWidget | RepeatWidget | None:
        """The widget of a top-level item or repeat (its page is built if needed)."""
        if self.index is None or self.template is None:
            return None
        if self.template.find_item(name) is None:
            return None
        owner = self.template.repeat_of(name)
        target = owner.name if owner is not None else name
        page = self.index.page_of(target)
        if page in self._pages and target not in self._widgets:
            self._ensure_page(page)
            self._build_until(page, target)
        return self._widgets.get(target)

    def current_page(self) -> str | None:
        return self._current_page

    def section_visible(self, name: str) -> bool:
        """Whether a section is shown in the navigator (i.e. relevant)."""
        idx = self.nav_model.index_of(name)
        return idx.isValid() and not self.navigator.isRowHidden(idx.row(), idx.parent())

    def focus_item(self, name: str, row: str = "") -> bool:
        """Switch to the item's section, scroll to it and put the keyboard focus in it."""
        if self.index is None or self.template is None:
            return False
        item = self.template.find_item(name)
        if item is None:
            return False
        owner = self.template.repeat_of(name)
        target_name = owner.name if owner is not None else name
        page = self.index.page_of(target_name)
        if not self._show_page(page):
            return False
        self._build_until(page, target_name)
        target = self._widgets.get(target_name)
        if target is None:
            return False
        sec = self.index.section_of_item[target_name]
        if sec != HEADER:
            self._select_nav(sec)
        self._scroll_to(page, target)
        if isinstance(target, RepeatWidget):
            target.focus_cell(row, name)
        else:
            target.focus_control()
        self._cursor = (name, row)
        self._flash(target)
        return target.isVisibleTo(self._pages[page])

    def _flash(self, widget: QWidget) -> None:
        widget.setProperty("flash", True)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

        def off() -> None:
            try:
                widget.setProperty("flash", False)
                widget.style().unpolish(widget)
                widget.style().polish(widget)
            except RuntimeError:
                pass

        QTimer.singleShot(FOCUS_FLASH_MS, self, off)

    def unanswered(self) -> list[Key]:
        """Required, relevant items without an answer (and tables below min_rows), in order."""
        snap, index = self.snapshot, self.index
        if snap is None or index is None:
            return []
        out: list[Key] = []
        for item in index.order:
            if index.repeat_of(item.name) is not None:
                continue
            view = snap.items.get((item.name, ""))
            if item.type is ItemType.REPEAT:
                if view is not None and view.relevant and not view.constraint_ok:
                    out.append((item.name, ""))
                for row in snap.rows.get(item.name, []):
                    for child in item.items:
                        cv = snap.items.get((child.name, row))
                        if cv is not None and cv.required and not cv.answered:
                            out.append((child.name, row))
                continue
            if item.type in (ItemType.NOTE, ItemType.CALCULATE):
                continue
            if view is not None and view.required and not view.answered:
                out.append((item.name, ""))
        return out

    def next_unanswered(self) -> Key | None:
        """Focus the next required item without an answer after the current one."""
        todo = self.unanswered()
        if not todo:
            self.nav_message.setText(_(
                "Semua butir wajib sudah dijawab."))
            return None
        self.nav_message.setText("")
        order = self._key_order()
        cursor_pos = order.get(self._cursor, -1) if self._cursor is not None else -1
        after = [k for k in todo if order.get(k, 0) > cursor_pos]
        key = after[0] if after else todo[0]
        if self.focus_item(*key):
            return key
        return None

    def _key_order(self) -> dict[Key, int]:
        snap, index = self.snapshot, self.index
        assert snap is not None and index is not None
        out: dict[Key, int] = {}
        for item in index.order:
            if index.repeat_of(item.name) is not None:
                continue
            out[(item.name, "")] = len(out)
            if item.type is ItemType.REPEAT:
                for row in snap.rows.get(item.name, []):
                    for child in item.items:
                        out[(child.name, row)] = len(out)
        return out

    # ================================================================ finalise

    def request_finalise(self) -> None:
        """The Finalisasi button: "Tinjau isi" first, the whole record as it reads, the
        result and what is missing; it finalises only from there (issue 12: it was one
        unconfirmed click)."""
        if self.read_only or self.index is None:
            return
        self.queue.flush()
        rid, lang = self.revision_id, self.lang
        Op(self, lambda: self.svc.content_review(rid, lang), executor=self.executor,
           lang=self.lang).success(self._show_review).failure(
            lambda exc: show_error(self, exc, self.lang)).run()

    def _show_review(self, lines: list[ReviewLine]) -> None:
        if self.read_only or self.index is None:
            return
        result = self.snapshot.score if self.snapshot is not None else None
        summary = outcome(self.index.template, result).summary(now=True) \
            if result is not None else ""
        if result is not None and summary and result.not_achieved:
            summary += "\n" + _("KUK belum tercapai: {kuk}").format(kuk=", ".join(
                f"{k.unit_code} {k.kuk_no}" for k in result.not_achieved))
        dialog = ContentReviewDialog(
            lines, summary, _("Tinjau isi sebelum finalisasi — {subject}").format(
                subject=self.subject_label.text()), self.lang, self, finalise=True)
        dialog.open_item_requested.connect(self.open_item_requested)
        dialog.finalise_requested.connect(self.finalise)
        self.finalise_confirm = dialog
        dialog.open()

    def finalise(self) -> None:
        """Check and finalise; on missing answers list them, each a link to its item."""
        if self.read_only or self.index is None:
            return
        self.queue.flush()
        if self.queue.failures:
            self._flash_blocked()
            return
        rid = self.revision_id

        def work() -> FormView:
            self.svc.finalise(rid)
            return self.svc.form(rid)

        Op(self, work, executor=self.executor, lang=self.lang).changes(ASSESSMENTS) \
            .success(self._on_finalise_succeeded).failure(self._on_finalise_failed) \
            .with_progress(_("Memeriksa dan memfinalisasi…")) \
            .run()

    def _on_finalise_succeeded(self, snap: FormView) -> None:
        self._apply_snapshot(snap)
        self.nav_message.setText(_("Penilaian difinalisasi."))
        self.finalised.emit(self.revision_id)

    def _on_finalise_failed(self, exc: BaseException) -> None:
        if isinstance(exc, FinaliseError) and self.template is not None:
            rows = self.snapshot.rows if self.snapshot is not None else {}
            dialog = FinaliseDialog(exc.issues, self.template, rows, self.lang, self)
            dialog.open_item_requested.connect(self.open_item_requested)
            self.finalise_dialog = dialog
            dialog.open()
            return
        show_error(self, exc, self.lang)
        if isinstance(exc, StateError):
            self.reload()

    def _show_decision(self, snap: FormView) -> bool:
        """The office's decision on this assessment (laptop): "Perlu perbaikan: <komentar>"
        on the reviewed revision with "Buat revisi…", or as the reason of its correction.
        True when the banner offers the revision."""
        d = self.decision
        if d is None or self.made_elsewhere or d.revision > snap.revision:
            self.review_banner.setVisible(False)
            return False
        text = review_label(d.status) + (f": {d.comment}" if d.comment else "")
        who = _("{reviewer}, kantor · revisi {n}").format(reviewer=d.reviewer, n=d.revision)
        if d.revision < snap.revision:
            if not d.needs_fix:
                self.review_banner.setVisible(False)
                return False
            text = _("Revisi ini memperbaiki: {text}").format(text=text)
        self.review_label.setText(f"{text}\n{who}")
        offer = d.needs_fix and d.revision == snap.revision and snap.is_current \
            and snap.status != "draft"
        self.review_revise_button.setVisible(offer)
        colour = {"perlu_perbaikan": "#8a5a00", "ditolak": "#b3261e",
                  "disetujui": "#1e6b34"}.get(d.status, "#1d4f91")
        self.review_banner.setStyleSheet(
            f"#reviewBanner {{ background: #fff4e5; border-bottom: 1px solid #f2c48b; }}"
            f" #reviewBanner QLabel {{ color: {colour}; font-weight: 600; }}"
            if d.needs_fix else
            f"#reviewBanner {{ background: #eef4fb; border-bottom: 1px solid #c9d8ec; }}"
            f" #reviewBanner QLabel {{ color: {colour}; }}")
        self.review_banner.setVisible(True)
        return offer

    def _on_revision_button_clicked(self) -> None:
        self.revision_requested.emit(self.revision_id)

    # ================================================================ closing

    def has_unsaved(self) -> bool:
        return self.queue.has_unsaved()

    def try_close(self) -> bool:
        """Flush, wait for writes in flight; False (and the banner stays) if any failed."""
        self.queue.flush()
        if self.queue.inflight:
            self.executor.wait_for_done(CLOSE_WAIT_MS)
        if self.queue.failures:
            self._flash_blocked()
            return False
        if self.queue.inflight:
            return False
        if self._refused_on_screen() and not self._discard_refused:
            self._ask_about_refused()
            return False
        self.queue.stop()
        self._remove_temp_files()
        return True

    def _refused_on_screen(self) -> list[Key]:
        """Refused values still shown (a removed table row takes its own with it)."""
        rows = self.snapshot.rows if self.snapshot is not None else {}
        live = {r for ids in rows.values() for r in ids}
        return [k for k in self.refused if not k[1] or k[1] in live]

    def _ask_about_refused(self) -> QMessageBox:
        """Closing with a refused value on screen: say so instead of dropping it silently
        (issue 12); the stored answer is the last one that was accepted."""
        lines = []
        for item, row in self._refused_on_screen():
            where = self._item_label(item)
            owner = self.template.repeat_of(item) if self.template is not None else None
            if row and owner is not None and self.snapshot is not None:
                ids = self.snapshot.rows.get(owner.name, [])
                if row in ids:
                    where = _("{item}, baris {n}").format(item=where, n=ids.index(row) + 1)
            lines.append(f"• {where}: {self.refused[(item, row)]}")
        box = QMessageBox(QMessageBox.Icon.Warning, _("Ada isian yang ditolak"),
                          _("Isian berikut ditolak dan TIDAK tersimpan:"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setInformativeText("\n".join(lines) + "\n\n" + _(
            "Yang tersimpan adalah jawaban terakhir yang diterima. Perbaiki isian itu, atau "
            "buang dan tutup."))
        fix = box.addButton(_("Perbaiki"), QMessageBox.ButtonRole.RejectRole)
        drop = box.addButton(_("Buang isian ini dan tutup"),
                             QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(fix)
        first = self._refused_on_screen()[0]
        fix.clicked.connect(lambda: self.focus_item(*first))

        def discard() -> None:
            self._discard_refused = True
            self.window().close()

        drop.clicked.connect(discard)
        self.close_confirm = box
        box.open()
        return box

    def _remove_temp_files(self) -> None:
        folder = self.temp_dir()
        for path in self._temp_files:
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass  # still open in a viewer (Windows): removed next time
        self._temp_files.clear()
        try:
            if folder.exists():
                cutoff = dt.datetime.now().timestamp() - 24 * 3600
                for old in folder.iterdir():
                    if old.stat().st_mtime < cutoff:
                        old.unlink(missing_ok=True)
        except OSError:
            pass

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closing or self.try_close():
            self._closing = True
            event.accept()
        else:
            event.ignore()


__all__ = ["AssessmentEditor", "confirm", "open_url", "pick_files"]
