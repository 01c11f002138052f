package enterprise_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/enterprise"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

var (
	officer  = risk.Actor{UserID: 2, Login: "officer", Dept: "cs-customs", Role: risk.RoleOfficer}
	amr      = risk.Actor{UserID: 3, Login: "amr", Dept: "hn-amr", Role: risk.RoleOfficer}
	approver = risk.Actor{UserID: 4, Login: "approver", Dept: "cs-customs", Role: risk.RoleApprover}
	lab      = risk.Actor{UserID: 5, Login: "lab", Dept: "", Role: risk.RoleLab}
)

func uscc(t testing.TB, body string) string {
	t.Helper()
	u, err := ident.MakeUSCC(body)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func service(t testing.TB, db *store.DB) *enterprise.Service {
	sets, err := catalog.BuiltinSets()
	if err != nil {
		t.Fatal(err)
	}
	return &enterprise.Service{Store: db.Enterprises(), Sets: sets}
}

func valid(t testing.TB, n string) enterprise.Input {
	return enterprise.Input{USCC: uscc(t, "91430100MA4L0000"+n), NameZh: "湖南测试企业" + n, Region: "430100",
		Roles: []string{"exporter"}, ContactEmail: "a" + n + "@example.com"}
}

func TestCreateUpdateAndScope(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		e, err := svc.Create(ctx, officer, valid(t, "1"))
		if err != nil {
			t.Fatal(err)
		}
		if e.ID == 0 || e.CreditTier != "routine" || e.Dept != "cs-customs" || e.Version != 1 {
			t.Fatalf("created %+v", e)
		}
		if _, err := svc.Create(ctx, officer, valid(t, "1")); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("duplicate USCC: %v, want conflict", err)
		}
		if _, err := svc.Create(ctx, approver, valid(t, "2")); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("approver create: %v, want forbidden", err)
		}
		in := valid(t, "1")
		in.CreditTier, in.Version = "advanced", 1
		up, err := svc.Update(ctx, officer, e.ID, in)
		if err != nil || up.Version != 2 || up.CreditTier != "advanced" {
			t.Fatalf("update: %+v, %v", up, err)
		}
		// A second edit from the same stale form is refused.
		if _, err := svc.Update(ctx, officer, e.ID, in); !errors.Is(err, risk.ErrConflict) {
			t.Fatalf("stale update: %v, want conflict", err)
		}
		// Another department may read but not change the record.
		in.Version = 2
		if _, err := svc.Update(ctx, amr, e.ID, in); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("other department update: %v, want forbidden", err)
		}
		if _, err := svc.Get(ctx, amr, e.ID); err != nil {
			t.Fatalf("other department read: %v", err)
		}
		// An enterprise user sees only its own record.
		own := risk.Actor{UserID: 9, Login: "ent", Role: risk.RoleEnterprise, EnterpriseID: e.ID + 100}
		if _, err := svc.Get(ctx, own, e.ID); !errors.Is(err, risk.ErrNotFound) {
			t.Fatalf("enterprise user reading another: %v, want not found", err)
		}
		list, total, err := svc.List(ctx, own, enterprise.Filter{})
		if err != nil || total != 0 || len(list) != 0 {
			t.Fatalf("enterprise user list: %d %v", total, err)
		}
		if _, _, err := svc.List(ctx, lab, enterprise.Filter{}); !errors.Is(err, risk.ErrForbidden) {
			t.Fatalf("lab list: %v, want forbidden", err)
		}
		// Every change left an audit entry, and the chain holds.
		entries, n, err := db.Audit().List(ctx, audit.Filter{Entity: "enterprise", EntityID: e.ID})
		if err != nil || n != 2 || entries[0].Action != "enterprise.update" || !strings.Contains(entries[0].After, "advanced") {
			t.Fatalf("audit: %d entries %+v, %v", n, entries, err)
		}
		if _, err := (&audit.Service{Store: db.Audit()}).Verify(ctx, risk.System); err != nil {
			t.Fatal(err)
		}
	})
}

func TestValidationNamesFields(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		svc := service(t, db)
		in := enterprise.Input{USCC: "91430100MA4L00000X", NameZh: "", Region: "999999", Roles: []string{"pirate"},
			CreditTier: "gold", ContactEmail: "not-an-email"}
		_, err := svc.Create(context.Background(), officer, in)
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("err = %v", err)
		}
		fields := map[string]bool{}
		for _, d := range e.Details {
			fields[d.Field] = true
			if !strings.Contains(d.Message, " / ") {
				t.Errorf("message %q is not bilingual", d.Message)
			}
		}
		for _, f := range []string{"uscc", "name_zh", "region", "roles", "credit_tier", "contact_email"} {
			if !fields[f] {
				t.Errorf("no problem reported for %s (got %v)", f, fields)
			}
		}
		n, _ := db.Enterprises().Count(context.Background())
		if n != 0 {
			t.Fatalf("rejected input wrote %d rows", n)
		}
	})
}

func TestImport(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := service(t, db)
		u1, u2 := uscc(t, "91430100MA4L00011"), uscc(t, "91430100MA4L00012")
		good := "统一社会信用代码 USCC,企业名称 Chinese name,企业角色 Roles,信用等级 Credit tier,行政区划代码 Region code\n" +
			u1 + ",长沙甲公司,进口商;出口商,高级认证企业,430100\n" +
			u2 + ",株洲乙公司,manufacturer,,430200\n"
		p, err := enterprise.Parse(strings.NewReader(good), enterprise.CSV)
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Import(ctx, officer, p)
		if err != nil || res.Created != 2 {
			t.Fatalf("import: %+v, %v", res, err)
		}
		e, err := db.Enterprises().GetByUSCC(ctx, u1)
		if err != nil || e.CreditTier != "advanced" || strings.Join(e.Roles, ",") != "importer,exporter" {
			t.Fatalf("imported %+v, %v", e, err)
		}
		// Importing again changes nothing; a changed row updates.
		p, _ = enterprise.Parse(strings.NewReader(strings.Replace(good, "株洲乙公司", "株洲乙有限公司", 1)), enterprise.CSV)
		res, err = svc.Import(ctx, officer, p)
		if err != nil || res.Created != 0 || res.Updated != 1 || res.Unchanged != 1 {
			t.Fatalf("re-import: %+v, %v", res, err)
		}
		// One bad row rejects the whole file and names row, column and reason.
		bad := good + uscc(t, "91430100MA4L00013") + ",湘潭丙公司,exporter,,430300\n" +
			"91430100MA4L00014X,湘潭丁公司,exporter,,430300\n"
		p, _ = enterprise.Parse(strings.NewReader(bad), enterprise.CSV)
		res, err = svc.Import(ctx, officer, p)
		if !errors.Is(err, risk.ErrInvalid) || len(res.Errors) != 1 {
			t.Fatalf("bad import: %+v, %v", res, err)
		}
		if fe := res.Errors[0]; fe.Row != 5 || fe.Column != "统一社会信用代码 USCC" || fe.Field != "uscc" {
			t.Fatalf("error = %+v, want row 5, USCC column", fe)
		}
		if n, _ := db.Enterprises().Count(ctx); n != 2 {
			t.Fatalf("rejected import left %d enterprises, want 2", n)
		}
		// Unknown headings are refused before any row is read.
		if _, err := enterprise.Parse(strings.NewReader("uscc,name_zh,color\n"), enterprise.CSV); !errors.Is(err, risk.ErrInvalid) {
			t.Fatalf("unknown heading: %v", err)
		}
	})
}

func TestTemplateRoundTrip(t *testing.T) {
	for _, f := range []enterprise.Format{enterprise.CSV, enterprise.XLSX} {
		var buf bytes.Buffer
		var err error
		if f == enterprise.CSV {
			err = enterprise.TemplateCSV(&buf)
		} else {
			err = enterprise.TemplateXLSX(&buf)
		}
		if err != nil {
			t.Fatal(err)
		}
		p, err := enterprise.Parse(&buf, f)
		if err != nil {
			t.Fatalf("%s template: %v", f, err)
		}
		if len(p.Rows) != 1 || p.Rows[0].Input.NameZh == "" {
			t.Fatalf("%s template rows: %+v", f, p.Rows)
		}
		sets, _ := catalog.BuiltinSets()
		var v risk.Validation
		in := p.Rows[0].Input
		in.Roles = []string{"importer", "exporter"}
		in.CreditTier = "routine"
		in.Check(sets, &v)
		if err := v.Err(); err != nil {
			t.Fatalf("%s template example is invalid: %v", f, err)
		}
	}
}

// Rows are numbered as in the file, blank lines included.
func TestImportRowNumbersWithBlankLines(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		svc := service(t, db)
		csv := "统一社会信用代码,企业名称,企业角色\n\n" + uscc(t, "91430100MA4L00021") + ",甲公司,exporter\n\n\n91430100MA4L00022X,乙公司,exporter\n"
		p, err := enterprise.Parse(strings.NewReader(csv), enterprise.CSV)
		if err != nil {
			t.Fatal(err)
		}
		res, err := svc.Import(context.Background(), officer, p)
		if err == nil || len(res.Errors) != 1 || res.Errors[0].Row != 6 {
			t.Fatalf("errors %+v (%v), want one on file line 6", res, err)
		}
		// Control characters that disguise text are refused.
		p, _ = enterprise.Parse(strings.NewReader("统一社会信用代码,企业名称,企业角色\n"+uscc(t, "91430100MA4L00023")+",甲\u202e公司,exporter\n"), enterprise.CSV)
		if res, err := svc.Import(context.Background(), officer, p); err == nil || res.Errors[0].Field != "name_zh" {
			t.Fatalf("U+202E accepted: %+v %v", res, err)
		}
	})
}
