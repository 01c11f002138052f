package assess_test

import (
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/risk"
)

func TestPermissions(t *testing.T) {
	var (
		officer   = risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}
		stranger  = risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "gz-customs"}
		approver  = risk.Actor{UserID: 3, Role: risk.RoleApprover, Dept: "cs-customs"}
		elsewhere = risk.Actor{UserID: 4, Role: risk.RoleApprover, Dept: "gz-customs"}
		admin     = risk.Actor{UserID: 5, Role: risk.RoleAdmin}
		open      = &casefile.Case{Dept: "cs-customs", Status: casefile.StatusOpen}
		closed    = &casefile.Case{Dept: "cs-customs", Status: casefile.StatusClosed}
		draft     = &assess.Assessment{Dept: "cs-customs", Status: assess.StatusDraft}
		returned  = &assess.Assessment{Dept: "cs-customs", Status: assess.StatusReturned}
		submitted = &assess.Assessment{Dept: "cs-customs", Status: assess.StatusSubmitted}
	)
	for _, r := range []struct {
		name string
		got  bool
		want bool
	}{
		{"CanWrite officer", assess.CanWrite(officer, open), true},
		{"CanWrite officer, closed case", assess.CanWrite(officer, closed), true},
		{"CanWrite officer elsewhere", assess.CanWrite(stranger, open), false},
		{"CanWrite approver", assess.CanWrite(approver, open), false},
		{"CanWrite administrator", assess.CanWrite(admin, open), false}, // holds no assessment.write
		{"CanWrite system", assess.CanWrite(risk.System, open), true},

		{"CanDraft officer", assess.CanDraft(officer, open), true},
		{"CanDraft officer, closed case", assess.CanDraft(officer, closed), false},
		{"CanDraft officer elsewhere", assess.CanDraft(stranger, open), false},

		{"CanEdit draft", assess.CanEdit(officer, open, draft), true},
		{"CanEdit returned", assess.CanEdit(officer, open, returned), true},
		{"CanEdit submitted", assess.CanEdit(officer, open, submitted), false},
		{"CanEdit draft, closed case", assess.CanEdit(officer, closed, draft), false},
		{"CanEdit draft, officer elsewhere", assess.CanEdit(stranger, open, draft), false},

		{"CanDecide approver", assess.CanDecide(approver, submitted), true},
		{"CanDecide approver elsewhere", assess.CanDecide(elsewhere, submitted), false},
		{"CanDecide officer", assess.CanDecide(officer, submitted), false},
		{"CanDecide administrator", assess.CanDecide(admin, submitted), false},
		{"CanDecide system", assess.CanDecide(risk.System, submitted), true},
	} {
		if r.got != r.want {
			t.Errorf("%s = %v, want %v", r.name, r.got, r.want)
		}
	}
}
