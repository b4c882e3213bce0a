"""Fixtures for the sync tests: laptops and an office as separate stores.

``make_services(tmp_path, db_url=None, name=...)`` opens one installation. SQLite stores
start from a copy of the session's golden database (templates already installed), so
opening is cheap. ``office_db_url`` follows the root ``db_url`` fixture: every test that
uses the ``office`` (or asks for ``office_db_url``) runs as ``[sqlite]`` and
``[postgresql]``; laptops are always SQLite. Property tests take a smaller example budget
on the server (``pg_examples``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings
from sqlalchemy import text
from sqlmodel import SQLModel

from assessor_app.paths import AppPaths
from assessor_app.services.runtime import Services, open_services
from assessor_app.storage.db import read_session
from tests.helpers import copy_golden, with_legacy_templates

settings.register_profile(
    "sync", max_examples=100, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])
settings.register_profile(
    "sync-nightly", max_examples=1000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])
settings.register_profile(
    "sync-debug", max_examples=30, deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.function_scoped_fixture])
#: The settings every property test here uses (not loaded globally, so other test folders
#: keep their own): ``ASSESSOR_HYPOTHESIS_PROFILE=sync-nightly`` for the long run.
SYNC_SETTINGS = settings.get_profile(os.environ.get("ASSESSOR_HYPOTHESIS_PROFILE", "sync"))

_GOLDEN: dict[str, Path] = {}


def make_services(tmp_path: Path, db_url: str | None = None, *, name: str = "store",
                  golden: Path | None = None, **kwargs: Any) -> Services:
    """Open one installation under ``tmp_path/name`` (SQLite) or on ``db_url``."""
    data = tmp_path / name
    data.mkdir(parents=True, exist_ok=True)
    golden = golden or _GOLDEN.get("dir")
    if db_url is None and golden is not None and not (data / "assessor.db").exists():
        copy_golden(golden, data)
    services = open_services(AppPaths(data), database_url=db_url, **kwargs)
    if db_url is not None and kwargs.get("sync_templates", True):
        with_legacy_templates(services)
    return services


@pytest.fixture(autouse=True)
def _remember_golden(golden_data_dir: Path) -> None:
    _GOLDEN["dir"] = golden_data_dir


@pytest.fixture(scope="module")
def fast_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder on tmpfs when there is one: the property tests commit thousands of times
    and each commit fsyncs (synchronous=FULL); on tmpfs that costs nothing."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        root = Path(tempfile.mkdtemp(prefix="assessor-sync-", dir=shm))
        try:
            yield root
        finally:
            shutil.rmtree(root, ignore_errors=True)
    else:
        yield tmp_path_factory.mktemp("fast")


@pytest.fixture()
def office_db_url(db_url: str | None) -> str | None:
    """The office's database: every test that uses ``office`` runs twice, ``[sqlite]``
    (None) and ``[postgresql]`` (a fresh empty database on the test server; skipped
    without ``ASSESSOR_TEST_PG_URL``, failed under ``CI=true``). Laptops are always
    SQLite."""
    return db_url


def pg_examples(db_url: str | None, n: int) -> int:
    """Hypothesis example budget: ``n`` on SQLite; on PostgreSQL a quarter (at least
    ``PG_MIN_EXAMPLES``) so that the server run stays short; ``ASSESSOR_PG_EXAMPLES``
    overrides it (e.g. nightly)."""
    if db_url is None:
        return n
    forced = os.environ.get("ASSESSOR_PG_EXAMPLES")
    if forced:
        return max(1, int(forced))
    return max(PG_MIN_EXAMPLES, n // 4)


PG_MIN_EXAMPLES = 10


def reset_office_database(db_url: str) -> None:
    """Empty a PostgreSQL test database again (every schema dropped), e.g. for the next
    Hypothesis example; its connections must be closed."""
    from tests.postgres.support import reset_database

    reset_database(db_url)


@pytest.fixture()
def laptop(tmp_path: Path) -> Iterator[Services]:
    svc = make_services(tmp_path, name="laptop")
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


@pytest.fixture()
def office(tmp_path: Path, office_db_url: str | None) -> Iterator[Services]:
    svc = make_services(tmp_path, office_db_url, name="office")
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


def db_fingerprint(services: Services) -> dict[str, tuple[int, str]]:
    """Row count and a hash of every row, per table (to prove nothing changed)."""
    out: dict[str, tuple[int, str]] = {}
    with read_session(services.store.engine) as s:
        conn = s.connection()
        for table in sorted(SQLModel.metadata.tables):
            rows = conn.execute(text(f"SELECT * FROM {table}")).all()  # noqa: S608 (our names)
            digest = hashlib.sha256()
            for row in sorted(repr(tuple(r)) for r in rows):
                digest.update(row.encode("utf-8", "surrogatepass"))
            out[table] = (len(rows), digest.hexdigest())
    return out


def tree_snapshot(root: Path, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    """Every file below ``root`` with the SHA-256 of its content."""
    out: dict[str, str] = {}
    if not root.exists():
        return out
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in skip:
            out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture()
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli(data_dir, *args)`` -> ``(exit code, stdout, stderr)``: one command run
    in-process (``assessor_app.cli.main``), in Indonesian."""
    from assessor_app.cli import main
    from assessor_app.i18n import current_language, set_language

    def run(data: Path, *args: str) -> tuple[int, str, str]:
        before = current_language()
        set_language("id")
        try:
            capsys.readouterr()
            code = main([*args, "--data-dir", str(data)])
            out = capsys.readouterr()
        finally:
            set_language(before)
        return code, out.out, out.err
    return run
