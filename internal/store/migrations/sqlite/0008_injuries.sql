-- Injury records (the injury-report channel): emergency department cases
-- in the NEISS layout. SQLite version; postgres/0008_injuries.sql is its twin.

CREATE TABLE injury_records (
	id             INTEGER PRIMARY KEY,
	source         TEXT NOT NULL,
	case_key       TEXT NOT NULL,
	digest         TEXT NOT NULL,
	treatment_date DATETIME NOT NULL,
	age_years      REAL,
	sex            TEXT NOT NULL DEFAULT '',
	body_part      TEXT NOT NULL DEFAULT '',
	diagnosis      TEXT NOT NULL DEFAULT '',
	disposition    TEXT NOT NULL DEFAULT '',
	locale         TEXT NOT NULL DEFAULT '',
	product_codes  TEXT NOT NULL DEFAULT '',
	narrative      TEXT NOT NULL DEFAULT '',
	weight         REAL,
	hazard         TEXT NOT NULL DEFAULT '',
	hs_code        TEXT NOT NULL DEFAULT '',
	imported_at    DATETIME NOT NULL,
	updated_at     DATETIME NOT NULL,
	UNIQUE (source, case_key)
);
CREATE INDEX injury_records_date ON injury_records (treatment_date);
