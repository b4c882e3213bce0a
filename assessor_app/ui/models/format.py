"""Display formatting shared by the models and views (dates in Indonesian conventions)."""

from __future__ import annotations

import datetime as dt

from assessor_app.core.clock import TIMEZONES, parse_iso
from assessor_app.formatting import short_datetime

MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def local_zone() -> dt.tzinfo:
    """The laptop's zone (times in lists are shown as the assessor sees the clock)."""
    return dt.datetime.now().astimezone().tzinfo or TIMEZONES["WIB"]


def short_month(month: int, lang: str) -> str:
    names = MONTHS_EN if lang == "en" else MONTHS_ID
    return names[month - 1][:3]


def format_date(value: str | None, lang: str = "id", *, long: bool = False) -> str:
    """'2026-11-17' -> '17 Nov 2026' (or '17 November 2026' with ``long``)."""
    if not value:
        return "—"
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        return value
    names = MONTHS_EN if lang == "en" else MONTHS_ID
    month = names[day.month - 1] if long else names[day.month - 1][:3]
    return f"{day.day} {month} {day.year}"


def format_datetime(value: str | None, lang: str = "id", tz: dt.tzinfo | None = None) -> str:
    """UTC ISO -> '17 Nov 2026 08.30' in ``tz`` (default: the laptop's zone)."""
    if not value:
        return "—"
    try:
        moment = parse_iso(value).astimezone(tz or local_zone())
    except ValueError:
        return value
    return short_datetime(moment, lang)


def format_signed_at(value: str, timezone: str | None, lang: str = "id") -> str:
    """A signature time in the zone it was signed in: '20 Nov 2026 10.15 WITA'."""
    zone = TIMEZONES.get(timezone or "", None)
    text = format_datetime(value, lang, zone)
    return f"{text} {timezone}" if zone is not None else text
