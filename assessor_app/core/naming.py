"""File names the app writes for people: safe on every file system, and saying who and what.

``slug("Siti Nur'aini")`` -> ``"siti-nuraini"``: accents folded to ASCII (NFKD), apostrophes
dropped, every other run of non-alphanumerics one hyphen, capped in length. A name with
nothing left (e.g. only CJK letters) gets the fallback.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

_QUOTES = re.compile(r"['\u2018\u2019\u02bc`\u00b4]")
_OTHER = re.compile(r"[^a-z0-9]+")


def slug(text: str | None, fallback: str = "x", max_len: int = 24) -> str:
    """Lower-case ASCII letters, digits and single hyphens; at most ``max_len`` characters
    (cut at a hyphen when one is near the end)."""
    folded = unicodedata.normalize("NFKD", text or "")
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    out = _OTHER.sub("-", _QUOTES.sub("", ascii_text)).strip("-")
    if len(out) > max_len:
        cut = out[:max_len]
        out = (cut.rsplit("-", 1)[0] if "-" in cut[max_len // 2:] else cut).strip("-")
    return out or fallback


def result_bundle_name(assessor: str | None, place: str | None, day: str, seq: int,
                       bundle_id: str) -> str:
    """``hasil_<asesor>_<lokasi>_<YYYYMMDD>_<seq>-<id8>.zip`` for a result bundle (``day``
    is ``YYYY-MM-DD`` or ``YYYYMMDD``)."""
    return (f"hasil_{slug(assessor, 'asesor')}_{slug(place, 'tanpa-lokasi')}_"
            f"{day.replace('-', '')[:8]}_{seq:06d}-{bundle_id[:8]}.zip")


def enrolment_request_name(assessor: str | None, device_name: str | None) -> str:
    """``pendaftaran_<asesor>_<perangkat>.json`` for a laptop's enrolment request."""
    return f"pendaftaran_{slug(assessor, 'asesor')}_{slug(device_name, 'laptop')}.json"


def person_key(name: str | None) -> str:
    """A person's name as compared, never as shown: Unicode NFKC, every run of white space
    one space, no space at either end, case folded. ``person_key(" siti  NURHALIZA ")`` ==
    ``person_key("Siti Nurhaliza")``."""
    return " ".join(unicodedata.normalize("NFKC", name or "").split()).casefold()


__all__ = ["enrolment_request_name", "person_key", "result_bundle_name", "slug"]


_UNSAFE = re.compile(r"[^\w.-]+", flags=re.UNICODE)
_LONG_NUMBER = re.compile(r"\d{12,}")  # a NIK (16 digits) or any other long identifier
MAX_NAME_BYTES = 150


def safe_file_name(*parts: str, secrets: Sequence[str] = (), suffix: str = ".pdf") -> str:
    """A file name from ``parts``: Unicode letters kept, separators and punctuation turned into
    ``-``, no path component, no leading dot, never a ``secret`` (the NIK) nor a run of 12+
    digits, at most :data:`MAX_NAME_BYTES` UTF-8 bytes."""
    text = unicodedata.normalize("NFC", "-".join(p for p in parts if p))
    for secret in secrets:
        if secret and secret.strip():
            text = text.replace(secret.strip(), " ")
    text = _LONG_NUMBER.sub(" ", text)
    text = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in text)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text)
    text = re.sub(r"\.{2,}", ".", text).strip("-._ ")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.rstrip("-._ ") or "laporan"
    return text + suffix
