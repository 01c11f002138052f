-- A signal's received time may give only the year (issue 13): Safety Gate's
-- sample dates an alert by its year alone, and riskgate stores it as
-- received on that year's 1 January, 00:00 UTC. received_year_only says so,
-- so that matching reads a line of that year as not known to be after the
-- alert and the pages show the year, not a made-up minute. Signals stored
-- before this migration are marked by that rule: a Safety Gate signal
-- received at a year's first instant (no alert is published then).
-- PostgreSQL version; sqlite/0043_signal_year_only.sql is its twin.
ALTER TABLE signals ADD COLUMN received_year_only BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE signals SET received_year_only = TRUE
	WHERE channel = 'foreign-notification' AND external_ref LIKE 'safetygate:%'
	AND received_at = date_trunc('year', received_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
