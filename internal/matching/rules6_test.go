package matching

import (
	"strings"
	"testing"
	"time"
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

// TestRecallerBrand: the firm a recall's title names before "Recalls" is
// read as a brand declared on some line ("Nike Recalls …", "Razor USA
// Recalls …"), short as it may be; the same word in running text is not.
func TestRecallerBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "常宁市博锐体育用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙市金海林服饰有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2007-01-15"), ConsignorUSCC: "U1", HSCode: "6507000000", Name: "橄榄球头盔下颏护带（塑料护杯）", Brand: "NIKE", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2007-03-01"), ConsignorUSCC: "U2", HSCode: "6115950000", Name: "运动袜（棉）", Brand: "NIKE", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "r", Product: "Football Helmet Chin Straps", Words: "Nike Recalls Football Helmet Chin Straps Which Can Break. The recalled chin strap consists of a plastic cup.",
		Market: "US", Date: dayOf("2007-11-13")}
	got := byUSCC(ix.Match(n, 0))
	if b, ok := evidenceOf(got["U1"], "brand"); !ok || b.Strength != 1 || got["U1"].Score < Threshold {
		t.Fatalf("the chin straps' maker: score %.3f, %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if got["U2"].Score >= Threshold {
		t.Errorf("the NIKE socks' maker scores %.3f", got["U2"].Score)
	}
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Nike USA, Inc. Recalls Chin Straps", []string{"nike"}},
		{"Razor USA Recalls GLW Battery Packs", nil}, // RAZOR is declared by nobody here
		{"Nike Announces Voluntary Recall of Chin Straps", []string{"nike"}},
		{"The straps were sold by Nike stores", nil},
		{"Recalls of Nike straps", nil},
	} {
		got := keysOf(ix.recallerBrands(c.text))
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("recallerBrands(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestProductionWindow: a recall's "manufactured between September 2016
// and August 2017" bounds the lots it is about. A line of the brand
// declared inside the window (or the half year after it) is the recalled
// lot, its shipment counting however long before the recall; one declared
// outside is another lot, its brand counting as on other goods, and one
// declared a year or more before the window began less still.
func TestProductionWindow(t *testing.T) {
	for _, c := range []struct {
		text     string
		from, to string
	}{
		{"units manufactured between September 2016 and August 2017.", "2016-09-01", "2017-08-31"},
		{"Manufactured from Dec. 2020 through December 2022", "2020-12-01", "2022-12-31"},
		{"produced from March 3, 2019 to May 2019", "2019-03-01", "2019-05-31"},
		{"sold between September 2016 and August 2017", "", ""},
		{"manufactured between August 2017 and September 2016", "", ""},
	} {
		w, ok := productionWindow(c.text)
		if ok != (c.from != "") || ok && (day(w.from) != c.from || day(w.to) != c.to) {
			t.Errorf("productionWindow(%q) = %s–%s %v, want %s–%s", c.text, day(w.from), day(w.to), ok, c.from, c.to)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "株洲市电驰科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙县极速平衡车有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2006-11-13"), ConsignorUSCC: "U1", HSCode: "8711600090", Name: "电动平衡车（两轮）", Brand: "RAZOR", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2017-03-06"), ConsignorUSCC: "U2", HSCode: "8711600090", Name: "电动平衡车（两轮，GLW电池组）", Brand: "RAZOR", Destination: "US"},
	}
	n := Notification{Ref: "r", Product: "Self-Balancing Hoverboards", Brand: "Razor",
		Words: "This recall involves hoverboards manufactured between September 2016 and August 2017.", Market: "US", Date: dayOf("2021-08-25")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if m, ok := evidenceOf(got["U2"], "market"); !ok || m.Strength != 1 || !strings.Contains(m.Detail, "production window") {
		t.Errorf("the lot inside the window: %+v", got["U2"].Evidence)
	}
	// Declared ten years before the window: long before it (round 40).
	if b, ok := evidenceOf(got["U1"], "brand"); !ok || b.Strength != longBeforeStrength || !strings.Contains(b.Detail, "over a year before the production window") {
		t.Errorf("the lot outside the window: %+v", got["U1"].Evidence)
	}
	if got["U1"].Score >= Threshold || got["U2"].Score < Threshold || got["U2"].Score <= got["U1"].Score {
		t.Errorf("scores: outside %.3f, inside %.3f", got["U1"].Score, got["U2"].Score)
	}
}

// TestMarketCountsFirmsOfTheYearBefore: the firms a shipment to the
// notifying country competes with are those that shipped such goods there
// in the year before the notification, not those that went years before
// or only after it.
func TestMarketCountsFirmsOfTheYearBefore(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "甲"}, {ID: 2, USCC: "U2", NameZh: "乙"}, {ID: 3, USCC: "U3", NameZh: "丙"}, {ID: 4, USCC: "U4", NameZh: "丁"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维碗", Destination: "IE"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-05-02"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "密胺盘", Destination: "IE"},
		{Declaration: "D3", DeclaredAt: dayOf("2020-01-15"), ConsignorUSCC: "U3", HSCode: "3924100000", Name: "塑料杯", Destination: "IE"},
		{Declaration: "D4", DeclaredAt: dayOf("2023-03-01"), ConsignorUSCC: "U4", HSCode: "3924100000", Name: "塑料盒", Destination: "IE"},
		{Declaration: "D5", DeclaredAt: dayOf("2019-03-01"), ConsignorUSCC: "U4", HSCode: "3924100000", Name: "塑料盒", Destination: "IE"},
	}
	p := NewIndex(es, ls).post
	if m := p.marketOf("IE", []string{"3924"}, dayOf("2023-11-20"), dayOf("2023-11-20")); m.firms != 2 || m.strength != 1 {
		t.Errorf("in the year before 2023-11-20: %d firms, strength %.2f; want U1 and U4", m.firms, m.strength)
	}
	if m := p.marketOf("IE", []string{"3924"}, time.Time{}, time.Time{}); m.firms != 4 {
		t.Errorf("with no day: %d firms, want all 4", m.firms)
	}
}

// TestDeclarationLinesTogetherAreTheGoods: an alert listing several goods
// ("Bowls, plates, cups and cutlery") shipped as the lines of one
// declaration is of the alert's kind in its market evidence though no line
// alone names them all and each names a material the alert does not.
func TestDeclarationLinesTogetherAreTheGoods(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "益阳市篁林日用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "邵东市钢宇五金制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维碗（儿童，印花）", Destination: "IE"},
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维盘（儿童，印花）", Destination: "IE"},
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维杯（儿童，带把）", Destination: "IE"},
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维刀叉勺（儿童，三件套）", Destination: "IE"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U2", HSCode: "7323990000", Name: "不锈钢烧烤签", Destination: "IE"},
	}
	n := Notification{Ref: "r", Product: "Bowls, plates, cups and cutlery", Words: "Bowls, plates, cups and cutlery", Category: "food-contact-materials",
		Origin: "CN", Market: "IE", Date: dayOf("2023-11-20")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	m, ok := evidenceOf(got["U1"], "market")
	if !ok || m.Strength != 1 || !strings.Contains(m.Detail, "lines together") || got["U1"].Score < Threshold {
		t.Fatalf("the tableware's maker: score %.3f, %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if got["U2"].Score >= Threshold {
		t.Errorf("the skewers' maker scores %.3f", got["U2"].Score)
	}
}

// TestMarketCountsShipmentsOfUnknownDay: a shipment whose day is unknown
// counts in any window, whatever the firm's other shipments.
func TestMarketCountsShipmentsOfUnknownDay(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "甲"}, {ID: 2, USCC: "U2", NameZh: "乙"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维碗", Destination: "IE"},
		{Declaration: "D2", DeclaredAt: dayOf("2015-01-02"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维碗", Destination: "IE"},
		{Declaration: "D3", DeclaredAt: dayOf("2025-01-02"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "密胺盘", Destination: "IE"},
		{Declaration: "D4", DeclaredAt: dayOf("2023-01-02"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "密胺盘", Destination: "IE"},
	}
	p := NewIndex(es, ls).post
	if m := p.marketOf("IE", []string{"3924"}, dayOf("2023-11-20"), dayOf("2023-11-20")); m.firms != 2 {
		t.Errorf("%d firms; want U1 (a day unknown) and U2 (shipped in the year before and after)", m.firms)
	}
	if m := p.marketOf("IE", []string{"3924"}, dayOf("2024-06-20"), dayOf("2024-06-20")); m.firms != 1 {
		t.Errorf("%d firms; want U1 alone (a day unknown)", m.firms)
	}
}
