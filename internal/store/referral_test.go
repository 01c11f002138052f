package store_test

import (
	"context"
	"testing"
	"time"

	"riskgate/internal/lifecycletest"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// A grade I warning referred before referrals were recorded (numbered
// 湘关预警, no referral row) gets a referral record from migration 0015, so
// that its answer can be recorded; returned, it keeps its number.
func TestReferralMigrationOfReferredWarnings(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		db.Now = func() time.Time { return w.Now } // one clock for the services and the database
		c := w.ApprovedCase()
		off, appr := w.U("officer"), w.U("approver")
		in := w.WarningInput(warning.ClassBulletin)
		in.Urgency = warning.UrgencyImmediate // grade I
		x, err := w.Warnings.Draft(ctx, off, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range []struct {
			who    risk.Actor
			action string
		}{{off, "submit"}, {appr, "approve"}} {
			if x, err = w.Warnings.Act(ctx, st.who, x.ID, st.action, "", x.Rev); err != nil {
				t.Fatal(err)
			}
		}
		if x, err = w.Warnings.Refer(ctx, off, x.ID, warning.ReferralInput{Authority: "gacc", Rev: x.Rev}); err != nil {
			t.Fatal(err)
		}
		// The shape the old code left: referred, numbered, issued_at set,
		// no referral table.
		for _, q := range []string{`DROP TABLE warning_referrals`, `DELETE FROM schema_migrations WHERE version = 15`} {
			if err := db.ExecRaw(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.ExecRaw(ctx, `UPDATE warnings SET number = '湘关预警〔2026〕7号', issued_at = updated_at WHERE id = $1`, int64(x.ID)); err != nil {
			t.Fatal(err)
		}
		if n, err := db.Migrate(ctx); err != nil || n != 1 {
			t.Fatalf("migrate: %d %v", n, err)
		}
		x, err = w.Warnings.Get(ctx, appr, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := x.Referral; r == nil || !r.Pending() || r.Authority != "" || r.Number != "" || r.ReferredBy != "系统" || r.ReferredAt.IsZero() {
			t.Fatalf("migrated referral %+v", r)
		}
		x, err = w.Warnings.RecordOutcome(ctx, appr, x.ID, warning.OutcomeInput{Outcome: warning.OutcomeReturned, Grade: risk.GradeIII, DecidedAt: w.Now, Rev: x.Rev})
		if err != nil {
			t.Fatal(err)
		}
		if x.Status != warning.StatusIssued || x.Grade != risk.GradeIII || x.Number != "湘关预警〔2026〕7号" {
			t.Fatalf("returned: %s %s %q", x.Status, x.Grade, x.Number)
		}
		msgs, err := db.Publications().OfWarning(ctx, x.ID)
		if err != nil || len(msgs) != 1 || msgs[0].Type != publish.Alert {
			t.Fatalf("publications %+v %v", msgs, err)
		}
	})
}
