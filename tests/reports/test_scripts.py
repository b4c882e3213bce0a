"""Names in every script an Indonesian name can carry print as typed: Latin with diacritics,
Chinese (a Noto Sans CJK cut), Arabic (shaped, right to left); emoji and scripts no shipped
font has are refused at entry with a message naming the characters, never printed as "�"."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest

from assessor_app.core import glyphs
from assessor_app.core.errors import InvalidValueError
from assessor_app.messages import describe as describe_error
from assessor_app.reports import fonts
from assessor_app.reports.text import esc, para, visual
from assessor_app.services.demo import signature_png
from tests.helpers import pdf_text

CHINESE = "Zhang Wei 张伟"
TRADITIONAL = "陳美玲"
ARABIC = "عبد الله"
VIETNAMESE = "Nguyễn Thị Ánh"

#: The FR.IA.01 written before the MUK 2023 instruments (a fixture of older stores); the
#: demo store also holds the one its scheme generates, a higher version.
LEGACY_IA01 = "FR.IA.01.J620100.005.02@2024.1"


def _letters(text: str) -> list[str]:
    """Arabic letters of ``text`` in their base forms: the PDF holds the joined
    presentation forms (ﻋ ﺒ ﺪ), in visual order, which NFKC folds back to (ع ب د)."""
    folded = unicodedata.normalize("NFKC", text)
    return sorted(ch for ch in folded if "\u0600" <= ch <= "\u06ff")


def _fonts_of(pdf: bytes) -> dict[str, bool]:
    """Every font of the PDF: base name -> embedded."""
    import io

    from pypdf import PdfReader

    out: dict[str, bool] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources: Any = page["/Resources"]
        for ref in (resources.get("/Font") or {}).values():
            font: Any = ref.get_object()
            descendants = font.get("/DescendantFonts")
            desc = (descendants[0].get_object() if descendants else font).get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out[str(font["/BaseFont"])] = embedded
    return out


def _record_for(demo: Any, name: str) -> str:
    """A locked FR.AK.01 of a new asesi called ``name`` (the demo's flow, signed by both)."""
    reg, svc = demo.registry, demo.assessments
    person = reg.add_assessee(name)
    row = svc.create(LEGACY_IA01, assessee_id=person.id)
    for item in svc.template_of(row).walk_items():
        if item.kuk:
            svc.answer(row.id, item.name, "ya")
    svc.answer(row.id, "tuk", "sewaktu")
    svc.answer(row.id, "tanggal", "2026-11-20")
    svc.set_note(row.id, [it for it in svc.template_of(row).walk_items() if it.kuk][0].name,
                 f"{ARABIC} / {CHINESE} / {VIETNAMESE}")
    return str(row.id)


@pytest.mark.parametrize("name", [CHINESE, ARABIC, VIETNAMESE, TRADITIONAL])
def test_names_in_any_script_print_and_extract(demo: Any, reports: Any, name: str) -> None:
    rid = _record_for(demo, name)
    pdf = reports.render_assessment(rid)
    text = pdf_text(pdf)
    assert "\ufffd" not in text and fonts.MARKER not in text
    if name == ARABIC:
        # The PDF draws the joined presentation forms (ﻋﺒﺪ, the ligature ﷲ) in visual
        # order; pdfium folds them back to letters and gives each word in logical order,
        # the words of a line in visual order: check the words and the letters.
        assert "عبد" in text and "الله" in text
        assert _letters(name) in [_letters(line) for line in text.splitlines()]
    else:
        assert name in text
    flat = " ".join(text.split())  # the note wraps in its narrow column
    assert VIETNAMESE in flat and "张伟" in flat  # the note, in the same record
    embedded = _fonts_of(pdf)
    ours = {k: v for k, v in embedded.items() if "DejaVu" in k or "Noto" in k}
    assert all(ours.values()), embedded  # (a standard Helvetica is PDF hygiene's business)
    used = " ".join(ours)
    assert "DejaVuSans" in used and "NotoSansCJKsc" in used and "NotoSansArabic" in used
    if name == ARABIC:  # the name is bold in the header table, and so are its Arabic runs
        assert "NotoSansArabic-Bold" in used


@pytest.mark.parametrize("text", ["Dewi \U0001F642", "ሀይሉ", "x\ue000y", "\U0001F1EE\U0001F1E9"])
def test_unprintable_names_are_refused_with_a_message(demo: Any, text: str) -> None:
    reg = demo.registry
    before = len(reg.assessees())
    with pytest.raises(InvalidValueError) as err:
        reg.add_assessee(text)
    assert err.value.code == "value.unprintable"
    assert len(reg.assessees()) == before
    bad = glyphs.unprintable_chars(text)
    assert bad and all(f"U+{ord(ch):04X}" in err.value.params["chars"] for ch in bad)
    words = describe_error(err.value, "id")
    assert "tidak dapat dicetak" in words and f"U+{ord(bad[0]):04X}" in words


def test_unprintable_text_is_refused_in_answers_notes_and_signatures(demo: Any) -> None:
    reg, svc = demo.registry, demo.assessments
    person = reg.add_assessee(VIETNAMESE)
    row = svc.create(LEGACY_IA01, assessee_id=person.id)
    kuk = next(it for it in svc.template_of(row).walk_items() if it.kuk)
    with pytest.raises(InvalidValueError, match="value.unprintable"):
        svc.set_note(row.id, kuk.name, "bagus \U0001F44D")
    with pytest.raises(InvalidValueError, match="value.unprintable"):
        svc.answer(row.id, "umpan_balik_asesi", "terima kasih \U0001F64F")
    with pytest.raises(InvalidValueError, match="value.unprintable"):
        svc.sign(row.id, "asesi", "Dewi \U0001F642", signature_png("Dewi"))
    with pytest.raises(InvalidValueError, match="value.unprintable"):
        reg.update_assessee(person.id, birth_place="Kota \ue000")
    # text symbols print: accepted
    svc.set_note(row.id, kuk.name, "© ✓ ☺ ❤ — “kutip”")


def test_text_to_markup_runs_and_markers() -> None:
    assert esc(CHINESE) == 'Zhang Wei <font name="NotoSansSC-Names">张伟</font>'
    shaped = visual(ARABIC)
    assert shaped != ARABIC and _letters(shaped) == _letters(ARABIC)
    assert shaped == "\ufdf2 \ufeaa\ufe92\ufecb"  # joined forms, drawn right to left
    assert esc(ARABIC) == f'<font name="NotoSansArabic">{shaped}</font>'
    assert esc(VIETNAMESE) == VIETNAMESE
    # from a template or an older record: one visible marker per run, never U+FFFD
    assert esc("a \U0001F642\U0001F1EE\U0001F1E9 b ሀ") == f"a {fonts.MARKER} b {fonts.MARKER}"
    assert para("<b>\n张") == '&lt;b&gt;<br/><font name="NotoSansSC-Names">张</font>'


def test_bold_context_keeps_bold_for_arabic_runs() -> None:
    from reportlab.lib.styles import ParagraphStyle

    fonts.register()
    bold = ParagraphStyle("b", fontName=fonts.BOLD, fontSize=10)
    regular = ParagraphStyle("r", fontName=fonts.REGULAR, fontSize=10)
    names = {f.fontName for f in fonts.ScriptParagraph(esc(ARABIC), bold).frags}
    assert fonts.ARABIC_BOLD in names
    names = {f.fontName for f in fonts.ScriptParagraph(f"<b>{esc(ARABIC)}</b> x",
                                                       regular).frags}
    assert fonts.ARABIC_BOLD in names and fonts.REGULAR in names


def test_entry_check_and_report_fonts_agree() -> None:
    """core.glyphs reads the cmaps itself (no reportlab in core): same coverage."""
    fonts.register()
    union = fonts.coverage("*") | fonts.coverage(fonts.ARABIC) | fonts.coverage(fonts.CJK)
    # reportlab lists U+FFFF (the end of a format 4 cmap) as mapped: not a character
    assert glyphs.printable_set() == union - {0xFFFF}
