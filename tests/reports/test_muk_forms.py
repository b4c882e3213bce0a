"""MUK 2023 forms that are not checklists (reports/muk_forms.py), read back from the PDF:
FR.AK.02 matrix and recommendation, FR.APL.02, FR.MAPA.02, FR.IA.03/IA.07 questions, the
three FR.IA.05 sheets (the key only on sheet B), the K / OBSERVASI LANJUT recommendation of
the instruments, and every generated instrument of every shipped scheme."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from assessor_app.core.competency import METHOD_FORMS, METHODS, SchemeData, load_scheme
from assessor_app.core.engine import Answers, FormState
from assessor_app.core.errors import InvalidValueError
from assessor_app.core.muk import generate_instrument, generate_instruments
from assessor_app.core.muk_forms import FORMS, MAPA02_INSTRUMENTS
from assessor_app.core.scoring import OL, score
from assessor_app.core.template import Template
from assessor_app.core.template_loader import load_template_text
from assessor_app.reports import ReportData, layout_of, parse_payload, render
from assessor_app.reports.verification import blank_payload
from tests.helpers import (
    SCHEMES,
    add_lpk,
    fill,
    install_scheme,
    key_text,
    oral_questions,
    run_cli,
    sign_all,
    two_unit_scheme,
    written_questions,
)
from tests.reports.support import (
    Chunk,
    Pdf,
    open_store,
    read_pdf,
    row_columns,
    store_copy,
    struck_phrases,
    struck_texts,
)

TICK = "\u2713"
U1, U2 = "J.620100.005.02", "JIP.SM02.016.01"
# FR.IA.05 answers of the event: unit 1 keys b c a d, unit 2 keys a b
IA05 = {"u1_q1": "b", "u1_q2": "a", "u1_q3": "a", "u1_q4": "a", "u2_q1": "a", "u2_q2": "a"}
WRONG = ((U1, 2), (U1, 4), (U2, 2))  # (unit, question) answered wrong above
RIGHT = ((U1, 1), (U1, 3), (U2, 1))


# ------------------------------------------------------------------ the event


@pytest.fixture(scope="module")
def muk_db(golden_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with one asesi's certification event of a two-unit scheme, every
    instrument signed (ids in the meta table: see :func:`ids`)."""
    d = tmp_path_factory.mktemp("muk_event")
    shutil.copy2(golden_data_dir / "assessor.db", d / "assessor.db")
    s = open_store(d)
    try:
        install_scheme(s, scheme=two_unit_scheme())
        visit = s.registry.add_visit(institution_id=add_lpk(s).id, letter_no="ST-12/LSP/XI/2026",
                                     place="Semarang", tuk_type="sewaktu",
                                     start_date="2026-11-20")
        dewi = s.registry.add_assessee("Dewi Lestari", nik="3374015203990002", gender="P")
        svc, event = s.assessments, s.certification
        made: dict[str, str] = {}

        def run(form: str, person: Any = None, **given: str) -> None:
            rid = event.start(visit.id, form, person.id if person else None,
                              scheme_ref="uji").id
            fill(svc, rid, **given)
            sign_all(svc, rid, {"asesi": "Dewi Lestari", "asesor": "Budi Santoso"})
            made[form] = rid

        run("FR.MAPA.02")
        run("FR.APL.01", dewi, rekomendasi="diterima")
        run("FR.APL.02", dewi, u1_e2_mandiri="bk", u1_e1_bukti="Sertifikat pelatihan UI 2025",
            rekomendasi="dapat")
        run("FR.AK.01", dewi)
        ia01 = template_of(two_unit_scheme(), "FR.IA.01")
        run("FR.IA.01", dewi, **{it.name: "tidak" if it.name == "u1_e2_k4" else "ya"
                                 for it in ia01.walk_items() if it.kuk})
        run("FR.IA.05", dewi, **IA05)
        run("FR.IA.07", dewi, u1_q8_jawaban="Memakai panduan gaya (style guide) proyek",
            u1_q8_capai="ya")
        run("FR.AK.02", dewi, u1_keputusan="k", u2_keputusan="bk",
            u2_bukti="observasi portofolio")
        run("FR.AK.03", dewi, komponen_1="ya", komponen_2="tidak",
            komponen_2_catatan="Standar kompetensi tidak dibagikan sebelum asesmen")
        run("CEKLIS.DOKUMEN", dewi, dok_fr_ia_02="belum_ada")
        run("FR.MAPA.01", u2_bukti="l tl", u2_metode="cl cvp")
        run("FR.AK.06", aspek_implementasi="validitas adil")
        run("FR.AK.05")
        for form, rid in made.items():
            s.maintenance.set_meta(f"test.muk.{form}", rid)
    finally:
        s.store.close(clean=True)
    return d / "assessor.db"


@pytest.fixture()
def muk(muk_db: Path, tmp_path: Path) -> Iterator[Any]:
    with store_copy(muk_db, tmp_path / "muk") as s:
        yield s


def rid_of(s: Any, form: str) -> str:
    return str(s.maintenance.get_meta(f"test.muk.{form}"))


def pdf_of(s: Any, form: str, **options: Any) -> Pdf:
    from assessor_app.services.reports import ReportService

    return read_pdf(ReportService(s).render_assessment(rid_of(s, form), **options))


# ------------------------------------------------------------------ direct rendering


def template_of(scheme: SchemeData, form: str) -> Template:
    ins = generate_instrument(scheme, form)
    return load_template_text(ins.text, ins.code)


def render_direct(t: Template, answers: dict[str, str] | None = None, *,
                  part: str | None = None, lang: str = "id") -> Pdf:
    """The template rendered without a store: blank (``answers`` None) or with answers."""
    payload = blank_payload(t.code, t.version, "0" * 64, paper="a4", lang=lang, part=part)
    state = FormState(t, Answers(values={(k, ""): v for k, v in answers.items()})) \
        if answers is not None else None
    data = ReportData(template=t, payload=payload, lang=lang, state=state,
                      score=score(state) if state is not None else None, part=part)
    return read_pdf(render(data).pdf)


def body(pdf: Pdf, start: str, end: str) -> str:
    """The text from ``start`` up to ``end``, read over the pages without their furniture
    (the header line and the verification footer lie outside the body frame)."""
    from assessor_app.reports import layout as L

    words = []
    for chunks, (_w, h) in zip(pdf.chunks, pdf.sizes, strict=True):
        words += [c.text for c in chunks if L.MARGIN_BOTTOM < c.y < h - L.MARGIN_TOP]
    flat = re.sub(r"\s+", " ", " ".join(words))
    flat = flat[flat.index(start):]
    return flat[:flat.index(end)] if end in flat else flat


def find_row(pdf: Pdf, page: int, row_text: str, below: str | None = None) -> Chunk:
    """The first line of text that starts with ``row_text`` (under the text ``below``). A
    row text of up to 3 characters (a number) must match whole."""
    chunks = pdf.chunks[page]
    top = next(c.y for c in chunks if c.text.strip().startswith(below)) if below else 1e9

    def starts(text: str) -> bool:
        return text == row_text if len(row_text) <= 3 else text.startswith(row_text)

    found = next((c for c in chunks if starts(c.text.strip()) and c.y < top), None)
    assert found is not None, (row_text, below, [c.text for c in chunks])
    return found


def ticks_under(pdf: Pdf, page: int, row_text: str, heads: list[str],
                below: str | None = None) -> list[str]:
    """The column heads (of ``heads``, as printed: a head wrapped over lines reads as its
    lines joined) under which the table row of ``row_text`` (see :func:`find_row`) has a
    tick. The row and its columns are bounded by the table's rules, so a tick counts for
    the column it is drawn in, whatever the widths; a tick in a column headed by none of
    ``heads`` (a head lost or broken inside a word) fails."""
    out = []
    for col in row_columns(pdf, page, find_row(pdf, page, row_text, below), heads):
        if TICK in col.text:
            assert col.head is not None, (row_text, "a tick under no head of", heads, col)
            out.append(col.head)
    return out


def heads_over(pdf: Pdf, page: int, row_text: str, heads: list[str]) -> list[str]:
    """Which of ``heads`` head a column of the row of ``row_text``, left to right."""
    return [c.head for c in row_columns(pdf, page, find_row(pdf, page, row_text), heads)
            if c.head is not None]


def signature_page(pdf: Pdf) -> str:
    """The text of the page of the signature table (it is on one page)."""
    pages = [p for p in range(len(pdf.pages)) if "Tanda tangan/Tanggal" in pdf.page_flat(p)]
    assert len(pages) == 1, pages
    return pdf.page_flat(pages[0])


# ------------------------------------------------------------------ FR.AK.02


AK02_HEADS = ["Observasi demonstrasi", "Portofolio",
              "Pernyataan pihak ketiga / pertanyaan wawancara", "Pertanyaan lisan",
              "Pertanyaan tertulis", "Proyek kerja", "Lainnya", "K", "BK"]


def test_ak02_matrix_decision_per_unit_and_recommendation(muk: Any) -> None:
    pdf = pdf_of(muk, "FR.AK.02")
    flat = pdf.flat
    assert pdf.sizes[0][0] < pdf.sizes[0][1]  # the matrix fits a portrait page
    assert "FR.AK.02. REKAMAN ASESMEN KOMPETENSI" in flat
    assert flat.index("Tanggal mulai asesmen") < flat.index("Tanggal selesai asesmen")
    assert "Bukti-bukti yang digunakan" in flat and "Keputusan" in flat
    for code in (U1, U2):
        assert code in flat
    assert heads_over(pdf, 0, U1, AK02_HEADS) == AK02_HEADS  # every column head, whole
    # unit 1: observed (IA.01), written (IA.05), oral (IA.07) -> K; unit 2 as decided: BK
    assert ticks_under(pdf, 0, U1, AK02_HEADS) == [
        "Observasi demonstrasi", "Pertanyaan lisan", "Pertanyaan tertulis", "K"]
    assert ticks_under(pdf, 0, U2, AK02_HEADS) == ["Observasi demonstrasi", "Portofolio", "BK"]
    # one unit BK: the recommendation is Belum kompeten, "Kompeten" struck out
    assert "Rekomendasi hasil asesmen" in flat
    struck = struck_texts(pdf.data)[0]
    assert "Kompeten" in struck and "Belum kompeten" not in struck
    for text in ("Tindak lanjut yang dibutuhkan", "Komentar/observasi oleh asesor",
                 "Dewi Lestari", "Budi Santoso", "MET.000.004633 2020"):
        assert text in flat, text
    assert "Komentar/observasi oleh asesor" in signature_page(pdf)  # signed with the record


def test_ak02_every_unit_k_recommends_kompeten_and_blank_strikes_nothing() -> None:
    t = template_of(two_unit_scheme(), "FR.AK.02")
    pdf = render_direct(t, {"u1_keputusan": "k", "u2_keputusan": "k", "u1_bukti": "lisan"})
    assert "Belum kompeten" in struck_texts(pdf.data)[0]
    assert "Kompeten" not in struck_texts(pdf.data)[0]
    assert ticks_under(pdf, 0, U1, AK02_HEADS) == ["Pertanyaan lisan", "K"]
    blank = render_direct(t)
    assert TICK not in blank.flat
    assert not {"Kompeten", "Belum kompeten"} & set(struck_texts(blank.data)[0])


def test_ak02_goes_landscape_only_when_the_matrix_needs_it() -> None:
    t = template_of(two_unit_scheme(), "FR.AK.02")
    assert render_direct(t).sizes[0] == pytest.approx((595.3, 841.9), abs=1)
    doc = yaml.safe_load(t.source_text)
    doc["response_sets"]["bukti_ak02"]["options"] += [
        {"value": f"lain_{n}", "label": f"Bukti tambahan jenis {n}"} for n in range(8)]
    wide = load_template_text(yaml.safe_dump(doc, allow_unicode=True), t.code)
    pdf = render_direct(wide, {"u1_bukti": "lain_7", "u1_keputusan": "k"})
    width, height = pdf.sizes[0]
    assert width > height  # fifteen evidence columns: landscape
    assert "Bukti tambahan jenis 7" in pdf.flat


def test_ak05_of_a_muk_event_lists_the_ak02_decisions(muk: Any) -> None:
    flat = pdf_of(muk, "FR.AK.05").flat
    # BK (the tick says so in the text too), with the unit declared BK
    assert f"Dewi Lestari {TICK} BK {U2}" in flat
    assert "FR.IA.01:" not in flat  # an instrument's recommendation is no decision


# ------------------------------------------------------------------ tables of choices


def test_ak03_components_yes_no_with_comments(muk: Any) -> None:
    pdf = pdf_of(muk, "FR.AK.03")
    flat = pdf.flat
    for text in ("Komponen", "Catatan/komentar", "Standar kompetensi tidak dibagikan",
                 "Saya mendapatkan penjelasan yang cukup memadai"):
        assert text in flat, text
    page = next(i for i, p in enumerate(pdf.pages) if "Komponen" in p)
    assert ticks_under(pdf, page, "1", ["Ya", "Tidak"]) == ["Ya"]
    assert ticks_under(pdf, page, "2", ["Ya", "Tidak"]) == ["Tidak"]
    assert flat.count(TICK) == 10 + 1  # and the chosen TUK in the header


def test_document_checklist_and_process_review_tables(muk: Any) -> None:
    pdf = pdf_of(muk, "CEKLIS.DOKUMEN")
    heads = ["Ada", "Belum ada"]
    assert ticks_under(pdf, 0, "FR.IA.02 Tugas", heads) == ["Belum ada"]
    assert ticks_under(pdf, 0, "FR.IA.01 Ceklis", heads) == ["Ada"]
    assert "Dokumen" in pdf.flat
    ak06 = pdf_of(muk, "FR.AK.06")
    heads = ["Validitas", "Reliabel", "Fleksibel", "Adil"]
    assert ticks_under(ak06, 0, "Implementasi asesmen", heads) == ["Validitas", "Adil"]
    assert ticks_under(ak06, 0, "Rencana asesmen", heads) == []


def test_mapa01_plan_units_by_evidence_and_method(muk: Any) -> None:
    pdf = pdf_of(muk, "FR.MAPA.01")
    flat = pdf.flat
    for text in ("1. Menentukan pendekatan asesmen", "2. Mempersiapkan rencana asesmen",
                 "3. Modifikasi dan kontekstualisasi", "Jenis bukti",
                 "Metode dan perangkat asesmen", "Karakteristik kandidat"):
        assert text in flat, text
    page = next(i for i, p in enumerate(pdf.pages) if "Jenis bukti" in p)
    kinds = ["L (langsung)", "TL (tidak langsung)", "T (tambahan)"]
    methods = [f"{code}: {text}" for code, text in METHODS.items()]
    heads = kinds + methods
    assert heads_over(pdf, page, U1, heads) == heads  # the upward heads, whole, in order
    # unit 1 keeps the plan of the scheme: direct evidence by its methods (CL, DPL, DPT)
    planned = two_unit_scheme().units[0].methods
    assert len(planned) >= 2
    assert ticks_under(pdf, page, U1, heads) == ["L (langsung)"] + [
        m for m in methods if m.split(":")[0] in planned]
    assert ticks_under(pdf, page, U2, heads) == [
        "L (langsung)", "TL (tidak langsung)", "CL: Observasi langsung (ceklis observasi)",
        "CVP: Verifikasi portofolio"]


# ------------------------------------------------------------------ FR.APL.02, FR.MAPA.02


def test_apl02_elements_with_kuk_k_bk_evidence_and_review(muk: Any) -> None:
    pdf = pdf_of(muk, "FR.APL.02")
    flat = pdf.flat
    for text in ("FR.APL.02. ASESMEN MANDIRI", "Panduan asesmen mandiri", "Dapatkah saya ...?",
                 "Bukti yang relevan", "Elemen 1: Mengidentifikasi rancangan user interface",
                 "1.1 Rancangan user interface diidentifikasi sesuai kebutuhan.",
                 "2.5 Penerapan simulasi dijadikan suatu proses yang sesungguhnya.",
                 "Sertifikat pelatihan UI 2025", "Ditinjau oleh asesor",
                 f"Unit Kompetensi 2 Kode Unit : {U2}"):
        assert text in flat, text
    heads = ["K", "BK"]
    assert ticks_under(pdf, 0, "Elemen 1:", heads) == ["K"]
    assert ticks_under(pdf, 0, "Elemen 2:", heads) == ["BK"]
    # the rejected option struck as a whole (over its lines, should it wrap), not the other
    struck = [t for page in struck_phrases(pdf.data) for t in page]
    assert "Asesmen tidak dapat dilanjutkan" in struck
    assert not any("Asesmen dapat" in t for t in struck), struck
    assert "Ditinjau oleh asesor" in signature_page(pdf)


def test_mapa02_instruments_by_potential_with_legend(muk: Any) -> None:
    pdf = pdf_of(muk, "FR.MAPA.02")
    flat = pdf.flat
    assert "Potensi asesi**" in flat and "MUK (instrumen asesmen)" in flat
    for n, start in enumerate(("Hasil pelatihan dan/atau pendidikan, kurikulum dan fasilitas",
                               "Hasil pelatihan dan/atau pendidikan, kurikulum belum",
                               "Pekerja berpengalaman, telusur", "Pekerja berpengalaman, belum",
                               "Pelatihan/belajar mandiri"), start=1):
        assert f"{n}. {start}" in flat
    heads = ["1", "2", "3", "4", "5"]
    # each unit plans its methods' instruments for every potential, nothing else
    ticked = 0
    for n, unit in enumerate(two_unit_scheme().units, start=1):
        planned = {f for m in unit.methods for f in METHOD_FORMS.get(m, ())}
        assert planned and planned != {f for f, _n in MAPA02_INSTRUMENTS}
        below = f"Unit Kompetensi {n}"
        page = next(i for i, p in enumerate(pdf.pages) if below in p)
        for form, name in MAPA02_INSTRUMENTS:
            got = ticks_under(pdf, page, f"{form} {name}", heads, below=below)
            assert got == (heads if form in planned else []), (unit.code, form)
        ticked += 5 * len(planned)
    assert flat.count(TICK) == ticked + 1  # and the chosen TUK in the header
    # the legend in one piece, on the page of the signature it is signed with
    legend = signature_page(pdf)
    assert "Potensi asesi, diisi dari" in legend and "5. Pelatihan/belajar mandiri" in legend


# ------------------------------------------------------------------ instruments' recommendation


def test_ia01_observasi_lanjut_is_ticked_and_kompeten_struck(muk: Any) -> None:
    detail = muk.assessments.detail(rid_of(muk, "FR.IA.01"))
    assert detail.score.competency == OL
    pdf = pdf_of(muk, "FR.IA.01")
    flat = pdf.flat
    assert "\u2611 Asesi belum memenuhi pencapaian seluruh kriteria unjuk kerja" in flat
    assert "\u2610 Asesi telah memenuhi" in flat
    struck = " ".join(t for page in struck_texts(pdf.data) for t in page)
    assert "KOMPETEN" in struck and "OBSERVASI LANJUT" not in struck
    assert "2.4 Bentuk style dari komponen user interface ditentukan." in \
        body(pdf, "OBSERVASI LANJUT pada", "Tanda tangan")


def test_ia01_lists_the_units_under_each_of_their_job_groups() -> None:
    """The seven units of the KKNI II accounting scheme sit in three job groups: each
    group's heading comes before its own units (it used to print the first group's name
    over all of them)."""
    scheme = load_scheme(SCHEMES / "akuntansi-kkni-ii.yaml")
    t = template_of(scheme, "FR.IA.01")
    flat = render_direct(t).flat
    first = flat.index("Kelompok Pekerjaan · Praktik kerja")
    second = flat.index("Kelompok Pekerjaan · Siklus akuntansi")
    third = flat.index("Kelompok Pekerjaan · Aplikasi komputer")
    assert first < flat.index("M.692000.002.02") < second < flat.index("M.692000.007.02") \
        < flat.index("M.692000.013.02") < third < flat.index("M.692000.023.02")
    # one group for every unit: one heading above the column heads, as before
    single = template_of(dataclasses.replace(scheme, units=tuple(
        dataclasses.replace(u, group="Akuntansi") for u in scheme.units)), "FR.IA.01")
    flat = render_direct(single).flat
    assert flat.count("Kelompok Pekerjaan ·") == 1
    assert flat.index("Kelompok Pekerjaan · Akuntansi") < flat.index("Kode Unit")


def test_ia07_questions_answers_and_recommendation(muk: Any) -> None:
    pdf = pdf_of(muk, "FR.IA.07")
    flat = pdf.flat
    for text in ("FR.IA.07. PERTANYAAN LISAN", "Pertanyaan", "Tanggapan asesi", "Pencapaian",
                 "Bagaimana Anda memastikan: Bentuk style dari komponen user interface",
                 "Kunci jawaban (untuk asesor): Menyebutkan langkah sesuai SOP",
                 "Memakai panduan gaya (style guide) proyek", f"Unit Kompetensi 1 Kode Unit : {U1}"):
        assert text in flat, text
    assert not re.search(r"\b(\d+) \1\. Bagaimana", flat)  # the number once, in the No column
    page = next(i for i, p in enumerate(pdf.pages) if "Memakai panduan gaya" in p)
    assert ticks_under(pdf, page, "8", ["Ya", "Tidak"]) == ["Ya"]
    assert "\u2611 Asesi telah memenuhi" in flat  # the only question asked was achieved
    struck = " ".join(t for p in struck_texts(pdf.data) for t in p)
    assert "OBSERVASI LANJUT" in struck


# ------------------------------------------------------------------ FR.IA.05 sheets


def test_ia05_sheets_a_and_c_never_show_the_key() -> None:
    """Sheets A and C of two schemes that differ only in their keys print the same; the
    key sheet B differs and names the right option."""
    one = two_unit_scheme(("bcad", "ab"))
    two = dataclasses.replace(one, units=tuple(  # the same questions and options, other keys
        dataclasses.replace(u, written=tuple(dataclasses.replace(q, key="abcd".index(k))
                                             for q, k in zip(u.written, keys, strict=True)))
        for u, keys in zip(one.units, ("dabc", "ba"), strict=True)))
    wrong_in_both = {"u1_q1": "a", "u1_q2": "b", "u1_q3": "c", "u1_q4": "a",
                     "u2_q1": "c", "u2_q2": "c"}
    sheets: dict[str, list[Pdf]] = {}
    for part in ("soal", "jawaban", "kunci"):
        sheets[part] = [render_direct(template_of(s, "FR.IA.05"), wrong_in_both, part=part)
                        for s in (one, two)]
    a1, a2 = sheets["soal"]
    assert "FR.IA.05.A. LEMBAR PERTANYAAN TERTULIS PILIHAN GANDA" in a1.flat
    assert body(a1, "Unit Kompetensi 1", "Kode verifikasi") == \
        body(a2, "Unit Kompetensi 1", "Kode verifikasi")
    assert key_text(U1, 1) in a1.flat  # every option is on the question sheet ...
    assert "Kunci" not in a1.flat and "\u2611" not in a1.flat  # ... none marked
    c1, c2 = sheets["jawaban"]
    assert "FR.IA.05.C. LEMBAR JAWABAN PERTANYAAN TERTULIS PILIHAN GANDA" in c1.flat
    assert body(c1, "Unit Kompetensi 1", "Umpan balik") == \
        body(c2, "Unit Kompetensi 1", "Umpan balik")
    assert "Jawaban benar" not in c1.flat and "Kunci" not in c1.flat
    assert "\u2611 a" in c1.flat and "\u2611 c" in c1.flat
    b1, b2 = sheets["kunci"]
    assert "FR.IA.05.B. LEMBAR KUNCI JAWABAN" in b1.flat and "RAHASIA" in b1.flat
    assert f"b. {key_text(U1, 1)}" in b1.flat and f"d. Pengecoh {U1} 1d" in b2.flat
    assert f"b. {key_text(U2, 2)}" in b1.flat and f"a. Pengecoh {U2} 2a" in b2.flat
    assert key_text(U1, 1) not in b2.flat


def test_ia05_three_sheets_of_the_record_verify(muk: Any, tmp_path: Path) -> None:
    from assessor_app.services.reports import ReportService

    reports = ReportService(muk)
    rid = rid_of(muk, "FR.IA.05")
    got: dict[str | None, Pdf] = {}
    for part in ("soal", "kunci", "jawaban", None):
        data = reports.render_assessment(rid, part=part)
        saved = reports.save(data, tmp_path / f"ia05-{part}.pdf")
        result = reports.verify(saved.path)
        assert result.valid, (part, result.reason_code)
        payload = parse_payload(read_pdf(data).keywords)
        assert payload is not None and payload.part == (part if part in ("soal", "kunci")
                                                         else None)
        got[part] = read_pdf(data)
    soal, kunci, jawaban = got["soal"].flat, got["kunci"].flat, got["jawaban"].flat
    assert got[None].pages == got["jawaban"].pages  # the answer sheet is the default
    for unit, n in WRONG:  # the key of a wrong answer: only on the key sheet
        assert key_text(unit, n) in kunci
        assert key_text(unit, n) not in jawaban
    assert "Jawaban benar" not in jawaban and "Kunci jawaban" not in jawaban
    assert "Dewi Lestari" in soal and "Kunci jawaban" not in soal and "\u2611" not in soal
    c = got["jawaban"]
    page = next(i for i, p in enumerate(c.pages) if "Unit Kompetensi 2" in p)
    heads = ["Ya (benar)", "Tidak (salah)"]  # each over two lines
    assert ticks_under(c, page, "1", heads, below="Unit Kompetensi 2") == ["Ya (benar)"]
    assert ticks_under(c, page, "2", heads, below="Unit Kompetensi 2") == ["Tidak (salah)"]
    assert "OBSERVASI LANJUT pada" in signature_page(c)  # what to observe, signed
    assert "\u2611 Asesi belum memenuhi" in jawaban  # three wrong: observasi lanjut
    listed = body(c, "OBSERVASI LANJUT pada", "Tanda tangan")
    assert all(f"Soal {n} tentang" in listed for _u, n in WRONG)
    assert "Soal 1 tentang" not in listed and "Soal 3 tentang" not in listed
    # only FR.IA.05 has sheets
    with pytest.raises(InvalidValueError) as bad:
        reports.render_assessment(rid_of(muk, "FR.AK.02"), part="soal")
    assert bad.value.code == "report.bad_part"


def test_ia05_key_sheet_from_the_command_line(muk_db: Path, tmp_path: Path) -> None:
    data = tmp_path / "cli"
    with store_copy(muk_db, data) as s:
        rid = rid_of(s, "FR.IA.05")
        ak02 = rid_of(s, "FR.AK.02")
    out = tmp_path / "kunci.pdf"
    made = run_cli("report", rid, "--part", "kunci", "-o", str(out), data=data)
    assert made.returncode == 0, made.stderr
    assert key_text(U1, 2) in read_pdf(out.read_bytes()).flat
    assert run_cli("verify", str(out), data=data).returncode == 0
    refused = run_cli("report", ak02, "--part", "kunci", "-o", str(tmp_path / "x.pdf"),
                      data=data)
    assert refused.returncode == 2 and "lembar 'kunci'" in refused.stderr + refused.stdout
    assert "Traceback" not in refused.stderr


# ------------------------------------------------------------------ every instrument


def test_every_instrument_of_every_shipped_scheme_renders(services: Any) -> None:
    """Blank and filled through the event (every instrument signed): every page renders,
    and no page shows a percentage or the word LULUS (MUK verdicts are K/BK/OL only)."""
    from assessor_app.services.reports import ReportService

    reports = ReportService(services)
    svc, event = services.assessments, services.certification
    lpk = add_lpk(services)
    for i, path in enumerate(sorted(SCHEMES.glob("*.yaml"))):
        scheme = load_scheme(path)
        unit = scheme.units[0]
        unit = dataclasses.replace(unit, oral=oral_questions(unit),
                                   written=written_questions(unit, "abc"))
        slug = path.stem
        scheme = dataclasses.replace(scheme, slug=slug, units=(unit, *scheme.units[1:]))
        install_scheme(services, scheme=scheme)
        codes = {ins.form: ins.code for ins in generate_instruments(scheme)}
        for form, code in codes.items():
            for part in reports.parts_of(services.templates.get(
                    services.templates.find(code).id)) or (None,):
                check(read_pdf(reports.render_blank(code, part=part)), f"blank {form} {part}")
        visit = services.registry.add_visit(institution_id=lpk.id, letter_no=f"ST-{i}",
                                            place="Semarang", tuk_type="sewaktu",
                                            start_date="2026-11-20")
        person = services.registry.add_assessee(f"Asesi {slug}", nik=f"33740152039900{i:02d}",
                                                gender="P")
        for form in FORMS:
            per_batch = form in ("FR.MAPA.01", "FR.MAPA.02", "FR.AK.05", "FR.AK.06")
            rid = event.start(visit.id, form, None if per_batch else person.id,
                              scheme_ref=slug).id
            fill(svc, rid, **({"rekomendasi": "diterima"} if form == "FR.APL.01" else {}))
            sign_all(svc, rid)
            t = svc.template_of(svc.resolve(rid))
            assert layout_of(ReportData(template=t, payload=blank_payload(
                t.code, t.version, "0" * 64, paper="a4", lang="id"))) == LAYOUT[form]
            for part in reports.parts_of(t) or (None,):
                for lang in ("id", "en"):
                    check(read_pdf(reports.render_assessment(rid, part=part, lang=lang)),
                          f"{slug} {form} {part} {lang}")


LAYOUT = {"FR.APL.01": "apl01", "FR.APL.02": "apl02", "FR.MAPA.01": "tables",
          "FR.MAPA.02": "mapa02", "FR.AK.01": "form", "FR.IA.01": "ia01", "FR.IA.02": "form",
          "FR.IA.03": "questions", "FR.IA.05": "ia05", "FR.IA.07": "questions",
          "FR.AK.02": "ak02", "FR.AK.03": "tables", "FR.AK.04": "form", "FR.AK.05": "batch",
          "FR.AK.06": "tables", "CEKLIS.DOKUMEN": "tables"}


def check(pdf: Pdf, what: str) -> None:
    assert pdf.pages, what
    for n, text in enumerate(pdf.pages, start=1):
        assert "%" not in text, (what, n)
        # the word, not "Lulusan SMK" of an applicant requirement
        assert not re.search(r"\bLULUS\b", text, re.IGNORECASE), (what, n)


def test_apl01_prints_the_units_and_the_requirements_as_the_paper_form(services: Any) -> None:
    """Issue 11 gap: FR.APL.01's unit list and requirements were lines, not the tables of
    the form (No, Kode Unit, Judul Unit, Jenis Standar; No, Bukti persyaratan dasar, Ada:
    Memenuhi / Tidak memenuhi syarat, Tidak ada)."""
    install_scheme(services)
    svc, event, reg = services.assessments, services.certification, services.registry
    visit = reg.add_visit(institution_id=add_lpk(services).id, letter_no="ST-16/LSP/XI/2026",
                          place="BLK Tirtamulya", start_date="2026-11-24")
    person = reg.add_assessee("Wahyu Hidayat", nik="3374010101990005", gender="L")
    rid = event.start(visit.id, "FR.APL.01", person.id, scheme_ref="uji").id
    fill(svc, rid, rekomendasi="diterima", syarat_1_ada="tidak_ada")
    text = re.sub(r"\s+", " ", read_pdf(services.reports.render_assessment(rid)).text)
    assert "Kode Unit Judul Unit Jenis Standar" in text
    assert "J.620100.005.02 Mengimplementasikan User Interface SKKNI" in text
    assert "Bukti persyaratan dasar" in text and "Tidak ada" in text
    assert "Daftar unit kompetensi: J.620100" not in text  # not the generic line any more


def test_the_document_checklist_has_a_paraf_column(services: Any) -> None:
    """Issue 11 gap: the document checklist is initialled per document on paper."""
    install_scheme(services)
    code = next(t.code for t in services.templates.latest() if t.code.startswith("CEKLIS"))
    text = re.sub(r"\s+", " ", read_pdf(services.reports.render_blank(code)).text)
    assert "Dokumen Ada Belum ada Paraf" in text
