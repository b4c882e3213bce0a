"""SQLModel tables. Every class ends in ``Row``; services turn rows into core objects.

Conventions
- Primary keys are 32-char lowercase hex UUIDs (``new_id()``), so records can move between
  laptops and the office without renumbering. Append-only logs use integer keys.
- Timestamps are ISO-8601 UTC strings with a ``Z`` suffix (``core.clock.utc_now_iso``);
  they survive export/import bit for bit on SQLite and PostgreSQL alike.
- Personal identifiers (NIK) are TEXT: a 16-digit NIK may start with 0.
- Binary content (photos, documents, signature images) lives in ``MediaRow`` as a BLOB
  keyed by its SHA-256, in the same database file as the rows that point to it.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

#: The schema version these tables describe. Changing a table means a new version: bump
#: this and register the step in ``storage.migrations.MIGRATIONS`` (which re-exports it).
SCHEMA_VERSION = 10



class Table(SQLModel):
    """The base of every table. Rows are read and written through SQLAlchemy and never
    validated by pydantic, so pydantic builds a class's validator only if something asks
    for it (``defer_build``): 33 validators built at every start cost about 1 MB."""

    model_config = SQLModelConfig(defer_build=True)


# ---------------------------------------------------------------- people & places


class InstitutionRow(Table, table=True):
    __tablename__ = "institution"
    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(index=True)
    kind: str = "LPK_SWASTA"  # BLK_UPTP | BLK_UPTD | BLK_KOMUNITAS | LPK_SWASTA | LPK_PEMERINTAH | LPK_PERUSAHAAN | LSP | OTHER
    vin: str | None = None  # Vocational Identification Number
    status: str | None = None  # pemerintah | swasta | perusahaan
    licence_no: str | None = None  # izin / tanda daftar
    address: str | None = None
    city: str | None = None
    province: str | None = None
    head_name: str | None = None
    head_title: str | None = None
    phone: str | None = None
    email: str | None = None
    sisnaker_status: str | None = None
    created_at: str
    updated_at: str


class AssessorRow(Table, table=True):
    __tablename__ = "assessor"
    id: str = Field(primary_key=True, max_length=32)
    name: str
    title_front: str | None = None  # gelar depan
    title_back: str | None = None  # gelar belakang
    kind: str = "ASESOR_KOMPETENSI"
    registration_no: str | None = None  # "MET.000.004633 2020"
    email: str | None = None
    phone: str | None = None
    is_self: bool = False  # the laptop's own user
    created_at: str
    updated_at: str


class AssesseeRow(Table, table=True):
    __tablename__ = "assessee"
    id: str = Field(primary_key=True, max_length=32)
    name: str = Field(index=True)
    nik: str | None = None  # 16 digits, TEXT (leading zeros)
    birth_place: str | None = None
    birth_date: str | None = None
    gender: str | None = None  # L | P
    phone: str | None = None
    email: str | None = None
    education: str | None = None
    institution_id: str | None = Field(default=None, foreign_key="institution.id",
                                       index=True)
    is_minor: bool = False
    guardian_name: str | None = None
    created_at: str
    updated_at: str


# ---------------------------------------------------------------- standards catalogue


class SchemeRow(Table, table=True):
    __tablename__ = "scheme"
    id: str = Field(primary_key=True, max_length=32)
    type: str  # KKNI | Okupasi | Klaster
    number: str = Field(index=True)
    title: str
    lsp: str | None = None


class UnitRow(Table, table=True):
    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("scheme_id", "code"),)
    id: str = Field(primary_key=True, max_length=32)
    scheme_id: str = Field(foreign_key="scheme.id")
    position: int = 0
    code: str
    title: str
    title_en: str | None = None
    group_name: str | None = None


class ElementRow(Table, table=True):
    __tablename__ = "element"
    id: str = Field(primary_key=True, max_length=32)
    unit_id: str = Field(foreign_key="unit.id", index=True)
    no: str
    title: str


class KukRow(Table, table=True):
    __tablename__ = "kuk"
    id: str = Field(primary_key=True, max_length=32)
    element_id: str = Field(foreign_key="element.id", index=True)
    no: str
    text: str
    benchmark: str | None = None


# ---------------------------------------------------------------- templates & visits


class TemplateRow(Table, table=True):
    """A frozen template version. Assessments point here; a row never changes once written."""

    __tablename__ = "template"
    __table_args__ = (UniqueConstraint("code", "version"),)
    id: str = Field(primary_key=True, max_length=64)  # sha256 of source
    code: str = Field(index=True)
    version: str
    kind: str
    subject: str
    title: str
    title_en: str | None = None
    source: str = Field(sa_column=Column(Text, nullable=False))  # the YAML as loaded
    origin: str | None = None  # file name it came from
    imported_at: str


class VisitRow(Table, table=True):
    __tablename__ = "visit"
    id: str = Field(primary_key=True, max_length=32)
    letter_no: str | None = None  # nomor surat tugas
    letter_date: str | None = None
    institution_id: str | None = Field(default=None, foreign_key="institution.id",
                                       index=True)
    scheme_id: str | None = Field(default=None, foreign_key="scheme.id", index=True)
    purpose: str | None = None
    place: str | None = None  # city for "Kota, tanggal"
    tuk_type: str | None = None  # sewaktu | tempat_kerja | mandiri
    start_date: str | None = None
    end_date: str | None = None
    start_time: str | None = None
    end_time: str | None = None
    timezone: str = "WIB"  # WIB (+07:00) | WITA (+08:00) | WIT (+09:00)
    created_at: str
    updated_at: str


class VisitAssessorRow(Table, table=True):
    __tablename__ = "visit_assessor"
    visit_id: str = Field(foreign_key="visit.id", primary_key=True)
    assessor_id: str = Field(foreign_key="assessor.id", primary_key=True, index=True)
    role: str = "ASESOR"  # KETUA | ANGGOTA | ASESOR | LEAD


# ---------------------------------------------------------------- assessments


class AssessmentRow(Table, table=True):
    """One revision of an assessment. ``assessment_id`` is shared by all revisions."""

    __tablename__ = "assessment"
    __table_args__ = (
        UniqueConstraint("assessment_id", "revision"),
        Index("ix_assessment_current", "is_current", "updated_at"),
    )
    id: str = Field(primary_key=True, max_length=32)  # this revision
    assessment_id: str = Field(index=True, max_length=32)
    revision: int = 1
    supersedes: int | None = None  # revision number this one replaces
    revision_reason: str | None = None
    is_current: bool = True
    template_id: str = Field(foreign_key="template.id", index=True)
    template_code: str = Field(index=True)
    subject_kind: str  # institution | assessee | visit
    institution_id: str | None = Field(default=None, foreign_key="institution.id", index=True)
    assessee_id: str | None = Field(default=None, foreign_key="assessee.id", index=True)
    visit_id: str | None = Field(default=None, foreign_key="visit.id", index=True)
    assessor_id: str | None = Field(default=None, foreign_key="assessor.id", index=True)
    subject_name: str = ""  # denormalised for list/search
    status: str = Field(default="draft", index=True)  # draft | complete | signed | locked
    content_sha256: str | None = None  # set when finalised
    score_percent: float | None = None
    verdict: str | None = None  # e.g. "A", "K", "BK", "pass", "fail"
    created_at: str
    updated_at: str
    finalised_at: str | None = None
    locked_at: str | None = None
    received_at: str | None = None  # office receipt
    # --- the trust chain (schema v6, issue 9): see core/integrity.py
    device_id: str | None = Field(default=None, max_length=16)  # the device that made it
    subject_json: str | None = Field(default=None, sa_column=Column(Text))  # frozen at finalise
    verification_code: str | None = Field(default=None, index=True, max_length=19)
    code_signature: str | None = Field(default=None, max_length=88)  # base64 Ed25519


class AnswerRow(Table, table=True):
    """One answer. ``row_id`` is '' for ordinary items and the repeat row's id otherwise."""

    __tablename__ = "answer"
    __table_args__ = (UniqueConstraint("revision_id", "item", "row_id"),)
    id: int | None = Field(default=None, primary_key=True)
    revision_id: str = Field(foreign_key="assessment.id", index=True)
    item: str
    row_id: str = ""
    value: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    note: str | None = Field(default=None, sa_column=Column(Text))
    updated_at: str
    # increments on every change of this answer; 0: a value the app filled in when the
    # record was made (registry, visit, template default) that nobody has changed since
    seq: int = 0


class RepeatInstanceRow(Table, table=True):
    __tablename__ = "repeat_instance"
    id: str = Field(primary_key=True, max_length=32)  # the row_id used by AnswerRow
    revision_id: str = Field(foreign_key="assessment.id", index=True)
    repeat: str  # item name of the repeat group
    position: int
    created_at: str


class MediaRow(Table, table=True):
    __tablename__ = "media"
    sha256: str = Field(primary_key=True, max_length=64)
    mime: str
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    width: int | None = None
    height: int | None = None
    created_at: str


class EvidenceRow(Table, table=True):
    __tablename__ = "evidence"
    id: str = Field(primary_key=True, max_length=32)
    revision_id: str = Field(foreign_key="assessment.id", index=True)
    item: str
    row_id: str = ""
    media_sha256: str = Field(foreign_key="media.sha256", index=True)
    caption: str | None = None
    original_name: str | None = None
    position: int = 0
    created_at: str
    # when and where a photo was taken (EXIF, or the moment of a camera capture); v8
    taken_at: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class SignatureRow(Table, table=True):
    __tablename__ = "signature"
    __table_args__ = (UniqueConstraint("revision_id", "role"),)
    id: str = Field(primary_key=True, max_length=32)
    revision_id: str = Field(foreign_key="assessment.id", index=True)
    role: str
    signer_name: str
    registration_no: str | None = None
    signer_title: str | None = None
    place: str | None = None
    signed_at: str
    timezone: str | None = None
    media_sha256: str = Field(foreign_key="media.sha256", index=True)
    content_sha256: str  # the revision's content hash at signing
    # schema v6: the signing device's Ed25519 signature over core.integrity.signature_message
    device_id: str | None = Field(default=None, max_length=16)
    signature: str | None = Field(default=None, max_length=88)  # base64 of 64 bytes


class ConsentRow(Table, table=True):
    """The consent register (UU 27/2022 PDP; schema v9 widened it, issue 13): an asesi's
    consent (FR.AK.01, signed; or recorded by hand) or an institution head's consent
    (an institutional visit). A withdrawal marks the row (``withdrawn_*``); the row is
    never deleted while its subject's records are on this database."""

    __tablename__ = "consent"
    id: str = Field(primary_key=True, max_length=32)
    assessee_id: str | None = Field(default=None, foreign_key="assessee.id", index=True)
    revision_id: str | None = Field(default=None, foreign_key="assessment.id", index=True)
    purpose: str
    text_version: str
    method: str = "FR.AK.01"
    given_at: str
    guardian_name: str | None = None
    withdrawn_at: str | None = None
    # --- schema v9 (issue 13)
    institution_id: str | None = Field(default=None, foreign_key="institution.id", index=True)
    visit_id: str | None = Field(default=None, max_length=32)
    scope: str | None = Field(default=None, sa_column=Column(Text))  # what it covers
    given_by: str | None = None  # the person who gave it (asesi, guardian, head of the LPK)
    recorded_by: str | None = None  # who recorded it (the assessor)
    withdrawn_reason: str | None = Field(default=None, sa_column=Column(Text))
    withdrawn_by: str | None = None  # who recorded the withdrawal
    # local to one installation: the bundle that carried its current state to the office,
    # and when the office's receipt for that bundle arrived (then it is delivered)
    sent_bundle_id: str | None = Field(default=None, max_length=32)
    delivered_at: str | None = None


class AuditRow(Table, table=True):
    """Who did what to whose data, when (UU PDP Pasal 31). ``entity``/``entity_id`` name
    the record (an assessment by its ``assessment_id``, an assessee, an institution, a
    consent, a bundle...). Besides changes it records access: ``view``, ``print`` and
    ``export`` of personal data (services/audit.py)."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: str = Field(index=True)
    actor: str | None = None
    action: str = Field(index=True)  # create | answer | ... | view | print | export | purge
    entity: str
    entity_id: str = Field(index=True)
    field: str | None = None
    old: str | None = Field(default=None, sa_column=Column(Text))
    new: str | None = Field(default=None, sa_column=Column(Text))


class ReportRow(Table, table=True):
    """Every PDF the app rendered: what it shows and the SHA-256 of its exact bytes, so
    ``verify`` can tell an original from an edited file (schema v3)."""

    __tablename__ = "report"
    id: str = Field(primary_key=True, max_length=32)
    kind: str  # assessment | batch | blank
    revision_id: str | None = Field(default=None, foreign_key="assessment.id", index=True)
    template_id: str | None = Field(default=None, foreign_key="template.id", index=True)
    verification_code: str = Field(index=True)
    content_sha256: str | None = None  # the record's content hash when rendered
    pdf_sha256: str = Field(index=True, max_length=64)
    paper: str = "a4"
    lang: str = "id"
    pages: int = 0
    created_at: str


class SettingRow(Table, table=True):
    """Small key/value facts about this database (installation id, last clean exit...)."""

    __tablename__ = "app_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str


# ---------------------------------------------------------------- sync by file (schema v4, issue 5)
# Owned by the sync area (services/sync*.py, bundles/). Formats: docs/formats/*.md.


class DeviceIdentityRow(Table, table=True):
    """This installation's key pairs (one row, made on first use). ``device_id`` is derived
    from the Ed25519 public key; the private keys never leave the database."""

    __tablename__ = "device_identity"
    device_id: str = Field(primary_key=True, max_length=16)
    ed25519_private: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    ed25519_public: str = Field(max_length=64)  # base64 of the raw 32 bytes
    x25519_private: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    x25519_public: str = Field(max_length=64)
    created_at: str
    # schema v6: X.509 (DER) for PAdES: this device's certificate as issued by the office at
    # enrolment (from an assignment pack) and the issuing office's root; on an office, its
    # own root (``ca_certificate``).
    certificate: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    issuer_certificate: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    ca_certificate: bytes | None = Field(default=None, sa_column=Column(LargeBinary))


class EnrolledDeviceRow(Table, table=True):
    """Office side: a laptop whose bundles are accepted (until ``revoked_at``)."""

    __tablename__ = "enrolled_device"
    device_id: str = Field(primary_key=True, max_length=16)
    ed25519_public: str = Field(max_length=64)
    name: str
    assessor_id: str | None = None
    enrolled_at: str
    revoked_at: str | None = None
    last_seq: int = 0  # highest bundle seq imported from this device
    last_bundle_sha256: str | None = None
    certificate: bytes | None = Field(default=None, sa_column=Column(LargeBinary))  # v6


class AssessmentOwnerRow(Table, table=True):
    """Office side (schema v6): the device whose revisions of an assessment are accepted.
    Set by the first import; changed only by an explicit reassignment (audit-logged)."""

    __tablename__ = "assessment_owner"
    assessment_id: str = Field(primary_key=True, max_length=32)
    device_id: str = Field(max_length=16)
    assigned_at: str
    assigned_by: str | None = None
    reason: str | None = Field(default=None, sa_column=Column(Text))


class TrustedOfficeRow(Table, table=True):
    """Laptop side: an office key that signs assignment packs and receipts."""

    __tablename__ = "trusted_office"
    office_id: str = Field(primary_key=True, max_length=16)
    ed25519_public: str = Field(max_length=64)
    x25519_public: str = Field(max_length=64)
    name: str
    trusted_at: str
    how: str = "first_use"  # first_use | manual | pack
    revoked_at: str | None = None


class ImportedBundleRow(Table, table=True):
    """Office side: every result bundle imported (``bundle_id`` is unique: replays are no-ops)."""

    __tablename__ = "imported_bundle"
    bundle_id: str = Field(primary_key=True, max_length=32)
    sha256: str = Field(max_length=64)
    device_id: str = Field(index=True, max_length=16)
    seq: int
    file_name: str
    imported_at: str
    accepted: int = 0
    conflicts: int = 0
    receipt: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class SyncConflictRow(Table, table=True):
    """Office side: an incoming revision held for a person to resolve (never merged)."""

    __tablename__ = "sync_conflict"
    id: str = Field(primary_key=True, max_length=32)
    bundle_id: str = Field(index=True, max_length=32)
    device_id: str = Field(max_length=16)
    assessment_id: str = Field(index=True, max_length=32)
    revision: int
    supersedes: int | None = None
    reason: str  # same_revision | not_successor | signature_differs
    stored_revision: int | None = None
    stored_content_sha256: str | None = None
    incoming_content_sha256: str = Field(max_length=64)
    payload: str = Field(sa_column=Column(Text, nullable=False))  # the incoming record (JSON)
    created_at: str
    resolved_at: str | None = None
    resolution: str | None = None  # kept_stored | took_incoming
    resolved_by: str | None = None
    note: str | None = None


class OutboxBundleRow(Table, table=True):
    """Laptop side: a bundle this device exported; ``seq`` is the per-device counter."""

    __tablename__ = "outbox_bundle"
    __table_args__ = (UniqueConstraint("seq"),)
    bundle_id: str = Field(primary_key=True, max_length=32)
    seq: int
    sha256: str = Field(max_length=64)
    file_name: str
    created_at: str
    records: int = 0
    office_id: str | None = None  # payload sealed to this office
    receipt_at: str | None = None


class OutboxRecordRow(Table, table=True):
    """Laptop side: which revision (in which state) went into which bundle."""

    __tablename__ = "outbox_record"
    bundle_id: str = Field(foreign_key="outbox_bundle.bundle_id", primary_key=True, max_length=32)
    revision_id: str = Field(foreign_key="assessment.id", primary_key=True, max_length=32,
                             index=True)
    assessment_id: str = Field(index=True, max_length=32)
    revision: int
    content_sha256: str = Field(max_length=64)
    fingerprint: str = Field(max_length=64)  # status + signatures at export
    acked_at: str | None = None


class ImportedPackRow(Table, table=True):
    """Laptop side: assignment packs imported (``pack_id`` unique: importing twice is a no-op)."""

    __tablename__ = "imported_pack"
    pack_id: str = Field(primary_key=True, max_length=32)
    sha256: str = Field(max_length=64)
    office_id: str = Field(max_length=16)
    assessor_id: str | None = None
    created_at: str
    imported_at: str


# ---------------------------------------------------------------- office review (schema v5, issue 5)
# Owned by the office review area (services/review.py). Append-only: one row per decision,
# the row with the highest ``seq`` of an assessment is its current review status.


class ReviewRow(Table, table=True):
    """The office's review of an assessment: Diterima / Perlu perbaikan / Disetujui /
    Ditolak with a comment, who and when. Rows are never updated or deleted."""

    __tablename__ = "review"
    __table_args__ = (UniqueConstraint("assessment_id", "seq"),)
    id: str = Field(primary_key=True, max_length=32)
    assessment_id: str = Field(index=True, max_length=32)
    seq: int  # 1, 2, ... per assessment: the order of the history
    revision: int  # the revision that was current when the decision was taken
    revision_id: str = Field(max_length=32)
    status: str = Field(max_length=32)  # diterima | perlu_perbaikan | disetujui | ditolak
    comment: str | None = Field(default=None, sa_column=Column(Text))
    reviewer: str
    created_at: str


# ---------------------------------------------------------------- received reviews (schema v7, issue 12)
# Laptop side of the review loop: the office's decisions on this laptop's assessments, as
# they arrived in signed receipts (receipt format 3). Insert-only, keyed by the office's
# review id, so importing the same receipt twice adds nothing.


class ReceivedReviewRow(Table, table=True):
    """One office review decision received in a receipt (services/feedback.py)."""

    __tablename__ = "received_review"
    __table_args__ = (UniqueConstraint("assessment_id", "seq"),)
    id: str = Field(primary_key=True, max_length=32)  # the office's ``review.id``
    assessment_id: str = Field(index=True, max_length=32)
    seq: int  # the office's order of the decisions of this assessment
    revision: int  # the revision the decision was taken on
    status: str = Field(max_length=32)  # diterima | perlu_perbaikan | disetujui | ditolak
    comment: str | None = Field(default=None, sa_column=Column(Text))
    reviewer: str
    decided_at: str
    office_id: str = Field(max_length=16)
    bundle_id: str = Field(max_length=32)  # the receipt's bundle
    received_at: str


# ---------------------------------------------------------------- personal data (schema v9, issue 13)
# Owned by services/retention.py and services/breach.py.


class PurgeRecordRow(Table, table=True):
    """Laptop side: one assessment whose field copy the retention purge removed (answers,
    photos, signatures, its frozen subject), and the receipt that proved the office holds
    it. No personal data: ids, hashes, counts and times only."""

    __tablename__ = "purge_record"
    id: str = Field(primary_key=True, max_length=32)
    run_id: str = Field(index=True, max_length=32)  # one purge run
    purged_at: str
    actor: str | None = None
    reason: str = "retention"  # retention | consent_withdrawn
    assessment_id: str = Field(index=True, max_length=32)
    revisions: str  # the revision numbers removed, "1,2"
    template_code: str
    subject_kind: str
    subject_id: str | None = Field(default=None, max_length=32)
    content_sha256: str | None = Field(default=None, max_length=64)  # of the last revision
    bundle_id: str = Field(max_length=32)  # the bundle the office's receipt acknowledged
    office_id: str | None = Field(default=None, max_length=16)
    receipt_at: str  # when the office imported it (from its signed receipt)
    answers: int = 0
    evidence: int = 0
    signatures: int = 0
    media: int = 0  # photo and signature files removed (no longer used by any record)


class BreachRow(Table, table=True):
    """A suspected personal data breach (UU 27/2022 Pasal 46: written notice within 3x24
    hours to the data subjects and the authority, saying what data, when and how, and the
    handling). A template the institution completes; every text is its own words."""

    __tablename__ = "breach"
    id: str = Field(primary_key=True, max_length=32)
    discovered_at: str = Field(index=True)  # UTC timestamp
    occurred_at: str | None = None
    description: str = Field(sa_column=Column(Text, nullable=False))  # what happened, how
    data_categories: str = Field(sa_column=Column(Text, nullable=False))  # what data
    subjects_count: int | None = None
    actions_taken: str | None = Field(default=None, sa_column=Column(Text))
    notified_whom: str | None = Field(default=None, sa_column=Column(Text))
    subjects_notified_at: str | None = None
    authority_notified_at: str | None = None
    recorded_by: str | None = None
    created_at: str
    updated_at: str
