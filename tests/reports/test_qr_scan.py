"""The footer's QR code scans from a 150 dpi print: modules of at least 0.5 mm, a quiet zone
of four modules that the footer rule and the text beside it keep clear of."""

from __future__ import annotations

from typing import Any

import pytest

from assessor_app.reports import layout as L
from assessor_app.reports.verification import parse_payload, qr_matrix
from tests.reports.support import demo_id, read_pdf

MM = 72 / 25.4


def _decode_page(pdf: bytes, dpi: int = 150) -> list[str]:
    """The QR payloads found on page 1 printed and scanned at ``dpi``: rasterised, blurred by
    a pixel (toner spread and scanner optics) and thresholded (a black-and-white scan). The
    old 18 mm code (0.35 mm modules) fails this; a clean raster alone reads even that."""
    zxingcpp = pytest.importorskip("zxingcpp")
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    doc = pdfium.PdfDocument(pdf)
    try:
        image = doc[0].render(scale=dpi / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    image = image.filter(ImageFilter.GaussianBlur(1.0)).point(lambda v: 0 if v < 128 else 255)
    return [r.text for r in zxingcpp.read_barcodes(image)
            if r.format == zxingcpp.BarcodeFormat.QRCode]


@pytest.mark.parametrize(("key", "paper"), [("ia01-rizky", "a4"), ("jkp-complete", "f4")])
def test_qr_decodes_from_a_150_dpi_raster(demo: Any, reports: Any, key: str,
                                          paper: str) -> None:
    pdf = reports.render_assessment(demo_id(demo, key), paper=paper)
    payload = parse_payload(read_pdf(pdf).keywords)
    assert payload is not None
    assert _decode_page(pdf) == [payload.encode()]


def test_blank_form_qr_decodes(reports: Any) -> None:
    pdf = reports.render_blank("FR.IA.01.J620100.005.02")
    payload = parse_payload(read_pdf(pdf).keywords)
    assert payload is not None and payload.kind == "blank"
    assert _decode_page(pdf) == [payload.encode()]


def test_modules_and_quiet_zone_geometry() -> None:
    # the longest payloads the app makes (a finalised record of a batch report, with a part)
    longest = ("AKV1?k=r&a=e8654a9f-b617-402e-9c57-abbc54166f29&r=12&h=" + "a" * 64
               + "&p=a4&l=id&d=0&x=" + "0" * 16 + "&q=ABCD-EFGH-JKLM-NPQR&s=kunci")
    shortest = "AKV1?k=b&c=X&v=1&t=" + "a" * 64 + "&p=a4&l=id"
    for payload in (longest, shortest):
        n = len(qr_matrix(payload, max_modules=int(L.QR_SIZE / L.QR_MIN_MODULE)))
        module = L.qr_module(n)
        assert module >= 0.5 * MM and L.QR_MIN_MODULE == 0.5 * MM
        assert n * module <= L.QR_SIZE
        assert L.QR_QUIET >= 4 * module
    # the quiet zone: the content frame starts QR_QUIET above the code, the rule, the paraf
    # line and the footer text stop QR_QUIET left of it, the page edge is QR_QUIET below
    top = L.FOOTER_BASE + L.QR_SIZE
    assert min(L.MARGIN_BOTTOM, L.MUK_MARGIN_BOTTOM) - top >= L.QR_QUIET
    assert L.FOOTER_BASE >= L.QR_QUIET and L.FOOTER_RULE <= top
