"""Display formatting shared by the models and views: dates in Indonesian conventions.

The lists format dates and percentages with Qt's own CLDR locale data (``QLocale``),
already in memory with Qt: Babel's locale tables would cost a list several megabytes. The
reports, the CLI and the editor format with Babel (:mod:`assessor_app.formatting`); a
test keeps the two agreeing (every month, both languages, percentages 0..100)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime, QTimeZone

from assessor_app.core.clock import TIMEZONES, parse_iso


@cache
def _locale(lang: str) -> QLocale:
    return QLocale("en_US" if lang == "en" else "id_ID")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def percent_number(value: float, lang: str | None = None) -> str:
    """72.5 -> '72,5%' (id) / '72.5%' (en), as :func:`assessor_app.formatting.percent_number`
    prints it."""
    # rounded exactly as the Babel call rounds: its percent pattern scales the fraction's
    # decimal text by 100, then rounds half to even (6.25 -> 6.2)
    tenth = (Decimal(str(value / 100)) * 100).quantize(Decimal("0.1"), ROUND_HALF_EVEN)
    return _locale(lang or "id").toString(float(tenth), "f", 1) + "%"


def local_zone() -> dt.tzinfo:
    """The laptop's zone (times in lists are shown as the assessor sees the clock)."""
    return dt.datetime.now().astimezone().tzinfo or TIMEZONES["WIB"]


def short_month(month: int, lang: str) -> str:
    """3 -> 'Mar'; 12 -> 'Des' (id) / 'Dec' (en)."""
    return _locale(lang).toString(QDate(2000, month, 1), "MMM")


def format_date(value: str | None, lang: str = "id", *, long: bool = False) -> str:
    """'2026-11-17' -> '17 Nov 2026' (or '17 November 2026' with ``long``)."""
    if not value:
        return "—"
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    return _locale(lang).toString(_qdate(day), "d MMMM yyyy" if long else "d MMM yyyy")


def format_date_range(start: str | None, end: str | None, lang: str = "id") -> str:
    """A visit's days: '17 Nov 2026' (one day), '19–20 Nov 2026', '30 Nov – 1 Des 2026',
    '31 Des 2026 – 2 Jan 2027' (the parts both days share are written once)."""
    try:
        first = dt.date.fromisoformat((start or "")[:10])
        last = dt.date.fromisoformat((end or "")[:10])
    except ValueError:
        return format_date(start, lang)
    if last <= first:
        return format_date(start, lang)
    loc = _locale(lang)
    tail = loc.toString(_qdate(last), "d MMM yyyy")
    if first.year != last.year:
        return f"{loc.toString(_qdate(first), 'd MMM yyyy')} – {tail}"
    if first.month != last.month:
        return f"{loc.toString(_qdate(first), 'd MMM')} – {tail}"
    return f"{first.day}–{tail}"


def format_datetime(value: str | None, lang: str = "id", tz: dt.tzinfo | None = None) -> str:
    """UTC ISO -> '17 Nov 2026 08.30' in ``tz`` (default: the laptop's zone)."""
    if not value:
        return "—"
    try:
        moment = parse_iso(value).astimezone(tz or local_zone())
    except ValueError:
        return value
    sep = ":" if lang == "en" else "."
    return _locale(lang).toString(
        # the fields as they are (a UTC QDateTime: no local-zone shift in a DST gap)
        QDateTime(_qdate(moment.date()), QTime(moment.hour, moment.minute), QTimeZone.utc()),
        f"d MMM yyyy HH{sep}mm")


def format_signed_at(value: str, timezone: str | None, lang: str = "id") -> str:
    """A signature time in the zone it was signed in: '20 Nov 2026 10.15 WITA'."""
    zone = TIMEZONES.get(timezone or "", None)
    text = format_datetime(value, lang, zone)
    return f"{text} {timezone}" if zone is not None else text
