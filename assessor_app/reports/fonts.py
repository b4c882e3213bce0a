"""Embedded TrueType fonts (DejaVu Sans, shipped in ``resources/fonts``), registered once.

Standard PDF fonts only know Latin-1, so names such as "Ṭāhā" or "Nguyễn" would print as
boxes. DejaVu Sans covers Latin, Greek, Cyrillic, Hebrew, Arabic and many symbols; what it
lacks is replaced by U+FFFD before it reaches reportlab (see :func:`printable`).
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from assessor_app.paths import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FAMILY = "DejaVuSans"
FACES = (REGULAR, BOLD, ITALIC, BOLD_ITALIC)
REPLACEMENT = "\ufffd"

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register() -> None:
    """Register the family with reportlab (idempotent, thread-safe)."""
    if _coverage:
        return
    with _lock:
        if _coverage:
            return
        found: dict[str, frozenset[int]] = {}
        for face in FACES:
            font = TTFont(face, str(fonts_dir() / f"{face}.ttf"))
            pdfmetrics.registerFont(font)
            found[face] = frozenset(font.face.charToGlyph)
        pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC,
                                      boldItalic=BOLD_ITALIC)
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        # User text is set upright, regular or bold (a bold name), so characters both
        # upright faces have are safe for it ("*"); the oblique faces lack Arabic, among
        # others, and only ever print the app's and the templates' own words.
        found["*"] = found[REGULAR] & found[BOLD]
        _coverage.update(found)


def coverage(face: str = "*") -> frozenset[int]:
    register()
    return _coverage[face]


# Characters that are invisible formatting, kept out of the PDF rather than replaced.
_DROP = frozenset({0x200D, 0xFE0E, 0xFE0F, 0x2060, 0xFEFF}) | frozenset(range(0xE0020, 0xE0080))


def printable(text: str, face: str = "*") -> str:
    """``text`` with every run of characters the font cannot draw replaced by one U+FFFD.

    Control characters other than newline and tab are dropped, so are zero-width joiners
    and emoji variation selectors (they only glue pictographs together).
    """
    cov = coverage(face)
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if ch in "\n\t":
            out.append(ch)
        elif cp < 0x20 or 0x7F <= cp < 0xA0 or cp in _DROP or 0xD800 <= cp < 0xE000:
            continue
        elif cp in cov:
            out.append(ch)
        elif not out or out[-1] != REPLACEMENT:  # one mark for a run (emoji sequences)
            out.append(REPLACEMENT)
    return "".join(out)
