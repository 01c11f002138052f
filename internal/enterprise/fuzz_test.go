package enterprise_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
	"riskgate/internal/risk/risktest"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// importSeeds are enterprise import files: the template, a file of three
// enterprises in 浏阳市, 岳阳楼区 and 资兴市 (region codes of
// shared/data/geo/hunan_counties.csv, NBS 2023; names written by the
// riskgate team, USCCs made valid), and files an import must refuse.
func importSeeds(f *testing.F) [][]byte {
	var tmpl bytes.Buffer
	if err := enterprise.TemplateCSV(&tmpl); err != nil {
		f.Fatal(err)
	}
	seeds := [][]byte{tmpl.Bytes()}
	three := "统一社会信用代码 USCC,企业名称,English name,行政区划代码,企业角色,信用等级,联系电话,电子邮箱\n" +
		uscc(f, "91430181MA4L0F001") + ",浏阳示例烟花厂,Liuyang Example Fireworks Factory,430181,生产商;出口商,高级认证企业,0731-83000000,export@example.com\n" +
		uscc(f, "91430602MA4L0F002") + ",岳阳示例进出口有限公司,,430602,importer,routine,,\n" +
		uscc(f, "91431081MA4L0F003") + ",资兴示例电商,,431081,跨境电商平台、代理商,,+86 735 3300000,\n"
	seeds = append(seeds, []byte(three))
	for _, s := range []string{
		"", "uscc\n", "uscc,name_zh\n91430181MA4L0F001X,甲\n",
		"uscc,name_zh,roles\n" + uscc(f, "91430100MA4L0F004") + ",甲,exporter\n" + uscc(f, "91430100MA4L0F004") + ",乙,exporter\n",
		"uscc,name_zh,roles,region,credit_tier,contact_email\n" + uscc(f, "91430100MA4L0F005") + ",丙,smuggler,999999,platinum,not-an-address\n",
	} {
		seeds = append(seeds, []byte(s))
	}
	return seeds
}

// FuzzParse: a file either parses into rows numbered as the file's rows,
// or is refused with a user error and no rows.
func FuzzParse(f *testing.F) {
	for _, s := range importSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := enterprise.Parse(bytes.NewReader(data), enterprise.CSV)
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

// counts returns how many enterprises and audit entries db holds; every
// write of an import (a creation, an update, the import itself) adds an
// audit entry in its transaction.
func counts(t testing.TB, db *store.DB) (enterprises, entries int) {
	ctx := context.Background()
	enterprises, err := db.Enterprises().Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, entries, err = db.Audit().List(ctx, audit.Filter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return enterprises, entries
}

// FuzzImport imports files into one SQLite database per fuzzing process,
// so that later files update what earlier ones created: a refused import
// writes nothing and names the rows at fault; an accepted one accounts
// for every row and audits each creation and update and the import.
func FuzzImport(f *testing.F) {
	for _, s := range importSeeds(f) {
		f.Add(s)
	}
	db := storetest.Open(f, "sqlite")
	svc := service(f, db)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := enterprise.Parse(bytes.NewReader(data), enterprise.CSV)
		if err != nil {
			return // FuzzParse's
		}
		n, entries := counts(t, db)
		res, err := svc.Import(context.Background(), officer, p)
		n2, entries2 := counts(t, db)
		if err != nil {
			e := risktest.UserError(t, err, risk.ErrInvalid)
			if n2 != n || entries2 != entries {
				t.Fatalf("refused import (%v) wrote %d enterprises and %d audit entries", err, n2-n, entries2-entries)
			}
			for _, d := range e.Details {
				if d.Row < 2 || d.Field == "" || !strings.Contains(d.Message, " / ") {
					t.Fatalf("problem %+v: want a data row, a field and a bilingual message", d)
				}
			}
			return
		}
		if res.Rows != len(p.Rows) || res.Created+res.Updated+res.Unchanged != res.Rows || len(res.Errors) > 0 {
			t.Fatalf("accepted import of %d rows: %+v", len(p.Rows), res)
		}
		if n2-n != res.Created || entries2-entries != res.Created+res.Updated+1 {
			t.Fatalf("import %+v wrote %d enterprises and %d audit entries", res, n2-n, entries2-entries)
		}
	})
}
