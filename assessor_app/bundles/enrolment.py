"""Enrolment request, format version 1 (docs/formats/enrolment-request-v1.md).

A laptop writes a small JSON file (``pendaftaran_<asesor>_<laptop>.json``) and shows the
same bytes as a QR code; the office imports the file instead of typing a 44-character key.

    {"request": {...}, "signature": "<base64 Ed25519>"}

``request`` holds the format tag and version, the device id, both public keys, the laptop's
name, the assessor's name and MET number and the creation time. ``signature`` is the
device's Ed25519 signature over ``dumps_canonical(request)`` (sorted keys, compact, UTF-8),
so the office can tell the file was not altered after the laptop made it. The signature
proves integrity, not origin (anyone can make a key pair): the office compares the short
:func:`fingerprint` with the one the laptop shows, e.g. over the phone.

:func:`read_request` is the office's hardened reader: size cap, strict JSON (no duplicate
keys, NaN, deep nesting), a pydantic model that forbids unknown fields and caps every
string, the device id derived from the key, then the signature. Every refusal is an
``InvalidValueError`` with an ``enrolment.*`` code.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from assessor_app.bundles import crypto
from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import Base64Key, Base64Sig, Hex16, Timestamp
from assessor_app.bundles.strictjson import dumps_canonical, loads_strict
from assessor_app.core.errors import InvalidValueError

FORMAT: Literal["assessor-app/enrolment-request"] = "assessor-app/enrolment-request"
FORMAT_VERSION: Literal[1] = 1
MAX_REQUEST_BYTES = 16 * 1024

_Label = Annotated[str, StringConstraints(min_length=1, max_length=120)]
_Optional = Annotated[str, StringConstraints(max_length=120)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class EnrolmentRequestBody(_Strict):
    format: Literal["assessor-app/enrolment-request"]
    format_version: Literal[1]
    device_id: Hex16
    ed25519_public: Base64Key
    x25519_public: Base64Key
    device_name: _Label
    assessor_name: _Optional | None
    assessor_registration_no: _Optional | None
    created_at: Timestamp


class EnrolmentRequestFile(_Strict):
    request: EnrolmentRequestBody
    signature: Base64Sig


@dataclass(frozen=True)
class EnrolmentRequest:
    """A checked request: what the office enrols, and the fingerprint to compare."""

    device_id: str
    ed25519_public: str
    x25519_public: str
    device_name: str
    assessor_name: str | None
    assessor_registration_no: str | None
    created_at: str
    fingerprint: str


def fingerprint(ed25519_public: bytes, x25519_public: bytes) -> str:
    """16 base32 characters in groups of four (``ABCD-EFGH-JKLM-NPQR``) over both public
    keys: short enough to read out over the phone, no 0/1 to confuse with O/I."""
    digest = hashlib.sha256(b"assessor-app enrolment v1\x00" + ed25519_public
                            + x25519_public).digest()
    text = base64.b32encode(digest[:10]).decode("ascii")
    return "-".join(text[i:i + 4] for i in range(0, 16, 4))


def build_request(*, ed25519_private: bytes, x25519_public: bytes, device_name: str,
                  assessor_name: str | None, assessor_registration_no: str | None,
                  created_at: str) -> bytes:
    """The request file's bytes (compact JSON and a newline; also the QR code's content)."""
    ed_public = crypto.public_of(ed25519_private)
    body = EnrolmentRequestBody(
        format=FORMAT, format_version=FORMAT_VERSION, device_id=crypto.device_id_for(ed_public),
        ed25519_public=crypto.b64(ed_public), x25519_public=crypto.b64(x25519_public),
        device_name=_clip(device_name) or "Laptop", assessor_name=_clip(assessor_name),
        assessor_registration_no=_clip(assessor_registration_no), created_at=created_at)
    fields = body.model_dump(mode="json")
    signature = crypto.sign(ed25519_private, dumps_canonical(fields))
    return dumps_canonical({"request": fields, "signature": crypto.b64(signature)}) + b"\n"


def _clip(text: str | None) -> str | None:
    cleaned = " ".join((text or "").split())[:120]
    return cleaned or None


def _where(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    return ".".join(str(p) for p in errors[0].get("loc", ())) if errors else "?"


def read_request(raw: bytes, name: str) -> EnrolmentRequest:
    """Check a request file's bytes (module docstring); ``InvalidValueError`` if bad."""
    if len(raw) > MAX_REQUEST_BYTES:
        raise InvalidValueError("enrolment.too_large", max_kb=MAX_REQUEST_BYTES // 1024)
    try:
        obj: Any = loads_strict(raw, max_depth=8)
    except ImportRejected:
        raise InvalidValueError("enrolment.not_request", name=name) from None
    body = obj.get("request") if isinstance(obj, dict) else None
    if not isinstance(body, dict) or body.get("format") != FORMAT:
        raise InvalidValueError("enrolment.not_request", name=name)
    version = body.get("format_version")
    if version != FORMAT_VERSION:
        raise InvalidValueError("enrolment.unsupported_version", found=str(version)[:20],
                                supported=FORMAT_VERSION)
    try:
        parsed = EnrolmentRequestFile.model_validate(obj, strict=True)
    except ValidationError as exc:
        raise InvalidValueError("enrolment.schema", name=name, where=_where(exc)) from None
    req = parsed.request
    ed_public = base64.b64decode(req.ed25519_public)
    x_public = base64.b64decode(req.x25519_public)
    if crypto.parse_public_key(req.ed25519_public) is None or \
            crypto.device_id_for(ed_public) != req.device_id:
        raise InvalidValueError("enrolment.bad_signature", name=name)
    if not crypto.verify(ed_public, base64.b64decode(parsed.signature),
                         dumps_canonical(body)):
        raise InvalidValueError("enrolment.bad_signature", name=name)
    return EnrolmentRequest(req.device_id, req.ed25519_public, req.x25519_public,
                            req.device_name, req.assessor_name, req.assessor_registration_no,
                            req.created_at, fingerprint(ed_public, x_public))


__all__ = ["FORMAT", "FORMAT_VERSION", "MAX_REQUEST_BYTES", "EnrolmentRequest",
           "build_request", "fingerprint", "read_request"]
