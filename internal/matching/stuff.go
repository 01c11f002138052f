package matching

import (
	_ "embed"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode"
)

// The materials goods are made of, as alerts name them in their product's
// words ("Gourde en aluminium", "BOTELLAS DE PLÁSTICO PETG") and as
// declarants write them in a product's Chinese name (铝, 塑料). They are not
// product terms: a declared name often leaves the material out, so a
// material the name does not state says nothing; but a name that states
// another material (不锈钢 for an aluminium bottle) is another product of
// the alert's kind.

//go:embed data/stuffs.csv
var stuffsCSV string

// stuff is one material: its words in the languages the connectors bring,
// stemmed as termWords does (a phrase as its words joined by spaces), and
// the Chinese words of declared names that state it.
type stuff struct {
	Name    string
	words   []string
	Zh      []string
	Sources []string
}

// Stuffs finds the materials an alert's product words name.
type Stuffs struct {
	list     []*stuff
	byWords  map[string]*stuff
	maxWords int
}

var stuffsTable = table{field: "stuffs", zh: "材质表", en: "materials of goods", header: "material,words,zh,source", fields: 4}

// ParseStuffs reads the materials of goods (columns material, words, zh,
// source; "|" separates words, "+" sources) and checks every row: a name,
// words, Chinese words, at least one known source, each material and each
// word once. The first bad row is an error naming its line and field;
// nothing of a bad file is used.
func ParseStuffs(r io.Reader) (*Stuffs, error) {
	ss := &Stuffs{byWords: map[string]*stuff{}}
	names := map[string]bool{}
	err := stuffsTable.read(r, func(rec []string) *rowError {
		s := &stuff{Name: strings.TrimSpace(rec[0])}
		if s.Name == "" {
			return &rowError{"material", "缺少材质名称。", "the material is missing."}
		}
		if names[s.Name] {
			return &rowError{"material", "材质“" + s.Name + "”重复。", "the material " + s.Name + " repeats."}
		}
		for _, w := range strings.Split(rec[1], "|") {
			if ws := termWords(w); len(ws) > 0 {
				s.words = append(s.words, strings.Join(ws, " "))
			}
		}
		if len(s.words) == 0 {
			return &rowError{"words", "缺少外文用词。", "the foreign words are missing."}
		}
		for _, z := range strings.Split(rec[2], "|") {
			if z = strings.TrimSpace(z); z != "" {
				s.Zh = append(s.Zh, z)
			}
		}
		if len(s.Zh) == 0 {
			return &rowError{"zh", "缺少中文材质名。", "the Chinese words are missing."}
		}
		if e := checkSources(rec[3]); e != nil {
			return e
		}
		for _, src := range strings.Split(rec[3], "+") {
			if src = strings.TrimSpace(src); src != "" {
				s.Sources = append(s.Sources, src)
			}
		}
		for _, w := range s.words {
			if old := ss.byWords[w]; old != nil {
				return &rowError{"words", "用词“" + w + "”已属材质“" + old.Name + "”。", "the word " + w + " is already the material " + old.Name + "'s."}
			}
		}
		for _, w := range s.words {
			ss.byWords[w] = s
			ss.maxWords = max(ss.maxWords, len(strings.Fields(w)))
		}
		names[s.Name] = true
		ss.list = append(ss.list, s)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ss, nil
}

// Find returns the materials a text names, longest words first where they
// overlap ("stainless steel" is steel once).
func (ss *Stuffs) Find(text string) []*stuff {
	if ss == nil || text == "" {
		return nil
	}
	// A material's word alone as an item of a list of goods ("Dish, bowl,
	// tray and glass") names goods, not their material.
	if items := listItems.Split(text, -1); len(items) > 1 {
		var keep []string
		for _, it := range items {
			if w := termWords(it); len(w) == 1 && ss.byWords[w[0]] != nil {
				continue
			}
			keep = append(keep, it)
		}
		text = strings.Join(keep, " , ")
	}
	ws := termWords(text)
	// A material's word in the plural that names goods of it ("Glasses,
	// Cups, Cans": drinking glasses) is not the material.
	raw := strings.FieldsFunc(strings.ToLower(foldAccents(fold(text))), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(raw) == len(ws) {
		for i, w := range raw {
			if goodsPlurals[w] {
				ws[i] = ""
			}
		}
	}
	var out []*stuff
	for i := 0; i < len(ws); {
		step := 1
		for n := min(ss.maxWords, len(ws)-i); n >= 1; n-- {
			if s := ss.byWords[strings.Join(ws[i:i+n], " ")]; s != nil {
				if !slices.Contains(out, s) {
					out = append(out, s)
				}
				step = n
				break
			}
		}
		i += step
	}
	return out
}

// listItems splits a product text into the items of a list: commas,
// semicolons, slashes, ampersands and "and" in the connectors' languages.
var listItems = regexp.MustCompile(`(?i)\s*[,;/&+]\s*|\s+(?:and|und|et|y|e|i|oraz)\s+`)

// goodsPlurals are the plurals of materials' words that name goods made
// of them: glasses to drink from, tins of food.
var goodsPlurals = map[string]bool{"glasses": true, "tins": true, "irons": true, "coppers": true, "papers": true}

// holds reports a declared name that states the material (holdsMaterial:
// not after 仿, "imitation").
func (s *stuff) holds(name string) bool {
	return slices.ContainsFunc(s.Zh, func(z string) bool { return holdsMaterial(name, z) })
}

// meets reports two materials that share a Chinese word: metal and steel,
// metal and aluminium are not other materials to each other.
func (s *stuff) meets(o *stuff) bool {
	return slices.ContainsFunc(s.Zh, func(z string) bool { return slices.Contains(o.Zh, z) })
}

// otherStuff returns the material a declared name states when it states
// none of the alert's materials but one that meets none of them (不锈钢
// for an aluminium bottle): the line is another product of the alert's
// kind. "" when the alert names no material, the name states one of its
// materials, or states none.
func (ss *Stuffs) otherStuff(alert []*stuff, name string) string {
	if len(alert) == 0 || slices.ContainsFunc(alert, func(s *stuff) bool { return s.holds(name) }) {
		return ""
	}
	for _, s := range ss.list {
		if slices.ContainsFunc(alert, s.meets) {
			continue
		}
		for _, z := range s.Zh {
			if holdsMaterial(name, z) {
				return z
			}
		}
	}
	return ""
}

// isWord reports a Chinese word that is one of the materials' (陶瓷, 不锈钢).
func (ss *Stuffs) isWord(z string) bool {
	for _, s := range ss.list {
		if slices.Contains(s.Zh, z) {
			return true
		}
	}
	return false
}

// inAny reports Chinese words one of which holds a material's word
// (麦秸秆 holds 秸秆, 竹纤维 竹).
func (ss *Stuffs) inAny(zh []string) bool {
	for _, z := range zh {
		for _, s := range ss.list {
			if slices.ContainsFunc(s.Zh, func(w string) bool { return strings.Contains(z, w) }) {
				return true
			}
		}
	}
	return false
}

// holdsAny reports a declared name that states one of the alert's
// materials.
func holdsAny(alert []*stuff, name string) bool {
	return slices.ContainsFunc(alert, func(s *stuff) bool { return s.holds(name) })
}
