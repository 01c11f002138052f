package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// queueSignals stores signals named "<word> <prefix>-<i>" under references
// prefix-i, through the store's batch path, and returns them.
func queueSignals(t *testing.T, db *store.DB, prefix, word string, n int) []*signal.Signal {
	t.Helper()
	items := make([]*signal.Signal, n)
	entries := make([]audit.Entry, n)
	for i := range items {
		ref := fmt.Sprintf("%s-%d", prefix, i)
		items[i] = &signal.Signal{Channel: "12315", ExternalRef: ref, ReceivedAt: time.Date(2026, 11, 1, 0, 0, i, 0, time.UTC),
			Product: signal.Product{Name: word, HSCode: "9503"}, Description: "编号 " + ref, Dept: "cs-customs", Status: signal.StatusNew, CreatedBy: "test"}
		entries[i] = audit.New(risk.System, "signal.create", "signal", 0, "test")
	}
	if _, err := db.Signals().Create(context.Background(), items, entries); err != nil {
		t.Fatal(err)
	}
	return items
}

// findSignals returns the references of the signals the list's text
// filter finds, sorted.
func findSignals(t *testing.T, db *store.DB, text string) []string {
	t.Helper()
	got, _, err := db.Signals().List(context.Background(), signal.Filter{Text: text, Paging: risk.Paging{Limit: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	var refs []string
	for _, g := range got {
		refs = append(refs, g.ExternalRef)
	}
	slices.Sort(refs)
	return refs
}

func count(t *testing.T, db *store.DB, q string) int64 {
	t.Helper()
	n, err := db.CountRaw(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSearchQueue: new signals' search documents are written after the
// intake's transaction, which only queues them; a search writes what is
// queued before it runs, so it finds every signal stored before it; the
// background indexer (IndexPending) writes them too, and whatever was
// queued when a process died is written by the next; a document written
// meanwhile by a foreign record's update is kept.
func TestSearchQueue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		big := queueSignals(t, db, "B", "毛绒玩具熊", 40) // COPY on PostgreSQL
		queueSignals(t, db, "S", "口红打火机", 1)         // the small path
		if n := count(t, db, `SELECT count(*) FROM search_docs WHERE kind = 'signal'`); n != 0 {
			t.Fatalf("the intake wrote %d search documents", n)
		}
		if n := count(t, db, `SELECT count(*) FROM search_pending`); n != 2 {
			t.Fatalf("%d batches queued, want 2", n)
		}
		if n, err := db.SearchBacklog(ctx); err != nil || n != 41 {
			t.Fatalf("backlog %d %v, want 41", n, err)
		}
		// A search finds what was stored before it.
		if got := findSignals(t, db, "打火机"); !slices.Equal(got, []string{"S-0"}) {
			t.Fatalf("打火机: %v", got)
		}
		if got := findSignals(t, db, "玩具"); len(got) != 40 {
			t.Fatalf("玩具: %d found, want 40", len(got))
		}
		if n, err := db.SearchBacklog(ctx); err != nil || n != 0 {
			t.Fatalf("backlog after a search %d %v", n, err)
		}
		if n := count(t, db, `SELECT count(*) FROM search_docs WHERE kind = 'signal'`); n != 41 {
			t.Fatalf("%d documents, want 41", n)
		}
		// The background indexer: nothing to do, then a new batch.
		if n, err := db.IndexPending(ctx); err != nil || n != 0 {
			t.Fatalf("index nothing: %d %v", n, err)
		}
		queueSignals(t, db, "C", "陶瓷马克杯", 3)
		if n, err := db.IndexPending(ctx); err != nil || n != 3 {
			t.Fatalf("index C: %d %v", n, err)
		}
		// Queued by a process that died before indexing (a queued batch is
		// all a crash leaves): the next search writes the documents.
		d := queueSignals(t, db, "D", "竹制筷子", 2)
		// A foreign record's update rewrote D-0's document before the
		// indexer came: the indexer keeps it.
		if err := db.Search().Put(ctx, []store.SearchDoc{{Kind: "signal", Ref: int64(d[0].ID), At: d[0].ReceivedAt, Text: "竹筷霉变"}}); err != nil {
			t.Fatal(err)
		}
		if got := findSignals(t, db, "筷子"); !slices.Equal(got, []string{"D-1"}) {
			t.Fatalf("筷子: %v", got)
		}
		if got := findSignals(t, db, "霉变"); !slices.Equal(got, []string{"D-0"}) {
			t.Fatalf("霉变: %v", got)
		}
		// A resent batch stores nothing and queues nothing.
		before := count(t, db, `SELECT count(*) FROM search_pending`)
		queueSignals(t, db, "B", "毛绒玩具熊", 40)
		if n := count(t, db, `SELECT count(*) FROM search_pending`); n != before {
			t.Fatalf("a resend queued a batch: %d, was %d", n, before)
		}
		if got := findSignals(t, db, "玩具"); len(got) != 40 || got[0] != big[0].ExternalRef {
			t.Fatalf("玩具 after the resend: %v", got)
		}
	})
}

// TestSearchQueueConcurrent: intakes, background indexers and searches at
// once write every document once, and a search finds every signal stored
// before it began.
func TestSearchQueueConcurrent(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 3 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for b := range 4 {
					items := make([]*signal.Signal, 50)
					entries := make([]audit.Entry, len(items))
					for i := range items {
						ref := fmt.Sprintf("W%d-%d-%d", w, b, i)
						items[i] = &signal.Signal{Channel: "12315", ExternalRef: ref, ReceivedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
							Product: signal.Product{Name: "电动牙刷", HSCode: "8509"}, Description: ref, Dept: "cs-customs", Status: signal.StatusNew, CreatedBy: "test"}
						entries[i] = audit.New(risk.System, "signal.create", "signal", 0, "test")
					}
					if _, err := db.Signals().Create(ctx, items, entries); err != nil {
						errs <- err
						return
					}
					// This worker's signals so far are found.
					got, _, err := db.Signals().List(ctx, signal.Filter{Text: fmt.Sprintf("W%d-%d-", w, b), Paging: risk.Paging{Limit: 100}})
					if err != nil {
						errs <- err
						return
					}
					seen := map[string]bool{}
					for _, g := range got {
						seen[g.ExternalRef] = true
					}
					for _, g := range items {
						if !seen[g.ExternalRef] {
							errs <- fmt.Errorf("worker %d batch %d: %s not found (%d found)", w, b, g.ExternalRef, len(got))
							return
						}
					}
				}
			}()
		}
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 6 {
					if _, err := db.IndexPending(ctx); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if _, err := db.IndexPending(ctx); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT count(*) FROM search_docs WHERE kind = 'signal'`); n != 600 {
			t.Fatalf("%d documents, want 600", n)
		}
		if n := count(t, db, `SELECT count(*) FROM search_pending`); n != 0 {
			t.Fatalf("%d batches still queued", n)
		}
	})
}

// TestSearchWaitsForIndexer: a search waits for a batch another indexer
// holds (PostgreSQL's row lock; SQLite has one writer) rather than skipping
// it, so it finds the batch's signals; here the holder dies (rolls back)
// and the search writes them itself.
func TestSearchWaitsForIndexer(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		if db.Engine() != "postgres" {
			t.Skip("SQLite's one writer connection serialises indexers")
		}
		ctx := context.Background()
		queueSignals(t, db, "H", "儿童滑板车", 5)
		holder, err := db.BeginRaw(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer holder.Rollback()
		if _, err := holder.ExecContext(ctx, `SELECT id FROM search_pending FOR UPDATE`); err != nil {
			t.Fatal(err)
		}
		found := make(chan []string, 1)
		go func() {
			got, _, err := db.Signals().List(ctx, signal.Filter{Text: "滑板车", Paging: risk.Paging{Limit: 10}})
			if err != nil {
				t.Error(err)
			}
			var refs []string
			for _, g := range got {
				refs = append(refs, g.ExternalRef)
			}
			found <- refs
		}()
		// Wait until the search waits on the lock (or has answered).
		deadline := time.Now().Add(20 * time.Second)
		for {
			n := count(t, db, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)
			if n > 0 {
				break
			}
			select {
			case refs := <-found:
				t.Fatalf("the search did not wait for the held batch: %v", refs)
			default:
			}
			if time.Now().After(deadline) {
				t.Fatal("the search never waited for the held batch")
			}
			time.Sleep(5 * time.Millisecond)
		}
		holder.Rollback()
		if refs := <-found; len(refs) != 5 {
			t.Fatalf("found %v, want the 5 signals", refs)
		}
	})
}
