"""Drawn signatures are cropped to their ink and scaled into their box (aspect kept, a
minimum height); evidence photos below a useful resolution are drawn small and flagged."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw
from reportlab.lib.units import mm

from assessor_app.core.template import (
    Item,
    ItemType,
    Section,
    Signer,
    SubjectKind,
    Template,
    TemplateKind,
    Text,
)
from assessor_app.reports import PhotoInfo, ReportData, SignatureInfo, render
from assessor_app.reports import layout as L
from assessor_app.reports.verification import blank_payload
from tests.helpers import pdf_text

MM = 72 / 25.4


def stroke(size: tuple[int, int], ink: tuple[int, int, int, int] | None = None, *,
           alpha: bool = True) -> bytes:
    """A PNG of ``size`` with a dark stroke across ``ink`` (x0, y0, x1, y1; default: the
    whole canvas), on a transparent or a white background."""
    w, h = size
    im = Image.new("RGBA" if alpha else "RGB", size, (255, 255, 255, 0) if alpha else "white")
    x0, y0, x1, y1 = ink or (0, 0, w - 1, h - 1)
    draw = ImageDraw.Draw(im)
    width = max(2, min(x1 - x0, y1 - y0) // 8)
    draw.line([(x0, y1), ((x0 + x1) // 2, y0), (x1, y1)], fill=(20, 20, 60, 255), width=width)
    draw.line([(x0, (y0 + y1) // 2), (x1, (y0 + y1) // 2)], fill=(20, 20, 60, 255),
              width=width)
    out = io.BytesIO()
    im.save(out, format="PNG")
    return out.getvalue()


def photo(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(out, format="JPEG")
    return out.getvalue()


def _template(signers: int) -> Template:
    items = (Item("catatan", ItemType.TEXT, Text("Catatan"), multiline=True),)
    return Template(code="T.1", version="1", kind=TemplateKind.INSTITUTIONAL,
                    subject=SubjectKind.INSTITUTION, title=Text("Uji"),
                    signers=tuple(Signer(f"s{i}", Text(f"Penanda {i}"), True)
                                  for i in range(signers)),
                    sections=(Section("s1", Text("Bagian"), items=items),))


def _image_boxes(pdf: bytes) -> list[tuple[float, float]]:
    """(width, height) in points of every image drawn, page by page, in drawing order
    (the order of the signers and of the photos)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=3):
                left, bottom, right, top = obj.get_bounds()
                out.append((right - left, top - bottom))
        return out
    finally:
        doc.close()


def _render(signatures: list[bytes], photos: list[bytes]) -> tuple[bytes, str]:
    data = ReportData(
        template=_template(len(signatures)),
        payload=blank_payload("T.1", "1", "0" * 64, paper="a4", lang="id"),
        photos=tuple(PhotoInfo(f"F{i + 1}", "catatan", "", "image/jpeg", p)
                     for i, p in enumerate(photos)),
        signatures=tuple(SignatureInfo(f"s{i}", f"Penanda {i}", image=s, signed=True)
                         for i, s in enumerate(signatures)))
    pdf = render(data).pdf
    return pdf, " ".join(pdf_text(pdf, " ").split())


def test_signatures_are_cropped_to_their_ink_and_fill_their_box() -> None:
    wide_canvas = stroke((3000, 120), (1200, 10, 1700, 110))  # ink in the middle only
    tall_canvas = stroke((100, 1600), (10, 650, 90, 950))
    wide_stroke = stroke((3000, 120))  # the ink itself 25:1
    white_paper = stroke((1200, 400), (400, 100, 800, 300), alpha=False)  # no alpha: dark ink
    pdf, _ = _render([wide_canvas, tall_canvas, wide_stroke, white_paper], [])
    boxes = _image_boxes(pdf)
    assert len(boxes) == 4
    (w1, h1), (w2, h2), (w3, h3), (w4, h4) = boxes
    # the box of a letter-style block: (half the text width - 12 mm) x 17 mm
    box_w = (210 - 30 - 25) / 2 * MM - 12 * MM
    assert h1 >= 8 * MM and abs(w1 / h1 - 500 / 100) < 0.6  # was 2.6 mm tall, uncropped
    assert w2 >= 3.5 * MM and h2 == pytest.approx(17 * MM, abs=0.5)  # was a 1 mm hairline
    assert w3 == pytest.approx(box_w, abs=1) and h3 >= 2 * MM  # 25:1 at the box width
    assert h4 >= 8 * MM  # ink found on white paper too


def test_signature_rule_keeps_the_aspect_and_a_minimum_box_height() -> None:
    dw, dh, box_h = L.signature_layout(3000, 120, 55 * mm, 16 * mm)
    assert dw == pytest.approx(55 * mm) and dh == pytest.approx(55 * mm / 25)
    assert box_h == pytest.approx(L.SIGNATURE_MIN_H)
    dw, dh, box_h = L.signature_layout(100, 1600, 55 * mm, 16 * mm)
    assert dh == pytest.approx(16 * mm) and dw == pytest.approx(1 * mm) and box_h == dh
    # a blank image (no ink) draws nothing rather than an empty frame
    blank = io.BytesIO()
    Image.new("RGBA", (300, 100), (0, 0, 0, 0)).save(blank, format="PNG")
    assert L.signature_flowable(blank.getvalue(), 55 * mm, 16 * mm) is None


def test_low_resolution_photos_are_not_blown_up_and_are_flagged() -> None:
    pdf, text = _render([], [photo((40, 40)), photo((1200, 900)), photo((300, 800))])
    boxes = _image_boxes(pdf)
    assert len(boxes) == 3
    (w1, h1), (w2, h2), (w3, h3) = boxes
    assert w1 == pytest.approx(40 * L.PHOTO_MAX_PT_PER_PX) and w1 < 22 * MM  # was 48 mm
    assert "resolusi rendah (40×40 px)" in text
    assert h2 > 30 * MM and "1200×900" not in text  # a good photo fills its cell
    assert "resolusi rendah (300×800 px)" in text  # the short side counts
