"""The key file under kill -9 and concurrent processes (issue 13, RELIABILITY G9).

* ``passphrase change`` killed at named moments (the key re-wrapped, just before and just
  after the rename) and at random moments of a change loop: afterwards exactly one of the
  old and the new passphrase opens the key file, never neither, and no half-written key
  file or leftover copy wrapped with an older passphrase stays behind.
* Two processes starting on the same folder at once (new and existing): both end with a
  clear result, the key file opens the database, nothing is wrapped with a key nobody has.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from assessor_app.core import keys
from assessor_app.core.keys import KeyAccessError
from assessor_app.paths import AppPaths
from tests.conftest import PASSPHRASE
from tests.helpers import NIK, add_asesi, child_env, kill_child_at, opened

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL semantics")

NEW = "kata sandi baru yang panjang"

CHANGER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import assessor_app.core.keys as keys
    import assessor_app.fileio as fileio
    from assessor_app.paths import AppPaths
    from assessor_app.services.keys import change_passphrase

    paths, mode, old, new = AppPaths(Path(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4]

    def stop(name):
        if name == mode:
            print("AT " + name, flush=True)
            sys.stdin.readline()  # killed here

    keys._step = stop
    real_replace, real_fsync_dir = fileio._replace_with_retries, fileio.fsync_dir

    def replace(src, dst):
        if dst.name == "assessor.key":
            stop("before_replace")
        real_replace(src, dst)

    def fsync_dir(path):
        real_fsync_dir(path)
        stop("after_replace")

    fileio._replace_with_retries, fileio.fsync_dir = replace, fsync_dir
    if mode == "loop":
        print("READY", flush=True)
        while True:
            change_passphrase(paths, old, new)
            old, new = new, old
    change_passphrase(paths, old, new)
    print("FINISHED", flush=True)
    """
)


def _folder(root: Path, monkeypatch: pytest.MonkeyPatch) -> AppPaths:
    secret = root.parent / "passphrase.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
    paths = AppPaths(root)
    with opened(paths) as services:
        add_asesi(services)
    return paths


def _opens_with(paths: AppPaths) -> list[str]:
    """Which of the two passphrases open the key file now."""
    key_file = keys.load_keyfile(paths.keyfile_path)
    assert key_file is not None
    works = []
    for passphrase in (PASSPHRASE, NEW):
        try:
            keys.unwrap(key_file, passphrase)
        except KeyAccessError:
            continue
        works.append(passphrase)
    return works


def _leftovers(paths: AppPaths) -> list[str]:
    return sorted(p.name for p in paths.data_dir.iterdir()
                  if p.name.startswith(".assessor.key"))


@pytest.mark.parametrize("moment", ["rewrapped", "before_replace", "after_replace"])
def test_kill_during_a_passphrase_change_leaves_old_or_new(
        moment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path / "data", monkeypatch)
    kill_child_at(moment, "-c", CHANGER, str(paths.data_dir), moment, PASSPHRASE, NEW,
                  env=child_env())
    works = _opens_with(paths)
    assert works == ([NEW] if moment == "after_replace" else [PASSPHRASE])
    # the next change tidies what the killed one left (a temp copy wrapped with the old
    # passphrase would keep it working for whoever finds the file)
    current = works[0]
    keys.change_passphrase(paths.keyfile_path, current, PASSPHRASE if current == NEW else NEW)
    assert _leftovers(paths) == [], _leftovers(paths)
    monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(_secret(tmp_path, _opens_with(paths)[0])))
    with opened(paths) as services:
        assert [a.nik for a in services.registry.assessees()] == [NIK]


def _secret(tmp_path: Path, passphrase: str) -> Path:
    f = tmp_path / f"secret-{len(passphrase)}.txt"
    f.write_text(passphrase + "\n", encoding="utf-8")
    return f


@pytest.mark.timeout(240)
def test_kill_at_random_moments_of_passphrase_changes_never_leaves_neither(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _folder(tmp_path / "data", monkeypatch)
    rng = random.Random(13)
    seen: set[str] = set()
    for _cycle in range(20):
        current = _opens_with(paths)
        assert len(current) == 1
        old = current[0]
        new = NEW if old == PASSPHRASE else PASSPHRASE
        with subprocess.Popen([sys.executable, "-c", CHANGER, str(paths.data_dir), "loop",
                               old, new], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=child_env()) as child:
            assert child.stdout is not None and child.stderr is not None
            line = child.stdout.readline()
            if line.strip() != "READY":
                child.kill()
                pytest.fail(f"the child did not start: {line!r} {child.stderr.read()}")
            try:
                child.wait(timeout=rng.uniform(0.0, 0.25))
            except subprocess.TimeoutExpired:
                pass
            child.send_signal(signal.SIGKILL)
            child.wait()
        after = _opens_with(paths)
        assert len(after) == 1, "neither (or both) passphrases open the key file"
        seen.add(after[0])
    assert seen == {PASSPHRASE, NEW}  # the kills landed on both sides of a change


STARTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from assessor_app.core.errors import AppError
    from assessor_app.paths import AppPaths
    from assessor_app.services.runtime import open_services

    try:
        services = open_services(AppPaths(Path(sys.argv[1])))
    except AppError as exc:
        print(exc.code, flush=True)
    else:
        services.close(clean=True)
        print("OPENED", flush=True)
    """
)


@pytest.mark.allow_log("WARNING", "assessor_app.storage.session_lock",
                       r"previous session did not exit cleanly")
@pytest.mark.parametrize("folder", ["new", "existing"])
def test_two_processes_starting_at_once_agree_on_one_key(
        folder: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = _secret(tmp_path, PASSPHRASE)
    env = dict(child_env(), ASSESSOR_ENCRYPTION="on", ASSESSOR_PASSPHRASE_FILE=str(secret))
    for round_no in range(3):
        data = tmp_path / f"data-{round_no}"
        if folder == "existing":
            _folder(data, monkeypatch)
        children = [subprocess.Popen([sys.executable, "-c", STARTER, str(data)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env) for _ in range(2)]
        outcomes = []
        for child in children:
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
            outcomes.append(out.strip())
        assert "OPENED" in outcomes, outcomes
        assert set(outcomes) <= {"OPENED", "db.in_use", "key.busy"}, outcomes
        monkeypatch.setenv("ASSESSOR_ENCRYPTION", "on")
        monkeypatch.setenv("ASSESSOR_PASSPHRASE_FILE", str(secret))
        paths = AppPaths(data)
        assert not paths.key_attempts_path.exists()
        with opened(paths) as services:  # the key file opens the database it sits beside
            assert services.store.encrypted
