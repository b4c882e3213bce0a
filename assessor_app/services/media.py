"""Evidence and signature files: checked, images downscaled and re-encoded, hashed.

Images are decoded with Pillow restricted to JPEG/PNG (plus a pixel cap), EXIF is dropped
by re-encoding, and large photos are downscaled so a visit with 50 photos stays small.
Documents are accepted only as PDF (kept as-is, size-capped) and never parsed.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow loads on the first photo, not at start-up
    from PIL import Image

from assessor_app.core.errors import InvalidValueError
from assessor_app.core.files import FileRefused, read_user_file

MAX_INPUT_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_EDGE = 1600  # longest side of a stored photo
JPEG_QUALITY = 82
SIGNATURE_MAX_EDGE = 1200


@dataclass(frozen=True)
class Media:
    sha256: str
    mime: str
    data: bytes
    width: int | None = None
    height: int | None = None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sniff(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _open_image(data: bytes) -> Image.Image:
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        img.verify()
        img = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        img.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError,
            Image.DecompressionBombError) as exc:
        raise InvalidValueError("media.bad_image") from exc
    return img


def prepare_evidence(data: bytes) -> Media:
    """Turn an uploaded file into what we store. Raises InvalidValueError on bad input."""
    if len(data) > MAX_INPUT_BYTES:
        raise InvalidValueError("media.too_large", max_mb=MAX_INPUT_BYTES // (1024 * 1024))
    kind = sniff(data)
    if kind is None:
        raise InvalidValueError("media.unsupported", kind="?")
    if kind == "application/pdf":
        return Media(_sha(data), kind, data)
    from PIL import Image, ImageOps

    img = _open_image(data)
    img = ImageOps.exif_transpose(img) or img
    if max(img.size) > MAX_EDGE:
        img.thumbnail((MAX_EDGE, MAX_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if kind == "image/png" and img.mode in ("RGBA", "LA", "P"):
        img.save(out, format="PNG", optimize=True)
        mime = "image/png"
    else:
        img.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
        mime = "image/jpeg"
    encoded = out.getvalue()
    return Media(_sha(encoded), mime, encoded, img.width, img.height)


def read_evidence_file(path: str | Path) -> tuple[bytes, str]:
    """The bytes and the name of a file chosen, dropped or named by the user; user errors
    (missing, a folder, too large, unreadable) as InvalidValueError."""
    p = Path(path)
    name = p.name or str(path)
    try:  # a regular file only (a FIFO, /dev/zero or a folder is refused unread), capped
        return read_user_file(p, MAX_INPUT_BYTES), name
    except FileRefused as exc:
        if exc.code == "file.too_large":
            raise InvalidValueError("media.too_large",
                                    max_mb=MAX_INPUT_BYTES // (1024 * 1024)) from None
        if exc.code == "file.not_found":
            raise InvalidValueError("file.not_found", path=name) from None
        if exc.code == "file.not_regular" and exc.params.get("kind") == "dir":
            raise InvalidValueError("editor.not_a_file", name=name) from None
        if exc.code == "file.io":
            raise InvalidValueError("editor.file_unreadable", name=name,
                                    reason=exc.params.get("detail", "")) from None
        raise


def prepare_signature(data: bytes) -> Media:
    """A drawn signature: PNG only, re-encoded, size-capped."""
    if sniff(data) != "image/png":
        raise InvalidValueError("sign.bad_image")
    from PIL import Image

    img = _open_image(data)
    if max(img.size) > SIGNATURE_MAX_EDGE:
        img.thumbnail((SIGNATURE_MAX_EDGE, SIGNATURE_MAX_EDGE), Image.Resampling.LANCZOS)
    if img.mode not in ("RGBA", "LA", "L", "RGB"):
        img = img.convert("RGBA")
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    encoded = out.getvalue()
    return Media(_sha(encoded), "image/png", encoded, img.width, img.height)


def thumbnail(data: bytes, edge: int = 160) -> bytes:
    """A small PNG for lists and photo grids."""
    img = _open_image(data)
    img.thumbnail((edge, edge))
    out = io.BytesIO()
    img.convert("RGB").save(out, format="JPEG", quality=75)
    return out.getvalue()
