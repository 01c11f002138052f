package detect

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Farrington holds the parameters of the Farrington methods: the original
// algorithm (Farrington, Andrews, Beale and Catchpole 1996) and its
// improved, flexible form (Noufaily, Enki, Farrington, Garthwaite, Andrews
// and Charlett 2013). Option names follow the reference runs.
type Farrington struct {
	// Flexible selects Noufaily's algorithm: one-sided α, the threshold
	// methods, more baseline through a seasonal factor, a configurable
	// reweighting threshold and trend test.
	Flexible bool
	B        int     // years back
	W        int     // half-width of the window around each reference week
	Alpha    float64 // the original uses two-sided α, the flexible one-sided
	Reweight bool    // down-weight past outbreaks by Anscombe residuals
	// WeightsThreshold: residuals above it are down-weighted (original: 1;
	// Noufaily: 2.58).
	WeightsThreshold float64
	Trend            bool    // fit a linear trend (kept only when it passes the test)
	PThresholdTrend  float64 // the trend's p-value must be below this (0.05; Noufaily 1)
	// Limit54: no alarm unless at least Limit54[0] cases in the last
	// Limit54[1] weeks.
	Limit54    [2]int
	PowerTrans string // "2/3", "1/2" or "none": the skewness transform of the threshold
	// NoPeriods > 1 uses every week of the b years (except the most
	// recent PastWeeksNotIncluded) with a factor: level 1 the windows, the
	// rest of each year split into NoPeriods−1 periods.
	NoPeriods            int
	PastWeeksNotIncluded int    // −1: as W
	ThresholdMethod      string // delta, nbPlugin, muan (flexible only)
	From, To             int    // range of weeks to evaluate (1-based, inclusive); 0: all with enough history
}

// DefaultFarrington is algo.farrington's defaults.
func DefaultFarrington() Farrington {
	return Farrington{B: 5, W: 3, Alpha: 0.05, Reweight: true, WeightsThreshold: 1, Trend: true,
		PThresholdTrend: 0.05, Limit54: [2]int{5, 4}, PowerTrans: "2/3", NoPeriods: 1,
		PastWeeksNotIncluded: -1, ThresholdMethod: "delta"}
}

// DefaultFlexible is farringtonFlexible's defaults.
func DefaultFlexible() Farrington {
	p := DefaultFarrington()
	p.Flexible, p.Alpha, p.WeightsThreshold = true, 0.05, 2.58
	return p
}

// Check validates the parameters.
func (p Farrington) Check() error {
	switch {
	case p.B < 1 || p.B > 50:
		return fmt.Errorf("b must be 1–50 years")
	case p.W < 0 || p.W > 25:
		return fmt.Errorf("w must be 0–25 weeks")
	case !(p.Alpha > 0 && p.Alpha < 1):
		return fmt.Errorf("alpha must be in (0, 1)")
	case !(p.WeightsThreshold > 0):
		return fmt.Errorf("weightsThreshold must be positive")
	case !(p.PThresholdTrend >= 0 && p.PThresholdTrend <= 1):
		return fmt.Errorf("pThresholdTrend must be in [0, 1]")
	case p.Limit54[0] < 0 || p.Limit54[1] < 1 || p.Limit54[1] > 52:
		return fmt.Errorf("limit54 must be cases ≥ 0, weeks 1–52")
	case p.PowerTrans != "2/3" && p.PowerTrans != "1/2" && p.PowerTrans != "none":
		return fmt.Errorf("powertrans must be 2/3, 1/2 or none")
	case p.NoPeriods < 1 || p.NoPeriods > 52-2*p.W:
		return fmt.Errorf("noPeriods must be 1–%d", 52-2*p.W)
	case p.PastWeeksNotIncluded < -1 || p.PastWeeksNotIncluded > 52:
		return fmt.Errorf("pastWeeksNotIncluded must be 0–52")
	case p.ThresholdMethod != "delta" && p.ThresholdMethod != "nbPlugin" && p.ThresholdMethod != "muan":
		return fmt.Errorf("thresholdMethod must be delta, nbPlugin or muan")
	case !p.Flexible && (p.ThresholdMethod != "delta" || p.NoPeriods != 1):
		return fmt.Errorf("thresholdMethod and noPeriods belong to farringtonFlexible")
	case p.From < 0 || p.To < 0 || (p.To != 0 && p.To < p.From):
		return fmt.Errorf("range must be FROM:TO with 1 ≤ FROM ≤ TO")
	}
	return nil
}

const weeksPerYear = 52

// FarringtonPoint adds to a Point what the Farrington methods explain.
type FarringtonPoint struct {
	Point
	PValue float64 // P(Y ≥ observed) under the fitted model; NaN where undefined
	Trend  bool    // the trend was kept
	Slope  float64 // the trend per week on the log scale (0 without trend)
	Phi    float64 // the overdispersion used
}

// RunFarrington evaluates weeks From..To of ws.
func RunFarrington(ws []Week, p Farrington) ([]FarringtonPoint, error) {
	if p.PastWeeksNotIncluded < 0 {
		p.PastWeeksNotIncluded = p.W
	}
	if err := p.Check(); err != nil {
		return nil, err
	}
	x := Observed(ws)
	days, err := weekDays(ws)
	if err != nil {
		return nil, err
	}
	from, to := p.From, p.To
	if to == 0 || to > len(x) {
		to = len(x)
	}
	out := make([]FarringtonPoint, 0, to)
	w := newFarrWork(p, x)
	centers := make([]int, p.B)
	for t := 1; t <= to; t++ {
		if from != 0 && t < from {
			continue
		}
		pt := FarringtonPoint{Point: Point{T: t, Observed: x[t-1]}, PValue: math.NaN()}
		k := t - 1
		if referenceCenters(centers, k, days) && centers[len(centers)-1]-p.W >= 0 {
			w.evaluate(&pt, k, centers)
		}
		out = append(out, pt)
	}
	return out, nil
}

// weekDays returns the dates of a dated series as days since 1970-01-01
// (nil for an index-based one: then reference weeks are found by
// position).
func weekDays(ws []Week) ([]int64, error) {
	if len(ws) == 0 || ws[0].Date == "" {
		return nil, nil
	}
	ds := make([]int64, len(ws))
	for i, w := range ws {
		d, ok := parseDay(w.Date)
		if !ok {
			// Whatever the quick reading declines, time.Parse decides.
			t, err := time.Parse(time.DateOnly, w.Date)
			if err != nil {
				return nil, fmt.Errorf("第 %d 周日期无效 / week %d: bad date %q", w.T, w.T, w.Date)
			}
			d = t.Unix() / 86400 // midnight UTC: an exact number of days
		}
		if i > 0 && d <= ds[i-1] {
			return nil, fmt.Errorf("第 %d 周日期未递增 / week %d: dates must increase", w.T, w.T)
		}
		ds[i] = d
	}
	return ds, nil
}

// parseDay reads a date YYYY-MM-DD that time.Parse(time.DateOnly, s)
// accepts as the days since 1970-01-01; false for anything else.
func parseDay(s string) (int64, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	var v [8]int64
	for i, j := range [8]int{0, 1, 2, 3, 5, 6, 8, 9} {
		c := s[j] - '0'
		if c > 9 {
			return 0, false
		}
		v[i] = int64(c)
	}
	y, m, d := v[0]*1000+v[1]*100+v[2]*10+v[3], v[4]*10+v[5], v[6]*10+v[7]
	if m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) {
		return 0, false
	}
	return daysFromCivil(y, m, d), true
}

func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil is the days since 1970-01-01 of the proleptic Gregorian
// date y-m-d; a day past the end of its month rolls over as time.Date
// does (Feb 29 of a common year is Mar 1). After Howard Hinnant's
// "chrono-compatible low-level date algorithms".
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	doy := (153*((m+9)%12)+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// referenceCenters writes into cs, for i = 1..b, the index of the week i
// years before k: by position (k − 52i) on an index-based series, by date
// on a dated one (the week whose date is nearest the same day i years
// earlier). False when a centre falls before the series.
func referenceCenters(cs []int, k int, days []int64) bool {
	var y, m, d int64
	if days != nil {
		y, m, d = civilFromDays(days[k])
	}
	for i := 1; i <= len(cs); i++ {
		c := k - weeksPerYear*i
		if days != nil {
			// time.Time.AddDate(−i, 0, 0) on the week's date.
			c = nearestDate(days, daysFromCivil(y-int64(i), m, d), c)
		}
		if c < 0 {
			return false
		}
		cs[i-1] = c
	}
	return true
}

// sinceDay is the time from day b to day a as time.Time.Sub gives it,
// saturated at the bounds of a time.Duration.
func sinceDay(a, b int64) time.Duration {
	const perDay = int64(24 * time.Hour)
	switch d := a - b; {
	case d > math.MaxInt64/perDay:
		return math.MaxInt64
	case d < math.MinInt64/perDay:
		return math.MinInt64
	default:
		return time.Duration(d * perDay)
	}
}

// nearestDate finds the index whose date is closest to target, starting
// from the guess g (a tie goes to the earlier week).
func nearestDate(days []int64, target int64, g int) int {
	g = min(max(g, 0), len(days)-1)
	dist := func(i int) time.Duration {
		d := sinceDay(days[i], target)
		if d < 0 {
			return -d
		}
		return d
	}
	for g > 0 && dist(g-1) <= dist(g) {
		g--
	}
	for g+1 < len(days) && dist(g+1) < dist(g) {
		g++
	}
	if g == 0 && sinceDay(days[0], target) > 7*24*time.Hour {
		return -1
	}
	return g
}

// farrWork is what the weeks of one series share: the logarithms every
// fit starts from, and the baseline, design, weights and fits, reused
// from week to week so that a week allocates nothing.
type farrWork struct {
	p        Farrington
	x        []float64
	logStart []float64   // log(x + 0.1): the starting linear predictor of a fit
	xlogx    []float64   // x log x, 0 at x = 0: the deviance's constant part
	z        float64     // the delta threshold's normal quantile
	tCrit    *[2]float64 // tBracket of pThresholdTrend at tCritDF degrees of freedom
	tCritDF  int

	// The baseline of the week evaluated: counts, their logStart and
	// xlogx, week index relative to the week evaluated, and level (0: a
	// reference window; 1..noPeriods−1 the periods between).
	y, ls, yl, time []float64
	level           []int

	X       []float64 // the design, row-major
	present []int     // design column of each period level
	omega   []float64
	// fits[0] is a model's first fit, fits[1] its reweighted refit.
	fits [2]poissonFit
}

func newFarrWork(p Farrington, x []float64) *farrWork {
	w := &farrWork{p: p, x: x, logStart: make([]float64, len(x)), xlogx: make([]float64, len(x)),
		present: make([]int, p.NoPeriods)}
	for i, v := range x {
		w.logStart[i] = math.Log(v + 0.1)
		if v > 0 {
			w.xlogx[i] = v * math.Log(v)
		}
	}
	w.z = Zquantile(1 - p.Alpha)
	if !p.Flexible {
		w.z = Zquantile(1 - p.Alpha/2)
	}
	return w
}

// baseline gathers the baseline of week k.
func (w *farrWork) baseline(k int, centers []int) {
	p := w.p
	w.y, w.ls, w.yl, w.time, w.level = w.y[:0], w.ls[:0], w.yl[:0], w.time[:0], w.level[:0]
	add := func(i, level int) {
		w.y = append(w.y, w.x[i])
		w.ls = append(w.ls, w.logStart[i])
		w.yl = append(w.yl, w.xlogx[i])
		w.time = append(w.time, float64(i-k))
		w.level = append(w.level, level)
	}
	if p.NoPeriods == 1 {
		n := len(centers) * (2*p.W + 1)
		w.y, w.ls, w.yl, w.time, w.level = grow(w.y, n), grow(w.ls, n), grow(w.yl, n), grow(w.time, n), w.level[:0]
		r := 0
		for i := len(centers) - 1; i >= 0; i-- {
			lo := centers[i] - p.W
			copy(w.y[r:], w.x[lo:lo+2*p.W+1])
			copy(w.ls[r:], w.logStart[lo:lo+2*p.W+1])
			copy(w.yl[r:], w.xlogx[lo:lo+2*p.W+1])
			for j := lo; j <= centers[i]+p.W; j++ {
				w.time[r] = float64(j - k)
				r++
			}
		}
		for range n {
			w.level = append(w.level, 0)
		}
		return
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
}

// design writes the model matrix of the baseline into w.X and returns its
// columns: intercept, time when trend, and a dummy for each period level
// present (level 0 is the reference).
func (w *farrWork) design(trend bool) int {
	present := w.present
	clear(present)
	cols := 1
	if trend {
		cols++
	}
	for _, l := range w.level {
		if l > 0 && present[l] == 0 {
			present[l] = -1
		}
	}
	for l := 1; l < len(present); l++ {
		if present[l] == -1 {
			present[l] = cols
			cols++
		}
	}
	w.X = grow(w.X, len(w.y)*cols)
	clear(w.X)
	for i := range w.y {
		row := w.X[i*cols : i*cols+cols]
		row[0] = 1
		if trend {
			row[1] = w.time[i]
		}
		if l := w.level[i]; l > 0 {
			row[present[l]] = 1
		}
	}
	return cols
}

// model is one fit (with or without trend) after reweighting.
type model struct {
	fit *poissonFit // one of farrWork.fits: valid until the next fitModel
	phi float64     // max(1, dispersion)
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
	// tTrend is the t statistic of the trend coefficient, its variance
	// scaled as above for the flexible method and by the Pearson
	// dispersion for the original; NaN without trend.
	tTrend float64
}

// pTrend is the two-sided t-test p-value (n − p degrees of freedom) of
// the trend coefficient; NaN without trend.
func (m model) pTrend() float64 {
	if math.IsNaN(m.tTrend) {
		return math.NaN()
	}
	return ptTwoSided(m.tTrend, m.fit.df)
}

// trendSignificant is m.pTrend() < pThresholdTrend. For 0 < threshold < 1
// it first compares |t| with the critical value of the t distribution
// (found once per degrees of freedom by bisection on ptTwoSided): 1e-6
// relative away from it — far beyond the rounding of ptTwoSided — the
// answer is clear without the incomplete beta function.
func (w *farrWork) trendSignificant(m model) bool {
	thr := w.p.PThresholdTrend
	if t := math.Abs(m.tTrend); thr > 0 && thr < 1 && !math.IsNaN(t) {
		if w.tCrit == nil || w.tCritDF != m.fit.df {
			key := tKey{thr, m.fit.df}
			c, ok := tBrackets.Load(key)
			if !ok {
				c, _ = tBrackets.LoadOrStore(key, tBracket(thr, m.fit.df))
			}
			w.tCrit, w.tCritDF = c.(*[2]float64), m.fit.df
		}
		c := w.tCrit
		switch {
		case t <= c[0]*(1-1e-6):
			return false
		case t >= c[1]*(1+1e-6):
			return true
		}
	}
	return m.pTrend() < thr
}

// tKey names a critical value of the trend test.
type tKey struct {
	p  float64
	df int
}

// tBrackets caches tBracket (*[2]float64 by tKey): a handful of entries,
// one per threshold and number of baseline weeks.
var tBrackets sync.Map

// tBracket returns lo < hi, hi within 1e-9 relative of lo, with
// ptTwoSided(lo, df) > p > ptTwoSided(hi, df) (0 < p < 1).
func tBracket(p float64, df int) *[2]float64 {
	lo, hi := 0.0, 1.0
	for ptTwoSided(hi, df) >= p && hi < 1e300 {
		lo, hi = hi, 2*hi
	}
	for hi-lo > 1e-9*hi {
		mid := lo + (hi-lo)/2
		if ptTwoSided(mid, df) > p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return &[2]float64{lo, hi}
}

func (w *farrWork) fitModel(trend bool) (model, error) {
	p := w.p
	cols := w.design(trend)
	X, n := w.X, len(w.y)
	f := &w.fits[0]
	if err := f.fit(X, cols, w.y, w.ls, w.yl, nil); err != nil {
		return model{}, err
	}
	phi := math.Max(f.disp, 1)
	if p.Reweight {
		w.omega = grow(w.omega, n)
		omega := w.omega
		var sum float64
		allOne := true
		for i, y := range w.y {
			mu := f.mu[i]
			omega[i] = 1
			// Below the mean (by more than rounding) y^⅔μ^−⅙ < √μ: the
			// residual is negative and the weight 1, whatever d is.
			if y < mu*(1-1e-6) {
				sum += omega[i]
				continue
			}
			h := f.hat(X[i*cols:i*cols+cols], f.work[i])
			d := math.Sqrt(phi * (1 - h))
			// The Anscombe residual s = 1.5(y^⅔μ^−⅙ − √μ)/d exceeds the
			// threshold T only if y^⅔μ^−⅙ > r = T·d/1.5 + √μ, that is
			// y⁴/μ > r⁶. Where y⁴/μ falls short of r⁶ by more than 1e-8
			// relative — far more than the rounding of either side — s
			// is below T and the weight 1 without the two powers; the
			// rest take them as before.
			r := p.WeightsThreshold*d/1.5 + math.Sqrt(mu)
			y2, r2 := y*y, r*r
			if d > 0 && y2*y2/mu < r2*r2*r2*(1-1e-8) {
				sum += omega[i]
				continue
			}
			s := 1.5 * (math.Pow(y, 2.0/3)*math.Pow(mu, -1.0/6) - math.Sqrt(mu)) / d
			if s > p.WeightsThreshold {
				omega[i] = 1 / (s * s)
			}
			allOne = allOne && omega[i] == 1
			sum += omega[i]
		}
		// With every weight 1 the refit would repeat the fit to the bit.
		if !allOne {
			for i := range omega {
				omega[i] *= float64(n) / sum
			}
			f = &w.fits[1]
			if err := f.fit(X, cols, w.y, w.ls, w.yl, omega); err != nil {
				return model{}, err
			}
			phi = math.Max(f.disp, 1)
		}
	}
	// The week evaluated has time 0 and level 0: x0 = (1, 0, …, 0).
	m := model{fit: f, phi: phi, mu0: expFast(f.beta[0]), scale: phi}
	testScale := f.disp
	if p.Flexible {
		m.scale = f.disp
		if p.Reweight {
			m.scale = f.dispWork
		}
		testScale = m.scale
	}
	m.seEta = math.Sqrt(m.scale * f.cov[0])
	m.se = m.mu0 * m.seEta // delta method: se(μ̂₀) = μ̂₀·se(log μ̂₀)
	m.tTrend = math.NaN()
	if trend {
		m.tTrend = f.beta[1] / math.Sqrt(testScale*f.cov[cols+1])
	}
	return m, nil
}

func (w *farrWork) evaluate(pt *FarringtonPoint, k int, centers []int) {
	p, x := w.p, w.x
	recent := 0.0
	for i := max(0, k-p.Limit54[1]+1); i <= k; i++ {
		recent += x[i]
	}
	enough := recent >= float64(p.Limit54[0])
	w.baseline(k, centers)
	var m model
	var err error
	trend := false
	if p.Trend {
		if m, err = w.fitModel(true); err == nil {
			maxY := 0.0
			for _, y := range w.y {
				if y > maxY { // counts are finite: math.Max's NaN rules are not needed
					maxY = y
				}
			}
			// Both methods drop a trend whose prediction exceeds the
			// largest baseline count: the flexible one too, even with
			// pThresholdTrend = 1, as R's outputs show (the reference
			// and probe runs of farrington_test.go). That test comes
			// first: it spares the t distribution.
			trend = m.mu0 <= maxY && w.trendSignificant(m)
		}
	}
	if trend {
		pt.Slope = m.fit.beta[1]
	} else if m, err = w.fitModel(false); err != nil {
		return
	}
	pt.Defined, pt.Trend, pt.Phi, pt.Expected = true, trend, m.phi, m.mu0
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
			// x^⅓ = ∛x, x^⅔ = (∛x)², x^{3/2} = x·√x: a few ulps from
			// math.Pow at a third of its cost.
			c := math.Cbrt(m.mu0)
			sd = math.Sqrt(4.0 / 9 * c * tau)
			v, cy := c*c+w.z*sd, math.Cbrt(y)
			pt.UpperBound = v * math.Sqrt(v)
			pt.PValue = 1 - pnorm((cy*cy-c*c)/sd)
		case "1/2":
			sd = math.Sqrt(tau / 4)
		default:
			sd = math.Sqrt(m.mu0 * tau)
		}
		if p.PowerTrans != "2/3" {
			mu0e := math.Pow(m.mu0, e)
			pt.UpperBound = math.Pow(mu0e+w.z*sd, 1/e)
			pt.PValue = 1 - pnorm((math.Pow(y, e)-mu0e)/sd)
		}
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

// Set sets one option by its reference name (b, w, alpha, reweight,
// weightsThreshold, trend, pThresholdTrend, limit54=5,4, powertrans,
// noPeriods, pastWeeksNotIncluded, thresholdMethod, range=FROM:TO).
func (p *Farrington) Set(name, value string) error {
	value = strings.Trim(strings.TrimSpace(value), `"'`)
	bad := func() error {
		return fmt.Errorf("选项 %s 的值 %q 无效 / option %s: bad value %q", name, value, name, value)
	}
	intv := func(dst *int) error {
		n, err := strconv.Atoi(value)
		if err != nil {
			return bad()
		}
		*dst = n
		return nil
	}
	floatv := func(dst *float64) error {
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return bad()
		}
		*dst = f
		return nil
	}
	boolv := func(dst *bool) error {
		switch strings.ToLower(value) {
		case "true", "t", "1":
			*dst = true
		case "false", "f", "0":
			*dst = false
		default:
			return bad()
		}
		return nil
	}
	switch name {
	case "b":
		return intv(&p.B)
	case "w":
		return intv(&p.W)
	case "alpha":
		return floatv(&p.Alpha)
	case "reweight":
		return boolv(&p.Reweight)
	case "weightsThreshold":
		return floatv(&p.WeightsThreshold)
	case "trend":
		return boolv(&p.Trend)
	case "pThresholdTrend":
		return floatv(&p.PThresholdTrend)
	case "noPeriods":
		return intv(&p.NoPeriods)
	case "pastWeeksNotIncluded":
		return intv(&p.PastWeeksNotIncluded)
	case "powertrans":
		p.PowerTrans = value
	case "thresholdMethod":
		p.ThresholdMethod = value
	case "verbose", "glmWarnings":
		var ignored bool
		return boolv(&ignored)
	case "limit54":
		v := strings.TrimSuffix(strings.TrimPrefix(value, "c("), ")")
		a, b, ok := strings.Cut(v, ",")
		var err1, err2 error
		p.Limit54[0], err1 = strconv.Atoi(strings.TrimSpace(a))
		p.Limit54[1], err2 = strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil {
			return bad()
		}
	case "range":
		a, b, ok := strings.Cut(value, ":")
		var err1, err2 error
		p.From, err1 = strconv.Atoi(strings.TrimSpace(a))
		p.To, err2 = strconv.Atoi(strings.TrimSpace(b))
		if !ok || err1 != nil || err2 != nil || p.From < 1 {
			return bad()
		}
	default:
		return fmt.Errorf("未知选项 %s / unknown option %s", name, name)
	}
	return nil
}
