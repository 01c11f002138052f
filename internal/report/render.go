package report

import (
	"bytes"
	"fmt"
	"riskgate/internal/risk"
	"strings"

	"codeberg.org/go-pdf/fpdf"
	"github.com/xuri/excelize/v2"

	"riskgate/internal/catalog"
	"riskgate/internal/gongwen"
)

// newPDF starts an A4 PDF with its one font registered as "body": the
// 公文's 黑体 (Noto Sans CJK SC, internal/gongwen/fonts), which has the
// Chinese characters and the Latin letters and digits a report mixes.
func newPDF() (*fpdf.Fpdf, error) {
	heiti, err := gongwen.TrueType(gongwen.HeiTi)
	if err != nil {
		return nil, err
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.SetCompression(true)
	p.AddUTF8FontFromBytes("body", "", heiti)
	return p, nil
}

// Namer names catalogue codes in a language.
type Namer func(catalogue, code string) string

// CatalogNamer names codes from the embedded catalogues, Chinese unless
// lang is "en"; an unknown code names itself, "" is 未分类/unclassified.
func CatalogNamer(lang string) Namer {
	return func(cat, code string) string {
		if code == "" {
			if lang == "en" {
				return "unclassified"
			}
			return "未分类"
		}
		if t, err := catalog.BuiltinTable(cat); err == nil {
			if e := t.Find(code); e != nil {
				return e.Name(lang)
			}
		}
		return code
	}
}

// section is one table of a report: a title and rows of cells.
type section struct {
	title string
	head  []string
	rows  [][]string
}

// sections lays a report out as tables, in Chinese and English headings.
func (r *Report) sections(name Namer) []section {
	f := &r.Figures
	pct := func(x float64, n int) string {
		if n == 0 {
			return "—"
		}
		return fmt.Sprintf("%.1f%%", 100*x)
	}
	counts := func(title, cat string, cs []Count) section {
		s := section{title: title, head: []string{"类别 Item", "数量 Count"}}
		for _, c := range cs {
			s.rows = append(s.rows, []string{name(cat, c.Code), fmt.Sprint(c.Count)})
		}
		return s
	}
	out := []section{{title: "概况 Summary", head: []string{"指标 Figure", "数值 Value"}, rows: [][]string{
		{"检验批次 Lots inspected", fmt.Sprint(f.Inspections)},
		{"合格 Passed", fmt.Sprint(f.Passed)},
		{"不合格 Failed", fmt.Sprint(f.Failed)},
		{"合格率 Pass rate", pct(f.PassRate, f.Inspections)},
		{"风险信息 Signals", fmt.Sprint(f.Signals)},
		{"新发布预警 Warnings issued", fmt.Sprint(f.Issued)},
		{"期间有效预警 Warnings in force", fmt.Sprint(f.InForce)},
		{"新采取措施 Measures started", fmt.Sprint(f.Measures)},
	}}}
	out = append(out, counts("不合格原因 Nonconformity causes", "hazards", f.Causes))
	if f.Samples > 0 {
		ms := section{title: "风险监测抽样 Monitoring samples", head: []string{"监测点 Point", "样品 Samples", "不合格 Failed", "合格率 Pass rate"}}
		for _, p := range f.ByPoint {
			ms.rows = append(ms.rows, []string{p.Point, fmt.Sprint(p.Samples), fmt.Sprint(p.Failed), pct(p.PassRate, p.Samples)})
		}
		ms.rows = append(ms.rows, []string{"合计 Total", fmt.Sprint(f.Samples), fmt.Sprint(f.SamplesFailed), pct(f.SamplePassRate, f.Samples)})
		out = append(out, ms)
	}
	if len(f.Findings) > 0 {
		s := section{title: "最近的不合格情况 Latest findings", head: []string{"检验发现 Findings"}}
		for _, x := range f.Findings {
			s.rows = append(s.rows, []string{x})
		}
		out = append(out, s)
	}
	out = append(out, counts("风险信息来源 Signals by channel", "channels", f.ByChannel), counts("风险类型 Signals by hazard", "hazards", f.ByHazard))
	gs := section{title: "预警 Warnings", head: []string{"文号 Number", "标题 Title", "等级 Grade", "状态 Status"}}
	for _, w := range f.Warnings {
		gs.rows = append(gs.rows, []string{w.Number, w.Title, string(w.Grade), w.Status})
	}
	out = append(out, gs, counts("措施 Measures by type", "measures", f.ByMeasure))
	ts := section{title: "近十二个月趋势 Twelve-month trend", head: []string{"月份 Month", "风险信息 Signals", "检验 Inspected", "不合格 Failed", "合格率 Pass rate", "预警 Warnings"}}
	for _, m := range f.Trend {
		ts.rows = append(ts.rows, []string{m.Month, fmt.Sprint(m.Signals), fmt.Sprint(m.Inspections), fmt.Sprint(m.Failed), pct(m.PassRate, m.Inspections), fmt.Sprint(m.Warnings)})
	}
	return append(out, ts)
}

// Title is the report's title, Chinese and English.
func (r *Report) Title() (zh, en string) {
	return fmt.Sprintf("%s质量状况报告（%s）", r.Group.NameZh, r.Period()), fmt.Sprintf("Quality status report: %s, %s", r.Group.NameEn, r.Period())
}

// XLSX renders the report as a workbook: a sheet per table.
func (r *Report) XLSX() ([]byte, error) {
	x := excelize.NewFile()
	defer x.Close()
	bold, _ := x.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1}})
	zh, en := r.Title()
	for i, s := range r.sections(CatalogNamer("zh")) {
		sheet := strings.NewReplacer(" ", "", "/", "").Replace(strings.Fields(s.title)[0])
		if i == 0 {
			x.SetSheetName("Sheet1", sheet)
		} else if _, err := x.NewSheet(sheet); err != nil {
			return nil, err
		}
		row := 1
		if i == 0 {
			x.SetCellValue(sheet, "A1", zh)
			x.SetCellValue(sheet, "A2", en)
			x.SetCellValue(sheet, "A3", "HS: "+strings.Join(r.Group.HSPrefixes, " ")+" · 生成 generated "+r.GeneratedAt.In(risk.China).Format("2006-01-02 15:04"))
			row = 5
		}
		xlsxTable(x, sheet, row, s.head, s.rows, bold)
		x.SetColWidth(sheet, "A", "A", 36)
		x.SetColWidth(sheet, "B", "F", 16)
	}
	var b bytes.Buffer
	if err := x.Write(&b); err != nil {
		return nil, fmt.Errorf("report: xlsx: %w", err)
	}
	return b.Bytes(), nil
}

// PDF renders the report on A4 with the embedded Chinese font, a bar chart
// of the trend, and the tables.
func (r *Report) PDF() ([]byte, error) {
	p, err := newPDF()
	if err != nil {
		return nil, err
	}
	zh, en := r.Title()
	p.SetTitle(zh, true)
	p.SetCreator("riskgate", true)
	p.SetAuthor("湖南省进出口商品质量安全风险预警系统", true)
	p.SetCreationDate(r.GeneratedAt)
	p.SetFooterFunc(func() {
		p.SetY(-12)
		p.SetFont("body", "", 8)
		p.CellFormat(0, 6, fmt.Sprintf("%s · %d", zh, p.PageNo()), "", 0, "C", false, 0, "")
	})
	p.AddPage()
	p.SetFont("body", "", 16)
	p.MultiCell(0, 8, zh, "", "L", false)
	p.SetFont("body", "", 10)
	p.MultiCell(0, 6, en, "", "L", false)
	p.MultiCell(0, 6, "HS "+strings.Join(r.Group.HSPrefixes, " ")+" · "+r.PeriodStart.In(risk.China).Format("2006-01-02")+" – "+
		r.PeriodEnd.In(risk.China).AddDate(0, 0, -1).Format("2006-01-02")+" · 生成 "+r.GeneratedAt.In(risk.China).Format("2006-01-02 15:04"), "", "L", false)
	p.Ln(3)
	r.pdfTrendChart(p)
	for _, s := range r.sections(CatalogNamer("zh")) {
		if p.GetY() > 250 {
			p.AddPage()
		}
		var widths []float64
		switch len(s.head) {
		case 2:
			widths = []float64{130, 60}
		case 4:
			widths = []float64{50, 90, 20, 30}
		}
		pdfTable(p, s.title, s.head, widths, s.rows)
	}
	var b bytes.Buffer
	if err := p.Output(&b); err != nil {
		return nil, fmt.Errorf("report: pdf: %w", err)
	}
	return b.Bytes(), nil
}

// fit shortens s with … until it fits width mm.
func fit(p *fpdf.Fpdf, s string, width float64) string {
	if p.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && p.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// pdfTrendChart draws the signals and failures of the twelve months as
// bars, drawn with the PDF's own vector operators.
func (r *Report) pdfTrendChart(p *fpdf.Fpdf) {
	tr := r.Figures.Trend
	if len(tr) == 0 {
		return
	}
	x0, y0, w, h := 20.0, p.GetY()+4, 170.0, 45.0
	most := 1
	for _, m := range tr {
		most = max(most, m.Signals, m.Failed)
	}
	p.SetFont("body", "", 10)
	p.CellFormat(0, 5, "近十二个月：风险信息（蓝）与检验不合格（橙）/ Signals (blue) and failed lots (orange)", "", 1, "L", false, 0, "")
	p.SetDrawColor(150, 150, 150)
	p.Line(x0, y0+h, x0+w, y0+h)
	slot := w / float64(len(tr))
	bar := slot * 0.35
	p.SetFont("body", "", 6)
	for i, m := range tr {
		x := x0 + float64(i)*slot + slot*0.1
		sh := h * float64(m.Signals) / float64(most)
		fh := h * float64(m.Failed) / float64(most)
		p.SetFillColor(21, 101, 192)
		p.Rect(x, y0+h-sh, bar, sh, "F")
		p.SetFillColor(191, 80, 0)
		p.Rect(x+bar, y0+h-fh, bar, fh, "F")
		p.Text(x, y0+h+3, m.Month[2:])
	}
	p.Text(x0-8, y0+2, fmt.Sprint(most))
	p.SetY(y0 + h + 6)
}

// xlsxTable writes a table's headings (in the bold style) on row and its
// rows below them.
func xlsxTable(x *excelize.File, sheet string, row int, head []string, rows [][]string, bold int) int {
	for c, h := range head {
		cell, _ := excelize.CoordinatesToCellName(c+1, row)
		x.SetCellValue(sheet, cell, h)
		x.SetCellStyle(sheet, cell, cell, bold)
	}
	for _, cells := range rows {
		row++
		for c, v := range cells {
			cell, _ := excelize.CoordinatesToCellName(c+1, row)
			x.SetCellValue(sheet, cell, v)
		}
	}
	return row
}

// pdfTable draws a titled table across the page's 190 mm, the columns
// as wide as widths say (nil: equal), each cell cut to fit, breaking
// pages as it goes.
func pdfTable(p *fpdf.Fpdf, title string, head []string, widths []float64, rows [][]string) {
	p.SetFont("body", "", 12)
	p.CellFormat(0, 8, title, "", 1, "L", false, 0, "")
	p.SetFont("body", "", 9)
	if len(widths) != len(head) {
		widths = make([]float64, len(head))
		for i := range widths {
			widths[i] = 190.0 / float64(len(head))
		}
	}
	header := func() {
		p.SetFillColor(221, 235, 247)
		for i, h := range head {
			p.CellFormat(widths[i], 7, fit(p, h, widths[i]-2), "1", 0, "L", true, 0, "")
		}
		p.Ln(-1)
	}
	header()
	if len(rows) == 0 {
		p.CellFormat(190, 7, "无 None", "1", 1, "L", false, 0, "")
	}
	for _, row := range rows {
		if p.GetY() > 270 {
			p.AddPage()
			header()
		}
		for i, v := range row {
			p.CellFormat(widths[i], 7, fit(p, v, widths[i]-2), "1", 0, "L", false, 0, "")
		}
		p.Ln(-1)
	}
	p.Ln(3)
}
