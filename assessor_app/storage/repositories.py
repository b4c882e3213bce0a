"""Repositories: the statements the services' hot paths run, behind one small interface.

The laptop runs them on SQLite and the office on PostgreSQL; both must give the same
answers, and one contract suite (tests/postgres/test_repository_contract.py) runs every
method on both. They are plain SQLAlchemy Core statements built once (only the values
change, so the compiled form is cached) and executed on the caller's connection: the
caller's transaction (``write_session``/``read_session``) decides what is atomic.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update

from assessor_app.storage.tables import (
    AnswerRow,
    AssessmentRow,
    AuditRow,
    EvidenceRow,
    RepeatInstanceRow,
    VisitRow,
)

ASSESSMENT: Any = AssessmentRow.__table__  # type: ignore[attr-defined]
ANSWER: Any = AnswerRow.__table__  # type: ignore[attr-defined]
REPEAT: Any = RepeatInstanceRow.__table__  # type: ignore[attr-defined]
EVIDENCE: Any = EvidenceRow.__table__  # type: ignore[attr-defined]
AUDIT: Any = AuditRow.__table__  # type: ignore[attr-defined]
VISIT: Any = VisitRow.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Head:
    """What a write needs to know of the revision it changes."""

    id: str
    assessment_id: str
    revision: int
    status: str
    is_current: bool
    updated_at: str
    subject_name: str
    visit_id: str | None
    template_id: str


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    value: str
    seq: int
    updated_at: str
    note: str | None


@dataclass(frozen=True)
class StoredAnswers:
    """Everything stored for one revision, in print order."""

    values: dict[tuple[str, str], str]
    notes: dict[tuple[str, str], str]
    rows: dict[str, list[str]]  # repeat -> row ids by position
    evidence: dict[tuple[str, str], list[str]]  # (item, row) -> media sha256 by position
    #: values still as the app filled them in when the record was made (``seq`` 0)
    prefilled: set[tuple[str, str]] = field(default_factory=set)


class _Prepared:
    """One of the editor's hot statements. On SQLite it runs on the transaction's own
    DBAPI cursor: the SQL SQLAlchemy compiles for the dialect (once per set of keys),
    without SQLAlchemy's per-execution work (events, result metadata, type processing;
    every value these statements bind or read is a str, an int or None), about a third
    of an answer's save. Elsewhere (the office's PostgreSQL) it is ``c.execute``, with the
    driver's errors and lost connections handled by SQLAlchemy as for every statement.
    A driver error reaches ``write_connection`` unwrapped: ``storage_error_from_db``
    reads a raw ``sqlite3.Error`` as it reads one SQLAlchemy wrapped."""

    def __init__(self, stmt: Any) -> None:
        self.stmt = stmt
        self._sql: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = {}

    def run(self, c: Connection, params: dict[str, Any]) -> Any:
        """Execute with ``params``; the result (a cursor) answers ``fetchone()``."""
        if c.dialect.name != "sqlite":
            return c.execute(self.stmt, params)
        keys = tuple(params)
        got = self._sql.get(keys)
        if got is None:
            compiled = self.stmt.compile(
                dialect=c.dialect, column_keys=list(keys) if self.stmt.is_dml else None)
            got = self._sql[keys] = (str(compiled), tuple(compiled.positiontup or ()))
        sql, names = got
        cursor = c.connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute(sql, tuple(params[n] for n in names))
        return cursor


_HEAD = select(ASSESSMENT.c.id, ASSESSMENT.c.assessment_id, ASSESSMENT.c.revision,
               ASSESSMENT.c.status, ASSESSMENT.c.is_current, ASSESSMENT.c.updated_at,
               ASSESSMENT.c.subject_name, ASSESSMENT.c.visit_id,
               ASSESSMENT.c.template_id).where(ASSESSMENT.c.id == bindparam("rid"))
_ONE_ANSWER = select(ANSWER.c.id, ANSWER.c.value, ANSWER.c.seq, ANSWER.c.updated_at,
                     ANSWER.c.note).where(
    (ANSWER.c.revision_id == bindparam("rid")) & (ANSWER.c.item == bindparam("item"))
    & (ANSWER.c.row_id == bindparam("row")))
# the head and the stored answer of one item in one statement (the editor's save)
_HEAD_AND_ANSWER = _Prepared(select(
    *_HEAD.selected_columns, *_ONE_ANSWER.selected_columns).select_from(
    ASSESSMENT.outerjoin(ANSWER, (ANSWER.c.revision_id == ASSESSMENT.c.id)
                         & (ANSWER.c.item == bindparam("item"))
                         & (ANSWER.c.row_id == bindparam("row")))).where(
    ASSESSMENT.c.id == bindparam("rid")))
_REPEAT_OF = select(REPEAT.c.revision_id, REPEAT.c.repeat).where(
    REPEAT.c.id == bindparam("row"))
_NEW_ANSWER = _Prepared(insert(ANSWER))
_SET_ANSWER = _Prepared(update(ANSWER).where(ANSWER.c.id == bindparam("answer_id")))
_TOUCH = _Prepared(update(ASSESSMENT).where(ASSESSMENT.c.id == bindparam("rid")).values(
    updated_at=bindparam("now")))
_NEW_AUDIT = _Prepared(insert(AUDIT))
_ANSWERS = select(ANSWER.c.item, ANSWER.c.row_id, ANSWER.c.value, ANSWER.c.note,
                  ANSWER.c.seq).where(ANSWER.c.revision_id == bindparam("rid"))
_ROWS = select(REPEAT.c.repeat, REPEAT.c.id).where(
    REPEAT.c.revision_id == bindparam("rid")).order_by(REPEAT.c.repeat, REPEAT.c.position)
_EVIDENCE = select(EVIDENCE.c.item, EVIDENCE.c.row_id, EVIDENCE.c.media_sha256).where(
    EVIDENCE.c.revision_id == bindparam("rid")).order_by(EVIDENCE.c.position)
_ZONE = select(VISIT.c.timezone).where(VISIT.c.id == bindparam("vid"))
_TEMPLATE_OF = select(ASSESSMENT.c.template_id).where(ASSESSMENT.c.id == bindparam("rid"))


class AssessmentRepository:
    """Reads and writes of one revision's answers (the editor's hot path) and the list."""

    @staticmethod
    def head(c: Connection, revision_id: str) -> Head | None:
        row = c.execute(_HEAD, {"rid": revision_id}).first()
        return None if row is None else Head(row[0], row[1], row[2], row[3], bool(row[4]),
                                             row[5], row[6], row[7], row[8])

    @staticmethod
    def head_and_answer(c: Connection, revision_id: str, item: str, row: str
                        ) -> tuple[Head | None, StoredAnswer | None]:
        """:meth:`head` and :meth:`answer` in one statement (the editor's save)."""
        r = _HEAD_AND_ANSWER.run(c, {"rid": revision_id, "item": item, "row": row}).fetchone()
        if r is None:
            return None, None
        head = Head(r[0], r[1], r[2], r[3], bool(r[4]), r[5], r[6], r[7], r[8])
        return head, None if r[9] is None else StoredAnswer(r[9], r[10], r[11], r[12], r[13])

    @staticmethod
    def template_id(c: Connection, revision_id: str) -> str | None:
        value = c.execute(_TEMPLATE_OF, {"rid": revision_id}).scalar()
        return None if value is None else str(value)

    @staticmethod
    def repeat_of_row(c: Connection, row_id: str) -> tuple[str, str] | None:
        """(revision id, repeat name) of a repeat row."""
        row = c.execute(_REPEAT_OF, {"row": row_id}).first()
        return None if row is None else (row[0], row[1])

    @staticmethod
    def answer(c: Connection, revision_id: str, item: str, row: str) -> StoredAnswer | None:
        r = c.execute(_ONE_ANSWER, {"rid": revision_id, "item": item, "row": row}).first()
        return None if r is None else StoredAnswer(r[0], r[1], r[2], r[3], r[4])

    @staticmethod
    def insert_answer(c: Connection, revision_id: str, item: str, row: str, *, value: str,
                      note: str | None, at: str, seq: int = 1) -> None:
        """A new answer; ``seq`` 0: a value the app filled in (marked in the editor)."""
        _NEW_ANSWER.run(c, {"revision_id": revision_id, "item": item, "row_id": row,
                            "value": value, "note": note, "updated_at": at, "seq": seq})

    @staticmethod
    def update_answer(c: Connection, answer_id: int, *, at: str, seq: int,
                      **values: str | None) -> None:
        """Set ``value`` and/or ``note`` of a stored answer, with its time and sequence."""
        _SET_ANSWER.run(c, {"answer_id": answer_id, "updated_at": at, "seq": seq,
                            **values})

    @staticmethod
    def touch(c: Connection, revision_id: str, at: str) -> None:
        _TOUCH.run(c, {"rid": revision_id, "now": at})

    @staticmethod
    def audit(c: Connection, *, at: str, actor: str | None, action: str, entity: str,
              entity_id: str, field: str | None = None, old: str | None = None,
              new: str | None = None) -> None:
        _NEW_AUDIT.run(c, {"at": at, "actor": actor, "action": action, "entity": entity,
                           "entity_id": entity_id, "field": field, "old": old, "new": new})

    @staticmethod
    def answers(c: Connection, revision_id: str) -> StoredAnswers:
        out = StoredAnswers({}, {}, {}, {})
        for item, row_id, value, note, seq in c.execute(_ANSWERS, {"rid": revision_id}):
            if value != "":
                out.values[(item, row_id)] = value
                if seq == 0:
                    out.prefilled.add((item, row_id))
            if note:
                out.notes[(item, row_id)] = note
        for repeat, row_id in c.execute(_ROWS, {"rid": revision_id}):
            out.rows.setdefault(repeat, []).append(row_id)
        for item, row_id, sha in c.execute(_EVIDENCE, {"rid": revision_id}):
            out.evidence.setdefault((item, row_id), []).append(sha)
        return out

    @staticmethod
    def visit_timezone(c: Connection, visit_id: str) -> str | None:
        value = c.execute(_ZONE, {"vid": visit_id}).scalar()
        return None if value is None else str(value)

    @staticmethod
    def page(c: Connection, columns: Sequence[str], *, search: str = "",
             status: str | None = None, template_code: str | None = None,
             institution_id: str | None = None, updated_from: str | None = None,
             updated_before: str | None = None, current_only: bool = True,
             order_by: str = "updated_at", descending: bool = True, limit: int | None = None,
             offset: int = 0) -> list[tuple[Any, ...]]:
        """One page of the assessment list: the named columns of each revision, in order
        (ties broken by id, so paging never repeats or skips a row).

        A page is found by its ids first: what the database sorts to find it (every row,
        when the order is not an index's) is the sort key and the id, not the whole row
        (with 10,000 rows that sort held megabytes for every page); then its ``limit``
        rows are read."""
        q = _page_statement(tuple(columns), search.strip().lower(), status, template_code,
                            institution_id, updated_from, updated_before, current_only,
                            order_by, descending, limit is not None)
        params = {} if limit is None else {"page_limit": limit, "page_offset": offset}
        return [tuple(r) for r in c.execute(q, params)]

    @staticmethod
    def count(c: Connection, *, search: str = "", status: str | None = None,
              template_code: str | None = None, institution_id: str | None = None,
              updated_from: str | None = None, updated_before: str | None = None,
              current_only: bool = True) -> int:
        q = _filtered(select(func.count()).select_from(ASSESSMENT), search, status,
                      template_code, institution_id, updated_from, updated_before,
                      current_only)
        return int(c.execute(q).scalar() or 0)

    @staticmethod
    def counts_by_status(c: Connection, *, search: str = "", template_code: str | None = None,
                         institution_id: str | None = None, updated_from: str | None = None,
                         updated_before: str | None = None,
                         current_only: bool = True) -> dict[str, int]:
        q = _filtered(select(ASSESSMENT.c.status, func.count()).select_from(ASSESSMENT),
                      search, None, template_code, institution_id, updated_from,
                      updated_before, current_only).group_by(ASSESSMENT.c.status)
        return {str(status): int(n) for status, n in c.execute(q)}


@functools.lru_cache(maxsize=32)
def _page_statement(columns: tuple[str, ...], search: str, status: str | None,
                    template_code: str | None, institution_id: str | None,
                    updated_from: str | None, updated_before: str | None, current_only: bool,
                    order_by: str, descending: bool, paged: bool) -> Any:
    """The statement of :meth:`AssessmentRepository.page`, built once for a list's filter
    and order: paging through a list (``page_limit`` and ``page_offset`` bound when it
    runs) builds nothing again. A select with a subquery is a web of reference cycles; built
    for every page, the GUI left one such web of garbage per page it scrolled to."""
    a = ASSESSMENT.c
    key = a[order_by] if order_by in a else a.updated_at
    order = (key.desc() if descending else key.asc(), a.id)

    def where(q: Any) -> Any:
        return _filtered(q, search, status, template_code, institution_id, updated_from,
                         updated_before, current_only)

    wanted = select(*(a[n] for n in columns))
    if not paged:
        return where(wanted).order_by(*order)
    ids = where(select(a.id)).order_by(*order).limit(bindparam("page_limit")) \
        .offset(bindparam("page_offset")).subquery()
    return wanted.join(ids, ids.c.id == a.id).order_by(*order)


def _filtered(q: Any, search: str, status: str | None, template_code: str | None,
              institution_id: str | None, updated_from: str | None,
              updated_before: str | None, current_only: bool) -> Any:
    a = ASSESSMENT.c
    if current_only:
        q = q.where(a.is_current == True)  # noqa: E712
    if status:
        q = q.where(a.status == status)
    if template_code:
        q = q.where(a.template_code == template_code)
    if institution_id:
        q = q.where(a.institution_id == institution_id)
    if updated_from:
        q = q.where(a.updated_at >= updated_from)
    if updated_before:
        q = q.where(a.updated_at < updated_before)
    term = search.strip().lower()
    if term:
        like = f"%{term}%"
        q = q.where(or_(func.lower(a.subject_name).like(like),
                        func.lower(a.template_code).like(like),
                        a.assessment_id.startswith(term)))
    return q
