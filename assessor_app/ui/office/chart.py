"""A small, generic bar chart drawn with QPainter (no QtCharts: it is not in
PySide6-Essentials).

The data is plain: a list of :class:`Bar` (label, value, optional stacked parts with a
colour each, a tooltip and a key). Horizontal bars suit long labels (institutions,
templates); vertical bars suit a time axis (months). Tests check :meth:`BarChart.bars` and
the geometry helpers (:meth:`BarChart.bar_rect`, :meth:`BarChart.bar_at`), not pixels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from assessor_app.formatting import decimal_number

DEFAULT_COLOUR = "#2c5282"
AXIS_COLOUR = "#c7ced8"
TEXT_COLOUR = "#1f2933"
MUTED_COLOUR = "#5b6673"


@dataclass(frozen=True)
class Bar:
    """One bar. ``parts`` (value, colour) stack inside it; their sum should be ``value``."""

    label: str
    value: float
    key: str = ""
    tooltip: str = ""
    parts: tuple[tuple[float, str], ...] = ()
    colour: str = DEFAULT_COLOUR


def _nice_max(value: float) -> float:
    """The axis maximum: 1, 2 or 5 times a power of ten, at least ``value``."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return float(step * power)
    return float(10 * power)


def _default_format(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else decimal_number(value)


class BarChart(QWidget):
    """Bars with labels and values; emits :attr:`bar_clicked` with the bar's key."""

    bar_clicked = Signal(str)

    ROW = 24  # height of one horizontal bar row
    PAD = 8
    LABEL_MAX = 110  # the longest a label turned upright under a vertical bar may be

    def __init__(self, title: str = "", orientation: Qt.Orientation = Qt.Orientation.Horizontal,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._orientation = orientation
        self._bars: list[Bar] = []
        self._legend: list[tuple[str, str]] = []
        self._empty_text = ""
        self._format: Callable[[float], str] = _default_format
        self._hover = -1
        self.setMouseTracking(True)
        self.setAccessibleName(title)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    # ------------------------------------------------------------ data

    def set_bars(self, bars: Sequence[Bar]) -> None:
        self._bars = list(bars)
        self._hover = -1
        self.setAccessibleDescription("; ".join(
            f"{b.label}: {self._format(b.value)}" for b in self._bars))
        self.updateGeometry()
        self.update()

    def bars(self) -> list[Bar]:
        return list(self._bars)

    def values(self) -> list[float]:
        return [b.value for b in self._bars]

    def set_title(self, title: str) -> None:
        self._title = title
        self.setAccessibleName(title)
        self.update()

    def title(self) -> str:
        return self._title

    def set_legend(self, items: Sequence[tuple[str, str]]) -> None:
        """(text, colour) pairs drawn under the title."""
        self._legend = list(items)
        self.updateGeometry()
        self.update()

    def set_empty_text(self, text: str) -> None:
        self._empty_text = text
        self.update()

    def set_value_format(self, fmt: Callable[[float], str]) -> None:
        self._format = fmt
        self.update()

    def orientation(self) -> Qt.Orientation:
        return self._orientation

    # ------------------------------------------------------------ geometry

    def _header_height(self) -> int:
        fm = QFontMetrics(self.font())
        h = self.PAD
        if self._title:
            h += fm.height() + 4
        if self._legend:
            h += fm.height() + 4
        return h

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        if self._orientation == Qt.Orientation.Horizontal:
            rows = max(1, len(self._bars))
            return QSize(420, self._header_height() + rows * self.ROW + self.PAD * 2)
        return QSize(max(420, len(self._bars) * 34), self._header_height() + 180
                     + fm.height() * 2)

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(240, min(hint.height(), 160) if self._orientation ==
                     Qt.Orientation.Vertical else hint.height())

    def _plot_area(self) -> QRectF:
        fm = QFontMetrics(self.font())
        top = self._header_height()
        if self._orientation == Qt.Orientation.Horizontal:
            label_w = min(self.width() * 0.42, max((fm.horizontalAdvance(b.label)
                                                    for b in self._bars), default=0) + 12)
            value_w = max((fm.horizontalAdvance(self._format(b.value)) for b in self._bars),
                          default=0) + 10
            return QRectF(self.PAD + label_w, top, max(10.0, self.width() - 2 * self.PAD
                                                       - label_w - value_w),
                          len(self._bars) * self.ROW)
        bottom = self._label_room(fm)
        return QRectF(self.PAD + 4, top + fm.height() + 2,
                      max(10.0, self.width() - 2 * self.PAD - 8),
                      max(10.0, self.height() - top - fm.height() - 2 - bottom - self.PAD))

    def _slot_width(self) -> float:
        """The width each vertical bar's column gets (the plot's width shared out)."""
        return max(10.0, self.width() - 2 * self.PAD - 8) / max(1, len(self._bars))

    def _widest_label(self, fm: QFontMetrics) -> int:
        return max((fm.horizontalAdvance(b.label) for b in self._bars), default=0)

    def upright_labels(self) -> bool:
        """Vertical bars whose labels do not fit side by side get them turned upright
        (every bar keeps its label; skipping every other one left bars nobody could name)."""
        if self._orientation != Qt.Orientation.Vertical or not self._bars:
            return False
        return self._widest_label(QFontMetrics(self.font())) + 6 > self._slot_width()

    def _label_room(self, fm: QFontMetrics) -> float:
        """The height under the axis for the bars' labels."""
        if self.upright_labels():
            return min(self._widest_label(fm) + 8, self.LABEL_MAX) + 4
        return fm.height() + 10

    def label_rect(self, index: int) -> QRectF:
        """Where bar ``index``'s label is drawn, in widget coordinates (horizontal: left of
        the bar; vertical: under it, turned upright when :meth:`upright_labels`)."""
        if not 0 <= index < len(self._bars):
            return QRectF()
        fm = QFontMetrics(self.font())
        area = self._plot_area()
        if self._orientation == Qt.Orientation.Horizontal:
            return QRectF(self.PAD, area.top() + index * self.ROW, area.left() - self.PAD - 6,
                          self.ROW)
        slot = self._slot_width()
        if self.upright_labels():
            centre = area.left() + (index + 0.5) * slot
            length = min(self._widest_label(fm) + 6, self.LABEL_MAX)
            return QRectF(centre - fm.height() / 2, area.bottom() + 4, fm.height(), length)
        return QRectF(area.left() + index * slot, area.bottom() + 4, slot, fm.height() + 4)

    def _maximum(self) -> float:
        return _nice_max(max((b.value for b in self._bars), default=0.0))

    def bar_rect(self, index: int) -> QRectF:
        """The rectangle of bar ``index`` in widget coordinates (empty if out of range)."""
        if not 0 <= index < len(self._bars):
            return QRectF()
        area = self._plot_area()
        fraction = max(0.0, self._bars[index].value) / self._maximum()
        if self._orientation == Qt.Orientation.Horizontal:
            y = area.top() + index * self.ROW + 4
            return QRectF(area.left(), y, area.width() * fraction, self.ROW - 8)
        slot = area.width() / max(1, len(self._bars))
        width = max(4.0, min(48.0, slot * 0.7))
        x = area.left() + index * slot + (slot - width) / 2
        height = area.height() * fraction
        return QRectF(x, area.bottom() - height, width, height)

    def _slot_rect(self, index: int) -> QRectF:
        """The whole row/column of a bar (for hover and clicks on short bars)."""
        area = self._plot_area()
        if self._orientation == Qt.Orientation.Horizontal:
            return QRectF(0, area.top() + index * self.ROW, self.width(), self.ROW)
        slot = area.width() / max(1, len(self._bars))
        return QRectF(area.left() + index * slot, area.top(), slot,
                      self.height() - area.top())

    def bar_at(self, point: QPoint | QPointF) -> int:
        p = QPointF(point)
        for i in range(len(self._bars)):
            if self._slot_rect(i).contains(p):
                return i
        return -1

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        fm = QFontMetrics(self.font())
        y = self.PAD
        if self._title:
            bold = painter.font()
            bold.setBold(True)
            painter.setFont(bold)
            painter.setPen(QColor(TEXT_COLOUR))
            painter.drawText(QRectF(self.PAD, y, self.width() - 2 * self.PAD, fm.height() + 2),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                             self._title)
            bold.setBold(False)
            painter.setFont(bold)
            y += fm.height() + 4
        if self._legend:
            x = float(self.PAD)
            for text, colour in self._legend:
                painter.fillRect(QRectF(x, y + 3, 10, fm.height() - 6), QColor(colour))
                x += 14
                painter.setPen(QColor(MUTED_COLOUR))
                painter.drawText(QPointF(x, y + fm.ascent()), text)
                x += fm.horizontalAdvance(text) + 14
        if not self._bars or all(b.value <= 0 for b in self._bars):
            painter.setPen(QColor(MUTED_COLOUR))
            painter.drawText(QRectF(0, self._header_height(), self.width(),
                                    max(30, self.height() - self._header_height())),
                             int(Qt.AlignmentFlag.AlignCenter), self._empty_text)
            return
        if self._orientation == Qt.Orientation.Horizontal:
            self._paint_horizontal(painter, fm)
        else:
            self._paint_vertical(painter, fm)

    def _fill_bar(self, painter: QPainter, index: int, rect: QRectF) -> None:
        bar = self._bars[index]
        if index == self._hover:
            painter.fillRect(self._slot_rect(index), QColor("#eef2f7"))
        if not bar.parts:
            painter.fillRect(rect, QColor(bar.colour))
            return
        total = sum(max(0.0, v) for v, _c in bar.parts) or 1.0
        horizontal = self._orientation == Qt.Orientation.Horizontal
        offset = 0.0
        for value, colour in bar.parts:
            share = max(0.0, value) / total
            if horizontal:
                part = QRectF(rect.left() + offset, rect.top(), rect.width() * share,
                              rect.height())
                offset += rect.width() * share
            else:
                h = rect.height() * share
                part = QRectF(rect.left(), rect.bottom() - offset - h, rect.width(), h)
                offset += h
            painter.fillRect(part, QColor(colour))

    def _paint_horizontal(self, painter: QPainter, fm: QFontMetrics) -> None:
        area = self._plot_area()
        painter.setPen(QColor(AXIS_COLOUR))
        painter.drawLine(QPointF(area.left(), area.top()), QPointF(area.left(), area.bottom()))
        for i, bar in enumerate(self._bars):
            rect = self.bar_rect(i)
            self._fill_bar(painter, i, rect)
            row = self.label_rect(i)
            painter.setPen(QColor(TEXT_COLOUR))
            painter.drawText(row, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(bar.label, Qt.TextElideMode.ElideRight,
                                           int(row.width())))
            painter.setPen(QColor(MUTED_COLOUR))
            painter.drawText(QPointF(rect.right() + 5, row.center().y() + fm.ascent() / 2 - 1),
                             self._format(bar.value))

    def _paint_vertical(self, painter: QPainter, fm: QFontMetrics) -> None:
        area = self._plot_area()
        painter.setPen(QColor(AXIS_COLOUR))
        painter.drawLine(QPointF(area.left(), area.bottom()), QPointF(area.right(),
                                                                      area.bottom()))
        slot = area.width() / max(1, len(self._bars))
        upright = self.upright_labels()
        for i, bar in enumerate(self._bars):
            rect = self.bar_rect(i)
            self._fill_bar(painter, i, rect)
            if bar.value > 0:
                painter.setPen(QColor(MUTED_COLOUR))
                text = self._format(bar.value)
                painter.drawText(QRectF(rect.center().x() - slot / 2, rect.top() - fm.height()
                                        - 2, slot, fm.height()),
                                 int(Qt.AlignmentFlag.AlignCenter), text)
            painter.setPen(QColor(TEXT_COLOUR))
            box = self.label_rect(i)
            if not upright:
                painter.drawText(box, int(Qt.AlignmentFlag.AlignHCenter |
                                          Qt.AlignmentFlag.AlignTop),
                                 fm.elidedText(bar.label, Qt.TextElideMode.ElideRight,
                                               int(box.width())))
                continue
            # read from the bottom up, the label's end at the axis
            painter.save()
            painter.translate(box.center().x(), box.top())
            painter.rotate(-90)
            painter.drawText(QRectF(-box.height(), -box.width() / 2, box.height(), box.width()),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(bar.label, Qt.TextElideMode.ElideRight,
                                           int(box.height())))
            painter.restore()

    # ------------------------------------------------------------ interaction

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            index = self.bar_at(event.pos())
            if index >= 0:
                bar = self._bars[index]
                QToolTip.showText(event.globalPos(), bar.tooltip or
                                  f"{bar.label}: {self._format(bar.value)}", self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        if index != self._hover:
            self._hover = index
            self.setCursor(Qt.CursorShape.PointingHandCursor if index >= 0 and
                           self._bars[index].key else Qt.CursorShape.ArrowCursor)
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = -1
        self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.bar_at(event.position())
        if index >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self.bar_clicked.emit(self._bars[index].key)
        super().mouseReleaseEvent(event)


__all__ = ["Bar", "BarChart"]
