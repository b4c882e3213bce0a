"""Plain documents: a title, headings, paragraphs and tables, "Halaman x dari y" on every
page (the data-subject report and the breach notice draft, issue 13).

Pure reportlab like the rest of the package: the caller hands over words and rows already
in the reader's language. The PDF's metadata (title, subject, keywords) is what the
caller passes as ``meta_title``, which never holds a name or a NIK: the document's own
title and body may (it is the person's own report), its metadata may not (a file's
properties are shown by file managers, search indexes and print queues).
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from assessor_app import APP_NAME, __version__
from assessor_app.reports import fonts
from assessor_app.reports import layout as L
from assessor_app.reports.text import clean, esc, para

__all__ = ["Document", "Heading", "Para", "Rows", "render_document"]

_LOCK = threading.Lock()  # reportlab's font subsets are shared: one rendering at a time


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Para:
    text: str  # plain text; line breaks kept
    small: bool = False
    bold: bool = False


@dataclass(frozen=True)
class Rows:
    """A table: ``header`` (may be empty) and rows of plain text; ``widths``: relative
    column widths."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]
    empty: str = "—"  # shown as one line when there are no rows


Block = Heading | Para | Rows


@dataclass(frozen=True)
class Document:
    title: str
    meta_title: str  # the PDF's Title: never personal data
    blocks: tuple[Block, ...]
    subtitle: str = ""
    footer: str = ""  # left of "Halaman x dari y"
    page_label: str = "Halaman {page} dari {pages}"
    lang: str = "id"
    created: dt.datetime | None = None
    draft_mark: str = ""  # e.g. "DRAF" printed diagonally on every page
    extra: dict[str, Any] = field(default_factory=dict)


def _story(doc: Document, width: float) -> list[Any]:
    st = L.make_styles()
    out: list[Any] = [Paragraph(esc(doc.title), st.title)]
    if doc.subtitle:
        out.append(Paragraph(para(doc.subtitle), st.subtitle))
    out.append(Spacer(1, 3 * mm))
    for block in doc.blocks:
        if isinstance(block, Heading):
            out.append(Paragraph(esc(block.text), st.h1 if block.level == 1 else st.h2))
        elif isinstance(block, Para):
            style = st.small if block.small else st.body
            text = para(block.text)
            out.append(Paragraph(f"<b>{text}</b>" if block.bold else text, style))
            out.append(Spacer(1, 1.5 * mm))
        else:
            total = sum(block.widths) or 1.0
            widths = [width * w / total for w in block.widths]
            rows: list[list[Any]] = []
            if block.header:
                rows.append([Paragraph(esc(h), st.head) for h in block.header])
            for r in block.rows:
                rows.append([Paragraph(para(c), st.cell) for c in r])
            if not block.rows:
                out.append(Paragraph(esc(block.empty), st.small))
                continue
            out.append(L.table(rows, widths, L.grid_style(header_rows=1 if block.header
                                                            else 0),
                               repeat=1 if block.header else 0))
            out.append(Spacer(1, 2 * mm))
    return out


@dataclass(frozen=True)
class _Footer:
    """A plain document's page furniture: the draft mark, the footer line, "x dari y"."""

    doc: Document
    margins: L.Margins = L.STANDARD_MARGINS

    def draw_furniture(self, canvas: Canvas, total: int) -> None:
        doc, margins = self.doc, self.margins
        w, _h = canvas._pagesize
        canvas.saveState()
        if doc.draft_mark:
            canvas.setFillColorRGB(0.75, 0.1, 0.1, alpha=0.10)
            canvas.setFont(fonts.BOLD, 54)
            canvas.translate(w / 2, _h / 2)
            canvas.rotate(50)
            canvas.drawCentredString(0, -18, clean(doc.draft_mark))
            canvas.restoreState()
            canvas.saveState()
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColorRGB(0.33, 0.33, 0.33)
        y = 15 * mm
        canvas.line(margins.left, y + 4 * mm, w - margins.right, y + 4 * mm)
        if doc.footer:
            canvas.drawString(margins.left, y, clean(doc.footer)[:140])
        canvas.drawRightString(w - margins.right, y, clean(doc.page_label.format(
            page=canvas.getPageNumber(), pages=total)))
        canvas.restoreState()


def render_document(doc: Document) -> bytes:
    """The PDF of ``doc`` on A4 (deterministic for the same document and date)."""
    fonts.register()
    margins = L.STANDARD_MARGINS
    buf = io.BytesIO()
    width = L.PAGE_SIZES["a4"][0] - margins.left - margins.right
    with _LOCK:
        template = SimpleDocTemplate(
            buf, pagesize=L.PAGE_SIZES["a4"], leftMargin=margins.left,
            rightMargin=margins.right, topMargin=margins.top, bottomMargin=25 * mm,
            invariant=1, initialFontName=fonts.REGULAR, title=clean(doc.meta_title),
            author=APP_NAME, creator=f"{APP_NAME} {__version__}", subject="", keywords="",
            lang="id-ID" if doc.lang == "id" else "en-GB")
        template.build(_story(doc, width), canvasmaker=L.canvas_class(_Footer(doc), doc.created))
    return buf.getvalue()
