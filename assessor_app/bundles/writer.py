"""Deterministic zip writing for the exchange files (what the reader accepts)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable

from pydantic import BaseModel

from assessor_app.bundles import crypto

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


def model_json(model: BaseModel, *, indent: int | None = None) -> bytes:
    """A model's JSON as the exchange files carry it: UTF-8, fields in the model's order,
    written by pydantic's serializer (a few times faster than ``json.dumps`` of
    ``model_dump``; the reader accepts any key order, and the bytes are what the manifest
    hashes or the signature covers). No NaN or infinity gets here: the models refuse them."""
    return model.__pydantic_serializer__.to_json(model, indent=indent)


def manifest_bytes(manifest: BaseModel) -> bytes:
    """The manifest as signed: indented one space (people read it), newline at the end."""
    return model_json(manifest, indent=1) + b"\n"


def signed_zip(manifest: BaseModel, files: dict[str, bytes], ed25519_private: bytes
               ) -> tuple[bytes, bytes]:
    """``(zip bytes, manifest bytes)``: manifest.json, manifest.sig, then ``files`` sorted."""
    raw = manifest_bytes(manifest)
    signature = crypto.sign(ed25519_private, raw)
    entries = [("manifest.json", raw), ("manifest.sig", signature)]
    entries += sorted(files.items())
    return build_zip(entries), raw
