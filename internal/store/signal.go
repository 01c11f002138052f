package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/search"
	"riskgate/internal/signal"
)

// SignalStore implements signal.Store.
type SignalStore struct{ db *DB }

// Signals returns the signal store.
func (db *DB) Signals() *SignalStore { return &SignalStore{db: db} }

var _ signal.Store = (*SignalStore)(nil)

const signalCols = `s.id, s.channel, s.external_ref, s.received_at, s.received_year_only, s.region, s.reporter_name, s.reporter_contact,
	s.hs_code, s.product_name, s.brand, s.model, s.gtin, s.batch, s.manufacturer, s.uscc, s.origin, s.destination,
	s.hazard, s.injury_count, s.injury_severity, s.description, s.dept, s.status, COALESCE(s.case_id, 0), s.note,
	s.created_by, s.created_at, s.updated_at`

func scanSignal(row interface{ Scan(...any) error }) (*signal.Signal, error) {
	var g signal.Signal
	var id, caseID int64
	var rep signal.Reporter
	p := &g.Product
	var status string
	if err := row.Scan(&id, &g.Channel, &g.ExternalRef, &g.ReceivedAt, &g.ReceivedYearOnly, &g.Region, &rep.Name, &rep.Contact,
		&p.HSCode, &p.Name, &p.Brand, &p.Model, &p.GTIN, &p.Batch, &p.Manufacturer, &p.USCC, &p.Origin, &p.Destination,
		&g.Hazard, &g.Injuries.Count, &g.Injuries.Severity, &g.Description, &g.Dept, &status, &caseID, &g.Note,
		&g.CreatedBy, &g.CreatedAt, &g.UpdatedAt); err != nil {
		return nil, err
	}
	g.ID, g.CaseID, g.Status = risk.ID(id), risk.ID(caseID), signal.Status(status)
	g.Reporter = &rep
	g.ReceivedAt, g.CreatedAt, g.UpdatedAt = g.ReceivedAt.UTC(), g.CreatedAt.UTC(), g.UpdatedAt.UTC()
	return &g, nil
}

// Create inserts signals, skipping those whose channel and external
// reference are stored (ON CONFLICT DO NOTHING waits out a concurrent
// insert of the same reference on PostgreSQL, then yields the stored row).
func (s *SignalStore) Create(ctx context.Context, items []*signal.Signal, entries []audit.Entry) ([]bool, error) {
	var created []bool
	err := s.db.Transact(ctx, func(tx *Tx) error {
		var err error
		created, err = insertSignals(ctx, tx, items, entries)
		return err
	})
	return created, err
}

// errRefStored fails CreateNew's transaction when a reference of its
// batch is stored.
var errRefStored = errors.New("store: a signal's external reference is stored already")

// CreateNew inserts signals none of whose references is stored, all in
// one transaction, and reports true; when one is stored (a resend, the
// same reference twice in the batch, or another transaction storing it
// meanwhile: the unique index says so) it stores nothing and reports
// false. The signals go in as plain rows — COPY on PostgreSQL, multi-row
// INSERTs on SQLite — with no lookup before and no savepoint: a batch of
// new references, the usual one, costs no more than its rows, its audit
// entries and its queue row.
func (s *SignalStore) CreateNew(ctx context.Context, items []*signal.Signal, entries []audit.Entry) (bool, error) {
	err := s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		ids, err := tx.db.d.reserveIDs(ctx, tx, "signals", len(items))
		if err != nil {
			return fmt.Errorf("store: signal ids: %w", err)
		}
		err = bulkInsert(ctx, tx, "signals", signalColumns, len(items), func(i int) []any {
			return signalRow(ids[i], items[i], &entries[i], now)
		})
		if tx.db.d.uniqueViolation(err) {
			return errRefStored
		}
		if err != nil {
			return fmt.Errorf("store: copy signals: %w", err)
		}
		_, err = signalsStored(ctx, tx, items, entries, ids, nil, now)
		return err
	})
	if errors.Is(err, errRefStored) {
		return false, nil
	}
	return err == nil, err
}

// insertSignals is Create inside a transaction, for other domains that
// raise signals as part of their own writes (a failed inspection). The
// signals' search documents are not written here but queued: one
// search_pending row for the batch, which the indexer (IndexPending)
// turns into documents — in the background, and before any signal search
// runs, so that a search finds every signal stored before it.
func insertSignals(ctx context.Context, tx *Tx, items []*signal.Signal, entries []audit.Entry) ([]bool, error) {
	now := tx.Now()
	ids, err := tx.db.d.reserveIDs(ctx, tx, "signals", len(items))
	if err != nil {
		return nil, fmt.Errorf("store: signal ids: %w", err)
	}
	inserted, err := upsertSignals(ctx, tx, items, entries, ids, now)
	if err != nil {
		return nil, fmt.Errorf("store: insert signals: %w", err)
	}
	return signalsStored(ctx, tx, items, entries, ids, inserted, now)
}

// signalsStored finishes the insert of items under ids: a signal inserted
// (every one when inserted is nil) gets its id and times, its audit entry
// and a place in the search queue; one that was not is replaced by the
// signal stored under its reference. It returns which were created.
func signalsStored(ctx context.Context, tx *Tx, items []*signal.Signal, entries []audit.Entry, ids []int64, inserted map[int64]bool, now time.Time) ([]bool, error) {
	created := make([]bool, len(items))
	log := make([]audit.Entry, 0, len(items))
	var first, last int64
	for i, g := range items {
		if inserted != nil && !inserted[ids[i]] {
			old, err := scanSignal(tx.QueryRowContext(ctx, `SELECT `+signalCols+` FROM signals s WHERE s.channel = $1 AND s.external_ref = $2 AND s.external_ref <> ''`, g.Channel, g.ExternalRef))
			if err != nil {
				return nil, fmt.Errorf("store: existing signal: %w", err)
			}
			*g = *old
			continue
		}
		g.ID, g.CreatedAt, g.UpdatedAt = risk.ID(ids[i]), now, now
		created[i] = true
		if first == 0 || ids[i] < first {
			first = ids[i]
		}
		last = max(last, ids[i])
		e := entries[i]
		e.EntityID = g.ID
		log = append(log, e)
	}
	if len(log) > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO search_pending (kind, first_ref, last_ref) VALUES ($1, $2, $3)`, searchSignal, first, last); err != nil {
			return nil, fmt.Errorf("store: queue signals for search: %w", err)
		}
	}
	return created, appendAuditBatch(ctx, tx, log)
}

// signalColumns are the columns a new signal is written with, and
// signalRow its values under id, in that order.
var signalColumns = []string{"id", "channel", "external_ref", "received_at", "received_year_only", "region", "reporter_name", "reporter_contact",
	"hs_code", "product_name", "brand", "model", "gtin", "batch", "manufacturer", "uscc", "origin", "destination", "hazard",
	"injury_count", "injury_severity", "description", "dept", "status", "created_by", "created_by_id", "created_at", "updated_at"}

func signalRow(id int64, g *signal.Signal, e *audit.Entry, now time.Time) []any {
	rep := g.Reporter
	if rep == nil {
		rep = &signal.Reporter{}
	}
	p := g.Product
	return []any{id, g.Channel, g.ExternalRef, g.ReceivedAt.UTC(), g.ReceivedYearOnly, g.Region, rep.Name, rep.Contact,
		p.HSCode, p.Name, p.Brand, p.Model, p.GTIN, p.Batch, p.Manufacturer, p.USCC, p.Origin, p.Destination, g.Hazard,
		int32(g.Injuries.Count), int32(g.Injuries.Severity), g.Description, g.Dept, string(g.Status), g.CreatedBy, int64(e.ActorID), now, now}
}

// upsertSignals inserts the signals a few hundred rows a statement
// (dialect.batchRows) and returns the ids inserted: a signal whose channel
// and reference are stored (ON CONFLICT DO NOTHING waits out a concurrent
// insert of the same reference on PostgreSQL) is not, and its id is not
// returned.
func upsertSignals(ctx context.Context, tx *Tx, items []*signal.Signal, entries []audit.Entry, ids []int64, now time.Time) (map[int64]bool, error) {
	inserted := make(map[int64]bool, len(items))
	err := insertRows(ctx, tx, `INSERT INTO signals (`+strings.Join(signalColumns, ", ")+`) VALUES `, len(signalColumns), len(items),
		func(i int) []any { return signalRow(ids[i], items[i], &entries[i], now) },
		` ON CONFLICT (channel, external_ref) WHERE external_ref <> '' DO NOTHING RETURNING id`, func(r *sql.Rows) error {
			var id int64
			if err := r.Scan(&id); err != nil {
				return err
			}
			inserted[id] = true
			return nil
		})
	return inserted, err
}

// signalDoc is what a search finds a signal by: its product, hazard
// and description, external reference and HS code. Signals are never
// public: the portal shows only published warnings.
func signalDoc(g *signal.Signal) SearchDoc {
	p := g.Product
	text := strings.Join([]string{p.Name, p.Brand, p.Model, p.Manufacturer, p.Batch, p.HSCode, p.GTIN, g.ExternalRef, g.Hazard, g.Description}, "\n")
	return SearchDoc{Kind: searchSignal, Ref: int64(g.ID), At: g.ReceivedAt, Text: text}
}

// IndexBackfill indexes for search, once, the signals stored before the
// index existed, a batch at a time; it returns how many.
func (s *SignalStore) IndexBackfill(ctx context.Context) (int, error) {
	n := 0
	for {
		batch, err := collect(scanSignal)(s.db.query(ctx, `SELECT `+signalCols+` FROM signals s
			WHERE NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'signal' AND d.ref = s.id) ORDER BY s.id LIMIT 5000`))
		if err != nil || len(batch) == 0 {
			return n, err
		}
		docs := make([]SearchDoc, len(batch))
		for i, g := range batch {
			docs[i] = signalDoc(g)
		}
		if err := s.db.Search().Put(ctx, docs); err != nil {
			return n, err
		}
		n += len(batch)
	}
}

// ByRef returns the signal stored under a channel and external reference.
// ("external_ref <> ”" lets both engines use the partial unique index.)
func (s *SignalStore) ByRef(ctx context.Context, channel, ref string) (*signal.Signal, error) {
	g, err := scanSignal(s.db.queryRow(ctx, `SELECT `+signalCols+` FROM signals s WHERE s.channel = $1 AND s.external_ref = $2 AND s.external_ref <> ''`, channel, ref))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "风险信息不存在。 / No such signal.")
	}
	return g, err
}

// ByRefs returns the signals stored under any of the channels' external
// references, keyed by channel and reference: one query a channel and up to
// 500 references, for a batch's deduplication.
func (s *SignalStore) ByRefs(ctx context.Context, refs map[string][]string) (map[[2]string]*signal.Signal, error) {
	out := map[[2]string]*signal.Signal{}
	for channel, rs := range refs {
		if s.db.d.name() == "postgres" {
			// One array: PostgreSQL compares a list of parameters with every
			// row it scans, and the planner, misjudging a young table, scans.
			// Each reference is looked up on its own through the unique
			// index (LIMIT 1 keeps the lateral subquery a nested loop): a
			// hash join of the array with every signal of the channel,
			// which the planner chose when the table's statistics were
			// stale, took 16 ms a batch at 100,000 signals instead of 2.
			found, err := collect(scanSignal)(s.db.query(ctx, `SELECT `+signalCols+` FROM unnest($2::text[]) AS r(ref)
				CROSS JOIN LATERAL (SELECT * FROM signals s WHERE s.channel = $1 AND s.external_ref = r.ref AND s.external_ref <> '' LIMIT 1) s`, channel, rs))
			if err != nil {
				return nil, fmt.Errorf("store: signals by reference: %w", err)
			}
			for _, g := range found {
				out[[2]string{g.Channel, g.ExternalRef}] = g
			}
			continue
		}
		for len(rs) > 0 {
			chunk := rs[:min(len(rs), 500)]
			rs = rs[len(chunk):]
			args := []any{channel}
			marks := make([]string, len(chunk))
			for i, r := range chunk {
				args = append(args, r)
				marks[i] = "$" + strconv.Itoa(i+2)
			}
			found, err := collect(scanSignal)(s.db.query(ctx, `SELECT `+signalCols+` FROM signals s
				WHERE s.channel = $1 AND s.external_ref IN (`+strings.Join(marks, ", ")+`) AND s.external_ref <> ''`, args...))
			if err != nil {
				return nil, fmt.Errorf("store: signals by reference: %w", err)
			}
			for _, g := range found {
				out[[2]string{g.Channel, g.ExternalRef}] = g
			}
		}
	}
	return out, nil
}

// Get returns a signal with its attachments.
func (s *SignalStore) Get(ctx context.Context, id risk.ID) (*signal.Signal, error) {
	g, err := scanSignal(s.db.queryRow(ctx, `SELECT `+signalCols+` FROM signals s WHERE s.id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "风险信息不存在。 / No such signal.")
	}
	if err != nil {
		return nil, err
	}
	rows, err := s.db.query(ctx, `SELECT id, name, content_type, size, sha256, created_at FROM signal_attachments WHERE signal_id = $1 ORDER BY id`, int64(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var a signal.Attachment
		var aid int64
		if err := rows.Scan(&aid, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt); err != nil {
			return nil, err
		}
		a.ID, a.CreatedAt = risk.ID(aid), a.CreatedAt.UTC()
		g.Attachments = append(g.Attachments, a)
	}
	return g, rows.Err()
}

// inList appends args and returns "$n,$n+1,…".
func (w *where) inList(vals []string) string { return inList(w, vals) }

// inList adds vals to w's arguments and returns their placeholders,
// comma-separated, for an IN list of any type.
func inList[T any](w *where, vals []T) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		w.args = append(w.args, v)
		ph[i] = fmt.Sprintf("$%d", len(w.args))
	}
	return strings.Join(ph, ",")
}

// List returns matching signals, newest first.
func (s *SignalStore) List(ctx context.Context, f signal.Filter) ([]*signal.Signal, int, error) {
	var w where
	like := s.db.d.like()
	if f.Text != "" {
		// The full-text index: every term of the text, in any of the
		// signal's words (search.Terms); text with no letters or digits
		// falls back to a substring of the product or description.
		if q, err := search.Parse(f.Text); err == nil && !q.Empty() {
			if err := s.db.searchCatchUp(ctx); err != nil {
				return nil, 0, err
			}
			cond, arg := s.db.d.searchIn(q, searchSignal)
			w.add("s.id IN ("+cond+")", arg)
		} else {
			pat := "%" + escapeLike(f.Text) + "%"
			w.add("(s.product_name "+like+" ? ESCAPE '\\' OR s.brand "+like+" ? ESCAPE '\\' OR s.model "+like+" ? ESCAPE '\\' OR s.description "+like+" ? ESCAPE '\\')", pat, pat, pat, pat)
		}
	}
	if f.Channel != "" {
		w.add("s.channel = ?", f.Channel)
	}
	if f.Status != "" {
		w.add("s.status = ?", string(f.Status))
	}
	if f.Hazard != "" {
		w.add("s.hazard = ?", f.Hazard)
	}
	if f.HS != "" {
		w.add("s.hs_code LIKE ?", f.HS+"%")
	}
	if f.CaseID != 0 {
		w.add("s.case_id = ?", int64(f.CaseID))
	}
	if f.Reporter != 0 {
		w.add("s.created_by_id = ?", int64(f.Reporter))
	}
	if !f.Since.IsZero() {
		w.add("s.received_at >= ?", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		w.add("s.received_at < ?", f.Until.UTC())
	}
	if f.Depts != nil {
		if len(f.Depts) == 0 {
			return nil, 0, nil
		}
		a := w.inList(f.Depts)
		b := w.inList(f.Depts)
		w.conds = append(w.conds, "(s.dept IN ("+a+") OR s.case_id IN (SELECT case_id FROM case_shares WHERE dept IN ("+b+")))")
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM signals s`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count signals: %w", err)
	}
	out, err := collect(scanSignal)(s.db.query(ctx, `SELECT `+signalCols+` FROM signals s`+w.sql()+` ORDER BY s.received_at DESC, s.id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list signals: %w", err)
	}
	return out, total, nil
}

// Candidates returns signals sharing an identifier, HS heading or product
// name with g, plus the most recent ones for text comparison.
func (s *SignalStore) Candidates(ctx context.Context, g *signal.Signal, limit int) ([]*signal.Signal, error) {
	var w where
	p := g.Product
	var ors []string
	for _, c := range []struct{ col, val string }{{"gtin", p.GTIN}, {"batch", p.Batch}, {"model", p.Model}, {"uscc", p.USCC}, {"product_name", p.Name}} {
		if c.val != "" {
			w.args = append(w.args, c.val)
			ors = append(ors, fmt.Sprintf("s.%s = $%d", c.col, len(w.args)))
		}
	}
	if len(p.HSCode) >= 4 {
		w.args = append(w.args, p.HSCode[:4]+"%")
		ors = append(ors, fmt.Sprintf("s.hs_code LIKE $%d", len(w.args)))
	}
	seen := map[risk.ID]bool{g.ID: true}
	var out []*signal.Signal
	collect := func(q string, args ...any) error {
		rows, err := s.db.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanSignal(rows)
			if err != nil {
				return err
			}
			if !seen[c.ID] {
				seen[c.ID] = true
				out = append(out, c)
			}
		}
		return rows.Err()
	}
	if len(ors) > 0 {
		if err := collect(`SELECT `+signalCols+` FROM signals s WHERE `+strings.Join(ors, " OR ")+` ORDER BY s.id DESC`+w.page(limit, 0), w.args...); err != nil {
			return nil, err
		}
	}
	if err := collect(`SELECT ` + signalCols + ` FROM signals s ORDER BY s.id DESC` + w.page(limit, 0)); err != nil {
		return nil, err
	}
	return out, nil
}

// Link stores a link between a < b.
func (s *SignalStore) Link(ctx context.Context, a, b risk.ID, kind, by string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO signal_links (a, b, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5)`,
			int64(a), int64(b), kind, by, tx.Now())
		if s.db.d.uniqueViolation(err) {
			return risk.Errorf(risk.ErrConflict, "这两条风险信息已关联。 / The signals are already linked.")
		}
		if err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Links lists the signals linked to id.
func (s *SignalStore) Links(ctx context.Context, id risk.ID) ([]signal.Link, error) {
	rows, err := s.db.query(ctx, `SELECT CASE WHEN a = $1 THEN b ELSE a END, kind, created_by, created_at FROM signal_links
		WHERE a = $1 OR b = $1 ORDER BY created_at`, int64(id))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []signal.Link
	for rows.Next() {
		var l signal.Link
		var other int64
		if err := rows.Scan(&other, &l.Kind, &l.CreatedBy, &l.CreatedAt); err != nil {
			return nil, err
		}
		l.Other, l.CreatedAt = risk.ID(other), l.CreatedAt.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}

// SetStatus changes the triage status if it has not moved meanwhile.
func (s *SignalStore) SetStatus(ctx context.Context, id risk.ID, from, status signal.Status, note string, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE signals SET status = $1, note = $2, updated_at = $3 WHERE id = $4 AND status = $5 AND case_id IS NULL`,
			string(status), note, tx.Now(), int64(id), string(from))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrConflict, "风险信息已被他人处理，请刷新后重试。 / The signal changed meanwhile; reload and try again.")
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// AddAttachment stores a file.
func (s *SignalStore) AddAttachment(ctx context.Context, id risk.ID, a *signal.Attachment, data []byte, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		var aid int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO signal_attachments (signal_id, name, content_type, size, sha256, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, int64(id), a.Name, a.ContentType, a.Size, a.SHA256, data, now).Scan(&aid); err != nil {
			return err
		}
		a.ID, a.CreatedAt = risk.ID(aid), now
		return appendAudit(ctx, tx, &ae)
	})
}

// Attachment returns a file.
func (s *SignalStore) Attachment(ctx context.Context, signalID, id risk.ID) (*signal.Attachment, []byte, error) {
	var a signal.Attachment
	var data []byte
	var aid int64
	err := s.db.queryRow(ctx, `SELECT id, name, content_type, size, sha256, created_at, data FROM signal_attachments WHERE signal_id = $1 AND id = $2`,
		int64(signalID), int64(id)).Scan(&aid, &a.Name, &a.ContentType, &a.Size, &a.SHA256, &a.CreatedAt, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, risk.Errorf(risk.ErrNotFound, "附件不存在。 / No such attachment.")
	}
	a.ID, a.CreatedAt = risk.ID(aid), a.CreatedAt.UTC()
	return &a, data, err
}

// Visible reports whether dept holds the signal or its case is shared with dept.
func (s *SignalStore) Visible(ctx context.Context, id risk.ID, dept string) (bool, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT count(*) FROM signals s WHERE s.id = $1 AND (s.dept = $2 OR s.case_id IN (SELECT case_id FROM case_shares WHERE dept = $2))`,
		int64(id), dept).Scan(&n)
	return n > 0, err
}

// CountSignals counts signals by status (for the dashboard).
func (s *SignalStore) CountByStatus(ctx context.Context, depts []string) (map[string]int, error) {
	var w where
	if depts != nil {
		w.conds = append(w.conds, "dept IN ("+w.inList(depts)+")")
	}
	rows, err := s.db.query(ctx, `SELECT status, count(*) FROM signals`+w.sql()+` GROUP BY status`, w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, err
		}
		m[k] = n
	}
	return m, rows.Err()
}
