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
// answer 409 listing what is allowed. A grade I warning is referred, never
// issued; a grade II–IV one is issued, never referred.
func TestEveryTransition(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		off, appr := w.U("officer"), w.U("approver")
		// do tries one action, as the role that may take it.
		do := func(x *warning.Warning, act string) (*warning.Warning, error) {
			switch act {
			case "refer":
				return w.Warnings.Refer(ctx, off, x.ID, warning.ReferralInput{Authority: "gacc", Rev: x.Rev})
			case "national_issue":
				return w.Warnings.RecordOutcome(ctx, appr, x.ID, warning.OutcomeInput{Outcome: warning.OutcomeNational,
					NationalReference: "海关总署公告2026年第1号", DecidedAt: w.Now, Rev: x.Rev})
			case "national_return":
				return w.Warnings.RecordOutcome(ctx, appr, x.ID, warning.OutcomeInput{Outcome: warning.OutcomeReturned,
					Grade: risk.GradeII, DecidedAt: w.Now, Rev: x.Rev})
			case "approve", "return", "lift":
				return w.Warnings.Act(ctx, appr, x.ID, act, "理由", x.Rev)
			}
			return w.Warnings.Act(ctx, off, x.ID, act, "理由", x.Rev)
		}
		// reach returns a fresh warning in state st, of grade I or II.
		reach := func(st warning.Status, gradeI bool) *warning.Warning {
			t.Helper()
			in := w.WarningInput(warning.ClassBulletin)
			issue := "issue"
			if gradeI {
				in.Urgency, issue = warning.UrgencyImmediate, "refer" // serious + immediate → I
			}
			x, err := w.Warnings.Draft(ctx, off, c.ID, in)
			if err != nil {
				t.Fatal(err)
			}
			path := map[warning.Status][]string{
				warning.StatusDraft: {}, warning.StatusReview: {"submit"}, warning.StatusApproved: {"submit", "approve"},
				warning.StatusIssued: {"submit", "approve", issue}, warning.StatusReferred: {"submit", "approve", "refer"},
				warning.StatusLifted: {"submit", "approve", issue, "lift"}, warning.StatusExpired: {"submit", "approve", issue},
			}[st]
			if gradeI && st == warning.StatusIssued {
				path = append(path, "national_issue")
			}
			for _, act := range path {
				if x, err = do(x, act); err != nil {
					t.Fatalf("reaching %s: %s: %v", st, act, err)
				}
			}
			if st == warning.StatusExpired {
				x.ValidUntil = w.Now // expire this one only
				x.Rev++
				if err := db.Warnings().Update(ctx, x, warning.Effects{Audit: auditEntry(x)}); err != nil {
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
			for _, act := range []string{"submit", "approve", "return", "issue", "refer", "lift", "national_issue", "national_return"} {
				// Each action on the grade it is meant for: referral and
				// its answer on grade I, the rest on grade II (a referred
				// warning is always grade I).
				gradeI := st == warning.StatusReferred || act == "refer" || act == "national_issue" || act == "national_return"
				_, err := do(reach(st, gradeI), act)
				switch {
				case allowed[act] && err != nil:
					t.Errorf("%s --%s-->: %v, want allowed", st, act, err)
				case !allowed[act] && !errors.Is(err, risk.ErrConflict):
					t.Errorf("%s --%s-->: %v, want 409", st, act, err)
				}
			}
			// update: an edit in draft, an update in force, refused elsewhere.
			x := reach(st, st == warning.StatusReferred)
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
		// The grade decides between issuing and referring: neither is
		// turned into the other.
		if _, err := do(reach(warning.StatusApproved, true), "issue"); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("grade I --issue-->: %v, want 409", err)
		}
		if _, err := do(reach(warning.StatusApproved, false), "refer"); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("grade II --refer-->: %v, want 409", err)
		}
		// Every action of the machine has a name.
		for _, act := range m.Actions() {
			if zh, _ := warning.ActionLabel(act); zh == act {
				t.Errorf("action %s has no name", act)
			}
		}
	})
}

func auditEntry(x *warning.Warning) audit.Entry {
	return audit.New(risk.System, "test.shorten", "warning", x.ID, "test: validity shortened")
}
