"""``assessor-app --self-test`` passes on a healthy install and names the failing step."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assessor_app.selftest import SelfTest
from tests.helpers import REPO, run_cli


def test_self_test_command_passes_and_touches_no_user_data(tmp_path: Path) -> None:
    res = run_cli("--self-test", data=tmp_path / "user-data", timeout=300)
    assert res.returncode == 0, res.stdout + res.stderr
    lines = res.stdout.splitlines()
    assert [ln.split()[1] for ln in lines if ln.startswith("OK")] == [
        "1/7", "2/7", "3/7", "4/7", "5/7", "6/7", "7/7"]
    assert lines[-1] == "SELF-TEST LULUS"
    assert not (tmp_path / "user-data").exists()


def test_a_broken_template_fails_step_2_with_its_number(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    forms = tmp_path / "forms"
    shutil.copytree(REPO / "forms", forms)
    (forms / "rusak.yaml").write_text("template: 1\ncode: X\n", encoding="utf-8")
    monkeypatch.setattr("assessor_app.paths.forms_dir", lambda: forms)
    monkeypatch.setattr("assessor_app.services.runtime.forms_dir", lambda: forms)
    lines: list[str] = []
    code = SelfTest(tmp_path / "run", lines.append).run()
    assert code == 2
    assert any(ln.startswith("GAGAL 2/7 muat semua templat: invalid template: rusak.yaml")
               for ln in lines)
