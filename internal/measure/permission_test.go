package measure_test

import (
	"testing"

	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

func TestCanRun(t *testing.T) {
	w := &warning.Warning{Dept: "cs-customs"}
	for _, r := range []struct {
		name string
		a    risk.Actor
		want bool
	}{
		{"officer of the issuing department", risk.Actor{UserID: 1, Role: risk.RoleOfficer, Dept: "cs-customs"}, true},
		{"officer elsewhere", risk.Actor{UserID: 2, Role: risk.RoleOfficer, Dept: "gz-customs"}, false},
		{"approver of the issuing department", risk.Actor{UserID: 3, Role: risk.RoleApprover, Dept: "cs-customs"}, false},
		{"inspector of the issuing department", risk.Actor{UserID: 4, Role: risk.RoleInspector, Dept: "cs-customs"}, false},
		{"administrator", risk.Actor{UserID: 5, Role: risk.RoleAdmin}, false}, // holds no measure.write
		{"system", risk.System, true},
		{"anonymous", risk.Anonymous, false},
	} {
		if got := measure.CanRun(r.a, w); got != r.want {
			t.Errorf("%s: CanRun = %v, want %v", r.name, got, r.want)
		}
	}
}
