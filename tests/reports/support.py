"""Helpers for the report tests: demo ids and reading PDFs back with pypdf."""

from __future__ import annotations

import io
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def demo_id(svc: Any, key: str) -> str:
    """Revision id of a demo assessment by its key ("ia01-rizky", "jkp-complete"...)."""
    from assessor_app.services.templates import stable_id

    return str(svc.assessments.resolve(stable_id("demo", "assessment", key)).id)


def open_store(data_dir: Path, clock: Callable[[], Any] | None = None) -> Any:
    """Services over the store in ``data_dir`` (no backup per finalise: tests stay fast)."""
    from assessor_app.core.clock import system_clock
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    svc = open_services(AppPaths(data_dir), clock=clock or system_clock)
    svc.assessments.on_finalised = None
    return svc


@contextmanager
def store_copy(db: Path, where: Path, clock: Callable[[], Any] | None = None
               ) -> Iterator[Any]:
    """Services over a private copy of the store file ``db`` in the new folder ``where``,
    closed afterwards."""
    where.mkdir()
    shutil.copy2(db, where / "assessor.db")
    svc = open_store(where, clock)
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


# ------------------------------------------------------------------ reading PDFs


@dataclass
class Chunk:
    text: str
    x: float
    y: float
    upward: bool = False  # a line turned a quarter left (an upward column head)


@dataclass
class Pdf:
    data: bytes
    pages: list[str]
    chunks: list[list[Chunk]]
    sizes: list[tuple[float, float]]
    images: list[int]
    keywords: str

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    @property
    def flat(self) -> str:
        """All text with whitespace collapsed (table cells wrap lines anywhere)."""
        return re.sub(r"\s+", " ", self.text)

    def page_flat(self, n: int) -> str:
        return re.sub(r"\s+", " ", self.pages[n])


def read_pdf(data: bytes) -> Pdf:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages, chunks, sizes, images = [], [], [], []
    for page in reader.pages:
        found: list[Chunk] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any,
                  found: list[Chunk] = found) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                # the text's direction on the page: (1, 0) reads across, (0, 1) upwards
                dx = tm[0] * cm[0] + tm[1] * cm[2]
                dy = tm[0] * cm[1] + tm[1] * cm[3]
                found.append(Chunk(text, x, y, upward=dy > abs(dx)))

        pages.append(page.extract_text(visitor_text=visit))
        chunks.append(found)
        box = page.mediabox
        sizes.append((float(box.width), float(box.height)))
        images.append(count_images(page))
    meta: dict[Any, Any] = reader.metadata or {}
    return Pdf(data, pages, chunks, sizes, images, str(meta.get("/Keywords", "")))


def count_images(page: Any) -> int:
    """Image XObjects drawn on a page (directly or inside form XObjects)."""
    def walk(resources: Any, seen: set[int]) -> int:
        n = 0
        xobjects = resources.get("/XObject") if resources else None
        if not xobjects:
            return 0
        xobjects = xobjects.get_object()
        for name in xobjects:
            obj = xobjects[name].get_object()
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if obj.get("/Subtype") == "/Image":
                n += 1
            elif obj.get("/Subtype") == "/Form":
                n += walk(obj.get("/Resources"), seen)
        return n

    return walk(page.get("/Resources"), set())


@dataclass
class Strike:
    text: str  # the words the line runs through
    left: float
    right: float
    y: float


def strikes(data: bytes) -> list[list[Strike]]:
    """Per page, each line drawn through text (``<strike>``: "coret yang tidak perlu"),
    found as thin horizontal paths that cross characters at mid-height (table rules run
    between lines of text, so they cross none), in drawing order."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: list[list[Strike]] = []
    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            found: list[Strike] = []
            for obj in page.get_objects(max_depth=5):
                if obj.type != raw.FPDF_PAGEOBJ_PATH:
                    continue
                left, bottom, right, top = obj.get_bounds()
                if top - bottom > 2.5 or right - left < 3:
                    continue
                under = text.get_text_bounded(left + 1, bottom + 0.5, right - 1, top - 0.5)
                under = " ".join(under.split()).strip("/* ")
                if under:
                    found.append(Strike(under, left, right, (bottom + top) / 2))
            out.append(found)
    finally:
        doc.close()
    return out


def struck_texts(data: bytes) -> list[list[str]]:
    """Per page, the text under each line drawn through text (one line of text each)."""
    return [[s.text for s in page] for page in strikes(data)]


def struck_phrases(data: bytes) -> list[list[str]]:
    """Per page, the struck words with a struck option that wraps joined up: a strike
    that starts a line (at or left of where the one before started) right under the
    line of the one before continues it ("Asesmen tidak dapat" / "dilanjutkan")."""
    out: list[list[str]] = []
    for page in strikes(data):
        phrases: list[str] = []
        last: Strike | None = None
        for s in page:
            if last is not None and 6 < last.y - s.y < 18 and s.left <= last.left + 0.5:
                phrases[-1] += " " + s.text
            else:
                phrases.append(s.text)
            last = s
        out.append(phrases)
    return out


# ------------------------------------------------------------------ tables


def rules(data: bytes) -> list[tuple[list[tuple[float, float, float]],
                                      list[tuple[float, float, float]]]]:
    """Per page, the thin straight lines drawn (table rules): vertical ones as (x, bottom,
    top), horizontal ones as (y, left, right)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: list[tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]] = []
    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            vertical: list[tuple[float, float, float]] = []
            horizontal: list[tuple[float, float, float]] = []
            for obj in doc[i].get_objects(max_depth=5):
                if obj.type != raw.FPDF_PAGEOBJ_PATH:
                    continue
                left, bottom, right, top = obj.get_bounds()
                if right - left < 1.5 and top - bottom > 3:
                    vertical.append(((left + right) / 2, bottom, top))
                elif top - bottom < 1.5 and right - left > 3:
                    horizontal.append(((bottom + top) / 2, left, right))
            out.append((vertical, horizontal))
    finally:
        doc.close()
    return out


def cell_text(chunks: list[Chunk], left: float, right: float, bottom: float,
              top: float) -> str:
    """The text inside a box, its lines joined with a space in reading order: top down, or
    for upward text left to right (a head wrapped over lines reads as one)."""
    inside = [c for c in chunks if left < c.x < right and bottom < c.y < top]
    inside.sort(key=lambda c: (c.x, -c.y) if c.upward else (-c.y, c.x))
    return " ".join(" ".join(c.text.split()) for c in inside if c.text.strip())


@dataclass
class Column:
    head: str | None  # the column's head, as printed (lines joined), when one of the heads
    text: str  # what the row holds in this column
    left: float
    right: float


def row_columns(pdf: Pdf, page: int, row: Chunk, heads: list[str]) -> list[Column]:
    """The cells of the table row that holds ``row``, left to right, each with its
    column's head: the nearest cell above it, in the same column, whose text is one of
    ``heads`` (whole: a head broken inside a word matches none). The row's and the
    columns' bounds are the table's rules, so nothing depends on column widths."""
    chunks = pdf.chunks[page]
    vertical, horizontal = rules(pdf.data)[page]

    def crossing(x: float) -> list[float]:
        return sorted(y for y, left, right in horizontal if left - 0.5 <= x <= right + 0.5)

    ys = crossing(row.x + 1)
    top = min(y for y in ys if y > row.y)
    bottom = max(y for y in ys if y < row.y)
    mid = (top + bottom) / 2
    xs = sorted({round(x, 1) for x, lo, hi in vertical if lo - 0.5 <= mid <= hi + 0.5})
    def ruled(x: float, low: float, high: float) -> bool:
        return any(abs(vx - x) < 1 and lo - 0.5 <= (low + high) / 2 <= hi + 0.5
                   for vx, lo, hi in vertical)

    out = []
    for left, right in zip(xs, xs[1:], strict=False):
        above = [y for y in crossing((left + right) / 2) if y >= top - 0.5]
        head = None
        for low, high in zip(above, above[1:], strict=False):
            if not (ruled(left, low, high) and ruled(right, low, high)):
                break  # the table (or this column's own head) ends here
            text = cell_text(chunks, left, right, low, high)
            if text in heads:
                head = text
                break
        out.append(Column(head, cell_text(chunks, left, right, bottom, top), left, right))
    return out
