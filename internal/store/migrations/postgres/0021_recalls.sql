-- Recall cases (缺陷召回, task 11): the producer or importer, its products
-- and the plan as JSON documents (the recall-plan template's fields), the
-- lead and supporting departments, the dates the legal periods count
-- from. PostgreSQL version; sqlite/0021_recalls.sql is its twin.
CREATE TABLE recalls (
	id              BIGSERIAL PRIMARY KEY,
	kind            TEXT NOT NULL,
	ordered         BOOLEAN NOT NULL DEFAULT FALSE, -- 责令召回 (an environmental recall keeps its kind)
	status          TEXT NOT NULL,
	enterprise_id   BIGINT NOT NULL REFERENCES enterprises (id),
	enterprise_uscc TEXT NOT NULL,
	enterprise_name TEXT NOT NULL,
	products        TEXT NOT NULL,            -- JSON [{"name", "brand", "model", …}]
	defect          TEXT NOT NULL,
	cause           TEXT NOT NULL DEFAULT '',
	hazard          TEXT NOT NULL DEFAULT '',
	consequences    TEXT NOT NULL DEFAULT '',
	incidents       TEXT NOT NULL DEFAULT '',
	foreign_recalls TEXT NOT NULL DEFAULT '[]', -- JSON
	trigger_code    TEXT NOT NULL DEFAULT '',
	aware_on        TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD
	reported_on     TEXT NOT NULL DEFAULT '',
	plan            TEXT,                      -- JSON, once filed
	plan_returned   TEXT NOT NULL DEFAULT '',  -- why the regulator sent the plan back
	dept            TEXT NOT NULL,
	supporting      TEXT NOT NULL DEFAULT '[]', -- JSON
	case_id         BIGINT,
	warning_id      BIGINT,
	notice_on       TEXT NOT NULL DEFAULT '',  -- the recall notice was published
	completed_on    TEXT NOT NULL DEFAULT '',
	summary_on      TEXT NOT NULL DEFAULT '',
	created_by      TEXT NOT NULL,
	created_at      TIMESTAMPTZ NOT NULL,
	updated_at      TIMESTAMPTZ NOT NULL,
	rev             INTEGER NOT NULL
);
CREATE INDEX recalls_enterprise ON recalls (enterprise_id, id);
CREATE INDEX recalls_dept ON recalls (dept, status);

-- Progress reports: cumulative totals as of a date, each unit counted once
-- by where it ended; the breakdowns by channel and division as JSON.
CREATE TABLE recall_progress (
	id         BIGSERIAL PRIMARY KEY,
	recall_id  BIGINT NOT NULL REFERENCES recalls (id),
	as_of      TEXT NOT NULL,              -- YYYY-MM-DD
	located    BIGINT NOT NULL,
	corrected  BIGINT NOT NULL,
	returned   BIGINT NOT NULL,
	destroyed  BIGINT NOT NULL,
	by_channel TEXT NOT NULL DEFAULT '{}',
	by_region  TEXT NOT NULL DEFAULT '{}',
	note       TEXT NOT NULL DEFAULT '',
	created_by TEXT NOT NULL,
	created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX recall_progress_recall ON recall_progress (recall_id, id);
CREATE INDEX recalls_case ON recalls (case_id);
