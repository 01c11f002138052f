package casefile_test

import (
	"testing"

	"riskgate/internal/casefile"
	"riskgate/internal/risk"
)

func TestCanEdit(t *testing.T) {
	c := &casefile.Case{Dept: "cs-customs", Status: casefile.StatusOpen, SharedWith: []string{"gz-customs"}}
	for _, r := range []struct {
		name string
		a    risk.Actor
		want bool
	}{
		{"officer of the holding department", risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}, true},
		{"officer of a department it is shared with", risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "gz-customs"}, false},
		{"officer elsewhere", risk.Actor{UserID: 3, Role: risk.RoleOfficer, Dept: "sz-customs"}, false},
		{"administrator", risk.Actor{UserID: 4, Role: risk.RoleAdmin}, true},
		{"system", risk.System, true},
		{"approver of the holding department", risk.Actor{UserID: 5, Role: risk.RoleApprover, Dept: "cs-customs"}, false},
		{"inspector of the holding department", risk.Actor{UserID: 6, Role: risk.RoleInspector, Dept: "cs-customs"}, false},
		{"enterprise", risk.Actor{UserID: 7, Role: risk.RoleEnterprise, EnterpriseID: 1}, false},
		{"anonymous", risk.Anonymous, false},
	} {
		if got := casefile.CanEdit(r.a, c); got != r.want {
			t.Errorf("%s: CanEdit = %v, want %v", r.name, got, r.want)
		}
	}
}
