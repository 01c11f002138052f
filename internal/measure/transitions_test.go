package measure_test

import (
	"context"
	"errors"
	"testing"

	"riskgate/internal/lifecycletest"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestEveryTransition tries every action in every state of the measure
// lifecycle.
func TestEveryTransition(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		off := w.U("officer")
		reach := func(st measure.Status) *measure.Measure {
			t.Helper()
			ms, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{{Type: "raised-inspection", Rate: 0.2}})
			if err != nil {
				t.Fatal(err)
			}
			m := ms[0]
			path := map[measure.Status][]string{measure.StatusPlanned: {}, measure.StatusInForce: {"enforce"},
				measure.StatusCompleted: {"enforce", "complete"}, measure.StatusLifted: {"enforce", "lift"}}[st]
			for _, act := range path {
				if m, err = w.Measures.Act(ctx, off, m.ID, act, "说明", m.Rev); err != nil {
					t.Fatalf("reaching %s: %v", st, err)
				}
			}
			return m
		}
		lc := measure.Lifecycle()
		for _, st := range []measure.Status{measure.StatusPlanned, measure.StatusInForce, measure.StatusCompleted, measure.StatusLifted} {
			allowed := map[string]bool{}
			for _, a := range lc.Allowed(string(st)) {
				allowed[a] = true
			}
			for _, act := range []string{"enforce", "complete", "lift"} {
				m := reach(st)
				_, err := w.Measures.Act(ctx, off, m.ID, act, "说明", m.Rev)
				switch {
				case allowed[act] && err != nil:
					t.Errorf("%s --%s-->: %v, want allowed", st, act, err)
				case !allowed[act] && !errors.Is(err, risk.ErrConflict):
					t.Errorf("%s --%s-->: %v, want 409", st, act, err)
				}
			}
		}
	})
}
