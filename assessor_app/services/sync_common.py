"""What every part of sync by file shares: the plain results, the context the parts work in,
and small file helpers.

:class:`SyncContext` holds what the parts need (engine, paths, templates, clock, actor,
this installation's :class:`DeviceKeys`); :class:`~assessor_app.services.sync.SyncService`
builds one and hands it to its collaborators (``sync_export.BundleExporter``,
``sync_import.BundleImporter``, ``sync_pack.PackService``). Nothing here imports those
modules, so they depend on this one and never on each other or on ``sync``.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlmodel import col, select

from assessor_app.bundles.errors import ImportRejected
from assessor_app.bundles.models import RevisionData
from assessor_app.core.clock import Clock, system_clock, utc_now_iso
from assessor_app.core.errors import InvalidValueError, StorageError
from assessor_app.core.files import file_kind
from assessor_app.fileio import FileRefused, check_output_path, read_user_file
from assessor_app.paths import AppPaths
from assessor_app.services.identity import DeviceKeys
from assessor_app.services.templates import TemplateService
from assessor_app.storage.db import read_session
from assessor_app.storage.tables import (
    AssessorRow,
    EnrolledDeviceRow,
    SyncConflictRow,
    TrustedOfficeRow,
)

MAX_BUNDLE_BYTES = 200 * 1024 * 1024
MAX_RECORDS_PER_BUNDLE = 2_000
MAX_RECEIPT_BYTES = 4 * 1024 * 1024


# ------------------------------------------------------------------ plain results


@dataclass(frozen=True)
class Identity:
    device_id: str
    ed25519_public: str  # base64, what `device show` prints for enrolment
    x25519_public: str
    created_at: str


@dataclass(frozen=True)
class DeviceInfo:
    device_id: str
    name: str
    ed25519_public: str
    assessor_id: str | None
    enrolled_at: str
    revoked_at: str | None
    last_seq: int


@dataclass(frozen=True)
class OfficeInfo:
    office_id: str
    name: str
    ed25519_public: str
    x25519_public: str
    trusted_at: str
    how: str
    revoked_at: str | None


@dataclass(frozen=True)
class ExportResult:
    """``path`` is None when there was nothing to export."""

    path: Path | None
    outbox_path: Path | None = None
    bundle_id: str | None = None
    seq: int | None = None
    sha256: str | None = None
    size: int = 0
    encrypted_to: str | None = None
    records: list[tuple[str, int]] = field(default_factory=list)  # (assessment_id, revision)


@dataclass(frozen=True)
class OutboxInfo:
    """A bundle this laptop exported. ``encrypted_to``: the office its payload is sealed
    to (None: a plain bundle); ``kept``: the outbox still holds its copy (encrypted at
    rest on an encrypted laptop); ``receipt_at``: when the office's receipt came."""

    seq: int
    bundle_id: str
    created_at: str
    records: int
    sha256: str
    encrypted_to: str | None
    receipt_at: str | None
    kept: bool


@dataclass(frozen=True)
class RecordOutcome:
    assessment_id: str
    revision: int
    outcome: str  # new | duplicate | revised | signatures_added | stale | conflict
    content_sha256: str
    subject_name: str = ""
    template_code: str = ""
    detail: str = ""  # conflict reason


#: What an import that went through may still have to say (words in messages.py, both
#: languages: tests/unit/test_import_report_words.py)
IMPORT_WARNINGS = ("import.receipt_not_written", "import.old_bundle_accepted",
                   "import.chain_broken", "import.kept_office_version",
                   "import.answers_outside_content")


@dataclass(frozen=True)
class ImportWarning:
    """One of :data:`IMPORT_WARNINGS` and its parameters: the faces say it in the user's
    language (``messages.message(w.code, w.params)``), never as the code."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:  # for a log line: the code only (params may name a person)
        return self.code


@dataclass
class ImportReport:
    """The answer to one file: ``status`` is imported, duplicate or rejected."""

    file: str
    status: str
    code: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    bundle_id: str | None = None
    device_id: str | None = None
    seq: int | None = None
    sha256: str | None = None
    records: list[RecordOutcome] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    receipt: bytes | None = None
    receipt_name: str | None = None
    receipt_path: Path | None = None

    @property
    def ok(self) -> bool:
        return self.status != "rejected"

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in self.records:
            out[r.outcome] = out.get(r.outcome, 0) + 1
        return out


@dataclass(frozen=True)
class ReceiptResult:
    bundle_id: str
    marked: list[tuple[str, int]]  # revisions now received (assessment_id, revision)
    conflicts: list[tuple[str, int]]  # held by the office for a person to resolve
    already: bool  # the receipt had been imported before (nothing changed)
    # review decisions of the office new on this laptop (receipt format 3), as
    # ``services.feedback.OfficeDecision``
    decisions: list[Any] = field(default_factory=list)
    # consents withdrawn at the office, applied on this laptop now (receipt format 4):
    # their ids; no new assessment of those subjects starts here, and the purge removes
    # their records the office holds (services.consent)
    withdrawals: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ConflictInfo:
    id: str
    bundle_id: str
    device_id: str
    assessment_id: str
    revision: int
    supersedes: int | None
    reason: str
    stored_revision: int | None
    stored_content_sha256: str | None
    incoming_content_sha256: str
    subject_name: str
    template_code: str
    created_at: str
    resolved_at: str | None
    resolution: str | None
    note: str | None


@dataclass(frozen=True)
class EnrolmentRequestInfo:
    """This laptop's enrolment request (laptop): the file's bytes (also the QR code's
    content), the name it is saved under, and the fingerprint the office compares."""

    content: bytes
    file_name: str
    fingerprint: str
    device_id: str
    device_name: str
    path: Path | None = None


@dataclass(frozen=True)
class EnrolFileResult:
    """An enrolment request imported at the office. ``already``: the laptop was enrolled
    with this key before (nothing changed); ``assessor_matched``: the request's assessor
    was found in the office's register (by MET number, else by name)."""

    device: DeviceInfo
    fingerprint: str
    already: bool
    assessor_name: str | None
    assessor_registration_no: str | None
    assessor_matched: bool


@dataclass(frozen=True)
class PackResult:
    path: Path
    pack_id: str
    sha256: str
    assessor_id: str
    device_id: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class PackImportResult:
    pack_id: str
    office_id: str
    status: str  # imported | duplicate
    first_use: bool  # the office key was trusted by this import
    inserted: dict[str, int]
    updated: dict[str, int]


def device_info(r: EnrolledDeviceRow) -> DeviceInfo:
    return DeviceInfo(r.device_id, r.name, r.ed25519_public, r.assessor_id, r.enrolled_at,
                      r.revoked_at, r.last_seq)


def office_info(r: TrustedOfficeRow) -> OfficeInfo:
    return OfficeInfo(r.office_id, r.name, r.ed25519_public, r.x25519_public, r.trusted_at,
                      r.how, r.revoked_at)


def conflict_info(r: SyncConflictRow) -> ConflictInfo:
    try:
        payload = RevisionData.model_validate_json(r.payload)
        subject, code = payload.subject_name, payload.template_code
    except ValueError:
        subject, code = "", ""
    return ConflictInfo(r.id, r.bundle_id, r.device_id, r.assessment_id, r.revision,
                        r.supersedes, r.reason, r.stored_revision, r.stored_content_sha256,
                        r.incoming_content_sha256, subject, code, r.created_at, r.resolved_at,
                        r.resolution, r.note)


# ------------------------------------------------------------------ the context


@dataclass
class SyncContext:
    """What the parts of sync by file work with (one per installation, shared)."""

    engine: Any
    paths: AppPaths
    templates: TemplateService
    device_keys: DeviceKeys
    clock: Clock = system_clock
    actor: str | None = None
    #: the key for files kept at rest beside an encrypted database (``core.at_rest``:
    #: outbox copies); None on a plain store, whose outbox keeps plain copies
    at_rest_key: bytes | None = None

    def now(self) -> str:
        return utc_now_iso(self.clock)

    def identity(self) -> Identity:
        """This installation's identity; the key pairs are made on first use."""
        row = self.device_keys.row()
        return Identity(row.device_id, row.ed25519_public, row.x25519_public, row.created_at)

    def office_name(self) -> str:
        """The name this installation signs packs and certificates with, as an office: its
        own assessor's name (the office's profile), else "Kantor"."""
        with read_session(self.engine) as s:
            me = s.exec(select(AssessorRow).where(AssessorRow.is_self == True)).first()  # noqa: E712
        return (me.name if me else "Kantor")[:200]

    def offices(self) -> list[OfficeInfo]:
        """The office keys this laptop trusts (revoked ones too), oldest first."""
        with read_session(self.engine) as s:
            rows = s.exec(select(TrustedOfficeRow).order_by(col(TrustedOfficeRow.trusted_at))
                          ).all()
        return [office_info(r) for r in rows]

    def trusted_office_keys(self) -> list[bytes]:
        """The raw Ed25519 keys of the offices not revoked (packs and receipts)."""
        with read_session(self.engine) as s:
            rows = s.exec(select(TrustedOfficeRow).where(
                col(TrustedOfficeRow.revoked_at).is_(None))).all()
        return [base64.b64decode(r.ed25519_public) for r in rows]


# ------------------------------------------------------------------ files


def is_zip_target(target: Path) -> bool:
    """Whether ``target`` names the bundle file itself (a ``.zip`` path that is no folder),
    not the folder to write it into."""
    return target.suffix.lower() == ".zip" and not target.is_dir()


def target_folder(target: Path) -> Path:
    """The folder a bundle written to ``target`` goes into."""
    return target.parent if is_zip_target(target) else target


def target_path(target: Path, file_name: str) -> Path:
    """A ``.zip`` path is used as it is (the importer takes any ``.zip`` name: the signed
    manifest says what the file is; its folder is created if missing) and must be new or a
    regular file (never a device, a FIFO or a folder: ``check_output_path``); a folder
    (created if missing) gets ``file_name``."""
    check_target(target)
    try:
        target_folder(target).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidValueError("export.bad_target", path=str(target)) from exc
    return check_output_path(target if is_zip_target(target) else target / file_name)


def check_target(target: Path) -> None:
    """Refuse at once (before any work) a target that is neither a folder nor a ``.zip``
    path ``target_path`` may write: an existing device, FIFO, socket (``file.bad_target``)
    or regular file that is no ``.zip`` (``export.bad_target``)."""
    if target.is_dir():
        return
    if target.suffix.lower() == ".zip":
        if os.path.lexists(target):
            check_output_path(target)
        return
    if os.path.lexists(target):
        try:
            kind = file_kind(os.stat(target).st_mode)
        except OSError:
            kind = "other"
        if kind == "file":  # an existing file that is no .zip: name a folder or a .zip
            raise InvalidValueError("export.bad_target", path=str(target))
        raise FileRefused("file.bad_target", path=str(target), kind=kind)


_READ_BACK_CHUNK = 1024 * 1024

def read_back_check(expected: bytes, code: str = "export.verify_failed",
                    shown: Path | None = None, *, medium: bool = True
                    ) -> Callable[[Path], None]:
    """A ``verify`` for ``atomic_write_bytes``: the written file reads back as exactly
    ``expected`` (``code`` if not: a stick that lies, a short write; the message names
    ``shown``, the file the user asked for, rather than the hidden temp file).
    Compared piece by piece with the bytes in memory, the ones the bundle's SHA-256 was
    computed from: as strong as hashing the file again, and a fraction of the work.

    ``medium``: read the medium itself, not the system's cached copy of what was just
    written (which would prove nothing about a stick): where the system can be told to
    forget that copy (``posix_fadvise``: Linux and the BSDs; the fsync before made its
    pages clean). Windows and macOS have no such call; there the read may come from the
    cache. False for the laptop's own disk (the outbox)."""
    def verify(tmp: Path) -> None:
        size = len(expected)
        with open(tmp, "rb") as f:
            if medium:
                forget_cached(f.fileno())
            pos = 0
            while chunk := f.read(_READ_BACK_CHUNK):
                if expected[pos:pos + len(chunk)] != chunk:
                    raise StorageError(code, path=str(shown or tmp))
                pos += len(chunk)
        if pos != size:
            raise StorageError(code, path=str(shown or tmp))
    return verify


def forget_cached(fd: int) -> None:
    """Ask the system to drop its cached pages of the open file ``fd``, so that the next
    read comes from the medium (a no-op where ``os.posix_fadvise`` does not exist)."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    try:
        advise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    except OSError:  # a filesystem that does not support it: the read still compares
        pass


def read_capped(path: Path, cap: int) -> bytes:
    """The file's bytes, refusing (before reading) anything larger than ``cap`` and
    anything but a regular file (a FIFO, a device such as /dev/zero, a folder)."""
    try:
        return read_user_file(path, cap)
    except FileRefused as exc:
        if exc.code == "file.too_large":
            raise ImportRejected("bundle.too_large", max_mb=max(1, cap // (1024 * 1024))
                                 ) from None
        if exc.code == "file.not_regular":
            raise ImportRejected("bundle.not_regular", name=path.name,
                                 kind=exc.params["kind"]) from None
        raise ImportRejected("bundle.unreadable", name=path.name) from None


__all__ = [
    "MAX_BUNDLE_BYTES", "MAX_RECEIPT_BYTES", "MAX_RECORDS_PER_BUNDLE", "ConflictInfo",
    "DeviceInfo", "EnrolFileResult", "EnrolmentRequestInfo", "ExportResult", "Identity", "ImportReport", "OfficeInfo",
    "PackImportResult", "PackResult", "ReceiptResult", "RecordOutcome", "SyncContext",
    "conflict_info", "device_info", "read_back_check", "office_info", "read_capped", "target_path", "target_folder", "is_zip_target", "check_target",
]
