"""Encryption at rest on vs off (issue 13), side by side in one run: saving an answer
through the service (p50/p95), searching the assessment list, and the cold start to a shown
main window (gui_child ``start``), each on a plain store (the floor) and on the same data
in a SQLCipher store. The cold start of the encrypted store includes unwrapping the key
with the real Argon2id parameters (64 MiB, t=3: the passphrase typed at start); the KDF
alone is reported too (the OS keyring skips it). Goal: at most +30 % on answer save p95."""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from tests.benchmarks.common import Figure, percentile, run_benchmark, seed_bulk, time_answers

PASSPHRASE = "benchmark passphrase panjang"


def _folder(root: Path, encrypted: bool) -> tuple[Path, bytes | None]:
    """A data folder: plain, or encrypted under PASSPHRASE with the default KDF."""
    from assessor_app.core import keys
    from assessor_app.paths import AppPaths

    paths = AppPaths(root).ensure()
    if not encrypted:
        return root, None
    key_file, dek = keys.new_keyfile(PASSPHRASE, params=keys.DEFAULT_KDF)
    keys.save_keyfile(paths.keyfile_path, key_file)
    return root, dek


def _saves(data: Path, key: bytes | None, n: int) -> list[float]:
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(data), key=key)
    try:
        return time_answers(services, n)
    finally:
        services.close(clean=True)


def _searches(data: Path, key: bytes | None, rows: int) -> list[float]:
    from assessor_app.paths import AppPaths
    from assessor_app.services.assessments import ListFilter
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(data), key=key)
    try:
        seed_bulk(services, rows, answers_per=20)
        times = []
        for term in ["contoh 00", "semarang", "bandung", "lpk contoh 01", "kmpi", "zzz"] * 5:
            t0 = time.perf_counter()
            flt = ListFilter(search=term, limit=200)
            services.assessments.list(flt)
            services.assessments.count(flt)
            times.append(time.perf_counter() - t0)
        return times
    finally:
        services.close(clean=True)


def _cold_starts(data: Path, encrypted: bool, runs: int) -> list[float]:
    from tests.benchmarks.bench_gui import child

    saved = dict(os.environ)
    try:
        if encrypted:
            secret = data.parent / f"{data.name}.passphrase"
            secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
            os.environ["ASSESSOR_PASSPHRASE_FILE"] = str(secret)
            os.environ["ASSESSOR_ENCRYPTION"] = "on"
        return [float(child("start", str(data))["start_s"]) for _ in range(runs)]  # type: ignore[arg-type]
    finally:
        os.environ.clear()
        os.environ.update(saved)


def measure(args: argparse.Namespace, tmp: Path) -> list[Figure]:
    n_answers = 200 if args.quick else 1000
    n_rows = 500 if args.quick else 10_000
    runs = 2 if args.quick else 5
    from assessor_app.core import keys

    figures: list[Figure] = []
    plain, _ = _folder(tmp / "plain", encrypted=False)
    enc, dek = _folder(tmp / "enc", encrypted=True)
    plain_saves = _saves(plain, None, n_answers)
    enc_saves = _saves(enc, dek, n_answers)
    for p in (50, 95):
        figures.append(Figure(f"answer saved, encrypted store (SQLCipher), p{p}",
                              round(percentile(enc_saves, p) * 1000, 3), "ms",
                              round(percentile(plain_saves, p) * 1000, 3),
                              "the same save on a plain store", n_answers))
    plain_search = _searches(plain, None, n_rows)
    enc_search = _searches(enc, dek, n_rows)
    figures.append(Figure(f"search the assessment list ({n_rows:,} rows), encrypted, median",
                          round(statistics.median(enc_search) * 1000, 2), "ms",
                          round(statistics.median(plain_search) * 1000, 2),
                          "the same search on a plain store", len(enc_search)))
    plain_start = _cold_starts(plain, False, runs)
    enc_start = _cold_starts(enc, True, runs)
    figures.append(Figure(f"cold start to a shown main window ({n_rows:,} assessments), "
                          "encrypted, passphrase typed", round(statistics.median(enc_start)
                                                               * 1000), "ms",
                          round(statistics.median(plain_start) * 1000),
                          "the same start on a plain store", runs))
    key_file = keys.load_keyfile(enc / "assessor.key")
    assert key_file is not None
    kdf = []
    for _ in range(3):
        t0 = time.perf_counter()
        keys.unwrap(key_file, PASSPHRASE)
        kdf.append(time.perf_counter() - t0)
    figures.append(Figure("unwrap the key: Argon2id 64 MiB, t=3, p=4 (skipped with the OS "
                          "keyring)", round(statistics.median(kdf) * 1000), "ms", None, None,
                          len(kdf)))
    return figures


def main() -> None:
    run_benchmark("encryption", __doc__, measure)


if __name__ == "__main__":
    main()
