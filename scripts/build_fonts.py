"""Make the report fonts that are not shipped as they come (run once, commit the output).

    apt-get install -y fonts-noto-core fonts-noto-cjk
    pip install fonttools
    python scripts/build_fonts.py

* ``NotoSansArabic-Regular.ttf`` / ``-Bold.ttf``: copied as they are (TrueType outlines).
* ``NotoSansSC-Names-Regular.ttf``: Noto Sans CJK SC cut down to the hanzi of
  GB2312 (all 6,763, simplified) and of Big5 level 1 (5,401, traditional; 8,836 together),
  CJK punctuation, kana and full-width forms, then converted from CFF (PostScript) to
  TrueType outlines, because reportlab embeds only TrueType (``glyf``) fonts. 2.8 MB; no
  bold face (bold text in CJK is set in this regular face: a bold cut would double that).

All are SIL Open Font License 1.1 (``resources/fonts/LICENSE-Noto.txt``); the OFL allows
subsetting and conversion, and Noto declares no Reserved Font Name.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
CJK = Path("/usr/share/fonts/opentype/noto")
CJK_SC = 2  # Noto Sans CJK SC in the collection


def hanzi() -> set[str]:
    chars: set[str] = set()
    for hi in range(0xB0, 0xF8):  # GB2312 levels 1 and 2
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for hi in range(0xA4, 0xC7):  # Big5 level 1 (frequent characters)
        for lo in [*range(0x40, 0x7F), *range(0xA1, 0xFF)]:
            try:
                ch = bytes([hi, lo]).decode("big5")
            except UnicodeDecodeError:
                continue
            if 0x4E00 <= ord(ch) <= 0x9FFF:
                chars.add(ch)
    extra = [*range(0x3000, 0x3040), *range(0x3040, 0x3100), *range(0xFF01, 0xFF5F)]
    return chars | {chr(c) for c in extra}


def to_truetype(font: TTFont, max_err: float = 1.0) -> None:
    """CFF outlines -> quadratic glyf (the fontTools otf2ttf recipe)."""
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    for tag in ("VORG",):
        if tag in font:
            del font[tag]
    glyf.compile(font)
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        width, _ = hmtx[name]
        hmtx[name] = (width, getattr(glyph, "xMin", 0))
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones",):
        setattr(maxp, attr, 1)
    for attr in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


def build_cjk(weight: str) -> Path:
    font = TTCollection(str(CJK / f"NotoSansCJK-{weight}.ttc")).fonts[CJK_SC]
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["VORG", "vhea", "vmtx", "BASE", "GSUB", "GPOS", "GDEF"]
    options.name_IDs = ["*"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=[ord(c) for c in hanzi()])
    sub.subset(font)
    to_truetype(font)
    out = OUT / f"NotoSansSC-Names-{weight}.ttf"
    font.save(str(out))
    return out


def main() -> None:
    for weight in ("Regular", "Bold"):
        shutil.copyfile(NOTO / f"NotoSansArabic-{weight}.ttf",
                        OUT / f"NotoSansArabic-{weight}.ttf")
    print(build_cjk("Regular"))


if __name__ == "__main__":
    main()
