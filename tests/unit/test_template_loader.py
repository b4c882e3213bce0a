"""Every shipped template validates; broken ones report every problem as file:line:col."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.core.errors import TemplateError
from assessor_app.core.template import TemplateKind
from assessor_app.core.template_loader import load_template, load_template_text
from assessor_app.messages import describe_issue, known_codes

FORMS = Path(__file__).resolve().parents[2] / "forms"
LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_forms"
SHIPPED = sorted(FORMS.glob("*.yaml")) + sorted(LEGACY.glob("*.yaml"))


def test_the_required_templates_are_shipped() -> None:
    codes = {load_template(p).code for p in SHIPPED}
    assert {"JKP.LPK.01", "KMPI.VISIT.01", "FR.AK.01", "FR.AK.05"} <= codes
    assert "FR.IA.01.J620100.005.02" in codes and "FR.IA.01.JIP.SM02.016.01" in codes


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_every_shipped_template_validates(path: Path) -> None:
    t = load_template(path)
    assert t.signers, "every shipped form is signed by someone"
    assert all(it.label.en for it in t.walk_items() if not it.kuk), "English labels present"
    if t.kind is TemplateKind.COMPETENCY and t.form == "FR.IA.01":
        units = t.units()
        assert units and all(groups for _u, groups in units)


def test_jkp_template_has_the_five_requirements_with_evidence_hints() -> None:
    t = load_template(FORMS / "jkp-lpk-01.yaml")
    codes = [s.code for s in t.sections]
    assert codes[:5] == ["R1", "R2", "R3", "R4", "R5"]
    checkable = [it for s in t.sections[:5] for it in s.walk_items()
                 if it.response_set == "m_bm_na"]
    assert len(checkable) >= 18 and all(it.evidence_hint for it in checkable)
    assert any(it.critical for it in checkable)


def test_ia01_ui_unit_has_two_elements_and_nine_kuk() -> None:
    t = load_template(LEGACY / "fr-ia-01-pemrograman-ui.yaml")
    ((unit_sec, groups),) = t.units()
    assert unit_sec.unit is not None and unit_sec.unit.code == "J.620100.005.02"
    assert [len(kuks) for _e, kuks in groups] == [4, 5]


BROKEN = """template: 1
code: RUSAK
version: "1"
kind: institutional
subject: institution
title: Rusak
sections:
  - name: s1
    title: Satu
    items:
      - name: a
        type: select_one
        response_set: ya_tidakk
        label: A
        requierd: true
      - name: b
        type: integer
        label: B
        relevant: "${a} = 'ya' and (${c} > 2"
      - name: a
        type: text
        label: Duplikat
      - { name: c1, type: calculate, label: C1, calculation: "${c2} + 1" }
      - { name: c2, type: calculate, label: C2, calculation: "${c1} + 1" }
      - { name: d, type: text, label: D, relevant: "${zz} = 1", weight: banyak }
      - { name: e, type: wibble, label: E }
      - { name: f, type: text, label: F, constraint: "string-length(.) > 2 +" }
"""


def _issues(text: str) -> list[str]:
    with pytest.raises(TemplateError) as err:
        load_template_text(text, "rusak.yaml")
    return [describe_issue(i, "en") for i in err.value.issues]


def test_broken_template_reports_every_problem_with_its_position() -> None:
    assert _issues(BROKEN) == [
        "rusak.yaml:13:23: unknown response set 'ya_tidakk' (did you mean 'ya_tidak'?)",
        "rusak.yaml:15:9: unknown key 'requierd' in item (did you mean 'required'?)",
        "rusak.yaml:19:36: 'relevant': '(' is never closed",
        "rusak.yaml:20:15: name 'a' is already used on line 11",
        "rusak.yaml:23:62: reference cycle: c1 -> c2 -> c1",
        "rusak.yaml:25:53: ${zz} refers to an item that does not exist",
        "rusak.yaml:25:73: 'weight' must be number",
        "rusak.yaml:26:26: 'wibble' is not a valid 'type' (choices: select_one, "
        "select_multiple, text, integer, decimal, date, time, datetime, note, evidence, "
        "signature, calculate, repeat)",
        "rusak.yaml:27:77: 'constraint': the expression ends too early",
    ]


def test_yaml_syntax_error_has_a_position() -> None:
    (msg,) = _issues("template: 1\ncode: [unclosed\n")
    assert msg.startswith("rusak.yaml:3:1: YAML syntax error")


def test_duplicate_keys_and_missing_keys() -> None:
    msgs = _issues("template: 1\ncode: A\ncode: B\nkind: competency\n")
    assert "rusak.yaml:3:1: key 'code' appears twice" in msgs
    assert any("required key 'version' is missing" in m for m in msgs)
    assert any("required key 'sections' is missing" in m for m in msgs)


def test_kuk_items_need_a_scored_scale() -> None:
    src = BROKEN.split("sections:")[0].replace("kind: institutional", "kind: competency") + """\
sections:
  - name: u
    title: U
    unit: { code: X.1, title: Unit }
    items:
      - { name: k1, type: text, label: KUK, kuk: "1.1" }
"""
    (msg,) = _issues(src)
    assert "KUK 'k1' must be select_one" in msg


def test_signers_and_options_need_a_well_formed_unique_key_and_a_label() -> None:
    src = BROKEN.split("sections:")[0] + """\
signers:
  - { role: asesor, label: Asesor }
  - { role: Asesor-1, label: Bad }
  - { role: asesor, label: Again }
  - { role: saksi }
response_sets:
  skala:
    options:
      - { value: baik, label: Baik }
      - { value: Buruk!, label: Bad }
      - { value: baik, label: Again }
      - { value: cukup }
sections:
  - name: s1
    title: Satu
    items:
      - { name: a, type: select_one, response_set: skala, label: A }
"""
    with pytest.raises(TemplateError) as err:
        load_template_text(src, "rusak.yaml")
    assert [(i.line, i.col, i.code, i.params) for i in err.value.issues] == [
        (9, 13, "template.bad_name", {"name": "Asesor-1"}),
        (10, 13, "template.duplicate_signer", {"role": "asesor"}),
        (11, 5, "template.missing_key", {"key": "label"}),
        (16, 18, "template.bad_option_value", {"value": "Buruk!"}),
        (17, 18, "template.duplicate_option", {"value": "baik"}),
        (18, 9, "template.missing_key", {"key": "label"}),
    ]


def test_every_loader_code_has_a_message_in_both_languages() -> None:
    import re

    source = (Path(__file__).resolve().parents[2] / "assessor_app/core/template_loader.py"
              ).read_text()
    codes = set(re.findall(r'"((?:template|yaml|expr)\.[a-z_]+)"', source))
    assert codes <= known_codes(), codes - known_codes()
