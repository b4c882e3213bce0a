"""Exporting 100 finalised assessments with 200 photos into one signed bundle, vs plainly
zipping the same bytes (the bundle's own entries) with zipfile; and finding what to send
on a laptop that keeps 5,000 revisions the office has received."""

from __future__ import annotations

import io
import sqlite3
import statistics
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from tests.benchmarks.common import Figure, parser, write


def main() -> None:
    args = parser(__doc__ or "").parse_args()
    n = 10 if args.quick else 100
    runs = 2 if args.quick else 9  # a median of 9: one run slowed by the machine or a full
    # garbage collection does not decide it

    from assessor_app.paths import AppPaths, forms_dir
    from assessor_app.services.demo import demo_photo
    from assessor_app.services.runtime import open_services

    with tempfile.TemporaryDirectory() as tmp:
        # the FR.IA.01 these figures were first measured on (written before the MUK 2023
        # instruments; kept as a fixture): the same work keeps the ratios comparable
        legacy = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_forms"
        services = open_services(AppPaths(Path(tmp) / "laptop"),
                                 template_dirs=[forms_dir(), legacy])
        svc = services.assessments
        asesi = services.registry.add_assessee("Peserta Beban", nik="3374000000000001")
        code = next(r.code for r in services.templates.latest()
                    if r.code.startswith("FR.IA.01.J62"))
        for i in range(n):
            row = svc.create(code, assessee_id=asesi.id)
            template = svc.template_of(row)
            for item in template.walk_items():
                if item.kuk:
                    svc.answer(row.id, item.name, "ya")
            svc.answer(row.id, "tuk", "sewaktu")
            svc.answer(row.id, "tanggal", "2026-11-20")
            svc.answer(row.id, "nama_asesor", "Budi Santoso")
            kuk = [it.name for it in template.walk_items() if it.kuk]
            for k in range(2):
                svc.attach_evidence(row.id, kuk[k], demo_photo(f"foto {i}-{k}", i * 2 + k))
            svc.finalise(row.id)
        times, zip_times, sizes = [], [], []
        for r in range(runs):
            target = Path(tmp) / f"usb{r}"
            t0 = time.perf_counter()
            result = services.sync.export(target)  # pending until a receipt: same set
            times.append(time.perf_counter() - t0)
            assert result.path is not None and len(result.records) == n
            sizes.append(result.size)
            with zipfile.ZipFile(result.path) as zf:
                entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
            t0 = time.perf_counter()
            buf = io.BytesIO()
            with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
                for name, data in entries:
                    out.writestr(name, data)
            (Path(tmp) / f"plain{r}.zip").write_bytes(buf.getvalue())
            zip_times.append(time.perf_counter() - t0)
        kept = 50 * n
        _received_history(services.paths.db_path, copies=kept // n)
        pending_times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            assert services.sync.pending() == []
            pending_times.append(time.perf_counter() - t0)
        services.close(clean=False)
    write(args.out, "export", [
        Figure(f"export {n} assessments with {2 * n} photos",
               round(statistics.median(times) * 1000), "ms",
               round(statistics.median(zip_times) * 1000), "zipfile of the same bytes", runs,
               note=f"bundle {statistics.median(sizes) // 1024} KiB"),
        Figure(f"what to send, among {kept:,} revisions the office received",
               round(statistics.median(pending_times) * 1000, 1), "ms", runs=runs,
               note="the Send dialog's list and the start of every export")])


def _received_history(db: Path, copies: int) -> None:
    """The office's receipt for every exported revision, then ``copies`` copies of each
    (new ids, received and acknowledged alike): a laptop's months of work, kept until the
    retention period ends. Copied in SQL because only the rows' status, acknowledgement
    and signatures are read for them."""
    con = sqlite3.connect(db)
    try:
        with con:
            con.execute("UPDATE outbox_record SET acked_at = '2026-11-21T08:00:00.000Z'")
            con.execute("UPDATE assessment SET received_at = '2026-11-21T08:00:00.000Z' "
                        "WHERE status != 'draft'")
            cols = [r[1] for r in con.execute("PRAGMA table_info(assessment)")]
            out_cols = [r[1] for r in con.execute("PRAGMA table_info(outbox_record)")]
            acks = {r[out_cols.index("revision_id")]: r for r in con.execute(
                "SELECT * FROM outbox_record GROUP BY revision_id")}
            rows = con.execute("SELECT * FROM assessment WHERE status != 'draft'").fetchall()
            for _ in range(copies):
                for row in rows:
                    copy = dict(zip(cols, row, strict=True))
                    ack = dict(zip(out_cols, acks[copy["id"]], strict=True))
                    copy["id"], copy["assessment_id"] = uuid.uuid4().hex, uuid.uuid4().hex
                    ack.update(revision_id=copy["id"], assessment_id=copy["assessment_id"])
                    ack.pop("id", None)
                    for table, values in (("assessment", copy), ("outbox_record", ack)):
                        con.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES "
                                    f"({', '.join('?' * len(values))})", list(values.values()))
    finally:
        con.close()


if __name__ == "__main__":
    main()
