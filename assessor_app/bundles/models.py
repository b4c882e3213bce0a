"""Pydantic models of every exchange file (format version 2; docs/formats/).

Version 2 (issue 9) adds the trust chain: the authoring device and frozen subject of each
revision, each signer's Ed25519 signature, the paper code's signature, the device
certificate in an assignment pack; and drops rendered-report rows from result bundles (a
report is never proof: the office recomputes it from the record).

All models forbid unknown fields, are strict (no type coercion: a NIK sent as a number is
refused, so leading zeros cannot be lost) and cap every string and list.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)

FORMAT_VERSION: Literal[2] = 2
#: Receipts (docs/formats/receipt-v3.md, receipt-v4.md): version 3 adds the office's
#: review decisions, version 4 the consent withdrawals the office recorded; a receipt is
#: written in the lowest version that carries what it says (every laptop reads version 2).
RECEIPT_VERSION: Literal[3] = 3
RECEIPT_WITHDRAWALS_VERSION: Literal[4] = 4
RECEIPT_VERSIONS = (FORMAT_VERSION, RECEIPT_VERSION, RECEIPT_WITHDRAWALS_VERSION)

# ------------------------------------------------------------------ limits

MAX_ENTRIES = 5_000
MAX_RECORDS = 2_000
MAX_ANSWERS = 20_000
MAX_TEXT = 20_000  # core.engine.MAX_TEXT_LENGTH
MAX_TEMPLATE_SOURCE = 2 * 1024 * 1024

# ------------------------------------------------------------------ field types

Hex16 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
Hex32 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Hex64 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
RowRef = Annotated[str, StringConstraints(pattern=r"^(|[0-9a-f]{32})$")]
ItemName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
Timestamp = Annotated[str, StringConstraints(
    pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")]
SHORT_MAX, NAME_MAX = 200, 1_000  # services/consent.py refuses longer names when typed
Short = Annotated[str, StringConstraints(max_length=SHORT_MAX)]
Name = Annotated[str, StringConstraints(max_length=NAME_MAX)]
Text = Annotated[str, StringConstraints(max_length=MAX_TEXT)]
Nik = Annotated[str, StringConstraints(pattern=r"^\d{16}$")]
Base64Key = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{43}=$")]
Base64Sig = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{86}==$")]
Base64Cert = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{1,8000}={0,2}$")]
PaperCode = Annotated[str, StringConstraints(
    pattern=r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-"
            r"[0-9A-HJKMNP-TV-Z]{4}$")]
SubjectJson = Annotated[str, StringConstraints(min_length=2, max_length=200_000)]
Count = Annotated[int, Field(ge=0, le=1_000_000_000)]
Revision = Annotated[int, Field(ge=1, le=100_000)]
FinalStatus = Literal["complete", "signed", "locked"]
MediaType = Literal["application/json", "image/jpeg", "image/png", "application/pdf",
                    "application/octet-stream"]


class _Strict(BaseModel):
    # allow_inf_nan: JSON has no NaN; the strict reader refuses one, so the writer must too
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


# ------------------------------------------------------------------ manifests


class FileEntry(_Strict):
    path: Annotated[str, StringConstraints(max_length=120)]
    sha256: Hex64
    size: Count
    media_type: MediaType


class RecordEntry(_Strict):
    assessment_id: Hex32
    revision: Revision
    supersedes: Revision | None
    content_sha256: Hex64
    status: FinalStatus


class Encryption(_Strict):
    alg: Literal["X25519-HKDF-SHA256-AES256GCM"]
    recipient: Hex16  # office id
    path: Literal["payload.enc"]


class BundleManifest(_Strict):
    format_version: Literal[2]
    kind: Literal["result_bundle"]
    bundle_id: Hex32
    device_id: Hex16
    assessor_id: Hex32 | None
    seq: Annotated[int, Field(ge=1, le=1_000_000_000)]
    prev_bundle_sha256: Hex64 | None
    created_at: Timestamp
    app_version: Short
    schema_version: Annotated[int, Field(ge=1, le=10_000)]
    encryption: Encryption | None
    files: Annotated[list[FileEntry], Field(max_length=MAX_ENTRIES)]
    records: Annotated[list[RecordEntry], Field(min_length=1, max_length=MAX_RECORDS)]
    # the device's P-256 PDF-signing public key (SubjectPublicKeyInfo DER, base64): the office
    # issues the device's certificate for it on import (bound by the manifest signature)
    document_key: Base64Cert | None = None


class ReceiptRecord(_Strict):
    assessment_id: Hex32
    revision: Revision
    content_sha256: Hex64
    outcome: Literal["new", "duplicate", "revised", "signatures_added", "stale", "conflict"]


class ReceiptReview(_Strict):
    """One office review decision (the office's ``review`` row), receipt version 3."""

    id: Hex32
    assessment_id: Hex32
    seq: Annotated[int, Field(ge=1, le=1_000_000)]
    revision: Revision
    status: Literal["diterima", "perlu_perbaikan", "disetujui", "ditolak"]
    comment: Annotated[str, StringConstraints(max_length=4_000)] | None
    reviewer: Short
    decided_at: Timestamp


class ReceiptManifest(_Strict):
    format_version: Literal[2, 3, 4]
    kind: Literal["receipt"]
    bundle_id: Hex32
    bundle_sha256: Hex64
    device_id: Hex16
    seq: Annotated[int, Field(ge=1, le=1_000_000_000)]
    office_id: Hex16
    imported_at: Timestamp
    accepted_records: Annotated[list[ReceiptRecord], Field(max_length=MAX_RECORDS)]
    conflicts: Annotated[list[ReceiptRecord], Field(max_length=MAX_RECORDS)]
    # version 3 only: the latest review decision of each reviewed assessment of the device
    reviews: Annotated[list[ReceiptReview], Field(max_length=MAX_RECORDS)] = []
    # version 4 only: consents of the device's asesi and institutions withdrawn at the
    # office (UU PDP: the laptop stops processing and purges once the office holds it)
    withdrawals: Annotated[list[RegisterConsentData], Field(max_length=MAX_RECORDS)] = []

    @model_validator(mode="after")
    def _additions_need_their_version(self) -> ReceiptManifest:
        if self.format_version < RECEIPT_VERSION and self.reviews:
            raise ValueError("reviews need format_version 3")
        if self.format_version < RECEIPT_WITHDRAWALS_VERSION and self.withdrawals:
            raise ValueError("withdrawals need format_version 4")
        if any(w.withdrawn_at is None for w in self.withdrawals):
            raise ValueError("a withdrawal without withdrawn_at")
        return self

    @model_serializer(mode="wrap")
    def _only_what_the_version_knows(self, handler: SerializerFunctionWrapHandler
                                     ) -> dict[str, object]:
        data = handler(self)
        if self.format_version < RECEIPT_VERSION:
            data.pop("reviews", None)  # a version-2 receipt is exactly what v2 readers know
        if self.format_version < RECEIPT_WITHDRAWALS_VERSION:
            data.pop("withdrawals", None)
        return data  # type: ignore[no-any-return]


class OfficeKeys(_Strict):
    office_id: Hex16
    name: Short
    ed25519_public: Base64Key
    x25519_public: Base64Key


class Enrolment(_Strict):
    device_id: Hex16
    ed25519_public: Base64Key
    name: Short
    assessor_id: Hex32 | None
    enrolled_at: Timestamp
    certificate: Base64Cert | None  # X.509 DER issued by the office for PDF signing
    issuer_certificate: Base64Cert | None  # the office's root certificate


class PackManifest(_Strict):
    format_version: Literal[2]
    kind: Literal["assignment_pack"]
    pack_id: Hex32
    created_at: Timestamp
    app_version: Short
    schema_version: Annotated[int, Field(ge=1, le=10_000)]
    assessor_id: Hex32
    office: OfficeKeys
    enrolment: Enrolment | None
    files: Annotated[list[FileEntry], Field(max_length=8)]


# ------------------------------------------------------------------ master data


class TemplateData(_Strict):
    id: Hex64  # sha256 of source
    code: Short
    version: Short
    kind: Short
    subject: Literal["institution", "assessee", "visit"]
    title: Name
    title_en: Name | None
    source: Annotated[str, StringConstraints(max_length=MAX_TEMPLATE_SOURCE)]
    origin: Short | None


class InstitutionData(_Strict):
    id: Hex32
    name: Name
    kind: Short
    vin: Short | None
    status: Short | None
    licence_no: Short | None
    address: Name | None
    city: Short | None
    province: Short | None
    head_name: Short | None
    head_title: Short | None
    phone: Short | None
    email: Short | None
    sisnaker_status: Short | None
    created_at: Timestamp
    updated_at: Timestamp


class AssesseeData(_Strict):
    id: Hex32
    name: Name
    nik: Nik | None
    birth_place: Short | None
    birth_date: Short | None
    gender: Short | None
    phone: Short | None
    email: Short | None
    education: Short | None
    institution_id: Hex32 | None
    is_minor: bool
    guardian_name: Short | None
    created_at: Timestamp
    updated_at: Timestamp


class AssessorData(_Strict):
    id: Hex32
    name: Name
    title_front: Short | None
    title_back: Short | None
    kind: Short
    registration_no: Short | None
    email: Short | None
    phone: Short | None
    created_at: Timestamp
    updated_at: Timestamp


class VisitData(_Strict):
    id: Hex32
    letter_no: Short | None
    letter_date: Short | None
    institution_id: Hex32 | None
    scheme_id: Hex32 | None
    purpose: Short | None
    place: Short | None
    tuk_type: Short | None
    start_date: Short | None
    end_date: Short | None
    start_time: Short | None
    end_time: Short | None
    timezone: Literal["WIB", "WITA", "WIT"]
    created_at: Timestamp
    updated_at: Timestamp


class VisitAssessorData(_Strict):
    visit_id: Hex32
    assessor_id: Hex32
    role: Short


class SchemeData(_Strict):
    id: Hex32
    type: Short
    number: Short
    title: Name
    lsp: Short | None


# ------------------------------------------------------------------ assessments


class AnswerData(_Strict):
    item: ItemName
    row_id: RowRef
    value: Text
    note: Text | None
    updated_at: Timestamp
    seq: Count


class RepeatRowData(_Strict):
    id: Hex32
    repeat: ItemName
    position: Count
    created_at: Timestamp


def _empty(value: list[Any]) -> bool:
    return not value


def _unknown(value: object) -> bool:
    """``exclude_if`` of a field added after a format version: an unknown (None) value is
    left out rather than written as null, so an entry without it is exactly what an older
    office reads (it forbids unknown fields)."""
    return value is None


class EvidenceData(_Strict):
    id: Hex32
    item: ItemName
    row_id: RowRef
    media_sha256: Hex64
    caption: Name | None
    original_name: Short | None
    position: Count
    created_at: Timestamp
    # when and where a photo was taken (issue 12); absent in older bundles
    # unknown photo metadata is left out, not written as null: an entry without it is
    # exactly what an office before issue 12 reads (it forbids unknown fields)
    taken_at: Timestamp | None = Field(default=None, exclude_if=_unknown)
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = Field(
        default=None, exclude_if=_unknown)
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = Field(
        default=None, exclude_if=_unknown)


class SignatureData(_Strict):
    id: Hex32
    role: ItemName
    signer_name: Name
    registration_no: Short | None
    signer_title: Short | None
    place: Short | None
    signed_at: Timestamp
    timezone: Literal["WIB", "WITA", "WIT"] | None
    media_sha256: Hex64
    content_sha256: Hex64
    device_id: Hex16
    signature: Base64Sig  # Ed25519 over core.integrity.signature_message


class _ConsentDetails(_Strict):
    """Consent register fields added by issue 13 (schema 9): optional, and left out when
    unknown, so a consent without them is exactly what an office before it reads."""

    visit_id: Hex32 | None = Field(default=None, exclude_if=_unknown)
    scope: Text | None = Field(default=None, exclude_if=_unknown)
    given_by: Short | None = Field(default=None, exclude_if=_unknown)
    recorded_by: Short | None = Field(default=None, exclude_if=_unknown)
    withdrawn_reason: Text | None = Field(default=None, exclude_if=_unknown)
    withdrawn_by: Short | None = Field(default=None, exclude_if=_unknown)


class _Consent(_ConsentDetails):
    """What every consent says: for what, in which wording, how, when, and its withdrawal."""

    id: Hex32
    purpose: Name
    text_version: Short
    method: Short
    given_at: Timestamp
    guardian_name: Short | None
    withdrawn_at: Timestamp | None


class ConsentData(_Consent):
    """An asesi's consent carried with the revision it came from (a signed FR.AK.01)."""

    assessee_id: Hex32


class RegisterConsentData(_Consent):
    """An entry of the consent register (issue 13): an asesi's or an institution head's
    consent, or its withdrawal, not yet delivered to the office; about a subject whose
    record the bundle carries. Exactly one of ``assessee_id`` and ``institution_id``."""

    assessee_id: Hex32 | None
    institution_id: Hex32 | None
    revision_id: Hex32 | None

    @model_validator(mode="after")
    def _one_subject(self) -> RegisterConsentData:
        if (self.assessee_id is None) == (self.institution_id is None):
            raise ValueError("a consent is about one asesi or one institution")
        if self.withdrawn_at is not None and self.withdrawn_at < self.given_at:
            raise ValueError("withdrawn before it was given")
        return self


class RevisionData(_Strict):
    id: Hex32
    assessment_id: Hex32
    revision: Revision
    supersedes: Revision | None
    revision_reason: Text | None
    template_id: Hex64
    template_code: Short
    subject_kind: Literal["institution", "assessee", "visit"]
    institution_id: Hex32 | None
    assessee_id: Hex32 | None
    visit_id: Hex32 | None
    assessor_id: Hex32 | None
    subject_name: Name
    status: FinalStatus
    content_sha256: Hex64
    score_percent: float | None
    verdict: Short | None
    created_at: Timestamp
    updated_at: Timestamp
    finalised_at: Timestamp
    locked_at: Timestamp | None
    device_id: Hex16  # the device that made this revision
    subject_json: SubjectJson  # the subject and header frozen at finalisation
    verification_code: PaperCode
    code_signature: Base64Sig
    answers: Annotated[list[AnswerData], Field(max_length=MAX_ANSWERS)]
    repeat_rows: Annotated[list[RepeatRowData], Field(max_length=5_000)]
    evidence: Annotated[list[EvidenceData], Field(max_length=1_000)]
    signatures: Annotated[list[SignatureData], Field(max_length=32)]
    consents: Annotated[list[ConsentData], Field(max_length=32)]


class MediaData(_Strict):
    sha256: Hex64
    mime: Literal["image/jpeg", "image/png", "application/pdf"]
    width: Annotated[int, Field(ge=1, le=100_000)] | None
    height: Annotated[int, Field(ge=1, le=100_000)] | None
    created_at: Timestamp


class MasterData(_Strict):
    """Subjects and templates (in result bundles and assignment packs)."""

    templates: Annotated[list[TemplateData], Field(max_length=200)]
    schemes: Annotated[list[SchemeData], Field(max_length=1_000)]
    institutions: Annotated[list[InstitutionData], Field(max_length=10_000)]
    assessees: Annotated[list[AssesseeData], Field(max_length=50_000)]
    assessors: Annotated[list[AssessorData], Field(max_length=10_000)]
    visits: Annotated[list[VisitData], Field(max_length=10_000)]
    visit_assessors: Annotated[list[VisitAssessorData], Field(max_length=50_000)]


class BundleData(MasterData):
    """``data/records.json`` of a result bundle."""

    media: Annotated[list[MediaData], Field(max_length=MAX_ENTRIES)]
    assessments: Annotated[list[RevisionData], Field(min_length=1, max_length=MAX_RECORDS)]
    # issue 13: consents and withdrawals not yet delivered; left out when empty, so a
    # bundle without them is exactly what an office before issue 13 reads
    consent_register: Annotated[list[RegisterConsentData],
                                Field(max_length=MAX_RECORDS * 4)] = Field(
        default=[], exclude_if=_empty)


class PackData(MasterData):
    """``data/pack.json`` of an assignment pack."""


ReceiptManifest.model_rebuild()  # its withdrawals are RegisterConsentData, defined below it
