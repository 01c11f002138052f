package search

import (
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
