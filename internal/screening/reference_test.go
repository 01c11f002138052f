package screening

// The engine as it was before the port (commit c510587): Build, the
// candidates of a line, the full match of a scope and Screen, kept here
// as the reference the compiled index is compared against line by line.

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"riskgate/internal/warning"
)

// rfield names an anchor of the reference index.
type rfield uint8

const (
	rGTIN rfield = iota
	rBatch
	rUSCC
	rModel
	rBrand
	rMaker
	rHS
	rKeyword
	rCountry
	rPort
	rTradeMode
	rnFields
)

// refIndex is the immutable, compiled rule set it was. Each rule is filed under one
// field it sets — the most selective — and a line collects the rules filed
// under its own values, then checks them fully.
type refIndex struct {
	rules    []Rule
	byValue  [rnFields]map[string][]int32
	keywords *matcher
	kwRules  [][]int32 // keyword index → rules
	kwList   []string
	credit   Credit
	salt     []byte
	// reports that may relieve lines, filed by "u:"+USCC and
	// "d:"+declaration number (SetReports).
	reports   []Report
	reportsBy map[string][]int32
}

// setReports files reports as Index.SetReports does.
func (ix *refIndex) setReports(reports []Report) {
	var n Index
	n.SetReports(reports)
	ix.reports, ix.reportsBy = n.reports, n.reportsBy
}

func rfold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// refBuild compiles rules, with the credit data and the sampling salt.
func refBuild(rules []Rule, credit Credit, salt []byte) *refIndex {
	ix := &refIndex{rules: rules, credit: credit, salt: salt}
	for f := range ix.byValue {
		ix.byValue[f] = map[string][]int32{}
	}
	kwIndex := map[string]int{}
	for i := range rules {
		sc := &rules[i].Scope
		id := int32(i)
		file := func(f rfield, vals []string, norm func(string) string) bool {
			if len(vals) == 0 {
				return false
			}
			for _, v := range vals {
				k := v
				if norm != nil {
					k = norm(v)
				}
				ix.byValue[f][k] = append(ix.byValue[f][k], id)
			}
			return true
		}
		switch {
		case file(rGTIN, sc.GTINs, nil), file(rBatch, sc.Batches, nil), file(rUSCC, sc.USCCs, nil),
			file(rModel, sc.Models, rfold), file(rBrand, sc.Brands, rfold), file(rMaker, sc.Makers, rfold),
			file(rHS, sc.HSPrefixes, nil):
		case len(sc.Keywords) > 0:
			for _, k := range sc.Keywords {
				n, ok := kwIndex[k]
				if !ok {
					n = len(ix.kwList)
					kwIndex[k] = n
					ix.kwList = append(ix.kwList, k)
					ix.kwRules = append(ix.kwRules, nil)
				}
				ix.kwRules[n] = append(ix.kwRules[n], id)
			}
		case file(rCountry, sc.Countries, nil), file(rPort, sc.Ports, nil), file(rTradeMode, sc.TradeModes, nil):
		}
	}
	ix.keywords = newMatcher(ix.kwList)
	return ix
}

// Rules returns the number of rules in the index.

// candidates collects the rules filed under the line's values.
func (ix *refIndex) candidates(d *Declaration, l *Line, buf []int32) []int32 {
	add := func(f rfield, v string) {
		if v != "" {
			buf = append(buf, ix.byValue[f][v]...)
		}
	}
	add(rGTIN, l.GTIN)
	add(rBatch, l.Batch)
	add(rUSCC, d.ConsignorUSCC)
	add(rUSCC, d.ConsigneeUSCC)
	add(rUSCC, l.ManufacturerUSCC)
	add(rModel, rfold(l.Model))
	add(rBrand, rfold(l.Brand))
	add(rMaker, rfold(l.Manufacturer))
	for n := 2; n <= len(l.HSCode); n++ {
		add(rHS, l.HSCode[:n])
	}
	if len(ix.kwList) > 0 && l.Name != "" {
		ix.keywords.find(l.Name, func(k int32) { buf = append(buf, ix.kwRules[k]...) })
	}
	add(rCountry, l.Origin)
	if l.Destination != l.Origin {
		add(rCountry, l.Destination)
	}
	add(rPort, d.Port)
	add(rTradeMode, d.TradeMode)
	return buf
}

// matches reports whether a line meets every field the scope sets. It is
// the inner loop of screening: plain loops, no allocation.
func matches(sc *warning.Scope, d *Declaration, l *Line) bool {
	if len(sc.HSPrefixes) > 0 && !anyPrefix(sc.HSPrefixes, l.HSCode) {
		return false
	}
	if len(sc.GTINs) > 0 && !anyEqual(sc.GTINs, l.GTIN) {
		return false
	}
	if len(sc.Batches) > 0 && !anyEqual(sc.Batches, l.Batch) {
		return false
	}
	if len(sc.USCCs) > 0 && !anyEqual(sc.USCCs, d.ConsignorUSCC) && !anyEqual(sc.USCCs, d.ConsigneeUSCC) && !anyEqual(sc.USCCs, l.ManufacturerUSCC) {
		return false
	}
	if len(sc.Models) > 0 && !anyFold(sc.Models, l.Model) {
		return false
	}
	if len(sc.Brands) > 0 && !anyFold(sc.Brands, l.Brand) {
		return false
	}
	if len(sc.Makers) > 0 && !anyFold(sc.Makers, l.Manufacturer) {
		return false
	}
	if len(sc.Keywords) > 0 && !anyContained(sc.Keywords, l.Name) {
		return false
	}
	if len(sc.Countries) > 0 && !anyEqual(sc.Countries, l.Origin) && !anyEqual(sc.Countries, l.Destination) {
		return false
	}
	if len(sc.Ports) > 0 && !anyEqual(sc.Ports, d.Port) {
		return false
	}
	if len(sc.TradeModes) > 0 && !anyEqual(sc.TradeModes, d.TradeMode) {
		return false
	}
	return true
}

func anyEqual(set []string, v string) bool {
	if v == "" {
		return false
	}
	for _, x := range set {
		if x == v {
			return true
		}
	}
	return false
}

func anyFold(set []string, v string) bool {
	if v == "" {
		return false
	}
	for _, x := range set {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

func anyPrefix(set []string, v string) bool {
	for _, p := range set {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

func anyContained(set []string, v string) bool {
	if v == "" {
		return false
	}
	for _, k := range set {
		if strings.Contains(v, k) {
			return true
		}
	}
	return false
}

// screen decides a declaration. The result depends only on the index (its
// rules, credit data and salt) and the declaration: the same input gives
// the same output.
func (ix *refIndex) screen(d *Declaration) Result {
	res := Result{Number: d.Number, Decision: Release, Lines: make([]LineResult, len(d.Lines))}
	baseRate, tier := ix.credit.Rate(d.Responsible())
	tierZh, tierEn := ix.credit.tierName(tier)
	var buf []int32
	for i := range d.Lines {
		l := &d.Lines[i]
		lr := LineResult{Decision: Release, Reasons: []Reason{}, Rate: baseRate}
		draw := Draw(ix.salt, d.Number, i)
		buf = ix.candidates(d, l, buf[:0])
		slices.Sort(buf)
		prev := int32(-1)
		for _, id := range buf {
			if id == prev {
				continue
			}
			prev = id
			r := &ix.rules[id]
			if (!r.From.IsZero() && d.DeclaredAt.Before(r.From)) || (!r.Until.IsZero() && !d.DeclaredAt.Before(r.Until)) {
				continue
			}
			if !matches(&r.Scope, d, l) {
				continue
			}
			why := r.Why
			if r.sampled() {
				lr.Rate = math.Max(lr.Rate, r.Rate)
				if draw >= r.Rate {
					continue
				}
				lr.Sampled = true
				if zh, en, ok := strings.Cut(why, " / "); ok {
					why = fmt.Sprintf("%s（抽中，比例 %.0f%%） / %s (sampled at %.0f%%)", zh, r.Rate*100, en, r.Rate*100)
				} else {
					why = fmt.Sprintf("%s（抽中，比例 %.0f%% / sampled at %.0f%%）", why, r.Rate*100, r.Rate*100)
				}
			}
			decision := r.Decision
			if r.Relief != nil {
				if use, awaiting := ix.relief(r, d, l); use != nil || awaiting != nil {
					why = reliefWhy(why, r, use, awaiting)
					if use != nil {
						decision = r.Relief.Decision
					}
				}
			}
			lr.Decision = Stricter(lr.Decision, decision)
			lr.Reasons = append(lr.Reasons, Reason{MeasureID: r.MeasureID, WarningNumber: r.WarningNumber, Why: why})
		}
		if draw < baseRate {
			lr.Sampled = true
			lr.Decision = Stricter(lr.Decision, Inspect)
			lr.Reasons = append(lr.Reasons, Reason{Why: fmt.Sprintf("随机抽查：信用等级 %s，比例 %s / random inspection: credit tier %s, rate %s",
				tierZh, pct(baseRate), tierEn, pct(baseRate))})
		}
		sort.SliceStable(lr.Reasons, func(a, b int) bool {
			x, y := lr.Reasons[a], lr.Reasons[b]
			if x.WarningNumber != y.WarningNumber {
				return x.WarningNumber < y.WarningNumber
			}
			return x.MeasureID < y.MeasureID
		})
		res.Lines[i] = lr
		res.Decision = Stricter(res.Decision, lr.Decision)
	}
	return res
}

// relief finds the report that relieves line l of d under rule r: among
// the reports covering it, the latest issued; awaiting is the latest
// covering report drawn for a cross-check when no other covers the line.
func (ix *refIndex) relief(r *Rule, d *Declaration, l *Line) (use, awaiting *Report) {
	if r.Relief == nil || len(ix.reports) == 0 {
		return nil, nil
	}
	consider := func(ids []int32) {
		for _, i := range ids {
			rep := &ix.reports[i]
			if !rep.covers(d, l, r.Relief.TestItems) {
				continue
			}
			best := &use
			if rep.Awaiting {
				best = &awaiting
			}
			if *best == nil || rep.IssuedOn.After((*best).IssuedOn) || (rep.IssuedOn.Equal((*best).IssuedOn) && rep.ID > (*best).ID) {
				*best = rep
			}
		}
	}
	consider(ix.reportsBy["d:"+d.Number])
	if u := d.Responsible(); u != "" {
		consider(ix.reportsBy["u:"+u])
	}
	if u := l.ManufacturerUSCC; u != "" && u != d.Responsible() {
		consider(ix.reportsBy["u:"+u])
	}
	if use != nil {
		return use, nil
	}
	return nil, awaiting
}
