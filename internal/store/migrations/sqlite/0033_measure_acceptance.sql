-- A measure's rule for accepted third-party reports (采信, issue 17 item 5):
-- JSON {test_items, decision}, '' when the measure accepts none; and the
-- laboratories' changes by time, which the reminders read.
-- SQLite version; postgres/0033_measure_acceptance.sql is its twin.
-- (0030–0032 are reserved for other branches.)
ALTER TABLE measures ADD COLUMN acceptance TEXT NOT NULL DEFAULT '';
CREATE INDEX lab_changes_at ON lab_changes (at);
