"""PDF hygiene: only embedded fonts, a real creation date, and the chosen option present as
text (for text extraction and screen readers), not only as a tick or a strike-through."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from assessor_app.services.reports import ReportService
from tests.helpers import pdf_text, squash
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


def test_the_extracted_text_says_which_option_was_chosen(
        demo: Any, reports: ReportService) -> None:
    """FR.IA.01 of Siti (KUK 2.3 and 2.5 not met): the text after each KUK says "✓ Ya" or
    "✓ Tidak", where the page shows a tick in the Ya or the Tidak column."""
    rid = demo_id(demo, "ia01-siti")
    detail = demo.assessments.detail(rid)
    text = squash(pdf_text(reports.render_assessment(rid)))
    kuks = [it for it in detail.template.walk_items() if it.kuk]
    starts = [text.index(squash(f"{it.kuk} {it.label.id}")) for it in kuks]
    for n, it in enumerate(kuks):
        row = text[starts[n]:starts[n + 1] if n + 1 < len(kuks) else None]
        want = "Tidak" if it.kuk in ("2.3", "2.5") else "Ya"
        other = "Ya" if want == "Tidak" else "Tidak"
        assert f"\u2713{want}" in row and f"\u2713{other}" not in row, (it.kuk, row[-80:])
    # the chosen TUK is ticked in the text, the others only struck through
    assert squash("\u2713 Sewaktu/Tempat Kerja/Mandiri*") in text


def test_creation_date_is_the_rendering_time_and_verify_still_matches(
        demo: Any, reports: ReportService) -> None:
    from pypdf import PdfReader

    from tests.reports.conftest import FIXED_NOW

    rid = demo_id(demo, "ia01-rizky")
    pdf = reports.render_assessment(rid)
    blank = reports.render_blank("JKP.LPK.01")
    for data in (pdf, blank):
        meta = PdfReader(io.BytesIO(data)).metadata
        assert meta is not None and meta.creation_date == FIXED_NOW
        assert "D:2000" not in str(meta.get("/CreationDate"))
    # verified later (another clock): the document's own date is what is re-rendered
    reports.clock = lambda: FIXED_NOW + dt.timedelta(days=40, seconds=7)
    assert reports.render_blank("JKP.LPK.01") != blank  # now another date
    res = reports.verify_bytes(pdf)
    assert res.valid and res.reason_code == "valid", res
    res = reports.verify_bytes(blank)
    assert res.valid and res.reason_code == "blank_form", res
