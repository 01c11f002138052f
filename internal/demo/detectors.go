package demo

import (
	"riskgate/internal/risk"
	"time"

	"riskgate/internal/detection"
	"riskgate/internal/foreign"
	"riskgate/internal/injury"
)

// replay is a detector of the whole demo and the weeks it is run over: the
// records are historical, so the detector is run as it would have been
// each week then (eight weeks a run, as a server catching up does), and
// is left switched off, its page showing the weeks up to its last run.
type replay struct {
	in         detection.Input
	from, last string // Mondays of the first and last weeks evaluated
}

var (
	inactive  = false
	fourWeeks = 28
)

var replays = []replay{
	// The RASFF notifications per country of origin and hazard (those of
	// Chinese origin among them). The weeks start after 2024-01-01, the
	// date every 2024 Safety Gate alert of the sample carries (it gives
	// the year only), so that no alarm is an artefact of that date. Over
	// some 1,200 series, α = 0.01 and a signal at most once in four weeks
	// per series keep the queue to the notable ones.
	{detection.Input{Name: "RASFF 通报：原产地 × 危害（周，Farrington 灵活法）", GroupBy: []string{detection.DimOrigin, detection.DimHazard},
		Channels: []string{foreign.Channel}, Period: detection.Week, Method: "farringtonFlexible", Params: map[string]string{"b": "3", "alpha": "0.01"},
		SuppressDays: &fourWeeks, Active: &inactive},
		"2024-01-08", "2024-10-21"},
	// The NEISS fireworks injuries: the July-4 peaks and the 2020 surge,
	// the weeks of R's reference run (t = 162…260, b = 3).
	{detection.Input{Name: "美国 NEISS 烟花爆竹伤害病例（周，Farrington 灵活法）", GroupBy: []string{detection.DimHSHeading},
		Channels: []string{injury.Channel}, Period: detection.Week, Method: "farringtonFlexible", Params: map[string]string{"b": "3"}, Active: &inactive},
		"2019-02-04", "2020-12-21"},
}

// planDetectors plans the detectors that do not exist yet: configured by
// the officer, then run over their weeks.
func (d *demo) planDetectors() error {
	ds, err := d.a.Detection.List(d.ctx, d.as("officer"))
	if err != nil {
		return err
	}
	have := map[string]bool{}
	for _, x := range ds {
		have[x.Name] = true
	}
	for _, r := range replays {
		if have[r.in.Name] {
			continue
		}
		d.tl.add(d.tl.at(dayDetect, 11, 0), "detector "+r.in.Name, func() error {
			off := d.as("officer")
			x, err := d.a.Detection.Create(d.ctx, off, r.in)
			if err != nil {
				return err
			}
			first, _ := time.ParseInLocation(time.DateOnly, r.from, risk.China)
			last, _ := time.ParseInLocation(time.DateOnly, r.last, risk.China)
			// A run at 02:00 on a Monday evaluates the week before it.
			at := first.AddDate(0, 0, 7).Add(2 * time.Hour)
			end := last.AddDate(0, 0, 7).Add(2 * time.Hour)
			svc := &detection.Service{Store: d.a.DB.Detection(), Now: func() time.Time { return at }}
			raised := 0
			for {
				res, err := svc.Run(d.ctx, off, x.ID)
				if err != nil {
					return err
				}
				raised += res.Raised
				if !at.Before(end) {
					break
				}
				if at = at.AddDate(0, 0, 7*detection.MaxCatchUp); at.After(end) {
					at = end
				}
			}
			d.a.Log.Info("demo detector run", "detector", x.Name, "signals_raised", raised)
			return nil
		})
	}
	return nil
}
