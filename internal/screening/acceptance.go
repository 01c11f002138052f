package screening

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"riskgate/internal/risk"
)

// Relief is a measure's rule for accepted third-party reports (采信,
// docs/LABS.md): a line covered by a report that counts, for every one of
// TestItems, is decided Decision instead of the measure's decision.
type Relief struct {
	TestItems []string `json:"test_items"`
	Decision  Decision `json:"decision"`
}

// Report is an accepted third-party test report that may relieve lines: a
// passing report of a laboratory accepted now, with no cross-check that
// disagreed with it.
type Report struct {
	ID             risk.ID
	Number         string
	Lab            string // the laboratory's name
	HSCode         string // covers lines whose code starts with it
	EnterpriseUSCC string // covers lines of this enterprise (as responsible party or maker)
	DeclarationRef string // or of this declaration
	IssuedOn       time.Time
	ValidUntil     time.Time // the last valid day
	TestItems      []string  // the items it tested
	// Awaiting: drawn for a cross-check that has not been made — customs
	// tests the goods itself, so the report gives no relief yet.
	Awaiting bool
}

// covers reports whether r covers line l of d on the declaration's day,
// for every one of items.
func (r *Report) covers(d *Declaration, l *Line, items []string) bool {
	if !strings.HasPrefix(l.HSCode, r.HSCode) {
		return false
	}
	if r.DeclarationRef != d.Number && (r.EnterpriseUSCC == "" ||
		(r.EnterpriseUSCC != d.Responsible() && r.EnterpriseUSCC != l.ManufacturerUSCC)) {
		return false
	}
	if d.DeclaredAt.Before(r.IssuedOn) || !d.DeclaredAt.Before(r.ValidUntil.AddDate(0, 0, 1)) {
		return false
	}
	for _, it := range items {
		if !slices.Contains(r.TestItems, it) {
			return false
		}
	}
	return true
}

// SetReports files the reports that may relieve lines. It is called on a
// new index before it is swapped in; an index in use is never changed.
func (ix *Index) SetReports(reports []Report) {
	ix.reports = reports
	ix.reportsBy = map[string][]int32{}
	for i := range reports {
		r := &reports[i]
		for _, k := range []string{"u:" + r.EnterpriseUSCC, "d:" + r.DeclarationRef} {
			if len(k) > 2 {
				ix.reportsBy[k] = append(ix.reportsBy[k], int32(i))
			}
		}
	}
}

// Reports returns the number of reports filed in the index.
func (ix *Index) Reports() int { return len(ix.reports) }

// relief finds the report that relieves line l of d under rule r: among
// the reports covering it, the latest issued; awaiting is the latest
// covering report drawn for a cross-check when no other covers the line.
func (ix *Index) relief(r *Rule, d *Declaration, l *Line) (use, awaiting *Report) {
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

// reliefWhy explains a rule's decision lightened by a report, or kept
// because the covering report awaits its cross-check.
func reliefWhy(why string, r *Rule, use, awaiting *Report) string {
	zh, en, ok := strings.Cut(why, " / ")
	if !ok {
		en = zh
	}
	items := strings.Join(r.Relief.TestItems, "、")
	if use != nil {
		dz, de := r.Relief.Decision.Label()
		return fmt.Sprintf("%s；采信报告 %s（%s，有效至 %s）覆盖%s，改为%s / %s; accepted report %s (%s, valid until %s) covers %s: %s instead",
			zh, use.Number, use.Lab, use.ValidUntil.Format(time.DateOnly), items, dz,
			en, use.Number, use.Lab, use.ValidUntil.Format(time.DateOnly), strings.Join(r.Relief.TestItems, ", "), strings.ToLower(de))
	}
	return fmt.Sprintf("%s；采信报告 %s 已抽中待海关比对，不予减免 / %s; accepted report %s is drawn for a customs cross-check: no relief",
		zh, awaiting.Number, en, awaiting.Number)
}
