"""A certification event scripted from the command line alone: institution, visit, two
asesi, an FR.AK.01 for one of them in that visit, answers, a photo as evidence, and the
assessment shown with its attachment."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli, photo_jpeg


def test_certification_event_from_the_command_line(cli: Cli, tmp_path: Path) -> None:
    inst = cli("institutions", "add", "UPTD BLK Tirtamulya", "--kind", "BLK_UPTD",
               "--city", "Semarang", "--province", "Jawa Tengah", "--json")
    assert inst.code == 0, inst.err
    visit = cli("visits", "add", "--institution", "Tirtamulya", "--letter-no",
                "045/LSP-P2-BLKTM/ST/XI/2026", "--date", "2026-11-20", "--tuk", "sewaktu",
                "--start-time", "08.00", "--json")
    assert visit.code == 0, visit.err
    for name, nik in (("Dewi Lestari Anggraini", "3374015203010001"),
                      ("Bagus Santoso", "3374011708990002")):
        made = cli("assessees", "add", name, "--nik", nik, "--institution", "Tirtamulya")
        assert made.code == 0, made.err
    roster = cli("assessees", "list", "--institution", "Tirtamulya", "--json").json()
    assert [a["name"] for a in roster] == ["Bagus Santoso", "Dewi Lestari Anggraini"]

    new = cli("assessments", "new", "--template", "FR.AK.01", "--subject", "3374015203010001",
              "--visit", "045/LSP-P2-BLKTM/ST/XI/2026", "--json")
    assert new.code == 0, new.err
    aid = new.json()["id"]
    assert new.json()["subject"] == "Dewi Lestari Anggraini"
    answered = cli("assessments", "answer", aid, "bukti=observasi_langsung",
                   "setuju_asesi_banding=ya", "setuju_asesor_kerahasiaan=ya")
    assert answered.code == 0, answered.err
    photo = tmp_path / "foto-persetujuan.jpg"
    photo.write_bytes(photo_jpeg((120, 90)))
    attached = cli("assessments", "attach", aid[:8], "setuju_asesi_banding", str(photo),
                   "--caption", "Asesi menandatangani persetujuan")
    assert attached.code == 0, attached.err
    assert attached.out.startswith("terlampir  setuju_asesi_banding: foto-persetujuan.jpg")

    shown = cli("assessments", "show", aid, "--json").json()
    values = {a["name"]: a["value"] for a in shown["answers"]}
    assert (values["nama_asesi"], values["tuk"], values["tanggal"]) == (  # from the visit
        "Dewi Lestari Anggraini", "sewaktu", "2026-11-20")
    assert (values["bukti"], values["setuju_asesi_banding"]) == ("observasi_langsung", "ya")
    assert [(e["item"], e["file"], e["caption"], e["mime"]) for e in shown["evidence"]] == [
        ("setuju_asesi_banding", "foto-persetujuan.jpg", "Asesi menandatangani persetujuan",
         "image/jpeg")]
    text = cli("assessments", "show", aid).out
    assert "Bukti terlampir:\n  setuju_asesi_banding: foto-persetujuan.jpg (image/jpeg, " in text
    assert " KB) — Asesi menandatangani persetujuan" in text
    listed = cli("assessments", "list", "--institution", "Tirtamulya", "--json").json()
    assert [(i["id"], i["subject"], i["status"]) for i in listed["items"]] == [
        (aid, "Dewi Lestari Anggraini", "draft")]
