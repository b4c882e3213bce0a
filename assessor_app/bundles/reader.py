"""The hardened zip reader (RELIABILITY 3.4 steps 1-5, T12-T16).

Nothing is ever extracted to disk: the whole file (size-capped) is held in memory and every
entry is read from those bytes by our own code, so no archive path reaches the file system.
Before a byte of any entry is decompressed, the central directory is checked: entry count,
names against an allow-list (no ``..``, absolute, drive or backslash paths, no NUL, no
duplicates or case collisions), no directories, symlinks, device entries or encrypted
entries, only STORED/DEFLATED, declared sizes and compression ratio within caps, local
headers that match the central directory, no overlapping entries (CVE-2024-0450) and no
data before the first entry or after the end record (polyglots). Entries are then
decompressed with a bounded, counting inflater and CRC-checked: header sizes are not
trusted.
"""

from __future__ import annotations

import hashlib
import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import FORMAT_VERSION, FileEntry
from assessor_app.bundles.strictjson import loads_strict

MiB = 1024 * 1024
_LOCAL_SIG = b"PK\x03\x04"
_EOCD_SIG = b"PK\x05\x06"
_SLIP = re.compile(r"(^[/\\])|\\|(^[A-Za-z]:)|(^|/)\.\.(/|$)")
_EXT_TYPES = {".json": "application/json", ".jpg": "image/jpeg", ".png": "image/png",
              ".pdf": "application/pdf", ".enc": "application/octet-stream"}

ModelT = TypeVar("ModelT", bound=BaseModel)


@dataclass(frozen=True)
class Limits:
    max_file: int = 200 * MiB
    max_entries: int = 5_000
    max_entry: int = 64 * MiB
    max_total: int = 256 * MiB
    max_manifest: int = 1 * MiB
    max_json: int = 32 * MiB  # a JSON entry: parsing costs ~10x its size in memory
    max_ratio: int = 100
    ratio_floor: int = 64 * 1024  # entries smaller than this may compress better than 100:1


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class _Entry:
    info: zipfile.ZipInfo
    data_start: int


class Archive:
    """A checked zip held in memory; :meth:`read` gives an entry's verified bytes."""

    def __init__(self, entries: dict[str, _Entry], data: bytes, limits: Limits) -> None:
        self._entries = entries
        self._data = data
        self._limits = limits

    @property
    def limits(self) -> Limits:
        return self._limits

    @property
    def names(self) -> set[str]:
        return set(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def size(self, name: str) -> int:
        return self._entries[name].info.file_size

    def read(self, name: str, max_size: int | None = None) -> bytes:
        entry = self._entries[name]
        info = entry.info
        cap = min(max_size if max_size is not None else self._limits.max_entry,
                  self._limits.max_entry)
        if info.file_size > cap:
            raise ImportRejected("bundle.entry_too_large", name=name, max=cap)
        raw = self._data[entry.data_start:entry.data_start + info.compress_size]
        if len(raw) != info.compress_size:
            raise ImportRejected("bundle.size_mismatch", name=name)
        if info.compress_type == zipfile.ZIP_STORED:
            out = raw
        else:
            inflater = zlib.decompressobj(-15)
            try:
                out = inflater.decompress(raw, info.file_size + 1)
            except zlib.error:
                raise ImportRejected("bundle.crc_mismatch", name=name) from None
            if len(out) != info.file_size or not inflater.eof or inflater.unconsumed_tail \
                    or inflater.unused_data:
                raise ImportRejected("bundle.size_mismatch", name=name)
        if zlib.crc32(out) & 0xFFFFFFFF != info.CRC:
            raise ImportRejected("bundle.crc_mismatch", name=name)
        return bytes(out)


def _name_bytes(info: zipfile.ZipInfo) -> bytes:
    if info.flag_bits & 0x800:
        return info.orig_filename.encode("utf-8", "surrogateescape")
    try:
        return info.orig_filename.encode("cp437")
    except UnicodeEncodeError:
        return info.orig_filename.encode("utf-8", "surrogateescape")


def _check_entry(info: zipfile.ZipInfo, allowed: re.Pattern[str], limits: Limits) -> str:
    name = info.orig_filename
    if "\x00" in name or name != info.filename:
        raise ImportRejected("bundle.bad_name", name=name)
    if _SLIP.search(name):
        raise ImportRejected("bundle.zip_slip", name=name)
    mode = info.external_attr >> 16
    if name.endswith("/") or info.external_attr & 0x10 or stat.S_ISDIR(mode):
        raise ImportRejected("bundle.directory", name=name)
    if stat.S_ISLNK(mode):
        raise ImportRejected("bundle.symlink", name=name)
    if stat.S_IFMT(mode) not in (0, stat.S_IFREG):
        raise ImportRejected("bundle.special_entry", name=name)
    if not allowed.fullmatch(name):
        raise ImportRejected("bundle.bad_name", name=name)
    if info.flag_bits & 0x41:
        raise ImportRejected("bundle.encrypted_entry", name=name)
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise ImportRejected("bundle.bad_method", name=name, method=info.compress_type)
    if info.file_size > limits.max_entry:
        raise ImportRejected("bundle.entry_too_large", name=name, max=limits.max_entry)
    if info.file_size > limits.ratio_floor and \
            info.file_size > limits.max_ratio * max(info.compress_size, 1):
        raise ImportRejected("bundle.ratio", name=name, max=limits.max_ratio)
    if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
        raise ImportRejected("bundle.size_mismatch", name=name)
    return name


def open_archive(data: bytes, allowed: re.Pattern[str], limits: Limits = DEFAULT_LIMITS
                 ) -> Archive:
    """Check the container (see module docstring) without decompressing anything."""
    if len(data) > limits.max_file:
        raise ImportRejected("bundle.too_large", max_mb=limits.max_file // MiB)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError, struct.error, UnicodeDecodeError):
        raise ImportRejected("bundle.not_zip") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_entries:
            raise ImportRejected("bundle.too_many_entries", max=limits.max_entries)
        if not infos:
            raise ImportRejected("bundle.missing_manifest")
        if not data.startswith(_LOCAL_SIG) or zf.comment or \
                data[-22:-18] != _EOCD_SIG:
            raise ImportRejected("bundle.polyglot")
        start_dir = int(getattr(zf, "start_dir", len(data)))
    names: set[str] = set()
    folded: set[str] = set()
    total = 0
    for info in infos:
        name = _check_entry(info, allowed, limits)
        if name in names or name.casefold() in folded:
            raise ImportRejected("bundle.duplicate_name", name=name)
        names.add(name)
        folded.add(name.casefold())
        total += info.file_size
        if total > limits.max_total:
            raise ImportRejected("bundle.too_large", max_mb=limits.max_total // MiB)
    entries: dict[str, _Entry] = {}
    ordered = sorted(infos, key=lambda i: i.header_offset)
    if ordered[0].header_offset != 0:
        raise ImportRejected("bundle.polyglot")
    for n, info in enumerate(ordered):
        off = info.header_offset
        if data[off:off + 4] != _LOCAL_SIG or off + 30 > len(data):
            raise ImportRejected("bundle.not_zip")
        flags, method = struct.unpack("<HH", data[off + 6:off + 10])
        name_len, extra_len = struct.unpack("<HH", data[off + 26:off + 30])
        if data[off + 30:off + 30 + name_len] != _name_bytes(info) or \
                method != info.compress_type or (flags & 0x41) != (info.flag_bits & 0x41):
            raise ImportRejected("bundle.bad_name", name=info.orig_filename)
        start = off + 30 + name_len + extra_len
        end = start + info.compress_size
        limit = ordered[n + 1].header_offset if n + 1 < len(ordered) else start_dir
        if end > limit:
            raise ImportRejected("bundle.overlap", name=info.orig_filename)
        if limit - end > 24:  # room for a data descriptor, nothing else
            raise ImportRejected("bundle.polyglot")
        entries[info.orig_filename] = _Entry(info, start)
    return Archive(entries, data, limits)


# ------------------------------------------------------------------ signed containers


def signed_parts(archive: Archive, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, bytes]:
    """``(manifest bytes, signature)``; only these two entries are read at this point."""
    if "manifest.json" not in archive:
        raise ImportRejected("bundle.missing_manifest")
    if "manifest.sig" not in archive:
        raise ImportRejected("bundle.missing_sig")
    if archive.size("manifest.sig") != 64:
        raise ImportRejected("bundle.bad_sig")
    signature = archive.read("manifest.sig", 64)
    if archive.size("manifest.json") > limits.max_manifest:
        raise ImportRejected("bundle.entry_too_large", name="manifest.json",
                             max=limits.max_manifest)
    return archive.read("manifest.json", limits.max_manifest), signature


def _where(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False, include_input=False)
    if not errors:
        return "?"
    first = errors[0]
    return ".".join(str(p) for p in first.get("loc", ())) + f" ({first.get('type', '?')})"


def parse_model(data: bytes, model: type[ModelT], kind: str | None = None,
                versions: tuple[int, ...] = (FORMAT_VERSION,)) -> ModelT:
    """Strict JSON, then the version/kind checks, then the pydantic model."""
    obj: Any = loads_strict(data)
    if not isinstance(obj, dict):
        raise ImportRejected("bundle.schema", where="$ (not an object)")
    if kind is not None:
        version = obj.get("format_version")
        if isinstance(version, int) and not isinstance(version, bool) and \
                version not in versions:
            raise ImportRejected("bundle.unsupported_version", found=version,
                                 supported=max(versions))
        if "kind" in obj and obj["kind"] != kind:
            raise ImportRejected("bundle.wrong_kind", found=str(obj["kind"])[:40],
                                 expected=kind)
    try:
        return model.model_validate(obj, strict=True)
    except ValidationError as exc:
        raise ImportRejected("bundle.schema", where=_where(exc)) from None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified_files(archive: Archive, files: Iterable[FileEntry],
                   reserved: frozenset[str] = frozenset({"manifest.json", "manifest.sig"})
                   ) -> dict[str, bytes]:
    """Every entry but ``reserved`` must be listed, every listed file present and equal."""
    listed: dict[str, FileEntry] = {}
    for f in files:
        if f.path in listed or f.path in reserved:
            raise ImportRejected("bundle.schema", where=f"files ({f.path})")
        listed[f.path] = f
    for name in sorted(archive.names - reserved):
        if name not in listed:
            raise ImportRejected("bundle.unlisted_file", name=name)
    out: dict[str, bytes] = {}
    for path, f in listed.items():
        if path not in archive:
            raise ImportRejected("bundle.missing_file", name=path)
        ext = path[path.rfind("."):]
        if _EXT_TYPES.get(ext) != f.media_type:
            raise ImportRejected("bundle.bad_media_type", name=path)
        if archive.size(path) != f.size:
            raise ImportRejected("bundle.size_mismatch", name=path)
        content = archive.read(path, archive.limits.max_json if path.endswith(".json")
                               else None)
        if len(content) != f.size:
            raise ImportRejected("bundle.size_mismatch", name=path)
        if sha256_hex(content) != f.sha256:
            raise ImportRejected("bundle.hash_mismatch", name=path)
        out[path] = content
    return out


def media_type_of(path: str) -> str:
    return _EXT_TYPES.get(path[path.rfind("."):], "application/octet-stream")
