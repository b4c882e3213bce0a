"""Showing stored text safely: the one sanitiser for display (CLI output, GUI labels and
lists, window titles). Qt-free.

:mod:`assessor_app.core.textcheck` refuses control characters when text is typed or
imported. Text can still arrive with them: an old database, a bundle written by an older
version, a hand edit with ``sqlite3``. Shown as they are, such characters act instead of
being seen: ``ESC [ ... m`` recolours or moves a terminal's cursor, ``ESC ] ... BEL``
sets its title or a hyperlink, a C1 ``CSI`` (U+009B) does the same on some terminals, a
carriage return overprints a line, and a bidi override or isolate (U+202A-U+202E,
U+2066-U+2069) makes ``Budi‮evil.exe`` read backwards ("Trojan Source").

:func:`display_text` replaces each of them with U+FFFD (visible, so a tampered value is
noticed rather than silently cleaned) and never changes stored data: it is applied only
where text is shown. :func:`escape_json` keeps ``--json`` output lossless: the same
characters become ``\\uXXXX`` escapes, which every JSON reader turns back into the data.
"""

from __future__ import annotations

import re

__all__ = ["REPLACEMENT", "display_line", "display_text", "escape_json", "has_unsafe"]

REPLACEMENT = "\ufffd"

# C0 controls except TAB and LF, DEL, C1 controls, the bidi embeddings/overrides
# (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI), lone surrogates.
_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_OR_BREAK = re.compile(f"[{_UNSAFE_CLASS}\t\n]")
_CRLF = re.compile("\r\n?")


def has_unsafe(text: str) -> bool:
    """Whether ``text`` holds a character :func:`display_text` would replace."""
    return _UNSAFE.search(text) is not None


def display_text(value: object, *, multiline: bool = True) -> str:
    """``value`` as text that is safe to show: None -> ``""``; every control character
    (but tab and line feed), DEL, C1 control, bidi override/isolate and lone surrogate
    becomes U+FFFD. A CR LF or lone CR ends a line (LF). ``multiline=False`` (a list
    cell, a window title) also turns tabs and line breaks into single spaces."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    if "\r" in text:
        text = _CRLF.sub("\n", text)
    if multiline:
        return _UNSAFE.sub(REPLACEMENT, text) if _UNSAFE.search(text) else text
    if _UNSAFE_OR_BREAK.search(text) is None:
        return text
    return _UNSAFE_OR_BREAK.sub(lambda m: " " if m.group() in "\t\n" else REPLACEMENT, text)


def display_line(value: object) -> str:
    """:func:`display_text` for one line (lists, titles, labels)."""
    return display_text(value, multiline=False)


def escape_json(text: str) -> str:
    """JSON text with every character :func:`display_text` would replace written as a
    ``\\uXXXX`` escape (the parsed value is unchanged). For ``ensure_ascii=False`` output,
    which otherwise writes C1 controls and bidi overrides raw."""
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
