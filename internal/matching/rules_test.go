package matching

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func evidenceOf(c Candidate, kind string) (Evidence, bool) {
	i := slices.IndexFunc(c.Evidence, func(ev Evidence) bool { return ev.Kind == kind })
	if i < 0 {
		return Evidence{}, false
	}
	return c.Evidence[i], true
}

func byUSCC(cs []Candidate) map[string]Candidate {
	out := map[string]Candidate{}
	for _, c := range cs {
		out[c.Enterprise.USCC] = c
	}
	return out
}

func dayOf(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }

// TestTermsFitByNameWithPlacingTerm: once one of the alert's terms places a
// line (the potato masher, under 8205.51), the alert's other terms that its
// name holds fit too, under whatever heading (nylon, stainless steel): the
// material, ingredients or flavour of the goods. A line no term places gets
// nothing from its name's materials.
func TestTermsFitByNameWithPlacingTerm(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "新邵县利刃五金制品有限公司"}, {ID: 2, USCC: "U2", NameZh: "衡东县鑫达尼龙制品有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2020-07-20"), ConsignorUSCC: "U1", HSCode: "8205510000", Name: "土豆压泥器（尼龙头，不锈钢柄）", Destination: "PL"},
		{Declaration: "D2", DeclaredAt: dayOf("2020-05-11"), ConsignorUSCC: "U2", HSCode: "3924100000", Name: "尼龙漏勺（耐高温）", Destination: "PL"},
	}
	n := Notification{Ref: "2020.3657", Product: "nylon and stainless steel potato masher", Words: "nylon and stainless steel potato masher",
		Category: "food-contact-materials", Origin: "CN", Market: "PL", Date: dayOf("2020-09-09")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	w, ok := evidenceOf(got["U1"], "words")
	if !ok || w.Strength != 1 || !strings.Contains(w.Detail, "nylon ~ 尼龙") || !strings.Contains(w.Detail, "stainless steel ~ 不锈钢") {
		t.Fatalf("the masher's words: %+v", got["U1"].Evidence)
	}
	if got["U1"].Score < Threshold {
		t.Errorf("the masher's maker scores %.3f", got["U1"].Score)
	}
	if w, _ := evidenceOf(got["U2"], "words"); w.Strength > 0.34 || got["U2"].Score >= Threshold {
		t.Errorf("the nylon spoons' maker: words %+v, score %.3f", w, got["U2"].Score)
	}
}

// TestCategoryRestatingTerm: a term that restates the alert's category
// ("confectionery" in Confectionery) is not part of its product: "Jelly
// confectionery" is jelly, and konjac jelly cups are of its kind.
func TestCategoryRestatingTerm(t *testing.T) {
	ref := mustReference()
	cat := ref.categories["confectionery"]
	catWords := termWords(cat.name)
	for term, want := range map[string]bool{"confectionery": true, "jelly": false, "lollipop": false} {
		ts := ref.lex.Find(term)
		if len(ts) != 1 || cat.restates(ref.lex, ts[0], catWords) != want {
			t.Errorf("%s restates Confectionery: got %v, want %v", term, !want, want)
		}
	}
	// In another language, by its Chinese words: "pescado" (鱼) is "fish".
	fish := ref.categories["fish"]
	for term, want := range map[string]bool{"pescado": true, "merluza": false} {
		ts := ref.lex.Find(term)
		if len(ts) != 1 || fish.restates(ref.lex, ts[0], termWords(fish.name)) != want {
			t.Errorf("%s restates Fish: got %v, want %v", term, !want, want)
		}
	}
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "新晃侗族自治县侗乡魔芋食品有限公司"}}
	ls := []Line{{Declaration: "D1", DeclaredAt: dayOf("2024-06-17"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "魔芋果冻（吸吸果冻，杯装）", Destination: "DE"}}
	n := Notification{Ref: "2024.5963", Product: "Jelly confectionery", Words: "Jelly confectionery", Category: "confectionery", Origin: "CN", Market: "DE", Date: dayOf("2024-08-05")}
	cs := NewIndex(es, ls).Match(n, 0)
	if len(cs) != 1 || cs[0].Score < Threshold {
		t.Fatalf("konjac jelly cups for jelly confectionery: %+v", cs)
	}
	if m, _ := evidenceOf(cs[0], "market"); m.Strength != 1 || strings.Contains(m.Detail, "another product of its kind") {
		t.Errorf("market evidence %+v", m)
	}
}

// TestSharedMarketFarBelow: of two firms that shipped the alert's kind of
// goods to the notifying country, one whose shipped line carries all the
// alert's words (dried bamboo-shoot strips, 笋丝) is proposed; the other
// (canned slices) is lowered below the threshold even when its score was
// already well below the first's, saying why.
func TestSharedMarketFarBelow(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "绥宁县青山笋业食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "沅陵县笋宝笋业有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2022-06-13"), ConsignorUSCC: "U1", HSCode: "0712909100", Name: "笋丝（干，5千克/箱）", Destination: "DE"},
		{Declaration: "D2", DeclaredAt: dayOf("2022-05-02"), ConsignorUSCC: "U2", HSCode: "2005911000", Name: "竹笋片（罐装）", Destination: "DE"},
	}
	n := Notification{Ref: "2022.4589", Product: "Bamboo shoots in strips", Words: "Bamboo shoots in strips", Category: "other-food", Origin: "CN", Market: "DE", Date: dayOf("2022-08-05")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold {
		t.Errorf("the strips' maker scores %.3f: %+v", got["U1"].Score, got["U1"].Evidence)
	}
	if c := got["U2"]; c.Score >= Threshold || !hasKind(c, "shared-market", "") {
		t.Errorf("the slices' maker scores %.3f: %+v", c.Score, c.Evidence)
	}
}

// TestLexiconRowsOfMatch5: the rows added on branch match5 read as the
// goods they name, not as the shorter terms inside them.
func TestLexiconRowsOfMatch5(t *testing.T) {
	lx := mustReference().lex
	for text, want := range map[string]string{"Royal jelly": "蜂王浆", "Bamboo sprouts": "竹笋", "Gélules": "胶囊", "Sleds": "雪橇",
		"Bamboo shoots in strips": "丝", "Pappa reale": "蜂王浆"} {
		var zh []string
		for _, t := range lx.Find(text) {
			zh = append(zh, t.Zh...)
		}
		if !slices.Contains(zh, want) || text == "Royal jelly" && slices.Contains(zh, "果冻") {
			t.Errorf("%s reads as %v, want %s", text, zh, want)
		}
	}
}
