package reminder

import (
	"testing"
	"time"

	"riskgate/internal/calendar"
	"riskgate/internal/risk"
)

func TestStageOf(t *testing.T) {
	cal, err := calendar.Official()
	if err != nil {
		t.Fatal(err)
	}
	day := func(s string) time.Time {
		d, _ := time.ParseInLocation("2006-01-02", s, risk.China)
		return d
	}
	for _, c := range []struct {
		today, due string
		want       Stage
	}{
		{"2026-09-29", "2026-10-09", ""}, // across 国庆节: 09-30, 10-08, 10-09 — three working days
		{"2026-12-01", "2026-12-03", DueSoon},
		{"2026-12-01", "2026-12-04", ""},
		{"2026-12-04", "2026-12-03", Overdue},
		{"2026-12-03", "2026-12-03", DueSoon},
	} {
		got, ok := stageOf(cal, day(c.today), day(c.due))
		if !ok || got != c.want {
			t.Errorf("%s → %s: %q %v, want %q", c.today, c.due, got, ok, c.want)
		}
	}
	if _, ok := stageOf(cal, day("2026-12-30"), day("2027-01-08")); ok {
		t.Error("a deadline in a year the calendar lacks got a stage")
	}
}

func TestSettingsCheck(t *testing.T) {
	for _, c := range []struct {
		s     Settings
		field string
	}{
		{Settings{Email: "a@b.example", By: ByEmail}, ""},
		{Settings{By: InboxOnly}, ""},
		{Settings{By: ByEmail}, "email"},
		{Settings{Email: "Name <a@b.example>", By: ByEmail}, "email"},
		{Settings{Email: "a@b.example", By: "pigeon"}, "remind_by"},
	} {
		err := c.s.Check()
		e, _ := risk.AsError(err)
		if (c.field == "") != (err == nil) || err != nil && e.Field != c.field {
			t.Errorf("%+v: %v, want field %q", c.s, err, c.field)
		}
	}
}
