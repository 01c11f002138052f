package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// The search documents of new signals are written after the signals, off
// the intake's transaction (issue 14, item 5: at 30,000 signals a second
// the documents' GIN index, or FTS5's merges, were a third to a half of
// the intake's time). The intake queues each batch in search_pending, in
// its own transaction; the indexer writes the batch's documents and
// deletes its row in one transaction. It runs in the background on one
// node at a time (app: the "search-index" lease) and, synchronously,
// before every signal search (searchCatchUp): a search finds every signal
// stored before it, as when the documents were written with the signals.
// A crash between the intake and the indexer leaves the rows, so the next
// indexer writes their documents.

// indexChunk is about how many documents the indexer writes a transaction
// (at least one queued batch, however large).
const indexChunk = 5000

// SearchBacklog returns how many signals are queued for the search index
// (an upper bound: a queued range may hold ids of rolled-back or already
// indexed signals).
func (db *DB) SearchBacklog(ctx context.Context) (int64, error) {
	var n int64
	if err := db.queryRow(ctx, `SELECT COALESCE(SUM(last_ref - first_ref + 1), 0) FROM search_pending`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: search backlog: %w", err)
	}
	return n, nil
}

// IndexPending writes the search documents of the signals queued when it
// starts, a transaction a few thousand, and returns how many it wrote.
// Batches another indexer holds are left to it (SKIP LOCKED), so several
// may run at once without waiting for each other; the app runs it in the
// background under a lease.
func (db *DB) IndexPending(ctx context.Context) (int, error) {
	top, err := db.pendingTop(ctx)
	if err != nil || top == 0 {
		return 0, err
	}
	return db.indexPending(ctx, top, true)
}

// searchCatchUp is what a signal search runs first: when signals are
// queued, it writes their documents, waiting for a batch another indexer
// holds until that one has written them; so the search then finds every
// signal stored before it began. With nothing queued it is one read of
// search_pending's primary key.
func (db *DB) searchCatchUp(ctx context.Context) error {
	top, err := db.pendingTop(ctx)
	if err != nil || top == 0 {
		return err
	}
	_, err = db.indexPending(ctx, top, false)
	return err
}

// pendingTop is the newest queued batch's id, 0 when none is queued.
func (db *DB) pendingTop(ctx context.Context) (int64, error) {
	var top int64
	if err := db.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM search_pending`).Scan(&top); err != nil {
		return 0, fmt.Errorf("store: search queue: %w", err)
	}
	return top, nil
}

// pendingBatch is a row of search_pending.
type pendingBatch struct {
	id, first, last int64
	kind            string
}

// indexPending writes the documents of the queued batches up to top, a
// transaction at a time, until none is left: with skipLocked, batches
// another transaction holds are skipped; without, they are waited for (and
// are then gone, their documents written).
func (db *DB) indexPending(ctx context.Context, top int64, skipLocked bool) (int, error) {
	total := 0
	for {
		n, done := 0, false
		err := db.Transact(ctx, func(tx *Tx) error {
			n = 0
			rows, err := tx.QueryContext(ctx, `SELECT id, kind, first_ref, last_ref FROM search_pending WHERE id <= $1 ORDER BY id LIMIT 64`+
				db.d.lockRows(skipLocked), top)
			if err != nil {
				return err
			}
			var batches []pendingBatch
			size := int64(0)
			for rows.Next() {
				var b pendingBatch
				if err := rows.Scan(&b.id, &b.kind, &b.first, &b.last); err != nil {
					rows.Close()
					return err
				}
				// The rest stay queued (locked until this transaction
				// ends) for the next round.
				if len(batches) > 0 && size+b.last-b.first+1 > indexChunk {
					break
				}
				batches = append(batches, b)
				size += b.last - b.first + 1
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(batches) == 0 {
				done = true
				return nil
			}
			n, err = indexBatches(ctx, tx, batches)
			return err
		})
		if err != nil {
			return total, fmt.Errorf("store: index signals for search: %w", err)
		}
		total += n
		if done {
			return total, nil
		}
	}
}

// indexBatches writes the documents of the signals of the queued batches
// that have none yet and takes the batches off the queue. A signal with a
// document already (its batch's range overlapping another's, or a foreign
// record's update having rewritten it) keeps that document.
func indexBatches(ctx context.Context, tx *Tx, batches []pendingBatch) (int, error) {
	ranges := make([][2]int64, 0, len(batches))
	ids := make([]string, len(batches))
	args := make([]any, len(batches))
	for i, b := range batches {
		if b.kind != searchSignal {
			return 0, fmt.Errorf("search_pending %d: unknown kind %q", b.id, b.kind)
		}
		ranges = append(ranges, [2]int64{b.first, b.last})
		ids[i], args[i] = "$"+strconv.Itoa(i+1), b.id
	}
	// Adjacent batches (the usual case) are read with one query.
	slices.SortFunc(ranges, func(a, b [2]int64) int { return cmp.Compare(a[0], b[0]) })
	merged := ranges[:1]
	for _, r := range ranges[1:] {
		if m := &merged[len(merged)-1]; r[0] <= m[1]+1 {
			m[1] = max(m[1], r[1])
		} else {
			merged = append(merged, r)
		}
	}
	var docs []SearchDoc
	for _, r := range merged {
		rows, err := tx.QueryContext(ctx, `SELECT s.id, s.received_at, s.product_name, s.brand, s.model, s.manufacturer, s.batch, s.hs_code,
			s.gtin, s.external_ref, s.hazard, s.description FROM signals s
			WHERE s.id BETWEEN $1 AND $2 AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.kind = 'signal' AND d.ref = s.id) ORDER BY s.id`, r[0], r[1])
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var g signal.Signal
			var id int64
			p := &g.Product
			if err := rows.Scan(&id, &g.ReceivedAt, &p.Name, &p.Brand, &p.Model, &p.Manufacturer, &p.Batch, &p.HSCode,
				&p.GTIN, &g.ExternalRef, &g.Hazard, &g.Description); err != nil {
				rows.Close()
				return 0, err
			}
			g.ID, g.ReceivedAt = risk.ID(id), g.ReceivedAt.UTC()
			docs = append(docs, signalDoc(&g))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
	}
	if len(docs) > 0 {
		if err := addDocs(ctx, tx, docs); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_pending WHERE id IN (`+strings.Join(ids, ", ")+`)`, args...); err != nil {
		return 0, err
	}
	return len(docs), nil
}

// addDocs adds documents that are not stored yet: copied where the engine
// has COPY, under a savepoint; else, or when another transaction stored
// one of them meanwhile, inserted, leaving alone any stored already.
func addDocs(ctx context.Context, tx *Tx, docs []SearchDoc) error {
	if tx.conn != nil && len(docs) >= copyMin {
		err := tx.savepoint(ctx, func() error {
			_, err := tx.db.d.searchCopy(ctx, tx, docs)
			return err
		})
		if err == nil || !tx.db.d.uniqueViolation(err) {
			return err
		}
	}
	return tx.db.d.searchPut(ctx, tx, docs, false)
}
