package calendar

import (
	"errors"
	"testing"
	"time"

	"riskgate/internal/risk"
)

func date(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, risk.China)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOfficial2026(t *testing.T) {
	c, err := Official()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-04", 1, "2026-12-07"}, // Friday → Monday
		{"2026-12-07", 5, "2026-12-14"}, // a plain week
		{"2026-02-13", 1, "2026-02-14"}, // a worked Saturday (春节调休上班)
		{"2026-02-14", 1, "2026-02-24"}, // over the Spring Festival
		{"2026-09-30", 1, "2026-10-08"}, // over 国庆节
		{"2026-10-08", 2, "2026-10-10"}, // 10-09 Friday, 10-10 a worked Saturday
		{"2025-12-31", 1, "2026-01-04"}, // 元旦, then a worked Sunday
		{"2025-12-30", 1, ""},           // 2025-12-31 is not loaded
		{"2026-12-30", 3, ""},           // runs into 2027
	}
	for _, tt := range tests {
		got, err := c.Add(date(tt.from), tt.n)
		if tt.want == "" {
			if !errors.Is(err, risk.ErrInvalid) {
				t.Errorf("Add(%s, %d) = %v, %v; want an error naming the year", tt.from, tt.n, got, err)
			}
			continue
		}
		if err != nil || got.Format("2006-01-02") != tt.want {
			t.Errorf("Add(%s, %d) = %s, %v; want %s", tt.from, tt.n, got.Format("2006-01-02"), err, tt.want)
		}
		if n, err := c.Count(date(tt.from), got); err != nil || n != tt.n {
			t.Errorf("Count(%s, %s) = %d, %v; want %d", tt.from, tt.want, n, err, tt.n)
		}
	}
	if n, err := c.Count(date("2026-12-07"), date("2026-12-07")); n != 0 || err != nil {
		t.Errorf("the event's own day counted: %d %v", n, err)
	}
}
