package monitoring

import (
	"strings"
	"testing"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

func TestSpans(t *testing.T) {
	for _, tt := range []struct {
		p     Period
		n     int
		first Span
		last  Span
	}{
		{Monthly, 12, Span{"2026-01-01", "2026-01-31"}, Span{"2026-12-01", "2026-12-31"}},
		{Quarterly, 4, Span{"2026-01-01", "2026-03-31"}, Span{"2026-10-01", "2026-12-31"}},
		{HalfYearly, 2, Span{"2026-01-01", "2026-06-30"}, Span{"2026-07-01", "2026-12-31"}},
		{Yearly, 1, Span{"2026-01-01", "2026-12-31"}, Span{"2026-01-01", "2026-12-31"}},
	} {
		s := tt.p.Spans(2026)
		if len(s) != tt.n || s[0] != tt.first || s[len(s)-1] != tt.last {
			t.Errorf("%s: %v", tt.p, s)
		}
	}
	if s := Period("week").Spans(2026); s != nil {
		t.Errorf("unknown period: %v", s)
	}
}

func TestPointCheck(t *testing.T) {
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	good := func() PointInput {
		return PointInput{Code: "HN-1", Name: "浏阳花炮产业园", Type: Factory, Prefecture: "430100", County: "430181", Lat: 28.16, Lon: 113.64,
			Commodities: []string{"pyrotechnic-articles", "3604.10"}, Dept: "cs-customs"}
	}
	in := good()
	if err := in.Check(sets); err != nil {
		t.Fatal(err)
	}
	if in.Commodities[1] != "360410" || in.Status != PointActive {
		t.Errorf("normalised: %+v", in)
	}
	for _, tt := range []struct {
		field string
		edit  func(*PointInput)
	}{
		{"prefecture", func(p *PointInput) { p.Prefecture = "420100" }},
		{"prefecture", func(p *PointInput) { p.Prefecture = "430000" }},
		{"county", func(p *PointInput) { p.County = "430281" }},
		{"lat", func(p *PointInput) { p.Lat = 39.9 }},
		{"commodities[0]", func(p *PointInput) { p.Commodities[0] = "widgets" }},
		{"commodities[1]", func(p *PointInput) { p.Commodities[1] = "9698" }},
		{"type", func(p *PointInput) { p.Type = "shop" }},
		{"dept", func(p *PointInput) { p.Dept = "nowhere" }},
	} {
		in := good()
		tt.edit(&in)
		err := in.Check(sets)
		e, ok := risk.AsError(err)
		if !ok || e.Field != tt.field {
			t.Errorf("%s: got %v", tt.field, err)
		}
	}
}

func TestCovers(t *testing.T) {
	for _, tt := range []struct {
		commodity, hs string
		want          bool
	}{
		{"pyrotechnic-articles", "36041000", true},
		{"pyrotechnic-articles", "96131000", false},
		{"bamboo-chopsticks", "4419121000", true},
		{"9613", "96131000", true},
		{"9613", "96200000", false},
	} {
		it := Item{Commodity: tt.commodity}
		if got := it.Covers(tt.hs); got != tt.want {
			t.Errorf("%s covers %s: %v", tt.commodity, tt.hs, got)
		}
	}
}

func TestComplete(t *testing.T) {
	p := &Plan{Items: []Item{{No: 1}, {No: 2}}}
	Complete(p, []*Task{
		{ItemNo: 1, PointID: 1, Dept: "a", Quota: 2, Taken: 2, ResultsIn: 1, Failed: 1},
		{ItemNo: 1, PointID: 2, Dept: "b", Quota: 2, Taken: 1, ResultsIn: 1, Overdue: true},
		{ItemNo: 2, PointID: 1, Dept: "a", Quota: 4},
	})
	if c := p.Items[0].Completion; c.Quota != 4 || c.Taken != 3 || c.ResultsIn != 2 || c.Failed != 1 || c.Overdue != 1 || c.TakenPercent != 75 || c.ResultsPercent != 66 {
		t.Errorf("item 1: %+v", c)
	}
	if c := p.Items[1].Completion; c.Quota != 4 || c.TakenPercent != 0 || c.ResultsPercent != 0 {
		t.Errorf("item 2: %+v", c)
	}
	if len(p.ByPoint) != 2 || p.ByPoint[0].Quota != 6 || p.ByPoint[0].Taken != 2 || len(p.ByDept) != 2 || p.ByDept[1].Dept != "b" || p.Total.Quota != 8 {
		t.Errorf("by point %+v by dept %+v total %+v", p.ByPoint, p.ByDept, p.Total)
	}
}

func TestPropose(t *testing.T) {
	p := &Plan{Items: []Item{{No: 4, Commodity: "ceramic-tableware"}}}
	got := Propose([]Hotspot{
		{Heading: "9613", Hazard: "burns", Channel: "12315", N: 2},
		{Heading: "9613", Hazard: "fire", Channel: "public-opinion", N: 1},
		{Heading: "9613", Channel: AlarmChannel, N: 1},
		{Heading: "6911", Hazard: "food-migration", Channel: "12360", N: 3},
		{Heading: "6911", Failed: true, N: 1},
		{Heading: "4419", Failed: true, N: 2},
		{Heading: "4419", N: 3},
		{Heading: "8516", Failed: true, N: 2}, // 2 of 20: not often
		{Heading: "8516", N: 18},
		{Heading: "3304", Channel: "12315", N: 2}, // too few complaints
		{Heading: "", Channel: "12315", N: 9},
	}, p)
	var heads []string
	for _, x := range got {
		heads = append(heads, x.Commodity)
	}
	if want := "6911 9613 4419"; strings.Join(heads, " ") != want {
		t.Fatalf("proposed %v, want %s", heads, want)
	}
	if got[0].Score != 5 || got[0].InPlanItemNo != 4 || got[0].Failures != 1 || got[0].Inspections != 1 {
		t.Errorf("6911: %+v", got[0])
	}
	if l := got[1]; l.Alarms != 1 || l.Complaints != 2 || l.Signals != 4 || l.Hazard != "burns" || l.Score != 5 ||
		l.Evidence != "近 12 个月：投诉举报 2 起，统计预警 1 次，其他风险信息 1 条。 / Last 12 months: 2 complaints, 1 statistical alarm, 1 other signal." {
		t.Errorf("9613: %+v", l)
	}
}
