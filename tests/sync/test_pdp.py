"""Personal data between laptop and office (issue 13): the consent register and its
withdrawals travel in result bundles (``consent_register``), the retention purge removes
a field copy only after the office's receipt, and the data-subject report holds
everything about one person. The office runs ``[sqlite]`` and ``[postgresql]``; the
purge and the report also run with the laptop's own store on PostgreSQL."""

from __future__ import annotations

import json
import random
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from assessor_app.core.errors import StateError
from assessor_app.services.models import AssessmentSummary
from assessor_app.services.runtime import Services
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import (
    AnswerRow,
    AssesseeRow,
    AssessmentRow,
    AuditRow,
    ConsentRow,
    EvidenceRow,
    MediaRow,
    PurgeRecordRow,
    SignatureRow,
)
from tests.sync.conftest import db_fingerprint, make_services
from tests.sync.helpers import fill, finalise_and_sign, photo

NIK = "3273015608990007"
NAME = "Sri Wahyuningsih Lestari"


def _trust(office: Services, laptop: Services, tmp_path: Path) -> None:
    if laptop.registry.self_assessor() is None:
        laptop.registry.save_self_assessor("Budi Lapangan")
    office.registry.add_assessor("Kantor", is_self=True)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    me = office.registry.add_assessor("Budi Lapangan")
    pack = office.sync.create_pack(me.id, tmp_path / "packs")
    laptop.sync.import_pack(pack.path)


def _record(laptop: Services, code: str, *, seed: int = 0, photos: list[bytes] | None = None,
            attach: tuple[str, bytes] | None = None, signer: str = NAME,
            **subject: str) -> AssessmentSummary:
    row = laptop.assessments.create(code, **subject)
    if attach is not None:
        laptop.assessments.attach_evidence(row.id, attach[0], attach[1], filename="kuk.jpg",
                                           caption=f"foto {signer}")
    rng = random.Random(seed)
    fill(laptop, row.id, rng=rng, texts=[f"jawaban {signer}"], notes=[f"catatan {signer}"],
         photos=photos or [])
    finalise_and_sign(laptop, row.id, rng, signer=signer)
    return laptop.assessments.resolve(row.id)


def _send(laptop: Services, office: Services, tmp_path: Path, name: str) -> Any:
    """Export, import at the office, import its receipt on the laptop."""
    res = laptop.sync.export(tmp_path / name)
    assert res.path is not None
    rep = office.sync.import_bundle(res.path, receipt_dir=tmp_path / f"{name}-receipts")
    assert rep.status == "imported", (rep.code, rep.params)
    assert rep.receipt_path is not None
    laptop.sync.import_receipt(rep.receipt_path)
    return rep


def _office_consent(office: Services, consent_id: str) -> ConsentRow | None:
    with read_session(office.store.engine) as s:
        return s.get(ConsentRow, consent_id)


# ------------------------------------------------------------------ consents


def test_consent_and_its_withdrawal_reach_the_office(laptop: Services, office: Services,
                                                     tmp_path: Path) -> None:
    _trust(office, laptop, tmp_path)
    person = laptop.registry.add_assessee(NAME, nik=NIK)
    ak01 = _record(laptop, "FR.AK.01", assessee_id=person.id)
    assert ak01.status == "locked"
    [entry] = laptop.consents.list(subject_id=person.id)
    c = entry.consent
    assert (c.method, c.assessee_id, c.revision_id, c.given_by) == (
        "FR.AK.01", person.id, ak01.id, NAME)
    assert c.delivered_at is None and entry.subject_name == NAME

    _send(laptop, office, tmp_path, "usb1")
    at_office = _office_consent(office, c.id)
    assert at_office is not None and at_office.withdrawn_at is None
    assert laptop.consents.get(c.id).consent.delivered_at is not None
    assert laptop.sync.pending() == []  # nothing left to send

    q = laptop.consents.withdraw(c.id, "Asesi mengundurkan diri")
    assert (q.received, q.waiting, q.drafts) == (1, 0, 0)
    withdrawn = laptop.consents.get(c.id).consent
    assert withdrawn.withdrawn_at is not None and withdrawn.delivered_at is None
    assert withdrawn.withdrawn_reason == "Asesi mengundurkan diri"
    # the withdrawal travels with the person's record, which the office has already
    assert [r.assessment_id for r in laptop.sync.pending()] == [ak01.assessment_id]
    rep = _send(laptop, office, tmp_path, "usb2")
    assert [r.outcome for r in rep.records] == ["duplicate"]
    at_office = _office_consent(office, c.id)
    assert at_office is not None and at_office.withdrawn_at == withdrawn.withdrawn_at
    assert at_office.withdrawn_reason == "Asesi mengundurkan diri"
    assert laptop.consents.get(c.id).consent.delivered_at is not None
    assert laptop.sync.pending() == []
    with read_session(office.store.engine) as s:
        actions = [a.action for a in s.exec(select(AuditRow).where(
            AuditRow.entity_id == c.id)).all()]
    assert actions == ["withdraw"]

    # no new assessment of that person, until a new consent (a new FR.AK.01)
    with pytest.raises(StateError) as refused:
        laptop.assessments.create("FR.IA.01.J620100.005.02", assessee_id=person.id)
    assert refused.value.code == "consent.withdrawn_subject"
    with pytest.raises(StateError):
        laptop.consents.withdraw(c.id, "lagi")
    again = laptop.assessments.create("FR.AK.01", assessee_id=person.id)
    assert again.status == "draft"


def test_an_institution_heads_consent_travels_in_the_register(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    _trust(office, laptop, tmp_path)
    inst = laptop.registry.add_institution("LPK Maju Jaya", head_name="Ir. Hartono")
    record = _record(laptop, "JKP.LPK.01", institution_id=inst.id)
    [entry] = laptop.consents.list(subject_id=inst.id)
    assert (entry.consent.method, entry.consent.institution_id) == ("kelembagaan", inst.id)
    assert entry.consent.revision_id == record.id and entry.consent.given_by == NAME
    manual = laptop.consents.record(institution_id=inst.id, given_by="Ir. Hartono",
                                    scope="Foto sarana dan wawancara pimpinan",
                                    given_at=None)
    res = laptop.sync.export(tmp_path / "usb", encrypt=False)
    assert res.path is not None
    with zipfile.ZipFile(res.path) as zf:
        data = json.loads(zf.read("data/records.json"))
    assert sorted(c["id"] for c in data["consent_register"]) == sorted(
        [entry.id, manual.id])
    assert all(c["institution_id"] == inst.id and c["assessee_id"] is None
               for c in data["consent_register"])
    assert data["assessments"][0]["consents"] == []  # an asesi's consent only
    rep = office.sync.import_bundle(res.path)
    assert rep.status == "imported"
    stored = _office_consent(office, manual.id)
    assert stored is not None and stored.scope == "Foto sarana dan wawancara pimpinan"
    assert stored.given_by == "Ir. Hartono" and stored.institution_id == inst.id


def test_a_bundle_without_consents_has_no_register(laptop: Services, office: Services,
                                                   tmp_path: Path) -> None:
    """What an office before issue 13 reads: no ``consent_register`` key at all."""
    _trust(office, laptop, tmp_path)
    inst = laptop.registry.add_institution("LPK Tanpa Kepala")
    _record(laptop, "JKP.LPK.01", institution_id=inst.id)
    with read_session(laptop.store.engine) as s:  # delivered: nothing left to carry
        for row in s.exec(select(ConsentRow)).all():
            row.delivered_at = row.given_at
            s.add(row)
        s.commit()
    res = laptop.sync.export(tmp_path / "usb", encrypt=False)
    assert res.path is not None
    with zipfile.ZipFile(res.path) as zf:
        data = json.loads(zf.read("data/records.json"))
    assert "consent_register" not in data
    assert office.sync.import_bundle(res.path).status == "imported"


# ------------------------------------------------------------------ retention


@pytest.fixture()
def field_laptop(tmp_path: Path, db_url: str | None) -> Any:
    """A laptop whose own store runs on SQLite and on PostgreSQL (the purge's SQL)."""
    svc = make_services(tmp_path, db_url, name="field")
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


@pytest.fixture()
def sqlite_office(tmp_path: Path) -> Any:
    svc = make_services(tmp_path, name="hq")
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


def _counts(services: Services, person_id: str, aid: str) -> dict[str, int]:
    with read_session(services.store.engine) as s:
        revs = [r.id for r in s.exec(select(AssessmentRow).where(
            AssessmentRow.assessment_id == aid)).all()]
        return {
            "revisions": len(revs),
            "answers": sum(len(s.exec(select(AnswerRow).where(
                AnswerRow.revision_id == r)).all()) for r in revs),
            "evidence": sum(len(s.exec(select(EvidenceRow).where(
                EvidenceRow.revision_id == r)).all()) for r in revs),
            "signatures": sum(len(s.exec(select(SignatureRow).where(
                SignatureRow.revision_id == r)).all()) for r in revs),
            "person": 1 if s.get(AssesseeRow, person_id) else 0,
        }


@pytest.mark.allow_log("WARNING", "assessor_app.storage.migrations",
                       r"migrating the server database")
def test_purge_removes_only_what_the_office_confirmed(
        field_laptop: Services, sqlite_office: Services, tmp_path: Path,
        db_url: str | None) -> None:
    laptop, office = field_laptop, sqlite_office
    _trust(office, laptop, tmp_path)
    person = laptop.registry.add_assessee(NAME, nik=NIK)
    picture = photo(64, 48, (201, 13, 77))
    ak01 = _record(laptop, "FR.AK.01", assessee_id=person.id)
    ia01 = _record(laptop, "FR.IA.01.J620100.005.02", assessee_id=person.id,
                   attach=("u1_e1_k1", photo(80, 60, (7, 140, 222))))
    with read_session(laptop.store.engine) as s:
        [their_photo] = [e.media_sha256 for e in s.exec(select(EvidenceRow).where(
            EvidenceRow.revision_id == ia01.id)).all()]
        their_bytes = bytes(s.get(MediaRow, their_photo).data)  # type: ignore[union-attr]
    scrap = laptop.assessments.create("FR.AK.01", assessee_id=person.id)
    laptop.assessments.discard_draft(scrap.id)  # the audit log quotes the person's name
    other = laptop.registry.add_assessee("Yohanes Pratama", nik="5171010101010002")
    kept = _record(laptop, "FR.AK.01", assessee_id=other.id, seed=2, signer="Yohanes Pratama")
    draft = laptop.assessments.create("JKP.LPK.01", institution_id=laptop.registry.add_institution(
        "LPK Draf").id)
    laptop.assessments.attach_evidence(draft.id, _evidence_item(laptop, draft.id), picture,
                                       filename="foto.jpg")
    # only the person's records go to the office
    res = laptop.sync.export(tmp_path / "usb", [ak01.assessment_id, ia01.assessment_id])
    assert res.path is not None
    rep = office.sync.import_bundle(res.path, receipt_dir=tmp_path / "receipts")
    assert rep.receipt_path is not None
    laptop.sync.import_receipt(rep.receipt_path)
    if laptop.store.is_sqlite:
        laptop.maintenance.backup(reason="manual")  # a backup holding the person's data

    status = laptop.retention.status()
    assert status.days == 90 and status.due == ()
    assert sorted(c.assessment_id for c in status.waiting) == sorted(
        [ak01.assessment_id, ia01.assessment_id])
    assert status.unconfirmed == 1 and status.drafts == 1  # never purged

    laptop.retention.set_days(0)
    before = db_fingerprint(laptop)
    dry = laptop.retention.purge(dry_run=True)
    assert sorted(c.assessment_id for c in dry.purged) == sorted(
        [ak01.assessment_id, ia01.assessment_id])
    assert db_fingerprint(laptop) == before  # a dry run changes nothing

    done = laptop.retention.purge()
    gone = next(c for c in done.purged if c.assessment_id == ak01.assessment_id)
    assert gone.bundle_id == res.bundle_id and gone.reason == "retention"
    assert done.answers > 0 and done.signatures == 4 and done.assessees_removed == 1
    assert done.evidence == 1 and done.media == 2  # the photo and the drawn signature
    assert _counts(laptop, person.id, ak01.assessment_id) == {
        "revisions": 0, "answers": 0, "evidence": 0, "signatures": 0, "person": 0}
    left = _counts(laptop, other.id, kept.assessment_id)
    assert left["revisions"] == 1 and left["answers"] > 0 and left["person"] == 1
    assert laptop.assessments.resolve(draft.id).status == "draft"
    with read_session(laptop.store.engine) as s:
        records = {r.assessment_id: r for r in s.exec(select(PurgeRecordRow)).all()}
        record = records[ak01.assessment_id]
        assert (record.bundle_id, record.revisions, record.subject_id) == (
            res.bundle_id, "1", person.id)
        assert record.receipt_at == gone.receipt_at
        assert sum(r.answers for r in records.values()) == done.answers
        assert records[ia01.assessment_id].evidence == 1
        assert s.get(MediaRow, their_photo) is None
        assert s.exec(select(ConsentRow).where(ConsentRow.assessee_id == person.id)).all() == []
        logged = s.exec(select(AuditRow).where(
            AuditRow.entity_id == ak01.assessment_id)).all()
        assert "purge" in [a.action for a in logged]
        # who did what stays; the values the rows held do not
        assert all(a.old is None and (a.new is None or a.action == "purge") for a in logged)
        assert [a for a in s.exec(select(AuditRow)).all()
                if NAME in f"{a.old} {a.new}" or NIK in f"{a.old} {a.new}"] == []
        [draft_photo] = [e.media_sha256 for e in s.exec(select(EvidenceRow).where(
            EvidenceRow.revision_id == draft.id)).all()]
        assert s.get(MediaRow, draft_photo) is not None  # the draft still uses it
    again = laptop.retention.purge()
    assert again.purged == ()
    if laptop.store.is_sqlite:
        _assert_gone_from_files(laptop, [NIK.encode(), NAME.encode(), NAME.encode("utf-16-le"),
                                         their_bytes[200:260]])
        assert done.vacuumed and len(done.backups_rewritten) >= 1
        assert done.backups_failed == ()
    else:
        assert done.backups_rewritten == () and not done.vacuumed
    # the office still has all of it
    with read_session(office.store.engine) as s:
        assert s.exec(select(AssessmentRow).where(
            AssessmentRow.assessment_id == ak01.assessment_id)).first() is not None


def _evidence_item(laptop: Services, rid: str) -> str:
    from assessor_app.core.template import ItemType

    template = laptop.assessments.template_of(laptop.assessments.resolve(rid))
    return next(i.name for i in template.walk_items() if i.type is ItemType.EVIDENCE
                and template.repeat_of(i.name) is None)


def _assert_gone_from_files(laptop: Services, words: list[bytes]) -> None:
    """None of these byte strings in the database file, its WAL or any backup."""
    paths = laptop.paths
    files = [paths.db_path, paths.db_path.with_name(paths.db_path.name + "-wal")]
    files += sorted(paths.backup_dir.glob("*.db"))
    for f in files:
        if not f.exists():
            continue
        raw = f.read_bytes()
        for word in words:
            assert word not in raw, (f.name, word[:20])
    for f in sorted(paths.backup_dir.glob("*.db")):  # rewritten backups still open
        con = sqlite3.connect(f"file:{f}?mode=ro", uri=True)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()


def test_withdrawn_consent_makes_a_confirmed_record_due_at_once(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    _trust(office, laptop, tmp_path)
    person = laptop.registry.add_assessee(NAME, nik=NIK)
    ak01 = _record(laptop, "FR.AK.01", assessee_id=person.id)
    _send(laptop, office, tmp_path, "usb1")
    assert laptop.retention.status().due == ()  # 90 days from the receipt
    [entry] = laptop.consents.list(subject_id=person.id)
    laptop.consents.withdraw(entry.id, "Tidak bersedia lagi")
    # not before the withdrawal reached the office
    assert laptop.retention.status().due == ()
    _send(laptop, office, tmp_path, "usb2")
    due = laptop.retention.status().due
    assert [(c.assessment_id, c.reason) for c in due] == [
        (ak01.assessment_id, "consent_withdrawn")]
    done = laptop.retention.purge()
    assert done.assessees_removed == 1
    at_office = _office_consent(office, entry.id)
    assert at_office is not None and at_office.withdrawn_reason == "Tidak bersedia lagi"


# ------------------------------------------------------------------ the subject report


@pytest.mark.allow_log("WARNING", "assessor_app.storage.migrations",
                       r"migrating the server database")
def test_subject_report_holds_every_record_consent_and_access(
        field_laptop: Services, tmp_path: Path) -> None:
    laptop = field_laptop
    laptop.registry.save_self_assessor("Budi Lapangan")
    person = laptop.registry.add_assessee(NAME, nik=NIK, birth_place="Cimahi")
    ak01 = _record(laptop, "FR.AK.01", assessee_id=person.id)
    laptop.audit.log_access("view", "assessment", ak01.assessment_id, field="r1")
    report = laptop.subjects.report(NIK)
    assert report.subject.id == person.id and dict(report.details)["nik"] == NIK
    [rec] = report.records
    assert rec.assessment_id == ak01.assessment_id and rec.status == "locked"
    assert rec.answers and {g.role for g in rec.signatures} == {"asesor", "asesi"}
    assert [c["method"] for c in report.consents] == ["FR.AK.01"]
    assert "view" in [a.action for a in report.access]
    path = laptop.subjects.write(report, tmp_path / "subjek.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["subject"]["name"] == NAME and data["details"]["nik"] == NIK
    assert data["records"][0]["answers"] and data["consents"][0]["given_by"] == NAME
    pdf = laptop.subjects.write(report, tmp_path / "subjek.pdf")
    assert pdf.read_bytes().startswith(b"%PDF-")
    # making it is an export of that person's data
    again = laptop.subjects.report(person.id)
    assert [e.field for e in again.exports] == ["subject_report", "subject_report"]
    assert laptop.subjects.find(NAME).id == person.id


def test_purge_rewrites_the_backups_of_an_encrypted_store(
        encrypted: str, tmp_path: Path) -> None:
    """With encryption at rest, a purged backup stays encrypted with the store's key."""
    from assessor_app.storage.backup import verify_database_file
    from assessor_app.storage.db import is_plain_sqlite_file

    laptop = make_services(tmp_path, name="enc-laptop")
    office = make_services(tmp_path, name="enc-office")
    try:
        assert laptop.store.encrypted
        _trust(office, laptop, tmp_path)
        person = laptop.registry.add_assessee(NAME, nik=NIK)
        _record(laptop, "FR.AK.01", assessee_id=person.id)
        _send(laptop, office, tmp_path, "usb")
        before = laptop.maintenance.backup(reason="manual")
        laptop.retention.set_days(0)
        done = laptop.retention.purge()
        assert len(done.purged) == 1 and done.backups_failed == ()
        assert before.name in done.backups_rewritten
        assert not is_plain_sqlite_file(before)
        key = laptop.store.key
        assert key is not None and verify_database_file(before, key=key) >= 9
        from assessor_app.storage.db import make_engine, sqlite_url

        engine = make_engine(sqlite_url(before), key=key, read_only=True)
        try:
            with engine.connect() as conn:
                assert conn.exec_driver_sql(
                    "SELECT count(*) FROM assessee WHERE nik = ?", (NIK,)).scalar() == 0
        finally:
            engine.dispose()
    finally:
        laptop.store.close(clean=True)
        office.store.close(clean=True)
