"""A scheme in the XLSX layout an LSP keeps: one workbook, one sheet per kind of data.

    Skema        kunci | nilai rows: jenis, nomor, judul, judul_en, level, versi, slug,
                 lsp_nama, lsp_lisensi, lsp_alamat, lsp_kontak, lsp_logo
    Unit         one row per KUK: kode_unit, judul_unit, judul_unit_en, kelompok,
                 no_elemen, elemen, no_kuk, kuk, standar_industri, jenis_standar, metode
                 (or the English column names of the units CSV)
    Persyaratan  jenis (dasar | administratif), teks
    Pertanyaan   kode_unit, jenis (lisan | pendukung), no, pertanyaan, kunci, kuk
    PilihanGanda kode_unit, no, soal, a, b, c, d, e, kunci (letter), kuk
    Tugas        kunci | nilai rows: skenario, langkah (one row per step), peralatan (one
                 row per item), waktu, hasil

Only ``Skema`` and ``Unit`` are required; a sheet whose name starts with ``_`` is ignored
(notes), any other sheet is refused. Sheet names, headings and keys are compared in lower
case with spaces, '-' and '_' ignored (sheet names) or read as '_' (headings, keys).
Errors name the workbook and sheet as the file (``skema.xlsx:Unit``), the 1-based row as
the line and the cell (``C12``). The rules are those of the YAML/CSV format
(:mod:`assessor_app.core.competency`). openpyxl is imported only when a workbook is read.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assessor_app.core.competency import (
    _SLUG_RE,
    CHOICES_TABLE,
    QUESTIONS_TABLE,
    UNITS_TABLE,
    LspData,
    Requirement,
    SchemeData,
    TaskData,
    _attach_questions,
    _build_units,
    _Ctx,
    _heading,
    _letter,
    _level,
    _logo,
    _norm,
    _requirement,
    _Row,
    _scheme_type,
    _table,
    _TableSpec,
)
from assessor_app.core.template import Text

SHEETS: dict[str, str] = {
    "skema": "Skema",
    "unit": "Unit",
    "persyaratan": "Persyaratan",
    "pertanyaan": "Pertanyaan",
    "pilihanganda": "PilihanGanda",
    "tugas": "Tugas",
}
REQUIRED_SHEETS: tuple[str, ...] = ("skema", "unit")

SCHEME_KEYS: tuple[str, ...] = (
    "jenis",
    "nomor",
    "judul",
    "judul_en",
    "level",
    "versi",
    "slug",
    "lsp_nama",
    "lsp_lisensi",
    "lsp_alamat",
    "lsp_kontak",
    "lsp_logo",
)
SCHEME_ALIASES: dict[str, str] = {
    "jenis_skema": "jenis",
    "nomor_skema": "nomor",
    "judul_skema": "judul",
    "jenjang": "level",
    "versi_skema": "versi",
    "lsp": "lsp_nama",
}
TASK_KEYS: tuple[str, ...] = ("skenario", "langkah", "peralatan", "waktu", "hasil")
TASK_ALIASES: dict[str, str] = {
    "skenario_tugas": "skenario",
    "langkah_kerja": "langkah",
    "instruksi": "langkah",
    "perlengkapan": "peralatan",
    "durasi": "waktu",
    "hasil_yang_diharapkan": "hasil",
}
_REPEATED_TASK_KEYS = ("langkah", "peralatan")
REQUIREMENT_COLUMNS: tuple[str, ...] = ("jenis", "teks")
REQUIREMENT_ALIASES: dict[str, str] = {"persyaratan": "teks", "kind": "jenis", "text": "teks"}


def _sheet_key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", name.strip().lower())


def _cell(value: Any) -> str:
    """A cell's value as text: numbers without a trailing ``.0``, dates as ISO dates.

    A KUK number typed as a number loses its trailing zero (``1.10`` is the number 1.1);
    the layout's documentation asks for text cells there."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Sheet:
    """The rows of one worksheet as text, numbered from 1."""

    def __init__(self, path: Path, ws: Any) -> None:
        self.title = str(ws.title)
        self.ctx = _Ctx(f"{path}:{self.title}")
        self.rows: list[tuple[int, list[str]]] = [
            (n, [_cell(v) for v in values])
            for n, values in enumerate(ws.iter_rows(min_row=1, min_col=1, values_only=True), 1)
        ]

    def table(self) -> tuple[list[str], int, Iterator[tuple[int, list[str]]]]:
        """Header (first non-empty row), its line and the rows below it."""
        rows = iter(self.rows)
        for line, cells in rows:
            if any(c.strip() for c in cells):
                return cells, line, rows
        return [], 1, iter(())

    def pairs(
        self, keys: tuple[str, ...], aliases: dict[str, str], repeated: tuple[str, ...] = ()
    ) -> dict[str, list[tuple[str, int]]]:
        """``kunci | nilai`` rows: key -> [(value, line)]. A first row ``kunci | nilai``
        (a heading) is skipped; only the keys in ``repeated`` may appear more than once."""
        out: dict[str, list[tuple[str, int]]] = {}
        first = True
        for line, cells in self.rows:
            cells = [*cells, "", ""]
            raw_key, value = cells[0], _norm(cells[1])
            if not raw_key.strip() and not value and not any(c.strip() for c in cells[2:]):
                continue
            key = _heading(raw_key)
            if first and key in ("kunci", "key") and _heading(cells[1]) in ("nilai", "value"):
                first = False
                continue
            first = False
            if not key:
                raise self.ctx.fail(line, "missing_field", "A", key="kunci")
            key = aliases.get(key, key)
            if key not in keys:
                raise self.ctx.fail(line, "unknown_key", "A", key=key, allowed=list(keys))
            for i, extra in enumerate(cells[2:], start=2):
                if extra.strip():
                    raise self.ctx.fail(line, "too_many_cells", _letter(i))
            if key in out and key not in repeated:
                raise self.ctx.fail(line, "duplicate_key", "A", key=key)
            out.setdefault(key, []).append((value, line))
        return out


def load_scheme_xlsx(path: Path) -> SchemeData:
    """Read a scheme workbook (see the module docstring) and check it.

    Raises ``AppError("scheme.invalid", file=..., line=..., reason=...)`` on bad data.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    book_ctx = _Ctx(path)
    try:
        with warnings.catch_warnings():
            # styles/extension warnings of workbooks written by other programs
            warnings.simplefilter("ignore")
            wb = load_workbook(path, read_only=True, data_only=True)
    except OSError as exc:
        raise book_ctx.fail(1, "unreadable", error=exc.strerror or str(exc)) from exc
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise book_ctx.fail(1, "unreadable", error=str(exc) or type(exc).__name__) from exc
    try:
        sheets: dict[str, _Sheet] = {}
        for ws in wb.worksheets:
            name = str(ws.title)
            if name.startswith("_"):
                continue
            key = _sheet_key(name)
            if key not in SHEETS:
                raise book_ctx.fail(1, "unknown_sheet", sheet=name, allowed=list(SHEETS.values()))
            if key in sheets:
                raise book_ctx.fail(1, "duplicate_key", key=name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                sheets[key] = _Sheet(path, ws)
    finally:
        wb.close()
    for key in REQUIRED_SHEETS:
        if key not in sheets:
            raise book_ctx.fail(1, "missing_sheet", sheet=SHEETS[key])
    return _scheme(path, sheets)


def _scheme(path: Path, sheets: dict[str, _Sheet]) -> SchemeData:
    head = sheets["skema"]
    ctx = head.ctx
    info = head.pairs(SCHEME_KEYS, SCHEME_ALIASES)

    def get(key: str) -> tuple[str, int]:
        value, line = info.get(key, [("", 1)])[0]
        return value, line

    raw, line = get("jenis")
    scheme_type = _scheme_type(ctx, raw, line, "jenis", "B" if raw else None)
    number, line = get("nomor")
    if not number:
        raise ctx.fail(line, "missing_field", key="nomor")
    title, line = get("judul")
    if not title:
        raise ctx.fail(line, "missing_field", key="judul")
    raw, line = get("level")
    level = _level(ctx, raw, scheme_type, line, "level", "B" if "level" in info else None)
    slug, line = get("slug")
    if slug and not _SLUG_RE.match(slug):
        raise ctx.fail(line, "bad_slug", "B", value=slug)
    lsp: LspData | None = None
    lsp_name, _ = get("lsp_nama")
    if lsp_name:
        logo, line = get("lsp_logo")
        lsp = LspData(
            name=lsp_name,
            licence=get("lsp_lisensi")[0] or None,
            address=get("lsp_alamat")[0] or None,
            contact=get("lsp_kontak")[0] or None,
            logo=_logo(ctx, logo, path.parent, line, "B"),
        )
    elif any(k in info for k in ("lsp_lisensi", "lsp_alamat", "lsp_kontak", "lsp_logo")):
        raise ctx.fail(1, "missing_field", key="lsp_nama")

    unit_sheet = sheets["unit"]
    header, header_line, rows = unit_sheet.table()
    unit_rows = _table(unit_sheet.ctx, UNITS_TABLE, header, header_line, rows, letters=True)
    units = _build_units(unit_sheet.ctx, unit_rows)

    questions: list[tuple[_Ctx, _Row, str]] = []
    for key, spec, kind in (
        ("pertanyaan", QUESTIONS_TABLE, ""),
        ("pilihanganda", CHOICES_TABLE, "written"),
    ):
        if key in sheets:
            sheet = sheets[key]
            header, header_line, rows = sheet.table()
            for row in _table(sheet.ctx, spec, header, header_line, rows, letters=True):
                questions.append((sheet.ctx, row, kind))
    units = _attach_questions(units, questions)

    requirements: list[Requirement] = []
    if "persyaratan" in sheets:
        sheet = sheets["persyaratan"]
        spec = _TableSpec(REQUIREMENT_COLUMNS, ("teks",), REQUIREMENT_ALIASES)
        header, header_line, rows = sheet.table()
        for row in _table(sheet.ctx, spec, header, header_line, rows, letters=True):
            if not row.values["teks"]:
                raise row.fail(sheet.ctx, "teks", "empty_value", column="teks")
            requirements.append(
                _requirement(sheet.ctx, row.values["teks"], row.values.get("jenis", ""),
                             row.line, row.cols.get("jenis"))  # fmt: skip
            )

    task = _task(sheets["tugas"]) if "tugas" in sheets else None
    version, _ = get("versi")
    title_en, _ = get("judul_en")
    return SchemeData(
        type=scheme_type,
        number=number,
        title=Text(title, title_en or None),
        units=units,
        lsp=lsp,
        version=version or None,
        slug=slug or None,
        source=f"{path.parent.name}/{path.name}" if path.parent.name else path.name,
        level=level,
        requirements=tuple(requirements),
        task=task,
    )


def _task(sheet: _Sheet) -> TaskData:
    info = sheet.pairs(TASK_KEYS, TASK_ALIASES, _REPEATED_TASK_KEYS)
    scenario, line = info.get("skenario", [("", 1)])[0]
    if not scenario:
        raise sheet.ctx.fail(line, "missing_field", key="skenario")

    def texts(key: str) -> tuple[str, ...]:
        return tuple(v for v, _ in info.get(key, []) if v)

    return TaskData(
        scenario=scenario,
        steps=texts("langkah"),
        equipment=texts("peralatan"),
        duration=info.get("waktu", [("", 1)])[0][0] or None,
        expected=info.get("hasil", [("", 1)])[0][0] or None,
    )
