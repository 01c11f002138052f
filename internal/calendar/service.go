package calendar

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
)

// Year is one year of the calendar: its exceptions to the plain week and
// the notice they come from. The years of the notices embedded in riskgate
// are Official; an administrator enters each new year's notice (published
// every November) and may correct an embedded one, which the entered year
// then replaces whole.
type Year struct {
	Year      int        `json:"year"`
	Source    string     `json:"source"` // the notice, e.g. 国务院办公厅关于2027年部分节假日安排的通知
	Days      []Day      `json:"days"`
	Official  bool       `json:"official"` // embedded in riskgate, not entered
	UpdatedBy string     `json:"updated_by,omitempty"`
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// Holidays counts the year's days off that fall on a weekday or weekend.
func (y *Year) Holidays() int {
	n := 0
	for _, d := range y.Days {
		if !d.Workday {
			n++
		}
	}
	return n
}

// Worked counts the year's weekend days worked in place of holidays.
func (y *Year) Worked() int { return len(y.Days) - y.Holidays() }

// Store keeps the years an administrator entered.
type Store interface {
	CalendarYears(ctx context.Context) ([]Year, error)
	// SaveCalendarYear writes y (replacing a stored year of the same
	// number) with its audit entry, and moves the calendar's version.
	SaveCalendarYear(ctx context.Context, y Year, ae audit.Entry) error
	// CalendarVersion moves whenever a year is saved, on any node.
	CalendarVersion(ctx context.Context) (int64, error)
}

// Service is the calendar as riskgate uses it: the embedded notices with
// the years administrators entered over them.
type Service struct {
	Store Store
	Now   func() time.Time

	mu      sync.Mutex
	version int64
	loaded  bool
	cal     *Calendar
	years   []Year
}

// current is the calendar the process last loaded (Current).
var current atomic.Pointer[Calendar]

// Current returns the calendar a Service of this process last loaded from
// the database, else the official one — for rules that count working days
// where no database is at hand (a referral's wait).
func Current() (*Calendar, error) {
	if c := current.Load(); c != nil {
		return c, nil
	}
	return Official()
}

// Limits on an entered year.
const (
	MaxDays   = 80  // exceptions a year (2026 has 38)
	MaxSource = 200 // characters of the notice's title
	MaxName   = 40  // characters of a day's name
	FirstYear = 2000
	LastYear  = 2100
)

// Calendar returns the calendar, reloading it when a year was saved since
// (by this node or another: the version lives in the database).
func (s *Service) Calendar(ctx context.Context) (*Calendar, error) {
	c, _, err := s.load(ctx)
	return c, err
}

func (s *Service) load(ctx context.Context) (*Calendar, []Year, error) {
	v, err := s.Store.CalendarVersion(ctx)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.loaded && v == s.version {
		return s.cal, s.years, nil
	}
	stored, err := s.Store.CalendarYears(ctx)
	if err != nil {
		return nil, nil, err
	}
	years, err := officialYears()
	if err != nil {
		return nil, nil, err
	}
	for _, y := range stored {
		i := slices.IndexFunc(years, func(o Year) bool { return o.Year == y.Year })
		if i >= 0 {
			years[i] = y
		} else {
			years = append(years, y)
		}
	}
	slices.SortFunc(years, func(a, b Year) int { return a.Year - b.Year })
	var nums []int
	var days []Day
	for _, y := range years {
		nums = append(nums, y.Year)
		days = append(days, y.Days...)
	}
	c, err := New(nums, days)
	if err != nil {
		return nil, nil, err
	}
	s.cal, s.years, s.version, s.loaded = c, years, v, true
	current.Store(c)
	return c, years, nil
}

// officialYears are the embedded notices as years.
func officialYears() ([]Year, error) {
	c, err := Official()
	if err != nil {
		return nil, err
	}
	var out []Year
	for _, y := range c.Years() {
		out = append(out, Year{Year: y, Source: officialSources[y], Official: true, Days: c.daysOf(y)})
	}
	return out, nil
}

// officialSources name the embedded notices (data/NOTICE.md).
var officialSources = map[int]string{
	2026: "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
}

// daysOf lists the exceptions of year y in date order.
func (c *Calendar) daysOf(y int) []Day {
	var out []Day
	prefix := fmt.Sprintf("%04d-", y)
	for d, w := range c.special {
		if strings.HasPrefix(d, prefix) {
			out = append(out, Day{Date: d, Workday: w, Name: c.names[d]})
		}
	}
	slices.SortFunc(out, func(a, b Day) int { return strings.Compare(a.Date, b.Date) })
	return out
}

// Years lists every year the calendar knows, official and entered, in
// order.
func (s *Service) Years(ctx context.Context) ([]Year, error) {
	_, ys, err := s.load(ctx)
	return ys, err
}

// NoticeMonth is the month the State Council publishes the next year's
// holidays (the 2026 notice: 2025-11-04).
const NoticeMonth = time.November

// Missing returns, for an actor who may enter years, the years the
// calendar should know by now and does not: the current year (China
// time), and from NoticeMonth the next one. Deadlines that end in a
// missing year cannot be counted (an error, never a guess), so the
// reminders that rest on them stay silent until it is entered. Nil for
// everyone else.
func (s *Service) Missing(ctx context.Context, a risk.Actor) ([]int, error) {
	if !CanEdit(a) {
		return nil, nil
	}
	c, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	return c.missingAt(s.Now())
}

// missingAt is Missing on the day of now.
func (c *Calendar) missingAt(now time.Time) ([]int, error) {
	today := risk.Day(now)
	want := []int{today.Year()}
	if today.Month() >= NoticeMonth {
		want = append(want, today.Year()+1)
	}
	var out []int
	for _, y := range want {
		if !c.years[y] {
			out = append(out, y)
		}
	}
	return out, nil
}

// CanEdit reports whether a may enter or correct a year.
func CanEdit(a risk.Actor) bool { return risk.Can(a, risk.PermCalendarWrite) }

// Save enters year y (replacing an entered or official year of the same
// number) after checking every day of it; a rejected year changes
// nothing.
func (s *Service) Save(ctx context.Context, a risk.Actor, y Year) (*Year, error) {
	if !CanEdit(a) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权维护工作日历。 / Not allowed to edit the working-day calendar.")
	}
	if err := Check(&y); err != nil {
		return nil, err
	}
	now := s.Now().UTC()
	y.Official, y.UpdatedBy, y.UpdatedAt = false, a.Label(), &now
	before, err := s.Years(ctx)
	if err != nil {
		return nil, err
	}
	var old any
	if i := slices.IndexFunc(before, func(o Year) bool { return o.Year == y.Year }); i >= 0 {
		old = before[i].Days
	}
	ae := audit.New(a, "calendar.save", "calendar_year", risk.ID(y.Year),
		fmt.Sprintf("工作日历 %d 年：%d 个节假日、%d 个调休上班日（%s）", y.Year, y.Holidays(), y.Worked(), y.Source)).
		WithChange(old, y.Days)
	if err := s.Store.SaveCalendarYear(ctx, y, ae); err != nil {
		return nil, err
	}
	if _, _, err := s.load(ctx); err != nil {
		return nil, err
	}
	return &y, nil
}

// Check validates an entered year: a year in range, the notice named, and
// each day a date of that year given once, a holiday or a worked weekend
// day (调休上班 falls on a Saturday or Sunday), with its name.
func Check(y *Year) error {
	if y.Year < FirstYear || y.Year > LastYear {
		return risk.Invalid("year", fmt.Sprintf("年份须在 %d–%d 之间。", FirstYear, LastYear), fmt.Sprintf("the year must be between %d and %d.", FirstYear, LastYear))
	}
	y.Source = strings.TrimSpace(y.Source)
	if y.Source == "" {
		return risk.Invalid("source", "请注明依据的通知（如国务院办公厅节假日安排通知）。", "name the notice the days come from (the State Council General Office's holiday notice).")
	}
	if n := len([]rune(y.Source)); n > MaxSource {
		return risk.Invalid("source", fmt.Sprintf("通知名称过长（%d 字，上限 %d）。", n, MaxSource), fmt.Sprintf("the notice's title is too long (%d characters, limit %d).", n, MaxSource))
	}
	if len(y.Days) == 0 {
		return risk.Invalid("days", "请列出该年的节假日和调休上班日。", "list the year's holidays and worked weekend days.")
	}
	if len(y.Days) > MaxDays {
		return risk.Invalid("days", fmt.Sprintf("日期过多（%d 个，上限 %d）。", len(y.Days), MaxDays), fmt.Sprintf("too many days (%d, limit %d).", len(y.Days), MaxDays))
	}
	seen := map[string]bool{}
	for i := range y.Days {
		d := &y.Days[i]
		field := fmt.Sprintf("days[%d]", i)
		d.Date, d.Name = strings.TrimSpace(d.Date), strings.TrimSpace(d.Name)
		t, err := time.ParseInLocation("2006-01-02", d.Date, risk.China)
		if err != nil {
			return risk.Invalid(field+".date", fmt.Sprintf("“%s”不是日期（应为 YYYY-MM-DD）。", d.Date), fmt.Sprintf("%q is not a date (YYYY-MM-DD).", d.Date))
		}
		if t.Year() != y.Year {
			return risk.Invalid(field+".date", fmt.Sprintf("%s 不在 %d 年。", d.Date, y.Year), fmt.Sprintf("%s is not in %d.", d.Date, y.Year))
		}
		if seen[d.Date] {
			return risk.Invalid(field+".date", fmt.Sprintf("%s 重复列出。", d.Date), fmt.Sprintf("%s is listed twice.", d.Date))
		}
		seen[d.Date] = true
		if wd := t.Weekday(); d.Workday && wd != time.Saturday && wd != time.Sunday {
			return risk.Invalid(field+".kind", fmt.Sprintf("%s 是工作日（周一至周五），不能列为调休上班日。", d.Date), fmt.Sprintf("%s is a weekday; only a Saturday or Sunday can be a worked weekend day.", d.Date))
		}
		if d.Name == "" {
			return risk.Invalid(field+".name", fmt.Sprintf("请填写 %s 的名称（如 春节、春节调休上班）。", d.Date), fmt.Sprintf("name %s (e.g. Spring Festival, or a worked day in its place).", d.Date))
		}
		if n := len([]rune(d.Name)); n > MaxName {
			return risk.Invalid(field+".name", fmt.Sprintf("名称过长（%d 字，上限 %d）。", n, MaxName), fmt.Sprintf("the name is too long (%d characters, limit %d).", n, MaxName))
		}
	}
	slices.SortFunc(y.Days, func(a, b Day) int { return strings.Compare(a.Date, b.Date) })
	return nil
}

// ParseDays reads a year's days as CSV rows "date,kind,name" (kind
// holiday or workday, or 节假日 / 调休上班; a header row is skipped), the
// form the embedded notices take and the administrator's page accepts.
func ParseDays(r io.Reader) ([]Day, error) {
	cr := csv.NewReader(io.LimitReader(r, 64<<10))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	var out []Day
	for line := 1; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		field := fmt.Sprintf("days, line %d", line)
		if err != nil {
			return nil, risk.Invalid("days", fmt.Sprintf("第 %d 行无法读取：%v", line, err), fmt.Sprintf("line %d cannot be read: %v", line, err))
		}
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if line == 1 && strings.EqualFold(strings.TrimSpace(rec[0]), "date") {
			continue
		}
		if len(rec) != 3 {
			return nil, risk.Invalid(field, fmt.Sprintf("第 %d 行应为“日期,类型,名称”三列。", line), fmt.Sprintf("line %d must have three columns: date,kind,name.", line))
		}
		var workday bool
		switch strings.TrimSpace(rec[1]) {
		case "holiday", "节假日", "放假":
		case "workday", "调休上班", "上班":
			workday = true
		default:
			return nil, risk.Invalid(field, fmt.Sprintf("第 %d 行的类型“%s”应为 holiday（节假日）或 workday（调休上班）。", line, rec[1]),
				fmt.Sprintf("line %d: kind %q must be holiday or workday.", line, rec[1]))
		}
		out = append(out, Day{Date: strings.TrimSpace(rec[0]), Workday: workday, Name: strings.TrimSpace(rec[2])})
		if len(out) > MaxDays {
			return nil, risk.Invalid("days", fmt.Sprintf("日期过多（上限 %d）。", MaxDays), fmt.Sprintf("too many days (limit %d).", MaxDays))
		}
	}
	return out, nil
}

// Workdays returns the last day of a period of n working days after from
// (Calendar.Add) on the calendar as entered; a date past the last year it
// knows is an error that says so.
func (s *Service) Workdays(ctx context.Context, from time.Time, n int) (time.Time, error) {
	if n < 0 || n > 366 {
		return time.Time{}, risk.Invalid("days", "工作日数须在 0–366 之间。", "the number of working days must be between 0 and 366.")
	}
	c, err := s.Calendar(ctx)
	if err != nil {
		return time.Time{}, err
	}
	return c.Add(from, n)
}
