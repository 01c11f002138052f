package report

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// Group is a commodity group: a name and the HS prefixes it covers.
type Group struct {
	Code       string   `json:"code"`
	NameZh     string   `json:"name_zh"`
	NameEn     string   `json:"name_en"`
	HSPrefixes []string `json:"hs_prefixes"`
}

// KeyGroups are Hunan's key commodities (DESIGN.md), reported monthly.
var KeyGroups = []Group{
	{"fireworks", "烟花爆竹（浏阳）", "Fireworks (Liuyang)", []string{"3604"}},
	{"lighters", "打火机（邵东）", "Lighters (Shaodong)", []string{"9613"}},
	{"ceramic-tableware", "陶瓷餐具（醴陵）", "Ceramic tableware (Liling)", []string{"6911", "6912"}},
	{"bamboo-chopsticks", "竹筷", "Bamboo chopsticks", []string{"441912"}},
	{"construction-machinery", "工程机械", "Construction machinery", []string{"8429", "8426", "8430", "8474"}},
	{"cosmetics", "进口化妆品", "Imported cosmetics", []string{"3304"}},
	{"toys", "玩具", "Toys", []string{"9503"}},
	{"infant-food", "婴幼儿食品", "Infant food", []string{"190110"}},
}

// GroupOf returns a key group, or a product category of the catalogue
// with its HS headings (risk.ErrInvalid for anything else).
func GroupOf(code string) (Group, error) {
	for _, g := range KeyGroups {
		if g.Code == code {
			return g, nil
		}
	}
	if t, err := catalog.BuiltinTable("categories"); err == nil {
		if e := t.Find(code); e != nil && e.Attrs["hs"] != "" {
			return Group{Code: e.Code, NameZh: e.NameZh, NameEn: e.NameEn, HSPrefixes: strings.Fields(e.Attrs["hs"])}, nil
		}
	}
	return Group{}, risk.Invalid("group", "商品组无效："+code+"（重点商品或带 HS 编码的产品类别）。", "unknown commodity group "+code+" (a key commodity or a product category with HS headings).")
}

// Count is a count under a code (channel, hazard, grade, measure type).
type Count struct {
	Code  string `json:"code"`
	Count int    `json:"count"`
}

// Month is one month of the trend.
type Month struct {
	Month       string  `json:"month"` // 2026-11
	Signals     int     `json:"signals"`
	Inspections int     `json:"inspections"`
	Failed      int     `json:"failed"`
	PassRate    float64 `json:"pass_rate"` // 0..1; 0 without inspections
	Warnings    int     `json:"warnings"`  // issued
}

// WarningBrief is a warning the report lists.
type WarningBrief struct {
	ID     risk.ID    `json:"id"`
	Number string     `json:"number"`
	Title  string     `json:"title"`
	Class  string     `json:"class"`
	Grade  risk.Grade `json:"grade"`
	Status string     `json:"status"`
}

// Figures are what a report says, computed from the records.
type Figures struct {
	Inspections int            `json:"inspections"`
	Passed      int            `json:"passed"`
	Failed      int            `json:"failed"`
	PassRate    float64        `json:"pass_rate"`
	Causes      []Count        `json:"causes"`   // failures by hazard of the signal they raised ("" unclassified)
	Findings    []string       `json:"findings"` // the latest failures' findings
	Signals     int            `json:"signals"`
	ByChannel   []Count        `json:"by_channel"`
	ByHazard    []Count        `json:"by_hazard"`
	Issued      int            `json:"warnings_issued"`
	InForce     int            `json:"warnings_in_force"` // at some time in the period
	ByGrade     []Count        `json:"by_grade"`          // of those issued
	Warnings    []WarningBrief `json:"warnings"`          // the public announcements among them (others are counted only)
	Measures    int            `json:"measures"`          // started in the period
	ByMeasure   []Count        `json:"by_measure"`
	Trend       []Month        `json:"trend"` // twelve months ending with the period
	// Monitoring samples (风险监测抽样) of the group taken in the period
	// with their results in, and by monitoring point.
	Samples        int         `json:"samples"`
	SamplesFailed  int         `json:"samples_failed"`
	SamplePassRate float64     `json:"sample_pass_rate"`
	ByPoint        []PointRate `json:"samples_by_point"`
}

// PointRate is a monitoring point's samples in the period.
type PointRate struct {
	Point    string  `json:"point"`
	Samples  int     `json:"samples"`
	Failed   int     `json:"failed"`
	PassRate float64 `json:"pass_rate"`
}

// Report is a generated report: a snapshot, never recomputed.
type Report struct {
	ID          risk.ID   `json:"id"`
	Group       Group     `json:"group"`
	PeriodStart time.Time `json:"period_start"` // first day of the month, China time
	PeriodEnd   time.Time `json:"period_end"`   // first day of the next month
	GeneratedAt time.Time `json:"generated_at"`
	GeneratedBy string    `json:"generated_by"`
	Figures     Figures   `json:"figures"`
}

// Period names the report's month, 2026-11.
func (r *Report) Period() string { return r.PeriodStart.In(risk.China).Format("2006-01") }

// MonthOf returns the first instants of the month of t and of the next,
// in China time.
func MonthOf(t time.Time) (from, to time.Time) {
	t = t.In(risk.China)
	from = time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, risk.China)
	return from, from.AddDate(0, 1, 0)
}

// ParseMonth reads 2026-11.
func ParseMonth(s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", s, risk.China)
	if err != nil {
		return t, risk.Invalid("month", "月份应为 YYYY-MM。", "the month must be YYYY-MM.")
	}
	return t, nil
}

// Store is the persistence reports need.
type Store interface {
	// Figures counts the records of HS prefixes over [from, to), with the
	// trend of the twelve months ending there (FiguresOf says what they
	// mean).
	Figures(ctx context.Context, prefixes []string, from, to time.Time) (*Counts, error)
	// Save stores a report unless one of its group and month exists
	// (risk.ErrConflict), with its audit entry.
	Save(ctx context.Context, r *Report, ae audit.Entry) error
	Get(ctx context.Context, id risk.ID) (*Report, error)
	// Exists reports whether the group's report of the month is stored.
	Exists(ctx context.Context, group string, from time.Time) (bool, error)
	// List lists reports, newest period first (group "" for all).
	List(ctx context.Context, group string, limit int) ([]*Report, error)
}

// Service generates and serves reports.
type Service struct {
	Store Store
	Now   func() time.Time
}

// Generate computes and stores the report of a group for the month of t.
// Officials may generate; the month must have ended.
func (s *Service) Generate(ctx context.Context, a risk.Actor, group string, month time.Time) (*Report, error) {
	if !a.System && !risk.Can(a, risk.PermSignalRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权生成质量状况报告。 / Not allowed to generate reports.")
	}
	g, err := GroupOf(group)
	if err != nil {
		return nil, err
	}
	from, to := MonthOf(month)
	if to.After(s.Now()) {
		return nil, risk.Invalid("month", "只能为已结束的月份生成报告。", "reports are made for months that have ended.")
	}
	if from.Year() < 2000 {
		return nil, risk.Invalid("month", "月份早于 2000 年。", "the month is before 2000.")
	}
	c, err := s.Store.Figures(ctx, g.HSPrefixes, from, to)
	if err != nil {
		return nil, err
	}
	r := &Report{Group: g, PeriodStart: from.UTC(), PeriodEnd: to.UTC(), GeneratedAt: s.Now().UTC().Truncate(time.Second), GeneratedBy: a.Label(), Figures: FiguresOf(*c)}
	ae := audit.New(a, "report.generate", "report", 0, fmt.Sprintf("生成%s %s 质量状况报告 / quality report generated", g.NameZh, r.Period()))
	if err := s.Store.Save(ctx, r, ae); err != nil {
		return nil, err
	}
	return r, nil
}

// Monthly generates, as the system, the previous month's report of every
// key group that has none yet. It returns how many it made.
func (s *Service) Monthly(ctx context.Context) (int, error) {
	from, _ := MonthOf(s.Now())
	prev := from.AddDate(0, -1, 0)
	n := 0
	for _, g := range KeyGroups {
		ok, err := s.Store.Exists(ctx, g.Code, prev)
		if err != nil {
			return n, err
		}
		if ok {
			continue
		}
		if _, err := s.Generate(ctx, risk.System, g.Code, prev); err != nil {
			return n, fmt.Errorf("report %s %s: %w", g.Code, prev.Format("2006-01"), err)
		}
		n++
	}
	return n, nil
}

// Get returns a report to an official.
func (s *Service) Get(ctx context.Context, a risk.Actor, id risk.ID) (*Report, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看质量状况报告。 / Not allowed to read reports.")
	}
	return s.Store.Get(ctx, id)
}

// List lists reports to an official.
func (s *Service) List(ctx context.Context, a risk.Actor, group string) ([]*Report, error) {
	if !risk.Can(a, risk.PermSignalRead) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权查看质量状况报告。 / Not allowed to read reports.")
	}
	return s.Store.List(ctx, group, 500)
}

// Sorted returns counts largest first, then by code.
func Sorted(m map[string]int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{k, v})
	}
	slices.SortFunc(out, func(a, b Count) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		return strings.Compare(a.Code, b.Code)
	})
	return out
}
