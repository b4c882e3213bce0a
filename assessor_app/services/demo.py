"""Realistic demo data: fictitious LPK/BLK, assessors and asesi, a visit, and assessments of
every shipped template in several states. Running it twice adds nothing (fixed ids)."""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PIL import Image, ImageDraw

from assessor_app.core.errors import AppError, NotFoundError
from assessor_app.core.template import ItemType, SubjectKind, Template
from assessor_app.paths import forms_dir
from assessor_app.services.assessments import AssessmentService
from assessor_app.services.models import Assessee, Institution
from assessor_app.services.runtime import Services
from assessor_app.services.templates import stable_id

DEMO_MARKER = "demo_seeded"


def _id(*parts: str) -> str:
    return stable_id("demo", *parts)


@dataclass
class DemoReport:
    created: list[str] = field(default_factory=list)
    skipped: int = 0


def signature_png(name: str, seed: int = 0) -> bytes:
    """A plausible hand-drawn signature stroke (for demo data and tests)."""
    rng = random.Random(f"{name}-{seed}")
    img = Image.new("RGBA", (480, 160), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    points = []
    x = 30.0
    for i in range(60):
        x += rng.uniform(4, 9)
        y = 80 + 35 * math.sin(i / 3.0 + rng.uniform(-0.4, 0.4)) * rng.uniform(0.5, 1.0)
        points.append((x, y))
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    draw.line([(40, 120), (x, 112)], fill=(20, 30, 90, 255), width=3)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def demo_photo(caption: str, seed: int = 0, size: tuple[int, int] = (1024, 768)) -> bytes:
    """A synthetic JPEG 'photo' (workshop-like colour blocks) for evidence."""
    rng = random.Random(f"{caption}-{seed}")
    img = Image.new("RGB", size, (rng.randint(150, 200), rng.randint(150, 200), 190))
    draw = ImageDraw.Draw(img)
    for _ in range(14):
        x0, y0 = rng.randint(0, size[0] - 100), rng.randint(0, size[1] - 100)
        draw.rectangle([x0, y0, x0 + rng.randint(60, 300), y0 + rng.randint(40, 200)],
                       fill=(rng.randint(40, 230), rng.randint(40, 230), rng.randint(40, 230)))
    draw.text((20, size[1] - 40), caption, fill=(0, 0, 0))
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85)
    return out.getvalue()


INSTITUTIONS = [
    dict(key="lpk_cipta", name="LPK Cipta Karya Mandiri", kind="LPK_SWASTA", vin="3273.0412.2019",
         status="swasta", licence_no="503/112/IZ-LPK/DPMPTSP/2021",
         address="Jl. Soekarno-Hatta No. 214", city="Bandung", province="Jawa Barat",
         head_name="Drs. Hendra Wiratmaja", head_title="Direktur", phone="022-7512345",
         sisnaker_status="TERVERIFIKASI"),
    dict(key="blk_tirta", name="UPTD BLK Tirtamulya", kind="BLK_UPTD", vin="3374.0103.2015",
         status="pemerintah", licence_no="560/41/TD-LPK/2020",
         address="Jl. Brigjen Sudiarto No. 118", city="Semarang", province="Jawa Tengah",
         head_name="Ir. Sri Wahyuningsih, M.T.", head_title="Kepala UPTD", phone="024-6723456",
         sisnaker_status="TERVERIFIKASI"),
    dict(key="lpk_nusa", name="LPK Nusa Digital Kreatif", kind="LPK_SWASTA",
         vin="6171.0822.2022", status="swasta", address="Jl. Gajah Mada No. 52",
         city="Pontianak", province="Kalimantan Barat", head_name="Yohanes Sitorus, S.Kom.",
         head_title="Pimpinan", sisnaker_status="TERDAFTAR"),
]

ASSESSEES = [
    ("rizky", "Rizky Aditya Pratama", "3374011503990001", "L", "Semarang", "1999-03-15"),
    ("siti", "Siti Nurhaliza Putri", "3374024708010002", "P", "Kendal", "2001-08-07"),
    ("bagus", "Bagus Santoso", "0374031211980003", "L", "Demak", "1998-11-12"),
    ("dewi", "Dewi Lestari Anggraini", "3374045602000004", "P", "Semarang", "2000-02-16"),
    ("made", "I Made Surya Wibawa", "5171012009970005", "L", "Denpasar", "1997-09-20"),
]


def seed_demo(services: Services) -> DemoReport:
    report = DemoReport()
    reg = services.registry
    svc = services.assessments
    if services.maintenance.get_meta(DEMO_MARKER) is not None:
        report.skipped = 1
        return report
    services.schemes.ensure_shipped(forms_dir() / "schemes")

    me = reg.self_assessor()
    if me is None:
        me = reg.add_assessor("Budi Santoso", registration_no="MET.000.004633 2020",
                              title_back="S.T., M.Pd.", is_self=True,
                              email="budi.santoso@contoh.id", row_id=_id("assessor", "budi"))
        reg.actor = svc.actor = me.name
    lead = _ensure(lambda: reg.assessor(_id("assessor", "ratna")),
                   lambda: reg.add_assessor("Ratna Kusumawardani",
                                            registration_no="MET.000.007215 2021",
                                            title_back="S.Pd.", kind="LEAD_ASESOR",
                                            row_id=_id("assessor", "ratna")))
    inst: dict[str, Institution] = {}
    for spec in INSTITUTIONS:
        data = dict(spec)
        key, name, kind = data.pop("key"), data.pop("name"), data.pop("kind")
        try:
            inst[key] = reg.institution(_id("institution", key))
        except NotFoundError:
            inst[key] = reg.add_institution(name, kind=kind, row_id=_id("institution", key),
                                            **data)
    people: dict[str, Assessee] = {}
    for key, name, nik, gender, place, born in ASSESSEES:
        try:
            people[key] = reg.assessee(_id("assessee", key))
        except NotFoundError:
            people[key] = reg.add_assessee(name, nik=nik, gender=gender, birth_place=place,
                                           birth_date=born, institution_id=inst["blk_tirta"].id,
                                           row_id=_id("assessee", key))
    visit_jkp = _ensure(lambda: reg.visit(_id("visit", "jkp")), lambda: reg.add_visit(
        institution_id=inst["lpk_cipta"].id, letter_no="562/1184/LATTAS-JKP/XI/2026",
        letter_date="2026-11-02", place="Bandung", purpose="JKP_MITRA", start_date="2026-11-17",
        end_date="2026-11-17", start_time="08.30", end_time="15.00", timezone="WIB",
        assessors=[(me.id, "KETUA"), (lead.id, "ANGGOTA")], row_id=_id("visit", "jkp")))
    visit_kmpi = _ensure(lambda: reg.visit(_id("visit", "kmpi")), lambda: reg.add_visit(
        institution_id=inst["lpk_nusa"].id, letter_no="118/LA-LPK/ST/XI/2026",
        letter_date="2026-11-05", place="Pontianak", purpose="AKREDITASI_AWAL",
        start_date="2026-11-19", end_date="2026-11-20", start_time="09.00", end_time="16.00",
        timezone="WIB", assessors=[(me.id, "KETUA")], row_id=_id("visit", "kmpi")))
    visit_uk = _ensure(lambda: reg.visit(_id("visit", "uk")), lambda: reg.add_visit(
        institution_id=inst["blk_tirta"].id, letter_no="045/LSP-P2-BLKTM/ST/XI/2026",
        letter_date="2026-11-10", place="Semarang", purpose="SERTIFIKASI", tuk_type="sewaktu",
        start_date="2026-11-20", end_date="2026-11-20", start_time="08.00", end_time="16.00",
        timezone="WIB", assessors=[(me.id, "ASESOR")], row_id=_id("visit", "uk"),
        scheme_id=stable_id("scheme", "SKM/LSP-P2-BLKTM/003/2024")))

    templates = {row.code: row for row in services.templates.latest()}
    ids = {row.id for row in services.templates.rows()}

    def make(key: str, code: str, **kw: str | None) -> str | None:
        if code not in templates and code not in ids:
            return None
        rid = _id("assessment", key)
        try:
            svc.resolve(rid)
            return None
        except NotFoundError:
            pass
        row = svc.create(code, row_id=rid, assessment_id=_id("assessment-id", key), **kw)
        report.created.append(f"{row.template_code}: {row.subject_name}")
        return row.id

    # --- institutional: JKP readiness, complete and signed by both -> locked
    rid = make("jkp-complete", "JKP.LPK.01", institution_id=inst["lpk_cipta"].id,
               visit_id=visit_jkp.id)
    if rid:
        _fill(svc, rid, seed=1, photos=2)
        _finalise_and_sign(svc, rid, me.name, me.registration_no, "Bandung",
                           others={"kepala_lpk": "Drs. Hendra Wiratmaja"})
    # --- institutional: KMPI visit, in progress (draft, half answered)
    rid = make("kmpi-draft", "KMPI.VISIT.01", institution_id=inst["lpk_nusa"].id,
               visit_id=visit_kmpi.id)
    if rid:
        _fill(svc, rid, seed=2, fraction=0.5, photos=1)
    # --- competency: a certification event of the UI programming scheme (MUK 2023
    # instruments generated from forms/schemes/pemrograman-ui.yaml), mid-day: Rizky
    # through to a signed FR.AK.02 (K), Siti observed with two KUK not achieved (OL) and
    # one closed by oral questions in progress, Dewi's observation under way; FR.AK.05 is
    # a draft filled from the signed FR.AK.02 decisions.
    ui = _scheme_codes(services, "SKM/LSP-P2-BLKTM/003/2024")
    weld = _scheme_codes(services, "SKM/LSP-P2-BLKTM/011/2024")
    place = "Semarang"
    admin = {"admin_lsp": "Yuliana Kartikasari, A.Md."}

    def event(key: str, form: str, person: Assessee | None, visit_id: str,
              codes: dict[str, str]) -> str | None:
        if form not in codes:
            return None
        return make(key, codes[form], assessee_id=person.id if person else None,
                    visit_id=visit_id, institution_id=inst["blk_tirta"].id)

    def sign_person(rid: str, person: Assessee) -> None:
        _finalise_and_sign(svc, rid, me.name, me.registration_no, place,
                           others={"asesi": person.name, **admin})

    for key, seed in (("rizky", 10), ("siti", 20), ("dewi", 30)):
        person = people[key]
        rid = event(f"apl01-{key}", "FR.APL.01", person, visit_uk.id, ui)
        if rid:
            _fill(svc, rid, seed=seed, choose={"rekomendasi": "diterima",
                                                "tujuan_asesmen": "sertifikasi"})
            sign_person(rid, person)
        rid = event(f"apl02-{key}", "FR.APL.02", person, visit_uk.id, ui)
        if rid:
            _fill(svc, rid, seed=seed + 1, choose={"rekomendasi": "dapat"})
            sign_person(rid, person)
        rid = event(f"ak01-{key}", "FR.AK.01", person, visit_uk.id, ui)
        if rid:
            _fill(svc, rid, seed=seed + 2)
            sign_person(rid, person)
    rid = event("ia01-rizky", "FR.IA.01", people["rizky"], visit_uk.id, ui)
    if rid:
        _fill(svc, rid, seed=4, photos=1)
        sign_person(rid, people["rizky"])
    rid = event("ia01-siti", "FR.IA.01", people["siti"], visit_uk.id, ui)
    if rid:
        _fill(svc, rid, seed=5, fail_kuk=("u1_e2_k3", "u1_e2_k5"))
        svc.finalise(rid)
    rid = event("ia07-siti", "FR.IA.07", people["siti"], visit_uk.id, ui)
    if rid:
        _fill(svc, rid, seed=9, fraction=0.5)
    rid = event("ia01-dewi", "FR.IA.01", people["dewi"], visit_uk.id, ui)
    if rid:
        _fill(svc, rid, seed=6, fraction=0.4)
    if "FR.AK.02" in ui:  # started through the event: its evidence ticks prefilled
        started = services.certification.start(visit_uk.id, "FR.AK.02", people["rizky"].id)
        _fill(svc, started.id, seed=11, choose={"u1_keputusan": "k"})
        sign_person(started.id, people["rizky"])
        report.created.append(f"{started.template_code}: {started.subject_name}")
    rid = event("ak03-rizky", "FR.AK.03", people["rizky"], visit_uk.id, ui)
    if rid:
        _fill(svc, rid, seed=12)
        sign_person(rid, people["rizky"])
    # --- another scheme, its own visit (an FR.AK.05 is one scheme, one batch): welding
    visit_las = _ensure(lambda: reg.visit(_id("visit", "uk-las")), lambda: reg.add_visit(
        institution_id=inst["blk_tirta"].id, letter_no="046/LSP-P2-BLKTM/ST/XI/2026",
        letter_date="2026-11-10", place="Semarang", purpose="SERTIFIKASI",
        tuk_type="tempat_kerja", start_date="2026-11-21", end_date="2026-11-21",
        start_time="08.00", end_time="15.00", timezone="WIB", assessors=[(me.id, "ASESOR")],
        row_id=_id("visit", "uk-las"),
        scheme_id=stable_id("scheme", "SKM/LSP-P2-BLKTM/011/2024")))
    rid = event("ak01-bagus", "FR.AK.01", people["bagus"], visit_las.id, weld)
    if rid:
        _fill(svc, rid, seed=13)
        sign_person(rid, people["bagus"])
    rid = event("ia01-bagus", "FR.IA.01", people["bagus"], visit_las.id, weld)
    if rid:
        _fill(svc, rid, seed=7, photos=2)
        svc.finalise(rid)
        revised = svc.revise(rid, "Koreksi catatan umpan balik setelah klarifikasi asesi")
        _fill(svc, revised.id, seed=8, only_text=True)
    # --- FR.AK.05 report for the batch (draft), filled from the signed FR.AK.02
    rid = event("ak05-batch", "FR.AK.05", None, visit_uk.id, ui)
    if rid:
        services.certification.fill_batch(rid)
    services.maintenance.set_meta(DEMO_MARKER, "1")
    return report


T = TypeVar("T")


def _scheme_codes(services: Services, number: str) -> dict[str, str]:
    """form -> template code of an installed MUK 2023 scheme ({} when it is not)."""
    try:
        return dict(services.certification.scheme(number).ids)
    except NotFoundError:
        return {}


def _ensure(get: Callable[[], T], make: Callable[[], T]) -> T:
    try:
        return get()
    except NotFoundError:
        return make()


SAMPLE_TEXT = {
    "bidang": "Teknik Pengelasan",
    "kejuruan": "Teknik Pengelasan",
    "program": "Operator Komputer Madya (KKNI Level II), 240 JP, luring",
    "nomor_akreditasi": "623/LA-LPK/XII/2020",
    "lainnya": "Rekaman video demonstrasi praktik",
    "tuk_pelaksanaan": "Workshop TIK UPTD BLK Tirtamulya, Semarang",
    "alasan": "Sesuai hasil observasi",
    "catatan": "Dokumen diperiksa bersama pimpinan LPK; salinan disimpan di berkas visitasi.",
    "umpan_balik": "Asesi bekerja runtut dan memahami alur proses; perhatikan konsistensi "
                   "penamaan komponen antarmuka.",
    "komentar": "Bukti lengkap dan terkini; perlu pembaruan daftar inventaris bengkel.",
}


def _fill(svc: AssessmentService, rid: str, *, seed: int, fraction: float = 1.0,
          photos: int = 0, fail_kuk: tuple[str, ...] = (), only_text: bool = False,
          choose: dict[str, str] | None = None) -> None:
    """Answer a template plausibly: mostly passing answers, a few findings; ``choose``
    gives the answer of named items."""
    rng = random.Random(seed)
    row = svc.resolve(rid)
    template = svc.template_of(row)
    state = svc.state(rid)
    answerable = [it for it in template.walk_items()
                  if template.repeat_of(it.name) is None and
                  (it.holds_value or it.type in (ItemType.REPEAT, ItemType.EVIDENCE))]
    cut = max(1, int(len(answerable) * fraction))
    photo_left = photos
    for n, item in enumerate(answerable[:cut]):
        if state.answers.value(item.name) and not only_text:
            continue
        if only_text and item.type is not ItemType.TEXT:
            continue
        if item.type is ItemType.REPEAT:
            for i in range(max(item.min_rows, 2)):
                row_id = svc.add_row(rid, item.name)
                for child in item.items:
                    value = _value_for(template, child, rng, i)
                    if value:
                        _try_answer(svc, rid, child.name, value, row_id)
            continue
        if item.type is ItemType.EVIDENCE:
            if photo_left > 0 or item.required:
                svc.attach_evidence(rid, item.name, demo_photo(item.label.id, seed + n),
                                    filename=f"foto-{n}.jpg", caption=item.label.id[:60])
                photo_left -= 1
            continue
        value = "tidak" if item.name in fail_kuk else (choose or {}).get(
            item.name) or _value_for(template, item, rng, n)
        if only_text and item.type is ItemType.TEXT:
            value = "Revisi: " + SAMPLE_TEXT["umpan_balik"]
        if value:
            _try_answer(svc, rid, item.name, value, "")
        if photo_left > 0 and item.evidence_hint and item.type is ItemType.SELECT_ONE:
            svc.attach_evidence(rid, item.name, demo_photo(item.label.id, seed + n),
                                filename=f"bukti-{n}.jpg",
                                caption=item.evidence_hint.id[:80])
            photo_left -= 1


def _try_answer(svc: AssessmentService, rid: str, name: str, value: str, row: str) -> None:
    try:
        svc.answer(rid, name, value, row=row)
    except AppError:
        pass  # not relevant / constraint in this scenario: leave it empty


def _value_for(template: Template, item: Any, rng: random.Random, n: int) -> str:
    if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        rs = template.options_for(item)
        if rs is None:
            return ""
        if item.type is ItemType.SELECT_MULTIPLE:
            return " ".join(o.value for o in rs.options[: max(1, len(rs.options) // 2)])
        scored = [o for o in rs.options if o.score is not None and not o.na]
        if scored and rs.scored:
            best = max(scored, key=lambda o: o.score or 0)
            worst = min(scored, key=lambda o: o.score or 0)
            finding = rng.random() < 0.12 and not item.critical and not item.kuk
            return worst.value if finding else best.value
        return rs.options[0].value
    if item.type is ItemType.TEXT:
        key = next((k for k in SAMPLE_TEXT if k in item.name), None)
        if key:
            return SAMPLE_TEXT[key]
        if "nama" in item.name:
            return ["Agus Setiawan, S.T.", "Rina Marlina, S.Kom.", "Joko Prasetyo"][n % 3]
        return "Sesuai dokumen yang diperlihatkan"
    if item.type is ItemType.INTEGER:
        return str(2 + n % 7)
    if item.type is ItemType.DECIMAL:
        return "12.5"
    if item.type is ItemType.DATE:
        return "2026-11-20"
    if item.type is ItemType.TIME:
        return "08:30"
    if item.type is ItemType.DATETIME:
        return "2026-11-20T08:30"
    return ""


def fill_required(svc: AssessmentService, rid: str, given: dict[str, str] | None = None, *,
                  day: str = "2026-11-20", text: str = "Sesuai") -> None:
    """Answer ``given``, then every required, relevant item still empty: its first option
    (Ya, Kompeten, Diterima ...), ``day``, 08:00 or ``text``. An answer can make more items
    relevant, so it looks again (three rounds are enough for every shipped form). For the
    self-test, demos, screenshots and tests; never for a real assessment."""
    for name, value in (given or {}).items():
        svc.answer(rid, name, value)
    for _ in range(3):
        state = svc.state(rid)
        template = state.template
        for issue in state.issues():
            item = template.item(issue.item)
            if issue.kind != "missing" or not item.holds_value:
                continue
            options = template.options_for(item)
            offered = state.offered(item, issue.row)  # a choice_filter's first option
            first = (offered[0] if offered else "") if offered is not None else \
                options.options[0].value if options is not None else text
            if not first:
                continue  # nothing offered until the answer it depends on is given
            value = {ItemType.DATE: day, ItemType.TIME: "08:00"}.get(item.type, first)
            svc.answer(rid, item.name, value, row=issue.row)


def _finalise_and_sign(svc: AssessmentService, rid: str, assessor_name: str,
                       registration_no: str | None, place: str, others: dict[str, str]) -> None:
    detail = svc.finalise(rid)
    for signer in detail.template.signers:
        if signer.role in ("asesor", "ketua_asesor", "verifikator"):
            svc.sign(rid, signer.role, assessor_name, signature_png(assessor_name),
                     registration_no=registration_no, place=place, timezone="WIB")
        elif signer.role in others:
            svc.sign(rid, signer.role, others[signer.role], signature_png(others[signer.role]),
                     place=place, timezone="WIB")


__all__ = ["seed_demo", "signature_png", "demo_photo", "fill_required", "DemoReport",
           "SubjectKind"]
