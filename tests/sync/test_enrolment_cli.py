"""Issue 12: enrolment by file through the CLI. The laptop writes a signed request
(``device request``), the office imports it (``device enrol-file``): the laptop is listed
as enrolled and its bundles import. An altered, foreign or oversized file is refused with
its message and changes nothing; the same request twice changes nothing."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from assessor_app.bundles.enrolment import MAX_REQUEST_BYTES
from assessor_app.services.runtime import Services
from tests.sync.conftest import Cli, db_fingerprint, make_services
from tests.sync.helpers import fill, finalise_and_sign, photo


def _stores(tmp_path: Path) -> tuple[Path, Path]:
    laptop = make_services(tmp_path, name="laptop")
    office = make_services(tmp_path, name="office")
    try:
        laptop.registry.add_assessor("Siti Nur'aini", is_self=True,
                                     registration_no="MET.000.123 2021")
        inst = laptop.registry.add_institution("LPK Maju Jaya")
        row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
        rng = random.Random(3)
        fill(laptop, row.id, rng=rng, texts=["catatan"], notes=["n"],
             photos=[photo(20, 10, (9, 9, 9))])
        finalise_and_sign(laptop, row.id, rng)
        office.registry.add_assessor("Siti Nur'aini")
        return laptop.paths.data_dir, office.paths.data_dir
    finally:
        laptop.store.close(clean=True)
        office.store.close(clean=True)


def _office(data: Path) -> Services:
    return make_services(data.parent, name=data.name)


def test_request_file_round_trip_then_a_bundle_imports(tmp_path: Path, cli: Cli) -> None:
    laptop, office = _stores(tmp_path)
    code, out, err = cli(laptop, "device", "request", "-o", str(tmp_path / "usb"),
                         "--name", "Laptop Dinas 2", "--json")
    assert code == 0, err
    written = json.loads(out)
    path = Path(written["path"])
    assert path.name == "pendaftaran_siti-nuraini_laptop-dinas-2.json"
    code, out, err = cli(laptop, "device", "show", "--json")
    assert json.loads(out)["fingerprint"] == written["fingerprint"]

    code, out, err = cli(office, "device", "enrol-file", str(path))
    assert code == 0, err
    assert written["fingerprint"] in out and "terdaftar" in out
    code, out, err = cli(office, "device", "list", "--json")
    [device] = json.loads(out)
    assert (device["device_id"], device["name"], device["revoked_at"]) == \
        (written["device_id"], "Laptop Dinas 2", None)
    assert device["assessor_id"] is not None  # matched by name (no MET number at the office)

    code, out, err = cli(laptop, "export", "-o", str(tmp_path / "usb"), "--json")
    assert code == 0, err
    code, out, err = cli(office, "import", json.loads(out)["path"], "--json")
    assert code == 0, err
    assert json.loads(out)["files"][0]["status"] == "imported"

    # the same request again: nothing changes
    svc = _office(office)
    try:
        before = db_fingerprint(svc)
    finally:
        svc.store.close(clean=True)
    code, out, err = cli(office, "device", "enrol-file", str(path), "--json")
    assert code == 0 and json.loads(out)["already"] is True, err
    svc = _office(office)
    try:
        assert db_fingerprint(svc) == before
    finally:
        svc.store.close(clean=True)


@pytest.mark.parametrize(("change", "words"), [
    (lambda raw: raw.replace(b'"device_name":"Laptop', b'"device_name":"Laptip'),
     "telah diubah setelah dibuat di laptop"),
    (lambda raw: raw.replace(b'"assessor_registration_no":"MET.000.123 2021"',
                             b'"assessor_registration_no":"MET.999"'),
     "telah diubah setelah dibuat di laptop"),
    (lambda raw: raw.replace(b'"format_version":1', b'"format_version":1,"extra":1'),
     "isi berkas pendaftaran"),
    (lambda raw: raw.replace(b'"format_version":1', b'"format_version":7'),
     "versi berkas pendaftaran 7"),
    (lambda raw: raw[:-20], "bukan berkas pendaftaran"),
    (lambda raw: b"PK\x03\x04" + raw, "bukan berkas pendaftaran"),
    (lambda raw: raw.rstrip() + b" " * MAX_REQUEST_BYTES, "terlalu besar"),
])
def test_a_bad_request_file_is_refused_and_changes_nothing(
        tmp_path: Path, cli: Cli, change: object, words: str) -> None:
    laptop, office = _stores(tmp_path)
    code, out, err = cli(laptop, "device", "request", "-o", str(tmp_path / "r.json"),
                         "--name", "Laptop Dinas", "--json")
    assert code == 0, err
    bad = tmp_path / "pendaftaran_diubah.json"
    bad.write_bytes(change((tmp_path / "r.json").read_bytes()))  # type: ignore[operator]
    assert cli(office, "device", "list")[0] == 0  # the first run records its own metadata
    svc = _office(office)
    try:
        before = db_fingerprint(svc)
    finally:
        svc.store.close(clean=True)
    code, out, err = cli(office, "device", "enrol-file", str(bad))
    assert code == 2 and out == "", (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "Traceback" not in err
    svc = _office(office)
    try:
        assert db_fingerprint(svc) == before and svc.sync.devices() == []
    finally:
        svc.store.close(clean=True)
