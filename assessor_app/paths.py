"""Where the app keeps its data, logs and backups.

Order of precedence: ``--data-dir`` > ``ASSESSOR_DATA_DIR`` > portable mode (a folder
named ``data`` next to the frozen executable, when ``portable.txt`` sits beside it) >
the platform default from platformdirs (``%LOCALAPPDATA%\\AssessorKit\\assessor-app`` on
Windows, ``~/.local/share/assessor-app`` on Linux).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from assessor_app import APP_NAME, APP_ORG

ENV_DATA_DIR = "ASSESSOR_DATA_DIR"
DB_FILENAME = "assessor.db"


@dataclass(frozen=True)
class AppPaths:
    data_dir: Path

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_FILENAME

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"

    @property
    def lock_path(self) -> Path:
        return self.data_dir / "running.lock"

    @property
    def settings_path(self) -> Path:
        return self.data_dir / "settings.ini"

    def ensure(self) -> AppPaths:
        for d in (self.data_dir, self.backup_dir, self.log_dir, self.outbox_dir):
            d.mkdir(parents=True, exist_ok=True)
        return self


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
