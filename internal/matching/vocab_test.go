package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/risk"
)

// TestTermWordsFoldAccents: an alert typed without its accents meets the
// lexicon's word, and the other way round; letters that do not decompose
// (ł, ß) fold too; a possessive's "s" is dropped.
func TestTermWordsFoldAccents(t *testing.T) {
	for _, c := range [][2]string{
		{"Plat en céramique", "plat en ceramique"},
		{"Te verde con jazmín", "te verde con jazmin"},
		{"Łyżka kuchenna", "lyzka kuchenna"},
		{"Süßware", "sussware"},
		{"Ciorbă de perişoare, ţelină", "ciorba de perisoare, telina"},
		{"catcher's helmets", "catchers helmet"},
	} {
		if a, b := termWords(c[0]), termWords(c[1]); !slices.Equal(a, b) {
			t.Errorf("termWords(%q) = %q, termWords(%q) = %q; want them equal", c[0], a, c[1], b)
		}
	}
	if got := foldAccents("陶瓷 céramique"); got != "陶瓷 ceramique" {
		t.Errorf("foldAccents kept Chinese and folded Latin as %q", got)
	}
}

// TestLexiconAccentsAndBoundaries: the lexicon finds its terms with or
// without accents, and a short word only as a whole word — never inside
// another (soy in soya or soybean, ajo in ajoutée, plat in plate or
// platter, te in tea or tee).
func TestLexiconAccentsAndBoundaries(t *testing.T) {
	lx := mustReference().lex
	has := func(text, term string) bool {
		return slices.ContainsFunc(lx.Find(text), func(t *Term) bool { return t.Term == term })
	}
	for _, c := range []struct {
		text, term string
		want       bool
	}{
		{"Plat en céramique", "plat", true},
		{"Plat en ceramique", "céramique", true},
		{"CERAMIQUE", "céramique", true},
		{"Chochla nylonowa", "chochla", true},
		{"Savory soy-based snack", "soy", true},
		{"Soya sauce", "soy", false},
		{"Organic soybean expeller", "soy", false},
		{"Ajos congelados", "ajo", true},
		{"Sauce ajoutée", "ajo", false},
		{"Decorated plates", "plat", false},
		{"Melamine platter", "plat", false},
		{"Plats cuisinés surgelés", "plat", false},
		{"Plats cuisinés surgelés", "plat cuisiné", true},
		{"Piatti pronti", "piatti", false},
		{"Platos preparados", "plato", false},
		{"Te verde", "té verde", true},
		{"Green tea", "té verde", false},
		{"Teeth whitening strips", "tee", false},
		{"The best mug", "té", false},
		{"Thé vert de Chine", "thé vert", true},
	} {
		if got := has(c.text, c.term); got != c.want {
			t.Errorf("Find(%q) holds %q: %v, want %v", c.text, c.term, got, c.want)
		}
	}
}

// TestParseLexiconLanguagesAndTranslations: the languages RASFF notifies in
// load, a translation (tr) may be a row's only source in another language,
// never for an English term, and two spellings of one word that differ only
// by accents are one term.
func TestParseLexiconLanguagesAndTranslations(t *testing.T) {
	exists := func(h string) bool { return h == "6912" || h == "0902" }
	good := "term,lang,zh,hs,source\nmug,en,杯,6912,trade\ncană,ro,杯,6912,tr\nmok,nl,杯,6912,tr\ncaneca,pt,杯,6912,tr\nhrnek,cs,杯,6912,tr\nbögre,hu,杯,6912,tr\n"
	lx, err := ParseLexicon(strings.NewReader(good), exists)
	if err != nil || len(lx.terms) != 6 {
		t.Fatalf("lexicon in six languages: %v, %v", lx, err)
	}
	if got := lx.Find("Cana din ceramica"); len(got) != 1 || got[0].Term != "cană" {
		t.Errorf("Find(Cana) = %v, want cană", got)
	}
	for _, c := range []struct{ name, csv, field string }{
		{"English translation", "term,lang,zh,hs,source\nmug,en,杯,6912,tr\n", "source"},
		{"accents only apart", "term,lang,zh,hs,source\nceramique,fr,陶瓷,6912,tr\ncéramique,fr,陶瓷,6912,tr\n", "term"},
		{"unknown language", "term,lang,zh,hs,source\nbrocca,sq,杯,6912,tr\n", "lang"},
	} {
		lx, err := ParseLexicon(strings.NewReader(c.csv), exists)
		var e *risk.Error
		if lx != nil || !errors.As(err, &e) || e.Field != c.field {
			t.Errorf("%s: lexicon %v, error %v; want an error on field %s", c.name, lx, err, c.field)
		}
	}
}

// TestExtractHeadings: a plant's term fits its extract, powder or capsules
// declared under 1302 or 2106 only when the alert says it is one.
func TestExtractHeadings(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("term,lang,zh,hs,source\nastragalus,en,黄芪,1211,pharm\nmug,en,杯,6912,trade\n"),
		func(string) bool { return true })
	if err != nil {
		t.Fatal(err)
	}
	extract := &prepared{Line: Line{Name: "黄芪提取物（粉）"}, hs: "1302199099"}
	for _, c := range []struct {
		text string
		want bool
	}{
		{"Astragalus Extract Powder", true},
		{"Astragalus root, capsules", true},
		{"Extracto seco de astrágalo", false}, // Spanish name: not in this lexicon
		{"Astragalus root", false},
	} {
		terms := asExtracts(c.text, lx.Find(c.text))
		got := slices.ContainsFunc(terms, func(t *Term) bool { _, ok := t.fitsLine(extract); return ok })
		if got != c.want {
			t.Errorf("%q fits 黄芪提取物 under 1302: %v, want %v", c.text, got, c.want)
		}
	}
	if lx.terms["mug"].asExtract != nil {
		t.Error("a mug has an extract form")
	}
	if got := lx.terms["astragalus"]; got == nil || len(got.Headings) != 1 {
		t.Errorf("the extract form changed the term itself: %+v", got)
	}
}

// TestShippedBeforeDecays: a shipment counts fully in the half year before
// the notification, less with age, half at a year, nothing after.
func TestShippedBeforeDecays(t *testing.T) {
	notified := time.Date(2024, 6, 30, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		days int
		want float64
	}{{-1, 0}, {0, 1}, {60, 1}, {183, 1}, {274, 0.75}, {366, 0.5}, {367, 0}} {
		got := shippedBefore(notified.AddDate(0, 0, -c.days), notified)
		if got < c.want-0.01 || got > c.want+0.01 {
			t.Errorf("shipped %d days before counts %.3f, want %.2f", c.days, got, c.want)
		}
	}
}

// TestBrandElsewhere: two firms declare a buyer's brand; the one that
// shipped the alert's goods to the notifying country is proposed, the other
// weighs less and says why; with neither or both having shipped there, both
// stay as they were.
func TestBrandElsewhere(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙佳禾厨具有限公司"}, {ID: 2, USCC: "U2", NameZh: "株洲恒丰塑胶制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2023-03-20"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "尼龙勺", Brand: "ALPINA", Destination: "IE"},
		{Declaration: "D2", DeclaredAt: day("2023-04-01"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "尼龙漏勺", Brand: "ALPINA", Destination: "EE"},
	}
	n := Notification{Ref: "2023.3072", Product: "Alpina Nylon Serving Spoon", Category: "food-contact-materials", Origin: "CN", Market: "IE", Date: day("2023-05-09")}
	cs := NewIndex(es, ls).Match(n, 0)
	byID := map[string]Candidate{}
	for _, c := range cs {
		byID[c.Enterprise.USCC] = c
	}
	if c := byID["U1"]; c.Score < Threshold || hasKind(c, "brand-elsewhere", "") {
		t.Errorf("U1, which shipped Alpina spoons to Ireland: %+v", c)
	}
	if c := byID["U2"]; c.Score >= Threshold || !hasKind(c, "brand-elsewhere", "") {
		t.Errorf("U2, which shipped Alpina skimmers to Estonia only: score %.3f, evidence %s", c.Score, evidenceText(c))
	}
	// Notified where neither shipped: the brand cannot tell them apart.
	n.Market = "FR"
	for _, c := range NewIndex(es, ls).Match(n, 0) {
		if hasKind(c, "brand-elsewhere", "") {
			t.Errorf("%s weighed less for a country neither shipped to", c.Enterprise.USCC)
		}
	}
}

// TestBrandInText: a recall that gives no brand field but names a declared
// brand in its text ("… sold with Kid Casters No Tangle Combos") finds the
// firm; words that name goods ("Soccer Balls") are never read as a brand,
// and a registered name read from the text does not count.
func TestBrandInText(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "临湘市江湖渔具有限公司"}, {ID: 2, USCC: "U2", NameZh: "常宁市飞跃体育用品有限公司", NameEn: "Changning Tangle Sports"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "9507100000", Name: "儿童钓鱼竿套装", Brand: "KID CASTERS", Destination: "US"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "9506620000", Name: "足球", Brand: "SOCCER BALLS", Destination: "US"},
	}
	n := Notification{Ref: "23184", Product: "Children's Fishing Rods sold with Kid Casters No Tangle Combos",
		Words: "Lil Anglers Recalls Children's Fishing Rods; a 34-inch rod and reel combo", Market: "US"}
	got := NewIndex(es, ls).brandsInText(n.Product + " " + n.Words)
	if !got["kidcasters"] || got["soccerballs"] || got["tangle"] {
		t.Errorf("brands in text %v, want kidcasters only", got)
	}
	cs := NewIndex(es, ls).Match(n, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !hasKind(cs[0], "brand", "D1") || !strings.Contains(evidenceText(cs[0]), "names the declared brand") {
		t.Fatalf("candidates %+v, want U1 by the brand its text names", cs)
	}
}

// TestLexiconCompounds: a word the lexicon does not know that joins two it
// does (German "Polypropylenbox", "Bentobox") is read as the two; a word it
// knows, or whose parts it does not both know, is read whole.
func TestLexiconCompounds(t *testing.T) {
	lx := mustReference().lex
	terms := func(text string) []string {
		var out []string
		for _, t := range lx.Find(text) {
			out = append(out, t.Term)
		}
		return out
	}
	if got := terms("Polypropylenbox für Lebensmittel (Bentobox)"); !slices.Contains(got, "polypropylen") || !slices.Contains(got, "bento box") {
		t.Errorf("terms %q, want polypropylen and bento box", got)
	}
	if got := lx.decompound([]string{"lunchbox", "teapot", "carpet", "boxbento"}); !slices.Equal(got, []string{"lunchbox", "teapot", "carpet", "boxbento"}) {
		t.Errorf("decompound = %q, want every word whole", got)
	}
}
