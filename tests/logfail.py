"""Fail a test that makes the app log an unexpected WARNING or worse (qutebrowser's
``tests/helpers/logfail.py`` idea; pytest-qt's ``qt_log_level_fail`` does the same for Qt).

One handler on the root logger collects every record of level WARNING and above for the
whole session; ``tests/conftest.py`` clears it when a test starts and checks it after the
test body (the test fails) and after its teardown (a teardown error). A test that expects a
record says so with a marker, one per expected kind of record::

    @pytest.mark.allow_log("WARNING", "assessor_app.storage.store", r"checkpoint .* blocked")

``level`` is the record's level name (``WARNING``, ``ERROR``, ``CRITICAL``); ``logger`` the
logger's name, which also covers its children (``assessor_app.storage`` covers
``assessor_app.storage.store``); ``pattern`` a regular expression searched in the message.
A marker allows; it does not require (assert on a record with ``caplog`` where it matters).

Only records of this process are seen: subprocesses (the CLI runs, the kill -9 drivers)
log to their own files.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass

import pytest

MARKER = "allow_log"
_LEVELS = ("WARNING", "ERROR", "CRITICAL")


@dataclass(frozen=True)
class AllowedLog:
    level: str
    logger: str
    pattern: re.Pattern[str]

    def matches(self, record: logging.LogRecord) -> bool:
        return (record.levelname == self.level
                and (record.name == self.logger or record.name.startswith(self.logger + "."))
                and self.pattern.search(record.getMessage()) is not None)


def allowed_logs(item: pytest.Item) -> list[AllowedLog]:
    """The ``allow_log`` markers of ``item`` (on the test, its class or its module)."""
    out: list[AllowedLog] = []
    for mark in item.iter_markers(MARKER):
        try:
            level, logger, pattern = mark.args
        except ValueError:
            raise pytest.UsageError(
                f"{item.nodeid}: allow_log takes (level, logger, pattern), got {mark.args}"
            ) from None
        if mark.kwargs or level not in _LEVELS or not isinstance(logger, str) \
                or not logger or not isinstance(pattern, str):
            raise pytest.UsageError(
                f"{item.nodeid}: allow_log(level, logger, pattern): level one of {_LEVELS}, "
                f"logger and pattern strings; got {mark.args} {mark.kwargs}")
        out.append(AllowedLog(level, logger, re.compile(pattern)))
    return out


def describe(record: logging.LogRecord) -> str:
    text = f"{record.levelname} {record.name}: {record.getMessage()}"
    if record.exc_info and record.exc_info[1] is not None:
        exc = record.exc_info[1]
        text += f" [{type(exc).__name__}: {exc}]"
    return text


class LogFailHandler(logging.Handler):
    """Collects WARNING-and-above records; thread-safe (workers log too)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self._records: list[logging.LogRecord] = []
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        with self._guard:
            self._records.append(record)

    def take(self) -> list[logging.LogRecord]:
        """The records collected since the last call, and forget them."""
        with self._guard:
            records, self._records = self._records, []
        return records

    def unexpected(self, allowed: list[AllowedLog]) -> list[logging.LogRecord]:
        return [r for r in self.take() if not any(a.matches(r) for a in allowed)]


def failure_message(when: str, records: list[logging.LogRecord]) -> str:
    lines = [f"unexpected log record(s) during {when} (mark an expected one with "
             "@pytest.mark.allow_log(level, logger, pattern); see tests/logfail.py):"]
    lines += [f"  {describe(r)}" for r in records]
    return "\n".join(lines)
