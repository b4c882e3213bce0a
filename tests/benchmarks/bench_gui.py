"""GUI figures, each beside its floor measured in the same run:
- cold start to a shown main window with 10,000 assessments vs a bare PySide6 window, and
  to the list showing its first rows (the window's frame shows first, the store opens once
  it has painted: ``app.run_gui``);
- peak memory of the GUI with 10,000 assessments (whole list scrolled) vs the bare window;
- longest stall of the GUI event loop while an export, an import and a report run in the
  background, vs the longest gap while idle."""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from tests.benchmarks.common import REPO, Figure, run_benchmark, seed_bulk

CHILD = Path(__file__).with_name("gui_child.py")
_compiled: list[bool] = []


def compile_app() -> None:
    """The app's bytecode written once, as an installed app has it (pip and PyInstaller
    compile it): without it every child compiles the package from source, which a user never
    waits for, and a ``PYTHONDONTWRITEBYTECODE`` shell would measure that every time."""
    if not _compiled:
        compileall.compile_dir(REPO / "assessor_app", quiet=1)
        _compiled.append(True)


def child(*args: str) -> dict[str, object]:
    compile_app()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    started = time.time()
    out = subprocess.run([sys.executable, str(CHILD), *args], capture_output=True, text=True,
                         env=env, timeout=600, cwd=REPO)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"gui child {args[0]} failed: {out.stderr[-2000:]}")
    result: dict[str, object] = json.loads(lines[-1])
    if "error" in result:
        raise RuntimeError(str(result["error"]))
    if "shown" in result:
        result["start_s"] = float(result["shown"]) - started  # type: ignore[arg-type]
    if "ready" in result:
        result["ready_s"] = float(result["ready"]) - started  # type: ignore[arg-type]
    return result


def prepare_stall(folder: Path, n: int) -> None:
    from assessor_app.paths import AppPaths
    from assessor_app.services.demo import demo_photo, seed_demo
    from assessor_app.services.runtime import open_services

    laptop = open_services(AppPaths(folder / "laptop"))
    seed_demo(laptop)
    svc = laptop.assessments
    inst = laptop.registry.add_institution("LPK Uji Beban")
    for i in range(n):
        row = svc.create("JKP.LPK.01", institution_id=inst.id)
        svc.attach_evidence(row.id, "foto_sarpras", demo_photo(f"bengkel {i}", i))
    identity = laptop.sync.identity()
    laptop.close(clean=True)
    office = open_services(AppPaths(folder / "office"))
    office.sync.enrol_device(identity.ed25519_public, "Laptop beban")
    office.close(clean=True)


def measure(args: argparse.Namespace, tmp: Path) -> list[Figure]:
    n = 1000 if args.quick else 10_000
    runs = 2 if args.quick else 5
    figures: list[Figure] = []
    data = tmp / "big"
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(data))
    seed_bulk(services, n, answers_per=40)
    services.close(clean=True)

    app = [child("app", str(data)) for _ in range(runs)]
    bare = [child("bare") for _ in range(runs)]
    bare_ms = round(statistics.median(float(r["start_s"]) for r in bare) * 1000)  # type: ignore[arg-type]
    figures.append(Figure(
        f"cold start to a shown main window ({n:,} assessments)",
        round(statistics.median(float(r["start_s"]) for r in app) * 1000), "ms",  # type: ignore[arg-type]
        bare_ms, "bare PySide6 window (same interpreter start)", runs,
        note="the window's frame: sidebar, menus, status bar, 'Membuka data…'"))
    figures.append(Figure(
        f"cold start to the list's first rows shown ({n:,} assessments)",
        round(statistics.median(float(r["ready_s"]) for r in app) * 1000), "ms",  # type: ignore[arg-type]
        bare_ms, "bare PySide6 window (same interpreter start)", runs,
        note="the store opened (checks, lock), the pages built, the first 200 rows read"))
    figures.append(Figure(
        f"peak memory of the GUI ({n:,} assessments, whole list scrolled)",
        round(statistics.median(float(r["rss_mb"]) for r in app), 1), "MB",  # type: ignore[arg-type]
        round(statistics.median(float(r["rss_mb"]) for r in bare), 1),  # type: ignore[arg-type]
        "bare PySide6 window", runs,
        note=f"rows loaded: {app[0]['rows_loaded']}"))

    stall_dir = tmp / "stall"
    prepare_stall(stall_dir, 10 if args.quick else 100)
    stall = child("stall", str(stall_dir))
    gaps = stall["max_gap_ms"]
    assert isinstance(gaps, dict)
    busy = max(float(gaps.get(k, 0)) for k in ("export", "import", "report"))
    figures.append(Figure(
        "longest event-loop stall while export, import and report run", busy, "ms",
        float(gaps.get("idle", 0)), "longest gap while idle (5 ms timer)", 1,
        note=f"per phase {gaps}; task times {stall['task_ms']}"))
    return figures


def main() -> None:
    run_benchmark("gui", __doc__, measure)


if __name__ == "__main__":
    main()
