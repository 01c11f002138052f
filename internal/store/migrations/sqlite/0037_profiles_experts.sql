-- Assessment profiles and the expert register (seed tasks 5–6, issue 20
-- item 6): each version of a risk-matrix profile is a draft, the active
-- one (one per code: what new assessments are graded with) or retired,
-- with who wrote it and when it was activated; the register of experts
-- (field, organisation, title, the account they sign in with, their
-- conflicts of interest as JSON); an assessment's expert panel, each
-- member's opinion and the panel's conclusion. SQLite version;
-- postgres/0037_profiles_experts.sql is its twin. (0035 and 0036 are
-- reserved for other branches.)
ALTER TABLE assessment_profiles ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE assessment_profiles ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment_profiles ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE assessment_profiles ADD COLUMN activated_at DATETIME;
-- Versions stored before: the latest of each code is the active one.
UPDATE assessment_profiles SET status = 'retired'
	WHERE version < (SELECT MAX(p.version) FROM assessment_profiles p WHERE p.name = assessment_profiles.name);
UPDATE assessment_profiles SET activated_at = created_at WHERE status = 'active';
CREATE UNIQUE INDEX assessment_profiles_active ON assessment_profiles (name) WHERE status = 'active';
CREATE UNIQUE INDEX assessment_profiles_draft ON assessment_profiles (name) WHERE status = 'draft';

CREATE TABLE experts (
	id           INTEGER PRIMARY KEY,
	name         TEXT NOT NULL,
	field        TEXT NOT NULL,
	organisation TEXT NOT NULL,
	title        TEXT NOT NULL DEFAULT '',
	user_id      BIGINT REFERENCES users (id),
	conflicts    TEXT NOT NULL DEFAULT '[]', -- JSON: [{uscc, name, reason}]
	notes        TEXT NOT NULL DEFAULT '',
	active       BOOLEAN NOT NULL DEFAULT TRUE,
	created_at   DATETIME NOT NULL,
	updated_at   DATETIME NOT NULL,
	rev          INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX experts_user ON experts (user_id) WHERE user_id IS NOT NULL;

CREATE TABLE assessment_panels (
	assessment_id BIGINT PRIMARY KEY REFERENCES assessments (id),
	convened_by   BIGINT NOT NULL,
	convened_at   DATETIME NOT NULL,
	outcome       TEXT NOT NULL DEFAULT '',
	conclusion    TEXT NOT NULL DEFAULT '',
	concluded_by  BIGINT,
	concluded_at  DATETIME
);

CREATE TABLE assessment_panel_members (
	assessment_id BIGINT NOT NULL REFERENCES assessment_panels (assessment_id),
	expert_id     BIGINT NOT NULL REFERENCES experts (id),
	added_by      BIGINT NOT NULL,
	added_at      DATETIME NOT NULL,
	stance        TEXT NOT NULL DEFAULT '',
	opinion       TEXT NOT NULL DEFAULT '',
	opinion_at    DATETIME,
	recorded_by   BIGINT,
	PRIMARY KEY (assessment_id, expert_id)
);
CREATE INDEX assessment_panel_members_expert ON assessment_panel_members (expert_id);
