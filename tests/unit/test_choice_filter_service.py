"""The assessment service with cascading selects, defaults and required messages: defaults
are taken when the item is created (the assessment, a new table row) and never overwrite an
answer; a choice the filter does not offer is refused; a stored one it no longer offers is
flagged until it is changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from assessor_app.core.errors import InvalidValueError
from assessor_app.core.template_loader import load_template_text
from assessor_app.messages import describe
from assessor_app.services.assessments import FinaliseError

SRC = """
template: 1
code: UJI.SARING.LAYANAN
version: "1"
kind: institutional
subject: institution
title: Uji layanan pilihan bertingkat
response_sets:
  provinsi:
    options:
      - { value: jabar, label: Jawa Barat }
      - { value: jatim, label: Jawa Timur }
  kabupaten:
    options:
      - { value: bandung, label: Kab. Bandung, columns: { provinsi: jabar } }
      - { value: bogor, label: Kab. Bogor, columns: { provinsi: jabar } }
      - { value: surabaya, label: Kota Surabaya, columns: { provinsi: jatim } }
sections:
  - name: lokasi
    title: Lokasi
    items:
      - { name: provinsi, type: select_one, response_set: provinsi, label: Provinsi,
          default: jabar }
      - { name: kabupaten, type: select_one, response_set: kabupaten, label: Kabupaten,
          choice_filter: "provinsi = ${provinsi}", required: true,
          required_message: { id: Pilih kabupaten tempat LPK, en: Choose the LPK's regency } }
      - { name: tanggal, type: date, label: Tanggal, dynamic_default: today() }
      - { name: waktu, type: datetime, label: Waktu, dynamic_default: now() }
      - { name: asal, type: text, label: Asal, dynamic_default: "concat('Prov. ', ${provinsi})" }
      - { name: cocok, type: integer, label: Tidak cocok, dynamic_default: "'bukan angka'" }
      - name: peserta
        type: repeat
        label: Peserta
        items:
          - { name: nama, type: text, label: Nama }
          - { name: kab_peserta, type: select_one, response_set: kabupaten, label: Kab,
              dynamic_default: "${kabupaten}", choice_filter: "provinsi = ${provinsi}" }
          - { name: hadir, type: date, label: Hadir, dynamic_default: today() }
"""

NOW = dt.datetime(2025, 3, 4, 17, 45, tzinfo=dt.UTC)  # 5 March 00:45 WIB


@pytest.fixture()
def rid(services: Any) -> str:
    services.templates.install(load_template_text(SRC, "saring.yaml"))
    services.assessments.clock = lambda: NOW
    inst = services.registry.add_institution("LPK Bertingkat")
    return str(services.assessments.create("UJI.SARING.LAYANAN", institution_id=inst.id).id)


def test_defaults_are_taken_when_the_assessment_is_created(services: Any, rid: str) -> None:
    answers = services.assessments.answers(rid)
    assert answers.value("provinsi") == "jabar"
    assert answers.value("tanggal") == "2025-03-05"  # today in WIB, not in UTC
    assert answers.value("waktu") == "2025-03-05T00:45"
    assert answers.value("asal") == "Prov. jabar"  # over the default before it
    assert answers.value("cocok") == ""  # does not fit an integer: left empty, never guessed
    assert answers.value("kabupaten") == ""


def test_a_new_row_takes_its_defaults_in_the_row(services: Any, rid: str) -> None:
    svc = services.assessments
    svc.answer(rid, "kabupaten", "bogor")
    first = svc.add_row(rid, "peserta")
    answers = svc.answers(rid)
    assert answers.value("kab_peserta", first) == "bogor"
    assert answers.value("hadir", first) == "2025-03-05"
    svc.answer(rid, "kab_peserta", "bandung", row=first)
    svc.answer(rid, "kabupaten", "bandung")
    second = svc.add_row(rid, "peserta")
    answers = svc.answers(rid)
    assert answers.value("kab_peserta", second) == "bandung"
    assert answers.value("kab_peserta", first) == "bandung"  # never overwritten
    assert answers.value("tanggal") == "2025-03-05"


def test_a_choice_the_filter_does_not_offer_is_refused(services: Any, rid: str) -> None:
    svc = services.assessments
    with pytest.raises(InvalidValueError) as info:
        svc.answer(rid, "kabupaten", "surabaya")
    assert info.value.code == "value.not_offered"
    assert describe(info.value, "id") == (
        "'surabaya' tidak termasuk pilihan yang tersedia menurut jawaban sebelumnya "
        "(pilihan: bandung, bogor)")
    assert svc.answers(rid).value("kabupaten") == ""


def test_an_answer_no_longer_offered_blocks_finalising_until_changed(services: Any,
                                                                    rid: str) -> None:
    svc = services.assessments
    svc.answer(rid, "kabupaten", "bogor")
    svc.answer(rid, "provinsi", "jatim")
    assert svc.answers(rid).value("kabupaten") == "bogor"  # kept, not dropped
    view = svc.form(rid).view("kabupaten")
    assert view is not None and view.offered == ("surabaya",) and view.value == "bogor"
    svc.answer(rid, "kabupaten", "bogor")  # the same value again is no change: allowed
    with pytest.raises(FinaliseError) as info:
        svc.finalise(rid)
    assert [(i.kind, i.item, i.detail) for i in info.value.issues] == [
        ("not_offered", "kabupaten", {"values": ["bogor"]})]
    svc.answer(rid, "kabupaten", "surabaya")
    assert svc.finalise(rid).row.status == "complete"


def test_the_missing_issue_carries_the_required_message(services: Any, rid: str) -> None:
    with pytest.raises(FinaliseError) as info:
        services.assessments.finalise(rid)
    (issue,) = info.value.issues
    assert (issue.kind, issue.item) == ("missing", "kabupaten")
    assert issue.message is not None and issue.message.get("en") == "Choose the LPK's regency"


def test_the_demo_filler_picks_an_offered_option(services: Any, rid: str) -> None:
    from assessor_app.services.demo import fill_required

    services.assessments.answer(rid, "provinsi", "jatim")
    fill_required(services.assessments, rid)
    assert services.assessments.answers(rid).value("kabupaten") == "surabaya"
    assert services.assessments.finalise(rid).row.status == "complete"
