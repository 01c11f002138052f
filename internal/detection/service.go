package detection

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

// Service configures detectors, builds their series and runs them.
type Service struct {
	Store Store
	Now   func() time.Time

	once       sync.Once
	channels   map[string]bool
	categories []categoryPrefix // longest HS prefix first
}

type categoryPrefix struct{ prefix, code string }

func (s *Service) vocab() {
	s.once.Do(func() {
		s.channels = map[string]bool{}
		if t, err := catalog.BuiltinTable("channels"); err == nil {
			for _, e := range t.Entries {
				s.channels[e.Code] = true
			}
		}
		if t, err := catalog.BuiltinTable("categories"); err == nil {
			for _, e := range t.Entries {
				for _, p := range strings.Fields(e.Attrs["hs"]) {
					s.categories = append(s.categories, categoryPrefix{p, e.Code})
				}
			}
		}
		sort.SliceStable(s.categories, func(i, j int) bool { return len(s.categories[i].prefix) > len(s.categories[j].prefix) })
	})
}

// validate checks an input and returns the detector it describes.
func (s *Service) validate(in Input) (*Detector, error) {
	s.vocab()
	var v risk.Validation
	d := &Detector{Name: strings.TrimSpace(in.Name), Period: in.Period, Method: in.Method, Params: in.Params, SuppressDays: 7, Active: true}
	if n := utf8.RuneCountInString(d.Name); n == 0 || n > MaxName {
		v.Add("name", fmt.Sprintf("名称必填，最多 %d 字。", MaxName), fmt.Sprintf("The name is required, at most %d characters.", MaxName))
	}
	if len(in.GroupBy) == 0 || len(in.GroupBy) > MaxGroupBy {
		v.Add("group_by", fmt.Sprintf("分组维度 1–%d 个。", MaxGroupBy), fmt.Sprintf("Group by 1–%d dimensions.", MaxGroupBy))
	}
	for _, g := range in.GroupBy {
		switch {
		case !slices.Contains(Dimensions, g):
			v.Add("group_by", "未知的分组维度 "+g+"。", "Unknown dimension "+g+".")
		case slices.Contains(d.GroupBy, g):
			v.Add("group_by", "分组维度 "+g+" 重复。", "Dimension "+g+" given twice.")
		default:
			d.GroupBy = append(d.GroupBy, g)
		}
	}
	for _, c := range in.Channels {
		switch {
		case c == AlarmChannel:
			v.Add("channels", "统计预警本身不参与计数。", "Statistical alarms are never counted.")
		case !s.channels[c]:
			v.Add("channels", "未知的渠道 "+c+"。", "Unknown channel "+c+".")
		case !slices.Contains(d.Channels, c):
			d.Channels = append(d.Channels, c)
		}
	}
	if d.Period != Week && d.Period != Day {
		v.Add("period", "周期必须是周或日。", "The period must be a week or a day.")
	}
	if len(d.Params) > 20 {
		v.Add("params", "参数最多 20 个。", "At most 20 options.")
	}
	if in.SuppressDays != nil {
		d.SuppressDays = *in.SuppressDays
		if d.SuppressDays < 0 || d.SuppressDays > MaxSuppressDays {
			v.Add("suppress_days", fmt.Sprintf("抑制天数 0–%d。", MaxSuppressDays), fmt.Sprintf("Suppression 0–%d days.", MaxSuppressDays))
		}
	}
	if in.Active != nil {
		d.Active = *in.Active
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if _, _, err := method(d.Method, d.Period, d.Params); err != nil {
		return nil, err
	}
	if d.Params == nil {
		d.Params = map[string]string{}
	}
	return d, nil
}

// Refusals, each a fresh *risk.Error (callers may set its Field).
func errForbidden() error {
	return risk.Errorf(risk.ErrForbidden, "无权配置或运行检测器。 / Not allowed to configure or run detectors.")
}

func errOtherDept() error {
	return risk.Errorf(risk.ErrForbidden, "该检测器属于其他部门：只有该部门或管理员可以修改或运行。 / The detector belongs to another department: only that department or an administrator may change or run it.")
}

func errRead() error {
	return risk.Errorf(risk.ErrForbidden, "无权查看检测器。 / Not allowed to see detectors.")
}

// CanChange reports whether a may change or run d: deny unless a may
// configure detectors and works in d's department, administers the system
// or is the system itself (the scheduled runs).
func CanChange(a risk.Actor, d *Detector) bool {
	return risk.Can(a, risk.PermDetectorWrite) && (a.SeesAll() || (a.Dept != "" && a.Dept == d.Dept))
}

// Create configures a detector for the actor's department.
func (s *Service) Create(ctx context.Context, a risk.Actor, in Input) (*Detector, error) {
	if !risk.Can(a, risk.PermDetectorWrite) {
		return nil, errForbidden()
	}
	d, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Detectors(ctx)
	if err != nil {
		return nil, err
	}
	if len(all) >= MaxDetectors {
		return nil, risk.Invalid("name", fmt.Sprintf("最多 %d 个检测器。", MaxDetectors), fmt.Sprintf("At most %d detectors.", MaxDetectors))
	}
	d.Dept, d.CreatedBy, d.CreatedAt = a.Dept, a.Label(), s.Now().UTC()
	ae := audit.New(a, "detector.create", "detector", 0, "配置检测器 "+d.Name).WithChange(nil, d)
	if err := s.Store.CreateDetector(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}

// Update replaces a detector's configuration; its department or an
// administrator may.
func (s *Service) Update(ctx context.Context, a risk.Actor, id risk.ID, in Input) (*Detector, error) {
	if !risk.Can(a, risk.PermDetectorWrite) {
		return nil, errForbidden()
	}
	old, err := s.Store.Detector(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanChange(a, old) {
		return nil, errOtherDept()
	}
	d, err := s.validate(in)
	if err != nil {
		return nil, err
	}
	d.ID, d.Dept, d.CreatedBy, d.CreatedAt, d.LastRunAt = old.ID, old.Dept, old.CreatedBy, old.CreatedAt, old.LastRunAt
	ae := audit.New(a, "detector.update", "detector", id, "修改检测器 "+d.Name).WithChange(old, d)
	if err := s.Store.UpdateDetector(ctx, d, ae); err != nil {
		return nil, err
	}
	return d, nil
}

// List returns every detector; officials see all of them (the counts are
// province-wide aggregates).
func (s *Service) List(ctx context.Context, a risk.Actor) ([]*Detector, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, errRead()
	}
	return s.Store.Detectors(ctx)
}

// Get returns one detector.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Detector, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, errRead()
	}
	return s.Store.Detector(ctx, id)
}

// Alarms lists stored alarms, newest first (at most 500).
func (s *Service) Alarms(ctx context.Context, a risk.Actor, f AlarmFilter) ([]*Alarm, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, errRead()
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 100
	}
	return s.Store.Alarms(ctx, f)
}

// periodStart returns the start of the period containing t, in China time.
func periodStart(t time.Time, period string) time.Time {
	if period == Day {
		return risk.Day(t)
	}
	return risk.Monday(t)
}

// step moves n periods from t.
func step(t time.Time, period string, n int) time.Time {
	if period == Day {
		return t.AddDate(0, 0, n)
	}
	return t.AddDate(0, 0, 7*n)
}

// counts are the series of one detector over consecutive periods.
type counts struct {
	starts []time.Time
	groups map[string][]float64
	totals map[string]float64
}

// build counts the signals of d in the n periods before end, by group.
func (s *Service) build(ctx context.Context, d *Detector, end time.Time, n int) (*counts, error) {
	s.vocab()
	from := step(end, d.Period, -n)
	c := &counts{starts: make([]time.Time, n), groups: map[string][]float64{}, totals: map[string]float64{}}
	for i := range c.starts {
		c.starts[i] = step(from, d.Period, i)
	}
	events, err := s.Store.Events(ctx, from.UTC(), end.UTC(), d.Channels)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		i := sort.Search(n, func(i int) bool { return c.starts[i].After(e.At) }) - 1
		if i < 0 {
			continue
		}
		key := s.groupKey(d, e)
		x := c.groups[key]
		if x == nil {
			x = make([]float64, n)
			c.groups[key] = x
		}
		x[i]++
		c.totals[key]++
	}
	return c, nil
}

// groupKey is the series an event belongs to: dim=value pairs in the
// detector's order, joined by ';' (an empty value is "-").
func (s *Service) groupKey(d *Detector, e Event) string {
	parts := make([]string, len(d.GroupBy))
	for i, g := range d.GroupBy {
		var v string
		switch g {
		case DimHSHeading:
			v = prefix(digits(e.HSCode), 4)
		case DimHSChapter:
			v = prefix(digits(e.HSCode), 2)
		case DimCategory:
			hs := digits(e.HSCode)
			for _, c := range s.categories {
				if hs != "" && strings.HasPrefix(hs, c.prefix) {
					v = c.code
					break
				}
			}
		case DimHazard:
			v = e.Hazard
		case DimRegion:
			if len(e.Region) >= 4 {
				v = e.Region[:4] + "00"
			}
		case DimChannel:
			v = e.Channel
		case DimOrigin:
			v = e.Origin
		}
		if v == "" {
			v = "-"
		}
		parts[i] = g + "=" + v
	}
	return strings.Join(parts, ";")
}

func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

func prefix(s string, n int) string {
	if len(s) < n {
		return ""
	}
	return s[:n]
}

// GroupTotal is one series of a detector with its count over the window.
type GroupTotal struct {
	Key   string  `json:"group"`
	Total float64 `json:"total"`
}

// SeriesView is what the series page shows.
type SeriesView struct {
	Detector *Detector    `json:"detector"`
	Groups   []GroupTotal `json:"groups"` // busiest first, at most 100
	Group    string       `json:"group,omitempty"`
	Points   []Point      `json:"points,omitempty"`
	Alarms   []*Alarm     `json:"alarms,omitempty"`
	Window   [2]time.Time `json:"window"`
}

// ShowPeriods is how many periods a series page shows.
func ShowPeriods(period string) int {
	if period == Day {
		return 120
	}
	return 104
}

// Series computes the series of one group (the busiest when group is
// empty) over the periods a page shows, with the method run over them.
func (s *Service) Series(ctx context.Context, a risk.Actor, id risk.ID, group string) (*SeriesView, error) {
	d, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	run, need, err := method(d.Method, d.Period, d.Params)
	if err != nil {
		return nil, err
	}
	show := ShowPeriods(d.Period)
	end := periodStart(s.Now(), d.Period)
	// A detector that is switched off shows the periods up to its last
	// run — what it evaluated — rather than the empty ones since.
	if last := d.LastRunAt; !d.Active && last != nil && periodStart(*last, d.Period).Before(end) {
		end = periodStart(*last, d.Period)
	}
	c, err := s.build(ctx, d, end, need+show)
	if err != nil {
		return nil, err
	}
	v := &SeriesView{Detector: d, Window: [2]time.Time{c.starts[need].UTC(), end.UTC()}}
	for k, t := range c.totals {
		v.Groups = append(v.Groups, GroupTotal{k, t})
	}
	sort.Slice(v.Groups, func(i, j int) bool {
		if v.Groups[i].Total != v.Groups[j].Total {
			return v.Groups[i].Total > v.Groups[j].Total
		}
		return v.Groups[i].Key < v.Groups[j].Key
	})
	if len(v.Groups) > 100 {
		v.Groups = v.Groups[:100]
	}
	if group == "" && len(v.Groups) > 0 {
		group = v.Groups[0].Key
	}
	if group == "" {
		return v, nil
	}
	if len(group) > 400 {
		return nil, risk.Invalid("group", "分组键过长。", "Group key too long.")
	}
	x := c.groups[group]
	if x == nil {
		x = make([]float64, len(c.starts))
	}
	pts, err := run(x, c.starts)
	if err != nil {
		return nil, err
	}
	v.Group, v.Points = group, pts[need:]
	for i := range v.Points {
		v.Points[i].Start = v.Points[i].Start.UTC()
	}
	v.Alarms, err = s.Store.Alarms(ctx, AlarmFilter{DetectorID: d.ID, Group: group, Limit: 500})
	return v, err
}

// RunResult reports one run of a detector.
type RunResult struct {
	DetectorID risk.ID   `json:"detector_id"`
	Periods    []string  `json:"periods"` // starts of the periods evaluated (China time, yyyy-mm-dd)
	Series     int       `json:"series"`
	Alarms     []*Alarm  `json:"alarms"` // newly stored
	Raised     int       `json:"raised"`
	Suppressed int       `json:"suppressed"`
	RanAt      time.Time `json:"ran_at"`
	// Evaluated is what the run found in each series and period it
	// evaluated: alarms first, then the busiest, at most MaxRunReport
	// (Truncated then says that there were more).
	Evaluated []SeriesResult `json:"evaluated"`
	Truncated bool           `json:"evaluated_truncated"`
}

// SeriesResult is one series of a run in one evaluated period.
type SeriesResult struct {
	Group       string    `json:"group"`
	LabelZh     string    `json:"label_zh"` // the key in words (Label)
	LabelEn     string    `json:"label_en"`
	PeriodStart time.Time `json:"period_start"`
	Observed    float64   `json:"observed"`
	Expected    *float64  `json:"expected"`    // null when the method cannot estimate it yet
	UpperBound  *float64  `json:"upper_bound"` // null likewise
	Alarm       bool      `json:"alarm"`
}

// MaxRunReport bounds the series results a run reports.
const MaxRunReport = 500

// Run evaluates a detector now: the complete periods since its last run
// (at least the last one, at most MaxCatchUp), every series, every alarm
// stored once and raised as a signal unless suppressed.
func (s *Service) Run(ctx context.Context, a risk.Actor, id risk.ID) (*RunResult, error) {
	if !risk.Can(a, risk.PermDetectorWrite) {
		return nil, errForbidden()
	}
	d, err := s.Store.Detector(ctx, id)
	if err != nil {
		return nil, err
	}
	if !CanChange(a, d) {
		return nil, errOtherDept()
	}
	return s.run(ctx, a, d)
}

func (s *Service) run(ctx context.Context, a risk.Actor, d *Detector) (*RunResult, error) {
	run, need, err := method(d.Method, d.Period, d.Params)
	if err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	end := periodStart(now, d.Period)
	eval := 1
	if d.LastRunAt != nil {
		last := periodStart(*d.LastRunAt, d.Period)
		for eval < MaxCatchUp && step(end, d.Period, -eval-1).Compare(last) >= 0 {
			eval++
		}
	}
	c, err := s.build(ctx, d, end, need+eval)
	if err != nil {
		return nil, err
	}
	res := &RunResult{DetectorID: d.ID, Series: len(c.groups), RanAt: now, Alarms: []*Alarm{}}
	for i := need; i < need+eval; i++ {
		res.Periods = append(res.Periods, c.starts[i].Format(time.DateOnly))
	}
	var alarms []*Alarm
	keys := make([]string, 0, len(c.groups))
	for k := range c.groups {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		pts, err := run(c.groups[k], c.starts)
		if err != nil {
			return nil, err
		}
		zh, en := Label(k)
		for i := need; i < need+eval; i++ {
			p := pts[i]
			alarm := p.Alarm && p.Expected != nil && p.UpperBound != nil
			res.Evaluated = append(res.Evaluated, SeriesResult{Group: k, LabelZh: zh, LabelEn: en, PeriodStart: c.starts[i].UTC(),
				Observed: p.Observed, Expected: p.Expected, UpperBound: p.UpperBound, Alarm: alarm})
			if !alarm {
				continue
			}
			al := &Alarm{DetectorID: d.ID, Group: k, PeriodStart: c.starts[i].UTC(), Observed: p.Observed,
				Expected: *p.Expected, UpperBound: *p.UpperBound, PValue: p.PValue, Method: d.Method, Params: d.Params}
			if p.Score != nil {
				al.Score = *p.Score
			}
			alarms = append(alarms, al)
		}
	}
	slices.SortStableFunc(res.Evaluated, func(a, b SeriesResult) int {
		switch {
		case a.Alarm != b.Alarm:
			if a.Alarm {
				return -1
			}
			return 1
		case a.Observed != b.Observed:
			return cmp.Compare(b.Observed, a.Observed)
		}
		return 0 // keys sorted, periods in order
	})
	if len(res.Evaluated) > MaxRunReport {
		res.Evaluated, res.Truncated = res.Evaluated[:MaxRunReport], true
	}
	if res.Evaluated == nil {
		res.Evaluated = []SeriesResult{}
	}
	raise := func(al *Alarm) (*signal.Signal, audit.Entry) {
		g := s.alarmSignal(d, al, now)
		return g, audit.New(a, "signal.create", "signal", 0, "统计预警 "+d.Name+" "+al.Group)
	}
	ae := audit.New(a, "detector.run", "detector", d.ID, fmt.Sprintf("运行检测器 %s：%d 个序列", d.Name, len(c.groups)))
	stored, err := s.Store.RecordRun(ctx, d, now, alarms, raise, ae)
	if err != nil {
		return nil, err
	}
	res.Alarms = append(res.Alarms, stored...)
	for _, al := range stored {
		if al.Suppressed {
			res.Suppressed++
		} else {
			res.Raised++
		}
	}
	return res, nil
}

// RunAll runs every active detector as the system (the scheduled job);
// one detector failing does not stop the others.
func (s *Service) RunAll(ctx context.Context) (raised int, err error) {
	ds, err := s.Store.Detectors(ctx)
	if err != nil {
		return 0, err
	}
	var errs []error
	for _, d := range ds {
		if !d.Active {
			continue
		}
		res, err := s.run(ctx, risk.System, d)
		if err != nil {
			if ctx.Err() != nil {
				return raised, ctx.Err()
			}
			errs = append(errs, fmt.Errorf("detector %d: %w", d.ID, err))
			continue
		}
		raised += res.Raised
	}
	return raised, errors.Join(errs...)
}

// alarmSignal is the signal an alarm raises: on the statistical-alarm
// channel, in the detector's department, identified by the series and
// the period, with the group's values as its product fields.
func (s *Service) alarmSignal(d *Detector, al *Alarm, now time.Time) *signal.Signal {
	g := &signal.Signal{Channel: AlarmChannel, ReceivedAt: now, Dept: d.Dept, Status: signal.StatusNew,
		ExternalRef: fmt.Sprintf("alarm:%d:%s:%s", d.ID, al.Group, al.PeriodStart.In(risk.China).Format(time.DateOnly)),
		CreatedBy:   "system"}
	for _, part := range strings.Split(al.Group, ";") {
		dim, val, _ := strings.Cut(part, "=")
		if val == "-" {
			continue
		}
		switch dim {
		case DimHSHeading, DimHSChapter:
			g.Product.HSCode = val
		case DimHazard:
			g.Hazard = val
		case DimRegion:
			g.Region = val
		case DimOrigin:
			g.Product.Origin = val
		}
	}
	unit, unitEn := "周", "week"
	if d.Period == Day {
		unit, unitEn = "日", "day"
	}
	pv, pvEn := "", ""
	if al.PValue != nil {
		pv, pvEn = fmt.Sprintf("，p 值 %.4g", *al.PValue), fmt.Sprintf(", p-value %.4g", *al.PValue)
	}
	start := al.PeriodStart.In(risk.China).Format(time.DateOnly)
	g.Product.Name = "统计预警：" + d.Name
	groupZh, groupEn := Label(al.Group)
	g.Description = fmt.Sprintf("检测器「%s」（%s）在 %s 起的一%s内观察到 %g 条信息，预期 %.2f，上界 %.2f，得分 %.2f%s。分组：%s。\n"+
		"Detector %q (%s) counted %g in the %s starting %s; expected %.2f, upper bound %.2f, score %.2f%s. Group: %s.",
		d.Name, d.Method, start, unit, al.Observed, al.Expected, al.UpperBound, al.Score, pv, groupZh,
		d.Name, d.Method, al.Observed, unitEn, start, al.Expected, al.UpperBound, al.Score, pvEn, groupEn)
	if len(g.Description) > 4000 {
		g.Description = g.Description[:4000]
	}
	return g
}
