package matching

import "testing"

func TestRomanisedPinyin(t *testing.T) {
	for brand, want := range map[string]string{
		"Lian How":               "lianhao",
		"Tsing Tao":              "qingtao",
		"Wong Lee":               "wangli",
		"Lian Hao":               "", // pinyin already: its form is the brand's own
		"Uncle Chen":             "", // not every word a syllable
		"Know How":               "",
		"How":                    "", // one word
		"Hsin Hsing Foo Kee Wah": "", // five words
	} {
		if got := romanisedPinyin(brand); got != want {
			t.Errorf("romanisedPinyin(%q) = %q, want %q", brand, got, want)
		}
	}
}

// TestOlderRomanisationMeetsChineseBrand: "Lian How" on a US recall meets
// the brand 联好 a firm declared on seasoning (read lianhao), while the
// firm whose registered name also reads Lianhao but which makes T-shirts is
// not proposed.
func TestOlderRomanisationMeetsChineseBrand(t *testing.T) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "双峰县椒香调味食品有限公司"}, {ID: 2, USCC: "U2", NameZh: "长沙市望城区联豪服饰有限公司", NameEn: "Changsha Lianhao Garments Co., Ltd."}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf("2009-01-19"), ConsignorUSCC: "U1", HSCode: "2103909000", Name: "复合调味料（香辣拌料，300克/瓶）", Brand: "联好", Destination: "US"},
		{Declaration: "D2", DeclaredAt: dayOf("2009-02-02"), ConsignorUSCC: "U2", HSCode: "6109100021", Name: "纯棉T恤", Destination: "US"},
	}
	n := Notification{Ref: "ucm135361", Product: "Dressing and Seasoning Product", Brand: "Lian How, Uncle Chen", Words: "Lian How, Uncle Chen Dressing and Seasoning Product",
		Market: "US", Date: dayOf("2009-04-15")}
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if c := got["U1"]; c.Score < Threshold || !hasKind(c, "brand", "D1") {
		t.Errorf("the seasoning's maker: %.3f %+v", c.Score, c.Evidence)
	}
	if c, ok := got["U2"]; ok && c.Score >= Threshold {
		t.Errorf("the T-shirt maker: %.3f %+v", c.Score, c.Evidence)
	}
}
