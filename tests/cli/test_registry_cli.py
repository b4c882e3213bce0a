"""`institutions`, `assessees` and `visits` (add, list): what the registry dialogs do, with
the values checked by the registry service; bad input exits 2 and writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from tests.cli.conftest import Cli, fingerprint, one_line_error

NIK = "3374010101010001"  # 16 digits


def _institution(cli: Cli, name: str = "UPTD BLK Tirtamulya", city: str = "Semarang") -> str:
    made = cli("institutions", "add", name, "--kind", "BLK_UPTD", "--city", city, "--json")
    assert made.code == 0, made.err
    return str(made.json()["id"])


def _assessors(data: Path) -> tuple[str, str]:
    """The profile's assessor and a colleague (there is no CLI for assessors)."""
    services = open_services(AppPaths(data))
    try:
        me = services.registry.save_self_assessor("Budi Santoso",
                                                  registration_no="MET.000.004633 2020")
        other = services.registry.add_assessor("Ratna Kusumawardani",
                                               registration_no="MET.000.007215 2021")
        return me.id, other.id
    finally:
        services.close()


# ------------------------------------------------------------------ institutions


def test_institutions_add_and_list(cli: Cli) -> None:
    made = cli("institutions", "add", "  LPK  Cipta   Karya ", "--kind", "LPK_SWASTA",
               "--vin", "3273.0412.2019", "--address", "Jl. Soekarno-Hatta 12",
               "--city", "Bandung", "--province", "Jawa Barat", "--head-name", "Hj. Lilis",
               "--head-title", "Direktur", "--phone", "022-123", "--email", "info@cipta.id",
               "--licence-no", "563/LPK/2019", "--json")
    assert made.code == 0, made.err
    row = made.json()
    assert row["name"] == "LPK Cipta Karya"  # blanks tidied as in the dialog
    assert (row["kind"], row["status"], row["vin"], row["city"], row["email"]) == (
        "LPK_SWASTA", "swasta", "3273.0412.2019", "Bandung", "info@cipta.id")
    assert row["head_title"] == "Direktur" and row["licence_no"] == "563/LPK/2019"
    plain = cli("institutions", "add", "UPTD BLK Tirtamulya", "--kind", "BLK_UPTD",
                "--city", "Semarang")
    assert plain.code == 0 and plain.out.strip().endswith("  UPTD BLK Tirtamulya")

    listed = cli("institutions", "list", "--search", "bandung", "--json")
    assert listed.code == 0 and [i["id"] for i in listed.json()] == [row["id"]]
    text = cli("institutions", "list")
    lines = text.out.strip().splitlines()
    assert lines[-1] == "(2)"
    assert any(line.startswith(row["id"][:8]) and "3273.0412.2019" in line
               and line.endswith("LPK Cipta Karya") for line in lines)


@pytest.mark.parametrize(("args", "words"), [
    (("--kind", "PABRIK"), ("'PABRIK' bukan pilihan yang sah", "LPK_SWASTA")),
    (("--email", "info@"), ("'info@' bukan alamat email yang sah",)),
    (("--email", "info cipta@x.id"), ("bukan alamat email",)),
])
def test_institution_bad_values_write_nothing(cli: Cli, data: Path, args: tuple[str, ...],
                                              words: tuple[str, ...]) -> None:
    before = fingerprint(data)
    one_line_error(cli("institutions", "add", "LPK Baru", *args), *words)
    assert fingerprint(data) == before


def test_institution_without_a_name_is_refused(cli: Cli, data: Path) -> None:
    before = fingerprint(data)
    one_line_error(cli("institutions", "add", "   "), "'nama' wajib diisi")
    assert fingerprint(data) == before


# ------------------------------------------------------------------ assessees


def test_assessees_add_and_list_mask_the_nik(cli: Cli) -> None:
    inst = _institution(cli)
    made = cli("assessees", "add", "Dewi Lestari Anggraini", "--nik", NIK, "--sex", "p",
               "--birth-place", "Semarang", "--birth-date", "2001-02-03", "--phone", "0812",
               "--email", "dewi@contoh.id", "--education", "SMK", "--institution", "Tirtamulya",
               "--json")
    assert made.code == 0, made.err
    dewi = made.json()
    assert dewi["nik"] == "3374********0001" and NIK not in made.out
    assert (dewi["institution_id"], dewi["institution"]) == (inst, "UPTD BLK Tirtamulya")
    assert cli("assessees", "add", "Bagus Santoso", "--nik", "0012345678901234").code == 0
    assert cli("assessees", "add", "Rizky Pratama").code == 0  # a NIK is not required

    text = cli("assessees", "list")
    assert text.code == 0 and NIK not in text.out and "0012345678901234" not in text.out
    lines = text.out.strip().splitlines()
    assert lines[-1] == "(3)"
    assert f"{dewi['id'][:8]}  3374********0001  Dewi Lestari Anggraini  " \
           "(UPTD BLK Tirtamulya)" in lines
    listed = cli("assessees", "list", "--json").json()
    assert {a["name"]: a["nik"] for a in listed} == {
        "Bagus Santoso": "0012********1234", "Dewi Lestari Anggraini": "3374********0001",
        "Rizky Pratama": ""}
    assert set(listed[0]) == {"id", "name", "nik", "institution_id", "institution"}
    shown = cli("assessees", "list", "--search", "dewi", "--show-nik", "--json").json()
    assert [(a["id"], a["nik"]) for a in shown] == [(dewi["id"], NIK)]
    mine = cli("assessees", "list", "--institution", inst, "--json").json()
    assert [a["name"] for a in mine] == ["Dewi Lestari Anggraini"]


@pytest.mark.parametrize(("args", "words"), [
    (("--nik", "337401010101000"), ("NIK harus 16 angka",)),  # 15 digits
    (("--nik", "33740101010100O1"), ("NIK harus 16 angka",)),  # a letter O
    (("--birth-date", "2001-02-30"), ("'2001-02-30' bukan tanggal (TTTT-BB-HH)",)),
    (("--birth-date", "03-02-2001"), ("'03-02-2001' bukan tanggal",)),
    (("--birth-date", "2099-01-01"), ("tanggal lahir 2099-01-01 tidak mungkin",
                                      "1 Januari 1901 dan hari ini")),  # not born yet
    (("--birth-date", "1899-12-31"), ("tanggal lahir 1899-12-31 tidak mungkin",)),
    (("--sex", "X"), ("'X' bukan pilihan yang sah (pilihan: L, P)",)),
    (("--email", "dewi.contoh.id"), ("'dewi.contoh.id' bukan alamat email yang sah",)),
    (("--institution", "LPK Tidak Ada"), ("'LPK Tidak Ada' tidak ditemukan sebagai lembaga",)),
])
def test_assessee_bad_values_write_nothing(cli: Cli, data: Path, args: tuple[str, ...],
                                           words: tuple[str, ...]) -> None:
    _institution(cli)
    before = fingerprint(data)
    one_line_error(cli("assessees", "add", "Dewi Lestari", *args), *words)
    assert fingerprint(data) == before


def test_a_bad_nik_is_not_echoed_in_full(cli: Cli) -> None:
    run = cli("assessees", "add", "Dewi", "--nik", "33740101010100011")  # 17 digits
    one_line_error(run, "NIK harus 16 angka")
    assert "33740101010100011" not in run.err


def test_english_messages(cli: Cli) -> None:
    one_line_error(cli("assessees", "add", "Dewi", "--institution", "Nowhere", "--lang", "en"),
                   "'Nowhere' not found as institution")
    one_line_error(cli("visits", "add", "--letter-no", "1/ST", "--lang", "en"),
                   "'place' is required")


# ------------------------------------------------------------------ visits


def test_visits_add_with_team_and_list(cli: Cli, data: Path) -> None:
    me, other = _assessors(data)
    inst = _institution(cli)
    made = cli("visits", "add", "--institution", "Tirtamulya", "--letter-no",
               "045/LSP-P2-BLKTM/ST/XI/2026", "--date", "2026-11-20", "--tuk", "sewaktu",
               "--start-time", "08:00", "--end-time", "16.30", "--timezone", "wita",
               "--letter-date", "2026-11-10", "--purpose", "SERTIFIKASI", "--json")
    assert made.code == 0, made.err
    visit = made.json()
    assert visit["institution_id"] == inst and visit["place"] == "Semarang"  # the city
    assert (visit["start_date"], visit["end_date"]) == ("2026-11-20", "2026-11-20")
    assert (visit["start_time"], visit["end_time"], visit["timezone"]) == (
        "08.00", "16.30", "WITA")
    assert (visit["tuk_type"], visit["letter_date"], visit["purpose"]) == (
        "sewaktu", "2026-11-10", "SERTIFIKASI")
    assert [(m["id"], m["role"]) for m in visit["team"]] == [(me, "KETUA")]  # the profile

    second = cli("visits", "add", "--letter-no", "7/ST/2026", "--place", "Kendari",
                 "--date", "2026-11-25", "--end-date", "2026-11-26",
                 "--assessor", "MET.000.007215 2021", "--assessor", "Budi",
                 "--assessor", "Ratna", "--json")
    assert second.code == 0, second.err
    team = second.json()["team"]
    assert sorted((m["id"], m["role"]) for m in team) == sorted(
        [(other, "KETUA"), (me, "ANGGOTA")])  # named twice: counted once, first role
    assert second.json()["institution_id"] is None

    listed = cli("visits", "list", "--json").json()
    assert [v["letter_no"] for v in listed] == ["7/ST/2026", "045/LSP-P2-BLKTM/ST/XI/2026"]
    only = cli("visits", "list", "--institution", inst, "--json").json()
    assert [v["id"] for v in only] == [visit["id"]]
    text = cli("visits", "list").out.strip().splitlines()
    assert text[-1] == "(2)"
    assert text[1].startswith(visit["id"][:8]) and "045/LSP-P2-BLKTM/ST/XI/2026" in text[1]
    assert text[1].endswith("UPTD BLK Tirtamulya  [Budi Santoso]")


def test_visit_date_defaults_to_today_in_its_time_zone(cli: Cli) -> None:
    wit = dt.timezone(dt.timedelta(hours=9))
    before = dt.datetime.now(wit).date().isoformat()
    made = cli("visits", "add", "--letter-no", "9/ST", "--place", "Jayapura", "--timezone",
               "WIT", "--json")
    after = dt.datetime.now(wit).date().isoformat()
    assert made.code == 0, made.err
    assert made.json()["start_date"] in (before, after)
    assert made.json()["team"] == []  # no profile, no team


@pytest.mark.parametrize(("args", "words"), [
    (("--place", "Semarang", "--date", "2026-11-31"), ("'2026-11-31' bukan tanggal",)),
    (("--place", "Semarang", "--date", "9999-12-31"), ("tanggal 9999-12-31 di luar rentang",
                                                       "1 Januari 1901 sampai")),
    (("--place", "Semarang", "--tuk", "online"), ("'online' bukan pilihan yang sah",
                                                  "sewaktu, tempat_kerja, mandiri")),
    (("--place", "Semarang", "--start-time", "25.00"), ("'25.00' bukan jam",)),
    (("--place", "Semarang", "--timezone", "UTC"), ("'UTC' bukan pilihan yang sah",)),
    (("--institution", "LPK Hilang"), ("'LPK Hilang' tidak ditemukan sebagai lembaga",)),
    (("--place", "Semarang", "--assessor", "Siapa"), ("'Siapa' tidak ditemukan sebagai asesor",)),
    ((), ("'tempat' wajib diisi",)),  # no place and no institution to take it from
])
def test_visit_bad_values_write_nothing(cli: Cli, data: Path, args: tuple[str, ...],
                                        words: tuple[str, ...]) -> None:
    _assessors(data)
    before = fingerprint(data)
    one_line_error(cli("visits", "add", "--letter-no", "045/ST/2026", *args), *words)
    assert fingerprint(data) == before


def test_visit_needs_a_letter_number(cli: Cli, data: Path) -> None:
    before = fingerprint(data)
    one_line_error(cli("visits", "add", "--letter-no", "  ", "--place", "Semarang"),
                   "'nomor surat tugas' wajib diisi")
    assert fingerprint(data) == before
