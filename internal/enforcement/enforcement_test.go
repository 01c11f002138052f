package enforcement

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

func TestParseYuan(t *testing.T) {
	tests := []struct {
		in   string
		want Yuan
		ok   bool
	}{
		{"50000", 5000000, true}, {"1,234.5", 123450, true}, {"0.01", 1, true}, {"0", 0, true},
		{"-1", 0, false}, {"1.234", 0, false}, {"", 0, false}, {"1e5", 0, false}, {".5", 0, false}, {"1000000000000", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseYuan("amount", tt.in)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseYuan(%q) = %d, %v; want %d ok=%v", tt.in, got, err, tt.want, tt.ok)
		}
	}
	var p struct{ Amount Yuan }
	if err := json.Unmarshal([]byte(`{"Amount": 1234.56}`), &p); err != nil || p.Amount != 123456 {
		t.Fatalf("unmarshal: %d %v", p.Amount, err)
	}
	if b, _ := json.Marshal(p); string(b) != `{"Amount":1234.56}` {
		t.Fatalf("marshal: %s", b)
	}
}

func TestNextDue(t *testing.T) {
	iv := &Interview{Commitments: []Commitment{{Deadline: "2026-05-01", Status: CommitmentMet}, {Deadline: "2026-06-01", Status: CommitmentOpen},
		{Deadline: "2026-05-20", Status: CommitmentOpen}}}
	if got := iv.NextDue(); got != "2026-05-20" {
		t.Fatalf("NextDue = %s", got)
	}
	if !iv.Commitments[2].Overdue("2026-05-21") || iv.Commitments[2].Overdue("2026-05-20") || iv.Commitments[0].Overdue("2027-01-01") {
		t.Fatal("Overdue: the deadline is the last day, and only open commitments are overdue")
	}
}

// memStore keeps interviews in memory.
type memStore struct {
	Store
	ivs []*Interview
	fx  []credit.Effect
}

func (m *memStore) CreateInterview(_ context.Context, iv *Interview, _ audit.Entry) error {
	iv.ID = risk.ID(len(m.ivs) + 1)
	m.ivs = append(m.ivs, iv)
	return nil
}

func (m *memStore) Interview(_ context.Context, id risk.ID) (*Interview, error) {
	b, _ := json.Marshal(m.ivs[id-1])
	var iv Interview
	json.Unmarshal(b, &iv)
	iv.ID, iv.Rev = id, m.ivs[id-1].Rev
	return &iv, nil
}

func (m *memStore) UpdateInterview(_ context.Context, iv *Interview, _ []audit.Entry, fx []credit.Effect) error {
	m.ivs[iv.ID-1], m.fx = iv, append(m.fx, fx...)
	return nil
}

type firms map[string]*enterprise.Enterprise

func (f firms) GetByUSCC(_ context.Context, u string) (*enterprise.Enterprise, error) {
	if e := f[u]; e != nil {
		return e, nil
	}
	return nil, risk.Errorf(risk.ErrNotFound, "no")
}

// planner records what it is asked to plan.
type planner struct{ ins []credit.EventInput }

func (p *planner) Plan(_ context.Context, _ risk.Actor, ins []credit.EventInput) ([]credit.Effect, error) {
	p.ins = append(p.ins, ins...)
	return []credit.Effect{{}}, nil
}

func (p *planner) Rules(context.Context) (*credit.Rules, error) { return credit.DefaultRules() }

// TestMissedCommitments: a miss by a registered party raises a
// commitment-missed event of the rules' severity (or the interview's), a
// miss by a party named only raises none.
func TestMissedCommitments(t *testing.T) {
	ctx := context.Background()
	st, pl := &memStore{}, &planner{}
	s := &Service{Store: st, Firms: firms{"91512081MA62K0260E": {ID: 3, USCC: "91512081MA62K0260E", NameZh: "甲公司"}}, Credit: pl,
		Depts: map[string]bool{"cs-customs": true}, Now: func() time.Time { return time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC) }}
	off := risk.Actor{UserID: 1, Login: "o", Role: risk.RoleOfficer, Dept: "cs-customs"}
	iv, err := s.RecordInterview(ctx, off, InterviewInput{Reason: ReasonAccident, HeldOn: "2026-05-01", Place: "长沙", Minutes: "纪要",
		Parties:     []PartyInput{{Role: Importer, USCC: "91512081MA62K0260E"}, {Role: Agent, Name: "乙代理"}},
		Commitments: []CommitmentInput{{Party: 0, Text: "召回", Deadline: "2026-05-10"}, {Party: 1, Text: "通知", Deadline: "2026-05-10"}, {Party: 0, Text: "整改", Deadline: "2026-05-20", Severity: credit.Serious}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckCommitment(ctx, off, iv.ID, Check{Commitment: 2, Result: CommitmentMissed, Note: "未通知", Rev: 1}); err != nil {
		t.Fatal(err)
	}
	if len(pl.ins) != 0 {
		t.Fatalf("a named party's miss raised %+v", pl.ins)
	}
	if _, err := s.CheckCommitment(ctx, off, iv.ID, Check{Commitment: 1, Result: "maybe", Note: "x", Rev: 2}); !errors.Is(err, risk.ErrInvalid) {
		t.Fatalf("a bad result: %v", err)
	}
	if _, err := s.CheckCommitment(ctx, off, iv.ID, Check{Commitment: 1, Result: CommitmentMissed, Note: "未召回", CheckedOn: "2026-05-30", Rev: 2}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CheckCommitment(ctx, off, iv.ID, Check{Commitment: 3, Result: CommitmentMissed, Note: "未整改", Rev: 3}); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		sev credit.Severity
		day string
	}{{credit.General, "2026-05-11"}, {credit.Serious, "2026-05-21"}}
	if len(pl.ins) != 2 {
		t.Fatalf("events: %+v", pl.ins)
	}
	for i, w := range want {
		in := pl.ins[i]
		if in.Kind != "commitment-missed" || in.Severity != w.sev || in.OccurredOn != w.day || in.Source != credit.FromInterview || in.SourceID != iv.ID {
			t.Errorf("event %d: %+v, want %s on %s", i, in, w.sev, w.day)
		}
	}
	if _, err := s.CheckCommitment(ctx, risk.Actor{UserID: 2, Login: "x", Role: risk.RoleOfficer, Dept: "hn-amr"}, iv.ID, Check{Commitment: 1, Rev: 4}); !errors.Is(err, risk.ErrForbidden) {
		t.Fatalf("a department that did not take part: %v", err)
	}
}
