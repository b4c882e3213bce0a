"""Receipts (docs/formats/receipt-v3.md): the office's signed answer to one imported result
bundle, and (version 3) the office's review decisions on the device's assessments. A zip
holding ``manifest.json`` and ``manifest.sig`` only. Versions 2 and 3 are read."""

from __future__ import annotations

import re
from collections.abc import Iterable

from assessor_app.bundles import crypto
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import RECEIPT_VERSIONS, ReceiptManifest
from assessor_app.bundles.reader import (
    DEFAULT_LIMITS,
    Limits,
    open_archive,
    parse_model,
    signed_parts,
    verified_files,
)
from assessor_app.bundles.writer import signed_zip

ALLOWED = re.compile(r"^(manifest\.json|manifest\.sig)$")
MAX_RECEIPT = 4 * 1024 * 1024


def receipt_file_name(device_id: str, seq: int, bundle_id: str) -> str:
    return f"receipt-{device_id}-{seq:06d}-{bundle_id}.zip"


def build_receipt(manifest: ReceiptManifest, ed25519_private: bytes) -> bytes:
    data, _ = signed_zip(manifest, {}, ed25519_private)
    return data


def read_receipt(raw: bytes, trusted: Iterable[bytes],
                 limits: Limits = DEFAULT_LIMITS) -> ReceiptManifest:
    """Verify against the trusted office keys, then parse. Raises ImportRejected."""
    if len(raw) > MAX_RECEIPT:
        raise ImportRejected("bundle.too_large", max_mb=MAX_RECEIPT // (1024 * 1024))
    archive = open_archive(raw, ALLOWED, limits)
    manifest_raw, signature = signed_parts(archive, limits)
    signer = next((k for k in trusted if crypto.verify(k, signature, manifest_raw)), None)
    if signer is None:
        raise ImportRejected("receipt.untrusted")
    receipt = parse_model(manifest_raw, ReceiptManifest, "receipt", RECEIPT_VERSIONS)
    verified_files(archive, [])
    if receipt.office_id != crypto.device_id_for(signer):
        raise ImportRejected("receipt.untrusted")
    return receipt
