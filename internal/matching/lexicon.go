package matching

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	unorm "golang.org/x/text/unicode/norm"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// The bilingual lexicon (data/lexicon.csv, its sources in data/README.md)
// maps the product words of foreign alerts — English and the other
// languages the connectors bring — to the Chinese words declarants write
// and to the HS headings the product falls under, so that a "porcelain mug"
// finds 陶瓷马克杯 declared under 6912.

//go:embed data/lexicon.csv
var lexiconCSV string

// The headings each category covers beyond its core (data/scopes.csv, its
// sources in data/README.md).
//
//go:embed data/scopes.csv
var scopesCSV string

// Term is one lexicon entry.
type Term struct {
	Term     string   // as written in the lexicon: "porcelain", "feu d'artifice"
	Lang     string   // en, de, fr, es, it, pl, ro, nl, pt, cs, hu; la for Latin names
	Zh       []string // Chinese words a declaration may use for it
	Headings []string // HS headings (2, 4 or 6 digits) it falls under; none = any
	Sources  []string // where the pair comes from (data/README.md)
	words    []string // the term's words, stemmed
	// asExtract is the term as the extract, powder or capsules of the
	// plant it names (astragalus extract powder, declared 黄芪提取物 under
	// 1302): the same words under its headings and 1302 and 2106; nil
	// for a term that names no plant product.
	asExtract *Term
	// asDried is the term as the dried goods of the fresh vegetable or
	// fruit it names (dried pears, declared 梨干 under 0813): its headings
	// and the dried ones (driedForm); nil for a term of no fresh produce.
	asDried *Term
	// madeOf is the term as the goods made of it, for an alert that says
	// its goods are made from it (asMadeFrom); nil for a term no longer
	// term holds.
	madeOf *Term
	// material are the Chinese words of the materials an alert's hazard
	// migrates from, when the term was read as goods of them (ofMaterial):
	// its headings after the first own are the materials', under which it
	// fits only a line whose name holds one of the words.
	material []string
	own      int
	// narrower are the terms of narrower kinds of its goods: holding all
	// its words and more, naming the same goods' word, under its headings
	// (Lexicon.narrowerFit).
	narrower []*Term
}

// Lexicon finds terms in text.
type Lexicon struct {
	terms map[string]*Term // key: the term's stemmed words joined by spaces
	list  []*Term          // in file order
	words map[string]bool  // every word of every term, stemmed
	// heads are the words that name goods alone: one-word terms and the
	// last word of a longer one (crab of "king crab", not king), and the
	// first of one in a language that names the goods first (headFirst),
	// each with the terms it heads.
	heads    map[string][]*Term
	maxWords int
	// slips are the lexicon's words of respellMin letters or more, keyed by
	// each form of one letter dropped and by themselves (respell).
	slips map[string][]string
	// phrases are the terms of two words or more, keyed by the first
	// letter of their first word (phraseSlip).
	phrases map[byte][]*Term
	// plain are words of other texts (the nomenclature's) that are
	// spelt right, so are never read as a slip.
	plain map[string]int
	// english are the words of the dictionary's English glosses: words of
	// English as they are, never read as two joined (decompound:
	// "lightweight" is no light and weight).
	english map[string]bool
	// shared are the Chinese words two terms of different words list
	// (sharedWords).
	shared map[string]bool
	// byRune lists, for each character, the Chinese words of two or more
	// characters that hold it, with their term (freeCount).
	byRune map[rune][]zhWord
}

// Sources a lexicon row may cite (data/README.md says what each means).
var lexiconSources = map[string]bool{"hs": true, "sg": true, "cpsc": true, "trade": true, "pharm": true, "tr": true, "fda": true, "eu": true, "bfr": true}

// lexiconLangs are the languages of the notifications the connectors
// bring (RASFF notifies in each member state's language), and la for the
// Latin names of crude drugs, plants and animals.
var lexiconLangs = map[string]bool{"en": true, "de": true, "fr": true, "es": true, "it": true, "pl": true, "ro": true, "nl": true,
	"pt": true, "cs": true, "hu": true, "sv": true, "da": true, "fi": true, "la": true}

// headFirst are the languages whose terms may name the goods by their
// first word.
var headFirst = map[string]bool{"fr": true, "es": true, "it": true, "pt": true, "ro": true, "pl": true, "cs": true}

// MaxLexiconRows bounds a lexicon file.
const MaxLexiconRows = 10_000

// ParseLexicon reads a lexicon (columns term, lang, zh, hs, source; "|"
// separates Chinese words, spaces headings, "+" sources) and checks every
// row: a term, a known language, Chinese words, headings that exist
// (headingExists), and at least one known source. The first bad row is an
// error naming its line and field; nothing of a bad file is used.
func ParseLexicon(r io.Reader, headingExists func(string) bool) (*Lexicon, error) {
	lx := &Lexicon{terms: map[string]*Term{}, words: map[string]bool{}, heads: map[string][]*Term{}}
	err := lexiconTable.read(r, func(rec []string) *rowError {
		t := &Term{Term: strings.TrimSpace(rec[0]), Lang: strings.TrimSpace(rec[1])}
		t.words = termWords(t.Term)
		if len(t.words) == 0 {
			return &rowError{"term", "缺少外文词。", "the term is missing."}
		}
		if !lexiconLangs[t.Lang] {
			return &rowError{"lang", "语言应为 en、de、fr、es、it、pl、ro、nl、pt、cs、hu、sv、da、fi 或 la。", "the language must be en, de, fr, es, it, pl, ro, nl, pt, cs, hu, sv, da, fi or la."}
		}
		for _, z := range strings.Split(rec[2], "|") {
			if z = strings.TrimSpace(z); z != "" {
				t.Zh = append(t.Zh, z)
			}
		}
		if len(t.Zh) == 0 {
			return &rowError{"zh", "缺少中文词。", "the Chinese words are missing."}
		}
		t.Headings = strings.Fields(rec[3])
		if e := checkHeadings(t.Headings, headingExists); e != nil {
			return e
		}
		if e := checkSources(rec[4]); e != nil {
			return e
		}
		for _, s := range strings.Split(rec[4], "+") {
			if s = strings.TrimSpace(s); s != "" {
				t.Sources = append(t.Sources, s)
			}
		}
		// A translation renders an English term in another language: an
		// English row needs a source of its own.
		if t.Lang == "en" && len(t.Sources) == 1 && t.Sources[0] == "tr" {
			return &rowError{"source", "英文词不能仅以译名（tr）为来源。", "an English term cannot have a translation (tr) as its only source."}
		}
		t.Headings = withStates(t.Headings)
		t.asExtract = extractForm(t)
		t.asDried = driedForm(t)
		key := strings.Join(t.words, " ")
		if old, dup := lx.terms[key]; dup {
			return &rowError{"term", "外文词与“" + old.Term + "”重复。", "the term repeats " + old.Term + "."}
		}
		lx.terms[key] = t
		lx.list = append(lx.list, t)
		lx.maxWords = max(lx.maxWords, len(t.words))
		for _, w := range t.words {
			// Words of one or two letters ("to go", "di", "de") join a
			// phrase; they do not make a word of text a product's.
			if len(w) > 2 {
				lx.words[w] = true
			}
		}
		if last := t.words[len(t.words)-1]; len(last) > 2 {
			lx.heads[last] = append(lx.heads[last], t)
		}
		// Romance and Slavic terms often name the goods first ("guirlande
		// lumineuse", "acero inoxidable", "kubek ceramiczny").
		if first := t.words[0]; headFirst[t.Lang] && len(first) > 2 && first != t.words[len(t.words)-1] {
			lx.heads[first] = append(lx.heads[first], t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	lx.deriveMadeOf()
	lx.deriveNarrower()
	lx.shared = sharedWords(lx.list)
	lx.byRune = map[rune][]zhWord{}
	for _, t := range lx.list {
		for _, z := range t.Zh {
			if utf8.RuneCountInString(z) < 2 {
				continue
			}
			seen := map[rune]bool{}
			for _, r := range z {
				if !seen[r] {
					seen[r] = true
					lx.byRune[r] = append(lx.byRune[r], zhWord{z, t})
				}
			}
		}
	}
	return lx, nil
}

// sharedWords are the Chinese words that terms of different Chinese words
// both list (辣椒粉 of "paprika" and of "chilli powder"): a line named in
// one is one term's goods no more than the other's. Translations list the
// same words as their English row, and so share none; a translation that
// lists fewer or other words than its English row (nudeln: 面条|米粉) still
// renders it, and is left out, so that it takes no word from its row.
func sharedWords(list []*Term) map[string]bool {
	first := map[string][]string{}
	shared := map[string]bool{}
	for _, t := range list {
		if t.Lang != "en" && slices.Contains(t.Sources, "tr") {
			continue
		}
		for _, z := range t.Zh {
			if zh, ok := first[z]; !ok {
				first[z] = t.Zh
			} else if !slices.Equal(zh, t.Zh) {
				shared[z] = true
			}
		}
	}
	return shared
}

// zhWord is a Chinese word of a term.
type zhWord struct {
	z string
	t *Term
}

// straddled is how many of the alert's terms a line's name holds only
// where a word of another goods runs into them from before (overrun):
// 冻狭鳕鱼片 holds 鳕鱼 of "cod" only across 狭鳕, Alaska pollock's word,
// where 冷冻鳕鱼柱 holds it free. Not another goods: the alert's terms and
// their translations, a term whose foreign words hold all of one of the
// alert's (大西洋鳕 of "atlantic cod" is a cod), and a longer word that holds
// a word of another of the alert's terms (the alert's goods named
// together). A term held in a word of one character (盘) is held free:
// every longer word runs into it. The words of other goods that may run
// into each of the alert's words are worked out once a notification
// (st.others).
func (lx *Lexicon) straddled(terms []*Term, st *straddles, l *prepared) int {
	name := l.Name
	n := 0
	for _, t := range terms {
		held, free := false, false
		for _, z := range t.Zh {
			if !holdsWord(name, z) {
				continue
			}
			held = true
			if utf8.RuneCountInString(z) < 2 {
				free = true
				break
			}
			others := st.others(lx, terms, t, z)
			for from := 0; !free; {
				i := strings.Index(name[from:], z)
				if i < 0 {
					break
				}
				i += from
				free = !overrun(name, i, i+len(z), others)
				from = i + len(z)
			}
			if free {
				break
			}
		}
		if held && !free {
			n++
		}
	}
	return n
}

// straddles keeps, for one notification, the words of other goods that may
// run into each of its terms' Chinese words.
type straddles struct {
	goods [][]string // the foreign words of each alert term and translation
	seen  map[string][]string
}

// newStraddles reads the alert's goods' foreign words: its terms' and their
// translations' (bacalao: cod).
func (lx *Lexicon) newStraddles(terms []*Term) *straddles {
	st := &straddles{seen: map[string][]string{}}
	for _, u := range lx.list {
		if slices.ContainsFunc(terms, func(a *Term) bool { return a == u || slices.Equal(a.Zh, u.Zh) }) {
			st.goods = append(st.goods, u.words)
		}
	}
	return st
}

// others returns the words longer than z that hold one of its characters
// and that only terms of other goods list (the alert's t's word z).
func (st *straddles) others(lx *Lexicon, terms []*Term, t *Term, z string) []string {
	key := t.Term + "\x00" + z
	if ws, ok := st.seen[key]; ok {
		return ws
	}
	kind := func(y zhWord) bool {
		if slices.ContainsFunc(terms, func(a *Term) bool { return a == y.t || slices.Equal(a.Zh, y.t.Zh) }) {
			return true
		}
		if slices.ContainsFunc(st.goods, func(g []string) bool {
			return len(g) > 0 && !slices.ContainsFunc(g, func(w string) bool { return !slices.Contains(y.t.words, w) })
		}) {
			return true
		}
		return slices.ContainsFunc(terms, func(u *Term) bool {
			return u != t && slices.ContainsFunc(u.Zh, func(zu string) bool { return strings.Contains(y.z, zu) })
		})
	}
	allOther := map[string]bool{}
	for _, r := range z {
		for _, w := range lx.byRune[r] {
			if len(w.z) <= len(z) && strings.Contains(z, w.z) {
				continue
			}
			o, ok := allOther[w.z]
			allOther[w.z] = (o || !ok) && !kind(w)
		}
	}
	var ws []string
	for y, o := range allOther {
		if o {
			ws = append(ws, y)
		}
	}
	slices.Sort(ws)
	st.seen[key] = ws
	return ws
}

// overrun reports one of the words of other goods that begins before
// name[i:j], the place of z, and ends inside it: the name then reads
// otherwise (狭鳕|鱼片, not 鳕鱼). A word that holds z whole names a kind of
// its goods (丁腈手套, 竹纤维儿童餐具), and one that begins inside z and runs
// past it only adds a form or cut (鳕鱼|片, 鱼片 of fillets): neither counts.
func overrun(name string, i, j int, others []string) bool {
	for _, y := range others {
		for from := 0; ; {
			k := strings.Index(name[from:], y)
			if k < 0 {
				break
			}
			k += from
			if k < i && k+len(y) > i && k+len(y) < j {
				return true
			}
			from = k + len(y)
		}
	}
	return false
}

// ownHeld reports whether a line's name holds a word of the term that no
// other term lists and that is more than one character (甜椒粉 is paprika
// only; 辣椒粉 is also chilli powder, 杯 any cup).
func (lx *Lexicon) ownHeld(t *Term, l *prepared) bool {
	for _, z := range t.Zh {
		if !lx.shared[z] && utf8.RuneCountInString(z) > 1 && l.holds(z) {
			return true
		}
	}
	return false
}

// foodHeadings reports headings that are all of food (chapters 01–24).
func foodHeadings(hs []string) bool {
	return len(hs) > 0 && !slices.ContainsFunc(hs, func(h string) bool { return len(h) < 2 || h[:2] > "24" })
}

// deriveMadeOf gives each one-word term the goods made of it: the
// headings of the lexicon's longer terms of its language that hold its
// word ("rice": rice noodle, rice cake, rice vermicelli — 1902, 1904, 1905
// besides 1006), only food headings for a food.
func (lx *Lexicon) deriveMadeOf() {
	for _, t := range lx.list {
		if len(t.words) != 1 || len(t.Headings) == 0 {
			continue
		}
		food := foodHeadings(t.Headings)
		var heads []string
		for _, u := range lx.list {
			if u == t || u.Lang != t.Lang || len(u.words) < 2 || !slices.Contains(u.words, t.words[0]) {
				continue
			}
			for _, h := range u.Headings {
				if food && (len(h) < 2 || h[:2] > "24") || hasPrefix(h, t.Headings) || slices.Contains(heads, h) {
					continue
				}
				heads = append(heads, h)
			}
		}
		if len(heads) == 0 {
			continue
		}
		x := *t
		x.Headings = append(slices.Clone(t.Headings), heads...)
		x.madeOf = nil
		t.madeOf = &x
	}
}

// madeFromCue finds the words by which an alert says its goods are made
// of or from something ("Obtained from rice", "à base de riz", "hergestellt
// aus Reis"), in the languages the connectors bring.
var madeFromCue = regexp.MustCompile(`(?i)\b(?:obtained|made|derived|produced|prepared|manufactured)\s+(?:from|of)\b|\bbased\s+on\b|\b(?:à|a)\s+base\s+d[eio]\b|\bobtenu[es]*\s+(?:à|a)\s+partir\s+de\b|\bottenut[oaie]\s+da\b|\bobtenid[oa]s?\s+(?:de|a\s+partir\s+de)\b|\bhergestellt\s+aus\b|\bauf\s+basis\s+von\b`)

// sentenceEnd is where a sentence ends: a stop, a question or exclamation
// mark or a semicolon before a space or the end, not a decimal point.
var sentenceEnd = regexp.MustCompile(`[.;!?](?:\s|$)`)

// asMadeFrom returns the terms with those the text names after a
// made-from cue read as the goods made of them (deriveMadeOf): "Obtained
// from rice" is rice noodles or rice cakes as well as rice.
func (lx *Lexicon) asMadeFrom(text string, terms []*Term) []*Term {
	loc := madeFromCue.FindStringIndex(text)
	if loc == nil {
		return terms
	}
	// What the goods are made of is named before the sentence ends ("The
	// bicycles are made from aluminum and carbon fiber. The model name is
	// printed on the bicycle's top tube": aluminum and carbon fiber, not
	// the bicycle).
	rest := text[loc[1]:]
	if i := sentenceEnd.FindStringIndex(rest); i != nil {
		rest = rest[:i[0]]
	}
	after := lx.Find(productText(rest))
	var out []*Term
	for i, t := range terms {
		if t.madeOf != nil && slices.Contains(after, t) {
			if out == nil {
				out = slices.Clone(terms)
			}
			out[i] = t.madeOf
		}
	}
	if out == nil {
		return terms
	}
	return out
}

// Find returns the terms in text, longest first where terms overlap
// ("bamboo chopsticks" is the one term, not also "bamboo").
func (lx *Lexicon) Find(text string) []*Term {
	if lx == nil {
		return nil
	}
	ws := lx.respell(lx.decompound(termWords(text)))
	var out []*Term
	for i := 0; i < len(ws); {
		step := 1
		for n := min(lx.maxWords, len(ws)-i); n >= 1; n-- {
			if t := lx.terms[strings.Join(ws[i:i+n], " ")]; t != nil {
				if !slices.Contains(out, t) {
					out = append(out, t)
				}
				step = n
				break
			}
		}
		// "Black and green tea": a word joined by "and" or "or" to the
		// head of a term is that term's head too, when the two make a
		// term (black tea as well as green tea).
		if step == 1 && i+2 < len(ws) && coordinators[ws[i+1]] {
			for n := min(lx.maxWords, len(ws)-i-2); n >= 2; n-- {
				if lx.terms[strings.Join(ws[i+2:i+2+n], " ")] == nil {
					continue
				}
				if t := lx.terms[strings.Join(append([]string{ws[i]}, ws[i+3:i+2+n]...), " ")]; t != nil && !slices.Contains(out, t) {
					out = append(out, t)
				}
				break
			}
		}
		if step == 1 {
			if t, n := lx.phraseSlip(ws[i:]); t != nil {
				if !slices.Contains(out, t) {
					out = append(out, t)
				}
				step = n
			}
		}
		i += step
	}
	return out
}

// coordinators join two words that share the word after them ("black and
// green tea", "rot und grün", "noir et vert"), stemmed as termWords does.
var coordinators = map[string]bool{"and": true, "or": true, "und": true, "oder": true, "et": true, "ou": true, "y": true, "o": true,
	"e": true, "i": true, "lub": true, "en": true}

// phraseMin is how long each slipped word of a phrase must be, and the
// term's word it is read as.
const phraseMin = 4

// phraseSlip returns the one term of two words or more that the words at
// the head of ws spell with a typing slip in some of them ("mini sping
// roles" for spring rolls), with the number of words it takes: each word
// is the term's or, of phraseMin letters or more, no word of the
// lexicon, the nomenclature or the stop words, one slip from the term's
// word with the same first letter. A single short word one letter from
// another is as often another word (respell asks seven letters); a run
// of such words each one slip from the words of one phrase is that
// phrase. None when no term or more than one fits.
func (lx *Lexicon) phraseSlip(ws []string) (*Term, int) {
	if len(ws) < 2 || ws[0] == "" || lx.phrases == nil {
		return nil, 0
	}
	var found *Term
	for _, t := range lx.phrases[ws[0][0]] {
		if len(t.words) > len(ws) {
			continue
		}
		slipped, ok := 0, true
		for k, v := range t.words {
			w := ws[k]
			if w == v {
				continue
			}
			if len(w) < phraseMin || len(v) < phraseMin || w[0] != v[0] || lx.words[w] && !lx.inTermLike(w, t) || lx.plain[w] > 0 || stopwords[w] ||
				!latinForm(w) || spellingDistance(w, v, 1) > 1 {
				ok = false
				break
			}
			slipped++
		}
		if !ok || slipped == 0 {
			continue
		}
		if found != nil && found != t {
			return nil, 0
		}
		found = t
	}
	if found == nil {
		return nil, 0
	}
	return found, len(found.words)
}

// respellMin is how long a word must be, and the lexicon's word it may be
// a slip for, to be read as that word: a shorter word one letter from
// another is as often another word.
const respellMin = 7

// respell reads a word of respellMin letters or more that the lexicon,
// the nomenclature (plain) and the stop words do not know as the one word
// of the lexicon one typing slip away from it (a letter changed, added or
// dropped, two neighbours swapped: "seeweed" is seaweed), when its first
// letter is that word's: alerts are typed in a hurry, in a language not
// the notifier's own.
func (lx *Lexicon) respell(ws []string) []string {
	var out []string
	for k, w := range ws {
		if r := lx.slipFor(w); r != "" {
			if out == nil {
				out = slices.Clone(ws)
			}
			out[k] = r
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// slipFor returns the word of the lexicon w is a slip for, "" when none or
// more than one.
func (lx *Lexicon) slipFor(w string) string {
	if len(w) < respellMin || lx.words[w] || lx.plain[w] > 0 || stopwords[w] || !latinForm(w) {
		return ""
	}
	if lx.slips == nil {
		return ""
	}
	found := ""
	try := func(key string) bool {
		for _, c := range lx.slips[key] {
			if c == found || c[0] != w[0] || spellingDistance(w, c, 1) > 1 {
				continue
			}
			if found != "" {
				// Two words of one meaning (silicone, silicon: 硅胶) are no
				// doubt: the one of w's length, else the first in order.
				if !lx.sameWord(c, found) {
					return false
				}
				if len(c) == len(w) && len(found) != len(w) || (len(c) == len(w)) == (len(found) == len(w)) && c < found {
					found = c
				}
				continue
			}
			found = c
		}
		return true
	}
	if !try(w) {
		return ""
	}
	for i := range w {
		if !try(w[:i] + w[i+1:]) {
			return ""
		}
	}
	if found == "" {
		return ""
	}
	// An English inflection is no slip ("cracked" is not cracker).
	for _, end := range [...]string{"ed", "ing"} {
		if strings.HasSuffix(w, end) != strings.HasSuffix(found, end) {
			return ""
		}
	}
	// Nor is a word two slips from another word of the lexicon as well:
	// which one was meant is a guess ("melanie", melange or melamine) —
	// unless both words are terms of their own that say the same in
	// Chinese, one word in two languages ("poliadmida": Spanish poliamida,
	// Polish poliamid and Italian poliammide are all 尼龙). Two neighbours
	// swapped keep every letter typed ("cultery": cutlery, though celery is
	// two slips away), and are no guess.
	if swapped(w, found) {
		return found
	}
	for c := range lx.words {
		if c != found && c[0] == w[0] && len(c)-len(w) <= 2 && len(w)-len(c) <= 2 && latinForm(c) && spellingDistance(w, c, 2) <= 2 && !lx.sameWord(c, found) {
			return ""
		}
	}
	return found
}

// inTermLike reports a word of the lexicon that is a word of a term
// saying the same in Chinese as t: the word in another language ("Food
// suplements", whose suplement is Polish suplement diety's, is food
// supplement with a slip).
func (lx *Lexicon) inTermLike(w string, t *Term) bool {
	for _, u := range lx.list {
		if u != t && slices.Contains(u.words, w) && slices.ContainsFunc(u.Zh, func(z string) bool { return slices.Contains(t.Zh, z) }) {
			return true
		}
	}
	return false
}

// sameWord reports whether two words of the lexicon are each a term of
// one word whose Chinese words meet: the one word in two languages.
func (lx *Lexicon) sameWord(a, b string) bool {
	ta, tb := lx.terms[a], lx.terms[b]
	if ta == nil || tb == nil {
		return false
	}
	return slices.ContainsFunc(ta.Zh, func(z string) bool { return slices.Contains(tb.Zh, z) })
}

// indexSlips keys the lexicon's words of respellMin letters or more by
// themselves and by each form of one letter dropped, so that respell finds
// a word one slip from an alert's by a few look-ups.
func (lx *Lexicon) indexSlips() {
	lx.slips = map[string][]string{}
	lx.phrases = map[byte][]*Term{}
	for _, t := range lx.list {
		if len(t.words) > 1 && t.words[0] != "" {
			lx.phrases[t.words[0][0]] = append(lx.phrases[t.words[0][0]], t)
		}
	}
	add := func(key, w string) {
		if !slices.Contains(lx.slips[key], w) {
			lx.slips[key] = append(lx.slips[key], w)
		}
	}
	for w := range lx.words {
		if len(w) < respellMin || !latinForm(w) {
			continue
		}
		add(w, w)
		for i := range w {
			add(w[:i]+w[i+1:], w)
		}
	}
}

// decompound reads a word the lexicon does not know that joins two it
// does, as German and Dutch write them ("Polypropylenbox": polypropylen
// box; "Bentobox": bento box), as the two words: the first of four letters
// or more, the second of three or more, the longest first word taken. A
// word of English the dictionary's glosses write ("lightweight") is read
// as it is.
func (lx *Lexicon) decompound(ws []string) []string {
	var out []string
	for k, w := range ws {
		split := false
		if len(w) >= 7 && !lx.words[w] && !lx.english[w] {
			for i := len(w) - 3; i >= 4; i-- {
				if a, b := w[:i], stem(w[i:]); lx.words[a] && lx.words[b] {
					if out == nil {
						out = append([]string(nil), ws[:k]...)
					}
					out = append(out, a, b)
					split = true
					break
				}
			}
		}
		if !split && out != nil {
			out = append(out, w)
		}
	}
	if out == nil {
		return ws
	}
	return out
}

// termWords splits text into lower-case words of letters and digits,
// without their accents (céramique → ceramique, łyżka → lyzka), each
// stemmed so that plurals meet their singular (mugs → mug, boxes → box,
// accessories → accessory). The "s" of a possessive is dropped, so that
// "catcher's helmet" meets "catchers helmet". Terms are found as whole
// words: "soy" is not in "soya", "ajo" not in "ajoutée".
func termWords(s string) []string {
	ws := strings.FieldsFunc(strings.ToLower(foldAccents(fold(s))), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	out := ws[:0]
	for _, w := range ws {
		if w != "s" {
			out = append(out, stem(w))
		}
	}
	return out
}

// foldAccents writes Latin letters without their diacritics, as alerts
// typed on another keyboard do: céramique, ceramique; jazmín, jazmin;
// łyżka, lyzka; Süßware, Sussware.
func foldAccents(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range unorm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if x, ok := letterFolds[r]; ok {
			b.WriteString(x)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// letterFolds are the letters that do not decompose into a base letter
// and a mark.
var letterFolds = map[rune]string{'ł': "l", 'Ł': "L", 'ß': "ss", 'ø': "o", 'Ø': "O", 'æ': "ae", 'Æ': "AE", 'œ': "oe", 'Œ': "OE",
	'đ': "d", 'Đ': "D", 'ı': "i"}

// stateHeadings are the headings where goods are declared in another
// state or of another metal than a term's heading says: a vegetable of
// 0701–0709 frozen (0710) or provisionally preserved in brine (0711); a
// fruit or nut of 0801–0810 frozen (0811) or provisionally preserved
// (0812) — not dried (0712, 0813), which makes another product (梨干 is no
// fresh nashi); a cereal of 1001–1008 milled into
// flour, groats or flakes (1101–1104) — the nomenclature's own texts of
// those headings say "vegetables", "fruit" and "cereal" of the headings
// before them; and kitchen and household articles of iron or steel (7323),
// copper (7418) or aluminium (7615), the same goods of another metal.
var stateHeadings = []struct {
	from, to string
	states   []string
}{
	{"0701", "0709", []string{"0710", "0711"}},
	{"0801", "0810", []string{"0811", "0812"}},
	{"1001", "1008", []string{"1101", "1102", "1103", "1104"}},
	{"7323", "7323", []string{"7418", "7615"}},
	{"7418", "7418", []string{"7323", "7615"}},
	{"7615", "7615", []string{"7323", "7418"}},
}

// withStates returns the headings with the headings of the other states
// of the vegetables and fruit among them (jalapeño, 0709, also falls under
// 0711, where 盐渍青辣椒 is declared).
func withStates(heads []string) []string {
	out := heads
	for _, h := range heads {
		if len(h) < 4 {
			continue
		}
		for _, st := range stateHeadings {
			if h[:4] < st.from || h[:4] > st.to {
				continue
			}
			for _, x := range st.states {
				if !slices.ContainsFunc(out, func(o string) bool { return strings.HasPrefix(x, o) }) {
					if len(out) == len(heads) {
						out = slices.Clone(heads)
					}
					out = append(out, x)
				}
			}
		}
	}
	return out
}

// extractHeadings are where the extracts, powders and capsules of plants
// are declared: vegetable saps and extracts (1302) and food preparations
// (2106).
var extractHeadings = []string{"1302", "2106"}

// extractForm returns the term as the extract of the plant it names, for a
// term all of whose headings are vegetable products (chapters 07–12: roots,
// herbs, fruit, tea, mushrooms) or already the extracts' (maca: 1211, 0714
// and 2106); nil for any other.
func extractForm(t *Term) *Term {
	if len(t.Headings) == 0 {
		return nil
	}
	for _, h := range t.Headings {
		if slices.Contains(extractHeadings, h) {
			continue
		}
		if len(h) < 2 || h[:2] < "07" || h[:2] > "12" {
			return nil
		}
	}
	x := *t
	x.Headings = slices.Clone(t.Headings)
	for _, h := range extractHeadings {
		if !slices.Contains(x.Headings, h) {
			x.Headings = append(x.Headings, h)
		}
	}
	x.asExtract = nil
	return &x
}

// driedHeadings are where the dried goods of fresh vegetables (0701–0709)
// and fruit (0801–0810) are declared: dried vegetables (0712) and dried
// fruit (0813; the nuts, bananas, dates, figs, citrus and grapes of
// 0801–0806 are declared dried under their own headings).
var driedHeadings = []struct{ from, to, dried string }{
	{"0701", "0709", "0712"},
	{"0807", "0810", "0813"},
}

// driedForm returns the term as the dried goods of the fresh produce it
// names, nil for a term of none.
func driedForm(t *Term) *Term {
	var add []string
	for _, h := range t.Headings {
		if len(h) < 4 {
			continue
		}
		for _, d := range driedHeadings {
			if h[:4] >= d.from && h[:4] <= d.to && !slices.Contains(add, d.dried) && !hasPrefix(d.dried, t.Headings) {
				add = append(add, d.dried)
			}
		}
	}
	if len(add) == 0 {
		return nil
	}
	x := *t
	x.Headings = append(slices.Clone(t.Headings), add...)
	x.asExtract, x.asDried = nil, nil
	return &x
}

// driedCue are the words by which an alert says its vegetables or fruit
// are dried, in the languages the connectors bring.
var driedCue = cueSet(`dried dry dehydrated desiccated sundried getrocknet getrocknete getrockneter trocken
		gedroogd gedroogde seche seches sechee sechees deshydrate deshydrates secado secados secada secadas deshidratado
		deshidratados essiccato essiccati essiccata essiccate secco secchi secca secche suszone suszony suszona suszonych
		uscat uscate deshidratat seco secos seca secas desidratado desidratados susene suseny szaritott`)

// cueSet is the stemmed words of a list of cue words, as termWords reads
// a text.
func cueSet(list string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(list) {
		for _, v := range termWords(w) {
			set[v] = true
		}
	}
	return set
}

// hasCue reports a text holding one of a cue set's words.
func hasCue(text string, cue map[string]bool) bool {
	return slices.ContainsFunc(termWords(text), func(w string) bool { return cue[w] })
}

// asDrieds returns the terms read as dried goods when the alert's words
// say its vegetables or fruit are dried ("Dried pears", "Pilze,
// getrocknet"), else the terms as they are.
func asDrieds(text string, terms []*Term) []*Term {
	return readAs(text, terms, driedCue, func(t *Term) *Term { return t.asDried })
}

// readAs returns the terms each read in its other form (form, nil for a
// term that has none) when the text holds a word of cue, else the terms as
// they are.
func readAs(text string, terms []*Term, cue map[string]bool, form func(*Term) *Term) []*Term {
	if !slices.ContainsFunc(terms, func(t *Term) bool { return form(t) != nil }) ||
		!hasCue(text, cue) {
		return terms
	}
	out := make([]*Term, len(terms))
	for i, t := range terms {
		out[i] = t
		if f := form(t); f != nil {
			out[i] = f
		}
	}
	return out
}

// extractCue finds the words by which an alert says its goods are an
// extract, a powder or capsules, in the languages the connectors bring.
var extractCue = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`extract extracts extracted powder powdered capsule capsules tablet tablets softgel
		extrakt extrakte pulver kapseln tabletten extrait extraits poudre gelule gelules comprime comprimes
		extracto extractos polvo capsula capsulas comprimido comprimidos estratto estratti polvere capsule compresse
		ekstrakt proszek kapsulki tabletki pulbere tablete poeder
		extrato capsulas prasek kapsle kivonat kapszula`) {
		for _, v := range termWords(w) {
			extractCue[v] = true
		}
	}
}

// extractWords are the words by which an alert says its goods are an
// extract, in the languages of extractCue: not powder or capsules, which
// may be the plant ground or filled whole.
var extractWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`extract extracted extrakt extrait extracto estratto ekstrakt extrato kivonat`) {
		for _, v := range termWords(w) {
			extractWords[v] = true
		}
	}
}

// powderWords are the words by which an alert says its goods are a powder,
// in the languages of extractCue.
var powderWords = cueSet(`powder powdered pulver poudre polvo polvere proszek pulbere poeder prasek`)

// saysPowder reports an alert whose words say its goods are a powder.
func saysPowder(text string) bool {
	return hasCue(text, powderWords)
}

// notPowderZh are the words holding 粉 that name goods no powder:
// noodles of starch or rice and the pink of a colour.
var notPowderZh = []string{"粉丝", "粉条", "粉皮", "米粉", "河粉", "粉红", "粉色"}

// cut is a form food is sold in — a powder, diced, crushed — by the
// words an alert says it in and the character a declared name writes it
// with, less the words holding that character that name no such form.
type cut struct {
	words map[string]bool
	zh    string
	not   []string
}

// cuts are the forms: powder first (powderWords, notPowderZh).
var cuts = []cut{
	{powderWords, "粉", notPowderZh},
	{cueSet(`diced dice cube cubes cubed wurfel gewurfelt des cubetti dadini kostka kostki blokjes blokje cubos dados`), "丁",
		[]string{"丁香", "布丁", "丁苯", "丁腈", "丁酯", "丁烷", "丁醇", "丁酸", "丁二"}},
	{cueSet(`crushed triturada triturado trituradas triturados tritato tritata zerkleinert zerkleinerte concasse rozdrobniony gebroken`), "碎", nil},
}

// alertCuts returns the forms the alert's words give its goods; only the
// powder for goods other than food.
func alertCuts(text string, food bool) []int {
	var out []int
	ws := termWords(text)
	for i, c := range cuts {
		if (food || i == 0) && slices.ContainsFunc(ws, func(w string) bool { return c.words[w] }) {
			out = append(out, i)
		}
	}
	return out
}

// lineCuts returns the forms a declared name gives its goods.
func lineCuts(l *prepared) []int {
	var out []int
	for i, c := range cuts {
		name := l.Name
		for _, z := range c.not {
			name = strings.ReplaceAll(name, z, "")
		}
		if strings.Contains(name, c.zh) {
			out = append(out, i)
		}
	}
	return out
}

// cutAgree is 1 when the line's name gives its goods a form the alert
// gives them, -1 when it gives none of them, 0 when the alert gives none.
func cutAgree(alert []int, l *prepared) int {
	if len(alert) == 0 {
		return 0
	}
	if slices.ContainsFunc(lineCuts(l), func(i int) bool { return slices.Contains(alert, i) }) {
		return 1
	}
	return -1
}

// otherCut reports a line whose name gives its goods another form than
// the alert's, and none of the alert's (甜椒粉, a powder, for "Diced
// paprika").
func otherCut(alert []int, l *prepared) bool {
	if len(alert) == 0 {
		return false
	}
	have := lineCuts(l)
	return len(have) > 0 && !slices.ContainsFunc(have, func(i int) bool { return slices.Contains(alert, i) })
}

// saysExtract reports an alert whose words say its goods are an extract.
func saysExtract(text string) bool {
	return slices.ContainsFunc(termWords(text), func(w string) bool { return extractWords[w] })
}

// extractZh are the words of a declared name that say it is an extract.
var extractZh = []string{"提取", "萃取", "浸膏", "速溶", "精油", "浓缩"}

// notExtract reports a line of the plant itself: declared under a
// heading of vegetable products (chapters 07–12, where leaves, roots,
// seeds and fruit are) with no word of an extract in its name (红茶（散装）
// for a black tea extract). Its shipment is of the alert's kind only by
// its heading, as another variety is.
func notExtract(l *prepared) bool {
	if len(l.hs) < 2 || l.hs[:2] < "07" || l.hs[:2] > "12" {
		return false
	}
	return !slices.ContainsFunc(extractZh, func(z string) bool { return strings.Contains(l.Name, z) })
}

// instantWords are the words by which an alert says its food is instant,
// in the languages RASFF notifies in.
var instantWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`instant istantaneo istantanea istantanei istantanee instantaneo instantanea instantaneos
		instantaneas instantane instantanee instantanes instantanees sofort instantni blyskawiczny blyskawiczne instantaneu`) {
		for _, v := range termWords(w) {
			instantWords[v] = true
		}
	}
}

// saysInstant reports an alert whose words say its food is instant.
func saysInstant(text string) bool {
	return slices.ContainsFunc(termWords(text), func(w string) bool { return instantWords[w] })
}

// childWords are the words by which an alert says its goods are for
// children, in the languages the connectors bring.
var childWords = cueSet(`child children kid kids baby babies infant infants toddler toddlers kinder kinderen
		enfant enfants nino ninos nina ninas infantil infantiles bambini bambino bambina bambine dzieci dzieciece dzieciecy
		dziecka copii copil criancas crianca detske detsky gyermek`)

// saysChildren reports an alert whose product words say its goods are for
// children ("Tableware for children", "melamine decorated children
// plates").
func saysChildren(text string) bool {
	return hasCue(text, childWords)
}

// organicWords are the words by which an alert says its goods are organic,
// in the languages the connectors bring.
var organicWords = cueSet(`organic organics bio biologico biologica biologici biologiche biologique biologiques
		biologisch biologische biologico ecologico ecologica ecologicos ekologiczny ekologiczne ekologiczna organico organica
		okologisch oko`)

// saysOrganic reports an alert whose product words say its goods are
// organic ("Organic peanuts", "Bio-Alfalfa").
func saysOrganic(text string) bool {
	return hasCue(text, organicWords)
}

// preparedWords are the words by which an alert says its food is
// prepared, not the raw goods: roasted, fried, salted, coated, a butter or
// paste of them, a salad, in the languages RASFF notifies in ("Roasted
// groundnuts", "Erdnüsse geröstet", "Orzeszki prażone", "Algensalat").
var preparedWords = cueSet(`roasted roast toasted fried salted coated butter paste spread cream snack snacks cracker
		crackers candied sugared caramelised caramelized honeyed flavoured flavored seasoned spiced cooked boiled baked
		smoked crispy crunchy chips preserved canned tinned pickled syrup brittle sauce jam puree marinated salad salads
		salat salate salade salades ensalada insalata salatka salatki
		geroestet gerostet gesalzen gebrannt frittiert gewurzt grille grilles grillee grillees sale sales salee salees
		frit frits cuit cuits tostado tostados tostada tostadas frito fritos salado salados tostato tostati tostate
		salato salati fritto fritti prazone prazony solone smazone geroosterd gezouten gebakken`)

// saysPrepared reports an alert whose product words say its food is
// prepared (roasted, fried, salted, coated, a butter of it).
func saysPrepared(text string) bool {
	return hasCue(text, preparedWords)
}

// prepAgree is whether a shipped food line is in the state the alert's
// goods are, where a term it fits names the goods both raw and prepared
// (groundnuts: 1202 raw, 2008 roasted or coated): 1 when the line's
// heading is of the alert's state (花生仁 under 1202 for "Groundnuts",
// 烤花生 under 2008 for "Roasted groundnuts"), -1 when it is of the other
// (鱼皮花生 under 2008 for "Groundnuts"), 0 when no term it fits tells;
// ±prepSaid instead of ±1 when the alert says its goods are prepared.
// The raw goods are in chapters 01–15, their preparations in 16–24, but for
// the headings below 16 whose goods are prepared (cookedBelow16: smoked,
// salted or dried meat and fish, roasted coffee).
func prepAgree(prepared bool, fit []*Term, l *prepared) int {
	if len(l.hs) < 2 || l.hs[:2] > "24" {
		return 0
	}
	lineCooked := cookedHS(l.hs)
	for _, t := range fit {
		// The term's raw senses, one a chapter: fish fresh, frozen or in
		// fillets (0302–0304) are one; chicken and eggs (02, 04) two.
		var raw []string
		cooked := false
		for _, h := range t.Headings {
			switch {
			case len(h) < 2 || h[:2] > "24":
			case cookedHS(h):
				cooked = true
			case !slices.Contains(raw, h[:2]):
				raw = append(raw, h[:2])
			}
		}
		// An alert that says nothing is about the raw goods only when the
		// term has one raw sense (groundnuts: 1202); "Gallus gallus" is
		// meat, eggs or egg powder raw (0207, 0407, 0408), and which of
		// them the alert means its state does not say.
		if len(raw) == 0 || !cooked || !within(l.heading, t.Headings) || !prepared && len(raw) > 1 {
			continue
		}
		agree := 1
		if prepared {
			agree = prepSaid
		}
		if lineCooked != prepared {
			agree = -agree
		}
		return agree
	}
	return 0
}

// cookedBelow16 are the headings and subheadings below chapter 16 whose
// goods are prepared: meat salted, dried or smoked (0210), fish dried,
// salted or smoked (0305), roasted coffee (090121, 090122).
var cookedBelow16 = []string{"0210", "0305", "090121", "090122"}

// cookedHS reports an HS code (or heading) of prepared food: chapters
// 16–24, or a heading of cookedBelow16.
func cookedHS(hs string) bool {
	return len(hs) >= 2 && hs[:2] >= "16" && hs[:2] <= "24" || hasPrefix(hs, cookedBelow16)
}

// prepSaid is prepAgree's agreement when the alert says its goods are
// prepared: a word is stronger evidence than its absence.
const prepSaid = 2

// brandCue finds the words by which an alert says it names its goods'
// brand, with what stands before and after them: a quoted name before
// ("… OF "PNS - POWER NUTRITION SUPPLEMENTS" TRADEMARK") or a quoted or
// capitalised name after ("marchio DFH CASA", "Marke: Xiaomi"). A cue
// followed by a lower-case word is no brand ("Brand new", "own brand", the
// Spanish verb "marca la hora"), nor is one followed by CE (the CE
// marking) or by a word saying there is none ("Brand: N.A.").
var brandCue = regexp.MustCompile(`(?i:\b(trademark|trade\s+mark|brand|marchio|marca|marka|marke|marque|merk|märke|mærke|merkki)\b)`)

// brandAfter is what follows a cue when it names a brand: maybe a colon,
// then a quote or a capital letter or digit.
var brandAfter = regexp.MustCompile(`^\s*[:：]?\s*(["“”„«]|[A-Z0-9])`)

// brandNone are the words after a cue that say there is no brand.
var brandNone = regexp.MustCompile(`(?i)^\s*(?:name\s*)?[:：]?\s*(?:ce\b|new\b|n\.?\s*a\b|none\b|unknown\b|not\s+known\b|-|sconosciut|desconocid|unbekannt|inconnu)`)

// saysBrand reports an alert whose words say it names its goods' brand.
func saysBrand(text string) bool {
	for _, m := range brandCue.FindAllStringIndex(text, -1) {
		before, after := strings.TrimRight(text[:m[0]], " "), text[m[1]:]
		if brandNone.MatchString(after) {
			continue
		}
		if strings.HasSuffix(before, "\"") || strings.HasSuffix(before, "”") || strings.HasSuffix(before, "»") || brandAfter.MatchString(after) {
			return true
		}
	}
	return false
}

// childZh are the words of a declared name that say the goods are for
// children.
var childZh = []string{"儿童", "宝宝", "婴儿", "婴幼儿", "幼儿", "小童", "孩童"}

// forChildren reports a declared line whose name says its goods are for
// children, as written or across a material inside it.
func forChildren(l *prepared) bool {
	return slices.ContainsFunc(childZh, l.holds)
}

// instantZh are the words of a declared name that say the food is instant.
var instantZh = []string{"方便", "速食", "即食", "速溶", "冲调", "冲泡", "免煮", "自热", "杯面", "碗面"}

// saysDriedOf reports an alert whose words say its goods are dried: a word
// of driedCue next to a word of one of its terms, and no word of a term
// itself ("secche noodles"; not "Noodles with dehydrated meat", whose
// dehydrated is the meat's).
func saysDriedOf(text string, terms []*Term) bool {
	ws := termWords(text)
	ofTerm := func(w string) bool {
		return slices.ContainsFunc(terms, func(t *Term) bool { return slices.Contains(t.words, w) })
	}
	for i, w := range ws {
		if !driedCue[w] || ofTerm(w) {
			continue
		}
		if i > 0 && ofTerm(ws[i-1]) || i+1 < len(ws) && ofTerm(ws[i+1]) {
			return true
		}
	}
	return false
}

// isInstant reports a food line (chapters 01–24) whose name says it is
// instant (方便面): not the dried goods of its heading.
func isInstant(l *prepared) bool {
	return len(l.hs) >= 2 && l.hs[:2] <= "24" && slices.ContainsFunc(instantZh, l.holds)
}

// notInstant reports a food line (chapters 01–24) with no word of instant
// food in its name (挂面, dried noodles, for instant noodles): its
// shipment is of the alert's kind only by its heading.
func notInstant(l *prepared) bool {
	if len(l.hs) < 2 || l.hs[:2] > "24" {
		return false
	}
	return !slices.ContainsFunc(instantZh, func(z string) bool { return strings.Contains(l.Name, z) })
}

// asExtracts returns the terms read as extracts when the alert's words
// say its goods are an extract, powder or capsules ("Astragalus Extract
// Powder", "Ginkgo biloba, pulbere"), else the terms as they are.
func asExtracts(text string, terms []*Term) []*Term {
	return readAs(text, terms, extractCue, func(t *Term) *Term { return t.asExtract })
}

// fPlurals are the English plurals of a final f or fe written ves, and of
// a final o written oes, whose singular stripping the s would not give
// (knives: knife, not knive; pomeloes: pomelo).
var fPlurals = map[string]string{"knives": "knife", "leaves": "leaf", "shelves": "shelf", "halves": "half", "loaves": "loaf",
	"wolves": "wolf", "calves": "calf", "wives": "wife", "lives": "life", "scarves": "scarf", "hooves": "hoof",
	// and of a final o written oes, whose s alone would leave pomeloe.
	"pomeloes": "pomelo", "tomatoes": "tomato", "potatoes": "potato", "mangoes": "mango", "avocadoes": "avocado",
	"mosquitoes": "mosquito", "dominoes": "domino", "torpedoes": "torpedo", "buffaloes": "buffalo", "volcanoes": "volcano",
	"echoes": "echo", "heroes": "hero", "tornadoes": "tornado"}

// stem strips an English plural and writes a final y as ie, so that
// hoodie, hoodies; battery, batteries; toy, toys each meet.
func stem(w string) string {
	if s, ok := fPlurals[w]; ok {
		return s
	}
	switch {
	case len(w) > 4 && (strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "sses")):
		w = w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		w = w[:len(w)-1]
	}
	if len(w) > 3 && strings.HasSuffix(w, "y") {
		w = w[:len(w)-1] + "ie"
	}
	return w
}

// fitsLine reports whether a declared line is the term's product: its
// Chinese name holds one of the term's words, under one of its headings.
// It returns the Chinese word found.
func (t *Term) fitsLine(l *prepared) (string, bool) {
	if len(t.Headings) > 0 && !hasPrefix(l.hs, t.Headings) {
		return "", false
	}
	for _, z := range t.Zh {
		if l.holds(z) {
			if t.material != nil && !hasPrefix(l.hs, t.Headings[:t.own]) {
				// Under the heading of the hazard's material only: the
				// name must hold the material (尼龙锅铲 for a nylon "pan").
				m := slices.IndexFunc(t.material, func(m string) bool { return holdsMaterial(l.Name, m) })
				if m < 0 {
					return "", false
				}
				return z + "（通报的危害物质迁移自" + t.material[m] + "，申报于其品目 / of " + t.material[m] + ", the material the alert's hazard migrates from, under its heading）", true
			}
			return z, true
		}
	}
	return "", false
}

// innerMaterials are the materials' Chinese words of two characters or
// more, of the hazards' and the goods' materials, longest first.
func innerMaterials(ms *Materials, ss *Stuffs) []string {
	seen := map[string]bool{}
	var out []string
	add := func(zs []string) {
		for _, z := range zs {
			if utf8.RuneCountInString(z) > 1 && !seen[z] {
				seen[z] = true
				out = append(out, z)
			}
		}
	}
	for _, m := range ms.rows {
		add(m.Zh)
	}
	for _, s := range ss.list {
		add(s.Zh)
	}
	slices.SortFunc(out, func(a, b string) int {
		if d := len(b) - len(a); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return out
}

// bareName is a declared name with the materials written inside it taken
// out (儿童密胺餐具 → 儿童餐具, 不锈钢儿童餐具 → 儿童餐具), "" when it holds none
// or nothing else: the words of a product read across the material a
// declarant writes between its qualifier and its noun.
func bareName(name string, inner []string) string {
	bare := name
	for _, z := range inner {
		bare = strings.ReplaceAll(bare, z, "")
	}
	if bare == name || bare == "" {
		return ""
	}
	return bare
}

// holds reports whether a declared line's name holds a Chinese word, as
// written or across a material written inside it (bareName).
func (l *prepared) holds(z string) bool {
	return holdsWord(l.Name, z) || l.bare != "" && holdsWord(l.bare, z)
}

// holdsWord reports whether a name holds a Chinese word where the word's
// Latin letters or digits at its ends do not run on into more of their
// kind: 维生素B12 does not hold 维生素B1, nor PPR管 PP, while 维生素D3
// holds 维生素D.
func holdsWord(name, z string) bool {
	if !strings.Contains(name, z) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(z)
	last, _ := utf8.DecodeLastRuneInString(z)
	if asciiKind(first) == 0 && asciiKind(last) == 0 {
		return true
	}
	for from := 0; ; {
		i := strings.Index(name[from:], z)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(name[:i])
		after, _ := utf8.DecodeRuneInString(name[i+len(z):])
		if (asciiKind(first) == 0 || asciiKind(before) != asciiKind(first)) && (asciiKind(last) == 0 || asciiKind(after) != asciiKind(last)) {
			return true
		}
		from = i + len(z)
	}
}

// asciiKind is 1 for an ASCII letter (of either case), 2 for a digit, 0
// for anything else.
func asciiKind(r rune) int {
	switch {
	case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
		return 1
	case r >= '0' && r <= '9':
		return 2
	}
	return 0
}

// namesLine reports whether a declared line's Chinese name holds one of the
// term's words, under whatever heading: the declarant's heading may differ
// from the term's (a dietary supplement tea, 减肥茶, declared under 2106)
// while the words still say it is the same kind of goods.
func (t *Term) namesLine(l *prepared) bool {
	return slices.ContainsFunc(t.Zh, l.holds)
}

// heldBy is how much a declared name holds the term, under whatever
// heading: 1 for a word of two characters or more (托盘 of "tray"), half
// for a one-character word only (盘, which a plate's 餐盘 holds too), 0
// for none.
func (t *Term) heldBy(name string) float64 {
	held := 0.0
	for _, z := range t.Zh {
		if holdsWord(name, z) {
			if utf8.RuneCountInString(z) > 1 {
				return 1
			}
			held = 0.5
		}
	}
	return held
}

// nameWord returns the word of the term that a declared line's Chinese name
// holds, under whatever heading (namesLine).
func (t *Term) nameWord(l *prepared) (string, bool) {
	for _, z := range t.Zh {
		if l.holds(z) {
			return z, true
		}
	}
	return "", false
}

// restates reports a term that only restates the category: all its words
// are the category's name's, or its Chinese is the category's Chinese name
// (糖果 for "Süßware" in 糖果 / Confectionery), or it says in another
// language what such a term says, its Chinese words the same ("pescado",
// 鱼, as "fish" in Fish and fish products).
func (c category) restates(lx *Lexicon, t *Term, catWords []string) bool {
	if len(catWords) == 0 {
		return false
	}
	allCat := func(u *Term) bool {
		return !slices.ContainsFunc(u.words, func(w string) bool { return !slices.Contains(catWords, w) })
	}
	if allCat(t) {
		return true
	}
	zh, _, _ := strings.Cut(c.name, " / ")
	if zh != "" && slices.Contains(t.Zh, zh) {
		return true
	}
	return slices.ContainsFunc(lx.list, func(u *Term) bool { return u != t && slices.Equal(u.Zh, t.Zh) && allCat(u) })
}

// otherProduct reports a declared line whose product is another than the
// alert's: no word of the alert's terms is in its name, and a term the
// alert does not name fits it (婴儿推车 is a pushchair, not the alert's
// high chair). It returns that word and term. A term whose headings all lie
// inside those of a broader term of the alert names goods of the alert's
// kind, not another product: shrimp of "Dried Seafood Products", adzuki
// beans of "Fruit and Vegetables".
//
// An alert's word the name holds only before the word of such a term, under
// another heading of the line's chapter, qualifies it: 自行车把角 (bar ends,
// 把角, of a bicycle, 8714) names no "bicycle" (8712) of "Bicycle Rims", as
// the head of a Chinese name is its last word.
func (lx *Lexicon) otherProduct(alert []*Term, l *prepared) (string, bool) {
	return lx.otherProductOf(alert, l, false)
}

// otherProductOf is otherProduct; with forUse, an alert's word of goods of
// another chapter than the line's, none of them a material, qualifies the
// line's own goods word after it too, as what they are for: 自行车头盔 is a
// helmet, 棒球手套 a glove. Match asks so of an alert whose hazard names the
// part that fails (faultyParts), whose other goods are then other products;
// goods of another chapter named in a food's name are what it is made of
// (冬瓜 of 冬瓜糖), and so are materials (竹 of 竹纤维餐具).
func (lx *Lexicon) otherProductOf(alert []*Term, l *prepared, forUse bool) (string, bool) {
	if len(alert) == 0 {
		return "", false
	}
	var qualifying []*Term
	for _, t := range alert {
		if t.namesLine(l) && !subsumed(alert, t, l) {
			// A word of goods of the line's chapter under another heading
			// (自行车, 8712, in bicycle parts of 8714) may qualify; goods of
			// another chapter (冬瓜 in 冬瓜糖 under 2006) are the line's.
			// Words in brackets that say what goods other than food are
			// for (镁粉袋（攀岩用）, a chalk bag for climbing) qualify
			// them; seeds "for sprouts" (（芽苗菜用）) are the sprouts'.
			if _, fits := t.fitsLine(l); (foodChapter(l.hs) || !onlyForUse(l.Name, t)) && (fits || len(l.hs) < 2 || !slices.ContainsFunc(t.Headings, func(h string) bool { return strings.HasPrefix(h, l.hs[:2]) }) &&
				(!forUse || foodChapter(l.hs) || mustReference().stuffs.inAny(t.Zh))) {
				return "", false
			}
			qualifying = append(qualifying, t)
		}
	}
	found, after := "", ""
	for _, t := range lx.list {
		// A term akin to the alert's is its goods, unless, for use, it
		// holds the alert's word only as what its own goods, of another
		// chapter, are for (bicycle light, 自行车尾灯, for bicycles).
		if slices.Contains(alert, t) || t.akinTo(alert) && !(forUse && len(qualifying) > 0 && otherChapterThan(t, alert)) {
			continue
		}
		if zh, ok := t.fitsLine(l); ok {
			if slices.ContainsFunc(alert, func(a *Term) bool { return t.within(a) && !a.within(t) }) {
				return "", false
			}
			if found == "" {
				found = zh + " = " + t.Term
			}
			// The word the alert's qualifying words stand before.
			if after == "" && len(qualifying) > 0 && !slices.ContainsFunc(qualifying, func(q *Term) bool {
				return !heldBefore(l.Name, q, zh, partsChapter(l.hs) || forUse && !foodChapter(l.hs) || !foodChapter(l.hs) && onlyForUse(l.Name, q))
			}) {
				after = zh + " = " + t.Term
			}
		}
	}
	if len(qualifying) > 0 {
		return after, after != ""
	}
	return found, found != ""
}

// onlyForUse reports a term whose words a declared name holds only in
// brackets that say what the goods are for ("（攀岩用，带腰带）").
func onlyForUse(name string, t *Term) bool {
	held := false
	for _, z := range t.Zh {
		for i := 0; ; {
			j := strings.Index(name[i:], z)
			if j < 0 {
				break
			}
			if !forUse(name, i+j) {
				return false
			}
			held = true
			i += j + len(z)
		}
	}
	return held
}

// otherChapterThan reports a term none of whose headings' chapters is one
// of the alert's terms'.
func otherChapterThan(t *Term, alert []*Term) bool {
	for _, a := range alert {
		for _, c := range chaptersOf(a.Headings) {
			if slices.ContainsFunc(t.Headings, func(h string) bool { return strings.HasPrefix(h, c) }) {
				return false
			}
		}
	}
	return len(t.Headings) > 0
}

// subsumed reports an alert's term the name holds only inside a longer
// word of another of the alert's terms (高尔夫 of "golf" inside 高尔夫球车 of
// "golf car"): that term stands for it.
func subsumed(alert []*Term, t *Term, l *prepared) bool {
	for _, z := range t.Zh {
		if !l.holds(z) {
			continue
		}
		if !slices.ContainsFunc(alert, func(u *Term) bool {
			return u != t && slices.ContainsFunc(u.Zh, func(w string) bool { return len(w) > len(z) && strings.Contains(w, z) && l.holds(w) })
		}) {
			return false
		}
	}
	return true
}

// heldBefore reports a name that holds every word of the term it holds
// only before the last occurrence of the word z: 自行车 before 把角 in
// 自行车把角（铝合金）. A word held only across a material written inside
// the name (Line.bare) is not in the name as written, and counts as held
// before.
func heldBefore(name string, t *Term, z string, parts bool) bool {
	at := strings.LastIndex(name, z)
	if at < 0 {
		return false
	}
	for _, w := range t.Zh {
		i := strings.LastIndex(name, w)
		// The word's own first part (自行车 of 自行车尾灯) stands before it.
		if i == at && strings.HasPrefix(z, w) && len(z) > len(w) {
			continue
		}
		if i >= 0 && i+len(w) > at && !(parts && forUse(name, i)) {
			return false
		}
	}
	return true
}

// partsChapter reports an HS code of machines, vehicles, furniture or
// sports goods (chapters 84–87, 94, 95), whose parts a name says are "for"
// the goods (forUse).
// foodChapter reports a line under chapters 01–24, food, feed and their
// raw goods: there goods of another chapter named in the line's name are
// what it is made of (冬瓜 of 冬瓜糖), while in any other chapter they say
// what the goods are for (自行车 of 自行车头盔, a helmet).
func foodChapter(hs string) bool {
	return len(hs) >= 2 && hs[:2] <= "24"
}

func partsChapter(hs string) bool {
	if len(hs) < 2 {
		return false
	}
	c := hs[:2]
	return c >= "84" && c <= "87" || c == "94" || c == "95"
}

// forUse reports a place of a name inside brackets that say what the goods
// are for, "（高尔夫球车用）" (for golf cars): in a part's name (partsChapter)
// the words there qualify the goods before them; seeds "for sprouts"
// (（芽苗菜用）) are the sprouts' own goods.
func forUse(name string, i int) bool {
	open := max(strings.LastIndex(name[:i], "（"), strings.LastIndex(name[:i], "("))
	if open < 0 {
		return false
	}
	rest := name[open:]
	end := strings.IndexAny(rest, "）)")
	if end < 0 || open+end < i {
		return false
	}
	// The item of the brackets' list that holds the place: "（自行车用，
	// 挤压式）" says what for in its first item.
	item := name[i : open+end]
	if j := strings.IndexAny(item, "，,、；;"); j >= 0 {
		item = item[:j]
	}
	return strings.HasSuffix(item, "用")
}

// otherThanNamed reports a line of the alert's brand that none of the
// terms of the alert's product name fits, though the name has some, and
// that a term the alert does not name, nor any kin of its terms, fits: the
// alert's description may name a part or a feature of its goods (the
// lithium battery pack of "Electric-powered skateboards"), which the line's
// goods share without being them (移动电源（锂电池）, a power bank). It
// returns the line's word and the term.
func (lx *Lexicon) otherThanNamed(alert, named []*Term, l *prepared) (string, bool) {
	if len(named) == 0 {
		return "", false
	}
	for _, t := range named {
		if _, ok := t.fitsLine(l); ok || t.namesLine(l) {
			return "", false
		}
	}
	for _, t := range lx.list {
		if slices.Contains(alert, t) || t.akinTo(alert) {
			continue
		}
		if zh, ok := t.fitsLine(l); ok {
			return zh + " = " + t.Term, true
		}
	}
	return "", false
}

// otherKind reports a declared line that is another product of the
// alert's kind, read word by word in its name, and returns the words that
// say so:
//
//   - a term of the alert is missing from the name, and a term the alert
//     does not name, no kin of the alert's, fits the line written just
//     before the word of one that it names: 陶瓷马克杯 (ceramic mug) for a
//     bamboo-fibre mug, 竹笋罐头 (canned bamboo shoots) for canned pears —
//     the name says what the alert's goods are made of or from, and it is
//     something else;
//   - no term of the alert is in the name, but a broader term of the
//     lexicon fits it, and so does another narrower one than the alert's:
//     红茶 (black tea) for green tea, both 茶.
//
// A word the declarant adds after the alert's (什锦水果罐头 for "fruit
// cocktail in syrup", 卤豆干（即食）for a soy snack) says how the goods are
// packed or sold, not that they are others.
//
// A word skip reports (the material of the goods, when the alert names no
// material: 陶瓷碗 for "Vajilla (bol)") says how the goods are made, not
// that they are others.
func (lx *Lexicon) otherKind(alert []*Term, l *prepared, skip func(string) bool) (string, bool) {
	if len(alert) == 0 || !slices.ContainsFunc(alert, func(t *Term) bool { return !t.namesLine(l) }) {
		return "", false
	}
	if t, _ := lx.narrowerFit(alert, l); t != nil {
		return "", false
	}
	rival := func(t *Term) bool { return !slices.Contains(alert, t) && !t.akinTo(alert) }
	named, found, longest := false, "", 0
	for _, a := range alert {
		for _, z := range a.Zh {
			p := strings.Index(l.Name, z)
			if p < 0 {
				continue
			}
			named = true
			for _, t := range lx.list {
				if !rival(t) {
					continue
				}
				for _, y := range t.Zh {
					if len(y) > longest && strings.HasSuffix(l.Name[:p], y) && (skip == nil || !skip(y)) {
						if _, ok := t.fitsLine(l); ok {
							found, longest = y+z+"（"+y+" = "+t.Term+"）", len(y)
						}
					}
				}
			}
		}
	}
	if named {
		return found, found != ""
	}
	for _, broad := range lx.list {
		if len(broad.Headings) == 0 || !slices.ContainsFunc(alert, func(a *Term) bool { return a.narrowerThan(broad) && a.within(broad) }) {
			continue
		}
		if _, ok := broad.fitsLine(l); !ok {
			continue
		}
		for _, t := range lx.list {
			if rival(t) && t.within(broad) && t.narrowerThan(broad) {
				if zh, ok := t.fitsLine(l); ok {
					return zh + " = " + t.Term, true
				}
			}
		}
	}
	return "", false
}

// narrowerFit returns the term of a narrower kind of the alert's goods
// that fits a line, with the Chinese word it fits by: a term whose words
// hold all the words of the alert's terms, and more, naming the same goods'
// word (sameHead) under headings one of the alert's terms covers
// ("children's bamboo tableware", 竹纤维儿童餐具, for "Bamboo Tableware
// Set"; not "ice cube tray" for "ice cubes"). Such a line is the alert's
// goods, though their own words (竹纤维餐具) are not in its name.
func (lx *Lexicon) narrowerFit(alert []*Term, l *prepared) (*Term, string) {
	var all []string
	for _, a := range alert {
		all = append(all, a.words...)
	}
	for _, a := range alert {
		for _, t := range a.narrower {
			if slices.ContainsFunc(all, func(w string) bool { return !slices.Contains(t.words, w) }) {
				continue
			}
			if zh, ok := t.fitsLine(l); ok {
				return t, zh
			}
		}
	}
	return nil, ""
}

// deriveNarrower gives each term the terms of narrower kinds of its goods.
func (lx *Lexicon) deriveNarrower() {
	byWord := map[string][]*Term{}
	for _, t := range lx.list {
		for _, w := range t.words {
			byWord[w] = append(byWord[w], t)
		}
	}
	for _, a := range lx.list {
		for _, t := range byWord[a.words[0]] {
			if len(t.words) > len(a.words) && !slices.ContainsFunc(a.words, func(w string) bool { return !slices.Contains(t.words, w) }) &&
				t.within(a) && sameHead(t, a) && !slices.Contains(a.narrower, t) {
				a.narrower = append(a.narrower, t)
			}
		}
	}
}

// sameHead reports two terms of one language naming the same goods' word,
// the first in the languages of headFirst, else the last: "children's
// bamboo tableware" and "bamboo tableware" (tableware), not "ice cube
// tray" and "ice cube".
func sameHead(t, a *Term) bool {
	if t.Lang != a.Lang || len(t.words) == 0 || len(a.words) == 0 {
		return false
	}
	if headFirst[t.Lang] {
		return t.words[0] == a.words[0]
	}
	return t.words[len(t.words)-1] == a.words[len(a.words)-1]
}

// otherVariety reports a declared line that is another variety of the
// alert's goods: it fits the alert's broader term ("tea", 茶 under 0902)
// but its name lacks the alert's narrower one ("oolong", 乌龙), and it fits
// a narrower term the alert does not name ("black tea", 红茶), where both
// narrower terms are goods of the broader one's headings and no kin of
// each other. fit are the alert's terms that fit the line.
func (lx *Lexicon) otherVariety(alert, fit []*Term, l *prepared) bool {
	if len(fit) == 0 || len(fit) == len(alert) {
		return false
	}
	for _, broad := range fit {
		if len(broad.Headings) == 0 {
			continue
		}
		var missed []*Term
		for _, t := range alert {
			// A variety of the broader term (乌龙茶 of 茶), not a word as
			// broad or broader ("Vajilla-cups": 餐具 is no cup).
			if !slices.Contains(fit, t) && !t.namesLine(l) && t.within(broad) && t.narrowerThan(broad) {
				missed = append(missed, t)
			}
		}
		if len(missed) == 0 {
			continue
		}
		for _, t := range lx.list {
			if slices.Contains(alert, t) || !t.within(broad) || !t.narrowerThan(broad) || t.akinTo(missed) {
				continue
			}
			// By a narrower word than the broader term's: 香菇 (shiitake)
			// holds 菇; 杯, the word mug shares with cup, says only cup
			// (竹纤维杯 is no mug for "Vajilla-cups").
			if _, ok := t.fitsLine(l); ok && slices.ContainsFunc(t.Zh, func(z string) bool {
				return strings.Contains(l.Name, z) && slices.ContainsFunc(broad.Zh, func(y string) bool { return y != z && strings.Contains(z, y) })
			}) {
				return true
			}
		}
	}
	return false
}

// within reports a term all of whose headings are under one of broad's.
func (t *Term) within(broad *Term) bool {
	if len(t.Headings) == 0 {
		return false
	}
	for _, h := range t.Headings {
		if !hasPrefix(h, broad.Headings) {
			return false
		}
	}
	return true
}

// narrowerThan reports a term one of whose Chinese words holds one of
// broad's and is longer (红茶 holds 茶).
func (t *Term) narrowerThan(broad *Term) bool {
	for _, x := range t.Zh {
		for _, y := range broad.Zh {
			if x != y && strings.Contains(x, y) {
				return true
			}
		}
	}
	return false
}

// akinTo reports a term that names the same goods as one of the alert's,
// more broadly or more narrowly: their Chinese words hold one another
// (玩具 in 洗澡玩具: "toy" is akin to "bath toy").
func (t *Term) akinTo(alert []*Term) bool {
	for _, a := range alert {
		for _, x := range t.Zh {
			for _, y := range a.Zh {
				if strings.Contains(x, y) || strings.Contains(y, x) {
					return true
				}
			}
		}
	}
	return false
}

// hasPrefix reports whether the digits of an HS code start with any of the
// headings.
func hasPrefix(hs string, headings []string) bool {
	for _, h := range headings {
		if hs != "" && strings.HasPrefix(hs, h) {
			return true
		}
	}
	return false
}

// ParseScopes reads the category scopes (columns category, hs, source;
// spaces separate headings, "+" sources) and checks every row: a category
// that exists (categoryExists), headings that exist (headingExists), at
// least one known source, each category once. The first bad row is an error
// naming its line and field; nothing of a bad file is used.
func ParseScopes(r io.Reader, categoryExists, headingExists func(string) bool) (map[string][]string, error) {
	out := map[string][]string{}
	err := scopesTable.read(r, func(rec []string) *rowError {
		code := strings.TrimSpace(rec[0])
		if !categoryExists(code) {
			return &rowError{"category", "产品类别 " + code + " 不存在。", "product category " + code + " does not exist."}
		}
		if _, dup := out[code]; dup {
			return &rowError{"category", "产品类别 " + code + " 重复。", "product category " + code + " repeats."}
		}
		heads := strings.Fields(rec[1])
		if len(heads) == 0 {
			return &rowError{"hs", "缺少 HS 编码。", "the HS codes are missing."}
		}
		if e := checkHeadings(heads, headingExists); e != nil {
			return e
		}
		if e := checkSources(rec[2]); e != nil {
			return e
		}
		out[code] = heads
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// checkSources checks a "+"-joined list of sources: at least one, each
// known.
func checkSources(list string) *rowError {
	n := 0
	for _, s := range strings.Split(list, "+") {
		if s = strings.TrimSpace(s); s != "" {
			if !lexiconSources[s] {
				return &rowError{"source", "来源 " + s + " 无效（hs、sg、cpsc、fda、pharm、trade、tr、eu、bfr）。", "unknown source " + s + " (hs, sg, cpsc, fda, pharm, trade, tr, eu, bfr)."}
			}
			n++
		}
	}
	if n == 0 {
		return &rowError{"source", "缺少来源。", "the source is missing."}
	}
	return nil
}

// checkHeadings checks that every HS code exists.
func checkHeadings(heads []string, exists func(string) bool) *rowError {
	for _, h := range heads {
		if !exists(h) {
			return &rowError{"hs", "HS 编码 " + h + " 不存在。", "HS code " + h + " does not exist."}
		}
	}
	return nil
}

// table is a data file of rows under a fixed header, named in its errors.
type table struct {
	field, zh, en, header string
	fields                int
}

var (
	lexiconTable = table{field: "lexicon", zh: "词表", en: "lexicon", header: "term,lang,zh,hs,source", fields: 5}
	scopesTable  = table{field: "scopes", zh: "类别范围表", en: "category scopes", header: "category,hs,source", fields: 3}
)

// rowError is what is wrong with a row: the field, in Chinese and English.
type rowError struct{ field, zh, en string }

// read checks the header and passes each row to row, at most
// MaxLexiconRows of them; the first bad row is an error naming its line and
// field.
func (tb table) read(r io.Reader, row func(rec []string) *rowError) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = tb.fields
	head, err := cr.Read()
	if err != nil {
		return risk.Invalid(tb.field, tb.zh+"无法读取："+err.Error(), "the "+tb.en+" cannot be read: "+err.Error())
	}
	if strings.Join(head, ",") != tb.header {
		return risk.Invalid(tb.field, tb.zh+"的表头应为 "+tb.header+"。", "the header of the "+tb.en+" must be "+tb.header+".")
	}
	for n := 0; ; n++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		// FieldPos panics after a failed Read: then the line is the error's.
		var line int
		var pe *csv.ParseError
		if err == nil {
			line, _ = cr.FieldPos(0)
		} else if errors.As(err, &pe) {
			line = pe.StartLine
		}
		e := &rowError{tb.field, "", ""}
		switch {
		case err != nil:
			e.zh, e.en = "格式错误："+err.Error(), "malformed: "+err.Error()
		case n >= MaxLexiconRows:
			e.zh, e.en = fmt.Sprintf("最多 %d 行。", MaxLexiconRows), fmt.Sprintf("at most %d rows.", MaxLexiconRows)
		default:
			e = row(rec)
		}
		if e != nil {
			return risk.Invalid(e.field, fmt.Sprintf("%s第 %d 行：%s", tb.zh, line, e.zh), fmt.Sprintf("%s line %d: %s", tb.en, line, e.en))
		}
	}
}

// reference is what matching reads of riskgate's catalogues: the bilingual
// lexicon and the HS headings each product category covers.
type reference struct {
	lex       *Lexicon
	materials *Materials
	// ingredients are what a hazard text may say the food holds
	// undeclared (data/ingredients.csv).
	ingredients *Materials
	// glosses are the English meanings of the characters of Chinese
	// brands (data/glosses.csv).
	glosses Glosses
	// brandNames are the English names of brands declared by their
	// Chinese names (data/brandnames.csv).
	brandNames BrandNames
	// dict is CC-CEDICT's glosses of Chinese words of goods
	// (data/cedict.tsv): declared names read in English, for the alert's
	// words the lexicon leaves unread.
	dict   *Dictionary
	stuffs *Stuffs
	// inner are the Chinese words of materials of two characters or more,
	// longest first, which a declarant may write inside a product's word
	// (儿童密胺餐具: 儿童餐具 of melamine; bareName).
	inner      []string
	categories map[string]category
	hs         hsText
}

// hsText is the English text of the HS nomenclature's headings and
// subheadings, as stemmed words, and in how many codes each word is found:
// "dried mushrooms" is read in 071239's "mushrooms and truffles … dried".
type hsText struct {
	words map[string]map[string]bool // code (4 or 6 digits) → its words
	df    map[string]int
	subs  map[string][]string // heading → its subheadings, in code order
}

// hsWordMaxDF is how many codes' texts a word may be in and still tell
// goods apart ("mushrooms", "capsicum", "porcelain"; not "dried", "other").
const hsWordMaxDF = 40

// specific returns the words of a product name that the nomenclature uses
// for few codes.
func (h *hsText) specific(name string) []string {
	var out []string
	for _, w := range termWords(name) {
		if n := h.df[w]; n > 0 && n <= hsWordMaxDF && len(w) >= 3 && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// fits returns the words of ws that the text of a line's subheading or
// heading holds, and the code whose text it is. When only the heading's
// text holds them, the line's own subheading does not, and other
// subheadings' texts hold them all, those are returned as siblings:
// "Shelled, whether or not broken" is the text of 1202.42, and the heading
// 1202 ("whether or not shelled or broken") holds it for a line of 1202.41,
// "In shell", too.
func (h *hsText) fits(ws []string, hs string) (found []string, code string, siblings []string) {
	own := prefixOf(hs, 6)
	for _, code := range []string{own, prefixOf(hs, 4)} {
		if found = h.holds(code, ws); len(found) > 0 {
			if len(code) == 4 && h.words[own] != nil {
				for _, c := range h.subs[code] {
					if c != own && len(h.holds(c, found)) == len(found) {
						siblings = append(siblings, c)
					}
				}
			}
			return found, code, siblings
		}
	}
	return nil, "", nil
}

// holds returns the words of ws that code's text holds.
func (h *hsText) holds(code string, ws []string) []string {
	text := h.words[code]
	if text == nil {
		return nil
	}
	var found []string
	for _, w := range ws {
		if text[w] {
			found = append(found, w)
		}
	}
	return found
}

// leadingBrands are the forms a brand at the head of a product's name may
// take: its first one, two and three words ("R.X.Y Bicycle Helmets": rxy,
// rxybicycle, …), when the first is no word of the nomenclature or the
// lexicon ("Bell", "Dried", "Mini" name goods, not a maker).
func (ref *reference) leadingBrands(name string) []string {
	ws := strings.Fields(fold(name))
	if len(ws) == 0 {
		return nil
	}
	first := stem(normBrand(ws[0]))
	if first == "" || ref.hs.df[first] > 0 || ref.lex.namesGoods(first) && !ref.otherGoodsWord(first, name) {
		return nil
	}
	var out []string
	for n := 1; n <= min(3, len(ws)); n++ {
		for _, f := range oneBrandForms(strings.Join(ws[:n], " ")) {
			if len(f) >= 3 && !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out
}

// otherGoodsWord reports the first word of a product's name (stemmed) that
// names goods of no heading of the goods the name ends with ("Salsa Warbird
// and Vaya bicycles": salsa, the head of sauces under 2103, before bicycles
// of 8712): a name there, not the goods.
func (ref *reference) otherGoodsWord(w, name string) bool {
	own := ref.lex.heads[w]
	if len(own) == 0 {
		return false
	}
	goods := headTerms(name, ref.lex.Find(productText(name)))
	if len(goods) == 0 {
		return false
	}
	for _, g := range goods {
		for _, o := range own {
			if o == g || len(o.Headings) == 0 || len(g.Headings) == 0 || o.akinTo([]*Term{g}) ||
				slices.ContainsFunc(o.Headings, func(h string) bool { return hasPrefix(h, g.Headings) }) ||
				slices.ContainsFunc(g.Headings, func(h string) bool { return hasPrefix(h, o.Headings) }) {
				return false
			}
		}
	}
	return true
}

// knows reports a word that is a lexicon term or part of one.
func (lx *Lexicon) knows(w string) bool { return lx.words[w] }

// namesGoods reports a word that names goods alone: a one-word term, or
// the last word of a longer one. A word that only qualifies goods in a
// term ("king" of "king crab", "silver" of "silver salmon") may still be
// read as a brand.
func (lx *Lexicon) namesGoods(w string) bool { return len(lx.heads[w]) > 0 }

func prefixOf(s string, n int) string {
	if len(s) < n {
		return ""
	}
	return s[:n]
}

type category struct {
	name     string   // 中文 / English
	core     []string // the headings the catalogue gives the category
	headings []string // the core and the scope's further headings
}

// narrow reports a category whose core is one heading (9503; lighting
// chains, 940531 and 940539): a line under it is the alert's heading.
func (c category) narrow() bool {
	if len(c.core) == 0 || len(c.core[0]) < 4 {
		return false
	}
	for _, h := range c.core {
		if len(h) < 4 || h[:4] != c.core[0][:4] {
			return false
		}
	}
	return true
}

var builtin = sync.OnceValues(func() (*reference, error) {
	hs, err := catalog.BuiltinTable("hs")
	if err != nil {
		return nil, err
	}
	codes := map[string]bool{}
	text := hsText{words: map[string]map[string]bool{}, df: map[string]int{}, subs: map[string][]string{}}
	for _, e := range hs.Entries {
		codes[e.Code] = true
		if len(e.Code) < 4 {
			continue
		}
		if len(e.Code) == 6 {
			text.subs[e.Code[:4]] = append(text.subs[e.Code[:4]], e.Code)
		}
		ws := map[string]bool{}
		for _, w := range termWords(e.NameEn) {
			if !ws[w] {
				ws[w] = true
				text.df[w]++
			}
		}
		text.words[e.Code] = ws
	}
	lex, err := ParseLexicon(strings.NewReader(lexiconCSV), func(h string) bool { return codes[h] })
	if err != nil {
		return nil, err
	}
	materials, err := ParseMaterials(strings.NewReader(hazardsCSV))
	if err != nil {
		return nil, err
	}
	ingredients, err := ParseIngredients(strings.NewReader(ingredientsCSV))
	if err != nil {
		return nil, err
	}
	glosses, err := ParseGlosses(strings.NewReader(glossesCSV))
	if err != nil {
		return nil, err
	}
	stuffs, err := ParseStuffs(strings.NewReader(stuffsCSV))
	if err != nil {
		return nil, err
	}
	brandNames, err := ParseBrandNames(strings.NewReader(brandNamesCSV))
	if err != nil {
		return nil, err
	}
	dict, err := ParseDictionary(strings.NewReader(cedictTSV))
	if err != nil {
		return nil, err
	}
	cats, err := catalog.BuiltinTable("categories")
	if err != nil {
		return nil, err
	}
	lex.plain = text.df
	lex.english = dict.englishWords()
	materials.materialHeadings(lex)
	lex.indexSlips()
	ref := &reference{lex: lex, materials: materials, ingredients: ingredients, glosses: glosses, brandNames: brandNames, dict: dict, stuffs: stuffs, categories: map[string]category{}, hs: text, inner: innerMaterials(materials, stuffs)}
	for _, e := range cats.Entries {
		heads := strings.Fields(e.Attrs["hs"])
		for _, h := range heads {
			if !codes[h] {
				return nil, fmt.Errorf("matching: category %s maps to HS %s, which does not exist", e.Code, h)
			}
		}
		ref.categories[e.Code] = category{name: e.NameZh + " / " + e.NameEn, core: heads, headings: heads}
	}
	scopes, err := ParseScopes(strings.NewReader(scopesCSV), func(c string) bool { _, ok := ref.categories[c]; return ok }, func(h string) bool { return codes[h] })
	if err != nil {
		return nil, err
	}
	for code, heads := range scopes {
		c := ref.categories[code]
		c.headings = slices.Clone(c.core)
		for _, h := range heads {
			if !slices.Contains(c.headings, h) {
				c.headings = append(c.headings, h)
			}
		}
		ref.categories[code] = c
	}
	return ref, nil
})

// mustReference is the built-in reference data; the files are embedded and
// checked by the tests, so an error here is a broken build.
func mustReference() *reference {
	ref, err := builtin()
	if err != nil {
		panic(err)
	}
	return ref
}
