-- Grade I warnings are referred to the national authority (报请国务院授权部门
-- 发布) instead of being issued by the province: one referral per warning,
-- with the province's referral document number (湘关预警报〔2026〕N号, its own
-- series), the authority (national-authorities catalogue), who referred it
-- and when, and the authority's answer once recorded — issued nationally
-- (the national reference, date and URL) or returned with a grade II–IV.
-- PostgreSQL version; sqlite/0015_referrals.sql is its twin.

CREATE TABLE warning_referrals (
	warning_id         BIGINT PRIMARY KEY REFERENCES warnings (id),
	number             TEXT NOT NULL DEFAULT '',
	authority          TEXT NOT NULL DEFAULT '',
	referred_at        TIMESTAMPTZ NOT NULL,
	referred_by        TEXT NOT NULL,
	note               TEXT NOT NULL DEFAULT '',
	outcome            TEXT NOT NULL DEFAULT 'pending',
	decided_at         TIMESTAMPTZ,
	national_reference TEXT NOT NULL DEFAULT '',
	national_url       TEXT NOT NULL DEFAULT '',
	returned_grade     TEXT NOT NULL DEFAULT '',
	outcome_note       TEXT NOT NULL DEFAULT '',
	recorded_at        TIMESTAMPTZ,
	recorded_by        TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX warning_referrals_number ON warning_referrals (number) WHERE number <> '';
CREATE INDEX warning_referrals_pending ON warning_referrals (referred_at) WHERE outcome = 'pending';

-- Warnings referred before referrals were recorded get a record without
-- authority or number, so that their outcome can be recorded.
INSERT INTO warning_referrals (warning_id, referred_at, referred_by, note)
SELECT id, COALESCE(issued_at, updated_at), '系统', '本记录建立前已上报，上报对象和文号未记录 / referred before referrals were recorded'
FROM warnings WHERE status = 'referred';
