"""A whole BNSP certification event scripted from the CLI, as an LSP's admin or an assessor
would run it: the scheme imported, the visit and the asesi registered, then for Dewi
APL.01 -> APL.02 -> AK.01 -> IA.01 with KUK 2.4 not achieved -> IA.07 closes it -> AK.02 K
-> AK.03, for Yoga the same to AK.02 BK, and the FR.AK.05 of the batch from the signed
AK.02 decisions. Every report renders; the AK.05 totals match; the day can then close."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assessor_app.core.competency import load_scheme
from assessor_app.core.engine import Answers, FormState
from assessor_app.core.muk import generate_instruments
from assessor_app.core.template import ItemType, Template
from assessor_app.core.template_loader import load_template_text
from assessor_app.services.demo import signature_png
from tests.cli.conftest import Cli
from tests.reports.support import read_pdf

SCHEME_FILE = Path(__file__).resolve().parents[2] / "forms" / "schemes" / "pemrograman-ui.yaml"
NUMBER = "SKM/LSP-P2-BLKTM/003/2024"
VISIT = "045/LSP-P2-BLKTM/ST/XI/2026"
DAY = "2026-11-20"


def templates(scheme_file: Path = SCHEME_FILE) -> dict[str, Template]:
    """The instruments the import installs, read the way a script writer reads the forms."""
    return {i.form: load_template_text(i.text, i.code)
            for i in generate_instruments(load_scheme(scheme_file))}


def answers_for(template: Template, given: dict[str, str]) -> dict[str, str]:
    """``given``, then the first option / a text / the day / 08:00 for every other required
    item the form still asks (repeat rows are the app's: not touched)."""
    values = dict(given)
    for _ in range(4):  # an answer can make more items relevant
        state = FormState(template, Answers({(k, ""): v for k, v in values.items()}))
        missing = [i for i in state.issues()
                   if i.kind == "missing" and not i.row and template.item(i.item).holds_value]
        if not missing:
            break
        for issue in missing:
            item = template.item(issue.item)
            options = template.options_for(item)
            values[item.name] = {ItemType.DATE: DAY, ItemType.TIME: "08:00"}.get(
                item.type, options.options[0].value if options is not None else "Sesuai")
    return values


class Scripted:
    """The CLI as an event's script drives it: every call must succeed; ``instrument``
    starts a form for the visit, answers it (``answers_for``), finalises it and signs every
    required role."""

    def __init__(self, cli: Cli, forms: dict[str, Template], png: Path, visit: str) -> None:
        self.cli, self.forms, self.png, self.visit = cli, forms, png, visit

    def ok(self, *args: str) -> Any:
        run = self.cli(*args)
        assert run.code == 0, (args, run.err)
        return run

    def instrument(self, form: str, asesi: str | None, **given: str) -> str:
        rid = self.ok("event", "start", self.visit, form,
                      *(["--asesi", asesi] if asesi else []), "--json").json()["id"]
        values = answers_for(self.forms[form], given)
        self.ok("assessments", "answer", rid, *(f"{k}={v}" for k, v in values.items()))
        self.ok("assessments", "finalise", rid)
        for signer in (s for s in self.forms[form].signers if s.required):
            self.ok("assessments", "sign", rid, "--role", signer.role, "--name",
                    asesi if signer.role == "asesi" and asesi else "Budi Santoso",
                    "--image", str(self.png), "--place", "Semarang",
                    *(["--reg", "MET.000.004633 2020"] if signer.registration else []))
        return str(rid)

    def up_to_ia01(self, asesi: str, observed: dict[str, str]) -> dict[tuple[str, str], str]:
        """APL.01 (accepted), APL.02, AK.01 and the FR.IA.01 ``observed`` (item -> ya/tidak)
        of ``asesi``; the IA.01 only recommends (OL), it never says BK."""
        ids = {(asesi, "FR.APL.01"): self.instrument("FR.APL.01", asesi,
                                                     rekomendasi="diterima"),
               (asesi, "FR.APL.02"): self.instrument("FR.APL.02", asesi, rekomendasi="dapat"),
               (asesi, "FR.AK.01"): self.instrument("FR.AK.01", asesi),
               (asesi, "FR.IA.01"): self.instrument("FR.IA.01", asesi, **observed)}
        shown = self.ok("assessments", "show", ids[asesi, "FR.IA.01"], "--json").json()
        assert shown["verdict"] == "OL"
        return ids


def test_a_certification_event_from_the_cli(cli: Cli, tmp_path: Path) -> None:
    forms = templates()
    png = tmp_path / "ttd.png"
    png.write_bytes(signature_png("ttd"))

    script = Scripted(cli, forms, png, VISIT)
    ok, instrument = script.ok, script.instrument
    ok("schemes", "import", str(SCHEME_FILE))
    ok("institutions", "add", "UPTD BLK Tirtamulya", "--kind", "BLK_UPTD", "--city", "Semarang")
    ok("visits", "add", "--letter-no", VISIT, "--institution", "Tirtamulya", "--date", DAY,
       "--tuk", "sewaktu", "--scheme", NUMBER)
    ok("assessees", "add", "Dewi Lestari", "--nik", "3374015203990002", "--sex", "P")
    ok("assessees", "add", "Yoga Pratama", "--nik", "3374011105980003", "--sex", "L")

    # An observation before the asesi's consent is refused, nothing is created.
    refused = cli("event", "start", VISIT, "FR.IA.01", "--asesi", "Dewi Lestari")
    assert refused.code == 2 and "FR.AK.01" in refused.err

    ids: dict[tuple[str, str], str] = {}
    ia01 = forms["FR.IA.01"]
    kuk = {it.kuk: it.name for it in ia01.walk_items() if it.kuk}
    for asesi, missed in (("Dewi Lestari", "2.4"), ("Yoga Pratama", "1.2")):
        ids |= script.up_to_ia01(asesi, {
            name: "tidak" if no == missed else "ya" for no, name in kuk.items()})

    status = cli("event", "status", VISIT, "--json")
    assert status.code == 3  # something is missing: the day cannot close yet
    people = {p["name"]: p for p in status.json()["asesi"]}
    assert people["Dewi Lestari"]["units"][0]["open"] == ["2.4"]
    assert people["Dewi Lestari"]["units"][0]["proposal"] == "BK"
    assert "FR.IA.07" in people["Dewi Lestari"]["units"][0]["ask"]  # its oral question
    assert "KUK belum tercapai: 2.4 — tanyakan pada FR.IA.07" in cli("event", "status", VISIT).out

    # FR.IA.07: the oral question on KUK 2.4, answered and achieved, closes it for Dewi.
    ia07 = forms["FR.IA.07"]
    question = next(it for it in ia07.walk_items() if it.kuk and "2.4" in it.kuk.split())
    answer = question.name.replace("_capai", "_jawaban")
    ids["Dewi Lestari", "FR.IA.07"] = instrument(
        "FR.IA.07", "Dewi Lestari", **{question.name: "ya",
                                       answer: "Agar tampilan konsisten dan mudah dipelihara"})
    people = {p["name"]: p for p in cli("event", "status", VISIT, "--json").json()["asesi"]}
    dewi_unit = people["Dewi Lestari"]["units"][0]
    assert (dewi_unit["proposal"], dewi_unit["open"]) == ("K", [])
    assert set(dewi_unit["evidence"]) == {"observasi", "lisan"}
    assert people["Yoga Pratama"]["units"][0]["proposal"] == "BK"

    # FR.AK.02: the assessor decides; FR.AK.03 after the decision.
    for asesi, decision in (("Dewi Lestari", "k"), ("Yoga Pratama", "bk")):
        ids[asesi, "FR.AK.02"] = instrument("FR.AK.02", asesi, u1_keputusan=decision)
        assert ok("assessments", "show", ids[asesi, "FR.AK.02"], "--json").json()[
            "verdict"] == decision.upper()
        ids[asesi, "FR.AK.03"] = instrument("FR.AK.03", asesi)

    # FR.AK.05 for the batch, filled from the signed AK.02 decisions.
    incomplete = cli("event", "status", VISIT)
    assert incomplete.code == 3 and "FR.AK.05" in incomplete.out
    batch = instrument("FR.AK.05", None)
    done = cli("event", "status", VISIT)
    assert done.code == 0 and "hari asesmen dapat ditutup" in done.out

    # Every report renders; the batch's totals match the decisions.
    for (asesi, form), rid in sorted(ids.items()):
        out = tmp_path / f"{form}-{asesi.split()[0]}.pdf"
        ok("report", rid, "-o", str(out))
        flat = re.sub(r"\s+", " ", read_pdf(out.read_bytes()).text)
        assert "%" not in flat and "LULUS " not in flat.upper(), (form, asesi)
    out = tmp_path / "ak05.pdf"
    ok("report", batch, "-o", str(out))
    flat = re.sub(r"\s+", " ", read_pdf(out.read_bytes()).text)
    assert "Jumlah asesi: 2 · Kompeten (K): 1 · Belum Kompeten (BK): 1" in flat
    assert "J.620100.005.02" in flat.split("Yoga Pratama", 1)[1]  # his BK unit


ACCOUNTING = SCHEME_FILE.parent / "akuntansi-kkni-ii.yaml"


def test_a_seven_unit_kkni_ii_event_from_the_cli(cli: Cli, tmp_path: Path) -> None:
    """The shipped KKNI level II scheme of seven units through the same event: Rina misses
    KUK 2.2 of the third unit on FR.IA.01 and FR.IA.07 closes it (K on every unit); Agus
    misses KUK 2.3 of the fifth unit and is BK on that unit only. The open KUK, the
    proposals and the batch report are per unit."""
    forms = templates(ACCOUNTING)
    png = tmp_path / "ttd.png"
    png.write_bytes(signature_png("ttd"))
    visit = "051/LSP-P2-BLKTM/ST/XI/2026"

    script = Scripted(cli, forms, png, visit)
    ok, instrument = script.ok, script.instrument
    ok("schemes", "import", str(ACCOUNTING))
    ok("institutions", "add", "UPTD BLK Tirtamulya", "--kind", "BLK_UPTD", "--city", "Semarang")
    ok("visits", "add", "--letter-no", visit, "--institution", "Tirtamulya", "--date", DAY,
       "--tuk", "sewaktu", "--scheme", "SKM/LSP-P2-BLKTM/031/2026")
    ok("assessees", "add", "Rina Marlina", "--nik", "3374016407000004", "--sex", "P")
    ok("assessees", "add", "Agus Setiawan", "--nik", "3374010309990005", "--sex", "L")

    # (unit code, KUK number) -> the FR.IA.01 item that observes it
    kuk = {(section.unit.code, it.kuk): it.name
           for section, groups in forms["FR.IA.01"].units() if section.unit is not None
           for _element, items in groups for it in items if it.kuk}
    assert len(kuk) == 88
    ids: dict[tuple[str, str], str] = {}
    missed = {"Rina Marlina": ("M.692000.007.02", "2.2"),
              "Agus Setiawan": ("M.692000.013.02", "2.3")}
    for asesi, miss in missed.items():
        ids |= script.up_to_ia01(asesi, {
            name: "tidak" if key == miss else "ya" for key, name in kuk.items()})

    def units(asesi: str) -> dict[str, dict[str, Any]]:
        people = {p["name"]: p for p in cli("event", "status", visit, "--json").json()["asesi"]}
        return {u["code"]: u for u in people[asesi]["units"]}

    rina = units("Rina Marlina")
    assert len(rina) == 7
    assert (rina["M.692000.007.02"]["proposal"], rina["M.692000.007.02"]["open"]) == \
        ("BK", ["2.2"])
    assert "FR.IA.07" in rina["M.692000.007.02"]["ask"]
    assert all(u["proposal"] == "K" and not u["open"]
               for code, u in rina.items() if code != "M.692000.007.02")

    # FR.IA.07: the third unit's oral question on KUK 2.2, answered and achieved
    question = next(it for section, groups in forms["FR.IA.07"].units()
                    if section.unit is not None and section.unit.code == "M.692000.007.02"
                    for _element, items in groups for it in items
                    if it.kuk and "2.2" in it.kuk.split())
    ids["Rina Marlina", "FR.IA.07"] = instrument(
        "FR.IA.07", "Rina Marlina",
        **{question.name: "ya",
           question.name.replace("_capai", "_jawaban"): "Debit Piutang Usaha, kredit Penjualan"})
    rina = units("Rina Marlina")
    assert all(u["proposal"] == "K" and not u["open"] for u in rina.values())
    agus = units("Agus Setiawan")
    assert {code for code, u in agus.items() if u["proposal"] == "BK"} == {"M.692000.013.02"}

    decisions = {"Rina Marlina": {},
                 "Agus Setiawan": {"u5_keputusan": "bk"}}  # the fifth unit: .013.02
    for asesi, given in decisions.items():
        chosen = {f"u{n}_keputusan": "k" for n in range(1, 8)} | given
        ids[asesi, "FR.AK.02"] = instrument("FR.AK.02", asesi, **chosen)
        verdict = ok("assessments", "show", ids[asesi, "FR.AK.02"], "--json").json()["verdict"]
        assert verdict == ("BK" if given else "K")
        ids[asesi, "FR.AK.03"] = instrument("FR.AK.03", asesi)
    batch = instrument("FR.AK.05", None)
    assert cli("event", "status", visit).code == 0

    for (asesi, form), rid in sorted(ids.items()):
        out = tmp_path / f"{form}-{asesi.split()[0]}.pdf"
        ok("report", rid, "-o", str(out))
        flat = re.sub(r"\s+", " ", read_pdf(out.read_bytes()).text)
        assert "%" not in flat and "LULUS " not in flat.upper(), (form, asesi)
        if form == "FR.AK.02":  # the unit x evidence matrix names all seven units
            assert all(code in flat for code in rina), asesi
    out = tmp_path / "ak05.pdf"
    ok("report", batch, "-o", str(out))
    flat = re.sub(r"\s+", " ", read_pdf(out.read_bytes()).text)
    assert "Jumlah asesi: 2 · Kompeten (K): 1 · Belum Kompeten (BK): 1" in flat
    assert "M.692000.013.02" in flat.split("Agus Setiawan", 1)[1]  # his BK unit
