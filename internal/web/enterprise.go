package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"

	"riskgate/internal/credit"
	"riskgate/internal/dossier"
	"riskgate/internal/enterprise"
	"riskgate/internal/inspection"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// enterpriseFilter reads the list filters from the query string.
func enterpriseFilter(r *http.Request) (enterprise.Filter, error) {
	q := r.URL.Query()
	f := enterprise.Filter{Text: q.Get("q"), Region: q.Get("region"), Role: q.Get("role"), Tier: q.Get("tier")}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"offset", &f.Offset}, {"limit", &f.Limit}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return f, risk.Invalid(p.name, p.name+" 必须是整数。", p.name+" must be an integer.")
			}
			*p.dst = n
		}
	}
	return f, nil
}

type enterpriseListPage struct {
	Page
	Filter enterprise.Filter
	Items  []*enterprise.Enterprise
	Total  int
	Prev   int
	Next   int
}

func (s *Server) enterpriseList(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	f, err := enterpriseFilter(r)
	if err != nil {
		return err
	}
	items, total, err := s.Enterprises.List(r.Context(), actorOf(r), f)
	if err != nil {
		return err
	}
	p := enterpriseListPage{Page: s.page(r, "企业名录", "Enterprise register"), Filter: f, Items: items, Total: total, Prev: -1, Next: -1}
	limit := f.Limit
	if limit == 0 {
		limit = 50
	}
	if f.Offset > 0 {
		p.Prev = max(0, f.Offset-limit)
	}
	if f.Offset+limit < total {
		p.Next = f.Offset + limit
	}
	return s.render(w, r, http.StatusOK, "enterprises.html", p)
}

type enterpriseFormPage struct {
	Page
	Form
	ID    risk.ID
	Input enterprise.Input
}

// enterpriseLabels name the enterprise form's fields.
var enterpriseLabels = formLabels{
	"uscc": {"", "统一社会信用代码", "USCC"}, "name_zh": {"", "企业中文名称", "Chinese name"}, "name_en": {"", "英文名称", "English name"},
	"address": {"", "地址", "Address"}, "region": {"", "行政区划代码", "Region code"}, "roles": {"", "企业角色", "Roles"},
	"credit_tier": {"", "信用等级", "Credit tier"}, "contact_name": {"", "联系人", "Contact name"},
	"contact_phone": {"", "联系电话", "Contact phone"}, "contact_email": {"", "电子邮箱", "Contact e-mail"}, "dept": {"", "管理部门", "Kept by"},
}

// enterpriseInput reads the enterprise form.
func enterpriseInput(w http.ResponseWriter, r *http.Request) (enterprise.Input, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return enterprise.Input{}, risk.Invalid("body", "表单数据无效或过大。", "the form is malformed or too large.")
	}
	f := r.PostForm
	in := enterprise.Input{USCC: f.Get("uscc"), NameZh: f.Get("name_zh"), NameEn: f.Get("name_en"), Address: f.Get("address"),
		Region: f.Get("region"), Roles: f["roles"], CreditTier: f.Get("credit_tier"), ContactName: f.Get("contact_name"),
		ContactPhone: f.Get("contact_phone"), ContactEmail: f.Get("contact_email"), Dept: f.Get("dept")}
	if v := f.Get("version"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return in, risk.Invalid("version", "版本号无效。", "invalid version.")
		}
		in.Version = n
	}
	return in, nil
}

// enterpriseFormErrors shows the enterprise form again with err's problems
// marked, or returns err when it is not about the input.
func (s *Server) enterpriseFormErrors(w http.ResponseWriter, r *http.Request, p enterpriseFormPage, err error) error {
	var ok bool
	if p.Form, ok = formError(p.Page, err, enterpriseLabels, "", r.PostForm); !ok {
		return err
	}
	return s.render(w, r, statusOf(err), "enterprise_form.html", p)
}

func (s *Server) enterpriseNew(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermEnterpriseWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权登记企业。 / Not allowed to register enterprises.")
	}
	return s.render(w, r, http.StatusOK, "enterprise_form.html", enterpriseFormPage{Page: s.page(r, "登记企业", "Register an enterprise"),
		Input: enterprise.Input{CreditTier: enterprise.DefaultTier}})
}

func (s *Server) enterpriseCreate(w http.ResponseWriter, r *http.Request) error {
	in, err := enterpriseInput(w, r)
	if err != nil {
		return err
	}
	e, err := s.Enterprises.Create(r.Context(), actorOf(r), in)
	if err != nil {
		return s.enterpriseFormErrors(w, r, enterpriseFormPage{Page: s.page(r, "登记企业", "Register an enterprise"), Input: in}, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/enterprises/%d?saved=1", e.ID), http.StatusSeeOther)
	return nil
}

type enterpriseShowPage struct {
	Page
	E       *enterprise.Enterprise
	D       *dossier.Dossier // the firm's file, for officials
	Kinds   *credit.Rules    // names the credit events' kinds
	CanEdit bool
}

// KindName names a kind of credit event.
func (p enterpriseShowPage) KindName(code string) string {
	return creditWords{p.Kinds}.kindName(p.Page, code)
}

// ResultKind names a kind of result (inspection, laboratory test).
func (p enterpriseShowPage) ResultKind(kind string) string {
	zh, en := inspection.KindLabel(kind)
	return p.T(zh, en)
}

func (s *Server) enterpriseShow(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := risk.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	e, err := s.Enterprises.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	p := enterpriseShowPage{Page: s.page(r, e.NameZh, e.NameZh), E: e}
	a := actorOf(r)
	p.CanEdit = enterprise.CanEdit(a, e.Dept)
	if dossier.CanRead(a) {
		if p.D, err = s.Dossiers.Get(r.Context(), a, id); err != nil {
			return err
		}
		if p.Kinds, err = s.Credit.Rules(r.Context()); err != nil {
			return err
		}
	}
	if r.URL.Query().Get("saved") != "" {
		p.Flash = p.T("已保存。", "Saved.")
	}
	return s.render(w, r, http.StatusOK, "enterprise.html", p)
}

func (s *Server) enterpriseEdit(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	id, err := risk.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	e, err := s.Enterprises.Get(r.Context(), actorOf(r), id)
	if err != nil {
		return err
	}
	in := enterprise.Input{USCC: e.USCC, NameZh: e.NameZh, NameEn: e.NameEn, Address: e.Address, Region: e.Region, Roles: e.Roles,
		CreditTier: e.CreditTier, ContactName: e.ContactName, ContactPhone: e.ContactPhone, ContactEmail: e.ContactEmail, Dept: e.Dept, Version: e.Version}
	return s.render(w, r, http.StatusOK, "enterprise_form.html", enterpriseFormPage{Page: s.page(r, "修改企业信息", "Edit enterprise"), ID: id, Input: in})
}

func (s *Server) enterpriseUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := risk.ParseID(r.PathValue("id"))
	if err != nil {
		return err
	}
	in, err := enterpriseInput(w, r)
	if err != nil {
		return err
	}
	if _, err := s.Enterprises.Update(r.Context(), actorOf(r), id, in); err != nil {
		return s.enterpriseFormErrors(w, r, enterpriseFormPage{Page: s.page(r, "修改企业信息", "Edit enterprise"), ID: id, Input: in}, err)
	}
	http.Redirect(w, r, fmt.Sprintf("/enterprises/%d?saved=1", id), http.StatusSeeOther)
	return nil
}

type importPage struct {
	Page
	Form
	Result *enterprise.Result
	File   string
}

func (s *Server) enterpriseImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermEnterpriseWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入企业。 / Not allowed to import enterprises.")
	}
	return s.render(w, r, http.StatusOK, "enterprise_import.html", importPage{Page: s.page(r, "批量导入企业", "Import enterprises")})
}

// uploadTooLarge turns the error of reading past maxUploadBody into a
// clear one; other errors pass.
func uploadTooLarge(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual("文件超过 64 MiB。", "the file exceeds 64 MiB.")}
	}
	return err
}

// withUpload hands an uploaded import file to parse: the multipart field
// "file" (after the form's "csrf" part, which is checked first), or the raw
// body with ?format=csv|xlsx. It returns the file's name.
func withUpload(w http.ResponseWriter, r *http.Request, parse func(io.Reader, tabular.Format) error) (string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	tooBig := uploadTooLarge
	if f := r.URL.Query().Get("format"); f != "" {
		format, err := tabular.FormatOf("x." + f)
		if err != nil {
			return "", risk.Invalid("format", "format 只能是 csv 或 xlsx。", "format must be csv or xlsx.")
		}
		return "", tooBig(parse(r.Body, format))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return "", risk.Invalid("file", "请上传文件（multipart/form-data 的 file 字段，或请求体加 ?format=csv|xlsx）。",
			"upload a file (multipart/form-data field \"file\", or the raw body with ?format=csv|xlsx).")
	}
	csrf := ""
	for {
		part, err := mr.NextPart()
		if err != nil {
			if e := tooBig(err); e != err {
				return "", e
			}
			return "", risk.Invalid("file", "缺少文件。", "no file was uploaded.")
		}
		if part.FormName() == "csrf" {
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			csrf = string(b)
			continue
		}
		if part.FormName() != "file" {
			continue
		}
		// The form puts its CSRF token before the file: check it before
		// reading a byte of the upload.
		if err := checkUploadCSRF(r, csrf); err != nil {
			return "", err
		}
		format, err := tabular.FormatOf(part.FileName())
		if err != nil {
			return part.FileName(), err
		}
		return part.FileName(), tooBig(parse(part, format))
	}
}

// readImport reads an uploaded enterprise import file.
func readImport(w http.ResponseWriter, r *http.Request) (*enterprise.Parsed, string, error) {
	var p *enterprise.Parsed
	name, err := withUpload(w, r, func(rd io.Reader, f tabular.Format) error {
		var err error
		p, err = enterprise.Parse(rd, f)
		return err
	})
	return p, name, err
}

func (s *Server) enterpriseImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermEnterpriseWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入企业。 / Not allowed to import enterprises.")
	}
	p := importPage{Page: s.page(r, "批量导入企业", "Import enterprises")}
	parsed, name, err := readImport(w, r)
	p.File = name
	if err == nil {
		p.Result, err = s.Enterprises.Import(r.Context(), actorOf(r), parsed)
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || errors.Is(err, risk.ErrForbidden) || errors.Is(err, risk.ErrUnauthorized) {
			return err
		}
		if e.Field == "csrf" {
			return err
		}
		p.Form = importError(p.Page, err)
		if p.Result == nil && len(e.Details) > 0 {
			p.Result = &enterprise.Result{Errors: e.Details}
		}
		return s.render(w, r, statusOf(err), "enterprise_import.html", p)
	}
	p.Flash = p.T(fmt.Sprintf("导入完成：新增 %d，修改 %d，未变 %d。", p.Result.Created, p.Result.Updated, p.Result.Unchanged),
		fmt.Sprintf("Import done: %d created, %d updated, %d unchanged.", p.Result.Created, p.Result.Updated, p.Result.Unchanged))
	return s.render(w, r, http.StatusOK, "enterprise_import.html", p)
}

func (s *Server) enterpriseTemplate(w http.ResponseWriter, r *http.Request) error {
	switch path.Ext(r.URL.Path) {
	case ".csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="enterprises-template.csv"`)
		return enterprise.TemplateCSV(w)
	case ".xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="enterprises-template.xlsx"`)
		return enterprise.TemplateXLSX(w)
	}
	return risk.Errorf(risk.ErrNotFound, "没有这种模板。 / No such template.")
}
