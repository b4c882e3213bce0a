"""Answers the content hash does not cover never travel (attack A, D7).

An answer row for an item the template does not have, or for an item hidden by the skip
logic, is in no content hash and no signature: written into the laptop's database behind
the app's back it changes nothing ``check`` or ``verify`` recompute. Export sends only the
answers the hashed record holds (``FormState.coverage``, the same walk as the hash), and
the office drops any other answer a (re-signed, hand-made) bundle carries before storing,
with a warning and an audit entry.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from assessor_app.bundles import crypto
from assessor_app.bundles.strictjson import dumps_canonical
from assessor_app.bundles.writer import build_zip
from assessor_app.core.template import ItemType
from assessor_app.services.runtime import Services
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AnswerRow, AuditRow
from tests.sync.helpers import export_one
from tests.sync.test_trust_chain import _signed

RECORDS = "data/records.json"
PLANTED = "2026-11-20T09:00:00.000Z"


def _hidden_item(laptop: Services, rid: str) -> str:
    """A top-level item of the record that holds a value and is hidden by skip logic."""
    detail = laptop.assessments.detail(rid)
    for item in detail.template.walk_items():
        if item.holds_value and item.type is not ItemType.REPEAT and \
                detail.template.repeat_of(item.name) is None and \
                not detail.state.item_relevant(item.name):
            return item.name
    raise AssertionError("the JKP record has no hidden item to plant an answer for")


def _plant(laptop: Services, rid: str, *items: str) -> None:
    """Answer rows written (or rewritten) with sqlite3 straight into the laptop's store
    file."""
    db = sqlite3.connect(laptop.paths.data_dir / "assessor.db")
    try:
        with db:
            for n, item in enumerate(items):
                db.execute("delete from answer where revision_id = ? and item = ?",
                           (rid, item))
                db.execute("insert into answer(revision_id, item, row_id, value, note, "
                           "updated_at, seq) values (?, ?, '', 'PALSU', 'catatan palsu', ?, ?)",
                           (rid, item, PLANTED, 900 + n))
    finally:
        db.close()


def _records(bundle: Path) -> dict[str, Any]:
    with zipfile.ZipFile(bundle) as zf:
        assert RECORDS in zf.namelist()  # a plain bundle (no office key yet): readable here
        data: dict[str, Any] = json.loads(zf.read(RECORDS))
    return data


def _answers_of(records: dict[str, Any], rid: str) -> list[dict[str, Any]]:
    (record,) = [a for a in records["assessments"] if a["id"] == rid]
    answers: list[dict[str, Any]] = record["answers"]
    return answers


def test_export_sends_only_the_answers_the_content_hash_covers(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    rid = _signed(laptop)
    hidden = _hidden_item(laptop, rid)
    clean = _answers_of(_records(export_one(laptop, tmp_path / "before")), rid)
    assert clean and not any(x["item"] in ("zz_fake", hidden) for x in clean)
    _plant(laptop, rid, "zz_fake", hidden)
    check = laptop.assessments.detail(rid)
    assert check.intact  # outside the hash: nothing recomputed sees them (why they must stay)
    assert {"zz_fake", hidden} <= {k for k, _row in check.answers.values}
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    sent = export_one(laptop, tmp_path / "usb")
    answers = _answers_of(_records(sent), rid)
    assert "PALSU" not in json.dumps(answers)
    assert answers == clean  # exactly what was sent before the rows were planted
    assert office.sync.import_bundle(sent).status == "imported"
    with read_session(office.store.engine) as s:
        assert not s.exec(select(AnswerRow).where(
            col(AnswerRow.item).in_(["zz_fake", hidden]))).all()


def _resigned(laptop: Services, bundle: Path, target: Path, rid: str,
              extra: list[dict[str, Any]]) -> Path:
    """``bundle`` with ``extra`` answers added to revision ``rid``, its manifest re-listed
    and signed again with the laptop's own key (what someone holding the laptop's database
    can make)."""
    with zipfile.ZipFile(bundle) as zf:
        files = {n: zf.read(n) for n in zf.namelist()}
    manifest = json.loads(files.pop("manifest.json"))
    files.pop("manifest.sig")
    records = json.loads(files[RECORDS])
    answers = _answers_of(records, rid)
    planted = {(x["item"], x["row_id"]) for x in extra}
    answers[:] = [x for x in answers if (x["item"], x["row_id"]) not in planted] + extra
    files[RECORDS] = dumps_canonical(records)
    for entry in manifest["files"]:
        if entry["path"] == RECORDS:
            entry.update(sha256=hashlib.sha256(files[RECORDS]).hexdigest(),
                         size=len(files[RECORDS]))
    body = dumps_canonical(manifest, indent=1) + b"\n"
    key = laptop.sync.device_keys.row().ed25519_private
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build_zip([("manifest.json", body),
                                  ("manifest.sig", crypto.sign(key, body)),
                                  *sorted(files.items())]))
    return target


def test_the_office_stores_no_answer_outside_the_content_hash(
        laptop: Services, office: Services, tmp_path: Path) -> None:
    rid = _signed(laptop)
    hidden = _hidden_item(laptop, rid)
    office.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop")
    clean = export_one(laptop, tmp_path / "usb")
    signed = _answers_of(_records(clean), rid)
    planted = [{"item": item, "row_id": "", "value": "PALSU", "note": "catatan palsu",
                "updated_at": PLANTED, "seq": 900 + n}
               for n, item in enumerate(("zz_fake", hidden))]
    kept = next(x for x in signed if x["value"] != "")  # a signed answer stays as it is
    forged = _resigned(laptop, clean, tmp_path / "forged" / clean.name, rid, planted)
    report = office.sync.import_bundle(forged)
    assert report.status == "imported", (report.code, report.params)
    assert [r.outcome for r in report.records] == ["new"]
    from assessor_app.messages import message

    [warning] = [w for w in report.warnings if w.code == "import.answers_outside_content"]
    said = message(warning.code, warning.params, "id")
    assert "zz_fake" in said and hidden in said and "tidak disimpan" in said, said
    with read_session(office.store.engine) as s:
        stored = s.exec(select(AnswerRow).where(AnswerRow.revision_id == rid)).all()
        audit = s.exec(select(AuditRow).where(AuditRow.action == "drop_answers")).all()
    assert {(x.item, x.row_id, x.value, x.note) for x in stored} == \
        {(x["item"], x["row_id"], x["value"], x["note"]) for x in signed}
    assert "PALSU" not in {x.value for x in stored}
    assert (kept["item"], kept["value"]) in {(x.item, x.value) for x in stored}
    assert [(a.entity_id, a.field) for a in audit] == \
        [(laptop.assessments.detail(rid).row.assessment_id, "r1")]
    assert "zz_fake" in (audit[0].new or "")
