package screening_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/lifecycletest"
	"riskgate/internal/risk"
	"riskgate/internal/risk/risktest"
	"riskgate/internal/screening"
	"riskgate/internal/store/storetest"
)

// batchFormats are the text formats of batch files; XLSX is read by
// tabular, fuzzed there.
var batchFormats = []string{screening.FormatJSONL, screening.FormatCSV}

// batchSeeds are batch files in each text format: the templates and
// examples, files an import must refuse, and the Lines of real HS 2022
// codes (shared/data/hs: 9506.99 sports equipment, 3604.10 fireworks).
func batchSeeds(f *testing.F) []struct {
	data   []byte
	format uint8
} {
	var csv, jsonl bytes.Buffer
	if err := screening.BatchTemplateCSV(&csv); err != nil {
		f.Fatal(err)
	}
	if err := screening.BatchExampleJSONL(&jsonl); err != nil {
		f.Fatal(err)
	}
	seeds := []struct {
		data   []byte
		format uint8
	}{{jsonl.Bytes(), 0}, {csv.Bytes(), 1}}
	for _, s := range []string{
		"",
		"\n\n{}\n",
		`{"number":"EX-1","direction":"export","port":"4900","declared_at":"2026-11-29T08:30:00+08:00","trade_mode":"0110","lines":[{"hs_code":"9506991000","name":"攀爬树架 Climbing treestands","origin":"CN","destination":"US","quantity":12}]}` + "\n" +
			`{"number":"EX-2","direction":"export","port":"4900","declared_at":"2026-11-29T09:00:00+08:00","lines":[{"hs_code":"3604100000","name":"组合烟花","value":1e400}]}`,
		`{"number":"EX-3","direction":"export","port":"4900","declared_at":"yesterday","lines":[]}` + "\n" + `{"number":"EX-3","colour":"red"}` + "\n" + `[1,2]` + "\n" + `{"number":`,
	} {
		seeds = append(seeds, struct {
			data   []byte
			format uint8
		}{[]byte(s), 0})
	}
	for _, s := range []string{
		"",
		"报关单号,进出口,申报时间,口岸,商品编码,商品名称\nD-1,出口,2026-11-29 08:30,4900,3604100000,烟花\nD-1,进口,,,9506991000,攀爬树架\nD-2,export,46000.5,长沙海关,3604.10,烟花\n",
		"number,direction,declared_at,port,hs_code,name,quantity,value\nD-3,sideways,明天,9999,x,,1,000,abc\n",
	} {
		seeds = append(seeds, struct {
			data   []byte
			format uint8
		}{[]byte(s), 1})
	}
	return seeds
}

// parseBatch parses data as a batch file and checks the result: a refused
// file is a user error and no batch; a batch has a file row for its
// header and for each goods line of every declaration, in file order.
func parseBatch(t *testing.T, data []byte, format uint8) *screening.Batch {
	t.Helper()
	b, err := screening.ParseBatch(bytes.NewReader(data), batchFormats[int(format)%len(batchFormats)])
	if err != nil {
		if b != nil {
			t.Fatalf("error %v with a batch of %d", err, len(b.Items))
		}
		risktest.UserError(t, err, risk.ErrInvalid, risk.ErrTooLarge)
		return nil
	}
	lines, last := 0, 0
	for _, it := range b.Items {
		if len(it.LineRows) != len(it.Declaration.Lines) {
			t.Fatalf("declaration at row %d: %d lines, %d line rows", it.Row, len(it.Declaration.Lines), len(it.LineRows))
		}
		if it.Row <= last {
			t.Fatalf("declaration at row %d follows row %d", it.Row, last)
		}
		last = it.Row
		for _, r := range it.LineRows {
			if r < it.Row {
				t.Fatalf("declaration at row %d has a line on row %d", it.Row, r)
			}
		}
		lines += len(it.LineRows)
	}
	if b.Format == screening.FormatCSV && lines != b.Rows || b.Rows < len(b.Items) || len(b.Items) > screening.MaxBatch {
		t.Fatalf("%d rows, %d declarations, %d lines", b.Rows, len(b.Items), lines)
	}
	return b
}

// FuzzParseBatch reads JSONL and CSV batch files.
func FuzzParseBatch(f *testing.F) {
	for _, s := range batchSeeds(f) {
		f.Add(s.data, s.format)
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) { parseBatch(t, data, format) })
}

// FuzzScreenBatch screens each parsed batch on one SQLite database per
// fuzzing process: a refused batch stores no declaration and no audit
// entry, and its problems name a field, with the file row for row-level
// ones; an accepted batch decides every line of every declaration.
func FuzzScreenBatch(f *testing.F) {
	for _, s := range batchSeeds(f) {
		f.Add(s.data, s.format)
	}
	w := lifecycletest.New(f, storetest.Open(f, "sqlite"))
	insp := w.U("inspector")
	entries := func(t *testing.T) int {
		_, n, err := w.DB.Audit().List(context.Background(), audit.Filter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// stored returns the numbers of the batch that are stored.
	stored := func(t *testing.T, b *screening.Batch) map[string]bool {
		out := map[string]bool{}
		for _, it := range b.Items {
			_, err := w.Screening.Get(context.Background(), insp, it.Declaration.Number)
			switch {
			case err == nil:
				out[it.Declaration.Number] = true
			case !errors.Is(err, risk.ErrNotFound):
				t.Fatal(err)
			}
		}
		return out
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		b := parseBatch(t, data, format)
		if b == nil {
			return
		}
		before, n := stored(t, b), entries(t)
		res, err := w.Screening.ScreenBatch(context.Background(), insp, b)
		after, n2 := stored(t, b), entries(t)
		if err != nil {
			risktest.UserError(t, err, risk.ErrInvalid, risk.ErrTooLarge)
			if len(after) != len(before) || n2 != n {
				t.Fatalf("refused batch (%v) stored %d declarations and %d audit entries", err, len(after)-len(before), n2-n)
			}
			if res != nil {
				for _, d := range res.Errors {
					if d.Field == "" || !strings.Contains(d.Message, " / ") {
						t.Fatalf("problem %+v: want a field and a bilingual message", d)
					}
				}
			}
			return
		}
		for _, it := range b.Items {
			if !after[it.Declaration.Number] {
				t.Fatalf("accepted declaration %q is not stored", it.Declaration.Number)
			}
		}
		if n2-n != len(after)-len(before) {
			t.Fatalf("accepted batch stored %d new declarations and %d audit entries", len(after)-len(before), n2-n)
		}
		if len(res.Results) != len(b.Items) || len(res.Errors) > 0 {
			t.Fatalf("accepted batch of %d: %d results, errors %v", len(b.Items), len(res.Results), res.Errors)
		}
		for i, r := range res.Results {
			if len(r.Lines) != len(b.Items[i].Declaration.Lines) {
				t.Fatalf("declaration %d: %d lines decided of %d", i, len(r.Lines), len(b.Items[i].Declaration.Lines))
			}
		}
	})
}
