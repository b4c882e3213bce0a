"""The database is refused on network shares and cloud-synced folders (RELIABILITY D-1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessor_app.core.errors import StorageError
from assessor_app.paths import AppPaths, data_location_problem
from assessor_app.services.runtime import open_services


def _mounts(tmp_path: Path, lines: str) -> Path:
    f = tmp_path / "mounts"
    f.write_text(lines, encoding="utf-8")
    return f


def test_local_disk_is_fine(tmp_path: Path) -> None:
    mounts = _mounts(tmp_path, "/dev/sda1 / ext4 rw 0 0\n")
    assert data_location_problem(tmp_path / "data", mounts) is None


@pytest.mark.parametrize(("fstype", "expected"), [("nfs4", "network"), ("cifs", "network"),
                                                  ("fuse.sshfs", "network"),
                                                  ("vfat", "removable"), ("exfat", "removable")])
def test_network_and_removable_mounts_are_recognised(tmp_path: Path, fstype: str,
                                                     expected: str) -> None:
    mounts = _mounts(tmp_path, f"/dev/sda1 / ext4 rw 0 0\nserver:/x {tmp_path} {fstype} rw 0 0\n")
    assert data_location_problem(tmp_path / "data", mounts) == expected


def test_cloud_synced_folder_is_refused_by_name(tmp_path: Path) -> None:
    assert data_location_problem(tmp_path / "OneDrive - LSP" / "data") == "cloud"
    assert data_location_problem(tmp_path / "Dropbox" / "asesor") == "cloud"


def test_open_services_refuses_an_unsafe_folder_and_writes_no_database(tmp_path: Path) -> None:
    d = tmp_path / "OneDrive" / "asesor"
    with pytest.raises(StorageError) as err:
        open_services(AppPaths(d))
    assert err.value.code == "data_dir.unsafe" and err.value.params["reason"] == "cloud"
    assert not (d / "assessor.db").exists()


def test_the_refusal_can_be_overridden_explicitly(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSESSOR_ALLOW_UNSAFE_DATA_DIR", "1")
    services = open_services(AppPaths(tmp_path / "Dropbox" / "asesor"))
    services.close()


def test_full_integrity_check_runs_weekly_not_at_every_start(tmp_path: Path) -> None:
    import datetime as dt

    now = [dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC)]
    paths = AppPaths(tmp_path / "d")
    first = open_services(paths, clock=lambda: now[0])
    try:
        assert first.maintenance.get_meta("last_integrity_check") == "2026-11-01T08:00:00.000Z"
        now[0] += dt.timedelta(days=3)
        assert first.maintenance.periodic_integrity_check() is None  # not due yet
        now[0] += dt.timedelta(days=5)
        assert first.maintenance.periodic_integrity_check() == []  # due: ran, found nothing
        assert first.maintenance.get_meta("last_integrity_check") == "2026-11-09T08:00:00.000Z"
    finally:
        first.close()
