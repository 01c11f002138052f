package assess_test

import (
	"encoding/json"
	"math/big"
	"strings"
	"testing"

	"riskgate/internal/assess"
	"riskgate/internal/risk"
)

// FuzzProbability reads step probabilities as written in forms and JSON:
// one that Rat accepts lies in (0, 1] and gives every severity a level,
// the product written exactly; one it refuses makes Evaluate name the
// step in Chinese and English. A probability read from JSON is written
// back as the same string.
func FuzzProbability(f *testing.F) {
	// As assessors write them (the RAPEX/GPSD guidelines use fractions),
	// as JSON encoders write small floats, and refusals.
	for _, s := range []string{
		"1/10", "1/100", "1/1000000", "0.5", "1", "0.05", "7.4e-05", "4.9e-324", ".5", "1/3",
		"0", "1.5", "-0.5", "1/0", "2/1", "1e-401", "1e-1000000", "0x1p-2", "1_000e-4", "Inf", "NaN", " 1/ 10 ", "1/10/100", "",
		`"1/10"`, `0.5`, `"0.5"`, `7.4E-05`, `true`, `null`, `"\u0031/2"`, `-1/-2`,
	} {
		f.Add(s)
	}
	ps, err := assess.BuiltinProfiles()
	if err != nil {
		f.Fatal(err)
	}
	var p *assess.Profile
	for _, x := range ps {
		if x.Name == assess.DefaultProfile {
			p = x
		}
	}
	if p == nil {
		f.Fatal("no default profile")
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := assess.Probability(s).Rat()
		if err == nil && (r.Sign() <= 0 || r.Cmp(big.NewRat(1, 1)) > 0) {
			t.Fatalf("Rat(%q) = %s, outside (0, 1]", s, r.RatString())
		}
		for sev := 1; sev <= p.Severities; sev++ {
			res, everr := assess.Evaluate(p, []assess.Scenario{{Severity: sev, Steps: []assess.Step{{Probability: assess.Probability(s)}}}})
			if err != nil {
				e, ok := risk.AsError(everr)
				if !ok || len(e.Details) != 1 || e.Details[0].Field != "scenarios[0].steps[0].probability" || !strings.Contains(e.Details[0].Message, " / ") {
					t.Fatalf("Evaluate(%q): %v, want the step named in both languages", s, everr)
				}
				continue
			}
			if everr != nil {
				t.Fatalf("Evaluate(%q), severity %d: %v", s, sev, everr)
			}
			sr := res.Scenarios[0]
			if _, err := risk.ParseLevel(string(sr.Level)); err != nil || res.Level != sr.Level {
				t.Fatalf("Evaluate(%q), severity %d: level %q of %q", s, sev, sr.Level, res.Level)
			}
			if exact, ok := new(big.Rat).SetString(sr.Exact); !ok || exact.Cmp(r) != 0 {
				t.Fatalf("Evaluate(%q): exact %q, want %s", s, sr.Exact, r.RatString())
			}
		}
		// s as a JSON value: what is read is what is written back.
		var got assess.Probability
		if err := json.Unmarshal([]byte(s), &got); err != nil {
			return
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("Marshal(%q): %v", got, err)
		}
		var again assess.Probability
		if err := json.Unmarshal(b, &again); err != nil || again != got {
			t.Fatalf("%s: read %q, wrote %s, read back %q (%v)", s, got, b, again, err)
		}
	})
}
