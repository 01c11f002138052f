package screening

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// world is a generator of rules and declarations whose values collide
// often, in every field, with the odd cases the compiled index must treat
// as the engine did: letters in both cases and with spaces around, runes
// whose case folds to ASCII (K, ſ), bytes that are not UTF-8, keywords that
// are prefixes or suffixes of one another, the empty keyword, HS prefixes
// of one digit or none, sampled measures, date windows, reliefs and a
// random inspection rate.
type world struct {
	rng                                               *rand.Rand
	hs, kws, names, brands, models, makers, countries []string
	usccs, gtins, batches, ports, modes               []string
}

func newWorld(seed uint64) *world {
	w := &world{rng: rand.New(rand.NewPCG(seed, 7)),
		hs:        []string{"", "3", "36", "3604", "360410", "3604100000", "9613", "961310", "96138000", "9503", "950300", "6911", "69111010", "x9", "95a"},
		kws:       []string{"打火机", "火机", "火", "烟花", "玩具", "儿童玩具", "陶瓷", "餐具", "陶瓷餐具", "", "\xe7\x81", "\xff", "ab", "b", "\ufffd"},
		names:     []string{"一次性打火机", "组合烟花", "儿童玩具", "陶瓷餐具", "火柴", "", "abc", "x\xffy", "\ufffd火", "电动玩具车", "打火机和烟花", "ab\xe7\x81"},
		brands:    []string{"Acme", "acme", " ACME ", "Kelvin", "\u212aelvin", "ſun", "SUN", "Ünï", "ünÏ", "", "\xffA", "\xfeA"},
		models:    []string{"M-1", "m-1", "M-2", " m-2", "X\u212a", "xk", ""},
		makers:    []string{"浏阳花炮厂", "湖南第1制造有限公司", "Maker A", "maker a", ""},
		countries: []string{"US", "DE", "FR", "CN", "JP", ""},
		usccs:     []string{"91430500MA4Q6L7M8Y", "91430100MA0000001X", "X", ""},
		gtins:     []string{"6901234567892", "6900000000011", ""},
		batches:   []string{"B1", "B2", "b1", ""},
		ports:     []string{"4900", "4901", ""},
		modes:     []string{"0110", "9610", ""},
	}
	// Plainer values too, so that most lines fall in no scope.
	for i := 0; i < 40; i++ {
		w.hs = append(w.hs, fmt.Sprintf("%04d", 8400+i), fmt.Sprintf("%06d", 840000+i*7))
		w.brands = append(w.brands, fmt.Sprintf("Brand%02d", i))
		w.models = append(w.models, fmt.Sprintf("M-%03d", i))
		w.usccs = append(w.usccs, fmt.Sprintf("91430100MA%07dX", i))
		w.gtins = append(w.gtins, fmt.Sprintf("69%011d", i))
		w.batches = append(w.batches, fmt.Sprintf("B%06d", i))
		w.makers = append(w.makers, fmt.Sprintf("湖南第%d制造有限公司", i+2))
		w.countries = append(w.countries, fmt.Sprintf("C%c", 'A'+i%26))
		w.names = append(w.names, fmt.Sprintf("产品%d号", i))
		w.kws = append(w.kws, fmt.Sprintf("品%d", i))
		w.modes = append(w.modes, fmt.Sprintf("%04d", 2000+i))
		w.ports = append(w.ports, fmt.Sprintf("%04d", 5000+i))
	}
	return w
}

// pick returns one of xs: of a list ending in 40 plain values, one of
// those nine times in ten.
func (w *world) pick(xs []string) string {
	if len(xs) > 40 {
		if w.rng.IntN(10) == 0 {
			xs = xs[:len(xs)-40]
		} else {
			xs = xs[len(xs)-40:]
		}
	}
	return xs[w.rng.IntN(len(xs))]
}

// some returns nil most of the time, else one to three values.
func (w *world) some(xs []string, p int) []string {
	if w.rng.IntN(100) >= p {
		return nil
	}
	out := []string{w.pick(xs)}
	for w.rng.IntN(3) == 0 && len(out) < 3 {
		out = append(out, w.pick(xs))
	}
	return out
}

func (w *world) rules(n int) []Rule {
	at := time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC)
	decisions := []Decision{DocumentCheck, Inspect, LabTest, Detain, Destroy, Refuse}
	rules := make([]Rule, n)
	for i := range rules {
		// One to three fields, each with one to three values.
		var sc warning.Scope
		fields := []struct {
			set  *[]string
			vals []string
		}{{&sc.HSPrefixes, w.hs}, {&sc.Keywords, w.kws}, {&sc.Countries, w.countries}, {&sc.USCCs, w.usccs}, {&sc.Brands, w.brands},
			{&sc.Models, w.models}, {&sc.GTINs, w.gtins}, {&sc.Batches, w.batches}, {&sc.Makers, w.makers}, {&sc.Ports, w.ports}, {&sc.TradeModes, w.modes}}
		for k := 1 + w.rng.IntN(3); k > 0; k-- {
			f := fields[w.rng.IntN(len(fields))]
			*f.set = w.some(f.vals, 100)
		}
		r := Rule{MeasureID: risk.ID(w.rng.IntN(5)), WarningNumber: w.pick([]string{"", "湘关预警〔2026〕1号", "湘关预警〔2026〕2号", "A", "B"}),
			Decision: decisions[w.rng.IntN(len(decisions))], Scope: sc, Why: w.pick([]string{"措施 1（查验） / measure 1 (inspect)", "no slash", ""})}
		switch w.rng.IntN(10) {
		case 0:
			r.Rate = []float64{0.1, 0.5, 0.9, 1, 0}[w.rng.IntN(5)]
		case 1:
			r.From = at.AddDate(0, 0, w.rng.IntN(5)-2)
		case 2:
			r.Until = at.AddDate(0, 0, w.rng.IntN(5)-2)
		case 3:
			r.Relief = &Relief{TestItems: []string{"lead"}, Decision: DocumentCheck}
		}
		rules[i] = r
	}
	return rules
}

func (w *world) declaration(i int) Declaration {
	d := Declaration{Number: fmt.Sprintf("43012026%010d", i), Direction: w.pick([]string{"import", "export"}),
		Port: w.pick(w.ports), DeclaredAt: time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC).AddDate(0, 0, w.rng.IntN(5)-2),
		TradeMode: w.pick(w.modes), ConsignorUSCC: w.pick(w.usccs), ConsigneeUSCC: w.pick(w.usccs)}
	for j := 1 + w.rng.IntN(20); j > 0; j-- {
		d.Lines = append(d.Lines, Line{HSCode: w.pick(w.hs), Name: w.pick(w.names), Brand: w.pick(w.brands), Model: w.pick(w.models),
			GTIN: w.pick(w.gtins), Batch: w.pick(w.batches), Manufacturer: w.pick(w.makers), ManufacturerUSCC: w.pick(w.usccs),
			Origin: w.pick(w.countries), Destination: w.pick(w.countries)})
	}
	return d
}

// The compiled index decides every line as the engine did before it was
// compiled (reference_test.go): the same decision, reasons in the same
// order with the same words, the same sampling and rate — through Screen
// and through ScreenInto into a reused result.
func TestCompiledIndexAgreesWithReference(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		w := newWorld(seed)
		rules := w.rules(60 + w.rng.IntN(200))
		if seed%3 == 0 {
			// Models, brands and makers only in other scripts than ASCII.
			for i := range rules {
				sc := &rules[i].Scope
				for _, vals := range []*[]string{&sc.Models, &sc.Brands, &sc.Makers} {
					*vals = slices.DeleteFunc(*vals, isASCII)
				}
			}
		}
		credit := Credit{Tiers: map[string]string{"91430500MA4Q6L7M8Y": "trusted"}, Rates: map[string]float64{"trusted": 0.01, "routine": []float64{0, 0.05, 0.3}[seed%3]},
			DefaultTier: "routine", TierNames: map[string][2]string{"routine": {"常规", "routine"}}}
		reports := []Report{
			{ID: 1, Number: "R1", Lab: "Lab", HSCode: "36", EnterpriseUSCC: "91430500MA4Q6L7M8Y", IssuedOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
				ValidUntil: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), TestItems: []string{"lead"}},
			{ID: 2, Number: "R2", Lab: "Lab", HSCode: "9", EnterpriseUSCC: "91430100MA0000001X", IssuedOn: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
				ValidUntil: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC), TestItems: []string{"lead"}, Awaiting: true},
		}
		salt := []byte(fmt.Sprintf("salt%d", seed))
		ix := Build(rules, credit, salt, 1)
		ix.SetReports(reports)
		ref := refBuild(rules, credit, salt)
		ref.setReports(reports)
		var into Result
		lines, flagged := 0, 0
		for i := 0; i < 1500; i++ {
			d := w.declaration(i)
			want := ref.screen(&d)
			got := ix.Screen(&d)
			ix.ScreenInto(&into, &d)
			for how, got := range map[string]Result{"Screen": got, "ScreenInto": into} {
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("seed %d, declaration %d, %s: %s", seed, i, how, firstDiff(&d, &got, &want))
				}
			}
			lines += len(d.Lines)
			for _, l := range want.Lines {
				if l.Decision != Release {
					flagged++
				}
			}
		}
		t.Logf("seed %d: %d rules, %d of %d lines flagged", seed, len(rules), flagged, lines)
		// The comparison means something only if the rules catch lines,
		// and not all of them.
		if flagged == 0 || flagged == lines {
			t.Errorf("seed %d: %d of %d lines flagged", seed, flagged, lines)
		}
	}
}

// foldKey is equal for two strings exactly when strings.EqualFold holds.
func TestFoldKeyIsEqualFold(t *testing.T) {
	vals := []string{"", "a", "A", "k", "K", "\u212a", "s", "S", "ſ", "ß", "ẞ", "Σ", "σ", "ς", "\xff", "\xfe", "\ufffd", "ǅ", "ǆ", "Ǆ", "İ", "i", "ı", "ab", "aB", "Ab"}
	for _, a := range vals {
		for _, b := range vals {
			ka, kb := string(foldKey(nil, a)), string(foldKey(nil, b))
			if (ka == kb) != strings.EqualFold(a, b) {
				t.Errorf("%q %q: keys %q %q, EqualFold %v", a, b, ka, kb, strings.EqualFold(a, b))
			}
		}
	}
}

// The byte automaton finds exactly the keywords strings.Contains finds,
// table or no table.
func TestByteMatcherIsContains(t *testing.T) {
	kws := []string{"打火机", "火机", "火", "玩具", "he", "she", "his", "hers", "", "\xe7\x81", "\xff", "\ufffd"}
	texts := []string{"一次性打火机和玩具ushers", "", "h", "x\xffy", "\ufffd", "火", "ab\xe7\x81", "hishe"}
	for _, table := range []string{"16", "32", "none"} {
		m := newByteMatcher(kws)
		switch table {
		case "32":
			m.delta = make([]int32, len(m.delta16))
			for i, t := range m.delta16 {
				m.delta[i] = int32(t)
			}
			m.delta16 = nil
		case "none":
			m.delta16 = nil
		}
		for _, text := range texts {
			found := map[int32]bool{}
			s := int32(0)
			for i := 0; i < len(text); i++ {
				s = m.step(s, text[i])
				for _, k := range m.out[m.outAt[s]:m.outAt[s+1]] {
					found[k] = true
				}
			}
			for k, kw := range kws {
				if want := text != "" && strings.Contains(text, kw); found[int32(k)] != want {
					t.Errorf("table %s: %q in %q: found %v, want %v", table, kw, text, found[int32(k)], want)
				}
			}
		}
	}
}

// firstDiff names the first line two results differ on.
func firstDiff(d *Declaration, got, want *Result) string {
	if len(got.Lines) != len(want.Lines) {
		return fmt.Sprintf("%d lines, want %d", len(got.Lines), len(want.Lines))
	}
	for j := range got.Lines {
		if !reflect.DeepEqual(got.Lines[j], want.Lines[j]) {
			return fmt.Sprintf("line %d %+v:\n got %+v\nwant %+v", j, d.Lines[j], got.Lines[j], want.Lines[j])
		}
	}
	return fmt.Sprintf("got %+v, want %+v", got, want)
}

// No rune in the ranges caseless names has a case.
func TestCaselessRanges(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if caseless(r) && (unicode.SimpleFold(r) != r || unicode.ToLower(r) != r) {
			t.Errorf("%U has a case", r)
		}
	}
	for _, s := range []string{"湖南第1制造有限公司", "abc", "aBc", "ア", "\xff", "\ufffd", "Ünï", "打火机1"} {
		if lowerFree(s) && strings.ToLower(s) != s {
			t.Errorf("lowerFree(%q) but ToLower gives %q", s, strings.ToLower(s))
		}
	}
}

// When the line stamp wraps around, the marks of earlier lines are
// cleared, not taken for the current line's.
func TestStampWraps(t *testing.T) {
	w := newWorld(9)
	rules := w.rules(300)
	ix := Build(rules, Credit{}, nil, 1)
	ref := refBuild(rules, Credit{}, nil)
	s := ix.scratch.New().(*scratch)
	s.stamp = ^uint32(0) - 3
	var got Result
	wrapped := false
	for i := 0; i < 50; i++ {
		d := w.declaration(i)
		before := s.stamp
		ix.screenWith(s, &got, &d)
		wrapped = wrapped || s.stamp < before
		if want := ref.screen(&d); !reflect.DeepEqual(got, want) {
			t.Fatalf("declaration %d, stamp %d: %s", i, s.stamp, firstDiff(&d, &got, &want))
		}
	}
	if !wrapped {
		t.Fatal("the stamp did not wrap")
	}
}

// The engine, compiled and as it was, on the generator's world (dense:
// most lines fall in several scopes). bench/screen measures the default
// size; this is the quick look: go test -bench Screen -run '^$'.
func BenchmarkScreen(b *testing.B) {
	w := newWorld(1)
	rules := w.rules(2000)
	ds := make([]Declaration, 1000)
	lines := 0
	for i := range ds {
		ds[i] = w.declaration(i)
		lines += len(ds[i].Lines)
	}
	ix := Build(rules, Credit{}, nil, 1)
	ref := refBuild(rules, Credit{}, nil)
	run := func(b *testing.B, screen func(d *Declaration)) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			screen(&ds[i%len(ds)])
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(float64(lines)/float64(len(ds))), "ns/line")
	}
	var dst Result
	b.Run("ScreenInto", func(b *testing.B) { run(b, func(d *Declaration) { ix.ScreenInto(&dst, d) }) })
	b.Run("Screen", func(b *testing.B) { run(b, func(d *Declaration) { ix.Screen(d) }) })
	b.Run("reference", func(b *testing.B) { run(b, func(d *Declaration) { ref.screen(d) }) })
}
