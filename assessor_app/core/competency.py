"""Competency templates generated from scheme data.

An LSP describes a certification scheme (KKNI / Okupasi / Klaster) and its SKKNI units in
a small YAML file plus a CSV with one row per KUK (or the units inline in the YAML, see
``forms/schemes/``). :func:`load_scheme` reads and checks that data;
:func:`generate_template` turns it into the YAML text of a complete checklist template
(``forms/README.md``), e.g. an FR.IA.01 observation checklist with one section per unit,
one subsection per element and one Ya/Tidak item per KUK.

Pure Python (PyYAML and csv only). Bad data raises
``AppError("scheme.invalid", file=..., line=..., reason=..., **details)`` where ``reason``
is a stable key (listed in :data:`REASONS`) and the details name the column, value or KUK
concerned; the CLI and the UI turn that into words.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from assessor_app.core.errors import AppError
from assessor_app.core.template import Text

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
OPTIONAL_COLUMNS: tuple[str, ...] = ("unit_title_en", "group", "benchmark")
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
)

SUPPORTED_FORMS: tuple[str, ...] = ("FR.IA.01",)

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
    "no_elements",  # an inline unit has no elements (details: unit_code)
    "no_kuk",  # an inline element has no KUK (details: unit_code, element_no)
)

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
class LspData:
    """The LSP's letterhead: name, licence number, address, contact line, logo file."""

    name: str
    licence: str | None = None
    address: str | None = None
    contact: str | None = None
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
    """Where we are reading, to attach file and line to errors."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)

    def fail(self, line: int, reason: str, **details: Any) -> AppError:
        return AppError("scheme.invalid", file=self.file, line=line, reason=reason, **details)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _norm(value: str) -> str:
    """Collapse runs of white space (cells pasted from spreadsheets carry line breaks)."""
    return " ".join(value.split())


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


@dataclass
class _Row:
    """One KUK with its unit and element, from a CSV row or an inline entry."""

    values: dict[str, str]
    line: int
    lines: dict[str, int] = field(default_factory=dict)  # per-column line, default `line`

    def line_of(self, column: str) -> int:
        return self.lines.get(column, self.line)


def load_scheme(path: Path) -> SchemeData:
    """Read a scheme YAML file (and the CSV it names) and check it.

    Raises ``AppError("scheme.invalid", file=..., line=..., reason=...)`` on bad data.
    """
    path = Path(path)
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
    top = _mapping(ctx, root, "", ("scheme", "version", "slug", "units_csv", "units"))

    if "scheme" not in top:
        raise ctx.fail(_line(root), "missing_field", key="scheme")
    snode = top["scheme"]
    sfields = _mapping(ctx, snode, "scheme", ("type", "number", "title", "lsp"))
    raw_type = _required(ctx, sfields, "type", snode, "scheme.")
    scheme_type = SCHEME_TYPES.get(raw_type.lower())
    if scheme_type is None:
        raise ctx.fail(
            _line(sfields["type"]),
            "unknown_scheme_type",
            value=raw_type,
            allowed=list(SCHEME_TYPES.values()),
        )
    number = _required(ctx, sfields, "number", snode, "scheme.")
    title_id, title_en = _text(ctx, sfields.get("title"), "scheme.title")
    if not title_id:
        raise ctx.fail(_line(sfields.get("title", snode)), "missing_field", key="scheme.title")
    lsp_name = _scalar(ctx, sfields.get("lsp"), "scheme.lsp") or None
    lsp = LspData(lsp_name) if lsp_name else None

    version = _scalar(ctx, top.get("version"), "version") or None
    slug = _scalar(ctx, top.get("slug"), "slug") or None
    if slug is not None and not _SLUG_RE.match(slug):
        raise ctx.fail(_line(top["slug"]), "bad_slug", value=slug)

    if "units_csv" in top and "units" in top:
        raise ctx.fail(_line(top["units"]), "units_twice")
    if "units_csv" in top:
        csv_name = _scalar(ctx, top["units_csv"], "units_csv")
        if not csv_name:
            raise ctx.fail(_line(top["units_csv"]), "missing_field", key="units_csv")
        csv_path = path.parent / csv_name
        if not csv_path.is_file():
            raise ctx.fail(_line(top["units_csv"]), "csv_not_found", path=str(csv_path))
        csv_ctx = _Ctx(csv_path)
        rows = _csv_rows(csv_ctx, csv_path)
        units = _build_units(csv_ctx, rows)
    elif "units" in top:
        rows = _inline_rows(ctx, top["units"])
        units = _build_units(ctx, rows)
    else:
        raise ctx.fail(_line(root), "no_units")

    return SchemeData(
        type=scheme_type,
        number=number,
        title=Text(title_id, title_en or None),
        units=units,
        lsp=lsp,
        version=version,
        slug=slug,
        source=f"{path.parent.name}/{path.name}" if path.parent.name else path.name,
    )


def _read_text(ctx: _Ctx, path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ctx.fail(1, "unreadable", error=exc.strerror or str(exc)) from exc
    try:
        # utf-8-sig: spreadsheet programs often write a byte-order mark.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ctx.fail(line, "not_utf8") from exc


def _csv_rows(ctx: _Ctx, path: Path) -> list[_Row]:
    text = _read_text(ctx, path)
    first = text.split("\n", 1)[0]
    # Spreadsheets set to Indonesian export with ';'.
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise ctx.fail(1, "missing_column", column=REQUIRED_COLUMNS[0]) from None
    # Spreadsheets often add empty columns at the right: a column without a name is
    # ignored, but a value under it is an error (too_many_cells).
    columns = [c.strip().lower() for c in header]
    seen: set[str] = set()
    for col in columns:
        if not col:
            continue
        if col in seen:
            raise ctx.fail(1, "duplicate_column", column=col)
        seen.add(col)
        if col not in ALL_COLUMNS:
            raise ctx.fail(1, "unknown_column", column=col, allowed=list(ALL_COLUMNS))
    for col in REQUIRED_COLUMNS:
        if col not in seen:
            raise ctx.fail(1, "missing_column", column=col)

    rows: list[_Row] = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                named = len(columns)
                extra = [c for i, c in enumerate(cells) if i >= named or not columns[i]]
                if any(c.strip() for c in extra):
                    raise ctx.fail(line, "too_many_cells")
                values = {
                    col: _norm(cells[i]) if i < len(cells) else ""
                    for i, col in enumerate(columns)
                    if col
                }
                rows.append(_Row(values, line))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ctx.fail(reader.line_num, "csv_syntax", error=str(exc)) from exc
    return rows


def _inline_rows(ctx: _Ctx, node: Node) -> list[_Row]:
    rows: list[_Row] = []
    for unode in _sequence(ctx, node, "units"):
        ufields = _mapping(ctx, unode, "units", ("code", "title", "group", "elements"))
        title_id, title_en = _text(ctx, ufields.get("title"), "units.title")
        unit_values = {
            "unit_code": _scalar(ctx, ufields.get("code"), "units.code"),
            "unit_title": title_id,
            "unit_title_en": title_en,
            "group": _scalar(ctx, ufields.get("group"), "units.group"),
        }
        ulines = {
            "unit_code": _line(ufields.get("code", unode)),
            "unit_title": _line(ufields.get("title", unode)),
        }
        if not unit_values["unit_code"]:
            raise ctx.fail(ulines["unit_code"], "empty_value", column="unit_code")
        enodes = (
            _sequence(ctx, ufields["elements"], "units.elements") if "elements" in ufields else []
        )
        if not enodes:
            raise ctx.fail(_line(unode), "no_elements", unit_code=unit_values["unit_code"])
        for enode in enodes:
            efields = _mapping(ctx, enode, "units.elements", ("no", "title", "kuk"))
            elem_values = {
                "element_no": _scalar(ctx, efields.get("no"), "elements.no"),
                "element_title": _scalar(ctx, efields.get("title"), "elements.title"),
            }
            elines = {
                "element_no": _line(efields.get("no", enode)),
                "element_title": _line(efields.get("title", enode)),
            }
            knodes = _sequence(ctx, efields["kuk"], "elements.kuk") if "kuk" in efields else []
            if not knodes:
                raise ctx.fail(
                    _line(enode),
                    "no_kuk",
                    unit_code=unit_values["unit_code"],
                    element_no=elem_values["element_no"],
                )
            for knode in knodes:
                kfields = _mapping(ctx, knode, "elements.kuk", ("no", "text", "benchmark"))
                values = {
                    **unit_values,
                    **elem_values,
                    "kuk_no": _scalar(ctx, kfields.get("no"), "kuk.no"),
                    "kuk_text": _scalar(ctx, kfields.get("text"), "kuk.text"),
                    "benchmark": _scalar(ctx, kfields.get("benchmark"), "kuk.benchmark"),
                }
                klines = {
                    "kuk_no": _line(kfields.get("no", knode)),
                    "kuk_text": _line(kfields.get("text", knode)),
                }
                rows.append(_Row(values, _line(knode), {**ulines, **elines, **klines}))
    return rows


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
    elements: dict[str, _ElementAcc] = field(default_factory=dict)


def _build_units(ctx: _Ctx, rows: list[_Row]) -> tuple[UnitData, ...]:
    """Group KUK rows into units and elements, in order of first appearance."""
    if not rows:
        raise ctx.fail(1, "no_units")
    units: dict[str, _UnitAcc] = {}
    for row in rows:
        v = row.values
        for col in REQUIRED_COLUMNS:
            if not v.get(col, ""):
                raise ctx.fail(row.line_of(col), "empty_value", column=col)
        code = v["unit_code"]
        unit = units.get(code)
        if unit is None:
            unit = units[code] = _UnitAcc(code, v, row.line)
        else:
            for col in ("unit_title", "unit_title_en", "group"):
                if v.get(col, "") != unit.values.get(col, ""):
                    raise ctx.fail(
                        row.line_of(col),
                        "inconsistent_unit",
                        unit_code=code,
                        column=col,
                        first_line=unit.line,
                    )
        eno = v["element_no"]
        elem = unit.elements.get(eno)
        if elem is None:
            elem = unit.elements[eno] = _ElementAcc(eno, v["element_title"], row.line)
        elif v["element_title"] != elem.title:
            raise ctx.fail(
                row.line_of("element_title"),
                "inconsistent_element",
                unit_code=code,
                element_no=eno,
                first_line=elem.line,
            )
        kno = v["kuk_no"]
        if kno in elem.kuk_lines:
            raise ctx.fail(
                row.line_of("kuk_no"),
                "duplicate_kuk",
                unit_code=code,
                element_no=eno,
                kuk_no=kno,
                first_line=elem.kuk_lines[kno],
            )
        elem.kuk_lines[kno] = row.line
        elem.kuk.append(KukRow(kno, v["kuk_text"], v.get("benchmark") or None, row.line))
    return tuple(
        UnitData(
            code=u.code,
            title=Text(u.values["unit_title"], u.values.get("unit_title_en") or None),
            elements=tuple(
                ElementData(e.no, e.title, tuple(e.kuk), e.line) for e in u.elements.values()
            ),
            group=u.values.get("group") or None,
            line=u.line,
        )
        for u in units.values()
    )


# --------------------------------------------------------------------------- generating


def template_code(scheme: SchemeData, form: str = "FR.IA.01") -> str:
    """The code of a generated template: ``<form>.<slug>``.

    The slug is ``scheme.slug`` when given; else the unit code of a one-unit scheme with
    the dot after a one-letter category removed (``J.620100.005.02`` -> ``J620100.005.02``);
    else the scheme number with other characters than letters, digits and dots turned
    into ``-``. Set ``slug`` in the scheme file to keep the code when units are added.
    """
    if scheme.slug:
        slug = scheme.slug
    elif len(scheme.units) == 1:
        slug = re.sub(r"^([A-Za-z])\.", r"\1", _slugify(scheme.units[0].code))
    else:
        slug = _slugify(scheme.number)
    return f"{form}.{slug}"


def _slugify(value: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "-", value).strip("-.") or "scheme"


def _label(text: Text) -> str | dict[str, str]:
    return text.as_dict() if text.en else text.id


def _bi(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


_TUK_SET: dict[str, Any] = {
    "label": _bi("Tempat Uji Kompetensi (TUK)", "Competency test site (TUK)"),
    "options": [
        {"value": "sewaktu", "label": _bi("Sewaktu", "Temporary")},
        {"value": "tempat_kerja", "label": _bi("Tempat Kerja", "Workplace")},
        {"value": "mandiri", "label": _bi("Mandiri", "Independent")},
    ],
}

_MUK_HEADER: list[dict[str, Any]] = [
    {
        "name": "tuk",
        "type": "select_one",
        "response_set": "tuk",
        "label": _bi("TUK", "Test site (TUK)"),
        "required": True,
    },
    {
        "name": "nama_asesor",
        "type": "text",
        "label": _bi("Nama asesor", "Assessor's name"),
        "required": True,
    },
    {
        "name": "nama_asesi",
        "type": "text",
        "label": _bi("Nama asesi", "Assessee's name"),
        "required": True,
    },
    {"name": "tanggal", "type": "date", "label": _bi("Tanggal", "Date"), "required": True},
]

_IA01_TITLE = _bi(
    "Ceklis Observasi Aktivitas di Tempat Kerja atau Tempat Kerja Simulasi",
    "Checklist for observing activities at the workplace or a simulated workplace",
)

_IA01_DESCRIPTION = _bi(
    "Panduan bagi asesor: standar industri atau tempat kerja (acuan pembanding) adalah SOP "
    "atau spesifikasi produk dari tempat kerja atau tempat kerja simulasi. Pilih Ya bila "
    "Anda yakin asesi dapat melakukan tugas sesuai KUK, dan Tidak bila belum. Isi penilaian "
    "lanjut bila hasil belum dapat disimpulkan, lalu gunakan metode asesmen lain.",
    "Guide for the assessor: the industry or workplace standard (benchmark) is the SOP or "
    "product specification of the workplace or simulated workplace. Choose Yes when you are "
    "confident the assessee performs the task as the KUK requires, and No when not. Fill in "
    "further assessment when the result is inconclusive, then use another assessment method.",
)


def generate_template(
    scheme: SchemeData, form: str = "FR.IA.01", version: str | None = None
) -> str:
    """The YAML text of a complete template for ``form`` (only FR.IA.01 for now).

    The output is deterministic: the same scheme data gives byte-identical text.
    """
    form = form.strip().upper()
    if form not in SUPPORTED_FORMS:
        raise AppError("scheme.unsupported_form", form=form, supported=list(SUPPORTED_FORMS))
    doc = _fr_ia_01(scheme, version or scheme.version or "1")
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    source = scheme.source or "scheme data"
    return (
        f"# Generated by 'assessor-app templates generate' from {source}"
        " - edit the scheme data, not this file.\n" + body
    )


def _fr_ia_01(scheme: SchemeData, version: str) -> dict[str, Any]:
    source = f"Skema {scheme.number}"
    if scheme.lsp:
        source += f", {scheme.lsp.name}"
    sections: list[dict[str, Any]] = []
    for ui, unit in enumerate(scheme.units, start=1):
        unit_info: dict[str, Any] = {"code": unit.code, "title": _label(unit.title)}
        if unit.group:
            unit_info["group"] = unit.group
        subsections: list[dict[str, Any]] = []
        for ei, elem in enumerate(unit.elements, start=1):
            items: list[dict[str, Any]] = []
            for ki, kuk in enumerate(elem.kuk, start=1):
                item: dict[str, Any] = {
                    "name": f"u{ui}_e{ei}_k{ki}",
                    "type": "select_one",
                    "kuk": kuk.no,
                    "label": kuk.text,
                }
                if kuk.benchmark:
                    item["benchmark"] = kuk.benchmark
                item["response_set"] = "ya_tidak"
                item["required"] = True
                items.append(item)
            subsections.append(
                {
                    "name": f"u{ui}_e{ei}",
                    "title": elem.title,
                    "element": {"no": elem.no, "title": elem.title},
                    "items": items,
                }
            )
        sections.append(
            {
                "name": f"u{ui}",
                "title": _label(unit.title),
                "unit": unit_info,
                "sections": subsections,
            }
        )
    sections.append(
        {
            "name": "lanjut",
            "title": _bi("Penilaian lanjut", "Further assessment"),
            "items": [
                {
                    "name": "penilaian_lanjut",
                    "type": "text",
                    "multiline": True,
                    "label": _bi("Penilaian lanjut", "Further assessment"),
                    "hint": _bi(
                        "Sebutkan KUK yang belum dapat disimpulkan dan metode asesmen lain yang "
                        "akan digunakan.",
                        "Name the KUK that could not be decided and the other assessment method "
                        "to be used.",
                    ),
                }
            ],
        }
    )
    sections.append(
        {
            "name": "umpan_balik",
            "title": _bi("Umpan balik untuk asesi", "Feedback for the assessee"),
            "items": [
                {
                    "name": "umpan_balik_asesi",
                    "type": "text",
                    "multiline": True,
                    "label": _bi("Umpan balik untuk asesi", "Feedback for the assessee"),
                }
            ],
        }
    )
    return {
        "template": 1,
        "code": template_code(scheme, "FR.IA.01"),
        "version": version,
        "form": "FR.IA.01",
        "kind": "competency",
        "subject": "assessee",
        "title": dict(_IA01_TITLE),
        "description": dict(_IA01_DESCRIPTION),
        "source": source,
        "scheme": {"type": scheme.type, "number": scheme.number, "title": _label(scheme.title)},
        "signers": [
            {"role": "asesi", "label": _bi("Asesi", "Assessee")},
            {"role": "asesor", "label": _bi("Asesor", "Assessor"), "registration": True},
        ],
        "response_sets": {"tuk": _copy(_TUK_SET)},
        "header": [_copy(h) for h in _MUK_HEADER],
        "sections": sections,
    }


def _copy(value: Any) -> Any:
    """Deep copy of plain dict/list data, so the module constants are never shared."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
