"""Competency results on the command line (issue 11), as a user runs it: K / BK / OL and
"n/m KUK", never a percentage, a grade or "lulus"; a consent form (FR.AK.01) has no result
and is never counted as passed. Institutional records keep their score."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import LEGACY_IA01, OL_IA01, competency_records, run_cli


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, Any]]]:
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    d = tmp_path_factory.mktemp("results")
    services = open_services(AppPaths(d))
    try:
        records = competency_records(services)
    finally:
        services.store.close(clean=True)
    yield d, records


def _cli(d: Path, *args: str) -> str:
    res = run_cli(*args, data=d)
    assert res.returncode == 0, res.stderr
    return res.stdout


def test_list_shows_kuk_counts_and_verdicts_never_a_percentage(
        data: tuple[Path, dict[str, Any]]) -> None:
    d, rec = data
    lines = _cli(d, "assessments", "list").splitlines()
    ol = next(line for line in lines if line.startswith(rec["ol"].assessment_id[:8]))
    bk = next(line for line in lines if line.startswith(rec["bk"].assessment_id[:8]))
    assert "8/9 KUK" in ol and " OL " in ol
    assert "8/9 KUK" in bk and " BK " in bk
    competency = [line for line in lines if " FR." in line]
    assert len(competency) >= 6
    for line in competency:
        assert "%" not in line and "pass" not in line, line
    # a header in the user's language, then one row per record; cells are two or more
    # spaces apart (a status such as "Ditandatangani sebagian" has one inside)
    assert re.split(r" {2,}", lines[0]) == ["ID", "Revisi", "Status", "Templat", "Nilai",
                                            "Hasil", "Subjek"]
    rows = [re.split(r" {2,}", line) for line in lines[1:-1]]
    assert all(len(cells) == 7 for cells in rows), rows
    assert {cells[2] for cells in rows} <= {"Draf", "Final", "Ditandatangani sebagian",
                                            "Terkunci"}  # words, not the stored codes
    ak01 = [cells for cells in rows if cells[3] == "FR.AK.01.J620100.005.02"]
    assert len(ak01) == 4 and all(cells[4:6] == ["-", "-"] for cells in ak01)  # no result
    # the JKP: the verifier's recommendation in words, no percentage (issue 14)
    jkp = next(line for line in lines if " JKP.LPK.01 " in line)
    assert " Direkomendasikan " in jkp and "%" not in jkp


def test_list_json_has_no_percent_for_competency(data: tuple[Path, dict[str, Any]]) -> None:
    d, rec = data
    items = {i["id"]: i for i in json.loads(_cli(d, "assessments", "list", "--json"))["items"]}
    ol, bk = items[rec["ol"].assessment_id], items[rec["bk"].assessment_id]
    assert (ol["kind"], ol["score_percent"], ol["verdict"]) == ("competency", None, "OL")
    assert (ol["kuk_achieved"], ol["kuk_total"]) == (8, 9)
    assert (bk["score_percent"], bk["verdict"], bk["kuk_achieved"]) == (None, "BK", 8)
    for item in items.values():
        if item["kind"] == "competency":
            assert item["score_percent"] is None and item["verdict"] in (None, "K", "BK", "OL")
    ak01 = [i for i in items.values() if i["template"] == "FR.AK.01.J620100.005.02"]
    assert len(ak01) == 4  # the demo's three and the OL record's own
    assert all((i["verdict"], i["kuk_total"]) == (None, None) for i in ak01)
    jkp = next(i for i in items.values() if i["template"] == "JKP.LPK.01")
    assert jkp["kind"] == "institutional" and jkp["score_percent"] is None
    assert jkp["verdict"] == "recommended"
    assert jkp["kuk_total"] is None


def test_show_says_the_recommendation_and_kuk_achieved(
        data: tuple[Path, dict[str, Any]]) -> None:
    d, rec = data
    ol = _cli(d, "assessments", "show", rec["ol"].assessment_id)
    assert "Rekomendasi: OL (Observasi Lanjut) · 8/9 KUK tercapai" in ol
    assert "KUK 2.3" in ol
    bk = _cli(d, "assessments", "show", rec["bk"].assessment_id)
    assert "Rekomendasi: BK (Belum Kompeten) · 8/9 KUK tercapai" in bk
    for text in (ol, bk):
        assert "%" not in text and "LULUS" not in text.upper() and "GAGAL" not in text
    shown = json.loads(_cli(d, "assessments", "show", rec["bk"].assessment_id, "--json"))
    assert shown["template"] == LEGACY_IA01.split("@")[0]
    sc = shown["score"]
    assert (sc["percent"], sc["points"], sc["possible"], sc["grade"], sc["passed"]) == (
        None, None, None, None, None)
    assert (sc["verdict"], sc["kuk_achieved"], sc["kuk_total"]) == ("BK", 8, 9)
    assert all(s["percent"] is None for s in sc["sections"])
    assert shown["score_percent"] is None and shown["verdict"] == "BK"
    ol_json = json.loads(_cli(d, "assessments", "show", rec["ol"].assessment_id, "--json"))
    assert ol_json["template"] == OL_IA01 and ol_json["score"]["verdict"] == "OL"


def test_consent_form_shows_no_result(data: tuple[Path, dict[str, Any]]) -> None:
    d, _rec = data
    items = json.loads(_cli(d, "assessments", "list", "--json", "--template", "FR.AK.01.J620100.005.02"))
    aid = items["items"][0]["id"]
    text = _cli(d, "assessments", "show", aid)
    for word in ("%", "LULUS", "Rekomendasi", "Nilai:"):
        assert word not in text
    sc = json.loads(_cli(d, "assessments", "show", aid, "--json"))["score"]
    assert (sc["percent"], sc["passed"], sc["verdict"]) == (None, None, None)


def test_office_dashboard_counts_competency_apart(data: tuple[Path, dict[str, Any]]) -> None:
    d, _rec = data
    board = json.loads(_cli(d, "office", "dashboard", "--json"))
    o = board["overall"]
    # institutional: the demo's JKP carries the verifier's recommendation, no pass or fail
    # (issue 14); the FR.AK.01 consent forms are neither
    assert (o["passed"], o["failed"]) == (0, 0) and o["by_verdict"]["recommended"] == 1
    assert (o["competent"], o["not_competent"], o["further"]) == (2, 1, 2)
    ak01 = next(b for b in board["templates"] if b["key"] == "FR.AK.01.J620100.005.02")
    assert (ak01["passed"], ak01["failed"], ak01["pass_rate"]) == (0, 0, None)
    assert "pass" not in o["by_verdict"] and o["by_verdict"]["OL"] == 2
    text = _cli(d, "office", "dashboard")
    assert "observasi lanjut (OL) 2" in text and "Lembaga: lulus 0, tidak lulus 0" in text
