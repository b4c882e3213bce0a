"""The strict UTC timestamps of records and bundles (``2026-12-04T08:15:00.000Z``): every
field in range or None, whatever the text (core.integrity.parse_timestamp)."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.core.integrity import parse_timestamp, timestamp_problem

_SHAPE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$")


def _by_fields(text: object) -> dt.datetime | None:
    """The rule spelled out field by field: the shape, then each field's range."""
    if not isinstance(text, str) or (m := _SHAPE.match(text)) is None:
        return None
    frac = m.group(7)
    year, month, day, hour, minute, second = (int(m.group(i)) for i in range(1, 7))
    try:
        return dt.datetime(year, month, day, hour, minute, second,
                           int((frac[1:] + "000000")[:6]) if frac else 0, tzinfo=dt.UTC)
    except ValueError:
        return None


_fields = st.tuples(st.integers(0, 9999), st.integers(0, 13), st.integers(0, 32),
                    st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
                    st.one_of(st.none(), st.text("0123456789", min_size=0, max_size=8)),
                    st.sampled_from(["Z", "", "z", "+00:00", " Z"]))


@settings(max_examples=400, deadline=None)
@given(parts=_fields)
def test_a_timestamp_is_read_exactly_as_its_fields_say(
        parts: tuple[int, int, int, int, int, int, str | None, str]) -> None:
    year, month, day, hour, minute, second, frac, zone = parts
    text = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    text += ("" if frac is None else "." + frac) + zone
    assert parse_timestamp(text) == _by_fields(text), text


def test_what_is_refused_and_what_is_read() -> None:
    assert parse_timestamp("2026-12-04T08:15:00.000Z") == dt.datetime(
        2026, 12, 4, 8, 15, tzinfo=dt.UTC)
    assert parse_timestamp("2026-12-04T08:15:00.5Z") == dt.datetime(
        2026, 12, 4, 8, 15, 0, 500000, tzinfo=dt.UTC)
    for bad in ("2026-13-45T99:99:99Z", "2026-02-30T00:00:00Z", "2026-12-04T24:00:00Z",
                "2026-12-04T23:59:60Z", "2026-12-04 08:15:00Z", "2026-12-04T08:15:00",
                "2026-12-04T08:15:00+07:00", "2026-12-04T08:15:00.1234567Z",
                "٢٠٢٦-12-04T08:15:00Z", "", None, 20261204):
        assert parse_timestamp(bad) is None, bad
    now = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    assert timestamp_problem("2026-12-09T00:00:00.000Z", now) == "future"
    assert timestamp_problem("2026-13-01T00:00:00.000Z", now) == "bad"
    assert timestamp_problem(None, now, optional=True) is None
