package web

import (
	"testing"
	"time"
)

// TestRequestRateConfig: a server given a request rate limit keeps to it
// per address — its burst, then its rate — and one given none takes the
// defaults.
func TestRequestRateConfig(t *testing.T) {
	at := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return at }
	s := &Server{RequestRate: 1, RequestBurst: 2, Now: clock}
	if err := s.Init(); err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, true, false} {
		if got := s.limiter.allow("203.0.113.7"); got != want {
			t.Fatalf("request %d allowed %v, want %v", i+1, got, want)
		}
	}
	if !s.limiter.allow("203.0.113.8") {
		t.Error("another address shares the first one's limit")
	}
	at = at.Add(time.Second)
	if !s.limiter.allow("203.0.113.7") {
		t.Error("a second later, the rate gives no new request")
	}
	d := &Server{Now: clock}
	if err := d.Init(); err != nil {
		t.Fatal(err)
	}
	if d.limiter.rate != DefaultRequestRate || d.limiter.burst != DefaultRequestBurst {
		t.Errorf("defaults: %v a second, %v at once", d.limiter.rate, d.limiter.burst)
	}
}
