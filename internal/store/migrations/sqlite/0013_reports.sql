-- Quality-status reports of key commodities (重点商品质量状况): one
-- snapshot of figures per commodity group and month. SQLite version;
-- postgres/0013_reports.sql is its twin.

CREATE TABLE reports (
	id           INTEGER PRIMARY KEY,
	group_code   TEXT NOT NULL,
	period_start DATETIME NOT NULL,
	period_end   DATETIME NOT NULL,
	body         TEXT NOT NULL,             -- JSON report.Report
	generated_at DATETIME NOT NULL,
	generated_by TEXT NOT NULL,
	UNIQUE (group_code, period_start)
);
CREATE INDEX reports_period ON reports (period_start);
