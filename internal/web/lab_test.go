package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"riskgate/internal/risk"

	"riskgate/internal/store/storetest"
)

// TestLabHTTP walks the contract of issue 17 over HTTP on both engines:
// a lab registered answers {id, status, grade}; a report answers {id,
// valid_until}; twenty agreeing cross-checks keep the top grade; half of
// twenty in disagreement suspend; each bad input of the issue is a 400
// naming the field and writes nothing.
func TestLabHTTP(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			e := newEnv(t, storetest.Open(t, engine))
			officer, inspector, admin := e.token("officer"), e.token("inspector"), e.token("admin")
			register := func(uscc string) string {
				t.Helper()
				code, b := e.api("POST", "/api/v1/labs", officer, map[string]any{"name": "检测机构 " + uscc, "uscc": uscc,
					"accreditations": []any{map[string]any{"scheme": "CNAS", "number": "CNAS L" + uscc[14:], "valid_until": "2099-12-31"}},
					"scopes":         []any{map[string]any{"hs_prefix": "6109", "test_item": "甲醛含量"}}})
				if code != 201 || b["status"] != "accepted" || b["grade"] != "A" || b["id"] == nil {
					t.Fatalf("register: %d %v", code, b)
				}
				return fmt.Sprint(b["id"])
			}
			audits := func() float64 {
				_, b := e.api("GET", "/api/v1/audit?limit=1", admin, nil)
				n, _ := b["total"].(float64)
				return n
			}
			good, bad := register("91512081MA62K0260E"), register("91350100M000100Y43")
			report := func(lab, number string) (int, map[string]any) {
				return e.api("POST", "/api/v1/labs/"+lab+"/reports", officer, map[string]any{"number": number, "issued_on": "2026-11-20",
					"hs_code": "6109100010", "test_item": "甲醛含量", "conclusion": "pass"})
			}
			code, r := report(good, "G-1")
			if code != 201 || r["id"] == nil || r["valid_until"] != "2027-11-19" {
				t.Fatalf("report: %d %v", code, r)
			}
			gr := r["id"]
			n0 := audits()
			for _, c := range []struct {
				name, path string
				body       map[string]any
				field      string
			}{
				{"accreditation without a number", "/api/v1/labs", map[string]any{"name": "x", "uscc": "91430104MA4XJ88016",
					"accreditations": []any{map[string]any{"scheme": "CNAS", "valid_until": "2099-12-31"}}, "scopes": []any{map[string]any{"hs_prefix": "61", "test_item": "x"}}}, "accreditations[0].number"},
				{"duplicate number", "/api/v1/labs/" + good + "/reports", map[string]any{"number": "G-1", "issued_on": "2026-11-20", "hs_code": "6109100010", "test_item": "甲醛含量", "conclusion": "pass"}, "number"},
				{"outside the scope", "/api/v1/labs/" + good + "/reports", map[string]any{"number": "G-2", "issued_on": "2026-11-20", "hs_code": "9503000000", "test_item": "甲醛含量", "conclusion": "pass"}, "test_item"},
				{"cross-check of no report", "/api/v1/labs/" + good + "/crosschecks", map[string]any{"report_id": 999999, "customs_result": "pass"}, "report_id"},
				{"bad customs result", "/api/v1/labs/" + good + "/crosschecks", map[string]any{"report_id": gr, "customs_result": "ok"}, "customs_result"},
			} {
				if code, b := e.api("POST", c.path, officer, c.body); code != 400 || errField(b) != c.field {
					t.Errorf("%s: %d %v, want 400 naming %s", c.name, code, b, c.field)
				}
			}
			if audits() != n0 {
				t.Fatal("refused input was written")
			}
			for range 20 {
				if code, b := e.api("POST", "/api/v1/labs/"+good+"/crosschecks", inspector, map[string]any{"report_id": gr, "customs_result": "pass"}); code != 201 || b["agree"] != true {
					t.Fatalf("agreeing cross-check: %d %v", code, b)
				}
			}
			if _, b := e.api("GET", "/api/v1/labs/"+good, officer, nil); b["grade"] != "A" || b["status"] != "accepted" || fmt.Sprint(b["crosschecks"]) != "map[agree:20 total:20]" {
				t.Errorf("after twenty agreements: %v", b)
			}
			_, br := report(bad, "B-1")
			for i := range 20 {
				res := "pass"
				if i < 10 {
					res = "fail"
				}
				if code, b := e.api("POST", "/api/v1/labs/"+bad+"/crosschecks", inspector, map[string]any{"report_id": br["id"], "customs_result": res}); code != 201 {
					t.Fatalf("cross-check: %d %v", code, b)
				}
			}
			if _, b := e.api("GET", "/api/v1/labs/"+bad, officer, nil); b["status"] != "suspended" || fmt.Sprint(b["crosschecks"]) != "map[agree:10 total:20]" {
				t.Errorf("after half of twenty in disagreement: %v", b)
			}
			if _, b := e.api("GET", "/api/v1/lab-reports/"+fmt.Sprint(br["id"]), officer, nil); b["standing"] != "lab_not_accepted" {
				t.Errorf("a suspended lab's report: %v", b)
			}
			n0 = audits()
			if code, b := report(bad, "B-2"); code != 400 || errField(b) != "status" {
				t.Errorf("report after suspension: %d %v", code, b)
			}
			if audits() != n0 {
				t.Fatal("a refused report was written")
			}
			if _, b := e.api("GET", "/api/v1/labs/"+bad+"/changes", officer, nil); b["total"] == float64(0) {
				t.Errorf("no change recorded: %v", b)
			}

			// The register entry is edited under its revision: a scope item
			// added takes reports at once; the USCC stays; a stale revision
			// and bad input are refused and write nothing.
			_, l := e.api("GET", "/api/v1/labs/"+good, officer, nil)
			edit := map[string]any{"name": "检测机构（更名）", "rev": l["rev"],
				"accreditations": []any{map[string]any{"scheme": "CNAS", "number": "CNAS L0260E", "valid_until": "2099-12-31"}},
				"scopes":         []any{map[string]any{"hs_prefix": "6109", "test_item": "甲醛含量"}, map[string]any{"hs_prefix": "6110", "test_item": "pH值"}}}
			n0 = audits()
			for _, c := range []struct {
				name  string
				patch map[string]any
				code  int
				field string
			}{
				{"another USCC", map[string]any{"uscc": "91350100M000100Y43"}, 400, "uscc"},
				{"accreditation without a number", map[string]any{"accreditations": []any{map[string]any{"scheme": "CNAS", "valid_until": "2099-12-31"}}}, 400, "accreditations[0].number"},
				{"stale revision", map[string]any{"rev": 1}, 409, "rev"},
			} {
				body := map[string]any{}
				for k, v := range edit {
					body[k] = v
				}
				for k, v := range c.patch {
					body[k] = v
				}
				if code, b := e.api("PUT", "/api/v1/labs/"+good, officer, body); code != c.code || errField(b) != c.field {
					t.Errorf("%s: %d %v, want %d naming %s", c.name, code, b, c.code, c.field)
				}
			}
			if audits() != n0 {
				t.Fatal("a refused edit was written")
			}
			if code, b := e.api("PUT", "/api/v1/labs/"+good, inspector, edit); code != 403 {
				t.Errorf("an inspector edited a laboratory: %d %v", code, b)
			}
			code, b := e.api("PUT", "/api/v1/labs/"+good, officer, edit)
			if code != 200 || b["name"] != "检测机构（更名）" || b["uscc"] != "91512081MA62K0260E" || b["status"] != "accepted" {
				t.Fatalf("edit: %d %v", code, b)
			}
			if code, b := e.api("POST", "/api/v1/labs/"+good+"/reports", officer, map[string]any{"number": "G-9", "issued_on": "2026-11-20",
				"hs_code": "6110200000", "test_item": "pH值", "conclusion": "pass"}); code != 201 {
				t.Errorf("report in the added scope: %d %v", code, b)
			}
		})
	}
}

// TestLabNotices: a laboratory's users are reminded before an accreditation
// expires (once per accreditation and date) and told of each change of
// its grade or status; the workbench counts the accreditations expiring.
func TestLabNotices(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db) // 2026-12-01
	e := newEnv(t, db)
	ctx := context.Background()
	officer, labTok := e.token("officer"), e.token("lab")
	_, own := e.api("GET", "/api/v1/labs", labTok, nil)
	l := own["items"].([]any)[0].(map[string]any)
	id := fmt.Sprint(l["id"])
	code, b := e.api("PUT", "/api/v1/labs/"+id, officer, map[string]any{"name": l["name"], "rev": l["rev"],
		"accreditations": []any{map[string]any{"scheme": "CNAS", "number": "CNAS L0001", "valid_until": "2028-12-31"},
			map[string]any{"scheme": "CMA", "number": "CMA 2019001", "valid_until": "2026-12-21"}},
		"scopes": []any{map[string]any{"hs_prefix": "9503", "test_item": "可迁移元素", "accreditation": "CMA 2019001"}}})
	if code != 200 {
		t.Fatalf("edit: %d %v", code, b)
	}
	if n := benchCount(t, e, officer, "lab-accreditations-expiring"); n != 1 {
		t.Errorf("the officer's workbench counts %d expiring accreditations", n)
	}
	if n := benchCount(t, e, labTok, "lab-accreditations-expiring"); n != 1 {
		t.Errorf("the laboratory's workbench counts %d expiring accreditations", n)
	}
	run := func() int {
		t.Helper()
		n, err := e.app.Reminders.Run(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	mine := func(stage string) []string {
		_, list := e.api("GET", "/api/v1/reminders", labTok, nil)
		var out []string
		for _, it := range list["items"].([]any) {
			if m := it.(map[string]any); m["stage"] == stage {
				out = append(out, m["subject"].(string))
			}
		}
		return out
	}
	run()
	if got := mine("due_soon"); len(got) != 1 || !strings.Contains(got[0], "资质 CMA 2019001 将于 2026-12-21 到期") {
		t.Fatalf("the laboratory's reminders: %v", got)
	}
	if n := run(); n != 0 {
		t.Errorf("a second run wrote %d reminders", n)
	}
	if code, b := e.api("POST", "/api/v1/labs/"+id+"/status", officer, map[string]any{"action": "suspend", "reason": "监督检查发现报告审核记录缺失"}); code != 200 {
		t.Fatalf("suspend: %d %v", code, b)
	}
	run()
	if got := mine("notice"); len(got) != 1 || !strings.Contains(got[0], "已采信）→ A 级（暂停采信）") || !strings.Contains(got[0], "监督检查发现报告审核记录缺失") {
		t.Fatalf("the laboratory's notices: %v", got)
	}
	// Officials are not told of another's laboratory; the officer's own reminders hold none.
	_, list := e.api("GET", "/api/v1/reminders", officer, nil)
	for _, it := range list["items"].([]any) {
		if s := it.(map[string]any)["subject"].(string); strings.Contains(s, "采信") || strings.Contains(s, "资质") {
			t.Errorf("the officer was reminded: %s", s)
		}
	}
}

// TestLabPageForms: the laboratory's user submits a report with its PDF
// from its page (a file that is not a PDF is refused at its input, nothing
// written), the PDF is served with its SHA-256; an inspector records a
// cross-check and an officer suspends the laboratory from the page.
func TestLabPageForms(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	officer := e.token("officer")
	_, own := e.api("GET", "/api/v1/labs", e.token("lab"), nil)
	l := own["items"].([]any)[0].(map[string]any)
	id := fmt.Sprint(l["id"])
	if code, b := e.api("PUT", "/api/v1/labs/"+id, officer, map[string]any{"name": l["name"], "rev": l["rev"],
		"accreditations": []any{map[string]any{"scheme": "CNAS", "number": "CNAS L0001", "valid_until": "2099-12-31"}},
		"scopes":         []any{map[string]any{"hs_prefix": "6911", "test_item": "铅溶出量"}}}); code != 200 {
		t.Fatalf("edit: %d %v", code, b)
	}
	lb := e.browser()
	lb.login("lab", password("lab"))
	resp, page := lb.get("/labs/" + id)
	if resp.StatusCode != 200 || !strings.Contains(page, `id="lab-report-form"`) || strings.Contains(page, `id="lab-status"`) || strings.Contains(page, `id="lab-crosscheck-form"`) {
		t.Fatalf("the laboratory's page: %d", resp.StatusCode)
	}
	today := time.Now().In(risk.China).Format(time.DateOnly)
	submit := func(pdf []byte) (int, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, v := range map[string]string{"csrf": lb.csrf, "number": "HNQI-F-1", "issued_on": today, "hs_code": "6911101100",
			"product": "陶瓷盘", "test_item": "铅溶出量", "result": "0.1", "limit": "0.8", "unit": "mg/dm²", "conclusion": "pass"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("pdf", "report.pdf")
		fw.Write(pdf)
		mw.Close()
		resp, err := lb.c.Post(e.ts.URL+"/labs/"+id+"/reports", mw.FormDataContentType(), &buf)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	if code, page := submit([]byte("GIF89a not a pdf")); code != http.StatusBadRequest || !strings.Contains(page, "上传的文件不是 PDF") || !strings.Contains(page, `value="HNQI-F-1"`) {
		t.Fatalf("a file that is not a PDF: %d", code)
	}
	if _, b := e.api("GET", "/api/v1/lab-reports?number=HNQI-F-1", officer, nil); b["total"] != float64(0) {
		t.Fatalf("a refused report was written: %v", b)
	}
	pdf := []byte("%PDF-1.4\n% riskgate test report\n%%EOF\n")
	if code, _ := submit(pdf); code != http.StatusSeeOther {
		t.Fatalf("submit: %d", code)
	}
	_, list := e.api("GET", "/api/v1/lab-reports?number=HNQI-F-1", officer, nil)
	rep := list["items"].([]any)[0].(map[string]any)
	sum := sha256.Sum256(pdf)
	if rep["pdf_sha256"] != hex.EncodeToString(sum[:]) || rep["has_pdf"] != true {
		t.Fatalf("the report: %v", rep)
	}
	resp, body := lb.get(fmt.Sprintf("/labs/reports/%v/pdf", rep["id"]))
	if resp.StatusCode != 200 || body != string(pdf) || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the PDF: %d %q", resp.StatusCode, body)
	}
	if resp, _ := e.browser().get(fmt.Sprintf("/labs/reports/%v/pdf", rep["id"])); resp.StatusCode == 200 {
		t.Error("the PDF was served without a session")
	}

	ib := e.browser()
	ib.login("inspector", password("inspector"))
	if _, page := ib.get("/labs/" + id); !strings.Contains(page, `id="lab-crosscheck-form"`) || strings.Contains(page, `id="lab-status"`) {
		t.Fatal("the inspector's page lacks the cross-check form")
	}
	resp, _ = ib.post("/labs/"+id+"/crosschecks", url.Values{"csrf": {ib.csrf}, "report_id": {fmt.Sprint(rep["id"])}, "customs_result": {"pass"},
		"item": {"铅溶出量"}, "value": {"0.105"}, "reference": {"长关检 F-1"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("cross-check: %d", resp.StatusCode)
	}
	if _, b := e.api("GET", "/api/v1/labs/"+id, officer, nil); fmt.Sprint(b["crosschecks"]) != "map[agree:1 total:1]" {
		t.Errorf("after the cross-check: %v", b["crosschecks"])
	}

	ob := e.browser()
	ob.login("officer", password("officer"))
	if _, page := ob.get("/labs/" + id); !strings.Contains(page, `id="lab-status"`) || !strings.Contains(page, "暂停采信</button>") {
		t.Fatal("the officer's page lacks the status decision")
	}
	resp, page = ob.post("/labs/"+id+"/status", url.Values{"csrf": {ob.csrf}, "action": {"suspend"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `id="s-reason"`) {
		t.Fatalf("suspension without a reason: %d", resp.StatusCode)
	}
	resp, _ = ob.post("/labs/"+id+"/status", url.Values{"csrf": {ob.csrf}, "action": {"suspend"}, "reason": {"监督检查"}})
	if _, b := e.api("GET", "/api/v1/labs/"+id, officer, nil); resp.StatusCode != http.StatusSeeOther || b["status"] != "suspended" {
		t.Fatalf("suspend: %d %v", resp.StatusCode, b["status"])
	}
	if _, page := lb.get("/labs/" + id); strings.Contains(page, `id="lab-report-form"`) {
		t.Error("a suspended laboratory is offered the report form")
	}
}

// TestLabEntryForm: an officer registers a laboratory from the form (a row
// with a bad field is refused at that row's input, what was typed kept,
// nothing written; blank rows are left out; "more rows" adds rows) and
// edits its entry; an inspector may do neither.
func TestLabEntryForm(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	ib := e.browser()
	ib.login("inspector", password("inspector"))
	if resp, _ := ib.get("/labs/new"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an inspector opened the registration form: %d", resp.StatusCode)
	}
	ob := e.browser()
	ob.login("officer", password("officer"))
	if _, page := ob.get("/labs"); !strings.Contains(page, `href="/labs/new"`) {
		t.Fatal("the register offers no registration")
	}
	resp, page := ob.get("/labs/new")
	if resp.StatusCode != 200 || !strings.Contains(page, `name="scopes[3].hs_prefix"`) || strings.Contains(page, `name="scopes[4].hs_prefix"`) {
		t.Fatalf("the form: %d", resp.StatusCode)
	}
	uscc := validUSCC(t, "91430111MA4PQ8RT2")
	form := url.Values{"csrf": {ob.csrf}, "name": {"湖南湘纺检测技术有限公司"}, "uscc": {uscc}, "status": {"accepted"},
		"accreditations_count": {"2"}, "accreditations[0].scheme": {"CNAS"}, "accreditations[0].number": {"CNAS L5120"},
		"accreditations[0].valid_until": {"2099-09-30"}, "accreditations[1].scheme": {"CMA"},
		"scopes_count": {"4"}, "scopes[0].hs_prefix": {"61"}, "scopes[0].test_item": {"甲醛含量"}, "scopes[0].method": {"GB/T 2912.1-2009"},
		"scopes[2].hs_prefix": {"6x"}, "scopes[2].test_item": {"pH值"}}
	more := url.Values{}
	for k, v := range form {
		more[k] = v
	}
	more.Set("action", "more")
	if resp, page := ob.post("/labs/new", more); resp.StatusCode != 200 || !strings.Contains(page, `name="scopes[7].hs_prefix"`) || !strings.Contains(page, `value="甲醛含量"`) {
		t.Fatalf("more rows: %d", resp.StatusCode)
	}
	resp, page = ob.post("/labs/new", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "采信范围第 2 行HS 编码前缀") || !strings.Contains(page, `id="scopes[1].hs_prefix"`) ||
		!strings.Contains(page, `value="6x"`) {
		t.Fatalf("a bad scope row: %d\n%s", resp.StatusCode, page)
	}
	if _, b := e.api("GET", "/api/v1/labs", e.token("officer"), nil); b["total"] != float64(1) {
		t.Fatalf("a refused registration was written: %v", b["total"])
	}
	form.Set("scopes[2].hs_prefix", "62")
	resp, _ = ob.post("/labs/new", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d", resp.StatusCode)
	}
	loc := resp.Header.Get("Location")
	id := strings.TrimSuffix(strings.TrimPrefix(loc, "/labs/"), "?saved=1")
	_, l := e.api("GET", "/api/v1/labs/"+id, e.token("officer"), nil)
	if l["status"] != "accepted" || len(l["scopes"].([]any)) != 2 || len(l["accreditations"].([]any)) != 1 {
		t.Fatalf("registered: %v", l)
	}
	// Edit: the form comes filled; the name changes, the USCC cannot.
	resp, page = ob.get("/labs/" + id + "/edit")
	if resp.StatusCode != 200 || !strings.Contains(page, `value="CNAS L5120"`) || !strings.Contains(page, `value="GB/T 2912.1-2009"`) {
		t.Fatalf("the edit form: %d", resp.StatusCode)
	}
	form.Set("name", "湖南湘纺检测技术有限公司（更名）")
	form.Set("rev", fmt.Sprint(l["rev"]))
	form.Set("uscc", validUSCC(t, "91430104MA4R2K3L5"))
	if resp, page := ob.post("/labs/"+id+"/edit", form); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "统一社会信用代码不能修改") {
		t.Fatalf("a changed USCC: %d", resp.StatusCode)
	}
	form.Set("uscc", uscc)
	if resp, _ := ob.post("/labs/"+id+"/edit", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", resp.StatusCode)
	}
	if _, l := e.api("GET", "/api/v1/labs/"+id, e.token("officer"), nil); l["name"] != "湖南湘纺检测技术有限公司（更名）" {
		t.Errorf("edited: %v", l["name"])
	}
}
