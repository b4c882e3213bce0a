"""Atomic, verified file writes (RELIABILITY.md D-5).

Every file the app creates (bundles, PDFs, backups, the key file) is written to a temp
file in the same folder, fsynced, verified, renamed over the target with ``os.replace``
and the folder is fsynced so the rename survives power loss. If anything fails the temp
file is removed and the old file is left exactly as it was.

Environment failures are raised as ``StorageError``:

* ``disk.full`` (ENOSPC, EDQUOT, EFBIG) with ``path``;
* ``disk.read_only`` (EROFS, EACCES, EPERM) with ``path``;
* ``file.io`` for any other ``OSError`` with ``path`` and ``errno``.

Exceptions that are not ``OSError`` (a failing ``verify`` or data iterator) propagate
unchanged.

The target must be absent or a regular file (``check_output_path``): a device such as
``/dev/full``, a FIFO, a socket or a folder (also behind a symlink) is refused with
``file.bad_target`` before anything is written, and the rename is never made over anything
but a regular file or a symlink (which it replaces, leaving what it pointed at alone).

Reading a file the user named: ``read_user_file`` (regular files only, size-capped, never
blocks on a FIFO; see :mod:`assessor_app.core.files`).
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assessor_app.core.errors import StorageError
from assessor_app.core.files import FileRefused, check_output_path, file_kind, read_user_file

__all__ = [
    "FileRefused",
    "StagedWrite",
    "atomic_write_bytes",
    "check_output_path",
    "fsync_dir",
    "fsync_file",
    "read_user_file",
    "sha256_file",
    "stage_write",
    "storage_error_from_os",
    "temp_file_of",
]

_FULL_ERRNOS = frozenset(
    code for code in (errno.ENOSPC, getattr(errno, "EDQUOT", None), errno.EFBIG) if code
)
_READ_ONLY_ERRNOS = frozenset((errno.EROFS, errno.EACCES, errno.EPERM))
# Directory fsync is not supported everywhere (some network/FUSE filesystems, Windows).
_DIR_FSYNC_UNSUPPORTED = frozenset(
    code for code in (errno.EINVAL, errno.EBADF, getattr(errno, "ENOTSUP", None)) if code
)

_REPLACE_ATTEMPTS = 5
_REPLACE_BACKOFF_S = 0.2
_CHUNK = 1024 * 1024


def storage_error_from_os(exc: OSError, path: Path | str) -> StorageError:
    """Map an ``OSError`` to the matching ``StorageError`` (see module docstring)."""
    code = exc.errno
    if code in _FULL_ERRNOS:
        return StorageError("disk.full", path=str(path))
    if code in _READ_ONLY_ERRNOS or isinstance(exc, PermissionError):
        return StorageError("disk.read_only", path=str(path))
    return StorageError("file.io", path=str(path), errno=code, detail=exc.strerror or str(exc))


def fsync_dir(path: Path | str) -> None:
    """fsync a directory so that renames/creations inside it are durable (POSIX only)."""
    if os.name != "posix":
        return  # Windows has no directory handles to fsync; NTFS journals the rename.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _DIR_FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def fsync_file(path: Path | str) -> None:
    """fsync an existing regular file (e.g. one written by SQLite or shutil)."""
    flags = os.O_RDWR | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sha256_file(path: Path | str) -> str:
    """Lowercase hex SHA-256 of a file's content, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _replace_with_retries(src: Path, dst: Path) -> None:
    # Last look before the rename: only a regular file or a symlink (the link itself is
    # replaced) may be renamed over; a device or FIFO swapped in meanwhile is left alone.
    try:
        st = os.lstat(dst)
    except FileNotFoundError:
        pass
    else:
        kind = "file" if stat.S_ISLNK(st.st_mode) else file_kind(st.st_mode)
        if kind != "file":
            raise FileRefused("file.bad_target", path=str(dst), kind=kind)
    # Windows anti-virus / search indexer may hold a handle on dst for a moment.
    for attempt in range(_REPLACE_ATTEMPTS):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if attempt == _REPLACE_ATTEMPTS - 1:
                raise
            time.sleep(_REPLACE_BACKOFF_S * (attempt + 1))


def _private_opener(path: str, flags: int) -> int:
    return os.open(path, flags, 0o600)


_TEMP_SUFFIX = ".tmp"
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.[0-9a-f]{32}" + re.escape(_TEMP_SUFFIX) + "$")


def temp_file_of(name: str) -> str | None:
    """The file name a temp file called ``name`` (``.<name>.<uuid>.tmp``, made by
    ``stage_write``/``atomic_write_bytes``) was written for, or None if it is no such
    temp file: what a killed writer left behind can be recognised and removed."""
    match = _TEMP_NAME.match(name)
    return match["name"] if match else None


def atomic_write_bytes(
    path: Path,
    data: bytes | Iterable[bytes],
    verify: Callable[[Path], None] | None = None,
) -> None:
    """Write ``data`` to ``path`` atomically: temp -> fsync -> verify -> replace -> fsync dir.

    ``data`` is either ``bytes`` or an iterable of ``bytes`` chunks (streamed, so large
    content need not be in memory). ``verify(tmp_path)`` is called on the fully written
    and fsynced temp file and should raise if the content is not right; then the target
    is not touched. On any exception the temp file is deleted and the old ``path`` (if
    any) is left untouched. The file is created user-only (0600) on POSIX.
    """
    stage_write(path, data, verify).commit()


@dataclass(frozen=True)
class StagedWrite:
    """A file written, fsynced and verified under a temp name beside ``path`` that has
    not got its name yet (``stage_write``): ``commit()`` renames it over ``path`` and
    fsyncs the folder; ``discard()`` removes it. Lets a caller write a file while it
    does other work (an export writes to the stick while it records the bundle) and name
    it only once that work succeeded."""

    path: Path
    tmp: Path

    def commit(self) -> None:
        try:
            _replace_with_retries(self.tmp, self.path)
        except BaseException as exc:
            self.discard()
            if isinstance(exc, OSError):
                raise storage_error_from_os(exc, self.path) from exc
            raise
        try:  # the temp file is now the target
            fsync_dir(self.path.parent)
        except OSError as exc:
            raise storage_error_from_os(exc, self.path) from exc

    def discard(self) -> None:
        """Remove the temp file (best effort); ``path`` stays as it was."""
        try:
            self.tmp.unlink()
        except OSError:  # already gone, or the stick was pulled: nothing more to do
            pass


def stage_write(
    path: Path,
    data: bytes | Iterable[bytes],
    verify: Callable[[Path], None] | None = None,
) -> StagedWrite:
    """The first half of ``atomic_write_bytes``: ``data`` written to a temp file beside
    ``path`` (user-only, exclusive create), fsynced and passed to ``verify``. On any
    exception the temp file is removed (``OSError`` raised as ``StorageError``)."""
    path = check_output_path(path)
    tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}{_TEMP_SUFFIX}"
    created = False
    try:
        # exclusive create (never clobber someone else's file), user-only (0600 on POSIX)
        with open(tmp, "xb", opener=_private_opener) as f:
            created = True
            if isinstance(data, bytes | bytearray | memoryview):
                f.write(data)
            else:
                for chunk in data:
                    f.write(chunk)  # ENOSPC/EFBIG may surface here or at flush
            f.flush()
            os.fsync(f.fileno())  # data durable before it gets a name
        if verify is not None:
            verify(tmp)
    except BaseException as exc:
        if created:
            StagedWrite(path, tmp).discard()
        if isinstance(exc, OSError):
            raise storage_error_from_os(exc, path) from exc
        raise
    return StagedWrite(path, tmp)
