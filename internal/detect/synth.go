package detect

import (
	"math"
	"math/rand/v2"
	"time"
)

// Synthetic returns n weekly series of the given length for benchmarks:
// negative binomial counts around a seasonal log-linear mean (level from
// 0.5 to 300 a week, a mild trend, a yearly wave, overdispersion 1–3),
// with a few outbreaks of 2–6 weeks. Dated from the Monday 2015-01-05;
// the same seed gives the same series.
func Synthetic(seed uint64, n, weeks int) [][]Week {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	start := time.Date(2015, 1, 5, 0, 0, 0, 0, time.UTC)
	out := make([][]Week, n)
	for s := range out {
		level := math.Log(0.5) + r.Float64()*math.Log(600)
		trend := (r.Float64() - 0.5) * 0.004
		amp := r.Float64() * 0.8
		phase := r.Float64() * 2 * math.Pi
		phi := 1 + 2*r.Float64()
		boost := make([]float64, weeks)
		for range r.IntN(4) {
			at, length := r.IntN(weeks), 2+r.IntN(5)
			for i := at; i < min(weeks, at+length); i++ {
				boost[i] = 1 + r.Float64()*2
			}
		}
		ws := make([]Week, weeks)
		for t := range ws {
			mu := math.Exp(level + trend*float64(t) + amp*math.Sin(2*math.Pi*float64(t)/52+phase))
			mu *= 1 + boost[t]
			d := start.AddDate(0, 0, 7*t)
			y, w := d.ISOWeek()
			ws[t] = Week{T: t + 1, Year: y, Week: w, Date: d.Format(time.DateOnly), Observed: negBinomial(r, mu, phi)}
		}
		out[s] = ws
	}
	return out
}

// negBinomial draws a count with mean mu and variance phi·mu (a gamma
// mixture of Poissons).
func negBinomial(r *rand.Rand, mu, phi float64) float64 {
	lambda := mu
	if phi > 1 {
		shape := mu / (phi - 1)
		lambda = gammaDraw(r, shape) * (phi - 1)
	}
	return poissonDraw(r, lambda)
}

// gammaDraw is Marsaglia and Tsang's method (shape < 1 boosted).
func gammaDraw(r *rand.Rand, shape float64) float64 {
	if shape < 1 {
		return gammaDraw(r, shape+1) * math.Pow(r.Float64(), 1/shape)
	}
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if math.Log(u) < 0.5*x*x+d-d*v+d*math.Log(v) {
			return d * v
		}
	}
}

// poissonDraw multiplies uniforms for small means and uses the normal
// approximation (rounded, never negative) above 500.
func poissonDraw(r *rand.Rand, lambda float64) float64 {
	if lambda > 500 {
		return math.Max(0, math.Round(lambda+math.Sqrt(lambda)*r.NormFloat64()))
	}
	l, k, p := math.Exp(-lambda), 0.0, 1.0
	for {
		p *= r.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
