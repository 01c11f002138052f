-- Full-chain traceability (追溯, task 18): GS1 EPCIS 2.0 events as captured
-- (the body as received, with eventID, recordTime and context added), with
-- what queries and traces need as columns and narrow rows:
-- trace_ids numbers each identifier once (its canonical Digital Link key),
-- trace_refs says which identifiers an event names in which role, and
-- trace_parties its sources and destinations. A trace loads the events
-- around a set of identifiers from these indexes, one level at a time
-- (trace.Walk), instead of a recursive query over the bodies.
-- SQLite version; postgres/0030_trace.sql is its twin.
CREATE TABLE trace_captures (
	id            INTEGER PRIMARY KEY,
	captured_at   DATETIME NOT NULL,
	actor_id      BIGINT NOT NULL,
	enterprise_id BIGINT NOT NULL DEFAULT 0,
	created       DATETIME,               -- the document's creationDate
	events        INTEGER NOT NULL,  -- in the document
	captured      INTEGER NOT NULL,
	duplicates    INTEGER NOT NULL,
	declared      INTEGER NOT NULL
);

CREATE TABLE trace_ids (
	id    INTEGER PRIMARY KEY,
	key   TEXT NOT NULL UNIQUE,  -- canonical form: https://id.gs1.org/… for GS1 keys
	uri   TEXT NOT NULL          -- as first written
);

CREATE TABLE trace_events (
	id                INTEGER PRIMARY KEY,
	hash              TEXT NOT NULL UNIQUE,   -- CBV 2.0 event hash, ni:///sha-256;…?ver=CBV2.0
	event_id          TEXT NOT NULL,          -- as given, or the hash
	type              TEXT NOT NULL,
	event_time        DATETIME NOT NULL,
	time_zone_offset  TEXT NOT NULL,
	record_time       DATETIME NOT NULL,
	action            TEXT NOT NULL DEFAULT '',
	biz_step          TEXT NOT NULL DEFAULT '',  -- bare CBV term, or the URI
	disposition       TEXT NOT NULL DEFAULT '',
	read_point        TEXT NOT NULL DEFAULT '',
	biz_location      TEXT NOT NULL DEFAULT '',
	biz_location_item BIGINT NOT NULL DEFAULT 0, -- trace_ids.id, 0: none
	capture_id        BIGINT NOT NULL REFERENCES trace_captures (id),
	enterprise_id     BIGINT NOT NULL DEFAULT 0,
	error_declared_at DATETIME,                    -- declared in error: not traced
	error_reason      TEXT NOT NULL DEFAULT '',
	error_body        TEXT NOT NULL DEFAULT '', -- JSON: the errorDeclaration
	body              TEXT NOT NULL           -- JSON: the event
);
CREATE INDEX trace_events_event_id ON trace_events (event_id);
CREATE INDEX trace_events_time ON trace_events (event_time, id);
CREATE INDEX trace_events_enterprise ON trace_events (enterprise_id, id);

-- role: 1 epcList, 2 parentID, 3 childEPCs, 4 inputEPCList, 5 outputEPCList;
-- 6 quantityList, 7 childQuantityList, 8 inputQuantityList, 9 outputQuantityList.
CREATE TABLE trace_refs (
	item     BIGINT NOT NULL,   -- trace_ids.id
	event    BIGINT NOT NULL,   -- trace_events.id
	role     SMALLINT NOT NULL,
	quantity DOUBLE PRECISION,
	uom      TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (item, event, role)
);
CREATE INDEX trace_refs_event ON trace_refs (event);

CREATE TABLE trace_parties (
	event BIGINT NOT NULL,   -- trace_events.id
	party BIGINT NOT NULL,   -- trace_ids.id
	dest  BOOLEAN NOT NULL,  -- false: a source
	type  TEXT NOT NULL,     -- bare CBV term, or the URI
	PRIMARY KEY (event, dest, party, type)
);
CREATE INDEX trace_parties_party ON trace_parties (party);
