package petition

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/enterprise"
	"riskgate/internal/inspection"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
	"riskgate/internal/warning"
)

// fakes: one firm, warnings and measures by id, no declarations; the
// store keeps what it is given.
type fakes struct {
	ws    map[risk.ID]*warning.Warning
	ms    map[risk.ID]*measure.Measure
	saved []*Petition
}

func (f *fakes) Get(ctx context.Context, id risk.ID) (*enterprise.Enterprise, error) {
	return &enterprise.Enterprise{ID: 7, USCC: firm, NameZh: "湘江烟花"}, nil
}
func (f *fakes) Lookup(ctx context.Context, id risk.ID) (*warning.Warning, error) {
	if w, ok := f.ws[id]; ok {
		return w, nil
	}
	return nil, risk.Errorf(risk.ErrNotFound, "none")
}

type fakeMeasures struct{ *fakes }

func (f fakeMeasures) Get(ctx context.Context, id risk.ID) (*measure.Measure, error) {
	if m, ok := f.ms[id]; ok {
		return m, nil
	}
	return nil, risk.Errorf(risk.ErrNotFound, "none")
}
func (f fakeMeasures) List(ctx context.Context, mf measure.Filter) ([]*measure.Measure, error) {
	var out []*measure.Measure
	for _, m := range f.ms {
		if m.WarningID == mf.WarningID {
			out = append(out, m)
		}
	}
	return out, nil
}

type fakeStore struct{ *fakes }

func (f fakeStore) Create(ctx context.Context, p *Petition, ae audit.Entry) error {
	p.ID = risk.ID(len(f.saved) + 1)
	f.fakes.saved = append(f.fakes.saved, p)
	return nil
}
func (f fakeStore) Get(ctx context.Context, id risk.ID) (*Petition, error) {
	return nil, errors.New("unused")
}
func (f fakeStore) List(ctx context.Context, pf Filter) ([]*Petition, int, error) {
	return nil, 0, nil
}
func (f fakeStore) Update(ctx context.Context, p *Petition, fx Effects) error { return nil }

type noEvidence struct{}

func (noEvidence) Get(ctx context.Context, n string) (*screening.Stored, error) {
	return nil, risk.Errorf(risk.ErrNotFound, "none")
}
func (noEvidence) ByDeclaration(ctx context.Context, refs []string) ([]*inspection.Inspection, error) {
	return nil, nil
}
func (noEvidence) FailedSince(ctx context.Context, t time.Time) ([]*inspection.Inspection, error) {
	return nil, nil
}

// TestWhatConcernsTheFirm: a firm petitions against a 通告 addressed to it
// or naming it and against a measure naming it, even under a 通报; not
// against the 通报 itself, another firm's 通告, or a lifted measure.
func TestWhatConcernsTheFirm(t *testing.T) {
	issued := t0
	named := warning.Scope{HSPrefixes: []string{"3604"}, USCCs: []string{firm}}
	others := warning.Scope{HSPrefixes: []string{"3604"}, USCCs: []string{other}}
	f := &fakes{ws: map[risk.ID]*warning.Warning{
		1: {ID: 1, Class: warning.ClassNotice, Status: warning.StatusIssued, IssuedAt: &issued, Addressees: []risk.ID{7}, Scope: others, Dept: "cs-customs"},
		2: {ID: 2, Class: warning.ClassNotice, Status: warning.StatusIssued, IssuedAt: &issued, Scope: named, Dept: "cs-customs"},
		3: {ID: 3, Class: warning.ClassBulletin, Status: warning.StatusIssued, IssuedAt: &issued, Scope: named, Dept: "cs-customs"},
		4: {ID: 4, Class: warning.ClassNotice, Status: warning.StatusIssued, IssuedAt: &issued, Addressees: []risk.ID{8}, Scope: others, Dept: "cs-customs"},
		5: {ID: 5, Class: warning.ClassNotice, Status: warning.StatusLifted, IssuedAt: &issued, Addressees: []risk.ID{7}, Scope: named, Dept: "cs-customs"},
	}, ms: map[risk.ID]*measure.Measure{
		31: {ID: 31, WarningID: 3, Lead: "cs-customs", Status: measure.StatusInForce, StartsAt: t0},
		32: {ID: 32, WarningID: 3, Lead: "cs-customs", Status: measure.StatusInForce, StartsAt: t0, Scope: others},
		11: {ID: 11, WarningID: 1, Lead: "hn-amr", Status: measure.StatusLifted, StartsAt: t0},
	}}
	s := &Service{Store: fakeStore{f}, Firms: f, Measures: fakeMeasures{f}, Warnings: f, Declarations: noEvidence{}, Results: noEvidence{},
		Now: func() time.Time { return t0.Add(time.Hour) }}
	a := risk.Actor{UserID: 1, Role: risk.RoleEnterprise, EnterpriseID: 7}
	for _, tt := range []struct {
		name string
		in   Input
		kind error
	}{
		{"a 通告 addressed to it", Input{WarningID: 1}, nil},
		{"a 通告 naming it", Input{WarningID: 2}, nil},
		{"a 通报 naming it", Input{WarningID: 3}, risk.ErrInvalid},
		{"a measure of a 通报 naming it", Input{MeasureID: 31}, nil},
		{"a measure of that 通报 naming another firm", Input{MeasureID: 32}, risk.ErrInvalid},
		{"another firm's 通告", Input{WarningID: 4}, risk.ErrInvalid},
		{"a lifted 通告", Input{WarningID: 5}, risk.ErrConflict},
		{"a lifted measure", Input{MeasureID: 11}, risk.ErrConflict},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.in.Grounds = "已整改。"
			p, err := s.File(context.Background(), a, tt.in)
			if tt.kind == nil && err != nil || tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if err == nil && (p.Status != StatusSubmitted || p.EnterpriseID != 7 || p.Rev != 1) {
				t.Errorf("filed %+v", p)
			}
		})
	}
	if _, err := s.File(context.Background(), risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "cs-customs"}, Input{WarningID: 1, Grounds: "x"}); !errors.Is(err, risk.ErrForbidden) {
		t.Errorf("an officer files: %v", err)
	}
}
