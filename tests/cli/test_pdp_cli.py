"""The personal-data commands (issue 13) and what the CLI prints of stored text: never a
terminal escape, a C0/C1 control or a bidi override that came in through the database
(an old store, a bundle, a hand edit with sqlite3); ``--json`` keeps the data exact."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from openpyxl import load_workbook

from assessor_app.core.display import REPLACEMENT
from tests.cli.conftest import Cli, one_line_error

NIK = "3578015505990003"
# ESC sequences (colour, window title via OSC ... BEL), a C1 CSI, a carriage return that
# would overprint the line, and bidi overrides/isolates (U+202E "Trojan Source", U+2066)
EVIL_NAME = "Budi\x1b[31mMERAH\x1b]0;owned\x07 \u202eexe.txt\u202c Santoso\r\x9b2J"
EVIL_INSTITUTION = "LPK \u2066Maju\u2069 \x1b[2JJaya"
UNSAFE = ["\x1b", "\x07", "\x9b", "\r", "\u202e", "\u202c", "\u2066", "\u2069"]


def _unsafe_in(text: str) -> list[str]:
    return [repr(c) for c in UNSAFE if c in text]


def _inject(data: Path) -> tuple[str, str]:
    """Names with control characters written behind the app's back (sqlite3)."""
    con = sqlite3.connect(data / "assessor.db")
    try:
        person = con.execute("SELECT id FROM assessee WHERE nik = ?", (NIK,)).fetchone()[0]
        inst = con.execute("SELECT id FROM institution WHERE name = 'LPK Bersih'").fetchone()[0]
        con.execute("UPDATE assessee SET name = ? WHERE id = ?", (EVIL_NAME, person))
        con.execute("UPDATE institution SET name = ?, head_name = ? WHERE id = ?",
                    (EVIL_INSTITUTION, EVIL_NAME, inst))
        con.commit()
    finally:
        con.close()
    return person, inst


def test_stored_control_characters_are_never_printed(cli: Cli, data: Path) -> None:
    assert cli("institutions", "add", "LPK Bersih").code == 0
    assert cli("assessees", "add", "Budi Santoso", "--nik", NIK).code == 0
    assert cli("consent", "add", "--institution", "LPK Bersih", "--given-by", "Kepala",
               "--scope", "Visitasi").code == 0
    person, inst = _inject(data)
    runs = [cli("assessees", "list"), cli("institutions", "list"), cli("consent", "list"),
            cli("subject", "report", NIK), cli("subject", "report", inst),
            cli("audit", "list", "--subject", person),
            cli("consent", "add", "--assessee", NIK, "--given-by", "x", "--scope", "y"),
            cli("subject", "report", "Budi")]  # an error that names the match
    for run in runs:
        assert _unsafe_in(run.out) == [] and _unsafe_in(run.err) == [], (run.out, run.err)
    listing = runs[0].out
    assert "Budi" in listing and "Santoso" in listing and REPLACEMENT in listing
    assert "MERAH" in listing  # the text stays visible; only the controls are replaced
    # --json is lossless: the escapes read back as the stored characters
    raw = cli("assessees", "list", "--json")
    assert _unsafe_in(raw.out) == []
    assert EVIL_NAME in [p["name"] for p in json.loads(raw.out)]
    report = cli("subject", "report", NIK, "--json")
    assert _unsafe_in(report.out) == [] and report.json()["subject"]["name"] == EVIL_NAME


def test_consent_add_withdraw_show(cli: Cli, data: Path) -> None:
    assert cli("institutions", "add", "LPK Sejahtera", "--head-name", "Ir. Hartono").code == 0
    added = cli("consent", "add", "--institution", "LPK Sejahtera", "--given-by",
                "Ir. Hartono", "--scope", "Foto sarana, wawancara pimpinan", "--json")
    assert added.code == 0, added.err
    cid = added.json()["id"]
    assert added.json()["subject_kind"] == "institution" and not added.json()["withdrawn_at"]
    one_line_error(cli("consent", "withdraw", cid[:8], "--reason", "  "), "alasan")
    done = cli("consent", "withdraw", cid[:8], "--reason", "Lembaga menolak")
    assert done.code == 0, done.err
    assert "ditarik" in done.out and "Akibat penarikan" in done.out
    assert "Penilaian baru untuk LPK Sejahtera tidak dapat dimulai" in done.out
    one_line_error(cli("consent", "withdraw", cid, "--reason", "lagi"), "sudah ditarik")
    shown = cli("consent", "show", cid, "--json").json()
    assert shown["consent"]["withdrawn_reason"] == "Lembaga menolak"
    assert shown["consent"]["delivered"] is False
    listed = cli("consent", "list", "--active", "--json").json()
    assert cid not in [c["id"] for c in listed]
    one_line_error(cli("consent", "show", "zzzz"), "zzzz")
    # no new institutional assessment until a new consent is recorded
    refused = cli("assessments", "new", "--template", "JKP.LPK.01", "--subject",
                  "LPK Sejahtera")
    one_line_error(refused, "persetujuan LPK Sejahtera telah ditarik")
    assert cli("consent", "add", "--institution", "LPK Sejahtera", "--given-by",
               "Ir. Hartono", "--scope", "Visitasi ulang").code == 0
    assert cli("assessments", "new", "--template", "JKP.LPK.01", "--subject",
               "LPK Sejahtera").code == 0


def test_audit_list_and_export(cli: Cli, data: Path, tmp_path: Path) -> None:
    assert cli("assessees", "add", "=HYPERLINK(\"x\")", "--nik", NIK).code == 0
    new = cli("assessments", "new", "--template", "FR.AK.01", "--subject", NIK, "--json")
    assert new.code == 0, new.err
    assert cli("assessments", "show", new.json()["id"]).code == 0
    rows = cli("audit", "list", "--subject", NIK, "--json").json()
    actions = [r["action"] for r in rows["items"]]
    assert "view" in actions and "create" in actions
    assert all(r["entity_id"] in (new.json()["id"], rows["items"][-1]["entity_id"])
               for r in rows["items"])
    views = cli("audit", "list", "--action", "view", "--json").json()
    assert {r["action"] for r in views["items"]} == {"view"}
    assert cli("audit", "list", "--from", "2001-01-01", "--to", "2001-01-02",
               "--json").json()["total"] == 0
    one_line_error(cli("audit", "list", "--from", "kemarin"), "kemarin")
    out_csv = tmp_path / "audit.csv"
    assert cli("audit", "export", "-o", str(out_csv)).code == 0
    text = out_csv.read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:4] == ["id", "at", "actor", "action"]
    out_xlsx = tmp_path / "audit.xlsx"
    assert cli("audit", "export", "-o", str(out_xlsx), "--subject", NIK).code == 0
    sheet = load_workbook(out_xlsx).active
    assert sheet is not None and sheet.max_row >= 3
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)  # no formula
    one_line_error(cli("audit", "export", "-o", str(tmp_path / "audit.txt")), ".csv")
    # the export itself is in the log, like the office's data export
    assert cli("office", "export", "--template", "FR.AK.01", "--format", "csv", "-o",
               str(tmp_path / "ak01.csv")).code == 0
    exports = cli("audit", "list", "--action", "export", "--json").json()["items"]
    assert {(r["entity"], r["field"]) for r in exports} >= {
        ("audit_log", "audit_log"), ("assessee", "audit_log"), ("office_export", "csv")}


def test_subject_report_files(cli: Cli, data: Path, tmp_path: Path) -> None:
    assert cli("assessees", "add", "Rina Marlina", "--nik", NIK).code == 0
    assert cli("assessments", "new", "--template", "FR.AK.01", "--subject", NIK).code == 0
    summary = cli("subject", "report", NIK)
    assert summary.code == 0 and "Rina Marlina" in summary.out and "1 revisi" in summary.out
    for suffix in ("json", "pdf"):
        target = tmp_path / f"subjek.{suffix}"
        run = cli("subject", "report", NIK, "-o", str(target))
        assert run.code == 0, run.err
        assert target.stat().st_size > 100
    data_ = json.loads((tmp_path / "subjek.json").read_text(encoding="utf-8"))
    assert data_["details"]["nik"] == NIK and len(data_["records"]) == 1
    one_line_error(cli("subject", "report", NIK, "-o", str(tmp_path / "x.txt")), ".pdf")
    one_line_error(cli("subject", "report", "9999999999999999"), "9999999999999999")


def test_retention_commands(cli: Cli) -> None:
    status = cli("retention", "status", "--json").json()
    assert status["days"] == 90 and status["due"] == []
    assert cli("retention", "set", "--days", "30").code == 0
    assert cli("retention", "status", "--json").json()["days"] == 30
    one_line_error(cli("retention", "set", "--days", "-1"), "-1")
    dry = cli("retention", "purge", "--dry-run", "--json").json()
    assert dry["dry_run"] and dry["purged"] == []
    assert "Masa retensi: 30 hari" in cli("retention", "status").out


def test_breach_log_and_notice(cli: Cli, tmp_path: Path) -> None:
    added = cli("breach", "add", "--discovered", "2026-11-20 08:00", "--description",
                "Laptop asesor hilang di terminal", "--data-categories", "NIK, nama, foto asesi",
                "--subjects", "12", "--json")
    assert added.code == 0, added.err
    entry = added.json()
    assert entry["notice_due"] == "2026-11-23T01:00:00.000Z"  # 3 x 24 h after 08.00 WIB
    one_line_error(cli("breach", "add", "--discovered", "besok", "--description", "x",
                       "--data-categories", "y"), "besok")
    one_line_error(cli("breach", "update", entry["id"], "--subjects", "banyak"), "banyak")
    upd = cli("breach", "update", entry["id"][:8], "--subjects-notified", "2026-11-21 10:00",
              "--authority-notified", "2026-11-21 11:00", "--actions", "Akun diblokir",
              "--json")
    assert upd.code == 0 and upd.json()["notified"] is True
    assert "sudah diberitahukan" in cli("breach", "list").out
    shown = cli("breach", "show", entry["id"]).out
    assert "Akun diblokir" in shown and "NIK, nama, foto asesi" in shown
    target = tmp_path / "pemberitahuan.pdf"
    assert cli("breach", "notice", entry["id"], "-o", str(target)).code == 0
    assert target.read_bytes().startswith(b"%PDF-")
    one_line_error(cli("breach", "notice", entry["id"], "-o", str(tmp_path / "x.doc")),
                   ".pdf")
