"""Files the app keeps beside an encrypted database, encrypted with it (issue 13).

The outbox keeps a copy of every result bundle until the office's receipt arrives. A bundle
made before the laptop knew any office key is a plain zip (NIK, names, photos, drawn
signatures), and even a sealed one names its records; on an encrypted laptop the outbox
copy is therefore encrypted with a key derived from the database key (DEK)::

    file key = HKDF-SHA256(DEK, salt none, info "assessor-app files at rest v1")
    file     = b"AAR1" || nonce (12) || AES-256-GCM(file key, nonce, bytes, aad)
    aad      = b"assessor-app at rest v1|" || the file's canonical name (ASCII)

The name in the associated data binds each copy to its bundle: a copy renamed or swapped
for another fails the tag. Only the app, unlocked, reads it back (``resend``); nobody can
copy a usable bundle out of the outbox folder. The file name gets the suffix ``.enc``
(``bundle-...zip.enc``), so the office importer refuses such a file by its name.

Pure Python (no SQL, no Qt); ``cryptography`` is imported on use.
"""

from __future__ import annotations

import secrets

from assessor_app.core.errors import StateError

__all__ = ["MAGIC", "SUFFIX", "AtRestError", "file_key", "is_sealed", "open_sealed", "seal"]

MAGIC = b"AAR1"
SUFFIX = ".enc"
_INFO = b"assessor-app files at rest v1"
_AAD = b"assessor-app at rest v1|"
_NONCE = 12
_TAG = 16


class AtRestError(StateError):
    """A file encrypted at rest could not be opened (``outbox.unreadable``)."""


def file_key(dek: bytes) -> bytes:
    """The key for files at rest, derived from the database key (never the DEK itself)."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    if len(dek) != 32:
        raise ValueError("a 32-byte database key")
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(dek)


def _aad(name: str) -> bytes:
    return _AAD + name.encode("utf-8")


def seal(key: bytes, data: bytes, name: str) -> bytes:
    """``data`` encrypted for the file called ``name`` (its canonical name, no suffix)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(_NONCE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, _aad(name))


def is_sealed(head: bytes) -> bool:
    return head[:len(MAGIC)] == MAGIC


def open_sealed(key: bytes, blob: bytes, name: str) -> bytes:
    """The bytes sealed for ``name``; ``outbox.unreadable`` when the file is not such a
    file, was changed, or belongs to another name or another database key."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not is_sealed(blob) or len(blob) < len(MAGIC) + _NONCE + _TAG:
        raise AtRestError("outbox.unreadable", name=name)
    nonce = blob[len(MAGIC):len(MAGIC) + _NONCE]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + _NONCE:], _aad(name))
    except InvalidTag:
        raise AtRestError("outbox.unreadable", name=name) from None
