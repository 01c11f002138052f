package matching

import (
	_ "embed"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Chinese brand is sold abroad under its meaning as often as under its
// pinyin: the importer of 金香 (gold, fragrance) dried potatoes sells them
// as "Golden Smell", of 好味 preserved fruit as "Good Taste", of 草地 ginger
// as "Grassplot". data/glosses.csv gives the English meanings of the
// characters brands are made of; a brand of two to four of them is also
// read as each sequence of their meanings (goldensmell, goldfragrance, …).

//go:embed data/glosses.csv
var glossesCSV string

// Glosses are the English meanings of Chinese characters, each written as
// a brand form (letters only, lower case).
type Glosses map[rune][]string

var glossesTable = table{field: "glosses", zh: "品牌字义表", en: "brand character glosses", header: "zh,en,source", fields: 3}

// ParseGlosses reads the glosses (columns zh, en, source; "|" separates
// meanings, "+" sources) and checks every row: one Chinese character, once;
// meanings of letters and spaces; a known source. The first bad row is an
// error naming its line and field; nothing of a bad file is used.
func ParseGlosses(r io.Reader) (Glosses, error) {
	g := Glosses{}
	err := glossesTable.read(r, func(rec []string) *rowError {
		zh := strings.TrimSpace(rec[0])
		c, n := utf8.DecodeRuneInString(zh)
		if n == 0 || n != len(zh) || !unicode.Is(unicode.Han, c) {
			return &rowError{"zh", "须为一个汉字。", "must be one Chinese character."}
		}
		if _, dup := g[c]; dup {
			return &rowError{"zh", "汉字 " + zh + " 重复。", "the character " + zh + " repeats."}
		}
		var forms []string
		for _, m := range strings.Split(rec[1], "|") {
			m = strings.TrimSpace(m)
			if m == "" || strings.ContainsFunc(m, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == ' ') }) {
				return &rowError{"en", "英文释义须为字母。", "the English meanings must be letters."}
			}
			forms = append(forms, strings.ToLower(strings.ReplaceAll(m, " ", "")))
		}
		if e := checkSources(rec[2]); e != nil {
			return e
		}
		g[c] = forms
		return nil
	})
	if err != nil {
		return nil, err
	}
	return g, nil
}

// maxGlossForms bounds how many meanings a brand is read as; a brand of
// more is read as none (its reading would match too much).
const maxGlossForms = 48

// forms are a brand's readings by meaning: for a brand of two to four
// Chinese characters, each with a gloss, every sequence of their meanings;
// none for any other brand.
func (g Glosses) forms(brand string) []string {
	b := strings.TrimSpace(brand)
	rs := []rune(b)
	if len(rs) < 2 || len(rs) > 4 {
		return nil
	}
	out := []string{""}
	for _, r := range rs {
		ms, ok := g[r]
		if !ok {
			return nil
		}
		if len(out)*len(ms) > maxGlossForms {
			return nil
		}
		next := make([]string, 0, len(out)*len(ms))
		for _, o := range out {
			for _, m := range ms {
				next = append(next, o+m)
			}
		}
		out = next
	}
	return out
}
