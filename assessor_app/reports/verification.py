"""The verification payload printed on every page (QR code + short code) and stored in the
PDF metadata (``/Keywords``), so ``assessor-app verify`` can read it without decoding the QR.

Payload (one line, URL-query style, ``AKV1?`` prefix)::

    AKV1?k=r&a=<assessment id>&r=<revision>&h=<content sha256>&p=a4&l=id&d=0
         [&x=<16 hex>][&q=<paper code>][&s=<part>]
    AKV1?k=b&c=<template code>&v=<version>&t=<template sha256>&p=a4&l=id[&s=<part>]

``k=r`` binds a record (one revision of one assessment and the SHA-256 of its content;
``d=1`` when it was a draft); ``x`` binds the other records a batch report was completed
from (FR.AK.05 from the FR.IA.01 of the visit); ``q`` is the paper code of a finalised
record (``core.integrity.code_from_signature``: the device's signature, 80 bits), which a
clerk types into ``verify --code``. A draft has no paper code. ``k=b`` is a blank form.
``s`` names the sheet of a form printed as several (FR.IA.05: ``soal`` the question sheet,
``kunci`` the answer key; absent for the default sheet, the answer sheet), so ``verify``
re-renders the same sheet.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

import segno

PREFIX = "AKV1?"
MAX_PAYLOAD = 600
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_ID = re.compile(r"^[0-9a-f]{32}$")
_CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$")
# Sheets other than the default one (see reports.model.PARTS), as the payload names them.
PAYLOAD_PARTS = ("soal", "kunci")


@dataclass(frozen=True)
class Payload:
    kind: str  # "record" | "blank"
    paper: str
    lang: str
    assessment_id: str | None = None
    revision: int | None = None
    content_sha256: str | None = None
    draft: bool = False
    extra: str | None = None  # digest of the records a batch report was completed from
    template_code: str | None = None
    template_version: str | None = None
    template_sha256: str | None = None
    paper_code: str | None = None  # finalised records only
    part: str | None = None  # PAYLOAD_PARTS; None: the default sheet

    def encode(self) -> str:
        if self.kind == "record":
            fields: list[tuple[str, str]] = [
                ("k", "r"), ("a", self.assessment_id or ""), ("r", str(self.revision or 0)),
                ("h", self.content_sha256 or ""), ("p", self.paper), ("l", self.lang),
                ("d", "1" if self.draft else "0")]
            if self.extra:
                fields.append(("x", self.extra))
            if self.paper_code:
                fields.append(("q", self.paper_code))
        else:
            fields = [("k", "b"), ("c", self.template_code or ""),
                      ("v", self.template_version or ""), ("t", self.template_sha256 or ""),
                      ("p", self.paper), ("l", self.lang)]
        if self.part:
            fields.append(("s", self.part))
        return PREFIX + urlencode(fields)

    @property
    def code(self) -> str:
        """The code printed beside the QR code: a finalised record's paper code
        (``XXXX-XXXX-XXXX-XXXX``); ``DRAF`` for a draft; ``ABCD-EFGH-JK`` for a blank form
        (which identifies a template, not a record, so it is not secret)."""
        if self.kind == "record" and self.paper_code:
            return self.paper_code
        if self.kind == "record" and self.draft:
            return "DRAF"
        if self.kind == "record":
            basis = f"r|{self.assessment_id}|{self.revision}|{self.content_sha256}"
        else:
            basis = f"b|{self.template_code}|{self.template_version}|{self.template_sha256}"
        digest = hashlib.sha256(basis.encode("utf-8")).digest()
        raw = base64.b32encode(digest).decode("ascii")[:10]
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def record_payload(assessment_id: str, revision: int, content_sha256: str, *, paper: str,
                   lang: str, draft: bool, extra: str | None = None,
                   paper_code: str | None = None, part: str | None = None) -> Payload:
    return Payload("record", paper, lang, assessment_id=assessment_id, revision=revision,
                   content_sha256=content_sha256, draft=draft, extra=extra,
                   paper_code=paper_code, part=part or None)


def blank_payload(code: str, version: str, template_sha256: str, *, paper: str,
                  lang: str, part: str | None = None) -> Payload:
    return Payload("blank", paper, lang, template_code=code, template_version=version,
                   template_sha256=template_sha256, part=part or None)


def parse_payload(text: str | None) -> Payload | None:
    """The payload in ``text``, or None when it is missing or malformed (never raises)."""
    if not text or not isinstance(text, str) or len(text) > MAX_PAYLOAD:
        return None
    start = text.find(PREFIX)
    if start < 0:
        return None
    body = text[start + len(PREFIX):].strip()
    body = body.split()[0] if body else ""
    try:
        q = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True,
                                          strict_parsing=True).items()}
    except ValueError:
        return None
    paper, lang, part = q.get("p", ""), q.get("l", ""), q.get("s")
    if paper not in ("a4", "f4") or lang not in ("id", "en"):
        return None
    if part is not None and part not in PAYLOAD_PARTS:
        return None
    if q.get("k") == "r":
        aid, rev, sha = q.get("a", ""), q.get("r", ""), q.get("h", "")
        extra, code = q.get("x"), q.get("q")
        if not _ID.match(aid) or not rev.isdigit() or not _HEX64.match(sha):
            return None
        if extra is not None and not re.fullmatch(r"[0-9a-f]{16}", extra):
            return None
        if code is not None and not _CODE.match(code):
            return None
        return record_payload(aid, int(rev), sha, paper=paper, lang=lang,
                              draft=q.get("d") == "1", extra=extra, paper_code=code,
                              part=part)
    if q.get("k") == "b":
        code, version, sha = q.get("c", ""), q.get("v", ""), q.get("t", "")
        if not code or not version or not _HEX64.match(sha):
            return None
        return blank_payload(code, version, sha, paper=paper, lang=lang, part=part)
    return None


def qr_matrix(payload: str, max_modules: int | None = None) -> list[list[bool]]:
    """The QR code's modules (True = dark), without the quiet zone: error correction level M,
    or L when M would need more than ``max_modules`` modules a side (the code printed at its
    fixed size would get modules too small to scan from a 150 dpi print)."""
    qr = segno.make_qr(payload, error="m", boost_error=False)
    if max_modules is not None and qr.symbol_size(border=0)[0] > max_modules:
        qr = segno.make_qr(payload, error="l", boost_error=False)
    return [[bool(cell) for cell in row] for row in qr.matrix]
