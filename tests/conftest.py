"""Shared fixtures. Every app directory is redirected into tmp_path; Qt runs offscreen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ASSESSOR_LANG", "id")

REPO = Path(__file__).resolve().parent.parent
FORMS = REPO / "forms"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESSOR_DATA_DIR", str(tmp_path / "appdata"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("ASSESSOR_LANG", "id")


@pytest.fixture(scope="session")
def golden_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with every shipped template installed (built once per session)."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    d = tmp_path_factory.mktemp("golden")
    services = open_services(AppPaths(d))
    services.store.close(clean=True)  # checkpointed, lock released, no backup
    return d


@pytest.fixture()
def services(golden_data_dir: Path, tmp_path: Path) -> Iterator[object]:
    """Fresh services on a copy of the golden store (Anki's getEmptyCol idea)."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    d = tmp_path / "data"
    d.mkdir()
    shutil.copy2(golden_data_dir / "assessor.db", d / "assessor.db")
    svc = open_services(AppPaths(d))
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


# ------------------------------------------------------------------ SQLite and PostgreSQL


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Run the test on both databases (ids ``sqlite`` / ``postgresql``).

    Yields None for SQLite, or the URL of a fresh empty PostgreSQL database that is dropped
    after the test. Skipped without ``ASSESSOR_TEST_PG_URL``, failed instead under
    ``CI=true``. Open services on it with ``tests.postgres.support.open_test_services``
    (or use ``db_services``); details in tests/postgres/support.py.
    """
    if request.param == "sqlite":
        yield None
        return
    from tests.postgres.support import fresh_pg_database

    yield from fresh_pg_database()


@pytest.fixture()
def pg_url() -> Iterator[str]:
    """A fresh empty PostgreSQL database only (for PostgreSQL-specific tests)."""
    from tests.postgres.support import fresh_pg_database

    yield from fresh_pg_database()


@pytest.fixture()
def db_services(db_url: str | None, tmp_path: Path) -> Iterator[object]:
    """Services (templates synced) on SQLite and on PostgreSQL: see ``db_url``."""
    from tests.postgres.support import open_test_services

    svc = open_test_services(tmp_path, db_url)
    try:
        yield svc
    finally:
        svc.store.close(clean=True)  # like ``services``: no exit backup

