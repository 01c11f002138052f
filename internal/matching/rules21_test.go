package matching

import (
	"strings"
	"testing"
)

// Rounds 74 onwards (third session of 2026-12-07, on the misses of the
// blind sets eval101–eval106); each rule checked on its own here, away
// from the sets.

// TestFoodColour: an alert about food that gives its goods a colour
// ("Dried green jalapeño") finds the firm whose line of them is of that
// colour (青辣椒干) over one whose line is of another (红辣椒干); a single
// firm whose only line is of another colour is of the alert's kind only
// by heading, below the threshold; a colour a lexicon term holds ("black
// tea", 红茶) is the term's, not a colour of the goods.
func TestFoodColour(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲农产品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙干货有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-07-08"), ConsignorUSCC: "U1", HSCode: "0904210000", Name: "青辣椒干（墨西哥辣椒）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-05-27"), ConsignorUSCC: "U2", HSCode: "0904210000", Name: "红辣椒干（朝天椒）", Destination: "ES"},
	}
	n := Notification{Ref: "2024.6716", Product: "DRIED GREEN JALAPEÑO", Words: "DRIED GREEN JALAPEÑO", Category: "fruits-vegetables",
		Origin: "CN", Market: "ES", Date: dayOf("2024-09-06"), Hazard: "Chlorfenapyr - unauthorised substance - pesticide residues"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Fatalf("green %.3f, red %.3f; want only the green proposed\n%s", got["U1"].Score, got["U2"].Score, evidenceText(got["U2"]))
	}
	if ev, _ := evidenceOf(got["U2"], "market"); !strings.Contains(ev.Detail, "另一颜色") {
		t.Errorf("the red chillies' firm is not told why: %s", evidenceText(got["U2"]))
	}
	// The red chillies alone: of the kind only by heading.
	alone := byUSCC(NewIndex(es, ls[1:]).Match(n, 0))
	if ev, _ := evidenceOf(alone["U2"], "market"); alone["U2"].Score >= Threshold || !strings.Contains(ev.Detail, "另一颜色") {
		t.Errorf("red chillies alone: %.3f %s", alone["U2"].Score, evidenceText(alone["U2"]))
	}
	if c := alertColours("Large black speckled kidney beans", nil); len(c) != 1 || foodColours[c[0]].zh != "黑乌" {
		t.Errorf("colours of black kidney beans: %v", c)
	}
	lx := mustReference().lex
	if c := alertColours("Black tea", lx.Find("Black tea")); len(c) != 0 {
		t.Errorf("black tea's colour read as the goods': %v", c)
	}
	if colourAgree([]int{2}, lx.Find("kidney beans"), &prepared{Line: Line{Name: "红芸豆（英国红）"}}) != -1 ||
		colourAgree([]int{2}, lx.Find("kidney beans"), &prepared{Line: Line{Name: "黑花芸豆（大粒）"}}) != 1 ||
		colourAgree([]int{2}, lx.Find("kidney beans"), &prepared{Line: Line{Name: "芸豆"}}) != 0 {
		t.Error("kidney beans' colours")
	}
}

// TestNarrowerKind: a line of a narrower kind of the alert's goods — a
// lexicon term holding all the alert's terms' words and more, naming the
// same goods' word (竹纤维儿童餐具, "children's bamboo tableware", for
// "Bamboo Tableware Set") — is the alert's goods: its words fit, and its
// shipment to the notifying country counts whole. "ice cube tray" holds
// "ice cube" but names a tray: no narrower kind of ice cubes.
func TestNarrowerKind(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲环保餐具有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2023-06-26"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维儿童餐具五件套（碗、盘、杯、叉、勺）", Destination: "MT"}}
	n := Notification{Ref: "2023.5670", Product: "Bamboo Tableware Set", Words: "Bamboo Tableware Set", Category: "food-contact-materials",
		Origin: "CN", Market: "MT", Date: dayOf("2023-08-22")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]
	if ev, ok := evidenceOf(got, "market"); got.Score < Threshold || !ok || ev.Strength != 1 || !strings.Contains(evidenceText(got), "children's bamboo tableware ~ 竹纤维儿童餐具") {
		t.Errorf("children's bamboo tableware for a bamboo tableware set: %.3f %s", got.Score, evidenceText(got))
	}
	lx := mustReference().lex
	tray := &prepared{Line: Line{Name: "硅胶冰格（15格）", HSCode: "3924100000"}, hs: "3924100000"}
	if u, _ := lx.narrowerFit(lx.Find("Reusable ice cubes"), tray); u != nil {
		t.Errorf("an ice cube tray read as ice cubes through %q", u.Term)
	}
}

// TestLexiconRound76: lexicon rows of the round — Spanish pimienta is
// pepper (胡椒), pimienta roja a chilli; peanuts in shell, pea pods,
// luteine, the Latin genus Actinidia (猕猴桃), amylases; and glucoamylase
// (糖化酶) is another enzyme than alpha-amylase: a firm that sent France
// glucoamylase and its alpha-amylase elsewhere is not proposed for
// France's "Alpha-amylase enzyme".
func TestLexiconRound76(t *testing.T) {
	lx := mustReference().lex
	zh := func(q string) string {
		var out []string
		for _, t := range lx.Find(q) {
			out = append(out, t.Zh...)
		}
		return strings.Join(out, "|")
	}
	for q, want := range map[string]string{"PIMIENTA TRITURADA": "胡椒", "pimienta roja": "红辣椒", "Peanut in shell": "带壳花生", "Frozen pea pods": "荷兰豆",
		"Luteine powder": "叶黄素", "Actinidia glaucophylla extract": "猕猴桃", "Alpha-amylase enzyme": "α-淀粉酶"} {
		if got := zh(q); !strings.Contains(got, want) {
			t.Errorf("%s reads %q; want %s in it", q, got, want)
		}
	}
	if got := zh("PIMIENTA TRITURADA"); strings.Contains(got, "辣椒") {
		t.Errorf("pimienta reads as chilli: %s", got)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲生物科技有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-11-09"), ConsignorUSCC: "U1", HSCode: "3507909000", Name: "糖化酶（液体，食品级）", Destination: "FR"},
		{Declaration: "D2", DeclaredAt: dayOf("2020-10-12"), ConsignorUSCC: "U1", HSCode: "3507909000", Name: "α-淀粉酶（耐高温，液体）", Destination: "BR"},
	}
	n := Notification{Ref: "2020.6004", Product: "Alpha-amylase enzyme", Words: "Alpha-amylase enzyme", Category: "food-additives-flavourings",
		Origin: "CN", Market: "FR", Date: dayOf("2020-12-23"), Hazard: "Genetically modified - unauthorised - GMO / novel food"}
	if got := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; got.Score >= Threshold {
		t.Errorf("glucoamylase to France proposed for alpha-amylase: %.3f %s", got.Score, evidenceText(got))
	}
}

// TestHSTextOnlyIsHeadingOnly: a line that fits an alert only by the
// words of its HS code's text (罗汉果提取物 under 1302.19, "Vegetable saps
// and extracts", for "Ginkgo Biloba Extract"), none of the words the alert
// names its goods by, is of the alert's kind only by heading: the firm
// that shipped ginkgo extract there is proposed, the monk-fruit extract's
// firm is not, and not when alone either.
func TestHSTextOnlyIsHeadingOnly(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲生物科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙生物制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-03-21"), ConsignorUSCC: "U1", HSCode: "1302199099", Name: "银杏叶提取物（粉末，总黄酮24%）", Destination: "NL"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-04-04"), ConsignorUSCC: "U2", HSCode: "1302199099", Name: "罗汉果提取物（粉末）", Destination: "NL"},
	}
	n := Notification{Ref: "2022.2900", Product: "Ginkgo Biloba Extract", Words: "Ginkgo Biloba Extract", Category: "dietetic-foods",
		Origin: "CN", Market: "NL", Date: dayOf("2022-05-17"), Hazard: "Mercury - heavy metals"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Fatalf("ginkgo %.3f, monk fruit %.3f\n%s", got["U1"].Score, got["U2"].Score, evidenceText(got["U2"]))
	}
	alone := byUSCC(NewIndex(es, ls[1:]).Match(n, 0))["U2"]
	if ev, _ := evidenceOf(alone, "market"); alone.Score >= Threshold || !strings.Contains(ev.Detail, "仅 HS 品名") {
		t.Errorf("monk fruit extract alone: %.3f %s", alone.Score, evidenceText(alone))
	}
}

// TestNinebotChineseName: 九号 is the name Segway-Ninebot sells under in
// China: children's bicycle helmets declared 九号 are Segway's "Ninebot
// Children's Bicycle Helmets", and the evidence says whose Chinese name
// the brand is; another firm's helmets of no brand are not proposed.
func TestNinebotChineseName(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲安全防护用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙头盔有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2021-11-22"), ConsignorUSCC: "U1", HSCode: "6506100000", Name: "儿童自行车头盔（XS码，橙白）", Brand: "九号", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2021-10-11"), ConsignorUSCC: "U2", HSCode: "6506100000", Name: "儿童自行车头盔", Brand: "无品牌", Destination: "US"},
	}
	n := Notification{Ref: "22107", Product: "Ninebot Children's Bicycle Helmets", Manufacturer: "Segway", Origin: "CN", Market: "US", Date: dayOf("2022-03-24"),
		Words: "Segway Recalls Ninebot Children's Bicycle Helmets Due to Risk of Head Injury. Ninebot is printed on the sides of the helmet."}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if ev, ok := evidenceOf(got["U1"], "brand"); got["U1"].Score < Threshold || !ok || !strings.Contains(ev.Detail, "九号 为") {
		t.Errorf("九号 helmets: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
	if got["U2"].Score >= Threshold {
		t.Errorf("helmets of no brand proposed: %.3f", got["U2"].Score)
	}
}

// TestGoodsBeforeTheirPieces: of two firms that shipped the alert's kind
// to the notifying country, the one whose declared name names the alert's
// goods (密胺碗 for "Melamine bowls") is kept over one that lists them only
// among the pieces of a set (儿童密胺餐具（碗、盘、杯）), saying why; a
// bracket of other words (皮蛋（松花蛋，鸭蛋）) is part of the name.
func TestGoodsBeforeTheirPieces(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲塑胶制品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙密胺制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-01-22"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "密胺碗（6寸）", Destination: "IT"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-02-05"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "儿童密胺餐具（碗、盘、杯）", Destination: "IT"},
	}
	n := Notification{Ref: "2024.1581", Product: "Melamine bowls", Words: "Melamine bowls", Category: "food-contact-materials",
		Origin: "CN", Market: "IT", Date: dayOf("2024-03-05"), Hazard: "Melamine - migration - migration"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Fatalf("bowls %.3f, a set with bowls %.3f", got["U1"].Score, got["U2"].Score)
	}
	if ev, _ := evidenceOf(got["U2"], "shared-market"); !strings.Contains(ev.Detail, "括注") {
		t.Errorf("the set's firm is not told why: %s", evidenceText(got["U2"]))
	}
	for name, want := range map[string]string{"儿童密胺餐具（碗、盘、杯）": "儿童密胺餐具", "皮蛋（松花蛋，鸭蛋）": "皮蛋（松花蛋，鸭蛋）", "竹碗（4只装）(碗、勺)": "竹碗（4只装）"} {
		if got := listsOut(name); got != want {
			t.Errorf("listsOut(%s) = %s, want %s", name, got, want)
		}
	}
}

// TestMiniHelmet: a collectible mini helmet (迷你赛车头盔摆件, a resin
// model) is the goods of Riddell's "Collectible Mini Helmets" recall, not
// the brand's full-size football helmets, which count as goods of another
// heading.
func TestMiniHelmet(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲工艺品有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙体育用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2007-03-26"), ConsignorUSCC: "U1", HSCode: "3926400000", Name: "树脂迷你赛车头盔摆件（收藏品，15厘米，彩绘）", Brand: "RIDDELL", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2007-06-18"), ConsignorUSCC: "U2", HSCode: "6506100000", Name: "橄榄球头盔（成人，全尺寸）", Brand: "RIDDELL", Destination: "US"},
	}
	n := Notification{Ref: "08019", Product: `Collectible "Jeff Gordon" Mini Helmets`, Manufacturer: "Riddell", Origin: "CN", Market: "US", Date: dayOf("2007-10-11"),
		Words: "Riddell Recalls Collectible Mini Racing Helmets Due to Violation of Lead Paint Standard. The recalled product is a six-inch tall, collectible, miniature helmet."}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("mini helmet %.3f, football helmets %.3f\n%s", got["U1"].Score, got["U2"].Score, evidenceText(got["U2"]))
	}
}

// TestEnglishWordNotDecompounded: "lightweight", a word of English the
// dictionary's glosses write, is not read as "light" and "weight", so a
// harness recall's text names no lamp; a German compound still splits.
func TestEnglishWordNotDecompounded(t *testing.T) {
	lx := mustReference().lex
	for _, x := range lx.Find("This lightweight harness is designed for alpine climbs") {
		if x.Term == "light" {
			t.Errorf("lightweight read as %q", x.Term)
		}
	}
	if got := lx.decompound([]string{"bentobox"}); len(got) != 2 {
		t.Errorf("Bentobox read as %v", got)
	}
}

// TestHazardQualifierIsNoPart: the hazard's "federal safety standard for
// bicycle helmets" of a helmet recall names no faulty part: the brand's
// bicycle U-locks are not the recalled goods; "The brake equalizer rods
// can fail" still names one.
func TestHazardQualifierIsNoPart(t *testing.T) {
	lx := mustReference().lex
	helmet := lx.Find("Youth Helmets")
	if got := faultyParts(lx, "The recalled helmets do not comply with the U.S. CPSC federal safety standard for bicycle helmets, posing a risk of head injury.", helmet); len(got) != 0 {
		t.Errorf("parts of a helmet standard: %v", got[0].Term)
	}
	if got := faultyParts(lx, "The rear brake cable can fail, posing a fall hazard.", lx.Find("Mountain bicycles")); len(got) == 0 {
		t.Error("no faulty part in a brake cable hazard")
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲五金有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2021-02-15"), ConsignorUSCC: "U1", HSCode: "8301400000", Name: "自行车U型锁", Brand: "ABUS", Destination: "US"}}
	n := Notification{Ref: "22013", Product: "ABUS MountZ Youth Helmets", Manufacturer: "ABUS", Origin: "CN", Market: "US", Date: dayOf("2021-11-10"),
		Hazard: "The recalled helmets do not comply with the U.S. CPSC federal safety standard for bicycle helmets, posing a risk of head injury.",
		Words:  "ABUS Recalls Youth Helmets Due to Risk of Head Injury"}
	if got := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; got.Score >= Threshold {
		t.Errorf("ABUS U-locks for ABUS helmets: %.3f %s", got.Score, evidenceText(got))
	}
}

// TestSkiBindings: ski bindings are their own goods (固定器); the brand's
// ski bag (滑雪板包) is another product, not proposed for a bindings recall.
func TestSkiBindings(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲箱包有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2009-07-20"), ConsignorUSCC: "U1", HSCode: "4202920000", Name: "滑雪板包", Brand: "SALOMON", Destination: "US"}}
	n := Notification{Ref: "10045", Product: "Alpine Ski Bindings", Origin: "CN", Market: "US", Date: dayOf("2009-11-19"),
		Words: "Salomon USA Recalls Ski Bindings Due to Unexpected Release, Fall Hazard"}
	if got := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; got.Score >= Threshold {
		t.Errorf("a Salomon ski bag for Salomon bindings: %.3f %s", got.Score, evidenceText(got))
	}
}

// TestTrailerBicycle: a trailer bicycle (拖挂自行车) is its own kind of
// bicycle: the brand's city bicycles (城市自行车) are another variety, not
// proposed for a trailer-bicycle recall.
func TestTrailerBicycle(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲童车有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙自行车有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2006-11-20"), ConsignorUSCC: "U1", HSCode: "8712008900", Name: "儿童拖挂自行车（单轮，20寸，挂接成人自行车）", Brand: "NOVARA", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2007-01-22"), ConsignorUSCC: "U2", HSCode: "8712008900", Name: "城市自行车（26寸，7速）", Brand: "NOVARA", Destination: "US"},
	}
	n := Notification{Ref: "07578", Product: "Novara Afterburner Trailer Bicycles", Origin: "CN", Market: "US", Date: dayOf("2007-09-18"),
		Hazard: "The children's trailer bicycle can detach from the adult bicycle, posing a fall hazard to children.",
		Words:  "REI Recalls Children's Trailer Bicycles; Can Detach from Adult Bicycle and Injure Children"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("trailer bicycles %.3f, city bicycles %.3f\n%s", got["U1"].Score, got["U2"].Score, evidenceText(got["U2"]))
	}
}

// TestFoodForms: an alert about food that says its goods are diced or
// crushed, as well as a powder, meets declared names by their form (丁,
// 碎, 粉): a line of another form is of the alert's kind only by heading
// (甜椒粉 for "Diced paprika"), and the line of the alert's form is
// proposed (脱水红甜椒丁); 丁香 (cloves) is no dice, and goods other than
// food are read for a powder only.
func TestFoodForms(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲脱水蔬菜有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙香料有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-03-11"), ConsignorUSCC: "U1", HSCode: "0712909990", Name: "脱水红甜椒丁（10×10毫米）", Destination: "NL"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-03-18"), ConsignorUSCC: "U2", HSCode: "0904220000", Name: "甜椒粉", Destination: "NL"},
	}
	n := Notification{Ref: "2024.3491", Product: "Diced paprika", Words: "Diced paprika", Category: "fruits-vegetables",
		Origin: "CN", Market: "NL", Date: dayOf("2024-05-02"), Hazard: "Carbofuran - pesticide residues"}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Fatalf("diced %.3f, powder %.3f\n%s", got["U1"].Score, got["U2"].Score, evidenceText(got["U2"]))
	}
	alone := byUSCC(NewIndex(es, ls[1:]).Match(n, 0))["U2"]
	if ev, _ := evidenceOf(alone, "market"); alone.Score >= Threshold || !strings.Contains(ev.Detail, "另一形态") {
		t.Errorf("paprika powder alone: %.3f %s", alone.Score, evidenceText(alone))
	}
	if c := lineCuts(&prepared{Line: Line{Name: "丁香（整粒）"}}); len(c) != 0 {
		t.Errorf("cloves read as a form: %v", c)
	}
	if c := alertCuts("Hands can be crushed in the hinge", false); len(c) != 0 {
		t.Errorf("crushed read for goods other than food: %v", c)
	}
	if c := alertCuts("PIMIENTA TRITURADA", true); len(c) != 1 || cuts[c[0]].zh != "碎" {
		t.Errorf("pimienta triturada: %v", c)
	}
}
