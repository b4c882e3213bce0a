"""Attacks on the consent withdrawals of receipt format 4 (docs/formats/receipt-v4.md):
hand-crafted receipts signed with the office's own key, and the office side's limits.
Each test passes on correct behaviour."""

from __future__ import annotations

import base64
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import ReceiptManifest
from assessor_app.bundles.receipt import build_receipt, read_receipt
from assessor_app.core.errors import AppError
from assessor_app.services.runtime import Services
from assessor_app.storage.db import write_session
from assessor_app.storage.tables import ConsentRow
from tests.sync.test_office_withdrawal import REASON, delivered

ABSENT = "9" * 32


def consent_rows(laptop: Services) -> list[tuple[Any, ...]]:
    db = laptop.paths.db_path
    with sqlite3.connect(db) as conn:
        return sorted(conn.execute("SELECT * FROM consent").fetchall())


def audit_count(laptop: Services) -> int:
    with sqlite3.connect(laptop.paths.db_path) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


def first_receipt(office: Services, tmp_path: Path) -> tuple[ReceiptManifest, str]:
    [path] = sorted((tmp_path / "receipts").glob("receipt-*.zip"))
    keys = office.sync.device_keys.row()
    return read_receipt(path.read_bytes(), [base64.b64decode(keys.ed25519_public)]), path.name


def entry(cid: str, *, institution_id: str | None = None, assessee_id: str | None = None,
          **over: Any) -> dict[str, Any]:
    base = {"id": cid, "assessee_id": assessee_id, "institution_id": institution_id,
            "revision_id": None, "purpose": "Visitasi", "text_version": "manual",
            "method": "manual", "given_at": "2026-12-01T01:00:00Z", "guardian_name": None,
            "withdrawn_at": "2026-12-02T01:00:00Z", "withdrawn_reason": REASON}
    return {**base, **over}


def forged(office: Services, tmp_path: Path, withdrawals: list[dict[str, Any]],
           name: str, *, key: bytes | None = None, **over: Any) -> Path:
    """The office's first receipt re-signed as format 4 with these withdrawals."""
    plain, file_name = first_receipt(office, tmp_path)
    data = {**plain.model_dump(), "format_version": 4, "withdrawals": withdrawals, **over}
    manifest = ReceiptManifest.model_validate(data)
    path = tmp_path / name / file_name
    path.parent.mkdir(parents=True)
    path.write_bytes(build_receipt(manifest, key or office.sync.device_keys.row().ed25519_private))
    return path


def raw_forged(office: Services, tmp_path: Path, name: str, **over: Any) -> Path:
    """The first receipt as JSON with ``over`` applied, signed without the model's checks
    (what a hostile writer holding the office key could send)."""
    from assessor_app.bundles import crypto
    from assessor_app.bundles.strictjson import dumps_canonical
    from assessor_app.bundles.writer import build_zip

    plain, file_name = first_receipt(office, tmp_path)
    raw = {**plain.model_dump(mode="json"), "format_version": 4, **over}
    body = dumps_canonical(raw, indent=1) + b"\n"
    keys = office.sync.device_keys.row()
    path = tmp_path / name / file_name
    path.parent.mkdir(parents=True)
    path.write_bytes(build_zip([("manifest.json", body),
                                ("manifest.sig", crypto.sign(keys.ed25519_private, body))]))
    return path


# ------------------------------------------------------------------ attacks that held


def test_forged_entries_for_other_or_absent_subjects_change_nothing(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    row, cid = delivered(office, laptop, tmp_path)
    other = laptop.registry.add_institution("LPK Lain Sejahtera")
    theirs = laptop.consents.record(given_by="Rina Marlina", scope="Visitasi",
                                    institution_id=other.id)
    before, audits = consent_rows(laptop), audit_count(laptop)
    path = forged(office, tmp_path, [
        entry(theirs.id, institution_id=row.institution_id),  # another subject's consent
        entry(cid, assessee_id="8" * 32),  # a held consent, claimed for someone else
        entry(ABSENT, institution_id="8" * 32),  # a subject this laptop never had
    ], "forged")
    res = laptop.sync.import_receipt(path)
    assert res.withdrawals == [] and res.already
    assert consent_rows(laptop) == before and audit_count(laptop) == audits


def test_duplicate_ids_are_applied_once(office: Services, laptop: Services,
                                        tmp_path: Path) -> None:
    row, cid = delivered(office, laptop, tmp_path)
    inst = row.institution_id
    path = forged(office, tmp_path, [entry(ABSENT, institution_id=inst)] * 2
                  + [entry(cid, institution_id=inst)] * 2, "dup")
    res = laptop.sync.import_receipt(path)
    assert sorted(res.withdrawals) == sorted([ABSENT, cid])
    again = laptop.sync.import_receipt(path)
    assert again.already and again.withdrawals == []


@pytest.mark.parametrize("case", ["withdrawn_before_given", "huge_reason", "version_3",
                                  "other_device", "unknown_bundle", "wrong_sha",
                                  "untrusted_key"])
def test_bad_receipts_are_refused_without_a_write(
        office: Services, laptop: Services, tmp_path: Path, case: str) -> None:
    row, _cid = delivered(office, laptop, tmp_path)
    good = entry(ABSENT, institution_id=row.institution_id)
    before, audits = consent_rows(laptop), audit_count(laptop)
    expected = {"withdrawn_before_given": "bundle.schema", "huge_reason": "bundle.schema",
                "version_3": "bundle.schema", "other_device": "receipt.wrong_device",
                "unknown_bundle": "receipt.unknown_bundle", "wrong_sha": "receipt.sha_mismatch",
                "untrusted_key": "receipt.untrusted"}[case]
    if case == "withdrawn_before_given":
        path = raw_forged(office, tmp_path, case, withdrawals=[
            {**good, "withdrawn_at": "2026-11-01T00:00:00Z"}])
    elif case == "huge_reason":
        path = raw_forged(office, tmp_path, case, withdrawals=[
            {**good, "withdrawn_reason": "x" * 20_001}])
    elif case == "version_3":
        path = raw_forged(office, tmp_path, case, format_version=3, withdrawals=[good])
    elif case == "other_device":
        path = forged(office, tmp_path, [good], case, device_id="e" * 16)
    elif case == "unknown_bundle":
        path = forged(office, tmp_path, [good], case, bundle_id="e" * 32)
    elif case == "wrong_sha":
        path = forged(office, tmp_path, [good], case, bundle_sha256="e" * 64)
    else:
        from assessor_app.bundles.crypto import generate_keys
        stranger = generate_keys()
        path = forged(office, tmp_path, [good], case, key=stranger.ed25519_private,
                      office_id=stranger.device_id)
    with pytest.raises(ImportRejected) as info:
        laptop.sync.import_receipt(path)
    assert info.value.code == expected
    assert consent_rows(laptop) == before and audit_count(laptop) == audits


def test_a_device_the_office_has_nothing_from_is_sent_nothing(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    from tests.sync.test_review_loop import trust

    trust(office, laptop, tmp_path)
    inst = office.registry.add_institution("LPK Kantor")
    c = office.consents.record(given_by="Rina", scope="Visitasi", institution_id=inst.id)
    office.consents.withdraw(c.id, REASON)
    assert office.sync.review_receipts(tmp_path / "back") == []
    device = laptop.sync.identity().device_id
    with pytest.raises(AppError) as info:
        office.sync.review_receipts(tmp_path / "back", [device])
    assert info.value.code == "review.nothing_to_send"


# ------------------------------------------------------------------ defects


def test_a_long_given_by_at_the_office_does_not_break_every_review_receipt(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    """"Given by" is refused beyond the 200 characters the exchange formats carry; one
    stored longer before that limit (written here behind the service) is cut to them, so
    review receipts, for every device and with every decision, are still written."""
    row, cid = delivered(office, laptop, tmp_path)
    office.review.set_status(row.assessment_id, "diterima", None, "Sari Kantor")
    with pytest.raises(AppError) as info:
        office.consents.record(given_by="Kepala LPK " * 25, scope="Visitasi",
                               institution_id=row.institution_id)
    assert (info.value.code, info.value.params["item"]) == ("value.too_long", "given_by")
    with write_session(office.store.engine) as s:
        s.connection().execute(update(ConsentRow.__table__).where(  # type: ignore[attr-defined]
            ConsentRow.__table__.c.id == cid).values(  # type: ignore[attr-defined]
            given_by="Kepala LPK " * 25, purpose="Visitasi " * 200))
    office.consents.withdraw(cid, REASON)
    [written] = office.sync.review_receipts(tmp_path / "back")
    assert (written.reviews, written.withdrawals) == (1, 1)
    res = laptop.sync.import_receipt(written.path)
    assert res.withdrawals == [cid]
    assert laptop.consents.get(cid).consent.withdrawn_reason == REASON


def test_a_withdrawal_dated_in_the_future_does_not_block_for_ever(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    """A withdrawal dated 2999 (a mistyped year at the office, or a hostile receipt): the
    office refuses to record it, and a laptop dates one that arrives no later than now, so
    the asesi's new consent, recorded today, still lifts the block."""
    row, cid = delivered(office, laptop, tmp_path)
    inst = row.institution_id
    with pytest.raises(AppError) as info:
        office.consents.withdraw(cid, REASON, at="2999-01-01")
    assert info.value.code == "consent.withdrawn_in_future"
    path = forged(office, tmp_path, [entry(ABSENT, institution_id=inst,
                                           withdrawn_at="2999-01-01T00:00:00Z")], "future")
    assert laptop.sync.import_receipt(path).withdrawals == [ABSENT]
    added = laptop.consents.get(ABSENT).consent
    assert added.withdrawn_at is not None and added.withdrawn_at < "2999"
    with pytest.raises(AppError):  # withdrawn: blocked (the record's own consent is older)
        laptop.assessments.create("JKP.LPK.01", institution_id=inst)
    laptop.consents.record(given_by="Hj. Sri Wahyuni, S.Pd.", scope="Persetujuan baru",
                           institution_id=inst)
    laptop.assessments.create("JKP.LPK.01", institution_id=inst)  # the new consent lifts it


def test_a_withdrawal_never_predates_the_consent_it_withdraws(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    """An entry with a held consent's id but other dates: the laptop's consent is
    withdrawn (the office says so), never before it was given."""
    row, cid = delivered(office, laptop, tmp_path)
    path = forged(office, tmp_path, [entry(cid, institution_id=row.institution_id,
                                           given_at="2000-01-01T00:00:00Z",
                                           withdrawn_at="2001-01-01T00:00:00Z")], "dates")
    assert laptop.sync.import_receipt(path).withdrawals == [cid]
    here = laptop.consents.get(cid).consent
    assert here.withdrawn_at is not None and here.withdrawn_at >= here.given_at


def test_an_added_withdrawal_keeps_no_link_to_another_subjects_or_unknown_record(
        office: Services, laptop: Services, tmp_path: Path) -> None:
    """A consent added from the office is about its subject only: a ``revision_id`` of
    another subject's record, or a ``visit_id`` the laptop never had, is not kept (as a
    ``revision_id`` the laptop never had is dropped)."""
    row, _cid = delivered(office, laptop, tmp_path)
    other = laptop.registry.add_institution("LPK Lain Sejahtera")
    path = forged(office, tmp_path, [
        entry("4" * 32, institution_id=other.id, revision_id=row.id),
        entry("5" * 32, institution_id=row.institution_id, visit_id="6" * 32)], "links")
    res = laptop.sync.import_receipt(path)
    assert sorted(res.withdrawals) == ["4" * 32, "5" * 32]
    assert laptop.consents.get("4" * 32).consent.revision_id is None
    assert laptop.consents.get("5" * 32).consent.visit_id is None


def test_the_newest_withdrawals_still_go_when_there_are_more_than_a_receipt_holds(
        office: Services, laptop: Services, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Withdrawals are sent again in every receipt, oldest first, cut at MAX_RECORDS
    (2,000; 1 here): once a device's subjects have more, a new withdrawal never leaves
    the office."""
    import assessor_app.services.sync_review as sync_review

    row, cid = delivered(office, laptop, tmp_path)
    office.consents.withdraw(cid, REASON, at="2026-12-02")
    [first] = office.sync.review_receipts(tmp_path / "back1")
    laptop.sync.import_receipt(first.path)
    monkeypatch.setattr(sync_review, "MAX_RECORDS", 1)
    new = office.consents.record(given_by="Drs. Bambang Priyono", scope="Data pimpinan",
                                 given_at="2026-12-03", institution_id=row.institution_id)
    office.consents.withdraw(new.id, REASON, at="2026-12-04")
    [second] = office.sync.review_receipts(tmp_path / "back2")
    res = laptop.sync.import_receipt(second.path)
    assert res.withdrawals == [new.id]


def test_a_receipt_too_large_for_the_laptops_is_never_written(
        office: Services, laptop: Services, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Laptops read receipts up to MAX_RECEIPT: the office refuses to write a larger one
    (for any device) with words, instead of one every later import refuses."""
    import assessor_app.services.sync_review as sync_review

    _row, cid = delivered(office, laptop, tmp_path)
    office.consents.withdraw(cid, REASON)
    monkeypatch.setattr(sync_review, "MAX_RECEIPT", 200)  # bytes: less than any receipt
    with pytest.raises(AppError) as info:
        office.sync.review_receipts(tmp_path / "back")
    assert info.value.code == "review.receipt_too_large"
    assert not (tmp_path / "back").exists() or not any((tmp_path / "back").iterdir())
    from assessor_app.messages import message
    assert "tidak ada yang ditulis" in message(info.value.code, info.value.params, "id")
