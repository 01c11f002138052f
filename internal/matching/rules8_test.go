package matching

import (
	"slices"
	"strings"
	"testing"
)

// TestLexiconRowsOfRound8: the rows added after eval12's first run read
// the alerts' words as declarants write them, each under its own
// headings and no other: casings are the 肠衣 of 0504; a cafetera or
// coffee maker is also the stovetop 咖啡壶 of aluminium or steel (7615,
// 7323), not a frying pan of the same heading; instant black tea and tea
// extracts are the 速溶 powders of 2101, not leaf tea; green Sichuan
// pepper is 青花椒 (0910), not black pepper; jelly in mini cups is
// 果冻 in 迷你杯, not a mug; asparagus beans are 豇豆; propolis is 蜂胶;
// paper plates are the 纸盘 of 4823; bistecchiere and grill pans are
// 煎盘, not moka pots; round grain is japonica 粳米; spaghetti istantanei
// are instant noodles (方便面), not dried 挂面; a scallion and pork-rib
// flavour is 葱 and 排骨; paddles are 桨; a Swiss roll is 瑞士卷.
func TestLexiconRowsOfRound8(t *testing.T) {
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
		{"Salted pork casings", "盐渍猪肠衣（猪小肠，分路）", "0504000090", true},
		{"Natural casings", "冷冻猪肉（分割）", "0203299000", false},
		{"Cafetera / coffee maker", "铝制咖啡壶（意式摩卡壶，6杯）", "7615109000", true},
		{"Cafetera / coffee maker", "铝制煎锅（不粘涂层）", "7615109000", false},
		{"Instant black tea extract powder", "速溶红茶粉（红茶提取物）", "2101200000", true},
		{"Instant black tea extract powder", "红茶（散装，碎茶）", "0902409000", false},
		{"Dried Sichuan Green Pepper", "干青花椒（藤椒，整粒）", "0910990000", true},
		{"Dried Sichuan Green Pepper", "黑胡椒粉（500克/袋）", "0904220000", false},
		{"Jelly candy in mini cups", "魔芋果冻（迷你杯装，什锦水果味）", "2106909090", true},
		{"Jelly candy in mini cups", "密胺马克杯（带把，印花，300毫升）", "3924100000", false},
		{"Asparagus beans", "速冻豇豆（长豆角，切段）", "0710220000", true},
		{"Propolis extract", "蜂胶液（蜂胶提取物，30毫升/瓶）", "0410900000", true},
		{"Paper plate", "一次性纸盘（9英寸，淋膜）", "4823690000", true},
		{"Paper plate", "密胺盘（10英寸）", "3924100000", false},
		{"Bistecchiere in alluminio con rivestimento in PTFE", "铝制牛排煎盘（不粘涂层，带条纹）", "7615109000", true},
		{"Bistecchiere in alluminio con rivestimento in PTFE", "铝制咖啡壶（意式摩卡壶，6杯）", "7615109000", false},
		{"Round grain", "粳米（珍珠米，精白，25公斤/袋）", "1006300000", true},
		{"Round grain", "鸡蛋挂面（500克/袋）", "1902190000", false},
		{"SPAGHETTI ISTANTANEI", "方便面（葱烧排骨味，油炸面饼）", "1902300000", true},
		{"SPAGHETTI ISTANTANEI", "挂面（干面条，500克/袋）", "1902190000", false},
		{"Paddles sold with stand-up paddleboards", "桨板桨（铝合金，三节可调）", "9506290000", true},
		{"Rain Swiss Roll (Banana Flavor)", "瑞士卷（香蕉味）", "1905909000", true},
		{"Rain Swiss Roll (Banana Flavor)", "雨衣（PVC，成人）", "3926209000", false},
	} {
		got, ok := fits(c.text, c.name, c.hs)
		if ok != c.fit {
			t.Errorf("%q against %s under %s: fits %v (%s), want %v", c.text, c.name, c.hs, ok, got, c.fit)
		}
	}
}

// TestInstantNoodlesPreferInstantLine: an Italian notification of
// "spaghetti istantanei" with a scallion and braised-rib flavour, found in
// Italy, is the instant-noodle maker's whose flavour it names, not the
// dried-noodle maker's that shipped there in the same weeks.
func TestInstantNoodlesPreferInstantLine(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某市某食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某县某挂面有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-01-01"), ConsignorUSCC: "U1", HSCode: "1902300000", Name: "方便面（葱烧排骨味，油炸面饼）", Destination: "IT"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-01-22"), ConsignorUSCC: "U2", HSCode: "1902190000", Name: "挂面（干面条，500克/袋）", Destination: "IT"},
	}
	n := Notification{Ref: "r1", Product: "SPAGHETTI ISTANTANEI “SCALLION BRAISED RIBS NOODLE WITH SHALLOT FLAVOR”", Category: "other-food",
		Market: "IT", Origin: "CN", Date: dayOf("2024-03-04")}
	n.Words = n.Product
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold {
		t.Errorf("the instant-noodle maker scores %.3f: %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if c, ok := got["U2"]; ok && c.Score >= Threshold {
		t.Errorf("the dried-noodle maker is proposed (%.3f): %+v", c.Score, c.Evidence)
	}
}

// TestBrandRomanNumeral: a brand ending in a Roman numeral of two letters
// or more is also read with the number in digits, on either side ("Stimuloid
// II" = STIMULOID 2, "Turbo 3" = TURBO III); a lone I, V or X stays a
// letter, and a numeral inside the name is left alone.
func TestBrandRomanNumeral(t *testing.T) {
	for _, c := range []struct {
		brand, form string
		want        bool
	}{
		{"Stimuloid II", "stimuloid2", true},
		{"STIMULOID 2", "stimuloid2", true},
		{"TURBO III", "turbo3", true},
		{"Power IX", "power9", true},
		{"Malcolm X", "malcolm10", false},
		{"Brand V", "brand5", false},
		{"II Fratelli", "2fratelli", false},
	} {
		got := brandForms(c.brand)
		if slices.Contains(got, c.form) != c.want {
			t.Errorf("brandForms(%q) = %v: holds %s %v, want %v", c.brand, got, c.form, !c.want, c.want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "耒阳市某生物科技有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2010-03-22"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "草本胶囊（男性，60粒/瓶）", Brand: "STIMULOID 2", Destination: "US"}}
	n := Notification{Ref: "r1", Product: "Dietary Supplement", Brand: "Ejaculoid XXTREME, Stimuloid II", Words: "Ejaculoid XXTREME, Stimuloid II Dietary Supplement",
		Market: "US", Date: dayOf("2010-07-28")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold {
		t.Errorf("the STIMULOID 2 maker scores %.3f: %+v", got["U1"].Score, got["U1"].Evidence)
	}
}

// TestPhraseWithSlips: a phrase of the lexicon typed with a slip in its
// words ("Mini sping roles") is read as that phrase when each slipped word
// is four letters or more, unknown to the lexicon, the nomenclature and
// the stop words, and one slip from the phrase's word; short words ("rols")
// and words two slips away are not.
func TestPhraseWithSlips(t *testing.T) {
	lx := mustReference().lex
	for _, c := range []struct {
		text, want string
	}{
		{"Mini sping roles", "spring roll"},
		{"frozen sprin rolls", "spring roll"},
		{"frozen spring rols", ""},
		{"Mini spring rolls", "spring roll"},
		{"spring rollers", ""},
		{"sing roles", ""},
		{"spring", ""},
	} {
		got := ""
		for _, term := range lx.Find(productText(c.text)) {
			if term.Term == "spring roll" {
				got = term.Term
			}
		}
		if got != c.want {
			t.Errorf("%q: found %q, want %q (%v)", c.text, got, c.want, lx.Find(productText(c.text)))
		}
	}
}

// TestHyphenModelWithBrandSpeltAlike: a model written as capitalised words
// joined by a hyphen ("J-Cup") is the declared J CUP when the text names
// the line's brand spelt alike ("Rogue Fitness" for ROUGE FITNESS); the
// same model without the brand, or in lower case, is not a model.
func TestHyphenModelWithBrandSpeltAlike(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湘潭市某体育器材有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2010-04-12"), ConsignorUSCC: "U1", HSCode: "9506910000", Name: "杠铃架挂钩（J型，钢制，带护垫）",
		Brand: "ROUGE FITNESS", Model: "J CUP", Destination: "US"}}
	ix := NewIndex(es, ls)
	for _, c := range []struct {
		product, words string
		model          bool
	}{
		{"Rogue Fitness Barbell Brackets", "This recall involves Rogue Fitness J-Cup brackets used to hold barbells on weightlifting racks.", true},
		{"Barbell Brackets", "This recall involves J-Cup brackets used to hold barbells on weightlifting racks.", false},
		{"Rogue Fitness Barbell Brackets", "This recall involves Rogue Fitness j-cup brackets used to hold barbells.", false},
	} {
		n := Notification{Ref: "r1", Product: c.product, Words: c.product + " " + c.words, Market: "US", Date: dayOf("2011-04-12")}
		got := byUSCC(ix.Match(n, 0))
		if _, ok := evidenceOf(got["U1"], "model"); ok != c.model {
			t.Errorf("%q: model evidence %v, want %v: %+v", c.words, ok, c.model, got["U1"].Evidence)
		}
		if c.model && got["U1"].Score < Threshold {
			t.Errorf("%q: the bracket maker scores %.3f", c.words, got["U1"].Score)
		}
	}
}

// TestExtractIsNotTheLeaf: an alert about a plant's extract ("Green tea
// extract") found in Germany is not about the leaf tea a firm shipped
// there: the leaves, declared under 0902 with no word of an extract, are
// of its kind only by their heading, and are not proposed; the extract
// declared under 1302 is.
func TestExtractIsNotTheLeaf(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "安化县某茶业有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙县某植物提取有限公司"}}
	leaf := Line{Declaration: "D1", DeclaredAt: dayOf("2022-11-28"), ConsignorUSCC: "U1", HSCode: "0902109000", Name: "绿茶（散装，炒青）", Destination: "DE"}
	ext := Line{Declaration: "D2", DeclaredAt: dayOf("2022-11-14"), ConsignorUSCC: "U2", HSCode: "1302199099", Name: "绿茶提取物（茶多酚98%）", Destination: "DE"}
	n := Notification{Ref: "r1", Product: "Green tea extract", Words: "Green tea extract", Category: "cocoa-coffee-tea", Market: "DE", Origin: "CN", Date: dayOf("2023-01-16")}
	got := byUSCC(NewIndex(es, []Line{leaf}).Match(n, 0))
	if c, ok := got["U1"]; ok && c.Score >= Threshold {
		t.Errorf("the leaf tea exporter is proposed for an extract (%.3f): %+v", c.Score, c.Evidence)
	}
	got = byUSCC(NewIndex(es, []Line{leaf, ext}).Match(n, 0))
	if got["U2"].Score < Threshold {
		t.Errorf("the extract maker scores %.3f: %+v", got["U2"].Score, got["U2"].Evidence)
	}
	// Leaves are leaves when the alert says so.
	n.Product, n.Words = "Green tea", "Green tea"
	got = byUSCC(NewIndex(es, []Line{leaf}).Match(n, 0))
	if got["U1"].Score < Threshold {
		t.Errorf("the leaf tea exporter scores %.3f for green tea: %+v", got["U1"].Score, got["U1"].Evidence)
	}
}

// TestInstantIsNotDried: an alert about instant noodles found in Italy is
// not about the dried noodles (挂面) a firm shipped there, though "instant
// noodle" fits any 面 of 1902: with no word of instant food in its name,
// the line's shipment counts by its heading only; the instant noodles
// (方便面) are proposed, in English or Italian.
func TestInstantIsNotDried(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某县某挂面有限公司"}, {ID: 2, USCC: "U2", NameZh: "某市某食品有限公司"}}
	dried := Line{Declaration: "D1", DeclaredAt: dayOf("2024-01-22"), ConsignorUSCC: "U1", HSCode: "1902190000", Name: "挂面（干面条，500克/袋）", Destination: "IT"}
	inst := Line{Declaration: "D2", DeclaredAt: dayOf("2024-01-01"), ConsignorUSCC: "U2", HSCode: "1902300000", Name: "方便面（红烧牛肉味）", Destination: "IT"}
	for _, product := range []string{"Instant noodles", "Noodles istantanei"} {
		n := Notification{Ref: "r1", Product: product, Words: product, Category: "other-food", Market: "IT", Origin: "CN", Date: dayOf("2024-03-04")}
		got := byUSCC(NewIndex(es, []Line{dried}).Match(n, 0))
		if c, ok := got["U1"]; ok && c.Score >= Threshold {
			t.Errorf("%q: the dried-noodle exporter is proposed (%.3f): %+v", product, c.Score, c.Evidence)
		}
		got = byUSCC(NewIndex(es, []Line{dried, inst}).Match(n, 0))
		if got["U2"].Score < Threshold {
			t.Errorf("%q: the instant-noodle maker scores %.3f: %+v", product, got["U2"].Score, got["U2"].Evidence)
		}
	}
	if !notInstant(&prepared{Line: dried, hs: onlyDigits(dried.HSCode)}) || notInstant(&prepared{Line: inst, hs: onlyDigits(inst.HSCode)}) {
		t.Error("notInstant reads 挂面 and 方便面 wrong")
	}
	if notInstant(&prepared{Line: Line{Name: "瞬干胶（20克）", HSCode: "3506100000"}, hs: "3506100000"}) {
		t.Error("a glue is read as food")
	}
}

// TestPluralOfF: the English plurals of a final f or fe written ves meet
// their singular (knives: knife, leaves: leaf), so that "table knives"
// finds the knife term and "lotus leaves" the lotus leaf; other plurals
// in -ves keep the stripped s (gloves: glove, olives: olive).
func TestPluralOfF(t *testing.T) {
	for w, want := range map[string]string{"knives": "knife", "leaves": "leaf", "shelves": "shelf", "gloves": "glove", "olives": "olive", "knife": "knife"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
	lx := mustReference().lex
	for text, term := range map[string]string{"set of 6 table knives": "knife", "Dried lotus leaves": "lotus leaf"} {
		found := false
		for _, x := range lx.Find(productText(text)) {
			found = found || x.Term == term
		}
		if !found {
			t.Errorf("%q: %s not found", text, term)
		}
	}
}
