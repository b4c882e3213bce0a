"""Shared helpers for the sync tests: filling assessments, photos, comparing stores."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

from PIL import Image
from sqlmodel import col, select

from assessor_app.core.errors import AppError
from assessor_app.core.template import ItemType, Template
from assessor_app.services import sync_records as rec
from assessor_app.services.assessments import FinaliseError
from assessor_app.services.demo import signature_png
from assessor_app.services.runtime import Services
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessmentRow,
    AssessorRow,
    InstitutionRow,
    MediaRow,
    TemplateRow,
    VisitAssessorRow,
    VisitRow,
)
from tests.helpers import signer_name_for

_SIGNATURES: dict[str, bytes] = {}


def photo(width: int, height: int, colour: tuple[int, int, int], fmt: str = "JPEG") -> bytes:
    img = Image.new("RGB", (width, height), colour)
    img.putpixel((0, 0), (255 - colour[0], 0, colour[2]))
    out = io.BytesIO()
    img.save(out, format=fmt)
    return out.getvalue()


def signature(name: str) -> bytes:
    if name not in _SIGNATURES:
        _SIGNATURES[name] = signature_png(name)
    return _SIGNATURES[name]


def value_for(template: Template, item: Any, rng: random.Random, text: str) -> str:
    if item.type in (ItemType.SELECT_ONE, ItemType.SELECT_MULTIPLE):
        rs = template.options_for(item)
        if rs is None or not rs.options:
            return ""
        if item.type is ItemType.SELECT_MULTIPLE:
            return " ".join(o.value for o in rs.options[: 1 + rng.randrange(len(rs.options))])
        return rng.choice(rs.options).value
    if item.type is ItemType.TEXT:
        return text
    if item.type is ItemType.INTEGER:
        return str(rng.randrange(0, 60))
    if item.type is ItemType.DECIMAL:
        return f"{rng.randrange(0, 1000) / 10:.1f}"
    if item.type is ItemType.DATE:
        return f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
    if item.type is ItemType.TIME:
        return f"{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}"
    if item.type is ItemType.DATETIME:
        return "2026-11-20T08:30"
    return ""


def fill(services: Services, rid: str, *, rng: random.Random, texts: list[str],
         notes: list[str], photos: list[bytes], rows: int = 1, empty: float = 0.0) -> None:
    """Answer every item (random options, the given texts), add repeat rows, notes and
    photos. ``empty``: share of optional items left unanswered."""
    svc = services.assessments
    template = svc.template_of(svc.resolve(rid))
    tcount = 0

    def next_text() -> str:
        nonlocal tcount
        tcount += 1
        return texts[tcount % len(texts)]

    def answer(name: str, value: str, row: str = "") -> None:
        if value:
            try:
                svc.answer(rid, name, value, row=row)
            except AppError:
                pass

    note_left = list(notes)
    photo_left = list(photos)
    for item in template.walk_items():
        if template.repeat_of(item.name) is not None:
            continue
        if item.type is ItemType.REPEAT:
            for _ in range(max(rows, item.min_rows or 0)):
                try:
                    row_id = svc.add_row(rid, item.name)
                except AppError:
                    break
                for child in item.items:
                    if child.holds_value:
                        answer(child.name, value_for(template, child, rng, next_text()), row_id)
            continue
        if item.type is ItemType.EVIDENCE:
            for data in photo_left or ([photos[0]] if photos and item.required else []):
                name = "foto.png" if data.startswith(b"\x89PNG") else "foto.jpg"
                svc.attach_evidence(rid, item.name, data, filename=name,
                                    caption=next_text()[:200])
            photo_left = []
            continue
        if not item.holds_value:
            continue
        if not item.required and rng.random() < empty:
            continue
        answer(item.name, value_for(template, item, rng, next_text()))
        if note_left and rng.random() < 0.5:
            try:
                svc.set_note(rid, item.name, note_left.pop())
            except AppError:
                pass


def finished_assessment(laptop: Services, *, seed: int = 0, assessor: str = "Budi",
                        institution: str = "LPK", signer: str = "Penanda Tangan",
                        sign: bool = True) -> Any:
    """A JKP.LPK.01 of institution ``"<institution> <seed>"`` on a laptop whose own
    assessor is ``assessor``, filled (a text, a note, a photo), finalised and (``sign``)
    signed by ``signer``: its summary."""
    reg = laptop.registry
    if reg.self_assessor() is None:
        reg.add_assessor(assessor, is_self=True)
    inst = reg.add_institution(f"{institution} {seed}")
    row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
    rng = random.Random(seed)
    fill(laptop, row.id, rng=rng, texts=[f"catatan {seed}"], notes=["n"],
         photos=[photo(20, 10, (9, 9, 9))])
    finalise_and_sign(laptop, row.id, rng, signer, sign=sign)
    return laptop.assessments.resolve(row.id)


def finalise_and_sign(services: Services, rid: str, rng: random.Random,
                      signer: str = "Penanda Tangan", *, sign: bool = True) -> None:
    svc = services.assessments
    template = svc.template_of(svc.resolve(rid))
    for _ in range(4):
        try:
            svc.finalise(rid)
            break
        except FinaliseError as exc:
            for issue in exc.issues:
                item = template.find_item(issue.item)
                if item is None:
                    continue
                if issue.kind == "contradiction":  # "recommended" beside a failed item
                    options = template.options_for(item)
                    assert options is not None
                    svc.answer(rid, item.name, next(o.value for o in options.options
                                                    if o.verdict == "not_recommended"))
                elif item.type is ItemType.EVIDENCE:
                    svc.attach_evidence(rid, item.name, photo(16, 16, (1, 2, 3)))
                elif item.type is ItemType.REPEAT:
                    svc.add_row(rid, item.name)
                else:
                    for attempt in range(5):
                        try:
                            svc.answer(rid, item.name, value_for(template, item, rng, "isi"),
                                       row=issue.row)
                            break
                        except AppError:
                            if attempt == 4:
                                raise
    else:
        raise AssertionError("could not finalise")
    if not sign:
        return
    detail = svc.detail(rid)
    for s in template.signers:
        # the asesi of a record about an asesi signs under the asesi's name (the only one
        # the service accepts); every other role under ``signer``
        name = signer_name_for(detail, s.role) if s.role == "asesi" and \
            detail.row.subject_kind == "assessee" else signer
        svc.sign(rid, s.role, name, signature(name), registration_no="MET.000.000001 2026",
                 place="Bandung", timezone="WIB")


def carried(services: Services, a: Any) -> Any:
    """``a`` (a RevisionData) as a bundle carries it: a finalised revision with only the
    answers its content hash covers (``sync_records.hashed_only``, as export does)."""
    import datetime as dt

    from assessor_app.services import integrity

    if a.status == "draft":
        return a
    check = integrity.examine(rec.revision_facts(a, services.templates.get(a.template_id)),
                              lambda *_: True, None, now=dt.datetime.now(dt.UTC))
    assert check.coverage is not None
    return rec.hashed_only(a, check.coverage)[0]


def assessment_snapshot(services: Services, assessment_id: str, *, sent: bool = False
                        ) -> dict[str, Any]:
    """Every carried field of an assessment, its subjects, template and media (``sent``:
    as the laptop's export sends it, answers outside the content hash left out; an office
    side is read as stored, so an answer it should not have kept shows)."""
    with read_session(services.store.engine) as s:
        rows = s.exec(select(AssessmentRow).where(
            AssessmentRow.assessment_id == assessment_id).order_by(
            col(AssessmentRow.revision))).all()
        revisions = [rec.revision_data(s, r) for r in rows]
        if sent:
            revisions = [carried(services, r) for r in revisions]
        first = rows[0]
        out: dict[str, Any] = {"revisions": [r.model_dump() for r in revisions]}
        out["current"] = [r.revision for r in rows if r.is_current]
        t = s.get(TemplateRow, first.template_id)
        assert t is not None
        out["template"] = rec.template_data(t).model_dump()
        subjects: tuple[tuple[str, str | None, Any, Any], ...] = (
            ("institution", first.institution_id, InstitutionRow, rec.institution_data),
            ("assessee", first.assessee_id, AssesseeRow, rec.assessee_data),
            ("assessor", first.assessor_id, AssessorRow, rec.assessor_data),
            ("visit", first.visit_id, VisitRow, rec.visit_data))
        for key, ref, table, data in subjects:
            if ref:
                found = s.get(table, ref)
                out[key] = data(found).model_dump() if found else None
        if first.visit_id:
            out["team"] = sorted((t.assessor_id, t.role) for t in s.exec(select(
                VisitAssessorRow).where(VisitAssessorRow.visit_id == first.visit_id)).all())
        media: dict[str, Any] = {}
        for r in revisions:
            for sha in [e.media_sha256 for e in r.evidence] + [g.media_sha256
                                                               for g in r.signatures]:
                m = s.get(MediaRow, sha)
                assert m is not None
                media[sha] = (m.mime, m.size, m.width, m.height, bytes(m.data))  # content-addressed
        out["media"] = media
    return out


def bundle_ids(path: Path) -> tuple[str, int, str]:
    """``(device_id, seq, bundle_id)`` from a bundle's manifest (unverified: for tests that
    order or match exported files, whose names no longer carry the ids)."""
    import json
    import zipfile

    with zipfile.ZipFile(path) as zf:
        m = json.loads(zf.read("manifest.json"))
    return m["device_id"], int(m["seq"]), m["bundle_id"]


def export_one(services: Services, folder: Path, ids: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    res = services.sync.export(folder, ids)
    assert res.path is not None
    return res.path


def sign_revision(a: Any, template: Template, ed25519_private: bytes, **changes: Any) -> Any:
    """``a`` (a RevisionData) with ``changes``, made and signed by the device whose Ed25519
    key is ``ed25519_private``: content hash, every signer's signature and the paper code
    recomputed exactly as that laptop would (test bundles, the hostile corpus, benchmarks)."""
    import base64
    import datetime as dt

    from assessor_app.bundles import crypto
    from assessor_app.bundles.models import RevisionData
    from assessor_app.core import integrity as proof
    from assessor_app.core.engine import FormState
    from assessor_app.services import integrity

    device = crypto.device_id_for(crypto.public_of(ed25519_private))
    base = a.model_dump()
    base.update(changes)
    base["device_id"] = device
    draft = RevisionData.model_validate(base)
    facts = rec.revision_facts(draft, template)
    state = FormState(template, facts.answers, today=integrity.effective_date(
        facts.finalised_at, facts.subject, dt.datetime.now(dt.UTC)))
    digest = integrity.content_hash_of(facts, state)

    def b64sig(message: bytes) -> str:
        return base64.b64encode(crypto.sign(ed25519_private, message)).decode()

    sigs = []
    for g in draft.signatures:
        fields = g.model_dump()
        fields.update(content_sha256=digest, device_id=device)
        fields["signature"] = b64sig(proof.signature_message(
            assessment_id=draft.assessment_id, revision=draft.revision, content_sha256=digest,
            role=g.role, signer_name=g.signer_name, registration_no=g.registration_no,
            signer_title=g.signer_title, place=g.place, signed_at=g.signed_at,
            timezone=g.timezone, media_sha256=g.media_sha256, device_id=device))
        sigs.append(fields)
    code_sig = crypto.sign(ed25519_private, proof.code_message(
        assessment_id=draft.assessment_id, revision=draft.revision, content_sha256=digest))
    base.update(content_sha256=digest, signatures=sigs,
                code_signature=base64.b64encode(code_sig).decode(),
                verification_code=proof.code_from_signature(code_sig))
    return RevisionData.model_validate(base)
