"""Dates, times and answers as people read them (Indonesian by default, English on request).

Shared by the CLI and the UI. Dates follow the Indonesian print convention "25 Juni 2020";
times "08.00 WIB". Stored timestamps are UTC; they are shown in the time zone of the visit
or signature (WIB/WITA/WIT).
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from assessor_app.core.clock import TIMEZONES, parse_iso
from assessor_app.core.template import Item, ItemType, Template


def _locale(lang: str) -> str:
    return "en" if lang == "en" else "id"


def long_date(day: dt.date | str, lang: str = "id") -> str:
    """'2020-06-25' -> '25 Juni 2020' (or '25 June 2020')."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    return format_date(day, "d MMMM y", locale=_locale(lang))


def day_and_date(day: dt.date | str, lang: str = "id") -> str:
    """'Kamis, 25 Juni 2020'."""
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
