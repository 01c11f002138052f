package web

import (
	"net/http"
	"strings"
	"time"

	"riskgate/internal/assess"
	"riskgate/internal/casefile"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// approvalsPage is the approver's queue: everything waiting for their
// decision, each as a one-screen summary with the decision beside it.
type approvalsPage struct {
	Page
	Form
	Assessments []assessmentItem
	Warnings    []warningItem
	Lifts       []warningItem
	// Referrals wait for the national authority's answer, which the
	// approver records on the warning's page.
	Referrals []warningItem
	Now       time.Time
}

type assessmentItem struct {
	X    *assess.Assessment
	Case *casefile.Case
}

type warningItem struct {
	W        *warning.Warning
	Case     *casefile.Case
	Measures []*measure.Measure
}

// Empty reports whether nothing waits.
func (p approvalsPage) Empty() bool {
	return len(p.Assessments)+len(p.Warnings)+len(p.Lifts)+len(p.Referrals) == 0
}

func (s *Server) approvals(w http.ResponseWriter, r *http.Request) error {
	p, err := s.approvalsView(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "approvals.html", p)
}

// approvalsRefused shows the queue again after a decision taken from it
// was refused: the note as typed, the problem marked at the item's form
// (action: "assessment-12", "warning-34", "lift-34").
func (s *Server) approvalsRefused(w http.ResponseWriter, r *http.Request, action string, err error) error {
	if _, ok := formErrorOf(Page{}, err, nil); !ok {
		return err
	}
	p, verr := s.approvalsView(r)
	if verr != nil {
		return verr
	}
	kind, id, _ := strings.Cut(action, "-")
	note := map[string]string{"assessment": "anote-", "warning": "wnote-", "lift": "lnote-"}[kind] + id
	labels := formLabels{"note": {note, "审批意见", "Note"}}
	if kind == "lift" {
		labels = formLabels{"note": {note, "解除理由", "Reason for lifting"}}
	}
	p.Form, _ = formError(p.Page, err, labels, action, r.PostForm)
	return s.render(w, r, statusOf(err), "approvals.html", p)
}

// approvalsView is the approver's queue.
func (s *Server) approvalsView(r *http.Request) (approvalsPage, error) {
	if err := requireUser(r); err != nil {
		return approvalsPage{}, err
	}
	ctx, a := r.Context(), actorOf(r)
	if !risk.Can(a, risk.PermAssessmentApprove) && !risk.Can(a, risk.PermWarningApprove) {
		return approvalsPage{}, risk.Errorf(risk.ErrForbidden, "无权审批。 / Not allowed to approve.")
	}
	// A referral waits by the clock the warnings keep (the database's), as
	// on the warning's page.
	p := approvalsPage{Page: s.page(r, "待审批", "Awaiting approval"), Now: s.Warnings.Now()}
	cases := map[risk.ID]*casefile.Case{}
	caseOf := func(id risk.ID) (*casefile.Case, error) {
		if c, ok := cases[id]; ok {
			return c, nil
		}
		c, err := s.Cases.Get(ctx, a, id)
		cases[id] = c
		return c, err
	}
	if risk.Can(a, risk.PermAssessmentApprove) {
		xs, err := s.Assess.AwaitingDecision(ctx, a)
		if err != nil {
			return p, err
		}
		for _, x := range xs {
			c, err := caseOf(x.CaseID)
			if err != nil {
				return p, err
			}
			p.Assessments = append(p.Assessments, assessmentItem{x, c})
		}
	}
	if risk.Can(a, risk.PermWarningApprove) {
		for _, f := range []warning.Filter{{Status: warning.StatusReview, Paging: risk.Paging{Limit: 500}}, {LiftProposed: true, Paging: risk.Paging{Limit: 500}}, {Status: warning.StatusReferred, Paging: risk.Paging{Limit: 500}}} {
			ws, _, err := s.Warnings.List(ctx, a, f)
			if err != nil {
				return p, err
			}
			for _, wn := range ws {
				if !warning.CanApprove(a, wn.Dept) {
					continue // delivered here, decided by its issuer
				}
				c, err := caseOf(wn.CaseID)
				if err != nil {
					return p, err
				}
				ms, err := s.Measures.OfWarning(ctx, a, wn.ID)
				if err != nil {
					return p, err
				}
				it := warningItem{W: wn, Case: c, Measures: ms}
				switch {
				case f.LiftProposed:
					p.Lifts = append(p.Lifts, it)
				case f.Status == warning.StatusReferred:
					p.Referrals = append(p.Referrals, it)
				default:
					p.Warnings = append(p.Warnings, it)
				}
			}
		}
	}
	return p, nil
}

// ReferralOverdue reports whether a referral has waited longer than the
// national answer should take.
func (p approvalsPage) ReferralOverdue(r *warning.Referral) bool { return r.Overdue(p.Now) }

// Severity names a severity of harm in the page language.
func (p Page) Severity(n int) string {
	zh, en := assess.SeverityLabel(n)
	return p.T(zh, en)
}

// ScopeNames lists the values of one scope field in words: countries and
// ports by name, HS prefixes with their heading's name, the rest as given.
func (p Page) ScopeNames(sc warning.Scope, field string) []string {
	vs := scopeValues(sc, field)
	names := make([]string, len(vs))
	for i, v := range vs {
		switch field {
		case "countries":
			names[i] = p.Name("countries", v)
		case "ports":
			names[i] = p.Name("ports", v)
		case "hs_prefixes":
			names[i] = v
			if n := p.Name("hs", v); n != v {
				names[i] = v + " " + n
			}
		default:
			names[i] = v
		}
	}
	return names
}

// ScopeText lists a warning's scope in words, field by field.
func (p Page) ScopeText(sc warning.Scope) string {
	var parts []string
	for _, f := range scopeFields {
		if names := p.ScopeNames(sc, f.Name); len(names) > 0 {
			parts = append(parts, p.T(f.Zh, f.En)+p.T("：", ": ")+strings.Join(names, p.T("、", ", ")))
		}
	}
	if len(parts) == 0 {
		return p.T("（未限定）", "(none)")
	}
	return strings.Join(parts, p.T("；", "; "))
}

// summaryView is one warning's one-screen summary in the approval queue.
type summaryView struct {
	P approvalsPage
	I warningItem
}
