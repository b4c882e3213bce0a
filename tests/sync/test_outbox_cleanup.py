"""A killed export can leave files in the outbox that the database never recorded; the
next export removes them so a reused sequence number cannot reach the office twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assessor_app.services.demo import seed_demo


def test_next_export_drops_unrecorded_outbox_bundles_and_temps(services: Any,
                                                                tmp_path: Path) -> None:
    seed_demo(services)
    outbox = services.paths.outbox_dir
    outbox.mkdir(parents=True, exist_ok=True)
    orphan = outbox / "bundle-0000000000000000-000001-deadbeef.zip"
    orphan.write_bytes(b"PK\x03\x04 written before its record was committed")
    temp = outbox / ".bundle-x.zip.0123.tmp"
    temp.write_bytes(b"partial")
    result = services.sync.export(tmp_path / "usb")
    assert result.path is not None and result.outbox_path is not None
    assert sorted(p.name for p in outbox.iterdir()) == [result.outbox_path.name]
    again = services.sync.export(tmp_path / "usb2")  # recorded bundles are kept
    assert again.outbox_path is not None and result.outbox_path.exists()
