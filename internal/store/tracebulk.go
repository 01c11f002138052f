package store

import (
	"context"
	"fmt"
	"slices"

	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

var _ trace.BulkStore = (*TraceStore)(nil)

// traceBulkIndexes are the PostgreSQL indexes of the trace tables a bulk
// load drops first and builds again after the rows are in (a sorted build
// is faster than millions of random inserts into a unique index): the
// statement that drops each, then the one that makes it again.
var traceBulkIndexes = [][2]string{
	{`ALTER TABLE trace_events DROP CONSTRAINT trace_events_hash_key`, `ALTER TABLE trace_events ADD CONSTRAINT trace_events_hash_key UNIQUE (hash)`},
	{`DROP INDEX trace_events_event_id`, `CREATE INDEX trace_events_event_id ON trace_events (event_id)`},
	{`DROP INDEX trace_events_time`, `CREATE INDEX trace_events_time ON trace_events (event_time, id)`},
	{`DROP INDEX trace_events_enterprise`, `CREATE INDEX trace_events_enterprise ON trace_events (enterprise_id, id)`},
	{`ALTER TABLE trace_refs DROP CONSTRAINT trace_refs_pkey`, `ALTER TABLE trace_refs ADD PRIMARY KEY (item, event, role)`},
	{`DROP INDEX trace_refs_event`, `CREATE INDEX trace_refs_event ON trace_refs (event)`},
	{`ALTER TABLE trace_parties DROP CONSTRAINT trace_parties_pkey`, `ALTER TABLE trace_parties ADD PRIMARY KEY (event, dest, party, type)`},
	{`DROP INDEX trace_parties_party`, `CREATE INDEX trace_parties_party ON trace_parties (party)`},
}

// BulkLoad writes a capture of many events into an empty repository in one
// transaction: the capture row, each batch of records as Capture writes
// them (COPY on PostgreSQL, prepared multi-row INSERTs on SQLite), the
// identifiers numbered once through a map kept for the load, then the
// tally and the audit entry. On PostgreSQL the trace tables' indexes are
// dropped first and built after the load (the unique hash index then
// refuses an event loaded twice, failing the whole load).
func (s *TraceStore) BulkLoad(ctx context.Context, c *trace.Capture, next func() ([]*trace.Record, error)) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM trace_events LIMIT 1) t`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return risk.Errorf(risk.ErrConflict, "%s", risk.Bilingual("批量载入只用于空的追溯库。", "a bulk load is for an empty traceability repository."))
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO trace_captures (captured_at, actor_id, enterprise_id, created, events, captured, duplicates, declared)
			VALUES ($1, $2, $3, NULL, 0, 0, 0, 0) RETURNING id`, c.At, int64(c.ActorID), int64(c.EnterpriseID)).Scan(&id); err != nil {
			return fmt.Errorf("store: insert trace capture: %w", err)
		}
		c.ID = risk.ID(id)
		pg := s.db.d.name() == "postgres"
		if pg {
			if _, err := tx.ExecContext(ctx, `SET LOCAL maintenance_work_mem = '512MB'`); err != nil {
				return err
			}
			for _, ix := range traceBulkIndexes {
				if _, err := tx.ExecContext(ctx, ix[0]); err != nil {
					return fmt.Errorf("store: bulk load: %s: %w", ix[0], err)
				}
			}
		}
		known := map[string]int64{}
		var first, last int64
		for {
			recs, err := next()
			if err != nil {
				return err
			}
			if recs == nil {
				break
			}
			if len(recs) == 0 {
				continue
			}
			batch := &trace.Capture{ID: c.ID, EnterpriseID: c.EnterpriseID, Records: recs}
			if err := s.insertEvents(ctx, tx, batch, known); err != nil {
				return err
			}
			eventRange(&first, &last, recs)
		}
		if pg {
			for _, ix := range traceBulkIndexes {
				if _, err := tx.ExecContext(ctx, ix[1]); err != nil {
					if s.db.d.uniqueViolation(err) {
						return risk.Errorf(risk.ErrConflict, "%s", risk.Bilingual("批量载入的事件有重复。", "an event of the bulk load is there twice."))
					}
					return fmt.Errorf("store: bulk load: %s: %w", ix[1], err)
				}
			}
		}
		r := c.Result
		if _, err := tx.ExecContext(ctx, `UPDATE trace_captures SET events = $1, captured = $2, duplicates = $3, declared = $4 WHERE id = $5`,
			r.Events, r.Captured, r.Duplicates, r.Declared, id); err != nil {
			return fmt.Errorf("store: update trace capture: %w", err)
		}
		c.Audit.EntityID = c.ID
		if err := appendAudit(ctx, tx, &c.Audit); err != nil {
			return err
		}
		return numberCapture(ctx, tx, id, first, last)
	})
}

var _ trace.OccurrenceSource = (*TraceStore)(nil)

// Occurrences reads events not declared in error as occurrences, for the
// trace index: those numbered ids, or all (three ordered scans, events,
// references and parties, merged by event number, so that ten million
// events stream through in constant memory).
func (s *TraceStore) Occurrences(ctx context.Context, ids []int64, fn func(*trace.Occurrence) error) error {
	if ids != nil {
		occs, err := s.occurrencesOf(ctx, ids)
		if err != nil {
			return err
		}
		for _, o := range occs {
			if err := fn(o); err != nil {
				return err
			}
		}
		return nil
	}
	evs, err := s.db.query(ctx, `SELECT id, type, action, event_time, biz_location_item FROM trace_events WHERE error_declared_at IS NULL ORDER BY id`)
	if err != nil {
		return err
	}
	defer evs.Close()
	refs, err := s.db.query(ctx, `SELECT event, item, role FROM trace_refs ORDER BY event`)
	if err != nil {
		return err
	}
	defer refs.Close()
	parties, err := s.db.query(ctx, `SELECT event, party, dest FROM trace_parties ORDER BY event`)
	if err != nil {
		return err
	}
	defer parties.Close()
	// The pending row of each of the two child streams (event 0: none yet,
	// -1: exhausted).
	var refEv, refItem int64
	var refRole int
	var partyEv, partyID int64
	var partyDest bool
	nextRef := func() error {
		if !refs.Next() {
			refEv = -1
			return refs.Err()
		}
		return refs.Scan(&refEv, &refItem, &refRole)
	}
	nextParty := func() error {
		if !parties.Next() {
			partyEv = -1
			return parties.Err()
		}
		return parties.Scan(&partyEv, &partyID, &partyDest)
	}
	if err := nextRef(); err != nil {
		return err
	}
	if err := nextParty(); err != nil {
		return err
	}
	for evs.Next() {
		o := &trace.Occurrence{}
		if err := evs.Scan(&o.ID, &o.Type, &o.Action, &o.At, &o.BizLocation); err != nil {
			return err
		}
		o.At = o.At.UTC()
		for refEv != -1 && refEv < o.ID { // references of declared events
			if err := nextRef(); err != nil {
				return err
			}
		}
		for refEv == o.ID {
			role, _ := roleOf(refRole)
			if !slices.ContainsFunc(o.Refs, func(l trace.Link) bool { return l.Item == refItem && l.Role == role }) {
				o.Refs = append(o.Refs, trace.Link{Item: refItem, Role: role})
			}
			if err := nextRef(); err != nil {
				return err
			}
		}
		for partyEv != -1 && partyEv < o.ID {
			if err := nextParty(); err != nil {
				return err
			}
		}
		for partyEv == o.ID {
			o.Parties = append(o.Parties, trace.PartyLink{Party: partyID, Dest: partyDest})
			if err := nextParty(); err != nil {
				return err
			}
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return evs.Err()
}

// occurrencesOf reads the events numbered ids (not declared in error) as
// occurrences.
func (s *TraceStore) occurrencesOf(ctx context.Context, ids []int64) ([]*trace.Occurrence, error) {
	return s.occurrences(ctx, ids, func(in string) string { return in })
}

var _ trace.ChangeSource = (*TraceStore)(nil)

// CaptureSeq returns the number of the latest capture committed (0: none
// numbered yet): every capture numbered up to it has committed.
func (s *TraceStore) CaptureSeq(ctx context.Context) (int64, error) {
	return scanInt64(s.db.queryRow(ctx, `SELECT coalesce(max(value), 0) FROM counters WHERE name = $1`, traceCounter))
}

// Changes returns what the captures numbered after `after`, up to upto,
// did: the events they wrote that are not declared in error, and the
// events they declared in error. When their events' number ranges span
// more than max events, it reads none and answers ok false.
func (s *TraceStore) Changes(ctx context.Context, after, upto int64, max int) (events, declared []int64, ok bool, err error) {
	type capture struct{ id, first, last int64 }
	caps, err := collect(func(row rowScanner) (capture, error) {
		var c capture
		return c, row.Scan(&c.id, &c.first, &c.last)
	})(s.db.query(ctx, `SELECT id, first_event, last_event FROM trace_captures WHERE seq > $1 AND seq <= $2 ORDER BY seq`, after, upto))
	if err != nil {
		return nil, nil, false, err
	}
	span := int64(0)
	var ids []int64
	for _, c := range caps {
		ids = append(ids, c.id)
		if c.first > 0 {
			span += c.last - c.first + 1
		}
	}
	if span > int64(max) {
		return nil, nil, false, nil
	}
	for _, c := range caps {
		if c.first == 0 {
			continue
		}
		evs, err := collect(func(row rowScanner) (int64, error) {
			var id int64
			return id, row.Scan(&id)
		})(s.db.query(ctx, `SELECT id FROM trace_events WHERE id BETWEEN $1 AND $2 AND capture_id = $3 AND error_declared_at IS NULL ORDER BY id`,
			c.first, c.last, c.id))
		if err != nil {
			return nil, nil, false, err
		}
		events = append(events, evs...)
	}
	err = chunks(ids, func(part []int64) error {
		var w where
		d, err := collect(func(row rowScanner) (int64, error) {
			var id int64
			return id, row.Scan(&id)
		})(s.db.query(ctx, `SELECT event FROM trace_declared WHERE capture_id IN (`+inList(&w, part)+`) ORDER BY event`, w.args...))
		declared = append(declared, d...)
		return err
	})
	if err != nil {
		return nil, nil, false, err
	}
	return events, declared, true, nil
}
