package search_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/search"
)

func TestTerms(t *testing.T) {
	tests := []struct{ in, want string }{
		{"婴幼儿奶粉", "婴幼 幼儿 儿奶 奶粉 粉"},
		{"玩具", "玩具 具"},
		{"奶", "奶"},
		{"SR/03746/24 打火机 Lighter", "sr 03746 24 打火 火机 机 lighter"},
		{"ＡＢＣ１２３，玩具", "abc123 玩具 具"},
		{"HS 3604.10 烟花", "hs 3604 10 烟花 花"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := search.Joined(tt.in); got != tt.want {
			t.Errorf("Terms(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want []search.Term
	}{
		{"玩具", []search.Term{{Text: "玩具"}}},
		{"奶", []search.Term{{Text: "奶", Prefix: true}}},
		{"婴儿奶粉", []search.Term{{Text: "婴儿"}, {Text: "儿奶"}, {Text: "奶粉"}}},
		{"打火机 light", []search.Term{{Text: "打火"}, {Text: "火机"}, {Text: "light", Prefix: true}}},
		{"玩具 玩具", []search.Term{{Text: "玩具"}}},
		{"  ，。 ", nil},
	}
	for _, tt := range tests {
		q, err := search.Parse(tt.in)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tt.want, q.Terms); diff != "" {
			t.Errorf("Parse(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
	if _, err := search.Parse(strings.Repeat("玩", search.MaxQueryRunes+1)); err == nil {
		t.Error("an over-long query is accepted")
	}
}

// Every query term of a text is among the text's own index terms (or a
// prefix of one), so a document always finds itself.
func TestSelfMatch(t *testing.T) {
	for _, text := range []string{"警惕新奇造型打火机烧伤风险", "SR/03746/24 novelty lighter 口红造型", "奶", "婴幼儿配方奶粉 infant formula"} {
		terms := map[string]bool{}
		for _, x := range search.Terms(text) {
			terms[x] = true
		}
		q, _ := search.Parse(text)
		for _, qt := range q.Terms {
			ok := terms[qt.Text]
			for x := range terms {
				ok = ok || qt.Prefix && strings.HasPrefix(x, qt.Text)
			}
			if !ok {
				t.Errorf("%q: query term %+v not indexed", text, qt)
			}
		}
	}
}

func TestHighlight(t *testing.T) {
	marked := func(text string, spans []search.Span) string {
		var b strings.Builder
		at := 0
		for _, s := range spans {
			b.WriteString(text[at:s.Start] + "[" + text[s.Start:s.End] + "]")
			at = s.End
		}
		return b.String() + text[at:]
	}
	tests := []struct{ text, query, want string }{
		{"部分出口毛绒玩具眼睛脱落。", "毛绒玩具", "部分出口[毛绒玩具]眼睛脱落。"},
		{"玩具与玩偶：玩具", "玩具", "[玩具]与玩偶：[玩具]"},
		{"婴幼儿配方奶粉", "奶", "婴幼儿配方[奶]粉"},
		{"婴幼儿配方奶粉", "奶粉 婴幼", "[婴幼]儿配方[奶粉]"},
		{"Toys and TOYBOX", "toy", "[Toys] and [TOYBOX]"},        // the last word is a prefix: it marks the words it starts
		{"Lighters; toys", "lighter toys", "Lighters; [toys]"},   // lighter (not last) is a whole word
		{"Lighters; toys", "toys lighter", "[Lighters]; [toys]"}, // lighter, now last, a prefix
		{"ＳＲ／０３７４６　打火机", "sr 03746", "[ＳＲ]／[０３７４６]　打火机"},         // full-width folds
		{"打火机 打 火", "打火", "[打火]机 打 火"},                           // a bigram is not its characters apart
		{"打火机烧伤", "打火机 烧伤", "[打火机][烧伤]"},                         // two words of the query stay two
		{"打火机", "，。", "打火机"},
		{"", "打火", ""},
	}
	for _, tt := range tests {
		q, err := search.Parse(tt.query)
		if err != nil {
			t.Fatal(err)
		}
		if got := marked(tt.text, search.Highlight(tt.text, q)); got != tt.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", tt.text, tt.query, got, tt.want)
		}
	}
}
