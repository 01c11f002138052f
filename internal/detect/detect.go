// Package detect finds aberrations in count series — the weekly number of
// signals about a product, a hazard or a region — with the published
// algorithms, each alarm explained: observed, expected, upper bound,
// score. It is pure Go from the published definitions (CDC's EARS C1, C2
// and C3; CUSUM on standardised counts; Farrington 1996 and Noufaily 2013
// with a quasi-Poisson GLM fitted by IRLS).
package detect

import (
	"fmt"
	"math"
)

// Point is the outcome of one week.
type Point struct {
	T          int     // 1-based index in the series
	Observed   float64 //
	Expected   float64 // baseline mean
	UpperBound float64 // the count above which the week alarms
	Score      float64 // the method's statistic
	Alarm      bool
	Defined    bool // false when the baseline is too short or degenerate
}

// EARS holds the parameters of the EARS methods.
type EARS struct {
	Baseline int     // weeks in the baseline, default 7
	Alpha    float64 // one-sided level; z = Φ⁻¹(1−α)
	MinSigma float64 // lower bound of the baseline sd
	// Threshold is C3's alarm level (published: 2). Zero means 2.
	Threshold float64
}

// window returns the mean and sample sd of x[from:to].
func window(x []float64, from, to int) (mean, sd float64) {
	n := float64(to - from)
	for _, v := range x[from:to] {
		mean += v
	}
	mean /= n
	var ss float64
	for _, v := range x[from:to] {
		ss += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(ss / (n - 1))
}

func (p EARS) defaults(alpha float64) EARS {
	if p.Baseline == 0 {
		p.Baseline = 7
	}
	if p.Alpha == 0 {
		p.Alpha = alpha
	}
	if p.Threshold == 0 {
		p.Threshold = 2
	}
	return p
}

// Check validates the parameters a caller set (zero means the default).
func (p EARS) Check() error {
	if p.Baseline != 0 && (p.Baseline < 2 || p.Baseline > 520) {
		return fmt.Errorf("baseline must be 2–520 weeks")
	}
	if p.Alpha != 0 && !(p.Alpha > 0 && p.Alpha < 1) {
		return fmt.Errorf("alpha must be in (0, 1)")
	}
	if !(p.MinSigma >= 0) {
		return fmt.Errorf("minSigma must not be negative")
	}
	return nil
}

// c1c2 computes C1 (lag 0: baseline t−b..t−1) or C2 (lag 2: t−b−2..t−3).
func c1c2(x []float64, p EARS, lag int) []Point {
	z := Zquantile(1 - p.Alpha)
	out := make([]Point, len(x))
	for t := range x {
		out[t] = Point{T: t + 1, Observed: x[t]}
		from, to := t-p.Baseline-lag, t-lag
		if from < 0 {
			continue
		}
		mean, sd := window(x, from, to)
		sd = math.Max(sd, p.MinSigma)
		out[t].Expected, out[t].UpperBound, out[t].Defined = mean, mean+z*sd, true
		if sd > 0 {
			out[t].Score = (x[t] - mean) / sd
		}
		out[t].Alarm = x[t] > out[t].UpperBound
	}
	return out
}

// C1 is EARS C1: baseline the b weeks before t; alarm when the count
// exceeds mean + z·sd (z for one-sided α, default α = 0.001).
func C1(x []float64, p EARS) []Point { return c1c2(x, p.defaults(0.001), 0) }

// C2 is EARS C2: as C1 with a two-week guard band (baseline t−b−2..t−3).
func C2(x []float64, p EARS) []Point { return c1c2(x, p.defaults(0.001), 2) }

// C3 is EARS C3 as published (Hutwagner et al. 2003): the sum over t−2..t
// of max(0, C2 − 1); alarm when it exceeds the threshold (default 2). The
// upper bound is the count at t at which the sum would reach the
// threshold: mean_t + sd_t·(1 + threshold − previous terms), never below
// 0. R's surveillance::earsC computes a different bound (see doc/DETECTION.md).
func C3(x []float64, p EARS) []Point {
	p = p.defaults(0.025)
	c2 := C2(x, EARS{Baseline: p.Baseline, Alpha: p.Alpha, MinSigma: p.MinSigma})
	term := func(i int) float64 {
		if i < 0 || !c2[i].Defined {
			return 0
		}
		return math.Max(0, c2[i].Score-1)
	}
	out := make([]Point, len(x))
	for t := range x {
		out[t] = Point{T: t + 1, Observed: x[t]}
		if t < 2 || !c2[t].Defined || !c2[t-1].Defined || !c2[t-2].Defined {
			continue
		}
		prev := term(t-1) + term(t-2)
		mean, sd := c2[t].Expected, (c2[t].UpperBound-c2[t].Expected)/Zquantile(1-p.Alpha)
		out[t].Expected, out[t].Defined = mean, true
		out[t].Score = prev + term(t)
		out[t].UpperBound = math.Max(0, mean+sd*(1+p.Threshold-prev))
		out[t].Alarm = out[t].Score > p.Threshold
	}
	return out
}

// CUSUM holds the parameters of the CUSUM method.
type CUSUM struct {
	Baseline int     // weeks used to standardise, default 7 (as C1)
	K        float64 // reference value, default 1.04
	H        float64 // decision interval, default 2.26
	MinSigma float64
}

// Cusum is the CUSUM on standardised counts: z_t = (x_t − mean)/sd over
// the baseline before t; S_t = max(0, S_{t−1} + z_t − k); alarm when
// S_t ≥ h, after which S resets to 0. The upper bound is the count at t
// that would bring S_t to h.
func Cusum(x []float64, p CUSUM) []Point {
	if p.Baseline == 0 {
		p.Baseline = 7
	}
	if p.K == 0 {
		p.K = 1.04
	}
	if p.H == 0 {
		p.H = 2.26
	}
	out := make([]Point, len(x))
	s := 0.0
	for t := range x {
		out[t] = Point{T: t + 1, Observed: x[t]}
		if t-p.Baseline < 0 {
			continue
		}
		mean, sd := window(x, t-p.Baseline, t)
		sd = math.Max(sd, p.MinSigma)
		out[t].Expected, out[t].Defined = mean, true
		if sd == 0 {
			out[t].UpperBound = mean
			out[t].Alarm = x[t] > mean
			if out[t].Alarm {
				s = 0
			}
			continue
		}
		out[t].UpperBound = mean + sd*(p.H+p.K-s)
		s = math.Max(0, s+(x[t]-mean)/sd-p.K)
		out[t].Score = s
		if s >= p.H {
			out[t].Alarm = true
			s = 0
		}
	}
	return out
}

// Zquantile is Φ⁻¹(p), the standard normal quantile (Acklam's rational
// approximation refined by one Halley step: about 1e-15 relative).
func Zquantile(p float64) float64 {
	if p <= 0 || p >= 1 {
		return math.NaN()
	}
	a := [...]float64{-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00}
	b := [...]float64{-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01}
	c := [...]float64{-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00}
	d := [...]float64{7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00}
	var x float64
	switch {
	case p < 0.02425:
		q := math.Sqrt(-2 * math.Log(p))
		x = (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	case p > 1-0.02425:
		q := math.Sqrt(-2 * math.Log(1-p))
		x = -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q + c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q + 1)
	default:
		q := p - 0.5
		r := q * q
		x = (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r + a[5]) * q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r + 1)
	}
	// One Halley step on Φ(x) − p.
	e := 0.5*math.Erfc(-x/math.Sqrt2) - p
	u := e * math.Sqrt(2*math.Pi) * math.Exp(x*x/2)
	return x - u/(1+x*u/2)
}
