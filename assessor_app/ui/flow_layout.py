"""A layout that places its widgets in a row and wraps to the next line when the row is
full (Qt's "Flow Layout" example): a row of answer buttons shrinks with its card instead of
forcing the editor to scroll sideways on a narrow screen."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class _ItemsLayout(QLayout):
    """A layout's own list of items, and a height that depends on its width."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 (Qt API)
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]


class FlowLayout(_ItemsLayout):
    """Widgets in a row, wrapping to the next line when the row is full."""

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one row."""
        visible = self._visible()
        width = sum(i.sizeHint().width() for i in visible) + \
            self.spacing() * max(0, len(visible) - 1)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802
        """The widest single item: every item on a row of its own."""
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    # ------------------------------------------------------------ placing

    def _arrange(self, rect: QRect, apply: bool) -> int:
        m: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(m)
        x, y, line = area.x(), area.y(), 0
        gap = self.spacing()
        for item in self._visible():
            hint = item.sizeHint().expandedTo(item.minimumSize())
            w = min(hint.width(), max(area.width(), item.minimumSize().width()))
            if x > area.x() and x + w > area.right() + 1:
                x, y, line = area.x(), y + line + gap, 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), QSize(w, hint.height())))
            x += w + gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


class ToolsLayout(_ItemsLayout):
    """The tools at the right end of a page's title row: on one line, labels that may give
    way (a horizontal policy that can shrink, e.g. a count cut with "…") shrinking first;
    with ``wrap`` on (the tools on a row of their own under the title) the buttons that
    still do not fit go on to a next line instead of being cut at the window's edge."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent, spacing)
        self.setContentsMargins(0, 0, 0, 0)
        self.wrap = False

    # ------------------------------------------------------------ QLayout

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        lines = self._lines(width)
        return sum(height for _, height in lines) + self._gaps(len(lines))

    def sizeHint(self) -> QSize:  # noqa: N802
        """Everything on one line at its natural width."""
        items = self._visible()
        return QSize(sum(i.sizeHint().width() for i in items) + self._gaps(len(items)),
                     max((i.sizeHint().height() for i in items), default=0))

    def one_line(self) -> int:
        """The least width of everything on one line (the labels given way)."""
        items = self._visible()
        return sum(self._least(i) for i in items) + self._gaps(len(items))

    def minimumSize(self) -> QSize:  # noqa: N802
        """One line with the labels given way; with ``wrap``: the widest button."""
        items = self._visible()
        width = max((self._least(i) for i in items), default=0) if self.wrap else \
            self.one_line()
        return QSize(width, max((i.minimumSize().height() for i in items), default=0))

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        y = rect.y()
        for line, height in self._lines(rect.width()):
            x = rect.right() + 1 - sum(w for _, w in line) - self._gaps(len(line))
            for item, w in line:  # each line at the right end
                item.setGeometry(QRect(QPoint(x, y + (height - item.sizeHint().height()) // 2),
                                       QSize(w, item.sizeHint().height())))
                x += w + self.spacing()
            y += height + self.spacing()

    # ------------------------------------------------------------ placing

    def _gaps(self, n: int) -> int:
        return self.spacing() * max(0, n - 1)

    @staticmethod
    def _shrinks(item: QLayoutItem) -> bool:
        widget = item.widget()
        return widget is not None and bool(
            widget.sizePolicy().horizontalPolicy().value & 0x4)  # QSizePolicy.ShrinkFlag

    def _least(self, item: QLayoutItem) -> int:
        return item.minimumSize().width() if self._shrinks(item) else item.sizeHint().width()

    def _lines(self, width: int) -> list[tuple[list[tuple[QLayoutItem, int]], int]]:
        items = self._visible()
        if not items:
            return []
        natural = [i.sizeHint().width() for i in items]
        least = [self._least(i) for i in items]
        gaps = self._gaps(len(items))
        if sum(natural) + gaps <= width or not self.wrap or sum(least) + gaps <= width:
            widths = list(natural)
            short = sum(natural) + gaps - width
            give = [n - m for n, m in zip(natural, least, strict=True)]
            total = sum(give)
            if short > 0 and total:  # the labels give way, each in proportion
                for k, can in enumerate(give):
                    widths[k] -= min(can, -(-short * can // total))
            return [(list(zip(items, widths, strict=True)),
                     max(i.sizeHint().height() for i in items))]
        lines: list[tuple[list[tuple[QLayoutItem, int]], int]] = []
        line: list[tuple[QLayoutItem, int]] = []
        used = 0
        for item, n in zip(items, natural, strict=True):
            w = min(n, width)
            if line and used + self.spacing() + w > width:
                lines.append((line, max(i.sizeHint().height() for i, _ in line)))
                line, used = [], 0
            used += (self.spacing() if line else 0) + w
            line.append((item, w))
        lines.append((line, max(i.sizeHint().height() for i, _ in line)))
        return lines


__all__ = ["FlowLayout", "ToolsLayout"]
