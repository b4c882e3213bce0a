"""The CLI run in-process (``assessor_app.cli.main``) on a copy of the golden store: the
same parser, handlers, exit codes and output as ``python -m assessor_app``, without a new
interpreter per command."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assessor_app.i18n import current_language, set_language
from tests.helpers import copy_golden

# the tables a registry, evidence or template command writes to (every write audits)
TABLES = ("institution", "assessee", "assessor", "visit", "visit_assessor", "assessment",
          "answer", "repeat_instance", "evidence", "media", "template", "audit_log")


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


Cli = Callable[..., Run]


def photo_jpeg(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (200, 40, 40)
               ) -> bytes:
    """A small real JPEG made with Pillow."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", quality=90)
    return out.getvalue()


def fingerprint(data: Path) -> dict[str, Any]:
    """Row counts of the written tables, the audit's last row and the newest change of any
    assessment: equal before and after a refused command means nothing was written."""
    con = sqlite3.connect(data / "assessor.db")
    try:
        out: dict[str, Any] = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                               for t in TABLES}
        out["last_audit"] = con.execute("SELECT max(rowid) FROM audit_log").fetchone()[0]
        out["assessment_updated"] = con.execute(
            "SELECT max(updated_at) FROM assessment").fetchone()[0]
    finally:
        con.close()
    return out


def one_line_error(run: Run, *words: str) -> None:
    """Exit 2, one line on stderr that names the problem, no traceback, nothing printed."""
    assert run.code == 2, (run.code, run.out, run.err)
    lines = run.err.strip().splitlines()
    assert len(lines) == 1, run.err
    assert lines[0].startswith("assessor-app: ") and "Traceback" not in run.err
    for word in words:
        assert word in lines[0], (word, lines[0])


def ak01_draft(cli: Cli, name: str, nik: str) -> str:
    """A new asesi ``name`` and a draft FR.AK.01 of them with one answer: its id."""
    assert cli("assessees", "add", name, "--nik", nik).code == 0
    made = cli("assessments", "new", "--template", "FR.AK.01", "--subject", name.split()[0],
               "--json")
    assert made.code == 0, made.err
    aid = str(made.json()["id"])
    assert cli("assessments", "answer", aid, "setuju_asesi_banding=ya").code == 0
    return aid


def finalised_ak01(cli: Cli, data: Path, name: str, nik: str) -> str:
    """A new asesi ``name`` and a finalised FR.AK.01 of them, every required item answered
    (through the services, as the CLI asks one item at a time): its id."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.demo import fill_required
    from assessor_app.services.runtime import open_services

    aid = ak01_draft(cli, name, nik)
    services = open_services(AppPaths(data))
    try:
        fill_required(services.assessments, services.assessments.resolve(aid).id)
    finally:
        services.close()
    assert cli("assessments", "finalise", aid).code == 0
    return aid


def new_data_dir(golden: Path, where: Path) -> Path:
    where.mkdir(parents=True)
    return copy_golden(golden, where)


@pytest.fixture()
def data(golden_data_dir: Path, tmp_path: Path) -> Path:
    """A data folder with every shipped template installed."""
    return new_data_dir(golden_data_dir, tmp_path / "data")


@pytest.fixture()
def cli(data: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    """``cli(*args, data=folder)``: one command on ``data`` (default: the test's folder),
    in Indonesian."""
    from assessor_app.cli import main

    before = current_language()
    set_language("id")

    def run(*args: str, data_dir: Path | None = None) -> Run:
        capsys.readouterr()
        code = main([*args, "--data-dir", str(data_dir or data)])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    try:
        yield run
    finally:
        set_language(before)
