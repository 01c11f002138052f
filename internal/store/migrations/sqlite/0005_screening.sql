-- Port screening: declarations and their decisions. SQLite version;
-- postgres/0005_screening.sql is its twin.

CREATE TABLE declarations (
	id             INTEGER PRIMARY KEY,
	number         TEXT NOT NULL UNIQUE,
	direction      TEXT NOT NULL,
	port           TEXT NOT NULL,
	declared_at    DATETIME NOT NULL,
	trade_mode     TEXT NOT NULL DEFAULT '',
	consignor_uscc TEXT NOT NULL DEFAULT '',
	consignee_uscc TEXT NOT NULL DEFAULT '',
	body           TEXT NOT NULL,
	decision       TEXT NOT NULL,
	result         TEXT NOT NULL,
	index_version  BIGINT NOT NULL,
	screened_at    DATETIME NOT NULL,
	created_by     TEXT NOT NULL
);
CREATE INDEX declarations_port ON declarations (port, screened_at);
CREATE INDEX declarations_decision ON declarations (decision, screened_at);

CREATE TABLE declaration_lines (
	declaration_id BIGINT NOT NULL REFERENCES declarations (id),
	line_no        INTEGER NOT NULL,
	hs_code        TEXT NOT NULL,
	name           TEXT NOT NULL,
	decision       TEXT NOT NULL,
	sampled        BOOLEAN NOT NULL,
	rate           REAL NOT NULL,
	PRIMARY KEY (declaration_id, line_no)
);

-- Which measures produced which line decisions, for statistics.
CREATE TABLE declaration_reasons (
	declaration_id BIGINT NOT NULL REFERENCES declarations (id),
	line_no        INTEGER NOT NULL,
	measure_id     BIGINT NOT NULL DEFAULT 0,
	warning_number TEXT NOT NULL DEFAULT ''
);
CREATE INDEX declaration_reasons_measure ON declaration_reasons (measure_id);

-- Settings the system generates once, such as the screening salt when the
-- configuration gives none.
CREATE TABLE settings (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
