"""Helpers shared by the test lanes: the CLI as a user runs it, a Python child process, and
the registry records and answers that several lanes build the same way."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TS = "2024-03-05T10:11:12.000Z"  # a fixed stored timestamp (ISO 8601, UTC, milliseconds)

# ------------------------------------------------------------------ processes


def run_cli(*args: str, data: Path | None = None, lang: str = "id", cwd: Path = REPO,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m assessor_app ARGS`` in a real process, on the data folder ``data`` (None:
    the one the environment names, see tests/conftest.py)."""
    env = {**os.environ, "ASSESSOR_LANG": lang, "PYTHONPATH": str(REPO)}
    if data is not None:
        env["ASSESSOR_DATA_DIR"] = str(data)
    return subprocess.run([sys.executable, "-m", "assessor_app", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def child_env() -> dict[str, str]:
    """The environment of a Python child process that imports this checkout."""
    return dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")


def run_python(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -c SCRIPT ARGS`` in a child process that imports this checkout."""
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, env=child_env(), timeout=timeout, check=False)


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def run_threads(work: Callable[..., object], *each: tuple[Any, ...],
                timeout: float = 60) -> list[BaseException]:
    """``work(*args)`` for each ``args`` of ``each``, all at once in their own threads;
    returns what they raised (an empty list when every call returned)."""
    errors: list[BaseException] = []

    def guarded(*args: Any) -> None:
        try:
            work(*args)
        except BaseException as exc:  # reported to the caller
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=args) for args in each]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return errors


def corrupt_table_page(db: Path, table: str = "institution") -> None:
    """Garble the header of ``table``'s root b-tree page in a checkpointed SQLite file, so
    that its checks (``quick_check``, ``integrity_check``) fail."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        page = int(con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                               (table,)).fetchone()[0])
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
    finally:
        con.close()
    assert page > 1
    with open(db, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(b"\xff" * 8)


# ------------------------------------------------------------------ records and answers

NIK = "0012345678901234"  # leading zeros: TEXT, never a number


def add_lpk(services: Any, name: str = "LPK Mitra Terampil") -> Any:
    """A private LPK with the header fields a JKP.LPK.01 assessment is prefilled from."""
    return services.registry.add_institution(
        name, kind="LPK_SWASTA", vin="3578.0101.2020", status="swasta",
        address="Jl. Rungkut Industri 7", city="Surabaya", province="Jawa Timur",
        head_name="Hj. Lilis Suryani")


def add_asesi(services: Any, name: str = "Nur Aini Rahmawati", nik: str = NIK) -> Any:
    return services.registry.add_assessee(name, nik=nik, gender="P")


def answer_all_ia01(svc: Any, rid: str, fail: frozenset[str] = frozenset()) -> None:
    """Every KUK of an FR.IA.01 (``tidak`` for those in ``fail``, else ``ya``) and its
    header, so that it can be finalised."""
    template = svc.template_of(svc.resolve(rid))
    for item in template.walk_items():
        if item.kuk:
            svc.answer(rid, item.name, "tidak" if item.name in fail else "ya")
    svc.answer(rid, "tuk", "sewaktu")
    svc.answer(rid, "tanggal", "2026-11-20")
    svc.answer(rid, "nama_asesor", "Budi Santoso")


# ------------------------------------------------------------------ competency results

LEGACY_IA01 = "FR.IA.01.J620100.005.02"  # forms/: written before verdict modes (score)
OL_IA01 = "FR.IA.01.UJI.OL"
FAILED_KUK = "u1_e2_k3"  # KUK 2.3, answered "tidak" in the records below


def recommendation_ia01() -> Any:
    """The FR.IA.01 of forms/ as a MUK 2023 instrument (``verdict: recommendation``: a KUK
    not achieved recommends OL), under a code of its own."""
    from assessor_app.core.template_loader import load_template_text

    text = (REPO / "forms" / "fr-ia-01-pemrograman-ui.yaml").read_text(encoding="utf-8")
    assert f"code: {LEGACY_IA01}\n" in text and "kind: competency\n" in text
    text = text.replace(f"code: {LEGACY_IA01}\n", f"code: {OL_IA01}\n", 1)
    text = text.replace("kind: competency\n", "kind: competency\nverdict: recommendation\n", 1)
    return load_template_text(text, "fr-ia-01-ol.yaml")


def competency_records(services: Any) -> dict[str, Any]:
    """The demo data (two locked FR.AK.01 consent forms, a locked JKP.LPK.01 graded A ...)
    and two finalised FR.IA.01 with one KUK "tidak" of 9: ``ol`` on the instrument
    (recommends OL) and ``bk`` on the legacy template (BK; its row stores a percentage)."""
    from assessor_app.services.demo import seed_demo

    seed_demo(services)
    services.templates.install(recommendation_ia01())
    svc = services.assessments
    out: dict[str, Any] = {}
    for key, code, name in (("ol", OL_IA01, "Asesi Observasi Lanjut"),
                            ("bk", LEGACY_IA01, "Asesi Belum Kompeten")):
        person = services.registry.add_assessee(name)
        row = svc.create(code, assessee_id=person.id)
        answer_all_ia01(svc, row.id, fail=frozenset({FAILED_KUK}))
        svc.finalise(row.id)
        out[key] = svc.resolve(row.id)
    assert (out["ol"].verdict, out["bk"].verdict) == ("OL", "BK")
    assert out["ol"].score_percent is None and out["bk"].score_percent is not None
    return out
