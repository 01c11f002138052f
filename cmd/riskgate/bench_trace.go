package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
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
	docs     [][]string // events (JSON) by document
	events   int
	products int
	raws     int
}

func benchEvent(typ, at string, body string) string {
	return `{"type":"` + typ + `","eventTime":"` + at + `","eventTimeZoneOffset":"+08:00",` + body + `}`
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

// benchNetwork generates about n events.
func benchNetwork(n int, seed uint64) *benchNet {
	rng := rand.New(rand.NewPCG(seed, 0x7ace))
	products := max(4, n*100/930)
	raws := max(2, products*2/3)
	factories, distributors, retailers := max(1, products/200), max(2, products/100), max(4, products/20)
	net := &benchNet{products: products, raws: raws}
	var cur []string
	emit := func(ev string) {
		cur = append(cur, ev)
		net.events++
		if len(cur) == benchDocEvents {
			net.docs = append(net.docs, cur)
			cur = nil
		}
	}
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, risk.China)
	at := func(t time.Time) string { return t.Format("2006-01-02T15:04:05+08:00") }
	qty := func(class string, q int, uom string) string {
		if uom != "" {
			return fmt.Sprintf(`{"epcClass":"%s","quantity":%d,"uom":"%s"}`, class, q, uom)
		}
		return fmt.Sprintf(`{"epcClass":"%s","quantity":%d}`, class, q)
	}
	party := func(kind, id string) string { return fmt.Sprintf(`{"type":"%s","%s":"%s"}`, "owning_party", kind, id) }
	for r := range raws {
		t := base.Add(time.Duration(r) * time.Minute)
		emit(benchEvent("ObjectEvent", at(t), fmt.Sprintf(`"action":"OBSERVE","bizStep":"shipping","quantityList":[%s],"sourceList":[%s],"destinationList":[%s]`,
			qty(lgtin(benchRawRef, r), 500, "KGM"), party("source", pgln("6903333", r%max(2, products/50))), party("destination", pgln("6901234", r%factories)))))
	}
	for p := range products {
		t := base.Add(time.Duration(p)*time.Minute + 48*time.Hour)
		f, port, dist := p%factories, rng.IntN(3), rng.IntN(distributors)
		r1, r2 := (p*2/3)%raws, (p*2/3+1+rng.IntN(3))%raws
		lot, pal := lgtin(benchProductRef, p), sscc(p)
		emit(benchEvent("TransformationEvent", at(t), fmt.Sprintf(`"inputQuantityList":[%s,%s],"outputQuantityList":[%s],"bizStep":"commissioning","bizLocation":{"id":"%s"}`,
			qty(lgtin(benchRawRef, r1), 10, "KGM"), qty(lgtin(benchRawRef, r2), 10, "KGM"), qty(lot, 1000, ""), sgln("6901234", f))))
		emit(benchEvent("AggregationEvent", at(t.Add(time.Hour)), fmt.Sprintf(`"action":"ADD","parentID":"%s","childQuantityList":[%s],"bizStep":"packing","bizLocation":{"id":"%s"}`,
			pal, qty(lot, 1000, ""), sgln("6901234", f))))
		emit(benchEvent("ObjectEvent", at(t.Add(2*time.Hour)), fmt.Sprintf(`"action":"OBSERVE","epcList":["%s"],"bizStep":"shipping","sourceList":[%s],"destinationList":[%s]`,
			pal, party("source", pgln("6901234", f)), party("destination", sgln("6905678", port)))))
		emit(benchEvent("ObjectEvent", at(t.Add(30*time.Hour)), fmt.Sprintf(`"action":"OBSERVE","epcList":["%s"],"bizStep":"receiving","bizLocation":{"id":"%s"}`,
			pal, sgln("6905678", port))))
		emit(benchEvent("ObjectEvent", at(t.Add(40*time.Hour)), fmt.Sprintf(`"action":"OBSERVE","epcList":["%s"],"bizStep":"shipping","sourceList":[%s],"destinationList":[%s]`,
			pal, party("source", sgln("6905678", port)), party("destination", pgln("6907777", dist)))))
		emit(benchEvent("AggregationEvent", at(t.Add(60*time.Hour)), fmt.Sprintf(`"action":"DELETE","parentID":"%s","childQuantityList":[%s],"bizStep":"unpacking","bizLocation":{"id":"%s"}`,
			pal, qty(lot, 1000, ""), sgln("6907777", dist))))
		for k := range 2 {
			emit(benchEvent("ObjectEvent", at(t.Add(time.Duration(70+k)*time.Hour)), fmt.Sprintf(`"action":"OBSERVE","quantityList":[%s],"bizStep":"shipping","sourceList":[%s],"destinationList":[%s]`,
				qty(lot, 500, ""), party("source", pgln("6907777", dist)), party("destination", pgln("6908888", rng.IntN(retailers))))))
		}
		if p%10 == 9 {
			kit := lgtin(benchKitRef, p)
			emit(benchEvent("TransformationEvent", at(t.Add(80*time.Hour)), fmt.Sprintf(`"inputQuantityList":[%s,%s],"outputQuantityList":[%s],"bizStep":"assembling","bizLocation":{"id":"%s"}`,
				qty(lot, 100, ""), qty(lgtin(benchProductRef, p-1), 100, ""), qty(kit, 100, ""), sgln("6907777", dist))))
			emit(benchEvent("ObjectEvent", at(t.Add(90*time.Hour)), fmt.Sprintf(`"action":"OBSERVE","quantityList":[%s],"bizStep":"shipping","sourceList":[%s],"destinationList":[%s]`,
				qty(kit, 100, ""), party("source", pgln("6907777", dist)), party("destination", pgln("6908888", rng.IntN(retailers))))))
		}
	}
	if len(cur) > 0 {
		net.docs = append(net.docs, cur)
	}
	return net
}

func benchDocument(events []string) []byte {
	return []byte(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
		`"creationDate":"2026-01-01T00:00:00Z","epcisBody":{"eventList":[` + strings.Join(events, ",") + `]}}`)
}

// benchTrace loads the network through the capture service and traces
// forward and backward from random lots, with the walk and with the
// recursive query of the same trace, on PostgreSQL (SQLite when none).
func benchTrace(ctx context.Context, stdout io.Writer, n, traces int, seed uint64, pgURL string) error {
	engine := "sqlite"
	if pgURL != "" {
		engine = "postgres"
	}
	net := benchNetwork(n, seed)
	fmt.Fprintf(stdout, "trace: %d events (%d product lots, %d raw lots) in %d documents, on %s\n", net.events, net.products, net.raws, len(net.docs), engine)
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
	for i, d := range net.docs {
		if _, err := a.Trace.Capture(ctx, officer, benchDocument(d)); err != nil {
			return fmt.Errorf("document %d: %w", i, err)
		}
	}
	load := time.Since(start)
	fmt.Fprintf(stdout, "load_s %.1f (%.0f events/s through capture: parse, hash, write)\n", load.Seconds(), float64(net.events)/load.Seconds())
	ts := db.Trace()
	if err := ts.Analyze(ctx); err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(seed, 0xbe7c))
	var ours, cte []time.Duration
	identical := true
	var items, parties int
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
			w, err := trace.Walk(ctx, d, startID, trace.Window{}, ts.Around)
			if err != nil {
				return err
			}
			ours = append(ours, time.Since(t0))
			t0 = time.Now()
			ci, cp, err := ts.WalkCTE(ctx, d, startID)
			if err != nil {
				return err
			}
			cte = append(cte, time.Since(t0))
			wi := slices.Sorted(slices.Values(w.Items))
			if !slices.Equal(wi, ci) || !slices.Equal(w.Parties, cp) {
				identical = false
				fmt.Fprintf(stdout, "differ: %s %s: walk %d items %d parties, recursive query %d items %d parties\n", d, id, len(wi), len(w.Parties), len(ci), len(cp))
			}
			items += len(wi)
			parties += len(w.Parties)
		}
	}
	p50, p95, c95 := pctDur(ours, 50), pctDur(ours, 95), pctDur(cte, 95)
	fmt.Fprintf(stdout, "traces %d (forward and backward from %d lots; mean %.1f items, %.1f parties)\n", len(ours), traces, float64(items)/float64(len(ours)), float64(parties)/float64(len(ours)))
	fmt.Fprintf(stdout, "events %d\np50_ms %.2f\np95_ms %.2f\ncte_p50_ms %.2f\ncte_p95_ms %.2f\nvs_cte %.1f\nidentical %v\n",
		net.events, ms(p50), ms(p95), ms(pctDur(cte, 50)), ms(c95), float64(c95)/float64(max(p95, 1)), identical)
	if !identical {
		return fmt.Errorf("the walk and the recursive query disagree")
	}
	return nil
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
