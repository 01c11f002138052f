package screening

import (
	"fmt"
	"time"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// Sources are what the screening rules are made of, read by the store in
// one snapshot at one rules version (RulesOf turns them into rules).
type Sources struct {
	Version   int64
	Measures  []MeasureSource    // measures in force under warnings in force
	Bulletins []BulletinSource   // 通报 in force
	Tiers     map[string]string  // USCC → credit tier code, of registered enterprises
	Rates     map[string]float64 // tier code → base inspection rate
	Reports   []Report           // accepted reports that may relieve lines
}

// MeasureSource is a measure in force under a warning in force.
type MeasureSource struct {
	MeasureID     risk.ID
	Type          string // measures catalogue code
	Rate          float64
	Relief        *Relief // the measure's acceptance of third-party reports
	Scope         warning.Scope
	Starts, Ends  *time.Time // the measure's; nil: open
	WarningID     risk.ID
	WarningNumber string
	WarningStarts *time.Time // nil: open
	WarningUntil  *time.Time
}

// BulletinSource is a 通报 in force.
type BulletinSource struct {
	WarningID     risk.ID
	WarningNumber string
	Scope         warning.Scope
	Starts, Until *time.Time // nil: open
}

// RulesOf turns the sources into the rules the port applies and the
// credit data of random inspection. A measure acts at the port when the
// measures catalogue gives its type a decision (attribute screening), from
// the later start to the earlier end of the measure and its warning; a
// 通报 in force checks the documents of the lines in its scope. Each rule
// names, in both languages, what it comes from.
func RulesOf(src Sources) ([]Rule, Credit) {
	credit := Credit{Tiers: src.Tiers, Rates: src.Rates, DefaultTier: "routine", TierNames: map[string][2]string{}}
	if credit.Tiers == nil {
		credit.Tiers = map[string]string{}
	}
	if credit.Rates == nil {
		credit.Rates = map[string]float64{}
	}
	if t, err := catalog.BuiltinTable("credit-tiers"); err == nil {
		for _, e := range t.Entries {
			credit.TierNames[e.Code] = [2]string{e.NameZh, e.NameEn}
		}
	}
	decisions := map[string]Decision{}
	names := map[string][2]string{}
	if t, err := catalog.BuiltinTable("measures"); err == nil {
		for _, e := range t.Entries {
			if d, ok := ParseDecision(e.Attrs["screening"]); ok {
				decisions[e.Code] = d
			}
			names[e.Code] = [2]string{e.NameZh, e.NameEn}
		}
	}
	var rules []Rule
	for _, m := range src.Measures {
		d, ok := decisions[m.Type]
		if !ok {
			continue // a measure that does not act at the port
		}
		rules = append(rules, Rule{MeasureID: m.MeasureID, WarningID: m.WarningID, WarningNumber: m.WarningNumber, Decision: d, Rate: m.Rate,
			Scope: m.Scope, From: later(m.Starts, m.WarningStarts), Until: earlier(m.Ends, m.WarningUntil), Relief: relief(m.Relief, d),
			Why: fmt.Sprintf("措施 %d（%s） / measure %d (%s)", m.MeasureID, names[m.Type][0], m.MeasureID, names[m.Type][1])})
	}
	for _, b := range src.Bulletins {
		rules = append(rules, Rule{WarningID: b.WarningID, WarningNumber: b.WarningNumber, Decision: DocumentCheck, Scope: b.Scope,
			From: later(b.Starts, nil), Until: earlier(b.Until, nil),
			Why: fmt.Sprintf("属风险警示通报 %s 范围 / within the scope of bulletin %s", b.WarningNumber, b.WarningNumber)})
	}
	return rules, credit
}

// relief keeps a measure's acceptance rule when it lightens the measure's
// decision (the measure service checks this when the measure is planned; a
// catalogue edited since cannot make a report tighten a decision).
func relief(r *Relief, d Decision) *Relief {
	if r == nil || len(r.TestItems) == 0 || r.Decision.Rank() >= d.Rank() {
		return nil
	}
	if _, ok := ParseDecision(string(r.Decision)); !ok {
		return nil
	}
	return r
}

// later returns the later of two times, in UTC (a nil one is open: the
// other; both nil: zero).
func later(a, b *time.Time) time.Time {
	switch {
	case a != nil && b != nil && a.Before(*b):
		return b.UTC()
	case a != nil:
		return a.UTC()
	case b != nil:
		return b.UTC()
	}
	return time.Time{}
}

// earlier returns the earlier of two times, in UTC (a nil one is open:
// the other; both nil: zero).
func earlier(a, b *time.Time) time.Time {
	switch {
	case a != nil && b != nil && b.Before(*a):
		return b.UTC()
	case a != nil:
		return a.UTC()
	case b != nil:
		return b.UTC()
	}
	return time.Time{}
}
