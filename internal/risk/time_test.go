package risk

import (
	"testing"
	"time"
)

func TestDayAndMonday(t *testing.T) {
	// 2026-12-06 17:30 UTC is Monday 2026-12-07 01:30 in China.
	at := time.Date(2026, 12, 6, 17, 30, 0, 0, time.UTC)
	if got, want := Day(at), time.Date(2026, 12, 7, 0, 0, 0, 0, China); !got.Equal(want) {
		t.Errorf("Day = %v, want %v", got, want)
	}
	if got, want := Monday(at), time.Date(2026, 12, 7, 0, 0, 0, 0, China); !got.Equal(want) {
		t.Errorf("Monday of a Monday = %v, want %v", got, want)
	}
	sunday := time.Date(2026, 12, 13, 23, 59, 0, 0, China)
	if got, want := Monday(sunday), time.Date(2026, 12, 7, 0, 0, 0, 0, China); !got.Equal(want) {
		t.Errorf("Monday of a Sunday = %v, want %v", got, want)
	}
}
