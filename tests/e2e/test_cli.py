"""The command line as a user runs it: real processes, exit codes, plain text and --json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import REPO, run_cli


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    first = run_cli("demo", data=d)
    assert first.returncode == 0, first.stderr
    assert "JKP.LPK.01" in first.stdout
    return d


def test_demo_twice_adds_nothing(demo_dir: Path) -> None:
    before = json.loads(run_cli("assessments", "list", "--json", "--all-revisions",
                            data=demo_dir).stdout)
    second = run_cli("demo", data=demo_dir)
    assert second.returncode == 0 and "tidak ada yang ditambahkan" in second.stdout
    after = json.loads(run_cli("assessments", "list", "--json", "--all-revisions",
                           data=demo_dir).stdout)
    assert after["total"] == before["total"] and after["total"] >= 9
    templates = {i["template"] for i in after["items"]}
    assert {"JKP.LPK.01", "KMPI.VISIT.01", "FR.AK.01.J620100.005.02",
            "FR.AK.05.J620100.005.02", "FR.AK.02.J620100.005.02"} <= templates
    assert {i["status"] for i in after["items"]} >= {"draft", "complete", "locked"}


def test_new_answer_show_finalise_flow(demo_dir: Path) -> None:
    new = run_cli("assessments", "new", "--template", "FR.IA.01.J620100.005.02",
              "--subject", "Dewi Lestari", "--json", data=demo_dir)
    assert new.returncode == 0, new.stderr
    aid = json.loads(new.stdout)["id"]
    ans = run_cli("assessments", "answer", aid[:8], "u1_e1_k1=ya", "u1_e1_k2=tidak", "tuk=sewaktu",
              data=demo_dir)
    assert ans.returncode == 0, ans.stderr
    assert ans.stdout.splitlines() == ["tersimpan  u1_e1_k1 = ya", "tersimpan  u1_e1_k2 = tidak",
                                       "tersimpan  tuk = sewaktu"]
    fin = run_cli("assessments", "finalise", aid, data=demo_dir)
    assert fin.returncode == 2
    assert "u1_e1_k3: Wajib diisi: KUK 1.3 " in fin.stderr  # words, not the issue code
    assert fin.stderr.strip().splitlines()[-1].startswith("assessor-app: belum dapat difinalisasi")
    shown = json.loads(run_cli("assessments", "show", aid, "--json", data=demo_dir).stdout)
    assert shown["status"] == "draft"
    assert shown["score"]["units"][0]["verdict"] == "OL"  # an instrument never says BK
    assert [k["kuk"] for k in shown["score"]["not_achieved"]] == ["1.2"]
    assert {"name": "u1_e1_k1", "label": "Rancangan user interface diidentifikasi sesuai "
            "kebutuhan.", "value": "ya", "relevant": True} in shown["answers"]


def test_repeat_rows_from_the_command_line(demo_dir: Path) -> None:
    new = json.loads(run_cli("assessments", "new", "--template", "JKP.LPK.01", "--subject",
                         "Cipta Karya", "--json", data=demo_dir).stdout)
    out = run_cli("assessments", "answer", new["id"], "instruktur_nama[1]=Agus Setiawan",
              "instruktur_pengalaman_tahun[1]=3", "instruktur_nama[2]=Rina", data=demo_dir)
    assert out.returncode == 0, out.stderr
    shown = json.loads(run_cli("assessments", "show", new["id"], "--json", data=demo_dir).stdout)
    names = [a["value"] for a in shown["answers"] if a["name"] == "instruktur_nama"]
    assert names == ["Agus Setiawan", "Rina"]


def test_bad_input_exits_2_with_one_line_and_no_traceback(demo_dir: Path) -> None:
    cases = [
        ("assessments", "show", "ffffffff"),
        ("assessments", "answer", "zz", "a=b"),
        ("assessments", "new", "--template", "TIDAK.ADA", "--subject", "x"),
    ]
    for args in cases:
        res = run_cli(*args, data=demo_dir)
        assert res.returncode == 2, args
        assert len(res.stderr.strip().splitlines()) == 1, res.stderr
        assert "Traceback" not in res.stderr
    aid = json.loads(run_cli("assessments", "new", "--template", "JKP.LPK.01", "--subject",
                         "Nusa Digital", "--json", data=demo_dir).stdout)["id"]
    res = run_cli("assessments", "answer", aid, "r1_1=ya", data=demo_dir, lang="en")
    assert res.returncode == 2
    assert res.stderr.strip() == ("assessor-app: 'ya' is not a valid option (choices: m, bm, "
                                  "na)")


def test_templates_validate_reports_positions_and_exit_code(tmp_path: Path) -> None:
    good = run_cli("templates", "validate", str(REPO / "forms"), data=tmp_path / "d")
    assert good.returncode == 0 and good.stdout.count("OK  ") == len(
        list((REPO / "forms").glob("*.yaml")))
    bad = tmp_path / "rusak.yaml"
    bad.write_text("template: 1\ncode: X\nversion: '1'\nkind: institutional\n"
                   "subject: institution\ntitle: X\nsections:\n  - name: s\n    title: S\n"
                   "    items:\n      - {name: a, type: text, label: A, relevant: '${b} = 1'}\n",
                   encoding="utf-8")
    res = run_cli("templates", "validate", str(bad), data=tmp_path / "d")
    assert res.returncode == 2
    assert res.stderr.strip() == f"{bad}:11:52: ${{b}} merujuk ke butir yang tidak ada"


def test_generate_a_competency_template_from_scheme_data(tmp_path: Path) -> None:
    out = tmp_path / "ia01.yaml"
    res = run_cli("templates", "generate", str(REPO / "forms/schemes/pengelasan-pipa.yaml"),
              "--form", "FR.IA.01", "-o", str(out), data=tmp_path / "d")
    assert res.returncode == 0, res.stderr
    from assessor_app.core.competency import load_scheme
    from assessor_app.core.muk import generate_template

    scheme = load_scheme(REPO / "forms/schemes/pengelasan-pipa.yaml")
    assert out.read_text(encoding="utf-8") == generate_template(scheme, "FR.IA.01")
    assert "verdict: recommendation" in out.read_text(encoding="utf-8")


def test_check_backup_and_restore(demo_dir: Path, tmp_path: Path) -> None:
    check = json.loads(run_cli("check", "--json", data=demo_dir).stdout)
    assert check["ok"] and check["schema_version"] >= 2
    b = run_cli("backup", "--json", data=demo_dir)
    assert b.returncode == 0, b.stderr
    backup = Path(json.loads(b.stdout)["backup"])
    assert backup.is_file()
    listing = json.loads(run_cli("assessments", "list", "--json", data=demo_dir).stdout)
    aid = next(i["id"] for i in listing["items"] if i["status"] == "draft")
    run_cli("assessments", "answer", aid, "catatan_temuan=setelah cadangan", data=demo_dir)
    restored = run_cli("restore", str(backup), data=demo_dir)
    assert restored.returncode == 0, restored.stderr
    check2 = json.loads(run_cli("check", "--json", data=demo_dir).stdout)
    assert check2["ok"]
    garbage = tmp_path / "bukan.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    bad = run_cli("restore", str(garbage), data=demo_dir)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    assert json.loads(run_cli("check", "--json", data=demo_dir).stdout)["ok"]


def test_python_dash_m_and_version() -> None:
    res = run_cli("--version", timeout=60)
    assert res.returncode == 0 and res.stdout.startswith("assessor-app ")
