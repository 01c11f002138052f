package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/lab"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestLabStore runs laboratory acceptance on both engines: registration,
// reports inside the scope (bad input refused naming the field, nothing
// written), the keyed draw, cross-checks that move the grade and suspend
// (change, explanation and audit in one transaction), a falsified report
// revoking with a credit event for the laboratory's enterprise, and the
// periodic jobs (accreditation expiry, evaluation) that run once.
func TestLabStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		db.Now = clock
		credits := &credit.Service{Store: db.Credit(), Firms: db.Enterprises(), Now: clock}
		svc := &lab.Service{Store: db.Labs(), Credit: credits, Now: clock}
		if err := lab.SeedRules(ctx, db.Labs()); err != nil {
			t.Fatal(err)
		}
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		inspector := risk.Actor{UserID: 6, Login: "inspector", Role: risk.RoleInspector, Dept: "cs-customs"}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		field := func(err error) string {
			var e *risk.Error
			if !errors.As(err, &e) {
				return ""
			}
			out := e.Field
			for _, d := range e.Details {
				out += " " + d.Field
			}
			return out
		}
		register := func(uscc string) *lab.Lab {
			t.Helper()
			l, err := svc.Register(ctx, officer, lab.LabInput{Name: "湖南测试检测有限公司 " + uscc, USCC: uscc,
				Accreditations: []lab.Accreditation{{Scheme: "CNAS", Number: "CNAS L" + uscc[14:], ValidUntil: "2026-12-31"}, {Scheme: "CMA", Number: "CMA " + uscc[14:], ValidUntil: "2028-06-30"}},
				Scopes:         []lab.Scope{{HSPrefix: "61", TestItem: "甲醛含量", Accreditation: "CNAS L" + uscc[14:]}, {HSPrefix: "9503", TestItem: "可迁移元素"}}})
			if err != nil {
				t.Fatal(err)
			}
			return l
		}
		good := register("91512081MA62K0260E")
		if good.Status != lab.Accepted || good.Grade != "A" || good.ID == 0 {
			t.Fatalf("registered %+v", good)
		}
		if _, err := svc.Register(ctx, officer, lab.LabInput{Name: "x", USCC: good.USCC, Accreditations: good.Accreditations, Scopes: good.Scopes}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("second registration of a USCC: %v", err)
		}
		report := func(l *lab.Lab, number, hs, item string, c lab.Conclusion) (*lab.Report, error) {
			return svc.SubmitReport(ctx, officer, l.ID, lab.ReportInput{Number: number, IssuedOn: "2026-11-20", HSCode: hs, TestItem: item, Result: "50", Conclusion: c})
		}
		rep, err := report(good, "R-001", "6109100010", "甲醛含量", lab.Pass)
		if err != nil {
			t.Fatal(err)
		}
		if rep.ValidUntil != "2027-11-19" || rep.Draw != lab.Draw(mustSalt(t, db), good.ID, "R-001") {
			t.Errorf("report %+v", rep)
		}
		before := entries()
		for _, tt := range []struct {
			name, number, hs, item, field string
		}{
			{"duplicate number", "R-001", "6109100010", "甲醛含量", "number"},
			{"outside the scope", "R-002", "8429000000", "甲醛含量", "test_item"},
			{"item outside the scope", "R-003", "6109100010", "可迁移元素", "test_item"},
			{"bad HS code", "R-004", "61x", "甲醛含量", "hs_code"},
		} {
			if _, err := report(good, tt.number, tt.hs, tt.item, lab.Pass); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(field(err), tt.field) {
				t.Errorf("%s: %v, want a 400 naming %s", tt.name, err, tt.field)
			}
		}
		if _, _, err := svc.CrossCheck(ctx, inspector, good.ID, lab.CheckInput{ReportID: 9999, CustomsResult: lab.Pass}); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(field(err), "report_id") {
			t.Errorf("cross-check of no report: %v", err)
		}
		if got := entries(); got != before {
			t.Errorf("refused input wrote %d audit entries", got-before)
		}

		// All agree: the top grade stays.
		for range 20 {
			now = now.Add(time.Hour)
			if _, ch, err := svc.CrossCheck(ctx, inspector, good.ID, lab.CheckInput{ReportID: rep.ID, CustomsResult: lab.Pass}); err != nil || ch != nil {
				t.Fatalf("agreeing cross-check: %v, change %+v", err, ch)
			}
		}
		if l, _ := svc.Get(ctx, officer, good.ID); l.Grade != "A" || l.Status != lab.Accepted || l.CrossCheck != (lab.Tally{Total: 20, Agree: 20}) {
			t.Errorf("after 20 agreements: %+v", l)
		}

		// Half of twenty disagree: suspended, explained, and its reports stop counting.
		bad := register("91350100M000100Y43")
		brep, err := report(bad, "B-001", "9503001000", "可迁移元素", lab.Pass)
		if err != nil {
			t.Fatal(err)
		}
		var last *lab.Change
		for i := range 20 {
			now = now.Add(time.Hour)
			res := lab.Pass
			if i%2 == 1 {
				res = lab.Fail
			}
			_, ch, err := svc.CrossCheck(ctx, inspector, bad.ID, lab.CheckInput{ReportID: brep.ID, CustomsResult: res})
			if err != nil {
				t.Fatal(err)
			}
			if ch != nil {
				last = ch
			}
		}
		l, _ := svc.Get(ctx, officer, bad.ID)
		if l.Status != lab.Suspended || l.CrossCheck != (lab.Tally{Total: 20, Agree: 10}) {
			t.Fatalf("after half of twenty in disagreement: %+v", l)
		}
		if last == nil || last.ToStatus != lab.Suspended || last.Outcome == nil || last.Outcome.Checks != 20 || last.Outcome.RulesVersion != 1 || last.ID == 0 {
			t.Errorf("suspension change %+v", last)
		}
		if _, st, _ := svc.Report(ctx, officer, brep.ID); st != lab.NotCounted {
			t.Errorf("a suspended laboratory's report stands %s", st)
		}
		before = entries()
		if _, err := report(bad, "B-002", "9503001000", "可迁移元素", lab.Pass); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(field(err), "status") {
			t.Errorf("report after suspension: %v", err)
		}
		if got := entries(); got != before {
			t.Errorf("refused report wrote %d audit entries", got-before)
		}
		// A review reinstates it; the window starts afresh.
		if _, _, err := svc.SetStatus(ctx, officer, bad.ID, lab.StatusInput{Action: "reinstate", Reason: "整改验收合格"}); err != nil {
			t.Fatal(err)
		}
		if n, err := svc.EvaluateAll(ctx); err != nil || n != 0 {
			t.Errorf("evaluation after reinstatement: %d, %v", n, err)
		}

		// A falsified report revokes and raises a credit event for the
		// laboratory's own enterprise.
		uscc, err := ident.MakeUSCC("91430100MA4L6J7K8")
		if err != nil {
			t.Fatal(err)
		}
		firm := &enterprise.Enterprise{USCC: uscc, NameZh: "造假检测有限公司", Region: "430100", Roles: []string{"agent"}, CreditTier: "routine"}
		if err := db.Enterprises().Create(ctx, firm, audit.New(risk.System, "enterprise.create", "enterprise", 0, "test")); err != nil {
			t.Fatal(err)
		}
		fake := register(firm.USCC)
		// The report names the exporter that supplied it, and that forged it.
		supplierUSCC, _ := ident.MakeUSCC("91430100MA4L6J7K9")
		supplier := &enterprise.Enterprise{USCC: supplierUSCC, NameZh: "提供假报告的出口企业", Region: "430100", Roles: []string{"exporter"}, CreditTier: "routine"}
		if err := db.Enterprises().Create(ctx, supplier, audit.New(risk.System, "enterprise.create", "enterprise", 0, "test")); err != nil {
			t.Fatal(err)
		}
		frep, err := svc.SubmitReport(ctx, officer, fake.ID, lab.ReportInput{Number: "F-001", IssuedOn: "2026-11-20", HSCode: "6109100010", TestItem: "甲醛含量",
			Result: "50", Conclusion: lab.Pass, EnterpriseUSCC: supplierUSCC})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.CrossCheck(ctx, officer, fake.ID, lab.CheckInput{ReportID: frep.ID, CustomsResult: lab.Fail, FirmSupplied: true}); !strings.Contains(field(err), "firm_supplied") {
			t.Errorf("firm_supplied without a falsified report: %v", err)
		}
		c, ch, err := svc.CrossCheck(ctx, officer, fake.ID, lab.CheckInput{ReportID: frep.ID, CustomsResult: lab.Fail, Falsified: true, FirmSupplied: true, Note: "样品与报告不符"})
		if err != nil {
			t.Fatal(err)
		}
		if c.Agree || ch == nil || ch.ToStatus != lab.Revoked || len(ch.Outcome.Falsified) != 1 || ch.Outcome.Falsified[0] != c.ID {
			t.Errorf("falsified: check %+v change %+v", c, ch)
		}
		for _, f := range []*enterprise.Enterprise{firm, supplier} {
			evs, _, err := credits.Events(ctx, officer, credit.EventFilter{EnterpriseID: f.ID})
			if err != nil || len(evs) != 1 || evs[0].Kind != "lab-report-failed" || evs[0].Severity != credit.Serious || evs[0].Reference != "采信报告 F-001" {
				t.Errorf("%s: credit events %+v, %v", f.NameZh, evs, err)
			}
		}

		// Accreditation expiry suspends the items it covered, once.
		now = time.Date(2027, 1, 2, 2, 0, 0, 0, time.UTC)
		n, err := svc.ExpireAccreditations(ctx)
		if err != nil || n != 2 { // the good and reinstated laboratories' 61 × 甲醛含量
			t.Errorf("expiry suspended %d items, %v", n, err)
		}
		if n, err := svc.ExpireAccreditations(ctx); err != nil || n != 0 {
			t.Errorf("second expiry run: %d, %v", n, err)
		}
		if _, err := svc.SubmitReport(ctx, officer, good.ID, lab.ReportInput{Number: "R-010", IssuedOn: "2027-01-01", HSCode: "6109100010", TestItem: "甲醛含量", Conclusion: lab.Pass}); !strings.Contains(field(err), "test_item") {
			t.Errorf("report under an expired accreditation: %v", err)
		}
		if _, err := svc.SubmitReport(ctx, officer, good.ID, lab.ReportInput{Number: "R-011", IssuedOn: "2027-01-01", HSCode: "9503001000", TestItem: "可迁移元素", Conclusion: lab.Pass}); err != nil {
			t.Errorf("report under the valid CMA: %v", err)
		}

		// Search and the queue.
		if rs, n, err := svc.Reports(ctx, officer, lab.ReportFilter{Number: "R-001"}); err != nil || n != 1 || rs[0].ID != rep.ID || rs[0].CheckID == 0 {
			t.Errorf("search by number: %d %v", n, err)
		}
		labUser := risk.Actor{UserID: 9, Login: "lab", Role: risk.RoleLab, LabID: good.ID}
		if ls, n, err := svc.List(ctx, labUser, lab.Filter{}); err != nil || n != 1 || ls[0].ID != good.ID {
			t.Errorf("a laboratory sees %d laboratories, %v", n, err)
		}
		if _, err := svc.Get(ctx, labUser, bad.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("a laboratory reads another: %v", err)
		}
		if _, err := svc.Queue(ctx, inspector); err != nil {
			t.Error(err)
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System); err != nil {
			t.Error(err)
		}
	})
}

func mustSalt(t *testing.T, db *store.DB) []byte {
	t.Helper()
	s, err := db.Screening().Salt(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}
