package matching

import (
	"slices"
	"strings"
	"testing"
)

// TestLexiconRowsOfRound7: the rows added after eval11's first run read
// the alerts' words as declarants write them: a "supplement" alone is the
// 保健 capsules of 2106, as a dietary or food supplement is; a set of
// dishes is 餐具 (a 16-piece porcelain set holds no 盘); disposable
// tableware is the 一次性 ware of moulded pulp (4823), plastics, wood and
// bamboo, not porcelain; a drinking bottle may be aluminium (7615); and
// Hunan's snacks are braised duck necks and dried tofu (1602, 2008) as
// well as latiao.
func TestLexiconRowsOfRound7(t *testing.T) {
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
		{"Enhancement Supplement", "男士保健胶囊（草本，6粒/盒）", "2106909090", true},
		{"Enhancement Supplement", "硬糖（薄荷味，铁盒装）", "1704900000", false},
		{"Set of dishes", "陶瓷餐具套装（釉上彩，16头）", "6911101900", true},
		{"Set of dishes", "不锈钢汤锅（三件套）", "7323930000", false},
		{"disposable tableware", "一次性甘蔗浆餐具（盘、碗，可降解）", "4823700000", true},
		{"disposable tableware", "陶瓷餐具（釉下彩，盘、碗）", "6911101900", false},
		{"Drinking bottle", "铝制运动水壶（内涂层，750毫升）", "7615109000", true},
		{"Snack", "卤鸭脖（香辣味，独立小包）", "1602399100", true},
		{"Snack", "方便面（红烧牛肉味）", "1902300000", false},
	} {
		got, ok := fits(c.text, c.name, c.hs)
		if ok != c.fit {
			t.Errorf("%q against %s under %s: fits %v (%s), want %v", c.text, c.name, c.hs, ok, got, c.fit)
		}
	}
}

// TestSharedBrandDecidedBySupplement: a brand two firms declare, one on
// men's capsules, the other on mint candy, is the capsule maker's when the
// alert is a supplement: the product evidence tells them apart, and the
// candy maker is not proposed.
func TestSharedBrandDecidedBySupplement(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "衡阳市石鼓区某生物科技有限公司"}, {ID: 2, USCC: "U2", NameZh: "湘乡市某食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2010-12-13"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "男士保健胶囊（草本，6粒/盒）", Brand: "THE BEST", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2010-12-13"), ConsignorUSCC: "U2", HSCode: "1704900000", Name: "硬糖（薄荷味，铁盒装）", Brand: "THE BEST", Destination: "US"},
	}
	n := Notification{Ref: "r1", Product: "THE BEST Enhancement Supplement", Brand: "THE BEST", Words: "THE BEST THE BEST Enhancement Supplement",
		Hazard: "Undeclared drug ingredient, Sulfoaildenafil", Market: "US", Date: dayOf("2011-03-28")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold {
		t.Fatalf("the capsule maker scores %.3f: %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if _, ok := evidenceOf(got["U1"], "shared-brand"); ok {
		t.Errorf("the capsule maker is still said to share the brand: %+v", got["U1"].Evidence)
	}
	if c, ok := got["U2"]; ok && c.Score >= Threshold {
		t.Errorf("the candy maker is proposed (%.3f): %+v", c.Score, c.Evidence)
	}
}

// TestModelWrittenWithSpace: a recall that writes a declared model with a
// space ("VO2 S inline skates" for VO2S) names it, as normModel reads the
// declared one; words in lower case ("vo2 s") or that join to letters only
// are not models.
func TestModelWrittenWithSpace(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "株洲市某体育用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "株洲市另一体育用品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2018-09-03"), ConsignorUSCC: "U1", HSCode: "9506700000", Name: "直排轮滑鞋（成人，铝架）", Brand: "K2", Model: "VO2S", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2018-05-03"), ConsignorUSCC: "U2", HSCode: "9506700000", Name: "直排轮滑鞋（儿童）", Brand: "ROLLA", Model: "RX-9", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	for _, c := range []struct {
		product string
		found   bool
	}{
		{"VO2 S inline skates", true},
		{"VO2-S Inline Skates", true},
		{"vo2 s inline skates", false},
		{"VO S inline skates", false},
	} {
		n := Notification{Ref: "r1", Product: c.product, Words: "K2 Sports Recalls Inline Skates Due to Fall Hazard", Market: "US", Date: dayOf("2019-07-16")}
		got := byUSCC(ix.Match(n, 0))
		m, ok := evidenceOf(got["U1"], "model")
		if ok != c.found {
			t.Errorf("%q: model evidence %v (%+v), want %v", c.product, ok, m, c.found)
		}
		if c.found && got["U1"].Score < Threshold {
			t.Errorf("%q: the skates' maker scores %.3f", c.product, got["U1"].Score)
		}
		if c2, ok := got["U2"]; ok && c2.Score >= Threshold {
			t.Errorf("%q: the other skate maker is proposed (%.3f)", c.product, c2.Score)
		}
	}
}

// TestBrandBeforeBrandWord: words written before "brand" or "-branded"
// are a brand, whatever they mean ("Bee Free-branded children's helmets":
// bee and free are words of the lexicon and the nomenclature), and count
// when a line declares them; the same words without it name no brand.
func TestBrandBeforeBrandWord(t *testing.T) {
	for _, c := range []struct {
		rest string
		want bool
	}{
		{"-branded children's helmets", true}, {" brand hockey helmets", true}, {" Brand", true}, {"brand", true},
		{" brandy", false}, {" branding iron", false}, {" helmets", false}, {"", false},
	} {
		if got := brandWord(c.rest); got != c.want {
			t.Errorf("brandWord(%q) = %v, want %v", c.rest, got, c.want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "祁东县某头盔有限公司"}, {ID: 2, USCC: "U2", NameZh: "衡阳市某头盔有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-04-27"), ConsignorUSCC: "U1", HSCode: "6506100090", Name: "儿童多功能运动头盔（S码）", Brand: "BEE FREE", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2020-03-02"), ConsignorUSCC: "U2", HSCode: "6506100090", Name: "儿童自行车头盔", Brand: "SAFEKID", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "r1", Product: "Children's Helmets", Market: "US", Date: dayOf("2021-02-24"),
		Words: "SmartPool Recalls Children's Multi-Purpose Helmets Due to Risk of Head Injury This recall involves Bee Free-branded children's multi-purpose helmets."}
	got := byUSCC(ix.Match(n, 0))
	if b, ok := evidenceOf(got["U1"], "brand"); !ok || got["U1"].Score < Threshold {
		t.Errorf("the Bee Free maker: brand %+v, score %.3f", b, got["U1"].Score)
	}
	if c, ok := got["U2"]; ok && c.Score >= Threshold {
		t.Errorf("the other helmet maker is proposed (%.3f)", c.Score)
	}
	n.Words = "SmartPool Recalls Children's Multi-Purpose Helmets Due to Risk of Head Injury. Bee free of worries."
	if b, ok := evidenceOf(byUSCC(ix.Match(n, 0))["U1"], "brand"); ok {
		t.Errorf("words not written as a brand count as one: %+v", b)
	}
}

// TestRecalledByTitle: the firm of a CPSC title written "… Recalled by
// Reebok-CCM Due to …" is the recaller, as in "Reebok-CCM Recalls …", and
// a word of its name (CCM, the brand its owner's name is joined to) is
// the brand of a line that declares it.
func TestRecalledByTitle(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "祁东县某头盔有限公司"}, {ID: 2, USCC: "U2", NameZh: "衡阳市某头盔有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2008-01-14"), ConsignorUSCC: "U1", HSCode: "6506100090", Name: "冰球头盔（成人，可调）", Brand: "CCM", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2008-02-11"), ConsignorUSCC: "U2", HSCode: "6506100090", Name: "冰球头盔（青少年）", Brand: "WARRIOR", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "r1", Product: "Hockey Helmets", Market: "US", Date: dayOf("2008-12-02"),
		Words: "Hockey Helmets Recalled by Reebok-CCM Due to Head and Neck Injury Hazard This recall involves hockey helmets."}
	got := byUSCC(ix.Match(n, 0))
	if b, ok := evidenceOf(got["U1"], "brand"); !ok || got["U1"].Score < Threshold {
		t.Errorf("the CCM maker: brand %+v, score %.3f", b, got["U1"].Score)
	}
	if c, ok := got["U2"]; ok && c.Score >= Threshold {
		t.Errorf("the WARRIOR maker is proposed (%.3f): %+v", c.Score, c.Evidence)
	}
	for text, want := range map[string]bool{
		"Hockey Helmets Recalled by Reebok-CCM Due to Head and Neck Injury Hazard": true,
		"Reebok-CCM Recalls Hockey Helmets":                                        true,
		"Helmets were recalled by the seller; CCM helmets are not included":        false,
	} {
		if got := ix.recallerBrands(text)["ccm"]; got != want {
			t.Errorf("recallerBrands(%q) holds ccm: %v, want %v", text, got, want)
		}
	}
}

// TestRespelledWord: a word no lexicon, nomenclature or stop-word list
// knows, seven letters or more, is read as the one word of the lexicon a
// typing slip away with the same first letter ("Dried seeweed" is seaweed,
// 干海带; "culterie", "silicona"); not an English inflection ("cracked" is
// no cracker), not a word two slips from another word of the lexicon too
// ("melanie": melange or melamine), not a short word ("potatoe").
func TestRespelledWord(t *testing.T) {
	lx := mustReference().lex
	for w, want := range map[string]string{
		"seeweed": "seaweed", "culterie": "cutlerie", "silicona": "silicone", "dinneware": "dinnerware",
		"cracked": "", "melanie": "", "seaweed": "", "zeaweed": "", "potatoe": "",
	} {
		if got := lx.slipFor(w); got != want {
			t.Errorf("slipFor(%q) = %q, want %q", w, got, want)
		}
	}
	l := &prepared{Line: Line{Name: "干海带（片装，500克/袋）", HSCode: "1212210000"}, hs: "1212210000", heading: "1212"}
	var fit []string
	for _, term := range lx.Find(productText("Dried seeweed")) {
		if zh, ok := term.fitsLine(l); ok {
			fit = append(fit, term.Term+" ~ "+zh)
		}
	}
	if len(fit) == 0 {
		t.Errorf("Dried seeweed finds nothing in 干海带")
	}
}

// TestMaterialDecidesHeading: primary aromatic amines migrate from nylon,
// never from the steel or aluminium a pan is declared of (7323, 7615), so
// a "KITCHEN PAN" that released them is nylon kitchenware, declared under
// nylon's heading 3924: 尼龙锅铲 holds the pan's 锅 and the material, and
// its shipment to the notifying country counts. A line under 3924 whose
// name lacks the material (a silicone turner) does not fit, and without the
// hazard the nylon turner is no pan.
func TestMaterialDecidesHeading(t *testing.T) {
	ref := mustReference()
	pam := ref.materials.Find("Primary aromatic amines - migration of - migration")
	if len(pam) != 1 || !slices.Contains(pam[0].headings, "3924") {
		t.Fatalf("primary aromatic amines: %+v", pam)
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "邵东市某尼龙厨具有限公司"}, {ID: 2, USCC: "U2", NameZh: "浏阳市某硅胶制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-06-20"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "尼龙锅铲（耐高温，黑色）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-06-27"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "硅胶锅铲（红色）", Destination: "ES"},
	}
	ix := NewIndex(es, ls)
	n := Notification{Ref: "r1", Product: "KITCHEN PAN", Words: "KITCHEN PAN", Category: "food-contact-materials", Origin: "CN", Market: "ES",
		Date: dayOf("2022-08-26"), Hazard: "Primary aromatic amines - migration of - migration"}
	got := byUSCC(ix.Match(n, 0))
	w, ok := evidenceOf(got["U1"], "words")
	if !ok || w.Strength != 1 || !strings.Contains(w.Detail, "尼龙") || got["U1"].Score < Threshold {
		t.Errorf("the nylon turner's maker: %.3f %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if _, ok := evidenceOf(got["U2"], "words"); ok || got["U2"].Score >= Threshold {
		t.Errorf("the silicone turner's maker: %.3f %+v", got["U2"].Score, got["U2"].Evidence)
	}
	n.Hazard = ""
	got = byUSCC(ix.Match(n, 0))
	if _, ok := evidenceOf(got["U1"], "words"); ok || got["U1"].Score >= Threshold {
		t.Errorf("without the hazard the nylon turner is a pan: %.3f %+v", got["U1"].Score, got["U1"].Evidence)
	}
}
