package web

import (
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"riskgate/internal/foreign"
	"riskgate/internal/risk"
)

// withFormUpload streams an upload to fn: a multipart form (csrf and
// other small fields first, then file; the CSRF token is checked before a
// byte of the file is read) or, for the API, the raw body with the fields
// in the query (?format=…&skip_invalid=true&name=…).
func withFormUpload(w http.ResponseWriter, r *http.Request, fn func(fields map[string]string, name string, rd io.Reader) error) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	q := r.URL.Query()
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		fields := map[string]string{}
		for k := range q {
			fields[k] = q.Get(k)
		}
		return uploadTooLarge(fn(fields, q.Get("name"), r.Body))
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return risk.Invalid("file", "请上传文件（multipart/form-data 的 file 字段，或请求体加查询参数）。",
			"upload a file (multipart/form-data field \"file\", or the raw body with query parameters).")
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err != nil {
			if e := uploadTooLarge(err); e != err {
				return e
			}
			return risk.Invalid("file", "缺少文件。", "no file was uploaded.")
		}
		if part.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			fields[part.FormName()] = strings.TrimSpace(string(b))
			continue
		}
		if err := checkUploadCSRF(r, fields["csrf"]); err != nil {
			return err
		}
		for k := range q {
			if fields[k] == "" {
				fields[k] = q.Get(k)
			}
		}
		return uploadTooLarge(fn(fields, part.FileName(), part))
	}
}

// foreignUpload runs a foreign notification import from an upload.
func (s *Server) foreignUpload(w http.ResponseWriter, r *http.Request) (rep *foreign.Report, format, name string, err error) {
	err = withFormUpload(w, r, func(fields map[string]string, n string, rd io.Reader) error {
		format, name = fields["format"], n
		if !slices.Contains(foreign.Formats, format) {
			return risk.Invalid("format", "格式应为 "+strings.Join(foreign.Formats, "、")+" 之一。", "format must be one of "+strings.Join(foreign.Formats, ", ")+".")
		}
		var err error
		rep, err = s.Foreign.Import(r.Context(), actorOf(r), format, name, rd, foreign.Options{SkipInvalid: truthy(fields["skip_invalid"])})
		return err
	})
	return rep, format, name, err
}

type foreignPage struct {
	Page
	Form
	Formats []string
	Format  string
	Report  *foreign.Report
	File    string
	Errors  []risk.FieldError
	// History is the import log: the latest imports of the department.
	History []foreign.Logged
}

func (p foreignPage) FormatName(f string) string {
	switch f {
	case "safetygate":
		return p.T("欧盟 Safety Gate（周报 XML 或 CSV 导出）", "EU Safety Gate (weekly XML or CSV export)")
	case "rasff":
		return p.T("欧盟 RASFF（RASFF Window 导出 CSV）", "EU RASFF (RASFF Window CSV export)")
	case "cpsc":
		return p.T("美国 CPSC 召回（Recalls API JSON 或 CSV）", "US CPSC recalls (Recalls API JSON or CSV)")
	case "openfda":
		return p.T("美国 FDA 执法报告（openFDA JSON）", "US FDA enforcement (openFDA JSON)")
	case "fda-press":
		return p.T("美国 FDA 召回新闻稿（XML 或 CSV）", "US FDA recall press releases (XML or CSV)")
	}
	return f
}

func (s *Server) foreignForm(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入国外通报。 / Not allowed to import foreign notifications.")
	}
	hist, err := s.Foreign.History(r.Context(), actorOf(r))
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "foreign_import.html", foreignPage{Page: s.page(r, "导入国外通报", "Import foreign notifications"),
		Formats: foreign.Formats, Format: "safetygate", History: hist})
}

func (s *Server) foreignImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermSignalWrite) {
		return risk.Errorf(risk.ErrForbidden, "无权导入国外通报。 / Not allowed to import foreign notifications.")
	}
	rep, format, name, err := s.foreignUpload(w, r)
	p := foreignPage{Page: s.page(r, "导入国外通报", "Import foreign notifications"), Formats: foreign.Formats, Format: format, Report: rep, File: name}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) == http.StatusForbidden || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		if e.Field == "csrf" {
			return err
		}
		p.Errors = e.Details
		p.Form = uploadError(p.Page, err, formLabels{"format": {"", "来源与格式", "Source and format"}})
		hist, herr := s.Foreign.History(r.Context(), actorOf(r))
		if herr != nil {
			return herr
		}
		p.History = hist
		return s.render(w, r, statusOf(err), "foreign_import.html", p)
	}
	if p.History, err = s.Foreign.History(r.Context(), actorOf(r)); err != nil {
		return err
	}
	p.Flash = p.T(fmt.Sprintf("导入完成：新增 %d，更新 %d，未变 %d，跳过 %d。", rep.New, rep.Updated, rep.Unchanged, rep.Rejected),
		fmt.Sprintf("Import done: %d new, %d updated, %d unchanged, %d skipped.", rep.New, rep.Updated, rep.Unchanged, rep.Rejected))
	return s.render(w, r, http.StatusOK, "foreign_import.html", p)
}
