"""The evidence of a whole assessment in one place ("Galeri bukti", Ctrl+G in the editor):
thumbnails with caption, the KUK/item they belong to and when/where a photo was taken;
open one full size; remove one while the record is still a draft.

The gallery only shows and asks: opening, removing and loading full-size bytes are the
editor's (it owns the save queue and the database lane).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.template import Template
from assessor_app.formatting import item_caption, photo_taken
from assessor_app.i18n import _, ngettext
from assessor_app.services.assessments import Evidence
from assessor_app.ui.editor.evidence import ROLE_EVIDENCE, EvidenceList
from assessor_app.ui.views.common import make_button

THUMB = QSize(200, 150)


def item_title(template: Template | None, ev: Evidence, lang: str, limit: int = 56) -> str:
    """'KUK 1.2 Mengidentifikasi kebutuhan ...' (the KUK/item the evidence belongs to)."""
    item = template.find_item(ev.item) if template is not None else None
    if item is None:
        return ev.item
    return item_caption(item, lang, limit)


def evidence_lines(ev: Evidence, template: Template | None, lang: str,
                   timezone: str | None) -> tuple[str, str, str]:
    """(caption, item, taken) as the gallery shows them."""
    caption = ev.caption or ev.original_name or ev.media_sha256[:12]
    if len(caption) > 40:
        caption = caption[:39].rstrip() + "…"
    taken = photo_taken(ev.taken_at, ev.latitude, ev.longitude, timezone, lang)
    return caption, item_title(template, ev, lang), taken


class EvidenceGallery(QDialog, EvidenceList):
    """All evidence of one assessment as a grid of thumbnails."""

    open_requested = Signal(object)  # Evidence
    remove_requested = Signal(object)  # Evidence

    def __init__(self, parent: QWidget | None, evidence: list[Evidence],
                 thumbs: dict[str, bytes], template: Template | None, *, lang: str = "id",
                 timezone: str | None = "WIB", read_only: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("evidenceGallery")
        self.setWindowTitle(_("Galeri bukti"))
        self.template = template
        self.lang = lang
        self.timezone = timezone
        self.read_only = read_only
        self.thumbs = thumbs

        self.count_label = QLabel("", self)
        self.count_label.setObjectName("galleryCount")
        self.list = QListWidget(self)
        self.list.setObjectName("galleryList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setWrapping(True)
        self.list.setWordWrap(True)
        self.list.setIconSize(THUMB)
        # room under each thumbnail for caption, KUK (two lines) and when/where
        self.list.setGridSize(QSize(THUMB.width() + 48, THUMB.height() + 104))
        self.list.setSpacing(4)
        self.list.itemActivated.connect(self._on_list_item_activated)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        self.empty_label = QLabel(_("Belum ada bukti pada penilaian ini."), self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.open_button = make_button(self, _("Lihat"), self._on_open_button_clicked,
                                       _("Buka bukti terpilih dalam ukuran penuh (Enter)"))
        self.remove_button = make_button(self, _("Hapus"), self._on_remove_button_clicked,
                                         _("Hapus bukti terpilih (Del)"))
        self.remove_button.setVisible(not read_only)
        close = QPushButton(_("Tutup"), self)
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list,
                  self._on_remove_button_clicked,
                  context=Qt.ShortcutContext.WidgetShortcut)

        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.count_label)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_label, 1)
        layout.addLayout(buttons)
        self.set_evidence(evidence)
        w, h = 4 * (THUMB.width() + 56) + 40, 2 * (THUMB.height() + 112) + 100
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:  # never larger than the screen (a 1024x600 netbook)
            w, h = min(w, int(screen.width() * 0.9)), min(h, int(screen.height() * 0.9))
        self.resize(w, h)

    # ------------------------------------------------------------ content

    def set_evidence(self, evidence: list[Evidence]) -> None:
        self.list.clear()
        for ev in evidence:
            self._add(ev)
        self._after_change()

    def _add(self, ev: Evidence) -> None:
        caption, where, taken = evidence_lines(ev, self.template, self.lang, self.timezone)
        item = QListWidgetItem(self.thumbnail(self.thumbs.get(ev.media_sha256)),
                               "\n".join(x for x in (caption, where, taken) if x))
        item.setData(ROLE_EVIDENCE, ev)
        full = item_title(self.template, ev, self.lang, 10_000)
        item.setToolTip("\n".join(x for x in (ev.caption, full, taken, ev.original_name,
                                              f"{ev.size // 1024} KB · {ev.mime}") if x))
        self.list.addItem(item)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def _after_change(self) -> None:
        n = self.list.count()
        self.count_label.setText(ngettext("{n} bukti", "{n} bukti", n).format(n=n))
        self.list.setVisible(n > 0)
        self.empty_label.setVisible(n == 0)
        if n and not self.list.selectedItems():
            self.list.setCurrentRow(0)
        self._update_buttons()


class PhotoViewer(QDialog):
    """One photo full size (scrolls when larger than the window), with its caption."""

    def __init__(self, parent: QWidget | None, data: bytes, title: str,
                 details: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("photoViewer")
        self.setWindowTitle(title)
        self.pixmap = QPixmap()
        self.pixmap.loadFromData(data)
        self.image = QLabel(self)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setPixmap(self.pixmap)
        area = QScrollArea(self)
        area.setWidget(self.image)
        area.setWidgetResizable(True)
        area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.details = QLabel(details, self)
        self.details.setWordWrap(True)
        self.details.setVisible(bool(details))
        close = QPushButton(_("Tutup"), self)
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.details, 1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(area, 1)
        layout.addLayout(row)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        w, h = self.pixmap.width() + 40, self.pixmap.height() + 90
        if screen is not None:
            w, h = min(w, int(screen.width() * 0.9)), min(h, int(screen.height() * 0.9))
        self.resize(max(w, 320), max(h, 240))
