package warning_test

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

func TestFollowupInputCheck(t *testing.T) {
	good := func() warning.FollowupInput {
		return warning.FollowupInput{Finding: warning.FindingFound, Measures: []string{"withdrawal", " withdrawal", ""},
			Actions: "  责令下架  ", Quantities: warning.Quantities{Found: 120, Withdrawn: 100, Destroyed: 20, Unit: "piece"}}
	}
	in := good()
	if err := in.Check(); err != nil {
		t.Fatal(err)
	}
	if len(in.Measures) != 1 || in.Actions != "责令下架" {
		t.Fatalf("not normalised: %+v", in)
	}
	tests := []struct {
		field string
		edit  func(*warning.FollowupInput)
	}{
		{"finding", func(in *warning.FollowupInput) { in.Finding = "" }},
		{"finding", func(in *warning.FollowupInput) { in.Finding = "maybe" }},
		{"actions", func(in *warning.FollowupInput) { in.Actions = " " }},
		{"measures", func(in *warning.FollowupInput) { in.Measures = []string{"no-such-measure"} }},
		{"quantities.found", func(in *warning.FollowupInput) { in.Quantities.Found = -1 }},
		{"quantities.destroyed", func(in *warning.FollowupInput) { in.Quantities.Destroyed = math.Inf(1) }},
		{"quantities.withdrawn", func(in *warning.FollowupInput) { in.Quantities.Withdrawn = 101 }},
		{"quantities.unit", func(in *warning.FollowupInput) { in.Quantities.Unit = "" }},
		{"quantities.unit", func(in *warning.FollowupInput) { in.Quantities.Unit = "bushel" }},
		{"quantities.found", func(in *warning.FollowupInput) { in.Finding = warning.FindingNotFound }},
		{"note", func(in *warning.FollowupInput) { in.Note = string(make([]rune, warning.MaxFollowupText+1)) }},
	}
	for _, tt := range tests {
		in := good()
		tt.edit(&in)
		err := in.Check()
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field != tt.field {
			t.Errorf("%s: got %v", tt.field, err)
		}
	}
	// Not found, nothing counted, no words needed.
	nf := warning.FollowupInput{Finding: warning.FindingNotFound}
	if err := nf.Check(); err != nil {
		t.Errorf("not found: %v", err)
	}
}

// TestFollowupDeadline: 10 working days after the day of issue, on the
// official calendar; overdue is counted in working days past it.
func TestFollowupDeadline(t *testing.T) {
	// Issued Tuesday 2026-12-01 10:00 China time: the 10th working day
	// after it is Tuesday 2026-12-15.
	issued := time.Date(2026, 12, 1, 2, 0, 0, 0, time.UTC)
	w := &warning.Warning{ID: 7, Class: warning.ClassBulletin, Dept: "cs-customs", IssuedAt: &issued, Recipients: []string{"hn-amr", "hn-commerce"}}
	due, err := warning.FollowupDue(w)
	if err != nil || due.Format("2006-01-02") != "2026-12-15" {
		t.Fatalf("due %v %v", due, err)
	}
	onTime := warning.Followup{Dept: "hn-amr", Finding: warning.FindingNotFound, ReportedAt: time.Date(2026, 12, 15, 15, 0, 0, 0, time.UTC)} // 23:00 China time
	r := warning.Report(w, []warning.Followup{onTime}, time.Date(2026, 12, 17, 2, 0, 0, 0, time.UTC))
	if r.Due != "2026-12-15" || len(r.Recipients) != 2 || r.Overdue != 1 {
		t.Fatalf("report %+v", r)
	}
	if a := r.Recipients[0]; !a.Answered || a.Late || a.Overdue {
		t.Errorf("hn-amr answered on the due day: %+v", a)
	}
	if c := r.Recipients[1]; c.Answered || !c.Overdue || c.DaysLate != 2 {
		t.Errorf("hn-commerce two working days late: %+v", c)
	}
	// On the due day itself nobody is overdue yet.
	if r := warning.Report(w, nil, time.Date(2026, 12, 15, 15, 59, 0, 0, time.UTC)); r.Overdue != 0 {
		t.Errorf("overdue on the due day: %+v", r)
	}
}

// TestReportFollowup: a recipient department's officer reports, several
// times; the issuer reads them; the issuer, another department and an
// enterprise may not report; refused input writes nothing.
func TestReportFollowup(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		db.Now = func() time.Time { return w.Now }
		c := w.ApprovedCase()
		x := w.Issue(c.ID, w.WarningInput(warning.ClassBulletin))
		amr, off, eco := w.U("amr"), w.U("officer"), w.U("eco")
		audits := func() int {
			n, err := db.Stats().AuditCount(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := audits()
		in := warning.FollowupInput{Finding: warning.FindingFound, Measures: []string{"withdrawal"}, Actions: "责令 3 家商户下架",
			Quantities: warning.Quantities{Found: 40, Withdrawn: 40, Unit: "piece"}}
		bad := in
		bad.Quantities.Withdrawn = 41
		if _, err := w.Warnings.ReportFollowup(ctx, amr, x.ID, bad); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("more withdrawn than found: %v", err)
		}
		if n := audits(); n != before {
			t.Fatalf("a refused follow-up wrote %d audit entries", n-before)
		}
		for _, a := range []risk.Actor{off, eco, w.U("admin"), w.U("firm")} {
			if _, err := w.Warnings.ReportFollowup(ctx, a, x.ID, in); !errors.Is(err, risk.ErrForbidden) && !errors.Is(err, risk.ErrNotFound) {
				t.Errorf("%s reports: %v", a.Login, err)
			}
		}
		f, err := w.Warnings.ReportFollowup(ctx, amr, x.ID, in)
		if err != nil || f.ID == 0 || f.Dept != "hn-amr" || f.ReportedBy != "王芳" {
			t.Fatalf("report: %+v %v", f, err)
		}
		w.Now = w.Now.Add(48 * time.Hour)
		if _, err := w.Warnings.ReportFollowup(ctx, amr, x.ID, warning.FollowupInput{Finding: warning.FindingFound, Actions: "已全部销毁",
			Measures: []string{"destruction"}, Quantities: warning.Quantities{Found: 40, Destroyed: 40, Unit: "piece"}}); err != nil {
			t.Fatal(err)
		}
		if n := audits(); n != before+2 {
			t.Fatalf("%d audit entries for two follow-ups", n-before)
		}
		r, err := w.Warnings.Followups(ctx, off, x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Recipients) != 1 || len(r.Recipients[0].Followups) != 2 || r.CanReport || r.Due == "" {
			t.Fatalf("issuer's view: %+v", r)
		}
		got := r.Recipients[0].Followups[0]
		if got.Quantities != in.Quantities || len(got.Measures) != 1 || got.Measures[0] != "withdrawal" || got.Actions != in.Actions {
			t.Errorf("stored follow-up: %+v", got)
		}
		if r, err := w.Warnings.Followups(ctx, amr, x.ID); err != nil || !r.CanReport {
			t.Errorf("recipient's view: %+v %v", r, err)
		}
		if _, err := w.Warnings.Followups(ctx, eco, x.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("another department reads: %v", err)
		}
		if _, err := w.Warnings.Followups(ctx, w.U("firm"), x.ID); err == nil {
			t.Errorf("an enterprise reads follow-ups")
		}
	})
}
