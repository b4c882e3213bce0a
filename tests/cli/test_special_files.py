"""Special files, odd paths and broken text on the command line (issue 15): every case
exits 2 with one line naming the problem, finishes at once (never reads /dev/zero without
bound, never blocks on a FIFO), and writes nothing: no device file replaced, no record
stored.

A guard refuses any rename onto a path that is not a regular file for the whole module, so
a regression fails here instead of replacing /dev/full on the machine running the tests.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Cli, Run, fingerprint, one_line_error
from tests.helpers import REPO, lying_disk

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX"),
    pytest.mark.timeout(120),  # a FIFO read that blocks fails here, not after 300 s
]

# A refused file costs nothing: no read of /dev/zero, no wait on a FIFO (either would take
# minutes or for ever). The bound is loose because a whole CLI run (the store opened,
# perhaps a backup) takes 0.3-1 s on a 2-core machine running two test workers.
QUICK_S = 5.0


@pytest.fixture(autouse=True)
def no_rename_onto_special_files(monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def guarded(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        try:
            st = os.lstat(dst)
        except FileNotFoundError:
            st = None
        if st is not None and not (stat.S_ISREG(st.st_mode) or stat.S_ISLNK(st.st_mode)):
            raise AssertionError(f"the app renamed a file over {dst!r}")
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)
    monkeypatch.setattr(os, "rename", guarded)


@pytest.fixture()
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipa.pdf"
    os.mkfifo(path)
    return path


@pytest.fixture()
def zero_link(tmp_path: Path) -> Path:
    link = tmp_path / "tautan.yaml"
    link.symlink_to("/dev/zero")
    return link


@pytest.fixture()
def timed(cli: Cli) -> Iterator[Callable[..., Run]]:
    """``cli`` that also checks the command took less than QUICK_S (after one warm-up
    command, so imports are not counted)."""
    cli("templates", "list")

    def run(*args: str, data_dir: Path | None = None) -> Run:
        start = time.monotonic()
        result = cli(*args, data_dir=data_dir)
        elapsed = time.monotonic() - start
        assert elapsed < QUICK_S, (args, elapsed)
        return result

    yield run


def _device(path: str) -> Path:
    p = Path(path)
    if not p.exists() or not stat.S_ISCHR(p.stat().st_mode):
        pytest.skip(f"{path} is not a character device here")
    return p


def _unchanged_device(path: Path, before: os.stat_result) -> None:
    after = path.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev, path


# ------------------------------------------------------------------ reading


@pytest.mark.parametrize("what", ["zero", "fifo", "folder", "link"])
def test_verify_refuses_anything_but_a_regular_file(timed: Callable[..., Run], what: str,
                                                    tmp_path: Path) -> None:
    path = {"zero": lambda: _device("/dev/zero"), "fifo": lambda: _mkfifo(tmp_path),
            "folder": lambda: tmp_path, "link": lambda: _zero_link(tmp_path)}[what]()
    run = timed("verify", str(path))
    assert run.code == 2 and run.err == ""
    lines = run.out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("NOT VALID — berkas tidak dapat dibaca (")
    assert {"zero": "perangkat", "fifo": "FIFO", "folder": "folder", "link": "perangkat"}[
        what] in lines[0]


@pytest.mark.parametrize("command", [("templates", "validate"), ("templates", "install")])
def test_templates_refuse_a_device_a_fifo_and_a_link_to_dev_zero(
        timed: Callable[..., Run], data: Path, zero_link: Path, tmp_path: Path,
        command: tuple[str, str]) -> None:
    before = fingerprint(data)
    for path, kind in ((_device("/dev/zero"), "berkas perangkat"),
                       (_mkfifo(tmp_path), "pipa bernama (FIFO)"),
                       (zero_link, "berkas perangkat")):
        run = timed(*command, str(path))
        assert run.code == 2 and "Traceback" not in run.err
        first = run.err.strip().splitlines()[0]
        assert first == f"{path}:1:1: '{path}' bukan berkas biasa, melainkan {kind}; tidak dibaca"
    assert fingerprint(data) == before
    assert not (data / "templates").exists() or not any((data / "templates").iterdir())


def test_evidence_signature_scheme_and_backup_files_must_be_regular(
        timed: Callable[..., Run], cli: Cli, data: Path, fifo: Path) -> None:
    assert cli("assessees", "add", "Dewi Lestari").code == 0
    aid = cli("assessments", "new", "--template", "FR.AK.01", "--subject", "Dewi",
              "--json").json()["id"]
    before = fingerprint(data)
    zero = _device("/dev/zero")
    for args, shown in (
            (("assessments", "attach", aid, "setuju_asesi_banding", str(zero)), str(zero)),
            (("assessments", "attach", aid, "setuju_asesi_banding", str(fifo)), str(fifo)),
            (("assessments", "sign", aid, "--role", "asesor", "--name", "Budi",
              "--image", str(fifo)), str(fifo)),
            (("schemes", "import", str(zero)), str(zero)),
            (("schemes", "import", str(fifo)), str(fifo)),
            (("restore", str(fifo)), str(fifo)),
            (("templates", "generate", str(zero), "-o", str(data.parent / "x.yaml")),
             str(zero))):
        one_line_error(timed(*args), f"'{shown}' bukan berkas biasa, melainkan")
    assert fingerprint(data) == before
    assert not (data.parent / "x.yaml").exists()


def test_sync_files_must_be_regular(timed: Callable[..., Run], data: Path, fifo: Path) -> None:
    before = fingerprint(data)
    zero = _device("/dev/zero")
    for args in (("receipt", "import", str(zero)), ("pack", "import", str(fifo)),
                 ("device", "enrol-file", str(fifo))):
        one_line_error(timed(*args), "bukan berkas biasa, melainkan")
    run = timed("import", str(fifo), "--report", str(data.parent / "laporan.csv"))
    assert run.code == 2  # the import report: the file refused, nothing imported
    assert run.err == "pipa.pdf: DITOLAK [bundle.not_regular] 'pipa.pdf' bukan berkas " \
        "biasa, melainkan pipa bernama (FIFO); tidak dibaca\n"
    assert fingerprint(data) == before


# ------------------------------------------------------------------ writing


@pytest.mark.parametrize("device", ["/dev/full", "/dev/null"])
def test_report_never_writes_over_a_device(timed: Callable[..., Run], data: Path,
                                           device: str) -> None:
    path = _device(device)
    before, rows = path.stat(), fingerprint(data)
    one_line_error(timed("report", "--blank", "FR.AK.01", "-o", str(path)),
                   f"tidak menulis ke '{path}': itu berkas perangkat, bukan berkas biasa")
    _unchanged_device(path, before)
    assert fingerprint(data) == rows


def test_outputs_refuse_fifos_links_to_devices_folders_and_missing_folders(
        timed: Callable[..., Run], data: Path, fifo: Path, tmp_path: Path) -> None:
    link = tmp_path / "laporan.pdf"
    link.symlink_to(_device("/dev/null"))
    before = fingerprint(data)
    for args, words in (
            (("report", "--blank", "FR.AK.01", "-o", str(fifo)), "itu pipa bernama (FIFO)"),
            (("report", "--blank", "FR.AK.01", "-o", str(link)), "itu berkas perangkat"),
            (("report", "--blank", "FR.AK.01", "-o", str(tmp_path)), "adalah folder"),
            (("report", "--blank", "FR.AK.01", "-o", str(tmp_path / "tidak" / "x.pdf")),
             "bukan folder yang ada"),
            (("export", "-o", str(fifo)), "itu pipa bernama (FIFO)"),
            (("export", "-o", "/dev/null"), "itu berkas perangkat"),
            (("templates", "generate", "x.yaml", "-o", str(fifo)), "pipa bernama (FIFO)"),
            (("templates", "generate", "x.yaml", "-o", "/dev/full"), "berkas perangkat"),
            (("office", "export", "--template", "FR.AK.01", "--format", "csv", "-o",
              str(link)), "itu berkas perangkat"),
            (("import", str(tmp_path / "tidak-ada.zip"), "--report", str(fifo)),
             "itu pipa bernama (FIFO)")):
        one_line_error(timed(*args), words)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and link.is_symlink()
    assert fingerprint(data) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "laporan.pdf", "pipa.pdf"]


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="no /proc")
def test_export_into_a_folder_that_cannot_exist_has_words(cli: Cli,
                                                          timed: Callable[..., Run]) -> None:
    assert cli("demo").code == 0  # finalised records to send
    for lang, words in (
            ("id", "tujuan ekspor harus folder atau berkas .zip: /proc/nonexistent/x.zip"),
            ("en", "the export target must be a folder or a .zip file: "
                   "/proc/nonexistent/x.zip")):
        run = timed("export", "-o", "/proc/nonexistent/x.zip", "--lang", lang)
        one_line_error(run, words)
        assert "file.io" not in run.err


def test_a_stick_that_fails_after_the_record_names_the_outbox_copy(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bundle was made and recorded, only the stick gave back other bytes: the error
    says so, the next line says how to write the outbox copy again, and that works."""
    import assessor_app.services.sync_export as sync_export

    assert cli("demo").code == 0

    # (the laptop's own disk, the outbox, does not lie)
    lying_stick = lying_disk(lambda folder: folder.name != "outbox", at=0)
    monkeypatch.setattr(sync_export, "stage_write", lying_stick)
    run = cli("export", "-o", str(tmp_path / "usb"))
    assert run.code != 0
    error, hint = run.err.strip().splitlines()  # the error, then what to do about it
    assert "tidak cocok saat dibaca ulang" in error
    assert ".tmp" not in error and "/usb/hasil_" in error  # the file asked for, not the temp
    assert "assessor-app outbox send 1 -o FOLDER" in hint
    assert not (tmp_path / "usb").exists()  # not even its temp file, nor the folder made
    monkeypatch.undo()
    sent = cli("outbox", "send", "1", "-o", str(tmp_path / "usb2"))
    assert sent.code == 0, sent.err
    assert len(list((tmp_path / "usb2").glob("*.zip"))) == 1


# ------------------------------------------------------------------ the data folder


def test_a_data_folder_that_is_a_file_or_a_device_is_one_line(
        cli: Cli, timed: Callable[..., Run], tmp_path: Path) -> None:
    plain = tmp_path / "passwd"
    plain.write_text("root:x:0:0\n", encoding="utf-8")
    for where, words in (
            (plain, f"folder data '{plain}' bukan folder, melainkan berkas biasa"),
            (plain / "sub", f"folder data '{plain}' bukan folder, melainkan berkas biasa"),
            (_device("/dev/null"), "folder data '/dev/null' bukan folder, melainkan berkas "
                                   "perangkat")):
        one_line_error(timed("assessments", "list", data_dir=where), words)
    assert plain.read_text(encoding="utf-8") == "root:x:0:0\n"
    # no command: the GUI says it in one line before any window opens (not timed: the
    # first import of Qt may take a while)
    one_line_error(cli(data_dir=plain), "bukan folder, melainkan berkas biasa")


@pytest.mark.skipif(not Path("/proc/sys").is_dir(), reason="no /proc/sys")
def test_a_data_folder_nothing_can_be_made_in_is_one_line(timed: Callable[..., Run]) -> None:
    one_line_error(timed("assessments", "list", data_dir=Path("/proc/sys")),
                   "folder data '/proc/sys' tidak dapat dipakai: ")


# ------------------------------------------------------------------ text


@pytest.fixture()
def draft(cli: Cli) -> str:
    assert cli("assessees", "add", "Dewi Lestari").code == 0
    return str(cli("assessments", "new", "--template", "FR.AK.01", "--subject", "Dewi",
                   "--json").json()["id"])


@pytest.mark.parametrize(("value", "char", "pos"), [
    ("ok\ud800", "U+D800", 3),  # a lone surrogate
    ("ok" + os.fsdecode(b"\xff"), "U+DCFF", 3),  # invalid UTF-8 in argv (surrogateescape)
    ("a\x1bb", "U+001B", 2),  # an escape character
])
def test_broken_text_in_an_answer_is_refused_and_nothing_stored(
        cli: Cli, data: Path, draft: str, value: str, char: str, pos: int) -> None:
    before = fingerprint(data)
    one_line_error(cli("assessments", "answer", draft, f"nama_asesi={value}"),
                   "teks berisi karakter yang tidak diizinkan", f"{char} pada posisi {pos}")
    one_line_error(cli("institutions", "add", f"LPK {value}"), "tidak diizinkan")
    assert fingerprint(data) == before


def test_answers_given_together_are_all_checked_before_any_is_saved(
        cli: Cli, data: Path) -> None:
    """`answer NEW r1_1=m r1_2=bogus` saved r1_1, then failed on r1_2 (exit 2 after a
    write): every value's own checks now come first."""
    assert cli("institutions", "add", "LPK Cipta Karya Mandiri").code == 0
    rid = str(cli("assessments", "new", "--template", "JKP.LPK.01", "--subject",
                  "LPK Cipta Karya Mandiri", "--json").json()["id"])
    before = fingerprint(data)
    for bad in ("r1_2=bogus", "r1_9=m", "r1_2[1]=m"):
        one_line_error(cli("assessments", "answer", rid, "r1_1=m", bad),
                       "bukan pilihan" if bad.endswith("bogus") else "tidak ada di templat")
        assert fingerprint(data) == before
    done = cli("assessments", "answer", rid, "r1_1=m", "r1_2=bm")
    assert done.code == 0 and fingerprint(data) != before


def test_invalid_utf8_in_a_real_argv_is_one_line(cli: Cli, data: Path, draft: str) -> None:
    before = fingerprint(data)
    env = {**os.environ, "ASSESSOR_LANG": "id", "PYTHONPATH": str(REPO),
           "ASSESSOR_DATA_DIR": str(data)}
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"assessor_app", b"assessments", b"answer",
         draft.encode(), b"nama_asesi=Dewi \xff\xfe"], cwd=REPO, env=env,
        capture_output=True, timeout=60, check=False)
    err = done.stderr.decode("utf-8", "replace").strip().splitlines()
    assert done.returncode == 2 and len(err) == 1, (done.returncode, err)
    assert err[0].startswith("assessor-app: teks berisi karakter yang tidak diizinkan")
    assert fingerprint(data) == before


def _mkfifo(folder: Path) -> Path:
    path = folder / "fifo"
    os.mkfifo(path)
    return path


def _zero_link(folder: Path) -> Path:
    link = folder / "nol"
    link.symlink_to(_device("/dev/zero"))
    return link
