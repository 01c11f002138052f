package web_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"riskgate/internal/risk"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/report"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// pdfText extracts a PDF's text with Poppler's pdftotext (scripts/test
// installs poppler-utils; a plain go test without it skips).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("RISKGATE_TEST_POSTGRES") != "" {
			t.Fatal("pdftotext is missing (scripts/test installs poppler-utils)")
		}
		t.Skip("no pdftotext on PATH")
	}
	f := filepath.Join(t.TempDir(), "r.pdf")
	os.WriteFile(f, pdf, 0o600)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func TestReports(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off, insp := e.token("officer"), e.token("inspector")
		// This month's toys: four lots inspected, one failed; an announcement.
		lot := map[string]any{"hs_code": "9503001000", "name": "毛绒玩具熊"}
		for i, res := range []string{"pass", "pass", "fail", "pass"} {
			in := map[string]any{"result": res, "lot": lot, "external_ref": fmt.Sprintf("RPT-%d", i)}
			if res == "fail" {
				in["findings"] = "眼睛脱落，小零件"
			}
			if code, body := e.api("POST", "/api/v1/inspections", insp, in); code != 201 {
				t.Fatalf("inspection: %d %v", code, body)
			}
		}
		issueAnnouncement(t, e, "毛绒玩具小零件风险警示", "眼睛脱落。", "9503")
		month := time.Now().In(risk.China).Format("2006-01")
		if code, body := e.api("POST", "/api/v1/reports", off, map[string]any{"group": "toys", "month": month}); code != 400 || errField(body) != "month" {
			t.Fatalf("a month not yet ended: %d %v", code, body)
		}
		_, next := report.MonthOf(time.Now())
		db.Now = func() time.Time { return next.Add(24 * time.Hour).UTC() } // the month has ended: a day into the next
		code, body := e.api("POST", "/api/v1/reports", off, map[string]any{"group": "toys", "month": month})
		if code != 201 {
			t.Fatalf("generate: %d %v", code, body)
		}
		id := int(body["id"].(float64))
		f := body["figures"].(map[string]any)
		if f["inspections"] != 4.0 || f["passed"] != 3.0 || f["failed"] != 1.0 || f["pass_rate"] != 0.75 || f["warnings_issued"] != 1.0 ||
			f["warnings_in_force"] != 1.0 || !strings.Contains(fmt.Sprint(f["findings"]), "眼睛脱落") {
			t.Fatalf("figures %v", f)
		}
		trend := f["trend"].([]any)
		last := trend[len(trend)-1].(map[string]any)
		if len(trend) != 12 || last["month"] != month || last["inspections"] != 4.0 || last["failed"] != 1.0 || trend[0].(map[string]any)["inspections"] != 0.0 {
			t.Fatalf("trend %v", trend)
		}
		if code, body := e.api("POST", "/api/v1/reports", off, map[string]any{"group": "toys", "month": month}); code != 409 {
			t.Fatalf("again: %d %v", code, body)
		}
		for _, tt := range []struct{ group, month, field string }{{"nope", month, "group"}, {"toys", "2026/11", "month"}} {
			if code, body := e.api("POST", "/api/v1/reports", off, map[string]any{"group": tt.group, "month": tt.month}); code != 400 || errField(body) != tt.field {
				t.Errorf("%v: %d %v", tt, code, body)
			}
		}
		if code, _ := e.api("GET", "/api/v1/reports", "", nil); code != 401 {
			t.Errorf("anonymous list: %d", code)
		}
		if code, _ := e.api("GET", "/api/v1/reports", e.token("enterprise"), nil); code != 403 {
			t.Errorf("enterprise list: %d", code)
		}

		// The page, the PDF and the workbook say the same.
		b := e.browser()
		b.login("officer", password("officer"))
		resp, page := b.get(fmt.Sprintf("/reports/%d", id))
		if resp.StatusCode != 200 || !strings.Contains(page, `id="pass-rate">75.0%`) || !strings.Contains(page, `id="trend-chart"`) {
			t.Fatalf("report page: %d", resp.StatusCode)
		}
		resp, pdf := b.get(fmt.Sprintf("/reports/%d/pdf", id))
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf, "%PDF-") {
			t.Fatalf("pdf: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if !strings.Contains(pdf, "FontFile2") {
			t.Error("the PDF embeds no TrueType font")
		}
		text := pdfText(t, []byte(pdf))
		for _, want := range []string{"玩具质量状况报告（" + month + "）", "75.0%", "眼睛脱落", "毛绒玩具小零件风险警示"} {
			if !strings.Contains(text, want) {
				t.Errorf("PDF text lacks %q:\n%s", want, text)
			}
		}
		if resp, _ := b.get(fmt.Sprintf("/reports/%d/doc", id)); resp.StatusCode != 404 {
			t.Errorf("unknown format: %d", resp.StatusCode)
		}
		resp, xl := b.get(fmt.Sprintf("/reports/%d/xlsx", id))
		if resp.StatusCode != 200 {
			t.Fatalf("xlsx: %d", resp.StatusCode)
		}
		x, err := excelize.OpenReader(bytes.NewReader([]byte(xl)))
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("概况")
		found := false
		for _, r := range rows {
			found = found || len(r) == 2 && r[0] == "合格率 Pass rate" && r[1] == "75.0%"
		}
		if !found {
			t.Fatalf("workbook summary %v", rows)
		}

		// The schedule makes last month's report of every key commodity once.
		n, err := e.app.Reports.Monthly(context.Background())
		if err != nil || n != len(report.KeyGroups)-1 { // toys of that month exists
			t.Fatalf("monthly: %d %v", n, err)
		}
		if n, err := e.app.Reports.Monthly(context.Background()); err != nil || n != 0 {
			t.Fatalf("monthly again: %d %v", n, err)
		}
		if _, body := e.api("GET", "/api/v1/reports", off, nil); len(body["items"].([]any)) != len(report.KeyGroups) {
			t.Fatalf("listed %d reports", len(body["items"].([]any)))
		}
	})
}
