"""Issue 14: the institutional instruments say only what their sources say.

JKP.LPK.01 and KMPI.VISIT.01 have no pass mark or A/B/C grade (neither the JKP pedoman nor
Permenaker 5/2022 defines one); JKP requirement 4 is met only by the Minister's approval;
a JKP requirement is Memenuhi/Belum memenuhi from its own items, never from the app's
additions; "Direkomendasikan" next to a requirement not met cannot be finalised; KMPI
criteria cite the article that states them and the app's own wording is marked. Records
made on the 2024.1 versions keep their frozen template and still verify, and any pass mark
or grade a template defines without a source prints as the app's own figure.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from assessor_app.core.engine import Answers, FormState
from assessor_app.core.errors import TemplateError
from assessor_app.core.scoring import MET, NOT_MET, score
from assessor_app.core.template import (
    CONDITIONAL,
    NOT_RECOMMENDED,
    ORIGIN_APP,
    RECOMMENDED,
    Template,
    VerdictMode,
)
from assessor_app.core.template_loader import load_template, load_template_text
from assessor_app.core.template_warnings import layout_warnings
from assessor_app.services.assessments import FinaliseError
from tests.helpers import REPO, add_lpk, fill, sign_all

FORMS = REPO / "forms"
#: JKP.LPK.01 as shipped until 2026 (a 70% pass mark and A/B/C grades of its own)
JKP_2024 = REPO / "tests" / "fixtures" / "old_versions" / "jkp-lpk-01-2024.1.yaml"


@pytest.fixture(scope="module")
def jkp() -> Template:
    return load_template(FORMS / "jkp-lpk-01.yaml")


@pytest.fixture(scope="module")
def kmpi() -> Template:
    return load_template(FORMS / "kmpi-visit-01.yaml")


def _all_met(t: Template, **given: str) -> FormState:
    values = {it.name: "m" for it in t.walk_items() if it.response_set == "m_bm_na"}
    values.update({"status_lpk": "swasta", "moda_pelatihan": "luring", "r4_1": "sudah"})
    values.update(given)
    return FormState(t, Answers(values={(k, ""): v for k, v in values.items()}))


def _requirements(state: FormState) -> dict[str, str | None]:
    return {s.name: s.requirement for s in score(state).sections if s.critical_total}


# ------------------------------------------------------------------ JKP


def test_jkp_requirements_are_met_from_their_own_items(jkp: Template) -> None:
    state = _all_met(jkp)
    assert _requirements(state) == {"r1": MET, "r2": MET, "r3": MET, "r4": MET}
    # R5 (online training only) does not apply to an offline LPK; online it counts
    online = _all_met(jkp, moda_pelatihan="daring")
    assert _requirements(online)["r5"] == MET
    failed = _all_met(jkp, r2_4="bm")
    assert _requirements(failed)["r2"] == NOT_MET
    assert score(failed).critical_failures == ("r2_4",)


def test_items_the_app_added_never_decide_a_requirement(jkp: Template) -> None:
    added = {it.name for it in jkp.walk_items() if it.origin == ORIGIN_APP}
    assert added == {"r1_8", "r3_2", "r5_4"}
    for name in added:
        item = jkp.item(name)
        assert not item.critical and item.regulation is None, name
    state = _all_met(jkp, moda_pelatihan="daring", r1_8="bm", r3_2="bm", r5_4="bm")
    assert set(_requirements(state).values()) == {MET}
    r = score(state)
    assert r.not_met == 3 and r.met > 0  # the app's own count still shows them


def test_requirement_4_is_met_only_by_the_approval(jkp: Template) -> None:
    for status, expected in (("sudah", MET), ("diajukan", NOT_MET), ("belum", NOT_MET)):
        assert _requirements(_all_met(jkp, r4_1=status))["r4"] == expected, status


def test_a_requirement_with_an_unanswered_item_is_not_yet_decided(jkp: Template) -> None:
    state = _all_met(jkp)
    del state.answers.values[("r3_1", "")]
    assert _requirements(FormState(jkp, state.answers))["r3"] is None


def test_no_percentage_pass_mark_or_grade_and_the_verdict_is_the_verifiers(
        jkp: Template) -> None:
    assert jkp.verdict is VerdictMode.RECOMMENDATION and jkp.institutional_recommendation
    assert jkp.scoring.pass_threshold is None and not jkp.scoring.grade_bands
    assert all(s.pass_threshold is None for s in jkp.walk_sections())
    for value, verdict in (("direkomendasikan", RECOMMENDED),
                           ("dengan_perbaikan", CONDITIONAL), ("belum", NOT_RECOMMENDED)):
        r = score(_all_met(jkp, rekomendasi=value))
        assert (r.verdict, r.percent, r.grade) == (verdict, None, None), value


def test_recommending_while_a_requirement_is_not_met_is_a_contradiction(
        jkp: Template) -> None:
    ok = _all_met(jkp, rekomendasi="direkomendasikan")
    assert [i for i in ok.issues() if i.kind == "contradiction"] == []
    bad = _all_met(jkp, rekomendasi="direkomendasikan", r4_1="diajukan", r1_5="bm")
    (issue,) = [i for i in bad.issues() if i.kind == "contradiction"]
    assert issue.item == "rekomendasi" and issue.detail["items"] == ["1.5", "4.1"]
    # the verifier's other choices are theirs to make
    for value in ("dengan_perbaikan", "belum"):
        state = _all_met(jkp, rekomendasi=value, r4_1="diajukan", r1_5="bm")
        assert not [i for i in state.issues() if i.kind == "contradiction"], value


# ------------------------------------------------------------------ KMPI


def test_kmpi_scores_c_bc_per_criterion_with_no_verdict_of_its_own(kmpi: Template) -> None:
    assert kmpi.verdict is VerdictMode.NONE
    assert kmpi.scoring.pass_threshold is None and not kmpi.scoring.grade_bands
    assert not any(it.critical for it in kmpi.walk_items())
    assert all(s.pass_threshold is None for s in kmpi.walk_sections())
    values = {it.name: "c" for it in kmpi.walk_items() if it.response_set == "c_bc"}
    values["std1_2"] = "bc"
    r = score(FormState(kmpi, Answers(values={(k, ""): v for k, v in values.items()})))
    assert r.verdict is None and r.percent is None and r.grade is None
    assert (r.met, r.not_met) == (len(values) - 1, 1)


def test_kmpi_criteria_cite_the_article_that_states_them(kmpi: Template) -> None:
    # the eight standards are named by Permenaker 5/2022 Pasal 3: cited on each section
    assert [s.regulation for s in kmpi.sections] == ["Permenaker 5/2022 Pasal 3"] * 8
    scored = [it for it in kmpi.walk_items() if it.response_set == "c_bc"]
    cited = {it.name: it.regulation for it in scored if it.origin != ORIGIN_APP}
    # only the criteria of standard 1 are stated by the regulation (Pasal 4 ayat (2))
    assert cited == {"std1_1": "Permenaker 5/2022 Pasal 4 ayat (2)",
                     "std1_2": "Permenaker 5/2022 Pasal 4 ayat (2)"}
    for it in scored:
        # no criterion claims Pasal 3 (which names the standards, not their criteria)
        assert not re.search(r"Pasal 3\b", it.regulation or ""), it.name


# ------------------------------------------------------------------ the template format


RECOMMENDATION_FORM = """
template: 1
code: T.REK
version: "1"
kind: {kind}
subject: institution
title: Uji rekomendasi
verdict: recommendation
response_sets:
  rek:
    label: Rekomendasi
    options:
      - {{ value: ya, label: Direkomendasikan{verdict} }}
      - {{ value: tidak, label: Belum, verdict: not_recommended }}
sections:
  - name: s1
    title: Satu
    items:
      - {{ name: a, type: select_one, response_set: m_bm_na, label: A, critical: true }}
      - {{ name: rek, type: select_one, response_set: rek, label: Rekomendasi,
          score: false{mark} }}
"""


def _codes(text: str) -> list[str]:
    with pytest.raises(TemplateError) as exc:
        load_template_text(text, "t.yaml")
    return [i.code for i in exc.value.issues]


def test_the_recommendation_item_is_checked_when_the_template_loads() -> None:
    good = RECOMMENDATION_FORM.format(kind="institutional", verdict=", verdict: recommended",
                                      mark=", recommendation: true")
    t = load_template_text(good, "t.yaml")
    item = t.recommendation_item()
    assert item is not None and item.name == "rek"
    assert _codes(RECOMMENDATION_FORM.format(kind="institutional", verdict="",
                                             mark=", recommendation: true")) == [
        "template.recommendation_needs_verdicts"]
    assert _codes(RECOMMENDATION_FORM.format(kind="institutional",
                                             verdict=", verdict: recommended", mark="")) == [
        "template.recommendation_item"]
    assert _codes(RECOMMENDATION_FORM.format(kind="institutional", verdict=", verdict: maybe",
                                             mark=", recommendation: true"))[0] == \
        "template.bad_choice"
    assert "template.recommendation_unused" in _codes(RECOMMENDATION_FORM.format(
        kind="competency", verdict=", verdict: recommended", mark=", recommendation: true"))


def test_a_pass_mark_without_a_source_is_flagged_as_the_apps_own() -> None:
    legacy = load_template(JKP_2024)
    assert not legacy.scoring.official
    warnings = layout_warnings(legacy, "jkp-lpk-01-2024.1.yaml")
    assert [w.code for w in warnings] == ["template.unsourced_scoring"]
    sourced = legacy.source_text.replace(
        "scoring:\n", "scoring:\n  source: Pedoman internal Disnaker X, 2026, lampiran 2\n", 1)
    t = load_template_text(sourced, "sourced.yaml")
    assert t.scoring.official and not layout_warnings(t, "sourced.yaml")
    for shipped in (FORMS / "jkp-lpk-01.yaml", FORMS / "kmpi-visit-01.yaml"):
        assert layout_warnings(load_template(shipped), shipped.name) == []


# ------------------------------------------------------------------ services, reports


def jkp_draft(services: Any, code: str = "JKP.LPK.01", **given: str) -> str:
    """A JKP draft of a private LPK with every required answer: ``given``, then the first
    option of each item (Memenuhi, Sudah disetujui, Direkomendasikan), one instructor and
    one photo of the facilities."""
    from assessor_app.services.demo import demo_photo

    svc = services.assessments
    row = svc.create(code, institution_id=add_lpk(services).id)
    instructor = svc.add_row(row.id, "instruktur")
    for name, value in (("instruktur_nama", "Bambang Hermawan"),
                        ("instruktur_bidang", "Teknik Pendingin"),
                        ("instruktur_pengalaman_tahun", "6"), ("instruktur_sertifikat", "ada"),
                        ("instruktur_sisnaker", "ya")):
        svc.answer(row.id, name, value, row=instructor)
    svc.attach_evidence(row.id, "foto_sarpras", demo_photo("Workshop", 3),
                        filename="workshop.jpg")
    fill(svc, row.id, **given)
    return str(row.id)


def test_finalise_refuses_a_recommendation_against_a_failed_requirement(
        services: Any) -> None:
    svc = services.assessments
    rid = jkp_draft(services, r4_1="diajukan", rekomendasi="direkomendasikan")
    with pytest.raises(FinaliseError) as exc:
        svc.finalise(rid)
    assert [(i.kind, i.detail.get("items")) for i in exc.value.issues] == [
        ("contradiction", ["4.1"])]
    assert svc.detail(rid).row.status == "draft"  # nothing changed
    svc.answer(rid, "rekomendasi", "dengan_perbaikan")
    svc.answer(rid, "daftar_perbaikan", "Ajukan persetujuan Menteri; lampirkan SK.")
    detail = sign_all(svc, rid)
    assert detail.row.verdict == CONDITIONAL and detail.row.score_percent is None


def test_a_record_on_the_2024_version_keeps_its_grade_and_prints_it_as_the_apps_own(
        services: Any) -> None:
    from assessor_app.services.reports import ReportService
    from tests.reports.support import read_pdf

    services.templates.install(load_template(JKP_2024))
    svc = services.assessments
    old = jkp_draft(services, "JKP.LPK.01@2024.1")
    detail = sign_all(svc, old)
    assert detail.template.version == "2024.1" and detail.row.verdict == "A"
    verified = svc.detail(old).integrity  # recomputes the stored grade from the answers
    assert verified is not None and verified.ok, verified
    flat = read_pdf(ReportService(services).render_assessment(old)).flat
    assert "Rincian nilai (hitungan aplikasi, bukan keputusan resmi)" in flat
    assert "Kategori hitungan aplikasi: A" in flat and "Predikat" not in flat
    assert "ditetapkan oleh templat ini, bukan oleh peraturan" in flat
