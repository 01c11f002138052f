package audit

import (
	"testing"
	"time"

	"riskgate/internal/risk"
)

// TestChainIsMAC: the batch form gives each entry the hash MAC gives it.
func TestChainIsMAC(t *testing.T) {
	k := NewKey()
	mac := k.Chain()
	prev := ""
	for i := range 5 {
		e := New(risk.System, "signal.create", "signal", risk.ID(i+1), "风险信息已录入")
		e.Seq, e.At = int64(i+1), time.Date(2026, 12, 6, 9, 0, i, 123456000, time.UTC)
		if i%2 == 1 {
			e.After = `{"a":1}`
		}
		got, want := mac(prev, &e), k.MAC(prev, &e)
		if got != want {
			t.Fatalf("entry %d: Chain %s, MAC %s", i, got, want)
		}
		prev = got
	}
}
