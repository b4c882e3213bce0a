"""The PDF signing keys and certificates of the trust chain (RELIABILITY §5): ECDSA P-256
keys derived from a device's Ed25519 key, the office's root and the certificates it issues.

Only the cryptography library, and outside the reports package: a laptop that exports a
bundle (which carries its PDF key) loads neither reportlab (the package's ``__init__``,
about 170 ms on the first export) nor pyHanko, which :mod:`assessor_app.reports.pades`
needs to sign and check PDFs. The design is described in that module's docstring.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import cast

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID

UNENROLLED_ORG = "assessor-app (belum terdaftar)"
OFFICE_CA_YEARS = 20
# Certificates start one day before ``now``: laptop clocks drift (RELIABILITY T23), and a
# signature made minutes after enrolment on a laptop that runs slow must not predate its cert.
_BACKDATE = timedelta(days=1)
_SERIAL_TAG = b"assessor-app pades serial v2\x00"  # v1 was the Ed25519 scheme
_DOCUMENT_KEY_INFO = b"assessor-app pdf signing key v1"
_CURVE = ec.SECP256R1()
# Order n of the P-256 group (SEC 2, FIPS 186-5 D.1.2.3).
_P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

_DER = serialization.Encoding.DER
_PKCS8 = serialization.PrivateFormat.PKCS8
_SPKI = serialization.PublicFormat.SubjectPublicKeyInfo


@dataclass(frozen=True)
class SigningIdentity:
    """P-256 PKCS#8 DER private key (``document_key``), its DER certificate, issuer certs."""

    private_key: bytes
    certificate: bytes
    chain: tuple[bytes, ...] = ()


# --------------------------------------------------------------------------------------------
# Certificates


def document_key(ed25519_private: bytes) -> bytes:
    """The P-256 PDF signing key derived from a raw 32-byte Ed25519 private key (PKCS#8 DER).

    HKDF-SHA256 (no salt, info ``b"assessor-app pdf signing key v1"``) expands the Ed25519 key
    to 48 bytes, which are reduced into [1, n-1] (FIPS 186-5 A.2.1: the bias is below 2**-128).
    Deterministic: the same device secret always gives the same key.
    """
    if not isinstance(ed25519_private, bytes) or len(ed25519_private) != 32:
        raise ValueError("an Ed25519 private key is 32 raw bytes")
    okm = HKDF(algorithm=hashes.SHA256(), length=48, salt=None,
               info=_DOCUMENT_KEY_INFO).derive(ed25519_private)
    scalar = int.from_bytes(okm, "big") % (_P256_N - 1) + 1
    key = ec.derive_private_key(scalar, _CURVE)
    return key.private_bytes(_DER, _PKCS8, serialization.NoEncryption())


def document_public_key(private_pkcs8: bytes) -> bytes:
    """The DER SubjectPublicKeyInfo of a P-256 PKCS#8 DER private key."""
    return spki_of(private_key(private_pkcs8))


def _p256(load: Callable[[], object], kind: type, problem: str) -> object:
    """The key ``load`` reads, which must be a P-256 key of ``kind``; else ValueError."""
    try:
        key = load()
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ValueError(problem) from exc
    if not isinstance(key, kind) or not isinstance(getattr(key, "curve", None), ec.SECP256R1):
        raise ValueError(problem)
    return key


def private_key(pkcs8: bytes) -> ec.EllipticCurvePrivateKey:
    return cast(ec.EllipticCurvePrivateKey, _p256(
        lambda: serialization.load_der_private_key(pkcs8, password=None),
        ec.EllipticCurvePrivateKey,
        "expected a P-256 private key as PKCS#8 DER (see document_key)"))


def _public(spki: bytes) -> ec.EllipticCurvePublicKey:
    return cast(ec.EllipticCurvePublicKey, _p256(
        lambda: serialization.load_der_public_key(spki), ec.EllipticCurvePublicKey,
        "expected a P-256 SubjectPublicKeyInfo DER public key"))


def spki_of(key: ec.EllipticCurvePrivateKey | CertificatePublicKeyTypes) -> bytes:
    pub = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    spki: bytes = pub.public_bytes(_DER, _SPKI)
    return spki


def _sign_certificate(builder: x509.CertificateBuilder,
                      key: ec.EllipticCurvePrivateKey) -> bytes:
    try:  # RFC 6979: equal inputs give byte-equal certificates
        cert = builder.sign(key, hashes.SHA256(), ecdsa_deterministic=True)
    except (TypeError, UnsupportedAlgorithm):  # older cryptography, or OpenSSL < 3.2
        cert = builder.sign(key, hashes.SHA256())
    return cert.public_bytes(_DER)


def as_utc(moment: datetime, what: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware")
    return moment.astimezone(UTC).replace(microsecond=0)


def _add_years(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


def _serial(*parts: bytes) -> int:
    h = hashlib.sha256(_SERIAL_TAG)
    for part in parts:
        h.update(len(part).to_bytes(4, "big") + part)
    # 127 bits: positive, at most 20 octets, never zero (RFC 5280 4.1.2.2).
    return (int.from_bytes(h.digest()[:16], "big") >> 1) | 1


def _name(common_name: str, serial_number: str, organization: str) -> x509.Name:
    if not common_name or not serial_number:
        raise ValueError("name and id must not be empty")
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, serial_number),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
    ])


def _builder(subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey,
             not_before: datetime, not_after: datetime, serial: int, *,
             ca: bool = False) -> x509.CertificateBuilder:
    """A leaf (signs documents: digitalSignature + nonRepudiation) or a CA (signs
    certificates: keyCertSign + cRLSign, no sub-CAs)."""
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                       critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=not ca, content_commitment=not ca,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=ca, crl_sign=ca, encipher_only=False,
                          decipher_only=False),
            critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
    )


def office_ca_certificate(office_private: bytes, office_name: str, office_id: str, *,
                          now: datetime) -> bytes:
    """Self-signed DER root for the office's P-256 key (CA, keyCertSign, 20 years)."""
    key = private_key(office_private)
    start = as_utc(now, "now")
    name = _name(office_name, office_id, office_name)
    builder = _builder(name, name, key.public_key(), start - _BACKDATE,
                       _add_years(start, OFFICE_CA_YEARS),
                       _serial(b"ca", spki_of(key), start.isoformat().encode()), ca=True)
    return _sign_certificate(builder, key)


def issue_device_certificate(device_public: bytes, device_id: str, device_name: str, *,
                             issuer_private: bytes, issuer_cert: bytes, now: datetime,
                             years: int = 5) -> bytes:
    """DER leaf for an enrolled device, signed by the office key.

    ``device_public`` is the device's P-256 SubjectPublicKeyInfo DER (``document_public_key``
    of its ``document_key``); ``issuer_private`` is the office's P-256 PKCS#8 DER.
    """
    if years < 1:
        raise ValueError("years must be at least 1")
    public = _public(device_public)
    key = private_key(issuer_private)
    issuer = x509.load_der_x509_certificate(issuer_cert)
    if spki_of(key) != spki_of(issuer.public_key()):
        raise ValueError("issuer_private does not belong to issuer_cert")
    orgs = issuer.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    org = str(orgs[0].value) if orgs else UNENROLLED_ORG
    start = as_utc(now, "now")
    not_after = min(_add_years(start, years), issuer.not_valid_after_utc)
    ski = issuer.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (
        _builder(_name(device_name, device_id, org), issuer.subject, public,
                      start - _BACKDATE, not_after,
                      _serial(b"leaf", spki_of(key), spki_of(public), device_id.encode(),
                              start.isoformat().encode()))
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski),
                       critical=False)
    )
    return _sign_certificate(builder, key)


def self_issued_certificate(device_private: bytes, device_id: str, device_name: str, *,
                            now: datetime, years: int = 5) -> bytes:
    """Self-signed DER leaf for a laptop that is not enrolled yet (never trusted).

    ``device_private`` is the device's P-256 PKCS#8 DER (``document_key``).
    """
    key = private_key(device_private)
    start = as_utc(now, "now")
    name = _name(device_name, device_id, UNENROLLED_ORG)
    if years < 1:
        raise ValueError("years must be at least 1")
    builder = _builder(
        name, name, key.public_key(), start - _BACKDATE, _add_years(start, years),
        _serial(b"self", spki_of(key), device_id.encode(), start.isoformat().encode()),
    )
    return _sign_certificate(builder, key)


# --------------------------------------------------------------------------------------------
# Signing




__all__ = ["OFFICE_CA_YEARS", "UNENROLLED_ORG", "SigningIdentity", "as_utc", "document_key",
           "document_public_key", "issue_device_certificate", "office_ca_certificate",
           "private_key", "self_issued_certificate", "spki_of"]
