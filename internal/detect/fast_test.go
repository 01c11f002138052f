package detect

import (
	"math"
	"strings"
	"testing"
	"time"
)

// relDiff is |a − b|/max(1, |b|): 0 when both are NaN or the same, +Inf
// when only one is NaN.
func relDiff(a, b float64) float64 {
	if math.IsNaN(a) || math.IsNaN(b) {
		if math.IsNaN(a) && math.IsNaN(b) {
			return 0
		}
		return math.Inf(1)
	}
	if a == b {
		return 0
	}
	return math.Abs(a-b) / math.Max(1, math.Abs(b))
}

// sameBits reports whether a and b are the same float64 to the bit (any
// NaN equals any NaN).
func sameBits(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Float64bits(a) == math.Float64bits(b)
}

// TestFarringtonFastMatchesPlain runs the fast path (RunFarrington) and
// the straightforward one (plain_test.go) over 12 synthetic 10-year series
// — half dated, half by position — and five made to be awkward (all zeros,
// one spike, a constant, 100,000 a week, a steep climb) under eleven option sets of
// farringtonFlexible and six of algo.farrington, and requires every week
// to agree: alarm, trend kept and defined exactly; expected count, upper
// bound, score, p-value, slope and φ within 1e-9 relative (absolute below
// 1). The designs of the default options go through fitShort, whose
// rearranged sums and chained exponentials move the last bits (about half
// the weeks stay the same to the bit; the largest difference seen is
// 2.4e-10); the others take the straightforward arithmetic.
func TestFarringtonFastMatchesPlain(t *testing.T) {
	opts := []string{
		"",
		"noPeriods=10",
		"noPeriods=10;pastWeeksNotIncluded=26;trend=false",
		"reweight=false",
		"thresholdMethod=nbPlugin",
		"thresholdMethod=muan",
		"b=3;w=2;weightsThreshold=1",
		"pThresholdTrend=1",
		"powertrans=1/2;alpha=0.01",
		"powertrans=none;limit54=2,3",
		"weightsThreshold=0.5",
	}
	series := Synthetic(7, 12, 520)
	if testing.Short() {
		series = series[:4]
	}
	// And the edges: all zeros, one spike in zeros, a constant, counts of
	// 100,000, a steep climb. (Counts in the millions are left out: there
	// nbPlugin's p-value, through lgamma of numbers near 10⁶ in the
	// incomplete beta function, moves by 1e-9 for a change of 1e-14 in μ₀
	// — on either path.)
	for _, f := range []func(t int) float64{
		func(int) float64 { return 0 },
		func(t int) float64 { return map[bool]float64{true: 40}[t == 300] },
		func(int) float64 { return 7 },
		func(t int) float64 { return 1e5 + float64(t%13)*1e2 },
		func(t int) float64 { return math.Floor(math.Exp(float64(t) / 60)) },
	} {
		ws := make([]Week, 520)
		for i := range ws {
			ws[i] = Week{T: i + 1, Observed: f(i)}
		}
		series = append(series, ws)
	}
	weeks, alarms, trends, reweighted, exact := 0, 0, 0, 0, 0
	maxDiff := 0.0
	for _, flexible := range []bool{true, false} {
		for _, o := range opts {
			p := DefaultFlexible()
			if !flexible {
				if strings.Contains(o, "noPeriods") || strings.Contains(o, "thresholdMethod") {
					continue
				}
				p = DefaultFarrington()
			}
			if o != "" {
				for _, kv := range strings.Split(o, ";") {
					k, v, _ := strings.Cut(kv, "=")
					if err := p.Set(k, v); err != nil {
						t.Fatal(err)
					}
				}
			}
			for i, ws := range series {
				if i%2 == 1 && ws[0].Date != "" { // by position: no dates
					ws = append([]Week(nil), ws...)
					for j := range ws {
						ws[j].Date = ""
					}
				}
				fast, err1 := RunFarrington(ws, p)
				plain, err2 := plainRunFarrington(ws, p)
				if err1 != nil || err2 != nil {
					t.Fatalf("%q series %d: %v, %v", o, i, err1, err2)
				}
				if len(fast) != len(plain) {
					t.Fatalf("%q series %d: %d weeks, plain %d", o, i, len(fast), len(plain))
				}
				for j, f := range fast {
					g := plain[j]
					d := 0.0
					for _, v := range [][2]float64{{f.Expected, g.Expected}, {f.UpperBound, g.UpperBound},
						{f.Score, g.Score}, {f.PValue, g.PValue}, {f.Slope, g.Slope}, {f.Phi, g.Phi}} {
						d = math.Max(d, relDiff(v[0], v[1]))
					}
					if f.T != g.T || f.Alarm != g.Alarm || f.Trend != g.Trend || f.Defined != g.Defined ||
						!sameBits(f.Observed, g.Observed) || !(d <= 1e-9) {
						t.Fatalf("flexible %v %q series %d t=%d (difference %.3g):\nfast  %+v\nplain %+v", flexible, o, i, f.T, d, f, g)
					}
					maxDiff = math.Max(maxDiff, d)
					if d == 0 {
						exact++
					}
					weeks++
					if f.Alarm {
						alarms++
					}
					if f.Trend {
						trends++
					}
				}
			}
		}
	}
	// A reweighted refit is the only place the fast path skips work on a
	// condition of the data (all weights 1): make sure both branches ran.
	for _, ws := range series[:5] {
		x := Observed(ws)
		w := newFarrWork(DefaultFlexible(), x)
		centers := make([]int, 5)
		for k := 300; k < 520; k++ {
			if !referenceCenters(centers, k, nil) {
				t.Fatal("no history")
			}
			w.baseline(k, centers)
			if m, err := w.fitModel(true); err == nil && m.fit == &w.fits[1] {
				reweighted++
			}
		}
	}
	if weeks == 0 || alarms == 0 || trends == 0 || reweighted == 0 || reweighted == 5*220 {
		t.Errorf("%d weeks, %d alarms, %d trends, %d of %d reweighted: the comparison does not cover both sides", weeks, alarms, trends, reweighted, 5*220)
	}
	t.Logf("%d weeks (%d alarms, %d trends kept): %d the same to the bit, the largest difference %.3g relative", weeks, alarms, trends, exact, maxDiff)
}

// TestWeekDays compares the quick date reading and the civil-date
// arithmetic with the time package: every day from 1896 to 2104 (Feb 29
// of common years rolls over as AddDate rolls it), and the strings
// time.Parse refuses.
func TestWeekDays(t *testing.T) {
	day := time.Date(1896, 1, 1, 0, 0, 0, 0, time.UTC)
	for ; day.Year() < 2105; day = day.AddDate(0, 0, 1) {
		s := day.Format(time.DateOnly)
		d, ok := parseDay(s)
		if !ok || d != day.Unix()/86400 {
			t.Fatalf("parseDay(%s) = %d, %v; want %d", s, d, ok, day.Unix()/86400)
		}
		y, m, dd := civilFromDays(d)
		if y != int64(day.Year()) || m != int64(day.Month()) || dd != int64(day.Day()) {
			t.Fatalf("civilFromDays(%d) = %d-%d-%d, want %s", d, y, m, dd, s)
		}
		for i := int64(1); i <= 5; i++ {
			if got, want := daysFromCivil(y-i, m, dd), day.AddDate(-int(i), 0, 0).Unix()/86400; got != want {
				t.Fatalf("%s minus %d years: day %d, AddDate %d", s, i, got, want)
			}
		}
	}
	for _, s := range []string{"2015-02-29", "2016-02-30", "2015-13-01", "2015-00-10", "2015-1-05", "15-01-05", "2015/01/05", "2015-01-05 ", "２015-01-05", "0000-00-00"} {
		_, ok := parseDay(s)
		_, err := time.Parse(time.DateOnly, s)
		if ok || err == nil {
			t.Errorf("%q: parseDay %v, time.Parse %v", s, ok, err)
		}
		if _, err := weekDays([]Week{{T: 1, Date: s}}); err == nil || !strings.Contains(err.Error(), " / ") {
			t.Errorf("%q: error %v", s, err)
		}
	}
	if _, err := weekDays([]Week{{T: 1, Date: "2015-01-12"}, {T: 2, Date: "2015-01-12"}}); err == nil || !strings.Contains(err.Error(), "dates must increase") {
		t.Errorf("repeated date: %v", err)
	}
}

// TestFarringtonFarApartDates: dates centuries apart (where time.Time.Sub
// saturates) choose the same reference weeks as the straightforward path:
// the same weeks evaluated, the same alarms, bounds within 1e-9.
func TestFarringtonFarApartDates(t *testing.T) {
	ws := Synthetic(3, 1, 800)[0]
	for i := range ws {
		if i >= 200 {
			d, _ := time.Parse(time.DateOnly, ws[i].Date)
			ws[i].Date = d.AddDate(400, 0, 0).Format(time.DateOnly)
		}
	}
	for _, p := range []Farrington{DefaultFlexible(), DefaultFarrington()} {
		fast, err1 := RunFarrington(ws, p)
		plain, err2 := plainRunFarrington(ws, p)
		if err1 != nil || err2 != nil || len(fast) != len(plain) {
			t.Fatalf("%v, %v, %d and %d weeks", err1, err2, len(fast), len(plain))
		}
		defined := 0
		for j := range fast {
			if fast[j].Defined != plain[j].Defined || fast[j].Alarm != plain[j].Alarm || !(relDiff(fast[j].UpperBound, plain[j].UpperBound) <= 1e-9) {
				t.Fatalf("t=%d: fast %+v, plain %+v", fast[j].T, fast[j], plain[j])
			}
			if fast[j].Defined {
				defined++
			}
		}
		if defined == 0 {
			t.Error("no week evaluated")
		}
	}
}

// TestExpFast compares expFast with math.Exp over the range the fits use
// and beyond: within 3 ulps everywhere (2 seen), equal outside ±700.
func TestExpFast(t *testing.T) {
	worst := 0.0
	for i := 0; i <= 2_000_000; i++ {
		x := -720 + 1440*float64(i)/2_000_000
		for _, v := range []float64{x, x * 1e-3, x * 1e-9} {
			got, want := expFast(v), math.Exp(v)
			if math.IsInf(want, 0) || want == 0 || math.Abs(v) >= 700 {
				if got != want {
					t.Fatalf("expFast(%v) = %v, math.Exp %v", v, got, want)
				}
				continue
			}
			ulp := math.Nextafter(want, math.Inf(1)) - want
			worst = math.Max(worst, math.Abs(got-want)/ulp)
		}
	}
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, -0.0} {
		if got, want := expFast(v), math.Exp(v); !sameBits(got, want) {
			t.Errorf("expFast(%v) = %v, math.Exp %v", v, got, want)
		}
	}
	if worst > 3 {
		t.Errorf("expFast is %.2f ulps from math.Exp", worst)
	}
	t.Logf("expFast within %.2f ulps of math.Exp", worst)
}
