"""Scaling curves: how the cost grows with the store, at 1,000, 10,000 and 100,000
assessments (--quick: 200 and 1,000):
- searching the assessment list the way its view does (``AssessmentService.count`` and
  the first page of ``list`` for a ``ListFilter`` search), vs the same SQL on bare sqlite3;
- cold start to the list's first rows shown (a child process, as bench_gui.py), vs a bare
  window;
- the office dashboard figures (``OfficeService.dashboard``);
- the office XLSX export of every assessment (``OfficeService.export_xlsx``), and the peak
  memory of the process that made it.

Each store is generated in bulk (``seed_bulk``: KMPI.VISIT.01 visits of 20 answers, one
institution per 20 assessments, spread over two years, two thirds finalised with a score).
The service figures are measured in a fresh child process per size, so its peak memory is
that size's own. Writes the JSON (``--out``) and a plot (``--svg``, default
benchmark-results/scaling.svg).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.benchmarks.common import (
    REPO,
    Figure,
    parser,
    percentile,
    seed_bulk,
    vm_hwm_mb,
    write,
)

SIZES = [1_000, 10_000, 100_000]
QUICK_SIZES = [200, 1_000]
ANSWERS = 20
HISTORY_DAYS = 730
TEMPLATE = "KMPI.VISIT.01"
TERMS = ["contoh 00", "semarang", "bandung", "lpk contoh 01", "kmpi", "zzz"]
PAGE = 200  # the list view's page (ui/models/assessment_list.py)


# ------------------------------------------------------------------ the store


def build(data: Path, n: int) -> float:
    """A store of ``n`` assessments in ``data``; returns the seconds it took."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    t0 = time.perf_counter()
    services = open_services(AppPaths(data))
    seed_bulk(services, n, answers_per=ANSWERS, history_days=HISTORY_DAYS)
    services.store.close(clean=True)  # checkpointed, lock released, no exit backup
    return time.perf_counter() - t0


# ------------------------------------------------------------------ measured in a child


def measure(data: Path, runs: int, export_runs: int) -> dict[str, Any]:
    """Search, dashboard and XLSX export on the store in ``data`` (run in a child)."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.assessments import ListFilter
    from assessor_app.services.office import DashboardFilter, ExportOptions, OfficeService
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(data), sync_templates=False)
    try:
        assessments = services.assessments
        count = assessments.count(ListFilter())
        search: list[float] = []
        for term in TERMS * runs:
            flt = ListFilter(search=term)
            t0 = time.perf_counter()
            assessments.count(flt)
            assessments.list(dataclasses.replace(flt, limit=PAGE, offset=0))
            search.append(time.perf_counter() - t0)

        bare: list[float] = []
        dbapi = services.store.engine.raw_connection()
        try:
            cur = dbapi.cursor()
            for term in TERMS * runs:
                like = f"%{term}%"
                t0 = time.perf_counter()
                cur.execute("SELECT count(*) FROM assessment WHERE is_current = 1 AND "
                            "(lower(subject_name) LIKE ? OR lower(template_code) LIKE ?)",
                            (like, like))
                cur.fetchall()
                cur.execute("SELECT * FROM assessment WHERE is_current = 1 AND "
                            "(lower(subject_name) LIKE ? OR lower(template_code) LIKE ?) "
                            "ORDER BY updated_at DESC LIMIT 200", (like, like))
                cur.fetchall()
                bare.append(time.perf_counter() - t0)
        finally:
            dbapi.close()

        office = OfficeService(services.store.engine, services.templates)
        dashboard: list[float] = []
        for _ in range(runs):
            t0 = time.perf_counter()
            board = office.dashboard(DashboardFilter())
            dashboard.append(time.perf_counter() - t0)
        assert board.overall.total == count, (board.overall.total, count)

        rss_before_export = vm_hwm_mb() or 0.0
        export: list[float] = []
        target = data.parent / f"{data.name}-export.xlsx"
        for _ in range(export_runs):
            t0 = time.perf_counter()
            result = office.export_xlsx(target, ExportOptions(TEMPLATE))
            export.append(time.perf_counter() - t0)
        assert result.assessments == count, (result.assessments, count)
        size_mb = round(target.stat().st_size / 1e6, 2)
        target.unlink()
    finally:
        services.store.close(clean=True)
    return {"assessments": count,
            "search_ms": {"median": statistics.median(search) * 1000,
                          "p95": percentile(search, 95) * 1000, "runs": len(search)},
            "search_bare_ms": {"median": statistics.median(bare) * 1000,
                               "p95": percentile(bare, 95) * 1000},
            "dashboard_ms": {"median": statistics.median(dashboard) * 1000, "runs": runs},
            "export_s": {"median": statistics.median(export), "runs": export_runs},
            "export_mb": size_mb,
            "rss_before_export_mb": rss_before_export, "rss_peak_mb": vm_hwm_mb() or 0.0}


def measure_in_child(data: Path, runs: int, export_runs: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.bench_scaling", "--measure", str(data),
         "--runs", str(runs), "--export-runs", str(export_runs), "--out", os.devnull],
        capture_output=True, text=True, env=env, cwd=REPO, timeout=3600, check=False)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode != 0 or not lines:
        raise RuntimeError(f"measuring {data.name} failed: {out.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# ------------------------------------------------------------------ the plot


_PANELS = [  # key in curves, title, unit, key of the floor (same run) or None
    ("search_ms", "Search the list (count + first page)", "ms", "search_bare_ms"),
    ("cold_start_ms", "Cold start to the list's first rows", "ms", "bare_window_ms"),
    ("dashboard_ms", "Office dashboard figures", "ms", None),
    ("export_s", "Office XLSX export, every assessment", "s", None),
    ("export_peak_rss_mb", "Peak memory of the export's process", "MB", None),
    ("db_mb", "Database file", "MB", None),
]
_FLOOR_NAMES = {"search_bare_ms": "the same SQL on bare sqlite3",
                "bare_window_ms": "a bare PySide6 window"}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fmt(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def svg_plot(curves: dict[str, Any], title: str) -> str:
    """One log-log panel per figure (medians; a grey line for the floor measured in the
    same run), each with a dashed line of linear growth from the smallest store: a curve
    steeper than the dashed line grows faster than the store."""
    sizes: list[int] = curves["sizes"]
    cols, pw, ph, left, top, gap_x, gap_y = 3, 300, 200, 62, 64, 78, 84
    width = left + cols * pw + (cols - 1) * gap_x + 24
    rows = math.ceil(len(_PANELS) / cols)
    height = top + rows * (ph + gap_y)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, sans-serif" '
           'font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15" '
           f'font-weight="bold">{_esc(title)}</text>',
           f'<text x="{width / 2}" y="40" text-anchor="middle" fill="#555">log-log; blue: '
           'the app (median); grey: its floor in the same run; dashed: linear growth from '
           'the smallest store</text>']
    lx0, lx1 = math.log10(sizes[0]), math.log10(sizes[-1])
    for i, (key, name, unit, floor_key) in enumerate(_PANELS):
        values: list[float] = curves[key]
        floor: list[float] | None = None
        if floor_key is not None:
            raw = curves[floor_key]
            floor = list(raw) if isinstance(raw, list) else [float(raw)] * len(sizes)
        x0 = left + (i % cols) * (pw + gap_x)
        y0 = top + (i // cols) * (ph + gap_y) + 16
        shown = [v for v in [*values, *(floor or [])] if v > 0] or [1.0]
        lo = math.floor(math.log10(min(shown)))
        hi = max(math.ceil(math.log10(max(shown) * 1.6)), lo + 1)

        def px(size: float, _x0: int = x0) -> float:
            span = (lx1 - lx0) or 1.0
            return _x0 + 12 + (math.log10(size) - lx0) / span * (pw - 24)

        def py(value: float, _y0: int = y0, _lo: int = lo, _hi: int = hi) -> float:
            v = math.log10(max(value, 10.0 ** _lo))
            return _y0 + ph - (v - _lo) / (_hi - _lo) * ph

        out.append(f'<text x="{x0}" y="{y0 - 8}" font-weight="bold">{_esc(name)} '
                   f'({unit})</text>')
        out.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" '
                   'stroke="#999"/>')
        for e in range(lo, hi + 1):  # horizontal grid: powers of ten
            y = py(10.0 ** e)
            tick = f"{10.0 ** e:,.0f}" if e >= 0 else f"{10.0 ** e:g}"
            out.append(f'<line x1="{x0}" y1="{y:.1f}" x2="{x0 + pw}" y2="{y:.1f}" '
                       'stroke="#e4e4e4"/>')
            out.append(f'<text x="{x0 - 4}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
                       f'{tick}</text>')
        for size in sizes:
            x = px(size)
            out.append(f'<line x1="{x:.1f}" y1="{y0}" x2="{x:.1f}" y2="{y0 + ph}" '
                       'stroke="#e4e4e4"/>')
            out.append(f'<text x="{x:.1f}" y="{y0 + ph + 14}" text-anchor="middle" '
                       f'fill="#555">{size:,}</text>')
        # linear growth: cost proportional to the store, cut where it leaves the panel
        end_size = min(float(sizes[-1]), sizes[0] * 10.0 ** hi / max(values[0], 1e-9))
        out.append(f'<line x1="{px(sizes[0]):.1f}" y1="{py(values[0]):.1f}" '
                   f'x2="{px(end_size):.1f}" y2="{py(values[0] * end_size / sizes[0]):.1f}" '
                   'stroke="#999" stroke-dasharray="4 3"/>')
        series = [(floor, "#9a9a9a", False)] if floor else []
        series.append((values, "#1f5fa8", True))
        for points_of, colour, labelled in series:
            assert points_of is not None
            points = " ".join(f"{px(s):.1f},{py(v):.1f}"
                              for s, v in zip(sizes, points_of, strict=True))
            out.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                       'stroke-width="2"/>')
            for s, v in zip(sizes, points_of, strict=True):
                out.append(f'<circle cx="{px(s):.1f}" cy="{py(v):.1f}" r="3.5" '
                           f'fill="{colour}"/>')
                if labelled:
                    out.append(f'<text x="{px(s):.1f}" y="{py(v) - 8:.1f}" '
                               f'text-anchor="middle" font-weight="bold">{_fmt(v)}</text>')
        caption = "assessments in the store"
        if floor_key is not None:
            caption += f"; grey: {_FLOOR_NAMES[floor_key]}"
        out.append(f'<text x="{x0 + pw / 2}" y="{y0 + ph + 30}" text-anchor="middle" '
                   f'fill="#555">{_esc(caption)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ main


def main() -> None:
    p = parser(__doc__ or "")
    p.add_argument("--sizes", type=int, nargs="+", help="store sizes (default 1k 10k 100k)")
    p.add_argument("--svg", type=Path, default=REPO / "benchmark-results" / "scaling.svg")
    p.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    p.add_argument("--runs", type=int, default=3, help=argparse.SUPPRESS)
    p.add_argument("--export-runs", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.measure is not None:  # the child
        sys.stdout.write(json.dumps(measure(args.measure, args.runs, args.export_runs)) + "\n")
        return

    from tests.benchmarks.bench_gui import child

    sizes: list[int] = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    start_runs = 2 if args.quick else 5
    figures: list[Figure] = []
    per_size: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        bare = [float(child("bare")["start_s"]) for _ in range(start_runs)]  # type: ignore[arg-type]
        bare_ms = round(statistics.median(bare) * 1000)
        for n in sizes:
            data = Path(tmp) / f"n{n}"
            seconds = build(data, n)
            m = measure_in_child(data, runs=3 if args.quick else 5,
                                 export_runs=1 if args.quick or n >= 100_000 else 3)
            starts = [float(child("start", str(data))["ready_s"])  # type: ignore[arg-type]
                      for _ in range(start_runs)]
            m["cold_start_ms"] = {"median": statistics.median(starts) * 1000,
                                  "runs": start_runs}
            m["seed_s"] = round(seconds, 1)
            m["db_mb"] = round((data / "assessor.db").stat().st_size / 1e6, 1)
            per_size[str(n)] = m
            label = f"({n:,} assessments)"
            note = f"store {m['db_mb']} MB, seeded in {m['seed_s']} s"
            figures += [
                Figure(f"search the assessment list, median {label}",
                       round(m["search_ms"]["median"], 2), "ms",
                       round(m["search_bare_ms"]["median"], 2),
                       "the same SQL through bare sqlite3", m["search_ms"]["runs"],
                       note=f"p95 {m['search_ms']['p95']:.2f} ms vs "
                            f"{m['search_bare_ms']['p95']:.2f} ms; {note}"),
                Figure(f"cold start to the list's first rows shown {label}",
                       round(m["cold_start_ms"]["median"]), "ms", bare_ms,
                       "bare PySide6 window (same interpreter start)", start_runs),
                Figure(f"office dashboard figures {label}",
                       round(m["dashboard_ms"]["median"], 1), "ms",
                       runs=m["dashboard_ms"]["runs"]),
                Figure(f"office XLSX export of every assessment {label}",
                       round(m["export_s"]["median"], 2), "s", runs=m["export_s"]["runs"],
                       note=f"workbook {m['export_mb']} MB"),
                Figure(f"peak memory of the process that made the export {label}",
                       m["rss_peak_mb"], "MB",
                       note=f"{m['rss_before_export_mb']} MB before the export"),
            ]
            shutil.rmtree(data, ignore_errors=True)  # 100k: ~0.5 GB
    curves = {
        "sizes": sizes,
        "search_ms": [round(per_size[str(n)]["search_ms"]["median"], 2) for n in sizes],
        "search_p95_ms": [round(per_size[str(n)]["search_ms"]["p95"], 2) for n in sizes],
        "search_bare_ms": [round(per_size[str(n)]["search_bare_ms"]["median"], 2)
                           for n in sizes],
        "cold_start_ms": [round(per_size[str(n)]["cold_start_ms"]["median"]) for n in sizes],
        "bare_window_ms": bare_ms,
        "dashboard_ms": [round(per_size[str(n)]["dashboard_ms"]["median"], 1) for n in sizes],
        "export_s": [round(per_size[str(n)]["export_s"]["median"], 2) for n in sizes],
        "export_peak_rss_mb": [per_size[str(n)]["rss_peak_mb"] for n in sizes],
        "db_mb": [per_size[str(n)]["db_mb"] for n in sizes],
    }
    write(args.out, "scaling", figures, extra={"curves": curves, "per_size": per_size})
    args.svg.parent.mkdir(parents=True, exist_ok=True)
    args.svg.write_text(svg_plot(curves, "How the cost grows with the number of assessments"),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
