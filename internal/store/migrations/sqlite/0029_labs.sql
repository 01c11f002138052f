-- Third-party laboratory acceptance (采信, task 17): the register grows from
-- the foundation's labs table (which binds lab users) into the catalogue of
-- accepted laboratories — status, grade, a revision that serialises changes
-- to one laboratory, and the entry's body (accreditations, acceptance scope,
-- contact) as JSON —; the rule table by version; accepted reports (number
-- unique per laboratory) with their cross-check draw; customs' cross-checks;
-- and the changes of grade and status with their explanation.
-- SQLite version; postgres/0029_labs.sql is its twin. (0028 is reserved for
-- another branch.)
ALTER TABLE labs ADD COLUMN status TEXT NOT NULL DEFAULT 'accepted';
ALTER TABLE labs ADD COLUMN grade TEXT NOT NULL DEFAULT 'A';
ALTER TABLE labs ADD COLUMN body TEXT NOT NULL DEFAULT '{}';
ALTER TABLE labs ADD COLUMN rev INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX labs_uscc ON labs (uscc) WHERE uscc <> '';
CREATE INDEX labs_status ON labs (status, id);

CREATE TABLE lab_rules (
	version    INTEGER PRIMARY KEY,
	body       TEXT NOT NULL,   -- JSON
	created_at DATETIME NOT NULL
);

CREATE TABLE lab_reports (
	id              INTEGER PRIMARY KEY,
	lab_id          BIGINT NOT NULL REFERENCES labs (id),
	number          TEXT NOT NULL,
	issued_on       TEXT NOT NULL,   -- YYYY-MM-DD
	valid_until     TEXT NOT NULL,
	hs_code         TEXT NOT NULL,
	enterprise_uscc TEXT NOT NULL DEFAULT '',
	pdf_sha256      TEXT NOT NULL DEFAULT '',
	drawn           BOOLEAN NOT NULL,
	checks          INTEGER NOT NULL DEFAULT 0,
	body            TEXT NOT NULL,   -- JSON: the report
	created_at      DATETIME NOT NULL,
	UNIQUE (lab_id, number)
);
CREATE INDEX lab_reports_hs ON lab_reports (hs_code);
CREATE INDEX lab_reports_awaiting ON lab_reports (drawn, checks);
CREATE INDEX lab_reports_enterprise ON lab_reports (enterprise_uscc);

CREATE TABLE lab_crosschecks (
	id         INTEGER PRIMARY KEY,
	lab_id     BIGINT NOT NULL REFERENCES labs (id),
	report_id  BIGINT NOT NULL REFERENCES lab_reports (id),
	agree      BOOLEAN NOT NULL,
	body       TEXT NOT NULL,   -- JSON: the cross-check with its explanation
	created_at DATETIME NOT NULL
);
CREATE INDEX lab_crosschecks_lab ON lab_crosschecks (lab_id, id);

CREATE TABLE lab_changes (
	id          INTEGER PRIMARY KEY,
	lab_id      BIGINT NOT NULL REFERENCES labs (id),
	from_status TEXT NOT NULL,
	to_status   TEXT NOT NULL,
	body        TEXT NOT NULL,   -- JSON: the change with its explanation
	at          DATETIME NOT NULL
);
CREATE INDEX lab_changes_lab ON lab_changes (lab_id, id);
