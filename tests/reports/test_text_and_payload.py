"""Pure pieces of the renderer: Indonesian dates and times, escaping, glyph fallback,
struck-through options, the verification payload."""

from __future__ import annotations

import datetime as dt

import pytest

from assessor_app.reports.fonts import REPLACEMENT, printable
from assessor_app.reports.text import (
    esc,
    format_date,
    format_day_date,
    format_number,
    format_time,
    format_time_range,
    para,
    place_date,
    truncate,
)
from assessor_app.reports.verification import (
    blank_payload,
    parse_payload,
    qr_matrix,
    record_payload,
)

AID = "0123456789abcdef0123456789abcdef"
SHA = "ab" * 32


@pytest.mark.parametrize(("day", "lang", "expected"), [
    (dt.date(2020, 6, 25), "id", "25 Juni 2020"),
    (dt.date(2026, 11, 20), "id", "20 November 2026"),
    (dt.date(2026, 8, 1), "id", "1 Agustus 2026"),
    (dt.date(2026, 2, 3), "en", "3 February 2026"),
])
def test_dates_have_indonesian_month_names_and_no_leading_zero(day: dt.date, lang: str,
                                                                 expected: str) -> None:
    assert format_date(day, lang) == expected


def test_day_date_and_place_date() -> None:
    assert format_day_date(dt.date(2026, 11, 20), "id") == "Jumat, 20 November 2026"
    assert format_day_date(dt.date(2020, 6, 25), "id") == "Kamis, 25 Juni 2020"
    assert format_day_date(dt.date(2026, 11, 22), "en") == "Sunday, 22 November 2026"
    assert place_date("Jakarta", dt.date(2020, 6, 25), "id") == "Jakarta, 25 Juni 2020"
    blank = place_date(None, None, "id")
    assert blank.startswith("....") and ", ...." in blank


def test_times_say_pukul_with_dot_and_zone() -> None:
    assert format_time("08:00", "WIB", "id") == "Pukul 08.00 WIB"
    assert format_time("8.30", "WITA", "id") == "Pukul 08.30 WITA"
    assert format_time("14:05", "WIT", "en") == "14:05 WIT"
    assert format_time_range("08.00", "12.00", "WIB", "id") == "Pukul 08.00 – 12.00 WIB"
    assert format_number("12.5", "id") == "12,5" and format_number("12.5", "en") == "12.5"


def test_user_text_is_escaped_so_it_cannot_become_markup() -> None:
    assert esc('<font color="red">x</font>') == '&lt;font color="red"&gt;x&lt;/font&gt;'
    assert esc("&amp; <br/>") == "&amp;amp; &lt;br/&gt;"
    assert para("a\nb<i>") == "a<br/>b&lt;i&gt;"
    assert "\x00" not in esc("a\x00b\x07c") and esc("a\x00b") == "ab"


def test_glyphs_the_font_lacks_become_one_replacement_mark() -> None:
    assert printable("Nguyễn Thị Ṭāhā Ñuñez Łódź") == "Nguyễn Thị Ṭāhā Ñuñez Łódź"
    assert printable("ok \U0001F642\U0001F1EE\U0001F1E9 x") == f"ok {REPLACEMENT} x"
    assert printable("a\u200db\ufe0f") == "ab"  # joiners and variation selectors dropped


def test_truncate_cuts_at_a_word_and_marks_the_cut() -> None:
    text, cut = truncate("kata " * 300, 100)
    assert cut and len(text) <= 102 and text.endswith("…")
    assert truncate("pendek", 100) == ("pendek", False)


def test_payload_round_trip_and_code() -> None:
    code = "7K3M-Q9TA-X2PD-4HVE"
    p = record_payload(AID, 2, SHA, paper="f4", lang="en", draft=False, extra="0" * 16,
                       paper_code=code)
    q = parse_payload(p.encode())
    assert q == p
    assert q is not None and q.code == p.code == code  # the device-signed paper code
    draft = record_payload(AID, 2, SHA, paper="f4", lang="en", draft=True)
    assert parse_payload(draft.encode()) == draft and draft.code == "DRAF"  # no code
    b = blank_payload("FR.IA.01.X", "2024.1", SHA, paper="a4", lang="id")
    assert parse_payload(b.encode()) == b
    assert len(b.code) == 12 and b.code[4] == "-" and b.code[9] == "-"
    assert b.code != p.code
    # a payload with a code that is not a paper code does not parse
    assert parse_payload(p.encode().replace(code, "7K3M-Q9TA-X2PD-4HV")) is None
    assert parse_payload(p.encode().replace(code, "IIII-Q9TA-X2PD-4HVE")) is None


@pytest.mark.parametrize("text", [
    None, "", "AKV1?", "AKV1?k=r&a=x&r=1&h=ab&p=a4&l=id", "hello",
    f"AKV1?k=r&a={AID}&r=one&h={SHA}&p=a4&l=id",
    f"AKV1?k=r&a={AID}&r=1&h={SHA}&p=a5&l=id",
    f"AKV1?k=z&a={AID}&r=1&h={SHA}&p=a4&l=id",
    "AKV1?" + "x" * 5000,
])
def test_bad_payloads_are_rejected_not_raised(text: str | None) -> None:
    assert parse_payload(text) is None


def test_qr_matrix_is_square() -> None:
    m = qr_matrix(record_payload(AID, 1, SHA, paper="a4", lang="id", draft=False).encode())
    assert len(m) == len(m[0]) and len(m) >= 21
