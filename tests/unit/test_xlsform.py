"""XLSForm workbooks (built here with openpyxl) read through pyxform into templates, every
problem at its cell, and our templates written back as XLSForm without losing anything."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from assessor_app.core.errors import AppError, TemplateError
from assessor_app.core.muk_forms import FORMS as MUK_FORMS
from assessor_app.core.template import ItemType, Template, Text
from assessor_app.core.template_loader import load_template
from assessor_app.core.xlsform import read_xlsform, template_structure, write_xlsform
from assessor_app.paths import forms_dir

LABELS = ["label::Indonesian (id)", "label::English (en)"]
YN: list[list[Any]] = [["list_name", "name", *LABELS, "score"],
      ["yn", "y", "Ya", "Yes", 1], ["yn", "n", "Tidak", "No", 0]]


def book(tmp_path: Path, survey: list[list[Any]], choices: list[list[Any]] | None = None,
         settings: list[list[Any]] | None = None, name: str = "FORM.xlsx",
         **sheets: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    all_sheets = {"survey": survey, "choices": choices, "settings": settings or [
        ["form_id", "version", "form_title"], ["UJI.XLS", "1", "Formulir uji"]], **sheets}
    for title, rows in all_sheets.items():
        if rows is None:
            continue
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def group(*rows: list[Any], name: str = "bagian", label: str = "Bagian") -> list[list[Any]]:
    return [["begin_group", name, label], *rows, ["end_group"]]


def load(tmp_path: Path, rows: list[list[Any]], header: list[str] | None = None,
         choices: list[list[Any]] | None = None, **kw: Any) -> Template:
    head = header or ["type", "name", "label"]
    return read_xlsform(book(tmp_path, [head, *group(*rows)], choices, **kw)).template


def issues(tmp_path: Path, survey: list[list[Any]], choices: list[list[Any]] | None = None,
           **kw: Any) -> list[str]:
    with pytest.raises(TemplateError) as info:
        read_xlsform(book(tmp_path, survey, choices, **kw))
    return [f"{i.location()} {i.code}" for i in info.value.issues]


@pytest.mark.parametrize(("xls_type", "ours"), [
    ("text", ItemType.TEXT), ("integer", ItemType.INTEGER), ("decimal", ItemType.DECIMAL),
    ("date", ItemType.DATE), ("time", ItemType.TIME), ("dateTime", ItemType.DATETIME),
    ("note", ItemType.NOTE), ("image", ItemType.EVIDENCE), ("file", ItemType.EVIDENCE),
    ("geopoint", ItemType.TEXT), ("select_one yn", ItemType.SELECT_ONE),
    ("select_multiple yn", ItemType.SELECT_MULTIPLE), ("acknowledge", ItemType.SELECT_ONE),
])
def test_common_types(tmp_path: Path, xls_type: str, ours: ItemType) -> None:
    t = load(tmp_path, [[xls_type, "q", "Pertanyaan"]], choices=YN)
    assert t.item("q").type is ours
    if xls_type.startswith("select"):
        assert [o.value for o in t.options_for(t.item("q")).options] == ["y", "n"]  # type: ignore[union-attr]
    if xls_type == "acknowledge":
        assert [o.value for o in t.options_for(t.item("q")).options] == ["ok"]  # type: ignore[union-attr]


def test_geopoint_is_text_and_says_so(tmp_path: Path) -> None:
    done = read_xlsform(book(tmp_path, [["type", "name", "label"],
                                        *group(["geopoint", "lokasi", "Lokasi"])]))
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:survey!A3", "xlsform.geopoint_as_text")]


def test_signature_and_multiline_and_minimal(tmp_path: Path) -> None:
    t = load(tmp_path, [["image", "ttd", "Tanda tangan", "signature"],
                        ["text", "catatan", "Catatan", "multiline"],
                        ["select_one yn", "pilih", "Pilih", "minimal"]],
             header=["type", "name", "label", "appearance"], choices=YN)
    assert t.item("ttd").type is ItemType.SIGNATURE
    assert t.item("catatan").multiline
    assert t.item("pilih").appearance == "dropdown"


def test_select_with_or_other(tmp_path: Path) -> None:
    t = load(tmp_path, [["select_one yn or_other", "q", "Ada?"],
                        ["select_multiple yn", "m", "Mana?"]], choices=YN)
    q = t.item("q")
    assert [o.value for o in t.options_for(q).options] == ["y", "n", "other"]  # type: ignore[union-attr]
    assert [o.value for o in t.options_for(t.item("m")).options] == ["y", "n"]  # type: ignore[union-attr]
    other = t.item("q_other")
    assert other.type is ItemType.TEXT and other.relevant == "selected(${q}, 'other')"


def test_groups_repeats_and_header(tmp_path: Path) -> None:
    survey = [["type", "name", "label"],
              ["text", "nomor", "Nomor surat"],
              ["begin_group", "a", "Bagian A"],
              ["text", "a1", "A1"],
              ["begin_group", "a_sub", "Sub A"],
              ["integer", "a2", "A2"],
              ["end_group"],
              ["end_group"],
              ["begin_group", "b", "Bagian B"],
              ["begin_repeat", "baris", "Daftar"],
              ["text", "nama", "Nama"],
              ["end_repeat"],
              ["end_group"],
              ["note", "akhir", "Penutup"]]
    t = read_xlsform(book(tmp_path, survey)).template
    assert [i.name for i in t.header] == ["nomor"]
    assert [s.name for s in t.sections] == ["a", "b", "bagian_3"]
    assert [s.name for s in t.sections[0].sections] == ["a_sub"]
    rep = t.item("baris")
    assert rep.is_repeat and [c.name for c in rep.items] == ["nama"]
    assert t.repeat_of("nama") == rep


def test_a_form_without_groups_is_one_section(tmp_path: Path) -> None:
    t = read_xlsform(book(tmp_path, [["type", "name", "label"], ["text", "a", "A"],
                                     ["integer", "b", "B"]])).template
    assert len(t.sections) == 1 and [i.name for i in t.sections[0].items] == ["a", "b"]
    assert t.sections[0].title == Text("Formulir uji")
    assert (t.code, t.version) == ("UJI.XLS", "1")


def test_logic_columns(tmp_path: Path) -> None:
    head = ["type", "name", "label", "relevant", "constraint", "constraint_message",
            "required", "required_message", "calculation", "default", "read_only"]
    done = read_xlsform(book(tmp_path, [head, *group(
        ["integer", "n", "Jumlah", None, ". >= 0 and . < 100", "0 sampai 99", "yes",
         "Wajib diisi", None, "5"],
        ["text", "t", "Teks", "${n} > 3", None, None, "${n} > 10", None, None, None, "yes"],
        ["calculate", "dua", None, None, None, None, None, None, "${n} * 2"])]))
    n, t, dua = (done.template.item(x) for x in ("n", "t", "dua"))
    assert (n.constraint, n.constraint_message, n.required, n.default) == (
        ". >= 0 and . < 100", Text("0 sampai 99"), "true()", "5")
    assert n.required_message == Text("Wajib diisi")
    assert (t.relevant, t.required, t.read_only) == ("${n} > 3", "${n} > 10", True)
    assert dua.calculation == "${n} * 2"
    assert done.warnings == []


def test_required_message_per_language_and_without_required(tmp_path: Path) -> None:
    head = ["type", "name", "label", "required", "required_message::Indonesian (id)",
            "required_message::English (en)"]
    done = read_xlsform(book(tmp_path, [head, *group(
        ["text", "a", "A", "yes", "Isi nama", "Enter the name"],
        ["text", "b", "B", "${a} != ''", "Isi B", "Enter B"],
        ["text", "c", "C", None, "Tidak pernah wajib"])]))
    t = done.template
    assert t.item("a").required_message == Text("Isi nama", "Enter the name")
    assert t.item("b").required_message == Text("Isi B", "Enter B")
    assert t.item("c").required_message is None  # never required: said, and left out
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:survey!E5", "xlsform.required_message")]


def test_labels_and_hints_per_language(tmp_path: Path) -> None:
    head = ["type", "name", *LABELS, "label::Français (fr)", "hint::Indonesian (id)",
            "hint::English (en)"]
    done = read_xlsform(book(tmp_path, [head, *group(
        ["text", "q", "Nama", "Name", "Nom", "Nama lengkap", "Full name"])]))
    q = done.template.item("q")
    assert (q.label, q.hint) == (Text("Nama", "Name"), Text("Nama lengkap", "Full name"))
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:survey!E3", "xlsform.language")]


def test_odk_functions_that_the_expression_language_has(tmp_path: Path) -> None:
    exprs = ["selected(${m}, 'y') and count-selected(${m}) >= 1",
             "if(${n} > 1, concat('a', ${n}), coalesce(${n}, '0'))",
             "today() > '2020-01-01' and string-length(${t}) < 10",
             "regex(${t}, '^[0-9]+$') or contains(${t}, 'x')",
             "round(${n} div 3, 1) + int(${n}) + sum(${n})"]
    rows: list[list[Any]] = [["select_multiple yn", "m", "M"], ["integer", "n", "N"],
                             ["text", "t", "T"]]
    rows += [["calculate", f"c{i}", None, e] for i, e in enumerate(exprs)]
    t = load(tmp_path, rows, header=["type", "name", "label", "calculation"], choices=YN)
    assert [t.item(f"c{i}").calculation for i in range(len(exprs))] == exprs


def test_what_cannot_be_expressed_is_listed_per_cell(tmp_path: Path) -> None:
    head = ["type", "name", "label", "relevant", "choice_filter", "calculation"]
    found = issues(tmp_path, [head, *group(
        ["select_one yn", "q", "Q", None, "name != 'n' and"],
        ["calculate", "c", None, None, None, "pulldata('x', 'a', 'b', ${q})"],
        ["text", "t", "T", "/data/q = 'y'"],
        ["range", "r", "R"])], YN + [])
    assert found == [
        "FORM.xlsx:survey!E3 expr.unexpected_end",
        "FORM.xlsx:survey!F4 expr.unknown_function",
        "FORM.xlsx:survey!D5 expr.unexpected_token",
        "FORM.xlsx:survey!A6 xlsform.unsupported_type",
    ]


def test_a_question_after_a_subgroup_and_a_group_in_a_repeat_are_listed_at_their_type(
        tmp_path: Path) -> None:
    found = issues(tmp_path, [["type", "name", "label"], *group(
        ["begin_group", "sub", "Sub"], ["text", "s1", "S1"], ["end_group"],
        ["text", "after", "Sesudah sub"]), *group(
        ["begin_repeat", "baris", "Baris"],
        ["begin_group", "dalam", "Dalam"], ["text", "d1", "D1"], ["end_group"],
        ["end_repeat"], name="b", label="B")])
    assert found == ["FORM.xlsx:survey!A6 xlsform.item_after_group",
                     "FORM.xlsx:survey!A10 xlsform.group_in_repeat"]


def test_loader_problems_land_on_their_cell(tmp_path: Path) -> None:
    head = ["type", "name", "label", "relevant", "critical", "weight"]
    found = issues(tmp_path, [head, *group(
        ["integer", "n", "N", "${catatan} > 1"],
        ["text", "t", "T", None, "yes"],
        ["select_one yn", "q", "Q", None, None, "-2"],
        ["note", "catatan", "Catatan"])], YN)
    assert sorted(found) == [
        "FORM.xlsx:survey!D3 expr.ref_without_value",
        "FORM.xlsx:survey!E4 template.critical_needs_choice",
        "FORM.xlsx:survey!F5 template.out_of_range",
    ]


def test_pyxform_errors_and_broken_files_do_not_crash(tmp_path: Path) -> None:
    found = issues(tmp_path, [["type", "name", "label", "relevant"],
                              *group(["integer", "n", "N", "${nope} > 1"])])
    assert found == ["FORM.xlsx:survey!D3 xlsform.unknown_ref"]
    found = issues(tmp_path, [["type", "name", "label"], *group(["select_one nolist", "q", "Q"])],
                   YN)
    assert len(found) == 1 and found[0].endswith("xlsform.unknown_list")
    found = issues(tmp_path, [["type", "name", "label"], *group(["text", "a b", "Q"])])
    assert found == ["FORM.xlsx:survey!B3 xlsform.bad_name"]
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"not a workbook")
    with pytest.raises(TemplateError) as info:
        read_xlsform(junk)
    assert [i.code for i in info.value.issues] == ["xlsform.invalid"]


def test_scoring_columns_and_sheet(tmp_path: Path) -> None:
    choices: list[list[Any]] = [["list_name", "name", "label", "score", "na", "pass",
                                 "list_label"],
               ["mbm", "m", "Memenuhi", 1, None, None, "Penilaian"],
               ["mbm", "bm", "Belum memenuhi", 0],
               ["mbm", "na", "Tidak berlaku", None, "yes"],
               ["mbm", "sebagian", "Sebagian", 0.5, None, "yes"]]
    head = ["type", "name", "label", "score", "weight", "critical"]
    scoring = [["pass_threshold", "grade", "min", "label", "requires_pass"],
               [70], [None, "A", 85, "Sangat baik", "yes"], [None, "C", 0, "Kurang"]]
    t = load(tmp_path, [["select_one mbm", "q1", "Q1", None, 2, "yes"],
                        ["select_one mbm", "q2", "Q2", "no"]], header=head, choices=choices,
             scoring=scoring)
    q1, q2 = t.item("q1"), t.item("q2")
    assert (q1.weight, q1.critical, q1.scored, q2.scored) == (2, True, True, False)
    rs = t.options_for(q1)
    assert rs is not None and rs.label == Text("Penilaian")
    assert [(o.value, o.score, o.na, o.passed) for o in rs.options] == [
        ("m", 1, False, None), ("bm", 0, False, None), ("na", None, True, None),
        ("sebagian", 0.5, False, True)]
    assert t.scoring.pass_threshold == 70
    assert [(b.grade, b.min, b.requires_pass) for b in t.scoring.grade_bands] == [
        ("A", 85, True), ("C", 0, False)]


LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_forms"


@pytest.mark.parametrize("path", [*sorted(forms_dir().glob("*.yaml")),
                                  *sorted(LEGACY.glob("*.yaml")),
                                  *sorted(LEGACY.with_name("old_versions").glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_shipped_templates_survive_the_round_trip(tmp_path: Path, path: Path) -> None:
    original = load_template(path)
    out = tmp_path / "out.xlsx"
    write_xlsform(original, out)
    again = read_xlsform(out)
    # a pass mark or grades without a source (the 2024.1 JKP) are flagged as the app's own
    unsourced = [] if original.scoring.official or not original.scoring.grade_bands else [
        ("template.unsourced_scoring", "scoring")]
    assert [(w.code, w.cell) for w in again.warnings] == unsourced
    assert template_structure(again.template) == template_structure(original)


def test_export_refuses_what_the_workbook_cannot_carry(tmp_path: Path) -> None:
    t = load_template(forms_dir() / "jkp-lpk-01.yaml")
    first = t.sections[0].items[0]
    spaced = dataclasses.replace(first, label=Text("  " + first.label.id + "  "))
    sec = dataclasses.replace(t.sections[0], items=(spaced, *t.sections[0].items[1:]))
    with pytest.raises(AppError) as info:
        write_xlsform(dataclasses.replace(t, sections=(sec, *t.sections[1:])),
                      tmp_path / "x.xlsx")
    assert info.value.code == "xlsform.not_exportable"
    assert info.value.params["what"] == f"sections[0].items[0].label.id ({first.name})"
    assert not (tmp_path / "x.xlsx").exists()


SCHEME_FILES = sorted((forms_dir() / "schemes").glob("*.yaml"))


@pytest.mark.parametrize("scheme", SCHEME_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("form", MUK_FORMS)
def test_generated_muk_instruments_survive_the_round_trip(tmp_path: Path, scheme: Path,
                                                          form: str) -> None:
    """Every instrument the MUK code makes from every shipped scheme (what `schemes import`
    installs into the data folder)."""
    from assessor_app.core.competency import load_scheme
    from assessor_app.core.muk import generate_template
    from assessor_app.core.template_loader import load_template_text

    original = load_template_text(generate_template(load_scheme(scheme), form))
    write_xlsform(original, tmp_path / "out.xlsx")
    again = read_xlsform(tmp_path / "out.xlsx")
    assert again.warnings == []
    assert template_structure(again.template) == template_structure(original)


def test_the_round_trip_covers_every_shipped_template_and_scheme() -> None:
    """forms/ holds only the templates and schemes the tests above go through."""
    assert set(forms_dir().rglob("*.yaml")) == {*forms_dir().glob("*.yaml"), *SCHEME_FILES}
    assert SCHEME_FILES and "FR.IA.01" in MUK_FORMS
    # the other files of forms/schemes are what those schemes read (CSV, a logo) or the
    # same scheme as a workbook (tests/unit/test_scheme_service.py)
    assert {p.suffix for p in (forms_dir() / "schemes").iterdir()} <= {
        ".yaml", ".csv", ".xlsx", ".png"}


def test_unknown_columns_are_errors_and_presentation_only_ones_warnings(tmp_path: Path) -> None:
    head = ["type", "name", "label", "media::image", "hxl"]
    survey = [head, ["start", "mulai"], *group(["text", "a", "A", "foto.jpg"])]
    done = read_xlsform(book(tmp_path, survey))
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:survey!A2", "xlsform.metadata_ignored"),
        ("FORM.xlsx:survey!D4", "xlsform.unsupported_column")]
    assert [i.name for i in done.template.walk_items()] == ["a"]
    found = issues(tmp_path, [head, *group(["text", "b", "B", None, "#indicator"])])
    assert found == ["FORM.xlsx:survey!E3 xlsform.unsupported_column"]


def test_repeat_count_as_a_number_or_listed(tmp_path: Path) -> None:
    def survey(count: str) -> list[list[Any]]:
        return [["type", "name", "label", "repeat_count"],
                *group(["integer", "n", "N"], ["begin_repeat", "r", "R", count],
                       ["text", "t", "T"], ["end_repeat"])]

    rep = read_xlsform(book(tmp_path, survey("3"))).template.item("r")
    assert (rep.min_rows, rep.max_rows) == (3, 3)
    assert issues(tmp_path, survey("${n}")) == ["FORM.xlsx:survey!D4 xlsform.unsupported_value"]


def test_what_odk_computes_at_run_time_is_listed(tmp_path: Path) -> None:
    head = ["type", "name", "label", "default"]
    done = read_xlsform(book(tmp_path, [head, *group(["integer", "n", "N", "3"],
                                                     ["note", "info", "Jumlah: ${n}"])]))
    assert done.template.item("n").default == "3"
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:survey!C4", "xlsform.label_reference")]
    assert issues(tmp_path, [head, *group(["date", "d", "D", "today("])]) == [
        "FORM.xlsx:survey!D3 expr.unexpected_end"]
    assert issues(tmp_path, [head, *group(["text", "t", "T"])],
                  entities=[["list_name", "label"], ["orang", "${t}"]]) == [
        "FORM.xlsx:entities xlsform.unsupported_sheet"]


def test_a_label_too_long_for_a_report_cell_is_a_warning_at_its_cell(tmp_path: Path) -> None:
    done = read_xlsform(book(tmp_path, [["type", "name", "label"],
                                        *group(["text", "sop", "Langkah kerja. " * 100])]))
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:survey!C3", "template.long_text")]


# ------------------------------------------------------------------ cascading selects, defaults

CASCADE_CHOICES: list[list[Any]] = [
    ["list_name", "name", "label", "provinsi", "hxl tag"],
    ["provinsi", "jabar", "Jawa Barat"], ["provinsi", "jatim", "Jawa Timur"],
    ["kabupaten", "bandung", "Kab. Bandung", "jabar", "#adm2"],
    ["kabupaten", "malang", "Kab. Malang", "jatim"]]


def test_choice_filter_with_choice_columns(tmp_path: Path) -> None:
    head = ["type", "name", "label", "choice_filter"]
    done = read_xlsform(book(tmp_path, [head, *group(
        ["select_one provinsi", "provinsi", "Provinsi"],
        ["select_one kabupaten", "kabupaten", "Kabupaten", "provinsi=${provinsi}"],
        ["select_multiple kabupaten", "lain", "Lain", "selected(${provinsi}, provinsi) or "
                                                      "starts-with(label, 'Kab')"])],
        CASCADE_CHOICES))
    t = done.template
    assert t.item("kabupaten").choice_filter == "provinsi=${provinsi}"
    rs = t.response_sets["kabupaten"]
    assert [o.columns for o in rs.options] == [(("provinsi", "jabar"),), (("provinsi", "jatim"),)]
    # a column no filter could name (a space in its header) is said, not kept silently
    assert [(w.location(), w.code) for w in done.warnings] == [
        ("FORM.xlsx:choices!E4", "xlsform.unsupported_column")]


def test_a_filter_naming_a_column_the_choices_lack_is_listed(tmp_path: Path) -> None:
    head = ["type", "name", "label", "choice_filter"]
    assert issues(tmp_path, [head, *group(
        ["select_one provinsi", "provinsi", "Provinsi"],
        ["select_one kabupaten", "kabupaten", "Kabupaten", "propinsi=${provinsi}"])],
        CASCADE_CHOICES) == ["FORM.xlsx:survey!D4 expr.unknown_column"]


def test_fixed_and_dynamic_defaults(tmp_path: Path) -> None:
    head = ["type", "name", "label", "default"]
    t = read_xlsform(book(tmp_path, [head, *group(
        ["date", "tanggal", "Tanggal", "today()"], ["text", "asal", "Asal", "${kota}"],
        ["text", "kota", "Kota", "Bandung"], ["decimal", "nilai", "Nilai", "2.5"],
        ["dateTime", "waktu", "Waktu", "now()"], ["date", "tetap", "Tetap", "2024-01-31"])
    ])).template
    assert [(t.item(n).default, t.item(n).dynamic_default) for n in
            ("tanggal", "asal", "kota", "nilai", "waktu", "tetap")] == [
        (None, "today()"), (None, "${kota}"), ("Bandung", None), ("2.5", None),
        (None, "now()"), ("2024-01-31", None)]


def test_jr_choice_name_and_the_odk_functions_added(tmp_path: Path) -> None:
    head = ["type", "name", "label", "calculation"]
    t = read_xlsform(book(tmp_path, [head, *group(
        ["select_one provinsi", "provinsi", "Provinsi"],
        ["calculate", "nama", None, "jr:choice-name(${provinsi}, '${provinsi}')"],
        ["calculate", "n", None, "pow(2, 3) + floor(2.5) + abs(-1) + count-non-empty(${nama})"],
        ["calculate", "s", None, "join('-', normalize-space(' a  b '), selected-at('x y', 1))"])],
        CASCADE_CHOICES)).template
    from assessor_app.core.engine import Answers, FormState

    st = FormState(t, Answers(values={("provinsi", ""): "jatim"}))
    assert (st.value("nama"), st.value("n"), st.value("s")) == ("Jawa Timur", "12", "a b-y")
    assert issues(tmp_path, [head, *group(
        ["text", "teks", "Teks"],
        ["calculate", "nama", None, "jr:choice-name(${teks}, '${teks}')"])]) == [
        "FORM.xlsx:survey!D4 expr.bad_choice_name"]


def test_a_template_with_filters_defaults_and_messages_survives_the_round_trip(
        tmp_path: Path) -> None:
    from tests.unit.test_choice_filter import SRC

    original = load_template_text_(SRC)
    write_xlsform(original, tmp_path / "out.xlsx")
    again = read_xlsform(tmp_path / "out.xlsx")
    assert template_structure(again.template) == template_structure(original)


def load_template_text_(src: str) -> Template:
    from assessor_app.core.template_loader import load_template_text

    return load_template_text(src, "src.yaml")


def test_layout_appearances_and_a_group_hint(tmp_path: Path) -> None:
    head = ["type", "name", "label", "hint", "appearance"]
    found = issues(tmp_path, [head,
        ["begin_group", "g", "Grup", "Isi sesuai dokumen", "field-list w2"],
        ["integer", "n", "N", None, "thousands-sep"],
        ["text", "rahasia", "Rahasia", None, "masked"],
        ["end_group"]])
    assert found == ["FORM.xlsx:survey!E4 xlsform.unsupported_appearance"]  # masked only
    done = read_xlsform(book(tmp_path, [head,
        ["begin_group", "g", "Grup", "Isi sesuai dokumen", "field-list w2"],
        ["integer", "n", "N", None, "thousands-sep"],
        ["select_one yn", "q", "Q", None, "columns-4"],
        ["image", "foto", "Foto", None, "new"],
        ["end_group"]], YN))
    assert done.template.sections[0].description == Text("Isi sesuai dokumen")
    assert [(w.location(), w.params.get("appearance")) for w in done.warnings] == [
        ("FORM.xlsx:survey!E2", "field-list"), ("FORM.xlsx:survey!E2", "w2"),
        ("FORM.xlsx:survey!E3", "thousands-sep"), ("FORM.xlsx:survey!E4", "columns-4"),
        ("FORM.xlsx:survey!E5", "new")]
