-- The working-day calendar's years an administrator entered (each
-- November's State Council notice, or a correction of an embedded year):
-- the days as JSON, [{"date", "kind", "name"}]. SQLite version;
-- postgres/0020_calendar.sql is its twin.
CREATE TABLE calendar_years (
	year       INTEGER PRIMARY KEY,
	source     TEXT NOT NULL,
	days       TEXT NOT NULL,
	updated_by TEXT NOT NULL,
	updated_at DATETIME NOT NULL
);
