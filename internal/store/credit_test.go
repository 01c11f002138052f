package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestCreditStore runs the credit service on both engines: an event moves
// the tier (the register, the rules' version, the audit trail and the
// change log in one transaction), a bad event writes nothing, two writers
// of one firm cannot both win, repair waits for its period and restores the
// tier, events expire by the job, and exports report the changes since the
// last one.
func TestCreditStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		firm := &enterprise.Enterprise{USCC: "91512081MA62K0260E", NameZh: "测试烟花有限公司", Region: "430181", Roles: []string{"exporter"}, CreditTier: "certified"}
		other := &enterprise.Enterprise{USCC: "91350100M000100Y43", NameZh: "测试陶瓷有限公司", Region: "430203", Roles: []string{"exporter"}, CreditTier: "routine"}
		for _, e := range []*enterprise.Enterprise{firm, other} {
			if err := db.Enterprises().Create(ctx, e, audit.New(risk.System, "enterprise.create", "enterprise", 0, "test")); err != nil {
				t.Fatal(err)
			}
		}
		svc := &credit.Service{Store: db.Credit(), Firms: db.Enterprises(), Now: clock}
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		approver := risk.Actor{UserID: 6, Login: "approver", Role: risk.RoleApprover, Dept: "cs-customs"}
		user := risk.Actor{UserID: 7, Login: "firm", Role: risk.RoleEnterprise, EnterpriseID: firm.ID}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		version := func() int64 {
			v, err := db.Screening().RulesVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		tier := func(e *enterprise.Enterprise) string {
			got, err := db.Enterprises().Get(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.CreditTier
		}

		// Bad input writes nothing.
		before, v0 := entries(), version()
		for _, in := range []credit.EventInput{
			{EnterpriseUSCC: "91430000MA4L0000X1", Kind: "smuggling", Severity: credit.Serious, OccurredOn: "2026-12-01", Reference: "长关缉违字〔2026〕1号"},
			{EnterpriseUSCC: firm.USCC, Kind: "smuggling", Severity: "grave", OccurredOn: "2026-12-01", Reference: "x"},
			{EnterpriseUSCC: firm.USCC, Kind: "no-such-kind", Severity: credit.Minor, OccurredOn: "2026-12-01", Reference: "x"},
			{EnterpriseUSCC: firm.USCC, Kind: "smuggling", Severity: credit.Minor, OccurredOn: "2027-01-01", Reference: "x"},
		} {
			if _, _, err := svc.Record(ctx, officer, in); !errors.Is(err, risk.ErrInvalid) {
				t.Fatalf("bad event %+v: %v", in, err)
			}
		}
		if _, _, err := svc.Record(ctx, approver, credit.EventInput{EnterpriseUSCC: firm.USCC, Kind: "smuggling", Severity: credit.Serious, OccurredOn: "2026-12-01", Reference: "x"}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("an approver records: %v", err)
		}
		if entries() != before || version() != v0 || tier(firm) != "certified" {
			t.Fatal("a refused event wrote")
		}

		// A first minor event is tolerated: recorded, no change.
		ev1, ch, err := svc.Record(ctx, officer, credit.EventInput{EnterpriseUSCC: firm.USCC, Kind: "late-documents", Severity: credit.Minor, OccurredOn: "2026-06-01", Reference: "长关通〔2026〕3号"})
		if err != nil || ch != nil || tier(firm) != "certified" || version() != v0 {
			t.Fatalf("first minor: %v change %+v tier %s", err, ch, tier(firm))
		}
		if ev1.ID == 0 || ev1.EndsOn != "2027-06-01" || ev1.RepairableOn != "2026-08-30" {
			t.Fatalf("event: %+v", ev1)
		}
		// A serious one makes it seriously dishonest, moves the port rules,
		// and the change says why.
		ev2, ch, err := svc.Record(ctx, officer, credit.EventInput{EnterpriseUSCC: firm.USCC, Kind: "smuggling", Severity: credit.Serious, OccurredOn: "2026-12-01", Reference: "长关缉违字〔2026〕7号"})
		if err != nil || ch == nil || ch.From != "certified" || ch.To != "seriously-dishonest" || ch.Outcome.Rule != 0 {
			t.Fatalf("serious: %v %+v", err, ch)
		}
		if tier(firm) != "seriously-dishonest" || version() == v0 {
			t.Fatalf("register %s, rules version %d", tier(firm), version())
		}
		p, err := svc.Profile(ctx, user, firm.ID)
		if err != nil || p.Firm.Tier != "seriously-dishonest" || len(p.Events) != 2 || len(p.Changes) != 1 || p.Firm.Outcome.WhyZh == "" {
			t.Fatalf("profile: %v %+v", err, p)
		}
		if _, err := svc.Profile(ctx, risk.Actor{UserID: 8, Login: "o", Role: risk.RoleEnterprise, EnterpriseID: other.ID}, firm.ID); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("another firm reads the profile: %v", err)
		}

		// Two writers that read the same state: the second is refused.
		in := credit.EventInput{EnterpriseUSCC: other.USCC, Kind: "late-documents", Severity: credit.Minor, OccurredOn: "2026-11-01", Reference: "a"}
		fa, err := svc.Plan(ctx, officer, []credit.EventInput{in})
		if err != nil {
			t.Fatal(err)
		}
		in.Reference = "b"
		fb, err := svc.Plan(ctx, officer, []credit.EventInput{in})
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Credit().Apply(ctx, fa); err != nil {
			t.Fatal(err)
		}
		before = entries()
		if err := db.Credit().Apply(ctx, fb); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("a stale write: %v", err)
		}
		if _, n, _ := db.Credit().Events(ctx, credit.EventFilter{EnterpriseID: other.ID}); n != 1 || entries() != before {
			t.Fatalf("a refused write left %d events, %d entries", n, entries()-before)
		}

		// Repair: not before its waiting period; then approved, the tier
		// returns to the base.
		if _, err := svc.ApplyRepair(ctx, user, credit.RepairInput{EventIDs: []risk.ID{ev2.ID}, Evidence: "已缴纳罚款并整改。"}); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("repair before the waiting period: %v", err)
		}
		now = now.AddDate(2, 0, 1)
		rep, err := svc.ApplyRepair(ctx, user, credit.RepairInput{EventIDs: []risk.ID{ev2.ID}, Evidence: "已缴纳罚款并整改，两年内无新的失信行为。"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.ApplyRepair(ctx, user, credit.RepairInput{EventIDs: []risk.ID{ev2.ID}, Evidence: "again"}); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("a second application for the same event: %v", err)
		}
		if _, _, err := svc.ReviewRepair(ctx, officer, rep.ID, credit.RepairReview{Action: "approve", Rev: rep.Rev}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("an officer approves: %v", err)
		}
		rep, ch, err = svc.ReviewRepair(ctx, approver, rep.ID, credit.RepairReview{Action: "approve", Reason: "整改到位。", Rev: rep.Rev})
		if err != nil || rep.Status != credit.RepairApproved || ch == nil || ch.To != "certified" || tier(firm) != "certified" {
			t.Fatalf("approve: %v %+v %+v tier %s", err, rep, ch, tier(firm))
		}
		if e, _ := db.Credit().Event(ctx, ev2.ID); e.Status != credit.Repaired {
			t.Fatalf("repaired event: %s", e.Status)
		}

		// A decision sets a tier beyond the rules; "rules" returns to them.
		if _, ch, err := svc.Decide(ctx, approver, other.ID, credit.DecisionInput{Tier: "dishonest", Reason: "涉嫌走私被立案调查", Reference: "长关缉〔2028〕2号"}); err != nil || ch == nil || tier(other) != "dishonest" {
			t.Fatalf("decision: %v %+v", err, ch)
		}

		// Lists and their exports.
		d, err := svc.Export(ctx, officer, "dishonest", "csv")
		if err != nil || len(d.Items) != 1 || d.Items[0].USCC != other.USCC || d.Added != 0 {
			t.Fatalf("first export: %v %+v", err, d)
		}
		if _, _, err := svc.Decide(ctx, approver, other.ID, credit.DecisionInput{Tier: "rules", Reason: "撤案", Reference: "长关缉〔2028〕3号"}); err != nil || tier(other) != "routine" {
			t.Fatalf("back to the rules: %v %s", err, tier(other))
		}
		d, err = svc.Export(ctx, officer, "dishonest", "csv")
		if err != nil || d.Removed != 1 || len(d.Items) != 1 || d.Items[0].Change != "removed" {
			t.Fatalf("second export: %v %+v", err, d)
		}
		if _, err := svc.List(ctx, user, "dishonest"); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("a firm reads the lists: %v", err)
		}

		// Expiry: a minor event ends and the job records it once.
		n, err := svc.Expire(ctx)
		if err != nil || n != 2 { // the firm's and the other's minor events
			t.Fatalf("expire: %d %v", n, err)
		}
		if n, err := svc.Expire(ctx); err != nil || n != 0 {
			t.Fatalf("expire again: %d %v", n, err)
		}
	})
}
