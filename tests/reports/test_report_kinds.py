"""Each report kind, read back with pypdf: the content an assessor checks on paper."""

from __future__ import annotations

import re
from typing import Any

import pytest

from assessor_app.core.template import ItemType
from assessor_app.reports.competency import MUK_FIELDS
from assessor_app.reports.verification import parse_payload
from tests.reports.support import Pdf, demo_id, read_pdf

TICK = "\u2713"


def assert_page_numbers(pdf: Pdf, lang: str = "id") -> None:
    n = len(pdf.pages)
    for i, text in enumerate(pdf.pages, start=1):
        expected = f"Halaman {i} dari {n}" if lang == "id" else f"Page {i} of {n}"
        assert expected in text, f"page {i}: {expected!r} missing"


def assert_verification_on_every_page(pdf: Pdf) -> None:
    payload = parse_payload(pdf.keywords)
    assert payload is not None
    for i, text in enumerate(pdf.pages, start=1):
        assert payload.code in text, f"verification code missing on page {i}"


def ticks(pdf: Pdf) -> list[tuple[int, float, float]]:
    return [(n, c.x, c.y) for n, page in enumerate(pdf.chunks) for c in page
            if c.text.strip() == TICK]


def column_x(pdf: Pdf, header: str) -> float:
    for page in pdf.chunks:
        for c in page:
            if c.text.strip() == header:
                return c.x
    raise AssertionError(f"column header {header!r} not found")


def rendered(demo: Any, reports: Any, key: str, **options: Any) -> tuple[str, Pdf]:
    """The revision id of the demo assessment ``key`` and its report, read back."""
    rid = demo_id(demo, key)
    return rid, read_pdf(reports.render_assessment(rid, **options))


def kuk_items(template: Any) -> list[Any]:
    return [it for it in template.walk_items() if it.kuk]


# ------------------------------------------------------------------ FR.IA.01


def test_ia01_competent_prints_every_kuk_response_signatures_and_dates(
        demo: Any, reports: Any) -> None:
    rid, pdf = rendered(demo, reports, "ia01-rizky")
    detail = demo.assessments.detail(rid)
    flat = pdf.flat
    kuks = kuk_items(detail.template)
    assert len(kuks) == 9
    for item in kuks:
        assert f"{item.kuk} {item.label.id}" in flat, item.kuk
        assert re.sub(r"\s+", " ", item.benchmark) in flat
    # one tick per KUK, all in the "Ya" column (all answered ya)
    marks = ticks(pdf)
    assert len(marks) == len(kuks)
    ya, tidak = column_x(pdf, "Ya"), column_x(pdf, "Tidak")
    assert all(abs(x - ya) < abs(x - tidak) for _, x, _ in marks)
    # MUK header: scheme, TUK, names, Indonesian date
    for text in ("FR.IA.01. CEKLIS OBSERVASI AKTIVITAS", "Klaster Pemrograman Antarmuka Pengguna",
                 "SKM/LSP-P2-BLKTM/003/2024", "Sewaktu/Tempat Kerja/Mandiri*",
                 "Rizky Aditya Pratama", "Budi Santoso", "20 November 2026",
                 "* Coret yang tidak perlu", "Unit Kompetensi 1", "J.620100.005.02",
                 "Standar Industri atau Tempat Kerja", "Penilaian Lanjut", "KOMPETEN"):
        assert text in flat, text
    # signatures: names, No. Reg., place-date and time in WIB, drawn images
    assert "No. Reg. MET.000.004633 2020" in flat
    assert "Semarang, 20 November 2026 · Pukul 10.15 WIB" in flat
    sig_page = next(i for i, t in enumerate(pdf.pages) if "Tanda tangan/Tanggal" in t)
    assert pdf.images[sig_page] >= 2
    # the LSP logo of the letterhead on every page, the two signatures; no photo
    assert sum(pdf.images) == len(pdf.pages) + 2
    assert_page_numbers(pdf)
    assert_verification_on_every_page(pdf)
    payload = parse_payload(pdf.keywords)
    assert payload is not None and payload.kind == "record"
    assert (payload.assessment_id, payload.revision, payload.content_sha256, payload.draft) == (
        detail.row.assessment_id, detail.row.revision, detail.row.content_sha256, False)
    assert "DRAF" not in flat


def test_ia01_not_yet_competent_ticks_tidak_and_lists_what_to_observe_again(
        demo: Any, reports: Any) -> None:
    _, pdf = rendered(demo, reports, "ia01-siti")
    flat = pdf.flat
    ya, tidak = column_x(pdf, "Ya"), column_x(pdf, "Tidak")
    failed = {"2.3", "2.5"}
    for page_no, page in enumerate(pdf.chunks):
        for c in page:
            m = re.match(r"^(\d\.\d) ", c.text)
            if not m or not (c.x < ya - 100):
                continue
            row_ticks = [x for n, x, y in ticks(pdf) if n == page_no and abs(y - c.y) < 4]
            if not row_ticks:
                continue  # the KUK also appears in the recommendation list
            assert len(row_ticks) == 1
            in_tidak = abs(row_ticks[0] - tidak) < abs(row_ticks[0] - ya)
            assert in_tidak == (m.group(1) in failed), m.group(1)
    assert "OBSERVASI LANJUT" in flat
    assert "2.3 Setting aktif-pasif komponen user interface dialog" in flat
    assert "2.5 Penerapan simulasi dijadikan suatu proses yang sesungguhnya." in flat
    assert "2 Melakukan implementasi rancangan user interface" in flat
    # finalised but not signed: names are printed, the signature spaces are empty
    assert "Siti Nurhaliza Putri" in flat and "belum ditandatangani" in flat
    assert sum(pdf.images) == len(pdf.pages)  # the letterhead's logo only


def test_ia01_f4_and_english(demo: Any, reports: Any) -> None:
    rid, pdf = rendered(demo, reports, "ia01-rizky", paper="f4", lang="en")
    for w, h in pdf.sizes:
        assert (round(w, 1), round(h, 1)) == (609.4, 935.4)
    flat = pdf.flat
    for text in ("CHECKLIST FOR OBSERVING ACTIVITIES", "Performance criteria",
                 "Industry or workplace standard", "COMPETENT", "Assessor's name",
                 "Verification code", "Temporary/Workplace/Independent*", "Reg. No.",
                 "20 November 2026", "10:15 WIB", "Implementing the User Interface"):
        assert text in flat, text
    assert "Halaman" not in flat and "Pukul" not in flat
    assert_page_numbers(pdf, "en")
    payload = parse_payload(pdf.keywords)
    assert payload is not None and (payload.paper, payload.lang) == ("f4", "en")
    a4 = read_pdf(reports.render_assessment(rid))
    assert (round(a4.sizes[0][0]), round(a4.sizes[0][1])) == (595, 842)


def test_rendering_is_deterministic_and_reports_progress(demo: Any, reports: Any) -> None:
    rid = demo_id(demo, "jkp-complete")
    pages: list[int] = []
    first = reports.render_assessment(rid, progress=pages.append)
    assert pages == list(range(1, len(read_pdf(first).pages) + 1))
    # the rendering is deterministic; the device's PAdES signature (with its own signing
    # time and random /ID) is an incremental update after it, so the rendering is a prefix
    unsigned = reports._render_assessment(rid, "a4", "id", None, sign=False)[0]
    assert reports._render_assessment(rid, "a4", "id", None, sign=False)[0] == unsigned
    second = reports.render_assessment(rid)
    assert first.startswith(unsigned) and second.startswith(unsigned)
    assert b"/ByteRange" in first[len(unsigned):]


# ------------------------------------------------------------------ institutional


def test_jkp_report_has_header_sections_score_photos_and_signatures(
        demo: Any, reports: Any) -> None:
    rid, pdf = rendered(demo, reports, "jkp-complete")
    detail = demo.assessments.detail(rid)
    flat = pdf.flat
    for text in ("JKP.LPK.01. KESIAPAN LPK CALON MITRA PELATIHAN JKP", "LPK Cipta Karya Mandiri",
                 "3273.0412.2019", "562/1184/LATTAS-JKP/XI/2026, tanggal 2 November 2026",
                 "17 November 2026", "Pukul 08.30 – 15.00 WIB", "Tim asesor",
                 "Ratna Kusumawardani, S.Pd. (Anggota)", "Ringkasan temuan",
                 "Status persyaratan", "R4. Persetujuan Menteri Memenuhi",
                 "Hitungan aplikasi (bukan keputusan resmi)", "Keseluruhan",
                 "Rekomendasi verifikator", "\u2611 Direkomendasikan menjadi mitra JKP",
                 "Lampiran foto bukti",
                 "Bandung, 20 November 2026", "Verifikator/Asesor", "Pimpinan LPK",
                 "Drs. Hendra Wiratmaja", "No. Reg. MET.000.004633 2020", "Daftar instruktur"):
        assert text in flat, text
    st = detail.state
    for item in detail.template.walk_items():
        if item.type is ItemType.SELECT_ONE and item.code and st.item_relevant(item.name):
            label = re.sub(r"\s+", " ", item.label.id)
            assert label in flat, item.name
            chosen = detail.template.options_for(item).option(st.value(item.name))
            assert chosen is not None and f"\u2611 {chosen.label.id}" in flat
    # every struck-out status, but the chosen one printed in full, ticked (in the text too)
    assert "LPK Pemerintah/\u2713 LPK Swasta/LPK Perusahaan" in flat
    assert "tidak relevan" in flat  # 2.2 does not apply to a private LPK
    refs = [f"F{n}" for n in range(1, len(detail.evidence) + 1)]
    assert all(r in flat for r in refs) and len(refs) == 3
    assert sum(pdf.images) == len(refs) + 2
    assert_page_numbers(pdf)
    assert_verification_on_every_page(pdf)
    # issue 14: no pass mark, grade or percentage the pedoman does not define; the app's
    # own items are marked as such, with the legend
    for text in ("Predikat", "Batas lulus", "%", "Rincian nilai"):
        assert text not in flat, text
    assert "Butir bertanda [Tambahan aplikasi]" in flat
    for code in ("1.8", "3.2"):
        item = next(it for it in detail.template.walk_items() if it.code == code)
        at = flat.index(re.sub(r"\s+", " ", item.label.id))
        assert "[Tambahan aplikasi]" in flat[at:at + len(item.label.id) + 40], code


def test_kmpi_draft_findings_first_and_draft_marked_everywhere(demo: Any, reports: Any) -> None:
    rid = demo_id(demo, "kmpi-draft")
    svc = demo.assessments
    svc.answer(rid, "std1_2", "bc")
    svc.set_note(rid, "std1_2", "Keputusan penetapan standar tidak dapat ditunjukkan.")
    svc.answer(rid, "std1_3", "bc")
    pdf = read_pdf(reports.render_assessment(rid))
    flat = pdf.flat
    for i, text in enumerate(pdf.pages, start=1):
        assert "DRAF — belum final" in text, i
    payload = parse_payload(pdf.keywords)
    assert payload is not None and payload.draft
    findings = flat[flat.index("Ringkasan temuan"):
                    flat.index("Hitungan aplikasi (bukan keputusan resmi)")]
    assert findings.index("1.2") < findings.index("1.3")  # in form order
    assert findings.count("[Belum memenuhi]") >= 2
    assert "Keputusan penetapan standar tidak dapat ditunjukkan." in findings
    # issue 14: F.04 scores C/BC per criterion; the visit has no pass mark, grade, critical
    # criterion or verdict of the assessor (LA-LPK decides)
    for text in ("Predikat", "Batas lulus", "KRITIS", "Rekomendasi", "Status persyaratan"):
        assert text not in flat, text
    assert "Dasar: Permenaker 5/2022 Pasal 3" in flat  # the standards' names
    assert flat.count("Dasar: Permenaker 5/2022 Pasal 4 ayat (2)") == 2  # criteria 1.1, 1.2
    assert "19 November 2026 – 20 November 2026" in flat


# ------------------------------------------------------------------ FR.AK.01, FR.AK.05


def test_ak01_consent(demo: Any, reports: Any) -> None:
    _, pdf = rendered(demo, reports, "ak01-rizky")
    flat = pdf.flat
    for text in ("FR.AK.01. PERSETUJUAN ASESMEN DAN KERAHASIAAN",
                 "Bukti yang akan dikumpulkan", "\u2611 Hasil observasi langsung",
                 "\u2610 Hasil verifikasi portofolio",
                 "\u2610 Lainnya", "Pelaksanaan asesmen disepakati pada",
                 "Jumat, 20 November 2026", "Pukul 08.00 WIB",
                 "hak dan prosedur banding", "tidak akan membuka hasil pekerjaan",
                 "Ya/Tidak*", "Rizky Aditya Pratama", "Budi Santoso",
                 "No. Reg.", "MET.000.004633 2020"):
        assert text in flat, text
    assert sum(pdf.images) == len(pdf.pages) + 2  # logo per page, two signatures
    assert_page_numbers(pdf)


def test_ak05_batch_counts_the_signed_ak02_decisions(demo: Any, reports: Any) -> None:
    """MUK 2023: the batch lists the asesi whose FR.AK.02 decision is signed (Rizky, K);
    Siti (observed, OL, oral questions under way) and Dewi have no decision yet, and an
    instrument's OL is never counted as BK."""
    visit = demo.registry.find_visit("045/LSP-P2-BLKTM")
    pdf = read_pdf(reports.render_batch(visit.id, "FR.AK.05"))
    flat = pdf.flat
    for text in ("FR.AK.05. LAPORAN ASESMEN", "Rizky Aditya Pratama", "Keterangan**",
                 "FR.AK.02: K", "Jumlah asesi: 1 · Kompeten (K): 1 · Belum Kompeten (BK): 0",
                 "Aspek negatif dan positif dalam asesmen", "DRAF — belum final"):
        assert text in flat, text
    for absent in ("Siti Nurhaliza Putri", "Bagus Santoso", "FR.IA.01", "%", "LULUS"):
        assert absent not in flat, absent
    assert "Asesi" not in flat.split("Tanggal")[0].split("Nama Asesor")[1]
    assert len(ticks(pdf)) == 1
    # the same record through "report ID" gives the same bytes
    rid = demo_id(demo, "ak05-batch")
    assert reports._render_assessment(rid, "a4", "id", None, sign=False)[0] == \
        reports._render_batch(visit.id, "FR.AK.05", "a4", "id", None, sign=False)[0]
    payload = parse_payload(pdf.keywords)
    assert payload is not None and payload.extra is not None


def test_ak05_flags_a_verdict_that_contradicts_ak02(demo: Any, reports: Any) -> None:
    rid = demo_id(demo, "ak05-batch")
    svc = demo.assessments
    rows = svc.answers(rid).rows["asesi"]
    rizky = next(r for r in rows if svc.state(rid).value("nama_asesi", r).startswith("Rizky"))
    svc.answer(rid, "rekomendasi", "bk", row=rizky)
    flat = read_pdf(reports.render_assessment(rid)).flat
    assert "Tidak sesuai dengan FR.AK.02 (K)" in flat


# ------------------------------------------------------------------ blank forms


@pytest.mark.parametrize("code", ["FR.IA.01.J620100.005.02@2024.1", "FR.IA.01.J620100.005.02",
                                  "FR.IA.01.JIP.SM02.016.01@2024.1", "FR.IA.01.JIP.SM02.016.01",
                                  "FR.AK.01", "FR.AK.05", "JKP.LPK.01", "KMPI.VISIT.01"])
def test_blank_forms_print_every_item_with_empty_boxes(demo: Any, reports: Any,
                                                       code: str) -> None:
    template = demo.templates.get(demo.templates.find(code).id)
    pdf = read_pdf(reports.render_blank(code))
    flat = pdf.flat
    assert "Formulir kosong untuk diisi tangan" in flat
    # nothing ticked; the only images are the LSP's logo in the letterhead of each page
    # (the forms generated from a scheme that has one)
    lsp = template.scheme.lsp if template.scheme is not None else None
    logo = lsp is not None and lsp.logo is not None
    assert TICK not in flat and "\u2611" not in flat
    assert pdf.images == [1 if logo else 0] * len(pdf.pages)
    for item in template.walk_items():
        if item.type in (ItemType.NOTE, ItemType.SIGNATURE, ItemType.CALCULATE):
            continue
        if template.repeat_of(item.name) is not None:
            continue
        if item.name == "asesi" and code == "FR.AK.05":
            continue  # the batch table itself (No | Nama Asesi | K | BK | Keterangan)
        if item.name in MUK_FIELDS and template.kind.value == "competency":
            continue  # printed as the MUK header ("Nama Asesor", "TUK"...), checked below
        label = re.sub(r"\s+", " ", item.label.id)
        if item.kuk:
            label = f"{item.kuk} {label}"
        assert label in flat, item.name
    for signer in template.signers:
        assert signer.label.id in flat
    if template.kind.value == "competency":
        assert "TUK : Sewaktu/Tempat Kerja/Mandiri*" in flat and "Nama Asesor" in flat
    payload = parse_payload(pdf.keywords)
    assert payload is not None and payload.kind == "blank"
    assert payload.template_code == template.code
    assert_page_numbers(pdf)
