package detect

import "math"

// Distribution functions the Farrington methods need: Student's t for the
// trend test, the negative binomial and Poisson for Noufaily's plug-in
// thresholds. Written from the textbook definitions (regularised
// incomplete beta and gamma functions by their continued fractions).

// pnorm is Φ(x).
func pnorm(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// ptTwoSided is P(|T| ≥ |t|) for Student's t with df degrees of freedom.
func ptTwoSided(t float64, df int) float64 {
	v := float64(df)
	return betaInc(v/2, 0.5, v/(v+t*t))
}

// betaInc is the regularised incomplete beta function I_x(a, b).
func betaInc(a, b, x float64) float64 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 1
	}
	la, _ := math.Lgamma(a)
	lb, _ := math.Lgamma(b)
	lab, _ := math.Lgamma(a + b)
	front := math.Exp(lab - la - lb + a*math.Log(x) + b*math.Log1p(-x))
	if x < (a+1)/(a+b+2) {
		return front * betaFraction(a, b, x) / a
	}
	return 1 - front*betaFraction(b, a, 1-x)/b
}

// betaFraction evaluates the continued fraction of I_x(a, b) by the
// modified Lentz method.
func betaFraction(a, b, x float64) float64 {
	const tiny = 1e-300
	clamp := func(v float64) float64 {
		if math.Abs(v) < tiny {
			return tiny
		}
		return v
	}
	c, d := 1.0, 1/clamp(1-(a+b)*x/(a+1))
	h := d
	for m := 1.0; m <= 10000; m++ {
		even := m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m))
		d = 1 / clamp(1+even*d)
		c = clamp(1 + even/c)
		h *= d * c
		odd := -(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1))
		d = 1 / clamp(1+odd*d)
		c = clamp(1 + odd/c)
		h *= d * c
		if math.Abs(d*c-1) < 1e-16 {
			break
		}
	}
	return h
}

// gammaIncUpper is the regularised upper incomplete gamma Q(a, x).
func gammaIncUpper(a, x float64) float64 {
	if x <= 0 {
		return 1
	}
	lg, _ := math.Lgamma(a)
	front := math.Exp(a*math.Log(x) - x - lg)
	if x < a+1 { // series for P(a, x)
		sum, term := 1/a, 1/a
		for n := 1; n < 100000; n++ {
			term *= x / (a + float64(n))
			sum += term
			if term < sum*1e-17 {
				break
			}
		}
		return 1 - front*sum
	}
	const tiny = 1e-300
	b := x + 1 - a
	c, d := 1/tiny, 1/b
	h := d
	for i := 1; i < 100000; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		h *= d * c
		if math.Abs(d*c-1) < 1e-16 {
			break
		}
	}
	return front * h
}

// pnbinom is P(Y ≤ q) for the negative binomial with the given size and
// mean (variance μ + μ²/size).
func pnbinom(q, size, mu float64) float64 {
	if q < 0 {
		return 0
	}
	return betaInc(size, math.Floor(q)+1, size/(size+mu))
}

// ppois is P(Y ≤ q) for the Poisson with mean mu.
func ppois(q, mu float64) float64 {
	if q < 0 {
		return 0
	}
	return gammaIncUpper(math.Floor(q)+1, mu)
}

// discreteQuantile is the smallest integer y ≥ 0 with cdf(y) ≥ p, found
// from a normal approximation (mean, sd) and a walk; p is fuzzed down by
// 64 ulps so that a p landing on a step is not missed by rounding.
func discreteQuantile(p, mean, sd float64, cdf func(float64) float64) float64 {
	p *= 1 - 64*2.220446049250313e-16
	y := math.Max(0, math.Floor(mean+sd*Zquantile(p)))
	if cdf(y) >= p {
		for y > 0 && cdf(y-1) >= p {
			y--
		}
		return y
	}
	for cdf(y) < p {
		y++
	}
	return y
}

// qnbinom is the p-quantile of the negative binomial (size, mean).
func qnbinom(p, size, mu float64) float64 {
	return discreteQuantile(p, mu, math.Sqrt(mu+mu*mu/size), func(y float64) float64 { return pnbinom(y, size, mu) })
}

// qpois is the p-quantile of the Poisson with mean mu.
func qpois(p, mu float64) float64 {
	return discreteQuantile(p, mu, math.Sqrt(mu), func(y float64) float64 { return ppois(y, mu) })
}
