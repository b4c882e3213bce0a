"""Office review status (services/review.py, cli_review.py): rules, append-only history,
counts, the overview list, the conflict comparison and the ``review`` commands."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from assessor_app.core.errors import AppError, InvalidValueError, NotFoundError, StateError
from assessor_app.services.review import (
    REVIEW_STATUSES,
    ReviewService,
    conflict_comparison,
)
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AuditRow, ReviewRow
from tests.helpers import run_cli
from tests.sync.helpers import finalise_and_sign


class StepClock:
    """A clock that moves one minute per call (history order is visible in the times)."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 20, 1, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(minutes=1)
        return self.now


def _final(services: Any, name: str = "LPK Maju", *, finalise: bool = True) -> Any:
    inst = services.registry.add_institution(name)
    row = services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    if finalise:
        finalise_and_sign(services, row.id, random.Random(len(name)), sign=False)
    return services.assessments.resolve(row.id)


@pytest.fixture()
def reviews(services: Any) -> ReviewService:
    return ReviewService(services.store.engine, StepClock())


def test_statuses_rules_and_append_only_history(services: Any, reviews: ReviewService) -> None:
    row = _final(services)
    aid = row.assessment_id
    assert reviews.current(aid) is None and reviews.history(aid) == []

    first = reviews.set_status(aid, "diterima", None, "  Sari   Kantor ")
    assert (first.status, first.seq, first.revision, first.reviewer, first.comment) == (
        "diterima", 1, 1, "Sari Kantor", None)
    with pytest.raises(InvalidValueError) as no_comment:
        reviews.set_status(aid, "perlu_perbaikan", "   ", "Sari")
    assert no_comment.value.code == "review.comment_required"
    with pytest.raises(InvalidValueError) as no_comment2:
        reviews.set_status(aid, "ditolak", None, "Sari")
    assert no_comment2.value.code == "review.comment_required"
    fix = reviews.set_status(aid, "perlu_perbaikan", "Foto R1 buram", "Sari")
    ok = reviews.set_status(row.id, "disetujui", "", "Budi")  # a revision id works too
    assert [r.status for r in reviews.history(aid)] == ["diterima", "perlu_perbaikan",
                                                        "disetujui"]
    assert [r.seq for r in reviews.history(aid)] == [1, 2, 3]
    assert reviews.history(aid)[1] == fix
    assert reviews.current(aid) == ok and ok.comment is None
    times = [r.created_at for r in reviews.history(aid)]
    assert times == sorted(times) and len(set(times)) == 3

    # the same decision twice (a double click) adds nothing
    again = reviews.set_status(aid, "disetujui", None, "Budi")
    assert again == ok and len(reviews.history(aid)) == 3
    with read_session(services.store.engine) as s:
        audit = s.exec(select(AuditRow).where(AuditRow.action == "review")).all()
        assert [(a.old, a.new) for a in audit] == [
            (None, "diterima"), ("diterima", "perlu_perbaikan"), ("perlu_perbaikan",
                                                                  "disetujui")]
        assert len(s.exec(select(ReviewRow)).all()) == 3  # nothing overwritten


def test_approve_and_reject_need_a_final_revision(services: Any,
                                                  reviews: ReviewService) -> None:
    draft = _final(services, "LPK Draf", finalise=False)
    assert draft.status == "draft"
    for status, comment in (("disetujui", None), ("ditolak", "tidak lengkap")):
        with pytest.raises(StateError) as err:
            reviews.set_status(draft.assessment_id, status, comment, "Sari")
        assert err.value.code == "review.not_final"
        assert err.value.params["revision"] == 1
    # received and needs-correction are fine for a draft that reached the office
    reviews.set_status(draft.assessment_id, "diterima", None, "Sari")
    reviews.set_status(draft.assessment_id, "perlu_perbaikan", "belum final", "Sari")
    assert len(reviews.history(draft.assessment_id)) == 2


def test_bad_input_is_refused_with_codes(services: Any, reviews: ReviewService) -> None:
    row = _final(services)
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: reviews.set_status(row.assessment_id, "lulus", None, "Sari"),
         "review.bad_status"),
        (lambda: reviews.set_status(row.assessment_id, "diterima", None, "  "),
         "review.reviewer_required"),
        (lambda: reviews.set_status(row.assessment_id, "diterima", "x" * 4001, "Sari"),
         "review.comment_too_long"),
        (lambda: reviews.set_status("f" * 32, "diterima", None, "Sari"),
         "assessment.not_found"),
        (lambda: reviews.history("0" * 32), "assessment.not_found"),
    ]
    for call, code in cases:
        with pytest.raises(AppError) as err:
            call()
        assert err.value.code == code
    assert reviews.history(row.assessment_id) == []


def test_new_revision_keeps_history_and_marks_review_outdated(
        services: Any, reviews: ReviewService) -> None:
    row = _final(services)
    reviews.set_status(row.assessment_id, "perlu_perbaikan", "lengkapi foto", "Sari")
    r2 = services.assessments.revise(row.id, "perbaikan sesuai tinjauan")
    [item] = reviews.overview(include_drafts=True)
    assert (item.revision, item.review.revision if item.review else None) == (2, 1)
    assert item.review_outdated
    with pytest.raises(StateError):  # revision 2 is a draft again
        reviews.set_status(row.assessment_id, "disetujui", None, "Sari")
    finalise_and_sign(services, r2.id, random.Random(2), sign=False)
    # the correction is pending review again: counted and filtered as not reviewed
    assert reviews.counts()["none"] == 1 and reviews.counts()["perlu_perbaikan"] == 0
    assert [i.revision for i in reviews.overview("none")] == [2]
    assert reviews.overview("perlu_perbaikan") == []
    done = reviews.set_status(row.assessment_id, "disetujui", None, "Sari")
    assert (done.revision, done.revision_id, done.seq) == (2, r2.id, 2)
    [item] = reviews.overview()
    assert not item.review_outdated


def test_counts_statuses_and_overview_filters(services: Any, reviews: ReviewService) -> None:
    rows = [_final(services, f"LPK {n}") for n in range(4)]
    _final(services, "LPK Draf", finalise=False)  # drafts are not counted
    assert reviews.counts() == {"none": 4, "diterima": 0, "perlu_perbaikan": 0,
                                "disetujui": 0, "ditolak": 0}
    reviews.set_status(rows[0].assessment_id, "diterima", None, "Sari")
    reviews.set_status(rows[1].assessment_id, "diterima", None, "Sari")
    reviews.set_status(rows[1].assessment_id, "ditolak", "data palsu", "Sari")
    reviews.set_status(rows[2].assessment_id, "disetujui", None, "Sari")
    assert reviews.counts() == {"none": 1, "diterima": 1, "perlu_perbaikan": 0,
                                "disetujui": 1, "ditolak": 1}
    current = reviews.statuses([r.assessment_id for r in rows])
    assert {k: v.status for k, v in current.items()} == {
        rows[0].assessment_id: "diterima", rows[1].assessment_id: "ditolak",
        rows[2].assessment_id: "disetujui"}
    assert len(reviews.overview()) == 4
    assert len(reviews.overview(include_drafts=True)) == 5
    assert [i.assessment_id for i in reviews.overview("none")] == [rows[3].assessment_id]
    assert [i.review.comment for i in reviews.overview("ditolak") if i.review] == ["data palsu"]
    assert [i.subject_name for i in reviews.overview(search="lpk 2")] == ["LPK 2"]
    assert [i.subject_name for i in reviews.overview(
        search=rows[0].assessment_id[:6])] == ["LPK 0"]
    with pytest.raises(InvalidValueError):
        reviews.overview("lulus")
    assert set(REVIEW_STATUSES) | {"none"} == set(reviews.counts())


def test_conflict_comparison_lists_changed_answers(tmp_path: Path) -> None:
    from tests.sync.conftest import make_services
    from tests.sync.helpers import export_one

    office = make_services(tmp_path, name="office")
    a = make_services(tmp_path, name="a")
    try:
        a.registry.add_assessor("Budi", is_self=True)
        row = _final(a, "LPK Konflik")
        a.store.close()
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "assessor.db").write_bytes(
            (tmp_path / "a" / "assessor.db").read_bytes())
        a = make_services(tmp_path, name="a")
        b = make_services(tmp_path, name="b")
        try:
            for name, lap in (("a", a), ("b", b)):
                office.sync.enrol_device(lap.sync.identity().ed25519_public, name)
                r2 = lap.assessments.revise(row.id, f"koreksi {name}")
                lap.assessments.answer(r2.id, "nama_lpk", f"versi {name}")
                finalise_and_sign(lap, r2.id, random.Random(1), sign=False)
            office.sync.import_bundle(export_one(a, tmp_path / "usb"))
            # b is a restored copy of a (same device key, same sequence numbers)
            office.sync.import_bundle(export_one(b, tmp_path / "usb"), accept_old=True)
        finally:
            b.store.close()
        [c] = office.sync.conflicts()
        cmp = conflict_comparison(office.sync, c.id, "id")
        assert cmp.stored is not None
        assert (cmp.stored.revision, cmp.incoming.revision) == (2, 2)
        assert cmp.stored.content_sha256 != cmp.incoming.content_sha256
        assert (cmp.stored.revision_reason, cmp.incoming.revision_reason) == (
            "koreksi a", "koreksi b")
        assert cmp.stored.template_code == "JKP.LPK.01" and cmp.stored.template_version
        changed = {ch.item: ch for ch in cmp.changes}
        assert (changed["nama_lpk"].stored, changed["nama_lpk"].incoming) == (
            "versi a", "versi b")
        assert changed["nama_lpk"].label and changed["nama_lpk"].row is None
        with pytest.raises(NotFoundError):
            conflict_comparison(office.sync, "0" * 32)
    finally:
        a.store.close()
        office.store.close()


# ------------------------------------------------------------------ the CLI


def test_review_commands_exit_codes_and_json(tmp_path: Path) -> None:
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    data = tmp_path / "office"
    svc = open_services(AppPaths(data))
    try:
        svc.registry.add_assessor("Sari Kantor", is_self=True)
        final = _final(svc, "LPK Maju")
        draft = _final(svc, "LPK Draf", finalise=False)
    finally:
        svc.store.close()
    aid = final.assessment_id

    ok = run_cli("review", "set", aid[:8], "--status", "perlu_perbaikan", "--comment",
             "Foto R1 buram", "--json", data=data)
    assert ok.returncode == 0, ok.stderr
    got = json.loads(ok.stdout)
    assert (got["assessment_id"], got["status"], got["reviewer"], got["seq"]) == (
        aid, "perlu_perbaikan", "Sari Kantor", 1)

    ok2 = run_cli("review", "set", final.id, "--status", "disetujui", data=data)
    assert ok2.returncode == 0, ok2.stderr
    assert "Disetujui" in ok2.stdout

    missing = run_cli("review", "set", aid, "--status", "ditolak", data=data)
    assert missing.returncode == 2 and "komentar wajib diisi" in missing.stderr
    not_final = run_cli("review", "set", draft.assessment_id, "--status", "disetujui", data=data)
    assert not_final.returncode == 2 and "belum final" in not_final.stderr
    bad = run_cli("review", "set", aid, "--status", "lulus", data=data)
    assert bad.returncode == 2  # argparse: not one of the choices

    shown = run_cli("review", "show", aid, "--json", data=data)
    assert shown.returncode == 0, shown.stderr
    body = json.loads(shown.stdout)
    assert body["current"]["status"] == "disetujui" and not body["outdated"]
    assert [h["status"] for h in body["history"]] == ["perlu_perbaikan", "disetujui"]
    assert body["history"][0]["comment"] == "Foto R1 buram"
    text = run_cli("review", "show", aid, data=data)
    assert text.returncode == 0 and "Status tinjauan: Disetujui" in text.stdout
    unknown = run_cli("review", "show", "abcdef12", data=data)
    assert unknown.returncode == 2


def test_review_on_sqlite_and_postgresql(db_services: Any) -> None:
    """The same rules, history and latest-per-assessment query on both databases."""
    reviews = ReviewService(db_services.store.engine, StepClock())
    rows = [_final(db_services, f"LPK {n}") for n in range(3)]
    reviews.set_status(rows[0].assessment_id, "diterima", None, "Sari")
    reviews.set_status(rows[0].assessment_id, "perlu_perbaikan", "ulangi foto", "Sari")
    reviews.set_status(rows[1].assessment_id, "disetujui", None, "Sari")
    assert {k: v.status for k, v in reviews.statuses(r.assessment_id for r in rows).items()} \
        == {rows[0].assessment_id: "perlu_perbaikan", rows[1].assessment_id: "disetujui"}
    assert reviews.counts() == {"none": 1, "diterima": 0, "perlu_perbaikan": 1,
                                "disetujui": 1, "ditolak": 0}
    assert [r.seq for r in reviews.history(rows[0].assessment_id)] == [1, 2]
    assert [i.subject_name for i in reviews.overview(search="lpk 1")] == ["LPK 1"]
