"""Cascading selects (``choice_filter`` over option ``columns``), dynamic and fixed defaults
and ``required_message``: the expression language, the loader and the form engine."""

from __future__ import annotations

import datetime as dt

import pytest

from assessor_app.core import expr
from assessor_app.core.engine import Answers, FormState
from assessor_app.core.errors import TemplateError
from assessor_app.core.template import Template, Text
from assessor_app.core.template_loader import load_template_text
from assessor_app.messages import describe_issue

SRC = """
template: 1
code: UJI.SARING
version: "1"
kind: institutional
subject: institution
title: Uji pilihan bertingkat
response_sets:
  provinsi:
    options:
      - { value: jabar, label: Jawa Barat, columns: { pulau: jawa } }
      - { value: jatim, label: Jawa Timur, columns: { pulau: jawa } }
      - { value: sulsel, label: Sulawesi Selatan, columns: { pulau: sulawesi } }
  kabupaten:
    options:
      - { value: bandung, label: Kab. Bandung, columns: { provinsi: jabar, kota: "0" } }
      - { value: kota_bandung, label: Kota Bandung, columns: { provinsi: jabar, kota: "1" } }
      - { value: surabaya, label: Kota Surabaya, columns: { provinsi: jatim, kota: "1" } }
      - { value: gowa, label: Kab. Gowa, columns: { provinsi: sulsel, kota: "0" } }
sections:
  - name: lokasi
    title: Lokasi
    items:
      - { name: pulau, type: text, label: Pulau, default: jawa }
      - { name: provinsi, type: select_one, response_set: provinsi, label: Provinsi,
          choice_filter: "pulau = ${pulau}" }
      - { name: kabupaten, type: select_one, response_set: kabupaten, label: Kabupaten/kota,
          choice_filter: "provinsi = ${provinsi} and (kota = 1 or not(${hanya_kota} = 'ya'))",
          required: true,
          required_message: { id: Pilih kabupaten atau kota, en: Choose a regency or city } }
      - { name: hanya_kota, type: text, label: Hanya kota? }
      - { name: beberapa, type: select_multiple, response_set: kabupaten, label: Beberapa,
          choice_filter: "selected(${provinsi}, provinsi) or starts-with(name, 'kota')" }
      - { name: tanggal, type: date, label: Tanggal, dynamic_default: today() }
      - { name: salinan, type: text, label: Salinan, dynamic_default: "concat(${pulau}, '!')" }
      - name: kunjungan
        type: repeat
        label: Kunjungan
        items:
          - { name: kab_kunjungan, type: select_one, response_set: kabupaten, label: Kab,
              choice_filter: "provinsi = ${provinsi}" }
"""


@pytest.fixture(scope="module")
def t() -> Template:
    return load_template_text(SRC, "saring.yaml")


def state(t: Template, **values: str) -> FormState:
    return FormState(t, Answers(values={(k, ""): v for k, v in values.items()}),
                     today=dt.date(2025, 3, 4), now=dt.datetime(2025, 3, 4, 9, 30))


def test_a_bare_name_is_a_choice_column_only_in_a_filter() -> None:
    node = expr.parse("provinsi = ${provinsi} and name != 'x'", columns=True)
    assert expr.fields(node) == {"provinsi", "name"} and expr.references(node) == {"provinsi"}
    with pytest.raises(expr.ExprSyntaxError) as info:
        expr.parse("provinsi = ${provinsi}")
    assert info.value.code == "expr.unexpected_token"
    cols = {"provinsi": "jabar", "name": "bandung"}
    assert expr.evaluate(node, lambda n: "jabar", column=cols.__getitem__) is True
    assert expr.evaluate(node, lambda n: "jatim", column=cols.__getitem__) is False
    # keywords stay operators; without a column resolver a column is empty
    assert expr.evaluate(expr.parse("a and b", columns=True), lambda n: "") is False


def test_the_filter_offers_what_the_answer_above_allows(t: Template) -> None:
    kab, prov = t.item("kabupaten"), t.item("provinsi")
    assert state(t, pulau="jawa").offered(prov) == ("jabar", "jatim")
    assert state(t, pulau="sulawesi").offered(prov) == ("sulsel",)
    assert state(t).offered(kab) == ()  # nothing chosen above: nothing to offer yet
    assert state(t, provinsi="jabar").offered(kab) == ("bandung", "kota_bandung")
    assert state(t, provinsi="jabar", hanya_kota="ya").offered(kab) == ("kota_bandung",)
    assert state(t, provinsi="jatim").offered(t.item("beberapa")) == (
        "kota_bandung", "surabaya")
    assert state(t).offered(t.item("pulau")) is None  # no filter: every option


def test_a_repeat_child_filters_by_an_answer_outside_the_table(t: Template) -> None:
    answers = Answers(values={("provinsi", ""): "jatim"}, rows={"kunjungan": ["r1"]})
    st = FormState(t, answers)
    assert st.offered(t.item("kab_kunjungan"), "r1") == ("surabaya",)


def test_an_answer_the_filter_no_longer_offers_is_flagged_not_dropped(t: Template) -> None:
    st = state(t, pulau="jawa", provinsi="jatim", kabupaten="bandung",
               beberapa="bandung surabaya")
    assert st.not_offered(t.item("kabupaten")) == ["bandung"]
    found = [(i.kind, i.item, i.detail) for i in st.issues()]
    assert found == [("not_offered", "kabupaten", {"values": ["bandung"]}),
                     ("not_offered", "beberapa", {"values": ["bandung"]})]
    assert st.answers.value("kabupaten") == "bandung"  # still stored
    assert st.record()["values"]["kabupaten"] == "bandung"


def test_required_message_is_the_missing_issue_message(t: Template) -> None:
    (issue,) = [i for i in state(t, provinsi="jabar").issues() if i.kind == "missing"]
    assert issue.item == "kabupaten"
    assert issue.message == Text("Pilih kabupaten atau kota", "Choose a regency or city")


def test_defaults_fixed_and_dynamic(t: Template) -> None:
    st = state(t, pulau="jawa")
    assert st.default_of(t.item("pulau")) == "jawa"
    assert st.default_of(t.item("tanggal")) == "2025-03-04"
    assert st.default_of(t.item("salinan")) == "jawa!"
    assert state(t).default_of(t.item("salinan")) == "!"
    assert st.default_of(t.item("provinsi")) == ""


BASE = SRC.split("sections:")[0]


def _issues(items: str, sets: str = "") -> list[str]:
    text = BASE.replace("response_sets:\n", "response_sets:\n" + sets) + \
        "sections:\n  - name: s\n    title: S\n    items:\n" + items
    with pytest.raises(TemplateError) as info:
        load_template_text(text, "rusak.yaml")
    return [describe_issue(i, "en").split(": ", 1)[1] for i in info.value.issues]


def test_the_loader_checks_filters_columns_defaults_and_messages() -> None:
    assert _issues(
        "      - { name: a, type: select_one, response_set: kabupaten, label: A,\n"
        "          choice_filter: \"provinsii = ${b}\" }\n"
        "      - { name: b, type: text, label: B, choice_filter: \"name = 'x'\",\n"
        "          required_message: Isi }\n"
        "      - { name: c, type: text, label: C, default: x, dynamic_default: \"${b}\" }\n"
        "      - { name: d, type: note, label: D, dynamic_default: \"${zz}\" }\n"
        "      - { name: e, type: select_one, response_set: warna, label: E,\n"
        "          choice_filter: \"name = \" }\n",
        "  warna:\n    options:\n"
        "      - { value: merah, label: Merah, columns: { Bad-1: x, label: y } }\n") == [
        "choice column name 'Bad-1' is not valid (letters, digits and _, starting with a letter; not audio, image, label, list_label, list_name, media, na, name, pass, score, verdict, video)",
        "choice column name 'label' is not valid (letters, digits and _, starting with a letter; not audio, image, label, list_label, list_name, media, na, name, pass, score, verdict, video)",
        "choice column 'provinsii' is not in the choices of 'kabupaten' "
        "(did you mean 'provinsi'?)",
        "'choice_filter' does not apply to type 'text'",
        "'required_message' applies only together with 'required'",
        "'dynamic_default' and 'default' cannot be used together",
        "'dynamic_default' does not apply to type 'note'",
        "${zz} refers to an item that does not exist",
        "'choice_filter': the expression ends too early",
    ]
