"""Headless save driver for the kill -9 durability test (RELIABILITY.md 9.1, goal G1).

Run from the repo root::

    python -m tests.fault.save_driver --data-dir D --seed N

It opens the REAL services with ``open_services(resolve_paths(D))`` (same engine factory,
pragmas and ``running.lock`` as the app), makes sure one institution and one JKP.LPK.01
assessment exist (created on the first run, reused afterwards), then saves answers
through ``AssessmentService.answer`` forever, until it is killed.

Protocol on stdout (UTF-8, one line each, flushed after every line):

``STARTUP pid=<pid> unclean_pid=<pid|none> rev=<revision id> recovered=<n>``
    after ``open_services``; ``unclean_pid`` is the pid recorded in the stale
    ``running.lock`` (``startup.unclean_exit``) or ``none`` after a clean exit / first run.
``ROW <row id>``
    after ``add_row`` returned (the repeat row is committed).
``READY``
    set-up done; printed before the first answer.
``ACK <item> <row> <seq> <value>``
    after ``answer()`` returned, i.e. after COMMIT. ``<row>`` is ``-`` for a
    non-repeat item; ``<value>`` is the stored (normalised) value and is the rest of the
    line (it may contain spaces, never a newline).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys

from assessor_app.paths import resolve_paths
from assessor_app.services.runtime import Services, open_services
from tests.fault.kill_harness import emit

TEMPLATE_CODE = "JKP.LPK.01"
INSTITUTION_NAME = "LPK Uji Ketahanan Data"
REPEAT = "instruktur"

# (item, kind) for items outside the repeat group.
TOP_ITEMS: tuple[tuple[str, str], ...] = (
    ("catatan_temuan", "text"),
    ("program_diusulkan", "text"),
    ("nomor_surat_tugas", "text"),
    ("nama_verifikator_anggota", "text"),
    ("tanggal_verifikasi", "date"),
    ("r1_1", "select"),
    ("r1_2", "select"),
    ("r2_1", "select"),
    ("r4_1", "select"),
    ("moda_pelatihan", "select"),
)
# Children of the repeat group ``instruktur``.
ROW_ITEMS: tuple[tuple[str, str], ...] = (
    ("instruktur_nama", "text"),
    ("instruktur_bidang", "text"),
    ("instruktur_pengalaman_tahun", "integer"),  # constraint 0..60
    ("instruktur_sertifikat", "select"),
    ("instruktur_sisnaker", "select"),
)
ADD_ROW_EVERY = 40  # answers between two add_row calls (so kills also hit add_row)


def ensure_assessment(services: Services) -> str:
    """The revision id of the single JKP.LPK.01 assessment (created on the first run)."""
    existing = [a for a in services.assessments.list() if a.template_code == TEMPLATE_CODE]
    if len(existing) > 1:
        raise SystemExit(f"expected at most one {TEMPLATE_CODE} assessment, found {len(existing)}")
    if existing:
        return existing[0].id
    institutions = services.registry.institutions()
    if institutions:
        inst = institutions[0]
    else:
        inst = services.registry.add_institution(
            INSTITUTION_NAME, kind="LPK_SWASTA", vin="VIN-000123", city="Bekasi",
            province="Jawa Barat", status="swasta")
    return services.assessments.create(TEMPLATE_CODE, institution_id=inst.id).id


class Saver:
    def __init__(self, services: Services, revision_id: str, seed: int) -> None:
        self.svc = services.assessments
        self.rev = revision_id
        self.seed = seed
        self.rng = random.Random(seed)
        self.counter = 0
        template = self.svc.template_of(self.svc.resolve(revision_id))
        self.options: dict[str, list[str]] = {}
        for name, kind in TOP_ITEMS + ROW_ITEMS:
            if kind == "select":
                item = template.find_item(name)
                assert item is not None, name
                rs = template.options_for(item)
                assert rs is not None and len(rs.options) >= 2, name
                self.options[name] = [o.value for o in rs.options]
        answers = self.svc.answers(revision_id)
        self.current: dict[tuple[str, str], str] = dict(answers.values)
        self.rows: list[str] = list(answers.rows.get(REPEAT, []))

    def add_row(self) -> None:
        row = self.svc.add_row(self.rev, REPEAT)
        self.rows.append(row)
        emit(f"ROW {row}")

    def _value(self, name: str, kind: str, row: str) -> str:
        """A value different from the stored one (unique for text and dates)."""
        n = self.counter
        current = self.current.get((name, row), "")
        if kind == "text":
            return f"{name} s{self.seed} n{n} ✓"
        if kind == "date":
            # 1990-01-01 .. 2030: inside the plausible range of a date answer (1901 .. ten
            # years after today)
            days = (self.seed * 7919 + n) % 14_600
            value = (dt.date(1990, 1, 1) + dt.timedelta(days=days)).isoformat()
            if value == current:
                value = (dt.date(1990, 1, 1) + dt.timedelta(days=days + 1)).isoformat()
            return value
        if kind == "integer":
            choices = [str(v) for v in range(0, 61) if str(v) != current]
            return self.rng.choice(choices)
        choices = [v for v in self.options[name] if v != current]
        return self.rng.choice(choices)

    def step(self) -> None:
        self.counter += 1
        if self.counter % ADD_ROW_EVERY == 0:
            self.add_row()
        if self.rows and self.rng.random() < 0.4:
            name, kind = self.rng.choice(ROW_ITEMS)
            # mostly the newest row, sometimes an older one (updates across runs)
            row = self.rows[-1] if self.rng.random() < 0.6 else self.rng.choice(self.rows)
        else:
            name, kind = self.rng.choice(TOP_ITEMS)
            row = ""
        value = self._value(name, kind, row)
        saved = self.svc.answer(self.rev, name, value, row=row)
        self.current[(saved.item, saved.row)] = saved.value
        emit(f"ACK {saved.item} {saved.row or '-'} {saved.seq} {saved.value}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--max-answers", type=int, default=0,
                        help="stop cleanly after this many answers (0 = run until killed)")
    args = parser.parse_args(argv)
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(encoding="utf-8")

    services = open_services(resolve_paths(args.data_dir))
    unclean = services.store.startup.unclean_exit
    revision_id = ensure_assessment(services)
    unclean_pid = "none" if unclean is None else str(unclean.pid)
    emit(f"STARTUP pid={os.getpid()} unclean_pid={unclean_pid} rev={revision_id} "
         f"recovered={len(services.recovered)}")
    saver = Saver(services, revision_id, args.seed)
    saver.add_row()
    emit("READY")
    done = 0
    while args.max_answers <= 0 or done < args.max_answers:
        saver.step()
        done += 1
    services.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
