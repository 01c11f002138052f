package matching

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestBrandsAlikeBounds: how far apart two spellings of a brand may be
// depends on its length — two neighbours swapped or a consonant between
// vowels doubled at five letters, one edit
// from six to eight, two from nine — and a spelling never counts across
// scripts or numbers.
func TestBrandsAlikeBounds(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"ecnup", "encup", true},            // five letters, two neighbours swapped (Ecnup, ENCUP)
		{"ecnup", "ecnap", false},           // five letters, one changed: another word as often as not
		{"ecnup", "ecnupp", false},          // five letters, one added
		{"samit", "sammit", true},           // five letters, a consonant between vowels doubled (SAMIT, SAMMIT)
		{"samit", "saamit", false},          // a vowel doubled
		{"sampt", "sammpt", false},          // a consonant doubled next to another
		{"sport", "spotr", true},            // swapped at the end
		{"abcd", "abdc", false},             // four letters: too short to tell
		{"slimxtreme", "slimextreme", true}, // SLIM EXTREME for Slim Xtreme: one added
		{"hovershark", "hoverhsrak", true},  // ten letters, two swaps
		{"hovershark", "hovrshakr", true},   // one dropped, two swapped
		{"hovershark", "hovrshrk", false},   // two dropped, but eight letters left
		{"hovershark", "xovershaxx", false}, // three changed
		{"burnove", "brunvoe", false},       // seven letters, two swaps
		{"lumineux", "luminaix", false},     // eight letters, two changed
		{"xinghua123", "xinghua124", false}, // a number is no slip of the keys
		{"xinghua123", "xinhgua123", true},  // the letters may be
		{"姿秀堂", "紫绣堂", false},               // characters are syllables, not typing
		{"zixiutang", "zixiutang", false},   // the same is not "alike"
		{"slimdia", "slimdiarevolution", false},
	} {
		if got := brandsAlike(c.a, c.b); got != c.want {
			t.Errorf("brandsAlike(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
		if got := brandsAlike(c.b, c.a); got != c.want {
			t.Errorf("brandsAlike(%q, %q) = %v, want %v", c.b, c.a, got, c.want)
		}
	}
	for _, c := range []struct {
		a, b    string
		k, want int
	}{
		{"ecnup", "encup", 2, 1}, {"kitten", "sitting", 3, 3}, {"kitten", "sitting", 2, 3}, {"ca", "abc", 3, 3}, {"", "abc", 3, 3}, {"abc", "abc", 0, 0},
	} {
		if got := spellingDistance(c.a, c.b, c.k); got != c.want {
			t.Errorf("spellingDistance(%q, %q, %d) = %d, want %d", c.a, c.b, c.k, got, c.want)
		}
	}
}

// TestSpellingFindsWhatComparingFinds: the pieces of the spelling index
// find every declared form spelt alike a query, the same as comparing the
// query with every form, on random brands with random slips of the keys.
func TestSpellingFindsWhatComparingFinds(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 7))
	letters := "abcdeghinorstuxz"
	word := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(letters[r.IntN(len(letters))])
		}
		if r.IntN(4) == 0 {
			b.WriteString("12")
		}
		return b.String()
	}
	slip := func(s string) string {
		b := []byte(s)
		i := r.IntN(len(b))
		switch r.IntN(4) {
		case 0: // dropped
			return string(b[:i]) + string(b[i+1:])
		case 1: // added
			return string(b[:i]) + string(letters[r.IntN(len(letters))]) + string(b[i:])
		case 2: // changed
			b[i] = letters[r.IntN(len(letters))]
		default: // swapped
			if i+1 < len(b) {
				b[i], b[i+1] = b[i+1], b[i]
			}
		}
		return string(b)
	}
	var sp spelling
	var forms []string
	for range 3000 {
		f := word(4 + r.IntN(9))
		if !slices.Contains(forms, f) {
			forms = append(forms, f)
			sp.add(f)
		}
	}
	found := 0
	for range 3000 {
		q := forms[r.IntN(len(forms))]
		for range 1 + r.IntN(3) {
			q = slip(q)
		}
		var want []string
		for _, f := range forms {
			if brandsAlike(q, f) {
				want = append(want, f)
			}
		}
		got := sp.alike(q)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("alike(%q) = %q, comparing finds %q", q, got, want)
		}
		found += len(got)
	}
	if found < 1000 {
		t.Errorf("only %d spellings alike found: the test makes too few slips", found)
	}
}

// TestMatchBrandSpeltAlike: a brand the alert spells another way than the
// declaration (Ecnup in a recall's text, ENCUP declared; Slim Xtreme in a
// brand field, SLIM EXTREME declared) finds the firm when the declared line
// is the alert's product, and the evidence gives both spellings; the same
// spelling on goods of another kind counts for nothing, and a five-letter
// brand one letter changed is another brand.
func TestMatchBrandSpeltAlike(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "衡阳市蒸湘区卫首头盔有限公司"}, {ID: 2, USCC: "U2", NameZh: "耒阳市瘦美生物科技有限公司"},
		{ID: 3, USCC: "U3", NameZh: "株洲市天元区宏利塑胶有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2022-11-21"), ConsignorUSCC: "U1", HSCode: "6506100090", Name: "儿童多功能头盔（XS码）", Brand: "ENCUP", Destination: "US"},
		{Declaration: "D2", DeclaredAt: day("2011-02-28"), ConsignorUSCC: "U2", HSCode: "2106909090", Name: "草本减肥胶囊（30粒/瓶）", Brand: "SLIM EXTREME", Destination: "US"},
		{Declaration: "D3", DeclaredAt: day("2022-11-21"), ConsignorUSCC: "U3", HSCode: "3924100000", Name: "塑料饭盒", Brand: "ENCUPS", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	helmets := Notification{Ref: "23785", Product: "Kids bike helmets", Market: "US", Date: day("2023-08-24"),
		Words: "Multi-Purpose Kids Bike Helmets Recalled; Sold by Ecnup Exclusively on Amazon.com"}
	cs := ix.Match(helmets, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !strings.Contains(evidenceText(cs[0]), "brand spelt alike: Ecnup ≈ ENCUP") {
		t.Fatalf("Ecnup: candidates %+v, want U1 by the brand spelt alike", cs)
	}
	slim := Notification{Ref: "ucm256649", Product: "Dietary Supplement", Brand: "Slim Xtreme Herbal Slimming Capsule", Date: day("2011-05-24"), Market: "US"}
	cs = ix.Match(slim, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U2" || !strings.Contains(evidenceText(cs[0]), "Slim Xtreme ≈ SLIM EXTREME") {
		t.Fatalf("Slim Xtreme: candidates %+v, want U2 by the brand spelt alike", cs)
	}
	// ENCUPS, six letters against Ecnup's five, is more than two
	// neighbours swapped (and a lunch box is no helmet).
	for _, c := range ix.Match(helmets, 0) {
		if c.Enterprise.USCC == "U3" && hasKind(c, "brand", "") {
			t.Errorf("lunch boxes: brand evidence %+v", c.Evidence)
		}
	}
	// The spelling alike on another product: no brand evidence.
	boxes := Notification{Ref: "B1", Product: "Kids bike helmets", Words: "Sold by Encpus", Market: "US"}
	for _, c := range ix.Match(boxes, 0) {
		if c.Enterprise.USCC == "U3" && hasKind(c, "brand", "") {
			t.Errorf("helmets against lunch boxes spelt alike: brand evidence %+v", c.Evidence)
		}
	}
	// One letter changed in five is another brand.
	other := helmets
	other.Words = "Kids Bike Helmets Recalled; Sold by Ecnap Exclusively on Amazon.com"
	if cs := ix.Match(other, Threshold); len(cs) != 0 {
		t.Errorf("Ecnap: candidates %+v, want none", cs)
	}
}

// TestMatchBrandInField: a brand field that names the declared brand among
// other words — a product line after it, a kind before it, the brand in
// pinyin — finds the firm, and the evidence says the field holds it.
func TestMatchBrandInField(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "耒阳市瘦美生物科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "岳阳市岳阳楼区蜂源保健食品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "汉寿县紫绣湘绣工艺有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "2106909090", Name: "减肥胶囊（30粒/瓶）", Brand: "SLIM DIA", Destination: "US"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "2106909090", Name: "蜂花粉胶囊（经典型，30粒/瓶）", Brand: "姿秀堂", Destination: "US"},
		{Declaration: "D3", ConsignorUSCC: "U3", HSCode: "5810999000", Name: "湘绣挂画", Brand: "紫绣", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for _, c := range []struct{ brand, want, detail string }{
		{"Slimdia Revolution", "U1", "brand field names the declared brand: Slimdia Revolution ~ SLIM DIA"},
		{"Classic Zi Xiu Tang Bee Pollen and Ultimate Formula", "U2", "read as zixiutang"},
	} {
		cs := ix.Match(Notification{Ref: "F", Product: "Dietary supplement", Brand: c.brand, Market: "US"}, Threshold)
		if len(cs) != 1 || cs[0].Enterprise.USCC != c.want || !strings.Contains(evidenceText(cs[0]), c.detail) {
			t.Errorf("%s: candidates %+v, want %s by the brand in its field", c.brand, cs, c.want)
		}
	}
	// A word of the field that is a declared brand only as part of a
	// longer one ("Zixiu" of 紫绣 inside "Zi Xiu Tang") is not it.
	for _, c := range ix.Match(Notification{Ref: "F", Product: "Dietary supplement", Brand: "Classic Zi Xiu Tang Bee Pollen", Market: "US"}, 0) {
		if c.Enterprise.USCC == "U3" && hasKind(c, "brand", "") {
			t.Errorf("紫绣 embroidery: brand evidence %+v", c.Evidence)
		}
	}
}

// TestBrandMarked: words written before ® or ™ are a brand even when they
// are words of the nomenclature or the lexicon ("First Fitness®"); the same
// words without the mark are not read as one.
func TestBrandMarked(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "永州市零陵区腾跃体育用品有限公司"}}
	ls := []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "9506919000", Name: "儿童蹦床（带扶手）", Brand: "FIRST FITNESS", Destination: "US"}}
	ix := NewIndex(es, ls)
	if got := ix.brandsInText("First Fitness® Trampolines with Handlebars"); !got["firstfitness"] {
		t.Errorf("brands in text %v, want firstfitness", got)
	}
	if got := ix.brandsInText("First Fitness™ Trampolines"); !got["firstfitness"] {
		t.Errorf("brands in text %v, want firstfitness", got)
	}
	if got := ix.brandsInText("First fitness trampolines for children"); got["firstfitness"] {
		t.Errorf("brands in text %v, want none without the mark", got)
	}
}
