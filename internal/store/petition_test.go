package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/enterprise"
	"riskgate/internal/petition"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/warning"
)

// TestPetitionStore: a petition is written and read back whole, lists
// filter by firm, department and status, and a review is one transaction
// with its effects — a lift that cannot be written (the measure changed
// meanwhile) leaves the petition and the audit trail as they were.
func TestPetitionStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		firm := &enterprise.Enterprise{USCC: "91512081MA62K0260E", NameZh: "测试烟花有限公司", Region: "430181", Roles: []string{"exporter"}, CreditTier: "routine"}
		if err := db.Enterprises().Create(ctx, firm, audit.New(risk.System, "enterprise.create", "enterprise", 0, "test")); err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
		p := &petition.Petition{EnterpriseID: firm.ID, EnterpriseUSCC: firm.USCC, EnterpriseName: firm.NameZh, Target: petition.TargetMeasure,
			MeasureID: 7, MeasureType: "raised-inspection", WarningID: 3, WarningTitle: "通告", Dept: "cs-customs", IssuerDept: "hn-amr",
			Grounds: "已整改。", Declarations: []string{"P-1"}, Consignments: []petition.Consignment{{Number: "P-1", Goods: "烟花", Results: 1, First: now, Last: now}},
			Status: petition.StatusSubmitted, Events: []petition.Event{{At: now, By: "enterprise", Action: petition.ActSubmit}},
			CreatedBy: "enterprise", CreatedAt: now, UpdatedAt: now, Rev: 1}
		ps := db.Petitions()
		if err := ps.Create(ctx, p, audit.New(risk.System, "petition.submit", "petition", 0, "test")); err != nil {
			t.Fatal(err)
		}
		got, err := ps.Get(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != petition.StatusSubmitted || got.Rev != 1 || got.MeasureID != 7 || len(got.Consignments) != 1 || !got.Consignments[0].First.Equal(now) || !got.CreatedAt.Equal(now) {
			t.Fatalf("read back: %+v", got)
		}
		for _, c := range []struct {
			f    petition.Filter
			want int
		}{
			{petition.Filter{EnterpriseID: firm.ID}, 1}, {petition.Filter{EnterpriseID: firm.ID + 1}, 0},
			{petition.Filter{Dept: "cs-customs"}, 1}, {petition.Filter{Dept: "hn-amr"}, 1}, {petition.Filter{Dept: "hn-ecoenv"}, 0},
			{petition.Filter{Open: true, MeasureID: 7}, 1}, {petition.Filter{Status: petition.StatusAccepted}, 0},
		} {
			if _, n, err := ps.List(ctx, c.f); err != nil || n != c.want {
				t.Errorf("list %+v: %d %v, want %d", c.f, n, err, c.want)
			}
		}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := entries()
		got.Status, got.Rev = petition.StatusAccepted, 2
		err = ps.Update(ctx, got, petition.Effects{Audit: audit.New(risk.System, "petition.accept", "petition", got.ID, "test"),
			Lift: &warning.MeasureEnd{ID: 999, Rev: 1, Status: "lifted", Audit: audit.New(risk.System, "measure.lift", "measure", 999, "test")}})
		if !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("accept lifting a measure that changed: %v", err)
		}
		if again, _ := ps.Get(ctx, p.ID); again.Status != petition.StatusSubmitted || again.Rev != 1 || entries() != before {
			t.Fatalf("a failed review wrote: %s rev %d, %d audit entries more", again.Status, again.Rev, entries()-before)
		}
		got.Status, got.Rev = petition.StatusRejected, 2
		if err := ps.Update(ctx, got, petition.Effects{Audit: audit.New(risk.System, "petition.reject", "petition", got.ID, "test")}); err != nil {
			t.Fatal(err)
		}
		if err := ps.Update(ctx, got, petition.Effects{Audit: audit.New(risk.System, "petition.reject", "petition", got.ID, "test")}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("a stale revision: %v", err)
		}
	})
}
