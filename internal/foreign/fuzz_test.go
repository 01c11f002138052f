package foreign

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"riskgate/internal/ident"
	"riskgate/internal/risk"
)

// headLines returns the first n lines of b.
func headLines(b []byte, n int) []byte {
	end := 0
	for i := 0; i < n && end < len(b); i++ {
		j := bytes.IndexByte(b[end:], '\n')
		if j < 0 {
			return b
		}
		end += j + 1
	}
	return b[:end]
}

// storable reports whether s can be stored as text on both engines:
// valid UTF-8 without NUL, which PostgreSQL text refuses.
func storable(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// FuzzParse reads files of the five formats, in each layout: a file that
// cannot be read is an error in Chinese and English and nothing else; a
// read file maps each record to a record or a reject. Records carry their
// format, a key unique in the file, their line, the digest of their
// fields, a date where the format requires one, a valid GTIN and a
// two-letter origin when they have one, and text PostgreSQL can store.
func FuzzParse(f *testing.F) {
	// The format is an index into Formats, so that the fuzzer spends its
	// time in the formats rather than on names none has.
	//
	// The real exports and layouts of testdata (their origin in
	// testdata/NOTICE.md); of the long CSV files, the first rows.
	for _, s := range []struct {
		format, file string
	}{
		{"safetygate", "safetygate_weekly.xml"}, {"safetygate", "safetygate_sample_head40.csv"},
		{"rasff", "rasff_window.csv"}, {"rasff", "rasff_2024_head200.csv"},
		{"cpsc", "cpsc_recalls.json"}, {"cpsc", "cpsc_head30.csv"},
		{"openfda", "openfda_enforcement.json"}, {"openfda", "openfda_report_head20.csv"},
		{"fda-press", "fda_press.xml"}, {"fda-press", "fda_press_head50.csv"},
	} {
		b, err := os.ReadFile("testdata/" + s.file)
		if err != nil {
			f.Fatal(err)
		}
		if strings.HasSuffix(s.file, ".csv") {
			b = headLines(b, 5)
		}
		f.Add(b, uint8(slices.Index(Formats, s.format)))
	}
	for _, s := range []string{"", "\ufeff", "<a>", "[1,", `{"results":[{"recall_number":"F-1-2024"}]}`, "date,reference\n2024-10-30\n", "\xff"} {
		f.Add([]byte(s), uint8(1))
	}
	f.Add([]byte(`{"recall_number":"F-0001-2025","report_date":"20250102","product_description":"Salmonella; recalled"}`+"\n"+`{"recall_number":"F-0002-2025"}`), uint8(3))
	needsDate := map[string]bool{"rasff": true, "cpsc": true, "openfda": true, "fda-press": true}
	f.Fuzz(func(t *testing.T, data []byte, n uint8) {
		format := Formats[int(n)%len(Formats)]
		p, err := Parse(format, bytes.NewReader(data))
		if err != nil {
			if p != nil {
				t.Fatalf("error %v with %d records", err, len(p.Records))
			}
			msg := err.Error()
			if e, ok := risk.AsError(err); ok {
				msg = e.Message
			}
			if !strings.Contains(msg, " / ") {
				t.Fatalf("error %q: want Chinese and English", msg)
			}
			return
		}
		keys := map[string]bool{}
		for _, r := range p.Records {
			if r.Source != format || r.Key == "" || r.Line < 1 || r.Hash != r.Digest() || keys[r.Key] {
				t.Fatalf("record %+v: want the format, a new key, a line and its digest", r)
			}
			keys[r.Key] = true
			if needsDate[format] && r.Date.IsZero() {
				t.Fatalf("record %q of %s has no date", r.Key, format)
			}
			if r.Product.GTIN != "" {
				if _, err := ident.ParseGTIN(r.Product.GTIN); err != nil {
					t.Fatalf("record %q: GTIN %q: %v", r.Key, r.Product.GTIN, err)
				}
			}
			if o := r.Product.Origin; o != "" && (len(o) != 2 || strings.Trim(o, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
				t.Fatalf("record %q: origin %q", r.Key, o)
			}
			p := r.Product
			for _, s := range []string{r.Key, r.URL, r.Notifier, r.Summary, r.Hazard, p.Name, p.Brand, p.Model, p.Batch, p.Manufacturer, p.Words, p.Market} {
				if !storable(s) {
					t.Fatalf("record %q holds %q, which PostgreSQL cannot store", r.Key, s)
				}
			}
			for k, v := range r.Fields {
				// Names are stored only inside the record's JSON text, which
				// escapes U+0000.
				if !utf8.ValidString(k) || !storable(v) || utf8.RuneCountInString(v) > MaxField {
					t.Fatalf("record %q: field %q = %q", r.Key, k, v)
				}
			}
		}
		for _, rj := range p.Rejects {
			if rj.Line < 1 || rj.Field == "" || !strings.Contains(rj.Reason, " / ") {
				t.Fatalf("reject %+v: want a line, a field and a reason in Chinese and English", rj)
			}
		}
	})
}
