"""Typed application settings over ``QSettings(IniFormat)`` with a version and upgrade steps.

The shape follows Picard (``picard/config.py`` + ``picard/config_upgrade.py``): every option
is declared once with its type and default; the file carries ``settings/version`` and
:data:`UPGRADES` turns an older file into the current shape step by step, so an old
``settings.ini`` never breaks a new app. Data locations are not settings: they come from
:mod:`assessor_app.paths` and are only shown.

The assessor's profile (name, academic titles, MET registration number) is not kept here:
it is the registry's ``is_self`` assessor, because assessments, signatures and exported
bundles refer to it (:func:`load_profile`; saved by ``Registry.save_self_assessor``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

if TYPE_CHECKING:
    from assessor_app.services.registry import Registry

log = logging.getLogger(__name__)

SETTINGS_VERSION = 2
PAPER_SIZES = ("A4", "F4")
LANGUAGES = ("id", "en")

T = TypeVar("T")


class Option(Generic[T]):
    """One typed setting: ``key`` in the ini file, a default and the allowed values."""

    def __init__(self, key: str, default: T, choices: tuple[T, ...] | None = None) -> None:
        self.key = key
        self.default = default
        self.choices = choices
        self.name = key

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def convert(self, raw: Any) -> T:
        default = self.default
        try:
            if isinstance(default, bool):
                value: Any = raw if isinstance(raw, bool) else str(raw).lower() in (
                    "1", "true", "yes")
            elif isinstance(default, int):
                value = int(raw)
            else:
                value = str(raw)
        except (TypeError, ValueError):
            return default
        if self.choices is not None and value not in self.choices:
            return default
        return value  # type: ignore[no-any-return]

    def __get__(self, obj: AppSettings | None, owner: type) -> Any:
        if obj is None:
            return self
        raw = obj.qsettings.value(self.key)
        return self.default if raw is None else self.convert(raw)

    def __set__(self, obj: AppSettings, value: T) -> None:
        if self.choices is not None and value not in self.choices:
            raise ValueError(f"{self.name}: {value!r} not in {self.choices}")
        obj.qsettings.setValue(self.key, value)


# --------------------------------------------------------------------------- upgrades


def _upgrade_to_1(qs: QSettings) -> None:
    """Files written before versioning: the first window kept ``main_window/geometry``."""
    old = qs.value("main_window/geometry")
    if old is not None:
        qs.setValue("window/main/geometry", old)
    qs.remove("main_window")


def _upgrade_to_2(qs: QSettings) -> None:
    """``ui/lang`` (free text) became ``general/language`` limited to id | en."""
    old = qs.value("ui/lang")
    if old is not None:
        qs.setValue("general/language", "en" if str(old).lower().startswith("en") else "id")
    qs.remove("ui")


UPGRADES: dict[int, Callable[[QSettings], None]] = {1: _upgrade_to_1, 2: _upgrade_to_2}


class AppSettings:
    """The settings file of one data folder (``paths.settings_path``)."""

    language = Option("general/language", "id", LANGUAGES)
    paper = Option("reports/paper", "A4", PAPER_SIZES)
    confirm_quit = Option("general/confirm_quit", False)
    # "Mode kantor": the sidebar also shows the office pages (import, conflicts, review,
    # dashboard, devices). Set by Tampilan -> Mode kantor (MainWindow.set_office_mode) and
    # by the settings dialog. A new key with a default needs no upgrade step.
    office_mode = Option("office/mode", False)
    # Where the office writes receipts ("" = next to each imported bundle).
    receipt_dir = Option("office/receipt_dir", "")
    # The folder last used for "Kirim hasil" (e.g. the USB stick).
    send_dir = Option("sync/send_dir", "")
    # Auto-lock of an encrypted store after this many idle minutes (0 = never; ui/idle_lock.py)
    auto_lock_minutes = Option("security/auto_lock_minutes", 10, tuple(range(0, 241)))

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.qsettings = QSettings(str(self.path), QSettings.Format.IniFormat)
        self.upgrade()

    @property
    def version(self) -> int:
        """0 for a file without a version (written before versioning, or new)."""
        raw = self.qsettings.value("settings/version")
        try:
            return int(raw) if raw is not None else 0
        except (TypeError, ValueError):
            return 0

    def upgrade(self) -> list[int]:
        """Run the upgrade steps from the file's version to :data:`SETTINGS_VERSION`."""
        done: list[int] = []
        current = self.version
        if current > SETTINGS_VERSION:
            log.warning("settings file is from a newer app (v%s); unknown keys are kept",
                        current)
            return done
        for target in range(current + 1, SETTINGS_VERSION + 1):
            step = UPGRADES.get(target)
            if step is not None:
                step(self.qsettings)
                done.append(target)
        if current != SETTINGS_VERSION:
            self.qsettings.setValue("settings/version", SETTINGS_VERSION)
            self.sync()
        return done

    # ------------------------------------------------------------ window state

    def geometry(self, name: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{name}/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, name: str, data: QByteArray) -> None:
        self.qsettings.setValue(f"window/{name}/geometry", data)

    def state(self, name: str) -> QByteArray | None:
        value = self.qsettings.value(f"window/{name}/state")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_state(self, name: str, data: QByteArray) -> None:
        self.qsettings.setValue(f"window/{name}/state", data)

    def sync(self) -> None:
        self.qsettings.sync()


# --------------------------------------------------------------------------- profile


@dataclass(frozen=True)
class Profile:
    name: str = ""
    title_front: str = ""  # gelar depan, e.g. "Dr."
    title_back: str = ""  # gelar belakang, e.g. "S.T., M.Pd."
    registration_no: str = ""  # "MET.000.004633 2020"
    email: str = ""

    @property
    def display_name(self) -> str:
        name = " ".join(x for x in (self.title_front, self.name) if x)
        return f"{name}, {self.title_back}" if self.title_back else name


def load_profile(registry: Registry) -> Profile:
    me = registry.self_assessor()
    if me is None:
        return Profile()
    return Profile(me.name, me.title_front or "", me.title_back or "",
                   me.registration_no or "", me.email or "")


