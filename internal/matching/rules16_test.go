package matching

import (
	"slices"
	"strings"
	"testing"
)

// TestRawOrPrepared: of two firms that shipped peanuts to France in the
// usual lag, one raw kernels under 1202 and one coated peanuts under 2008,
// "Groundnuts" is the raw kernels' and "Roasted groundnuts" the prepared
// ones'; the other is not proposed and is told why. When both lines are raw
// neither is proposed (decide by hand).
func TestRawOrPrepared(t *testing.T) {
	for text, want := range map[string]bool{"Roasted groundnuts": true, "Erdnüsse geröstet": true, "Orzeszki ziemne prażone": true,
		"Seaweed salad": true, "Groundnuts": false, "Peanuts in shell": false} {
		if got := saysPrepared(text); got != want {
			t.Errorf("saysPrepared(%q) = %v", text, got)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	lines := func(hsA, a, hsB, b string) []Line {
		return []Line{
			{Declaration: "D1", DeclaredAt: dayOf("2023-01-09"), ConsignorUSCC: "U1", HSCode: hsA, Name: a, Destination: "FR"},
			{Declaration: "D2", DeclaredAt: dayOf("2023-01-16"), ConsignorUSCC: "U2", HSCode: hsB, Name: b, Destination: "FR"},
		}
	}
	n := Notification{Ref: "g", Product: "Groundnuts", Category: "nuts-seeds", Origin: "CN", Market: "FR", Date: dayOf("2023-03-13"),
		Hazard: "Aflatoxin B1 - mycotoxins"}
	got := proposesFirstOnly(t, "raw kernels for groundnuts", es, lines("1202420000", "花生仁（生，25公斤袋）", "2008111000", "鱼皮花生（五香）"), n)
	if !strings.Contains(evidenceText(got["U2"]), "raw or prepared") {
		t.Errorf("the coated peanuts' firm is not told why: %s", evidenceText(got["U2"]))
	}
	n.Product = "Roasted groundnuts"
	proposesFirstOnly(t, "roasted for roasted groundnuts", es, lines("2008111000", "烤花生（盐焗）", "1202420000", "花生仁（生）"), n)
	n.Product = "Groundnuts"
	both := byUSCC(NewIndex(es, lines("1202420000", "花生仁（生）", "1202410000", "带壳花生")).Match(n, 0))
	if both["U1"].Score >= Threshold || both["U2"].Score >= Threshold {
		t.Errorf("two raw lots: %.3f %s; %.3f %s", both["U1"].Score, evidenceText(both["U1"]), both["U2"].Score, evidenceText(both["U2"]))
	}
}

// TestFeedAdditiveScope: "Dl-Methionine" notified under Feed additives, a
// category the catalogue gives no headings, bounds the goods through the
// category's scope (2930, 2309, …): the firm that shipped DL-蛋氨酸 to
// Austria is proposed, the one that shipped xanthan is not; "Lysine
// Sulphate" fits L-赖氨酸硫酸盐 declared under 2309 as a feed preparation.
func TestFeedAdditiveScope(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-05-23"), ConsignorUSCC: "U1", HSCode: "2930400000", Name: "DL-蛋氨酸（饲料级）", Destination: "AT"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-06-06"), ConsignorUSCC: "U2", HSCode: "3913900000", Name: "黄原胶（饲料级）", Destination: "AT"},
		{Declaration: "D3", DeclaredAt: dayOf("2021-01-25"), ConsignorUSCC: "U2", HSCode: "2309909000", Name: "L-赖氨酸硫酸盐（饲料级，70%）", Destination: "NL"},
	}
	n := Notification{Ref: "m", Product: "Dl-Methionine", Category: "feed-additives", Origin: "CN", Market: "AT", Date: dayOf("2022-07-26"),
		Hazard: "Mercury - heavy metals"}
	proposesFirstOnly(t, "methionine under feed additives", es, ls, n)
	n = Notification{Ref: "l", Product: "Lysine Sulphate", Category: "feed-additives", Origin: "CN", Market: "NL", Date: dayOf("2021-03-23")}
	if got := byUSCC(NewIndex(es, ls).Match(n, 0)); got["U2"].Score < Threshold || !strings.Contains(evidenceText(got["U2"]), "2309") {
		t.Errorf("lysine sulphate under 2309: %.3f %s", got["U2"].Score, evidenceText(got["U2"]))
	}
}

// TestLongerBrandWritten: a recall of "Aqua Scout Water Scooters" names
// the brand AQUA SCOUT one firm declares, not AQUA, which another firm
// declares on the same goods, though "Aqua" is written several times.
func TestLongerBrandWritten(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2005-03-21"), ConsignorUSCC: "U1", HSCode: "9506290000", Name: "水下推进器（手持）", Brand: "AQUA SCOUT", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2005-05-16"), ConsignorUSCC: "U2", HSCode: "9506290000", Name: "手持水下推进器（黄色）", Brand: "AQUA", Destination: "US"},
	}
	n := Notification{Ref: "a", Product: "Aqua Scout Water Scooters", Market: "US", Date: dayOf("2005-09-02"),
		Words: "CPSC, Aqua Scout Announce Recall of Aqua Scout Water Scooters The Aqua Scout Water Scooter is a hand-held, battery-powered product used to propel swimmers through the water."}
	proposesFirstOnly(t, "AQUA SCOUT, not AQUA", es, ls, n)
}

// TestCookedSaid: "Cooked chicken products" says its goods are prepared,
// which decides before the scores are compared: the cooked skewers (1602)
// are proposed though raw breasts declared under the category's own heading
// (0207) score higher by it; cooked duck necks, whose name holds only the
// word "cooked" read through the dictionary, are not, though the same firm
// ships duck meat under 0207 elsewhere.
func TestCookedSaid(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}, {ID: 3, USCC: "U3", NameZh: "某丙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-05-15"), ConsignorUSCC: "U1", HSCode: "1602321000", Name: "熟制鸡肉串（速冻，炭烤）", Destination: "BE"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-05-15"), ConsignorUSCC: "U2", HSCode: "0207141000", Name: "冻鸡胸肉（生）", Destination: "BE"},
		{Declaration: "D3", DeclaredAt: dayOf("2023-05-29"), ConsignorUSCC: "U3", HSCode: "1602391000", Name: "熟鸭脖（卤制）", Destination: "BE"},
		{Declaration: "D4", DeclaredAt: dayOf("2023-03-06"), ConsignorUSCC: "U3", HSCode: "0207450000", Name: "冻鸭胸肉", Destination: "NL"},
	}
	n := Notification{Ref: "c", Product: "Cooked chicken products", Category: "poultry-meat", Origin: "CN", Market: "BE", Date: dayOf("2023-07-06"),
		Hazard: "Listeria monocytogenes - pathogenic micro-organisms"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold || got["U3"].Score >= Threshold {
		t.Errorf("cooked chicken: %.3f %s; raw %.3f %s; duck %.3f %s", got["U1"].Score, evidenceText(got["U1"]),
			got["U2"].Score, evidenceText(got["U2"]), got["U3"].Score, evidenceText(got["U3"]))
	}
}

// TestKindOfBroaderTerm: a release of a brand's "Dried Seafood Products"
// is about the brand's dried shrimp (虾, whose headings lie inside
// seafood's), and "Candy" about its chocolate: goods of the alert's kind,
// not another product, so the brand and its shipments count fully.
func TestKindOfBroaderTerm(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	for _, c := range []struct{ product, brand, hs, name string }{
		{"Dried Seafood Products", "TOMI", "0306950000", "烤虾干"},
		{"Candy", "DAGOBA", "1806320000", "有机黑巧克力"},
		{"Fruit and Vegetables", "GOYA", "0713320000", "红小豆"},
	} {
		ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2010-06-21"), ConsignorUSCC: "U1", HSCode: c.hs, Name: c.name, Brand: c.brand, Destination: "US"}}
		n := Notification{Ref: "f", Product: c.product, Brand: c.brand, Market: "US", Date: dayOf("2010-10-21")}
		got := byUSCC(NewIndex(es, ls).Match(n, 0))
		if got["U1"].Score < Threshold || strings.Contains(evidenceText(got["U1"]), "another product") {
			t.Errorf("%s of %s against %s: %.3f %s", c.product, c.brand, c.name, got["U1"].Score, evidenceText(got["U1"]))
		}
	}
}

// TestRecalledByBare: an older CPSC title that gives no reason ("Bicycle
// Suspension Forks Recalled by Dah Ken & RST USA") names the recalling
// firm's brand all the same, three letters though it is.
func TestRecalledByBare(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("1998-11-30"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "自行车前避震叉（山地车用）", Brand: "RST", Destination: "US"}}
	ix := NewIndex(es, ls)
	if got := ix.recallerBrands("Bicycle Suspension Forks Recalled by Dah Ken & RST USA Bicycle Suspension Forks Recalled by Dah Ken & RST USA NEWS from CPSC"); !got["rst"] {
		t.Errorf("recallerBrands = %v, want rst", got)
	}
}

// TestBrandHeadAfterLexiconWord: "Red Lotus Bakery" names the declared
// brand RED LOTUS, though "red" is a word of the lexicon; "Red Bakery" does
// not name RED.
func TestBrandHeadAfterLexiconWord(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "1905901000", Name: "黄油纸杯蛋糕", Brand: "RED LOTUS", Destination: "US"},
		{Declaration: "D2", ConsignorUSCC: "U1", HSCode: "1905901000", Name: "蛋糕", Brand: "RED", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	if got := ix.brandHeads("Red Lotus Bakery", brandForms("Red Lotus Bakery")); !slices.Equal(got, []string{"redlotus"}) {
		t.Errorf("brandHeads(Red Lotus Bakery) = %v", got)
	}
	if got := ix.brandHeads("Red Bakery", brandForms("Red Bakery")); len(got) > 0 {
		t.Errorf("brandHeads(Red Bakery) = %v", got)
	}
}

// TestNamedBrandNobodyDeclares: an alert that says it names its goods'
// brand ("… OF "PNS - POWER NUTRITION SUPPLEMENTS" TRADEMARK"), which no
// line declares, is not about another firm's supplements shipped there;
// without the brand it would be.
func TestNamedBrandNobodyDeclares(t *testing.T) {
	for text, want := range map[string]bool{`VARIOUS FOOD SUPPLEMENTS OF "PNS - POWER NUTRITION SUPPLEMENTS" TRADEMARK`: true,
		"Forchette in acciaio made in PRC marchio DFH CASA": true, "Food supplements, no brand": false, "Forchette senza marchio": false,
		"Brand: unknown": false, "Unbranded brushes": false, "Food supplements": false, "Marke: Xiaomi": true,
		"Brand new electric scooter": false, "marca CE falsa": false, "Reloj que marca la hora": false, "Brand: N.A.": false,
		"Brand name: unknown": false, "own brand goods": false} {
		if got := saysBrand(text); got != want {
			t.Errorf("saysBrand(%q) = %v", text, got)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2023-04-10"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "甘氨酸锌片（营养补充剂）", Brand: "蓉锌", Destination: "CY"}}
	n := Notification{Ref: "p", Product: `VARIOUS FOOD SUPPLEMENTS OF "PNS - POWER NUTRITION SUPPLEMENTS" TRADEMARK`, Category: "dietetic-foods", Origin: "CN", Market: "CY", Date: dayOf("2023-05-29")}
	ix := NewIndex(es, ls)
	if got := byUSCC(ix.Match(n, 0)); got["U1"].Score >= Threshold {
		t.Errorf("PNS supplements: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
	n.Product = "Various food supplements"
	if got := byUSCC(ix.Match(n, 0)); got["U1"].Score < Threshold {
		t.Errorf("supplements with no brand: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
}

// TestBeyondLag: a shipment that names no brand counts fully within the
// usual lag, a quarter from marketFresh on: the one firm that shipped coffee
// cups to Ireland 172 days before "Coffee Cups" is not proposed, as it is
// 60 days before.
func TestBeyondLag(t *testing.T) {
	notified := dayOf("2022-05-27")
	for _, c := range []struct {
		days int
		want float64
	}{{60, 1}, {120, 1}, {162, 0.5}, {183, 0.25}, {300, 0.25}} {
		if got := beyondLag(notified.AddDate(0, 0, -c.days), notified); got < c.want-0.01 || got > c.want+0.01 {
			t.Errorf("beyondLag(%d days) = %.3f, want %.2f", c.days, got, c.want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	n := Notification{Ref: "c", Product: "Coffee Cups", Category: "food-contact-materials", Origin: "CN", Market: "IE", Date: notified}
	for days, want := range map[int]bool{172: false, 60: true} {
		ls := []Line{{Declaration: "D1", DeclaredAt: notified.AddDate(0, 0, -days), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维咖啡杯（带硅胶盖）", Destination: "IE"}}
		got := byUSCC(NewIndex(es, ls).Match(n, 0))
		if (got["U1"].Score >= Threshold) != want {
			t.Errorf("shipped %d days before: %.3f %s", days, got["U1"].Score, evidenceText(got["U1"]))
		}
	}
}

// TestModifierStillBrand: a word that only qualifies goods in a term
// ("neon" of "neon flying squid", "king" of "king crab") may still be read
// as a brand at the head of a product's name; a word that names goods
// ("squid") may not.
func TestModifierStillBrand(t *testing.T) {
	ref := mustReference()
	if ref.lex.namesGoods("neon") || ref.lex.namesGoods("king") || !ref.lex.namesGoods("squid") || !ref.lex.namesGoods("crab") {
		t.Errorf("namesGoods: neon %v, king %v, squid %v, crab %v", ref.lex.namesGoods("neon"), ref.lex.namesGoods("king"), ref.lex.namesGoods("squid"), ref.lex.namesGoods("crab"))
	}
	if got := ref.leadingBrands("Neon Bicycle Helmets"); !slices.Contains(got, "neon") {
		t.Errorf("leadingBrands(Neon Bicycle Helmets) = %v", got)
	}
	if !ref.lex.namesGoods("guirlande") {
		t.Error(`namesGoods("guirlande") = false: the French term names the goods first`)
	}
	if got := ref.leadingBrands("Squid rings"); len(got) > 0 {
		t.Errorf("leadingBrands(Squid rings) = %v", got)
	}
}

// TestBrandAccents: a recall written "Cervélo" names the brand declared
// CERVELO.
func TestBrandAccents(t *testing.T) {
	if normBrand("Cervélo") != normBrand("CERVELO") {
		t.Errorf("normBrand(Cervélo) = %q, normBrand(CERVELO) = %q", normBrand("Cervélo"), normBrand("CERVELO"))
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2003-03-31"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "碳纤维公路车前叉", Brand: "CERVELO", Model: "WOLF", Destination: "US"}}
	n := Notification{Ref: "c", Product: "Bicycle Forks", Market: "US", Date: dayOf("2003-07-31"),
		Words: "CPSC, Cervélo Cycles Inc. Announce Recall of Bicycle Forks The recall involves all-carbon Wolf forks."}
	if got := byUSCC(NewIndex(es, ls).Match(n, 0)); got["U1"].Score < Threshold {
		t.Errorf("Cervélo forks: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
}

// TestOtherModelOfBrand: a recall of KENT's "Midget Racer" mini-bicycles,
// a model one firm declares, is not about the KENT men's bicycles of model
// PRO-X another firm declares: the brand counts less on them and their
// shipments do not count.
func TestOtherModelOfBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2001-09-10"), ConsignorUSCC: "U1", HSCode: "8712008100", Name: "儿童迷你自行车（8寸）", Brand: "KENT", Model: "MIDGET RACER", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2001-10-01"), ConsignorUSCC: "U2", HSCode: "8712004100", Name: "男式山地自行车（26寸，21速）", Brand: "KENT", Model: "PRO-X", Destination: "US"},
	}
	n := Notification{Ref: "k", Product: "Midget Racer mini-bicycle", Market: "US", Date: dayOf("2002-01-03"),
		Words: `CPSC, Kent International Inc. Announce Recall of "Midget Racer" Mini-Bicycles`}
	got := proposesFirstOnly(t, "Midget Racer of KENT", es, ls, n)
	if !strings.Contains(evidenceText(got["U2"]), "another model of the brand") {
		t.Errorf("the PRO-X firm is not told why: %s", evidenceText(got["U2"]))
	}
}

// TestDictShareOfAllWords: a line that holds only an unread word of the
// alert ("roll" in 狗咬胶（牛皮卷）) weighs that word against all the alert's
// product words, the terms' too: for "chicken chip rolls" it holds less
// than the chicken rolls (鸡肉卷) do, and that firm is proposed.
func TestDictShareOfAllWords(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-12-28"), ConsignorUSCC: "U1", HSCode: "2309109000", Name: "宠物零食（鸡肉卷）", Destination: "SE"},
		{Declaration: "D2", DeclaredAt: dayOf("2021-01-18"), ConsignorUSCC: "U2", HSCode: "2309109000", Name: "狗咬胶（牛皮卷）", Destination: "SE"},
	}
	n := Notification{Ref: "r", Product: "320111(230910) chicken chip rolls", Category: "pet-food", Origin: "CN", Market: "SE", Date: dayOf("2021-02-12")}
	proposesFirstOnly(t, "chicken rolls, not rawhide rolls", es, ls, n)
}

// TestLexiconRowsOfRound31: the rows added after eval38–eval41's first
// runs.
func TestLexiconRowsOfRound31(t *testing.T) {
	checkFits(t, []fitCase{
		{"Koi Food(230990)", "锦鲤饲料（浮性，2公斤）", "2309901000", true},
		{"Filetti di gallinella del Pacifico (Lepidotrigla microptera)", "冷冻红娘鱼片（去皮）", "0304890000", true},
		{"Oncorhynchus gorbuscha", "冷冻粉红鲑（去头去脏）", "0303120000", true},
		{"Curry Trigon", "速冻咖喱角（鸡肉馅）", "1902200000", true},
		{"Pickled Sliced Beets", "醋渍甜菜片（罐装）", "2001909000", true},
		{"Magnesio gluconato Fagron", "葡萄糖酸镁（医药级，25公斤桶）", "2918160000", true},
		{"Food supplements", "玛卡片（压片糖果，60片/瓶）", "2106909090", true},
		{"Rabbit ears with chicken meat", "兔耳缠鸡肉（宠物零食，三味装）", "2309109000", true},
		{"Chicken breast", "冻鸡胸肉", "0207141000", true},
		{"Gurnard", "冻狭鳕鱼（整条）", "0303670000", false},
	})
}

// TestStraddledWord: of two firms that shipped frozen fish fillets to
// Spain, the one whose name holds 鳕鱼 free (冷冻鳕鱼柱) is the "Frozen cod
// loins" one; 冻狭鳕鱼片 holds it only across 狭鳕, Alaska pollock's word.
// A word that holds the alert's word whole names a kind of its goods and
// does not count against it (丁腈手套 for gloves, 可可粉 for cocoa).
func TestStraddledWord(t *testing.T) {
	ref := mustReference()
	for _, c := range []struct {
		alert, name string
		want        int
	}{
		{"Frozen cod loins", "冻狭鳕鱼片（去骨）", 1},
		{"Frozen cod loins", "冷冻鳕鱼柱", 0},
		{"Nitrile powder free gloves", "丁腈手套（无粉，蓝色）", 0},
		{"Reduced fat cocoa powder", "低脂可可粉（碱化）", 0},
		{"Filetes congelados de Bacalao", "冷冻大西洋鳕鱼片（去皮去骨）", 0},
		{"Filetes congelados de Bacalao", "冷冻狭鳕鱼片（阿拉斯加鳕，去皮）", 1},
	} {
		terms := ref.lex.Find(productText(c.alert))
		if got := ref.lex.straddled(terms, ref.lex.newStraddles(terms), &prepared{Line: Line{Name: c.name}}); got != c.want {
			t.Errorf("straddled(%q, %s) = %d, want %d", c.alert, c.name, got, c.want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2021-04-05"), ConsignorUSCC: "U1", HSCode: "0304710000", Name: "冷冻鳕鱼柱（去皮去骨）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: dayOf("2021-04-12"), ConsignorUSCC: "U2", HSCode: "0304750000", Name: "冻狭鳕鱼片（去骨）", Destination: "ES"},
	}
	n := Notification{Ref: "c", Product: "Frozen cod loins", Category: "fish", Origin: "CN", Market: "ES", Date: dayOf("2021-06-07")}
	got := proposesFirstOnly(t, "cod loins, not pollock fillets", es, ls, n)
	if !strings.Contains(evidenceText(got["U2"]), "only part of another goods' name") {
		t.Errorf("the pollock firm is not told why: %s", evidenceText(got["U2"]))
	}
}

// TestTariffCodeInBrackets: an article number followed by the goods'
// subheading in brackets ("320210(230910)") is that subheading, empty
// brackets leave the code before them ("320210()"); a word
// before the brackets makes it a product name.
func TestTariffCodeInBrackets(t *testing.T) {
	for in, want := range map[string]string{"320210(230910)": "230910", "0904220011": "0904220011", "0904.22": "090422",
		"Hundtugg(230910)": "", "320210(dog chews)": "", "(230910)": "", "320210()": "320210", "230910( )": "230910"} {
		if got := tariffCode(in); got != want {
			t.Errorf("tariffCode(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestRecallingFirmAsBrand: an FDA release that gives no brand names the
// goods by the recalling firm ("Herb and Honey Inc."), which a line
// declares as its brand.
func TestRecallingFirmAsBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2010-01-25"), ConsignorUSCC: "U1", HSCode: "0813100000", Name: "杏干（去核，5公斤/箱）", Brand: "HERB AND HONEY", Destination: "US"}}
	ix := NewIndex(es, ls)
	if got := ix.firmBrand("Herb and Honey Inc."); got != "herbandhoney" {
		t.Errorf("firmBrand(Herb and Honey Inc.) = %q", got)
	}
	if got := ix.firmBrand("Honey Inc."); got != "" {
		t.Errorf("firmBrand(Honey Inc.) = %q, want none: no line declares it", got)
	}
	n := Notification{Ref: "h", Product: "dried apricot", Manufacturer: "Herb and Honey Inc.", Market: "US", Date: dayOf("2010-05-17")}
	if got := byUSCC(ix.Match(n, 0)); got["U1"].Score < Threshold || !strings.Contains(evidenceText(got["U1"]), "the recalling firm's name is the declared brand") {
		t.Errorf("Herb and Honey's apricots: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
}

// TestBicycleParts: a recall of a brand's "Derailleurs for Bicycles" is
// not about the brand's chains, now that the lexicon knows derailleurs.
func TestBicycleParts(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2013-08-19"), ConsignorUSCC: "U1", HSCode: "8714990000", Name: "自行车后拨链器（无线电子变速）", Brand: "SRAM", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2013-08-05"), ConsignorUSCC: "U2", HSCode: "7315119000", Name: "自行车链条（11速）", Brand: "SRAM", Destination: "US"},
	}
	n := Notification{Ref: "s", Product: "Derailleurs for Bicycles", Market: "US", Date: dayOf("2013-12-04"),
		Words: "SRAM Recalls Derailleurs for Bicycles Due to Fall Hazard"}
	proposesFirstOnly(t, "SRAM derailleurs, not SRAM chains", es, ls, n)
}

// TestBrandGoodsFromNameAndTitle: a brand's own goods are not "another
// product" because the description names a part ("a white front fork" of
// Trayl's "Mountain bikes", now that the lexicon reads mountain bikes), and
// a frame of the brand is one of "Bicycles and Framesets".
func TestBrandGoodsFromNameAndTitle(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2014-04-14"), ConsignorUSCC: "U1", HSCode: "8712000000", Name: "山地自行车（29寸，硬尾）", Brand: "TRAYL", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-12-05"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "碳纤维公路车车架（碟刹）", Brand: "OPEN", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for _, n := range []Notification{
		{Ref: "t", Product: "Mountain bikes", Market: "US", Date: dayOf("2014-07-23"),
			Words: "East Coast Cycle Supply Recalls Trayl TRN Mountain Bikes Due to Crash Hazard This recall involves all Trayl TRN 29-inch hardtail mountain bikes. The bike has a black and green frame with a white front fork."},
		{Ref: "o", Product: "Open U.P. and Ekar bicycles", Market: "US", Date: dayOf("2023-03-30"),
			Words: "Bicycles and Framesets Recalled Due to Crash Hazard; Manufactured by Open Cycle This recall involves Open Cycle U.P. and Ekar bicycles and framesets."},
	} {
		if got := byUSCC(ix.Match(n, 0)); got["U1"].Score < Threshold || strings.Contains(evidenceText(got["U1"]), "another product") {
			t.Errorf("%s: %.3f %s", n.Product, got["U1"].Score, evidenceText(got["U1"]))
		}
	}
}

// TestAnimalNameInCategory: "Gallus gallus" notified under poultry meat is
// the meat: a firm's cooked chicken (1602) is proposed, another's egg powder
// (0408) is not, though 鸡蛋 is a word only "gallus" lists.
func TestAnimalNameInCategory(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-09-11"), ConsignorUSCC: "U1", HSCode: "1602321000", Name: "熟制鸡腿肉块（冷冻，10公斤/箱）", Destination: "NL"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-09-04"), ConsignorUSCC: "U2", HSCode: "0408910000", Name: "全蛋粉（鸡蛋，25公斤/袋）", Destination: "NL"},
	}
	n := Notification{Ref: "g", Product: "Gallus gallus", Category: "poultry-meat", Origin: "CN", Market: "NL", Date: dayOf("2023-11-08"),
		Hazard: "Chlorate - unauthorised substance - pesticide residues"}
	proposesFirstOnly(t, "cooked chicken, not egg powder", es, ls, n)
}

// TestPreparedBelow16: smoked, salted or dried meat and fish (0210, 0305)
// and roasted coffee (090121) are prepared goods though below chapter 16;
// fish fresh, frozen or in fillets are one raw sense.
func TestPreparedBelow16(t *testing.T) {
	ref := mustReference()
	for _, c := range []struct {
		alert, name, hs string
		want            int
	}{
		{"Smoked herring fillets", "烟熏鲱鱼片", "0305420000", prepSaid},
		{"Smoked herring fillets", "鲱鱼罐头", "1604120000", prepSaid},
		{"Salmon", "冻三文鱼（整条）", "0303130000", 1},
		{"Salmon", "三文鱼罐头", "1604110000", -1},
		{"Gallus gallus", "全蛋粉（鸡蛋）", "0408910000", 0},
	} {
		l := &prepared{Line: Line{Name: c.name}, hs: c.hs, heading: c.hs[:4]}
		terms := ref.lex.Find(productText(c.alert))
		var fit []*Term
		for _, t := range terms {
			if _, ok := t.fitsLine(l); ok {
				fit = append(fit, t)
			}
		}
		if got := prepAgree(saysPrepared(c.alert), fit, l); got != c.want {
			t.Errorf("prepAgree(%q, %s %s) = %d, want %d", c.alert, c.name, c.hs, got, c.want)
		}
	}
}

// TestBrandFolding: a Latin brand is compared without its accents, both
// whole and without its legal words; other scripts keep their letters and
// marks.
func TestBrandFolding(t *testing.T) {
	if normBrand("Cervélo") != "cervelo" || !slices.Contains(brandForms("Cervélo Bikes Co"), "cervelobikes") {
		t.Errorf("normBrand(Cervélo) = %q, brandForms = %v", normBrand("Cervélo"), brandForms("Cervélo Bikes Co"))
	}
	if got := normBrand("삼성"); got != "삼성" {
		t.Errorf("normBrand(삼성) = %q", got)
	}
	if got := normBrand("Café ブラザー"); got != "cafeブラザー" {
		t.Errorf("normBrand(Café ブラザー) = %q: the kana after a folded Latin letter lost their marks", got)
	}
	if normBrand("ブラザー") == normBrand("フラサー") {
		t.Error("normBrand drops the voicing marks of ブラザー")
	}
}

// TestRecalledByBareStops: the firm named after "Recalled by" in an older
// title ends where the title goes on ("… Sold Exclusively at Walmart").
func TestRecalledByBareStops(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "8714910000", Name: "自行车前叉", Brand: "ACME", Destination: "US"},
		{Declaration: "D2", ConsignorUSCC: "U1", HSCode: "8714910000", Name: "自行车前叉", Brand: "WALMART", Destination: "US"},
	}
	got := NewIndex(es, ls).recallerBrands("Bicycle Forks Recalled by Acme Sold Exclusively at Walmart")
	if !got["acme"] || got["walmart"] {
		t.Errorf("recallerBrands = %v, want acme alone", got)
	}
}

// TestBrandFieldIsAFirm: an FDA brand field that is the recalling firm's
// name holds the declared brand as its first words: "Arco Nut & Candy"
// (ARCO, four letters, before its goods) and "Red Wheel Fundraising" (RED
// WHEEL, before its trade).
func TestBrandFieldIsAFirm(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-11-17"), ConsignorUSCC: "U1", HSCode: "2008111000", Name: "烘焙花生（去壳，盐焗）", Brand: "ARCO", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-10-27"), ConsignorUSCC: "U2", HSCode: "1905310000", Name: "黄油曲奇（义卖装，24盒/箱）", Brand: "RED WHEEL", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	if got := ix.firmBrand("Arco Nut & Candy"); got != "arco" {
		t.Errorf("firmBrand(Arco Nut & Candy) = %q", got)
	}
	for _, n := range []Notification{
		{Ref: "a", Product: "Peanuts", Brand: "Arco Nut & Candy", Manufacturer: "Arco Nut and Candy LLC", Market: "US", Date: dayOf("2009-03-19")},
		{Ref: "r", Product: "Cookies", Brand: "Red Wheel Fundraising", Manufacturer: "Red Wheel Fundraising", Market: "US", Date: dayOf("2009-02-12")},
	} {
		got := byUSCC(ix.Match(n, Threshold))
		if len(got) != 1 {
			t.Errorf("%s of %s: proposed %v", n.Product, n.Brand, got)
		}
	}
}
