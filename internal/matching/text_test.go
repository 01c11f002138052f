package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/risk"
)

func TestModelsIn(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Electric heater, Type TX-330, sold online", []string{"tx330"}},
		{"Toy car model AB12", []string{"ab12"}},
		{"Kinderspielzeug Art. 4471, Farbe rot", []string{"4471"}},
		{"Art.-Nr. 004471", []string{"4471"}},
		{"models AB12, AB13 and AB-14 are affected", []string{"ab12", "ab13", "ab14"}},
		{"Model No.: HX 220; batch number 2023-07-15", []string{"hx220", "20230715"}},
		{"型号：TX-330，批号 20240105", []string{"tx330", "20240105"}},
		{"ＴＹＰＥ　ＴＸ－０３３０", []string{"tx330"}},
		{"Référence 88-123 et 88-124", []string{"88123", "88124"}},
		{"Type of product: toy. Model unknown.", nil},
		{"The model is sold in a type of box", nil},
		{"Type 1", nil},
	} {
		if got := ModelsIn(c.text); !slices.Equal(got, c.want) {
			t.Errorf("ModelsIn(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestNormModel(t *testing.T) {
	for _, c := range [][2]string{{"TX-330", "tx330"}, {"tx 330", "tx330"}, {"TX-0330", "tx330"}, {"ＴＸ３３０", "tx330"},
		{"AB-007-X", "ab7x"}, {"0", "0"}, {"A0", "a0"}, {"100", "100"}} {
		if got := normModel(c[0]); got != c[1] {
			t.Errorf("normModel(%q) = %q, want %q", c[0], got, c[1])
		}
	}
}

func TestGTINsIn(t *testing.T) {
	// 4006381333931 is a valid EAN-13; 4006381333932 is not; the 15-digit
	// run is a longer number, not a barcode.
	got := GTINsIn("EAN 4006381333931, also 4006381333932, lot 400638133393100, UPC 036000291452")
	want := []string{"04006381333931", "00036000291452"}
	if !slices.Equal(got, want) {
		t.Errorf("GTINsIn = %q, want %q", got, want)
	}
}

func TestBrandForms(t *testing.T) {
	same := func(a, b string) bool { _, ok := commonForm(brandForms(a), brandForms(b)); return ok }
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Bright Star", "BRIGHTSTAR", true},
		{"bright-star", "Bright Star", true},
		{"ＢＲＩＧＨＴ　ＳＴＡＲ", "Bright Star", true},
		{"星辰", "Xingchen", true},
		{"星辰", "XINGCHEN", true},
		{"星辰", "Xinchen", false},
		{"Bright Star", "Bright Sun", false},
		{"无品牌", "No brand", false},
	} {
		if got := same(c.a, c.b); got != c.want {
			t.Errorf("%q ~ %q: %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

// TestMatchModelInText: the alert gives no model field, but its text names
// the type the firm declared (written with another case, spacing and
// leading zero); that is model evidence with its declaration.
func TestMatchModelInText(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南长沙华信电器有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南株洲远航电器有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "8516290000", Name: "电暖器", Brand: "HEATWELL", Model: "tx 0330"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "8516290000", Name: "电暖器", Brand: "OEM", Model: "TX-331"},
	}
	ix := NewIndex(es, ls)
	cs := ix.Match(Notification{Ref: "A1", Product: "Electric heater", Words: "Electric heater, Type TX-330, overheats", HSCode: "8516", Origin: "CN"}, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" {
		t.Fatalf("candidates %+v, want U1 alone", cs)
	}
	if !hasKind(cs[0], "model", "D1") {
		t.Errorf("evidence %+v: want model evidence from D1", cs[0].Evidence)
	}
	// A barcode in the text counts as the GTIN.
	ix = NewIndex(es, []Line{{Declaration: "D3", ConsignorUSCC: "U2", HSCode: "9503000090", Name: "玩具", GTIN: "4006381333931"}})
	cs = ix.Match(Notification{Ref: "A2", Product: "Toy", Words: "Plush toy, barcode 4006381333931", Origin: "CN"}, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U2" || !hasKind(cs[0], "gtin", "D3") {
		t.Fatalf("candidates %+v, want U2 by GTIN", cs)
	}
}

// TestMatchBrandAcrossSpellings: a pinyin brand against the Chinese brand
// declared, and an English brand against the firm's registered English name.
func TestMatchBrandAcrossSpellings(t *testing.T) {
	es := []Enterprise{
		{ID: 1, USCC: "U1", NameZh: "湖南醴陵星辰陶瓷有限公司", NameEn: "Hunan Liling Xingchen Ceramics Co., Ltd."},
		{ID: 2, USCC: "U2", NameZh: "湖南醴陵金盛陶瓷有限公司", NameEn: "Hunan Liling Bright Star Porcelain Co., Ltd."},
		{ID: 3, USCC: "U3", NameZh: "湖南醴陵嘉禾陶瓷有限公司", NameEn: "Hunan Liling Jiahe Ceramics Co., Ltd."},
	}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "6912001000", Name: "陶瓷杯", Brand: "星辰"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "6912001000", Name: "陶瓷杯"},
		{Declaration: "D3", ConsignorUSCC: "U3", HSCode: "6912001000", Name: "陶瓷杯", Brand: "JIAHE"},
	}
	ix := NewIndex(es, ls)
	cs := ix.Match(Notification{Ref: "A1", Product: "Mug", Brand: "XINGCHEN", HSCode: "6912", Origin: "CN"}, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !hasKind(cs[0], "brand", "D1") {
		t.Fatalf("pinyin brand: candidates %+v, want U1 by brand", cs)
	}
	cs = ix.Match(Notification{Ref: "A2", Product: "Mug", Brand: "BRIGHT STAR", HSCode: "6912", Origin: "CN"}, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U2" || !hasKind(cs[0], "brand", "") {
		t.Fatalf("registered name: candidates %+v, want U2 by its English name", cs)
	}
	// "Liling" is in every firm's name: not a brand that names one of them.
	if cs := ix.Match(Notification{Ref: "A3", Product: "Mug", Brand: "Liling", HSCode: "6912", Origin: "CN"}, Threshold); len(cs) != 0 {
		t.Fatalf("a shared place name proposed %+v", cs)
	}
}

// TestMatchSharedBrand: two unrelated firms declare one brand. The one that
// exports the alert's product is proposed alone; when the product evidence
// cannot tell them apart, both are proposed and say so.
func TestMatchSharedBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南浏阳恒通花炮有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南长沙恒通机械有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "3604100000", Name: "烟花", Brand: "HENGTONG"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "8429520000", Name: "挖掘机", Brand: "Hengtong"},
	}
	ix := NewIndex(es, ls)
	cs := ix.Match(Notification{Ref: "A1", Product: "Fireworks", Brand: "Heng Tong", HSCode: "3604", Origin: "CN"}, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || hasKind(cs[0], "shared-brand", "") {
		t.Fatalf("candidates %+v, want U1 alone, without ambiguity", cs)
	}
	ls = append(ls, Line{Declaration: "D3", ConsignorUSCC: "U2", HSCode: "3604100000", Name: "烟花", Brand: "HENGTONG"})
	cs = NewIndex(es, ls).Match(Notification{Ref: "A1", Product: "Fireworks", Brand: "Heng Tong", HSCode: "3604", Origin: "CN"}, Threshold)
	if len(cs) != 2 {
		t.Fatalf("candidates %+v, want both", cs)
	}
	for _, c := range cs {
		if !hasKind(c, "shared-brand", "") {
			t.Errorf("%s: evidence %+v does not state the shared brand", c.Enterprise.USCC, c.Evidence)
		}
	}
}

func TestNotificationCheck(t *testing.T) {
	n := Notification{Ref: "A1", Words: strings.Repeat("x", MaxText+1)}
	err := n.Check()
	var e *risk.Error
	if !errors.As(err, &e) || e.Field != "description" || !strings.Contains(e.Message, "超过") {
		t.Fatalf("Check = %v, want an invalid description", err)
	}
	n.Words = strings.Repeat("x", MaxText)
	if err := n.Check(); err != nil {
		t.Fatalf("Check at the limit = %v", err)
	}
}

func hasKind(c Candidate, kind, decl string) bool {
	for _, ev := range c.Evidence {
		if ev.Kind == kind && (decl == "" || ev.Declaration == decl) {
			return true
		}
	}
	return false
}

func TestBrandsAlike(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"burnnove", "burnove", true},      // a letter dropped
		{"brightstar", "brigthstar", true}, // two swapped
		{"lumineux", "luminaux", true},     // one changed
		{"lumina", "lumina", false},        // the same is not "alike"
		{"kikka", "kikko", false},          // five letters: a changed letter makes another word
		{"brightstar", "brightsun", false},
	} {
		if got := brandsAlike(c.a, c.b); got != c.want {
			t.Errorf("brandsAlike(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
	// A brand field naming two brands gives the forms of each.
	if fs := brandForms("KeKe, XinHua Electronics"); !slices.Contains(fs, "keke") || !slices.Contains(fs, "xinhuaelectronics") {
		t.Errorf("brandForms of two brands = %q", fs)
	}
	// Codes of letters only count after a cue; words do not.
	if got := ModelsIn("children's helmet, model OM-TD BIKE; Model unknown; model ABCD"); !slices.Equal(got, []string{"omtd", "abcd"}) {
		t.Errorf("letter codes: %q", got)
	}
}

func TestShortModelsAndFirmNameBrands(t *testing.T) {
	if got := ModelsIn("This recall involves Favoto Model H-1 bike helmets."); len(got) != 1 || got[0] != "h1" {
		t.Errorf("ModelsIn = %v, want [h1]", got)
	}
	if got := ModelsIn("Size M, type 2 plug"); len(got) != 0 {
		t.Errorf("ModelsIn = %v, want nothing: a digit alone is no model", got)
	}
	if forms := brandForms("Fu Xiang Yuan Trading"); !slices.Contains(forms, "fuxiangyuan") {
		t.Errorf("brandForms = %v, want the name without its trade word", forms)
	}
}

// TestBareModelsIn: codes named in an alert's text with no "model" or
// "type" before them are found, normalised like declarations; sizes,
// years, index numbers, additives, standards and words with a number are
// not codes.
func TestBareModelsIn(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{"Lunch box bambusowy szary JH-RE6, index 33320182, 2) Lunch box bambusowy grafit JH-RE7", []string{"jhre6", "jhre7"}},
		{"This recall involves the OBB-20 Olympic Dumbbell handles", []string{"obb20"}},
		{"2017 model year X-Stand Climbing Treestand Silent Adrenaline XSCT334 and Apache XSCT355", []string{"xsct334", "xsct355"}},
		{"JH-RE6/JH-RE7", []string{"jhre6", "jhre7"}},
		{"Kettle 1.7L, 5L pot, 250G bag, 390ml mug, 10000mAh, 12m+", nil},
		{"Recalled in 2023, index 33320182, lot 2", nil},
		{"Colour E171 in candy; complies with EN71-3 and EN 1078; UN3480 battery", nil},
		{"Omega-3 capsules, COVID-19 test, Slim-30 tea", nil},
		{"A4 paper, AB12 toy", nil},
	} {
		if got := BareModelsIn(c.text); !slices.Equal(got, c.want) {
			t.Errorf("BareModelsIn(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestModelList: a declared list of models is split and each normalised;
// a single model is no list.
func TestModelList(t *testing.T) {
	for _, c := range []struct {
		field string
		want  []string
	}{
		{"JHRE5/JHRE6/JHRE7/JHRE8", []string{"jhre5", "jhre6", "jhre7", "jhre8"}},
		{"AB-12, AB-13；AB-014", []string{"ab12", "ab13", "ab14"}},
		{"TX-330", nil},
		{"A/B", nil},
	} {
		if got, _ := modelList(c.field); !slices.Equal(got, c.want) {
			t.Errorf("modelList(%q) = %q, want %q", c.field, got, c.want)
		}
	}
}

// TestMatchBareModelInList: an alert naming a code without a cue finds the
// firm that declared it in a list of models; a firm shipping the same
// goods to the notifying country without the code stays out; and a code no
// line declares leaves the market evidence of an alert that names no one.
func TestMatchBareModelInList(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "娄底市娄星区绿竹环保餐具有限公司"}, {ID: 2, USCC: "U2", NameZh: "桃江县楠竹纤维制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2021-12-27"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维饭盒（灰/石墨/绿/粉）", Model: "JHRE5/JHRE6/JHRE7/JHRE8", Destination: "PL"},
		{Declaration: "D2", DeclaredAt: day("2021-12-20"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "竹纤维碗", Destination: "PL"},
	}
	n := Notification{Ref: "2022.0874", Product: "Lunch box bambusowy szary JH-RE6, index 33320182", Category: "food-contact-materials",
		Origin: "CN", Market: "PL", Date: day("2022-02-15")}
	for _, ix := range []*Index{NewIndex(es, ls), scanOf(NewIndex(es, ls))} {
		cs := ix.Match(n, Threshold)
		if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !hasKind(cs[0], "model", "D1") {
			t.Fatalf("candidates %+v, want U1 alone, by the model of its declared list", cs)
		}
	}
	n.Product = "Lunch box bambusowy szary QX-77A"
	cs := NewIndex(es, ls).Match(n, 0)
	if !slices.ContainsFunc(cs, func(c Candidate) bool { return hasKind(c, "market", "") }) {
		t.Errorf("a code nobody declared: candidates %+v, want the market evidence kept", cs)
	}
}

// TestMatchImporterBrands: a brand field that adds the importer's words to
// the declared brand ("Slim-30 Herb Supplement" for SLIM 30, "Meizitang
// Botanical" for 美姿堂) finds the firm that declared it — not another
// brand that shares a word ("Joyful Slim"), nor, when a line declares the
// brand field whole or the words after it name a firm ("XinHua
// Electronics"), the firm declaring only its first word; and a product
// name led by a brand that is also a word of the nomenclature ("Bolt
// Foldable Children's Scooters") finds the firm declaring it on those goods,
// not the one whose power banks carry the importer's name (Anker Play).
func TestMatchImporterBrands(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙市开福区康宁保健食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "衡阳市南岳区寿岳保健品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "郴州市苏仙区乐途玩具有限公司"}, {ID: 4, USCC: "U4", NameZh: "长沙市雨花区迅达智能科技有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2010-05-24"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "草本减肥胶囊（30粒/瓶）", Brand: "SLIM 30", Destination: "US"},
		{Declaration: "D2", DeclaredAt: day("2011-06-06"), ConsignorUSCC: "U2", HSCode: "2106909090", Name: "减肥胶囊（植物精华，30粒/盒）", Brand: "美姿堂", Destination: "US"},
		{Declaration: "D3", DeclaredAt: day("2022-06-20"), ConsignorUSCC: "U3", HSCode: "9503001000", Name: "儿童折叠滑板车", Brand: "BOLT", Destination: "US"},
		{Declaration: "D4", DeclaredAt: day("2022-03-14"), ConsignorUSCC: "U4", HSCode: "8507600090", Name: "移动电源（锂电池，10000mAh）", Brand: "ANKER", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for _, c := range []struct {
		n    Notification
		want string
	}{
		{Notification{Ref: "F1", Product: "Dietary Supplement", Brand: "Slim-30 Herb Supplement", Market: "US", Date: day("2010-07-16")}, "U1"},
		{Notification{Ref: "F2", Product: "Slimming capsules and coffee", Brand: "Slim Forte, Meizitang Botanical", Market: "US", Date: day("2011-09-02")}, "U2"},
		{Notification{Ref: "F3", Product: "Dietary Supplement", Brand: "Joyful Slim Herb Supplement", Market: "US", Date: day("2010-07-22")}, ""},
		{Notification{Ref: "C1", Product: "Bolt Foldable Children's Scooters", Words: "Anker Play Products Recalls Bolt Foldable Children's Scooters",
			Market: "US", Date: day("2022-11-03")}, "U3"},
	} {
		var got []string
		for _, cand := range ix.Match(c.n, Threshold) {
			got = append(got, cand.Enterprise.USCC)
		}
		if want := []string{c.want}; c.want == "" && len(got) != 0 || c.want != "" && !slices.Equal(got, want) {
			t.Errorf("%s (%s): proposed %v, want %q", c.n.Ref, c.n.Brand+c.n.Product, got, c.want)
		}
	}
	two := NewIndex([]Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南湘潭新华电子有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南常德瑞丰电子有限公司"}}, []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "8504403000", Name: "USB充电器", Brand: "XINHUA ELECTRONICS", Destination: "IT"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "8504403000", Name: "USB充电器", Brand: "XINHUA", Destination: "IT"},
	})
	for _, cand := range two.Match(Notification{Ref: "A1", Product: "USB charger", Brand: "XinHua Electronics", HSCode: "8504", Origin: "CN"}, 0) {
		if cand.Enterprise.USCC == "U2" && slices.ContainsFunc(cand.Evidence, func(ev Evidence) bool { return ev.Kind == "brand" }) {
			t.Errorf("the brand declared whole by U1: U2's XINHUA gives brand evidence %+v", cand.Evidence)
		}
	}
	// Words after the brand that are no product words name a firm, not the
	// goods: "XinHua Electronics" is not XINHUA's brand with goods added.
	// The word "Brand" ends the brand whatever follows it.
	one := NewIndex(es[:2], []Line{
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "8504403000", Name: "USB充电器", Brand: "XINHUA", Destination: "IT"},
		{Declaration: "D1", DeclaredAt: day("2012-03-12"), ConsignorUSCC: "U1", HSCode: "0712391000", Name: "香菇片", Brand: "SHIITAKE YA", Destination: "US"},
	})
	for _, cand := range one.Match(Notification{Ref: "A2", Product: "USB charger", Brand: "KeKe, XinHua Electronics", HSCode: "8504", Origin: "CN"}, 0) {
		if slices.ContainsFunc(cand.Evidence, func(ev Evidence) bool { return ev.Kind == "brand" }) {
			t.Errorf("XinHua Electronics against XINHUA: brand evidence %+v", cand.Evidence)
		}
	}
	shiitake := Notification{Ref: "F4", Product: "Mushrooms", Brand: "Shiitake-Ya Brand Gourmet Shiitake Slices", Market: "US", Date: day("2012-05-23")}
	if cs := one.Match(shiitake, Threshold); len(cs) != 1 || cs[0].Enterprise.USCC != "U1" {
		t.Errorf("Shiitake-Ya Brand …: proposed %+v, want U1", cs)
	}
}
