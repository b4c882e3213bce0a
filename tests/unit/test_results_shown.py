"""What a competency record shows as its result (issue 11): K / BK / OL and "n/m KUK
tercapai", never a percentage, a grade or "lulus"; a consent form (FR.AK.01) shows no
result at all. Institutional templates keep their score (assessor_app.formatting)."""

from __future__ import annotations

import pytest

from assessor_app.core.engine import Answers, FormState
from assessor_app.core.scoring import BK, OL, score
from assessor_app.core.template import Template, VerdictMode
from assessor_app.core.template_loader import load_template_text
from assessor_app.formatting import (
    outcome,
    percent_text,
    result_text,
    shown_percent,
    shown_verdict,
    verdict_label,
)
from tests.helpers import FAILED_KUK, REPO, recommendation_ia01

FORMS = REPO / "tests" / "fixtures" / "legacy_forms"  # written before MUK 2023


def _load(name: str, *, verdict: str | None = None) -> Template:
    text = (FORMS / name).read_text(encoding="utf-8")
    if verdict is not None:
        text = text.replace("kind: competency\n", f"kind: competency\nverdict: {verdict}\n", 1)
    return load_template_text(text, name)


def _one_kuk_not_achieved(t: Template) -> FormState:
    values = {(it.name, ""): "tidak" if it.name == FAILED_KUK else "ya"
              for it in t.walk_items() if it.kuk}
    return FormState(t, Answers(values=values))


def _consent(t: Template) -> FormState:
    values = {(name, ""): "ya" for name in ("setuju_asesi_banding", "setuju_asesor_kerahasiaan",
                                            "setuju_asesi_persetujuan")}
    return FormState(t, Answers(values=values))


def test_instrument_recommends_ol_and_counts_kuk_without_a_percentage() -> None:
    t = recommendation_ia01()
    assert t.verdict is VerdictMode.RECOMMENDATION
    result = score(_one_kuk_not_achieved(t))
    shown = outcome(t, result)
    assert (shown.verdict, shown.percent, shown.grade, shown.passed) == (OL, None, None, None)
    assert (shown.kuk_achieved, shown.kuk_total) == (8, 9)
    assert shown.summary() == "Rekomendasi: OL (Observasi Lanjut) · 8/9 KUK tercapai"
    assert shown.score_text() == "8/9 KUK tercapai"
    unit = result.sections[0]  # the unit: every KUK answered, one of them not achieved
    assert (unit.kuk_total, unit.kuk_answered, unit.kuk_achieved) == (9, 9, 8)
    assert [(e.kuk_total, e.kuk_achieved) for e in unit.children] == [(4, 4), (5, 4)]


def test_legacy_instrument_shows_bk_but_never_its_internal_percentage() -> None:
    t = _load("fr-ia-01-pemrograman-ui.yaml")
    assert t.verdict is VerdictMode.SCORE
    result = score(_one_kuk_not_achieved(t))
    assert result.percent is not None  # still computed (what old records stored) ...
    shown = outcome(t, result)
    assert (shown.verdict, shown.percent) == (BK, None)  # ... and never shown
    assert shown.summary() == "Rekomendasi: BK (Belum Kompeten) · 8/9 KUK tercapai"
    # a finalised row's stored columns, as a list shows them
    stored = outcome(t, None, stored=True, percent=result.percent, verdict=result.verdict)
    assert (stored.verdict, stored.percent) == (BK, None)
    assert percent_text(result.percent, "competency") == "—"
    assert "%" not in result_text(result.percent, result.verdict, "competency")


def test_a_consent_form_has_no_result_and_never_passes() -> None:
    legacy = _load("fr-ak-01.yaml")
    result = score(_consent(legacy))
    assert result.verdict == "pass"  # what old records stored (integrity recomputes it)
    shown = outcome(legacy, result)
    assert not shown.has_result and shown.summary() == "" and shown.verdict is None
    assert shown.passed is None and shown.percent is None
    assert shown_verdict("pass", "competency") is None
    assert verdict_label("pass", "competency") == "—"
    assert verdict_label("fail", "competency") == "—"
    # written for MUK 2023: the form has no verdict at all
    none = _load("fr-ak-01.yaml", verdict="none")
    assert score(_consent(none)).verdict is None
    assert not outcome(none, score(_consent(none))).has_result


@pytest.mark.parametrize(("verdict", "kind", "words"), [
    ("K", "competency", "Kompeten"),
    ("BK", "competency", "Belum kompeten"),
    ("OL", "competency", "Observasi lanjut"),
    ("OL", None, "Observasi lanjut"),
    (None, "competency", "—"),
    ("pass", "institutional", "Lulus"),
    ("fail", "institutional", "Tidak lulus"),
    ("A", "institutional", "A"),
])
def test_verdict_words(verdict: str | None, kind: str | None, words: str) -> None:
    assert verdict_label(verdict, kind) == words


def test_institutional_records_keep_their_score() -> None:
    assert shown_percent(72.5, "institutional") == 72.5
    assert percent_text(72.5, "institutional", "id") == "72,5%"
    assert percent_text(72.5, "institutional", "en") == "72.5%"
    assert result_text(72.5, "pass", "institutional") == "Lulus · 72,5%"
    assert shown_percent(72.5, "competency") is None
