"""Page geometry, styles and the two-pass canvas ("Halaman x dari y", verification footer).

Margins follow the Indonesian *tata naskah dinas* examples (DOMAIN.md section 9): top
2.5 cm, left 3 cm, right 2.5 cm; the bottom margin is 4 cm because the footer with the QR
code lives there: the code is at most 28 mm wide, so a payload (45-53 modules) gets modules
of more than 0.5 mm and scans from a 150 dpi print, and its 4-module quiet zone stays clear
of the footer rule, the paraf line and the text beside it.

Competency (MUK) forms look like the LSP's paper form instead: 10-11 pt text on a slightly
wider page (left 2.5 cm, right 2 cm), the LSP's letterhead (kop surat) at the top of every
page when the scheme names its LSP, and a footer with "Kode File", "Halaman x dari y" and,
on a form of several pages, a line for the asesi's and the asesor's initials (paraf).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image as PILImage
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader, TimeStamp
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, Paragraph, Table, TableStyle

from assessor_app.core.template import LspIdentity
from assessor_app.reports import fonts
from assessor_app.reports.labels import label
from assessor_app.reports.text import clean, markup, visual
from assessor_app.reports.verification import Payload, qr_matrix

F4 = (215 * mm, 330 * mm)
PAGE_SIZES = {"a4": A4, "f4": F4}

MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 25 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 40 * mm
QR_SIZE = 28 * mm  # payloads are 110-190 bytes: version 7-9 (45-53 modules) at level M
QR_MIN_MODULE = 0.5 * mm  # 2.95 px at 150 dpi
QR_QUIET = 3 * mm  # 4 modules at most (a short payload's code is drawn smaller): blank
FOOTER_BASE = 6 * mm  # the QR code's lower edge
# the rule above the footer's text, level with the code's top; it stops QR_QUIET short of
# the code, and the content frame starts QR_QUIET and more above it: the quiet zone is blank
FOOTER_RULE = FOOTER_BASE + QR_SIZE


def qr_module(n: int) -> float:
    """The side of one module of a code of ``n`` modules: the code fills QR_SIZE, but a
    short payload's modules stay small enough for QR_QUIET to be 4 modules."""
    return float(min(QR_SIZE / n, QR_QUIET / 4))


# competency (MUK) forms
MUK_MARGIN_LEFT = 25 * mm
MUK_MARGIN_RIGHT = 20 * mm
MUK_MARGIN_BOTTOM = 40 * mm  # footer, and above its rule the paraf line with room to write
KOP_TOP = 9 * mm  # page top to the top of the letterhead
KOP_LOGO = 22 * mm  # the logo's box (square)
KOP_HEIGHT = 24 * mm  # letterhead from its top to its rule
MUK_MARGIN_TOP_KOP = KOP_TOP + KOP_HEIGHT + 5 * mm

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


@dataclass(frozen=True)
class Sizes:
    """Font size and leading (pt) of each style."""

    body: tuple[float, float]
    small: tuple[float, float]
    cell: tuple[float, float]
    cell_small: tuple[float, float]
    head_small: tuple[float, float]
    title: tuple[float, float]
    subtitle: tuple[float, float]
    h1: tuple[float, float]
    h2: tuple[float, float]
    banner: tuple[float, float]
    tick: tuple[float, float]
    note: float  # inline notes and evidence references inside a cell (<font size=...>)


#: Institutional reports: dense tables of many items.
STANDARD_SIZES = Sizes(body=(9, 12), small=(7.5, 9.5), cell=(8, 10), cell_small=(7, 8.6),
                       head_small=(7, 8.5), title=(11.5, 14.5), subtitle=(8.5, 11),
                       h1=(10, 13), h2=(9, 11.5), banner=(8.5, 11), tick=(10, 11), note=7)
#: Competency (MUK) forms: body and cell text at 10 pt and more, like the paper forms; only
#: the narrow "Ya/Tidak" column heads, remarks under a cell and the guide stay smaller.
MUK_SIZES = Sizes(body=(10.5, 13.5), small=(9, 11.5), cell=(10, 12.5), cell_small=(8.5, 10.5),
                  head_small=(8.5, 10), title=(12.5, 15.5), subtitle=(9.5, 12),
                  h1=(11, 14), h2=(10.5, 13), banner=(9.5, 12), tick=(11, 12.5), note=8.5)


def make_styles(sizes: Sizes = STANDARD_SIZES) -> Styles:
    fonts.register()
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=sizes.body[0],
                          leading=sizes.body[1], alignment=TA_LEFT, splitLongWords=1,
                          allowWidows=0, allowOrphans=0)

    def derive(name: str, size: tuple[float, float], **kw: Any) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, fontSize=size[0], leading=size[1], **kw)

    cell = derive("cell", sizes.cell)
    return Styles(
        body=base,
        small=derive("small", sizes.small),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=fonts.BOLD),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_small=ParagraphStyle("cell_small", parent=cell, fontSize=sizes.cell_small[0],
                                  leading=sizes.cell_small[1], textColor=MUTED),
        head=ParagraphStyle("head", parent=cell, fontName=fonts.BOLD),
        head_center=ParagraphStyle("head_center", parent=cell, fontName=fonts.BOLD,
                                   alignment=TA_CENTER),
        head_small=ParagraphStyle("head_small", parent=cell, fontName=fonts.BOLD,
                                  alignment=TA_CENTER, fontSize=sizes.head_small[0],
                                  leading=sizes.head_small[1]),
        title=derive("title", sizes.title, fontName=fonts.BOLD, alignment=TA_CENTER,
                     spaceAfter=2),
        subtitle=derive("subtitle", sizes.subtitle, fontName=fonts.ITALIC,
                        alignment=TA_CENTER, textColor=MUTED, spaceAfter=6),
        h1=derive("h1", sizes.h1, fontName=fonts.BOLD, spaceBefore=9, spaceAfter=4,
                  keepWithNext=1),
        h2=derive("h2", sizes.h2, fontName=fonts.BOLD, spaceBefore=6, spaceAfter=3,
                  keepWithNext=1),
        banner=derive("banner", sizes.banner, fontName=fonts.BOLD, textColor=DRAFT_RED),
        tick=ParagraphStyle("tick", parent=cell, alignment=TA_CENTER, fontSize=sizes.tick[0],
                            leading=sizes.tick[1], fontName=fonts.BOLD),
    )


@dataclass(frozen=True)
class Margins:
    left: float
    right: float
    top: float
    bottom: float


STANDARD_MARGINS = Margins(MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM)


def page_margins(*, muk: bool, letterhead: bool) -> Margins:
    """Institutional reports keep the *tata naskah dinas* margins; MUK forms get a wider
    text area, room under the letterhead and above the footer for the paraf line."""
    if not muk:
        return STANDARD_MARGINS
    return Margins(MUK_MARGIN_LEFT, MUK_MARGIN_RIGHT,
                   MUK_MARGIN_TOP_KOP if letterhead else MARGIN_TOP, MUK_MARGIN_BOTTOM)


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


#: A photo smaller than this on its short side is flagged "resolusi rendah" in the report...
LOW_RES_PX = 320
#: ...and drawn no larger than twice its natural size (96 px per inch), not blown up.
PHOTO_MAX_PT_PER_PX = 2 * 72 / 96
#: A drawn signature takes at least this height in its box (vertically centred in it).
SIGNATURE_MIN_H = 8 * mm


def image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels, or None when the image cannot be decoded."""
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            w, h = im.size
            im.verify()
    except Exception:  # noqa: BLE001 - a damaged image must never stop a report
        return None
    return (w, h) if w > 0 and h > 0 else None


def image_flowable(data: bytes, max_w: float, max_h: float,
                   max_scale: float | None = None) -> Flowable | None:
    """The image scaled to fit the box (and to at most ``max_scale`` points per pixel), or
    None when it cannot be decoded."""
    size = image_size(data)
    if size is None:
        return None
    w, h = size
    scale = min(max_w / w, max_h / h)
    if max_scale is not None:
        scale = min(scale, max_scale)
    return Image(io.BytesIO(data), width=w * scale, height=h * scale, lazy=0)


def photo_flowable(data: bytes, max_w: float, max_h: float
                   ) -> tuple[Flowable | None, tuple[int, int] | None]:
    """An evidence photo for the grid, and its pixel size when it is below a useful
    resolution (:data:`LOW_RES_PX` on its short side: drawn at most twice its natural
    size, and the report says so); (None, None) when it cannot be decoded."""
    size = image_size(data)
    if size is None:
        return None, None
    low = size if min(size) < LOW_RES_PX else None
    img = image_flowable(data, max_w, max_h, PHOTO_MAX_PT_PER_PX if low else None)
    return img, low


def ink_box(im: PILImage.Image) -> tuple[int, int, int, int] | None:
    """The bounding box of a drawn signature's ink: the pixels that print darker than the
    paper once the image is laid on white (transparent or white backgrounds alike); None
    when there is no ink."""
    paper = PILImage.new("RGBA", im.size, (255, 255, 255, 255))
    grey = PILImage.alpha_composite(paper, im.convert("RGBA")).convert("L")
    return grey.point(lambda v: 255 if v < 200 else 0).getbbox()


def signature_layout(width: int, height: int, max_w: float, max_h: float,
                     min_h: float = SIGNATURE_MIN_H) -> tuple[float, float, float]:
    """(drawn width, drawn height, box height) of an ink-cropped signature of ``width`` x
    ``height`` px in a box of ``max_w`` x ``max_h``. The rule: the aspect ratio is kept and
    the ink fills the box as far as it can (so a 25:1 stroke spans the full width, a 1:16
    one the full height); the box is at least ``min_h`` tall (the ink vertically centred),
    so a very wide stroke still gets its line of the form. Scaling up is unbounded: a
    signature is drawn as large as its box allows, whatever its pixel count."""
    scale = min(max_w / width, max_h / height)
    dw, dh = width * scale, height * scale
    return dw, dh, max(dh, min(min_h, max_h))


def signature_flowable(data: bytes, max_w: float, max_h: float) -> Flowable | None:
    """A drawn signature cropped to its ink (with a 3 % margin) and scaled into the box
    (:func:`signature_layout`), or None when it cannot be decoded. The stored image - whose
    hash the signer's proof covers - is never changed: this crops a copy at draw time."""
    if image_size(data) is None:
        return None
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            im.load()
            box = ink_box(im)
            if box is None:
                return None
            x0, y0, x1, y1 = box
            pad = max(1, round(0.03 * max(x1 - x0, y1 - y0)))
            crop = im.crop((max(0, x0 - pad), max(0, y0 - pad),
                            min(im.width, x1 + pad), min(im.height, y1 + pad)))
            if crop.mode not in ("RGBA", "LA", "L", "RGB"):
                crop = crop.convert("RGBA")
            out = io.BytesIO()
            crop.save(out, format="PNG")
    except Exception:  # noqa: BLE001 - a damaged image must never stop a report
        return None
    dw, dh, box_h = signature_layout(crop.width, crop.height, max_w, max_h)
    return _VCentred(Image(io.BytesIO(out.getvalue()), width=dw, height=dh, lazy=0), box_h)


class _VCentred(Flowable):  # type: ignore[misc]
    """A flowable drawn vertically centred in a box of at least ``height``."""

    def __init__(self, inner: Flowable, height: float) -> None:
        super().__init__()
        self.inner = inner
        self.box_h = height

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self.iw, self.ih = self.inner.wrap(avail_w, avail_h)
        self.width, self.height = self.iw, max(self.ih, self.box_h)
        return self.width, self.height

    def draw(self) -> None:
        self.inner.drawOn(self.canv, 0, (self.height - self.ih) / 2)


# ------------------------------------------------------------------ page furniture


@dataclass(frozen=True)
class Letterhead(LspIdentity):
    """The LSP's kop surat: logo left, name bold, "Nomor Lisensi", address, contact."""

    logo: bytes | None = None  # checked image bytes (PNG/JPEG); None: the box stays empty


@dataclass
class PageDecor:
    """What every page carries: header line (or the LSP letterhead), footer with QR + code
    + page x of y; on MUK forms also "Kode File" and, on forms of several pages, the paraf
    line."""

    payload: Payload
    lang: str
    header_left: str
    header_right: str
    footer_line: str
    draft: bool
    progress: Callable[[int], object] | None = None
    margins: Margins = STANDARD_MARGINS
    letterhead: Letterhead | None = None
    file_code: str | None = None  # "Kode File: ..." (MUK forms); None: no such line
    paraf: tuple[str, ...] = ()  # signer labels ("Asesi", "Asesor") for the paraf line
    pages: int = 0
    _qr_name: str = "akvQR"
    _qr_defined: bool = field(default=False)
    _qr_side: float = QR_SIZE
    _logo: Any = None  # the ImageReader, made once: the image is embedded once

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
        matrix = qr_matrix(self.payload.encode(), max_modules=int(QR_SIZE / QR_MIN_MODULE))
        n = len(matrix)
        cell = qr_module(n)
        side = n * cell
        canvas.beginForm(self._qr_name, lowerx=0, lowery=0, upperx=side, uppery=side)
        canvas.setFillColor(colors.black)
        path = canvas.beginPath()
        for r, row in enumerate(matrix):
            c = 0
            while c < n:
                if row[c]:
                    start = c
                    while c < n and row[c]:
                        c += 1
                    path.rect(start * cell, side - (r + 1) * cell, (c - start) * cell, cell)
                else:
                    c += 1
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.endForm()
        self._qr_side = side
        self._qr_defined = True

    def draw_furniture(self, canvas: Canvas, total: int) -> None:
        """Drawn after the content, once the page count is known."""
        self.pages = total
        w, h = canvas._pagesize
        page = canvas.getPageNumber()
        left, right = self.margins.left, w - self.margins.right
        canvas.saveState()
        if self.letterhead is not None:
            self._draw_letterhead(canvas, self.letterhead, left, right, h)
            draft_y = h - KOP_TOP + 2.5 * mm
        else:
            # header line
            canvas.setFont(fonts.REGULAR, 7)
            canvas.setFillColor(MUTED)
            top = h - 14 * mm
            draw_text(canvas, left, top, self.header_left, fonts.REGULAR, 7,
                      (right - left) * 0.68)
            draw_text(canvas, right, top, self.header_right, fonts.REGULAR, 7,
                      (right - left) * 0.3, align="right")
            canvas.setStrokeColor(MUTED)
            canvas.setLineWidth(0.4)
            canvas.line(left, top - 2.2 * mm, right, top - 2.2 * mm)
            draft_y = top + 4 * mm
        if self.draft:
            canvas.setFillColor(DRAFT_RED)
            canvas.setFont(fonts.BOLD, 8)
            canvas.drawCentredString((left + right) / 2, draft_y,
                                     clean(label("draft_watermark", self.lang)))
        # footer: QR right, verification text left, page numbers under the rule
        base = FOOTER_BASE
        if not self._qr_defined:
            self._define_qr(canvas)
        canvas.saveState()
        canvas.translate(right - self._qr_side, base)
        canvas.doForm(self._qr_name)
        canvas.restoreState()
        text_w = right - left - QR_SIZE - QR_QUIET
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.4)
        canvas.line(left, FOOTER_RULE, left + text_w, FOOTER_RULE)
        if self.paraf and total > 1:
            self._draw_paraf(canvas, left, left + text_w)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.BOLD, 8)
        canvas.drawString(left, base + QR_SIZE - 4 * mm,
                          f"{label('verification_code', self.lang)}: {self.payload.code}")
        canvas.setFont(fonts.REGULAR, 6.5)
        canvas.setFillColor(MUTED)
        draw_text(canvas, left, base + QR_SIZE - 8 * mm, self.footer_line, fonts.REGULAR, 6.5,
                  text_w)
        draw_text(canvas, left, base + QR_SIZE - 11.5 * mm, label("verify_hint", self.lang),
                  fonts.REGULAR, 6.5, text_w)
        canvas.setFillColor(colors.black)
        canvas.setFont(fonts.REGULAR, 8)
        page_text = label("page_of", self.lang, page=page, pages=total)
        if self.file_code is None:
            canvas.drawString(left, base + 1 * mm, page_text)
        else:
            # "Kode File: ..." left, "Halaman x dari y" right of it, both left of the QR
            page_w = stringWidth(page_text, fonts.REGULAR, 8)
            canvas.drawRightString(left + text_w, base + 1 * mm, page_text)
            draw_text(canvas, left, base + 1 * mm,
                      label("file_code", self.lang, code=self.file_code), fonts.REGULAR, 7.5,
                      text_w - page_w - 4 * mm)
        canvas.restoreState()

    def _draw_paraf(self, canvas: Canvas, left: float, right: float) -> None:
        """``Paraf Asesi: ______   Paraf Asesor: ______`` right-aligned above the footer rule
        (left of the QR code's quiet zone), so each page of a multi-page form can be
        initialled."""
        size, line_w, gap = 8.5, 30 * mm, 6 * mm
        y = FOOTER_RULE + 2 * mm
        parts = [clean(label("paraf", self.lang, who=who)) for who in self.paraf]
        words = sum(stringWidth(t, fonts.REGULAR, size) for t in parts)
        room = (right - left - words - gap * (len(parts) - 1)) / len(parts) - 1.5 * mm
        line_w = max(12 * mm, min(line_w, room))
        x = right
        canvas.setFont(fonts.REGULAR, size)
        canvas.setFillColor(colors.black)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.5)
        for text in reversed(parts):
            canvas.line(x - line_w, y - 0.8 * mm, x, y - 0.8 * mm)
            x -= line_w + 1.5 * mm
            # a signer label of any length, in any script
            shown = fit_runs(text, fonts.REGULAR, size, 45 * mm)
            draw_text(canvas, x, y, text, fonts.REGULAR, size, 45 * mm, align="right")
            x -= sum(stringWidth(t, f, size) for f, t in shown) + gap

    def _draw_letterhead(self, canvas: Canvas, kop: Letterhead, left: float, right: float,
                         page_h: float) -> None:
        top = page_h - KOP_TOP
        rule = top - KOP_HEIGHT
        if kop.logo is not None:
            if self._logo is None:
                self._logo = ImageReader(io.BytesIO(kop.logo))
            iw, ih = self._logo.getSize()
            scale = min(KOP_LOGO / iw, KOP_LOGO / ih)
            dw, dh = iw * scale, ih * scale
            canvas.drawImage(self._logo, left + (KOP_LOGO - dw) / 2,
                             rule + (KOP_HEIGHT - dh) / 2, dw, dh, mask="auto")
        # the text is centred on the page between two logo-wide gutters (as kop surat are)
        x0, x1 = left + KOP_LOGO + 3 * mm, right - KOP_LOGO - 3 * mm
        width = x1 - x0
        lines: list[Paragraph] = [fonts.ScriptParagraph(esc_line(kop.name, 120), _KOP_NAME)]
        if kop.licence:
            lines.append(fonts.ScriptParagraph(esc_line(label("licence_no", self.lang, no=kop.licence)),
                                   _KOP_LINE))
        if kop.address:
            lines.append(fonts.ScriptParagraph(esc_line(kop.address), _KOP_LINE))
        if kop.contact:
            lines.append(fonts.ScriptParagraph(esc_line(kop.contact), _KOP_LINE))
        room = KOP_HEIGHT - 2 * mm
        heights = [para_.wrap(width, room)[1] for para_ in lines]
        # a long name or address is cut (never drawn over the rule): lines from the end
        while len(lines) > 1 and sum(heights) > room:
            lines.pop()
            heights.pop()
        y = rule + 1 * mm + (room - sum(heights)) / 2 + sum(heights)
        for para_, ph in zip(lines, heights, strict=True):
            y -= ph
            if ph <= room:
                para_.drawOn(canvas, x0, y)
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(1.6)
        canvas.line(left, rule, right, rule)
        canvas.setLineWidth(0.5)
        canvas.line(left, rule - 1.3, right, rule - 1.3)


_KOP_NAME = ParagraphStyle("kop_name", fontName=fonts.BOLD, fontSize=13, leading=15.5,
                           alignment=TA_CENTER)
_KOP_LINE = ParagraphStyle("kop_line", fontName=fonts.REGULAR, fontSize=9, leading=11,
                           alignment=TA_CENTER)


def esc_line(text: str, limit: int = 240) -> str:
    """Letterhead text escaped, on one line of markup, cut at ``limit`` characters."""
    text = clean(text).replace("\n", " ").strip()
    if len(text) > limit:
        text = text[:limit].rstrip() + "…"
    return markup(text)


def fit_runs(text: str, font: str, size: float, width: float) -> list[tuple[str, str]]:
    """``text`` on one line for the canvas as (face, text) runs in visual order: Arabic
    shaped, each run in the face that has its glyphs, cut with "…" to ``width``."""
    line = visual(clean(text).replace("\n", " ").replace("\t", " "))
    bold = font in (fonts.BOLD, fonts.BOLD_ITALIC)
    parts = [(font if f is None else fonts.face_for(f, bold), t)
             for f, t in fonts.runs(line, font)]

    def width_of(ps: list[tuple[str, str]]) -> float:
        return float(sum(stringWidth(t, f, size) for f, t in ps))

    if width_of(parts) <= width:
        return parts
    def cut(n: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for f, t in parts:
            if n <= 0:
                break
            out.append((f, t[:n]))
            n -= len(t)
        return out

    # the longest prefix that fits with its ellipsis (binary search: texts of any length)
    ell = stringWidth("…", font, size)
    lo, hi = 0, sum(len(t) for _, t in parts)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if width_of(cut(mid)) + ell <= width:
            lo = mid
        else:
            hi = mid - 1
    return [*cut(lo), (font, "…")]


def draw_text(canvas: Canvas, x: float, y: float, text: str, font: str, size: float,
              width: float, *, align: str = "left") -> None:
    """One line of any text on the canvas (:func:`fit_runs`), left- or right-aligned at x."""
    parts = fit_runs(text, font, size, width)
    if align == "right":
        x -= sum(stringWidth(t, f, size) for f, t in parts)
    for f, t in parts:
        canvas.setFont(f, size)
        canvas.drawString(x, y, t)
        x += stringWidth(t, f, size)
    canvas.setFont(font, size)


def pdf_timestamp(moment: dt.datetime) -> TimeStamp:
    """reportlab's time stamp of ``moment`` (the PDF's creation and modification date),
    in UTC to the second: what a PDF date keeps, so a date read back renders the same."""
    utc = moment.astimezone(dt.UTC).replace(microsecond=0)
    ts = TimeStamp(1)  # invariant: no clock, no local zone
    ts.t = utc.timestamp()
    ts.lt = utc.timetuple()
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.dhh = ts.dmm = 0
    ts.tzname = "UTC"
    return ts


class Furniture(Protocol):
    """What a page draws once the page count is known (``PageDecor``, or a plain
    document's footer)."""

    def draw_furniture(self, canvas: Canvas, total: int) -> None: ...


def canvas_class(decor: Furniture, created: dt.datetime | None = None) -> type[Canvas]:
    """A canvas that keeps every page until the end, so each can say "x dari y"
    (the two-pass pattern of pretix's invoice renderer). ``created``: the document's
    creation date (None: reportlab's invariant date)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._kept: list[dict[str, Any]] = []
            if created is not None:
                # only the Info dates: the file /ID was seeded at the invariant time
                self._doc._timeStamp = pdf_timestamp(created)

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


class SpokenParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph (a tick in a "Ya"/"Tidak" column) that also carries, as invisible text
    (PDF text render mode 3, as OCR layers do), the words it stands for: text extraction
    and screen readers get "✓ Ya" where the page shows a tick in the "Ya" column. The page
    looks exactly the same."""

    def __init__(self, text: str, style: ParagraphStyle, spoken: str) -> None:
        super().__init__(text, style)
        self.spoken = clean(spoken).replace("\n", " ")

    def draw(self) -> None:
        super().draw()
        if not self.spoken:
            return
        canv = self.canv
        canv.saveState()
        t = canv.beginText()
        t.setTextRenderMode(3)  # neither filled nor stroked: invisible, still text
        t.setFont(fonts.REGULAR, float(self.style.fontSize) / 2)
        t.setTextOrigin(float(self.width) / 2 if hasattr(self, "width") else 0, 1)
        t.textOut(" " + self.spoken)
        canv.drawText(t)
        canv.restoreState()


def right_style(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "_r", parent=style, alignment=TA_RIGHT)


def para(markup: str, style: ParagraphStyle) -> Paragraph:
    return fonts.ScriptParagraph(markup, style)
