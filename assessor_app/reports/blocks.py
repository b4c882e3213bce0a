"""Building blocks shared by every report kind: the builder (labels, escaping, long-text
appendix), title and banners, header tables, item responses, signatures, photo grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from assessor_app.core.template import Item, ItemType, ResponseSet, TemplateKind, Text
from assessor_app.reports import fonts
from assessor_app.reports import layout as L
from assessor_app.reports.fonts import BOLD
from assessor_app.reports.labels import label
from assessor_app.reports.model import PhotoInfo, ReportData, SignatureInfo
from assessor_app.reports.text import (
    esc,
    format_date,
    format_moment,
    format_number,
    format_time,
    para,
    parse_date,
    place_date,
    truncate,
)

# A table row never splits across pages, so a cell's text must fit on one page: longer
# texts are cut here and printed in full in the appendix (where paragraphs may split).
CELL_LIMIT = 700
WIDE_LIMIT = 1600
NARROW_FACTOR = 0.4


class Builder:
    def __init__(self, data: ReportData, width: float, cell_limit: int = CELL_LIMIT) -> None:
        self.data = data
        self.t = data.template
        self.lang = data.lang
        self.state = data.state
        self.muk = data.template.kind is TemplateKind.COMPETENCY
        self.sizes = L.MUK_SIZES if self.muk else L.STANDARD_SIZES
        self.s = L.make_styles(self.sizes)
        self.width = width
        self.cell_limit = cell_limit
        self.wide_limit = max(cell_limit, int(cell_limit * WIDE_LIMIT / CELL_LIMIT))
        self.appendix: list[tuple[str, str, str]] = []  # (ref, title, full text)
        self.photo_refs: dict[tuple[str, str], list[PhotoInfo]] = {}
        for p in data.photos:
            self.photo_refs.setdefault((p.item, p.row), []).append(p)

    # ----------------------------------------------------------- words

    def L(self, key: str, **params: Any) -> str:  # noqa: N802 - short on purpose
        return label(key, self.lang, **params)

    def tx(self, text: Text | str | None) -> str:
        """Template text in the report language, escaped."""
        if text is None:
            return ""
        if isinstance(text, Text):
            return para(text.get(self.lang))
        return para(text)

    def user(self, text: str | None, *, title: str = "", wide: bool = False,
             narrow: bool = False) -> str:
        """User text for a table cell, escaped; very long text goes to the appendix.

        ``narrow`` for columns under ~35 mm, ``wide`` for full-width boxes."""
        if not text:
            return ""
        limit = self.wide_limit if wide else self.cell_limit
        if narrow:
            limit = max(60, int(self.cell_limit * NARROW_FACTOR))
        short, cut = truncate(text, limit)
        if not cut:
            return para(text)
        ref = f"A.{len(self.appendix) + 1}"
        self.appendix.append((ref, title, text))
        return para(short) + f" <i>({esc(self.L('see_appendix', ref=ref))})</i>"

    def p(self, markup: str, style: str = "cell") -> Paragraph:
        return fonts.ScriptParagraph(markup, getattr(self.s, style))

    def tick(self, on: bool, spoken: str = "") -> Paragraph:
        """A tick cell; when ticked it also says ``spoken`` (the column's option: "Ya",
        "K", an option label) as invisible text, so the choice survives text extraction."""
        if on and spoken:
            return L.SpokenParagraph(L.TICK, self.s.tick, spoken)
        return self.p(L.TICK if on else "", "tick")

    # ----------------------------------------------------------- values

    @property
    def blank(self) -> bool:
        return self.state is None

    def value(self, name: str, row: str = "") -> str:
        if self.state is None or self.t.find_item(name) is None:
            return ""
        return self.state.value(name, row)

    def relevant(self, name: str, row: str = "") -> bool:
        if self.state is None:
            return True
        return self.state.item_relevant(name, row)

    def note(self, name: str, row: str = "") -> str:
        """The note on ``name`` (in table row ``row``) while the item is relevant there: the
        note of a hidden item is in no content hash and no signature (FormState.coverage),
        and does not travel to the office, so it is not printed either."""
        if self.state is None or not self.state.item_relevant(name, row):
            return ""
        return self.state.answers.notes.get((name, row), "")

    def visit_place(self) -> str | None:
        """The visit's city, for "Kota, tanggal" when the signature names no place."""
        visit = self.data.visit
        if visit is None or self.blank or not visit.place or not visit.place.strip():
            return None
        return visit.place

    def tz(self) -> str:
        return self.data.visit.timezone if self.data.visit else "WIB"

    def format_value(self, item: Item, value: str) -> str:
        """A stored value as printed (escaped markup)."""
        if value == "":
            return ""
        if item.type is ItemType.DATE:
            return esc(format_date(parse_date(value), self.lang) or value)
        if item.type is ItemType.TIME:
            return esc(format_time(value, self.tz(), self.lang))
        if item.type is ItemType.DATETIME:
            day = parse_date(value)
            return esc(f"{format_date(day, self.lang)}, "
                       f"{format_time(value[11:16], self.tz(), self.lang)}")
        if item.type in (ItemType.INTEGER, ItemType.DECIMAL, ItemType.CALCULATE):
            return esc(format_number(value, self.lang))
        if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
            rs = self.t.options_for(item)
            chosen = value.split() if item.type is ItemType.SELECT_MULTIPLE else [value]
            names = []
            for v in chosen:
                opt = rs.option(v) if rs else None
                names.append(opt.label.get(self.lang) if opt else v)
            return esc(", ".join(names))
        if item.type is ItemType.SIGNATURE:
            return esc(self.L("signatures"))
        return self.user(value, title=item.label.get(self.lang))

    def struck_options(self, rs: ResponseSet | None, chosen: Iterable[str], *,
                       star: bool = True, tick: bool = True,
                       offered: Collection[str] | None = None) -> str:
        """``✓ Sewaktu/<strike>Tempat Kerja</strike>/<strike>Mandiri</strike>``: options that
        do not apply are struck through, the chosen one is bold with a tick (so the choice
        is in the text too, not only in the strike-through); all plain on a blank or
        unanswered form. ``tick`` False: no tick (a fact of the scheme, not an answer)."""
        if rs is None:
            return ""
        mark = f"{L.TICK}\u00a0" if tick else ""
        parts = [text if on is None else f"<b>{mark}{text}</b>" if on
                 else f"<strike>{text}</strike>"
                 for text, on in self._options(rs, chosen, offered)]
        return "/".join(parts) + ("*" if star else "")

    def checkbox_lines(self, rs: ResponseSet | None, chosen: Iterable[str],
                       offered: Collection[str] | None = None) -> str:
        """One option per line, ☑ for the chosen ones; with ``offered`` (an item's
        ``choice_filter``) only the options it offers and those chosen."""
        return "<br/>".join(f"<b>{L.BOX_TICKED}\u00a0{text}</b>" if on
                            else f"{L.BOX_EMPTY}\u00a0{text}"
                            for text, on in self._options(rs, chosen, offered))

    def offered(self, item: Item) -> tuple[str, ...] | None:
        """The options ``item``'s ``choice_filter`` offers in this record (None: all)."""
        if not item.choice_filter or self.state is None:
            return None
        return self.state.offered(item)

    def _options(self, rs: ResponseSet | None, chosen: Iterable[str],
                 offered: Collection[str] | None = None
                 ) -> Iterator[tuple[str, bool | None]]:
        """Each option's label (escaped) and whether it was chosen (None: nothing was)."""
        if rs is None:
            return
        picked = set(chosen)
        for opt in rs.options:
            if offered is not None and opt.value not in offered and opt.value not in picked:
                continue
            yield esc(opt.label.get(self.lang)), (opt.value in picked) if picked else None

    def evidence_refs(self, item: str, row: str = "") -> str:
        photos = self.photo_refs.get((item, row), [])
        return ", ".join(p.ref for p in photos)

    # ----------------------------------------------------------- common blocks

    def title_block(self, subtitle: str | None = None) -> list[Flowable]:
        form = self.t.form or self.t.code
        title = esc(self.t.title.get(self.lang)).upper()
        out: list[Flowable] = [self.p(f"{esc(form)}. {title}", "title")]
        if subtitle:
            out.append(self.p(subtitle, "subtitle"))
        else:
            out.append(Spacer(1, 4))
        out.extend(self.banners())
        return out

    def banners(self) -> list[Flowable]:
        out: list[Flowable] = []
        rec = self.data.record
        if self.data.draft:
            out.append(self._boxed(self.L("draft_banner")))
        if self.blank:
            out.append(self._boxed(self.L("blank_banner"), color=False))
        if rec is not None and rec.revision > 1 and rec.supersedes:
            note = esc(self.L("revision_note", rev=rec.revision, old=rec.supersedes,
                              reason=rec.revision_reason or "–"))
            out.append(Table([[self.p(note, "small")]], colWidths=[self.width],
                             style=L.plain_style(("BOX", (0, 0), (-1, -1), 0.5, L.MUTED),
                                                 ("BACKGROUND", (0, 0), (-1, -1), L.SUB_BG))))
            out.append(Spacer(1, 4))
        return out

    def _boxed(self, text: str, color: bool = True) -> Flowable:
        style = self.s.banner if color else self.s.small
        t = Table([[fonts.ScriptParagraph(esc(text), style)]], colWidths=[self.width])
        t.setStyle(L.plain_style(("BOX", (0, 0), (-1, -1), 0.8, L.DRAFT_RED if color
                                  else L.MUTED), ("LEFTPADDING", (0, 0), (-1, -1), 5),
                                 ("TOPPADDING", (0, 0), (-1, -1), 3),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 4)))
        return KeepTogether([t, Spacer(1, 5)])

    def dots(self, width: float) -> str:
        """A dotted line to write on, as wide as ``width`` in the cell style."""
        style = self.s.cell
        return "." * max(3, int(width / stringWidth(".", style.fontName, style.fontSize)))

    def heading(self, text: str, level: int = 1) -> Paragraph:
        return self.p(text, "h1" if level == 1 else "h2")

    def text_box(self, title: str, text: str, *, lines: int = 3) -> Flowable:
        """A labelled box of free text (feedback, remarks); dotted lines when blank."""
        body: str
        if text:
            body = self.user(text, title=title, wide=True)
        else:
            body = "<br/>".join([self.dots(self.width - 8)] * lines) if self.blank else "–"
        t = Table([[self.p(f"<b>{esc(title)}</b>")], [self.p(body)]], colWidths=[self.width])
        t.setStyle(L.grid_style(header_rows=1))
        return t

    def appendix_block(self) -> list[Flowable]:
        if not self.appendix:
            return []
        out: list[Flowable] = [self.heading(esc(self.L("appendix")))]
        for ref, title, text in self.appendix:
            out.append(self.p(f"<b>{esc(ref)}</b> {esc(title)}", "h2"))
            # split into paragraphs so a 10,000-character note can run over pages
            for chunk in text.split("\n"):
                out.append(self.p(para(chunk) or "&nbsp;", "body"))
        return out

    # ----------------------------------------------------------- photos

    def photo_grid(self, title: str | None = None, columns: int = 3) -> list[Flowable]:
        photos = list(self.data.photos)
        if not photos:
            return []
        cw = self.width / columns
        max_h = 48 * mm
        cells: list[Flowable] = []
        for ph in photos:
            parts: list[Flowable] = []
            img, low = L.photo_flowable(ph.data, cw - 8, max_h) if ph.data else (None, None)
            if img is not None:
                parts.append(img)
                if low is not None:
                    parts.append(self.p(f"<i>{esc(self.L('photo_low_res', w=low[0], h=low[1]))}"
                                        "</i>", "cell_small"))
            else:
                why = self.L("photo_not_image", mime=ph.mime) if ph.data is None \
                    else self.L("photo_damaged")
                parts.append(self.p(f"<i>{esc(why)}</i>", "cell_small"))
            item = self.t.find_item(ph.item)
            where = ""
            if item is not None:
                code = f"{item.code} " if item.code else (
                    f"{self.L('col_kuk_short')} {item.kuk} " if item.kuk else "")
                where = esc(code + item.label.get(self.lang))
            caption = f"<b>{esc(ph.ref)}</b> · {where}"
            if ph.caption:
                short, _ = truncate(ph.caption, 240)
                caption += f"<br/>{para(short)}"
            if ph.taken:
                caption += f"<br/><font color='#555555'>{esc(ph.taken)}</font>"
            parts.append(Spacer(1, 2))
            parts.append(self.p(caption, "cell_small"))
            cells.append(CellStack(parts, cw - 8, center=True))
        rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
        rows[-1] += [Spacer(1, 1)] * (columns - len(rows[-1]))
        widths = [cw] * columns
        t = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=0)
        t.setStyle(L.plain_style(("LEFTPADDING", (0, 0), (-1, -1), 4),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)))
        return [self.heading(esc(title or self.L("photos"))), t]

    # ----------------------------------------------------------- signatures

    def signer_name(self, sig: SignatureInfo | None) -> str:
        """The name printed for a signature: a minor's guardian signing as the asesi is
        marked as such (never printed as if the asesi signed)."""
        if sig is None:
            return ""
        return f"{sig.name} {self.L('guardian_mark')}" if sig.guardian else sig.name

    def signature_for(self, role: str) -> SignatureInfo | None:
        for s in self.data.signatures:
            if s.role == role:
                return s
        return None

    def _sig_image(self, sig: SignatureInfo | None, w: float, h: float) -> Flowable:
        if sig is not None and sig.image:
            img = L.signature_flowable(sig.image, w, h)
            if img is not None:
                return img
        return Spacer(w, h)

    def letter_signatures(self) -> list[Flowable]:
        """Letter-style blocks: "Kota, tanggal", role, drawn signature, name, No. Reg."""
        signers = list(self.t.signers)
        if not signers:
            return []
        cols = 2
        cw = self.width / cols
        blocks: list[Flowable] = []
        for signer in signers:
            sig = self.signature_for(signer.role)
            signed = sig is not None and sig.signed
            lines: list[Flowable] = []
            day = sig.signed_at.date() if signed and sig and sig.signed_at else None
            place = (sig.place if signed and sig else None) or self.visit_place()
            lines.append(self.p(esc(place_date(place, day, self.lang)), "cell"))
            lines.append(self.p(f"<b>{esc(signer.label.get(self.lang))}</b>", "cell"))
            lines.append(self._sig_image(sig if signed else None, cw - 12 * mm, 17 * mm))
            name = self.signer_name(sig)
            lines.append(self.p(f"<u><b>{esc(name) or '.' * 40}</b></u>", "cell"))
            if sig and sig.title:
                lines.append(self.p(esc(sig.title), "cell"))
            if signer.registration:
                reg = sig.registration_no if sig and sig.registration_no else ""
                lines.append(self.p(f"{esc(self.L('reg_no'))} {esc(reg) or '.' * 30}", "cell"))
            if signed and sig and sig.signed_at:
                when = format_moment(sig.signed_at, sig.timezone, self.lang)
                lines.append(self.p(esc(self.L("signed_at", when=when)), "cell_small"))
            elif not self.blank:
                lines.append(self.p(f"<i>({esc(self.L('not_signed'))})</i>", "cell_small"))
            if signed and sig and not sig.valid:
                lines.append(self.p(f"<b>{esc(self.L('signature_invalid'))}</b>", "cell_small"))
            blocks.append(CellStack(lines, cw - 4 * mm))
        rows = [blocks[i:i + cols] for i in range(0, len(blocks), cols)]
        rows[-1] += [Spacer(1, 1)] * (cols - len(rows[-1]))
        t = Table(rows, colWidths=[cw] * cols, hAlign="LEFT", splitInRow=0)
        t.setStyle(L.plain_style(("BOTTOMPADDING", (0, 0), (-1, -1), 8)))
        return [Spacer(1, 6), KeepTogether([t])]

    def muk_signatures(self) -> list[Flowable]:
        """MUK-style signature table: role | Nama | (No. Reg.) | Tanda tangan/Tanggal."""
        signers = list(self.t.signers)
        if not signers:
            return []
        # the role column as wide as its longest word (never "Penanggu/ng"), 24-40 mm;
        # "Tanda tangan/Tanggal" on one line at 10 pt
        size = float(self.s.cell.fontSize)
        longest = max((stringWidth(word, BOLD, size) for s in signers
                       for word in s.label.get(self.lang).split()), default=0.0)
        w0, w1 = min(max(24 * mm, longest + 8), 40 * mm), 42 * mm
        w2 = self.width - w0 - w1
        rows: list[list[Any]] = []
        spans: list[tuple[Any, ...]] = []
        for signer in signers:
            sig = self.signature_for(signer.role)
            signed = sig is not None and sig.signed
            first = len(rows)
            rows.append([self.p(f"<b>{esc(signer.label.get(self.lang))}</b>"),
                         self.p(esc(self.L("name"))),
                         self.p(f"<b>{esc(self.signer_name(sig))}</b>")])
            if signer.registration:
                rows.append(["", self.p(esc(self.L("reg_no"))),
                             self.p(esc(sig.registration_no or "") if sig else "")])
            cell: list[Flowable] = [self._sig_image(sig if signed else None, 55 * mm, 16 * mm)]
            if signed and sig is not None:
                day = sig.signed_at.date() if sig.signed_at else None
                when = format_moment(sig.signed_at, sig.timezone, self.lang) \
                    if sig.signed_at else ""
                place = sig.place or self.visit_place()
                text = esc(place_date(place, day, self.lang) if place
                           else format_date(day, self.lang))
                cell.append(self.p(text + (f" · {esc(when.split(', ', 1)[-1])}" if when else ""),
                                   "cell_small"))
                if not sig.valid:
                    cell.append(self.p(f"<b>{esc(self.L('signature_invalid'))}</b>",
                                       "cell_small"))
            elif not self.blank:
                place = self.visit_place()
                if place:  # "Semarang, ......": the date is written by hand when signing
                    cell.append(self.p(esc(place_date(place, None, self.lang)), "cell_small"))
                cell.append(self.p(f"<i>({esc(self.L('not_signed'))})</i>", "cell_small"))
            rows.append(["", self.p(esc(self.L("sign_date"))), CellStack(cell, w2 - 6)])
            spans.append(("SPAN", (0, first), (0, len(rows) - 1)))
        t = L.table(rows, [w0, w1, w2], L.grid_style(*spans, header_rows=0))
        return [Spacer(1, 8), KeepTogether([t])]

    def signed_off(self, content: list[Flowable],
                   signatures: list[Flowable] | None = None) -> list[Flowable]:
        """``content`` followed by the signature blocks (the MUK table by default), with
        the end of the content kept on the signatures' page: from its last heading (the
        last section), or else its last table or box, onwards."""
        sigs = self.muk_signatures() if signatures is None else signatures
        if not sigs:
            return content
        cut = next((i for i in range(len(content) - 1, -1, -1)
                    if isinstance(content[i], Paragraph)
                    and content[i].style.name in ("h1", "h2")), None)
        if cut is None:
            cut = next((i for i in range(len(content) - 1, -1, -1)
                        if isinstance(content[i], (Table, KeepTogether))), len(content))
        return [*content[:cut], SignOff(content[cut:], sigs)]


class SignOff(Flowable):  # type: ignore[misc]
    """Content and the signature blocks that sign it, laid out so the signatures never
    start a page alone: when the whole does not fit in the space left, as much of the
    content as fits goes here, but its end (at least a table's last rows, or the last
    unsplittable block) moves with the signatures to the next page.

    Like reportlab's ``KeepTogether`` it reports an impossible height, so the frame always
    asks :meth:`split`, which hands back the flowables to lay out."""

    def __init__(self, content: list[Flowable], signatures: list[Flowable]) -> None:
        super().__init__()
        self.content = list(content)
        self.signatures = list(signatures)

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        return avail_w, 0xFFFFFF

    def draw(self) -> None:  # pragma: no cover - never drawn itself (always split)
        raise AssertionError("SignOff is always split")

    def split(self, avail_w: float, avail_h: float) -> list[Flowable]:
        parts = [*self.content, *self.signatures]
        if sum(_height(f, avail_w) for f in parts) <= avail_h:
            return _unwrapped(parts)  # the frame must be able to add the first one as is
        placed: list[Flowable] = []
        used = 0.0
        rest = list(self.content)
        whole = True  # rest[0] is whole (not the second half of something split here)
        while rest:
            f = rest[0]
            h = _height(f, avail_w)
            last = len(rest) == 1
            if used + h <= avail_h and not last:
                placed.append(f)
                used += h
                rest.pop(0)
                continue
            room = avail_h - used
            if last and h <= room:
                room = h - 1  # it would fit, but some of it must go with the signatures
            pieces = _split(f, avail_w, room)
            if len(pieces) >= 2:
                placed.append(pieces[0])
                rest[0:1] = pieces[1:]
                whole = False
            elif isinstance(f, Spacer) and not last:
                rest.pop(0)  # space at a page break is not needed
                continue
            break
        # a heading (or a box marked keepWithNext) goes where what it introduces goes
        while placed and whole and (isinstance(placed[-1], Spacer) or
                                    placed[-1].getKeepWithNext()):
            rest.insert(0, placed.pop())
        if not placed:
            return []  # nothing of it fits here: all of it on the next page
        return [*_unwrapped(placed), SignOff(rest, self.signatures)]


def _unwrapped(flowables: list[Flowable]) -> list[Flowable]:
    """KeepTogether groups replaced by their content (they are known to fit)."""
    out: list[Flowable] = []
    for f in flowables:
        if isinstance(f, KeepTogether):
            out.extend(_unwrapped(list(f._content)))
        else:
            out.append(f)
    return out


def _height(f: Flowable, avail_w: float) -> float:
    """Height ``f`` takes in a frame, spaces before and after included (KeepTogether's own
    ``wrap`` reports an impossible height: measure its content)."""
    if isinstance(f, KeepTogether):
        return sum(_height(c, avail_w) for c in f._content)
    _, h = f.wrap(avail_w, 0xFFFFFF)
    return float(h) + float(f.getSpaceBefore()) + float(f.getSpaceAfter())


def _split(f: Flowable, avail_w: float, avail_h: float) -> list[Flowable]:
    """``f`` split to fit ``avail_h`` (tables between rows, paragraphs between lines), or
    [] when it cannot be (a box kept together, a spacer, or too little room)."""
    if isinstance(f, (KeepTogether, Spacer)) or avail_h <= 0:
        return []
    f.wrap(avail_w, avail_h)
    pieces: list[Flowable] = f.split(avail_w, avail_h - f.getSpaceBefore())
    return pieces


class CellStack(Flowable):  # type: ignore[misc]
    """Several flowables drawn one under the other inside a table cell."""

    def __init__(self, parts: list[Flowable], width: float, center: bool = False) -> None:
        super().__init__()
        self.parts = parts
        self.width = width
        self.center = center
        self._sizes: list[tuple[float, float]] = []

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        w = min(self.width, avail_w)
        self._sizes = [p.wrap(w, avail_h) for p in self.parts]
        self.width_used = w
        self.height = sum(h for _, h in self._sizes)
        return w, self.height

    def draw(self) -> None:
        y = self.height
        for part, (w, h) in zip(self.parts, self._sizes, strict=True):
            y -= h
            x = (self.width_used - w) / 2 if self.center else 0
            part.drawOn(self.canv, x, y)


def fmt_dt_range(start: dt.date | None, end: dt.date | None, lang: str) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return format_date(start, lang)
    return f"{format_date(start, lang)} – {format_date(end, lang)}"
