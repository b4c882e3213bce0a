"""Assessment use cases end to end on a real SQLite store."""

from __future__ import annotations

import dataclasses
import io
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.errors import AppError, InvalidValueError, StateError
from assessor_app.messages import describe
from assessor_app.paths import AppPaths
from assessor_app.services.assessments import FinaliseError, ListFilter
from assessor_app.services.demo import demo_photo, signature_png
from assessor_app.services.models import AssessmentListRow
from assessor_app.services.runtime import open_services
from tests.helpers import add_asesi, add_lpk, answer_all_ia01

LOCK_WRITER = """
import sys
from pathlib import Path
from assessor_app.storage.session_lock import SessionLock
Path(sys.argv[1]).unlink(missing_ok=True)
SessionLock(Path(sys.argv[1])).acquire()  # and exit without release(), like a crash
"""


def test_create_prefills_the_header_from_the_subject(services: Any) -> None:
    inst = add_lpk(services)
    row = services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    answers = services.assessments.answers(row.id)
    assert answers.value("nama_lpk") == "LPK Mitra Terampil"
    assert answers.value("vin") == "3578.0101.2020"
    assert answers.value("status_lpk") == "swasta"
    assert row.status == "draft" and row.revision == 1 and row.subject_name == inst.name


def test_subject_kind_must_match_the_template(services: Any) -> None:
    with pytest.raises(InvalidValueError) as err:
        services.assessments.create("FR.IA.01.J620100.005.02")
    assert err.value.code == "subject.required"


def test_answer_is_committed_and_survives_reopening_the_store(services: Any) -> None:
    inst = add_lpk(services)
    row = services.assessments.create("JKP.LPK.01", institution_id=inst.id)
    saved = services.assessments.answer(row.id, "r1_1", "m")
    assert (saved.value, saved.seq) == ("m", 1)
    again = services.assessments.answer(row.id, "r1_1", "bm")
    assert again.seq == 2
    # Read the file with a separate plain connection: the answer is already on disk.
    db = services.paths.db_path
    con = sqlite3.connect(db)
    try:
        value = con.execute("select value from answer where revision_id=? and item='r1_1'",
                            (row.id,)).fetchone()
    finally:
        con.close()
    assert value == ("bm",)


def test_full_competency_flow_finalise_sign_lock_revise(services: Any) -> None:
    svc = services.assessments
    asesi = add_asesi(services)
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    svc.answer(row.id, "u1_e1_k1", "ya")
    with pytest.raises(FinaliseError) as err:
        svc.finalise(row.id)
    missing = {i.item for i in err.value.issues}
    assert "u1_e1_k2" in missing and "u1_e1_k1" not in missing
    assert svc.resolve(row.id).status == "draft"

    answer_all_ia01(svc, row.id, fail=frozenset({"u1_e2_k4"}))
    detail = svc.finalise(row.id)
    assert detail.row.status == "complete" and detail.row.verdict == "BK"
    assert [k.kuk_no for k in detail.score.not_achieved] == ["2.4"]
    assert len(detail.row.content_sha256 or "") == 64

    with pytest.raises(StateError) as locked:
        svc.answer(row.id, "u1_e2_k4", "ya")
    assert locked.value.code == "assessment.locked"

    detail = svc.sign(row.id, "asesi", asesi.name, signature_png(asesi.name), place="Semarang",
                      timezone="WIB")
    assert detail.row.status == "signed" and detail.missing_signers == ["asesor"]
    detail = svc.sign(row.id, "asesor", "Budi Santoso", signature_png("Budi"),
                      registration_no="MET.000.004633 2020", place="Semarang", timezone="WIB")
    assert detail.row.status == "locked" and detail.missing_signers == []
    assert all(s.valid and s.content_sha256 == detail.row.content_sha256
               for s in detail.signatures)
    with pytest.raises(StateError):
        svc.sign(row.id, "asesor", "Lagi", signature_png("x"))

    with pytest.raises(InvalidValueError):
        svc.revise(row.id, "   ")
    new = svc.revise(row.id, "KUK 2.4 diamati ulang pada hari yang sama")
    assert (new.revision, new.supersedes, new.status) == (2, 1, "draft")
    assert svc.answers(new.id).value("u1_e2_k4") == "tidak"  # answers carried over
    svc.answer(new.id, "u1_e2_k4", "ya")
    final2 = svc.finalise(new.id)
    assert final2.row.verdict == "K"
    old = svc.detail(row.id)  # the signed revision 1 is intact and still verifiable
    assert old.row.status == "locked" and not old.row.is_current
    assert old.answers.value("u1_e2_k4") == "tidak"
    assert all(s.valid for s in old.signatures)
    assert [h.revision for h in final2.history] == [1, 2]


def _png(size: tuple[int, int], fill: tuple[int, int, int, int], dots: int = 0) -> bytes:
    """A PNG of one colour, with ``dots`` black pixels."""
    from PIL import Image

    img = Image.new("RGBA", size, fill)
    for n in range(dots):
        img.putpixel((10 + n, 10), (0, 0, 0, 255))
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_signing_requires_a_finalised_assessment_and_a_known_role(services: Any) -> None:
    svc = services.assessments
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    with pytest.raises(StateError) as err:
        svc.sign(row.id, "asesor", "Budi", signature_png("b"))
    assert err.value.code == "sign.not_final"
    answer_all_ia01(svc, row.id)
    svc.finalise(row.id)
    with pytest.raises(InvalidValueError) as err2:
        svc.sign(row.id, "kepala_lpk", "X", signature_png("x"))
    assert err2.value.code == "sign.unknown_role"
    with pytest.raises(InvalidValueError) as err3:
        svc.sign(row.id, "asesor", "Budi", b"not a png")
    assert err3.value.code == "sign.bad_image"
    # a blank image, or a single dot, printed empty boxes under a valid code; a valid PNG too
    # large to decode was called "damaged" with a literal {name} in the message
    for blank in (_png((1, 1), (255, 255, 255, 255)), _png((400, 150), (255, 255, 255, 255)),
                  _png((400, 150), (0, 0, 0, 0)), _png((400, 150), (255, 255, 255, 255), dots=3)):
        with pytest.raises(InvalidValueError) as empty:
            svc.sign(row.id, "asesor", "Budi", blank, registration_no="MET.000.004633 2020")
        assert empty.value.code == "sign.no_ink"
    with pytest.raises(InvalidValueError) as huge:
        svc.sign(row.id, "asesor", "Budi", _png((9000, 9000), (255, 255, 255, 255)),
                 registration_no="MET.000.004633 2020")
    assert huge.value.code == "sign.too_many_pixels"
    assert describe(huge.value, "id") == ("gambar tanda tangan terlalu besar: lebih dari 40 "
                                          "juta piksel")
    # a BNSP form prints the asesor's No. Reg.: a MET number, never free text (issue 12)
    for reg, code in ((None, "sign.registration_required"), ("MET.1", "sign.bad_registration"),
                      ("12345", "sign.bad_registration")):
        with pytest.raises(InvalidValueError) as bad:
            svc.sign(row.id, "asesor", "Budi", signature_png("b"), registration_no=reg)
        assert bad.value.code == code
    assert svc.detail(row.id).signatures == []  # nothing was signed
    done = svc.sign(row.id, "asesor", "Budi", signature_png("b"),
                    registration_no="met 000 004633.2020")
    assert done.signatures[0].registration_no == "MET.000.004633 2020"


def _store_state(services: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables a signature writes to (to prove a refusal wrote nothing)."""
    con = sqlite3.connect(services.paths.db_path)
    try:
        return {t: sorted(con.execute(f"select * from {t}").fetchall(), key=repr)  # noqa: S608
                for t in ("signature", "media", "assessment", "audit_log", "consent")}
    finally:
        con.close()


def test_the_asesi_signs_only_under_the_asesi_name_of_the_record(services: Any) -> None:
    """Attack A, D4: ``--role asesi --name "Bukan Siti"`` was accepted for Siti's record and
    printed as the asesi's name. The name is the frozen asesi's (case and spaces aside)."""
    svc = services.assessments
    asesi = add_asesi(services, "Siti Nurhaliza Putri")
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    answer_all_ia01(svc, row.id)
    svc.finalise(row.id)
    # the registry row renamed after finalisation: what was signed is the frozen name
    services.registry.update_assessee(asesi.id, name="Siti N. Putri")
    before = _store_state(services)
    for wrong in ("Bukan Siti", "Siti N. Putri", "Siti Nurhaliza", "Siti Nurhaliza Putri X"):
        with pytest.raises(InvalidValueError) as err:
            svc.sign(row.id, "asesi", wrong, signature_png(wrong))
        assert err.value.code == "sign.not_asesi"
        assert describe(err.value, "id") == ("nama penanda tangan asesi harus nama asesi "
                                             "penilaian ini (Siti Nurhaliza Putri)")
        assert describe(err.value, "en") == ("the asesi's signer name must be the name of "
                                             "this assessment's asesi (Siti Nurhaliza Putri)")
    assert _store_state(services) == before  # nothing written
    detail = svc.sign(row.id, "asesi", "  siti   NURHALIZA putri ", signature_png("Siti"))
    # printed as the record spells it, never as typed
    assert [(g.role, g.signer_name, g.valid) for g in detail.signatures] == \
        [("asesi", "Siti Nurhaliza Putri", True)]
    # the other roles are not the asesi: their names are whoever signs
    done = svc.sign(row.id, "asesor", "Budi Santoso", signature_png("Budi"),
                    registration_no="MET.000.004633 2020")
    assert done.row.status == "locked"


def test_a_minors_parent_or_guardian_may_sign_as_the_asesi(services: Any) -> None:
    """The asesi record of a minor names a parent or guardian (UU PDP: a child's data needs
    the guardian's consent): that name is accepted for the asesi role too, and the printed
    report says it is the guardian's."""
    from tests.helpers import pdf_text

    svc = services.assessments
    child = services.registry.add_assessee("Rudi Hartono", nik="3374010101100001",
                                           is_minor=True, guardian_name="Sri Wahyuni")
    adult = services.registry.add_assessee("Rina Hartono", nik="3374010101800002",
                                           guardian_name="Sri Wahyuni")  # not a minor
    rows = {}
    for person in (child, adult):
        rows[person.id] = svc.create("FR.IA.01.J620100.005.02", assessee_id=person.id).id
        answer_all_ia01(svc, rows[person.id])
        svc.finalise(rows[person.id])
    with pytest.raises(InvalidValueError) as err:
        svc.sign(rows[child.id], "asesi", "Bukan Wali", signature_png("x"))
    assert err.value.code == "sign.not_asesi_or_guardian"
    assert describe(err.value, "id") == ("nama penanda tangan asesi harus nama asesi penilaian "
                                         "ini (Rudi Hartono) atau orang tua/walinya "
                                         "(Sri Wahyuni)")
    with pytest.raises(InvalidValueError) as err2:  # only a minor's guardian signs for them
        svc.sign(rows[adult.id], "asesi", "Sri Wahyuni", signature_png("x"))
    assert err2.value.code == "sign.not_asesi"
    detail = svc.sign(rows[child.id], "asesi", "sri wahyuni", signature_png("Sri"))
    assert detail.signatures[0].signer_name == "Sri Wahyuni"
    svc.sign(rows[child.id], "asesor", "Budi Santoso", signature_png("Budi"),
             registration_no="MET.000.004633 2020")
    text = " ".join(pdf_text(services.reports.render_assessment(rows[child.id])).split())
    assert "Sri Wahyuni (orang tua/wali)" in text
    # a minor with no parent or guardian recorded: nobody may give the asesi's signature yet
    alone = services.registry.add_assessee("Dodi Saputra", nik="3374010101100003",
                                           is_minor=True)
    rid = svc.create("FR.IA.01.J620100.005.02", assessee_id=alone.id).id
    answer_all_ia01(svc, rid)
    svc.finalise(rid)
    with pytest.raises(InvalidValueError) as err3:
        svc.sign(rid, "asesi", "Dodi Saputra", signature_png("Dodi"))
    assert err3.value.code == "sign.minor_needs_guardian"
    assert "orang tua/wali" in describe(err3.value, "id")
    assert svc.detail(rid).signatures == []


def test_evidence_is_reencoded_downscaled_and_stored_in_the_database(services: Any) -> None:
    svc = services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(services).id)
    big = demo_photo("Bengkel las", size=(3000, 2000))
    ev = svc.attach_evidence(row.id, "foto_sarpras", big, filename="C:\\foto\\bengkel.jpg",
                             caption="Bengkel las utama")
    media = svc.media(ev.media_sha256)
    assert media.mime == "image/jpeg" and max(media.width, media.height) == 1600
    assert ev.original_name == "bengkel.jpg"
    assert svc.answers(row.id).evidence[("foto_sarpras", "")] == [ev.media_sha256]
    with pytest.raises(InvalidValueError) as err:
        svc.attach_evidence(row.id, "foto_sarpras", b"MZ\x90\x00 not an image")
    assert err.value.code == "media.unsupported"
    svc.remove_evidence(row.id, ev.id)
    assert svc.answers(row.id).evidence == {}


def test_repeat_rows_add_and_remove(services: Any) -> None:
    svc = services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(services).id)
    r1 = svc.add_row(row.id, "instruktur")
    r2 = svc.add_row(row.id, "instruktur")
    svc.answer(row.id, "instruktur_nama", "Agus", row=r1)
    svc.answer(row.id, "instruktur_nama", "Rina", row=r2)
    state = svc.state(row.id)
    assert state.value("jumlah_instruktur") == "2"
    svc.remove_row(row.id, "instruktur", r1)
    state = svc.state(row.id)
    assert state.answers.rows["instruktur"] == [r2] and state.value("jumlah_instruktur") == "1"
    with pytest.raises(AppError) as err:
        svc.answer(row.id, "instruktur_nama", "Hantu", row=r1)
    assert err.value.code == "repeat.row_not_found"


def test_list_search_filters_and_counts(services: Any) -> None:
    svc = services.assessments
    inst = add_lpk(services)
    a = svc.create("JKP.LPK.01", institution_id=inst.id)
    svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    assert svc.count() == 2
    assert [r.id for r in svc.list(ListFilter(search="mitra ter"))] == [a.id]
    assert svc.count(ListFilter(template_code="JKP.LPK.01")) == 1
    assert svc.counts_by_status() == {"draft": 2}
    assert svc.resolve(a.assessment_id[:6]).id == a.id


def test_list_rows_are_the_list_with_only_what_the_gui_list_keeps(services: Any) -> None:
    """``list_rows`` pages as ``list`` does, each row the shown and acted-on columns of the
    summary; the texts that repeat from row to row are one object."""
    svc = services.assessments
    inst = add_lpk(services)
    made = [svc.create("JKP.LPK.01", institution_id=inst.id) for _ in range(3)]
    svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    fields = [f.name for f in dataclasses.fields(AssessmentListRow)]
    assert "created_at" not in fields and "content_sha256" not in fields
    for flt in (ListFilter(), ListFilter(template_code="JKP.LPK.01", limit=2, offset=1),
                ListFilter(order_by="subject_name", descending=False, limit=3)):
        summaries = svc.list(flt)
        assert [AssessmentListRow(**{f: getattr(r, f) for f in fields}) for r in summaries] \
            == svc.list_rows(flt)
    rows = svc.list_rows(ListFilter(template_code="JKP.LPK.01"))
    assert sorted(r.id for r in rows) == sorted(r.id for r in made)
    assert rows[0].subject_name is rows[1].subject_name


def test_audit_log_records_who_what_old_and_new(services: Any) -> None:
    svc = services.assessments
    row = svc.create("JKP.LPK.01", institution_id=add_lpk(services).id)
    svc.answer(row.id, "r1_1", "m")
    svc.answer(row.id, "r1_1", "bm")
    con = sqlite3.connect(services.paths.db_path)
    try:
        rows = con.execute("select action, field, old, new from audit_log where entity_id=? "
                           "and action='answer' order by id", (row.assessment_id,)).fetchall()
    finally:
        con.close()
    assert rows == [("answer", "r1_1", "", "m"), ("answer", "r1_1", "m", "bm")]


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_unclean_exit_is_detected_and_drafts_are_listed_as_recovered(tmp_path: Path) -> None:
    paths = AppPaths(tmp_path / "d")
    first = open_services(paths)
    # Pretend the session belongs to a process that then dies: its lock file stays behind.
    subprocess.run([sys.executable, "-c", LOCK_WRITER, str(paths.lock_path)], check=True)
    inst = add_lpk(first)
    row = first.assessments.create("JKP.LPK.01", institution_id=inst.id)
    first.assessments.answer(row.id, "r1_1", "m")
    first.store.engine.dispose()
    second = open_services(paths, take_lock=True)
    try:
        assert second.store.startup.unclean_exit is not None
        assert [r.id for r in second.recovered] == [row.id]
        assert second.assessments.answers(row.id).value("r1_1") == "m"
    finally:
        second.close()
    third = open_services(paths)
    try:
        assert third.store.startup.unclean_exit is None and third.recovered == []
    finally:
        third.close()


def test_signed_fr_ak_01_records_the_asesi_consent(services: Any) -> None:
    svc = services.assessments
    asesi = add_asesi(services, nik="3374011503990009")
    row = svc.create("FR.AK.01", assessee_id=asesi.id)
    template = svc.template_of(row)
    for item in template.walk_items():
        if item.type.value == "select_one" and not svc.answers(row.id).value(item.name):
            options = template.options_for(item)
            assert options is not None
            svc.answer(row.id, item.name, "ya" if item.response_set == "ya_tidak"
                       else options.options[0].value)
        elif item.type.value == "select_multiple":
            svc.answer(row.id, item.name, template.options_for(item).options[0].value)
        elif item.type.value in ("text", "date", "time") and item.required:
            svc.answer(row.id, item.name, {"date": "2026-11-20", "time": "08:00"}.get(
                item.type.value, "Ruang TUK Sewaktu BLK"))
    svc.finalise(row.id)
    svc.sign(row.id, "asesi", asesi.name, signature_png("a"))
    assert svc.consents(asesi.id) == []  # not yet: the asesor has not signed
    svc.sign(row.id, "asesor", "Budi Santoso", signature_png("b"),
             registration_no="MET.000.004633 2020")
    (consent,) = svc.consents(asesi.id)
    assert consent.method == "FR.AK.01" and consent.revision_id == row.id
    assert consent.text_version.startswith("FR.AK.01@")


def test_signature_item_stores_the_image_and_its_hash(services: Any) -> None:
    from assessor_app.core.template_loader import load_template_text

    src = """
template: 1
code: T.SIG
version: "1"
kind: institutional
subject: institution
title: Saksi
sections:
  - name: s
    title: S
    items:
      - { name: ttd_saksi, type: signature, label: Tanda tangan saksi }
"""
    services.templates.install(load_template_text(src, "sig.yaml"))
    svc = services.assessments
    row = svc.create("T.SIG", institution_id=add_lpk(services).id)
    saved = svc.set_signature_item(row.id, "ttd_saksi", signature_png("saksi"))
    assert len(saved.value) == 64 and svc.media(saved.value).mime == "image/png"
    with pytest.raises(InvalidValueError):
        svc.set_signature_item(row.id, "ttd_saksi", b"GIF89a....")


def test_an_assessment_id_resolves_to_its_current_revision(services: Any) -> None:
    svc = services.assessments
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id)
    assert row.id != row.assessment_id
    answer_all_ia01(svc, row.id)
    svc.finalise(row.id)
    new = svc.revise(row.id, "koreksi")
    assert svc.resolve(row.assessment_id).id == new.id  # the assessment -> current revision
    assert svc.resolve(row.id).revision == 1  # a revision's own id -> that revision
    assert svc.detail(row.assessment_id[:8]).row.revision == 2


def test_header_is_prefilled_from_the_visit_scheme(services: Any) -> None:
    from assessor_app.services.demo import seed_demo

    seed_demo(services)
    svc = services.assessments
    # a template with scheme fields in its header (FR.AK.01 as written before MUK 2023
    # instruments were generated), started in the demo's competency visit
    visit = services.registry.find_visit("045/LSP-P2-BLKTM/ST/XI/2026")
    asesi = services.registry.find_assessee("Dewi Lestari Anggraini")
    ak01 = svc.create("FR.AK.01@2024.1", assessee_id=asesi.id, visit_id=visit.id)
    answers = svc.answers(ak01.id)
    assert answers.value("skema_judul") == "Klaster Pemrograman Antarmuka Pengguna"
    assert answers.value("skema_nomor") == "SKM/LSP-P2-BLKTM/003/2024"
    assert answers.value("skema_jenis") == "klaster"


@pytest.mark.parametrize(("typed", "stored"), [
    ("MET.000.004633 2020", "MET.000.004633 2020"),
    ("met.000.004633.2020", "MET.000.004633 2020"),
    ("MET 000 004633 2020", "MET.000.004633 2020"),
])
def test_normalise_met_accepts_the_ways_it_is_written(typed: str, stored: str) -> None:
    from assessor_app.core.integrity import normalise_met

    assert normalise_met(typed) == stored


@pytest.mark.parametrize("typed", ["MET.1", "123", "MET.000.04633 2020", "MET.000.004633",
                                   "MET.000.004633 1890", "Budi"])
def test_normalise_met_refuses_what_is_not_a_met_number(typed: str) -> None:
    from assessor_app.core.integrity import normalise_met

    assert normalise_met(typed) is None


def _actions(services: Any, assessment_id: str) -> list[tuple[str, str | None]]:
    con = sqlite3.connect(services.paths.db_path)
    try:
        return con.execute("select action, new from audit_log where entity_id=? order by id",
                           (assessment_id,)).fetchall()
    finally:
        con.close()


def test_a_draft_can_be_deleted_and_a_revision_draft_gives_the_record_back(
        services: Any) -> None:
    """Issue 12: drafts could not be deleted."""
    svc = services.assessments
    asesi = add_asesi(services)
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    svc.answer(row.id, "u1_e1_k1", "ya")
    svc.attach_evidence(row.id, "u1_e1_k1", demo_photo("Benda kerja"), filename="foto.jpg")
    assert svc.discard_draft(row.id) is None
    assert svc.count() == 0
    with pytest.raises(AppError) as gone:
        svc.resolve(row.id)
    assert gone.value.code == "assessment.not_found"
    assert ("delete", None) in _actions(services, row.assessment_id)
    con = sqlite3.connect(services.paths.db_path)
    try:
        left = [con.execute(f"select count(*) from {t} where revision_id=?", (row.id,))
                .fetchone()[0] for t in ("answer", "evidence", "repeat_instance")]
    finally:
        con.close()
    assert left == [0, 0, 0]

    # a finalised record is never deleted; its revision draft is, and revision 1 is back
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    answer_all_ia01(svc, row.id)
    svc.finalise(row.id)
    with pytest.raises(StateError) as final:
        svc.discard_draft(row.id)
    assert final.value.code == "assessment.not_draft"
    new = svc.revise(row.id, "koreksi catatan")
    back = svc.discard_draft(new.id)
    assert back is not None and back.id == row.id and back.is_current
    assert svc.resolve(row.assessment_id).id == row.id
    assert svc.check_integrity(row.id).ok


def test_reopen_turns_an_unsigned_final_record_back_into_a_draft(services: Any) -> None:
    """Issue 12: un-finalise while nobody has signed; never after a signature."""
    svc = services.assessments
    asesi = add_asesi(services)
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=asesi.id)
    with pytest.raises(StateError) as draft:
        svc.reopen(row.id)
    assert draft.value.code == "assessment.not_final"
    answer_all_ia01(svc, row.id)
    done = svc.finalise(row.id)
    code = done.row.verification_code
    assert code
    again = svc.reopen(row.id)
    assert again.status == "draft"
    detail = svc.detail(row.id)
    assert detail.row.verification_code is None and detail.row.content_sha256 is None
    assert detail.integrity is None or detail.integrity.ok  # a clean draft, not "tampered"
    svc.answer(row.id, "u1_e2_k4", "tidak")  # editable again
    final = svc.finalise(row.id)
    assert final.row.verdict == "BK" and svc.check_integrity(row.id).ok
    assert [a for a, _n in _actions(services, row.assessment_id)
            if a in ("finalise", "reopen")] == ["finalise", "reopen", "finalise"]
    svc.sign(row.id, "asesi", asesi.name, signature_png(asesi.name))
    with pytest.raises(StateError) as signed:
        svc.reopen(row.id)
    assert signed.value.code == "assessment.reopen_signed"
    assert svc.resolve(row.id).status == "signed"


@pytest.mark.parametrize(("now_utc", "expected"), [
    ("2026-11-20T03:00:00+00:00", "2026-11-20"),  # day 2 of the visit (10.00 WIB)
    ("2026-11-18T20:00:00+00:00", "2026-11-19"),  # 19 Nov 03.00 WIB: day 1
    ("2026-11-18T10:00:00+00:00", "2026-11-19"),  # entered the evening before: day 1
    ("2026-11-25T03:00:00+00:00", "2026-11-19"),  # written up afterwards: day 1
])
def test_the_date_of_a_record_started_in_a_two_day_visit_is_the_day_it_is_made(
        services: Any, now_utc: str, expected: str) -> None:
    """The FR.IA "Tanggal" took the visit's first day, also for an asesi assessed on the
    second day of a 19-20 November visit."""
    import datetime as dt

    svc = services.assessments
    svc.clock = lambda: dt.datetime.fromisoformat(now_utc)
    lpk = add_lpk(services)
    visit = services.registry.add_visit(institution_id=lpk.id, letter_no="7/ST/2026",
                                        place="Semarang", start_date="2026-11-19",
                                        end_date="2026-11-20")
    row = svc.create("FR.IA.01.J620100.005.02", assessee_id=add_asesi(services).id,
                     visit_id=visit.id)
    assert svc.answers(row.id).value("tanggal") == expected

