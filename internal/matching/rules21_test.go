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
