package screening

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/contingency"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Line is one goods line of a declaration.
type Line struct {
	HSCode           string  `json:"hs_code"`
	Name             string  `json:"name"`
	Brand            string  `json:"brand,omitempty"`
	Model            string  `json:"model,omitempty"`
	GTIN             string  `json:"gtin,omitempty"`
	Batch            string  `json:"batch,omitempty"`
	Manufacturer     string  `json:"manufacturer,omitempty"`
	ManufacturerUSCC string  `json:"manufacturer_uscc,omitempty"`
	Origin           string  `json:"origin,omitempty"`
	Destination      string  `json:"destination,omitempty"`
	Quantity         float64 `json:"quantity,omitempty"`
	Unit             string  `json:"unit,omitempty"`
	Value            float64 `json:"value,omitempty"`
}

// Declaration is an import or export declaration (single-window style).
type Declaration struct {
	Number        string    `json:"number"`
	Direction     string    `json:"direction"` // import or export
	Port          string    `json:"port"`
	DeclaredAt    time.Time `json:"declared_at"`
	TradeMode     string    `json:"trade_mode"`
	ConsignorUSCC string    `json:"consignor_uscc,omitempty"`
	ConsigneeUSCC string    `json:"consignee_uscc,omitempty"`
	// ConsignorName and ConsigneeName are the names as declared; pages
	// prefer the register's name when the USCC is registered.
	ConsignorName string `json:"consignor_name,omitempty"`
	ConsigneeName string `json:"consignee_name,omitempty"`
	Lines         []Line `json:"lines"`
}

// Responsible is the USCC of the enterprise whose credit sets the sampling
// rate: the consignee of an import, the consignor of an export.
func (d *Declaration) Responsible() string {
	if d.Direction == "export" {
		return d.ConsignorUSCC
	}
	return d.ConsigneeUSCC
}

// Rule is one compiled scope: a measure in force, or an issued 通报 without
// a measure that decides.
type Rule struct {
	MeasureID     risk.ID
	WarningID     risk.ID
	WarningNumber string
	Decision      Decision
	// Rate samples matching lines at this ratio (strengthened supervision);
	// 0 or ≥ 1 applies the decision to every matching line.
	Rate  float64
	Scope warning.Scope
	From  time.Time // zero: open
	Until time.Time // exclusive; zero: until lifted
	Why   string
	// Relief, when set, lightens the decision on lines an accepted report
	// covers (采信).
	Relief *Relief
}

func (r *Rule) sampled() bool { return r.Rate > 0 && r.Rate < 1 }

// Reason explains a line's decision.
type Reason struct {
	MeasureID     risk.ID `json:"measure_id,omitempty"`
	WarningNumber string  `json:"warning_number,omitempty"`
	Why           string  `json:"why"`
}

// LineResult is the decision on one line.
type LineResult struct {
	Decision Decision `json:"decision"`
	Reasons  []Reason `json:"reasons"`
	Sampled  bool     `json:"sampled"`
	Rate     float64  `json:"rate"`
}

// Result is the decision on a declaration.
type Result struct {
	Number   string       `json:"number"`
	Decision Decision     `json:"decision"`
	Lines    []LineResult `json:"lines"`
	// Contingency marks a decision made while the database was
	// unreachable, against the rules the node held then (nil otherwise).
	Contingency *contingency.Mark `json:"contingency,omitempty"`
}

// Credit is what sampling needs to know of enterprises.
type Credit struct {
	Tiers       map[string]string  // USCC → credit tier code
	Rates       map[string]float64 // tier code → base inspection rate
	DefaultTier string             // for enterprises not in the register
	// TierNames names the tiers (Chinese, English) in the reasons of
	// random inspections; a tier without a name is given by its code.
	TierNames map[string][2]string
}

// tierName returns the Chinese and English names of a tier.
func (c *Credit) tierName(tier string) (zh, en string) {
	if n, ok := c.TierNames[tier]; ok {
		return n[0], n[1]
	}
	return tier, tier
}

// Rate returns the base inspection rate of an enterprise and its tier.
func (c *Credit) Rate(uscc string) (float64, string) {
	tier, ok := c.Tiers[uscc]
	if !ok || uscc == "" {
		tier = c.DefaultTier
	}
	return c.Rates[tier], tier
}

// field names an anchor of the index.
type field uint8

const (
	fGTIN field = iota
	fBatch
	fUSCC
	fModel
	fBrand
	fMaker
	fHS
	fKeyword
	fCountry
	fPort
	fTradeMode
	nFields
)

// Index is an immutable, compiled rule set. Each rule is filed under one
// field it sets — the most selective — and a line collects the rules filed
// under its own values, then checks them fully.
type Index struct {
	rules    []Rule
	byValue  [nFields]map[string][]int32
	keywords *matcher
	kwRules  [][]int32 // keyword index → rules
	kwList   []string
	credit   Credit
	salt     []byte
	// reports that may relieve lines, filed by "u:"+USCC and
	// "d:"+declaration number (SetReports).
	reports   []Report
	reportsBy map[string][]int32
	Version   int64
	BuiltAt   time.Time
}

func fold(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// Build compiles rules, with the credit data and the sampling salt.
func Build(rules []Rule, credit Credit, salt []byte, version int64) *Index {
	ix := &Index{rules: rules, credit: credit, salt: salt, Version: version}
	for f := range ix.byValue {
		ix.byValue[f] = map[string][]int32{}
	}
	kwIndex := map[string]int{}
	for i := range rules {
		sc := &rules[i].Scope
		id := int32(i)
		file := func(f field, vals []string, norm func(string) string) bool {
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
		case file(fGTIN, sc.GTINs, nil), file(fBatch, sc.Batches, nil), file(fUSCC, sc.USCCs, nil),
			file(fModel, sc.Models, fold), file(fBrand, sc.Brands, fold), file(fMaker, sc.Makers, fold),
			file(fHS, sc.HSPrefixes, nil):
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
		case file(fCountry, sc.Countries, nil), file(fPort, sc.Ports, nil), file(fTradeMode, sc.TradeModes, nil):
		}
	}
	ix.keywords = newMatcher(ix.kwList)
	return ix
}

// Rules returns the number of rules in the index.
func (ix *Index) Rules() int { return len(ix.rules) }

// candidates collects the rules filed under the line's values.
func (ix *Index) candidates(d *Declaration, l *Line, buf []int32) []int32 {
	add := func(f field, v string) {
		if v != "" {
			buf = append(buf, ix.byValue[f][v]...)
		}
	}
	add(fGTIN, l.GTIN)
	add(fBatch, l.Batch)
	add(fUSCC, d.ConsignorUSCC)
	add(fUSCC, d.ConsigneeUSCC)
	add(fUSCC, l.ManufacturerUSCC)
	add(fModel, fold(l.Model))
	add(fBrand, fold(l.Brand))
	add(fMaker, fold(l.Manufacturer))
	for n := 2; n <= len(l.HSCode); n++ {
		add(fHS, l.HSCode[:n])
	}
	if len(ix.kwList) > 0 && l.Name != "" {
		ix.keywords.find(l.Name, func(k int32) { buf = append(buf, ix.kwRules[k]...) })
	}
	add(fCountry, l.Origin)
	if l.Destination != l.Origin {
		add(fCountry, l.Destination)
	}
	add(fPort, d.Port)
	add(fTradeMode, d.TradeMode)
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

// Draw is the deterministic random number in [0, 1) of a declaration line:
// HMAC-SHA256 of "number/line" under the secret salt. Anyone holding the
// salt can reproduce the draw from the stored declaration.
func Draw(salt []byte, number string, line int) float64 {
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(number))
	m.Write([]byte{'/'})
	m.Write([]byte(strconv.Itoa(line)))
	sum := m.Sum(nil)
	return float64(binary.BigEndian.Uint64(sum[:8])>>11) / (1 << 53)
}

// Screen decides a declaration. The result depends only on the index (its
// rules, credit data and salt) and the declaration: the same input gives
// the same output.
func (ix *Index) Screen(d *Declaration) Result {
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

func pct(r float64) string { return strconv.FormatFloat(r*100, 'f', -1, 64) + "%" }
