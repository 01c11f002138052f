package matching

import (
	"errors"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// TestBuiltinReference: the embedded lexicon and the categories' headings
// load, and every heading they name exists.
func TestBuiltinReference(t *testing.T) {
	ref, err := builtin()
	if err != nil {
		t.Fatal(err)
	}
	if len(ref.lex.terms) < 200 {
		t.Errorf("lexicon has %d terms, want the curated set (≥ 200)", len(ref.lex.terms))
	}
	for _, want := range []string{"firework", "lighter", "porcelain", "bamboo chopstick", "excavator", "toy", "cosmetic", "kettle", "hoodie"} {
		if ref.lex.terms[strings.Join(termWords(want), " ")] == nil {
			t.Errorf("lexicon lacks %q, one of Hunan's trades", want)
		}
	}
	if c := ref.categories["hobby-sports-equipment"]; len(c.headings) < 2 {
		t.Errorf("hobby/sports equipment covers %v, want several headings", c.headings)
	}
}

func TestParseLexiconRefusesBadRows(t *testing.T) {
	exists := func(h string) bool { return h == "6912" || h == "3604" }
	for _, c := range []struct {
		name, csv, field string
	}{
		{"no source", "term,lang,zh,hs,source\nmug,en,杯,6912,\n", "source"},
		{"unknown source", "term,lang,zh,hs,source\nmug,en,杯,6912,wikipedia\n", "source"},
		{"unknown heading", "term,lang,zh,hs,source\nmug,en,杯,6999,trade\n", "hs"},
		{"no Chinese", "term,lang,zh,hs,source\nmug,en,,6912,trade\n", "zh"},
		{"no term", "term,lang,zh,hs,source\n,en,杯,6912,trade\n", "term"},
		{"unknown language", "term,lang,zh,hs,source\nmug,xx,杯,6912,trade\n", "lang"},
		{"repeated term", "term,lang,zh,hs,source\nmug,en,杯,6912,trade\nmugs,en,马克杯,6912,trade\n", "term"},
		{"wrong header", "en,zh\nmug,杯\n", "lexicon"},
		{"short row", "term,lang,zh,hs,source\nmug,en,杯\n", "lexicon"},
	} {
		lx, err := ParseLexicon(strings.NewReader(c.csv), exists)
		var e *risk.Error
		if lx != nil || !errors.As(err, &e) || e.Field != c.field || !strings.Contains(e.Message, " / ") {
			t.Errorf("%s: lexicon %v, error %v; want a bilingual error on field %s and no lexicon", c.name, lx, err, c.field)
		}
	}
	lx, err := ParseLexicon(strings.NewReader("term,lang,zh,hs,source\nmug,en,杯|马克杯,6912,sg+trade\nfirework,en,烟花,3604,hs\n"), exists)
	if err != nil || len(lx.terms) != 2 {
		t.Fatalf("good lexicon: %v %v", lx, err)
	}
}

func TestLexiconFind(t *testing.T) {
	ref := mustReference()
	names := func(text string) []string {
		var out []string
		for _, tm := range ref.lex.Find(text) {
			out = append(out, tm.Term)
		}
		return out
	}
	for _, c := range []struct {
		text string
		want string
	}{
		{"Porcelain mugs with decal", "porcelain mug"},
		{"Set of BAMBOO CHOPSTICKS", "bamboo chopstick"},
		{"Lichterkette mit 20 LEDs", "lichterkette led"},
		{"Feu d'artifice catégorie F2", "feu d'artifice"},
		{"Children's hoodies with drawstrings", "hoodie drawstring"},
		{"Batteries for toys", "battery toy"},
		{"Made in China", ""},
	} {
		if got := strings.Join(names(c.text), " "); got != c.want {
			t.Errorf("Find(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestMatchAcrossLanguages: an English alert finds the Chinese declaration
// of its product, and the evidence names the words that connected them.
func TestMatchAcrossLanguages(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南醴陵华信陶瓷有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南醴陵远航玻璃有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "6912001000", Name: "陶瓷马克杯", Brand: "Lumina"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "7013370000", Name: "玻璃杯", Brand: "Lumina"},
	}
	ix := NewIndex(es, ls)
	cs := ix.Match(Notification{Ref: "A1", Product: "Porcelain mug", Brand: "LUMINA", Category: "kitchen-cooking-accessories", Origin: "CN"}, Threshold)
	// The glass firm shares the brand and makes cups, but not of porcelain:
	// it ranks below, not tied.
	if len(cs) == 0 || cs[0].Enterprise.USCC != "U1" || len(cs) > 1 && (cs[1].Score >= cs[0].Score || hasKind(cs[0], "shared-brand", "")) {
		t.Fatalf("candidates %+v, want U1 first and alone at its score", cs)
	}
	found := false
	for _, ev := range cs[0].Evidence {
		if ev.Kind == "words" && strings.Contains(ev.Detail, "porcelain") && strings.Contains(ev.Detail, "mug") && strings.Contains(ev.Detail, "陶瓷马克杯") {
			found = true
		}
	}
	if !found {
		t.Errorf("evidence %+v does not name the words that connected the alert and the declaration", cs[0].Evidence)
	}
}

// TestMatchCategorySpanningHeadings: a category covers several headings. A
// brand plus a heading inside the set is not enough; product words make it;
// a firm whose lines are all outside the set scores lower.
func TestMatchCategorySpanningHeadings(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南长沙华信体育用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南长沙远航电器有限公司"}}
	n := Notification{Ref: "A1", Product: "Sports article", Brand: "Velox", Category: "hobby-sports-equipment", Origin: "CN"}
	// Inside the set (9506), the brand, no product words in common.
	ix := NewIndex(es, []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "9506911000", Name: "哑铃", Brand: "VELOX"}})
	if cs := ix.Match(n, Threshold); len(cs) != 0 {
		t.Fatalf("brand and a heading inside the category proposed %+v; it needs product words or a model too", cs)
	}
	// The same with the product named in the alert's words.
	n.Words = "Bicycle helmet"
	ix = NewIndex(es, []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "8712003000", Name: "自行车", Brand: "VELOX"}})
	cs := ix.Match(n, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !hasKind(cs[0], "hs", "D1") || !hasKind(cs[0], "words", "D1") {
		t.Fatalf("candidates %+v, want U1 by brand, heading in the category and words", cs)
	}
	// Only outside the set: the model alone still counts, less.
	n = Notification{Ref: "A2", Product: "Sports article", Model: "VX-200", Category: "hobby-sports-equipment", Origin: "CN"}
	inside := NewIndex(es, []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "9506911000", Name: "哑铃", Model: "VX200"}}).Match(n, 0)
	outside := NewIndex(es, []Line{{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "8516799000", Name: "电热水壶", Model: "VX200"}}).Match(n, 0)
	if len(inside) != 1 || len(outside) != 1 || outside[0].Score >= inside[0].Score || !hasKind(outside[0], "hs-outside", "") {
		t.Fatalf("inside %+v, outside %+v: a heading outside the category must count against", inside, outside)
	}
}

// TestTranslationSharesNoWord: a translation renders its English row even
// when it lists fewer or other words (nudeln: 面条|米粉), so it makes no word
// shared; two English terms listing one word (米粉 of "noodle" and of "rice
// vermicelli") do share it.
func TestTranslationSharesNoWord(t *testing.T) {
	exists := func(h string) bool { return h == "1902" }
	lx, err := ParseLexicon(strings.NewReader("term,lang,zh,hs,source\n"+
		"noodle,en,面条|挂面,1902,trade\n"+
		"rice vermicelli,en,米粉|米线,1902,trade\n"+
		"nudeln,de,面条|米粉,1902,sg+tr\n"+
		"rice stick,en,米粉,1902,trade\n"), exists)
	if err != nil {
		t.Fatal(err)
	}
	for z, want := range map[string]bool{"面条": false, "挂面": false, "米线": false, "米粉": true} {
		if lx.shared[z] != want {
			t.Errorf("shared[%s] = %v, want %v", z, lx.shared[z], want)
		}
	}
}

// TestHoldsWordAtLatinEnds: a Chinese word ending in a digit or a Latin
// letter is not held where the name runs on with more of its kind.
func TestHoldsWordAtLatinEnds(t *testing.T) {
	for _, c := range []struct {
		name, z string
		want    bool
	}{
		{"维生素B12（氰钴胺，饲料级）", "维生素B1", false},
		{"维生素B1（盐酸硫胺）及维生素B12", "维生素B1", true},
		{"维生素D3（饲料级）", "维生素D", true},
		{"PPR管（冷热水用）", "PP", false},
		{"PP收纳盒", "PP", true},
		{"HPP收纳盒", "PP", false},
		{"辅酶Q10软胶囊", "辅酶Q10", true},
		{"陶瓷马克杯", "马克杯", true},
	} {
		if got := holdsWord(c.name, c.z); got != c.want {
			t.Errorf("holdsWord(%s, %s) = %v, want %v", c.name, c.z, got, c.want)
		}
	}
	checkFits(t, []fitCase{
		{"Vitamin B1", "维生素B1（盐酸硫胺，饲料级）", "2936220000", true},
		{"Vitamin B1", "维生素B12（氰钴胺，饲料级）", "2936260000", false},
	})
}
