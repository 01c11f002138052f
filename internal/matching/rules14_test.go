package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// TestAMaterialInsideAProductsWord: declarants write the material between
// a product's qualifier and its noun (儿童密胺餐具, children's tableware of
// melamine); the words are read across it, so "Tableware for children"
// with melamine migrating finds the melamine set, not a polypropylene one
// whose name happens to hold 儿童餐具 whole.
func TestAMaterialInsideAProductsWord(t *testing.T) {
	inner := mustReference().inner
	for name, want := range map[string]string{
		"儿童密胺餐具（碗、盘、杯）":  "儿童餐具（碗、盘、杯）",
		"不锈钢儿童餐具（刀、叉、勺）": "儿童餐具（刀、叉、勺）",
		"儿童餐具": "",
		"密胺":   "",
	} {
		if got := bareName(name, inner); got != want {
			t.Errorf("bareName(%s) = %q, want %q", name, got, want)
		}
	}
	es, ls := twoShippers("3924100000", "儿童密胺餐具（碗、盘、杯）", "PP儿童餐具", "LU", "2021-09-13", "2021-10-11")
	n := Notification{Ref: "c", Product: "Tableware for children", Category: "food-contact-materials", Origin: "CN", Market: "LU", Date: dayOf("2021-11-10"),
		Hazard: "Formaldehyde - migration of - migration; Melamine - migration of - migration"}
	proposesFirstOnly(t, "melamine against PP", es, ls, n)
}

// TestGoodsForChildren: an alert that says its goods are for children
// ("melamine decorated children plates") fits a line that says so
// (儿童密胺印花餐盘) better than one for adults (密胺餐盘（成人款）).
func TestGoodsForChildren(t *testing.T) {
	for text, want := range map[string]bool{"melamine decorated children plates": true, "Kids Dinnerware Sets": true, "Piatti per bambini": true, "Melamine plates": false} {
		if got := saysChildren(text); got != want {
			t.Errorf("saysChildren(%q) = %v", text, got)
		}
	}
	es, ls := twoShippers("3924100000", "儿童密胺印花餐盘", "密胺餐盘（成人款）", "BE", "2020-09-28", "2020-08-31")
	n := Notification{Ref: "k", Product: "melamine decorated children plates", Category: "food-contact-materials", Origin: "CN", Market: "BE", Date: dayOf("2020-12-03"),
		Hazard: "migration of melamine"}
	proposesFirstOnly(t, "children's against adults' plates", es, ls, n)
}

// TestPiecesOfASet: "Children's tableware set, 5 pieces" against a
// five-piece set (五件套) and a set of two (（吸盘碗、勺）), both shipped to
// Germany in the usual lag: the five-piece set's maker is proposed.
func TestPiecesOfASet(t *testing.T) {
	for text, want := range map[string]int{"Children's tableware set, 5 pieces": 5, "3 piece tool set": 3, "Set of 4 knives": 4, "Geschirr-Set 16-tlg.": 16, "Tableware set": 0} {
		if got := piecesOf(text); got != want {
			t.Errorf("piecesOf(%q) = %d, want %d", text, got, want)
		}
	}
	for name, want := range map[string]int{"竹纤维儿童餐具五件套（碗、盘、杯、叉、勺）": 5, "陶瓷餐具16件套": 16, "不锈钢刀具十二件套": 12, "硅胶儿童餐具（吸盘碗、勺）": 2, "随手杯（PP，带盖）": 0, "密胺盘": 0} {
		if got := linePieces(name); got != want {
			t.Errorf("linePieces(%s) = %d, want %d", name, got, want)
		}
	}
	es, ls := twoShippers("3924100000", "竹纤维儿童餐具五件套（碗、盘、杯、叉、勺）", "硅胶儿童餐具（吸盘碗、勺）", "DE", "2021-07-19", "2021-08-09")
	n := Notification{Ref: "p", Product: "Children's tableware set, 5 pieces", Category: "food-contact-materials", Origin: "CN", Market: "DE", Date: dayOf("2021-09-10")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold || !strings.Contains(evidenceText(got["U2"]), "number of pieces") {
		t.Errorf("five pieces against two: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
}

// TestLexiconRowsOfRound18: the rows added after eval22's first run.
func TestLexiconRowsOfRound18(t *testing.T) {
	checkFits(t, []fitCase{
		{"sesame and groundnut crisps", "芝麻花生酥", "1704909000", true},
		{"decorative pearls", "糖珠（烘焙装饰）", "1704909000", true},
		{"DRIED GREEN JALAPEÑO", "干青辣椒（整）", "0904210000", true},
		{"Noodles with dehydrated meat", "方便面（含脱水牛肉粒）", "1902300000", true},
		{"Snacks", "调味魔芋制品（魔芋爽）", "2106909090", true},
		{"Dried dates", "蜜枣（干）", "2006000000", true},
		{"Pans and oven dishes", "陶瓷餐盘", "6912001000", false},
		{"Pans and oven dishes", "陶瓷烤盘", "6912001000", true},
	})
}

// TestIngredientsTheHazardNames: Italian notifications of instant noodles
// and snacks with "Protein poultry" or undeclared crustaceans name what
// the food holds; a line whose name says so (方便面（鸡汁味）) fits better
// than another firm's beef noodles shipped there too. The words are read
// only when the hazard speaks of an allergen, a protein or the
// composition ("Salmonella in egg" names no ingredient).
func TestIngredientsTheHazardNames(t *testing.T) {
	ref := mustReference()
	for hazard, want := range map[string]string{
		"Import - illegal - adulteration / fraud; Protein poultry - composition": "poultry",
		"Crustaceans - undeclared - allergens":                                   "crustacean",
		"Salmonella - pathogenic micro-organisms in egg":                         "",
	} {
		got := ""
		if ms := ref.ingredients.Ingredients(hazard); len(ms) > 0 {
			got = ms[0].Substance
		}
		if got != want {
			t.Errorf("Ingredients(%q) = %q, want %q", hazard, got, want)
		}
	}
	es, ls := twoShippers("1902300000", "方便面（鸡汁味）", "方便面（红烧牛肉味）", "IT", "2024-02-19", "2024-02-12")
	ls[1].DeclaredAt = dayOf("2024-01-22")
	n := Notification{Ref: "i", Product: "Instant Noodles", Category: "prepared-dishes-snacks", Origin: "CN", Market: "IT", Date: dayOf("2024-04-08"),
		Hazard: "Import - illegal - adulteration / fraud; Protein poultry - composition"}
	proposesFirstOnly(t, "chicken against beef noodles", es, ls, n)
}

// TestACoatingComingOff: "inner coating peeling off" says the goods are
// coated (不粘, 涂层): coated carbon-steel bundt forms, not silicone ones.
func TestACoatingComingOff(t *testing.T) {
	if ms := mustReference().materials.Find("inner coating peeling off"); len(ms) != 1 || ms[0].Substance != "coating" {
		t.Errorf("coating peeling off: %v", ms)
	}
	es, ls := twoShippers("7323990000", "碳钢不粘蛋糕模（咕咕霍夫模）", "硅胶蛋糕模（咕咕霍夫模）", "CZ", "2020-12-28", "2020-11-30")
	ls[1].HSCode = "3924100000"
	n := Notification{Ref: "b", Product: "bundt baking forms", Category: "food-contact-materials", Origin: "CN", Market: "CZ", Date: dayOf("2021-02-15"),
		Hazard: "inner coating peeling off"}
	proposesFirstOnly(t, "coated against silicone forms", es, ls, n)
}

// TestBrandsByTheirMeaning: a Chinese brand is sold abroad under its
// meaning: 金香 (gold, fragrance) as "Golden Smell", 草地 as "Grassplot";
// a brand of a character without a gloss, of one character or of too many
// readings is read by none.
func TestBrandsByTheirMeaning(t *testing.T) {
	g := mustReference().glosses
	for brand, want := range map[string]string{"金香": "goldensmell", "草地": "grassplot", "好味": "goodtaste"} {
		if !slices.Contains(g.forms(brand), want) {
			t.Errorf("forms(%s) = %v, want %s among them", brand, g.forms(brand), want)
		}
	}
	for _, brand := range []string{"金", "鑫瑞", "GOLDEN"} {
		if got := g.forms(brand); got != nil {
			t.Errorf("forms(%s) = %v, want none", brand, got)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "张家界某食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙某食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2010-06-21"), ConsignorUSCC: "U1", HSCode: "0712909990", Name: "土豆干片", Brand: "金香", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2010-06-21"), ConsignorUSCC: "U2", HSCode: "0712909990", Name: "土豆干片", Brand: "金象", Destination: "US"},
	}
	n := Notification{Ref: "g", Product: "Dried Potatoes", Brand: "Golden Smell", Market: "US", Date: dayOf("2010-08-09")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || !strings.Contains(evidenceText(got["U1"]), "by its meaning") || got["U2"].Score >= Threshold {
		t.Errorf("Golden Smell: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	for _, c := range []struct{ name, csv, field string }{
		{"two characters", "zh,en,source\n金香,golden smell,trade\n", "zh"},
		{"not letters", "zh,en,source\n金,gold1,trade\n", "en"},
		{"repeated", "zh,en,source\n金,gold,trade\n金,golden,trade\n", "zh"},
		{"no source", "zh,en,source\n金,gold,\n", "source"},
	} {
		g, err := ParseGlosses(strings.NewReader(c.csv))
		var e *risk.Error
		if g != nil || !errors.As(err, &e) || e.Field != c.field || !strings.Contains(e.Message, " / ") {
			t.Errorf("%s: %v, error %v; want a bilingual error on field %s", c.name, g, err, c.field)
		}
	}
}
