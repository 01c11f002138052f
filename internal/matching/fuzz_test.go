package matching

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"riskgate/internal/risk"
)

// fuzzHeadings are HS 2022 codes (shared/data/hs) that the fuzzed files may
// name; fuzzCategories are categories of the catalogue.
var (
	fuzzHeadings   = map[string]bool{"36": true, "3604": true, "360410": true, "6912": true, "9503": true, "9504": true, "8206": true, "8516": true, "9405": true}
	fuzzCategories = map[string]bool{"toys": true, "hand-tools": true, "electrical-appliances": true, "hobby-sports-equipment": true}
)

// headLines returns the first n lines of s.
func headLines(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	return strings.Join(lines[:min(n, len(lines))], "")
}

// checkTableError fails t unless err is a bilingual ErrInvalid on one of
// the fields.
func checkTableError(t *testing.T, err error, fields ...string) {
	t.Helper()
	e, ok := risk.AsError(err)
	if !ok || !errors.Is(err, risk.ErrInvalid) || !slices.Contains(fields, e.Field) || !strings.Contains(e.Message, " / ") {
		t.Fatalf("error %#v: want a bilingual ErrInvalid on one of %v", err, fields)
	}
}

// FuzzParseLexicon: a lexicon is refused as a whole with a bilingual error
// on the field at fault, or every term has a known language, Chinese
// words, headings that exist, known sources, and is found in its own text.
func FuzzParseLexicon(f *testing.F) {
	// The first terms of data/lexicon.csv (sources in data/README.md), and
	// refusals.
	f.Add(headLines(lexiconCSV, 12))
	for _, s := range []string{
		"", "term,lang,zh,hs,source\n", "term,lang,zh,hs,source\nmug,en,杯|马克杯,6912,sg+trade\nmugs,en,杯,6912,sg\n",
		"term,lang,zh,hs,source\nfeu d'artifice,fr,烟花,3604 360410,hs\nToys,en,玩具,,trade\n",
		"term,lang,zh,hs,source\n!!!,en,杯,6912,sg\n", "term,lang,zh,hs,source\nmug,en,|,6912,sg\n", "term,lang,zh\nmug,en,杯\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lx, err := ParseLexicon(strings.NewReader(s), func(h string) bool { return fuzzHeadings[h] })
		if err != nil {
			if lx != nil {
				t.Fatalf("error %v with a lexicon", err)
			}
			checkTableError(t, err, "lexicon", "term", "lang", "zh", "hs", "source")
			return
		}
		if len(lx.list) > MaxLexiconRows || len(lx.list) != len(lx.terms) {
			t.Fatalf("%d terms, %d keys", len(lx.list), len(lx.terms))
		}
		for _, term := range lx.list {
			if !lexiconLangs[term.Lang] || len(term.Zh) == 0 || len(term.Sources) == 0 || len(term.words) == 0 || len(term.words) > lx.maxWords {
				t.Fatalf("term %+v", term)
			}
			for _, z := range term.Zh {
				if z == "" || z != strings.TrimSpace(z) {
					t.Fatalf("term %q: Chinese word %q", term.Term, z)
				}
			}
			for _, h := range term.Headings {
				if !fuzzHeadings[h] {
					t.Fatalf("term %q: heading %q does not exist", term.Term, h)
				}
			}
			for _, src := range term.Sources {
				if !lexiconSources[src] {
					t.Fatalf("term %q: source %q", term.Term, src)
				}
			}
			if found := lx.Find(term.Term); len(found) == 0 || found[0] != term {
				t.Fatalf("Find(%q) = %v, want the term first", term.Term, found)
			}
		}
	})
}

// FuzzParseScopes: the scopes are refused as a whole with a bilingual
// error on the field at fault, or every category exists, once, with
// headings that exist.
func FuzzParseScopes(f *testing.F) {
	// The first rows of data/scopes.csv (sources in data/README.md), and
	// refusals.
	f.Add(headLines(scopesCSV, 6))
	for _, s := range []string{
		"", "category,hs,source\n", "category,hs,source\ntoys,9503 9504,sg\ntoys,8206,hs\n", "category,hs,source\ngadgets,9504,sg\n",
		"category,hs,source\nhand-tools, ,sg\n", "category,hs\ntoys,9504\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := ParseScopes(strings.NewReader(s), func(c string) bool { return fuzzCategories[c] }, func(h string) bool { return fuzzHeadings[h] })
		if err != nil {
			if m != nil {
				t.Fatalf("error %v with %d scopes", err, len(m))
			}
			checkTableError(t, err, "scopes", "category", "hs", "source")
			return
		}
		for c, heads := range m {
			if !fuzzCategories[c] || len(heads) == 0 {
				t.Fatalf("category %q: headings %v", c, heads)
			}
			for _, h := range heads {
				if !fuzzHeadings[h] {
					t.Fatalf("category %q: heading %q does not exist", c, h)
				}
			}
		}
	})
}
