"""Assignment packs, format version 1 (docs/formats/assignment-pack-v1.md): templates and
master data for one assessor, the office's public keys and the laptop's enrolment, signed
by the office. A zip holding ``manifest.json``, ``manifest.sig`` and ``data/pack.json``.

Trust: a laptop that trusts no office yet accepts the first pack whose signature verifies
with the key the pack itself names (trust on first use, recorded); after that only packs
signed by a trusted office key are accepted.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from dataclasses import dataclass

from assessor_app.bundles import crypto
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import FileEntry, PackData, PackManifest
from assessor_app.bundles.reader import (
    DEFAULT_LIMITS,
    Limits,
    open_archive,
    parse_model,
    sha256_hex,
    signed_parts,
    verified_files,
)
from assessor_app.bundles.writer import model_json, signed_zip

DATA_PATH = "data/pack.json"
ALLOWED = re.compile(r"^(manifest\.json|manifest\.sig|data/pack\.json)$")


def pack_file_name(office_id: str, assessor_id: str, pack_id: str) -> str:
    return f"pack-{office_id}-{assessor_id[:8]}-{pack_id}.zip"


def build_pack(manifest_fields: dict[str, object], data: PackData, ed25519_private: bytes
               ) -> tuple[bytes, PackManifest]:
    body = model_json(data)
    files = [FileEntry(path=DATA_PATH, sha256=sha256_hex(body), size=len(body),
                       media_type="application/json")]
    manifest = PackManifest.model_validate({**manifest_fields, "files": files})
    raw, _ = signed_zip(manifest, {DATA_PATH: body}, ed25519_private)
    return raw, manifest


@dataclass(frozen=True)
class VerifiedPack:
    sha256: str
    manifest: PackManifest
    data: PackData
    first_use: bool  # signed by a key not trusted before (accepted only when none was)


def read_pack(raw: bytes, trusted: Iterable[bytes], limits: Limits = DEFAULT_LIMITS
              ) -> VerifiedPack:
    archive = open_archive(raw, ALLOWED, limits)
    manifest_raw, signature = signed_parts(archive, limits)
    keys = list(trusted)
    signer = next((k for k in keys if crypto.verify(k, signature, manifest_raw)), None)
    if signer is None and keys:
        raise ImportRejected("pack.untrusted_office")
    manifest = parse_model(manifest_raw, PackManifest, "assignment_pack")
    office_key = base64.b64decode(manifest.office.ed25519_public)
    if signer is None:  # trust on first use: the pack's own key must have signed it
        if not crypto.verify(office_key, signature, manifest_raw):
            raise ImportRejected("bundle.bad_sig")
        signer = office_key
    if signer != office_key or manifest.office.office_id != crypto.device_id_for(signer):
        raise ImportRejected("pack.untrusted_office")
    files = verified_files(archive, manifest.files)
    if set(files) != {DATA_PATH}:
        raise ImportRejected("bundle.missing_file", name=DATA_PATH)
    data = parse_model(files[DATA_PATH], PackData)
    return VerifiedPack(sha256_hex(raw), manifest, data, first_use=not keys)
