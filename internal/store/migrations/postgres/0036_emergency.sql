-- Port emergency response (口岸风险应急处置, task 14): emergency plans with
-- their levels, command, contacts and resources in the record's body;
-- incidents with their tasks and timeline in the body, the departments
-- taking part beside it (JSON, for department scoping) and each task's
-- department, deadline and status in emergency_tasks (rewritten with the
-- incident) so that the workbench counts open and overdue tasks by index;
-- drills per plan and port.
-- PostgreSQL version; sqlite/0036_emergency.sql is its twin.
CREATE TABLE emergency_plans (
	id         BIGSERIAL PRIMARY KEY,
	title      TEXT NOT NULL,
	hazard     TEXT NOT NULL,
	lead       TEXT NOT NULL,
	body       TEXT NOT NULL,   -- JSON: the plan
	created_at TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	rev        INTEGER NOT NULL
);

CREATE TABLE emergency_incidents (
	id         BIGSERIAL PRIMARY KEY,
	plan_id    BIGINT NOT NULL REFERENCES emergency_plans (id),
	status     TEXT NOT NULL,
	drill      BOOLEAN NOT NULL,
	depts      TEXT NOT NULL,   -- JSON: the departments taking part
	body       TEXT NOT NULL,   -- JSON: the incident
	opened_at  TIMESTAMPTZ NOT NULL,
	updated_at TIMESTAMPTZ NOT NULL,
	rev        INTEGER NOT NULL
);
CREATE INDEX emergency_incidents_plan ON emergency_incidents (plan_id, id);

CREATE TABLE emergency_tasks (
	incident_id BIGINT NOT NULL REFERENCES emergency_incidents (id),
	seq         INTEGER NOT NULL,
	dept        TEXT NOT NULL,
	due         TIMESTAMPTZ NOT NULL,
	status      TEXT NOT NULL,
	PRIMARY KEY (incident_id, seq)
);
CREATE INDEX emergency_tasks_dept ON emergency_tasks (status, dept, due);

CREATE TABLE emergency_drills (
	id           BIGSERIAL PRIMARY KEY,
	plan_id      BIGINT NOT NULL REFERENCES emergency_plans (id),
	port         TEXT NOT NULL,
	status       TEXT NOT NULL,
	scheduled_on TEXT NOT NULL,   -- YYYY-MM-DD
	depts        TEXT NOT NULL,   -- JSON: the plan's departments
	body         TEXT NOT NULL,   -- JSON: the drill
	created_at   TIMESTAMPTZ NOT NULL,
	updated_at   TIMESTAMPTZ NOT NULL,
	rev          INTEGER NOT NULL
);
CREATE INDEX emergency_drills_due ON emergency_drills (status, scheduled_on);
CREATE INDEX emergency_drills_plan ON emergency_drills (plan_id, scheduled_on);
