"""Competency (MUK) reports look like the LSP's paper form (issue 11): the LSP letterhead
on every page, "Kode File" and the paraf line in the footer, signatures never alone on a
page, 10-11 pt text, the place of "Kota, tanggal" from the visit, and no percentage, grade
or LULUS - K/BK, and for instruments KOMPETEN or OBSERVASI LANJUT."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from assessor_app.core.engine import Answers, FormState
from assessor_app.core.scoring import OL, score
from assessor_app.core.template import Template
from assessor_app.core.template_loader import load_template_text
from assessor_app.reports import (
    RecordInfo,
    ReportData,
    SignatureInfo,
    VisitInfo,
    render,
)
from assessor_app.reports import layout as L
from assessor_app.reports.letterhead import load_logo, logo_problem
from assessor_app.reports.verification import record_payload
from assessor_app.services.demo import signature_png
from tests.reports.support import Pdf, demo_id, read_pdf

FIXTURES = Path(__file__).parent / "fixtures"
KOP_YAML = FIXTURES / "fr-ia-01-kop.yaml"
LOGO = FIXTURES / "lsp-logo.png"
LOGO_HEX = hashlib.sha256(LOGO.read_bytes()).hexdigest()
KOP_CODE = "FR.IA.01.KOP.TEST"
LSP_NAME = "LSP P2 BLK Tirtamulya"
LICENCE = "Nomor Lisensi: BNSP-LSP-1234-ID"
ADDRESS = "Jl. Raya Tirtamulya No. 17"
CONTACT = "Telp. (0267) 123456"
KODE_FILE = "Kode File: FR.IA.01 · FR.IA.01.KOP.TEST · versi 2026.1"
SIGNATURE_CELL = "Tanda tangan/Tanggal"
LETTERHEAD_LOG = ("WARNING", "assessor_app.reports.letterhead", r"letterhead logo .* skipped")


# ------------------------------------------------------------------ helpers


def kop_template(text: str | None = None) -> Template:
    return load_template_text(text or KOP_YAML.read_text(encoding="utf-8"), KOP_YAML.name)


def install_kop(demo: Any, text: str | None = None) -> Template:
    template = kop_template(text)
    demo.templates.install(template)
    return template


def put_logo(demo: Any, data: bytes | None = None, name: str | None = None) -> Path:
    """A logo file where the scheme importer keeps them: <data>/logos/<sha256>.png."""
    folder: Path = demo.paths.data_dir / "logos"
    folder.mkdir(exist_ok=True)
    path = folder / (name or f"{LOGO_HEX}.png")
    path.write_bytes(LOGO.read_bytes() if data is None else data)
    return path


def kop_record(demo: Any, *, fail: tuple[str, ...] = (), feedback: str = "",
               sign: bool = True, place: str | None = "Semarang") -> str:
    """A FR.IA.01 of the fixture template for the demo's Rizky on the Semarang visit,
    finalised (and signed by both unless ``sign`` is False)."""
    svc = demo.assessments
    rizky = svc.detail(demo_id(demo, "ia01-rizky")).row
    row = svc.create(KOP_CODE, assessee_id=rizky.assessee_id, visit_id=rizky.visit_id,
                     institution_id=rizky.institution_id)
    rid = str(row.id)
    for name, value in (("tuk", "sewaktu"), ("nama_asesor", "Budi Santoso"),
                        ("nama_asesi", "Rizky Aditya Pratama"), ("tanggal", "2026-11-20")):
        svc.answer(rid, name, value)
    for item in svc.template_of(row).walk_items():
        if item.kuk:
            svc.answer(rid, item.name, "tidak" if item.name in fail else "ya")
    if feedback:
        svc.answer(rid, "umpan_balik_asesi", feedback)
    svc.finalise(rid)
    if sign:
        svc.sign(rid, "asesi", "Rizky Aditya Pratama", signature_png("Rizky"), place=place,
                 timezone="WIB")
        svc.sign(rid, "asesor", "Budi Santoso", signature_png("Budi"),
                 registration_no="MET.000.004633 2020", place=place, timezone="WIB")
    return rid


def pages_holding(pdf: Pdf, text: str) -> list[int]:
    return [n for n in range(len(pdf.pages)) if text in pdf.page_flat(n)]


def y_of(pdf: Pdf, page: int, text: str) -> float:
    for c in pdf.chunks[page]:
        if text in c.text:
            return c.y
    raise AssertionError(f"{text!r} not on page {page + 1}")


# ------------------------------------------------------------------ 1. letterhead


def test_letterhead_with_logo_on_every_page(demo: Any, reports: Any) -> None:
    install_kop(demo)
    put_logo(demo)
    pdf = read_pdf(reports.render_assessment(kop_record(demo, sign=False)))
    assert len(pdf.pages) >= 2
    for n in range(len(pdf.pages)):
        flat = pdf.page_flat(n)
        for text in (LSP_NAME, LICENCE, ADDRESS, CONTACT):
            assert text in flat, (n + 1, text)
        assert pdf.images[n] == 1, n + 1  # the logo (nobody has signed yet)
        assert "rev. 1" not in flat  # the plain header line gives way to the letterhead
        # the letterhead sits above everything else on the page
        top_content = max(c.y for c in pdf.chunks[n]
                          if not any(t in c.text for t in (LSP_NAME, "Lisensi", "Jl. Raya",
                                                           "Karawang", CONTACT)))
        assert y_of(pdf, n, LSP_NAME) > y_of(pdf, n, "Nomor Lisensi") > \
            y_of(pdf, n, CONTACT) > top_content
    assert y_of(pdf, 0, CONTACT) > y_of(pdf, 0, "FR.IA.01. CEKLIS OBSERVASI")


def test_letterhead_without_the_logo_file_leaves_the_space_empty(
        demo: Any, reports: Any, caplog: pytest.LogCaptureFixture) -> None:
    install_kop(demo)  # no logo in <data>/logos: another device imported the scheme
    with caplog.at_level(logging.INFO, "assessor_app.reports.letterhead"):
        pdf = read_pdf(reports.render_assessment(kop_record(demo, sign=False)))
    assert all(LSP_NAME in p and LICENCE in re.sub(r"\s+", " ", p) for p in pdf.pages)
    assert sum(pdf.images) == 0
    assert "its space stays empty" in caplog.text


@pytest.mark.allow_log(*LETTERHEAD_LOG)
@pytest.mark.parametrize("damage", ["truncated", "other_content", "gif"])
def test_a_broken_logo_is_skipped_with_a_warning(
        demo: Any, reports: Any, caplog: pytest.LogCaptureFixture, damage: str) -> None:
    good = LOGO.read_bytes()
    if damage == "truncated":  # a PNG cut short, named by its own hash
        data = good[: len(good) // 2]
        digest = hashlib.sha256(data).hexdigest()
        install_kop(demo, KOP_YAML.read_text(encoding="utf-8").replace(LOGO_HEX, digest))
        put_logo(demo, data, f"{digest}.png")
    elif damage == "other_content":  # the file under the logo's name is another image
        install_kop(demo)
        other = io.BytesIO()
        Image.new("RGB", (40, 40), "red").save(other, "PNG")
        put_logo(demo, other.getvalue())
    else:  # not a PNG or JPEG, named by its own hash
        buf = io.BytesIO()
        Image.new("RGB", (40, 40), "red").save(buf, "GIF")
        data = buf.getvalue()
        digest = hashlib.sha256(data).hexdigest()
        install_kop(demo, KOP_YAML.read_text(encoding="utf-8").replace(LOGO_HEX, digest))
        put_logo(demo, data, f"{digest}.png")
    pdf = read_pdf(reports.render_assessment(kop_record(demo, sign=False)))
    assert sum(pdf.images) == 0
    assert all(LSP_NAME in p for p in pdf.pages)
    warned = [r for r in caplog.records if r.levelno == logging.WARNING and
              r.name == "assessor_app.reports.letterhead"]
    assert warned and "skipped" in warned[0].getMessage()


@pytest.mark.allow_log(*LETTERHEAD_LOG)
def test_logo_checks(tmp_path: Path) -> None:
    good = LOGO.read_bytes()
    assert logo_problem(good, LOGO_HEX) is None
    assert logo_problem(good, "0" * 64) == "its content does not match its name (SHA-256)"
    huge = io.BytesIO()
    Image.new("1", (5000, 10)).save(huge, "PNG")
    assert "5000x10 pixels" in (logo_problem(huge.getvalue()) or "")
    assert "larger than 2 MB" in (logo_problem(b"\x89PNG" + bytes(3 * 1024 * 1024)) or "")
    jpeg = io.BytesIO()
    Image.new("RGB", (30, 20), "navy").save(jpeg, "JPEG")
    assert logo_problem(jpeg.getvalue()) is None
    # found by hash under any of the three extensions; a malformed reference is refused
    digest = hashlib.sha256(jpeg.getvalue()).hexdigest()
    (tmp_path / f"{digest}.jpeg").write_bytes(jpeg.getvalue())
    assert load_logo(f"sha256:{digest.upper()}", tmp_path) == jpeg.getvalue()
    assert load_logo(f"sha256:{digest}", None) is None
    assert load_logo("sha256:../../etc/passwd", tmp_path) is None
    assert load_logo(f"sha256:{'1' * 64}", tmp_path) is None


def test_a_template_without_lsp_keeps_todays_header(demo: Any, reports: Any) -> None:
    from tests.helpers import add_asesi, answer_all_ia01

    svc = demo.assessments  # an FR.IA.01 written before MUK 2023 instruments: no LSP
    row = svc.create("FR.IA.01.J620100.005.02@2024.1", assessee_id=add_asesi(demo).id)
    answer_all_ia01(svc, row.id)
    pdf = read_pdf(reports.render_assessment(row.id))
    for n in range(len(pdf.pages)):
        flat = pdf.page_flat(n)
        assert "FR.IA.01 · Ceklis Observasi" in flat and "rev. 1" in flat
        assert "Nomor Lisensi" not in flat


def test_letterhead_in_english_on_f4(demo: Any, reports: Any) -> None:
    install_kop(demo)
    put_logo(demo)
    pdf = read_pdf(reports.render_assessment(kop_record(demo), lang="en", paper="f4"))
    for n in range(len(pdf.pages)):
        flat = pdf.page_flat(n)
        assert "Licence No.: BNSP-LSP-1234-ID" in flat and "File code: FR.IA.01" in flat
        assert f"Page {n + 1} of {len(pdf.pages)}" in flat


def test_the_report_with_a_letterhead_verifies(demo: Any, reports: Any, tmp_path: Path) -> None:
    install_kop(demo)
    put_logo(demo)
    rid = kop_record(demo)
    path = reports.save_assessment(rid, tmp_path / "kop.pdf")
    result = reports.verify(path)
    assert result.valid, result.reason_code


# ------------------------------------------------------------------ 2. footer


def test_kode_file_page_numbers_and_paraf_on_every_page(demo: Any, reports: Any) -> None:
    install_kop(demo)
    pdf = read_pdf(reports.render_assessment(kop_record(demo)))
    n = len(pdf.pages)
    assert n >= 2
    for i in range(n):
        flat = pdf.page_flat(i)
        assert KODE_FILE in flat, i + 1
        assert f"Halaman {i + 1} dari {n}" in flat
        assert "Paraf Asesi:" in flat and "Paraf Asesor:" in flat
    # the demo's generated FR.AK.01 carries the same footer, with its template code
    ak01 = read_pdf(reports.render_assessment(demo_id(demo, "ak01-rizky")))
    assert all("Kode File: FR.AK.01 · FR.AK.01.J620100.005.02 · versi 2026.1" in
               ak01.page_flat(i) for i in range(len(ak01.pages)))
    if len(ak01.pages) > 1:
        assert all("Paraf Asesi:" in ak01.page_flat(i) for i in range(len(ak01.pages)))


def test_one_page_form_has_no_paraf_line_and_institutional_reports_no_kode_file(
        demo: Any, reports: Any) -> None:
    visit = demo.registry.find_visit("045/LSP-P2-BLKTM")
    ak05 = read_pdf(reports.render_batch(visit.id, "FR.AK.05"))
    assert len(ak05.pages) == 1
    assert "Kode File: FR.AK.05" in ak05.flat and "Paraf" not in ak05.flat
    jkp = read_pdf(reports.render_assessment(demo_id(demo, "jkp-complete")))
    assert "Kode File" not in jkp.flat and "Paraf" not in jkp.flat


def test_paraf_line_sits_between_the_content_and_the_footer(demo: Any, reports: Any) -> None:
    install_kop(demo)
    pdf = read_pdf(reports.render_assessment(kop_record(demo)))
    for i in range(len(pdf.pages)):
        paraf = y_of(pdf, i, "Paraf Asesi:")
        footer = y_of(pdf, i, "Kode verifikasi")
        content = [c.y for c in pdf.chunks[i] if c.y > paraf + 0.5]
        below = [c.y for c in pdf.chunks[i] if footer + 0.5 < c.y < paraf - 0.5]
        assert footer < paraf
        assert min(content) - paraf > 4 * 2.835  # room above the line to initial
        assert below == []  # nothing between the paraf line and the footer


# ------------------------------------------------------------------ 3. signatures


def _pure_kop(feedback_lines: int, *, fail: tuple[str, ...] = ()) -> ReportData:
    """The fixture template rendered without the store: ``feedback_lines`` lines of
    feedback push the recommendation and signatures down the page."""
    t = kop_template()
    values = {(it.name, ""): ("tidak" if it.name in fail else "ya")
              for it in t.walk_items() if it.kuk}
    values[("tuk", "")] = "sewaktu"
    values[("tanggal", "")] = "2026-11-20"
    if feedback_lines:
        values[("umpan_balik_asesi", "")] = "\n".join(
            f"Baris umpan balik nomor {n}." for n in range(1, feedback_lines + 1))
    state = FormState(t, Answers(values=values))
    payload = record_payload("a" * 32, 1, "b" * 64, paper="a4", lang="id", draft=False,
                             paper_code="TEST-CODE-0001")
    record = RecordInfo("a" * 32, 1, "locked", "Rizky Aditya Pratama", "Budi Santoso",
                        "MET.000.004633 2020", "Rizky Aditya Pratama")
    sigs = (SignatureInfo("asesi", "Rizky Aditya Pratama", signed=False),
            SignatureInfo("asesor", "Budi Santoso", "MET.000.004633 2020", signed=False))
    return ReportData(template=t, payload=payload, state=state, score=score(state),
                      record=record, visit=VisitInfo(place="Semarang"), signatures=sigs)


def test_the_signature_block_never_stands_alone_on_a_page() -> None:
    """Feedback of 0..44 lines moves the end of the content across a page end: whichever
    page the signatures land on also holds the recommendation they sign."""
    moved = 0
    for lines in range(0, 45, 2):
        pdf = read_pdf(render(_pure_kop(lines)).pdf)
        sig = pages_holding(pdf, SIGNATURE_CELL)
        assert len(sig) == 1, lines  # the signature table is never split either
        n = sig[0]
        assert "direkomendasikan KOMPETEN" in pdf.page_flat(n), lines
        assert y_of(pdf, n, "Rekomendasi") > y_of(pdf, n, SIGNATURE_CELL)
        # the recommendation opens the page: it was moved there to be signed
        below_kop = [c.y for c in pdf.chunks[n] if c.y < y_of(pdf, n, CONTACT) - 1]
        moved += abs(max(below_kop) - y_of(pdf, n, "Rekomendasi")) < 1
    assert moved  # some of these layouts ended the content near the bottom of a page


def test_a_long_not_achieved_list_keeps_its_last_rows_with_the_signatures() -> None:
    t = kop_template()
    kuks = tuple(it.name for it in t.walk_items() if it.kuk)
    for lines in range(0, 45, 4):
        pdf = read_pdf(render(_pure_kop(lines, fail=kuks)).pdf)
        sig = pages_holding(pdf, SIGNATURE_CELL)
        last_kuk = "2.3 Hasil eksekusi source code dicatat."
        rows = pages_holding(pdf, last_kuk)
        assert rows and sig and rows[-1] == sig[0], lines


def test_ak01_signatures_share_their_page_with_the_last_declaration(
        demo: Any, reports: Any) -> None:
    pdf = read_pdf(reports.render_assessment(demo_id(demo, "ak01-rizky")))
    sig = pages_holding(pdf, SIGNATURE_CELL)
    # the last declaration, and its answer, share the page of the signatures
    assert sig == pages_holding(pdf, "Saya setuju mengikuti asesmen")
    assert pdf.page_flat(sig[0]).index("Saya setuju mengikuti asesmen") < \
        pdf.page_flat(sig[0]).index("Asesi menyatakan setuju") < \
        pdf.page_flat(sig[0]).index("Budi Santoso")


# ------------------------------------------------------------------ 4. font sizes


def sizes_of(data: bytes) -> list[list[tuple[str, float, float]]]:
    """(text, font size in pt, y) of every text run, page by page."""
    from pypdf import PdfReader

    out: list[list[tuple[str, float, float]]] = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs: list[tuple[str, float, float]] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any,
                  runs: list[tuple[str, float, float]] = runs) -> None:
            if text.strip():
                scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((text, float(size) * scale, y))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return out


def test_competency_text_is_10_pt_or_more(demo: Any, reports: Any) -> None:
    install_kop(demo)
    rid = kop_record(demo, fail=("u1_e2_k3",), feedback="Perhatikan pencatatan hasil uji.")
    data = reports.render_assessment(rid)
    pages = sizes_of(data)
    body = [(t, s) for page in pages for t, s, y in page
            if L.MUK_MARGIN_BOTTOM < y < 842 - 38 * 2.835]  # inside the frame
    must = ("Cara dan tools", "SOP TUK", "Mengidentifikasi", "Rizky Aditya Pratama",
            "Budi Santoso", "Nama Asesor", "Klaster Pemrograman", "Perhatikan pencatatan",
            "Asesi belum memenuhi", "2.3 Hasil", "Unit Kompetensi 1", "Kriteria Unjuk Kerja")
    seen = set()
    for text, size in body:
        for m in must:
            if m in text:
                seen.add(m)
                assert size >= 10, (text, size)
    assert seen == set(must)
    chars = sum(len(t) for t, _ in body)
    big = sum(len(t) for t, s in body if s >= 10)
    assert big / chars > 0.85, big / chars
    assert max(s for _, s in body) <= 13  # the title; body text 10-11 pt
    # institutional reports keep their denser tables
    jkp = [s for page in sizes_of(reports.render_assessment(demo_id(demo, "jkp-complete")))
           for _, s, _ in page]
    assert min(jkp) < 8


# ------------------------------------------------------------------ 5. place from the visit


def test_place_of_the_signature_line_comes_from_the_visit(demo: Any, reports: Any) -> None:
    install_kop(demo)
    # signed without a place: the visit's city (Semarang) is printed
    pdf = read_pdf(reports.render_assessment(kop_record(demo, place=None)))
    assert pdf.flat.count("Semarang, 20 November 2026 · Pukul 10.15 WIB") == 2
    # not signed yet: "Semarang, ......" to complete by hand
    siti = read_pdf(reports.render_assessment(demo_id(demo, "ia01-siti"))).flat
    assert siti.count("Semarang, " + "." * 30) == 2


def test_a_signed_place_wins_and_without_a_visit_city_the_date_stands_alone() -> None:
    import datetime as dt

    from assessor_app.core.clock import TIMEZONES

    data = _pure_kop(0)
    when = dt.datetime(2026, 12, 4, 9, 30, tzinfo=TIMEZONES["WITA"])
    signed = (SignatureInfo("asesi", "Rizky", place="Makassar", signed_at=when,
                            timezone="WITA"),
              SignatureInfo("asesor", "Budi", "MET.1", signed_at=when, timezone="WITA"))
    flat = read_pdf(render(dataclasses.replace(data, signatures=signed)).pdf).flat
    assert "Makassar, 4 Desember 2026 · Pukul 09.30 WITA" in flat
    assert "Semarang, 4 Desember 2026 · Pukul 09.30 WITA" in flat  # no place: the visit's
    no_city = dataclasses.replace(data, signatures=signed, visit=VisitInfo(place=None))
    flat = read_pdf(render(no_city).pdf).flat
    assert "Makassar, 4 Desember 2026" in flat and "Semarang" not in flat
    assert re.search(r"Tanggal 4 Desember 2026 · Pukul 09\.30 WITA", flat)


# ------------------------------------------------------------------ 6. verdict words


FORBIDDEN = re.compile(r"%|\bLULUS\b|Predikat|Batas lulus|Rincian nilai|Keseluruhan",
                       re.IGNORECASE)


def test_instrument_recommends_observasi_lanjut_with_the_kuk_and_no_score(
        demo: Any, reports: Any) -> None:
    install_kop(demo)
    rid = kop_record(demo, fail=("u1_e1_k2", "u1_e2_k3"))
    assert demo.assessments.detail(rid).score.competency == OL
    flat = read_pdf(reports.render_assessment(rid)).flat
    assert "\u2611 Asesi belum memenuhi pencapaian seluruh kriteria unjuk kerja, " \
           "direkomendasikan OBSERVASI LANJUT pada:" in flat
    assert "\u2610 Asesi telah memenuhi" in flat
    for text in ("J.620100.010.01", "1 Mengidentifikasi mekanisme running",
                 "1.2 Parameter untuk mengeksekusi source code diidentifikasi.",
                 "2.3 Hasil eksekusi source code dicatat.", "Pemrograman Multimedia"):
        assert text in flat, text
    assert not FORBIDDEN.search(flat), FORBIDDEN.search(flat)
    assert "BELUM KOMPETEN" not in flat.upper()  # an instrument does not decide BK


def test_no_percentage_grade_or_lulus_on_any_competency_report(
        demo: Any, reports: Any) -> None:
    install_kop(demo)
    flats = [read_pdf(reports.render_assessment(kop_record(demo))).flat]
    for key in ("ia01-rizky", "ia01-siti", "ia01-dewi", "ia01-bagus", "ak01-rizky",
                "ak05-batch"):
        flats.append(read_pdf(reports.render_assessment(demo_id(demo, key))).flat)
    for code in (KOP_CODE, "FR.IA.01.J620100.005.02", "FR.AK.01", "FR.AK.05"):
        flats.append(read_pdf(reports.render_blank(code)).flat)
    for flat in flats:
        assert not FORBIDDEN.search(flat), (flat[:80], FORBIDDEN.search(flat))
    assert "direkomendasikan KOMPETEN" in flats[0]
    # the institutional report does print its score (the check can fail)
    jkp = read_pdf(reports.render_assessment(demo_id(demo, "jkp-complete"))).flat
    assert FORBIDDEN.search(jkp)
