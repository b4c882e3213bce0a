"""The record as a proof: the one canonical content hash of a revision, the exact bytes a
signer's device signs, strict timestamps, and the paper verification code.

Pure functions (no SQL, no Qt). Every place that needs a content hash (finalise, sign,
report, verify, check, export, import) calls :func:`content_hash` with values it has just
recomputed from the answers and the frozen subject snapshot, never a stored hash.

What the hash covers (scheme ``akc2``):

* identity: assessment id, revision number, the revision it supersedes and the reason;
* authorship: the device that made the revision and the assessor it belongs to;
* the template: code, version and the SHA-256 of its source;
* the subject and header as frozen at finalisation (institution, asesi incl. NIK, visit,
  assessor, the visit team: see ``services.integrity.subject_snapshot``);
* the effective record (``FormState.record()``): every relevant answer, calculation, note,
  repeat row and evidence file (by SHA-256);
* every evidence row (item, row, position, file SHA-256, caption, original file name,
  and when known the moment and place a photo was taken);
* when the revision was created and finalised.

Derived values (score, verdict, K/BK per unit, status) are not hashed: they are recomputed
from the hashed content wherever they are shown or checked.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

HASH_SCHEME = "akc2"
SIGNATURE_SCHEME = "aks2"
_TS_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$")
#: How far in the future a timestamp from another machine may lie (clock skew).
MAX_FUTURE = dt.timedelta(days=1)
#: Letters of the paper code: Crockford base32 (no I, L, O, U), easy to read aloud.
_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16  # 80 bits: guessing a valid code is out of reach
_LOOKALIKES = str.maketrans("OILU", "011V")  # letters read off paper that are not in it


def canonical_json(value: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same value gives the same bytes everywhere."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def content_hash(*, assessment_id: str, revision: int, supersedes: int | None,
                 revision_reason: str | None, template_code: str, template_version: str, template_sha256: str,
                 device_id: str | None, assessor_id: str | None,
                 subject: Mapping[str, Any] | None, record: Mapping[str, Any],
                 evidence: Sequence[Mapping[str, Any]] = (),
                 created_at: str | None = None, finalised_at: str | None = None) -> str:
    """SHA-256 (hex) of the canonical content of one revision."""
    payload = {
        "scheme": HASH_SCHEME,
        "assessment_id": assessment_id, "revision": revision, "supersedes": supersedes,
        "revision_reason": revision_reason,
        "template": {"code": template_code, "version": template_version,
                     "sha256": template_sha256},
        "author": {"device_id": device_id, "assessor_id": assessor_id},
        "subject": dict(subject) if subject is not None else None,
        "record": dict(record),
        # every evidence row, relevant or not, with what the report prints beside it
        "evidence": [dict(e) for e in evidence],
        "created_at": created_at, "finalised_at": finalised_at,
    }
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def signature_message(*, assessment_id: str, revision: int, content_sha256: str, role: str,
                      signer_name: str, registration_no: str | None,
                      signer_title: str | None, place: str | None, signed_at: str,
                      timezone: str | None, media_sha256: str, device_id: str) -> bytes:
    """The exact bytes a device's Ed25519 key signs for one signer of one revision.

    The drawn image is bound by its SHA-256; the image alone proves nothing."""
    return canonical_json({
        "scheme": SIGNATURE_SCHEME, "assessment_id": assessment_id, "revision": revision,
        "content_sha256": content_sha256, "role": role, "signer_name": signer_name,
        "registration_no": registration_no, "signer_title": signer_title, "place": place,
        "signed_at": signed_at, "timezone": timezone, "media_sha256": media_sha256,
        "device_id": device_id})


def parse_timestamp(text: object) -> dt.datetime | None:
    """A stored/exchanged UTC timestamp (``2026-12-04T08:15:00.000Z``), strictly: every
    field in range, or None. ``2026-13-45T99:99:99Z`` is None."""
    if not isinstance(text, str) or _TS_RE.match(text) is None:
        return None
    try:  # the shape checked above; the C parser checks each field's range (and is
        return dt.datetime.fromisoformat(text)  # three times faster than int() of each)
    except ValueError:
        return None


def timestamp_problem(text: object, now: dt.datetime, *, optional: bool = False) -> str | None:
    """None when ``text`` is a valid timestamp not more than :data:`MAX_FUTURE` ahead of
    ``now``; otherwise ``"bad"`` or ``"future"``."""
    if text is None and optional:
        return None
    moment = parse_timestamp(text)
    if moment is None:
        return "bad"
    if moment - now > MAX_FUTURE:
        return "future"
    return None


def code_message(*, assessment_id: str, revision: int, content_sha256: str) -> bytes:
    """The bytes a device signs to make the paper code of a revision."""
    return f"{HASH_SCHEME}|paper-code|{assessment_id}|{revision}|{content_sha256}".encode()


def code_from_signature(signature: bytes) -> str:
    """The code printed on paper, from the device's Ed25519 signature over
    :func:`code_message`: 80 bits as ``XXXX-XXXX-XXXX-XXXX`` (Crockford base32).

    Ed25519 signatures are deterministic, so the code is a keyed value of the record: only
    the device key makes it (guessing one is a 1 in 2**80 chance per try), and the office,
    which holds the device's public key and the full signature, checks it."""
    number = int.from_bytes(hashlib.sha256(signature).digest()[:10], "big")
    letters = []
    for _ in range(CODE_LENGTH):
        number, rest = divmod(number, 32)
        letters.append(_CODE_ALPHABET[rest])
    raw = "".join(reversed(letters))
    return "-".join(raw[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str | None:
    """A code as typed from paper (any case, spaces, O for 0, I/L for 1) in its printed form,
    or None when it cannot be one."""
    cleaned = re.sub(r"[\s\-_.]", "", text.upper())
    cleaned = cleaned.translate(_LOOKALIKES)
    if len(cleaned) != CODE_LENGTH or any(c not in _CODE_ALPHABET for c in cleaned):
        return None
    return "-".join(cleaned[i:i + 4] for i in range(0, CODE_LENGTH, 4))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


_MET_RE = re.compile(r"^MET[.\s]*(\d{3})[.\s]*(\d{6})[.\s]+(\d{4})$", re.IGNORECASE)


def normalise_met(text: str) -> str | None:
    """A BNSP assessor registration number in its printed form ``MET.000.004633 2020``
    ("MET.000." + 6-digit serial + year; written with dots or spaces), or None."""
    m = _MET_RE.match(" ".join(text.split()))
    if m is None or not 1990 <= int(m.group(3)) <= 2100:
        return None
    return f"MET.{m.group(1)}.{m.group(2)} {m.group(3)}"
