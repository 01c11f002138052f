-- Sessions end after a while without use, not only at their absolute
-- expiry; API tokens record when they were last used, for the list
-- administrators revoke from. Both are written at most once a minute.
ALTER TABLE sessions ADD COLUMN last_seen_at DATETIME;
UPDATE sessions SET last_seen_at = created_at;
ALTER TABLE api_tokens ADD COLUMN last_used_at DATETIME;
