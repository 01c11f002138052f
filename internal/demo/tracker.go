package demo

import (
	"fmt"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/risk"
	"riskgate/internal/tracker"
)

// The tracker story of the whole demo: every unit that answers for a task
// has reported each quarter of the tracking year whose deadline has
// passed, two working days before the deadline — all but 省市场监管局 on
// task 11 (缺陷召回, which it leads) for the last of them, the one overdue
// report; of a quarter still within its deadline only 长沙海关 has
// reported. The figures come from the rest of the demo's records.
const (
	// TrackerOverdueTask and TrackerOverdueUnit are the one report overdue.
	TrackerOverdueTask = "T11"
	TrackerOverdueUnit = "hn-amr"
)

// reporters are the demo accounts that report for their units; the other
// units' reports are entered by the system.
var reporters = map[string]string{"cs-customs": "officer", "hn-amr": MarketOfficer.Login}

// trackerText is a unit's report on a task for a quarter.
func trackerText(t *tracker.Task, u tracker.Unit, q tracker.Quarter) tracker.ReportInput {
	zh, _ := q.Label()
	in := tracker.ReportInput{Task: t.Code, Unit: u.Code, Quarter: q.String(),
		Progress: fmt.Sprintf("%s，%s按职责分工推进“%s”，将本任务纳入本单位年度重点工作，明确分管负责人和具体责任处室，按季度调度。", zh, u.NameZh, t.Title),
		Next:     "下季度继续按方案要求推进，并与牵头单位做好信息共享。"}
	if t.LeadNamed && u.Role == tracker.RoleLead {
		in.Progress = fmt.Sprintf("%s，%s牵头推进“%s”，会同配合单位召开工作调度会，各项量化指标按本系统记录逐项跟踪。", zh, u.NameZh, t.Title)
		in.Problems = "部分配合单位信息报送不够及时。"
	}
	return in
}

// planTracker plans the units' quarterly reports.
func (d *demo) planTracker() error {
	svc := d.a.Services.Tracker
	have, err := d.a.DB.Tracker().Reports(d.ctx, tracker.ReportFilter{})
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, r := range have {
		done[r.Task+" "+r.Unit+" "+r.Quarter] = true
	}
	cal, err := svc.Calendar.Calendar(d.ctx)
	if err != nil {
		return err
	}
	tasks, err := tracker.Plan()
	if err != nil {
		return err
	}
	// The last quarter whose deadline has passed holds the overdue one.
	var last tracker.Quarter
	type round struct {
		q        tracker.Quarter
		deadline time.Time
	}
	var rounds []round
	for _, q := range tracker.Rounds(d.tl.today) {
		dl, err := tracker.Deadline(cal, q)
		if err != nil {
			continue // a year the calendar does not hold: not tracked
		}
		rounds = append(rounds, round{q, dl})
		if !dl.After(d.tl.today) {
			last = q
		}
	}
	for _, r := range rounds {
		passed := !r.deadline.After(d.tl.today)
		// Two working days before the deadline's last day, at 10:00.
		at, err := workdaysBefore(cal, r.deadline.AddDate(0, 0, -1), 2)
		if err != nil {
			return err
		}
		at = at.Add(10 * time.Hour)
		if !passed {
			at = d.tl.today.AddDate(0, 0, -1).Add(10 * time.Hour)
		}
		for _, t := range tasks {
			for i, u := range t.Answering() {
				switch {
				case done[t.Code+" "+u.Code+" "+r.q.String()]:
					continue
				case r.q == last && t.Code == TrackerOverdueTask && u.Code == TrackerOverdueUnit:
					continue
				case !passed && u.Code != "cs-customs":
					continue
				}
				in := trackerText(t, u, r.q)
				actor := risk.System
				if login, ok := reporters[u.Code]; ok {
					actor = d.as(login)
				}
				when := at.Add(time.Duration(i) * time.Minute)
				d.tl.add(when, "tracker report "+t.Code+" "+u.Code+" "+r.q.String(), func() error {
					_, err := svc.Submit(d.ctx, actor, in)
					return err
				})
			}
		}
	}
	return nil
}

// workdaysBefore is the n-th working day before day.
func workdaysBefore(cal *calendar.Calendar, day time.Time, n int) (time.Time, error) {
	d := risk.Day(day)
	for n > 0 {
		d = d.AddDate(0, 0, -1)
		w, err := cal.IsWorkday(d)
		if err != nil {
			return time.Time{}, err
		}
		if w {
			n--
		}
	}
	return d, nil
}
