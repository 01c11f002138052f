package tabular_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/tabular"
)

// formulas are texts a spreadsheet would run (OWASP CSV injection).
var formulas = []string{`=HYPERLINK("http://evil.example","点我")`, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "-", "=", "+86 138 0000 0000"}

func TestCell(t *testing.T) {
	for _, s := range formulas {
		if got := tabular.Cell(s); got != "'"+s {
			t.Errorf("Cell(%q) = %q, want it quoted", s, got)
		}
	}
	// Numbers are data: a negative count or value is shown as it is.
	for _, s := range []string{"-3", "-2.5", "+1.5", "-2.5e3", "-.5", "0", "", "长沙", "a=b", "95.0%", "湘关预警〔2026〕1号"} {
		if got := tabular.Cell(s); got != s {
			t.Errorf("Cell(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestWriteCSVQuotesFormulas(t *testing.T) {
	cols := []tabular.Column{{Field: "a", Zh: "名称", En: "Name"}, {Field: "b", Zh: "数量", En: "Quantity"}}
	var b bytes.Buffer
	var rows [][]string
	for _, f := range formulas {
		rows = append(rows, []string{f, "-3"})
	}
	if err := tabular.WriteCSV(&b, cols, rows); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, f := range formulas {
		if got := recs[i+1]; got[0] != "'"+f || got[1] != "-3" {
			t.Errorf("row %d = %q, want %q quoted and -3 as it is", i+1, got, f)
		}
	}
}

// TestWriteXLSXWritesText: in a workbook, text that looks like a formula
// is a string cell, which no spreadsheet evaluates.
func TestWriteXLSXWritesText(t *testing.T) {
	cols := []tabular.Column{{Field: "a", Zh: "名称", En: "Name", Hint: "=1+1"}}
	var rows [][]string
	for _, f := range formulas {
		rows = append(rows, []string{f})
	}
	var b bytes.Buffer
	if err := tabular.WriteXLSX(&b, "数据 Data", cols, rows, []tabular.Help{{Title: "@help", Rows: [][]string{{"=2+2"}}}}); err != nil {
		t.Fatal(err)
	}
	checkText(t, b.Bytes())
}

// checkText fails if any cell of the workbook is a formula or holds text
// starting with a formula sign in a cell that is not a string cell.
func checkText(t *testing.T, xlsx []byte) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seen := 0
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s is the formula %q", sheet, cell, formula)
				}
				if v == "" || !strings.ContainsAny(v[:1], "=+-@\t\r") {
					continue
				}
				seen++
				if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
					t.Errorf("%s!%s %q is a cell of type %v, not a string", sheet, cell, v, typ)
				}
			}
		}
	}
	if seen == 0 {
		t.Fatal("no formula-like text found in the workbook")
	}
}
