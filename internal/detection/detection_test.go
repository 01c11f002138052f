package detection_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/detection"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// record stores n signals per week, received on the Wednesday of the
// week starting monday (China time), with the given HS code and hazard.
func record(t *testing.T, w *lifecycletest.World, monday time.Time, n int, hs, hazard, tag string) {
	t.Helper()
	var in []signal.Input
	for i := range n {
		in = append(in, signal.Input{Channel: "12315", ExternalRef: fmt.Sprintf("%s-%s-%d", tag, monday.Format("20060102"), i),
			ReceivedAt: monday.Add(50 * time.Hour).UTC(), Region: "430102", Hazard: hazard, Description: "投诉",
			Product: signal.Product{HSCode: hs, Name: "打火机"}})
	}
	if len(in) == 0 {
		return
	}
	if _, err := w.Signals.Create(context.Background(), w.U("officer"), in); err != nil {
		t.Fatal(err)
	}
}

func TestDetectorRunRaisesSignalsOnce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		svc := &detection.Service{Store: db.Detection(), Now: func() time.Time { return w.Now }}
		// World time: Sunday 2026-11-29 17:00 in China; the last complete
		// week began Monday 2026-11-16.
		last := time.Date(2026, 11, 16, 0, 0, 0, 0, risk.China)
		for i := 10; i >= 1; i-- {
			record(t, w, last.AddDate(0, 0, -7*i), 1+i%2, "9613800000", "fire", "lighter")
			record(t, w, last.AddDate(0, 0, -7*i), 3, "6911101000", "chemical", "plates")
		}
		record(t, w, last, 15, "9613800000", "fire", "lighter")
		record(t, w, last, 3, "6911101000", "chemical", "plates")

		d, err := svc.Create(ctx, w.U("officer"), detection.Input{Name: "打火机投诉", GroupBy: []string{"hs_heading", "hazard"},
			Period: "week", Method: "earsC1"})
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Run(ctx, w.U("officer"), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Series != 2 || len(res.Periods) != 1 || res.Periods[0] != "2026-11-16" || res.Raised != 1 || len(res.Alarms) != 1 {
			t.Fatalf("run: %+v", res)
		}
		// The run reports each series it evaluated, the alarm first, in words.
		if len(res.Evaluated) != 2 || res.Truncated {
			t.Fatalf("evaluated %+v", res.Evaluated)
		}
		lighters, plates := res.Evaluated[0], res.Evaluated[1]
		if lighters.Group != "hs_heading=9613;hazard=fire" || !lighters.Alarm || lighters.Observed != 15 || *lighters.Expected != 11.0/7 ||
			lighters.UpperBound == nil || lighters.LabelZh != "HS 品目 9613 香烟打火机及其他打火器 · 危害 火灾" ||
			!lighters.PeriodStart.Equal(last) {
			t.Errorf("lighters %+v", lighters)
		}
		if plates.Group != "hs_heading=6911;hazard=chemical" || plates.Alarm || plates.Observed != 3 || *plates.Expected != 3 ||
			!strings.HasPrefix(plates.LabelEn, "HS heading 6911 Tableware, kitchenware, other household article…") || !strings.HasSuffix(plates.LabelEn, " · Hazard Chemical") {
			t.Errorf("plates %+v", plates)
		}
		al := res.Alarms[0]
		if al.Group != "hs_heading=9613;hazard=fire" || al.Observed != 15 || !(al.UpperBound < 15 && al.Expected == 11.0/7) || al.SignalID == 0 {
			t.Fatalf("alarm %+v", al)
		}
		g, err := w.Signals.Get(ctx, w.U("officer"), al.SignalID)
		if err != nil {
			t.Fatal(err)
		}
		if g.Channel != detection.AlarmChannel || g.Status != signal.StatusNew || g.Product.HSCode != "9613" || g.Hazard != "fire" ||
			g.ExternalRef != fmt.Sprintf("alarm:%d:hs_heading=9613;hazard=fire:2026-11-16", d.ID) || !strings.Contains(g.Description, "上界") ||
			!strings.Contains(g.Description, "分组：HS 品目 9613 香烟打火机及其他打火器 · 危害 火灾。") || strings.Contains(g.Description, "hs_heading=") {
			t.Fatalf("alarm signal %+v", g)
		}
		// A second run finds the alarm stored and raises nothing.
		again, err := svc.Run(ctx, w.U("officer"), d.ID)
		if err != nil || len(again.Alarms) != 0 || again.Raised != 0 {
			t.Fatalf("second run: %+v %v", again, err)
		}
		// Next week the series is still high: the alarm is stored but
		// suppressed (within 7 days of the last raised one); the alarm
		// signals themselves are never counted.
		w.Now = w.Now.AddDate(0, 0, 7)
		record(t, w, last.AddDate(0, 0, 7), 20, "9613800000", "fire", "lighter")
		res, err = svc.Run(ctx, w.U("officer"), d.ID)
		if err != nil || len(res.Alarms) != 1 || !res.Alarms[0].Suppressed || res.Alarms[0].SignalID != 0 || res.Raised != 0 {
			t.Fatalf("suppression: %+v %v", res, err)
		}
		list, err := svc.Alarms(ctx, w.U("approver"), detection.AlarmFilter{DetectorID: d.ID})
		if err != nil || len(list) != 2 || !list[0].Suppressed || list[1].SignalID != al.SignalID {
			t.Fatalf("alarms: %+v %v", list, err)
		}
		// The series page: 104 weeks ending with the last complete one,
		// the alarms on it, the busiest group first.
		v, err := svc.Series(ctx, w.U("approver"), d.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if v.Group != "hs_heading=9613;hazard=fire" || len(v.Points) != 104 || v.Points[103].Observed != 20 || v.Points[102].Observed != 15 ||
			!v.Points[102].Alarm || len(v.Alarms) != 2 || len(v.Groups) != 2 {
			t.Fatalf("series: group %q, %d points, last %+v, %d alarms", v.Group, len(v.Points), v.Points[len(v.Points)-1], len(v.Alarms))
		}
		// Switched off, the page keeps showing the periods up to the last
		// run however long ago it was; switched on, those up to now.
		w.Now = w.Now.AddDate(0, 0, 7*30)
		for _, active := range []bool{false, true} {
			in := detection.Input{Name: d.Name, GroupBy: d.GroupBy, Period: d.Period, Method: d.Method, Active: &active}
			if _, err := svc.Update(ctx, w.U("officer"), d.ID, in); err != nil {
				t.Fatal(err)
			}
			v, err := svc.Series(ctx, w.U("approver"), d.ID, "")
			if err != nil {
				t.Fatal(err)
			}
			at := 103 // the week of 20
			if active {
				at -= 30
			}
			if len(v.Points) != 104 || v.Points[at].Observed != 20 || !v.Points[at-1].Alarm {
				t.Fatalf("active %v: %d points, week %d %+v", active, len(v.Points), at, v.Points[at])
			}
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, w.U("admin")); err != nil {
			t.Fatal(err)
		}
	})
}

func TestDetectorRules(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := lifecycletest.New(t, db)
		svc := &detection.Service{Store: db.Detection(), Now: func() time.Time { return w.Now }}
		ok := detection.Input{Name: "伤害报告", GroupBy: []string{"category", "region"}, Period: "week", Method: "farringtonFlexible",
			Params: map[string]string{"b": "3", "thresholdMethod": "nbPlugin"}}
		for _, c := range []struct {
			field string
			edit  func(*detection.Input)
		}{
			{"name", func(in *detection.Input) { in.Name = " " }},
			{"group_by", func(in *detection.Input) { in.GroupBy = []string{"colour"} }},
			{"group_by", func(in *detection.Input) { in.GroupBy = []string{"hazard", "hazard"} }},
			{"channels", func(in *detection.Input) { in.Channels = []string{"statistical-alarm"} }},
			{"period", func(in *detection.Input) { in.Period = "month" }},
			{"method", func(in *detection.Input) { in.Method = "magic" }},
			{"method", func(in *detection.Input) { in.Period = "day" }},
			{"params", func(in *detection.Input) { in.Params = map[string]string{"b": "x"} }},
			{"params", func(in *detection.Input) { in.Params = map[string]string{"range": "1:2"} }},
			{"params", func(in *detection.Input) { in.Method, in.Params = "cusum", map[string]string{"alpha": "0.1"} }},
			{"suppress_days", func(in *detection.Input) { n := 400; in.SuppressDays = &n }},
		} {
			in := ok
			c.edit(&in)
			_, err := svc.Create(ctx, w.U("officer"), in)
			e, ok := risk.AsError(err)
			field := ""
			if ok {
				field = e.Field
				if len(e.Details) > 0 {
					field = e.Details[0].Field
				}
			}
			if !errors.Is(err, risk.ErrInvalid) || field != c.field {
				t.Errorf("%s: %v (field %q)", c.field, err, field)
			}
		}
		if _, err := svc.Create(ctx, w.U("approver"), ok); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("approver configured a detector: %v", err)
		}
		if ds, _ := svc.List(ctx, w.U("officer")); len(ds) != 0 {
			t.Fatalf("rejected inputs stored %d detectors", len(ds))
		}
		d, err := svc.Create(ctx, w.U("officer"), ok)
		if err != nil {
			t.Fatal(err)
		}
		// Another department's officer may not change it; an administrator may.
		off := false
		change := ok
		change.Active = &off
		if _, err := svc.Update(ctx, w.U("amr"), d.ID, change); !errors.Is(err, risk.ErrForbidden) {
			t.Errorf("another department changed the detector: %v", err)
		}
		u, err := svc.Update(ctx, w.U("admin"), d.ID, change)
		if err != nil || u.Active || u.Dept != "cs-customs" {
			t.Fatalf("admin update: %+v %v", u, err)
		}
		// An inactive detector is skipped by the scheduled run; the
		// farrington run on an empty database raises nothing.
		if n, err := svc.RunAll(ctx); err != nil || n != 0 {
			t.Fatalf("RunAll: %d %v", n, err)
		}
		if got, _ := svc.Get(ctx, w.U("officer"), d.ID); got.LastRunAt != nil {
			t.Fatal("an inactive detector ran")
		}
		if _, err := svc.Run(ctx, w.U("officer"), d.ID); err != nil {
			t.Fatal(err)
		}
	})
}

func TestLabel(t *testing.T) {
	tests := []struct{ key, zh, en string }{
		{"hs_heading=9613;hazard=burns", "HS 品目 9613 香烟打火机及其他打火器 · 危害 烧伤、烫伤", "HS heading 9613 Cigarette lighters and other lighters, whether… · Hazard Burns"},
		{"hs_chapter=96;region=430100;channel=12315;origin=VN", "HS 章 96 杂项制品 · 市州 长沙市 · 渠道 全国12315平台 · 原产地 越南",
			"HS chapter 96 Miscellaneous manufactured articles · Prefecture Changsha · Channel National 12315 consumer complaint platform · Origin Vietnam"},
		{"category=lighters;hazard=-", "产品类别 打火机 · 危害 （空）", "Category Lighters · Hazard (none)"},
		{"hs_heading=0000;origin=ZZ", "HS 品目 0000 · 原产地 ZZ", "HS heading 0000 · Origin ZZ"}, // not in the catalogues: as it is
	}
	for _, tt := range tests {
		if zh, en := detection.Label(tt.key); zh != tt.zh || en != tt.en {
			t.Errorf("Label(%q) = %q, %q\nwant %q, %q", tt.key, zh, en, tt.zh, tt.en)
		}
	}
}
