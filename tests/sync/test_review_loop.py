"""The review loop (issue 12) at service level: the office's "Perlu perbaikan" travels back
to the laptop in a signed receipt (format 3), the assessor revises, the office sees the new
revision pending review; the office never revises a field record; old receipts import."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.strictjson import loads_strict
from assessor_app.core.errors import AppError
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from tests.sync.conftest import db_fingerprint
from tests.sync.helpers import export_one, finalise_and_sign, finished_assessment

COMMENT = "Foto bukti ruang praktik belum ada; lengkapi butir 2.1"


def assessment(laptop: Services, seed: int = 0) -> AssessmentSummary:
    return finished_assessment(  # type: ignore[no-any-return]
        laptop, seed=seed, assessor="Budi Lapangan", institution="LPK Review",
        signer="Budi Lapangan")


def trust(office: Services, laptop: Services, tmp_path: Path) -> None:
    office.registry.add_assessor("Sari Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop Budi")
    me = office.registry.add_assessor("Budi Lapangan")
    laptop.sync.import_pack(office.sync.create_pack(me.id, tmp_path / "packs").path)


def manifest_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as zf:
        return loads_strict(zf.read("manifest.json"))  # type: ignore[no-any-return]


def test_perlu_perbaikan_reaches_the_laptop_and_the_correction_is_pending_again(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    trust(office, laptop, tmp_path)
    row = assessment(laptop)
    other = assessment(laptop, seed=1)
    first = office.sync.import_bundle(export_one(laptop, tmp_path / "usb"),
                                      receipt_dir=tmp_path / "receipts")
    assert first.status == "imported" and first.receipt_path is not None
    assert manifest_of(first.receipt_path)["format_version"] == 2  # no decision yet
    assert "reviews" not in manifest_of(first.receipt_path)

    # the office: nothing to send before a decision; then "perlu perbaikan" and "diterima"
    assert office.sync.review_receipts(tmp_path / "back") == []
    office.review.set_status(row.assessment_id, "perlu_perbaikan", COMMENT, "Sari Kantor")
    office.review.set_status(other.assessment_id, "diterima", None, "Sari Kantor")
    [written] = office.sync.review_receipts(tmp_path / "back")
    assert (written.reviews, written.needs_fix) == (2, 1)
    assert written.path.name == first.receipt_path.name  # it replaces the bundle's receipt
    data = manifest_of(written.path)
    assert data["format_version"] == 3 and data["bundle_id"] == first.bundle_id
    assert {r["status"] for r in data["reviews"]} == {"perlu_perbaikan", "diterima"}
    assert len(data["accepted_records"]) == 2  # everything the first receipt said

    # the laptop imports it: received, and the comment is stored per record
    res = laptop.sync.import_receipt(written.path)
    assert sorted(res.marked) == sorted([(row.assessment_id, 1), (other.assessment_id, 1)])
    assert {(d.assessment_id, d.status) for d in res.decisions} == {
        (row.assessment_id, "perlu_perbaikan"), (other.assessment_id, "diterima")}
    decision = laptop.feedback.latest(row.assessment_id)
    assert decision is not None
    assert (decision.status, decision.comment, decision.reviewer, decision.revision) == (
        "perlu_perbaikan", COMMENT, "Sari Kantor", 1)
    current = laptop.assessments.resolve(row.assessment_id)
    assert decision.open_for(current.revision, current.received_at)
    assert not laptop.feedback.latest(other.assessment_id).open_for(1, None)  # type: ignore[union-attr]
    # the same receipt again changes nothing
    before = db_fingerprint(laptop)
    again = laptop.sync.import_receipt(written.path)
    assert again.already and again.decisions == []
    assert db_fingerprint(laptop) == before

    # the assessor revises from there, finalises, signs and sends the correction
    revised = laptop.assessments.revise(current.id, "Perbaikan dari kantor: " + COMMENT)
    assert decision.open_for(revised.revision, revised.received_at)  # still to send
    finalise_and_sign(laptop, revised.id, random.Random(5), signer="Budi Lapangan")
    second = office.sync.import_bundle(export_one(laptop, tmp_path / "usb2"),
                                       receipt_dir=tmp_path / "receipts")
    assert [r.outcome for r in second.records] == ["revised"]

    # the office sees revision 2 pending review again (the decision belongs to revision 1)
    [item] = [i for i in office.review.overview() if i.assessment_id == row.assessment_id]
    assert item.revision == 2 and item.review is not None and item.review_outdated
    assert item.review.status == "perlu_perbaikan"
    assert row.assessment_id in {i.assessment_id for i in office.review.overview("none")}
    assert row.assessment_id not in {i.assessment_id
                                     for i in office.review.overview("perlu_perbaikan")}
    assert office.review.counts()["none"] == 1  # (the other one was "diterima")

    # and once the laptop has the receipt of revision 2, the marker is gone
    assert second.receipt_path is not None
    laptop.sync.import_receipt(second.receipt_path)
    now = laptop.assessments.resolve(row.assessment_id)
    assert now.revision == 2 and now.received_at is not None
    assert not decision.open_for(now.revision, now.received_at)


def test_the_office_never_revises_a_field_record(office: Services, laptop: Services,
                                                 tmp_path: Path) -> None:
    trust(office, laptop, tmp_path)
    row = assessment(laptop)
    office.sync.import_bundle(export_one(laptop, tmp_path / "usb"))
    stored = office.assessments.resolve(row.assessment_id)
    assert office.assessments.made_elsewhere(stored)
    assert not laptop.assessments.made_elsewhere(laptop.assessments.resolve(row.id))
    before = db_fingerprint(office)
    with pytest.raises(AppError) as refused:
        office.assessments.revise(stored.id, "koreksi kantor")
    assert refused.value.code == "revise.field_record"
    assert refused.value.params["device"] == row.device_id
    assert db_fingerprint(office) == before  # nothing written


def test_receipts_without_decisions_and_foreign_decisions(office: Services, laptop: Services,
                                                          tmp_path: Path) -> None:
    """A version-2 receipt (no decisions) imports as before; a version-2 receipt that
    carries decisions is refused; decisions on assessments the laptop does not have are
    ignored."""
    trust(office, laptop, tmp_path)
    row = assessment(laptop)
    rep = office.sync.import_bundle(export_one(laptop, tmp_path / "usb"),
                                    receipt_dir=tmp_path / "receipts")
    assert rep.receipt_path is not None
    res = laptop.sync.import_receipt(rep.receipt_path)
    assert res.marked == [(row.assessment_id, 1)] and res.decisions == []

    from assessor_app.bundles.models import ReceiptManifest, ReceiptReview
    from assessor_app.bundles.receipt import build_receipt, read_receipt

    keys = office.sync.device_keys.row()
    import base64
    plain = read_receipt(rep.receipt_path.read_bytes(),
                         [base64.b64decode(keys.ed25519_public)])
    review = ReceiptReview(id="ab" * 16, assessment_id="cd" * 16, seq=1, revision=1,
                           status="perlu_perbaikan", comment="x", reviewer="Sari",
                           decided_at=plain.imported_at)
    stranger = ReceiptManifest(**{**plain.model_dump(), "format_version": 3,
                                  "reviews": [review.model_dump()]})
    path = tmp_path / "stranger" / rep.receipt_path.name
    path.parent.mkdir()
    path.write_bytes(build_receipt(stranger, keys.ed25519_private))
    res = laptop.sync.import_receipt(path)
    assert res.decisions == [] and laptop.feedback.latest("cd" * 16) is None

    with pytest.raises(ValueError):  # decisions need version 3
        ReceiptManifest(**{**plain.model_dump(), "reviews": [review.model_dump()]})
    # a forged version-2 manifest with decisions is refused by the reader
    raw = stranger.model_dump(mode="json")
    raw["format_version"] = 2
    from assessor_app.bundles import crypto
    from assessor_app.bundles.strictjson import dumps_canonical
    from assessor_app.bundles.writer import build_zip
    body = dumps_canonical(raw, indent=1) + b"\n"
    forged = tmp_path / "forged" / rep.receipt_path.name
    forged.parent.mkdir()
    forged.write_bytes(build_zip([("manifest.json", body),
                                  ("manifest.sig", crypto.sign(keys.ed25519_private, body))]))
    with pytest.raises(ImportRejected) as bad:
        laptop.sync.import_receipt(forged)
    assert bad.value.code == "bundle.schema"


def test_review_receipt_for_a_named_device_without_decisions_is_refused(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    trust(office, laptop, tmp_path)
    assessment(laptop)
    office.sync.import_bundle(export_one(laptop, tmp_path / "usb"))
    device = laptop.sync.identity().device_id
    with pytest.raises(AppError) as refused:
        office.sync.review_receipts(tmp_path / "back", [device])
    assert refused.value.code == "review.nothing_to_send"
    assert not (tmp_path / "back").exists()
