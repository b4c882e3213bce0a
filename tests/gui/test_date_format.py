"""The lists' dates and percentages (Qt's CLDR data) read exactly as the printed reports'
(Babel's): every month in both languages, short and long forms, a clock time on each side
of noon; every percentage in tenths and every fraction a checklist can score, rounded the
same way (6.25 -> 6,2%)."""

from __future__ import annotations

import datetime as dt

import pytest
from babel.dates import format_date as babel_date

from assessor_app.formatting import percent_number as printed_percent
from assessor_app.formatting import short_datetime
from assessor_app.ui.models.format import (
    format_date,
    format_datetime,
    format_signed_at,
    percent_number,
    short_month,
)

WITA = dt.timezone(dt.timedelta(hours=8))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("month", range(1, 13))
def test_gui_dates_match_the_printed_dates(lang: str, month: int) -> None:
    day = dt.date(2026, month, 7)
    assert format_date(day.isoformat(), lang) == babel_date(day, "d MMM y", locale=lang)
    assert format_date(day.isoformat(), lang, long=True) == babel_date(day, "d MMMM y",
                                                                       locale=lang)
    assert short_month(month, lang) == babel_date(day, "MMM", locale=lang)
    for hour, minute in ((8, 5), (23, 59)):
        local = dt.datetime(2026, month, 7, hour, minute, tzinfo=WITA)
        utc = local.astimezone(dt.UTC).isoformat()
        assert format_datetime(utc, lang, WITA) == short_datetime(local, lang)


def test_indonesian_conventions() -> None:
    assert format_date("2026-08-17") == "17 Agu 2026"
    assert format_date("2026-12-05", long=True) == "5 Desember 2026"
    assert format_signed_at("2026-11-20T02:15:00+00:00", "WITA") == "20 Nov 2026 10.15 WITA"
    assert format_signed_at("2026-11-20T02:15:00+00:00", "WITA", "en") == \
        "20 Nov 2026 10:15 WITA"


def test_no_value_and_unreadable_values() -> None:
    assert format_date(None) == "—"
    assert format_datetime("") == "—"
    assert format_date("kemarin") == "kemarin"
    assert format_datetime("bukan waktu") == "bukan waktu"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_list_percentages_match_the_printed_ones(lang: str) -> None:
    values = [i / 100 for i in range(10001)]  # 0.00 .. 100.00: every half-tenth too
    values += [met / total * 100 for total in range(1, 121) for met in range(total + 1)]
    differ = [v for v in values if percent_number(v, lang) != printed_percent(v, lang)]
    assert differ == []


def test_percentages_in_indonesian_and_english() -> None:
    assert percent_number(72.5) == "72,5%"
    assert percent_number(6.25) == "6,2%"  # half to even, as the report prints it
    assert percent_number(100.0, "en") == "100.0%"
