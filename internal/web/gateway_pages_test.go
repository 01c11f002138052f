package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"riskgate/internal/store/storetest"
)

// TestGatewayPages: the firm answers its 通告 on the page (a missing
// action refused at its input), adds a PDF, the issuing officer asks for
// more and the firm sees why; the firm declares its standards (a bad
// number refused) and an officer accepts the declaration.
func TestGatewayPages(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	pinClock(db)
	e := newEnv(t, db)
	_, me := e.api("GET", "/api/v1/me", e.token("enterprise"), nil)
	notice := strconv.Itoa(issueNotice(t, e, int(me["enterprise_id"].(float64))))
	firm := e.browser()
	firm.login("enterprise", password("enterprise"))
	if _, page := firm.get("/inbox"); !strings.Contains(page, "/warnings/"+notice+"/answer") {
		t.Fatal("the inbox does not offer to answer the 通告")
	}
	firm.get("/warnings/" + notice + "/answer")
	resp, page := firm.post("/warnings/"+notice+"/answer", url.Values{"csrf": {firm.csrf}, "completed_on": {"2026-11-30"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "整改措施") {
		t.Fatalf("an answer without actions: %d", resp.StatusCode)
	}
	resp, _ = firm.post("/warnings/"+notice+"/answer", url.Values{"csrf": {firm.csrf}, "actions": {"召回在途批次，更换发射筒粘接工艺"}, "completed_on": {"2026-11-30"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", resp.StatusCode)
	}
	loc := strings.TrimSuffix(resp.Header.Get("Location"), "?saved=1")
	firm.get(loc)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", firm.csrf)
	fw, _ := mw.CreateFormFile("file", "整改报告.pdf")
	fw.Write([]byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+loc+"/attachments", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := firm.c.Do(req)
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %v %v", resp, err)
	}
	off := e.browser()
	off.login("officer", password("officer"))
	_, page = off.get(loc)
	if !strings.Contains(page, "整改报告.pdf") || !strings.Contains(page, "要求补充材料") {
		t.Fatalf("the officer's view lacks the file or the review")
	}
	resp, _ = off.post(loc, url.Values{"csrf": {off.csrf}, "form": {"review"}, "rev": {revOf(page)}, "action": {"request_more"}, "reason": {"请补充检测报告"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask for more: %d", resp.StatusCode)
	}
	if _, page = firm.get(loc); !strings.Contains(page, "请补充检测报告") || !strings.Contains(page, "重新提交") {
		t.Fatal("the firm does not see why, or how to resubmit")
	}
	if _, page = off.get("/warnings/" + notice); !strings.Contains(page, `href="`+loc+`"`) || !strings.Contains(page, "需补充材料") {
		t.Fatal("the 通告's page does not list the firm's answer")
	}

	firm.get("/self-declarations")
	resp, page = firm.post("/self-declarations", url.Values{"csrf": {firm.csrf}, "product_name": {"组合烟花"}, "standards": {"GB 10631 烟花爆竹"}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "执行标准") {
		t.Fatalf("a bad standard number: %d", resp.StatusCode)
	}
	resp, _ = firm.post("/self-declarations", url.Values{"csrf": {firm.csrf}, "product_name": {"组合烟花"}, "standards": {"GB 10631-2013 烟花爆竹 安全与质量\nGB/T 2828.1-2012 计数抽样检验程序"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("declare: %d", resp.StatusCode)
	}
	dloc := strings.TrimSuffix(resp.Header.Get("Location"), "?saved=1")
	_, page = off.get(dloc)
	if !strings.Contains(page, "GB/T 2828.1-2012") || !strings.Contains(page, "认可") {
		t.Fatal("the officer's view of the declaration")
	}
	resp, _ = off.post(dloc, url.Values{"csrf": {off.csrf}, "rev": {revOf(page)}, "action": {"accept"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
}

// revOf is the revision a page's form carries.
func revOf(page string) string {
	_, rest, _ := strings.Cut(page, `name="rev" value="`)
	v, _, _ := strings.Cut(rest, `"`)
	return v
}
