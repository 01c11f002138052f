package detect

// The straightforward Farrington path, as it stood before the fast path of
// farrington.go and glm.go (issue 21): a new design matrix, new work arrays
// and a new fit for every week, math.Pow for every Anscombe residual, the
// dates compared as time.Time. The tests compare the fast path with it.

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// plainRunFarrington evaluates weeks From..To of ws.
func plainRunFarrington(ws []Week, p Farrington) ([]FarringtonPoint, error) {
	if p.PastWeeksNotIncluded < 0 {
		p.PastWeeksNotIncluded = p.W
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	x := Observed(ws)
	dates, err := plainWeekDates(ws)
	if err != nil {
		return nil, err
	}
	from, to := p.From, p.To
	if to == 0 || to > len(x) {
		to = len(x)
	}
	out := make([]FarringtonPoint, 0, to)
	for t := 1; t <= to; t++ {
		pt := FarringtonPoint{Point: Point{T: t, Observed: x[t-1]}, PValue: math.NaN()}
		k := t - 1
		centers := plainReferenceCenters(k, p.B, dates)
		if (from == 0 || t >= from) && centers != nil && centers[len(centers)-1]-p.W >= 0 {
			p.plainEvaluate(&pt, x, k, centers)
		}
		if from == 0 || t >= from {
			out = append(out, pt)
		}
	}
	return out, nil
}

// plainWeekDates parses the dates of a dated series (nil for an index-based
// one: then reference weeks are found by position).
func plainWeekDates(ws []Week) ([]time.Time, error) {
	if len(ws) == 0 || ws[0].Date == "" {
		return nil, nil
	}
	ds := make([]time.Time, len(ws))
	for i, w := range ws {
		d, err := time.Parse(time.DateOnly, w.Date)
		if err != nil {
			return nil, fmt.Errorf("第 %d 周日期无效 / week %d: bad date %q", w.T, w.T, w.Date)
		}
		if i > 0 && !d.After(ds[i-1]) {
			return nil, fmt.Errorf("第 %d 周日期未递增 / week %d: dates must increase", w.T, w.T)
		}
		ds[i] = d
	}
	return ds, nil
}

// plainReferenceCenters returns, for i = 1..b, the index of the week i years
// before k: by position (k − 52i) on an index-based series, by date on a
// dated one (the week whose date is nearest the same day i years
// earlier). Nil when a centre falls before the series.
func plainReferenceCenters(k, b int, dates []time.Time) []int {
	cs := make([]int, b)
	for i := 1; i <= b; i++ {
		c := k - weeksPerYear*i
		if dates != nil {
			target := dates[k].AddDate(-i, 0, 0)
			c = plainNearestDate(dates, target, c)
		}
		if c < 0 {
			return nil
		}
		cs[i-1] = c
	}
	return cs
}

// plainNearestDate finds the index whose date is closest to target, starting
// from the guess g (a tie goes to the earlier week).
func plainNearestDate(dates []time.Time, target time.Time, g int) int {
	g = min(max(g, 0), len(dates)-1)
	dist := func(i int) time.Duration {
		d := dates[i].Sub(target)
		if d < 0 {
			return -d
		}
		return d
	}
	for g > 0 && dist(g-1) <= dist(g) {
		g--
	}
	for g+1 < len(dates) && dist(g+1) < dist(g) {
		g++
	}
	if g == 0 && dates[0].Sub(target) > 7*24*time.Hour {
		return -1
	}
	return g
}

// plainBaseline is the plainDesign of one week's fit.
type plainBaseline struct {
	y     []float64
	time  []float64 // week index relative to the week evaluated
	level []int     // 0: a reference window; 1..noPeriods−1 the periods between
	npar  int
}

func (p Farrington) plainBaseline(x []float64, k int, centers []int) plainBaseline {
	var b plainBaseline
	add := func(i, level int) {
		b.y = append(b.y, x[i])
		b.time = append(b.time, float64(i-k))
		b.level = append(b.level, level)
	}
	if p.NoPeriods == 1 {
		for i := len(centers) - 1; i >= 0; i-- {
			for j := centers[i] - p.W; j <= centers[i]+p.W; j++ {
				add(j, 0)
			}
		}
		return b
	}
	// Every week from the oldest window to k − pastWeeksNotIncluded − 1;
	// the weeks after each window until the next are cut, counting back
	// from the next window, into noPeriods − 1 periods of equal length
	// (the first takes the remainder) — as the reference runs show.
	last := k - p.PastWeeksNotIncluded - 1
	for i := len(centers) - 1; i >= 0; i-- {
		start := centers[i] + p.W + 1
		next := k - p.W
		if i > 0 {
			next = centers[i-1] - p.W
		}
		for j := centers[i] - p.W; j < start && j <= last; j++ {
			add(j, 0)
		}
		gap := next - start
		length := gap / (p.NoPeriods - 1)
		for j := start; j < next && j <= last; j++ {
			add(j, max(1, p.NoPeriods-1-(next-1-j)/max(length, 1)))
		}
	}
	return b
}

// plainDesign returns the model matrix: intercept, time when trend, and a
// dummy for each period level present (level 0 is the reference).
func (b plainBaseline) plainDesign(trend bool, noPeriods int) [][]float64 {
	present := make([]int, noPeriods) // column of each level, 0 if absent
	cols := 1
	if trend {
		cols++
	}
	for _, l := range b.level {
		if l > 0 && present[l] == 0 {
			present[l] = -1
		}
	}
	for l := 1; l < noPeriods; l++ {
		if present[l] == -1 {
			present[l] = cols
			cols++
		}
	}
	X := make([][]float64, len(b.y))
	for i := range b.y {
		row := make([]float64, cols)
		row[0] = 1
		if trend {
			row[1] = b.time[i]
		}
		if l := b.level[i]; l > 0 {
			row[present[l]] = 1
		}
		X[i] = row
	}
	return X
}

// plainModel is one fit (with or without trend) after reweighting.
type plainModel struct {
	fit *plainPoissonFit
	phi float64 // max(1, dispersion)
	// scale multiplies the unscaled covariance (XᵀWX)⁻¹ in the trend
	// test and the standard error of the prediction. The original uses
	// φ for the prediction and the Pearson dispersion for the test. The
	// flexible method, as R's farringtonFlexible computes it, uses for
	// both Σ ωᵢ((yᵢ − μᵢ)/μᵢ)² / (n − p) after reweighting — the squared
	// working residuals weighted by the reweighting weights ω alone,
	// without the factor μᵢ a Pearson statistic has — and the Pearson
	// dispersion (unfloored) when there is no reweighting
	// (docs/DETECTION.md).
	scale float64
	mu0   float64 // prediction at the week evaluated
	se    float64 // standard error of the prediction (response scale)
	seEta float64 // standard error on the log scale
	// pTrend is the two-sided t-test p-value (n − p degrees of
	// freedom) of the trend coefficient, its variance scaled as above
	// for the flexible method and by the Pearson dispersion for the
	// original; NaN without trend.
	pTrend float64
}

func (p Farrington) plainFitModel(b plainBaseline, trend bool) (*plainModel, error) {
	X := b.plainDesign(trend, p.NoPeriods)
	f, err := plainFitPoisson(X, b.y, nil)
	if err != nil {
		return nil, err
	}
	phi := math.Max(f.disp, 1)
	if p.Reweight {
		omega := make([]float64, len(b.y))
		var sum float64
		for i, y := range b.y {
			mu := f.mu[i]
			h := f.hat(X, i)
			s := 1.5 * (math.Pow(y, 2.0/3)*math.Pow(mu, -1.0/6) - math.Sqrt(mu)) / math.Sqrt(phi*(1-h))
			omega[i] = 1
			if s > p.WeightsThreshold {
				omega[i] = 1 / (s * s)
			}
			sum += omega[i]
		}
		for i := range omega {
			omega[i] *= float64(len(omega)) / sum
		}
		if f, err = plainFitPoisson(X, b.y, omega); err != nil {
			return nil, err
		}
		phi = math.Max(f.disp, 1)
	}
	// The week evaluated has time 0 and level 0: x0 = (1, 0, …, 0).
	m := &plainModel{fit: f, phi: phi, mu0: math.Exp(f.beta[0]), scale: phi}
	testScale := f.disp
	if p.Flexible {
		m.scale = f.disp
		if p.Reweight {
			m.scale = f.dispWork
		}
		testScale = m.scale
	}
	m.seEta = math.Sqrt(m.scale * f.cov[0][0])
	m.se = m.mu0 * m.seEta // delta method: se(μ̂₀) = μ̂₀·se(log μ̂₀)
	m.pTrend = math.NaN()
	if trend {
		m.pTrend = ptTwoSided(f.beta[1]/math.Sqrt(testScale*f.cov[1][1]), f.df)
	}
	return m, nil
}

func (p Farrington) plainEvaluate(pt *FarringtonPoint, x []float64, k int, centers []int) {
	recent := 0.0
	for i := max(0, k-p.Limit54[1]+1); i <= k; i++ {
		recent += x[i]
	}
	enough := recent >= float64(p.Limit54[0])
	b := p.plainBaseline(x, k, centers)
	var m *plainModel
	var err error
	trend := false
	if p.Trend {
		if m, err = p.plainFitModel(b, true); err == nil {
			maxY := 0.0
			for _, y := range b.y {
				maxY = math.Max(maxY, y)
			}
			// Both methods drop a trend whose prediction exceeds the
			// largest plainBaseline count: the flexible one too, even with
			// pThresholdTrend = 1, as R's outputs show (the reference
			// and probe runs of farrington_test.go).
			trend = m.pTrend < p.PThresholdTrend && m.mu0 <= maxY
		}
	}
	if !trend {
		if m, err = p.plainFitModel(b, false); err != nil {
			return
		}
	}
	pt.Defined, pt.Trend, pt.Phi, pt.Expected = true, trend, m.phi, m.mu0
	if trend {
		pt.Slope = m.fit.beta[1]
	}
	y := x[k]
	switch p.ThresholdMethod {
	case "delta":
		e := 1.0
		switch p.PowerTrans {
		case "2/3":
			e = 2.0 / 3
		case "1/2":
			e = 0.5
		}
		// τ = φ + var(μ̂₀)/μ₀ (Farrington 1996), var(μ̂₀) scaled as
		// model.scale says.
		tau := m.phi + m.se*m.se/m.mu0
		var sd float64
		switch p.PowerTrans {
		case "2/3":
			sd = math.Sqrt(4.0 / 9 * math.Pow(m.mu0, 1.0/3) * tau)
		case "1/2":
			sd = math.Sqrt(tau / 4)
		default:
			sd = math.Sqrt(m.mu0 * tau)
		}
		z := Zquantile(1 - p.Alpha)
		if !p.Flexible {
			z = Zquantile(1 - p.Alpha/2)
		}
		pt.UpperBound = math.Pow(math.Pow(m.mu0, e)+z*sd, 1/e)
		pt.PValue = 1 - pnorm((math.Pow(y, e)-math.Pow(m.mu0, e))/sd)
	case "nbPlugin", "muan":
		mu := m.mu0
		if p.ThresholdMethod == "muan" {
			mu = math.Exp(math.Log(m.mu0) + Zquantile(1-p.Alpha)*m.seEta)
		}
		if m.phi > 1 {
			size := mu / (m.phi - 1)
			pt.UpperBound = qnbinom(1-p.Alpha, size, mu)
			pt.PValue = 1 - pnbinom(y-1, size, mu)
		} else {
			pt.UpperBound = qpois(1-p.Alpha, mu)
			pt.PValue = 1 - ppois(y-1, mu)
		}
	}
	// The exceedance score: 1 at the bound, 0 at the expected count.
	// (R's farringtonFlexible reports the same for delta, but for
	// nbPlugin and muan (y − log μ₀)/(U − log μ₀), which is not 0 at
	// the expected count; riskgate keeps one definition —
	// docs/DETECTION.md.)
	pt.Score = (y - m.mu0) / (pt.UpperBound - m.mu0)
	pt.Alarm = y > pt.UpperBound && enough
	if !enough {
		// Too few cases in the last weeks: algo.farrington writes a bound
		// of 0, farringtonFlexible none (and no expected count).
		pt.UpperBound = 0
		if p.Flexible {
			pt.UpperBound, pt.Expected = math.NaN(), math.NaN()
		}
	}
}

// plainPoissonFit is a log-linear quasi-Poisson model fitted by iteratively
// reweighted least squares, the way McCullagh and Nelder describe it:
// start at μ = y + 0.1, solve the weighted least squares of the working
// response z = η + (y − μ)/μ with weights prior·μ, stop when the deviance
// changes by less than 1e-8 relative (25 iterations at most).
type plainPoissonFit struct {
	beta []float64
	mu   []float64 // fitted means of the rows
	work []float64 // working weights of the last solve
	// cov is (XᵀWX)⁻¹ at the fit: the unscaled covariance of beta.
	cov  [][]float64
	disp float64 // Pearson dispersion Σ prior·(y−μ)²/μ / (n − p)
	// dispWork is Σ prior·((y−μ)/μ)² / (n − p): the squared working
	// residuals weighted by the prior weights alone, not by μ. It is
	// not a dispersion of the plainModel, but what R's farringtonFlexible
	// scales the covariance by (docs/DETECTION.md).
	dispWork float64
	df       int // n − p
}

var plainErrNoConvergence = errors.New("GLM did not converge")

// plainFitPoisson fits y ~ X with prior weights pw (nil: all 1).
func plainFitPoisson(X [][]float64, y, pw []float64) (*plainPoissonFit, error) {
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
	A := plainNewMatrix(p)
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
		if err := plainSolveSPD(A, rhs, beta); err != nil {
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
		return nil, plainErrNoConvergence
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
	cov, err := plainInvertSPD(A)
	if err != nil {
		return nil, err
	}
	return &plainPoissonFit{beta: beta, mu: mu, work: work, cov: cov, disp: pearson / float64(n-p),
		dispWork: working / float64(n-p), df: n - p}, nil
}

// hat returns the leverage of row i: wᵢ·xᵢᵀ(XᵀWX)⁻¹xᵢ.
func (f *plainPoissonFit) hat(X [][]float64, i int) float64 {
	return f.work[i] * plainQuad(f.cov, X[i])
}

func plainQuad(m [][]float64, x []float64) float64 {
	var s float64
	for a := range x {
		for b := range x {
			s += x[a] * m[a][b] * x[b]
		}
	}
	return s
}

func plainNewMatrix(p int) [][]float64 {
	m := make([][]float64, p)
	for i := range m {
		m[i] = make([]float64, p)
	}
	return m
}

// plainCholesky factors the lower triangle of A in place (A = LLᵀ).
func plainCholesky(A [][]float64) error {
	for j := range A {
		s := A[j][j]
		for k := 0; k < j; k++ {
			s -= A[j][k] * A[j][k]
		}
		if !(s > 0) {
			return errors.New("singular plainDesign")
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

// plainSolveSPD solves Ax = b for symmetric positive definite A given by its
// lower triangle (A is overwritten).
func plainSolveSPD(A [][]float64, b, x []float64) error {
	if err := plainCholesky(A); err != nil {
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

// plainInvertSPD returns A⁻¹ from the lower triangle of A (overwritten).
func plainInvertSPD(A [][]float64) ([][]float64, error) {
	if err := plainCholesky(A); err != nil {
		return nil, err
	}
	p := len(A)
	inv := plainNewMatrix(p)
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
