"""Atomic, verified writes (RELIABILITY.md D-5): old-or-new, never half a file."""

from __future__ import annotations

import errno
import hashlib
import os
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessor_app import fileio
from assessor_app.core.errors import StorageError
from assessor_app.fileio import atomic_write_bytes, fsync_dir, sha256_file
from tests.helpers import run_python

OLD = b"old content\n"


def _target(tmp_path: Path) -> Path:
    target = tmp_path / "report.pdf"
    target.write_bytes(OLD)
    return target


def _dir_listing(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def _assert_only_the_old_file(target: Path) -> None:
    """The target still holds the old content and no temp file is left beside it."""
    assert target.read_bytes() == OLD
    assert _dir_listing(target.parent) == [target.name]


def test_writes_new_file_from_bytes_and_from_chunks(tmp_path: Path) -> None:
    a = tmp_path / "a.bin"
    atomic_write_bytes(a, b"hello")
    assert a.read_bytes() == b"hello"

    b = tmp_path / "b.bin"
    atomic_write_bytes(b, (bytes([i]) * 1000 for i in range(5)))
    assert b.read_bytes() == b"".join(bytes([i]) * 1000 for i in range(5))
    assert _dir_listing(tmp_path) == ["a.bin", "b.bin"]


def test_replaces_only_after_verify(tmp_path: Path) -> None:
    target = _target(tmp_path)
    seen: list[Path] = []

    def verify(tmp: Path) -> None:
        seen.append(tmp)
        # the new content is complete in a same-folder temp file...
        assert tmp.parent == target.parent
        assert tmp.name.startswith(".report.pdf.") and tmp.name.endswith(".tmp")
        assert tmp.read_bytes() == b"new content"
        # ...while the target still holds the old content
        assert target.read_bytes() == OLD

    atomic_write_bytes(target, b"new content", verify)
    assert len(seen) == 1
    assert target.read_bytes() == b"new content"
    assert _dir_listing(tmp_path) == ["report.pdf"]


def test_failing_verify_keeps_old_file_and_removes_temp(tmp_path: Path) -> None:
    target = _target(tmp_path)

    def verify(tmp: Path) -> None:
        raise ValueError("zip testzip failed")

    with pytest.raises(ValueError, match="testzip"):
        atomic_write_bytes(target, b"broken", verify)
    _assert_only_the_old_file(target)


def test_exception_mid_iterator_keeps_old_file(tmp_path: Path) -> None:
    target = _target(tmp_path)

    def chunks() -> Iterator[bytes]:
        yield b"first part, "
        yield b"second part, "
        raise RuntimeError("renderer crashed")

    with pytest.raises(RuntimeError, match="renderer crashed"):
        atomic_write_bytes(target, chunks())
    _assert_only_the_old_file(target)


@pytest.mark.parametrize(("module", "name", "err", "code"), [
    (os, "fsync", errno.ENOSPC, "disk.full"),  # delayed allocation reports ENOSPC at fsync
    (fileio, "open", errno.EROFS, "disk.read_only"),
])
def test_os_errors_become_storage_codes_and_keep_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: object, name: str, err: int,
    code: str,
) -> None:
    target = _target(tmp_path)

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(err, os.strerror(err))

    monkeypatch.setattr(module, name, fail, raising=False)
    with pytest.raises(StorageError) as info:
        atomic_write_bytes(target, b"x" * 10_000)
    assert info.value.code == code
    assert info.value.params["path"] == str(target)
    assert isinstance(info.value.__cause__, OSError)
    monkeypatch.undo()
    _assert_only_the_old_file(target)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX only")
def test_real_write_failure_in_child_with_file_size_limit(tmp_path: Path) -> None:
    """A real failing write(2): soft RLIMIT_FSIZE with SIGXFSZ ignored gives EFBIG."""
    target = _target(tmp_path)
    script = textwrap.dedent(
        """
        import resource, signal, sys
        from pathlib import Path
        from assessor_app.core.errors import StorageError
        from assessor_app.fileio import atomic_write_bytes

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        _soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))  # soft limit only
        try:
            atomic_write_bytes(Path(sys.argv[1]), [b"x" * 32 * 1024] * 8)
        except StorageError as exc:
            print(exc.code)
        else:
            print("written")
        """
    )
    result = run_python(script, str(target))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "disk.full"
    _assert_only_the_old_file(target)


def test_replace_is_retried_on_permission_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _target(tmp_path)
    real_replace = os.replace
    calls: list[int] = []
    sleeps: list[float] = []

    def flaky_replace(src: Path, dst: Path) -> None:
        calls.append(1)
        if len(calls) < 3:  # an anti-virus scanner holds the file twice
            raise PermissionError(errno.EACCES, "in use")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", flaky_replace)
    monkeypatch.setattr(time, "sleep", sleeps.append)
    atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"new"
    assert len(calls) == 3 and len(sleeps) == 2
    assert _dir_listing(tmp_path) == ["report.pdf"]


def test_replace_giving_up_keeps_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _target(tmp_path)

    def locked(src: Path, dst: Path) -> None:
        raise PermissionError(errno.EACCES, "in use")

    monkeypatch.setattr(os, "replace", locked)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    with pytest.raises(StorageError) as info:
        atomic_write_bytes(target, b"new")
    monkeypatch.undo()
    assert info.value.code == "disk.read_only"
    _assert_only_the_old_file(target)


def test_sha256_file_and_fsync_dir(tmp_path: Path) -> None:
    f = tmp_path / "big.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one read chunk
    f.write_bytes(data)
    assert sha256_file(f) == hashlib.sha256(data).hexdigest()
    fsync_dir(tmp_path)  # must not raise


def test_a_staged_write_is_durable_under_a_temp_name_until_committed(tmp_path: Path) -> None:
    target = _target(tmp_path)
    staged = fileio.stage_write(target, b"new content\n")
    assert target.read_bytes() == OLD  # not named yet: the old file is still what it was
    assert staged.tmp.read_bytes() == b"new content\n"
    assert _dir_listing(tmp_path) == sorted([target.name, staged.tmp.name])
    staged.commit()
    assert target.read_bytes() == b"new content\n"
    assert _dir_listing(tmp_path) == [target.name]


def test_a_discarded_staged_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = _target(tmp_path)
    staged = fileio.stage_write(target, b"new content\n")
    staged.discard()
    staged.discard()  # twice: already gone is fine
    _assert_only_the_old_file(target)


def test_a_staged_write_whose_verify_fails_leaves_nothing(tmp_path: Path) -> None:
    target = _target(tmp_path)

    def refuse(_tmp: Path) -> None:
        raise StorageError("export.verify_failed", path=str(_tmp))

    with pytest.raises(StorageError):
        fileio.stage_write(target, b"new content\n", refuse)
    _assert_only_the_old_file(target)


@pytest.mark.parametrize("damage", ["bit", "short", "long", "none"])
def test_read_back_check_compares_every_byte(tmp_path: Path, damage: str) -> None:
    from assessor_app.services.sync_common import read_back_check

    data = os.urandom(2 * 1024 * 1024 + 5)  # more than one piece
    written = bytearray(data)
    if damage == "bit":
        written[len(written) - 3] ^= 0x10  # in the last piece
    elif damage == "short":
        del written[-1]
    elif damage == "long":
        written += b"\0"
    f = tmp_path / "bundle.zip"
    f.write_bytes(bytes(written))
    check = read_back_check(data)
    if damage == "none":
        check(f)
        return
    with pytest.raises(StorageError) as info:
        check(f)
    assert info.value.code == "export.verify_failed"
