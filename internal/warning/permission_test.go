package warning_test

import (
	"testing"

	"riskgate/internal/casefile"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

func TestPermissions(t *testing.T) {
	var (
		officer   = risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}
		stranger  = risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "gz-customs"}
		approver  = risk.Actor{UserID: 3, Role: risk.RoleApprover, Dept: "cs-customs"}
		elsewhere = risk.Actor{UserID: 4, Role: risk.RoleApprover, Dept: "gz-customs"}
		inspector = risk.Actor{UserID: 5, Role: risk.RoleInspector, Dept: "cs-customs"}
		admin     = risk.Actor{UserID: 6, Role: risk.RoleAdmin}
		open      = &casefile.Case{Dept: "cs-customs", Status: casefile.StatusOpen}
		closed    = &casefile.Case{Dept: "cs-customs", Status: casefile.StatusClosed}
	)
	const dept = "cs-customs"
	for _, r := range []struct {
		name string
		got  bool
		want bool
	}{
		{"CanWrite officer", warning.CanWrite(officer, dept), true},
		{"CanWrite officer elsewhere", warning.CanWrite(stranger, dept), false},
		{"CanWrite approver", warning.CanWrite(approver, dept), false},
		{"CanWrite inspector", warning.CanWrite(inspector, dept), false},
		{"CanWrite administrator", warning.CanWrite(admin, dept), false}, // holds no warning.write
		{"CanWrite system", warning.CanWrite(risk.System, dept), true},

		{"CanApprove approver", warning.CanApprove(approver, dept), true},
		{"CanApprove approver elsewhere", warning.CanApprove(elsewhere, dept), false},
		{"CanApprove officer", warning.CanApprove(officer, dept), false},
		{"CanApprove administrator", warning.CanApprove(admin, dept), false},
		{"CanApprove system", warning.CanApprove(risk.System, dept), true},

		{"CanHandle officer", warning.CanHandle(officer, dept), true},
		{"CanHandle approver", warning.CanHandle(approver, dept), true},
		{"CanHandle officer elsewhere", warning.CanHandle(stranger, dept), false},
		{"CanHandle inspector", warning.CanHandle(inspector, dept), false},

		{"CanDraft officer, open case", warning.CanDraft(officer, open), true},
		{"CanDraft officer, closed case", warning.CanDraft(officer, closed), false},
		{"CanDraft officer elsewhere", warning.CanDraft(stranger, open), false},
		{"CanDraft approver", warning.CanDraft(approver, open), false},
	} {
		if r.got != r.want {
			t.Errorf("%s = %v, want %v", r.name, r.got, r.want)
		}
	}
}
