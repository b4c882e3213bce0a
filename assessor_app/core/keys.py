"""The database key and the key file beside the database (RELIABILITY.md section 4).

Key hierarchy::

    passphrase --Argon2id(salt, t, m, p)--> KEK --AES-256-GCM--> wrapped DEK (key file)
    DEK (32 random bytes) --SQLCipher raw key--> assessor.db, its WAL and every backup
    DEK --sealed to the office's X25519 key--> recovery copy (key file, see services.keys)

* The DEK is random and never changes: changing the passphrase re-wraps it (a new salt, a
  new nonce, one atomic write of the key file), the data is never re-encrypted.
* The key file (``assessor.key``, JSON, 0600) holds no secret a thief can use without the
  passphrase: the Argon2id parameters and salt, the GCM nonce and ciphertext, the key id
  (a one-way fingerprint of the DEK that names it in the OS keyring and in recovery
  copies) and the sealed recovery copies.
* A wrong passphrase fails the GCM tag: ``KeyAccessError("key.wrong")``, nothing changes.
  Wrong tries are counted in ``assessor.key.attempts``; from the fifth on, the next try is
  refused for a growing while (``key.wait``: 30 s, 60 s, ... at most 10 minutes). There is
  no lock-out: the waits never end in anything being deleted. (Argon2id's cost is the real
  brake on guessing; the counter stops a casual person at the keyboard.)
* The OS keyring (``keyring``: Windows Credential Manager, macOS Keychain, Secret Service)
  may hold the DEK so an assessor unlocks once; every keyring failure (no backend, no
  D-Bus, a locked collection) is treated as "nothing stored" and logged at INFO only.

Environment (documented in the README):

``ASSESSOR_PASSPHRASE_FILE``  a file whose first line is the passphrase (scripts, CI).
``ASSESSOR_ENCRYPTION=off``   plain SQLite: for the test suite only (tests/conftest.py).
``ASSESSOR_KDF=fast``         cheap Argon2id parameters for new key files (tests only).
``ASSESSOR_KEYRING=off``      never touch the OS keyring (tests; shared accounts).

This module is pure Python (no SQL, no Qt): the UI's passphrase dialog uses
:func:`passphrase_strength` directly.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import json
import logging
import math
import os
import re
import secrets
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from assessor_app.core.errors import AppError

__all__ = [
    "ENV_ENCRYPTION",
    "ENV_KDF",
    "ENV_KEYRING",
    "ENV_PASSPHRASE_FILE",
    "KEY_BYTES",
    "KEYFILE_FORMAT",
    "MIN_PASSPHRASE",
    "DEFAULT_KDF",
    "FAST_KDF",
    "KdfParams",
    "KeyAccessError",
    "KeyFile",
    "RecoveryCopy",
    "Throttle",
    "change_passphrase",
    "check_new_passphrase",
    "encryption_enabled",
    "key_id_of",
    "keyfile_lock",
    "keyring_forget",
    "keyring_load",
    "keyring_store",
    "load_keyfile",
    "new_keyfile",
    "passphrase_from_env",
    "passphrase_strength",
    "save_keyfile",
    "unlock",
]

log = logging.getLogger(__name__)

ENV_PASSPHRASE_FILE = "ASSESSOR_PASSPHRASE_FILE"
ENV_ENCRYPTION = "ASSESSOR_ENCRYPTION"
ENV_KDF = "ASSESSOR_KDF"
ENV_KEYRING = "ASSESSOR_KEYRING"

KEY_BYTES = 32
KEYFILE_FORMAT = "assessor-app-keyfile"
KEYFILE_VERSION = 1
MIN_PASSPHRASE = 8
KEYRING_SERVICE = "assessor-app database key"
KEYFILE_NAME = "assessor.key"
_MAX_KEYFILE = 256 * 1024
_MAX_PASSPHRASE_FILE = 64 * 1024
_MAX_ATTEMPTS_FILE = 4 * 1024

# What a key file may ask of Argon2id. Only this app writes key files (64 MiB, t=3, p=4);
# anything far beyond is a damaged or tampered file and is refused before Argon2 runs:
# a 1 TiB or 4 GiB memory cost is an out-of-memory kill on a 4 GB field laptop, t=10^9 a
# start that never ends. (argon2 itself needs memory >= 8 KiB x parallelism.)
KDF_MAX_TIME = 16
KDF_MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
KDF_MAX_WORK_KIB = 4 * 1024 * 1024  # time x memory: about 20x the default's work
KDF_MAX_PARALLELISM = 16

#: How long a key-file write waits for another process's write (``key.busy`` then).
LOCK_TIMEOUT_S = 10.0

# Wrong tries before the waits start, the first wait and its ceiling (seconds).
FREE_TRIES = 5
FIRST_WAIT_S = 30.0
MAX_WAIT_S = 600.0


class KeyAccessError(AppError):
    """The database key could not be had: a wrong passphrase, a missing or damaged key
    file, too many wrong tries. Codes ``key.*`` (words in messages.py)."""


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters (stored in the key file, so they can change per file)."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4

    def as_dict(self) -> dict[str, Any]:
        return {"name": "argon2id", "time_cost": self.time_cost,
                "memory_kib": self.memory_kib, "parallelism": self.parallelism}

    def sane(self) -> bool:
        """Within what this app ever writes, with room to spare (``KDF_MAX_*``)."""
        t, m, p = self.time_cost, self.memory_kib, self.parallelism
        return (1 <= t <= KDF_MAX_TIME and 1 <= p <= KDF_MAX_PARALLELISM
                and max(8, 8 * p) <= m <= KDF_MAX_MEMORY_KIB and t * m <= KDF_MAX_WORK_KIB)


#: RFC 9106's second recommendation (64 MiB, t=3, p=4): ~0.3-0.6 s on a field laptop.
DEFAULT_KDF = KdfParams()
#: Cheap parameters for the test suite (``ASSESSOR_KDF=fast``); never a default.
FAST_KDF = KdfParams(time_cost=1, memory_kib=8, parallelism=1)


@dataclass(frozen=True)
class RecoveryCopy:
    """The DEK sealed to an office's X25519 public key (opened only at that office)."""

    office_id: str
    office_name: str
    x25519_public: str  # base64 of the office's raw public key
    sealed: bytes
    made_at: str

    def as_dict(self) -> dict[str, Any]:
        return {"office_id": self.office_id, "office_name": self.office_name,
                "x25519_public": self.x25519_public, "sealed": _b64(self.sealed),
                "made_at": self.made_at}


@dataclass(frozen=True)
class KeyFile:
    key_id: str
    salt: bytes
    kdf: KdfParams
    nonce: bytes
    wrapped: bytes
    created_at: str
    changed_at: str
    recovery: tuple[RecoveryCopy, ...] = field(default=())

    def to_bytes(self) -> bytes:
        doc = {
            "format": KEYFILE_FORMAT, "version": KEYFILE_VERSION, "cipher": "sqlcipher4",
            "key_id": self.key_id,
            "kdf": {**self.kdf.as_dict(), "salt": _b64(self.salt)},
            "wrap": {"alg": "AES-256-GCM", "nonce": _b64(self.nonce),
                     "ciphertext": _b64(self.wrapped)},
            "created_at": self.created_at, "changed_at": self.changed_at,
            "recovery": [r.as_dict() for r in self.recovery],
        }
        return (json.dumps(doc, indent=2, sort_keys=True) + "\n").encode("utf-8")

    @classmethod
    def from_bytes(cls, raw: bytes, path: str = "") -> KeyFile:
        try:
            doc = json.loads(raw.decode("utf-8"))
            if doc.get("format") != KEYFILE_FORMAT or doc.get("version") != KEYFILE_VERSION:
                raise ValueError("not a key file of this version")
            kdf = doc["kdf"]
            if kdf.get("name") != "argon2id":
                raise ValueError("unknown KDF")
            params = KdfParams(_int(kdf["time_cost"]), _int(kdf["memory_kib"]),
                               _int(kdf["parallelism"]))
            if not params.sane():
                raise ValueError("KDF parameters out of range")
            key_id = doc["key_id"]
            if not isinstance(key_id, str) or len(key_id) != 24 or \
                    any(c not in "0123456789abcdef" for c in key_id):
                raise ValueError("bad key id")
            wrap = doc["wrap"]
            copies = doc.get("recovery", [])
            if not isinstance(copies, list):
                raise ValueError("recovery is a list")
            recovery = tuple(
                RecoveryCopy(str(r["office_id"]), str(r.get("office_name", "")),
                             str(r["x25519_public"]), _unb64(r["sealed"]), str(r["made_at"]))
                for r in copies)
            key_file = cls(key_id, _unb64(kdf["salt"]), params,
                           _unb64(wrap["nonce"]), _unb64(wrap["ciphertext"]),
                           str(doc["created_at"]), str(doc["changed_at"]), recovery)
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError,
                RecursionError) as exc:  # RecursionError: "[[[[..." nested beyond the stack
            raise KeyAccessError("key.bad_file", path=path) from exc
        if len(key_file.salt) < 16 or len(key_file.nonce) != 12 or \
                len(key_file.wrapped) != KEY_BYTES + 16:
            raise KeyAccessError("key.bad_file", path=path)
        return key_file


# ------------------------------------------------------------------ helpers


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _int(value: Any) -> int:
    """A JSON integer, strictly (not a bool, a float such as 1e9 or 3.5, or a string)."""
    if type(value) is not int:
        raise ValueError("expected an integer")
    return value


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    try:
        return base64.b64decode(text, validate=True)
    except binascii.Error as exc:
        raise ValueError(str(exc)) from exc


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def key_id_of(dek: bytes) -> str:
    """A one-way fingerprint of the DEK (names it in the keyring and recovery copies)."""
    return hashlib.sha256(b"assessor-app database key id\x00" + dek).hexdigest()[:24]


def _normalise(passphrase: str) -> bytes:
    # NFC: the same passphrase typed on another keyboard layout or OS gives the same bytes
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def derive_kek(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    """Argon2id; parameters out of bounds (``KdfParams.sane``) or refused by Argon2 are a
    damaged key file (``key.bad_file``), never a crash, a hang or an out-of-memory kill."""
    from argon2.exceptions import HashingError
    from argon2.low_level import Type, hash_secret_raw

    if not params.sane():
        raise KeyAccessError("key.bad_file", path=KEYFILE_NAME)
    try:
        return bytes(hash_secret_raw(secret=_normalise(passphrase), salt=salt,
                                     time_cost=params.time_cost,
                                     memory_cost=params.memory_kib,
                                     parallelism=params.parallelism, hash_len=KEY_BYTES,
                                     type=Type.ID))
    except (HashingError, MemoryError):
        raise KeyAccessError("key.bad_file", path=KEYFILE_NAME) from None


def _aad(key_id: str) -> bytes:
    return b"assessor-app database key v1|" + key_id.encode("ascii")


def _wrap(dek: bytes, passphrase: str, key_id: str, params: KdfParams
          ) -> tuple[bytes, bytes, bytes]:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = derive_kek(passphrase, salt, params)
    return salt, nonce, AESGCM(kek).encrypt(nonce, dek, _aad(key_id))


def kdf_for_new_files() -> KdfParams:
    return FAST_KDF if os.environ.get(ENV_KDF, "").strip().lower() == "fast" else DEFAULT_KDF


def encryption_enabled() -> bool:
    """False only when ``ASSESSOR_ENCRYPTION=off`` (the test suite's plain databases)."""
    return os.environ.get(ENV_ENCRYPTION, "").strip().lower() not in ("off", "0", "no")


# ------------------------------------------------------------------ passphrases


def check_new_passphrase(passphrase: str, again: str | None = None) -> None:
    """Refuse a new passphrase that is too short (``key.too_short``) or whose second
    typing differs (``key.mismatch``)."""
    if len(passphrase.strip()) < MIN_PASSPHRASE:
        raise KeyAccessError("key.too_short", min=MIN_PASSPHRASE)
    if again is not None and again != passphrase:
        raise KeyAccessError("key.mismatch")


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """(score 0..4, hint code) for the strength hint under a new passphrase.

    A rough entropy estimate (character classes x length, repeated characters and
    sequences count less): 0 too short, 1 weak, 2 fair, 3 good, 4 strong. The hint codes
    are ``strength.*`` in messages.py."""
    if len(passphrase) < MIN_PASSPHRASE:
        return 0, "strength.too_short"
    pool = 0
    if any(c.islower() for c in passphrase):
        pool += 26
    if any(c.isupper() for c in passphrase):
        pool += 26
    if any(c.isdigit() for c in passphrase):
        pool += 10
    if any(c.isspace() for c in passphrase):
        pool += 1
    if any(not c.isalnum() and not c.isspace() for c in passphrase):
        pool += 32
    distinct = len(set(passphrase.lower()))
    effective = min(len(passphrase), distinct * 2)
    steps = sum(1 for a, b in zip(passphrase, passphrase[1:], strict=False)
                if abs(ord(a) - ord(b)) <= 1)
    effective = max(1, effective - steps // 2)
    bits = effective * math.log2(max(pool, 2))
    words = len(passphrase.split())
    if words >= 4 and len(passphrase) >= 20:
        bits = max(bits, 60.0)  # a passphrase of several words
    if bits < 36:
        return 1, "strength.weak"
    if bits < 50:
        return 2, "strength.fair"
    if bits < 70:
        return 3, "strength.good"
    return 4, "strength.strong"


def passphrase_from_env() -> str | None:
    """The passphrase in the file named by ``ASSESSOR_PASSPHRASE_FILE`` (its first line,
    without the line end), or None when the variable is not set."""
    name = os.environ.get(ENV_PASSPHRASE_FILE, "").strip()
    if not name:
        return None
    from assessor_app.core.files import FileRefused, read_user_file

    try:
        raw = read_user_file(name, _MAX_PASSPHRASE_FILE)
    except FileRefused as exc:
        raise KeyAccessError("key.passphrase_file", path=name, detail=exc.code) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KeyAccessError("key.passphrase_file", path=name, detail="utf-8") from None
    line = text.splitlines()[0] if text else ""
    if not line:
        raise KeyAccessError("key.passphrase_file", path=name, detail="empty")
    return line


# ------------------------------------------------------------------ the key file


def load_keyfile(path: Path) -> KeyFile | None:
    """The key file at ``path`` (None when there is none). Only a regular file is read
    (a FIFO put in its place would block a plain ``open`` forever), at most 256 KiB."""
    from assessor_app.core.files import FileRefused, read_user_file

    try:
        raw = read_user_file(path, _MAX_KEYFILE)
    except FileRefused as exc:
        if exc.code == "file.not_found":
            return None
        if exc.code == "file.too_large":
            raise KeyAccessError("key.bad_file", path=str(path)) from None
        raise KeyAccessError("key.unreadable", path=str(path), detail=exc.code,
                             kind=exc.params.get("kind", "")) from None
    return KeyFile.from_bytes(raw, str(path))


def save_keyfile(path: Path, key_file: KeyFile, *, new: bool = False) -> None:
    """Write the key file atomically (temp, fsync, verify, rename, fsync folder), 0600.

    ``new``: the file must not exist yet (a new data folder, or a plain database about to
    be encrypted): a key file another process made meanwhile is never replaced
    (``key.raced``): its key may already encrypt the database."""
    from assessor_app.fileio import atomic_write_bytes, fsync_dir

    data = key_file.to_bytes()

    def verify(tmp: Path) -> None:
        if KeyFile.from_bytes(tmp.read_bytes(), str(tmp)) != key_file:
            raise KeyAccessError("key.bad_file", path=str(tmp))

    _remove_stale_copies(path)
    if not new:
        atomic_write_bytes(path, data, verify=verify)
        return
    staged = path.with_name(f".{path.name}.{uuid.uuid4().hex}.new")
    atomic_write_bytes(staged, data, verify=verify)
    try:
        try:
            os.link(staged, path)  # atomic and never over an existing file
        except FileExistsError:
            raise KeyAccessError("key.raced", path=str(path)) from None
        except OSError:  # no hard links here (FAT): the key-file lock covers the race
            if path.exists():
                raise KeyAccessError("key.raced", path=str(path)) from None
            os.replace(staged, path)
        fsync_dir(path.parent)
    finally:
        staged.unlink(missing_ok=True)


def _remove_stale_copies(path: Path) -> None:
    """Temp copies of the key file a killed write left (``.assessor.key.<id>.tmp`` or
    ``.new``): each holds the key wrapped with the passphrase of its time, so an old one
    would keep a changed passphrase working. Overwritten, then removed (best effort). Runs
    under the key-file lock, so no other writer's temp file is touched."""
    # ``.assessor.key.<hex>.tmp`` (atomic_write_bytes), ``.assessor.key.<hex>.new`` and its
    # own temp ``..assessor.key.<hex>.new.<hex>.tmp`` (save_keyfile new=True); never the
    # wrong-try counter's temp files (``.assessor.key.attempts.<hex>.tmp``)
    own = re.compile(r"^\.\.?" + re.escape(path.name)
                     + r"\.[0-9a-f]{32}\.(tmp|new|new\.[0-9a-f]{32}\.tmp)$")
    for stale in path.parent.glob(f".*{path.name}.*"):
        if not own.match(stale.name):
            continue
        try:
            size = stale.lstat().st_size
            if stale.is_file() and not stale.is_symlink():
                with open(stale, "r+b") as f:
                    f.write(bytes(size))
                    f.flush()
                    os.fsync(f.fileno())
            stale.unlink()
            log.info("removed a leftover key file copy %s", stale.name)
        except OSError:
            log.info("could not remove a leftover key file copy %s", stale.name)


# ------------------------------------------------------------------ one writer at a time


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def keyfile_lock(path: Path) -> Iterator[None]:
    """Hold the lock on the key file at ``path`` (an OS lock on ``assessor.key.lock``
    beside it): every read-modify-write of the key file (a new key, a passphrase change
    or reset, a recovery copy) runs under it, so two processes never undo each other's
    change. Waits up to ``LOCK_TIMEOUT_S``, then ``key.busy`` (nothing written). A folder
    where the lock file cannot be made (read-only) is not locked: no key file can be
    written there either."""
    lock_path = path.with_name(path.name + ".lock")
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | \
        getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(lock_path, flags, 0o600)
    except OSError:
        log.info("key file lock %s not available; going on without it", lock_path.name)
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                raise KeyAccessError("key.busy", path=str(path))
            time.sleep(0.05)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


def new_keyfile(passphrase: str, *, params: KdfParams | None = None,
                dek: bytes | None = None) -> tuple[KeyFile, bytes]:
    """A new random DEK (or ``dek``) wrapped with ``passphrase``: (key file, DEK)."""
    check_new_passphrase(passphrase)
    dek = secrets.token_bytes(KEY_BYTES) if dek is None else dek
    params = params or kdf_for_new_files()
    key_id = key_id_of(dek)
    salt, nonce, wrapped = _wrap(dek, passphrase, key_id, params)
    now = _now_iso()
    return KeyFile(key_id, salt, params, nonce, wrapped, now, now), dek


def unwrap(key_file: KeyFile, passphrase: str) -> bytes:
    """The DEK, or ``key.wrong`` (the GCM tag does not match: a wrong passphrase)."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    kek = derive_kek(passphrase, key_file.salt, key_file.kdf)
    try:
        dek = AESGCM(kek).decrypt(key_file.nonce, key_file.wrapped, _aad(key_file.key_id))
    except InvalidTag:
        raise KeyAccessError("key.wrong") from None
    if key_id_of(dek) != key_file.key_id:
        raise KeyAccessError("key.wrong")
    return bytes(dek)


def rewrap(key_file: KeyFile, dek: bytes, new_passphrase: str,
           params: KdfParams | None = None) -> KeyFile:
    """The same DEK wrapped with a new passphrase (new salt and nonce); recovery copies
    are kept (they seal the DEK, which has not changed)."""
    check_new_passphrase(new_passphrase)
    if key_id_of(dek) != key_file.key_id:
        raise KeyAccessError("key.wrong")
    params = params or key_file.kdf
    salt, nonce, wrapped = _wrap(dek, new_passphrase, key_file.key_id, params)
    return replace(key_file, salt=salt, kdf=params, nonce=nonce, wrapped=wrapped,
                   changed_at=_now_iso())


# ------------------------------------------------------------------ wrong tries


@dataclass
class Throttle:
    """Wrong passphrase tries, persisted in a small JSON file beside the key file."""

    path: Path
    clock: Callable[[], float] = time.time

    def _read(self) -> tuple[int, float]:
        """(wrong tries, time of the last); anything unreadable counts as none (whoever
        can damage this file can delete it: it is a brake, not a lock)."""
        from assessor_app.core.files import FileRefused, read_user_file

        try:  # a regular file only: a FIFO here must not block the start
            doc = json.loads(read_user_file(self.path, _MAX_ATTEMPTS_FILE).decode("utf-8"))
            failures, last = min(max(0, int(doc["failures"])), 10_000), float(doc["last"])
        except (FileRefused, ValueError, KeyError, TypeError, OverflowError, RecursionError):
            return 0, 0.0
        return failures, (last if math.isfinite(last) else 0.0)

    @staticmethod
    def wait_after(failures: int) -> float:
        if failures < FREE_TRIES:
            return 0.0
        doublings = min(failures - FREE_TRIES, 16)  # 30 s x 2^16 is far past the ceiling
        return float(min(MAX_WAIT_S, FIRST_WAIT_S * 2.0 ** doublings))

    def remaining(self) -> float:
        """Seconds until the next try is allowed (0: now)."""
        failures, last = self._read()
        wait = self.wait_after(failures)
        if wait <= 0:
            return 0.0
        # a clock set back does not lengthen the wait beyond one period
        return max(0.0, min(wait, last + wait - self.clock()))

    def check(self) -> None:
        left = self.remaining()
        if left > 0:
            raise KeyAccessError("key.wait", seconds=math.ceil(left))

    def failed(self) -> int:
        failures, _last = self._read()
        failures += 1
        self._write({"failures": failures, "last": self.clock()})
        return failures

    def succeeded(self) -> None:
        if self.path.exists():
            try:
                self.path.unlink()
            except OSError:
                log.info("could not reset the wrong-try counter %s", self.path.name)

    def _write(self, doc: dict[str, Any]) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{uuid.uuid4().hex}.tmp")
        try:
            fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except OSError:  # a read-only folder: the wait is not enforced, nothing is lost
            log.info("could not record a wrong passphrase try in %s", self.path.name)
            try:
                tmp.unlink()
            except OSError:
                pass


def unlock(key_file: KeyFile, passphrase: str, throttle: Throttle | None = None) -> bytes:
    """The DEK for ``passphrase``; ``key.wait`` while wrong tries make it wait,
    ``key.wrong`` (and one more counted try) for a wrong passphrase."""
    if throttle is not None:
        throttle.check()
    try:
        dek = unwrap(key_file, passphrase)
    except KeyAccessError:
        if throttle is not None:
            failures = throttle.failed()
            wait = Throttle.wait_after(failures)
            if wait > 0:
                raise KeyAccessError("key.wrong_wait", seconds=math.ceil(wait)) from None
        raise
    if throttle is not None:
        throttle.succeeded()
    return dek


def change_passphrase(path: Path, old: str, new: str, again: str | None = None,
                      throttle: Throttle | None = None) -> KeyFile:
    """Re-wrap the DEK in the key file at ``path`` with ``new`` (the data is untouched).
    A wrong ``old`` raises ``key.wrong`` and changes nothing. Under the key-file lock: a
    recovery copy another process adds meanwhile is kept, and vice versa."""
    check_new_passphrase(new, again)
    with keyfile_lock(path):
        key_file = load_keyfile(path)
        if key_file is None:
            raise KeyAccessError("key.no_file", path=str(path))
        dek = unlock(key_file, old, throttle)
        updated = rewrap(key_file, dek, new)
        _step("rewrapped")
        save_keyfile(path, updated)
    return updated


def _step(name: str) -> None:
    """A named moment of a key-file change; the kill -9 tests replace it to stop there."""


# ------------------------------------------------------------------ OS keyring


def _keyring() -> Any | None:
    if os.environ.get(ENV_KEYRING, "").strip().lower() in ("off", "0", "no"):
        return None
    try:
        import keyring
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    return keyring


def keyring_load(key_id: str) -> bytes | None:
    """The DEK kept in the OS keyring under ``key_id``, or None (also on any failure)."""
    kr = _keyring()
    if kr is None:
        return None
    try:
        text = kr.get_password(KEYRING_SERVICE, key_id)
    except Exception as exc:  # no backend, no D-Bus, a locked collection...
        log.info("OS keyring not available: %s", type(exc).__name__)
        return None
    if not text:
        return None
    try:
        dek = bytes.fromhex(text)
    except ValueError:
        return None
    return dek if len(dek) == KEY_BYTES and key_id_of(dek) == key_id else None


def keyring_store(key_id: str, dek: bytes) -> bool:
    """Keep the DEK in the OS keyring; False when there is no usable keyring."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        kr.set_password(KEYRING_SERVICE, key_id, dek.hex())
    except Exception as exc:
        log.info("OS keyring not available: %s", type(exc).__name__)
        return False
    return keyring_load(key_id) == dek  # the null backend "stores" nothing


def keyring_forget(key_id: str) -> bool:
    """Remove the DEK from the OS keyring; True when one was removed, False when the
    keyring held none (or there is no keyring). ``key.keyring_kept`` when it still holds
    it afterwards (a locked collection, a refused delete): never "not stored" then."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        present = kr.get_password(KEYRING_SERVICE, key_id) is not None
    except Exception as exc:
        log.info("OS keyring not available: %s", type(exc).__name__)
        return False
    if not present:
        return False
    try:
        kr.delete_password(KEYRING_SERVICE, key_id)
    except Exception as exc:
        log.info("OS keyring refused the delete: %s", type(exc).__name__)
    try:
        still = kr.get_password(KEYRING_SERVICE, key_id) is not None
    except Exception:
        still = True  # cannot tell: say so rather than claim it is gone
    if still:
        raise KeyAccessError("key.keyring_kept", key_id=key_id)
    return True
