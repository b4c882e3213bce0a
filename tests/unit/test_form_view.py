"""The form as a service read model: a saved answer brings the form its own transaction left,
and the cache behind it never shows a state the store does not hold."""

from __future__ import annotations

import dataclasses
import sqlite3
from typing import Any

import pytest

from assessor_app.core.errors import StorageError
from assessor_app.services import models
from assessor_app.services.demo import demo_photo
from assessor_app.services.form_view import FormView
from assessor_app.storage import tables


def _kmpi(services: Any) -> tuple[str, list[str]]:
    inst = services.registry.add_institution("LPK Cahaya Mandiri", kind="LPK_SWASTA",
                                             city="Bandung")
    row = services.assessments.create("KMPI.VISIT.01", institution_id=inst.id)
    items = [it.name for it in services.assessments.template_of(row).walk_items()
             if it.response_set == "c_bc"]
    return row.id, items


def _same(a: FormView, b: FormView) -> None:
    assert a.answers == b.answers
    assert a.items == b.items and a.progress == b.progress and a.score == b.score


def test_an_answer_returns_the_form_it_left(services: Any) -> None:
    rid, items = _kmpi(services)
    svc = services.assessments
    before = svc.form(rid)
    saved = svc.answer(rid, items[0], "c", form=True)
    assert saved.form is not None and saved.value == "c"
    assert saved.form.view(items[0]) != before.view(items[0])
    assert saved.form.view(items[0]).value == "c"
    assert saved.form.progress[""][0] == before.progress[""][0] + 1
    _same(saved.form, svc.form(rid))  # a fresh read agrees
    noted = svc.set_note(rid, items[0], "Dokumen SOP dilihat di ruang arsip", form=True)
    assert noted.form is not None
    assert noted.form.answers.notes[(items[0], "")] == "Dokumen SOP dilihat di ruang arsip"
    cleared = svc.answer(rid, items[0], "", form=True)
    assert cleared.form is not None and (items[0], "") not in cleared.form.answers.values
    _same(cleared.form, svc.form(rid))


def test_a_change_made_elsewhere_is_never_hidden_by_the_cache(services: Any) -> None:
    rid, items = _kmpi(services)
    svc = services.assessments
    svc.answer(rid, items[0], "c", form=True)  # the draft's answers are now cached
    # another writer (here: sqlite3 on the file) changes an answer and the revision's time
    con = sqlite3.connect(services.paths.db_path)
    with con:
        con.execute("INSERT INTO answer (revision_id, item, row_id, value, updated_at, seq) "
                    "VALUES (?, ?, '', 'bc', '2026-12-04T09:00:00Z', 1)", (rid, items[1]))
        con.execute("UPDATE assessment SET updated_at = '2026-12-04T09:00:00Z' WHERE id = ?",
                    (rid,))
    con.close()
    saved = svc.answer(rid, items[2], "c", form=True)
    assert saved.form is not None
    assert saved.form.answers.value(items[1]) == "bc"  # read again, not the stale cache
    _same(saved.form, svc.form(rid))


def test_a_write_that_failed_leaves_no_trace_in_the_form(services: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    rid, items = _kmpi(services)
    svc = services.assessments
    svc.answer(rid, items[0], "c", form=True)

    def refuse(*_a: Any, **_k: Any) -> None:
        raise StorageError("disk.full", path="assessor.db")

    monkeypatch.setattr(type(svc), "_touch", refuse)
    with pytest.raises(StorageError):
        svc.answer(rid, items[1], "bc", form=True)
    monkeypatch.undo()
    assert svc.answers(rid).value(items[1]) == ""
    assert svc.form(rid).answers.value(items[1]) == ""
    saved = svc.answer(rid, items[2], "bc", form=True)
    assert saved.form is not None and saved.form.answers.value(items[1]) == ""


def test_rows_and_photos_refresh_the_cached_answers(services: Any) -> None:
    inst = services.registry.add_institution("LPK Bina Karya", kind="LPK_SWASTA")
    svc = services.assessments
    row = svc.create("JKP.LPK.01", institution_id=inst.id)
    svc.form(row.id)
    repeat = next(it for it in svc.template_of(row).walk_items() if it.is_repeat)
    row_id = svc.add_row(row.id, repeat.name)
    assert svc.form(row.id).rows[repeat.name] == [row_id]
    template = svc.template_of(row)
    item = next(it.name for it in template.walk_items()
                if template.repeat_of(it.name) is None and template.accepts_evidence(it))
    ev = svc.attach_evidence(row.id, item, demo_photo("Ruang praktik", seed=3))
    assert svc.form(row.id).answers.evidence[(item, "")] == [ev.media_sha256]
    svc.remove_row(row.id, repeat.name, row_id)
    assert svc.form(row.id).rows.get(repeat.name, []) == []
    cached = svc.form(row.id)
    svc._forms.clear()  # as a service that never saw this draft evaluates it
    _same(cached, svc.form(row.id))


@pytest.mark.parametrize(("view", "row"), [
    (models.AssessmentSummary, tables.AssessmentRow), (models.Institution, tables.InstitutionRow),
    (models.Assessee, tables.AssesseeRow), (models.Assessor, tables.AssessorRow),
    (models.Visit, tables.VisitRow), (models.MediaFile, tables.MediaRow),
    (models.Consent, tables.ConsentRow), (models.TemplateInfo, tables.TemplateRow),
    (models.ReportInfo, tables.ReportRow)])
def test_read_models_follow_their_tables(view: type, row: Any) -> None:
    """A new column is either shown or deliberately kept inside the services."""
    internal = {"subject_json", "code_signature", "source"}  # proofs and template text
    fields = {f.name for f in dataclasses.fields(view)}
    assert fields <= set(row.model_fields)
    assert set(row.model_fields) - fields <= internal
