package assess_test

import (
	"encoding/json"
	"strings"
	"testing"

	"riskgate/internal/assess"
)

// TestProbabilityExponentForm: a JSON number in exponent form, as Python
// and most encoders write small floats, is read exactly; one whose
// exponent would cost seconds of arithmetic is refused.
func TestProbabilityExponentForm(t *testing.T) {
	p := profile(t)
	for _, tt := range []struct{ in, exact string }{
		{"7.4e-05", "37/500000"}, {"7.4E-05", "37/500000"}, {"1e-3", "1/1000"}, {"2.5e-1", "1/4"}, {"1E0", "1"},
		{"4.9e-324", "49/1" + strings.Repeat("0", 325)}, // the smallest float64
	} {
		var step assess.Step
		if err := json.Unmarshal([]byte(`{"probability": `+tt.in+`}`), &step); err != nil {
			t.Fatalf("%s: %v", tt.in, err)
		}
		if got := one(t, p, 4, string(step.Probability)); got.Exact != tt.exact {
			t.Errorf("%s: exact %s, want %s", tt.in, got.Exact, tt.exact)
		}
	}
	for _, in := range []string{"1e-401", "1e-1000000", "1e1", "0x1p-2", "0b1", "0o7", "1e", "e-5", "Inf", "1_000e-4"} {
		if _, err := assess.Probability(in).Rat(); err == nil {
			t.Errorf("%s: accepted", in)
		}
	}
}
