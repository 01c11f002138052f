package matching

import (
	"strings"
	"testing"
)

// Round 48: foreign brands by their Chinese names, models the text calls
// models, initialisms as models, and the model that splits a shared brand;
// each rule checked on its own here, away from the sets.

// TestBrandNames: a foreign brand declared by the Chinese name its owner
// sells under in China (捷安特) is read as its English name (Giant); the
// evidence says so. A brand no table row names is read as before.
func TestBrandNames(t *testing.T) {
	for brand, want := range map[string]string{"捷安特": "giant", "禧玛诺": "shimano", "雅马哈": "yamaha", "沃尔玛": "walmart"} {
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
