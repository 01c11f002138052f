package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
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
	Statuses  []lab.Status
	CanManage bool
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
		labWords: labWords{rules}, Statuses: []lab.Status{lab.Applied, lab.Accepted, lab.Suspended, lab.Revoked}, CanManage: lab.CanManage(a)})
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
	CanSubmit, CanCrossCheck, CanManage bool
	Actions                             []string
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
	if out.CanManage = lab.CanManage(a); out.CanManage {
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
		in := lab.ReportInput{Number: f.Get("number"), IssuedOn: f.Get("issued_on"), HSCode: f.Get("hs_code"),
			EnterpriseUSCC: f.Get("enterprise_uscc"), Product: f.Get("product"), DeclarationRef: f.Get("declaration_ref"),
			TestItem: f.Get("test_item"), Method: f.Get("method"), Result: f.Get("result"), Limit: f.Get("limit"),
			Unit: f.Get("unit"), Conclusion: lab.Conclusion(f.Get("conclusion"))}
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
	case "edit":
		l, err := s.Labs.Get(r.Context(), a, id)
		if err != nil {
			return err
		}
		return s.labSave(w, r, l)
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

// labFormPage registers a laboratory or edits its entry: the entry's
// fields and the rows of its accreditations and scope (blank rows are
// left out; "more rows" adds some without a script).
type labFormPage struct {
	Page
	Form
	Lab   *lab.Lab // nil: a new registration
	In    lab.LabInput
	Rev   int
	Accrs []lab.Accreditation
	Scops []lab.Scope
}

// Schemes are the accreditation schemes a row may name.
func (labFormPage) Schemes() []string { return lab.Schemes }

// Form rows: the blank rows a form shows beyond those filled.
const (
	labAccrRows  = 2
	labScopeRows = 4
)

func (s *Server) labFormOf(r *http.Request, l *lab.Lab, in lab.LabInput, more int) labFormPage {
	title := [2]string{"登记检测机构", "Register a laboratory"}
	if l != nil {
		title = [2]string{"修改登记信息：" + l.Name, "Edit the entry: " + l.Name}
	}
	p := labFormPage{Page: s.page(r, title[0], title[1]), Lab: l, In: in}
	if l != nil {
		p.Rev = l.Rev
	}
	p.Accrs = append(slices.Clone(in.Accreditations), make([]lab.Accreditation, labAccrRows+more)...)
	p.Scops = append(slices.Clone(in.Scopes), make([]lab.Scope, labScopeRows+more)...)
	return p
}

// labInputOf reads the form's entry and its non-blank rows.
func labInputOf(f url.Values) lab.LabInput {
	in := lab.LabInput{Name: f.Get("name"), NameEn: f.Get("name_en"), USCC: f.Get("uscc"), Address: f.Get("address"),
		ContactName: f.Get("contact_name"), ContactPhone: f.Get("contact_phone"), ContactEmail: f.Get("contact_email"),
		Status: lab.Status(f.Get("status"))}
	rows := func(prefix string) int {
		n, _ := strconv.Atoi(f.Get(prefix + "_count"))
		return min(max(n, 0), lab.MaxScopes)
	}
	for i := range rows("accreditations") {
		get := func(k string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("accreditations[%d].%s", i, k))) }
		a := lab.Accreditation{Scheme: get("scheme"), Body: get("body"), Number: get("number"), ScopeDocument: get("scope_document"), ValidUntil: get("valid_until")}
		if a.Number == "" && a.ValidUntil == "" && a.Body == "" && a.ScopeDocument == "" {
			continue
		}
		in.Accreditations = append(in.Accreditations, a)
	}
	for i := range rows("scopes") {
		get := func(k string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("scopes[%d].%s", i, k))) }
		sc := lab.Scope{HSPrefix: get("hs_prefix"), TestItem: get("test_item"), Method: get("method"), Accreditation: get("accreditation")}
		months := get("validity_months")
		if sc.HSPrefix == "" && sc.TestItem == "" && sc.Method == "" && months == "" {
			continue
		}
		sc.ValidityMonths, _ = strconv.Atoi(months)
		if months != "" && sc.ValidityMonths == 0 {
			sc.ValidityMonths = -1 // refused by the check, named at its field
		}
		in.Scopes = append(in.Scopes, sc)
	}
	return in
}

// labEntryLabels name the entry form's fields; a row's field is shown at
// its own input ("accreditations[1].number" at #accreditations[1].number).
var labEntryLabels = labelFunc(func(field string) (fieldLabel, bool) {
	base := map[string]fieldLabel{"name": {"", "机构名称", "Name"}, "name_en": {"", "英文名称", "English name"}, "uscc": {"", "统一社会信用代码", "USCC"},
		"address": {"", "地址", "Address"}, "contact_name": {"", "联系人", "Contact"}, "contact_phone": {"", "联系电话", "Phone"},
		"contact_email": {"", "电子邮箱", "E-mail"}, "status": {"", "状态", "Status"}, "rev": {"name", "版本", "Revision"},
		"accreditations": {"accreditations[0].number", "资质", "Accreditations"}, "scopes": {"scopes[0].hs_prefix", "采信范围", "Acceptance scope"}}
	if l, ok := base[field]; ok {
		if l.ID == "" {
			l.ID = field
		}
		return l, true
	}
	row, col, ok := strings.Cut(field, "].")
	if !ok {
		return fieldLabel{}, false
	}
	kind, n, _ := strings.Cut(row, "[")
	i, err := strconv.Atoi(n)
	if err != nil {
		return fieldLabel{}, false
	}
	cols := map[string][2]string{"scheme": {"体系", "scheme"}, "number": {"证书编号", "number"}, "valid_until": {"有效期至", "valid until"},
		"body": {"认可机构", "accreditation body"}, "scope_document": {"认可范围文件", "scope document"}, "hs_prefix": {"HS 编码前缀", "HS prefix"},
		"test_item": {"检测项目", "test item"}, "method": {"方法或标准", "method"}, "accreditation": {"所依资质", "accreditation"},
		"validity_months": {"报告有效期（月）", "report validity (months)"}}
	c, ok := cols[col]
	if !ok {
		return fieldLabel{}, false
	}
	switch kind {
	case "accreditations":
		return fieldLabel{field, fmt.Sprintf("资质第 %d 行%s", i+1, c[0]), fmt.Sprintf("accreditation row %d, %s", i+1, c[1])}, true
	case "scopes":
		return fieldLabel{field, fmt.Sprintf("采信范围第 %d 行%s", i+1, c[0]), fmt.Sprintf("scope row %d, %s", i+1, c[1])}, true
	}
	return fieldLabel{}, false
})

// labNew is the registration form (officers who manage the register).
func (s *Server) labNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !lab.CanManage(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权登记检测机构。 / Not allowed to register laboratories.")
	}
	return s.render(w, r, http.StatusOK, "lab_form.html", s.labFormOf(r, nil, lab.LabInput{}, 0))
}

// labEdit is the form that edits a laboratory's entry.
func (s *Server) labEdit(w http.ResponseWriter, r *http.Request) error {
	id, err := userAndID(r)
	if err != nil {
		return err
	}
	if !lab.CanManage(actorOf(r)) {
		return risk.Errorf(risk.ErrForbidden, "无权修改检测机构登记信息。 / Not allowed to edit laboratories.")
	}
	l, err := s.Labs.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	in := lab.LabInput{Name: l.Name, NameEn: l.NameEn, USCC: l.USCC, Address: l.Address, ContactName: l.ContactName, ContactPhone: l.ContactPhone,
		ContactEmail: l.ContactEmail, Accreditations: l.Accreditations, Scopes: l.Scopes}
	return s.render(w, r, http.StatusOK, "lab_form.html", s.labFormOf(r, l, in, 0))
}

// labSave registers (POST /labs/new) or edits (POST /labs/{id}/edit,
// through labPost) from the form; "more rows" shows the form again with
// blank rows added.
func (s *Server) labSave(w http.ResponseWriter, r *http.Request, l *lab.Lab) error {
	if err := parseForm(w, r); err != nil {
		return err
	}
	f := r.PostForm
	in := labInputOf(f)
	if f.Get("action") == "more" {
		return s.render(w, r, http.StatusOK, "lab_form.html", s.labFormOf(r, l, in, 4))
	}
	var saved *lab.Lab
	var err error
	if l == nil {
		saved, err = s.Labs.Register(r.Context(), actorOf(r), in)
	} else {
		rev, _ := strconv.Atoi(f.Get("rev"))
		saved, err = s.Labs.Update(r.Context(), actorOf(r), l.ID, in, rev)
	}
	if err == nil {
		http.Redirect(w, r, "/labs/"+saved.ID.String()+"?saved=1", http.StatusSeeOther)
		return nil
	}
	return renderRefused(s, w, r, err, labEntryLabels, "entry", f, "lab_form.html", func() (labFormPage, error) {
		p := s.labFormOf(r, l, in, 0)
		if l != nil {
			p.Rev, _ = strconv.Atoi(f.Get("rev"))
		}
		return p, nil
	})
}

func (s *Server) labCreate(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	return s.labSave(w, r, nil)
}
