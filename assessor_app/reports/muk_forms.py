"""MUK 2023 forms whose paper layout is not a checklist (DOMAIN.md section 4):

- FR.AK.02 Rekaman Asesmen Kompetensi: units x evidence kinds, K | BK per unit, the
  recommendation Kompeten / Belum kompeten (the other struck), follow-up and comments;
  on a landscape page when the matrix does not fit across a portrait one;
- FR.APL.02 Asesmen Mandiri: per unit, "Dapatkah saya ...?" per element with its KUK,
  K | BK and the relevant evidence; "Ditinjau oleh asesor" with the recommendation;
- FR.MAPA.02 Peta Instrumen Asesmen: per unit, instruments x potensi asesi 1..5, legend;
- FR.IA.03 / FR.IA.07 questions: No | Pertanyaan | Tanggapan | Pencapaian Ya/Tidak, and the
  recommendation K / observasi lanjut;
- FR.IA.05 written multiple choice, three sheets of one record (``ReportData.part``):
  A ``soal`` the questions with their options (no key, no answers), B ``kunci`` the key
  (for the assessor), C ``jawaban`` (default) the option each answer chose and whether it
  is right, with the recommendation. The key is never printed on A or C.

Everything page-wide (title, MUK header, signatures, appendix) comes from the shared
builder blocks, so the letterhead and signature conventions apply here as everywhere.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, TableStyle

from assessor_app.core.scoring import BK, K, KukRef
from assessor_app.core.template import (
    Item,
    ItemType,
    Option,
    ResponseSet,
    Section,
    Template,
    Text,
)
from assessor_app.reports import fonts
from assessor_app.reports import layout as L
from assessor_app.reports.blocks import Builder, SignOff
from assessor_app.reports.competency import (
    form_sections,
    form_table,
    muk_header,
    recommendation_ia01,
)
from assessor_app.reports.labels import label
from assessor_app.reports.model import PARTS, ReportData
from assessor_app.reports.text import esc, para

# ------------------------------------------------------------------ which form, which sheet

LAYOUTS = {"FR.AK.02": "ak02", "FR.APL.01": "apl01", "FR.APL.02": "apl02", "FR.MAPA.02": "mapa02",
           "FR.IA.03": "questions", "FR.IA.07": "questions", "FR.IA.05": "ia05",
           "FR.MAPA.01": "tables", "FR.AK.03": "tables", "FR.AK.06": "tables",
           "CEKLIS.DOKUMEN": "tables"}

# FR.IA.05 sheets: part -> (printed form code suffix, title Indonesian, English)
IA05_SHEETS: dict[str, tuple[str, str, str]] = {
    "soal": ("A", "Lembar Pertanyaan Tertulis Pilihan Ganda",
             "Written multiple-choice question sheet"),
    "kunci": ("B", "Lembar Kunci Jawaban Pertanyaan Tertulis Pilihan Ganda",
              "Answer key for the written multiple-choice questions"),
    "jawaban": ("C", "Lembar Jawaban Pertanyaan Tertulis Pilihan Ganda",
                "Answer sheet for the written multiple-choice questions"),
}


def form_of(t: Template) -> str:
    """The MUK form code a template prints as ("FR.AK.02"), upper case."""
    return (t.form or t.code).upper()


def layout_key(t: Template) -> str | None:
    """The layout of this module a competency template gets, or None (not ours).

    A template qualifies by its form code and by the structure the layout reads (a
    hand-written template that only borrows the code falls back to the generic form)."""
    form = form_of(t)
    key = next((v for k, v in LAYOUTS.items() if form == k or form.startswith(k + ".")), None)
    if key is None or key in ("tables", "apl01"):
        return key
    units = [sec for sec in t.walk_sections() if sec.unit is not None]
    if not units:
        return None
    if key == "ak02" and not all(_decision_item(sec) for sec in units):
        return None
    return key


def parts_of(t: Template) -> tuple[str, ...]:
    """The sheets a template prints as; the last one is the default (the record)."""
    return PARTS if layout_key(t) == "ia05" else ()


def sheet_title(data: ReportData) -> tuple[str, Text] | None:
    """(form code, title) printed for the sheet ``data.part`` of a multi-sheet form."""
    t = data.template
    if layout_key(t) != "ia05":
        return None
    letter, id_, en = IA05_SHEETS[data.part or "jawaban"]
    return f"{t.form or t.code}.{letter}", Text(id_, en)


def landscape(data: ReportData, portrait_width: float) -> bool:
    """Whether the form needs a landscape page: the FR.AK.02 matrix when its unit column
    would be too narrow across a portrait page (:func:`_ak02_min_unit_w`)."""
    if layout_key(data.template) != "ak02":
        return False
    unit_w: float = _ak02_widths(data.template, data.lang, portrait_width)[1]
    return bool(unit_w < _ak02_min_unit_w(data.template, data.lang))


def _sheet_builder(b: Builder) -> Builder:
    """The builder with the template titled as the sheet (title block: "FR.IA.05.C ...")."""
    sheet = sheet_title(b.data)
    if sheet is not None:
        b.t = replace(b.t, form=sheet[0], title=sheet[1])
    return b


# ------------------------------------------------------------------ small pieces


def _tick(b: Builder, on: bool, spoken: str = "") -> Any:
    return b.tick(on, spoken)


def _short(opt: Option, lang: str) -> str:
    """A K/BK option's column head: "K" / "BK"; other options their label."""
    if opt.value in ("k", "bk"):
        return opt.value.upper()
    return opt.label.get(lang)


def _unit_banner(b: Builder, n: int, sec: Section, widths: list[float]
                 ) -> tuple[list[list[Any]], list[tuple[Any, ...]]]:
    """Two rows "Unit Kompetensi n | Kode Unit : ... / Judul Unit : ..." over a table of
    ``widths``: the label spans the leading columns that make about 2 cm (as on FR.IA.01),
    or, when the first column alone is much wider, every row spans the whole table."""
    unit = sec.unit
    assert unit is not None
    cols = len(widths)
    label = f"<b>{esc(b.L('unit_n', n=n))}</b>"
    code = f"{esc(b.L('unit_code'))} : <b>{esc(unit.code)}</b>"
    title = f"{esc(b.L('unit_title'))} : <b>{b.tx(unit.title)}</b>"
    k = next((i for i in range(1, cols) if sum(widths[:i]) >= 20 * mm), cols)
    styles: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 1), L.SUB_BG),
                                     ("VALIGN", (0, 0), (-1, 1), "MIDDLE")]
    if k >= cols or sum(widths[:k]) > 45 * mm:
        rows: list[list[Any]] = [[b.p(f"{label} {code}"), *([""] * (cols - 1))],
                                 [b.p(title), *([""] * (cols - 1))]]
        styles += [("SPAN", (0, 0), (-1, 0)), ("SPAN", (0, 1), (-1, 1))]
        return rows, styles
    rows = [[b.p(label), *([""] * (k - 1)), b.p(code), *([""] * (cols - k - 1))],
            ["", *([""] * (k - 1)), b.p(title), *([""] * (cols - k - 1))]]
    styles += [("SPAN", (0, 0), (k - 1, 1)), ("SPAN", (k, 0), (-1, 0)),
               ("SPAN", (k, 1), (-1, 1))]
    return rows, styles


def _units(b: Builder) -> Iterator[tuple[int, Section]]:
    """The relevant unit sections, numbered from 1."""
    n = 0
    for sec in b.t.walk_sections():
        if sec.unit is None:
            continue
        if b.state is not None and not b.state.section_relevant(sec):
            continue
        n += 1
        yield n, sec


def _rest(b: Builder) -> tuple[Section, ...]:
    """Top-level sections that hold no unit (feedback, follow-up ...)."""
    return tuple(sec for sec in b.t.sections
                 if not any(s.unit is not None for s in sec.walk_sections()))


def _guide(b: Builder, title: str) -> list[Flowable]:
    """The template's description as a shaded guide box with a bold title."""
    if not b.t.description:
        return []
    text = b.tx(b.t.description)
    if text.lower().startswith(esc(title).lower()):
        text = text[len(esc(title)):].lstrip(" :")
        text = text[:1].upper() + text[1:]
    return [L.table([[b.p(f"<b>{esc(title)}</b><br/>{text}", "small")]],
                    [b.width], L.grid_style(("BACKGROUND", (0, 0), (-1, -1), L.SUB_BG),
                                            header_rows=0)),
            Spacer(1, 4)]


def _header(b: Builder) -> list[Flowable]:
    with_assessee = b.t.find_item("nama_asesi") is not None or b.data.record is None or \
        bool(b.data.record.assessee_name)
    return muk_header(b, with_assessee=with_assessee)


def _opening(b: Builder, guide: str | None = None) -> list[Flowable]:
    """What a form starts with: its title, the MUK header table and (``guide``: the
    title of) the guide box."""
    return [*b.title_block(), *_header(b), *(_guide(b, guide) if guide is not None else [])]


def _closing(b: Builder, story: list[Flowable], *, signed: bool = True) -> list[Flowable]:
    """What a form ends with: (``signed``) its signatures, then the photos and the
    appendix."""
    return [*(b.signed_off(story) if signed else story), *b.photo_grid(), *b.appendix_block()]


def _struck(b: Builder, options: tuple[tuple[str, str, str], ...], chosen: str | None) -> str:
    """"Kompeten/<strike>Belum kompeten</strike>*" from (value, id, en) options."""
    rs = ResponseSet("x", Text(""), tuple(Option(v, Text(i, e)) for v, i, e in options))
    return b.struck_options(rs, [chosen] if chosen else [])


def _grid(rows: list[list[Any]], widths: list[float], styles: list[tuple[Any, ...]],
          head: int) -> Flowable:
    """A ruled table whose first ``head`` rows repeat on every page."""
    style = TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, L.GRID), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *styles])
    return L.table(rows, widths, style, repeat=head)


# ------------------------------------------------------------------ FR.AK.02

MIN_UNIT_W: float = 40 * mm  # FR.AK.02's unit column narrower than this: the form goes landscape
HEAD_H = 40 * mm  # height of a head whose label runs upwards (lines of 34 mm at 8.5 pt)
MIN_TICK_W: float = 8.5 * mm  # a column of ticks
MIN_NO_W: float = 8 * mm  # the "No" column


@functools.cache
def _styles() -> L.Styles:
    """The styles of a MUK form (every layout of this module prints a competency form),
    for measuring columns before a builder exists (landscape or portrait)."""
    return L.make_styles(L.MUK_SIZES)


def _text_w(text: str, style: ParagraphStyle) -> float:
    """Width of ``text`` on one line in ``style``."""
    return float(stringWidth(text, style.fontName, style.fontSize))


def _no_w(b: Builder) -> float:
    """The "No" column: its head on one line, two-digit numbers (8 mm at least)."""
    return max(MIN_NO_W, _text_w(b.L("col_no"), b.s.head_center) + 8)


class _Upward(Flowable):  # type: ignore[misc]
    """A paragraph turned a quarter left (read from the bottom up), for narrow column
    heads: ``length`` is the line length, the flowable is as wide as the wrapped text."""

    def __init__(self, para: Paragraph, length: float) -> None:
        super().__init__()
        self.para = para
        self.length = length
        self.hAlign = "CENTER"
        self._h = 0.0

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        _w, self._h = self.para.wrap(self.length, 10_000)
        return self._h, self.length

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.translate(self._h, 0)
        self.canv.rotate(90)
        self.para.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


def _decision_item(sec: Section) -> Item | None:
    return next((it for it in sec.walk_items() if it.decision), None)


def _evidence_item(sec: Section) -> Item | None:
    return next((it for it in sec.walk_items() if it.type is ItemType.SELECT_MULTIPLE), None)


def _ak02_kinds(t: Template) -> tuple[Option, ...]:
    for sec in t.walk_sections():
        if sec.unit is not None:
            item = _evidence_item(sec)
            rs = t.options_for(item) if item is not None else None
            if rs is not None:
                return rs.options
    return ()


def _upward_heads(labels: list[str]) -> list[_Upward]:
    """Column heads whose labels run upwards (bold, 8.5 pt, lines of ``HEAD_H - 6``)."""
    left = ParagraphStyle("head_up", parent=_styles().head_small, alignment=TA_LEFT)
    return [_Upward(fonts.ScriptParagraph(esc(text), left), HEAD_H - 6) for text in labels]


def _upward_w(head: _Upward) -> float:
    """A tick column under an upward head: as wide as the head's lines, 1.5 pt padding."""
    return max(MIN_TICK_W, head.wrap(0, 0)[0] + 5)


def _ak02_heads(t: Template, lang: str) -> list[_Upward]:
    return _upward_heads([o.label.get(lang) for o in _ak02_kinds(t)])


def _ak02_decision_w(lang: str) -> float:
    """K and BK: each half of the "Keputusan" head over both, on one line."""
    s = _styles()
    head = _text_w(label("col_decision", lang), s.head_small) + 8  # 1.5 pt padding + air
    return max(MIN_TICK_W, head / 2, _text_w("BK", s.head_center) + 6)


def _ak02_widths(t: Template, lang: str, width: float) -> list[float]:
    """No | Unit kompetensi (code over title) | one column per evidence kind | K | BK."""
    s = _styles()
    kinds = [_upward_w(h) for h in _ak02_heads(t, lang)]
    no_w = max(MIN_NO_W, _text_w(label("col_no", lang), s.head_center) + 8)
    decision = [_ak02_decision_w(lang)] * 2
    return [no_w, width - no_w - sum(kinds) - sum(decision), *kinds, *decision]


def _ak02_min_unit_w(t: Template, lang: str) -> float:
    """The unit column holds each unit code and every word of the titles on one line (at
    the cell's 10 pt, 3 pt padding each side), and :data:`MIN_UNIT_W` at least."""
    s = _styles()
    words = [(sec.unit.code, s.cell_bold) for sec in t.walk_sections() if sec.unit is not None]
    words += [(w, s.cell) for sec in t.walk_sections() if sec.unit is not None
              for w in sec.unit.title.get(lang).split()]
    return max([MIN_UNIT_W, *(_text_w(w, style) + 8 for w, style in words)])


def ak02_matrix(b: Builder) -> list[Flowable]:
    kinds = _ak02_kinds(b.t)
    widths = _ak02_widths(b.t, b.lang, b.width)
    first_kind = 2
    k_col = first_kind + len(kinds)
    evidence_head: list[Any] = [b.p(esc(b.L("ak02_evidence")), "head_center")] if kinds else []
    evidence_head += [""] * max(len(kinds) - 1, 0)
    rows: list[list[Any]] = [
        [b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("unit_competency")), "head"),
         *evidence_head, b.p(esc(b.L("col_decision")), "head_small"), ""],
        ["", "", *_ak02_heads(b.t, b.lang), b.p("K", "head_center"), b.p("BK", "head_center")],
    ]
    styles: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
        ("SPAN", (k_col, 0), (k_col + 1, 0)),
        ("BACKGROUND", (0, 0), (-1, 1), L.HEAD_BG), ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
        ("VALIGN", (first_kind, 1), (k_col - 1, 1), "BOTTOM"),
        ("ALIGN", (first_kind, 1), (k_col - 1, 1), "CENTER"),
        ("LEFTPADDING", (first_kind, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (first_kind, 0), (-1, -1), 1.5)]
    if kinds:
        styles.append(("SPAN", (first_kind, 0), (k_col - 1, 0)))
    for n, sec in _units(b):
        unit = sec.unit
        assert unit is not None
        ev = _evidence_item(sec)
        chosen = set(b.value(ev.name).split()) if ev is not None else set()
        dec = _decision_item(sec)
        decision = b.value(dec.name) if dec is not None else ""
        rows.append([b.p(str(n), "cell_center"),
                     b.p(f"<b>{esc(unit.code)}</b><br/>{b.tx(unit.title)}"),
                     *[_tick(b, o.value in chosen, o.label.get(b.lang)) for o in kinds],
                     _tick(b, decision == "k", "K"), _tick(b, decision == "bk", "BK")])
        if b.blank:
            styles.append(("BOTTOMPADDING", (0, len(rows) - 1), (-1, len(rows) - 1), 9))
    return [Spacer(1, 4), _grid(rows, widths, styles, 2)]


def ak02_result(b: Builder) -> list[Flowable]:
    """Rekomendasi hasil asesmen: K when every unit is K, BK when one is BK."""
    score = b.data.score
    verdict = score.competency if score is not None and not b.blank else None
    chosen = {K: "k", BK: "bk"}.get(verdict or "")
    shown = _struck(b, (("k", "Kompeten", "Competent"),
                        ("bk", "Belum kompeten", "Not yet competent")), chosen)
    label = esc(b.L("ak02_result"))
    t = L.table([[b.p(f"<b>{label}</b>"), b.p(shown, "body")]],
                [b.width * 0.36, b.width * 0.64],
                L.grid_style(("BACKGROUND", (0, 0), (0, 0), L.SUB_BG), header_rows=0))
    return [Spacer(1, 6), KeepTogether([t])]


def build_ak02(b: Builder) -> list[Flowable]:
    story = _opening(b) + ak02_matrix(b) + ak02_result(b) + _text_boxes(b, _rest(b))
    return _closing(b, story)


def _text_boxes(b: Builder, sections: tuple[Section, ...]) -> list[Flowable]:
    """Free-text items as labelled boxes (their hint in small print under the title)."""
    out: list[Flowable] = []
    for sec in sections:
        for it in sec.walk_items():
            if it.type is not ItemType.TEXT:
                continue
            if not b.relevant(it.name):
                continue
            title = it.label.get(b.lang)
            if it.hint is not None and b.blank:  # the hint under the title, as on paper
                body = "<br/>".join([b.dots(b.width - 8)] * 3)
                box = L.table([[b.p(f"<b>{esc(title)}</b><br/><font size={b.sizes.note}><i>"
                                    f"{b.tx(it.hint)}</i></font>")], [b.p(body)]],
                              [b.width], L.grid_style(header_rows=1))
            else:
                box = b.text_box(title, b.value(it.name))
            out.append(KeepTogether([Spacer(1, 5), box]))
    return out


# ------------------------------------------------------------------ FR.APL.02

_KUK_SPLIT = re.compile(r";\s+(?=\d+(?:\.\d+)+\s)")


def _kuk_lines(item: Item, lang: str) -> list[str]:
    """The KUK listed in an APL.02 question's hint ("Kriteria unjuk kerja: 1.1 ...; 1.2 ...")."""
    if item.hint is None:
        return []
    text = item.hint.get(lang)
    _head, sep, body = text.partition(":")
    if not sep:
        return [text]
    return [k.strip() for k in _KUK_SPLIT.split(body.strip()) if k.strip()]


def apl02_unit(b: Builder, n: int, sec: Section) -> Flowable | None:
    w = b.width
    widths = [w * 0.56, 10 * mm, 10 * mm]
    widths.append(w - sum(widths))
    rows, styles = _unit_banner(b, n, sec, widths)
    k_head = ["K", "BK"]
    rows.append([b.p(esc(b.L("col_can_i")), "head"), b.p(k_head[0], "head_center"),
                 b.p(k_head[1], "head_center"), b.p(esc(b.L("col_relevant_evidence")), "head")])
    styles += [("BACKGROUND", (0, 2), (-1, 2), L.HEAD_BG), ("VALIGN", (0, 2), (-1, 2), "MIDDLE")]
    groups = list(sec.sections) or [sec]
    for ei, el_sec in enumerate(groups, start=1):
        if b.state is not None and not b.state.section_relevant(el_sec):
            continue
        question = next((it for it in el_sec.items if it.type is ItemType.SELECT_ONE), None)
        if question is None:
            continue
        element = el_sec.element
        no = element.no if element is not None else str(ei)
        title = b.tx(element.title) if element is not None else ""
        kuks = _kuk_lines(question, b.lang)
        cell = f"<b>{esc(b.L('element_n', no=no))}: {title}</b>" if title else \
            b.tx(question.label)
        if kuks:
            # the KUK are what the asesi assesses themself against: at the cell's size
            cell += f"<br/><i>{esc(b.L('kuk_list'))}:</i>"
            cell += "".join(f"<br/>\u2022 {para(k)}" for k in kuks)
        value = b.value(question.name)
        rs = b.t.options_for(question)
        opt = rs.option(value) if rs is not None and value else None
        yes = opt is not None and rs is not None and rs.is_pass(opt)
        no_ = opt is not None and not yes
        evidence: list[str] = []
        for it in el_sec.items:
            if it.type is ItemType.TEXT and b.value(it.name):
                evidence.append(b.user(b.value(it.name), title=it.label.get(b.lang)))
            elif it.type is ItemType.EVIDENCE:
                refs = b.evidence_refs(it.name)
                if refs:
                    evidence.append(f"<font size={b.sizes.note}>"
                                    f"{esc(b.L('bukti_l', refs=refs))}</font>")
        rows.append([b.p(cell), _tick(b, yes, b.L("yes")), _tick(b, no_, b.L("no")),
                     b.p("<br/>".join(evidence))])
    if len(rows) == 3:
        return None
    return _grid(rows, widths, styles, 3)


def apl02_review(b: Builder) -> list[Flowable]:
    """"Ditinjau oleh asesor": the recommendation with the rejected option struck, notes."""
    out: list[Flowable] = []
    for sec in _rest(b):
        rows: list[list[Any]] = []
        labels: list[str] = []
        for it in sec.walk_items():
            if it.type in (ItemType.SELECT_ONE, ItemType.TEXT):
                labels.append(it.label.get(b.lang))
            if it.type is ItemType.SELECT_ONE:
                value = b.value(it.name)
                shown = b.struck_options(b.t.options_for(it), [value] if value else [])
                rows.append([b.p(f"<b>{b.tx(it.label)}</b>"), b.p(shown, "body")])
            elif it.type is ItemType.TEXT and b.relevant(it.name):
                text = b.value(it.name)
                rows.append([b.p(f"<b>{b.tx(it.label)}</b>"),
                             b.p(b.user(text, title=it.label.get(b.lang)) if text else
                                 (b.dots(b.width * 0.6) if b.blank else "–"))])
        if not rows:
            continue
        head = [b.p(f"<b>{b.tx(sec.title)}</b>"), ""]
        # the labels as wide as they need (on one line up to 30 %): the recommendation
        # "Asesmen dapat dilanjutkan/Asesmen tidak dapat dilanjutkan*" keeps to one line
        label_w = min(b.width * 0.3, max(25 * mm, *(_text_w(t, b.s.cell_bold) + 8
                                                     for t in labels)))
        t = L.table([head, *rows], [label_w, b.width - label_w],
                    L.grid_style(("SPAN", (0, 0), (1, 0)), header_rows=1))
        out += [Spacer(1, 6), KeepTogether([t])]
    return out


def build_apl02(b: Builder) -> list[Flowable]:
    story = _opening(b, b.L("apl02_guide"))
    for n, sec in _units(b):
        table = apl02_unit(b, n, sec)
        if table is not None:
            story += [Spacer(1, 5), table]
    return _closing(b, story + apl02_review(b))


# ------------------------------------------------------------------ FR.MAPA.02


def _potentials(lang: str) -> list[str]:
    from assessor_app.core.muk_forms import POTENTIALS

    return [en if lang == "en" else id_ for _v, id_, en in POTENTIALS]


def mapa02_unit(b: Builder, n: int, sec: Section) -> Flowable | None:
    items = [it for it in sec.walk_items() if it.type is ItemType.SELECT_MULTIPLE]
    if not items:
        return None
    rs = b.t.options_for(items[0])
    options = rs.options if rs is not None else ()
    w = b.width
    pot_w = 11 * mm
    no_w = _no_w(b)
    widths = [no_w, w - no_w - pot_w * len(options), *([pot_w] * len(options))]
    rows, styles = _unit_banner(b, n, sec, widths)
    rows.append([b.p(esc(b.L("col_no")), "head_center"),
                 b.p(esc(b.L("col_instrument")), "head"),
                 b.p(esc(b.L("col_potential")), "head_center"), *([""] * (len(options) - 1))])
    rows.append(["", "", *[b.p(esc(o.label.get(b.lang)), "head_center") for o in options]])
    styles += [("SPAN", (0, 2), (0, 3)), ("SPAN", (1, 2), (1, 3)),
               ("SPAN", (2, 2), (-1, 2)),
               ("BACKGROUND", (0, 2), (-1, 3), L.HEAD_BG), ("VALIGN", (0, 2), (-1, 3), "MIDDLE")]
    for i, it in enumerate(items, start=1):
        chosen = set(b.value(it.name).split())
        rows.append([b.p(str(i), "cell_center"), b.p(b.tx(it.label)),
                     *[_tick(b, o.value in chosen, o.label.get(b.lang)) for o in options]])
    return _grid(rows, widths, styles, 4)


def mapa02_legend(b: Builder) -> list[Flowable]:
    """The five potensi the columns 1..5 stand for, in one block (never split)."""
    lines = "".join(f"<br/>{n}. {esc(text)}"
                    for n, text in enumerate(_potentials(b.lang), start=1))
    return [KeepTogether([Spacer(1, 4),
                          b.p(f"{esc(b.L('potential_note'))}{lines}", "small")])]


def build_mapa02(b: Builder) -> list[Flowable]:
    story: list[Flowable] = []
    story += b.title_block()
    story += muk_header(b, with_assessee=False)
    for n, sec in _units(b):
        table = mapa02_unit(b, n, sec)
        if table is not None:
            story += [Spacer(1, 5), table]
    story += mapa02_legend(b)
    story += form_sections(b, _rest(b))
    story = b.signed_off(story)
    story += b.appendix_block()
    return story


# ------------------------------------------------------------------ FR.IA.03 / FR.IA.07


@dataclass
class _Question:
    no: str
    text: Item | None  # the question (a note), None for IA.05 where the select is it
    answer: Item | None  # the assessee's answer (text)
    achieved: Item | None  # Ya/Tidak (select_one)


def _questions(sec: Section) -> list[_Question | Item]:
    """A unit's questions (note, answer, achieved) in order; other notes stay items."""
    out: list[_Question | Item] = []
    current: _Question | None = None
    for it in sec.walk_items():
        if it.type is ItemType.NOTE:
            if it.name.endswith("_soal"):
                current = _Question(str(sum(isinstance(q, _Question) for q in out) + 1),
                                    it, None, None)
                out.append(current)
            else:
                current = None
                out.append(it)
        elif current is not None and it.type is ItemType.TEXT and current.answer is None:
            current.answer = it
        elif current is not None and it.type is ItemType.SELECT_ONE and \
                current.achieved is None:
            current.achieved = it
    return out


_NUMBERED = re.compile(r"^\s*(\d+[a-z]?)[.)]\s+(.*)$", re.S)


def _numbered(text: Text, lang: str, fallback: str) -> tuple[str, str]:
    """("3", "Bagaimana ...") from a question labelled "3. Bagaimana ..." (the number goes
    in the No column); (fallback, text) when the label has no number."""
    plain = text.get(lang)
    m = _NUMBERED.match(plain)
    return (m.group(1), m.group(2)) if m else (fallback, plain)


def _question_text(b: Builder, item: Item) -> str:
    """The question's text as printed: label, its KUK, the expected answer (small)."""
    text = para(_numbered(item.label, b.lang, "")[1])
    extra = []
    if item.code:
        extra.append(esc(item.code))
    if item.hint is not None:
        extra.append(f"<i>{b.tx(item.hint)}</i>")
    if extra:
        text += f"<br/><font size={b.sizes.note}>" + " · ".join(extra) + "</font>"
    return text


def questions_unit(b: Builder, n: int, sec: Section) -> Flowable:
    w = b.width
    widths = [_no_w(b), w * 0.42, 0.0, 10.5 * mm, 10.5 * mm]
    widths[2] = w - sum(widths)
    rows, styles = _unit_banner(b, n, sec, widths)
    rows.append([b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("col_question")), "head"),
                 b.p(esc(b.L("col_answer_oral")), "head"),
                 b.p(esc(b.L("col_achieved")), "head_small"), ""])
    rows.append(["", "", "", b.p(esc(b.L("yes")), "head_small"),
                 b.p(esc(b.L("no")), "head_small")])
    styles += [("SPAN", (0, 2), (0, 3)), ("SPAN", (1, 2), (1, 3)), ("SPAN", (2, 2), (2, 3)),
               ("SPAN", (3, 2), (4, 2)),
               ("BACKGROUND", (0, 2), (-1, 3), L.HEAD_BG), ("VALIGN", (0, 2), (-1, 3), "MIDDLE"),
               ("LEFTPADDING", (3, 2), (4, -1), 1), ("RIGHTPADDING", (3, 2), (4, -1), 1)]
    for q in _questions(sec):
        if isinstance(q, Item):
            rows.append([b.p(f"<i>{b.tx(q.label)}</i>"), "", "", "", ""])
            styles.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
            continue
        answer = b.value(q.answer.name) if q.answer is not None else ""
        shown = b.user(answer, title=f"{q.no}") if answer else \
            ("<br/><br/>" if b.blank else "")
        yes = no = False
        if q.achieved is not None:
            value = b.value(q.achieved.name)
            rs = b.t.options_for(q.achieved)
            opt = rs.option(value) if rs is not None and value else None
            if opt is not None and rs is not None and not opt.na:
                yes = rs.is_pass(opt)
                no = not yes
        assert q.text is not None
        number = _numbered(q.text.label, b.lang, q.no)[0]
        rows.append([b.p(esc(number), "cell_center"), b.p(_question_text(b, q.text)),
                     b.p(shown), _tick(b, yes, b.L("yes")), _tick(b, no, b.L("no"))])
    return _grid(rows, widths, styles, 4)


def _refs_table(b: Builder, refs: tuple[KukRef, ...]) -> Flowable:
    """"OBSERVASI LANJUT pada": Unit | Pertanyaan | KUK, one question a row."""
    w = b.width
    widths = [w * 0.34, w * 0.48, w * 0.18]
    rows: list[list[Any]] = [[b.p(esc(b.L(k)), "head") for k in
                              ("col_unit", "col_question", "col_kuk_short")]]
    last: str | None = None
    for ref in refs:
        item = b.t.find_item(ref.item)
        question = ref.kuk_text
        if item is not None:
            note = b.t.find_item(ref.item.rsplit("_", 1)[0] + "_soal")
            question = note.label if note is not None else item.label
        rows.append([b.p(f"{esc(ref.unit_code)} {b.tx(ref.unit_title)}"
                         if ref.unit_code != last else ""),
                     b.p(b.tx(question)), b.p(esc(ref.kuk_no))])
        last = ref.unit_code
    if len(rows) == 1:
        score = b.data.score
        blank = b.blank or score is None or score.competency != K
        rows.append([b.p(b.dots(cw - 8) if blank else "–") for cw in widths])
    return L.table(rows, widths, L.grid_style(header_rows=1), repeat=1)


def _signed_recommendation(b: Builder, story: list[Flowable]) -> list[Flowable]:
    """``story`` followed by the recommendation (and what to observe again) and the
    signatures that sign it, which never go to a page without it (as on FR.IA.01)."""
    rec = recommendation_ia01(b, _refs_table)
    if rec:
        return [*story, *rec[:1], SignOff(rec[1:], b.muk_signatures())]
    return b.signed_off(story)


def build_questions(b: Builder) -> list[Flowable]:
    """FR.IA.03 / FR.IA.07."""
    story = _opening(b, b.L("guide"))
    for n, sec in _units(b):
        story += [Spacer(1, 5), questions_unit(b, n, sec)]
    story += _text_boxes(b, _rest(b))
    return _closing(b, _signed_recommendation(b, story), signed=False)


# ------------------------------------------------------------------ FR.IA.05


def _choices(b: Builder, sec: Section) -> list[Item]:
    return [it for it in sec.walk_items() if it.type is ItemType.SELECT_ONE]


def _letter(opt: Option) -> str:
    """The option's letter ("a" of "a. Jawaban ...", else its value)."""
    return opt.value


def _keys(rs: ResponseSet | None) -> list[Option]:
    if rs is None or not rs.scored:
        return []
    return [o for o in rs.options if o.score is not None and not o.na and rs.is_pass(o)]


def _ia05_notes(b: Builder, sec: Section) -> list[str]:
    return [b.tx(it.label) for it in sec.walk_items() if it.type is ItemType.NOTE]


def ia05_questions(b: Builder, n: int, sec: Section) -> Flowable:
    """Sheet A: each question with its options, one per line; nothing marks the key."""
    w = b.width
    widths = [_no_w(b), w - _no_w(b)]
    rows, styles = _unit_banner(b, n, sec, widths)
    rows.append([b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("col_question")), "head")])
    styles += [("BACKGROUND", (0, 2), (-1, 2), L.HEAD_BG)]
    for i, it in enumerate(_choices(b, sec), start=1):
        rs = b.t.options_for(it)
        options = "".join(f"<br/>{b.tx(o.label)}" for o in (rs.options if rs else ()))
        no, text = _numbered(it.label, b.lang, str(i))
        rows.append([b.p(esc(no), "cell_center"), b.p(f"{para(text)}{options}")])
    for note in _ia05_notes(b, sec):
        rows.append([b.p(f"<i>{note}</i>"), ""])
        styles.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    return _grid(rows, widths, styles, 3)


def ia05_key(b: Builder, n: int, sec: Section) -> Flowable:
    """Sheet B: No | Pertanyaan | Kunci jawaban."""
    w = b.width
    widths = [_no_w(b), w * 0.5, 0.0]
    widths[2] = w - sum(widths)
    rows, styles = _unit_banner(b, n, sec, widths)
    rows.append([b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("col_question")), "head"),
                 b.p(esc(b.L("col_key")), "head")])
    styles += [("BACKGROUND", (0, 2), (-1, 2), L.HEAD_BG)]
    for i, it in enumerate(_choices(b, sec), start=1):
        keys = _keys(b.t.options_for(it))
        shown = "<br/>".join(f"<b>{b.tx(o.label)}</b>" for o in keys) or "–"
        no, text = _numbered(it.label, b.lang, str(i))
        rows.append([b.p(esc(no), "cell_center"), b.p(para(text)), b.p(shown)])
    for note in _ia05_notes(b, sec):
        rows.append([b.p(f"<i>{note}</i>"), "", ""])
        styles.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    return _grid(rows, widths, styles, 3)


def ia05_answers(b: Builder, n: int, sec: Section) -> Flowable:
    """Sheet C: No | the option letters with the chosen one ticked | Ya (benar) | Tidak
    (salah). Only letters: no option text, so nothing shows which one is the key."""
    w = b.width
    widths = [_no_w(b), 0.0, 16 * mm, 16 * mm]
    widths[1] = w - sum(widths)
    rows, styles = _unit_banner(b, n, sec, widths)
    rows.append([b.p(esc(b.L("col_no")), "head_center"), b.p(esc(b.L("col_answer")), "head"),
                 b.p(esc(b.L("col_achieved")), "head_small"), ""])
    rows.append(["", "", b.p(esc(b.L("yes_correct")), "head_small"),
                 b.p(esc(b.L("no_wrong")), "head_small")])
    styles += [("SPAN", (0, 2), (0, 3)), ("SPAN", (1, 2), (1, 3)), ("SPAN", (2, 2), (3, 2)),
               ("BACKGROUND", (0, 2), (-1, 3), L.HEAD_BG), ("VALIGN", (0, 2), (-1, 3), "MIDDLE")]
    for i, it in enumerate(_choices(b, sec), start=1):
        rs = b.t.options_for(it)
        value = b.value(it.name)
        opt = rs.option(value) if rs is not None and value else None
        letters = []
        for o in rs.options if rs is not None else ():
            mark = L.BOX_TICKED if opt is not None and o.value == opt.value else L.BOX_EMPTY
            text = esc(_letter(o))
            letters.append(f"<b>{mark}\u00a0{text}</b>" if mark == L.BOX_TICKED
                           else f"{mark}\u00a0{text}")
        right = opt is not None and rs is not None and not opt.na and rs.is_pass(opt)
        rows.append([b.p(esc(_numbered(it.label, b.lang, str(i))[0]), "cell_center"), b.p("\u2003\u2003".join(letters)),
                     _tick(b, opt is not None and right, b.L("yes")),
                     _tick(b, opt is not None and not right, b.L("no"))])
    for note in _ia05_notes(b, sec):
        rows.append([b.p(f"<i>{note}</i>"), "", "", ""])
        styles.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
    return _grid(rows, widths, styles, 4)


def _notice(b: Builder, text: str, *, bold: bool = False) -> Flowable:
    markup = f"<b>{esc(text)}</b>" if bold else esc(text)
    return KeepTogether([L.table([[b.p(markup, "body")]], [b.width],
                                 L.grid_style(("BACKGROUND", (0, 0), (-1, -1), L.SUB_BG),
                                              header_rows=0)), Spacer(1, 4)])


_IA05_PARTS: dict[str, Callable[[Builder, int, Section], Flowable]] = {
    "soal": ia05_questions, "kunci": ia05_key, "jawaban": ia05_answers}


def build_ia05(b: Builder) -> list[Flowable]:
    part = b.data.part or "jawaban"
    b = _sheet_builder(b)
    story = _opening(b)
    if part == "soal":  # the assessee's sheet: their instructions, not the assessor's guide
        story.append(_notice(b, b.L("ia05_soal_guide")))
    elif part == "kunci":
        story.append(_notice(b, b.L("ia05_key_secret"), bold=True))
    table = _IA05_PARTS[part]
    for n, sec in _units(b):
        story += [Spacer(1, 5), table(b, n, sec)]
    if part == "jawaban":
        story += _text_boxes(b, _rest(b))
        story = _signed_recommendation(b, story)
    story += b.appendix_block()
    return story


# ------------------------------------------------------------------ tables of choices
# FR.AK.03 (Komponen | Ya | Tidak | Catatan), CEKLIS.DOKUMEN (Dokumen | Ada | Belum ada),
# FR.AK.06 (Aspek x Validitas, Reliabel, Fleksibel, Adil), FR.MAPA.01 (the plan: units x
# jenis bukti and metode): runs of like items as one table, the rest as label | value.

_ITEM_HEADS = {"FR.AK.03": "col_component", "CEKLIS.DOKUMEN": "col_document",
               "FR.AK.06": "col_aspect"}


def _option_widths(b: Builder, options: tuple[Option, ...]) -> tuple[list[float], bool]:
    """Column widths for ticks under each option's label (its head on one line, as printed:
    bold 8.5 pt, 3 pt padding each side), and whether the labels must run upwards (a label
    wider than 2 cm on one line)."""
    widest = max((_text_w(_short(o, b.lang), b.s.head_small) for o in options), default=0)
    if widest + 6 > 20 * mm:
        return [_upward_w(h) for h in _head_cells(b, options, True)], True
    return [max(11 * mm, widest + 8)] * len(options), False


def _head_cells(b: Builder, options: tuple[Option, ...], upward: bool) -> list[Any]:
    if upward:
        return _upward_heads([o.label.get(b.lang) for o in options])
    return [b.p(esc(_short(o, b.lang)), "head_small") for o in options]


def _upward_styles(first: int, last: int) -> list[tuple[Any, ...]]:
    """Upward heads in columns ``first..last`` of row 0: at the cell's foot, centred, and
    the narrow padding their widths count with (:func:`_upward_w`)."""
    return [("VALIGN", (first, 0), (last, 0), "BOTTOM"),
            ("ALIGN", (first, 0), (last, 0), "CENTER"),
            ("LEFTPADDING", (first, 0), (last, -1), 1.5),
            ("RIGHTPADDING", (first, 0), (last, -1), 1.5)]


def choice_table(b: Builder, items: list[tuple[Item, Item | None]]) -> Flowable:
    """No | item | one tick column per option | comment (when the items have one)."""
    rs = b.t.options_for(items[0][0])
    options = rs.options if rs is not None else ()
    opt_w, upward = _option_widths(b, options)
    comments = any(c is not None for _it, c in items)
    # the document checklist is initialled per document by hand on the printed sheet
    paraf = form_of(b.t) == "CEKLIS.DOKUMEN"
    no_w = _no_w(b)
    paraf_w = 18 * mm if paraf else 0.0
    rest = b.width - no_w - sum(opt_w) - paraf_w
    widths = [no_w, rest * (0.6 if comments else 1.0), *opt_w]
    if comments:
        widths.append(rest * 0.4)
    if paraf:
        widths.append(paraf_w)
    head_key = _ITEM_HEADS.get(form_of(b.t), "col_item")
    rows: list[list[Any]] = [[b.p(esc(b.L("col_no")), "head_center"),
                              b.p(esc(b.L(head_key)), "head"),
                              *_head_cells(b, options, upward),
                              *([b.p(esc(b.L("col_comment")), "head")] if comments else []),
                              *([b.p(esc(b.L("col_paraf")), "head_center")] if paraf else [])]]
    styles: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), L.HEAD_BG),
                                     ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    if upward:
        styles += _upward_styles(2, 1 + len(options))
    for i, (it, comment) in enumerate(items, start=1):
        value = b.value(it.name)
        no, text = _numbered(it.label, b.lang, str(i))
        row = [b.p(esc(no), "cell_center"), b.p(para(text)),
               *[_tick(b, bool(value) and o.value == value, o.label.get(b.lang))
                 for o in options]]
        if comments:
            note = b.value(comment.name) if comment is not None else ""
            row.append(b.p(b.user(note, title=text[:40]) if note else ""))
        if paraf:
            row.append("")
        rows.append(row)
    return _grid(rows, widths, styles, 1)


def option_matrix(b: Builder, items: list[Item]) -> Flowable:
    """Items (rows) x the options of their shared set (columns), ticks where chosen."""
    rs = b.t.options_for(items[0])
    options = rs.options if rs is not None else ()
    opt_w, upward = _option_widths(b, options)
    head_key = _ITEM_HEADS.get(form_of(b.t), "col_item")
    widths = [b.width - sum(opt_w), *opt_w]
    rows: list[list[Any]] = [[b.p(esc(b.L(head_key)), "head"),
                              *_head_cells(b, options, upward)]]
    styles: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), L.HEAD_BG),
                                     ("VALIGN", (0, 0), (-1, 0), "MIDDLE")]
    if upward:
        styles += _upward_styles(1, len(options))
    for it in items:
        chosen = set(b.value(it.name).split())
        rows.append([b.p(b.tx(it.label)),
                     *[_tick(b, o.value in chosen, o.label.get(b.lang)) for o in options]])
    return _grid(rows, widths, styles, 1)


def unit_plan(b: Builder, units: list[Section]) -> Flowable:
    """Units (rows) x the options of each of their multiple-choice items, grouped under the
    item's label (FR.MAPA.01: Jenis bukti L/TL/T, Metode dan perangkat asesmen)."""
    first = units[0]
    groups = [it for it in first.walk_items() if it.type is ItemType.SELECT_MULTIPLE]
    sets = [b.t.options_for(it) for it in groups]
    cols: list[tuple[int, Option]] = [(g, o) for g, rs in enumerate(sets)
                                      for o in (rs.options if rs is not None else ())]
    heads: list[_Upward] = []
    for rs in sets:
        heads += _upward_heads([o.label.get(b.lang) for o in (rs.options if rs else ())])
    opt_w = [_upward_w(h) for h in heads]
    no_w = _no_w(b)
    widths = [no_w, b.width - no_w - sum(opt_w), *opt_w]
    top: list[Any] = [b.p(esc(b.L("col_no")), "head_center"),
                      b.p(esc(b.L("unit_competency")), "head")]
    styles: list[tuple[Any, ...]] = [
        ("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
        ("BACKGROUND", (0, 0), (-1, 1), L.HEAD_BG), ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("VALIGN", (2, 1), (-1, 1), "BOTTOM"), ("ALIGN", (2, 1), (-1, 1), "CENTER"),
        ("LEFTPADDING", (2, 0), (-1, -1), 1.5), ("RIGHTPADDING", (2, 0), (-1, -1), 1.5)]
    c = 2
    for it, rs in zip(groups, sets, strict=True):
        n = len(rs.options) if rs is not None else 0
        if n == 0:
            continue
        top += [b.p(b.tx(it.label), "head_small"), *([""] * (n - 1))]
        styles.append(("SPAN", (c, 0), (c + n - 1, 0)))
        c += n
    rows: list[list[Any]] = [top, ["", "", *heads]]
    for n, sec in enumerate(units, start=1):
        unit = sec.unit
        assert unit is not None
        items = [it for it in sec.walk_items() if it.type is ItemType.SELECT_MULTIPLE]
        chosen = [set(b.value(it.name).split()) for it in items]
        ticks = [_tick(b, g < len(chosen) and o.value in chosen[g], o.label.get(b.lang))
                 for g, o in cols]
        rows.append([b.p(str(n), "cell_center"),
                     b.p(f"<b>{esc(unit.code)}</b><br/>{b.tx(unit.title)}"), *ticks])
    return _grid(rows, widths, styles, 2)


def _runs(b: Builder, items: tuple[Item, ...]) -> list[Flowable]:
    """A section's items: runs of like choices as one table, the rest as label | value."""
    out: list[Flowable] = []
    pending: list[Item] = []
    sec_of = Section("x", Text(""))

    def flush() -> None:
        if pending:
            out.extend(form_table(b, replace(sec_of, items=tuple(pending))))
            pending.clear()

    i = 0
    while i < len(items):
        it = items[i]
        if it.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
            run: list[tuple[Item, Item | None]] = []
            j = i
            while j < len(items) and items[j].type is it.type and \
                    items[j].response_set == it.response_set:
                comment = items[j + 1] if j + 1 < len(items) and \
                    items[j + 1].type is ItemType.TEXT and not items[j + 1].multiline and \
                    it.type is ItemType.SELECT_ONE else None
                run.append((items[j], comment))
                j += 2 if comment is not None else 1
            if len(run) >= 2:
                flush()
                out.append(Spacer(1, 2))
                if it.type is ItemType.SELECT_ONE:
                    out.append(choice_table(b, run))
                else:
                    out.append(option_matrix(b, [r for r, _c in run]))
                i = j
                continue
        pending.append(it)
        i += 1
    flush()
    return out


def _section_story(b: Builder, sec: Section) -> list[Flowable]:
    out: list[Flowable] = []
    units = [s for s in sec.sections if s.unit is not None]
    texts = [it for it in sec.items if it.type is ItemType.TEXT and it.multiline]
    text_only = bool(sec.items) and len(texts) == len(sec.items) and not sec.sections
    if not (text_only and len(texts) == 1):
        out.append(b.heading(b.tx(sec.title)))
    if sec.description:
        out.append(b.p(f"<i>{b.tx(sec.description)}</i>", "small"))
    if b.state is not None and not b.state.section_relevant(sec):
        return [*out, b.p(f"<i>{esc(b.L('section_not_relevant'))}</i>", "small")]
    if units:
        out.append(unit_plan(b, units))
    if text_only:
        out += _text_boxes(b, (replace(sec, sections=()),))
    elif sec.items:
        out += _runs(b, sec.items)
    for sub in sec.sections:
        if sub.unit is None:
            out += _section_story(b, sub)
    return out


def build_tables(b: Builder) -> list[Flowable]:
    story: list[Flowable] = []
    story += b.title_block()
    if b.t.description:
        story += [b.p(b.tx(b.t.description), "body"), Spacer(1, 4)]
    story += _header(b)
    for sec in b.t.sections:
        story += _section_story(b, sec)
    return _closing(b, story)


# ------------------------------------------------------------------ FR.APL.01

_UNIT_LINE = re.compile(r"^\s*(\S+)\s+(.+?)\s+\(([^()]+)\)\s*$")


def _apl01_units(note: Item, lang: str) -> list[tuple[str, str, str]] | None:
    """(code, title, standard) of the units the generator listed in the APL.01 note
    ("Daftar unit kompetensi: CODE Title (SKKNI); ..."); None when it does not read so."""
    text = note.label.get("id")
    _head, sep, body = text.partition(":")
    if not sep:
        return None
    out = []
    for part in body.split(";"):
        m = _UNIT_LINE.match(part)
        if m is None:
            return None
        out.append((m.group(1), m.group(2), m.group(3)))
    return out or None


def apl01_units(b: Builder, note: Item) -> Flowable | None:
    """Bagian 2's unit table as on the paper form: No, Kode Unit, Judul Unit, Jenis
    Standar."""
    units = _apl01_units(note, b.lang)
    if units is None:
        return None
    w = b.width
    widths = [_no_w(b), w * 0.22, 0.0, w * 0.2]
    widths[2] = w - sum(widths)
    head = [b.p(f"<b>{esc(t)}</b>", "head_center") for t in (
        b.L("col_no"), "Kode Unit" if b.lang != "en" else "Unit code",
        "Judul Unit" if b.lang != "en" else "Unit title",
        "Jenis Standar" if b.lang != "en" else "Standard")]
    rows = [[b.p(str(n), "cell_center"), b.p(esc(code)), b.p(esc(title)), b.p(esc(std))]
            for n, (code, title, std) in enumerate(units, start=1)]
    return L.table([head, *rows], widths, L.grid_style(header_rows=1), repeat=1)


def apl01_requirements(b: Builder, sec: Section) -> Flowable | None:
    """Bagian 3 as on the paper form: No, Bukti persyaratan dasar, Ada (Memenuhi syarat /
    Tidak memenuhi syarat), Tidak ada; the chosen box ticked (and named in the text)."""
    notes = [it for it in sec.items if it.type is ItemType.NOTE
             and re.fullmatch(r"syarat_\d+", it.name)]
    if not notes:
        return None
    w = b.width
    tick_w = max(MIN_TICK_W, 25 * mm)
    widths = [_no_w(b), 0.0, tick_w, tick_w, 18 * mm]
    widths[1] = w - sum(widths)
    en = b.lang == "en"
    head1 = [b.p(f"<b>{esc(b.L('col_no'))}</b>", "head_center"),
             b.p("<b>" + ("Basic requirement evidence" if en else "Bukti persyaratan dasar")
                 + "</b>", "head_center"),
             b.p("<b>" + ("Present" if en else "Ada") + "</b>", "head_center"), "",
             b.p("<b>" + ("Not present" if en else "Tidak ada") + "</b>", "head_center")]
    head2 = ["", "", b.p("Meets" if en else "Memenuhi syarat", "head_center"),
             b.p("Does not meet" if en else "Tidak memenuhi syarat", "head_center"), ""]
    rows = []
    for n, note in enumerate(notes, start=1):
        ada = b.value(f"{note.name}_ada") if not b.blank else ""
        ms = b.value(f"{note.name}_memenuhi") if not b.blank else ""
        text = _numbered(note.label, b.lang, str(n))[1]
        rows.append([b.p(str(n), "cell_center"), b.p(para(text)),
                     _tick(b, ada == "ada" and ms == "ms"),
                     _tick(b, ada == "ada" and ms == "tms"),
                     _tick(b, ada == "tidak_ada")])
    style = L.grid_style(("SPAN", (0, 0), (0, 1)), ("SPAN", (1, 0), (1, 1)),
                         ("SPAN", (2, 0), (3, 0)), ("SPAN", (4, 0), (4, 1)),
                         header_rows=2)
    return L.table([head1, head2, *rows], widths, style, repeat=2)


def build_apl01(b: Builder) -> list[Flowable]:
    """FR.APL.01: the generic sections, with Bagian 2's units and Bagian 3's requirements
    as the tables of the paper form."""
    story = _opening(b)
    for sec in b.t.sections:
        if sec.name == "data_sertifikasi":
            note = next((it for it in sec.items if it.name == "daftar_unit"), None)
            table = apl01_units(b, note) if note is not None else None
            if table is not None:
                rest = replace(sec, items=tuple(it for it in sec.items if it is not note))
                story += _section_story(b, rest)
                story += [Spacer(1, 3), b.p("<b>" + esc(
                    "Units of competency" if b.lang == "en" else
                    "Daftar unit kompetensi sesuai kemasan") + "</b>"), table]
                continue
        if sec.name == "bukti_kelengkapan":
            table = apl01_requirements(b, sec)
            if table is not None:
                story += [b.heading(b.tx(sec.title)), table]
                continue
        story += _section_story(b, sec)
    return _closing(b, story)


BUILDERS: dict[str, Callable[[Builder], list[Flowable]]] = {
    "ak02": build_ak02, "apl01": build_apl01, "apl02": build_apl02, "mapa02": build_mapa02,
    "questions": build_questions, "ia05": build_ia05, "tables": build_tables,
}
