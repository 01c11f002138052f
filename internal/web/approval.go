package web

import (
	"net/http"
	"strings"

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
	Assessments []assessmentItem
	Warnings    []warningItem
	Lifts       []warningItem
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
	return len(p.Assessments)+len(p.Warnings)+len(p.Lifts) == 0
}

func (s *Server) approvals(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	ctx, a := r.Context(), actorOf(r)
	if !risk.Can(a, risk.PermAssessmentApprove) && !risk.Can(a, risk.PermWarningApprove) {
		return risk.Errorf(risk.ErrForbidden, "无权审批。 / Not allowed to approve.")
	}
	p := approvalsPage{Page: s.page(r, "待审批", "Awaiting approval")}
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
			return err
		}
		for _, x := range xs {
			c, err := caseOf(x.CaseID)
			if err != nil {
				return err
			}
			p.Assessments = append(p.Assessments, assessmentItem{x, c})
		}
	}
	if risk.Can(a, risk.PermWarningApprove) {
		for _, f := range []warning.Filter{{Status: warning.StatusReview, Limit: 500}, {LiftProposed: true, Limit: 500}} {
			ws, _, err := s.Warnings.List(ctx, a, f)
			if err != nil {
				return err
			}
			for _, wn := range ws {
				if wn.Dept != a.Dept && !a.System {
					continue // delivered here, decided by its issuer
				}
				c, err := caseOf(wn.CaseID)
				if err != nil {
					return err
				}
				ms, err := s.Measures.OfWarning(ctx, a, wn.ID)
				if err != nil {
					return err
				}
				it := warningItem{W: wn, Case: c, Measures: ms}
				if f.LiftProposed {
					p.Lifts = append(p.Lifts, it)
				} else {
					p.Warnings = append(p.Warnings, it)
				}
			}
		}
	}
	return s.render(w, r, http.StatusOK, "approvals.html", p)
}

// Severity names a severity of harm in the page language.
func (p Page) Severity(n int) string {
	zh, en := assess.SeverityLabel(n)
	return p.T(zh, en)
}

// ScopeText lists a warning's scope in words: HS headings and countries by
// name, the other fields as given.
func (p Page) ScopeText(sc warning.Scope) string {
	var parts []string
	for _, f := range scopeFields {
		vs := scopeValues(sc, f.Name)
		if len(vs) == 0 {
			continue
		}
		names := make([]string, len(vs))
		for i, v := range vs {
			switch f.Name {
			case "countries":
				names[i] = p.Name("countries", v)
			case "hs_prefixes":
				names[i] = v
				if n := p.Name("hs", v); n != v {
					names[i] = v + " " + n
				}
			case "ports":
				names[i] = p.Name("ports", v)
			default:
				names[i] = v
			}
		}
		parts = append(parts, p.T(f.Zh, f.En)+p.T("：", ": ")+strings.Join(names, p.T("、", ", ")))
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
