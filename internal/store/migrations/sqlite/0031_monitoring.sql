-- Risk monitoring (seed tasks 1 and 3, issue 19): the monitoring points of
-- the network (code unique; the entry's body as JSON), the yearly plans
-- (items as JSON, a revision that serialises changes, the version) and each
-- version as approved or amended; the tasks a plan gives each point and
-- period; the samples taken (number unique) with their results as JSON and
-- the signal a failure raised; the warnings in force whose scope a sample's
-- lot fell in (its result counts toward their lifting conditions).
-- SQLite version; postgres/0031_monitoring.sql is its twin. (0030 is
-- reserved for another branch.)
CREATE TABLE monitoring_points (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE,
	type       TEXT NOT NULL,
	prefecture TEXT NOT NULL,
	county     TEXT NOT NULL,
	dept       TEXT NOT NULL,
	status     TEXT NOT NULL,
	body       TEXT NOT NULL,   -- JSON: the point
	rev        INTEGER NOT NULL,
	created_at DATETIME NOT NULL
);
CREATE INDEX monitoring_points_prefecture ON monitoring_points (prefecture, id);

CREATE TABLE monitoring_plans (
	id         INTEGER PRIMARY KEY,
	year       INTEGER NOT NULL,
	status     TEXT NOT NULL,
	version    INTEGER NOT NULL,
	body       TEXT NOT NULL,   -- JSON: the plan with its items
	rev        INTEGER NOT NULL,
	created_at DATETIME NOT NULL
);
CREATE INDEX monitoring_plans_year ON monitoring_plans (year, id);

CREATE TABLE monitoring_plan_versions (
	plan_id BIGINT NOT NULL REFERENCES monitoring_plans (id),
	version INTEGER NOT NULL,
	body    TEXT NOT NULL,   -- JSON: the version with its items
	at      DATETIME NOT NULL,
	PRIMARY KEY (plan_id, version)
);

CREATE TABLE monitoring_tasks (
	id           INTEGER PRIMARY KEY,
	plan_id      BIGINT NOT NULL REFERENCES monitoring_plans (id),
	item_no      INTEGER NOT NULL,
	point_id     BIGINT NOT NULL REFERENCES monitoring_points (id),
	commodity    TEXT NOT NULL,
	period_start TEXT NOT NULL,   -- YYYY-MM-DD
	period_end   TEXT NOT NULL,
	quota        INTEGER NOT NULL,
	dept         TEXT NOT NULL,
	report_days  INTEGER NOT NULL,
	UNIQUE (plan_id, item_no, point_id, period_start)
);
CREATE INDEX monitoring_tasks_point ON monitoring_tasks (point_id);
CREATE INDEX monitoring_tasks_dept ON monitoring_tasks (dept);

CREATE TABLE monitoring_samples (
	id         INTEGER PRIMARY KEY,
	number     TEXT NOT NULL UNIQUE,
	plan_id    BIGINT NOT NULL REFERENCES monitoring_plans (id),
	item_no    INTEGER NOT NULL,
	task_id    BIGINT NOT NULL REFERENCES monitoring_tasks (id),
	point_id   BIGINT NOT NULL REFERENCES monitoring_points (id),
	hs_code    TEXT NOT NULL,
	hazard     TEXT NOT NULL,
	region     TEXT NOT NULL,
	conclusion TEXT NOT NULL,
	signal_id  BIGINT REFERENCES signals (id),
	taken_at   DATETIME NOT NULL,
	body       TEXT NOT NULL,   -- JSON: the sample with its results
	created_at DATETIME NOT NULL
);
CREATE INDEX monitoring_samples_task ON monitoring_samples (task_id, conclusion);
CREATE INDEX monitoring_samples_plan ON monitoring_samples (plan_id, item_no);
CREATE INDEX monitoring_samples_hs ON monitoring_samples (hs_code, taken_at);

CREATE TABLE monitoring_sample_matches (
	sample_id  BIGINT NOT NULL REFERENCES monitoring_samples (id),
	warning_id BIGINT NOT NULL REFERENCES warnings (id),
	PRIMARY KEY (sample_id, warning_id)
);
CREATE INDEX monitoring_sample_matches_warning ON monitoring_sample_matches (warning_id);
