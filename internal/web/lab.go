package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"

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
	Form
	labWords
	P       *lab.Profile
	Reports []*lab.Report
	Chart   map[string]any
	// What the reader may do here: submit a report, decide the status
	// (the actions open now), record a cross-check.
	CanSubmit, CanCrossCheck bool
	Actions                  []string
	// ScopeItems are the active scope's test items, for the report form.
	ScopeItems []string
}

// GradeName names a grade in the page language.
func (p labPage) GradeName(code string) string { return p.gradeName(p.Page, code) }

// ActionName names a status decision in the page language.
func (p labPage) ActionName(action string) string {
	zh, en := lab.Machine.ActionNames.Of(action)
	return p.T(zh, en)
}

// labShow is a laboratory's page: the register entry, the agreement over
// time, reports, cross-checks and the grade history, with the forms the
// reader may use.
func (s *Server) labShow(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	p, err := s.labView(r, id)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "lab.html", p)
}

func (s *Server) labView(r *http.Request, id risk.ID) (labPage, error) {
	a := actorOf(r)
	p, err := s.Labs.Profile(r.Context(), a, id)
	if err != nil {
		return labPage{}, err
	}
	pg := s.page(r, p.Lab.Name, p.Lab.Name)
	out := labPage{Page: pg, labWords: labWords{p.Rules}, P: p, Reports: p.Reports, Chart: agreementChart(pg, p.Agreement),
		CanSubmit: lab.CanSubmit(a, id) && p.Lab.Status == lab.Accepted, CanCrossCheck: lab.CanCrossCheck(a) && len(p.Reports) > 0}
	if lab.CanManage(a) {
		for act := range lab.Machine.Next[string(p.Lab.Status)] {
			out.Actions = append(out.Actions, act)
		}
		slices.Sort(out.Actions)
	}
	seen := map[string]bool{}
	for _, sc := range p.Lab.Scopes {
		if sc.Status == lab.ScopeActive && !seen[sc.TestItem] {
			seen[sc.TestItem] = true
			out.ScopeItems = append(out.ScopeItems, sc.TestItem)
		}
	}
	return out, nil
}

// labFormLabels name the fields of the laboratory page's forms.
var labFormLabels = formLabels{
	"number": {"r-number", "报告编号", "Report number"}, "issued_on": {"r-issued", "签发日期", "Issued on"},
	"hs_code": {"r-hs", "HS 编码", "HS code"}, "enterprise_uscc": {"r-uscc", "企业统一社会信用代码", "Enterprise USCC"},
	"product": {"r-product", "产品", "Product"}, "declaration_ref": {"r-decl", "报关单号", "Declaration"},
	"test_item": {"r-item", "检测项目", "Test item"}, "method": {"r-method", "方法或标准", "Method"},
	"result": {"r-result", "结果", "Result"}, "limit": {"r-limit", "限值", "Limit"}, "unit": {"r-unit", "单位", "Unit"},
	"conclusion": {"r-conclusion", "结论", "Conclusion"}, "pdf": {"r-pdf", "报告 PDF", "Report PDF"}, "pdf_sha256": {"r-pdf", "报告 PDF", "Report PDF"},
	"status": {"r-number", "机构状态", "Laboratory status"},
	"action": {"s-reason", "决定", "Decision"}, "reason": {"s-reason", "理由", "Reason"},
	"report_id": {"c-report", "被比对报告", "Report"}, "customs_result": {"c-result", "海关结论", "Customs' conclusion"},
	"items": {"c-value", "海关检测值", "Customs' value"}, "reference": {"c-reference", "海关检测报告编号", "Customs' report"},
	"note": {"c-note", "说明", "Note"}, "firm_supplied": {"c-firm", "由企业提供", "Supplied by the firm"},
}

// labPost takes the laboratory page's forms: a report with its PDF
// (multipart), a status decision, a cross-check.
func (s *Server) labPost(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	a, form := actorOf(r), r.PathValue("form")
	var f url.Values
	switch form {
	case "reports":
		r.Body = http.MaxBytesReader(w, r.Body, lab.MaxPDF+1<<20)
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			var mb *http.MaxBytesError
			if errors.As(err, &mb) {
				return &risk.Error{Kind: risk.ErrTooLarge, Field: "pdf", Message: risk.Bilingual(
					fmt.Sprintf("报告 PDF 不能超过 %d MB。", lab.MaxPDF>>20), fmt.Sprintf("the report PDF must be at most %d MB.", lab.MaxPDF>>20))}
			}
			return risk.Invalid("body", "表单数据无效。", "the form is malformed.")
		}
		if err := checkUploadCSRF(r, r.FormValue("csrf")); err != nil {
			return err
		}
		f = r.MultipartForm.Value
		in := lab.ReportInput{Number: first(f, "number"), IssuedOn: first(f, "issued_on"), HSCode: first(f, "hs_code"),
			EnterpriseUSCC: first(f, "enterprise_uscc"), Product: first(f, "product"), DeclarationRef: first(f, "declaration_ref"),
			TestItem: first(f, "test_item"), Method: first(f, "method"), Result: first(f, "result"), Limit: first(f, "limit"),
			Unit: first(f, "unit"), Conclusion: lab.Conclusion(first(f, "conclusion"))}
		if fh := r.MultipartForm.File["pdf"]; len(fh) > 0 {
			file, err := fh[0].Open()
			if err != nil {
				return risk.Invalid("pdf", "无法读取文件。", "cannot read the file.")
			}
			in.PDF, err = io.ReadAll(io.LimitReader(file, lab.MaxPDF+1))
			file.Close()
			if err != nil {
				return risk.Invalid("pdf", "无法读取文件。", "cannot read the file.")
			}
		}
		var rep *lab.Report
		if rep, err = s.Labs.SubmitReport(r.Context(), a, id, in); err == nil {
			s.setFlash(w, r, "ok", risk.Bilingual("已提交采信报告 "+rep.Number+"。", "Report "+rep.Number+" submitted."))
		}
	case "status":
		if err := parseForm(w, r); err != nil {
			return err
		}
		f = r.PostForm
		_, _, err = s.Labs.SetStatus(r.Context(), a, id, lab.StatusInput{Action: f.Get("action"), Reason: f.Get("reason")})
	case "crosschecks":
		if err := parseForm(w, r); err != nil {
			return err
		}
		f = r.PostForm
		var v risk.Validation
		rid, perr := risk.ParseID(f.Get("report_id"))
		if perr != nil {
			v.Add("report_id", "请选择被比对的报告。", "choose the report.")
		}
		in := lab.CheckInput{ReportID: rid, CustomsResult: lab.Conclusion(f.Get("customs_result")), Falsified: f.Get("falsified") != "",
			FirmSupplied: f.Get("firm_supplied") != "", Reference: f.Get("reference"), Note: f.Get("note")}
		if item, value := strings.TrimSpace(f.Get("item")), strings.TrimSpace(f.Get("value")); item != "" || value != "" {
			in.Items = []lab.CheckItem{{TestItem: item, Result: value}}
		}
		if err = v.Err(); err == nil {
			_, _, err = s.Labs.CrossCheck(r.Context(), a, id, in)
		}
	default:
		return risk.Errorf(risk.ErrNotFound, "没有这个操作。 / No such action.")
	}
	if err == nil {
		http.Redirect(w, r, "/labs/"+id.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labFormLabels, form, f, "lab.html", func() (labPage, error) { return s.labView(r, id) })
}

func first(f url.Values, name string) string {
	if v := f[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// labReportPDF serves an accepted report's PDF to those who may see the
// report.
func (s *Server) labReportPDF(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	f, err := s.Labs.ReportPDF(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="report-`+id.String()+`.pdf"`)
	w.Header().Set("X-Content-SHA256", f.SHA256)
	_, err = w.Write(f.Data)
	return err
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
