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
type poissonFit struct {
	beta []float64
	mu   []float64 // fitted means of the rows
	work []float64 // working weights of the last solve
	// cov is (XᵀWX)⁻¹ at the fit: the unscaled covariance of beta.
	cov  [][]float64
	disp float64 // Pearson dispersion Σ prior·(y−μ)²/μ / (n − p)
	// dispWork is Σ prior·((y−μ)/μ)² / (n − p): the squared working
	// residuals weighted by the prior weights alone, not by μ. It is
	// not a dispersion of the model, but what R's farringtonFlexible
	// scales the covariance by (docs/DETECTION.md).
	dispWork float64
	df       int // n − p
}

var errNoConvergence = errors.New("GLM did not converge")

// fitPoisson fits y ~ X with prior weights pw (nil: all 1).
func fitPoisson(X [][]float64, y, pw []float64) (*poissonFit, error) {
	n, p := len(y), len(X[0])
	if n <= p {
		return nil, errors.New("fewer observations than parameters")
	}
	prior := pw
	if prior == nil {
		prior = make([]float64, n)
		for i := range prior {
			prior[i] = 1
		}
	}
	mu := make([]float64, n)
	eta := make([]float64, n)   // the linear predictor
	logMu := make([]float64, n) // log μ: η unless μ was clamped at ε
	ylogy := make([]float64, n) // y·log y, 0 at y = 0
	for i := range y {
		mu[i] = y[i] + 0.1
		eta[i] = math.Log(mu[i])
		logMu[i] = eta[i]
		if y[i] > 0 {
			ylogy[i] = y[i] * math.Log(y[i])
		}
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
			d += prior[i] * r
		}
		return 2 * d
	}
	devOld := deviance()
	beta := make([]float64, p)
	A := newMatrix(p)
	rhs := make([]float64, p)
	work := make([]float64, n)
	converged := false
	for iter := 0; iter < 25; iter++ {
		for j := range A {
			clear(A[j])
		}
		clear(rhs)
		for i := range y {
			w := prior[i] * mu[i]
			work[i] = w
			z := eta[i] + (y[i]-mu[i])/mu[i]
			for a, xa := range X[i] {
				if xa == 0 {
					continue
				}
				rhs[a] += w * xa * z
				for b := 0; b <= a; b++ {
					A[a][b] += w * xa * X[i][b]
				}
			}
		}
		if err := solveSPD(A, rhs, beta); err != nil {
			return nil, err
		}
		for i := range y {
			var e float64
			for a, xa := range X[i] {
				e += xa * beta[a]
			}
			eta[i], mu[i], logMu[i] = e, math.Exp(e), e
			if mu[i] < 2.220446049250313e-16 {
				mu[i], logMu[i] = 2.220446049250313e-16, math.Log(2.220446049250313e-16)
			}
		}
		dev := deviance()
		if math.Abs(dev-devOld)/(math.Abs(dev)+0.1) < glmEps {
			converged = true
			break
		}
		devOld = dev
	}
	if !converged {
		return nil, errNoConvergence
	}
	// As R's glm.fit reports them: the working weights (and so the
	// covariance, leverages and dispersion) are those of the last least
	// squares solve, taken at the means before its update; the residuals
	// are at the final means. This matters at 1e-5: the step before the
	// deviance settles is still of that size.
	for j := range A {
		clear(A[j])
	}
	var pearson, working float64
	for i := range y {
		w := work[i]
		for a, xa := range X[i] {
			for b := 0; b <= a; b++ {
				A[a][b] += w * xa * X[i][b]
			}
		}
		r := (y[i] - mu[i]) / mu[i]
		pearson += w * r * r
		working += prior[i] * r * r
	}
	cov, err := invertSPD(A)
	if err != nil {
		return nil, err
	}
	return &poissonFit{beta: beta, mu: mu, work: work, cov: cov, disp: pearson / float64(n-p),
		dispWork: working / float64(n-p), df: n - p}, nil
}

// hat returns the leverage of row i: wᵢ·xᵢᵀ(XᵀWX)⁻¹xᵢ.
func (f *poissonFit) hat(X [][]float64, i int) float64 {
	return f.work[i] * quad(f.cov, X[i])
}

func quad(m [][]float64, x []float64) float64 {
	var s float64
	for a := range x {
		for b := range x {
			s += x[a] * m[a][b] * x[b]
		}
	}
	return s
}

func newMatrix(p int) [][]float64 {
	m := make([][]float64, p)
	for i := range m {
		m[i] = make([]float64, p)
	}
	return m
}

// cholesky factors the lower triangle of A in place (A = LLᵀ).
func cholesky(A [][]float64) error {
	for j := range A {
		s := A[j][j]
		for k := 0; k < j; k++ {
			s -= A[j][k] * A[j][k]
		}
		if !(s > 0) {
			return errors.New("singular design")
		}
		A[j][j] = math.Sqrt(s)
		for i := j + 1; i < len(A); i++ {
			s := A[i][j]
			for k := 0; k < j; k++ {
				s -= A[i][k] * A[j][k]
			}
			A[i][j] = s / A[j][j]
		}
	}
	return nil
}

// solveSPD solves Ax = b for symmetric positive definite A given by its
// lower triangle (A is overwritten).
func solveSPD(A [][]float64, b, x []float64) error {
	if err := cholesky(A); err != nil {
		return err
	}
	p := len(A)
	for i := 0; i < p; i++ {
		s := b[i]
		for k := 0; k < i; k++ {
			s -= A[i][k] * x[k]
		}
		x[i] = s / A[i][i]
	}
	for i := p - 1; i >= 0; i-- {
		s := x[i]
		for k := i + 1; k < p; k++ {
			s -= A[k][i] * x[k]
		}
		x[i] = s / A[i][i]
	}
	return nil
}

// invertSPD returns A⁻¹ from the lower triangle of A (overwritten).
func invertSPD(A [][]float64) ([][]float64, error) {
	if err := cholesky(A); err != nil {
		return nil, err
	}
	p := len(A)
	inv := newMatrix(p)
	col := make([]float64, p)
	for j := 0; j < p; j++ {
		for i := 0; i < p; i++ {
			s := 0.0
			if i == j {
				s = 1
			}
			for k := 0; k < i; k++ {
				s -= A[i][k] * col[k]
			}
			col[i] = s / A[i][i]
		}
		for i := p - 1; i >= 0; i-- {
			s := col[i]
			for k := i + 1; k < p; k++ {
				s -= A[k][i] * col[k]
			}
			col[i] = s / A[i][i]
		}
		for i := 0; i < p; i++ {
			inv[i][j] = col[i]
		}
	}
	return inv, nil
}

var glmEps = 1e-8
