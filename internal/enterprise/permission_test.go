package enterprise_test

import (
	"testing"

	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

func TestCanEdit(t *testing.T) {
	for _, r := range []struct {
		name string
		a    risk.Actor
		want bool
	}{
		{"officer of the keeping department", risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}, true},
		{"officer elsewhere", risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "gz-customs"}, false},
		{"approver of the keeping department", risk.Actor{UserID: 3, Role: risk.RoleApprover, Dept: "cs-customs"}, false},
		{"administrator", risk.Actor{UserID: 4, Role: risk.RoleAdmin}, true},
		{"system", risk.System, true},
		{"enterprise", risk.Actor{UserID: 5, Role: risk.RoleEnterprise, EnterpriseID: 1}, false},
		{"anonymous", risk.Anonymous, false},
	} {
		if got := enterprise.CanEdit(r.a, "cs-customs"); got != r.want {
			t.Errorf("%s: CanEdit = %v, want %v", r.name, got, r.want)
		}
	}
}
