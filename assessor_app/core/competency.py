"""Competency templates generated from scheme data.

An LSP describes a certification scheme (KKNI / Okupasi / Klaster) and its SKKNI units in
a small YAML file plus a CSV with one row per KUK (or the units inline in the YAML), or in
one XLSX workbook (opened by :mod:`assessor_app.core.scheme_xlsx`); see ``forms/README.md``
and ``forms/schemes/``. :func:`load_scheme` reads and checks that data; :func:`dump_scheme`
writes the normalised YAML copy the app keeps of an installed scheme;
:func:`generate_template` turns it into the YAML text of a complete checklist template
(``forms/README.md``), e.g. an FR.IA.01 observation checklist with one section per unit,
one subsection per element and one Ya/Tidak item per KUK.

Pure Python (PyYAML and csv; openpyxl only when a workbook is read). Bad data raises
``AppError("scheme.invalid", file=..., line=..., reason=..., **details)`` where ``reason``
is a stable key (listed in :data:`REASONS`) and the details name the column, value or KUK
concerned (``cell``, e.g. ``"C12"``, for a workbook); the CLI and the UI turn that into
words.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessor_app.core.errors import AppError
from assessor_app.core.files import FileRefused, read_user_file
from assessor_app.core.template import LspIdentity, Text

# Canonical spelling of the scheme types printed on MUK forms, by lower-case key.
SCHEME_TYPES: dict[str, str] = {"kkni": "KKNI", "okupasi": "Okupasi", "klaster": "Klaster"}

REQUIRED_COLUMNS: tuple[str, ...] = (
    "unit_code",
    "unit_title",
    "element_no",
    "element_title",
    "kuk_no",
    "kuk_text",
)
OPTIONAL_COLUMNS: tuple[str, ...] = ("unit_title_en", "group", "benchmark", "standard", "methods")
ALL_COLUMNS: tuple[str, ...] = (
    "unit_code",
    "unit_title",
    "unit_title_en",
    "group",
    "element_no",
    "element_title",
    "kuk_no",
    "kuk_text",
    "benchmark",
    "standard",
    "methods",
)
# Other names a column of the units table may have (the Indonesian headings of an LSP's
# workbook); headings are compared in lower case with runs of spaces and '-' read as '_'.
COLUMN_ALIASES: dict[str, str] = {
    "kode_unit": "unit_code",
    "judul_unit": "unit_title",
    "judul_unit_en": "unit_title_en",
    "kelompok": "group",
    "kelompok_pekerjaan": "group",
    "no_elemen": "element_no",
    "elemen": "element_title",
    "judul_elemen": "element_title",
    "no_kuk": "kuk_no",
    "kuk": "kuk_text",
    "kriteria_unjuk_kerja": "kuk_text",
    "standar_industri": "benchmark",
    "acuan_pembanding": "benchmark",
    "jenis_standar": "standard",
    "metode": "methods",
}

# Supporting (FR.IA.03) and oral (FR.IA.07) questions: ``questions_csv`` of a scheme YAML
# and the ``Pertanyaan`` sheet of a workbook. ``jenis`` is ``lisan`` or ``pendukung``.
QUESTION_COLUMNS: tuple[str, ...] = ("unit_code", "jenis", "no", "pertanyaan", "kunci", "kuk")
QUESTION_REQUIRED: tuple[str, ...] = ("unit_code", "jenis", "pertanyaan")
QUESTION_ALIASES: dict[str, str] = {
    "kode_unit": "unit_code",
    "kind": "jenis",
    "question": "pertanyaan",
    "answer": "kunci",
    "kunci_jawaban": "kunci",
}
QUESTION_KINDS: dict[str, str] = {
    "lisan": "oral",
    "pertanyaan lisan": "oral",
    "oral": "oral",
    "pendukung": "supporting",
    "pertanyaan pendukung": "supporting",
    "supporting": "supporting",
}
# Written multiple-choice questions (FR.IA.05): ``choices_csv`` / the ``PilihanGanda``
# sheet; the options are the columns a..h, ``kunci`` is the letter of the right one.
OPTION_LETTERS: tuple[str, ...] = ("a", "b", "c", "d", "e", "f", "g", "h")
CHOICE_COLUMNS: tuple[str, ...] = ("unit_code", "no", "soal", *OPTION_LETTERS, "kunci", "kuk")
CHOICE_REQUIRED: tuple[str, ...] = ("unit_code", "soal", "a", "b", "kunci")
CHOICE_ALIASES: dict[str, str] = {
    "kode_unit": "unit_code",
    "question": "soal",
    "pertanyaan": "soal",
    "key": "kunci",
}
# Applicant requirements (FR.APL.01 Bagian 3), by lower-case key.
REQUIREMENT_KINDS: dict[str, str] = {
    "dasar": "dasar",
    "persyaratan dasar": "dasar",
    "administratif": "administratif",
    "administrasi": "administratif",
    "persyaratan administratif": "administratif",
}
KKNI_LEVELS: tuple[str, ...] = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")


# Every ``reason`` load_scheme may give, for the message catalogue.
REASONS: tuple[str, ...] = (
    "unreadable",  # the file could not be read (details: error)
    "not_utf8",  # the file is not UTF-8 text
    "yaml_syntax",  # the YAML does not parse (details: problem)
    "not_a_mapping",  # a mapping was expected (details: key)
    "not_a_list",  # a list was expected (details: key)
    "not_text",  # a plain value was expected (details: key)
    "duplicate_key",  # a YAML key appears twice (details: key)
    "unknown_key",  # a YAML key this format does not have (details: key)
    "missing_field",  # a required YAML key is missing or empty (details: key)
    "unknown_scheme_type",  # scheme.type is not KKNI/Okupasi/Klaster (details: value, allowed)
    "bad_slug",  # slug has characters other than letters, digits, '.', '-', '_' (details: value)
    "units_twice",  # both units_csv and units are given
    "no_units",  # neither units_csv nor units, or no KUK at all
    "csv_not_found",  # units_csv names a missing file (details: path)
    "csv_syntax",  # the CSV does not parse, e.g. an unclosed quote (details: error)
    "missing_column",  # a required CSV column is absent (details: column)
    "unknown_column",  # a CSV column this format does not have (details: column)
    "duplicate_column",  # a CSV column appears twice (details: column)
    "too_many_cells",  # a CSV row has more cells than the header
    "empty_value",  # a required value is empty (details: column)
    "inconsistent_unit",  # rows of one unit disagree on its title/group (details: unit_code, column, first_line)
    "inconsistent_element",  # rows of one element disagree on its title (details: unit_code, element_no, first_line)
    "duplicate_kuk",  # a KUK number repeats in an element (details: unit_code, element_no, kuk_no, first_line)
    "no_elements",  # a unit has no elements (details: unit_code)
    "no_kuk",  # an element has no KUK (details: unit_code, element_no)
    "duplicate_unit",  # a unit code is given twice / its rows are split (details: unit_code, first_line)
    "missing_level",  # a KKNI scheme without its level (details: key)
    "bad_level",  # the level is not I..IX (details: value, allowed)
    "unknown_standard",  # a unit's standard type is not SKKNI/internasional/khusus (details: unit_code, value, allowed)
    "unknown_method",  # an assessment method code is unknown (details: unit_code, value, allowed)
    "unknown_unit",  # a question names a unit the scheme does not have (details: unit_code)
    "unknown_kuk",  # a question names a KUK the unit does not have (details: unit_code, kuk_no)
    "unknown_question_kind",  # a question is neither lisan nor pendukung (details: value, allowed)
    "duplicate_question",  # a question number repeats in a unit (details: unit_code, no, first_line)
    "too_few_options",  # a multiple-choice question has fewer than 2 options (details: unit_code, no)
    "option_gap",  # an option is empty while a later one is filled (details: unit_code, no, column)
    "bad_choice_key",  # the key of a multiple-choice question is not one of its options (details: unit_code, no, value, allowed)
    "unknown_requirement_kind",  # a requirement is neither dasar nor administratif (details: value, allowed)
    "logo_not_found",  # the LSP logo file is missing (details: path)
    "bad_logo",  # the LSP logo is not a PNG or JPEG image (details: path)
    "missing_sheet",  # a workbook lacks a required sheet (details: sheet)
    "unknown_sheet",  # a workbook sheet this layout does not have (details: sheet, allowed)
)

# Caps for files a scheme names (read whole; a real one is far smaller).
MAX_SCHEME_TEXT_BYTES = 8 * 1024 * 1024  # the scheme YAML and each CSV
MAX_LOGO_BYTES = 10 * 1024 * 1024  # the LSP logo (PNG/JPEG)

_SLUG_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_NULL_TAG = "tag:yaml.org,2002:null"


# --------------------------------------------------------------------------- data


@dataclass(frozen=True)
class KukRow:
    """One performance criterion (kriteria unjuk kerja)."""

    no: str  # "1.1"
    text: str
    benchmark: str | None = None  # "Standar industri atau tempat kerja"
    line: int = 0  # source line, for messages


@dataclass(frozen=True)
class ElementData:
    no: str
    title: str
    kuk: tuple[KukRow, ...]
    line: int = 0


# Standard types of a unit (FR.APL.01 Bagian 2 "Jenis Standar"), by lower-case key.
STANDARD_TYPES: dict[str, str] = {
    "skkni": "SKKNI",
    "internasional": "Standar Internasional",
    "standar internasional": "Standar Internasional",
    "khusus": "Standar Khusus",
    "standar khusus": "Standar Khusus",
}

# Assessment methods of FR.MAPA.01 (code -> label) and the MUK instrument each one uses.
METHODS: dict[str, str] = {
    "CL": "Observasi langsung (ceklis observasi)",
    "DIT": "Kegiatan terstruktur",
    "DPL": "Pertanyaan lisan",
    "DPT": "Pertanyaan tertulis",
    "CVP": "Verifikasi portofolio",
    "CRP": "Reviu produk",
    "PW": "Pertanyaan wawancara",
    "VPK": "Verifikasi pihak ketiga",
}
METHOD_FORMS: dict[str, tuple[str, ...]] = {
    "CL": ("FR.IA.01", "FR.IA.02", "FR.IA.03"),
    "DIT": ("FR.IA.04",),
    "DPL": ("FR.IA.07",),
    "DPT": ("FR.IA.05",),
    "CVP": ("FR.IA.08",),
    "CRP": ("FR.IA.11",),
    "PW": ("FR.IA.09",),
    "VPK": ("FR.IA.10",),
}


@dataclass(frozen=True)
class Question:
    """An oral (FR.IA.07) or supporting (FR.IA.03) question with the expected answer."""

    no: str
    text: str
    answer: str | None = None  # "kunci jawaban" / expected points, shown to the asesor only
    kuk: tuple[str, ...] = ()  # KUK numbers of the unit the question gives evidence for
    line: int = 0


@dataclass(frozen=True)
class ChoiceQuestion:
    """A written multiple-choice question (FR.IA.05): the key is never printed for the asesi."""

    no: str
    text: str
    options: tuple[str, ...]  # a, b, c, d ... in order
    key: int  # index into ``options`` of the right answer
    kuk: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class TaskData:
    """The practical task of FR.IA.02 (Tugas Praktik Demonstrasi)."""

    scenario: str
    steps: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    duration: str | None = None  # e.g. "120 menit"
    expected: str | None = None  # hasil yang diharapkan


@dataclass(frozen=True)
class UnitData:
    code: str
    title: Text
    elements: tuple[ElementData, ...]
    group: str | None = None  # "kelompok pekerjaan"
    line: int = 0
    standard: str = "SKKNI"  # SKKNI | Standar Internasional | Standar Khusus
    methods: tuple[str, ...] = ("CL",)  # METHODS codes planned for this unit (FR.MAPA.01)
    supporting: tuple[Question, ...] = ()  # FR.IA.03 questions
    oral: tuple[Question, ...] = ()  # FR.IA.07 questions
    written: tuple[ChoiceQuestion, ...] = ()  # FR.IA.05 questions


@dataclass(frozen=True)
class LspData(LspIdentity):
    """The LSP's letterhead as a scheme file gives it, with its logo file."""

    logo: Path | None = None  # image file (PNG/JPEG), resolved against the scheme file


@dataclass(frozen=True)
class Requirement:
    """An applicant requirement (FR.APL.01 Bagian 3)."""

    text: str
    kind: str = "dasar"  # "dasar" (persyaratan dasar) | "administratif"


@dataclass(frozen=True)
class SchemeData:
    """A certification scheme with its units, elements and KUK."""

    type: str  # KKNI | Okupasi | Klaster
    number: str
    title: Text
    units: tuple[UnitData, ...]
    lsp: LspData | None = None
    version: str | None = None  # version for generated templates
    slug: str | None = None  # code suffix for generated templates
    source: str = ""  # "<folder>/<file>" of the scheme YAML, for the generated header
    level: str | None = None  # KKNI level, "I".."IX" (KKNI schemes only)
    requirements: tuple[Requirement, ...] = ()
    task: TaskData | None = None  # FR.IA.02 task for the whole scheme

    def kuk_count(self) -> int:
        return sum(len(e.kuk) for u in self.units for e in u.elements)


# --------------------------------------------------------------------------- loading


class _Ctx:
    """Where we are reading, to attach file and line (and a workbook cell) to errors."""

    def __init__(self, path: Path | str) -> None:
        self.file = str(path)

    def fail(self, line: int, reason: str, col: str | None = None, **details: Any) -> AppError:
        if col:
            details["cell"] = f"{col}{line}"
        return AppError("scheme.invalid", file=self.file, line=line, reason=reason, **details)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _norm(value: str) -> str:
    """Collapse runs of white space (cells pasted from spreadsheets carry line breaks)."""
    return " ".join(value.split())


def _heading(value: str) -> str:
    """A column heading or key as compared: lower case, spaces and '-' as '_'."""
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def _mapping(ctx: _Ctx, node: Node, key: str, allowed: Iterable[str]) -> dict[str, Node]:
    if not isinstance(node, MappingNode):
        raise ctx.fail(_line(node), "not_a_mapping", key=key)
    allowed_set = set(allowed)
    out: dict[str, Node] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, ScalarNode):
            raise ctx.fail(_line(knode), "not_text", key=key)
        name = str(knode.value)
        if name in out:
            raise ctx.fail(_line(knode), "duplicate_key", key=name)
        if name not in allowed_set:
            raise ctx.fail(_line(knode), "unknown_key", key=name, allowed=sorted(allowed_set))
        out[name] = vnode
    return out


def _scalar(ctx: _Ctx, node: Node | None, key: str) -> str:
    """The text of a scalar ('' for null); the raw text, so ``no: 1.10`` stays ``1.10``."""
    if node is None:
        return ""
    if not isinstance(node, ScalarNode):
        raise ctx.fail(_line(node), "not_text", key=key)
    if node.tag == _NULL_TAG:
        return ""
    return _norm(str(node.value))


def _required(ctx: _Ctx, fields: dict[str, Node], key: str, where: Node, prefix: str = "") -> str:
    value = _scalar(ctx, fields.get(key), prefix + key)
    if not value:
        node = fields.get(key, where)
        raise ctx.fail(_line(node), "missing_field", key=prefix + key)
    return value


def _text(ctx: _Ctx, node: Node | None, key: str) -> tuple[str, str]:
    """A label: plain string (Indonesian) or {id, en}. Returns (id, en)."""
    if isinstance(node, MappingNode):
        fields = _mapping(ctx, node, key, ("id", "en"))
        return _scalar(ctx, fields.get("id"), key + ".id"), _scalar(
            ctx, fields.get("en"), key + ".en"
        )
    return _scalar(ctx, node, key), ""


def _sequence(ctx: _Ctx, node: Node, key: str) -> list[Node]:
    if not isinstance(node, SequenceNode):
        raise ctx.fail(_line(node), "not_a_list", key=key)
    return list(node.value)


def _scalars(ctx: _Ctx, fields: dict[str, Node], where: str, columns: dict[str, str]
             ) -> dict[str, str]:
    """Each column's scalar: ``columns`` maps a column to its key in ``fields``."""
    return {col: _scalar(ctx, fields.get(key), f"{where}.{key}") for col, key in columns.items()}


def _lines(fields: dict[str, Node], node: Node, columns: dict[str, str]) -> dict[str, int]:
    """Each column's line (the mapping's own line where the key is missing)."""
    return {col: _line(fields.get(key, node)) for col, key in columns.items()}


def _words(ctx: _Ctx, node: Node | None, key: str) -> str:
    """A list of short values (``[CL, DPL]``, ``["1.1", "1.2"]``) or one text
    (``CL, DPL``), as one comma-separated text for :func:`_split`."""
    if isinstance(node, SequenceNode):
        return ", ".join(_scalar(ctx, n, key) for n in node.value)
    return _scalar(ctx, node, key)


def _split(value: str) -> list[str]:
    """``"CL, DPL; DPT"`` -> ``["CL", "DPL", "DPT"]``."""
    return [v for v in re.split(r"[,;\s]+", value) if v]


def _texts(ctx: _Ctx, node: Node | None, key: str) -> tuple[str, ...]:
    """A list of texts (task steps, equipment)."""
    if node is None:
        return ()
    return tuple(t for t in (_scalar(ctx, n, key) for n in _sequence(ctx, node, key)) if t)


@dataclass
class _Row:
    """One record of a table (a KUK with its unit and element, a question) with where it
    came from: a CSV or sheet row, or an inline YAML entry."""

    values: dict[str, str]
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # per-column line, default `line`
    cols: dict[str, str] = field(default_factory=dict)  # per-column letter (workbooks)

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)

    def fail(self, ctx: _Ctx, at: str, reason: str, /, **details: Any) -> AppError:
        """``ctx.fail`` at the line (and cell) of this row's column ``at``."""
        return ctx.fail(self.line_of(at), reason, self.cols.get(at), **details)


@dataclass(frozen=True)
class _TableSpec:
    """The columns of a table (CSV file or workbook sheet)."""

    columns: tuple[str, ...]
    required: tuple[str, ...]
    aliases: dict[str, str]


UNITS_TABLE = _TableSpec(ALL_COLUMNS, REQUIRED_COLUMNS, COLUMN_ALIASES)
QUESTIONS_TABLE = _TableSpec(QUESTION_COLUMNS, QUESTION_REQUIRED, QUESTION_ALIASES)
CHOICES_TABLE = _TableSpec(CHOICE_COLUMNS, CHOICE_REQUIRED, CHOICE_ALIASES)


def _table(
    ctx: _Ctx,
    spec: _TableSpec,
    header: list[str],
    header_line: int,
    rows: Iterable[tuple[int, list[str]]],
    letters: bool = False,
) -> list[_Row]:
    """Check a header row and turn the data rows (line, cells) into :class:`_Row`.

    Spreadsheets often add empty columns at the right: a column without a name is
    ignored, but a value under it is an error (too_many_cells). ``letters``: give errors a
    cell (workbook column letter) too.
    """
    columns: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header):
        name = _heading(raw)
        name = spec.aliases.get(name, name)
        col = _letter(i) if letters else None
        if name:
            if name in seen:
                raise ctx.fail(header_line, "duplicate_column", col, column=name)
            seen.add(name)
            if name not in spec.columns:
                raise ctx.fail(
                    header_line, "unknown_column", col, column=name, allowed=list(spec.columns)
                )
        columns.append(name)
    for name in spec.required:
        if name not in seen:
            raise ctx.fail(header_line, "missing_column", column=name)
    out: list[_Row] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        for i, c in enumerate(cells):
            if c.strip() and (i >= len(columns) or not columns[i]):
                raise ctx.fail(line, "too_many_cells", _letter(i) if letters else None)
        values = {
            name: _norm(cells[i]) if i < len(cells) else ""
            for i, name in enumerate(columns)
            if name
        }
        cols = {name: _letter(i) for i, name in enumerate(columns) if name} if letters else {}
        out.append(_Row(values, line, cols=cols))
    return out


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index: 0 -> A, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


# ----------------------------------------------------------------- scheme-level values


def _scheme_type(ctx: _Ctx, raw: str, line: int, key: str, col: str | None = None) -> str:
    if not raw:
        raise ctx.fail(line, "missing_field", col, key=key)
    scheme_type = SCHEME_TYPES.get(raw.lower())
    if scheme_type is None:
        raise ctx.fail(
            line, "unknown_scheme_type", col, value=raw, allowed=list(SCHEME_TYPES.values())
        )
    return scheme_type


def _level(
    ctx: _Ctx, raw: str, scheme_type: str, line: int, key: str, col: str | None = None
) -> str | None:
    """The KKNI level as a Roman numeral; required for KKNI schemes. ``2``, ``II``,
    ``Level II`` and ``kkni ii`` all read as ``II``."""
    value = re.sub(r"^(kkni\s*)?(level|jenjang)?\s*", "", raw.strip(), flags=re.IGNORECASE)
    if not value:
        if scheme_type == "KKNI":
            raise ctx.fail(line, "missing_level", col, key=key)
        return None
    if value.isdigit() and 1 <= int(value) <= len(KKNI_LEVELS):
        return KKNI_LEVELS[int(value) - 1]
    if value.upper() in KKNI_LEVELS:
        return value.upper()
    raise ctx.fail(line, "bad_level", col, value=raw, allowed=list(KKNI_LEVELS))


def _logo(ctx: _Ctx, raw: str, base: Path, line: int, col: str | None = None) -> Path | None:
    """The LSP logo (PNG or JPEG), resolved against the scheme file's folder."""
    if not raw:
        return None
    path = (base / raw).resolve()
    try:
        head = read_user_file(path, MAX_LOGO_BYTES)[:8]
    except FileRefused as exc:
        if exc.code in ("file.not_regular", "file.too_large"):
            raise
        raise ctx.fail(line, "logo_not_found", col, path=str(path)) from None
    if not (head.startswith(b"\x89PNG\r\n\x1a\n") or head.startswith(b"\xff\xd8\xff")):
        raise ctx.fail(line, "bad_logo", col, path=str(path))
    return path


def _requirement(ctx: _Ctx, text: str, kind: str, line: int, col: str | None = None) -> Requirement:
    found = REQUIREMENT_KINDS.get(_norm(kind).lower() or "dasar")
    if found is None:
        raise ctx.fail(
            line,
            "unknown_requirement_kind",
            col,
            value=kind,
            allowed=sorted(set(REQUIREMENT_KINDS.values())),
        )
    return Requirement(text, found)


# ----------------------------------------------------------------- YAML


_TOP_KEYS = (
    "scheme",
    "version",
    "slug",
    "units_csv",
    "units",
    "questions_csv",
    "choices_csv",
    "requirements",
    "task",
)
_LSP_KEYS = ("name", "licence", "address", "contact", "logo")
_TASK_KEYS = ("scenario", "steps", "equipment", "duration", "expected")


def load_scheme(path: Path) -> SchemeData:
    """Read a scheme file and check it: a YAML file (and the CSV files it names) or an
    XLSX workbook (``.xlsx``, the layout of forms/README.md 8.3).

    Raises ``AppError("scheme.invalid", file=..., line=..., reason=...)`` on bad data.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _load_xlsx(path)
    ctx = _Ctx(path)
    text = _read_text(ctx, path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else 1
        raise ctx.fail(line, "yaml_syntax", problem=str(exc.problem or exc.context or "")) from exc
    except yaml.YAMLError as exc:
        raise ctx.fail(1, "yaml_syntax", problem=str(exc)) from exc
    if root is None:
        raise ctx.fail(1, "missing_field", key="scheme")
    top = _mapping(ctx, root, "", _TOP_KEYS)

    if "scheme" not in top:
        raise ctx.fail(_line(root), "missing_field", key="scheme")
    snode = top["scheme"]
    sfields = _mapping(ctx, snode, "scheme", ("type", "number", "title", "lsp", "level"))
    tnode = sfields.get("type", snode)
    scheme_type = _scheme_type(
        ctx, _scalar(ctx, sfields.get("type"), "scheme.type"), _line(tnode), "scheme.type"
    )
    number = _required(ctx, sfields, "number", snode, "scheme.")
    title_id, title_en = _text(ctx, sfields.get("title"), "scheme.title")
    if not title_id:
        raise ctx.fail(_line(sfields.get("title", snode)), "missing_field", key="scheme.title")
    level = _level(
        ctx,
        _scalar(ctx, sfields.get("level"), "scheme.level"),
        scheme_type,
        _line(sfields.get("level", snode)),
        "scheme.level",
    )
    lsp = _yaml_lsp(ctx, sfields.get("lsp"), path.parent)

    version = _scalar(ctx, top.get("version"), "version") or None
    slug = _scalar(ctx, top.get("slug"), "slug") or None
    if slug is not None and not _SLUG_RE.match(slug):
        raise ctx.fail(_line(top["slug"]), "bad_slug", value=slug)

    questions: list[tuple[_Ctx, _Row, str]] = []
    if "units_csv" in top and "units" in top:
        raise ctx.fail(_line(top["units"]), "units_twice")
    if "units_csv" in top:
        csv_ctx, rows = _csv_table(ctx, top["units_csv"], "units_csv", path.parent, UNITS_TABLE)
        units = _build_units(csv_ctx, rows)
    elif "units" in top:
        rows = _inline_rows(ctx, top["units"], questions)
        units = _build_units(ctx, rows)
    else:
        raise ctx.fail(_line(root), "no_units")
    for key, spec in (("questions_csv", QUESTIONS_TABLE), ("choices_csv", CHOICES_TABLE)):
        if key in top:
            qctx, qrows = _csv_table(ctx, top[key], key, path.parent, spec)
            kind = "written" if key == "choices_csv" else ""
            questions.extend((qctx, row, kind) for row in qrows)
    units = _attach_questions(units, questions)

    requirements: list[Requirement] = []
    if "requirements" in top:
        for rnode in _sequence(ctx, top["requirements"], "requirements"):
            if isinstance(rnode, MappingNode):
                rfields = _mapping(ctx, rnode, "requirements", ("text", "kind"))
                text = _required(ctx, rfields, "text", rnode, "requirements.")
                kind = _scalar(ctx, rfields.get("kind"), "requirements.kind")
                requirements.append(
                    _requirement(ctx, text, kind, _line(rfields.get("kind", rnode)))
                )
            else:
                text = _scalar(ctx, rnode, "requirements")
                if text:
                    requirements.append(Requirement(text))
    task = _yaml_task(ctx, top["task"]) if "task" in top else None

    return SchemeData(
        type=scheme_type,
        number=number,
        title=Text(title_id, title_en or None),
        units=units,
        lsp=lsp,
        version=version,
        slug=slug,
        source=f"{path.parent.name}/{path.name}" if path.parent.name else path.name,
        level=level,
        requirements=tuple(requirements),
        task=task,
    )


def _yaml_lsp(ctx: _Ctx, node: Node | None, base: Path) -> LspData | None:
    """``lsp: NAME`` or ``lsp: {name, licence, address, contact, logo}``."""
    if node is None:
        return None
    if not isinstance(node, MappingNode):
        name = _scalar(ctx, node, "scheme.lsp")
        return LspData(name) if name else None
    fields = _mapping(ctx, node, "scheme.lsp", _LSP_KEYS)
    name = _required(ctx, fields, "name", node, "scheme.lsp.")
    return LspData(
        name=name,
        licence=_scalar(ctx, fields.get("licence"), "scheme.lsp.licence") or None,
        address=_scalar(ctx, fields.get("address"), "scheme.lsp.address") or None,
        contact=_scalar(ctx, fields.get("contact"), "scheme.lsp.contact") or None,
        logo=_logo(
            ctx,
            _scalar(ctx, fields.get("logo"), "scheme.lsp.logo"),
            base,
            _line(fields.get("logo", node)),
        ),
    )


def _yaml_task(ctx: _Ctx, node: Node) -> TaskData:
    fields = _mapping(ctx, node, "task", _TASK_KEYS)
    return TaskData(
        scenario=_required(ctx, fields, "scenario", node, "task."),
        steps=_texts(ctx, fields.get("steps"), "task.steps"),
        equipment=_texts(ctx, fields.get("equipment"), "task.equipment"),
        duration=_scalar(ctx, fields.get("duration"), "task.duration") or None,
        expected=_scalar(ctx, fields.get("expected"), "task.expected") or None,
    )


def _read_text(ctx: _Ctx, path: Path) -> str:
    try:  # a regular file only (never a FIFO or /dev/zero), capped
        data = read_user_file(path, MAX_SCHEME_TEXT_BYTES)
    except FileRefused as exc:
        if exc.code in ("file.not_regular", "file.too_large", "file.not_found"):
            raise
        raise ctx.fail(1, "unreadable", error=str(exc.params.get("detail") or exc.code)
                       ) from None
    try:
        # utf-8-sig: spreadsheet programs often write a byte-order mark.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ctx.fail(line, "not_utf8") from exc


def _csv_table(
    ctx: _Ctx, node: Node, key: str, base: Path, spec: _TableSpec
) -> tuple[_Ctx, list[_Row]]:
    """The rows of the CSV file named by ``key`` (relative to the scheme file)."""
    name = _scalar(ctx, node, key)
    if not name:
        raise ctx.fail(_line(node), "missing_field", key=key)
    csv_path = base / name
    if not csv_path.exists():  # a folder, FIFO or device: refused by _read_text
        raise ctx.fail(_line(node), "csv_not_found", path=str(csv_path))
    csv_ctx = _Ctx(csv_path)
    return csv_ctx, _csv_rows(csv_ctx, csv_path, spec)


def _csv_rows(ctx: _Ctx, path: Path, spec: _TableSpec = UNITS_TABLE) -> list[_Row]:
    text = _read_text(ctx, path)
    first = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian export with ';'.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ctx.fail(1, "missing_column", column=spec.required[0]) from None
    except csv.Error as exc:
        raise ctx.fail(1, "csv_syntax", error=str(exc)) from exc

    def numbered() -> Iterator[tuple[int, list[str]]]:
        line = reader.line_num + 1
        for cells in reader:
            yield line, cells
            line = reader.line_num + 1

    try:
        return _table(ctx, spec, header, 1, numbered())
    except csv.Error as exc:
        raise ctx.fail(reader.line_num, "csv_syntax", error=str(exc)) from exc


def _inline_rows(ctx: _Ctx, node: Node, questions: list[tuple[_Ctx, _Row, str]]) -> list[_Row]:
    """The KUK rows of inline units; their questions are added to ``questions``."""
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    unit_keys = (
        "code", "title", "group", "standard", "methods", "elements", "supporting", "oral",
        "written",
    )  # fmt: skip
    for unode in _sequence(ctx, node, "units"):
        ufields = _mapping(ctx, unode, "units", unit_keys)
        title_id, title_en = _text(ctx, ufields.get("title"), "units.title")
        code = _scalar(ctx, ufields.get("code"), "units.code")
        unit_values = {
            "unit_code": code,
            "unit_title": title_id,
            "unit_title_en": title_en,
            **_scalars(ctx, ufields, "units", {"group": "group", "standard": "standard"}),
            "methods": _words(ctx, ufields.get("methods"), "units.methods"),
        }
        ulines = _lines(ufields, unode, {"unit_code": "code", "unit_title": "title",
                                         "standard": "standard", "methods": "methods"})
        if not code:
            raise ctx.fail(ulines["unit_code"], "empty_value", column="unit_code")
        if code in seen:
            raise ctx.fail(ulines["unit_code"], "duplicate_unit", unit_code=code,
                           first_line=seen[code])  # fmt: skip
        seen[code] = ulines["unit_code"]
        enodes = (
            _sequence(ctx, ufields["elements"], "units.elements") if "elements" in ufields else []
        )
        if not enodes:
            raise ctx.fail(_line(unode), "no_elements", unit_code=code)
        for enode in enodes:
            efields = _mapping(ctx, enode, "units.elements", ("no", "title", "kuk"))
            element = {"element_no": "no", "element_title": "title"}
            elem_values = _scalars(ctx, efields, "elements", element)
            elines = _lines(efields, enode, element)
            knodes = _sequence(ctx, efields["kuk"], "elements.kuk") if "kuk" in efields else []
            if not knodes:
                raise ctx.fail(
                    _line(enode),
                    "no_kuk",
                    unit_code=code,
                    element_no=elem_values["element_no"],
                )
            for knode in knodes:
                kfields = _mapping(ctx, knode, "elements.kuk", ("no", "text", "benchmark"))
                kuk = {"kuk_no": "no", "kuk_text": "text"}
                values = {**unit_values, **elem_values,
                          **_scalars(ctx, kfields, "kuk", {**kuk, "benchmark": "benchmark"})}
                klines = _lines(kfields, knode, kuk)
                rows.append(_Row(values, _line(knode), {**ulines, **elines, **klines}))
        for kind in ("supporting", "oral", "written"):
            if kind in ufields:
                for qnode in _sequence(ctx, ufields[kind], f"units.{kind}"):
                    questions.append((ctx, _inline_question(ctx, qnode, code, kind), kind))
    return rows


def _inline_question(ctx: _Ctx, node: Node, unit_code: str, kind: str) -> _Row:
    """An inline question as a row of the questions/choices table."""
    key = f"units.{kind}"
    if kind == "written":
        fields = _mapping(ctx, node, key, ("no", "text", "options", "key", "kuk"))
        options = (
            [_scalar(ctx, n, key + ".options") for n in _sequence(ctx, fields["options"],
                                                                  key + ".options")]
            if "options" in fields
            else []
        )  # fmt: skip
        if len(options) > len(OPTION_LETTERS):
            raise ctx.fail(_line(fields["options"]), "too_many_cells")
        values = {letter: text for letter, text in zip(OPTION_LETTERS, options, strict=False)}
        values.update(
            soal=_scalar(ctx, fields.get("text"), key + ".text"),
            kunci=_scalar(ctx, fields.get("key"), key + ".key"),
        )
        lines = {"soal": _line(fields.get("text", node)), "kunci": _line(fields.get("key", node))}
        lines.update({letter: _line(fields.get("options", node)) for letter in OPTION_LETTERS})
    else:
        fields = _mapping(ctx, node, key, ("no", "text", "answer", "kuk"))
        values = {
            "pertanyaan": _scalar(ctx, fields.get("text"), key + ".text"),
            "kunci": _scalar(ctx, fields.get("answer"), key + ".answer"),
        }
        lines = {"pertanyaan": _line(fields.get("text", node))}
    values.update(
        unit_code=unit_code,
        no=_scalar(ctx, fields.get("no"), key + ".no"),
        kuk=_words(ctx, fields.get("kuk"), key + ".kuk"),
    )
    lines.update(no=_line(fields.get("no", node)), kuk=_line(fields.get("kuk", node)))
    return _Row(values, _line(node), lines)


# ----------------------------------------------------------------- XLSX workbook
#
# The layout an LSP keeps (forms/README.md 8.3): one workbook, one sheet per kind of data.
#
#   Skema        kunci | nilai rows: jenis, nomor, judul, judul_en, level, versi, slug,
#                lsp_nama, lsp_lisensi, lsp_alamat, lsp_kontak, lsp_logo
#   Unit         one row per KUK: the units table (kode_unit, judul_unit, ... or the CSV
#                names), with jenis_standar and metode
#   Persyaratan  jenis (dasar | administratif), teks
#   Pertanyaan   the questions table (kode_unit, jenis lisan|pendukung, no, pertanyaan,
#                kunci, kuk)
#   PilihanGanda the choices table (kode_unit, no, soal, a..e, kunci letter, kuk)
#   Tugas        kunci | nilai rows: skenario, langkah (one row per step), peralatan (one
#                row per item), waktu, hasil
#
# Only Skema and Unit are required; a sheet whose name starts with '_' is ignored (notes),
# any other sheet is refused. Errors name "<file>:<sheet>" as the file, the row as the
# line and the cell.


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


class _Sheet:
    """The rows of one worksheet as text, numbered from 1."""

    def __init__(self, path: Path, title: str, rows: list[tuple[int, list[str]]]) -> None:
        self.title = title
        self.ctx = _Ctx(f"{path}:{title}")
        self.rows = rows

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


def _load_xlsx(path: Path) -> SchemeData:
    """Read a scheme workbook (the layout above) and check it."""
    from assessor_app.core.scheme_xlsx import read_workbook

    book_ctx = _Ctx(path)
    sheets: dict[str, _Sheet] = {}
    for sheet in read_workbook(path):
        if sheet.title.startswith("_"):
            continue
        key = _sheet_key(sheet.title)
        if key not in SHEETS:
            raise book_ctx.fail(1, "unknown_sheet", sheet=sheet.title,
                                allowed=list(SHEETS.values()))
        if key in sheets:
            raise book_ctx.fail(1, "duplicate_key", key=sheet.title)
        sheets[key] = _Sheet(path, sheet.title, sheet.rows)
    for key in REQUIRED_SHEETS:
        if key not in sheets:
            raise book_ctx.fail(1, "missing_sheet", sheet=SHEETS[key])
    return _xlsx_scheme(path, sheets)


def _xlsx_scheme(path: Path, sheets: dict[str, _Sheet]) -> SchemeData:
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

    task = _xlsx_task(sheets["tugas"]) if "tugas" in sheets else None
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


def _xlsx_task(sheet: _Sheet) -> TaskData:
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
# ----------------------------------------------------------------- units


@dataclass
class _ElementAcc:
    no: str
    title: str
    line: int
    kuk: list[KukRow] = field(default_factory=list)
    kuk_lines: dict[str, int] = field(default_factory=dict)


@dataclass
class _UnitAcc:
    code: str
    values: dict[str, str]
    line: int
    standard: str = ""
    methods: tuple[str, ...] = ()
    elements: dict[str, _ElementAcc] = field(default_factory=dict)


_ELEMENT_COLUMNS = ("element_no", "element_title")
_KUK_COLUMNS = ("kuk_no", "kuk_text")


def _build_units(ctx: _Ctx, rows: list[_Row]) -> tuple[UnitData, ...]:
    """Group KUK rows into units and elements, in order of first appearance.

    The rows of a unit must follow each other (a unit whose rows are split by another
    unit's is refused as ``duplicate_unit``). A row without element and KUK names only
    the unit, a row without KUK only its element; a unit or element left without any
    is refused (``no_elements``, ``no_kuk``). ``standard`` and ``methods`` may be given on
    the unit's first row only.
    """
    if not rows:
        raise ctx.fail(1, "no_units")
    units: dict[str, _UnitAcc] = {}
    previous = ""
    for row in rows:
        v = row.values
        has_element = any(v.get(c, "") for c in _ELEMENT_COLUMNS)
        has_kuk = any(v.get(c, "") for c in _KUK_COLUMNS)
        required: tuple[str, ...] = ("unit_code", "unit_title")
        if has_element or has_kuk:
            required += _ELEMENT_COLUMNS
        if has_kuk:
            required += _KUK_COLUMNS
        for col in required:
            if not v.get(col, ""):
                raise row.fail(ctx, col, "empty_value", column=col)
        code = v["unit_code"]
        unit = units.get(code)
        if unit is None:
            unit = units[code] = _UnitAcc(code, v, row.line)
        else:
            if code != previous:
                raise row.fail(ctx, "unit_code", "duplicate_unit", unit_code=code,
                               first_line=unit.line)  # fmt: skip
            for col in ("unit_title", "unit_title_en", "group"):
                if v.get(col, "") != unit.values.get(col, ""):
                    raise row.fail(ctx, col, "inconsistent_unit", unit_code=code, column=col,
                                   first_line=unit.line)  # fmt: skip
        previous = code
        _unit_options(ctx, row, unit)
        if not has_element:
            continue
        eno = v["element_no"]
        elem = unit.elements.get(eno)
        if elem is None:
            elem = unit.elements[eno] = _ElementAcc(eno, v["element_title"], row.line)
        elif v["element_title"] != elem.title:
            raise row.fail(ctx, "element_title", "inconsistent_element", unit_code=code,
                           element_no=eno, first_line=elem.line)  # fmt: skip
        if not has_kuk:
            continue
        kno = v["kuk_no"]
        if kno in elem.kuk_lines:
            raise row.fail(ctx, "kuk_no", "duplicate_kuk", unit_code=code, element_no=eno,
                           kuk_no=kno, first_line=elem.kuk_lines[kno])  # fmt: skip
        elem.kuk_lines[kno] = row.line
        elem.kuk.append(KukRow(kno, v["kuk_text"], v.get("benchmark") or None, row.line))
    for unit in units.values():
        if not unit.elements:
            raise ctx.fail(unit.line, "no_elements", unit_code=unit.code)
        for elem in unit.elements.values():
            if not elem.kuk:
                raise ctx.fail(elem.line, "no_kuk", unit_code=unit.code, element_no=elem.no)
    return tuple(
        UnitData(
            code=u.code,
            title=Text(u.values["unit_title"], u.values.get("unit_title_en") or None),
            elements=tuple(
                ElementData(e.no, e.title, tuple(e.kuk), e.line) for e in u.elements.values()
            ),
            group=u.values.get("group") or None,
            line=u.line,
            standard=u.standard or "SKKNI",
            methods=u.methods or ("CL",),
        )
        for u in units.values()
    )


def _unit_options(ctx: _Ctx, row: _Row, unit: _UnitAcc) -> None:
    """Read the row's ``standard`` and ``methods`` into ``unit`` (first value wins; a
    later different value is ``inconsistent_unit``)."""
    raw = row.values.get("standard", "")
    if raw:
        standard = STANDARD_TYPES.get(raw.lower())
        if standard is None:
            raise row.fail(ctx, "standard", "unknown_standard", unit_code=unit.code, value=raw,
                           allowed=sorted(set(STANDARD_TYPES.values())))  # fmt: skip
        if unit.standard and standard != unit.standard:
            raise row.fail(ctx, "standard", "inconsistent_unit", unit_code=unit.code,
                           column="standard", first_line=unit.line)  # fmt: skip
        unit.standard = standard
    raw = row.values.get("methods", "")
    if raw:
        methods: list[str] = []
        for word in _split(raw.upper()):
            if word not in METHODS:
                raise row.fail(ctx, "methods", "unknown_method", unit_code=unit.code,
                               value=word, allowed=list(METHODS))  # fmt: skip
            if word not in methods:
                methods.append(word)
        if unit.methods and tuple(methods) != unit.methods:
            raise row.fail(ctx, "methods", "inconsistent_unit", unit_code=unit.code,
                           column="methods", first_line=unit.line)  # fmt: skip
        unit.methods = tuple(methods)


# ----------------------------------------------------------------- questions


def _attach_questions(
    units: tuple[UnitData, ...], rows: list[tuple[_Ctx, _Row, str]]
) -> tuple[UnitData, ...]:
    """Check the question rows against the units and give each unit its questions.

    Each row comes with its kind (``supporting``, ``oral``, ``written``), or '' to read
    it from the row's ``jenis`` (lisan / pendukung)."""
    by_code = {u.code: u for u in units}
    kuk_of = {u.code: {k.no for e in u.elements for k in e.kuk} for u in units}
    found: dict[tuple[str, str], list[Question | ChoiceQuestion]] = {}
    numbers: dict[tuple[str, str, str], int] = {}
    for ctx, row, fixed in rows:
        v = row.values
        code = v["unit_code"]
        if not code:
            raise row.fail(ctx, "unit_code", "empty_value", column="unit_code")
        if code not in by_code:
            raise row.fail(ctx, "unit_code", "unknown_unit", unit_code=code)
        kind = fixed or QUESTION_KINDS.get(v.get("jenis", "").lower(), "")
        if not kind:
            raise row.fail(ctx, "jenis", "unknown_question_kind", value=v.get("jenis", ""),
                           allowed=["lisan", "pendukung"])  # fmt: skip
        text_col = "soal" if kind == "written" else "pertanyaan"
        if not v.get(text_col, ""):
            raise row.fail(ctx, text_col, "empty_value", column=text_col)
        listed = found.setdefault((code, kind), [])
        no = v.get("no", "") or str(len(listed) + 1)
        first = numbers.get((code, kind, no))
        if first is not None:
            raise row.fail(ctx, "no", "duplicate_question", unit_code=code, no=no,
                           first_line=first)  # fmt: skip
        numbers[(code, kind, no)] = row.line_of("no")
        kuk = tuple(_split(v.get("kuk", "")))
        for kno in kuk:
            if kno not in kuk_of[code]:
                raise row.fail(ctx, "kuk", "unknown_kuk", unit_code=code, kuk_no=kno)
        if kind == "written":
            listed.append(_choice(ctx, row, code, no, kuk))
        else:
            listed.append(Question(no, v["pertanyaan"], v.get("kunci") or None, kuk, row.line))
    out: list[UnitData] = []
    for unit in units:
        supporting = [q for q in found.get((unit.code, "supporting"), [])
                      if isinstance(q, Question)]  # fmt: skip
        oral = [q for q in found.get((unit.code, "oral"), []) if isinstance(q, Question)]
        written = [
            q for q in found.get((unit.code, "written"), []) if isinstance(q, ChoiceQuestion)
        ]
        out.append(
            replace(
                unit,
                supporting=unit.supporting + tuple(supporting),
                oral=unit.oral + tuple(oral),
                written=unit.written + tuple(written),
            )
        )
    return tuple(out)


def _choice(ctx: _Ctx, row: _Row, code: str, no: str, kuk: tuple[str, ...]) -> ChoiceQuestion:
    v = row.values
    options: list[str] = []
    gap = ""
    for letter in OPTION_LETTERS:
        text = v.get(letter, "")
        if not text:
            gap = gap or letter
            continue
        if gap:
            raise row.fail(ctx, gap, "option_gap", unit_code=code, no=no, column=gap)
        options.append(text)
    if len(options) < 2:
        raise row.fail(ctx, "a" if not options else "b", "too_few_options", unit_code=code,
                       no=no)  # fmt: skip
    raw = v.get("kunci", "")
    key = raw.strip().rstrip(").").strip().lower()
    allowed = list(OPTION_LETTERS[: len(options)])
    if key not in allowed:
        raise row.fail(ctx, "kunci", "bad_choice_key", unit_code=code, no=no, value=raw,
                       allowed=allowed)  # fmt: skip
    return ChoiceQuestion(no, v["soal"], tuple(options), allowed.index(key), kuk, row.line)


# --------------------------------------------------------------------------- writing


def dump_scheme(scheme: SchemeData, version: str | None = None, logo: str | None = None) -> str:
    """The scheme as one normalised YAML file (units and questions inline) that
    :func:`load_scheme` reads back to the same data: the copy the app keeps of an
    installed scheme. ``version`` replaces the scheme's version; ``logo`` is the logo's
    path as written (relative to the file), else the logo is left out.

    Deterministic: the same data gives byte-identical text.
    """
    head: dict[str, Any] = {
        "type": scheme.type,
        "number": scheme.number,
        "title": _label(scheme.title),
    }
    if scheme.level:
        head["level"] = scheme.level
    if scheme.lsp is not None:
        lsp: dict[str, Any] = {"name": scheme.lsp.name}
        for key, value in (
            ("licence", scheme.lsp.licence),
            ("address", scheme.lsp.address),
            ("contact", scheme.lsp.contact),
            ("logo", logo),
        ):
            if value:
                lsp[key] = value
        head["lsp"] = lsp
    doc: dict[str, Any] = {
        "scheme": head,
        "version": version or scheme.version or "1",
        "slug": scheme_slug(scheme),
    }
    if scheme.requirements:
        doc["requirements"] = [{"text": r.text, "kind": r.kind} for r in scheme.requirements]
    if scheme.task is not None:
        t = scheme.task
        task: dict[str, Any] = {"scenario": t.scenario}
        if t.steps:
            task["steps"] = list(t.steps)
        if t.equipment:
            task["equipment"] = list(t.equipment)
        if t.duration:
            task["duration"] = t.duration
        if t.expected:
            task["expected"] = t.expected
        doc["task"] = task
    doc["units"] = [_dump_unit(u) for u in scheme.units]
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return f"# Scheme {scheme.number}, normalised copy kept by assessor-app.\n{body}"


def _dump_unit(unit: UnitData) -> dict[str, Any]:
    out: dict[str, Any] = {"code": unit.code, "title": _label(unit.title)}
    if unit.group:
        out["group"] = unit.group
    out["standard"] = unit.standard
    out["methods"] = list(unit.methods)
    out["elements"] = [
        {
            "no": e.no,
            "title": e.title,
            "kuk": [
                {"no": k.no, "text": k.text, **({"benchmark": k.benchmark} if k.benchmark else {})}
                for k in e.kuk
            ],
        }
        for e in unit.elements
    ]
    for key, questions in (("supporting", unit.supporting), ("oral", unit.oral)):
        if questions:
            out[key] = [
                {
                    "no": q.no,
                    "text": q.text,
                    **({"answer": q.answer} if q.answer else {}),
                    **({"kuk": list(q.kuk)} if q.kuk else {}),
                }
                for q in questions
            ]
    if unit.written:
        out["written"] = [
            {
                "no": q.no,
                "text": q.text,
                "options": list(q.options),
                "key": OPTION_LETTERS[q.key],
                **({"kuk": list(q.kuk)} if q.kuk else {}),
            }
            for q in unit.written
        ]
    return out


# --------------------------------------------------------------------------- generating


def template_code(scheme: SchemeData, form: str = "FR.IA.01") -> str:
    """The code of a generated template: ``<form>.<slug>``.

    The slug is ``scheme.slug`` when given; else the unit code of a one-unit scheme with
    the dot after a one-letter category removed (``J.620100.005.02`` -> ``J620100.005.02``);
    else the scheme number with other characters than letters, digits and dots turned
    into ``-``. Set ``slug`` in the scheme file to keep the code when units are added.
    """
    return f"{form}.{scheme_slug(scheme)}"


def scheme_slug(scheme: SchemeData) -> str:
    """The scheme's short name in template codes and in the data folder (see
    :func:`template_code`)."""
    if scheme.slug:
        return scheme.slug
    if len(scheme.units) == 1:
        return re.sub(r"^([A-Za-z])\.", r"\1", _slugify(scheme.units[0].code))
    return _slugify(scheme.number)


def _slugify(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", value).strip("-.") or "scheme"


def _label(text: Text) -> str | dict[str, str]:
    return text.as_dict() if text.en else text.id
