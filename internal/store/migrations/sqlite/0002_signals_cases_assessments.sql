-- The risk lifecycle, part 1: signals, cases, assessments. SQLite version;
-- postgres/0002_signals_cases_assessments.sql is its twin.

-- Named counters for numbers that must be consecutive and never reused
-- (case numbers, warning document numbers): incremented under a row lock.
CREATE TABLE counters (
	name  TEXT PRIMARY KEY,
	value BIGINT NOT NULL
);

CREATE TABLE cases (
	id                INTEGER PRIMARY KEY,
	number            TEXT NOT NULL UNIQUE,
	title             TEXT NOT NULL,
	summary           TEXT NOT NULL DEFAULT '',
	dept              TEXT NOT NULL,
	assignee_id       BIGINT REFERENCES users (id),
	status            TEXT NOT NULL DEFAULT 'open',
	recall_completion REAL,
	created_by        TEXT NOT NULL,
	created_at        DATETIME NOT NULL,
	updated_at        DATETIME NOT NULL,
	version           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX cases_dept ON cases (dept, status);

-- Departments a case is shared with see it and its signals.
CREATE TABLE case_shares (
	case_id   BIGINT NOT NULL REFERENCES cases (id),
	dept      TEXT NOT NULL,
	shared_at DATETIME NOT NULL,
	PRIMARY KEY (case_id, dept)
);
CREATE INDEX case_shares_dept ON case_shares (dept);

CREATE TABLE signals (
	id               INTEGER PRIMARY KEY,
	channel          TEXT NOT NULL,
	external_ref     TEXT NOT NULL DEFAULT '',
	received_at      DATETIME NOT NULL,
	region           TEXT NOT NULL DEFAULT '',
	reporter_name    TEXT NOT NULL DEFAULT '',
	reporter_contact TEXT NOT NULL DEFAULT '',
	hs_code          TEXT NOT NULL DEFAULT '',
	product_name     TEXT NOT NULL DEFAULT '',
	brand            TEXT NOT NULL DEFAULT '',
	model            TEXT NOT NULL DEFAULT '',
	gtin             TEXT NOT NULL DEFAULT '',
	batch            TEXT NOT NULL DEFAULT '',
	manufacturer     TEXT NOT NULL DEFAULT '',
	uscc             TEXT NOT NULL DEFAULT '',
	origin           TEXT NOT NULL DEFAULT '',
	destination      TEXT NOT NULL DEFAULT '',
	hazard           TEXT NOT NULL DEFAULT '',
	injury_count     INTEGER NOT NULL DEFAULT 0,
	injury_severity  INTEGER NOT NULL DEFAULT 0,
	description      TEXT NOT NULL DEFAULT '',
	dept             TEXT NOT NULL,
	status           TEXT NOT NULL DEFAULT 'new',
	case_id          BIGINT REFERENCES cases (id),
	note             TEXT NOT NULL DEFAULT '',
	created_by       TEXT NOT NULL,
	created_by_id    BIGINT NOT NULL DEFAULT 0,
	created_at       DATETIME NOT NULL,
	updated_at       DATETIME NOT NULL
);
-- Idempotency: one signal per external reference and channel.
CREATE UNIQUE INDEX signals_external ON signals (channel, external_ref) WHERE external_ref <> '';
CREATE INDEX signals_dept ON signals (dept, status, received_at);
CREATE INDEX signals_case ON signals (case_id);
CREATE INDEX signals_gtin ON signals (gtin) WHERE gtin <> '';
CREATE INDEX signals_batch ON signals (batch) WHERE batch <> '';
CREATE INDEX signals_model ON signals (model) WHERE model <> '';
CREATE INDEX signals_uscc ON signals (uscc) WHERE uscc <> '';
CREATE INDEX signals_hs ON signals (hs_code);

CREATE TABLE signal_links (
	a          BIGINT NOT NULL REFERENCES signals (id),
	b          BIGINT NOT NULL REFERENCES signals (id),
	kind       TEXT NOT NULL,
	created_by TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (a, b),
	CHECK (a < b)
);
CREATE INDEX signal_links_b ON signal_links (b);

CREATE TABLE signal_attachments (
	id           INTEGER PRIMARY KEY,
	signal_id    BIGINT NOT NULL REFERENCES signals (id),
	name         TEXT NOT NULL,
	content_type TEXT NOT NULL,
	size         BIGINT NOT NULL,
	sha256       TEXT NOT NULL,
	data         BLOB NOT NULL,
	created_at   DATETIME NOT NULL
);
CREATE INDEX signal_attachments_signal ON signal_attachments (signal_id);

-- Risk matrices, as data (assess.Profile JSON), by name and version.
CREATE TABLE assessment_profiles (
	name       TEXT NOT NULL,
	version    INTEGER NOT NULL,
	body       TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	PRIMARY KEY (name, version)
);

CREATE TABLE assessments (
	id              INTEGER PRIMARY KEY,
	case_id         BIGINT NOT NULL REFERENCES cases (id),
	version         INTEGER NOT NULL,
	status          TEXT NOT NULL,
	profile         TEXT NOT NULL,
	profile_version INTEGER NOT NULL,
	product         TEXT NOT NULL DEFAULT '',
	scenarios       TEXT NOT NULL,
	level           TEXT NOT NULL DEFAULT '',
	result          TEXT NOT NULL DEFAULT '',
	assessor        TEXT NOT NULL DEFAULT '',
	organisation    TEXT NOT NULL DEFAULT '',
	author_id       BIGINT NOT NULL,
	dept            TEXT NOT NULL,
	approver_id     BIGINT,
	decision_note   TEXT NOT NULL DEFAULT '',
	submitted_at    DATETIME,
	decided_at      DATETIME,
	supersedes      BIGINT REFERENCES assessments (id),
	created_at      DATETIME NOT NULL,
	updated_at      DATETIME NOT NULL,
	rev             INTEGER NOT NULL DEFAULT 1,
	UNIQUE (case_id, version)
);
