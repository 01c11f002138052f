package signal_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/risk"
	"riskgate/internal/risk/risktest"
	"riskgate/internal/signal"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/tabular"
)

// importSeeds are signal import files: the template, real recalls
// (testdata/fuzz-seeds) and files an import must refuse.
func importSeeds(f *testing.F) [][]byte {
	var tmpl bytes.Buffer
	if err := signal.ImportTemplateCSV(&tmpl); err != nil {
		f.Fatal(err)
	}
	real, err := os.ReadFile("testdata/fuzz-seeds/signals.csv")
	if err != nil {
		f.Fatal(err)
	}
	seeds := [][]byte{tmpl.Bytes(), real}
	for _, s := range []string{
		"", "channel\n", "channel,description\n12315,打火机漏气\n12315,\n",
		"channel,external_ref,description\n12315,A-1,一\n12315,A-1,二\n",
		"channel,received_at,injuries.count,injuries.severity,description\n12315,2026-11-29 08:30,1,9,x\n12360,2099-01-01,-1,,y\n12315,昨天,一,,z\n",
		"channel,product.hs_code,product.gtin,product.uscc,product.origin,region,product.name\n12315,3604.10,6901234567892,91512081MA62K0260E,CN,430181,烟花\n",
		"channel,description,channel\n12315,x,12360\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// FuzzParseImport: a file either parses into rows numbered as the file's
// rows (heading first), or is refused with a user error and no rows.
func FuzzParseImport(f *testing.F) {
	for _, s := range importSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := signal.ParseImport(bytes.NewReader(data), tabular.CSV)
		if err != nil {
			if p != nil {
				t.Fatalf("error %v with %d rows", err, len(p.Rows))
			}
			risktest.UserError(t, err, risk.ErrInvalid, risk.ErrTooLarge)
			return
		}
		last := 1
		for _, r := range p.Rows {
			if r.Line <= last {
				t.Fatalf("row %d follows row %d", r.Line, last)
			}
			last = r.Line
		}
	})
}

// counts returns how many signals and audit entries db holds.
func counts(t testing.TB, db *store.DB) (signals, entries int) {
	ctx := context.Background()
	_, signals, err := db.Signals().List(ctx, signal.Filter{Paging: risk.Paging{Limit: 1}})
	if err != nil {
		t.Fatal(err)
	}
	_, entries, err = db.Audit().List(ctx, audit.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return signals, entries
}

// FuzzImport imports files into one SQLite database per fuzzing process:
// a refused import writes no signal and no audit entry, and its problems
// name rows of the file; an accepted one accounts for every row, adding a
// signal and an entry for each row it created.
func FuzzImport(f *testing.F) {
	for _, s := range importSeeds(f) {
		f.Add(s)
	}
	db := storetest.Open(f, "sqlite")
	svc := service(f, db)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := signal.ParseImport(bytes.NewReader(data), tabular.CSV)
		if err != nil {
			return // FuzzParseImport's
		}
		sigs, entries := counts(t, db)
		res, err := svc.Import(context.Background(), officer, p)
		sigs2, entries2 := counts(t, db)
		if err != nil {
			e := risktest.UserError(t, err, risk.ErrInvalid)
			if sigs2 != sigs || entries2 != entries {
				t.Fatalf("refused import (%v) wrote %d signals and %d audit entries", err, sigs2-sigs, entries2-entries)
			}
			for _, d := range e.Details {
				if d.Row < 2 || d.Field == "" || !strings.Contains(d.Message, " / ") {
					t.Fatalf("problem %+v: want a data row, a field and a bilingual message", d)
				}
			}
			return
		}
		if res.Rows != len(p.Rows) || res.Created+res.Existing != res.Rows || len(res.Errors) > 0 {
			t.Fatalf("accepted import of %d rows: %+v", len(p.Rows), res)
		}
		if sigs2-sigs != res.Created || entries2-entries != res.Created {
			t.Fatalf("import created %d, but wrote %d signals and %d audit entries", res.Created, sigs2-sigs, entries2-entries)
		}
	})
}
