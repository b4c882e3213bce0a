"""Evidence metadata (issue 12) travels in result bundles; bundles without it still import."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from assessor_app.bundles.models import EvidenceData
from assessor_app.services.runtime import Services
from tests.helpers import SEMARANG, exif_jpeg
from tests.sync.helpers import assessment_snapshot, export_one, fill, finalise_and_sign


def _sign_and_import(laptop: Services, office: Services, row: Any, rng: random.Random,
                     tmp_path: Path) -> None:
    """Fills the rest of ``row``, finalises and signs it, and imports it at the office."""
    fill(laptop, row.id, rng=rng, texts=["isi"], notes=[], photos=[], rows=1, empty=0.0)
    finalise_and_sign(laptop, row.id, rng, signer="Budi")
    report = office.sync.import_bundle(export_one(laptop, tmp_path / "usb",
                                                  [row.assessment_id]))
    assert report.status == "imported", (report.code, report.params)


def test_photo_time_and_place_reach_the_office_and_the_record_verifies(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop uji")
    inst = laptop.registry.add_institution("LPK Metadata", city="Semarang")
    row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
    ev = laptop.assessments.attach_evidence(row.id, "foto_sarpras", exif_jpeg(gps=SEMARANG),
                                            filename="dsc.jpg", caption="Bengkel")
    _sign_and_import(laptop, office, row, random.Random(3), tmp_path)
    assert assessment_snapshot(office, row.assessment_id) == \
        assessment_snapshot(laptop, row.assessment_id, sent=True)
    there = office.assessments.detail(row.assessment_id, deep=True)
    got = next(e for e in there.evidence if e.id == ev.id)
    assert (got.taken_at, got.latitude, got.longitude) == (
        "2026-12-04T03:15:00.000Z", -6.9932, 110.4203)
    assert there.integrity is not None and there.integrity.ok
    assert all(s.valid for s in there.signatures)


def test_an_evidence_entry_of_an_older_bundle_has_no_metadata() -> None:
    old = {"id": "a" * 32, "item": "foto_sarpras", "row_id": "", "media_sha256": "b" * 64,
           "caption": None, "original_name": "x.jpg", "position": 0,
           "created_at": "2026-12-04T03:00:00.000Z"}
    e = EvidenceData.model_validate(old)
    assert (e.taken_at, e.latitude, e.longitude) == (None, None, None)
    # written back without the keys: what an office before issue 12 accepts
    assert e.model_dump(mode="json") == old
    with_time = EvidenceData.model_validate({**old, "taken_at": "2026-12-04T03:15:00.000Z"})
    assert with_time.model_dump(mode="json") == {**old, "taken_at": "2026-12-04T03:15:00.000Z"}


def test_photos_with_and_without_metadata_in_one_record_import(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    """One record, a photo with its time and place and one without: the office writes
    both rows in one statement (found with issue 13; it failed on the missing keys)."""
    from tests.sync.helpers import photo

    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop uji")
    inst = laptop.registry.add_institution("LPK Campuran", city="Semarang")
    row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
    laptop.assessments.attach_evidence(row.id, "foto_sarpras", exif_jpeg(gps=SEMARANG),
                                       filename="dsc.jpg")
    laptop.assessments.attach_evidence(row.id, "foto_sarpras", photo(30, 20, (5, 6, 7), "PNG"),
                                       filename="layar.png")
    _sign_and_import(laptop, office, row, random.Random(4), tmp_path)
    taken = sorted(str(e.taken_at) for e in office.assessments.detail(
        row.assessment_id).evidence)
    assert taken == ["2026-12-04T03:15:00.000Z", "None"]
