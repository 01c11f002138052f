package risk

import "testing"

func TestSeesAll(t *testing.T) {
	for _, c := range []struct {
		a    Actor
		want bool
	}{
		{System, true},
		{Actor{UserID: 1, Role: RoleAdmin}, true},
		{Actor{UserID: 1, Role: RoleAdmin, Dept: "cs-customs"}, true},
		{Actor{UserID: 2, Role: RoleOfficer, Dept: "cs-customs"}, false},
		{Actor{UserID: 3, Role: RoleApprover}, false},
		{Actor{UserID: 4, Role: RoleInspector}, false},
		{Actor{UserID: 5, Role: RoleEnterprise, EnterpriseID: 9}, false},
		{Actor{UserID: 6, Role: RoleLab, LabID: 9}, false},
		{Anonymous, false},
	} {
		if got := c.a.SeesAll(); got != c.want {
			t.Errorf("%s/%s SeesAll() = %v, want %v", c.a.Label(), c.a.Role, got, c.want)
		}
	}
}
