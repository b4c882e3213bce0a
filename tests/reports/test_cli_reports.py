"""`assessor-app report` and `assessor-app verify` as a user runs them: real processes,
exit codes 0 (done / VALID) and 2 (bad input / NOT VALID), plain text and --json."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import run_cli


@pytest.fixture()
def data(demo_db: Path, tmp_path: Path) -> Path:
    d = tmp_path / "cli"
    d.mkdir()
    shutil.copy2(demo_db, d / "assessor.db")
    return d


def test_report_then_verify(data: Path, tmp_path: Path) -> None:
    from assessor_app.services.templates import stable_id

    rizky = stable_id("demo", "assessment", "ia01-rizky")  # the demo's FR.IA.01, locked
    out = tmp_path / "ia01.pdf"
    made = run_cli("report", rizky[:8], "-o", str(out), data=data)  # a unique prefix will do
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"Laporan disimpan: {out} (3 halaman, kode verifikasi ")
    assert out.read_bytes().startswith(b"%PDF-")
    shown = json.loads(run_cli("assessments", "show", rizky, "--json", data=data).stdout)
    ok = run_cli("verify", str(out), data=data)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith(f"VALID — laporan asli: penilaian {shown['id'][:8]} revisi 1 ")


def test_batch_blank_f4_english_json(data: Path, tmp_path: Path) -> None:
    batch = tmp_path / "ak05.pdf"
    made = run_cli("report", "--visit", "045/LSP-P2-BLKTM", "--form", "FR.AK.05", "-o", str(batch),
               "--json", data=data)
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    assert info["kind"] == "batch" and info["status"] == "draft" and info["pages"] >= 1
    blank = tmp_path / "blank.pdf"
    made = run_cli("report", "--blank", "JKP.LPK.01", "-o", str(blank), "--paper", "f4",
               "--lang", "en", "--json", data=data)
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    assert (info["kind"], info["paper"], info["lang"]) == ("blank", "f4", "en")


def test_bad_input_and_garbage_exit_2_without_traceback(data: Path, tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.pdf"
    garbage.write_bytes(os.urandom(2048))
    result = run_cli("verify", str(garbage), data=data)
    assert result.returncode == 2
    assert result.stdout.strip() == "NOT VALID — berkas ini bukan PDF atau rusak"
    assert "Traceback" not in result.stderr
    both = run_cli("report", "abcd1234", "--blank", "FR.AK.01", "-o", str(tmp_path / "x.pdf"),
               data=data)
    assert both.returncode == 2
    assert "sebutkan tepat satu" in both.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_every_final_record_of_a_visit_in_one_folder(data: Path, tmp_path: Path) -> None:
    """The visit's day of reports printed in one go (issue 12, batch print): one verifiable
    PDF per final record in a new folder; drafts are left out; run twice, two folders."""
    out = tmp_path / "cetak"
    out.mkdir()
    made = run_cli("report", "--visit", "045/LSP-P2-BLKTM", "--all", "-o", str(out), "--json",
                   data=data)
    assert made.returncode == 0, made.stderr
    info = json.loads(made.stdout)
    files = [Path(f) for f in info["files"]]
    folder = Path(info["folder"])
    assert folder.parent == out and folder.name.startswith("laporan-045-LSP-P2-BLKTM")
    listed = json.loads(run_cli("assessments", "list", "--json", "--limit", "500",
                                data=data).stdout)["items"]
    assert files and all(f.parent == folder and f.read_bytes().startswith(b"%PDF-")
                         for f in files)
    assert len(files) < len(listed)  # the visit's drafts (and other visits) are not printed
    ok = run_cli("verify", str(files[0]), data=data)
    assert ok.returncode == 0, ok.stderr
    again = json.loads(run_cli("report", "--visit", "045/LSP-P2-BLKTM", "--all", "-o", str(out),
                               "--json", data=data).stdout)
    assert Path(again["folder"]) != folder and len(again["files"]) == len(files)
    missing = run_cli("report", "--visit", "045/LSP-P2-BLKTM", "--all", "-o",
                      str(tmp_path / "nope"), data=data)
    assert missing.returncode == 2 and "bukan folder" in missing.stderr
    assert "Traceback" not in missing.stderr
