-- PostgreSQL layout of schema version 4 (tests/postgres/pg_schema.py).
-- Frozen once a later version exists; never edit by hand.
CREATE TABLE app_meta (
	key VARCHAR(64) NOT NULL,
	value VARCHAR NOT NULL,
	PRIMARY KEY (key)
);

CREATE TABLE assessor (
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
);

CREATE TABLE audit_log (
	id SERIAL NOT NULL,
	at VARCHAR NOT NULL,
	actor VARCHAR,
	action VARCHAR NOT NULL,
	entity VARCHAR NOT NULL,
	entity_id VARCHAR NOT NULL,
	field VARCHAR,
	"old" TEXT,
	"new" TEXT,
	PRIMARY KEY (id)
);

CREATE INDEX ix_audit_log_at ON audit_log (at);

CREATE INDEX ix_audit_log_entity_id ON audit_log (entity_id);

CREATE TABLE device_identity (
	device_id VARCHAR(16) NOT NULL,
	ed25519_private BYTEA NOT NULL,
	ed25519_public VARCHAR(64) NOT NULL,
	x25519_private BYTEA NOT NULL,
	x25519_public VARCHAR(64) NOT NULL,
	created_at VARCHAR NOT NULL,
	PRIMARY KEY (device_id)
);

CREATE TABLE enrolled_device (
	device_id VARCHAR(16) NOT NULL,
	ed25519_public VARCHAR(64) NOT NULL,
	name VARCHAR NOT NULL,
	assessor_id VARCHAR,
	enrolled_at VARCHAR NOT NULL,
	revoked_at VARCHAR,
	last_seq INTEGER NOT NULL,
	last_bundle_sha256 VARCHAR,
	PRIMARY KEY (device_id)
);

CREATE TABLE imported_bundle (
	bundle_id VARCHAR(32) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	device_id VARCHAR(16) NOT NULL,
	seq INTEGER NOT NULL,
	file_name VARCHAR NOT NULL,
	imported_at VARCHAR NOT NULL,
	accepted INTEGER NOT NULL,
	conflicts INTEGER NOT NULL,
	receipt BYTEA NOT NULL,
	PRIMARY KEY (bundle_id)
);

CREATE INDEX ix_imported_bundle_device_id ON imported_bundle (device_id);

CREATE TABLE imported_pack (
	pack_id VARCHAR(32) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	office_id VARCHAR(16) NOT NULL,
	assessor_id VARCHAR,
	created_at VARCHAR NOT NULL,
	imported_at VARCHAR NOT NULL,
	PRIMARY KEY (pack_id)
);

CREATE TABLE institution (
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
);

CREATE INDEX ix_institution_name ON institution (name);

CREATE TABLE media (
	sha256 VARCHAR(64) NOT NULL,
	mime VARCHAR NOT NULL,
	size INTEGER NOT NULL,
	data BYTEA NOT NULL,
	width INTEGER,
	height INTEGER,
	created_at VARCHAR NOT NULL,
	PRIMARY KEY (sha256)
);

CREATE TABLE outbox_bundle (
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
);

CREATE TABLE scheme (
	id VARCHAR(32) NOT NULL,
	type VARCHAR NOT NULL,
	number VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	lsp VARCHAR,
	PRIMARY KEY (id)
);

CREATE INDEX ix_scheme_number ON scheme (number);

CREATE TABLE sync_conflict (
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
);

CREATE INDEX ix_sync_conflict_assessment_id ON sync_conflict (assessment_id);

CREATE INDEX ix_sync_conflict_bundle_id ON sync_conflict (bundle_id);

CREATE TABLE template (
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
);

CREATE INDEX ix_template_code ON template (code);

CREATE TABLE trusted_office (
	office_id VARCHAR(16) NOT NULL,
	ed25519_public VARCHAR(64) NOT NULL,
	x25519_public VARCHAR(64) NOT NULL,
	name VARCHAR NOT NULL,
	trusted_at VARCHAR NOT NULL,
	how VARCHAR NOT NULL,
	revoked_at VARCHAR,
	PRIMARY KEY (office_id)
);

CREATE TABLE assessee (
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
);

CREATE INDEX ix_assessee_name ON assessee (name);

CREATE TABLE unit (
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
);

CREATE TABLE visit (
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
);

CREATE TABLE assessment (
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
	subject_name VARCHAR NOT NULL,
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
);

CREATE INDEX ix_assessment_assessee_id ON assessment (assessee_id);

CREATE INDEX ix_assessment_assessment_id ON assessment (assessment_id);

CREATE INDEX ix_assessment_current ON assessment (is_current, updated_at);

CREATE INDEX ix_assessment_institution_id ON assessment (institution_id);

CREATE INDEX ix_assessment_status ON assessment (status);

CREATE INDEX ix_assessment_template_code ON assessment (template_code);

CREATE INDEX ix_assessment_template_id ON assessment (template_id);

CREATE INDEX ix_assessment_visit_id ON assessment (visit_id);

CREATE TABLE element (
	id VARCHAR(32) NOT NULL,
	unit_id VARCHAR NOT NULL,
	no VARCHAR NOT NULL,
	title VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(unit_id) REFERENCES unit (id)
);

CREATE INDEX ix_element_unit_id ON element (unit_id);

CREATE TABLE visit_assessor (
	visit_id VARCHAR NOT NULL,
	assessor_id VARCHAR NOT NULL,
	role VARCHAR NOT NULL,
	PRIMARY KEY (visit_id, assessor_id),
	FOREIGN KEY(visit_id) REFERENCES visit (id),
	FOREIGN KEY(assessor_id) REFERENCES assessor (id)
);

CREATE TABLE answer (
	id SERIAL NOT NULL,
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
);

CREATE INDEX ix_answer_revision_id ON answer (revision_id);

CREATE TABLE consent (
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
);

CREATE INDEX ix_consent_assessee_id ON consent (assessee_id);

CREATE TABLE evidence (
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
);

CREATE INDEX ix_evidence_revision_id ON evidence (revision_id);

CREATE TABLE kuk (
	id VARCHAR(32) NOT NULL,
	element_id VARCHAR NOT NULL,
	no VARCHAR NOT NULL,
	text VARCHAR NOT NULL,
	benchmark VARCHAR,
	PRIMARY KEY (id),
	FOREIGN KEY(element_id) REFERENCES element (id)
);

CREATE INDEX ix_kuk_element_id ON kuk (element_id);

CREATE TABLE outbox_record (
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
);

CREATE INDEX ix_outbox_record_assessment_id ON outbox_record (assessment_id);

CREATE TABLE repeat_instance (
	id VARCHAR(32) NOT NULL,
	revision_id VARCHAR NOT NULL,
	repeat VARCHAR NOT NULL,
	position INTEGER NOT NULL,
	created_at VARCHAR NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(revision_id) REFERENCES assessment (id)
);

CREATE INDEX ix_repeat_instance_revision_id ON repeat_instance (revision_id);

CREATE TABLE report (
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
);

CREATE INDEX ix_report_pdf_sha256 ON report (pdf_sha256);

CREATE INDEX ix_report_revision_id ON report (revision_id);

CREATE INDEX ix_report_verification_code ON report (verification_code);

CREATE TABLE signature (
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
);

CREATE INDEX ix_signature_revision_id ON signature (revision_id);
