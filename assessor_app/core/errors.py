"""Error taxonomy of the core.

Core code never builds user-facing sentences: it raises an error with a stable
``code`` and ``params``; the CLI and the UI turn them into words (see
``assessor_app.messages``).

Two kinds of failure exist in the whole app (after qutebrowser's KnownError /
BugError): an ``AppError`` is a user or environment problem (bad input, a broken
template, disk full) and gets a plain message; anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class AppError(Exception):
    """A user or environment error with a stable code and parameters."""

    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params: dict[str, Any] = params

    def __str__(self) -> str:
        if not self.params:
            return self.code
        inner = ", ".join(f"{k}={v!r}" for k, v in sorted(self.params.items()))
        return f"{self.code} ({inner})"


class NotFoundError(AppError):
    """A record that was asked for does not exist."""


class InvalidValueError(AppError):
    """A value typed by the user does not fit the item (type or constraint)."""


class StateError(AppError):
    """The operation is not allowed in the record's current state (e.g. locked)."""


class StorageError(AppError):
    """The database or a file could not be read or written (disk full, read-only...)."""


@dataclass(frozen=True)
class TemplateIssue:
    """One problem found while loading a template, with its source position."""

    file: str
    line: int  # 1-based
    col: int  # 1-based
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    cell: str | None = None  # "survey!E12" for a template read from an XLSForm workbook

    def location(self) -> str:
        if self.cell is not None:
            return f"{self.file}:{self.cell}"
        return f"{self.file}:{self.line}:{self.col}"


class TemplateError(AppError):
    """A template failed to load; carries every issue found, not just the first."""

    def __init__(self, issues: list[TemplateIssue]) -> None:
        super().__init__("template.invalid", count=len(issues))
        self.issues = issues
