package report_test

import (
	"testing"

	"riskgate/internal/report"
	"riskgate/internal/risk"
)

// TestNamed checks the disclosure rule: a report names public
// announcements only. No database needed.
func TestNamed(t *testing.T) {
	ws := []report.WarningBrief{
		{ID: 1, Class: "announcement", Status: "issued"},
		{ID: 2, Class: "announcement", Status: "referred"}, // not issued yet
		{ID: 3, Class: "notice", Status: "issued"},         // for its addressees
		{ID: 4, Class: "bulletin", Status: "issued"},       // for its recipients
		{ID: 5, Class: "announcement", Status: "lifted"},   // was public
		{ID: 6, Class: "announcement", Status: "expired"},
	}
	got := report.Named(ws)
	var ids []risk.ID
	for _, w := range got {
		ids = append(ids, w.ID)
	}
	if len(ids) != 3 || ids[0] != 1 || ids[1] != 5 || ids[2] != 6 {
		t.Errorf("named %v, want [1 5 6]", ids)
	}
	if report.Named(ws[1:4]) != nil {
		t.Errorf("none to name: want nil")
	}
}

// TestFiguresOf checks what a report says of its counts.
func TestFiguresOf(t *testing.T) {
	c := report.Counts{
		Results:  map[string]int{"pass": 6, "fail": 2},
		Causes:   map[string]int{"burns": 1, "": 1},
		Findings: []string{"火焰过高"},
		Channels: map[string]int{"complaint": 3, "inspection": 5},
		Hazards:  map[string]int{"burns": 4},
		Issued:   2,
		ByGrade:  map[string]int{"II": 1, "III": 1},
		InForce:  []report.WarningBrief{{ID: 1, Class: "announcement", Status: "issued"}, {ID: 2, Class: "notice", Status: "issued"}},
		Measures: map[string]int{"defect-recall": 2, "raised-inspection": 1},
		Trend: []report.MonthCounts{
			{Month: "2026-10", Results: map[string]int{"pass": 1, "fail": 3}, Signals: 2, Warnings: 1},
			{Month: "2026-11"},
		},
	}
	f := report.FiguresOf(c)
	if f.Inspections != 8 || f.Passed != 6 || f.Failed != 2 || f.PassRate != 0.75 {
		t.Errorf("inspections %d passed %d failed %d rate %v", f.Inspections, f.Passed, f.Failed, f.PassRate)
	}
	if f.Signals != 8 || f.ByChannel[0].Code != "inspection" || f.ByHazard[0].Count != 4 || len(f.Causes) != 2 {
		t.Errorf("signals %d by channel %v by hazard %v causes %v", f.Signals, f.ByChannel, f.ByHazard, f.Causes)
	}
	if f.Issued != 2 || f.InForce != 2 || len(f.Warnings) != 1 || f.Warnings[0].ID != 1 || len(f.ByGrade) != 2 {
		t.Errorf("issued %d in force %d named %v by grade %v", f.Issued, f.InForce, f.Warnings, f.ByGrade)
	}
	if f.Measures != 3 || f.ByMeasure[0].Code != "defect-recall" {
		t.Errorf("measures %d %v", f.Measures, f.ByMeasure)
	}
	if len(f.Trend) != 2 || f.Trend[0].Inspections != 4 || f.Trend[0].Failed != 3 || f.Trend[0].PassRate != 0.25 || f.Trend[1].PassRate != 0 {
		t.Errorf("trend %+v", f.Trend)
	}
	if f.Samples != 0 || len(f.ByPoint) != 0 || f.SamplePassRate != 0 {
		t.Errorf("no samples: %d %v %v", f.Samples, f.ByPoint, f.SamplePassRate)
	}
	c.SamplePoints = []report.PointCounts{{Point: "醴陵日用陶瓷产业园", Passed: 3, Fail: 1}, {Point: "高桥", Passed: 4}}
	if f := report.FiguresOf(c); f.Samples != 8 || f.SamplesFailed != 1 || f.SamplePassRate != 0.875 || len(f.ByPoint) != 2 ||
		f.ByPoint[0].PassRate != 0.75 || f.ByPoint[1].Samples != 4 || f.ByPoint[1].PassRate != 1 {
		t.Errorf("samples %d failed %d rate %v by point %+v", f.Samples, f.SamplesFailed, f.SamplePassRate, f.ByPoint)
	}
	c.Measures = nil
	if f := report.FiguresOf(c); f.ByMeasure != nil || f.Measures != 0 {
		t.Errorf("no warnings in force: by measure %v, want nil", f.ByMeasure)
	}
}
