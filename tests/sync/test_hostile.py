"""G6: the malicious bundle corpus (RELIABILITY 9.6), single-byte flips, and a fuzz of the
reader. Every hostile file is refused with its specific code, nothing crashes, no database
row changes and no file appears anywhere but where the test put it."""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor_app.bundles.errors import CODES, ImportRejected
from assessor_app.bundles.result import DeviceKey, read_result_bundle
from assessor_app.services.runtime import Services
from assessor_app.services.sync import import_report_csv
from assessor_app.storage.db import write_session
from assessor_app.storage.tables import DeviceIdentityRow, InstitutionRow
from tests.sync.conftest import SYNC_SETTINGS, db_fingerprint, make_services, tree_snapshot

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "make_hostile_bundles.py"
DB_FILES = frozenset({"assessor.db", "assessor.db-wal", "assessor.db-shm", "running.lock"})


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location("make_hostile_bundles", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    out = tmp_path_factory.mktemp("corpus")
    return out, _load_script().build_corpus(out)


def _office_for(corpus: dict[str, Any], tmp_path: Path, golden: Path,
                db_url: str | None = None) -> Services:
    office = make_services(tmp_path, db_url, name="office", golden=golden)
    keys = corpus["office"]
    with write_session(office.store.engine) as s:
        s.add(DeviceIdentityRow(
            device_id=keys["device_id"],
            ed25519_private=base64.b64decode(keys["ed25519_private"]),
            ed25519_public=keys["ed25519_public"],
            x25519_private=base64.b64decode(keys["x25519_private"]),
            x25519_public=keys["x25519_public"], created_at="2026-11-20T08:00:00.000Z"))
    office.sync.enrol_device(corpus["device"]["ed25519_public"], corpus["device"]["name"])
    office.sync.enrol_device(corpus["second_device"]["ed25519_public"],
                             corpus["second_device"]["name"])
    revoked = office.sync.enrol_device(corpus["revoked_device"]["ed25519_public"], "Dicabut")
    office.sync.revoke_device(revoked.device_id)
    return office


def test_corpus_has_at_least_50_refusals_with_known_codes(corpus: tuple[Path, Any]) -> None:
    _, data = corpus
    refused = [c for c in data["cases"] if c["outcome"] == "refused"]
    assert len(refused) >= 50
    assert {c["expect"] for c in refused} <= CODES
    assert len({c["expect"] for c in refused}) >= 40  # specific, not one catch-all code


def test_every_hostile_bundle_is_refused_with_its_code(
        corpus: tuple[Path, dict[str, Any]], tmp_path: Path, golden_data_dir: Path,
        monkeypatch: pytest.MonkeyPatch, office_db_url: str | None) -> None:
    """[sqlite] and [postgresql]: on the server too, every refusal leaves each table's
    row count and row hash (``db_fingerprint``) exactly as it was."""
    folder, data = corpus
    office = _office_for(data, tmp_path, golden_data_dir, office_db_url)
    try:
        for name in data["setup"]:
            rep = office.sync.import_bundle(folder / name)
            assert rep.status == "imported", (name, rep.code, rep.params)
        cwd = tmp_path / "cwd"
        cwd.mkdir()
        monkeypatch.chdir(cwd)
        data_dir = office.paths.data_dir
        files_before = tree_snapshot(data_dir, DB_FILES)
        corpus_before = tree_snapshot(folder)
        wrong: list[str] = []
        slowest = 0.0
        for case in data["cases"]:
            before = db_fingerprint(office)
            t0 = time.perf_counter()
            rep = office.sync.import_bundle(folder / case["file"])
            slowest = max(slowest, time.perf_counter() - t0)
            after = db_fingerprint(office)
            if case["outcome"] == "refused":
                if rep.status != "rejected" or rep.code != case["expect"]:
                    wrong.append(f"{case['file']}: {case['what']}: expected {case['expect']}, "
                                 f"got {rep.status} {rep.code} {rep.params}")
                elif after != before:
                    wrong.append(f"{case['file']}: refused but the database changed")
            elif case["outcome"] == "duplicate":
                if rep.status != "duplicate" or after != before:
                    wrong.append(f"{case['file']}: replay was not a no-op ({rep.status})")
            else:
                _check_accepted(office, case, rep, wrong)
        assert not wrong, "\n".join(wrong)
        assert slowest < 2.0, f"a refusal took {slowest:.2f}s"
        assert tree_snapshot(data_dir, DB_FILES) == files_before
        assert tree_snapshot(folder) == corpus_before
        assert tree_snapshot(cwd) == {}
    finally:
        office.store.close(clean=True)


def _check_accepted(office: Services, case: dict[str, Any], rep: Any, wrong: list[str]) -> None:
    """Hostile text in valid records: stored verbatim, never interpreted."""
    if rep.status != "imported" or [r.outcome for r in rep.records] != ["new"]:
        wrong.append(f"{case['file']}: {case['what']}: {rep.status} {rep.code}")
        return
    detail = office.assessments.detail(case["assessment_id"])
    if detail.row.subject_name != case["payload"] or detail.institution is None or \
            detail.institution.name != case["payload"]:
        wrong.append(f"{case['file']}: payload not stored verbatim")
    with write_session(office.store.engine) as s:  # the table a payload tried to drop
        assert s.get(InstitutionRow, detail.row.institution_id) is not None
    csv_text = import_report_csv([rep]).decode("utf-8")
    if case["payload"].startswith("=") and ("," + case["payload"][:10]) in csv_text:
        wrong.append(f"{case['file']}: CSV cell not escaped")


def test_single_byte_flips_of_manifest_and_signature_are_refused(
        corpus: tuple[Path, dict[str, Any]], tmp_path: Path, golden_data_dir: Path,
        office_db_url: str | None) -> None:
    folder, data = corpus
    office = _office_for(data, tmp_path, golden_data_dir, office_db_url)
    try:
        base_name = data["setup"][0]
        raw = (folder / base_name).read_bytes()
        assert office.sync.import_bundle(folder / base_name).status == "imported"
        before = db_fingerprint(office)
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            infos = {i.filename: i for i in zf.infolist()}
        start = infos["manifest.json"].header_offset
        sig = infos["manifest.sig"]
        end = sig.header_offset + 30 + len("manifest.sig") + sig.compress_size
        target = tmp_path / "flips" / base_name
        target.parent.mkdir()
        codes: dict[str, int] = {}
        for pos in range(start, end):
            flipped = bytearray(raw)
            flipped[pos] ^= 0xFF
            target.write_bytes(bytes(flipped))
            rep = office.sync.import_bundle(target)
            assert rep.status == "rejected", (pos, rep.status)
            assert rep.code in CODES
            codes[rep.code] = codes.get(rep.code, 0) + 1
        assert db_fingerprint(office) == before
        assert end - start > 500 and len(codes) >= 3
    finally:
        office.store.close(clean=True)


# ------------------------------------------------------------------ fuzz (G8)


@pytest.fixture(scope="module")
def seed_bundle(corpus: tuple[Path, dict[str, Any]]) -> tuple[str, bytes, bytes]:
    folder, data = corpus
    name = data["setup"][0]
    return name, (folder / name).read_bytes(), base64.b64decode(
        data["device"]["ed25519_public"])


def _read(name: str, raw: bytes, key: bytes) -> None:
    try:
        read_result_bundle(raw, name, device_key=lambda _d: DeviceKey(key, False))
    except ImportRejected as exc:
        assert exc.code in CODES


@settings(SYNC_SETTINGS, max_examples=150)
@given(st.binary(max_size=4096))
def test_fuzz_random_bytes_only_raise_import_rejected(
        seed_bundle: tuple[str, bytes, bytes], blob: bytes) -> None:
    name, _, key = seed_bundle
    _read(name, blob, key)


@settings(SYNC_SETTINGS, max_examples=150)
@given(st.data())
def test_fuzz_mutated_bundles_only_raise_import_rejected(
        seed_bundle: tuple[str, bytes, bytes], data: st.DataObject) -> None:
    name, raw, key = seed_bundle
    mutated = bytearray(raw)
    for _ in range(data.draw(st.integers(1, 8))):
        pos = data.draw(st.integers(0, len(mutated) - 1))
        mutated[pos] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        cut = data.draw(st.integers(0, len(mutated)))
        mutated = mutated[:cut]
    _read(name, bytes(mutated), key)


@settings(SYNC_SETTINGS, max_examples=100)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20))
def test_fuzz_signed_garbage_records_only_raise_import_rejected(
        corpus: tuple[Path, dict[str, Any]], value: Any) -> None:
    """Structure-aware: a correctly signed bundle whose records are arbitrary JSON."""
    module = _load_script_cached()
    folder, data = corpus
    c = module.Corpus(folder, *_base_cached(module, folder))
    name, raw = c.records_variant("fuzz", json.dumps(value).encode())
    _read(name, raw, base64.b64decode(data["device"]["ed25519_public"]))


_CACHE: dict[str, Any] = {}


def _load_script_cached() -> Any:
    if "module" not in _CACHE:
        _CACHE["module"] = _load_script()
    return _CACHE["module"]


def _base_cached(module: Any, folder: Path) -> tuple[Any, Any, Any]:
    if "base" not in _CACHE:
        work = folder / ".fuzz-base"
        if not work.exists():
            work.mkdir()
        _CACHE["base"] = module.make_base(work)
    base: tuple[Any, Any, Any] = _CACHE["base"]
    return base


def test_oversized_file_is_refused_before_reading(tmp_path: Path, office: Services) -> None:
    big = tmp_path / ("bundle-" + "0" * 16 + "-000001-" + "0" * 32 + ".zip")
    with open(big, "wb") as f:
        f.truncate(300 * 1024 * 1024)
    rep = office.sync.import_bundle(big)
    assert (rep.status, rep.code) == ("rejected", "bundle.too_large")
    assert os.path.getsize(big) == 300 * 1024 * 1024
