"""Render one PDF of every report kind from the demo data and turn chosen pages into PNG
images for docs/reports/ (to look at them as an assessor would).

    python scripts/render_report_samples.py [--out docs/reports] [--pdf-dir DIR] [--dpi 60]

Seeds the demo data into a temporary store with a fixed clock (signatures dated
20 November 2026, 10.15 WIB), renders, and calls ``pdftoppm`` (Debian: poppler-utils).
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assessor_app.paths import AppPaths  # noqa: E402
from assessor_app.services.demo import seed_demo  # noqa: E402
from assessor_app.services.reports import ReportService  # noqa: E402
from assessor_app.services.runtime import open_services  # noqa: E402
from assessor_app.services.templates import stable_id  # noqa: E402

FIXED = dt.datetime(2026, 11, 20, 3, 15, tzinfo=dt.UTC)


def demo(key: str) -> str:
    return stable_id("demo", "assessment", key)


# (file stem, what to render, pages to turn into PNG, description for the README)
# a page is a number or the first page whose text holds the given words
SAMPLES: list[tuple[str, dict[str, str], list[int | str], str]] = [
    ("ia01-kompeten", {"assessment": demo("ia01-rizky")}, [1, 2],
     "FR.IA.01, asesi K, locked and signed by asesi and asesor"),
    ("ia01-observasi-lanjut", {"assessment": demo("ia01-siti")}, [2],
     "FR.IA.01, asesi BK: KUK 2.3 and 2.5 ticked Tidak, OBSERVASI LANJUT list, not signed yet"),
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
