"""Write a scheme as a workbook in the XLSX layout an LSP keeps (forms/README.md, section
8.3 "Scheme data as a workbook"; read by load_scheme in assessor_app/core/competency.py).

    python scripts/make_scheme_xlsx.py                  # the example workbook in forms/schemes
    python scripts/make_scheme_xlsx.py SCHEME.yaml OUT.xlsx

The example ``forms/schemes/pemeliharaan-sepeda-motor.xlsx`` is the scheme of
``pemeliharaan-sepeda-motor.yaml`` in that layout; the tests check that both read to the
same data. The output is byte-for-byte reproducible (fixed document dates and zip times).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assessor_app.core.competency import OPTION_LETTERS, SchemeData, load_scheme  # noqa: E402

EXAMPLE_SOURCE = REPO / "forms" / "schemes" / "pemeliharaan-sepeda-motor.yaml"
EXAMPLE = REPO / "forms" / "schemes" / "pemeliharaan-sepeda-motor.xlsx"
_FIXED = dt.datetime(2024, 1, 1)

UNIT_HEADER = ["kode_unit", "judul_unit", "judul_unit_en", "kelompok", "jenis_standar", "metode",
               "no_elemen", "elemen", "no_kuk", "kuk", "standar_industri"]
QUESTION_HEADER = ["kode_unit", "jenis", "no", "pertanyaan", "kunci", "kuk"]
KIND_WORDS = {"supporting": "pendukung", "oral": "lisan"}


def workbook_bytes(scheme: SchemeData, logo: str | None = None) -> bytes:
    """The workbook of ``scheme``; ``logo`` is the logo's path as written in the sheet
    (relative to the workbook)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.properties.creator = "assessor-app"
    wb.properties.created = wb.properties.modified = _FIXED
    bold = Font(bold=True)

    def sheet(title: str, header: list[str], rows: list[list[str]], widths: list[int]) -> None:
        ws = wb.create_sheet(title)
        ws.append(header)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        for row_cells in ws.iter_rows(min_row=2):
            for cell in row_cells:
                cell.number_format = "@"  # text: "1.10" stays "1.10"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"

    wb.remove(wb.active)
    lsp = scheme.lsp
    head = [
        ["jenis", scheme.type], ["nomor", scheme.number], ["judul", scheme.title.id],
        ["judul_en", scheme.title.en or ""], ["level", scheme.level or ""],
        ["versi", scheme.version or ""], ["slug", scheme.slug or ""],
        ["lsp_nama", lsp.name if lsp else ""],
        ["lsp_lisensi", (lsp.licence or "") if lsp else ""],
        ["lsp_alamat", (lsp.address or "") if lsp else ""],
        ["lsp_kontak", (lsp.contact or "") if lsp else ""], ["lsp_logo", logo or ""],
    ]
    sheet("Skema", ["kunci", "nilai"], [r for r in head if r[1]], [16, 70])

    units = []
    for u in scheme.units:
        first = True
        for e in u.elements:
            for k in e.kuk:
                units.append([u.code, u.title.id, u.title.en or "", u.group or "",
                              u.standard if first else "", ", ".join(u.methods) if first else "",
                              e.no, e.title, k.no, k.text, k.benchmark or ""])
                first = False
    sheet("Unit", UNIT_HEADER, units, [18, 34, 30, 20, 14, 14, 10, 34, 8, 50, 40])

    if scheme.requirements:
        sheet("Persyaratan", ["jenis", "teks"],
              [[r.kind, r.text] for r in scheme.requirements], [16, 80])
    questions = [[u.code, KIND_WORDS[kind], q.no, q.text, q.answer or "", ", ".join(q.kuk)]
                 for u in scheme.units
                 for kind, listed in (("supporting", u.supporting), ("oral", u.oral))
                 for q in listed]
    if questions:
        sheet("Pertanyaan", QUESTION_HEADER, questions, [18, 12, 6, 60, 60, 12])
    n_options = max((len(q.options) for u in scheme.units for q in u.written), default=0)
    if n_options:
        letters = list(OPTION_LETTERS[:max(n_options, 4)])
        rows = [[u.code, q.no, q.text, *(list(q.options) + [""] * len(letters))[:len(letters)],
                 OPTION_LETTERS[q.key], ", ".join(q.kuk)]
                for u in scheme.units for q in u.written]
        sheet("PilihanGanda", ["kode_unit", "no", "soal", *letters, "kunci", "kuk"], rows,
              [18, 6, 50, *([30] * len(letters)), 8, 12])
    if scheme.task is not None:
        t = scheme.task
        rows = [["skenario", t.scenario], *(["langkah", s] for s in t.steps),
                *(["peralatan", s] for s in t.equipment)]
        if t.duration:
            rows.append(["waktu", t.duration])
        if t.expected:
            rows.append(["hasil", t.expected])
        sheet("Tugas", ["kunci", "nilai"], rows, [16, 80])
    raw = io.BytesIO()
    wb.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps 'modified' on save
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2024-01-01T00:00:00Z",
                              data)
            dst.writestr(fixed, data)
    return out.getvalue()


def write(source: Path, target: Path) -> None:
    scheme = load_scheme(source)
    logo = None
    if scheme.lsp is not None and scheme.lsp.logo is not None:
        logo = Path(os.path.relpath(scheme.lsp.logo, target.parent)).as_posix()
    target.write_bytes(workbook_bytes(scheme, logo))


def main(argv: list[str]) -> int:
    if len(argv) not in (0, 2):
        sys.stderr.write(__doc__ or "")
        return 2
    source, target = (Path(argv[0]), Path(argv[1])) if argv else (EXAMPLE_SOURCE, EXAMPLE)
    write(source, target)
    print(f"{target}: {load_scheme(target).kuk_count()} KUK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
