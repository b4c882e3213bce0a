"""Render one PDF of every report kind from the demo data and turn chosen pages into PNG
images for docs/reports/ (to look at them as an assessor would).

    python scripts/render_report_samples.py [--out docs/reports] [--pdf-dir DIR] [--dpi 60]

Seeds the demo data into a temporary store with a fixed clock (signatures dated
20 November 2026, 10.15 WIB), renders, and calls ``pdftoppm`` (Debian: poppler-utils).

The demo's FR.IA.01 is also rendered as the instrument of an LSP scheme whose logo is
looked up in the data folder: the demo template with ``verdict: recommendation`` and
``scheme.lsp`` (added, or, where the shipped scheme already names its LSP with the logo
inside the template, kept with its logo named by digest instead), the logo (the test
fixture ``tests/reports/fixtures/lsp-logo.png``) put where the scheme importer keeps logos
(``<data>/logos/<sha256>.png``), and Rizky's and Siti's answers copied into two records.

Then runs a MUK 2023 certification event of the shipped scheme forms/schemes/
pemrograman-ui.yaml (its unit given the questions, task and requirements an LSP would add;
every name fictitious) through the certification service, and writes page 1 of every
instrument as ``muk-<form>-p1.png`` (FR.IA.05: its three sheets A, B, C), and the page of
the recommendation of FR.IA.01/03/05 C/07 and of the plan of FR.MAPA.01 (``MUK_MORE``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assessor_app.core.competency import (  # noqa: E402
    ChoiceQuestion,
    Question,
    Requirement,
    SchemeData,
    TaskData,
    load_scheme,
)
from assessor_app.core.muk import FORMS, generate_instruments  # noqa: E402
from assessor_app.core.template_loader import load_template_text  # noqa: E402
from assessor_app.paths import AppPaths  # noqa: E402
from assessor_app.services.demo import fill_required, seed_demo, signature_png  # noqa: E402
from assessor_app.services.reports import ReportService  # noqa: E402
from assessor_app.services.runtime import Services, open_services  # noqa: E402
from assessor_app.services.templates import stable_id  # noqa: E402

FIXED = dt.datetime(2026, 11, 20, 3, 15, tzinfo=dt.UTC)
LOGO = REPO / "tests" / "reports" / "fixtures" / "lsp-logo.png"
KOP_VERSION = "2024.1-kop"
LSP_BLOCK = """  lsp:
    name: LSP P2 BLK Tirtamulya
    licence: BNSP-LSP-1234-ID
    address: Jl. Raya Tirtamulya No. 17, Kecamatan Tirtamulya, Kabupaten Karawang, Jawa Barat
    contact: 'Telp. (0267) 123456 · Surel: lsp@blktirtamulya.example'
    logo: sha256:{digest}
"""


def demo(key: str) -> str:
    return stable_id("demo", "assessment", key)


def kop(key: str) -> str:
    return stable_id("docs", "assessment", key)


def add_letterhead_samples(services: Services) -> None:
    """The demo FR.IA.01 as an LSP's instrument, with Rizky (K, signed) and Siti (OL)."""
    svc = services.assessments
    templates = services.templates
    logo = LOGO.read_bytes()
    digest = hashlib.sha256(logo).hexdigest()
    logos = services.paths.data_dir / "logos"
    logos.mkdir(exist_ok=True)
    (logos / f"{digest}.png").write_bytes(logo)
    base = templates.get(templates.find("FR.IA.01.J620100.005.02").id)
    text, n = re.subn(r"^version: '[^']*'\n", f"version: '{KOP_VERSION}'\n", base.source_text,
                      count=1, flags=re.M)
    assert n == 1, "version"
    if not re.search(r"^verdict: ", text, flags=re.M):
        text = text.replace(f"version: '{KOP_VERSION}'\n",
                            f"version: '{KOP_VERSION}'\nverdict: recommendation\n", 1)
    if "\n  lsp:\n" in text:  # a shipped scheme's instrument: its LSP, the logo by digest
        text, n = re.subn(r"^    logo: .*\n", f"    logo: sha256:{digest}\n", text, count=1,
                          flags=re.M)
        assert n == 1, "logo"
    else:
        assert "\nsigners:\n" in text, "signers"
        text = text.replace("\nsigners:\n", "\n" + LSP_BLOCK.format(digest=digest) + "signers:\n",
                            1)
    template = load_template_text(text, "fr-ia-01-kop.yaml")
    templates.install(template)
    for key, sign in (("ia01-rizky", True), ("ia01-siti", False)):
        src = svc.detail(demo(key)).row
        row = svc.create(f"{template.code}@{KOP_VERSION}", assessee_id=src.assessee_id,
                         visit_id=src.visit_id, institution_id=src.institution_id,
                         row_id=kop(key), assessment_id=kop(key + "-id"))
        answers = svc.answers(src.id)
        for (item, r), value in answers.values.items():
            svc.answer(row.id, item, value, row=r)
        for (item, r), note in answers.notes.items():
            svc.set_note(row.id, item, note, row=r)
        svc.finalise(row.id)
        if sign:
            detail = svc.detail(row.id)
            who, me = detail.assessee, detail.assessor
            assert who is not None and me is not None
            svc.sign(row.id, "asesi", who.name, signature_png(who.name), place="Semarang",
                     timezone="WIB")
            svc.sign(row.id, "asesor", me.name, signature_png(me.name),
                     registration_no=me.registration_no, place="Semarang", timezone="WIB")


# (file stem, what to render, pages to turn into PNG, description for the README)
# a page is a number or the first page whose text holds the given words
SAMPLES: list[tuple[str, dict[str, str], list[int | str], str]] = [
    ("ia01-kompeten", {"assessment": demo("ia01-rizky")}, [1, 2, "Rekomendasi"],
     "FR.IA.01, asesi K, locked and signed by asesi and asesor"),
    ("ia01-observasi-lanjut", {"assessment": demo("ia01-siti")}, ["Rekomendasi"],
     "FR.IA.01, asesi BK: KUK 2.3 and 2.5 ticked Tidak, OBSERVASI LANJUT list, not signed yet"),
    ("ia01-kop", {"assessment": kop("ia01-rizky")}, [1, "Rekomendasi"],
     "FR.IA.01 of an LSP scheme: letterhead with logo on every page, K, signed"),
    ("ia01-kop-observasi-lanjut", {"assessment": kop("ia01-siti")}, ["Rekomendasi"],
     "FR.IA.01 instrument (verdict: recommendation), OL: OBSERVASI LANJUT on KUK 2.3, 2.5"),
    ("ia01-en-f4", {"assessment": demo("ia01-rizky"), "lang": "en", "paper": "f4"}, [1],
     "FR.IA.01 in English on F4 (215 x 330 mm)"),
    ("ak01-persetujuan", {"assessment": demo("ak01-rizky")}, [1, 2],
     "FR.AK.01 consent: evidence ticked, agreed date/time/TUK, declarations, both signatures"),
    ("ak05-batch", {"visit": "045/LSP-P2-BLKTM"}, [1],
     "FR.AK.05 for the visit, cross-checked with the FR.IA.01 of each asesi (draft)"),
    ("jkp-kesiapan", {"assessment": demo("jkp-complete")}, [1, "Rincian nilai",
                                                             "Lampiran foto bukti"],
     "JKP readiness (institutional), locked: header, sections, score, signatures, photos"),
    ("kmpi-visitasi-draf", {"assessment": demo("kmpi-draft")}, [1, "Ringkasan temuan"],
     "KMPI visit (institutional) still a draft, with two findings (one critical)"),
    ("blank-ia01", {"blank": "FR.IA.01.J620100.005.02"}, [1, 2],
     "Blank FR.IA.01 to fill by hand"),
    ("blank-jkp", {"blank": "JKP.LPK.01"}, [1],
     "Blank JKP readiness checklist to fill by hand"),
]


# ------------------------------------------------------------------ a MUK 2023 event

ASESOR = ("Budi Santoso, S.T., M.Pd.", "MET.000.004633 2020")
SIGNERS = {"asesor": ASESOR, "penyusun": ASESOR,
           "admin_lsp": ("Sri Handayani, S.E.", "ADM.LSP-P2-BLKTM.017"),
           "peninjau": ("Ratna Kusumawardani, S.Pd.", "MET.000.007215 2021")}
ANISA, YOGA = "Anisa Putri Rahmawati", "Yoga Prasetyo"


def muk_scheme() -> SchemeData:
    """The shipped UI scheme with what the LSP adds to it for an event: oral, supporting
    and written questions, the practical task, the applicant requirements."""
    import dataclasses

    scheme = load_scheme(REPO / "forms" / "schemes" / "pemrograman-ui.yaml")
    unit = scheme.units[0]
    written = (
        ChoiceQuestion("1", "Dokumen yang menjadi acuan utama saat mengidentifikasi rancangan "
                            "user interface adalah ...",
                       ("laporan keuangan proyek",
                        "dokumen spesifikasi kebutuhan perangkat lunak (SRS)",
                        "kontrak kerja pengembang", "manual pengguna versi lama"), 1, ("1.1",)),
        ChoiceQuestion("2", "Mock-up aplikasi dibuat untuk ...",
                       ("menguji performa basis data", "menggantikan dokumen kebutuhan",
                        "mensimulasikan tampilan dan alur layar sebelum dikembangkan",
                        "mengukur kecepatan jaringan"), 2, ("1.4",)),
        ChoiceQuestion("3", "Komponen UI untuk memilih tepat satu dari beberapa pilihan yang "
                            "saling meniadakan adalah ...",
                       ("radio button", "checkbox", "text area", "progress bar"), 0, ("2.1",)),
        ChoiceQuestion("4", "Panduan gaya (style guide) pada pengembangan UI mengatur ...",
                       ("struktur tabel basis data", "warna, tipografi, dan ukuran komponen",
                        "jadwal rilis aplikasi", "hak akses server"), 1, ("2.4",)),
    )
    oral = (
        Question("1", "Jelaskan urutan akses komponen dialog pada aplikasi yang Anda buat.",
                 "Urutan sesuai peta navigasi: login, beranda, daftar menu, keranjang, bayar",
                 ("1.3",)),
        Question("2", "Bagaimana Anda menentukan bentuk style komponen UI agar konsisten?",
                 "Mengacu pada style guide: warna, tipografi, ukuran komponen", ("2.4",)),
        Question("3", "Bagaimana Anda memastikan simulasi dijadikan proses yang sesungguhnya?",
                 "Menghubungkan mock-up ke data nyata dan menguji alur bersama pengguna",
                 ("2.5",)),
    )
    supporting = (
        Question("1", "Apa yang Anda periksa sebelum mulai membuat mock-up?",
                 "Kelengkapan layar pada dokumen kebutuhan dan peta navigasi", ("1.4",)),
        Question("2", "Bagaimana Anda memastikan komponen dialog sesuai konteks rancangan "
                      "proses?", "Mencocokkan dengan diagram alur proses", ("1.2",)),
    )
    task = TaskData(
        "Anda bekerja sebagai pengembang antarmuka di sebuah usaha katering. Buatlah "
        "antarmuka aplikasi pemesanan makanan sesuai dokumen SRS yang disediakan TUK.",
        ("Pelajari dokumen SRS dan peta navigasi", "Buat mock-up semua layar",
         "Implementasikan halaman login, daftar menu dan keranjang",
         "Terapkan style guide yang disediakan", "Presentasikan hasil kepada asesor"),
        ("Komputer dengan editor kode dan peramban", "Dokumen SRS aplikasi pemesanan",
         "Style guide perusahaan"), "120 menit",
        "Mock-up dan halaman UI yang berjalan sesuai SRS dan style guide")
    requirements = (Requirement("Pas foto berwarna 3x4 (2 lembar)"),
                    Requirement("Fotokopi ijazah minimal SMK/sederajat bidang TI"),
                    Requirement("Sertifikat pelatihan berbasis kompetensi bidang pemrograman "
                                "atau surat keterangan pengalaman kerja minimal 1 tahun"),
                    Requirement("Fotokopi KTP", "administratif"))
    unit = dataclasses.replace(unit, written=written, oral=oral, supporting=supporting,
                               methods=("CL", "DPT", "DPL"))
    return dataclasses.replace(scheme, slug="pemrograman-ui", version="2026.1", units=(unit,),
                               task=task, requirements=requirements)


def _sign(svc: Any, rid: str, asesi: str | None) -> None:
    detail = svc.finalise(rid)
    for signer in detail.template.signers:
        if signer.role == "asesi" and asesi:
            name, reg = asesi, None
        elif signer.role in SIGNERS:
            name, reg = SIGNERS[signer.role]
        else:
            continue
        svc.sign(rid, signer.role, name, signature_png(name), place="Semarang",
                 timezone="WIB", registration_no=reg if signer.registration else None)


def muk_event(services: Any) -> dict[str, str]:
    """Two asesi through every instrument; returns form -> revision id of what to show
    (Anisa's records, Yoga's appeal, the batch forms)."""
    scheme = muk_scheme()
    for ins in generate_instruments(scheme):
        services.templates.install(load_template_text(ins.text, ins.code), origin=ins.code)
    reg, svc, event = services.registry, services.assessments, services.certification
    blk = next(i for i in reg.institutions() if i.name == "UPTD BLK Tirtamulya")
    visit = reg.add_visit(institution_id=blk.id, letter_no="046/LSP-P2-BLKTM/ST/XI/2026",
                          letter_date="2026-11-12", place="Semarang", tuk_type="sewaktu",
                          start_date="2026-11-20", end_date="2026-11-20", start_time="08.00",
                          end_time="15.00", timezone="WIB",
                          assessors=[(reg.self_assessor().id, "ASESOR")])
    anisa = reg.add_assessee(ANISA, nik="3374014204010006", gender="P", birth_place="Semarang",
                             birth_date="2001-04-02", institution_id=blk.id)
    yoga = reg.add_assessee(YOGA, nik="3374021709990007", gender="L", birth_place="Kendal",
                            birth_date="1999-09-17", institution_id=blk.id)
    shown: dict[str, str] = {}
    slug = "pemrograman-ui"

    def run(form: str, who: Any = None, show: bool = True, **given: str) -> str:
        rid: str = event.start(visit.id, form, who.id if who else None, scheme_ref=slug).id
        fill_required(svc, rid, given)
        _sign(svc, rid, who.name if who else None)
        if show:
            shown[form] = rid
        return rid

    run("FR.MAPA.01", karakteristik="Asesi lulusan SMK dan peserta pelatihan berbasis "
        "kompetensi BLK; tidak ada kebutuhan khusus.",
        kontekstualisasi="Tugas praktik memakai studi kasus usaha katering setempat.",
        konfirmasi="manajer_lsp lead", potensi_asesi="p1 p3")
    run("FR.MAPA.02")
    apl01 = {"tempat_lahir": "Semarang", "tanggal_lahir": "2001-04-02",
             "jenis_kelamin": "p", "alamat_rumah": "Jl. Pandanaran No. 45, Semarang",
             "kode_pos": "50241", "telepon": "0812-2765-4410",
             "email": "anisa.rahma@contoh.id", "pendidikan": "SMK Rekayasa Perangkat Lunak",
             "nama_institusi": "CV Cipta Aplikasi Nusantara", "jabatan": "Staf pengembang web",
             "tujuan_asesmen": "sertifikasi", "rekomendasi": "diterima",
             "catatan": "Persyaratan dasar lengkap."}
    for person in (anisa, yoga):
        given = dict(apl01) if person is anisa else {
            "tempat_lahir": "Kendal", "tanggal_lahir": "1999-09-17", "jenis_kelamin": "l",
            "alamat_rumah": "Jl. Soekarno-Hatta No. 12, Kendal", "pendidikan": "SMK TKJ",
            "tujuan_asesmen": "sertifikasi", "rekomendasi": "diterima"}
        run("FR.APL.01", person, person is anisa,
            nik=person.nik or "", **given)
        run("FR.APL.02", person, person is anisa,
            u1_e1_bukti="Sertifikat pelatihan UI/UX BLK Tirtamulya 2025",
            u1_e2_bukti="Portofolio aplikasi kasir (tangkapan layar dan kode sumber)",
            rekomendasi="dapat", catatan="Bukti relevan; asesmen dilanjutkan.")
        run("FR.AK.01", person, person is anisa, tanggal_pelaksanaan="2026-11-20",
            waktu_pelaksanaan="08:00", tuk_pelaksanaan="UPTD BLK Tirtamulya, Lab Komputer 2")
    ia01_items = [f"u1_e{e}_k{k}" for e, n in ((1, 4), (2, 5)) for k in range(1, n + 1)]
    for person, miss in ((anisa, "u1_e2_k4"), (yoga, "u1_e1_k2")):
        answers = {name: "tidak" if name == miss else "ya" for name in ia01_items}
        run("FR.IA.01", person, person is anisa,
            penilaian_lanjut="KUK yang belum tercapai ditanyakan lisan (FR.IA.07).",
            umpan_balik_asesi="Mock-up lengkap dan rapi; perhatikan konsistensi style.",
            **answers)
    run("FR.IA.02", anisa, waktu_mulai="09:00", waktu_selesai="11:00")
    run("FR.IA.03", anisa, u1_q1_jawaban="Memeriksa daftar layar di SRS dan peta navigasi.",
        u1_q1_capai="ya", u1_q2_jawaban="Mencocokkan setiap dialog dengan diagram alur.",
        u1_q2_capai="ya", umpan_balik_asesi="Jawaban runtut dan sesuai SOP.")
    run("FR.IA.05", anisa, u1_q1="b", u1_q2="c", u1_q3="b", u1_q4="b",
        umpan_balik_asesi="Pelajari lagi jenis komponen pilihan (radio button/checkbox).")
    run("FR.IA.05", yoga, False, u1_q1="b", u1_q2="a", u1_q3="a", u1_q4="c")
    run("FR.IA.07", anisa, u1_q2_jawaban="Saya memakai style guide proyek: palet warna, "
        "jenis huruf dan ukuran tombol yang sama di semua layar.", u1_q2_capai="ya",
        umpan_balik_asesi="KUK 2.4 terpenuhi melalui pertanyaan lisan.")
    run("FR.AK.02", anisa, u1_keputusan="k",
        komentar_asesor="Seluruh KUK terpenuhi melalui observasi, tes tertulis dan lisan.")
    run("FR.AK.02", yoga, False, u1_keputusan="bk",
        tindak_lanjut="Pelatihan ulang elemen 1 (komponen dialog) lalu asesmen ulang "
                      "KUK 1.2 dengan observasi.",
        komentar_asesor="KUK 1.2 dan pertanyaan tertulis nomor 2 dan 4 belum tercapai.")
    for person in (anisa, yoga):
        run("FR.AK.03", person, person is anisa,
            komponen_1_catatan="Penjelasan jelas.", catatan_lainnya="Terima kasih.")
    run("FR.AK.04", yoga, dijelaskan="ya", didiskusikan="ya", orang_lain="tidak",
        alasan_banding="Saya menilai waktu tugas praktik terpotong 20 menit karena "
                       "gangguan listrik di laboratorium.")
    run("CEKLIS.DOKUMEN", anisa)
    run("FR.AK.05", aspek="Positif: TUK siap, jadwal tepat. Negatif: listrik padam 20 menit.",
        penolakan="Tidak ada penolakan; satu asesi mengajukan banding (FR.AK.04).",
        saran="Siapkan UPS untuk laboratorium komputer.")
    run("FR.AK.06", aspek_rencana="validitas reliabel fleksibel adil",
        aspek_persiapan="validitas reliabel fleksibel adil",
        aspek_implementasi="validitas reliabel adil", aspek_keputusan="validitas reliabel "
        "fleksibel adil", aspek_umpan_balik="validitas adil",
        konsistensi="task task_mgmt contingency job_role transfer",
        rekomendasi_proses="Tambahkan waktu cadangan pada jadwal tugas praktik.")
    assert set(shown) == set(FORMS), set(FORMS) - set(shown)
    return shown


# image stem -> words of a further page to image: the recommendation the signatures sign
# (an instrument's, on the page of the signatures), FR.MAPA.01's plan
MUK_MORE = {"muk-fr-ia-01": "OBSERVASI LANJUT pada", "muk-fr-ia-03": "OBSERVASI LANJUT pada",
            "muk-fr-ia-05c": "OBSERVASI LANJUT pada", "muk-fr-ia-07": "OBSERVASI LANJUT pada",
            "muk-fr-mapa-01": "2. Mempersiapkan rencana asesmen"}


def render_muk(reports: ReportService, shown: dict[str, str], pdf_dir: Path, out: Path,
               dpi: int) -> None:
    for form in FORMS:
        for part in reports.parts_of(reports.assessments.template_of(
                reports.assessments.resolve(shown[form]))) or (None,):
            pdf = reports.render_assessment(shown[form], part=part)
            letter = {"soal": "a", "kunci": "b", "jawaban": "c"}.get(part or "", "")
            stem = "muk-" + form.lower().replace(".", "-") + letter
            path = reports.save(pdf, pdf_dir / f"{stem}.pdf").path
            pages = [1]
            if stem in MUK_MORE:
                pages = sorted({1, find_page(pdf, MUK_MORE[stem])})
            for page in pages:
                target = out / f"{stem}-p{page}"
                subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", "-f",
                                str(page), "-l", str(page), str(path), str(target)],
                               check=True)
                print(f"{target.name}.png  {form} {part or ''}".rstrip())


def find_page(pdf: bytes, words: str) -> int:
    import io

    from pypdf import PdfReader

    for n, page in enumerate(PdfReader(io.BytesIO(pdf)).pages, start=1):
        if words in (page.extract_text() or ""):
            return n
    raise SystemExit(f"no page holds {words!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=REPO / "docs" / "reports")
    ap.add_argument("--pdf-dir", type=Path, default=None, help="keep the PDFs here")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args(argv)
    if shutil.which("pdftoppm") is None:
        print("pdftoppm not found: apt-get install -y poppler-utils", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        services = open_services(AppPaths(store), clock=lambda: FIXED)
        services.assessments.on_finalised = None
        try:
            seed_demo(services)
            svc = services.assessments
            # the KMPI draft gets two findings so the findings table has something to show
            kmpi = demo("kmpi-draft")
            svc.answer(kmpi, "std1_2", "bc")
            svc.set_note(kmpi, "std1_2", "Salinan keputusan penetapan SKKNI tidak dapat "
                                         "ditunjukkan pada saat visitasi.")
            svc.answer(kmpi, "std1_3", "bc")
            add_letterhead_samples(services)
            reports = ReportService(services)
            pdf_dir = args.pdf_dir or Path(tmp) / "pdf"
            pdf_dir.mkdir(parents=True, exist_ok=True)
            for stem, what, pages, text in SAMPLES:
                lang, paper = what.get("lang", "id"), what.get("paper", "a4")
                if "assessment" in what:
                    pdf = reports.render_assessment(what["assessment"], paper=paper, lang=lang)
                elif "visit" in what:
                    pdf = reports.render_batch(what["visit"], paper=paper, lang=lang)
                else:
                    pdf = reports.render_blank(what["blank"], paper=paper, lang=lang)
                path = reports.save(pdf, pdf_dir / f"{stem}.pdf").path
                for spec in pages:
                    page = spec if isinstance(spec, int) else find_page(pdf, spec)
                    target = args.out / f"{stem}-p{page}"
                    subprocess.run(["pdftoppm", "-r", str(args.dpi), "-png", "-singlefile",
                                    "-f", str(page), "-l", str(page), str(path), str(target)],
                                   check=True)
                    print(f"{target.name}.png  {text}")
            render_muk(reports, muk_event(services), pdf_dir, args.out, args.dpi)
        finally:
            services.store.close(clean=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
