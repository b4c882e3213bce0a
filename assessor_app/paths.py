"""Where the app keeps its data, logs and backups.

Order of precedence: ``--data-dir`` > ``ASSESSOR_DATA_DIR`` > portable mode (a folder
named ``data`` next to the frozen executable, when ``portable.txt`` sits beside it) >
the platform default from platformdirs (``%LOCALAPPDATA%\\AssessorKit\\assessor-app`` on
Windows, ``~/.local/share/assessor-app`` on Linux).
"""

from __future__ import annotations

import errno
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import overload

import platformdirs

from assessor_app import APP_NAME, APP_ORG
from assessor_app.core.errors import StorageError
from assessor_app.core.files import file_kind

ENV_DATA_DIR = "ASSESSOR_DATA_DIR"
DB_FILENAME = "assessor.db"
KEYFILE_NAME = "assessor.key"  # the wrapped database key (core/keys.py), beside the database


class _InDataDir:
    """A read-only attribute of ``AppPaths``: the file or folder ``name`` in the data folder."""

    def __init__(self, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, paths: None, owner: type[AppPaths]) -> _InDataDir: ...
    @overload
    def __get__(self, paths: AppPaths, owner: type[AppPaths] | None = None) -> Path: ...

    def __get__(self, paths: AppPaths | None,
                owner: type[AppPaths] | None = None) -> Path | _InDataDir:
        return self if paths is None else paths.data_dir / self.name


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    db_path = _InDataDir(DB_FILENAME)
    backup_dir = _InDataDir("backups")
    log_dir = _InDataDir("logs")
    outbox_dir = _InDataDir("outbox")
    lock_path = _InDataDir("running.lock")
    keyfile_path = _InDataDir(KEYFILE_NAME)
    key_attempts_path = _InDataDir(KEYFILE_NAME + ".attempts")  # wrong passphrase tries
    settings_path = _InDataDir("settings.ini")
    schemes_dir = _InDataDir("schemes")  # installed schemes: <slug>/<version>/scheme.yaml
    templates_dir = _InDataDir("templates")  # templates the user installed or schemes generated (never forms/)
    logos_dir = _InDataDir("logos")  # LSP logos by content: <sha256>.<ext>

    def check(self) -> AppPaths:
        """``data_dir.not_folder`` when the data folder (or the nearest existing folder above
        it) is a file or a device; nothing is created (a start that may still be refused,
        e.g. for want of a passphrase, leaves a new data folder as it was)."""
        _check_folder(self.data_dir)
        return self

    def ensure(self) -> AppPaths:
        """Create the data folder and its sub-folders. A data folder that is a file, a
        device (``/dev/null``) or inside one raises ``StorageError("data_dir.not_folder")``;
        one that cannot be created raises ``data_dir.unusable``. Only a read-only folder
        that exists raises the ``OSError`` (the store then opens the database read-only).

        On POSIX the folders are made (and kept) 0700: only the user reads the data."""
        _check_folder(self.data_dir)
        for d in (self.data_dir, self.backup_dir, self.log_dir, self.outbox_dir):
            try:
                d.mkdir(mode=0o700, parents=True, exist_ok=True)
                private_dir(d)
            except OSError as exc:
                if exc.errno in _READ_ONLY_ERRNOS and self.data_dir.is_dir():
                    raise
                _check_folder(d)
                raise StorageError("data_dir.unusable", path=str(self.data_dir),
                                   detail=exc.strerror or type(exc).__name__) from None
        return self


_READ_ONLY_ERRNOS = frozenset((errno.EROFS, errno.EACCES, errno.EPERM))


def private_dir(path: Path) -> None:
    """Make a folder the app owns user-only (0700) on POSIX: group and other bits are
    removed, the owner's are kept (a read-only folder stays read-only); one we cannot change
    (another owner, a read-only mount) is left as it is."""
    if os.name != "posix":
        return  # Windows: %LOCALAPPDATA% is user-only by its ACL (README)
    try:
        st = os.stat(path)
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(path, st.st_mode & 0o700)  # owner bits kept (a read-only folder stays)
    except OSError:
        pass


def private_file(path: Path) -> None:
    """Make a file the app wrote user-only (0600) on POSIX: group and other bits are
    removed (best effort)."""
    if os.name != "posix":
        return
    try:
        st = os.stat(path)
        if st.st_mode & 0o077 and st.st_uid == os.getuid():
            os.chmod(path, st.st_mode & 0o700)
    except OSError:
        pass


def _check_folder(path: Path) -> None:
    """``data_dir.not_folder`` when ``path`` or the nearest existing folder above it is not
    a folder (``--data-dir /etc/passwd``, ``/dev/null``)."""
    for where in (path, *path.parents):
        try:
            st = os.stat(where)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return  # no access: mkdir says what is wrong
        kind = file_kind(st.st_mode)
        if kind != "dir":
            raise StorageError("data_dir.not_folder", path=str(where), kind=kind)
        return


def portable_data_dir() -> Path | None:
    if not getattr(sys, "frozen", False):
        return None
    exe_dir = Path(sys.executable).resolve().parent
    if (exe_dir / "portable.txt").exists():
        return exe_dir / "data"
    return None


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> AppPaths:
    if data_dir:
        return AppPaths(Path(data_dir).expanduser().resolve())
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return AppPaths(Path(env).expanduser().resolve())
    portable = portable_data_dir()
    if portable is not None:
        return AppPaths(portable)
    return AppPaths(Path(platformdirs.user_data_dir(APP_NAME, APP_ORG)))


def package_root() -> Path:
    """Folder that holds forms/ and resources/ (the repo root, or the frozen bundle)."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def forms_dir() -> Path:
    return package_root() / "forms"


def resources_dir() -> Path:
    return package_root() / "resources"


# ------------------------------------------------------------------ safe data locations

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "9p", "afs", "ncpfs", "davfs",
    "fuse.rclone", "fuse.s3fs", "glusterfs", "ceph",
})
REMOVABLE_FILESYSTEMS = frozenset({"vfat", "exfat", "msdos", "fuseblk"})
CLOUD_FOLDER_MARKERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud drive",
                        "icloud~")
ENV_ALLOW_UNSAFE = "ASSESSOR_ALLOW_UNSAFE_DATA_DIR"


def _mount_fstype(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """File system type of the mount that holds ``path`` (Linux), or None if unknown."""
    try:
        lines = mounts_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    best, best_type = "", None
    target = str(path.resolve())
    for line in lines:
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        if (target == mount_point or target.startswith(mount_point.rstrip("/") + "/")) \
                and len(mount_point) >= len(best):
            best, best_type = mount_point, parts[2]
    return best_type


def _windows_drive_type(path: Path) -> int | None:
    if os.name != "nt":
        return None
    import ctypes

    root = os.path.splitdrive(str(path.resolve()))[0] + "\\"
    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def data_location_problem(path: Path, mounts_file: Path = Path("/proc/mounts")) -> str | None:
    """Why ``path`` is not a safe home for the database, or None.

    WAL needs the database on the same host as every process that opens it, and sync clients
    copy files in the middle of a transaction (RELIABILITY.md D-1). Network shares and
    cloud-synced folders are refused; removable drives only in portable mode.
    """
    lowered = str(path).lower()
    if any(marker in lowered for marker in CLOUD_FOLDER_MARKERS):
        return "cloud"
    drive = _windows_drive_type(path)
    if drive == 4:  # DRIVE_REMOTE
        return "network"
    fstype = _mount_fstype(path, mounts_file)
    if fstype in NETWORK_FILESYSTEMS:
        return "network"
    removable = drive == 2 or fstype in REMOVABLE_FILESYSTEMS  # DRIVE_REMOVABLE
    if removable and portable_data_dir() != path:
        return "removable"
    return None
