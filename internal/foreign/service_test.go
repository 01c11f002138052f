package foreign_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/foreign"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

func open(t *testing.T, name string) *os.File {
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func count(t *testing.T, w *lifecycletest.World) int {
	_, n, err := w.Signals.List(context.Background(), w.U("officer"), signal.Filter{Channel: foreign.Channel, Paging: risk.Paging{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportIsIdempotentAndUpdates(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		svc := &foreign.Service{Store: db.Foreign(), Now: func() time.Time { return w.Now }}
		var calls, last int
		rep, err := svc.Import(ctx, w.U("officer"), "rasff", "head200.csv", open(t, "rasff_2024_head200.csv"),
			foreign.Options{Progress: func(done, total int) { calls++; last = done }})
		if err != nil {
			t.Fatal(err)
		}
		if rep.New != 200 || rep.Unchanged != 0 || rep.Records != 200 || calls == 0 || last != 200 {
			t.Fatalf("first import: %+v, progress %d calls, last %d", rep, calls, last)
		}
		if n := count(t, w); n != 200 {
			t.Fatalf("%d signals", n)
		}
		rep, err = svc.Import(ctx, w.U("officer"), "rasff", "again.csv", open(t, "rasff_2024_head200.csv"), foreign.Options{})
		if err != nil || rep.New != 0 || rep.Unchanged != 200 || rep.Updated != 0 {
			t.Fatalf("second import: %+v %v", rep, err)
		}
		// The source corrects one record: its signal follows, audited.
		changed := "date,reference,notification_from,country_origin,product,product_category,hazard_substance,hazard_category\n" +
			"2024-10-30,2024.8046,Italy,China,Lamb legs,Meat and meat products (other than poultry),Listeria monocytogenes - pathogenic micro-organisms,Pathogenic micro-organisms\n"
		rep, err = svc.Import(ctx, w.U("officer"), "rasff", "fix.csv", strings.NewReader(changed), foreign.Options{})
		if err != nil || rep.Updated != 1 || rep.New != 0 {
			t.Fatalf("correction: %+v %v", rep, err)
		}
		g, err := w.Signals.Store.ByRef(ctx, foreign.Channel, "rasff:2024.8046")
		if err != nil {
			t.Fatal(err)
		}
		if g.Product.Origin != "CN" || !strings.Contains(g.Description, "Listeria") || g.Reporter == nil || !strings.Contains(g.Reporter.Name, "Italy") {
			t.Fatalf("updated signal: %+v", g)
		}
		if n := count(t, w); n != 200 {
			t.Fatalf("%d signals after the correction", n)
		}
		entries, _, err := (&audit.Service{Store: db.Audit()}).List(ctx, w.U("admin"), audit.Filter{Action: "signal.update"})
		if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Before, "Ireland") && !strings.Contains(entries[0].Before, "IE") {
			t.Fatalf("audit of the update: %+v %v", entries, err)
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, w.U("admin")); err != nil {
			t.Fatal(err)
		}
	})
}

func TestImportRejects(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		svc := &foreign.Service{Store: db.Foreign(), Now: func() time.Time { return w.Now }}
		bad := "date,reference,product\n2024-01-01,2024.1,melamine cups\nsoon,2024.2,bamboo bowls\n2024-01-03,2024.3,teats\n"
		_, err := svc.Import(ctx, w.U("officer"), "rasff", "bad.csv", strings.NewReader(bad), foreign.Options{})
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) || len(e.Details) != 1 || e.Details[0].Field != "line 3: date" {
			t.Fatalf("bad file: %v", err)
		}
		if n := count(t, w); n != 0 {
			t.Fatalf("a rejected import wrote %d signals", n)
		}
		rep, err := svc.Import(ctx, w.U("officer"), "rasff", "bad.csv", strings.NewReader(bad), foreign.Options{SkipInvalid: true})
		if err != nil || rep.New != 2 || rep.Rejected != 1 || len(rep.Skipped) != 1 || rep.Skipped[0].Line != 3 {
			t.Fatalf("skip invalid: %+v %v", rep, err)
		}
		if _, err := svc.Import(ctx, w.U("approver"), "rasff", "x.csv", strings.NewReader(bad), foreign.Options{}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("approver imported: %v", err)
		}
		if _, err := svc.Import(ctx, w.U("officer"), "safetygate", "x.xml", strings.NewReader("<Safety-Gate><notifications>"), foreign.Options{}); err == nil ||
			!strings.Contains(err.Error(), "XML") {
			t.Fatalf("broken XML: %v", err)
		}
		// Every layout imports on both engines.
		for _, c := range [][2]string{{"safetygate", "safetygate_weekly.xml"}, {"cpsc", "cpsc_recalls.json"}, {"openfda", "openfda_enforcement.json"},
			{"fda-press", "fda_press.xml"}, {"rasff", "rasff_window.csv"}} {
			rep, err := svc.Import(ctx, w.U("officer"), c[0], c[1], open(t, c[1]), foreign.Options{})
			if err != nil || rep.New != 2 {
				t.Fatalf("%s: %+v %v", c[1], rep, err)
			}
		}
		g, err := w.Signals.Store.ByRef(ctx, foreign.Channel, "safetygate:A12/02685/24")
		if err != nil || g.Product.Origin != "CN" || g.Hazard != "choking" || g.Product.HSCode != "9503" || g.Dept != "cs-customs" {
			t.Fatalf("safety gate signal: %+v %v", g, err)
		}
		if g.ReceivedYearOnly {
			t.Errorf("a dated Safety Gate alert is stored as year-only: %v", g.ReceivedAt)
		}
		// The Safety Gate sample dates its alerts by the year alone: the
		// signal says so; a record with its day does not.
		if _, err := svc.Import(ctx, w.U("officer"), "safetygate", "sample.csv", open(t, "safetygate_sample_head40.csv"), foreign.Options{}); err != nil {
			t.Fatal(err)
		}
		for ref, want := range map[string]bool{"safetygate:A12/0912/19": true, "rasff:2024.8040": false} {
			g, err := w.Signals.Store.ByRef(ctx, foreign.Channel, ref)
			if err != nil {
				t.Fatal(err)
			}
			if g.ReceivedYearOnly != want || want && !g.ReceivedAt.Equal(time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)) {
				t.Errorf("%s received %v, year only %v; want %v", ref, g.ReceivedAt, g.ReceivedYearOnly, want)
			}
		}
	})
}

// A NUL in a source field, raw in CSV or escaped in JSON, is dropped:
// PostgreSQL text cannot hold it, and the import failed there with a 500
// (found by FuzzParse).
func TestImportDropsNUL(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		svc := &foreign.Service{Store: db.Foreign(), Now: func() time.Time { return w.Now }}
		for _, c := range []struct{ ref, file string }{
			{"2024.1", "date,reference,product\n2024-10-30,2024.1,Lamb\x00 legs\n"},
			{"2024.2", `[{"reference":"2024.2","date":"2024-10-30","product":"Lamb\u0000 legs"}]`},
		} {
			if _, err := svc.Import(ctx, w.U("officer"), "rasff", "nul", strings.NewReader(c.file), foreign.Options{}); err != nil {
				t.Fatalf("%s: %v", c.ref, err)
			}
			g, err := w.Signals.Store.ByRef(ctx, foreign.Channel, "rasff:"+c.ref)
			if err != nil || g.Product.Name != "Lamb legs" {
				t.Fatalf("%s: %+v %v", c.ref, g, err)
			}
		}
	})
}
