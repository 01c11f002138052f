-- Follow-ups on 通报: each recipient department reports what it found and
-- did (RASFF-style): found on the market or not, the measures taken (codes
-- of the measures catalogue as JSON, and words), the quantities found,
-- withdrawn or seized and destroyed in one unit, a note. Several per
-- department over time; rows are never changed.
-- SQLite version; postgres/0022_followups.sql is its twin.
CREATE TABLE warning_followups (
	id           INTEGER PRIMARY KEY,
	warning_id   BIGINT NOT NULL REFERENCES warnings (id),
	dept         TEXT NOT NULL,
	finding      TEXT NOT NULL,
	measures     TEXT NOT NULL DEFAULT '[]', -- JSON ["withdrawal", …]
	actions      TEXT NOT NULL DEFAULT '',
	qty_found     REAL NOT NULL DEFAULT 0,
	qty_withdrawn REAL NOT NULL DEFAULT 0,
	qty_destroyed REAL NOT NULL DEFAULT 0,
	qty_unit     TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	reported_at  DATETIME NOT NULL,
	reported_by  TEXT NOT NULL
);
CREATE INDEX warning_followups_warning ON warning_followups (warning_id, dept, reported_at);
