package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// formLines is how many goods lines the screening form offers at least;
// more are added a line at a time (by the server without JavaScript).
const formLines = 3

// declFormPage is the screening form of one declaration.
type declFormPage struct {
	Page
	D          screening.Declaration
	DeclaredAt string // datetime-local, China time
	Errors     map[string]string
	All        []risk.FieldError
	Names      map[string]string // USCC → the register's name, for the form's hints
	MaxLines   int
	countries  []countryOption
}

// FieldError returns the message for a field, if any.
func (p declFormPage) FieldError(name string) string { return p.Errors[name] }

// LineField names a line's input: lines[2].hs_code.
func (p declFormPage) LineField(i int, name string) string {
	return fmt.Sprintf("lines[%d].%s", i, name)
}

// LineError returns the message for a line's field, if any.
func (p declFormPage) LineError(i int, name string) string { return p.Errors[p.LineField(i, name)] }

// lineInput is one text input of a goods line.
type lineInput struct {
	Name, Label, Value, Error string
	Required                  bool
	Max                       int
}

// LineInput builds the input of a line's field.
func (p declFormPage) LineInput(i int, name, zh, en, value string, required bool, max int) lineInput {
	return lineInput{Name: p.LineField(i, name), Label: p.T(zh, en), Value: value, Error: p.LineError(i, name), Required: required, Max: max}
}

// partyView is the USCC and declared name of an enterprise of the form.
type partyView struct {
	Name, USCCLabel, NameLabel, USCC, Declared, Registered, USCCError, NameError string
}

// Party builds the inputs of the consignor or the consignee.
func (p declFormPage) Party(name, zh, en, uscc, declared string) partyView {
	return partyView{Name: name, USCCLabel: p.T(zh+"统一社会信用代码", en+" USCC"), NameLabel: p.T(zh+"名称（未登记的企业请填写）", en+" name (for unregistered enterprises)"),
		USCC: uscc, Declared: declared, Registered: p.Names[strings.ToUpper(strings.TrimSpace(uscc))],
		USCCError: p.Errors[name+"_uscc"], NameError: p.Errors[name+"_name"]}
}

// countryView is a line's origin or destination select.
type countryView struct {
	Name, Label, Value, Error string
	Options                   []countryOption
}

type countryOption struct{ Code, Name string }

// Country builds a line's origin or destination select, countries by name.
func (p declFormPage) Country(i int, which, value string) countryView {
	label := p.T("原产国（地区）", "Origin")
	if which == "destination" {
		label = p.T("目的国（地区）", "Destination")
	}
	return countryView{Name: p.LineField(i, which), Label: label, Value: value, Error: p.LineError(i, which), Options: p.countries}
}

// Number formats a quantity or value for the form ("" for none).
func (p declFormPage) Number(f float64) string {
	if f == 0 {
		return ""
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func (s *Server) canScreen(r *http.Request) error {
	if err := requireUser(r); err != nil {
		return err
	}
	if !risk.Can(actorOf(r), risk.PermDeclarationScreen) {
		return risk.Errorf(risk.ErrForbidden, "无权提交报关单筛查。 / Not allowed to screen declarations.")
	}
	return nil
}

func (s *Server) declFormPage(r *http.Request, d screening.Declaration) declFormPage {
	p := declFormPage{Page: s.page(r, "报关单筛查", "Screen a declaration"), D: d, MaxLines: screening.MaxLines, Names: map[string]string{}}
	if !d.DeclaredAt.IsZero() {
		p.DeclaredAt = d.DeclaredAt.In(risk.China).Format("2006-01-02T15:04")
	}
	for _, e := range p.Entries("countries") {
		p.countries = append(p.countries, countryOption{e.Code, e.Name(p.Lang)})
	}
	for len(p.D.Lines) < formLines {
		p.D.Lines = append(p.D.Lines, screening.Line{})
	}
	// The register's names of the USCCs typed so far (the page's script
	// looks them up as they are typed).
	usccs := []string{d.ConsignorUSCC, d.ConsigneeUSCC}
	for _, l := range d.Lines {
		usccs = append(usccs, l.ManufacturerUSCC)
	}
	for _, u := range usccs {
		u = strings.ToUpper(strings.TrimSpace(u))
		if len(u) != 18 || p.Names[u] != "" {
			continue
		}
		if e, err := s.Enterprises.ByUSCC(r.Context(), actorOf(r), u); err == nil {
			p.Names[u] = e.NameZh
			if p.Lang == "en" && e.NameEn != "" {
				p.Names[u] = e.NameEn
			}
		}
	}
	return p
}

// declarationForm shows the screening form.
func (s *Server) declarationForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.canScreen(r); err != nil {
		return err
	}
	d := screening.Declaration{Direction: "export", Port: "4900", TradeMode: "0110", DeclaredAt: s.Now().Truncate(time.Minute)}
	return s.render(w, r, http.StatusOK, "declaration_form.html", s.declFormPage(r, d))
}

// declarationFromForm reads the form: the header, then the goods lines
// lines[0]… up to line_count, leaving out lines left blank.
func declarationFromForm(f url.Values, v *risk.Validation) screening.Declaration {
	d := screening.Declaration{Number: strings.TrimSpace(f.Get("number")), Direction: f.Get("direction"), Port: f.Get("port"),
		TradeMode: f.Get("trade_mode"), ConsignorUSCC: strings.TrimSpace(f.Get("consignor_uscc")), ConsignorName: f.Get("consignor_name"),
		ConsigneeUSCC: strings.TrimSpace(f.Get("consignee_uscc")), ConsigneeName: f.Get("consignee_name")}
	if t := f.Get("declared_at"); t != "" {
		at, err := time.ParseInLocation("2006-01-02T15:04", t, risk.China)
		if err != nil {
			v.Add("declared_at", "申报时间格式无效。", "declared_at is not a valid date and time.")
		}
		d.DeclaredAt = at
	}
	n, _ := strconv.Atoi(f.Get("line_count"))
	n = min(max(n, formLines), screening.MaxLines+1)
	for i := range n {
		get := func(name string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("lines[%d].%s", i, name))) }
		l := screening.Line{HSCode: get("hs_code"), Name: get("name"), Brand: get("brand"), Model: get("model"), GTIN: get("gtin"),
			Batch: get("batch"), Manufacturer: get("manufacturer"), ManufacturerUSCC: get("manufacturer_uscc"),
			Origin: get("origin"), Destination: get("destination"), Unit: get("unit")}
		quantity, value := get("quantity"), get("value")
		if l == (screening.Line{}) && quantity == "" && value == "" {
			continue // a blank line of the form
		}
		at := len(d.Lines)
		for _, x := range []struct {
			name, val string
			dst       *float64
		}{{"quantity", quantity, &l.Quantity}, {"value", value, &l.Value}} {
			if x.val == "" {
				continue
			}
			num, err := strconv.ParseFloat(x.val, 64)
			if err != nil {
				v.Add(fmt.Sprintf("lines[%d].%s", at, x.name), "应为数字。", "must be a number.")
			}
			*x.dst = num
		}
		d.Lines = append(d.Lines, l)
	}
	return d
}

// declarationScreen screens the form's declaration through the same
// service as the API, then shows its decision page. "add" and "remove"
// buttons change the form's lines instead (the page's script does the
// same without a round trip).
func (s *Server) declarationScreen(w http.ResponseWriter, r *http.Request) error {
	if err := s.canScreen(r); err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return risk.Invalid("body", "表单数据无效或过大。", "the form is malformed or too large.")
	}
	var v risk.Validation
	d := declarationFromForm(r.PostForm, &v)
	switch act := r.PostForm.Get("action"); {
	case act == "add":
		if len(d.Lines) < screening.MaxLines {
			d.Lines = append(d.Lines, screening.Line{})
		}
		for len(d.Lines) < formLines+1 {
			d.Lines = append(d.Lines, screening.Line{})
		}
		return s.render(w, r, http.StatusOK, "declaration_form.html", s.declFormPage(r, d))
	case strings.HasPrefix(act, "remove:"):
		// The lines as submitted, blank ones included, so that the index
		// is the one the button showed.
		i, err := strconv.Atoi(strings.TrimPrefix(act, "remove:"))
		lines := formLinesOf(r.PostForm)
		if err == nil && i >= 0 && i < len(lines) {
			lines = append(lines[:i], lines[i+1:]...)
		}
		d.Lines = lines
		return s.render(w, r, http.StatusOK, "declaration_form.html", s.declFormPage(r, d))
	}
	err := v.Err()
	if err == nil {
		_, err = s.Screening.Screen(r.Context(), actorOf(r), []screening.Declaration{d})
	}
	if err != nil {
		errs, all, ok := formErrors(err)
		if !ok {
			return err
		}
		p := s.declFormPage(r, d)
		p.Errors, p.All = errs, all
		return s.render(w, r, statusOf(err), "declaration_form.html", p)
	}
	http.Redirect(w, r, "/declarations/"+urlPathEscape(d.Number)+"?screened=1", http.StatusSeeOther)
	return nil
}

// formLinesOf reads every line of the form, blank ones included.
func formLinesOf(f url.Values) []screening.Line {
	n, _ := strconv.Atoi(f.Get("line_count"))
	n = min(max(n, 0), screening.MaxLines+1)
	lines := make([]screening.Line, 0, n)
	for i := range n {
		get := func(name string) string { return strings.TrimSpace(f.Get(fmt.Sprintf("lines[%d].%s", i, name))) }
		l := screening.Line{HSCode: get("hs_code"), Name: get("name"), Brand: get("brand"), Model: get("model"), GTIN: get("gtin"),
			Batch: get("batch"), Manufacturer: get("manufacturer"), ManufacturerUSCC: get("manufacturer_uscc"),
			Origin: get("origin"), Destination: get("destination"), Unit: get("unit")}
		l.Quantity, _ = strconv.ParseFloat(get("quantity"), 64)
		l.Value, _ = strconv.ParseFloat(get("value"), 64)
		lines = append(lines, l)
	}
	return lines
}

// declImportPage is the batch screening page.
type declImportPage struct {
	Page
	File   string
	Result *screening.BatchResult
	Errors []risk.FieldError
	Limit  int
	MaxMiB int
}

func (s *Server) declImportPage(r *http.Request) declImportPage {
	return declImportPage{Page: s.page(r, "批量筛查报关单", "Screen a batch of declarations"), Limit: screening.MaxBatch, MaxMiB: maxDeclarationBody >> 20}
}

func (s *Server) declarationImportForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.canScreen(r); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "declaration_import.html", s.declImportPage(r))
}

// declTooLarge turns an upload over the limit into a 413 naming the limit.
func declTooLarge(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual(
			fmt.Sprintf("文件超过 %d MiB。", maxDeclarationBody>>20), fmt.Sprintf("the file exceeds %d MiB.", maxDeclarationBody>>20))}
	}
	return err
}

// readDeclarationUpload reads the uploaded batch file: the multipart
// field "file" after the form's "csrf" part, which is checked first. The
// body is bounded as the API's is.
func readDeclarationUpload(w http.ResponseWriter, r *http.Request) (string, *screening.Batch, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxDeclarationBody)
	mr, err := r.MultipartReader()
	if err != nil {
		return "", nil, risk.Invalid("file", "请上传文件（multipart/form-data 的 file 字段）。", "upload a file (multipart/form-data field \"file\").")
	}
	csrf := ""
	for {
		part, err := mr.NextPart()
		if err != nil {
			if e := declTooLarge(err); e != err {
				return "", nil, e
			}
			return "", nil, risk.Invalid("file", "缺少文件。", "no file was uploaded.")
		}
		switch part.FormName() {
		case "csrf":
			b, _ := io.ReadAll(io.LimitReader(part, 256))
			csrf = string(b)
			continue
		case "file":
		default:
			continue
		}
		if err := checkUploadCSRF(r, csrf); err != nil {
			return "", nil, err
		}
		name := path.Base(strings.ReplaceAll(part.FileName(), `\`, "/"))
		format, err := screening.BatchFormat(name)
		if err != nil {
			return name, nil, err
		}
		b, err := screening.ParseBatch(part, format)
		if err != nil {
			return name, nil, declTooLarge(err)
		}
		// Read to the end, so that an oversized file is refused as such
		// even when its declarations were all read.
		if _, err := io.Copy(io.Discard, part); err != nil {
			return name, nil, declTooLarge(err)
		}
		return name, b, nil
	}
}

// declarationImport screens an uploaded batch, all or none, and reports
// each decision, or every problem by row.
func (s *Server) declarationImport(w http.ResponseWriter, r *http.Request) error {
	if err := s.canScreen(r); err != nil {
		return err
	}
	p := s.declImportPage(r)
	name, b, err := readDeclarationUpload(w, r)
	p.File = name
	if err == nil {
		p.Result, err = s.Screening.ScreenBatch(r.Context(), actorOf(r), b)
	}
	if err != nil {
		e, ok := risk.AsError(err)
		if !ok || statusOf(err) == http.StatusForbidden || statusOf(err) == http.StatusUnauthorized {
			return err
		}
		p.Error = e.Message
		p.Errors = e.Details
		if len(p.Errors) == 0 {
			p.Errors = []risk.FieldError{{Field: e.Field, Message: e.Message}}
		}
		return s.render(w, r, statusOf(err), "declaration_import.html", p)
	}
	p.Flash = p.T(fmt.Sprintf("筛查完成：%d 份报关单，%d 行商品。", p.Result.Declarations, p.Result.Lines),
		fmt.Sprintf("Screened: %d declarations, %d goods lines.", p.Result.Declarations, p.Result.Lines))
	return s.render(w, r, http.StatusOK, "declaration_import.html", p)
}

// declarationTemplate serves the batch templates: XLSX, CSV and an
// example JSONL file.
func (s *Server) declarationTemplate(w http.ResponseWriter, r *http.Request) error {
	switch path.Base(r.URL.Path) {
	case "template.xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="declarations-template.xlsx"`)
		return screening.BatchTemplateXLSX(w)
	case "template.csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="declarations-template.csv"`)
		return screening.BatchTemplateCSV(w)
	case "example.jsonl":
		w.Header().Set("Content-Type", "application/jsonl; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="declarations-example.jsonl"`)
		return screening.BatchExampleJSONL(w)
	}
	return risk.Errorf(risk.ErrNotFound, "没有这种模板。 / No such template.")
}

// Flagged counts the lines of a decision that are not released.
func (p declImportPage) Flagged(r screening.Result) int {
	n := 0
	for _, l := range r.Lines {
		if l.Decision != screening.Release {
			n++
		}
	}
	return n
}
