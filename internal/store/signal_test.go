package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestSignalBatches stores batches through Create, the way of batches with
// references stored already: new signals, a resend, a batch half stored
// already and a batch naming a reference twice, each with its search
// documents and one audit entry a new signal, and a chain that still
// verifies.
func TestSignalBatches(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetAuditKey(audit.NewKey())
		batch := func(refs ...string) ([]*signal.Signal, []audit.Entry) {
			items := make([]*signal.Signal, len(refs))
			entries := make([]audit.Entry, len(refs))
			for i, ref := range refs {
				items[i] = &signal.Signal{Channel: "12315", ExternalRef: ref, ReceivedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
					Product: signal.Product{Name: "毛绒玩具熊", HSCode: "9503", Model: "M-" + ref}, Injuries: signal.Injuries{Count: 2, Severity: 1},
					Description: "眼睛脱落 " + ref, Dept: "cs-customs", Status: signal.StatusNew, CreatedBy: "test"}
				entries[i] = audit.New(risk.Actor{UserID: 7, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}, "signal.create", "signal", 0, "test")
			}
			return items, entries
		}
		refs := func(prefix string, from, to int) []string {
			var out []string
			for i := from; i < to; i++ {
				out = append(out, fmt.Sprintf("%s%03d", prefix, i))
			}
			return out
		}
		logged := func() int {
			t.Helper()
			_, n, err := db.Audit().List(ctx, audit.Filter{Entity: "signal"})
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		found := func(text string) []string {
			t.Helper()
			got, _, err := db.Signals().List(ctx, signal.Filter{Text: text, Paging: risk.Paging{Limit: 200}})
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, g := range got {
				out = append(out, g.ExternalRef)
			}
			slices.Sort(out)
			return out
		}
		create := func(refs []string) ([]bool, []*signal.Signal) {
			t.Helper()
			items, entries := batch(refs...)
			created, err := db.Signals().Create(ctx, items, entries)
			if err != nil {
				t.Fatal(err)
			}
			return created, items
		}
		count := func(bs []bool) (n int) {
			for _, b := range bs {
				if b {
					n++
				}
			}
			return n
		}

		first := refs("A", 0, 60)
		created, items := create(first)
		if n := count(created); n != 60 {
			t.Fatalf("%d of 60 created", n)
		}
		ids := map[string]risk.ID{}
		for _, g := range items {
			ids[g.ExternalRef] = g.ID
			stored, err := db.Signals().Get(ctx, g.ID)
			if err != nil || stored.ExternalRef != g.ExternalRef || stored.Product.Model != "M-"+g.ExternalRef || stored.Injuries.Count != 2 ||
				!stored.CreatedAt.Equal(g.CreatedAt) {
				t.Fatalf("signal %d: %+v %v, want %+v", g.ID, stored, err, g)
			}
		}
		if n := logged(); n != 60 {
			t.Fatalf("%d audit entries, want 60", n)
		}
		if got := found("A007"); !slices.Equal(got, []string{"A007"}) {
			t.Fatalf("search A007: %v", got)
		}

		// A resend stores nothing and returns the stored signals.
		created, items = create(first)
		if n := count(created); n != 0 {
			t.Fatalf("resend: %d created", n)
		}
		for _, g := range items {
			if g.ID != ids[g.ExternalRef] {
				t.Fatalf("resent %s: id %d, want %d", g.ExternalRef, g.ID, ids[g.ExternalRef])
			}
		}

		// Half stored, half new.
		created, items = create(refs("A", 30, 90))
		for i, g := range items {
			if want := i >= 30; created[i] != want || (!want && g.ID != ids[g.ExternalRef]) {
				t.Fatalf("%s: created %v id %d", g.ExternalRef, created[i], g.ID)
			}
		}
		if got := found("A080"); !slices.Equal(got, []string{"A080"}) {
			t.Fatalf("search A080: %v", got)
		}

		// One reference twice in a batch: stored once.
		twice := append(refs("B", 0, 40), "B005")
		created, items = create(twice)
		if n := count(created); n != 40 || created[40] || items[40].ID != items[5].ID {
			t.Fatalf("reference twice: %d created, last %v id %d, want 40 and id %d", n, created[40], items[40].ID, items[5].ID)
		}
		if n := logged(); n != 60+30+40 {
			t.Fatalf("%d audit entries, want %d", n, 60+30+40)
		}
		if got := found("眼睛脱落"); len(got) != 130 {
			t.Fatalf("search finds %d signals, want 130", len(got))
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System); err != nil {
			t.Fatalf("chain: %v", err)
		}
	})
}

// TestSignalsCreateNew stores batches of new references the fast way (COPY
// on PostgreSQL from 32 rows, multi-row INSERTs else) and refuses, storing
// nothing, a batch with a reference stored already or named twice: no
// signal, no audit entry, nothing queued for search, the chain's head
// where it was.
func TestSignalsCreateNew(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		actor := risk.Actor{UserID: 7, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
		batch := func(refs ...string) ([]*signal.Signal, []audit.Entry) {
			items := make([]*signal.Signal, len(refs))
			entries := make([]audit.Entry, len(refs))
			for i, ref := range refs {
				items[i] = &signal.Signal{Channel: "12315", ExternalRef: ref, ReceivedAt: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
					Product: signal.Product{Name: "电热水壶", HSCode: "8516", Model: "K-" + ref}, Description: "外壳带电 " + ref,
					Dept: "cs-customs", Status: signal.StatusNew, CreatedBy: "officer"}
				entries[i] = audit.New(actor, "signal.create", "signal", 0, "test "+ref)
			}
			return items, entries
		}
		refs := func(prefix string, n int) []string {
			out := make([]string, n)
			for i := range out {
				out[i] = fmt.Sprintf("%s%03d", prefix, i)
			}
			return out
		}
		type state struct {
			signals, entries int
			backlog          int64
			head             audit.Head
		}
		now := func() state {
			t.Helper()
			var s state
			var err error
			if _, s.signals, err = db.Signals().List(ctx, signal.Filter{}); err != nil {
				t.Fatal(err)
			}
			if _, s.entries, err = db.Audit().List(ctx, audit.Filter{Entity: "signal"}); err != nil {
				t.Fatal(err)
			}
			if s.backlog, err = db.SearchBacklog(ctx); err != nil {
				t.Fatal(err)
			}
			if s.head, err = db.AuditHead(ctx); err != nil {
				t.Fatal(err)
			}
			return s
		}
		createNew := func(refs []string) (bool, []*signal.Signal) {
			t.Helper()
			items, entries := batch(refs...)
			ok, err := db.Signals().CreateNew(ctx, items, entries)
			if err != nil {
				t.Fatal(err)
			}
			return ok, items
		}

		for _, n := range []int{40, 3} { // COPY on PostgreSQL, and INSERT
			prefix := fmt.Sprintf("N%d-", n)
			before := now()
			ok, items := createNew(refs(prefix, n))
			if !ok {
				t.Fatalf("%d new references refused", n)
			}
			after := now()
			if after.signals != before.signals+n || after.entries != before.entries+n || after.backlog != before.backlog+int64(n) ||
				after.head.Seq != before.head.Seq+int64(n) {
				t.Fatalf("%d new: %+v, then %+v", n, before, after)
			}
			for _, g := range items {
				stored, err := db.Signals().Get(ctx, g.ID)
				if err != nil || stored.ExternalRef != g.ExternalRef || stored.Product.Model != "K-"+g.ExternalRef || !stored.CreatedAt.Equal(g.CreatedAt) {
					t.Fatalf("signal %d: %+v %v, want %+v", g.ID, stored, err, g)
				}
				es, _, err := db.Audit().List(ctx, audit.Filter{Entity: "signal", EntityID: g.ID})
				if err != nil || len(es) != 1 || es[0].Summary != "test "+g.ExternalRef {
					t.Fatalf("signal %d's audit entries: %+v %v", g.ID, es, err)
				}
			}

			// One reference stored already, among new ones; one named twice.
			stale := append(refs(prefix+"X", n), prefix+"001")
			twice := append(refs(prefix+"Y", n), prefix+"Y000")
			for _, b := range [][]string{stale, twice} {
				before := now()
				if ok, items := createNew(b); ok || items[0].ID != 0 {
					t.Fatalf("%v: stored (id %d)", b, items[0].ID)
				}
				if after := now(); after != before {
					t.Fatalf("a refused batch wrote: %+v, then %+v", before, after)
				}
			}
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System); err != nil {
			t.Fatalf("chain: %v", err)
		}
	})
}

// A signal whose received time gives only the year keeps that flag through
// the store on both engines, and migration 0043 marks the Safety Gate
// signals stored before it at a year's first instant — not a Safety Gate
// signal of another time, nor another source's signal of 1 January.
func TestSignalYearOnly(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.SetAuditKey(audit.NewKey())
		newYear := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		mk := func(channel, ref string, at time.Time, yearOnly bool) *signal.Signal {
			return &signal.Signal{Channel: channel, ExternalRef: ref, ReceivedAt: at, ReceivedYearOnly: yearOnly,
				Product: signal.Product{Name: "Toy slime"}, Description: ref, Dept: "cs-customs", Status: signal.StatusNew, CreatedBy: "test"}
		}
		items := []*signal.Signal{
			mk("foreign-notification", "safetygate:SR/03781/24", newYear, true),
			mk("foreign-notification", "safetygate:A12/00017/24", newYear.Add(9*time.Hour), false),
			mk("foreign-notification", "rasff:2024.0001", newYear, false),
			mk("12315", "12315-1", newYear, false),
		}
		entries := make([]audit.Entry, len(items))
		for i := range entries {
			entries[i] = audit.New(risk.Actor{UserID: 7, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}, "signal.create", "signal", 0, "test")
		}
		if _, err := db.Signals().Create(ctx, items, entries); err != nil {
			t.Fatal(err)
		}
		check := func(when string) {
			t.Helper()
			for i, g := range items {
				stored, err := db.Signals().Get(ctx, g.ID)
				if err != nil {
					t.Fatal(err)
				}
				if want := i == 0; stored.ReceivedYearOnly != want || !stored.ReceivedAt.Equal(g.ReceivedAt) {
					t.Errorf("%s: %s reads year-only %v at %s; want %v at %s", when, g.ExternalRef, stored.ReceivedYearOnly, stored.ReceivedAt, want, g.ReceivedAt)
				}
			}
		}
		check("stored")
		// The shape before migration 0043: no column; the migration marks
		// the stored signals by its rule.
		for _, q := range []string{`ALTER TABLE signals DROP COLUMN received_year_only`, `DELETE FROM schema_migrations WHERE version = 43`} {
			if err := db.ExecRaw(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate: %d %v", n, err)
		}
		check("migrated")
	})
}
