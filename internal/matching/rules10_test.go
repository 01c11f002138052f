package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// TestAnotherMaterialIsAnotherProduct: an alert whose product words name a
// material ("Gourde en aluminium", "BOTELLAS DE PLÁSTICO PETG") is not
// about a bottle whose declared name states another material (不锈钢): the
// steel bottles shipped to the notifying country count only by heading, so
// the only firm that shipped them is not proposed for the aluminium bottle,
// and the plastic bottles' maker wins over the steel bottles' when both
// shipped there. A name that states no material says nothing either way.
func TestAnotherMaterialIsAnotherProduct(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "株洲市某不锈钢制品有限公司"}, {ID: 2, USCC: "U2", NameZh: "岳阳县某塑料制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-11-23"), ConsignorUSCC: "U1", HSCode: "7323930000", Name: "不锈钢运动水壶（500毫升）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-07-22"), ConsignorUSCC: "U1", HSCode: "7323930000", Name: "不锈钢保温水壶（螺旋盖）", Destination: "FR"},
		{Declaration: "D3", DeclaredAt: dayOf("2020-11-23"), ConsignorUSCC: "U2", HSCode: "3923300000", Name: "PETG塑料水瓶（运动款）", Destination: "ES"},
	}
	ix := NewIndex(es, ls)
	alu := Notification{Ref: "a", Product: "Gourde en aluminium // drinking bottle", Category: "food-contact-materials", Origin: "CN", Market: "FR", Date: dayOf("2024-09-02")}
	if c := byUSCC(ix.Match(alu, 0))["U1"]; c.Score >= Threshold || !strings.Contains(evidenceText(c), "another material: 不锈钢") {
		t.Errorf("steel bottles for an aluminium one: %.3f %s", c.Score, evidenceText(c))
	}
	plastic := Notification{Ref: "b", Product: "BOTELLAS DE PLÁSTICO PETG", Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2021-01-12")}
	got := byUSCC(ix.Match(plastic, 0))
	if got["U2"].Score < Threshold || got["U1"].Score >= Threshold {
		t.Errorf("plastic bottles: PETG maker %.3f %s; steel maker %.3f %s", got["U2"].Score, evidenceText(got["U2"]), got["U1"].Score, evidenceText(got["U1"]))
	}
	// No material named: the steel bottles are bottles.
	plain := Notification{Ref: "c", Product: "Drinking bottle", Category: "food-contact-materials", Origin: "CN", Market: "FR", Date: dayOf("2024-09-02")}
	if c := byUSCC(ix.Match(plain, 0))["U1"]; c.Score < Threshold {
		t.Errorf("steel bottles for a bottle of no stated material: %.3f %s", c.Score, evidenceText(c))
	}
	ss := mustReference().stuffs
	for _, c := range []struct {
		product, name, other string
	}{
		{"Gourde en aluminium", "不锈钢保温水壶", "不锈钢"},
		{"Gourde en aluminium", "铝合金水壶", ""},
		{"metal drinking bottle", "铝水壶", ""}, // metal holds aluminium
		{"Aluminium bottle", "金属水壶", ""},     // and aluminium meets metal
		{"Plastic cup", "密胺杯（仿瓷）", ""},       // melamine is a plastic
		{"Plastic cup", "竹纤维杯", ""},          // bamboo fibre is bound with melamine
		{"Kubek ceramiczny", "仿瓷密胺杯", "密胺"},  // 仿瓷 is no porcelain
		{"Stainless steel spoon", "尼龙汤勺", "尼龙"},
		{"Spoon", "尼龙汤勺", ""},                   // no material named
		{"Stainless steel spoon", "汤勺（西餐）", ""}, // none stated
		{"Tazza in porcellana", "陶瓷马克杯", ""},
	} {
		if got := ss.otherStuff(ss.Find(c.product), c.name); got != c.other {
			t.Errorf("%q against %s: other material %q, want %q", c.product, c.name, got, c.other)
		}
	}
}

// TestParseStuffsRefusesBadRows: a row of the materials table without a
// source, words or Chinese, a material or a word given twice, or a wrong
// header is an error naming the field, and no table.
func TestParseStuffsRefusesBadRows(t *testing.T) {
	for _, c := range []struct{ name, csv, field string }{
		{"no source", "material,words,zh,source\nglass,glass|verre,玻璃,\n", "source"},
		{"unknown source", "material,words,zh,source\nglass,glass,玻璃,blog\n", "source"},
		{"no words", "material,words,zh,source\nglass,,玻璃,sg\n", "words"},
		{"no Chinese", "material,words,zh,source\nglass,glass,,sg\n", "zh"},
		{"no name", "material,words,zh,source\n,glass,玻璃,sg\n", "material"},
		{"repeated material", "material,words,zh,source\nglass,glass,玻璃,sg\nglass,verre,玻璃,sg+tr\n", "material"},
		{"word of two", "material,words,zh,source\nglass,glass,玻璃,sg\ncrystal,Glass,水晶,sg\n", "words"},
		{"wrong header", "material,zh\nglass,玻璃\n", "stuffs"},
	} {
		ss, err := ParseStuffs(strings.NewReader(c.csv))
		var e *risk.Error
		if ss != nil || !errors.As(err, &e) || e.Field != c.field || !strings.Contains(e.Message, " / ") {
			t.Errorf("%s: %v, error %v; want a bilingual error on field %s and no table", c.name, ss, err, c.field)
		}
	}
}

// TestTermsOwnWordFitsBetter: "Tray" shipped to Spain by two firms is the
// firm whose line holds 托盘, the tray's own word, not the one whose 陶瓷餐盘
// holds only 盘, the one character a plate shares with it.
func TestTermsOwnWordFitsBetter(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "醴陵市某密胺制品有限公司"}, {ID: 2, USCC: "U2", NameZh: "醴陵市某陶瓷有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2021-09-06"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "密胺托盘（长方形，印花）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: dayOf("2021-09-20"), ConsignorUSCC: "U2", HSCode: "6912001000", Name: "陶瓷餐盘（10.5英寸）", Destination: "ES"},
	}
	n := Notification{Ref: "t", Product: "Tray", Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2021-11-11")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("trays %.3f %s; plates %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	tray := mustReference().lex.Find("tray")[0]
	for name, want := range map[string]float64{"密胺托盘": 1, "陶瓷餐盘": 0.5, "陶瓷碗": 0} {
		if got := tray.heldBy(name); got != want {
			t.Errorf("tray held by %s: %v, want %v", name, got, want)
		}
	}
}

// TestTooFreshAShipment: of two firms that shipped sweets to Ireland, the
// one whose lot left 57 days before "Confectionery" was notified is the
// lead, not the one whose lot left 15 days before — too late to cross the
// sea, be sold and be sampled; that one's evidence says so. Alone, a fresh
// shipment still counts.
func TestTooFreshAShipment(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "浏阳市某食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙市某糖果有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-06-05"), ConsignorUSCC: "U1", HSCode: "1704900000", Name: "橡皮软糖（水果味）", Destination: "IE"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-07-17"), ConsignorUSCC: "U2", HSCode: "1704900000", Name: "奶糖（奶油味）", Destination: "IE"},
	}
	n := Notification{Ref: "c", Product: "Confectionery", Category: "confectionery", Origin: "CN", Market: "IE", Date: dayOf("2023-08-01")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold || !strings.Contains(evidenceText(got["U2"]), "too late to arrive") {
		t.Errorf("57 days: %.3f %s; 15 days: %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	alone := byUSCC(NewIndex(es, ls[1:]).Match(n, 0))
	if alone["U2"].Score < Threshold {
		t.Errorf("the only shipment, 15 days before: %.3f %s", alone["U2"].Score, evidenceText(alone["U2"]))
	}
}

// TestVegetablesInOtherStates: a vegetable's term also fits it frozen or
// in brine (0710, 0711), and a fruit's (0811, 0812): "Jalapeno green"
// finds 盐渍青辣椒 under 0711. Dried goods are another product.
func TestVegetablesInOtherStates(t *testing.T) {
	checkFits(t, []fitCase{
		{"Jalapeno green", "盐渍青辣椒（墨西哥辣椒，切片）", "0711900000", true},
		{"Jalapeno green", "速冻青辣椒", "0710809090", true},
		{"Jalapeno green", "辣椒酱", "2103909000", false},
	})
	if got := withStates([]string{"0709", "2005"}); !slices.Equal(got, []string{"0709", "2005", "0710", "0711"}) {
		t.Errorf("states of 0709: %v", got)
	}
	if got := withStates([]string{"0805"}); !slices.Equal(got, []string{"0805", "0811", "0812"}) {
		t.Errorf("states of 0805: %v", got)
	}
	if got := withStates([]string{"0902", "2101"}); !slices.Equal(got, []string{"0902", "2101"}) {
		t.Errorf("states of tea: %v", got)
	}
}

// TestMadeFrom: goods the alert says are made from something ("Obtained
// from rice", "à base de riz") are the goods made of it as well: dried
// rice noodles (1902) fit, maize does not, and without the cue "rice" is
// the grain (1006) only.
func TestMadeFrom(t *testing.T) {
	lx := mustReference().lex
	l := &prepared{Line: Line{Name: "干米粉（米线）", HSCode: "1902190000"}, hs: "1902190000", heading: "1902"}
	fits := func(text string) bool {
		for _, term := range lx.asMadeFrom(text, lx.Find(productText(text))) {
			if _, ok := term.fitsLine(l); ok {
				return true
			}
		}
		return false
	}
	for text, want := range map[string]bool{"Obtained from rice": true, "Products made from rice": true, "Rice": false, "Rice, and bread made of wheat": false} {
		if got := fits(text); got != want {
			t.Errorf("%q against 干米粉 under 1902: %v, want %v", text, got, want)
		}
	}
	rice := lx.Find("rice")[0]
	if rice.madeOf == nil || !slices.Contains(rice.madeOf.Headings, "1902") || slices.ContainsFunc(rice.madeOf.Headings, func(h string) bool { return h[:2] > "24" }) {
		t.Errorf("rice made of: %+v", rice.madeOf)
	}
}

// TestSlipIntoAnotherLanguagesWord: "Food suplements" is food supplement
// with a slip, though suplement is a word of the lexicon (Polish suplement
// diety), because both terms say 膳食补充剂.
func TestSlipIntoAnotherLanguagesWord(t *testing.T) {
	lx := mustReference().lex
	var got []string
	for _, term := range lx.Find("Food suplements") {
		got = append(got, term.Term)
	}
	if !slices.Equal(got, []string{"food supplement"}) {
		t.Errorf("Food suplements: %q", got)
	}
}

// TestWordModelsAndLetterCodes: "models OWT and OWM" are two codes of
// three capitals after the cue; a declared model of words ("City Scooter")
// named in the text with the line's brand, in the plural too, is model
// evidence, and without the brand it is none.
func TestWordModelsAndLetterCodes(t *testing.T) {
	if got := ModelsIn("the Orange Whip golf swing trainer models OWT and OWM. The recalled trainers"); !slices.Equal(got, []string{"owt", "owm"}) {
		t.Errorf("models OWT and OWM: %q", got)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "永州市某电动车有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2012-04-16"), ConsignorUSCC: "U1", HSCode: "8711600090", Name: "儿童电动踏板车（城市款）", Brand: "HELLO KITTY", Model: "CITY SCOOTER", Destination: "US"}}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "r", Product: "Motor Scooters with Hello Kitty graphics", Words: "This recall involves electric City Scooters with Hello Kitty graphics. The scooters were manufactured between September 9, 2012 and December 3, 2012.", Origin: "CN", Market: "US", Date: dayOf("2013-02-26")}
	if c := byUSCC(ix.Match(n, 0))["U1"]; c.Score < Threshold || !hasKind(c, "model", "D1") {
		t.Errorf("City Scooters with the brand: %.3f %s", c.Score, evidenceText(c))
	}
	n.Product, n.Words = "Motor Scooters", "This recall involves electric City Scooters."
	if c := byUSCC(ix.Match(n, 0))["U1"]; hasKind(c, "model", "") {
		t.Errorf("City Scooters without the brand: %.3f %s", c.Score, evidenceText(c))
	}
}

// TestLexiconRowsOfRound10: the rows added after eval14's first run:
// creamy candies are 奶糖, not fruit gums; hockey and floor hockey sets are
// 曲棍球 goods of 9506; a golf swing trainer is 挥杆练习器, not a swing
// (秋千); billiards are 台球 of 9504.
func TestLexiconRowsOfRound10(t *testing.T) {
	checkFits(t, []fitCase{
		{"Creamy candies", "奶糖（奶油味）", "1704900000", true},
		{"Creamy candies", "橡皮软糖（水果味）", "1704900000", false},
		{"Floor Hockey Sets", "儿童地板曲棍球套装", "9506990000", true},
		{"Golf swing trainers", "高尔夫挥杆练习器", "9506390000", true},
		{"Golf swing trainers", "儿童秋千（户外）", "9506990000", false},
		{"Billiard games", "高尔夫台球游戏", "9504200000", true},
	})
}
