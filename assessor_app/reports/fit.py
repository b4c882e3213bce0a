"""The last resort of the layout: a story whose every block fits a page.

Tables keep their rows whole (a row never splits across pages) and some blocks are kept
together; a row or a block taller than the page frame cannot be laid out at all (reportlab
raises LayoutError). That only happens for pathological content (a whole SOP paragraph
pasted as a KUK, a 2,000-character option label), but a report must never fail for its
content: :func:`fit_story` rewrites such blocks so they can split, keeping every word:

- a table with a row taller than the frame keeps its grid and splits inside that row when
  the row holds text cells only and the table no spans (reportlab's ``splitInRow``);
  otherwise (or a group of spanned rows taller than the frame) it is printed row after
  row, each cell's content under the previous one, a thin rule between rows (the cells'
  paragraphs split over pages like any text);
- blocks kept together (``KeepTogether``, the signature keeper ``SignOff``) give up
  keeping together; stacked cell parts are laid out one by one; images are shrunk.

Blocks that fit are left exactly as they are.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table
from reportlab.platypus.flowables import HRFlowable

from assessor_app.reports import layout as L

#: a little less than the frame: paddings and rounding
_SLACK = 4.0


def fit_story(story: list[Flowable], width: float, height: float, *,
              tables: bool = False) -> list[Flowable]:
    """``story`` with every block that cannot fit a ``width`` x ``height`` frame rewritten;
    ``tables``: every table printed row after row (the very last resort)."""
    out: list[Flowable] = []
    for f in story:
        out.extend(_fit(f, width, height - _SLACK, tables))
    return out


def _fit(f: Any, width: float, height: float, tables: bool = False) -> list[Flowable]:
    from assessor_app.reports.blocks import CellStack, SignOff

    if f is None or f == "":
        return []
    if isinstance(f, str):
        return [Paragraph(f, _style())]
    if isinstance(f, (list, tuple)):
        return [x for part in f for x in _fit(part, width, height, tables)]
    if isinstance(f, SignOff):
        return [x for part in (*f.content, *f.signatures) for x in _fit(part, width, height, tables)]
    if isinstance(f, KeepTogether):
        inner = [x for part in f._content for x in _fit(part, width, height, tables)]
        if not tables and sum(_height(x, width) for x in inner) <= height:
            return [KeepTogether(inner)]
        return inner
    if isinstance(f, Table):
        return _linear(f, width, height, tables) if tables else _fit_table(f, width, height)
    if isinstance(f, CellStack):
        if _height(f, width) <= height:
            return [f]
        return [x for part in f.parts for x in _fit(part, width, height, tables)]
    if isinstance(f, Paragraph) or isinstance(f, Spacer):
        return [f]
    para = getattr(f, "para", None)  # a turned column head
    if isinstance(para, Paragraph) and _height(f, width) > height:
        return [para]
    if isinstance(f, Image):
        w, h = f.wrap(width, height)
        if h > height or w > width:
            scale = min(width / max(w, 1), height / max(h, 1))
            f.drawWidth, f.drawHeight = w * scale, h * scale
        return [f]
    return [f]


def _fit_table(t: Table, width: float, height: float) -> list[Flowable]:
    try:
        t.wrap(width, 0xFFFFFF)  # every row measured (a short frame stops measuring)
        rows = [float(0xFFFFFF) if h is None else float(h) for h in t._rowHeights]
    except Exception:  # noqa: BLE001 - a table that cannot even be measured is linearised
        return _linear(t, width, height)
    heads = sum(rows[:t.repeatRows]) if isinstance(t.repeatRows, int) else 0.0
    tallest = max(rows, default=0.0)
    # the tallest group of rows a span ties together
    for rng in (getattr(t, "_spanRanges", None) or {}).values():
        if rng is not None:
            _c0, r0, _c1, r1 = rng
            tallest = max(tallest, sum(rows[r0:r1 + 1]))
    if tallest + heads <= height:
        return [t]
    spans = any(rng is not None and rng[:2] != rng[2:]
                for rng in (getattr(t, "_spanRanges", None) or {}).values())
    tall = [r for r, h in enumerate(rows) if h + heads > height]
    if not spans and heads < height / 3 and all(
            isinstance(c, (str, Paragraph)) or c is None
            for r in tall for c in t._cellvalues[r]):
        # text cells only, no spans: the grid stays, the tall rows split inside
        # (reportlab's splitInRow, which needs both)
        t.splitInRow = 1
        return [t]
    return _linear(t, width, height)


def _linear(t: Table, width: float, height: float, tables: bool = False) -> list[Flowable]:
    """The table's cells one under another, row by row."""
    out: list[Flowable] = []
    for row in t._cellvalues:
        cells: list[Flowable] = []
        for cell in row:
            cells.extend(_fit(cell, width, height, tables))
        if not cells:
            continue
        out.extend(cells)
        out.append(HRFlowable(width="100%", thickness=0.4, color=L.MUTED,
                              spaceBefore=2, spaceAfter=3))
    return out


def _height(f: Flowable, width: float) -> float:
    try:
        _w, h = f.wrap(width, 0xFFFFFF)
    except Exception:  # noqa: BLE001 - unmeasurable: treat as too tall
        return float(0xFFFFFF)
    return float(h) + float(f.getSpaceBefore()) + float(f.getSpaceAfter())


_STYLE: Any = None


def _style() -> Any:
    global _STYLE
    if _STYLE is None:
        _STYLE = L.make_styles().cell
    return _STYLE
