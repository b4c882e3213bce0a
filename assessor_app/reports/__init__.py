"""PDF reports: :func:`render` turns :class:`ReportData` into PDF bytes.

Pure reportlab (plus the core types): no Qt, no database, no services. The same data always
gives byte-identical PDFs (reportlab's invariant mode; the creation date is part of the
data: ``ReportData.created``), which ``verify`` relies on.
"""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace

from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, tables
from reportlab.platypus.doctemplate import LayoutError

from assessor_app import APP_NAME, __version__
from assessor_app.core.template import SubjectKind, Template, TemplateKind
from assessor_app.reports import batch, competency, fonts, institutional, letterhead, muk_forms
from assessor_app.reports import layout as L
from assessor_app.reports.blocks import CELL_LIMIT, Builder
from assessor_app.reports.fit import fit_story
from assessor_app.reports.labels import label
from assessor_app.reports.model import (
    LANGS,
    PAPERS,
    BatchEntry,
    InstitutionInfo,
    PhotoInfo,
    RecordInfo,
    ReportData,
    SignatureInfo,
    TeamMember,
    VisitInfo,
)
from assessor_app.reports.text import clean
from assessor_app.reports.verification import Payload, parse_payload

__all__ = [
    "BatchEntry",
    "InstitutionInfo",
    "LANGS",
    "PAPERS",
    "Payload",
    "PhotoInfo",
    "RecordInfo",
    "RenderError",
    "Rendered",
    "ReportData",
    "SignatureInfo",
    "TeamMember",
    "VisitInfo",
    "layout_of",
    "parse_payload",
    "parts_of",
    "render",
]


# reportlab keeps per-document font subsets in shared font objects: one rendering at a time
# (the GUI renders on its background lane anyway; this guards scripts and tests).
_RENDER_LOCK = threading.Lock()
log = logging.getLogger(__name__)


class RenderError(Exception):
    """The content could not be laid out (never raised for ordinary data)."""


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    payload: Payload


def layout_of(data: ReportData) -> str:
    """Which layout a template gets: ia01 | batch | form | institutional, or one of
    :data:`muk_forms.BUILDERS` (ak02 | apl02 | mapa02 | questions | ia05)."""
    t = data.template
    form = (t.form or t.code).upper()
    if form.startswith("FR.AK.05") or (t.subject is SubjectKind.VISIT and
                                       t.find_item("asesi") is not None and
                                       t.kind is TemplateKind.COMPETENCY):
        return "batch"
    if t.kind is TemplateKind.COMPETENCY and t.units() and form.startswith("FR.IA.01"):
        return "ia01"
    if t.kind is TemplateKind.COMPETENCY and muk_forms.layout_key(t) is not None:
        return str(muk_forms.layout_key(t))
    if t.kind is TemplateKind.COMPETENCY:
        return "form"
    return "institutional"


_BUILDERS = {
    "ia01": competency.build_ia01,
    "form": competency.build_form,
    "batch": batch.build,
    "institutional": institutional.build,
    **muk_forms.BUILDERS,
}


def parts_of(template: Template) -> tuple[str, ...]:
    """The sheets a template prints as (``ReportData.part``); the last is the default.
    Empty for a form printed as one sheet."""
    return muk_forms.parts_of(template)


def render(data: ReportData, *, progress: Callable[[int], object] | None = None) -> Rendered:
    """Lay out and draw the report. ``progress(page)`` is called as each page starts
    (from the calling thread; raise from it to cancel)."""
    if data.paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    if data.lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}")
    fonts.register()
    # A table cell's own font (used for its text and set before drawing any cell) is
    # reportlab's non-embedded Helvetica unless a style says otherwise: the embedded font
    # for every table, so a PDF lists only embedded fonts (PDF/A, print shops, archives).
    tables.CellStyle.fontname = fonts.REGULAR
    # A pathological cell (many long texts in one row) may still not fit on a page:
    # then cut cell texts shorter (the appendix keeps them whole) and lay out again; a
    # template text too long for a page (a KUK holding a whole SOP) cannot be cut: the
    # blocks that do not fit are then printed so that they split (reports.fit), as a last
    # resort with every table printed row after row. Content never stops a report.
    last: Exception | None = None
    for limit, fit in ((CELL_LIMIT, None), (300, None), (120, None), (CELL_LIMIT, "fit"),
                       (CELL_LIMIT, "tables")):
        try:
            with _RENDER_LOCK:
                return _render(data, limit, progress, fit)
        except (LayoutError, TypeError) as exc:
            # reportlab raises LayoutError for a row taller than a page; while wording
            # that error for a table it may itself fail with a TypeError (max() of None).
            log.info("report layout retried (%s, %s): %s", limit, fit,
                     type(exc).__name__)
            last = exc
    raise RenderError(type(last).__name__) from last


def _render(data: ReportData, cell_limit: int,
            progress: Callable[[int], object] | None, fit: str | None = None) -> Rendered:
    page = L.PAGE_SIZES[data.paper]
    t = data.template
    muk = t.kind is TemplateKind.COMPETENCY
    kop = letterhead.letterhead(data)
    margins = L.page_margins(muk=muk, letterhead=kop is not None)
    if muk_forms.landscape(data, page[0] - margins.left - margins.right):
        page = (page[1], page[0])
    width = page[0] - margins.left - margins.right
    height = page[1] - margins.top - margins.bottom
    b = Builder(data, width, cell_limit)
    story = _BUILDERS[layout_of(data)](b)
    if fit is not None:
        story = fit_story(story, width, height, tables=fit == "tables")
    payload = data.payload
    form = t.form or t.code
    sheet = muk_forms.sheet_title(data)
    if sheet is not None:  # one sheet of a multi-sheet form (FR.IA.05.A/B/C)
        form, t = sheet[0], replace(t, title=sheet[1])
    rec = data.record
    if rec is not None:
        header_right = f"ID {rec.assessment_id[:8]} · rev. {rec.revision}"
        footer = label("record_line", data.lang, aid=rec.assessment_id[:12] + "…",
                       rev=rec.revision, sha=(payload.content_sha256 or "")[:16] + "…")
    else:
        header_right = f"{t.code} · {t.version}"
        footer = label("blank_line", data.lang, code=t.code, version=t.version)
    subject = rec.subject_name if rec is not None else ""
    decor = L.PageDecor(payload=payload, lang=data.lang,
                        header_left=f"{form} · {t.title.get(data.lang)}"
                                    + (f" · {subject}" if subject else ""),
                        header_right=header_right, footer_line=footer, draft=data.draft,
                        progress=progress, margins=margins, letterhead=kop,
                        file_code=letterhead.file_code(t, data.lang) if muk else None,
                        paraf=letterhead.paraf_roles(t, data.lang) if muk else ())
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf, pagesize=page, leftMargin=margins.left, rightMargin=margins.right,
        topMargin=margins.top, bottomMargin=margins.bottom, invariant=1,
        # every page starts in the embedded font (reportlab's default start is the
        # non-embedded Helvetica, listed in every page's resources though never drawn)
        initialFontName=fonts.REGULAR,
        title=clean(data.title or f"{form} {t.title.get(data.lang)}"),
        author=APP_NAME, creator=f"{APP_NAME} {__version__}",
        subject=clean(f"{label('verification_code', data.lang)} {payload.code}"),
        keywords=payload.encode(), lang="id-ID" if data.lang == "id" else "en-GB")
    frame = Frame(margins.left, margins.bottom, width, height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decor.on_page,
                                       pagesize=page)])
    doc.build(story, canvasmaker=L.canvas_class(decor, data.created))
    return Rendered(buf.getvalue(), decor.pages, payload)
