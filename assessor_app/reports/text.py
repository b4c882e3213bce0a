"""Text for the page: escaping, scripts, Indonesian dates and times, numbers.

Every piece of user text goes through :func:`para` (or :func:`esc`) before it becomes part
of a reportlab Paragraph, so no input can inject reportlab markup (``<font>``, ``<img>``,
``<para>``...). Those two also shape Arabic, put right-to-left text in visual order and set
each run in the font that has its glyphs (:mod:`assessor_app.reports.fonts`); text drawn on
the canvas goes through :func:`visual` and :func:`fonts.printable` for one face. Month and day names are hard-coded: the OS locale of a field laptop is
anything but reliable (DOMAIN.md section 9).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display

from assessor_app.formatting import answer_number, percent_number
from assessor_app.reports.fonts import printable, runs

MONTHS = {
    "id": ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
           "September", "Oktober", "November", "Desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
DAYS = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
ROMAN_MONTHS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")

_TIME_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.]([0-5]\d)\s*$")


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "id"


def clean(text: object, face: str = "*") -> str:
    """Plain text (logical order) the fonts can draw: NFC, no control characters, what no
    font has (and emoji) -> one MARKER per run. Safe to apply twice."""
    s = "" if text is None else str(text)
    s = unicodedata.normalize("NFC", s.replace("\r\n", "\n").replace("\r", "\n"))
    return printable(s, face)


_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")


def visual(line: str) -> str:
    """One line of logical-order text as it is drawn left to right: Arabic letters in their
    joined forms (arabic-reshaper), right-to-left runs reversed (python-bidi; the paragraph
    direction is that of its first strong character). Text without RTL letters is returned
    as it is. A right-to-left paragraph that wraps keeps its words in visual order per
    paragraph, not per line (long Arabic notes read line by line from the bottom)."""
    if not _RTL.search(line):
        return line
    return str(get_display(arabic_reshaper.reshape(line)))


def markup(text: str, face: str = "*") -> str:
    """Cleaned logical text (one line) as escaped Paragraph markup, in visual order, each
    run in the font that has its glyphs."""
    out: list[str] = []
    for font, run in runs(visual(text), face):
        e = escape(run)
        out.append(e if font is None else f'<font name="{font}">{e}</font>')
    return "".join(out)


def esc(text: object, face: str = "*") -> str:
    """Escaped for a Paragraph, on one line (newlines become spaces)."""
    return markup(clean(text, face).replace("\n", " ").replace("\t", " "), face)


def para(text: object, face: str = "*") -> str:
    """Escaped for a Paragraph, newlines kept as line breaks."""
    lines = clean(text, face).replace("\t", "    ").split("\n")
    return "<br/>".join(markup(line, face) for line in lines)


def parse_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def format_date(day: dt.date | None, lang: str = "id") -> str:
    """``20 November 2026`` (no leading zero, month name, 4-digit year)."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[_lang(lang)][day.month - 1]} {day.year}"


def format_day_date(day: dt.date | None, lang: str = "id") -> str:
    """``Jumat, 20 November 2026`` (for "Hari/Tanggal")."""
    if day is None:
        return ""
    return f"{DAYS[_lang(lang)][day.weekday()]}, {format_date(day, lang)}"


def normalise_time(value: str | None) -> str | None:
    """``8:30``, ``08.30`` -> ``08.30``; None when it is not a time."""
    if not value:
        return None
    m = _TIME_RE.match(value)
    if not m:
        return None
    return f"{int(m.group(1)):02d}.{m.group(2)}"


def format_time(value: str | None, tz: str | None, lang: str = "id") -> str:
    """``Pukul 08.30 WIB`` (Indonesian) or ``08:30 WIB`` (English)."""
    t = normalise_time(value)
    if t is None:
        return clean(value or "")
    zone = f" {tz}" if tz else ""
    if _lang(lang) == "en":
        return f"{t.replace('.', ':')}{zone}"
    return f"Pukul {t}{zone}"


def format_time_range(start: str | None, end: str | None, tz: str | None,
                      lang: str = "id") -> str:
    """``Pukul 08.00 – 16.00 WIB``."""
    a, b = normalise_time(start), normalise_time(end)
    if a is None:
        return format_time(end, tz, lang) if b else ""
    if b is None:
        return format_time(start, tz, lang)
    zone = f" {tz}" if tz else ""
    if _lang(lang) == "en":
        return f"{a.replace('.', ':')} – {b.replace('.', ':')}{zone}"
    return f"Pukul {a} – {b}{zone}"


def format_moment(moment: dt.datetime | None, tz: str | None, lang: str = "id") -> str:
    """An aware local datetime as ``20 November 2026, Pukul 10.15 WIB``."""
    if moment is None:
        return ""
    return f"{format_date(moment.date(), lang)}, {format_time(moment.strftime('%H:%M'), tz, lang)}"


def place_date(place: str | None, day: dt.date | None, lang: str = "id") -> str:
    """``Semarang, 20 November 2026`` - or dotted blanks to fill by hand."""
    left = clean(place).strip() if place else ""
    right = format_date(day, lang) if day else ""
    return f"{left or '.' * 24}, {right or '.' * 30}"


def format_number(value: str, lang: str = "id") -> str:
    """Decimal comma in Indonesian: ``12.5`` -> ``12,5`` (digits as typed)."""
    return answer_number(value, _lang(lang))


def format_percent(value: float | None, lang: str = "id") -> str:
    return "–" if value is None else percent_number(value, _lang(lang))


def roman_month(month: int) -> str:
    return ROMAN_MONTHS[month - 1]


def truncate(text: str, limit: int) -> tuple[str, bool]:
    """``text`` cut at a word boundary near ``limit``; (text, was_cut)."""
    if len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip() + " …", True
