"""`templates install FILE...`: checked with the loader, copied into DATA_DIR/templates and
installed in the store; read again at every start, listed, and sent in assignment packs.
The program's forms/ folder is never written."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from assessor_app.paths import AppPaths, forms_dir
from assessor_app.services.runtime import open_services
from assessor_app.services.templates import TemplateService
from tests.cli.conftest import Cli, fingerprint, new_data_dir, one_line_error

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_forms"
SOURCE = (LEGACY / "fr-ak-01.yaml").read_text(encoding="utf-8")


def _template(folder: Path, name: str = "uji.yaml", code: str = "UJI.AK.01",
              title: str = "Judul skema") -> Path:
    text = SOURCE.replace("code: FR.AK.01", f"code: {code}").replace("Judul skema", title)
    assert text != SOURCE
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _added(data: Path) -> list[str]:
    """Template files in the data folder other than those the shipped schemes wrote."""
    folder = data / "templates"
    if not folder.is_dir():
        return []
    shipped = {f"{p.stem}@{p.parent.parent.name}.yaml"
               for p in (data / "schemes").glob("*/*/instruments/*.yaml")}
    return sorted(p.name for p in folder.iterdir() if p.name not in shipped)


def _forms_listing() -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in forms_dir().rglob("*")}


def test_install_copies_into_the_data_folder_and_lists_it(cli: Cli, data: Path,
                                                          tmp_path: Path) -> None:
    forms = _forms_listing()
    src = _template(tmp_path)
    done = cli("templates", "install", str(src))
    assert done.code == 0, done.err
    copy = data / "templates" / "UJI.AK.01@2024.1.yaml"
    assert done.out.strip() == f"terpasang  UJI.AK.01 2024.1  ({copy})"
    assert copy.read_bytes() == src.read_bytes()
    listed = cli("templates", "list", "--json").json()
    mine = [t for t in listed if t["code"] == "UJI.AK.01"]
    assert len(mine) == 1 and mine[0]["id"] == hashlib.sha256(src.read_bytes()).hexdigest()
    assert cli("templates", "list").err == ""  # nothing in the data folder is broken
    assert _forms_listing() == forms  # the program's folder is left alone

    again = cli("templates", "install", str(src), "--json")
    assert again.code == 0, again.err
    assert again.json()["installed"] == [{
        "file": str(src), "code": "UJI.AK.01", "version": "2024.1", "id": mine[0]["id"],
        "new": False, "copy": None}]
    assert cli("templates", "install", str(src)).out.strip() == \
        "sudah terpasang  UJI.AK.01 2024.1"
    shipped = cli("templates", "install", str(LEGACY / "fr-ak-05.yaml"))
    assert shipped.out.strip().startswith("sudah terpasang  FR.AK.05 ")
    assert _added(data) == ["UJI.AK.01@2024.1.yaml"]

    made = cli("assessees", "add", "Dewi")
    assert made.code == 0
    new = cli("assessments", "new", "--template", "UJI.AK.01", "--subject", "Dewi", "--json")
    assert new.code == 0 and new.json()["template"] == "UJI.AK.01"


def test_the_data_folder_is_read_at_start(cli: Cli, data: Path, tmp_path: Path,
                                          golden_data_dir: Path) -> None:
    assert cli("templates", "install", str(_template(tmp_path))).code == 0
    # a store without it (restored from an older backup, say): the start installs it again
    for name in ("assessor.db", "assessor.db-wal", "assessor.db-shm"):
        (data / name).unlink(missing_ok=True)
    shutil.copy2(golden_data_dir / "assessor.db", data / "assessor.db")
    assert not cli("templates", "list", "--json", data_dir=new_data_dir(
        golden_data_dir, tmp_path / "other")).out.count("UJI.AK.01")  # the golden lacks it
    listed = cli("templates", "list")
    assert listed.code == 0 and listed.err == ""
    assert any(line.startswith("UJI.AK.01 ") for line in listed.out.splitlines())


def test_the_service_reads_its_install_folder_after_forms(tmp_path: Path) -> None:
    services = open_services(AppPaths(tmp_path / "d"), sync_templates=False)
    try:
        svc = services.templates
        assert svc.install_dir == tmp_path / "d" / "templates"
        assert svc.sources() == [forms_dir()]  # no folder yet: nothing to read, no error
        (tmp_path / "d" / "templates").mkdir()
        assert svc.sources() == [forms_dir(), tmp_path / "d" / "templates"]
    finally:
        services.close()
    assert TemplateService(engine=None).install_dir is None


def test_same_code_and_version_with_other_content_is_refused(cli: Cli, data: Path,
                                                             tmp_path: Path) -> None:
    assert cli("templates", "install", str(_template(tmp_path))).code == 0
    before = fingerprint(data)
    changed = _template(tmp_path, "uji-ubah.yaml", title="Judul skema (diubah)")
    one_line_error(cli("templates", "install", str(changed)),
                   "templat UJI.AK.01 versi 2024.1 sudah ada dengan isi berbeda")
    shipped = _template(tmp_path, "ak01.yaml", code="FR.AK.01", title="Judul lain")
    one_line_error(cli("templates", "install", str(shipped)), "templat FR.AK.01 versi 2024.1")
    assert fingerprint(data) == before
    assert _added(data) == ["UJI.AK.01@2024.1.yaml"]


def test_two_files_that_clash_install_neither(cli: Cli, data: Path, tmp_path: Path) -> None:
    before = fingerprint(data)
    one = _template(tmp_path, "a.yaml", code="UJI.DUA.01")
    two = _template(tmp_path, "b.yaml", code="UJI.DUA.01", title="Judul skema (lain)")
    one_line_error(cli("templates", "install", str(one), str(two)), "UJI.DUA.01")
    assert fingerprint(data) == before and _added(data) == []


@pytest.mark.parametrize(("text", "where", "words"), [
    ("code: RUSAK.01\nversion: \"1\"\nsections: [\n", ":4:1: ", "sintaks YAML salah"),
    (None, ":8:1: ", "kunci tidak dikenal 'kode'"),
])
def test_a_broken_template_copies_nothing(cli: Cli, data: Path, tmp_path: Path,
                                          text: str | None, where: str, words: str) -> None:
    broken = tmp_path / "rusak.yaml"
    broken.write_text(text if text is not None else SOURCE.replace("code: FR.AK.01",
                                                                   "kode: RUSAK.01"),
                      encoding="utf-8")
    good = _template(tmp_path)
    before = fingerprint(data)
    run = cli("templates", "install", str(good), str(broken))
    assert run.code == 2 and run.out == ""
    lines = run.err.strip().splitlines()
    assert all(line.startswith(f"{broken}:") for line in lines[:-1]), lines  # not the good
    assert any(line.startswith(f"{broken}{where}") and words in line for line in lines), lines
    assert lines[-1] == f"assessor-app: templat tidak valid ({len(lines) - 1} masalah)"
    assert fingerprint(data) == before and _added(data) == []
    as_json = cli("templates", "install", str(broken), "--json")
    assert as_json.code == 2 and as_json.json()["installed"] == []
    assert as_json.json()["errors"][0]["file"] == str(broken)


def test_a_missing_file(cli: Cli, data: Path, tmp_path: Path) -> None:
    run = cli("templates", "install", str(tmp_path / "tidak-ada.yaml"))
    assert run.code == 2 and "tidak-ada.yaml:1:1: berkas tidak dapat dibaca" in run.err
    assert _added(data) == []


def test_an_installed_template_reaches_a_laptop_in_a_pack(cli: Cli, data: Path,
                                                          tmp_path: Path,
                                                          golden_data_dir: Path) -> None:
    office = data
    laptop = new_data_dir(golden_data_dir, tmp_path / "laptop")
    assert cli("templates", "install", str(_template(tmp_path))).code == 0
    services = open_services(AppPaths(office))
    try:
        services.registry.save_self_assessor("Kantor LSP")
        services.registry.add_assessor("Budi Santoso", registration_no="MET.000.004633 2020")
    finally:
        services.close()
    key = cli("device", "show", "--json", data_dir=laptop).json()["ed25519_public"]
    enrol = cli("device", "enrol", key, "--name", "Laptop Budi", "--assessor", "Budi",
                data_dir=office)
    assert enrol.code == 0, enrol.err
    pack = cli("pack", "create", "--assessor", "Budi", "-o", str(tmp_path / "usb"), "--json",
               data_dir=office)
    assert pack.code == 0, pack.err
    assert not any(t["code"] == "UJI.AK.01"
                   for t in cli("templates", "list", "--json", data_dir=laptop).json())
    imported = cli("pack", "import", pack.json()["path"], "--json", data_dir=laptop)
    assert imported.code == 0, imported.err
    on_laptop = [t for t in cli("templates", "list", "--json", data_dir=laptop).json()
                 if t["code"] == "UJI.AK.01"]
    assert [t["version"] for t in on_laptop] == ["2024.1"]
    assert cli("assessees", "add", "Dewi", data_dir=laptop).code == 0
    new = cli("assessments", "new", "--template", "UJI.AK.01", "--subject", "Dewi",
              data_dir=laptop)
    assert new.code == 0, new.err
