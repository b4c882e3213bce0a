"""Schema versions and migrations (ARCHITECTURE.md "Data and durability").

The version lives in table ``schema_version(version INTEGER NOT NULL)`` (portable) and is
mirrored in ``PRAGMA user_version`` on SQLite (so ``sqlite3`` CLI users and
:func:`assessor_app.storage.backup.verify_database_file` see it too).

Rules
- An empty database gets ``SQLModel.metadata.create_all`` and the current version, in one
  transaction.
- An older database is backed up (verified) first; then every step up to
  :data:`SCHEMA_VERSION` and the version bump run in ONE transaction, so a crash leaves
  either the old or the new schema, never a mix.
- A newer database is refused (``db.too_new``) without any write.
- A database with tables but no ``schema_version`` is refused (``db.not_ours``).

Adding a version N+1: change ``tables.py``, write ``_vN_to_vN1(conn)`` with portable SQL,
register it in :data:`MIGRATIONS`, bump :data:`SCHEMA_VERSION` (defined in ``tables.py``
next to the tables it versions, re-exported here), never edit
:data:`V1_DDL` or an existing step. ``tests/unit/test_migrations.py`` checks that
V1_DDL + every step gives the same layout as ``create_all``.

PostgreSQL (office server): the same tables (``create_all`` renders them for the server:
BLOB -> BYTEA, BOOLEAN, SERIAL keys) and the same ``schema_version`` table, but no
``PRAGMA user_version`` mirror and no file backup before migrating (the caller passes
``db_path=None``; ``pg_dump`` is the server's backup, and DDL rolls back with the migration
transaction). PostgreSQL databases start at :data:`PG_FIRST_VERSION`: the steps up to it
were written for SQLite only (``BLOB``); every later step must be portable SQL, which
``tests/postgres/test_pg_storage.py`` proves on a real server.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import assessor_app.storage.tables  # noqa: F401  (registers every *Row table)
from assessor_app.core.clock import Clock, system_clock
from assessor_app.core.errors import StorageError
from assessor_app.storage.backup import make_backup
from assessor_app.storage.db import BEGIN_MODE_OPTION, is_read_only, is_sqlite
from assessor_app.storage.tables import SCHEMA_VERSION

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "V1_DDL",
    "MigrationReport",
    "ensure_schema",
    "read_schema_version",
]

log = logging.getLogger(__name__)

#: The first schema version a PostgreSQL database was ever created at (steps after it must
#: run on PostgreSQL too; see the module docstring).
PG_FIRST_VERSION = 4
VERSION_TABLE = "schema_version"

# Frozen layout of schema version 1 (SQLite dialect), exactly as tables.py created it
# before ``assessment.subject_name`` and ``ix_assessment_current`` existed. Never edit.
V1_DDL: tuple[str, ...] = (
    """CREATE TABLE app_meta (
        "key" VARCHAR(64) NOT NULL,
        value VARCHAR NOT NULL,
        PRIMARY KEY ("key")
    )""",
    """CREATE TABLE assessor (
        id VARCHAR(32) NOT NULL,
        name VARCHAR NOT NULL,
        title_front VARCHAR,
        title_back VARCHAR,
        kind VARCHAR NOT NULL,
        registration_no VARCHAR,
        email VARCHAR,
        phone VARCHAR,
        is_self BOOLEAN NOT NULL,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        PRIMARY KEY (id)
    )""",
    """CREATE TABLE audit_log (
        id INTEGER NOT NULL,
        at VARCHAR NOT NULL,
        actor VARCHAR,
        action VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        entity_id VARCHAR NOT NULL,
        field VARCHAR,
        old TEXT,
        new TEXT,
        PRIMARY KEY (id)
    )""",
    "CREATE INDEX ix_audit_log_at ON audit_log (at)",
    "CREATE INDEX ix_audit_log_entity_id ON audit_log (entity_id)",
    """CREATE TABLE institution (
        id VARCHAR(32) NOT NULL,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        vin VARCHAR,
        status VARCHAR,
        licence_no VARCHAR,
        address VARCHAR,
        city VARCHAR,
        province VARCHAR,
        head_name VARCHAR,
        head_title VARCHAR,
        phone VARCHAR,
        email VARCHAR,
        sisnaker_status VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        PRIMARY KEY (id)
    )""",
    "CREATE INDEX ix_institution_name ON institution (name)",
    """CREATE TABLE media (
        sha256 VARCHAR(64) NOT NULL,
        mime VARCHAR NOT NULL,
        size INTEGER NOT NULL,
        data BLOB NOT NULL,
        width INTEGER,
        height INTEGER,
        created_at VARCHAR NOT NULL,
        PRIMARY KEY (sha256)
    )""",
    """CREATE TABLE scheme (
        id VARCHAR(32) NOT NULL,
        type VARCHAR NOT NULL,
        number VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        lsp VARCHAR,
        PRIMARY KEY (id)
    )""",
    "CREATE INDEX ix_scheme_number ON scheme (number)",
    """CREATE TABLE template (
        id VARCHAR(64) NOT NULL,
        code VARCHAR NOT NULL,
        version VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        subject VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        title_en VARCHAR,
        source TEXT NOT NULL,
        origin VARCHAR,
        imported_at VARCHAR NOT NULL,
        PRIMARY KEY (id),
        UNIQUE (code, version)
    )""",
    "CREATE INDEX ix_template_code ON template (code)",
    """CREATE TABLE assessee (
        id VARCHAR(32) NOT NULL,
        name VARCHAR NOT NULL,
        nik VARCHAR,
        birth_place VARCHAR,
        birth_date VARCHAR,
        gender VARCHAR,
        phone VARCHAR,
        email VARCHAR,
        education VARCHAR,
        institution_id VARCHAR,
        is_minor BOOLEAN NOT NULL,
        guardian_name VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(institution_id) REFERENCES institution (id)
    )""",
    "CREATE INDEX ix_assessee_name ON assessee (name)",
    """CREATE TABLE unit (
        id VARCHAR(32) NOT NULL,
        scheme_id VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        code VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        title_en VARCHAR,
        group_name VARCHAR,
        PRIMARY KEY (id),
        UNIQUE (scheme_id, code),
        FOREIGN KEY(scheme_id) REFERENCES scheme (id)
    )""",
    """CREATE TABLE visit (
        id VARCHAR(32) NOT NULL,
        letter_no VARCHAR,
        letter_date VARCHAR,
        institution_id VARCHAR,
        scheme_id VARCHAR,
        purpose VARCHAR,
        place VARCHAR,
        tuk_type VARCHAR,
        start_date VARCHAR,
        end_date VARCHAR,
        start_time VARCHAR,
        end_time VARCHAR,
        timezone VARCHAR NOT NULL,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(institution_id) REFERENCES institution (id),
        FOREIGN KEY(scheme_id) REFERENCES scheme (id)
    )""",
    """CREATE TABLE assessment (
        id VARCHAR(32) NOT NULL,
        assessment_id VARCHAR(32) NOT NULL,
        revision INTEGER NOT NULL,
        supersedes INTEGER,
        revision_reason VARCHAR,
        is_current BOOLEAN NOT NULL,
        template_id VARCHAR NOT NULL,
        template_code VARCHAR NOT NULL,
        subject_kind VARCHAR NOT NULL,
        institution_id VARCHAR,
        assessee_id VARCHAR,
        visit_id VARCHAR,
        assessor_id VARCHAR,
        status VARCHAR NOT NULL,
        content_sha256 VARCHAR,
        score_percent FLOAT,
        verdict VARCHAR,
        created_at VARCHAR NOT NULL,
        updated_at VARCHAR NOT NULL,
        finalised_at VARCHAR,
        locked_at VARCHAR,
        received_at VARCHAR,
        PRIMARY KEY (id),
        UNIQUE (assessment_id, revision),
        FOREIGN KEY(template_id) REFERENCES template (id),
        FOREIGN KEY(institution_id) REFERENCES institution (id),
        FOREIGN KEY(assessee_id) REFERENCES assessee (id),
        FOREIGN KEY(visit_id) REFERENCES visit (id),
        FOREIGN KEY(assessor_id) REFERENCES assessor (id)
    )""",
    "CREATE INDEX ix_assessment_assessee_id ON assessment (assessee_id)",
    "CREATE INDEX ix_assessment_assessment_id ON assessment (assessment_id)",
    "CREATE INDEX ix_assessment_institution_id ON assessment (institution_id)",
    "CREATE INDEX ix_assessment_status ON assessment (status)",
    "CREATE INDEX ix_assessment_template_code ON assessment (template_code)",
    "CREATE INDEX ix_assessment_template_id ON assessment (template_id)",
    "CREATE INDEX ix_assessment_visit_id ON assessment (visit_id)",
    """CREATE TABLE element (
        id VARCHAR(32) NOT NULL,
        unit_id VARCHAR NOT NULL,
        no VARCHAR NOT NULL,
        title VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(unit_id) REFERENCES unit (id)
    )""",
    "CREATE INDEX ix_element_unit_id ON element (unit_id)",
    """CREATE TABLE visit_assessor (
        visit_id VARCHAR NOT NULL,
        assessor_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        PRIMARY KEY (visit_id, assessor_id),
        FOREIGN KEY(visit_id) REFERENCES visit (id),
        FOREIGN KEY(assessor_id) REFERENCES assessor (id)
    )""",
    """CREATE TABLE answer (
        id INTEGER NOT NULL,
        revision_id VARCHAR NOT NULL,
        item VARCHAR NOT NULL,
        row_id VARCHAR NOT NULL,
        value TEXT NOT NULL,
        note TEXT,
        updated_at VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (id),
        UNIQUE (revision_id, item, row_id),
        FOREIGN KEY(revision_id) REFERENCES assessment (id)
    )""",
    "CREATE INDEX ix_answer_revision_id ON answer (revision_id)",
    """CREATE TABLE consent (
        id VARCHAR(32) NOT NULL,
        assessee_id VARCHAR NOT NULL,
        revision_id VARCHAR,
        purpose VARCHAR NOT NULL,
        text_version VARCHAR NOT NULL,
        method VARCHAR NOT NULL,
        given_at VARCHAR NOT NULL,
        guardian_name VARCHAR,
        withdrawn_at VARCHAR,
        PRIMARY KEY (id),
        FOREIGN KEY(assessee_id) REFERENCES assessee (id),
        FOREIGN KEY(revision_id) REFERENCES assessment (id)
    )""",
    "CREATE INDEX ix_consent_assessee_id ON consent (assessee_id)",
    """CREATE TABLE evidence (
        id VARCHAR(32) NOT NULL,
        revision_id VARCHAR NOT NULL,
        item VARCHAR NOT NULL,
        row_id VARCHAR NOT NULL,
        media_sha256 VARCHAR NOT NULL,
        caption VARCHAR,
        original_name VARCHAR,
        position INTEGER NOT NULL,
        created_at VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(revision_id) REFERENCES assessment (id),
        FOREIGN KEY(media_sha256) REFERENCES media (sha256)
    )""",
    "CREATE INDEX ix_evidence_revision_id ON evidence (revision_id)",
    """CREATE TABLE kuk (
        id VARCHAR(32) NOT NULL,
        element_id VARCHAR NOT NULL,
        no VARCHAR NOT NULL,
        text VARCHAR NOT NULL,
        benchmark VARCHAR,
        PRIMARY KEY (id),
        FOREIGN KEY(element_id) REFERENCES element (id)
    )""",
    "CREATE INDEX ix_kuk_element_id ON kuk (element_id)",
    """CREATE TABLE repeat_instance (
        id VARCHAR(32) NOT NULL,
        revision_id VARCHAR NOT NULL,
        repeat VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        created_at VARCHAR NOT NULL,
        PRIMARY KEY (id),
        FOREIGN KEY(revision_id) REFERENCES assessment (id)
    )""",
    "CREATE INDEX ix_repeat_instance_revision_id ON repeat_instance (revision_id)",
    """CREATE TABLE signature (
        id VARCHAR(32) NOT NULL,
        revision_id VARCHAR NOT NULL,
        role VARCHAR NOT NULL,
        signer_name VARCHAR NOT NULL,
        registration_no VARCHAR,
        signer_title VARCHAR,
        place VARCHAR,
        signed_at VARCHAR NOT NULL,
        timezone VARCHAR,
        media_sha256 VARCHAR NOT NULL,
        content_sha256 VARCHAR NOT NULL,
        PRIMARY KEY (id),
        UNIQUE (revision_id, role),
        FOREIGN KEY(revision_id) REFERENCES assessment (id),
        FOREIGN KEY(media_sha256) REFERENCES media (sha256)
    )""",
    "CREATE INDEX ix_signature_revision_id ON signature (revision_id)",
    """CREATE TABLE schema_version (
        version INTEGER NOT NULL
    )""",
)


# --------------------------------------------------------------------------- steps

MigrationStep = Callable[[Connection], None]

# Same rule as AssessmentService.create: institution -> its name; assessee -> the person's
# name; visit -> "<letter_no> <place>" and the institution's name, joined by " · ".
_BACKFILL_SUBJECT_NAME_V2 = (
    """UPDATE assessment SET subject_name = COALESCE(
        CASE subject_kind
            WHEN 'institution' THEN
                (SELECT i.name FROM institution i WHERE i.id = assessment.institution_id)
            WHEN 'assessee' THEN
                (SELECT a.name FROM assessee a WHERE a.id = assessment.assessee_id)
            WHEN 'visit' THEN
                (SELECT TRIM(COALESCE(v.letter_no, '') || ' ' || COALESCE(v.place, ''))
                 FROM visit v WHERE v.id = assessment.visit_id)
        END,
        '')""",
    """UPDATE assessment SET subject_name =
        subject_name
        || CASE WHEN subject_name <> '' THEN ' \u00b7 ' ELSE '' END
        || (SELECT i.name FROM institution i WHERE i.id = assessment.institution_id)
    WHERE subject_kind = 'visit'
      AND COALESCE(
          (SELECT i.name FROM institution i WHERE i.id = assessment.institution_id), ''
      ) <> ''""",
)


def _v1_to_v2(conn: Connection) -> None:
    """Add the denormalised ``assessment.subject_name`` (backfilled) and ``ix_assessment_current``."""
    conn.exec_driver_sql(
        "ALTER TABLE assessment ADD COLUMN subject_name VARCHAR NOT NULL DEFAULT ''"
    )
    for statement in _BACKFILL_SUBJECT_NAME_V2:
        conn.exec_driver_sql(statement)
    conn.exec_driver_sql(
        "CREATE INDEX ix_assessment_current ON assessment (is_current, updated_at)"
    )


_V3_REPORT_DDL = (
    """CREATE TABLE report (
	id VARCHAR(32) NOT NULL,
	kind VARCHAR NOT NULL,
	revision_id VARCHAR,
	template_id VARCHAR,
	verification_code VARCHAR NOT NULL,
	content_sha256 VARCHAR,
	pdf_sha256 VARCHAR(64) NOT NULL,
	paper VARCHAR NOT NULL,
	lang VARCHAR NOT NULL,
	pages INTEGER NOT NULL,
	created_at VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(revision_id) REFERENCES assessment (id),
	FOREIGN KEY(template_id) REFERENCES template (id)
)""",
    "CREATE INDEX ix_report_revision_id ON report (revision_id)",
    "CREATE INDEX ix_report_verification_code ON report (verification_code)",
    "CREATE INDEX ix_report_pdf_sha256 ON report (pdf_sha256)",
)


def _v2_to_v3(conn: Connection) -> None:
    """Add ``report``: the hash of every rendered PDF, for ``assessor-app verify``."""
    for statement in _V3_REPORT_DDL:
        conn.exec_driver_sql(statement)


# Sync by file (issue 5): identity, enrolment, trust, imports, conflicts, outbox, packs.
_V4_SYNC_DDL = (
    """CREATE TABLE device_identity (
	device_id VARCHAR(16) NOT NULL,
	ed25519_private BLOB NOT NULL,
	ed25519_public VARCHAR(64) NOT NULL,
	x25519_private BLOB NOT NULL,
	x25519_public VARCHAR(64) NOT NULL,
	created_at VARCHAR NOT NULL,
	PRIMARY KEY (device_id)
)""",
    """CREATE TABLE enrolled_device (
	device_id VARCHAR(16) NOT NULL,
	ed25519_public VARCHAR(64) NOT NULL,
	name VARCHAR NOT NULL,
	assessor_id VARCHAR,
	enrolled_at VARCHAR NOT NULL,
	revoked_at VARCHAR,
	last_seq INTEGER NOT NULL,
	last_bundle_sha256 VARCHAR,
	PRIMARY KEY (device_id)
)""",
    """CREATE TABLE trusted_office (
	office_id VARCHAR(16) NOT NULL,
	ed25519_public VARCHAR(64) NOT NULL,
	x25519_public VARCHAR(64) NOT NULL,
	name VARCHAR NOT NULL,
	trusted_at VARCHAR NOT NULL,
	how VARCHAR NOT NULL,
	revoked_at VARCHAR,
	PRIMARY KEY (office_id)
)""",
    """CREATE TABLE imported_bundle (
	bundle_id VARCHAR(32) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	device_id VARCHAR(16) NOT NULL,
	seq INTEGER NOT NULL,
	file_name VARCHAR NOT NULL,
	imported_at VARCHAR NOT NULL,
	accepted INTEGER NOT NULL,
	conflicts INTEGER NOT NULL,
	receipt BLOB NOT NULL,
	PRIMARY KEY (bundle_id)
)""",
    "CREATE INDEX ix_imported_bundle_device_id ON imported_bundle (device_id)",
    """CREATE TABLE sync_conflict (
	id VARCHAR(32) NOT NULL,
	bundle_id VARCHAR(32) NOT NULL,
	device_id VARCHAR(16) NOT NULL,
	assessment_id VARCHAR(32) NOT NULL,
	revision INTEGER NOT NULL,
	supersedes INTEGER,
	reason VARCHAR NOT NULL,
	stored_revision INTEGER,
	stored_content_sha256 VARCHAR,
	incoming_content_sha256 VARCHAR(64) NOT NULL,
	payload TEXT NOT NULL,
	created_at VARCHAR NOT NULL,
	resolved_at VARCHAR,
	resolution VARCHAR,
	resolved_by VARCHAR,
	note VARCHAR,
	PRIMARY KEY (id)
)""",
    "CREATE INDEX ix_sync_conflict_assessment_id ON sync_conflict (assessment_id)",
    "CREATE INDEX ix_sync_conflict_bundle_id ON sync_conflict (bundle_id)",
    """CREATE TABLE outbox_bundle (
	bundle_id VARCHAR(32) NOT NULL,
	seq INTEGER NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	file_name VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	records INTEGER NOT NULL,
	office_id VARCHAR,
	receipt_at VARCHAR,
	PRIMARY KEY (bundle_id),
	UNIQUE (seq)
)""",
    """CREATE TABLE outbox_record (
	bundle_id VARCHAR(32) NOT NULL,
	revision_id VARCHAR(32) NOT NULL,
	assessment_id VARCHAR(32) NOT NULL,
	revision INTEGER NOT NULL,
	content_sha256 VARCHAR(64) NOT NULL,
	fingerprint VARCHAR(64) NOT NULL,
	acked_at VARCHAR,
	PRIMARY KEY (bundle_id, revision_id),
	FOREIGN KEY(bundle_id) REFERENCES outbox_bundle (bundle_id),
	FOREIGN KEY(revision_id) REFERENCES assessment (id)
)""",
    "CREATE INDEX ix_outbox_record_assessment_id ON outbox_record (assessment_id)",
    """CREATE TABLE imported_pack (
	pack_id VARCHAR(32) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	office_id VARCHAR(16) NOT NULL,
	assessor_id VARCHAR,
	created_at VARCHAR NOT NULL,
	imported_at VARCHAR NOT NULL,
	PRIMARY KEY (pack_id)
)""",
)


def _v3_to_v4(conn: Connection) -> None:
    """Add the sync-by-file tables (identity, enrolment, trust, imports, conflicts, outbox)."""
    for statement in _V4_SYNC_DDL:
        conn.exec_driver_sql(statement)


# Office review status (issue 5): append-only decisions per assessment. Portable SQL: this
# is the first step that also runs on PostgreSQL (see PG_FIRST_VERSION).
_V5_REVIEW_DDL = (
    """CREATE TABLE review (
	id VARCHAR(32) NOT NULL,
	assessment_id VARCHAR(32) NOT NULL,
	seq INTEGER NOT NULL,
	revision INTEGER NOT NULL,
	revision_id VARCHAR(32) NOT NULL,
	status VARCHAR(32) NOT NULL,
	comment TEXT,
	reviewer VARCHAR NOT NULL,
	created_at VARCHAR NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (assessment_id, seq)
)""",
    "CREATE INDEX ix_review_assessment_id ON review (assessment_id)",
)


def _v4_to_v5(conn: Connection) -> None:
    """Add ``review``: the office's review status of each assessment, with its history."""
    for statement in _V5_REVIEW_DDL:
        conn.exec_driver_sql(statement)


# The trust chain (issue 9): authorship, frozen subject, paper code, signature proofs, device
# certificates, and the office's record of which device owns an assessment. Portable SQL;
# binary columns are BLOB on SQLite and BYTEA on PostgreSQL.
_V6_COLUMNS = (
    ("assessment", "device_id", "VARCHAR(16)"),
    ("assessment", "subject_json", "TEXT"),
    ("assessment", "verification_code", "VARCHAR(19)"),
    ("assessment", "code_signature", "VARCHAR(88)"),
    ("signature", "device_id", "VARCHAR(16)"),
    ("signature", "signature", "VARCHAR(88)"),
    ("device_identity", "certificate", "{blob}"),
    ("device_identity", "issuer_certificate", "{blob}"),
    ("device_identity", "ca_certificate", "{blob}"),
    ("enrolled_device", "certificate", "{blob}"),
)
_V6_DDL = (
    "CREATE INDEX ix_assessment_verification_code ON assessment (verification_code)",
    """CREATE TABLE assessment_owner (
	assessment_id VARCHAR(32) NOT NULL,
	device_id VARCHAR(16) NOT NULL,
	assigned_at VARCHAR NOT NULL,
	assigned_by VARCHAR,
	reason TEXT,
	PRIMARY KEY (assessment_id)
)""",
)


def _v5_to_v6(conn: Connection) -> None:
    """Add the trust-chain columns and ``assessment_owner``. Revisions finalised before v6
    keep their data; ``check`` reports them as lacking a cryptographic proof."""
    blob = "BLOB" if conn.dialect.name == "sqlite" else "BYTEA"
    for table, column, kind in _V6_COLUMNS:
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} "
                             f"{kind.format(blob=blob)}")
    for statement in _V6_DDL:
        conn.exec_driver_sql(statement)


# The review loop (issue 12): the office's decisions received on the laptop in receipts.
_V7_DDL = (
    """CREATE TABLE received_review (
	id VARCHAR(32) NOT NULL,
	assessment_id VARCHAR(32) NOT NULL,
	seq INTEGER NOT NULL,
	revision INTEGER NOT NULL,
	status VARCHAR(32) NOT NULL,
	comment TEXT,
	reviewer VARCHAR NOT NULL,
	decided_at VARCHAR NOT NULL,
	office_id VARCHAR(16) NOT NULL,
	bundle_id VARCHAR(32) NOT NULL,
	received_at VARCHAR NOT NULL,
	PRIMARY KEY (id),
	UNIQUE (assessment_id, seq)
)""",
    "CREATE INDEX ix_received_review_assessment_id ON received_review (assessment_id)",
)


def _v6_to_v7(conn: Connection) -> None:
    """Add ``received_review``: review decisions the office sent back in receipts."""
    for statement in _V7_DDL:
        conn.exec_driver_sql(statement)


def _v7_to_v8(conn: Connection) -> None:
    """Evidence metadata (issue 12): when and where a photo was taken. Older rows keep
    NULL (unknown), which the content hash leaves out, so finalised records still verify."""
    for column, kind in (("taken_at", "VARCHAR"), ("latitude", "FLOAT"),
                         ("longitude", "FLOAT")):
        conn.exec_driver_sql(f"ALTER TABLE evidence ADD COLUMN {column} {kind}")


# Personal data (issue 13): the consent register widened (institution heads' consents, so
# ``assessee_id`` becomes nullable; scope, who gave and recorded it, the withdrawal's reason
# and author, delivery to the office), the purge record and the breach log; the audit
# log's ``action`` indexed for the viewer's filter. Portable SQL except the one change of
# nullability, which SQLite can only make by rebuilding the table.
_V9_CONSENT_COLUMNS = (
    ("institution_id", "VARCHAR"),
    ("visit_id", "VARCHAR(32)"),
    ("scope", "TEXT"),
    ("given_by", "VARCHAR"),
    ("recorded_by", "VARCHAR"),
    ("withdrawn_reason", "TEXT"),
    ("withdrawn_by", "VARCHAR"),
    ("sent_bundle_id", "VARCHAR(32)"),
    ("delivered_at", "VARCHAR"),
)
_V9_CONSENT_OLD = ("id", "assessee_id", "revision_id", "purpose", "text_version", "method",
                   "given_at", "guardian_name", "withdrawn_at")
_V9_SQLITE_CONSENT = """CREATE TABLE consent_v9 (
	id VARCHAR(32) NOT NULL,
	assessee_id VARCHAR,
	revision_id VARCHAR,
	purpose VARCHAR NOT NULL,
	text_version VARCHAR NOT NULL,
	method VARCHAR NOT NULL,
	given_at VARCHAR NOT NULL,
	guardian_name VARCHAR,
	withdrawn_at VARCHAR,
	institution_id VARCHAR,
	visit_id VARCHAR(32),
	scope TEXT,
	given_by VARCHAR,
	recorded_by VARCHAR,
	withdrawn_reason TEXT,
	withdrawn_by VARCHAR,
	sent_bundle_id VARCHAR(32),
	delivered_at VARCHAR,
	PRIMARY KEY (id),
	FOREIGN KEY(assessee_id) REFERENCES assessee (id),
	FOREIGN KEY(revision_id) REFERENCES assessment (id),
	FOREIGN KEY(institution_id) REFERENCES institution (id)
)"""
_V9_DDL = (
    "CREATE INDEX ix_consent_institution_id ON consent (institution_id)",
    "CREATE INDEX ix_audit_log_action ON audit_log (action)",
    """CREATE TABLE purge_record (
	id VARCHAR(32) NOT NULL,
	run_id VARCHAR(32) NOT NULL,
	purged_at VARCHAR NOT NULL,
	actor VARCHAR,
	reason VARCHAR NOT NULL,
	assessment_id VARCHAR(32) NOT NULL,
	revisions VARCHAR NOT NULL,
	template_code VARCHAR NOT NULL,
	subject_kind VARCHAR NOT NULL,
	subject_id VARCHAR(32),
	content_sha256 VARCHAR(64),
	bundle_id VARCHAR(32) NOT NULL,
	office_id VARCHAR(16),
	receipt_at VARCHAR NOT NULL,
	answers INTEGER NOT NULL,
	evidence INTEGER NOT NULL,
	signatures INTEGER NOT NULL,
	media INTEGER NOT NULL,
	PRIMARY KEY (id)
)""",
    "CREATE INDEX ix_purge_record_assessment_id ON purge_record (assessment_id)",
    "CREATE INDEX ix_purge_record_run_id ON purge_record (run_id)",
    """CREATE TABLE breach (
	id VARCHAR(32) NOT NULL,
	discovered_at VARCHAR NOT NULL,
	occurred_at VARCHAR,
	description TEXT NOT NULL,
	data_categories TEXT NOT NULL,
	subjects_count INTEGER,
	actions_taken TEXT,
	notified_whom TEXT,
	subjects_notified_at VARCHAR,
	authority_notified_at VARCHAR,
	recorded_by VARCHAR,
	created_at VARCHAR NOT NULL,
	updated_at VARCHAR NOT NULL,
	PRIMARY KEY (id)
)""",
    "CREATE INDEX ix_breach_discovered_at ON breach (discovered_at)",
    # a consent whose record the office acknowledged is delivered (it travelled with it)
    """UPDATE consent SET delivered_at = (
        SELECT a.received_at FROM assessment a WHERE a.id = consent.revision_id)
    WHERE revision_id IS NOT NULL""",
)


def _v8_to_v9(conn: Connection) -> None:
    """The consent register, purge record and breach log (issue 13)."""
    if conn.dialect.name == "sqlite":
        # SQLite cannot drop a NOT NULL: rebuild the table (no table refers to it)
        old = ", ".join(_V9_CONSENT_OLD)
        conn.exec_driver_sql(_V9_SQLITE_CONSENT)
        conn.exec_driver_sql(f"INSERT INTO consent_v9 ({old}) SELECT {old} FROM consent")
        conn.exec_driver_sql("DROP TABLE consent")
        conn.exec_driver_sql("ALTER TABLE consent_v9 RENAME TO consent")
        conn.exec_driver_sql("CREATE INDEX ix_consent_assessee_id ON consent (assessee_id)")
    else:
        conn.exec_driver_sql("ALTER TABLE consent ALTER COLUMN assessee_id DROP NOT NULL")
        for column, kind in _V9_CONSENT_COLUMNS:
            conn.exec_driver_sql(f"ALTER TABLE consent ADD COLUMN {column} {kind}")
        conn.exec_driver_sql("ALTER TABLE consent ADD FOREIGN KEY (institution_id) "
                             "REFERENCES institution (id)")
    for statement in _V9_DDL:
        conn.exec_driver_sql(statement)


#: Every foreign key's child column leads an index (issue 10). Without one, deleting a
#: parent row scans the whole child table once per row (SQLite and PostgreSQL alike), so
#: a purge grows with the square of the store: 500 of 20,000 records took 5.1 s instead
#: of 1.2 s (scripts/measure_purge.py). Portable SQL.
_V10_INDEXES = (
    ("assessee", "institution_id"),
    ("visit", "institution_id"),
    ("visit", "scheme_id"),
    ("visit_assessor", "assessor_id"),
    ("assessment", "assessor_id"),
    ("evidence", "media_sha256"),
    ("signature", "media_sha256"),
    ("consent", "revision_id"),
    ("report", "template_id"),
    ("outbox_record", "revision_id"),
)


def _v9_to_v10(conn: Connection) -> None:
    """Index the foreign keys' child columns that had none."""
    for table, column in _V10_INDEXES:
        conn.exec_driver_sql(f"CREATE INDEX ix_{table}_{column} ON {table} ({column})")


#: target version -> step that upgrades from target-1. Runs inside the migration transaction.
MIGRATIONS: dict[int, MigrationStep] = {
    2: _v1_to_v2,
    3: _v2_to_v3,
    4: _v3_to_v4,
    5: _v4_to_v5,
    6: _v5_to_v6,
    7: _v6_to_v7,
    8: _v7_to_v8,
    9: _v8_to_v9,
    10: _v9_to_v10,
}


# --------------------------------------------------------------------------- engine side


@dataclass(frozen=True)
class MigrationReport:
    from_version: int | None  # None: the database was empty and has just been created
    to_version: int
    backup_path: Path | None  # the verified backup made before migrating

    @property
    def created(self) -> bool:
        return self.from_version is None

    @property
    def migrated(self) -> bool:
        return self.from_version is not None and self.from_version != self.to_version


def _read_version(conn: Connection) -> int | None:
    """Version of the database behind ``conn``; None when it has no tables at all."""
    tables = set(inspect(conn).get_table_names())
    if not tables:
        return None
    if VERSION_TABLE not in tables:
        raise StorageError("db.not_ours", tables=sorted(tables)[:10])
    value = conn.execute(text(f"SELECT MAX(version) FROM {VERSION_TABLE}")).scalar()
    if value is None:
        raise StorageError("db.not_ours", tables=sorted(tables)[:10])
    return int(value)


def _user_version(conn: Connection) -> int:
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def _stamp(conn: Connection, version: int) -> None:
    """Set the version (table + SQLite mirror) inside the caller's transaction."""
    updated = conn.execute(text(f"UPDATE {VERSION_TABLE} SET version = :v"), {"v": version})
    if updated.rowcount == 0:
        conn.execute(text(f"INSERT INTO {VERSION_TABLE} (version) VALUES (:v)"), {"v": version})
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")  # transactional


def read_schema_version(engine: Engine) -> int | None:
    """Version of the database (None if empty) without writing anything."""
    with engine.connect() as conn:
        conn.execution_options(**{BEGIN_MODE_OPTION: "DEFERRED"})
        version = _read_version(conn)
        conn.rollback()
    return version


def _create_fresh(engine: Engine) -> bool:
    """Create every table and stamp SCHEMA_VERSION; False if someone else did it first."""
    with engine.begin() as conn:  # BEGIN IMMEDIATE: we hold the write lock from here
        if _read_version(conn) is not None:
            return False
        SQLModel.metadata.create_all(conn)
        conn.exec_driver_sql(f"CREATE TABLE {VERSION_TABLE} (version INTEGER NOT NULL)")
        _stamp(conn, SCHEMA_VERSION)
    return True


def _sync_mirror(engine: Engine, version: int) -> None:
    """Repair a ``PRAGMA user_version`` that disagrees with the version table."""
    if not is_sqlite(engine) or is_read_only(engine):
        return
    with engine.connect() as conn:
        conn.execution_options(**{BEGIN_MODE_OPTION: "DEFERRED"})
        mirror = _user_version(conn)
        conn.rollback()
    if mirror != version:
        log.warning("user_version %d disagrees with schema_version %d; fixing", mirror, version)
        with engine.begin() as conn:
            conn.exec_driver_sql(f"PRAGMA user_version = {int(version)}")


def _backup_before_migration(
    db_path: Path | None, backup_dir: Path | None, clock: Clock, from_version: int,
    key: bytes | None = None,
) -> Path | None:
    if db_path is None or backup_dir is None:
        return None  # caller's choice (in-memory test databases, PostgreSQL)
    try:
        return make_backup(
            db_path, backup_dir, clock=clock, reason=f"pre-migration-v{from_version}", key=key
        )
    except (StorageError, OSError) as exc:
        cause = exc.code if isinstance(exc, StorageError) else type(exc).__name__
        raise StorageError(
            "migration.backup_failed", cause=cause, from_version=from_version
        ) from exc


def ensure_schema(
    engine: Engine,
    *,
    db_path: Path | None,
    backup_dir: Path | None,
    clock: Clock = system_clock,
    key: bytes | None = None,
) -> MigrationReport:
    """Bring the database to :data:`SCHEMA_VERSION` (see module docstring).

    ``db_path``/``backup_dir`` are where the pre-migration backup is taken from/to; pass
    None for both only where no file backup is possible (in-memory DB, PostgreSQL).
    ``key``: the database key of an encrypted file (the backup is encrypted with it).
    On a read-only engine nothing is written: a database that needs creating or
    migrating raises ``disk.read_only``.
    """
    read_only = is_read_only(engine)
    version = read_schema_version(engine)
    if version is None:
        if read_only:
            raise StorageError("disk.read_only", path=str(db_path), reason="create")
        if _create_fresh(engine):
            log.info("new database created at schema version %d", SCHEMA_VERSION)
            return MigrationReport(None, SCHEMA_VERSION, None)
        version = read_schema_version(engine)
        assert version is not None
    if version > SCHEMA_VERSION:
        raise StorageError("db.too_new", found=version, supported=SCHEMA_VERSION)
    if version < 1 or (version < SCHEMA_VERSION and min(MIGRATIONS) > version + 1):
        raise StorageError("db.not_ours", version=version)
    if version == SCHEMA_VERSION:
        _sync_mirror(engine, version)
        return MigrationReport(version, version, None)
    if read_only:
        raise StorageError("disk.read_only", path=str(db_path), reason="migrate")

    backup_path = _backup_before_migration(db_path, backup_dir, clock, version, key)
    if not is_sqlite(engine):
        log.warning("migrating the server database from schema %d to %d in one transaction, "
                    "without an automatic backup (take a pg_dump first)", version,
                    SCHEMA_VERSION)
    with engine.begin() as conn:  # one transaction for every step and the bump
        current = _read_version(conn)  # re-read under the write lock
        assert current is not None
        if current > SCHEMA_VERSION:
            raise StorageError("db.too_new", found=current, supported=SCHEMA_VERSION)
        for target in range(current + 1, SCHEMA_VERSION + 1):
            log.info("migrating schema %d -> %d", target - 1, target)
            MIGRATIONS[target](conn)
        _stamp(conn, SCHEMA_VERSION)
    log.info("schema migrated %d -> %d", version, SCHEMA_VERSION)
    return MigrationReport(version, SCHEMA_VERSION, backup_path)
