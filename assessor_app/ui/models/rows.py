"""One read-only table model over a list of plain rows (the read models the services hand
out), described by its columns. Every list of the app is one of these: the registry
lists, the assessment list (which loads its rows in pages), the office and sync tables."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from assessor_app.core.display import display_line, display_text

Index = QModelIndex | QPersistentModelIndex
T = TypeVar("T")

CENTRE = Qt.AlignmentFlag.AlignCenter


@dataclass(frozen=True)
class Column(Generic[T]):
    """A column: its title and how a row shows in it. ``text`` may return any value (None
    and "" show as the model's ``blank``); ``tooltip`` defaults to the text."""

    title: str
    text: Callable[[T], Any]
    colour: Callable[[T], str | None] | None = None
    align: Qt.AlignmentFlag | None = None
    tooltip: Callable[[T], str | None] | None = None
    bold: Callable[[T], bool] | None = None


class RowsModel(QAbstractTableModel, Generic[T]):
    """A read-only table of ``rows``, one :class:`Column` per column. The ``UserRole`` of a
    cell is its row's ``id`` (when the row has one).

    ``blank`` is shown for an empty value; with ``text_tooltips`` a cell without a tooltip of
    its own shows its text as the tooltip (a narrow column cuts long values)."""

    def __init__(self, columns: Sequence[Column[T]] = (), parent: Any = None, *,
                 blank: str = "", text_tooltips: bool = True) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: Sequence[T] = []
        self._blank = blank
        self._text_tooltips = text_tooltips

    def set_columns(self, columns: Sequence[Column[T]]) -> None:
        self.beginResetModel()
        self._columns = list(columns)
        self.endResetModel()

    def set_rows(self, rows: Sequence[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[T]:
        return list(self._rows)

    def row_at(self, row: int) -> T:
        return self._rows[row]

    def row_where(self, found: Callable[[T], bool]) -> int:
        """The number of the first loaded row ``found`` accepts, else -1."""
        return next((n for n, r in enumerate(self._rows) if found(r)), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].title
        return None

    def _shown(self, column: Column[T], row: T) -> str:
        """The cell's text as shown: stored text may hold control characters or bidi
        overrides (an old store, a bundle, a hand edit); they show as U+FFFD."""
        value = column.text(row)
        return self._blank if value is None or value == "" else display_line(value)

    def text(self, row: int, column: int) -> str:
        return self._shown(self._columns[column], self._rows[row])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(column, row)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip is not None:
                tip = column.tooltip(row)
                return None if tip is None else display_text(tip)
            return self._shown(column, row) if self._text_tooltips else None
        if role == Qt.ItemDataRole.UserRole:
            return getattr(row, "id", None)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QColor(colour) if colour else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align is not None:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column.bold is not None and column.bold(row):
            font = QFont()
            font.setBold(True)
            return font
        return None


__all__ = ["CENTRE", "Column", "Index", "RowsModel"]
