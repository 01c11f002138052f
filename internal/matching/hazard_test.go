package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/risk"
	"riskgate/internal/signal"
)

func TestParseMaterialsRefusesBadRows(t *testing.T) {
	for _, c := range []struct{ name, csv, field string }{
		{"no source", "substance,zh,source\nlead,陶瓷,\n", "source"},
		{"unknown source", "substance,zh,source\nlead,陶瓷,wikipedia\n", "source"},
		{"no Chinese", "substance,zh,source\nlead,,eu\n", "zh"},
		{"no substance", "substance,zh,source\n,陶瓷,eu\n", "substance"},
		{"repeated", "substance,zh,source\nlead,陶瓷,eu\nLead,玻璃,eu\n", "substance"},
		{"wrong header", "term,zh\nlead,陶瓷\n", "hazards"},
	} {
		ms, err := ParseMaterials(strings.NewReader(c.csv))
		var e *risk.Error
		if ms != nil || !errors.As(err, &e) || e.Field != c.field || !strings.Contains(e.Message, " / ") {
			t.Errorf("%s: %v, error %v; want a bilingual error on field %s and no table", c.name, ms, err, c.field)
		}
	}
	// The ingredients' table is read the same way and says its own name.
	ms, err := ParseIngredients(strings.NewReader("substance,zh\npoultry,鸡\n"))
	var e *risk.Error
	if ms != nil || !errors.As(err, &e) || e.Field != "ingredients" {
		t.Errorf("ingredients with a wrong header: %v, error %v", ms, err)
	}
}

// TestMaterialsFind: a substance tells the material only when the hazard
// says it migrated; the longest substance wins.
func TestMaterialsFind(t *testing.T) {
	ms := mustReference().materials
	for hazard, want := range map[string]string{
		"Lead - migration of - migration":                                    "lead",
		"migration of primary aromatic amines":                               "primary aromatic amine",
		"Formaldehyde - increasing migration - migration":                    "formaldehyde",
		"MIGRAZIONE SPECIFICA CROMO MIGRAZIONE SPECIFICA NICHEL - migration": "cromo",
		"Violation of Lead Paint Standard":                                   "",
		"Salmonella - pathogenic micro-organisms":                            "",
	} {
		got := ms.Find(hazard)
		if want == "" && len(got) > 0 || want != "" && (len(got) == 0 || got[0].Substance != want) {
			t.Errorf("Find(%q) = %v, want %q first", hazard, got, want)
		}
	}
	lead := ms.Find("lead migration")
	for name, want := range map[string]bool{"陶瓷盘（釉上彩）": true, "密胺盘（仿瓷）": false, "仿瓷碗（玻璃盖）": true} {
		if z, _ := materialIn(lead, &prepared{Line: Line{Name: name}}); (z != "") != want {
			t.Errorf("%s holds a material lead migrates from: %q, want %v", name, z, want)
		}
	}
	if h := HazardOf("Product: Plate\nHazard: Lead - migration of - migration\nNotified by: Poland"); h != "Lead - migration of - migration" {
		t.Errorf("HazardOf: %q", h)
	}
}

// TestHazardTellsMaterial: "Plate" notified for lead migration is the
// ceramic plate shipped to the notifying country, not the melamine one
// shipped there too; "food contact materials" notified for formaldehyde is
// the melamine-bound ware, the only such goods shipped there.
func TestHazardTellsMaterial(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "醴陵市金瓷日用陶瓷有限公司"}, {ID: 2, USCC: "U2", NameZh: "湘潭县雅洁密胺制品有限公司"},
		{ID: 3, USCC: "U3", NameZh: "桃源县竹林风环保餐具有限公司"}, {ID: 4, USCC: "U4", NameZh: "耒阳市钢友不锈钢制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-05-30"), ConsignorUSCC: "U1", HSCode: "6912001000", Name: "陶瓷盘（釉上彩，8寸）", Destination: "PL"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-06-06"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "密胺盘（仿瓷，儿童款）", Destination: "PL"},
		{Declaration: "D3", DeclaredAt: dayOf("2023-06-12"), ConsignorUSCC: "U3", HSCode: "3924100000", Name: "竹纤维餐具（碗、盘，三聚氰胺粘合）", Destination: "ES"},
		{Declaration: "D4", DeclaredAt: dayOf("2023-06-19"), ConsignorUSCC: "U4", HSCode: "7323930000", Name: "不锈钢汤勺", Destination: "ES"},
	}
	ix := NewIndex(es, ls)
	plate := Notification{Ref: "2022.4294", Product: "Plate", Words: "Plate", Category: "food-contact-materials", Origin: "CN", Market: "PL",
		Date: dayOf("2022-07-22"), Hazard: "Lead - migration of - migration"}
	got := byUSCC(ix.Match(plate, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("lead plate: ceramic %.3f, melamine %.3f", got["U1"].Score, got["U2"].Score)
	}
	plate.Hazard = ""
	got = byUSCC(ix.Match(plate, 0))
	if got["U1"].Score >= Threshold || got["U2"].Score >= Threshold {
		t.Errorf("plate of no stated hazard: ceramic %.3f, melamine %.3f; want both for a reviewer to decide", got["U1"].Score, got["U2"].Score)
	}
	fcm := Notification{Ref: "2023.5307", Product: "MATERIALES EN CONTACTO CON ALIMENTOS", Words: "MATERIALES EN CONTACTO CON ALIMENTOS",
		Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2023-08-04"), Hazard: "Formaldehyde - increasing migration - migration"}
	got = byUSCC(ix.Match(fcm, 0))
	if w, _ := evidenceOf(got["U3"], "words"); got["U3"].Score < Threshold || !strings.Contains(w.Detail, "三聚氰胺") {
		t.Errorf("formaldehyde: melamine-bound ware %.3f %+v", got["U3"].Score, got["U3"].Evidence)
	}
	if got["U4"].Score >= Threshold {
		t.Errorf("formaldehyde: steel spoons %.3f", got["U4"].Score)
	}
}

// TestProductText: the words of the harm and of the colours are blanked
// out before the lexicon reads the product.
func TestProductText(t *testing.T) {
	lx := mustReference().lex
	read := func(text string) []string {
		var out []string
		for _, t := range lx.Find(productText(text)) {
			out = append(out, t.Term)
		}
		return out
	}
	for text, c := range map[string]struct{ want, not string }{
		"Toy Cars Recalled Due to Risk of Serious Injury or Death from Battery Ingestion": {"", "battery"},
		"Baseball Gloves Recalled Due to Presence of Mould":                               {"glove", "mould"},
		"Building Sets Recalled Due to Magnet Ingestion Hazard":                           {"", "magnet"},
		"The sleds were sold in blue, green, orange and yellow.":                          {"sled", "orange"},
		"The helmets come in matte chestnut and cherry red":                               {"helmet", "cherry"},
		"Orange juice with pulp":                                                          {"orange", ""},
		"Trampolines Recalled Due to Fall Hazard":                                         {"trampoline", ""},
		"Batteries for toy cars":                                                          {"battery", ""},
	} {
		got := read(text)
		if c.want != "" && !slices.Contains(got, c.want) || c.not != "" && slices.Contains(got, c.not) {
			t.Errorf("%q reads as %v; want %q, not %q", text, got, c.want, c.not)
		}
	}
}

// TestBrandOnAnotherVariety: a brand declared on another variety of the
// alert's goods (the brand's catcher's helmets, for its junior batting
// helmets) counts as the brand on another product: half.
func TestBrandOnAnotherVariety(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "株洲市天元区安盾运动护具有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2008-03-03"), ConsignorUSCC: "U1", HSCode: "6506109000", Name: "棒球接手头盔（成人）", Brand: "RAWLINGS", Destination: "US"}}
	n := Notification{Ref: "08575", Product: "Rawlings Junior Batting Helmets", Words: "Batting Helmets Recalled by Rawlings Sporting Goods", Market: "US", Date: dayOf("2008-05-27")}
	cs := NewIndex(es, ls).Match(n, 0)
	if len(cs) != 1 {
		t.Fatalf("candidates %+v", cs)
	}
	if b, _ := evidenceOf(cs[0], "brand"); b.Strength != otherGoodsStrength || cs[0].Score >= Threshold {
		t.Errorf("brand %+v, score %.3f", b, cs[0].Score)
	}
}

// TestSignalKeepsHazard: a notification read back from its stored signal
// keeps the hazard its record's summary gave, as one read from the record.
func TestSignalKeepsHazard(t *testing.T) {
	g := &signal.Signal{ExternalRef: "2022.4294", Product: signal.Product{Name: "Plate", Origin: "CN", Destination: "PL"},
		Description: "RASFF: 2022.4294\nProduct: Plate\nHazard: Lead - migration of - migration\nOrigin: China\nhttps://example.org/2022.4294"}
	if n := FromSignal(g, "Plate", "food-contact-materials"); n.Hazard != "Lead - migration of - migration" {
		t.Errorf("hazard %q", n.Hazard)
	}
}
