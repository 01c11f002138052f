package matching

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"riskgate/internal/risk"
)

// The lexicon (data/lexicon.csv) is curated: it knows the goods Hunan
// trades in the words declarants write, and nothing else. An alert whose
// product words it does not know ("double-layer rotating drain basket")
// would find no declaration by its words at all. data/cedict.tsv is the
// fallback: the English glosses CC-CEDICT gives the Chinese words of goods
// (篮 basket, 苜蓿 alfalfa, 马口铁 tin), so that a declared name can be read
// word by word in English (沥水篮: water, basket) and compared with the
// alert's words the lexicon left unread.

//go:embed data/cedict.tsv
var cedictTSV string

// MaxDictionaryRows bounds the dictionary file.
const MaxDictionaryRows = 200_000

// maxDictWord is the longest headword, in characters.
const maxDictWord = 6

// Dictionary is CC-CEDICT's English glosses of Chinese words of goods,
// each gloss as its stemmed words (termWords).
type Dictionary struct {
	words map[string][]string // headword → the stemmed words of its glosses, each once
	// heads are, of each headword of two characters or more, the last
	// word of each gloss that is not a vague word (bicycle pump: pump;
	// shelf goods: shelf): what the goods the word names are.
	heads map[string][]string
}

// englishWords returns every word of the glosses.
func (d *Dictionary) englishWords() map[string]bool {
	out := map[string]bool{}
	for _, ws := range d.words {
		for _, w := range ws {
			out[w] = true
		}
	}
	return out
}

// ParseDictionary reads the dictionary (a header "zh<TAB>en", then a
// headword of one to six Chinese characters, a tab, and its glosses
// separated by "|", each of letters and spaces), each headword once. The
// first bad row is an error naming its line and field; nothing of a bad
// file is used.
func ParseDictionary(r io.Reader) (*Dictionary, error) {
	d := &Dictionary{words: map[string][]string{}, heads: map[string][]string{}}
	vague := map[string]bool{} // headwords one of whose glosses is vague words only
	bad := func(line int, field, zh, en string) error {
		return risk.Invalid(field, fmt.Sprintf("词典第 %d 行：%s", line, zh), fmt.Sprintf("dictionary line %d: %s", line, en))
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			if text != "zh\ten" {
				return nil, risk.Invalid("dictionary", "词典的表头应为 zh<TAB>en。", "the header of the dictionary must be zh<TAB>en.")
			}
			continue
		}
		if line > MaxDictionaryRows+1 {
			return nil, bad(line, "dictionary", fmt.Sprintf("最多 %d 行。", MaxDictionaryRows), fmt.Sprintf("at most %d rows.", MaxDictionaryRows))
		}
		zh, en, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, bad(line, "dictionary", "应为两列，以制表符分隔。", "must be two columns separated by a tab.")
		}
		if n := utf8.RuneCountInString(zh); n == 0 || n > maxDictWord || strings.ContainsFunc(zh, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			return nil, bad(line, "zh", "须为一至六个汉字。", "must be one to six Chinese characters.")
		}
		if _, dup := d.words[zh]; dup {
			return nil, bad(line, "zh", "词 "+zh+" 重复。", "the word "+zh+" repeats.")
		}
		var ws []string
		for _, g := range strings.Split(en, "|") {
			if strings.TrimSpace(g) == "" || strings.ContainsFunc(g, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == ' ') }) {
				return nil, bad(line, "en", "英文释义须为小写字母。", "the English glosses must be lower-case letters.")
			}
			gw := termWords(g)
			for _, w := range gw {
				if !slices.Contains(ws, w) {
					ws = append(ws, w)
				}
			}
			if utf8.RuneCountInString(zh) > 1 && !vague[zh] {
				if !slices.ContainsFunc(gw, func(w string) bool { return !vagueWords[w] && !stopwords[w] }) {
					// A gloss of vague words only (组合: "set"): the
					// word says nothing of which goods.
					vague[zh] = true
					delete(d.heads, zh)
					continue
				}
				for i := len(gw) - 1; i >= 0; i-- {
					if !vagueWords[gw[i]] && !stopwords[gw[i]] {
						if !slices.Contains(d.heads[zh], gw[i]) {
							d.heads[zh] = append(d.heads[zh], gw[i])
						}
						break
					}
				}
			}
		}
		d.words[zh] = ws
	}
	if err := sc.Err(); err != nil {
		return nil, risk.Invalid("dictionary", "词典无法读取："+err.Error(), "the dictionary cannot be read: "+err.Error())
	}
	return d, nil
}

// Read returns the stemmed English words of a declared name, read word by
// word: in each run of Chinese characters the longest headword at each
// place (马口铁旋开盖: 马口铁, 旋, 开, 盖), a character no headword starts
// with passed over (沥水篮: 沥 is none, then 水, 篮). Each word once, in
// order.
func (d *Dictionary) Read(name string) []string {
	if d == nil {
		return nil
	}
	var out []string
	rs := []rune(name)
	covered := 0 // where the words read so far end
	for i := 0; i < len(rs); i++ {
		if !unicode.Is(unicode.Han, rs[i]) {
			continue
		}
		j := i
		for j < len(rs) && j-i < maxDictWord && unicode.Is(unicode.Han, rs[j]) {
			j++
		}
		// Inside a word already read, only a word of two characters or
		// more that runs past it (小包装: 小包 "packet", then 包装
		// "packing").
		least := i + 1
		if i < covered {
			least = max(i+2, covered+1)
		}
		for ; j >= least; j-- {
			if ws, ok := d.words[string(rs[i:j])]; ok {
				for _, w := range ws {
					if !slices.Contains(out, w) {
						out = append(out, w)
					}
				}
				covered = max(covered, j)
				break
			}
		}
	}
	return out
}

// head returns what the goods a declared name ends with are: the longest
// headword of two characters or more that ends the name before its
// brackets, with its head words in English (自行车打气筒: 打气筒, pump;
// PVC跳绳: 跳绳, rope and skip); nothing when no such word ends it
// (雪地摩托车座套: 套 is one character).
func (d *Dictionary) head(name string) (string, []string) {
	if d == nil {
		return "", nil
	}
	if i := strings.IndexAny(name, "（("); i >= 0 {
		name = name[:i]
	}
	rs := []rune(strings.TrimRightFunc(name, func(r rune) bool { return !unicode.Is(unicode.Han, r) }))
	for n := min(maxDictWord, len(rs)); n >= 2; n-- {
		w := rs[len(rs)-n:]
		if slices.ContainsFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) {
			continue
		}
		if hs, ok := d.heads[string(w)]; ok {
			return string(w), hs
		}
	}
	return "", nil
}

// otherGoods reports a declared name whose head (Dictionary.head) is goods
// the alert names neither in its words (words: every word of its text)
// nor through its terms, whose Chinese words neither hold the head nor lie
// inside it (山地自行车 is the 自行车 of "bicycles", though CC-CEDICT
// glosses it "mountain bike"): 打气筒 for a recall of bicycle forks.
func (d *Dictionary) otherGoods(name string, words map[string]bool, terms []*Term) (string, bool) {
	zh, hs := d.head(name)
	if len(hs) == 0 || slices.ContainsFunc(hs, func(w string) bool { return words[w] }) {
		return "", false
	}
	for _, t := range terms {
		for _, z := range t.Zh {
			if strings.Contains(zh, z) || strings.Contains(z, zh) {
				return "", false
			}
		}
	}
	return zh + " = " + strings.Join(hs, ", "), true
}

// vagueWords say nothing of which goods an alert is about.
var vagueWords = map[string]bool{"food": true, "contact": true, "material": true, "item": true, "article": true, "set": true,
	"piece": true, "pc": true, "pcs": true, "pack": true, "kit": true, "type": true, "use": true, "new": true, "other": true,
	"various": true, "assorted": true, "mixed": true, "mix": true, "style": true, "chinese": true, "origin": true,
	"from": true, "with": true, "without": true, "for": true, "made": true, "good": true, "goods": true, "sample": true,
	"batch": true, "lot": true, "brand": true, "model": true, "size": true, "unknown": true, "undefined": true,
	// The form of the goods, not the goods (chaga powder, ginseng extract).
	"powder": true, "extract": true, "granule": true, "granular": true, "flake": true, "concentrate": true}

// unreadWords are the words of an alert's product text that could tell its
// goods apart: three letters or more, no digit, no stop word, vague word,
// colour, material or word of the category's name.
func (ref *reference) unreadWords(text string, catWords []string) []string {
	var out []string
	for _, w := range termWords(text) {
		if len(w) < 3 || strings.ContainsFunc(w, unicode.IsDigit) || stopwords[w] || vagueWords[w] || colourNames[w] ||
			slices.Contains(catWords, w) || ref.stuffs.byWords[w] != nil || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// readIn returns the words of ws that a line's name holds: read through
// the dictionary (read), or written in Latin letters (latin: "IQF").
func readIn(ws, read []string, latin map[string]bool) []string {
	var out []string
	for _, w := range ws {
		if readsWord(w, read, latin) {
			out = append(out, w)
		}
	}
	return out
}

// readsWord reports a word of the alert a line's name holds, read through
// the dictionary or written in Latin letters; a word in -ed is read in its
// stem too (salted: 盐 "salt"; smoked: 烟熏 "smoke").
func readsWord(w string, read []string, latin map[string]bool) bool {
	if slices.Contains(read, w) || latin[w] {
		return true
	}
	if b, ok := strings.CutSuffix(w, "ed"); ok && len(b) >= 3 {
		return slices.Contains(read, b) || slices.Contains(read, b+"e") || latin[b]
	}
	// And a word in -ing (rotating: 旋转 "to rotate"; folding: 折叠 "to
	// fold"; cutting: 切 "to cut").
	if b, ok := strings.CutSuffix(w, "ing"); ok && len(b) >= 3 {
		if slices.Contains(read, b) || slices.Contains(read, b+"e") {
			return true
		}
		n := len(b)
		return n >= 4 && b[n-1] == b[n-2] && slices.Contains(read, b[:n-1])
	}
	return false
}
