"""The form engine: relevance, calculations, repeats, constraints, required, the record."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from assessor_app.core.engine import Answers, FormState, content_hash, normalize_input
from assessor_app.core.errors import InvalidValueError
from assessor_app.core.template import Template
from assessor_app.core.template_loader import load_template_text

SRC = """
template: 1
code: T.ENG
version: "1"
kind: institutional
subject: institution
title: Uji mesin formulir
header:
  - { name: moda, type: select_one, response_set: moda, label: Moda, required: true }
response_sets:
  moda:
    options:
      - { value: luring, label: Luring }
      - { value: daring, label: Daring }
sections:
  - name: umum
    title: Umum
    items:
      - { name: jumlah, type: integer, label: Jumlah peserta, constraint: ". >= 1 and . <= 40",
          constraint_message: { id: Isi 1 sampai 40, en: Enter 1 to 40 }, required: true }
      - { name: tanggal, type: date, label: Tanggal, constraint: ". <= today()" }
      - { name: catatan, type: text, label: Catatan, multiline: true }
      - name: instruktur
        type: repeat
        label: Instruktur
        min_rows: 1
        items:
          - { name: nama, type: text, label: Nama, required: true }
          - { name: tahun, type: integer, label: Pengalaman }
          - { name: senior, type: calculate, label: Senior, calculation: "if(${tahun} >= 2, 1, 0)" }
          - { name: sertifikat, type: text, label: Nomor sertifikat, relevant: "${tahun} < 2" }
      - { name: total_tahun, type: calculate, label: Total, calculation: "sum(${tahun})" }
      - { name: n_senior, type: calculate, label: Senior, calculation: "sum(${senior})" }
      - { name: n_instr, type: calculate, label: Jumlah, calculation: "count(${instruktur})" }
  - name: daring
    title: Khusus daring
    relevant: "${moda} = 'daring'"
    items:
      - { name: lms, type: text, label: Nama LMS, required: true }
"""


@pytest.fixture(scope="module")
def t() -> Template:
    return load_template_text(SRC, "eng.yaml")


def make(t: Template, values: dict[tuple[str, str], str],
         rows: dict[str, list[str]] | None = None) -> FormState:
    return FormState(t, Answers(values=dict(values), rows=rows or {}),
                     today=dt.date(2026, 11, 22))


def test_section_relevance_hides_items_and_their_requirement(t: Template) -> None:
    s = make(t, {("moda", ""): "luring", ("lms", ""): "Moodle"})
    assert not s.item_relevant("lms")
    assert s.value("lms") == ""  # stored but not in the effective record
    assert "lms" not in s.record()["values"]
    assert "lms" not in {i.item for i in s.issues()}
    s2 = make(t, {("moda", ""): "daring"})
    assert s2.item_relevant("lms")
    assert "lms" in {i.item for i in s2.issues() if i.kind == "missing"}


def test_non_relevant_answer_comes_back_when_relevant_again(t: Template) -> None:
    values = {("moda", ""): "luring", ("lms", ""): "Moodle"}
    assert make(t, values).value("lms") == ""
    values[("moda", "")] = "daring"
    assert make(t, values).value("lms") == "Moodle"


def test_repeat_rows_calculations_and_row_relevance(t: Template) -> None:
    rows = {"instruktur": ["r1", "r2", "r3"]}
    values = {("nama", "r1"): "Agus", ("tahun", "r1"): "5",
              ("nama", "r2"): "Rina", ("tahun", "r2"): "1", ("sertifikat", "r2"): "BNSP-1",
              ("nama", "r3"): "Joko", ("tahun", "r3"): ""}
    s = make(t, values, rows)
    # an empty answer compares false, so the third row is not senior
    assert [s.value("senior", r) for r in rows["instruktur"]] == ["1", "0", "0"]
    assert s.value("total_tahun") == "6"  # empty values are skipped by sum()
    assert s.value("n_senior") == "1"
    assert s.value("n_instr") == "3"
    assert s.item_relevant("sertifikat", "r2") and not s.item_relevant("sertifikat", "r1")
    rec = s.record()
    assert [r["values"].get("nama") for r in rec["repeats"]["instruktur"]] == ["Agus", "Rina",
                                                                               "Joko"]
    assert "sertifikat" not in rec["repeats"]["instruktur"][0]["values"]


def test_coverage_is_exactly_the_stored_answers_the_content_hash_depends_on(
        t: Template) -> None:
    """``coverage()`` (what export sends and the office stores) holds a stored value or
    note exactly when changing it changes the content hash: never an unknown item, a hidden
    one, a row no repeat lists, or a calculated item's own stored value."""
    rows = {"instruktur": ["r1", "r2"]}
    values = {("moda", ""): "luring", ("jumlah", ""): "3", ("lms", ""): "Moodle",
              ("zz_fake", ""): "PALSU", ("nama", "r1"): "Agus", ("tahun", "r1"): "5",
              ("sertifikat", "r1"): "hidden", ("nama", "r2"): "Rina", ("tahun", "r2"): "1",
              ("sertifikat", "r2"): "BNSP-1", ("senior", "r1"): "7", ("nama", "r9"): "orphan",
              ("nama", ""): "no row", ("jumlah", "r1"): "a row for a top item"}
    notes = {("catatan", ""): "n", ("lms", ""): "hidden note", ("zz_fake", ""): "palsu",
             ("nama", "r2"): "row note", ("nama", "r9"): "orphan note"}
    meta = {"assessment_id": "x", "revision": 1}

    def state(v: dict[tuple[str, str], str], n: dict[tuple[str, str], str]) -> FormState:
        return FormState(t, Answers(values=dict(v), notes=dict(n), rows=rows),
                         today=dt.date(2026, 11, 22))

    s = state(values, notes)
    base = content_hash(s.record(), meta)
    cov = s.coverage()
    assert cov.values == {("moda", ""), ("jumlah", ""), ("nama", "r1"), ("tahun", "r1"),
                          ("nama", "r2"), ("tahun", "r2"), ("sertifikat", "r2")}
    assert cov.notes == {("catatan", ""), ("nama", "r2")}
    for key in values:
        changed = content_hash(state({**values, key: "X9"}, notes).record(), meta)
        assert (changed != base) == (key in cov.values), key
    for key in notes:
        changed = content_hash(state(values, {**notes, key: "X9"}).record(), meta)
        assert (changed != base) == (key in cov.notes), key
    assert (s.record(), cov) == s.effective()
    assert cov.keep("lms", "", "Moodle", "hidden note") is None
    assert cov.keep("nama", "r1", "Agus", "unsigned note") == ("Agus", None)
    assert cov.keep("catatan", "", "unsigned value", "n") == ("", "n")


def test_min_rows_and_required_children_are_reported(t: Template) -> None:
    s = make(t, {("moda", ""): "luring", ("jumlah", ""): "10"})
    assert [(i.kind, i.item) for i in s.issues()] == [("min_rows", "instruktur")]
    s2 = make(t, {("moda", ""): "luring", ("jumlah", ""): "10"}, {"instruktur": ["r1"]})
    assert [(i.kind, i.item, i.row) for i in s2.issues()] == [("missing", "nama", "r1")]


def test_constraints_use_the_current_value_and_today(t: Template) -> None:
    s = make(t, {})
    jumlah = t.item("jumlah")
    assert s.constraint_ok(jumlah, "", "40") and not s.constraint_ok(jumlah, "", "41")
    assert s.constraint_ok(jumlah, "", "")  # empty is checked by 'required', not here
    tanggal = t.item("tanggal")
    assert s.constraint_ok(tanggal, "", "2026-11-22")
    assert not s.constraint_ok(tanggal, "", "2026-11-23")
    bad = make(t, {("moda", ""): "luring", ("jumlah", ""): "99"}, {"instruktur": ["r"]})
    issue = next(i for i in bad.issues() if i.item == "jumlah")
    assert issue.kind == "constraint" and issue.message is not None
    assert issue.message.get("en") == "Enter 1 to 40"


def test_progress_counts_required_relevant_items(t: Template) -> None:
    s = make(t, {("moda", ""): "daring", ("jumlah", ""): "3"}, {"instruktur": ["r1"]})
    # required: moda, jumlah, nama[r1], lms -> 2 answered of 4
    assert s.progress() == (2, 4)


def test_content_hash_changes_with_any_answer_and_is_order_independent(t: Template) -> None:
    a = make(t, {("moda", ""): "luring", ("jumlah", ""): "3"})
    b = make(t, {("jumlah", ""): "3", ("moda", ""): "luring"})
    c = make(t, {("moda", ""): "luring", ("jumlah", ""): "4"})
    meta = {"assessment_id": "x", "revision": 1}
    assert content_hash(a.record(), meta) == content_hash(b.record(), meta)
    assert content_hash(a.record(), meta) != content_hash(c.record(), meta)
    assert content_hash(a.record(), meta) != content_hash(a.record(), {**meta, "revision": 2})


@pytest.mark.parametrize(("item", "raw", "expected"), [
    ("jumlah", " 12 ", "12"),
    ("jumlah", "1.200", "1200"),  # Indonesian thousands separator
    ("tanggal", "2026-02-28", "2026-02-28"),
    ("catatan", "  spasi dipertahankan ", "  spasi dipertahankan "),
    ("moda", "daring", "daring"),
    ("jumlah", "", ""),
])
def test_normalize_accepts_and_canonicalises(t: Template, item: str, raw: str,
                                             expected: str) -> None:
    assert normalize_input(t, t.item(item), raw) == expected


@pytest.mark.parametrize(("item", "raw", "code"), [
    ("jumlah", "dua belas", "value.not_integer"),
    ("jumlah", "1,5", "value.not_integer"),
    ("tanggal", "2026-02-30", "value.bad_date"),
    ("tanggal", "22/11/2026", "value.bad_date"),
    ("moda", "hybrid", "value.bad_option"),
    ("catatan", "a\x00b", "value.bad_text"),
    ("catatan", "x" * 20_001, "value.too_long"),
    ("total_tahun", "5", "value.not_editable"),
])
def test_normalize_refuses_bad_input_with_a_code(t: Template, item: str, raw: str,
                                                 code: str) -> None:
    with pytest.raises(InvalidValueError) as err:
        normalize_input(t, t.item(item), raw)
    assert err.value.code == code


@pytest.mark.parametrize(("raw", "ok"), [
    ("1900-01-01", False),  # the "zero" date of spreadsheets and date pickers
    ("1901-01-01", True),
    ("2036-12-05", True),  # ten years ahead: a planned day, a licence's end
    ("2036-12-06", False),
    ("9999-12-31", False),
])
def test_a_date_answer_lies_in_a_plausible_range(t: Template, raw: str, ok: bool) -> None:
    import datetime as dt

    today = dt.date(2026, 12, 5)
    if ok:
        assert normalize_input(t, t.item("tanggal"), raw, today=today) == raw
        return
    with pytest.raises(InvalidValueError) as err:
        normalize_input(t, t.item("tanggal"), raw, today=today)
    assert err.value.code == "value.date_out_of_range"
    assert err.value.params["value"] == raw
    assert (err.value.params["earliest"], err.value.params["latest"]) == (
        "1901-01-01", "2036-12-05")


def test_a_datetime_answer_lies_in_the_same_range() -> None:
    import datetime as dt

    from assessor_app.core.template import Item, ItemType, Text

    item = Item(name="mulai", type=ItemType.DATETIME, label=Text("Mulai"))
    today = dt.date(2028, 2, 29)  # ten years on there is no 29 February
    assert normalize_input(None, item, "2038-02-28 23:59",  # type: ignore[arg-type]
                           today=today) == "2038-02-28T23:59"
    with pytest.raises(InvalidValueError) as err:
        normalize_input(None, item, "2038-03-01 00:00", today=today)  # type: ignore[arg-type]
    assert err.value.code == "value.date_out_of_range"


NESTED = """
template: 1
code: T.NEST
version: "1"
kind: institutional
subject: institution
title: Relevansi bertingkat
response_sets:
  yt:
    options:
      - { value: ya, label: Ya, score: 1 }
      - { value: tidak, label: Tidak, score: 0 }
sections:
  - name: awal
    title: Awal
    items:
      - { name: buka, type: select_one, response_set: yt, label: Buka, score: false }
      - name: tabel
        type: repeat
        label: Tabel
        relevant: "${buka} = 'ya'"
        items:
          - { name: isi, type: select_one, response_set: yt, label: Isi }
  - name: luar
    title: Luar
    relevant: "${buka} = 'ya'"
    items:
      - { name: polos, type: select_one, response_set: yt, label: Polos }
      - name: daftar
        type: repeat
        label: Daftar
        items:
          - { name: baris, type: text, label: Baris }
    sections:
      - name: dalam
        title: Dalam
        items:
          - { name: dalam_polos, type: select_one, response_set: yt, label: Dalam polos,
              critical: true }
"""


def test_items_without_a_condition_follow_every_enclosing_section_and_repeat() -> None:
    """An item with no condition of its own is relevant only when every section above it
    and the repeat holding it are: record and score leave it out otherwise."""
    from assessor_app.core.scoring import score

    nest = load_template_text(NESTED, "nest.yaml")
    values = {("polos", ""): "ya", ("dalam_polos", ""): "tidak", ("isi", "r1"): "ya",
              ("baris", "d1"): "satu"}
    rows = {"tabel": ["r1"], "daftar": ["d1"]}
    closed = make(nest, {**values, ("buka", ""): "tidak"}, rows)
    for name, row in (("polos", ""), ("dalam_polos", ""), ("isi", "r1"), ("baris", "d1"),
                      ("daftar", ""), ("tabel", "")):
        assert not closed.item_relevant(name, row) and closed.value(name, row) == ""
    assert closed.record()["values"] == {"buka": "tidak"}
    assert closed.record()["repeats"] == {}
    r = score(closed)
    assert r.items == {} and r.critical_failures == () and r.passed
    opened = make(nest, {**values, ("buka", ""): "ya"}, rows)
    assert all(opened.item_relevant(n, row) for n, row in (
        ("polos", ""), ("dalam_polos", ""), ("isi", "r1"), ("baris", "d1")))
    rec = opened.record()
    assert rec["values"] == {"buka": "ya", "polos": "ya", "dalam_polos": "tidak"}
    assert rec["repeats"] == {"tabel": [{"row_id": "r1", "values": {"isi": "ya"}}],
                              "daftar": [{"row_id": "d1", "values": {"baris": "satu"}}]}
    r = score(opened)
    assert set(r.items) == {("isi", "r1"), ("polos", ""), ("dalam_polos", "")}
    assert r.critical_failures == ("dalam_polos",) and not r.passed


def test_a_blank_critical_choice_from_another_device_is_no_failure() -> None:
    """Typed answers are cleaned, synced ones arrive as they were stored: a critical
    choice that is only spaces is no choice (it was an IndexError in score())."""
    from assessor_app.core.scoring import score

    nest = load_template_text(NESTED, "nest.yaml")
    state = make(nest, {("buka", ""): "ya", ("dalam_polos", ""): " \t"}, {})
    assert state.critical_failures() == ()
    assert score(state).critical_failures == ()
    failing = make(nest, {("buka", ""): "ya", ("dalam_polos", ""): "tidak"}, {})
    assert failing.critical_failures() == ("dalam_polos",)


def test_what_is_kept_on_a_template_for_every_state_is_read_only(t: Template) -> None:
    """The layout and scoring plan are worked out once per template and shared by every
    FormState over it (and by the GUI thread and the db lane): a state that changed one
    would change every later record and score, so none of it can be changed."""
    from types import MappingProxyType

    from assessor_app.core.engine import _layout
    from assessor_app.core.scoring import _plan
    from assessor_app.core.template_loader import load_template
    from tests.helpers import LEGACY_FORMS

    def check(value: object, where: str) -> None:
        assert not isinstance(value, (list, dict, set, bytearray)), where
        if isinstance(value, MappingProxyType):
            for k, v in value.items():
                check(k, where)
                check(v, f"{where}[{k!r}]")
        elif isinstance(value, (tuple, frozenset)):
            for v in value:
                check(v, where)

    competency = load_template(LEGACY_FORMS / "fr-ia-01-pemrograman-ui.yaml")  # units, KUK
    for tpl in (t, competency):
        for name, kept in (("layout", _layout(tpl)), ("plan", _plan(tpl))):
            for f in dataclasses.fields(kept):
                check(getattr(kept, f.name), f"{name}.{f.name}")
    assert _plan(competency).units and _plan(competency).sections
    with pytest.raises(TypeError):
        _layout(t).sections_of["x"] = ()  # type: ignore[index]
