"""One record, one name: a revision with some of its signatures is "Ditandatangani
sebagian" ("Partly signed") in the editor's pill and in the assessment list alike (the
editor used to call it "Ditandatangani", signed, while the list said partly); both read
``assessor_app.vocabulary``, as the CLI does."""

from __future__ import annotations

import random
from typing import Any

import pytest

from assessor_app.i18n import current_language, set_language
from assessor_app.services.assessments import ListFilter
from assessor_app.services.demo import signature_png
from assessor_app.ui.models.assessment_list import COL_STATUS, AssessmentListModel
from tests.gui.test_editor import new_jkp, open_editor
from tests.sync.helpers import fill, photo


@pytest.mark.parametrize(("lang", "word"), [("id", "Ditandatangani sebagian"),
                                            ("en", "Partly signed")])
def test_a_partly_signed_record_has_the_same_name_in_the_editor_and_the_list(
        qtbot: Any, services: Any, lang: str, word: str) -> None:
    rid = new_jkp(services)
    fill(services, rid, rng=random.Random(7), texts=["Sesuai"], notes=[],
         photos=[photo(20, 10, (9, 9, 9))])
    services.assessments.finalise(rid)
    signed = services.assessments.sign(rid, "asesor", "Rina Wulandari",
                                       signature_png("Rina Wulandari"),
                                       registration_no="MET.000.004633 2020")
    assert signed.row.status == "signed"  # the head of the LPK has not signed yet
    before = current_language()
    set_language(lang)
    try:
        ed = open_editor(qtbot, services, rid, lang=lang)
        model = AssessmentListModel(services.assessments, lang)
        model.set_filter(ListFilter())
        (row,) = [r for r in range(model.rowCount()) if model.row_at(r).id == rid]
        assert ed.status_pill.text() == word
        assert model.data(model.index(row, COL_STATUS)) == word
        assert ed.try_close()
    finally:
        set_language(before)
