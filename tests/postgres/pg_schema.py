"""The frozen PostgreSQL layout of schema :data:`PG_FIRST_VERSION`, and layout comparison.

PostgreSQL databases were first created at ``PG_FIRST_VERSION``; every migration step after
it must run on PostgreSQL too. ``test_pg_storage.py`` builds a database from the frozen
file below, stamps it ``PG_FIRST_VERSION``, runs ``ensure_schema`` and compares the result
with a freshly created database. While ``SCHEMA_VERSION == PG_FIRST_VERSION`` that same
test checks the file is current; regenerate it after changing a table of that version:

    python -m tests.postgres.pg_schema          # writes tests/postgres/schema_v<N>.sql

Never regenerate it once a later schema version exists: it is the starting point of the
migration test, like ``V1_DDL`` for SQLite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import SQLModel

import assessor_app.storage.tables  # noqa: F401  (registers every table)
from assessor_app.storage.migrations import PG_FIRST_VERSION

HERE = Path(__file__).resolve().parent


def snapshot_path(version: int = PG_FIRST_VERSION) -> Path:
    return HERE / f"schema_v{version}.sql"


def render_ddl() -> list[str]:
    """``create_all`` as PostgreSQL DDL statements (no server needed)."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    out: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        statements = [CreateTable(table)] + [
            CreateIndex(i) for i in sorted(table.indexes, key=lambda i: str(i.name))]
        for statement in statements:
            sql = str(statement.compile(dialect=dialect)).strip()
            out.append("\n".join(line.rstrip() for line in sql.splitlines()))
    return out


def read_snapshot(version: int = PG_FIRST_VERSION) -> list[str]:
    text = snapshot_path(version).read_text(encoding="utf-8")
    body = "\n".join(line for line in text.splitlines() if not line.startswith("--"))
    return [s.strip() for s in body.split(";\n\n") if s.strip()]


def write_snapshot(version: int = PG_FIRST_VERSION) -> Path:
    path = snapshot_path(version)
    header = (f"-- PostgreSQL layout of schema version {version} (tests/postgres/pg_schema.py).\n"
              "-- Frozen once a later version exists; never edit by hand.\n")
    path.write_text(header + ";\n\n".join(render_ddl()) + ";\n", encoding="utf-8")
    return path


def layout(conn: Connection) -> dict[str, Any]:
    """Tables, columns, keys and indexes as comparable plain data."""
    insp = inspect(conn)
    out: dict[str, Any] = {}
    for table in sorted(insp.get_table_names()):
        out[table] = {
            "columns": [(c["name"], str(c["type"]), c["nullable"])
                        for c in insp.get_columns(table)],
            "pk": insp.get_pk_constraint(table)["constrained_columns"],
            "fks": sorted((tuple(f["constrained_columns"]), f["referred_table"],
                           tuple(f["referred_columns"])) for f in insp.get_foreign_keys(table)),
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in insp.get_indexes(table)),
            "uniques": sorted(tuple(u["column_names"])
                              for u in insp.get_unique_constraints(table)),
        }
    return out


if __name__ == "__main__":
    print(write_snapshot())
