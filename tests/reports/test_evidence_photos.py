"""Evidence photos in the report (issue 12): caption, and when and where each was taken."""

from __future__ import annotations

from typing import Any

from tests.helpers import SEMARANG, add_lpk, exif_jpeg
from tests.reports.support import read_pdf


def test_each_photo_prints_its_caption_time_and_place(demo: Any, reports: Any) -> None:
    svc = demo.assessments
    rid = svc.create("JKP.LPK.01", institution_id=add_lpk(demo).id).id
    svc.attach_evidence(rid, "foto_sarpras", exif_jpeg(gps=SEMARANG), filename="dsc.jpg",
                        caption="Bengkel las utama")
    svc.attach_evidence(rid, "foto_sarpras", exif_jpeg(None), filename="polos.jpg",
                        caption="Ruang teori")
    flat = read_pdf(reports.render_assessment(rid)).flat
    shown = flat[flat.index("Lampiran foto bukti"):]
    first = shown.index("Bengkel las utama")
    assert shown.index("Diambil 4 Des 2026 10.15 WIB; -6.9932, 110.4203") > first
    # a photo with no EXIF prints its caption and nothing made up
    assert "Ruang teori" in shown and shown.count("Diambil") == 1
    en = read_pdf(reports.render_assessment(rid, lang="en")).flat
    assert "Taken 4 Dec 2026 10.15 WIB; -6.9932, 110.4203" in en


def test_a_kuk_photo_names_its_kuk(demo: Any, reports: Any) -> None:
    svc = demo.assessments
    person = demo.registry.add_assessee("Dewi Lestari Anggraini")
    # the legacy FR.IA.01 (no consent needed first; the generated one is an event's form)
    code = next(r.code for r in demo.templates.latest() if r.code.startswith("FR.IA.01.J62"))
    rid = svc.create(f"{code}@2024.1", assessee_id=person.id).id
    kuk = next(it for it in svc.template_of(svc.resolve(rid)).walk_items() if it.kuk)
    svc.attach_evidence(rid, kuk.name, exif_jpeg(), filename="a.jpg", caption="Hasil kerja")
    flat = read_pdf(reports.render_assessment(rid)).flat
    shown = flat[flat.index("Lampiran foto bukti"):]
    assert f"F1 · KUK {kuk.kuk} " in shown and "Hasil kerja" in shown
