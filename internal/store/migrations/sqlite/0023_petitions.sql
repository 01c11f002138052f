-- Petitions to lift (申请解除, task 15): a firm asks to lift a measure or a
-- warning that concerns it, with the declarations of its conforming
-- consignments as checked. The columns are what lists filter on; body is
-- the petition as a JSON document (grounds, declarations, consignments,
-- events). SQLite version; postgres/0023_petitions.sql is its twin.
CREATE TABLE petitions (
	id            INTEGER PRIMARY KEY,
	enterprise_id BIGINT NOT NULL REFERENCES enterprises (id),
	target        TEXT NOT NULL,   -- measure or warning
	measure_id    BIGINT NOT NULL DEFAULT 0,
	warning_id    BIGINT NOT NULL,
	dept          TEXT NOT NULL,   -- reviews: the measure's lead department or the warning's issuer
	issuer_dept   TEXT NOT NULL,   -- the warning's issuer, who may review too
	status        TEXT NOT NULL,
	body          TEXT NOT NULL,   -- JSON
	created_at    DATETIME NOT NULL,
	updated_at    DATETIME NOT NULL,
	rev           INTEGER NOT NULL
);
CREATE INDEX petitions_enterprise ON petitions (enterprise_id, id);
CREATE INDEX petitions_dept ON petitions (dept, status);
CREATE INDEX petitions_issuer ON petitions (issuer_dept, status);
