package enterprise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// Import limits.
const (
	MaxImportRows   = 200_000
	MaxImportErrors = 1000 // errors reported; the rest are counted
)

// columns are the columns of the import file.
var columns = []tabular.Column{
	{Field: "uscc", Zh: "统一社会信用代码", En: "USCC", Hint: "18 位，GB 32100-2015", Required: true},
	{Field: "name_zh", Zh: "企业名称", En: "Chinese name", Hint: "必填", Required: true},
	{Field: "name_en", Zh: "英文名称", En: "English name"},
	{Field: "address", Zh: "地址", En: "Address"},
	{Field: "region", Zh: "行政区划代码", En: "Region code", Hint: "6 位，如 430100"},
	{Field: "roles", Zh: "企业角色", En: "Roles", Hint: "多个用 ; 分隔"},
	{Field: "credit_tier", Zh: "信用等级", En: "Credit tier", Hint: "默认 常规企业"},
	{Field: "contact_name", Zh: "联系人", En: "Contact name"},
	{Field: "contact_phone", Zh: "联系电话", En: "Contact phone"},
	{Field: "contact_email", Zh: "电子邮箱", En: "Contact e-mail"},
}

// Row is one parsed data row of an import file.
type Row struct {
	Line  int // 1-based row number in the file, counting the heading
	Input Input
}

// Parsed is the content of an import file.
type Parsed struct {
	Rows  []Row
	table *tabular.Table
}

// Format is an import file format.
type Format = tabular.Format

// Formats of import files.
const (
	CSV  = tabular.CSV
	XLSX = tabular.XLSX
)

// FormatOf tells the format from a file name.
func FormatOf(name string) (Format, error) { return tabular.FormatOf(name) }

// Parse reads an import file. Structural problems (no heading, unknown or
// missing columns, too many rows) are returned as an error; cell values are
// checked later by Service.Import.
func Parse(r io.Reader, f Format) (*Parsed, error) {
	t, err := tabular.Read(r, f, columns, MaxImportRows)
	if err != nil {
		return nil, err
	}
	p := &Parsed{table: t, Rows: make([]Row, len(t.Rows))}
	for i, tr := range t.Rows {
		v := tr.Values
		p.Rows[i] = Row{Line: tr.Line, Input: Input{USCC: v["uscc"], NameZh: v["name_zh"], NameEn: v["name_en"], Address: v["address"],
			Region: v["region"], Roles: tabular.SplitList(v["roles"]), CreditTier: v["credit_tier"], ContactName: v["contact_name"],
			ContactPhone: v["contact_phone"], ContactEmail: v["contact_email"]}}
	}
	return p, nil
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
			if in.Dept != "" && a.SeesAll() {
				dept = in.Dept
			}
			e := &Enterprise{Dept: dept, Version: 1}
			in.apply(e)
			create = append(create, e)
			createdLog = append(createdLog, audit.New(a, "enterprise.create", "enterprise", 0, "导入登记企业 "+e.USCC+" / imported "+e.USCC).WithChange(nil, snapshot(e)))
			continue
		}
		if !CanEdit(a, old.Dept) {
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
func (p *Parsed) label(field string) string { return p.table.Label(field) }

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
	return tabular.WriteCSV(w, columns, [][]string{templateExample()})
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
	var more []tabular.Help
	for _, c := range []struct{ name, title string }{{"enterprise-roles", "企业角色 Roles"}, {"credit-tiers", "信用等级 Credit tiers"}} {
		more = append(more, tabular.Help{Title: c.title, Rows: catalog.HelpRows(c.name)})
	}
	return tabular.WriteXLSX(w, "企业 Enterprises", columns, [][]string{templateExample()}, more)
}
