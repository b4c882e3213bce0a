"""The repository contract: every method of storage/repositories.py gives the same answers on
SQLite (the laptop) and PostgreSQL (the office). Each test runs as ``[sqlite]`` and
``[postgresql]`` (see tests/postgres/support.py), on a store opened by the real services."""

from __future__ import annotations

from typing import Any

import pytest

from assessor_app.storage.db import read_session, write_connection, write_session
from assessor_app.storage.repositories import AssessmentRepository as Repo

COLUMNS = ("id", "subject_name", "status", "updated_at")


def _draft(services: Any, name: str = "LPK Mitra Terampil") -> Any:
    inst = services.registry.add_institution(name, kind="LPK_SWASTA", city="Surabaya")
    return services.assessments.create("KMPI.VISIT.01", institution_id=inst.id)


def test_head_and_template_of_a_revision(db_services: Any) -> None:
    row = _draft(db_services)
    with read_session(db_services.store.engine) as s:
        head = Repo.head(s.connection(), row.id)
        assert head is not None
        assert (head.id, head.assessment_id, head.revision, head.status, head.is_current) == \
            (row.id, row.assessment_id, 1, "draft", True)
        assert head.template_id == row.template_id == Repo.template_id(s.connection(), row.id)
        assert Repo.head(s.connection(), "0" * 32) is None
        assert Repo.template_id(s.connection(), "0" * 32) is None


def test_an_answer_is_inserted_updated_and_read_back(db_services: Any) -> None:
    row = _draft(db_services)
    engine = db_services.store.engine
    with write_session(engine) as s:
        c = s.connection()
        assert Repo.answer(c, row.id, "std1_1", "") is None
        Repo.insert_answer(c, row.id, "std1_1", "", value="c", note=None,
                           at="2026-12-04T01:00:00Z")
        got = Repo.answer(c, row.id, "std1_1", "")
        assert got is not None and (got.value, got.seq, got.note) == ("c", 1, None)
        Repo.update_answer(c, got.id, at="2026-12-04T01:00:01Z", seq=2, value="bc")
        Repo.update_answer(c, got.id, at="2026-12-04T01:00:02Z", seq=3,
                           note="Bukti: SK pendirian")
        Repo.touch(c, row.id, "2026-12-04T01:00:02Z")
        Repo.audit(c, at="2026-12-04T01:00:02Z", actor="Budi", action="answer",
                   entity="assessment", entity_id=row.assessment_id, field="std1_1",
                   old="c", new="bc")
    with read_session(engine) as s:
        c = s.connection()
        got = Repo.answer(c, row.id, "std1_1", "")
        assert got is not None
        assert (got.value, got.seq, got.note, got.updated_at) == (
            "bc", 3, "Bukti: SK pendirian", "2026-12-04T01:00:02Z")
        head = Repo.head(c, row.id)
        assert head is not None and head.updated_at == "2026-12-04T01:00:02Z"
        stored = Repo.answers(c, row.id)
        assert stored.values[("std1_1", "")] == "bc"
        assert stored.notes[("std1_1", "")] == "Bukti: SK pendirian"


def test_the_head_and_one_answer_in_one_statement(db_services: Any) -> None:
    """``head_and_answer`` (the editor's save) gives what ``head`` and ``answer`` give, on
    a Core write connection whose block commits (``write_connection``)."""
    row = _draft(db_services)
    engine = db_services.store.engine
    with write_connection(engine) as c:
        head, none = Repo.head_and_answer(c, row.id, "std1_1", "")
        assert head == Repo.head(c, row.id) and none is None
        Repo.insert_answer(c, row.id, "std1_1", "", value="c", note="catatan",
                           at="2026-12-04T01:00:00Z")
    with read_session(engine) as s:
        c = s.connection()
        head, got = Repo.head_and_answer(c, row.id, "std1_1", "")
        assert head == Repo.head(c, row.id) and got == Repo.answer(c, row.id, "std1_1", "")
        assert got is not None and (got.value, got.note, got.seq) == ("c", "catatan", 1)
        assert Repo.head_and_answer(c, row.id, "std1_1", "other-row")[1] is None
        assert Repo.head_and_answer(c, "0" * 32, "std1_1", "") == (None, None)
    with pytest.raises(RuntimeError), write_connection(engine) as c:
        Repo.touch(c, row.id, "2026-12-05T01:00:00Z")
        raise RuntimeError("power cut")
    with read_session(engine) as s:
        head = Repo.head(s.connection(), row.id)
        assert head is not None and head.updated_at != "2026-12-05T01:00:00Z"


def test_a_statement_the_database_refuses_undoes_the_whole_save(db_services: Any) -> None:
    """The hot statements run on the transaction's own connection (on SQLite its DBAPI
    cursor): when one of them fails, what the others did in that transaction is undone."""
    row = _draft(db_services)
    engine = db_services.store.engine
    with write_connection(engine) as c:
        Repo.insert_answer(c, row.id, "std1_1", "", value="c", note=None,
                           at="2026-12-04T01:00:00Z")
    with pytest.raises(Exception) as info, write_connection(engine) as c:
        Repo.touch(c, row.id, "2026-12-05T01:00:00Z")
        Repo.audit(c, at="2026-12-05T01:00:00Z", actor="Budi", action="answer",
                   entity="assessment", entity_id=row.assessment_id, field="std1_2")
        Repo.insert_answer(c, row.id, "std1_2", "", value="bc", note=None,
                           at="2026-12-05T01:00:00Z")
        # the same (revision, item, row) again: the unique key refuses it
        Repo.insert_answer(c, row.id, "std1_1", "", value="bc", note=None,
                           at="2026-12-05T01:00:00Z")
    assert type(info.value).__name__ == "IntegrityError"
    with read_session(engine) as s:
        c = s.connection()
        head = Repo.head(c, row.id)
        assert head is not None and head.updated_at != "2026-12-05T01:00:00Z"
        assert Repo.answer(c, row.id, "std1_2", "") is None
        got = Repo.answer(c, row.id, "std1_1", "")
        assert got is not None and got.value == "c"
        audited = c.exec_driver_sql(
            "SELECT count(*) FROM audit_log WHERE field = 'std1_2'").scalar()
        assert audited == 0


def test_a_failed_transaction_leaves_nothing(db_services: Any) -> None:
    row = _draft(db_services)
    engine = db_services.store.engine
    with pytest.raises(RuntimeError), write_session(engine) as s:
        Repo.insert_answer(s.connection(), row.id, "std1_1", "", value="c", note=None,
                           at="2026-12-04T01:00:00Z")
        raise RuntimeError("power cut")
    with read_session(engine) as s:
        assert Repo.answer(s.connection(), row.id, "std1_1", "") is None


def test_rows_and_evidence_come_back_in_position_order(db_services: Any) -> None:
    svc = db_services.assessments
    inst = db_services.registry.add_institution("LPK Bina Karya", kind="LPK_SWASTA")
    row = svc.create("JKP.LPK.01", institution_id=inst.id)
    template = svc.template_of(row)
    repeat = next(it for it in template.walk_items() if it.is_repeat)
    rows = [svc.add_row(row.id, repeat.name) for _ in range(3)]
    with read_session(db_services.store.engine) as s:
        stored = Repo.answers(s.connection(), row.id)
        assert stored.rows[repeat.name] == rows
        assert Repo.repeat_of_row(s.connection(), rows[1]) == (row.id, repeat.name)
        assert Repo.repeat_of_row(s.connection(), "f" * 32) is None


def test_the_list_pages_filters_and_counts_alike(db_services: Any) -> None:
    names = ["LPK Cahaya Mandiri", "LPK cahaya Bangsa", "BLK Semarang", "LPK Tunas Harapan",
             "BLK Cahaya Timur"]
    for name in names:
        _draft(db_services, name)
    with read_session(db_services.store.engine) as s:
        c = s.connection()
        everything = Repo.page(c, COLUMNS, order_by="subject_name", descending=False)
        assert [r[1] for r in everything] == sorted(names)
        # case-insensitive search on both databases
        found = Repo.page(c, COLUMNS, search="CAHAYA", order_by="subject_name",
                          descending=False)
        assert [r[1] for r in found] == sorted(n for n in names if "cahaya" in n.lower())
        assert Repo.count(c, search="cahaya") == 3
        assert Repo.count(c, search="cahaya", status="complete") == 0
        assert Repo.counts_by_status(c, search="blk") == {"draft": 2}
        # pages never repeat or skip a row, whatever the ties in the sort key
        pages = [Repo.page(c, COLUMNS, order_by="status", limit=2, offset=k)
                 for k in (0, 2, 4)]
        ids = [r[0] for page in pages for r in page]
        assert sorted(ids) == sorted(r[0] for r in everything) and len(set(ids)) == 5
        # an unknown sort key falls back to the time of the last change
        assert Repo.page(c, COLUMNS, order_by="no_such_column") == Repo.page(c, COLUMNS)
