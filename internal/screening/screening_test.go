package screening

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"riskgate/internal/warning"
)

var credit = Credit{Tiers: map[string]string{"91430500MA4Q6L7M8Y": "advanced", "DISHONEST": "dishonest"},
	Rates: map[string]float64{"advanced": 0.01, "certified": 0.025, "routine": 0.05, "dishonest": 0.8, "seriously-dishonest": 1}, DefaultTier: "routine"}

var at = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func decl(lines ...Line) *Declaration {
	return &Declaration{Number: "430120261129000001", Direction: "export", Port: "4900", DeclaredAt: at, TradeMode: "0110",
		ConsignorUSCC: "91430500MA4Q6L7M8Y", Lines: lines}
}

func TestDecisionsAndPrecedence(t *testing.T) {
	rules := []Rule{
		{MeasureID: 1, WarningNumber: "湘关预警〔2026〕1号", Decision: LabTest, Scope: warning.Scope{HSPrefixes: []string{"9613"}}, Why: "lab"},
		{MeasureID: 2, WarningNumber: "湘关预警〔2026〕1号", Decision: Refuse, Scope: warning.Scope{HSPrefixes: []string{"9613"}, Brands: []string{"Yomin"}}, Why: "ban"},
		{MeasureID: 3, WarningNumber: "湘关预警〔2026〕2号", Decision: Detain, Scope: warning.Scope{Keywords: []string{"打火机"}, Countries: []string{"DE"}}, Why: "detain"},
		{WarningNumber: "湘关预警〔2026〕3号", Decision: DocumentCheck, Scope: warning.Scope{Ports: []string{"4900"}, TradeModes: []string{"9610"}}, Why: "bulletin"},
	}
	ix := Build(rules, credit, []byte("salt"), 1)
	res := ix.Screen(decl(
		Line{HSCode: "9613800000", Name: "口红造型打火机", Brand: "YOMIN", Destination: "FR"}, // lab + refuse (brand case-insensitive)
		Line{HSCode: "9613100000", Name: "一次性打火机", Destination: "DE"},                  // lab + detain
		Line{HSCode: "6911101000", Name: "陶瓷餐具", Destination: "DE"},                    // nothing (trade mode 0110, not 9610)
	))
	want := []Decision{Refuse, Detain, Release}
	for i, w := range want {
		got := res.Lines[i].Decision
		if got != w && !(w == Release && got == Inspect && res.Lines[i].Sampled) {
			t.Errorf("line %d: %s, want %s (%+v)", i, got, w, res.Lines[i])
		}
	}
	if res.Decision != Refuse {
		t.Errorf("declaration decision %s, want refuse", res.Decision)
	}
	if n := len(res.Lines[0].Reasons); n != 2 || res.Lines[0].Reasons[0].MeasureID != 1 {
		t.Errorf("line 0 reasons %+v", res.Lines[0].Reasons)
	}
	// Deterministic: same input, same bytes.
	a, _ := json.Marshal(ix.Screen(decl(Line{HSCode: "9613800000", Name: "口红造型打火机", Brand: "YOMIN"})))
	b, _ := json.Marshal(Build(rules, credit, []byte("salt"), 1).Screen(decl(Line{HSCode: "9613800000", Name: "口红造型打火机", Brand: "YOMIN"})))
	if string(a) != string(b) {
		t.Errorf("not reproducible:\n%s\n%s", a, b)
	}
}

func TestDateWindow(t *testing.T) {
	rules := []Rule{{MeasureID: 1, Decision: Refuse, Scope: warning.Scope{HSPrefixes: []string{"36"}}, From: at.Add(time.Hour), Until: at.Add(48 * time.Hour)}}
	ix := Build(rules, Credit{Rates: map[string]float64{}}, nil, 1)
	d := decl(Line{HSCode: "3604100000", Name: "烟花"})
	if got := ix.Screen(d).Decision; got != Release {
		t.Errorf("before the window: %s", got)
	}
	d.DeclaredAt = at.Add(2 * time.Hour)
	if got := ix.Screen(d).Decision; got != Refuse {
		t.Errorf("in the window: %s", got)
	}
	d.DeclaredAt = at.Add(48 * time.Hour)
	if got := ix.Screen(d).Decision; got != Release {
		t.Errorf("at the end (exclusive): %s", got)
	}
}

// Sampling draws close to the rate, reproducibly, and a raised rate from a
// strengthened-supervision measure applies only in its scope.
func TestSampling(t *testing.T) {
	ix := Build([]Rule{{MeasureID: 9, Decision: Inspect, Rate: 0.5, Scope: warning.Scope{HSPrefixes: []string{"9613"}}, Why: "raised"}}, credit, []byte("k"), 1)
	n, sampled, raised := 4000, 0, 0
	for i := 0; i < n; i++ {
		d := decl(Line{HSCode: "6911101000", Name: "碗"}, Line{HSCode: "9613100000", Name: "打火机"})
		d.Number = fmt.Sprintf("43012026%010d", i)
		d.ConsignorUSCC = "unknown" // routine: 5 %
		r := ix.Screen(d)
		if r.Lines[0].Sampled {
			sampled++
		}
		if r.Lines[1].Sampled {
			raised++
			if r.Lines[1].Rate != 0.5 || r.Lines[1].Decision != Inspect {
				t.Fatalf("raised line %+v", r.Lines[1])
			}
		}
	}
	if f := float64(sampled) / float64(n); f < 0.04 || f > 0.06 {
		t.Errorf("routine sampling %.3f, want about 0.05", f)
	}
	if f := float64(raised) / float64(n); f < 0.47 || f > 0.53 {
		t.Errorf("raised sampling %.3f, want about 0.5", f)
	}
	if Draw([]byte("k"), "X", 1) != Draw([]byte("k"), "X", 1) || Draw([]byte("k"), "X", 1) == Draw([]byte("j"), "X", 1) {
		t.Error("draw not keyed and deterministic")
	}
	// A seriously dishonest enterprise: every line inspected.
	cr := credit
	cr.Tiers = map[string]string{"BAD": "seriously-dishonest"}
	d := decl(Line{HSCode: "6911101000", Name: "碗"})
	d.ConsignorUSCC = "BAD"
	if r := Build(nil, cr, []byte("k"), 1).Screen(d); r.Decision != Inspect || !r.Lines[0].Sampled {
		t.Errorf("seriously dishonest: %+v", r)
	}
}

// The index finds exactly what a scan of all rules finds.
func TestIndexAgreesWithScan(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func(xs []string) []string {
		if rng.IntN(3) > 0 {
			return nil
		}
		return []string{xs[rng.IntN(len(xs))]}
	}
	hs := []string{"36", "3604", "360410", "9613", "961310", "96138000", "9503", "6911", "69111010"}
	kws := []string{"打火机", "烟花", "玩具", "陶瓷", "餐具", "火"}
	var rules []Rule
	for i := 0; i < 800; i++ {
		sc := warning.Scope{HSPrefixes: pick(hs), Keywords: pick(kws), Countries: pick([]string{"DE", "US", "FR"}), Brands: pick([]string{"A", "B"}),
			Ports: pick([]string{"4900", "4901"}), GTINs: pick([]string{"6901234567892"}), Batches: pick([]string{"B1", "B2"}),
			USCCs: pick([]string{"91430500MA4Q6L7M8Y", "X"}), TradeModes: pick([]string{"0110", "9610"}), Makers: pick([]string{"浏阳花炮厂"})}
		if sc.Empty() {
			sc.Countries = []string{"US"}
		}
		rules = append(rules, Rule{MeasureID: 0, Decision: []Decision{DocumentCheck, Inspect, LabTest, Detain, Destroy, Refuse}[rng.IntN(6)], Scope: sc})
	}
	ix := Build(rules, Credit{Rates: map[string]float64{}}, nil, 1)
	for i := 0; i < 2000; i++ {
		l := Line{HSCode: []string{"3604100000", "9613100000", "9613800000", "9503000000", "6911101000"}[rng.IntN(5)],
			Name: []string{"组合烟花", "一次性打火机", "儿童玩具", "陶瓷餐具", "火柴"}[rng.IntN(5)], Brand: []string{"a", "B", ""}[rng.IntN(3)],
			Origin: "CN", Destination: []string{"DE", "US", "FR", "JP"}[rng.IntN(4)], GTIN: []string{"6901234567892", ""}[rng.IntN(2)],
			Batch: []string{"B1", "B2", ""}[rng.IntN(3)], Manufacturer: []string{"浏阳花炮厂", ""}[rng.IntN(2)]}
		d := decl(l)
		d.Port = []string{"4900", "4901"}[rng.IntN(2)]
		d.TradeMode = []string{"0110", "9610"}[rng.IntN(2)]
		want := Release
		for j := range rules {
			if matches(&rules[j].Scope, d, &d.Lines[0]) {
				want = Stricter(want, rules[j].Decision)
			}
		}
		if got := ix.Screen(d).Lines[0].Decision; got != want {
			t.Fatalf("line %+v: index %s, scan %s", l, got, want)
		}
	}
}

func TestMatcher(t *testing.T) {
	m := newMatcher([]string{"打火机", "火机", "火", "玩具", "he", "she", "his", "hers"})
	var found []string
	kw := []string{"打火机", "火机", "火", "玩具", "he", "she", "his", "hers"}
	m.find("一次性打火机和玩具ushers", func(k int32) { found = append(found, kw[k]) })
	got := strings.Join(found, ",")
	for _, w := range []string{"打火机", "火机", "火", "玩具", "she", "he", "hers"} {
		if !strings.Contains(","+got+",", ","+w+",") {
			t.Errorf("missed %s in %s", w, got)
		}
	}
	if strings.Contains(got, "his") {
		t.Errorf("found his in %s", got)
	}
}
