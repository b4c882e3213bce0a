"""A consent withdrawn at the office reaches the laptops that assessed its asesi or
institution (receipt format 4, docs/formats/receipt-v4.md): the laptop marks it withdrawn,
starts no new assessment of that subject and purges the records the office holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from assessor_app.bundles.models import ReceiptManifest
from assessor_app.core.errors import AppError
from assessor_app.formatting import withdrawal_effects
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from tests.sync.helpers import export_one
from tests.sync.test_review_loop import assessment, manifest_of, trust

REASON = "Pimpinan LPK menarik persetujuan lewat telepon ke kantor LSP"


def delivered(office: Services, laptop: Services, tmp_path: Path
              ) -> tuple[AssessmentSummary, str]:
    """An institutional record and its head's consent, exported, imported at the office
    and acknowledged on the laptop: ``(summary, consent id)``."""
    trust(office, laptop, tmp_path)
    row = assessment(laptop)
    consent = laptop.consents.record(given_by="Hj. Sri Wahyuni, S.Pd.",
                                     scope="Visitasi kelembagaan JKP",
                                     given_at="2026-12-01",
                                     institution_id=row.institution_id)
    first = office.sync.import_bundle(export_one(laptop, tmp_path / "usb"),
                                      receipt_dir=tmp_path / "receipts")
    assert first.status == "imported" and first.receipt_path is not None
    laptop.sync.import_receipt(first.receipt_path)
    assert laptop.consents.get(consent.id).consent.withdrawn_at is None
    return row, consent.id


def test_a_withdrawal_recorded_at_the_office_stops_the_laptop(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    row, cid = delivered(office, laptop, tmp_path)
    assert office.sync.review_receipts(tmp_path / "back") == []  # nothing to say yet

    # the head telephones the LSP: every consent of the LPK is withdrawn there (the one
    # recorded by hand and the one the signed record gave)
    given = office.consents.list(subject_id=row.institution_id)
    assert len(given) == 2 and cid in {c.id for c in given}
    # the office's consequences name the laptops the withdrawal goes to; a laptop's none
    at_office, on_laptop = office.consents.consequences(cid), laptop.consents.consequences(cid)
    assert (at_office.laptops, on_laptop.laptops) == (1, 0)
    said = " ".join(withdrawal_effects(at_office, "LPK Review 0"))
    assert "dikirim ke 1 laptop" in said and "di laptop ini" not in said
    assert "di laptop ini" in " ".join(withdrawal_effects(on_laptop, "LPK Review 0"))
    for c in given:
        office.consents.withdraw(c.id, REASON)
    [written] = office.sync.review_receipts(tmp_path / "back")
    assert (written.withdrawals, written.reviews) == (2, 0)
    data = manifest_of(written.path)
    assert data["format_version"] == 4
    assert {(w["id"], w["withdrawn_reason"]) for w in data["withdrawals"]} == {
        (c.id, REASON) for c in given}

    res = laptop.sync.import_receipt(written.path)
    assert sorted(res.withdrawals) == sorted(c.id for c in given) and not res.already
    here = laptop.consents.get(cid).consent
    there = office.consents.get(cid).consent
    assert here.withdrawn_at == there.withdrawn_at and here.withdrawn_at is not None
    assert here.withdrawn_reason == REASON
    # no new assessment of that institution starts on this laptop
    with pytest.raises(AppError) as info:
        laptop.assessments.create("JKP.LPK.01", institution_id=row.institution_id)
    assert info.value.code == "consent.withdrawn_subject"
    # the office holds the record: the purge removes it at once, retention or not
    purged = laptop.retention.purge()
    assert [c.assessment_id for c in purged.purged] == [row.assessment_id]
    assert [c.reason for c in purged.purged] == ["consent_withdrawn"]
    # the same receipt again changes nothing
    again = laptop.sync.import_receipt(written.path)
    assert again.already and again.withdrawals == []


def test_a_consent_the_laptop_never_had_is_added_withdrawn_only_for_its_subjects(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    row, _cid = delivered(office, laptop, tmp_path)
    # recorded and withdrawn at the office: the head of the same LPK, and an institution
    # this laptop never assessed
    mine = office.consents.record(given_by="Drs. Bambang Priyono",
                                  scope="Data pimpinan baru", given_at="2026-12-01",
                                  institution_id=row.institution_id)
    office.consents.withdraw(mine.id, REASON, at="2026-12-02")
    other = office.registry.add_institution("LPK Lain Sejahtera")
    theirs = office.consents.record(given_by="Rina Marlina", scope="Visitasi",
                                    institution_id=other.id)
    office.consents.withdraw(theirs.id, REASON)
    [written] = office.sync.review_receipts(tmp_path / "back")
    assert written.withdrawals == 1  # only subjects of records this device made

    res = laptop.sync.import_receipt(written.path)
    assert res.withdrawals == [mine.id]
    added = laptop.consents.get(mine.id).consent
    assert added.withdrawn_at is not None and added.institution_id == row.institution_id
    with pytest.raises(AppError):
        laptop.consents.get(theirs.id)


def test_a_withdrawal_never_rewrites_one_made_on_the_laptop(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    _row, cid = delivered(office, laptop, tmp_path)
    laptop.consents.withdraw(cid, "Ditarik di lokasi", at="2026-12-02")
    office.consents.withdraw(cid, REASON, at="2026-12-03")
    [written] = office.sync.review_receipts(tmp_path / "back")
    res = laptop.sync.import_receipt(written.path)
    assert res.withdrawals == []
    assert laptop.consents.get(cid).consent.withdrawn_reason == "Ditarik di lokasi"


def test_withdrawals_need_format_4() -> None:
    base = {"format_version": 3, "kind": "receipt", "bundle_id": "a" * 32,
            "bundle_sha256": "b" * 64, "device_id": "c" * 16, "seq": 1,
            "office_id": "d" * 16, "imported_at": "2026-12-05T01:00:00Z",
            "accepted_records": [], "conflicts": []}
    withdrawal = {"id": "e" * 32, "assessee_id": None, "institution_id": "f" * 32,
                  "revision_id": None, "purpose": "Visitasi", "text_version": "manual",
                  "method": "manual", "given_at": "2026-12-01T01:00:00Z",
                  "guardian_name": None, "withdrawn_at": "2026-12-02T01:00:00Z"}
    with pytest.raises(ValidationError, match="format_version 4"):
        ReceiptManifest.model_validate({**base, "withdrawals": [withdrawal]})
    with pytest.raises(ValidationError, match="without withdrawn_at"):
        ReceiptManifest.model_validate({**base, "format_version": 4, "withdrawals": [
            {**withdrawal, "withdrawn_at": None}]})
    v4 = ReceiptManifest.model_validate({**base, "format_version": 4,
                                         "withdrawals": [withdrawal]})
    assert v4.model_dump()["withdrawals"][0]["id"] == "e" * 32
    assert "withdrawals" not in ReceiptManifest.model_validate(base).model_dump()
