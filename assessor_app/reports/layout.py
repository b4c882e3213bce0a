"""Page geometry, styles and the two-pass canvas ("Halaman x dari y", verification footer).

Margins follow the Indonesian *tata naskah dinas* examples (DOMAIN.md section 9): top
2.5 cm, bottom 3 cm (the footer with the QR code lives there), left 3 cm, right 2.5 cm.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from assessor_app.reports import fonts
from assessor_app.reports.labels import label
from assessor_app.reports.text import clean
from assessor_app.reports.verification import Payload, qr_matrix

F4 = (215 * mm, 330 * mm)
PAGE_SIZES = {"a4": A4, "f4": F4}

MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 25 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 30 * mm
QR_SIZE = 18 * mm

GRID = colors.black
HEAD_BG = colors.HexColor("#e8e8e8")
SUB_BG = colors.HexColor("#f4f4f4")
FAIL_BG = colors.HexColor("#fbe3e1")
CRIT_BG = colors.HexColor("#f6c9c4")
MUTED = colors.HexColor("#555555")
DRAFT_RED = colors.HexColor("#b3261e")

BOX_EMPTY = "\u2610"  # ☐
BOX_TICKED = "\u2611"  # ☑
TICK = "\u2713"  # ✓


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_center: ParagraphStyle
    cell_small: ParagraphStyle
    head: ParagraphStyle
    head_center: ParagraphStyle
    head_small: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    banner: ParagraphStyle
    tick: ParagraphStyle


def make_styles() -> Styles:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9, leading=12,
                          alignment=TA_LEFT, splitLongWords=1, allowWidows=0, allowOrphans=0)

    def derive(name: str, **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    cell = derive("cell", fontSize=8, leading=10)
    return Styles(
        body=base,
        small=derive("small", fontSize=7.5, leading=9.5),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.BOLD),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=7, leading=8.6,
                                  textColor=MUTED),
        head=ParagraphStyle("head", parent=cell, fontName=fonts.BOLD),
        head_center=ParagraphStyle("head_center", parent=cell, fontName=fonts.BOLD,
                                   alignment=TA_CENTER),
        head_small=ParagraphStyle("head_small", parent=cell, fontName=fonts.BOLD,
                                  alignment=TA_CENTER, fontSize=7, leading=8.5),
        title=derive("title", fontName=fonts.BOLD, fontSize=11.5, leading=14.5,
                     alignment=TA_CENTER, spaceAfter=2),
        subtitle=derive("subtitle", fontName=fonts.ITALIC, fontSize=8.5, leading=11,
                        alignment=TA_CENTER, textColor=MUTED, spaceAfter=6),
        h1=derive("h1", fontName=fonts.BOLD, fontSize=10, leading=13, spaceBefore=9,
                  spaceAfter=4, keepWithNext=1),
        h2=derive("h2", fontName=fonts.BOLD, fontSize=9, leading=11.5, spaceBefore=6,
                  spaceAfter=3, keepWithNext=1),
        banner=derive("banner", fontName=fonts.BOLD, fontSize=8.5, leading=11,
                      textColor=DRAFT_RED),
        tick=ParagraphStyle("tick", parent=cell, alignment=TA_CENTER, fontSize=10,
                            leading=11, fontName=fonts.BOLD),
    )


def grid_style(*extra: tuple[Any, ...], header_rows: int = 1) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if header_rows:
        cmds += [("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_BG),
                 ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE")]
    cmds += list(extra)
    return TableStyle(cmds)


def plain_style(*extra: tuple[Any, ...]) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    return TableStyle(cmds + list(extra))


def table(rows: list[list[Any]], widths: list[float], style: TableStyle, *,
          repeat: int = 0) -> Table:
    """A table whose rows never split inside (reportlab splits only between rows)."""
    t = Table(rows, colWidths=widths, repeatRows=repeat, hAlign="LEFT", splitInRow=0)
    t.setStyle(style)
    return t


class ContinuedTable(Table):  # type: ignore[misc]
    """A table whose row groups (the KUK of one element) may run over a page break: the
    first row on the new page then repeats the group's label, marked "(lanjutan)".

    ``continuation`` maps a row index to the cells ({column: flowable}) to show in that row
    when it is the first data row after a break."""

    continuation: dict[int, dict[int, Any]]

    def split(self, avail_w: float, avail_h: float) -> list[Any]:
        parts: list[Any] = super().split(avail_w, avail_h)
        cont = getattr(self, "continuation", None)
        if len(parts) != 2 or not cont or not isinstance(self.repeatRows, int):
            return parts
        first, second = parts
        k = len(first._cellvalues)  # original index of the first row that moved
        rr = self.repeatRows
        cells = cont.get(k)
        if cells:
            for col, cell in cells.items():
                second._cellvalues[rr][col] = cell
            heights = list(second._argH) if second._argH is not None else \
                [None] * len(second._cellvalues)
            heights[rr] = None  # let the row grow to fit the repeated label
            second._argH = heights
        second.continuation = {i - k + rr: v for i, v in cont.items() if i > k}
        return parts


def image_flowable(data: bytes, max_w: float, max_h: float) -> Flowable | None:
    """The image scaled to fit the box, or None when it cannot be decoded."""
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            w, h = im.size
            im.verify()
    except Exception:  # noqa: BLE001 - a damaged image must never stop a report
        return None
    if w <= 0 or h <= 0:
        return None
    scale = min(max_w / w, max_h / h)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale, lazy=0)


# ------------------------------------------------------------------ page furniture


@dataclass
class PageDecor:
    """What every page carries: header line, footer with QR + code + page x of y."""

    payload: Payload
    lang: str
    header_left: str
    header_right: str
    footer_line: str
    draft: bool
    progress: Callable[[int], object] | None = None
    pages: int = 0
    _qr_name: str = "akvQR"
    _qr_defined: bool = field(default=False)

    def on_page(self, canvas: Canvas, doc: Any) -> None:
        """Drawn before the page's content (watermark under the text)."""
        page = canvas.getPageNumber()
        if self.progress is not None:
            self.progress(page)
        if self.draft:
            w, h = canvas._pagesize
            canvas.saveState()
            canvas.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.10))
            canvas.setFont(fonts.BOLD, 54)
            canvas.translate(w / 2, h / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -18, clean(label("draft_watermark", self.lang)))
            canvas.restoreState()

    def _define_qr(self, canvas: Canvas) -> None:
        matrix = qr_matrix(self.payload.encode())
        n = len(matrix)
        cell = QR_SIZE / n
        canvas.beginForm(self._qr_name, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
        canvas.setFillColor(colors.black)
        for r, row in enumerate(matrix):
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    canvas.rect(start * cell, QR_SIZE - (r + 1) * cell, (c - start) * cell,
                                cell, stroke=0, fill=1)
                else:
                    c += 1
        canvas.endForm()
        self._qr_defined = True

    def draw_furniture(self, canvas: Canvas, total: int) -> None:
        """Drawn after the content, once the page count is known."""
        self.pages = total
        w, h = canvas._pagesize
        page = canvas.getPageNumber()
        left, right = MARGIN_LEFT, w - MARGIN_RIGHT
        canvas.saveState()
        # header line
        canvas.setFont(fonts.REGULAR, 7)
        canvas.setFillColor(MUTED)
        top = h - 14 * mm
        canvas.drawString(left, top, _fit(self.header_left, fonts.REGULAR, 7, (right - left) * 0.68))
        canvas.drawRightString(right, top, _fit(self.header_right, fonts.REGULAR, 7,
                                                (right - left) * 0.3))
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.4)
        canvas.line(left, top - 2.2 * mm, right, top - 2.2 * mm)
        if self.draft:
            canvas.setFillColor(DRAFT_RED)
            canvas.setFont(fonts.BOLD, 8)
            canvas.drawCentredString((left + right) / 2, top + 4 * mm,
                                     clean(label("draft_watermark", self.lang)))
        # footer: QR right, verification text left, page numbers under the rule
        base = 8 * mm
        if not self._qr_defined:
            self._define_qr(canvas)
        canvas.saveState()
        canvas.translate(right - QR_SIZE, base)
        canvas.doForm(self._qr_name)
        canvas.restoreState()
        canvas.setStrokeColor(MUTED)
        canvas.line(left, base + QR_SIZE + 1.5 * mm, right, base + QR_SIZE + 1.5 * mm)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.BOLD, 8)
        text_w = right - left - QR_SIZE - 4 * mm
        canvas.drawString(left, base + QR_SIZE - 4 * mm,
                          f"{label('verification_code', self.lang)}: {self.payload.code}")
        canvas.setFont(fonts.REGULAR, 6.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(left, base + QR_SIZE - 8 * mm,
                          _fit(self.footer_line, fonts.REGULAR, 6.5, text_w))
        canvas.drawString(left, base + QR_SIZE - 11.5 * mm,
                          _fit(label("verify_hint", self.lang), fonts.REGULAR, 6.5, text_w))
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.REGULAR, 8)
        canvas.drawString(left, base + 1 * mm,
                          label("page_of", self.lang, page=page, pages=total))
        canvas.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = clean(text).replace("\n", " ")
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def canvas_class(decor: PageDecor) -> type[Canvas]:
    """A canvas that keeps every page until the end, so each can say "x dari y"
    (the two-pass pattern of pretix's invoice renderer)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._kept.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._kept)
            for state in self._kept:
                self.__dict__.update(state)
                decor.draw_furniture(self, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas


def right_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "_r", parent=style, alignment=TA_RIGHT)


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup, style)
