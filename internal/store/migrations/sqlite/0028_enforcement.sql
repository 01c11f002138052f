-- Enforcement (违法惩治, task 13): interviews (约谈) with their commitments
-- kept in the record's body, the earliest open deadline beside it so that
-- due commitments are found by index (next_due, '' when none is open), the
-- firms that were parties (for each firm's page), and the penalty register
-- (penalty decisions, orders to leave the market, hand-overs to the
-- courts), a number unique per issuing department and kind.
-- SQLite version; postgres/0028_enforcement.sql is its twin.
CREATE TABLE interviews (
	id         INTEGER PRIMARY KEY,
	dept       TEXT NOT NULL,   -- the lead department
	depts      TEXT NOT NULL,   -- JSON: every department taking part
	case_id    BIGINT NOT NULL DEFAULT 0,
	held_on    TEXT NOT NULL,   -- YYYY-MM-DD
	next_due   TEXT NOT NULL,   -- YYYY-MM-DD or ''
	body       TEXT NOT NULL,   -- JSON: the interview
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	rev        INTEGER NOT NULL
);
CREATE INDEX interviews_due ON interviews (next_due);
CREATE INDEX interviews_case ON interviews (case_id);

CREATE TABLE interview_firms (
	interview_id  BIGINT NOT NULL REFERENCES interviews (id),
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	PRIMARY KEY (interview_id, enterprise_id)
);
CREATE INDEX interview_firms_enterprise ON interview_firms (enterprise_id, interview_id);

CREATE TABLE penalties (
	id            INTEGER PRIMARY KEY,
	kind          TEXT NOT NULL,
	dept          TEXT NOT NULL,
	number        TEXT NOT NULL,
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	case_id       BIGINT NOT NULL DEFAULT 0,
	decided_on    TEXT NOT NULL,   -- YYYY-MM-DD
	body          TEXT NOT NULL,   -- JSON: the record
	created_at    DATETIME NOT NULL
);
CREATE UNIQUE INDEX penalties_number ON penalties (dept, kind, number);
CREATE INDEX penalties_enterprise ON penalties (enterprise_id, id);
CREATE INDEX penalties_case ON penalties (case_id);
