"""Competency results in the GUI (issue 11): the assessment and review lists, the editor's
score panel and the office dashboard show K / BK / OL and KUK counts, never a percentage,
a grade or "lulus"; a consent form (FR.AK.01) has no result and is never counted as
passed. Institutional records keep their score."""

from __future__ import annotations

import re
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QApplication, QLabel

from assessor_app.services.assessments import ListFilter
from assessor_app.ui.editor.editor import AssessmentEditor
from assessor_app.ui.editor.items import ItemWidget
from assessor_app.ui.models.assessment_list import (
    COL_SCORE,
    COL_TEMPLATE,
    COL_VERDICT,
    AssessmentListModel,
)
from assessor_app.ui.office.dashboard_page import DashboardPage
from assessor_app.ui.office.models import ReviewListModel
from assessor_app.ui.settings import AppSettings
from assessor_app.ui.tasks import SyncExecutor
from assessor_app.ui.views.assessment_window import AssessmentWindow
from assessor_app.ui.views.signing import SignDialog, SigningDialog
from tests.helpers import (
    FAILED_KUK,
    OL_IA01,
    answer_all_ia01,
    competency_records,
    fill,
    recommendation_ia01,
    sign_all,
)

ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


@pytest.fixture()
def records(services: Any) -> dict[str, Any]:
    return competency_records(services)


def _cells(model: QAbstractItemModel, row: int) -> list[str]:
    return [str(model.data(model.index(row, c), role) or "")
            for c in range(model.columnCount()) for role in ROLES]


def _no_score_words(texts: list[str]) -> None:
    for text in texts:
        assert "%" not in text and "lulus" not in text.lower(), text


def _competency(services: Any, template_code: str) -> bool:
    return bool(services.templates.find(template_code).kind == "competency")


def test_assessment_list_shows_verdicts_not_percentages(qtbot: Any, services: Any,
                                                         records: dict[str, Any]) -> None:
    model = AssessmentListModel(services.assessments, "id")
    model.set_filter(ListFilter())
    assert model.rowCount() == model.total >= 11
    by_id = {model.row_at(r).assessment_id: r for r in range(model.rowCount())}

    def cell(key: str, column: int) -> str:
        return str(model.data(model.index(by_id[records[key].assessment_id], column)))

    assert (cell("ol", COL_VERDICT), cell("ol", COL_SCORE)) == ("Observasi lanjut", "—")
    assert (cell("bk", COL_VERDICT), cell("bk", COL_SCORE)) == ("Belum kompeten", "—")
    seen = set()
    for r in range(model.rowCount()):
        code = str(model.data(model.index(r, COL_TEMPLATE)))
        if _competency(services, code):
            _no_score_words(_cells(model, r))
            seen.add(code)
            if code == "FR.AK.01.J620100.005.02":  # a consent form: no result
                assert model.data(model.index(r, COL_VERDICT)) == "—"
        elif model.row_at(r).status != "draft":  # the JKP: the verifier's recommendation
            assert model.data(model.index(r, COL_VERDICT)) == "Direkomendasikan"
            assert model.data(model.index(r, COL_SCORE)) == "—"  # no percentage (issue 14)
    assert {"FR.AK.01.J620100.005.02", "FR.IA.01.UJI.OL", "FR.IA.01.J620100.005.02"} <= seen


def test_review_list_shows_verdicts_not_percentages(qtbot: Any, services: Any,
                                                     records: dict[str, Any]) -> None:
    model = ReviewListModel("id")
    items = services.review.overview(include_drafts=True)
    model.set_rows(items)
    verdict_column = next(c for c in range(model.columnCount()) if model.headerData(
        c, Qt.Orientation.Horizontal) == "Hasil")
    for r, item in enumerate(items):
        if _competency(services, item.template_code):
            _no_score_words(_cells(model, r))
        if item.assessment_id == records["ol"].assessment_id:
            assert model.data(model.index(r, verdict_column)) == "Observasi lanjut"


def _editor(qtbot: Any, services: Any, revision_id: str) -> AssessmentEditor:
    ed = AssessmentEditor(services, revision_id, "id", executor=SyncExecutor())
    qtbot.addWidget(ed)
    ed.resize(1300, 850)
    ed.show()
    qtbot.waitExposed(ed)
    ed.activateWindow()
    qtbot.waitUntil(ed.isActiveWindow)  # keys go to the focused answer
    qtbot.waitUntil(lambda: ed.score_panel is not None and ed.score_panel.result is not None)
    return ed


def _panel_texts(ed: AssessmentEditor) -> list[str]:
    assert ed.score_panel is not None
    return [re.sub(r"<[^>]+>", " ", label.text())  # markup (width='100%') is not text
            for label in ed.score_panel.findChildren(QLabel)]


def _section_rows(ed: AssessmentEditor) -> dict[str, str]:
    """Section title -> its plain-text row in the panel's "Per bagian" list."""
    assert ed.score_panel is not None
    out = {}
    for row in ed.score_panel.sections_label.text().split("<tr>")[1:]:
        cells = [re.sub(r"<[^>]+>", "", c).replace("&nbsp;", " ").strip()
                 for c in row.split("</td>")[:2]]
        out[cells[0]] = cells[1]
    return out


@pytest.mark.parametrize(("key", "verdict"), [("ol", "OL"), ("bk", "BK")])
def test_score_panel_of_an_instrument(qtbot: Any, services: Any, records: dict[str, Any],
                                      key: str, verdict: str) -> None:
    ed = _editor(qtbot, services, records[key].id)
    panel = ed.score_panel
    assert panel is not None
    texts = _panel_texts(ed)
    _no_score_words(texts)
    assert not any("Memenuhi" in t or "memenuhi" in t for t in texts)
    words = {"OL": "OL (Observasi Lanjut)", "BK": "BK (Belum Kompeten)"}[verdict]
    assert panel.percent_label.text() == verdict
    assert panel.competency_label.text() == f"Rekomendasi: {words}"
    assert panel.kuk_label.text() == "8/9 KUK tercapai"
    rows = _section_rows(ed)
    unit = next(v for k, v in rows.items() if k.startswith("J.620100.005.02"))
    assert unit == f"9/9 KUK {verdict}"  # every KUK answered; one not achieved: no tick
    assert rows["2. Melakukan implementasi rancangan user interface"] == f"5/5 KUK {verdict}"
    assert rows["1. Mengidentifikasi rancangan user interface"] == "4/4 KUK ✓"
    # the section navigator: complete, but a KUK not achieved: no tick beside the unit
    assert ed.nav_model.progress_text("u1") == f"{verdict} 9/9"
    assert ed.nav_model.progress_text("u1_e2") == f"{verdict} 5/5"
    assert ed.nav_model.progress_text("u1_e1") == "✓ 4/4"


def test_score_panel_of_a_consent_form_shows_no_result(qtbot: Any, services: Any,
                                                        records: dict[str, Any]) -> None:
    consent = next(r for r in services.assessments.list(ListFilter(template_code="FR.AK.01.J620100.005.02")))
    ed = _editor(qtbot, services, consent.id)
    panel = ed.score_panel
    assert panel is not None
    texts = _panel_texts(ed)
    _no_score_words(texts)
    assert not any("Memenuhi" in t for t in texts)
    assert not panel.percent_label.isVisibleTo(panel)
    assert panel.competency_label.text() == (
        "Formulir ini tidak memberi rekomendasi atau keputusan kompetensi.")


def test_dashboard_counts_competency_apart_from_pass_fail(qtbot: Any, services: Any,
                                                          records: dict[str, Any]) -> None:
    page = DashboardPage(services, "id", executor=SyncExecutor())
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitUntil(lambda: page.dashboard is not None)
    values = {key: card.value.text() for key, card in page.cards.items()}
    # institutional pass/fail comes only from templates with a pass mark: the demo JKP has
    # the verifier's recommendation instead (issue 14), and the two FR.AK.01 consent forms
    # are not "lulus"
    assert (values["passed"], values["failed"]) == ("0", "0")
    assert (values["competent"], values["not_competent"], values["further"]) == ("2", "1", "2")
    for key in ("competent", "not_competent", "further"):
        assert "lulus" not in page.cards[key].caption.text()
        # a count of forms, and it says so: one asesi's IA.01 and AK.02 were "2 kompeten"
        assert page.cards[key].caption.text().startswith("rekaman ")
    assert "bukan per orang" in page.count_note.text()
    # no pass mark in any of these templates: no "0 lulus / 0 tidak lulus / —" cards
    assert not any(page.cards[key].isVisible() for key in ("passed", "failed", "mean"))
    labels = [b.label for b in page.verdict_chart.bars()]
    assert {"K", "BK", "OL", "Direkomendasikan"} <= set(labels) and "Lulus" not in labels
    ak01 = next(b for b in page.template_chart.bars() if b.key == "FR.AK.01.J620100.005.02")
    assert ak01.parts[0][0] == 0 and "lulus" not in ak01.tooltip  # never passed
    ol = next(b for b in page.template_chart.bars() if b.key == "FR.IA.01.UJI.OL")
    assert "1 OL" in ol.tooltip and "lulus" not in ol.tooltip and "%" not in ol.tooltip


def test_editor_follows_a_kuk_changed_to_tidak_and_back(qtbot: Any, services: Any) -> None:
    from assessor_app.services.demo import seed_demo

    seed_demo(services)  # the scheme's FR.AK.01, signed first: an FR.IA.01 needs it
    services.templates.install(recommendation_ia01())
    person = services.registry.add_assessee("Asesi Langsung")
    consent = services.assessments.create(services.certification.scheme(
        "SKM/LSP-P2-BLKTM/003/2024").ids["FR.AK.01"], assessee_id=person.id)
    fill(services.assessments, consent.id)
    sign_all(services.assessments, consent.id)
    rid = services.assessments.create(OL_IA01, assessee_id=person.id).id
    answer_all_ia01(services.assessments, rid)
    ed = _editor(qtbot, services, rid)
    panel = ed.score_panel
    assert panel is not None
    assert panel.competency_label.text() == "Rekomendasi: K (Kompeten)"
    assert ed.nav_model.progress_text("u1") == "✓ 9/9"
    for key, verdict, unit in ((Qt.Key.Key_2, "OL", "OL 9/9"), (Qt.Key.Key_1, "K", "✓ 9/9")):
        assert ed.focus_item(FAILED_KUK)
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, key)  # 2: Tidak, 1: Ya
        qtbot.waitUntil(lambda v=verdict: panel.percent_label.text() == v)
        assert ed.nav_model.progress_text("u1") == unit
        assert panel.kuk_label.text() == ("8/9" if verdict == "OL" else "9/9") + " KUK tercapai"
        _no_score_words(_panel_texts(ed))


def test_the_signer_reads_the_recommendation_not_a_score(qtbot: Any, services: Any,
                                                         records: dict[str, Any]) -> None:
    window = AssessmentWindow(services, records["ol"].id, "id",
                              AppSettings(services.paths.settings_path), SyncExecutor())
    qtbot.addWidget(window)
    window.show()
    ceremony = window.open_signing()
    assert isinstance(ceremony, SigningDialog)
    dialog = ceremony.sign_role("asesi")
    assert isinstance(dialog, SignDialog)
    assert dialog.outcome.text() == ("Rekomendasi: OL (Observasi Lanjut) · 8/9 KUK tercapai\n"
                                     "KUK belum tercapai: J.620100.005.02 2.3")
    dialog.reject()
    ceremony.reject()


def test_jkp_panel_shows_requirements_and_the_verifiers_recommendation(
        qtbot: Any, services: Any) -> None:
    """Issue 14: no percentage, pass mark or grade; Memenuhi/Belum memenuhi per
    requirement; the app's count labelled as its own; a recommendation that contradicts a
    requirement not met is flagged, and the finalise list says why."""
    from assessor_app.formatting import issue_text
    from tests.unit.test_institutional_honesty import jkp_draft

    rid = jkp_draft(services, r4_1="diajukan", rekomendasi="direkomendasikan")
    ed = _editor(qtbot, services, rid)
    panel = ed.score_panel
    assert panel is not None
    rows = {title.split(" ", 1)[0].rstrip("."): status
            for title, status in _section_rows(ed).items()}
    assert rows == {"R1": "Memenuhi", "R2": "Memenuhi", "R3": "Memenuhi",
                    "R4": "Belum memenuhi"}
    assert panel.sections_title.text() == "Persyaratan"
    texts = " ".join(_panel_texts(ed))
    assert "%" not in texts and "Predikat" not in texts and "Kategori" not in texts
    assert "Hitungan aplikasi (bukan keputusan resmi)" in texts
    assert panel.verdict_label.text() == "Rekomendasi verifikator saat ini: Direkomendasikan"
    assert panel.grade_label.isVisible()
    assert "bertentangan" in panel.grade_label.text().lower()
    state = services.assessments.state(rid)
    (issue,) = [i for i in state.issues() if i.kind == "contradiction"]
    text = issue_text(issue, state.template, state.answers.rows, "id")
    assert "4.1" in text and "Direkomendasikan" in text
    # the criteria the app wrote itself say so on their card
    assert ed.focus_item("r1_8")
    cards = {c.item.name: c for c in ed.findChildren(ItemWidget)}
    assert cards["r1_1"].origin_badge.isHidden()
    assert not cards["r1_8"].origin_badge.isHidden()
    assert cards["r1_8"].origin_badge.text() == "Tambahan aplikasi"
