"""Result bundles, format version 1 (docs/formats/result-bundle-v1.md).

``build_result_bundle`` makes the bytes on the laptop; ``read_result_bundle`` is the office's
hardened reader: the signature is checked against the enrolled key of the device before any
JSON is parsed (the device is read from the canonical file name when the name carries it,
else from the ``device_id`` field of the raw manifest bytes: a user may rename the file), then every file is checked against the signed
manifest, the payload decrypted if sealed, and the records, media and documents validated.
Database-level checks (templates, content hashes, references) are the service's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from assessor_app.bundles import crypto
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.images import check_image
from assessor_app.bundles.models import (
    FORMAT_VERSION,
    BundleData,
    BundleManifest,
    Encryption,
    FileEntry,
    RecordEntry,
)
from assessor_app.bundles.reader import (
    DEFAULT_LIMITS,
    Limits,
    media_type_of,
    open_archive,
    parse_model,
    sha256_hex,
    signed_parts,
    verified_files,
)
from assessor_app.bundles.writer import build_zip, model_json, signed_zip
from assessor_app.core.files import MediaBytes

RECORDS_PATH = "data/records.json"
PAYLOAD_PATH = "payload.enc"
_PAYLOAD_NAMES = r"data/[a-z_]{1,32}\.json|media/[0-9a-f]{64}\.(jpg|png)|docs/[0-9a-f]{64}\.pdf"
OUTER_ALLOWED = re.compile(rf"^(manifest\.json|manifest\.sig|payload\.enc|{_PAYLOAD_NAMES})$")
INNER_ALLOWED = re.compile(rf"^({_PAYLOAD_NAMES})$")
FILE_NAME_RE = re.compile(r"bundle-([0-9a-f]{16})-(\d{6,10})-([0-9a-f]{32})")
# the device a manifest names, found in its raw bytes before anything is parsed (the
# signature check needs the device's key first); the parsed manifest must agree
_MANIFEST_DEVICE = re.compile(rb'"device_id"\s*:\s*"([0-9a-f]{16})"')
_EXT = {"image/jpeg": "jpg", "image/png": "png"}


def bundle_file_name(device_id: str, seq: int, bundle_id: str) -> str:
    return f"bundle-{device_id}-{seq:06d}-{bundle_id}.zip"


def parse_file_name(name: str) -> tuple[str, int, str]:
    """``(device_id, seq, bundle_id)`` from a canonical bundle file name (renamed copies
    such as ``bundle-... (1).zip`` still match); ``bundle.bad_filename`` otherwise."""
    m = name_claims(name)
    if m is None:
        raise ImportRejected("bundle.bad_filename", name=name)
    return m


def name_claims(name: str) -> tuple[str, int, str] | None:
    """What a ``.zip`` name says about its bundle: ``(device_id, seq, bundle_id)`` when it
    carries the canonical ``bundle-<device>-<seq>-<id>`` part, else None. Any other name
    ending in ``.zip`` is accepted by the importer (the signed manifest says what the file
    is); a name not ending in ``.zip`` is ``bundle.bad_filename``."""
    if not name.lower().endswith(".zip"):
        raise ImportRejected("bundle.bad_filename", name=name)
    m = FILE_NAME_RE.search(name)
    return None if m is None else (m.group(1), int(m.group(2)), m.group(3))


def manifest_device(manifest_raw: bytes) -> str:
    """The device id written in the raw manifest bytes (exactly one ``device_id`` field),
    read without parsing the JSON: it only picks the key the signature is checked with,
    and the parsed manifest must name the same device."""
    found: set[bytes] = set(_MANIFEST_DEVICE.findall(manifest_raw))
    if len(found) != 1:
        raise ImportRejected("bundle.schema", where="device_id")
    return found.pop().decode("ascii")


def media_path(sha256: str, mime: str) -> str:
    if mime == "application/pdf":
        return f"docs/{sha256}.pdf"
    return f"media/{sha256}.{_EXT[mime]}"


# ------------------------------------------------------------------ writing


@dataclass(frozen=True)
class BuiltBundle:
    file_name: str
    data: bytes
    manifest: BundleManifest

    @cached_property
    def sha256(self) -> str:
        """The bundle's SHA-256, computed when first asked for (the exporter asks while
        its threads write the copies: hashlib lets go of the GIL)."""
        return sha256_hex(self.data)


class MediaMismatch(ValueError):
    """A blob handed to :func:`build_result_bundle` does not hash to the SHA-256 it is
    listed under (the stored bytes changed since they were recorded)."""

    def __init__(self, sha256: str) -> None:
        super().__init__(f"media {sha256} does not have the bytes it was stored as")
        self.sha256 = sha256


def build_result_bundle(*, bundle_id: str, device_id: str, assessor_id: str | None, seq: int,
                        prev_bundle_sha256: str | None, created_at: str, app_version: str,
                        schema_version: int, data: BundleData, blobs: dict[str, bytes],
                        ed25519_private: bytes, document_key: str | None = None,
                        seal_to: tuple[str, bytes] | None = None) -> BuiltBundle:
    """``blobs``: sha256 -> bytes of every media/document in ``data.media``.
    ``seal_to``: (office id, office X25519 public key) to encrypt the payload.

    Each blob is hashed once, here: the digest of the bytes that go into the zip is both
    the check that they still are what ``data.media`` lists (else :class:`MediaMismatch`)
    and the manifest's hash of that file."""
    records = model_json(data)
    payload: dict[str, bytes] = {RECORDS_PATH: records}
    digests: dict[str, str] = {RECORDS_PATH: sha256_hex(records)}
    for m in data.media:
        blob = blobs[m.sha256]
        digest = sha256_hex(blob)
        if digest != m.sha256:
            raise MediaMismatch(m.sha256)
        path = media_path(m.sha256, m.mime)
        payload[path], digests[path] = blob, digest
    encryption = None
    if seal_to is not None:
        office_id, office_pub = seal_to
        inner = build_zip(sorted(payload.items()))
        sealed = crypto.seal(inner, office_pub, bundle_id.encode("ascii"))
        payload, digests = {PAYLOAD_PATH: sealed}, {PAYLOAD_PATH: sha256_hex(sealed)}
        encryption = Encryption.model_validate(
            {"alg": crypto.SEAL_ALG, "recipient": office_id, "path": PAYLOAD_PATH})
    files = [FileEntry.model_validate({"path": p, "sha256": digests[p], "size": len(b),
                                       "media_type": media_type_of(p)})
             for p, b in sorted(payload.items())]
    entries = [RecordEntry(assessment_id=a.assessment_id, revision=a.revision,
                           supersedes=a.supersedes, content_sha256=a.content_sha256,
                           status=a.status)
               for a in data.assessments]
    manifest = BundleManifest(
        format_version=FORMAT_VERSION, kind="result_bundle", bundle_id=bundle_id,
        device_id=device_id, assessor_id=assessor_id, seq=seq,
        prev_bundle_sha256=prev_bundle_sha256, created_at=created_at, app_version=app_version,
        schema_version=schema_version, encryption=encryption, files=files, records=entries,
        document_key=document_key)
    zipped, _ = signed_zip(manifest, payload, ed25519_private)
    return BuiltBundle(bundle_file_name(device_id, seq, bundle_id), zipped, manifest)


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class DeviceKey:
    ed25519_public: bytes
    revoked: bool


@dataclass
class VerifiedBundle:
    file_name: str
    sha256: str
    size: int
    manifest: BundleManifest
    data: BundleData
    blobs: dict[str, MediaBytes] = field(default_factory=dict)


def read_result_bundle(raw: bytes, file_name: str, *,
                       device_key: Callable[[str], DeviceKey | None],
                       office_id: str | None = None,
                       office_x25519_private: bytes | None = None,
                       limits: Limits = DEFAULT_LIMITS) -> VerifiedBundle:
    """Verify and parse a result bundle (RELIABILITY 3.4 steps 1-6). Raises ImportRejected."""
    if len(raw) > limits.max_file:
        raise ImportRejected("bundle.too_large", max_mb=limits.max_file // (1024 * 1024))
    claimed = name_claims(file_name)
    archive = open_archive(raw, OUTER_ALLOWED, limits)
    manifest_raw, signature = signed_parts(archive, limits)
    device_id = claimed[0] if claimed else manifest_device(manifest_raw)
    key = device_key(device_id)
    if key is None:
        raise ImportRejected("bundle.unknown_device", device=device_id)
    if key.revoked:
        raise ImportRejected("bundle.revoked_device", device=device_id)
    if not crypto.verify(key.ed25519_public, signature, manifest_raw):
        raise ImportRejected("bundle.bad_sig")
    # -- authenticated from here on
    manifest = parse_model(manifest_raw, BundleManifest, "result_bundle")
    if claimed and (manifest.device_id, manifest.seq, manifest.bundle_id) != claimed:
        raise ImportRejected("bundle.name_mismatch", name=file_name)
    if manifest.device_id != device_id:
        raise ImportRejected("bundle.schema", where="device_id")
    bundle_id = manifest.bundle_id
    files = verified_files(archive, manifest.files)
    if manifest.encryption is not None:
        if set(files) != {PAYLOAD_PATH}:
            raise ImportRejected("bundle.schema", where="files (sealed payload)")
        if office_x25519_private is None or manifest.encryption.recipient != office_id:
            raise ImportRejected("bundle.not_for_us", office=manifest.encryption.recipient)
        inner_raw = crypto.unseal(files[PAYLOAD_PATH], office_x25519_private,
                                  bundle_id.encode("ascii"))
        inner = open_archive(inner_raw, INNER_ALLOWED, limits)
        payload = {name: inner.read(name, limits.max_json if name.endswith(".json") else None)
                   for name in sorted(inner.names)}
    else:
        if PAYLOAD_PATH in files:
            raise ImportRejected("bundle.schema", where="files (payload.enc without encryption)")
        payload = files
    return VerifiedBundle(file_name, sha256_hex(raw), len(raw), manifest,
                          *_payload(payload, manifest))


def _payload(payload: dict[str, bytes], manifest: BundleManifest
             ) -> tuple[BundleData, dict[str, MediaBytes]]:
    if RECORDS_PATH not in payload:
        raise ImportRejected("bundle.missing_file", name=RECORDS_PATH)
    for name in payload:
        if name.startswith("data/") and name != RECORDS_PATH:
            raise ImportRejected("bundle.orphan_file", name=name)
    data = parse_model(payload[RECORDS_PATH], BundleData)
    declared = {m.sha256: m for m in data.media}
    if len(declared) != len(data.media):
        raise ImportRejected("bundle.schema", where="media (duplicate)")
    blobs: dict[str, MediaBytes] = {}
    for name, content in payload.items():
        if name == RECORDS_PATH:
            continue
        sha = name.split("/", 1)[1].split(".", 1)[0]
        if sha256_hex(content) != sha:
            raise ImportRejected("bundle.hash_mismatch", name=name)
        meta = declared.get(sha)
        if meta is None or media_path(sha, meta.mime) != name:
            raise ImportRejected("bundle.orphan_file", name=name)
        if meta.mime == "application/pdf":
            if not content.startswith(b"%PDF-"):
                raise ImportRejected("bundle.bad_document", name=name)
            blobs[sha] = MediaBytes(sha, meta.mime, content)  # kept as opaque bytes, never parsed
        else:
            width, height = check_image(content, meta.mime)
            if (meta.width, meta.height) != (width, height):
                raise ImportRejected("bundle.bad_image", reason="size_differs")
            blobs[sha] = MediaBytes(sha, meta.mime, content, width, height)
    for sha, meta in declared.items():
        if sha not in blobs:
            raise ImportRejected("bundle.missing_file", name=media_path(sha, meta.mime))
    _check_records(data, manifest, blobs)
    return data, blobs


def _check_records(data: BundleData, manifest: BundleManifest, blobs: dict[str, MediaBytes]) -> None:
    listed = {(r.assessment_id, r.revision): r for r in manifest.records}
    if len(listed) != len(manifest.records):
        raise ImportRejected("bundle.record_mismatch", reason="duplicate")
    seen: set[tuple[str, int]] = set()
    used: set[str] = set()
    for a in data.assessments:
        key = (a.assessment_id, a.revision)
        entry = listed.get(key)
        if entry is None or key in seen or (entry.supersedes, entry.content_sha256,
                                            entry.status) != (a.supersedes, a.content_sha256,
                                                              a.status):
            raise ImportRejected("bundle.record_mismatch", assessment=a.assessment_id)
        seen.add(key)
        rows = {r.id for r in a.repeat_rows}
        for x in list(a.answers) + list(a.evidence):
            if x.row_id and x.row_id not in rows:
                raise ImportRejected("bundle.bad_reference", ref=x.row_id)
        for sha in [e.media_sha256 for e in a.evidence] + [g.media_sha256 for g in a.signatures]:
            if sha not in blobs:
                raise ImportRejected("bundle.missing_file", name=sha)
            used.add(sha)
    if seen != set(listed):
        raise ImportRejected("bundle.record_mismatch", reason="unlisted")
    for sha in blobs:
        if sha not in used:
            raise ImportRejected("bundle.orphan_file", name=sha)
