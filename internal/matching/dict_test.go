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
	} {
		got := d.Read(name)
		for _, w := range want {
			if !slices.Contains(got, stem(w)) {
				t.Errorf("Read(%s) = %v, lacks %s", name, got, w)
			}
		}
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

// TestReadingDecidesATie: "blanched groundnut kernels" against two firms
// that shipped groundnuts to the Netherlands in the usual lag: 脱红衣花生仁
// reads "kernel" through the dictionary, 带壳花生 (in shell) does not, so the
// kernels' shipper is proposed and the other, said why, is not.
func TestReadingDecidesATie(t *testing.T) {
	n := Notification{Ref: "g", Product: "blanched groundnut kernels", Category: "nuts-seeds", Origin: "CN", Market: "NL", Date: dayOf("2020-03-05"),
		Hazard: "aflatoxins"}
	es, ls := twoShippers("1202420000", "脱红衣花生仁（白仁）", "带壳花生（大果，25公斤麻袋）", "NL", "2020-01-13", "2020-01-20")
	ls[1].HSCode = "1202410000"
	got := proposesFirstOnly(t, "kernels against groundnuts in shell", es, ls, n)
	if ev := evidenceText(got["U2"]); !strings.Contains(ev, "read through CC-CEDICT, holds more of the alert's words") {
		t.Errorf("the other shipper is not told why: %s", ev)
	}
}
