"""Read models: what services hand to the faces (GUI, CLI, reports).

Plain frozen dataclasses, detached from any database session: a view can keep one as
long as it likes, pass it to another thread, compare two of them, and never trigger a
lazy load or write one back by accident. The ``*Row`` classes of
:mod:`assessor_app.storage.tables` stay inside storage and services (the layering test
says so). Field names follow the columns, so a row and its read model read alike.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from assessor_app.core.errors import TemplateIssue
from assessor_app.core.template import Text

T = TypeVar("T")

#: The statuses of a revision in the order of its life: a draft, finalised (complete),
#: signed by some of its signers, locked once every required signer has signed.
DRAFT, COMPLETE, SIGNED, LOCKED = "draft", "complete", "signed", "locked"
STATUSES = (DRAFT, COMPLETE, SIGNED, LOCKED)
#: The statuses of a finalised revision.
FINAL_STATUSES = (COMPLETE, SIGNED, LOCKED)


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in dataclasses.fields(cls))
    return names


def view(cls: type[T], row: Any, **override: Any) -> T:
    """The read model ``cls`` of ``row`` (any object with the same attribute names)."""
    values = {name: getattr(row, name) for name in _names(cls) if name not in override}
    return cls(**values, **override)


def views(cls: type[T], rows: Iterable[Any]) -> list[T]:
    return [view(cls, r) for r in rows]


def columns_of(cls: type, table: Any) -> list[Any]:
    """The table's columns in the read model's field order (for Core selects)."""
    return [getattr(table, name) for name in _names(cls)]


@dataclass(frozen=True, slots=True)
class AssessmentSummary:
    """One revision of an assessment, as lists and headers show it."""

    id: str  # this revision
    assessment_id: str
    revision: int
    supersedes: int | None
    revision_reason: str | None
    is_current: bool
    template_id: str
    template_code: str
    subject_kind: str
    institution_id: str | None
    assessee_id: str | None
    visit_id: str | None
    assessor_id: str | None
    subject_name: str
    status: str
    content_sha256: str | None
    score_percent: float | None
    verdict: str | None
    created_at: str
    updated_at: str
    finalised_at: str | None
    locked_at: str | None
    received_at: str | None
    device_id: str | None
    verification_code: str | None

    @property
    def editable(self) -> bool:
        return self.status == "draft" and self.is_current


@dataclass(frozen=True, slots=True)
class AssessmentListRow:
    """One revision as the assessment list shows it and acts on it: the columns shown, the
    keys that open it, what the office's decision marker compares. A list scrolled through
    10,000 revisions keeps every one of these, so it holds nothing more
    (:class:`AssessmentSummary` is the whole revision)."""

    id: str  # this revision
    assessment_id: str
    revision: int
    template_id: str
    template_code: str
    subject_name: str
    status: str
    score_percent: float | None
    verdict: str | None
    updated_at: str
    received_at: str | None


@dataclass(frozen=True, slots=True)
class Institution:
    id: str
    name: str
    kind: str
    vin: str | None
    status: str | None
    licence_no: str | None
    address: str | None
    city: str | None
    province: str | None
    head_name: str | None
    head_title: str | None
    phone: str | None
    email: str | None
    sisnaker_status: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class Assessee:
    id: str
    name: str
    nik: str | None
    birth_place: str | None
    birth_date: str | None
    gender: str | None
    phone: str | None
    email: str | None
    education: str | None
    institution_id: str | None
    is_minor: bool
    guardian_name: str | None
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class Assessor:
    id: str
    name: str
    title_front: str | None
    title_back: str | None
    kind: str
    registration_no: str | None
    email: str | None
    phone: str | None
    is_self: bool
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class Visit:
    id: str
    letter_no: str | None
    letter_date: str | None
    institution_id: str | None
    scheme_id: str | None
    purpose: str | None
    place: str | None
    tuk_type: str | None
    start_date: str | None
    end_date: str | None
    start_time: str | None
    end_time: str | None
    timezone: str
    created_at: str
    updated_at: str


@dataclass(frozen=True, slots=True)
class MediaFile:
    """A stored photo or drawn signature, with its bytes."""

    sha256: str
    mime: str
    size: int
    data: bytes
    width: int | None
    height: int | None
    created_at: str


@dataclass(frozen=True, slots=True)
class Consent:
    """An entry of the consent register: an asesi's (``assessee_id``) or an institution
    head's (``institution_id``) consent, and its withdrawal when it was withdrawn."""

    id: str
    assessee_id: str | None
    revision_id: str | None
    purpose: str
    text_version: str
    method: str
    given_at: str
    guardian_name: str | None
    withdrawn_at: str | None
    institution_id: str | None = None
    visit_id: str | None = None
    scope: str | None = None
    given_by: str | None = None
    recorded_by: str | None = None
    withdrawn_reason: str | None = None
    withdrawn_by: str | None = None
    sent_bundle_id: str | None = None
    delivered_at: str | None = None

    @property
    def subject_kind(self) -> str:
        return "assessee" if self.assessee_id else "institution"

    @property
    def subject_id(self) -> str:
        return self.assessee_id or self.institution_id or ""

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@dataclass(frozen=True, slots=True)
class TemplateInfo:
    """An installed template version (the parsed template comes from TemplateService.get)."""

    id: str
    code: str
    version: str
    kind: str
    subject: str
    title: str
    title_en: str | None
    origin: str | None
    imported_at: str


@dataclass(frozen=True, slots=True)
class TemplateInstall:
    """The outcome of installing one template file into the data folder and the store."""

    source: str  # the file as named by the user
    template: TemplateInfo
    installed: bool  # False: this exact template was installed already (nothing changed)
    file: str | None  # its copy in the data folder (None when nothing was copied)
    warnings: tuple[TemplateIssue, ...] = ()  # what an XLSForm import left out, per cell


# ---------------------------------------------------------------- certification schemes


@dataclass(frozen=True, slots=True)
class InstalledInstrument:
    """A generated instrument installed as a template."""

    form: str  # "FR.IA.01"
    code: str  # template code
    version: str
    template_id: str  # sha256 of the template text (the template's id in the database)


@dataclass(frozen=True, slots=True)
class ImportedScheme:
    """What ``import_file`` did."""

    status: str  # "installed" | "new_version" | "already_installed"
    slug: str
    number: str
    title: Text
    type: str
    level: str | None
    version: str  # the version installed (or found)
    declared_version: str  # the version the file declares
    previous_versions: tuple[str, ...]  # versions of this scheme installed before
    path: Path  # the normalised scheme.yaml
    units: int
    kuk: int
    instruments: tuple[InstalledInstrument, ...]


@dataclass(frozen=True, slots=True)
class SchemeInfo:
    """An installed scheme (its newest version) for lists."""

    slug: str
    number: str
    title: Text
    type: str
    level: str | None
    versions: tuple[str, ...]  # in the order they were installed
    lsp: str | None
    units: int
    kuk: int
    instruments: tuple[str, ...]  # template codes of the newest version
    installed_at: str


@dataclass(frozen=True, slots=True)
class ReportInfo:
    """A report this store issued (its number, its code, what it was made from)."""

    id: str
    kind: str
    revision_id: str | None
    template_id: str | None
    verification_code: str
    content_sha256: str | None
    pdf_sha256: str
    paper: str
    lang: str
    pages: int
    created_at: str
