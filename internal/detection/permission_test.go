package detection_test

import (
	"testing"

	"riskgate/internal/detection"
	"riskgate/internal/risk"
)

func TestCanChange(t *testing.T) {
	d := &detection.Detector{Dept: "cs-customs"}
	for _, r := range []struct {
		name string
		a    risk.Actor
		d    *detection.Detector
		want bool
	}{
		{"officer of its department", risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}, d, true},
		{"officer elsewhere", risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "gz-customs"}, d, false},
		{"officer without a department, detector without one", risk.Actor{UserID: 3, Role: risk.RoleOfficer}, &detection.Detector{}, false},
		{"approver of its department", risk.Actor{UserID: 4, Role: risk.RoleApprover, Dept: "cs-customs"}, d, false},
		{"administrator", risk.Actor{UserID: 5, Role: risk.RoleAdmin}, d, true},
		{"system", risk.System, d, true},
		{"anonymous", risk.Anonymous, d, false},
	} {
		if got := detection.CanChange(r.a, r.d); got != r.want {
			t.Errorf("%s: CanChange = %v, want %v", r.name, got, r.want)
		}
	}
}
