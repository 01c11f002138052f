package monitoring_test

import (
	"context"
	"testing"
	"time"

	"riskgate/internal/lifecycletest"
	"riskgate/internal/monitoring"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// Monitoring samples in a warning's scope count toward its lifting
// conditions as lots do: three clean samples meet "3 clean lots" and the
// lifting evaluator proposes; a failed sample withdraws the proposal and
// counts as a failure among the last lots — on both engines.
func TestSamplesCountAsLots(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		c := w.ApprovedCase()
		in := w.WarningInput(warning.ClassBulletin)
		in.Conditions = []warning.Condition{{Kind: warning.CondCleanLots, N: 3}}
		x := w.Issue(c.ID, in)
		clock := func() time.Time { return w.Now }
		svc := &monitoring.Service{Store: db.Monitoring(), Signals: w.Signals, Warnings: db.Inspections(), Sets: w.Sets, Now: clock}
		pt, err := svc.CreatePoint(ctx, w.U("officer"), monitoring.PointInput{Code: "HN-FAC-03", Name: "邵东打火机产业园", Type: monitoring.Factory,
			Prefecture: "430500", County: "430582", Lat: 27.26, Lon: 111.74, Commodities: []string{"lighters"}, Dept: "cs-customs"})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := svc.CreatePlan(ctx, w.U("officer"), monitoring.PlanInput{Year: 2026, Title: "打火机监测", Items: []monitoring.ItemInput{{Commodity: "9613",
			Hazard: "burns", TestItems: []string{"火焰高度"}, Points: []risk.ID{pt.ID}, Quota: 5, Period: monitoring.Monthly, Dept: "cs-customs"}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Approve(ctx, w.U("approver"), plan.ID); err != nil {
			t.Fatal(err)
		}
		n := 0
		sample := func(product string, c monitoring.Conclusion) *monitoring.Sample {
			t.Helper()
			n++
			w.Now = w.Now.Add(time.Minute)
			s, err := svc.RecordSample(ctx, w.U("inspector"), monitoring.SampleInput{Number: "S-" + string(rune('0'+n)), PlanID: plan.ID, ItemNo: 1, PointID: pt.ID,
				Product: product, HSCode: "9613100000", Lot: "L" + string(rune('0'+n)), Place: "仓库", TakenAt: w.Now.Add(-time.Hour), Lab: "实验室",
				Results: []monitoring.Result{{TestItem: "火焰高度", Value: "4", Limit: "≤5", Unit: "cm", Conclusion: c}}})
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		propose := func() int {
			t.Helper()
			k, err := w.Inspections.EvaluateLifting(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return k
		}
		if s := sample("陶瓷杯", monitoring.Pass); len(s.Warnings) != 0 {
			t.Errorf("a lot outside the scope matched %v", s.Warnings)
		}
		sample("一次性打火机", monitoring.Pass)
		sample("一次性打火机", monitoring.Pass)
		if k := propose(); k != 0 {
			t.Fatal("proposed after 2 clean lots")
		}
		if s := sample("防风打火机", monitoring.Pass); len(s.Warnings) != 1 || s.Warnings[0] != x.ID {
			t.Fatalf("matches: %v", s.Warnings)
		}
		if k := propose(); k != 1 {
			t.Fatalf("proposals after 3 clean samples: %d, want 1", k)
		}
		failed := sample("一次性打火机", monitoring.Fail)
		if failed.SignalID == 0 {
			t.Error("the failed sample raised no signal")
		}
		got, err := w.Warnings.Get(ctx, w.U("approver"), x.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.LiftProposedAt != nil {
			t.Fatal("a failed sample in scope left the lifting proposal standing")
		}
		if k := propose(); k != 0 {
			t.Fatal("proposed with a failed sample among the last lots")
		}
	})
}
