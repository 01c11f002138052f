-- Matching foreign notifications to Hunan enterprises: the review queue.
-- SQLite version; postgres/0009_matching.sql is its twin.

CREATE TABLE match_candidates (
	id            INTEGER PRIMARY KEY,
	signal_id     INTEGER NOT NULL REFERENCES signals (id),
	enterprise_id INTEGER NOT NULL REFERENCES enterprises (id),
	score         REAL NOT NULL,
	evidence      TEXT NOT NULL,             -- JSON array of the evidence
	status        TEXT NOT NULL,             -- proposed, confirmed, rejected
	note          TEXT NOT NULL DEFAULT '',
	case_id       INTEGER REFERENCES cases (id),
	decided_by    TEXT NOT NULL DEFAULT '',
	decided_at    DATETIME,
	created_at    DATETIME NOT NULL,
	UNIQUE (signal_id, enterprise_id)
);
CREATE INDEX match_candidates_status ON match_candidates (status, score);
