"""Shared pieces of the benchmark suite: bulk seeding, timing, the JSON result shape.

Every benchmark script writes one JSON document:
    {"benchmark": NAME, "figures": [{"name", "value", "unit", "floor", "floor_name",
                                     "ratio", "runs", "note"}], "machine": {...}}
``value`` and ``floor`` are medians over repeated runs measured in the same process run;
``ratio = value / floor`` (None when a figure has no floor).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
# The figures are measured on plain stores (comparable with earlier runs) and the OS keyring
# is never touched; bench_encryption.py measures encryption on against off, side by side.
os.environ.setdefault("ASSESSOR_ENCRYPTION", "off")
os.environ.setdefault("ASSESSOR_KEYRING", "off")


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    floor: float | None = None
    floor_name: str | None = None
    runs: int = 1
    note: str = ""
    ratio: float | None = field(default=None)

    def __post_init__(self) -> None:
        if self.floor and self.ratio is None:
            self.ratio = round(self.value / self.floor, 2)


def vm_hwm_mb() -> float | None:
    """This process's own peak resident memory in MB (VmHWM: Linux keeps ``ru_maxrss``
    across exec, so it would report the parent's size); None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(),
            "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of ``fn`` in seconds over ``runs`` runs."""
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--out", type=Path, required=True, help="write the JSON result here")
    p.add_argument("--quick", action="store_true", help="small sizes, for the CI smoke run")
    return p


def run_benchmark(name: str, doc: str | None,
                  measure: Callable[[argparse.Namespace, Path], list[Figure]]) -> None:
    """A benchmark's ``main``: the common arguments, ``measure(args, folder)`` in a
    temporary folder, then its figures written to ``--out`` as benchmark ``name``."""
    args = parser(doc or "").parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = measure(args, Path(tmp))
    write(args.out, name, figures)


def write(out: Path, benchmark: str, figures: list[Figure],
          extra: dict[str, Any] | None = None) -> None:
    """The JSON result; ``extra`` adds keys of the benchmark's own (e.g. curves)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"benchmark": benchmark, "machine": machine(),
                               "figures": [asdict(f) for f in figures], **(extra or {})},
                              indent=2),
                   encoding="utf-8")


def answer_target(services: Any) -> tuple[str, list[str]]:
    """A new KMPI visit record and its "c"/"bc" items: what the answer-save benchmarks
    answer over and over."""
    inst = services.registry.add_institution("LPK Bench")
    row = services.assessments.create("KMPI.VISIT.01", institution_id=inst.id)
    items = [it.name for it in services.assessments.template_of(row).walk_items()
             if it.response_set == "c_bc"]
    return row.id, items


def time_answers(services: Any, n: int, target: tuple[str, list[str]] | None = None, *,
                 flip: bool = False, form: bool = False) -> list[float]:
    """Seconds per answer saved through the service, ``n`` saves over the items of
    ``target`` (None: a new :func:`answer_target`), alternating "bc" and "c" (``flip``:
    "c" first, so a second run changes every value); ``form``: the editor's call,
    returning the evaluated form of its transaction."""
    rid, items = target if target is not None else answer_target(services)
    values = ("c", "bc") if flip else ("bc", "c")
    samples = []
    for i in range(n):
        t0 = time.perf_counter()
        services.assessments.answer(rid, items[i % len(items)], values[i % 2], form=form)
        samples.append(time.perf_counter() - t0)
    return samples


def seed_bulk(services: Any, n: int, answers_per: int = 100,
              history_days: int = 0) -> list[str]:
    """Insert ``n`` assessments with ``answers_per`` answers each in one transaction.

    Rows are made the way the service makes them (same tables and columns), but in bulk:
    this is set-up for the measurements, not one of them. ``history_days`` > 0 spreads
    the rows over that many past days (created, updated, finalised) and gives each
    finalised one (complete or locked) a score and the grade KMPI.VISIT.01 gives it, as an
    office store that has collected for a while has them (the dashboard groups by month
    and verdict); 0 makes them all now, without scores.
    """
    import datetime as dt
    import random

    from sqlalchemy import insert

    from assessor_app.core.clock import new_id, utc_now_iso
    from assessor_app.storage.db import write_session
    from assessor_app.storage.tables import AnswerRow, AssessmentRow, InstitutionRow

    trow = services.templates.find("KMPI.VISIT.01")
    template = services.templates.get(trow.id)
    names = [it.name for it in template.walk_items() if it.holds_value
             and template.repeat_of(it.name) is None][:answers_per]
    now = utc_now_iso()
    started = dt.datetime.now(dt.UTC)
    rng = random.Random(n)
    cities = ["Semarang", "Bandung", "Pontianak", "Makassar", "Medan", "Kupang", "Ambon"]
    ids: list[str] = []
    with write_session(services.store.engine) as s:
        inst_rows = []
        for i in range(max(1, n // 20)):
            inst_rows.append({"id": new_id(), "name": f"LPK Contoh {i:04d} {cities[i % 7]}",
                              "kind": "LPK_SWASTA", "created_at": now, "updated_at": now})
        s.execute(insert(InstitutionRow), inst_rows)
        rows, answers = [], []
        for i in range(n):
            rid = new_id()
            ids.append(rid)
            inst = inst_rows[i % len(inst_rows)]
            status = ("draft", "complete", "locked")[i % 3]
            row = {"id": rid, "assessment_id": rid, "revision": 1, "is_current": True,
                   "template_id": trow.id, "template_code": trow.code,
                   "subject_kind": "institution", "institution_id": inst["id"],
                   "subject_name": inst["name"], "status": status,
                   "created_at": now, "updated_at": now}
            if history_days > 0:
                row.update(_history(rng, started, history_days, status != "draft"))
            rows.append(row)
            for name in names:
                answers.append({"revision_id": rid, "item": name, "row_id": "", "value": "c",
                                "updated_at": now, "seq": 1})
        s.execute(insert(AssessmentRow), rows)
        for start in range(0, len(answers), 20000):
            s.execute(insert(AnswerRow), answers[start:start + 20000])
    return ids


def _history(rng: Any, now: Any, days: int, finalised: bool) -> dict[str, Any]:
    """Created, updated and (when finalised) finalised times spread over ``days`` past
    days, with a score and the KMPI.VISIT.01 grade (A >= 90, B >= 75, else C)."""
    import datetime as dt

    from assessor_app.core.clock import iso_utc as iso

    created = now - dt.timedelta(days=rng.uniform(0, days))
    updated = min(now, created + dt.timedelta(hours=rng.uniform(0.2, 6)))
    out: dict[str, Any] = {"created_at": iso(created), "updated_at": iso(updated)}
    if finalised:
        pct = round(rng.uniform(40, 100), 2)
        out.update(finalised_at=iso(updated), score_percent=pct,
                   verdict="A" if pct >= 90 else "B" if pct >= 75 else "C")
    return out
