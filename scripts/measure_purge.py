"""What the foreign-key indexes of schema 10 do to a purge, on the app's own schema.

    python scripts/measure_purge.py [N]      # default N = 20000

Builds two SQLite stores of N finalised assessments, each with an outbox record, a consent
and a photo used by one evidence row: one store as schema 10 makes it, one with the
indexes that schema 10 added dropped again (schema 9's layout). It then purges the
first 500 assessments of each with ``retention.purge_rows``, one assessment at a time as
``RetentionService.purge`` does, and prints both times.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import text

from assessor_app.services.retention import purge_rows
from assessor_app.storage.db import make_engine, sqlite_url
from assessor_app.storage.migrations import _V10_INDEXES, ensure_schema

TS = "2026-01-01T00:00:00.000Z"
PURGED = 500


def measure(n: int, indexed: bool) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(sqlite_url(Path(tmp) / "purge.db"))
        try:
            ensure_schema(engine, db_path=None, backup_dir=None)
            ids = [f"a{i:06d}" for i in range(n)]
            with engine.begin() as c:
                if not indexed:
                    for table, column in _V10_INDEXES:
                        c.exec_driver_sql(f"DROP INDEX ix_{table}_{column}")
                c.exec_driver_sql(
                    "INSERT INTO template (id, code, version, kind, subject, title, source,"
                    f" imported_at) VALUES ('t', 'T', '1', 'institutional', 'institution',"
                    f" 'T', '{{}}', '{TS}')")
                c.exec_driver_sql(
                    "INSERT INTO outbox_bundle (bundle_id, seq, sha256, file_name,"
                    f" created_at, records) VALUES ('b', 1, 'x', 'f', '{TS}', 0)")
                c.execute(text(
                    "INSERT INTO assessment (id, assessment_id, revision, template_id,"
                    " template_code, subject_kind, subject_name, status, created_at,"
                    " updated_at, is_current) VALUES (:i, :i, 1, 't', 'T', 'institution',"
                    f" 'LPK', 'locked', '{TS}', '{TS}', 1)"), [{"i": i} for i in ids])
                c.execute(text(
                    "INSERT INTO outbox_record (bundle_id, revision_id, assessment_id,"
                    " revision, content_sha256, fingerprint) VALUES ('b', :i, :i, 1, 'x',"
                    " 'y')"), [{"i": i} for i in ids])
                c.execute(text(
                    "INSERT INTO consent (id, revision_id, purpose, text_version, method,"
                    f" given_at) VALUES (:c, :i, 'p', 'v', 'm', '{TS}')"),
                    [{"c": f"c{i}", "i": i} for i in ids])
                c.execute(text(
                    "INSERT INTO media (sha256, mime, size, data, created_at) VALUES"
                    f" (:s, 'image/jpeg', 1, x'00', '{TS}')"), [{"s": f"m{i}"} for i in ids])
                c.execute(text(
                    "INSERT INTO evidence (id, revision_id, item, row_id, media_sha256,"
                    f" position, created_at) VALUES (:e, :i, 'foto', '', :s, 0, '{TS}')"),
                    [{"e": f"e{i}", "i": i, "s": f"m{i}"} for i in ids])
            started = time.perf_counter()
            with engine.begin() as c:
                for aid in ids[:PURGED]:
                    purge_rows(c, [aid], keep_undelivered_consents=True)
            return time.perf_counter() - started
        finally:
            engine.dispose()


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    for indexed in (False, True):
        label = "schema 10 (child keys indexed)" if indexed else "schema 9 layout (no indexes)"
        print(f"{label}: {PURGED} of {n:,} assessments purged in "
              f"{measure(n, indexed) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
