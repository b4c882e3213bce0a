"""The assessment list's model over its packed rows (ui/models/packed.py): rows loaded by
pages, rows given directly, and finding a revision's row, all on the same rows."""

from __future__ import annotations

import dataclasses
from typing import Any

from assessor_app.services.demo import seed_demo
from assessor_app.ui.models.assessment_list import AssessmentListModel


def test_pages_rows_given_and_rows_found_agree(qtbot: Any, services: Any) -> None:
    seed_demo(services)
    model = AssessmentListModel(services.assessments, "id")
    model.set_filter(dataclasses.replace(model.filter, limit=None))
    rows = [model.row_at(n) for n in range(model.rowCount())]
    assert len(rows) > 10 and not model.canFetchMore()
    assert [model.row_of(r.id) for r in rows] == list(range(len(rows)))
    # rows given as they are (RowsModel's own way in): found where they now are
    model.set_rows(list(reversed(rows)))
    assert model.rowCount() == len(rows) and not model.canFetchMore()
    assert model.row_at(len(rows) - 1) == rows[0]
    assert model.row_of(rows[0].id) == len(rows) - 1
    assert model.row_of("f" * 32) == -1
