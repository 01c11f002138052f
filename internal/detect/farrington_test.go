package detect

import (
	"encoding/csv"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// farrRun is one Farrington run of the reference.
type farrRun struct {
	id, dataset, fn, control string
	rows                     [][]string // reference_alarms rows
}

func farringtonRuns(t *testing.T) []farrRun {
	read := func(name string) [][]string {
		f, err := os.Open("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		rows, err := csv.NewReader(f).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return rows[1:]
	}
	var runs []farrRun
	byID := map[string]int{}
	for _, r := range read("reference_runs.csv") {
		if r[2] != "algo.farrington" && r[2] != "farringtonFlexible" {
			continue
		}
		byID[r[0]] = len(runs)
		runs = append(runs, farrRun{id: r[0], dataset: r[1], fn: r[2], control: r[3]})
	}
	for _, r := range read("reference_alarms.csv") {
		if i, ok := byID[r[0]]; ok {
			runs[i].rows = append(runs[i].rows, r)
		}
	}
	return runs
}

var controlItem = regexp.MustCompile(`(\w+) = ("[^"]*"|c\([^)]*\)|[^,()]+)`)

// params turns an R control list into Farrington parameters through Set,
// the path the CLI's --option takes.
func (r farrRun) params(t *testing.T) Farrington {
	p := DefaultFarrington()
	if r.fn == "farringtonFlexible" {
		p = DefaultFlexible()
	}
	body := strings.TrimSuffix(strings.TrimPrefix(r.control, "list("), ")")
	for _, m := range controlItem.FindAllStringSubmatch(body, -1) {
		if err := p.Set(m[1], m[2]); err != nil {
			t.Fatalf("%s: %v", r.id, err)
		}
	}
	return p
}

func loadWeeks(t *testing.T, file string) []Week {
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ws, err := ReadSeries(f)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

func close6(a, b float64) bool {
	if math.IsNaN(a) || math.IsNaN(b) {
		return math.IsNaN(a) && math.IsNaN(b)
	}
	return math.Abs(a-b) <= 1e-6*math.Max(1, math.Abs(b))
}

// num parses a reference field; empty (R's NA) is NaN.
func num(s string) float64 {
	if s == "" {
		return math.NaN()
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		panic(err)
	}
	return f
}

// TestFarringtonReference replays every algo.farrington (6) and
// farringtonFlexible (10) run of the reference and requires every week to
// match: alarm and trend decision exactly, upper bound within 1e-6
// relative, and for the flexible runs also the expected count, p-value,
// score, slope and overdispersion.
func TestFarringtonReference(t *testing.T) {
	runs := farringtonRuns(t)
	if len(runs) != 16 {
		t.Fatalf("found %d Farrington runs, want 16", len(runs))
	}
	weeks := map[string]int{}
	for _, run := range runs {
		p := run.params(t)
		got, err := RunFarrington(loadWeeks(t, datasets[run.dataset]), p)
		if err != nil {
			t.Fatalf("%s: %v", run.id, err)
		}
		if len(got) != len(run.rows) || len(got) == 0 {
			t.Fatalf("%s: %d weeks, reference %d", run.id, len(got), len(run.rows))
		}
		bad := 0
		for i, r := range run.rows {
			g := got[i]
			if tt, _ := strconv.Atoi(r[3]); g.T != tt {
				t.Fatalf("%s: week %d, reference %d", run.id, g.T, tt)
			}
			ok := close6(g.UpperBound, num(r[8])) && g.Alarm == (r[9] == "1") && g.Trend == (r[10] == "1")
			if run.fn == "farringtonFlexible" {
				ok = ok && close6(g.Expected, num(r[12])) && close6(g.PValue, num(r[13])) &&
					scoreAgrees(p, g, num(r[11]), num(r[8])) && close6(slopeOrNaN(g), num(r[14])) && close6(g.Phi, num(r[16]))
			}
			if !ok {
				bad++
				if bad <= 3 {
					t.Errorf("%s t=%d: ub %.10g alarm %v trend %v score %.8g exp %.10g p %.8g slope %.8g phi %.8g; reference %s",
						run.id, g.T, g.UpperBound, g.Alarm, g.Trend, g.Score, g.Expected, g.PValue, slopeOrNaN(g), g.Phi,
						strings.Join(r[7:], " "))
				}
			}
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d weeks differ", run.id, bad, len(run.rows))
		}
		weeks[run.fn] += len(run.rows)
	}
	// 6 + 10 runs: 412 weeks of algo.farrington, 724 of farringtonFlexible.
	if weeks["algo.farrington"] != 412 || weeks["farringtonFlexible"] != 724 {
		t.Errorf("compared %v weeks, want 412 algo.farrington and 724 farringtonFlexible", weeks)
	}
}

// scoreAgrees compares the score with R's. For delta R's score is
// riskgate's, (y − μ₀)/(U − μ₀). For nbPlugin and muan R reports
// (y − log μ₀)/(U − log μ₀) instead; riskgate keeps its own definition, and
// the test checks R's formula on riskgate's μ₀ and U where R reports a
// bound (ub is R's bound, NaN where it has none).
func scoreAgrees(p Farrington, g FarringtonPoint, rScore, ub float64) bool {
	if p.ThresholdMethod == "delta" {
		return close6(g.Score, rScore)
	}
	if math.IsNaN(ub) {
		return true
	}
	l := math.Log(g.Expected)
	return close6((g.Observed-l)/(g.UpperBound-l), rScore)
}

// slopeOrNaN is the trend as R reports it: NA when no trend was kept.
func slopeOrNaN(g FarringtonPoint) float64 {
	if !g.Trend {
		return math.NaN()
	}
	return g.Slope
}

// readCSV reads a testdata file without its heading.
func readCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// probeSeries returns the synthetic series of testdata/flexprobe by name.
func probeSeries(t *testing.T) map[string][]Week {
	t.Helper()
	f, err := os.Open("testdata/flexprobe/series.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]Week{}
	for j, name := range rows[0][1:] {
		ws := make([]Week, len(rows)-1)
		for i, r := range rows[1:] {
			ws[i] = Week{T: i + 1, Observed: num(r[j+1])}
		}
		out[name] = ws
	}
	return out
}

// TestFarringtonFlexibleProbes replays the black-box probes of
// testdata/flexprobe (generate.R): 108 farringtonFlexible runs of R on nine
// synthetic series — Poisson, over- and underdispersed, steep trends up and
// down, outbreaks, large counts, many zeros — under twelve option sets
// (defaults, noPeriods 10, pThresholdTrend 1, nbPlugin, muan, powertrans
// 1/2 and none, b 3 w 2, no reweighting, no trend with a period factor).
// Every fourth week of each run is stored; each must match as the
// reference runs do.
func TestFarringtonFlexibleProbes(t *testing.T) {
	series := probeSeries(t)
	rows := map[string][][]string{}
	for _, r := range readCSV(t, "flexprobe/outputs.csv") {
		rows[r[0]] = append(rows[r[0]], r)
	}
	runs := readCSV(t, "flexprobe/runs.csv")
	if len(runs) != 108 {
		t.Fatalf("%d probe runs, want 108", len(runs))
	}
	compared, trendKept, trendDropped := 0, 0, 0
	for _, run := range runs {
		id, ws := run[0], series[run[1]]
		p := DefaultFlexible()
		for _, o := range strings.Split(run[2], ";") {
			k, v, _ := strings.Cut(o, "=")
			if err := p.Set(k, v); err != nil {
				t.Fatalf("%s: %v", id, err)
			}
		}
		got, err := RunFarrington(ws, p)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if len(rows[id]) == 0 {
			t.Fatalf("%s: no outputs", id)
		}
		bad := 0
		for _, r := range rows[id] {
			tt, _ := strconv.Atoi(r[1])
			g := got[tt-p.From]
			if g.T != tt || g.Observed != num(r[2]) {
				t.Fatalf("%s: week %d (%v), reference %d (%s)", id, g.T, g.Observed, tt, r[2])
			}
			ok := close6(g.UpperBound, num(r[3])) && g.Alarm == (r[4] == "1") && g.Trend == (r[5] == "1") &&
				close6(slopeOrNaN(g), num(r[6])) && close6(g.Expected, num(r[7])) && close6(g.PValue, num(r[8])) &&
				scoreAgrees(p, g, num(r[9]), num(r[3])) && close6(g.Phi, num(r[10]))
			if !ok {
				bad++
				if bad <= 3 {
					t.Errorf("%s t=%d: ub %.10g alarm %v trend %v slope %.8g exp %.10g p %.8g score %.8g phi %.8g; R %s",
						id, tt, g.UpperBound, g.Alarm, g.Trend, slopeOrNaN(g), g.Expected, g.PValue, g.Score, g.Phi,
						strings.Join(r[3:], " "))
				}
			}
			if g.Trend {
				trendKept++
			} else if p.Trend {
				trendDropped++
			}
			compared++
		}
		if bad > 0 {
			t.Errorf("%s: %d of %d weeks differ", id, bad, len(rows[id]))
		}
	}
	if compared != 3798 || trendKept == 0 || trendDropped == 0 {
		t.Errorf("compared %d weeks (trend kept in %d, dropped in %d), want 3798 and both decisions", compared, trendKept, trendDropped)
	}
}

// TestFarringtonFlexibleTrendTest checks the trend test itself against
// the p-values R's decisions imply: for each week, generate.R bisected
// pThresholdTrend until farringtonFlexible's trend decision flipped. Scaling
// the counts changes them (a quasi-Poisson t-test would not move): R scales
// the covariance by Σ ω((y − μ)/μ)²/(n − p), not by the dispersion.
func TestFarringtonFlexibleTrendTest(t *testing.T) {
	series := probeSeries(t)
	agona := loadWeeks(t, "salmonella_agona_weekly.csv")
	checked, never := 0, 0
	for _, r := range readCSV(t, "flexprobe/trend_pvalues.csv") {
		name, opts, want := r[0], r[1], num(r[3])
		tt, _ := strconv.Atoi(r[2])
		var ws []Week
		switch name {
		case "agona", "agona*2", "agona*10":
			f := map[string]float64{"agona": 1, "agona*2": 2, "agona*10": 10}[name]
			ws = make([]Week, len(agona))
			for i, w := range agona {
				ws[i] = Week{T: w.T, Observed: f * w.Observed}
			}
		default:
			ws = series[name]
		}
		if ws == nil {
			t.Fatalf("unknown series %q", name)
		}
		p := DefaultFlexible()
		if opts != "" {
			for _, o := range strings.Split(opts, ";") {
				k, v, _ := strings.Cut(o, "=")
				if err := p.Set(k, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		if p.PastWeeksNotIncluded < 0 {
			p.PastWeeksNotIncluded = p.W
		}
		k := tt - 1
		w := newFarrWork(p, Observed(ws))
		centers := make([]int, p.B)
		if !referenceCenters(centers, k, nil) {
			t.Fatalf("%s t=%d: not enough history", name, tt)
		}
		w.baseline(k, centers)
		m, err := w.fitModel(true)
		if err != nil {
			t.Fatalf("%s t=%d: %v", name, tt, err)
		}
		maxY := 0.0
		for _, y := range w.y {
			maxY = math.Max(maxY, y)
		}
		if math.IsNaN(want) {
			// R drops the trend at any threshold: its prediction exceeds
			// the largest baseline count.
			never++
			if m.mu0 <= maxY {
				t.Errorf("%s t=%d: R never keeps the trend, but μ₀ %.6g ≤ max %v", name, tt, m.mu0, maxY)
			}
			continue
		}
		if math.Abs(m.pTrend()-want) > 1e-5*want {
			t.Errorf("%s t=%d: trend p-value %.8g, R's decisions imply %.8g", name, tt, m.pTrend(), want)
		}
		checked++
	}
	if checked < 90 || never == 0 {
		t.Errorf("checked %d p-values and %d never-kept trends", checked, never)
	}
}
