"""Helpers for the report tests: demo ids and reading PDFs back with pypdf."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any


def demo_id(svc: Any, key: str) -> str:
    """Revision id of a demo assessment by its key ("ia01-rizky", "jkp-complete"...)."""
    from assessor_app.services.templates import stable_id

    return str(svc.assessments.resolve(stable_id("demo", "assessment", key)).id)


# ------------------------------------------------------------------ reading PDFs


@dataclass
class Chunk:
    text: str
    x: float
    y: float


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
                found.append(Chunk(text, x, y))

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


def struck_texts(data: bytes) -> list[list[str]]:
    """Per page, the text under each line drawn through text (``<strike>``: "coret yang
    tidak perlu"), found as thin horizontal paths that cross characters at mid-height
    (table rules run between lines of text, so they cross none)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: list[list[str]] = []
    doc = pdfium.PdfDocument(data)
    try:
        for i in range(len(doc)):
            page = doc[i]
            text = page.get_textpage()
            found: list[str] = []
            for obj in page.get_objects(max_depth=5):
                if obj.type != raw.FPDF_PAGEOBJ_PATH:
                    continue
                left, bottom, right, top = obj.get_bounds()
                if top - bottom > 2.5 or right - left < 3:
                    continue
                under = text.get_text_bounded(left + 1, bottom + 0.5, right - 1, top - 0.5)
                under = " ".join(under.split()).strip("/* ")
                if under:
                    found.append(under)
            out.append(found)
    finally:
        doc.close()
    return out
