package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/trace"
)

// TestTraceStore runs traceability on both engines: a capture of a lighter
// lot's chain (邵东 factory → 长沙 port → an importer), the same document
// again adding nothing, a bad document writing nothing, an error
// declaration taking an event out of traces, the SimpleEventQuery with its
// filters and pages, and forward and backward traces.
//
// With the index, the same, the index built on the empty repository and
// kept up to date by the captures: every answer must be the same, and the
// index must answer as the store's Around throughout.
func TestTraceStore(t *testing.T) {
	for _, indexed := range []bool{false, true} {
		t.Run(map[bool]string{false: "store", true: "index"}[indexed], func(t *testing.T) { testTraceStore(t, indexed) })
	}
}

func testTraceStore(t *testing.T, indexed bool) {
	doc, err := os.ReadFile("../trace/testdata/lighters.jsonld")
	if err != nil {
		t.Fatal(err)
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 3, 6, 2, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		svc := &trace.Service{Store: db.Trace(), Now: db.Now}
		if indexed {
			x, err := trace.BuildIndex(ctx, db.Trace(), 10000)
			if err != nil {
				t.Fatal(err)
			}
			svc.SetIndex(x)
			defer func() { sameAround(t, db, svc.FreshIndex(ctx)) }()
		}
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		firm := risk.Actor{UserID: 9, Login: "firm", Role: risk.RoleEnterprise, EnterpriseID: 3}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		count := func(a risk.Actor, q trace.QueryInput) int {
			t.Helper()
			q["perPage"] = []string{"500"}
			p, err := svc.Events(ctx, a, q)
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Events)
		}
		before := entries()

		res, err := svc.Capture(ctx, firm, doc)
		if err != nil {
			t.Fatal(err)
		}
		if res.Events != 6 || res.Captured != 6 || res.Duplicates != 0 || len(res.EventIDs) != 6 || res.CaptureID == 0 {
			t.Fatalf("capture: %+v", res)
		}
		if entries() != before+1 {
			t.Errorf("audit entries %d, want %d", entries(), before+1)
		}
		// The same document again adds nothing but its audit entry.
		again, err := svc.Capture(ctx, officer, doc)
		if err != nil {
			t.Fatal(err)
		}
		if again.Captured != 0 || again.Duplicates != 6 || !slices.Equal(again.EventIDs, res.EventIDs) {
			t.Errorf("resent: %+v", again)
		}
		if n := count(officer, trace.QueryInput{}); n != 6 {
			t.Errorf("%d events stored, want 6", n)
		}

		// A document with one bad event writes nothing.
		bad := strings.Replace(string(doc), `"bizStep": "receiving"`, `"bizStep": "recieving"`, 1)
		bad = strings.Replace(bad, "2026-03-01T09:00:00", "2026-02-01T09:00:00", 1) // a new event otherwise
		n0 := entries()
		if _, err := svc.Capture(ctx, officer, []byte(bad)); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), "eventList[3].bizStep") {
			t.Errorf("bad document: %v", err)
		}
		if entries() != n0 || count(officer, trace.QueryInput{}) != 6 {
			t.Errorf("a refused document wrote something")
		}

		// Queries.
		for _, tt := range []struct {
			q    trace.QueryInput
			want int
		}{
			{trace.QueryInput{"eventType": {"AggregationEvent"}}, 2},
			{trace.QueryInput{"eventType": {"ObjectEvent|TransformationEvent"}}, 4},
			{trace.QueryInput{"EQ_bizStep": {"shipping"}}, 2},
			{trace.QueryInput{"EQ_bizStep": {"https://ref.gs1.org/cbv/BizStep-receiving"}}, 1},
			{trace.QueryInput{"EQ_disposition": {"in_transit"}}, 2},
			{trace.QueryInput{"GE_eventTime": {"2026-03-03T09:00:00+08:00"}, "LT_eventTime": {"2026-03-05T09:00:00+08:00"}}, 2},
			{trace.QueryInput{"GE_eventTime": {"2026-03-03T09:00:00 08:00"}}, 3}, // the + of an unescaped query string
			{trace.QueryInput{"MATCH_epc": {"urn:epc:id:sscc:6901234.0000000001"}}, 3},
			{trace.QueryInput{"MATCH_anyEPC": {"https://id.gs1.org/00/069012340000000016"}}, 4},
			{trace.QueryInput{"MATCH_epcClass": {"urn:epc:class:lgtin:6901234.022222.L2026"}}, 2},
			{trace.QueryInput{"MATCH_epcClass": {"urn:epc:idpat:sgtin:6901234.022222.*"}}, 3},
			{trace.QueryInput{"EQ_bizLocation": {"urn:epc:id:sgln:6905678.00002.0"}}, 1},
		} {
			if got := count(officer, tt.q); got != tt.want {
				t.Errorf("%v: %d events, want %d", tt.q, got, tt.want)
			}
		}
		// The firm sees what it captured; another firm nothing.
		if n := count(risk.Actor{UserID: 10, Role: risk.RoleEnterprise, EnterpriseID: 4}, trace.QueryInput{}); n != 0 {
			t.Errorf("another firm sees %d events", n)
		}
		if n := count(firm, trace.QueryInput{}); n != 6 {
			t.Errorf("the firm sees %d of its events", n)
		}
		// Pages.
		var got []string
		q := trace.QueryInput{"perPage": {"4"}}
		for page := 0; page < 3; page++ {
			p, err := svc.Events(ctx, officer, q)
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range p.Events {
				var m map[string]any
				if err := json.Unmarshal(e, &m); err != nil {
					t.Fatal(err)
				}
				got = append(got, m["eventID"].(string))
				if m["recordTime"] != "2026-03-06T02:00:00.000Z" || m["@context"] == nil {
					t.Errorf("stored event lacks recordTime or context: %s", e)
				}
			}
			if p.Next == "" {
				break
			}
			q = trace.QueryInput{"perPage": {"4"}, "nextPageToken": {p.Next}}
		}
		if !slices.Equal(got, res.EventIDs) {
			t.Errorf("pages gave %v, want %v", got, res.EventIDs)
		}
		if _, err := svc.Events(ctx, officer, trace.QueryInput{"EQ_bizStep": {"flying"}}); !errors.Is(err, risk.ErrInvalid) {
			t.Errorf("unknown bizStep in a query: %v", err)
		}

		// Traces.
		fwd, err := svc.Trace(ctx, officer, trace.Forward, trace.TraceInput{ID: "urn:epc:class:lgtin:6901234.022222.L2026"})
		if err != nil {
			t.Fatal(err)
		}
		wantItems := []string{"urn:epc:class:lgtin:6901234.022222.L2026", "urn:epc:id:sscc:6901234.0000000001"}
		wantParties := []string{"urn:epc:id:pgln:4012345.00001", "urn:epc:id:sgln:6901234.00001.0", "urn:epc:id:sgln:6905678.00002.0"}
		if !slices.Equal(fwd.Items, wantItems) || !slices.Equal(fwd.Parties, wantParties) || len(fwd.Events) != 5 || !fwd.Complete {
			t.Errorf("forward: items %v parties %v events %d complete %v", fwd.Items, fwd.Parties, len(fwd.Events), fwd.Complete)
		}
		if p := fwd.Paths["urn:epc:id:sscc:6901234.0000000001"]; len(p) != 2 || p[1].Relation != trace.RelPackedIn || p[1].Event != res.EventIDs[1] {
			t.Errorf("path to the pallet: %+v", p)
		}
		back, err := svc.Trace(ctx, officer, trace.Backward, trace.TraceInput{ID: "https://id.gs1.org/00/069012340000000016"})
		if err != nil {
			t.Fatal(err)
		}
		wantBack := []string{"urn:epc:id:sscc:6901234.0000000001", "urn:epc:class:lgtin:6901234.022222.L2026", "urn:epc:class:lgtin:6901234.011111.B1"}
		if !slices.Equal(back.Items, wantBack) {
			t.Errorf("backward items %v, want %v", back.Items, wantBack)
		}
		if _, err := svc.Trace(ctx, officer, trace.Forward, trace.TraceInput{ID: "urn:epc:class:lgtin:6901234.022222.NONE"}); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("unknown lot: %v", err)
		}
		if _, err := svc.Trace(ctx, firm, trace.Forward, trace.TraceInput{ID: "urn:epc:class:lgtin:6901234.022222.L2026"}); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("a firm traced: %v", err)
		}

		// The packing was wrong: declared in error, the lot no longer goes
		// where the pallet went. The declaration is the event again with an
		// errorDeclaration; sending it twice declares once.
		var d map[string]any
		if err := json.Unmarshal(doc, &d); err != nil {
			t.Fatal(err)
		}
		body := d["epcisBody"].(map[string]any)
		ev := body["eventList"].([]any)[1].(map[string]any)
		ev["errorDeclaration"] = map[string]any{"declarationTime": "2026-03-06T08:00:00+08:00", "reason": "incorrect_data"}
		body["eventList"] = []any{ev, ev}
		decl, _ := json.Marshal(d)
		dres, err := svc.Capture(ctx, officer, decl)
		if err != nil {
			t.Fatal(err)
		}
		if dres.Declared != 1 || dres.Duplicates != 1 || dres.Captured != 0 {
			t.Errorf("declaration: %+v", dres)
		}
		fwd, err = svc.Trace(ctx, officer, trace.Forward, trace.TraceInput{ID: "urn:epc:class:lgtin:6901234.022222.L2026"})
		if err != nil {
			t.Fatal(err)
		}
		if len(fwd.Items) != 1 {
			t.Errorf("after the declaration the lot reaches %v", fwd.Items)
		}
		if n := count(officer, trace.QueryInput{"EXISTS_errorDeclaration": {"true"}}); n != 1 {
			t.Errorf("%d events declared in error, want 1", n)
		}

		// A longer chain in one document (enough rows for PostgreSQL's COPY
		// path): lot 0 made into lot 1, lot 1 into lot 2, … lot 60, each at its own
		// place: forward, the 60 destinations are the parties.
		var evs []string
		for i := range 60 {
			evs = append(evs, fmt.Sprintf(`{"type":"TransformationEvent","eventTime":"2026-04-01T%02d:%02d:00Z","eventTimeZoneOffset":"+00:00",`+
				`"inputQuantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.033333.C%d","quantity":1.5,"uom":"KGM"}],`+
				`"outputQuantityList":[{"epcClass":"urn:epc:class:lgtin:6901234.033333.C%d","quantity":1}],`+
				`"sourceList":[{"type":"location","source":"urn:epc:id:sgln:6901234.00001.%d"}],"destinationList":[{"type":"location","destination":"urn:epc:id:sgln:6901234.00001.%d"}]}`,
				i/60, i%60, i, i+1, i, i+1))
		}
		long := `{"@context":["https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"],"type":"EPCISDocument","schemaVersion":"2.0",` +
			`"creationDate":"2026-04-02T00:00:00Z","epcisBody":{"eventList":[` + strings.Join(evs, ",") + `]}}`
		lres, err := svc.Capture(ctx, officer, []byte(long))
		if err != nil {
			t.Fatal(err)
		}
		if lres.Captured != 60 {
			t.Fatalf("long chain: %+v", lres)
		}
		chainFwd, err := svc.Trace(ctx, officer, trace.Forward, trace.TraceInput{ID: "urn:epc:class:lgtin:6901234.033333.C0"})
		if err != nil {
			t.Fatal(err)
		}
		if len(chainFwd.Items) != 61 || len(chainFwd.Events) != 60 || len(chainFwd.Parties) != 60 || !chainFwd.Complete ||
			len(chainFwd.Paths["urn:epc:class:lgtin:6901234.033333.C60"]) != 61 {
			t.Errorf("long chain forward: %d items, %d events, %d parties, complete %v", len(chainFwd.Items), len(chainFwd.Events), len(chainFwd.Parties), chainFwd.Complete)
		}
		if q := chainFwd.Events[0].Items[0].Quantity; q == nil || *q != 1.5 {
			t.Errorf("quantity of the first input: %v", q)
		}
		// The recursive query the benchmark measures the walk against gives
		// the same items and parties.
		ts := db.Trace()
		for _, id := range []string{"urn:epc:class:lgtin:6901234.022222.L2026", "urn:epc:id:sscc:6901234.0000000001", "urn:epc:class:lgtin:6901234.011111.B1",
			"urn:epc:class:lgtin:6901234.033333.C0", "urn:epc:class:lgtin:6901234.033333.C30", "urn:epc:class:lgtin:6901234.022222.L2027"} {
			e, _ := ident.ParseEPC("id", id)
			start, err := ts.Item(ctx, e.Key)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range []trace.Direction{trace.Forward, trace.Backward} {
				w, err := trace.Walk(ctx, d, start, trace.Window{}, ts.Around)
				if err != nil {
					t.Fatal(err)
				}
				if indexed {
					x := svc.FreshIndex(ctx)
					iw, err := trace.Walk(ctx, d, start, trace.Window{}, x.Around)
					if err != nil {
						t.Fatal(err)
					}
					if dw, err := x.Walk(ctx, d, start, trace.Window{}); err != nil || !reflect.DeepEqual(dw, iw) {
						t.Errorf("%s %s: the walk over the index's arrays %+v (%v), over its Around %+v", d, id, dw, err, iw)
					}
					if !slices.Equal(slices.Sorted(slices.Values(iw.Items)), slices.Sorted(slices.Values(w.Items))) || !slices.Equal(iw.Parties, w.Parties) ||
						!slices.Equal(iw.Events, w.Events) {
						t.Errorf("%s %s: over the index %v %v %v, over the store %v %v %v", d, id, iw.Items, iw.Parties, iw.Events, w.Items, w.Parties, w.Events)
					}
				}
				items, parties, err := ts.WalkCTE(ctx, d, start)
				if err != nil {
					t.Fatal(err)
				}
				wi := slices.Sorted(slices.Values(w.Items))
				if !slices.Equal(wi, items) || !slices.Equal(w.Parties, parties) {
					t.Errorf("%s %s: walk %v %v, recursive query %v %v", d, id, wi, w.Parties, items, parties)
				}
			}
		}

		// The walk stops at its depth limit: incomplete.
		half, err := svc.Trace(ctx, officer, trace.Backward, trace.TraceInput{ID: "urn:epc:class:lgtin:6901234.033333.C60", MaxItems: 10})
		if err != nil {
			t.Fatal(err)
		}
		if len(half.Items) != 10 || half.Complete {
			t.Errorf("capped backward: %d items, complete %v", len(half.Items), half.Complete)
		}
	})
}

// sameAround checks that the index answers Around as the store does, for
// every identifier of the repository (all at once, and one at a time for
// up to 300 of them), and that it is usable.
func sameAround(t *testing.T, db *store.DB, x *trace.Index) {
	t.Helper()
	ctx := context.Background()
	ts := db.Trace()
	var all []int64
	for id := int64(1); id <= 20000; id++ {
		all = append(all, id)
	}
	names, err := ts.Names(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	if !x.Usable() || len(names) == 0 {
		t.Fatalf("index usable %v, %d identifiers", x.Usable(), len(names))
	}
	norm := func(occs []*trace.Occurrence) string {
		slices.SortFunc(occs, func(a, b *trace.Occurrence) int { return int(a.ID - b.ID) })
		var b strings.Builder
		for _, o := range occs {
			refs := slices.Clone(o.Refs)
			slices.SortFunc(refs, func(a, b trace.Link) int {
				if a.Item != b.Item {
					return int(a.Item - b.Item)
				}
				return strings.Compare(string(a.Role), string(b.Role))
			})
			parties := slices.Clone(o.Parties)
			slices.SortFunc(parties, func(a, b trace.PartyLink) int {
				if a.Party != b.Party {
					return int(a.Party - b.Party)
				}
				return strings.Compare(fmt.Sprint(a.Dest), fmt.Sprint(b.Dest))
			})
			fmt.Fprintf(&b, "%d %s %s %s %d %v %v\n", o.ID, o.Type, o.Action, o.At.Format(time.RFC3339Nano), o.BizLocation, refs, parties)
		}
		return b.String()
	}
	check := func(items []int64) {
		want, err := ts.Around(ctx, items)
		if err != nil {
			t.Fatal(err)
		}
		got, err := x.Around(ctx, items)
		if err != nil {
			t.Fatal(err)
		}
		if w, g := norm(want), norm(got); w != g {
			t.Errorf("around %v:\nstore:\n%s\nindex:\n%s", items, w, g)
		}
	}
	ids := slices.Sorted(maps.Keys(names))
	for i := 0; i < len(ids); i += len(ids)/300 + 1 { // each of 300 at most alone
		check([]int64{ids[i]})
	}
	check(ids)
}
