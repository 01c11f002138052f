package matching_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/enterprise"
	"riskgate/internal/foreign"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/matching"
	"riskgate/internal/recall"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

const alert = `alert_number,product_category,product_name,brand,product_description,country_of_origin,risk_type,barcode,batch_number,company_recall_code,production_dates,alert_year
SR/09001/26,Lighters,Lipstick-shaped lighter,Yomin,Pink lipstick lighter,Peoples Republic of China,"Burns, Fire",,,,,2026
SR/09002/26,Lighters,Disposable lighter,Zippo-like,Refillable,Peoples Republic of China,Fire,,,,,2026
`

func TestMatchingQueue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		now := func() time.Time { return w.Now }
		// The firm exported YOMIN lighters last month.
		d := screening.Declaration{Number: "430120261029000001", Direction: "export", Port: "4900", DeclaredAt: w.Now.AddDate(0, -1, 0),
			TradeMode: "0110", ConsignorUSCC: w.Firm.USCC, Lines: []screening.Line{{HSCode: "9613800000", Name: "口红造型打火机", Brand: "YOMIN", Destination: "FR"}}}
		if _, err := w.Screening.ScreenFile(ctx, risk.System, []screening.Declaration{d}); err != nil {
			t.Fatal(err)
		}
		imp := &foreign.Service{Store: db.Foreign(), Now: now}
		if _, err := imp.Import(ctx, w.U("officer"), "safetygate", "alerts.csv", strings.NewReader(alert), foreign.Options{}); err != nil {
			t.Fatal(err)
		}
		svc := &matching.Service{Store: db.Matching(), Cases: w.Cases, Now: now}
		if _, err := svc.Run(ctx, w.U("approver"), 30); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("approver ran matching: %v", err)
		}
		res, err := svc.Run(ctx, w.U("officer"), 3660)
		if err != nil || res.Proposed != 1 || res.Notifications != 2 || res.Lines != 1 {
			t.Fatalf("run: %+v %v", res, err)
		}
		if again, err := svc.Run(ctx, w.U("officer"), 3660); err != nil || again.Proposed != 0 {
			t.Fatalf("second run: %+v %v", again, err)
		}
		q, err := svc.Queue(ctx, w.U("officer"), "", 0)
		if err != nil || len(q) != 1 {
			t.Fatalf("queue: %+v %v", q, err)
		}
		c := q[0]
		if c.Enterprise.USCC != w.Firm.USCC || c.Ref != "safetygate:SR/09001/26" || c.Score < matching.Threshold || len(c.Evidence) < 2 {
			t.Fatalf("candidate %+v", c)
		}
		// Another department sees nothing of customs' queue.
		if q, _ := svc.Queue(ctx, w.U("amr"), "", 0); len(q) != 0 {
			t.Fatalf("amr sees %d candidates", len(q))
		}
		if _, err := svc.Confirm(ctx, w.U("amr"), c.ID, ""); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("amr confirmed: %v", err)
		}
		got, err := svc.Confirm(ctx, w.U("officer"), c.ID, "品牌与出口记录一致")
		if err != nil || got.CaseID == 0 {
			t.Fatalf("confirm: %+v %v", got, err)
		}
		cs, err := w.Cases.Get(ctx, w.U("officer"), got.CaseID)
		if err != nil || !strings.Contains(cs.Summary, "风险警示通告（草稿）") || !strings.Contains(cs.Summary, w.Firm.USCC) || !strings.Contains(cs.Title, w.Firm.NameZh) {
			t.Fatalf("case: %+v %v", cs, err)
		}
		if _, err := svc.Confirm(ctx, w.U("officer"), c.ID, ""); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("confirmed twice: %v", err)
		}
		if q, _ := svc.Queue(ctx, w.U("officer"), "confirmed", 0); len(q) != 1 || q[0].CaseID != got.CaseID {
			t.Fatalf("confirmed queue: %+v", q)
		}
		if _, err := svc.Queue(ctx, w.U("officer"), "maybe", 0); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("bad status: %v", err)
		}
	})
}

// TestConfirmedRecallAbroadOpensARecall: confirming a match whose alert
// recalled the product from end users opens a suspected recall for the
// exporter under the match's case, with the recall abroad as its trigger
// and no report clock of the firm's; a withdrawal alone opens none.
func TestConfirmedRecallAbroadOpensARecall(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		now := func() time.Time { return w.Now }
		d := screening.Declaration{Number: "430120261029000002", Direction: "export", Port: "4900", DeclaredAt: w.Now.AddDate(0, -1, 0),
			TradeMode: "0110", ConsignorUSCC: w.Firm.USCC, Lines: []screening.Line{
				{HSCode: "9613800000", Name: "口红造型打火机", Brand: "YOMIN", Destination: "FR"},
				{HSCode: "9613100000", Name: "一次性打火机", Brand: "ZIPPOLIKE", Destination: "FR"}}}
		if _, err := w.Screening.ScreenFile(ctx, risk.System, []screening.Declaration{d}); err != nil {
			t.Fatal(err)
		}
		const alerts = `alert_number,product_category,product_name,brand,product_description,country_of_origin,risk_type,measures_taken,barcode,batch_number,company_recall_code,production_dates,alert_year
SR/09101/26,Lighters,Lipstick-shaped lighter,Yomin,Pink lipstick lighter without child resistance,Peoples Republic of China,"Burns, Fire",Recall of the product from end users,,,,,2026
SR/09102/26,Lighters,Disposable lighter,Zippolike,Refillable disposable lighter,Peoples Republic of China,Fire,Withdrawal of the product from the market,,,,,2026
`
		imp := &foreign.Service{Store: db.Foreign(), Now: now}
		if _, err := imp.Import(ctx, w.U("officer"), "safetygate", "alerts.csv", strings.NewReader(alerts), foreign.Options{}); err != nil {
			t.Fatal(err)
		}
		svc := &matching.Service{Store: db.Matching(), Cases: w.Cases, Recalls: w.Recalls, Now: now}
		if _, err := svc.Run(ctx, w.U("officer"), 3660); err != nil {
			t.Fatal(err)
		}
		q, err := svc.Queue(ctx, w.U("officer"), "", 0)
		if err != nil || len(q) != 2 {
			t.Fatalf("queue: %d %v", len(q), err)
		}
		for _, c := range q {
			got, err := svc.Confirm(ctx, w.U("officer"), c.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			recalled := strings.HasSuffix(c.Ref, "SR/09101/26")
			if (got.RecallID != 0) != recalled {
				t.Fatalf("%s: recall %d", c.Ref, got.RecallID)
			}
			if !recalled {
				continue
			}
			r, err := w.Recalls.Get(ctx, w.U("officer"), got.RecallID)
			if err != nil {
				t.Fatal(err)
			}
			if r.Status != recall.StatusSuspected || r.EnterpriseID != w.Firm.ID || r.CaseID != got.CaseID || r.Trigger != "recall_abroad" ||
				len(r.ForeignRecalls) != 1 || r.ForeignRecalls[0] != c.Ref || r.Deadlines.ReportDue != "" || r.Products[0].Brand == "" {
				t.Fatalf("the recall opened: %+v", r)
			}
		}
	})
}

// rasffBowls is a RASFF notification naming no firm: bamboo-fibre bowls
// Germany notified.
const rasffBowls = "date,reference,notification_from,country_origin,product,product_category,hazard_substance,hazard_category\r\n" +
	"2026-03-02,2026.1001,Germany,China,Bamboo fibre bowls,Food contact materials,Melamine - migration of - migration,Migration\r\n"

// TestTiedCandidatesQueuedApart: two firms that shipped bamboo-fibre bowls
// to Germany before its notification, which names no firm, tie on the
// shared market: neither is proposed, both are queued apart as tied, with
// the tie stated; one is confirmed from there and the other rejected, as
// proposed ones are.
func TestTiedCandidatesQueuedApart(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		now := func() time.Time { return w.Now }
		other, err := w.Enterprises.Create(ctx, risk.System, enterprise.Input{USCC: "91430922MADQTPF06X", NameZh: "桃江县某竹木制品有限公司", Roles: []string{"exporter", "manufacturer"}, Dept: "cs-customs"})
		if err != nil {
			t.Fatal(err)
		}
		var ds []screening.Declaration
		for i, f := range []string{w.Firm.USCC, other.USCC} {
			ds = append(ds, screening.Declaration{Number: fmt.Sprintf("43012026102900001%d", i), Direction: "export", Port: "4900", DeclaredAt: w.Now.AddDate(0, -1, -i*7),
				TradeMode: "0110", ConsignorUSCC: f, Lines: []screening.Line{{HSCode: "3924100000", Name: "竹纤维碗（" + []string{"4只装", "6寸"}[i] + "）", Destination: "DE"}}})
		}
		if _, err := w.Screening.ScreenFile(ctx, risk.System, ds); err != nil {
			t.Fatal(err)
		}
		imp := &foreign.Service{Store: db.Foreign(), Now: now}
		if _, err := imp.Import(ctx, w.U("officer"), "rasff", "rasff.csv", strings.NewReader(strings.ReplaceAll(rasffBowls, "2026-03-02", w.Now.AddDate(0, 0, -3).Format("2006-01-02"))), foreign.Options{}); err != nil {
			t.Fatal(err)
		}
		svc := &matching.Service{Store: db.Matching(), Cases: w.Cases, Now: now}
		res, err := svc.Run(ctx, w.U("officer"), 30)
		if err != nil || res.Proposed != 0 || res.Tied != 2 {
			t.Fatalf("run: %+v %v", res, err)
		}
		if q, _ := svc.Queue(ctx, w.U("officer"), matching.Proposed, 0); len(q) != 0 {
			t.Fatalf("tied firms proposed: %d", len(q))
		}
		q, err := svc.Queue(ctx, w.U("officer"), matching.Tied, 0)
		if err != nil || len(q) != 2 {
			t.Fatalf("tied queue: %d %v", len(q), err)
		}
		for _, c := range q {
			if c.Score >= matching.Threshold || !slices.ContainsFunc(c.Evidence, func(ev matching.Evidence) bool { return strings.Contains(ev.Detail, "请人工判断") }) {
				t.Errorf("tied candidate %s: %.3f %+v", c.Enterprise.NameZh, c.Score, c.Evidence)
			}
		}
		if again, err := svc.Run(ctx, w.U("officer"), 30); err != nil || again.Tied != 0 || again.Proposed != 0 {
			t.Fatalf("second run: %+v %v", again, err)
		}
		got, err := svc.Confirm(ctx, w.U("officer"), q[0].ID, "申报品名与通报一致，经核查为该企业批次")
		if err != nil || got.CaseID == 0 || got.Status != matching.Confirmed {
			t.Fatalf("confirm a tied candidate: %+v %v", got, err)
		}
		if err := svc.Reject(ctx, w.U("officer"), q[1].ID, "另一批次"); err != nil {
			t.Fatalf("reject a tied candidate: %v", err)
		}
		if q, _ := svc.Queue(ctx, w.U("officer"), matching.Tied, 0); len(q) != 0 {
			t.Errorf("decided candidates still tied: %d", len(q))
		}
	})
}
