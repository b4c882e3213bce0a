"""PAdES signatures on report PDFs, ECDSA P-256 keys rooted in the device key (RELIABILITY §5).

Design
------
* Every laptop ("device") already owns a raw 32-byte Ed25519 key (the one that signs bundle
  manifests, RELIABILITY §3.1). PDF readers cannot check Ed25519 (below), so the PDF signing
  key is an ECDSA P-256 key derived from it: ``document_key`` runs HKDF-SHA256 over the Ed25519
  private key with a domain-separation label and reduces the output into [1, n-1]. The derived
  key is therefore a pure function of the device secret (nothing new to store or back up, the
  same laptop always gets the same PDF key) and reveals nothing about the Ed25519 key.
  ``document_public_key`` gives its SubjectPublicKeyInfo, which is what enrolment sends to the
  office. The office derives its P-256 key the same way from its own Ed25519 key.
* All private keys in this module's API are P-256 PKCS#8 DER (as ``document_key`` returns
  them) and all public keys are P-256 SubjectPublicKeyInfo DER; anything else is a ValueError.
* The office acts as a tiny CA: ``office_ca_certificate`` makes its self-signed root,
  ``issue_device_certificate`` issues a leaf for an enrolled device. A laptop that is not
  enrolled yet can still sign with a ``self_issued_certificate``: the signature is then intact
  but never *trusted*, and the certificate says so in its organisation
  ("assessor-app (belum terdaftar)"). Certificates are signed with ECDSA-SHA256.
* Certificate subjects: ``CN`` = device (or office) name, ``serialNumber`` = device (or office)
  id, ``O`` = office name (or the "not enrolled" marker). The certificate serial number is
  derived from a hash of the inputs, and certificates are signed with deterministic ECDSA
  (RFC 6979), so equal inputs give byte-equal certificates. (With a cryptography/OpenSSL build
  that lacks RFC 6979 the signature is randomised; the certificate content stays equal.)
* ``sign_pdf`` applies a PAdES B-B signature (``/ETSI.CAdES.detached``, SHA-256) in an
  invisible field, as an incremental update, fully offline: no timestamp server, no revocation
  fetching. The unsigned PDF is a byte prefix of the result. The signing time (CMS
  ``signingTime`` and ``/M``) comes from the caller. The output is not byte-deterministic: the
  CMS ECDSA signature is randomised, and pyHanko writes a random second ``/ID`` element and
  ``/ModDate`` = now.
* ``check_pdf_signature`` never raises on what is in the PDF. It validates with pyHanko
  against the given trust roots only (never the operating system's trust list, never the
  network) and reports integrity (digest + CMS signature), coverage (whole file, or the
  signed revision followed by later incremental updates), trust, and who signed.
  ``signed_revision`` returns the exact bytes the signature covers, so the office can show
  "what was signed" even when something was appended later. ``pdf_signature_summary`` turns
  the result into a JSON-friendly dict.

Only the earliest ``/Sig`` signature is checked unless ``field_name`` names another one: a
report carries one device signature, and anything added later (e.g. an office timestamp)
shows up as ``modified_after_signing``.

Interoperability (tested with poppler 22.12 / NSS 3.87, Debian 12): ``pdfsig`` reports an
intact signature as "Signature is Valid.", a byte-flipped one as invalid, and once the office
root is imported into its NSS database, "Certificate is Trusted.". Ed25519 was dropped for
PDFs because that pdfsig could not verify Ed25519 CMS signatures at all and NSS could not
import an Ed25519 root. pyHanko (this module) remains the verifier of record.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from assessor_app.core.pdfkeys import (  # the keys and certificates (no pyHanko there)
    OFFICE_CA_YEARS,
    UNENROLLED_ORG,
    SigningIdentity,
    as_utc,
    document_key,
    document_public_key,
    issue_device_certificate,
    office_ca_certificate,
    private_key,
    self_issued_certificate,
    spki_of,
)

_MAX_CHAIN = 8
_SIG_MARKER = re.compile(rb"/ByteRange|/FT\s*/Sig\b|/Type\s*/Sig\b")

_DER = serialization.Encoding.DER
_PKCS8 = serialization.PrivateFormat.PKCS8


# pyHanko logs a WARNING with a full traceback (and the signer's certificate name, which may
# be a person's) for every untrusted signature it validates; check_pdf_signature reports the
# same in its result, so only real errors from pyHanko reach the app's log.
for _logger in ("pyhanko", "pyhanko_certvalidator"):
    logging.getLogger(_logger).setLevel(logging.ERROR)


class PdfSigningError(Exception):
    """``sign_pdf`` could not sign: bad key or certificate, unreadable PDF, field in use."""


@dataclass(frozen=True)
class SignatureCheck:
    """What ``check_pdf_signature`` found. ``detail`` lists problems as comma-separated codes:

    ``unreadable_pdf``, ``not_signed``, ``no_such_field``, ``malformed_signature``,
    ``validation_failed``, ``digest_mismatch``, ``bad_signature``, ``coverage_unclear``,
    ``modified_after_signing``, and (only for an intact signature) ``untrusted:self_issued``,
    ``untrusted:<pyHanko AdES sub-indication, lower case>`` or ``untrusted``. ``None`` when the
    signature is intact, covers the whole file and is trusted.

    ``modified_after_signing`` is ``not covers_whole_file`` for a signature that could be
    evaluated, and ``True`` for a signature that could not (it vouches for nothing).
    ``signed_revision`` is only given for an intact signature whose revision is fully covered.
    """

    signed: bool
    intact: bool
    covers_whole_file: bool
    modified_after_signing: bool
    trusted: bool
    signer_name: str | None
    device_id: str | None
    issuer_name: str | None
    self_issued: bool
    chain: tuple[str, ...]
    signing_time: datetime | None
    signed_revision: bytes | None
    detail: str | None
    field_name: str | None = None
    signature_count: int = 0
    signer_key: bytes | None = None  # the signing certificate's key (DER SubjectPublicKeyInfo)


class _TimedPdfSigner(signers.PdfSigner):
    """A PdfSigner that uses the caller's signing time (pyHanko otherwise takes the clock)."""

    def __init__(self, meta: signers.PdfSignatureMetadata, signer: signers.Signer,
                 signing_time: datetime) -> None:
        super().__init__(meta, signer)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any,
                             existing_fields_only: bool = False) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out,
                                               existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        return session


def sign_pdf(pdf: bytes, identity: SigningIdentity, *, signing_time: datetime, reason: str,
             location: str | None = None, field_name: str = "Signature1",
             contact_info: str | None = None) -> bytes:
    """PAdES B-B signature as an incremental update; ``pdf`` is a byte prefix of the result.

    Raises ``PdfSigningError`` (bad key/certificate, unreadable PDF, field already signed) or
    ``ValueError`` for a naive ``signing_time``.
    """
    when = as_utc(signing_time, "signing_time")
    _require_no_running_loop()
    try:
        key = private_key(identity.private_key)
        cert = x509.load_der_x509_certificate(identity.certificate)
        chain = [asn1_x509.Certificate.load(der) for der in identity.chain]
        for c in chain:
            _ = c.subject  # force parsing now, not deep inside pyHanko
        cert_spki = spki_of(cert.public_key())
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise PdfSigningError(f"bad signing identity: {exc}") from exc
    if cert_spki != spki_of(key):
        raise PdfSigningError("the certificate does not belong to the private key")
    pkcs8 = key.private_bytes(_DER, _PKCS8, serialization.NoEncryption())
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]  # untyped __init__
    for issuer_cert in chain:
        registry.register(issuer_cert)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(pkcs8),
        cert_registry=registry,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name, reason=reason, location=location, contact_info=contact_info,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        out = _TimedPdfSigner(meta, signer, when).sign_pdf(writer)
    except (PdfError, SigningError) as exc:
        raise PdfSigningError(f"could not sign the PDF: {exc}") from exc
    signed: bytes = out.getvalue()
    if not signed.startswith(pdf):  # the whole point of an incremental update
        raise PdfSigningError("signed output does not extend the original PDF")
    return signed


# --------------------------------------------------------------------------------------------
# Checking


def _first_attr(name: asn1_x509.Name, key: str) -> str | None:
    value = name.native.get(key)
    if isinstance(value, list):
        value = value[0] if value else None
    return None if value is None else str(value)


def _chain_names(embedded: EmbeddedPdfSignature, status: Any) -> tuple[str, ...]:
    """Subject CNs leaf → root: the validated path if any, else follow the embedded certs."""
    path = getattr(status, "validation_path", None) if status is not None else None
    if path is not None:
        certs = list(path.iter_certs(include_root=True))
        certs.reverse()
    else:
        leaf = embedded.signer_cert
        pool = list(embedded.other_embedded_certs)
        certs = [leaf]
        while len(certs) < _MAX_CHAIN and not certs[-1].self_issued:
            issuer = certs[-1].issuer
            nxt = next((c for c in pool if c.subject == issuer and c not in certs), None)
            if nxt is None:
                break
            certs.append(nxt)
    return tuple(_first_attr(c.subject, "common_name") or c.subject.human_friendly
                 for c in certs)


def _require_no_running_loop() -> None:
    # pyHanko's synchronous entry points use asyncio.run(); inside a running event loop that
    # fails for *every* file, which the catch-all below would misreport as a bad signature.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return
    raise RuntimeError("pades is synchronous: call it from a thread without an event loop")


def _unsigned(detail: str, *, signed: bool = False, count: int = 0) -> SignatureCheck:
    return SignatureCheck(
        signed=signed, intact=False, covers_whole_file=False,
        # Conservative: a signature we cannot evaluate does not vouch for the file.
        modified_after_signing=signed, trusted=False, signer_name=None, device_id=None,
        issuer_name=None, self_issued=False, chain=(), signing_time=None, signed_revision=None,
        detail=detail, signature_count=count,
    )


def check_pdf_signature(pdf: bytes, trust_roots: Sequence[bytes] = (), *,
                        validation_time: datetime | None = None,
                        field_name: str | None = None) -> SignatureCheck:
    """Check the (earliest, or the named) signature of ``pdf``; never raises on file content.

    ``trust_roots`` are DER certificates (the office root); nothing else is trusted and nothing
    is fetched. ``validation_time`` defaults to now. A malformed trust root raises ValueError
    (that is the caller's input, not the file's).
    """
    _require_no_running_loop()
    roots = [asn1_x509.Certificate.load(der) for der in trust_roots]
    for root in roots:
        _ = root.subject  # asn1crypto parses lazily; fail here, on the caller's input
    moment = None if validation_time is None else as_utc(validation_time, "validation_time")

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        filled = list(fields.enumerate_sig_fields(reader, filled_status=True))
    except Exception:  # a hostile file can make the parser raise anything
        # Say "signed" when a signature dictionary is visibly there (e.g. a truncated file).
        return _unsigned("unreadable_pdf", signed=_SIG_MARKER.search(pdf) is not None)
    if not filled:
        return _unsigned("not_signed")

    embedded: list[EmbeddedPdfSignature] = []
    broken: list[str] = []
    for fq_name, _sig_obj, sig_field in filled:
        try:
            emb = EmbeddedPdfSignature(reader, sig_field, fq_name)
            if emb.sig_object_type == "/Sig":
                embedded.append(emb)
        except Exception:  # malformed /V, /Contents or CMS in a hostile file
            broken.append(str(fq_name))
    count = len(embedded) + len(broken)
    if field_name is not None:
        chosen = [e for e in embedded if e.field_name == field_name]
        if not chosen:
            return _unsigned("malformed_signature" if field_name in broken else "no_such_field",
                             signed=True, count=count)
        target = chosen[0]
    elif embedded:
        target = min(embedded, key=lambda e: e.signed_revision)
    else:
        return _unsigned("malformed_signature", signed=True, count=count)
    return _check_one(pdf, target, roots, moment, count)


def _check_one(pdf: bytes, emb: EmbeddedPdfSignature, roots: list[asn1_x509.Certificate],
               moment: datetime | None, count: int) -> SignatureCheck:
    try:
        leaf = emb.signer_cert
        signer_name = _first_attr(leaf.subject, "common_name")
        device_id = _first_attr(leaf.subject, "serial_number")
        issuer_name = _first_attr(leaf.issuer, "common_name")
        self_issued = bool(leaf.self_issued)
        signer_key = bytes(leaf.public_key.dump())
    except Exception:  # asn1crypto parses lazily; bad certs raise on access
        return _unsigned("malformed_signature", signed=True, count=count)

    context = ValidationContext(trust_roots=roots, allow_fetching=False, moment=moment,
                                revocation_mode="soft-fail")
    status: Any = None
    try:
        status = validate_pdf_signature(emb, context, skip_diff=True)
    except Exception:  # hostile CMS/PDF structures raise many types
        pass

    chain: tuple[str, ...] = ()
    try:
        chain = _chain_names(emb, status)
    except Exception:  # malformed embedded certificates
        chain = (signer_name or "?",)

    failed = SignatureCheck(
        signed=True, intact=False, covers_whole_file=False, modified_after_signing=True,
        trusted=False, signer_name=signer_name, device_id=device_id, issuer_name=issuer_name,
        self_issued=self_issued, chain=chain, signing_time=None, signed_revision=None,
        detail="validation_failed", field_name=str(emb.field_name), signature_count=count,
        signer_key=signer_key,
    )
    if status is None:
        return failed

    problems: list[str] = []
    intact = bool(status.intact and status.valid)
    if not status.intact:
        problems.append("digest_mismatch")
    elif not status.valid:
        problems.append("bad_signature")

    coverage = status.coverage
    covers_whole_file = coverage == SignatureCoverageLevel.ENTIRE_FILE
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        problems.append("coverage_unclear")
    elif not covers_whole_file:
        problems.append("modified_after_signing")

    trusted = bool(status.trusted)
    if intact and not trusted:
        indic = status.trust_problem_indic
        if self_issued:
            problems.append("untrusted:self_issued")
        elif indic is not None:
            problems.append(f"untrusted:{indic.name.lower()}")
        else:
            problems.append("untrusted")

    signed_revision: bytes | None = None
    if intact and coverage is not None and coverage >= SignatureCoverageLevel.ENTIRE_REVISION:
        _, _, start2, len2 = (int(x) for x in emb.byte_range)
        signed_revision = pdf[: start2 + len2]

    when = status.signer_reported_dt
    return replace(
        failed, intact=intact, covers_whole_file=covers_whole_file,
        modified_after_signing=not covers_whole_file, trusted=trusted,
        signing_time=when.astimezone(UTC) if isinstance(when, datetime) else None,
        signed_revision=signed_revision, detail=",".join(problems) or None,
    )


def pdf_signature_summary(check: SignatureCheck) -> dict[str, object]:
    """``check`` as a JSON-friendly dict (no bytes; ``signing_time`` as ISO 8601 or None)."""
    return {
        "signed": check.signed,
        "intact": check.intact,
        "covers_whole_file": check.covers_whole_file,
        "modified_after_signing": check.modified_after_signing,
        "trusted": check.trusted,
        "self_issued": check.self_issued,
        "signer_name": check.signer_name,
        "device_id": check.device_id,
        "issuer_name": check.issuer_name,
        "chain": list(check.chain),
        "signing_time": None if check.signing_time is None else check.signing_time.isoformat(),
        "detail": check.detail,
    }


__all__ = [  # with the key and certificate functions of pdfkeys, for one import of the API
    "OFFICE_CA_YEARS", "UNENROLLED_ORG", "PdfSigningError", "SignatureCheck", "SigningIdentity",
    "check_pdf_signature", "document_key", "document_public_key", "issue_device_certificate",
    "office_ca_certificate", "pdf_signature_summary", "self_issued_certificate", "sign_pdf"]
