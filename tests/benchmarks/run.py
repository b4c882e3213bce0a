"""The benchmark suite in one command: runs every benchmark in its own process, prints a
table and writes one JSON file.

    python -m tests.benchmarks.run                     # full sizes (a few minutes)
    python -m tests.benchmarks.run --quick             # small sizes: the CI smoke run
    python -m tests.benchmarks.run --out results.json  # default benchmark-results/results.json

bench_scaling also draws its curves as scaling.svg next to the JSON.

Every figure is a median over repeated runs, measured side by side with its floor in the
same run; ratio = figure / floor.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
SUITE = ["bench_store", "bench_encryption", "bench_gui", "bench_editor", "bench_report",
         "bench_export", "bench_import", "bench_scaling"]


def _run(name: str, quick: bool, out: Path, results: Path) -> dict[str, Any]:
    args = [sys.executable, "-m", f"tests.benchmarks.{name}", "--out", str(out)]
    if name == "bench_scaling":
        args += ["--svg", str(results.parent / "scaling.svg")]
    if name == "bench_import":
        args += ["--n", "50" if quick else "1000"]
    elif name == "bench_editor":
        args += ["--answers", "10" if quick else "50"]
    elif quick:
        args.append("--quick")
    env = {"ASSESSOR_ENCRYPTION": "off", "ASSESSOR_KEYRING": "off", **os.environ,
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    started = time.perf_counter()
    res = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=7200 if name == "bench_scaling" else 1800)
    if res.returncode != 0:
        raise RuntimeError(f"{name} failed:\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}")
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data["seconds"] = round(time.perf_counter() - started, 1)
    return data


def _normalise(name: str, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The editor and import benchmarks have their own JSON shapes; map them to figures."""
    if "figures" in data:
        return list(data["figures"])
    if name == "bench_editor":
        return [
            {"name": f"open a {data['items']}-item template with {data['repeat_rows']} "
                     f"repeat rows (first page shown)", "value": data["open_ms"], "unit": "ms",
             "floor": None, "ratio": None,
             "note": f"all pages built in idle slices after {data['all_pages_built_ms']} ms"},
            {"name": "answer in it: key press to saved and redrawn, median",
             "value": data["answer_ms"].get("median"), "unit": "ms", "floor": None,
             "ratio": None, "note": f"p90 {data['answer_ms'].get('p90')} ms; GUI-thread "
                                    f"work per answer median {data['gui_apply_ms'].get('median')}"
                                    " ms"},
        ]
    if name == "bench_import":
        imp, ins, again = data["import"], data["bare_insert"], data["reimport"]
        return [
            {"name": f"import {data['bundles']} bundles (total)", "value": imp["total_s"],
             "unit": "s", "floor": ins["total_s"], "floor_name": "bare inserts of the same rows",
             "ratio": data["ratio_total"],
             "note": f"median per bundle {imp['median_ms']} ms vs {ins['median_ms']} ms"},
            {"name": f"re-import the same {data['bundles']} bundles (total)",
             "value": again["total_s"], "unit": "s", "floor": ins["total_s"],
             "floor_name": "bare inserts of the same rows",
             "ratio": round(again["total_s"] / ins["total_s"], 2) if ins["total_s"] else None,
             "note": f"rows added: {data['reimport_new_rows']}"},
        ]
    return []


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--out", type=Path, default=REPO / "benchmark-results" / "results.json")
    p.add_argument("--only", nargs="*", choices=SUITE)
    args = p.parse_args()
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M"), "quick": args.quick,
                               "python": sys.version.split()[0], "cpus": os.cpu_count(),
                               "benchmarks": {}}
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.only or SUITE:
            data = _run(name, args.quick, Path(tmp) / f"{name}.json", args.out)
            figures = _normalise(name, data)
            results["benchmarks"][name] = {"seconds": data["seconds"], "figures": figures,
                                           "raw": data}
            for f in figures:
                floor = "" if f.get("floor") is None else f"{f['floor']} {f['unit']}"
                ratio = "" if f.get("ratio") is None else f"{f['ratio']}x"
                rows.append((f["name"], f"{f['value']} {f['unit']}", floor, ratio))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    width = max(len(r[0]) for r in rows)
    print(f"{'figure':<{width}}  {'value':>12}  {'floor':>12}  {'ratio':>7}")
    for figure, value, floor, ratio in rows:
        print(f"{figure:<{width}}  {value:>12}  {floor:>12}  {ratio:>7}")
    print(f"\nJSON: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
