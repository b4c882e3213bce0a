"""Getting the database key of a data folder, changing the passphrase, and recovery.

:func:`database_key` is what every entry point (GUI, CLI, self-test, scripts) calls before
:func:`~assessor_app.services.runtime.open_services`:

* a key file beside the database: the DEK from the OS keyring (when it holds it), else
  the passphrase from ``ASSESSOR_PASSPHRASE_FILE``, else ``ask`` (the GUI's dialog, the
  CLI's ``getpass`` on a terminal) until it is right or the user gives up;
* no key file: a new data folder or a plain database from before encryption. A new
  passphrase (from the same sources) makes a new key file; ``open_store`` then creates the
  database encrypted, or encrypts the plain one in place;
* ``ASSESSOR_ENCRYPTION=off`` (the test suite) and no key file: None, a plain database.

Recovery (a forgotten passphrase must not lose field data): once the laptop trusts an
office (from an assignment pack or enrolment), :func:`ensure_recovery_copy` seals the DEK
to that office's X25519 public key and keeps the sealed copy in the key file. The office
opens it with its private key (:func:`recovery_code_for`, ``assessor-app office
recovery-key``) and gives the assessor a recovery code; :func:`reset_with_recovery_code`
(``assessor-app passphrase reset``) wraps the same DEK with a new passphrase.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar

from assessor_app.core import keys as core_keys
from assessor_app.core.clock import utc_now_iso
from assessor_app.core.keys import KeyAccessError, KeyFile, RecoveryCopy, Throttle
from assessor_app.paths import AppPaths

__all__ = [
    "Ask",
    "FieldWrapper",
    "server_key",
    "PassphraseAnswer",
    "Prompt",
    "create_key",
    "database_key",
    "ensure_recovery_copy",
    "format_recovery_code",
    "parse_recovery_code",
    "recovery_code_for",
    "reset_with_recovery_code",
]

log = logging.getLogger(__name__)

_RECOVERY_AAD = b"assessor-app recovery v1|"

PromptKind = Literal["unlock", "create", "migrate"]
T = TypeVar("T")


@dataclass(frozen=True)
class Prompt:
    """What to ask: ``unlock`` an encrypted folder, ``create`` a passphrase for a new one,
    ``migrate`` (a new passphrase for a plain database about to be encrypted).
    ``error``: why the last answer was refused (``key.wrong``, ``key.wait``...)."""

    kind: PromptKind
    data_dir: Path
    error: KeyAccessError | None = None


@dataclass(frozen=True)
class PassphraseAnswer:
    # secrets are left out of repr(): an answer in a log line or a traceback shows none
    passphrase: str = field(repr=False)
    again: str | None = field(default=None, repr=False)  # the second typing of a new one
    remember: bool = False  # keep the key in the OS keyring
    #: "unlock" only: the office's recovery code; ``passphrase``/``again`` are then the
    #: new passphrase (a forgotten one is replaced, services/keys.py recovery)
    recovery_code: str | None = field(default=None, repr=False)


#: Asks for a passphrase; None when the user cancels.
Ask = Callable[[Prompt], PassphraseAnswer | None]


def _has_plain_db(paths: AppPaths) -> bool | None:
    """True: a plain database; False: an encrypted one; None: no database yet."""
    from assessor_app.storage.db import is_plain_sqlite_file

    db = paths.db_path
    if not db.is_file() or db.stat().st_size == 0:
        return None
    return is_plain_sqlite_file(db)


def database_key(paths: AppPaths, ask: Ask | None = None) -> bytes | None:
    """The DEK of the data folder ``paths`` (see the module docstring); None for a plain
    database while encryption is off. Raises ``KeyAccessError``: ``key.needed`` (nothing
    to ask with: the message names ASSESSOR_PASSPHRASE_FILE), ``key.cancelled``,
    ``key.wrong``/``key.wait`` (from the passphrase file), ``key.no_file`` (an encrypted
    database whose key file is gone), ``key.bad_file``."""
    key_file = core_keys.load_keyfile(paths.keyfile_path)
    plain = _has_plain_db(paths)
    if key_file is None:
        if plain is False:
            raise KeyAccessError("key.no_file", path=str(paths.keyfile_path))
        if not core_keys.encryption_enabled():
            return None
        if plain and not os.access(paths.data_dir, os.W_OK):
            return None  # a read-only folder (a USB stick): opened read-only, as it is
        return create_key(paths, ask, "create" if plain is None else "migrate")
    return _unlock(paths, key_file, ask, where=str(paths.data_dir), recovery=True)


def create_key(paths: AppPaths, ask: Ask | None, kind: Literal["create", "migrate"]
               ) -> bytes:
    """A new key file with a new passphrase (from ``ASSESSOR_PASSPHRASE_FILE`` or ``ask``)
    for a new data folder or a plain database. Two starts at once both find no key file:
    the key file is made under the key-file lock and never over one that appeared
    meanwhile (its key may already encrypt the database); that one is unlocked with the
    passphrase given instead, or ``key.raced`` when it was made with another."""
    passphrase, remember = _new_passphrase(paths, ask, kind, where=str(paths.data_dir))
    paths.ensure()  # only now: a start refused above leaves a new data folder uncreated
    with core_keys.keyfile_lock(paths.keyfile_path):
        existing = core_keys.load_keyfile(paths.keyfile_path)
        if existing is not None:  # another start made it meanwhile
            try:
                dek = core_keys.unwrap(existing, passphrase)
            except KeyAccessError:
                raise KeyAccessError("key.raced", path=str(paths.keyfile_path)) from None
            log.info("key file made meanwhile by another start; using it")
            key_file = existing
        else:
            key_file, dek = core_keys.new_keyfile(passphrase)
            core_keys.save_keyfile(paths.keyfile_path, key_file, new=True)
            log.info("new database key made (%s)", key_file.key_id)
    if remember:
        core_keys.keyring_store(key_file.key_id, dek)
    return dek


def unlock_with(paths: AppPaths, passphrase: str) -> tuple[KeyFile, bytes]:
    """(key file, DEK) for ``passphrase`` (counted as a try: ``key.wrong``, ``key.wait``)."""
    key_file = core_keys.load_keyfile(paths.keyfile_path)
    if key_file is None:
        raise KeyAccessError("key.no_file", path=str(paths.keyfile_path))
    return key_file, core_keys.unlock(key_file, passphrase, Throttle(paths.key_attempts_path))


def change_passphrase(paths: AppPaths, old: str, new: str, again: str | None = None) -> None:
    """Re-wrap the DEK with ``new`` (the data is not re-encrypted); a keyring copy stays
    valid (the DEK is the same)."""
    core_keys.change_passphrase(paths.keyfile_path, old, new, again,
                                Throttle(paths.key_attempts_path))
    log.info("passphrase changed")


# ------------------------------------------------------------------ PostgreSQL


#: The office server's key file, kept in the ``setting`` table so that every office PC
#: that opens the same server database unlocks the same key with the same passphrase.
SERVER_KEYFILE_SETTING = "security.server_keyfile"


class FieldWrapper:
    """AES-256-GCM for single secret values (the private key columns on PostgreSQL):
    ``AKW1 | nonce (12) | ciphertext+tag``, bound to ``aad`` (table, column, row)."""

    MAGIC = b"AKW1"

    def __init__(self, key: bytes) -> None:
        if len(key) != core_keys.KEY_BYTES:
            raise ValueError("a 32-byte key")
        self._key = key

    def is_wrapped(self, value: bytes) -> bool:
        return value[:4] == self.MAGIC and len(value) > 4 + 12 + 16

    def wrap(self, value: bytes, aad: bytes) -> bytes:
        import secrets

        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = secrets.token_bytes(12)
        return self.MAGIC + nonce + AESGCM(self._key).encrypt(nonce, value, aad)

    def unwrap(self, value: bytes, aad: bytes) -> bytes:
        """The plain value (a value that was never wrapped is returned as it is)."""
        if not self.is_wrapped(value):
            return bytes(value)
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        try:
            return bytes(AESGCM(self._key).decrypt(value[4:16], value[16:], aad))
        except InvalidTag:
            raise KeyAccessError("key.db_mismatch", path="device_identity") from None


def server_key(paths: AppPaths, engine: Any, ask: Ask | None = None) -> bytes | None:
    """The office server's key (PostgreSQL): its key file lives in the database's
    ``setting`` table (:data:`SERVER_KEYFILE_SETTING`), the passphrase comes from the
    usual places (keyring, ASSESSOR_PASSPHRASE_FILE, ``ask``). None while encryption is
    off and no key exists yet."""
    from assessor_app.storage.db import read_session, write_session
    from assessor_app.storage.tables import SettingRow

    with read_session(engine) as s:
        row = s.get(SettingRow, SERVER_KEYFILE_SETTING)
    if row is None:
        if not core_keys.encryption_enabled():
            return None
        passphrase, remember = _new_passphrase(paths, ask, "create",
                                               where=SERVER_KEYFILE_SETTING,
                                               needed="key.needed")
        key_file, dek = core_keys.new_keyfile(passphrase)
        with write_session(engine) as s:  # the write lock: one office PC makes it
            row = s.get(SettingRow, SERVER_KEYFILE_SETTING)
            if row is None:
                s.add(SettingRow(key=SERVER_KEYFILE_SETTING,
                                 value=key_file.to_bytes().decode("utf-8")))
                if remember:
                    core_keys.keyring_store(key_file.key_id, dek)
                log.info("new server key made (%s)", key_file.key_id)
                return dek
    key_file = KeyFile.from_bytes(row.value.encode("utf-8"), SERVER_KEYFILE_SETTING)
    return _unlock(paths, key_file, ask, where=SERVER_KEYFILE_SETTING, recovery=False)


#: wrong answers the passphrase prompt asks again after (anything else is raised)
_RETRY = ("key.wrong", "key.wrong_wait", "key.wait")
_RETRY_RECOVERY = (*_RETRY, "key.too_short", "key.mismatch", "key.bad_recovery_code")


def _unlock(paths: AppPaths, key_file: KeyFile, ask: Ask | None, *, where: str,
            recovery: bool) -> bytes:
    """The key of ``key_file``: from the OS keyring, ``ASSESSOR_PASSPHRASE_FILE``, or
    ``ask`` until the passphrase is right (wrong tries slow down; cancelling raises).
    ``recovery``: the prompt may also reset the passphrase with the office's recovery code
    (the laptop's own key file)."""
    kept = core_keys.keyring_load(key_file.key_id)
    if kept is not None:
        return kept
    throttle = Throttle(paths.key_attempts_path)
    from_env = core_keys.passphrase_from_env()
    if from_env is not None:
        return core_keys.unlock(key_file, from_env, throttle)

    def attempt(answer: PassphraseAnswer) -> tuple[bytes, bool]:
        nonlocal key_file
        if recovery and answer.recovery_code is not None:
            reset_with_recovery_code(paths, answer.recovery_code, answer.passphrase,
                                     answer.again)
            key_file = core_keys.load_keyfile(paths.keyfile_path) or key_file
        return core_keys.unlock(key_file, answer.passphrase, throttle), answer.remember

    dek, remember = _ask_until(paths, ask, "unlock", where, attempt,
                               retry=_RETRY_RECOVERY if recovery else _RETRY)
    if remember:
        core_keys.keyring_store(key_file.key_id, dek)
    return dek


def _new_passphrase(paths: AppPaths, ask: Ask | None, kind: PromptKind, *, where: str,
                    needed: str | None = None) -> tuple[str, bool]:
    """A new passphrase (checked) and whether to remember it: from
    ``ASSESSOR_PASSPHRASE_FILE`` (never remembered), else asked until it is acceptable."""
    from_env = core_keys.passphrase_from_env()
    if from_env is not None:
        core_keys.check_new_passphrase(from_env)
        return from_env, False

    def attempt(answer: PassphraseAnswer) -> tuple[str, bool]:
        core_keys.check_new_passphrase(answer.passphrase, answer.again)
        return answer.passphrase, answer.remember

    return _ask_until(paths, ask, kind, where, attempt, needed=needed)


#: the ``key.needed*`` code of each prompt when there is nobody to ask: an encrypted
#: database to unlock, a new data folder whose passphrase is still to be chosen, a plain
#: database about to be encrypted
_NEEDED = {"unlock": "key.needed", "create": "key.needed_new", "migrate": "key.needed_migrate"}


def _ask_until(paths: AppPaths, ask: Ask | None, kind: PromptKind, where: str,
               attempt: Callable[[PassphraseAnswer], T],
               retry: tuple[str, ...] | None = None, needed: str | None = None) -> T:
    """``attempt`` on each answer of the ``kind`` prompt until it succeeds: a refused
    answer (a KeyAccessError; with ``retry``, only those codes) asks again saying why.
    No ``ask``: ``key.needed`` (``key.needed_new``, ``key.needed_migrate`` for a passphrase
    still to be chosen, :data:`_NEEDED`; ``needed`` when given) about ``where``;
    cancelling: ``key.cancelled``."""
    if ask is None:
        raise KeyAccessError(needed or _NEEDED[kind], path=where,
                             min=core_keys.MIN_PASSPHRASE)
    error: KeyAccessError | None = None
    while True:
        answer = ask(Prompt(kind, paths.data_dir, error))
        if answer is None:
            raise KeyAccessError("key.cancelled")
        try:
            return attempt(answer)
        except KeyAccessError as exc:
            if retry is not None and exc.code not in retry:
                raise
            error = exc


# ------------------------------------------------------------------ recovery


def ensure_recovery_copy(paths: AppPaths, dek: bytes | None, engine: Any) -> bool:
    """Seal the DEK to every trusted, not revoked office that has no copy yet (the laptop
    learnt the office's X25519 key from an assignment pack or enrolment). Returns True
    when the key file changed. Quiet on a read-only folder."""
    if dek is None or not paths.keyfile_path.is_file():
        return False
    try:
        with core_keys.keyfile_lock(paths.keyfile_path):  # read, add, write: one writer
            return _add_recovery_copies(paths, dek, engine)
    except KeyAccessError as exc:  # key.busy: another process is writing it; next time
        log.info("recovery copy not saved: %s", exc.code)
        return False


def _add_recovery_copies(paths: AppPaths, dek: bytes, engine: Any) -> bool:
    key_file = core_keys.load_keyfile(paths.keyfile_path)
    if key_file is None or core_keys.key_id_of(dek) != key_file.key_id:
        return False
    from sqlmodel import select

    from assessor_app.bundles import crypto
    from assessor_app.storage.db import read_session
    from assessor_app.storage.tables import TrustedOfficeRow

    with read_session(engine) as s:
        offices = list(s.exec(select(TrustedOfficeRow).where(
            TrustedOfficeRow.revoked_at.is_(None))))  # type: ignore[union-attr]
    have = {(c.office_id, c.x25519_public) for c in key_file.recovery}
    added: list[RecoveryCopy] = []
    for office in offices:
        if (office.office_id, office.x25519_public) in have:
            continue
        try:
            public = base64.b64decode(office.x25519_public, validate=True)
        except (binascii.Error, ValueError):
            continue
        if len(public) != 32:
            continue
        sealed = crypto.seal(dek, public, _RECOVERY_AAD + key_file.key_id.encode("ascii"))
        added.append(RecoveryCopy(office.office_id, office.name, office.x25519_public, sealed,
                                  utc_now_iso()))
    if not added:
        return False
    updated = replace(key_file, recovery=key_file.recovery + tuple(added))
    try:
        core_keys.save_keyfile(paths.keyfile_path, updated)
    except Exception as exc:  # a read-only folder: try again at the next start
        log.info("recovery copy not saved: %s", type(exc).__name__)
        return False
    log.info("database key sealed for recovery by %d office(s)", len(added))
    return True


def format_recovery_code(dek: bytes) -> str:
    """The DEK as a code a person can read out: base32 in groups of four."""
    text = base64.b32encode(dek).decode("ascii").rstrip("=")
    return "-".join(text[i:i + 4] for i in range(0, len(text), 4))


def parse_recovery_code(code: str) -> bytes:
    """The DEK of a recovery code (spaces, dashes and case do not matter)."""
    text = "".join(ch for ch in code.upper() if ch.isalnum())
    text = text.replace("0", "O").replace("1", "I").replace("8", "B")
    padded = text + "=" * (-len(text) % 8)
    try:
        dek = base64.b32decode(padded)
    except (binascii.Error, ValueError):
        raise KeyAccessError("key.bad_recovery_code") from None
    if len(dek) != core_keys.KEY_BYTES:
        raise KeyAccessError("key.bad_recovery_code")
    return dek


def recovery_code_for(laptop_key_file: Path, office_id: str,
                      office_x25519_private: bytes) -> tuple[str, str]:
    """Office side: (key id, recovery code) from a laptop's key file, opened with this
    office's private key. ``key.no_recovery`` when the file has no copy for this office."""
    from assessor_app.bundles import crypto
    from assessor_app.bundles.errors import ImportRejected

    key_file = core_keys.load_keyfile(laptop_key_file)
    if key_file is None:
        raise KeyAccessError("key.no_file", path=str(laptop_key_file))
    copies = [c for c in key_file.recovery if c.office_id == office_id]
    for copy in copies:
        try:
            dek = crypto.unseal(copy.sealed, office_x25519_private,
                                _RECOVERY_AAD + key_file.key_id.encode("ascii"))
        except ImportRejected:
            continue
        if core_keys.key_id_of(dek) == key_file.key_id:
            return key_file.key_id, format_recovery_code(dek)
    raise KeyAccessError("key.no_recovery", path=str(laptop_key_file), office=office_id)


def reset_with_recovery_code(paths: AppPaths, code: str, new: str,
                             again: str | None = None) -> None:
    """Laptop side: wrap the DEK given by the office's recovery code with a new passphrase
    (``key.bad_recovery_code`` when the code is not this database's key)."""
    core_keys.check_new_passphrase(new, again)
    dek = parse_recovery_code(code)
    with core_keys.keyfile_lock(paths.keyfile_path):
        key_file = core_keys.load_keyfile(paths.keyfile_path)
        if key_file is None:
            raise KeyAccessError("key.no_file", path=str(paths.keyfile_path))
        if core_keys.key_id_of(dek) != key_file.key_id:
            raise KeyAccessError("key.bad_recovery_code")
        core_keys.save_keyfile(paths.keyfile_path, core_keys.rewrap(key_file, dek, new))
    Throttle(paths.key_attempts_path).succeeded()
    log.info("passphrase reset with a recovery code")
