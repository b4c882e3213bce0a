"""This installation's device keys, and the public keys it trusts to check signatures.

One object (built in the composition root) that every service signing or checking a record
uses: the Ed25519 key pair is made on first use and never leaves the database; signatures
of other devices are checked against keys the office enrolled (never against a key that
arrived next to the signature).

Private keys at rest (issue 13): on SQLite they sit inside the SQLCipher-encrypted file. On
PostgreSQL (the office server) the file is not ours to encrypt, so ``wrapper`` (a
:class:`~assessor_app.services.keys.FieldWrapper` with the office's database key, unlocked
by its passphrase) wraps the two private key columns with AES-256-GCM; a plaintext row
from before is wrapped on first use. Every reader goes through :meth:`DeviceKeys.row` /
:meth:`DeviceKeys.existing`, which return the keys unwrapped in a detached copy.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hmac
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from sqlmodel import select

from assessor_app.core.clock import Clock, system_clock, utc_now_iso
from assessor_app.storage.db import read_session, write_session
from assessor_app.storage.tables import AuditRow, DeviceIdentityRow, EnrolledDeviceRow


def _crypto() -> ModuleType:
    """The key and signature primitives, loaded on first use: a laptop that only lists its
    assessments never loads the cryptography library (start-up time and memory)."""
    from assessor_app.bundles import crypto

    return crypto


def b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""


@dataclass
class DeviceKeys:
    engine: Any
    clock: Clock = system_clock
    actor: str | None = None
    #: device id -> Ed25519 public key. A device id is derived from its key, so an entry
    #: can never become wrong; only keys that verified their own id are cached.
    _keys: dict[str, bytes] = field(default_factory=dict, repr=False)
    #: wraps the private key columns (PostgreSQL; None: the SQLite file is encrypted)
    wrapper: Any = None

    def _aad(self, column: str, device_id: str) -> bytes:
        return f"device_identity|{column}|{device_id}".encode("ascii")

    def _unwrapped(self, row: DeviceIdentityRow) -> DeviceIdentityRow:
        """A detached copy of ``row`` with plain private keys; a plaintext row found with
        a wrapper is wrapped in the database now (once)."""
        if self.wrapper is None:
            if row.ed25519_private[:4] == b"AKW1" and len(row.ed25519_private) == 64:
                from assessor_app.core.keys import KeyAccessError

                raise KeyAccessError("key.needed", path="device_identity")
            return row
        ed = self.wrapper.unwrap(row.ed25519_private, self._aad("ed25519", row.device_id))
        x = self.wrapper.unwrap(row.x25519_private, self._aad("x25519", row.device_id))
        if not (self.wrapper.is_wrapped(row.ed25519_private)
                and self.wrapper.is_wrapped(row.x25519_private)):
            with write_session(self.engine) as s:
                stored = s.get(DeviceIdentityRow, row.device_id)
                if stored is not None and not self.wrapper.is_wrapped(stored.ed25519_private):
                    stored.ed25519_private = self.wrapper.wrap(
                        ed, self._aad("ed25519", row.device_id))
                    stored.x25519_private = self.wrapper.wrap(
                        x, self._aad("x25519", row.device_id))
                    s.add(stored)
        return DeviceIdentityRow(
            device_id=row.device_id, ed25519_private=ed, ed25519_public=row.ed25519_public,
            x25519_private=x, x25519_public=row.x25519_public, created_at=row.created_at,
            certificate=row.certificate, issuer_certificate=row.issuer_certificate,
            ca_certificate=row.ca_certificate)

    def row(self) -> DeviceIdentityRow:
        """The identity row; the key pairs are made (and audit-logged) on first use."""
        with read_session(self.engine) as s:
            row = s.exec(select(DeviceIdentityRow)).first()
        if row is not None:
            return self._unwrapped(row)
        keys = _crypto().generate_keys()
        ed, x = keys.ed25519_private, keys.x25519_private
        if self.wrapper is not None:
            ed = self.wrapper.wrap(ed, self._aad("ed25519", keys.device_id))
            x = self.wrapper.wrap(x, self._aad("x25519", keys.device_id))
        with write_session(self.engine) as s:
            row = s.exec(select(DeviceIdentityRow)).first()
            if row is None:
                row = DeviceIdentityRow(
                    device_id=keys.device_id, ed25519_private=ed,
                    ed25519_public=_crypto().b64(keys.ed25519_public),
                    x25519_private=x,
                    x25519_public=_crypto().b64(keys.x25519_public),
                    created_at=utc_now_iso(self.clock))
                s.add(row)
                s.add(AuditRow(at=row.created_at, actor=self.actor, action="create",
                               entity="device_identity", entity_id=row.device_id))
        return self._unwrapped(row)

    def existing(self) -> DeviceIdentityRow | None:
        with read_session(self.engine) as s:
            row = s.exec(select(DeviceIdentityRow)).first()
        return None if row is None else self._unwrapped(row)

    @property
    def device_id(self) -> str:
        own = self._keys.get("")
        if own is not None:
            return str(_crypto().device_id_for(own))
        row = self.row()
        self._keys[""] = b64decode(row.ed25519_public)
        return row.device_id

    def sign(self, message: bytes) -> tuple[str, bytes]:
        """(device id, Ed25519 signature of ``message``) with this device's key."""
        row = self.row()
        return row.device_id, _crypto().sign(row.ed25519_private, message)

    def public_key(self, device_id: str | None) -> bytes | None:
        """The Ed25519 public key of ``device_id``: this device's own, or one the office
        enrolled (a revoked device's key still checks what it signed before). None when
        the device is unknown here."""
        if not device_id:
            return None
        cached = self._keys.get(device_id)
        if cached is not None:
            return cached
        with read_session(self.engine) as s:
            own = s.exec(select(DeviceIdentityRow)).first()
            if own is not None and own.device_id == device_id:
                key = b64decode(own.ed25519_public)
            else:
                enrolled = s.get(EnrolledDeviceRow, device_id)
                key = b64decode(enrolled.ed25519_public) if enrolled is not None else b""
        # the id is derived from the key: a row whose key was swapped does not match
        if len(key) == 32 and _crypto().device_id_for(key) == device_id:
            self._keys[device_id] = key
            return key
        return None

    # ------------------------------------------------------------ PDF signing (PAdES)

    def document_identity(self) -> tuple[Any, bool]:
        """(``pdfkeys.SigningIdentity``, enrolled): this device's P-256 PDF key (derived from
        its Ed25519 key) with the certificate the office issued at enrolment, or a
        self-issued one (``enrolled`` False) while the office has not issued one yet."""
        from assessor_app.core import pdfkeys

        row = self.row()
        key = pdfkeys.document_key(row.ed25519_private)
        cert = row.certificate
        if cert is not None and row.issuer_certificate is not None and \
                certificate_key(cert) == pdfkeys.document_public_key(key):
            return pdfkeys.SigningIdentity(key, cert, (row.issuer_certificate,)), True
        moment = _moment(row.created_at)
        own = pdfkeys.self_issued_certificate(key, row.device_id, f"assessor-app {row.device_id}",
                                            now=moment)
        return pdfkeys.SigningIdentity(key, own, ()), False

    def document_public_key(self) -> bytes:
        from assessor_app.core import pdfkeys

        return bytes(pdfkeys.document_public_key(pdfkeys.document_key(self.row().ed25519_private)))

    def office_root(self, office_name: str) -> bytes:
        """This installation's own CA certificate (used when it acts as the office): made
        from its key and creation time, so the same office always has the same root."""
        from assessor_app.core import pdfkeys

        row = self.row()
        return bytes(pdfkeys.office_ca_certificate(pdfkeys.document_key(row.ed25519_private),
                                                 office_name, row.device_id,
                                                 now=_moment(row.created_at)))

    def trust_roots(self) -> list[bytes]:
        """Roots a PDF signature may chain to here: the office that issued this device's
        certificate, and this installation's own root (an office checking its laptops)."""
        row = self.existing()
        roots = [row.issuer_certificate] if row is not None and row.issuer_certificate else []
        if row is not None and row.ca_certificate:
            roots.append(row.ca_certificate)
        return roots

    def verify(self, device_id: str | None, signature_b64: str | None, message: bytes) -> bool:
        key = self.public_key(device_id)
        sig = b64decode(signature_b64 or "")
        if key is None or len(sig) != 64:
            return False
        return bool(_crypto().verify(key, sig, message))

    def checker(self) -> Callable[[str | None, str | None, bytes], bool]:
        """A :meth:`verify` for proving many records at once (export): it gives the same
        answer, faster for this device's own signatures. Ed25519 signing is deterministic
        (RFC 8032 5.1.6): the signature this device made over a message is the one its key
        makes over it now, so a stored signature equal to a fresh one is valid, and signing
        costs about a third of a verification. Anything else (another device's signature,
        a changed message, a signature not made that way) goes to :meth:`verify`."""
        row = self.row()
        crypto = _crypto()
        own = b64decode(row.ed25519_public)
        if crypto.public_of(row.ed25519_private) != own or \
                crypto.device_id_for(own) != row.device_id:
            return self.verify  # a key pair that does not belong together: verify only
        device_id, sign = row.device_id, crypto.signer(row.ed25519_private)

        def check(signer_device: str | None, signature_b64: str | None,
                  message: bytes) -> bool:
            if signer_device == device_id and signature_b64:
                sig = b64decode(signature_b64)
                if len(sig) == 64 and hmac.compare_digest(sign(message), sig):
                    return True
            return self.verify(signer_device, signature_b64, message)

        return check


def _moment(iso: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def certificate_key(der: bytes) -> bytes | None:
    """The DER SubjectPublicKeyInfo a DER certificate certifies (None if it does not parse)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        cert = x509.load_der_x509_certificate(der)
    except ValueError:
        return None
    return cert.public_key().public_bytes(serialization.Encoding.DER,
                                          serialization.PublicFormat.SubjectPublicKeyInfo)


__all__ = ["DeviceKeys", "b64decode", "certificate_key"]
