package risk

import "testing"

func TestCan(t *testing.T) {
	type row struct {
		a    Actor
		want map[Permission]bool
	}
	officer := Actor{UserID: 1, Login: "o", Role: RoleOfficer, Dept: "cs-customs"}
	rows := []row{
		{Anonymous, map[Permission]bool{PermCatalogRead: true, PermEnterpriseRead: false, PermDashboard: false, PermAuditRead: false}},
		{officer, map[Permission]bool{PermEnterpriseWrite: true, PermUserAdmin: false, PermAuditRead: false, PermDeclarationScreen: true, PermInspectionWrite: false}},
		{Actor{UserID: 6, Role: RoleInspector}, map[Permission]bool{PermDeclarationScreen: true, PermInspectionWrite: true}},
		{Actor{UserID: 7, Role: RoleEnterprise}, map[Permission]bool{PermDeclarationScreen: false, PermDeclarationRead: false}},
		{Actor{UserID: 2, Role: RoleApprover}, map[Permission]bool{PermEnterpriseRead: true, PermEnterpriseWrite: false}},
		{Actor{UserID: 3, Role: RoleLab}, map[Permission]bool{PermEnterpriseRead: false, PermCatalogRead: true}},
		{Actor{UserID: 4, Role: RoleAdmin}, map[Permission]bool{PermUserAdmin: true, PermAuditRead: true}},
		{Actor{UserID: 5, Role: Role("intruder")}, map[Permission]bool{PermCatalogRead: false, PermDashboard: false}},
		{System, map[Permission]bool{PermUserAdmin: true, Permission("anything.new"): true}},
	}
	for _, r := range rows {
		for p, want := range r.want {
			if got := Can(r.a, p); got != want {
				t.Errorf("Can(%s/%s, %s) = %v, want %v", r.a.Label(), r.a.Role, p, got, want)
			}
		}
	}
}

func TestValidationCollects(t *testing.T) {
	var v Validation
	if v.Err() != nil {
		t.Fatal("empty validation is an error")
	}
	v.Add("a", "甲错。", "a is wrong.")
	v.AddErr("b", Invalid("b", "乙错。", "b is wrong."))
	err := v.Err()
	e, ok := AsError(err)
	if !ok || e.Field != "a" || len(e.Details) != 2 || e.Details[1].Message != "乙错。 / b is wrong." {
		t.Fatalf("validation error %+v", e)
	}
}
