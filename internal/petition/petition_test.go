package petition

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

const (
	firm  = "91430100MA4L1A2B3X"
	other = "91512081MA62K0260E"
)

var t0 = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)

// world is three fireworks consignments of the firm, one of another firm,
// each inspected and passed a day apart after t0.
func world() Evidence {
	ev := Evidence{Declarations: map[string]*screening.Declaration{}, Results: map[string][]*inspection.Inspection{}}
	for i, owner := range []string{firm, firm, firm, other} {
		n := fmt.Sprintf("49002026100000%d", i+1)
		d := &screening.Declaration{Number: n, Direction: "export", ConsignorUSCC: owner, DeclaredAt: t0.AddDate(0, 0, i),
			Lines: []screening.Line{{HSCode: "3604100000", Name: "组合烟花", ManufacturerUSCC: owner}, {HSCode: "9503001000", Name: "玩具车"}}}
		ev.Declarations[n] = d
		ref := inspection.LineRef(n, 0)
		ev.Results[ref] = []*inspection.Inspection{{ID: risk.ID(i + 1), Kind: inspection.KindInspection, Result: inspection.ResultPass,
			InspectedAt: t0.AddDate(0, 0, i+1), DeclarationRef: ref, Lot: d.LineLot(0)}}
	}
	return ev
}

var scope = warning.Scope{HSPrefixes: []string{"3604"}}

func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var re *risk.Error
	if !errors.As(err, &re) || !errors.Is(err, risk.ErrInvalid) {
		t.Fatalf("want a validation error, got %v", err)
	}
	if len(re.Details) > 0 {
		return re.Details[0].Field
	}
	return re.Field
}

func TestCheckEvidence(t *testing.T) {
	ev := world()
	cs, err := CheckEvidence(firm, scope, t0, []string{"490020261000003", "490020261000001", "490020261000002"}, ev)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 3 || cs[0].Number != "490020261000001" || cs[0].Goods != "组合烟花" || cs[0].Results != 1 {
		t.Fatalf("consignments = %+v", cs)
	}

	tests := []struct {
		name    string
		numbers []string
		edit    func(ev *Evidence)
		since   time.Time
		field   string
	}{
		{name: "another firm's", numbers: []string{"490020261000001", "490020261000004"}, field: "declarations[1]"},
		{name: "unknown", numbers: []string{"490020269999999"}, field: "declarations[0]"},
		{name: "twice", numbers: []string{"490020261000001", "490020261000001"}, field: "declarations[1]"},
		{name: "failed lot between breaks the run", numbers: []string{"490020261000001", "490020261000003"}, field: "declarations",
			edit: func(ev *Evidence) {
				ev.Failures = []*inspection.Inspection{{Kind: inspection.KindLabTest, Result: inspection.ResultFail, InspectedAt: t0.AddDate(0, 0, 2).Add(time.Hour),
					Lot: warning.Lot{HSCode: "3604100000", Name: "组合烟花", USCC: firm}}}
			}},
		{name: "not inspected", numbers: []string{"490020261000002"}, field: "declarations[0]",
			edit: func(ev *Evidence) { delete(ev.Results, inspection.LineRef("490020261000002", 0)) }},
		{name: "failed itself", numbers: []string{"490020261000002"}, field: "declarations[0]",
			edit: func(ev *Evidence) {
				ev.Results[inspection.LineRef("490020261000002", 0)][0].Result = inspection.ResultFail
			}},
		{name: "out of scope", numbers: []string{"490020261000002"}, field: "declarations[0]",
			edit: func(ev *Evidence) { ev.Declarations["490020261000002"].Lines[0].HSCode = "9503001000" }},
		{name: "before the measure", numbers: []string{"490020261000001"}, since: t0.AddDate(0, 0, 5), field: "declarations[0]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev := world()
			if tt.edit != nil {
				tt.edit(&ev)
			}
			since := t0
			if !tt.since.IsZero() {
				since = tt.since
			}
			_, err := CheckEvidence(firm, scope, since, tt.numbers, ev)
			if got := fieldOf(t, err); got != tt.field {
				t.Errorf("field = %q, want %q (%v)", got, tt.field, err)
			}
		})
	}

	// Another firm's failure, a failure outside the scope and one before
	// the run do not break it; a superseded one neither.
	ev = world()
	ev.Failures = []*inspection.Inspection{
		{Result: inspection.ResultFail, InspectedAt: t0.AddDate(0, 0, 2), Lot: warning.Lot{HSCode: "3604100000", Name: "烟花", USCC: other}},
		{Result: inspection.ResultFail, InspectedAt: t0.AddDate(0, 0, 2), Lot: warning.Lot{HSCode: "9503001000", Name: "玩具车", USCC: firm}},
		{Result: inspection.ResultFail, InspectedAt: t0, Lot: warning.Lot{HSCode: "3604100000", Name: "烟花", USCC: firm}},
		{Result: inspection.ResultFail, InspectedAt: t0.AddDate(0, 0, 2), SupersededBy: 9, Lot: warning.Lot{HSCode: "3604100000", Name: "烟花", USCC: firm}},
	}
	if _, err := CheckEvidence(firm, scope, t0, []string{"490020261000001", "490020261000002", "490020261000003"}, ev); err != nil {
		t.Errorf("unrelated failures broke the run: %v", err)
	}
}

func TestMachine(t *testing.T) {
	for _, tt := range []struct {
		from   Status
		action string
		want   Status
		ok     bool
	}{
		{StatusSubmitted, ActAccept, StatusAccepted, true},
		{StatusSubmitted, ActRequestMore, StatusMoreRequested, true},
		{StatusSubmitted, ActReject, StatusRejected, true},
		{StatusMoreRequested, ActResubmit, StatusSubmitted, true},
		{StatusMoreRequested, ActAccept, "", false},
		{StatusAccepted, ActReject, "", false},
		{StatusRejected, ActResubmit, "", false},
	} {
		got, err := Machine.Step(string(tt.from), tt.action)
		if (err == nil) != tt.ok || tt.ok && Status(got) != tt.want {
			t.Errorf("%s —%s→ %q, %v", tt.from, tt.action, got, err)
		}
	}
	for _, s := range Machine.States() {
		if zh, _ := Status(s).Label(); zh == s {
			t.Errorf("status %s has no label", s)
		}
	}
}

func TestCanRead(t *testing.T) {
	p := &Petition{EnterpriseID: 7, Dept: "cs-customs", IssuerDept: "cs-customs"}
	for _, tt := range []struct {
		a            risk.Actor
		read, review bool
	}{
		{risk.Actor{UserID: 1, Role: risk.RoleEnterprise, EnterpriseID: 7}, true, false},
		{risk.Actor{UserID: 1, Role: risk.RoleEnterprise, EnterpriseID: 8}, false, false},
		{risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}, true, true},
		{risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "hn-amr"}, false, false},
		{risk.Actor{UserID: 1, Role: risk.RoleApprover, Dept: "cs-customs"}, true, false},
		{risk.Actor{UserID: 1, Role: risk.RoleAdmin}, true, false},
		{risk.Actor{UserID: 1, Role: risk.RoleInspector, Dept: "cs-customs"}, false, false},
		{risk.Anonymous, false, false},
	} {
		if got := CanRead(tt.a, p); got != tt.read {
			t.Errorf("CanRead(%s %s) = %v", tt.a.Role, tt.a.Dept, got)
		}
		if got := CanReview(tt.a, p); got != tt.review {
			t.Errorf("CanReview(%s %s) = %v", tt.a.Role, tt.a.Dept, got)
		}
	}
}
