"""Reports of an item with a choice_filter print the options the record's answers offer
(and the one chosen), never the whole list; a blank form leaves a line to write on."""

from __future__ import annotations

from typing import Any

from assessor_app.core.template_loader import load_template_text
from tests.reports.support import read_pdf
from tests.unit.test_choice_filter_service import SRC


def test_only_the_offered_options_are_printed(demo: Any, reports: Any) -> None:
    demo.templates.install(load_template_text(SRC, "saring.yaml"))
    inst = demo.registry.add_institution("LPK Bertingkat Laporan")
    rid = demo.assessments.create("UJI.SARING.LAYANAN", institution_id=inst.id).id
    demo.assessments.answer(rid, "provinsi", "jatim")
    demo.assessments.answer(rid, "kabupaten", "surabaya")
    text = read_pdf(reports.render_assessment(rid)).flat
    assert "Kota Surabaya" in text
    assert "Kab. Bandung" not in text and "Kab. Bogor" not in text
    assert "Jawa Barat" in text  # the province list has no filter: all of it

    blank = read_pdf(reports.render_blank("UJI.SARING.LAYANAN")).flat
    assert "Kabupaten" in blank and "Kota Surabaya" not in blank and "Kab. Bogor" not in blank
