package matching

import (
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/foreign"
	"riskgate/internal/signal"
)

// Round 48: foreign brands by their Chinese names, models the text calls
// models, initialisms as models, and the model that splits a shared brand;
// each rule checked on its own here, away from the sets.

// TestBrandNames: a foreign brand declared by the Chinese name its owner
// sells under in China (捷安特) is read as its English name (Giant); the
// evidence says so. A brand no table row names is read as before.
func TestBrandNames(t *testing.T) {
	for brand, want := range map[string]string{"捷安特": "giant", "禧玛诺": "shimano", "雅马哈": "yamaha", "沃尔玛": "walmart", "闪电": "specialized", "费雪": "fisherprice"} {
		if fs := brandForms(brand); !strings.Contains(" "+strings.Join(fs, " ")+" ", " "+want+" ") {
			t.Errorf("brandForms(%s) = %v, want %s among them", brand, fs, want)
		}
	}
	if fs := brandForms("湘骑"); strings.Contains(strings.Join(fs, " "), "giant") {
		t.Errorf("brandForms(湘骑) = %v", fs)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲减震器有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙减震器有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("1996-02-26"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "自行车避震前叉（26寸）", Brand: "捷安特", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("1996-03-04"), ConsignorUSCC: "U2", HSCode: "8714910000", Name: "自行车避震前叉（26寸）", Brand: "湘骑", Destination: "US"},
	}
	got := matchAll(t, NewIndex(es, ls), Notification{Ref: "g", Product: "Giant mountain bike suspension forks", Words: "Suspension Forks Recalled by Giant Bicycle", Market: "US", Date: dayOf("1996-12-20")})[0]
	c, ok := got["U1"]
	if !ok || len(got) != 1 {
		t.Fatalf("proposed %v, want the firm that declared 捷安特 alone", got)
	}
	if !strings.Contains(evidenceText(c), "捷安特 is the Chinese name of giant") {
		t.Errorf("the evidence does not say how 捷安特 reads: %s", evidenceText(c))
	}
}

// TestParseBrandNamesRejects: a bad row of the table is an error naming its
// field, and the built-in table reads.
func TestParseBrandNamesRejects(t *testing.T) {
	for body, field := range map[string]string{
		"zh,en,source\n捷,Giant,cedict\n":                    "zh",
		"zh,en,source\nGiant,Giant,cedict\n":                "zh",
		"zh,en,source\n捷安特,Giant,cedict\n捷安特,Giant,trade\n": "zh",
		"zh,en,source\n捷安特,捷安特,cedict\n":                    "en",
		"zh,en,source\n捷安特,,cedict\n":                       "en",
		"zh,en,source\n捷安特,Giant,\n":                        "source",
		"zh,en,source\n捷安特,Giant,wiki\n":                    "source",
	} {
		if _, err := ParseBrandNames(strings.NewReader(body)); err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("%q: error %v, want one naming %s", body, err, field)
		}
	}
	b, err := ParseBrandNames(strings.NewReader(brandNamesCSV))
	if err != nil || len(b) < 300 {
		t.Fatalf("built-in table: %d rows, %v", len(b), err)
	}
}

// TestCalledModel: a word the text calls a model ("Globe model bicycles")
// is one, though the word names goods too (a globe); the same word not so
// called is not read as a model.
func TestCalledModel(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车件有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙车件有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-08-25"), ConsignorUSCC: "U1", HSCode: "8714910020", Name: "自行车前叉（城市车用）", Brand: "SPECIALIZED", Model: "GLOBE", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-09-01"), ConsignorUSCC: "U2", HSCode: "8714910020", Name: "自行车前叉（山地车用）", Brand: "SPECIALIZED", Model: "ROCKHOPPER", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	if ms, _ := ix.declaredModelsIn("some 2008 and 2009 models women's and men's Globe model bicycles"); !ms["globe"] {
		t.Errorf("Globe model bicycles: read models %v, want globe", ms)
	}
	if ms, _ := ix.declaredModelsIn("a Globe of the world"); ms["globe"] {
		t.Errorf("a Globe of the world: read the model globe")
	}
	got := matchAll(t, ix, Notification{Ref: "g", Product: "Bicycles", Words: "Specialized Bicycle Components Recalls Bicycles Due to Fall and Injury Hazards This recall involves some 2008 and 2009 models women's and men's Globe model bicycles.",
		Hazard: "The front fork can break, posing fall and injury hazards to riders.", Market: "US", Date: dayOf("2009-09-25")})[0]
	if _, ok := got["U1"]; !ok {
		t.Errorf("proposed %v, want the firm that declared the Globe forks", got)
	}
	if _, ok := got["U2"]; ok {
		t.Errorf("proposed the firm of the brand's other model: %v", got)
	}
}

// TestInitialismModel: a model of three capitals ("Giant TCR") counts with
// its brand named on the alert's goods, not on another part of the brand
// (a TXT golf car's armrests for a TXT brake recall); the firm whose line
// declares a model the alert names goes before one that declares the
// shared brand with none.
func TestInitialismModel(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲复合材料有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙减震器有限公司"},
		{ID: 3, USCC: "U3", NameZh: "某丙金属制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2000-09-18"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "碳纤维自行车前叉（公路车）", Brand: "GIANT", Model: "TCR", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2000-10-02"), ConsignorUSCC: "U2", HSCode: "8714910000", Name: "自行车避震前叉", Brand: "捷安特", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2004-09-13"), ConsignorUSCC: "U3", HSCode: "8708999990", Name: "高尔夫球车座椅扶手", Brand: "EZGO", Model: "TXT", Destination: "US"},
	}
	got := matchAll(t, NewIndex(es, ls),
		Notification{Ref: "g", Product: "Giant-brand bicycle front forks", Words: "CPSC, Giant Bicycle, Inc. Recall Giant Bicycle Forks These carbon fiber forks were sold on 2001-model Giant TCR Team, TCR 0 and TCR 1 bicycles.",
			Hazard: "The forks can break during use.", Market: "US", Date: dayOf("2001-05-24")},
		Notification{Ref: "e", Product: "Golf cars", Words: "E-Z-GO Announce Recall to Repair Golf Cars. The recall involves EZGO TXT golf cars.",
			Hazard: "The brake can fail.", Market: "US", Date: dayOf("2005-09-08")})
	c, ok := got[0]["U1"]
	if !ok || !strings.Contains(evidenceText(c), "model TCR") {
		t.Errorf("Giant TCR forks: proposed %v, want the TCR firm with model evidence", got[0])
	}
	if _, ok := got[0]["U2"]; ok {
		t.Errorf("Giant TCR forks: proposed the firm of 捷安特 suspension forks, which declared no model: %v", got[0])
	}
	if _, ok := got[1]["U3"]; ok {
		t.Errorf("TXT brakes: proposed the firm of TXT armrests: %v", got[1])
	}
}

// TestBatchIsModel: an alert's batch number of letters and digits
// (Safety Gate's batch_number "MLB-003") is model evidence on a line that
// declares it as its model, and the evidence says it was the batch.
func TestBatchIsModel(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲玩具有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙玩具有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-04-10"), ConsignorUSCC: "U1", HSCode: "9503002100", Name: "时装娃娃（11寸）", Brand: "星梦", Model: "MLB-003", Destination: "IT"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-04-17"), ConsignorUSCC: "U2", HSCode: "9503002100", Name: "搪胶婴儿娃娃（14寸）", Brand: "萌声", Destination: "IT"},
	}
	got := matchAll(t, NewIndex(es, ls), Notification{Ref: "d", Product: "Doll", Words: "Doll Bella Ragazza Mile Moda", Batch: "MLB-003", Origin: "CN", Category: "toys"})[0]
	c, ok := got["U1"]
	if !ok || len(got) != 1 {
		t.Fatalf("proposed %v, want the firm that declared the model MLB-003 alone", got)
	}
	if !strings.Contains(evidenceText(c), "the alert's batch number is the declared model MLB-003") {
		t.Errorf("the evidence does not say the batch was the model: %s", evidenceText(c))
	}
	if got := matchAll(t, NewIndex(es, ls), Notification{Ref: "d", Product: "Doll", Batch: "2023", Origin: "CN", Category: "toys"})[0]; len(got) > 0 {
		t.Errorf("a batch of digits alone counted as a model: %v", got)
	}
}

// TestGoodsForUse: in an alert whose hazard names the part that fails, a
// word of goods of another chapter held in a line's name before its own
// goods word, or in brackets saying what the goods are for, says what they
// are for, not what they are: a SCHWINN bicycle helmet or a SPECIALIZED
// bottle "（自行车用，挤压式）" is another product of a brand whose bicycles
// or brake levers are recalled. An alert whose hazard names no part reads
// such a word as before (the basketball-shaped table of a "Basketball
// Table" recall), and so does a food (冬瓜 of 冬瓜糖).
func TestGoodsForUse(t *testing.T) {
	lx := mustReference().lex
	helmet := newPreparer().prepare(Line{Name: "自行车头盔（青少年）", HSCode: "6506100000"})
	bottle := newPreparer().prepare(Line{Name: "运动水壶（自行车用，挤压式）", HSCode: "3924100000"})
	bikes := lx.Find("Schwinn bicycles")
	levers := lx.Find("Bicycle Brake Levers")
	if w, ok := lx.otherProductOf(bikes, &helmet, true); !ok {
		t.Errorf("bicycle helmet for a bicycle recall whose hazard names a part: not another product (%q)", w)
	}
	if w, ok := lx.otherProductOf(levers, &bottle, true); !ok {
		t.Errorf("bottle for bicycles for a brake lever recall: not another product (%q)", w)
	}
	if _, ok := lx.otherProductOf(bikes, &helmet, false); ok {
		t.Errorf("bicycle helmet for a bicycle recall whose hazard names no part: another product")
	}
	melon := newPreparer().prepare(Line{Name: "冬瓜糖", HSCode: "2006009000"})
	if w, ok := lx.otherProductOf(lx.Find("winter melon"), &melon, true); ok {
		t.Errorf("冬瓜糖 for a winter melon alert: another product (%q)", w)
	}
	if !forUse("运动水壶（自行车用，挤压式）", len("运动水壶（")) || forUse("运动水壶（挤压式，自行车）", len("运动水壶（挤压式，")) {
		t.Errorf("forUse does not read the bracket's first item alone")
	}
}

// TestRound48Lexicon: the rows round 48 added read the goods their alerts
// name.
func TestRound48Lexicon(t *testing.T) {
	lx := mustReference().lex
	for text, zh := range map[string]string{"2-in-1 Dive Light": "潜水手电筒", "Snack": "米饼", "Spalding In-Ground Basketball Hoops": "篮球架",
		"Inflatable Pool Slides": "泳池滑梯", "The front fork can break": "前叉", "The Start switch may be defective": "开关"} {
		if !slices.ContainsFunc(lx.Find(text), func(t *Term) bool { return slices.Contains(t.Zh, zh) }) {
			t.Errorf("%q: no term reads %s", text, zh)
		}
	}
}

// TestNamedRuns: a declared brand of three ordinary words, capitalised
// between lower-case words of running text, is named ("This recall involves
// Smart Balance Wheel self-balancing scooters"); not in a title of
// capitals, not a run of two words, not a run the brand only starts.
func TestNamedRuns(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲智能科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙电动科技有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2017-07-31"), ConsignorUSCC: "U1", HSCode: "8711600000", Name: "自平衡电动滑板车（双轮，锂电池）", Brand: "SMART BALANCE WHEEL", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2017-08-07"), ConsignorUSCC: "U2", HSCode: "8711600000", Name: "双轮自平衡电动滑板车", Brand: "BALANCE WHEEL", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for text, want := range map[string]string{
		"This recall involves Smart Balance Wheel self-balancing scooters, commonly called hoverboards.": "smartbalancewheel",
		"Smart Balance Wheel Self-Balancing Scooters Recalled by Salvage World":                          "",
		"This recall involves Balance Wheel scooters":                                                    "",
		"This recall involves Smart Balance Wheel Pro scooters":                                          "",
	} {
		got := ix.namedRuns(text)
		if want == "" && len(got) > 0 || want != "" && (!got[want] || len(got) != 1) {
			t.Errorf("%q: named %v, want %q", text, got, want)
		}
	}
	got := matchAll(t, ix, Notification{Ref: "h", Product: "Self-balancing scooters/hoverboards", Words: "Smart Balance Wheel Self-Balancing Scooters/Hoverboards Recalled by Salvage World Due to Explosion and Fire Hazards This recall involves Smart Balance Wheel self-balancing scooters, commonly referred to as hoverboards.",
		Market: "US", Date: dayOf("2017-11-14")})[0]
	if _, ok := got["U1"]; !ok || len(got) != 1 {
		t.Errorf("proposed %v, want the SMART BALANCE WHEEL firm alone", got)
	}
}

// TestBrandDeclaredAfter: a line of the alert's brand declared over a
// month after the alert counts half, saying so; a line of the alert's
// year counts fully when the alert gives only its year (Safety Gate's
// alert_year), whose last day is the year's end.
func TestBrandDeclaredAfter(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲健身器材有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2023-08-14"), ConsignorUSCC: "U1", HSCode: "9506910000", Name: "健身车（磁控）", Brand: "PELOTON", Destination: "US"}}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "p", Product: "Peloton exercise bikes", Words: "Peloton Recalls Exercise Bikes", Market: "US", Date: dayOf("2023-05-11")}
	cs := ix.Match(n, 0)
	if len(cs) != 1 {
		t.Fatalf("candidates %+v", cs)
	}
	if b, _ := evidenceOf(cs[0], "brand"); b.Strength != otherGoodsStrength || !strings.Contains(b.Detail, "declared after the notification") {
		t.Errorf("brand declared after the alert: %+v", b)
	}
	n.Date, n.YearOnly = dayOf("2023-01-01"), true
	if !n.lastDay().Equal(dayOf("2023-12-31")) {
		t.Errorf("lastDay of a year-only alert: %v", n.lastDay())
	}
	cs = ix.Match(n, 0)
	if b, _ := evidenceOf(cs[0], "brand"); b.Strength != 1 {
		t.Errorf("brand of the alert's year, when only the year is known: %+v", b)
	}
}

// TestModelAfterBrand: a capitalised word just after the brand the alert
// names, declared as a model under that brand, is the model though it is an
// ordinary word ("Specialized Flux"); after another brand, or in lower
// case, it is not.
func TestModelAfterBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲电子有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2015-11-16"), ConsignorUSCC: "U1", HSCode: "8512100000", Name: "自行车前灯（USB充电）", Brand: "SPECIALIZED", Model: "FLUX", Destination: "US"}}
	ix := NewIndex(es, ls)
	for text, want := range map[string]bool{
		"The recall includes Specialized Flux and Stix headlights": true,
		"The recall includes Trek Flux headlights":                 false,
		"Specialized flux of headlights":                           false,
	} {
		if got := ix.modelsAfterBrand(text, []string{"specialized", "trek"}); got["flux"] != want {
			t.Errorf("%q: models %v, want flux %v", text, got, want)
		}
	}
}

// TestCodesInName: a declarant's goods name may hold the model (电动滑板车
// （FS-101/FS-102，250W）): its codes are the line's models when the model
// field is empty; sizes, powers and an interface's version are no codes.
func TestCodesInName(t *testing.T) {
	for name, want := range map[string]string{
		"电动滑板车（FS-101/FS-102，250W，钢架）": "FS-101 FS-102",
		"自行车前叉（26寸，A-2000）":            "A-2000",
		"手机充电器（120W，Type-C接口）":         "",
		"USB3.0数据线（1米）":                "",
		"LED灯串（200灯）":                  "",
	} {
		if got := strings.Join(codesInName(name), " "); got != want {
			t.Errorf("codesInName(%s) = %q, want %q", name, got, want)
		}
	}
	l := newPreparer().prepare(Line{Name: "电动滑板车（FS-101/FS-102，250W，钢架）", HSCode: "8711900000"})
	if !slices.Contains(l.models, "fs101") || !slices.Contains(l.models, "fs102") {
		t.Errorf("a line with no model field: models %v", l.models)
	}
	l = newPreparer().prepare(Line{Name: "电动滑板车（FS-101）", Model: "X9", HSCode: "8711900000"})
	if l.model != "x9" || len(l.models) > 0 {
		t.Errorf("a declared model is the line's, whatever the name says: %q %v", l.model, l.models)
	}
}

// TestHeadTerm: an alert's product name whose goods' phrase ends with a
// term's words names those goods (then a bag for bicycles is another
// product of the brand, whatever the hazard says); a term that only
// qualifies the phrase's last word does not ("Basketball and Flower
// Tables").
func TestHeadTerm(t *testing.T) {
	lx := mustReference().lex
	for product, want := range map[string]bool{
		"Cannondale Mountain Bicycles":                             true,
		"Cannondale mountain bicycles with OPI stem/steering tube": true,
		"Bicycles":                     true,
		"Basketball and Flower Tables": false,
		"Bicycle helmets":              true,
		"Mountain bike accessories":    false,
	} {
		if got := headTerm(product, lx.Find(product)); got != want {
			t.Errorf("headTerm(%q) = %v", product, got)
		}
	}
	bag := newPreparer().prepare(Line{Name: "自行车车架包", HSCode: "4202920000"})
	if w, ok := lx.otherProductOf(lx.Find("Cannondale Mountain Bicycles"), &bag, headTerm("Cannondale Mountain Bicycles", lx.Find("Cannondale Mountain Bicycles"))); !ok {
		t.Errorf("a frame bag for a bicycle recall: not another product (%q)", w)
	}
	if !hazardWritesName("The module that regulates power to the vehicle's USB ports can overheat", "高尔夫球车USB电源模块") ||
		hazardWritesName("The frame can crack", "高尔夫球车USB电源模块") || hazardWritesName("The bus can fail", "USB电源模块") {
		t.Errorf("hazardWritesName reads the wrong words")
	}
}

// TestQuotedBrands: a declared brand at the head of a quoted name is named
// though its words are ordinary ones or a letter ("X-Games Aggressive"); a
// quoted phrase of lower-case words, or one no brand heads, names none;
// 哈雷·戴维森 reads as 哈雷戴维森 (Harley-Davidson).
func TestQuotedBrands(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲头盔有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2000-01-03"), ConsignorUSCC: "U1", HSCode: "6506100000", Name: "自行车头盔", Brand: "X-GAMES", Destination: "US"}}
	ix := NewIndex(es, ls)
	for text, want := range map[string]bool{
		`Variflex "X-Games Aggressive" bicycle helmets`: true,
		`the helmets say “X-Games” on the back`:         true,
		`helmets marked "x-games style" on the strap`:   false,
		`"Aggressive X-Games" helmets`:                  false,
	} {
		if got := ix.quotedBrands(text); got["xgames"] != want {
			t.Errorf("%s: brands %v, want xgames %v", text, got, want)
		}
	}
	if fs := brandForms("哈雷·戴维森"); !slices.Contains(fs, "harleydavidson") {
		t.Errorf("brandForms(哈雷·戴维森) = %v", fs)
	}
}

// TestEUMarket: a Safety Gate alert that names no member state is the
// EU's: a line shipped to any member state is shipped to its market, one
// shipped to the US is not; an alert that names its member state keeps it.
func TestEUMarket(t *testing.T) {
	if n := FromRecord(&foreign.Record{Source: "safetygate", Key: "A12/00001/24"}); n.Market != euMarket {
		t.Errorf("a Safety Gate alert with no member state: market %q", n.Market)
	}
	if n := FromRecord(&foreign.Record{Source: "safetygate", Key: "A12/00001/24", Product: foreign.Product{Market: "NL"}}); n.Market != "NL" {
		t.Errorf("a Safety Gate alert of the Netherlands: market %q", n.Market)
	}
	if n := FromRecord(&foreign.Record{Source: "cpsc", Key: "25001"}); n.Market != "" {
		t.Errorf("a recall with no market: market %q", n.Market)
	}
	if !inMarket("de", euMarket) || !inMarket("NO", euMarket) || inMarket("US", euMarket) || inMarket("GB", euMarket) || !inMarket("IT", "IT") {
		t.Errorf("inMarket reads the wrong states")
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲灯饰有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙灯饰有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U1", HSCode: "9405490000", Name: "星空投影灯（激光）", Brand: "BRUNNOVE", Destination: "DE"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-10-02"), ConsignorUSCC: "U2", HSCode: "9405490000", Name: "星空投影灯（激光）", Brand: "BRUNNOVE", Destination: "US"},
	}
	got := NewIndex(es, ls).Match(Notification{Ref: "sg", Product: "Star projection lamp", Brand: "Brunnove", Origin: "CN", Market: euMarket, Date: dayOf("2024-01-01"), YearOnly: true}, 0)
	by := byUSCC(got)
	if _, ok := evidenceOf(by["U1"], "market"); !ok {
		t.Errorf("a lot shipped to Germany has no market evidence for an EU alert: %s", evidenceText(by["U1"]))
	}
	if _, ok := evidenceOf(by["U2"], "market"); ok {
		t.Errorf("a lot shipped to the US has market evidence for an EU alert: %s", evidenceText(by["U2"]))
	}
}

// TestEUMarketFromSignal: a stored Safety Gate signal that names no member
// state reads back as the EU's, as its record did; another foreign signal
// keeps its destination.
func TestEUMarketFromSignal(t *testing.T) {
	g := &signal.Signal{Channel: foreign.Channel, ExternalRef: "safetygate:A12/00001/24"}
	if n := FromSignal(g, "", ""); n.Market != euMarket {
		t.Errorf("Safety Gate signal: market %q", n.Market)
	}
	g = &signal.Signal{Channel: foreign.Channel, ExternalRef: "rasff:2024.0001", Product: signal.Product{Destination: "IT"}}
	if n := FromSignal(g, "", ""); n.Market != "IT" {
		t.Errorf("RASFF signal: market %q", n.Market)
	}
}

// TestYearOnlyShipments: when only an alert's year is known, a lot shipped
// to its market within that year counts as shipped before it; when the
// date is known, a lot shipped after it does not.
func TestYearOnlyShipments(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲玩具有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2024-05-13"), ConsignorUSCC: "U1", HSCode: "9503009000", Name: "水晶泥（史莱姆）", Brand: "泥萌", Destination: "IT"}}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "sg", Product: "Toy slime", Origin: "CN", Category: "toys", Market: euMarket, Date: dayOf("2024-01-01"), YearOnly: true}
	if got := byUSCC(ix.Match(n, 0)); !hasEvidence(got["U1"], "market") {
		t.Errorf("a lot of the alert's year, when only the year is known: %s", evidenceText(got["U1"]))
	}
	n.YearOnly = false
	if got := byUSCC(ix.Match(n, 0)); hasEvidence(got["U1"], "market") {
		t.Errorf("a lot shipped after a dated alert counts as its market: %s", evidenceText(got["U1"]))
	}
	if n.shipped(dayOf("2024-05-13")) != 0 || (Notification{Date: dayOf("2024-01-01"), YearOnly: true}).shipped(dayOf("2024-05-13")) != 1 {
		t.Errorf("shipped reads the year wrong")
	}
}

func hasEvidence(c Candidate, kind string) bool {
	_, ok := evidenceOf(c, kind)
	return ok
}

// TestForUseBrackets: words of other goods a name holds only in brackets
// that say what goods other than food are for qualify them (镁粉袋（攀岩
// 用，带腰带）, a chalk bag, for a climbing ascender recall); seeds "for
// sprouts" stay the sprouts' goods. A product name that lists models before
// its goods' word ends with that word ("2009 Six 5, Six 6 … Bicycles").
func TestForUseBrackets(t *testing.T) {
	lx := mustReference().lex
	climb := lx.Find("rock climbing")
	if len(climb) == 0 {
		t.Fatal("no term for rock climbing")
	}
	if !onlyForUse("镁粉袋（攀岩用，带腰带）", climb[0]) || onlyForUse("攀岩安全带（坐式）", climb[0]) {
		t.Errorf("onlyForUse reads the brackets wrong")
	}
	bag := newPreparer().prepare(Line{Name: "镁粉袋（攀岩用，带腰带）", HSCode: "4202920000"})
	if w, ok := lx.otherProductOf(lx.Find("Black Diamond Index Ascenders for rock climbing"), &bag, false); !ok {
		t.Errorf("a chalk bag for climbing, for a climbing recall: not another product (%q)", w)
	}
	seeds := newPreparer().prepare(Line{Name: "紫花苜蓿种子（芽苗菜用）", HSCode: "1209210000"})
	if w, ok := lx.otherProductOf(lx.Find("alfalfa sprouts"), &seeds, false); ok {
		t.Errorf("seeds for sprouts, for a sprouts recall: another product (%q)", w)
	}
	if p := "2009 Six 5, Six 6, Six Carbon 5, Six Carbon 6 Bicycles"; !headTerm(p, lx.Find(p)) {
		t.Errorf("headTerm(%q) = false", p)
	}
	for text, zh := range map[string]string{"VidaXL Steel Pool Ladders": "泳池扶梯", "pool cover": "泳池盖布"} {
		if !slices.ContainsFunc(lx.Find(text), func(t *Term) bool { return slices.Contains(t.Zh, zh) }) {
			t.Errorf("%q: no term reads %s", text, zh)
		}
	}
}

// TestMakerByName: a declaration that names its manufacturer by name only,
// without the USCC, counts for the register firm of that name (as for one
// named by USCC), not for a firm whose name is another's, and not when two
// register firms have that name.
func TestMakerByName(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙市开福区挥远进出口贸易有限公司"}, {ID: 2, USCC: "U2", NameZh: "邵东市童盾头盔有限公司"},
		{ID: 3, USCC: "U3", NameZh: "邵东市童安头盔有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2024-08-12"), ConsignorUSCC: "U1", HSCode: "6506100000", Name: "儿童多功能头盔（S码）", Brand: "WEMFG",
		Manufacturer: "邵东市童盾头盔有限公司", Destination: "US"}}
	ix := NewIndex(es, ls)
	got := byUSCC(ix.Match(Notification{Ref: "w", Product: "Multi-Purpose Children's Helmets", Brand: "Wemfg", Market: "US", Date: dayOf("2025-01-08")}, 0))
	if c, ok := got["U2"]; !ok || c.Score < Threshold {
		t.Errorf("the maker named without its USCC: %v", got)
	}
	if _, ok := got["U3"]; ok {
		t.Errorf("a firm of another name was given the line: %v", got)
	}
	if c, ok := got["U1"]; ok && !hasEvidence(c, "exporter") {
		t.Errorf("the trader is not marked as the exporter only: %s", evidenceText(c))
	}
	twin := append(es, Enterprise{ID: 4, USCC: "U4", NameZh: "邵东市童盾头盔有限公司"})
	if got := byUSCC(NewIndex(twin, ls).Match(Notification{Ref: "w", Product: "Multi-Purpose Children's Helmets", Brand: "Wemfg", Market: "US", Date: dayOf("2025-01-08")}, 0)); got["U2"].Score >= Threshold || got["U4"].Score >= Threshold {
		t.Errorf("a name two register firms share gave one the line: %v", got)
	}
}

// TestAkinForUse: for a recall whose product phrase ends with its goods
// (bicycles), a line whose own goods' term holds the alert's word only as
// what they are for, under another chapter (bicycle light, 自行车尾灯, 8512),
// is another product of the brand; a part of the bicycle's own chapter is
// read as before, and so is the light when the reading is not for use.
func TestAkinForUse(t *testing.T) {
	lx := mustReference().lex
	bikes := lx.Find("2009 Six 5, Six 6, Six Carbon 5, Six Carbon 6 Bicycles")
	light := newPreparer().prepare(Line{Name: "自行车尾灯（LED，电池式）", HSCode: "8512100000"})
	if w, ok := lx.otherProductOf(bikes, &light, true); !ok {
		t.Errorf("a bicycle tail light for a bicycle recall: not another product (%q)", w)
	}
	if w, ok := lx.otherProductOf(bikes, &light, false); ok {
		t.Errorf("a bicycle tail light, not read for use: another product (%q)", w)
	}
	if !heldBefore("自行车尾灯（LED）", bikes[0], "自行车尾灯", false) {
		t.Errorf("heldBefore: a word's own first part does not stand before it")
	}
}

// TestYearOnlySignal: a stored signal whose received time gives only the
// year (signal.Signal.ReceivedYearOnly, set on import from
// foreign.Record.YearOnly) reads back as a year-only alert; a Safety Gate
// signal with its day, or another source's signal of 1 January, does not.
func TestYearOnlySignal(t *testing.T) {
	for _, c := range []struct {
		ref      string
		at       time.Time
		yearOnly bool
	}{
		{"safetygate:SR/09100/26", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"safetygate:A12/02685/24", time.Date(2024, 12, 13, 0, 0, 0, 0, time.UTC), false},
		{"rasff:2026.0001", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		g := &signal.Signal{Channel: foreign.Channel, ExternalRef: c.ref, ReceivedAt: c.at, ReceivedYearOnly: c.yearOnly}
		n := FromSignal(g, "", "")
		if n.YearOnly != c.yearOnly || !n.Date.Equal(c.at) {
			t.Errorf("%s received %v: year only %v on %v", c.ref, c.at, n.YearOnly, n.Date)
		}
		if want := c.at.Year(); n.lastDay().Year() != want || c.yearOnly && n.lastDay().YearDay() < 365 {
			t.Errorf("%s: the alert's last day %v", c.ref, n.lastDay())
		}
	}
}
