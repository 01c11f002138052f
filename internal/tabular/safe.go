package tabular

import (
	"encoding/csv"
	"io"
	"regexp"
)

// Spreadsheets run a CSV cell that starts with =, +, - or @ as a formula,
// and Excel also one that starts with a tab or a carriage return before
// such a sign (CSV injection, OWASP): =HYPERLINK(…) in a product name
// would become a live link, =cmd|… a command. Every CSV we write passes
// its cells through Cell. XLSX needs no quoting: excelize's SetCellStr and
// SetCellValue with a string write a shared-string cell, which a
// spreadsheet shows as text and never evaluates (tested).

// number is a plain decimal number, which a numeric column may hold
// negative ("-3", "-2.5e3"): data, shown as is, not a formula.
var number = regexp.MustCompile(`^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$`)

// Cell returns s safe to write into a CSV cell: text starting with =, +,
// -, @, a tab or a carriage return gets a leading single quote, which
// spreadsheets take as "this is text" (and Excel hides). A plain number
// such as -3 is left as it is.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if number.MatchString(s) {
			return s
		}
		return "'" + s
	}
	return s
}

// CSVWriter writes CSV records whose cells are made safe by Cell.
type CSVWriter struct {
	cw  *csv.Writer
	rec []string
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{cw: csv.NewWriter(w)} }

// Write writes one record.
func (w *CSVWriter) Write(rec []string) error {
	w.rec = w.rec[:0]
	for _, s := range rec {
		w.rec = append(w.rec, Cell(s))
	}
	return w.cw.Write(w.rec)
}

// Flush writes any buffered data and returns the first error of any
// Write or Flush.
func (w *CSVWriter) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
