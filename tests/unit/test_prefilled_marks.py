"""The values the app fills in when a record is made (the registry, the visit, the
template's defaults) are marked in the form until the assessor changes them: the editor
shows "Terisi otomatis" beside them, so the assessor checks what they did not type. The
mark is no part of the record: its content hash, score and export are as before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from tests.helpers import add_lpk


def _marked(services: Any, revision_id: str) -> set[str]:
    form = services.assessments.form(revision_id)
    return {name for (name, _row), v in form.items.items() if v.prefilled}


def test_the_apps_values_are_marked_until_the_assessor_changes_them(
        services: Any, tmp_path: Path) -> None:
    inst = add_lpk(services)
    row = services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    filled = {k for (k, _r), v in services.assessments.answers(row.id).values.items() if v}
    assert {"nama_lpk", "vin", "status_lpk"} <= filled
    assert _marked(services, row.id) == filled  # every value the app filled in, no other
    services.assessments.answer(row.id, "r1_1", "m")  # the assessor's own answer
    changed = services.assessments.answer(row.id, "vin", "3578.0101.2021", form=True)
    assert changed.form is not None and not changed.form.items[("vin", "")].prefilled
    services.assessments.set_note(row.id, "status_lpk", "dicek dengan akta pendirian")
    left = filled - {"vin", "status_lpk"}
    assert _marked(services, row.id) == left
    services.close(clean=True)
    again = open_services(AppPaths(services.paths.data_dir))  # read from the store anew
    try:
        assert _marked(again, row.id) == left
    finally:
        again.close(clean=True)


def test_the_mark_is_no_part_of_the_record(services: Any) -> None:
    """Two records with the same answers, in one of them the app's values cleared and
    typed again as they were, have the same content (values, score): the mark is kept
    beside the record."""
    inst = add_lpk(services)
    svc = services.assessments
    one = svc.create("JKP.LPK.01", institution_id=inst.id)
    two = svc.create("JKP.LPK.01", institution_id=inst.id)
    values = {k: v for (k, _r), v in svc.answers(two.id).values.items()}
    for name, value in values.items():  # cleared, then typed again as it was
        svc.answer(two.id, name, "")
        svc.answer(two.id, name, value)
    assert _marked(services, two.id) == set() and _marked(services, one.id) == set(values)
    view_one, view_two = svc.form(one.id), svc.form(two.id)
    assert view_one.score == view_two.score
    assert {k: v.value for k, v in view_one.items.items()} == \
        {k: v.value for k, v in view_two.items.items()}
