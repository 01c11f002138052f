// Package tabular reads and writes the CSV and XLSX files that users
// import: a heading row naming the columns (in Chinese, English, or both
// as in our templates), then one record per row. It reports the file's own
// row numbers, reads CSV in UTF-8 or GB18030 (as Excel on Chinese Windows
// saves it), streams XLSX, and writes templates with a help sheet.
package tabular

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"riskgate/internal/risk"
)

// Format is a file format.
type Format string

// Formats.
const (
	CSV  Format = "csv"
	XLSX Format = "xlsx"
)

// FormatOf tells the format from a file name.
func FormatOf(name string) (Format, error) {
	switch n := strings.ToLower(name); {
	case strings.HasSuffix(n, ".csv"):
		return CSV, nil
	case strings.HasSuffix(n, ".xlsx"):
		return XLSX, nil
	}
	return "", risk.Invalid("file", "只接受 .csv 或 .xlsx 文件。", "only .csv and .xlsx files are accepted.")
}

// Column is one column of a file.
type Column struct {
	Field    string // JSON name of the field
	Zh, En   string // labels
	Hint     string // for the template's help sheet
	Required bool   // the heading must be present
}

// Heading is the column's heading in templates: "统一社会信用代码 USCC".
func (c Column) Heading() string { return c.Zh + " " + c.En }

// Row is one data row: the file's row number and the values by field.
type Row struct {
	Line   int
	Values map[string]string
}

// Table is a file read against a set of columns.
type Table struct {
	Rows   []Row
	labels map[string]string // field -> the file's heading
}

// Label returns the file's heading of a field, for error reports.
func (t *Table) Label(field string) string {
	if l, ok := t.labels[field]; ok {
		return l
	}
	return field
}

// SplitList splits a cell holding several values ("进口商;出口商").
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(";,；，、/|\n", r) })
}

type reader struct {
	cols    []Column
	max     int
	t       *Table
	index   []int // file column -> cols index, -1 to ignore
	started bool
}

// Read reads a file. Structural problems (no heading, unknown, repeated or
// missing required columns, too many rows, malformed file) are errors
// naming the row and column; cell values are the caller's to check.
func Read(r io.Reader, f Format, cols []Column, maxRows int) (*Table, error) {
	rd := &reader{cols: cols, max: maxRows, t: &Table{labels: map[string]string{}}}
	var err error
	switch f {
	case CSV:
		err = rd.readCSV(r)
	case XLSX:
		err = rd.readXLSX(r)
	default:
		err = risk.Invalid("format", "未知文件格式。", "unknown file format.")
	}
	if err != nil {
		return nil, err
	}
	if !rd.started {
		return nil, risk.Invalid("file", "文件为空，缺少标题行。", "the file is empty: no heading row.")
	}
	return rd.t, nil
}

// match finds the column a heading names: the template heading, the
// Chinese or English label alone, or the field name.
func (rd *reader) match(h string) (int, bool) {
	h = strings.ToLower(strings.Join(strings.Fields(strings.TrimPrefix(h, "\ufeff")), " "))
	for i, c := range rd.cols {
		if h == strings.ToLower(c.Heading()) || h == strings.ToLower(c.Zh) || h == strings.ToLower(c.En) || h == c.Field {
			return i, true
		}
	}
	return 0, false
}

func (rd *reader) heading(rec []string) error {
	rd.started = true
	rd.index = make([]int, len(rec))
	seen := map[int]bool{}
	var v risk.Validation
	for i, h := range rec {
		if strings.TrimSpace(h) == "" {
			rd.index[i] = -1
			continue
		}
		c, ok := rd.match(h)
		if !ok {
			rd.index[i] = -1
			v.Problems = append(v.Problems, risk.FieldError{Row: 1, Column: h, Field: "heading",
				Message: risk.Bilingual("无法识别的列标题："+h+"。请使用导入模板。", "unknown column heading "+h+"; use the import template.")})
			continue
		}
		if seen[c] {
			v.Problems = append(v.Problems, risk.FieldError{Row: 1, Column: h, Field: "heading",
				Message: risk.Bilingual("列 "+h+" 重复。", "column "+h+" appears twice.")})
		}
		seen[c] = true
		rd.index[i] = c
		rd.t.labels[rd.cols[c].Field] = h
	}
	for i, c := range rd.cols {
		if c.Required && !seen[i] {
			v.Problems = append(v.Problems, risk.FieldError{Row: 1, Column: c.Heading(), Field: c.Field,
				Message: risk.Bilingual("缺少必需的列："+c.Zh+"。", "required column missing: "+c.En+".")})
		}
	}
	return v.Err()
}

func (rd *reader) add(line int, rec []string) error {
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
	if len(rd.t.Rows) >= rd.max {
		return &risk.Error{Kind: risk.ErrTooLarge, Field: "file",
			Message: risk.Bilingual(fmt.Sprintf("一次最多导入 %d 行。", rd.max), fmt.Sprintf("at most %d rows per import.", rd.max))}
	}
	row := Row{Line: line, Values: make(map[string]string, len(rd.cols))}
	for i, s := range rec {
		if i < len(rd.index) && rd.index[i] >= 0 {
			row.Values[rd.cols[rd.index[i]].Field] = s
		}
	}
	rd.t.Rows = append(rd.t.Rows, row)
	return nil
}

func (rd *reader) readCSV(r io.Reader) error {
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
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// FieldPos panics after a failed Read: the line is the error's.
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return &risk.Error{Kind: risk.ErrInvalid, Field: "file",
				Message: risk.Bilingual(fmt.Sprintf("第 %d 行不是有效的 CSV。", line), fmt.Sprintf("row %d is not valid CSV.", line)), Err: err}
		}
		// The file's own line numbers: encoding/csv skips blank lines, so
		// counting records would shift every row after one.
		line, _ := cr.FieldPos(0)
		if !rd.started {
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff")
			if err := rd.heading(append([]string(nil), rec...)); err != nil {
				return err
			}
			continue
		}
		if err := rd.add(line, rec); err != nil {
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

func (rd *reader) readXLSX(r io.Reader) error {
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
		if !rd.started {
			if len(rec) == 0 {
				continue
			}
			if err := rd.heading(rec); err != nil {
				return err
			}
			continue
		}
		if err := rd.add(line, rec); err != nil {
			return err
		}
	}
	return rows.Error()
}

func headings(cols []Column) []string {
	h := make([]string, len(cols))
	for i, c := range cols {
		h[i] = c.Heading()
	}
	return h
}

// WriteCSV writes a template: a UTF-8 byte-order mark (so that Excel reads
// the file as UTF-8), the heading and example rows, cells made safe by
// Cell.
func WriteCSV(w io.Writer, cols []Column, examples [][]string) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return err
	}
	cw := NewCSVWriter(w)
	cw.Write(headings(cols))
	for _, e := range examples {
		cw.Write(e)
	}
	return cw.Flush()
}

// Help is a help sheet of an XLSX template: rows of cells.
type Help struct {
	Title string
	Rows  [][]string
}

// WriteXLSX writes a template: the data sheet (heading and examples) and a
// help sheet that explains each column, then any further help.
func WriteXLSX(w io.Writer, sheet string, cols []Column, examples [][]string, more []Help) error {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetName("Sheet1", sheet)
	put := func(name string, row int, vals []string) {
		for i, v := range vals {
			cell, _ := excelize.CoordinatesToCellName(i+1, row)
			f.SetCellStr(name, cell, v)
		}
	}
	put(sheet, 1, headings(cols))
	for i, e := range examples {
		put(sheet, i+2, e)
	}
	last, _ := excelize.ColumnNumberToName(len(cols))
	f.SetColWidth(sheet, "A", last, 20)
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	f.SetRowStyle(sheet, 1, 1, bold)
	const help = "说明 Help"
	f.NewSheet(help)
	row := 1
	put(help, row, []string{"列 Column", "说明 Notes", "必需 Required"})
	for _, c := range cols {
		row++
		req := ""
		if c.Required {
			req = "是 yes"
		}
		put(help, row, []string{c.Heading(), c.Hint, req})
	}
	for _, h := range more {
		row += 2
		put(help, row, []string{h.Title})
		for _, r := range h.Rows {
			row++
			put(help, row, r)
		}
	}
	f.SetColWidth(help, "A", "C", 40)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
