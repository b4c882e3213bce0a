"""The one exception the hardened reader lets escape, and the fixed set of its codes."""

from __future__ import annotations

from typing import Any

from assessor_app.core.errors import AppError

#: Every code an ``ImportRejected`` may carry (each has an id/en message in messages.py).
CODES: frozenset[str] = frozenset({
    # the file and the zip container
    "bundle.unreadable", "bundle.not_regular", "bundle.bad_filename", "bundle.too_large", "bundle.not_zip",
    "bundle.polyglot", "bundle.too_many_entries", "bundle.zip_slip", "bundle.bad_name",
    "bundle.duplicate_name", "bundle.directory", "bundle.symlink", "bundle.special_entry",
    "bundle.encrypted_entry", "bundle.bad_method", "bundle.entry_too_large", "bundle.ratio",
    "bundle.overlap", "bundle.size_mismatch", "bundle.crc_mismatch",
    # signature and manifest
    "bundle.missing_manifest", "bundle.missing_sig", "bundle.bad_sig", "bundle.unknown_device",
    "bundle.revoked_device", "bundle.name_mismatch", "bundle.unsupported_version",
    "bundle.wrong_kind",
    # strict JSON and schema
    "bundle.json_encoding", "bundle.json_syntax", "bundle.json_duplicate_key",
    "bundle.json_constant", "bundle.json_number", "bundle.json_depth", "bundle.json_control",
    "bundle.schema",
    # files listed in the manifest
    "bundle.hash_mismatch", "bundle.unlisted_file", "bundle.missing_file", "bundle.orphan_file",
    "bundle.bad_media_type",
    # encryption
    "bundle.not_for_us", "bundle.decrypt_failed",
    # content
    "bundle.record_mismatch", "bundle.content_mismatch", "bundle.bad_template",
    "bundle.template_conflict", "bundle.bad_reference", "bundle.bad_image",
    "bundle.bad_document",
    # the trust chain (issue 9): every record recomputed and its signatures checked
    "bundle.derived_mismatch", "bundle.status_mismatch", "bundle.bad_record_signature",
    "bundle.bad_code", "bundle.foreign_record", "bundle.not_owner", "bundle.bad_timestamp",
    "bundle.future_timestamp",
    # replay and rollback (RELIABILITY 3.4 step 4)
    "bundle.replay_different", "bundle.rollback",
    # receipts and assignment packs
    "receipt.untrusted", "receipt.unknown_bundle", "receipt.sha_mismatch",
    "receipt.wrong_device", "pack.untrusted_office", "pack.wrong_device",
    "pack.replay_different", "pack.bad_certificate",
})


class ImportRejected(AppError):
    """A bundle, receipt or pack was refused; ``code`` is one of :data:`CODES`.

    Parameters never echo attacker-controlled content beyond short, truncated names.
    """

    def __init__(self, code: str, /, **params: Any) -> None:
        if code not in CODES:  # a programming error, not a hostile file
            raise ValueError(f"unknown import error code {code!r}")
        super().__init__(code, **{k: _short(v) for k, v in params.items()})


def _short(value: Any) -> Any:
    if isinstance(value, str):
        cleaned = "".join(ch if ch.isprintable() else "?" for ch in value[:120])
        return cleaned + ("…" if len(value) > 120 else "")
    return value
