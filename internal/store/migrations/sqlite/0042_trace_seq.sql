-- The trace index in every node (issue 18): each node of riskgate serve
-- keeps the trace index in memory, and before it answers a trace it brings
-- it up to date with the captures every node committed. A capture takes,
-- as the last thing it does before its transaction commits, the next value
-- of the counter 'trace' (counters: the row lock orders concurrent
-- captures, so every capture numbered up to the counter's value has
-- committed) and writes it here as seq, with the range of the event
-- numbers it wrote (first_event..last_event; those of the range with its
-- capture_id are its events); the events it declared in error are in
-- trace_declared. A node reads the counter (one row) and, when it moved,
-- the captures numbered after the last it saw. Captures made before this
-- migration have no seq: an index built from the store holds them.
-- SQLite version; postgres/0042_trace_seq.sql is its twin.
ALTER TABLE trace_captures ADD COLUMN seq BIGINT;
ALTER TABLE trace_captures ADD COLUMN first_event BIGINT NOT NULL DEFAULT 0;
ALTER TABLE trace_captures ADD COLUMN last_event BIGINT NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX trace_captures_seq ON trace_captures (seq);

CREATE TABLE trace_declared (
	capture_id BIGINT NOT NULL,  -- trace_captures.id of the declaring capture
	event      BIGINT NOT NULL,  -- trace_events.id declared in error
	PRIMARY KEY (capture_id, event)
);
