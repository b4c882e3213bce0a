"""Render one PDF of every report kind from the demo data and turn chosen pages into PNG
images for docs/reports/ (to look at them as an assessor would).

    python scripts/render_report_samples.py [--out docs/reports] [--pdf-dir DIR] [--dpi 60]

Seeds the demo data into a temporary store with a fixed clock (signatures dated
20 November 2026, 10.15 WIB), renders, and calls ``pdftoppm`` (Debian: poppler-utils).

The demo's FR.IA.01 is also rendered as the instrument of an LSP scheme with a letterhead
(kop surat): the demo template with ``verdict: recommendation`` and ``scheme.lsp`` added,
its logo (the test fixture ``tests/reports/fixtures/lsp-logo.png``) put where the scheme
importer keeps logos (``<data>/logos/<sha256>.png``), and Rizky's and Siti's answers
copied into two records of it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assessor_app.core.template_loader import load_template_text  # noqa: E402
from assessor_app.paths import AppPaths  # noqa: E402
from assessor_app.services.demo import seed_demo, signature_png  # noqa: E402
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
    text = base.source_text
    for old, new in (("version: '2024.1'\n", f"version: '{KOP_VERSION}'\nverdict: recommendation\n"),
                     ("\nsigners:\n", "\n" + LSP_BLOCK.format(digest=digest) + "signers:\n")):
        assert old in text, old
        text = text.replace(old, new, 1)
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
    ("blank-ia01", {"blank": "FR.IA.01.J620100.005.02@2024.1"}, [1, 2],
     "Blank FR.IA.01 to fill by hand"),
    ("blank-jkp", {"blank": "JKP.LPK.01"}, [1],
     "Blank JKP readiness checklist to fill by hand"),
]


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
        finally:
            services.store.close(clean=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
