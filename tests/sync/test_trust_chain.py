"""The trust chain across laptops and the office (issue 9), with real services:

* laptop B (enrolled) cannot rewrite laptop A's locked, signed assessment: the bundle is
  refused with its own code and no office row changes, until the office reassigns it;
* the office certifies a laptop's PDF key on its first bundle, the pack carries the
  certificate back, and the laptop's reports then chain to the office root (pyHanko and
  poppler's pdfsig both say so);
* ``verify --code`` works from the code alone at the office (SQLite and PostgreSQL).
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlmodel import select

from assessor_app.services.reports import ReportService
from assessor_app.services.runtime import Services
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import AuditRow, DeviceIdentityRow
from tests.sync.conftest import db_fingerprint, make_services
from tests.sync.helpers import export_one, fill, finalise_and_sign, photo


def _signed(laptop: Services, seed: int = 0) -> str:
    reg = laptop.registry
    if reg.self_assessor() is None:
        reg.add_assessor("Budi Santoso", registration_no="MET.000.004633 2020", is_self=True)
    inst = reg.add_institution(f"LPK Maju Jaya {seed}", city="Bandung")
    row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
    rng = random.Random(seed)
    fill(laptop, row.id, rng=rng, texts=[f"catatan {seed}"], notes=["n"],
         photos=[photo(20, 10, (9, 9, 9))])
    finalise_and_sign(laptop, row.id, rng, sign=True)
    final = laptop.assessments.resolve(row.id)
    assert final.status == "locked"
    return final.id


def _laptop_b_from(a_dir: Path, tmp_path: Path) -> Services:
    """Laptop B holds a copy of A's records (a copied database) but its own device key."""
    (tmp_path / "b").mkdir()
    shutil.copy2(a_dir / "assessor.db", tmp_path / "b" / "assessor.db")
    b = make_services(tmp_path, name="b")
    with write_session(b.store.engine) as s:
        for row in s.exec(select(DeviceIdentityRow)).all():
            s.delete(row)
    return b


def test_laptop_b_cannot_rewrite_laptop_a_record_until_reassigned(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    rid = _signed(laptop)
    aid = laptop.assessments.resolve(rid).assessment_id
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop A")
    assert office.sync.import_bundle(export_one(laptop, tmp_path / "usb")).status == "imported"
    laptop.store.close()
    b = _laptop_b_from(tmp_path / "laptop", tmp_path)
    try:
        assert b.sync.identity().device_id != office.sync.devices()[0].device_id
        office.sync.enrol_device(b.sync.identity().ed25519_public, "Laptop B")
        # B revises A's assessment: every answer "belum", signed on B, exported by B
        r2 = b.assessments.revise(rid, "ditulis ulang")
        template = b.assessments.template_of(r2)
        for item in template.walk_items():
            if item.response_set and template.repeat_of(item.name) is None and \
                    b.assessments.state(r2.id).item_relevant(item.name):
                rs = template.options_for(item)
                if rs is not None and rs.options and item.type.value == "select_one":
                    b.assessments.answer(r2.id, item.name, rs.options[-1].value)
        finalise_and_sign(b, r2.id, random.Random(2), sign=True)
        before = db_fingerprint(office)
        rep = office.sync.import_bundle(export_one(b, tmp_path / "usb-b", [aid]))
        assert rep.status == "rejected" and rep.code == "bundle.not_owner", rep
        assert db_fingerprint(office) == before  # no row changed
        current = office.assessments.resolve(aid)
        assert current.revision == 1 and office.assessments.check_integrity(aid).ok
        # the office reassigns the assessment to B (audit-logged); B's revision is taken
        office.sync.reassign(aid, b.sync.identity().device_id, "laptop A rusak, diganti")
        with read_session(office.store.engine) as s:
            audit = s.exec(select(AuditRow).where(AuditRow.action == "reassign")).one()
        assert audit.entity_id == aid and "laptop A rusak" in (audit.new or "")
        again = office.sync.import_bundle(export_one(b, tmp_path / "usb-b2", [aid]),
                                          accept_old=True)
        assert again.status == "imported", again
        assert office.assessments.resolve(aid).revision == 2
        assert office.assessments.check_all() == []
    finally:
        b.store.close()


def test_office_certifies_the_laptop_and_reports_chain_to_the_office_root(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    from assessor_app.reports import pades

    office.registry.add_assessor("Kantor LSP BLK Semarang", is_self=True)
    rid = _signed(laptop)
    unsigned_pdf = ReportService(laptop).render_assessment(rid)
    first = pades.check_pdf_signature(unsigned_pdf)
    assert first.intact and first.self_issued and not first.trusted
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop Budi")
    assert office.sync.import_bundle(export_one(laptop, tmp_path / "usb")).status == "imported"
    (dev,) = office.sync.devices()
    me = office.registry.add_assessor("Budi Lapangan")
    pack = office.sync.create_pack(me.id, tmp_path / "packs", device_id=dev.device_id)
    laptop.sync.import_pack(pack.path)
    pdf = ReportService(laptop).save_assessment(rid, tmp_path / "laporan.pdf").read_bytes()
    roots = office.sync.device_keys.trust_roots()
    assert len(roots) == 1
    check = pades.check_pdf_signature(pdf, roots)
    assert check.intact and check.trusted and not check.self_issued, check.detail
    assert check.device_id == dev.device_id and check.chain[-1] == "Kantor LSP BLK Semarang"
    result = ReportService(office).verify(tmp_path / "laporan.pdf")
    assert result.valid and result.matched == "signed" and result.pdf_signature is not None
    assert result.pdf_signature["trusted"]
    # the laptop also trusts its own office-issued chain
    own = ReportService(laptop).verify(tmp_path / "laporan.pdf").pdf_signature
    assert own is not None and own["trusted"]
    if shutil.which("pdfsig") and shutil.which("certutil"):
        nss = tmp_path / "nss"
        nss.mkdir()
        (tmp_path / "root.der").write_bytes(roots[0])
        subprocess.run(["certutil", "-N", "-d", f"sql:{nss}", "--empty-password"], check=True,
                       capture_output=True)
        subprocess.run(["certutil", "-A", "-d", f"sql:{nss}", "-n", "kantor", "-t", ",C,",
                        "-i", str(tmp_path / "root.der")], check=True, capture_output=True)
        out = subprocess.run(["pdfsig", "-nssdir", f"sql:{nss}", str(tmp_path / "laporan.pdf")],
                             capture_output=True, text=True, check=False).stdout
        assert "Signature is Valid." in out and "Certificate is Trusted." in out, out


def test_verify_code_at_the_office(laptop: Services, office: Services, tmp_path: Path) -> None:
    rid = _signed(laptop)
    code = laptop.assessments.resolve(rid).verification_code
    assert code is not None
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop A")
    assert office.sync.import_bundle(export_one(laptop, tmp_path / "usb")).status == "imported"
    check = ReportService(office).verify_code(code)
    assert check.valid, check
    assert ("institution", "LPK Maju Jaya 0") in {(ln.key, ln.value) for ln in check.lines}
    assert ReportService(office).verify_code(code.replace(code[0], "Z" if code[0] != "Z"
                                                          else "Y", 1)).reason_code \
        == "code_unknown"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_verify_code_from_the_cli(laptop: Services, tmp_path: Path, lang: str) -> None:
    import json
    import os
    import sys

    rid = _signed(laptop)
    code = laptop.assessments.resolve(rid).verification_code
    laptop.store.close()
    env = {**os.environ, "ASSESSOR_DATA_DIR": str(tmp_path / "laptop")}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "assessor_app", *args, "--lang", lang],
                              capture_output=True, text=True, env=env, check=False)

    ok = run("verify", "--code", str(code).lower())
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("VALID") and "LPK Maju Jaya 0" in ok.stdout
    js = run("verify", "--code", str(code), "--json")
    assert json.loads(js.stdout)["valid"] is True
    bad = run("verify", "--code", "0000-0000-0000-0000")
    assert bad.returncode == 2 and bad.stdout.startswith("NOT VALID")
    neither = run("verify")
    assert neither.returncode == 2 and "Traceback" not in neither.stderr


def test_an_office_record_edited_in_the_database_is_named_by_check(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    """At the office (SQLite and PostgreSQL): a verdict rewritten with SQL is found by the
    same recomputation, and its paper code no longer verifies."""
    from sqlalchemy import text

    rid = _signed(laptop)
    code = laptop.assessments.resolve(rid).verification_code
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop A")
    assert office.sync.import_bundle(export_one(laptop, tmp_path / "usb")).status == "imported"
    assert office.assessments.check_all() == []
    with office.store.engine.begin() as conn:
        conn.execute(text("UPDATE answer SET note = 'diubah' WHERE revision_id = :r "
                          "AND item = (SELECT MIN(item) FROM answer WHERE revision_id = :r)"),
                     {"r": rid})
    [damaged] = office.assessments.check_all()
    assert damaged.revision_id == rid and "content_changed" in damaged.problems
    check = ReportService(office).verify_code(str(code))
    assert not check.valid and check.reason_code == "record_damaged"
