"""Small building blocks shared by the views: buttons with Indonesian labels (Qt ships no
Indonesian translation of its standard buttons), an inline error label, a search box."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from assessor_app.i18n import _

SEARCH_DEBOUNCE_MS = 150
NO_DATE = QDate(2000, 1, 1)  # the minimum date of a filter edit means "no limit"


def optional_date_edit(parent: QWidget, name: str) -> QDateEdit:
    """A date filter that can be empty: it shows "—" at its minimum date (NO_DATE)."""
    edit = QDateEdit(parent)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("—")
    edit.setDate(NO_DATE)
    edit.setAccessibleName(name)
    edit.setToolTip(name)
    return edit


def optional_date(edit: QDateEdit) -> str | None:
    return None if edit.date() == NO_DATE else edit.date().toString("yyyy-MM-dd")


def refill_template_and_institution_filters(services: Any, lang: str,
                                            template_filter: QComboBox,
                                            institution_filter: QComboBox,
                                            all_templates: str, all_institutions: str) -> None:
    """Reload both filter lists (after an institution or template was added), keeping the
    current choices and without firing change signals."""
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
