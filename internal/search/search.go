package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on what is indexed and asked.
const (
	MaxWord       = 40  // runes of a latin word kept
	MaxQueryRunes = 100 // a longer query is refused
	MaxQueryTerms = 32  // distinct terms of a query
)

// cjk reports whether r is written without spaces between words.
func cjk(r rune) bool {
	return unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r)
}

// fold maps full-width ASCII to ASCII and letters to lower case.
func fold(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
}

// Terms returns the index terms of text, in order, with repeats.
func Terms(text string) []string {
	var out []string
	var run []rune // the current Han run
	var word strings.Builder
	words := 0
	flushRun := func() {
		switch len(run) {
		case 0:
			return
		case 1:
			out = append(out, string(run))
		default:
			for i := 0; i+1 < len(run); i++ {
				out = append(out, string(run[i:i+2]))
			}
			out = append(out, string(run[len(run)-1]))
		}
		run = run[:0]
	}
	flushWord := func() {
		if word.Len() > 0 {
			out = append(out, word.String())
			word.Reset()
			words = 0
		}
	}
	for _, r := range text {
		r = fold(r)
		switch {
		case cjk(r):
			flushWord()
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushRun()
			if words < MaxWord {
				word.WriteRune(r)
				words++
			}
		default:
			flushRun()
			flushWord()
		}
	}
	flushRun()
	flushWord()
	return out
}

// Joined returns the terms of text separated by single spaces, as stored.
func Joined(text string) string { return strings.Join(Terms(text), " ") }

// Query is a parsed search: the terms a document must all hold. A term
// with Prefix set matches any indexed term that starts with it (a single
// Han character, or a word still being typed).
type Query struct {
	Terms []Term
}

// Term is one query term.
type Term struct {
	Text   string
	Prefix bool
}

// Empty reports whether the query has no terms.
func (q Query) Empty() bool { return len(q.Terms) == 0 }

// ErrTooLong is returned for a query over MaxQueryRunes.
type ErrTooLong struct{}

func (ErrTooLong) Error() string { return "query too long" }

// Parse reads a query typed by a user. A Han run is matched by its bigrams
// (a single character as a prefix); the last character that every bigram
// covers needs no term of its own. Latin words match whole, the last word
// of the query as a prefix.
func Parse(text string) (Query, error) {
	if utf8.RuneCountInString(text) > MaxQueryRunes {
		return Query{}, ErrTooLong{}
	}
	var q Query
	seen := map[string]bool{}
	add := func(t Term) {
		if !seen[t.Text] && len(q.Terms) < MaxQueryTerms {
			seen[t.Text] = true
			q.Terms = append(q.Terms, t)
		}
	}
	var run []rune
	var word []rune
	flushRun := func() {
		switch len(run) {
		case 0:
		case 1:
			add(Term{Text: string(run), Prefix: true})
		default:
			for i := 0; i+1 < len(run); i++ {
				add(Term{Text: string(run[i : i+2])})
			}
		}
		run = run[:0]
	}
	flushWord := func(last bool) {
		if len(word) > 0 {
			if len(word) > MaxWord {
				word = word[:MaxWord]
			}
			add(Term{Text: string(word), Prefix: last})
			word = word[:0]
		}
	}
	for _, r := range text {
		r = fold(r)
		switch {
		case cjk(r):
			flushWord(false)
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushRun()
			word = append(word, r)
		default:
			flushRun()
			flushWord(false)
		}
	}
	flushRun()
	flushWord(true)
	return q, nil
}

// Span is a byte range [Start, End) of a text.
type Span struct{ Start, End int }

// Highlight returns where the terms of q occur in text as the index
// matches them — a Han term inside a Han run (a bigram, or a single
// character as a prefix), a latin term as a whole word (a prefix term:
// every word it starts) — in order, overlapping spans merged, so that the
// bigrams of 毛绒玩具 mark the four characters as one (打火机 and 烧伤 of the
// query stay two spans in 打火机烧伤).
func Highlight(text string, q Query) []Span {
	if q.Empty() || text == "" {
		return nil
	}
	type char struct {
		at int // byte offset in text
		r  rune
	}
	var chars []char
	for i, r := range text {
		chars = append(chars, char{i, fold(r)})
	}
	end := func(i int) int { // byte offset after chars[i-1]
		if i < len(chars) {
			return chars[i].at
		}
		return len(text)
	}
	var spans []Span
	var words []Term // latin terms
	for _, t := range q.Terms {
		rs := []rune(t.Text)
		if len(rs) == 0 || !cjk(rs[0]) {
			words = append(words, t)
			continue
		}
		for i := 0; i+len(rs) <= len(chars); i++ {
			if chars[i].r == rs[0] && (len(rs) == 1 || chars[i+1].r == rs[1]) {
				spans = append(spans, Span{chars[i].at, end(i + len(rs))})
			}
		}
	}
	if len(words) > 0 {
		wordChar := func(r rune) bool { return !cjk(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) }
		for i := 0; i < len(chars); {
			if !wordChar(chars[i].r) {
				i++
				continue
			}
			j := i
			var w []rune
			for j < len(chars) && wordChar(chars[j].r) {
				if len(w) < MaxWord {
					w = append(w, chars[j].r)
				}
				j++
			}
			for _, t := range words {
				if string(w) == t.Text || t.Prefix && strings.HasPrefix(string(w), t.Text) {
					spans = append(spans, Span{chars[i].at, end(j)})
					break
				}
			}
			i = j
		}
	}
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b Span) int { return cmp.Compare(a.Start, b.Start) })
	out := spans[:1]
	for _, s := range spans[1:] {
		if last := &out[len(out)-1]; s.Start < last.End {
			last.End = max(last.End, s.End)
		} else {
			out = append(out, s)
		}
	}
	return out
}
