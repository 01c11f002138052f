package tabular_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"riskgate/internal/risk"
	"riskgate/internal/tabular"
)

// fuzzColumns are the columns of the RASFF export (testdata/fuzz-seeds),
// two of them required, with Chinese and English labels.
var fuzzColumns = []tabular.Column{
	{Field: "date", Zh: "日期", En: "Date"},
	{Field: "reference", Zh: "通报编号", En: "Reference", Required: true},
	{Field: "notification_from", Zh: "通报国", En: "Notified by"},
	{Field: "country_origin", Zh: "原产国", En: "Origin"},
	{Field: "product", Zh: "产品名称", En: "Product", Required: true},
	{Field: "product_category", Zh: "产品类别", En: "Category"},
	{Field: "hazard_substance", Zh: "危害物质", En: "Hazard"},
	{Field: "hazard_category", Zh: "危害类别", En: "Hazard category"},
}

// fuzzMaxRows is small, so that the fuzzer reaches the row limit.
const fuzzMaxRows = 8

// checkRead fails t unless Read kept its contract: an error is a bilingual
// ErrInvalid or ErrTooLarge naming a field and returns no table; a table
// has at most the rows allowed, in increasing row numbers below the
// heading, holding only the columns' fields.
func checkRead(t *testing.T, tb *tabular.Table, err error) {
	t.Helper()
	if err != nil {
		if tb != nil {
			t.Fatalf("error %v with a table of %d rows", err, len(tb.Rows))
		}
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) && !errors.Is(err, risk.ErrTooLarge) || e.Field == "" || !strings.Contains(e.Message, " / ") {
			t.Fatalf("error %#v: want a bilingual ErrInvalid or ErrTooLarge naming a field", err)
		}
		for _, d := range e.Details {
			if d.Field == "" || !strings.Contains(d.Message, " / ") {
				t.Fatalf("detail %+v of %v: want a field and a bilingual message", d, err)
			}
		}
		return
	}
	if len(tb.Rows) > fuzzMaxRows {
		t.Fatalf("%d rows, at most %d allowed", len(tb.Rows), fuzzMaxRows)
	}
	fields := map[string]bool{}
	for _, c := range fuzzColumns {
		fields[c.Field] = true
	}
	last := 1 // the heading is on row 1 or later
	for _, r := range tb.Rows {
		if r.Line <= last {
			t.Fatalf("row %d follows row %d", r.Line, last)
		}
		last = r.Line
		for k := range r.Values {
			if !fields[k] {
				t.Fatalf("row %d holds unknown field %q", r.Line, k)
			}
		}
	}
}

// FuzzReadCSV reads CSV, in UTF-8 or GB18030, against fuzzColumns.
func FuzzReadCSV(f *testing.F) {
	rasff, err := os.ReadFile("testdata/fuzz-seeds/rasff.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(rasff)
	f.Add(append([]byte("\ufeff"), rasff...))
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("通报编号,产品名称,原产国\n2024.8041,塑料汤匙,中国\n")
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(gb))
	for _, s := range []string{
		"", "\n\n", "reference,product\n", "Reference,Product\n\n\nx,y\n", "通报编号 Reference,产品名称 Product,\nx,y,z\n",
		"reference,reference,product\n", "reference\n1\n", "reference,product\n\"a\nb\",c\n",
		"reference,product\n1,a\n2,b\n3,c\n4,d\n5,e\n6,f\n7,g\n8,h\n9,i\n", "reference,product,nope\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := tabular.Read(bytes.NewReader(data), tabular.CSV, fuzzColumns, fuzzMaxRows)
		checkRead(t, tb, err)
	})
}

// FuzzReadXLSX reads workbooks whose first sheet and shared strings are
// the fuzzer's, inside an otherwise valid XLSX package: random bytes would
// stop at the zip checksums, never reaching the spreadsheet XML.
func FuzzReadXLSX(f *testing.F) {
	rasff, err := os.ReadFile("testdata/fuzz-seeds/rasff.csv")
	if err != nil {
		f.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSpace(string(rasff)), "\n")[1:] {
		rows = append(rows, strings.Split(line, ",")) // the seed rows quote nothing
	}
	var tmpl bytes.Buffer
	if err := tabular.WriteXLSX(&tmpl, "RASFF", fuzzColumns, rows, nil); err != nil {
		f.Fatal(err)
	}
	base, err := unzip(tmpl.Bytes())
	if err != nil {
		f.Fatal(err)
	}
	const sheet, shared = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	f.Add(base[sheet], base[shared])
	const head = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	for _, s := range []string{
		head + `<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>4</v></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>2024.8041</t></is></c><c r="B3"><v>45000</v></c></row></sheetData></worksheet>`,
		head + `<row r="1"><c r="C1" t="s"><v>1</v></c><c r="A1" t="s"><v>4</v></c></row><row r="2"><c r="B2" t="b"><v>1</v></c><c r="A2" t="e"><v>#N/A</v></c></row></sheetData></worksheet>`,
		head + `<row r="2"><c r="A2" t="s"><v>99</v></c></row></sheetData></worksheet>`,
		head + `</sheetData></worksheet>`,
	} {
		f.Add([]byte(s), base[shared])
	}
	f.Fuzz(func(t *testing.T, sheetXML, sharedXML []byte) {
		files := map[string][]byte{}
		for name, b := range base {
			files[name] = b
		}
		files[sheet], files[shared] = sheetXML, sharedXML
		tb, err := tabular.Read(bytes.NewReader(rezip(t, files)), tabular.XLSX, fuzzColumns, fuzzMaxRows)
		checkRead(t, tb, err)
	})
}

// unzip returns the files of a zip archive by name.
func unzip(b []byte) (map[string][]byte, error) {
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			return nil, err
		}
		files[zf.Name], err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// rezip stores files in a zip archive, uncompressed (fast).
func rezip(t *testing.T, files map[string][]byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
