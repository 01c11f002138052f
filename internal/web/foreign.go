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

// foreignUpload reads a foreign notification upload: a multipart form
// (csrf, format, skip_invalid, then file) or, for the API, the raw body
// with ?format=…&skip_invalid=true. It runs the import while the file
// streams in.
func (s *Server) foreignUpload(w http.ResponseWriter, r *http.Request) (*foreign.Report, string, string, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxUploadBody)
	tooBig := uploadTooLarge
	run := func(format, skip, name string, rd io.Reader) (*foreign.Report, error) {
		if !slices.Contains(foreign.Formats, format) {
			return nil, risk.Invalid("format", "格式应为 "+strings.Join(foreign.Formats, "、")+" 之一。", "format must be one of "+strings.Join(foreign.Formats, ", ")+".")
		}
		rep, err := s.Foreign.Import(r.Context(), actorOf(r), format, name, rd, foreign.Options{SkipInvalid: skip == "true" || skip == "on" || skip == "1"})
		return rep, tooBig(err)
	}
	q := r.URL.Query()
	if q.Get("format") != "" && !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		name := q.Get("name")
		rep, err := run(q.Get("format"), q.Get("skip_invalid"), name, r.Body)
		return rep, q.Get("format"), name, err
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", "", risk.Invalid("file", "请上传文件（multipart/form-data 的 file 字段，或请求体加 ?format=…）。",
			"upload a file (multipart/form-data field \"file\", or the raw body with ?format=…).")
	}
	fields := map[string]string{}
	for {
		part, err := mr.NextPart()
		if err != nil {
			if e := tooBig(err); e != err {
				return nil, "", "", e
			}
			return nil, fields["format"], "", risk.Invalid("file", "缺少文件。", "no file was uploaded.")
		}
		if part.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			fields[part.FormName()] = strings.TrimSpace(string(b))
			continue
		}
		if err := checkUploadCSRF(r, fields["csrf"]); err != nil {
			return nil, fields["format"], "", err
		}
		format := fields["format"]
		if format == "" {
			format = q.Get("format")
		}
		rep, err := run(format, fields["skip_invalid"], part.FileName(), part)
		return rep, format, part.FileName(), err
	}
}

type foreignPage struct {
	Page
	Formats []string
	Format  string
	Report  *foreign.Report
	File    string
	Errors  []risk.FieldError
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
	return s.render(w, r, http.StatusOK, "foreign_import.html", foreignPage{Page: s.page(r, "导入国外通报", "Import foreign notifications"),
		Formats: foreign.Formats, Format: "safetygate"})
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
		p.Error, p.Errors = e.Message, e.Details
		return s.render(w, r, statusOf(err), "foreign_import.html", p)
	}
	p.Flash = p.T(fmt.Sprintf("导入完成：新增 %d，更新 %d，未变 %d，跳过 %d。", rep.New, rep.Updated, rep.Unchanged, rep.Rejected),
		fmt.Sprintf("Import done: %d new, %d updated, %d unchanged, %d skipped.", rep.New, rep.Updated, rep.Unchanged, rep.Rejected))
	return s.render(w, r, http.StatusOK, "foreign_import.html", p)
}

func (s *Server) apiForeignImport(w http.ResponseWriter, r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	rep, _, _, err := s.foreignUpload(w, r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rep)
	return nil
}
