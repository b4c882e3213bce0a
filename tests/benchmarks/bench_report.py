"""Benchmark: the PDF report of a 300-KUK FR.IA.01 assessment with 20 photos and 2 drawn
signatures, against a bare reportlab table of the same rows and images.

Not part of the normal test run. Usage::

    python tests/benchmarks/bench_report.py --out bench-report.json [--runs 5] [--quick]

Both sides use the same embedded DejaVu fonts, the same JPEG photos (1600 x 1200, as the
app stores them) and PNG signatures, and A4 with the same margins. The app's side is
``assessor_app.reports.render`` (header, unit/element/KUK tables with repeated headers and
"(lanjutan)" rows, recommendation, signature blocks, photo grid, page x of y, QR code and
verification code on every page, invariant mode); the floor is one ``Table`` with
``repeatRows=1`` plus the images, nothing else. Figures are medians of ``--runs`` runs
measured in the same process run; ``ratio = app / floor``.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.benchmarks.common import Figure, parser, write  # noqa: E402

UNITS, ELEMENTS, KUKS = 10, 5, 6  # 300 KUK
PHOTOS = 20


def synthetic_template(units: int, elements: int, kuks: int) -> str:
    lines = [
        "template: 1", "code: FR.IA.01.BENCH", 'version: "1"', "form: FR.IA.01",
        "kind: competency", "subject: assessee",
        "title: { id: Ceklis Observasi Aktivitas di Tempat Kerja, en: Observation checklist }",
        "scheme: { type: Klaster, number: SKM/BENCH/001/2026, title: Klaster Uji Kinerja }",
        "signers:", "  - { role: asesi, label: Asesi }",
        "  - { role: asesor, label: Asesor, registration: true }",
        "response_sets:", "  tuk:", "    label: TUK", "    options:",
        "      - { value: sewaktu, label: Sewaktu }",
        "      - { value: tempat_kerja, label: Tempat Kerja }",
        "      - { value: mandiri, label: Mandiri }",
        "header:",
        "  - { name: tuk, type: select_one, response_set: tuk, label: TUK }",
        "  - { name: nama_asesor, type: text, label: Nama asesor }",
        "  - { name: nama_asesi, type: text, label: Nama asesi }",
        "  - { name: tanggal, type: date, label: Tanggal }",
        "sections:",
    ]
    for u in range(1, units + 1):
        lines += [f"  - name: u{u}", f"    title: Unit uji kinerja nomor {u}",
                  f"    unit: {{ code: J.6201{u:02d}.001.01, title: Unit uji kinerja nomor {u},"
                  " group: Kelompok Uji }", "    sections:"]
        for e in range(1, elements + 1):
            lines += [f"      - name: u{u}_e{e}",
                      f"        title: Elemen {e} melaksanakan pekerjaan sesuai prosedur",
                      f"        element: {{ no: '{e}', title: Elemen {e} melaksanakan "
                      "pekerjaan sesuai prosedur }", "        items:"]
            for k in range(1, kuks + 1):
                lines += [
                    f"          - name: u{u}_e{e}_k{k}", "            type: select_one",
                    "            response_set: ya_tidak", f"            kuk: '{e}.{k}'",
                    f"            label: Kriteria {e}.{k} dilakukan sesuai standar operasional "
                    "prosedur dan spesifikasi produk yang berlaku di tempat kerja.",
                    "            benchmark: SOP tempat kerja, spesifikasi produk dan lembar "
                    "kerja yang disediakan TUK"]
    return "\n".join(lines) + "\n"


def build_data(units: int, photos: int) -> tuple[Any, list[list[str]], list[bytes], list[bytes]]:
    from assessor_app.core.engine import Answers, FormState
    from assessor_app.core.scoring import score
    from assessor_app.core.template_loader import load_template_text
    from assessor_app.reports import PhotoInfo, RecordInfo, ReportData, SignatureInfo
    from assessor_app.reports.verification import record_payload
    from assessor_app.services.demo import demo_photo, signature_png

    template = load_template_text(synthetic_template(units, ELEMENTS, KUKS), "bench.yaml")
    answers = Answers()
    answers.values.update({("tuk", ""): "sewaktu", ("nama_asesor", ""): "Budi Santoso",
                           ("nama_asesi", ""): "Rizky Aditya Pratama",
                           ("tanggal", ""): "2026-11-20"})
    kuks = [it for it in template.walk_items() if it.kuk]
    rows: list[list[str]] = []
    for n, item in enumerate(kuks):
        answers.values[(item.name, "")] = "tidak" if n % 10 == 3 else "ya"
        note = "Perlu observasi ulang pada langkah ini." if n % 5 == 0 else ""
        if note:
            answers.notes[(item.name, "")] = note
        rows.append([item.kuk or "", item.label.id, item.benchmark or "",
                     "ya" if n % 10 != 3 else "tidak", note])
    state = FormState(template, answers)
    images = [demo_photo(f"Foto bukti {i}", i, (1600, 1200)) for i in range(photos)]
    sigs = [signature_png("Rizky Aditya Pratama"), signature_png("Budi Santoso")]
    photo_info = tuple(PhotoInfo(f"F{i + 1}", kuks[i * 7 % len(kuks)].name, "", "image/jpeg",
                                 img, f"Bukti pelaksanaan KUK nomor {i + 1}")
                       for i, img in enumerate(images))
    import datetime as dt

    from assessor_app.core.clock import TIMEZONES

    when = dt.datetime(2026, 11, 20, 10, 15, tzinfo=TIMEZONES["WIB"])
    data = ReportData(
        template=template,
        payload=record_payload("0" * 32, 1, "a" * 64, paper="a4", lang="id", draft=False),
        state=state, score=score(state),
        record=RecordInfo("0" * 32, 1, "locked", "Rizky Aditya Pratama", "Budi Santoso",
                          "MET.000.004633 2020", "Rizky Aditya Pratama"),
        signatures=(SignatureInfo("asesi", "Rizky Aditya Pratama", None, None, "Semarang", when,
                                  "WIB", sigs[0]),
                    SignatureInfo("asesor", "Budi Santoso", "MET.000.004633 2020", None,
                                  "Semarang", when, "WIB", sigs[1])),
        photos=photo_info)
    return data, rows, images, sigs


def bare_reportlab(rows: list[list[str]], images: list[bytes], sigs: list[bytes]) -> bytes:
    """The floor: one table with the same rows, then the same images, nothing else."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Table, TableStyle

    from assessor_app.reports import fonts

    fonts.register()
    st = ParagraphStyle("c", fontName=fonts.REGULAR, fontSize=8, leading=10)
    head = [Paragraph(t, st) for t in ("KUK", "Kriteria", "Standar", "Ya", "Tidak", "Lanjut")]
    data = [head] + [[Paragraph(r[0], st), Paragraph(r[1], st), Paragraph(r[2], st),
                      Paragraph("\u2713" if r[3] == "ya" else "", st),
                      Paragraph("\u2713" if r[3] != "ya" else "", st), Paragraph(r[4], st)]
                     for r in rows]
    table = Table(data, colWidths=[12 * mm, 50 * mm, 40 * mm, 10 * mm, 10 * mm, 33 * mm],
                  repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    pics = [Image(io.BytesIO(b), width=48 * mm, height=36 * mm) for b in images]
    grid = [pics[i:i + 3] for i in range(0, len(pics), 3)]
    grid[-1] += [""] * (3 - len(grid[-1]))
    story = [table, Table(grid), Image(io.BytesIO(sigs[0]), width=45 * mm, height=15 * mm),
             Image(io.BytesIO(sigs[1]), width=45 * mm, height=15 * mm)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=30 * mm, rightMargin=25 * mm,
                            topMargin=25 * mm, bottomMargin=30 * mm, invariant=1)
    doc.build(story)
    return buf.getvalue()


def timed(fn: Any, runs: int) -> tuple[float, list[float], Any]:
    samples, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), samples, out


def sign_figure(pdf: bytes, runs: int) -> Figure:
    """The device's PAdES signature on the rendered report (what every saved or printed
    record report gets), against rendering it: the cost of the trust chain on paper."""
    import datetime as dt

    from assessor_app.bundles import crypto
    from assessor_app.reports import pades

    key = pades.document_key(crypto.generate_keys().ed25519_private)
    now = dt.datetime(2026, 11, 20, 3, 15, tzinfo=dt.UTC)
    identity = pades.SigningIdentity(key, pades.self_issued_certificate(
        key, "0123456789abcdef", "bench", now=now))
    pades.sign_pdf(pdf, identity, signing_time=now, reason="bench")  # warm-up: imports
    sign_s, samples, _ = timed(lambda: pades.sign_pdf(pdf, identity, signing_time=now,
                                                      reason="bench"), runs)
    check_s, _, _ = timed(lambda: pades.check_pdf_signature(
        pades.sign_pdf(pdf, identity, signing_time=now, reason="bench")), runs)
    return Figure("pades_sign_ms", round(sign_s * 1000, 1), "ms", None, None, runs,
                  f"sign + check {round(check_s * 1000)} ms; samples "
                  f"{[round(x * 1000) for x in samples]}")


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--runs", type=int, default=5)
    args = p.parse_args()
    units = 2 if args.quick else UNITS
    photos = 5 if args.quick else PHOTOS
    runs = 2 if args.quick else args.runs

    from pypdf import PdfReader

    from assessor_app.reports import render

    data, rows, images, sigs = build_data(units, photos)
    render(data)  # warm-up: font parsing and imports are not part of either figure
    bare_reportlab(rows, images, sigs)
    app_s, app_samples, rendered = timed(lambda: render(data), runs)
    bare_s, bare_samples, bare_pdf = timed(lambda: bare_reportlab(rows, images, sigs), runs)
    pages = rendered.pages
    bare_pages = len(PdfReader(io.BytesIO(bare_pdf)).pages)
    kuk = len(rows)
    figures = [
        Figure("render_ms", round(app_s * 1000, 1), "ms", round(bare_s * 1000, 1),
               "bare_reportlab_table_ms", runs,
               f"{kuk} KUK, {photos} photos, 2 signatures; app {pages} pages, "
               f"{len(rendered.pdf) // 1024} KiB; bare {bare_pages} pages, "
               f"{len(bare_pdf) // 1024} KiB; samples app "
               f"{[round(s * 1000) for s in app_samples]} bare "
               f"{[round(s * 1000) for s in bare_samples]}"),
        Figure("render_ms_per_page", round(app_s * 1000 / pages, 1), "ms",
               round(bare_s * 1000 / bare_pages, 1), "bare_ms_per_page", runs),
        sign_figure(rendered.pdf, runs),
    ]
    write(args.out, "report", figures)
    for f in figures:
        print(f"{f.name}: {f.value} {f.unit} (floor {f.floor_name} {f.floor} {f.unit}, "
              f"ratio {f.ratio}) {f.note}")


if __name__ == "__main__":
    main()
