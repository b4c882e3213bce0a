"""Two office PCs importing into one PostgreSQL database at the same moment.

Only an office on PostgreSQL can have this (a SQLite office is one PC: ``running.lock``).
Imports are serialised by the write lock (``PG_WRITE_LOCK_KEY``) and each re-checks
``imported_bundle`` inside its transaction, so the same bundle from two PCs is imported
once and reported as a duplicate by the other, and nothing is doubled or lost.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assessor_app.services.runtime import Services
from tests.sync.conftest import db_fingerprint, make_services
from tests.sync.helpers import export_one, fill, finalise_and_sign, photo


def _bundles(laptop: Services, root: Path, n: int, tag: str) -> list[Path]:
    reg = laptop.registry
    out = []
    for j in range(n):
        inst = reg.add_institution(f"LPK {tag} {j}")
        row = laptop.assessments.create("JKP.LPK.01", institution_id=inst.id)
        rng = random.Random(j)
        fill(laptop, row.id, rng=rng, texts=[f"{tag}{j}"], notes=[],
             photos=[photo(20 + j, 12, (j, 9, 9))])
        finalise_and_sign(laptop, row.id, rng, signer="Penanda Sama")  # shared media
        out.append(export_one(laptop, root / f"usb-{tag}", [row.assessment_id]))
    return out


def _at_once(*jobs: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = jobs[i]()
        except BaseException as exc:  # reported by the assertion below
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(isinstance(r, BaseException) for r in results), results
    return results


def test_two_office_pcs_import_the_same_bundles_at_once(pg_url: str, tmp_path: Path,
                                                        golden_data_dir: Path) -> None:
    a = make_services(tmp_path, name="laptop-a", golden=golden_data_dir)
    b = make_services(tmp_path, name="laptop-b", golden=golden_data_dir)
    pc1 = make_services(tmp_path, pg_url, name="office-pc1")
    pc2 = make_services(tmp_path, pg_url, name="office-pc2")  # same database, another PC
    try:
        for lap, name in ((a, "A"), (b, "B")):
            pc1.sync.enrol_device(lap.sync.identity().ed25519_public, f"Laptop {name}")
        from_a = _bundles(a, tmp_path, 3, "a")
        from_b = _bundles(b, tmp_path, 3, "b")

        # the same bundle on both PCs at the same moment: imported once
        first = _at_once(lambda: pc1.sync.import_bundle(from_a[0]),
                         lambda: pc2.sync.import_bundle(from_a[0]))
        assert sorted(r.status for r in first) == ["duplicate", "imported"], \
            [(r.status, r.code) for r in first]
        # the rest: each PC takes every file (the office shares one USB folder), each
        # laptop's in seq order (older ones would need the operator: bundle.rollback)
        everything = from_a[1:] + from_b
        reports = _at_once(lambda: pc1.sync.import_files(from_a[1:] + from_b),
                           lambda: pc2.sync.import_files(from_b + from_a[1:]))
        by_bundle: dict[str, list[str]] = {}
        for rep in reports[0] + reports[1]:
            by_bundle.setdefault(str(rep.bundle_id), []).append(
                rep.status if rep.ok else f"{rep.status} {rep.code}")
        assert all(sorted(v) == ["duplicate", "imported"] for v in by_bundle.values()), \
            by_bundle
        assert len(by_bundle) == len(everything)

        # the same content as one PC importing everything alone, on a fresh office
        alone = make_services(tmp_path, name="office-alone", golden=golden_data_dir)
        try:
            alone.sync.enrol_device(a.sync.identity().ed25519_public, "Laptop A")
            alone.sync.enrol_device(b.sync.identity().ed25519_public, "Laptop B")
            for f in from_a + from_b:
                assert alone.sync.import_bundle(f).status == "imported"
            shared, single = db_fingerprint(pc1), db_fingerprint(alone)
        finally:
            alone.store.close(clean=True)
        counts = {t: v[0] for t, v in shared.items()}
        assert counts == {t: v[0] for t, v in single.items()}
        assert counts["imported_bundle"] == 6 and counts["assessment"] == 6
        assert db_fingerprint(pc2) == shared
    finally:
        for svc in (a, b, pc1, pc2):
            svc.store.close(clean=True)
