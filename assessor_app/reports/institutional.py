"""Institutional reports (JKP readiness, KMPI visit) and the generic section tables that
any template without a dedicated layout uses."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from assessor_app.core.scoring import MET, NOT_MET, SectionScore, tally
from assessor_app.core.template import ORIGIN_APP, GradeBand, Item, ItemType, Section, VerdictMode
from assessor_app.reports import layout as L
from assessor_app.reports.blocks import Builder, fmt_dt_range
from assessor_app.reports.text import esc, format_date, format_percent, format_time_range

_SELECTS = (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE)


# ------------------------------------------------------------------ header


def institution_header(b: Builder) -> list[Flowable]:
    w0 = 52 * mm
    w1 = b.width - w0
    rows: list[list[Any]] = []
    starred = False
    names = {it.name for it in b.t.header}
    inst = b.data.institution
    visit = b.data.visit
    if inst is not None and not ({"nama_lpk", "nama_lembaga"} & names):
        rows.append([b.p(esc(b.L("institution"))), b.p(f"<b>{esc(inst.name)}</b>")])
    for item in b.t.header:
        if item.type in (ItemType.NOTE, ItemType.REPEAT):
            continue
        value = b.value(item.name)
        if item.type is ItemType.SELECT_ONE:
            shown = b.struck_options(b.t.options_for(item), [value] if value else [],
                                     star=b.blank)
            starred = starred or b.blank
        elif item.name == "nomor_surat_tugas" and value and visit is not None and \
                visit.letter_date is not None:
            shown = esc(b.L("letter_dated", no=value,
                            date=format_date(visit.letter_date, b.lang)))
        else:
            shown = b.format_value(item, value)
        if not shown and b.blank:
            shown = "." * 60
        rows.append([b.p(b.tx(item.label)), b.p(shown)])
    if visit is not None and not b.blank:
        if visit.letter_no and "nomor_surat_tugas" not in names:
            text = visit.letter_no
            if visit.letter_date:
                text = b.L("letter_dated", no=visit.letter_no,
                           date=format_date(visit.letter_date, b.lang))
            rows.append([b.p(esc(b.L("letter"))), b.p(esc(text))])
        header_dates = {b.value(it.name) for it in b.t.header if it.type is ItemType.DATE}
        if visit.start_date and (visit.start_date.isoformat() not in header_dates or
                                 (visit.end_date and visit.end_date != visit.start_date)):
            rows.append([b.p(esc(b.L("visit_dates"))),
                         b.p(esc(fmt_dt_range(visit.start_date, visit.end_date, b.lang)))])
        if visit.start_time or visit.end_time:
            rows.append([b.p(esc(b.L("visit_time"))),
                         b.p(esc(format_time_range(visit.start_time, visit.end_time,
                                                   visit.timezone, b.lang)))])
        if visit.team:
            lines = []
            for m in visit.team:
                role = b.L(f"role_{m.role}") if f"role_{m.role}" in _ROLE_KEYS else m.role
                reg = f" · {b.L('reg_no')} {m.registration_no}" if m.registration_no else ""
                lines.append(f"{esc(m.name)} ({esc(role)}){esc(reg)}")
            rows.append([b.p(esc(b.L("team"))), b.p("<br/>".join(lines))])
    if not rows:
        return []
    t = L.table(rows, [w0, w1], L.grid_style(("BACKGROUND", (0, 0), (0, -1), L.SUB_BG),
                                             header_rows=0))
    if starred:
        return [t, b.p(esc(b.L("strike_note")), "cell_small"), Spacer(1, 4)]
    return [t, Spacer(1, 4)]


_ROLE_KEYS = {"role_KETUA", "role_ANGGOTA", "role_ASESOR", "role_LEAD"}


# ------------------------------------------------------------------ section tables


class SectionTables:
    """Renders sections as tables: No | Butir | Jawaban | Bukti | Catatan."""

    def __init__(self, b: Builder) -> None:
        self.b = b
        w = b.width
        self.widths = [11 * mm, w * 0.40, w * 0.25, 13 * mm]
        self.widths.append(w - sum(self.widths))
        self.counter = 0

    def header_row(self) -> list[Any]:
        b = self.b
        return [b.p(esc(b.L(k)), "head") for k in
                ("col_no", "col_item", "col_response", "col_evidence", "col_notes")]

    def render(self, sections: tuple[Section, ...], level: int = 1) -> list[Flowable]:
        out: list[Flowable] = []
        for sec in sections:
            out.extend(self.section(sec, level))
        return out

    def section(self, sec: Section, level: int) -> list[Flowable]:
        b = self.b
        code = f"{esc(sec.code)}. " if sec.code else ""
        out: list[Flowable] = [b.heading(code + b.tx(sec.title), level)]
        basis = []
        if sec.origin == ORIGIN_APP:
            basis.append(f"<b>[{esc(b.L('app_criterion'))}]</b>")
        if sec.regulation:
            basis.append(f"{esc(b.L('regulation'))}: {esc(sec.regulation)}")
        if basis:
            out.append(b.p(f"<font color='#555555'>{' · '.join(basis)}</font>", "small"))
        if sec.description:
            out.append(b.p(f"<i>{b.tx(sec.description)}</i>", "small"))
            out.append(Spacer(1, 2))
        if b.state is not None and not b.state.section_relevant(sec):
            out.append(b.p(f"<i>{esc(b.L('section_not_relevant'))}</i>", "small"))
            return out
        rows: list[list[Any]] = []
        styles: list[tuple[Any, ...]] = []

        def flush() -> None:
            if rows:
                out.append(L.table([self.header_row(), *rows], self.widths,
                                   L.grid_style(*styles), repeat=1))
                rows.clear()
                styles.clear()

        for item in sec.items:
            if item.type is ItemType.REPEAT:
                flush()
                out.extend(repeat_table(b, item))
                continue
            self.item_rows(item, rows, styles)
        flush()
        if sec.sections:
            out.extend(self.render(sec.sections, min(level + 1, 2)))
        return out

    def item_rows(self, item: Item, rows: list[list[Any]], styles: list[tuple[Any, ...]]) -> None:
        b = self.b
        r = len(rows) + 1  # the header row is row 0
        if item.type is ItemType.SIGNATURE:
            return
        if item.type is ItemType.NOTE:
            rows.append([b.p(f"<i>{b.tx(item.label)}</i>"), "", "", "", ""])
            styles.append(("SPAN", (0, r), (-1, r)))
            return
        label = self.label_cell(item)
        code = esc(item.code) if item.code else ""
        if not b.relevant(item.name):
            rows.append([b.p(code), b.p(label), b.p(f"<i>{esc(b.L('not_relevant'))}</i>",
                                                    "cell_small"), "", ""])
            styles.append(("TEXTCOLOR", (0, r), (-1, r), L.MUTED))
            return
        value = b.value(item.name)
        if item.type is ItemType.TEXT and item.multiline:
            body = b.user(value, title=item.label.get(b.lang), wide=True) if value else \
                ("<br/>".join(["." * 120] * 3) if b.blank else "–")
            rows.append([b.p(code), b.p(f"{label}<br/>{body}"), "", "", ""])
            styles.append(("SPAN", (1, r), (-1, r)))
            return
        refs = b.evidence_refs(item.name)
        if item.type in _SELECTS:
            chosen = value.split() if item.type is ItemType.SELECT_MULTIPLE else \
                ([value] if value else [])
            if item.choice_filter and b.blank:  # the list depends on an earlier answer
                response = "." * 50
            else:
                response = b.checkbox_lines(b.t.options_for(item), chosen, b.offered(item))
            if not value and not b.blank:
                response += f"<br/><i>({esc(b.L('no_answer'))})</i>"
        elif item.type is ItemType.EVIDENCE:
            photos = b.photo_refs.get((item.name, ""), [])
            imgs = sum(1 for p in photos if p.data is not None)
            response = esc(b.L("photos_count", n=imgs)) if imgs else ""
            if len(photos) > imgs:
                response += ("<br/>" if response else "") + esc(
                    b.L("files_count", n=len(photos) - imgs))
            if not photos and not b.blank:
                response = f"<i>({esc(b.L('no_answer'))})</i>"
        else:
            response = b.format_value(item, value)
            if not value and b.blank:
                response = "." * 30
        note = b.user(b.note(item.name), title=item.label.get(b.lang), narrow=True)
        rows.append([b.p(code), b.p(label), b.p(response), b.p(esc(refs)), b.p(note)])
        score = b.data.score
        if score is not None:
            s = score.items.get((item.name, ""))
            if item.name in score.critical_failures:
                styles.append(("BACKGROUND", (2, r), (2, r), L.CRIT_BG))
            elif s is not None and not s.passed:
                styles.append(("BACKGROUND", (2, r), (2, r), L.FAIL_BG))

    def label_cell(self, item: Item) -> str:
        b = self.b
        text = b.tx(item.label)
        if item.critical:
            text += f" <font size=6.5><b>[{esc(b.L('critical'))}]</b></font>"
        if item.origin == ORIGIN_APP:
            text += f" <font size=6.5><b>[{esc(b.L('app_criterion'))}]</b></font>"
        if item.hint:
            text += f"<br/><font size=7 color='#555555'>{b.tx(item.hint)}</font>"
        if item.evidence_hint:
            text += (f"<br/><font size=7 color='#555555'>{esc(b.L('evidence_hint'))}: "
                     f"{b.tx(item.evidence_hint)}</font>")
        if item.regulation:
            text += (f"<br/><font size=6.5 color='#555555'>{esc(b.L('regulation'))}: "
                     f"{esc(item.regulation)}</font>")
        return text


def repeat_table(b: Builder, rep: Item) -> list[Flowable]:
    """A repeat group as its own table (header repeated on every page)."""
    children = [c for c in rep.items if c.type not in (ItemType.NOTE, ItemType.SIGNATURE)]
    if not children:
        return []
    no_w = 9 * mm
    cw = (b.width - no_w) / len(children)
    title = [b.p(f"<b>{b.tx(rep.label)}</b>"), *[""] * len(children)]
    head = [b.p(esc(b.L("col_no")), "head"), *[b.p(b.tx(c.label), "head") for c in children]]
    rows: list[list[Any]] = []
    if b.state is None or not b.relevant(rep.name):
        count = max(rep.min_rows, 3) if b.state is None else 0
        for i in range(count):
            cells: list[Any] = [[b.p(str(i + 1)), Spacer(1, 7 * mm)]]  # room to write
            for c in children:
                if c.type is ItemType.SELECT_ONE and not c.choice_filter:
                    cells.append(b.p(b.struck_options(b.t.options_for(c), [], star=False),
                                     "cell_small"))
                else:
                    cells.append("")
            rows.append(cells)
    else:
        for i, row_id in enumerate(b.state.answers.rows.get(rep.name, [])):
            cells = [b.p(str(i + 1))]
            for c in children:
                v = b.value(c.name, row_id) if b.relevant(c.name, row_id) else ""
                text = b.format_value(c, v)
                note = b.note(c.name, row_id)
                if note:
                    text += f"<br/><font size={b.sizes.note}>{b.user(note, narrow=True)}</font>"
                cells.append(b.p(text))
            rows.append(cells)
    if not rows:
        rows.append([b.p("–"), *[""] * len(children)])
    style = L.grid_style(("SPAN", (0, 0), (-1, 0)), ("BACKGROUND", (0, 0), (-1, 0), L.SUB_BG),
                         header_rows=2)
    t = L.table([title, head, *rows], [no_w] + [cw] * len(children), style, repeat=2)
    return [Spacer(1, 3), t, Spacer(1, 3)]


# ------------------------------------------------------------------ findings, score, recommendation


def findings(b: Builder) -> list[Flowable]:
    score = b.data.score
    if score is None:
        return []
    out: list[Flowable] = [b.heading(esc(b.L("findings")))]
    critical = list(score.critical_failures)
    failed = [name for (name, row), s in score.items.items()
              if not s.passed and row == "" and name not in critical]
    order = {it.name: i for i, it in enumerate(b.t.walk_items())}
    failed.sort(key=lambda n: order.get(n, 0))
    if not critical and not failed:
        out.append(b.p(esc(b.L("findings_none")), "body"))
        return out
    w = b.width
    widths = [11 * mm, w * 0.47, w * 0.2]
    widths.append(w - sum(widths))
    rows: list[list[Any]] = [[b.p(esc(b.L(k)), "head") for k in
                              ("col_no", "col_item", "col_response", "col_notes")]]
    styles: list[tuple[Any, ...]] = []
    for name in critical + failed:
        item = b.t.item(name)
        tag = b.L("finding_critical") if name in critical else b.L("finding_failed")
        text = f"<b>[{esc(tag)}]</b> {b.tx(item.label)}"
        rows.append([b.p(esc(item.code or "")), b.p(text),
                     b.p(b.format_value(item, b.value(name))),
                     b.p(b.user(b.note(name), title=item.label.get(b.lang)))])
        if name in critical:
            styles.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), L.CRIT_BG))
    out.append(L.table(rows, widths, L.grid_style(*styles), repeat=1))
    return out


def requirement_status(b: Builder) -> list[Flowable]:
    """A checklist without a percentage (JKP, KMPI): Memenuhi/Belum memenuhi of each
    section that holds critical items, the rule that decides it, and the app's own count
    of criteria per section, labelled as such."""
    score = b.data.score
    if score is None or b.state is None:
        return []
    out: list[Flowable] = []
    w = b.width
    requirements = [s for s in score.sections if s.critical_total]
    if requirements:
        widths = [w * 0.7, w * 0.3]
        rows: list[list[Any]] = [[b.p(esc(b.L("col_section")), "head"),
                                  b.p(esc(b.L("col_status")), "head")]]
        styles: list[tuple[Any, ...]] = []
        for sec in requirements:
            section = _find_section(b, sec.name)
            code = f"{section.code}. " if section is not None and section.code else ""
            word = {MET: b.L("passed"), NOT_MET: b.L("failed")}.get(
                sec.requirement or "", b.L("requirement_pending"))
            rows.append([b.p(esc(code) + b.tx(sec.title)),
                         b.p(("<b>" + esc(word) + "</b>") if sec.requirement == NOT_MET
                             else esc(word), "cell_center")])
            if sec.requirement == NOT_MET:
                styles.append(("BACKGROUND", (1, len(rows) - 1), (1, len(rows) - 1),
                               L.FAIL_BG))
        out += [b.heading(esc(b.L("requirements"))),
                L.table(rows, widths, L.grid_style(*styles), repeat=1),
                Spacer(1, 2), b.p(f"<i>{esc(b.L('requirements_rule'))}</i>", "small")]
    if b.t.scoring.summary and (score.met or score.not_met or score.not_applicable):
        widths = [w * 0.55, w * 0.15, w * 0.15]
        widths.append(w - sum(widths))
        rows = [[b.p(esc(b.L(k)), "head") for k in
                 ("col_section", "col_met", "col_not_met", "col_na")]]
        for top in b.t.sections:
            if not b.state.section_relevant(top):
                continue
            met, not_met, na = tally(b.state, score, top)
            if not (met or not_met or na):
                continue
            code = f"{top.code}. " if top.code else ""
            rows.append([b.p(esc(code) + b.tx(top.title)),
                         *[b.p(str(n), "cell_center") for n in (met, not_met, na)]])
        rows.append([b.p(f"<b>{esc(b.L('overall'))}</b>"),
                     *[b.p(f"<b>{n}</b>", "cell_center") for n in
                       (score.met, score.not_met, score.not_applicable)]])
        out += [b.heading(esc(b.L("app_count"))),
                L.table(rows, widths, L.grid_style(("BACKGROUND", (0, len(rows) - 1),
                                                    (-1, len(rows) - 1), L.SUB_BG)),
                        repeat=1)]
    return out


def score_breakdown(b: Builder) -> list[Flowable]:
    if b.t.verdict is not VerdictMode.SCORE:
        return requirement_status(b)
    score = b.data.score
    if score is None or score.possible <= 0:
        return []
    official = b.t.scoring.official
    w = b.width
    widths = [w * 0.42, w * 0.12, w * 0.12, w * 0.13]
    widths.append(w - sum(widths))
    rows: list[list[Any]] = [[b.p(esc(b.L(k)), "head") for k in
                              ("col_section", "col_points", "col_percent", "col_threshold",
                               "col_status")]]
    styles: list[tuple[Any, ...]] = []

    def add(sec: SectionScore, depth: int) -> None:
        if sec.counted == 0 and not sec.critical_failures:
            return
        section = _find_section(b, sec.name)
        code = f"{section.code}. " if section is not None and section.code else ""
        indent = "&nbsp;" * 4 * depth
        status = b.L("passed") if sec.passed else b.L("failed")
        rows.append([
            b.p(indent + esc(code) + b.tx(sec.title)),
            b.p(esc(f"{_num(sec.points)}/{_num(sec.possible)}"), "cell_center"),
            b.p(esc(format_percent(sec.percent, b.lang)), "cell_center"),
            b.p(esc(format_percent(sec.threshold, b.lang) if sec.threshold is not None
                    else "–"), "cell_center"),
            b.p(("" if sec.passed else "<b>") + esc(status) + ("" if sec.passed else "</b>"),
                "cell_center"),
        ])
        if not sec.passed:
            styles.append(("BACKGROUND", (4, len(rows) - 1), (4, len(rows) - 1), L.FAIL_BG))
        for child in sec.children:
            add(child, depth + 1)

    for sec in score.sections:
        add(sec, 0)
    status = b.L("passed") if score.passed else b.L("failed")
    rows.append([b.p(f"<b>{esc(b.L('overall'))}</b>"),
                 b.p(f"<b>{esc(_num(score.points))}/{esc(_num(score.possible))}</b>",
                     "cell_center"),
                 b.p(f"<b>{esc(format_percent(score.percent, b.lang))}</b>", "cell_center"),
                 b.p(esc(format_percent(b.t.scoring.pass_threshold, b.lang)
                         if b.t.scoring.pass_threshold is not None else "–"), "cell_center"),
                 b.p(f"<b>{esc(status)}</b>", "cell_center")])
    styles.append(("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), L.SUB_BG))
    out: list[Flowable] = [b.heading(esc(b.L("score" if official else "app_score"))),
                           L.table(rows, widths, L.grid_style(*styles), repeat=1)]
    lines = []
    if score.grade is not None:
        provisional = f" <i>({esc(b.L('provisional'))})</i>" if b.data.draft else ""
        word = b.L("grade") if official else b.L("app_grade")
        lines.append(f"{esc(word)}: <b>{_grade_text(b, score.grade)}</b>{provisional}")
        if official:
            lines.append(esc(b.L("grade_source", source=b.t.scoring.source or "")))
    if not official and (b.t.scoring.pass_threshold is not None or b.t.scoring.grade_bands
                         or any(s.pass_threshold is not None for s in b.t.walk_sections())):
        lines.append(f"<i>{esc(b.L('app_score_note'))}</i>")
    if score.critical_failures:
        lines.append(f"<b>{esc(b.L('critical_failed', n=len(score.critical_failures)))}</b>")
    if score.unanswered_scored:
        lines.append(esc(b.L("unanswered_scored", n=score.unanswered_scored)))
    if lines:
        out.append(Spacer(1, 3))
        out.append(b.p("<br/>".join(lines), "body"))
    return out


def recommendation(b: Builder) -> list[Flowable]:
    """The recommendation with the options that do not apply struck through."""
    item = b.t.recommendation_item() or b.t.find_item("rekomendasi")
    lines: list[str] = []
    if item is not None and item.type is ItemType.SELECT_ONE and \
            b.t.repeat_of(item.name) is None:
        rs = b.t.options_for(item)
        value = b.value(item.name)
        if rs is not None:
            for opt in rs.options:
                text = b.tx(opt.label)
                if value and opt.value == value:
                    lines.append(f"{L.BOX_TICKED} <b>{text}</b>")
                elif value:
                    lines.append(f"{L.BOX_EMPTY} <strike>{text}</strike>")
                else:
                    lines.append(f"{L.BOX_EMPTY} {text}")
        extra = b.t.find_item("daftar_perbaikan")
        if extra is not None and b.value(extra.name):
            lines.append(f"<b>{b.tx(extra.label)}:</b><br/>"
                         + b.user(b.value(extra.name), title=extra.label.get(b.lang), wide=True))
    elif b.t.scoring.grade_bands and b.t.scoring.official:
        # only a grade a cited source defines is printed as the recommendation; the app's
        # own category stays in the score breakdown, labelled
        score = b.data.score
        # no verdict to tick while scored items are still unanswered
        grade = score.grade if score is not None and not score.unanswered_scored else None
        for band in b.t.scoring.grade_bands:
            text = _grade_text(b, band)
            if grade is not None and band.grade == grade.grade:
                lines.append(f"{L.BOX_TICKED} <b>{text}</b>")
            elif grade is not None:
                lines.append(f"{L.BOX_EMPTY} <strike>{text}</strike>")
            else:
                lines.append(f"{L.BOX_EMPTY} {text}")
    if not lines:
        return []
    t = L.table([[b.p("<br/>".join(lines), "body")]], [b.width],
                L.grid_style(header_rows=0))
    heading = b.L("verifier_recommendation") if b.t.institutional_recommendation else \
        b.L("recommendation")
    return [b.heading(esc(heading)), t]  # one row: never split


def _grade_text(b: Builder, band: GradeBand) -> str:
    """``A — Sangat baik``; a label that already starts with its letter is kept as it is."""
    label = b.tx(band.label)
    if label.upper().startswith(band.grade.upper()):
        return label
    return f"{esc(band.grade)} — {label}"


def _find_section(b: Builder, name: str) -> Section | None:
    for sec in b.t.walk_sections():
        if sec.name == name:
            return sec
    return None


def _num(value: float) -> str:
    return f"{value:g}"


# ------------------------------------------------------------------ the report


def build(b: Builder) -> list[Flowable]:
    story: list[Flowable] = []
    inst = b.data.institution
    subtitle = esc(inst.name) if inst is not None and not b.blank else None
    story += b.title_block(subtitle)
    story += institution_header(b)
    if b.t.description and b.blank:
        story.append(b.p(f"<i>{b.tx(b.t.description)}</i>", "small"))
    if b.t.app_criteria():
        story.append(b.p(f"<i>{esc(b.L('app_legend'))}</i>", "small"))
    story += SectionTables(b).render(b.t.sections)
    if not b.blank:
        story += findings(b)
        story += score_breakdown(b)
    story += recommendation(b)
    story += b.letter_signatures()
    story += b.photo_grid()
    story += b.appendix_block()
    return story
