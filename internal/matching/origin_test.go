package matching

import (
	"slices"
	"testing"
	"time"
)

func TestOriginsInText(t *testing.T) {
	for _, c := range []struct {
		text string
		want []string
	}{
		{`The gloves have a sewn-in white label with the words "Made in Vietnam" and the model number.`, []string{"VN"}},
		{"Country of origin: India. Sold at Target.", []string{"IN"}},
		{"made in China and Vietnam", []string{"CN", "VN"}},
		{"Manufactured in the United States", []string{"US"}},
		{"rice noodles of Vietnamese origin", []string{"VN"}},
		{"Hergestellt in Türkei", []string{"TR"}},
		{"Fabriqué en Inde", []string{"IN"}},
		{"产地：越南", []string{"VN"}},
		{"Product of Thailand", []string{"TH"}},
		// No country after the cue, or no cue before the country.
		{"a product of Kwik Tek, sold in Vietnam and China", nil},
		{"origin unknown; fine china mugs", nil},
		{"Uvex Funride ski helmets", nil},
	} {
		if got := OriginsInText(c.text); !slices.Equal(got, c.want) {
			t.Errorf("OriginsInText(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

// An origin stated only in the text counts against every candidate as the
// origin field does; one that names China among others does not.
func TestOriginInTextCountsAgainst(t *testing.T) {
	day0 := time.Date(2011, 7, 6, 0, 0, 0, 0, time.UTC)
	es := []Enterprise{{ID: 1, USCC: "91430100MA4L000001", NameZh: "郴州市健翔体育器材有限公司"}}
	lines := []Line{{Declaration: "D1", DeclaredAt: day0.AddDate(0, -8, 0), ConsignorUSCC: es[0].USCC, HSCode: "9506991000", Name: "棒球手套（牛皮）", Brand: "MIZUNO", Destination: "US"}}
	ix := NewIndex(es, lines)
	n := Notification{Ref: "R", Product: "Baseball Gloves", Words: `Mizuno USA recalls baseball gloves. The gloves have a label with the words "Made in Vietnam".`, Market: "US", Date: day0}
	cs := ix.Match(n, 0)
	if len(cs) != 1 || cs[0].Score >= Threshold || !slices.ContainsFunc(cs[0].Evidence, func(e Evidence) bool { return e.Kind == "origin" && e.Strength == 0 }) {
		t.Fatalf("made in Vietnam: %+v", cs)
	}
	n.Words = `Mizuno USA recalls baseball gloves, made in China and Vietnam.`
	cs = ix.Match(n, 0)
	if len(cs) != 1 || cs[0].Score < Threshold {
		t.Fatalf("made in China and Vietnam: %+v", cs)
	}
}
