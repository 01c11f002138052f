package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/foreign"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// ForeignStore implements foreign.Store.
type ForeignStore struct{ db *DB }

// Foreign returns the store of foreign notifications.
func (db *DB) Foreign() *ForeignStore { return &ForeignStore{db: db} }

var _ foreign.Store = (*ForeignStore)(nil)

// Seen returns the stored records of a source.
func (s *ForeignStore) Seen(ctx context.Context, source string) (map[string]foreign.Stored, error) {
	rows, err := s.db.query(ctx, `SELECT record_key, digest, signal_id FROM foreign_records WHERE source = $1`, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]foreign.Stored{}
	for rows.Next() {
		var k, d string
		var id int64
		if err := rows.Scan(&k, &d, &id); err != nil {
			return nil, err
		}
		out[k] = foreign.Stored{Digest: d, SignalID: risk.ID(id)}
	}
	return out, rows.Err()
}

// importBatch is how many signals one INSERT round handles between
// progress reports.
const importBatch = 500

// Apply writes an import in one transaction.
func (s *ForeignStore) Apply(ctx context.Context, imp *foreign.Import, progress func(done, total int)) error {
	total := len(imp.New) + len(imp.Updated)
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		done := 0
		report := func() {
			if progress != nil {
				progress(done, total)
			}
		}
		rec, err := tx.PrepareContext(ctx, `INSERT INTO foreign_records (source, record_key, digest, record, notified_on, url, category, measures, words,
			signal_id, imported_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`)
		if err != nil {
			return err
		}
		defer rec.Close()
		for start := 0; start < len(imp.New); start += importBatch {
			batch := imp.New[start:min(start+importBatch, len(imp.New))]
			sigs := make([]*signal.Signal, len(batch))
			entries := make([]audit.Entry, len(batch))
			for i, c := range batch {
				sigs[i], entries[i] = c.Signal, c.Entry
			}
			created, err := insertSignals(ctx, tx, sigs, entries)
			if err != nil {
				return err
			}
			for i, c := range batch {
				if !created[i] {
					// A signal already holds this external reference (an
					// earlier import under another name): link to it.
					c.Signal = sigs[i]
				}
				r := c.Record
				var on any
				if !r.Date.IsZero() {
					on = r.Date.UTC()
				}
				if _, err := rec.ExecContext(ctx, r.Source, r.Key, r.Hash, r.SourceJSON(), on, r.URL, r.Product.Category,
					strings.Join(r.Measures, ","), clipBytes(r.Product.Words, 4000), int64(sigs[i].ID), now); err != nil {
					return fmt.Errorf("store: foreign record %s: %w", r.Key, err)
				}
			}
			done += len(batch)
			report()
		}
		for _, c := range imp.Updated {
			if err := updateForeign(ctx, tx, c, now); err != nil {
				return err
			}
			done++
			if done%importBatch == 0 {
				report()
			}
		}
		rep := imp.Report
		if _, err := tx.ExecContext(ctx, `INSERT INTO foreign_imports (source, file_name, file_sha256, records, new_count, updated, unchanged, rejected,
			actor, dept, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			imp.Source, imp.FileName, imp.FileHash, rep.Records, rep.New, rep.Updated, rep.Unchanged, rep.Rejected,
			imp.Actor.Label(), imp.Actor.Dept, now); err != nil {
			return err
		}
		e := imp.Entry
		if err := appendAudit(ctx, tx, &e); err != nil {
			return err
		}
		report()
		return nil
	})
}

// updateForeign applies a changed source record: the record replaced,
// its signal's content with it, an audit entry with before and after.
func updateForeign(ctx context.Context, tx *Tx, c foreign.Change, now any) error {
	r, g := c.Record, c.Signal
	before, err := scanSignal(tx.QueryRowContext(ctx, `SELECT `+signalCols+` FROM signals s WHERE s.id = $1`, int64(c.Before.SignalID)))
	if err != nil {
		if err == risk.ErrNotFound || err == sql.ErrNoRows {
			return fmt.Errorf("store: the signal of foreign record %s is gone", r.Key)
		}
		return err
	}
	p := g.Product
	if _, err := tx.ExecContext(ctx, `UPDATE signals SET received_at = $1, reporter_name = $2, hs_code = $3, product_name = $4, brand = $5,
		model = $6, gtin = $7, batch = $8, manufacturer = $9, origin = $10, hazard = $11, description = $12, updated_at = $13,
		received_year_only = $14, destination = $15 WHERE id = $16`,
		g.ReceivedAt.UTC(), g.Reporter.Name, p.HSCode, p.Name, p.Brand, p.Model, p.GTIN, p.Batch, p.Manufacturer, p.Origin, g.Hazard,
		g.Description, now, g.ReceivedYearOnly, p.Destination, int64(c.Before.SignalID)); err != nil {
		return fmt.Errorf("store: update signal of %s: %w", r.Key, err)
	}
	after := *g
	after.ID, after.ExternalRef = before.ID, before.ExternalRef
	if err := tx.db.d.searchPut(ctx, tx, []SearchDoc{signalDoc(&after)}, true); err != nil {
		return fmt.Errorf("store: index signal of %s: %w", r.Key, err)
	}
	var on any
	if !r.Date.IsZero() {
		on = r.Date.UTC()
	}
	if _, err := tx.ExecContext(ctx, `UPDATE foreign_records SET digest = $1, record = $2, notified_on = $3, url = $4, category = $5, measures = $6,
		words = $7, updated_at = $8 WHERE source = $9 AND record_key = $10`,
		r.Hash, r.SourceJSON(), on, r.URL, r.Product.Category, strings.Join(r.Measures, ","), clipBytes(r.Product.Words, 4000), now,
		r.Source, r.Key); err != nil {
		return err
	}
	e := c.Entry.WithChange(map[string]any{"product": before.Product, "hazard": before.Hazard, "description": before.Description},
		map[string]any{"product": g.Product, "hazard": g.Hazard, "description": g.Description})
	return appendAudit(ctx, tx, &e)
}

// clipBytes cuts s to at most n bytes on a rune boundary.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }

// History lists the latest imports of a department ("" all), newest
// first, with the name of who imported each.
func (s *ForeignStore) History(ctx context.Context, dept string, limit int) ([]foreign.Logged, error) {
	rows, err := s.db.query(ctx, `SELECT f.id, f.source, f.file_name, f.records, f.new_count, f.updated, f.unchanged, f.rejected, f.actor,
		COALESCE(u.name, ''), f.dept, f.created_at
		FROM foreign_imports f LEFT JOIN users u ON u.login = f.actor
		WHERE ($1 = '' OR f.dept = $1) ORDER BY f.created_at DESC, f.id DESC LIMIT $2`, dept, limit)
	if err != nil {
		return nil, fmt.Errorf("store: foreign imports: %w", err)
	}
	defer rows.Close()
	out := []foreign.Logged{}
	for rows.Next() {
		var l foreign.Logged
		var src string
		if err := rows.Scan(&l.ID, &src, &l.File, &l.Records, &l.New, &l.Updated, &l.Unchanged, &l.Skipped, &l.Actor, &l.ActorName, &l.Dept, &l.At); err != nil {
			return nil, fmt.Errorf("store: foreign imports: %w", err)
		}
		l.Source, l.At = foreign.Source(src), l.At.UTC()
		out = append(out, l)
	}
	return out, rows.Err()
}
