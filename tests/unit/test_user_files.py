"""``read_user_file`` / ``check_output_path`` / the atomic write's last look, and the text
check (issue 15): regular files only, a size cap, never blocking on a FIFO; writes never
over a device, FIFO or folder; broken Unicode and control characters refused."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assessor_app.core.errors import InvalidValueError
from assessor_app.core.files import (
    FileRefused,
    check_output_path,
    check_user_file,
    limit_words,
    read_user_file,
)
from assessor_app.core.textcheck import check_text, text_problem
from assessor_app.fileio import atomic_write_bytes
from assessor_app.messages import describe
from tests.helpers import add_lpk

posix = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev are POSIX")


def _refused(call: object, *args: object) -> FileRefused:
    with pytest.raises(FileRefused) as info:
        call(*args)  # type: ignore[operator]
    return info.value


def test_a_regular_file_is_read_up_to_the_cap_and_not_beyond(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_bytes(b"x" * 100)
    assert read_user_file(f, 100) == b"x" * 100
    err = _refused(read_user_file, f, 99)
    assert (err.code, err.params) == ("file.too_large",
                                      {"path": str(f), "limit": "1 KB", "size": 100})
    assert limit_words(100 * 1024 * 1024) == "100 MB"
    link = tmp_path / "link.yaml"
    link.symlink_to(f)
    assert read_user_file(link, 1000) == b"x" * 100  # a link to a regular file is fine
    assert check_user_file(link) == 100


def test_missing_and_folders_are_refused_with_their_words(tmp_path: Path) -> None:
    err = _refused(read_user_file, tmp_path / "none.pdf", 10)
    assert err.code == "file.not_found"
    err = _refused(read_user_file, tmp_path, 10)
    assert (err.code, err.params["kind"]) == ("file.not_regular", "dir")
    assert describe(err, "id") == f"'{tmp_path}' bukan berkas biasa, melainkan folder; " \
        "tidak dibaca"
    assert describe(err, "en") == f"'{tmp_path}' is not a regular file but a folder; not read"


@posix
def test_a_fifo_is_refused_at_once_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    start = time.monotonic()
    for call in (read_user_file, check_user_file):
        err = _refused(call, fifo, 10)
        assert (err.code, err.params["kind"]) == ("file.not_regular", "fifo")
    assert time.monotonic() - start < 1.0


@posix
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_and_a_link_to_it_are_devices_never_read(tmp_path: Path) -> None:
    link = tmp_path / "zero.pdf"
    link.symlink_to("/dev/zero")
    start = time.monotonic()
    for path in ("/dev/zero", link):
        err = _refused(read_user_file, path, 100 * 1024 * 1024)
        assert (err.code, err.params["kind"]) == ("file.not_regular", "device")
    assert time.monotonic() - start < 1.0


def test_a_file_swapped_after_the_first_look_is_checked_on_the_handle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "grows.bin"
    f.write_bytes(b"x" * 10)
    real_open = os.open

    def open_then_grow(path: str, flags: int, *args: int) -> int:
        fd = real_open(path, flags, *args)
        with open(f, "ab") as more:  # the file grows between stat and read
            more.write(b"y" * 100)
        return fd

    monkeypatch.setattr(os, "open", open_then_grow)
    assert _refused(read_user_file, f, 50).code == "file.too_large"


@posix
def test_output_paths_absent_or_regular_only(tmp_path: Path) -> None:
    assert check_output_path(tmp_path / "new.pdf") == tmp_path / "new.pdf"
    (tmp_path / "old.pdf").write_bytes(b"old")
    assert check_output_path(tmp_path / "old.pdf") == tmp_path / "old.pdf"
    dangling = tmp_path / "dangling.pdf"
    dangling.symlink_to(tmp_path / "nowhere")
    assert check_output_path(dangling) == dangling  # the link itself gets replaced
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    cases = [(fifo, "file.bad_target", "fifo"), (tmp_path, "file.bad_target", "dir"),
             (tmp_path / "no" / "x.pdf", "file.not_a_folder", None),
             (tmp_path / "old.pdf" / "x.pdf", "file.not_a_folder", None)]
    if Path("/dev/full").exists():
        cases.append((Path("/dev/full"), "file.bad_target", "device"))
        link = tmp_path / "full.pdf"
        link.symlink_to("/dev/full")
        cases.append((link, "file.bad_target", "device"))
    for path, code, kind in cases:
        err = _refused(check_output_path, path)
        assert (err.code, err.params.get("kind")) == (code, kind), path
    assert describe(FileRefused("file.bad_target", path="/dev/full", kind="device"), "id") == \
        "tidak menulis ke '/dev/full': itu berkas perangkat, bukan berkas biasa"


@posix
def test_atomic_write_never_renames_over_a_fifo_that_appears_meanwhile(tmp_path: Path) -> None:
    target = tmp_path / "report.pdf"

    def fifo_appears(_tmp: Path) -> None:  # runs after the first check, before the rename
        os.mkfifo(target)

    err = _refused(atomic_write_bytes, target, b"%PDF-", fifo_appears)
    assert (err.code, err.params["kind"]) == ("file.bad_target", "fifo")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"]  # no temp left


@posix
def test_atomic_write_replaces_a_symlink_not_what_it_points_at(tmp_path: Path) -> None:
    real = tmp_path / "real.pdf"
    real.write_bytes(b"keep")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert real.read_bytes() == b"keep"
    assert not link.is_symlink() and link.read_bytes() == b"new"


# ------------------------------------------------------------------ text


@pytest.mark.parametrize(("text", "problem"), [
    ("Budi Santoso", None),
    ("Dra. Ni Made Ayu Suryani, M.Pd.\n\tbaris dua\r\n", None),  # tab and line breaks
    ("张伟 محمد 😀 Nguyễn", None),  # any script; what the fonts show is another check
    ("ok\ud800", (3, "U+D800")),
    ("ok" + os.fsdecode(b"\xff"), (3, "U+DCFF")),
    ("\x00", (1, "U+0000")),
    ("a\x1b[31m", (2, "U+001B")),
    ("a\x7f", (2, "U+007F")),
    ("a\u0085", (2, "U+0085")),
])
def test_text_problem_names_the_first_bad_character(text: str,
                                                   problem: tuple[int, str] | None) -> None:
    assert text_problem(text) == problem


def test_check_text_raises_value_bad_text_with_words() -> None:
    assert check_text("baik", "nama") == "baik" and check_text(None) is None
    with pytest.raises(InvalidValueError) as info:
        check_text("x\ud83d", "nama")
    assert (info.value.code, info.value.params) == (
        "value.bad_text", {"item": "nama", "pos": 2, "char": "U+D83D"})
    assert describe(info.value, "id") == "teks berisi karakter yang tidak diizinkan " \
        "(karakter kontrol atau Unicode rusak): U+D83D pada posisi 2"
    assert describe(InvalidValueError("value.bad_text", item=""), "en") == \
        "the text contains a character that is not allowed (a control character or " \
        "broken Unicode)"


def test_services_refuse_broken_text_everywhere_a_user_types(services: Any) -> None:
    """Names, answers, notes, captions and review comments share the one check (GUI and
    CLI alike); a refusal stores nothing."""
    lpk = add_lpk(services)
    svc = services.assessments
    row = svc.create("JKP.LPK.01", institution_id=lpk.id)
    bad = "rusak \ud800"
    calls: tuple[Callable[[], object], ...] = (
        lambda: services.registry.add_institution(bad),
        lambda: services.registry.update_institution(lpk.id, city="Kota\x1b"),
        lambda: services.registry.add_assessee("Dewi", birth_place=bad),
        lambda: svc.answer(row.id, "r1_1", bad),
        lambda: svc.set_note(row.id, "r1_1", "catatan\x07"),
        lambda: svc.attach_evidence(row.id, "r1_1", b"", caption=bad),
    )
    for call in calls:
        with pytest.raises(InvalidValueError) as info:
            call()
        assert info.value.code == "value.bad_text"
    assert services.registry.institution(lpk.id).city == "Surabaya"
    assert [i.name for i in services.registry.institutions()] == [lpk.name]
    assert services.registry.assessees() == []
    answers = svc.answers(row.id)
    assert answers.value("r1_1") == "" and answers.notes == {}
