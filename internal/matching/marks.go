package matching

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// clauseBreak cuts a text where a name no longer runs into the words after
// it: brackets, stops, commas, colons, quotes.
var clauseBreak = regexp.MustCompile(`[^\p{L}\p{N}\s'’-]+`)

// markReach is how many words after a mark may hold the goods it names:
// "JD suspension forks", "Blazer automatic baseball pitching machines".
const markReach = 3

// marksBeforeGoods returns the brands of two to four capitals ("JD
// suspension forks") and the models of one capitalised word ("Blazer
// automatic baseball pitching machines") declared on some line that a text
// writes just before words naming goods. brandsInText reads no run that
// short, and declaredModelsIn no word of the nomenclature's or the
// lexicon's, since such words are too often other words; written at the
// head of the goods' own words, they are the goods' name.
//
// A brand mark is no word of the nomenclature's, the lexicon's, the stop
// words or the common abbreviations ("LED lights", "PVC pipes"). A model
// mark that names goods itself counts only before goods of another chapter:
// a blazer is clothing, "Blazer pitching machines" a name, while "Baseball
// bats" are baseball goods. A text in capitals throughout marks nothing.
func (ix *Index) marksBeforeGoods(text string) (brands, models map[string]bool) {
	text = fold(text)
	if !strings.ContainsFunc(text, unicode.IsLower) {
		return nil, nil
	}
	ref := mustReference()
	for _, clause := range clauseBreak.Split(text, -1) {
		ws := strings.FieldsFunc(clause, notWordRune)
		for i, w := range ws {
			if i+1 == len(ws) || strings.ContainsFunc(w, unicode.IsDigit) {
				continue
			}
			low := strings.ToLower(w)
			if stopwords[low] || abbreviations[low] {
				continue
			}
			isBrand := len(w) >= 2 && len(w) <= 4 && !strings.ContainsFunc(w, unicode.IsLower) &&
				ix.post.declared[normBrand(w)] && !genericBrand(normBrand(w)) && ref.hs.df[low] == 0 && !ref.lex.knows(low)
			r, _ := utf8.DecodeRuneInString(w)
			m := normModel(w)
			isModel := unicode.IsUpper(r) && len(m) >= 4 && len(ix.post.model[m]) > 0
			if !isBrand && !isModel {
				continue
			}
			goods := goodsAfter(ref, ws[i+1:min(len(ws), i+1+markReach)])
			if goods == nil {
				continue
			}
			if isBrand {
				if brands == nil {
					brands = map[string]bool{}
				}
				brands[normBrand(w)] = true
			}
			if isModel && otherChapters(ref, low, goods) {
				if models == nil {
					models = map[string]bool{}
				}
				models[m] = true
			}
		}
	}
	return brands, models
}

// goodsAfter returns the lexicon's terms of the words after a mark up to
// and with the first word that names goods, none when no word does or a
// stop word comes first ("JD and the bicycles").
func goodsAfter(ref *reference, ws []string) []*Term {
	for j, w := range ws {
		k := strings.ToLower(w)
		if stopwords[k] {
			return nil
		}
		if ref.lex.namesGoods(stem(k)) {
			return ref.lex.Find(strings.Join(ws[:j+1], " "))
		}
	}
	return nil
}

// otherChapters reports a model's word that names no goods, or goods
// none of whose chapters is one of the goods after it: the word is then a
// name, not the goods' kind.
func otherChapters(ref *reference, w string, after []*Term) bool {
	var own []string
	for _, t := range ref.lex.Find(w) {
		own = append(own, chaptersOf(t.Headings)...)
	}
	if k := stem(w); ref.hs.df[k] > 0 || ref.hs.df[w] > 0 {
		for code, words := range ref.hs.words {
			if words[k] || words[w] {
				own = append(own, prefixOf(code, 2))
			}
		}
	}
	if len(own) == 0 {
		return true
	}
	for _, t := range after {
		if slices.ContainsFunc(chaptersOf(t.Headings), func(c string) bool { return slices.Contains(own, c) }) {
			return false
		}
	}
	return true
}

// chaptersOf returns the chapters (two digits) of headings.
func chaptersOf(heads []string) []string {
	var out []string
	for _, h := range heads {
		if c := prefixOf(h, 2); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// namesFirm reports an alert that names a firm: its brand, its maker, or
// the firm a recall's title says recalls.
func namesFirm(n Notification) bool {
	if strings.TrimSpace(n.Brand) != "" || strings.TrimSpace(n.Manufacturer) != "" {
		return true
	}
	w := fold(n.Words)
	return recallCue.MatchString(w) || recalledByCue.MatchString(w) || recalledByBare.MatchString(w)
}

// brandListCue finds a list of names, each of one to three capitalised
// words, written before "brand" ("Cannondale, Diamondback, GT, INA
// International, Schwinn and Trek brand bicycles").
var brandListCue = regexp.MustCompile(strings.NewReplacer("N", `\p{Lu}[\p{L}\p{N}&'’.-]*(?:\s+\p{Lu}[\p{L}\p{N}&'’.-]*){0,2}`).Replace(
	`((?:N,\s*)+(?:(?:and|or|&)\s+)?N(?:\s+(?:and|or|&)\s+N)?)\s+brand(?:s|ed)?\b`))

// listItem splits a list's text at its commas and its last "and", "or" or
// "&".
var listItem = regexp.MustCompile(`\s*,\s*(?:(?:and|or|&)\s+)?|\s+(?:and|or|&)\s+`)

// brandsListed returns the brands declared on some line that a list
// written before "brand" names: each item is a brand, whatever its length
// ("INA International": INA), as its first one to three words (a firm's
// "International" after it is no part of it).
func (ix *Index) brandsListed(text string) map[string]bool {
	var out map[string]bool
	for _, m := range brandListCue.FindAllStringSubmatch(fold(text), -1) {
		items := listItem.Split(m[1], -1)
		if len(items) < 2 {
			continue
		}
		for _, item := range items {
			ws := strings.Fields(item)
			for k := min(len(ws), 3); k >= 1; k-- {
				f := normBrand(strings.Join(ws[:k], " "))
				if len(f) < 2 || genericBrand(f) || stopwords[f] || !ix.post.declared[f] {
					continue
				}
				if out == nil {
					out = map[string]bool{}
				}
				out[f] = true
				break
			}
		}
	}
	return out
}

// spreadModels returns the models of two words or more, declared under one
// of the alert's brands, every word of which the text writes, though not
// together ("some Amsterdam model bicycles in the Classic 3, Original 3,
// Royal 8, and Sport 3 styles" for AMSTERDAM ORIGINAL 3), one of them a
// name: four letters or more and no word of the nomenclature's, the
// lexicon's or the stop words.
func (ix *Index) spreadModels(text string, brands []string) map[string]bool {
	if len(brands) == 0 {
		return nil
	}
	ref := mustReference()
	var inText map[string]bool
	var out map[string]bool
	seen := map[string]bool{} // models read already, named or not
	for _, form := range brands {
		if !ix.post.declared[form] {
			continue
		}
		for _, id := range ix.post.brand[form] {
			for i := range ix.profiles[id].lines {
				l := &ix.profiles[id].lines[i]
				// A model of one word is declaredModelsIn's.
				if l.model == "" || seen[l.model] || !strings.ContainsFunc(l.Model, notWordRune) || !slices.Contains(l.brands, form) {
					continue
				}
				seen[l.model] = true
				ws := strings.FieldsFunc(strings.ToLower(fold(l.Model)), notWordRune)
				if len(ws) < 2 || !slices.ContainsFunc(ws, func(w string) bool {
					return len(w) >= 4 && !strings.ContainsFunc(w, unicode.IsDigit) && ref.hs.df[w] == 0 && !ref.lex.knows(w) && !stopwords[w]
				}) {
					continue
				}
				if inText == nil {
					inText = map[string]bool{}
					for _, w := range strings.FieldsFunc(strings.ToLower(fold(text)), notWordRune) {
						inText[w] = true
					}
				}
				if !slices.ContainsFunc(ws, func(w string) bool { return !inText[w] }) {
					if out == nil {
						out = map[string]bool{}
					}
					out[l.model] = true
				}
			}
		}
	}
	return out
}

// narrowedElsewhere returns the alert's term that narrows another of its
// terms a line fits, when the line is not of it: not named in its name, and
// declared under none of its headings ("electric bicycles", 电动自行车 under
// 8711, narrow "bicycles", 自行车; a child's bicycle, 儿童自行车 under 8712,
// is only the broad kind). The narrower term is a kind of the broad goods,
// ending in the same word, not a part of them ("bicycle fork"). An e-bike
// declared 电动山地自行车 under 8711 is of it by its heading.
func narrowedElsewhere(terms []*Term, l *prepared) string {
	for _, t := range terms {
		if len(t.Headings) == 0 || hasPrefix(l.hs, t.Headings) || t.namesLine(l) {
			continue
		}
		for _, b := range terms {
			// A kind of the broad goods, by the same last word (electric
			// bicycle, bicycle), not a part of them (bicycle fork).
			if b == t || !t.narrowerThan(b) || len(t.words) < 2 || len(b.words) == 0 || t.words[len(t.words)-1] != b.words[len(b.words)-1] {
				continue
			}
			if _, ok := b.fitsLine(l); ok {
				return t.Term
			}
		}
	}
	return ""
}

// notWordRune reports a rune that is no letter and no digit: what splits a
// text or a model into words.
func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// namedRuns returns the declared brands of three to five words, each
// capitalised, that a text writes between lower-case words of running text
// ("This recall involves Smart Balance Wheel self-balancing scooters"):
// brandsInText reads no run of ordinary words alone (smart, balance,
// wheel), but capitals in the middle of a sentence make them a name. A
// title, whose words are all capitalised, marks nothing.
func (ix *Index) namedRuns(text string) map[string]bool {
	var out map[string]bool
	lower := func(w string) bool {
		r, _ := utf8.DecodeRuneInString(w)
		return unicode.IsLower(r)
	}
	for _, clause := range clauseBreak.Split(fold(text), -1) {
		ws := strings.FieldsFunc(clause, notWordRune)
		for i := 1; i < len(ws); i++ {
			if !lower(ws[i-1]) {
				continue
			}
			for j := i + 1; j < min(len(ws), i+6); j++ {
				if r, _ := utf8.DecodeRuneInString(ws[j-1]); !unicode.IsUpper(r) {
					break
				}
				if j-i < 3 || !lower(ws[j]) {
					continue
				}
				if f := normBrand(strings.Join(ws[i:j], " ")); ix.post.declared[f] && !genericBrand(f) {
					if out == nil {
						out = map[string]bool{}
					}
					out[f] = true
				}
			}
		}
	}
	return out
}

// modelsAfterBrand returns the models declared under a brand that a text
// writes as a capitalised word just after the brand's one word ("the
// Specialized Flux and Stix … headlights" for SPECIALIZED FLUX): written
// there, an ordinary word (flux) is the brand's model.
func (ix *Index) modelsAfterBrand(text string, brands []string) map[string]bool {
	var out map[string]bool
	for _, clause := range clauseBreak.Split(fold(text), -1) {
		ws := strings.FieldsFunc(clause, notWordRune)
		for i := 0; i+1 < len(ws); i++ {
			b := normBrand(ws[i])
			if !slices.Contains(brands, b) {
				continue
			}
			r, _ := utf8.DecodeRuneInString(ws[i+1])
			m := normModel(ws[i+1])
			if !unicode.IsUpper(r) || len(m) < 3 || len(ix.post.model[m]) == 0 || !ix.modelOfBrand(m, []string{b}) {
				continue
			}
			if out == nil {
				out = map[string]bool{}
			}
			out[m] = true
		}
	}
	return out
}

// quotedName finds a name in quotation marks: "X-Games Aggressive",
// “Spark”.
var quotedName = regexp.MustCompile(`["“”]([^"“”]{2,60})["“”]`)

// quotedBrands returns the declared brands a text writes at the head of a
// name in quotation marks ("Variflex "X-Games Aggressive" bicycle helmets"
// for X-GAMES): quoted, capitalised words are a name, though each is an
// ordinary word or a letter (x, games). The longest declared head counts.
func (ix *Index) quotedBrands(text string) map[string]bool {
	var out map[string]bool
	for _, m := range quotedName.FindAllStringSubmatch(fold(text), -1) {
		ws := strings.FieldsFunc(m[1], notWordRune)
		for j := len(ws); j >= 1; j-- {
			if r, _ := utf8.DecodeRuneInString(ws[j-1]); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				continue
			}
			if slices.ContainsFunc(ws[:j], func(w string) bool {
				r, _ := utf8.DecodeRuneInString(w)
				return !unicode.IsUpper(r) && !unicode.IsDigit(r)
			}) {
				continue
			}
			if f := normBrand(strings.Join(ws[:j], " ")); len(f) >= 4 && ix.post.declared[f] && !genericBrand(f) {
				if out == nil {
					out = map[string]bool{}
				}
				out[f] = true
				break
			}
		}
	}
	return out
}
