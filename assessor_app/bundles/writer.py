"""Deterministic zip writing for the exchange files (what the reader accepts)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from pydantic import BaseModel

from assessor_app.bundles import crypto
from assessor_app.bundles.strictjson import dumps_canonical

_EPOCH = (1980, 1, 1, 0, 0, 0)
_REGULAR = 0o100644 << 16


#: zlib level for JSON entries: level 1 deflates the records about 3x faster than the
#: default 6 for a file a few per cent larger (photos, already compressed, are stored).
JSON_LEVEL = 1


def build_zip(entries: Iterable[tuple[str, bytes]], *, compress_json: bool = True) -> bytes:
    """A zip with fixed timestamps; JSON entries deflated, everything else stored."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.create_system = 3
            info.external_attr = _REGULAR
            deflate = compress_json and name.endswith(".json")
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            zf.writestr(info, content, compresslevel=JSON_LEVEL if deflate else None)
    return buf.getvalue()


def manifest_bytes(manifest: BaseModel) -> bytes:
    return dumps_canonical(manifest.model_dump(mode="json"), indent=1) + b"\n"


def signed_zip(manifest: BaseModel, files: dict[str, bytes], ed25519_private: bytes
               ) -> tuple[bytes, bytes]:
    """``(zip bytes, manifest bytes)``: manifest.json, manifest.sig, then ``files`` sorted."""
    raw = manifest_bytes(manifest)
    signature = crypto.sign(ed25519_private, raw)
    entries = [("manifest.json", raw), ("manifest.sig", signature)]
    entries += sorted(files.items())
    return build_zip(entries), raw
