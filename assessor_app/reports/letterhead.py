"""What a competency (MUK) report carries on every page besides its content: the LSP's
letterhead (kop surat) with its logo, the "Kode File" and the paraf line (DOMAIN.md
section 9, "Header / footer").

The logo is an image the scheme importer keeps in the data folder under its SHA-256
(``<data>/logos/<hex>.png``); the template names it ``sha256:<hex>``. :func:`load_logo`
reads it from the folder its caller names (``services.reports`` passes the one of
``Services.paths``; nothing here knows where the data folder is) and checks it before it
reaches the page. A missing logo leaves the space empty; a broken one is skipped with a
warning. Neither ever stops a report.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from pathlib import Path

from PIL import Image as PILImage

from assessor_app.core.template import Scheme, Template, TemplateKind
from assessor_app.reports import layout as L
from assessor_app.reports.labels import label
from assessor_app.reports.model import ReportData

log = logging.getLogger(__name__)

LOGO_EXTENSIONS = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_SIDE = 4096  # pixels; a letterhead logo is printed 22 mm wide
_REF = re.compile(r"^sha256:([0-9a-fA-F]{64})$")


def logo_hex(ref: str | None) -> str | None:
    """The hex digest of a ``sha256:<hex>`` logo reference (None when malformed)."""
    m = _REF.match((ref or "").strip())
    return m.group(1).lower() if m else None


def load_logo(ref: str | None, folder: Path | None) -> bytes | None:
    """The checked bytes of logo ``ref`` from ``folder``, or None (no reference, no folder,
    no such file, or a file that fails :func:`logo_problem`)."""
    if ref and ref.startswith("data:image/"):
        return _inline_logo(ref)
    if not ref or folder is None:
        return None
    digest = logo_hex(ref)
    if digest is None:
        log.warning("letterhead logo %r skipped: not a sha256:<hex> reference", ref[:80])
        return None
    for ext in LOGO_EXTENSIONS:
        path = folder / f"{digest}{ext}"
        try:
            with path.open("rb") as fh:
                data = fh.read(MAX_LOGO_BYTES + 1)
        except FileNotFoundError:
            continue
        except OSError as exc:
            log.warning("letterhead logo %s skipped: %s", path.name,
                        exc.strerror or type(exc).__name__)
            return None
        problem = logo_problem(data, digest)
        if problem is not None:
            log.warning("letterhead logo %s skipped: %s", path.name, problem)
            return None
        return data
    # not an error: the scheme's logo may not have reached this device (yet)
    log.info("letterhead logo %s… not in %s: its space stays empty", digest[:12], folder)
    return None


def _inline_logo(ref: str) -> bytes | None:
    """A logo carried inside the template (``data:image/png;base64,...``): frozen with
    every record made on it, so the letterhead prints and verifies the same on any device."""
    import base64
    import binascii

    head, _, body = ref.partition(",")
    if head not in ("data:image/png;base64", "data:image/jpeg;base64") or \
            len(body) > MAX_LOGO_BYTES * 4 // 3 + 4:
        log.warning("letterhead logo skipped: not a PNG/JPEG data reference")
        return None
    try:
        data = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        log.warning("letterhead logo skipped: its base64 text is damaged")
        return None
    problem = logo_problem(data)
    if problem is not None:
        log.warning("letterhead logo skipped: %s", problem)
        return None
    return data


def logo_problem(data: bytes, sha256_hex: str | None = None) -> str | None:
    """Why ``data`` cannot be drawn as a logo (None when it can): too large, not the file
    its name says (SHA-256), not a PNG or JPEG, too many pixels, or damaged."""
    if len(data) > MAX_LOGO_BYTES:
        return f"larger than {MAX_LOGO_BYTES // (1024 * 1024)} MB"
    if sha256_hex is not None and hashlib.sha256(data).hexdigest() != sha256_hex:
        return "its content does not match its name (SHA-256)"
    try:
        with PILImage.open(io.BytesIO(data)) as im:
            if im.format not in ("PNG", "JPEG"):
                return f"not a PNG or JPEG image ({im.format})"
            w, h = im.size
            if not (0 < w <= MAX_LOGO_SIDE and 0 < h <= MAX_LOGO_SIDE):
                return f"{w}x{h} pixels (at most {MAX_LOGO_SIDE} a side)"
            im.verify()
        with PILImage.open(io.BytesIO(data)) as im:
            im.load()  # verify() does not decode the pixels: a truncated file fails here
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for bad data
        return f"damaged image ({type(exc).__name__})"
    return None


def scheme_of(data: ReportData) -> Scheme | None:
    return data.template.scheme or data.scheme


def letterhead(data: ReportData) -> L.Letterhead | None:
    """The letterhead of a competency report whose scheme names its LSP (else None: the
    report keeps the plain header line)."""
    if data.template.kind is not TemplateKind.COMPETENCY:
        return None
    scheme = scheme_of(data)
    lsp = scheme.lsp if scheme is not None else None
    if lsp is None:
        return None
    logo = data.logo
    if logo is not None and logo_problem(logo) is not None:
        logo = None  # checked again here: ReportData may come from anywhere
    licence = lsp.licence
    if licence:  # "Nomor Lisensi" is printed by the label: not twice when the data has it
        licence = re.sub(r"^\s*(nomor|no\.?)\s+lisensi\s*:?\s*", "", licence,
                         flags=re.IGNORECASE) or licence
    return L.Letterhead(lsp.name, licence, lsp.address, lsp.contact, logo)


def file_code(template: Template, lang: str) -> str:
    """What "Kode File:" says: the form code, the template code when it differs, and the
    template version - "(Diisi oleh LSP)" when the template names no form."""
    form = (template.form or template.code or "").strip()
    if not form:
        return label("file_code_unknown", lang)
    parts = [form]
    if template.code and template.code != form:
        parts.append(template.code)
    if template.version:
        parts.append(label("version_of", lang, version=template.version))
    return " · ".join(parts)


def paraf_roles(template: Template, lang: str) -> tuple[str, ...]:
    """Who initials every page: the form's signers, asesi first (as on the paper forms)."""
    signers = sorted(template.signers, key=lambda s: 0 if s.role == "asesi" else 1)
    return tuple(s.label.get(lang) for s in signers)
