"""A report never fails for its content: every shipped template (forms/*.yaml and every
instrument generated from the shipped schemes), with 2,000-character texts in every label,
hint, title, KUK, benchmark and option, 2,000-character answers and notes, renders blank,
filled (each sheet of a multi-sheet form) and as a FR.AK.05 batch, and its long texts are
in the PDF's text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.competency import load_scheme
from assessor_app.core.engine import Answers, FormState
from assessor_app.core.muk import generate_instruments
from assessor_app.core.scoring import score
from assessor_app.core.template import ItemType, Template, Text
from assessor_app.core.template_loader import load_template, load_template_text
from assessor_app.reports import (
    BatchEntry,
    RecordInfo,
    ReportData,
    SignatureInfo,
    layout_of,
    parts_of,
    render,
)
from assessor_app.reports.verification import blank_payload, record_payload
from tests.helpers import pdf_text, squash

REPO = Path(__file__).resolve().parents[2]
FORMS = REPO / "forms"
SENTENCE = "Paragraf SOP {tag} nomor {n}: langkah kerja diperiksa sesuai prosedur. "
N = 2000


def long_text(tag: str) -> str:
    """2,000 characters of words, starting with the tag (so each field is recognisable)."""
    text = "".join(SENTENCE.format(tag=tag, n=n) for n in range(60))
    return text[:N]


@cache
def shipped() -> dict[str, Template]:
    out = {p.name: load_template(p) for p in sorted(FORMS.glob("*.yaml"))}
    for path in sorted((FORMS / "schemes").glob("*.yaml")):
        for ins in generate_instruments(load_scheme(path)):
            out[f"{path.stem}/{ins.code}"] = load_template_text(ins.text, ins.code)
    return out


def stretched(value: Any, tag: str) -> Any:
    """``value`` with every Text (and KUK benchmark) replaced by a 2,000-character text."""
    if isinstance(value, Text):
        return Text(long_text(tag), long_text(tag))
    if isinstance(value, tuple):
        return tuple(stretched(v, tag) for v in value)
    if isinstance(value, dict):
        return {k: stretched(v, tag) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if f.name == "benchmark" and v:
                changes[f.name] = long_text(tag)
            elif isinstance(v, (Text, tuple, dict)) or (
                    dataclasses.is_dataclass(v) and not isinstance(v, type)):
                changes[f.name] = stretched(v, tag)
        return dataclasses.replace(value, **changes)
    return value


def answers(t: Template) -> Answers:
    values: dict[tuple[str, str], str] = {}
    notes: dict[tuple[str, str], str] = {}
    for it in t.walk_items():
        if it.type is ItemType.TEXT:
            values[(it.name, "")] = long_text("JAWABAN")
        elif it.type is ItemType.SELECT_ONE:
            rs = t.options_for(it)
            if rs is not None and rs.options:
                values[(it.name, "")] = rs.options[0].value
            notes[(it.name, "")] = long_text("CATATAN")
    return Answers(values=values, notes=notes)


def head(tag: str) -> str:
    return squash(long_text(tag)[:60])


@pytest.mark.parametrize("name", sorted(shipped()))
def test_every_shipped_template_renders_with_2000_character_texts(
        name: str, tmp_path: Path) -> None:
    t = stretched(shipped()[name], "TEMPLAT")
    name_long = "Nama " + long_text("NAMA")
    sigs = tuple(SignatureInfo(s.role, name_long, "MET.000.004633 2020", signed=False)
                 for s in t.signers)
    for part in parts_of(t) or (None,):
        blank = ReportData(template=t, payload=blank_payload(
            t.code, t.version, "0" * 64, paper="a4", lang="id", part=part), part=part)
        text = squash(pdf_text(render(blank).pdf))
        assert head("TEMPLAT") in text, (name, part, "blank")

        state = FormState(t, answers(t), today=dt.date(2026, 11, 20))
        record = RecordInfo("a" * 32, 1, "locked", name_long, name_long, "MET", name_long)
        batch = (BatchEntry(name_long, "K", long_text("CATATAN")),) \
            if layout_of(blank) == "batch" else None
        filled = ReportData(template=t, payload=record_payload(
            "a" * 32, 1, "b" * 64, paper="a4", lang="id", draft=False,
            paper_code="TEST-CODE-0001", part=part), state=state, score=score(state),
            record=record, signatures=sigs, batch=batch, part=part)
        out = render(filled)
        assert out.pdf.startswith(b"%PDF-") and out.pages >= 1
        path = tmp_path / "laporan.pdf"
        path.write_bytes(out.pdf)
        check = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True,
                               timeout=60, check=False)
        assert check.returncode == 0, check.stdout[-400:] + check.stderr[-400:]
        text = squash(pdf_text(out.pdf))
        assert head("TEMPLAT") in text, (name, part)
        if any(it.type in (ItemType.TEXT, ItemType.SELECT_ONE) for it in t.walk_items()) \
                and part != "soal":
            assert head("JAWABAN") in text or head("CATATAN") in text, (name, part)


def test_templates_validate_warns_about_texts_reports_must_split(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    src = (FORMS / "jkp-lpk-01.yaml").read_text(encoding="utf-8")
    label = "    label: { id: Nama LPK, en: Name of the LPK }\n"
    assert label in src
    option = "{ id: LPK Swasta, en: Private LPK }"
    text = long_text("LABEL")
    path = tmp_path / "panjang.yaml"
    path.write_text(src.replace(label, f"    label: {{ id: '{text}', en: Name }}\n")
                    .replace(option, f"{{ id: '{long_text('OPSI')[:300]}' }}"),
                    encoding="utf-8")
    line = 1 + src[:src.index(label)].count("\n")
    res = run_cli("templates", "validate", str(path), data=tmp_path / "d")
    assert res.returncode == 0, res.stderr  # a warning, not an error
    assert res.stdout.startswith("OK  ")
    warnings = res.stderr.strip().splitlines()
    assert len(warnings) == 2, res.stderr
    assert re.match(rf"{re.escape(str(path))}:{line}: peringatan: teks nama_lpk sepanjang "
                    r"2000 karakter \(lebih dari 1200\) tidak muat dalam satu sel tabel",
                    warnings[0]), warnings[0]
    option_line = 1 + src[:src.index(option)].count("\n")
    assert warnings[1].startswith(f"{path}:{option_line}: peringatan: teks "
                                  "status_lpk.swasta sepanjang 300 karakter"), warnings[1]
    en = run_cli("templates", "validate", str(path), data=tmp_path / "d", lang="en")
    assert en.returncode == 0
    assert f"{path}:{line}: warning: " in en.stderr and "2000 characters" in en.stderr
    # the shipped forms need no splitting
    shipped_res = run_cli("templates", "validate", str(FORMS), data=tmp_path / "d")
    assert shipped_res.returncode == 0 and "peringatan" not in shipped_res.stderr


def test_a_signed_record_of_a_scheme_with_a_whole_sop_as_kuk_prints_and_verifies(
        demo: Any, reports: Any) -> None:
    """The reported defect: a KUK and its benchmark holding a whole SOP paragraph; the
    locked, signed FR.IA.01 prints (with the text) and verifies VALID."""
    from tests.helpers import fill, install_scheme, sign_all

    scheme = load_scheme(FORMS / "schemes" / "pemrograman-ui.yaml")
    unit = scheme.units[0]
    el = unit.elements[0]
    kuk = dataclasses.replace(el.kuk[0], text=long_text("KUK"), benchmark=long_text("ACUAN"))
    el = dataclasses.replace(el, kuk=(kuk, *el.kuk[1:]))
    unit = dataclasses.replace(unit, elements=(el, *unit.elements[1:]))
    scheme = dataclasses.replace(scheme, slug="sop", version="2026.1",
                                 units=(unit, *scheme.units[1:]))
    install_scheme(demo, scheme=scheme)
    codes = {ins.form: ins.code for ins in generate_instruments(scheme)}
    code = codes["FR.IA.01"]
    person = demo.registry.add_assessee("Asesi SOP", nik="3374015203990077", gender="P")
    consent = str(demo.assessments.create(codes["FR.AK.01"], assessee_id=person.id).id)
    fill(demo.assessments, consent)
    sign_all(demo.assessments, consent)  # AK.01 consent comes before any IA
    rid = str(demo.assessments.create(code, assessee_id=person.id).id)
    fill(demo.assessments, rid)
    sign_all(demo.assessments, rid)
    pdf = reports.render_assessment(rid)
    text = squash(pdf_text(pdf))
    assert head("KUK") in text and head("ACUAN") in text
    assert squash(long_text("KUK")[-60:]) in text  # whole, not cut
    res = reports.verify_bytes(pdf)
    assert res.valid and res.reason_code == "valid", res
    blank = reports.render_blank(code)
    assert head("KUK") in squash(pdf_text(blank))
