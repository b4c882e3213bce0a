"""Which characters the report fonts can draw, so text is refused at entry rather than
printed as a marker on a signed report.

The fonts ship in ``resources/fonts`` (DejaVu Sans for Latin, Greek, Cyrillic, Hebrew and
symbols; Noto Sans Arabic; a Noto Sans CJK SC cut of the GB2312 and Big5 level 1 hanzi).
Their character maps are read here with a small ``cmap`` reader (formats 4 and 12), so the
services can check a name without loading reportlab; ``reports/fonts.py`` draws with the same
files, and a test checks that both agree.

Emoji and scripts none of the fonts has (Ethiopic, private-use characters...) are refused by
every service that stores text that gets printed: names, registry fields, typed answers,
notes. One rule everywhere: nothing on a signed paper is silently changed.
"""

from __future__ import annotations

import functools
import struct
import threading
from pathlib import Path
from typing import Any

#: User text is set upright, regular or bold: a character is printable when both faces of a
#: family have it (the CJK cut has one face, used for both).
FAMILIES: tuple[tuple[str, ...], ...] = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    ("NotoSansSC-Names-Regular.ttf",),
)

#: Invisible formatting, never printed and never a reason to refuse: zero-width joiner, emoji
#: variation selectors, word joiner, byte order mark, tag characters.
INVISIBLE = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x2060, 0xFEFF}) | frozenset(range(0xE0020, 0xE0080))

@functools.cache
def _emoji() -> Any:
    """Emoji: characters shown as pictures by default (``Emoji_Presentation``: 😀, ✅, flags'
    regional indicators). DejaVu Sans has outlines for some, but a black-and-white smiley on
    a signed form is not what was typed; they count as unprintable. Text-style symbols
    (©, ™, ☺, ❤, ✓) print as they are. Compiled on first use: the ``regex`` package loads
    when text is first checked, not with every module that imports this one."""
    import regex

    return regex.compile(r"\p{Emoji_Presentation}")


_lock = threading.Lock()
_printable: frozenset[int] | None = None


def fonts_dir() -> Path:
    from assessor_app.paths import resources_dir

    return resources_dir() / "fonts"


def read_cmap(path: Path) -> frozenset[int]:
    """The code points a TrueType/OpenType font maps to a glyph (Windows Unicode cmap)."""
    data = path.read_bytes()
    num_tables = struct.unpack_from(">H", data, 4)[0]
    cmap_at = None
    for i in range(num_tables):
        tag, _sum, offset, _len = struct.unpack_from(">4sIII", data, 12 + 16 * i)
        if tag == b"cmap":
            cmap_at = offset
    if cmap_at is None:
        return frozenset()
    count = struct.unpack_from(">H", data, cmap_at + 2)[0]
    subtables: dict[tuple[int, int], int] = {}
    for i in range(count):
        pid, eid, off = struct.unpack_from(">HHI", data, cmap_at + 4 + 8 * i)
        subtables[(pid, eid)] = cmap_at + off
    for key in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):
        at = subtables.get(key)
        if at is None:
            continue
        fmt = struct.unpack_from(">H", data, at)[0]
        if fmt == 12:
            return _format12(data, at)
        if fmt == 4:
            return _format4(data, at)
    return frozenset()


def _format4(data: bytes, at: int) -> frozenset[int]:
    seg2 = struct.unpack_from(">H", data, at + 6)[0]
    n = seg2 // 2
    ends = struct.unpack_from(f">{n}H", data, at + 14)
    starts = struct.unpack_from(f">{n}H", data, at + 16 + seg2)
    deltas = struct.unpack_from(f">{n}h", data, at + 16 + 2 * seg2)
    ranges_at = at + 16 + 3 * seg2
    offsets = struct.unpack_from(f">{n}H", data, ranges_at)
    found: set[int] = set()
    for i in range(n):
        start, end, delta, ro = starts[i], ends[i], deltas[i], offsets[i]
        if start == 0xFFFF:
            continue
        for cp in range(start, end + 1):
            if ro == 0:
                glyph = (cp + delta) & 0xFFFF
            else:
                pos = ranges_at + 2 * i + ro + 2 * (cp - start)
                glyph = struct.unpack_from(">H", data, pos)[0]
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                found.add(cp)
    return frozenset(found)


def _format12(data: bytes, at: int) -> frozenset[int]:
    groups = struct.unpack_from(">I", data, at + 12)[0]
    found: set[int] = set()
    for i in range(groups):
        start, end, first = struct.unpack_from(">III", data, at + 16 + 12 * i)
        for cp in range(start, end + 1):
            if first + (cp - start):
                found.add(cp)
    return frozenset(found)


def printable_set() -> frozenset[int]:
    """Every code point some family of the shipped fonts draws (in all its faces)."""
    global _printable
    if _printable is None:
        with _lock:
            if _printable is None:
                found: set[int] = set()
                for family in FAMILIES:
                    maps = [read_cmap(fonts_dir() / name) for name in family]
                    found |= frozenset.intersection(*maps)
                _printable = frozenset(found)
    return _printable


def is_emoji(ch: str) -> bool:
    return _emoji().match(ch) is not None


def printable(ch: str) -> bool:
    """A character some shipped font draws as typed (an emoji is not)."""
    return ord(ch) in printable_set() and not is_emoji(ch)


def ignorable(cp: int) -> bool:
    """Characters the reports drop rather than draw: control characters (other helpers
    refuse what must be refused of these), invisible joiners and selectors, surrogates."""
    return cp < 0x20 or 0x7F <= cp < 0xA0 or cp in INVISIBLE or 0xD800 <= cp < 0xE000


def unprintable_chars(text: str) -> tuple[str, ...]:
    """The distinct characters of ``text`` that no shipped font can draw, in order of first
    appearance (empty: the text prints as typed). Emoji are among them."""
    cov = printable_set()
    seen: dict[str, None] = {}
    for ch in text:
        cp = ord(ch)
        if (cp not in cov or is_emoji(ch)) and not ignorable(cp):
            seen.setdefault(ch, None)
    return tuple(seen)


def describe(chars: tuple[str, ...], limit: int = 5) -> str:
    """``"😀" (U+1F600), "ሀ" (U+1200)`` for a message; the code point names the invisible."""
    shown = ", ".join(f'"{ch}" (U+{ord(ch):04X})' for ch in chars[:limit])
    return shown + (", …" if len(chars) > limit else "")


def check_printable(text: str | None, item: str = "") -> None:
    """Raise ``InvalidValueError("value.unprintable")`` naming the characters of ``text``
    that no report font can print (emoji among them); None and "" pass."""
    if not text:
        return
    bad = unprintable_chars(text)
    if bad:
        from assessor_app.core.errors import InvalidValueError

        raise InvalidValueError("value.unprintable", item=item, chars=describe(bad))
