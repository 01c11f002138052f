package matching

import (
	"slices"
	"strings"
	"testing"
)

// twoShippers are two firms that shipped goods of one heading to one
// country weeks before a notification that names no firm: a and b are the
// names of their lines.
func twoShippers(hs, a, b, dest, dayA, dayB string) ([]Enterprise, []Line) {
	es := []Enterprise{{ID: 1, USCC: "U1", NameZh: "某甲有限公司"}, {ID: 2, USCC: "U2", NameZh: "某乙有限公司"}}
	ls := []Line{
		{Declaration: "D1", DeclaredAt: dayOf(dayA), ConsignorUSCC: "U1", HSCode: hs, Name: a, Destination: dest},
		{Declaration: "D2", DeclaredAt: dayOf(dayB), ConsignorUSCC: "U2", HSCode: hs, Name: b, Destination: dest},
	}
	return es, ls
}

// TestOwnWordBeatsSharedWord: "Paprika powder" against two firms that
// shipped pepper powder to Slovenia in the usual lag: 红椒粉（甜椒粉） is named
// in a word only paprika is called by, 辣椒粉 in one chilli powder is called
// by too, so the first is proposed and the second, said why, is not; with
// both lines named 辣椒粉 neither is (decide by hand).
func TestOwnWordBeatsSharedWord(t *testing.T) {
	n := Notification{Ref: "p", Product: "Paprika powder", Category: "herbs-spices", Origin: "CN", Market: "SI", Date: dayOf("2023-04-03"),
		Hazard: "Salmonella spp. - pathogenic micro-organisms"}
	es, ls := twoShippers("0904220000", "红椒粉（甜椒粉）", "辣椒粉", "SI", "2023-01-30", "2023-03-06")
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold || !strings.Contains(evidenceText(got["U2"]), "only the alert's goods are called by") {
		t.Errorf("甜椒粉 against 辣椒粉: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	es, ls = twoShippers("0904220000", "辣椒粉（细粉）", "辣椒粉", "SI", "2023-01-30", "2023-03-06")
	got = byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score >= Threshold || got["U2"].Score >= Threshold || !strings.Contains(evidenceText(got["U1"]), "decide by hand") {
		t.Errorf("辣椒粉 twice: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
}

// TestSharedWordsOfTheLexicon: a word two terms of different words list is
// shared; the words a translation copies from its English row are not.
func TestSharedWordsOfTheLexicon(t *testing.T) {
	lx, err := ParseLexicon(strings.NewReader("term,lang,zh,hs,source\npaprika,en,辣椒|甜椒粉|辣椒粉,0904,sg\nchilli powder,en,辣椒粉|辣椒面,0904,trade\npimenton,es,辣椒|甜椒粉|辣椒粉,0904,tr\n"),
		func(h string) bool { return h == "0904" })
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]bool{"辣椒粉": true, "甜椒粉": false, "辣椒": false, "辣椒面": false} {
		if lx.shared[w] != want {
			t.Errorf("%s shared: %v, want %v", w, lx.shared[w], want)
		}
	}
}

// TestVolatileOrganicConstituentsAreSilicones: "set of kitchen tools" with
// volatile organic constituents migrating, against a silicone set and a
// nylon set both shipped to Spain: the hazard is silicone's (the overall
// limit of BfR recommendation XV; RASFF notifies it on silicone goods), so
// the silicone set's maker is proposed and the nylon one's is not.
func TestVolatileOrganicConstituentsAreSilicones(t *testing.T) {
	n := Notification{Ref: "v", Product: "set of kitchen tools", Category: "food-contact-materials", Origin: "CN", Market: "ES", Date: dayOf("2020-03-05"),
		Hazard: "migration of volatile organic constituents"}
	es, ls := twoShippers("3924100000", "硅胶厨具套装（铲、勺、夹）", "尼龙厨具套装", "ES", "2020-01-13", "2019-12-30")
	got := byUSCC(NewIndex(es, ls).Match(n, 0))
	if got["U1"].Score < Threshold || got["U2"].Score >= Threshold {
		t.Errorf("silicone against nylon: %.3f %s; %.3f %s", got["U1"].Score, evidenceText(got["U1"]), got["U2"].Score, evidenceText(got["U2"]))
	}
	ms := mustReference().materials.Find("Volatile organic constituents - high content of - migration")
	if len(ms) != 1 || !strings.Contains(strings.Join(ms[0].Zh, "|"), "硅胶") {
		t.Errorf("volatile organic constituents: %v", ms)
	}
}

// TestLexiconRowsOfRound16: the rows added after eval20's first run —
// lidded cups are 带盖 ones (not any ceramic mug), a take-away mug is a
// 随手杯, kids' dinnerware is 儿童餐具 (not a 16-piece ceramic set), noodles
// with sauces are 拌面, pomeloes are pomelos and a purple sweet potato is
// a 紫薯.
func TestLexiconRowsOfRound16(t *testing.T) {
	checkFits(t, []fitCase{
		{"Lidded cups", "带盖塑料杯（PP）", "3924100000", true},
		{"Lidded cups", "陶瓷马克杯", "6912001000", false},
		{"Take away mug", "随手杯（PP，带盖）", "3924100000", true},
		{"Kids Dinnerware Sets", "儿童餐具套装（盘、碗、杯、叉勺）", "3924100000", true},
		{"Kids Dinnerware Sets", "陶瓷餐具套装（16件）", "6912001000", false},
		{"Noodles con salse/noodles with sauces", "拌面（附酱料包）", "1902300000", true},
		{"pomeloes", "沙田柚", "0805400000", true},
		{"purple sweet potatoes", "鲜紫薯（10千克/箱）", "0714200000", true},
	})
	for w, want := range map[string]string{"pomeloes": "pomelo", "tomatoes": "tomato", "shoes": "shoe", "toes": "toe"} {
		if got := stem(w); got != want {
			t.Errorf("stem(%q) = %q, want %q", w, got, want)
		}
	}
}

// TestDriedProduce: an alert that says its fruit or vegetables are dried
// ("Dried pears", German "Birnen, getrocknet") finds them under the dried
// headings (梨干 under 0813); without the word, 梨干 is another product
// than a fresh pear, and dried forms are made only for fresh produce.
func TestDriedProduce(t *testing.T) {
	checkFits(t, []fitCase{
		{"Dried pears", "梨干（熏硫）", "0813400000", true},
		{"Pears", "梨干（熏硫）", "0813400000", false},
		{"Dehydrated sweet peppers", "脱水彩椒片", "0712900000", true},
	})
	lx := mustReference().lex
	for term, dried := range map[string]string{"pear": "0813", "sweet pepper": "0712"} {
		tm := lx.terms[term]
		if tm == nil || tm.asDried == nil || !slices.Contains(tm.asDried.Headings, dried) || slices.Contains(tm.Headings, dried) {
			t.Errorf("%s: %+v", term, tm)
		}
	}
	if tm := lx.terms["mug"]; tm == nil || tm.asDried != nil {
		t.Errorf("mug has a dried form: %+v", tm)
	}
}
