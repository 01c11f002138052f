package matching

import (
	"strings"
	"testing"
)

// TestLexiconRowsOfRound6: the rows added after eval10's first run read
// the alerts' words as declarants write them: "Szechuan pepper" is 花椒
// (0910), not the chilli of "pepper" (0904); "popping candy" is 跳跳糖 and
// no hard candy; paper cake cups are 纸托 under 4823, not the cups of
// 3924; a dinner set is 餐具; a chin strap is the 颏带 of 6507; 三聚氰胺 is
// melamine written out.
func TestLexiconRowsOfRound6(t *testing.T) {
	ref := mustReference()
	fits := func(text, name, hs string) (string, bool) {
		l := &prepared{Line: Line{Name: name, HSCode: hs}, hs: onlyDigits(hs), heading: hsHeading(hs)}
		var got []string
		for _, term := range ref.lex.Find(productText(text)) {
			if zh, ok := term.fitsLine(l); ok {
				got = append(got, term.Term+" ~ "+zh)
			}
		}
		return strings.Join(got, ", "), len(got) > 0
	}
	for _, c := range []struct {
		text, name, hs string
		fit            bool
	}{
		{"Szechuan pepper green", "青花椒（干，10千克/箱）", "0910990000", true},
		{"Szechuan pepper green", "脱水辣椒丁（10×10毫米）", "0904211000", false},
		{"Popping candy", "跳跳糖（草莓味）", "1704900000", true},
		{"Popping candy", "硬糖（水果味，棒棒糖）", "1704900000", false},
		{"Paper cakes cup", "纸蛋糕杯（烘焙纸托，防油）", "4823699000", true},
		{"Dinner set for children", "儿童餐具套装（竹纤维）", "3924100000", true},
		{"Football Helmet Chin Straps", "橄榄球头盔下颏护带（塑料护杯）", "6507000000", true},
		{"melamine", "竹纤维餐盘（三聚氰胺粘合）", "3924100000", true},
	} {
		got, ok := fits(c.text, c.name, c.hs)
		if ok != c.fit {
			t.Errorf("%q against %s under %s: fits %v (%s), want %v", c.text, c.name, c.hs, ok, got, c.fit)
		}
	}
}

// TestImporterInBrandField: a brand field that names no declared brand
// ("Good Health, Inc.", the importer) leaves the maker's brand to the
// product text ("Dietary supplement Vialipro"); a brand field that names a
// declared brand keeps the text's brands out of it.
func TestImporterInBrandField(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙市力盛生物科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "衡阳市纤影生物科技有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2010-04-12"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "男士草本胶囊（10粒/瓶）", Brand: "VIALIPRO", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2010-03-01"), ConsignorUSCC: "U2", HSCode: "2106909090", Name: "男士草本胶囊（2粒/盒）", Brand: "STAMINAL", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "r1", Product: "Dietary supplement Vialipro", Brand: "Good Health, Inc.", Words: "Good Health, Inc. Dietary supplement Vialipro",
		Market: "US", Date: dayOf("2010-07-16")}
	got := byUSCC(ix.Match(n, 0))
	b, ok := evidenceOf(got["U1"], "brand")
	if !ok || b.Strength != 1 || !strings.Contains(b.Detail, "VIALIPRO") || got["U1"].Score < Threshold {
		t.Fatalf("the Vialipro maker: score %.3f, %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if got["U2"].Score >= Threshold {
		t.Errorf("the other capsule maker scores %.3f", got["U2"].Score)
	}
	// The brand field names STAMINAL, a declared brand: the text's
	// Vialipro is not read as the alert's brand.
	n.Brand, n.Words = "Staminal", "Staminal Dietary supplement Vialipro"
	got = byUSCC(ix.Match(n, 0))
	if b, ok := evidenceOf(got["U1"], "brand"); ok {
		t.Errorf("a declared brand field still read the text's brand: %+v", b)
	}
	if _, ok := evidenceOf(got["U2"], "brand"); !ok {
		t.Errorf("the declared brand field found no brand: %+v", got["U2"].Evidence)
	}
}
