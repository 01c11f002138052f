package signal_test

import (
	"context"
	"errors"
	"testing"

	"riskgate/internal/casefile"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestEveryTransition tries dismiss and reopen in each triage state: new,
// dismissed, and triaged (in a case, where neither applies).
func TestEveryTransition(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		off := w.U("officer")
		reach := func(st signal.Status) risk.ID {
			t.Helper()
			res, err := w.Signals.Create(ctx, off, []signal.Input{{Channel: "12315", Description: "x"}})
			if err != nil {
				t.Fatal(err)
			}
			id := res[0].ID
			switch st {
			case signal.StatusDismissed:
				err = w.Signals.Dismiss(ctx, off, id, "非质量问题")
			case signal.StatusTriaged:
				_, err = w.Cases.Open(ctx, off, casefile.OpenInput{Title: "t", Signals: []risk.ID{id}})
			}
			if err != nil {
				t.Fatal(err)
			}
			return id
		}
		want := map[signal.Status]map[string]bool{
			signal.StatusNew:       {"dismiss": true},
			signal.StatusDismissed: {"reopen": true},
			signal.StatusTriaged:   {},
		}
		for st, allowed := range want {
			for _, act := range []string{"dismiss", "reopen"} {
				id := reach(st)
				var err error
				if act == "dismiss" {
					err = w.Signals.Dismiss(ctx, off, id, "理由")
				} else {
					err = w.Signals.Reopen(ctx, off, id)
				}
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
