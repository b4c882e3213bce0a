"""Small building blocks shared by the views: buttons with Indonesian labels (Qt ships no
Indonesian translation of its standard buttons), an inline error label, a search box, the
labels and tables every page is made of, forms, checkable lists, opening a dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QEvent,
    QObject,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QFont,
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QTextCharFormat,
)
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.i18n import _
from assessor_app.ui.focus import DateEdit, wheel_needs_focus

SEARCH_DEBOUNCE_MS = 150
NO_DATE = QDate(2000, 1, 1)  # the minimum date of a filter edit means "no limit"
D = TypeVar("D", bound=QDialog)


# A part of a box layout: a widget, a layout, (either, stretch factor), a number of pixels
# of space, or None for a stretch.
Part = QWidget | QLayout | tuple[QWidget | QLayout, int] | int | None


def add_parts(box: QBoxLayout, *parts: Part) -> None:
    for part in parts:
        item, stretch = part if isinstance(part, tuple) else (part, 0)
        if item is None:
            box.addStretch(1)
        elif isinstance(item, int):
            box.addSpacing(item)
        elif isinstance(item, QLayout):
            box.addLayout(item, stretch)
        else:
            box.addWidget(item, stretch)


def hbox(*parts: Part) -> QHBoxLayout:
    """A row: ``hbox(None, ok, cancel)`` puts two buttons at the right end."""
    box = QHBoxLayout()
    add_parts(box, *parts)
    return box


def vbox(parent: QWidget | None, *parts: Part, margins: bool = True) -> QVBoxLayout:
    """A column of ``parts`` (the layout of ``parent`` when one is given); ``margins=False``
    for a part of a bigger layout (it lines up with its neighbours)."""
    box = QVBoxLayout(parent) if parent is not None else QVBoxLayout()
    if not margins:
        box.setContentsMargins(0, 0, 0, 0)
    add_parts(box, *parts)
    return box


# ------------------------------------------------------------------ labels


def page_title(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("pageTitle")
    return label


def hint_label(text: str, parent: QWidget, *, wrap: bool = True) -> QLabel:
    """A quiet explanation under a title or a field (style sheet: ``#hint``)."""
    label = QLabel(text, parent)
    label.setObjectName("hint")
    label.setWordWrap(wrap)
    return label


def scroll_area(parent: QWidget, widget: QWidget | None = None) -> QScrollArea:
    """A frameless scroll area that sizes ``widget`` to its width and scrolls it when a
    small screen (1024x600, 150 %) has less height than it needs, instead of squeezing
    its wrapped labels and fields."""
    area = QScrollArea(parent)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    if widget is not None:
        area.setWidget(widget)
        if widget.minimumWidth():  # it keeps its width: scrolled up and down, not sideways
            bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            area.setMinimumWidth(widget.minimumWidth() + bar)
    return area


def scrolled_body(dialog: QWidget, body: QWidget, *below: Any,
                  minimum: QSize | None = None) -> QScrollArea:
    """``dialog``'s layout: ``body`` in a :func:`scroll_area`, then ``below`` (errors,
    buttons). The dialog opens as large as ``body`` wants where the screen has room, and
    scrolls the body (never squeezes or crops it) where it has not (1024x600 at 150 %)."""
    from assessor_app.ui.geometry import fit_to_screen

    area = scroll_area(dialog, body)
    vbox(dialog, (area, 1), *below)
    fit_to_screen(dialog, body_size(dialog, area), minimum or QSize(560, 360))
    return area


def body_size(dialog: QWidget, area: QScrollArea) -> QSize:
    """The size ``dialog`` needs to show all of ``area``'s widget without scrolling (its
    wrapped labels at the width they get)."""
    body = area.widget()
    assert body is not None
    chrome = dialog.sizeHint() - area.sizeHint()
    bar = area.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
    width = max(body.sizeHint().width() + bar + chrome.width(), dialog.minimumWidth(),
                dialog.width() if dialog.isVisible() else 0)
    inner = width - chrome.width() - bar
    layout = body.layout()
    height = layout.heightForWidth(inner) if layout is not None and \
        layout.hasHeightForWidth() else -1
    return QSize(width, max(height, body.sizeHint().height()) + chrome.height() + 4)


def grow_to_body(dialog: QWidget, area: QScrollArea) -> None:
    """After ``area``'s widget grew (e.g. a QR code arrived): the dialog grows as far as
    its screen allows, so nothing scrolls that need not."""
    from assessor_app.ui.geometry import available_geometry

    room = available_geometry(dialog).size()
    dialog.resize(dialog.size().expandedTo(body_size(dialog, area)).boundedTo(room))


def monospace(widget: QWidget) -> None:
    """Keys and ids: every character as wide as the next."""
    font = QFont("DejaVu Sans Mono")
    font.setStyleHint(QFont.StyleHint.Monospace)
    widget.setFont(font)


def empty_label(text: str, parent: QWidget) -> QLabel:
    """What a list says when it has no rows (shown in its place)."""
    label = QLabel(text, parent)
    label.setObjectName("empty")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    return label


# ------------------------------------------------------------------ filters


class EmptyDateEdit(DateEdit):
    """A date field that can be empty: at its minimum date (NO_DATE) it shows
    ``placeholder`` (Qt's special value) and :meth:`day` is None. While it is empty its
    calendar opens on today's month (not on January 2000), and an arrow key starts at
    today; nothing is chosen until the user picks, types or steps to a day. Tab and
    Shift+Tab leave it (also while it shows the placeholder), Left and Right move between
    the sections."""

    def __init__(self, parent: QWidget | None = None, placeholder: str = "—") -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(placeholder)
        self.setDate(NO_DATE)
        self._calendar = self.calendarWidget()
        self._calendar.installEventFilter(self)

    def day(self) -> QDate | None:
        """The chosen day; None while the field is empty."""
        return None if self.date() == NO_DATE else self.date()

    def set_day(self, day: QDate | None) -> None:
        self.setDate(day if day is not None and day.isValid() else NO_DATE)

    def iso(self) -> str | None:
        """The chosen day as YYYY-MM-DD; None while the field is empty."""
        day = self.day()
        return None if day is None else day.toString("yyyy-MM-dd")

    def stepBy(self, steps: int) -> None:  # noqa: N802 (Qt API)
        if self.day() is None:  # the first arrow key starts at today, not at 02-01-2000
            self.setDate(QDate.currentDate())
            return
        super().stepBy(steps)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if self.day() is None and event.text().isdigit():
            # typing into the placeholder: Qt appended the digits to it; start at today's
            # day-month-year with the day selected, so "19112026" types 19-11-2026
            self.setDate(QDate.currentDate())
            self.setSelectedSection(QDateTimeEdit.Section.DaySection)
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self._calendar and event.type() == QEvent.Type.Show:
            today = QDate.currentDate()
            bold = QTextCharFormat()
            bold.setFontWeight(QFont.Weight.Bold)
            self._calendar.setDateTextFormat(today, bold)
            if self.day() is None:  # the popup selected NO_DATE: show this month
                self._calendar.setCurrentPage(today.year(), today.month())
        return super().eventFilter(watched, event)


class FilterDateEdit(EmptyDateEdit):
    """A date filter of a row of filters: "—" while it sets no limit."""


def optional_date_edit(parent: QWidget, name: str) -> QDateEdit:
    """A date filter that can be empty: it shows "—" at its minimum date (NO_DATE)."""
    edit = FilterDateEdit(parent)
    edit.setAccessibleName(name)
    edit.setToolTip(name)
    return edit


def optional_date(edit: QDateEdit) -> str | None:
    return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")


def filter_combo(parent: QWidget, name: str, chars: int) -> QComboBox:
    """A filter choice sized by a character count, not by its longest entry: the window
    must fit a 1366-pixel laptop screen whatever the data holds."""
    combo = wheel_needs_focus(QComboBox(parent))
    combo.setAccessibleName(name)
    combo.setMinimumContentsLength(chars)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    return combo


def refill_template_and_institution_filters(services: Any, lang: str,
                                            template_filter: QComboBox,
                                            institution_filter: QComboBox) -> None:
    """Reload both filter lists (after an institution or template was added), keeping the
    current choices and without firing change signals."""
    all_templates, all_institutions = _("Semua templat"), _("Semua lembaga")
    for combo in (template_filter, institution_filter):
        combo.blockSignals(True)
    current_t = template_filter.currentData()
    current_i = institution_filter.currentData()
    template_filter.clear()
    template_filter.addItem(all_templates, None)
    for row in services.templates.latest():
        title = row.title_en if lang == "en" and row.title_en else row.title
        template_filter.addItem(row.code, row.code)
        template_filter.setItemData(template_filter.count() - 1, title,
                                    Qt.ItemDataRole.ToolTipRole)
    institution_filter.clear()
    institution_filter.addItem(all_institutions, None)
    for inst in services.registry.institutions():
        institution_filter.addItem(inst.name, inst.id)
    template_filter.setCurrentIndex(max(0, template_filter.findData(current_t)))
    institution_filter.setCurrentIndex(max(0, institution_filter.findData(current_i)))
    for combo in (template_filter, institution_filter):
        combo.blockSignals(False)


# ------------------------------------------------------------------ dialogs and forms


def dialog_buttons(dialog: QDialog, ok_text: str | None = None,
                   cancel_text: str | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """OK/Cancel with our own words; returns the box and the OK button."""
    box = QDialogButtonBox(dialog)
    ok = box.addButton(ok_text or _("Simpan"),
                       QDialogButtonBox.ButtonRole.AcceptRole)
    box.addButton(cancel_text or _("Batal"),
                  QDialogButtonBox.ButtonRole.RejectRole)
    ok.setDefault(True)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box, ok


def run_buttons(dialog: QDialog, run_text: str, on_run: Callable[[], object], *,
                primary: bool = False
                ) -> tuple[QDialogButtonBox, QPushButton, QPushButton, QPushButton]:
    """The buttons of a dialog that writes files and stays open: run (Enter), "Buka folder"
    (hidden until there is something to open) and "Tutup". Returns the box, run, open and
    close buttons."""
    box = QDialogButtonBox(dialog)
    run = box.addButton(run_text, QDialogButtonBox.ButtonRole.AcceptRole)
    if primary:
        run.setObjectName("primary")
    run.setDefault(True)
    open_button = box.addButton(_("Buka folder"), QDialogButtonBox.ButtonRole.ActionRole)
    open_button.hide()
    close = box.addButton(_("Tutup"), QDialogButtonBox.ButtonRole.RejectRole)
    box.accepted.connect(on_run)
    box.rejected.connect(dialog.reject)
    return box, run, open_button, close


def open_folder_of(path: Path | None) -> None:
    """Show the folder holding ``path`` in the file manager."""
    if path is not None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


def make_action(parent: QObject, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                tip: str | None = None, *, tooltip: str | None = None) -> QAction:
    """A menu or toolbar action that calls ``slot()``; ``tip`` shows in the status bar,
    ``tooltip`` over its toolbar button."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
    if tooltip:
        action.setToolTip(tooltip)
    action.triggered.connect(lambda _checked=False: slot())
    return action


def make_button(parent: QWidget, text: str, slot: Callable[[], object],
                tooltip: str | None = None) -> QPushButton:
    """A push button that calls ``slot()``, with ``tooltip`` over it."""
    button = QPushButton(text, parent)
    if tooltip:
        button.setToolTip(tooltip)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def add_actions(target: QWidget, *actions: QAction | None) -> None:
    """Fill a menu or a toolbar; None puts a separator."""
    for action in actions:
        if action is None:
            separator = QAction(target)
            separator.setSeparator(True)
            target.addAction(separator)
        else:
            target.addAction(action)


def form_layout(parent: QWidget | None = None) -> QFormLayout:
    """A form whose fields take the width they are given."""
    form = QFormLayout(parent)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return form


def radio_pair(parent: QWidget, first: str, second: str
               ) -> tuple[QRadioButton, QRadioButton, QVBoxLayout]:
    """Two exclusive choices, the first chosen, one above the other."""
    a, b = QRadioButton(first, parent), QRadioButton(second, parent)
    a.setChecked(True)
    group = QButtonGroup(parent)
    group.addButton(a)
    group.addButton(b)
    return a, b, vbox(None, a, b)


def open_dialog(dialog: D, on_accepted: Callable[[], object] | None = None) -> D:
    """Window-modal without a nested event loop (tests drive the returned dialog), deleted
    when closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_accepted is not None:
        dialog.accepted.connect(on_accepted)
    dialog.open()
    return dialog


def choose_folder(parent: QWidget, title: str, edit: QLineEdit) -> bool:
    """Pick a folder into ``edit`` (starting where it points); False when cancelled."""
    folder = QFileDialog.getExistingDirectory(parent, title, edit.text())
    if folder:
        edit.setText(folder)
    return bool(folder)


def add_check_item(widget: QListWidget, text: str, value: str, checked: bool = False
                   ) -> QListWidgetItem:
    item = QListWidgetItem(text, widget)
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
    return item


def select_value(widget: QListWidget, value: object) -> bool:
    """Make the item whose ``UserRole`` data is ``value`` the current one (False: none)."""
    for n in range(widget.count()):
        if widget.item(n).data(Qt.ItemDataRole.UserRole) == value:
            widget.setCurrentRow(n)
            return True
    return False


def checked_values(widget: QListWidget) -> list[str]:
    """The values of the checked items, in list order."""
    items = (widget.item(i) for i in range(widget.count()))
    return [str(item.data(Qt.ItemDataRole.UserRole)) for item in items
            if item.checkState() == Qt.CheckState.Checked]


class ElidedLabel(QLabel):
    """One line that gives way first when its row is too narrow: cut with "…" (the whole
    text in its tooltip) instead of pushing the row's buttons out of the window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        # its whole width where the row has room (beside a stretch too: Ignored gave it
        # none there), down to nothing before a button gives way
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self._full = text
        self._elide()
        # the row learns the width it now asks for (QLabel says so only when the text it
        # shows changes: laid out while empty, a count set later stayed at nothing)
        self.updateGeometry()

    def text(self) -> str:
        """The whole text (what is shown may be cut)."""
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        padding = self.width() - self.contentsRect().width()  # the style sheet's
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + padding + 4,
                     super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(0, super().minimumSizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(0, self.contentsRect().width()))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")


class FoldingTitle(ElidedLabel):
    """A title that wraps where its window has height to spare, and keeps to one line, cut
    with "…" (the whole title in its tooltip), where it has not (``set_one_line``): a
    three-line title took a third of a 1024x600 screen at 150 %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._one_line = False
        self.setWordWrap(True)

    @property
    def one_line(self) -> bool:
        return self._one_line

    def set_one_line(self, one_line: bool) -> None:
        if one_line == self._one_line:
            return
        self._one_line = one_line
        self.setWordWrap(not one_line)
        # one line takes the width its row gives it, never asks for the whole title's
        self.setSizePolicy(QSizePolicy.Policy.Ignored if one_line else
                           QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._elide()
        self.updateGeometry()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return super().sizeHint() if self._one_line else QLabel.sizeHint(self)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return super().minimumSizeHint() if self._one_line else QLabel.minimumSizeHint(self)

    def _elide(self) -> None:
        self.setAccessibleName(self._full)  # a screen reader reads the whole title
        if self._one_line:
            super()._elide()
        else:
            QLabel.setText(self, self._full)
            self.setToolTip("")


class InlineError(QLabel):
    """A red message under a field; empty and hidden when there is no problem."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inlineError")
        self.setWordWrap(True)
        self.setStyleSheet("color: #b3261e;")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.show_error("")


class SearchBox(QLineEdit):
    """Search as you type, debounced: ``on_search`` runs once per pause in typing."""

    def __init__(self, placeholder: str, on_search: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self.setClearButtonEnabled(True)
        self.setAccessibleName(placeholder)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: on_search(self.text()))
        self.textChanged.connect(self._timer.start)


# ------------------------------------------------------------------ tables


def make_table(parent: QWidget, model: QAbstractItemModel, name: str, *,
               stretch_column: int = 0, widths: Mapping[int, int] | None = None,
               view: type[QTableView] = QTableView) -> QTableView:
    """A read-only row table over ``model`` (:func:`setup_table`); ``widths`` sets the
    starting width of some columns (the user can still drag them); ``view``: a subclass
    of QTableView to make."""
    table = view(parent)
    table.setModel(model)
    setup_table(table, stretch_column)
    header = table.horizontalHeader()
    for col, width in (widths or {}).items():
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, width)
    table.setAccessibleName(name)
    return table


class StretchFloor(QObject):
    """The stretching ``columns`` of ``table`` keep at least ``floor`` px each: where the
    other columns leave them less, they stop stretching and the table scrolls sideways
    instead (a column squeezed to a few pixels showed a fragment of its header and "F…"
    in every row: the office's Tinjauan at 1024x600 and 150 %). ``columns`` and ``floor``
    may change with the model (then :meth:`fit`)."""

    def __init__(self, table: QTableView, columns: Iterable[int], floor: int) -> None:
        super().__init__(table)
        self.table, self.columns, self.floor = table, tuple(columns), floor
        table.viewport().installEventFilter(self)
        # a column dragged wider takes the room from the stretching ones: fitted again
        # once the drag's resize is done (not inside it)
        table.horizontalHeader().sectionResized.connect(
            lambda col, _old, _new: col not in self.columns
            and QTimer.singleShot(0, self, self.fit))
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if not self.columns:
            return
        others = sum(header.sectionSize(c) for c in range(header.count())
                     if c not in self.columns and not header.isSectionHidden(c))
        stretch = self.table.viewport().width() - others >= self.floor * len(self.columns)
        mode = QHeaderView.ResizeMode.Stretch if stretch else QHeaderView.ResizeMode.Interactive
        for col in self.columns:
            if header.sectionResizeMode(col) != mode:
                header.setSectionResizeMode(col, mode)
            if not stretch and header.sectionSize(col) < self.floor:
                header.resizeSection(col, self.floor)


def select_row(table: QTableView, row: int) -> bool:
    """Select and show ``row`` (False when it is -1: not loaded)."""
    if row < 0:
        return False
    table.selectRow(row)
    table.scrollTo(table.model().index(row, 0))
    return True


def setup_table(table: QTableView, stretch_column: int = 0) -> None:
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 12)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    model = table.model()
    if model is not None:
        for col in range(model.columnCount()):
            mode = (QHeaderView.ResizeMode.Stretch if col == stretch_column
                    else QHeaderView.ResizeMode.Interactive)
            header.setSectionResizeMode(col, mode)


def fit_columns(table: QTableView, stretch_column: int = 0, max_width: int = 320) -> None:
    """Size columns to their content once (not continuously: that would be slow)."""
    model = table.model()
    if model is None:
        return
    header = table.horizontalHeader()
    for col in range(model.columnCount()):
        if col == stretch_column:
            continue
        table.resizeColumnToContents(col)
        header.resizeSection(col, min(max_width, header.sectionSize(col) + 12))


def on_activate(table: QTableView, handler: Callable[[int], object]) -> None:
    """Double-click and Enter/Return on a row both call ``handler(row)``."""
    table.doubleClicked.connect(lambda index: handler(index.row()))
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        shortcut = QShortcut(QKeySequence(key), table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(
            lambda: handler(table.currentIndex().row()) if table.currentIndex().isValid()
            else None)


def confirm(parent: QWidget | None, title: str, text: str, yes_text: str,
            no_text: str | None = None) -> bool:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no_text or _("Batal"),
                  QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is yes


def info(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A window-modal note, opened with ``open()`` (no nested event loop)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.addButton(_("Tutup"),
                  QMessageBox.ButtonRole.AcceptRole)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def write_then_accept(dialog: QDialog, work: Callable[[], Any], done: Callable[[Any], None],
                      error: InlineError | Callable[[Any], InlineError], lang: str, *,
                      changes: Iterable[str]) -> None:
    """A dialog's write, on the database lane like every other write (never the GUI thread).

    The dialog is disabled until the lane answers (no second click, no second row);
    ``done(result)`` keeps the result and the dialog closes as accepted; a refusal shows in
    ``error`` (or the label ``error(exc)`` names) and the dialog stays open with everything
    the user typed. ``changes``: the store topics the write changes (``Op.changes``)."""
    from assessor_app.core.errors import AppError
    from assessor_app.messages import describe
    from assessor_app.ui.errors import show_error
    from assessor_app.ui.tasks import Op

    dialog.setEnabled(False)

    def succeeded(result: Any) -> None:
        dialog.setEnabled(True)
        done(result)
        QDialog.accept(dialog)

    def failed(exc: BaseException) -> None:
        dialog.setEnabled(True)
        if isinstance(exc, AppError):
            label = error if isinstance(error, InlineError) else error(exc)
            label.show_error(describe(exc, lang))
        else:
            show_error(dialog, exc, lang)

    Op(dialog, work, lang=lang).changes(*changes).success(succeeded).failure(failed).run()
