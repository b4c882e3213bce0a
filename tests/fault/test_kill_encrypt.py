"""kill -9 while a plain database is encrypted in place (issue 13, storage/encrypt.py).

A child process opens a plain data folder with encryption on and stops at one named moment
of the migration (its ``_step`` hook prints ``AT <moment>`` and waits); the test SIGKILLs it
there. Afterwards either the old plain database or the new encrypted one opens on its own,
with every row (also the ones that were only in the plain WAL), and the next start finishes
the job: nothing plain is left in the data folder."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assessor_app.core import keys
from assessor_app.paths import AppPaths
from assessor_app.services.runtime import open_services
from assessor_app.storage.db import SQLITE_MAGIC, connect_read_only, is_plain_sqlite_file
from tests.conftest import PASSPHRASE
from tests.helpers import NIK, add_asesi, child_env, kill_child_at, run_python

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics")

# the last row is written and committed, then the process ends without closing: the row is
# only in the hot WAL of the plain database
WAL_WRITER = textwrap.dedent(
    """
    import os, sqlite3, sys
    con = sqlite3.connect(sys.argv[1])
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("UPDATE institution SET name = 'LPK Hanya di WAL' WHERE name = 'LPK Awal'")
    con.commit()
    os._exit(0)
    """
)

MIGRATOR = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import assessor_app.storage.encrypt as encrypt
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    target = sys.argv[2]

    def stop(name):
        if name == target:
            print("AT " + name, flush=True)
            sys.stdin.readline()  # killed here

    encrypt._step = stop
    open_services(AppPaths(Path(sys.argv[1]))).close(clean=True)
    print("FINISHED", flush=True)
    """
)


def _plain_folder(root: Path) -> AppPaths:
    paths = AppPaths(root)
    services = open_services(paths)  # plain: the suite's ASSESSOR_ENCRYPTION=off
    try:
        services.registry.add_institution("LPK Awal")
        add_asesi(services)
        services.maintenance.backup(reason="manual")  # a plain backup to re-encrypt
    finally:
        services.close(clean=True)
    done = run_python(WAL_WRITER, str(paths.db_path))
    assert done.returncode == 0, done.stderr
    wal = paths.db_path.with_name(paths.db_path.name + "-wal")
    assert wal.stat().st_size > 0 and b"LPK Hanya di WAL" in wal.read_bytes()
    return paths


def _rows(con: sqlite3.Connection) -> tuple[list[str], list[str]]:
    names = [str(r[0]) for r in con.execute("SELECT name FROM institution ORDER BY name")]
    niks = [str(r[0]) for r in con.execute("SELECT nik FROM assessee")]
    return names, niks


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
@pytest.mark.parametrize("moment", ["folded", "exported", "replaced", "backup_exported"])
def test_kill_during_encryption_loses_nothing(
        moment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _plain_folder(tmp_path / "data")
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = dict(child_env(), ASSESSOR_ENCRYPTION="on", ASSESSOR_PASSPHRASE_FILE=str(secret))
    status = kill_child_at(moment, "-c", MIGRATOR, str(paths.data_dir), moment, env=env)
    assert status == -signal.SIGKILL

    expected = (["LPK Hanya di WAL"], [NIK])
    key_file = keys.load_keyfile(paths.keyfile_path)
    assert key_file is not None
    dek = keys.unwrap(key_file, PASSPHRASE)
    plain = is_plain_sqlite_file(paths.db_path)
    assert plain == (moment in ("folded", "exported"))
    # the database opens on its own as it is, with every row
    con = connect_read_only(paths.db_path, key=None if plain else dek)
    try:
        assert _rows(con) == expected
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()

    monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
    services = open_services(paths)  # the next start finishes the job
    try:
        assert services.store.encrypted
        assert [i.name for i in services.registry.institutions()] == expected[0]
        assert [a.nik for a in services.registry.assessees()] == expected[1]
    finally:
        services.close(clean=True)
    for path in sorted(p for p in paths.data_dir.rglob("*") if p.is_file()):
        assert not path.read_bytes().startswith(SQLITE_MAGIC), path
        assert b"LPK Hanya di WAL" not in path.read_bytes(), path
        assert ".encrypting" not in path.name, path


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
def test_kill_while_the_outbox_is_encrypted_loses_no_bundle(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain outbox copy (from before encryption) is encrypted at the first start with a
    key; killed between writing the encrypted copy and removing the plain one, the next
    start finishes the job and the bundle can still be sent again."""
    import hashlib

    from assessor_app.services.demo import seed_demo

    paths = AppPaths(tmp_path / "data")
    services = open_services(paths)
    try:
        seed_demo(services)
        old = services.sync.export(tmp_path / "usb")
    finally:
        services.close(clean=True)
    assert old.outbox_path is not None and old.outbox_path.is_file()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    env = dict(child_env(), ASSESSOR_ENCRYPTION="on", ASSESSOR_PASSPHRASE_FILE=str(secret))
    with subprocess.Popen([sys.executable, "-c", MIGRATOR, str(paths.data_dir),
                           "outbox_sealed"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, env=env) as child:
        assert child.stdout is not None and child.stderr is not None
        line = child.stdout.readline()
        if line.strip() != "AT outbox_sealed":
            child.kill()
            pytest.fail(f"the child did not stop: {line!r} {child.stderr.read()}")
        child.send_signal(signal.SIGKILL)
        child.wait()
    names = sorted(p.name for p in paths.outbox_dir.iterdir())
    assert names == [old.outbox_path.name, old.outbox_path.name + ".enc"]  # both, complete

    monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
    services = open_services(paths)
    try:
        assert [p.name for p in paths.outbox_dir.iterdir()] == [old.outbox_path.name + ".enc"]
        again = services.sync.resend(str(old.seq), tmp_path / "usb2", plain=True)
        assert again.path is not None
        assert hashlib.sha256(again.path.read_bytes()).hexdigest() == old.sha256
    finally:
        services.close(clean=True)
