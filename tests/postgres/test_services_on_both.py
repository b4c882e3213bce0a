"""The assessment workflow on SQLite and on PostgreSQL: the same services, the same results.

Every test takes ``db_services`` (or ``db_url``), so it runs as ``[sqlite]`` and
``[postgresql]``; see tests/postgres/support.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlmodel import col, select

from assessor_app.core.errors import AppError, InvalidValueError, StateError
from assessor_app.services.assessments import AssessmentService, FinaliseError, ListFilter
from assessor_app.services.demo import demo_photo, signature_png
from assessor_app.storage.db import make_engine, read_session
from assessor_app.storage.tables import AuditRow, MediaRow
from tests.helpers import NIK, add_asesi, add_lpk, answer_all_ia01, run_threads
from tests.postgres.support import open_test_services

UNICODE_NAME = "Nur Aini Rahmawati \u00d1o\u00f1o \u2014 \u0627\u064a\u0645\u0646 \U0001f600"


def test_backend_is_the_one_asked_for(db_url: str | None, db_services: Any) -> None:
    engine = db_services.store.engine
    assert engine.dialect.name == ("sqlite" if db_url is None else "postgresql")
    assert db_services.store.is_sqlite is (db_url is None)
    if db_url is not None:  # the database lives on the server, not in the data folder
        assert not db_services.paths.db_path.exists()
        assert db_services.paths.lock_path.exists()
        assert "***" in db_services.store.location and "assessor_ci:assessor_ci" not in \
            db_services.store.location
    assert db_services.store.startup.migration.created


def test_create_prefills_and_answers_are_committed_one_transaction_each(
        db_services: Any, db_url: str | None) -> None:
    svc = db_services.assessments
    inst = add_lpk(db_services)
    row = svc.create("JKP.LPK.01", institution_id=inst.id)
    assert svc.answers(row.id).value("nama_lpk") == "LPK Mitra Terampil"

    engine = db_services.store.engine
    commits: list[int] = []

    def on_commit(_conn: Any) -> None:
        commits.append(1)

    event.listen(engine, "commit", on_commit)
    try:
        saved = svc.answer(row.id, "r1_1", "m")
        assert (saved.value, saved.seq, len(commits)) == ("m", 1, 1)
        again = svc.answer(row.id, "r1_1", "bm")
        assert (again.seq, len(commits)) == (2, 2)
        same = svc.answer(row.id, "r1_1", "bm")  # unchanged: no new seq
        assert same.seq == 2
    finally:
        event.remove(engine, "commit", on_commit)
    # Already visible to a separate engine (another office PC) the moment answer() returned.
    other = make_engine(db_url or f"sqlite:///{db_services.paths.db_path}")
    try:
        with other.connect() as conn:
            value = conn.execute(text("SELECT value FROM answer WHERE revision_id = :r AND "
                                      "item = 'r1_1'"), {"r": row.id}).scalar_one()
    finally:
        other.dispose()
    assert value == "bm"


def test_bad_values_are_refused_and_change_nothing(db_services: Any) -> None:
    svc = db_services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(db_services).id)
    rid = svc.add_row(row.id, "instruktur")
    svc.answer(row.id, "instruktur_pengalaman_tahun", "4", row=rid)
    for raw, code in (("empat", "value.not_integer"), ("75", "value.constraint")):
        with pytest.raises(InvalidValueError) as err:
            svc.answer(row.id, "instruktur_pengalaman_tahun", raw, row=rid)
        assert err.value.code == code
    assert svc.answers(row.id).value("instruktur_pengalaman_tahun", rid) == "4"
    refused: tuple[tuple[str, str, type[AppError], str], ...] = (
        ("nama_lpk", "bad\x00text", InvalidValueError, "value.bad_text"),  # no NUL in PG text
        ("r1_1", "ya", InvalidValueError, "value.bad_option"),  # not an option of m_bm_na
        ("does_not_exist", "x", AppError, "item.not_found"))
    for item, raw, error, code in refused:
        with pytest.raises(error) as err2:
            svc.answer(row.id, item, raw)
        assert err2.value.code == code


def test_nul_in_free_text_never_crashes(db_services: Any) -> None:
    """Notes and names with NUL (or any control character but tab and line breaks) are
    refused by the services on both databases with a plain ``value.bad_text`` (issue 15;
    PostgreSQL text cannot hold NUL, and the write session also maps the driver's refusal
    to ``value.bad_text``)."""
    svc = db_services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(db_services).id)
    with pytest.raises(InvalidValueError) as err:
        svc.set_note(row.id, "r1_1", "a\x00b")
    assert err.value.code == "value.bad_text"
    with pytest.raises(InvalidValueError) as err:
        db_services.registry.add_institution("X\x00Y")
    assert err.value.code == "value.bad_text"
    assert svc.answers(row.id).notes == {}


def test_repeat_rows_keep_their_order_and_survive_removal(db_services: Any) -> None:
    svc = db_services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(db_services).id)
    rows = [svc.add_row(row.id, "instruktur") for _ in range(3)]
    for rid, name in zip(rows, ("Agus", "Rina", "Joko"), strict=True):
        svc.answer(row.id, "instruktur_nama", name, row=rid)
    assert svc.state(row.id).value("jumlah_instruktur") == "3"
    svc.remove_row(row.id, "instruktur", rows[1])
    state = svc.state(row.id)
    assert state.answers.rows["instruktur"] == [rows[0], rows[2]]
    assert [state.value("instruktur_nama", r) for r in state.answers.rows["instruktur"]] == \
        ["Agus", "Joko"]
    with pytest.raises(AppError) as err:
        svc.answer(row.id, "instruktur_nama", "Hantu", row=rows[1])
    assert err.value.code == "repeat.row_not_found"


def test_evidence_blobs_round_trip_byte_for_byte(db_services: Any) -> None:
    svc = db_services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(db_services).id)
    ev = svc.attach_evidence(row.id, "foto_sarpras", demo_photo("Bengkel", size=(800, 600)),
                             filename="C:\\foto\\bengkel.jpg", caption="Bengkel \u00e9 las")
    media = svc.media(ev.media_sha256)
    assert isinstance(media.data, bytes) and media.data[:3] == b"\xff\xd8\xff"
    assert hashlib.sha256(media.data).hexdigest() == ev.media_sha256 and media.size == len(
        media.data)
    # The same photo twice is stored once (content-addressed primary key).
    ev2 = svc.attach_evidence(row.id, "foto_sarpras", demo_photo("Bengkel", size=(800, 600)))
    assert ev2.media_sha256 == ev.media_sha256
    with read_session(db_services.store.engine) as s:
        assert len(s.exec(select(MediaRow)).all()) == 1
    assert svc.answers(row.id).evidence[("foto_sarpras", "")] == [ev.media_sha256] * 2
    svc.remove_evidence(row.id, ev.id)
    assert [e.id for e in svc.detail(row.id).evidence] == [ev2.id]


def test_finalise_sign_lock_revise(db_services: Any) -> None:
    svc = db_services.assessments
    asesi = add_asesi(db_services, UNICODE_NAME)
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    assert row.subject_name == UNICODE_NAME
    with pytest.raises(FinaliseError):
        svc.finalise(row.id)
    answer_all_ia01(svc, row.id, fail=frozenset({"u1_e2_k4"}))
    detail = svc.finalise(row.id)
    assert detail.row.status == "complete" and detail.row.verdict == "BK"
    assert isinstance(detail.row.score_percent, float)
    with pytest.raises(StateError):
        svc.answer(row.id, "u1_e2_k4", "ya")
    png = signature_png(asesi.name)
    detail = svc.sign(row.id, "asesi", asesi.name, png, place="Semarang", timezone="WIB")
    assert detail.row.status == "signed"
    detail = svc.sign(row.id, "asesor", "Budi Santoso", signature_png("Budi"),
                      registration_no="MET.000.004633 2020", place="Semarang", timezone="WIB")
    assert detail.row.status == "locked" and all(s.valid for s in detail.signatures)
    with pytest.raises(StateError):
        svc.sign(row.id, "asesor", "Lagi", signature_png("x"))  # unique (revision, role)

    new = svc.revise(row.id, "KUK 2.4 diamati ulang")
    assert (new.revision, new.supersedes, new.status, new.is_current) == (2, 1, "draft", True)
    assert svc.answers(new.id).value("u1_e2_k4") == "tidak"
    svc.answer(new.id, "u1_e2_k4", "ya")
    final2 = svc.finalise(new.id)
    assert final2.row.verdict == "K" and [h.revision for h in final2.history] == [1, 2]
    old = svc.detail(row.id)
    assert old.row.status == "locked" and old.row.is_current is False
    assert all(s.valid for s in old.signatures)
    assert svc.count(ListFilter(current_only=False)) == 2 and svc.count() == 1


def test_list_search_count_and_resolve(db_services: Any) -> None:
    svc = db_services.assessments
    inst = add_lpk(db_services)
    a = svc.create("JKP.LPK.01", institution_id=inst.id)
    asesi = add_asesi(db_services, UNICODE_NAME)
    b = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    assert svc.count() == 2
    # Case-insensitive search (lower() on both sides), Unicode, prefix of the id.
    assert [r.id for r in svc.list(ListFilter(search="MITRA ter"))] == [a.id]
    assert [r.id for r in svc.list(ListFilter(search="aini"))] == [b.id]
    assert [r.id for r in svc.list(ListFilter(search="\u0627\u064a\u0645\u0646"))] == [b.id]
    assert [r.id for r in svc.list(ListFilter(search=b.assessment_id[:8]))] == [b.id]
    assert svc.list(ListFilter(search="O'Brien\\")) == []  # quotes, backslash: bound params
    assert svc.count(ListFilter(template_code="JKP.LPK.01")) == 1
    assert svc.counts_by_status() == {"draft": 2}
    assert svc.resolve(a.assessment_id[:6]).id == a.id
    ordered = svc.list(ListFilter(order_by="template_code", descending=False))
    assert [r.template_code for r in ordered] == sorted(r.template_code for r in ordered)
    page = svc.list(ListFilter(limit=1, offset=1, order_by="created_at", descending=False))
    assert len(page) == 1


def test_registry_keeps_nik_as_text_and_finds_by_it(db_services: Any) -> None:
    reg = db_services.registry
    person = add_asesi(db_services, UNICODE_NAME)
    assert reg.assessee(person.id).nik == NIK
    assert reg.find_assessee(NIK).id == person.id
    assert reg.find_assessee("NUR AINI").id == person.id
    inst = add_lpk(db_services)
    assert [i.id for i in reg.institutions("surabaya")] == [inst.id]
    reg.update_assessee(person.id, nik="0000000000000001")
    assert reg.assessee(person.id).nik == "0000000000000001"


def test_audit_log_records_who_what_old_and_new(db_services: Any) -> None:
    svc = db_services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(db_services).id)
    svc.answer(row.id, "r1_1", "m")
    svc.answer(row.id, "r1_1", "bm")
    with read_session(db_services.store.engine) as s:
        rows = s.exec(select(AuditRow.action, AuditRow.field, AuditRow.old, AuditRow.new)
                      .where(AuditRow.entity_id == row.assessment_id,
                             AuditRow.action == "answer").order_by(col(AuditRow.id))).all()
        ids = s.exec(select(AuditRow.id).order_by(col(AuditRow.id))).all()
    assert [tuple(r) for r in rows] == [("answer", "r1_1", "", "m"), ("answer", "r1_1", "m", "bm")]
    assert all(isinstance(i, int) for i in ids) and ids == sorted(set(ids))  # type: ignore[type-var]


def test_concurrent_writers_never_lose_an_answer(db_services: Any, db_url: str | None) -> None:
    """Two engines (two office PCs) answering the same item at once: every change gets its
    own seq and audit row, none is lost (SQLite's write lock; PostgreSQL's advisory lock)."""
    svc = db_services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(db_services).id)
    second_engine = make_engine(db_url or f"sqlite:///{db_services.paths.db_path}")
    second = AssessmentService(second_engine, db_services.templates, db_services.registry)
    per_thread = 15

    def work(service: AssessmentService, tag: str) -> None:
        for i in range(per_thread):
            service.answer(row.id, "nama_lpk", f"{tag}{i}")

    try:
        errors = run_threads(work, (svc, "a"), (second, "b"))
    finally:
        second_engine.dispose()
    assert errors == []
    with read_session(db_services.store.engine) as s:
        audits = s.exec(select(AuditRow.old, AuditRow.new).where(
            AuditRow.entity_id == row.assessment_id, AuditRow.action == "answer",
            AuditRow.field == "nama_lpk").order_by(col(AuditRow.id))).all()
    assert len(audits) == 2 * per_thread
    # A chain: each change's "old" is the previous change's "new" (no lost update).
    assert all(audits[i][0] == audits[i - 1][1] for i in range(1, len(audits)))
    final = svc.answers(row.id).value("nama_lpk")
    assert final == audits[-1][1]


def test_store_reopens_with_the_same_data(db_url: str | None, tmp_path: Path) -> None:
    first = open_test_services(tmp_path, db_url)
    try:
        inst = add_lpk(first)
        row = first.assessments.create("JKP.LPK.01", institution_id=inst.id)
        first.assessments.answer(row.id, "r1_1", "m")
    finally:
        first.close()
    second = open_test_services(tmp_path, db_url)
    try:
        assert second.store.startup.migration.from_version == second.store.startup.migration \
            .to_version
        assert second.assessments.answers(row.id).value("r1_1") == "m"
        assert second.store.startup.unclean_exit is None
    finally:
        second.close()
