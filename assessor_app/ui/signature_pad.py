"""A signature pad: draw with a mouse, a tablet pen (pressure) or a finger (touch).

Strokes are kept as points with a pen width (pen pressure changes the width) and drawn as
smoothed :class:`QPainterPath` segments. :meth:`SignaturePad.to_png` renders only the ink,
cropped to the strokes, on a transparent background; an empty pad (or a mere dot) is
refused with ``AppError("shell.signature_empty")`` so nobody signs with a blank image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from assessor_app.core.errors import InvalidValueError
from assessor_app.i18n import _

INK = QColor(20, 34, 96)  # blue-black, like the pens used for wet signatures
BASE_WIDTH = 2.6  # logical px for a mouse stroke
MIN_INK_EXTENT = 12.0  # a signature must span at least this many px in some direction
EXPORT_SCALE = 2.0  # export at twice the logical size (crisp in a printed report)
EXPORT_MAX_EDGE = 1200
EXPORT_MARGIN = 8.0


@dataclass
class Stroke:
    points: list[QPointF] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def add(self, point: QPointF, width: float) -> None:
        if self.points and (self.points[-1] - point).manhattanLength() < 0.5:
            return
        self.points.append(QPointF(point))
        self.widths.append(width)


def _pressure_width(pressure: float) -> float:
    pressure = max(0.0, min(1.0, pressure))
    return BASE_WIDTH * (0.45 + 1.1 * pressure)


def stroke_segments(stroke: Stroke) -> list[tuple[QPainterPath, float]]:
    """The stroke as smoothed path pieces (quadratic curves through the midpoints), each
    with its pen width, so pen pressure shows as a varying line."""
    pts = stroke.points
    if len(pts) == 1:
        path = QPainterPath(pts[0])
        path.lineTo(pts[0] + QPointF(0.01, 0.01))
        return [(path, stroke.widths[0])]
    out: list[tuple[QPainterPath, float]] = []
    start = pts[0]
    for i in range(1, len(pts)):
        mid = (pts[i - 1] + pts[i]) / 2.0 if i < len(pts) - 1 else pts[i]
        path = QPainterPath(start)
        if i == 1:
            path.lineTo(mid)
        else:
            path.quadTo(pts[i - 1], mid)
        out.append((path, (stroke.widths[i - 1] + stroke.widths[i]) / 2.0))
        start = mid
    return out


class SignaturePad(QWidget):
    """The drawing surface. ``changed`` fires after every stroke and after clear()."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._read_only = False
        self._preferred_height = 200
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(_("Bidang tanda tangan"))
        self.setToolTip(_("Tanda tangani dengan mouse, pena atau jari. "
                          "Delete menghapus."))

    def sizeHint(self) -> QSize:
        return QSize(520, self._preferred_height)

    def set_preferred_height(self, height: int) -> None:
        """The height the pad asks for (at least its minimum): less on a small screen,
        where a dialog would otherwise scroll its fields away for a tall pad."""
        self._preferred_height = max(self.minimumSizeHint().height(), height)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:
        return QSize(320, 110)  # a signature's line still fits; the sign dialog at 683x400

    # ------------------------------------------------------------ state

    def is_empty(self) -> bool:
        """True when there is no ink worth a signature (nothing, or just a dot)."""
        if not self._strokes:
            return True
        box = self._ink_bounds()
        return max(box.width(), box.height()) < MIN_INK_EXTENT

    def stroke_count(self) -> int:
        return len(self._strokes)

    def clear(self) -> None:
        self._strokes.clear()
        self._current = None
        self.update()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.setCursor(Qt.CursorShape.ArrowCursor if read_only else Qt.CursorShape.CrossCursor)

    def _ink_bounds(self) -> QRectF:
        xs = [p.x() for s in self._strokes for p in s.points]
        ys = [p.y() for s in self._strokes for p in s.points]
        if not xs:
            return QRectF()
        return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))

    # ------------------------------------------------------------ input

    def _begin(self, pos: QPointF, width: float) -> None:
        if self._read_only:
            return
        self._current = Stroke()
        self._current.add(pos, width)
        self._strokes.append(self._current)
        self.update()

    def _extend(self, pos: QPointF, width: float) -> None:
        if self._current is None:
            return
        self._current.add(pos, width)
        self.update()

    def _end(self) -> None:
        if self._current is None:
            return
        self._current = None
        self.update()
        self.changed.emit()

    @staticmethod
    def _left_button(event: QMouseEvent, *, held: bool = False) -> bool:
        """A real mouse event of the left button: pressed or released (``held``: moved with
        it down). A mouse event Qt made from a tablet or touch event was already handled as
        such: it is ignored."""
        if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
            event.ignore()
            return False
        if held:
            return bool(event.buttons() & Qt.MouseButton.LeftButton)
        return event.button() == Qt.MouseButton.LeftButton

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._left_button(event):
            self._begin(event.position(), BASE_WIDTH)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._left_button(event, held=True):
            self._extend(event.position(), BASE_WIDTH)
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._left_button(event):
            self._extend(event.position(), BASE_WIDTH)
            self._end()
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        width = _pressure_width(event.pressure())
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove:
            if event.pressure() > 0:
                self._extend(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()  # no synthesized mouse event follows

    def event(self, event: object) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                pos = points[0].position()
                pressure = points[0].pressure()
                width = _pressure_width(pressure) if 0 < pressure < 1 else BASE_WIDTH
                kind = event.type()
                if kind == QTouchEvent.Type.TouchBegin:
                    self._begin(pos, width)
                elif kind == QTouchEvent.Type.TouchUpdate:
                    self._extend(pos, width)
                elif kind in (QTouchEvent.Type.TouchEnd, QTouchEvent.Type.TouchCancel):
                    self._extend(pos, width)
                    self._end()
            event.accept()
            return True
        return super().event(event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self._read_only:
            self.clear()
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------ painting

    def _paint_strokes(self, painter: QPainter) -> None:
        pen = QPen(INK)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for stroke in self._strokes:
            for path, width in stroke_segments(stroke):
                pen.setWidthF(width)
                painter.setPen(pen)
                painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.fillRect(rect, QColor("#ffffff"))
        frame = QPen(QColor("#2f6db5") if self.hasFocus() else QColor("#9aa5b1"))
        frame.setWidthF(1.5 if self.hasFocus() else 1.0)
        painter.setPen(frame)
        painter.drawRoundedRect(rect, 6, 6)
        base_y = rect.bottom() - rect.height() * 0.28
        guide = QPen(QColor("#c3cad3"))
        guide.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(guide)
        painter.drawLine(QPointF(rect.left() + 24, base_y), QPointF(rect.right() - 24, base_y))
        painter.setPen(QColor("#8a96a3"))
        painter.drawText(QRectF(rect.left() + 10, base_y - 28, 24, 24),
                         Qt.AlignmentFlag.AlignCenter, "×")
        if not self._strokes:
            painter.drawText(rect.adjusted(0, 0, 0, -rect.height() * 0.35),
                             Qt.AlignmentFlag.AlignCenter,
                             _("Tanda tangan di sini"))
        self._paint_strokes(painter)
        painter.end()

    # ------------------------------------------------------------ export

    def to_image(self) -> QImage:
        if self.is_empty():
            raise InvalidValueError("shell.signature_empty")
        box = self._ink_bounds().adjusted(-EXPORT_MARGIN, -EXPORT_MARGIN,
                                          EXPORT_MARGIN, EXPORT_MARGIN)
        scale = min(EXPORT_SCALE, EXPORT_MAX_EDGE / max(box.width(), box.height(), 1.0))
        size = QSize(max(1, round(box.width() * scale)), max(1, round(box.height() * scale)))
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(scale, scale)
        painter.translate(-box.topLeft())
        self._paint_strokes(painter)
        painter.end()
        return image

    def to_png(self) -> bytes:
        """The ink as PNG bytes (transparent background). Raises on an empty pad."""
        image = self.to_image()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not image.save(buffer, "PNG"):  # type: ignore[call-overload]  # str at run time
            raise InvalidValueError("sign.bad_image")
        buffer.close()
        return bytes(data.data())
