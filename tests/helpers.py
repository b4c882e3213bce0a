"""Helpers shared by the test lanes: the CLI as a user runs it, a Python child process, and
the registry records and answers that several lanes build the same way."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TS = "2024-03-05T10:11:12.000Z"  # a fixed stored timestamp (ISO 8601, UTC, milliseconds)

# ------------------------------------------------------------------ processes


def run_cli(*args: str, data: Path | None = None, lang: str = "id", cwd: Path = REPO,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """``python -m assessor_app ARGS`` in a real process, on the data folder ``data`` (None:
    the one the environment names, see tests/conftest.py)."""
    env = {**os.environ, "ASSESSOR_LANG": lang, "PYTHONPATH": str(REPO)}
    if data is not None:
        env["ASSESSOR_DATA_DIR"] = str(data)
    return subprocess.run([sys.executable, "-m", "assessor_app", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def child_env() -> dict[str, str]:
    """The environment of a Python child process that imports this checkout."""
    return dict(os.environ, PYTHONPATH=str(REPO), PYTHONDONTWRITEBYTECODE="1")


def run_python(script: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -c SCRIPT ARGS`` in a child process that imports this checkout."""
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          text=True, env=child_env(), timeout=timeout, check=False)


def kill_child_at(moment: str, *args: str, env: dict[str, str]) -> int:
    """Runs ``python *args`` until it prints ``AT <moment>`` (where it waits), then kills it
    with SIGKILL; returns its exit status. A child that says anything else fails the test."""
    with subprocess.Popen([sys.executable, *args], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          env=env) as child:
        assert child.stdout is not None and child.stderr is not None
        line = child.stdout.readline()
        if line.strip() != f"AT {moment}":
            child.kill()
            raise AssertionError(
                f"the child did not stop at {moment}: {line!r} {child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        child.wait()
    return child.returncode


def dead_pid() -> int:
    """The pid of a process that has exited and been reaped."""
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def run_threads(work: Callable[..., object], *each: tuple[Any, ...],
                timeout: float = 60) -> list[BaseException]:
    """``work(*args)`` for each ``args`` of ``each``, all at once in their own threads;
    returns what they raised (an empty list when every call returned)."""
    errors: list[BaseException] = []

    def guarded(*args: Any) -> None:
        try:
            work(*args)
        except BaseException as exc:  # reported to the caller
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=args) for args in each]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return errors


def lying_disk(lies: Callable[[Path], bool], at: int | None = None) -> Callable[..., Any]:
    """A stand-in for ``fileio.stage_write`` (patch it where the writer imported it): a
    file written to a folder ``lies`` says lies about (a USB stick, a failing disk) reads
    back with one bit changed at byte ``at`` (the middle when None), so the writer's own
    read-back check must catch it; other files are written as usual."""
    from assessor_app.fileio import StagedWrite, stage_write

    def write(path: Path, data: Any, verify: Callable[[Path], None] | None = None
              ) -> StagedWrite:
        if not lies(path.parent) or verify is None:
            return stage_write(path, data, verify)
        check = verify

        def flipped_then_read_back(tmp: Path) -> None:
            raw = bytearray(tmp.read_bytes())
            raw[len(raw) // 2 if at is None else at] ^= 0x01
            tmp.write_bytes(bytes(raw))
            check(tmp)
        return stage_write(path, data, flipped_then_read_back)
    return write


def corrupt_table_page(db: Path, table: str = "institution") -> None:
    """Garble the header of ``table``'s root b-tree page in a checkpointed SQLite file, so
    that its checks (``quick_check``, ``integrity_check``) fail."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        page = int(con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                               (table,)).fetchone()[0])
        page_size = int(con.execute("PRAGMA page_size").fetchone()[0])
    finally:
        con.close()
    assert page > 1
    with open(db, "r+b") as f:
        f.seek((page - 1) * page_size)
        f.write(b"\xff" * 8)


# ------------------------------------------------------------------ records and answers

NIK = "0012345678901234"  # leading zeros: TEXT, never a number


@contextlib.contextmanager
def opened(paths: Any, **options: Any) -> Iterator[Any]:
    """The services of the data folder ``paths`` for the block, closed cleanly after it
    (also when the block fails): ``with opened(paths) as services: add_asesi(services)``."""
    from assessor_app.services.runtime import open_services

    services = open_services(paths, **options)
    try:
        yield services
    finally:
        services.close(clean=True)


def add_lpk(services: Any, name: str = "LPK Mitra Terampil") -> Any:
    """A private LPK with the header fields a JKP.LPK.01 assessment is prefilled from."""
    return services.registry.add_institution(
        name, kind="LPK_SWASTA", vin="3578.0101.2020", status="swasta",
        address="Jl. Rungkut Industri 7", city="Surabaya", province="Jawa Timur",
        head_name="Hj. Lilis Suryani")


def add_asesi(services: Any, name: str = "Nur Aini Rahmawati", nik: str = NIK) -> Any:
    """A new asesi; under the next free NIK from ``nik`` (a NIK names one person)."""
    taken = {a.nik for a in services.registry.assessees()}
    while nik in taken:
        nik = f"{int(nik) + 1:016d}"
    return services.registry.add_assessee(name, nik=nik, gender="P")


def answer_all_ia01(svc: Any, rid: str, fail: frozenset[str] = frozenset()) -> None:
    """Every KUK of an FR.IA.01 (``tidak`` for those in ``fail``, else ``ya``) and its
    header, so that it can be finalised."""
    template = svc.template_of(svc.resolve(rid))
    for item in template.walk_items():
        if item.kuk:
            svc.answer(rid, item.name, "tidak" if item.name in fail else "ya")
    svc.answer(rid, "tuk", "sewaktu")
    svc.answer(rid, "tanggal", "2026-11-20")
    svc.answer(rid, "nama_asesor", "Budi Santoso")


def copy_golden(golden: Path, where: Path) -> Path:
    """A copy of the golden data folder into ``where``: the store, and the shipped schemes
    the first start imported (so opening the copy writes nothing new)."""
    import shutil

    where.mkdir(parents=True, exist_ok=True)
    shutil.copy2(golden / "assessor.db", where / "assessor.db")
    for name in ("schemes", "templates", "logos"):
        if (golden / name).is_dir():
            shutil.copytree(golden / name, where / name, dirs_exist_ok=True)
    return where


# ------------------------------------------------------------------ competency results

LEGACY_IA01 = "FR.IA.01.J620100.005.02@2024.1"  # written before verdict modes (score)
OL_IA01 = "FR.IA.01.UJI.OL"
FAILED_KUK = "u1_e2_k3"  # KUK 2.3, answered "tidak" in the records below


def recommendation_ia01() -> Any:
    """The FR.IA.01 of forms/ as a MUK 2023 instrument (``verdict: recommendation``: a KUK
    not achieved recommends OL), under a code of its own."""
    from assessor_app.core.template_loader import load_template_text

    text = (REPO / "tests" / "fixtures" / "legacy_forms" / "fr-ia-01-pemrograman-ui.yaml"
            ).read_text(encoding="utf-8")
    legacy_code = LEGACY_IA01.split("@")[0]
    assert f"code: {legacy_code}\n" in text and "kind: competency\n" in text
    text = text.replace(f"code: {legacy_code}\n", f"code: {OL_IA01}\n", 1)
    text = text.replace("kind: competency\n", "kind: competency\nverdict: recommendation\n", 1)
    return load_template_text(text, "fr-ia-01-ol.yaml")


def competency_records(services: Any) -> dict[str, Any]:
    """The demo data (two locked FR.AK.01 consent forms, a locked JKP.LPK.01 graded A ...)
    and two finalised FR.IA.01 with one KUK "tidak" of 9: ``ol`` on the instrument
    (recommends OL) and ``bk`` on the legacy template (BK; its row stores a percentage)."""
    from assessor_app.core.template_loader import load_template
    from assessor_app.services.demo import seed_demo

    seed_demo(services)
    services.templates.install(recommendation_ia01())
    services.templates.install(load_template(  # as older stores hold it
        REPO / "tests" / "fixtures" / "legacy_forms" / "fr-ia-01-pemrograman-ui.yaml"))
    svc = services.assessments
    out: dict[str, Any] = {}
    for key, code, name in (("ol", OL_IA01, "Asesi Observasi Lanjut"),
                            ("bk", LEGACY_IA01, "Asesi Belum Kompeten")):
        person = services.registry.add_assessee(name)
        if key == "ol":  # an instrument: the asesi's FR.AK.01 of the scheme comes first
            consent = svc.create(services.certification.scheme(
                "SKM/LSP-P2-BLKTM/003/2024").ids["FR.AK.01"], assessee_id=person.id)
            fill(svc, consent.id)
            sign_all(svc, consent.id)
        row = svc.create(code, assessee_id=person.id)
        answer_all_ia01(svc, row.id, fail=frozenset({FAILED_KUK}))
        svc.finalise(row.id)
        out[key] = svc.resolve(row.id)
    assert (out["ol"].verdict, out["bk"].verdict) == ("OL", "BK")
    assert out["ol"].score_percent is None and out["bk"].score_percent is not None
    return out


# ------------------------------------------------------------------ the certification event

SCHEMES = REPO / "forms" / "schemes"


def oral_questions(unit: Any) -> tuple[Any, ...]:
    """One FR.IA.07 question per KUK of ``unit`` (the shipped schemes carry none)."""
    from assessor_app.core.competency import Question

    kuks = (k for e in unit.elements for k in e.kuk)
    return tuple(Question(str(n), f"Bagaimana Anda memastikan: {k.text}",
                          "Menyebutkan langkah sesuai SOP", (k.no,))
                 for n, k in enumerate(kuks, start=1))


def written_questions(unit: Any, keys: str = "bcad") -> tuple[Any, ...]:
    """FR.IA.05 questions on the KUK of ``unit``, one per letter of ``keys``: question n's
    key is option ``keys[n-1]`` (of a-d), whose text is :func:`key_text`."""
    from assessor_app.core.competency import ChoiceQuestion

    kuks = [k for e in unit.elements for k in e.kuk]
    out = []
    for n, letter in enumerate(keys, start=1):
        key = "abcd".index(letter)
        options = tuple(key_text(unit.code, n) if i == key else
                        f"Pengecoh {unit.code} {n}{'abcd'[i]}" for i in range(4))
        out.append(ChoiceQuestion(str(n), f"Soal {n} tentang KUK {kuks[(n - 1) % len(kuks)].no}",
                                  options, key, (kuks[(n - 1) % len(kuks)].no,)))
    return tuple(out)


def supporting_questions(unit: Any) -> tuple[Any, ...]:
    """Two FR.IA.03 questions on the first two KUK of ``unit``."""
    from assessor_app.core.competency import Question

    kuks = [k for e in unit.elements for k in e.kuk][:2]
    return tuple(Question(str(n), f"Apa yang Anda periksa sebelum: {k.text}",
                          "Menyebutkan pemeriksaan sesuai SOP dan K3", (k.no,))
                 for n, k in enumerate(kuks, start=1))


def two_unit_scheme(keys: tuple[str, str] = ("bcad", "ab"), slug: str = "uji",
                    number: str | None = None) -> Any:
    """The UI cluster's unit (with oral, supporting and written questions) and the welding
    unit (written questions) as one scheme: FR.IA.05 keys ``keys`` per unit."""
    import dataclasses

    from assessor_app.core.competency import load_scheme

    ui = load_scheme(SCHEMES / "pemrograman-ui.yaml")
    weld = load_scheme(SCHEMES / "pengelasan-pipa.yaml")
    u1 = dataclasses.replace(ui.units[0], oral=oral_questions(ui.units[0]),
                             supporting=supporting_questions(ui.units[0]),
                             written=written_questions(ui.units[0], keys[0]))
    u2 = dataclasses.replace(weld.units[0], written=written_questions(weld.units[0], keys[1]))
    return dataclasses.replace(ui, slug=slug, version="2026.1", units=(u1, u2),
                               number=number or ui.number)


def key_text(unit_code: str, n: int) -> str:
    """The text of the right option of question ``n`` of :func:`written_questions`."""
    return f"Jawaban benar {unit_code} nomor {n}"


def install_scheme(services: Any, stem: str = "pemrograman-ui", slug: str = "uji",
                   *, written: str | None = None, scheme: Any = None) -> Any:
    """Install every MUK 2023 instrument of a shipped scheme (``stem``), its first unit
    given oral questions (one per KUK) and, with ``written`` (the key letters), FR.IA.05
    questions. ``scheme``: install this SchemeData instead. Returns the scheme data."""
    import dataclasses

    from assessor_app.core.competency import load_scheme
    from assessor_app.core.muk import generate_instruments
    from assessor_app.core.template_loader import load_template_text

    if scheme is None:
        scheme = load_scheme(SCHEMES / f"{stem}.yaml")
        unit = scheme.units[0]
        unit = dataclasses.replace(unit, oral=oral_questions(unit))
        if written is not None:
            unit = dataclasses.replace(unit, written=written_questions(unit, written))
        scheme = dataclasses.replace(scheme, slug=slug, version="2026.1",
                                     units=(unit, *scheme.units[1:]))
    for ins in generate_instruments(scheme):
        services.templates.install(load_template_text(ins.text, ins.code), origin=ins.code)
    return scheme


def fill(svc: Any, rid: str, **given: str) -> None:
    """Answer ``given`` items, then every other required, relevant, unanswered one: the
    first option, a text, the visit day, 08.00."""
    from assessor_app.services.demo import fill_required

    fill_required(svc, rid, given)


def sign_all(svc: Any, rid: str, names: dict[str, str] | None = None) -> Any:
    """Finalise and sign as every required signer (``names``: role -> signer name; the
    asesi signs under the record's asesi name unless ``names`` says otherwise)."""
    from assessor_app.services.demo import signature_png

    detail = svc.finalise(rid)
    for signer in (s for s in detail.template.signers if s.required):
        name = (names or {}).get(signer.role) or signer_name_for(detail, signer.role)
        detail = svc.sign(rid, signer.role, name, signature_png(name),
                          registration_no="MET.000.004633 2020" if signer.registration else None)
    assert detail.row.status == "locked"
    return detail


def signer_name_for(detail: Any, role: str) -> str:
    """A name ``role`` may sign ``detail`` under: the asesi's own name for the ``asesi``
    role of a record about an asesi (the service refuses any other), a placeholder else."""
    if role == "asesi" and detail.assessee is not None and detail.row.subject_kind == "assessee":
        return str(detail.assessee.name)
    return f"Penanda {role}"


LEGACY_FORMS = REPO / "tests" / "fixtures" / "legacy_forms"


def with_legacy_templates(services: Any) -> Any:
    """``services`` with the templates older stores hold installed too (FR.IA.01, FR.AK.01
    and FR.AK.05 written before the MUK 2023 instruments): a store that did not start from
    the golden copy (a PostgreSQL office, say) matches one that did."""
    if LEGACY_FORMS not in services.templates.directories:
        services.templates.directories.append(LEGACY_FORMS)
    services.templates.sync()
    return services


def pdf_text(data: bytes, sep: str = "\n") -> str:
    """The text pdfium extracts from every page of a PDF, pages joined by ``sep``."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return sep.join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def squash(text: str) -> str:
    """``text`` without any white space (wrapped lines compare equal)."""
    import re

    return re.sub(r"\s+", "", text)


def printable_only(text: str) -> str:
    """``text`` without the characters the services refuse because no report font can print
    them (emoji, scripts without a shipped font: ``core.glyphs``), for property tests that
    enter random Unicode."""
    from assessor_app.core.glyphs import unprintable_chars

    bad = set(unprintable_chars(text))
    return "".join(ch for ch in text if ch not in bad)


# ------------------------------------------------------------------ photos with EXIF


def exif_jpeg(taken: str | None = "2026:12:04 10:15:00", *, offset: str | None = None,
              gps: tuple[str, tuple[float, float, float], str, tuple[float, float, float]]
              | None = None, size: tuple[int, int] = (64, 48)) -> bytes:
    """A JPEG with EXIF written by Pillow alone (DateTimeOriginal, GPS)."""
    from PIL import ExifTags, Image

    exif = Image.Exif()
    if taken is not None:
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        sub[ExifTags.Base.DateTimeOriginal] = taken
        if offset is not None:
            sub[ExifTags.Base.OffsetTimeOriginal] = offset
    if gps is not None:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        info[ExifTags.GPS.GPSLatitudeRef] = gps[0]
        info[ExifTags.GPS.GPSLatitude] = gps[1]
        info[ExifTags.GPS.GPSLongitudeRef] = gps[2]
        info[ExifTags.GPS.GPSLongitude] = gps[3]
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 90)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


SEMARANG = ("S", (6.0, 59.0, 35.52), "E", (110.0, 25.0, 13.08))  # -6.9932, 110.4203


def memory_keyring(monkeypatch: Any) -> dict[tuple[str, str], str]:
    """An in-memory OS keyring for this test (``ASSESSOR_KEYRING`` back on): returns its
    store, {(service, user): secret}."""
    import keyring.core
    from keyring.backend import KeyringBackend

    store: dict[tuple[str, str], str] = {}

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def get_password(self, service: str, username: str) -> str | None:
            return store.get((service, username))

        def set_password(self, service: str, username: str, password: str) -> None:
            store[(service, username)] = password

        def delete_password(self, service: str, username: str) -> None:
            store.pop((service, username), None)

    # keyring.get_keyring() returns this module global: patched, it is restored afterwards
    monkeypatch.setattr(keyring.core, "_keyring_backend",
                        MemoryKeyring())  # type: ignore[no-untyped-call]
    monkeypatch.delenv("ASSESSOR_KEYRING", raising=False)
    return store
