"""BNSP MUK forms: the common header, FR.IA.01 (unit -> element -> KUK), and a form layout
for the other competency forms (FR.AK.01 and any MUK form without a dedicated layout)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, TableStyle

from assessor_app.core.scoring import BK, OL, K, KukRef
from assessor_app.core.template import (
    Item,
    ItemType,
    Option,
    ResponseSet,
    Section,
    Text,
    VerdictMode,
)
from assessor_app.reports import fonts
from assessor_app.reports import layout as L
from assessor_app.reports.blocks import Builder, SignOff
from assessor_app.reports.institutional import SectionTables, repeat_table
from assessor_app.reports.text import esc, format_date, format_day_date, para, parse_date

MUK_FIELDS = frozenset({"skema_jenis", "skema_judul", "skema_nomor", "tuk", "nama_asesor",
                        "nama_asesi", "tanggal"})

_SCHEME_TYPES = ResponseSet("skema_jenis", Text("Skema"), (
    Option("kkni", Text("KKNI")), Option("okupasi", Text("Okupasi", "Occupation")),
    Option("klaster", Text("Klaster", "Cluster"))))
_TUK = ResponseSet("tuk", Text("TUK"), (
    Option("sewaktu", Text("Sewaktu", "Temporary")),
    Option("tempat_kerja", Text("Tempat Kerja", "Workplace")),
    Option("mandiri", Text("Mandiri", "Independent"))))


# ------------------------------------------------------------------ MUK header


def muk_header(b: Builder, *, with_assessee: bool = True) -> list[Flowable]:
    """Skema (KKNI/Okupasi/Klaster)* judul + nomor; TUK Sewaktu/Tempat Kerja/Mandiri*;
    Nama asesor; Nama asesi; Tanggal - with the options that do not apply struck."""
    t = b.t
    rec = b.data.record
    scheme = t.scheme or b.data.scheme
    kind = b.value("skema_jenis") or (scheme.type.lower() if scheme else "")
    kind_item = t.find_item("skema_jenis")
    kinds_rs = (t.options_for(kind_item) if kind_item is not None else None) or _SCHEME_TYPES
    if b.blank and not scheme:
        kind = ""
    title = b.value("skema_judul") or (scheme.title.get(b.lang) if scheme else "")
    number = b.value("skema_nomor") or (scheme.number if scheme else "")
    tuk_item = t.find_item("tuk")
    tuk_rs = (t.options_for(tuk_item) if tuk_item is not None else None) or _TUK
    tuk = b.value("tuk") or (b.data.visit.tuk_type if b.data.visit and not b.blank else "")
    tuk = tuk or ""
    assessor = b.value("nama_asesor") or ((rec.assessor_name or "") if rec and not b.blank
                                          else "")
    assessee = b.value("nama_asesi") or ((rec.assessee_name or "") if rec and not b.blank
                                         else "")
    day = parse_date(b.value("tanggal")) or (
        b.data.visit.start_date if b.data.visit and not b.blank else None)
    dots = "." * 50

    def val(text: str, bold: bool = False) -> Any:
        if not text:
            return b.p(dots if b.blank else "–")
        return b.p(f"<b>{esc(text)}</b>" if bold else esc(text))

    kinds = b.struck_options(kinds_rs, [kind] if kind else [], star=True, tick=False)
    rows: list[list[Any]] = [
        [b.p(f"{esc(b.L('scheme'))}<br/>({kinds})"), b.p(esc(b.L("scheme_title"))), ":",
         val(title, True)],
        ["", b.p(esc(b.L("scheme_number"))), ":", val(number)],
        [b.p(esc(b.L("tuk"))), "", ":", b.p(b.struck_options(tuk_rs, [tuk] if tuk else []))],
        [b.p(esc(b.L("assessor_name"))), "", ":", val(assessor)],
    ]
    if with_assessee:
        rows.append([b.p(esc(b.L("assessee_name"))), "", ":", val(assessee, True)])
    # the date row keeps its place among the template's own header fields (FR.AK.02:
    # "Tanggal mulai asesmen" before "Tanggal selesai asesmen", its label for "tanggal")
    date_item = t.find_item("tanggal")
    date_label = b.tx(date_item.label) if date_item is not None and \
        date_item.label.id.strip().lower() != "tanggal" else esc(b.L("date"))
    date_row = [b.p(date_label), "", ":", val(format_date(day, b.lang))]
    names = [it.name for it in t.header]
    after = names.index("tanggal") if "tanggal" in names else -1
    if after < 0:
        rows.append(date_row)
    for i, item in enumerate(t.header):
        if i == after:
            rows.append(date_row)
        if item.name in MUK_FIELDS or item.type in (ItemType.NOTE, ItemType.REPEAT):
            continue
        value = b.value(item.name)
        shown = b.struck_options(t.options_for(item), [value] if value else [], star=False) \
            if item.type is ItemType.SELECT_ONE else b.format_value(item, value)
        rows.append([b.p(b.tx(item.label)), "", ":", b.p(shown or (dots if b.blank else "–"))])
    w0, w1, w2 = 50 * mm, 19 * mm, 4 * mm  # "(KKNI/Okupasi/Klaster*)", "Number" unbroken
    style = TableStyle([("BOX", (0, 0), (-1, -1), 0.5, L.GRID),
                          ("LINEBELOW", (0, 1), (-1, -2), 0.5, L.GRID),
                          ("LINEAFTER", (0, 0), (0, 1), 0.5, L.GRID),
                          ("LINEBELOW", (1, 0), (-1, 0), 0.3, L.MUTED),
                          ("VALIGN", (0, 0), (-1, -1), "TOP"),
                          ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                          ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                          ("LEFTPADDING", (0, 0), (-1, -1), 3),
                          ("FONTNAME", (2, 0), (2, -1), fonts.REGULAR),
                          ("FONTSIZE", (2, 0), (2, -1), b.sizes.cell[0]),
                          ("SPAN", (0, 0), (0, 1)),
                          *[("SPAN", (0, r), (1, r)) for r in range(2, len(rows))]])
    table = L.table(rows, [w0, w1, w2, b.width - w0 - w1 - w2], style)
    return [table, b.p(esc(b.L("strike_note")), "cell_small"), Spacer(1, 5)]


# ------------------------------------------------------------------ FR.IA.01


def unit_tables(b: Builder) -> list[Flowable]:
    out: list[Flowable] = []
    w = b.width
    fixed = [8 * mm, 10.5 * mm, 10.5 * mm]
    rest = w - sum(fixed)
    # at 10 pt "Mengidentifikasi" fits the element column and "Penilaian" the last one
    widths = [fixed[0], rest * 0.243, rest * 0.367, rest * 0.228, fixed[1], fixed[2]]
    widths.append(w - sum(widths))
    for n, (unit_sec, groups) in enumerate(b.t.units(), start=1):
        unit = unit_sec.unit
        assert unit is not None
        if b.state is not None and not b.state.section_relevant(unit_sec):
            continue
        rows: list[list[Any]] = [
            [b.p(f"<b>{esc(b.L('unit_n', n=n))}</b>"), "",
             b.p(f"{esc(b.L('unit_code'))} : <b>{esc(unit.code)}</b>"), "", "", "", ""],
            ["", "", b.p(f"{esc(b.L('unit_title'))} : <b>{b.tx(unit.title)}</b>"),
             "", "", "", ""],
            [b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("col_element")), "head"),
             b.p(esc(b.L("col_kuk")), "head"), b.p(esc(b.L("col_benchmark")), "head"),
             b.p(esc(b.L("col_achieved")), "head_small"), "",
             b.p(esc(b.L("col_further")), "head_small")],
            ["", "", "", "", b.p(esc(b.L("yes")), "head_small"),
             b.p(esc(b.L("no")), "head_small"), ""],
        ]
        style: list[tuple[Any, ...]] = [
            ("SPAN", (0, 0), (1, 1)), ("SPAN", (2, 0), (-1, 0)), ("SPAN", (2, 1), (-1, 1)),
            ("SPAN", (4, 2), (5, 2)),
            *[("SPAN", (c, 2), (c, 3)) for c in (0, 1, 2, 3, 6)],
            ("BACKGROUND", (0, 0), (-1, 1), L.SUB_BG),
            ("BACKGROUND", (0, 2), (-1, 3), L.HEAD_BG),
            ("VALIGN", (0, 0), (-1, 3), "MIDDLE"),
            ("GRID", (0, 0), (-1, 3), 0.5, L.GRID),
            ("BOX", (0, 0), (-1, -1), 0.5, L.GRID),
            ("LINEAFTER", (0, 4), (-2, -1), 0.5, L.GRID),
            ("VALIGN", (0, 4), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
            ("LEFTPADDING", (4, 2), (5, -1), 1), ("RIGHTPADDING", (4, 2), (5, -1), 1),
            ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            # a page break inside an element still closes the table at the bottom
            ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.5, L.GRID),
        ]
        continuation: dict[int, dict[int, Any]] = {}
        for element_sec, kuks in groups:
            element = element_sec.element if element_sec is not None else None
            if b.state is not None and element_sec is not None and \
                    not b.state.section_relevant(element_sec):
                continue
            for i, item in enumerate(kuks):
                rows.append(kuk_row(b, item, element.no if element and i == 0 else "",
                                    b.tx(element.title) if element and i == 0 else ""))
                r = len(rows) - 1
                style.append(("LINEBELOW", (2, r), (-1, r), 0.5, L.GRID))
                if element is not None and i > 0:
                    continuation[r] = {
                        0: b.p(esc(element.no), "cell_center"),
                        1: b.p(f"{b.tx(element.title)} <i>({esc(b.L('continued'))})</i>",
                               "cell_small")}
            style.append(("LINEBELOW", (0, len(rows) - 1), (1, len(rows) - 1), 0.5, L.GRID))
        if len(rows) == 4:
            continue
        out.append(Spacer(1, 4))
        t = L.ContinuedTable(rows, colWidths=widths, repeatRows=4, hAlign="LEFT",
                             splitInRow=0)
        t.setStyle(TableStyle(style))
        t.continuation = continuation
        out.append(t)
        out.extend(unit_extras(b, unit_sec))
    return out


def kuk_row(b: Builder, item: Item, element_no: str, element_title: str) -> list[Any]:
    value = b.value(item.name)
    rs = b.t.options_for(item)
    yes = no = False
    spoken = ""  # the chosen option's words, carried by the tick as text
    if value and rs is not None:
        opt = rs.option(value)
        if opt is not None and not opt.na:
            spoken = opt.label.get(b.lang)
            if rs.is_pass(opt):
                yes = True
            else:
                no = True
    further_parts = []
    note = b.note(item.name)
    if note:
        further_parts.append(b.user(note, title=f"KUK {item.kuk}", narrow=True))
    refs = b.evidence_refs(item.name)
    if refs:
        further_parts.append(f"<font size={b.sizes.note}>{esc(b.L('bukti_l', refs=refs))}"
                             "</font>")
    kuk_text = f"{esc(item.kuk or '')} {b.tx(item.label)}".strip()
    if b.state is not None and not b.relevant(item.name):
        further_parts.append(f"<i>{esc(b.L('not_relevant'))}</i>")
    return [b.p(esc(element_no), "cell_center"), b.p(element_title), b.p(kuk_text),
            b.p(para(item.benchmark or "")), b.tick(yes, spoken), b.tick(no, spoken),
            b.p("<br/>".join(further_parts))]


def unit_extras(b: Builder, unit_sec: Section) -> list[Flowable]:
    """Items of a unit section that are not KUK (rare): generic rows."""
    items = [it for sec in unit_sec.walk_sections() for it in sec.items
             if not it.kuk and it.type is not ItemType.NOTE]
    if not items:
        return []
    tables = SectionTables(b)
    rows: list[list[Any]] = []
    styles: list[tuple[Any, ...]] = []
    for it in items:
        if it.type is ItemType.REPEAT:
            continue
        tables.item_rows(it, rows, styles)
    if not rows:
        return []
    return [Spacer(1, 2), L.table([tables.header_row(), *rows], tables.widths,
                                  L.grid_style(*styles), repeat=1)]


def recommendation_ia01(b: Builder, table: Callable[[Builder, tuple[KukRef, ...]], Flowable]
                       | None = None) -> list[Flowable]:
    """Rekomendasi: "... direkomendasikan KOMPETEN" or "... direkomendasikan OBSERVASI
    LANJUT pada:" with the unit / element / KUK not achieved (``table``: how to list it,
    default unit/element/KUK) - never a percentage, a grade or LULUS: an instrument
    recommends (OL, verdict: recommendation); templates scored the older way say BK for
    the same line."""
    if b.t.verdict is VerdictMode.NONE:
        return []
    score = b.data.score
    verdict = score.competency if score is not None else None
    k_line = b.L("rec_k")
    bk_line = b.L("rec_bk")
    if verdict == K:
        lines = [f"{L.BOX_TICKED} {k_line}", f"{L.BOX_EMPTY} <strike>{bk_line}</strike>"]
    elif verdict in (BK, OL):  # OL: an instrument's recommendation (verdict: recommendation)
        lines = [f"{L.BOX_EMPTY} <strike>{k_line}</strike>", f"{L.BOX_TICKED} {bk_line}"]
    else:
        lines = [f"{L.BOX_EMPTY} {k_line}", f"{L.BOX_EMPTY} {bk_line}"]
    body = "<br/>".join(lines)
    if score is not None and verdict is None and score.units:
        done = sum(u.achieved + len(u.not_achieved) for u in score.units)
        total = sum(u.total for u in score.units)
        body += f"<br/><i><font size={b.sizes.note}>" \
                f"{esc(b.L('rec_undecided', done=done, total=total))}</font></i>"
    box = L.table([[b.p(f"<b>{esc(b.L('recommendation'))}</b>")], [b.p(body, "body")]],
                  [b.width], L.grid_style(header_rows=1))
    # the list of what to observe again is its own table: it may run over pages, but the
    # box that introduces it stays with its first rows
    lead = KeepTogether([box])
    lead.keepWithNext = 1
    return [Spacer(1, 6), lead,
            (table or not_achieved_table)(b, score.not_achieved if score else ())]


def not_achieved_table(b: Builder, refs: tuple[KukRef, ...]) -> Flowable:
    """Kelompok pekerjaan | Unit | Elemen | KUK for "OBSERVASI LANJUT pada", one KUK a row
    (the unit and element printed on their first row, and again, "(lanjutan)", on the
    first row of a new page)."""
    groups = {sec.unit.code: sec.unit.group for sec in b.t.walk_sections() if sec.unit}
    w = b.width
    widths = [w * 0.18, w * 0.3, w * 0.24, w * 0.28]
    rows: list[list[Any]] = [[b.p(esc(b.L(k)), "head") for k in
                              ("col_group", "col_unit", "col_element", "col_kuk_short")]]
    styles: list[tuple[Any, ...]] = []
    continuation: dict[int, dict[int, Any]] = {}
    more = f" <i>({esc(b.L('continued'))})</i>"
    last_unit: str | None = None
    last_element: tuple[str, str] | None = None
    for ref in refs:
        new_unit = ref.unit_code != last_unit
        new_element = new_unit or (ref.unit_code, ref.element_no or "") != last_element
        element = f"{esc(ref.element_no or '')} {b.tx(ref.element_title)}".strip() \
            if ref.element_title else esc(ref.element_no or "")
        group = esc(groups.get(ref.unit_code) or "")
        unit = f"{esc(ref.unit_code)} {b.tx(ref.unit_title)}"
        rows.append([b.p(group if new_unit else ""), b.p(unit if new_unit else ""),
                     b.p(element if new_element else ""),
                     b.p(f"{esc(ref.kuk_no)} {b.tx(ref.kuk_text)}")])
        r = len(rows) - 1
        if not new_unit:
            continuation[r] = {0: b.p(group), 1: b.p(unit + more)}
            if not new_element:
                continuation[r][2] = b.p(element + more)
        styles.append(("LINEABOVE", (3, r), (3, r), 0.5, L.GRID))
        if new_unit:
            styles.append(("LINEABOVE", (0, r), (1, r), 0.5, L.GRID))
        if new_element:
            styles.append(("LINEABOVE", (2, r), (2, r), 0.5, L.GRID))
        last_unit, last_element = ref.unit_code, (ref.unit_code, ref.element_no or "")
    if len(rows) == 1:
        dotted = b.blank or b.data.score is None or b.data.score.competency != K
        rows.append([b.p(b.dots(cw - 8) if dotted else "–") for cw in widths])
    style = TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.5, L.GRID), ("LINEAFTER", (0, 0), (-2, -1), 0.5, L.GRID),
        ("BACKGROUND", (0, 0), (-1, 0), L.HEAD_BG), ("LINEBELOW", (0, 0), (-1, 0), 0.5, L.GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, "splitlast"), (-1, "splitlast"), 0.5, L.GRID), *styles])
    t = L.ContinuedTable(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=0)
    t.setStyle(style)
    t.continuation = continuation
    return t


def form_sections(b: Builder, sections: tuple[Section, ...]) -> list[Flowable]:
    """Non-unit sections of a competency form as label | value tables."""
    out: list[Flowable] = []
    for sec in sections:
        if sec.unit is not None:
            continue
        text_only = all(it.type is ItemType.TEXT and (it.multiline or len(sec.items) == 1)
                        for it in sec.items) and not sec.sections
        if text_only and sec.items:
            for it in sec.items:
                if b.relevant(it.name):
                    out.append(Spacer(1, 5))
                    out.append(KeepTogether([b.text_box(it.label.get(b.lang),
                                                        b.value(it.name))]))
            continue
        out.append(b.heading(b.tx(sec.title)))
        if sec.description:
            out.append(b.p(f"<i>{b.tx(sec.description)}</i>", "small"))
        if b.state is not None and not b.state.section_relevant(sec):
            out.append(b.p(f"<i>{esc(b.L('section_not_relevant'))}</i>", "small"))
            continue
        out.extend(form_table(b, sec))
        out.extend(form_sections(b, sec.sections))
    return out


def form_table(b: Builder, sec: Section) -> list[Flowable]:
    w0 = b.width * 0.36
    widths = [w0, b.width - w0]
    out: list[Flowable] = []
    rows: list[list[Any]] = []
    styles: list[tuple[Any, ...]] = []

    def flush() -> None:
        if rows:
            out.append(L.table(list(rows), widths, L.grid_style(*styles, header_rows=0)))
            rows.clear()
            styles.clear()

    for item in sec.items:
        r = len(rows)
        if item.type is ItemType.REPEAT:
            flush()
            out.extend(repeat_table(b, item))
            continue
        if item.type is ItemType.SIGNATURE:
            continue
        if item.type is ItemType.NOTE:
            rows.append([b.p(b.tx(item.label), "body"), ""])
            # a statement stays on the page of the answer that follows it
            styles += [("SPAN", (0, r), (1, r)), ("BACKGROUND", (0, r), (1, r), L.SUB_BG),
                       ("NOSPLIT", (0, r), (-1, r + 1))]
            continue
        if not b.relevant(item.name):
            if b.state is not None and item.relevant:
                continue  # e.g. "Bukti lainnya" when "Lainnya" was not chosen
        value = b.value(item.name)
        label_text = b.tx(item.label)
        if item.choice_filter and b.blank and item.type in (ItemType.SELECT_ONE,
                                                            ItemType.SELECT_MULTIPLE):
            shown = ""  # the list depends on an earlier answer: a line to write on
        elif item.type is ItemType.SELECT_MULTIPLE:
            shown = b.checkbox_lines(b.t.options_for(item), value.split(), b.offered(item))
        elif item.type is ItemType.SELECT_ONE:
            shown = b.struck_options(b.t.options_for(item), [value] if value else [],
                                     offered=b.offered(item))
        elif item.type is ItemType.DATE and item.label.id.lower().startswith("hari"):
            shown = esc(format_day_date(parse_date(value), b.lang))
        elif item.type is ItemType.EVIDENCE:
            shown = esc(b.evidence_refs(item.name))
        else:
            shown = b.format_value(item, value)
        if not shown:
            shown = "." * 50 if b.blank else "–"
        note = b.note(item.name)
        if note:
            shown += f"<br/><font size={b.sizes.note}>{b.user(note)}</font>"
        rows.append([b.p(label_text), b.p(shown)])
        styles.append(("BACKGROUND", (0, r), (0, r), L.SUB_BG))
    flush()
    return out


# ------------------------------------------------------------------ the reports


def job_groups(b: Builder) -> list[Flowable]:
    """The units of FR.IA.01 under their job groups ("Kelompok Pekerjaan"): one heading
    above the table when every unit is in the same group, else a heading row before each
    run of units of one group (a scheme's units can sit in several groups), numbered on
    as the unit tables below are. Nothing when no unit names a group."""
    units = [sec.unit for sec in b.t.walk_sections() if sec.unit is not None]
    names = [unit.group or "" for unit in units]
    if not any(names):
        return []

    def heading(name: str) -> list[Any]:
        return [b.p(esc(b.L("job_groups")) + (f" · {esc(name)}" if name else ""), "head"),
                "", ""]

    columns = [b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("unit_code")), "head"),
               b.p(esc(b.L("unit_title")), "head")]
    one = len(set(names)) == 1
    rows: list[list[Any]] = [heading(names[0]), columns] if one else [columns]
    headings = [0] if one else []
    for n, (unit, name) in enumerate(zip(units, names, strict=True), start=1):
        if not one and (n == 1 or name != names[n - 2]):
            headings.append(len(rows))
            rows.append(heading(name))
        rows.append([b.p(str(n), "cell_center"), b.p(esc(unit.code)), b.p(b.tx(unit.title))])
    top = 2 if one else 1  # the rows repeated on a new page
    extra: list[tuple[Any, ...]] = [("SPAN", (0, r), (-1, r)) for r in headings]
    extra += [("BACKGROUND", (0, r), (-1, r), L.SUB_BG) for r in headings if r >= top]
    return [Spacer(1, 5), L.table(rows, [10 * mm, 40 * mm, b.width - 50 * mm],
                                  L.grid_style(*extra, header_rows=top), repeat=top)]


def build_ia01(b: Builder) -> list[Flowable]:
    story: list[Flowable] = []
    story += b.title_block()
    story += muk_header(b)
    if b.t.description:
        guide = esc(b.L("guide"))
        text = b.tx(b.t.description)
        if text.lower().startswith(guide.lower()):
            text = text[len(guide):].lstrip(" :")
            text = text[:1].upper() + text[1:]
        story.append(L.table([[b.p(f"<b>{guide}</b><br/>{text}", "small")]], [b.width],
                             L.grid_style(("BACKGROUND", (0, 0), (-1, -1), L.SUB_BG),
                                          header_rows=0)))
    story += job_groups(b)
    story += unit_tables(b)
    story += form_sections(b, b.t.sections)
    rec = recommendation_ia01(b)
    if rec:  # the recommendation is what the signatures sign: on their page
        story += rec[:1] + [SignOff(rec[1:], b.muk_signatures())]
    else:
        story = b.signed_off(story)
    story += b.photo_grid()
    story += b.appendix_block()
    return story


def build_form(b: Builder) -> list[Flowable]:
    """FR.AK.01 and other MUK forms: header, sections as label/value tables, signatures."""
    story: list[Flowable] = []
    story += b.title_block()
    if b.t.description:
        story.append(b.p(b.tx(b.t.description), "body"))
        story.append(Spacer(1, 4))
    story += muk_header(b, with_assessee=b.t.find_item("nama_asesi") is not None
                        or b.data.record is None or bool(b.data.record.assessee_name))
    if b.t.units():
        story += unit_tables(b)
    story += form_sections(b, b.t.sections)
    story = b.signed_off(story)
    story += b.photo_grid()
    story += b.appendix_block()
    return story
