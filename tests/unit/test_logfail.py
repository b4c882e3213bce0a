"""The log-fail check (tests/logfail.py, wired in tests/conftest.py): a pytest run in a
subprocess, on tests that log, with the suite's own hooks."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.logfail import AllowedLog, LogFailHandler, allowed_logs

REPO = Path(__file__).resolve().parents[2]

INNER = '''
import logging
import threading

import pytest

log = logging.getLogger("assessor_app.storage.demo")


def test_info_is_fine():
    log.info("opened")


def test_unexpected_warning():
    log.warning("disk almost full")


@pytest.mark.allow_log("WARNING", "assessor_app.storage", r"almost full")
def test_allowed_warning():
    log.warning("disk almost full")


@pytest.mark.allow_log("WARNING", "assessor_app.storage", r"almost full")
def test_an_allowance_is_for_its_level_only():
    log.error("disk almost full")


@pytest.mark.allow_log("WARNING", "assessor_app.storage.other", r"almost full")
def test_an_allowance_is_for_its_logger_only():
    log.warning("disk almost full")


def test_from_a_worker_thread():
    worker = threading.Thread(target=lambda: log.error("worker failed"))
    worker.start()
    worker.join()


@pytest.fixture
def noisy_teardown():
    yield
    log.error("closing failed")


def test_in_teardown(noisy_teardown):
    pass


def test_a_failing_test_keeps_its_own_error():
    log.warning("about to fail")
    assert False, "its own error"
'''


def test_unexpected_records_fail_the_test_and_marked_ones_do_not(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text("from tests.conftest import *  # noqa: F403\n")
    (tmp_path / "test_inner.py").write_text(INNER)
    (tmp_path / "pytest.ini").write_text(textwrap.dedent("""
        [pytest]
        addopts = --strict-markers -p no:cacheprovider
        markers =
            allow_log(level, logger, pattern): allowed
        """))
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-m", "pytest", "-rA", "-q", "test_inner.py"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    outcome: dict[str, list[str]] = {}
    for line in proc.stdout.splitlines():
        word, _, rest = line.partition(" ")
        if word in ("PASSED", "FAILED", "ERROR") and "::" in rest:
            outcome.setdefault(rest.split("::")[1].split(" ")[0], []).append(word)
    assert outcome == {
        "test_info_is_fine": ["PASSED"],
        "test_unexpected_warning": ["FAILED"],
        "test_allowed_warning": ["PASSED"],
        "test_an_allowance_is_for_its_level_only": ["FAILED"],
        "test_an_allowance_is_for_its_logger_only": ["FAILED"],
        "test_from_a_worker_thread": ["FAILED"],
        "test_in_teardown": ["PASSED", "ERROR"],
        "test_a_failing_test_keeps_its_own_error": ["FAILED"],
    }, proc.stdout + proc.stderr
    out = proc.stdout
    assert "WARNING assessor_app.storage.demo: disk almost full" in out
    assert "unexpected log record(s) during teardown" in out and "closing failed" in out
    assert "its own error" in out


@pytest.mark.allow_log("WARNING", "assessor_app.storage", r"^disk \w+ full$")
def test_a_marked_record_passes_here(request: pytest.FixtureRequest) -> None:
    logging.getLogger("assessor_app.storage.store").warning("disk almost full")
    [allowed] = allowed_logs(request.node)
    assert (allowed.level, allowed.logger) == ("WARNING", "assessor_app.storage")


def test_the_handler_matches_level_logger_and_pattern() -> None:
    handler = LogFailHandler()

    def record(level: int, name: str, msg: str) -> logging.LogRecord:
        return logging.LogRecord(name, level, __file__, 1, msg, None, None)

    allowed = [AllowedLog("ERROR", "assessor_app.ui", re.compile(r"saving \w+ failed"))]
    for r in [record(logging.ERROR, "assessor_app.ui.editor", "saving note failed"),
              record(logging.ERROR, "assessor_app.uix", "saving note failed"),
              record(logging.WARNING, "assessor_app.ui", "saving note failed"),
              record(logging.ERROR, "assessor_app.ui", "saving failed")]:
        handler.handle(r)
    assert [(r.name, r.levelname, r.getMessage()) for r in handler.unexpected(allowed)] == [
        ("assessor_app.uix", "ERROR", "saving note failed"),
        ("assessor_app.ui", "WARNING", "saving note failed"),
        ("assessor_app.ui", "ERROR", "saving failed")]
    assert handler.take() == []  # taken once
