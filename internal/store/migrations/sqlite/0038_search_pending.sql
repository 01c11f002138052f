-- Signals stored whose search documents are still to be written (issue 14,
-- item 5): the intake writes one row a batch — the range of ids it drew — in
-- its own transaction, and the indexer (store.DB.IndexPending, in the
-- background and before each signal search) deletes the row in the
-- transaction that writes the documents. A crash between the two leaves the
-- row, so the next indexer writes them. SQLite version;
-- postgres/0038_search_pending.sql is its twin.
CREATE TABLE search_pending (
	id        INTEGER PRIMARY KEY AUTOINCREMENT, -- never reused: a search indexes up to the newest id it saw
	kind      TEXT NOT NULL,   -- signal
	first_ref BIGINT NOT NULL, -- the batch's ids: first_ref to last_ref,
	last_ref  BIGINT NOT NULL  -- which may hold other batches' too
);

-- A new signal has no case: indexing only the signals that have one spares
-- every intake an index entry a signal (the lookups by case are equalities,
-- which imply IS NOT NULL, so both engines still use the index).
DROP INDEX signals_case;
CREATE INDEX signals_case ON signals (case_id) WHERE case_id IS NOT NULL;
