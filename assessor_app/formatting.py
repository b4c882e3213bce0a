"""Dates, times, answers and results as people read them (Indonesian by default, English on
request).

Shared by the CLI, the UI and the office exports. Dates follow the Indonesian print convention "25 Juni 2020";
times "08.00 WIB". Stored timestamps are UTC; they are shown in the time zone of the visit
or signature (WIB/WITA/WIT).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from assessor_app.core.clock import TIMEZONES, parse_iso
from assessor_app.core.engine import Issue
from assessor_app.core.scoring import BK, OL, K, ScoreResult
from assessor_app.core.template import (
    CONDITIONAL,
    NOT_RECOMMENDED,
    RECOMMENDED,
    Item,
    ItemType,
    Template,
    TemplateKind,
    VerdictMode,
)
from assessor_app.i18n import _, current_language, ngettext


def _locale(lang: str | None) -> str:
    return "en" if (lang or current_language()) == "en" else "id"


# ---------------------------------------------------------------- one number/time format
# Every face (list, editor, dashboard, CLI, reports) formats numbers and clock times here,
# with Babel's CLDR data: "72,5%" and "08.30" in Indonesian, "72.5%" and "08:30" in English.
# Babel is imported by the first call (the GUI's lists format with QLocale, so a window
# that shows no report or detail never loads it: tests/gui/test_startup_imports.py).


def percent_number(value: float | None, lang: str | None = None) -> str:
    """72.5 -> '72,5%' (id) / '72.5%' (en); None -> '—'."""
    if value is None:
        return NO_RESULT
    from babel.numbers import format_percent

    return format_percent(value / 100, "#,##0.0%", locale=_locale(lang))


def decimal_number(value: float | int | str, lang: str | None = None, digits: int = 1) -> str:
    """A measured number with ``digits`` decimals and grouping: 1234.5 -> '1.234,5' (id)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, pattern, locale=_locale(lang))


def answer_number(value: str, lang: str | None = None) -> str:
    """An answer as typed (a year, a count, a measurement): its digits unchanged, no
    grouping, only the decimal mark of the language: '12.5' -> '12,5' (id)."""
    try:
        number = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    if not number.is_finite() or not re.fullmatch(r"-?\d+\.\d+", value):
        return value
    from babel.numbers import get_decimal_symbol

    return value.replace(".", get_decimal_symbol(_locale(lang)))


def clock_time(moment: dt.datetime | dt.time, lang: str | None = None,
               seconds: bool = False) -> str:
    """'08.30' (id) / '08:30' (en), 24-hour as Indonesian forms print it."""
    from babel.dates import format_time as babel_time

    sep = ":" if _locale(lang) == "en" else "."
    pattern = f"HH{sep}mm" + (f"{sep}ss" if seconds else "")
    return babel_time(moment, pattern, locale=_locale(lang))


def short_datetime(moment: dt.datetime, lang: str | None = None) -> str:
    """'17 Nov 2026 08.30' in the moment's own zone."""
    from babel.dates import format_datetime as babel_datetime

    sep = ":" if _locale(lang) == "en" else "."
    return babel_datetime(moment, f"d MMM y HH{sep}mm", tzinfo=moment.tzinfo,
                          locale=_locale(lang))


def long_date(day: dt.date | str, lang: str = "id") -> str:
    """'2020-06-25' -> '25 Juni 2020' (or '25 June 2020')."""
    from babel.dates import format_date

    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return format_date(day, "d MMMM y", locale=_locale(lang))


def day_and_date(day: dt.date | str, lang: str = "id") -> str:
    """'Kamis, 25 Juni 2020'."""
    from babel.dates import format_date

    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return format_date(day, "EEEE, d MMMM y", locale=_locale(lang))


def local_moment(iso: str, timezone: str | None) -> dt.datetime:
    tz = TIMEZONES.get(timezone or "WIB", TIMEZONES["WIB"])
    return parse_iso(iso).astimezone(tz)


def moment(iso: str, timezone: str | None = "WIB", lang: str = "id") -> str:
    """A stored UTC timestamp in a local zone: '22 November 2026 pukul 20.04 WIB'."""
    zone = timezone if timezone in TIMEZONES else "WIB"
    try:
        local = local_moment(iso, zone)
    except (ValueError, TypeError):
        return str(iso)  # a stored value that is not a time (check names the record)
    word = "pukul" if lang != "en" else "at"
    return f"{long_date(local.date(), lang)} {word} {local:%H.%M} {zone}"


def short_moment(iso: str, timezone: str | None = "WIB", lang: str = "id") -> str:
    """A stored UTC timestamp in a local zone, short: '4 Des 2026 10.15 WIB'."""
    zone = timezone if timezone in TIMEZONES else "WIB"
    try:
        local = local_moment(iso, zone)
    except (ValueError, TypeError):
        return str(iso)
    from babel.dates import format_date

    day = format_date(local.date(), "d MMM y", locale=_locale(lang))
    return f"{day} {local:%H.%M} {zone}"


def photo_taken(taken_at: str | None, latitude: float | None, longitude: float | None,
                timezone: str | None = "WIB", lang: str = "id") -> str:
    """When and where a photo was taken, as printed under it and shown in the gallery:
    'Diambil 4 Des 2026 10.15 WIB; -6.9932, 110.4203' ('' when neither is known).
    Coordinates keep the decimal point (as maps and GPS apps read them)."""
    parts = []
    if taken_at:
        word = "Diambil" if lang != "en" else "Taken"
        parts.append(f"{word} {short_moment(taken_at, timezone, lang)}")
    if latitude is not None and longitude is not None:
        parts.append(f"{latitude:.4f}, {longitude:.4f}")
    return "; ".join(parts)


def answer_text(template: Template, item: Item, value: str, lang: str = "id") -> str:
    """An answer as a person reads it: option labels, long dates."""
    if value == "":
        return ""
    if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        rs = template.options_for(item)
        if rs is None:
            return value
        labels = []
        for part in value.split():
            opt = rs.option(part)
            labels.append(opt.label.get(lang) if opt else part)
        return ", ".join(labels)
    if item.type is ItemType.DATE:
        try:
            return long_date(value, lang)
        except ValueError:
            return value
    if item.type is ItemType.DATETIME:
        try:
            when = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        return f"{long_date(when.date(), lang)} {when:%H.%M}"
    if item.type is ItemType.TIME:
        return value.replace(":", ".")
    return value


# ------------------------------------------------------------------ results
#
# BNSP competency assessment has no percentage, pass mark, grade or "lulus": an instrument
# (FR.IA.*) recommends K or OL, FR.AK.02 decides K or BK per unit, and forms such as
# FR.APL.01 or FR.AK.01 have no result at all. Only institutional templates show a score,
# a grade and pass/fail. Every face (CLI, GUI lists and panels, dashboard, exports) asks
# these helpers what a record may show, so a legacy competency record (``verdict: score``,
# whose stored row still carries a percentage and maybe "pass"/"fail") never shows one.

COMPETENCY_VERDICTS = (K, BK, OL)
NO_RESULT = "—"


def is_competency(kind: str | None) -> bool:
    """Whether a template kind (``TemplateKind`` or the stored text) is competency."""
    return kind == TemplateKind.COMPETENCY.value


def shown_verdict(verdict: str | None, kind: str | None) -> str | None:
    """The verdict a record may show: K, BK or OL for a competency record (anything else a
    competency row stores, "pass"/"fail" of an old consent form, is no result); an
    institutional record's grade or pass/fail as stored."""
    if not verdict:
        return None
    if is_competency(kind):
        return verdict if verdict in COMPETENCY_VERDICTS else None
    return verdict


def shown_percent(percent: float | None, kind: str | None) -> float | None:
    """The percentage a record may show: never one for a competency record."""
    return None if is_competency(kind) else percent


def verdict_label(verdict: str | None, kind: str | None = None) -> str:
    """A verdict in words: "Kompeten", "Belum kompeten", "Observasi lanjut", "Lulus",
    "Tidak lulus", a grade as it is, or "—". With ``kind`` the verdict is first filtered
    by :func:`shown_verdict`."""
    if kind is not None:
        verdict = shown_verdict(verdict, kind)
    if not verdict:
        return NO_RESULT
    words = {
        K: _("Kompeten"),
        BK: _("Belum kompeten"),
        OL: _("Observasi lanjut"),
        "pass": _("Lulus"),
        "fail": _("Tidak lulus"),
        RECOMMENDED: _("Direkomendasikan"),
        CONDITIONAL: _("Direkomendasikan dengan perbaikan"),
        NOT_RECOMMENDED: _("Belum direkomendasikan"),
    }
    return words.get(verdict, verdict)


def app_count_text(result: ScoreResult) -> str:
    """The app's own count of criteria, labelled as such (never an official verdict):
    "Hitungan aplikasi (bukan keputusan resmi): 20 butir terpenuhi, 2 belum, 3 tidak
    berlaku"; "" before anything is rated."""
    if not (result.met or result.not_met or result.not_applicable):
        return ""
    return _("Hitungan aplikasi (bukan keputusan resmi): {met} butir terpenuhi, {not_met} "
             "belum, {na} tidak berlaku").format(met=result.met, not_met=result.not_met,
                                                 na=result.not_applicable)


def contradiction_text(issue: Issue) -> str:
    """Why a recommendation cannot be finalised as it stands (``Issue.kind`` is
    "contradiction"): the critical items not met, by their codes."""
    return _("Rekomendasi \u201cDirekomendasikan\u201d bertentangan dengan butir kritis yang "
             "belum memenuhi: {items}. Ubah rekomendasi atau periksa kembali butir tersebut."
             ).format(items=", ".join(issue.detail.get("items", [])))


def verdict_long(verdict: str | None) -> str:
    """"K (Kompeten)", "BK (Belum Kompeten)", "OL (Observasi Lanjut)"; else as
    :func:`verdict_label`."""
    words = {K: _("K (Kompeten)"), BK: _("BK (Belum Kompeten)"),
             OL: _("OL (Observasi Lanjut)")}
    return words.get(verdict or "", "") or verdict_label(verdict)


def percent_text(percent: float | None, kind: str | None = None,
                 lang: str | None = None,
                 number: Callable[[float, str | None], str] | None = None) -> str:
    """"85,0%" for an institutional record with a score; "—" otherwise. ``number``
    formats the percentage (default :func:`percent_number`; the GUI's list passes its
    Qt-locale twin)."""
    shown = shown_percent(percent, kind)
    return NO_RESULT if shown is None else (number or percent_number)(shown, lang)


def result_text(percent: float | None, verdict: str | None, kind: str | None) -> str:
    """A stored result in one cell: "Kompeten" (competency: the verdict only), "Lulus ·
    85.0%" (institutional), "—"."""
    words = verdict_label(verdict, kind)
    score = percent_text(percent, kind)
    return words if score == NO_RESULT else f"{words} · {score}"


def kuk_text(achieved: int, total: int) -> str:
    """"12/14 KUK tercapai"."""
    return _("{achieved}/{total} KUK tercapai").format(achieved=achieved, total=total)


@dataclass(frozen=True)
class Outcome:
    """What an assessment's result shows, for every face.

    ``verdict``: K/BK/OL (competency), grade or pass/fail (institutional), None.
    ``percent``, ``grade``, ``passed``: institutional only (None for competency).
    ``kuk_achieved``/``kuk_total``: competency instruments whose units roll up from their
    KUK (None otherwise, e.g. FR.AK.02 decides units, FR.AK.01 has none).
    """

    kind: str
    mode: VerdictMode
    instrument: bool  # see :func:`counts_kuk`
    verdict: str | None
    percent: float | None
    grade: str | None
    passed: bool | None
    kuk_achieved: int | None
    kuk_total: int | None

    @property
    def competency(self) -> bool:
        return is_competency(self.kind)

    @property
    def has_result(self) -> bool:
        """False for a form without any result (FR.AK.01, FR.APL.01 ...)."""
        if not self.competency:
            return self.mode is not VerdictMode.NONE
        if self.mode is VerdictMode.SCORE:  # a legacy template: a result when it has KUK
            return self.instrument
        return self.mode is not VerdictMode.NONE

    def headline(self, *, now: bool = False) -> str:
        """"Rekomendasi: OL (Observasi Lanjut)" (instrument), "Keputusan: BK (Belum
        Kompeten)" (FR.AK.02), "Hasil: Lulus" (institutional); "" for a form without a
        result. ``now``: "Rekomendasi saat ini: ..." (a draft)."""
        if not self.has_result:
            return ""
        if self.competency and self.mode is VerdictMode.DECISION:
            line = _("Keputusan saat ini: {verdict}") if now else _("Keputusan: {verdict}")
        elif self.competency:
            line = _("Rekomendasi saat ini: {verdict}") if now else _("Rekomendasi: {verdict}")
        elif self.mode is VerdictMode.RECOMMENDATION:
            line = _("Rekomendasi verifikator saat ini: {verdict}") if now else \
                _("Rekomendasi verifikator: {verdict}")
        else:
            line = _("Hasil saat ini: {verdict}") if now else _("Hasil: {verdict}")
        verdict = verdict_long(self.verdict) if self.verdict else _("belum dapat disimpulkan")
        return line.format(verdict=verdict)

    def score_text(self) -> str:
        """The "Nilai" cell: "12/14 KUK tercapai" for an instrument, "85.0%" for an
        institutional record, "—" otherwise."""
        if self.kuk_total is not None and self.kuk_achieved is not None:
            return kuk_text(self.kuk_achieved, self.kuk_total)
        return percent_text(self.percent, self.kind)

    def summary(self, *, now: bool = False) -> str:
        """One line: "Rekomendasi: OL (Observasi Lanjut) · 12/14 KUK tercapai", "Hasil:
        Lulus · 85.0%"; "" for a form without a result."""
        headline = self.headline(now=now)
        score = self.score_text()
        return headline if not headline or score == NO_RESULT else f"{headline} · {score}"


def kuk_not_achieved_sections(template: Template, result: ScoreResult) -> dict[str, str]:
    """Section name -> the short verdict of its unit (OL, or BK on a legacy template) for
    every section (unit, element, any enclosing one) that holds a KUK not achieved: such a
    section never shows a tick, however complete it is."""
    failed = {ref.item: ref.unit_code for ref in result.not_achieved}
    if not failed:
        return {}
    short = {u.code: u.verdict for u in result.units if u.verdict not in (None, K)}
    out: dict[str, str] = {}
    for sec in template.walk_sections():
        for it in sec.walk_items():
            unit = failed.get(it.name)
            if unit is not None:
                out[sec.name] = short.get(unit) or OL
                break
    return out


def counts_kuk(template: Template) -> bool:
    """Whether the template is a competency instrument whose units roll up from their KUK
    (``verdict: recommendation``, or a legacy ``score`` one with KUK): its result shows
    "12/14 KUK tercapai"."""
    return template.kind is TemplateKind.COMPETENCY and template.verdict in (
        VerdictMode.SCORE, VerdictMode.RECOMMENDATION) and any(
        it.kuk for it in template.walk_items())


def outcome(template: Template, result: ScoreResult | None, *, stored: bool = False,
            percent: float | None = None, verdict: str | None = None) -> Outcome:
    """The :class:`Outcome` of ``result``. ``stored=True``: of a finalised record, whose
    stored ``percent`` and ``verdict`` are the official figures (``result`` may then be
    None when only those are known: no KUK count, grade or pass/fail)."""
    kind = template.kind.value
    if not stored and result is not None:
        percent, verdict = result.percent, result.verdict
    instrument = counts_kuk(template)
    achieved = total = None
    if result is not None and result.units and instrument:
        achieved = sum(u.achieved for u in result.units)
        total = sum(u.total for u in result.units)
    grade: str | None = None
    passed: bool | None = None
    if not is_competency(kind) and result is not None:
        grade = result.grade.grade if result.grade else None
        passed = result.passed if result.possible > 0 or result.critical_failures else None
    return Outcome(kind, template.verdict, instrument, shown_verdict(verdict, kind),
                   shown_percent(percent, kind), grade, passed, achieved, total)


def scheme_import_headline(r: Any) -> str:
    """What ``schemes import`` did, in one sentence (CLI and GUI): installed, already
    installed, or a new version beside the old one. ``r``: services.schemes.ImportedScheme."""
    names = {"number": r.number, "slug": r.slug, "version": r.version,
             "declared": r.declared_version, "units": r.units, "kuk": r.kuk}
    if r.status == "already_installed":
        head = _("Skema {number} ({slug}) versi {version} sudah terpasang; tidak ada yang "
                 "berubah.").format(**names)
    elif r.status == "new_version":
        head = _("Isi skema {number} ({slug}) berbeda dengan versi {declared} yang sudah "
                 "terpasang: dipasang sebagai versi baru {version}, {units} unit, {kuk} KUK. "
                 "Versi lama dan asesmen yang memakainya tidak diubah.").format(**names)
    else:
        head = _("Skema {number} ({slug}) terpasang sebagai versi {version}: {units} unit, "
                 "{kuk} KUK.").format(**names)
    return head


# ---------------------------------------------------------------- the record as read back


@dataclass(frozen=True)
class ReviewLine:
    """One line of "Tinjau isi": a section heading (``item`` empty) or an answer."""

    level: int  # 0 section, 1 sub-section, 2 item, 3 a table row's item
    title: str
    value: str = ""
    item: str = ""
    row: str = ""
    missing: bool = False  # required and still empty (or a refused constraint)
    note: str = ""
    #: what is wrong in the template's words (required_message, constraint_message) or
    #: that a chosen option is no longer offered; "" for a plain missing answer
    problem: str = ""


def content_review(template: Template, state: Any, lang: str = "id") -> list[ReviewLine]:
    """Every relevant section and answer of a record in form order, for the review shown
    before finalising and to the asesi before signing: what it says, and what is missing.
    ``state`` is the record's :class:`~assessor_app.core.engine.FormState`."""
    issues = state.issues()
    missing = {(i.item, i.row) for i in issues}
    problems: dict[tuple[str, str], str] = {}
    for i in issues:
        if i.kind == "not_offered":
            problems[(i.item, i.row)] = _("pilihan tidak lagi sesuai dengan jawaban "
                                          "sebelumnya: pilih lagi")
        elif i.message is not None:
            problems[(i.item, i.row)] = i.message.get(lang)
    out: list[ReviewLine] = []

    def label(item: Item) -> str:
        text = " ".join(item.label.get(lang).split()) if item.label else item.name
        return f"{item.code} {text}" if item.code else text

    def answer(item: Item, row: str, level: int) -> None:
        if item.type is ItemType.NOTE or not state.item_relevant(item.name, row):
            return
        if item.type is ItemType.REPEAT:
            rows = state.answers.rows.get(item.name, [])
            out.append(ReviewLine(level, label(item),
                                  _("{n} baris").format(n=len(rows)), item.name, row,
                                  (item.name, row) in missing))
            for n, rid in enumerate(rows, start=1):
                for child in item.items:
                    if child.type is ItemType.NOTE or not state.item_relevant(child.name, rid):
                        continue
                    out.append(ReviewLine(
                        level + 1, f"[{n}] {label(child)}",
                        answer_text(template, child, state.value(child.name, rid), lang),
                        child.name, rid, (child.name, rid) in missing,
                        state.answers.notes.get((child.name, rid)) or "",
                        problems.get((child.name, rid), "")))
            return
        if item.type is ItemType.EVIDENCE:
            n = len(state.answers.evidence.get((item.name, row), []))
            shown = _("{n} berkas").format(n=n) if n else ""
        elif item.type is ItemType.SIGNATURE:
            shown = _("ditandatangani") if state.value(item.name, row) else ""
        else:
            shown = answer_text(template, item, state.value(item.name, row), lang)
        out.append(ReviewLine(level, label(item), shown, item.name, row,
                              (item.name, row) in missing,
                              state.answers.notes.get((item.name, row)) or "",
                              problems.get((item.name, row), "")))

    def section(sec: Any, level: int) -> None:
        if not state.section_relevant(sec):
            return
        title = " ".join(sec.title.get(lang).split())
        if sec.unit is not None and sec.unit.code not in title:
            title = f"{sec.unit.code} {title}"
        elif sec.code:
            title = f"{sec.code} {title}"
        out.append(ReviewLine(min(level, 1), title))
        for item in sec.items:
            answer(item, "", 2)
        for sub in sec.sections:
            section(sub, level + 1)

    if template.header:
        out.append(ReviewLine(0, _("Data umum")))
        for item in template.header:
            answer(item, "", 2)
    for sec in template.sections:
        section(sec, 0)
    return out


def office_withdrawals_text(n: int) -> str:
    """What a receipt's consent withdrawals (recorded at the office) mean on the laptop."""
    return ngettext(
        "{n} persetujuan ditarik di kantor: tidak ada penilaian baru untuk subjeknya di "
        "laptop ini; catatan yang sudah diterima kantor dihapus saat pembersihan data.",
        "{n} persetujuan ditarik di kantor: tidak ada penilaian baru untuk subjeknya di "
        "laptop ini; catatan yang sudah diterima kantor dihapus saat pembersihan data.",
        n).format(n=n)


def withdrawal_effects(q: Any, name: str) -> list[str]:
    """What withdrawing a consent means (``q``: ``services.consent.Consequences``), one
    sentence a line, for the dialog and the CLI. On a laptop: its records of ``name`` here.
    At the office (``q.laptops``: the laptops holding records of ``name``): where the
    withdrawal goes and what it does there."""
    kept = _("Catatan persetujuan tetap disimpan dan ditandai ditarik (tanggal, alasan, "
             "pencatat).")
    if q.laptops:
        return [kept, ngettext(
            "Penarikan dikirim ke {n} laptop yang memegang catatan {name} bersama tanda "
            "terima berikutnya (Kirim keputusan ke laptop…).",
            "Penarikan dikirim ke {n} laptop yang memegang catatan {name} bersama tanda "
            "terima berikutnya (Kirim keputusan ke laptop…).", q.laptops).format(
            n=q.laptops, name=name),
            _("Di laptop itu penilaian baru untuk {name} tidak dapat dimulai sebelum "
              "persetujuan baru dicatat, dan catatannya yang sudah diterima kantor dihapus "
              "pada pembersihan data berikutnya.").format(name=name)]
    return [
        kept,
        _("Penilaian baru untuk {name} tidak dapat dimulai di laptop ini sebelum "
          "persetujuan baru dicatat (FR.AK.01 baru untuk asesi).").format(name=name),
        _("Penarikan dikirim ke kantor bersama bundel berikutnya yang memuat catatan "
          "{name}.").format(name=name),
        ngettext("{n} penilaian sudah diterima kantor: dihapus dari laptop pada "
                 "penghapusan retensi berikutnya, tanpa menunggu masa retensi.",
                 "{n} penilaian sudah diterima kantor: dihapus dari laptop pada "
                 "penghapusan retensi berikutnya, tanpa menunggu masa retensi.",
                 q.received).format(n=q.received),
        ngettext("{n} penilaian final menunggu tanda terima kantor: disimpan sampai "
                 "kantor mengonfirmasi, lalu dihapus.",
                 "{n} penilaian final menunggu tanda terima kantor: disimpan sampai "
                 "kantor mengonfirmasi, lalu dihapus.", q.waiting).format(n=q.waiting),
        ngettext("{n} draf belum dikirim: tetap di laptop sampai dihapus dengan "
                 "«Hapus draf».",
                 "{n} draf belum dikirim: tetap di laptop sampai dihapus dengan "
                 "«Hapus draf».", q.drafts).format(n=q.drafts),
    ]


def short_text(text: str, limit: int = 70) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def item_caption(item: Item, lang: str, limit: int = 70) -> str:
    """An item as lists name it: its number (or KUK number) and its label, shortened."""
    prefix = item.code or (f"KUK {item.kuk}" if item.kuk else "")
    label = short_text(item.label.get(lang), limit)
    return f"{prefix} {label}" if prefix else label


def issue_text(issue: Issue, template: Template, rows: dict[str, list[str]], lang: str) -> str:
    item = template.find_item(issue.item)
    label = item_caption(item, lang, 90) if item is not None else issue.label.get(lang)
    if issue.row:
        owner = template.repeat_of(issue.item)
        order = rows.get(owner.name, []) if owner is not None else []
        n = order.index(issue.row) + 1 if issue.row in order else "?"
        prefix = owner.label.get(lang) + " · " if owner is not None else ""
        label = _("{label} (baris {n})").format(
            label=prefix + label, n=n)
    message = issue.message.get(lang) if issue.message is not None else ""
    if issue.kind == "missing":
        if message:  # the template's own words (required_message)
            return _("Wajib diisi: {label} — {message}").format(label=label, message=message)
        return _("Wajib diisi: {label}").format(label=label)
    if issue.kind == "min_rows":
        return _("{label}: minimal {n} baris").format(
            label=label, n=issue.detail.get("min_rows", 1))
    if issue.kind == "contradiction":
        return contradiction_text(issue)
    if issue.kind == "not_offered":
        return _("Pilihan tidak lagi sesuai dengan jawaban sebelumnya: {label} — pilih "
                 "lagi").format(label=label)
    return _(
        "Tidak memenuhi batasan: {label} — {message}").format(
        label=label, message=message).rstrip(" —")
