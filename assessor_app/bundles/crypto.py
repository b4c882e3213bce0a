"""Keys, signatures and payload sealing (RELIABILITY 3.1 and 3.3).

* Ed25519 signs manifests (``sign``/``verify``), over the exact bytes of the manifest.
* A device or office id is the first 16 hex digits of SHA-256 over a domain tag and the
  raw Ed25519 public key: short, stable, and checkable by anyone holding the key.
* ``seal`` encrypts a payload to an X25519 public key: an ephemeral X25519 key pair, HKDF-
  SHA256 (salt = ephemeral public || recipient public) to a fresh 256-bit key, AES-256-GCM
  with a random 96-bit nonce and the bundle id as associated data. Layout of the sealed
  blob: ``b"AKS1" || ephemeral_public(32) || nonce(12) || ciphertext+tag``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from assessor_app.bundles.errors import ImportRejected

SEAL_MAGIC = b"AKS1"
SEAL_ALG = "X25519-HKDF-SHA256-AES256GCM"
_HKDF_INFO = b"assessor-app payload v1"
_ID_TAG = b"assessor-app device id v1\x00"
_RAW = serialization.Encoding.Raw
_RAW_PUB = serialization.PublicFormat.Raw
_RAW_PRIV = serialization.PrivateFormat.Raw
_NO_ENC = serialization.NoEncryption()


@dataclass(frozen=True)
class KeyPairs:
    """Raw 32-byte keys of one installation."""

    ed25519_private: bytes
    ed25519_public: bytes
    x25519_private: bytes
    x25519_public: bytes

    @property
    def device_id(self) -> str:
        return device_id_for(self.ed25519_public)


def generate_keys() -> KeyPairs:
    ed = Ed25519PrivateKey.generate()
    x = X25519PrivateKey.generate()
    return KeyPairs(
        ed.private_bytes(_RAW, _RAW_PRIV, _NO_ENC), ed.public_key().public_bytes(_RAW, _RAW_PUB),
        x.private_bytes(_RAW, _RAW_PRIV, _NO_ENC), x.public_key().public_bytes(_RAW, _RAW_PUB))


def public_of(ed25519_private: bytes) -> bytes:
    """The raw public key of a raw Ed25519 private key."""
    return Ed25519PrivateKey.from_private_bytes(ed25519_private).public_key().public_bytes(
        _RAW, _RAW_PUB)


def signer(ed25519_private: bytes) -> Callable[[bytes], bytes]:
    """``sign`` with the key parsed once (for signing or re-signing many messages)."""
    return Ed25519PrivateKey.from_private_bytes(ed25519_private).sign


def device_id_for(ed25519_public: bytes) -> str:
    return hashlib.sha256(_ID_TAG + ed25519_public).hexdigest()[:16]


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def parse_public_key(text: str) -> bytes | None:
    """A 32-byte public key from its base64 text (an ``ed25519:`` prefix is allowed)."""
    cleaned = "".join(text.split())
    if cleaned.lower().startswith("ed25519:"):
        cleaned = cleaned[8:]
    if len(cleaned) != 44:
        return None
    try:
        raw = base64.b64decode(cleaned, validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(raw) != 32:
        return None
    try:
        Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        return None
    return raw


def sign(ed25519_private: bytes, message: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(ed25519_private).sign(message)


@functools.lru_cache(maxsize=1024)
def _public_key(raw: bytes) -> Ed25519PublicKey:
    """The key object of a raw public key, kept: an import verifies every record, signer
    and paper code of a device against the same few keys (an invalid key is not kept)."""
    return Ed25519PublicKey.from_public_bytes(raw)


def verify(ed25519_public: bytes, signature: bytes, message: bytes) -> bool:
    if len(signature) != 64 or len(ed25519_public) != 32:
        return False
    try:
        _public_key(bytes(ed25519_public)).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def _derive(shared: bytes, eph_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=eph_public + recipient_public,
                info=_HKDF_INFO).derive(shared)


def seal(plaintext: bytes, recipient_x25519_public: bytes, associated_data: bytes) -> bytes:
    eph = X25519PrivateKey.generate()
    eph_public = eph.public_key().public_bytes(_RAW, _RAW_PUB)
    shared = eph.exchange(X25519PublicKey.from_public_bytes(recipient_x25519_public))
    key = _derive(shared, eph_public, recipient_x25519_public)
    nonce = os.urandom(12)
    return SEAL_MAGIC + eph_public + nonce + AESGCM(key).encrypt(nonce, plaintext,
                                                                  associated_data)


def unseal(blob: bytes, x25519_private: bytes, associated_data: bytes) -> bytes:
    """Decrypt a sealed payload; ``ImportRejected("bundle.decrypt_failed")`` on any fault."""
    if len(blob) < 4 + 32 + 12 + 16 or not blob.startswith(SEAL_MAGIC):
        raise ImportRejected("bundle.decrypt_failed")
    eph_public, nonce, body = blob[4:36], blob[36:48], blob[48:]
    try:
        priv = X25519PrivateKey.from_private_bytes(x25519_private)
        recipient_public = priv.public_key().public_bytes(_RAW, _RAW_PUB)
        shared = priv.exchange(X25519PublicKey.from_public_bytes(eph_public))
        key = _derive(shared, eph_public, recipient_public)
        return AESGCM(key).decrypt(nonce, body, associated_data)
    except (InvalidTag, ValueError):
        raise ImportRejected("bundle.decrypt_failed") from None
