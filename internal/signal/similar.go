package signal

import (
	"sort"
	"strings"
	"unicode"

	"riskgate/internal/risk"
)

// Suggestion is a signal that may be a duplicate of, or related to,
// another, with the reasons.
type Suggestion struct {
	SignalID risk.ID  `json:"signal_id"`
	Reasons  []string `json:"reasons"`
	Score    float64  `json:"score"` // 0..1; text similarity, or 1 for an identifier match
	Summary  string   `json:"summary"`
}

// TextThreshold is the bigram similarity above which two descriptions are
// "near-identical".
const TextThreshold = 0.8

// bigrams returns the set of adjacent-character pairs of s after folding
// case and dropping spaces and punctuation — a measure that works for
// Chinese, which has no word boundaries, and for English alike.
func bigrams(s string) map[[2]rune]bool {
	var rs []rune
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			rs = append(rs, r)
		}
	}
	out := make(map[[2]rune]bool, len(rs))
	for i := 0; i+1 < len(rs); i++ {
		out[[2]rune{rs[i], rs[i+1]}] = true
	}
	return out
}

// Similarity is the Dice coefficient of the character bigrams of a and b.
func Similarity(a, b string) float64 {
	x, y := bigrams(a), bigrams(b)
	if len(x) == 0 || len(y) == 0 {
		return 0
	}
	both := 0
	for k := range x {
		if y[k] {
			both++
		}
	}
	return 2 * float64(both) / float64(len(x)+len(y))
}

// ReasonLabel names why a signal is suggested as related (gtin, batch,
// model, uscc, text), Chinese and English.
func ReasonLabel(r string) (zh, en string) {
	return risk.Labels{"gtin": {"商品条码相同", "same barcode"}, "batch": {"批次相同", "same batch"},
		"model": {"品牌型号相同", "same brand and model"}, "uscc": {"企业相同", "same enterprise"},
		"text": {"描述相近", "similar description"}}.Of(r)
}

// LinkLabel names a kind of link between signals, Chinese and English.
func LinkLabel(kind string) (zh, en string) {
	return risk.Labels{LinkDuplicate: {"重复", "Duplicate"}, LinkRelated: {"相关", "Related"}}.Of(kind)
}

// Suggest compares s with candidates and returns those sharing an
// identifier (GTIN, batch, brand and model, USCC) or with a near-identical
// description, best first.
func Suggest(s *Signal, candidates []*Signal) []Suggestion {
	var out []Suggestion
	for _, c := range candidates {
		if c.ID == s.ID {
			continue
		}
		var reasons []string
		score := 0.0
		p, q := s.Product, c.Product
		if p.GTIN != "" && p.GTIN == q.GTIN {
			reasons = append(reasons, "gtin")
		}
		if p.Batch != "" && p.Batch == q.Batch && (p.Name == q.Name || p.Brand == q.Brand) {
			reasons = append(reasons, "batch")
		}
		if p.Model != "" && strings.EqualFold(p.Model, q.Model) && strings.EqualFold(p.Brand, q.Brand) {
			reasons = append(reasons, "model")
		}
		if p.USCC != "" && p.USCC == q.USCC {
			reasons = append(reasons, "uscc")
		}
		if len(reasons) > 0 {
			score = 1
		}
		if sim := Similarity(s.Description+" "+p.Name, c.Description+" "+q.Name); sim >= TextThreshold {
			reasons = append(reasons, "text")
			score = max(score, sim)
		}
		if len(reasons) == 0 {
			continue
		}
		summary := q.Name
		if summary == "" {
			summary = c.Description
		}
		if r := []rune(summary); len(r) > 60 {
			summary = string(r[:60]) + "…"
		}
		out = append(out, Suggestion{SignalID: c.ID, Reasons: reasons, Score: score, Summary: summary})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].SignalID > out[j].SignalID
	})
	return out
}
