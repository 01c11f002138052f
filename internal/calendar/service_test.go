package calendar_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/calendar"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

func day(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, risk.China)
	if err != nil {
		panic(err)
	}
	return t
}

// A fictitious 2027: the real notice is published in November 2026 and
// riskgate does not ship it; what matters is that an entered year counts.
var year2027 = calendar.Year{Year: 2027, Source: "国务院办公厅关于2027年部分节假日安排的通知（测试）", Days: []calendar.Day{
	{Date: "2027-01-01", Name: "元旦"},
	{Date: "2027-01-04", Name: "元旦"},
	{Date: "2027-01-09", Workday: true, Name: "元旦调休上班"},
}}

// TestEnteredYearExtendsTheCalendar: a date past the embedded years is an
// error naming the year; an administrator enters the next year, audited,
// and every node's calendar counts with it; nobody else may, and a bad
// day is refused with nothing written.
func TestEnteredYearExtendsTheCalendar(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := func() time.Time { return day("2026-12-04") }
		node1 := &calendar.Service{Store: db.Calendar(), Now: now}
		node2 := &calendar.Service{Store: db.Calendar(), Now: now}
		admin := risk.Actor{UserID: 1, Login: "admin", Role: risk.RoleAdmin, Dept: "hn-admin"}
		officer := risk.Actor{UserID: 2, Login: "officer", Role: risk.RoleOfficer, Dept: "cs-customs"}

		// 2026-12-31 is a Thursday: the 1st working day after it would be in 2027.
		if _, err := node2.Workdays(ctx, day("2026-12-30"), 2); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), "2027") {
			t.Fatalf("past the calendar: %v", err)
		}
		if got, err := node2.Workdays(ctx, day("2026-09-30"), 2); err != nil || got.Format("2006-01-02") != "2026-10-09" {
			t.Fatalf("across 国庆节: %v %v", got, err)
		}

		bad := year2027
		bad.Days = append([]calendar.Day{}, year2027.Days...)
		bad.Days[1] = calendar.Day{Date: "2027-01-05", Workday: true, Name: "调休"} // a Tuesday
		if _, err := node1.Save(ctx, admin, bad); !errors.Is(err, risk.ErrInvalid) || !strings.Contains(err.Error(), "days[1].kind") {
			t.Fatalf("a weekday as a worked weekend day: %v", err)
		}
		if _, err := node1.Save(ctx, officer, year2027); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("an officer entered a year: %v", err)
		}
		if v, _ := db.Calendar().CalendarVersion(ctx); v != 0 {
			t.Fatalf("refused saves moved the version to %d", v)
		}

		// In December the administrator is asked for 2027; nobody else is.
		if ys, err := node2.Missing(ctx, admin); err != nil || len(ys) != 1 || ys[0] != 2027 {
			t.Fatalf("missing in December: %v %v", ys, err)
		}
		if ys, err := node2.Missing(ctx, officer); err != nil || ys != nil {
			t.Fatalf("an officer is asked for years: %v %v", ys, err)
		}
		if _, err := node1.Save(ctx, admin, year2027); err != nil {
			t.Fatal(err)
		}
		if ys, err := node2.Missing(ctx, admin); err != nil || len(ys) != 0 {
			t.Fatalf("missing once entered: %v %v", ys, err)
		}
		// Node 2 follows without a restart: 12-31 (Thu), then 01-01 and
		// 01-04 are holidays, 01-02/03 a weekend → 01-05, 01-06.
		got, err := node2.Workdays(ctx, day("2026-12-30"), 3)
		if err != nil || got.Format("2006-01-02") != "2027-01-06" {
			t.Fatalf("into the entered year: %v %v", got, err)
		}
		// The worked Saturday counts: 01-07 Thu, 01-08 Fri, 01-09 Sat.
		if got, err = node2.Workdays(ctx, day("2027-01-06"), 3); err != nil || got.Format("2006-01-02") != "2027-01-09" {
			t.Fatalf("a worked Saturday: %v %v", got, err)
		}
		ys, err := node2.Years(ctx)
		if err != nil || len(ys) != 2 || !ys[0].Official || ys[1].Official || ys[1].UpdatedBy == "" || ys[1].Holidays() != 2 {
			t.Fatalf("years: %+v %v", ys, err)
		}
		es, _, err := db.Audit().List(ctx, audit.Filter{Entity: "calendar_year", EntityID: 2027})
		if err != nil || len(es) != 1 || es[0].Action != "calendar.save" || !strings.Contains(es[0].After, "2027-01-09") {
			t.Fatalf("audit: %+v %v", es, err)
		}
		// Correcting a year replaces it whole; the audit keeps the old days.
		fixed := year2027
		fixed.Days = year2027.Days[:2]
		if _, err := node1.Save(ctx, admin, fixed); err != nil {
			t.Fatal(err)
		}
		if got, _ := node2.Workdays(ctx, day("2027-01-08"), 1); got.Format("2006-01-02") != "2027-01-11" {
			t.Fatalf("after the correction the Saturday is off again: %v", got)
		}
		es, _, _ = db.Audit().List(ctx, audit.Filter{Entity: "calendar_year", EntityID: 2027})
		if len(es) != 2 || !strings.Contains(es[0].Before+es[1].Before, "2027-01-09") {
			t.Fatalf("audit of the correction: %+v", es)
		}
	})
}

// TestMissingYears: before November only the current year is asked for;
// from November the next one too; a year past every entered one is asked
// for itself.
func TestMissingYears(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		admin := risk.Actor{UserID: 1, Login: "admin", Role: risk.RoleAdmin, Dept: "hn-admin"}
		for _, c := range []struct {
			now  string
			want string
		}{{"2026-10-31", "[]"}, {"2026-11-01", "[2027]"}, {"2028-03-02", "[2028]"}, {"2028-11-30", "[2028 2029]"}} {
			s := &calendar.Service{Store: db.Calendar(), Now: func() time.Time { return day(c.now) }}
			ys, err := s.Missing(ctx, admin)
			if got := fmt.Sprint(ys); err != nil || got != c.want && !(c.want == "[]" && ys == nil) {
				t.Errorf("%s: %v %v; want %s", c.now, got, err, c.want)
			}
		}
	})
}

func TestCheckYear(t *testing.T) {
	for _, c := range []struct {
		name  string
		edit  func(y *calendar.Year)
		field string
	}{
		{"no source", func(y *calendar.Year) { y.Source = " " }, "source"},
		{"year out of range", func(y *calendar.Year) { y.Year = 1999 }, "year"},
		{"no days", func(y *calendar.Year) { y.Days = nil }, "days"},
		{"not a date", func(y *calendar.Year) { y.Days[0].Date = "2027-02-30" }, "days[0].date"},
		{"another year", func(y *calendar.Year) { y.Days[0].Date = "2028-01-01" }, "days[0].date"},
		{"twice", func(y *calendar.Year) { y.Days[1].Date = y.Days[0].Date }, "days[1].date"},
		{"no name", func(y *calendar.Year) { y.Days[2].Name = "" }, "days[2].name"},
		{"too many", func(y *calendar.Year) {
			for i := 0; i <= calendar.MaxDays; i++ {
				y.Days = append(y.Days, y.Days[0])
			}
		}, "days"},
	} {
		y := year2027
		y.Days = append([]calendar.Day{}, year2027.Days...)
		c.edit(&y)
		err := calendar.Check(&y)
		var e *risk.Error
		if !errors.As(err, &e) || e.Field != c.field {
			t.Errorf("%s: %v, want an error on %s", c.name, err, c.field)
		}
	}
	y := year2027
	y.Days = []calendar.Day{year2027.Days[2], year2027.Days[0]}
	if err := calendar.Check(&y); err != nil || y.Days[0].Date != "2027-01-01" {
		t.Fatalf("a good year: %v, days %v", err, y.Days)
	}
}

func TestParseDays(t *testing.T) {
	days, err := calendar.ParseDays(strings.NewReader("date,kind,name\n2027-01-01,holiday,元旦\n\n2027-01-09, 调休上班, 元旦调休上班\n"))
	if err != nil || len(days) != 2 || days[0].Workday || !days[1].Workday || days[1].Name != "元旦调休上班" {
		t.Fatalf("%+v %v", days, err)
	}
	for _, in := range []string{"2027-01-01,holiday", "2027-01-01,vacation,元旦", "2027-01-01,holiday,元旦,x"} {
		if _, err := calendar.ParseDays(strings.NewReader(in)); !errors.Is(err, risk.ErrInvalid) {
			t.Errorf("%q: %v", in, err)
		}
	}
}
