"""The registry checks typed values itself (dates, times, gender, TUK type, e-mail, NIK,
the institution named, the visit's surat tugas and place), for the GUI's dialogs and the
CLI alike: a refused add or edit stores nothing."""

from __future__ import annotations

from typing import Any

import pytest

from assessor_app.core.errors import AppError


def _audit_count(services: Any) -> int:
    from sqlmodel import func, select

    from assessor_app.storage.db import read_session
    from assessor_app.storage.tables import AuditRow

    with read_session(services.store.engine) as s:
        return int(s.exec(select(func.count()).select_from(AuditRow)).one())


@pytest.mark.parametrize(("fields", "code"), [
    ({"birth_date": "2001-2-3"}, "value.bad_date"),
    ({"birth_date": "20010203"}, "value.bad_date"),  # ISO basic form: not what is stored
    ({"birth_date": "2099-01-01"}, "value.bad_birth_date"),  # not born yet
    ({"birth_date": "1900-01-01"}, "value.bad_birth_date"),  # the "zero" date, no birth
    ({"gender": "W"}, "value.bad_option"),
    ({"email": "a@b"}, "value.bad_email"),
    ({"nik": "12345"}, "value.bad_nik"),
    ({"institution_id": "f" * 32}, "subject.not_found"),
])
def test_assessee_edits_are_checked_like_new_ones(services: Any, fields: dict[str, str],
                                                  code: str) -> None:
    reg = services.registry
    dewi = reg.add_assessee("Dewi", nik="3374010101010001")
    before = _audit_count(services)
    with pytest.raises(AppError) as err:
        reg.update_assessee(dewi.id, **fields)
    assert err.value.code == code
    assert reg.assessee(dewi.id) == dewi and _audit_count(services) == before
    new = dict(fields)
    nik = new.pop("nik", None)
    with pytest.raises(AppError) as err2:
        reg.add_assessee("Bagus", nik=nik, **new)
    assert err2.value.code == code and _audit_count(services) == before


def test_a_birth_date_lies_between_1901_and_today_in_the_latest_time_zone(
        services: Any) -> None:
    """The registry's clock decides "today" (23.30 WIB on 5 December is 6 December in WIT:
    a birth that day is not refused); the message says the range in words."""
    import datetime as dt

    from assessor_app.messages import describe

    reg = services.registry
    reg.clock = lambda: dt.datetime(2026, 12, 5, 16, 30, tzinfo=dt.UTC)
    assert reg.add_assessee("Bayi", birth_date="2026-12-06").birth_date == "2026-12-06"
    assert reg.add_assessee("Lansia", birth_date="1901-01-01").birth_date == "1901-01-01"
    with pytest.raises(AppError) as err:
        reg.add_assessee("Belum Lahir", birth_date="2026-12-07")
    assert describe(err.value, "id") == ("tanggal lahir 2026-12-07 tidak mungkin: harus antara "
                                         "1 Januari 1901 dan hari ini (6 Desember 2026)")
    assert "between 1 January 1901 and today (6 December 2026)" in describe(err.value, "en")
    assert sorted(a.name for a in reg.assessees()) == ["Bayi", "Lansia"]


def test_visit_dates_lie_in_a_plausible_range(services: Any) -> None:
    import datetime as dt

    reg = services.registry
    reg.clock = lambda: dt.datetime(2026, 12, 5, 3, 0, tzinfo=dt.UTC)
    for field, value in (("start_date", "9999-12-31"), ("letter_date", "1900-01-01"),
                         ("end_date", "2036-12-06")):
        with pytest.raises(AppError) as err:
            reg.add_visit(institution_id=None, letter_no="1/ST", place="Kota",
                          **{field: value})
        assert err.value.code == "value.date_out_of_range", field
        assert err.value.params["value"] == value
    assert reg.visits() == []
    visit = reg.add_visit(institution_id=None, letter_no="1/ST", place="Kota",
                          start_date="2036-12-05", letter_date="1901-01-01")
    assert visit.start_date == "2036-12-05"  # a visit planned ten years ahead, at most


def test_visit_values(services: Any) -> None:
    reg = services.registry
    me = reg.add_assessor("Budi", registration_no="MET.000.004633 2020")
    for kwargs, code in (({"letter_no": " ", "place": "Kota"}, "value.required"),
                         ({"letter_no": "1/ST", "place": ""}, "value.required"),
                         ({"letter_no": "1/ST", "place": "Kota", "end_time": "8"},
                          "value.bad_time"),
                         ({"letter_no": "1/ST", "place": "Kota", "tuk_type": "rumah"},
                          "value.bad_option"),
                         ({"letter_no": "1/ST", "place": "Kota", "start_date": "2026-11-20",
                           "end_date": "2026-11-19"}, "visit.end_before_start"),
                         ({"letter_no": "1/ST", "place": "Kota", "start_date": "2026-11-20",
                           "start_time": "15.00", "end_time": "08.00"},
                          "visit.end_time_before_start")):
        with pytest.raises(AppError) as err:
            reg.add_visit(institution_id=None, **kwargs)
        assert err.value.code == code, kwargs
    with pytest.raises(AppError) as missing:
        reg.add_visit(institution_id=None, letter_no="1/ST", place="Kota",
                      assessors=[(me.id, "KETUA"), ("e" * 32, "ANGGOTA")])
    assert (missing.value.code, missing.value.params["kind"]) == ("subject.not_found", "assessor")
    assert reg.visits() == []
    visit = reg.add_visit(institution_id=None, letter_no="1/ST", place="Kota",
                          start_time="07:30", assessors=[(me.id, "KETUA"), (me.id, "ANGGOTA")])
    assert visit.start_time == "07.30"  # stored as the visit form stores it
    assert [(a.id, role) for a, role in reg.visit_team(visit.id)] == [(me.id, "KETUA")]
    two_days = reg.add_visit(institution_id=None, letter_no="2/ST", place="Kota",
                             start_date="2026-11-19", end_date="2026-11-20")
    assert (two_days.start_date, two_days.end_date) == ("2026-11-19", "2026-11-20")


def test_a_visit_that_ends_before_it_starts_is_refused_in_words(services: Any) -> None:
    from assessor_app.messages import message

    with pytest.raises(AppError) as err:
        services.registry.add_visit(institution_id=None, letter_no="1/ST", place="Kota",
                                    start_date="2026-11-20", end_date="2026-11-19")
    assert message(err.value.code, err.value.params, "id") == (
        "tanggal selesai kunjungan 2026-11-19 sebelum tanggal mulai 2026-11-20")
    assert services.registry.visits() == []


def test_find_assessor_by_registration_number_or_name(services: Any) -> None:
    reg = services.registry
    budi = reg.add_assessor("Budi Santoso", registration_no="MET.000.004633 2020")
    assert reg.find_assessor("met.000.004633  2020").id == budi.id
    assert reg.find_assessor("santoso").id == budi.id
    with pytest.raises(AppError) as err:
        reg.find_assessor("Ratna")
    assert err.value.code == "subject.not_found"


def test_a_nik_names_one_asesi(services: Any) -> None:
    """Review finding: a second asesi under a NIK already recorded was accepted, and every
    lookup by that NIK (a data-subject request among them) then said "not found"."""
    reg = services.registry
    rizky = reg.add_assessee("Rizky Pratama", nik="3374011503990001")
    other = reg.add_assessee("Orang Lain", nik="3374011503990002")
    before = _audit_count(services)
    with pytest.raises(AppError) as taken:
        reg.add_assessee("Orang Lain", nik="3374011503990001")
    assert taken.value.code == "assessee.nik_taken"
    assert taken.value.params["name"] == "Rizky Pratama"
    with pytest.raises(AppError) as moved:
        reg.update_assessee(other.id, nik="3374011503990001")
    assert moved.value.code == "assessee.nik_taken"
    assert _audit_count(services) == before
    reg.update_assessee(rizky.id, nik="3374011503990001", name="Rizky Pratama S.")  # own NIK
    assert services.subjects.find("3374011503990001").id == rizky.id
    # one person registered on two laptops meets at the office: named, not "not found"
    from assessor_app.storage.db import write_session
    from assessor_app.storage.tables import AssesseeRow

    with write_session(services.store.engine) as s:
        row = s.get(AssesseeRow, other.id)
        assert row is not None
        row.nik = "3374011503990001"
        s.add(row)
    with pytest.raises(AppError) as both:
        services.subjects.find("3374011503990001")
    assert both.value.code == "subject.ambiguous"
    assert both.value.params["names"] == "Orang Lain, Rizky Pratama S."


def _stored_before_the_rules(services: Any, table: str, row_id: str, **values: Any) -> None:
    """Values an older version (or an old list) stored, that today's checks refuse."""
    import sqlite3

    con = sqlite3.connect(services.paths.db_path)
    try:
        with con:
            for key, value in values.items():
                con.execute(f"UPDATE {table} SET {key} = ? WHERE id = ?", (value, row_id))
    finally:
        con.close()


def test_a_value_stored_before_a_rule_does_not_stop_other_edits(services: Any) -> None:
    """Review finding: an asesi with the birth date 1900-01-01 (an old list's placeholder)
    could not have their phone number corrected: the form sends every field back and the
    registry refused the birth date it already held. Only what changes is checked now,
    and what changes is still checked."""
    reg = services.registry
    dewi = reg.add_assessee("Dewi Lestari", nik="3374010101010001")
    _stored_before_the_rules(services, "assessee", dewi.id, birth_date="1900-01-01",
                             nik="337401010101001", email="dewi@")  # 15 digits, no domain
    stored = reg.assessee(dewi.id)
    before = _audit_count(services)
    every_field = {"name": stored.name, "nik": stored.nik, "birth_date": stored.birth_date,
                   "email": stored.email, "gender": stored.gender}
    saved = reg.update_assessee(dewi.id, **every_field, phone="081234567890")
    assert saved.phone == "081234567890"
    assert (saved.birth_date, saved.nik, saved.email) == ("1900-01-01", "337401010101001",
                                                          "dewi@")
    assert _audit_count(services) == before + 1  # the phone, nothing else
    for fields, code in (({"birth_date": "1900-01-02"}, "value.bad_birth_date"),
                         ({"nik": "33740101010100"}, "value.bad_nik"),
                         ({"email": "dewi@x"}, "value.bad_email")):
        with pytest.raises(AppError) as err:  # a new value is checked as always
            reg.update_assessee(dewi.id, **fields)
        assert err.value.code == code
    assert reg.assessee(dewi.id) == saved


def test_an_edit_that_changes_nothing_leaves_the_record_as_it_was(services: Any) -> None:
    reg = services.registry
    dewi = reg.add_assessee("Dewi Lestari", nik="3374010101010001", phone="0811")
    before = _audit_count(services)
    again = reg.update_assessee(dewi.id, name="Dewi Lestari", nik="3374010101010001",
                                phone="0811")
    assert again == dewi  # updated_at too
    assert _audit_count(services) == before


def test_a_nik_two_records_share_does_not_stop_editing_either(services: Any) -> None:
    """At the office one person may arrive from two laptops under one NIK: each record
    keeps it, and its other fields can still be corrected (a NIK given anew is checked)."""
    reg = services.registry
    one = reg.add_assessee("Rizky Pratama", nik="3374010101010002")
    two = reg.add_assessee("Rizky Pratama (laptop 2)")
    _stored_before_the_rules(services, "assessee", two.id, nik="3374010101010002")
    fixed = reg.update_assessee(two.id, nik="3374010101010002", phone="0812")
    assert fixed.phone == "0812"
    third = reg.add_assessee("Bagus Santoso")
    with pytest.raises(AppError) as err:
        reg.update_assessee(third.id, nik="3374010101010002")
    assert err.value.code == "assessee.nik_taken"
    assert reg.assessee(one.id).nik == "3374010101010002"
