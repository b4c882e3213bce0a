"""The signed record is a proof (issue 9): edits made behind the app's back with any SQLite
tool are found by ``check``, refused by ``report`` and named by ``verify``, because every
one of them recomputes the record instead of reading a stored hash."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from assessor_app.core import integrity as proof
from assessor_app.core.errors import AppError
from assessor_app.services.demo import signature_png
from assessor_app.services.reports import ReportService
from tests.reports.support import demo_id


@contextmanager
def sqlite_tool(svc: Any) -> Iterator[sqlite3.Connection]:
    """A second connection to the same file, as the sqlite3 CLI would open it."""
    con = sqlite3.connect(svc.paths.db_path)
    try:
        yield con
        con.commit()
    finally:
        con.close()


def _locked(demo: Any, key: str = "ia01-rizky") -> Any:
    row = demo.assessments.resolve(demo_id(demo, key))
    assert row.status == "locked"
    return row


def _damaged(demo: Any) -> dict[str, tuple[str, ...]]:
    return {r.revision_id: r.problems for r in demo.assessments.check_all()}


def _assert_refused_everywhere(demo: Any, reports: ReportService, row: Any, pdf: Path,
                               problem: str) -> None:
    damaged = _damaged(demo)
    assert damaged == {row.id: damaged.get(row.id, ())} and problem in damaged[row.id], damaged
    with pytest.raises(AppError) as exc:
        reports.render_assessment(row.id)
    assert exc.value.code == "report.damaged" and problem in exc.value.params["problems"]
    result = reports.verify(pdf)
    assert not result.valid and result.reason_code == "record_damaged"
    assert problem in result.problems
    code = reports.verify_code(row.verification_code)
    assert not code.valid and code.reason_code == "record_damaged" and problem in code.problems
    _assert_not_exported(demo, row, problem)


def _assert_not_exported(demo: Any, row: Any, problem: str) -> None:
    """The export proves every record again (with the cheaper check of its own signatures,
    DeviceKeys.checker) and refuses this one, naming the problem; nothing is written."""
    usb = Path(demo.paths.data_dir) / "usb-export-check"
    with pytest.raises(AppError) as exc:
        demo.sync.export(usb, [row.assessment_id])
    if problem == "foreign_device":  # no longer this laptop's record: not its to send
        assert exc.value.code == "export.not_final"
    else:
        assert exc.value.code == "export.damaged", exc.value
        assert problem in exc.value.params["problems"]
    assert not usb.exists() or not any(usb.iterdir())


def test_an_intact_store_has_no_damaged_record(demo: Any, reports: ReportService,
                                               tmp_path: Path) -> None:
    assert demo.assessments.check_all() == []
    row = _locked(demo)
    detail = demo.assessments.detail(row.id)
    assert detail.integrity is not None and detail.integrity.ok
    assert all(s.valid and s.device_id == row.device_id for s in detail.signatures)
    assert reports.verify(reports.save_assessment(row.id, tmp_path / "a.pdf")).valid


def test_an_answer_changed_with_sqlite_is_caught(demo: Any, reports: ReportService,
                                                 tmp_path: Path) -> None:
    row = _locked(demo)
    pdf = reports.save_assessment(row.id, tmp_path / "rizky.pdf")
    with sqlite_tool(demo) as con:  # a "tidak" (BK) KUK becomes "ya" (K)
        n = con.execute("UPDATE answer SET value = CASE value WHEN 'ya' THEN 'tidak' "
                        "ELSE 'ya' END WHERE revision_id = ? AND item = 'u1_e1_k1'",
                        (row.id,)).rowcount
    assert n == 1
    _assert_refused_everywhere(demo, reports, row, pdf, "content_changed")
    with pytest.raises(AppError) as exc:  # and it is never sent to the office
        demo.sync.export(tmp_path / "usb", [row.assessment_id])
    assert exc.value.code == "export.damaged"


def test_recomputing_the_stored_hash_does_not_help_the_forger(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    """The forger knows the algorithm and rewrites content_sha256 to match the edited
    answers: the signers' Ed25519 signatures were over the old hash and cannot be remade."""
    row = _locked(demo)
    pdf = reports.save_assessment(row.id, tmp_path / "rizky.pdf")
    with sqlite_tool(demo) as con:
        con.execute("UPDATE answer SET value = CASE value WHEN 'ya' THEN 'tidak' ELSE 'ya' "
                    "END WHERE revision_id = ? AND item = 'u1_e1_k1'", (row.id,))
    forged = demo.assessments.check_integrity(row.id).content_sha256
    assert forged != row.content_sha256
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET content_sha256 = ? WHERE id = ?", (forged, row.id))
        con.execute("UPDATE signature SET content_sha256 = ? WHERE revision_id = ?",
                    (forged, row.id))
    report = demo.assessments.check_integrity(row.id)
    assert report.content_sha256 == forged and "signature_invalid" in report.problems
    assert "code_invalid" in report.problems  # the paper code was the device's, too
    _assert_refused_everywhere(demo, reports, row, pdf, "signature_invalid")


def test_the_asesi_name_in_the_registry_does_not_change_a_signed_record(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    """The subject is frozen into the revision at finalisation: a registry edit (honest or
    not) leaves the signed document as it was; editing the frozen copy is caught."""
    row = _locked(demo)
    original = demo.assessments.detail(row.id)
    assert original.assessee is not None
    pdf = reports.save_assessment(row.id, tmp_path / "rizky.pdf")
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessee SET name = 'Orang Lain', nik = '9999999999999999' "
                    "WHERE id = ?", (row.assessee_id,))
    after = demo.assessments.detail(row.id)
    assert after.assessee is not None and after.assessee.name == original.assessee.name
    assert after.row.subject_name == original.row.subject_name
    assert reports.verify(pdf).valid  # the printout still is the signed record
    assert "Orang Lain" not in str(reports.render_assessment(row.id))
    with sqlite_tool(demo) as con:  # the list's copy of the name must follow the record
        con.execute("UPDATE assessment SET subject_name = 'Orang Lain' WHERE id = ?",
                    (row.id,))
    assert _damaged(demo)[row.id] == ("derived_changed",)
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET subject_name = ? WHERE id = ?",
                    (row.subject_name, row.id))
        snapshot = json.loads(con.execute("SELECT subject_json FROM assessment WHERE id = ?",
                                          (row.id,)).fetchone()[0])
    snapshot["assessee"]["name"] = "Orang Lain"
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET subject_json = ? WHERE id = ?",
                    (json.dumps(snapshot), row.id))
    _assert_refused_everywhere(demo, reports, row, pdf, "content_changed")


def test_a_verdict_written_into_the_column_is_caught(demo: Any, reports: ReportService,
                                                     tmp_path: Path) -> None:
    row = _locked(demo, "ia01-siti") if demo.assessments.resolve(
        demo_id(demo, "ia01-siti")).status == "locked" else None
    if row is None:  # siti is finalised but unsigned in the demo: sign her first
        rid = demo_id(demo, "ia01-siti")
        for role, name in (("asesi", "Siti Nurhaliza Putri"), ("asesor", "Asesor Demo")):
            demo.assessments.sign(rid, role, name, signature_png(name),
                                  registration_no="MET.000.004633 2020")
        row = _locked(demo, "ia01-siti")
    assert row.verdict == "OL"
    pdf = reports.save_assessment(row.id, tmp_path / "siti.pdf")
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET verdict = 'K', score_percent = 100.0 WHERE id = ?",
                    (row.id,))
    _assert_refused_everywhere(demo, reports, row, pdf, "derived_changed")


@pytest.mark.parametrize(("sql", "problem"), [
    ("UPDATE signature SET signer_name = 'Nama Lain' WHERE revision_id = ? AND role = 'asesi'",
     "signature_invalid"),
    ("UPDATE signature SET registration_no = 'MET.999' WHERE revision_id = ? "
     "AND role = 'asesor'", "signature_invalid"),
    ("UPDATE signature SET signed_at = '2026-11-21T03:15:00.000Z' WHERE revision_id = ? "
     "AND role = 'asesi'",
     "signature_invalid"),
    ("UPDATE signature SET signature = NULL WHERE revision_id = ? AND role = 'asesi'",
     "signature_invalid"),
    ("DELETE FROM signature WHERE revision_id = ? AND role = 'asesi'", "status_changed"),
    ("UPDATE assessment SET status = 'complete' WHERE id = ?", "status_changed"),
    ("UPDATE assessment SET verification_code = '0000-0000-0000-0000' WHERE id = ?",
     "code_invalid"),
    ("UPDATE assessment SET revision_reason = 'disetujui kantor' WHERE id = ?",
     "content_changed"),
    ("UPDATE assessment SET device_id = '0123456789abcdef' WHERE id = ?", "content_changed"),
    ("UPDATE assessment SET finalised_at = '2025-01-02T01:00:00.000Z' WHERE id = ?",
     "content_changed"),
    ("UPDATE assessment SET locked_at = '2025-01-02T01:00:00.000Z' WHERE id = ?",
     "derived_changed"),
    ("UPDATE assessment SET template_code = 'FR.IA.01.LAIN' WHERE id = ?", "derived_changed"),
    ("UPDATE assessment SET visit_id = NULL WHERE id = ?", "derived_changed"),
    ("UPDATE assessment SET locked_at = NULL WHERE id = ?", "derived_changed"),
    ("UPDATE assessment SET updated_at = '2099-01-01T00:00:00.000Z' WHERE id = ?",
     "time_invalid"),
])
def test_signature_and_status_rows_edited_behind_the_app(
        demo: Any, reports: ReportService, tmp_path: Path, sql: str, problem: str) -> None:
    row = _locked(demo)
    pdf = reports.save_assessment(row.id, tmp_path / "rizky.pdf")
    code = row.verification_code
    with sqlite_tool(demo) as con:
        assert con.execute(sql, (row.id,)).rowcount == 1
    assert problem in _damaged(demo)[row.id]
    with pytest.raises(AppError) as exc:
        reports.render_assessment(row.id)
    assert exc.value.code == "report.damaged"
    result = reports.verify(pdf)
    assert not result.valid and result.reason_code == "record_damaged", result
    if problem != "code_invalid":
        assert not reports.verify_code(code).valid
    _assert_not_exported(demo, row, "foreign_device" if "device_id" in sql else problem)


@pytest.mark.parametrize("column", ["code", "signature"])
def test_a_valid_signature_of_another_record_is_refused_by_the_export(
        demo: Any, reports: ReportService, column: str) -> None:
    """The export checks this laptop's own signatures by signing again and comparing
    (DeviceKeys.checker): a signature that is genuine, made by this very key, but over
    another record (copied across with an SQLite tool) must still be refused."""
    row = _locked(demo)
    other = _locked(demo, "jkp-complete")
    with sqlite_tool(demo) as con:
        if column == "code":  # the paper code and its signature, as a pair
            con.execute("UPDATE assessment SET (verification_code, code_signature) = "
                        "(SELECT verification_code, code_signature FROM assessment "
                        "WHERE id = ?) WHERE id = ?", (other.id, row.id))
        else:  # the KETUA/asesor signature of the other record under this one's
            [(sig,)] = con.execute("SELECT signature FROM signature WHERE revision_id = ? "
                                   "AND role = (SELECT min(role) FROM signature "
                                   "WHERE revision_id = ?)", (other.id, other.id)).fetchall()
            assert con.execute("UPDATE signature SET signature = ? WHERE revision_id = ? "
                               "AND role = 'asesi'", (sig, row.id)).rowcount == 1
    problem = "code_invalid" if column == "code" else "signature_invalid"
    assert problem in _damaged(demo)[row.id]
    _assert_not_exported(demo, row, problem)
    demo.sync.export(Path(demo.paths.data_dir) / "usb-other", [other.assessment_id])


def test_the_export_checker_answers_as_verify_does(demo: Any,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """DeviceKeys.checker gives verify's answer: for this device's own signatures by
    re-signing, and when re-signing does not give the stored bytes (a signature made
    another way, here: a signer that gives other bytes) by verifying."""
    import base64

    from assessor_app.bundles import crypto

    keys = demo.sync.device_keys
    me = keys.device_id
    _, sig = keys.sign(b"pesan")
    good = base64.b64encode(sig).decode()
    bad = base64.b64encode(sig[:-1] + bytes([sig[-1] ^ 1])).decode()
    cases = [(me, good, b"pesan"), (me, good, b"pesan lain"), (me, bad, b"pesan"),
             (me, None, b"pesan"), (me, "bukan base64!", b"pesan"),
             ("0123456789abcdef", good, b"pesan"), (None, good, b"pesan")]
    expected = [True, False, False, False, False, False, False]
    assert [keys.verify(*c) for c in cases] == expected
    assert [keys.checker()(*c) for c in cases] == expected
    monkeypatch.setattr(crypto, "signer", lambda _key: lambda _msg: bytes(64))
    assert [keys.checker()(*c) for c in cases] == expected  # verify decides


def test_a_swapped_drawn_signature_image_is_caught(demo: Any, reports: ReportService,
                                                   tmp_path: Path) -> None:
    """The image is bound by its hash inside the signed message; swapping the bytes kept
    under that hash (the media row) is found by hashing them again."""
    row = _locked(demo)
    detail = demo.assessments.detail(row.id)
    sha = detail.signatures[0].media_sha256
    with sqlite_tool(demo) as con:
        con.execute("UPDATE media SET data = ? WHERE sha256 = ?",
                    (signature_png("Orang Lain"), sha))
    assert "media_changed" in _damaged(demo)[row.id]
    with pytest.raises(AppError) as exc:  # the forged image is never printed
        reports.render_assessment(row.id)
    assert exc.value.code == "report.damaged"
    with pytest.raises(AppError) as sent:  # nor sent to the office
        demo.sync.export(tmp_path / "usb", [row.assessment_id])
    assert sent.value.code == "export.media_changed"


@pytest.mark.parametrize("columns", ["width = 10, height = 2000", "mime = 'application/pdf'",
                                     "mime = 'image/jpeg', width = NULL"])
def test_a_bundle_states_each_files_type_and_size_from_its_bytes(
        demo: Any, tmp_path: Path, columns: str) -> None:
    """A media row's type and size columns are labels (the bytes decide, as for printing):
    edited, they went into the bundle, and the office refused all of it (bundle.bad_image,
    bundle.bad_document) for a file whose bytes are the signed ones."""
    row = _locked(demo)
    sha = demo.assessments.detail(row.id).signatures[0].media_sha256
    with sqlite_tool(demo) as con:
        con.execute(f"UPDATE media SET {columns} WHERE sha256 = ?", (sha,))
    assert row.id not in _damaged(demo)
    sent = demo.sync.export(tmp_path / "usb", [row.assessment_id])
    assert sent.path is not None
    with zipfile.ZipFile(sent.path) as zf:
        media = {m["sha256"]: m for m in json.loads(zf.read("data/records.json"))["media"]}
        image = Image.open(io.BytesIO(zf.read(f"media/{sha}.png")))
    assert (media[sha]["mime"], media[sha]["width"], media[sha]["height"]) == \
        ("image/png", *image.size)


def test_signing_refuses_a_damaged_record(demo: Any) -> None:
    rid = demo_id(demo, "ia01-siti")
    row = demo.assessments.resolve(rid)
    assert row.status in ("complete", "signed")
    with sqlite_tool(demo) as con:
        con.execute("UPDATE answer SET value = 'ya' WHERE revision_id = ? AND value = 'tidak'",
                    (rid,))
    with pytest.raises(AppError) as exc:
        demo.assessments.sign(rid, "asesi", "Siti", signature_png("Siti"))
    assert exc.value.code == "assessment.damaged"


def test_signatures_are_ed25519_over_the_record(demo: Any) -> None:
    """Each signature verifies with the device's public key over exactly the documented
    message (role, name, registration number, time, image hash, content hash)."""
    from assessor_app.bundles import crypto
    from assessor_app.services.identity import b64decode

    row = _locked(demo)
    detail = demo.assessments.detail(row.id)
    public = b64decode(demo.sync.identity().ed25519_public)
    with sqlite_tool(demo) as con:
        sigs = con.execute("SELECT role, signer_name, registration_no, signer_title, place, "
                           "signed_at, timezone, media_sha256, content_sha256, device_id, "
                           "signature FROM signature WHERE revision_id = ?",
                           (row.id,)).fetchall()
    assert len(sigs) == len(detail.template.signers)
    for (role, name, reg, title, place, at, tz, media, content, device, sig) in sigs:
        assert content == detail.content_sha256 and device == row.device_id
        message = proof.signature_message(
            assessment_id=row.assessment_id, revision=row.revision, content_sha256=content,
            role=role, signer_name=name, registration_no=reg, signer_title=title,
            place=place, signed_at=at, timezone=tz, media_sha256=media, device_id=device)
        assert crypto.verify(public, b64decode(sig), message)
        assert not crypto.verify(public, b64decode(sig), message.replace(b'"role"', b'"rolE"'))


def test_verify_code_prints_what_the_paper_must_show(demo: Any, reports: ReportService
                                                     ) -> None:
    row = _locked(demo)
    check = reports.verify_code(row.verification_code.lower().replace("-", " "))
    assert check.valid and check.reason_code == "valid"
    assert (check.assessment_id, check.revision) == (row.assessment_id, row.revision)
    lines = {(ln.key, ln.value) for ln in check.lines}
    keys = [ln.key for ln in check.lines]
    detail = demo.assessments.detail(row.id)
    assert detail.assessee is not None and ("assessee", detail.assessee.name) in lines
    nik = detail.assessee.nik
    assert nik is not None
    assert ("nik", nik[:4] + "********" + nik[-4:]) in lines and nik not in str(lines)
    assert ("verdict", detail.score.competency) in lines
    assert keys.count("unit") == len(detail.score.units) >= 1
    assert keys.count("signer") == len(detail.signatures)
    # a code one letter off, a code of the right shape nobody issued, garbage
    other = ("1" if row.verification_code[0] != "1" else "2") + row.verification_code[1:]
    assert reports.verify_code(other).reason_code == "code_unknown"
    assert reports.verify_code("hello").reason_code == "code_bad"


def test_verify_code_after_a_revision_says_superseded(demo: Any, reports: ReportService
                                                      ) -> None:
    row = _locked(demo)
    new = demo.assessments.revise(row.id, "Koreksi KUK 1.1 setelah klarifikasi")
    demo.assessments.finalise(new.id)
    check = reports.verify_code(row.verification_code)
    assert not check.valid and check.reason_code == "superseded"
    assert check.current_revision == 2
    fresh = demo.assessments.resolve(new.id)
    assert fresh.verification_code != row.verification_code
    assert reports.verify_code(fresh.verification_code).valid


def test_paper_codes_are_keyed_and_long(demo: Any) -> None:
    """80 bits from the device's signature: two records never share a code and the code
    cannot be computed from public data (the content hash) alone."""
    with sqlite_tool(demo) as con:
        rows = con.execute("SELECT verification_code, content_sha256 FROM assessment "
                           "WHERE status != 'draft'").fetchall()
    codes = [c for c, _ in rows]
    assert len(codes) >= 3 and len(set(codes)) == len(codes)
    for code, content in rows:
        assert proof.normalise_code(code) == code and len(code.replace("-", "")) == 16
        unkeyed = hashlib.sha256(content.encode()).digest()
        assert proof.code_from_signature(unkeyed + unkeyed) != code


def test_the_check_command_names_the_damaged_revision(demo: Any) -> None:
    from tests.helpers import run_cli

    row = _locked(demo)
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET verdict = 'BK' WHERE id = ?", (row.id,))
    demo.store.close()
    out = run_cli("check", data=demo.paths.data_dir)
    assert out.returncode == 1, out.stderr
    assert row.id in out.stdout and "nilai/rekomendasi tersimpan tidak sesuai" in out.stdout
    js = run_cli("check", "--json", data=demo.paths.data_dir)
    [entry] = json.loads(js.stdout)["damaged_records"]
    assert entry["revision_id"] == row.id and entry["problems"] == ["derived_changed"]


def test_photo_captions_names_and_extra_photos_are_part_of_the_proof(
        demo: Any, reports: ReportService) -> None:
    """Review finding: a caption, a file name, a photo's type or an evidence row for an item
    that is not in the template changed the printed report of an intact record."""
    row = demo.assessments.resolve(demo_id(demo, "jkp-complete"))
    assert row.status != "draft"
    detail = demo.assessments.detail(row.id)
    assert detail.evidence, "the demo JKP visit carries photos"
    ev = detail.evidence[0]
    edits = [
        ("UPDATE evidence SET caption = 'FOTO PALSU' WHERE id = ?", (ev.id,)),
        ("UPDATE evidence SET original_name = 'lain.jpg' WHERE id = ?", (ev.id,)),
        ("INSERT INTO evidence (id, revision_id, item, row_id, media_sha256, caption, "
         "original_name, position, created_at) VALUES ('0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e', ?, "
         "'zz_phantom', '', ?, 'Asesi menyontek', NULL, 99, '2026-11-20T03:15:00.000Z')",
         (row.id, ev.media_sha256)),
    ]
    for sql, params in edits:
        with sqlite_tool(demo) as con:
            before = con.execute("SELECT caption, original_name FROM evidence WHERE id = ?",
                                 (ev.id,)).fetchone()
            con.execute(sql, params)
        assert "content_changed" in _damaged(demo)[row.id], sql
        with pytest.raises(AppError):
            reports.render_assessment(row.id)
        with sqlite_tool(demo) as con:  # put it back for the next edit
            con.execute("UPDATE evidence SET caption = ?, original_name = ? WHERE id = ?",
                        (*before, ev.id))
            con.execute("DELETE FROM evidence WHERE item = 'zz_phantom'")
        assert row.id not in _damaged(demo)
    images = read_images(reports.render_assessment(row.id))
    with sqlite_tool(demo) as con:  # the type column is a label: the bytes decide
        con.execute("UPDATE media SET mime = 'application/pdf' WHERE sha256 = ?",
                    (ev.media_sha256,))
    assert read_images(reports.render_assessment(row.id)) == images >= 1


def read_images(pdf: bytes) -> int:
    import io

    from pypdf import PdfReader

    return sum(len(page.images) for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_current_revision_is_the_highest_whatever_the_flag_says(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    """Review finding: flipping is_current back to revision 1 made the old K paper VALID
    again and the corrected revision 2 'superseded'."""
    row = _locked(demo)
    old_pdf = reports.save_assessment(row.id, tmp_path / "r1.pdf")
    new = demo.assessments.revise(row.id, "Koreksi setelah klarifikasi")
    demo.assessments.answer(new.id, "u1_e1_k1", "tidak")
    demo.assessments.finalise(new.id)
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET is_current = (revision = 1) "
                    "WHERE assessment_id = ?", (row.assessment_id,))
    assert _damaged(demo)[new.id] == ("history_changed",)
    assert reports.verify(old_pdf).reason_code == "superseded"
    assert reports.verify_code(row.verification_code).reason_code == "superseded"
    with sqlite_tool(demo) as con:  # a revision number that skips is caught the same way
        con.execute("UPDATE assessment SET is_current = (revision = 2), revision = 3 "
                    "WHERE id = ?", (new.id,))
    assert "history_changed" in _damaged(demo)[new.id]


def test_a_record_whose_history_was_edited_is_neither_printed_nor_sent(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    """Review finding: with its only revision's is_current flag cleared, check and verify
    called the record damaged, report said it did not exist, and export sent it."""
    row = _locked(demo)
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET is_current = 0 WHERE id = ?", (row.id,))
    assert _damaged(demo)[row.id] == ("history_changed",)
    assert demo.assessments.resolve(row.assessment_id[:8]).id == row.id  # found, not "none"
    with pytest.raises(AppError) as printed:
        reports.render_assessment(row.assessment_id[:8])
    assert printed.value.code == "report.damaged"
    assert "history_changed" in printed.value.params["problems"]
    for ids in ([row.assessment_id[:8]], None):  # chosen, or everything pending
        with pytest.raises(AppError) as sent:
            demo.sync.export(tmp_path / "usb", ids)
        assert sent.value.code == "export.damaged"
        assert sent.value.params["problems"] == "history_changed"


def test_a_device_signed_printout_of_a_record_stripped_of_its_signatures(
        demo: Any, reports: ReportService, tmp_path: Path) -> None:
    """Review finding: with the signature rows deleted and the status set back to
    'complete' in SQL, verify called the genuine, device-signed printout "edited" while
    saying on the next line that its PDF signature was intact over the whole file. The
    printout is what the device signed; it is the record that changed, and verify says so.
    (The stripped record itself is consistent: a finalised record nobody signed. See
    docs/trust-chain.md, "Known limits".)"""
    from assessor_app.messages import describe_result

    row = _locked(demo)
    pdf = reports.save_assessment(row.id, tmp_path / "asli.pdf")
    assert reports.verify(pdf).valid
    with sqlite_tool(demo) as con:
        con.execute("DELETE FROM signature WHERE revision_id = ?", (row.id,))
        con.execute("UPDATE assessment SET status = 'complete', locked_at = NULL WHERE id = ?",
                    (row.id,))
    result = reports.verify(pdf)
    assert not result.valid and result.reason_code == "record_differs"
    text = describe_result(result, "id")
    assert "PDF ini utuh dan ditandatangani perangkat pembuatnya" in text
    assert "final, belum ditandatangani" in text
    # a printout changed by hand is still "edited"
    data = bytearray(pdf.read_bytes())
    at = data.rfind(b"%%EOF")
    (tmp_path / "ubah.pdf").write_bytes(bytes(data[:at]) + b"% ubah\n" + bytes(data[at:]))
    assert reports.verify(tmp_path / "ubah.pdf").reason_code != "record_differs"


def test_a_signed_record_hidden_as_a_draft_is_caught(demo: Any) -> None:
    row = _locked(demo)
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET status = 'draft' WHERE id = ?", (row.id,))
    assert "status_changed" in _damaged(demo)[row.id]


def test_a_finalised_record_turned_back_into_a_draft_is_caught(
        demo: Any, reports: ReportService) -> None:
    """Second review: Siti's finalised FR.IA.01 set to 'draft' kept its hash and paper code,
    became editable again and its code read as unknown."""
    row = demo.assessments.resolve(demo_id(demo, "ia01-siti"))
    assert row.status == "complete" and row.verification_code
    with sqlite_tool(demo) as con:
        con.execute("UPDATE assessment SET status = 'draft' WHERE id = ?", (row.id,))
    assert "status_changed" in _damaged(demo)[row.id]
    check = reports.verify_code(row.verification_code)
    assert not check.valid and check.reason_code == "record_damaged"
