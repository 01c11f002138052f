package store_test

import (
	"context"
	"testing"
	"time"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestLeases: one holder at a time; the holder renews; another takes the
// lease only once it has expired or was released.
func TestLeases(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		t0 := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
		try := func(holder string, at time.Time) bool {
			t.Helper()
			ok, err := db.TryLease(ctx, "jobs", holder, at, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			return ok
		}
		if !try("a", t0) {
			t.Fatal("a free lease was refused")
		}
		if try("b", t0.Add(30*time.Second)) {
			t.Fatal("b took a's lease before it expired")
		}
		if !try("a", t0.Add(50*time.Second)) { // renewed until t0+110s
			t.Fatal("a could not renew its lease")
		}
		if try("b", t0.Add(100*time.Second)) {
			t.Fatal("b took a's renewed lease")
		}
		if !try("b", t0.Add(111*time.Second)) {
			t.Fatal("b could not take an expired lease")
		}
		if err := db.ReleaseLease(ctx, "jobs", "a", t0.Add(112*time.Second)); err != nil {
			t.Fatal(err)
		}
		if try("a", t0.Add(112*time.Second)) {
			t.Fatal("a released b's lease")
		}
		if err := db.ReleaseLease(ctx, "jobs", "b", t0.Add(113*time.Second)); err != nil {
			t.Fatal(err)
		}
		if !try("a", t0.Add(113*time.Second)) {
			t.Fatal("a could not take a released lease")
		}
		// Nodes racing for a free lease: one wins.
		won := make(chan bool)
		for i := range 8 {
			go func() {
				ok, err := db.TryLease(ctx, "race", string(rune('a'+i)), t0, time.Minute)
				won <- ok && err == nil
			}()
		}
		n := 0
		for range 8 {
			if <-won {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d of 8 racing nodes took one lease", n)
		}
		l, err := db.LeaseOf(ctx, "jobs")
		if err != nil || l.Holder != "a" || l.Acquired != 3 || !l.ExpiresAt.Equal(t0.Add(173*time.Second)) {
			t.Fatalf("lease %+v, %v; want a's, taken three times, until t0+173s", l, err)
		}
	})
}
