"""G7: idempotency and conflicts over random sequences of edit, finalise, export, import,
re-import and out-of-order import from two laptops (Hypothesis state machine).

Laptop B starts as a copy of laptop A's database (a laptop restored from A's backup): the
same device key, so the office accepts both as the assessments' owner, and both can change
the same assessments: that is how one revision number can carry two different contents.
(A laptop with another key may not send another's revisions at all: test_trust_chain.)
"""

from __future__ import annotations

import random
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlmodel import select

from assessor_app.core.template import ItemType
from assessor_app.core.textcheck import text_problem
from assessor_app.services import integrity
from assessor_app.services import sync_records as rec
from assessor_app.services.runtime import Services
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import AssessmentRow, ImportedBundleRow, SyncConflictRow
from tests.sync.conftest import (
    SYNC_SETTINGS,
    db_fingerprint,
    make_services,
    pg_examples,
    reset_office_database,
)
from tests.sync.helpers import bundle_ids, fill, finalise_and_sign

TEMPLATE = "FR.AK.01"


@pytest.fixture(scope="module")
def seed_store(fast_root: Path, golden_data_dir: Path) -> Path:
    """A laptop database with two assessments (one final, one draft) and its device key."""
    laptop = make_services(fast_root, name="seed", golden=golden_data_dir)
    try:
        reg = laptop.registry
        reg.add_assessor("Asesor A", is_self=True)
        inst = reg.add_institution("LPK Uji Stateful")
        rng = random.Random(1)
        for n in range(2):
            who = reg.add_assessee(f"Asesi {n}", nik=f"{n:016d}", institution_id=inst.id)
            row = laptop.assessments.create(TEMPLATE, assessee_id=who.id)
            fill(laptop, row.id, rng=rng, texts=[f"teks {n}"], notes=[], photos=[])
            if n == 0:
                finalise_and_sign(laptop, row.id, rng, sign=False)
    finally:
        laptop.store.close(clean=True)
    return fast_root / "seed"


class SyncMachine(RuleBasedStateMachine):
    seed_dir: ClassVar[Path]
    root: ClassVar[Path]
    golden: ClassVar[Path]
    #: None: the office on SQLite; else a PostgreSQL test database, emptied for each run
    office_url: ClassVar[str | None] = None

    def __init__(self) -> None:
        super().__init__()
        self.dir = self.root / uuid.uuid4().hex[:8]
        self.laptops: dict[str, Services] = {}
        for name in ("a", "b"):
            (self.dir / name).mkdir(parents=True)
            shutil.copy2(self.seed_dir / "assessor.db", self.dir / name / "assessor.db")
            self.laptops[name] = make_services(self.dir, name=name)
        if self.office_url is not None:
            reset_office_database(self.office_url)  # a fresh office for every example
        self.office = make_services(self.dir, self.office_url, name="office",
                                    golden=self.golden)
        for name, lap in self.laptops.items():
            self.office.sync.enrol_device(lap.sync.identity().ed25519_public, f"Laptop {name}")
        with read_session(self.laptops["a"].store.engine) as s:
            self.ids = sorted({r.assessment_id for r in s.exec(select(AssessmentRow)).all()})
        self.exported: list[Path] = []
        self.imported: set[str] = set()
        self.seen: dict[tuple[str, int], set[str]] = {}
        self.max_seen: dict[str, int] = {}
        self.rng = random.Random(0)

    def teardown(self) -> None:
        for svc in [*self.laptops.values(), self.office]:
            svc.store.close(clean=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    # ------------------------------------------------------------ laptop rules

    def _current(self, lap: Services, aid: str) -> AssessmentRow:
        # not AssessmentService.resolve(aid): that returns revision 1 (its row id is the
        # assessment id) even after a revision
        with read_session(lap.store.engine) as s:
            return s.exec(select(AssessmentRow).where(
                AssessmentRow.assessment_id == aid,
                AssessmentRow.is_current == True)).one()  # noqa: E712

    @rule(laptop=st.sampled_from(["a", "b"]), which=st.integers(0, 1),
          text=st.text(min_size=1, max_size=12).filter(
              lambda t: t.strip() and text_problem(t) is None))  # what the app accepts
    def edit(self, laptop: str, which: int, text: str) -> None:
        lap = self.laptops[laptop]
        row: Any = self._current(lap, self.ids[which])
        if row.status != "draft":
            row = lap.assessments.revise(row.id, f"koreksi {laptop}")
        template = lap.assessments.template_of(row)
        names = [it.name for it in template.walk_items()
                 if it.type is ItemType.TEXT and template.repeat_of(it.name) is None]
        lap.assessments.answer(row.id, names[len(text) % len(names)], text)

    @rule(laptop=st.sampled_from(["a", "b"]), which=st.integers(0, 1), sign=st.booleans())
    def finalise(self, laptop: str, which: int, sign: bool) -> None:
        lap = self.laptops[laptop]
        row = self._current(lap, self.ids[which])
        if row.status == "draft":
            finalise_and_sign(lap, row.id, self.rng, sign=sign)

    @rule(laptop=st.sampled_from(["a", "b"]))
    def export(self, laptop: str) -> None:
        res = self.laptops[laptop].sync.export(self.dir / "usb")
        if res.path is not None:
            self.exported.append(res.path)

    # ------------------------------------------------------------ office rules

    @precondition(lambda self: bool(self.exported))
    @rule(pick=st.integers(0, 1000), confirm=st.booleans())
    def import_bundle(self, pick: int, confirm: bool) -> None:
        """Any exported bundle, in any order (older ones need the operator's confirmation)."""
        path = self.exported[pick % len(self.exported)]
        before = db_fingerprint(self.office)
        rep = self.office.sync.import_bundle(path, accept_old=confirm)
        if rep.status == "rejected":
            assert rep.code == "bundle.rollback" and not confirm, (rep.code, rep.params)
            assert db_fingerprint(self.office) == before
            return
        if rep.status == "duplicate":
            assert rep.bundle_id in self.imported
            assert db_fingerprint(self.office) == before
            return
        assert rep.bundle_id not in self.imported
        self.imported.add(str(rep.bundle_id))
        for r in rep.records:
            self.seen.setdefault((r.assessment_id, r.revision), set()).add(r.content_sha256)
            if r.outcome != "conflict":
                self.max_seen[r.assessment_id] = max(self.max_seen.get(r.assessment_id, 0),
                                                     r.revision)

    @precondition(lambda self: bool(self.imported))
    @rule(pick=st.integers(0, 1000))
    def reimport(self, pick: int) -> None:
        done = [p for p in self.exported if bundle_ids(p)[2] in self.imported]
        path = done[pick % len(done)]
        before = db_fingerprint(self.office)
        rep = self.office.sync.import_bundle(path, accept_old=True)
        assert rep.status == "duplicate"
        assert db_fingerprint(self.office) == before

    # ------------------------------------------------------------ invariants (G7)

    @invariant()
    def office_is_consistent(self) -> None:
        stored: dict[tuple[str, int], AssessmentRow] = {}
        with read_session(self.office.store.engine) as s:
            rows = s.exec(select(AssessmentRow)).all()
            conflicts = s.exec(select(SyncConflictRow)).all()
            bundles = s.exec(select(ImportedBundleRow)).all()
            data = {r.id: rec.revision_data(s, r) for r in rows}
        for r in rows:
            stored[(r.assessment_id, r.revision)] = r
        by_aid: dict[str, list[AssessmentRow]] = {}
        for r in rows:
            by_aid.setdefault(r.assessment_id, []).append(r)
        for aid, revs in by_aid.items():
            top = max(revs, key=lambda r: r.revision)
            current = [r for r in revs if r.is_current]
            assert current == [top], "the current revision is always the highest one"
            assert top.revision >= self.max_seen.get(aid, 0), "never lower over higher"
        held = {(c.assessment_id, c.revision, c.incoming_content_sha256) for c in conflicts}
        for key, hashes in self.seen.items():
            if key not in stored:
                continue  # only ever seen as a conflicting non-successor
            kept = stored[key].content_sha256
            assert kept in hashes, "the office holds only content a laptop produced"
            for h in hashes - {kept}:
                assert (*key, h) in held, "same revision, different content -> conflict"
        for c in conflicts:
            if c.reason == "same_revision":
                assert stored[(c.assessment_id, c.revision)].content_sha256 != \
                    c.incoming_content_sha256
        template = self.office.templates.get(rows[0].template_id) if rows else None
        for r in rows:  # no silent merge: stored rows are intact, recomputed
            assert template is not None
            report = integrity.examine(rec.revision_facts(data[r.id], template),
                                       self.office.sync.device_keys.verify, None,
                                       now=self.office.sync.clock())
            assert report.ok and report.content_sha256 == r.content_sha256, report.problems
        assert {b.bundle_id for b in bundles} == self.imported


def _machine_for(seed_store: Path, fast_root: Path, golden_data_dir: Path,
                 office_db_url: str | None) -> None:
    SyncMachine.seed_dir = seed_store
    SyncMachine.root = fast_root / "machines"
    SyncMachine.golden = golden_data_dir
    SyncMachine.office_url = office_db_url


def test_idempotency_and_conflicts(seed_store: Path, fast_root: Path,
                                   golden_data_dir: Path, office_db_url: str | None) -> None:
    """[sqlite] and [postgresql] (the office); the server run has a smaller budget."""
    _machine_for(seed_store, fast_root, golden_data_dir, office_db_url)
    n = max(20, SYNC_SETTINGS.max_examples // 5)
    run_state_machine_as_test(SyncMachine, settings=settings(  # type: ignore[no-untyped-call]
        SYNC_SETTINGS, max_examples=pg_examples(office_db_url, n), stateful_step_count=20))


def test_two_laptops_revising_the_same_revision_conflict(
        seed_store: Path, fast_root: Path, golden_data_dir: Path,
        office_db_url: str | None) -> None:
    """The scenario the machine must find, spelled out once."""
    _machine_for(seed_store, fast_root, golden_data_dir, office_db_url)
    m: Any = SyncMachine()
    try:
        m.edit("a", 0, "versi A")
        m.finalise("a", 0, True)
        m.edit("b", 0, "versi B")
        m.finalise("b", 0, False)
        m.export("a")
        m.export("b")
        m.import_bundle(0, False)
        m.import_bundle(1, True)  # b reuses a's sequence number: the operator confirms
        m.office_is_consistent()
        conflicts = m.office.sync.conflicts()
        assert [c.reason for c in conflicts] == ["same_revision"]
        assert conflicts[0].assessment_id == m.ids[0]
        m.reimport(0)
        m.reimport(1)
        assert len(m.office.sync.conflicts()) == 1
    finally:
        m.teardown()


@pytest.fixture(autouse=True)
def _no_leftovers(fast_root: Path) -> Iterator[None]:
    yield
    SyncMachine.office_url = None
    shutil.rmtree(fast_root / "machines", ignore_errors=True)
