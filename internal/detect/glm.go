package detect

import (
	"errors"
	"math"
	"math/big"
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

	eta, logMu, next, a, rhs, col, tcol []float64 // scratch
}

var errNoConvergence = errors.New("GLM did not converge")

// errCloseCall is fitShort's: the deviance's change came within 1 % of
// the stopping rule.
var errCloseCall = errors.New("GLM stopping rule too close to call")

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
// share, computed once. Designs of one or two columns whose first is the
// intercept take fitShort; the others are fitted with the straightforward
// fit's arithmetic, step for step, and so to the same bit.
func (f *poissonFit) fit(X []float64, p int, y, logStart, ylogy, pw []float64) error {
	n := len(y)
	if n <= p {
		return errors.New("fewer observations than parameters")
	}
	f.p = p
	f.beta, f.mu, f.work = grow(f.beta, p), grow(f.mu, n), grow(f.work, n)
	f.cov, f.a, f.rhs, f.col = grow(f.cov, p*p), grow(f.a, p*p), grow(f.rhs, p), grow(f.col, p)
	f.eta, f.logMu = grow(f.eta, n), grow(f.logMu, n)
	f.next = grow(f.next, n)
	short := p <= 2
	for i := 0; short && i < n; i++ {
		short = X[i*p] == 1
	}
	if short {
		err := f.fitShort(X, p, y, logStart, ylogy, pw)
		// A fit without residuals (a constant series, all zeros) leaves
		// the trend's t statistic a ratio of rounding errors: there, and
		// when fitShort's stopping was a close call, the straightforward
		// arithmetic decides, as it did before.
		if err != errCloseCall && (err != nil || !(f.disp < 1e-20 || f.dispWork < 1e-20)) {
			return err
		}
	}
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
	converged, err := f.irls(X, p, y, ylogy, pw, devOld, deviance)
	if err != nil {
		return err
	}
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

// fitShort is fit for a design of one or two columns whose first is the
// intercept: x = (1), or (1, t) with t the week relative to the one
// evaluated — the models of the default options. Each iteration is one
// pass over the rows that updates the means, sums the deviance and builds
// the next normal equations, whose right-hand side Σ w·z·x, with
// w = prior·μ and z = η + (y − μ)/μ, it sums as Σ prior·μ·η·x +
// Σ prior·y·x − Σ prior·μ·x: no division, and Σ prior·y·x is the same in
// every iteration. The 2×2 system is solved in place. Without t all rows
// share one exponential; with it, a row whose t is one more than the row
// before's takes that row's μ times exp(β₁), with a fresh exponential
// every eighth row. These cost a few roundings (about 1e-15 relative);
// TestFarringtonFastMatchesPlain bounds their effect on the results.
func (f *poissonFit) fitShort(X []float64, p int, y, logStart, ylogy, pw []float64) error {
	n := len(y)
	hasT := p == 2
	X, logStart, ylogy = X[:p*n], logStart[:n], ylogy[:n]
	prev, cur, beta := f.work[:n], f.mu[:n], f.beta
	if pw != nil {
		pw = pw[:n]
	}
	// tc holds t of each row (zeros without a trend column).
	f.tcol = grow(f.tcol, n)
	tc := f.tcol
	for i := range tc {
		tc[i] = 0
		if hasT {
			tc[i] = X[2*i+1]
		}
	}
	tOf := func(i int) float64 { return tc[i] }
	// The start: μ = y + 0.1, η = log μ.
	var a00, a10, a11, r0, r1, sy, sty, devOld float64
	for i, yi := range y {
		m, e, t := yi+0.1, logStart[i], tOf(i)
		cur[i] = m
		d := m - yi + (ylogy[i] - yi*e)
		w, wy := m, yi
		if pw != nil {
			d *= pw[i]
			w, wy = pw[i]*m, pw[i]*yi
		}
		devOld += d
		sy += wy
		sty += wy * t
		we := w * e
		r0 += we
		r1 += we * t
		a00 += w
		wt := w * t
		a10 += wt
		a11 += wt * t
	}
	devOld *= 2
	for iter := 0; iter < 25; iter++ {
		r0 += sy - a00
		r1 += sty - a10
		var b0, b1, l00, l10, l11 float64
		if hasT {
			l00 = math.Sqrt(a00)
			l10 = a10 / l00
			s := a11 - l10*l10
			if !(a00 > 0) || !(s > 0) {
				return errors.New("singular design")
			}
			l11 = math.Sqrt(s)
			x0 := r0 / l00
			x1 := (r1 - l10*x0) / l11 / l11
			b0, b1 = (x0-l10*x1)/l00, x1
			beta[0], beta[1] = b0, b1
		} else {
			if !(a00 > 0) {
				return errors.New("singular design")
			}
			l00 = math.Sqrt(a00)
			b0 = r0 / l00 / l00
			beta[0] = b0
		}
		prev, cur = cur, prev
		var mRaw, q float64
		if hasT {
			q = expFast(b1)
		} else {
			mRaw = expFast(b0)
		}
		a00, a10, a11, r0, r1 = 0, 0, 0, 0, 0
		var dev float64
		if hasT {
			a00, a10, a11, r0, r1, dev = trendPass(y, ylogy, tc, cur, pw, b0, b1, q)
		} else {
			m, lm := mRaw, b0
			if m < epsMu {
				m, lm = epsMu, logEpsMu
			}
			cur := cur[:len(y)]
			for i, yi := range y {
				cur[i] = m
				d := m - yi + (ylogy[i] - yi*lm)
				w := m
				if pw != nil {
					d *= pw[i]
					w = pw[i] * m
				}
				dev += d
				r0 += w * b0
				a00 += w
			}
		}
		dev *= 2
		change := math.Abs(dev-devOld) / (math.Abs(dev) + 0.1)
		if math.Abs(change-glmEps) < glmEps/100 {
			// So close to the stopping rule that this path's last bits
			// could stop one iteration before or after the
			// straightforward one (a difference of 1e-5 in the fit):
			// let the straightforward arithmetic decide.
			return errCloseCall
		}
		if change < glmEps {
			// As R's glm.fit reports them (see fit): the weights, and
			// so XᵀWX, of the last solve; the residuals at the final μ.
			var pearson, working float64
			for i, yi := range y {
				w := prev[i]
				if pw != nil {
					w = pw[i] * prev[i]
				}
				prev[i] = w
				r := (yi - cur[i]) / cur[i]
				pearson += w * r * r
				if pw != nil {
					working += pw[i] * r * r
				} else {
					working += r * r
				}
			}
			// (XᵀWX)⁻¹ from the factor L of the last solve, column by
			// column as invertSPD does.
			if hasT {
				c1 := -l10 * (1 / l00) / l11 / l11
				f.cov[0], f.cov[2] = (1/l00-l10*c1)/l00, c1
				c1 = 1 / l11 / l11
				f.cov[1], f.cov[3] = (0-l10*c1)/l00, c1
			} else {
				f.cov[0] = 1 / l00 / l00
			}
			f.work, f.mu = prev, cur
			f.disp, f.dispWork, f.df = pearson/float64(n-p), working/float64(n-p), n-p
			return nil
		}
		devOld = dev
	}
	f.work, f.mu = prev, cur
	return errNoConvergence
}

// trendPass is one iteration of fitShort with a trend: the means at
// η = b0 + b1·t (cur), the deviance, and the sums of the next normal
// equations. q is exp(b1).
func trendPass(y, ylogy, tc, cur, pw []float64, b0, b1, q float64) (a00, a10, a11, r0, r1, dev float64) {
	n := len(y)
	ylogy, tc, cur = ylogy[:n], tc[:n], cur[:n]
	var mRaw float64
	tPrev, run := math.Inf(-1), 0
	if pw != nil {
		pw = pw[:n]
	}
	for i, yi := range y {
		t := tc[i]
		e := b0 + t*b1
		if run < 8 && t == tPrev+1 {
			mRaw *= q
			run++
		} else {
			mRaw = expFast(e)
			run = 1
		}
		tPrev = t
		m, lm := mRaw, e
		if m < epsMu {
			m, lm = epsMu, logEpsMu
		}
		cur[i] = m
		d := m - yi + (ylogy[i] - yi*lm)
		w := m
		if pw != nil {
			d *= pw[i]
			w = pw[i] * m
		}
		dev += d
		we := w * e
		r0 += we
		r1 += we * t
		a00 += w
		wt := w * t
		a10 += wt
		a11 += wt * t
	}
	return
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

// expTable[j] is 2^(j/64).
var expTable = func() (t [64]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 64)
	}
	return t
}()

// ln2by64Hi + ln2by64Lo is ln 2/64 to about 1e-34.
var ln2by64Hi, ln2by64Lo = func() (float64, float64) {
	l, _ := new(big.Float).SetPrec(200).SetString("0.6931471805599453094172321214581765680755001343602552541206800094933936219696947156058633269964186875")
	l.Quo(l, big.NewFloat(64))
	hi, _ := l.Float64()
	lo, _ := l.Sub(l, new(big.Float).SetFloat64(hi)).Float64()
	return hi, lo
}()

// expFast is eˣ within 3 ulps (TestExpFast), several times faster than
// math.Exp, whose chain of dependent steps the fits wait on: x = (64k +
// j)·ln 2/64 + r with |r| ≤ ln 2/128, eˣ = 2ᵏ·2^(j/64)·eʳ, eʳ by its
// Taylor polynomial to r⁶ (the remainder is below 1e-17 relative).
// Outside ±700 and for NaN it is math.Exp.
func expFast(x float64) float64 {
	if !(x > -700 && x < 700) {
		return math.Exp(x)
	}
	const shift = 0x1.8p52 // adding it rounds to an integer kept in the low bits
	kf := x*(64/math.Ln2) + shift
	k := int64(math.Float64bits(kf) - math.Float64bits(shift))
	kf -= shift
	r := math.FMA(-kf, ln2by64Hi, x)
	r = math.FMA(-kf, ln2by64Lo, r)
	p := r * (1 + r*(1.0/2+r*(1.0/6+r*(1.0/24+r*(1.0/120+r*(1.0/720))))))
	t := expTable[k&63]
	v := t + t*p
	return math.Float64frombits(math.Float64bits(v) + uint64(k>>6)<<52)
}
