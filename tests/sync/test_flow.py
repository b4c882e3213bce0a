"""Service-level flows: identity and enrolment, export details, encryption, receipts,
assignment packs, conflicts and their resolution, the CSV report."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import zipfile
from pathlib import Path

import pytest
from sqlmodel import select

from assessor_app.bundles import crypto
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.strictjson import loads_strict
from assessor_app.core.errors import AppError
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from assessor_app.services.sync import csv_cell, import_report_csv
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AssessmentRow, AuditRow
from tests.sync.conftest import db_fingerprint, make_services
from tests.sync.helpers import (
    export_one,
    fill,
    finalise_and_sign,
    finished_assessment,
    photo,
)


def _assessment(laptop: Services, *, sign: bool = True, seed: int = 0) -> AssessmentSummary:
    return finished_assessment(laptop, seed=seed, sign=sign)  # type: ignore[no-any-return]


def _trust(office: Services, laptop: Services, tmp_path: Path) -> None:
    """The normal start: enrol, pack, import the pack (office key trusted on first use)."""
    office.registry.add_assessor("Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    me = office.registry.add_assessor("Budi Lapangan")
    pack = office.sync.create_pack(me.id, tmp_path / "packs")
    laptop.sync.import_pack(pack.path)


# ------------------------------------------------------------------ identity, enrolment


def test_identity_is_made_once_and_id_derives_from_the_key(laptop: Services) -> None:
    first = laptop.sync.identity()
    assert laptop.sync.identity() == first
    raw = crypto.parse_public_key(first.ed25519_public)
    assert raw is not None and crypto.device_id_for(raw) == first.device_id


def test_enrol_is_idempotent_revoke_refuses(office: Services, laptop: Services,
                                            tmp_path: Path) -> None:
    key = laptop.sync.identity().ed25519_public
    a = office.sync.enrol_device(key, "Laptop 1")
    assert office.sync.enrol_device("ed25519:" + key, "Laptop 1") == a
    with pytest.raises(AppError) as bad:
        office.sync.enrol_device("not-a-key", "x")
    assert bad.value.code == "device.bad_key"
    _assessment(laptop)
    bundle = export_one(laptop, tmp_path / "usb")
    office.sync.revoke_device(a.device_id)
    rep = office.sync.import_bundle(bundle)
    assert (rep.status, rep.code) == ("rejected", "bundle.revoked_device")
    with pytest.raises(AppError) as again:
        office.sync.enrol_device(key, "Laptop 1")
    assert again.value.code == "device.revoked"
    assert [d.revoked_at is not None for d in office.sync.devices()] == [True]


# ------------------------------------------------------------------ export


def test_export_writes_target_and_outbox_and_selects_pending(laptop: Services,
                                                             office: Services,
                                                             tmp_path: Path) -> None:
    assert laptop.sync.export(tmp_path / "usb").path is None  # nothing final yet
    row = _assessment(laptop)
    draft = laptop.assessments.create("JKP.LPK.01",
                                      institution_id=laptop.registry.add_institution("X").id)
    res = laptop.sync.export(tmp_path / "usb")
    assert res.path is not None and res.outbox_path is not None
    assert res.path.read_bytes() == res.outbox_path.read_bytes()
    # the name says who and what: assessor, institution, local date, seq and short id
    day = laptop.sync.context.clock().astimezone().strftime("%Y%m%d")
    assert res.path is not None and res.bundle_id is not None
    assert res.path.name == f"hasil_budi_lpk-0_{day}_000001-{res.bundle_id[:8]}.zip"
    assert res.records == [(row.assessment_id, 1)] and draft.assessment_id not in str(res)
    with zipfile.ZipFile(res.path) as zf:
        names = zf.namelist()
        manifest = loads_strict(zf.read("manifest.json"))
    assert names[:3] == ["manifest.json", "manifest.sig", "data/records.json"]
    assert all(n.startswith(("media/", "data/", "manifest")) for n in names)
    assert manifest["seq"] == 1 and manifest["prev_bundle_sha256"] is None
    assert manifest["encryption"] is None
    second = laptop.sync.export(tmp_path / "usb2.zip")
    # a .zip path is written under exactly that name, and the importer takes it
    assert second.seq == 2 and second.path == tmp_path / "usb2.zip"
    with zipfile.ZipFile(second.path) as zf:
        assert loads_strict(zf.read("manifest.json"))["prev_bundle_sha256"] == res.sha256
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    assert office.sync.import_bundle(second.path).status == "imported"


def test_encrypted_bundle_verifies_without_key_and_imports_at_the_office(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    _trust(office, laptop, tmp_path)
    row = _assessment(laptop)
    res = laptop.sync.export(tmp_path / "usb")
    assert res.encrypted_to == office.sync.identity().device_id
    with zipfile.ZipFile(res.path) as zf:  # type: ignore[arg-type]
        assert sorted(zf.namelist()) == ["manifest.json", "manifest.sig", "payload.enc"]
        body = zf.read("payload.enc")
        assert b"LPK 0" not in body and b"JFIF" not in body  # no plaintext
    other = make_services(tmp_path, name="other-office")
    try:
        other.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        assert other.sync.import_bundle(res.path).code == "bundle.not_for_us"  # type: ignore[arg-type]
    finally:
        other.store.close()
    rep = office.sync.import_bundle(res.path)  # type: ignore[arg-type]
    assert rep.status == "imported" and rep.records[0].assessment_id == row.assessment_id


# ------------------------------------------------------------------ receipts


def test_receipt_marks_received_and_signing_later_sends_again(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    _trust(office, laptop, tmp_path)
    row = _assessment(laptop, sign=False)
    res = laptop.sync.export(tmp_path / "usb")
    rep = office.sync.import_bundle(res.path, receipt_dir=tmp_path / "receipts")  # type: ignore[arg-type]
    assert rep.receipt_path is not None and rep.receipt_path.exists()
    got = laptop.sync.import_receipt(rep.receipt_path)
    assert got.marked == [(row.assessment_id, 1)] and not got.already
    assert laptop.assessments.resolve(row.id).received_at is not None
    assert not res.outbox_path.exists()  # type: ignore[union-attr]
    assert laptop.sync.pending() == []
    again = laptop.sync.import_receipt(rep.receipt_path)
    assert again.already and again.marked == []
    # signed after the office acknowledged it: pending again, the office adds signatures
    template = laptop.assessments.template_of(row)
    from tests.sync.helpers import signature

    for s in template.signers:
        laptop.assessments.sign(row.id, s.role, "Budi", signature("Budi"))
    assert [r.id for r in laptop.sync.pending()] == [row.id]
    res2 = laptop.sync.export(tmp_path / "usb")
    rep2 = office.sync.import_bundle(res2.path)  # type: ignore[arg-type]
    assert [r.outcome for r in rep2.records] == ["signatures_added"]
    there = office.assessments.detail(row.id)
    assert there.row.status == "locked" and all(s.valid for s in there.signatures)


def test_tampered_or_foreign_receipts_are_refused(laptop: Services, office: Services,
                                                  tmp_path: Path) -> None:
    _trust(office, laptop, tmp_path)
    _assessment(laptop)
    res = laptop.sync.export(tmp_path / "usb")
    rep = office.sync.import_bundle(res.path, receipt_dir=tmp_path / "r")  # type: ignore[arg-type]
    assert rep.receipt_path is not None
    with zipfile.ZipFile(rep.receipt_path) as zf:
        manifest = zf.read("manifest.json")
        signature = zf.read("manifest.sig")
    forged = manifest.replace(b'"outcome": "new"', b'"outcome": "duplicate"')
    stranger = crypto.generate_keys()
    from assessor_app.bundles.writer import build_zip

    fake = tmp_path / "fake-receipt.zip"
    fake.write_bytes(build_zip([("manifest.json", forged),
                                ("manifest.sig", crypto.sign(stranger.ed25519_private,
                                                             forged))]))
    before = db_fingerprint(laptop)
    for bad, code in ((fake, "receipt.untrusted"),):
        with pytest.raises(ImportRejected) as info:
            laptop.sync.import_receipt(bad)
        assert info.value.code == code
    tampered = tmp_path / "tampered.zip"  # the office's signature over changed content
    tampered.write_bytes(build_zip([("manifest.json", forged), ("manifest.sig", signature)]))
    with pytest.raises(ImportRejected) as info:
        laptop.sync.import_receipt(tampered)
    assert info.value.code == "receipt.untrusted"
    assert db_fingerprint(laptop) == before


# ------------------------------------------------------------------ packs


def test_pack_import_twice_changes_nothing_and_foreign_office_is_refused(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    from tests.sync.conftest import make_services as ms

    office.registry.add_assessor("Kantor", is_self=True)
    me = office.registry.add_assessor("Budi Lapangan", registration_no="MET.9")
    inst = office.registry.add_institution("LPK Tujuan", city="Semarang")
    office.registry.add_assessee("Asesi Nol", nik="0012345678901234", institution_id=inst.id)
    office.registry.add_visit(institution_id=inst.id, letter_no="ST-1/2026", place="Semarang",
                              start_date="2026-12-01", assessors=[(me.id, "KETUA")])
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop", me.id)
    pack = office.sync.create_pack(me.id, tmp_path / "packs")
    assert pack.device_id == laptop.sync.identity().device_id
    assert pack.counts["assessees"] == 1 and pack.counts["visits"] == 1
    first = laptop.sync.import_pack(pack.path)
    assert first.first_use and first.inserted["assessees"] == 1
    assert laptop.registry.self_assessor().id == me.id  # type: ignore[union-attr]
    assert laptop.registry.find_assessee("0012345678901234").nik == "0012345678901234"
    assert [o.how for o in laptop.sync.offices()] == ["first_use"]
    before = db_fingerprint(laptop)
    assert laptop.sync.import_pack(pack.path).status == "duplicate"
    assert db_fingerprint(laptop) == before
    intruder = ms(tmp_path, name="intruder")
    try:
        who = intruder.registry.add_assessor("Penyusup")
        evil = intruder.sync.create_pack(who.id, tmp_path / "evil")
        with pytest.raises(ImportRejected) as info:
            laptop.sync.import_pack(evil.path)
        assert info.value.code == "pack.untrusted_office"
    finally:
        intruder.store.close()
    assert db_fingerprint(laptop) == before
    other = ms(tmp_path, name="other-laptop")
    try:
        with pytest.raises(ImportRejected) as wrong:
            other.sync.import_pack(pack.path)
        assert wrong.value.code == "pack.wrong_device"
    finally:
        other.store.close()


# ------------------------------------------------------------------ conflicts


def _diverge(tmp_path: Path, office: Services) -> tuple[Services, Services, str]:
    """Laptop b is a copy of laptop a's database (a backup restored on a second laptop): the
    same device key, so both may send the assessment, and both make a different revision 2.
    b's bundle reuses a's sequence number, so the operator accepts it as old (accept_old)."""
    a = make_services(tmp_path, name="a")
    row = _assessment(a, sign=False)
    a.store.close()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "assessor.db").write_bytes((tmp_path / "a" / "assessor.db").read_bytes())
    a = make_services(tmp_path, name="a")
    b = make_services(tmp_path, name="b")
    office.sync.enrol_device(a.sync.identity().ed25519_public, "a")
    assert b.sync.identity() == a.sync.identity()
    for name, lap in (("a", a), ("b", b)):
        r2 = lap.assessments.revise(row.id, f"koreksi {name}")
        lap.assessments.answer(r2.id, "catatan_umum" if lap.assessments.template_of(r2)
                               .find_item("catatan_umum") else "nama_lpk", f"versi {name}")
        finalise_and_sign(lap, r2.id, random.Random(1), sign=False)
    return a, b, row.assessment_id


def test_conflict_is_held_then_resolved_either_way(office: Services, tmp_path: Path) -> None:
    a, b, aid = _diverge(tmp_path, office)
    try:
        ra = office.sync.import_bundle(export_one(a, tmp_path / "usb"))
        rb = office.sync.import_bundle(export_one(b, tmp_path / "usb"), accept_old=True)
        assert sorted(r.outcome for r in ra.records) == ["new", "revised"]
        assert sorted(r.outcome for r in rb.records) == ["conflict", "duplicate"]
        [c] = office.sync.conflicts()
        assert (c.assessment_id, c.revision, c.reason) == (aid, 2, "same_revision")
        held = office.sync.conflict_payload(c.id)
        assert held.revision_reason == "koreksi b"
        def r2() -> AssessmentRow:
            with read_session(office.store.engine) as s:
                return s.exec(select(AssessmentRow).where(
                    AssessmentRow.assessment_id == aid, AssessmentRow.revision == 2)).one()

        assert r2().revision_reason == "koreksi a"
        office.sync.resolve_conflict(c.id, "take_incoming", "dicek dengan asesor")
        after = office.assessments.detail(r2().id)
        assert after.row.is_current
        assert after.row.revision_reason == "koreksi b"
        assert after.row.content_sha256 == held.content_sha256
        assert office.sync.conflicts() == []
        with pytest.raises(AppError) as again:
            office.sync.resolve_conflict(c.id, "keep_stored")
        assert again.value.code == "conflict.already_resolved"
        with read_session(office.store.engine) as s:
            audit = s.exec(select(AuditRow).where(AuditRow.action == "replace_revision")).one()
        assert audit.old is not None and "koreksi a" in audit.old  # nothing lost
    finally:
        a.store.close()
        b.store.close()


def test_keep_stored_changes_no_assessment(office: Services, tmp_path: Path) -> None:
    a, b, _ = _diverge(tmp_path, office)
    try:
        office.sync.import_bundle(export_one(a, tmp_path / "usb"))
        office.sync.import_bundle(export_one(b, tmp_path / "usb"), accept_old=True)
        [c] = office.sync.conflicts()
        with read_session(office.store.engine) as s:
            before = [r.model_dump() for r in s.exec(select(AssessmentRow)).all()]
        office.sync.resolve_conflict(c.id, "keep_stored")
        with read_session(office.store.engine) as s:
            assert [r.model_dump() for r in s.exec(select(AssessmentRow)).all()] == before
        assert office.sync.conflicts(include_resolved=True)[0].resolution == "kept_stored"
    finally:
        a.store.close()
        b.store.close()


# ------------------------------------------------------------------ report


def test_csv_report_escapes_formulas() -> None:
    from assessor_app.services.sync import ImportReport, RecordOutcome

    rep = ImportReport(file="=cmd|' /C calc'!A0", status="imported", records=[
        RecordOutcome("a" * 32, 1, "new", "0" * 64, "+SUM(A1)", "@x")])
    rows = list(csv.reader(io.StringIO(import_report_csv([rep]).decode("utf-8-sig"))))
    assert rows[1][0] == "'=cmd|' /C calc'!A0"
    assert rows[1][11] == "'+SUM(A1)" and rows[1][12] == "'@x"
    assert csv_cell("-1") == "'-1" and csv_cell("Budi") == "Budi"


# ------------------------------------------------------------------ signed PDF reports


def test_report_printed_on_the_laptop_verifies_at_the_office(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    from assessor_app.services.reports import ReportService

    row = _assessment(laptop)
    pdf_path = ReportService(laptop).save_assessment(row.id, tmp_path / "laporan.pdf")
    pdf_sha = hashlib.sha256(pdf_path.read_bytes()).hexdigest()
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    res = laptop.sync.export(tmp_path / "usb")
    with zipfile.ZipFile(res.path) as zf:  # type: ignore[arg-type]
        manifest = loads_strict(zf.read("manifest.json"))
        assert not any(n.endswith(".pdf") for n in zf.namelist())  # no PDF, no PDF hash
    assert "signed_pdf_sha256" not in manifest["records"][0]
    assert office.sync.import_bundle(res.path).status == "imported"  # type: ignore[arg-type]
    # the office decides from the record it received: what the laptop signed is exactly a
    # fresh rendering of that record at the office
    result = ReportService(office).verify(pdf_path)
    assert result.valid and result.matched == "signed", result
    assert result.pdf_signature is not None and result.pdf_signature["intact"]
    assert result.pdf_signature["device_id"] == laptop.sync.identity().device_id
    assert result.pdf_signature["self_issued"]  # no certificate from this office yet
    # rendered at the office with the date the laptop's PDF carries (its creation time)
    from assessor_app.services.reports import _creation_date

    created = _creation_date(pdf_path.read_bytes())
    assert created is not None
    again = ReportService(office)._render_assessment(row.id, "a4", "id", None, sign=False,
                                                     created=created)[0]
    assert pdf_path.read_bytes().startswith(again)
    assert hashlib.sha256(pdf_path.read_bytes()).hexdigest() == pdf_sha


# ------------------------------------------------------------------ templates carried along


def test_office_without_the_templates_installs_them_from_the_bundle(
        laptop: Services, office_db_url: str | None, tmp_path: Path) -> None:
    """An office that has none of the templates gets them, with their scheme, units,
    elements and KUK, inside the import transaction; the records read back unchanged."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services
    from tests.sync.helpers import assessment_snapshot

    bare = open_services(AppPaths(tmp_path / "bare-office"), database_url=office_db_url,
                         sync_templates=False)
    try:
        assert db_fingerprint(bare)["template"][0] == 0
        bare.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
        reg = laptop.registry
        inst = reg.add_institution("LPK Baru")
        who = reg.add_assessee("Asesi Baru", nik="0000000000000017", institution_id=inst.id)
        ids: list[str] = []
        for code in ("FR.IA.01.J620100.005.02", "FR.AK.01", "JKP.LPK.01"):
            kw = {"institution_id": inst.id} if code == "JKP.LPK.01" else \
                {"assessee_id": who.id}
            row = laptop.assessments.create(code, **kw)
            rng = random.Random(len(ids))
            fill(laptop, row.id, rng=rng, texts=["isi"], notes=[],
                 photos=[photo(20, 10, (5, 6, 7))])
            finalise_and_sign(laptop, row.id, rng)
            ids.append(row.assessment_id)
        rep = bare.sync.import_bundle(export_one(laptop, tmp_path / "usb", ids))
        assert rep.status == "imported" and [r.outcome for r in rep.records] == ["new"] * 3
        fp = db_fingerprint(bare)
        assert fp["template"][0] == 3
        assert all(fp[t][0] > 0 for t in ("scheme", "unit", "element", "kuk"))
        for aid in ids:
            assert assessment_snapshot(bare, aid) == \
                assessment_snapshot(laptop, aid, sent=True)
        # the same records again in a new bundle: the templates are not installed twice
        kept = ("template", "scheme", "unit", "element", "kuk", "assessment", "answer",
                "media")
        before = db_fingerprint(bare)
        again = bare.sync.import_bundle(export_one(laptop, tmp_path / "usb2", ids))
        assert [r.outcome for r in again.records] == ["duplicate"] * 3
        after = db_fingerprint(bare)
        assert {t: after[t] for t in kept} == {t: before[t] for t in kept}
    finally:
        bare.store.close(clean=True)
