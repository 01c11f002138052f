package publish_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
)

// marked shows a snippet with its highlights in brackets.
func marked(s publish.Snippet) string {
	var b strings.Builder
	for _, p := range s.Parts() {
		if p.Mark {
			b.WriteString("[" + p.Text + "]")
		} else {
			b.WriteString(p.Text)
		}
	}
	return b.String()
}

func TestExplain(t *testing.T) {
	w := lighter()
	w.Summary = strings.Repeat("说明文字，", 30) + "口红造型的打火机外形似玩具，儿童容易误用导致烧伤。" + strings.Repeat("其他文字。", 20)
	w.Matters = "部分打火机无防止儿童开启装置。"
	w.Advice = "请勿购买。"
	w.Scope.Keywords = []string{"打火机"}
	w.Scope.GTINs = []string{"6901234567892"}
	m := &publish.Message{WarningID: w.ID, Public: true, Facets: publish.FacetsOf(w, []string{"burns"}), Warning: *w}
	from := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

	ex := publish.Explain(m, publish.SearchQuery{Text: "打火机 烧伤", Filter: publish.Filter{Hazards: []string{"burns", "fire"},
		Countries: []string{"CN"}, Grades: []risk.Grade{risk.GradeII, risk.GradeIII}}, From: from})
	if got := marked(ex.Title); got != "警惕新奇造型[打火机][烧伤]风险" {
		t.Errorf("title %q", got)
	}
	// The summary holds both words; the snippet is cut around the first.
	got := marked(ex.Snippet)
	if !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || !strings.Contains(got, "口红造型的[打火机]外形似玩具，儿童容易误用导致[烧伤]。") ||
		len([]rune(ex.Snippet.Text)) != publish.SnippetRunes+2 {
		t.Errorf("snippet %q (%d characters)", got, len([]rune(ex.Snippet.Text)))
	}
	// Offsets count characters: the highlights cut the text where the marks are.
	rs := []rune(ex.Snippet.Text)
	if h := ex.Snippet.Highlights[0]; string(rs[h.Start:h.End]) != "打火机" {
		t.Errorf("first highlight %+v is %q", h, string(rs[h.Start:h.End]))
	}
	want := []publish.Match{
		{Field: "title", Words: []string{"打火机", "烧伤"}},
		{Field: "summary", Words: []string{"打火机", "烧伤"}},
		{Field: "matters", Words: []string{"打火机"}},
		{Field: "keywords", Words: []string{"打火机"}},
		{Field: "categories", Words: []string{"打火机"}},
		{Field: "hazards", Words: []string{"烧伤"}, Values: []string{"burns"}}, // 烧伤、烫伤, and the filter
		{Field: "countries", Values: []string{"CN"}},
		{Field: "grade", Values: []string{"II"}},
		{Field: "issued_at", Values: []string{"2026-11-20"}},
	}
	if diff := cmp.Diff(want, ex.MatchedIn); diff != "" {
		t.Errorf("matched in (-want +got):\n%s", diff)
	}

	// English: whole words of the category's name; a GTIN by its digits.
	ex = publish.Explain(m, publish.SearchQuery{Text: "lighters"})
	if diff := cmp.Diff([]publish.Match{{Field: "categories", Words: []string{"Lighters"}}}, ex.MatchedIn); diff != "" {
		t.Errorf("lighters (-want +got):\n%s", diff)
	}
	if ex.Snippet.Text != w.Summary[:len(ex.Snippet.Text)-len("…")]+"…" || len(ex.Snippet.Highlights) != 0 {
		t.Errorf("a snippet without matches is the summary's start: %q", ex.Snippet.Text)
	}
	ex = publish.Explain(m, publish.SearchQuery{Text: "6901234567892"})
	if diff := cmp.Diff([]publish.Match{{Field: "gtins", Words: []string{"6901234567892"}}}, ex.MatchedIn); diff != "" {
		t.Errorf("gtin (-want +got):\n%s", diff)
	}

	// No text: the filters only, and the summary as it starts.
	ex = publish.Explain(m, publish.SearchQuery{Filter: publish.Filter{HSPrefixes: []string{"96"}, Categories: []string{"lighters"}}})
	if diff := cmp.Diff([]publish.Match{{Field: "categories", Values: []string{"lighters"}}, {Field: "hs_prefixes", Values: []string{"9613"}}}, ex.MatchedIn); diff != "" {
		t.Errorf("filters (-want +got):\n%s", diff)
	}
	if marked(ex.Title) != w.Title {
		t.Errorf("title marked without a query: %q", marked(ex.Title))
	}
	// A short text is whole, without ellipses.
	m.Warning.Summary = "打火机外形似玩具。"
	if got := marked(publish.Explain(m, publish.SearchQuery{Text: "玩具"}).Snippet); got != "打火机外形似[玩具]。" {
		t.Errorf("short snippet %q", got)
	}
}
