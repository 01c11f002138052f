package main

import (
	"context"
	"encoding/json"
	"slices"
	"testing"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/trace"
)

// TestBenchTraceBulkMatchesCapture: a small bench network loaded in bulk
// (records made straight from the generator) and the same network loaded
// through the capture service (its JSON-LD documents parsed, hashed and
// written) hold the same events (bodies, hashes and eventIDs), the same
// references and parties, and answer every lot's forward and backward
// trace the same, on both engines.
func TestBenchTraceBulkMatchesCapture(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2026, 3, 6, 2, 0, 0, 0, time.UTC)
			officer := risk.Actor{UserID: 1, Login: "bench", Name: "bench", Dept: "cs-customs", Role: risk.RoleOfficer}
			type loaded struct {
				db  *store.DB
				svc *trace.Service
				net *benchNet
			}
			load := func(bulk bool) loaded {
				db := storetest.Open(t, engine)
				db.Now = func() time.Time { return now }
				svc := &trace.Service{Store: db.Trace(), Now: db.Now}
				net, _, err := benchTraceLoad(ctx, svc, officer, 2500, 7, bulk)
				if err != nil {
					t.Fatal(err)
				}
				return loaded{db, svc, net}
			}
			captured, bulk := load(false), load(true)
			if captured.net.events != bulk.net.events || captured.net.events < 2000 || captured.net.docs < 1 {
				t.Fatalf("events: captured %d, bulk %d", captured.net.events, bulk.net.events)
			}
			// The rows: every event's body (with its eventID, the hash) and its
			// summary (identifiers with roles and quantities, sources,
			// destinations), as sorted JSON.
			rows := func(l loaded) []string {
				evs, err := l.db.Trace().Events(ctx, trace.Filter{Limit: 100000})
				if err != nil {
					t.Fatal(err)
				}
				var ids []int64
				var out []string
				for _, e := range evs {
					ids = append(ids, e.ID)
					out = append(out, string(e.Body))
				}
				sums, err := l.db.Trace().Summaries(ctx, ids)
				if err != nil {
					t.Fatal(err)
				}
				for _, s := range sums {
					b, _ := json.Marshal(s)
					out = append(out, string(b))
				}
				slices.Sort(out)
				return out
			}
			cr, br := rows(captured), rows(bulk)
			if len(cr) != 2*captured.net.events {
				t.Fatalf("captured rows %d, want %d", len(cr), 2*captured.net.events)
			}
			for i := range min(len(cr), len(br)) {
				if cr[i] != br[i] {
					t.Fatalf("row %d differs:\ncaptured %s\nbulk     %s", i, cr[i], br[i])
				}
			}
			if len(cr) != len(br) {
				t.Fatalf("captured %d rows, bulk %d", len(cr), len(br))
			}
			// Every lot's traces, as the API answers them.
			var lots []string
			for r := range captured.net.raws {
				lots = append(lots, lgtin(benchRawRef, r))
			}
			for p := range captured.net.products {
				lots = append(lots, lgtin(benchProductRef, p))
			}
			traced := 0
			for _, id := range lots {
				for _, d := range []trace.Direction{trace.Forward, trace.Backward} {
					answer := func(l loaded) string {
						res, err := l.svc.Trace(ctx, officer, d, trace.TraceInput{ID: id})
						if err != nil {
							t.Fatal(err)
						}
						b, _ := json.Marshal(res)
						return string(b)
					}
					if c, b := answer(captured), answer(bulk); c != b {
						t.Fatalf("%s %s:\ncaptured %s\nbulk     %s", d, id, c, b)
					}
					traced++
				}
			}
			if traced != 2*(captured.net.raws+captured.net.products) {
				t.Errorf("traced %d", traced)
			}
		})
	}
}

// TestBenchNetworkSize: a network asked for n events makes n within a
// hundredth, so that --events 10000000 is ten million events.
func TestBenchNetworkSize(t *testing.T) {
	for _, n := range []int{20_000, 200_000} {
		net, err := benchNetwork(n, 1, func([]benchEv) error { return nil })
		if err != nil {
			t.Fatal(err)
		}
		if net.events < n*99/100 || net.events > n*101/100 {
			t.Errorf("asked for %d events, made %d", n, net.events)
		}
	}
}
