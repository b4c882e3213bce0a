"""``assessor-app schemes import|list`` as a user runs them (real processes)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.helpers import REPO, run_cli

SCHEMES = REPO / "forms" / "schemes"
MOTOR = SCHEMES / "pemeliharaan-sepeda-motor.yaml"


def test_import_then_again_then_list(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = run_cli("schemes", "import", str(MOTOR), data=data)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0] == ("Skema SKM/LSP-P2-BLKTM/021/2024 (sepeda-motor-kkni-ii) terpasang "
                        "sebagai versi 2024.1: 1 unit, 7 KUK.")
    assert "Instrumen:" in lines
    assert any(line.split() == ["FR.IA.01", "FR.IA.01.sepeda-motor-kkni-ii", "2024.1"]
               for line in lines)
    assert (data / "schemes" / "sepeda-motor-kkni-ii" / "2024.1" / "scheme.yaml").is_file()

    again = run_cli("schemes", "import", str(SCHEMES / "pemeliharaan-sepeda-motor.xlsx"),
                    "--json", data=data)
    assert again.returncode == 0, again.stderr
    payload = json.loads(again.stdout)
    assert (payload["status"], payload["version"], payload["slug"]) == (
        "already_installed", "2024.1", "sepeda-motor-kkni-ii")
    assert payload["level"] == "II" and payload["kuk"] == 7
    assert "FR.IA.01.sepeda-motor-kkni-ii" in [i["code"] for i in payload["instruments"]]

    listed = run_cli("schemes", "list", "--json", data=data)
    assert listed.returncode == 0, listed.stderr
    (row,) = json.loads(listed.stdout)
    assert (row["slug"], row["type"], row["level"], row["versions"], row["lsp"]) == (
        "sepeda-motor-kkni-ii", "KKNI", "II", ["2024.1"], "LSP P2 BLK Tirtamulya")
    table = run_cli("schemes", "list", "--lang", "en", data=data)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].split()[:4] == [
        "sepeda-motor-kkni-ii", "SKM/LSP-P2-BLKTM/021/2024", "KKNI", "II"]
    assert "version 2024.1; 1 units, 7 KUK" in table.stdout
    assert "FR.IA.01.sepeda-motor-kkni-ii" in table.stdout
    assert "FR.AK.02.sepeda-motor-kkni-ii" in table.stdout


def test_changed_content_is_installed_as_a_new_version(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copy(SCHEMES / "logo-lsp-tirtamulya.png", tmp_path)
    scheme = tmp_path / "skema.yaml"
    scheme.write_text(MOTOR.read_text(encoding="utf-8"), encoding="utf-8")
    assert run_cli("schemes", "import", str(scheme), data=data).returncode == 0
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "Tanda bahaya dan peringatan dipatuhi.", "Tanda bahaya dan peringatan ditaati."),
        encoding="utf-8")
    res = run_cli("schemes", "import", str(scheme), lang="en", data=data)
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0] == (
        "The content of scheme SKM/LSP-P2-BLKTM/021/2024 (sepeda-motor-kkni-ii) differs from "
        "the installed version 2024.1: installed as the new version 2024.1-2, 1 units, 7 KUK. "
        "The old version and the assessments that use it are not changed.")


def test_bad_scheme_file_exits_2_with_file_and_line(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copy(SCHEMES / "logo-lsp-tirtamulya.png", tmp_path)
    scheme = tmp_path / "skema.yaml"
    text = MOTOR.read_text(encoding="utf-8").replace('kuk: ["1.5"]', 'kuk: ["1.5", "3.1"]', 1)
    scheme.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if '"3.1"' in t)
    res = run_cli("schemes", "import", str(scheme), data=data)
    assert res.returncode == 2
    assert res.stderr.strip() == (
        f"assessor-app: {scheme}:{line}: data skema tidak valid: unit OTO.SM01.001.01 tidak "
        "memiliki KUK 3.1")
    english = run_cli("schemes", "import", str(scheme), "--lang", "en", data=data)
    assert english.returncode == 2
    assert english.stderr.strip() == (
        f"assessor-app: {scheme}:{line}: invalid scheme data: unit OTO.SM01.001.01 has no "
        "KUK 3.1")
    assert not (data / "schemes").exists() and not (data / "templates").exists()
    empty = run_cli("schemes", "list", data=data)
    assert (empty.returncode, empty.stdout.strip()) == (0, "Belum ada skema terpasang.")
