"""Shared fixtures. Every app directory is redirected into tmp_path; Qt runs offscreen."""

from __future__ import annotations

import faulthandler
import logging
import os
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import copy_golden
from tests.logfail import LogFailHandler, allowed_logs, failure_message

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("ASSESSOR_LANG", "id")
# Encryption at rest (assessor_app/core/keys.py): the suite's many stores are plain SQLite
# and never touch the OS keyring; new key files use cheap Argon2id parameters. Tests of
# encryption turn it on with the ``encrypted`` fixture (tests/helpers.py: encryption_on).
# Subprocesses (the CLI end to end, kill -9 drivers) inherit these.
os.environ.setdefault("ASSESSOR_ENCRYPTION", "off")
os.environ.setdefault("ASSESSOR_KEYRING", "off")
os.environ.setdefault("ASSESSOR_KDF", "fast")

REPO = Path(__file__).resolve().parent.parent
FORMS = REPO / "forms"


TESTS = Path(__file__).resolve().parent
# Lanes: every test belongs to the lane named by its folder (declared as markers in
# pyproject.toml), so ``pytest -m unit`` runs one lane. A test in another folder is an error.
LANES = ("unit", "gui", "sync", "office", "reports", "postgres", "fault", "e2e", "cli")

_LOG_FAIL = LogFailHandler()


def pytest_configure(config: pytest.Config) -> None:
    logging.getLogger().addHandler(_LOG_FAIL)


def pytest_unconfigure(config: pytest.Config) -> None:
    logging.getLogger().removeHandler(_LOG_FAIL)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        allowed_logs(item)  # a malformed allow_log marker is a usage error at collection
        try:
            folder = item.path.resolve().relative_to(TESTS).parts[0]
        except ValueError:
            continue  # not in this tree (tests/unit/test_logfail.py runs pytest elsewhere)
        if folder not in LANES:
            raise pytest.UsageError(
                f"{item.nodeid}: a test lives in one of the lane folders {', '.join(LANES)} "
                "(add a new lane to LANES in tests/conftest.py and to the markers in "
                "pyproject.toml)")
        item.add_marker(getattr(pytest.mark, folder))
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture(autouse=True)
def _qt_garbage_collected_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that makes widgets runs as the app does (``ui.gc_collector``): Python's
    automatic collector is off, so a window its test dropped in a reference cycle is never
    deleted by a collection that a worker thread (an export writing the stick, the lane)
    or the middle of Qt's event delivery happens to trigger; the garbage is collected here,
    on the GUI thread, after pytest-qt has closed the test's widgets."""
    if request.node.get_closest_marker("gui") is None:
        yield
        return
    import gc

    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if was_enabled:
            gc.enable()


# ------------------------------------------------------------------ faulthandler_timeout


_DUMP_MARGIN = 10.0  # seconds: faulthandler_timeout (290) is --timeout (300) minus this


def _rearm_faulthandler(item: pytest.Item) -> None:
    """``faulthandler_timeout`` dumps every thread's stack just before pytest-timeout's
    default limit; a test marked with a longer ``timeout`` gets its dump just before that
    limit instead (no dump in the middle of a long run that is still within its budget)."""
    base = float(item.config.getini("faulthandler_timeout") or 0)
    mark = item.get_closest_marker("timeout")
    if base <= 0 or mark is None or not mark.args:
        return
    limit = float(mark.args[0])
    if limit - _DUMP_MARGIN <= base:
        return
    try:
        from _pytest.faulthandler import fault_handler_stderr_fd_key
        fd = item.config.stash[fault_handler_stderr_fd_key]
    except (ImportError, KeyError):
        return
    faulthandler.dump_traceback_later(limit - _DUMP_MARGIN, file=fd)


# ------------------------------------------------------------------ log-fail (tests/logfail.py)
# The handler collects WARNING+ records all session long; each phase of a test is checked
# after it ran (the outermost wrappers, so after pytest-qt's and pytest-timeout's), and the
# records of a phase that already failed are dropped: its own error says what went wrong.


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, object, object]:
    _rearm_faulthandler(item)
    _LOG_FAIL.take()  # records from between tests (collection, a previous test's threads)
    try:
        return (yield)
    except BaseException:
        _LOG_FAIL.take()
        raise


def _checked_phase(item: pytest.Item, phase: str) -> Generator[None, object, object]:
    """Run the phase; fail it on a record the test does not allow (since the last check)."""
    try:
        result = yield
    except BaseException:
        _LOG_FAIL.take()
        raise
    unexpected = _LOG_FAIL.unexpected(allowed_logs(item))
    if unexpected:
        pytest.fail(failure_message(phase, unexpected), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _checked_phase(item, "the test"))  # set-up's records and the test's


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    return (yield from _checked_phase(item, "teardown"))


@pytest.fixture(autouse=True)
def _root_logging_restored() -> Iterator[None]:
    """A CLI run in-process (``setup_logging``) adds a log file handler in that test's
    folder and sets the root level: undo both, so no test depends on another's logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in [h for h in root.handlers
                    if h not in handlers and isinstance(h, logging.FileHandler)]:
        root.removeHandler(handler)
        handler.close()
    root.setLevel(level)


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESSOR_DATA_DIR", str(tmp_path / "appdata"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("ASSESSOR_LANG", "id")
    monkeypatch.delenv("ASSESSOR_PASSPHRASE_FILE", raising=False)


PASSPHRASE = "kunci lapangan rahasia 2026"


@pytest.fixture()
def encrypted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Encryption at rest ON for this test (the suite runs plain: ASSESSOR_ENCRYPTION=off
    above): new data folders are encrypted with the returned passphrase, which
    ``ASSESSOR_PASSPHRASE_FILE`` points at. The keyring stays off, Argon2id stays cheap."""
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
    return PASSPHRASE


SUMMARY = "summary"


@pytest.fixture()
def summary_line(request: pytest.FixtureRequest) -> Callable[[str], None]:
    """A line a test adds to the run's "measurements" section (the kill -9 totals): kept
    on the test's report, so it also reaches the terminal from an xdist worker."""
    def add(line: str) -> None:
        request.node.user_properties.append((SUMMARY, line.strip()))
    return add


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = [value for reports in terminalreporter.stats.values() for rep in reports
             for key, value in getattr(rep, "user_properties", ()) if key == SUMMARY]
    if lines:
        terminalreporter.section("measurements")
        for line in dict.fromkeys(lines):  # once each (a report per phase carries it)
            terminalreporter.write_line(line)


LEGACY_FORMS = Path(__file__).resolve().parent / "fixtures" / "legacy_forms"


@pytest.fixture(scope="session")
def golden_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with every shipped template installed (built once per session)."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    d = tmp_path_factory.mktemp("golden")
    services = open_services(AppPaths(d))
    # Templates written before MUK 2023 instruments existed (verdict: score), as older
    # stores hold them: records made on them must keep working.
    services.templates.directories.append(LEGACY_FORMS)
    services.templates.sync()
    services.store.close(clean=True)  # checkpointed, lock released, no backup
    return d


@pytest.fixture()
def services(golden_data_dir: Path, tmp_path: Path) -> Iterator[object]:
    """Fresh services on a copy of the golden store (Anki's getEmptyCol idea)."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    d = tmp_path / "data"
    d.mkdir()
    copy_golden(golden_data_dir, d)
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

