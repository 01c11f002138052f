package warning_test

import (
	"context"
	"errors"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestEveryTransition puts a warning in each state of the lifecycle and
// tries every action there: those the machine allows succeed, the others
// answer 409 listing what is allowed.
func TestEveryTransition(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		off, appr := w.U("officer"), w.U("approver")
		// reach returns a fresh warning in state st.
		reach := func(st warning.Status) *warning.Warning {
			t.Helper()
			in := w.WarningInput(warning.ClassBulletin)
			if st == warning.StatusReferred {
				in.Urgency = warning.UrgencyImmediate // grade I
			}
			x, err := w.Warnings.Draft(ctx, off, c.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			path := map[warning.Status][]string{
				warning.StatusDraft: {}, warning.StatusReview: {"submit"}, warning.StatusApproved: {"submit", "approve"},
				warning.StatusIssued: {"submit", "approve", "issue"}, warning.StatusReferred: {"submit", "approve", "issue"},
				warning.StatusLifted: {"submit", "approve", "issue", "lift"}, warning.StatusExpired: {"submit", "approve", "issue"},
			}[st]
			for _, act := range path {
				who := off
				if act == "approve" || act == "lift" {
					who = appr
				}
				if x, err = w.Warnings.Act(ctx, who, x.ID, act, "理由", x.Rev); err != nil {
					t.Fatalf("reaching %s: %s: %v", st, act, err)
				}
			}
			if st == warning.StatusExpired {
				x.ValidUntil = w.Now // expire this one only
				x.Rev++
				if err := db.Warnings().Update(ctx, x, auditEntry(x)); err != nil {
					t.Fatal(err)
				}
				if _, err := w.Warnings.ExpireDue(ctx); err != nil {
					t.Fatal(err)
				}
				x, _ = w.Warnings.Get(ctx, appr, x.ID)
			}
			if x.Status != st {
				t.Fatalf("reached %s, want %s", x.Status, st)
			}
			return x
		}
		m := warning.Lifecycle()
		for _, st := range []warning.Status{warning.StatusDraft, warning.StatusReview, warning.StatusApproved, warning.StatusIssued,
			warning.StatusReferred, warning.StatusLifted, warning.StatusExpired} {
			allowed := map[string]bool{}
			for _, a := range m.Allowed(string(st)) {
				allowed[a] = true
			}
			if allowed["refer"] {
				allowed["issue"] = true // "issue" refers a grade I warning
			}
			for _, act := range []string{"submit", "approve", "return", "issue", "lift"} {
				x := reach(st)
				who := off
				if act == "approve" || act == "return" || act == "lift" {
					who = appr
				}
				_, err := w.Warnings.Act(ctx, who, x.ID, act, "理由", x.Rev)
				switch {
				case allowed[act] && err != nil:
					t.Errorf("%s --%s-->: %v, want allowed", st, act, err)
				case !allowed[act] && !errors.Is(err, risk.ErrConflict):
					t.Errorf("%s --%s-->: %v, want 409", st, act, err)
				}
			}
			// update: an edit in draft, an update in force, refused elsewhere.
			x := reach(st)
			in := w.WarningInput(warning.ClassBulletin)
			in.Rev, in.Reason = x.Rev, "更新"
			if st == warning.StatusReferred {
				in.Urgency = warning.UrgencyImmediate
			}
			_, err := w.Warnings.Update(ctx, off, x.ID, in)
			wantOK := st == warning.StatusDraft || allowed["update"]
			if wantOK != (err == nil) {
				t.Errorf("%s --update-->: %v, want ok=%v", st, err, wantOK)
			}
		}
	})
}

func auditEntry(x *warning.Warning) audit.Entry {
	return audit.New(risk.System, "test.shorten", "warning", x.ID, "test: validity shortened")
}
