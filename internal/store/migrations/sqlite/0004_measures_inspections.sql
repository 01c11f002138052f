-- The risk lifecycle, part 3: measures and inspection results. SQLite
-- version; postgres/0004_measures_inspections.sql is its twin.

-- Default measure bundles per grade (measure.Bundles JSON), by version.
CREATE TABLE measure_bundles (
	version    INTEGER PRIMARY KEY,
	body       TEXT NOT NULL,
	created_at DATETIME NOT NULL
);

CREATE TABLE measures (
	id            INTEGER PRIMARY KEY,
	warning_id    BIGINT NOT NULL REFERENCES warnings (id),
	case_id       BIGINT NOT NULL REFERENCES cases (id),
	type          TEXT NOT NULL,
	compulsory    BOOLEAN NOT NULL,
	lead          TEXT NOT NULL,
	supporting    TEXT NOT NULL,
	scope         TEXT NOT NULL,
	rate          REAL NOT NULL DEFAULT 0,
	method        TEXT NOT NULL DEFAULT '',
	starts_at     DATETIME NOT NULL,
	ends_at       DATETIME,
	deadline      DATETIME,
	effect_metric TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT '',
	keep          BOOLEAN NOT NULL DEFAULT FALSE,
	status        TEXT NOT NULL,
	consultation  TEXT NOT NULL DEFAULT '',
	created_by    TEXT NOT NULL,
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL,
	rev           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX measures_warning ON measures (warning_id);
CREATE INDEX measures_lead ON measures (lead, status);

-- Inspection and laboratory results for a product lot.
CREATE TABLE inspections (
	id              INTEGER PRIMARY KEY,
	kind            TEXT NOT NULL,
	result          TEXT NOT NULL,
	inspected_at    DATETIME NOT NULL,
	lot             TEXT NOT NULL,
	findings        TEXT NOT NULL DEFAULT '',
	declaration_ref TEXT NOT NULL DEFAULT '',
	external_ref    TEXT NOT NULL DEFAULT '',
	signal_id       BIGINT REFERENCES signals (id),
	dept            TEXT NOT NULL DEFAULT '',
	lab_id          BIGINT,
	created_by      TEXT NOT NULL,
	created_at      DATETIME NOT NULL
);
CREATE UNIQUE INDEX inspections_external ON inspections (external_ref) WHERE external_ref <> '';
CREATE INDEX inspections_at ON inspections (inspected_at);

-- Which warnings' scopes an inspection's lot fell into when recorded.
CREATE TABLE inspection_matches (
	inspection_id BIGINT NOT NULL REFERENCES inspections (id),
	warning_id    BIGINT NOT NULL REFERENCES warnings (id),
	PRIMARY KEY (inspection_id, warning_id)
);
CREATE INDEX inspection_matches_warning ON inspection_matches (warning_id);

-- A lifting proposal raised when a warning's conditions are met.
ALTER TABLE warnings ADD COLUMN lift_proposed_at DATETIME;
ALTER TABLE warnings ADD COLUMN lift_proposal TEXT NOT NULL DEFAULT '';
