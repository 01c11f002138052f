package app

import (
	"context"
	"fmt"
	"testing"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store/storetest"
)

// TestIndexSearchOnce: the background indexer writes the documents of the
// signals queued by the intake, under the "search-index" lease: not while
// another node holds it, and without taking it when nothing is queued.
func TestIndexSearchOnce(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := storetest.Open(t, engine)
			a, err := New(ctx, db, nil)
			if err != nil {
				t.Fatal(err)
			}
			officer := risk.Actor{UserID: 1, Login: "officer", Name: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
			ins := make([]signal.Input, 50)
			for i := range ins {
				ins[i] = signal.Input{Channel: "port-nonconformity", ExternalRef: fmt.Sprintf("Q-%d", i), Region: "430100",
					Product: signal.Product{HSCode: "9613100000", Name: "一次性打火机", Origin: "CN", Destination: "DE"}, Hazard: "burns",
					Description: "抽检不合格"}
			}
			if _, err := a.Signals.Create(ctx, officer, ins); err != nil {
				t.Fatal(err)
			}
			backlog := func() int64 {
				t.Helper()
				n, err := db.SearchBacklog(ctx)
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			if n := backlog(); n != 50 {
				t.Fatalf("backlog %d, want 50", n)
			}
			if ok, err := db.TryLease(ctx, "search-index", "other-node", time.Now(), time.Minute); !ok || err != nil {
				t.Fatalf("other node's lease: %v %v", ok, err)
			}
			if a.IndexSearchOnce(ctx) || backlog() != 50 {
				t.Fatalf("indexed while another node held the lease (backlog %d)", backlog())
			}
			if err := db.ReleaseLease(ctx, "search-index", "other-node", time.Now()); err != nil {
				t.Fatal(err)
			}
			if !a.IndexSearchOnce(ctx) || backlog() != 0 {
				t.Fatalf("not indexed with the lease free (backlog %d)", backlog())
			}
			before, err := db.LeaseOf(ctx, "search-index")
			if err != nil {
				t.Fatal(err)
			}
			if a.IndexSearchOnce(ctx) {
				t.Fatal("ran with nothing queued")
			}
			if after, _ := db.LeaseOf(ctx, "search-index"); after.Acquired != before.Acquired {
				t.Fatalf("took the lease with nothing queued: %d then %d", before.Acquired, after.Acquired)
			}
			if _, total, err := a.Signals.List(ctx, officer, signal.Filter{Text: "打火机"}); err != nil || total != 50 {
				t.Fatalf("found %d (%v), want 50", total, err)
			}
		})
	}
}
