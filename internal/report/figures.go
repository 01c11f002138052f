package report

import (
	"riskgate/internal/inspection"
	"riskgate/internal/warning"
)

// Counts are a group's records over a period as the store counts them;
// FiguresOf works out what a report says from them.
type Counts struct {
	Results  map[string]int // inspections by result
	Causes   map[string]int // failed inspections by hazard of the signal they raised ("" unclassified)
	Findings []string       // the latest failures' findings, newest first
	Channels map[string]int // signals by channel
	Hazards  map[string]int // classified signals by hazard
	Issued   int            // warnings covering the group issued in the period
	ByGrade  map[string]int // of those issued
	// InForce are the warnings covering the group in force at some time in
	// the period, of every class and status.
	InForce []WarningBrief
	// Measures counts by type the measures started in the period under
	// those warnings; nil when there are none of those.
	Measures map[string]int
	Trend    []MonthCounts // twelve months ending with the period
	// SamplePoints are the monitoring samples of the group taken in the
	// period with their results in, by monitoring point.
	SamplePoints []PointCounts
}

// PointCounts are a monitoring point's samples by result.
type PointCounts struct {
	Point        string
	Passed, Fail int
}

// MonthCounts are the counts of one month of the trend.
type MonthCounts struct {
	Month    string         // 2026-11
	Results  map[string]int // inspections by result
	Signals  int
	Warnings int // issued
}

// FiguresOf works out a report's figures from the counts: pass rates,
// rankings, totals, and the warnings it names.
func FiguresOf(c Counts) Figures {
	f := Figures{Passed: c.Results[inspection.ResultPass], Failed: c.Results[inspection.ResultFail], Findings: c.Findings,
		Causes: Sorted(c.Causes), ByChannel: Sorted(c.Channels), ByHazard: Sorted(c.Hazards), Issued: c.Issued,
		InForce: len(c.InForce), ByGrade: Sorted(c.ByGrade), Warnings: Named(c.InForce)}
	f.Inspections = f.Passed + f.Failed
	if f.Inspections > 0 {
		f.PassRate = float64(f.Passed) / float64(f.Inspections)
	}
	for _, x := range f.ByChannel {
		f.Signals += x.Count
	}
	if c.Measures != nil {
		f.ByMeasure = Sorted(c.Measures)
		for _, x := range f.ByMeasure {
			f.Measures += x.Count
		}
	}
	f.ByPoint = []PointRate{}
	for _, pc := range c.SamplePoints {
		r := PointRate{Point: pc.Point, Samples: pc.Passed + pc.Fail, Failed: pc.Fail}
		r.PassRate = float64(pc.Passed) / float64(max(r.Samples, 1))
		f.Samples += r.Samples
		f.SamplesFailed += r.Failed
		f.ByPoint = append(f.ByPoint, r)
	}
	if f.Samples > 0 {
		f.SamplePassRate = float64(f.Samples-f.SamplesFailed) / float64(f.Samples)
	}
	for _, mc := range c.Trend {
		m := Month{Month: mc.Month, Signals: mc.Signals, Warnings: mc.Warnings}
		pass, fail := mc.Results[inspection.ResultPass], mc.Results[inspection.ResultFail]
		m.Inspections, m.Failed = pass+fail, fail
		if m.Inspections > 0 {
			m.PassRate = float64(pass) / float64(m.Inspections)
		}
		f.Trend = append(f.Trend, m)
	}
	return f
}

// Named returns the warnings a report names: public announcements only (a
// report is read by officials of any department, and 通报 and 通告 are
// for their recipients; a referred announcement is not issued yet). The
// others are counted only.
func Named(ws []WarningBrief) []WarningBrief {
	var out []WarningBrief
	for _, w := range ws {
		if w.Class == string(warning.ClassAnnouncement) && w.Status != string(warning.StatusReferred) {
			out = append(out, w)
		}
	}
	return out
}
