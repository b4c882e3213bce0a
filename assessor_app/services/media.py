"""Evidence and signature files: checked, images downscaled and re-encoded, hashed.

Images are decoded with Pillow restricted to JPEG/PNG (plus a pixel cap), EXIF is dropped
by re-encoding, and large photos are downscaled so a visit with 50 photos stays small.
Documents are accepted only as PDF (kept as-is, size-capped) and never parsed.

The kind of a file is read from its first bytes, never from its name; a name whose
extension says another kind is refused (``media.ext_mismatch``), so a renamed file is not
stored as something it is not. Before EXIF is dropped, the moment a photo was taken
(``DateTimeOriginal``, with ``OffsetTimeOriginal`` when the camera wrote one) and its GPS
position are read and returned beside the re-encoded bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow loads on the first photo, not at start-up
    from PIL import Image

from assessor_app.core.errors import InvalidValueError
from assessor_app.core.files import FileRefused, MediaBytes, read_user_file

MAX_INPUT_BYTES = 40 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_EDGE = 1600  # longest side of a stored photo
JPEG_QUALITY = 82
SIGNATURE_MAX_EDGE = 1200
#: What evidence may be, as named to the user.
ACCEPTED = "JPEG, PNG, PDF"
#: Extensions that name an accepted kind (anything else with accepted content is a mismatch).
_EXTENSIONS = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "jpe": "image/jpeg",
               "jfif": "image/jpeg", "png": "image/png", "pdf": "application/pdf"}
_KIND_NAMES = {"image/jpeg": "JPEG", "image/png": "PNG", "application/pdf": "PDF"}
NO_NAME = "(tanpa nama)"


@dataclass(frozen=True)
class Media(MediaBytes):
    """A checked file as it is stored, with what its photo's EXIF said before it went."""

    #: When the photo was taken, as its camera wrote it: aware when the camera wrote its
    #: UTC offset, naive (the camera's wall clock) otherwise; None when unknown.
    taken: dt.datetime | None = None
    latitude: float | None = None
    longitude: float | None = None


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


#: Leading bytes -> the media type stored (JPEG, PNG, PDF: what the app accepts).
_ACCEPTED: tuple[tuple[bytes | tuple[bytes, ...], str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"))
#: Leading bytes -> the name of a common kind of file that is refused (for the message).
_REFUSED: tuple[tuple[bytes | tuple[bytes, ...], str], ...] = (
    ((b"GIF87a", b"GIF89a"), "GIF"), ((b"II*\x00", b"MM\x00*"), "TIFF"), (b"BM", "BMP"),
    (b"PK\x03\x04", "ZIP/DOCX"), (b"\xd0\xcf\x11\xe0", "DOC/XLS"))


def _by_magic(data: bytes, table: tuple[tuple[bytes | tuple[bytes, ...], str], ...]
              ) -> str | None:
    return next((kind for magic, kind in table if data.startswith(magic)), None)


def sniff(data: bytes) -> str | None:
    return _by_magic(data, _ACCEPTED)


def _other_kind(data: bytes) -> str | None:
    """The name of a common kind of file we do not accept (for the message), or None."""
    head = data[:16]
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"mif1", b"msf1", b"hevc", b"heim", b"heis"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
        return "MP4/MOV"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    return _by_magic(head, _REFUSED)


def _extension(filename: str | None) -> str:
    if not filename or "." not in filename.strip("."):
        return ""
    return filename.rsplit(".", 1)[1].lower()


def check_kind(data: bytes, filename: str | None = None) -> str:
    """The MIME type of evidence ``data`` from its content, or InvalidValueError naming the
    file: empty (``media.empty``), too large (``media.too_large``), of a kind we do not
    take (``media.unsupported``), or content that disagrees with the name's extension
    (``media.ext_mismatch``)."""
    name = filename or NO_NAME
    if not data:
        raise InvalidValueError("media.empty", name=name)
    if len(data) > MAX_INPUT_BYTES:
        raise too_large(name, len(data))
    kind = sniff(data)
    ext = _extension(filename)
    if kind is None:
        other = _other_kind(data)
        claimed = _EXTENSIONS.get(ext)
        if other is None and claimed is not None:  # "x.jpg" that is no JPEG at all
            raise InvalidValueError("media.not_what_it_says", name=name,
                                    kind=_KIND_NAMES[claimed], accepted=ACCEPTED)
        raise InvalidValueError("media.unsupported", name=name,
                                kind=other or (ext.upper() if ext else "?"),
                                accepted=ACCEPTED)
    claimed = _EXTENSIONS.get(ext)
    # a photo is a photo whatever its name says (it is re-encoded anyway: a PNG called
    # .jpg, a JPEG called .jfif or .heic-converted.jpg are taken); a photo named as a PDF or
    # a PDF named as a photo is refused: someone picked the wrong file
    if claimed is not None and claimed != kind and not (
            claimed.startswith("image/") and kind.startswith("image/")):
        raise InvalidValueError("media.ext_mismatch", name=name, ext=f".{ext}",
                                kind=_KIND_NAMES[kind])
    return kind


def _size_text(n: int) -> str:
    """'41 MB', '12 KB' (rounded up: a file just over the limit never reads as equal)."""
    if n >= 1024 * 1024:
        return f"{math.ceil(n / (1024 * 1024))} MB"
    return f"{math.ceil(n / 1024)} KB"


def too_large(name: str, size: int) -> InvalidValueError:
    return InvalidValueError("media.too_large", name=name, size=_size_text(size),
                             limit=_size_text(MAX_INPUT_BYTES))


def _open_image(data: bytes, name: str = NO_NAME) -> Image.Image:
    """The decoded image, or ``media.bad_image`` naming the file (it does not decode) or
    ``media.too_many_pixels`` (it does, but has more pixels than a photo or signature needs:
    decoding it would take hundreds of megabytes)."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        img = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        if img.width * img.height > MAX_PIXELS:
            raise Image.DecompressionBombError(f"{img.width}x{img.height}")
        img.verify()
        img = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
        img.load()
    except Image.DecompressionBombError:  # Pillow refuses the largest ones at open()
        raise InvalidValueError("media.too_many_pixels", name=name,
                                limit=MAX_PIXELS // 1_000_000) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise InvalidValueError("media.bad_image", name=name) from exc
    return img


def prepare_evidence(data: bytes, filename: str | None = None) -> Media:
    """Turn an uploaded file into what we store. Raises InvalidValueError on bad input
    (:func:`check_kind`; ``media.bad_image`` for a photo that does not decode)."""
    kind = check_kind(data, filename)
    if kind == "application/pdf":
        return Media(_sha(data), kind, data)
    from PIL import Image, ImageOps

    img = _open_image(data, filename or NO_NAME)
    taken, lat, lon = photo_metadata(img)
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
    return Media(_sha(encoded), mime, encoded, img.width, img.height, taken, lat, lon)


def _exif_moment(text: object, offset: object) -> dt.datetime | None:
    """EXIF ``2026:12:04 10:15:00`` (+ ``+07:00``) as a datetime, or None if it is not one."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    if not isinstance(text, str):
        return None
    try:
        moment = dt.datetime.strptime(text.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None  # "0000:00:00 00:00:00", blanks, garbage
    if isinstance(offset, bytes):
        offset = offset.decode("ascii", "replace")
    if isinstance(offset, str):
        try:
            return moment.replace(tzinfo=dt.datetime.strptime(
                offset.strip("\x00 "), "%z").tzinfo)
        except ValueError:
            pass
    return moment


def _gps_degrees(value: object, ref: object, limit: float) -> float | None:
    """EXIF GPS (degrees, minutes, seconds) + ``N``/``S``/``E``/``W`` as signed degrees."""
    try:
        d, m, sec = (float(x) for x in value)  # type: ignore[attr-defined]
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    deg = d + m / 60 + sec / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "replace")
    if isinstance(ref, str) and ref.strip("\x00 ").upper() in ("S", "W"):
        deg = -deg
    if not math.isfinite(deg) or abs(deg) > limit:
        return None
    return round(deg, 6)


def photo_metadata(img: Image.Image) -> tuple[dt.datetime | None, float | None, float | None]:
    """(taken, latitude, longitude) from a photo's EXIF; each None when absent or bad.
    A position is kept only as a pair (a latitude without its longitude says nothing)."""
    from PIL import ExifTags

    try:
        exif = img.getexif()
        sub = exif.get_ifd(ExifTags.IFD.Exif)
        gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    except (OSError, ValueError, TypeError, KeyError, SyntaxError):
        return None, None, None  # a broken EXIF block is no reason to refuse the photo
    # DateTimeOriginal only: IFD0 DateTime is when an editor last saved the file
    taken = _exif_moment(sub.get(ExifTags.Base.DateTimeOriginal),
                         sub.get(ExifTags.Base.OffsetTimeOriginal))
    lat = _gps_degrees(gps.get(ExifTags.GPS.GPSLatitude),
                       gps.get(ExifTags.GPS.GPSLatitudeRef), 90)
    lon = _gps_degrees(gps.get(ExifTags.GPS.GPSLongitude),
                       gps.get(ExifTags.GPS.GPSLongitudeRef), 180)
    if lat is None or lon is None:
        lat = lon = None
    return taken, lat, lon


def read_evidence_file(path: str | Path) -> tuple[bytes, str]:
    """The bytes and the name of a file chosen, dropped or named by the user; user errors
    (missing, a folder, too large, unreadable) as InvalidValueError."""
    p = Path(path)
    name = p.name or str(path)
    try:  # a regular file only (a FIFO, /dev/zero or a folder is refused unread), capped
        return read_user_file(p, MAX_INPUT_BYTES), name
    except FileRefused as exc:
        if exc.code == "file.too_large":
            raise too_large(name, int(exc.params.get("size") or MAX_INPUT_BYTES + 1)) from None
        if exc.code == "file.not_found":
            raise InvalidValueError("file.not_found", path=name) from None
        if exc.code == "file.not_regular" and exc.params.get("kind") == "dir":
            raise InvalidValueError("editor.not_a_file", name=name) from None
        if exc.code == "file.io":
            raise InvalidValueError("editor.file_unreadable", name=name,
                                    reason=exc.params.get("detail", "")) from None
        raise


#: A drawn signature has at least this many pixels of ink (darker than mid-grey once laid
#: on white paper): a blank or one-dot image printed empty boxes under a valid code.
SIGNATURE_MIN_INK = 40
_INK_BELOW = 160  # 0..255 grey


def has_ink(img: Image.Image, minimum: int = SIGNATURE_MIN_INK) -> bool:
    """Whether ``img``, laid on white paper as the report prints it, shows at least
    ``minimum`` pixels of ink."""
    from PIL import Image

    rgba = img.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    grey = Image.alpha_composite(paper, rgba).convert("L")
    return sum(grey.histogram()[:_INK_BELOW]) >= minimum


def prepare_signature(data: bytes) -> Media:
    """A drawn signature: PNG only, with ink (``sign.no_ink`` for a blank image),
    re-encoded, size-capped."""
    if sniff(data) != "image/png":
        raise InvalidValueError("sign.bad_image")
    from PIL import Image

    try:
        img = _open_image(data)
    except InvalidValueError as exc:  # no file name to give: the message says what it is
        if exc.code == "media.too_many_pixels":
            raise InvalidValueError("sign.too_many_pixels", limit=exc.params["limit"]) from None
        raise InvalidValueError("sign.bad_image") from None
    if not has_ink(img):
        raise InvalidValueError("sign.no_ink")
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
