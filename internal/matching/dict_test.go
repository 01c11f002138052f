package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

func TestParseDictionaryRefusesBadRows(t *testing.T) {
	for _, c := range []struct{ name, tsv, field string }{
		{"wrong header", "zh,en\n篮\tbasket\n", "dictionary"},
		{"no tab", "zh\ten\n篮 basket\n", "dictionary"},
		{"not Chinese", "zh\ten\nkorb\tbasket\n", "zh"},
		{"too long", "zh\ten\n一二三四五六七\tseven\n", "zh"},
		{"repeated", "zh\ten\n篮\tbasket\n篮\tcage\n", "zh"},
		{"capitals", "zh\ten\n篮\tBasket\n", "en"},
		{"digits", "zh\ten\n篮\tbasket 2\n", "en"},
		{"empty gloss", "zh\ten\n篮\tbasket||cage\n", "en"},
	} {
		d, err := ParseDictionary(strings.NewReader(c.tsv))
		var e *risk.Error
		if d != nil || !errors.As(err, &e) || e.Field != c.field || !strings.Contains(e.Message, " / ") {
			t.Errorf("%s: %v, error %v; want a bilingual error on field %s and no dictionary", c.name, d, err, c.field)
		}
	}
	d, err := ParseDictionary(strings.NewReader("zh\ten\n篮\tbasket\n沥水架\tdish rack|drainer\n"))
	if err != nil || len(d.words) != 2 || !slices.Equal(d.words["沥水架"], []string{"dish", "rack", "drainer"}) {
		t.Fatalf("good dictionary: %v %v", d, err)
	}
}

// TestDictionaryRead: a declared name is read by the longest headword at
// each place; characters no headword starts with, brackets and Latin
// letters are passed over.
func TestDictionaryRead(t *testing.T) {
	d := mustReference().dict
	for name, want := range map[string][]string{
		"双层旋转沥水篮（PP）":  {"basket"},
		"马口铁旋开盖（玻璃瓶用）": {"tin", "lid", "bottle"},
		"珍珠奶茶（固体饮料）":   {"milk", "tea"},
		"有机紫花苜蓿种子":     {"alfalfa", "seed"},
		// A word of two characters or more that starts inside the
		// longest one and runs past it is read too: 小包 "packet",
		// then 包装 "packing".
		"绿茶（黄金茶，小包装）": {"packet", "packing"},
		// Words that are not goods tell one firm's goods from
		// another's: the print, the decoration.
		"密胺儿童餐盘（北极熊图案）": {"polar", "bear"},
		"贴花陶瓷盘":         {"decalcomania", "plate"},
	} {
		got := d.Read(name)
		for _, w := range want {
			if !slices.Contains(got, stem(w)) {
				t.Errorf("Read(%s) = %v, lacks %s", name, got, w)
			}
		}
	}
	// Not the characters inside a word already read: 北极熊 is read
	// whole, not as 北极 and 熊 besides.
	if got := d.Read("北极熊"); len(got) != 2 {
		t.Errorf("Read(北极熊) = %v; want polar bear alone", got)
	}
	if got := d.Read("ABC-123（）"); len(got) != 0 {
		t.Errorf("no Chinese, read as %v", got)
	}
	var none *Dictionary
	if got := none.Read("沥水篮"); got != nil {
		t.Errorf("nil dictionary: %v", got)
	}
}

// TestDictionaryReadsWhatTheLexiconDoesNot: "Spinning top" is no term of
// the lexicon; two firms shipped toys to Germany before it notified, one
// 陀螺（发光）, which CC-CEDICT glosses "spinning top", one plush toys: the
// spinning tops' maker is proposed with the reading as its evidence, the
// other is not.
func TestDictionaryReadsWhatTheLexiconDoesNot(t *testing.T) {
	if terms := mustReference().lex.Find("Spinning top"); len(terms) != 0 {
		t.Fatalf("the lexicon knows %v: pick another word", terms)
	}
	n := Notification{Ref: "s", Product: "Spinning top", Category: "toys", Origin: "CN", Market: "DE", Date: dayOf("2024-04-02"),
		Hazard: "Small parts - choking"}
	es, ls := twoShippers("9503009000", "陀螺（发光）", "毛绒玩具（熊）", "DE", "2024-02-05", "2024-02-12")
	got := proposesFirstOnly(t, "spinning tops against plush toys", es, ls, n)
	if ev := evidenceText(got["U1"]); !strings.Contains(ev, "CC-CEDICT") || !strings.Contains(ev, "spin") {
		t.Errorf("the evidence does not say the reading: %s", ev)
	}
}

// TestReadingDecidesATie: "folding chopping boards" against two firms that
// shipped PP chopping boards to the United Kingdom in the usual lag:
// 折叠砧板 reads "folding" through the dictionary, the other board does not,
// so the folding boards' shipper is proposed and the other, said why, is
// not.
func TestReadingDecidesATie(t *testing.T) {
	n := Notification{Ref: "g", Product: "folding chopping boards", Category: "food-contact-materials", Origin: "CN", Market: "GB", Date: dayOf("2020-06-02"),
		Hazard: "migration of primary aromatic amines"}
	es, ls := twoShippers("3924100000", "折叠砧板（PP）", "砧板（PP，大号）", "GB", "2020-04-13", "2020-04-20")
	got := proposesFirstOnly(t, "folding boards against boards", es, ls, n)
	if ev := evidenceText(got["U2"]); !strings.Contains(ev, "read through CC-CEDICT, holds more of the alert's words") {
		t.Errorf("the other shipper is not told why: %s", ev)
	}
}

// TestReadingHoldsLatinWordsAndLeadingWords: "IQF Diced Onions" against two
// firms that shipped onions to Cyprus: the line that writes IQF in its name
// is read as holding the alert's word (a leading word that merely looks like
// a brand is still the alert's), so it decides the tie.
func TestReadingHoldsLatinWordsAndLeadingWords(t *testing.T) {
	n := Notification{Ref: "o", Product: "IQF Diced Onions", Category: "fruits-vegetables", Origin: "CN", Market: "CY", Date: dayOf("2023-11-07"),
		Hazard: "Thiamethoxam - pesticide residues"}
	es, ls := twoShippers("0710809090", "速冻洋葱丁（IQF，10×10毫米）", "脱水洋葱片", "CY", "2023-09-04", "2023-09-11")
	ls[1].HSCode = "0712200000"
	proposesFirstOnly(t, "IQF onions against dehydrated onions", es, ls, n)
}

// TestAFormWordIsNoGoods: "organic chaga powder" names chaga, which the
// lexicon knows; the one firm that shipped reishi extract powder to Sweden
// is not its maker because its name reads "powder": the form of goods is no
// goods.
func TestAFormWordIsNoGoods(t *testing.T) {
	n := Notification{Ref: "c", Product: "organic chaga powder (Inonotus obliquus)", Category: "dietetic-foods", Origin: "CN", Market: "SE", Date: dayOf("2020-03-11"),
		Hazard: "unauthorised novel food"}
	es, ls := twoShippers("1302199099", "灵芝提取物（粉）", "陶瓷马克杯", "SE", "2020-01-27", "2020-01-27")
	ls[1].HSCode = "6912001000"
	ls = append(ls, Line{Declaration: "D3", DeclaredAt: dayOf("2019-10-14"), ConsignorUSCC: "U1", HSCode: "2106909090", Name: "叶黄素胶囊", Destination: "DK"})
	if got := byUSCC(NewIndex(es, ls).Match(n, 0)); got["U1"].Score >= Threshold {
		t.Errorf("reishi powder for chaga powder: %.3f %s", got["U1"].Score, evidenceText(got["U1"]))
	}
}

// TestReadsWord: a word in -ed is read in its stem (salted: 盐 "salt";
// smoked: 烟熏 "smoke"), Latin letters of the name count, and nothing else.
func TestReadsWord(t *testing.T) {
	d := mustReference().dict
	for _, c := range []struct {
		word, name string
		want       bool
	}{
		{"salted", "盐焗花生", true},
		{"smoked", "烟熏红椒粉", true},
		{"iqf", "速冻洋葱丁（IQF）", true},
		{"roasted", "花生仁（生）", false},
		{"ed", "盐", false},
	} {
		if got := readsWord(c.word, d.Read(c.name), wordSet(c.name)); got != c.want {
			t.Errorf("readsWord(%s, %s) = %v", c.word, c.name, got)
		}
	}
}

// TestDictionaryHead: the goods a declared name ends with, in English, from
// the longest word of two characters or more ending it before its
// brackets; none from a word one of whose glosses is vague ("set").
func TestDictionaryHead(t *testing.T) {
	d := mustReference().dict
	for name, want := range map[string]string{
		"自行车打气筒（落地式）":  "pump",
		"PVC跳绳（学校体育用）": "rope",
		"自行车座垫（公路）":    "saddle",
	} {
		if _, got := d.head(name); !slices.Contains(got, stem(want)) {
			t.Errorf("head(%s) = %v, lacks %s", name, got, want)
		}
	}
	for _, name := range []string{"手动工具组合（铝箱装，141件）", "雪地摩托车座套（涤纶）", "ABC"} {
		if _, got := d.head(name); got != nil {
			t.Errorf("head(%s) = %v; want none", name, got)
		}
	}
}

// TestReadsWordInIng: an alert's word in -ing is read in the verb a gloss
// gives ("rotating" in 旋转, "to rotate"; "folding" in 折叠; "cutting" in
// 切, "to cut"), as one in -ed is.
func TestReadsWordInIng(t *testing.T) {
	for _, c := range []struct {
		w    string
		read []string
		want bool
	}{{"rotating", []string{"rotate"}, true}, {"folding", []string{"fold"}, true}, {"cutting", []string{"cut"}, true},
		{"salted", []string{"salt"}, true}, {"rotating", []string{"rotation"}, false}, {"king", []string{"k"}, false}} {
		if got := readsWord(c.w, c.read, nil); got != c.want {
			t.Errorf("%s in %v: %v", c.w, c.read, got)
		}
	}
}
