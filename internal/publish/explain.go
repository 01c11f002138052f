package publish

import (
	"riskgate/internal/risk"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"riskgate/internal/search"
)

// Highlight is a marked range of a text, in Unicode code points (not
// bytes, not UTF-16 units): [Start, End).
type Highlight struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Snippet is a short extract of a text with the words a search matched
// marked.
type Snippet struct {
	Text       string      `json:"text"`
	Highlights []Highlight `json:"highlights"`
}

// Part is a piece of a snippet, marked or not.
type Part struct {
	Text string
	Mark bool
}

// Parts cuts the snippet at its highlights, for a page to mark them.
func (s Snippet) Parts() []Part {
	rs := []rune(s.Text)
	var out []Part
	at := 0
	for _, h := range s.Highlights {
		if h.Start > at {
			out = append(out, Part{Text: string(rs[at:h.Start])})
		}
		out = append(out, Part{Text: string(rs[h.Start:h.End]), Mark: true})
		at = h.End
	}
	if at < len(rs) {
		out = append(out, Part{Text: string(rs[at:])})
	}
	return out
}

// Match is one reason a result matched: a field that holds words of the
// query (Words, as they appear in it), or a filter it passed (Values: its
// catalogue codes, HS prefixes, grade or issue date that passed).
type Match struct {
	Field  string   `json:"field"`
	Words  []string `json:"words,omitempty"`
	Values []string `json:"values,omitempty"`
}

// Explanation says why an announcement is among the results of a search.
type Explanation struct {
	Title     Snippet // the whole title, its matches marked
	Snippet   Snippet // from the summary, the matters or the advice: where the query matched most
	MatchedIn []Match // fields in SearchText order, then the filters
}

// SnippetRunes is the length of a snippet, in characters.
const SnippetRunes = 120

// textFields are the texts of a message that SearchText indexes, by
// the name a Match gives them.
func textFields(m *Message) []struct {
	name  string
	texts []string
} {
	w := &m.Warning
	names := func(table string, codes []string) []string {
		t := builtin(table)
		var out []string
		for _, c := range codes {
			if e := t.Find(c); e != nil {
				out = append(out, e.NameZh, e.NameEn)
			}
		}
		return out
	}
	return []struct {
		name  string
		texts []string
	}{
		{"title", []string{w.Title}}, {"number", []string{w.Number}}, {"summary", []string{w.Summary}},
		{"matters", []string{w.Matters}}, {"advice", []string{w.Advice}}, {"keywords", w.Scope.Keywords},
		{"brands", w.Scope.Brands}, {"models", w.Scope.Models}, {"manufacturers", w.Scope.Makers},
		{"hs_prefixes", w.Scope.HSPrefixes}, {"gtins", w.Scope.GTINs}, {"batches", w.Scope.Batches},
		{"categories", names("categories", m.Facets.Categories)}, {"hazards", names("hazards", m.Facets.Hazards)},
		{"countries", names("countries", m.Facets.Countries)},
	}
}

// Explain says why m is a result of q: the title and a snippet with the
// query's words marked as the index matched them (Han bigrams, whole
// latin words), the fields that hold them, and the filters m passed.
// It reads no store: Search has already chosen m.
func Explain(m *Message, q SearchQuery) Explanation {
	parsed, _ := search.Parse(q.Text)
	var ex Explanation
	var best struct {
		text   string
		spans  []search.Span
		marked int
	}
	for _, f := range textFields(m) {
		var words []string
		for _, text := range f.texts {
			spans := search.Highlight(text, parsed)
			for _, s := range spans {
				if w := text[s.Start:s.End]; !slices.Contains(words, w) {
					words = append(words, w)
				}
			}
			switch f.name {
			case "title":
				ex.Title = snippet(text, spans, 0)
			case "summary", "matters", "advice":
				n := 0
				for _, s := range spans {
					n += utf8.RuneCountInString(text[s.Start:s.End])
				}
				if best.text == "" || n > best.marked {
					best.text, best.spans, best.marked = text, spans, n
				}
			}
		}
		if len(words) > 0 {
			ex.MatchedIn = append(ex.MatchedIn, Match{Field: f.name, Words: words})
		}
	}
	ex.Snippet = snippet(best.text, best.spans, SnippetRunes)
	add := func(field string, values []string) {
		if len(values) == 0 {
			return
		}
		for i := range ex.MatchedIn {
			if ex.MatchedIn[i].Field == field {
				ex.MatchedIn[i].Values = values
				return
			}
		}
		ex.MatchedIn = append(ex.MatchedIn, Match{Field: field, Values: values})
	}
	passed := func(want, have []string, eq func(a, b string) bool) []string {
		var out []string
		for _, h := range have {
			if slices.ContainsFunc(want, func(w string) bool { return eq(w, h) }) {
				out = append(out, h)
			}
		}
		return out
	}
	same := func(a, b string) bool { return a == b }
	hs := func(a, b string) bool { return strings.HasPrefix(a, b) || strings.HasPrefix(b, a) }
	add("categories", passed(q.Categories, m.Facets.Categories, same))
	add("hs_prefixes", passed(q.HSPrefixes, m.Facets.HSPrefixes, hs))
	add("hazards", passed(q.Hazards, m.Facets.Hazards, same))
	add("countries", passed(q.Countries, m.Facets.Countries, same))
	if slices.Contains(q.Grades, m.Facets.Grade) {
		add("grade", []string{string(m.Facets.Grade)})
	}
	if !q.From.IsZero() || !q.To.IsZero() {
		at := m.Sent
		if m.Warning.IssuedAt != nil {
			at = *m.Warning.IssuedAt
		}
		add("issued_at", []string{at.In(risk.China).Format(time.DateOnly)})
	}
	return ex
}

// snippet cuts text to at most n characters (0: all) around its first
// span, with … where it is cut, and turns the spans into highlights.
func snippet(text string, spans []search.Span, n int) Snippet {
	rs := []rune(text)
	from, to := 0, len(rs)
	if n > 0 && len(rs) > n {
		if len(spans) > 0 {
			first := utf8.RuneCountInString(text[:spans[0].Start])
			from = max(0, min(first-n/4, len(rs)-n))
		}
		to = from + n
	}
	s := Snippet{Highlights: []Highlight{}}
	var b strings.Builder
	shift := 0
	if from > 0 {
		b.WriteString("…")
		shift = 1
	}
	b.WriteString(string(rs[from:to]))
	if to < len(rs) {
		b.WriteString("…")
	}
	s.Text = b.String()
	for _, sp := range spans {
		start := utf8.RuneCountInString(text[:sp.Start])
		end := start + utf8.RuneCountInString(text[sp.Start:sp.End])
		start, end = max(start, from), min(end, to)
		if start < end {
			s.Highlights = append(s.Highlights, Highlight{start - from + shift, end - from + shift})
		}
	}
	return s
}
