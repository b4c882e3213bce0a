"""`templates import FORM.xlsx` and `templates export CODE -o FORM.xlsx`: an XLSForm goes
the way of `templates install` (checked, copied into the data folder as YAML, versioned);
what it cannot express is listed per cell and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli.conftest import Cli, fingerprint
from tests.unit.test_xlsform import YN, book, group

SURVEY: list[list[Any]] = [["type", "name", "label", "required_message", "relevant"],
          ["text", "nomor", "Nomor surat"],
          *group(["select_one yn", "ada", "Ada ruang kelas?", "Wajib"],
                 ["integer", "jumlah", "Jumlah ruang", None, "selected(${ada}, 'y')"])]


def _settings(version: str) -> list[list[str]]:
    return [["form_id", "version", "form_title"], ["UJI.XLS.01", version, "Formulir uji"]]


def test_import_list_export_and_import_again(cli: Cli, data: Path, tmp_path: Path) -> None:
    src = book(tmp_path, SURVEY, YN, _settings("1"))
    done = cli("templates", "import", str(src))
    assert done.code == 0, done.err
    copy = data / "templates" / "UJI.XLS.01@1.yaml"
    assert done.out.strip() == f"terpasang  UJI.XLS.01 1  ({copy})"
    assert copy.read_text(encoding="utf-8").startswith("# Imported from XLSForm\n")
    assert done.err.strip() == f"{src.name}:survey!D4: peringatan: required_message tidak " \
                               "didukung: pesan baku dipakai"
    listed = cli("templates", "list", "--json").json()
    assert [t["version"] for t in listed if t["code"] == "UJI.XLS.01"] == ["1"]

    out = tmp_path / "keluar.xlsx"
    exported = cli("templates", "export", "UJI.XLS.01", "-o", str(out))
    assert exported.code == 0, exported.err
    assert cli("templates", "import", str(out)).out.strip() == "sudah terpasang  UJI.XLS.01 1"

    # a new version is a new template; the old one stays as it was
    v2 = book(tmp_path, SURVEY, YN, _settings("2"), name="v2.xlsx")
    assert cli("templates", "import", str(v2)).code == 0
    assert (data / "templates" / "UJI.XLS.01@1.yaml").read_bytes() == copy.read_bytes()
    assert {r.split()[1] for r in cli("templates", "list").out.splitlines()
            if r.startswith("UJI.XLS.01 ")} == {"2"}


def test_a_form_it_cannot_express_changes_nothing(cli: Cli, data: Path, tmp_path: Path) -> None:
    before = fingerprint(data)
    bad = book(tmp_path, [["type", "name", "label"], *group(["range", "r", "R"])])
    run = cli("templates", "import", str(bad))
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines()[0] == f"{bad.name}:survey!A3: jenis 'range' tidak didukung " \
                                      "templat"
    assert fingerprint(data) == before
    assert not (data / "templates" / "UJI.XLS@1.yaml").exists()


def test_export_refuses_what_a_workbook_would_lose(cli: Cli, data: Path, tmp_path: Path) -> None:
    src = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_forms" / "fr-ak-01.yaml"
    text = src.read_text(encoding="utf-8").replace("code: FR.AK.01", "code: UJI.SPASI.01")
    label = "label: { id: Skema sertifikasi (KKNI/Okupasi/Klaster),"
    assert label in text  # a survey label with spaces around it: pyxform trims cells
    (tmp_path / "spasi.yaml").write_text(
        text.replace(label, 'label: { id: "  Skema sertifikasi  ",', 1), encoding="utf-8")
    assert cli("templates", "install", str(tmp_path / "spasi.yaml")).code == 0
    out = tmp_path / "spasi.xlsx"
    run = cli("templates", "export", "UJI.SPASI.01", "-o", str(out))
    assert run.code == 2 and run.out == "" and not out.exists()
    assert run.err.startswith("assessor-app: templat UJI.SPASI.01 tidak dapat ditulis sebagai "
                              "XLSForm: header[0].label.id (skema_jenis)"), run.err
