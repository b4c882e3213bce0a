"""The assessment list's loaded rows, packed into arrays (no Qt).

A list scrolled through 10,000 revisions keeps every row it has loaded. As Python objects
(an :class:`AssessmentListRow` and its id, assessment id and timestamp strings) a row
costs about 400 bytes; packed it costs about 120: the two ids as 16 bytes each, the two
timestamps as their 24 ASCII characters, the texts that repeat from row to row (template,
subject, status, verdict) as numbers into one table, the revision and the score in arrays.
A row comes back as the same :class:`AssessmentListRow` when it is asked for (the ones the
view is painting are kept at hand).

A row whose values do not have the shapes the app writes (an id that is not 32 lowercase
hex digits, a timestamp of another length, a score stored as an integer: an old store, a
hand edit) is kept as it is: what comes back is always exactly what went in.
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from assessor_app.services.models import AssessmentListRow

_HEX_ID = re.compile(r"[0-9a-f]{32}")
_ID_BYTES = 16
_STAMP = 24  # iso_utc(): 2026-12-04T08:15:00.000Z
_NO_STAMP = bytes(_STAMP)  # received_at None (a stored timestamp never starts with NUL)
_KEPT = 512  # rows kept unpacked: a few screens of the view painting them


class PackedListRows(Sequence[AssessmentListRow]):
    """A growing sequence of list rows (``extend``), each packed as the module says."""

    def __init__(self, rows: Iterable[AssessmentListRow] = ()) -> None:
        self._ids = bytearray()  # id, assessment_id: 16 bytes each
        self._stamps = bytearray()  # updated_at, received_at: 24 ASCII bytes each
        self._words = array("I")  # template_id, template_code, subject_name, status, verdict
        self._revisions = array("q")
        self._scores = array("d")  # None as NaN (a stored NaN score is kept as it is)
        self._table: list[str | None] = [None]
        self._numbers: dict[str | None, int] = {None: 0}
        self._loose: dict[int, AssessmentListRow] = {}  # rows kept as they are
        self._kept: dict[int, AssessmentListRow] = {}
        self.extend(rows)

    @property
    def loose(self) -> int:
        """How many rows could not be packed (kept as they are)."""
        return len(self._loose)

    def __len__(self) -> int:
        return len(self._revisions)

    def extend(self, rows: Iterable[AssessmentListRow]) -> None:
        for row in rows:
            self._append(row)

    def _append(self, row: AssessmentListRow) -> None:
        words = (row.template_id, row.template_code, row.subject_name, row.status,
                 row.verdict)
        score = row.score_percent
        packable = (
            _is_id(row.id) and _is_id(row.assessment_id)
            and _is_stamp(row.updated_at)
            and (row.received_at is None or _is_stamp(row.received_at))
            and type(row.revision) is int and -2**63 <= row.revision < 2**63
            and (score is None or (type(score) is float and not math.isnan(score)))
            and all(w is None or type(w) is str for w in words))
        if not packable:
            self._loose[len(self._revisions)] = row
            self._ids += bytes(2 * _ID_BYTES)
            self._stamps += bytes(2 * _STAMP)
            self._words.extend((0, 0, 0, 0, 0))
            self._revisions.append(0)
            self._scores.append(math.nan)
            return
        self._ids += bytes.fromhex(row.id)
        self._ids += bytes.fromhex(row.assessment_id)
        self._stamps += row.updated_at.encode("ascii")
        self._stamps += _NO_STAMP if row.received_at is None else \
            row.received_at.encode("ascii")
        self._words.extend(self._number(w) for w in words)
        self._revisions.append(row.revision)
        self._scores.append(math.nan if score is None else score)

    def _number(self, word: str | None) -> int:
        n = self._numbers.get(word)
        if n is None:
            n = self._numbers[word] = len(self._table)
            self._table.append(word)
        return n

    @overload
    def __getitem__(self, index: int) -> AssessmentListRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[AssessmentListRow]: ...

    def __getitem__(self, index: int | slice) -> AssessmentListRow | list[AssessmentListRow]:
        if isinstance(index, slice):
            return [self[n] for n in range(*index.indices(len(self)))]
        n = index + len(self) if index < 0 else index
        if not 0 <= n < len(self):
            raise IndexError(index)
        row = self._kept.get(n) or self._loose.get(n)
        if row is None:
            row = self._unpack(n)
            if len(self._kept) >= _KEPT:
                self._kept.clear()
            self._kept[n] = row
        return row

    def __iter__(self) -> Iterator[AssessmentListRow]:
        return (self[n] for n in range(len(self)))

    def _unpack(self, n: int) -> AssessmentListRow:
        ids, stamps = 2 * _ID_BYTES * n, 2 * _STAMP * n
        w = 5 * n
        table, words = self._table, self._words
        received = self._stamps[stamps + _STAMP:stamps + 2 * _STAMP]
        score = self._scores[n]
        return AssessmentListRow(
            id=self._ids[ids:ids + _ID_BYTES].hex(),
            assessment_id=self._ids[ids + _ID_BYTES:ids + 2 * _ID_BYTES].hex(),
            revision=self._revisions[n],
            template_id=table[words[w]],  # type: ignore[arg-type]  # packed from a str
            template_code=table[words[w + 1]],  # type: ignore[arg-type]
            subject_name=table[words[w + 2]],  # type: ignore[arg-type]
            status=table[words[w + 3]],  # type: ignore[arg-type]
            score_percent=None if math.isnan(score) else score,
            verdict=table[words[w + 4]],
            updated_at=self._stamps[stamps:stamps + _STAMP].decode("ascii"),
            received_at=None if received == _NO_STAMP else received.decode("ascii"))

    def index_of(self, revision_id: str) -> int:
        """The number of the row whose ``id`` is ``revision_id``, else -1 (no row is
        unpacked to find it)."""
        found = [n for n, row in self._loose.items() if row.id == revision_id]
        if _is_id(revision_id):
            key, start = bytes.fromhex(revision_id), 0
            while (at := self._ids.find(key, start)) >= 0:
                if at % (2 * _ID_BYTES) == 0 and at // (2 * _ID_BYTES) not in self._loose:
                    found.append(at // (2 * _ID_BYTES))
                    break
                start = at + 1
        return min(found, default=-1)


def _is_id(value: object) -> bool:
    return type(value) is str and len(value) == 32 and _HEX_ID.fullmatch(value) is not None


def _is_stamp(value: object) -> bool:
    return type(value) is str and len(value) == _STAMP and value.isascii() and \
        not value.startswith("\0")


__all__ = ["PackedListRows"]
