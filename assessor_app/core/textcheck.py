"""Text the user typed must be proper Unicode (issue 15).

Refused, never silently stripped (a signed record keeps exactly what was typed, and the
user learns why a value was not taken):

* lone surrogates (U+D800-U+DFFF): what Python makes of invalid UTF-8 in ``sys.argv``
  (``surrogateescape``) or of a broken UTF-16 pair; they cannot be stored or printed;
* control characters other than tab, line feed and carriage return: C0 (U+0000-U+001F),
  DEL (U+007F) and C1 (U+0080-U+009F). They are invisible, break reports and exports, and
  NUL cannot be stored in PostgreSQL. Tab and line breaks stay allowed everywhere (a
  single-line field shows them as spaces; the reports lay them out).

The error is ``InvalidValueError("value.bad_text", item=..., char="U+D800", pos=N)`` with
``pos`` 1-based, so GUI and CLI say which character is wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from assessor_app.core.errors import InvalidValueError

__all__ = ["check_text", "check_texts", "text_problem"]

_BAD = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def text_problem(text: str) -> tuple[int, str] | None:
    """``(position, "U+XXXX")`` of the first character not allowed in ``text``
    (1-based), or None when the text is fine."""
    m = _BAD.search(text)
    if m is None:
        return None
    return m.start() + 1, f"U+{ord(m.group()):04X}"


def check_text(text: str | None, item: str = "") -> str | None:
    """``text`` unchanged, or ``InvalidValueError("value.bad_text")`` (module docstring)."""
    if text is None or not isinstance(text, str):
        return text
    problem = text_problem(text)
    if problem is not None:
        raise InvalidValueError("value.bad_text", item=item, pos=problem[0], char=problem[1])
    return text


def check_texts(fields: Mapping[str, Any]) -> None:
    """``check_text`` on every string value of ``fields`` (named after its key)."""
    for key, value in fields.items():
        if isinstance(value, str):
            check_text(value, key)
