package detect

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

var datasets = map[string]string{
	"salmonella.agona":                  "salmonella_agona_weekly.csv",
	"campyDE":                           "campyDE_weekly.csv",
	"ha(total)":                         "hepatitisA_berlin_total_weekly.csv",
	"RASFF origin China (weekly)":       "rasff_china_origin_weekly.csv",
	"NEISS fireworks injuries (weekly)": "neiss_fireworks_weekly.csv",
}

func load(t *testing.T, file string) []float64 {
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ws, err := ReadSeries(f)
	if err != nil {
		t.Fatal(err)
	}
	return Observed(ws)
}

type refRow struct {
	t     int
	ub    float64
	alarm string
}

func reference(t *testing.T) (map[string]string, map[string][]refRow) {
	f, err := os.Open("testdata/reference_alarms.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	dataset := map[string]string{}
	out := map[string][]refRow{}
	for _, r := range rows[1:] {
		tt, _ := strconv.Atoi(r[3])
		ub, _ := strconv.ParseFloat(r[8], 64)
		dataset[r[0]] = r[1]
		out[r[0]] = append(out[r[0]], refRow{t: tt, ub: ub, alarm: r[9]})
	}
	return dataset, out
}

// TestEARSReference replays every EARS C1 and C2 run of the reference and
// matches the alarms exactly and the upper bounds within 1e-6 relative.
func TestEARSReference(t *testing.T) {
	dataset, runs := reference(t)
	methods := map[string]func([]float64, EARS) []Point{"earsC1": C1, "earsC2": C2}
	checked := 0
	for run, rows := range runs {
		var method string
		for m := range methods {
			if len(run) > len(m) && run[len(run)-len(m):] == m {
				method = m
			}
		}
		if method == "" {
			continue
		}
		x := load(t, datasets[dataset[run]])
		got := methods[method](x, EARS{})
		for _, r := range rows {
			p := got[r.t-1]
			if !p.Defined {
				t.Fatalf("%s t=%d: undefined", run, r.t)
			}
			if math.Abs(p.UpperBound-r.ub) > 1e-6*math.Max(1, math.Abs(r.ub)) {
				t.Errorf("%s t=%d: upper bound %.10g, reference %.10g", run, r.t, p.UpperBound, r.ub)
			}
			if want := r.alarm == "1"; p.Alarm != want {
				t.Errorf("%s t=%d: alarm %v, reference %s", run, r.t, p.Alarm, r.alarm)
			}
		}
		checked++
	}
	if checked != 10 {
		t.Fatalf("replayed %d C1/C2 runs, want 10", checked)
	}
}

// C3 against the published formula on a hand-computed case.
func TestC3Published(t *testing.T) {
	// Weeks 1–9 alternate 4, 6 (mean 5, sd √(8/7·1)); C2 at t uses weeks t−9..t−3.
	x := []float64{4, 6, 4, 6, 4, 6, 4, 6, 4, 6, 4, 12, 14, 5}
	got := C3(x, EARS{})
	// t=12 (index 11): baseline weeks 1..7 = 4,6,4,6,4,6,4: mean 34/7, sd of those.
	mean := 34.0 / 7
	var ss float64
	for _, v := range x[0:7] {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / 6)
	c2 := func(i int) float64 { // C2 statistic at 0-based i
		m, s := window(x, i-9, i-2)
		return (x[i] - m) / s
	}
	term := func(i int) float64 { return math.Max(0, c2(i)-1) }
	want := term(9) + term(10) + term(11)
	if p := got[11]; math.Abs(p.Score-want) > 1e-12 || math.Abs(p.Expected-mean) > 1e-12 {
		t.Fatalf("C3 at t=12: score %v expected %v, want %v and %v", p.Score, p.Expected, want, mean)
	}
	if p := got[11]; math.Abs(p.UpperBound-math.Max(0, mean+sd*(1+2-term(9)-term(10)))) > 1e-9 {
		t.Fatalf("C3 upper bound %v", p.UpperBound)
	}
	if !got[12].Alarm || got[12].Score <= 2 {
		t.Fatalf("C3 at t=13 should alarm: %+v", got[12])
	}
	if !got[11].Defined || got[10].Defined {
		t.Fatal("C3 defined where it should not be, or not where it should")
	}
}

func TestCusum(t *testing.T) {
	x := []float64{5, 5, 6, 4, 5, 5, 6, 4, 5, 9, 9, 9, 5, 5}
	got := Cusum(x, CUSUM{})
	// Hand check at t=10 (index 9): baseline indices 2..8 = 6,4,5,5,6,4,5.
	m, s := window(x, 2, 9)
	z := (9 - m) / s
	if want := math.Max(0, z-1.04); math.Abs(got[9].Score-want) > 1e-12 && !got[9].Alarm {
		t.Fatalf("S_10 = %v, want %v", got[9].Score, want)
	}
	alarms := 0
	for _, p := range got {
		if p.Alarm {
			alarms++
			if p.Score < 2.26 {
				t.Fatalf("alarm with S below h: %+v", p)
			}
		}
	}
	if alarms == 0 {
		t.Fatal("a jump to 9 from about 5 raised no alarm")
	}
}

func TestZquantile(t *testing.T) {
	for _, c := range []struct{ p, z float64 }{{0.999, 3.090232306167813}, {0.975, 1.959963984540054}, {0.5, 0}, {0.001, -3.090232306167813}} {
		if got := Zquantile(c.p); math.Abs(got-c.z) > 1e-12 {
			t.Errorf("Φ⁻¹(%v) = %.15f, want %.15f", c.p, got, c.z)
		}
	}
}
