package matching

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"riskgate/internal/risk"
)

// TestMatchMarket: a notification that names no one finds the firm that
// shipped its kind of goods to the notifying country in the year before —
// not the firm that shipped them elsewhere, nor one that shipped them there
// after the notification or years before, nor one that shipped other goods
// there.
func TestMatchMarket(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南津市湘味源食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南常德米香食品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "湖南岳阳米粉食品有限公司"}, {ID: 4, USCC: "U4", NameZh: "湖南长沙湘茶有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2024-06-03"), ConsignorUSCC: "U1", HSCode: "1902303000", Name: "米粉", Destination: "NL"},
		{Declaration: "D2", DeclaredAt: day("2024-06-10"), ConsignorUSCC: "U2", HSCode: "1902303000", Name: "米粉", Destination: "DE"},
		{Declaration: "D3", DeclaredAt: day("2024-09-20"), ConsignorUSCC: "U3", HSCode: "1902303000", Name: "米粉", Destination: "NL"},
		{Declaration: "D4", DeclaredAt: day("2022-01-10"), ConsignorUSCC: "U3", HSCode: "1902303000", Name: "米粉", Destination: "NL"},
		{Declaration: "D5", DeclaredAt: day("2024-06-01"), ConsignorUSCC: "U4", HSCode: "0902109000", Name: "绿茶", Destination: "NL"},
	}
	n := Notification{Ref: "2024.6466", Product: "Rice noodles", Words: "Rice noodles", Category: "cereals-bakery", Origin: "CN", Market: "NL", Date: day("2024-08-30")}
	for _, ix := range []*Index{NewIndex(es, ls), scanOf(NewIndex(es, ls))} {
		cs := ix.Match(n, Threshold)
		if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !hasKind(cs[0], "market", "D1") {
			t.Fatalf("candidates %+v, want U1 by its rice noodles shipped to the Netherlands", cs)
		}
	}
	// A notification that names a brand is decided by the brand: the
	// market alone says nothing of it.
	branded := n
	branded.Brand = "Golden Dragon"
	for _, c := range NewIndex(es, ls).Match(branded, 0) {
		if hasKind(c, "market", "") {
			t.Errorf("%s: market evidence %+v for a notification that names a brand", c.Enterprise.USCC, c.Evidence)
		}
	}
	if s := shippedBefore(time.Time{}, n.Date); s != 0.5 {
		t.Errorf("an unknown shipping day counts %v, want half", s)
	}
}

// TestMatchMarketKind: for a notification that names no one, a shipment to
// the notifying country counts fully on a line whose product words are the
// alert's and half on one that is its kind only by heading (egg noodles for
// rice noodles, both of 1902); two firms that shipped the alert's goods there are both
// proposed, each saying the other is as likely; and a word read as a brand
// from the head of the product's name ("Makaron") does not count against a
// line of another brand.
func TestMatchMarketKind(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南津市湘味源食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南常德米香食品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "湖南岳阳挂面食品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2024-06-03"), ConsignorUSCC: "U1", HSCode: "1902303000", Name: "米粉", Brand: "金穗", Destination: "NL"},
		{Declaration: "D3", DeclaredAt: day("2024-06-20"), ConsignorUSCC: "U3", HSCode: "1902190000", Name: "鸡蛋挂面", Destination: "NL"},
	}
	strength := func(c Candidate, kind string) float64 {
		for _, ev := range c.Evidence {
			if ev.Kind == kind {
				return ev.Strength
			}
		}
		return 0
	}
	n := Notification{Ref: "2024.6466", Product: "Makaron ryżowy // Rice noodles", Category: "cereals-bakery", Origin: "CN", Market: "NL", Date: day("2024-08-30")}
	cs := NewIndex(es, ls).Match(n, 0)
	got := map[string]Candidate{}
	for _, c := range cs {
		got[c.Enterprise.USCC] = c
	}
	if c := got["U1"]; c.Score < Threshold || strength(c, "market") != 1 || hasKind(c, "shared-market", "") {
		t.Errorf("U1 %+v: want it proposed on its rice noodles shipped to the Netherlands, at full market strength, alone", c)
	}
	if c := got["U3"]; c.Score >= Threshold || strength(c, "market") != unwordedStrength {
		t.Errorf("U3 %+v: egg noodles to the Netherlands, whose name holds none of the alert's words, count only by heading (strength %v), never proposed", c, unwordedStrength)
	}
	// A second firm ships rice noodles to the Netherlands: the
	// notification cannot tell the two apart. Neither is proposed; below
	// the threshold both are listed, each saying so.
	ls = append(ls, Line{Declaration: "D2", DeclaredAt: day("2024-07-01"), ConsignorUSCC: "U2", HSCode: "1902303000", Name: "有机米粉", Destination: "NL"})
	for _, ix := range []*Index{NewIndex(es, ls), scanOf(NewIndex(es, ls))} {
		if cs := ix.Match(n, Threshold); len(cs) != 0 {
			t.Fatalf("candidates %+v, want none proposed", cs)
		}
		cs := ix.Match(n, 0.3)
		cs = slices.DeleteFunc(cs, func(c Candidate) bool { return c.Enterprise.USCC == "U3" })
		if len(cs) != 2 {
			t.Fatalf("candidates %+v, want U1 and U2 below the threshold", cs)
		}
		for i, c := range cs {
			other := cs[1-i].Enterprise.NameZh
			if !slices.ContainsFunc(c.Evidence, func(ev Evidence) bool {
				return ev.Kind == "shared-market" && strings.Contains(ev.Detail, other) && strings.Contains(ev.Detail, "decide by hand")
			}) {
				t.Errorf("%s %+v: want the ambiguity with %s stated", c.Enterprise.USCC, c.Evidence, other)
			}
		}
	}
}

// TestMatchSharedMarket: of several firms that shipped a brand-less
// alert's kind of goods to the notifying country, one whose only lead is
// that shipment falls below the threshold, saying why, when another firm
// has brand evidence, when its shipped line carries fewer of the alert's
// words, or when its shipment left long before the usual lag while the
// other's left within it; the firm the evidence points to stays proposed. A
// firm alone is proposed when its shipment left within the usual lag, not
// when it left five months before.
func TestMatchSharedMarket(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南沅江翠竹餐具有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南醴陵釉彩陶瓷有限公司"},
		{ID: 3, USCC: "U3", NameZh: "湖南平江百花蜂业有限公司"}, {ID: 4, USCC: "U4", NameZh: "湖南新宁崀山蜂业有限公司"}}
	tests := []struct {
		name     string
		lines    []Line
		n        Notification
		proposed string // "" for none
		lowered  string // the firm below the threshold, "" for none
		says     string // what its shared-market evidence says
	}{
		{
			name: "fewer words",
			lines: []Line{
				{Declaration: "D1", DeclaredAt: day("2022-06-06"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维杯（带硅胶盖）", Destination: "LT"},
				{Declaration: "D2", DeclaredAt: day("2022-06-13"), ConsignorUSCC: "U2", HSCode: "6912001000", Name: "陶瓷马克杯", Destination: "LT"},
			},
			n:        Notification{Ref: "a", Product: "Bamboo cups", Category: "food-contact-materials", Origin: "CN", Market: "LT", Date: day("2022-07-27")},
			proposed: "U1", lowered: "U2", says: "fits the alert's words better",
		},
		{
			name: "outside the usual lag",
			lines: []Line{
				{Declaration: "D3", DeclaredAt: day("2022-04-25"), ConsignorUSCC: "U3", HSCode: "0409000000", Name: "蜂蜜（百花蜜）", Destination: "BE"},
				{Declaration: "D4", DeclaredAt: day("2022-01-03"), ConsignorUSCC: "U4", HSCode: "0409000000", Name: "蜂蜜（洋槐蜜）", Destination: "BE"},
			},
			n:        Notification{Ref: "b", Product: "Honey", Category: "honey", Origin: "CN", Market: "BE", Date: day("2022-06-14")},
			proposed: "U3", lowered: "U4", says: "left 162 days before",
		},
		{
			name: "both within the lag",
			lines: []Line{
				{Declaration: "D3", DeclaredAt: day("2022-04-25"), ConsignorUSCC: "U3", HSCode: "0409000000", Name: "蜂蜜（百花蜜）", Destination: "BE"},
				{Declaration: "D4", DeclaredAt: day("2022-04-03"), ConsignorUSCC: "U4", HSCode: "0409000000", Name: "蜂蜜（洋槐蜜）", Destination: "BE"},
			},
			n:       Notification{Ref: "c", Product: "Honey", Category: "honey", Origin: "CN", Market: "BE", Date: day("2022-06-14")},
			lowered: "U4", says: "decide by hand",
		},
		{
			name: "another firm's brand",
			lines: []Line{
				{Declaration: "D3", DeclaredAt: day("2022-04-25"), ConsignorUSCC: "U3", HSCode: "0409000000", Name: "蜂蜜（百花蜜）", Brand: "HONEYLAND", Destination: "BE"},
				{Declaration: "D4", DeclaredAt: day("2022-04-03"), ConsignorUSCC: "U4", HSCode: "0409000000", Name: "蜂蜜（洋槐蜜）", Destination: "BE"},
			},
			n:        Notification{Ref: "d", Product: "Honeyland honey", Category: "honey", Origin: "CN", Market: "BE", Date: day("2022-06-14")},
			proposed: "U3", lowered: "U4", says: "with brand, model or GTIN evidence",
		},
		{
			name: "one firm alone",
			lines: []Line{
				{Declaration: "D3", DeclaredAt: day("2022-03-07"), ConsignorUSCC: "U3", HSCode: "0409000000", Name: "蜂蜜（百花蜜）", Destination: "BE"},
			},
			n:        Notification{Ref: "e", Product: "Honey", Category: "honey", Origin: "CN", Market: "BE", Date: day("2022-06-14")},
			proposed: "U3",
		},
		{
			// Alone, but 162 days before: beyond the usual lag, the
			// shipment says less (beyondLag) and the firm is not proposed.
			name: "one firm alone, long before",
			lines: []Line{
				{Declaration: "D3", DeclaredAt: day("2022-01-03"), ConsignorUSCC: "U3", HSCode: "0409000000", Name: "蜂蜜（百花蜜）", Destination: "BE"},
			},
			n: Notification{Ref: "f", Product: "Honey", Category: "honey", Origin: "CN", Market: "BE", Date: day("2022-06-14")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ix := range []*Index{NewIndex(es, tt.lines), scanOf(NewIndex(es, tt.lines))} {
				var got []string
				for _, c := range ix.Match(tt.n, Threshold) {
					got = append(got, c.Enterprise.USCC)
				}
				want := []string{}
				if tt.proposed != "" {
					want = append(want, tt.proposed)
				}
				if len(got) != len(want) || len(got) == 1 && got[0] != want[0] {
					t.Errorf("proposed %v, want %v", got, want)
				}
				if tt.lowered == "" {
					continue
				}
				cs := ix.Match(tt.n, 0.3)
				i := slices.IndexFunc(cs, func(c Candidate) bool { return c.Enterprise.USCC == tt.lowered })
				if i < 0 {
					t.Fatalf("candidates %+v: want %s listed below the threshold", cs, tt.lowered)
				}
				if c := cs[i]; c.Score >= Threshold || !slices.ContainsFunc(c.Evidence, func(ev Evidence) bool {
					return ev.Kind == "shared-market" && strings.Contains(ev.Detail, tt.says)
				}) {
					t.Errorf("%s %+v: want it below the threshold, its shared-market evidence saying %q", tt.lowered, c, tt.says)
				}
			}
		})
	}
}

// TestMatchExporterOnly: a trading firm exported goods it declared as made
// by another firm. The maker is proposed; the exporter, whose evidence all
// comes from such lines, scores half and says so.
func TestMatchExporterOnly(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南湘潭力健健身器材有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南长沙通达进出口贸易有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U2", HSCode: "9506911900", Name: "可调节哑铃", Brand: "BOWFLEX", Model: "552", ManufacturerUSCC: "U1", Manufacturer: "湘潭力健健身器材有限公司"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "9506911900", Name: "哑铃", Brand: "IRONMAN", Model: "IM-20", Manufacturer: "宁波铁人健身器材有限公司"},
	}
	ix := NewIndex(es, ls)
	cs := ix.Match(Notification{Ref: "25311", Product: "Dumbbells", Words: "SelectTech 552 dumbbells, model 552", Origin: "CN"}, 0)
	if len(cs) != 2 || cs[0].Enterprise.USCC != "U1" || cs[0].Score < Threshold || cs[1].Score >= Threshold {
		t.Fatalf("candidates %+v, want the maker U1 proposed and the exporter U2 below the threshold", cs)
	}
	if !hasKind(cs[1], "exporter", "") {
		t.Errorf("exporter's evidence %+v does not say it only exported", cs[1].Evidence)
	}
	// A maker named only by a name unlike the consignor's counts too.
	cs = ix.Match(Notification{Ref: "X", Product: "Dumbbells", Model: "IM-20", Origin: "CN"}, 0)
	if len(cs) == 0 || cs[0].Enterprise.USCC != "U2" || cs[0].Score >= Threshold || !hasKind(cs[0], "model", "D2") {
		t.Fatalf("candidates %+v, want the exporter of another maker's goods first by the model, below the threshold", cs)
	}
}

// TestMatchOtherProduct: a firm declares the alert's brand, under the
// alert's heading, on another product: that says less, unless its product
// is the alert's in broader or narrower words (toy and bath toy).
func TestMatchOtherProduct(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南宝贝星婴童用品有限公司"}}
	ix := NewIndex(es, []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "8715000000", Name: "婴儿推车", Brand: "KIKKABOO"}})
	n := Notification{Ref: "A1", Product: "Children's high chair", Brand: "Kikka boo", HSCode: "8715", Category: "childcare-articles", Origin: "CN"}
	cs := ix.Match(n, 0)
	if len(cs) != 1 || cs[0].Score >= Threshold || !strings.Contains(cs[0].Evidence[0].Detail, "同品牌的其他产品") {
		t.Fatalf("candidates %+v, want the pushchair maker below the threshold, saying the brand is on another product", cs)
	}
	n.Product = "Children's pushchair"
	if cs := ix.Match(n, Threshold); len(cs) != 1 {
		t.Fatalf("the brand's own product: candidates %+v, want it proposed", cs)
	}
	toys := NewIndex(es, []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "9503008900", Name: "洗澡鸭玩具", Brand: "TORCH"}})
	if cs := toys.Match(Notification{Ref: "A2", Product: "Bath toy", Brand: "Torch", HSCode: "9503", Category: "toys", Origin: "CN"}, Threshold); len(cs) != 1 {
		t.Fatalf("a toy against a bath toy: candidates %+v, want it proposed", cs)
	}
}

func TestParseScopesRefusesBadRows(t *testing.T) {
	cat := func(c string) bool { return c == "toys" || c == "hand-tools" }
	heading := func(h string) bool { return h == "9504" || h == "8206" }
	for _, c := range []struct{ name, csv, field string }{
		{"unknown category", "category,hs,source\ngadgets,9504,sg\n", "category"},
		{"heading that does not exist", "category,hs,source\ntoys,9599,sg\n", "hs"},
		{"no heading", "category,hs,source\ntoys,,sg\n", "hs"},
		{"no source", "category,hs,source\ntoys,9504,\n", "source"},
		{"unknown source", "category,hs,source\ntoys,9504,blog\n", "source"},
		{"repeated category", "category,hs,source\ntoys,9504,sg\ntoys,8206,sg\n", "category"},
		{"wrong header", "cat,hs\ntoys,9504\n", "scopes"},
	} {
		m, err := ParseScopes(strings.NewReader(c.csv), cat, heading)
		var e *risk.Error
		if m != nil || !errors.As(err, &e) || e.Field != c.field || !strings.Contains(e.Message, " / ") {
			t.Errorf("%s: scopes %v, error %v; want a bilingual error on field %s and nothing", c.name, m, err, c.field)
		}
	}
	m, err := ParseScopes(strings.NewReader("category,hs,source\ntoys,9504,sg\nhand-tools,8206,hs+sg\n"), cat, heading)
	if err != nil || len(m) != 2 {
		t.Fatalf("good scopes: %v %v", m, err)
	}
}

func scanOf(ix *Index) *Index {
	s := *ix
	s.Scan = true
	return &s
}

// TestNomenclatureWords: product words the lexicon lacks are read in the
// English text of the HS nomenclature; words most codes use are not.
func TestNomenclatureWords(t *testing.T) {
	ref := mustReference()
	ws := ref.hs.specific("Dried shiitake mushrooms")
	if !slices.Contains(ws, "mushroom") || slices.Contains(ws, "dried") {
		t.Fatalf("specific words %v, want mushroom and not dried", ws)
	}
	if found, code, _ := ref.hs.fits(ws, "0712390000"); len(found) == 0 || code != "071239" {
		t.Errorf("fits = %v %q, want mushroom in 071239", found, code)
	}
	if found, _, _ := ref.hs.fits(ws, "0902109000"); len(found) != 0 {
		t.Errorf("mushrooms found in tea's text: %v", found)
	}
}

// TestLeadingBrands: a product name without a brand field may begin with
// the brand, unless its first word names goods.
func TestLeadingBrands(t *testing.T) {
	ref := mustReference()
	if got := ref.leadingBrands("Semfri Children's Helmets"); len(got) == 0 || got[0] != "semfri" {
		t.Errorf("leadingBrands = %v, want semfri first", got)
	}
	if got := ref.leadingBrands("R.X.Y Bicycle Helmets"); len(got) == 0 || got[0] != "rxy" {
		t.Errorf("leadingBrands = %v, want rxy first", got)
	}
	for _, name := range []string{"Dried shiitake mushrooms", "Bell Sports Bicycle Helmets", "Toy car"} {
		if got := ref.leadingBrands(name); len(got) != 0 {
			t.Errorf("leadingBrands(%q) = %v, want none", name, got)
		}
	}
	if got := ref.leadingBrands("TheKiddoSpace LED Soccer Hover Balls"); !slices.Contains(got, "kiddospace") {
		t.Errorf("leadingBrands = %v, want the brand without its article too", got)
	}
	if forms := brandForms("TheKiddoSpace"); !slices.Contains(forms, "kiddospace") {
		t.Errorf("brandForms = %v, want the brand without its article", forms)
	}
}

// TestWeightedNames: a manufacturer's name is close to the firm with its
// trade name, not to every firm of its city and trade.
func TestWeightedNames(t *testing.T) {
	var es []Enterprise
	for i, zh := range []string{"星华", "金盛", "宏达", "瑞丰", "嘉禾", "恒通", "明月", "博远", "安康", "百福", "宝利", "创新"} {
		es = append(es, Enterprise{ID: int64(i + 1), USCC: fmt.Sprintf("U%d", i+1), NameZh: "湖南长沙" + zh + "玩具有限公司"})
	}
	ix := NewIndex(es, nil)
	for _, ix := range []*Index{ix, scanOf(ix)} {
		cs := ix.Match(Notification{Ref: "A1", Manufacturer: "Hunan Changsha Xinghua Toys Co., Ltd.", Origin: "CN"}, 0.5)
		if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" {
			t.Fatalf("candidates %+v, want the Xinghua firm alone", cs)
		}
	}
}

// TestModelNumber: an alert's model that is the digits of a declared model
// with a letter prefix counts, less than the model itself.
func TestModelNumber(t *testing.T) {
	for m, want := range map[string]string{"sb9034": "9034", "9034": "", "ab12": "", "tx330a": "", "h1": ""} {
		if got := modelNumber(m); got != want {
			t.Errorf("modelNumber(%q) = %q, want %q", m, got, want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南衡阳铁力健身器材有限公司"}}
	ix := NewIndex(es, []Line{{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "9506911900", Name: "可调哑铃", Model: "SB-9034"}})
	for _, ix := range []*Index{ix, scanOf(ix)} {
		cs := ix.Match(Notification{Ref: "25184", Product: "Adjustable dumbbells", Words: "Model 9034", Origin: "CN"}, 0.6)
		if len(cs) != 1 || !hasKind(cs[0], "model", "D1") || cs[0].Evidence[0].Strength != modelNumStrength {
			t.Fatalf("candidates %+v, want U1 by the model's digits", cs)
		}
	}
}

// TestMatchBrandMarket: a brand the alert names, declared on the alert's
// kind of goods shipped to the notifying country before the notification,
// is market evidence and carries the brand over the threshold; shipped
// after the notification, or elsewhere, it is not; and a firm sharing the
// brand on goods of another kind (NERF blasters against NERF helmets,
// CONCORD concrete mixers against CONCORD helmets) gets nothing from its
// shipments.
func TestMatchBrandMarket(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "长沙市芙蓉区华彩化妆品有限公司"}, {ID: 2, USCC: "U2", NameZh: "株洲市荷塘区童安运动用品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "郴州市苏仙区乐途玩具有限公司"}, {ID: 4, USCC: "U4", NameZh: "长沙市天心区湘岳重工机械有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2009-02-09"), ConsignorUSCC: "U1", HSCode: "3304990099", Name: "儿童面部彩绘颜料（6色套装）", Brand: "FUN EXPRESS", Destination: "US"},
		{Declaration: "D2", DeclaredAt: day("2024-03-11"), ConsignorUSCC: "U2", HSCode: "6506100090", Name: "儿童自行车头盔", Brand: "NERF", Destination: "US"},
		{Declaration: "D3", DeclaredAt: day("2024-05-20"), ConsignorUSCC: "U3", HSCode: "9503009000", Name: "泡沫软弹枪", Brand: "NERF", Destination: "US"},
		{Declaration: "D4", DeclaredAt: day("2024-06-03"), ConsignorUSCC: "U4", HSCode: "8474310000", Name: "混凝土搅拌机（移动式，350升）", Brand: "CONCORD", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	paint := Notification{Ref: "F1", Product: "Face Paint", Brand: "Fun Express, Inc.", Market: "US", Date: day("2009-05-22")}
	cs := ix.Match(paint, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !hasKind(cs[0], "market", "D1") {
		t.Fatalf("candidates %+v, want U1 by its FUN EXPRESS face paint shipped to the US before the recall", cs)
	}
	early := paint
	early.Date = day("2009-01-05")
	if cs := ix.Match(early, 0); len(cs) != 1 || hasKind(cs[0], "market", "") {
		t.Errorf("shipped after the recall: candidates %+v, want no market evidence", cs)
	}
	elsewhere := paint
	elsewhere.Market = "CA"
	if cs := ix.Match(elsewhere, 0); len(cs) != 1 || hasKind(cs[0], "market", "") {
		t.Errorf("recalled in another country: candidates %+v, want no market evidence", cs)
	}
	helmets := Notification{Ref: "C1", Product: "Nerf Barrage Youth Bike Helmets", Market: "US", Date: day("2024-11-21")}
	cs = ix.Match(helmets, 0)
	for _, c := range cs {
		if c.Enterprise.USCC == "U3" && (c.Score >= Threshold || hasKind(c, "market", "")) {
			t.Errorf("NERF blasters against NERF helmets: %+v, want no market evidence, below the threshold", c)
		}
	}
	if !slices.ContainsFunc(cs, func(c Candidate) bool {
		return c.Enterprise.USCC == "U2" && c.Score >= Threshold && hasKind(c, "market", "D2")
	}) {
		t.Errorf("candidates %+v, want U2 by its NERF helmets shipped to the US", cs)
	}
	concord := Notification{Ref: "C2", Product: "Concord 360 Degree Rechargeable Light-Up Bike Helmet", Market: "US", Date: day("2024-12-26")}
	for _, c := range ix.Match(concord, 0) {
		if c.Enterprise.USCC == "U4" && (c.Score >= Threshold || hasKind(c, "market", "")) {
			t.Errorf("CONCORD concrete mixers against CONCORD helmets: %+v, want no market evidence, below the threshold", c)
		}
	}
}

// TestMatchBrandSameWords: a line whose Chinese name holds the alert's
// product word under another heading than the word's (a dietary supplement
// tea declared 减肥茶 under 2106, not as tea under 0902) is the alert's kind
// of goods, not another product of the brand; the brand's slimming tea is
// still another product than its slimming capsules.
func TestMatchBrandSameWords(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "宁乡市花明草本茶业有限公司"}}
	ix := NewIndex(es, []Line{{Declaration: "D1", DeclaredAt: day("2010-12-13"), ConsignorUSCC: "U1", HSCode: "2106909090",
		Name: "减肥茶（荷叶、决明子袋泡茶，30袋/盒）", Brand: "CELERITE", Destination: "US"}})
	tea := Notification{Ref: "F1", Product: "Dietary Supplement Tea", Brand: "Celerite", Market: "US", Date: day("2011-03-15")}
	if cs := ix.Match(tea, Threshold); len(cs) != 1 || !hasKind(cs[0], "market", "D1") {
		t.Fatalf("candidates %+v, want the tea's maker proposed by its brand and its shipment to the US", cs)
	}
	capsules := Notification{Ref: "F2", Product: "Celerite Slimming Capsules", Brand: "Celerite", Market: "US", Date: day("2011-01-24")}
	if cs := ix.Match(capsules, 0); len(cs) != 1 || cs[0].Score >= Threshold || hasKind(cs[0], "market", "") {
		t.Fatalf("candidates %+v, want the tea's maker below the threshold for the brand's capsules", cs)
	}
}

// TestMatchDeclarationTogether: an alert naming several goods found together
// (three mushroom powders) fits the lines of one declaration together; the
// same goods on separate declarations each fit only their own share.
func TestMatchDeclarationTogether(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "炎陵县云岭菌业有限公司"}}
	lines := func(decls ...string) []Line {
		return []Line{
			{Declaration: decls[0], DeclaredAt: day("2023-12-18"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "猴头菇粉", Destination: "HR"},
			{Declaration: decls[1], DeclaredAt: day("2023-12-18"), ConsignorUSCC: "U1", HSCode: "1302199099", Name: "桦褐孔菌提取物粉", Destination: "HR"},
			{Declaration: decls[2], DeclaredAt: day("2023-12-18"), ConsignorUSCC: "U1", HSCode: "0712390000", Name: "蛹虫草粉", Destination: "HR"},
		}
	}
	n := Notification{Ref: "2024.0996", Product: "Powder of the mushrooms Hericium erinaceus (Lion's mane), Inonotus obliquus (Chaga) and Cordyceps sp.",
		Category: "other-food", Origin: "CN", Market: "HR", Date: day("2024-02-13")}
	words := func(cs []Candidate) float64 {
		for _, ev := range cs[0].Evidence {
			if ev.Kind == "words" {
				return ev.Strength
			}
		}
		return 0
	}
	one := NewIndex(es, lines("D1", "D1", "D1")).Match(n, 0)
	apart := NewIndex(es, lines("D1", "D2", "D3")).Match(n, 0)
	if len(one) != 1 || len(apart) != 1 || words(one) <= words(apart) || !strings.Contains(fmt.Sprint(one[0].Evidence), "各行品名合计") {
		t.Fatalf("one declaration %+v, three %+v: want the lines of one declaration to fit more of the alert together", one, apart)
	}
	if one[0].Score < Threshold {
		t.Errorf("one declaration scores %.3f, want it proposed", one[0].Score)
	}
}

// TestMatchOtherVariety: for a notification that names no one, a shipment
// of another variety of the alert's goods (black tea for oolong tea) counts
// as its kind only by heading; the variety notified, and goods whose name
// holds every word the alert gives (a bamboo-fibre cup for a bamboo mug),
// count fully.
func TestMatchOtherVariety(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "安化县芙蓉山茶业有限公司"}, {ID: 2, USCC: "U2", NameZh: "安溪县铁观音茶业有限公司"}}
	black := Line{Declaration: "D1", DeclaredAt: day("2022-06-06"), ConsignorUSCC: "U1", HSCode: "0902309000", Name: "工夫红茶（250克/盒）", Destination: "FI"}
	oolong := Line{Declaration: "D2", DeclaredAt: day("2022-06-13"), ConsignorUSCC: "U2", HSCode: "0902309000", Name: "乌龙茶（铁观音）", Destination: "FI"}
	n := Notification{Ref: "2022.4426", Product: "Oolong tea", Category: "cocoa-coffee-tea", Origin: "CN", Market: "FI", Date: day("2022-07-29")}
	if cs := NewIndex(es[:1], []Line{black}).Match(n, 0); len(cs) != 1 || cs[0].Score >= Threshold {
		t.Errorf("black tea for oolong tea: candidates %+v, want it below the threshold", cs)
	}
	if cs := NewIndex(es, []Line{black, oolong}).Match(n, Threshold); len(cs) != 1 || cs[0].Enterprise.USCC != "U2" {
		t.Errorf("candidates %+v, want the oolong's shipper alone", cs)
	}
	n.Product = "Black tea"
	if cs := NewIndex(es[:1], []Line{black}).Match(n, Threshold); len(cs) != 1 {
		t.Errorf("black tea for black tea: candidates %+v, want it proposed", cs)
	}
	cup := Line{Declaration: "D3", DeclaredAt: day("2020-12-21"), ConsignorUSCC: "U1", HSCode: "3924100000", Name: "竹纤维咖啡杯", Destination: "LT"}
	mug := Notification{Ref: "2021.0926", Product: "Bamboo mug", Category: "food-contact-materials", Origin: "CN", Market: "LT", Date: day("2021-02-10")}
	if cs := NewIndex(es[:1], []Line{cup}).Match(mug, Threshold); len(cs) != 1 {
		t.Errorf("a bamboo-fibre coffee cup for a bamboo mug: candidates %+v, want it proposed", cs)
	}
}

// TestMatchOtherKind: for a notification that names no one, a shipment to
// the notifying country of another product of the alert's kind — the
// name says the goods are made of or from something else (ceramic mugs
// for bamboo-fibre mugs, canned bamboo shoots for canned pears), or it is
// another variety under the same broader word (black tea for green tea) —
// counts only by heading, and the evidence says which words; words the
// declarant adds after the alert's (什锦水果罐头 for fruit cocktail in
// syrup) and the alert's own product do not lower it.
func TestMatchOtherKind(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "醴陵市瓷源陶瓷有限公司"}, {ID: 2, USCC: "U2", NameZh: "益阳市赫山区竹悦环保餐具有限公司"}}
	at := day("2022-07-04")
	one := func(name, hs string, n Notification) []Candidate {
		return NewIndex(es[:1], []Line{{Declaration: "D1", DeclaredAt: at, ConsignorUSCC: "U1", HSCode: hs, Name: name, Destination: n.Market}}).Match(n, 0)
	}
	for _, c := range []struct {
		product, category, name, hs string
		proposed                    bool
		note                        string
	}{
		{"Bamboo fibre mug", "food-contact-materials", "陶瓷马克杯（430毫升，多色釉）", "6912001000", false, "陶瓷马克杯（陶瓷 = "},
		{"Bamboo fibre mug", "food-contact-materials", "竹纤维马克杯（435毫升，多色）", "3924100000", true, ""},
		{"Canned pears", "fruits-vegetables", "竹笋罐头（笋片）", "2005919000", false, "竹笋罐头（竹笋 = bamboo shoot）"},
		{"Canned pears", "fruits-vegetables", "糖水梨罐头（425克）", "2008409000", true, ""},
		{"Green tea", "cocoa-coffee-tea", "红茶（散装）", "0902409000", false, "红茶 = black tea"},
		{"Green tea", "cocoa-coffee-tea", "绿茶（毛尖，100克/罐）", "0902109000", true, ""},
		{"Fruit cocktail in syrup", "prepared-dishes-snacks", "什锦水果罐头（糖水）", "2008970000", true, ""},
	} {
		n := Notification{Ref: "R", Product: c.product, Words: c.product, Category: c.category, Origin: "CN", Market: "LT", Date: day("2022-08-24")}
		cs := one(c.name, c.hs, n)
		if len(cs) != 1 {
			t.Errorf("%s against %s: candidates %+v, want one", c.product, c.name, cs)
			continue
		}
		if got := cs[0].Score >= Threshold; got != c.proposed {
			t.Errorf("%s against %s: score %.3f (%s), want proposed %v", c.product, c.name, cs[0].Score, evidenceText(cs[0]), c.proposed)
		}
		if c.note != "" && !strings.Contains(evidenceText(cs[0]), "another product of its kind: "+c.note) {
			t.Errorf("%s against %s: evidence %s, want it to name %s", c.product, c.name, evidenceText(cs[0]), c.note)
		}
	}
	// The alert's maker among both: proposed alone.
	ls := []Line{{Declaration: "D1", DeclaredAt: at, ConsignorUSCC: "U1", HSCode: "6912001000", Name: "陶瓷马克杯", Destination: "LT"},
		{Declaration: "D2", DeclaredAt: at, ConsignorUSCC: "U2", HSCode: "3924100000", Name: "竹纤维马克杯", Destination: "LT"}}
	n := Notification{Ref: "R", Product: "Bamboo fibre mug", Category: "food-contact-materials", Origin: "CN", Market: "LT", Date: day("2022-08-24")}
	if cs := NewIndex(es, ls).Match(n, Threshold); len(cs) != 1 || cs[0].Enterprise.USCC != "U2" {
		t.Errorf("candidates %+v, want the bamboo-fibre mugs' maker alone", cs)
	}
}

// TestMatchTariffCode: a notification whose only text is a tariff code is
// the goods of that subheading: the firm that shipped goods of it to the
// notifying country is proposed, the evidence naming the code; goods of the
// same heading but another subheading, and a text with letters, are not
// read so.
func TestMatchTariffCode(t *testing.T) {
	day := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南隆回红椒食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南花椒香料有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: day("2022-07-18"), ConsignorUSCC: "U1", HSCode: "0904220000", Name: "辣椒粉（细粉）", Destination: "ES"},
		{Declaration: "D2", DeclaredAt: day("2022-07-20"), ConsignorUSCC: "U2", HSCode: "0904110000", Name: "黑胡椒", Destination: "ES"},
	}
	n := Notification{Ref: "x", Product: "0904220011", Category: "herbs-spices", Origin: "CN", Market: "ES", Date: day("2022-09-05")}
	cs := NewIndex(es, ls).Match(n, Threshold)
	if len(cs) != 1 || cs[0].Enterprise.USCC != "U1" || !slices.ContainsFunc(cs[0].Evidence, func(ev Evidence) bool {
		return ev.Kind == "words" && strings.Contains(ev.Detail, "subheading 090422")
	}) {
		t.Fatalf("candidates %+v, want U1 by the subheading 090422", cs)
	}
	for _, s := range []string{"0904220011", "0904.22", "090422 "} {
		if tariffCode(s) == "" {
			t.Errorf("tariffCode(%q) is empty, want its digits", s)
		}
	}
	for _, s := range []string{"0904", "Chili 0904220011", "09042200119999", ""} {
		if c := tariffCode(s); c != "" {
			t.Errorf("tariffCode(%q) = %q, want none", s, c)
		}
	}
}

// TestMatchBrandModelInDescription: a recall that gives its brand and
// models only in its description (CPSC) finds the firm that declared them:
// a declared model named as a word counts with the line's brand named too,
// or when it mixes letters and digits; a declared brand of four letters
// counts when written twice or before "brand". A model word without the
// brand, and a short brand written once, say nothing.
func TestMatchBrandModelInDescription(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南常宁卫安体育用品有限公司"}, {ID: 2, USCC: "U2", NameZh: "湖南永州平衡者电动科技有限公司"},
		{ID: 3, USCC: "U3", NameZh: "湖南衡阳盔安头盔有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "6506100090", Name: "滑雪头盔", Brand: "HEAD", Model: "ANDOR", Destination: "US"},
		{Declaration: "D2", ConsignorUSCC: "U2", HSCode: "8711600090", Name: "电动平衡车（两轮）", Brand: "HYPE", Model: "ROAM", Destination: "US"},
		{Declaration: "D3", ConsignorUSCC: "U2", HSCode: "8711600090", Name: "双轮电动平衡车", Brand: "VERACO", Model: "DRIFT8", Destination: "US"},
		{Declaration: "D4", ConsignorUSCC: "U3", HSCode: "6506100090", Name: "儿童头盔（S码）", Brand: "WOOM", Model: "S", Destination: "US"},
	}
	ix := NewIndex(es, ls)
	tests := []struct {
		name, product, words string
		want, decl, says     string // want "": nobody proposed
	}{
		{"brand and model", "Ski and snowboard helmets", "Head USA Recalls Ski Helmets. This recall involves six models of HEAD ski and snowboard helmets: Agent, Alia, Andor, Arise.", "U1", "D1", "brand HEAD and model ANDOR"},
		{"short brand before brand", "Self-balancing scooters/hoverboards", "Hype Wireless Recalls Self-Balancing Scooters. This recall involves Hype Roam brand self-balancing scooters.", "U2", "D2", "model ROAM"},
		{"model with digits", "Self-balancing scooters/hoverboards", "Vecaro LifeStyle Recalls Hoverboards. This recall involves the Vecaro brand Glide65, Drift8, and Trek10 self-balancing scooter.", "U2", "D3", "model DRIFT8"},
		{"short brand twice", "Children's helmets", "woom bikes USA Recalls Children's Helmets. Woom is printed on both sides of the helmets.", "U3", "D4", "names the declared brand WOOM"},
		{"model without its brand", "Ski and snowboard helmets", "Acme Recalls Ski Helmets. This recall involves the Andor ski helmets.", "", "", ""},
		{"short brand once", "Children's helmets", "Acme Recalls Children's Helmets sold by woom dealers.", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := Notification{Ref: "r", Product: tt.product, Words: tt.product + " " + tt.words, Market: "US"}
			cs := ix.Match(n, Threshold)
			if tt.want == "" {
				if len(cs) != 0 {
					t.Fatalf("candidates %+v, want none", cs)
				}
				return
			}
			if len(cs) != 1 || cs[0].Enterprise.USCC != tt.want || !slices.ContainsFunc(cs[0].Evidence, func(ev Evidence) bool {
				return ev.Declaration == tt.decl && strings.Contains(ev.Detail, tt.says)
			}) {
				t.Fatalf("candidates %+v, want %s by %s saying %q", cs, tt.want, tt.decl, tt.says)
			}
		})
	}
}

// TestMatchBrandsTogether: an alert listing several brands ("ProSlim, 3
// Days Fit, Eight Factor Diet") finds the firm that declared two of them,
// one spelt alike, on the lines of one declaration; the same brands on two
// declarations are two shipments, and the firm is not proposed on the
// brand alone.
func TestMatchBrandsTogether(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "湖南娄底纤姿生物科技有限公司"}}
	ls := []Line{
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "2106909090", Name: "减肥胶囊", Brand: "3 DAY FIT", Destination: "US"},
		{Declaration: "D1", ConsignorUSCC: "U1", HSCode: "2106909090", Name: "减肥胶囊", Brand: "PROSLIM", Destination: "US"},
	}
	n := Notification{Ref: "f", Product: "Drugs", Brand: "ProSlim, 3 Days Fit, Eight Factor Diet, more", Market: "US"}
	cs := NewIndex(es, ls).Match(n, Threshold)
	if len(cs) != 1 || !slices.ContainsFunc(cs[0].Evidence, func(ev Evidence) bool {
		return ev.Kind == "brands" && ev.Declaration == "D1" && strings.Contains(ev.Detail, "3 DAY FIT") && strings.Contains(ev.Detail, "PROSLIM")
	}) {
		t.Fatalf("candidates %+v, want U1 by the two brands of D1", cs)
	}
	ls[1].Declaration = "D2"
	if cs := NewIndex(es, ls).Match(n, Threshold); len(cs) != 0 {
		t.Errorf("candidates %+v, want none: the brands were declared apart", cs)
	}
}
