package tbt

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"unicode"

	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// MaxImportRows bounds one import; MaxImportErrors the problems reported.
const (
	MaxImportRows   = 10000
	MaxImportErrors = 200
)

// column is a column of the ePing layout: the field it fills and the
// headings it goes by (ePing's export has used several).
type column struct {
	field, zh string
	headings  []string
}

// layout is what an import accepts: ePing's export columns, in English as
// ePing writes them, or in Chinese. Other ePing columns are read and left
// aside (ignored). docs/TBT.md lists them.
var layout = []column{
	{"symbol", "通报编号", []string{"Document symbol", "Symbol", "Notification symbol", "Document Symbol"}},
	{"member", "通报成员", []string{"Notifying member", "Member", "Notifying Member"}},
	{"date", "分发日期", []string{"Date of distribution", "Distribution date", "Notification date", "Date"}},
	{"hs_codes", "HS 编码", []string{"HS code(s)", "HS codes", "HS code", "HS"}},
	{"ics_codes", "ICS 编码", []string{"ICS code(s)", "ICS codes", "ICS code", "ICS"}},
	{"products", "涵盖产品", []string{"Products covered", "Product(s) covered", "Products"}},
	{"title", "标题", []string{"Title", "Title of the notified document"}},
	{"description", "内容摘要", []string{"Description of content", "Description", "Description of the content"}},
	{"objective", "目的和理由", []string{"Objective and rationale", "Objective(s)", "Objectives", "Objective"}},
	{"adoption", "拟批准日期", []string{"Proposed date of adoption", "Date of adoption"}},
	{"entry_into_force", "拟生效日期", []string{"Proposed date of entry into force", "Date of entry into force"}},
	{"comment_deadline", "评议截止日期", []string{"Final date for comments", "Comment deadline", "Final date for comment", "Comments deadline"}},
	{"documents", "文件链接", []string{"Link to document", "Documents", "Document link", "Links", "URL"}},
	{"ignored", "其他 ePing 列（读取但不使用）", []string{"Keywords", "Type", "Document type", "Notification type", "Agency responsible", "Notified under article",
		"Region", "Regions", "Language", "Translation", "Requests for translation"}},
}

// columns are the tabular columns of the layout: one per heading, each
// field suffixed with its heading's index after the first.
func columns() []tabular.Column {
	var cols []tabular.Column
	for _, c := range layout {
		for i, h := range c.headings {
			field := c.field
			if i > 0 || c.field == "ignored" {
				field = fmt.Sprintf("%s#%d", c.field, i)
			}
			zh := c.zh
			if i > 0 {
				zh = ""
			}
			cols = append(cols, tabular.Column{Field: field, Zh: zh, En: h, Required: c.field == "symbol" && i == 0})
		}
	}
	return cols
}

// Headings lists the accepted headings by field, for documentation and the
// import page.
func Headings() [][]string {
	var out [][]string
	for _, c := range layout {
		row := append([]string{c.field, c.zh}, c.headings...)
		out = append(out, row)
	}
	return out
}

// Row is one row of an import file.
type Row struct {
	Line  int
	Input Input
}

// Parsed is an import file read: its rows as inputs.
type Parsed struct {
	Rows   []Row
	labels map[string]string
}

func (p *Parsed) label(field string) string {
	if l, ok := p.labels[field]; ok {
		return l
	}
	return field
}

// Parse reads an ePing-layout file. Structural problems (no symbol
// column, an unknown heading, too many rows) are errors; cell values are
// checked by Import.
func Parse(r io.Reader, f tabular.Format) (*Parsed, error) {
	cols := columns()
	// Either the primary heading or an alias may name the symbol column.
	for i := range cols {
		cols[i].Required = false
	}
	t, err := tabular.Read(r, f, cols, MaxImportRows)
	if err != nil {
		return nil, err
	}
	p := &Parsed{Rows: make([]Row, 0, len(t.Rows)), labels: map[string]string{}}
	seen := map[string]bool{}
	for _, c := range cols {
		base, _, _ := strings.Cut(c.Field, "#")
		if l := t.Label(c.Field); l != c.Field && !seen[base] {
			seen[base] = true
			p.labels[base] = l
		}
	}
	if !seen["symbol"] {
		return nil, &risk.Error{Kind: risk.ErrInvalid, Field: "symbol", Message: risk.Bilingual("缺少必需的列：通报编号（Document symbol）。", "required column missing: Document symbol."),
			Details: []risk.FieldError{{Row: 1, Column: "Document symbol", Field: "symbol", Message: risk.Bilingual("缺少必需的列：通报编号。", "required column missing: Document symbol.")}}}
	}
	for _, tr := range t.Rows {
		get := func(field string) string {
			if v := strings.TrimSpace(tr.Values[field]); v != "" {
				return v
			}
			for k, v := range tr.Values {
				if strings.HasPrefix(k, field+"#") && strings.TrimSpace(v) != "" {
					return strings.TrimSpace(v)
				}
			}
			return ""
		}
		in := Input{Symbol: get("symbol"), Member: memberCell(get("member")), Date: get("date"), Products: get("products"), Title: get("title"),
			Description: get("description"), Objective: get("objective"), Adoption: get("adoption"), EntryIntoForce: get("entry_into_force"),
			CommentDeadline: get("comment_deadline")}
		in.HSCodes = codesOf(get("hs_codes"))
		in.ICSCodes = codesOf(get("ics_codes"))
		for _, u := range strings.FieldsFunc(get("documents"), func(r rune) bool { return unicode.IsSpace(r) || r == ';' || r == '；' || r == ',' }) {
			in.Documents = append(in.Documents, Document{Title: docTitle(u), URL: u})
		}
		p.Rows = append(p.Rows, Row{Line: tr.Line, Input: in})
	}
	return p, nil
}

// memberCell reads the member column: a code (ISO alpha-2 or alpha-3,
// EU), or the member's name as ePing writes it ("Japan", "United States of
// America", "European Union", "Chinese Taipei") or in Chinese ("日本").
// A name it does not know is kept, for Check to refuse.
func memberCell(s string) string {
	t := strings.TrimSpace(s)
	if len(t) <= 3 && strings.IndexFunc(t, func(r rune) bool { return r >= 0x80 }) < 0 {
		if m := memberOfSymbol(strings.ToUpper(t)); m != "" && len(t) == 3 {
			return m
		}
		return t
	}
	memberNames.once.Do(func() {
		memberNames.m = map[string]string{"european union": EU, "欧盟": EU, "european union (eu)": EU, "united states of america": "US",
			"korea, republic of": "KR", "chinese taipei": "TW", "hong kong, china": "HK", "macao, china": "MO", "viet nam": "VN",
			"turkey": "TR", "russia": "RU", "kingdom of saudi arabia": "SA", "lao people's democratic republic": "LA",
			"moldova, republic of": "MD", "bolivia, plurinational state of": "BO", "tanzania": "TZ", "iran": "IR"}
		t, err := catalog.BuiltinTable("countries")
		if err != nil {
			return
		}
		for _, e := range t.Entries {
			for _, n := range []string{strings.ToLower(e.NameEn), e.NameZh} {
				if _, ok := memberNames.m[n]; !ok && n != "" {
					memberNames.m[n] = e.Code
				}
			}
		}
	})
	if m, ok := memberNames.m[strings.ToLower(t)]; ok {
		return m
	}
	return t
}

var memberNames struct {
	once sync.Once
	m    map[string]string
}

// codesOf reads a cell of HS or ICS codes: codes separated by semicolons,
// commas or line breaks, each possibly followed by its description
// ("9503 - Toys"). A piece with no digit is a description's continuation
// and skipped; a piece that does not start with its code is kept whole, for
// Check to refuse.
func codesOf(cell string) []string {
	var out []string
	for _, piece := range strings.FieldsFunc(cell, func(r rune) bool { return strings.ContainsRune(";,；，、|\n", r) }) {
		p := strings.TrimSpace(piece)
		if p == "" || strings.IndexFunc(p, unicode.IsDigit) < 0 {
			continue
		}
		end := strings.IndexFunc(p, func(r rune) bool { return !unicode.IsDigit(r) && r != '.' && r != ' ' })
		code := p
		if end > 0 {
			code = p[:end]
		}
		out = append(out, strings.TrimSpace(code))
	}
	return out
}

// docTitle names a linked document by the last part of its path.
func docTitle(u string) string {
	t := strings.TrimRight(u, "/")
	if i := strings.LastIndex(t, "/"); i >= 0 && i < len(t)-1 {
		t = t[i+1:]
	}
	if len(t) > 200 {
		t = t[:200]
	}
	return t
}

// Import checks every row and, when all are valid, registers the new
// documents (linking later documents to their bases and applying their
// changes) in one transaction; a symbol already registered is left as it
// is. When any row is bad nothing is written and the result lists every
// problem by row, column and reason, with an ErrInvalid error.
func (s *Service) Import(ctx context.Context, a risk.Actor, p *Parsed) (*ImportResult, error) {
	if !CanWrite(a) {
		return nil, forbidden("无权导入 TBT/SPS 通报。", "Not allowed to import TBT/SPS notifications.")
	}
	res := &ImportResult{Rows: len(p.Rows)}
	if len(p.Rows) == 0 {
		return res, risk.Invalid("file", "文件中没有数据行。", "the file has no data rows.")
	}
	fail := func(line int, field, msg string) {
		if len(res.Errors) >= MaxImportErrors {
			res.MoreErrors++
			return
		}
		base, _, _ := strings.Cut(field, "[")
		res.Errors = append(res.Errors, risk.FieldError{Row: line, Column: p.label(base), Field: field, Message: msg})
	}
	first := map[string]int{}
	ns := make([]*Notification, 0, len(p.Rows))
	for _, r := range p.Rows {
		var v risk.Validation
		n := r.Input.Check(s.Sets, &v)
		for _, pr := range v.Problems {
			fail(r.Line, pr.Field, pr.Message)
		}
		if len(v.Problems) > 0 {
			continue
		}
		if prev, dup := first[n.Symbol]; dup {
			fail(r.Line, "symbol", risk.Bilingual(fmt.Sprintf("通报编号与第 %d 行重复。", prev), fmt.Sprintf("the symbol repeats row %d.", prev)))
			continue
		}
		first[n.Symbol] = r.Line
		n.Source = "import"
		ns = append(ns, n)
	}
	if len(res.Errors) > 0 {
		n := len(res.Errors) + res.MoreErrors
		return res, &risk.Error{Kind: risk.ErrInvalid, Field: res.Errors[0].Field, Details: res.Errors,
			Message: risk.Bilingual(fmt.Sprintf("文件有 %d 处错误，未导入任何通报。", n), fmt.Sprintf("the file has %d errors; nothing was imported.", n))}
	}
	out, err := s.register(ctx, a, ns, true)
	if err != nil {
		return res, err
	}
	out.Rows = res.Rows
	return out, nil
}
