"""PDF hygiene: only embedded fonts, a real creation date, and the chosen option present as
text (for text extraction and screen readers), not only as a tick or a strike-through."""

from __future__ import annotations

import io
from typing import Any

import pytest

from assessor_app.services.reports import ReportService
from tests.reports.support import demo_id, read_pdf


def pdf_fonts(data: bytes) -> dict[str, bool]:
    """Every font a page (or a form drawn on it) uses: base name -> embedded."""
    from pypdf import PdfReader

    out: dict[str, bool] = {}

    def embedded(font: Any) -> bool:
        if font.get("/Subtype") == "/Type0":
            font = font["/DescendantFonts"][0].get_object()
        desc = font.get("/FontDescriptor")
        desc = desc.get_object() if desc is not None else {}
        return any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))

    def visit(resources: Any, seen: set[int]) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            out[str(font.get("/BaseFont"))] = embedded(font)
        for ref in (resources.get("/XObject") or {}).values():
            xo = ref.get_object()
            if xo.get("/Subtype") == "/Form" and id(xo) not in seen:
                seen.add(id(xo))
                visit(xo.get("/Resources"), seen)

    for page in PdfReader(io.BytesIO(data)).pages:
        visit(page.get("/Resources"), set())
    return out


@pytest.mark.parametrize("key", ["ia01-rizky", "jkp-complete", "kmpi-draft"])
def test_reports_use_only_embedded_fonts(demo: Any, reports: ReportService, key: str) -> None:
    fonts = pdf_fonts(reports.render_assessment(demo_id(demo, key)))
    assert fonts and all(fonts.values()), fonts
    assert not any("Helvetica" in name for name in fonts)


def test_blank_forms_use_only_embedded_fonts(reports: ReportService) -> None:
    for code in ("JKP.LPK.01", "KMPI.VISIT.01"):
        fonts = pdf_fonts(reports.render_blank(code))
        assert fonts and all(fonts.values()), (code, fonts)
        assert read_pdf(reports.render_blank(code)).pages
