"""Tinjauan: the office's review status of each assessment.

* :class:`ReviewPanel` — one assessment: its current status, "Buka penilaian" (the editor,
  read only: a field record is never revised at the office) and "Pratinjau PDF" (the
  report, regenerated from the record), a choice of Diterima / Perlu perbaikan / Disetujui
  / Ditolak with a comment, and the history (append-only). The decisions go back to the
  laptops in receipts ("Kirim keputusan ke laptop…", ``SyncService.review_receipts``).
* :class:`ReviewDialog` — the panel in a dialog (from the assessment list, office mode).
* :class:`ReviewPage` — the finalised assessments with their review status, filtered by
  status (with counts) and searched; the panel beside the list.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QWidget,
)

from assessor_app.core.errors import AppError
from assessor_app.formatting import is_competency, percent_text, verdict_label
from assessor_app.i18n import _
from assessor_app.messages import describe
from assessor_app.services.review import (
    NEEDS_COMMENT,
    NEEDS_FINAL,
    REVIEW_STATUSES,
    Review,
    ReviewItem,
    ReviewService,
)
from assessor_app.services.runtime import Services
from assessor_app.ui.focus import wheel_needs_focus
from assessor_app.ui.geometry import fit_to_screen
from assessor_app.ui.models.format import format_datetime
from assessor_app.ui.office.models import (
    REVIEW_COLOURS,
    ReviewHistoryModel,
    ReviewListModel,
)
from assessor_app.ui.settings import load_profile
from assessor_app.ui.tasks import ASSESSMENTS, REVIEWS, Executor
from assessor_app.ui.views.base import Page, ServiceDialog, ServiceWidget
from assessor_app.ui.views.common import (
    ElidedLabel,
    InlineError,
    SearchBox,
    StretchFloor,
    hbox,
    hint_label,
    make_button,
    make_table,
    scroll_area,
    select_row,
    vbox,
)
from assessor_app.vocabulary import review_label, review_labels, status_label


def review_service(services: Services) -> ReviewService:
    return services.review


def reviewer_name(services: Services) -> str:
    """The profile's name (Pengaturan), as it is printed under signatures."""
    profile = load_profile(services.registry)
    return profile.display_name or services.registry.actor or ""


class _HistoryTable(QTableView):
    """Asks for no more height than its minimum (a few rows): the review panel scrolls
    only when its form does not fit, and the history takes what is left under it."""

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class ReviewPanel(ServiceWidget):
    """Review one assessment; after a save it shows the new status and history (the lists
    follow through the store-change bus)."""

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor)
        self.reviews = review_service(services)
        self.assessment_id: str | None = None
        self.revision_id: str | None = None  # the current revision shown
        self._final = False
        self._revision = 0
        # how "Buka penilaian" opens a revision (the main window's editor windows); None:
        # the panel opens its own window
        self.opener: Callable[[str], Any] | None = None
        self.window_opened: Any = None
        self.launcher: Any = None

        self.heading = QLabel(_("Pilih penilaian di daftar."), self)
        self.heading.setObjectName("reviewHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.current_label = QLabel(self)
        self.current_label.setWordWrap(True)
        self.current_label.setTextFormat(Qt.TextFormat.PlainText)
        self.open_button = make_button(self, _("&Buka penilaian"), self.open_assessment,
                                       _("Buka isi penilaian (hanya baca)"))
        self.pdf_button = make_button(self, _("Pratinjau &PDF"), self.preview_pdf,
                                      _("Laporan PDF penilaian ini, disusun dari datanya"))
        from assessor_app.ui.views.reports import reports_available

        self.pdf_button.setVisible(reports_available())

        box = QGroupBox(_("Keputusan"), self)
        self.status_group = QButtonGroup(self)
        self.status_buttons: dict[str, QRadioButton] = {}
        tips = {
            "diterima": _("Berkas sudah diterima kantor, belum diperiksa."),
            "perlu_perbaikan": _("Asesor perlu memperbaiki; komentar wajib."),
            "disetujui": _("Hanya untuk penilaian final atau terkunci."),
            "ditolak": _("Komentar wajib; hanya untuk penilaian final atau terkunci."),
        }
        grid = QGridLayout()
        for n, (key, label) in enumerate(review_labels().items()):
            button = QRadioButton(label, box)
            button.setToolTip(tips[key])
            button.setStyleSheet(f"QRadioButton {{ color: {REVIEW_COLOURS[key]}; "
                                 "font-weight: 600; }")
            self.status_group.addButton(button)
            self.status_buttons[key] = button
            grid.addWidget(button, n // 2, n % 2)
        self.rules = hint_label(_("Perlu perbaikan dan Ditolak wajib diberi komentar. "
                                  "Disetujui dan Ditolak hanya untuk penilaian yang sudah "
                                  "final."), box)
        grid.addWidget(self.rules, 2, 0, 1, 2)
        self.status_group.buttonToggled.connect(self._on_status_toggled)
        self.comment = QPlainTextEdit(self)
        self.comment.setPlaceholderText(_("Komentar untuk asesor (apa yang perlu "
                                          "diperbaiki, alasan penolakan…)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.fontMetrics().height() * 5)
        self.comment.setAccessibleName(_("Komentar"))
        self.reviewer = QLineEdit(reviewer_name(services), self)
        self.reviewer.setAccessibleName(_("Peninjau"))
        self.error = InlineError(self)
        self.save_button = QPushButton(_("&Simpan status"), self)
        self.save_button.setObjectName("primary")
        self.save_button.clicked.connect(self.save)
        form = QFormLayout()
        form.addRow(_("Komentar"), self.comment)
        form.addRow(_("Peninjau"), self.reviewer)
        vbox(box, grid, form, self.error, hbox(None, self.save_button))

        self.history_model = ReviewHistoryModel(lang, self)
        self.history = make_table(self, self.history_model, _("Riwayat tinjauan"),
                                  stretch_column=4, widths={0: 112, 1: 112, 2: 36, 3: 110},
                                  view=_HistoryTable)
        self.history.setWordWrap(True)
        self.history.setMinimumHeight(self.fontMetrics().height() * 8)
        self.history_model.modelReset.connect(self.history.resizeRowsToContents)
        history_title = QLabel(_("Riwayat tinjauan"), self)
        history_title.setObjectName("sectionTitle")
        vbox(self, self.heading, self.current_label,
             hbox(self.open_button, self.pdf_button, None), box, history_title,
             (self.history, 1), margins=False)
        self.heading.setStyleSheet("font-size: 12pt; font-weight: 600; color: #1f3a5f;")
        self.setMinimumWidth(340)
        self._set_enabled(False)

    # ------------------------------------------------------------ loading

    def _set_enabled(self, on: bool) -> None:
        for w in (*self.status_buttons.values(), self.comment, self.reviewer,
                  self.save_button, self.open_button, self.pdf_button):
            w.setEnabled(on)

    def clear(self) -> None:
        self.assessment_id = None
        self.revision_id = None
        self.heading.setText(_("Pilih penilaian di daftar."))
        self.current_label.clear()
        self.history_model.set_rows([])
        self._set_enabled(False)

    def load(self, ref: str) -> None:
        """Show the assessment (assessment id or revision id): reads two small queries."""
        try:
            row = self.services.assessments.resolve(ref)
            row = self.services.assessments.resolve(row.assessment_id)  # its current revision
            history = self.reviews.history(row.assessment_id)
        except AppError as exc:
            self.clear()
            self.error.show_error(describe(exc, self.lang))
            return
        self.assessment_id = row.assessment_id
        self.revision_id = row.id
        self._revision = row.revision
        self._final = row.status != "draft"
        kind = self.services.templates.kind_of(row.template_id)
        self.heading.setText(_("{subject} · {template} · revisi {rev}").format(
            subject=row.subject_name, template=row.template_code, rev=row.revision))
        if is_competency(kind):  # K / BK / OL only: no percentage, no "lulus"
            facts = _("Status: {status} · Hasil: {verdict}").format(
                status=status_label(row.status), verdict=verdict_label(row.verdict, kind))
        else:
            facts = _("Status: {status} · Nilai: {score} · Hasil: {verdict}").format(
                status=status_label(row.status), score=percent_text(row.score_percent, kind),
                verdict=verdict_label(row.verdict, kind))
        self.history_model.set_rows(list(reversed(history)))
        self._show_current(history[-1] if history else None, facts)
        self._set_enabled(True)
        for key in NEEDS_FINAL:
            self.status_buttons[key].setEnabled(self._final)
        self.error.clear_error()
        self.comment.clear()
        self.status_group.setExclusive(False)
        for b in self.status_buttons.values():
            b.setChecked(False)
        self.status_group.setExclusive(True)

    def _show_current(self, latest: Review | None, facts: str) -> None:
        if latest is None:
            text = _("Tinjauan: belum ditinjau")
            colour = "#5b6673"
        else:
            text = _("Tinjauan: {status} oleh {who}, {when}").format(
                status=review_label(latest.status), who=latest.reviewer,
                when=format_datetime(latest.created_at, self.lang))
            if latest.revision != self._revision:
                text += " " + _("(untuk revisi {n})").format(n=latest.revision)
            colour = REVIEW_COLOURS.get(latest.status, "#5b6673")
        self.current_label.setText(f"{facts}\n{text}")
        self.current_label.setStyleSheet(f"color: {colour};")

    # ------------------------------------------------------------ the record itself

    def open_assessment(self) -> Any:
        """The current revision in the editor, read only (finalised, and a field record is
        never revised here)."""
        if self.revision_id is None:
            return None
        if self.opener is not None:
            return self.opener(self.revision_id)
        from assessor_app.ui.views.assessment_window import AssessmentWindow

        window = AssessmentWindow(self.services, self.revision_id, self.lang, None,
                                  self.executor)
        window.show()
        self.window_opened = window
        return window

    def preview_pdf(self) -> None:
        """The report of the current revision in the PDF preview (rendered on the lane)."""
        if self.revision_id is None:
            return
        from assessor_app.ui.views.reports import ReportLauncher, assessment_source

        if self.launcher is None:
            self.launcher = ReportLauncher(self, lambda: self.services.reports,
                                           executor=self.executor, lang=self.lang)
        try:
            source = assessment_source(self.services, self.launcher.service, self.revision_id)
        except AppError as exc:
            self.error.show_error(describe(exc, self.lang))
            return
        self.launcher.preview(source)

    # ------------------------------------------------------------ saving

    def selected_status(self) -> str | None:
        for key, button in self.status_buttons.items():
            if button.isChecked():
                return key
        return None

    def choose(self, status: str) -> None:
        self.status_buttons[status].setChecked(True)

    def _on_status_toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.error.clear_error()
            status = self.selected_status()
            self.comment.setPlaceholderText(
                _("Komentar wajib diisi") if status in NEEDS_COMMENT else
                _("Komentar (tidak wajib)"))

    def save(self) -> None:
        """Validate here (plain words at once), then write on the DB lane."""
        status = self.selected_status()
        if self.assessment_id is None:
            return
        if status is None:
            self.error.show_error(_("Pilih salah satu status."))
            return
        comment = self.comment.toPlainText().strip()
        if status in NEEDS_COMMENT and not comment:
            self.error.show_error(_("Komentar wajib diisi untuk status {status}.").format(
                status=review_label(status)))
            self.comment.setFocus()
            return
        reviewer = self.reviewer.text().strip()
        aid = self.assessment_id
        self.save_button.setEnabled(False)
        (self.op(lambda: self.reviews.set_status(aid, status, comment, reviewer))
         .changes(REVIEWS)
         .success(lambda review: self.load(review.assessment_id))
         .failure(lambda exc: self.show_failure(exc, self.error))
         .finished(lambda: self.save_button.setEnabled(self.assessment_id is not None))
         .run())

class ReviewDialog(ServiceDialog):
    def __init__(self, services: Services, ref: str, lang: str = "id",
                 parent: QWidget | None = None, executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Tinjauan penilaian"))
        self.panel = ReviewPanel(services, lang, self, executor)
        self.panel.load(ref)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
        close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        vbox(self, (scroll_area(self, self.panel), 1), buttons)
        fit_to_screen(self, QSize(620, 640), QSize(420, 360))


class ReviewPage(Page):
    """Finalised assessments with their review status, and the review panel."""

    def __init__(self, services: Services, lang: str = "id", parent: QWidget | None = None,
                 executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor, title=_("Tinjauan penilaian"))
        self.reviews = review_service(services)
        self.count_label = ElidedLabel(self)  # gives way first on a narrow window
        self.count_label.setObjectName("count")
        self.filter = wheel_needs_focus(QComboBox(self))
        self.filter.setAccessibleName(_("Status tinjauan"))
        self.filter.addItem(_("Semua"), None)
        self.filter.addItem(review_label(None), "none")
        for key in REVIEW_STATUSES:
            self.filter.addItem(review_label(key), key)
        self.filter.setMinimumContentsLength(20)
        self.search = SearchBox(_("Cari subjek, templat atau ID…"),
                                lambda _t: self.refresh(), self)
        self.model = ReviewListModel(lang, self)
        # the template code gives way on a narrow window (it is cut anyway), not the
        # subject: with the subject stretching, 683x400 left it a few letters
        self.table = make_table(self, self.model, _("Daftar tinjauan"), stretch_column=2,
                                widths={0: 170, 1: 130, 3: 90, 4: 46, 5: 36})
        StretchFloor(self.table, [2], 110)  # and no narrower: "FR.AK.03.J6…"
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self._on_row(current.row()))
        self.panel = ReviewPanel(services, lang, self, executor)
        self.table.doubleClicked.connect(lambda _i: self.panel.open_assessment())

        self.send_button = QPushButton(_("Kirim keputusan ke laptop…"), self)
        self.send_button.setToolTip(_(
            "Tulis tanda terima berisi keputusan tinjauan dan penarikan persetujuan untuk "
            "setiap laptop ke sebuah folder (flashdisk); asesor mengimpornya dan melihat "
            "komentar Perlu perbaikan"))
        self.send_button.clicked.connect(self.choose_receipt_folder)
        self.sent_label = QLabel(self)
        self.sent_label.setWordWrap(True)
        self.sent_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sent_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sent_label.setVisible(False)
        self.written: list[Any] = []
        self.add_to_head(self.count_label, self.send_button)
        left = QWidget(self)
        vbox(left, hbox((self.search, 1), self.filter), (self.table, 1), margins=False)
        self.split = split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        # on a 1024x600 screen the list and a receipt line leave the panel less height
        # than its form needs: it scrolls instead of squeezing the rules and the comment
        split.addWidget(scroll_area(self, self.panel))
        split.setStretchFactor(0, 3)  # the list keeps its columns on a 1024-px screen
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        split.setSizes([660, 420])
        self.add_to_body(self.sent_label, (split, 1))
        self.filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh()
        self.watch_store((REVIEWS, ASSESSMENTS), lambda _t: self.refresh())

    #: Below this width the panel goes under the list instead of beside it: side by side
    #: on 1024x600 at 150 % (683x400), the decision's buttons and the list's columns were
    #: cut off at the window's edge.
    SIDE_BY_SIDE_WIDTH = 640  # a 1024-px screen gives the page about 760

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        wanted = Qt.Orientation.Horizontal if event.size().width() >= \
            self.SIDE_BY_SIDE_WIDTH else Qt.Orientation.Vertical
        if self.split.orientation() != wanted:
            self.split.setOrientation(wanted)

    def choose_receipt_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        folder = QFileDialog.getExistingDirectory(self, _("Folder tanda terima tinjauan"))
        if folder:
            self.write_receipts(Path(folder))

    def write_receipts(self, folder: Path) -> None:
        """Write the decisions back to every laptop (one receipt each) into ``folder``."""
        sync = self.services.sync

        def done(written: list[Any]) -> None:
            self.written = written
            self.sent_label.setVisible(True)
            if not written:
                self.sent_label.setText(_("Belum ada keputusan tinjauan atau penarikan "
                                          "persetujuan untuk dikirim."))
                return
            # the folder once, on its own line (a path does not wrap); the files in it are
            # named after the laptop and its bundle
            lines = [_("Tanda terima ditulis ke {folder}:").format(folder=folder)]
            lines += ["• " + _("{device}: {n} keputusan ({fix} perlu perbaikan), {w} penarikan "
                               "persetujuan").format(device=w.device_name, n=w.reviews,
                                                     fix=w.needs_fix, w=w.withdrawals)
                      for w in written]
            self.sent_label.setText("\n".join(lines))

        self.send_button.setEnabled(False)
        (self.op(lambda: sync.review_receipts(folder))
         .success(done)
         .failure(self._receipts_failed)
         .finished(lambda: self.send_button.setEnabled(True))
         .run())

    def _receipts_failed(self, exc: BaseException) -> None:
        self.sent_label.setVisible(True)
        self.sent_label.setText(describe(exc, self.lang) if isinstance(exc, AppError)
                                else type(exc).__name__)

    def refresh(self) -> None:
        """Re-read the list and the counts on the DB lane (every finalised assessment of
        the office: too many to read on the GUI thread)."""
        status, search, reviews = self.filter.currentData(), self.search.text(), self.reviews

        def work() -> tuple[list[ReviewItem], dict[str, int]]:
            return reviews.overview(status, search), reviews.counts()

        (self.op(work)
         .success(lambda out: self._show(*out))
         .failure(lambda exc: self.count_label.setText(
             describe(exc, self.lang) if isinstance(exc, AppError) else type(exc).__name__))
         .run())

    def _show(self, items: list[ReviewItem], counts: dict[str, int]) -> None:
        current = self.panel.assessment_id
        self.model.set_rows(items)
        self.filter.blockSignals(True)
        self.filter.setItemText(0, _("Semua ({n})").format(n=sum(counts.values())))
        for i in range(1, self.filter.count()):
            key = self.filter.itemData(i)
            self.filter.setItemText(i, f"{review_label(key)} ({counts.get(key, 0)})")
        self.filter.blockSignals(False)
        self.count_label.setText(_("{n} penilaian final · {todo} belum ditinjau").format(
            n=sum(counts.values()), todo=counts.get("none", 0)))
        if current is not None and self.select(current):
            return
        if self.model.rowCount():
            self.table.selectRow(0)
            self._on_row(0)
        else:
            self.panel.clear()

    def select(self, assessment_id: str) -> bool:
        row = self.model.row_of(assessment_id)
        if not select_row(self.table, row):
            return False
        self._on_row(row)
        return True

    def item_at(self, row: int) -> ReviewItem:
        return self.model.row_at(row)

    def _on_row(self, row: int) -> None:
        if 0 <= row < self.model.rowCount():
            aid = self.model.row_at(row).assessment_id
            if aid != self.panel.assessment_id:
                self.panel.load(aid)
