"""Time and identifiers. Injected where tests need a fixed clock."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable

# Indonesian time zones, stored with their offset (PRODUCT.md).
TIMEZONES: dict[str, dt.timezone] = {
    "WIB": dt.timezone(dt.timedelta(hours=7), "WIB"),
    "WITA": dt.timezone(dt.timedelta(hours=8), "WITA"),
    "WIT": dt.timezone(dt.timedelta(hours=9), "WIT"),
}

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def iso_utc(moment: dt.datetime) -> str:
    """ISO-8601 UTC with millisecond precision and a Z suffix."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_now_iso(clock: Clock = system_clock) -> str:
    return iso_utc(clock())


#: The earliest date a form or the registry takes: nobody assessed or registered was born,
#: and no visit or assessment took place, before it; 1900-01-01 (the "zero" date of
#: spreadsheets and date pickers) is refused as the placeholder it almost always is.
EARLIEST_DATE = dt.date(1901, 1, 1)
#: How far ahead a date answer may lie: planned assessment days, letters dated ahead,
#: licences and certificates valid for some years; a template narrows it with a constraint.
DATE_YEARS_AHEAD = 10


def latest_date(today: dt.date) -> dt.date:
    """The last plausible date of an answer or a visit: :data:`DATE_YEARS_AHEAD` years
    after ``today`` (29 February to 28 February)."""
    year = today.year + DATE_YEARS_AHEAD
    try:
        return today.replace(year=year)
    except ValueError:
        return today.replace(year=year, day=28)


def today_anywhere(clock: Clock = system_clock) -> dt.date:
    """Today's date where it is latest in Indonesia (WIT): a date "not after today" is never
    refused for a time zone that is already on the next day."""
    return clock().astimezone(TIMEZONES["WIT"]).date()


def new_id() -> str:
    """A random 32-char hex id (UUID4)."""
    return uuid.uuid4().hex


def local_moment(text: str, zone: str = "WIB", *, item: str = "date") -> str:
    """A date (``YYYY-MM-DD``: its start) or a date and time (``YYYY-MM-DD HH:MM``, also
    ``T`` and ``.``) the user typed in ``zone`` (WIB/WITA/WIT), as a UTC timestamp.
    Raises ``InvalidValueError("value.bad_date")`` for anything else."""
    from assessor_app.core.errors import InvalidValueError

    raw = " ".join(text.strip().replace("T", " ").split())
    tz = TIMEZONES.get(zone, TIMEZONES["WIB"])
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H.%M", "%Y-%m-%d"):
        try:
            moment = dt.datetime.strptime(raw, fmt)
        except ValueError:
            continue
        return iso_utc(moment.replace(tzinfo=tz))
    raise InvalidValueError("value.bad_date", item=item, value=text[:40])
