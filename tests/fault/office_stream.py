"""A stream of valid result bundles and the office that imports them, for the kill -9
import test (RELIABILITY.md G1: import is all-or-nothing).

``build_stream`` makes, once per test session, a laptop (SQLite) that trusts an office
(enrolment + assignment pack, so the bundles are sealed to the office key as in the field)
and exports ``n`` bundles, each with several finalised and signed assessments of three
templates, their own institution, assessee and visit, and photos. Every bundle's rows are
disjoint from the others' (own subjects, photos and signer), so what one import adds does
not depend on which bundles came before.

A reference office (SQLite) then imports the bundles in ``seq`` order and records, per
bundle, what it added: the number of rows per table (``deltas``) and the natural key of
every added row (``footprints``). The kill test compares any killed office with these.

``make_office`` builds an empty office on SQLite or PostgreSQL with the same identity
(key pairs), assessors and enrolled laptop, so every office can open the sealed bundles.
"""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.pool import NullPool
from sqlmodel import SQLModel, select

from assessor_app.paths import AppPaths
from assessor_app.services.runtime import Services, open_services
from assessor_app.storage.db import sqlite_uri_filename, write_session
from assessor_app.storage.tables import AssessorRow, DeviceIdentityRow, EnrolledDeviceRow
from tests.helpers import copy_golden, with_legacy_templates
from tests.sync.helpers import bundle_ids, fill, finalise_and_sign, photo

#: Tables whose primary key is a counter: the natural key of a row instead.
NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "answer": ("revision_id", "item", "row_id"),
    "audit_log": ("action", "entity", "entity_id", "field", "new"),
}
TEMPLATES = ("JKP.LPK.01", "FR.AK.01", "FR.AK.05")

Keys = dict[str, set[tuple[Any, ...]]]
Counts = dict[str, int]


@dataclass
class OfficeSpec:
    """The rows that make an office able to import the stream (copied into each one)."""

    identity: dict[str, Any]
    assessors: list[dict[str, Any]]
    device: dict[str, Any]


@dataclass
class BundleStream:
    folder: Path
    files: list[Path]  # in seq order
    bundle_ids: list[str]
    assessment_ids: list[list[str]]  # per bundle
    spec: OfficeSpec
    reference_dir: Path  # the reference office's data folder (SQLite, every bundle in)
    baseline: Counts  # an empty office made by make_office
    deltas: list[Counts] = field(default_factory=list)
    footprints: list[Keys] = field(default_factory=list)


# ------------------------------------------------------------------ offices


def make_office(data_dir: Path, db_url: str | None, spec: OfficeSpec,
                golden: Path | None = None) -> None:
    """A fresh office (closed again): the spec's identity, assessors and enrolled laptop."""
    data_dir.mkdir(parents=True, exist_ok=True)
    if db_url is None and golden is not None and not (data_dir / "assessor.db").exists():
        copy_golden(golden, data_dir)
    svc = open_services(AppPaths(data_dir), database_url=db_url)
    if db_url is not None:
        with_legacy_templates(svc)
    try:
        with write_session(svc.store.engine) as s:
            s.add(DeviceIdentityRow(**spec.identity))
            for a in spec.assessors:
                s.add(AssessorRow(**a))
            s.flush()
            s.add(EnrolledDeviceRow(**spec.device))
    finally:
        svc.store.close(clean=True)


def _spec_of(office: Services) -> OfficeSpec:
    from assessor_app.storage.db import read_session

    with read_session(office.store.engine) as s:
        ident = s.exec(select(DeviceIdentityRow)).one()
        assessors = s.exec(select(AssessorRow).order_by(AssessorRow.id)).all()
        device = s.exec(select(EnrolledDeviceRow)).one()
        return OfficeSpec(ident.model_dump(), [a.model_dump() for a in assessors],
                          device.model_dump())


# ------------------------------------------------------------------ reading a store


@contextmanager
def office_connection(data_dir: Path, db_url: str | None) -> Iterator[Connection]:
    """A plain connection for checks: SQLite read-only (leaves a hot WAL alone), or the
    PostgreSQL database (NullPool: nothing stays open after the check)."""
    if db_url is None:
        uri = sqlite_uri_filename(data_dir / "assessor.db") + "?mode=ro"
        engine = create_engine("sqlite://", poolclass=NullPool,
                               creator=lambda: sqlite3.connect(uri, uri=True))
    else:
        engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            yield conn
            conn.rollback()
    finally:
        engine.dispose()


def integrity(conn: Connection) -> list[str]:
    """SQLite: integrity_check + foreign_key_check problems. PostgreSQL checks its own
    pages and keys: a query must answer (and no transaction of a killed client may be
    left holding locks: the server ends them when the socket closes)."""
    if conn.dialect.name == "sqlite":
        rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
        problems = [] if rows == ["ok"] else rows
        problems += [f"foreign_key_check: {tuple(r)}"
                     for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        return problems
    conn.exec_driver_sql("SELECT 1").scalar_one()
    return []


def read_state(conn: Connection) -> tuple[Counts, Keys]:
    """Row count and the set of natural keys of every table."""
    counts: Counts = {}
    keys: Keys = {}
    for name, table in sorted(SQLModel.metadata.tables.items()):
        cols = NATURAL_KEYS.get(name) or tuple(c.name for c in table.primary_key.columns)
        if name not in NATURAL_KEYS and any(
                str(c.type) == "INTEGER" for c in table.primary_key.columns):
            raise AssertionError(f"table {name}: counter primary key, add a natural key")
        rows = conn.execute(text(
            f"SELECT {', '.join(cols)} FROM {name}")).all()  # noqa: S608 (our names)
        counts[name] = len(rows)
        keys[name] = {tuple(r) for r in rows}
    return counts, keys


def content_digest(conn: Connection) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row per table (``db_fingerprint`` without services)."""
    out: dict[str, tuple[int, str]] = {}
    for name in sorted(SQLModel.metadata.tables):
        rows = conn.execute(text(f"SELECT * FROM {name}")).all()  # noqa: S608
        digest = hashlib.sha256()
        for row in sorted(repr(tuple(r)) for r in rows):
            digest.update(row.encode("utf-8", "surrogatepass"))
        out[name] = (len(rows), digest.hexdigest())
    return out


# ------------------------------------------------------------------ the stream


def _make_bundle(laptop: Services, j: int, per_bundle: int, folder: Path) -> tuple[Path, list[str]]:
    reg = laptop.registry
    rng = random.Random(j)
    inst = reg.add_institution(f"LPK Arus {j:02d}", city="Semarang")
    ids: list[str] = []
    for k in range(per_bundle):
        template = TEMPLATES[k % len(TEMPLATES)]
        if template == "FR.AK.01":
            who = reg.add_assessee(f"Asesi {j:02d}-{k}", nik=f"{j:08d}{k:08d}",
                                   institution_id=inst.id)
            row = laptop.assessments.create(template, assessee_id=who.id)
        elif template == "FR.AK.05":
            visit = reg.add_visit(institution_id=inst.id, letter_no=f"ST-{j}/{k}",
                                  place="Semarang", timezone="WIB")
            row = laptop.assessments.create(template, visit_id=visit.id)
        else:
            row = laptop.assessments.create(template, institution_id=inst.id)
        pics = [photo(24 + j, 16 + k, (j * 7 % 256, k * 40 % 256, 99)),
                photo(16 + k, 24 + j, (k * 50 % 256, j * 3 % 256, 7), "PNG")]
        fill(laptop, row.id, rng=rng, texts=[f"catatan {j}-{k}", "Ṡiti 张伟"], notes=[f"n{j}"],
             photos=pics, empty=0.5)
        finalise_and_sign(laptop, row.id, rng, signer=f"Penanda {j:02d}-{k}")
        ids.append(row.assessment_id)
    res = laptop.sync.export(folder, ids)
    assert res.path is not None and res.encrypted_to is not None
    return res.path, ids


def build_stream(root: Path, golden: Path, n_bundles: int, per_bundle: int = 3
                 ) -> BundleStream:
    """The laptop, ``n_bundles`` sealed bundles in ``root/bundles`` and the reference."""
    from tests.sync.conftest import make_services

    root.mkdir(parents=True, exist_ok=True)
    laptop = make_services(root, name="laptop", golden=golden)
    setup = make_services(root, name="setup-office", golden=golden)
    try:
        setup.registry.add_assessor("Kantor Pusat", is_self=True)
        me = setup.registry.add_assessor("Budi Lapangan", registration_no="MET.7")
        setup.sync.enrol_device(laptop.sync.identity().ed25519_public, "Laptop Budi", me.id)
        pack = setup.sync.create_pack(me.id, root / "packs")
        laptop.sync.import_pack(pack.path)  # trusts the office: the bundles get sealed
        spec = _spec_of(setup)
        folder = root / "bundles"
        made = [_make_bundle(laptop, j, per_bundle, folder) for j in range(n_bundles)]
    finally:
        laptop.store.close(clean=True)
        setup.store.close(clean=True)
    made.sort(key=lambda m: bundle_ids(m[0])[1])
    files = [m[0] for m in made]
    ref_dir = root / "reference-office"
    make_office(ref_dir, None, spec, golden)
    with office_connection(ref_dir, None) as conn:
        baseline, keys = read_state(conn)
    stream = BundleStream(folder, files, [bundle_ids(f)[2] for f in files],
                          [m[1] for m in made], spec, ref_dir, baseline)
    ref = open_services(AppPaths(ref_dir))
    try:
        counts = baseline
        for f in files:
            rep = ref.sync.import_bundle(f)
            assert rep.status == "imported", (f.name, rep.code, rep.params)
            assert [r.outcome for r in rep.records] == ["new"] * per_bundle
            with office_connection(ref_dir, None) as conn:
                after_counts, after_keys = read_state(conn)
            stream.deltas.append({t: after_counts[t] - counts[t] for t in after_counts})
            stream.footprints.append({t: after_keys[t] - keys[t] for t in after_keys
                                      if after_keys[t] - keys[t]})
            counts, keys = after_counts, after_keys
    finally:
        ref.store.close(clean=True)
    for d, fp in zip(stream.deltas, stream.footprints, strict=True):
        # disjoint bundles: every added row has its own key
        assert all(d[t] == len(fp.get(t, ())) for t in d), (d, {t: len(v) for t, v in fp.items()})
    return stream
