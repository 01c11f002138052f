package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"mime/multipart"
	"net/http"
	"testing"

	"riskgate/internal/auth"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// issueNotice issues a 通告 of the officer's department (长沙海关) to the
// firms addressees and returns its id.
func issueNotice(t *testing.T, e *env, addressees ...int) int {
	t.Helper()
	off, appr := e.token("officer"), e.token("approver")
	cid := approvedCase(t, e)
	code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": "notice", "title": "关于出口组合烟花药量超标的风险警示通告",
		"scope": map[string]any{"hs_prefixes": []string{"3604"}}, "matters": "单发药量超标。", "advice": "自查整改，十个工作日内报送整改报告。",
		"addressees": addressees, "starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00",
		"lifting_conditions": []any{map[string]any{"kind": "consecutive_clean_lots", "n": 3}}})
	if code != 201 {
		t.Fatalf("draft: %d %v", code, body)
	}
	id := int(body["id"].(float64))
	for i, step := range []struct{ token, action string }{{off, "submit"}, {appr, "approve"}, {off, "issue"}} {
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), step.token, map[string]any{"action": step.action, "rev": i + 1}); code != 200 {
			t.Fatalf("%s: %d %v", step.action, code, body)
		}
	}
	return id
}

// uploadFile posts one file as multipart field "file".
func uploadFile(e *env, path, token, name string, data []byte) (int, map[string]any) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	return e.send("POST", path, token, mw.FormDataContentType(), &buf)
}

// TestAnswerContract: a firm answers a 通告 addressed to it with its
// corrective actions and evidence files (type and size checked, SHA-256
// kept); a 通告 to another firm, bad dates, a refused or oversized file
// are refused naming the field with nothing written; the issuing
// department's officers review; asked for more, the firm resubmits; each
// firm sees its own answers only.
func TestAnswerContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		pinClock(db)
		e := newEnv(t, db)
		off, appr, firm := e.token("officer"), e.token("approver"), e.token("enterprise")
		_, me := e.api("GET", "/api/v1/me", firm, nil)
		mine := int(me["enterprise_id"].(float64))
		other, _ := ident.MakeUSCC("91430200MA4M3E4F5")
		ctx := context.Background()
		ent, err := e.app.Enterprises.ByUSCC(ctx, risk.System, other) // the demo's 株洲 exporter
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []auth.NewUser{
			{Login: "firm2", Name: "株洲企业用户", Role: "enterprise", Password: "firm2-demo-2026", EnterpriseUSCC: other},
			{Login: "amr2", Name: "市场监管局干部", Role: "officer", Dept: "hn-amr", Password: "amr2-demo-2026"},
		} {
			if _, err := e.app.Auth.EnsureUser(ctx, risk.System, u); err != nil {
				t.Fatal(err)
			}
		}
		firm2, amr := e.token("firm2"), e.token("amr2")
		notice := issueNotice(t, e, mine)
		theirs := issueNotice(t, e, int(ent.ID))
		path := fmt.Sprintf("/api/v1/warnings/%d/answers", notice)
		good := map[string]any{"cause": "装药称量无复核。", "actions": "增加称量复核工序，召回在途批次复检。", "started_on": "2026-11-29", "completed_on": "2026-11-30"}
		count := func() any {
			_, l := e.api("GET", "/api/v1/answers", off, nil)
			return l["total"]
		}
		for _, c := range []struct {
			name, path, field string
			body              map[string]any
		}{
			{"a notice to another firm", fmt.Sprintf("/api/v1/warnings/%d/answers", theirs), "warning_id", good},
			{"no such warning", "/api/v1/warnings/999999/answers", "warning_id", good},
			{"no actions", path, "actions", map[string]any{"completed_on": "2026-11-30"}},
			{"not a date", path, "completed_on", map[string]any{"actions": "整改。", "completed_on": "30/11/2026"}},
			{"in the future", path, "completed_on", map[string]any{"actions": "整改。", "completed_on": "2027-01-01"}},
			{"completed before started", path, "completed_on", map[string]any{"actions": "整改。", "started_on": "2026-11-30", "completed_on": "2026-11-29"}},
		} {
			code, body := e.api("POST", c.path, firm, c.body)
			if code != http.StatusBadRequest || errField(body) != c.field {
				t.Errorf("%s: %d %v", c.name, code, body)
			}
			if msg := fmt.Sprint(body["error"]); !bytes.Contains([]byte(msg), []byte(" / ")) {
				t.Errorf("%s: message not bilingual: %s", c.name, msg)
			}
		}
		if n := count(); n != 0.0 {
			t.Fatalf("a refused answer was written: %v", n)
		}
		if code, _ := e.api("POST", path, off, good); code != http.StatusForbidden {
			t.Fatalf("an officer answers: %d", code)
		}
		code, a := e.api("POST", path, firm, good)
		if code != http.StatusCreated || a["status"] != "submitted" || a["dept"] != "cs-customs" {
			t.Fatalf("answer: %d %v", code, a)
		}
		id := fmt.Sprint(a["id"])
		if code, _ := e.api("POST", path, firm, good); code != http.StatusConflict {
			t.Fatalf("a second open answer: %d", code)
		}

		// Evidence: type read from the bytes, size limited, SHA-256 kept.
		files := "/api/v1/answers/" + id + "/attachments"
		pdf := []byte("%PDF-1.4\n整改报告\n%%EOF\n")
		for _, c := range []struct {
			name, file string
			data       []byte
			want       int
		}{
			{"a refused type", "run.exe", []byte("MZ\x90\x00"), 400},
			{"a disguised file", "report.pdf", []byte("MZ\x90\x00"), 400},
			{"an empty file", "report.pdf", nil, 400},
			{"too large", "big.pdf", append([]byte("%PDF-"), make([]byte, 10<<20)...), 413},
		} {
			if code, body := uploadFile(e, files, firm, c.file, c.data); code != c.want || errField(body) != "file" {
				t.Errorf("%s: %d %v", c.name, code, body)
			}
		}
		if code, _ := uploadFile(e, files, firm2, "report.pdf", pdf); code != 404 {
			t.Errorf("another firm attaches: %d", code)
		}
		code, f := uploadFile(e, files, firm, "整改报告.pdf", pdf)
		if code != 201 || f["sha256"] != fmt.Sprintf("%x", sha256.Sum256(pdf)) || f["content_type"] != "application/pdf" {
			t.Fatalf("attach: %d %v", code, f)
		}
		_, a = e.api("GET", "/api/v1/answers/"+id, off, nil)
		if atts := a["attachments"].([]any); len(atts) != 1 || a["rev"] != 2.0 {
			t.Fatalf("attachments after refusals: %v", a)
		}
		req, _ := http.NewRequest("GET", e.ts.URL+files+"/"+fmt.Sprint(f["id"]), nil)
		req.Header.Set("Authorization", "Bearer "+off)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("X-Content-SHA256") != f["sha256"] || resp.Header.Get("Content-Type") != "application/octet-stream" {
			t.Fatalf("download: %d %v", resp.StatusCode, resp.Header)
		}

		// Who sees it: the firm and the issuing department, not another
		// firm nor another department (to whom the 通告 itself is 404).
		for _, c := range []struct {
			token string
			total any
			get   int
		}{{firm, 1.0, 200}, {off, 1.0, 200}, {appr, 1.0, 200}, {firm2, nil, 404}, {amr, nil, 404}} {
			_, l := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d/answers", notice), c.token, nil)
			code, _ := e.api("GET", "/api/v1/answers/"+id, c.token, nil)
			if l["total"] != c.total || code != c.get {
				t.Errorf("list %v, get %d; want %v, %d", l["total"], code, c.total, c.get)
			}
		}

		review := func(token, action, reason string, rev any) (int, map[string]any) {
			return e.api("POST", "/api/v1/answers/"+id+"/review", token, map[string]any{"action": action, "reason": reason, "rev": rev})
		}
		for _, c := range []struct {
			token string
			want  int
		}{{appr, 403}, {firm, 403}, {amr, 404}, {firm2, 404}} {
			if code, body := review(c.token, "accept", "", 2); code != c.want {
				t.Errorf("review: %d %v, want %d", code, body, c.want)
			}
		}
		if code, body := review(off, "reject", "", 2); code != 400 || errField(body) != "reason" {
			t.Fatalf("reject without a reason: %d %v", code, body)
		}
		code, a = review(off, "request_more", "请补充整改后批次的检测报告。", 2)
		if code != 200 || a["status"] != "more_requested" || a["outcome"] != "请补充整改后批次的检测报告。" {
			t.Fatalf("ask for more: %d %v", code, a)
		}
		if code, _ := e.api("POST", "/api/v1/answers/"+id+"/resubmit", firm, map[string]any{"actions": "补充检测。", "rev": 2}); code != 409 {
			t.Fatalf("a stale resubmission: %d", code)
		}
		if code, _ := uploadFile(e, files, firm, "检测报告.png", []byte("\x89PNG\r\n\x1a\nxxxx")); code != 201 {
			t.Fatalf("more evidence: %d", code)
		}
		code, a = e.api("POST", "/api/v1/answers/"+id+"/resubmit", firm, map[string]any{"actions": "增加称量复核工序；补充整改后批次检测报告。", "rev": 4})
		if code != 200 || a["status"] != "submitted" || a["completed_on"] != "2026-11-30" || len(a["attachments"].([]any)) != 2 {
			t.Fatalf("resubmit: %d %v", code, a)
		}
		if code, a = review(off, "accept", "", 5); code != 200 || a["status"] != "accepted" {
			t.Fatalf("accept: %d %v", code, a)
		}
		_, mineList := e.api("GET", "/api/v1/answers", firm, nil)
		if mineList["total"] != 1.0 || mineList["items"].([]any)[0].(map[string]any)["status"] != "accepted" {
			t.Fatalf("the firm sees the outcome: %v", mineList)
		}
		if code, _ := uploadFile(e, files, firm, "late.pdf", pdf); code != 403 {
			t.Fatalf("evidence after the review: %d", code)
		}
	})
}

// TestSelfDeclarationContract: a firm declares the standards a product
// implements; a bad standard number, a duplicate and an enterprise
// standard without indicators are refused naming the field with nothing
// written; officers review; a firm sees its own only, officials all.
func TestSelfDeclarationContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off, appr, insp, firm, lab := e.token("officer"), e.token("approver"), e.token("inspector"), e.token("enterprise"), e.token("lab")
		_, before := e.api("GET", "/api/v1/self-declarations", off, nil)
		n0 := before["total"]
		prod := map[string]any{"name": "组合烟花", "model": "36 发", "hs_code": "3604.1000.00"}
		for _, c := range []struct {
			name, field string
			body        map[string]any
		}{
			{"a bad standard number", "standards[1].number", map[string]any{"product": prod, "standards": []any{map[string]any{"number": "GB 10631-2013"}, map[string]any{"number": "国标 10631"}}}},
			{"a duplicate", "standards[1].number", map[string]any{"product": prod, "standards": []any{map[string]any{"number": "GB 10631-2013"}, map[string]any{"number": "gb10631-2013"}}}},
			{"no standard", "standards", map[string]any{"product": prod, "standards": []any{}}},
			{"no product", "product.name", map[string]any{"product": map[string]any{}, "standards": []any{map[string]any{"number": "GB 10631-2013"}}}},
			{"a bad HS code", "product.hs_code", map[string]any{"product": map[string]any{"name": "烟花", "hs_code": "36A4"}, "standards": []any{map[string]any{"number": "GB 10631-2013"}}}},
			{"an enterprise standard without indicators", "indicators", map[string]any{"product": prod, "standards": []any{map[string]any{"number": "Q/LYYH 001-2024"}}}},
		} {
			if code, body := e.api("POST", "/api/v1/self-declarations", firm, c.body); code != 400 || errField(body) != c.field {
				t.Errorf("%s: %d %v", c.name, code, body)
			}
		}
		if _, l := e.api("GET", "/api/v1/self-declarations", off, nil); l["total"] != n0 {
			t.Fatalf("a refused declaration was written: %v", l["total"])
		}
		if code, _ := e.api("POST", "/api/v1/self-declarations", off, map[string]any{"product": prod, "standards": []any{map[string]any{"number": "GB 10631-2013"}}}); code != 403 {
			t.Fatalf("an officer declares: %d", code)
		}
		code, d := e.api("POST", "/api/v1/self-declarations", firm, map[string]any{"product": prod, "indicators": "单发药量 ≤ 25 g。",
			"standards": []any{map[string]any{"number": "GB 10631－2013", "title": "烟花爆竹 安全与质量"}, map[string]any{"number": "Q/LYYH 001-2024"}}})
		if code != 201 || d["status"] != "declared" {
			t.Fatalf("declare: %d %v", code, d)
		}
		sts := d["standards"].([]any)
		if s0 := sts[0].(map[string]any); s0["number"] != "GB 10631-2013" || s0["kind"] != "national" || sts[1].(map[string]any)["kind"] != "enterprise" || d["product"].(map[string]any)["hs_code"] != "3604100000" {
			t.Fatalf("declared as: %v", d)
		}
		id := fmt.Sprint(d["id"])
		for _, c := range []struct {
			token string
			get   int
		}{{firm, 200}, {off, 200}, {appr, 200}, {insp, 200}, {lab, 403}, {"", 401}} {
			if code, _ := e.api("GET", "/api/v1/self-declarations/"+id, c.token, nil); code != c.get {
				t.Errorf("get: %d, want %d", code, c.get)
			}
		}
		review := func(token, action, reason string) (int, map[string]any) {
			return e.api("POST", "/api/v1/self-declarations/"+id+"/review", token, map[string]any{"action": action, "reason": reason, "rev": 1})
		}
		if code, _ := review(appr, "accept", ""); code != 403 {
			t.Fatalf("an approver reviews: %d", code)
		}
		if code, body := review(off, "request_more", "x"); code != 400 || errField(body) != "action" {
			t.Fatalf("ask more of a declaration: %d %v", code, body)
		}
		if code, body := review(off, "reject", ""); code != 400 || errField(body) != "reason" {
			t.Fatalf("reject without reason: %d %v", code, body)
		}
		if code, d = review(off, "reject", "GB 10631-2013 已被 GB 10631-2025 代替。"); code != 200 || d["status"] != "rejected" {
			t.Fatalf("reject: %d %v", code, d)
		}
		if _, l := e.api("GET", "/api/v1/self-declarations?status=rejected", firm, nil); l["total"] != 1.0 {
			t.Fatalf("the firm sees the outcome: %v", l)
		}
	})
}
