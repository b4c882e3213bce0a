"""Private keys on the office server (issue 13): PostgreSQL is not a file the app can
encrypt, so the device_identity private key columns are wrapped with the server key, whose
key file lives in the ``setting`` table (every office PC unlocks it with the same
passphrase); a plaintext row from before is wrapped on first use."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from assessor_app.bundles import crypto
from assessor_app.core.keys import KeyAccessError
from assessor_app.paths import AppPaths
from assessor_app.services.keys import SERVER_KEYFILE_SETTING
from assessor_app.services.runtime import open_services


def _stored(pg_url: str) -> tuple[bytes, bytes]:
    engine = create_engine(pg_url)
    try:
        with engine.connect() as conn:
            ed, x = conn.execute(text(
                "SELECT ed25519_private, x25519_private FROM device_identity")).one()
        return bytes(ed), bytes(x)
    finally:
        engine.dispose()


def _sign_check(services: Any, message: bytes) -> str:
    keys = services.sync.device_keys
    device_id, sig = keys.sign(message)
    assert keys.verify(device_id, base64.b64encode(sig).decode(), message)
    return str(device_id)


def test_private_keys_are_wrapped_on_the_server_and_every_office_pc_unlocks_them(
        encrypted: str, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = open_services(AppPaths(tmp_path / "pc1"), database_url=pg_url)
    try:
        me = first.sync.device_keys.row()
        device_id = _sign_check(first, b"surat tugas")
    finally:
        first.close(clean=True)
    ed, x = _stored(pg_url)
    assert ed[:4] == b"AKW1" and x[:4] == b"AKW1"
    assert me.ed25519_private not in ed and me.x25519_private not in x
    assert crypto.public_of(me.ed25519_private) == base64.b64decode(
        me.ed25519_public)

    second = open_services(AppPaths(tmp_path / "pc2"), database_url=pg_url)  # another PC
    try:
        assert _sign_check(second, b"tanda terima") == device_id
        assert second.sync.device_keys.row().x25519_private == me.x25519_private
    finally:
        second.close(clean=True)

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("bukan kata sandi kantor\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(wrong))
    with pytest.raises(KeyAccessError) as info:
        open_services(AppPaths(tmp_path / "pc3"), database_url=pg_url)
    assert info.value.code == "key.wrong"
    assert _stored(pg_url) == (ed, x)  # nothing changed


def test_plaintext_private_keys_from_before_are_wrapped_on_first_use(
        pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = open_services(AppPaths(tmp_path / "pc1"), database_url=pg_url)  # encryption off
    try:
        before = plain.sync.device_keys.row()
    finally:
        plain.close(clean=True)
    assert _stored(pg_url) == (before.ed25519_private, before.x25519_private)
    secret = tmp_path / "pass.txt"
    secret.write_text("kata sandi kantor pusat\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
    wrapped = open_services(AppPaths(tmp_path / "pc1"), database_url=pg_url)
    try:
        again = wrapped.sync.device_keys.row()
        assert again.ed25519_private == before.ed25519_private
        setting = wrapped.maintenance.get_meta(SERVER_KEYFILE_SETTING)
        assert setting is not None and "argon2id" in setting
    finally:
        wrapped.close(clean=True)
    ed, x = _stored(pg_url)
    assert ed[:4] == b"AKW1" and before.ed25519_private not in ed
