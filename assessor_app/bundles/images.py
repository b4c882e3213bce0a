"""Image checks for imported media (RELIABILITY 3.4 step 6, T19).

The laptop stores only images it re-encoded itself (``services.media.prepare_evidence`` /
``prepare_signature``: JPEG or PNG, no EXIF, longest side <= 1600 px). Their SHA-256 is
bound into the assessment's content hash and its signatures, so the office keeps the exact
bytes; what it checks is that they are in that clean form:

* the structure is walked first (no decoder involved): JPEG segments limited to JFIF/ICC/
  Adobe APPn, tables, frames and scans (no EXIF/XMP APP1, no comments), nothing after EOI;
  PNG chunks limited to image data and colour chunks (no text or eXIf), CRCs correct,
  nothing after IEND; the pixel count from the header is capped before decoding;
* then Pillow, restricted to that one format, verifies and fully decodes the image, so a
  file that does not decode cleanly is refused.

The decoded pixels are not encoded again: the office keeps the signed original bytes, so a
re-encode would be thrown away, and encoding pixels Pillow itself decoded (in a mode that
format always saves) exercises no code the file controls. (It cost more than the decode:
1.5 ms for a 480x160 signature, a sixth of a bundle's import.)
"""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from typing import Literal

from PIL import Image

from assessor_app.bundles.errors import ImportRejected

MAX_PIXELS = 12_000_000
MAX_EDGE = 8_000
_PNG_SIG = b"\x89PNG\r\n\x1a\n"
_PNG_OK = frozenset({b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"sRGB", b"gAMA", b"cHRM",
                     b"pHYs", b"iCCP", b"sBIT", b"bKGD"})
_JPEG_SOF = frozenset({0xC0, 0xC1, 0xC2})
_JPEG_OK = frozenset({0xDB, 0xC4, 0xDD} | _JPEG_SOF)


def _bad(reason: str) -> ImportRejected:
    return ImportRejected("bundle.bad_image", reason=reason)


def _png_size(data: bytes) -> tuple[int, int]:
    if not data.startswith(_PNG_SIG):
        raise _bad("not_png")
    pos, size, seen_end = 8, None, False
    while pos < len(data):
        if seen_end:
            raise _bad("trailing_data")
        if pos + 12 > len(data):
            raise _bad("truncated")
        length, ctype = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if length > len(data) or end > len(data):
            raise _bad("truncated")
        if ctype not in _PNG_OK:
            raise _bad("chunk_not_allowed")
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[end - 4:end])
        if zlib.crc32(ctype + body) & 0xFFFFFFFF != crc:
            raise _bad("bad_crc")
        if ctype == b"IHDR":
            if pos != 8 or length != 13:
                raise _bad("bad_header")
            size = struct.unpack(">II", body[:8])
        elif ctype == b"IEND":
            seen_end = True
        pos = end
    if size is None or not seen_end:
        raise _bad("truncated")
    return int(size[0]), int(size[1])


def _jpeg_size(data: bytes) -> tuple[int, int]:
    if not data.startswith(b"\xff\xd8"):
        raise _bad("not_jpeg")
    pos, size, n = 2, None, len(data)
    while True:
        if pos + 2 > n or data[pos] != 0xFF:
            raise _bad("truncated")
        marker = data[pos + 1]
        if marker == 0xD9:
            if pos + 2 != n:
                raise _bad("trailing_data")
            break
        if pos + 4 > n:
            raise _bad("truncated")
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if length < 2 or pos + 2 + length > n:
            raise _bad("truncated")
        body = data[pos + 4:pos + 2 + length]
        if marker == 0xE0:
            if not body.startswith(b"JFIF\x00"):
                raise _bad("segment_not_allowed")
        elif marker == 0xE2:
            if not body.startswith(b"ICC_PROFILE\x00"):
                raise _bad("segment_not_allowed")
        elif marker == 0xEE:
            if not body.startswith(b"Adobe"):
                raise _bad("segment_not_allowed")
        elif marker in _JPEG_SOF:
            if len(body) < 5:
                raise _bad("bad_header")
            height, width = struct.unpack(">HH", body[1:5])
            size = (width, height)
        elif marker == 0xDA:
            pos = _skip_scan(data, pos + 2 + length)
            continue
        elif marker not in _JPEG_OK:
            raise _bad("segment_not_allowed")
        pos += 2 + length
    if size is None:
        raise _bad("bad_header")
    return size


FileKind = Literal["image/jpeg", "image/png", "application/pdf"]


def header_facts(data: bytes) -> tuple[FileKind, int | None, int | None] | None:
    """``(media type, width, height)`` as the first bytes of ``data`` state them: a PNG's
    IHDR, a JPEG's frame header, a PDF (no size); None for anything else. Only the header
    is read (the exporter compares these with the stored columns for every file: the
    office's :func:`check_image` refuses a bundle whose columns disagree with the bytes)."""
    if data.startswith(_PNG_SIG):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return "image/png", int(width), int(height)
    if data.startswith(b"%PDF-"):
        return "application/pdf", None, None
    if not data.startswith(b"\xff\xd8"):
        return None
    pos, n = 2, len(data)
    while pos + 4 <= n and data[pos] == 0xFF:
        marker = data[pos + 1]
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker in _JPEG_SOF:
            if length < 7 or pos + 9 > n:
                return None
            height, width = struct.unpack(">HH", data[pos + 5:pos + 9])
            return "image/jpeg", int(width), int(height)
        if marker == 0xDA or length < 2:  # the scan before any frame header
            return None
        pos += 2 + length
    return None


def _skip_scan(data: bytes, pos: int) -> int:
    """Position of the first marker after entropy-coded data (0xFF00 and RSTn are data)."""
    n = len(data)
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= n:
            raise _bad("truncated")
        nxt = data[pos + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7:
            pos += 2
        elif nxt == 0xFF:
            pos += 1  # fill byte
        else:
            return pos


def check_image(data: bytes, mime: str) -> tuple[int, int]:
    """Width and height of a clean JPEG/PNG, else ``ImportRejected("bundle.bad_image")``."""
    if mime == "image/png":
        width, height, fmt = *_png_size(data), "PNG"
    elif mime == "image/jpeg":
        width, height, fmt = *_jpeg_size(data), "JPEG"
    else:
        raise _bad("not_an_image")
    if width < 1 or height < 1 or width > MAX_EDGE or height > MAX_EDGE \
            or width * height > MAX_PIXELS:
        raise _bad("too_many_pixels")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as img:
                img.verify()
            with Image.open(io.BytesIO(data), formats=[fmt]) as img:
                if img.size != (width, height):
                    raise _bad("bad_header")
                img.load()  # every pixel decoded: a damaged or hostile stream fails here
    except ImportRejected:
        raise
    except Exception:  # any decoder complaint: the file is not a clean image
        raise _bad("decode_failed") from None
    return width, height
