"""Reading a file the user named, and checking a path the app is about to write.

Every file the app reads because a user pointed at it (a template, a scheme, a PDF to
verify, a bundle, a photo, a signature image, a backup to restore) goes through
:func:`read_user_file`: it must be a regular file (a folder, a FIFO, a socket or a device
such as ``/dev/zero`` is refused before a byte is read), it is opened with ``O_NONBLOCK``
so a FIFO swapped in after the check can never block, checked again on the open handle,
and read up to a size cap (one byte more, to tell "exactly the cap" from "larger").

Every file the app writes at a path the user gave goes through :func:`check_output_path`:
the target is absent (and its folder exists) or an existing regular file it may replace;
a device (``/dev/full``, ``/dev/null``), a FIFO, a socket or a folder, also behind a
symlink, is refused before anything is rendered or written.

Refusals are :class:`FileRefused` (an ``AppError``: one line, exit 2 in the CLI):

* ``file.not_found`` (``path``);
* ``file.not_regular`` (``path``, ``kind``: ``dir``, ``fifo``, ``device``, ``socket``,
  ``other``);
* ``file.too_large`` (``path``, ``limit``: the cap in words, e.g. ``"10 MB"``, ``size``);
* ``file.bad_target`` (``path``, ``kind``) for an output path that is not a regular file;
* ``file.not_a_folder`` (``path``) for an output path whose folder does not exist;
* ``file.no_permission`` (``path``);
* ``file.io`` (``path``, ``errno``, ``detail``) for any other ``OSError``.

Pure standard library (``assessor_app.core`` stays Qt- and SQL-free).
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from assessor_app.core.errors import AppError

__all__ = ["FileRefused", "MediaBytes", "check_output_path", "check_user_file", "file_kind",
           "limit_words", "read_user_file"]

@dataclass(frozen=True)
class MediaBytes:
    """The bytes of a photo, a drawn signature or a document, with their SHA-256 and
    media type, and an image's size in pixels: as stored, or as received in a bundle."""

    sha256: str
    mime: str
    data: bytes
    width: int | None = None
    height: int | None = None


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # POSIX; Windows has no FIFOs to block on
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | _NONBLOCK
               | getattr(os, "O_NOCTTY", 0))
_CHUNK = 1024 * 1024


class FileRefused(AppError):
    """A path the user gave cannot be read or written as a file (see module docstring)."""


def file_kind(mode: int) -> str:
    """``file`` for a regular file, else ``dir``, ``fifo``, ``device``, ``socket``, ``other``."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def limit_words(max_bytes: int) -> str:
    """The cap as a short size, ``"100 MB"``, ``"512 KB"`` (binary units, rounded down)."""
    if max_bytes >= 1024 * 1024:
        return f"{max_bytes // (1024 * 1024)} MB"
    return f"{max(1, max_bytes // 1024)} KB"


def _os_refusal(exc: OSError, path: str) -> FileRefused:
    if isinstance(exc, FileNotFoundError | NotADirectoryError) or exc.errno in (
            errno.ENOENT, errno.ENOTDIR):
        return FileRefused("file.not_found", path=path)
    if isinstance(exc, IsADirectoryError):
        return FileRefused("file.not_regular", path=path, kind="dir")
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM):
        return FileRefused("file.no_permission", path=path)
    return FileRefused("file.io", path=path, errno=exc.errno,
                       detail=exc.strerror or type(exc).__name__)


def _require_regular(st: os.stat_result, path: str, max_bytes: int) -> None:
    kind = file_kind(st.st_mode)
    if kind != "file":
        raise FileRefused("file.not_regular", path=path, kind=kind)
    if st.st_size > max_bytes:
        raise FileRefused("file.too_large", path=path, limit=limit_words(max_bytes),
                          size=st.st_size)


def check_user_file(path: str | os.PathLike[str], max_bytes: int | None = None) -> int:
    """Refuse (``FileRefused``) a ``path`` that is not an existing regular file (or is
    larger than ``max_bytes``) without opening it; returns its size. For files another
    library opens itself (SQLite); read with :func:`read_user_file` otherwise."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
    except OSError as exc:
        raise _os_refusal(exc, name) from None
    _require_regular(st, name, max_bytes if max_bytes is not None else st.st_size)
    return st.st_size


def read_user_file(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of the regular file ``path`` (at most ``max_bytes``), or ``FileRefused``.

    Symlinks are followed (a link to a regular file is fine; a link to ``/dev/zero`` is a
    device). Never blocks on a FIFO and never reads more than ``max_bytes + 1`` bytes, even
    from a file that grows while it is read.
    """
    name = os.fspath(path)
    try:
        _require_regular(os.stat(name), name, max_bytes)
        fd = os.open(name, _OPEN_FLAGS)
    except OSError as exc:
        raise _os_refusal(exc, name) from None
    try:
        _require_regular(os.fstat(fd), name, max_bytes)  # swapped after the first look
        if _NONBLOCK:
            os.set_blocking(fd, True)  # a regular file: plain reads from here on
        parts: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(_CHUNK, left))
            if not chunk:
                break
            parts.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _os_refusal(exc, name) from None
    finally:
        os.close(fd)
    data = b"".join(parts)
    if len(data) > max_bytes:  # grew while we read it
        raise FileRefused("file.too_large", path=name, limit=limit_words(max_bytes),
                          size=len(data))
    return data


def check_output_path(path: str | os.PathLike[str]) -> Path:
    """Refuse an output path the app must not write (see module docstring); returns it.

    Fine: an absent name in an existing folder, or an existing regular file (also behind a
    symlink: the atomic write then replaces the link with the new file, never the thing it
    points at).
    """
    target = Path(path)
    name = os.fspath(target)
    try:
        st = os.stat(name)  # follows a symlink: a link to /dev/null is a device
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        raise FileRefused("file.not_a_folder", path=os.fspath(target.parent)) from None
    except OSError as exc:
        raise _os_refusal(exc, name) from None
    if st is not None:
        kind = file_kind(st.st_mode)
        if kind != "file":
            raise FileRefused("file.bad_target", path=name, kind=kind)
        return target
    if os.path.lexists(name):  # a dangling symlink: the write would replace the link
        return target
    parent = target.parent
    try:
        pst = os.stat(os.fspath(parent))
    except OSError:
        raise FileRefused("file.not_a_folder", path=os.fspath(parent)) from None
    if not stat.S_ISDIR(pst.st_mode):
        raise FileRefused("file.not_a_folder", path=os.fspath(parent))
    return target
