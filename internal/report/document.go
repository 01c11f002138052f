package report

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// Table is one table of a Document: a title, the headings and the rows,
// with the columns' widths on the PDF's 190 mm (nil: equal).
type Table struct {
	Title  string
	Sheet  string // the XLSX sheet's name (at most 31 characters)
	Head   []string
	Widths []float64
	Rows   [][]string
}

// Document is a report of tables drawn like the quality reports — the
// embedded Chinese font on A4, one XLSX sheet per table — for the reports
// of other domains (the tracker's 督查 report).
type Document struct {
	TitleZh, TitleEn string
	// Lines are printed under the title (the period, the basis).
	Lines     []string
	Generated time.Time
	Tables    []Table
}

// PDF renders the document on A4 (newPDF's font).
func (d *Document) PDF() ([]byte, error) {
	p, err := newPDF()
	if err != nil {
		return nil, err
	}
	p.SetTitle(d.TitleZh, true)
	p.SetCreator("riskgate", true)
	p.SetAuthor("湖南省进出口商品质量安全风险预警系统", true)
	p.SetCreationDate(d.Generated)
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("body", "", 8)
		p.CellFormat(0, 6, fmt.Sprintf("%s · %d", d.TitleZh, p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetFont("body", "", 16)
	p.MultiCell(0, 8, d.TitleZh, "", "L", false)
	p.SetFont("body", "", 10)
	p.MultiCell(0, 6, d.TitleEn, "", "L", false)
	for _, l := range d.Lines {
		p.MultiCell(0, 6, l, "", "L", false)
	}
	p.Ln(3)
	for _, t := range d.Tables {
		if p.GetY() > 250 {
			p.AddPage()
		}
		pdfTable(p, t.Title, t.Head, t.Widths, t.Rows)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("report: pdf: %w", err)
	}
	return b.Bytes(), nil
}

// XLSX renders the document as a workbook, a sheet per table, the title
// and lines above the first.
func (d *Document) XLSX() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	for i, t := range d.Tables {
		sheet := t.Sheet
		if sheet == "" {
			sheet = strings.NewReplacer(" ", "", "/", "").Replace(strings.Fields(t.Title)[0])
		}
		if i == 0 {
			x.SetSheetName("Sheet1", sheet)
		} else if _, err := x.NewSheet(sheet); err != nil {
			return nil, err
		}
		row := 1
		if i == 0 {
			for j, l := range append([]string{d.TitleZh, d.TitleEn}, d.Lines...) {
				x.SetCellValue(sheet, fmt.Sprintf("A%d", j+1), l)
			}
			row = len(d.Lines) + 4
		}
		xlsxTable(x, sheet, row, t.Head, t.Rows, bold)
		x.SetColWidth(sheet, "A", "Z", 18)
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return nil, fmt.Errorf("report: xlsx: %w", err)
	}
	return b.Bytes(), nil
}
