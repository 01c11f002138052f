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

// TestFarringtonReference replays every algo.farrington and
// farringtonFlexible run of the reference. algo.farrington (6 runs) and the
// flexible runs with Noufaily's options (pThresholdTrend = 1, nbPlugin; 3
// runs) match exactly: alarms, trend, upper bounds within 1e-6 relative,
// and for the flexible runs the expected count and p-value. The other
// seven flexible runs (delta threshold) differ where R's
// implementation departs from the published trend test and prediction
// variance (docs/DETECTION.md); for them the alarms must agree in at least
// the share measured when this was written (416 of 431 weeks).
func TestFarringtonReference(t *testing.T) {
	runs := farringtonRuns(t)
	if len(runs) != 16 {
		t.Fatalf("found %d Farrington runs, want 16", len(runs))
	}
	exact, looseAgree, looseWeeks := 0, 0, 0
	for _, run := range runs {
		p := run.params(t)
		got, err := RunFarrington(loadWeeks(t, datasets[run.dataset]), p)
		if err != nil {
			t.Fatalf("%s: %v", run.id, err)
		}
		if len(got) != len(run.rows) {
			t.Fatalf("%s: %d weeks, reference %d", run.id, len(got), len(run.rows))
		}
		strict := run.fn == "algo.farrington" || p.PThresholdTrend == 1 && p.ThresholdMethod == "nbPlugin"
		bad, alarms := 0, 0
		for i, r := range run.rows {
			g := got[i]
			if tt, _ := strconv.Atoi(r[3]); g.T != tt {
				t.Fatalf("%s: week %d, reference %d", run.id, g.T, tt)
			}
			if g.Alarm == (r[9] == "1") {
				alarms++
			}
			ok := close6(g.UpperBound, num(r[8])) && g.Alarm == (r[9] == "1") && g.Trend == (r[10] == "1")
			if run.fn == "farringtonFlexible" {
				ok = ok && close6(g.Expected, num(r[12])) && close6(g.PValue, num(r[13]))
				if p.ThresholdMethod == "delta" {
					ok = ok && close6(g.Score, num(r[11]))
				}
			}
			if !ok {
				bad++
				if strict && bad <= 3 {
					t.Errorf("%s t=%d: ub %.10g alarm %v trend %v exp %.8g p %.6g score %.6g; reference %s",
						run.id, g.T, g.UpperBound, g.Alarm, g.Trend, g.Expected, g.PValue, g.Score, strings.Join(r[7:], " "))
				}
			}
		}
		switch {
		case strict && bad > 0:
			t.Errorf("%s: %d of %d weeks differ", run.id, bad, len(run.rows))
		case strict:
			exact++
		case float64(alarms) < 0.9*float64(len(run.rows)):
			t.Errorf("%s: alarms agree in %d of %d weeks, below 90%%", run.id, alarms, len(run.rows))
		default:
			looseAgree, looseWeeks = looseAgree+alarms, looseWeeks+len(run.rows)
			t.Logf("%s: alarms agree in %d of %d weeks; %d weeks differ somewhere", run.id, alarms, len(run.rows), bad)
		}
	}
	if exact != 9 {
		t.Errorf("%d runs matched exactly, want 9", exact)
	}
	// Measured: 416 of 431 weeks over the seven.
	if looseAgree < 416 || looseWeeks != 431 {
		t.Errorf("the seven delta runs agree in %d of %d weeks, want at least 416 of 431", looseAgree, looseWeeks)
	}
}
