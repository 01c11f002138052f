package matching

import (
	"slices"
	"testing"
)

// TestBambooFibreReleasesMelamine: bamboo-fibre tableware is bamboo powder
// bound with melamine-formaldehyde resin, which releases formaldehyde and
// melamine; natural bamboo does not. "Bamboo cup" notified for both is the
// bamboo-fibre cup shipped to the notifying country, not the natural bamboo
// cup shipped there the same weeks, though neither name says 密胺.
func TestBambooFibreReleasesMelamine(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "益阳市资阳区竹韵环保餐具有限公司"}, {ID: 2, USCC: "U2", NameZh: "桃江县竹乡竹木制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-11-16"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维杯（350毫升，带盖）", Destination: "LT"},
		{Declaration: "D2", DeclaredAt: dayOf("2020-12-07"), ConsignorUSCC: "U2", HSCode: "4419190000", Name: "天然竹杯（竹节，350毫升）", Destination: "LT"},
	}
	ix := NewIndex(es, ls)
	for _, hazard := range []string{"Formaldehyde - migration of - migration; Melamine - migration of - migration", "Melamine - migration of - migration"} {
		cup := Notification{Ref: "2021.0360", Product: "Bamboo cup", Words: "Bamboo cup", Category: "food-contact-materials", Origin: "CN", Market: "LT",
			Date: dayOf("2021-01-22"), Hazard: hazard}
		got := byUSCC(ix.Match(cup, 0))
		if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
			t.Errorf("%s: bamboo fibre %.3f, natural bamboo %.3f", hazard, got["U1"].Score, got["U2"].Score)
		}
	}
	// Lead migrates from glaze, not from bamboo fibre: nothing sets the
	// two apart, and neither is proposed on its own.
	lead := Notification{Ref: "x", Product: "Bamboo cup", Words: "Bamboo cup", Category: "food-contact-materials", Origin: "CN", Market: "LT",
		Date: dayOf("2021-01-22"), Hazard: "Lead - migration of - migration"}
	if got := byUSCC(ix.Match(lead, 0)); got["U1"].Score >= Threshold {
		t.Errorf("lead: bamboo fibre %.3f", got["U1"].Score)
	}
}

// TestBrandOnGoodsTheAlertNeverNames: a recall of Giant's bicycle forks
// names the brand a firm declared on floor pumps (打气筒, "bicycle pump"),
// goods the lexicon cannot place and whose English the recall never uses:
// the brand's other goods, not proposed.
func TestBrandOnGoodsTheAlertNeverNames(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "安乡县配骏运动配件有限公司"}, {ID: 2, USCC: "U2", NameZh: "衡阳县叉锐车件有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2000-09-04"), ConsignorUSCC: "U1", HSCode: "8414200000", Name: "自行车打气筒（落地式）", Brand: "GIANT", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2000-10-02"), ConsignorUSCC: "U2", HSCode: "8714910000", Name: "自行车前叉（铝合金）", Brand: "叉锐", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "01160b", Product: "Giant Bicycle Forks", Words: "CPSC, Giant Bicycle, Inc. Recall Giant Bicycle Forks. The recall involves front suspension forks sold on Giant bicycles.",
		Hazard: "The fork can separate, causing the rider to fall.", Market: "US", Date: dayOf("2001-05-24")}
	got := byUSCC(ix.Match(n, 0))
	if got["U1"].Score >= Threshold {
		t.Errorf("floor pumps %.3f (%s)", got["U1"].Score, evidenceText(got["U1"]))
	}
	// The same firm's GIANT forks are the recall's goods.
	ix = NewIndex(es, append(ls, Line{Declaration: "D3", DeclaredAt: dayOf("2000-11-06"), ConsignorUSCC: "U1", HSCode: "8714910000", Name: "自行车前叉（避震）", Brand: "GIANT", Destination: "US"}))
	if got := byUSCC(ix.Match(n, 0)); got["U1"].Score < Threshold {
		t.Errorf("forks %.3f (%s)", got["U1"].Score, evidenceText(got["U1"]))
	}
}

// TestLeadingArticleNumber: a RASFF product name that begins with the
// seller's article number of digits alone ("320111(230910) chicken chip
// rolls") names the goods of the line that declares it as a model; the
// alert's tariff code, a barcode's length, a quantity are no article.
func TestLeadingArticleNumber(t *testing.T) {
	for product, want := range map[string]string{
		"320111(230910) chicken chip rolls": "320111",
		"320111 chicken chip rolls":         "320111",
		"230910 chicken chip rolls":         "",
		"5901234123457 chicken chip rolls":  "",
		"1000g chicken chip rolls":          "",
		"12.500 kg of rice":                 "",
		"Chicken chip rolls 320111":         "",
		// After a label that says it is one (Swedish, Danish, German).
		"Artnummer: 310225(230910) - dog chews": "310225",
		"Varenummer 310225 dog chews":           "310225",
		"Art.-Nr. 310225 Kauknochen":            "310225",
		"Artnummer: 230910 dog chews":           "",
	} {
		if got := leadingArticle(product, "2309"); got != want {
			t.Errorf("leadingArticle(%q) = %q, want %q", product, got, want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "汉寿县宠悦饲料有限公司"}, {ID: 2, USCC: "U2", NameZh: "临澧县汪汪宠物用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-12-14"), ConsignorUSCC: "U1", HSCode: "2309109000", Name: "宠物零食鸡肉卷", Brand: "宠悦", Model: "320111", Destination: "SE"},
		{Declaration: "D2", DeclaredAt: dayOf("2020-12-21"), ConsignorUSCC: "U2", HSCode: "2309109000", Name: "鸭肉干（宠物零食）", Brand: "汪汪", Destination: "SE"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "2021.0740", Product: "320111(230910) chicken chip rolls", Words: "320111(230910) chicken chip rolls", Category: "compound-feeds",
		HSCode: "2309", Origin: "CN", Market: "SE", Date: dayOf("2021-02-12"), Hazard: "Enterobacteriaceae - too high count of - non-pathogenic micro-organisms"}
	got := byUSCC(ix.Match(n, 0))
	if _, ok := evidenceOf(got["U1"], "model"); !ok || got["U1"].Score < Threshold {
		t.Errorf("the article number's line: %.3f (%s)", got["U1"].Score, evidenceText(got["U1"]))
	}
	if got["U2"].Score >= Threshold {
		t.Errorf("another lot of pet treats proposed: %.3f", got["U2"].Score)
	}
}

// TestTeats: RASFF's "Baby bottle teats" (and the French, German and Polish
// words) are 奶嘴, not any baby product.
func TestTeats(t *testing.T) {
	lx := mustReference().lex
	for _, text := range []string{"Baby bottle teats", "Tétines en silicone", "Sauger aus Silikon", "Smoczek silikonowy"} {
		if !slices.ContainsFunc(lx.Find(text), func(t *Term) bool { return slices.Contains(t.Zh, "奶嘴") }) {
			t.Errorf("%s: no term reads 奶嘴", text)
		}
	}
}

// TestGlycinatesUnder2942: metal glycinate chelates are declared under
// 2942 (other organic compounds) as often as under 2922: "Manganese
// Bisglycinate 20%" finds 甘氨酸锰 declared under 2942.
func TestGlycinatesUnder2942(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湘乡市螯合营养科技有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2022-05-23"), ConsignorUSCC: "U1", HSCode: "2942000000", Name: "甘氨酸锰（食品级，含锰20%）", Brand: "螯合", Destination: "NL"}}
	n := Notification{Ref: "2022.4178", Product: "Manganese Bisglycinate 20%", Words: "Manganese Bisglycinate 20%", Origin: "CN", Market: "NL", Date: dayOf("2022-07-18")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if _, ok := evidenceOf(got["U1"], "words"); !ok {
		t.Errorf("甘氨酸锰 under 2942 does not fit: %s", evidenceText(got["U1"]))
	}
}

// TestOtherGoodsShippedThere: a firm makes dog chews, which went to
// Sweden, and cat treats, which went to Finland; "Dog chew" notified by
// Finland is not its lot, though its words and its heading are the
// alert's: the goods it shipped there are others. A firm whose pressed
// chew bones (宠物咀嚼骨, a dog chew) went to Finland is proposed.
func TestOtherGoodsShippedThere(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙县宠嚼宠物食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "冷水江市悦咬宠物用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-05-13"), ConsignorUSCC: "U1", HSCode: "2309109000", Name: "狗咬胶（牛皮）", Destination: "SE"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-06-24"), ConsignorUSCC: "U1", HSCode: "2309109000", Name: "猫零食（冻干鸡肉）", Destination: "FI"},
	}
	n := Notification{Ref: "2024.6537", Product: "Dog chew", Words: "Dog chew", Category: "pet-food", HSCode: "230910", Origin: "CN", Market: "FI", Date: dayOf("2024-08-29")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if c := got["U1"]; c.Score >= Threshold || !slices.ContainsFunc(c.Evidence, func(ev Evidence) bool { return ev.Kind == "market" && ev.Strength == unwordedStrength }) {
		t.Errorf("cat treats to Finland %.3f (%s)", c.Score, evidenceText(c))
	}
	ls = append(ls, Line{Declaration: "D3", DeclaredAt: dayOf("2024-07-01"), ConsignorUSCC: "U2", HSCode: "2309109000", Name: "宠物咀嚼骨（牛皮压制）", Destination: "FI"})
	got = byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U2"].Score < Threshold || got["U1"].Score >= Threshold {
		t.Errorf("chew bones %.3f (%s); cat treats %.3f", got["U2"].Score, evidenceText(got["U2"]), got["U1"].Score)
	}
}

// TestChildrensBicyclesOfTheBrand: a recall of Specialized's Source Eleven
// bicycles, saying nothing of children, is not about the brand's 20-inch
// children's bicycles a firm shipped, but about its city bicycles; a recall
// of the brand's 20-inch children's bicycles is about the first.
func TestChildrensBicyclesOfTheBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙县驮乐电动车有限公司"}}
	kids := Line{Declaration: "D1", DeclaredAt: dayOf("2013-08-12"), ConsignorUSCC: "U1", HSCode: "8712000000", Name: "儿童自行车（20寸）", Brand: "SPECIALIZED", Destination: "US"}
	city := Line{Declaration: "D2", DeclaredAt: dayOf("2013-09-02"), ConsignorUSCC: "U1", HSCode: "8712000000", Name: "城市自行车（700C）", Brand: "SPECIALIZED", Destination: "US"}
	source := Notification{Ref: "14073", Product: "2012 Source Eleven and Source Expert Disc bicycles with Supernova Switchable Dynamo Front Hubs",
		Words: "Specialized Recalls Source Eleven and Source Expert Disc Bicycles Due to a Fall Hazard", Hazard: "The set screws in the front hub can loosen.",
		Market: "US", Date: dayOf("2013-12-30")}
	if c := byUSCC(NewIndex(es, []Line{kids}).Match(source, 0))["U1"]; c.Score >= Threshold {
		t.Errorf("children's bicycles for Source Eleven %.3f (%s)", c.Score, evidenceText(c))
	}
	if c := byUSCC(NewIndex(es, []Line{kids, city}).Match(source, 0))["U1"]; c.Score < Threshold {
		t.Errorf("city bicycles for Source Eleven %.3f (%s)", c.Score, evidenceText(c))
	}
	for _, words := range []string{"Specialized Recalls Hotrock 20-inch Bicycles", "Specialized Recalls Children's Bicycles", "Specialized Recalls Hotrock Youth Bicycles"} {
		hotrock := Notification{Ref: "x", Product: "Hotrock bicycles", Words: words, Hazard: "The fork can break.", Market: "US", Date: dayOf("2013-12-30")}
		if c := byUSCC(NewIndex(es, []Line{kids}).Match(hotrock, 0))["U1"]; c.Score < Threshold {
			t.Errorf("%s: children's bicycles %.3f (%s)", words, c.Score, evidenceText(c))
		}
	}
}

// TestDecoratedWareReleasesLead: lead and cadmium migrate from glaze, and
// from its decoration above all (decals, on-glaze colours, gilding): of two
// lots of porcelain plates shipped to Cyprus, the decorated one is the
// "Porcelain Plate" notified for cadmium, not the plain white one. With no
// such hazard nothing tells them apart.
func TestDecoratedWareReleasesLead(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "醴陵市玉皑陶瓷有限公司"}, {ID: 2, USCC: "U2", NameZh: "醴陵市觚瓷日用瓷有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-10-30"), ConsignorUSCC: "U1", HSCode: "6911101900", Name: "瓷盘（釉上彩，10寸）", Destination: "CY"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-10-23"), ConsignorUSCC: "U2", HSCode: "6911101900", Name: "白瓷平盘（10寸，无花面）", Destination: "CY"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "2023.8592", Product: "Porcelain Plate", Words: "Porcelain Plate", Category: "food-contact-materials", Origin: "CN", Market: "CY",
		Date: dayOf("2023-12-13"), Hazard: "Cadmium - migration - heavy metals"}
	prefers(t, ix, n, "cadmium: decorated", "plain")
	n.Hazard = ""
	if got := byUSCC(ix.Match(n, 0)); got["U1"].Score >= Threshold || got["U2"].Score >= Threshold {
		t.Errorf("no hazard: decorated %.3f, plain %.3f", got["U1"].Score, got["U2"].Score)
	}
	if !decorated("贴花陶瓷盘（10.5寸，釉上彩）") || decorated("白瓷平盘（10寸，无花面）") || decorated("玻璃水杯（透明无花纹，6只装）") {
		t.Error("decorated")
	}
}

// TestCenturyEggsHoldCopper: century eggs (皮蛋) are cured with copper
// sulphate since lead oxide was given up; "Duck eggs" notified for copper
// above its limit are the century eggs shipped there, not the salted ones.
func TestCenturyEggsHoldCopper(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "汉寿县鸭墩蛋品有限公司"}, {ID: 2, USCC: "U2", NameZh: "华容县咸圃蛋品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2023-08-14"), ConsignorUSCC: "U1", HSCode: "0407900000", Name: "皮蛋（松花蛋，鸭蛋）", Destination: "PT"},
		{Declaration: "D2", DeclaredAt: dayOf("2023-08-21"), ConsignorUSCC: "U2", HSCode: "0407900000", Name: "咸鸭蛋（熟）", Destination: "PT"},
	}
	n := Notification{Ref: "2023.6881", Product: "Duck eggs (Anas stp)", Words: "Duck eggs (Anas stp)", Category: "eggs", Origin: "CN", Market: "PT",
		Date: dayOf("2023-10-10"), Hazard: "Copper - residue level above MRL - composition"}
	prefers(t, NewIndex(es, ls), n, "century", "salted")
}

// TestNitrileGlovesAndKelp: "Nitrile powder free gloves" name their
// material: the nitrile gloves shipped to Italy, not the PVC or PE ones (PE
// a word of its own, not the letters of SPEED); "Dried seaweed" notified for
// iodine is the kelp (海带), far richer in it than laver (紫菜).
func TestNitrileGlovesAndKelp(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "郴州市苏仙区庆手防护用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "资兴市清护塑胶制品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "汉寿县缇护防护用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2024-03-04"), ConsignorUSCC: "U1", HSCode: "4015190000", Name: "丁腈检查手套（无粉，蓝色）", Destination: "IT"},
		{Declaration: "D2", DeclaredAt: dayOf("2024-03-11"), ConsignorUSCC: "U2", HSCode: "3926209000", Name: "PVC手套（无粉）", Destination: "IT"},
	}
	gloves := Notification{Ref: "2024.3287", Product: "Nitrile powder free gloves", Words: "Nitrile powder free gloves", Category: "food-contact-materials",
		Origin: "CN", Market: "IT", Date: dayOf("2024-05-16"), Hazard: "Migration overall - too high level - migration"}
	prefers(t, NewIndex(es, ls), gloves, "nitrile", "PVC")
	pe := []Line{{Declaration: "D3", DeclaredAt: dayOf("2024-02-26"), ConsignorUSCC: "U3", HSCode: "3926209000", Name: "一次性PE手套", Destination: "IT"}}
	if c := byUSCC(NewIndex(es, pe).Match(gloves, 0))["U3"]; c.Score >= Threshold {
		t.Errorf("PE gloves %.3f (%s)", c.Score, evidenceText(c))
	}
	if holdsMaterial("SPEED运动水壶", "PE") || !holdsMaterial("一次性PE手套", "PE") || holdsMaterial("PETG水壶", "PET") {
		t.Error("PE, PET as words of their own")
	}
	es = []Enterprise{{ID: 1, USCC: "U1", NameZh: "沅江市澜藻食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "南县兰藻水产食品有限公司"}}
	ls = []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-06-13"), ConsignorUSCC: "U1", HSCode: "1212219000", Name: "干海带结", Destination: "DE"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-06-20"), ConsignorUSCC: "U2", HSCode: "1212219000", Name: "干紫菜", Destination: "DE"},
	}
	kelp := Notification{Ref: "2022.6159", Product: "Dried seaweed in knots", Words: "Dried seaweed in knots", Category: "fruits-vegetables", Origin: "CN", Market: "DE",
		Date: dayOf("2022-08-10"), Hazard: "Iodine - high content of - composition"}
	prefers(t, NewIndex(es, ls), kelp, "kelp", "laver")
}

// TestSmokedForPAH: polycyclic aromatic hydrocarbons in dried chillies come
// from the smoke they are dried in: "Jalapeno green" notified for them is
// the smoked green chillies shipped to the notifying country, not the chilli
// powder shipped there the same weeks.
func TestSmokedForPAH(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "泸溪县椒源农业开发有限公司"}, {ID: 2, USCC: "U2", NameZh: "浏阳市辣禧食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-12-05"), ConsignorUSCC: "U1", HSCode: "0904211000", Name: "墨西哥青辣椒干（整只，烟熏）", Destination: "NL"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-12-12"), ConsignorUSCC: "U2", HSCode: "0904220000", Name: "辣椒粉（特辣）", Destination: "NL"},
	}
	n := Notification{Ref: "2023.0691", Product: "Jalapeno green", Words: "Jalapeno green", Category: "herbs-spices", Origin: "CN", Market: "NL", Date: dayOf("2023-02-01"),
		Hazard: "Polycyclic aromatic hydrocarbons sum of - industrial contaminants; Benzo(a)pyrene - industrial contaminants"}
	prefers(t, NewIndex(es, ls), n, "smoked", "powder")
}

// prefers checks that of two firms that shipped an alert's kind of goods to
// its market, U1 (what) is proposed and U2 (other) is not.
func prefers(t *testing.T, ix *Index, n Notification, what, other string) {
	t.Helper()
	got := byUSCC(ix.Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("%s %.3f, %s %.3f (%s)", what, got["U1"].Score, other, got["U2"].Score, evidenceText(got["U1"]))
	}
}

// TestBrandThatNamesOtherGoods: "Salsa Warbird and Vaya bicycles" begins
// with a word that names sauces (salsa, 2103) before goods of another
// heading (bicycles, 8712): there it is the brand a line declares, SALSA,
// with the models WARBIRD/VAYA; at the head of sauces it stays the goods.
func TestBrandThatNamesOtherGoods(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "常德市鼎城区沙骋自行车有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2018-06-11"), ConsignorUSCC: "U1", HSCode: "8712003000", Name: "砾石公路自行车及车架（碳纤维/钢，700C）", Brand: "SALSA", Model: "WARBIRD/VAYA", Destination: "US"}}
	n := Notification{Ref: "19097", Product: "Salsa Warbird and Vaya bicycles",
		Words:  "Quality Bicycle Products Recalls Bicycles Due To Injury Hazard This recall involves all 2019 Salsa Warbird Carbon series bicycles and framesets.",
		Hazard: "The bicycle's fork legs can break.", Market: "US", Date: dayOf("2019-04-03")}
	if c := byUSCC(NewIndex(es, ls).Match(n, 0))["U1"]; c.Score < Threshold || !hasKind(c, "brand", "") {
		t.Errorf("SALSA bicycles %.3f (%s)", c.Score, evidenceText(c))
	}
	ref := mustReference()
	if !ref.otherGoodsWord("salsa", n.Product) || ref.otherGoodsWord("salsa", "Salsa picante") || ref.otherGoodsWord("salsa", "Salsa di soia") {
		t.Error("otherGoodsWord")
	}
}
