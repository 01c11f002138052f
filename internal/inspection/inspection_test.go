package inspection_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
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

// A declaration line's result is recorded once per kind; a change is a
// correction with a reason, audited with both results, and the earlier
// result stays as history without counting any more — on both engines.
func TestLineResultsAndCorrections(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		insp := w.U("inspector")
		ref := inspection.LineRef("D-9", 0)
		if ref != "D-9#0" {
			t.Fatalf("LineRef = %q", ref)
		}
		first, created, err := w.Inspections.RecordLine(ctx, insp, ref, inspection.Input{Result: "pass", Lot: lighterLot})
		if err != nil || !created || first.DeclarationRef != ref || first.Kind != inspection.KindInspection {
			t.Fatalf("record: %+v %v %v", first, created, err)
		}
		// The same result again is the stored one; a different one is refused.
		again, created, err := w.Inspections.RecordLine(ctx, insp, ref, inspection.Input{Result: "pass", Lot: lighterLot})
		if err != nil || created || again.ID != first.ID {
			t.Fatalf("resend: %+v %v %v", again, created, err)
		}
		_, _, err = w.Inspections.RecordLine(ctx, insp, ref, inspection.Input{Result: "fail", Findings: "无防止儿童开启装置", Lot: lighterLot})
		if e, _ := risk.AsError(err); !errors.Is(err, risk.ErrConflict) || e.Field != "result" || !strings.Contains(e.Message, "更正") {
			t.Fatalf("second record: %v", err)
		}
		// A lab test of the same line is another kind: recorded.
		if _, created, err := w.Inspections.RecordLine(ctx, insp, ref, inspection.Input{Kind: "lab_test", Result: "pass", Lot: lighterLot}); err != nil || !created {
			t.Fatalf("lab test: %v %v", created, err)
		}
		fail := inspection.Input{Result: "fail", Findings: "无防止儿童开启装置", Lot: lighterLot}
		if _, err := w.Inspections.CorrectLine(ctx, insp, ref, fail, first.ID, " "); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), "reason") {
			t.Fatalf("correction without a reason: %v", err)
		}
		for _, who := range []string{"officer", "firm"} {
			if _, err := w.Inspections.CorrectLine(ctx, w.U(who), ref, fail, first.ID, "复核"); !errors.Is(err, risk.ErrForbidden) {
				t.Fatalf("%s corrects: %v", who, err)
			}
		}
		if _, err := w.Inspections.CorrectLine(ctx, insp, ref, inspection.Input{Result: "pass", Lot: lighterLot}, first.ID, "复核"); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("a correction that changes nothing: %v", err)
		}
		if _, err := w.Inspections.CorrectLine(ctx, insp, inspection.LineRef("D-9", 1), fail, 0, "复核"); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("correcting a line without a result: %v", err)
		}
		w.Now = w.Now.Add(time.Hour)
		fixed, err := w.Inspections.CorrectLine(ctx, insp, ref, fail, first.ID, "复核样品发现儿童安全锁缺失")
		if err != nil || fixed.Supersedes != first.ID || fixed.CorrectionReason != "复核样品发现儿童安全锁缺失" || fixed.SignalID == 0 {
			t.Fatalf("correction: %+v %v", fixed, err)
		}
		// A correction from a stale page is refused: the result it saw was corrected.
		if _, err := w.Inspections.CorrectLine(ctx, insp, ref, inspection.Input{Result: "pass", Lot: lighterLot}, first.ID, "再次复核"); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("stale correction: %v", err)
		}
		if _, err := w.Inspections.LineResults(ctx, w.U("firm"), "D-9", 2); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("an enterprise reads line results: %v", err)
		}
		all, err := w.Inspections.LineResults(ctx, insp, "D-9", 2)
		if err != nil || len(all) != 3 {
			t.Fatalf("line results: %d %v", len(all), err)
		}
		if all[0].ID != first.ID || all[0].SupersededBy != fixed.ID || all[0].Current() || !all[2].Current() || all[2].ID != fixed.ID ||
			len(all[2].Warnings) != 1 || all[2].Warnings[0] != x.ID {
			t.Fatalf("history: %+v %+v %+v", all[0], all[1], all[2])
		}
		cur, err := db.Inspections().CurrentLine(ctx, ref, inspection.KindInspection)
		if err != nil || cur.ID != fixed.ID {
			t.Fatalf("current: %+v %v", cur, err)
		}
		// The superseded pass no longer counts as a clean lot.
		res, err := db.Inspections().Results(ctx, x.ID, 10)
		if err != nil || len(res) != 2 || res[0] != "fail" || res[1] != "pass" {
			t.Fatalf("results counted for lifting: %v %v", res, err)
		}
		entries, _, err := db.Audit().List(ctx, audit.Filter{Action: "inspection.correct"})
		if err != nil || len(entries) != 1 || entries[0].EntityID != fixed.ID || !strings.Contains(entries[0].Summary, "复核样品") ||
			!strings.Contains(entries[0].Before, `"pass"`) || !strings.Contains(entries[0].After, `"fail"`) {
			t.Fatalf("audit: %+v %v", entries, err)
		}
	})
}
