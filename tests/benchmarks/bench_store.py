"""Saving one answer through the service vs a raw sqlite3 upsert+commit with the same
pragmas; searching the assessment list with 10,000 rows vs the bare SQL query."""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from pathlib import Path

from tests.benchmarks.common import (
    Figure,
    answer_target,
    percentile,
    run_benchmark,
    seed_bulk,
    time_answers,
)


def measure(args: argparse.Namespace, tmp: Path) -> list[Figure]:
    n_answers = 200 if args.quick else 1000
    n_rows = 1000 if args.quick else 10_000

    from assessor_app.paths import AppPaths
    from assessor_app.services.assessments import ListFilter
    from assessor_app.services.runtime import open_services

    figures: list[Figure] = []
    services = open_services(AppPaths(tmp / "data"))
    target = answer_target(services)
    items = target[1]
    service_samples = time_answers(services, n_answers, target)
    # the editor's call: the same save, returning the evaluated form of its transaction
    form_samples = time_answers(services, n_answers, target, flip=True, form=True)

    raw_path = tmp / "raw.db"
    con = sqlite3.connect(raw_path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("CREATE TABLE answer (revision_id TEXT, item TEXT, row_id TEXT, value TEXT,"
                " updated_at TEXT, seq INTEGER, UNIQUE(revision_id, item, row_id))")
    raw_samples = []
    for i in range(n_answers):
        t0 = time.perf_counter()
        con.execute("BEGIN IMMEDIATE")
        con.execute("INSERT INTO answer VALUES (?, ?, '', ?, 'now', 1) ON CONFLICT"
                    "(revision_id, item, row_id) DO UPDATE SET value=excluded.value, "
                    "seq=seq+1", ("r", items[i % len(items)], str(i)))
        con.execute("COMMIT")
        raw_samples.append(time.perf_counter() - t0)
    con.close()
    for p in (50, 95):
        figures.append(Figure(f"answer saved through the service, p{p}",
                              round(percentile(service_samples, p) * 1000, 3), "ms",
                              round(percentile(raw_samples, p) * 1000, 3),
                              "raw sqlite3 upsert + commit, same pragmas", n_answers))
    figures.append(Figure(f"answer saved with its new form state ({len(items)}-item KMPI "
                          "form), p95", round(percentile(form_samples, 95) * 1000, 3), "ms",
                          round(percentile(raw_samples, 95) * 1000, 3),
                          "raw sqlite3 upsert + commit, same pragmas", n_answers))

    seed_bulk(services, n_rows, answers_per=20)
    terms = ["contoh 00", "semarang", "bandung", "lpk contoh 01", "kmpi", "zzz"]
    svc_times, raw_times = [], []
    engine = services.store.engine
    for term in terms * 5:
        t0 = time.perf_counter()
        flt = ListFilter(search=term, limit=200)
        services.assessments.list(flt)
        services.assessments.count(flt)
        svc_times.append(time.perf_counter() - t0)
    dbapi = engine.raw_connection()
    try:
        cur = dbapi.cursor()
        for term in terms * 5:
            like = f"%{term}%"
            t0 = time.perf_counter()
            cur.execute("SELECT * FROM assessment WHERE is_current = 1 AND "
                        "(lower(subject_name) LIKE ? OR lower(template_code) LIKE ?) "
                        "ORDER BY updated_at DESC LIMIT 200", (like, like))
            cur.fetchall()
            cur.execute("SELECT count(*) FROM assessment WHERE is_current = 1 AND "
                        "(lower(subject_name) LIKE ? OR lower(template_code) LIKE ?)",
                        (like, like))
            cur.fetchall()
            raw_times.append(time.perf_counter() - t0)
    finally:
        dbapi.close()
    figures.append(Figure(f"search the assessment list ({n_rows:,} rows), median",
                          round(statistics.median(svc_times) * 1000, 2), "ms",
                          round(statistics.median(raw_times) * 1000, 2),
                          "the same SQL through bare sqlite3", len(svc_times)))
    figures.append(Figure(f"search the assessment list ({n_rows:,} rows), p95",
                          round(percentile(svc_times, 95) * 1000, 2), "ms",
                          round(percentile(raw_times, 95) * 1000, 2),
                          "the same SQL through bare sqlite3", len(svc_times)))
    services.close(clean=False)
    return figures


def main() -> None:
    run_benchmark("store", __doc__, measure)


if __name__ == "__main__":
    main()
