"""Benchmark (RELIABILITY G12): import N small result bundles into an office store, against
bare inserts of the same rows, then re-import them all (must add nothing).

    python -m tests.benchmarks.bench_import [--n 1000] [--dir DIR] [--out results.json]

Each bundle holds one signed FR.AK.01 assessment (its own ids, a recomputed content hash)
plus its subjects and two signature images, signed by an enrolled test key. "Import" is
``SyncService.import_bundle`` on the file: bounded read, zip checks, signature, strict JSON,
models, hashes, image checks, content-hash recomputation and one transaction. "Bare" inserts
the same rows (master data if absent, media if absent, the revision and its children) in one
transaction per record through the same engine, with no checks at all.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import SQLModel, select

from assessor_app.bundles import crypto
from assessor_app.bundles.models import BundleData, RevisionData
from assessor_app.bundles.result import build_result_bundle
from assessor_app.paths import AppPaths
from assessor_app.services import sync_records as rec
from assessor_app.services.runtime import Services, open_services
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import (
    AssesseeRow,
    AssessorRow,
    InstitutionRow,
    MediaRow,
    TemplateRow,
)
from tests.benchmarks.common import REPO
from tests.sync.helpers import sign_revision


def _open(folder: Path) -> Services:
    return open_services(AppPaths(folder), template_dirs=[REPO / "tests" / "fixtures" / "legacy_forms" / "fr-ak-01.yaml"])


def make_base(work: Path) -> tuple[BundleData, dict[str, bytes], Any, bytes]:
    from tests.sync.helpers import fill, finalise_and_sign

    laptop = _open(work / "laptop")
    try:
        laptop.registry.add_assessor("Asesor Bench", is_self=True, row_id="c0" * 16)
        inst = laptop.registry.add_institution("BLK Bench", row_id="1a" * 16)
        who = laptop.registry.add_assessee("Asesi Bench", nik="0012345678901234",
                                           institution_id=inst.id, row_id="b0" * 16)
        row = laptop.assessments.create("FR.AK.01", assessee_id=who.id)
        rng = random.Random(7)
        fill(laptop, row.id, rng=rng, texts=["Sesuai", "Catatan singkat"], notes=["n"],
             photos=[])
        finalise_and_sign(laptop, row.id, rng, signer="Asesor Bench")
        collected = laptop.sync.exporter.collect(laptop.sync.exporter.select([row.id]))
        collected.prove()
        data, blobs = collected.data, collected.blobs
        template = laptop.templates.get(row.template_id)
        key = laptop.sync.device_keys.row().ed25519_private
    finally:
        laptop.store.close(clean=False)
    return data, blobs, template, key


def clone(data: BundleData, template: Any, n: int, key: bytes) -> BundleData:
    """The base record under fresh ids (assessee too), signed anew by the laptop's key."""
    def nid(old: str) -> str:
        return hashlib.sha256(f"{n}:{old}".encode()).hexdigest()[:32]

    a = data.assessments[0]
    who = data.assessees[0].model_copy(update={"id": nid(data.assessees[0].id),
                                               "name": f"Asesi {n:04d}"})
    rows = {r.id: nid(r.id) for r in a.repeat_rows}
    rows[""] = ""
    base = a.model_dump()
    base.update(id=nid(a.id), assessment_id=nid(a.assessment_id), assessee_id=who.id,
                subject_name=who.name,
                repeat_rows=[{**r.model_dump(), "id": rows[r.id]} for r in a.repeat_rows],
                answers=[{**x.model_dump(), "row_id": rows[x.row_id]} for x in a.answers],
                evidence=[], consents=[],
                signatures=[{**g.model_dump(), "id": nid(g.id)} for g in a.signatures])
    snap = json.loads(base["subject_json"])
    snap["name"] = who.name
    snap["assessee"] = {**snap["assessee"], "id": who.id, "name": who.name}
    base["subject_json"] = json.dumps(snap, sort_keys=True, separators=(",", ":"))
    signed = sign_revision(RevisionData.model_validate(base), template, key)
    # the consent register names the base asesi, whom the clone replaces
    return data.model_copy(update={"assessees": [who], "assessments": [signed],
                                   "consent_register": []})


def counts(services: Services) -> dict[str, int]:
    with read_session(services.store.engine) as s:
        return {t.name: int(s.exec(select(func.count()).select_from(t)).one())
                for t in SQLModel.metadata.sorted_tables}


def bare_insert(services: Services, data: BundleData, blobs: dict[str, bytes]) -> None:
    with write_session(services.store.engine) as s:
        for t in data.templates:
            if s.get(TemplateRow, t.id) is None:
                s.add(rec.template_row(t, "2026-01-01T00:00:00.000Z"))
        for model, items in ((InstitutionRow, data.institutions), (AssessorRow, data.assessors),
                             (AssesseeRow, data.assessees)):
            for item in items:
                if s.get(model, item.id) is None:
                    s.add(model(**item.model_dump()))
            s.flush()
        for m in data.media:
            if s.get(MediaRow, m.sha256) is None:
                s.add(MediaRow(size=len(blobs[m.sha256]), data=blobs[m.sha256],
                               **m.model_dump()))
        s.flush()
        for a in data.assessments:
            s.add(rec.revision_row(a, is_current=True, received_at=None))
            s.flush()
            for child in rec.child_rows(a, a.id):
                s.add(child)


def _stats(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {"median_ms": round(statistics.median(ordered) * 1000, 3),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
            "total_s": round(sum(ordered), 3)}


def run(n: int, folder: Path) -> dict[str, Any]:
    data, blobs, template, laptop_key = make_base(folder)
    key = crypto.KeyPairs(laptop_key, crypto.public_of(laptop_key), b"", b"")
    bundles_dir = folder / "bundles"
    bundles_dir.mkdir()
    records: list[BundleData] = []
    paths: list[Path] = []
    t0 = time.perf_counter()
    for i in range(n):
        variant = clone(data, template, i, laptop_key)
        built = build_result_bundle(
            bundle_id=hashlib.sha256(f"b{i}".encode()).hexdigest()[:32],
            device_id=key.device_id, assessor_id="c0" * 16, seq=i + 1,
            prev_bundle_sha256=None, created_at="2026-11-20T08:00:00.000Z",
            app_version="bench", schema_version=6, data=variant, blobs=blobs,
            ed25519_private=key.ed25519_private)
        path = bundles_dir / built.file_name
        path.write_bytes(built.data)
        records.append(variant)
        paths.append(path)
    build_s = time.perf_counter() - t0

    office = _open(folder / "office")
    bare = _open(folder / "bare")
    try:
        office.sync.enrol_device(crypto.b64(key.ed25519_public), "Bench laptop")
        imports: list[float] = []
        for path in paths:
            t = time.perf_counter()
            rep = office.sync.import_bundle(path)
            imports.append(time.perf_counter() - t)
            assert rep.status == "imported", (rep.code, rep.params)
        inserts: list[float] = []
        for variant in records:
            t = time.perf_counter()
            bare_insert(bare, variant, blobs)
            inserts.append(time.perf_counter() - t)
        before = counts(office)
        again: list[float] = []
        for path in paths:
            t = time.perf_counter()
            rep = office.sync.import_bundle(path)
            again.append(time.perf_counter() - t)
            assert rep.status == "duplicate"
        after = counts(office)
        new_rows = sum(after.values()) - sum(before.values())
        bundle_kb = statistics.median(p.stat().st_size for p in paths) / 1024
    finally:
        office.store.close(clean=True)
        bare.store.close(clean=True)
    imp, ins = _stats(imports), _stats(inserts)
    return {
        "bundles": n, "bundle_size_kb_median": round(bundle_kb, 1),
        "build_s": round(build_s, 2), "import": imp, "bare_insert": ins,
        "reimport": _stats(again), "reimport_new_rows": new_rows,
        "ratio_median": round(imp["median_ms"] / ins["median_ms"], 2),
        "ratio_total": round(imp["total_s"] / ins["total_s"], 2),
        "goal_import_total_s": 120, "goal_met": imp["total_s"] < 120 and new_rows == 0,
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--n", type=int, default=1000)
    p.add_argument("--dir", type=Path, help="work folder (default: a temporary folder)")
    p.add_argument("--out", type=Path, help="write the results as JSON here")
    args = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=args.dir))
    try:
        result = run(args.n, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    return 0 if result["reimport_new_rows"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
