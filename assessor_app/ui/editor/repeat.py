"""A repeat group as an editable table: a Qt table model over the repeat rows.

The model keeps the value the user typed in each cell (so a value the service refused, or
one that could not be saved, stays visible) and takes relevance and computed values from
the editor's snapshots. A committed cell edit is saved at once (the cell editor's own
"Enter or focus-out" is the flush).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from assessor_app.core.template import Item, ItemType, Template
from assessor_app.i18n import _
from assessor_app.services.form_view import FormView, ItemView
from assessor_app.ui.editor.items import prefill_tip

Index = QModelIndex | QPersistentModelIndex
ROLE_ITEM = Qt.ItemDataRole.UserRole + 1
ROLE_OFFERED = Qt.ItemDataRole.UserRole + 2  # the values a choice_filter offers (None: all)

ERROR_BG = QColor("#fde2e1")
NA_BG = QColor("#eef0f2")
NA_FG = QColor("#8a9099")
CALC_BG = QColor("#f6f8fa")
PREFILL_BG = QColor("#eff8ff")  # a value the app filled in, not yet changed (prefillBadge)

_PLACEHOLDERS = {ItemType.DATE: "TTTT-BB-HH", ItemType.TIME: "JJ:MM",
                 ItemType.DATETIME: "TTTT-BB-HHTJJ:MM"}


class RepeatTableModel(QAbstractTableModel):
    """Rows = repeat instances (stable row ids), columns = the repeat's child items."""

    cell_edited = Signal(str, str, str)  # row id, item, raw

    def __init__(self, repeat: Item, template: Template, lang: str,
                 parent: Any = None) -> None:
        super().__init__(parent)
        self.repeat = repeat
        self.template = template
        self.lang = lang
        self.columns = [c for c in repeat.items
                        if c.holds_value or c.type is ItemType.CALCULATE]
        self.row_ids: list[str] = []
        self.values: dict[tuple[str, str], str] = {}  # (row, item) -> what the cell shows
        self.views: dict[tuple[str, str], ItemView] = {}  # (item, row) -> snapshot view
        self.errors: dict[tuple[str, str], str] = {}  # (row, item) -> message
        self.read_only = False

    # ------------------------------------------------------------ from snapshots

    def load(self, snap: FormView) -> None:
        self.beginResetModel()
        self.row_ids = list(snap.rows.get(self.repeat.name, []))
        self.values = {(r, c.name): snap.answers.value(c.name, r)
                       for r in self.row_ids for c in self.columns}
        self.views = {(c.name, r): v for c in self.columns for r in self.row_ids
                      if (v := snap.items.get((c.name, r))) is not None}
        self.errors = {}
        self.endResetModel()

    def sync_rows(self, snap: FormView) -> None:
        """Apply added/removed rows (rows keep their local values)."""
        new = list(snap.rows.get(self.repeat.name, []))
        if new == self.row_ids:
            return
        gone = [r for r in self.row_ids if r not in new]
        for r in gone:
            pos = self.row_ids.index(r)
            self.beginRemoveRows(QModelIndex(), pos, pos)
            self.row_ids.pop(pos)
            for c in self.columns:
                self.values.pop((r, c.name), None)
                self.errors.pop((r, c.name), None)
            self.endRemoveRows()
        if [r for r in new if r in self.row_ids] != self.row_ids:
            self.load(snap)  # reordered: rebuild
            return
        for pos, r in enumerate(new):
            if pos < len(self.row_ids) and self.row_ids[pos] == r:
                continue
            self.beginInsertRows(QModelIndex(), pos, pos)
            self.row_ids.insert(pos, r)
            for c in self.columns:
                self.values[(r, c.name)] = snap.answers.value(c.name, r)
                view = snap.items.get((c.name, r))
                if view is not None:
                    self.views[(c.name, r)] = view
            self.endInsertRows()

    def apply_views(self, snap: FormView, keys: set[tuple[str, str]]) -> None:
        names = {c.name: i for i, c in enumerate(self.columns)}
        for item, r in keys:
            col = names.get(item)
            if col is None or r not in self.row_ids:
                continue
            view = snap.items.get((item, r))
            if view is None:
                continue
            self.views[(item, r)] = view
            idx = self.index(self.row_ids.index(r), col)
            self.dataChanged.emit(idx, idx)

    def set_error(self, row_id: str, item: str, message: str | None) -> None:
        key = (row_id, item)
        if message:
            self.errors[key] = message
        else:
            self.errors.pop(key, None)
        names = [c.name for c in self.columns]
        if row_id in self.row_ids and item in names:
            idx = self.index(self.row_ids.index(row_id), names.index(item))
            self.dataChanged.emit(idx, idx)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        if self.row_ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self.row_ids) - 1, len(self.columns) - 1))

    # ------------------------------------------------------------ model API

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.row_ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def column_item(self, col: int) -> Item:
        return self.columns[col]

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole:
                return str(section + 1)
            return None
        item = self.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label.get(self.lang) + (" *" if item.required else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [item.label.get(self.lang)]
            if item.hint is not None:
                parts.append(item.hint.get(self.lang))
            if item.required and item.required_message is not None:
                parts.append("* " + item.required_message.get(self.lang))
            if item.type is ItemType.CALCULATE:
                parts.append(_("dihitung otomatis"))
            return "\n".join(parts)
        return None

    def _display(self, item: Item, raw: str) -> str:
        if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE) and raw:
            rs = self.template.options_for(item)
            if rs is not None:
                labels = []
                for v in raw.split() if item.type is ItemType.SELECT_MULTIPLE else [raw]:
                    opt = rs.option(v)
                    labels.append(opt.label.get(self.lang) if opt else v)
                return ", ".join(labels)
        return raw

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row_id = self.row_ids[index.row()]
        item = self.columns[index.column()]
        view = self.views.get((item.name, row_id))
        relevant = view.relevant if view is not None else True
        key = (row_id, item.name)
        if role == Qt.ItemDataRole.DisplayRole:
            if not relevant:
                return ""
            if item.type is ItemType.CALCULATE:
                return view.value if view is not None else ""
            return self._display(item, self.values.get(key, ""))
        if role == Qt.ItemDataRole.EditRole:
            return self.values.get(key, "")
        if role == ROLE_ITEM:
            return item
        if role == ROLE_OFFERED:
            return view.offered if view is not None else None
        stale = view.not_offered if view is not None and relevant else []
        if role == Qt.ItemDataRole.BackgroundRole:
            if key in self.errors or stale:
                return QBrush(ERROR_BG)
            if not relevant:
                return QBrush(NA_BG)
            if item.type is ItemType.CALCULATE:
                return QBrush(CALC_BG)
            if view is not None and view.prefilled:
                return QBrush(PREFILL_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not relevant:
            return QBrush(NA_FG)
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in self.errors:
                return self.errors[key]
            if stale:
                return _("'{choice}' tidak lagi sesuai dengan jawaban sebelumnya: pilih lagi "
                         "(jawaban lama tetap tersimpan sampai diganti)").format(
                    choice=self._display(item, " ".join(stale)))
            if not relevant:
                return _("tidak berlaku")
            if view is not None and view.prefilled:
                return prefill_tip(with_name=True)
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and item.type in (
                ItemType.INTEGER, ItemType.DECIMAL, ItemType.CALCULATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        item = self.columns[index.column()]
        view = self.views.get((item.name, self.row_ids[index.row()]))
        relevant = view.relevant if view is not None else True
        if not self.read_only and item.holds_value and relevant and not item.read_only:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        row_id = self.row_ids[index.row()]
        item = self.columns[index.column()]
        raw = "" if value is None else str(value)
        key = (row_id, item.name)
        if self.values.get(key, "") == raw and key not in self.errors:
            return False
        self.values[key] = raw
        self.dataChanged.emit(index, index)
        self.cell_edited.emit(row_id, item.name, raw)
        return True


class RepeatCellDelegate(QStyledItemDelegate):
    """A combo box for choices (commits on pick); a line edit for everything else."""

    def __init__(self, template: Template, lang: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.template = template
        self.lang = lang

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: Index) -> QWidget:
        item: Item = index.data(ROLE_ITEM)
        if item.type is ItemType.SELECT_ONE:
            rs = self.template.options_for(item)
            offered = index.data(ROLE_OFFERED)
            current = index.data(Qt.ItemDataRole.EditRole) or ""
            combo = QComboBox(parent)
            combo.addItem(_("— pilih —"), "")
            for opt in rs.options if rs else ():
                if offered is None or opt.value in offered or opt.value == current:
                    combo.addItem(opt.label.get(self.lang), opt.value)
            combo.activated.connect(self._on_combo_activated)
            return combo
        edit = QLineEdit(parent)
        placeholder = _PLACEHOLDERS.get(item.type)
        if placeholder:
            edit.setPlaceholderText(placeholder)
        return edit

    def _on_combo_activated(self, _index: int) -> None:
        editor = self.sender()
        if isinstance(editor, QWidget):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        raw = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(raw)))
        elif isinstance(editor, QLineEdit):
            editor.setText(raw)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class RepeatTable(QTableView):
    """Enter/F2 edits a cell; Delete clears it."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        idx = self.currentIndex()
        if event.key() in (Qt.Key.Key_Delete,) and idx.isValid() and \
                self.state() != QAbstractItemView.State.EditingState and \
                idx.flags() & Qt.ItemFlag.ItemIsEditable:
            self.model().setData(idx, "", Qt.ItemDataRole.EditRole)
            event.accept()
            return
        super().keyPressEvent(event)


class RepeatWidget(QFrame):
    """The card of a repeat group: title, table, add/remove row, messages."""

    row_add_requested = Signal(str)  # repeat
    row_remove_requested = Signal(str, str)  # repeat, row id
    cell_edited = Signal(str, str, str)  # item, row id, raw
    focused = Signal(str, str)

    MAX_VISIBLE_ROWS = 10

    def __init__(self, repeat: Item, template: Template, lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = repeat
        self.lang = lang
        self.read_only = False
        self.setObjectName("itemCard")
        self.setProperty("kind", "repeat")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.title = QLabel(repeat.label.get(lang), self)
        self.title.setObjectName("itemLabel")
        self.title.setWordWrap(True)
        self.required_marker = QLabel("*", self)
        self.required_marker.setObjectName("requiredMarker")
        self.required_marker.setToolTip(_("Wajib diisi"))
        self.required_marker.setVisible(repeat.min_rows > 0)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.required_marker, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addLayout(top)
        if repeat.hint is not None:
            hint = QLabel(repeat.hint.get(lang), self)
            hint.setObjectName("hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)

        self.model = RepeatTableModel(repeat, template, lang, self)
        self.table = RepeatTable(self)
        self.table.setObjectName("repeatTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(RepeatCellDelegate(template, lang, self.table))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked |
                                   QAbstractItemView.EditTrigger.EditKeyPressed |
                                   QAbstractItemView.EditTrigger.AnyKeyPressed |
                                   QAbstractItemView.EditTrigger.SelectedClicked)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter |
                                   Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(58)
        # Every column fits the card (no hidden columns to scroll to); numbers stay narrow.
        for col, child in enumerate(self.model.columns):
            if child.type in (ItemType.INTEGER, ItemType.DECIMAL, ItemType.CALCULATE):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
                self.table.setColumnWidth(col, 150 if child.type is ItemType.CALCULATE else 110)
            else:
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(80)
        self.table.verticalHeader().setDefaultSectionSize(30)
        layout.addWidget(self.table)

        bar = QHBoxLayout()
        self.add_button = QPushButton(_("Tambah baris"), self)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.remove_button = QPushButton(_("Hapus baris"), self)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        limits = []
        if repeat.min_rows:
            limits.append(_("minimal {n} baris").format(
                n=repeat.min_rows))
        if repeat.max_rows is not None:
            limits.append(_("maksimal {n} baris").format(
                n=repeat.max_rows))
        self.limits = QLabel(" · ".join(limits), self)
        self.limits.setObjectName("meta")
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addWidget(self.limits)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.message = QLabel("", self)
        self.message.setObjectName("inlineError")
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout.addWidget(self.message)

        self.model.cell_edited.connect(self._on_model_cell_edited)
        # rows grow with wrapped text; the table is as tall as its rows (up to
        # MAX_VISIBLE_ROWS), measured again whenever content or column widths change
        # (issue 12: cramped and clipped after reopening, when the width was not known yet)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_height)
        for signal in (self.model.modelReset, self.model.rowsInserted,
                       self.model.rowsRemoved, self.model.dataChanged,
                       self.table.horizontalHeader().sectionResized):
            signal.connect(self._fit_timer.start)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.table.installEventFilter(self)
        self._fit_height()
        self._update_buttons()

    def eventFilter(self, watched: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.FocusIn:
            idx = self.table.currentIndex()
            row = self.model.row_ids[idx.row()] if idx.isValid() else ""
            self.focused.emit(self.item.name, row)
        return False

    def _fit_height(self) -> None:
        n = self.model.rowCount()
        if n:
            self.table.resizeRowsToContents()
        vertical = self.table.verticalHeader()
        rows = sum(max(self.table.rowHeight(r), vertical.defaultSectionSize())
                   for r in range(min(n, self.MAX_VISIBLE_ROWS))) if n else \
            vertical.defaultSectionSize()
        header = max(self.table.horizontalHeader().sizeHint().height(), 58)
        scroll = self.table.horizontalScrollBar().sizeHint().height() \
            if self.table.horizontalScrollBar().isVisible() else 2
        self.table.setFixedHeight(header + rows + 2 * self.table.frameWidth() + scroll)
        self._update_buttons()

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()  # stretched columns changed width: rows wrap anew

    def _update_buttons(self) -> None:
        n = self.model.rowCount()
        can_add = self.item.max_rows is None or n < self.item.max_rows
        self.add_button.setEnabled(not self.read_only and can_add)
        self.remove_button.setEnabled(not self.read_only and self.table.currentIndex().isValid()
                                      and n > 0)
        self.add_button.setVisible(not self.read_only)
        self.remove_button.setVisible(not self.read_only)

    def _on_add_button_clicked(self) -> None:
        self.row_add_requested.emit(self.item.name)

    def _on_remove_button_clicked(self) -> None:
        idx = self.table.currentIndex()
        if idx.isValid():
            self.row_remove_requested.emit(self.item.name, self.model.row_ids[idx.row()])

    def _on_model_cell_edited(self, row_id: str, item: str, raw: str) -> None:
        self.cell_edited.emit(item, row_id, raw)

    # ------------------------------------------------------------ editor-facing

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.model.set_read_only(read_only)
        self._update_buttons()

    def apply_view(self, view: ItemView) -> None:
        self.setVisible(view.relevant)
        self.required_marker.setVisible(view.required)

    def set_cell_error(self, row_id: str, item: str, message: str | None) -> None:
        self.model.set_error(row_id, item, message)
        lines = []
        names = [c.name for c in self.model.columns]
        for (r, name), msg in self.model.errors.items():
            if r in self.model.row_ids and name in names:
                column = self.model.columns[names.index(name)].label.get(self.lang)
                lines.append(_(
                    "Baris {n}, {column}: {message}").format(
                    n=self.model.row_ids.index(r) + 1, column=column, message=msg))
        self.message.setText("\n".join(lines))
        self.message.setVisible(bool(lines))

    def set_message(self, text: str | None) -> None:
        self.message.setText(text or "")
        self.message.setVisible(bool(text))

    def focus_cell(self, row_id: str = "", item: str = "") -> None:
        row = self.model.row_ids.index(row_id) if row_id in self.model.row_ids else 0
        names = [c.name for c in self.model.columns]
        col = names.index(item) if item in names else 0
        if self.model.rowCount():
            idx = self.model.index(row, col)
            self.table.setCurrentIndex(idx)
            self.table.scrollTo(idx)
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_control(self) -> None:
        self.focus_cell()

    def edit_first_cell(self, row_id: str) -> None:
        """After adding a row: put the cursor in its first editable cell."""
        if row_id not in self.model.row_ids:
            return
        row = self.model.row_ids.index(row_id)
        for col in range(self.model.columnCount()):
            idx = self.model.index(row, col)
            if idx.flags() & Qt.ItemFlag.ItemIsEditable:
                self.table.setCurrentIndex(idx)
                self.table.scrollTo(idx)
                self.table.setFocus(Qt.FocusReason.OtherFocusReason)
                return
