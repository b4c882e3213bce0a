"""Whatever people type must print as typed (escaped), or be refused with a clean error:
reportlab markup, file URLs, very long words, right-to-left text, 10,000-character notes,
damaged images; emoji are refused at entry (tests/reports/test_scripts.py) and print as a
marker when they come from elsewhere."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import pytest

from assessor_app.core.errors import InvalidValueError
from assessor_app.core.template import Item, ItemType, Template, TemplateKind, Text
from assessor_app.reports import PhotoInfo, ReportData, SignatureInfo, render
from assessor_app.reports.verification import blank_payload
from assessor_app.services.demo import demo_photo, signature_png
from assessor_app.services.reports import ReportService
from tests.reports.support import read_pdf

MARKUP = '<font color="[[[x]]]">merah</font>'
IMG = '<img src="file:///etc/passwd"/>'
PARA = "<para>x</para>"
TAGS = '<b>tebal?</b> <a href="x">tautan</a> <br/> <seq/> <onDraw name=x/>'
ENTITIES = "&amp; &lt;b&gt; &#x41; &nbsp;"
LONG_WORD = "A" * 500
EMOJI = "Dewi \U0001F642\U0001F1EE\U0001F1E9 \U0001F468\u200d\U0001F469\u200d\U0001F467"
HEBREW = "שלום עולם"
ARABIC = "مرحبا بالعالم"
LATIN = "Nguyễn Thị Ṭāhā Łódź"
HOSTILE = [MARKUP, IMG, PARA, TAGS, ENTITIES, LONG_WORD, HEBREW, ARABIC, LATIN]
LONG_NOTE = ("Catatan panjang tentang temuan lapangan nomor {n}. " * 250)[:10_000]

#: The FR.IA.01 written before the MUK 2023 instruments (a fixture of older stores); the
#: demo store also holds the one its scheme generates, a higher version.
LEGACY_IA01 = "FR.IA.01.J620100.005.02@2024.1"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture()
def hostile(demo: Any) -> str:
    """A FR.IA.01 draft whose every free text is hostile."""
    reg, svc = demo.registry, demo.assessments
    person = reg.add_assessee(f"{MARKUP} {ARABIC}")
    row = svc.create(LEGACY_IA01, assessee_id=person.id)
    kuks = [it for it in svc.template_of(row).walk_items() if it.kuk]
    for n, item in enumerate(kuks):
        svc.answer(row.id, item.name, "tidak" if n % 3 == 0 else "ya")
        svc.set_note(row.id, item.name, HOSTILE[n % len(HOSTILE)])
    svc.set_note(row.id, kuks[-1].name, LONG_NOTE)
    svc.answer(row.id, "umpan_balik_asesi", "\n".join(HOSTILE))
    svc.answer(row.id, "penilaian_lanjut", LONG_NOTE)
    svc.answer(row.id, "tuk", "sewaktu")
    svc.answer(row.id, "tanggal", "2026-11-20")
    svc.attach_evidence(row.id, kuks[1].name, demo_photo("foto"), caption=IMG + LONG_WORD)
    return str(row.id)


def test_hostile_text_prints_literally_and_long_text_goes_to_the_appendix(
        demo: Any, reports: ReportService, hostile: str) -> None:
    pdf = read_pdf(reports.render_assessment(hostile))
    text = squash(pdf.text)
    for s in (MARKUP, IMG, PARA, TAGS, ENTITIES, LATIN):
        assert squash(s) in text, s
    assert "\ufffd" not in pdf.text
    # RTL glyphs are drawn, Arabic shaped: NFKC folds the joined forms back to letters
    assert all(ch in unicodedata.normalize("NFKC", pdf.text) for ch in "שלוםمرحب")
    # the 500-character token is broken over many lines, none wider than its cell
    runs = [c for page in pdf.chunks for c in page if set(c.text.strip()) == {"A"}]
    assert sum(len(c.text.strip()) for c in runs) >= 500
    assert max(len(c.text.strip()) for c in runs) <= 110
    width = pdf.sizes[0][0]
    assert all(0 <= c.x <= width for page in pdf.chunks for c in page)
    # the 10,000-character notes are cut in their cells and printed whole in the appendix
    assert "Lampiran teks lengkap" in pdf.flat and "lanjutan pada Lampiran A." in pdf.flat
    marker = "nomor {n}."
    assert text.count(squash(marker)) >= 2 * LONG_NOTE.count(marker)  # both notes, whole
    assert squash(LONG_NOTE[-80:]) in text
    # nothing was loaded from "file:///etc/passwd": the only image is the evidence photo
    assert sum(pdf.images) == 1
    n = len(pdf.pages)
    assert all(f"Halaman {i} dari {n}" in p for i, p in enumerate(pdf.pages, start=1))


def test_hostile_institution_caption_and_signer(demo: Any, reports: ReportService) -> None:
    reg, svc = demo.registry, demo.assessments
    inst = reg.add_institution(f"LPK {MARKUP}", vin=IMG, address=LONG_WORD, city=ARABIC,
                               head_name=f"{LATIN} {HEBREW}")
    row = svc.create("JKP.LPK.01", institution_id=inst.id)
    svc.answer(row.id, "catatan_temuan", "\n".join(HOSTILE) + "\n" + LONG_NOTE[:5000])
    svc.attach_evidence(row.id, "foto_sarpras", demo_photo("x"), caption=TAGS)
    svc.set_note(row.id, "r1_1", PARA * 40)
    pdf = read_pdf(reports.render_assessment(row.id, paper="f4"))
    text = squash(pdf.text)
    for s in (f"LPK {MARKUP}", IMG, TAGS, PARA * 3):
        assert squash(s) in text, s
    assert sum(pdf.images) == 1


def test_hostile_signer_name_on_a_signed_form(demo: Any, reports: ReportService) -> None:
    svc = demo.assessments
    person = demo.registry.add_assessee(f"{LATIN} {ARABIC}")  # the asesi signs as the asesi
    row = svc.create("FR.AK.01", assessee_id=person.id)
    for name, value in (("skema_jenis", "klaster"), ("skema_judul", TAGS),
                        ("skema_nomor", LONG_WORD[:80]), ("tuk", "mandiri"),
                        ("nama_asesor", "Budi"), ("nama_asesi", LATIN),
                        ("tanggal", "2026-11-20"), ("bukti", "reviu_produk lainnya"),
                        ("bukti_lainnya", MARKUP), ("tanggal_pelaksanaan", "2026-11-21"),
                        ("waktu_pelaksanaan", "13:00"), ("tuk_pelaksanaan", ARABIC),
                        ("setuju_asesi_banding", "ya"), ("setuju_asesor_kerahasiaan", "ya"),
                        ("setuju_asesi_persetujuan", "ya")):
        svc.answer(row.id, name, value)
    svc.finalise(row.id)
    svc.sign(row.id, "asesi", f"{LATIN} {ARABIC}", signature_png("x"), place=f"{MARKUP}",
             timezone="WITA")
    flat = read_pdf(reports.render_assessment(row.id)).flat
    assert "Sabtu, 21 November 2026" in flat and "Pukul 13.00 WIB" in flat
    assert f"{MARKUP}, 20 November 2026 · Pukul 11.15 WITA" in flat
    assert MARKUP in flat and "Tempat Kerja/\u2713 Mandiri*" in flat


def test_over_long_text_is_refused_cleanly_before_it_reaches_a_report(demo: Any) -> None:
    svc = demo.assessments
    rid = svc.create(LEGACY_IA01,
                     assessee_id=demo.registry.add_assessee("X").id).id
    with pytest.raises(InvalidValueError) as err:
        svc.set_note(rid, "u1_e1_k1", "x" * 25_000)
    assert err.value.code == "value.too_long"


def _tiny_template() -> Template:
    items = (Item("catatan", ItemType.TEXT, Text("Catatan"), multiline=True),)
    from assessor_app.core.template import Section, Signer

    return Template(code="T.1", version="1", kind=TemplateKind.INSTITUTIONAL,
                    subject=__import__("assessor_app.core.template",
                                       fromlist=["SubjectKind"]).SubjectKind.INSTITUTION,
                    title=Text("Uji"), signers=(Signer("asesor", Text("Asesor"), True),),
                    sections=(Section("s1", Text("Bagian"), items=items),))


def test_pure_renderer_survives_damaged_images_and_documents() -> None:
    t = _tiny_template()
    data = ReportData(
        template=t, payload=blank_payload("T.1", "1", "0" * 64, paper="a4", lang="id"),
        photos=(PhotoInfo("F1", "catatan", "", "image/jpeg", b"\xff\xd8\xff garbage"),
                PhotoInfo("F2", "catatan", "", "application/pdf", None, "dokumen"),
                PhotoInfo("F3", "catatan", "", "image/png", signature_png("ok"), IMG)),
        signatures=(SignatureInfo("asesor", f"{MARKUP} {EMOJI}", image=b"not a png",
                                  signed=True),))
    pdf = read_pdf(render(data).pdf)
    # emoji from elsewhere than entry (an older record): one visible marker per sequence
    assert f"{MARKUP} Dewi [?] [?]" in pdf.flat and "\ufffd" not in pdf.text
    assert "(gambar rusak, tidak dapat ditampilkan)" in pdf.flat
    assert "(berkas application/pdf, tidak dapat ditampilkan)" in pdf.flat
    assert squash(IMG) in squash(pdf.text) and MARKUP in pdf.flat
    assert sum(pdf.images) == 1
