"""The assessment list's packed rows (ui/models/packed.py): every row comes back exactly as
it went in, whatever its values, and the rows the service hands out are all packed (a row
kept as it is costs the memory the packing saves)."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.services.models import AssessmentListRow
from assessor_app.ui.models.packed import PackedListRows

_hex32 = st.text("0123456789abcdef", min_size=32, max_size=32)
_stamp = st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%S.") +
                            f"{d.microsecond // 1000:03d}Z")
_odd_text = st.text(max_size=40)
_ids = st.one_of(_hex32, _hex32.map(str.upper), _odd_text)
_stamps = st.one_of(_stamp, _odd_text)
_words = st.one_of(st.none(), st.sampled_from(["K", "BK", "draft", "FR.IA.01", ""]), _odd_text)
_scores = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True),
                    st.integers(-5, 105))
_revisions = st.one_of(st.integers(1, 100), st.integers(-2**70, 2**70))

_rows = st.builds(
    AssessmentListRow, id=_ids, assessment_id=_ids, revision=_revisions,
    template_id=_words, template_code=_words, subject_name=_words, status=_words,
    score_percent=_scores, verdict=_words, updated_at=_stamps,
    received_at=st.one_of(st.none(), _stamps))


def _same(a: AssessmentListRow, b: AssessmentListRow) -> bool:
    """Equal, field by field and type by type (NaN equal to NaN; 80 is not 80.0)."""
    def key(r: AssessmentListRow) -> list[Any]:
        return [(type(v), "nan" if isinstance(v, float) and math.isnan(v) else v)
                for v in (r.id, r.assessment_id, r.revision, r.template_id, r.template_code,
                          r.subject_name, r.status, r.score_percent, r.verdict,
                          r.updated_at, r.received_at)]
    return key(a) == key(b)


@settings(max_examples=300, deadline=None)
@given(first=st.lists(_rows, max_size=20), more=st.lists(_rows, max_size=20))
def test_every_row_comes_back_exactly(first: list[AssessmentListRow],
                                      more: list[AssessmentListRow]) -> None:
    packed = PackedListRows(first)
    packed.extend(more)
    rows = first + more
    assert len(packed) == len(rows)
    for n, row in enumerate(rows):
        assert _same(packed[n], row), (n, row, packed[n])
        assert _same(packed[n - len(rows)], row)
    assert [r.id for r in packed] == [r.id for r in rows]
    assert [r.id for r in packed[1:-1]] == [r.id for r in rows[1:-1]]
    for row in rows:
        assert packed.index_of(row.id) == next(n for n, r in enumerate(rows) if r.id == row.id)


def test_an_id_found_only_as_its_own_row_id() -> None:
    a, b = "a" * 32, "b" * 32
    stamp = "2026-12-04T08:15:00.000Z"
    rows = [AssessmentListRow(a, b, 1, "t", "FR.IA.01", "Siti", "draft", None, None,
                              stamp, None),
            AssessmentListRow(b, a, 2, "t", "FR.IA.01", "Siti", "complete", 80.0, "K",
                              stamp, stamp)]
    packed = PackedListRows(rows)
    assert packed.index_of(b) == 1  # not row 0, whose assessment id it is
    assert packed.index_of("c" * 32) == -1 and packed.index_of("") == -1
    assert packed.index_of("0" * 32) == -1  # no row's bytes are all zero


def test_the_rows_the_service_hands_out_are_all_packed(services: Any) -> None:
    from assessor_app.services.demo import seed_demo

    svc = services.assessments  # a record scored in percent (a pre-MUK 2023 FR.IA.01)
    code = next(r.code for r in services.templates.latest() if r.code.startswith("FR.IA.01.J62"))
    row = svc.create(code, assessee_id=services.registry.add_assessee("Dewi Lestari").id)
    for item in svc.template_of(row).walk_items():
        if item.kuk:
            svc.answer(row.id, item.name, "ya")
    for name, value in (("tuk", "sewaktu"), ("tanggal", "2026-11-20"),
                        ("nama_asesor", "Budi Santoso")):
        svc.answer(row.id, name, value)
    svc.finalise(row.id)
    seed_demo(services)
    rows = services.assessments.list_rows()
    assert any(r.score_percent is not None for r in rows) and \
        any(r.verdict is not None for r in rows) and any(r.verdict is None for r in rows)
    packed = PackedListRows(rows)
    assert packed.loose == 0
    assert all(_same(packed[n], row) for n, row in enumerate(rows))
