"""Scoring rules against hand-computed cases: weights, N/A, critical items, section
thresholds, grade bands, and the competency roll-up (KUK -> unit K/BK)."""

from __future__ import annotations

import functools
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.core.engine import Answers, FormState
from assessor_app.core.scoring import BK, K, score, verdict_of
from assessor_app.core.template import ItemType, Template
from assessor_app.core.template_loader import load_template_text

INSTITUTIONAL = """
template: 1
code: T.SCORE
version: "1"
kind: institutional
subject: institution
title: Uji skor
scoring:
  pass_threshold: 60
  grade_bands:
    - { grade: A, min: 90, requires_pass: true, label: Baik sekali }
    - { grade: B, min: 70, requires_pass: true, label: Baik }
    - { grade: C, min: 0, label: Belum }
sections:
  - name: s1
    title: Satu
    pass_threshold: 75
    items:
      - { name: a, type: select_one, response_set: m_bm_na, label: A, weight: 2 }
      - { name: b, type: select_one, response_set: m_bm_na, label: B }
      - { name: c, type: select_one, response_set: m_bm_na, label: C, critical: true }
  - name: s2
    title: Dua
    items:
      - { name: d, type: select_one, response_set: c_bc, label: D, weight: 3 }
      - { name: e, type: select_multiple, response_set: vatm, label: E }
      - { name: f, type: select_one, response_set: ya_tidak, label: F, score: false }
      - { name: g, type: select_one, response_set: c_bc, label: G, relevant: "${f} = 'ya'" }
"""


def _state(template: Template, values: dict[str, str]) -> FormState:
    return FormState(template, Answers(values={(k, ""): v for k, v in values.items()}))


@pytest.fixture(scope="module")
def inst() -> Template:
    return load_template_text(INSTITUTIONAL, "t.yaml")


def test_weighted_points_and_percent(inst: Template) -> None:
    # s1: a=m (2/2), b=bm (0/1), c=m (1/1) -> 3/4 = 75 %
    # s2: d=c (3/3), e=valid asli (2/4) -> 5/7; total 8/11 = 72.73 %
    r = score(_state(inst, {"a": "m", "b": "bm", "c": "m", "d": "c", "e": "valid asli"}))
    s1, s2 = r.sections
    assert (s1.points, s1.possible, s1.percent) == (3, 4, 75.0)
    assert (s2.points, s2.possible, s2.percent) == (5, 7, 71.43)
    assert (r.points, r.possible, r.percent) == (8, 11, 72.73)
    assert r.passed and r.grade is not None and r.grade.grade == "B"


def test_na_is_out_of_numerator_and_denominator(inst: Template) -> None:
    # b=na: s1 = a 2/2 + c 1/1 = 3/3; total 3/3 + d 0/3 = 3/6 = 50 %
    r = score(_state(inst, {"a": "m", "b": "na", "c": "m", "d": "bc"}))
    assert r.sections[0].possible == 3 and r.sections[0].percent == 100.0
    assert (r.points, r.possible, r.percent) == (3, 6, 50.0)
    # below the overall threshold of 60 -> fail, and only the band without requires_pass fits
    assert not r.passed and r.grade is not None and r.grade.grade == "C"


def test_all_na_section_has_no_percent_and_does_not_fail(inst: Template) -> None:
    r = score(_state(inst, {"a": "na", "b": "na", "c": "na", "d": "c"}))
    assert r.sections[0].percent is None and r.sections[0].passed
    assert r.percent == 100.0 and r.passed and r.grade.grade == "A"  # type: ignore[union-attr]


def test_critical_failure_fails_section_and_assessment_despite_high_score(inst: Template) -> None:
    # s1: 2/2 + 1/1 + 0/1 (critical c=bm) -> 75 % meets the threshold, but c is critical
    r = score(_state(inst, {"a": "m", "b": "m", "c": "bm", "d": "c", "e": "valid asli terkini "
                            "memadai"}))
    assert r.percent == pytest.approx(100 * 10 / 11, abs=0.01)
    assert r.critical_failures == ("c",)
    assert not r.sections[0].passed and r.sections[0].critical_failures == ("c",)
    assert r.failed_sections == ("s1",)
    assert not r.passed
    assert r.grade is not None and r.grade.grade == "C"  # A/B require a pass


def test_section_threshold(inst: Template) -> None:
    # s1: a=bm (0/2), b=m, c=m -> 2/4 = 50 % < 75 % -> section fails, assessment fails
    r = score(_state(inst, {"a": "bm", "b": "m", "c": "m", "d": "c", "e": "valid asli terkini "
                            "memadai"}))
    assert r.sections[0].percent == 50.0 and not r.sections[0].passed
    assert r.percent == pytest.approx(100 * 9 / 11, abs=0.01) and not r.passed


def test_unscored_and_non_relevant_items_do_not_count(inst: Template) -> None:
    # f is not scored; g is only relevant when f = ya
    base = {"a": "m", "b": "m", "c": "m", "d": "c", "g": "bc"}
    r_off = score(_state(inst, {**base, "f": "tidak"}))
    assert r_off.possible == 7  # g excluded: not relevant
    r_on = score(_state(inst, {**base, "f": "ya"}))
    assert r_on.possible == 8 and r_on.points == 7


def test_unanswered_items_are_counted_as_missing_not_zero(inst: Template) -> None:
    r = score(_state(inst, {"a": "m"}))
    assert (r.points, r.possible) == (2, 2)
    assert r.unanswered_scored == 4  # b, c, d, e (f unscored, g not relevant)


COMPETENCY = """
template: 1
code: T.IA01
version: "1"
kind: competency
subject: assessee
title: Uji roll-up
signers:
  - { role: asesi, label: Asesi }
  - { role: asesor, label: Asesor, registration: true }
sections:
  - name: u1
    title: Unit satu
    unit: { code: J.620100.005.02, title: Mengimplementasikan User Interface }
    sections:
      - name: u1e1
        title: Elemen 1
        element: { no: "1", title: Mengidentifikasi rancangan }
        items:
          - { name: k11, type: select_one, response_set: ya_tidak, kuk: "1.1", label: KUK 1.1 }
          - { name: k12, type: select_one, response_set: ya_tidak, kuk: "1.2", label: KUK 1.2 }
      - name: u1e2
        title: Elemen 2
        element: { no: "2", title: Melakukan implementasi }
        items:
          - { name: k21, type: select_one, response_set: ya_tidak, kuk: "2.1", label: KUK 2.1 }
  - name: u2
    title: Unit dua
    unit: { code: J.620100.004.02, title: Menggunakan Struktur Data }
    sections:
      - name: u2e1
        title: Elemen 1
        element: { no: "1", title: Mengidentifikasi konsep data }
        items:
          - { name: m11, type: select_one, response_set: k_bk, kuk: "1.1", label: KUK 1.1 }
"""


@pytest.fixture(scope="module")
def comp() -> Template:
    return load_template_text(COMPETENCY, "c.yaml")


def test_unit_is_k_only_when_every_kuk_is_achieved(comp: Template) -> None:
    r = score(_state(comp, {"k11": "ya", "k12": "ya", "k21": "ya", "m11": "k"}))
    assert [u.verdict for u in r.units] == [K, K]
    assert r.competency == K and r.not_achieved == ()


def test_one_failed_kuk_makes_the_unit_bk_and_lists_it(comp: Template) -> None:
    r = score(_state(comp, {"k11": "ya", "k12": "tidak", "k21": "ya", "m11": "k"}))
    assert [u.verdict for u in r.units] == [BK, K]
    assert r.competency == BK
    (ref,) = r.not_achieved
    assert (ref.unit_code, ref.element_no, ref.kuk_no, ref.item) == ("J.620100.005.02", "1",
                                                                     "1.2", "k12")
    assert ref.element_title is not None and ref.element_title.id == "Mengidentifikasi rancangan"
    assert r.units[0].achieved == 2 and r.units[0].total == 3


def test_unanswered_kuk_leaves_unit_undecided(comp: Template) -> None:
    r = score(_state(comp, {"k11": "ya", "k12": "ya", "m11": "k"}))
    assert [u.verdict for u in r.units] == [None, K]
    assert r.competency is None
    r2 = score(_state(comp, {"k11": "tidak", "m11": "k"}))
    assert r2.units[0].verdict == BK and r2.competency == BK  # one failure decides BK


def test_failures_across_units_are_all_listed_in_template_order(comp: Template) -> None:
    r = score(_state(comp, {"k11": "tidak", "k12": "ya", "k21": "tidak", "m11": "bk"}))
    assert [(k.unit_code, k.kuk_no) for k in r.not_achieved] == [
        ("J.620100.005.02", "1.1"), ("J.620100.005.02", "2.1"), ("J.620100.004.02", "1.1")]
    assert r.verdict == BK


CRITICAL_UNSCORED = """
template: 1
code: T.CRIT
version: "1"
kind: competency
subject: assessee
title: Uji kritis tanpa skor
sections:
  - name: s
    title: Pernyataan
    items:
      - { name: setuju, type: select_one, response_set: ya_tidak, label: Setuju, critical: true,
          score: false }
"""


def test_critical_item_fails_even_when_it_is_not_scored() -> None:
    t = load_template_text(CRITICAL_UNSCORED, "k.yaml")
    assert score(_state(t, {"setuju": "ya"})).passed
    r = score(_state(t, {"setuju": "tidak"}))
    assert not r.passed and r.critical_failures == ("setuju",) and r.verdict == "fail"


def test_critical_items_inside_repeat_rows_are_checked_per_row() -> None:
    src = CRITICAL_UNSCORED.replace(
        "      - { name: setuju, type: select_one, response_set: ya_tidak, label: Setuju, "
        "critical: true,\n          score: false }",
        "      - name: alat\n        type: repeat\n        label: Alat\n        items:\n"
        "          - { name: layak, type: select_one, response_set: ya_tidak, label: Layak, "
        "critical: true }")
    t = load_template_text(src, "r.yaml")
    answers = Answers(values={("layak", "r1"): "ya", ("layak", "r2"): "tidak"},
                      rows={"alat": ["r1", "r2"]})
    r = score(FormState(t, answers))
    assert r.critical_failures == ("layak",) and (r.points, r.possible) == (1, 2)


def test_no_grade_before_anything_is_scored(inst: Template) -> None:
    """Issue 12: an empty form with grade bands showed "Predikat C" before any answer."""
    empty = score(_state(inst, {}))
    assert empty.percent is None and empty.grade is None and empty.verdict is None
    one = score(_state(inst, {"a": "m"}))
    assert one.percent is not None and one.grade is not None


def test_the_shipped_jkp_checklist_has_no_percentage_pass_mark_or_grade() -> None:
    """Issue 14: neither the JKP pedoman nor the requirements define a pass mark or grades;
    the record's verdict is the verifier's recommendation, nothing the app computed."""
    from pathlib import Path

    from assessor_app.core.template import CONDITIONAL
    from assessor_app.core.template_loader import load_template

    jkp = load_template(Path(__file__).parents[2] / "forms" / "jkp-lpk-01.yaml")
    assert jkp.scoring.pass_threshold is None and not jkp.scoring.grade_bands
    every_item_met = {it.name: "m" for it in jkp.walk_items()
                      if it.response_set == "m_bm_na"}
    r = score(_state(jkp, {**every_item_met, "r4_1": "sudah", "status_lpk": "swasta",
                           "moda_pelatihan": "luring"}))
    assert r.percent is None and r.grade is None and r.verdict is None  # nothing chosen yet
    assert r.met > 0 and r.not_met == 0
    r = score(_state(jkp, {**every_item_met, "r4_1": "sudah", "status_lpk": "swasta",
                           "moda_pelatihan": "luring", "rekomendasi": "dengan_perbaikan"}))
    assert r.verdict == CONDITIONAL and r.percent is None and r.grade is None


#: A pass mark on a section inside one without any (the lean verdict must look at every
#: level, not only the top), a critical item in a section skip logic can hide.
NESTED = """
template: 1
code: T.NESTED
version: "1"
kind: institutional
subject: institution
title: Uji bertingkat
scoring:
  grade_bands:
    - { grade: A, min: 80, requires_pass: true, label: Baik }
    - { grade: B, min: 0, label: Cukup }
sections:
  - name: luar
    title: Luar
    sections:
      - name: dalam
        title: Dalam
        pass_threshold: 70
        items:
          - { name: a, type: select_one, response_set: m_bm_na, label: A }
          - { name: b, type: select_one, response_set: m_bm_na, label: B }
  - name: lain
    title: Lain
    items:
      - { name: pakai, type: select_one, response_set: ya_tidak, label: Pakai, score: false }
  - name: syarat
    title: Syarat
    relevant: "${pakai} = 'ya'"
    items:
      - { name: c, type: select_one, response_set: m_bm_na, label: C, critical: true }
      - { name: d, type: select_one, response_set: m_bm_na, label: D, weight: 3 }
"""


@functools.cache
def _every_template() -> tuple[Template, ...]:
    """The test templates above and every shipped form."""
    from assessor_app.core.template_loader import load_template
    from assessor_app.paths import forms_dir

    return (load_template_text(INSTITUTIONAL, "t.yaml"),
            load_template_text(COMPETENCY, "c.yaml"),
            load_template_text(NESTED, "n.yaml"),
            *(load_template(p) for p in sorted(forms_dir().glob("*.yaml"))))


def _random_answers(template: Template, rnd: random.Random) -> Answers:
    """An answer (or none) for every choice item outside repeats, drawn from its options."""
    values: dict[tuple[str, str], str] = {}
    for item in template.walk_items():
        rs = template.options_for(item)
        if rs is None or template.repeat_of(item.name) is not None:
            continue
        names = [o.value for o in rs.options]
        if item.type is ItemType.SELECT_MULTIPLE:
            value = " ".join(rnd.sample(names, rnd.randint(0, min(3, len(names)))))
        else:
            value = rnd.choice(["", *names])
        if value:
            values[(item.name, "")] = value
    return Answers(values=values)


@settings(max_examples=80, deadline=None)
@given(which=st.integers(min_value=0), seed=st.integers())
def test_the_lean_verdict_is_the_full_scores(which: int, seed: int) -> None:
    """What a record proven again compares (verdict_of, which skips the per-section
    scores where the verdict cannot depend on them) is what score() gives, for the test
    templates (a section pass mark, critical items, units) and every shipped form."""
    every = _every_template()
    template = every[which % len(every)]
    answers = _random_answers(template, random.Random(seed))
    full = score(FormState(template, answers))
    assert verdict_of(FormState(template, answers)) == (full.percent, full.verdict)


@pytest.mark.parametrize("values", [
    {"a": "bm", "b": "m", "c": "m", "d": "c", "e": "valid asli terkini memadai"},  # s1 < 75 %
    {"a": "m", "b": "m", "c": "bm", "d": "c"},  # a critical failure
    {"a": "m", "b": "m", "c": "m", "d": "c"},  # a pass
])
def test_a_section_failing_its_own_pass_mark_fails_the_lean_verdict_too(
        inst: Template, values: dict[str, str]) -> None:
    full = score(_state(inst, values))
    assert verdict_of(_state(inst, values)) == (full.percent, full.verdict)


def test_a_nested_pass_mark_fails_the_lean_verdict_too() -> None:
    """'dalam' (inside 'luar', which has no pass mark) at 50 % fails the record: grade B,
    not A, though the whole scores 83 %."""
    nested = load_template_text(NESTED, "n.yaml")
    values = {"a": "m", "b": "bm", "pakai": "ya", "c": "m", "d": "m"}
    full = score(_state(nested, values))
    assert full.failed_sections == ("luar", "dalam") and full.percent == 83.33
    assert full.verdict == "B"
    assert verdict_of(_state(nested, values)) == (full.percent, "B")
