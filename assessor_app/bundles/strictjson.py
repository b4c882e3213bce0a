"""Strict JSON for untrusted input (RELIABILITY T16).

Refused: invalid UTF-8 (overlong forms included) and a BOM, duplicate keys, NaN/Infinity
(also as an overflowing float such as ``1e999``), integers longer than
:data:`MAX_INT_DIGITS`, nesting deeper than the cap (checked on the raw text before the
recursive parser runs), NUL characters inside strings (the app never stores them), and lone
surrogates (``"\\ud800"``), which the database could not store.
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from assessor_app.bundles.errors import ImportRejected

MAX_DEPTH = 32
MAX_INT_DIGITS = 20
MAX_FLOAT_CHARS = 40

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_CONTROL = re.compile(r"\x00")


class _Refused(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused("bundle.json_duplicate_key", key=key)
        out[key] = value
    return out


def _constant(name: str) -> Any:
    raise _Refused("bundle.json_constant", value=name)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused("bundle.json_number", digits=len(text))
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_FLOAT_CHARS:
        raise _Refused("bundle.json_number", digits=len(text))
    value = float(text)
    if not math.isfinite(value):
        raise _Refused("bundle.json_constant", value=text)
    return value


def _depth(text: str) -> int:
    brackets = _NOT_BRACKET.sub("", _STRING.sub('""', text))
    if not brackets:
        return 0
    return max(accumulate(1 if ch in "[{" else -1 for ch in brackets))


def _check_strings(value: Any) -> None:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            _check_text(item)
        elif isinstance(item, dict):
            for key, child in item.items():
                _check_text(key)
                stack.append(child)
        elif isinstance(item, list):
            stack.extend(item)


def _check_text(text: str) -> None:
    if _CONTROL.search(text):
        raise _Refused("bundle.json_control")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogate from a \\udXXX escape
        raise _Refused("bundle.json_encoding", offset=exc.start) from None


def loads_strict(data: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse ``data`` or raise ``ImportRejected`` with a ``bundle.json_*`` code."""
    try:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Refused("bundle.json_encoding", offset=exc.start) from None
        if text.startswith("\ufeff"):
            raise _Refused("bundle.json_encoding", offset=0)
        if _depth(text) > max_depth:
            raise _Refused("bundle.json_depth", max=max_depth)
        try:
            value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_constant,
                               parse_int=_int, parse_float=_float)
        except json.JSONDecodeError as exc:
            raise _Refused("bundle.json_syntax", line=exc.lineno, col=exc.colno) from None
        except RecursionError:
            raise _Refused("bundle.json_depth", max=max_depth) from None
        if "\\u" in text:  # NUL and lone surrogates only get into a string by an escape:
            _check_strings(value)  # raw ones are refused by the parser or by UTF-8
        return value
    except _Refused as refused:
        raise ImportRejected(refused.code, **refused.params) from None


def dumps_canonical(value: Any, *, indent: int | None = None) -> bytes:
    """The writer's side: sorted keys, UTF-8, no NaN (what ``loads_strict`` accepts)."""
    separators = (",", ": ") if indent is not None else (",", ":")
    return json.dumps(value, ensure_ascii=False, sort_keys=True, allow_nan=False,
                      indent=indent, separators=separators).encode("utf-8")
