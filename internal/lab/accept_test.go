package lab_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskgate/internal/lab"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestScreeningTrustsGoodReports walks issue 17 item 5 on both engines: a
// raised-lab-test measure that accepts reports for 火焰高度 sends the
// firm's lighters to a document check once an accepted laboratory's
// passing report covers them — named in the reasons — and keeps the lab
// test while the report is drawn and not yet cross-checked, once a
// cross-check disagrees, and while the laboratory is suspended.
func TestScreeningTrustsGoodReports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		clock := func() time.Time { return w.Now }
		svc := &lab.Service{Store: db.Labs(), Credit: w.Credit, Now: clock}
		if err := lab.SeedRules(ctx, db.Labs()); err != nil {
			t.Fatal(err)
		}
		off, insp := w.U("officer"), w.U("inspector")
		x := w.Issue(w.ApprovedCase().ID, w.WarningInput(warning.ClassBulletin))

		// The acceptance rule is checked when the measure is planned.
		for _, tt := range []struct {
			in    measure.Input
			field string
		}{
			{measure.Input{Type: "raised-lab-test", Acceptance: &measure.Acceptance{Decision: "document_check"}}, "acceptance.test_items"},
			{measure.Input{Type: "raised-lab-test", Acceptance: &measure.Acceptance{TestItems: []string{"火焰高度"}, Decision: "detain"}}, "acceptance.decision"},
			{measure.Input{Type: "ban", Acceptance: &measure.Acceptance{TestItems: []string{"火焰高度"}, Decision: "release"}}, "acceptance.decision"},
		} {
			var e *risk.Error
			if _, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{tt.in}); !errors.As(err, &e) || !strings.Contains(e.Error(), tt.field) {
				t.Errorf("%+v: %v, want a refusal naming %s", tt.in.Acceptance, err, tt.field)
			}
		}
		ms, err := w.Measures.Plan(ctx, off, x.ID, []measure.Input{{Type: "raised-lab-test", Rate: 1,
			Acceptance: &measure.Acceptance{TestItems: []string{" 火焰高度 ", "火焰高度"}, Decision: "document_check"}}})
		if err != nil {
			t.Fatal(err)
		}
		if a := ms[0].Acceptance; a == nil || len(a.TestItems) != 1 || a.TestItems[0] != "火焰高度" {
			t.Fatalf("acceptance stored as %+v", a)
		}
		if m, err := w.Measures.Get(ctx, off, ms[0].ID); err != nil || m.Acceptance == nil || m.Acceptance.Decision != "document_check" {
			t.Fatalf("acceptance read back: %+v %v", m, err)
		}
		if _, err := w.Measures.Act(ctx, off, ms[0].ID, "enforce", "", ms[0].Rev); err != nil {
			t.Fatal(err)
		}

		decl := screening.Declaration{Number: "490120261129000451", Direction: "export", Port: "4900", DeclaredAt: w.Now, TradeMode: "0110",
			ConsignorUSCC: w.Firm.USCC, Lines: []screening.Line{{HSCode: "9613100000", Name: "一次性打火机", Destination: "DE"}}}
		seq := 450
		line := func() screening.LineResult { // a new declaration each time: a resent one keeps its first decision
			t.Helper()
			seq++
			decl.Number = fmt.Sprintf("490120261129000%03d", seq)
			if err := w.Screening.Refresh(ctx); err != nil {
				t.Fatal(err)
			}
			res, err := w.Screening.Screen(ctx, insp, []screening.Declaration{decl})
			if err != nil {
				t.Fatal(err)
			}
			return res[0].Lines[0]
		}
		reason := func(lr screening.LineResult) string {
			for _, r := range lr.Reasons {
				if r.MeasureID == ms[0].ID {
					return r.Why
				}
			}
			return ""
		}
		if got := line(); got.Decision != screening.LabTest || strings.Contains(reason(got), "采信") {
			t.Fatalf("before any report: %+v", got)
		}

		l, err := svc.Register(ctx, off, lab.LabInput{Name: "湖南湘检检测有限公司", USCC: "91430104MA4XJ88016",
			Accreditations: []lab.Accreditation{{Scheme: "CNAS", Number: "CNAS L8801", ValidUntil: "2028-06-30"}},
			Scopes:         []lab.Scope{{HSPrefix: "9613", TestItem: "火焰高度"}, {HSPrefix: "9613", TestItem: "燃烧稳定性"}}})
		if err != nil {
			t.Fatal(err)
		}
		submit := func(number, item string) *lab.Report {
			t.Helper()
			r, err := svc.SubmitReport(ctx, off, l.ID, lab.ReportInput{Number: number, IssuedOn: "2026-11-20", HSCode: "961310",
				EnterpriseUSCC: w.Firm.USCC, TestItem: item, Result: "4.2", Limit: "5", Unit: "cm", Conclusion: lab.Pass})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		// A report for another test item relieves nothing.
		submit("XJ-0001", "燃烧稳定性")
		if got := line(); got.Decision != screening.LabTest {
			t.Fatalf("report for another item: %+v", got)
		}
		rep := submit("XJ-0002", "火焰高度")
		if rep.Drawn { // the keyed draw chose it: the port tests until customs has cross-checked it
			if got := line(); got.Decision != screening.LabTest || !strings.Contains(reason(got), "已抽中待海关比对") {
				t.Fatalf("drawn report: %+v", got)
			}
			if _, _, err := svc.CrossCheck(ctx, insp, l.ID, lab.CheckInput{ReportID: rep.ID, CustomsResult: lab.Pass}); err != nil {
				t.Fatal(err)
			}
		}
		got := line()
		if got.Decision != screening.DocumentCheck && !(got.Decision == screening.Inspect && got.Sampled) {
			t.Fatalf("covered line: %+v", got)
		}
		if why := reason(got); !strings.Contains(why, "采信报告 XJ-0002（湖南湘检检测有限公司，有效至 2027-11-19）覆盖火焰高度，改为单证审核") {
			t.Fatalf("reason %q", why)
		}

		// Suspended: its reports stop counting at once.
		if _, _, err := svc.SetStatus(ctx, off, l.ID, lab.StatusInput{Action: "suspend", Reason: "复评审"}); err != nil {
			t.Fatal(err)
		}
		if got := line(); got.Decision != screening.LabTest {
			t.Fatalf("suspended laboratory: %+v", got)
		}
		if _, _, err := svc.SetStatus(ctx, off, l.ID, lab.StatusInput{Action: "reinstate", Reason: "复评审通过"}); err != nil {
			t.Fatal(err)
		}
		if got := line(); !strings.Contains(reason(got), "XJ-0002") {
			t.Fatalf("reinstated laboratory: %+v", got)
		}
		// A cross-check that disagrees ends the report's relief.
		if _, _, err := svc.CrossCheck(ctx, insp, l.ID, lab.CheckInput{ReportID: rep.ID, CustomsResult: lab.Fail}); err != nil {
			t.Fatal(err)
		}
		if got := line(); got.Decision != screening.LabTest || strings.Contains(reason(got), "采信") {
			t.Fatalf("after a disagreeing cross-check: %+v", got)
		}
	})
}
