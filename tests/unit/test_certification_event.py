"""The BNSP certification event through the services: instruments generated from a scheme,
AK.01 before any IA, IA.01 recommends OL (never BK), IA.07 closes the open KUK, AK.02
proposes and the assessor decides, AK.05 is filled from the signed AK.02 decisions."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.competency import load_scheme
from assessor_app.core.errors import StateError
from assessor_app.core.muk import generate_instruments
from assessor_app.core.muk_forms import FORMS
from assessor_app.core.scoring import BK, OL, K
from assessor_app.core.template_loader import load_template_text
from tests.helpers import SCHEMES, add_lpk, fill, install_scheme, sign_all
from tests.reports.support import read_pdf


def test_every_instrument_of_the_shipped_schemes_is_a_valid_template() -> None:
    for path in sorted(SCHEMES.glob("*.yaml")):
        instruments = generate_instruments(load_scheme(path))
        assert [i.form for i in instruments] == list(FORMS)
        for ins in instruments:
            t = load_template_text(ins.text, ins.code)
            assert t.form == ins.form and t.scheme is not None
            if ins.form.startswith("FR.IA.0") and ins.form != "FR.IA.02":
                assert t.verdict.value == "recommendation"
            elif ins.form == "FR.AK.02":
                assert t.verdict.value == "decision"
            else:
                assert t.verdict.value == "none"


def test_the_event_from_application_to_batch_report(services: Any, tmp_path: Path) -> None:
    install_scheme(services)
    svc = services.assessments
    event = services.certification
    reg = services.registry
    lpk = add_lpk(services)
    visit = reg.add_visit(institution_id=lpk.id, letter_no="ST-12/LSP/XI/2026",
                          place="BLK Tirtamulya", tuk_type="sewaktu", start_date="2026-11-20")
    dewi = reg.add_assessee("Dewi Lestari", nik="3374015203990002", gender="P")
    yoga = reg.add_assessee("Yoga Pratama", nik="3374011105980003", gender="L")

    # IA, or the decision, feedback or appeal records, before AK.01: refused, nothing
    # created (FR.AK.02 opened at once, ready for a K/BK, on an asesi with no consent)
    for form in ("FR.IA.01", "FR.AK.02", "FR.AK.03", "FR.AK.04"):
        with pytest.raises(StateError) as gate:
            event.start(visit.id, form, dewi.id, scheme_ref="uji")
        assert gate.value.code == "event.consent_first" and gate.value.params["form"] == form
    assert svc.count() == 0 or all(r.assessee_id != dewi.id for r in svc.list())

    apl01 = event.start(visit.id, "FR.APL.01", dewi.id, scheme_ref="uji").id
    state = svc.state(apl01)  # personal data from the registry, the day from the visit
    assert (state.value("nik"), state.value("jenis_kelamin")) == ("3374015203990002", "p")
    svc.answer(apl01, "rekomendasi", "diterima")
    fill(svc, apl01)
    sign_all(svc, apl01)
    for person in (dewi, yoga):
        for form in ("FR.APL.01", "FR.APL.02", "FR.AK.01"):
            if (person, form) == (dewi, "FR.APL.01"):
                continue
            rid = event.start(visit.id, form, person.id, scheme_ref="uji").id
            fill(svc, rid, **({"rekomendasi": "diterima"} if form == "FR.APL.01" else {}))
            sign_all(svc, rid)

    # IA.01: Dewi misses KUK 2.4, Yoga misses 1.2; the instrument recommends OL, not BK.
    ia01 = {}
    for person, miss in ((dewi, "u1_e2_k4"), (yoga, "u1_e1_k2")):
        rid = event.start(visit.id, "FR.IA.01", person.id, scheme_ref="uji").id
        template = svc.template_of(svc.resolve(rid))
        answers = {it.name: ("tidak" if it.name == miss else "ya")
                   for it in template.walk_items() if it.kuk}
        fill(svc, rid, **answers)
        detail = sign_all(svc, rid)
        assert detail.score.competency == OL and detail.row.verdict == OL
        assert detail.score.percent is None
        ia01[person.id] = detail

    status = event.status(visit.id, "uji")
    by_name = {p.name: p for p in status.asesi}
    assert by_name["Dewi Lestari"].units[0].open == ("2.4",)
    assert by_name["Dewi Lestari"].units[0].proposal == BK
    assert by_name["Dewi Lestari"].units[0].ask[0] == "FR.IA.07"  # oral question on 2.4
    assert not status.can_close

    # IA.07 for Dewi: the oral question on KUK 2.4 answered Ya closes it.
    rid = event.start(visit.id, "FR.IA.07", dewi.id, scheme_ref="uji").id
    t07 = svc.template_of(svc.resolve(rid))
    q = next(it for it in t07.walk_items() if it.kuk and "2.4" in it.kuk.split())
    fill(svc, rid, **{q.name: "ya"})
    assert sign_all(svc, rid).score.competency == K

    status = event.status(visit.id, "uji")
    dewi_units = next(p for p in status.asesi if p.name == "Dewi Lestari").units
    assert dewi_units[0].proposal == K and dewi_units[0].open == ()
    assert set(dewi_units[0].evidence) == {"observasi", "lisan"}

    # AK.02: evidence ticked from the instruments used; the assessor decides.
    for person, decision in ((dewi, "k"), (yoga, "bk")):
        rid = event.start(visit.id, "FR.AK.02", person.id, scheme_ref="uji").id
        assert svc.state(rid).value("u1_bukti").split()
        assert svc.form(rid).items[("u1_bukti", "")].prefilled  # from the instruments
        fill(svc, rid, u1_keputusan=decision)
        detail = sign_all(svc, rid)
        assert detail.row.verdict == decision.upper()
        rid = event.start(visit.id, "FR.AK.03", person.id, scheme_ref="uji").id
        fill(svc, rid)
        sign_all(svc, rid)

    status = event.status(visit.id, "uji")
    assert {p.name: p.decision for p in status.asesi} == {"Dewi Lestari": K,
                                                          "Yoga Pratama": BK}
    assert [m.code for m in status.missing] == ["event.missing_batch"]

    # AK.05 from the AK.02 decisions; totals match.
    rid = event.start(visit.id, "FR.AK.05", scheme_ref="uji").id
    state = svc.state(rid)
    rows = state.answers.rows["asesi"]
    got = {state.value("nama_asesi", r): (state.value("rekomendasi", r),
                                          state.value("keterangan", r)) for r in rows}
    assert got["Dewi Lestari"] == ("k", "")
    assert got["Yoga Pratama"][0] == "bk" and "J.620100.005.02" in got["Yoga Pratama"][1]
    # taken over from the signed AK.02s: marked "Terisi otomatis" for the assessor to check
    marked = {(k, state.value("nama_asesi", r)) for (k, r), v in svc.form(rid).items.items()
              if v.prefilled and r}  # (the header is the visit's, marked too)
    assert marked == {("nama_asesi", "Dewi Lestari"), ("rekomendasi", "Dewi Lestari"),
                      ("nama_asesi", "Yoga Pratama"), ("rekomendasi", "Yoga Pratama"),
                      ("keterangan", "Yoga Pratama")}
    yoga = next(r for r in rows if state.value("nama_asesi", r) == "Yoga Pratama")
    changed = svc.answer(rid, "keterangan", "BK pada unit 2", row=yoga, form=True)
    assert changed.form is not None and not changed.form.items[("keterangan", yoga)].prefilled
    assert changed.form.items[("rekomendasi", yoga)].prefilled
    fill(svc, rid)
    sign_all(svc, rid)
    assert event.status(visit.id, "uji").can_close

    # The LSP's logo travels inside the generated templates: a report prints and verifies
    # on a device that has no logos/ folder (the office checking a laptop's printout).
    ia01_dewi = ia01[dewi.id]
    assert (ia01_dewi.template.scheme.lsp.logo or "").startswith("data:image/png;base64,")
    saved = services.reports.save_assessment(ia01_dewi.row.id, tmp_path / "ia01.pdf")
    shutil.rmtree(services.paths.data_dir / "logos", ignore_errors=True)
    assert services.reports.verify(saved).valid
    printed = read_pdf(saved.read_bytes())
    assert printed.images[0] >= 1  # the logo on page 1
    assert all("Nomor Lisensi: BNSP-LSP-1234-ID" in printed.page_flat(n)
               for n in range(len(printed.pages)))  # the letterhead on every page
    assert "Lisensi Nomor" not in printed.flat and "Lisensi: Nomor" not in printed.flat

    # The batch report counts the signed AK.02 decisions: 2 asesi, 1 K, 1 BK.
    text = re.sub(r"\s+", " ", read_pdf(services.reports.render_assessment(rid)).text)
    assert "Jumlah asesi: 2 · Kompeten (K): 1 · Belum Kompeten (BK): 1" in text
    assert "FR.AK.02: K" in text and "FR.IA.01" not in text
    assert "%" not in text and "LULUS" not in text.upper()


def test_an_unsigned_ak02_is_not_counted_in_the_batch(services: Any) -> None:
    install_scheme(services)
    svc, event, reg = services.assessments, services.certification, services.registry
    visit = reg.add_visit(institution_id=add_lpk(services).id, letter_no="ST-13/LSP/XI/2026",
                          place="BLK Tirtamulya", tuk_type="sewaktu", start_date="2026-11-21")
    rina = reg.add_assessee("Rina Marlina", nik="3374014406000004", gender="P")
    rid = event.start(visit.id, "FR.AK.01", rina.id, scheme_ref="uji").id
    fill(svc, rid)
    sign_all(svc, rid)
    rid = event.start(visit.id, "FR.IA.01", rina.id, scheme_ref="uji").id
    fill(svc, rid, **{it.name: "ya" for it in svc.template_of(svc.resolve(rid)).walk_items()
                      if it.kuk})
    sign_all(svc, rid)
    ak02 = event.start(visit.id, "FR.AK.02", rina.id, scheme_ref="uji").id
    fill(svc, ak02, u1_keputusan="k")
    svc.finalise(ak02)  # final, not signed: not a decision yet
    status = event.status(visit.id, "uji")
    assert status.asesi[0].decision is None
    assert "event.unsigned" in {m.code for m in status.missing}
    batch = event.start(visit.id, "FR.AK.05", scheme_ref="uji").id
    assert svc.state(batch).answers.rows.get("asesi", []) == []
    text = re.sub(r"\s+", " ", read_pdf(services.reports.render_assessment(batch)).text)
    assert "Kompeten (K): 0" in text and "tidak dihitung" in text


def test_mapa02_follows_the_potensi_of_the_visits_mapa01(services: Any) -> None:
    """Issue 11 gap: FR.MAPA.02 ticked potensi 1-5 for every planned instrument whatever
    FR.MAPA.01 said; it now takes MAPA.01's potensi asesi (and keeps its defaults when the
    visit has no MAPA.01)."""
    install_scheme(services)
    svc, event, reg = services.assessments, services.certification, services.registry
    visit = reg.add_visit(institution_id=add_lpk(services).id, letter_no="ST-14/LSP/XI/2026",
                          place="BLK Tirtamulya", tuk_type="sewaktu", start_date="2026-11-22")
    other = reg.add_visit(institution_id=add_lpk(services, "LPK Lain").id,
                          letter_no="ST-15/LSP/XI/2026", place="Semarang",
                          start_date="2026-11-23")
    plain = event.start(other.id, "FR.MAPA.02", scheme_ref="uji").id
    defaults = {k: v for (k, _r), v in svc.answers(plain).values.items()
                if v == "p1 p2 p3 p4 p5"}
    assert defaults  # no MAPA.01 in that visit: the template's planned marks
    mapa01 = event.start(visit.id, "FR.MAPA.01", scheme_ref="uji").id
    svc.answer(mapa01, "potensi_asesi", "p2 p4")
    mapa02 = event.start(visit.id, "FR.MAPA.02", scheme_ref="uji").id
    values = svc.answers(mapa02).values
    assert {k: values[(k, "")] for k in defaults} == {k: "p2 p4" for k in defaults}
    assert "p1 p2 p3 p4 p5" not in values.values()
