package matching

import (
	"slices"
	"strings"
	"testing"
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
	if got := modelList("RIPPER JR/RIPPER MIPS JR"); !slices.Equal(got, []string{"ripperjr", "rippermipsjr"}) {
		t.Errorf("modelList = %v", got)
	}
	if got := modelList("RED/BLUE"); got != nil {
		t.Errorf("modelList(RED/BLUE) = %v, want no list of short words", got)
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
}
