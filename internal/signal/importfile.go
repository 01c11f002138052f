package signal

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// MaxImportRows bounds a signal import file.
const MaxImportRows = 50_000

// columns are the columns of the signal import file.
var columns = []tabular.Column{
	{Field: "channel", Zh: "信息来源渠道", En: "Channel", Hint: "渠道代码或中文名称，如 12315、国外通报/召回", Required: true},
	{Field: "external_ref", Zh: "外部编号", En: "External reference", Hint: "同一渠道内唯一；重复导入不会重复登记"},
	{Field: "received_at", Zh: "接收时间", En: "Received at", Hint: "2026-11-29 或 2026-11-29 08:30（北京时间）"},
	{Field: "region", Zh: "行政区划代码", En: "Region code", Hint: "6 位，如 430100"},
	{Field: "product.hs_code", Zh: "HS 编码", En: "HS code", Hint: "2–10 位"},
	{Field: "product.name", Zh: "产品名称", En: "Product name"},
	{Field: "product.brand", Zh: "品牌", En: "Brand"},
	{Field: "product.model", Zh: "型号", En: "Model"},
	{Field: "product.gtin", Zh: "商品条码", En: "GTIN"},
	{Field: "product.batch", Zh: "批次", En: "Batch"},
	{Field: "product.manufacturer", Zh: "生产商", En: "Manufacturer"},
	{Field: "product.uscc", Zh: "企业统一社会信用代码", En: "Enterprise USCC"},
	{Field: "product.origin", Zh: "原产国", En: "Origin", Hint: "ISO 两位字母代码，如 CN"},
	{Field: "product.destination", Zh: "目的国", En: "Destination"},
	{Field: "hazard", Zh: "风险类型", En: "Hazard", Hint: "代码或中文名称，如 burns、烧伤、烫伤"},
	{Field: "injuries.count", Zh: "伤害人数", En: "Injuries"},
	{Field: "injuries.severity", Zh: "伤害程度", En: "Injury severity", Hint: "0–4"},
	{Field: "description", Zh: "描述", En: "Description"},
	{Field: "reporter.name", Zh: "报告人", En: "Reporter"},
	{Field: "reporter.contact", Zh: "报告人联系方式", En: "Reporter contact"},
}

// ImportRow is one row of a signal import file.
type ImportRow struct {
	Line  int
	Input Input
	bad   []risk.FieldError // problems found while reading cells
}

// Parsed is a read signal import file.
type Parsed struct {
	Rows  []ImportRow
	table *tabular.Table
}

// names maps the Chinese and English names of a catalogue's entries (and
// their codes) to codes, so that files may say 烧伤、烫伤 or burns.
func names(cat string) map[string]string {
	m := map[string]string{}
	if t, err := catalog.BuiltinTable(cat); err == nil {
		for _, e := range t.Entries {
			m[e.Code], m[e.NameZh], m[strings.ToLower(e.NameEn)] = e.Code, e.Code, e.Code
		}
	}
	return m
}

// ParseImport reads a signal import file. Times without a zone are China
// time.
func ParseImport(r io.Reader, f tabular.Format) (*Parsed, error) {
	t, err := tabular.Read(r, f, columns, MaxImportRows)
	if err != nil {
		return nil, err
	}
	chans, hazards := names("channels"), names("hazards")
	code := func(m map[string]string, v string) string {
		v = strings.TrimSpace(v)
		if c, ok := m[v]; ok {
			return c
		}
		if c, ok := m[strings.ToLower(v)]; ok {
			return c
		}
		return v
	}
	p := &Parsed{table: t}
	for _, tr := range t.Rows {
		v := tr.Values
		row := ImportRow{Line: tr.Line, Input: Input{Channel: code(chans, v["channel"]), ExternalRef: v["external_ref"], Region: v["region"],
			Product: Product{HSCode: v["product.hs_code"], Name: v["product.name"], Brand: v["product.brand"], Model: v["product.model"],
				GTIN: v["product.gtin"], Batch: v["product.batch"], Manufacturer: v["product.manufacturer"], USCC: v["product.uscc"],
				Origin: v["product.origin"], Destination: v["product.destination"]},
			Hazard: code(hazards, v["hazard"]), Description: v["description"],
			Reporter: Reporter{Name: v["reporter.name"], Contact: v["reporter.contact"]}}}
		bad := func(field, zh, en string) {
			row.bad = append(row.bad, risk.FieldError{Row: tr.Line, Column: t.Label(field), Field: field, Message: risk.Bilingual(zh, en)})
		}
		if s := strings.TrimSpace(v["received_at"]); s != "" {
			var at time.Time
			var perr error = fmt.Errorf("no layout")
			for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02", "2006/1/2 15:04", "2006/1/2"} {
				if at, perr = time.ParseInLocation(layout, s, risk.China); perr == nil {
					break
				}
			}
			if perr != nil {
				bad("received_at", "接收时间格式无效："+s+"。", "received_at is not a date or time: "+s+".")
			}
			row.Input.ReceivedAt = at
		}
		for _, n := range []struct {
			field string
			dst   *int
		}{{"injuries.count", &row.Input.Injuries.Count}, {"injuries.severity", &row.Input.Injuries.Severity}} {
			if s := strings.TrimSpace(v[n.field]); s != "" {
				x, err := strconv.Atoi(s)
				if err != nil {
					bad(n.field, "应为整数："+s+"。", "must be a whole number: "+s+".")
				}
				*n.dst = x
			}
		}
		p.Rows = append(p.Rows, row)
	}
	return p, nil
}

// ImportResult reports an import.
type ImportResult struct {
	Rows       int               `json:"rows"`
	Created    int               `json:"created"`
	Existing   int               `json:"existing"` // already stored under the same channel and external reference
	Errors     []risk.FieldError `json:"errors,omitempty"`
	MoreErrors int               `json:"more_errors,omitempty"`
}

// MaxImportErrors is how many errors an import reports.
const MaxImportErrors = 1000

// Import checks every row and, when all are valid, records them in one
// transaction; otherwise it writes nothing and reports every problem by
// row, column and reason.
func (s *Service) Import(ctx context.Context, a risk.Actor, p *Parsed) (*ImportResult, error) {
	s.vocab()
	if !risk.Can(a, risk.PermSignalWrite) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权导入风险信息。 / Not allowed to import signals.")
	}
	res := &ImportResult{Rows: len(p.Rows)}
	if len(p.Rows) == 0 {
		return res, risk.Invalid("file", "文件中没有数据行。", "the file has no data rows.")
	}
	fail := func(fe risk.FieldError) {
		if len(res.Errors) >= MaxImportErrors {
			res.MoreErrors++
			return
		}
		res.Errors = append(res.Errors, fe)
	}
	now := s.Now().UTC()
	items := make([]*Signal, len(p.Rows))
	entries := make([]audit.Entry, len(p.Rows))
	for i := range p.Rows {
		r := &p.Rows[i]
		for _, fe := range r.bad {
			fail(fe)
		}
		var v risk.Validation
		r.Input.Check(s.Sets, s.channels, s.hazards, now, "", &v)
		for _, pr := range v.Problems {
			fail(risk.FieldError{Row: r.Line, Column: p.table.Label(pr.Field), Field: pr.Field, Message: pr.Message})
		}
		items[i], entries[i] = s.newSignal(a, &r.Input)
	}
	if len(res.Errors) > 0 {
		n := len(res.Errors) + res.MoreErrors
		return res, &risk.Error{Kind: risk.ErrInvalid, Field: res.Errors[0].Field,
			Message: risk.Bilingual(fmt.Sprintf("导入被拒绝：%d 处错误，未写入任何数据。", n), fmt.Sprintf("import rejected: %d errors; nothing was written.", n)),
			Details: res.Errors}
	}
	if ok, err := s.createNew(ctx, items, entries); err != nil {
		return nil, err
	} else if ok {
		res.Created = len(items)
		return res, nil
	}
	created, err := s.Store.Create(ctx, items, entries)
	if err != nil {
		return nil, err
	}
	for _, c := range created {
		if c {
			res.Created++
		} else {
			res.Existing++
		}
	}
	return res, nil
}

// ImportTemplateCSV writes the CSV template of signal imports.
func ImportTemplateCSV(w io.Writer) error {
	return tabular.WriteCSV(w, columns, [][]string{importExample()})
}

func importExample() []string {
	return []string{"12315", "12315-2026-000123", "2026-11-29 08:30", "430181", "3604100000", "组合烟花", "示例牌", "A-36", "",
		"20261101", "浏阳示例烟花厂", "", "CN", "US", "烧伤、烫伤", "1", "2", "燃放时发生侧喷，致一人手部烧伤。", "", ""}
}

// ImportTemplateXLSX writes the XLSX template, with the channels and
// hazards on the help sheet.
func ImportTemplateXLSX(w io.Writer) error {
	var more []tabular.Help
	for _, c := range []struct{ name, title string }{{"channels", "信息来源渠道 Channels"}, {"hazards", "风险类型 Hazards"}} {
		more = append(more, tabular.Help{Title: c.title, Rows: catalog.HelpRows(c.name)})
	}
	return tabular.WriteXLSX(w, "风险信息 Signals", columns, [][]string{importExample()}, more)
}
