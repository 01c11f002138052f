package matching

import (
	"slices"
	"strings"
	"testing"

	"riskgate/internal/foreign"
)

// Round 35: the misses of the first runs of eval50–eval53 (CPSC and FDA),
// each rule checked on its own here, away from the sets.

// matchAll matches each notification and returns the USCCs proposed.
func matchAll(t *testing.T, ix *Index, ns ...Notification) []map[string]Candidate {
	t.Helper()
	var out []map[string]Candidate
	for _, n := range ns {
		out = append(out, byUSCC(ix.Match(n, Threshold)))
	}
	return out
}

// TestRecallingFirmIsHouseBrand: a brand field that names a product line
// no line declares ("JayBar") leaves the recalling firm's own name as the
// house brand a line declares (Jay Robb Enterprises Inc.: JAY ROBB); a
// firm's "Enterprises" is no product word.
func TestRecallingFirmIsHouseBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-11-17"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "蛋白营养棒（花生酱味）", Brand: "JAY ROBB", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-11-10"), ConsignorUSCC: "U2", HSCode: "2106909090", Name: "代餐营养棒（巧克力味）", Brand: "BARMAX", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	if got := ix.firmBrand("Jay Robb Enterprises Inc."); got != "jayrobb" {
		t.Errorf("firmBrand(Jay Robb Enterprises Inc.) = %q", got)
	}
	got := matchAll(t, ix, Notification{Ref: "j", Product: "Snack Bar", Brand: "JayBar", Manufacturer: "Jay Robb Enterprises Inc.", Market: "US", Date: dayOf("2009-03-14")})[0]
	if _, ok := got["U1"]; !ok || len(got) != 1 {
		t.Fatalf("proposed %v, want the JAY ROBB firm alone", got)
	}
	if s := evidenceText(got["U1"]); !strings.Contains(s, "the recalling firm's name is the declared brand") {
		t.Errorf("the firm's name is not said as such: %s", s)
	}
}

// TestFirmAcronymBrand: a brand of two or three letters is read from a
// firm's name only as its first word written in capitals before its legal
// form or trade ("GFN Foods, LLC", "L&M Companies, Inc."), in any name the
// firm trades under (d/b/a) and after a leading article, never from a word
// written in lower case or from the middle of a name.
func TestFirmAcronymBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙农产品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2009-11-30"), ConsignorUSCC: "U1", HSCode: "1901200000", Name: "无麸质煎饼预拌粉（米粉基）", Brand: "GFN", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-11-17"), ConsignorUSCC: "U2", HSCode: "0712909990", Name: "脱水青椒粒", Brand: "L&M", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for firm, want := range map[string]string{"GFN Foods, LLC": "gfn", "L&M Companies, Inc.": "lm", "Gfn Foods, LLC": "", "The GFN Foods": "gfn",
		"GFN Pharmaceuticals Group": "", "Acme Inc. d/b/a GFN Foods": "gfn", "Acme Foods dba L&M Companies": "lm", "Foods of GFN": ""} {
		if got := ix.firmBrand(firm); got != want {
			t.Errorf("firmBrand(%q) = %q, want %q", firm, got, want)
		}
	}
	got := matchAll(t, ix,
		Notification{Ref: "g", Product: "Pancake Mix, Yellow Cake Mix, Cookie Blend Flour", Brand: "Gluten-Free Naturals", Manufacturer: "GFN Foods, LLC", Market: "US", Date: dayOf("2010-03-11")},
		Notification{Ref: "l", Product: "Fruit and Vegetables", Brand: "L&M Companies, Inc.", Manufacturer: "L&M Companies, Inc.", Market: "US", Date: dayOf("2009-03-15")})
	if _, ok := got[0]["U1"]; !ok || len(got[0]) != 1 {
		t.Errorf("GFN Foods' mixes: proposed %v, want the GFN firm alone", got[0])
	}
	if _, ok := got[1]["U2"]; !ok || len(got[1]) != 1 {
		t.Errorf("L&M's vegetables: proposed %v, want the L&M firm alone", got[1])
	}
}

// TestBrandsRespelt: brands write words by their sound (Delites for
// delights, Nite for night, Foto for photo, Kwik's K for CK): two forms
// that sound alike are spelt alike, found through the register's index;
// a short form is not, nor are forms that differ beyond the respelling.
func TestBrandsRespelt(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"jennysdelites", "jennysdelights", true},
		{"nitelite", "nightlight", true},
		{"fotoprint", "photoprint", true},
		{"quikstop", "quickstop", true},
		{"lite", "light", false},
		{"mikey", "mickey", false},
		{"jennysdelites", "jimmysdelights", false},
	} {
		if got := brandsAlike(c.a, c.b); got != c.want {
			t.Errorf("brandsAlike(%s, %s) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	var sp spelling
	sp.add("jennysdelights")
	sp.add("nitelite")
	if got := sp.alike("jennysdelites"); !slices.Equal(got, []string{"jennysdelights"}) {
		t.Errorf("alike(jennysdelites) = %v", got)
	}
	if got := sp.alike("nightlight"); !slices.Equal(got, []string{"nitelite"}) {
		t.Errorf("alike(nightlight) = %v", got)
	}
}

// TestRetailerBeforeBrand: a brand field that gives the retailer's name
// before a brand of ordinary words ("Safeway Snack Artist") names that
// brand; a declared brand that is only goods words ("Snack Mix") is not
// read so.
func TestRetailerBeforeBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2011-08-29"), ConsignorUSCC: "U1", HSCode: "1905310000", Name: "夹心饼干（香草味）", Brand: "SNACK ARTIST", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2011-08-22"), ConsignorUSCC: "U2", HSCode: "1905310000", Name: "曲奇饼干（黄油味）", Brand: "SNACK MIX", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	exact, _ := ix.brandsInField("Safeway Snack Artist")
	if !exact["snackartist"] {
		t.Errorf("brandsInField(Safeway Snack Artist) = %v, want SNACK ARTIST", exact)
	}
	if exact, _ := ix.brandsInField("Safeway Snack Mix Cookies"); exact["snackmix"] {
		t.Errorf("brandsInField read the goods words SNACK MIX as a brand: %v", exact)
	}
	got := matchAll(t, ix, Notification{Ref: "s", Product: "Cookies", Brand: "Safeway Snack Artist", Manufacturer: "D. F. Stauffer Biscuit Co., Inc.", Market: "US", Date: dayOf("2012-01-04")})[0]
	if _, ok := got["U1"]; !ok || len(got) != 1 {
		t.Errorf("proposed %v, want the SNACK ARTIST firm alone", got)
	}
}

// TestBrandWithGoodsTail: a brand field declared whole by one firm
// ("Fairytale Brownies", on cookies) still names the brand before its
// goods word, which another firm declares on the brownies; before a word
// naming a kind of firm it does not ("XinHua Electronics" is not XINHUA).
func TestBrandWithGoodsTail(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙食品有限公司"}, {ID: 3, USCC: "U3", NameZh: "某丙电子有限公司"}, {ID: 4, USCC: "U4", NameZh: "某丁电子有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2012-06-18"), ConsignorUSCC: "U1", HSCode: "1905310000", Name: "曲奇饼干（礼盒装）", Brand: "FAIRYTALE BROWNIES", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2012-06-11"), ConsignorUSCC: "U2", HSCode: "1905909000", Name: "布朗尼蛋糕（独立包装）", Brand: "FAIRYTALE", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2012-06-11"), ConsignorUSCC: "U3", HSCode: "8516500000", Name: "微波炉", Brand: "XINHUA ELECTRONICS", Destination: "US"},
		{Declaration: "D4", DeclaredAt: dayOf("2012-06-11"), ConsignorUSCC: "U4", HSCode: "8516500000", Name: "微波炉", Brand: "XINHUA", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	if got := ix.brandHeads("Fairytale Brownies", brandForms("Fairytale Brownies")); !slices.Equal(got, []string{"fairytale"}) {
		t.Errorf("brandHeads(Fairytale Brownies) = %v, want fairytale", got)
	}
	if got := ix.brandHeads("XinHua Electronics", brandForms("XinHua Electronics")); len(got) != 0 {
		t.Errorf("brandHeads(XinHua Electronics) = %v, want none", got)
	}
	got := matchAll(t, ix, Notification{Ref: "f", Product: "Brownies and cookies", Brand: "Fairytale Brownies", Manufacturer: "Fairytale Brownies", Market: "US", Date: dayOf("2012-09-28")})[0]
	if _, ok := got["U1"]; !ok {
		t.Errorf("the cookies of FAIRYTALE BROWNIES not proposed: %v", got)
	}
	if _, ok := got["U2"]; !ok {
		t.Errorf("the brownies of FAIRYTALE not proposed: %v", got)
	}
}

// TestModelListOfNames: a declared list of models that are names ("RIPPER
// JR/RIPPER MIPS JR") is a list, and the alert naming one of them in its
// words with the line's brand is model evidence; the brand's line of
// another model alone is not.
func TestModelListOfNames(t *testing.T) {
	if codes, names := modelList("RIPPER JR/RIPPER MIPS JR"); codes != nil || !slices.Equal(names, []string{"ripperjr", "rippermipsjr"}) {
		t.Errorf("modelList = %v, %v", codes, names)
	}
	for _, f := range []string{"RED/BLUE", "红色款式/蓝色款式"} {
		if codes, names := modelList(f); codes != nil || names != nil {
			t.Errorf("modelList(%s) = %v, %v, want no list", f, codes, names)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲体育用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙安全帽有限公司"}, {ID: 3, USCC: "U3", NameZh: "某丙体育用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2019-09-23"), ConsignorUSCC: "U1", HSCode: "6506100090", Name: "儿童自行车头盔（48-53cm）", Brand: "SWEET PROTECTION", Model: "RIPPER JR/RIPPER MIPS JR", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2019-09-23"), ConsignorUSCC: "U2", HSCode: "6506100090", Name: "自行车头盔（MIPS，成人）", Brand: "SWEETPROTECTION", Model: "RIPPER MIPS", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2019-09-23"), ConsignorUSCC: "U3", HSCode: "6506100090", Name: "滑雪头盔", Brand: "SWEET PROTECTION", Model: "TRACKER MIPS", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	got := matchAll(t, ix, Notification{Ref: "h", Product: "Sweet Protection brand Ripper Jr., Ripper MIPS Jr., and Ripper MIPS bicycle helmets", Market: "US", Date: dayOf("2020-08-12")})[0]
	for _, u := range []string{"U1", "U2"} {
		c, ok := got[u]
		if !ok || !slices.ContainsFunc(c.Evidence, func(e Evidence) bool { return e.Kind == "model" }) {
			t.Errorf("%s: %v, want proposed on its model", u, evidenceText(c))
		}
	}
	if _, ok := got["U3"]; ok {
		t.Errorf("the brand's TRACKER MIPS line proposed: %s", evidenceText(got["U3"]))
	}
}

// TestBrandSpeltAlikeShippedThere: a brand spelt alike on the alert's
// goods, shipped to the country that notified them, has market evidence
// too (less than the same brand); shipped elsewhere, none.
func TestBrandSpeltAlikeShippedThere(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲五金有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙五金有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2004-09-20"), ConsignorUSCC: "U1", HSCode: "8714930000", Name: "自行车后轮花鼓（铝合金）", Brand: "AMERICAN CLASIC", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2004-09-20"), ConsignorUSCC: "U2", HSCode: "8714930000", Name: "自行车后轮花鼓（铝合金）", Brand: "AMERICAN CLASIC", Destination: "DE"},
	}
	ix := NewIndex(es, ls)
	got := byUSCC(ix.Match(Notification{Ref: "w", Product: "American Classic road and mountain bike wheels", Words: "CPSC, American Classic Announce Recall of Bicycle Wheels The recall includes all American Classic aftermarket rear wheels and hubs", Market: "US", Date: dayOf("2005-08-08")}, 0))
	has := func(u string) bool {
		return slices.ContainsFunc(got[u].Evidence, func(e Evidence) bool { return e.Kind == "market" })
	}
	if !has("U1") || has("U2") {
		t.Errorf("market evidence: shipped to US %v, to DE %v; want only the US shipment", has("U1"), has("U2"))
	}
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("scores %.3f (US) and %.3f (DE); want only the US shipment proposed", got["U1"].Score, got["U2"].Score)
	}
}

// TestLexiconRowsOfRound35: the rows added after eval50–eval53's misses.
func TestLexiconRowsOfRound35(t *testing.T) {
	checkFits(t, []fitCase{
		{"Snack Bar", "花生燕麦棒（24支/盒）", "1904200000", true},
		{"Pistachios, Candy, Snack Mix", "开心果巧克力（牛奶巧克力涂层）", "1806900000", true},
		{"Snack Food", "薯片（原味、烧烤味）", "2005200000", true},
		{"Pancake Mix, Yellow Cake Mix, Cookie Blend Flour", "无麸质煎饼预拌粉（米粉基）", "1901200000", true},
		{"Brownies and cookies", "布朗尼蛋糕（独立包装）", "1905909000", true},
		{"road and mountain bike wheels and hubs", "自行车后轮花鼓（铝合金）", "8714930000", true},
		{"Candy", "陶瓷马克杯", "6912001000", false},
	})
}

// TestTranslationsAreOneGoods: an alert's term and its translation
// ("Spachtel // Spatula") are one goods when a share of the alert's goods
// is worked out (the dictionary's share): they do not halve it.
func TestTranslationsAreOneGoods(t *testing.T) {
	lx := mustReference().lex
	term := func(k string) *Term {
		t.Helper()
		x := lx.terms[k]
		if x == nil {
			t.Fatalf("the lexicon lacks %q", k)
		}
		return x
	}
	if n := goodsOf([]*Term{term("spatula"), term("spachtel")}); n != 1 {
		t.Errorf("spatula and spachtel: %d goods, want 1", n)
	}
	if n := goodsOf([]*Term{term("spatula"), term("spachtel"), term("whisk")}); n != 2 {
		t.Errorf("spatula, spachtel and whisk: %d goods, want 2", n)
	}
	// A translation listing fewer words than its English row.
	if n := goodsOf([]*Term{{Term: "noodle", Lang: "en", Zh: []string{"面条", "米粉", "挂面"}, Sources: []string{"trade"}},
		{Term: "nudeln", Lang: "de", Zh: []string{"面条", "米粉"}, Sources: []string{"sg", "tr"}}}); n != 1 {
		t.Errorf("noodle and nudeln: %d goods, want 1", n)
	}
}

// Round 36: the misses and false positives of the first runs of
// eval54–eval57.

// TestFoodHazardNotOtherGoods: a release whose hazard only food has (a
// pathogen, an undeclared allergen) is of food: a brand's porcelain mugs or
// plates are not its goods, however the release's words read ("Plates" of
// sandwiches and salads).
func TestFoodHazardNotOtherGoods(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲陶瓷有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2011-03-28"), ConsignorUSCC: "U1", HSCode: "6911101900", Name: "陶瓷餐盘（10.5寸，白色）", Brand: "STARBUCKS", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2011-03-28"), ConsignorUSCC: "U2", HSCode: "1905310000", Name: "曲奇饼干", Brand: "STARBUCKS", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "f", Product: "Sandwiches, Parfaits, Wraps, Plates, and Salads", Brand: "Core-mark, Race Trac, Starbucks", Market: "US", Date: dayOf("2011-07-27")}
	if got := byUSCC(ix.Match(n, Threshold)); len(got) == 0 {
		t.Fatalf("without a hazard kind the plates were not tempted: the test no longer says anything")
	}
	n.HazardKind, n.Hazard = "food-pathogens", "Listeria monocytogenes"
	got := byUSCC(ix.Match(n, 0))
	if got["U1"].Score >= Threshold {
		t.Errorf("porcelain plates proposed for a pathogen: %s", evidenceText(got["U1"]))
	}
	if got["U2"].Score <= got["U1"].Score {
		t.Errorf("the brand's food (%.3f) not above its plates (%.3f)", got["U2"].Score, got["U1"].Score)
	}
	if r := FromRecord(&foreign.Record{Key: "k", Hazard: "food-allergens"}); r.HazardKind != "food-allergens" {
		t.Errorf("FromRecord kept no hazard kind: %q", r.HazardKind)
	}
	// A connector's food kind without a word only food has (the egg of an
	// egg cooker's scald), or an alert whose own heading is no food
	// (rawhide chews under 4205), is no food alert.
	for _, c := range []struct {
		n    Notification
		want bool
	}{
		{Notification{HazardKind: "food-allergens", Hazard: "Undeclared milk"}, true},
		{Notification{HazardKind: "food-allergens", Hazard: "The egg cooker's lid can eject hot water, posing a burn hazard"}, false},
		{Notification{HazardKind: "food-pathogens", Hazard: "Salmonella", HSCode: "4205"}, false},
		{Notification{HazardKind: "burns", Hazard: "Salmonella"}, false},
	} {
		if got := foodAlert(c.n, scopeOf(mustReference(), c.n, nil)); got != c.want {
			t.Errorf("foodAlert(%s, %q, %s) = %v, want %v", c.n.HazardKind, c.n.Hazard, c.n.HSCode, got, c.want)
		}
	}
}

// TestRetailerBrandWithOrWithoutTrade: a retailer's brand is written with
// or without its trade ("Whole Foods Market", "Whole Foods"), both ways
// round.
func TestRetailerBrandWithOrWithoutTrade(t *testing.T) {
	if got := brandForms("Whole Foods Market"); !slices.Contains(got, "wholefoods") {
		t.Errorf("brandForms(Whole Foods Market) = %v", got)
	}
	for f, word := range map[string]string{"Beauty Store": "beauty", "The Fresh Market": "fresh", "Smart Store": "smart"} {
		if got := brandForms(f); slices.Contains(got, word) {
			t.Errorf("brandForms(%s) = %v: one word before the trade is too often an ordinary word", f, got)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2011-11-28"), ConsignorUSCC: "U1", HSCode: "1905310000", Name: "迷你巧克力豆曲奇（袋装）", Brand: "WHOLE FOODS", Destination: "US"}}
	ix := NewIndex(es, ls)
	got := matchAll(t, ix, Notification{Ref: "w", Product: "Mini Chocolate Chip Cookies", Brand: "Whole Foods Market", Manufacturer: "Whole Foods Market", Market: "US", Date: dayOf("2012-03-22")})[0]
	if _, ok := got["U1"]; !ok {
		t.Errorf("WHOLE FOODS not proposed for Whole Foods Market's cookies: %v", got)
	}
}

// TestModelDeclaredAfterCountsHalf: a model declared more than a month
// after the notification is the firm's product line, not the goods found:
// its evidence counts half and says so.
func TestModelDeclaredAfterCountsHalf(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车件有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙车件有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2011-10-10"), ConsignorUSCC: "U1", HSCode: "8714990000", Name: "碳纤维自行车弯把", Brand: "KORVA", Model: "KV-330", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2014-06-20"), ConsignorUSCC: "U2", HSCode: "8714990000", Name: "碳纤维自行车弯把", Brand: "ZELTA", Model: "KV-330", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	got := byUSCC(ix.Match(Notification{Ref: "m", Product: "Carbon bicycle handlebars, model KV-330", Market: "US", Date: dayOf("2012-08-30")}, 0))
	model := func(u string) (float64, string) {
		for _, e := range got[u].Evidence {
			if e.Kind == "model" {
				return e.Strength, e.Detail
			}
		}
		return 0, ""
	}
	if s, _ := model("U1"); s != 1 {
		t.Errorf("the model declared before: strength %v, want 1", s)
	}
	if s, d := model("U2"); s != otherGoodsStrength || !strings.Contains(d, "declared after the notification") {
		t.Errorf("the model declared two years after: strength %v (%s), want %v and the reason", s, d, otherGoodsStrength)
	}
}

// TestFirmNameSpeltAlike: a firm's name in the brand field spelt alike a
// declared brand ("Albanese Confectionery Group, Inc." for ALBANESSE)
// counts as a brand spelt alike on the alert's goods.
func TestFirmNameSpeltAlike(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2008-12-08"), ConsignorUSCC: "U1", HSCode: "2008199900", Name: "开心果混合果仁（烤）", Brand: "ALBANESSE", Destination: "US"}}
	ix := NewIndex(es, ls)
	if f, w := ix.firmBrandAlike("Albanese Confectionery Group, Inc."); f != "albanese" || w != "Albanese Confectionery Group, Inc." {
		t.Errorf("firmBrandAlike = %q, %q", f, w)
	}
	if f, _ := ix.firmBrandAlike("Albanese Electronics Group"); f != "" {
		t.Errorf("firmBrandAlike read a brand before a kind of firm: %q", f)
	}
	got := matchAll(t, ix, Notification{Ref: "a", Product: "Pistachios, Snack Mix", Brand: "Albanese Confectionery Group, Inc.", Manufacturer: "Albanese Confectionery Group, Inc.", Market: "US", Date: dayOf("2009-04-10")})[0]
	if c, ok := got["U1"]; !ok || !strings.Contains(evidenceText(c), "brand spelt alike") {
		t.Errorf("ALBANESSE: %v", got)
	}
}

// TestModelsNamedAsCodes: a model written with a number among its words
// ("Ion 700 RT") is read from the text; a code of three, letters and digits
// in capitals ("MX3"), counts with the line's brand named; a model written
// with a word of capitals that is no common word or abbreviation
// ("Lightning PAC", not "LED Desk Lamp") counts without the brand on the
// alert's kind of goods, and not on other goods.
func TestModelsNamedAsCodes(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲照明有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙童车有限公司"}, {ID: 3, USCC: "U3", NameZh: "某丙玩具有限公司"}, {ID: 4, USCC: "U4", NameZh: "某丁五金有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2016-02-01"), ConsignorUSCC: "U1", HSCode: "8512100000", Name: "自行车前灯（LED）", Brand: "BONTRAGER", Model: "ION 700 RT", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2004-08-02"), ConsignorUSCC: "U2", HSCode: "8711600000", Name: "儿童电动迷你摩托车", Brand: "POWER WHEELS", Model: "MX3", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2003-01-13"), ConsignorUSCC: "U3", HSCode: "9503001000", Name: "电动滑板车（儿童）", Brand: "POWER WHEELS", Model: "LIGHTNING PAC", Destination: "US"},
		{Declaration: "D4", DeclaredAt: dayOf("2003-01-13"), ConsignorUSCC: "U4", HSCode: "8205590000", Name: "手动工具套装", Brand: "ZELTA", Model: "LIGHTNING PAC", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	models, marked := ix.declaredModelsIn("Trek Bontrager Flare RT and Ion 700 RT bicycle lights; Power Wheels MX3 Mini Bikes; Lightning PAC Scooters")
	for _, m := range []string{"ion700rt", "mx3", "lightningpac"} {
		if !models[m] {
			t.Errorf("declaredModelsIn lacks %s: %v", m, models)
		}
	}
	if marked["mx3"] || !marked["lightningpac"] || !marked["ion700rt"] {
		t.Errorf("marked = %v, want Lightning PAC and Ion 700 RT, not a code of three (MX3 as N95)", marked)
	}
	if _, marked := ix.declaredModelsIn("LIGHTNING PAC SCOOTERS RECALLED"); marked["lightningpac"] {
		t.Errorf("a text in capitals throughout marked its words")
	}
	for w, want := range map[string]bool{"PAC": true, "RT2": true, "LED": false, "USB": false, "EN71": false, "Lightning": false} {
		if got := codeWord(mustReference(), w); got != want {
			t.Errorf("codeWord(%s) = %v, want %v", w, got, want)
		}
	}
	if m, _ := ix.declaredModelsIn("the mx3 bike"); m["mx3"] {
		t.Errorf("a code in lower case read as a model")
	}
	got := matchAll(t, ix,
		Notification{Ref: "a", Product: "Bicycle lights", Words: "Trek Bontrager Flare RT and Ion 700 RT bicycle lights", Market: "US", Date: dayOf("2016-12-14")},
		Notification{Ref: "b", Product: "Fisher-Price Power Wheels MX3 Mini Bikes", Market: "US", Date: dayOf("2005-06-14")},
		Notification{Ref: "c", Product: "Lightning PAC Scooters", Market: "US", Date: dayOf("2003-11-13")})
	if _, ok := got[0]["U1"]; !ok {
		t.Errorf("Ion 700 RT: %v", got[0])
	}
	if _, ok := got[1]["U2"]; !ok {
		t.Errorf("MX3 with its brand: %v", got[1])
	}
	if _, ok := got[2]["U3"]; !ok {
		t.Errorf("Lightning PAC scooters: %v", got[2])
	}
	if _, ok := got[2]["U4"]; ok {
		t.Errorf("Lightning PAC on hand tools proposed: %s", evidenceText(got[2]["U4"]))
	}
}

// TestQualifierWordIsNotTheGoods: a line whose name holds the alert's word
// only before a word of another goods of its chapter (自行车把角, a
// bicycle's bar ends, for "Bicycle Rims") is another product of the brand;
// a word of goods of another chapter (冬瓜 in 冬瓜糖) still names the line.
func TestQualifierWordIsNotTheGoods(t *testing.T) {
	lx := mustReference().lex
	pr := newPreparer()
	rims := lx.Find("Performance Road 2001 Bicycle Rims, used on 2001 Model bicycles")
	for name, want := range map[string]bool{"自行车把角（铝合金，一对）": true, "铝合金自行车车圈（700C）": false, "山地自行车（26寸）": false} {
		l := pr.prepare(Line{Name: name, HSCode: "8714990000"})
		if name == "山地自行车（26寸）" {
			l = pr.prepare(Line{Name: name, HSCode: "8712003000"})
		}
		if w, got := lx.otherProduct(rims, &l); got != want {
			t.Errorf("%s for bicycle rims: other product %v (%s), want %v", name, got, w, want)
		}
	}
	melon := lx.Find("candied winter melon")
	l := pr.prepare(Line{Name: "冬瓜糖（蜜饯）", HSCode: "2006009000"})
	if w, got := lx.otherProduct(melon, &l); got {
		t.Errorf("冬瓜糖 for candied winter melon: another product (%s)", w)
	}
}

// TestLexiconRowsOfRound36: the rows added after eval54–eval57's misses.
func TestLexiconRowsOfRound36(t *testing.T) {
	checkFits(t, []fitCase{
		{"Snack Bar", "芝麻花生能量棒（原味）", "1704909000", true},
		{"PRO Vibe Alloy stems for road bicycles", "自行车把立（铝合金，公路车用）", "8714990000", true},
		{"PRO VIBE Carbon bicycle handlebars", "碳纤维自行车弯把（公路车用）", "8714990000", true},
		{"Bicycle lights", "自行车前灯（LED，700流明）", "8512100000", true},
		{"MX3 Mini Bikes", "儿童电动迷你摩托车", "8711600000", true},
		{"Bicycle Rims", "铝合金车圈（700C）", "8714920000", true},
		{"bar ends", "自行车把角（铝合金，一对）", "8714990000", true},
		{"Bicycle Rims", "陶瓷马克杯", "6912001000", false},
		{"Bicycle lights", "汽车前灯总成", "8512201000", false},
		{"Mini bikes", "电动摩托车（72V）", "8711600000", false},
		{"USB hub", "自行车花鼓", "8714930000", false},
		{"stem ginger in syrup", "自行车把立（铝合金）", "8714990000", false},
	})
}

// Round 37: the first runs of eval58–eval60 (golf-car parts, produce).

// TestFaultyPartOfTheBrand: a recall of a brand's vehicles whose hazard
// names a part ("The brake equalizer rods can fail") is the part maker's
// among firms declaring the brand on parts: the line of that part is the
// recall's goods, the brand's other parts (pedals "for golf cars") are
// other products.
func TestFaultyPartOfTheBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲机械有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙铸造有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2004-03-08"), ConsignorUSCC: "U1", HSCode: "8708309999", Name: "制动平衡杆（高尔夫球车用）", Brand: "CLUB CAR", Model: "DS", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2004-07-05"), ConsignorUSCC: "U2", HSCode: "8708999990", Name: "油门踏板回位总成（高尔夫球车用）", Brand: "CLUB CAR", Model: "PRECEDENT", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "g", Product: "2004 and 2005 model year gasoline and electric powered DS Golf Cars",
		Words: "CPSC, Club Car Inc. Announce Recall to Repair DS Golf Cars", Hazard: "Microscopic cracks in the brake equalizer rods on certain vehicles may cause the rods to fail.",
		Market: "US", Date: dayOf("2005-01-13")}
	got := byUSCC(ix.Match(n, 0))
	if got["U1"].Score < Threshold || !strings.Contains(evidenceText(got["U1"]), "the part the alert's hazard names") {
		t.Errorf("the equalizer rod maker: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
	if got["U2"].Score >= Threshold {
		t.Errorf("the pedal maker proposed: %.3f %s", got["U2"].Score, evidenceText(got["U2"]))
	}
	if parts := faultyParts(mustReference().lex, "Undeclared peanuts and milk", nil); len(parts) != 0 {
		t.Errorf("food words read as faulty parts: %v", parts)
	}
}

// TestForUseQualifies: the words of a part's name in brackets saying what
// it is for (（高尔夫球车用）) qualify it; seeds "for sprouts" are not parts,
// and their brackets say nothing of the kind.
func TestForUseQualifies(t *testing.T) {
	name := "油门踏板回位总成（高尔夫球车用）"
	if !forUse(name, strings.Index(name, "高尔夫球车")) || forUse(name, 0) {
		t.Errorf("forUse wrong on %s", name)
	}
	lx := mustReference().lex
	golf := lx.terms["golf car"]
	if golf == nil {
		t.Fatal("the lexicon lacks golf car")
	}
	if !heldBefore(name, golf, "油门踏板", true) || heldBefore(name, golf, "油门踏板", false) {
		t.Errorf("heldBefore: a golf car's part for golf cars")
	}
	if !partsChapter("8708309999") || partsChapter("1209210000") {
		t.Errorf("partsChapter")
	}
}

// TestLexiconRowsOfRound37: the rows added after eval58–eval60's misses.
func TestLexiconRowsOfRound37(t *testing.T) {
	checkFits(t, []fitCase{
		{"DS Golf Cars", "电动高尔夫球车（2座）", "8703101900", true},
		{"The steering gear assembly can fail", "转向器总成（齿轮齿条式）", "8708940000", true},
		{"The gas tank can leak", "高尔夫球车燃油箱（塑料）", "8708999990", true},
		{"The brake cables can fail", "高尔夫球车刹车拉索", "8708309999", true},
		{"The hip restraints can detach", "高尔夫球车座椅扶手（钢管喷塑）", "8708999990", true},
		{"The gas tank can leak", "陶瓷马克杯", "6912001000", false},
	})
	// Fresh ginger is produce of "Fruit and Vegetables", not another
	// product of the brand.
	lx := mustReference().lex
	l := newPreparer().prepare(Line{Name: "鲜生姜（老姜，30磅/箱）", HSCode: "0910110000"})
	if w, other := lx.otherProduct(lx.Find("Fruit and Vegetables"), &l); other {
		t.Errorf("fresh ginger another product than fruit and vegetables (%s)", w)
	}
}

// Round 38: the first runs of eval61–eval63.

// TestFaultyPartFirstNamedAndWhole: the part a hazard names first is the
// failing one ("The rear brake hose can kink … when turning the
// handlebars": not the handlebars), and a part's word held only inside a
// longer word of another goods (车把 in 刹车把, a brake lever) is not it.
func TestFaultyPartFirstNamedAndWhole(t *testing.T) {
	lx := mustReference().lex
	parts := faultyParts(lx, "The steering gear assembly can fail when turning the handlebars", nil)
	if len(parts) == 0 || !strings.HasPrefix(parts[0].Term, "steering gear") || slices.ContainsFunc(parts, func(p *Term) bool { return p.Term == "handlebar" }) {
		t.Errorf("faultyParts = %v, want the steering gear alone", parts)
	}
	pr := newPreparer()
	handlebar := []*Term{lx.terms["handlebar"]}
	l := pr.prepare(Line{Name: "刹车把（铝合金）", HSCode: "8714940000"})
	if p := faultyPart(handlebar, &l); p != "" {
		t.Errorf("a brake lever read as the handlebar: %s", p)
	}
	l = pr.prepare(Line{Name: "自行车车把（铝合金）", HSCode: "8714990000"})
	if p := faultyPart(handlebar, &l); p == "" {
		t.Errorf("a handlebar not read as the handlebar")
	}
}

// TestFirmNamesAndModelRuns: a firm field of two names joined by a slash
// ("Falcon Trading Company/SunRidge Farms"), a firm's sports trade ("SCNS
// Sports Foods"), models of four or five words ("Expedition TUV 600 H.O.")
// and edition marks in brackets ("MX Z (E) 800 HO").
func TestFirmNamesAndModelRuns(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙雪地车有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-10-20"), ConsignorUSCC: "U1", HSCode: "2008199900", Name: "什锦果仁零食", Brand: "SUNRIDGE FARMS", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-11-10"), ConsignorUSCC: "U1", HSCode: "1904200000", Name: "运动能量棒", Brand: "SCNS", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2003-11-17"), ConsignorUSCC: "U2", HSCode: "8703101900", Name: "雪地摩托车（800cc）", Brand: "SKI-DOO", Model: "MX Z 800 HO", Destination: "US"},
		{Declaration: "D4", DeclaredAt: dayOf("2007-07-16"), ConsignorUSCC: "U2", HSCode: "8703101900", Name: "雪地摩托车（双座）", Brand: "SKIDOO", Model: "EXPEDITION TUV 600 HO", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for firm, want := range map[string]string{"Falcon Trading Company/SunRidge Farms": "sunridgefarms", "SCNS Sports Foods": "scns"} {
		if got := ix.firmBrand(firm); got != want {
			t.Errorf("firmBrand(%s) = %q, want %q", firm, got, want)
		}
	}
	models, _ := ix.declaredModelsIn("Ski-Doo® 2004 MX Z (E) 800 HO snowmobiles; Model Year 2005 Expedition TUV 600 H.O.")
	for _, m := range []string{"mxz800ho", "expeditiontuv600ho"} {
		if !models[m] {
			t.Errorf("declaredModelsIn lacks %s: %v", m, models)
		}
	}
}

// TestLexiconRowsOfRound38: the rows added after eval61–eval63's misses.
func TestLexiconRowsOfRound38(t *testing.T) {
	checkFits(t, []fitCase{
		{"Ski-Doo Snowmobiles", "雪地摩托车（800cc，运动型）", "8703101900", true},
		{"Tofu, Pasta, Burger, Wrap", "素食汉堡饼（大豆蛋白，速冻）", "2106909090", true},
		{"Golf, Shuttle and Utility Vehicles", "电动穿梭车（8座，长凳座椅）", "8703101900", true},
		{"brake levers", "刹车把（铝合金）", "8714940000", true},
		{"Ski-Doo Snowmobiles", "雪地摩托骑行服（连体，防寒）", "6201400000", false},
	})
}

// TestDeclaredBrandNotASlip: an alert's brand some firm declares exactly
// is that firm's: a firm declaring a brand two letters from it (Diabetone
// for Diabeteze) gets no brand spelt alike, one letter (ERIN BAKER for
// Erin Baker's) still does.
func TestDeclaredBrandNotASlip(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙食品有限公司"}, {ID: 3, USCC: "U3", NameZh: "某丙食品有限公司"}, {ID: 4, USCC: "U4", NameZh: "某丁食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-11-03"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "无糖营养棒（花生味）", Brand: "DIABETEZE", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-11-03"), ConsignorUSCC: "U2", HSCode: "2106909090", Name: "控糖营养棒（花生酱夹心）", Brand: "DIABETONE", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2008-11-03"), ConsignorUSCC: "U3", HSCode: "1905310000", Name: "花生酱燕麦曲奇", Brand: "ERIN BAKER'S", Destination: "US"},
		{Declaration: "D4", DeclaredAt: dayOf("2008-11-03"), ConsignorUSCC: "U4", HSCode: "2008111000", Name: "花生酱（颗粒型）", Brand: "ERIN BAKER", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	got := matchAll(t, ix,
		Notification{Ref: "d", Product: "Snack Bar", Brand: "Diabeteze", Market: "US", Date: dayOf("2009-02-20")},
		Notification{Ref: "e", Product: "Cookies, Peanuts, Peanut Butter", Brand: "Erin Baker's", Market: "US", Date: dayOf("2009-03-02")})
	if _, ok := got[0]["U1"]; !ok {
		t.Errorf("DIABETEZE not proposed for Diabeteze: %v", got[0])
	}
	if c, ok := got[0]["U2"]; ok {
		t.Errorf("DIABETONE proposed for Diabeteze: %s", evidenceText(c))
	}
	if _, ok := got[1]["U4"]; !ok {
		t.Errorf("ERIN BAKER not proposed for Erin Baker's: %v", got[1])
	}
}
