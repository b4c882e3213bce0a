"""Integrity checks, backups and restore (RELIABILITY D-3, D-4)."""

from __future__ import annotations

import datetime as dt
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func
from sqlmodel import col, select

from assessor_app.core.clock import Clock, iso_utc, parse_iso, system_clock
from assessor_app.core.errors import AppError, StorageError
from assessor_app.core.files import check_user_file
from assessor_app.paths import AppPaths
from assessor_app.storage import backup as backup_mod
from assessor_app.storage.db import integrity_check, quick_check, read_session, write_session
from assessor_app.storage.migrations import SCHEMA_VERSION
from assessor_app.storage.session_lock import SessionLock
from assessor_app.storage.store import Store
from assessor_app.storage.tables import AuditRow, SettingRow

log = logging.getLogger(__name__)
BackupInfo = backup_mod.BackupInfo  # a backup file: path, created_at (UTC), size
_LAST_BACKUP_KEY = "last_backup_audit_id"
_LAST_INTEGRITY_KEY = "last_integrity_check"


@dataclass
class CheckReport:
    db_path: Path
    db_size: int
    schema_version: int
    quick_check: list[str]
    integrity: list[str]
    backups: list[backup_mod.BackupInfo]
    free_bytes: int
    unclean_exit: bool
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.quick_check and not self.integrity


@dataclass
class MaintenanceService:
    store: Store
    clock: Clock = system_clock

    @property
    def paths(self) -> AppPaths:
        return self.store.paths

    def check(self, *, full: bool = True) -> CheckReport:
        self.store.require_sqlite("check")  # PostgreSQL: backup.not_sqlite (pg_dump's job)
        engine = self.store.engine
        db = self.paths.db_path
        return CheckReport(
            db_path=db,
            db_size=db.stat().st_size if db.exists() else 0,
            schema_version=self.store.startup.migration.to_version if self.store.startup.migration
            else SCHEMA_VERSION,
            quick_check=quick_check(engine),
            integrity=integrity_check(engine) if full else [],
            backups=backup_mod.list_backups(self.paths.backup_dir),
            free_bytes=shutil.disk_usage(self.paths.data_dir).free,
            unclean_exit=self.store.startup.unclean_exit is not None,
        )

    def periodic_integrity_check(self, every_days: float = 7.0) -> list[str] | None:
        """Full integrity_check + foreign_key_check when the last one is older than
        ``every_days`` (RELIABILITY D-3). Returns the problems, or None if not due."""
        last = self.get_meta(_LAST_INTEGRITY_KEY)
        now = self.clock()
        if last is not None and (now - parse_iso(last)).total_seconds() < every_days * 86400:
            return None
        problems = integrity_check(self.store.engine)
        if not problems and not self.store.startup.read_only:
            self.set_meta(_LAST_INTEGRITY_KEY, iso_utc(now))
        return problems

    def backup(self, reason: str = "manual") -> Path:
        self.store.require_sqlite("backup")
        path = backup_mod.make_backup(self.paths.db_path, self.paths.backup_dir,
                                      clock=self.clock, reason=reason, key=self.store.key)
        backup_mod.rotate_backups(self.paths.backup_dir, now=self.clock())
        self._remember_backup()
        return path

    def auto_backup(self) -> Path | None:
        """Backup after a finalise or on exit; a full disk skips it with a warning."""
        if not self.store.is_sqlite:
            return None  # a server database is backed up by its administrator
        try:
            return self.backup(reason="auto")
        except StorageError as exc:
            log.warning("automatic backup skipped: %s", exc.code)
            return None

    def backup_if_changed(self, reason: str = "auto") -> Path | None:
        if not self.store.is_sqlite:
            return None
        if self._last_audit_id() <= self._remembered():
            return None
        return self.auto_backup() if reason == "auto" else self.backup(reason)

    def get_meta(self, key: str) -> str | None:
        with read_session(self.store.engine) as s:
            row = s.get(SettingRow, key)
        return row.value if row else None

    def set_meta(self, key: str, value: str) -> None:
        with write_session(self.store.engine) as s:
            row = s.get(SettingRow, key) or SettingRow(key=key, value=value)
            row.value = value
            s.add(row)

    def _last_audit_id(self) -> int:
        """The newest change in the audit log (views, prints and exports change nothing:
        they alone never make an exit backup)."""
        from assessor_app.services.audit import ACCESS_ACTIONS

        with read_session(self.store.engine) as s:
            return int(s.exec(select(func.max(AuditRow.id)).where(
                col(AuditRow.action).not_in(ACCESS_ACTIONS))).one() or 0)

    def _remembered(self) -> int:
        with read_session(self.store.engine) as s:
            row = s.get(SettingRow, _LAST_BACKUP_KEY)
        return int(row.value) if row else 0

    def _remember_backup(self) -> None:
        last = self._last_audit_id()
        with write_session(self.store.engine) as s:
            row = s.get(SettingRow, _LAST_BACKUP_KEY) or SettingRow(key=_LAST_BACKUP_KEY,
                                                                    value="0")
            row.value = str(last)
            s.add(row)


def restore(paths: AppPaths, source: Path, *, clock: Clock = system_clock,
            key: bytes | None = None) -> Path | None:
    """Replace the database with a verified backup. Needs the app closed (takes the lock).
    ``key``: the database key of this data folder (the restored file is encrypted)."""
    check_user_file(source)  # missing, a folder, a FIFO, a device: one clear line
    paths.ensure()
    lock = SessionLock(paths.lock_path)
    lock.acquire()
    try:
        return backup_mod.restore_backup(source, paths.db_path, paths.backup_dir, clock=clock,
                                         key=key)
    finally:
        lock.release()


def backups(paths: AppPaths) -> list[BackupInfo]:
    """The backup files of this data folder, newest first (they are not opened)."""
    return backup_mod.list_backups(paths.backup_dir)


def newest_valid_backup(paths: AppPaths, key: bytes | None = None
                        ) -> tuple[Path, dt.datetime, int] | None:
    """The newest backup that passes verification: (path, created_at, size) or None."""
    for info in backup_mod.list_backups(paths.backup_dir):
        try:
            version = backup_mod.verify_database_file(info.path, key)
        except AppError as exc:
            log.warning("backup %s skipped: %s", info.path.name, exc.code)
            continue
        if version <= SCHEMA_VERSION:
            return info.path, info.created_at, info.size
    return None
