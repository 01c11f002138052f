package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/trace"
)

// TestTraceIndexNodes: two nodes (two trace.Services, each on its own
// handle of one database, each with its own index) — what one captures,
// the other's traces include at once, and what one declares in error the
// other's traces leave out; every trace over an index answers as the
// store's walk does, for every identifier, after each capture. On
// PostgreSQL, a capture that numbered its events first but commits last
// (its events numbered below those of a capture that committed before
// it) is not missed.
func TestTraceIndexNodes(t *testing.T) {
	doc, err := os.ReadFile("../trace/testdata/lighters.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 6, 2, 0, 0, 0, time.UTC)
		key := audit.NewKey()
		db.SetAuditKey(key)
		db2, err := store.Open(ctx, db.URL, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer db2.Close()
		db2.SetAuditKey(key)
		clock := func() time.Time { return now }
		node := func(d *store.DB) *trace.Service {
			svc := &trace.Service{Store: d.Trace(), Now: clock}
			x, err := trace.BuildIndex(ctx, d.Trace(), 100000)
			if err != nil {
				t.Fatal(err)
			}
			svc.SetIndex(x)
			return svc
		}
		a, b := node(db), node(db2)
		plain := &trace.Service{Store: db.Trace(), Now: clock} // no index: walks the store
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		firm := risk.Actor{UserID: 9, Login: "firm", Role: risk.RoleEnterprise, EnterpriseID: 3}

		// same checks that svc's traces (over its index, brought up to
		// date) answer as the store's, from every identifier both ways.
		same := func(stage string, svc *trace.Service) {
			t.Helper()
			if svc.FreshIndex(ctx) == nil {
				t.Fatalf("%s: the node's index does not answer", stage)
			}
			var all []int64
			for id := int64(1); id <= 20000; id++ {
				all = append(all, id)
			}
			names, err := db.Trace().Names(ctx, all)
			if err != nil {
				t.Fatal(err)
			}
			// Every identifier of a small repository; a hundred of a larger.
			list := slices.Sorted(maps.Values(names))
			step := len(list)/100 + 1
			for i := 0; i < len(list); i += step {
				name := list[i]
				for _, d := range []trace.Direction{trace.Forward, trace.Backward} {
					got, gerr := svc.Trace(ctx, officer, d, trace.TraceInput{ID: name})
					want, werr := plain.Trace(ctx, officer, d, trace.TraceInput{ID: name})
					if fmt.Sprint(gerr) != fmt.Sprint(werr) || !reflect.DeepEqual(got, want) {
						g, _ := json.Marshal(got)
						w, _ := json.Marshal(want)
						t.Fatalf("%s: %s %s over the index %s (%v), over the store %s (%v)", stage, d, name, g, gerr, w, werr)
					}
				}
			}
		}
		items := func(svc *trace.Service, id string) []string {
			t.Helper()
			r, err := svc.Trace(ctx, officer, trace.Forward, trace.TraceInput{ID: id})
			if err != nil {
				t.Fatal(err)
			}
			return r.Items
		}
		const lot = "urn:epc:class:lgtin:6901234.022222.L2026"

		// Node A captures; node B traces the new events at once.
		if _, err := a.Capture(ctx, firm, doc); err != nil {
			t.Fatal(err)
		}
		if n := len(items(b, lot)); n < 2 {
			t.Fatalf("node B traces %s to %d items: it missed node A's capture", lot, n)
		}
		same("after a capture on A, B", b)

		// Node B declares the packing in error; node A no longer follows it.
		var d map[string]any
		if err := json.Unmarshal(doc, &d); err != nil {
			t.Fatal(err)
		}
		body := d["epcisBody"].(map[string]any)
		ev := body["eventList"].([]any)[1].(map[string]any)
		ev["errorDeclaration"] = map[string]any{"declarationTime": "2026-03-06T08:00:00+08:00", "reason": "incorrect_data"}
		body["eventList"] = []any{ev}
		decl, _ := json.Marshal(d)
		if res, err := b.Capture(ctx, officer, decl); err != nil || res.Declared != 1 {
			t.Fatalf("declaration: %+v %v", res, err)
		}
		if got := items(a, lot); len(got) != 1 {
			t.Errorf("after node B's declaration node A traces %s to %v", lot, got)
		}
		same("after a declaration on B, A", a)

		// A streamed capture on B, traced on A.
		if _, err := b.CaptureStream(ctx, officer, strings.NewReader(string(streamDoc(30)))); err != nil {
			t.Fatal(err)
		}
		same("after a streamed capture on B, A", a)
		same("after a streamed capture on B, B", b)

		if db.Engine() == "postgres" {
			// A streamed capture on A numbers its first chunk's events, then
			// (its transaction still open) node B captures other events,
			// numbered after A's, and commits first: B's traces see B's
			// events; once A commits, its events too, though numbered below.
			hooked := &hookReader{doc: nodeDoc("044444", trace.StreamChunk+10)}
			hooked.at = hooked.boundary(trace.StreamChunk)
			var mid []string
			hooked.hook = func() {
				if _, err := b.Capture(ctx, officer, nodeDoc("055555", 3)); err != nil {
					t.Error(err)
					return
				}
				mid = items(b, "urn:epc:id:sgtin:6901234.055555.1")
			}
			if _, err := a.CaptureStream(ctx, officer, hooked); err != nil {
				t.Fatal(err)
			}
			if !hooked.fired || len(mid) == 0 {
				t.Fatalf("the hook did not run inside the streamed capture (%v, %v)", hooked.fired, mid)
			}
			ids := func(gtin string) (lo, hi int64) {
				m, err := trace.MatchOf("MATCH_epc", "urn:epc:idpat:sgtin:6901234."+gtin+".*")
				if err != nil {
					t.Fatal(err)
				}
				evs, err := db.Trace().Events(ctx, trace.Filter{MatchEPC: []trace.Match{m}, Limit: 10000})
				if err != nil || len(evs) == 0 {
					t.Fatalf("events of %s: %d, %v", gtin, len(evs), err)
				}
				return evs[0].ID, evs[len(evs)-1].ID
			}
			aLo, _ := ids("044444")
			bLo, _ := ids("055555")
			if aLo >= bLo {
				t.Fatalf("the streamed capture's events start at %d, the other's at %d: not numbered out of commit order", aLo, bLo)
			}
			same("after captures committed out of the order of their numbers, B", b)
		}
		sameAround(t, db, a.FreshIndex(ctx))
		sameAround(t, db2, b.FreshIndex(ctx))
	})
}

// nodeDoc is a document of n shipping events of instances of a GTIN of
// company 6901234 (item reference ref) to a party of its own: two such
// documents share no identifier (a capture waits for another's
// uncommitted identifiers).
func nodeDoc(ref string, n int) []byte {
	var b strings.Builder
	b.WriteString(`{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
		`"creationDate":"2026-03-06T08:00:00+08:00","epcisBody":{"eventList":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"ObjectEvent","eventTime":"2026-03-02T00:%02d:%02dZ","eventTimeZoneOffset":"+08:00","action":"OBSERVE","epcList":["urn:epc:id:sgtin:6901234.%s.%d"],"bizStep":"shipping","destinationList":[{"type":"owning_party","destination":"urn:epc:id:pgln:6901234.%s"}]}`,
			i/60%60, i%60, ref, i, ref[1:])
	}
	b.WriteString(`]}}`)
	return []byte(b.String())
}

// hookReader reads doc, stopping once at byte at (the end of an event) and
// running hook on the read after it: by then the stream has handed on
// every event before at.
type hookReader struct {
	doc   []byte
	off   int
	at    int
	hook  func()
	fired bool
}

// boundary returns the offset just past the n-th event of doc.
func (h *hookReader) boundary(n int) int {
	depth, events := 0, 0
	for i, c := range h.doc {
		switch c {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 2 { // an event of eventList closed
				events++
				if events == n {
					return i + 1
				}
			}
		}
	}
	return len(h.doc)
}

func (h *hookReader) Read(p []byte) (int, error) {
	if h.off == h.at && !h.fired {
		h.fired = true
		h.hook()
	}
	if h.off >= len(h.doc) {
		return 0, io.EOF
	}
	end := len(h.doc)
	if h.off < h.at {
		end = h.at
	}
	n := copy(p, h.doc[h.off:end])
	h.off += n
	return n, nil
}
