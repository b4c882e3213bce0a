"""Embedded TrueType fonts (shipped in ``resources/fonts``), registered once, and the split of
a text into runs of the font that has its glyphs.

Standard PDF fonts only know Latin-1, so names such as "Ṭāhā", "Nguyễn", "张伟" or
"عبد الله" would print as boxes. DejaVu Sans (the text face: Latin, Greek, Cyrillic, Hebrew,
symbols) is the style font of every paragraph; runs of Arabic script are set in Noto Sans
Arabic, runs of hanzi (and kana, CJK punctuation) in a Noto Sans CJK SC cut
(``scripts/build_fonts.py``). Arabic is shaped (arabic-reshaper) and put in visual order
(python-bidi) before layout. What no font draws, and emoji, print as :data:`MARKER` - and
the services refuse such text at entry (:mod:`assessor_app.core.glyphs`), so a marker only
shows for text from elsewhere (a template, an older record).

Paragraph markup names a fallback run ``<font name="NotoSansArabic">``; build paragraphs with
:class:`ScriptParagraph`, which keeps the bold of the style or of ``<b>`` for such runs (plain
reportlab would set them regular).
"""

from __future__ import annotations

import functools
import threading
import unicodedata
from pathlib import Path
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import textTransformFrags
from reportlab.platypus.paraparser import ParaParser, _spanAttrMap

from assessor_app.core.glyphs import INVISIBLE, is_emoji
from assessor_app.paths import resources_dir

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"
FAMILY = "DejaVuSans"
FACES = (REGULAR, BOLD, ITALIC, BOLD_ITALIC)

ARABIC = "NotoSansArabic"  # family name = its regular face's name
ARABIC_BOLD = "NotoSansArabic-Bold"
CJK = "NotoSansSC-Names"  # one face, also for bold and italic
FALLBACKS = (ARABIC, CJK)
_FILES = {ARABIC: "NotoSansArabic-Regular.ttf", ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
          CJK: "NotoSansSC-Names-Regular.ttf"}

#: What prints for a character no shipped font has, and for an emoji (one per run).
MARKER = "[?]"
REPLACEMENT = MARKER  # the older name

_lock = threading.Lock()
_coverage: dict[str, frozenset[int]] = {}


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def register() -> None:
    """Register the families with reportlab (idempotent, thread-safe)."""
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
        for face, file in _FILES.items():
            font = TTFont(face, str(fonts_dir() / file))
            pdfmetrics.registerFont(font)
            found[face] = frozenset(font.face.charToGlyph)
        # no oblique faces: italic maps to upright. The upright mappings go last, so a face
        # name maps back to (family, its bold, not italic).
        addMapping(ARABIC, 0, 1, ARABIC)
        addMapping(ARABIC, 1, 1, ARABIC_BOLD)
        addMapping(ARABIC, 0, 0, ARABIC)
        addMapping(ARABIC, 1, 0, ARABIC_BOLD)
        for bold, italic in ((1, 1), (0, 1), (1, 0), (0, 0)):
            addMapping(CJK, bold, italic, CJK)
        # User text is set upright, regular or bold (a bold name), so characters both
        # upright faces have are safe for it ("*"); the oblique faces lack Arabic, among
        # others, and only ever print the app's and the templates' own words.
        found["*"] = found[REGULAR] & found[BOLD]
        found[ARABIC] = found[ARABIC] & found[ARABIC_BOLD]
        _coverage.update(found)


def coverage(face: str = "*") -> frozenset[int]:
    register()
    return _coverage[face]


def _arabic_script(cp: int) -> bool:
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)


def _cjk_script(cp: int) -> bool:
    return (0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFE30 <= cp <= 0xFE4F
            or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF)


def dropped(cp: int) -> bool:
    """Kept out of the PDF: control characters (newline and tab are handled by the caller),
    zero-width joiners, emoji variation selectors, tags, surrogates."""
    return cp < 0x20 or 0x7F <= cp < 0xA0 or cp in INVISIBLE or 0xD800 <= cp < 0xE000


@functools.lru_cache(maxsize=65536)
def font_of(ch: str, face: str = "*") -> str | None:
    """The font for ``ch``: None for the style's own face, a fallback face name, or
    :data:`MARKER` when no font draws it (or it is an emoji)."""
    cp = ord(ch)
    if is_emoji(ch):
        return MARKER
    if _arabic_script(cp) and cp in coverage(ARABIC):
        return ARABIC
    if _cjk_script(cp) and cp in coverage(CJK):
        return CJK
    if cp in coverage(face):
        return None
    for fallback in FALLBACKS:
        if cp in coverage(fallback):
            return fallback
    return MARKER


def printable(text: str, face: str = "*") -> str:
    """``text`` with every run of characters no shipped font draws (and emoji) replaced by
    one :data:`MARKER`; control characters other than newline and tab dropped, so are
    zero-width joiners and emoji variation selectors (they only glue pictographs together).

    With ``face`` other than "*", a character that face lacks is a marker too (text drawn
    on the canvas in that one face)."""
    out: list[str] = []
    marked = False
    for ch in text:
        cp = ord(ch)
        if ch in "\n\t":
            out.append(ch)
            marked = False
            continue
        if dropped(cp):
            continue
        font = font_of(ch)
        if face != "*" and font is None and cp not in coverage(face):
            font = MARKER
        if font == MARKER or (face != "*" and font is not None):
            if not marked:
                out.append(MARKER)
            marked = True
            continue
        out.append(ch)
        marked = False
    return "".join(out)


def runs(text: str, face: str = "*") -> list[tuple[str | None, str]]:
    """``text`` (printable, visual order) cut into runs of one font: (None: the style's
    face, or a fallback face name; text). Spaces and punctuation stay in the run they are in
    when its font has them."""
    out: list[tuple[str | None, str]] = []
    for ch in text:
        font = font_of(ch, face)
        if font == MARKER:  # printable() has run before: only for a face's own gaps
            font, ch = None, MARKER
        if out and font != out[-1][0]:
            current = out[-1][0]
            cover = coverage(face) if current is None else coverage(current)
            if unicodedata.category(ch)[0] in "ZP" and ord(ch) in cover:
                font = current
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    return out


def face_for(fallback: str, bold: bool) -> str:
    """The face of a fallback family in a bold or regular context."""
    return ARABIC_BOLD if fallback == ARABIC and bold else fallback


class _Parser(ParaParser):  # type: ignore[misc]
    """reportlab's parser, except that ``<font name=FALLBACK>`` keeps the bold and italic in
    force (the face is then picked by the family mapping) instead of resetting them."""

    def start_font(self, attr: dict[str, Any]) -> None:
        values = self.getAttributes(attr, _spanAttrMap)
        name = values.get("fontName")
        if isinstance(name, str) and name in FALLBACKS:
            values["fontName"] = name.lower()
            self._push("font", **values)
            return
        super().start_font(attr)


class ScriptParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose fallback runs (Arabic, CJK) follow the bold of their context."""

    def _setup(self, text: str, style: Any, bulletText: Any, frags: Any,  # noqa: N803
               cleaner: Any) -> None:
        if frags is None:
            text = cleaner(text)
            parser = _Parser()
            parser.caseSensitive = self.caseSensitive
            style, frags, bullet_frags = parser.parse(text, style)
            if frags is None:
                raise ValueError(f"xml parser error ({parser.errors[0]}) in paragraph "
                                 f"beginning\n'{text[:30]}'")
            textTransformFrags(frags, style)
            if bullet_frags:
                bulletText = bullet_frags  # noqa: N806
        super()._setup(text, style, bulletText, frags, lambda t: t)
