package screening

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/catalog"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// Batch file formats: JSONL is one declaration object per line, as the API
// takes it and `riskgate screen` reads it; XLSX and CSV have one row per
// goods line, the rows of one declaration sharing its number (the header
// columns repeated on each row, or left blank after the first).
const (
	FormatJSONL = "jsonl"
	FormatXLSX  = "xlsx"
	FormatCSV   = "csv"
)

// MaxBatchRows bounds the rows of a batch file (goods lines of all its
// declarations), MaxBatchLine the length of one JSONL line.
const (
	MaxBatchRows = 20_000
	MaxBatchLine = 4 << 20
)

// BatchFormat tells a batch file's format from its name.
func BatchFormat(name string) (string, error) {
	switch n := strings.ToLower(name); {
	case strings.HasSuffix(n, ".jsonl"), strings.HasSuffix(n, ".ndjson"), strings.HasSuffix(n, ".json"):
		return FormatJSONL, nil
	case strings.HasSuffix(n, ".xlsx"):
		return FormatXLSX, nil
	case strings.HasSuffix(n, ".csv"):
		return FormatCSV, nil
	}
	return "", risk.Invalid("file", "只接受 .jsonl、.xlsx 或 .csv 文件。", "only .jsonl, .xlsx and .csv files are accepted.")
}

// batchColumns are the columns of the XLSX and CSV batch files.
var batchColumns = []tabular.Column{
	{Field: "number", Zh: "报关单号", En: "Declaration number", Hint: "同一报关单的各行填写相同的报关单号", Required: true},
	{Field: "direction", Zh: "进出口", En: "Direction", Hint: "进口 或 出口（import、export）", Required: true},
	{Field: "declared_at", Zh: "申报时间", En: "Declared at", Hint: "2026-11-29 08:30（北京时间）或 RFC 3339", Required: true},
	{Field: "port", Zh: "口岸", En: "Port", Hint: "关区代码或名称，如 4900、长沙海关", Required: true},
	{Field: "trade_mode", Zh: "贸易方式", En: "Trade mode", Hint: "监管方式代码或名称，如 0110、一般贸易"},
	{Field: "consignor_uscc", Zh: "发货人统一社会信用代码", En: "Consignor USCC"},
	{Field: "consignor_name", Zh: "发货人名称", En: "Consignor name"},
	{Field: "consignee_uscc", Zh: "收货人统一社会信用代码", En: "Consignee USCC"},
	{Field: "consignee_name", Zh: "收货人名称", En: "Consignee name"},
	{Field: "hs_code", Zh: "商品编码", En: "HS code", Hint: "10 位；请把该列设为文本，以免丢失开头的 0", Required: true},
	{Field: "name", Zh: "商品名称", En: "Product name", Required: true},
	{Field: "brand", Zh: "品牌", En: "Brand"},
	{Field: "model", Zh: "型号", En: "Model"},
	{Field: "gtin", Zh: "商品条码", En: "GTIN"},
	{Field: "batch", Zh: "批次", En: "Batch"},
	{Field: "manufacturer", Zh: "生产商", En: "Manufacturer"},
	{Field: "manufacturer_uscc", Zh: "生产商统一社会信用代码", En: "Manufacturer USCC"},
	{Field: "origin", Zh: "原产国", En: "Origin", Hint: "ISO 两位字母代码或名称，如 CN、中国"},
	{Field: "destination", Zh: "目的国", En: "Destination", Hint: "ISO 两位字母代码或名称，如 DE、德国"},
	{Field: "quantity", Zh: "数量", En: "Quantity"},
	{Field: "unit", Zh: "单位", En: "Unit"},
	{Field: "value", Zh: "货值", En: "Value"},
}

// headerFields are the columns that belong to the declaration, not a line.
var headerFields = []string{"number", "direction", "declared_at", "port", "trade_mode", "consignor_uscc", "consignor_name", "consignee_uscc", "consignee_name"}

// BatchItem is one declaration of a batch file with where it was found:
// the file's row (or JSONL line) of its header and of each goods line.
type BatchItem struct {
	Declaration Declaration
	Row         int
	LineRows    []int
	unreadable  bool // a JSONL line that is not a declaration object
}

// Batch is a read batch file.
type Batch struct {
	Format string
	Items  []BatchItem
	Rows   int               // data rows (XLSX, CSV) or non-blank lines (JSONL)
	bad    []risk.FieldError // problems found while reading
	table  *tabular.Table
}

// ParseBatch reads a batch file of the format. Structural problems of the
// file are errors; problems of single rows are kept for ScreenBatch to
// report with the rest.
func ParseBatch(r io.Reader, format string) (*Batch, error) {
	switch format {
	case FormatJSONL:
		return parseJSONL(r)
	case FormatXLSX, FormatCSV:
		return parseTable(r, tabular.Format(format))
	}
	return nil, risk.Invalid("format", "未知文件格式。", "unknown file format.")
}

func tooMany() error {
	return &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual(
		fmt.Sprintf("一个文件最多 %d 份报关单。", MaxBatch), fmt.Sprintf("at most %d declarations per file.", MaxBatch))}
}

func parseJSONL(r io.Reader) (*Batch, error) {
	b := &Batch{Format: FormatJSONL}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), MaxBatchLine)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\ufeff"))
		}
		if len(text) == 0 {
			continue
		}
		b.Rows++
		if len(b.Items) >= MaxBatch {
			return nil, tooMany()
		}
		var d Declaration
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		err := dec.Decode(&d)
		if err != nil {
			b.bad = append(b.bad, risk.FieldError{Row: line, Field: jsonField(err), Message: jsonMessage(err)})
		}
		rows := make([]int, len(d.Lines))
		for i := range rows {
			rows[i] = line
		}
		b.Items = append(b.Items, BatchItem{Declaration: d, Row: line, LineRows: rows, unreadable: err != nil})
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, &risk.Error{Kind: risk.ErrTooLarge, Field: "file", Message: risk.Bilingual(
				fmt.Sprintf("第 %d 行超过 %d MiB。", line+1, MaxBatchLine>>20), fmt.Sprintf("line %d exceeds %d MiB.", line+1, MaxBatchLine>>20))}
		}
		return nil, err
	}
	return b, nil
}

var unknownFieldRE = regexp.MustCompile(`unknown field "([^"]+)"`)

// jsonField names the field a decoding error is about, as the file names it.
func jsonField(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field
	}
	var pe *time.ParseError
	if errors.As(err, &pe) {
		return "declared_at"
	}
	if m := unknownFieldRE.FindStringSubmatch(err.Error()); m != nil {
		return m[1]
	}
	return "line"
}

func jsonMessage(err error) string {
	var te *json.UnmarshalTypeError
	var pe *time.ParseError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if strings.HasPrefix(te.Value, "number") && te.Type.Kind() != reflect.String {
			// 1e400, or 1.5 for a whole number: a number, not the one expected.
			return risk.Bilingual("数值超出范围或不是整数："+strings.TrimPrefix(te.Value, "number ")+"。", "the number is out of range or not whole: "+strings.TrimPrefix(te.Value, "number ")+".")
		}
		zh, en := jsonType(te.Type.Kind())
		return risk.Bilingual("类型不对：应为"+zh+"。", "wrong type: "+en+" is expected.")
	case errors.As(err, &pe):
		return risk.Bilingual("申报时间应为 RFC 3339 格式，如 2026-11-29T08:30:00+08:00。", "declared_at must be an RFC 3339 time such as 2026-11-29T08:30:00+08:00.")
	case errors.As(err, &se):
		return risk.Bilingual("不是有效的 JSON。", "not valid JSON.")
	case unknownFieldRE.MatchString(err.Error()):
		return risk.Bilingual("报关单没有这个字段。", "declarations have no such field.")
	}
	return risk.Bilingual("不是有效的报关单 JSON。", "not a valid declaration object.")
}

// jsonType names a JSON type in Chinese and English.
func jsonType(kind reflect.Kind) (zh, en string) {
	switch kind {
	case reflect.String:
		return "文本（字符串）", "text (a string)"
	case reflect.Float32, reflect.Float64, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "数字", "a number"
	case reflect.Bool:
		return "true 或 false", "true or false"
	case reflect.Slice, reflect.Array:
		return "数组", "an array"
	case reflect.Struct, reflect.Map:
		return "JSON 对象", "a JSON object"
	}
	return kind.String(), kind.String()
}

// names maps the codes and names of a catalogue's entries to codes.
func names(cat string) map[string]string {
	m := map[string]string{}
	if t, err := catalog.BuiltinTable(cat); err == nil {
		for _, e := range t.Entries {
			m[strings.ToLower(e.Code)], m[e.NameZh], m[strings.ToLower(e.NameEn)] = e.Code, e.Code, e.Code
		}
	}
	return m
}

func lookup(m map[string]string, v string) string {
	v = strings.TrimSpace(v)
	if c, ok := m[v]; ok {
		return c
	}
	if c, ok := m[strings.ToLower(v)]; ok {
		return c
	}
	return v
}

// parseTime reads a time as people type it in a sheet (China time unless
// a zone is given) or as a spreadsheet stores a date (a serial number).
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04", "2006-01-02", "2006/1/2 15:04", "2006/1/2"} {
		if t, err := time.ParseInLocation(layout, s, risk.China); err == nil {
			return t, true
		}
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && f > 1 && f < 2958466 {
		if t, err := excelize.ExcelDateToTime(f, false); err == nil {
			// The serial number is a wall-clock time in China.
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, risk.China), true
		}
	}
	return time.Time{}, false
}

func parseTable(r io.Reader, f tabular.Format) (*Batch, error) {
	t, err := tabular.Read(r, f, batchColumns, MaxBatchRows)
	if err != nil {
		return nil, err
	}
	b := &Batch{Format: string(f), table: t, Rows: len(t.Rows)}
	ports, modes, countries := names("ports"), names("trade-modes"), names("countries")
	index := map[string]int{} // number → item
	for _, tr := range t.Rows {
		v := tr.Values
		bad := func(field, zh, en string) {
			b.bad = append(b.bad, risk.FieldError{Row: tr.Line, Column: t.Label(field), Field: field, Message: risk.Bilingual(zh, en)})
		}
		number := strings.TrimSpace(v["number"])
		i, seen := index[number]
		if !seen {
			if len(b.Items) >= MaxBatch {
				return nil, tooMany()
			}
			d := Declaration{Number: number, Port: lookup(ports, v["port"]), TradeMode: lookup(modes, v["trade_mode"]),
				ConsignorUSCC: strings.TrimSpace(v["consignor_uscc"]), ConsignorName: strings.TrimSpace(v["consignor_name"]),
				ConsigneeUSCC: strings.TrimSpace(v["consignee_uscc"]), ConsigneeName: strings.TrimSpace(v["consignee_name"])}
			switch dir := strings.ToLower(strings.TrimSpace(v["direction"])); dir {
			case "进口", "import":
				d.Direction = "import"
			case "出口", "export":
				d.Direction = "export"
			default:
				d.Direction = dir
			}
			if s := strings.TrimSpace(v["declared_at"]); s != "" {
				at, ok := parseTime(s)
				if !ok {
					bad("declared_at", "申报时间格式无效："+s+"。", "declared_at is not a date and time: "+s+".")
				}
				d.DeclaredAt = at
			}
			i = len(b.Items)
			index[number] = i
			b.Items = append(b.Items, BatchItem{Declaration: d, Row: tr.Line})
		} else {
			// The header columns of a later row are blank or the same.
			first := b.Items[i]
			for _, h := range headerFields[1:] {
				if s := strings.TrimSpace(v[h]); s != "" && s != strings.TrimSpace(firstValue(t, first.Row, h)) {
					bad(h, fmt.Sprintf("与第 %d 行（同一报关单 %s）不一致。", first.Row, number),
						fmt.Sprintf("differs from row %d of the same declaration %s.", first.Row, number))
				}
			}
		}
		l := Line{HSCode: strings.TrimSpace(v["hs_code"]), Name: strings.TrimSpace(v["name"]), Brand: strings.TrimSpace(v["brand"]),
			Model: strings.TrimSpace(v["model"]), GTIN: strings.TrimSpace(v["gtin"]), Batch: strings.TrimSpace(v["batch"]),
			Manufacturer: strings.TrimSpace(v["manufacturer"]), ManufacturerUSCC: strings.TrimSpace(v["manufacturer_uscc"]),
			Origin: lookup(countries, v["origin"]), Destination: lookup(countries, v["destination"]), Unit: strings.TrimSpace(v["unit"])}
		if len(l.HSCode) == 9 && strings.Trim(l.HSCode, "0123456789") == "" {
			l.HSCode = "0" + l.HSCode // a spreadsheet dropped the leading 0 of chapters 01–09
		}
		for _, n := range []struct {
			field string
			dst   *float64
		}{{"quantity", &l.Quantity}, {"value", &l.Value}} {
			if s := strings.TrimSpace(v[n.field]); s != "" {
				x, err := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
				if err != nil {
					bad(n.field, "应为数字："+s+"。", "must be a number: "+s+".")
				}
				*n.dst = x
			}
		}
		b.Items[i].Declaration.Lines = append(b.Items[i].Declaration.Lines, l)
		b.Items[i].LineRows = append(b.Items[i].LineRows, tr.Line)
	}
	return b, nil
}

// firstValue returns a row's value of a field.
func firstValue(t *tabular.Table, line int, field string) string {
	for _, r := range t.Rows {
		if r.Line == line {
			return r.Values[field]
		}
	}
	return ""
}

// Declarations returns the batch's declarations.
func (b *Batch) Declarations() []Declaration {
	ds := make([]Declaration, len(b.Items))
	for i, it := range b.Items {
		ds[i] = it.Declaration
	}
	return ds
}

var itemRE = regexp.MustCompile(`^items\[(\d+)\]\.`)
var lineRE = regexp.MustCompile(`^lines\[(\d+)\]\.`)

// locate turns a problem of the screening call (fields such as
// "items[2].lines[0].hs_code", or "port" for a batch of one) into the
// file's row and column.
func (b *Batch) locate(fe risk.FieldError) risk.FieldError {
	field, item := fe.Field, 0
	if m := itemRE.FindStringSubmatch(field); m != nil {
		item, _ = strconv.Atoi(m[1])
		field = field[len(m[0]):]
	} else if len(b.Items) != 1 {
		return fe // about the whole batch
	}
	if item >= len(b.Items) {
		return fe
	}
	it := b.Items[item]
	fe.Row = it.Row
	if m := lineRE.FindStringSubmatch(field); m != nil {
		n, _ := strconv.Atoi(m[1])
		if n < len(it.LineRows) {
			fe.Row = it.LineRows[n]
			if b.table != nil {
				field = field[len(m[0]):]
			}
		}
	}
	fe.Field = field
	if b.table != nil {
		fe.Column = b.table.Label(field)
	}
	return fe
}

// BatchResult reports a batch: the decisions when it was screened, else
// every problem by row.
type BatchResult struct {
	Declarations int               `json:"declarations"`
	Lines        int               `json:"lines"`
	Results      []Result          `json:"results,omitempty"`
	Errors       []risk.FieldError `json:"errors,omitempty"`
	MoreErrors   int               `json:"more_errors,omitempty"`
}

// MaxBatchErrors is how many problems a batch reports.
const MaxBatchErrors = 1000

// ScreenBatch screens the declarations of a batch file, all or none (at
// most MaxBatch, as the API): when any row has a problem nothing is
// stored, and every problem is reported by the file's row and column.
func (e *Engine) ScreenBatch(ctx context.Context, a risk.Actor, b *Batch) (*BatchResult, error) {
	if !risk.Can(a, risk.PermDeclarationScreen) {
		return nil, risk.Errorf(risk.ErrForbidden, "无权提交报关单筛查。 / Not allowed to screen declarations.")
	}
	res := &BatchResult{Declarations: len(b.Items)}
	for _, it := range b.Items {
		res.Lines += len(it.Declaration.Lines)
	}
	if len(b.Items) == 0 {
		return res, risk.Invalid("file", "文件中没有报关单。", "the file has no declarations.")
	}
	add := func(fe risk.FieldError) {
		if len(res.Errors) >= MaxBatchErrors {
			res.MoreErrors++
			return
		}
		res.Errors = append(res.Errors, fe)
	}
	for _, fe := range b.bad {
		add(fe)
	}
	var err error
	if len(b.bad) == 0 {
		res.Results, err = e.Screen(ctx, a, b.Declarations())
		if err == nil {
			return res, nil
		}
		ee, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) && !errors.Is(err, risk.ErrConflict) {
			return nil, err
		}
		details := ee.Details
		if len(details) == 0 {
			details = []risk.FieldError{{Field: ee.Field, Message: ee.Message}}
		}
		for _, fe := range details {
			add(b.locate(fe))
		}
	} else {
		// Check the rest too, so that one upload reports every problem.
		var v risk.Validation
		for i := range b.Items {
			if b.Items[i].unreadable {
				continue
			}
			prefix := ""
			if len(b.Items) > 1 {
				prefix = fmt.Sprintf("items[%d].", i)
			}
			d := b.Items[i].Declaration
			Check(&d, e.Sets, prefix, &v)
		}
		for _, fe := range v.Problems {
			add(b.locate(fe))
		}
	}
	n := len(res.Errors) + res.MoreErrors
	return res, &risk.Error{Kind: risk.ErrInvalid, Field: res.Errors[0].Field,
		Message: risk.Bilingual(fmt.Sprintf("筛查被拒绝：%d 处错误，未写入任何数据。", n), fmt.Sprintf("screening rejected: %d errors; nothing was written.", n)),
		Details: res.Errors}
}

// BatchTemplateXLSX writes the XLSX template of batch files, with the
// ports and trade modes on the help sheet.
func BatchTemplateXLSX(w io.Writer) error {
	var more []tabular.Help
	for _, c := range []struct{ name, title string }{{"ports", "口岸 Ports"}, {"trade-modes", "贸易方式 Trade modes"}} {
		more = append(more, tabular.Help{Title: c.title, Rows: catalog.HelpRows(c.name)})
	}
	more = append(more, tabular.Help{Title: "说明 Notes", Rows: [][]string{
		{"一份报关单有几行商品，就填几行，各行的报关单号相同；表头各列在后续行可留空。", "One row per goods line; the rows of a declaration share its number, and may leave the header columns blank after the first."},
		{fmt.Sprintf("一个文件最多 %d 份报关单、%d 行；有任何错误时不写入任何数据。", MaxBatch, MaxBatchRows), fmt.Sprintf("At most %d declarations and %d rows per file; with any error nothing is written.", MaxBatch, MaxBatchRows)},
	}})
	return tabular.WriteXLSX(w, "报关单 Declarations", batchColumns, batchExample(), more)
}

// BatchTemplateCSV writes the CSV template of batch files.
func BatchTemplateCSV(w io.Writer) error { return tabular.WriteCSV(w, batchColumns, batchExample()) }

// exampleUSCC is the USCC of the examples (a valid code of the demo's
// fireworks exporter).
func exampleUSCC() string {
	u, _ := ident.MakeUSCC("91430100MA4L1A2B3")
	return u
}

func batchExample() [][]string {
	return [][]string{
		{"EX-2026-000001", "出口", "2026-11-29 08:30", "4900", "0110", exampleUSCC(), "湖南湘江烟花进出口有限公司", "", "",
			"3604100000", "组合烟花", "示例牌", "A-36", "", "20261101", "浏阳示例烟花厂", "", "CN", "US", "200", "箱", "12000"},
		{"EX-2026-000001", "", "", "", "", "", "", "", "", "9613800000", "一次性打火机", "", "", "", "", "", "", "CN", "US", "5000", "个", "800"},
	}
}

// BatchExampleJSONL writes an example JSONL batch of one declaration.
func BatchExampleJSONL(w io.Writer) error {
	at, _ := time.ParseInLocation("2006-01-02 15:04", "2026-11-29 08:30", risk.China)
	d := Declaration{Number: "EX-2026-000001", Direction: "export", Port: "4900", DeclaredAt: at, TradeMode: "0110",
		ConsignorUSCC: exampleUSCC(), ConsignorName: "湖南湘江烟花进出口有限公司",
		Lines: []Line{{HSCode: "3604100000", Name: "组合烟花", Brand: "示例牌", Model: "A-36", Batch: "20261101", Manufacturer: "浏阳示例烟花厂",
			Origin: "CN", Destination: "US", Quantity: 200, Unit: "箱", Value: 12000}}}
	b, err := json.Marshal(d)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
