package inspection_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"riskgate/internal/casefile"
	"riskgate/internal/inspection"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

var lighterLot = warning.Lot{HSCode: "9613100000", Name: "一次性打火机", Brand: "火炬", Destination: "DE", Port: "4900"}

func TestRecordMatchesAndRaises(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		insp := w.U("inspector")
		for _, who := range []string{"officer", "firm"} {
			if _, _, err := w.Inspections.Record(ctx, w.U(who), inspection.Input{Result: "pass", Lot: lighterLot}); !errors.Is(err, risk.ErrForbidden) {
				t.Errorf("%s records: %v", who, err)
			}
		}
		if _, _, err := w.Inspections.Record(ctx, insp, inspection.Input{Result: "fail", Lot: lighterLot}); err == nil || !strings.Contains(err.Error(), "findings") {
			t.Fatalf("failure without findings: %v", err)
		}
		r, created, err := w.Inspections.Record(ctx, insp, inspection.Input{Result: "fail", Findings: "火焰高度 12 cm", Lot: lighterLot, ExternalRef: "CIQ-1"})
		if err != nil || !created {
			t.Fatal(err)
		}
		if len(r.Warnings) != 1 || r.Warnings[0] != x.ID || r.SignalID == 0 {
			t.Fatalf("recorded %+v", r)
		}
		sig, err := w.Signals.Get(ctx, w.U("officer"), r.SignalID)
		if err != nil || sig.Channel != "port-nonconformity" || sig.Product.Name != "一次性打火机" || sig.Status != signal.StatusNew {
			t.Fatalf("raised signal %+v %v", sig, err)
		}
		again, created, err := w.Inspections.Record(ctx, insp, inspection.Input{Result: "fail", Findings: "x", Lot: lighterLot, ExternalRef: "CIQ-1"})
		if err != nil || created || again.ID != r.ID {
			t.Fatalf("resend: %+v %v %v", again, created, err)
		}
		// A lot outside the scope matches nothing.
		other, _, err := w.Inspections.Record(ctx, insp, inspection.Input{Result: "pass", Lot: warning.Lot{HSCode: "6911101000", Name: "陶瓷餐具"}})
		if err != nil || len(other.Warnings) != 0 || other.SignalID != 0 {
			t.Fatalf("unrelated lot %+v %v", other, err)
		}
	})
}

func TestLiftingProposals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		in := w.WarningInput(warning.ClassBulletin)
		in.Conditions = []warning.Condition{{Kind: warning.CondCleanLots, N: 3}, {Kind: warning.CondRecall, Percent: 90}, {Kind: warning.CondExpiresAt}}
		x := w.Issue(c.ID, in)
		insp := w.U("inspector")
		record := func(result string) {
			t.Helper()
			w.Now = w.Now.Add(1)
			if _, _, err := w.Inspections.Record(ctx, insp, inspection.Input{Result: result, Findings: "f", Lot: lighterLot}); err != nil {
				t.Fatal(err)
			}
		}
		propose := func() int {
			t.Helper()
			n, err := w.Inspections.EvaluateLifting(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		record("pass")
		record("fail")
		record("pass")
		record("pass")
		if n := propose(); n != 0 {
			t.Fatalf("proposed with a failure among the last 3 lots")
		}
		record("pass") // last three: pass pass pass
		if n := propose(); n != 0 {
			t.Fatal("proposed before the recall completed")
		}
		pct := 95.0
		cs, _ := w.Cases.Get(ctx, w.U("officer"), c.ID)
		if _, err := w.Cases.Update(ctx, w.U("officer"), c.ID, casefile.Change{Version: cs.Version, RecallCompletion: &pct}); err != nil {
			t.Fatal(err)
		}
		if n := propose(); n != 1 {
			t.Fatalf("proposals = %d, want 1", n)
		}
		got, _ := w.Warnings.Get(ctx, w.U("approver"), x.ID)
		if got.LiftProposedAt == nil || !strings.Contains(got.LiftProposal, "连续 3 批") || !strings.Contains(got.LiftProposal, "90%") {
			t.Fatalf("proposal %q", got.LiftProposal)
		}
		if n := propose(); n != 0 {
			t.Fatal("proposed twice")
		}
		// A failed lot in scope withdraws the proposal.
		record("fail")
		got, _ = w.Warnings.Get(ctx, w.U("approver"), x.ID)
		if got.LiftProposedAt != nil {
			t.Fatal("a failed lot left the lifting proposal standing")
		}
		if n := propose(); n != 0 {
			t.Fatal("proposed with a failure among the last lots")
		}
	})
}
