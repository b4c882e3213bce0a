"""Scheme data with the fields of a whole certification event (level, LSP letterhead,
requirements, task, standard types, methods, questions) read from YAML, YAML + CSV and
the XLSX workbook layout, and the precise ``file:line`` of bad data in each."""

from __future__ import annotations

import csv
import importlib.util
import io
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from openpyxl import load_workbook

from assessor_app.core.competency import (
    METHODS,
    REASONS,
    STANDARD_TYPES,
    dump_scheme,
    load_scheme,
)
from assessor_app.core.errors import AppError
from assessor_app.core.muk import generate_template
from assessor_app.messages import describe

REPO = Path(__file__).resolve().parents[2]
SCHEMES = REPO / "forms" / "schemes"
SHIPPED = ("akuntansi-kkni-ii", "pemeliharaan-sepeda-motor", "pemrograman-ui",
           "pengelasan-pipa")
MOTOR = SCHEMES / "pemeliharaan-sepeda-motor.yaml"


def _xlsx_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scheme_xlsx_tool",
                                                  REPO / "scripts" / "make_scheme_xlsx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _refused(path: Path, **expected: Any) -> AppError:
    with pytest.raises(AppError) as info:
        load_scheme(path)
    err = info.value
    assert err.code == "scheme.invalid"
    assert err.params["reason"] in REASONS
    got = {key: err.params.get(key) for key in expected}
    assert got == expected, err.params
    return err


def _line_of(text: str, needle: str) -> int:
    """1-based line of the only line of ``text`` that contains ``needle``."""
    found = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(found) == 1, (needle, found)
    return found[0]


# --------------------------------------------------------------------------- shipped data


@pytest.mark.parametrize("stem", SHIPPED)
def test_shipped_schemes_fill_every_field(stem: str) -> None:
    scheme = load_scheme(SCHEMES / f"{stem}.yaml")
    assert scheme.level in ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
    assert scheme.lsp is not None and scheme.lsp.licence and scheme.lsp.address
    assert scheme.lsp.logo is not None and scheme.lsp.logo.is_file()
    assert {r.kind for r in scheme.requirements} == {"dasar", "administratif"}
    assert scheme.task is not None and scheme.task.steps and scheme.task.equipment
    assert scheme.task.duration and scheme.task.expected
    for unit in scheme.units:
        assert unit.standard in STANDARD_TYPES.values()
        assert set(unit.methods) <= set(METHODS) and "CL" in unit.methods
        assert len(unit.supporting) >= 2 and len(unit.oral) >= 2 and len(unit.written) >= 3
        kuk = {k.no for e in unit.elements for k in e.kuk}
        for q in (*unit.supporting, *unit.oral):
            assert q.text and q.answer and q.kuk and set(q.kuk) <= kuk
        for c in unit.written:
            assert len(c.options) >= 3 and 0 <= c.key < len(c.options) and set(c.kuk) <= kuk


def test_motorcycle_scheme_holds_the_sourced_unit_only() -> None:
    """KKNI level II; the unit, elements and KUK as read in the cited SKKNI copies (the
    file's header comment), nothing more."""
    scheme = load_scheme(MOTOR)
    assert (scheme.type, scheme.level) == ("KKNI", "II")
    (unit,) = scheme.units
    assert unit.code == "OTO.SM01.001.01"
    assert unit.title.id == "Mengikuti Prosedur Keselamatan, Kesehatan Kerja, dan Lingkungan"
    assert [(e.no, [k.no for k in e.kuk]) for e in unit.elements] == [
        ("1", ["1.1", "1.2", "1.3", "1.4", "1.5"]), ("2", ["2.1", "2.2"])]
    assert unit.elements[0].kuk[0].text == (
        "Bahaya pada area kerja dikenali dan dilakukan tindakan pengontrolan yang tepat.")
    assert unit.elements[1].title == "Memelihara kebersihan peralatan dan area kerja"
    header = MOTOR.read_text(encoding="utf-8").split("\nscheme:", 1)[0]
    assert "KEP.95/MEN/IV/2005" in header and "INCOMPLETE" in header
    assert "EXAMPLE MATERIAL" in header


def test_example_workbook_reads_like_its_yaml() -> None:
    from_yaml = load_scheme(MOTOR)
    from_xlsx = load_scheme(SCHEMES / "pemeliharaan-sepeda-motor.xlsx")
    assert from_xlsx.source == "schemes/pemeliharaan-sepeda-motor.xlsx"
    assert from_xlsx.lsp == from_yaml.lsp  # logo resolved to the same file
    assert dump_scheme(from_xlsx) == dump_scheme(from_yaml)


def test_example_workbook_is_reproducible(tmp_path: Path) -> None:
    tool = _xlsx_tool()
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    tool.write(MOTOR, first)
    tool.write(MOTOR, second)
    assert first.read_bytes() == second.read_bytes()
    assert dump_scheme(load_scheme(first)) == dump_scheme(load_scheme(MOTOR))


@pytest.mark.parametrize("stem", SHIPPED)
def test_dump_reads_back_to_the_same_scheme(stem: str, tmp_path: Path) -> None:
    scheme = load_scheme(SCHEMES / f"{stem}.yaml")
    assert scheme.lsp is not None and scheme.lsp.logo is not None
    shutil.copy(scheme.lsp.logo, tmp_path / "logo.png")
    text = dump_scheme(scheme, "2024.1-2", "logo.png")
    copy = tmp_path / "scheme.yaml"
    copy.write_text(text, encoding="utf-8")
    again = load_scheme(copy)
    assert dump_scheme(again, None, "logo.png") == text  # a fixpoint
    assert again.version == "2024.1-2" and again.lsp is not None
    assert again.lsp.logo == (tmp_path / "logo.png").resolve()
    # the same template codes and the same FR.IA.01 (but for the line naming the source)
    assert generate_template(again).split("\n", 1)[1] == generate_template(
        scheme, version="2024.1-2").split("\n", 1)[1]


# --------------------------------------------------------------------------- YAML inline

BASE = """\
scheme:
  type: KKNI
  level: II
  number: SKM/UJI/001/2024
  title: Skema Uji
  lsp: LSP Uji Coba
version: "1"
units:
  - code: U.001
    title: Unit satu
    standard: SKKNI
    methods: [CL, DPL]
    elements:
      - no: "1"
        title: Elemen satu
        kuk:
          - {no: "1.1", text: KUK satu satu}
          - {no: "1.2", text: KUK satu dua}
      - no: "2"
        title: Elemen dua
        kuk:
          - {no: "2.1", text: KUK dua satu}
    oral:
      - {no: "1", text: Pertanyaan lisan, answer: Jawaban, kuk: ["1.1"]}
    written:
      - {no: "1", text: Soal, options: [Pilihan A, Pilihan B, Pilihan C], key: b, kuk: ["2.1"]}
  - code: U.002
    title: Unit dua
    elements:
      - no: "1"
        title: Elemen
        kuk:
          - {no: "1.1", text: KUK}
"""


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "skema.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_inline_scheme_reads_every_field(tmp_path: Path) -> None:
    scheme = load_scheme(_yaml(tmp_path, BASE))
    one, two = scheme.units
    assert (one.standard, one.methods) == ("SKKNI", ("CL", "DPL"))
    assert (two.standard, two.methods) == ("SKKNI", ("CL",))  # the defaults
    assert [(q.no, q.answer, q.kuk) for q in one.oral] == [("1", "Jawaban", ("1.1",))]
    (choice,) = one.written
    assert (choice.options, choice.key, choice.kuk) == (
        ("Pilihan A", "Pilihan B", "Pilihan C"), 1, ("2.1",))


@pytest.mark.parametrize("raw, level", [("II", "II"), ("2", "II"), ("level iv", "IV"),
                                        ("IX", "IX")])
def test_level_spellings(tmp_path: Path, raw: str, level: str) -> None:
    text = BASE.replace("  level: II\n", f"  level: {raw}\n")
    assert load_scheme(_yaml(tmp_path, text)).level == level


def test_inline_element_without_kuk(tmp_path: Path) -> None:
    text = BASE.replace('          - {no: "2.1", text: KUK dua satu}\n', "").replace(
        "        title: Elemen dua\n        kuk:\n", "        title: Elemen dua\n        kuk: []\n")
    _refused(_yaml(tmp_path, text), reason="no_kuk", unit_code="U.001", element_no="2",
             line=_line_of(text, '- no: "2"'))


def test_inline_unit_given_twice(tmp_path: Path) -> None:
    text = BASE.replace("- code: U.002", "- code: U.001")
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "code: U.001" in line]
    _refused(_yaml(tmp_path, text), reason="duplicate_unit", unit_code="U.001",
             line=lines[1], first_line=lines[0])


def test_inline_unit_without_elements(tmp_path: Path) -> None:
    text = BASE.split("    elements:\n      - no: \"1\"\n        title: Elemen\n")[0] + \
        "    elements: []\n"
    _refused(_yaml(tmp_path, text), reason="no_elements", unit_code="U.002",
             line=_line_of(text, "code: U.002"))


@pytest.mark.parametrize(("old", "new", "at", "refusal"), [
    pytest.param('answer: Jawaban, kuk: ["1.1"]', 'answer: Jawaban, kuk: ["1.1", "3.1"]',
                 "Pertanyaan lisan", {"reason": "unknown_kuk", "kuk_no": "3.1"},
                 id="a question names a KUK its unit lacks"),
    pytest.param("key: b,", "key: d,", "key: d",
                 {"reason": "bad_choice_key", "no": "1", "value": "d",
                  "allowed": ["a", "b", "c"]}, id="a choice key not among its options"),
    pytest.param("standard: SKKNI", "standard: Standar Nasional", "standard:",
                 {"reason": "unknown_standard", "value": "Standar Nasional"},
                 id="an unknown standard type"),
    pytest.param("methods: [CL, DPL]", "methods: [CL, OBS]", "methods:",
                 {"reason": "unknown_method", "value": "OBS"}, id="an unknown method code"),
])
def test_a_wrong_value_of_the_first_unit_is_refused_at_its_line(
        tmp_path: Path, old: str, new: str, at: str, refusal: dict[str, Any]) -> None:
    text = BASE.replace(old, new)
    _refused(_yaml(tmp_path, text), unit_code="U.001", line=_line_of(text, at), **refusal)


def test_standard_type_spellings(tmp_path: Path) -> None:
    text = BASE.replace("standard: SKKNI", "standard: internasional")
    assert load_scheme(_yaml(tmp_path, text)).units[0].standard == "Standar Internasional"


def test_kkni_scheme_without_level(tmp_path: Path) -> None:
    text = BASE.replace("  level: II\n", "")
    _refused(_yaml(tmp_path, text), reason="missing_level", key="scheme.level", line=2)
    # other scheme types need none
    assert load_scheme(_yaml(tmp_path, text.replace("type: KKNI", "type: Okupasi"))).level is None


@pytest.mark.parametrize("raw", ["X", "10", "0", "II-III"])
def test_level_outside_i_to_ix(tmp_path: Path, raw: str) -> None:
    text = BASE.replace("  level: II\n", f"  level: {raw}\n")
    _refused(_yaml(tmp_path, text), reason="bad_level", value=raw, line=3)


def test_lsp_mapping_and_logo(tmp_path: Path) -> None:
    shutil.copy(SCHEMES / "logo-lsp-tirtamulya.png", tmp_path / "logo.png")
    lsp = ("  lsp:\n    name: LSP Uji Coba\n    licence: BNSP-LSP-0001-ID\n"
           "    address: Jl. Contoh 1\n    contact: 024-1\n    logo: logo.png\n")
    scheme = load_scheme(_yaml(tmp_path, BASE.replace("  lsp: LSP Uji Coba\n", lsp)))
    assert scheme.lsp is not None
    assert (scheme.lsp.name, scheme.lsp.licence, scheme.lsp.logo) == (
        "LSP Uji Coba", "BNSP-LSP-0001-ID", (tmp_path / "logo.png").resolve())
    missing = BASE.replace("  lsp: LSP Uji Coba\n", lsp.replace("logo.png", "tidak-ada.png"))
    _refused(_yaml(tmp_path, missing), reason="logo_not_found",
             line=_line_of(missing, "logo:"))
    (tmp_path / "teks.png").write_text("bukan gambar", encoding="utf-8")
    fake = BASE.replace("  lsp: LSP Uji Coba\n", lsp.replace("logo.png", "teks.png"))
    _refused(_yaml(tmp_path, fake), reason="bad_logo", line=_line_of(fake, "logo:"))


def test_requirement_kind(tmp_path: Path) -> None:
    text = BASE + "requirements:\n  - Ijazah SMK\n  - {text: KTP, kind: administrasi}\n" \
        "  - {text: Foto, kind: lainnya}\n"
    _refused(_yaml(tmp_path, text), reason="unknown_requirement_kind", value="lainnya",
             line=_line_of(text, "kind: lainnya"))
    ok = load_scheme(_yaml(tmp_path, text.replace("  - {text: Foto, kind: lainnya}\n", "")))
    assert [(r.text, r.kind) for r in ok.requirements] == [
        ("Ijazah SMK", "dasar"), ("KTP", "administratif")]


# --------------------------------------------------------------------------- YAML + CSV

CSV_SCHEME = """\
scheme:
  type: Okupasi
  number: SKM/UJI/002/2024
  title: Skema Uji CSV
version: "1"
units_csv: unit.csv
questions_csv: pertanyaan.csv
choices_csv: pilihan.csv
"""
UNIT_ROWS = [
    ["unit_code", "unit_title", "element_no", "element_title", "kuk_no", "kuk_text",
     "standard", "methods"],
    ["U.001", "Unit satu", "1", "Elemen satu", "1.1", "KUK satu", "SKKNI", "CL, DPT"],
    ["U.001", "Unit satu", "1", "Elemen satu", "1.2", "KUK dua", "", ""],
    ["U.002", "Unit dua", "1", "Elemen", "1.1", "KUK", "khusus", "CL"],
]
QUESTION_ROWS = [
    ["kode_unit", "jenis", "no", "pertanyaan", "kunci", "kuk"],
    ["U.001", "lisan", "1", "Apa?", "Itu.", "1.1"],
    ["U.001", "pendukung", "", "Mengapa?", "", "1.1; 1.2"],
    ["U.002", "Lisan", "", "Bagaimana?", "Begitu.", ""],
]
CHOICE_ROWS = [
    ["kode_unit", "no", "soal", "a", "b", "c", "d", "kunci", "kuk"],
    ["U.001", "1", "Pilih satu", "Satu", "Dua", "Tiga", "", "C", "1.2"],
]


def _csv_scheme(tmp_path: Path, units: list[list[str]] | None = None,
                questions: list[list[str]] | None = None,
                choices: list[list[str]] | None = None) -> Path:
    for name, rows in (("unit.csv", units or UNIT_ROWS),
                       ("pertanyaan.csv", questions or QUESTION_ROWS),
                       ("pilihan.csv", choices or CHOICE_ROWS)):
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(rows)
        (tmp_path / name).write_text(buf.getvalue(), encoding="utf-8")
    return _yaml(tmp_path, CSV_SCHEME)


def test_csv_scheme_with_question_files(tmp_path: Path) -> None:
    one, two = load_scheme(_csv_scheme(tmp_path)).units
    assert (one.standard, one.methods, two.standard) == ("SKKNI", ("CL", "DPT"),
                                                         "Standar Khusus")
    assert [(q.no, q.kuk) for q in one.oral] == [("1", ("1.1",))]
    assert [(q.no, q.answer, q.kuk) for q in one.supporting] == [("1", None, ("1.1", "1.2"))]
    assert [q.no for q in two.oral] == ["1"]  # numbered in order when left empty
    (choice,) = one.written
    assert (choice.options, choice.key) == (("Satu", "Dua", "Tiga"), 2)


def test_csv_element_without_kuk(tmp_path: Path) -> None:
    rows = [*UNIT_ROWS[:3], ["U.001", "Unit satu", "2", "Elemen dua", "", "", "", ""],
            UNIT_ROWS[3]]
    err = _refused(_csv_scheme(tmp_path, rows), reason="no_kuk", unit_code="U.001",
                   element_no="2", line=4)
    assert err.params["file"].endswith("unit.csv")


def test_csv_unit_rows_split_by_another_unit(tmp_path: Path) -> None:
    rows = [UNIT_ROWS[0], UNIT_ROWS[1], UNIT_ROWS[3], UNIT_ROWS[2]]
    _refused(_csv_scheme(tmp_path, rows), reason="duplicate_unit", unit_code="U.001", line=4,
             first_line=2)


def test_csv_unit_without_elements(tmp_path: Path) -> None:
    rows = [*UNIT_ROWS, ["U.003", "Unit tiga", "", "", "", "", "", ""]]
    _refused(_csv_scheme(tmp_path, rows), reason="no_elements", unit_code="U.003", line=5)


def test_csv_unknown_standard_and_method(tmp_path: Path) -> None:
    rows = [list(r) for r in UNIT_ROWS]
    rows[3][6] = "ISO"
    _refused(_csv_scheme(tmp_path, rows), reason="unknown_standard", value="ISO", line=4)
    rows = [list(r) for r in UNIT_ROWS]
    rows[1][7] = "CL, WAW"
    _refused(_csv_scheme(tmp_path, rows), reason="unknown_method", value="WAW", line=2)
    rows = [list(r) for r in UNIT_ROWS]
    rows[2][7] = "DPL"  # a second, different value for the unit
    _refused(_csv_scheme(tmp_path, rows), reason="inconsistent_unit", column="methods", line=3)


def test_csv_question_with_unknown_kuk_or_unit(tmp_path: Path) -> None:
    rows = [list(r) for r in QUESTION_ROWS]
    rows[2][5] = "1.1, 4.4"
    err = _refused(_csv_scheme(tmp_path, questions=rows), reason="unknown_kuk",
                   unit_code="U.001", kuk_no="4.4", line=3)
    assert err.params["file"].endswith("pertanyaan.csv")
    rows = [list(r) for r in QUESTION_ROWS]
    rows[3][0] = "U.009"
    _refused(_csv_scheme(tmp_path, questions=rows), reason="unknown_unit", unit_code="U.009",
             line=4)
    rows = [list(r) for r in QUESTION_ROWS]
    rows[3][1] = "tertulis"
    _refused(_csv_scheme(tmp_path, questions=rows), reason="unknown_question_kind",
             value="tertulis", line=4)
    rows = [list(r) for r in QUESTION_ROWS]
    rows[2][2] = "1"
    rows[2][1] = "lisan"
    _refused(_csv_scheme(tmp_path, questions=rows), reason="duplicate_question", no="1",
             line=3, first_line=2)


@pytest.mark.parametrize("key", ["d", "x", "3", ""])
def test_csv_choice_key_not_an_option(tmp_path: Path, key: str) -> None:
    rows = [list(r) for r in CHOICE_ROWS]
    rows[1][7] = key
    err = _refused(_csv_scheme(tmp_path, choices=rows), reason="bad_choice_key", value=key,
                   allowed=["a", "b", "c"], line=2)
    assert err.params["file"].endswith("pilihan.csv")


def test_csv_choice_options(tmp_path: Path) -> None:
    rows = [list(r) for r in CHOICE_ROWS]
    rows[1][4] = ""  # b empty, c filled
    _refused(_csv_scheme(tmp_path, choices=rows), reason="option_gap", column="b", line=2)
    rows = [list(r) for r in CHOICE_ROWS]
    rows[1][4:6] = ["", ""]
    _refused(_csv_scheme(tmp_path, choices=rows), reason="too_few_options", line=2)


# --------------------------------------------------------------------------- XLSX


@pytest.fixture()
def workbook(tmp_path: Path) -> Path:
    """The motorcycle scheme as a workbook in tmp_path (with its logo beside it)."""
    shutil.copy(SCHEMES / "logo-lsp-tirtamulya.png", tmp_path / "logo.png")
    path = tmp_path / "skema.xlsx"
    path.write_bytes(_xlsx_tool().workbook_bytes(load_scheme(MOTOR), "logo.png"))
    return path


def _edit(path: Path, sheet: str, cells: dict[str, str | None] | None = None,
          rows: list[list[str]] | None = None, delete_row: int | None = None) -> None:
    wb = load_workbook(path)
    ws = wb[sheet]
    for ref, value in (cells or {}).items():
        ws[ref] = value
    for row in rows or []:
        ws.append(row)
    if delete_row:
        ws.delete_rows(delete_row)
    wb.save(path)


def _unit_row(**values: str) -> list[str]:
    order = ["kode_unit", "judul_unit", "judul_unit_en", "kelompok", "jenis_standar", "metode",
             "no_elemen", "elemen", "no_kuk", "kuk", "standar_industri"]
    return [values.get(name, "") for name in order]


TITLE = "Mengikuti Prosedur Keselamatan, Kesehatan Kerja, dan Lingkungan"
GROUP = "Umum (General)"
TITLE_EN = "Following occupational safety, health and environment procedures"


def _own_row(**values: str) -> list[str]:
    """A row of the workbook's own unit (same title, English title and group)."""
    return _unit_row(kode_unit="OTO.SM01.001.01", judul_unit=TITLE, judul_unit_en=TITLE_EN,
                     kelompok=GROUP, **values)


def test_workbook_reads_every_sheet(workbook: Path) -> None:
    scheme = load_scheme(workbook)
    assert dump_scheme(scheme) == dump_scheme(load_scheme(MOTOR))


def test_workbook_element_without_kuk(workbook: Path) -> None:
    _edit(workbook, "Unit", rows=[_own_row(no_elemen="3", elemen="Elemen tiga")])
    err = _refused(workbook, reason="no_kuk", unit_code="OTO.SM01.001.01", element_no="3",
                   line=9)
    assert err.params["file"] == f"{workbook}:Unit"


def test_workbook_unit_rows_split(workbook: Path) -> None:
    _edit(workbook, "Unit", rows=[
        _unit_row(kode_unit="OTO.SM01.003.01", judul_unit="Unit lain", no_elemen="1",
                  elemen="E", no_kuk="1.1", kuk="K"),
        _own_row(no_elemen="2", elemen="Memelihara kebersihan peralatan dan area kerja",
                 no_kuk="2.9", kuk="KUK lagi")])
    _refused(workbook, reason="duplicate_unit", unit_code="OTO.SM01.001.01", line=10,
             first_line=2, cell="A10", file=f"{workbook}:Unit")


def test_workbook_unit_without_elements(workbook: Path) -> None:
    _edit(workbook, "Unit", rows=[_unit_row(kode_unit="OTO.SM01.002.01",
                                            judul_unit="Membaca dan Memahami Gambar Teknik")])
    _refused(workbook, reason="no_elements", unit_code="OTO.SM01.002.01", line=9)


def test_workbook_question_with_unknown_kuk(workbook: Path) -> None:
    _edit(workbook, "Pertanyaan", {"F3": "1.3, 5.1"})
    err = _refused(workbook, reason="unknown_kuk", kuk_no="5.1", line=3, cell="F3",
                   file=f"{workbook}:Pertanyaan")
    assert describe(err, "id").startswith(f"{workbook}:Pertanyaan:3 (sel F3): ")
    assert describe(err, "en").startswith(f"{workbook}:Pertanyaan:3 (cell F3): ")
    assert "5.1" in describe(err, "en") and "OTO.SM01.001.01" in describe(err, "en")


def test_workbook_choice_key_not_an_option(workbook: Path) -> None:
    _edit(workbook, "PilihanGanda", {"H4": "E"})  # four options a..d
    _refused(workbook, reason="bad_choice_key", value="E", allowed=["a", "b", "c", "d"],
             line=4, cell="H4", file=f"{workbook}:PilihanGanda")


def test_workbook_unknown_standard_and_method(workbook: Path) -> None:
    _edit(workbook, "Unit", {"E2": "Standar Pabrik"})
    _refused(workbook, reason="unknown_standard", value="Standar Pabrik", cell="E2")
    _edit(workbook, "Unit", {"E2": "SKKNI", "F2": "CL DPX"})
    _refused(workbook, reason="unknown_method", value="DPX", cell="F2", line=2)


def test_workbook_kkni_level(workbook: Path) -> None:
    wb = load_workbook(workbook)
    level_row = next(r[0].row for r in wb["Skema"].iter_rows() if r[0].value == "level")
    _edit(workbook, "Skema", {f"B{level_row}": "XI"})
    _refused(workbook, reason="bad_level", value="XI", line=level_row, cell=f"B{level_row}")
    _edit(workbook, "Skema", delete_row=level_row)
    _refused(workbook, reason="missing_level", file=f"{workbook}:Skema")


def test_workbook_sheets(workbook: Path) -> None:
    wb = load_workbook(workbook)
    wb.create_sheet("_Catatan")["A1"] = "catatan LSP, diabaikan"
    wb.save(workbook)
    assert load_scheme(workbook).kuk_count() == 7
    wb.create_sheet("Catatan")
    wb.save(workbook)
    _refused(workbook, reason="unknown_sheet", sheet="Catatan", file=str(workbook))
    del wb["Catatan"]
    del wb["Unit"]
    wb.save(workbook)
    _refused(workbook, reason="missing_sheet", sheet="Unit")


def test_workbook_headings_in_other_spellings(workbook: Path) -> None:
    english = ["unit_code", "Unit Title", "unit-title-en", "GROUP", "standard", "methods",
               "element_no", "element_title", "kuk_no", "kuk_text", "benchmark"]
    _edit(workbook, "Unit", {f"{chr(65 + i)}1": name for i, name in enumerate(english)})
    _edit(workbook, "PilihanGanda", {"A1": " Kode  Unit "})
    assert dump_scheme(load_scheme(workbook)) == dump_scheme(load_scheme(MOTOR))
    _edit(workbook, "Unit", {"K1": "acuan"})
    _refused(workbook, reason="unknown_column", column="acuan", cell="K1", line=1)


def test_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 bukan zip")
    _refused(path, reason="unreadable", line=1)


# --------------------------------------------------------------------------- words


def test_every_reason_has_words_in_both_languages() -> None:
    from assessor_app.i18n import catalogue
    from assessor_app.messages import _SCHEME_REASONS

    for reason in REASONS:
        key = f"scheme.reason.{reason}"
        assert key in _SCHEME_REASONS, reason
        english = catalogue("en").pgettext(key, _SCHEME_REASONS[key])
        assert english and english != _SCHEME_REASONS[key], reason


def test_scheme_words_for_a_yaml_file(tmp_path: Path) -> None:
    text = BASE.replace("methods: [CL, DPL]", "methods: [CL, OBS]")
    err = _refused(_yaml(tmp_path, text), reason="unknown_method")
    line = _line_of(text, "methods:")
    assert describe(err, "id") == (
        f"{tmp_path / 'skema.yaml'}:{line}: data skema tidak valid: unit U.001: metode asesmen "
        f"'OBS' tidak dikenal (pilihan: {', '.join(METHODS)})")
    assert describe(err, "en").startswith(f"{tmp_path / 'skema.yaml'}:{line}: ")
    assert "'OBS'" in describe(err, "en")
