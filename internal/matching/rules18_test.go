package matching

import (
	"slices"
	"strings"
	"testing"
)

// Round 40: short brands and word models written at the head of the goods'
// words, each rule checked on its own here, away from the sets.

// TestMarksBeforeGoods: a declared brand of two to four capitals or a
// declared model of one capitalised word, written just before words that
// name goods, is the goods' name ("JD suspension forks", "Blazer automatic
// baseball pitching machines"); not an abbreviation ("LED lights"), not
// a word naming goods of the same chapter ("Baseball bats"), not across a
// stop word or a clause's end, not in a text of capitals throughout. A
// model so marked counts without its brand only in an alert that names no
// firm ("Acme Recalls …" names its brand, which the model then needs).
func TestMarksBeforeGoods(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车件有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙机械有限公司"},
		{ID: 3, USCC: "U3", NameZh: "某丙灯饰有限公司"}, {ID: 4, USCC: "U4", NameZh: "某丁体育用品有限公司"},
		{ID: 5, USCC: "U5", NameZh: "某戊车件有限公司"}, {ID: 6, USCC: "U6", NameZh: "某己体育用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-09-01"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "自行车避震前叉（700C）", Brand: "JD", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("1977-09-26"), ConsignorUSCC: "U2", HSCode: "9506990000", Name: "棒球发球机（自动，电动）", Brand: "CHAMP", Model: "BLAZER", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2008-09-01"), ConsignorUSCC: "U3", HSCode: "9405409000", Name: "LED灯串", Brand: "LED", Destination: "US"},
		{Declaration: "D5", DeclaredAt: dayOf("2008-10-06"), ConsignorUSCC: "U5", HSCode: "8714910000", Name: "自行车前叉（26寸）", Brand: "SPINNER", Destination: "US"},
		{Declaration: "D6", DeclaredAt: dayOf("1977-10-03"), ConsignorUSCC: "U6", HSCode: "9506990000", Name: "投球机（网球用）", Brand: "ACE", Destination: "US"},
		{Declaration: "D4", DeclaredAt: dayOf("2008-09-01"), ConsignorUSCC: "U4", HSCode: "9506991000", Name: "铝合金棒球棒", Brand: "HOMERUN", Model: "BASEBALL", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for _, c := range []struct {
		text         string
		brand, model string
		none         bool
	}{
		{text: "Bicycles with JD suspension forks", brand: "jd"},
		{text: "Trek Recalls Bicycles; JD Forks Can Lose Alignment", brand: "jd"},
		{text: "Blazer automatic baseball pitching machines", model: "blazer"},
		{text: "Mini LED lights for bicycles", none: true},
		{text: "Baseball bats recalled", none: true},
		{text: "Parts made by JD and the bicycles", none: true},
		{text: "Sold by JD. Forks were sold separately", none: true},
		{text: "BICYCLES WITH JD SUSPENSION FORKS", none: true},
	} {
		bs, ms := ix.marksBeforeGoods(c.text)
		switch {
		case c.none && (len(bs) > 0 || len(ms) > 0):
			t.Errorf("%q: read brands %v, models %v; want none", c.text, bs, ms)
		case c.brand != "" && (!bs[c.brand] || len(bs) != 1):
			t.Errorf("%q: read brands %v, want %s", c.text, bs, c.brand)
		case c.model != "" && (!ms[c.model] || len(ms) != 1):
			t.Errorf("%q: read models %v, want %s", c.text, ms, c.model)
		}
	}
	got := matchAll(t, ix,
		Notification{Ref: "jd", Product: "Bicycles with JD suspension forks", Words: "Trek Recalls Bicycles; JD Forks Can Lose Alignment, Posing Crash Hazard", Market: "US", Date: dayOf("2009-05-19")},
		Notification{Ref: "bl", Product: "Blazer automatic baseball pitching machines", Words: "Baseball Pitching Machines Warning", Market: "US", Date: dayOf("1978-04-14")},
		Notification{Ref: "led", Product: "LED lights", Words: "String lights recalled", Market: "US", Date: dayOf("2009-05-19")},
		Notification{Ref: "acme", Product: "Blazer automatic baseball pitching machines", Words: "Acme Recalls Baseball Pitching Machines", Market: "US", Date: dayOf("1978-04-14")})
	if _, ok := got[0]["U1"]; !ok || len(got[0]) != 1 {
		t.Errorf("JD forks: proposed %v, want the JD firm alone", got[0])
	}
	if _, ok := got[1]["U2"]; !ok || len(got[1]) != 1 {
		t.Errorf("Blazer pitching machines: proposed %v, want the BLAZER firm alone", got[1])
	}
	if _, ok := got[3]["U2"]; ok {
		t.Errorf("Acme's Blazer pitching machines: the model without its brand proposed the CHAMP firm: %v", got[3])
	}
	if _, ok := got[2]["U3"]; ok {
		t.Errorf("LED lights: proposed the firm that declared the brand LED: %v", got[2])
	}
}

// TestBrandsListed: a list of names written before "brand" names a brand in
// each item, whatever its length ("INA International": INA); a list of
// goods in lower case, or one name alone before "brand", is no list.
func TestBrandsListed(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲自行车有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙自行车有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2014-11-03"), ConsignorUSCC: "U1", HSCode: "8712000000", Name: "山地自行车（24寸）", Brand: "INA", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2014-11-10"), ConsignorUSCC: "U2", HSCode: "8712000000", Name: "山地自行车（26寸）", Brand: "VELOX", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for text, want := range map[string]string{
		"This recall involves Cannondale, Diamondback, GT, INA International, Nishiki and Trek brand bicycles": "ina",
		"Giant, INA or Scott branded bikes": "ina",
		"INA brand bicycles":                "",
		"cups, plates, ina and bowls":       "",
	} {
		got := ix.brandsListed(text)
		if want == "" && len(got) > 0 || want != "" && (!got[want] || len(got) != 1) {
			t.Errorf("brandsListed(%q) = %v, want %q", text, got, want)
		}
	}
	got := matchAll(t, ix, Notification{Ref: "s", Product: "Bicycles with SR Suntour bicycle forks",
		Words: "This recall involves Cannondale, Diamondback, Giant, GT, INA International, Nishiki, Schwinn, Scott and Trek brand bicycles with SR Suntour bicycle forks", Market: "US", Date: dayOf("2015-06-24")})[0]
	if _, ok := got["U1"]; !ok || len(got) != 1 {
		t.Errorf("proposed %v, want the INA firm alone", got)
	}
}

// TestModelYears: the model years a recall names are a window of
// production from the year before the first to the end of the last; a
// brand and model declared a year or more before it say little (Allez
// bicycles of 1999 for the 2018 model year's), and a lot of the brand
// inside it counts on the market at least half however old.
func TestModelYears(t *testing.T) {
	for text, want := range map[string][2]string{
		"This recall involves all model year 2018 Specialized Allez":              {"2017-01-01", "2018-12-31"},
		"Agit Global paddles, model years 2015 through 2020, that were sold":      {"2014-01-01", "2020-12-31"},
		"includes the following 2010-2011 model year Marker ski bindings":         {"2009-01-01", "2011-12-31"},
		"all model year 2016 and some 2017 FLOAT X2 bicycle rear shocks":          {"2015-01-01", "2017-12-31"},
		"2015, 2016 and 2017 model year Norco children's bicycles":                {"2014-01-01", "2017-12-31"},
		"Bicycles (all model years 2022-2024) with training wheels":               {"2021-01-01", "2024-12-31"},
		"manufactured between September 2016 and August 2017, model year 2018":    {"2016-09-01", "2017-08-31"},
		"These are 2004 S Works Enduro mountain bikes":                            {"", ""},
		"model year 1990 and 2024 bicycles, a list that spans more than a decade": {"", ""},
	} {
		w, ok := productionWindow(text)
		if want[0] == "" {
			if ok {
				t.Errorf("productionWindow(%q) = %v, want none", text, w)
			}
			continue
		}
		if !ok || day(w.from) != want[0] || day(w.to) != want[1] {
			t.Errorf("productionWindow(%q) = %s to %s (%v), want %s to %s", text, day(w.from), day(w.to), ok, want[0], want[1])
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车业有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("1999-02-01"), ConsignorUSCC: "U1", HSCode: "8712002000", Name: "公路自行车（铝合金车架，700C，16速）", Brand: "SPECIALIZED", Model: "ALLEZ SPORT", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2017-06-12"), ConsignorUSCC: "U1", HSCode: "8712002000", Name: "公路自行车（铝车架，碳前叉）", Brand: "速骋", Destination: "US"},
	}
	n := Notification{Ref: "s", Product: "Bicycles", Words: "Specialized Bicycle Components Recalls Bicycles Due to Crash Hazard This recall involves all model year 2018 Specialized Allez (Base), Allez Sport, and Allez Elite road racing bicycles.", Market: "US", Date: dayOf("2018-02-15")}
	if got := matchAll(t, NewIndex(es, ls), n)[0]; len(got) != 0 {
		t.Errorf("the Allez Sport of 1999 for the 2018 model year's: proposed %v, want none", got)
	}
	ls[0].DeclaredAt = dayOf("2017-03-06")
	got := matchAll(t, NewIndex(es, ls), n)[0]
	if c, ok := got["U1"]; !ok || !strings.Contains(evidenceText(c), "ALLEZ SPORT") {
		t.Errorf("the Allez Sport of 2017 for the 2018 model year's: proposed %v, want U1 by its model", got)
	}
}

// TestRegisteredNameNoGoodsWord: a run of a firm's registered English name
// stands for a brand by a distinctive word, never by a word of goods: the
// "Mountain" of "Haoling Mountain Bike Co." is the firm's trade, and a
// recall of "Mountain bicycles" names no brand of it, while "Haoling" does
// (the firm declares its goods under another brand, 金峰).
func TestRegisteredNameNoGoodsWord(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙市岳麓区豪岭山地车有限公司", NameEn: "Changsha Yuelu Haoling Mountain Bike Co., Ltd."},
		{ID: 2, USCC: "U2", NameZh: "长沙县驰岚自行车有限公司", NameEn: "Changsha Chilan Bicycle Co., Ltd."}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2017-06-05"), ConsignorUSCC: "U1", HSCode: "8712003000", Name: "山地自行车（27.5寸，铝架）", Brand: "金峰", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2017-06-12"), ConsignorUSCC: "U2", HSCode: "8712003000", Name: "山地自行车（29寸，铝架）", Brand: "驰岚", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	got := matchAll(t, ix,
		Notification{Ref: "m", Product: "Mountain bicycles", Words: "Rocky Mountain Bicycles Recall Mountain Bicycles Due to Crash Hazard", Market: "US", Date: dayOf("2017-12-27")},
		Notification{Ref: "h", Product: "Mountain bicycles", Brand: "Haoling", Market: "US", Date: dayOf("2017-12-27")})
	if len(got[0]) != 0 {
		t.Errorf("Rocky Mountain's mountain bicycles: proposed %v, want none", got[0])
	}
	if c, ok := got[1]["U1"]; !ok || !strings.Contains(evidenceText(c), "registered name") {
		t.Errorf("Haoling mountain bicycles: proposed %v, want U1 by its registered name", got[1])
	}
}

// TestBicyclePartsNamed: the parts of bicycles CPSC recalls name are in the
// lexicon (crankset, seatpost, fender, coaster brake, brake caliper, …):
// a crankset recall finds the crankset maker, and a frame of the brand is
// another product of it.
func TestBicyclePartsNamed(t *testing.T) {
	lx := mustReference().lex
	for en, zh := range map[string][2]string{"carbon crankset": {"碳纤维牙盘曲柄组件", "8714960000"}, "seatpost": {"碳纤维座管（27.2mm）", "8714990000"},
		"aluminum fenders": {"自行车挡泥板（铝合金）", "8714990000"}, "coaster brake": {"倒刹花鼓", "8714940000"}, "road bicycle brakes": {"碳纤维公路车刹车夹器", "8714940000"},
		"bottom bracket": {"自行车中轴（方孔）", "8714960000"}, "pedals": {"自行车脚踏（铝合金）", "8714960000"}, "bottle cage": {"自行车水壶架（铝合金）", "8714990000"}} {
		l := &Line{HSCode: zh[1], Name: zh[0]}
		p := newPreparer().prepare(*l)
		if !slices.ContainsFunc(lx.Find(en), func(tm *Term) bool { _, ok := tm.fitsLine(&p); return ok }) {
			t.Errorf("%q does not fit %s", en, zh)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车件制造有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙复合材料有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2006-11-27"), ConsignorUSCC: "U1", HSCode: "8714960000", Name: "碳纤维牙盘曲柄组件", Brand: "CANNONDALE", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2006-10-23"), ConsignorUSCC: "U2", HSCode: "8714910000", Name: "碳纤维公路车架", Brand: "CANNONDALE", Destination: "US"},
	}
	got := matchAll(t, NewIndex(es, ls), Notification{Ref: "c", Product: "Cannondale bicycles with carbon cranksets",
		Words: "Cannondale Recalls Bicycles With Carbon Crankset Due to Fall Hazard", Hazard: "The crankset can break, causing the rider to fall.", Market: "US", Date: dayOf("2007-06-06")})[0]
	if _, ok := got["U1"]; !ok || len(got) != 1 {
		t.Errorf("the crankset recall: proposed %v, want the crankset maker alone", got)
	}
}

// TestBrandStale: a line of the alert's brand declared over three years
// before an alert that names no production window is seldom the goods
// found: its brand counts half; a line of the brand one letter off
// (CIVA for Civia) with the model the alert names (Hyland) is the
// declarant's slip, and counts beside the model.
func TestBrandStale(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车件有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙户外用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2011-05-02"), ConsignorUSCC: "U1", HSCode: "8714940000", Name: "刹车把（TL-83）", Brand: "TEKTRO", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-08-29"), ConsignorUSCC: "U1", HSCode: "8714940000", Name: "V刹（铝合金）", Brand: "拓驰", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2010-12-20"), ConsignorUSCC: "U2", HSCode: "8714990000", Name: "自行车前货架（铝管，竹面板）", Brand: "CIVIA", Model: "LORING", Destination: "US"},
		{Declaration: "D4", DeclaredAt: dayOf("2014-09-08"), ConsignorUSCC: "U2", HSCode: "8714990000", Name: "自行车挡泥板（铝合金）", Brand: "CIVA", Model: "HYLAND", Destination: "US"},
	}
	got := matchAll(t, NewIndex(es, ls),
		Notification{Ref: "t", Product: "Trek Allant+ 7 bicycles with Tektro brakes", Words: "Trek Recalls Allant+ 7 Bicycles Due to Crash Hazard", Market: "US", Date: dayOf("2023-09-28")},
		Notification{Ref: "c", Product: "Hyland Bicycles and Aluminum Fenders", Words: "Civia Cycles Recalls Hyland Bicycles, Aluminum Civia Fenders Due to Crash Hazard", Market: "US", Date: dayOf("2015-04-16")})
	if c, ok := got[0]["U1"]; ok {
		t.Errorf("TEKTRO levers of 2011 for a 2023 recall: proposed %s", evidenceText(c))
	}
	if c, ok := got[1]["U2"]; !ok || !strings.Contains(evidenceText(c), "HYLAND") {
		t.Errorf("CIVA Hyland fenders: proposed %v, want U2 by the model with the brand spelt alike", got[1])
	}
}

// TestSpreadModels: a model of several words that the text writes apart,
// declared under a brand the alert names, is named ("Amsterdam model
// bicycles in the Classic 3, Original 3 … styles" for AMSTERDAM ORIGINAL
// 3), and another model of the brand is then another product.
func TestSpreadModels(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲自行车有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙车业有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2007-09-10"), ConsignorUSCC: "U1", HSCode: "8712008100", Name: "城市自行车（内三速，全封闭链罩）", Brand: "ELECTRA", Model: "AMSTERDAM ORIGINAL 3", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-03-31"), ConsignorUSCC: "U2", HSCode: "8712008100", Name: "自行车（带前置托盘，内三速）", Brand: "ELECTRA", Model: "HOLIDAY 3I", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2008-04-07"), ConsignorUSCC: "U2", HSCode: "8712008100", Name: "城市自行车（七速）", Brand: "ELECTRA", Model: "TOWNIE 7D", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	text := "Electra Bicycle Company Recalls Amsterdam Bicycles. This recall involves some Amsterdam model bicycles in the Classic 3, Original 3, Royal 8, and Sport 3 styles."
	if got := ix.spreadModels(text, []string{"electra"}); !got["amsterdamoriginal3"] || len(got) != 1 {
		t.Errorf("spreadModels = %v, want AMSTERDAM ORIGINAL 3 alone", got)
	}
	got := matchAll(t, ix, Notification{Ref: "a", Product: "Amsterdam Bicycles", Words: text, Market: "US", Date: dayOf("2008-07-22")})[0]
	if c, ok := got["U1"]; !ok || !strings.Contains(evidenceText(c), "AMSTERDAM ORIGINAL 3") {
		t.Errorf("proposed %v, want U1 by its model", got)
	}
	if _, ok := got["U2"]; ok {
		t.Errorf("the HOLIDAY 3I and TOWNIE 7D of the brand were proposed: %v", got)
	}
}

// TestWholeGoodsNoPart: the part a hazard names first is a part, not the
// recalled goods themselves under another word ("The bike's front brake"
// of a bicycle recall names the brake); a line of the brand that holds the
// goods' word only as what a part is for (a bottle cage, 自行车水壶架; a
// saddle, 自行车鞍座) is another product of the brand.
func TestWholeGoodsNoPart(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车配有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙制动器有限公司"}, {ID: 3, USCC: "U3", NameZh: "某丙鞍座有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2006-05-01"), ConsignorUSCC: "U1", HSCode: "8714990000", Name: "自行车水壶架（铝合金）", Brand: "CANNONDALE", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2006-06-05"), ConsignorUSCC: "U2", HSCode: "8714940000", Name: "公路车刹车夹器", Brand: "CANNONDALE", Destination: "US"},
		{Declaration: "D3", DeclaredAt: dayOf("2006-07-03"), ConsignorUSCC: "U3", HSCode: "8714950000", Name: "自行车鞍座", Brand: "CANNONDALE", Destination: "US"},
	}
	ref := mustReference()
	saddle := newPreparer().prepare(ls[2])
	if w, ok := ref.lex.otherProduct(ref.lex.Find("Road bicycles"), &saddle); !ok {
		t.Errorf("a saddle is not another product than road bicycles (%q)", w)
	}
	got := matchAll(t, NewIndex(es, ls), Notification{Ref: "c", Product: "2007 Cannondale road bicycles", Words: "Cannondale Recalls 2007 Model Road Bicycles Due to Brake Failure",
		Hazard: "The bike's front brake can fail, posing a fall hazard.", Market: "US", Date: dayOf("2007-01-09")})[0]
	if _, ok := got["U2"]; !ok {
		t.Errorf("the brake maker was not proposed: %v", got)
	}
	for _, u := range []string{"U1", "U3"} {
		if c, ok := got[u]; ok {
			t.Errorf("%s proposed: %s", u, evidenceText(c))
		}
	}
}

// TestMadeFromSentence: a made-from cue reads what the goods are made of
// up to the end of its sentence ("made from aluminum and carbon fiber. …
// the bicycle's top tube" does not read the bicycle as goods made of
// bicycles, whose headings would then hold every bicycle part), while
// "Obtained from rice" still reads rice as the goods made of it.
func TestMadeFromSentence(t *testing.T) {
	lx := mustReference().lex
	text := "Road Bicycles. The recalled road racing bicycles are made from aluminum and carbon fiber. The model name is printed on the bicycle's top tube."
	terms := lx.Find(text)
	for i, u := range lx.asMadeFrom(text, terms) {
		if u != terms[i] {
			t.Errorf("%s read as the goods made of it: %v", terms[i].Term, u.Headings)
		}
	}
	rice := "Obtained from rice"
	terms = lx.Find(rice)
	if got := lx.asMadeFrom(rice, terms); len(got) == 0 || got[0] == terms[0] {
		t.Errorf("Obtained from rice: rice not read as the goods made of it")
	}
}

// TestNarrowedElsewhere: an alert whose goods are a narrower kind under
// their own heading ("Electric Bicycles", 8711) does not take a line of the
// brand that is only the broad kind (儿童自行车, 8712) for its goods, while
// an e-bike declared under 8711 is of it whatever its name
// (电动山地自行车 does not hold 电动自行车).
func TestNarrowedElsewhere(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲车业有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙电动车有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2025-01-13"), ConsignorUSCC: "U1", HSCode: "8712003000", Name: "儿童自行车（16寸）", Brand: "TREK", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2025-03-10"), ConsignorUSCC: "U2", HSCode: "8711600090", Name: "电动山地自行车（全避震）", Brand: "TREK", Destination: "US"},
	}
	got := matchAll(t, NewIndex(es, ls), Notification{Ref: "e", Product: "Trek Domane+ electric bicycles", Words: "TREK Recalls Electric Bicycles Due to Fall or Crash Hazard. The bicycles come in various colors.",
		Market: "US", Date: dayOf("2025-12-11")})[0]
	if c, ok := got["U1"]; ok {
		t.Errorf("the children's bicycles were proposed for an e-bike recall: %s", evidenceText(c))
	}
	if _, ok := got["U2"]; !ok {
		t.Errorf("the e-bike declared under 8711 was not proposed: %v", got)
	}
}
