package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"strings"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/trace"
)

// The supply network of bench trace (seeded, documented in
// docs/BENCHMARKS.md): raw-material lots shipped from suppliers to
// factories; each product lot made from two raw lots (each raw lot goes
// into about three product lots), packed on its own pallet, shipped to one
// of three ports, received, shipped to a distributor, unpacked, and
// shipped on to two retailers; one product lot in ten is made, with the
// next, into a kit lot shipped to a retailer. About 9 events a product lot.
const (
	benchRawRef, benchProductRef, benchKitRef = "011111", "022222", "033333"
	benchDocEvents                            = 5000 // events a captured document
)

type benchNet struct {
	events   int
	docs     int
	products int
	raws     int
}

func lgtin(ref string, lot int) string {
	return fmt.Sprintf("urn:epc:class:lgtin:6901234.%s.L%d", ref, lot)
}
func sscc(n int) string { return fmt.Sprintf("urn:epc:id:sscc:6901234.%010d", n) }
func sgln(prefix string, n int) string {
	return fmt.Sprintf("urn:epc:id:sgln:%s.%05d.0", prefix, n%100000)
}
func pgln(prefix string, n int) string {
	return fmt.Sprintf("urn:epc:id:pgln:%s.%05d", prefix, n%100000)
}

// benchSize is the number of product and raw lots of a network of about
// n events: a product lot makes 8.2 events (eight, and two more for the
// one in ten that goes into a kit), and the two raw lots for three product
// lots one event each: 26.6 events for three product lots.
func benchSize(n int) (products, raws int) {
	products = max(4, (n*30+265)/266)
	return products, max(2, products*2/3)
}

// benchNetwork generates about n events, handing them to doc a document
// (benchDocEvents events) at a time, so that ten million events are never
// held at once.
func benchNetwork(n int, seed uint64, doc func(events []benchEv) error) (*benchNet, error) {
	rng := rand.New(rand.NewPCG(seed, 0x7ace))
	products, raws := benchSize(n)
	factories, distributors, retailers := max(1, products/200), max(2, products/100), max(4, products/20)
	net := &benchNet{products: products, raws: raws}
	var cur []benchEv
	var err error
	emit := func(ev benchEv) {
		cur = append(cur, ev)
		net.events++
		if len(cur) == benchDocEvents && err == nil {
			err = doc(cur)
			net.docs++
			cur = nil
		}
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, risk.China)
	q := func(class string, n int, uom string) []benchQty { return []benchQty{{class, n, uom}} }
	for r := range raws {
		t := base.Add(time.Duration(r) * time.Minute)
		emit(benchEv{typ: "ObjectEvent", at: t, action: "OBSERVE", bizStep: "shipping", lists: [4][]benchQty{q(lgtin(benchRawRef, r), 500, "KGM")},
			src: pgln("6903333", r%max(2, products/50)), dst: pgln("6901234", r%factories)})
	}
	for p := range products {
		if err != nil {
			break
		}
		t := base.Add(time.Duration(p)*time.Minute + 48*time.Hour)
		f, port, dist := p%factories, rng.IntN(3), rng.IntN(distributors)
		r1, r2 := (p*2/3)%raws, (p*2/3+1+rng.IntN(3))%raws
		lot, pal := lgtin(benchProductRef, p), sscc(p)
		emit(benchEv{typ: "TransformationEvent", at: t, bizStep: "commissioning", loc: sgln("6901234", f),
			lists: [4][]benchQty{2: {{lgtin(benchRawRef, r1), 10, "KGM"}, {lgtin(benchRawRef, r2), 10, "KGM"}}, 3: q(lot, 1000, "")}})
		emit(benchEv{typ: "AggregationEvent", at: t.Add(time.Hour), action: "ADD", parent: pal, lists: [4][]benchQty{1: q(lot, 1000, "")},
			bizStep: "packing", loc: sgln("6901234", f)})
		emit(benchEv{typ: "ObjectEvent", at: t.Add(2 * time.Hour), action: "OBSERVE", epc: pal, bizStep: "shipping",
			src: pgln("6901234", f), dst: sgln("6905678", port)})
		emit(benchEv{typ: "ObjectEvent", at: t.Add(30 * time.Hour), action: "OBSERVE", epc: pal, bizStep: "receiving", loc: sgln("6905678", port)})
		emit(benchEv{typ: "ObjectEvent", at: t.Add(40 * time.Hour), action: "OBSERVE", epc: pal, bizStep: "shipping",
			src: sgln("6905678", port), dst: pgln("6907777", dist)})
		emit(benchEv{typ: "AggregationEvent", at: t.Add(60 * time.Hour), action: "DELETE", parent: pal, lists: [4][]benchQty{1: q(lot, 1000, "")},
			bizStep: "unpacking", loc: sgln("6907777", dist)})
		for k := range 2 {
			emit(benchEv{typ: "ObjectEvent", at: t.Add(time.Duration(70+k) * time.Hour), action: "OBSERVE", lists: [4][]benchQty{q(lot, 500, "")},
				bizStep: "shipping", src: pgln("6907777", dist), dst: pgln("6908888", rng.IntN(retailers))})
		}
		if p%10 == 9 {
			kit := lgtin(benchKitRef, p)
			emit(benchEv{typ: "TransformationEvent", at: t.Add(80 * time.Hour), bizStep: "assembling", loc: sgln("6907777", dist),
				lists: [4][]benchQty{2: {{lot, 100, ""}, {lgtin(benchProductRef, p-1), 100, ""}}, 3: q(kit, 100, "")}})
			emit(benchEv{typ: "ObjectEvent", at: t.Add(90 * time.Hour), action: "OBSERVE", lists: [4][]benchQty{q(kit, 100, "")},
				bizStep: "shipping", src: pgln("6907777", dist), dst: pgln("6908888", rng.IntN(retailers))})
		}
	}
	if len(cur) > 0 && err == nil {
		err = doc(cur)
		net.docs++
	}
	return net, err
}

func benchDocument(events []benchEv) []byte {
	var b strings.Builder
	b.WriteString(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
		`"creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[`)
	for i := range events {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(events[i].json())
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// benchTrace loads the network (in bulk, or through the capture service
// document by document), builds the trace index, and traces forward and
// backward from random lots: the service's walk over the index, the same
// walk over the store's queries, and the recursive query of the same trace
// (on ctes of the lots; all of them when ctes >= traces), checking that all
// answer the same.
func benchTrace(ctx context.Context, stdout io.Writer, n, traces, ctes int, seed uint64, pgURL string, bulk bool) error {
	engine := "sqlite"
	if pgURL != "" {
		engine = "postgres"
	}
	products, raws := benchSize(n)
	fmt.Fprintf(stdout, "trace: about %d events (%d product lots, %d raw lots), on %s\n", n, products, raws, engine)
	u, drop, err := benchDatabase(ctx, engine, pgURL)
	if err != nil {
		return err
	}
	defer drop()
	db, err := store.Open(ctx, u, nil)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetAuditKey(audit.NewKey())
	a, err := app.New(ctx, db, nil)
	if err != nil {
		return err
	}
	officer := risk.Actor{UserID: 1, Login: "bench", Name: "bench", Dept: "cs-customs", Role: risk.RoleOfficer}
	start := time.Now()
	net, how, err := benchTraceLoad(ctx, a.Trace, officer, n, seed, bulk)
	if err != nil {
		return err
	}
	load := time.Since(start)
	fmt.Fprintf(stdout, "load_s %.1f (%d events in %d documents, %.0f events/s %s)\n", load.Seconds(), net.events, net.docs, float64(net.events)/load.Seconds(), how)
	ts := db.Trace()
	start = time.Now()
	if err := ts.Analyze(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "analyze_s %.1f\n", time.Since(start).Seconds())
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start = time.Now()
	ix, err := trace.BuildIndex(ctx, ts, trace.DefaultIndexEvents)
	if err != nil {
		return err
	}
	build := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if !ix.Usable() {
		return fmt.Errorf("the trace index outgrew %d events", trace.DefaultIndexEvents)
	}
	heap := float64(after.HeapAlloc) - float64(before.HeapAlloc)
	fmt.Fprintf(stdout, "index_build_s %.1f (%d events, %.0f MB heap, %.0f bytes an event)\n", build.Seconds(), ix.Len(), heap/1e6, heap/float64(max(1, ix.Len())))
	rng := rand.New(rand.NewPCG(seed, 0xbe7c))
	var ours, sqlWalk, cte []time.Duration
	identical := true
	var items, parties, compared int
	differ := func(what, d, id string, wi, wp, ci, cp []int64) {
		identical = false
		fmt.Fprintf(stdout, "differ: %s %s %s: %d items %d parties against %d items %d parties\n", what, d, id, len(wi), len(wp), len(ci), len(cp))
	}
	for k := range traces {
		var id string
		if k%3 == 0 {
			id = lgtin(benchRawRef, rng.IntN(net.raws))
		} else {
			id = lgtin(benchProductRef, rng.IntN(net.products))
		}
		e, _ := ident.ParseEPC("id", id)
		startID, err := ts.Item(ctx, e.Key)
		if err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		for _, d := range []trace.Direction{trace.Forward, trace.Backward} {
			t0 := time.Now()
			w, err := ix.Walk(ctx, d, startID, trace.Window{})
			if err != nil {
				return err
			}
			ours = append(ours, time.Since(t0))
			wi := slices.Sorted(slices.Values(w.Items))
			t0 = time.Now()
			sw, err := trace.Walk(ctx, d, startID, trace.Window{}, ts.Around)
			if err != nil {
				return err
			}
			sqlWalk = append(sqlWalk, time.Since(t0))
			if si := slices.Sorted(slices.Values(sw.Items)); !slices.Equal(wi, si) || !slices.Equal(w.Parties, sw.Parties) {
				differ("index walk vs store walk", string(d), id, wi, w.Parties, si, sw.Parties)
			}
			items += len(wi)
			parties += len(w.Parties)
			if k >= ctes {
				continue
			}
			t0 = time.Now()
			ci, cp, err := ts.WalkCTE(ctx, d, startID)
			if err != nil {
				return err
			}
			cte = append(cte, time.Since(t0))
			compared++
			if !slices.Equal(wi, ci) || !slices.Equal(w.Parties, cp) {
				differ("index walk vs recursive query", string(d), id, wi, w.Parties, ci, cp)
			}
		}
	}
	p50, p95, c95 := pctDur(ours, 50), pctDur(ours, 95), pctDur(cte, 95)
	fmt.Fprintf(stdout, "traces %d (forward and backward from %d lots; mean %.1f items, %.1f parties); recursive query on %d of them\n",
		len(ours), traces, float64(items)/float64(len(ours)), float64(parties)/float64(len(ours)), compared)
	fmt.Fprintf(stdout, "store_walk_p50_ms %.2f\nstore_walk_p95_ms %.2f\n", ms(pctDur(sqlWalk, 50)), ms(pctDur(sqlWalk, 95)))
	fmt.Fprintf(stdout, "events %d\np50_ms %.3f\np95_ms %.3f\ncte_p50_ms %.2f\ncte_p95_ms %.2f\nvs_cte %.1f\nidentical %v\n",
		net.events, ms(p50), ms(p95), ms(pctDur(cte, 50)), ms(c95), float64(c95)/float64(max(p95, 1)), identical)
	if !identical {
		return fmt.Errorf("the walks and the recursive query disagree")
	}
	return nil
}

// benchTraceLoad generates the network and loads it: in bulk (the records
// made straight from the generated events on two goroutines while the
// store writes the previous batches, trace.Service.BulkLoad) or through
// Capture, a document a call.
func benchTraceLoad(ctx context.Context, svc *trace.Service, officer risk.Actor, n int, seed uint64, bulk bool) (*benchNet, string, error) {
	if !bulk {
		docNo := 0
		net, err := benchNetwork(n, seed, func(events []benchEv) error {
			docNo++
			if _, err := svc.Capture(ctx, officer, benchDocument(events)); err != nil {
				return fmt.Errorf("document %d: %w", docNo, err)
			}
			return nil
		})
		return net, "through capture: parse, hash, write, a document a transaction", err
	}
	now := svc.Now().UTC()
	type batch struct {
		recs []*trace.Record
		err  error
	}
	// Each document becomes a job whose records one of the workers makes;
	// the jobs queue in order for the loader.
	type job struct {
		evs  []benchEv
		done chan batch
	}
	jobs, queue := make(chan job), make(chan job, 8)
	gctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range 2 {
		go func() {
			for j := range jobs {
				var b batch
				for i := range j.evs {
					r, err := j.evs[i].record(now)
					if err != nil {
						b.err = err
						break
					}
					b.recs = append(b.recs, r)
				}
				j.done <- b
			}
		}()
	}
	var net *benchNet
	var genErr error
	go func() {
		defer close(queue)
		defer close(jobs)
		net, genErr = benchNetwork(n, seed, func(events []benchEv) error {
			j := job{evs: events, done: make(chan batch, 1)}
			select {
			case queue <- j:
			case <-gctx.Done():
				return gctx.Err()
			}
			jobs <- j
			return nil
		})
	}()
	_, err := svc.BulkLoad(ctx, officer, func() ([]*trace.Record, error) {
		j, ok := <-queue
		if !ok {
			return nil, nil
		}
		b := <-j.done
		return b.recs, b.err
	})
	cancel()
	for j := range queue { // let the generator finish
		<-j.done
	}
	if err != nil {
		return nil, "", err
	}
	return net, "in bulk: records made from the network on two goroutines, COPY or multi-row INSERTs, one transaction", genErr
}

func pctDur(ds []time.Duration, p int) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[min(len(s)-1, (len(s)*p+99)/100-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
