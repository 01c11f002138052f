package assess_test

import (
	"context"
	"errors"
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestEveryTransition tries every action in every state of the assessment
// lifecycle: allowed ones succeed, the others answer 409.
func TestEveryTransition(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		off, appr := w.U("officer"), w.U("approver")
		sc := []assess.Scenario{{Severity: 2, Steps: []assess.Step{{Probability: "1/10"}}}}
		// reach returns an assessment in st, each in a fresh case.
		reach := func(st assess.Status) *assess.Assessment {
			t.Helper()
			res, err := w.Signals.Create(ctx, off, []signal.Input{{Channel: "12315", Description: "x"}})
			if err != nil {
				t.Fatal(err)
			}
			c, err := w.Cases.Open(ctx, off, casefile.OpenInput{Title: "t", Signals: []risk.ID{res[0].ID}})
			if err != nil {
				t.Fatal(err)
			}
			x, err := w.Assess.Draft(ctx, off, c.ID, assess.Input{Scenarios: sc})
			step := func(f func() (*assess.Assessment, error)) {
				if err == nil {
					x, err = f()
				}
			}
			switch st {
			case assess.StatusSubmitted, assess.StatusReturned, assess.StatusApproved, assess.StatusSuperseded:
				step(func() (*assess.Assessment, error) { return w.Assess.Submit(ctx, off, x.ID, x.Rev) })
			}
			switch st {
			case assess.StatusReturned:
				step(func() (*assess.Assessment, error) { return w.Assess.Decide(ctx, appr, x.ID, "return", "补充", x.Rev) })
			case assess.StatusApproved, assess.StatusSuperseded:
				step(func() (*assess.Assessment, error) { return w.Assess.Decide(ctx, appr, x.ID, "approve", "", x.Rev) })
			}
			if st == assess.StatusSuperseded {
				old := x
				step(func() (*assess.Assessment, error) { return w.Assess.Draft(ctx, off, c.ID, assess.Input{Scenarios: sc}) })
				step(func() (*assess.Assessment, error) { return w.Assess.Submit(ctx, off, x.ID, x.Rev) })
				step(func() (*assess.Assessment, error) { return w.Assess.Decide(ctx, appr, x.ID, "approve", "", x.Rev) })
				step(func() (*assess.Assessment, error) { return w.Assess.Get(ctx, off, old.ID) })
			}
			if err != nil || x.Status != st {
				t.Fatalf("reaching %s: %v (at %v)", st, err, x)
			}
			return x
		}
		m := assess.Lifecycle()
		for _, st := range []assess.Status{assess.StatusDraft, assess.StatusSubmitted, assess.StatusReturned, assess.StatusApproved, assess.StatusSuperseded} {
			allowed := map[string]bool{}
			for _, a := range m.Allowed(string(st)) {
				allowed[a] = true
			}
			for _, act := range []string{"submit", "approve", "return"} {
				x := reach(st)
				var err error
				if act == "submit" {
					_, err = w.Assess.Submit(ctx, off, x.ID, x.Rev)
				} else {
					_, err = w.Assess.Decide(ctx, appr, x.ID, act, "意见", x.Rev)
				}
				switch {
				case allowed[act] && err != nil:
					t.Errorf("%s --%s-->: %v, want allowed", st, act, err)
				case !allowed[act] && !errors.Is(err, risk.ErrConflict):
					t.Errorf("%s --%s-->: %v, want 409", st, act, err)
				}
			}
			x := reach(st)
			_, err := w.Assess.Edit(ctx, off, x.ID, assess.Input{Scenarios: sc, Rev: x.Rev})
			if x.Editable() != (err == nil) {
				t.Errorf("%s --edit-->: %v, want ok=%v", st, err, x.Editable())
			}
		}
	})
}
