package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enforcement"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestEnforcementStore runs the enforcement service on both engines: bad
// input writes nothing; a joint interview is stored with its firms; a
// commitment checked as missed raises its party's credit event with the
// check, in one transaction; the job marks an overdue commitment missed
// once; a penalty decision raises its event, and its number is unique per
// department and kind.
func TestEnforcementStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		maker := &enterprise.Enterprise{USCC: "91512081MA62K0260E", NameZh: "测试陶瓷有限公司", Region: "430281", Roles: []string{"manufacturer"}, CreditTier: "routine"}
		seller := &enterprise.Enterprise{USCC: "91350100M000100Y43", NameZh: "测试电商平台有限公司", Region: "430102", Roles: []string{"importer"}, CreditTier: "certified"}
		for _, e := range []*enterprise.Enterprise{maker, seller} {
			if err := db.Enterprises().Create(ctx, e, audit.New(risk.System, "enterprise.create", "enterprise", 0, "test")); err != nil {
				t.Fatal(err)
			}
		}
		cs := &credit.Service{Store: db.Credit(), Firms: db.Enterprises(), Now: clock}
		svc := &enforcement.Service{Store: db.Enforcement(), Firms: db.Enterprises(), Credit: cs,
			Depts: map[string]bool{"cs-customs": true, "hn-amr": true}, Now: clock}
		officer := risk.Actor{UserID: 5, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}
		amr := risk.Actor{UserID: 9, Login: "amr", Role: risk.RoleOfficer, Dept: "hn-amr"}
		firmUser := risk.Actor{UserID: 7, Login: "firm", Role: risk.RoleEnterprise, EnterpriseID: seller.ID}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		tier := func(e *enterprise.Enterprise) string {
			got, err := db.Enterprises().Get(ctx, e.ID)
			if err != nil {
				t.Fatal(err)
			}
			return got.CreditTier
		}
		field := func(err error) string {
			if e, ok := risk.AsError(err); ok {
				return e.Field
			}
			return ""
		}

		good := func() enforcement.InterviewInput {
			return enforcement.InterviewInput{Reason: enforcement.ReasonNonconforming, Depts: []string{"hn-amr"}, HeldOn: "2026-11-02",
				Place: "长沙海关 3 楼会议室", Minutes: "陶瓷餐具铅溶出量多次超标，企业说明原因并承诺整改。",
				Parties: []enforcement.PartyInput{{Role: enforcement.Manufacturer, USCC: maker.USCC}, {Role: enforcement.Platform, USCC: seller.USCC},
					{Role: enforcement.Lab, Name: "某检测技术服务有限公司"}},
				Commitments: []enforcement.CommitmentInput{{Party: 0, Text: "更换釉料供应商并送检", Deadline: "2026-11-30"},
					{Party: 1, Text: "下架问题批次", Deadline: "2026-11-10"}, {Party: 2, Text: "复核检测方法", Deadline: "2026-12-31"}}}
		}
		before := entries()
		for _, c := range []struct {
			name  string
			edit  func(*enforcement.InterviewInput)
			field string
		}{
			{"unknown uscc", func(in *enforcement.InterviewInput) { in.Parties[1].USCC = "91430000MA4L0000X1" }, "parties[1].uscc"},
			{"no deadline", func(in *enforcement.InterviewInput) { in.Commitments[1].Deadline = "" }, "commitments[1].deadline"},
			{"unknown department", func(in *enforcement.InterviewInput) { in.Depts = []string{"nowhere"} }, "depts[0]"},
			{"no parties", func(in *enforcement.InterviewInput) { in.Parties, in.Commitments = nil, nil }, "parties"},
			{"bad party", func(in *enforcement.InterviewInput) { in.Commitments[0].Party = 7 }, "commitments[0].party"},
		} {
			in := good()
			c.edit(&in)
			if _, err := svc.RecordInterview(ctx, officer, in); !errors.Is(err, risk.ErrInvalid) || field(err) != c.field {
				t.Errorf("%s: %v (field %q), want invalid naming %s", c.name, err, field(err), c.field)
			}
		}
		if _, err := svc.RecordInterview(ctx, firmUser, good()); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("a firm records an interview: %v", err)
		}
		if entries() != before {
			t.Fatal("a refused interview wrote")
		}

		iv, err := svc.RecordInterview(ctx, officer, good())
		if err != nil {
			t.Fatal(err)
		}
		if !iv.Joint() || iv.Dept() != "cs-customs" || iv.NextDue() != "2026-11-10" || len(iv.Firms()) != 2 {
			t.Fatalf("interview: %+v", iv)
		}
		for _, c := range []struct {
			f    enforcement.InterviewFilter
			want int
		}{
			{enforcement.InterviewFilter{EnterpriseID: maker.ID}, 1}, {enforcement.InterviewFilter{Dept: "hn-amr"}, 1},
			{enforcement.InterviewFilter{Dept: "hn-health"}, 0}, {enforcement.InterviewFilter{DueBy: "2026-11-09"}, 0},
			{enforcement.InterviewFilter{DueBy: "2026-11-10"}, 1},
		} {
			if _, n, err := svc.Interviews(ctx, officer, c.f); err != nil || n != c.want {
				t.Errorf("interviews %+v: %d %v, want %d", c.f, n, err, c.want)
			}
		}
		if _, n, _ := svc.Interviews(ctx, firmUser, enforcement.InterviewFilter{EnterpriseID: maker.ID}); n != 1 {
			t.Errorf("the platform sees %d interviews, want its own 1", n)
		}
		if got, err := svc.Interview(ctx, officer, iv.ID); err != nil || len(got.Commitments) != 3 || got.Rev != 1 || got.Parties[2].Name != "某检测技术服务有限公司" {
			t.Fatalf("read back: %v %+v", err, got)
		}

		// A check by a department that took part: the maker met its
		// commitment; nothing moves in credit.
		if _, err := svc.CheckCommitment(ctx, amr, iv.ID, enforcement.Check{Commitment: 1, Result: enforcement.CommitmentMet, Note: "已送检合格。", Rev: 1}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.CheckCommitment(ctx, amr, iv.ID, enforcement.Check{Commitment: 1, Result: enforcement.CommitmentMissed, Note: "x", Rev: 2}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("a second check: %v", err)
		}
		if _, err := svc.CheckCommitment(ctx, amr, iv.ID, enforcement.Check{Commitment: 2, Result: enforcement.CommitmentMissed, Note: "x", Rev: 1}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("a stale revision: %v", err)
		}
		if tier(maker) != "routine" {
			t.Fatal("a met commitment moved the tier")
		}

		// The job: the platform's commitment is overdue, marked missed,
		// and its general event makes the certified platform dishonest; a
		// second run writes nothing.
		n, err := svc.MarkOverdue(ctx)
		if err != nil || n != 1 {
			t.Fatalf("the job marked %d: %v", n, err)
		}
		if tier(seller) != "dishonest" {
			t.Fatalf("platform tier %s, want dishonest", tier(seller))
		}
		evs, _, err := cs.Events(ctx, officer, credit.EventFilter{Source: credit.FromInterview, SourceID: iv.ID})
		if err != nil || len(evs) != 1 || evs[0].Kind != "commitment-missed" || evs[0].Severity != credit.General || evs[0].OccurredOn != "2026-11-11" || evs[0].EnterpriseID != seller.ID {
			t.Fatalf("events: %v %+v", err, evs)
		}
		after := entries()
		if n, err := svc.MarkOverdue(ctx); err != nil || n != 0 || entries() != after {
			t.Fatalf("a second run: %d %v, %d entries", n, err, entries()-after)
		}
		got, _ := svc.Interview(ctx, officer, iv.ID)
		if c := got.Commitments[1]; c.Status != enforcement.CommitmentMissed || !c.CreditRaised || c.CheckedBy != "system" || got.NextDue() != "2026-12-31" {
			t.Fatalf("after the job: %+v", got)
		}

		// Penalties.
		pin := enforcement.PenaltyInput{Kind: enforcement.KindPenalty, EnterpriseUSCC: maker.USCC, Number: "长关缉违字〔2026〕31号", DecidedOn: "2026-12-01",
			LegalBasis: "《中华人民共和国进出口商品检验法实施条例》第四十六条", Amount: 5000000, Severity: credit.General}
		before = entries()
		for _, c := range []struct {
			name  string
			edit  func(*enforcement.PenaltyInput)
			field string
		}{
			{"no number", func(in *enforcement.PenaltyInput) { in.Number = "" }, "number"},
			{"unknown uscc", func(in *enforcement.PenaltyInput) { in.EnterpriseUSCC = "91430000MA4L0000X1" }, "enterprise_uscc"},
			{"no severity", func(in *enforcement.PenaltyInput) { in.Severity = "" }, "severity"},
			{"future", func(in *enforcement.PenaltyInput) { in.DecidedOn = "2027-01-01" }, "decided_on"},
			{"handover without authority", func(in *enforcement.PenaltyInput) { in.Kind, in.Amount = enforcement.KindHandover, 0 }, "authority"},
		} {
			in := pin
			c.edit(&in)
			if _, _, err := svc.RecordPenalty(ctx, officer, in); !errors.Is(err, risk.ErrInvalid) || field(err) != c.field {
				t.Errorf("%s: %v (field %q), want invalid naming %s", c.name, err, field(err), c.field)
			}
		}
		if entries() != before {
			t.Fatal("a refused penalty wrote")
		}
		p, ch, err := svc.RecordPenalty(ctx, officer, pin)
		if err != nil || ch == nil || ch.To != "dishonest" || tier(maker) != "dishonest" {
			t.Fatalf("penalty: %v change %+v", err, ch)
		}
		evs, _, _ = cs.Events(ctx, officer, credit.EventFilter{Source: credit.FromPenalty, SourceID: p.ID})
		if len(evs) != 1 || evs[0].Reference != pin.Number || evs[0].Kind != "penalty-violation" {
			t.Fatalf("the penalty's event: %+v", evs)
		}
		before = entries()
		if _, _, err := svc.RecordPenalty(ctx, officer, pin); !errors.Is(err, risk.ErrConflict) || field(err) != "number" {
			t.Fatalf("the same number again: %v", err)
		}
		if entries() != before {
			t.Fatal("a refused duplicate wrote")
		}
		// Another department may use the same number; a hand-over is serious.
		if _, _, err := svc.RecordPenalty(ctx, amr, pin); err != nil {
			t.Fatal(err)
		}
		h, ch, err := svc.RecordPenalty(ctx, officer, enforcement.PenaltyInput{Kind: enforcement.KindHandover, EnterpriseUSCC: maker.USCC,
			Number: "长关移〔2026〕2号", DecidedOn: "2026-12-03", Authority: enforcement.PublicSecurity, AuthorityName: "长沙市公安局"})
		if err != nil || h.Severity != credit.Serious || h.CreditKind != "smuggling-crime" || ch == nil || ch.To != "seriously-dishonest" {
			t.Fatalf("hand-over: %v %+v %+v", err, h, ch)
		}
		if _, n, _ := svc.Penalties(ctx, officer, enforcement.PenaltyFilter{EnterpriseID: maker.ID}); n != 3 {
			t.Errorf("the maker's records: %d, want 3", n)
		}
		if _, n, _ := svc.Penalties(ctx, firmUser, enforcement.PenaltyFilter{}); n != 0 {
			t.Errorf("the platform sees %d records, want none", n)
		}
		if _, err := svc.Penalty(ctx, firmUser, p.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Errorf("another firm's record: %v", err)
		}
		if q, _ := svc.Queue(ctx, amr); q.Due != 0 {
			t.Errorf("queue: %+v (next due 2026-12-31 is beyond a week)", q)
		}
	})
}
