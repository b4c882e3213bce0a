"""The scheme registry (services/schemes.py): import into the data folder, versions that
are never overwritten, instruments installed as templates, the list."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.competency import dump_scheme, load_scheme
from assessor_app.core.errors import AppError
from assessor_app.core.muk_forms import FORMS
from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from tests.helpers import add_asesi

REPO = Path(__file__).resolve().parents[2]
SCHEMES = REPO / "forms" / "schemes"
MOTOR = SCHEMES / "pemeliharaan-sepeda-motor.yaml"
MOTOR_CODE = "FR.IA.01.sepeda-motor-kkni-ii"


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def _copy_motor(tmp_path: Path, name: str = "skema.yaml") -> Path:
    """The motorcycle scheme in tmp_path (with its logo), to be changed by the test."""
    shutil.copy(SCHEMES / "logo-lsp-tirtamulya.png", tmp_path / "logo-lsp-tirtamulya.png")
    path = tmp_path / name
    shutil.copy(MOTOR, path)
    return path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_import_installs_the_scheme_and_its_instruments(services: Any) -> None:
    paths: AppPaths = services.paths
    forms_before = _tree(REPO / "forms")
    result = services.schemes.import_file(MOTOR)
    assert (result.status, result.slug, result.version) == (
        "installed", "sepeda-motor-kkni-ii", "2024.1")
    assert (result.type, result.level, result.units, result.kuk) == ("KKNI", "II", 1, 7)
    assert result.path == paths.schemes_dir / "sepeda-motor-kkni-ii" / "2024.1" / "scheme.yaml"
    # the normalised copy reads back to the same data; its logo is the data folder's copy
    copy = load_scheme(result.path)
    assert dump_scheme(copy) == dump_scheme(load_scheme(MOTOR))
    logo = (SCHEMES / "logo-lsp-tirtamulya.png").read_bytes()
    assert copy.lsp is not None and copy.lsp.logo == (
        paths.logos_dir / f"{hashlib.sha256(logo).hexdigest()}.png").resolve()
    assert copy.lsp.logo.read_bytes() == logo
    # every instrument is a template in the store and a file in <data>/templates
    forms = [i.form for i in result.instruments]
    assert "FR.IA.01" in forms and len(forms) == len(set(forms))
    for inst in result.instruments:
        row = services.templates.find(inst.code)
        assert (row.id, row.version) == (inst.template_id, "2024.1")
        assert (paths.templates_dir / f"{inst.code}@2024.1.yaml").is_file()
    template = services.templates.get(services.templates.find(MOTOR_CODE).id)
    assert [u.unit.code for u, _ in template.units() if u.unit] == ["OTO.SM01.001.01"]
    assert _tree(REPO / "forms") == forms_before  # nothing written into the program folder


def test_the_same_content_again_changes_nothing(services: Any) -> None:
    first = services.schemes.import_file(MOTOR)
    before = _tree(services.paths.schemes_dir), _tree(services.paths.templates_dir)
    templates = len(services.templates.rows())
    again = services.schemes.import_file(MOTOR)
    assert (again.status, again.version) == ("already_installed", "2024.1")
    assert again.instruments == first.instruments
    # the same scheme from the workbook layout is the same content
    xlsx = services.schemes.import_file(SCHEMES / "pemeliharaan-sepeda-motor.xlsx")
    assert (xlsx.status, xlsx.version) == ("already_installed", "2024.1")
    assert (_tree(services.paths.schemes_dir), _tree(services.paths.templates_dir)) == before
    assert len(services.templates.rows()) == templates


def test_changed_content_under_the_same_version_is_a_new_version(services: Any,
                                                                 tmp_path: Path) -> None:
    scheme_file = _copy_motor(tmp_path)
    first = services.schemes.import_file(scheme_file)
    old_dir = first.path.parent
    old_files = _tree(old_dir)
    asesi = add_asesi(services)
    # (an FR.APL.02: an FR.IA.01 cannot start before the asesi's signed FR.AK.01)
    started = services.assessments.create(MOTOR_CODE.replace("FR.IA.01", "FR.APL.02"),
                                          assessee_id=asesi.id)
    old_template = services.assessments.template_of(started)
    assert old_template.version == "2024.1"

    _edit(scheme_file, "text: Tanda bahaya dan peringatan dipatuhi.",
          "text: Tanda bahaya dan peringatan dipatuhi (revisi LSP).")
    second = services.schemes.import_file(scheme_file)
    assert (second.status, second.version, second.declared_version) == (
        "new_version", "2024.1-2", "2024.1")
    assert second.previous_versions == ("2024.1",)
    assert second.path.parent == old_dir.parent / "2024.1-2"
    assert _tree(old_dir) == old_files  # the old version is untouched
    # the assessment keeps its template; new ones get the new version
    assert services.assessments.template_of(
        services.assessments.resolve(started.id)).sha256 == old_template.sha256
    assert services.templates.find(MOTOR_CODE).version == "2024.1-2"
    assert {r.version for r in services.templates.rows() if r.code == MOTOR_CODE} == {
        "2024.1", "2024.1-2"}
    newest = services.templates.get(services.templates.find(MOTOR_CODE).id)
    labels = [i.label.id for i in newest.walk_items() if i.kuk]
    assert "Tanda bahaya dan peringatan dipatuhi (revisi LSP)." in labels

    _edit(scheme_file, "(revisi LSP)", "(revisi kedua)")
    assert services.schemes.import_file(scheme_file).version == "2024.1-3"
    # the first content again: found, not installed a fourth time
    _edit(scheme_file, " (revisi kedua).", ".")
    back = services.schemes.import_file(scheme_file)
    assert (back.status, back.version) == ("already_installed", "2024.1")
    assert [s.versions for s in services.schemes.schemes()] == [
        ("2024.1", "2024.1-2", "2024.1-3")]


def test_a_new_declared_version_is_taken_as_given(services: Any, tmp_path: Path) -> None:
    scheme_file = _copy_motor(tmp_path)
    services.schemes.import_file(scheme_file)
    _edit(scheme_file, 'version: "2024.1"', 'version: "2025.1"')
    _edit(scheme_file, "text: Tanda bahaya dan peringatan dipatuhi.",
          "text: Tanda bahaya dan peringatan dipatuhi dengan benar.")
    result = services.schemes.import_file(scheme_file)
    assert (result.status, result.version) == ("installed", "2025.1")


def test_a_version_whose_templates_exist_with_other_content_is_skipped(
        services: Any, tmp_path: Path) -> None:
    """The registry folder of a version is gone but its templates are in the store (an
    older data folder, a restored database): the import does not clash with them."""
    first = services.schemes.import_file(_copy_motor(tmp_path, "a.yaml"))
    shutil.rmtree(first.path.parent)
    # another file name: the generated templates name it, so their text differs
    other = services.schemes.import_file(_copy_motor(tmp_path, "b.yaml"))
    assert (other.status, other.version) == ("installed", "2024.1-2")


def test_bad_scheme_data_installs_nothing(services: Any, tmp_path: Path) -> None:
    scheme_file = _copy_motor(tmp_path)
    _edit(scheme_file, "    methods: [CL, DPL, DPT]", "    methods: [CL, DPL, XYZ]")
    templates = len(services.templates.rows())
    with pytest.raises(AppError) as info:
        services.schemes.import_file(scheme_file)
    assert info.value.code == "scheme.invalid"
    assert info.value.params["reason"] == "unknown_method"
    for folder in (services.paths.schemes_dir, services.paths.templates_dir,
                   services.paths.logos_dir):
        assert not folder.exists()
    assert len(services.templates.rows()) == templates
    with pytest.raises(AppError) as missing:
        services.schemes.import_file(tmp_path / "tidak-ada.yaml")
    assert missing.value.code == "file.not_found"


def test_version_must_be_a_folder_name(services: Any, tmp_path: Path) -> None:
    scheme_file = _copy_motor(tmp_path)
    _edit(scheme_file, 'version: "2024.1"', 'version: "2024/1"')
    with pytest.raises(AppError) as info:
        services.schemes.import_file(scheme_file)
    assert info.value.code == "scheme.bad_version"
    assert not services.paths.schemes_dir.exists()


def test_shipped_scheme_installs_every_instrument(services: Any) -> None:
    """The shipped scheme file gives every MUK 2023 instrument at its own version; the
    FR.IA.01 recommends (K/OL) and never decides BK."""
    result = services.schemes.import_file(SCHEMES / "pemrograman-ui.yaml")
    assert (result.status, result.version) == ("installed", "2026.1")
    assert [i.form for i in result.instruments] == list(FORMS)
    ia01 = next(i for i in result.instruments if i.form == "FR.IA.01")
    assert services.templates.get(ia01.template_id).verdict.value == "recommendation"


def test_list_of_installed_schemes(services: Any) -> None:
    assert services.schemes.schemes() == []
    services.schemes.import_file(MOTOR)
    services.schemes.import_file(SCHEMES / "pengelasan-pipa.yaml")
    listed = {s.slug: s for s in services.schemes.schemes()}
    assert sorted(listed) == ["JIP.SM02.016.01", "sepeda-motor-kkni-ii"]
    motor = listed["sepeda-motor-kkni-ii"]
    assert (motor.number, motor.type, motor.level, motor.versions) == (
        "SKM/LSP-P2-BLKTM/021/2024", "KKNI", "II", ("2024.1",))
    assert (motor.lsp, motor.units, motor.kuk) == ("LSP P2 BLK Tirtamulya", 1, 7)
    assert MOTOR_CODE in motor.instruments
    weld = listed["JIP.SM02.016.01"]
    assert (weld.type, weld.level, weld.kuk) == ("Okupasi", "III", 16)
    assert services.schemes.scheme("JIP.SM02.016.01").units[0].code == "JIP.SM02.016.01"
    with pytest.raises(AppError) as info:
        services.schemes.scheme("tidak-ada")
    assert info.value.code == "scheme.not_found"


def test_installed_templates_come_back_with_a_new_database(services: Any,
                                                           tmp_path: Path) -> None:
    """<data>/templates is synced at start: a data folder whose database lost them (an
    older backup restored) gets them again."""
    services.schemes.import_file(MOTOR)
    fresh = tmp_path / "fresh"
    shutil.copytree(services.paths.templates_dir, fresh / "templates")
    reopened = open_services(AppPaths(fresh))
    try:
        assert reopened.templates.find(MOTOR_CODE).version == "2024.1"
        assert all(r.error is None for r in reopened.template_results)
    finally:
        reopened.store.close(clean=True)
