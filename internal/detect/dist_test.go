package detect

import (
	"math"
	"strings"
	"testing"
)

func TestDistributions(t *testing.T) {
	// Textbook values: 2·P(T > 2) for 10 df; P(Y ≤ 2) for Poisson(1).
	if p := ptTwoSided(2, 10); math.Abs(p-0.07338803477074) > 1e-10 {
		t.Errorf("t test p = %.12f", p)
	}
	if p := ppois(2, 1); math.Abs(p-2.5*math.Exp(-1)) > 1e-14 {
		t.Errorf("ppois(2, 1) = %.15f", p)
	}
	// The negative binomial CDF through the incomplete beta equals the sum
	// of its probabilities, and the quantile is the first count reaching p.
	for _, c := range []struct{ size, mu float64 }{{0.22, 0.63}, {25.3, 951.4}, {3, 7}} {
		pr := c.size / (c.size + c.mu)
		pmf := math.Pow(pr, c.size)
		sum := 0.0
		for y := 0.0; y < 3*c.mu+50; y++ {
			sum += pmf
			if got := pnbinom(y, c.size, c.mu); math.Abs(got-sum) > 1e-9 {
				t.Fatalf("pnbinom(%v; %v, %v) = %v, summed %v", y, c.size, c.mu, got, sum)
			}
			pmf *= (y + c.size) / (y + 1) * (1 - pr)
		}
		for _, p := range []float64{0.5, 0.9, 0.95, 0.99} {
			q := qnbinom(p, c.size, c.mu)
			if pnbinom(q, c.size, c.mu) < p*(1-1e-12) || (q > 0 && pnbinom(q-1, c.size, c.mu) >= p) {
				t.Errorf("qnbinom(%v; %v, %v) = %v is not the first count reaching p", p, c.size, c.mu, q)
			}
		}
	}
	if q := qpois(0.95, 4); q != 8 { // P(Y≤7)=0.9489, P(Y≤8)=0.9786
		t.Errorf("qpois(0.95, 4) = %v, want 8", q)
	}
}

// An intercept-only weighted fit is the weighted mean, with covariance
// 1/Σwμ; the reported dispersion is the Pearson statistic over n − 1.
func TestFitPoissonInterceptOnly(t *testing.T) {
	y := []float64{3, 5, 0, 9, 4, 2}
	w := []float64{1, 1, 0.5, 2, 1, 0.5}
	X := make([]float64, len(y))
	logStart, ylogy := make([]float64, len(y)), make([]float64, len(y))
	var sw, swy float64
	for i := range y {
		X[i] = 1
		logStart[i] = math.Log(y[i] + 0.1)
		if y[i] > 0 {
			ylogy[i] = y[i] * math.Log(y[i])
		}
		sw += w[i]
		swy += w[i] * y[i]
	}
	var f poissonFit
	if err := f.fit(X, 1, y, logStart, ylogy, w); err != nil {
		t.Fatal(err)
	}
	mean := swy / sw
	if math.Abs(math.Exp(f.beta[0])-mean) > 1e-8*mean {
		t.Fatalf("μ = %v, weighted mean %v", math.Exp(f.beta[0]), mean)
	}
	if math.Abs(f.cov[0]*sw*mean-1) > 1e-6 {
		t.Fatalf("var(β₀)·Σwμ = %v", f.cov[0]*sw*mean)
	}
	var pearson float64
	for i := range y {
		pearson += w[i] * (y[i] - mean) * (y[i] - mean) / mean
	}
	if math.Abs(f.disp-pearson/5) > 1e-6 {
		t.Fatalf("dispersion %v, want %v", f.disp, pearson/5)
	}
}

func TestFarringtonOptions(t *testing.T) {
	p := DefaultFlexible()
	for _, bad := range [][2]string{{"b", "x"}, {"alpha", "NaN"}, {"reweight", "maybe"}, {"limit54", "5"}, {"range", "9"}, {"colour", "red"}} {
		if err := p.Set(bad[0], bad[1]); err == nil {
			t.Errorf("%s=%s accepted", bad[0], bad[1])
		}
	}
	for _, c := range []struct {
		name, value string
		field       func(Farrington) any
		want        any
	}{
		{"limit54", "c(3, 2)", func(f Farrington) any { return f.Limit54 }, [2]int{3, 2}},
		{"thresholdMethod", `"muan"`, func(f Farrington) any { return f.ThresholdMethod }, "muan"},
		{"trend", "FALSE", func(f Farrington) any { return f.Trend }, false},
		{"range", "10:20", func(f Farrington) any { return [2]int{f.From, f.To} }, [2]int{10, 20}},
	} {
		q := DefaultFlexible()
		if err := q.Set(c.name, c.value); err != nil || c.field(q) != c.want {
			t.Errorf("%s=%s: %v, %v", c.name, c.value, c.field(q), err)
		}
	}
	for _, bad := range []func(*Farrington){
		func(f *Farrington) { f.B = 0 },
		func(f *Farrington) { f.Alpha = 1 },
		func(f *Farrington) { f.NoPeriods = 60 },
		func(f *Farrington) { f.PowerTrans = "3/4" },
		func(f *Farrington) { f.Flexible = false; f.ThresholdMethod = "nbPlugin" },
	} {
		q := DefaultFlexible()
		bad(&q)
		if _, err := RunFarrington(nil, q); err == nil {
			t.Errorf("accepted %+v", q)
		}
	}
	// Dates that do not increase are refused with the week named.
	ws := []Week{{T: 1, Date: "2020-01-06"}, {T: 2, Date: "2020-01-06"}}
	if _, err := RunFarrington(ws, DefaultFarrington()); err == nil || !strings.Contains(err.Error(), "week 2") {
		t.Errorf("repeated date: %v", err)
	}
}

// muan and trend=false run end to end on a real series: bounds are
// defined and at least the expected count, and without trend none is kept.
func TestFarringtonMuanNoTrend(t *testing.T) {
	p := DefaultFlexible()
	p.ThresholdMethod, p.Trend, p.NoPeriods, p.PastWeeksNotIncluded = "muan", false, 10, 26
	got, err := RunFarrington(loadWeeks(t, "campyDE_weekly.csv"), p)
	if err != nil {
		t.Fatal(err)
	}
	defined := 0
	for _, g := range got {
		if !g.Defined || math.IsNaN(g.UpperBound) {
			continue
		}
		defined++
		if g.Trend || g.UpperBound < g.Expected || g.UpperBound != math.Floor(g.UpperBound) {
			t.Fatalf("week %d: %+v", g.T, g)
		}
	}
	if defined < 200 {
		t.Fatalf("only %d weeks evaluated", defined)
	}
}
