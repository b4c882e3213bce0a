"""Alur sertifikasi: the BNSP certification event of one visit, in its own window.

* the scheme (the visit's by default, any installed MUK 2023 scheme to choose from);
* a grid asesi x instruments (FR.APL.01 ... FR.AK.04): each cell says in a word and a colour
  where the instrument is (belum / draf / final / ditandatangani sebagian / ditandatangani)
  and the instrument's verdict (K or OL; K/BK on FR.AK.02). Enter or a double click opens
  the record in the editor, or starts it ("Mulai") through ``CertificationService.start``;
  a refusal (FR.IA before the signed FR.AK.01) shows in plain words above the grid;
* "Tambah asesi…": an asesi from the registry enters the event with their FR.APL.01;
* the batch row: FR.AK.05 started from, or refilled from ("Isi dari FR.AK.02"), the signed
  FR.AK.02 decisions;
* for the selected asesi, the units: the FR.AK.02 proposal from the KUK evidence, the KUK
  still open and which instrument can ask about them, the assessor's decision;
* what still keeps the day from being closed (or "Semua lengkap").

Everything it shows is read on the database lane (:func:`load_event`) and re-read when a
write announces that assessments, the registry, visits or templates changed; its own writes
run on the lane too and say what they changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPen,
    QShortcut,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from assessor_app import APP_DISPLAY_NAME
from assessor_app.core.errors import AppError
from assessor_app.i18n import _
from assessor_app.messages import message
from assessor_app.services.certification import EventStatus
from assessor_app.services.registry import mask_nik
from assessor_app.services.runtime import Services
from assessor_app.ui.errors import show_error
from assessor_app.ui.geometry import fit_to_screen, restore_or_fit
from assessor_app.ui.models.event_models import (
    SHORT_ROLE,
    STATE_COLOURS,
    VERDICT_COLOURS,
    VERDICT_ROLE,
    EventGridModel,
    EventSnapshot,
    UnitsModel,
    load_event,
    short_state_words,
    visit_line,
)
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import ASSESSMENTS, REGISTRY, REPORTS, TEMPLATES, VISITS, Executor, Op
from assessor_app.ui.views.base import LaneRead, ServiceDialog, ServiceWidget
from assessor_app.ui.views.common import (
    InlineError,
    SearchBox,
    StretchFloor,
    dialog_buttons,
    empty_label,
    filter_combo,
    hbox,
    hint_label,
    open_dialog,
    open_folder_of,
    page_title,
    select_value,
    setup_table,
    vbox,
)
from assessor_app.ui.views.drafts import ask_then
from assessor_app.ui.views.registry_dialogs import AssesseeDialog
from assessor_app.vocabulary import state_word, state_words, verdict_words

BATCH_FORM = "FR.AK.05"
OK_COLOUR, BLOCKED_COLOUR = "#1e6b34", "#b3261e"


def chip_style(state: str | None) -> str:
    fg, bg = STATE_COLOURS.get(state, STATE_COLOURS[None])
    return (f"QLabel {{ color: {fg}; background: {bg}; border-radius: 4px; "
            "padding: 2px 8px; font-weight: 600; }")


#: the heading's padding on each side (app.qss: QHeaderView::section), and a pixel of border
_HEADING_PADDING = 7


def legend_html() -> str:
    """The colours and words of the grid, and the short words of a narrow cell."""
    words, short = state_words(), short_state_words()
    chips = []
    for state in (None, "draft", "complete", "signed", "locked"):
        fg, bg = STATE_COLOURS[state]
        text = short[state] if short[state] == words[state] else \
            f"{short[state]} = {words[state]}"
        chips.append(f'<span style="color:{fg}; background:{bg};">&nbsp;{text}&nbsp;</span>')
    return "&nbsp; ".join(chips)


class StepDelegate(QStyledItemDelegate):
    """Paints an instrument cell: a coloured box with the state word (the short word when
    the full one does not fit) and, under it, the verdict (K / OL / BK) in its colour.
    The name column is painted as usual, bold on the selected asesi's row."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        if index.column() == 0:
            if index.row() == self.table.currentIndex().row():
                option = QStyleOptionViewItem(option)
                option.font.setBold(True)
            super().paint(painter, option, index)
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(option.rect).adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QPen(QColor("#1f3a5f"), 2) if selected else Qt.PenStyle.NoPen)
        painter.setBrush(index.data(Qt.ItemDataRole.BackgroundRole))
        painter.drawRoundedRect(rect, 4, 4)
        metrics = option.fontMetrics
        word = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        room = int(rect.width()) - 6
        if metrics.horizontalAdvance(word) > room:
            word = metrics.elidedText(str(index.data(SHORT_ROLE) or ""),
                                      Qt.TextElideMode.ElideRight, room)
        verdict = index.data(VERDICT_ROLE)
        painter.setPen(index.data(Qt.ItemDataRole.ForegroundRole))
        centre = Qt.AlignmentFlag.AlignCenter
        if not verdict:
            painter.drawText(rect, centre, word)
        else:
            half = rect.height() / 2
            painter.drawText(QRectF(rect.left(), rect.top() + 2, rect.width(), half - 2),
                             centre, word)
            font = QFont(option.font)
            font.setBold(True)
            painter.setFont(font)
            painter.setPen(QColor(VERDICT_COLOURS.get(verdict, "#000000")))
            painter.drawText(QRectF(rect.left(), rect.top() + half - 1, rect.width(), half - 1),
                             centre, str(verdict))
        painter.restore()


class AddAsesiDialog(ServiceDialog):
    """Pick an asesi of the registry (or add one); the event starts their FR.APL.01."""

    def __init__(self, services: Services, exclude: set[str], lang: str = "id",
                 parent: QWidget | None = None) -> None:
        super().__init__(services, lang, parent, title=_("Tambah asesi ke alur sertifikasi"),
                         min_width=480)
        self.exclude = exclude
        self.chosen: str | None = None
        intro = hint_label(_("Asesi masuk ke alur dengan FR.APL.01 (permohonan sertifikasi) "
                             "yang dimulai untuknya. Asesi yang sudah ada di alur tidak "
                             "ditampilkan."), self)
        self.search = SearchBox(_("Cari nama asesi…"), self.fill, self)
        self.people = QListWidget(self)
        self.people.setAccessibleName(_("Daftar asesi"))
        self.people.itemDoubleClicked.connect(lambda _item: self.accept())
        self.new_button = QPushButton(_("Asesi &baru…"), self)
        self.new_button.clicked.connect(self.add_person)
        self.error = InlineError(self)
        buttons, self.ok_button = dialog_buttons(self, _("Mulai FR.APL.01"))
        vbox(self, intro, hbox((self.search, 1), self.new_button), (self.people, 1),
             self.error, buttons)
        fit_to_screen(self, QSize(520, 420), QSize(360, 260))
        self.fill()

    def fill(self, text: str = "", select: str | None = None) -> None:
        self.people.clear()
        for person in self.services.registry.assessees(text.strip()):
            if person.id in self.exclude:
                continue
            label = person.name + (f" · {mask_nik(person.nik)}" if person.nik else "")
            item = QListWidgetItem(label, self.people)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            if person.id == select:
                self.people.setCurrentItem(item)
        if self.people.currentItem() is None and self.people.count():
            self.people.setCurrentRow(0)

    def select(self, assessee_id: str) -> bool:
        return select_value(self.people, assessee_id)

    def add_person(self) -> AssesseeDialog:
        dialog = AssesseeDialog(self.services.registry, None, self.lang, self)
        return open_dialog(dialog, lambda: self.fill(
            self.search.text(), dialog.saved.id if dialog.saved is not None else None))

    def accept(self) -> None:
        item = self.people.currentItem()
        if item is None:
            self.error.show_error(_("Pilih asesi di daftar, atau tambahkan asesi baru."))
            return
        self.chosen = str(item.data(Qt.ItemDataRole.UserRole))
        super().accept()


class EventView(ServiceWidget):
    """The event of one visit (see the module's doc)."""

    open_requested = Signal(str)  # revision id: open it in the editor
    batch_refilled = Signal(str)  # revision id of the FR.AK.05 whose rows were refilled
    status_message = Signal(str)  # a short note for the window's status bar
    title_changed = Signal(str)
    send_requested = Signal(str)  # visit id: "Kirim hasil kunjungan…"

    def __init__(self, services: Services, visit_id: str, lang: str = "id",
                 parent: QWidget | None = None, executor: Executor | None = None) -> None:
        super().__init__(services, lang, parent, executor)
        self.visit_id = visit_id
        self.scheme_ref: str | None = None  # chosen in the combo; None: the visit's
        self.snapshot: EventSnapshot | None = None
        self.window_title = f"{_('Alur sertifikasi')} — {APP_DISPLAY_NAME}"
        self.add_dialog: AddAsesiDialog | None = None
        self._want: tuple[str | None, str | None] = (None, None)  # (asesi, form) to select
        self.reader = LaneRead(self, self._read, self._show, self._load_failed)
        self._busy = False
        self._restoring = False  # the selection is put back after a refresh

        # --- head: title, visit, scheme
        self.title = page_title(_("Alur sertifikasi"), self)
        self.scheme_combo = filter_combo(self, _("Skema"), 44)
        # the room the title row has to spare goes to the scheme's title (it was cut at
        # 44 characters on a 1366 screen), and the whole of it is in the tooltip
        self.scheme_combo.setSizePolicy(QSizePolicy.Policy.Expanding,
                                        QSizePolicy.Policy.Fixed)
        self.scheme_combo.currentTextChanged.connect(self.scheme_combo.setToolTip)
        self.scheme_combo.activated.connect(self._on_scheme_chosen)  # the user's choice only
        self.scheme_box: QMessageBox | None = None  # "Ganti skema kunjungan?" while asked
        scheme_label = QLabel(_("&Skema"), self)
        scheme_label.setBuddy(self.scheme_combo)
        self.visit_label = hint_label("", self)
        self.scheme_note = hint_label(_("Kunjungan ini belum terhubung ke skema yang "
                                        "terpasang: pilih skemanya di kanan atas."), self)
        self.scheme_note.hide()
        # --- the day: print every final report at once, send the visit's results
        self.print_all_button = QPushButton(_("Simpan semua laporan…"), self)
        self.print_all_button.setToolTip(_(
            "Setiap penilaian final kunjungan ini sebagai PDF (satu berkas per rekaman, "
            "masing-masing dapat diverifikasi) dalam satu folder baru, untuk dicetak sekaligus"))
        self.print_all_button.clicked.connect(self.save_all_reports)
        self.print_button = QPushButton(_("&Cetak semua…"), self)
        self.print_button.setToolTip(_(
            "Cetak setiap penilaian final kunjungan ini dalam satu kali cetak; setiap "
            "laporan tercatat dan dapat diverifikasi dengan kodenya"))
        self.print_button.clicked.connect(self.print_all_reports)
        self.ask_printer: Any = None  # seam for tests: the print dialog
        self.print_job: Any = None
        self.send_button = QPushButton(_("&Kirim hasil kunjungan…"), self)
        self.send_button.setToolTip(_("Kirim penilaian final kunjungan ini ke kantor"))
        self.send_button.clicked.connect(lambda: self.send_requested.emit(self.visit_id))
        self.saved_reports: list[Any] = []

        # --- tools over the grid
        self.add_button = QPushButton(_("Tambah &asesi…"), self)
        self.add_button.setObjectName("primary")
        self.add_button.setToolTip(_("Pilih asesi dari daftar; FR.APL.01-nya dimulai"))
        self.add_button.clicked.connect(self.add_asesi)
        self.action_button = QPushButton(_("Buka / mulai"), self)
        self.legend = QLabel(legend_html(), self)
        self.legend.setObjectName("hint")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)  # on a narrow window: two lines, not off the edge
        self.notice = InlineError(self)

        # --- the grid
        self.model = EventGridModel(self)
        self.grid = QTableView(self)
        self.grid.setModel(self.model)
        setup_table(self.grid, -1)
        self.grid.setAccessibleName(_("Instrumen per asesi"))
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.grid.setAlternatingRowColors(False)
        self.grid.setShowGrid(False)
        self.grid.setItemDelegate(StepDelegate(self.grid))
        # the instrument columns share the grid's width, each at least as wide as its
        # heading (set with the model's columns: _fit_grid)
        self.instrument_floor = StretchFloor(self.grid, (), 0)
        self.grid.verticalHeader().setDefaultSectionSize(
            2 * self.grid.fontMetrics().height() + 14)
        self.grid.doubleClicked.connect(self.activate)
        self.action_button.clicked.connect(lambda: self.activate(self.grid.currentIndex()))
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.grid)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda: self.activate(self.grid.currentIndex()))
        self.grid.selectionModel().currentChanged.connect(self._on_current_changed)
        self.grid_empty = empty_label(_("Belum ada asesi di alur ini. Tekan \u201cTambah "
                                        "asesi\u201d untuk memulai FR.APL.01 seorang asesi."),
                                      self)
        self.grid_empty.hide()

        # --- the batch row
        self.batch_label = QLabel(_("<b>FR.AK.05</b> Laporan asesmen (batch)"), self)
        self.batch_state = QLabel(self)
        self.batch_button = QPushButton(self)
        self.batch_button.clicked.connect(self.open_or_start_batch)
        self.fill_button = QPushButton(_("&Isi dari FR.AK.02"), self)
        self.fill_button.setToolTip(_("Isi ulang baris asesi FR.AK.05 dari keputusan FR.AK.02 "
                                      "yang sudah ditandatangani (hanya selama FR.AK.05 "
                                      "masih draf)"))
        self.fill_button.clicked.connect(self.fill_batch)

        # --- the selected asesi's units
        self.units_title = QLabel(self)
        self.units_title.setObjectName("sectionTitle")
        self.units_title.setStyleSheet("font-weight: 600; color: #1f3a5f;")
        self.units_model = UnitsModel(self)
        self.units = QTableView(self)
        self.units.setModel(self.units_model)
        setup_table(self.units, 3)
        self.units.setAccessibleName(_("Unit kompetensi asesi terpilih"))
        self.units.setWordWrap(True)
        self.units.setAlternatingRowColors(False)
        header = self.units.horizontalHeader()
        for col, width in ((0, 190), (1, 64), (2, 84)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.units.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

        # --- what keeps the day open
        self.close_state = QLabel(self)
        self.close_state.setWordWrap(True)
        self.close_state.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.missing_list = QListWidget(self)
        self.missing_list.setAccessibleName(_("Yang belum lengkap"))
        self.missing_list.setWordWrap(True)

        # --- layout
        top = QWidget(self)
        vbox(top, hbox(self.add_button, self.action_button, 12, (self.legend, 1)),
             self.notice, (self.grid, 1), self.grid_empty,
             hbox(self.batch_label, self.batch_state, None, self.batch_button,
                  self.fill_button), margins=False)
        units_box = QWidget(self)
        vbox(units_box, self.units_title, (self.units, 1), margins=False)
        close_box = QWidget(self)
        vbox(close_box, self.close_state, (self.missing_list, 1), margins=False)
        bottom = QSplitter(Qt.Orientation.Horizontal, self)
        bottom.addWidget(units_box)
        bottom.addWidget(close_box)
        bottom.setStretchFactor(0, 1)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([500, 500])
        bottom.setChildrenCollapsible(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(top)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        self.no_scheme = empty_label(_(
            "Belum ada skema MUK 2023 yang terpasang. Instrumen skema (FR.APL.01 … FR.AK.05) "
            "datang dari paket tugas kantor (Kirim → Impor paket tugas) atau dari data skema "
            "LSP; setelah terpasang, alur ini terisi sendiri."), self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.no_scheme)
        vbox(self, hbox(self.title, None, scheme_label, (self.scheme_combo, 4)),
             hbox((self.visit_label, 1), self.print_button, self.print_all_button,
                  self.send_button),
             self.scheme_note, (self.stack, 1))

        self._show_units(-1)
        self._update_actions()
        self.watch_store((ASSESSMENTS, REGISTRY, VISITS, TEMPLATES), lambda _t: self.refresh())
        self.refresh()

    # ------------------------------------------------------------ reading

    @property
    def status(self) -> EventStatus | None:
        return self.snapshot.status if self.snapshot is not None else None

    def refresh(self) -> None:
        """Read the event again on the lane (one read at a time; a refresh asked for while
        one runs follows it)."""
        self.reader.run()

    def _read(self) -> Callable[[], EventSnapshot]:
        services, visit_id, ref = self.services, self.visit_id, self.scheme_ref
        return lambda: load_event(services, visit_id, ref)

    def _load_failed(self, exc: BaseException) -> None:
        self.show_failure(exc, self.notice)

    def _show(self, snap: EventSnapshot) -> None:
        self.snapshot = snap
        visit = snap.visit
        self.visit_label.setText(visit_line(snap, self.lang))
        self.window_title = " — ".join(p for p in (
            _("Alur sertifikasi"), visit.letter_no or visit.place or "", APP_DISPLAY_NAME) if p)
        self.title_changed.emit(self.window_title)
        self._fill_schemes(snap)
        self.scheme_note.setVisible(snap.scheme is not None and not snap.visit_scheme
                                    and self.scheme_ref is None)
        self.stack.setCurrentIndex(0 if snap.status is not None else 1)
        want_person, want_form = self._want
        if want_person is None:
            want_person, want_form = self._current()
        self._want = (None, None)
        self._restoring = True
        self.model.set_event(snap.status)
        self._fit_grid()
        empty = self.model.rowCount() == 0
        self.grid_empty.setVisible(empty and snap.status is not None)
        row = self.model.row_of(want_person)
        if row < 0 and not empty:
            row = 0
        if row >= 0:
            col = self.model.column_of(want_form) if want_form else -1
            self.grid.setCurrentIndex(self.model.index(row, col if col > 0 else 1))
        self._restoring = False
        self._show_units(row)
        self._show_batch(snap.status)
        self._show_missing(snap.status)
        self._update_actions()

    def _fill_schemes(self, snap: EventSnapshot) -> None:
        combo = self.scheme_combo
        combo.blockSignals(True)
        items = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
        wanted = [(number, f"{number} · {title}") for number, title in snap.schemes]
        if items != wanted:
            combo.clear()
            for number, text in wanted:
                combo.addItem(text, number)
                combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)
        combo.setCurrentIndex(max(0, combo.findData(snap.scheme)))
        combo.blockSignals(False)
        combo.setToolTip(combo.currentText())  # (its signal was blocked)

    def _fit_grid(self) -> None:
        header = self.grid.horizontalHeader()
        if self.model.columnCount() == 0:
            return
        names = [self.model.person(r).name for r in range(self.model.rowCount())]
        metrics = self.grid.fontMetrics()
        bold = QFont(self.grid.font())
        bold.setBold(True)
        widest = max((QFontMetrics(bold).horizontalAdvance(n) for n in names), default=0)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, max(110, min(200, widest + 20,
                                             metrics.horizontalAdvance("M") * 16)))
        self._fit_instruments()

    def _fit_instruments(self) -> None:
        """The instrument columns share the grid's width, each at least as wide as its
        heading ("APL.01" in the heading's bold); where the window is narrower than that
        (1024x600 at 150 %: each heading was cut to ".PL.0") the grid scrolls sideways."""
        columns = range(1, self.model.columnCount())
        bold = QFont(self.grid.horizontalHeader().font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        self.instrument_floor.columns = tuple(columns)
        self.instrument_floor.floor = max((metrics.horizontalAdvance(
            str(self.model.headerData(col, Qt.Orientation.Horizontal) or ""))
            for col in columns), default=0) + 2 * _HEADING_PADDING
        self.instrument_floor.fit()

    def _current(self) -> tuple[str | None, str | None]:
        index = self.grid.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None, None
        step = self.model.step_at(index)
        return self.model.person(index.row()).assessee_id, step.form if step else None

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._restoring:
            self.notice.clear_error()  # the user moved on from a refused cell
        if current.row() != previous.row():
            self._show_units(current.row())
            self.grid.viewport().update()
        self._update_actions()

    def _show_units(self, row: int) -> None:
        if row < 0 or row >= self.model.rowCount():
            self.units_title.setText(_("Unit kompetensi"))
            self.units_model.set_rows([])
            return
        person = self.model.person(row)
        decision = verdict_words().get(person.decision or "", _("belum diputuskan"))
        self.units_title.setText(_("Unit kompetensi — {name} · keputusan: {decision}").format(
            name=person.name, decision=decision))
        self.units_model.set_rows(person.units)
        for col in (1, 2):  # as wide as their titles (K/BK underneath)
            self.units.resizeColumnToContents(col)
        self.units.resizeRowsToContents()

    def _show_batch(self, status: EventStatus | None) -> None:
        state = status.batch.status if status is not None else None
        self.batch_state.setText(state_word(state))
        self.batch_state.setStyleSheet(chip_style(state))
        started = status is not None and status.batch.revision_id is not None
        self.batch_button.setText(_("&Buka FR.AK.05") if started else _("&Mulai FR.AK.05"))

    def _show_missing(self, status: EventStatus | None) -> None:
        self.missing_list.clear()
        if status is None:
            self.close_state.clear()
            return
        if status.can_close:
            self.close_state.setText(_("Semua lengkap: hari asesmen dapat ditutup."))
            self.close_state.setStyleSheet(f"color: {OK_COLOUR}; font-weight: 600;")
        else:
            self.close_state.setText(_("Belum dapat ditutup ({n}):").format(
                n=len(status.missing)))
            self.close_state.setStyleSheet(f"color: {BLOCKED_COLOUR}; font-weight: 600;")
        for missing in status.missing:
            text = message(missing.code, missing.args(), self.lang)
            item = QListWidgetItem(text[:1].upper() + text[1:], self.missing_list)
            item.setToolTip(text)
        self.missing_list.setVisible(not status.can_close)

    def _update_actions(self) -> None:
        status = self.status
        ready = status is not None and not self._busy
        self.add_button.setEnabled(ready)
        step = self.model.step_at(self.grid.currentIndex())
        if step is None:
            self.action_button.setText(_("Buka / mulai"))
            self.action_button.setEnabled(False)
        else:
            short = step.form.removeprefix("FR.")
            self.action_button.setText(_("Buka {form}").format(form=short)
                                       if step.revision_id else
                                       _("Mulai {form}").format(form=short))
            self.action_button.setEnabled(ready)
        batch = status.batch if status is not None else None
        self.batch_button.setEnabled(ready and batch is not None
                                     and batch.template_code is not None)
        self.fill_button.setEnabled(ready and batch is not None and batch.status == "draft")

    # ------------------------------------------------------------ acting

    def activate(self, index: QModelIndex | QPersistentModelIndex) -> None:
        """Open the cell's record in the editor, or start it."""
        step = self.model.step_at(index)
        if step is None or self._busy:
            return
        if step.revision_id:
            self.open_requested.emit(step.revision_id)
            return
        self.start(step.form, self.model.person(index.row()).assessee_id)

    def start(self, form: str, assessee_id: str | None) -> None:
        """Start ``form`` for the asesi (None: the batch) on the lane; the record opens in
        the editor. A refusal shows above the grid."""
        cert, visit_id, scheme = self.services.certification, self.visit_id, self._scheme()
        names = {p.assessee_id: p.name for p in (self.status.asesi if self.status else ())}

        def started(row: Any) -> None:
            self._want = (assessee_id, form)
            who = names.get(assessee_id or "", row.subject_name)
            self.status_message.emit(_("{form} dimulai: {subject}").format(
                form=form, subject=who))
            self.open_requested.emit(row.id)

        self._run(lambda: cert.start(visit_id, form, assessee_id, scheme_ref=scheme), started)

    def add_asesi(self) -> AddAsesiDialog:
        present = {p.assessee_id for p in (self.status.asesi if self.status else ())}
        dialog = AddAsesiDialog(self.services, present, self.lang, self)
        self.add_dialog = dialog

        def chosen() -> None:
            if dialog.chosen is not None:
                self.start("FR.APL.01", dialog.chosen)

        return open_dialog(dialog, chosen)

    def open_or_start_batch(self) -> None:
        status = self.status
        if status is None or self._busy:
            return
        if status.batch.revision_id:
            self.open_requested.emit(status.batch.revision_id)
        else:
            self.start(BATCH_FORM, None)

    def fill_batch(self) -> None:
        status = self.status
        if status is None or status.batch.revision_id is None or self._busy:
            return
        cert, rid = self.services.certification, status.batch.revision_id

        def filled(count: int) -> None:
            self.status_message.emit(_("FR.AK.05 diisi dari keputusan FR.AK.02: {n} "
                                       "asesi").format(n=count))
            self.batch_refilled.emit(rid)

        self._run(lambda: cert.fill_batch(rid), filled)

    def _scheme(self) -> str | None:
        return self.snapshot.scheme if self.snapshot is not None else self.scheme_ref

    def save_all_reports(self) -> None:
        """Every final report of the visit into a new folder under the one chosen."""
        folder = choose_report_folder(self)
        if not folder:
            return
        reports, visit = self.services.reports, self.visit_id

        def saved(files: list[Any]) -> None:
            self.saved_reports = files
            if files:
                self.status_message.emit(message("report.visit_saved", {
                    "n": len(files), "folder": files[0].parent}, self.lang))
                open_folder_of(files[0])

        (self.op(lambda: reports.save_visit(visit, folder, lang=self.lang))
         .changes(REPORTS).success(saved).failure(self._refused)
         .with_progress(_("Menyusun laporan…")).run())

    def print_all_reports(self) -> None:
        """"Cetak semua": every final report of the visit, merged into one print job
        (one printer dialog); each report is recorded after printing."""
        from assessor_app.ui.report_preview import BatchPrintJob, merge_pdfs, pdf_lane

        reports, visit, lang = self.services.reports, self.visit_id, self.lang

        def print_them(parts: list[bytes]) -> None:
            def start(merged: bytes) -> None:
                job = BatchPrintJob(self, reports, parts, merged,
                                    _("Laporan kunjungan"), executor=self.executor,
                                    lang=self.lang, ask=self.ask_printer)
                job.done.connect(lambda result: self.status_message.emit(_(
                    "Dicetak: {sheets} halaman dari {n} laporan; setiap laporan tercatat "
                    "dan dapat diverifikasi.").format(sheets=result.sheets, n=len(parts))))
                self.print_job = job
                job.start()

            (Op(self, lambda: merge_pdfs(parts), executor=pdf_lane(), lang=self.lang)
             .success(start).failure(self._refused).run())

        (self.op(lambda: reports.render_visit(visit, lang=lang))
         .success(print_them).failure(self._refused)
         .with_progress(_("Menyusun laporan…")).run())

    def _run(self, work: Any, done: Any) -> None:
        """A write of the event on the lane: one at a time, the buttons off meanwhile."""
        self.notice.clear_error()
        self._busy = True
        self._update_actions()

        def finished() -> None:
            self._busy = False
            self._update_actions()

        (self.op(work).changes(ASSESSMENTS).success(done).failure(self._refused)
         .finished(finished).run())

    def _refused(self, exc: BaseException) -> None:
        if isinstance(exc, AppError):
            self.notice.show_error(message(exc.code, exc.params, self.lang))
        else:
            show_error(self, exc, self.lang)

    def _on_scheme_chosen(self, _index: int) -> None:
        """The chosen scheme becomes the visit's (kept for the next opening). While asesi
        are in the flow, only after the user confirms: their records belong to the
        current scheme's instruments and leave the grid (they stay stored)."""
        number = self.scheme_combo.currentData()
        current = self._scheme()
        if not number or number == current:
            return
        people = self.model.rowCount()
        if current and people:
            self._select_scheme(current)  # until the user says yes
            self.scheme_box = ask_then(
                self, _("Ganti skema kunjungan?"),
                _("Ganti skema kunjungan ini ke {scheme}?").format(
                    scheme=self.scheme_combo.itemText(self.scheme_combo.findData(number))),
                _("{n} asesi di alur ini dinilai dengan skema {current}. Dengan skema lain "
                  "mereka tidak tampil di alur ini; rekaman mereka tetap tersimpan dan "
                  "tampil lagi bila skema semula dipilih kembali.").format(
                    n=people, current=current),
                _("Ganti skema"), lambda: self._use_scheme(str(number)))
            return
        self._use_scheme(str(number))

    def _select_scheme(self, number: str) -> None:
        combo = self.scheme_combo
        combo.blockSignals(True)
        combo.setCurrentIndex(max(0, combo.findData(number)))
        combo.blockSignals(False)
        combo.setToolTip(combo.currentText())

    def _use_scheme(self, number: str) -> None:
        self._select_scheme(number)
        self.scheme_ref = number
        certification, visit = self.services.certification, self.visit_id
        (self.op(lambda: certification.use_scheme(visit, number))
         .changes(VISITS).failure(self._refused).run())
        self.refresh()


def choose_report_folder(parent: QWidget) -> str:
    """Where "Simpan semua laporan" writes its folder (a seam for tests)."""
    from PySide6.QtWidgets import QFileDialog

    return QFileDialog.getExistingDirectory(parent, _("Folder untuk laporan kunjungan"))


class EventWindow(QMainWindow):
    """The event view of one visit in its own window (opened from the Kunjungan page)."""

    GEOMETRY_KEY = "event"

    def __init__(self, services: Services, visit_id: str, lang: str = "id",
                 settings: AppSettings | None = None, executor: Executor | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.settings = settings
        self.visit_id = visit_id
        self.view = EventView(services, visit_id, lang, self, executor)
        self.setWindowTitle(self.view.window_title)  # the first read may be done already
        self.view.title_changed.connect(self.setWindowTitle)
        self.view.status_message.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.view.send_requested.connect(self.send_results)
        self.send_dialog: Any = None
        self.setCentralWidget(self.view)
        self.view.grid.setFocus()
        for sequence in dict.fromkeys([*QKeySequence.keyBindings(
                QKeySequence.StandardKey.Close), QKeySequence("Ctrl+W")]):
            QShortcut(sequence, self).activated.connect(self.close)
        restore_or_fit(self, settings.geometry(self.GEOMETRY_KEY) if settings is not None else None,
                       QSize(1240, 760), QSize(640, 420))

    def send_results(self, visit_id: str) -> Any:
        """"Kirim hasil kunjungan": the send dialog limited to this visit."""
        from assessor_app.ui.sync.send_dialog import SendResultsDialog

        self.send_dialog = open_dialog(SendResultsDialog(
            self.view.services, self.view.lang, self, self.settings, self.view.executor,
            visit_id=visit_id))
        return self.send_dialog

    def closeEvent(self, event: QCloseEvent) -> None:
        # Nothing to save: every start and refill is committed on the lane.
        if self.settings is not None:
            self.settings.set_geometry(self.GEOMETRY_KEY, self.saveGeometry())
        super().closeEvent(event)


__all__ = ["AddAsesiDialog", "EventView", "EventWindow", "StepDelegate"]
