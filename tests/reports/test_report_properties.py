"""Issue 15, "Done means": random Unicode names, long texts and odd image sizes thrown at
every report kind (an institutional record, a MUK 2023 record, the FR.AK.05 batch report
and a blank form). Every report renders, every PDF passes ``qpdf --check``, and the
extracted text contains the name.

The names are drawn from what the app accepts at entry (``core.textcheck``, ``core.glyphs``:
no emoji, no script without a shipped font). Right-to-left names are left to
``test_scripts.py``: their extracted text is in visual order, not the typed one.
``ASSESSOR_HYPOTHESIS_PROFILE=reports-nightly`` runs 200 examples instead of 6."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from assessor_app.core.errors import InvalidValueError
from assessor_app.core.textcheck import text_problem
from assessor_app.paths import AppPaths
from assessor_app.services.media import has_ink
from assessor_app.services.runtime import open_services
from tests.helpers import add_lpk, install_scheme, printable_only
from tests.reports.support import read_pdf

settings.register_profile("reports", max_examples=6, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
settings.register_profile("reports-nightly", max_examples=200, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow,
                                                 HealthCheck.data_too_large])
PROFILE = settings.get_profile(
    "reports-nightly" if os.environ.get("ASSESSOR_HYPOTHESIS_PROFILE") == "reports-nightly"
    else "reports")

QPDF = shutil.which("qpdf")
pytestmark = pytest.mark.skipif(QPDF is None, reason="qpdf is not installed (apt qpdf)")
_nik = itertools.count(3374010000000001)


def _ltr(text: str) -> bool:
    return not any(unicodedata.bidirectional(c) in ("R", "AL", "RLE", "RLO", "RLI")
                   for c in text)


def _accepted(text: str) -> str:
    return " ".join(printable_only(text).split())


names = st.text(alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Mn", "Zs"),
                                       whitelist_characters=".,'-"),
                min_size=1, max_size=40).map(_accepted).filter(
    lambda t: len(t) >= 2 and _ltr(t) and text_problem(t) is None and
    re.search(r"\w", t) is not None)
long_texts = st.text(min_size=0, max_size=2500).map(printable_only).filter(
    lambda t: text_problem(t) is None)
sizes = st.tuples(st.integers(1, 2400), st.integers(1, 2400))


def _photo(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGB", size, (90, 140, 200))
    ImageDraw.Draw(img).line([(0, 0), (size[0] - 1, size[1] - 1)], fill=(0, 0, 0), width=1)
    img.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _signature(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    img = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(img).line([(0, size[1] // 2), (size[0] - 1, size[1] // 2)],
                             fill=(20, 30, 90, 255), width=max(1, min(size) // 20))
    img.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def world() -> Any:
    folder = Path(tempfile.mkdtemp(prefix="report-props-"))
    services = open_services(AppPaths(folder))
    install_scheme(services)
    visit = services.registry.add_visit(
        institution_id=add_lpk(services).id, letter_no="ST-99/LSP/XII/2026",
        place="BLK Tirtamulya", start_date="2026-12-04")
    services.certification.start(visit.id, "FR.AK.05", scheme_ref="uji")  # the batch record
    yield services, visit
    services.close()
    shutil.rmtree(folder, ignore_errors=True)


def _check(pdf: bytes, tmp: Path, *expected: str) -> None:
    path = tmp / "r.pdf"
    path.write_bytes(pdf)
    done = subprocess.run([str(QPDF), "--check", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    text = " ".join(read_pdf(pdf).text.split())
    for want in expected:
        assert " ".join(want.split()) in text, (want, text[:400])


@PROFILE
@given(name=names, note=long_texts, photo=sizes, ink=sizes)
def test_every_report_kind_takes_any_name_text_and_image(
        world: Any, name: str, note: str, photo: tuple[int, int],
        ink: tuple[int, int]) -> None:
    from assessor_app.services.demo import fill_required

    services, visit = world
    svc, reg, event = services.assessments, services.registry, services.certification
    tmp = Path(tempfile.mkdtemp(prefix="report-prop-"))
    try:
        # an institutional record of an LPK named so: a long note, an odd photo, signed
        inst = reg.add_institution(name, status="swasta")
        own = reg.add_visit(institution_id=inst.id, letter_no="ST-98/LSP/XII/2026",
                            place=name[:200], start_date="2026-12-04")  # its own visit
        jkp = svc.create("JKP.LPK.01", institution_id=inst.id, visit_id=own.id).id
        svc.attach_evidence(jkp, "foto_sarpras", _photo(photo), filename="foto.jpg")
        svc.set_note(jkp, "r1_1", note)
        row = svc.add_row(jkp, "instruktur")
        svc.answer(jkp, "instruktur_nama", name, row)
        svc.answer(jkp, "instruktur_pengalaman_tahun", "5", row)
        fill_required(svc, jkp)
        svc.finalise(jkp)
        drawn = _signature(ink)
        if has_ink(Image.open(io.BytesIO(drawn))):
            svc.sign(jkp, "asesor", name, drawn, registration_no="MET.000.004633 2020")
        else:  # a dot or a hairline is no signature: refused, the record stays unsigned
            with pytest.raises(InvalidValueError) as refused:
                svc.sign(jkp, "asesor", name, drawn, registration_no="MET.000.004633 2020")
            assert refused.value.code == "sign.no_ink"
        _check(services.reports.render_assessment(jkp), tmp, name)
        # a MUK 2023 record of an asesi named so
        person = reg.add_assessee(name, nik=str(next(_nik)))
        apl = event.start(visit.id, "FR.APL.01", person.id, scheme_ref="uji").id
        fill_required(svc, apl, {"rekomendasi": "diterima", "catatan": note[:2000]})
        _check(services.reports.render_assessment(apl), tmp, name)
        # the batch report of the visit and a blank form
        _check(services.reports.render_batch(visit.id), tmp)
        _check(services.reports.render_blank("JKP.LPK.01"), tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
