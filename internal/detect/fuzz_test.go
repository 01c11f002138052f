package detect

import (
	"bytes"
	"math"
	"os"
	"strings"
	"testing"
)

// FuzzReadSeries reads weekly series files: a refused file is an error in
// Chinese and English and no weeks; a read series numbers its weeks 1, 2,
// … with finite counts of at least 0, and the EARS and CUSUM methods run
// over it.
func FuzzReadSeries(f *testing.F) {
	// The first weeks of the series of testdata (copied from
	// shared/data/surveillance, origin in testdata/NOTICE.md).
	for _, name := range []string{"salmonella_agona_weekly.csv", "campyDE_weekly.csv", "rasff_china_origin_weekly.csv", "neiss_fireworks_weekly.csv"} {
		b, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		f.Add([]byte(strings.Join(lines[:min(len(lines), 12)], "")))
	}
	for _, s := range []string{"", "t\n", "observed,t\n3,1\n2,2\n", "t,observed\n1,2\n3,4\n", "t,observed\n1,-1\n", "t,observed\n1,NaN\n", "t,observed\n1,2\n2,+Inf\n", "t,observed\n1,\"2\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ws, err := ReadSeries(bytes.NewReader(data))
		if err != nil {
			if ws != nil {
				t.Fatalf("error %v with %d weeks", err, len(ws))
			}
			if !strings.Contains(err.Error(), " / ") {
				t.Fatalf("error %q: want Chinese and English", err)
			}
			return
		}
		for i, w := range ws {
			if w.T != i+1 || !(w.Observed >= 0) || math.IsInf(w.Observed, 0) {
				t.Fatalf("week %d: %+v", i+1, w)
			}
		}
		x := Observed(ws)
		C1(x, EARS{})
		C2(x, EARS{})
		C3(x, EARS{})
		Cusum(x, CUSUM{})
	})
}
