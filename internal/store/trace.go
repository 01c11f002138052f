package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/epcis"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/trace"
)

// TraceStore implements trace.Store.
type TraceStore struct{ db *DB }

// Trace returns the traceability store.
func (db *DB) Trace() *TraceStore { return &TraceStore{db: db} }

var _ trace.Store = (*TraceStore)(nil)

// The role codes of trace_refs (the migration lists them).
var roleCodes = map[epcis.Role][2]int{
	epcis.RoleEPC: {1, 6}, epcis.RoleParent: {2, 2}, epcis.RoleChild: {3, 7}, epcis.RoleInput: {4, 8}, epcis.RoleOutput: {5, 9},
}

func roleCode(r epcis.Ref) int {
	c := roleCodes[r.Role]
	if r.Class {
		return c[1]
	}
	return c[0]
}

func roleOf(code int) (epcis.Role, bool) {
	for r, c := range roleCodes {
		if c[0] == code {
			return r, false
		}
		if c[1] == code {
			return r, true
		}
	}
	return "", false
}

// inChunk is the most values one IN list carries.
const inChunk = 500

// chunks calls fn with successive slices of at most inChunk values.
func chunks[T any](vals []T, fn func([]T) error) error {
	for start := 0; start < len(vals); start += inChunk {
		if err := fn(vals[start:min(start+inChunk, len(vals))]); err != nil {
			return err
		}
	}
	return nil
}

// Held returns the stored events with any of the hashes or eventIDs.
func (s *TraceStore) Held(ctx context.Context, hashes, eventIDs []string) ([]trace.Held, error) {
	return s.held(ctx, s.db.query, hashes, eventIDs)
}

func (s *TraceStore) held(ctx context.Context, query func(ctx context.Context, q string, args ...any) (*sql.Rows, error),
	hashes, eventIDs []string) ([]trace.Held, error) {
	var out []trace.Held
	seen := map[int64]bool{}
	scan := func(col string, vals []string) error {
		return chunks(vals, func(part []string) error {
			var w where
			rows, err := query(ctx, `SELECT id, hash, event_id, error_declared_at IS NOT NULL FROM trace_events WHERE `+col+` IN (`+inList(&w, part)+`)`, w.args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var h trace.Held
				if err := rows.Scan(&h.ID, &h.Hash, &h.EventID, &h.Declared); err != nil {
					return err
				}
				if !seen[h.ID] {
					seen[h.ID] = true
					out = append(out, h)
				}
			}
			return rows.Err()
		})
	}
	if err := scan("hash", hashes); err != nil {
		return nil, err
	}
	return out, scan("event_id", eventIDs)
}

// CaptureStream writes a streamed capture in one transaction: its row,
// the chunks fill writes, then its tally and audit entry.
func (s *TraceStore) CaptureStream(ctx context.Context, c *trace.Capture, fill func(w trace.CaptureWriter) error) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		c.Result = trace.CaptureResult{}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO trace_captures (captured_at, actor_id, enterprise_id, created, events, captured, duplicates, declared)
			VALUES ($1, $2, $3, NULL, 0, 0, 0, 0) RETURNING id`, c.At, int64(c.ActorID), int64(c.EnterpriseID)).Scan(&id); err != nil {
			return fmt.Errorf("store: insert trace capture: %w", err)
		}
		c.ID = risk.ID(id)
		cw := &captureWriter{s: s, tx: tx}
		if err := fill(cw); err != nil {
			return err
		}
		var created any
		if !c.Created.IsZero() {
			created = c.Created
		}
		r := c.Result
		if _, err := tx.ExecContext(ctx, `UPDATE trace_captures SET created = $1, events = $2, captured = $3, duplicates = $4, declared = $5 WHERE id = $6`,
			created, r.Events, r.Captured, r.Duplicates, r.Declared, id); err != nil {
			return fmt.Errorf("store: update trace capture: %w", err)
		}
		c.Audit.EntityID = c.ID
		if err := appendAudit(ctx, tx, &c.Audit); err != nil {
			return err
		}
		return numberCapture(ctx, tx, id, cw.first, cw.last)
	})
}

// numberCapture gives the capture id, inside its transaction and as the
// last thing it does, the next number of the captures in commit order
// (the counter 'trace': its row lock orders concurrent captures, so that
// every capture numbered up to the counter's value has committed), with
// the range of the event numbers it wrote (0, 0: none). Nodes follow the
// captures by these numbers (TraceStore.Changes).
func numberCapture(ctx context.Context, tx *Tx, id, first, last int64) error {
	seq, err := nextCounter(ctx, tx, traceCounter)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE trace_captures SET seq = $1, first_event = $2, last_event = $3 WHERE id = $4`, seq, first, last, id); err != nil {
		return fmt.Errorf("store: number trace capture: %w", err)
	}
	return nil
}

// traceCounter is the counter that numbers captures in commit order.
const traceCounter = "trace"

// eventRange widens first..last (0, 0: empty) to the numbers of recs.
func eventRange(first, last *int64, recs []*trace.Record) {
	for _, r := range recs {
		if r.Stored == 0 {
			continue
		}
		if *first == 0 || r.Stored < *first {
			*first = r.Stored
		}
		if r.Stored > *last {
			*last = r.Stored
		}
	}
}

// captureWriter writes a streamed capture's chunks in its transaction.
type captureWriter struct {
	s           *TraceStore
	tx          *Tx
	first, last int64 // the range of the event numbers written
}

func (w *captureWriter) Held(ctx context.Context, hashes, eventIDs []string) ([]trace.Held, error) {
	return w.s.held(ctx, w.tx.QueryContext, hashes, eventIDs)
}

func (w *captureWriter) Write(ctx context.Context, c *trace.Capture) error {
	if len(c.Records) > 0 {
		if err := w.s.insertEvents(ctx, w.tx, c, nil); err != nil {
			return err
		}
		eventRange(&w.first, &w.last, c.Records)
	}
	return declare(ctx, w.tx, c.ID, c.Declarations)
}

// declare marks stored events as declared in error, and records that the
// capture declared them (trace_declared, which nodes follow).
func declare(ctx context.Context, tx *Tx, capture risk.ID, ds []trace.Declaration) error {
	for _, d := range ds {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trace_declared (capture_id, event) VALUES ($1, $2) ON CONFLICT (capture_id, event) DO NOTHING`,
			int64(capture), d.Event); err != nil {
			return fmt.Errorf("store: record declared trace event %d: %w", d.Event, err)
		}
		var m map[string]json.RawMessage
		_ = json.Unmarshal(d.Body, &m) // a parsed event: an object
		body := m["errorDeclaration"]
		if _, err := tx.ExecContext(ctx, `UPDATE trace_events SET error_declared_at = $1, error_reason = $2, error_body = $3
			WHERE id = $4 AND error_declared_at IS NULL`, d.Declaration.DeclarationTime.UTC(), d.Declaration.Reason, string(body), d.Event); err != nil {
			return fmt.Errorf("store: declare trace event %d: %w", d.Event, err)
		}
	}
	return nil
}

// Capture writes a capture in one transaction: the identifiers not yet
// numbered, the events, their references and parties, the declarations
// and the audit entry.
func (s *TraceStore) Capture(ctx context.Context, c *trace.Capture) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		var created any
		if !c.Created.IsZero() {
			created = c.Created
		}
		r := c.Result
		if err := tx.QueryRowContext(ctx, `INSERT INTO trace_captures (captured_at, actor_id, enterprise_id, created, events, captured, duplicates, declared)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, c.At, int64(c.ActorID), int64(c.EnterpriseID), created,
			r.Events, r.Captured, r.Duplicates, r.Declared).Scan(&id); err != nil {
			return fmt.Errorf("store: insert trace capture: %w", err)
		}
		c.ID = risk.ID(id)
		if len(c.Records) > 0 {
			if err := s.insertEvents(ctx, tx, c, nil); err != nil {
				return err
			}
		}
		if err := declare(ctx, tx, c.ID, c.Declarations); err != nil {
			return err
		}
		c.Audit.EntityID = c.ID
		if err := appendAudit(ctx, tx, &c.Audit); err != nil {
			return err
		}
		var first, last int64
		eventRange(&first, &last, c.Records)
		return numberCapture(ctx, tx, id, first, last)
	})
}

// insertEvents writes c's records; known (nil: none), the numbers of
// identifiers a bulk load has met already, saves looking them up again and
// learns the new ones.
func (s *TraceStore) insertEvents(ctx context.Context, tx *Tx, c *trace.Capture, known map[string]int64) error {
	// Number every identifier the events name.
	uris := map[string]string{}
	items := map[string]int64{}
	note := func(key, uri string) {
		if id, ok := known[key]; ok {
			items[key] = id
			return
		}
		uris[key] = uri
	}
	for _, r := range c.Records {
		for _, ref := range r.Refs {
			note(ref.EPC.Key, ref.EPC.URI)
		}
		for _, p := range r.Parties {
			note(p.ID.Key, p.ID.URI)
		}
		if r.BizLocation != "" {
			note(locationKey(r.Event), r.BizLocation)
		}
	}
	keys := make([]string, 0, len(uris))
	for k := range uris {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if known == nil { // a bulk load starts empty: what it has not met is new
		found, err := s.items(ctx, tx, keys)
		if err != nil {
			return err
		}
		for k, v := range found {
			items[k] = v
		}
	}
	var missing []string
	for _, k := range keys {
		if _, ok := items[k]; !ok {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		if err := insertRows(ctx, tx, "INSERT INTO trace_ids (key, uri) VALUES ", 2, len(missing),
			func(i int) []any { return []any{missing[i], uris[missing[i]]} }, " ON CONFLICT (key) DO NOTHING", nil); err != nil {
			return fmt.Errorf("store: insert trace ids: %w", err)
		}
		more, err := s.items(ctx, tx, missing)
		if err != nil {
			return err
		}
		for k, v := range more {
			items[k] = v
		}
	}
	if known != nil {
		for k, v := range items {
			known[k] = v
		}
	}
	ids, err := tx.db.d.reserveIDs(ctx, tx, "trace_events", len(c.Records))
	if err != nil {
		return err
	}
	for i, r := range c.Records {
		r.Stored = ids[i]
	}
	cols := []string{"id", "hash", "event_id", "type", "event_time", "time_zone_offset", "record_time", "action", "biz_step", "disposition",
		"read_point", "biz_location", "biz_location_item", "capture_id", "enterprise_id", "error_declared_at", "error_reason", "error_body", "body"}
	err = bulkInsert(ctx, tx, "trace_events", cols, len(c.Records), func(i int) []any {
		r := c.Records[i]
		var declared any
		reason, body := "", ""
		if r.Declared != nil {
			declared, reason = r.Declared.DeclarationTime.UTC(), r.Declared.Reason
			var m map[string]json.RawMessage
			_ = json.Unmarshal(r.Raw, &m)
			body = string(m["errorDeclaration"])
		}
		var loc int64
		if r.BizLocation != "" {
			loc = items[locationKey(r.Event)]
		}
		return []any{ids[i], r.Hash, r.EventID, r.Type, r.EventTime.UTC(), r.TimeZoneOffset, r.RecordTime, r.Action, r.BizStep, r.Disposition,
			r.ReadPoint, r.BizLocation, loc, int64(c.ID), int64(c.EnterpriseID), declared, reason, body, string(r.Body)}
	})
	if err != nil {
		if s.db.d.uniqueViolation(err) {
			return risk.Errorf(risk.ErrConflict, "%s", risk.Bilingual("其中的事件刚被另一请求采集，请重新提交（重复事件将被识别）。",
				"an event of the document was captured by another request meanwhile; send it again (duplicates are recognised)."))
		}
		return fmt.Errorf("store: insert trace events: %w", err)
	}
	type refRow struct {
		item, event int64
		role        int
		qty         any
		uom         string
	}
	type partyRow struct {
		event, party int64
		dest         bool
		typ          string
	}
	var refs []refRow
	var parties []partyRow
	seenRef := map[[3]int64]bool{}
	seenParty := map[string]bool{}
	for i, r := range c.Records {
		for _, ref := range r.Refs {
			row := refRow{item: items[ref.EPC.Key], event: ids[i], role: roleCode(ref), uom: ref.UOM}
			if ref.Quantity != nil {
				row.qty = *ref.Quantity
			}
			k := [3]int64{row.item, row.event, int64(row.role)}
			if !seenRef[k] {
				seenRef[k] = true
				refs = append(refs, row)
			}
		}
		for _, p := range r.Parties {
			row := partyRow{event: ids[i], party: items[p.ID.Key], dest: p.Dest, typ: p.Type}
			k := fmt.Sprint(row)
			if !seenParty[k] {
				seenParty[k] = true
				parties = append(parties, row)
			}
		}
	}
	if err := bulkInsert(ctx, tx, "trace_refs", []string{"item", "event", "role", "quantity", "uom"}, len(refs), func(i int) []any {
		r := refs[i]
		return []any{r.item, r.event, r.role, r.qty, r.uom}
	}); err != nil {
		return fmt.Errorf("store: insert trace refs: %w", err)
	}
	if err := bulkInsert(ctx, tx, "trace_parties", []string{"event", "party", "dest", "type"}, len(parties), func(i int) []any {
		p := parties[i]
		return []any{p.event, p.party, p.dest, p.typ}
	}); err != nil {
		return fmt.Errorf("store: insert trace parties: %w", err)
	}
	return nil
}

// locationKey is the key of an event's business location.
func locationKey(ev *epcis.Event) string {
	if e, err := ident.ParseEPC("bizLocation", ev.BizLocation); err == nil {
		return e.Key
	}
	return ev.BizLocation
}

// items returns the numbers of the keys that have one.
func (s *TraceStore) items(ctx context.Context, tx *Tx, keys []string) (map[string]int64, error) {
	out := map[string]int64{}
	err := chunks(keys, func(part []string) error {
		var w where
		rows, err := tx.QueryContext(ctx, `SELECT id, key FROM trace_ids WHERE key IN (`+inList(&w, part)+`)`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var k string
			if err := rows.Scan(&id, &k); err != nil {
				return err
			}
			out[k] = id
		}
		return rows.Err()
	})
	return out, err
}

// Events answers a query, in the order stored.
func (s *TraceStore) Events(ctx context.Context, f trace.Filter) ([]trace.StoredEvent, error) {
	var w where
	if len(f.EventTypes) > 0 {
		w.add("e.type IN (" + inList(&w, f.EventTypes) + ")")
	}
	if !f.GETime.IsZero() {
		w.add("e.event_time >= ?", f.GETime.UTC())
	}
	if !f.LTTime.IsZero() {
		w.add("e.event_time < ?", f.LTTime.UTC())
	}
	if !f.GERecordTime.IsZero() {
		w.add("e.record_time >= ?", f.GERecordTime.UTC())
	}
	if len(f.BizSteps) > 0 {
		w.add("e.biz_step IN (" + inList(&w, f.BizSteps) + ")")
	}
	if len(f.Dispositions) > 0 {
		w.add("e.disposition IN (" + inList(&w, f.Dispositions) + ")")
	}
	if len(f.BizLocations) > 0 {
		w.add("e.biz_location_item IN (SELECT id FROM trace_ids WHERE key IN (" + inList(&w, f.BizLocations) + "))")
	}
	match := func(ms []trace.Match, roles []int) {
		if len(ms) == 0 {
			return
		}
		var keys []string
		for _, m := range ms {
			if m.Prefix {
				w.args = append(w.args, escapeLike(m.Key)+"%")
				keys = append(keys, fmt.Sprintf(`i.key LIKE $%d ESCAPE '\'`, len(w.args)))
			} else {
				w.args = append(w.args, m.Key)
				keys = append(keys, fmt.Sprintf("i.key = $%d", len(w.args)))
			}
		}
		w.add("e.id IN (SELECT r.event FROM trace_refs r JOIN trace_ids i ON i.id = r.item WHERE r.role IN (" + inList(&w, roles) +
			") AND (" + strings.Join(keys, " OR ") + "))")
	}
	match(f.MatchEPC, []int{1, 3})
	match(f.MatchAnyEPC, []int{1, 2, 3, 4, 5})
	match(f.MatchClass, []int{6, 7, 8, 9})
	if f.ErrorDeclared != nil {
		if *f.ErrorDeclared {
			w.add("e.error_declared_at IS NOT NULL")
		} else {
			w.add("e.error_declared_at IS NULL")
		}
	}
	if f.EnterpriseID != 0 {
		w.add("e.enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.After > 0 {
		w.add("e.id > ?", f.After)
	}
	return collect(func(row rowScanner) (trace.StoredEvent, error) {
		var e trace.StoredEvent
		var body, errBody string
		err := row.Scan(&e.ID, &body, &errBody)
		e.Body, e.ErrorDeclaration = json.RawMessage(body), json.RawMessage(errBody)
		return e, err
	})(s.db.query(ctx, `SELECT e.id, e.body, e.error_body FROM trace_events e`+w.sql()+fmt.Sprintf(" ORDER BY e.id LIMIT %d", f.Limit+1), w.args...))
}

// Item returns the number of an identifier.
func (s *TraceStore) Item(ctx context.Context, key string) (int64, error) {
	id, err := scanInt64(s.db.queryRow(ctx, `SELECT id FROM trace_ids WHERE key = $1`, key))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &risk.Error{Kind: risk.ErrNotFound, Field: "id", Message: risk.Bilingual("没有涉及该标识的追溯事件。", "no traceability event names this identifier.")}
	}
	return id, err
}

// Around loads the occurrences naming any of the items: one query joins
// the items' references (trace_refs by item) to their events and to all
// the references of those events (trace_refs by event), another reads the
// events' parties. Events declared in error are left out.
func (s *TraceStore) Around(ctx context.Context, items []int64) ([]*trace.Occurrence, error) {
	return s.occurrences(ctx, items, func(in string) string { return `SELECT event FROM trace_refs WHERE item IN (` + in + `)` })
}

// occurrences reads as occurrences the events not declared in error that
// the subquery events selects from each chunk of keys (given the chunk's
// IN list), with all their references and parties.
func (s *TraceStore) occurrences(ctx context.Context, keys []int64, events func(in string) string) ([]*trace.Occurrence, error) {
	byID := map[int64]*trace.Occurrence{}
	var out []*trace.Occurrence
	err := chunks(keys, func(part []int64) error {
		var w where
		rows, err := s.db.query(ctx, `SELECT e.id, e.type, e.action, e.event_time, e.biz_location_item, r2.item, r2.role
			FROM trace_events e JOIN trace_refs r2 ON r2.event = e.id
			WHERE e.id IN (`+events(inList(&w, part))+`) AND e.error_declared_at IS NULL`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var o trace.Occurrence
			var item int64
			var code int
			if err := rows.Scan(&o.ID, &o.Type, &o.Action, &o.At, &o.BizLocation, &item, &code); err != nil {
				return err
			}
			cur := byID[o.ID]
			if cur == nil {
				o.At = o.At.UTC()
				cur = &o
				byID[o.ID] = cur
				out = append(out, cur)
			}
			role, _ := roleOf(code)
			if !slices.ContainsFunc(cur.Refs, func(l trace.Link) bool { return l.Item == item && l.Role == role }) {
				cur.Refs = append(cur.Refs, trace.Link{Item: item, Role: role})
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, s.addParties(ctx, out, byID)
}

// addParties reads the parties of the occurrences out (byID: by number).
func (s *TraceStore) addParties(ctx context.Context, out []*trace.Occurrence, byID map[int64]*trace.Occurrence) error {
	ids := make([]int64, 0, len(out))
	for _, o := range out {
		ids = append(ids, o.ID)
	}
	return chunks(ids, func(part []int64) error {
		var w where
		rows, err := s.db.query(ctx, `SELECT event, party, dest FROM trace_parties WHERE event IN (`+inList(&w, part)+`)`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p trace.PartyLink
			var ev int64
			if err := rows.Scan(&ev, &p.Party, &p.Dest); err != nil {
				return err
			}
			if o := byID[ev]; o != nil {
				o.Parties = append(o.Parties, p)
			}
		}
		return rows.Err()
	})
}

// Names returns the identifiers of item numbers, as first written.
func (s *TraceStore) Names(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	err := chunks(ids, func(part []int64) error {
		var w where
		rows, err := s.db.query(ctx, `SELECT id, uri FROM trace_ids WHERE id IN (`+inList(&w, part)+`)`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var uri string
			if err := rows.Scan(&id, &uri); err != nil {
				return err
			}
			out[id] = uri
		}
		return rows.Err()
	})
	return out, err
}

// Summaries returns events by number with the identifiers and parties they
// name, in time order.
func (s *TraceStore) Summaries(ctx context.Context, ids []int64) ([]*trace.EventSummary, error) {
	byID := map[int64]*trace.EventSummary{}
	var out []*trace.EventSummary
	err := chunks(ids, func(part []int64) error {
		var w where
		in := inList(&w, part)
		rows, err := s.db.query(ctx, `SELECT id, event_id, type, event_time, time_zone_offset, action, biz_step, disposition, read_point,
			biz_location, error_declared_at, body FROM trace_events WHERE id IN (`+in+`)`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			e := &trace.EventSummary{Items: []trace.ItemRef{}}
			var declared sql.NullTime
			var body string
			if err := rows.Scan(&e.ID, &e.EventID, &e.Type, &e.EventTime, &e.TimeZoneOffset, &e.Action, &e.BizStep, &e.Disposition,
				&e.ReadPoint, &e.BizLocation, &declared, &body); err != nil {
				rows.Close()
				return err
			}
			e.EventTime = e.EventTime.UTC()
			if declared.Valid {
				t := declared.Time.UTC()
				e.ErrorDeclaredAt = &t
			}
			var b struct {
				BizTransactions []epcis.BizTransaction `json:"bizTransactionList"`
			}
			_ = json.Unmarshal([]byte(body), &b) // written by Capture from a parsed event
			e.BizTransactions = b.BizTransactions
			byID[e.ID] = e
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = s.db.query(ctx, `SELECT r.event, i.uri, r.role, r.quantity, r.uom FROM trace_refs r JOIN trace_ids i ON i.id = r.item
			WHERE r.event IN (`+in+`) ORDER BY r.event, r.role, i.uri`, w.args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var ev int64
			var ref trace.ItemRef
			var code int
			var qty sql.NullFloat64
			if err := rows.Scan(&ev, &ref.ID, &code, &qty, &ref.UOM); err != nil {
				rows.Close()
				return err
			}
			ref.Role, _ = roleOf(code)
			if qty.Valid {
				q := qty.Float64
				ref.Quantity = &q
			}
			if e := byID[ev]; e != nil {
				e.Items = append(e.Items, ref)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		rows, err = s.db.query(ctx, `SELECT p.event, i.uri, p.dest FROM trace_parties p JOIN trace_ids i ON i.id = p.party
			WHERE p.event IN (`+in+`) ORDER BY p.event, p.dest, i.uri`, w.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var ev int64
			var uri string
			var dest bool
			if err := rows.Scan(&ev, &uri, &dest); err != nil {
				return err
			}
			if e := byID[ev]; e != nil {
				if dest {
					if !slices.Contains(e.Destinations, uri) {
						e.Destinations = append(e.Destinations, uri)
					}
				} else if !slices.Contains(e.Sources, uri) {
					e.Sources = append(e.Sources, uri)
				}
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *trace.EventSummary) int {
		if c := a.EventTime.Compare(b.EventTime); c != 0 {
			return c
		}
		return cmpID(a.ID, b.ID)
	})
	return out, nil
}

func cmpID(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Naming returns the events not declared in error that name any of the
// keys (or key prefixes) in any role, within [from, to), at most limit.
func (s *TraceStore) Naming(ctx context.Context, ms []trace.Match, from, to time.Time, limit int) ([]int64, error) {
	var w where
	var keys []string
	for _, m := range ms {
		if m.Prefix {
			w.args = append(w.args, escapeLike(m.Key)+"%")
			keys = append(keys, fmt.Sprintf(`i.key LIKE $%d ESCAPE '\'`, len(w.args)))
		} else {
			w.args = append(w.args, m.Key)
			keys = append(keys, fmt.Sprintf("i.key = $%d", len(w.args)))
		}
	}
	if len(keys) > 0 {
		w.add("e.id IN (SELECT r.event FROM trace_refs r JOIN trace_ids i ON i.id = r.item WHERE " + strings.Join(keys, " OR ") + ")")
	}
	if !from.IsZero() {
		w.add("e.event_time >= ?", from.UTC())
	}
	if !to.IsZero() {
		w.add("e.event_time < ?", to.UTC())
	}
	w.add("e.error_declared_at IS NULL")
	return collect(scanInt64)(s.db.query(ctx, `SELECT e.id FROM trace_events e`+w.sql()+fmt.Sprintf(" ORDER BY e.event_time, e.id LIMIT %d", limit), w.args...))
}

// WalkCTE is the same trace as trace.Walk over Around, written as one
// recursive query per answer (the states (item, time bound, reached from a
// child) to a fixed point, then the parties of the events followed). It is
// the peer `riskgate bench trace` measures the walk against, and the
// reference the benchmark checks the walk's answers with; no handler calls it.
func (s *TraceStore) WalkCTE(ctx context.Context, d trace.Direction, start int64) (items, parties []int64, err error) {
	agg := `e.type IN ('AggregationEvent', 'AssociationEvent')`
	var q string
	if d == trace.Forward {
		q = `WITH RECURSIVE walk(item, at, up) AS (
			SELECT CAST($1 AS BIGINT), ` + s.timeParam() + `, FALSE
			UNION
			SELECT r2.item, e.event_time, ` + agg + ` AND r2.role = 2
			FROM walk w
			JOIN trace_refs r ON r.item = w.item
			JOIN trace_events e ON e.id = r.event AND e.event_time >= w.at AND e.error_declared_at IS NULL
			JOIN trace_refs r2 ON r2.event = e.id
			WHERE (` + agg + ` AND r.role IN (3, 7) AND e.action <> 'DELETE' AND r2.role = 2)
				OR (` + agg + ` AND r.role = 2 AND NOT w.up AND r2.role IN (3, 7))
				OR (e.type = 'TransformationEvent' AND r.role IN (4, 8) AND r2.role IN (5, 9))
		)`
	} else {
		q = `WITH RECURSIVE walk(item, at, up) AS (
			SELECT CAST($1 AS BIGINT), ` + s.timeParam() + `, FALSE
			UNION
			SELECT r2.item, CASE WHEN r2.role = 2 THEN w.at ELSE e.event_time END, ` + agg + ` AND r2.role = 2
			FROM walk w
			JOIN trace_refs r ON r.item = w.item
			JOIN trace_events e ON e.id = r.event AND e.event_time <= w.at AND e.error_declared_at IS NULL
			JOIN trace_refs r2 ON r2.event = e.id
			WHERE (` + agg + ` AND r.role IN (3, 7) AND e.action <> 'DELETE' AND r2.role = 2)
				OR (` + agg + ` AND r.role = 2 AND NOT w.up AND r2.role IN (3, 7))
				OR (e.type = 'TransformationEvent' AND r.role IN (5, 9) AND r2.role IN (4, 8))
		)`
	}
	bound, cmp, agg2, dest := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), ">=", "min", true
	if d == trace.Backward {
		bound, cmp, agg2, dest = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC), "<=", "max", false
	}
	items, err = collect(scanInt64)(s.db.query(ctx, q+` SELECT DISTINCT item FROM walk ORDER BY item`, start, bound))
	if err != nil {
		return nil, nil, err
	}
	parties, err = collect(scanInt64)(s.db.query(ctx, q+`, reached AS (SELECT item, `+agg2+`(at) AS at FROM walk GROUP BY item),
		followed AS (SELECT DISTINCT e.id, e.biz_location_item FROM reached i JOIN trace_refs r ON r.item = i.item
			JOIN trace_events e ON e.id = r.event AND e.event_time `+cmp+` i.at AND e.error_declared_at IS NULL)
		SELECT biz_location_item FROM followed WHERE biz_location_item <> 0
		UNION SELECT p.party FROM followed f JOIN trace_parties p ON p.event = f.id AND p.dest = $3
		ORDER BY 1`, start, bound, dest))
	return items, parties, err
}

// timeParam is the time bound $2, typed where the engine needs it
// (SQLite compares the stored text as it is).
func (s *TraceStore) timeParam() string {
	if s.db.d.name() == "postgres" {
		return "CAST($2 AS TIMESTAMPTZ)"
	}
	return "$2"
}

// Analyze refreshes the planner's statistics of the trace tables (after a
// bulk load, as the benchmark does).
func (s *TraceStore) Analyze(ctx context.Context) error {
	for _, t := range []string{"trace_events", "trace_refs", "trace_parties", "trace_ids"} {
		if _, err := s.db.w.ExecContext(ctx, "ANALYZE "+t); err != nil {
			return fmt.Errorf("store: analyze %s: %w", t, err)
		}
	}
	return nil
}

// GLNs returns the GLN register's entries for glns (nil: all, by GLN),
// with the enterprise's USCC and name (a port's the service names).
func (s *TraceStore) GLNs(ctx context.Context, glns []string) ([]trace.GLN, error) {
	q := `SELECT g.gln, g.kind, g.port, g.enterprise_id, COALESCE(e.uscc, ''), COALESCE(e.name_zh, ''), g.note, g.created_by, g.created_at
		FROM trace_glns g LEFT JOIN enterprises e ON e.id = g.enterprise_id`
	var out []trace.GLN
	scan := func(cond string, args []any) error {
		rows, err := s.db.query(ctx, q+cond+` ORDER BY g.gln`, args...)
		if err != nil {
			return fmt.Errorf("store: trace glns: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var g trace.GLN
			var kind string
			var firm int64
			if err := rows.Scan(&g.GLN, &kind, &g.Port, &firm, &g.USCC, &g.Name, &g.Note, &g.CreatedBy, &g.CreatedAt); err != nil {
				return err
			}
			g.Kind, g.EnterpriseID, g.CreatedAt = trace.GLNKind(kind), risk.ID(firm), g.CreatedAt.UTC()
			out = append(out, g)
		}
		return rows.Err()
	}
	if glns == nil {
		return out, scan("", nil)
	}
	err := chunks(glns, func(part []string) error {
		var w where
		return scan(` WHERE g.gln IN (`+inList(&w, part)+`)`, w.args)
	})
	slices.SortFunc(out, func(a, b trace.GLN) int { return strings.Compare(a.GLN, b.GLN) })
	return out, err
}

// SaveGLN records g, replacing the entry of its GLN, with its audit entry.
func (s *TraceStore) SaveGLN(ctx context.Context, g *trace.GLN, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO trace_glns (gln, kind, port, enterprise_id, note, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (gln) DO UPDATE SET kind = excluded.kind, port = excluded.port, enterprise_id = excluded.enterprise_id,
				note = excluded.note, created_by = excluded.created_by, created_at = excluded.created_at`,
			g.GLN, string(g.Kind), g.Port, int64(g.EnterpriseID), g.Note, g.CreatedBy, g.CreatedAt.UTC()); err != nil {
			return fmt.Errorf("store: save trace gln: %w", err)
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// DeleteGLN removes a GLN's entry with its audit entry (risk.ErrNotFound).
func (s *TraceStore) DeleteGLN(ctx context.Context, gln string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM trace_glns WHERE gln = $1`, gln)
		if err != nil {
			return fmt.Errorf("store: delete trace gln: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrNotFound, "%s", risk.Bilingual("全球位置码 "+gln+" 未登记。", "GLN "+gln+" is not in the register."))
		}
		return appendAudit(ctx, tx, &ae)
	})
}
