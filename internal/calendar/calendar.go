// Package calendar counts periods in working days (工作日) on China's official
// calendar: Monday to Friday, less the public holidays the State Council
// announces each November, plus the weekend days worked in their place
// (调休上班). A period starts on the day after the event (the event's day is
// not counted, as 《民法典》第二百零一条 counts periods) and ends at the end of
// its last working day. A date in a year the calendar does not know is an
// error that says so, never a guess.
package calendar

import (
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"riskgate/internal/risk"
)

//go:embed data/*.csv
var files embed.FS

// Calendar is the official calendar of the years it knows.
type Calendar struct {
	years map[int]bool
	// special maps a date (YYYY-MM-DD) to true for a worked weekend day and
	// false for a holiday.
	special map[string]bool
	names   map[string]string
}

// Day is one dated exception of the calendar.
type Day struct {
	Date    string // YYYY-MM-DD
	Workday bool   // a weekend day worked (调休上班); false: a holiday
	Name    string // e.g. 春节
}

// dayJSON is a Day as the API writes and reads it: its kind a word.
type dayJSON struct {
	Date string `json:"date"`
	Kind string `json:"kind"` // holiday or workday
	Name string `json:"name"`
}

// Kind is "workday" for a worked weekend day, else "holiday".
func (d Day) Kind() string {
	if d.Workday {
		return "workday"
	}
	return "holiday"
}

// Label names the kind of day: 节假日 or 调休上班.
func (d Day) Label() (zh, en string) {
	if d.Workday {
		return "调休上班", "Worked weekend day"
	}
	return "节假日", "Holiday"
}

// MarshalJSON writes {"date", "kind", "name"}.
func (d Day) MarshalJSON() ([]byte, error) {
	return json.Marshal(dayJSON{d.Date, d.Kind(), d.Name})
}

// UnmarshalJSON reads {"date", "kind", "name"}; a kind other than holiday
// or workday is an error naming the field.
func (d *Day) UnmarshalJSON(b []byte) error {
	var j dayJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	switch j.Kind {
	case "holiday", "workday":
	default:
		return risk.Invalid("kind", fmt.Sprintf("类型“%s”应为 holiday（节假日）或 workday（调休上班）。", j.Kind), fmt.Sprintf("kind %q must be holiday or workday.", j.Kind))
	}
	*d = Day{Date: j.Date, Workday: j.Kind == "workday", Name: j.Name}
	return nil
}

// New builds a calendar of whole years from their exceptions.
func New(years []int, days []Day) (*Calendar, error) {
	c := &Calendar{years: map[int]bool{}, special: map[string]bool{}, names: map[string]string{}}
	for _, y := range years {
		c.years[y] = true
	}
	for _, d := range days {
		t, err := time.ParseInLocation("2006-01-02", d.Date, risk.China)
		if err != nil {
			return nil, fmt.Errorf("calendar: bad date %q", d.Date)
		}
		if !c.years[t.Year()] {
			return nil, fmt.Errorf("calendar: %s is outside the years given", d.Date)
		}
		c.special[d.Date], c.names[d.Date] = d.Workday, d.Name
	}
	return c, nil
}

var official struct {
	once sync.Once
	c    *Calendar
	err  error
}

// Official returns the calendar of the notices embedded in riskgate.
func Official() (*Calendar, error) {
	official.once.Do(func() {
		names, err := fs.Glob(files, "data/cn-*.csv")
		if err != nil {
			official.err = err
			return
		}
		var years []int
		var days []Day
		for _, n := range names {
			y, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(n, "data/cn-"), ".csv"))
			if err != nil {
				official.err = fmt.Errorf("calendar: file %s: not cn-YYYY.csv", n)
				return
			}
			years = append(years, y)
			b, _ := files.ReadFile(n)
			rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
			if err != nil {
				official.err = fmt.Errorf("calendar: %s: %w", n, err)
				return
			}
			for _, r := range rows[1:] {
				if len(r) < 3 || (r[1] != "holiday" && r[1] != "workday") {
					official.err = fmt.Errorf("calendar: %s: bad row %v", n, r)
					return
				}
				days = append(days, Day{Date: r[0], Workday: r[1] == "workday", Name: r[2]})
			}
		}
		official.c, official.err = New(years, days)
	})
	return official.c, official.err
}

// Years lists the years the calendar knows, in order.
func (c *Calendar) Years() []int {
	var out []int
	for y := range c.years {
		out = append(out, y)
	}
	sort.Ints(out)
	return out
}

// unknown is the error for a date the calendar does not cover.
func (c *Calendar) unknown(d time.Time) error {
	ys := c.Years()
	last := "—"
	if len(ys) > 0 {
		last = strconv.Itoa(ys[len(ys)-1])
	}
	return risk.Invalid("date", fmt.Sprintf("工作日历未包含 %d 年（已载入至 %s 年），无法按工作日计算。", d.Year(), last),
		fmt.Sprintf("the working-day calendar does not cover %d (it is loaded to %s), so working days cannot be counted.", d.Year(), last))
}

// IsWorkday reports whether the day holding t is a working day.
func (c *Calendar) IsWorkday(t time.Time) (bool, error) {
	d := risk.Day(t)
	if !c.years[d.Year()] {
		return false, c.unknown(d)
	}
	if w, ok := c.special[d.Format("2006-01-02")]; ok {
		return w, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// Count is the number of working days after from's day up to and including
// to's day (0 when to is not after from).
func (c *Calendar) Count(from, to time.Time) (int, error) {
	n := 0
	end := risk.Day(to)
	for d := risk.Day(from).AddDate(0, 0, 1); !d.After(end); d = d.AddDate(0, 0, 1) {
		w, err := c.IsWorkday(d)
		if err != nil {
			return 0, err
		}
		if w {
			n++
		}
	}
	return n, nil
}

// Add returns the last day of a period of n working days after from: the
// n-th working day after from's day (China time, midnight).
func (c *Calendar) Add(from time.Time, n int) (time.Time, error) {
	d := risk.Day(from)
	if n == 0 {
		if _, err := c.IsWorkday(d); err != nil {
			return time.Time{}, err // the answer is from's own day: its year must be known
		}
	}
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		w, err := c.IsWorkday(d)
		if err != nil {
			return time.Time{}, err
		}
		if w {
			n--
		}
	}
	return d, nil
}
