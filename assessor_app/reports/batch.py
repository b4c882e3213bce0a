"""FR.AK.05 Laporan Asesmen: one page per batch, every asesi with K/BK and the units
declared BK, cross-checked with the FR.IA.01 of the same visit, then the assessor's
remarks and signature."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from assessor_app.core.template import ItemType
from assessor_app.reports import layout as L
from assessor_app.reports.blocks import Builder
from assessor_app.reports.competency import form_sections, muk_header
from assessor_app.reports.model import BatchEntry
from assessor_app.reports.text import esc

BLANK_ROWS = 10


def entries_from_state(b: Builder) -> list[BatchEntry]:
    """The rows of the form's ``asesi`` table when no cross-check data was given."""
    if b.state is None:
        return []
    out: list[BatchEntry] = []
    for row in b.state.answers.rows.get("asesi", []):
        verdict = {"k": "K", "bk": "BK"}.get(b.value("rekomendasi", row))
        remarks = b.value("keterangan", row) if b.relevant("keterangan", row) else ""
        out.append(BatchEntry(b.value("nama_asesi", row), verdict, remarks))
    return out


def batch_table(b: Builder, entries: list[BatchEntry]) -> list[Flowable]:
    w = b.width
    widths = [9 * mm, w * 0.3, 13 * mm, 13 * mm]  # "Rekomendasi" over K and BK
    widths.append(w - sum(widths))
    rows: list[list[Any]] = [
        [b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("col_assessee")), "head"),
         b.p(esc(b.L("col_recommendation")), "head_small"), "",
         b.p(esc(b.L("col_remarks")), "head")],
        ["", "", b.p("K", "head_center"), b.p("BK", "head_center"), ""],
    ]
    styles: list[tuple[Any, ...]] = [("SPAN", (2, 0), (3, 0)),
                                     *[("SPAN", (c, 0), (c, 1)) for c in (0, 1, 4)]]
    if b.blank:
        for i in range(BLANK_ROWS):  # room to write by hand
            rows.append([[b.p(str(i + 1), "cell_center"), Spacer(1, 7 * mm)], "", "", "", ""])
    for i, e in enumerate(entries, start=1):
        remarks: list[str] = []
        if e.remarks:
            remarks.append(b.user(e.remarks, title=e.name))
        if e.ia01_verdict or e.ia01_units or e.source != "ak05" or e.ia01_draft:
            verdict = e.ia01_verdict or b.L("ia01_undecided")
            if e.ia01_draft:
                verdict += ", " + (b.L("ia01_unsigned") if e.source_form == "FR.AK.02"
                                   else b.L("ia01_draft"))
            line = esc(b.L("ia01_says", verdict=verdict, form=e.source_form))
            codes = [u.split(" ", 1)[0] for u in e.ia01_units]
            if e.ia01_units and not e.completed and \
                    not all(c in e.remarks for c in codes):
                line += "<br/>" + "<br/>".join(esc(u) for u in e.ia01_units)
            remarks.append(f"<font size={b.sizes.note} color='#555555'>{line}</font>")
        if e.source == "ia01":
            remarks.append(f"<font size={b.sizes.note}><i>"
                           f"{esc(b.L('ia01_added', form=e.source_form))}</i></font>")
        elif e.completed:
            remarks.append(f"<font size={b.sizes.note}><i>"
                           f"{esc(b.L('ia01_completed', form=e.source_form))}</i></font>")
        if e.mismatch:
            mismatch = b.L("ia01_mismatch", verdict=e.ia01_verdict or "?", form=e.source_form)
            remarks.append(f"<font size={b.sizes.note} color='#b3261e'><b>"
                           f"{esc(mismatch)}</b></font>")
        if e.source == "ak05" and e.ia01_verdict is None and not e.ia01_draft and \
                b.data.batch is not None:
            remarks.append(f"<font size={b.sizes.note} color='#555555'>"
                           f"{esc(b.L('ia01_missing', form=e.source_form))}</font>")
        rows.append([b.p(str(i), "cell_center"), b.p(f"<b>{esc(e.name)}</b>"),
                     b.tick(e.verdict == "K", "K"), b.tick(e.verdict == "BK", "BK"),
                     b.p("<br/>".join(remarks))])
        if e.mismatch:
            styles.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), L.FAIL_BG))
    t = L.table(rows, widths, L.grid_style(*styles, header_rows=2), repeat=2)
    out: list[Flowable] = [Spacer(1, 4), t, b.p(esc(b.L("remarks_note")), "cell_small")]
    if entries:
        k = sum(1 for e in entries if e.verdict == "K")
        bk = sum(1 for e in entries if e.verdict == "BK")
        out.append(Spacer(1, 4))
        out.append(b.p(esc(b.L("totals", n=len(entries), k=k, bk=bk)), "body"))
    return out


def build(b: Builder) -> list[Flowable]:
    story: list[Flowable] = []
    story += b.title_block()
    story += muk_header(b, with_assessee=False)
    entries = list(b.data.batch) if b.data.batch is not None else entries_from_state(b)
    story += batch_table(b, entries)
    rest = tuple(sec for sec in b.t.sections
                 if not any(it.type is ItemType.REPEAT and it.name == "asesi"
                            for it in sec.items))
    story += form_sections(b, rest)
    story = b.signed_off(story)
    story += b.photo_grid()
    story += b.appendix_block()
    return story
