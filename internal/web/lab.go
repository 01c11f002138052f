package web

import (
	"net/http"

	"riskgate/internal/lab"
	"riskgate/internal/risk"
)

// labWords names what the laboratory pages show from the rule table: the
// grades, which are data.
type labWords struct {
	Rules *lab.Rules
}

func (w labWords) gradeName(p Page, code string) string {
	if w.Rules == nil {
		return code
	}
	zh, en := w.Rules.GradeName(code)
	return p.T(zh, en)
}

type labsPage struct {
	listPage[lab.Filter, *lab.Lab]
	labWords
	Statuses []lab.Status
}

// GradeName names a grade in the page language.
func (p labsPage) GradeName(code string) string { return p.gradeName(p.Page, code) }

// labList is /labs: the register for officials; a laboratory's user goes
// to its own page.
func (s *Server) labList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	a := actorOf(r)
	if a.Role == risk.RoleLab && a.LabID != 0 {
		http.Redirect(w, r, "/labs/"+a.LabID.String(), http.StatusSeeOther)
		return nil
	}
	q := r.URL.Query()
	var v risk.Validation
	f := lab.Filter{Status: lab.Status(q.Get("status"))}
	f.Offset, f.Limit = paging(q, &v)
	if err := v.Err(); err != nil {
		return err
	}
	items, total, err := s.Labs.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	rules, err := s.Labs.Rules(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "labs.html", labsPage{listPage: listPageOf(s.page(r, "第三方检测机构", "Laboratories"), f, f.Paging, items, total),
		labWords: labWords{rules}, Statuses: []lab.Status{lab.Applied, lab.Accepted, lab.Suspended, lab.Revoked}})
}

type labPage struct {
	Page
	labWords
	P       *lab.Profile
	Reports []*lab.Report
	Chart   map[string]any
}

// GradeName names a grade in the page language.
func (p labPage) GradeName(code string) string { return p.gradeName(p.Page, code) }

// labShow is a laboratory's page: the register entry, the agreement over
// time, reports, cross-checks and the grade history.
func (s *Server) labShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.Labs.Profile(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	pg := s.page(r, p.Lab.Name, p.Lab.Name)
	return s.render(w, r, http.StatusOK, "lab.html", labPage{Page: pg, labWords: labWords{p.Rules}, P: p, Reports: p.Reports, Chart: agreementChart(pg, p.Agreement)})
}

// agreementChart is the laboratory's cross-checks by month and the share
// that agreed, for ECharts (nil without cross-checks).
func agreementChart(p Page, pts []lab.Point) map[string]any {
	if len(pts) == 0 {
		return nil
	}
	var xs []string
	var total, share []float64
	for _, pt := range pts {
		xs = append(xs, pt.Month)
		total = append(total, float64(pt.Total))
		share = append(share, float64(pt.Agree*1000/pt.Total)/10)
	}
	return map[string]any{
		"tooltip": map[string]any{"trigger": "axis"},
		"legend":  map[string]any{},
		"xAxis":   map[string]any{"type": "category", "data": xs},
		"yAxis": []map[string]any{{"type": "value", "name": p.T("比对次数", "Cross-checks"), "minInterval": 1},
			{"type": "value", "name": p.T("一致率", "Agreement"), "min": 0, "max": 100, "axisLabel": map[string]any{"formatter": "{value}%"}}},
		"series": []map[string]any{{"name": p.T("比对次数", "Cross-checks"), "type": "bar", "data": total},
			{"name": p.T("一致率", "Agreement"), "type": "line", "yAxisIndex": 1, "data": share}},
	}
}

type labReportsPage struct {
	listPage[lab.ReportFilter, *lab.Report]
	Reports       []*lab.Report
	AwaitingParam string
}

// labReports searches accepted reports: by number, HS, enterprise, the
// PDF's SHA-256, or those drawn and awaiting a cross-check.
func (s *Server) labReports(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := labReportFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Labs.Reports(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := labReportsPage{listPage: listPageOf(s.page(r, "采信报告", "Accepted reports"), f, f.Paging, items, total), Reports: items}
	if f.Awaiting {
		p.AwaitingParam = "1"
	}
	return s.render(w, r, http.StatusOK, "lab_reports.html", p)
}
