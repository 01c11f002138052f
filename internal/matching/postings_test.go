package matching

import (
	"reflect"
	"testing"
	"time"
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

// TestMarketCountsMakers: the firms that shipped goods of a kind to a
// country are the makers: a trading firm's line declaring a registered
// maker counts that maker once, not the trading firm too; a consignor's
// line that declares no other maker counts the consignor.
func TestMarketCountsMakers(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南祁东家厨塑胶有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙湘贸通进出口有限公司"},
		{ID: 3, USCC: "U3", NameZh: "湖南衡山厨宝尼龙制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U2", ManufacturerUSCC: "U1", Manufacturer: "祁东县家厨塑胶有限公司", HSCode: "3924100000", Name: "尼龙刮铲", Destination: "IE"},
		{Declaration: "D2", ConsignorUSCC: "U3", HSCode: "3924100000", Name: "尼龙水勺", Destination: "IE"},
	}
	ix := NewIndex(es, ls)
	if m := ix.post.marketOf("IE", []string{"3924"}, time.Time{}, time.Time{}); m.firms != 2 {
		t.Errorf("%d firms shipped such goods to IE, want 2: the maker U1 and U3, not the trading firm U2", m.firms)
	}
	ls[0].ManufacturerUSCC, ls[0].Manufacturer = "", ""
	if m := NewIndex(es, ls).post.marketOf("IE", []string{"3924"}, time.Time{}, time.Time{}); m.firms != 2 {
		t.Errorf("%d firms shipped such goods to IE, want 2: U2 declared no other maker", m.firms)
	}
}
