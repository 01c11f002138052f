package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/report"
)

// TestXLSXWritesText: findings are free text from inspections; one that
// looks like a formula is written as a string cell, which no spreadsheet
// evaluates.
func TestXLSXWritesText(t *testing.T) {
	evil := []string{`=HYPERLINK("http://evil.example","点我")`, "@SUM(A1)", "+1+1", "-1+2"}
	r := &report.Report{Group: report.KeyGroups[0], PeriodStart: time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC),
		GeneratedAt: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), Figures: report.Figures{Findings: evil}}
	b, err := r.XLSX()
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	found := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, _ := f.GetRows(sheet)
		for ri, row := range rows {
			for ci, v := range row {
				cell, _ := excelize.CoordinatesToCellName(ci+1, ri+1)
				if formula, _ := f.GetCellFormula(sheet, cell); formula != "" {
					t.Errorf("%s!%s is the formula %q", sheet, cell, formula)
				}
				for _, e := range evil {
					if v == e {
						found[e] = true
						if typ, _ := f.GetCellType(sheet, cell); typ != excelize.CellTypeSharedString && typ != excelize.CellTypeInlineString {
							t.Errorf("%s!%s %q is of type %v, not a string", sheet, cell, v, typ)
						}
					}
				}
			}
		}
	}
	if len(found) != len(evil) {
		t.Errorf("findings in the workbook: %v, want all of %s", found, strings.Join(evil, " "))
	}
}
