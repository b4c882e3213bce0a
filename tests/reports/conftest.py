"""Fixtures for the report tests: a demo store seeded once per session with a fixed clock
(so signature dates are known), copied for every test; PDF text and layout helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_golden
from tests.reports.support import open_store, store_copy

# 20 November 2026, 10.15 WIB: the demo visit's day
FIXED_NOW = dt.datetime(2026, 11, 20, 3, 15, tzinfo=dt.UTC)


def fixed_clock() -> dt.datetime:
    return FIXED_NOW


@pytest.fixture(scope="session")
def demo_db(golden_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assessor_app.services.demo import seed_demo

    d = tmp_path_factory.mktemp("reports_demo")
    copy_golden(golden_data_dir, d)
    svc = open_store(d, fixed_clock)
    try:
        seed_demo(svc)
    finally:
        svc.store.close(clean=True)
    return d / "assessor.db"


@pytest.fixture()
def demo(demo_db: Path, tmp_path: Path) -> Iterator[Any]:
    """Services over a private copy of the seeded demo store."""
    with store_copy(demo_db, tmp_path / "demo", fixed_clock) as svc:
        yield svc


@pytest.fixture()
def reports(demo: Any) -> Any:
    from assessor_app.services.reports import ReportService

    return ReportService(demo)
