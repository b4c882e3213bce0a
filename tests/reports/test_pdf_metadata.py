"""PDF metadata never holds personal data (issue 13, UU PDP): the title, subject,
keywords and author of every PDF the app writes carry no name and no NIK, because file
managers, desktop search and print queues show them. A file printed before (its title
had the subject's name) still verifies."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from assessor_app.services.reports import ReportService
from tests.reports.support import demo_id

META_KEYS = ("/Title", "/Subject", "/Keywords", "/Author", "/Creator", "/Producer")


def _metadata(data: bytes) -> dict[str, str]:
    meta: Any = PdfReader(io.BytesIO(data)).metadata or {}
    return {k: str(meta.get(k, "")) for k in META_KEYS}


def _personal(demo: Any) -> list[str]:
    """Every name and NIK of the demo store (people, institution heads, assessors)."""
    reg = demo.registry
    words = [a.name for a in reg.assessees()] + [a.nik for a in reg.assessees() if a.nik]
    words += [i.head_name for i in reg.institutions() if i.head_name]
    words += [a.name for a in reg.assessors()]
    return [w for w in words if w]


def _assert_clean(data: bytes, personal: list[str]) -> dict[str, str]:
    meta = _metadata(data)
    for key, value in meta.items():
        for word in personal:
            assert word not in value, (key, value, word)
    return meta


def test_record_reports_have_no_name_or_nik_in_their_metadata(
        demo: Any, reports: ReportService) -> None:
    personal = _personal(demo)
    for key in ("ia01-rizky", "jkp-complete"):
        row = demo.assessments.resolve(demo_id(demo, key))
        pdf = reports.render_assessment(row.id)
        meta = _assert_clean(pdf, personal)
        assert row.subject_name not in meta["/Title"] and meta["/Title"].strip()
        # the page itself names its subject: that is the report's content
        assert row.subject_name.split()[0] in "".join(
            p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    _assert_clean(reports.render_blank("JKP.LPK.01"), personal)


def test_subject_report_and_breach_notice_keep_names_out_of_their_metadata(
        demo: Any, tmp_path: Path) -> None:
    personal = _personal(demo)
    person = demo.registry.assessees()[0]
    report = demo.subjects.report(person.nik or person.id)
    path = demo.subjects.write(report, tmp_path / "laporan.pdf")
    meta = _assert_clean(path.read_bytes(), personal)
    assert meta["/Title"] == "Laporan subjek data"
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    assert person.name in text and (person.nik or "") in text  # their own report: in full
    entry = demo.breaches.record(discovered_at="2026-11-20 09:00",
                                 description=f"Laptop {person.name} hilang",
                                 data_categories="NIK, nama, foto")
    notice = demo.breaches.write_notice(entry.id, tmp_path / "pemberitahuan.pdf")
    _assert_clean(notice.read_bytes(), personal)


def test_a_report_printed_with_the_old_title_still_verifies(
        demo: Any, reports: ReportService) -> None:
    """Files printed before issue 13 carry the subject's name in their title; their
    verification re-renders with that title and still matches the signed original."""
    rid = demo_id(demo, "ia01-rizky")
    detail = demo.assessments.detail(rid, deep=True)
    old, _meta = reports._render_detail(detail, "a4", "id", None, legacy_title=True)
    assert detail.row.subject_name in _metadata(old)["/Title"]
    res = reports.verify_bytes(old)
    assert res.valid and res.reason_code == "valid" and res.matched == "signed", res
    new = reports.render_assessment(rid)
    res = reports.verify_bytes(new)
    assert res.valid and res.matched == "signed", res
