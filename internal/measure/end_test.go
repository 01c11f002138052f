package measure_test

import (
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
)

// TestEndWith checks which measures end with their warning, through the
// lifecycle, each with its own audit entry: no database needed.
func TestEndWith(t *testing.T) {
	ms := []*measure.Measure{
		{ID: 9, Type: "defect-recall", Status: measure.StatusInForce, Rev: 4},
		{ID: 3, Type: "trace-investigation", Status: measure.StatusPlanned, Rev: 1},
		{ID: 5, Type: "defect-recall", Status: measure.StatusInForce, Keep: true, Rev: 2}, // kept explicitly
		{ID: 6, Type: "defect-recall", Status: measure.StatusCompleted, Rev: 3},           // over already
		{ID: 7, Type: "defect-recall", Status: measure.StatusLifted, Rev: 3},
	}
	by := audit.New(risk.Actor{Login: "approver", UserID: 12, Dept: "cs-customs", Role: risk.RoleApprover}, "warning.lift", "warning", 40, "预警解除")
	ends, err := measure.EndWith(40, ms, by)
	if err != nil {
		t.Fatal(err)
	}
	if len(ends) != 2 || ends[0].ID != 3 || ends[1].ID != 9 {
		t.Fatalf("ends = %+v, want measures 3 and 9, by ID", ends)
	}
	for _, e := range ends {
		if e.Status != string(measure.StatusLifted) {
			t.Errorf("measure %d ends %q, want lifted", e.ID, e.Status)
		}
		a := e.Audit
		if a.Action != "measure.lift" || a.Entity != "measure" || a.EntityID != e.ID || a.Actor != by.Actor || a.ActorID != 12 || a.Dept != "cs-customs" {
			t.Errorf("audit of measure %d = %+v", e.ID, a)
		}
	}
	if ends[0].Rev != 1 || ends[1].Rev != 4 {
		t.Errorf("revisions %d, %d: want those read (1, 4)", ends[0].Rev, ends[1].Rev)
	}
	want := "预警 40 结束，措施“追溯调查”随之解除 / measure “Trace investigation” lifted with warning 40"
	if ends[0].Audit.Summary != want {
		t.Errorf("summary %q, want %q", ends[0].Audit.Summary, want)
	}
}
