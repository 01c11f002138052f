-- Follow-ups on 通报: each recipient department reports what it found and
-- did (RASFF-style): found on the market or not, the measures taken (codes
-- of the measures catalogue as JSON, and words), the quantities found,
-- withdrawn or seized and destroyed in one unit, a note. Several per
-- department over time; rows are never changed.
-- PostgreSQL version; sqlite/0022_followups.sql is its twin.
CREATE TABLE warning_followups (
	id           BIGSERIAL PRIMARY KEY,
	warning_id   BIGINT NOT NULL REFERENCES warnings (id),
	dept         TEXT NOT NULL,
	finding      TEXT NOT NULL,
	measures     TEXT NOT NULL DEFAULT '[]', -- JSON ["withdrawal", …]
	actions      TEXT NOT NULL DEFAULT '',
	qty_found     DOUBLE PRECISION NOT NULL DEFAULT 0,
	qty_withdrawn DOUBLE PRECISION NOT NULL DEFAULT 0,
	qty_destroyed DOUBLE PRECISION NOT NULL DEFAULT 0,
	qty_unit     TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	reported_at  TIMESTAMPTZ NOT NULL,
	reported_by  TEXT NOT NULL
);
CREATE INDEX warning_followups_warning ON warning_followups (warning_id, dept, reported_at);
