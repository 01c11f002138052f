package trace

import (
	"context"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/epcis"
)

// network is a generated supply network of about n events, shaped as
// `riskgate bench trace`'s: raw lots shipped from suppliers to factories;
// each product lot made from two raw lots (a raw lot goes into about three
// product lots), packed on its own pallet, shipped to a port, received,
// shipped to a distributor, unpacked and shipped on to two retailers; one
// product lot in ten made, with the next, into a kit lot shipped to a
// retailer. It returns the occurrences (numbered in time order) and the
// lots, raw and product, to trace from.
func network(n int, seed uint64) (occs []*Occurrence, lots []int64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	var next int64
	num := func() int64 { next++; return next }
	group := func(k int) []int64 {
		out := make([]int64, k)
		for i := range out {
			out[i] = num()
		}
		return out
	}
	suppliers, factories, ports, distributors, retailers := group(50), group(20), group(3), group(30), group(200)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(lot, step int) time.Time {
		return t0.Add(time.Duration(lot)*time.Minute + time.Duration(step)*time.Hour + time.Duration(rng.IntN(1000))*time.Millisecond)
	}
	ev := func(typ, action string, t time.Time, loc int64, refs []Link, parties ...PartyLink) {
		occs = append(occs, &Occurrence{ID: int64(len(occs) + 1), Type: typ, Action: action, At: t, BizLocation: loc, Refs: refs, Parties: parties})
	}
	var raws []int64
	prevLot := int64(0)
	for k := 0; len(occs) < n; k++ {
		factory := factories[rng.IntN(len(factories))]
		if k%3 == 0 || len(raws) < 2 {
			for range 2 {
				raw := num()
				raws = append(raws, raw)
				lots = append(lots, raw)
				sup := suppliers[rng.IntN(len(suppliers))]
				ev(epcis.ObjectEvent, "OBSERVE", at(k, 0), sup, []Link{{raw, epcis.RoleEPC}}, PartyLink{sup, false}, PartyLink{factory, true})
			}
		}
		lot, pallet := num(), num()
		lots = append(lots, lot)
		port, dist := ports[rng.IntN(len(ports))], distributors[rng.IntN(len(distributors))]
		ev(epcis.TransformationEvent, "", at(k, 1), factory,
			[]Link{{raws[len(raws)-1], epcis.RoleInput}, {raws[len(raws)-2], epcis.RoleInput}, {lot, epcis.RoleOutput}})
		ev(epcis.AggregationEvent, "ADD", at(k, 2), factory, []Link{{pallet, epcis.RoleParent}, {lot, epcis.RoleChild}})
		ev(epcis.ObjectEvent, "OBSERVE", at(k, 3), factory, []Link{{pallet, epcis.RoleEPC}}, PartyLink{factory, false}, PartyLink{port, true})
		ev(epcis.ObjectEvent, "OBSERVE", at(k, 4), port, []Link{{pallet, epcis.RoleEPC}})
		ev(epcis.ObjectEvent, "OBSERVE", at(k, 5), port, []Link{{pallet, epcis.RoleEPC}}, PartyLink{port, false}, PartyLink{dist, true})
		ev(epcis.AggregationEvent, "DELETE", at(k, 6), dist, []Link{{pallet, epcis.RoleParent}, {lot, epcis.RoleChild}})
		for range 2 {
			ret := retailers[rng.IntN(len(retailers))]
			ev(epcis.ObjectEvent, "OBSERVE", at(k, 7), dist, []Link{{lot, epcis.RoleEPC}}, PartyLink{dist, false}, PartyLink{ret, true})
		}
		if k%10 == 0 && prevLot != 0 {
			kit := num()
			ev(epcis.TransformationEvent, "", at(k, 8), factory, []Link{{lot, epcis.RoleInput}, {prevLot, epcis.RoleInput}, {kit, epcis.RoleOutput}})
			ev(epcis.ObjectEvent, "OBSERVE", at(k, 9), factory, []Link{{kit, epcis.RoleEPC}},
				PartyLink{factory, false}, PartyLink{retailers[rng.IntN(len(retailers))], true})
		}
		prevLot = lot
	}
	return occs, lots
}

// sliceSource is an OccurrenceSource over occurrences in memory.
type sliceSource []*Occurrence

func (s sliceSource) Occurrences(_ context.Context, ids []int64, fn func(*Occurrence) error) error {
	for _, o := range s {
		if ids != nil && !slices.Contains(ids, o.ID) {
			continue
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

var bench struct {
	once     sync.Once
	x        *Index
	lots     []int64
	perEvent float64 // bytes the index holds an event
	gc       float64 // ms a full collection takes with the index live
}

// BenchmarkIndexWalk traces forward and backward from random lots over an
// index of a generated network of about a million events: through the
// index's Around (an Occurrence a visited event) and straight over its
// arrays (Index.Walk), and over its arrays with the caches cold (cold: a
// 128 MB buffer read before each walk, untimed). Besides ns/op (one forward and one backward trace)
// it reports the p50 and p95 of a single trace in microseconds, the heap
// the index takes an event, and how long a full garbage collection takes
// with it live.
func BenchmarkIndexWalk(b *testing.B) {
	bench.once.Do(func() {
		var m0, m1 runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&m0)
		occs, lots := network(1_000_000, 18)
		x, err := BuildIndex(context.Background(), sliceSource(occs), DefaultIndexEvents)
		if err != nil {
			b.Fatal(err)
		}
		occs = nil
		runtime.GC()
		runtime.ReadMemStats(&m1)
		bench.x, bench.lots = x, lots
		bench.perEvent = float64(m1.HeapAlloc-m0.HeapAlloc-uint64(8*len(lots))) / float64(x.Len())
		t := time.Now()
		runtime.GC()
		bench.gc = float64(time.Since(t).Microseconds()) / 1e3
	})
	x := bench.x
	rng := rand.New(rand.NewPCG(7, 7))
	starts := make([]int64, 1000)
	for i := range starts {
		starts[i] = bench.lots[rng.IntN(len(bench.lots))]
	}
	ways := []struct {
		name string
		walk func(ctx context.Context, d Direction, start int64) (*Walked, error)
	}{
		{"around", func(ctx context.Context, d Direction, start int64) (*Walked, error) {
			return Walk(ctx, d, start, Window{}, x.Around)
		}},
		{"direct", func(ctx context.Context, d Direction, start int64) (*Walked, error) {
			return x.Walk(ctx, d, start, Window{})
		}},
		{"cold", func(ctx context.Context, d Direction, start int64) (*Walked, error) {
			return x.Walk(ctx, d, start, Window{})
		}},
	}
	for _, way := range ways {
		b.Run(way.name, func(b *testing.B) {
			ctx := context.Background()
			durs := make([]time.Duration, 0, 2*b.N)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				start := starts[i%len(starts)]
				i++
				for _, d := range []Direction{Forward, Backward} {
					if way.name == "cold" {
						b.StopTimer()
						coldCaches()
						b.StartTimer()
					}
					t := time.Now()
					if _, err := way.walk(ctx, d, start); err != nil {
						b.Fatal(err)
					}
					durs = append(durs, time.Since(t))
				}
			}
			slices.Sort(durs)
			b.ReportMetric(float64(durs[len(durs)*50/100].Nanoseconds())/1e3, "p50_µs")
			b.ReportMetric(float64(durs[len(durs)*95/100].Nanoseconds())/1e3, "p95_µs")
			b.ReportMetric(bench.perEvent, "index_B/event")
			b.ReportMetric(bench.gc, "gc_ms")
		})
	}
}

// sweep is written once, then read a line at a time before each cold
// walk: larger than the last-level cache (32 MB here) and than what the
// TLB maps, so a walk starts, as in `riskgate bench trace` after a store
// walk and a recursive query, with none of the index in the caches.
var sweep struct {
	once sync.Once
	buf  []byte
	sink byte
}

func coldCaches() {
	sweep.once.Do(func() {
		sweep.buf = make([]byte, 128<<20)
		for i := range sweep.buf {
			sweep.buf[i] = byte(i)
		}
	})
	var s byte
	for i := 0; i < len(sweep.buf); i += 64 {
		s += sweep.buf[i]
	}
	sweep.sink += s
}

// TestIndexWalk checks that the walk over the index's arrays answers as the
// walk over its Around (which the store tests check against the store's
// Around and the recursive query), on a generated network, from every lot
// and pallet and some parties, both ways, with windows and limits, before
// and after some events are declared in error and more are added.
func TestIndexWalk(t *testing.T) {
	ctx := context.Background()
	occs, lots := network(6000, 3)
	// A pallet of 40 lots, shipped: walks from it reach more than
	// smallWalk items.
	const hub = 1 << 40
	pack := &Occurrence{ID: 1 << 40, Type: epcis.AggregationEvent, Action: "ADD", At: occs[3000].At, Refs: []Link{{hub, epcis.RoleParent}}}
	for _, l := range lots[10:50] {
		pack.Refs = append(pack.Refs, Link{l, epcis.RoleChild})
	}
	ship := &Occurrence{ID: 1<<40 + 1, Type: epcis.ObjectEvent, Action: "OBSERVE", At: occs[3001].At, Refs: []Link{{hub, epcis.RoleEPC}},
		Parties: []PartyLink{{1, true}}}
	occs = append(occs[:5000:5000], append([]*Occurrence{pack, ship}, occs[5000:]...)...)
	lots = append(lots, hub)
	x, err := BuildIndex(ctx, sliceSource(occs[:5002]), DefaultIndexEvents)
	if err != nil {
		t.Fatal(err)
	}
	mid := occs[2500].At
	windows := []Window{{}, {From: mid}, {To: mid}, {From: occs[1000].At, To: occs[4000].At}, {MaxItems: 3}, {MaxDepth: 2}}
	check := func(stage string) {
		t.Helper()
		var starts []int64
		starts = append(starts, lots...)
		for id := int64(1); id <= 400; id++ { // parties, and the first lots and pallets
			starts = append(starts, id)
		}
		n, big := 0, 0
		for _, start := range starts {
			for _, d := range []Direction{Forward, Backward} {
				for _, w := range windows {
					want, err := Walk(ctx, d, start, w, x.Around)
					if err != nil {
						t.Fatal(err)
					}
					got, err := x.Walk(ctx, d, start, w)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(want, got); diff != "" {
						t.Fatalf("%s: %s from %d, window %+v (-around +direct):\n%s", stage, d, start, w, diff)
					}
					if len(want.Items) > 2 {
						n++
					}
					if len(want.Items) > smallWalk {
						big++
					}
				}
			}
		}
		if n < 1000 || big < 3 {
			t.Errorf("%s: only %d walks reached more than two items, %d more than %d", stage, n, big, smallWalk)
		}
	}
	check("built")
	var declared []int64
	for i := 7; i < 5002; i += 37 {
		declared = append(declared, occs[i].ID)
	}
	var added []int64
	for _, o := range occs[5002:] {
		added = append(added, o.ID)
	}
	var more []*Occurrence
	if err := sliceSource(occs).Occurrences(ctx, added, func(o *Occurrence) error { more = append(more, o); return nil }); err != nil {
		t.Fatal(err)
	}
	x.apply(more, declared, 1)
	if x.Len() != len(occs) || !x.Usable() {
		t.Fatalf("index of %d events (usable %v), want %d", x.Len(), x.Usable(), len(occs))
	}
	check("after declarations and additions")
}

// changeStore is a Store (only what the index needs) numbering its
// captures: caps[i] the events capture i+1 wrote, declared[i] those it
// declared in error.
type changeStore struct {
	Store
	occs     []*Occurrence
	caps     [][]int64
	declared [][]int64
}

func (s *changeStore) isDeclared(id int64) bool {
	for _, d := range s.declared {
		if slices.Contains(d, id) {
			return true
		}
	}
	return false
}

func (s *changeStore) Occurrences(_ context.Context, ids []int64, fn func(*Occurrence) error) error {
	for _, o := range s.occs {
		if ids != nil && !slices.Contains(ids, o.ID) || s.isDeclared(o.ID) {
			continue
		}
		if err := fn(o); err != nil {
			return err
		}
	}
	return nil
}

func (s *changeStore) CaptureSeq(context.Context) (int64, error) { return int64(len(s.caps)), nil }

func (s *changeStore) Changes(_ context.Context, after, upto int64, max int) (events, declared []int64, ok bool, err error) {
	n := 0
	for _, c := range s.caps[after:upto] {
		n += len(c)
	}
	if n > max {
		return nil, nil, false, nil
	}
	for i := after; i < upto; i++ {
		for _, id := range s.caps[i] {
			if !s.isDeclared(id) {
				events = append(events, id)
			}
		}
		declared = append(declared, s.declared[i]...)
	}
	return events, declared, true, nil
}

func (s *changeStore) Around(_ context.Context, items []int64) ([]*Occurrence, error) {
	var out []*Occurrence
	err := s.Occurrences(context.Background(), nil, func(o *Occurrence) error {
		if slices.ContainsFunc(o.Refs, func(l Link) bool { return slices.Contains(items, l.Item) }) {
			out = append(out, o)
		}
		return nil
	})
	return out, err
}

// TestServiceIndex: the service builds its index in the background, walks
// the store until it is built, catches up with the captures numbered since
// (new events, declarations) before each walk, and builds it again when a
// capture was too large to catch up with.
func TestServiceIndex(t *testing.T) {
	ctx := context.Background()
	occs, lots := network(3000, 5)
	st := &changeStore{occs: occs[:2000], caps: [][]int64{nil}, declared: [][]int64{nil}}
	svc := &Service{Store: st}
	if svc.FreshIndex(ctx) != nil {
		t.Fatal("an index before it was built")
	}
	<-svc.StartIndex(ctx, DefaultIndexEvents)
	x := svc.FreshIndex(ctx)
	if x == nil || x.Len() != 2000 || x.Seq() != 1 {
		t.Fatalf("built index %v", x)
	}
	same := func(stage string) {
		t.Helper()
		x := svc.FreshIndex(ctx)
		if x == nil {
			t.Fatalf("%s: no index", stage)
		}
		for _, start := range lots {
			for _, d := range []Direction{Forward, Backward} {
				got, err := svc.walk(ctx, d, start, Window{})
				if err != nil {
					t.Fatal(err)
				}
				want, err := Walk(ctx, d, start, Window{}, st.Around)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, got); diff != "" {
					t.Fatalf("%s: %s from %d (-store +index):\n%s", stage, d, start, diff)
				}
			}
		}
	}
	same("built")
	// A capture of 500 events and one declaring two held events in error.
	var ids []int64
	for _, o := range occs[2000:2500] {
		ids = append(ids, o.ID)
	}
	st.occs = occs[:2500]
	st.caps = append(st.caps, ids, nil)
	st.declared = append(st.declared, nil, []int64{occs[10].ID, occs[2100].ID})
	same("after captures")
	// (the event of the same catch-up declared in error is not read)
	if x := svc.FreshIndex(ctx); x.Len() != 2499 || x.Seq() != 3 {
		t.Errorf("index of %d events up to capture %d, want 2499 up to 3", x.Len(), x.Seq())
	}
	// A capture too large to catch up with: the index is built again.
	big := make([]int64, CatchUpEvents+1)
	for i := range big {
		big[i] = int64(1_000_000 + i) // not there: the build reads the occurrences
	}
	st.occs = occs
	st.caps = append(st.caps, big)
	st.declared = append(st.declared, nil)
	if svc.FreshIndex(ctx) != nil {
		t.Fatal("an index behind by more than CatchUpEvents answered")
	}
	<-*svc.lastBuild.Load()
	same("built again")
	if x := svc.FreshIndex(ctx); x.Len() != len(occs)-2 || x.Seq() != 4 {
		t.Errorf("index built again: %d events up to capture %d, want %d up to 4", x.Len(), x.Seq(), len(occs)-2)
	}
}

// TestServiceIndexMax: an index that would hold more events than its
// maximum is not kept, at the build or when catching up: traces walk the
// store and its memory is freed.
func TestServiceIndexMax(t *testing.T) {
	ctx := context.Background()
	occs, _ := network(3000, 6)
	st := &changeStore{occs: occs[:2000], caps: [][]int64{nil}, declared: [][]int64{nil}}
	svc := &Service{Store: st}
	<-svc.StartIndex(ctx, 1000)
	if svc.FreshIndex(ctx) != nil || svc.index.Load() != nil {
		t.Fatal("an index of more than its maximum was kept")
	}
	svc = &Service{Store: st}
	<-svc.StartIndex(ctx, 2100)
	if x := svc.FreshIndex(ctx); x == nil || x.Len() != 2000 {
		t.Fatalf("index %v", x)
	}
	var ids []int64
	for _, o := range occs[2000:2500] {
		ids = append(ids, o.ID)
	}
	st.occs = occs[:2500]
	st.caps = append(st.caps, ids)
	st.declared = append(st.declared, nil)
	if svc.FreshIndex(ctx) != nil || svc.index.Load() != nil || svc.building.Load() {
		t.Fatal("an index that outgrew its maximum catching up was kept, or built again")
	}
}
