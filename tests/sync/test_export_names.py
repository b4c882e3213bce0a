"""Issue 12: any name the exporter writes is one the importer accepts, and the names say
who and what (assessor, institution, date). The CLI as a user runs it (in-process)."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from assessor_app.core.naming import enrolment_request_name, result_bundle_name, slug
from assessor_app.services.runtime import Services
from tests.sync.conftest import Cli, make_services
from tests.sync.helpers import fill, finalise_and_sign, photo


@pytest.mark.parametrize(("text", "want"), [
    ("Siti Nur'aini", "siti-nuraini"),
    ("Siti Nur\u2019aini", "siti-nuraini"),
    ("  LPK Ćipta  Kârya / Mandiri ", "lpk-cipta-karya-mandiri"),
    ("Dr. H. Ahmad, S.T., M.T.", "dr-h-ahmad-s-t-m-t"),
    ("张伟", "asesor"),
    ("", "asesor"),
    (None, "asesor"),
    ("../../etc/passwd", "etc-passwd"),
    ("Lembaga Pelatihan Kerja Swasta Nusantara Jaya", "lembaga-pelatihan-kerja"),
])
def test_slug_is_ascii_safe_and_short(text: str | None, want: str) -> None:
    got = slug(text, "asesor")
    assert got == want
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", got) and len(got) <= 24


def test_names_have_a_fixed_shape() -> None:
    name = result_bundle_name("Siti Nur'aini", "LPK Maju", "2026-12-04", 7, "ab" * 16)
    assert name == "hasil_siti-nuraini_lpk-maju_20261204_000007-abababab.zip"
    assert enrolment_request_name("Siti Nur'aini", "Laptop Dinas 2") == \
        "pendaftaran_siti-nuraini_laptop-dinas-2.json"


def _finalised(laptop: Services, institution: str, seed: int) -> None:
    reg = laptop.registry
    if reg.self_assessor() is None:
        reg.add_assessor("Siti Nur'aini", is_self=True, registration_no="MET.000.1")
    inst = reg.add_institution(institution)
    row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
    rng = random.Random(seed)
    fill(laptop, row.id, rng=rng, texts=["catatan"], notes=["n"],
         photos=[photo(20, 10, (9, 9, 9))])
    finalise_and_sign(laptop, row.id, rng)


def _enrolled_pair(tmp_path: Path) -> tuple[Path, Path, str]:
    laptop = make_services(tmp_path, name="laptop")
    office = make_services(tmp_path, name="office")
    try:
        _finalised(laptop, "LPK Ćipta Kârya", 1)
        device = laptop.sync.identity()
        office.sync.enrol_device(device.ed25519_public, "Laptop Siti")
        return laptop.paths.data_dir, office.paths.data_dir, device.device_id
    finally:
        laptop.store.close(clean=True)
        office.store.close(clean=True)


def test_cli_export_to_a_zip_name_imports_at_the_office(tmp_path: Path, cli: Cli) -> None:
    laptop, office, _device = _enrolled_pair(tmp_path)
    target = tmp_path / "usb" / "x.zip"
    code, out, err = cli(laptop, "export", "-o", str(target), "--json")
    assert code == 0, err
    written = json.loads(out)
    assert written["path"] == str(target) and target.is_file()  # exactly the name given
    code, out, err = cli(office, "import", str(target), "--json")
    assert code == 0, err
    files = json.loads(out)["files"]
    assert files[0]["status"] == "imported" and files[0]["code"] is None
    assert files[0]["bundle_id"] == written["bundle_id"]
    # the same bundle renamed by hand (e-mail, chat) is still the same bundle
    renamed = tmp_path / "kiriman dari Siti (1).ZIP"
    shutil.copy(target, renamed)
    code, out, err = cli(office, "import", str(renamed), "--json")
    assert code == 0 and json.loads(out)["files"][0]["status"] == "duplicate", err


def test_cli_export_never_replaces_an_existing_file(tmp_path: Path, cli: Cli) -> None:
    laptop, _office, _device = _enrolled_pair(tmp_path)
    target = tmp_path / "x.zip"
    target.write_bytes(b"an earlier bundle not yet delivered")
    code, out, err = cli(laptop, "export", "-o", str(target))
    assert code == 2 and out == "" and "sudah ada" in err and str(target) in err
    assert target.read_bytes() == b"an earlier bundle not yet delivered"
    assert not (laptop / "outbox").exists() or not any((laptop / "outbox").iterdir())


def test_cli_export_to_a_folder_names_who_and_what(tmp_path: Path, cli: Cli) -> None:
    laptop, office, device = _enrolled_pair(tmp_path)
    code, out, err = cli(laptop, "export", "-o", str(tmp_path / "usb"), "--json")
    assert code == 0, err
    path = Path(json.loads(out)["path"])
    bundle_id = json.loads(out)["bundle_id"]
    day = dt.datetime.now().astimezone().strftime("%Y%m%d")
    assert path.name == f"hasil_siti-nuraini_lpk-cipta-karya_{day}_000001-{bundle_id[:8]}.zip"
    code, out, err = cli(office, "import", str(path), "--json")
    assert code == 0 and json.loads(out)["files"][0]["device_id"] == device, err


def test_a_name_not_ending_in_zip_is_refused_and_changes_nothing(tmp_path: Path,
                                                                 cli: Cli) -> None:
    laptop, office, _device = _enrolled_pair(tmp_path)
    code, out, err = cli(laptop, "export", "-o", str(tmp_path / "usb"), "--json")
    path = Path(json.loads(out)["path"])
    exe = path.with_suffix(".exe")
    path.rename(exe)
    code, out, err = cli(office, "import", str(exe), "--json")
    assert code == 2
    refused = json.loads(out)["files"][0]
    assert refused["code"] == "bundle.bad_filename" and ".zip" in refused["message"]
    code, out, _ = cli(office, "assessments", "list", "--json")
    assert code == 0 and json.loads(out)["total"] == 0
