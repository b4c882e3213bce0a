"""XLSForms written by others (tests/xlsform_corpus.py) and workbooks mutated at random: each
one either imports or lists, cell by cell, what it cannot express, in Indonesian and in
English; none crashes. What imports is written back as XLSForm and reads the same."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor_app.core.errors import TemplateError, TemplateIssue
from assessor_app.core.xlsform import read_xlsform, template_structure, write_xlsform
from assessor_app.messages import describe_issue, known_codes
from tests.xlsform_corpus import CASCADE, CORPUS, KOBO_HOUSEHOLD, Workbook


def _read(path: Path) -> tuple[Any, list[TemplateIssue]]:
    try:
        done = read_xlsform(path)
    except TemplateError as exc:
        return None, list(exc.issues)
    return done, list(done.warnings)


def _worded(issue: TemplateIssue, file: str) -> None:
    """Every issue names its file and cell and has words in both languages."""
    assert issue.cell, issue
    assert issue.code in known_codes(), issue.code
    for lang in ("id", "en"):
        text = describe_issue(issue, lang)
        assert text.startswith(f"{file}:{issue.cell}: "), text
        assert issue.code not in text, text  # the words, not the code


@pytest.mark.parametrize("wb", CORPUS, ids=lambda w: w.name)
def test_each_form_imports_or_lists_per_cell(tmp_path: Path, wb: Workbook) -> None:
    path = wb.save(tmp_path)
    done, issues = _read(path)
    for issue in issues:
        _worded(issue, path.name)
    found = [(i.cell, i.code) for i in issues]
    if wb.errors is None:
        assert done is not None, [describe_issue(i, "en") for i in issues]
        assert found == wb.warnings
        out = tmp_path / "kembali.xlsx"  # what imports goes back out as it came in
        write_xlsform(done.template, out)
        assert template_structure(read_xlsform(out).template) == \
            template_structure(done.template)
    else:
        assert done is None, f"{wb.name} imported"
        assert found == wb.errors


def test_the_household_survey_keeps_what_it_says(tmp_path: Path) -> None:
    t = read_xlsform(KOBO_HOUSEHOLD.save(tmp_path)).template
    district = t.item("district")
    assert district.label.get("id") == "Kabupaten/kota" and \
        district.label.get("en") == "District"
    assert district.choice_filter == "province=${province}"
    assert district.required_message is not None and \
        district.required_message.get("en") == "Choose the district"
    assert t.item("interview_date").dynamic_default == "today()"
    assert t.item("hh_size").hint is not None
    assert t.item("water").response_set == "water_source_or_other"
    assert t.item("water_other").relevant == "selected(${water}, 'other')"
    members = t.item("members")
    assert members.is_repeat and [c.name for c in members.items] == [
        "member_name", "member_age", "member_school"]
    assert [s.name for s in t.sections] == ["location", "household", "bagian_3"]


def test_the_cascade_filters_in_the_engine(tmp_path: Path) -> None:
    from assessor_app.core.engine import Answers, FormState

    t = read_xlsform(CASCADE.save(tmp_path)).template
    st_ = FormState(t, Answers(values={("provinsi", ""): "jabar", ("kabupaten", ""): "bandung"}))
    assert st_.offered(t.item("kabupaten")) == ("bandung", "bogor")
    assert st_.offered(t.item("kecamatan")) == ("cileunyi",)
    assert st_.offered(t.item("tetangga")) == ("bogor",)


@pytest.mark.parametrize(("wb", "lang", "words"), [
    ("search_pulldata", "id", "search_pulldata.xlsx:survey!D2: tampilan 'search()' tidak "
                              "didukung templat"),
    ("search_pulldata", "en", "search_pulldata.xlsx:survey!D2: appearance 'search()' is not "
                              "supported by templates"),
    ("select_from_file", "en", "select_from_file.xlsx:survey!A2: type 'select_one_from_file "
                               "provinsi.csv' is not supported by templates"),
    ("entities", "id", "entities.xlsx:entities: lembar 'entities' tidak didukung templat"),
    ("formulas_merged", "en", "formulas_merged.xlsx:survey!C3: merged cells C3:C4: only the "
                              "first cell holds the value, the others read as empty; unmerge "
                              "the cells and fill each one"),
])
def test_the_words_name_sheet_cell_and_construct(tmp_path: Path, wb: str, lang: str,
                                                 words: str) -> None:
    book = next(w for w in CORPUS if w.name == wb)
    _done, issues = _read(book.save(tmp_path))
    assert words in [describe_issue(i, lang) for i in issues]


# ------------------------------------------------------------------ mutated workbooks

_VALUES = st.one_of(
    st.none(), st.just(""), st.integers(-5, 5), st.floats(allow_nan=False, width=32),
    st.booleans(), st.just(dt.datetime(2024, 1, 31, 8, 30)),
    st.sampled_from(["text", "integer", "select_one yes_no", "select_one nolist",
                     "select_multiple district or_other", "begin_group", "end_group",
                     "begin repeat", "end repeat", "calculate", "note", "rank yes_no",
                     "select_one_from_file x.csv", "geoshape", "audit", "${nope}",
                     "${province}", "selected(", "today()", "yes", "no", "true()", "=1+1",
                     "#REF!", "Nama Besar", "a b", "label::Français (fr)", "province=${x}",
                     "pulldata('a','b','c',${x})", "search('x')", "minimal", "field-list",
                     "jr:choice-name(${province}, '${province}')", ". > 0", "x" * 300,
                     "ñandú · 日本", "  spasi  "]),
    st.text(st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12),
)


@st.composite
def _mutations(draw: st.DrawFn) -> list[tuple[str, Any]]:
    ops = ["set", "set", "set", "delete_row", "copy_row", "swap_rows", "drop_sheet",
           "rename_sheet", "merge", "blank_header"]
    return draw(st.lists(st.tuples(st.sampled_from(ops),
                                   st.tuples(st.integers(0, 60), st.integers(0, 16),
                                             st.integers(0, 60), _VALUES)),
                         min_size=1, max_size=6))


def _mutate(seed: Workbook, muts: list[tuple[str, Any]]) -> Workbook:
    sheets = {k: [list(r) for r in v] for k, v in seed.sheets.items()}
    merges: dict[str, list[str]] = {}
    names = sorted(sheets)
    for op, (a, b, c, value) in muts:
        sheet = names[a % len(names)]
        rows = sheets.get(sheet)
        if rows is None or not rows:
            continue
        r = a % len(rows)
        if op == "set":
            row = rows[r]
            col = b % (len(row) + 2)
            row.extend([None] * (col + 1 - len(row)))
            row[col] = value
        elif op == "delete_row":
            rows.pop(r)
        elif op == "copy_row":
            rows.insert(c % (len(rows) + 1), list(rows[r]))
        elif op == "swap_rows":
            s = c % len(rows)
            rows[r], rows[s] = rows[s], rows[r]
        elif op == "drop_sheet" and len(sheets) > 1:
            del sheets[sheet]
        elif op == "rename_sheet":
            sheets[f"{sheet}_{b}" if b % 2 else sheet.upper()] = sheets.pop(sheet)
        elif op == "merge":
            col = openpyxl.utils.get_column_letter(b % 8 + 1)
            merges.setdefault(sheet, []).append(f"{col}{r + 1}:{col}{r + 1 + c % 3}")
        elif op == "blank_header":
            rows[0][b % len(rows[0])] = None
    return Workbook(seed.name, sheets, merges)


def _legal(wb: Workbook) -> bool:
    """openpyxl refuses some strings (control characters); such a file cannot exist."""
    bad = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
    return not any(isinstance(v, str) and bad.search(v)
                   for rows in wb.sheets.values() for row in rows for v in row)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.sampled_from([KOBO_HOUSEHOLD, CASCADE]), muts=_mutations())
def test_a_mutated_workbook_never_crashes_the_import(tmp_path: Path, seed: Workbook,
                                                     muts: list[tuple[str, Any]]) -> None:
    wb = _mutate(seed, muts)
    if not _legal(wb):
        return
    path = wb.save(tmp_path)
    try:
        done = read_xlsform(path)
    except TemplateError as exc:
        assert exc.issues
        for issue in exc.issues:
            _worded(issue, path.name)
        return
    for issue in done.warnings:
        _worded(issue, path.name)
    assert done.template.sections
