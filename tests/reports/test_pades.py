"""PAdES signing and checking of report PDFs (assessor_app.reports.pades; RELIABILITY §5).

No Qt and no database: small PDFs come from reportlab's canvas. Every key is derived with
``pades.document_key`` from a fixed Ed25519 seed, as the app derives it from the device key.
The external tools (poppler's ``pdfsig``, NSS's ``certutil``, ``qpdf``) are optional; their
tests skip without them.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.x509.oid import NameOID, SignatureAlgorithmOID
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from reportlab.pdfgen import canvas

from assessor_app.reports import pades

# Real clock (minus a margin), because pdfsig validates certificates "now"; the module itself
# takes every time as a parameter.
NOW = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
DEVICE_ID = "0123456789abcdef"
DEVICE_NAME = "Laptop Asesor 01"
OFFICE_NAME = "LSP Contoh Mandiri"
OFFICE_ID = "fedcba9876543210"
REASON = "Laporan asesmen FR.AK.02"




def _seed(label: str) -> bytes:
    """A fixed raw 32-byte Ed25519 private key (any 32 bytes are one)."""
    return hashlib.sha256(f"assessor-app test seed: {label}".encode()).digest()


OFFICE_SEED = _seed("office")
DEVICE_SEED = _seed("device")


def _key(label: str) -> bytes:
    """The P-256 PDF key (PKCS#8 DER) of the Ed25519 seed called ``label``."""
    return pades.document_key(_seed(label))


def _pub(private_pkcs8: bytes) -> bytes:
    return pades.document_public_key(private_pkcs8)


def _make_pdf(text: str = "Nilai: 85 (Kompeten)") -> bytes:
    buf = io.BytesIO()
    # Uncompressed page stream, so a test can tamper with visible text.
    c = canvas.Canvas(buf, invariant=1, pageCompression=0)
    c.drawString(72, 750, "Laporan asesmen")
    c.drawString(72, 730, text)
    c.showPage()
    c.save()
    return buf.getvalue()


@dataclass(frozen=True)
class World:
    office_private: bytes
    root: bytes
    device_private: bytes
    device_cert: bytes
    self_cert: bytes
    pdf: bytes
    signed: bytes  # office-issued certificate
    self_signed: bytes  # self-issued certificate


@pytest.fixture(scope="module")
def world() -> World:
    office = pades.document_key(OFFICE_SEED)
    device = pades.document_key(DEVICE_SEED)
    root = pades.office_ca_certificate(office, OFFICE_NAME, OFFICE_ID, now=NOW)
    device_cert = pades.issue_device_certificate(
        _pub(device), DEVICE_ID, DEVICE_NAME, issuer_private=office, issuer_cert=root, now=NOW)
    self_cert = pades.self_issued_certificate(device, DEVICE_ID, DEVICE_NAME, now=NOW)
    pdf = _make_pdf()
    signed = pades.sign_pdf(pdf, pades.SigningIdentity(device, device_cert, (root,)),
                            signing_time=NOW, reason=REASON, location="Bandung")
    self_signed = pades.sign_pdf(pdf, pades.SigningIdentity(device, self_cert),
                                 signing_time=NOW, reason=REASON)
    return World(office, root, device, device_cert, self_cert, pdf, signed, self_signed)


def _flip(data: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new) and data.count(old) == 1
    return data.replace(old, new)


# --------------------------------------------------------------------------------------------
# The P-256 PDF key derived from the Ed25519 device key


def test_document_key_is_deterministic_and_seed_specific() -> None:
    key = pades.document_key(DEVICE_SEED)
    assert pades.document_key(DEVICE_SEED) == key
    assert pades.document_key(OFFICE_SEED) != key
    assert pades.document_key(_seed("device ")) != key
    assert pades.document_public_key(pades.document_key(OFFICE_SEED)) != _pub(key)

    loaded = serialization.load_der_private_key(key, password=None)
    assert isinstance(loaded, ec.EllipticCurvePrivateKey)
    assert isinstance(loaded.curve, ec.SECP256R1)
    assert key == loaded.private_bytes(serialization.Encoding.DER,
                                       serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())  # PKCS#8 DER
    spki = _pub(key)
    assert spki == loaded.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)

    # The derived key signs; its public half verifies.
    loaded.public_key().verify(loaded.sign(b"x", ec.ECDSA(hashes.SHA256())), b"x",
                               ec.ECDSA(hashes.SHA256()))


def test_document_key_known_answers() -> None:
    # Pinned: enrolled devices hold certificates for these keys, so the derivation
    # (HKDF-SHA256, no salt, info b"assessor-app pdf signing key v1", 48 bytes, mod n-1, +1)
    # must never change silently. Values checked against a plain hmac/hashlib HKDF.
    expected = {
        bytes(32): 0x312403BFA853C89F5253EEAEEDFCC223C8FCF76DECEFD0E8F98A030E00E014D6,
        bytes(range(32)): 0xE4718166CCA6ADEBEC27F90CE3354A675C6DD8A160CE5B5595FF8808A6E7E00C,
    }
    for seed, scalar in expected.items():
        key = serialization.load_der_private_key(pades.document_key(seed), password=None)
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        assert key.private_numbers().private_value == scalar


@pytest.mark.parametrize("bad", [b"", b"\0" * 31, b"\0" * 33, b"\0" * 64])
def test_document_key_needs_a_raw_ed25519_key(bad: bytes) -> None:
    with pytest.raises(ValueError):
        pades.document_key(bad)


def test_document_public_key_rejects_other_keys() -> None:
    ed = Ed25519PrivateKey.from_private_bytes(DEVICE_SEED)
    p384 = ec.generate_private_key(ec.SECP384R1())
    for wrong in (DEVICE_SEED, b"not a key",
                  ed.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                   serialization.NoEncryption()),
                  p384.private_bytes(serialization.Encoding.DER,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())):
        with pytest.raises(ValueError):
            pades.document_public_key(wrong)


# --------------------------------------------------------------------------------------------
# Certificates


def test_certificates_carry_the_expected_fields(world: World) -> None:
    root = x509.load_der_x509_certificate(world.root)
    assert root.subject == root.issuer
    root.verify_directly_issued_by(root)
    assert root.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == _pub(world.office_private)
    assert root.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    ku = root.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.key_cert_sign and not ku.digital_signature
    assert root.not_valid_after_utc - NOW >= timedelta(days=20 * 365)

    leaf = x509.load_der_x509_certificate(world.device_cert)
    assert leaf.issuer == root.subject
    leaf.verify_directly_issued_by(root)
    for cert in (root, leaf):
        assert cert.signature_algorithm_oid == SignatureAlgorithmOID.ECDSA_WITH_SHA256
        assert isinstance(cert.public_key(), ec.EllipticCurvePublicKey)
    assert leaf.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == _pub(world.device_private)
    assert leaf.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == DEVICE_NAME
    assert leaf.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == DEVICE_ID
    assert leaf.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == OFFICE_NAME
    ku = leaf.extensions.get_extension_for_class(x509.KeyUsage).value
    assert ku.digital_signature and ku.content_commitment and not ku.key_cert_sign
    assert not leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert leaf.not_valid_before_utc <= NOW < leaf.not_valid_after_utc
    assert leaf.not_valid_after_utc.year == NOW.year + 5

    selfc = x509.load_der_x509_certificate(world.self_cert)
    assert selfc.subject == selfc.issuer
    assert (selfc.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value
            == pades.UNENROLLED_ORG)
    selfc.verify_directly_issued_by(selfc)
    assert selfc.signature_algorithm_oid == SignatureAlgorithmOID.ECDSA_WITH_SHA256

    # Same inputs, same certificate: deterministic serial, and RFC 6979 ECDSA where the
    # cryptography/OpenSSL build has it (otherwise only the signed content is equal).
    again = pades.office_ca_certificate(world.office_private, OFFICE_NAME, OFFICE_ID, now=NOW)
    again_cert = x509.load_der_x509_certificate(again)
    assert again_cert.tbs_certificate_bytes == root.tbs_certificate_bytes
    if getattr(default_backend(), "ecdsa_deterministic_supported", lambda: False)():
        assert again == world.root


def test_certificate_inputs_are_checked(world: World) -> None:
    with pytest.raises(ValueError):
        pades.office_ca_certificate(b"short", OFFICE_NAME, OFFICE_ID, now=NOW)
    with pytest.raises(ValueError):  # the raw Ed25519 key itself, not its document_key
        pades.office_ca_certificate(OFFICE_SEED, OFFICE_NAME, OFFICE_ID, now=NOW)
    with pytest.raises(ValueError):
        pades.self_issued_certificate(world.device_private, DEVICE_ID, DEVICE_NAME,
                                      now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError):
        pades.self_issued_certificate(world.device_private, "", DEVICE_NAME, now=NOW)
    with pytest.raises(ValueError):  # the issuer key does not match the issuer certificate
        pades.issue_device_certificate(_pub(_key("other device")), DEVICE_ID, DEVICE_NAME,
                                       issuer_private=_key("stranger"), issuer_cert=world.root,
                                       now=NOW)
    raw_ed25519_public = Ed25519PrivateKey.from_private_bytes(DEVICE_SEED).public_key() \
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    p384_public = ec.generate_private_key(ec.SECP384R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    for device_public in (raw_ed25519_public, p384_public, world.device_private):
        with pytest.raises(ValueError):
            pades.issue_device_certificate(device_public, DEVICE_ID, DEVICE_NAME,
                                           issuer_private=world.office_private,
                                           issuer_cert=world.root, now=NOW)


# --------------------------------------------------------------------------------------------
# (1) office-issued, (2) self-issued


def test_office_issued_signature_is_intact_trusted_and_identified(world: World) -> None:
    assert world.signed.startswith(world.pdf)  # incremental update

    check = pades.check_pdf_signature(world.signed, [world.root])
    assert check.signed and check.intact and check.trusted
    assert check.covers_whole_file and not check.modified_after_signing
    assert check.signer_name == DEVICE_NAME
    assert check.device_id == DEVICE_ID
    assert check.issuer_name == OFFICE_NAME
    assert not check.self_issued
    assert check.chain == (DEVICE_NAME, OFFICE_NAME)
    assert check.signing_time == NOW
    assert check.signed_revision == world.signed
    assert check.detail is None
    assert check.field_name == "Signature1" and check.signature_count == 1


def test_trust_needs_the_right_root(world: World) -> None:
    no_roots = pades.check_pdf_signature(world.signed)
    assert no_roots.intact and not no_roots.trusted
    assert no_roots.detail is not None and no_roots.detail.startswith("untrusted:")
    assert no_roots.chain == (DEVICE_NAME, OFFICE_NAME)  # from the embedded certificates

    other_root = pades.office_ca_certificate(_key("another office"), OFFICE_NAME, OFFICE_ID,
                                             now=NOW)
    wrong = pades.check_pdf_signature(world.signed, [other_root])
    assert wrong.intact and not wrong.trusted  # same name, different key: not trusted

    # Checked 6 years on, the 5-year device certificate has expired (B-B has no timestamp).
    late = pades.check_pdf_signature(world.signed, [world.root],
                                     validation_time=NOW + timedelta(days=6 * 366))
    assert late.intact and not late.trusted


def test_self_issued_signature_is_intact_but_not_trusted(world: World) -> None:
    assert world.self_signed.startswith(world.pdf)
    check = pades.check_pdf_signature(world.self_signed, [world.root])
    assert check.signed and check.intact and check.covers_whole_file
    assert not check.trusted and check.self_issued
    assert check.signer_name == DEVICE_NAME and check.device_id == DEVICE_ID
    assert check.issuer_name == DEVICE_NAME
    assert check.chain == (DEVICE_NAME,)
    assert check.detail == "untrusted:self_issued"


# --------------------------------------------------------------------------------------------
# (3) pyHanko's own validator agrees


def test_pyhanko_validator_agrees(world: World) -> None:
    reader = PdfFileReader(io.BytesIO(world.signed))
    (sig,) = reader.embedded_signatures
    status = validate_pdf_signature(
        sig, ValidationContext(trust_roots=[_asn1(world.root)], allow_fetching=False))
    assert status.intact and status.valid and status.trusted and status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.pkcs7_signature_mechanism == "sha256_ecdsa"
    assert status.md_algorithm == "sha256"
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert sig.sig_object["/Reason"] == REASON and sig.sig_object["/Location"] == "Bandung"

    reader = PdfFileReader(io.BytesIO(world.self_signed))
    (sig,) = reader.embedded_signatures
    status = validate_pdf_signature(
        sig, ValidationContext(trust_roots=[_asn1(world.root)], allow_fetching=False))
    assert status.intact and status.valid and not status.trusted


def _asn1(der: bytes) -> object:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(der)


# --------------------------------------------------------------------------------------------
# (4) poppler's pdfsig (with NSS), as a standard reader sees the file

_PDFSIG = shutil.which("pdfsig") is not None
_CERTUTIL = shutil.which("certutil") is not None
_QPDF = shutil.which("qpdf") is not None
needs_pdfsig = pytest.mark.skipif(not _PDFSIG,
                                  reason="pdfsig not installed (apt-get install poppler-utils)")
needs_nss = pytest.mark.skipif(
    not (_PDFSIG and _CERTUTIL),
    reason="pdfsig/certutil not installed (apt-get install poppler-utils libnss3-tools)")
needs_qpdf = pytest.mark.skipif(not _QPDF, reason="qpdf not installed (apt-get install qpdf)")

VALID = "Signature is Valid."
TRUSTED = "Certificate is Trusted."
UNTRUSTED_ISSUER = "Certificate issuer isn't Trusted."
WHOLE = "Total document signed"
NOT_WHOLE = "Not total document signed"


def _tool(args: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    # HOME points into tmp_path so neither tool reads (or creates) the user's ~/.pki/nssdb.
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False,
                          env={**os.environ, "HOME": str(home)})


def _pdfsig(path: Path, nssdir: Path | None = None) -> dict[str, str]:
    """pdfsig's "- key: value" lines for the first signature; bare lines map to themselves."""
    args = ["pdfsig", *(["-nssdir", f"sql:{nssdir}"] if nssdir else []), str(path)]
    proc = _tool(args, path.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("Signature #") == 1, proc.stdout
    info: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        line = line.strip()
        if line.startswith("- "):
            key, _, value = line[2:].partition(": ")
            info[key] = value if value else key
    return info


def _nss_db(tmp_path: Path, name: str, root: bytes, trust: str) -> Path:
    """A fresh NSS database holding only the office root with the given trust flags."""
    db = tmp_path / name
    db.mkdir()
    root_file = tmp_path / f"{name}-root.der"
    root_file.write_bytes(root)
    for args in (["certutil", "-N", "-d", f"sql:{db}", "--empty-password"],
                 ["certutil", "-A", "-d", f"sql:{db}", "-n", "office", "-t", trust,
                  "-i", str(root_file)]):
        proc = _tool(args, tmp_path)
        assert proc.returncode == 0, proc.stderr
    return db


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_pdfsig
def test_pdfsig_validates_the_signature(world: World, tmp_path: Path) -> None:
    info = _pdfsig(_write(tmp_path, "signed.pdf", world.signed))
    assert info["Signature Field Name"] == "Signature1"
    assert info["Signer Certificate Common Name"] == DEVICE_NAME
    assert f"serialNumber={DEVICE_ID}" in info["Signer full Distinguished Name"]
    assert f"O={OFFICE_NAME}" in info["Signer full Distinguished Name"]
    assert info["Signing Hash Algorithm"] == "SHA-256"
    assert info["Signature Type"] == "ETSI.CAdES.detached"
    assert WHOLE in info and NOT_WHOLE not in info
    assert info["Signature Validation"] == VALID
    # pdfsig only trusts roots in its NSS database; here there is none.
    assert info["Certificate Validation"] == UNTRUSTED_ISSUER

    info = _pdfsig(_write(tmp_path, "self.pdf", world.self_signed))
    assert info["Signature Validation"] == VALID
    assert info["Certificate Validation"] != TRUSTED


@needs_pdfsig
def test_pdfsig_rejects_a_flipped_byte(world: World, tmp_path: Path) -> None:
    for name, old, new in (("content.pdf", b"Nilai: 85", b"Nilai: 95"),  # first range
                           ("sigdict.pdf", b"/Reason (Laporan", b"/Reason (LAporan")):  # 2nd
        info = _pdfsig(_write(tmp_path, name, _flip(world.signed, old, new)))
        assert info["Signature Validation"] != VALID
        assert info["Signature Validation"] == "Digest Mismatch."
        assert TRUSTED not in info.values()


@needs_nss
def test_pdfsig_trusts_the_imported_office_root(world: World, tmp_path: Path) -> None:
    signed = _write(tmp_path, "signed.pdf", world.signed)
    # NSS trust flags are "SSL,S/MIME,code signing" and pdfsig checks the S/MIME (email
    # signer) usage, so the root must be a trusted CA in the *second* slot. "C,," (SSL only)
    # is not enough: pdfsig then prints "Certificate issuer isn't Trusted.".
    db = _nss_db(tmp_path, "nss", world.root, ",C,")
    info = _pdfsig(signed, db)
    assert info["Signature Validation"] == VALID
    assert info["Certificate Validation"] == TRUSTED

    ssl_only = _nss_db(tmp_path, "nss-ssl", world.root, "C,,")
    assert _pdfsig(signed, ssl_only)["Certificate Validation"] == UNTRUSTED_ISSUER

    # The office root vouches for office-issued certificates only.
    info = _pdfsig(_write(tmp_path, "self.pdf", world.self_signed), db)
    assert info["Signature Validation"] == VALID
    assert info["Certificate Validation"] != TRUSTED

    other = _nss_db(tmp_path, "nss-other",
                    pades.office_ca_certificate(_key("another office"), OFFICE_NAME, OFFICE_ID,
                                                now=NOW), ",C,")
    assert _pdfsig(signed, other)["Certificate Validation"] != TRUSTED

    tampered = _write(tmp_path, "tampered.pdf", _flip(world.signed, b"Nilai: 85", b"Nilai: 95"))
    assert _pdfsig(tampered, db)["Signature Validation"] != VALID


@needs_pdfsig
def test_pdfsig_flags_an_incremental_update(world: World, tmp_path: Path) -> None:
    info = _pdfsig(_write(tmp_path, "updated.pdf", _incremental_update(world.signed)))
    # The signed revision itself is still intact; pdfsig says the file has more than that.
    assert NOT_WHOLE in info and WHOLE not in info
    assert info["Signature Validation"] == VALID


@needs_pdfsig
@needs_qpdf
def test_pdfsig_does_not_validate_a_qpdf_resave(world: World, tmp_path: Path) -> None:
    info = _pdfsig(_qpdf_resave(world.signed, tmp_path))
    # poppler 22.12 warns "Illegal values in ByteRange array" on stderr, cannot read the CMS
    # any more (signer "(null)") and prints "Signature has not yet been verified.".
    assert info["Signature Validation"] != VALID
    assert NOT_WHOLE in info and WHOLE not in info


# --------------------------------------------------------------------------------------------
# (5) incremental update after signing


def _incremental_update(signed: bytes) -> bytes:
    """``signed`` plus an incremental update that changes the catalog's /PageMode."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    updated = out.getvalue()
    assert updated.startswith(signed) and len(updated) > len(signed)
    return updated


def test_incremental_update_after_signing_is_reported(world: World) -> None:
    updated = _incremental_update(world.signed)

    check = pades.check_pdf_signature(updated, [world.root])
    assert check.signed and check.intact and check.trusted
    assert not check.covers_whole_file and check.modified_after_signing
    assert check.detail == "modified_after_signing"
    assert check.signed_revision == world.signed  # what was signed can still be shown
    assert check.signed_revision.startswith(world.pdf)


def test_a_second_signature_does_not_hide_the_first(world: World) -> None:
    twice = pades.sign_pdf(world.signed, pades.SigningIdentity(world.device_private,
                                                               world.self_cert),
                           signing_time=NOW + timedelta(minutes=5), reason="kedua",
                           field_name="Signature2")
    first = pades.check_pdf_signature(twice, [world.root])
    assert first.field_name == "Signature1" and first.signature_count == 2
    assert first.intact and first.trusted and first.modified_after_signing
    second = pades.check_pdf_signature(twice, [world.root], field_name="Signature2")
    assert second.intact and second.covers_whole_file and second.self_issued
    assert second.signing_time == NOW + timedelta(minutes=5)
    assert pades.check_pdf_signature(twice, field_name="Nope").detail == "no_such_field"


# --------------------------------------------------------------------------------------------
# (6) byte flips inside the signed range


def test_byte_flip_in_signed_content_breaks_integrity(world: World) -> None:
    # Inside the first range (the original page content) ...
    check = pades.check_pdf_signature(_flip(world.signed, b"Nilai: 85", b"Nilai: 95"),
                                      [world.root])
    assert check.signed and not check.intact and not check.trusted
    assert check.signed_revision is None
    assert check.detail == "digest_mismatch"
    # ... and inside the second range (the signature dictionary after /Contents).
    check = pades.check_pdf_signature(
        _flip(world.signed, b"/Reason (Laporan", b"/Reason (LAporan"), [world.root])
    assert check.signed and not check.intact and check.detail == "digest_mismatch"


def test_flipped_signature_value_is_a_bad_signature(world: World) -> None:
    sig = PdfFileReader(io.BytesIO(world.signed)).embedded_signatures[0]
    value = sig.signer_info["signature"].native.hex().encode()
    pos = world.signed.lower().find(value)  # /Contents is hex; the case is the writer's choice
    assert pos > 0
    digit = world.signed[pos:pos + 1]
    swapped = b"1" if digit != b"1" else b"2"
    check = pades.check_pdf_signature(world.signed[:pos] + swapped + world.signed[pos + 1:],
                                      [world.root])
    assert check.signed and not check.intact and not check.trusted
    assert check.detail == "bad_signature"


def test_random_flips_in_signed_ranges_never_pass(world: World) -> None:
    sig = PdfFileReader(io.BytesIO(world.signed)).embedded_signatures[0]
    start1, len1, start2, len2 = (int(x) for x in sig.byte_range)
    positions = [*range(start1, start1 + len1), *range(start2, start2 + len2)]
    rng = random.Random(20240501)
    for pos in rng.sample(positions, 40):
        data = bytearray(world.signed)
        data[pos] ^= 1 << rng.randrange(8)
        check = pades.check_pdf_signature(bytes(data), [world.root])
        assert not check.intact, pos


# --------------------------------------------------------------------------------------------
# (7) qpdf re-save


def _qpdf_resave(signed: bytes, tmp_path: Path) -> Path:
    src, dst = tmp_path / "in.pdf", tmp_path / "resaved.pdf"
    src.write_bytes(signed)
    # qpdf exits 3 for warnings; anything else is a real failure.
    proc = subprocess.run(["qpdf", str(src), str(dst)], capture_output=True, timeout=60,
                          check=False)
    assert proc.returncode in (0, 3), proc.stderr
    return dst


@needs_qpdf
def test_qpdf_resave_is_not_reported_as_intact(world: World, tmp_path: Path) -> None:
    check = pades.check_pdf_signature(_qpdf_resave(world.signed, tmp_path).read_bytes(),
                                      [world.root])
    # A re-save rewrites the whole file (new header bytes, renumbered objects, new offsets).
    # The signature dictionary survives, but its /ByteRange now points at unrelated bytes:
    # with qpdf 11.3 the result is signed=True, intact=False, covers_whole_file=False,
    # modified_after_signing=True, detail "digest_mismatch,coverage_unclear" and no
    # signed_revision. The signer's name is still read from the embedded certificate.
    assert check.signed and not check.intact and not check.trusted
    assert not check.covers_whole_file and check.modified_after_signing
    assert check.signed_revision is None
    assert check.detail is not None and "digest_mismatch" in check.detail
    assert check.signer_name == DEVICE_NAME


# --------------------------------------------------------------------------------------------
# (8) hostile and damaged input never raises


@pytest.mark.parametrize("data", [b"", b"garbage", b"%PDF-1.7\n" + b"\0" * 64,
                                  b"%PDF-1.4\n1 0 obj\n<< /ByteRange [0 1 2 3] >>\nendobj\n",
                                  bytes(range(256)) * 8])
def test_garbage_is_not_signed(data: bytes) -> None:
    check = pades.check_pdf_signature(data)
    assert not check.intact and not check.trusted and not check.covers_whole_file
    assert check.signed_revision is None and check.detail is not None


def test_unsigned_pdf(world: World) -> None:
    check = pades.check_pdf_signature(world.pdf, [world.root])
    assert not check.signed and not check.intact and check.detail == "not_signed"
    assert not check.modified_after_signing


def test_truncated_and_extended_signed_pdfs_never_raise(world: World) -> None:
    data = world.signed
    for cut in range(0, len(data), 101):
        check = pades.check_pdf_signature(data[:cut], [world.root])
        assert not (check.intact and check.covers_whole_file), cut
    for cut in (len(data) - 1, len(data) - 7):
        check = pades.check_pdf_signature(data[:cut], [world.root])
        assert check.signed and not check.intact  # a visibly signed, damaged file
    check = pades.check_pdf_signature(data + b"\n%junk after the end\n", [world.root])
    assert not check.covers_whole_file


def test_random_damage_never_raises(world: World) -> None:
    rng = random.Random(7)
    for _ in range(60):
        data = bytearray(world.signed)
        for _ in range(rng.randrange(1, 5)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        pades.check_pdf_signature(bytes(data), [world.root])


# --------------------------------------------------------------------------------------------
# sign_pdf errors


def test_sign_pdf_rejects_bad_input(world: World) -> None:
    with pytest.raises(pades.PdfSigningError):  # another device's key
        pades.sign_pdf(world.pdf, pades.SigningIdentity(_key("other device"), world.device_cert),
                       signing_time=NOW, reason=REASON)
    with pytest.raises(pades.PdfSigningError):  # the raw Ed25519 key, not its document_key
        pades.sign_pdf(world.pdf, pades.SigningIdentity(DEVICE_SEED, world.device_cert),
                       signing_time=NOW, reason=REASON)
    with pytest.raises(pades.PdfSigningError):
        pades.sign_pdf(world.pdf, pades.SigningIdentity(world.device_private, world.device_cert,
                                                        (b"not a cert",)),
                       signing_time=NOW, reason=REASON)
    with pytest.raises(pades.PdfSigningError):
        pades.sign_pdf(world.pdf, pades.SigningIdentity(world.device_private, b"not a cert"),
                       signing_time=NOW, reason=REASON)
    with pytest.raises(pades.PdfSigningError):
        pades.sign_pdf(b"not a pdf", pades.SigningIdentity(world.device_private,
                                                           world.device_cert),
                       signing_time=NOW, reason=REASON)
    with pytest.raises(pades.PdfSigningError):  # the field is already signed
        pades.sign_pdf(world.signed, pades.SigningIdentity(world.device_private,
                                                           world.device_cert),
                       signing_time=NOW, reason=REASON)
    with pytest.raises(ValueError):
        pades.sign_pdf(world.pdf, pades.SigningIdentity(world.device_private,
                                                        world.device_cert),
                       signing_time=NOW.replace(tzinfo=None), reason=REASON)


# --------------------------------------------------------------------------------------------
# JSON summary


def test_summary_is_json_friendly(world: World) -> None:
    summary = pades.pdf_signature_summary(pades.check_pdf_signature(world.signed, [world.root]))
    assert json.loads(json.dumps(summary)) == summary
    assert summary == {
        "signed": True, "intact": True, "covers_whole_file": True,
        "modified_after_signing": False, "trusted": True, "self_issued": False,
        "signer_name": DEVICE_NAME, "device_id": DEVICE_ID, "issuer_name": OFFICE_NAME,
        "chain": [DEVICE_NAME, OFFICE_NAME], "signing_time": NOW.isoformat(), "detail": None,
    }
    assert datetime.fromisoformat(str(summary["signing_time"])) == NOW

    updated = pades.pdf_signature_summary(
        pades.check_pdf_signature(_incremental_update(world.signed), [world.root]))
    assert updated["modified_after_signing"] is True
    assert updated["detail"] == "modified_after_signing"

    unsigned = pades.pdf_signature_summary(pades.check_pdf_signature(b"garbage"))
    assert json.loads(json.dumps(unsigned)) == unsigned
    assert unsigned["signed"] is False and unsigned["signing_time"] is None
    assert unsigned["chain"] == [] and unsigned["detail"] == "unreadable_pdf"
