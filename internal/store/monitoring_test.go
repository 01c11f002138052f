package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/inspection"
	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestMonitoringStore runs the monitoring network on both engines: points
// placed in Hunan's 市州 and counties, a plan refused for an item without
// quota or period (nothing written), approval generating a task per item,
// point and period, samples with a failing one raising its signal in the
// same transaction, bad samples refused naming the field with nothing
// written, completion and overdue tasks, and an item added as a new
// version.
func TestMonitoringStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		db.Now = clock
		sets, err := catalog.BuiltinSets()
		if err != nil {
			t.Fatal(err)
		}
		signals := &signal.Service{Store: db.Signals(), Sets: sets, Now: clock}
		svc := &monitoring.Service{Store: db.Monitoring(), Signals: signals, Sets: sets, Now: clock}
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		approver := risk.Actor{UserID: 7, Login: "approver", Role: risk.RoleApprover, Dept: "cs-customs"}
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
			return e.Field
		}
		point := func(code, pref, county string, c ...string) *monitoring.Point {
			t.Helper()
			p, err := svc.CreatePoint(ctx, officer, monitoring.PointInput{Code: code, Name: "监测点 " + code, Type: monitoring.Factory,
				Prefecture: pref, County: county, Lat: 28.1, Lon: 113.6, Commodities: c, Dept: "cs-customs"})
			if err != nil {
				t.Fatal(err)
			}
			return p
		}
		liuyang := point("HN-CS-01", "430100", "430181", "pyrotechnic-articles")
		liling := point("HN-ZZ-01", "430200", "430281", "6911", "lighters")
		before := entries()
		if _, err := svc.CreatePoint(ctx, officer, monitoring.PointInput{Code: "HN-X", Name: "x", Type: monitoring.Market, Prefecture: "430100", County: "430281",
			Lat: 28, Lon: 113, Commodities: []string{"toys"}, Dept: "cs-customs"}); field(err) != "county" || !strings.Contains(err.Error(), " / ") {
			t.Errorf("county outside its prefecture: %v", err)
		}
		if _, err := svc.CreatePoint(ctx, officer, monitoring.PointInput{Code: "HN-CS-01", Name: "x", Type: monitoring.Market, Prefecture: "430100", County: "430181",
			Lat: 28, Lon: 113, Commodities: []string{"toys"}, Dept: "cs-customs"}); !errors.Is(err, risk.ErrConflict) || field(err) != "code" {
			t.Errorf("code in use: %v", err)
		}
		if n := entries(); n != before {
			t.Errorf("refused points wrote %d audit entries", n-before)
		}

		fireworks := monitoring.ItemInput{Commodity: "pyrotechnic-articles", Hazard: "burns", TestItems: []string{"药量", "燃放性能"},
			Points: []risk.ID{liuyang.ID}, Quota: 2, Period: monitoring.Quarterly, Dept: "cs-customs", Source: monitoring.Provincial}
		lighters := monitoring.ItemInput{Commodity: "9613", Hazard: "burns", TestItems: []string{"火焰高度"},
			Points: []risk.ID{liling.ID, liuyang.ID}, Quota: 1, Period: monitoring.HalfYearly, Dept: "cs-customs"}
		for _, tt := range []struct {
			name  string
			edit  func(*monitoring.ItemInput)
			field string
		}{
			{"no quota", func(it *monitoring.ItemInput) { it.Quota = 0 }, "items[1].quota"},
			{"no period", func(it *monitoring.ItemInput) { it.Period = "" }, "items[1].period"},
			{"unknown HS code", func(it *monitoring.ItemInput) { it.Commodity = "9698" }, "items[1].commodity"},
			{"unknown point", func(it *monitoring.ItemInput) { it.Points = []risk.ID{999} }, "items[1].points[0]"},
		} {
			bad := lighters
			bad.Points = append([]risk.ID(nil), lighters.Points...)
			tt.edit(&bad)
			_, err := svc.CreatePlan(ctx, officer, monitoring.PlanInput{Year: 2026, Title: "x", Items: []monitoring.ItemInput{fireworks, bad}})
			if field(err) != tt.field || !strings.Contains(err.Error(), " / ") {
				t.Errorf("%s: got %v (field %q), want field %s", tt.name, err, field(err), tt.field)
			}
		}
		if _, n, _ := svc.Plans(ctx, officer, monitoring.PlanFilter{}); n != 0 || entries() != before {
			t.Fatalf("refused plans wrote: %d plans", n)
		}
		plan, err := svc.CreatePlan(ctx, officer, monitoring.PlanInput{Year: 2026, Title: "2026 年湖南省进出口商品质量安全风险监测计划", Items: []monitoring.ItemInput{fireworks, lighters}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, officer, plan.ID); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("officer approved: %v", err)
		}
		sample := monitoring.SampleInput{Number: "JC2026-0001", PlanID: plan.ID, ItemNo: 1, PointID: liuyang.ID, Product: "组合烟花", HSCode: "36041000",
			Lot: "LY-2026-031", EnterpriseUSCC: "91430181MA4L0Q1X34", Place: "成品仓库", TakenAt: time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC), Lab: "湖南省烟花爆竹产品质量监督检验中心",
			Results: []monitoring.Result{{TestItem: "药量", Value: "98", Limit: "≤100", Unit: "g", Conclusion: monitoring.Pass}}}
		if _, err := svc.RecordSample(ctx, inspector, sample); field(err) != "plan_id" {
			t.Errorf("sample for a draft plan: %v", err)
		}
		plan, err = svc.Approve(ctx, approver, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		tasks, err := svc.Tasks(ctx, officer, monitoring.TaskFilter{PlanID: plan.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(tasks) != 4+2*2 {
			t.Fatalf("tasks: got %d, want 8 (4 quarters at one point, 2 halves at two)", len(tasks))
		}
		if _, err := svc.Approve(ctx, approver, plan.ID); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("approved twice: %v", err)
		}

		pass, err := svc.RecordSample(ctx, inspector, sample)
		if err != nil {
			t.Fatal(err)
		}
		if pass.Conclusion != monitoring.Pass || pass.SignalID != 0 {
			t.Errorf("passing sample: %+v", pass)
		}
		fail := sample
		fail.Number, fail.Lot = "JC2026-0002", "LY-2026-032"
		fail.Results = []monitoring.Result{{TestItem: "药量", Value: "131", Limit: "≤100", Unit: "g", Conclusion: monitoring.Fail},
			{TestItem: "燃放性能", Value: "正常", Limit: "无异常", Conclusion: monitoring.Pass}}
		before = entries()
		failed, err := svc.RecordSample(ctx, inspector, fail)
		if err != nil {
			t.Fatal(err)
		}
		if failed.Conclusion != monitoring.Fail || failed.SignalID == 0 {
			t.Fatalf("failing sample raised no signal: %+v", failed)
		}
		if n := entries(); n != before+2 {
			t.Errorf("failing sample: %d audit entries, want 2 (sample, signal)", n-before)
		}
		sig, err := signals.Get(ctx, officer, failed.SignalID)
		if err != nil {
			t.Fatal(err)
		}
		if sig.Channel != "monitoring-sample" || sig.Hazard != "burns" || sig.Region != "430181" || sig.Product.HSCode != "36041000" ||
			!strings.Contains(sig.Description, "131g") || !strings.Contains(sig.Description, "≤100g") || sig.Product.Batch != "LY-2026-032" {
			t.Errorf("signal: %+v", sig)
		}

		before = entries()
		for _, tt := range []struct {
			name  string
			edit  func(*monitoring.SampleInput)
			field string
			kind  error
		}{
			{"point outside the item", func(in *monitoring.SampleInput) { in.PointID = liling.ID }, "point_id", risk.ErrInvalid},
			{"unknown HS code", func(in *monitoring.SampleInput) { in.HSCode = "36990000" }, "hs_code", risk.ErrInvalid},
			{"HS outside the commodity", func(in *monitoring.SampleInput) { in.HSCode = "96131000" }, "hs_code", risk.ErrInvalid},
			{"test item not planned", func(in *monitoring.SampleInput) { in.Results[0].TestItem = "甲醛" }, "results[0].test_item", risk.ErrInvalid},
			{"outside the year", func(in *monitoring.SampleInput) { in.TakenAt = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC) }, "taken_at", risk.ErrInvalid},
			{"number in use", func(in *monitoring.SampleInput) { in.Number = "JC2026-0002" }, "number", risk.ErrConflict},
		} {
			bad := fail
			bad.Results = append([]monitoring.Result(nil), fail.Results...)
			bad.Number = "JC2026-0099"
			tt.edit(&bad)
			_, err := svc.RecordSample(ctx, inspector, bad)
			if field(err) != tt.field || !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), " / ") {
				t.Errorf("%s: got %v (field %q), want %s", tt.name, err, field(err), tt.field)
			}
		}
		if _, n, _ := svc.Samples(ctx, officer, monitoring.SampleFilter{}); n != 2 || entries() != before {
			t.Errorf("refused samples wrote: %d samples, %d audit entries", n, entries()-before)
		}
		if _, n, _ := signals.List(ctx, officer, signal.Filter{Channel: "monitoring-sample"}); n != 1 {
			t.Errorf("monitoring signals: %d, want 1", n)
		}

		// A sample whose results follow, then a failure recorded later.
		pending := sample
		pending.Number, pending.ItemNo, pending.PointID, pending.HSCode, pending.Product, pending.Results = "JC2026-0003", 2, liling.ID, "96131000", "一次性打火机", nil
		pending.TakenAt = time.Date(2026, 8, 3, 2, 0, 0, 0, time.UTC)
		p3, err := svc.RecordSample(ctx, inspector, pending)
		if err != nil {
			t.Fatal(err)
		}
		if p3.Conclusion != monitoring.Pending {
			t.Errorf("no results: %s", p3.Conclusion)
		}
		got, err := svc.Plan(ctx, officer, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		c1, c2 := got.Items[0].Completion, got.Items[1].Completion
		if c1.Quota != 8 || c1.Taken != 2 || c1.ResultsIn != 2 || c1.Failed != 1 || c1.TakenPercent != 25 || c1.ResultsPercent != 100 {
			t.Errorf("item 1 completion: %+v", c1)
		}
		if c2.Quota != 4 || c2.Taken != 1 || c2.ResultsIn != 0 || c2.ResultsPercent != 0 {
			t.Errorf("item 2 completion: %+v", c2)
		}
		// On 4 December: Q1–Q3 and H1 are past their deadline (period end
		// + 10 working days). Q1 at Liuyang has 2 of 2; the others are short.
		over, err := svc.Tasks(ctx, officer, monitoring.TaskFilter{PlanID: plan.ID}, true)
		if err != nil {
			t.Fatal(err)
		}
		if len(over) != 2+2 {
			for _, o := range over {
				t.Logf("overdue %+v", o)
			}
			t.Errorf("overdue tasks: %d, want 4 (Q2, Q3 at Liuyang; H1 at both for lighters)", len(over))
		}
		if q, err := svc.Queue(ctx, officer); err != nil || q.Overdue != 4 {
			t.Errorf("queue: %+v %v", q, err)
		}
		// Q3 ends 30 September; ten working days after it, past the
		// National Day holiday (1–7 October, Saturday 10 October worked),
		// end on 20 October.
		for _, o := range over {
			if o.PeriodEnd == "2026-09-30" && o.Due != "2026-10-20" {
				t.Errorf("Q3 due %s, want 2026-10-20", o.Due)
			}
		}
		before = entries()
		done, err := svc.SetResults(ctx, inspector, p3.ID, monitoring.ResultsInput{Results: []monitoring.Result{{TestItem: "火焰高度", Value: "62", Limit: "≤50", Unit: "mm", Conclusion: monitoring.Fail}}})
		if err != nil {
			t.Fatal(err)
		}
		if done.SignalID == 0 || entries() != before+2 {
			t.Errorf("late failure: signal %d, %d entries", done.SignalID, entries()-before)
		}
		if _, err := svc.SetResults(ctx, inspector, p3.ID, monitoring.ResultsInput{Results: done.Results}); !errors.Is(err, risk.ErrConflict) {
			t.Errorf("results twice: %v", err)
		}

		// A targeted spot check added by the approver: version 2, its tasks at once.
		spot := monitoring.ItemInput{Commodity: "6911", Hazard: "chemical", TestItems: []string{"铅溶出量", "镉溶出量"}, Points: []risk.ID{liling.ID},
			Quota: 3, Period: monitoring.Yearly, Dept: "cs-customs", Source: monitoring.SpotCheck, Evidence: "12315 投诉 5 起"}
		if _, err := svc.AddItem(ctx, officer, plan.ID, spot); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("officer amended an approved plan: %v", err)
		}
		noEvidence := spot
		noEvidence.Evidence = ""
		if _, err := svc.AddItem(ctx, approver, plan.ID, noEvidence); field(err) != "evidence" {
			t.Errorf("spot check without evidence: %v", err)
		}
		v2, err := svc.AddItem(ctx, approver, plan.ID, spot)
		if err != nil {
			t.Fatal(err)
		}
		if v2.Version != 2 || len(v2.Items) != 3 || v2.Items[2].No != 3 || v2.Items[2].AddedIn != 2 {
			t.Errorf("amended plan: version %d, %d items", v2.Version, len(v2.Items))
		}
		vs, err := svc.Versions(ctx, officer, plan.ID)
		if err != nil || len(vs) != 2 || len(vs[0].Items) != 2 || len(vs[1].Items) != 3 {
			t.Errorf("versions: %v %v", vs, err)
		}
		if tasks, _ := svc.Tasks(ctx, officer, monitoring.TaskFilter{PlanID: plan.ID}, false); len(tasks) != 9 {
			t.Errorf("tasks after the spot check: %d, want 9", len(tasks))
		}

		// Proposals for spot checks: complaints concentrate on toys; ceramic
		// plates fail at the port (and the plan has them since version 2);
		// the fireworks sample's single signal proposes nothing.
		for i := range 3 {
			if _, err := signals.Create(ctx, officer, []signal.Input{{Channel: "12315", Description: "玩具小零件脱落", Hazard: "choking",
				Product: signal.Product{HSCode: "95030090", Name: "塑料拼装玩具"}, ReceivedAt: now.Add(-time.Duration(i+1) * 24 * time.Hour)}}); err != nil {
				t.Fatal(err)
			}
		}
		insp := &inspection.Service{Store: db.Inspections(), Sets: sets, Now: clock}
		for _, r := range []string{"fail", "fail", "pass"} {
			if _, _, err := insp.Record(ctx, inspector, inspection.Input{Result: r, Findings: "铅溶出量超标", Lot: warning.Lot{HSCode: "69120010", Name: "陶瓷盘"}}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := svc.Proposals(ctx, inspector, plan.ID); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("inspector saw proposals: %v", err)
		}
		props, err := svc.Proposals(ctx, approver, plan.ID)
		if err != nil {
			t.Fatal(err)
		}
		byHeading := map[string]monitoring.Proposal{}
		for _, p := range props {
			byHeading[p.Commodity] = p
		}
		if toys := byHeading["9503"]; len(props) != 2 || toys.Complaints != 3 || toys.Hazard != "choking" || toys.InPlanItemNo != 0 || !strings.Contains(toys.Evidence, "投诉举报 3 起") {
			t.Errorf("proposals: %+v", props)
		}
		if plates := byHeading["6912"]; plates.Failures != 2 || plates.Inspections != 3 || plates.InPlanItemNo != 0 {
			t.Errorf("plates: %+v", plates)
		}
	})
}
