package detect

import (
	"errors"
	"math"
)

// poissonFit is a log-linear quasi-Poisson model fitted by iteratively
// reweighted least squares, the way McCullagh and Nelder describe it:
// start at μ = y + 0.1, solve the weighted least squares of the working
// response z = η + (y − μ)/μ with weights prior·μ, stop when the deviance
// changes by less than 1e-8 relative (25 iterations at most).
//
// A poissonFit keeps its arrays from fit to fit: the weeks of a series
// are fitted into the same few values without allocating (issue 21).
type poissonFit struct {
	p    int       // columns of the design
	beta []float64 // the coefficients
	mu   []float64 // fitted means of the rows
	work []float64 // working weights of the last solve
	// cov is (XᵀWX)⁻¹ at the fit (p×p, row-major): the unscaled
	// covariance of beta.
	cov  []float64
	disp float64 // Pearson dispersion Σ prior·(y−μ)²/μ / (n − p)
	// dispWork is Σ prior·((y−μ)/μ)² / (n − p): the squared working
	// residuals weighted by the prior weights alone, not by μ. It is
	// not a dispersion of the model, but what R's farringtonFlexible
	// scales the covariance by (docs/DETECTION.md).
	dispWork float64
	df       int // n − p

	eta, logMu, next, a, rhs, col []float64 // scratch
}

var errNoConvergence = errors.New("GLM did not converge")

// epsMu is the floor of a fitted mean (R's glm: .Machine$double.eps).
const epsMu = 2.220446049250313e-16

var logEpsMu = math.Log(epsMu)

// grow returns s resliced to n, reallocated when too short.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n, 2*n)
	}
	return s[:n]
}

// fit fits y ~ X, X holding n = len(y) rows of p columns (row-major),
// with prior weights pw (nil: all 1). logStart[i] must be log(y[i] + 0.1)
// and ylogy[i] y[i]·log y[i] (0 at y = 0): what all the fits of a series
// share, computed once. The arithmetic is the straightforward fit's, step
// for step, so the results are the same to the bit.
func (f *poissonFit) fit(X []float64, p int, y, logStart, ylogy, pw []float64) error {
	n := len(y)
	if n <= p {
		return errors.New("fewer observations than parameters")
	}
	f.p = p
	f.beta, f.mu, f.work = grow(f.beta, p), grow(f.mu, n), grow(f.work, n)
	f.cov, f.a, f.rhs, f.col = grow(f.cov, p*p), grow(f.a, p*p), grow(f.rhs, p), grow(f.col, p)
	f.eta, f.logMu = grow(f.eta, n), grow(f.logMu, n)
	mu, eta, logMu, work, beta, A := f.mu, f.eta, f.logMu, f.work, f.beta, f.a
	for i := range y {
		mu[i] = y[i] + 0.1
		eta[i] = logStart[i]
		logMu[i] = eta[i]
	}
	// deviance is 2Σ prior·(y log(y/μ) − (y − μ)), with no logarithm
	// in the loop: y log(y/μ) = y log y − y log μ.
	deviance := func() float64 {
		var d float64
		for i := range y {
			r := mu[i] - y[i]
			if y[i] > 0 {
				r += ylogy[i] - y[i]*logMu[i]
			}
			if pw != nil {
				r *= pw[i]
			}
			d += r
		}
		return 2 * d
	}
	devOld := deviance()
	clear(beta)
	var err error
	// Designs of one or two columns whose first is the intercept (the
	// default models: trend or not, one reference level) take irlsShort;
	// both do the same arithmetic in the same order, so the results are
	// the same to the bit.
	short := p <= 2
	for i := 0; short && i < n; i++ {
		short = X[i*p] == 1
	}
	f.next = grow(f.next, n)
	var converged bool
	if short {
		converged, err = f.irlsShort(X, p, y, ylogy, pw, devOld)
	} else {
		converged, err = f.irls(X, p, y, ylogy, pw, devOld, deviance)
	}
	if err != nil {
		return err
	}
	mu, work = f.mu, f.work
	if !converged {
		return errNoConvergence
	}
	// As R's glm.fit reports them: the working weights (and so the
	// covariance, leverages and dispersion) are those of the last least
	// squares solve, taken at the means before its update; the residuals
	// are at the final means. This matters at 1e-5: the step before the
	// deviance settles is still of that size.
	clear(A)
	var pearson, working float64
	for i := range y {
		w := work[i]
		row := X[i*p : i*p+p]
		for a, xa := range row {
			Aa := A[a*p : a*p+a+1]
			for b := range Aa {
				Aa[b] += w * xa * row[b]
			}
		}
		r := (y[i] - mu[i]) / mu[i]
		pearson += w * r * r
		if pw != nil {
			working += pw[i] * r * r
		} else {
			working += r * r
		}
	}
	if err := invertSPD(A, p, f.cov, f.col); err != nil {
		return err
	}
	f.disp, f.dispWork, f.df = pearson/float64(n-p), working/float64(n-p), n-p
	return nil
}

// irls runs the iterations of fit on any design: it returns whether the
// deviance settled, with beta, mu and work (the weights of the last
// solve) those of the fit.
func (f *poissonFit) irls(X []float64, p int, y, ylogy, pw []float64, devOld float64, deviance func() float64) (bool, error) {
	mu, eta, logMu, work, beta, A, rhs := f.mu, f.eta, f.logMu, f.work, f.beta, f.a, f.rhs
	for iter := 0; iter < 25; iter++ {
		clear(A)
		clear(rhs)
		for i := range y {
			w := mu[i]
			if pw != nil {
				w = pw[i] * mu[i]
			}
			work[i] = w
			z := eta[i] + (y[i]-mu[i])/mu[i]
			row := X[i*p : i*p+p]
			for a, xa := range row {
				if xa == 0 {
					continue
				}
				rhs[a] += w * xa * z
				Aa := A[a*p : a*p+a+1]
				for b := range Aa {
					Aa[b] += w * xa * row[b]
				}
			}
		}
		if err := solveSPD(A, p, rhs, beta); err != nil {
			return false, err
		}
		for i := range y {
			var e float64
			for a, xa := range X[i*p : i*p+p] {
				e += xa * beta[a]
			}
			eta[i], mu[i], logMu[i] = e, math.Exp(e), e
			if mu[i] < epsMu {
				mu[i], logMu[i] = epsMu, logEpsMu
			}
		}
		dev := deviance()
		if math.Abs(dev-devOld)/(math.Abs(dev)+0.1) < glmEps {
			return true, nil
		}
		devOld = dev
	}
	return false, nil
}

// irlsShort is irls for a design of one or two columns whose first is the
// intercept (x = (1) or (1, t)). One pass over the rows per iteration
// updates the means, sums the deviance and builds the next normal
// equations, each in irls's order of operations; without t every row
// has the same linear predictor and so one exponential.
func (f *poissonFit) irlsShort(X []float64, p int, y, ylogy, pw []float64, devOld float64) (bool, error) {
	mu, eta, beta, A, rhs := f.mu, f.eta, f.beta, f.a, f.rhs
	work, next := f.work, f.next
	hasT := p == 2
	var a00, a10, a11, r0, r1 float64
	for i := range y {
		w := mu[i]
		if pw != nil {
			w = pw[i] * mu[i]
		}
		work[i] = w
		z := eta[i] + (y[i]-mu[i])/mu[i]
		r0 += w * z
		a00 += w
		if hasT {
			if t := X[2*i+1]; t != 0 {
				wt := w * t
				r1 += wt * z
				a10 += wt
				a11 += wt * t
			}
		}
	}
	for iter := 0; iter < 25; iter++ {
		A[0], rhs[0] = a00, r0
		if hasT {
			A[1], A[2], A[3], rhs[1] = 0, a10, a11, r1
		}
		if err := solveSPD(A, p, rhs, beta); err != nil {
			return false, err
		}
		b0, b1 := beta[0], 0.0
		if hasT {
			b1 = beta[1]
		}
		e0 := 0 + b0
		m0 := math.Exp(e0)
		a00, a10, a11, r0, r1 = 0, 0, 0, 0, 0
		var d float64
		for i, yi := range y {
			e, m := e0, m0
			if hasT {
				t := X[2*i+1]
				e += t * b1
				m = math.Exp(e)
			}
			lm := e
			if m < epsMu {
				m, lm = epsMu, logEpsMu
			}
			mu[i] = m
			r := m - yi
			if yi > 0 {
				r += ylogy[i] - yi*lm
			}
			w := m
			if pw != nil {
				r *= pw[i]
				w = pw[i] * m
			}
			d += r
			next[i] = w
			z := e + (yi-m)/m
			r0 += w * z
			a00 += w
			if hasT {
				if t := X[2*i+1]; t != 0 {
					wt := w * t
					r1 += wt * z
					a10 += wt
					a11 += wt * t
				}
			}
		}
		dev := 2 * d
		if math.Abs(dev-devOld)/(math.Abs(dev)+0.1) < glmEps {
			f.work, f.next = work, next
			return true, nil
		}
		devOld = dev
		work, next = next, work
	}
	f.work, f.next = work, next
	return false, nil
}

// hat returns the leverage of row x with working weight w: w·xᵀ(XᵀWX)⁻¹x.
func (f *poissonFit) hat(x []float64, w float64) float64 {
	if f.p == 2 {
		c := f.cov
		s := 0 + x[0]*c[0]*x[0]
		s += x[0] * c[1] * x[1]
		s += x[1] * c[2] * x[0]
		s += x[1] * c[3] * x[1]
		return w * s
	}
	var s float64
	for a := range x {
		for b := range x {
			s += x[a] * f.cov[a*f.p+b] * x[b]
		}
	}
	return w * s
}

// cholesky factors the lower triangle of the p×p matrix A (row-major) in
// place (A = LLᵀ).
func cholesky(A []float64, p int) error {
	for j := 0; j < p; j++ {
		s := A[j*p+j]
		for k := 0; k < j; k++ {
			s -= A[j*p+k] * A[j*p+k]
		}
		if !(s > 0) {
			return errors.New("singular design")
		}
		A[j*p+j] = math.Sqrt(s)
		for i := j + 1; i < p; i++ {
			s := A[i*p+j]
			for k := 0; k < j; k++ {
				s -= A[i*p+k] * A[j*p+k]
			}
			A[i*p+j] = s / A[j*p+j]
		}
	}
	return nil
}

// cholSolve solves LLᵀx = x in place, L the factor cholesky left in A.
func cholSolve(A []float64, p int, x []float64) {
	for i := 0; i < p; i++ {
		s := x[i]
		for k := 0; k < i; k++ {
			s -= A[i*p+k] * x[k]
		}
		x[i] = s / A[i*p+i]
	}
	for i := p - 1; i >= 0; i-- {
		s := x[i]
		for k := i + 1; k < p; k++ {
			s -= A[k*p+i] * x[k]
		}
		x[i] = s / A[i*p+i]
	}
}

// solveSPD solves Ax = b for the symmetric positive definite p×p matrix A
// given by its lower triangle (A is overwritten).
func solveSPD(A []float64, p int, b, x []float64) error {
	if err := cholesky(A, p); err != nil {
		return err
	}
	copy(x, b)
	cholSolve(A, p, x)
	return nil
}

// invertSPD writes A⁻¹ into inv from the lower triangle of A
// (overwritten); col is scratch of length p.
func invertSPD(A []float64, p int, inv, col []float64) error {
	if err := cholesky(A, p); err != nil {
		return err
	}
	for j := 0; j < p; j++ {
		clear(col)
		col[j] = 1
		cholSolve(A, p, col)
		for i := 0; i < p; i++ {
			inv[i*p+j] = col[i]
		}
	}
	return nil
}

var glmEps = 1e-8
