package matching

import (
	"reflect"
	"testing"
)

// TestPostingsFindWhatTheScanFinds: through the postings, Match proposes
// exactly what a scan of every enterprise proposes, on both evaluation
// sets and a synthetic register, at thresholds above what product words
// and headings alone can reach.
func TestPostingsFindWhatTheScanFinds(t *testing.T) {
	type set struct {
		name string
		es   []Enterprise
		ls   []Line
		ns   []Notification
	}
	es, ls := register(t)
	sets := []set{{"eval", es, ls, alerts(t)}}
	e2 := loadEval2(t)
	sets = append(sets, set{"eval2", e2.enterprises, e2.lines, e2.alerts})
	se, sl, sn := Synthetic(1000, 8000, 150, 7)
	sets = append(sets, set{"synthetic", se, sl, sn})
	for _, s := range sets {
		ix := NewIndex(s.es, s.ls)
		scan := *ix
		scan.Scan = true
		proposed := 0
		for _, min := range []float64{0.52, Threshold, 0.7} {
			for _, n := range s.ns {
				got, want := ix.Match(n, min), scan.Match(n, min)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s %s at %.2f: postings %+v, scan %+v", s.name, n.Ref, min, got, want)
				}
				proposed += len(got)
			}
		}
		if proposed == 0 {
			t.Errorf("%s: nothing proposed; the comparison says nothing", s.name)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	es, ls, ns := Synthetic(20_000, 400_000, 200, 1)
	ix := NewIndex(es, ls)
	for _, mode := range []struct {
		name string
		scan bool
	}{{"postings", false}, {"scan", true}} {
		b.Run(mode.name, func(b *testing.B) {
			x := *ix
			x.Scan = mode.scan
			i := 0
			for b.Loop() {
				x.Match(ns[i%len(ns)], Threshold)
				i++
			}
		})
	}
}
