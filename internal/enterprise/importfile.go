package enterprise

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// Import limits.
const (
	MaxImportRows   = 200_000
	MaxImportErrors = 1000 // errors reported; the rest are counted
)

// column is one column of the import file.
type column struct {
	field string // JSON name
	zh    string // heading in the template
	en    string
	hint  string
	set   func(in *Input, v string)
}

var columns = []column{
	{"uscc", "统一社会信用代码", "USCC", "18 位，GB 32100-2015", func(in *Input, v string) { in.USCC = v }},
	{"name_zh", "企业名称", "Chinese name", "必填", func(in *Input, v string) { in.NameZh = v }},
	{"name_en", "英文名称", "English name", "", func(in *Input, v string) { in.NameEn = v }},
	{"address", "地址", "Address", "", func(in *Input, v string) { in.Address = v }},
	{"region", "行政区划代码", "Region code", "6 位，如 430100", func(in *Input, v string) { in.Region = v }},
	{"roles", "企业角色", "Roles", "多个用 ; 分隔", func(in *Input, v string) { in.Roles = splitList(v) }},
	{"credit_tier", "信用等级", "Credit tier", "默认 常规企业", func(in *Input, v string) { in.CreditTier = v }},
	{"contact_name", "联系人", "Contact name", "", func(in *Input, v string) { in.ContactName = v }},
	{"contact_phone", "联系电话", "Contact phone", "", func(in *Input, v string) { in.ContactPhone = v }},
	{"contact_email", "电子邮箱", "Contact e-mail", "", func(in *Input, v string) { in.ContactEmail = v }},
}

// heading is the template heading of a column: "统一社会信用代码 USCC".
func (c column) heading() string { return c.zh + " " + c.en }

func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(";,；，、/|", r) })
}

// matchHeading finds the column a file heading names: the template heading,
// the Chinese or English label alone, or the JSON field name.
func matchHeading(h string) (int, bool) {
	h = strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), " "))
	for i, c := range columns {
		if h == strings.ToLower(c.heading()) || h == c.zh || h == strings.ToLower(c.en) || h == c.field {
			return i, true
		}
	}
	return 0, false
}

// Row is one parsed data row of an import file.
type Row struct {
	Line  int // 1-based row number in the file, counting the heading
	Input Input
}

// Parsed is the content of an import file.
type Parsed struct {
	Rows   []Row
	cols   []int    // column index in file -> columns index, -1 to ignore
	labels []string // file headings
}

// Format is an import file format.
type Format string

// Formats of import files.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// FormatOf guesses the format from a file name.
func FormatOf(name string) (Format, error) {
	switch n := strings.ToLower(name); {
	case strings.HasSuffix(n, ".csv"):
		return CSV, nil
	case strings.HasSuffix(n, ".xlsx"):
		return XLSX, nil
	}
	return "", risk.Invalid("file", "只接受 .csv 或 .xlsx 文件。", "only .csv and .xlsx files are accepted.")
}

// Parse reads an import file. Structural problems (no heading, unknown or
// missing columns, too many rows) are returned as an error; cell values are
// checked later by Service.Import.
func Parse(r io.Reader, f Format) (*Parsed, error) {
	p := &Parsed{}
	var err error
	switch f {
	case CSV:
		err = p.readCSV(r)
	case XLSX:
		err = p.readXLSX(r)
	default:
		err = risk.Invalid("format", "未知文件格式。", "unknown file format.")
	}
	if err != nil {
		return nil, err
	}
	if p.cols == nil {
		return nil, risk.Invalid("file", "文件为空，缺少标题行。", "the file is empty: no heading row.")
	}
	return p, nil
}

func (p *Parsed) heading(rec []string) error {
	p.labels = rec
	p.cols = make([]int, len(rec))
	seen := map[int]bool{}
	var v risk.Validation
	for i, h := range rec {
		if strings.TrimSpace(h) == "" {
			p.cols[i] = -1
			continue
		}
		c, ok := matchHeading(h)
		if !ok {
			v.Problems = append(v.Problems, risk.FieldError{Row: 1, Column: h, Field: "heading",
				Message: risk.Bilingual("无法识别的列标题："+h+"。请使用导入模板。", "unknown column heading "+h+"; use the import template.")})
			continue
		}
		if seen[c] {
			v.Problems = append(v.Problems, risk.FieldError{Row: 1, Column: h, Field: "heading",
				Message: risk.Bilingual("列 "+h+" 重复。", "column "+h+" appears twice.")})
		}
		seen[c] = true
		p.cols[i] = c
	}
	for _, must := range []int{0, 1} {
		if !seen[must] {
			c := columns[must]
			v.Problems = append(v.Problems, risk.FieldError{Row: 1, Column: c.heading(), Field: c.field,
				Message: risk.Bilingual("缺少必需的列："+c.zh+"。", "required column missing: "+c.en+".")})
		}
	}
	return v.Err()
}

func (p *Parsed) add(line int, rec []string) error {
	empty := true
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			empty = false
			break
		}
	}
	if empty {
		return nil
	}
	if len(p.Rows) >= MaxImportRows {
		return &risk.Error{Kind: risk.ErrTooLarge, Field: "file",
			Message: risk.Bilingual(fmt.Sprintf("一次最多导入 %d 行。", MaxImportRows), fmt.Sprintf("at most %d rows per import.", MaxImportRows))}
	}
	row := Row{Line: line}
	for i, s := range rec {
		if i < len(p.cols) && p.cols[i] >= 0 {
			columns[p.cols[i]].set(&row.Input, s)
		}
	}
	p.Rows = append(p.Rows, row)
	return nil
}

func (p *Parsed) readCSV(r io.Reader) error {
	br := bufio.NewReader(r)
	// Excel on Chinese Windows saves CSV in GB18030; take that when the
	// start of the file is not UTF-8.
	peek, _ := br.Peek(64 << 10)
	var src io.Reader = br
	if !utf8.Valid(trimPartialRune(peek)) {
		src = simplifiedchinese.GB18030.NewDecoder().Reader(br)
	}
	cr := csv.NewReader(src)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	first := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		// Report the file's own line numbers: encoding/csv skips blank
		// lines, so counting records would shift every row after one.
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return &risk.Error{Kind: risk.ErrInvalid, Field: "file",
				Message: risk.Bilingual(fmt.Sprintf("第 %d 行不是有效的 CSV。", line), fmt.Sprintf("row %d is not valid CSV.", line)), Err: err}
		}
		if first {
			first = false
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			if err := p.heading(append([]string(nil), rec...)); err != nil {
				return err
			}
			continue
		}
		if err := p.add(line, rec); err != nil {
			return err
		}
	}
}

// trimPartialRune drops a rune cut in half at the end of a peeked buffer.
func trimPartialRune(b []byte) []byte {
	for i := 0; i < 4 && len(b) > 0; i++ {
		if utf8.Valid(b) {
			return b
		}
		b = b[:len(b)-1]
	}
	return b
}

func (p *Parsed) readXLSX(r io.Reader) error {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: 1 << 30, UnzipXMLSizeLimit: 64 << 20})
	if err != nil {
		return &risk.Error{Kind: risk.ErrInvalid, Field: "file", Message: risk.Bilingual("不是有效的 XLSX 文件。", "not a valid XLSX file."), Err: err}
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return risk.Invalid("file", "XLSX 文件没有工作表。", "the XLSX file has no sheet.")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return &risk.Error{Kind: risk.ErrInvalid, Field: "file", Message: risk.Bilingual("无法读取工作表。", "cannot read the sheet."), Err: err}
	}
	defer rows.Close()
	line := 0
	for rows.Next() {
		line++
		rec, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return &risk.Error{Kind: risk.ErrInvalid, Field: "file", Message: risk.Bilingual(fmt.Sprintf("第 %d 行无法读取。", line), fmt.Sprintf("row %d cannot be read.", line)), Err: err}
		}
		if p.cols == nil {
			if len(rec) == 0 {
				continue
			}
			if err := p.heading(rec); err != nil {
				return err
			}
			continue
		}
		if err := p.add(line, rec); err != nil {
			return err
		}
	}
	return rows.Error()
}

// Result reports an import.
type Result struct {
	Rows      int               `json:"rows"`
	Created   int               `json:"created"`
	Updated   int               `json:"updated"`
	Unchanged int               `json:"unchanged"`
	Errors    []risk.FieldError `json:"errors,omitempty"`
	// MoreErrors counts errors beyond the MaxImportErrors reported.
	MoreErrors int `json:"more_errors,omitempty"`
}

// Import checks every row and, when all are valid, creates new enterprises
// and updates registered ones (matched by USCC) in one transaction. When any
// row is bad nothing is written and the result lists every problem by row,
// column and reason, with an ErrInvalid error.
func (s *Service) Import(ctx context.Context, a risk.Actor, p *Parsed) (*Result, error) {
	if !risk.Can(a, risk.PermEnterpriseWrite) {
		return nil, forbidden()
	}
	res := &Result{Rows: len(p.Rows)}
	if len(p.Rows) == 0 {
		return res, risk.Invalid("file", "文件中没有数据行。", "the file has no data rows.")
	}
	fail := func(line int, field, msg string) {
		if len(res.Errors) >= MaxImportErrors {
			res.MoreErrors++
			return
		}
		res.Errors = append(res.Errors, risk.FieldError{Row: line, Column: p.label(field), Field: field, Message: msg})
	}
	lookup := newLabels(s.Sets)
	firstLine := map[string]int{}
	usccs := make([]string, 0, len(p.Rows))
	for i := range p.Rows {
		r := &p.Rows[i]
		r.Input.Roles = lookup.roles(r.Input.Roles)
		r.Input.CreditTier = lookup.tier(r.Input.CreditTier)
		var v risk.Validation
		r.Input.Check(s.Sets, &v)
		for _, pr := range v.Problems {
			fail(r.Line, pr.Field, pr.Message)
		}
		if len(v.Problems) == 0 {
			if prev, dup := firstLine[r.Input.USCC]; dup {
				fail(r.Line, "uscc", risk.Bilingual(fmt.Sprintf("统一社会信用代码与第 %d 行重复。", prev), fmt.Sprintf("the USCC repeats row %d.", prev)))
				continue
			}
			firstLine[r.Input.USCC] = r.Line
			usccs = append(usccs, r.Input.USCC)
		}
	}
	existing, err := s.Store.Existing(ctx, usccs)
	if err != nil {
		return nil, err
	}
	var create, update []*Enterprise
	var createdLog, updatedLog []audit.Entry
	for _, r := range p.Rows {
		in := r.Input
		old, ok := existing[in.USCC]
		if !ok {
			dept := a.Dept
			if in.Dept != "" && (a.Role == risk.RoleAdmin || a.System) {
				dept = in.Dept
			}
			e := &Enterprise{Dept: dept, Version: 1}
			in.apply(e)
			create = append(create, e)
			createdLog = append(createdLog, audit.New(a, "enterprise.create", "enterprise", 0, "导入登记企业 "+e.USCC+" / imported "+e.USCC).WithChange(nil, snapshot(e)))
			continue
		}
		if !canEdit(a, old.Dept) {
			fail(r.Line, "uscc", risk.Bilingual("该企业由部门 "+old.Dept+" 管理，无权修改。", "this enterprise is kept by "+old.Dept+"; you may not change it."))
			continue
		}
		e := *old
		in.apply(&e)
		before, after := Diff(old, &e)
		if len(after) == 0 {
			res.Unchanged++
			continue
		}
		e.Version++
		update = append(update, &e)
		updatedLog = append(updatedLog, audit.New(a, "enterprise.update", "enterprise", e.ID, "导入修改企业 "+e.USCC+" / import updated "+e.USCC).WithChange(before, after))
	}
	if len(res.Errors) > 0 {
		first := res.Errors[0]
		return res, &risk.Error{Kind: risk.ErrInvalid, Field: first.Field,
			Message: risk.Bilingual(fmt.Sprintf("导入被拒绝：%d 处错误，未写入任何数据。", len(res.Errors)+res.MoreErrors),
				fmt.Sprintf("import rejected: %d errors; nothing was written.", len(res.Errors)+res.MoreErrors)),
			Details: res.Errors}
	}
	res.Created, res.Updated = len(create), len(update)
	entries := append(createdLog, updatedLog...)
	entries = append(entries, audit.New(a, "enterprise.import", "enterprise", 0,
		fmt.Sprintf("批量导入企业：新增 %d，修改 %d，未变 %d / import: %d created, %d updated, %d unchanged",
			res.Created, res.Updated, res.Unchanged, res.Created, res.Updated, res.Unchanged)))
	if err := s.Store.Import(ctx, create, update, entries); err != nil {
		if errors.Is(err, risk.ErrConflict) {
			return s.raced(ctx, p, create, err)
		}
		return nil, err
	}
	return res, nil
}

// raced explains an import that lost a race: someone registered one of its
// new codes, or changed one of its enterprises, after the check. Nothing
// was written; the rows concerned are named.
func (s *Service) raced(ctx context.Context, p *Parsed, create []*Enterprise, cause error) (*Result, error) {
	usccs := make([]string, len(create))
	for i, e := range create {
		usccs[i] = e.USCC
	}
	now, err := s.Store.Existing(ctx, usccs)
	if err != nil {
		return nil, err
	}
	res := &Result{Rows: len(p.Rows)}
	for _, r := range p.Rows {
		if _, ok := now[r.Input.USCC]; ok && len(res.Errors) < MaxImportErrors {
			res.Errors = append(res.Errors, risk.FieldError{Row: r.Line, Column: p.label("uscc"), Field: "uscc",
				Message: risk.Bilingual("该统一社会信用代码在导入期间已被他人登记，请重新导入。", "this USCC was registered by someone else during the import; import again.")})
		}
	}
	if len(res.Errors) == 0 {
		return nil, cause
	}
	return res, &risk.Error{Kind: risk.ErrConflict, Field: "uscc",
		Message: risk.Bilingual("导入期间数据已被他人修改，未写入任何数据。", "records changed during the import; nothing was written."), Details: res.Errors}
}

// label returns the file's heading for a field, for error reports.
func (p *Parsed) label(field string) string {
	for i, c := range p.cols {
		if c >= 0 && columns[c].field == field {
			return p.labels[i]
		}
	}
	return field
}

// labels resolves Chinese names of roles and tiers to their codes, so that
// files may say 进口商 or importer, 高级认证企业 or advanced.
type labels struct{ role, tierm map[string]string }

func newLabels(*catalog.Sets) labels {
	l := labels{role: map[string]string{}, tierm: map[string]string{}}
	for _, name := range []string{"enterprise-roles", "credit-tiers"} {
		t, err := catalog.BuiltinTable(name)
		if err != nil {
			continue
		}
		m := l.role
		if name == "credit-tiers" {
			m = l.tierm
		}
		for _, e := range t.Entries {
			m[e.NameZh] = e.Code
			m[strings.ToLower(e.NameEn)] = e.Code
		}
	}
	l.role["电商平台"] = "ecommerce-platform"
	l.role["代理商"] = "agent"
	l.role["报关代理"] = "agent"
	return l
}

func (l labels) roles(rs []string) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		r = strings.TrimSpace(r)
		if c, ok := l.role[r]; ok {
			r = c
		} else if c, ok := l.role[strings.ToLower(r)]; ok {
			r = c
		}
		out[i] = r
	}
	return out
}

func (l labels) tier(t string) string {
	t = strings.TrimSpace(t)
	if c, ok := l.tierm[t]; ok {
		return c
	}
	if c, ok := l.tierm[strings.ToLower(t)]; ok {
		return c
	}
	return t
}

// TemplateCSV writes the CSV import template: the heading and one example row.
func TemplateCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write(templateHeading())
	cw.Write(templateExample())
	cw.Flush()
	return cw.Error()
}

func templateHeading() []string {
	h := make([]string, len(columns))
	for i, c := range columns {
		h[i] = c.heading()
	}
	return h
}

func templateExample() []string {
	uscc, _ := ident.MakeUSCC("91430104MA4L00001")
	return []string{uscc, "湖南示例进出口有限公司", "Hunan Example Import & Export Co., Ltd.",
		"湖南省长沙市岳麓区示例路 1 号", "430104", "进口商;出口商", "常规企业", "张三", "0731-88880000", "trade@example.com"}
}

// TemplateXLSX writes the XLSX import template: a data sheet with the
// heading and an example row, and a sheet explaining each column and listing
// the allowed roles and credit tiers.
func TemplateXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	const data = "企业 Enterprises"
	f.SetSheetName("Sheet1", data)
	for i, v := range templateHeading() {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellStr(data, cell, v)
	}
	for i, v := range templateExample() {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellStr(data, cell, v)
	}
	f.SetColWidth(data, "A", "J", 22)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	f.SetRowStyle(data, 1, 1, bold)
	const help = "说明 Help"
	f.NewSheet(help)
	row := 1
	put := func(vals ...string) {
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellStr(help, cell, v)
		}
		row++
	}
	put("列 Column", "说明 Notes")
	for _, c := range columns {
		put(c.heading(), c.hint)
	}
	put()
	put("企业角色 Roles", "代码 Code")
	if t, err := catalog.BuiltinTable("enterprise-roles"); err == nil {
		for _, e := range t.Entries {
			put(e.NameZh+" "+e.NameEn, e.Code)
		}
	}
	put()
	put("信用等级 Credit tiers", "代码 Code")
	if t, err := catalog.BuiltinTable("credit-tiers"); err == nil {
		for _, e := range t.Entries {
			put(e.NameZh+" "+e.NameEn, e.Code)
		}
	}
	f.SetColWidth(help, "A", "B", 40)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
