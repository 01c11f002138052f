package recall_test

import (
	"context"
	"errors"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestWhoOpensWhat: only the lead and supporting departments open a
// recall, only the lead orders one; a firm's report is dated by the
// server, whatever it sends.
func TestWhoOpensWhat(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		in := func(kind recall.Kind) recall.Input {
			return recall.Input{Kind: kind, EnterpriseUSCC: w.Firm.USCC, Products: []recall.Product{{Name: "打火机", Made: 100, Sold: 80}},
				Defect: "无防儿童开启装置", AwareOn: "2026-11-20"}
		}
		if _, err := w.Recalls.Open(ctx, w.U("eco"), in(recall.Voluntary)); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("the ecology department opened a consumer-goods recall: %v", err)
		}
		if _, err := w.Recalls.Open(ctx, w.U("officer"), in(recall.Ordered)); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("customs (supporting) ordered a recall: %v", err)
		}
		r, err := w.Recalls.Open(ctx, w.U("amr"), in(recall.Ordered))
		if err != nil || r.Kind != recall.Ordered || r.Status != recall.StatusConfirmed {
			t.Fatalf("the market regulator orders: %+v %v", r, err)
		}
		env := in(recall.Environmental)
		env.Products = []recall.Product{{Name: "非道路移动机械（挖掘机）", HSCode: "8429521200", Made: 30, Sold: 30}}
		e, err := w.Recalls.Open(ctx, w.U("eco"), env)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Recalls.Act(ctx, w.U("eco"), e.ID, recall.ActInvestigate, "", e.Rev); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Recalls.Act(ctx, w.U("amr"), e.ID, recall.ActOrder, "", e.Rev+1); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("the supporting market regulator ordered an environmental recall: %v", err)
		}
		e, err = w.Recalls.Act(ctx, w.U("eco"), e.ID, recall.ActOrder, "排放不达标，企业未主动召回", e.Rev+1)
		if err != nil || e.Kind != recall.Environmental || !e.Ordered || e.Status != recall.StatusConfirmed {
			t.Fatalf("an ordered environmental recall: %+v %v", e, err)
		}
		backdated := in(recall.Voluntary)
		backdated.ReportedOn = "2026-11-21"
		mine, err := w.Recalls.Open(ctx, w.U("firm"), backdated)
		if err != nil || mine.ReportedOn != "2026-11-29" {
			t.Fatalf("the firm's report: %+v %v", mine, err)
		}
		if d := mine.DeadlineList[0]; d.Code != "report" || !d.Late {
			t.Fatalf("a report 9 days after learning of it is not late: %+v", d)
		}
	})
}

// TestProgressUnderRevision: a progress report written against a revision
// another report has moved is refused; the case's completion counts only
// the recalls that reported, never a closed one.
func TestProgressUnderRevision(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		amr := w.U("amr")
		open := func() *recall.Recall {
			r, err := w.Recalls.Open(ctx, amr, recall.Input{Kind: recall.Voluntary, EnterpriseUSCC: w.Firm.USCC,
				Products: []recall.Product{{Name: "打火机", Made: 1000, Sold: 1000}}, Defect: "外壳开裂"})
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		r := open()
		if _, err := w.Recalls.FilePlan(ctx, amr, r.ID, recall.PlanInput{Remedy: recall.Refund, CompletionDate: "2026-12-20", TargetCompletion: 0.9}); err != nil {
			t.Fatal(err)
		}
		for i, act := range []string{recall.ActPublishNotice, recall.ActStart} {
			if _, err := w.Recalls.Act(ctx, amr, r.ID, act, "", 2+i); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.Recalls.Report(ctx, amr, r.ID, recall.ProgressInput{Located: 600, Corrected: 500}); err != nil {
			t.Fatal(err)
		}
		// A report written against the revision before that one.
		stale := &recall.Progress{RecallID: r.ID, AsOf: "2026-11-29", Located: 500, Corrected: 400, CreatedBy: "x", CreatedAt: w.Now}
		if err := db.Recalls().AddProgress(ctx, stale, 4, audit.New(amr, "recall.progress", "recall", r.ID, "x")); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("a stale progress report: %v", err)
		}
		if _, err := w.Recalls.Report(ctx, amr, r.ID, recall.ProgressInput{Located: 500, Corrected: 400}); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("a smaller total: %v", err)
		}
	})
}
