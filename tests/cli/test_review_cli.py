"""The review loop (issue 12) from the command line: the office marks "perlu perbaikan",
writes the receipts, the laptop imports one and sees the comment, revises, sends again, and
the office sees the new revision pending review. The office cannot revise a field record."""

from __future__ import annotations

import json
import random
from pathlib import Path

from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from tests.cli.conftest import Cli, new_data_dir, one_line_error
from tests.sync.helpers import fill, finalise_and_sign, photo

COMMENT = "Tanda tangan pimpinan LPK belum ada"


def _finalised(folder: Path, *, revise_of: str | None = None) -> str:
    """A finalised and signed assessment made on the laptop (or a finalised and signed
    correction of ``revise_of``, an existing draft revision id); its revision id."""
    svc = open_services(AppPaths(folder))
    try:
        rng = random.Random(3)
        if revise_of is None:
            svc.registry.add_assessor("Budi Lapangan", is_self=True)
            inst = svc.registry.add_institution("LPK Cahaya")
            rid = svc.assessments.create("JKP.LPK.01", institution_id=inst.id).id
            fill(svc, rid, rng=rng, texts=["catatan"], notes=["n"],
                 photos=[photo(20, 10, (9, 9, 9))])
        else:
            rid = revise_of
        finalise_and_sign(svc, rid, rng, signer="Budi Lapangan")
        return rid
    finally:
        svc.close()


def test_review_round_trip_on_the_command_line(cli: Cli, data: Path, golden_data_dir: Path,
                                               tmp_path: Path) -> None:
    office = data
    laptop = new_data_dir(golden_data_dir, tmp_path / "laptop")
    usb, back = tmp_path / "usb", tmp_path / "back"
    rid = _finalised(laptop)

    svc = open_services(AppPaths(office))
    svc.registry.add_assessor("Sari Kantor", is_self=True)
    svc.registry.add_assessor("Budi Lapangan")
    svc.close()
    me = json.loads(cli("device", "show", "--json", data_dir=laptop).out)
    assert cli("device", "enrol", me["ed25519_public"], "--name", "Laptop Budi",
               data_dir=office).code == 0
    pack = json.loads(cli("pack", "create", "--assessor", "Budi Lapangan", "-o", str(usb),
                          "--json", data_dir=office).out)
    assert cli("pack", "import", pack["path"], data_dir=laptop).code == 0
    bundle = json.loads(cli("export", "-o", str(usb), "--json", data_dir=laptop).out)
    imported = cli("import", bundle["path"], "--receipts", str(usb), "--json", data_dir=office)
    assert imported.code == 0, imported.err
    [record] = json.loads(imported.out)["files"][0]["records"]
    aid = record["id"]

    # nothing decided yet: nothing to send
    nothing = cli("review", "receipts", "-o", str(back), data_dir=office)
    assert nothing.code == 0 and "Belum ada keputusan" in nothing.out

    # the office: a comment is required, then "perlu perbaikan" and the receipts
    one_line_error(cli("review", "set", aid, "--status", "perlu_perbaikan", data_dir=office),
                   "komentar wajib")
    assert cli("review", "set", aid, "--status", "perlu_perbaikan", "--comment", COMMENT,
               data_dir=office).code == 0
    # ... and the office cannot revise the field record
    one_line_error(cli("assessments", "revise", aid, "--reason", "koreksi kantor",
                       data_dir=office), "laptop lain", "Perlu perbaikan")
    written = cli("review", "receipts", "-o", str(back), "--json", data_dir=office)
    assert written.code == 0, written.err
    [receipt] = json.loads(written.out)["receipts"]
    assert (receipt["decisions"], receipt["perlu_perbaikan"]) == (1, 1)

    # the laptop imports it: "Perlu perbaikan: <komentar>"
    got = cli("receipt", "import", receipt["path"], data_dir=laptop)
    assert got.code == 0, got.err
    assert f"Perlu perbaikan: {COMMENT}" in got.out
    shown = cli("assessments", "show", aid, data_dir=laptop)
    assert f"Perlu perbaikan: {COMMENT}" in shown.out and "Sari Kantor" in shown.out
    shown_json = json.loads(cli("assessments", "show", aid, "--json", data_dir=laptop).out)
    assert shown_json["office_review"]["status"] == "perlu_perbaikan"
    assert shown_json["office_review"]["open"] is True

    # the assessor revises on the laptop, finalises, signs and sends the correction
    revised = cli("assessments", "revise", rid, "--reason", "Perbaikan: " + COMMENT, "--json",
                  data_dir=laptop)
    assert revised.code == 0, revised.err
    new_rid = json.loads(revised.out)["id"]
    _finalised(laptop, revise_of=new_rid)
    second = json.loads(cli("export", "-o", str(usb / "2"), "--json", data_dir=laptop).out)
    again = cli("import", second["path"], "--receipts", str(usb / "2"), "--json",
                data_dir=office)
    assert again.code == 0, again.err
    assert json.loads(again.out)["files"][0]["counts"] == {"revised": 1}

    # the office: revision 2 is pending review (the decision belongs to revision 1)
    status = json.loads(cli("review", "show", aid, "--json", data_dir=office).out)
    assert status["revision"] == 2 and status["outdated"] is True
    assert status["current"]["status"] == "perlu_perbaikan"
    assert "(untuk revisi 1)" in cli("review", "show", aid, data_dir=office).out

    # the head of the LPK withdraws consent by telephone: the office records it (a consent
    # given and withdrawn there) and the next receipt takes it to the laptop
    added = cli("consent", "add", "--institution", "LPK Cahaya", "--given-by",
                "Hj. Sri Wahyuni", "--scope", "Visitasi kelembagaan JKP", "--date",
                "2026-12-01", "--json", data_dir=office)
    assert added.code == 0, added.err
    cid = json.loads(added.out)["id"]
    assert cli("consent", "withdraw", cid, "--reason", "Ditarik lewat telepon",
               data_dir=office).code == 0
    written = cli("review", "receipts", "-o", str(back / "2"), data_dir=office)
    assert written.code == 0 and "1 penarikan persetujuan" in written.out, written.out
    path = next((back / "2").glob("receipt-*.zip"))
    got = cli("receipt", "import", str(path), data_dir=laptop)
    assert got.code == 0, got.err
    assert "1 persetujuan ditarik di kantor" in got.out and cid[:8] in got.out
    shown = json.loads(cli("consent", "show", cid, "--json", data_dir=laptop).out)["consent"]
    assert shown["withdrawn_at"] and shown["withdrawn_reason"] == "Ditarik lewat telepon"
