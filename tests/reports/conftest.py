"""Fixtures for the report tests: a demo store seeded once per session with a fixed clock
(so signature dates are known), copied for every test; PDF text and layout helpers."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_golden

# 20 November 2026, 10.15 WIB: the demo visit's day
FIXED_NOW = dt.datetime(2026, 11, 20, 3, 15, tzinfo=dt.UTC)


def fixed_clock() -> dt.datetime:
    return FIXED_NOW


def _open(data_dir: Path) -> Any:
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    svc = open_services(AppPaths(data_dir), clock=fixed_clock)
    svc.assessments.on_finalised = None  # no backup per finalise: tests stay fast
    return svc


@pytest.fixture(scope="session")
def demo_db(golden_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from assessor_app.services.demo import seed_demo

    d = tmp_path_factory.mktemp("reports_demo")
    copy_golden(golden_data_dir, d)
    svc = _open(d)
    try:
        seed_demo(svc)
    finally:
        svc.store.close(clean=True)
    return d / "assessor.db"


@pytest.fixture()
def demo(demo_db: Path, tmp_path: Path) -> Iterator[Any]:
    """Services over a private copy of the seeded demo store."""
    d = tmp_path / "demo"
    d.mkdir()
    shutil.copy2(demo_db, d / "assessor.db")
    svc = _open(d)
    try:
        yield svc
    finally:
        svc.store.close(clean=True)


@pytest.fixture()
def reports(demo: Any) -> Any:
    from assessor_app.services.reports import ReportService

    return ReportService(demo)
