"""`templates import FORM.xlsx` and `templates export CODE -o FORM.xlsx`: an XLSForm goes
the way of `templates install` (checked, copied into the data folder as YAML, versioned);
what it cannot express is listed per cell and changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assessor_app.paths import forms_dir
from tests.cli.conftest import Cli, fingerprint
from tests.unit.test_xlsform import YN, book, group

SURVEY: list[list[Any]] = [
    ["type", "name", "label", "required", "required_message", "relevant"],
    ["start", "mulai"],
    ["text", "nomor", "Nomor surat"],
    *group(["select_one yn", "ada", "Ada ruang kelas?", "yes", "Jawab apakah ada ruang kelas"],
           ["integer", "jumlah", "Jumlah ruang", None, None, "selected(${ada}, 'y')"])]


def _settings(version: str) -> list[list[str]]:
    return [["form_id", "version", "form_title"], ["UJI.XLS.01", version, "Formulir uji"]]


def test_import_list_export_and_import_again(cli: Cli, data: Path, tmp_path: Path) -> None:
    src = book(tmp_path, SURVEY, YN, _settings("1"))
    done = cli("templates", "import", str(src))
    assert done.code == 0, done.err
    copy = data / "templates" / "UJI.XLS.01@1.yaml"
    assert done.out.strip() == f"terpasang  UJI.XLS.01 1  ({copy})"
    assert copy.read_text(encoding="utf-8").startswith("# Imported from XLSForm\n")
    assert done.err.strip() == f"{src.name}:survey!A2: peringatan: metadata 'start' tidak " \
                               "dicatat templat; diabaikan"
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


def test_a_new_version_leaves_the_assessments_of_the_old_one_alone(cli: Cli, data: Path,
                                                                  tmp_path: Path) -> None:
    """Versioned: an assessment started on version 1 keeps version 1 (its items, its
    required message, its answers) after version 2 is imported; new ones get version 2."""
    assert cli("templates", "import", str(book(tmp_path, SURVEY, YN, _settings("1")))).code == 0
    assert cli("institutions", "add", "LPK Versi Satu").code == 0
    made = cli("assessments", "new", "--template", "UJI.XLS.01", "--subject", "LPK Versi",
               "--json")
    assert made.code == 0, made.err
    old = str(made.json()["id"])
    assert cli("assessments", "answer", old, "nomor=12/2026").code == 0
    refused = cli("assessments", "finalise", old)
    assert refused.code == 2
    assert "ada: Wajib diisi: Ada ruang kelas? — Jawab apakah ada ruang kelas" in refused.err
    shown = cli("assessments", "show", old, "--json").json()
    assert shown["issues"] == [{"kind": "missing", "item": "ada", "label": "Ada ruang kelas?",
                                "message": "Jawab apakah ada ruang kelas"}]

    v2 = [*SURVEY[:3], *group(
        ["select_one yn", "ada", "Ada ruang kelas?", "yes", "Pilih Ya atau Tidak"],
        ["integer", "jumlah", "Jumlah ruang", "yes", None, "selected(${ada}, 'y')"],
        ["text", "catatan", "Catatan baru"])]
    forms = {p: p.stat().st_mtime_ns for p in forms_dir().rglob("*")}
    assert cli("templates", "import", str(book(tmp_path, v2, YN, _settings("2"),
                                               name="v2.xlsx"))).code == 0
    assert {p: p.stat().st_mtime_ns for p in forms_dir().rglob("*")} == forms  # data folder
    assert sorted(p.name for p in (data / "templates").glob("UJI.XLS.01@*")) == [
        "UJI.XLS.01@1.yaml", "UJI.XLS.01@2.yaml"]
    # version 1 again with other content is refused: a version never changes
    before = fingerprint(data)
    clash = cli("templates", "import", str(book(tmp_path, v2, YN, _settings("1"),
                                                name="v1-lain.xlsx")))
    assert clash.code == 2 and "UJI.XLS.01 versi 1 sudah ada dengan isi berbeda" in clash.err
    assert fingerprint(data) == before
    again = cli("assessments", "show", old, "--json").json()
    assert again["template"] == shown["template"] and again["issues"] == shown["issues"]
    assert again["template_version"] == "1"
    assert cli("assessments", "answer", old, "catatan=x").code == 2  # not in version 1
    assert cli("assessments", "answer", old, "ada=n").code == 0
    assert cli("assessments", "finalise", old).code == 0  # version 1's rules
    new = cli("assessments", "new", "--template", "UJI.XLS.01", "--subject", "LPK Versi",
              "--json").json()
    assert cli("assessments", "show", str(new["id"]), "--json").json()["template_version"] \
        == "2"
