"""The sync commands as a user runs them: real processes, exit codes, --json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assessor_app.paths import AppPaths
from assessor_app.services.demo import seed_demo
from assessor_app.services.runtime import open_services

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSESSOR_DATA_DIR": str(data), "ASSESSOR_LANG": "id",
           "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "assessor_app", *args], cwd=data.parent,
                          env=env, capture_output=True, text=True, timeout=120)


def test_enrol_pack_export_import_receipt_revoke(tmp_path: Path) -> None:
    laptop, office = tmp_path / "laptop", tmp_path / "office"
    svc = open_services(AppPaths(laptop))
    seed_demo(svc)  # finalised and signed assessments to send
    svc.store.close()
    svc = open_services(AppPaths(office))
    svc.registry.add_assessor("Budi Kantor", registration_no="MET.1")
    svc.store.close()

    shown = run("device", "show", "--json", data=laptop)
    assert shown.returncode == 0, shown.stderr
    me = json.loads(shown.stdout)
    enrol = run("device", "enrol", me["ed25519_public"], "--name", "Laptop Budi",
                "--assessor", "Budi Kantor", "--json", data=office)
    assert enrol.returncode == 0, enrol.stderr
    assert json.loads(enrol.stdout)["device_id"] == me["device_id"]

    pack = run("pack", "create", "--assessor", "Budi Kantor", "-o", str(tmp_path / "usb"),
               "--json", data=office)
    assert pack.returncode == 0, pack.stderr
    pack_path = json.loads(pack.stdout)["path"]
    imported = run("pack", "import", pack_path, "--json", data=laptop)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["trusted_on_first_use"] is True

    export = run("export", "-o", str(tmp_path / "usb"), "--json", data=laptop)
    assert export.returncode == 0, export.stderr
    bundle = json.loads(export.stdout)
    assert bundle["encrypted_to"] and len(bundle["records"]) >= 5

    evil = tmp_path / "usb" / "evil.zip"
    evil.write_bytes(b"PK\x03\x04 not really")
    result = run("import", bundle["path"], bundle["path"], str(evil), "--json",
                 "--receipts", str(tmp_path / "back"), data=office)
    assert result.returncode == 2, result.stderr  # one file was refused
    files = json.loads(result.stdout)["files"]
    assert [f["status"] for f in files] == ["imported", "duplicate", "rejected"]
    assert files[0]["counts"]["new"] == len(bundle["records"])
    assert files[2]["code"] == "bundle.not_zip" and files[2]["message"]
    csv_text = Path(json.loads(result.stdout)["report_csv"]).read_text(encoding="utf-8-sig")
    assert "bundle.not_zip" in csv_text and files[0]["bundle_id"] in csv_text

    receipt = run("receipt", "import", files[0]["receipt"], "--json", data=laptop)
    assert receipt.returncode == 0, receipt.stderr
    assert len(json.loads(receipt.stdout)["received"]) == len(bundle["records"])
    nothing = run("export", "-o", str(tmp_path / "usb"), data=laptop)
    assert nothing.returncode == 0 and "Tidak ada" in nothing.stdout

    revoked = run("device", "revoke", me["device_id"], "--json", data=office)
    assert revoked.returncode == 0 and json.loads(revoked.stdout)["revoked_at"]
    listed = run("conflicts", "list", "--json", data=office)
    assert listed.returncode == 0 and json.loads(listed.stdout) == []
    bad = run("device", "enrol", "bukan-kunci", "--name", "x", data=office)
    assert bad.returncode == 2 and "kunci publik tidak sah" in bad.stderr
