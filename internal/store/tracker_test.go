package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/tracker"
)

// TestTrackerStore runs the implementation tracker on both engines: every
// metric counts on each engine, signals counted by channel over the
// tracking year only, a report refused for a unit not on the task with
// nothing written, a report stored with its audit entry in one
// transaction, a second one for the same quarter refused as a conflict,
// and the task's status from the stored reports: on time, overdue.
func TestTrackerStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		clock := func() time.Time { return now }
		db.Now = clock
		sets, err := catalog.BuiltinSets()
		if err != nil {
			t.Fatal(err)
		}
		officer := risk.Actor{UserID: 5, Login: "officer", Name: "李敏", Role: risk.RoleOfficer, Dept: "cs-customs"}
		signals := &signal.Service{Store: db.Signals(), Sets: sets, Now: clock}
		// Two signals of the tracking year on two channels, one before it.
		for _, in := range []signal.Input{
			{Channel: "12315", Description: "玩具小零件脱落", ReceivedAt: now.AddDate(0, -2, 0)},
			{Channel: "inter-department", Description: "市场监管部门通报打火机缺陷", ReceivedAt: now.AddDate(0, -5, 0)},
			{Channel: "12315", Description: "上年投诉", ReceivedAt: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)},
		} {
			if _, err := signals.Create(ctx, officer, []signal.Input{in}); err != nil {
				t.Fatal(err)
			}
		}
		since := tracker.Rounds(now)[0].Start()
		counts, err := db.Tracker().Count(ctx, tracker.Counted, since)
		if err != nil {
			t.Fatal(err)
		}
		if counts[tracker.MetricSignals] != 2 || counts[tracker.MetricSignalChannels] != 2 || counts[tracker.MetricSignalsShared] != 1 ||
			counts[tracker.MetricWarningsBulletin] != 0 || len(counts) != len(tracker.Counted) {
			t.Fatalf("counts %v", counts)
		}

		svc := &tracker.Service{Store: db.Tracker(), Now: clock}
		entries := func() int64 {
			n, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := entries()
		police := risk.Actor{UserID: 6, Login: "police", Role: risk.RoleOfficer, Dept: "hn-police"}
		_, err = svc.Submit(ctx, police, tracker.ReportInput{Task: "T02", Unit: "hn-police", Quarter: "2026Q3", Progress: "x"})
		if e, ok := risk.AsError(err); !ok || e.Field != "unit" || !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("unit not on the task: %v", err)
		}
		if rs, _ := db.Tracker().Reports(ctx, tracker.ReportFilter{}); len(rs) != 0 || entries() != before {
			t.Fatalf("the refusal wrote %d reports, %d entries", len(rs), entries()-before)
		}
		// 长沙海关 reports task 2 for every quarter of the tracking year but
		// 2026Q2, the last of them (2026Q3) late.
		for _, q := range []string{"2025Q4", "2026Q1", "2026Q3"} {
			if q == "2026Q3" {
				now = time.Date(2026, 11, 2, 2, 0, 0, 0, time.UTC)
			} else {
				now = tracker.Quarter{Year: 2026, Q: 1}.Start().UTC()
				if q == "2026Q1" {
					now = tracker.Quarter{Year: 2026, Q: 2}.Start().UTC()
				}
			}
			if _, err := svc.Submit(ctx, officer, tracker.ReportInput{Task: "T02", Unit: "cs-customs", Quarter: q, Progress: "采集风险信息。", Problems: "渠道尚不齐全。"}); err != nil {
				t.Fatal(q, err)
			}
		}
		now = time.Date(2026, 12, 4, 2, 0, 0, 0, time.UTC)
		if entries() != before+3 {
			t.Fatalf("%d entries for 3 reports", entries()-before)
		}
		if _, err := svc.Submit(ctx, officer, tracker.ReportInput{Task: "T02", Unit: "cs-customs", Quarter: "2026Q3", Progress: "再报"}); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("a second report: %v", err)
		}
		rs, err := db.Tracker().Reports(ctx, tracker.ReportFilter{Task: "T02", Since: "2026Q1"})
		if err != nil || len(rs) != 2 || rs[0].Quarter != "2026Q3" || !rs[0].Late || rs[1].Late || rs[1].Problems != "渠道尚不齐全。" || rs[0].SubmittedName != "李敏" {
			t.Fatalf("reports %+v %v", rs, err)
		}
		st, err := svc.Task(ctx, officer, "T02")
		if err != nil {
			t.Fatal(err)
		}
		// Two items: signals 2 of 200 (1%), channels 2 of 8 (25%).
		if st.Figures[0].Value != 2 || st.Figures[1].Value != 2 || st.Progress != 13 || !st.Overdue {
			t.Fatalf("T02 %+v progress %d", st.Figures, st.Progress)
		}
		var overdue []string
		for _, d := range st.Dues {
			if d.Overdue {
				overdue = append(overdue, d.Quarter)
			}
		}
		if len(overdue) != 1 || overdue[0] != "2026Q2" {
			t.Fatalf("overdue %v", overdue)
		}
	})
}
