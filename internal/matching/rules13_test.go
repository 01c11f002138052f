package matching

import (
	"slices"
	"strings"
	"testing"
)

// twoShippers are two firms that shipped goods of one heading to one
// country weeks before a notification that names no firm: a and b are the
// names of their lines.
func twoShippers(hs, a, b, dest, dayA, dayB string) ([]Enterprise, []Line) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf(dayA), ConsignorUSCC: "U1", HSCode: hs, Name: a, Destination: dest},
		{Declaration: "D2", DeclaredAt: dayOf(dayB), ConsignorUSCC: "U2", HSCode: hs, Name: b, Destination: dest},
	}
	return es, ls
}

// proposesFirstOnly matches n against the two shippers and checks that
// the first (U1) is proposed and the second (U2) is not.
func proposesFirstOnly(t *testing.T, what string, es []Enterprise, ls []Line, n Notification) map[string]Candidate {
	t.Helper()
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("%s: %.3f %s; %.3f %s", what, got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	return got
}

// TestOwnWordBeatsSharedWord: "Paprika powder" against two firms that
// shipped pepper powder to Slovenia in the usual lag: 红椒粉（甜椒粉） is named
// in a word only paprika is called by, 辣椒粉 in one chilli powder is called
// by too, so the first is proposed and the second, said why, is not; with
// both lines named 辣椒粉 neither is (decide by hand).
func TestOwnWordBeatsSharedWord(t *testing.T) {
	n := Notification{Ref: "p", Product: "Paprika powder", Category: "herbs-spices", Origin: "CN", Market: "SI", Date: dayOf("2023-04-03"),
		Hazard: "Salmonella spp. - pathogenic micro-organisms"}
	es, ls := twoShippers("0904220000", "红椒粉（甜椒粉）", "辣椒粉", "SI", "2023-01-30", "2023-03-06")
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold || !strings.Contains(evidenceText(got["U2"]), "only the alert's goods are called by") {
		t.Errorf("甜椒粉 against 辣椒粉: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	es, ls = twoShippers("0904220000", "辣椒粉（细粉）", "辣椒粉", "SI", "2023-01-30", "2023-03-06")
	got = byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score >= Threshold || got["U2"].Score >= Threshold || !strings.Contains(evidenceText(got["U1"]), "decide by hand") {
		t.Errorf("辣椒粉 twice: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
}

// TestSharedWordsOfTheLexicon: a word two terms of different words list is
// shared; the words a translation copies from its English row are not.
func TestSharedWordsOfTheLexicon(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("term,lang,zh,hs,source\npaprika,en,辣椒|甜椒粉|辣椒粉,0904,sg\nchilli powder,en,辣椒粉|辣椒面,0904,trade\npimenton,es,辣椒|甜椒粉|辣椒粉,0904,tr\n"),
		func(h string) bool { return h == "0904" })
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{"辣椒粉": true, "甜椒粉": false, "辣椒": false, "辣椒面": false} {
		if lx.shared[w] != want {
			t.Errorf("%s shared: %v, want %v", w, lx.shared[w], want)
		}
	}
}

// TestVolatileOrganicConstituentsAreSilicones: "set of kitchen tools" with
// volatile organic constituents migrating, against a silicone set and a
// nylon set both shipped to Spain: the hazard is silicone's (the overall
// limit of BfR recommendation XV; RASFF notifies it on silicone goods), so
// the silicone set's maker is proposed and the nylon one's is not.
func TestVolatileOrganicConstituentsAreSilicones(t *testing.T) {
	n := Notification{Ref: "v", Product: "set of kitchen tools", Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2020-03-05"),
		Hazard: "migration of volatile organic constituents"}
	es, ls := twoShippers("3924100000", "硅胶厨具套装（铲、勺、夹）", "尼龙厨具套装", "ES", "2020-01-13", "2019-12-30")
	proposesFirstOnly(t, "silicone against nylon", es, ls, n)
	ms := mustReference().materials.Find("Volatile organic constituents - high content of - migration")
	if len(ms) != 1 || !strings.Contains(strings.Join(ms[0].Zh, "|"), "硅胶") {
		t.Errorf("volatile organic constituents: %v", ms)
	}
}

// TestLexiconRowsOfRound16: the rows added after eval20's first run —
// lidded cups are 带盖 ones (not any ceramic mug), a take-away mug is a
// 随手杯, kids' dinnerware is 儿童餐具 (not a 16-piece ceramic set), noodles
// with sauces are 拌面, pomeloes are pomelos and a purple sweet potato is
// a 紫薯.
func TestLexiconRowsOfRound16(t *testing.T) {
	checkFits(t, []fitCase{
		{"Lidded cups", "带盖塑料杯（PP）", "3924100000", true},
		{"Lidded cups", "陶瓷马克杯", "6912001000", false},
		{"Take away mug", "随手杯（PP，带盖）", "3924100000", true},
		{"Kids Dinnerware Sets", "儿童餐具套装（盘、碗、杯、叉勺）", "3924100000", true},
		{"Kids Dinnerware Sets", "陶瓷餐具套装（16件）", "6912001000", false},
		{"Noodles con salse/noodles with sauces", "拌面（附酱料包）", "1902300000", true},
		{"pomeloes", "沙田柚", "0805400000", true},
		{"purple sweet potatoes", "鲜紫薯（10千克/箱）", "0714200000", true},
	})
	for w, want := range map[string]string{"pomeloes": "pomelo", "tomatoes": "tomato", "shoes": "shoe", "toes": "toe"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestDriedProduce: an alert that says its fruit or vegetables are dried
// ("Dried pears", German "Birnen, getrocknet") finds them under the dried
// headings (梨干 under 0813); without the word, 梨干 is another product
// than a fresh pear, and dried forms are made only for fresh produce.
func TestDriedProduce(t *testing.T) {
	checkFits(t, []fitCase{
		{"Dried pears", "梨干（熏硫）", "0813400000", true},
		{"Pears", "梨干（熏硫）", "0813400000", false},
		{"Dehydrated sweet peppers", "脱水彩椒片", "0712900000", true},
	})
	lx := mustReference().lex
	for term, dried := range map[string]string{"pear": "0813", "sweet pepper": "0712"} {
		tm := lx.terms[term]
		if tm == nil || tm.asDried == nil || !slices.Contains(tm.asDried.Headings, dried) || slices.Contains(tm.Headings, dried) {
			t.Errorf("%s: %+v", term, tm)
		}
	}
	if tm := lx.terms["mug"]; tm == nil || tm.asDried != nil {
		t.Errorf("mug has a dried form: %+v", tm)
	}
}

// TestEightDigitsOfATariffAreNoBarcode: RASFF lists Combined Nomenclature
// codes of eight digits ("Tea (09023000)"), one of which has a GTIN-8's
// right check digit; read as a barcode it made the notification name its
// goods, so that no shipment to Poland counted. Eight digits after a
// barcode word, or whose first four are no heading, are still read.
func TestEightDigitsOfATariffAreNoBarcode(t *testing.T) {
	if got := GTINsIn("Tea (09021000), (09022000), (09023000), (09024000)"); len(got) != 0 {
		t.Errorf("tariff codes read as barcodes: %v", got)
	}
	if got := GTINsIn("EAN-8 09023000"); len(got) != 1 {
		t.Errorf("an EAN-8 after its word: %v", got)
	}
	if got := GTINsIn("article 96385074"); len(got) != 1 {
		t.Errorf("eight digits of no heading (9638): %v", got)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "安化县某茶业有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2020-08-17"), ConsignorUSCC: "U1", HSCode: "0902409000", Name: "茶叶（绿茶、红茶、黑茶组合装）", Destination: "PL"}}
	n := Notification{Ref: "t", Product: "Tea (09021000), (09022000), (09023000), (09024000)", Category: "cocoa-coffee-tea", Origin: "CN", Market: "PL", Date: dayOf("2020-10-19")}
	if c := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; c.Score < Threshold {
		t.Errorf("the only tea shipped to Poland: %.3f %s", c.Score, evidenceText(c))
	}
}

// TestCPSCAndFirmAnnounceRecall: the oldest CPSC titles read "CPSC And
// Torpedo Announce Dolphin Baby Float Recall": the recalling firm is read,
// with the goods' name between "Announce" and "Recall".
func TestCPSCAndFirmAnnounceRecall(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "岳阳市某橡塑制品有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("1994-07-18"), ConsignorUSCC: "U1", HSCode: "9506290000", Name: "婴儿游泳浮座（海豚造型）", Brand: "TORPEDO", Destination: "US"}}
	ix := NewIndex(es, ls)
	for text, want := range map[string]bool{
		"CPSC And Torpedo Announce Dolphin Baby Float Recall":     true,
		"CPSC, Torpedo Announce Recall of Baby Floats":            true,
		"Torpedo Announces Recall":                                true,
		"Baby floats sold by Torpedo stores; recall announced":    false,
		"CPSC And Consumers Announce Safety Week; Torpedo floats": false,
	} {
		if got := ix.recallerBrands(text)["torpedo"]; got != want {
			t.Errorf("recallerBrands(%q): torpedo %v, want %v", text, got, want)
		}
	}
	n := Notification{Ref: "95123", Product: "Dolphin Baby Float baby flotation devices", Words: "CPSC And Torpedo Announce Dolphin Baby Float Recall", Market: "US", Date: dayOf("1995-05-26")}
	if c := byUSCC(ix.Match(n, 0))["U1"]; c.Score < Threshold {
		t.Errorf("Torpedo's baby float: %.3f %s", c.Score, evidenceText(c))
	}
}

// TestABroaderWordMissedIsNoVariety: "Vajilla-cups made from bamboo
// fibres, melamine and maize starch" against 竹纤维杯（竹粉、密胺、玉米淀粉）:
// the line lacks 餐具 (vajilla, tableware), a word as broad as the cup,
// not a variety of it, so the line is no other variety of the alert's
// goods (a mug) and its shipment counts fully; a line lacking a narrower
// word the alert names still is one (black tea for oolong).
func TestABroaderWordMissedIsNoVariety(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "岳阳县某环保餐具有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2021-03-22"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维杯（竹粉、密胺、玉米淀粉）", Destination: "ES"}}
	n := Notification{Ref: "v", Product: "Vajilla-cups made from a mix of bamboo fibres, melamine and maize starch", Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2021-05-18")}
	c := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]
	if m, ok := evidenceOf(c, "market"); !ok || m.Strength < 1 || c.Score < Threshold {
		t.Errorf("the bamboo-fibre cups: %.3f %s", c.Score, evidenceText(c))
	}
	lx := mustReference().lex
	l := &prepared{Line: Line{Name: "红茶（散装）", HSCode: "0902300000"}, hs: "0902300000", heading: "0902"}
	alert := lx.Find("oolong tea")
	var fit []*Term
	for _, t := range alert {
		if _, ok := t.fitsLine(l); ok {
			fit = append(fit, t)
		}
	}
	if len(fit) == 0 || len(fit) == len(alert) || !lx.otherVariety(alert, fit, l) {
		t.Errorf("black tea for oolong tea: terms %d, fit %d", len(alert), len(fit))
	}
}

// TestTheShipmentThatFitsBest: of a firm's shipments to the notifying
// country of equal strength, the one whose name holds most of the alert's
// words is the one its evidence rests on (密胺餐具（盘、碗、托盘、杯） for
// "Dish, bowl, tray and glass", not a later 密胺杯), so that it is weighed
// fairly against a rival's.
func TestTheShipmentThatFitsBest(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "衡东县某密胺制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2021-08-23"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "密胺餐具（盘、碗、托盘、杯）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: dayOf("2021-08-30"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "密胺碗", Destination: "ES"},
	}
	n := Notification{Ref: "d", Product: "Dish, bowl, tray and glass", Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2021-10-11")}
	c := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]
	if c.marketFit < 0.5 || !strings.Contains(evidenceText(c), "2021-08-23") {
		t.Errorf("the shipment it rests on: fit %.2f, %s", c.marketFit, evidenceText(c))
	}
}

// TestLexiconRowsOfRound17: the rows added after eval21's first run.
func TestLexiconRowsOfRound17(t *testing.T) {
	checkFits(t, []fitCase{
		{"Sprinkles", "彩色糖针（烘焙装饰糖）", "1704909000", true},
		{"3 piece tool set", "尼龙厨具三件套（锅铲、汤勺、漏勺）", "3924100000", true},
		{"5 piece bamboo tableware set", "竹制餐具五件套（碗、盘、勺、叉、筷）", "4419909000", true},
		{"Herbal infusion", "莓茶（显齿蛇葡萄叶）", "1211909990", true},
		{"Condiment", "鸡精调味料", "2103909000", true},
		{"Pomegranate extract", "石榴皮提取物", "1302199099", true},
		{"Brown Rice Noodles, Pumpkin Ginger & Brown Rice Noodles", "糙米面（原味、南瓜生姜味、海带味）", "1902190000", true},
		{"Nashi Peren", "鲜梨（翠冠梨）", "0808300000", true},
		{"Dolphin Baby Float baby flotation devices", "婴儿游泳浮座（海豚造型）", "9506290000", true},
	})
}
