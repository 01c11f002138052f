-- The risk lifecycle, part 2: graded warnings and their delivery. SQLite
-- version; postgres/0003_warnings.sql is its twin.

-- Grading rule tables (warning.Rules JSON), one row per version.
CREATE TABLE warning_rules (
	version    INTEGER PRIMARY KEY,
	body       TEXT NOT NULL,
	created_at DATETIME NOT NULL
);

CREATE TABLE warnings (
	id                  INTEGER PRIMARY KEY,
	case_id             BIGINT NOT NULL REFERENCES cases (id),
	assessment_id       BIGINT NOT NULL REFERENCES assessments (id),
	class               TEXT NOT NULL,
	title               TEXT NOT NULL,
	summary             TEXT NOT NULL DEFAULT '',
	level               TEXT NOT NULL,
	urgency             TEXT NOT NULL,
	reach               TEXT NOT NULL,
	grade               TEXT NOT NULL,
	computed_grade      TEXT NOT NULL DEFAULT '',
	grade_reason        TEXT NOT NULL DEFAULT '',
	grade_justification TEXT NOT NULL DEFAULT '',
	rules_version       INTEGER NOT NULL,
	scope               TEXT NOT NULL,
	matters             TEXT NOT NULL DEFAULT '',
	advice              TEXT NOT NULL DEFAULT '',
	starts_at           DATETIME,
	valid_until         DATETIME,
	conditions          TEXT NOT NULL,
	addressees          TEXT NOT NULL,
	recipients          TEXT NOT NULL,
	dept                TEXT NOT NULL,
	number              TEXT NOT NULL DEFAULT '',
	status              TEXT NOT NULL,
	issued_at           DATETIME,
	ended_at            DATETIME,
	end_reason          TEXT NOT NULL DEFAULT '',
	approver_id         BIGINT,
	created_by          TEXT NOT NULL,
	created_at          DATETIME NOT NULL,
	updated_at          DATETIME NOT NULL,
	rev                 INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX warnings_number ON warnings (number) WHERE number <> '';
CREATE INDEX warnings_status ON warnings (status, class, issued_at);
CREATE INDEX warnings_case ON warnings (case_id);
CREATE INDEX warnings_dept ON warnings (dept);

-- Inboxes: "dept:cs-customs" or "enterprise:42".
CREATE TABLE warning_deliveries (
	warning_id   BIGINT NOT NULL REFERENCES warnings (id),
	recipient    TEXT NOT NULL,
	delivered_at DATETIME NOT NULL,
	ack_at       DATETIME,
	ack_by       TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (warning_id, recipient)
);
CREATE INDEX warning_deliveries_recipient ON warning_deliveries (recipient, delivered_at);
