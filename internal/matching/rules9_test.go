package matching

import (
	"slices"
	"strings"
	"testing"
)

// fitsOf lists the alert's terms that fit a line of that name and HS code,
// the terms read as the engine reads them (as extracts, dried goods or
// goods made from them when the text says so).
func fitsOf(text, name, hs string) []string {
	ref := mustReference()
	l := &prepared{Line: Line{Name: name, HSCode: hs}, hs: onlyDigits(hs), heading: hsHeading(hs)}
	var got []string
	for _, term := range ref.lex.asMadeFrom(text, asDrieds(text, asExtracts(text, ref.lex.Find(productText(text))))) {
		if zh, ok := term.fitsLine(l); ok {
			got = append(got, term.Term+" ~ "+zh)
		}
	}
	return got
}

// fitCase is an alert's text against a declared line's name and HS code,
// and whether one of the alert's terms should fit the line.
type fitCase struct {
	text, name, hs string
	fit            bool
}

// checkFits checks each case with fitsOf.
func checkFits(t *testing.T, cases []fitCase) {
	t.Helper()
	for _, c := range cases {
		got := fitsOf(c.text, c.name, c.hs)
		if ok := len(got) > 0; ok != c.fit {
			t.Errorf("%q against %s under %s: fits %v (%s), want %v", c.text, c.name, c.hs, ok, strings.Join(got, ", "), c.fit)
		}
	}
}

// TestLexiconRowsOfRound9: the rows added after eval13's first run read
// the words of brand-less RASFF alerts as declarants write them: PLA is
// 聚乳酸; children's bamboo tableware is 竹纤维儿童餐具, the qualifier
// written between material and goods; egg noodles are 鸡蛋面; pepper strips,
// German Paprika Streifen, are the 椒条 of the vegetable headings, not the
// ground spice; gloves of plastics are declared under 3926 (3926.20: gloves
// of plastics), so a food-contact "Gloves" finds 一次性PVC手套 there.
func TestLexiconRowsOfRound9(t *testing.T) {
	checkFits(t, []fitCase{
		{"PLA lunch box", "聚乳酸一次性餐盒（PLA，三格，带盖）", "3924100000", true},
		{"Polylactic acid cups", "聚乳酸冷饮杯（500毫升）", "3924100000", true},
		{"Children's bamboo tableware", "竹纤维儿童餐具（碗、盘、勺，卡通）", "3924100000", true},
		{"Children's bamboo tableware", "竹纤维马克杯（带把）", "3924100000", false},
		{"Asian Egg Noodles 6KGx1", "鸡蛋面（挂面，6公斤/箱）", "1902110000", true},
		{"Asian Egg Noodles 6KGx1", "皮蛋（松花蛋）", "0408990000", false},
		{"TK-Paprika Streifen grün - frozen pepper stripes, green", "速冻青椒条（切条，10公斤/箱）", "0710809090", true},
		{"frozen pepper strips", "黑胡椒碎（粗粒）", "0904220000", false},
		{"Gloves", "一次性PVC手套（食品级，透明）", "3926201000", true},
		{"Gloves", "PVC雨衣（成人）", "3926209000", false},
	})
}

// TestCoordinatedTerms: a word joined by "and" (und, et, y, i, lub …) to
// the head of a term is that term's head too when the two make a term:
// "Black and green tea" is black tea and green tea, so an assortment of both
// fits whole and plain green tea fits half. A single word after "and" is
// no head of a phrase ("Salt and pepper" reads no "salt" term).
func TestCoordinatedTerms(t *testing.T) {
	lx := mustReference().lex
	names := func(text string) []string {
		var out []string
		for _, t := range lx.Find(productText(text)) {
			out = append(out, t.Term)
		}
		return out
	}
	for text, want := range map[string][]string{
		"Black and green tea": {"black tea", "green tea"},
		"Black tea":           {"black tea"},
	} {
		got := names(text)
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%q finds %v, want %s among them", text, got, w)
			}
		}
	}
	for _, term := range names("Salt and black pepper") {
		if strings.HasPrefix(term, "salt") {
			t.Errorf("Salt and black pepper finds %q", term)
		}
	}
	if got := fitsOf("Black and green tea", "红茶绿茶组合（袋泡，混装）", "0902400000"); len(got) != 2 {
		t.Errorf("the black-and-green assortment fits %v, want both teas", got)
	}
	if got := fitsOf("Black and green tea", "绿茶（散装）", "0902109000"); len(got) != 1 {
		t.Errorf("plain green tea fits %v, want green tea alone", got)
	}
}

// TestSlipAmongOneWordsLanguages: a misspelt word two slips from another
// word of the lexicon is still read as the one it is one slip from when
// the other is the same word in another language (both say the same in
// Chinese): "poliadmida" is Spanish poliamida, though Polish poliamid and
// Italian poliammide are two slips away, all 尼龙. A word two slips from
// words of other meanings stays unread ("melanie").
func TestSlipAmongOneWordsLanguages(t *testing.T) {
	lx := mustReference().lex
	if got := lx.slipFor("poliadmida"); got != "poliamida" {
		t.Errorf("slipFor(poliadmida) = %q, want poliamida", got)
	}
	if got := lx.slipFor("melanie"); got != "" {
		t.Errorf("slipFor(melanie) = %q, want none", got)
	}
	if got := fitsOf("VAJILLA POLIADMIDA", "尼龙厨具套装（黑色，锅铲、汤勺、漏勺）", "3924100000"); len(got) == 0 {
		t.Errorf("VAJILLA POLIADMIDA fits nothing of 尼龙厨具套装")
	}
	if got := fitsOf("VAJILLA POLIADMIDA", "塑料运动水壶（PP）", "3924100000"); slices.ContainsFunc(got, func(s string) bool { return strings.Contains(s, "尼龙") }) {
		t.Errorf("VAJILLA POLIADMIDA reads nylon in a PP bottle: %v", got)
	}
}

// TestShortBrandInListOfNames: a brand of four letters is read in a text
// only when it is plainly a name; an item of a list of three or more names
// written with capitals, as a release names its products one by one ("Stiff
// Nights, Aziffa, Size Matters, Erex, Mojo"), is one, whether or not the
// notification's brand field names its importer. A word of a list of goods
// in lower case is not.
func TestShortBrandInListOfNames(t *testing.T) {
	got := listedNames("Dietary Supplement: Stiff Nights, Aziffa, Size Matters, Erex, Mojo, Hard Drive")
	for _, w := range []string{"Stiff Nights", "Aziffa", "Erex", "Mojo"} {
		if !slices.Contains(got, w) {
			t.Errorf("listedNames misses %q: %v", w, got)
		}
	}
	if got := listedNames("cups, plates, erex bowls and spoons"); len(got) != 0 {
		t.Errorf("a list of goods in lower case is read as names: %v", got)
	}
	if got := listedNames("Erex, Mojo"); len(got) != 0 {
		t.Errorf("two items are no list: %v", got)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某市某生物科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "某市另一生物科技有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2010-04-26"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "男性保健胶囊（草本）", Brand: "EREX", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2010-04-12"), ConsignorUSCC: "U2", HSCode: "2106909090", Name: "男性保健胶囊", Brand: "STIFF NIGHTS", Destination: "US"},
	}
	n := Notification{Ref: "r1", Brand: "Novacare", Product: "Dietary Supplement: Stiff Nights, Aziffa, Size Matters, Erex, Mojo, Hard Drive",
		Hazard: "Undeclared drug substance", Market: "US", Date: dayOf("2010-08-10")}
	n.Words = n.Product
	got2 := byUSCC(NewIndex(es, ls).Match(n, 0))
	for _, u := range []string{"U1", "U2"} {
		if got2[u].Score < Threshold {
			t.Errorf("%s scores %.3f: %+v", u, got2[u].Score, got2[u].Evidence)
		}
	}
	n.Product = "Dietary Supplement: erex capsules"
	n.Words = n.Product
	if c, ok := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; ok && c.Score >= Threshold {
		t.Errorf("a four-letter word outside a list of names is read as the brand (%.3f): %+v", c.Score, c.Evidence)
	}
}

// TestSharedBrandNotWonByAPart: a brand two firms declare is decided by the
// product. A recall of the brand's "Electric-powered skateboards" whose
// description names their lithium battery packs goes to the firm that
// declared the brand on electric skateboards (under 8711, not the
// skateboard's 9506), not to the firm that declared it on power banks,
// which share only the battery. Alone with the brand, the power-bank firm
// keeps it: nothing then says the brand's goods are others'.
func TestSharedBrandNotWonByAPart(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某市某电动科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "某市某新能源有限公司"}}
	skate := Line{Declaration: "D1", DeclaredAt: dayOf("2016-03-07"), ConsignorUSCC: "U1", HSCode: "8711600090", Name: "电动滑板（双电机，锂电池）", Brand: "BOOSTED", Destination: "US"}
	bank := Line{Declaration: "D2", DeclaredAt: dayOf("2016-02-15"), ConsignorUSCC: "U2", HSCode: "8507600090", Name: "移动电源（锂电池，10000毫安时）", Brand: "BOOSTED", Destination: "US"}
	n := Notification{Ref: "r1", Product: "Electric-powered skateboards", Market: "US", Date: dayOf("2017-01-12"),
		Words: "Boosted Recalls Electric Skateboards Due to Fire Hazard This recall involves 2nd Generation Boosted electric skateboards with lithium ion battery packs. \"Boosted\" is printed on the wooden skateboards."}
	got := byUSCC(NewIndex(es, []Line{skate, bank}).Match(n, 0))
	if got["U1"].Score < Threshold {
		t.Errorf("the skateboard maker scores %.3f: %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if c, ok := got["U2"]; ok && c.Score >= Threshold {
		t.Errorf("the power-bank maker is proposed (%.3f): %+v", c.Score, c.Evidence)
	}
	alone := byUSCC(NewIndex(es[1:], []Line{bank}).Match(n, 0))
	if !slices.ContainsFunc(alone["U2"].Evidence, func(ev Evidence) bool { return ev.Kind == "brand" && ev.Strength == 1 }) {
		t.Errorf("alone with the brand, the power-bank firm's brand counts less: %+v", alone["U2"].Evidence)
	}
}
