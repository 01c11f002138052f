package web_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"riskgate/internal/risk"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"riskgate/internal/store/storetest"
)

// decisionWordRE finds a decision badge in words (the demo's measures
// sample lighters for lab tests, so the decision of a lighter line varies).
var decisionWordRE = regexp.MustCompile(`class="badge decision-[a-z_]+">(单证审核|查验|抽样检测|扣留|销毁|拒绝入境/出境、退运)<`)

// codeRE finds the port, trade mode and decision codes standing alone
// (declaration numbers such as 4900202610… contain the port's digits).
var codeRE = regexp.MustCompile(`\b(4900|4908|0110|document_check|lab_test)\b`)

// pageText is a page's visible text as the code crawler reads it.
func pageText(t *testing.T, page string) string { return strings.Join(visibleText(t, page), " ") }

// upload posts a file to an upload form of the browser's session.
func (b *browser) upload(path, name string, file []byte) (int, string) {
	b.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("csrf", b.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(file)
	mw.Close()
	resp, err := b.c.Post(b.e.ts.URL+path, mw.FormDataContentType(), &buf)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(out)
}

// TestScreeningForm screens one declaration from the form: errors keep
// what was typed and mark the field; lines are added without JavaScript;
// the decision page shows the port, the parties and the countries by name.
func TestScreeningForm(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	firm := validUSCC(t, "91430100MA4L1A2B3") // 湖南湘江烟花进出口有限公司, in the demo register
	b := e.browser()
	b.login("inspector", password("inspector"))
	resp, page := b.get("/declarations/screen")
	if resp.StatusCode != 200 || !strings.Contains(page, `<option value="4900" selected>长沙海关</option>`) || !strings.Contains(page, "一般贸易") ||
		!strings.Contains(page, `name="lines[2].hs_code"`) || strings.Contains(page, `name="lines[3].hs_code"`) {
		t.Fatalf("form: %d\n%s", resp.StatusCode, page)
	}
	declared := time.Now().Add(time.Minute).In(risk.China).Format("2006-01-02T15:04")
	form := url.Values{"csrf": {b.csrf}, "number": {"F-1"}, "direction": {"export"}, "declared_at": {declared}, "port": {"4900"},
		"trade_mode": {"0110"}, "consignor_uscc": {firm}, "line_count": {"3"},
		"lines[0].hs_code": {"96138"}, "lines[0].name": {"骰子造型打火机"}, "lines[0].origin": {"CN"}, "lines[0].destination": {"DE"},
		"lines[0].quantity": {"1000"}, "lines[0].unit": {"个"}}
	// A bad HS code: the form comes back with what was typed, the field marked.
	resp, page = b.post("/declarations/screen", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, `value="96138"`) || !strings.Contains(page, `value="骰子造型打火机"`) ||
		!regexp.MustCompile(`class="field error"><label for="lines\[0\]\.hs_code">`).MatchString(page) || !strings.Contains(page, "湖南湘江烟花进出口有限公司") {
		t.Fatalf("bad HS code: %d\n%s", resp.StatusCode, page)
	}
	// Adding a line without JavaScript keeps the lines typed.
	form.Set("action", "add")
	resp, page = b.post("/declarations/screen", form)
	if resp.StatusCode != 200 || !strings.Contains(page, `name="lines[3].hs_code"`) || !strings.Contains(page, `value="骰子造型打火机"`) {
		t.Fatalf("add a line: %d", resp.StatusCode)
	}
	// Removing a line without JavaScript drops that line only.
	form.Set("action", "remove:1")
	form.Set("lines[1].name", "陶瓷餐具")
	resp, page = b.post("/declarations/screen", form)
	if resp.StatusCode != 200 || strings.Contains(page, `value="陶瓷餐具"`) || !strings.Contains(page, `value="骰子造型打火机"`) {
		t.Fatalf("remove a line: %d", resp.StatusCode)
	}
	form.Del("lines[1].name")
	// An unknown port is refused naming the port.
	form.Set("action", "screen")
	form.Set("lines[0].hs_code", "9613800000")
	form.Set("port", "4999")
	resp, page = b.post("/declarations/screen", form)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "不在口岸目录") {
		t.Fatalf("unknown port: %d", resp.StatusCode)
	}
	form.Set("port", "4900")
	resp, _ = b.post("/declarations/screen", form)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/declarations/F-1?screened=1" {
		t.Fatalf("screen: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, page = b.get("/declarations/F-1?screened=1")
	text := pageText(t, page)
	if !decisionWordRE.MatchString(page) {
		t.Errorf("decision page shows no decision in words")
	}
	for _, want := range []string{"筛查完成", "长沙海关", "一般贸易", "湖南湘江烟花进出口有限公司", "中国", "德国", "湘关预警〔2026〕1号", "尚未录入结果"} {
		if !strings.Contains(text, want) {
			t.Errorf("decision page lacks %q", want)
		}
	}
	if resp.StatusCode != 200 || codeRE.MatchString(text) {
		t.Fatalf("decision page shows codes: %d\n%s", resp.StatusCode, text)
	}
	// The queue names the port and the consignor, in English too.
	b.get("/lang/en?next=/declarations")
	_, page = b.get("/declarations")
	text = pageText(t, page)
	if !strings.Contains(text, "F-1") || !strings.Contains(text, "Changsha Customs") || !strings.Contains(text, "Hunan Xiangjiang Fireworks") || codeRE.MatchString(text) {
		t.Fatalf("queue:\n%s", text)
	}
	// Officers screen too; enterprises may not.
	o := e.browser()
	o.login("officer", password("officer"))
	if resp, _ := o.get("/declarations/screen"); resp.StatusCode != 200 {
		t.Fatalf("officer: %d", resp.StatusCode)
	}
	en := e.browser()
	en.login("enterprise", password("enterprise"))
	if resp, _ := en.get("/declarations/screen"); resp.StatusCode != http.StatusForbidden {
		t.Fatalf("enterprise: %d", resp.StatusCode)
	}
}

func jsonlDecl(number, hs, origin string) string {
	return fmt.Sprintf(`{"number": %q, "direction": "export", "port": "4900", "declared_at": %q, "trade_mode": "0110", "lines": [{"hs_code": %q, "name": "一次性打火机", "origin": %q, "destination": "DE"}]}`,
		number, time.Now().Add(time.Minute).Format(time.RFC3339), hs, origin)
}

// xlsxBatch writes a batch file with the template's headings.
func xlsxBatch(t *testing.T, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	head := []string{"报关单号 Declaration number", "进出口 Direction", "申报时间 Declared at", "口岸 Port", "贸易方式 Trade mode",
		"商品编码 HS code", "商品名称 Product name", "原产国 Origin", "目的国 Destination"}
	for r, row := range append([][]string{head}, rows...) {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			f.SetCellStr("Sheet1", cell, v)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestBatchScreening screens JSONL and XLSX uploads all or nothing: a bad
// row stops the batch, names the row and writes nothing; a good batch is
// screened; the template screens as it is; the limits are the API's.
func TestBatchScreening(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp := e.token("inspector")
	b := e.browser()
	b.login("inspector", password("inspector"))
	resp, page := b.get("/declarations/import")
	if resp.StatusCode != 200 || !strings.Contains(page, "data-upload-progress") || !strings.Contains(page, "/declarations/import/template.xlsx") {
		t.Fatalf("batch page: %d", resp.StatusCode)
	}
	// JSONL: line 3 has a bad HS code; nothing is written.
	jsonl := jsonlDecl("B-1", "9613800000", "CN") + "\n\n" + jsonlDecl("B-2", "96", "CN") + "\n"
	code, page := b.upload("/declarations/import", "batch.jsonl", []byte(jsonl))
	if code != http.StatusBadRequest || !regexp.MustCompile(`<td class="num">3</td><td>lines\[0\]\.hs_code</td>`).MatchString(page) || !strings.Contains(page, "未写入任何数据") {
		t.Fatalf("bad JSONL: %d\n%s", code, page)
	}
	if code, _ := e.api("GET", "/api/v1/declarations/B-1", insp, nil); code != http.StatusNotFound {
		t.Fatalf("a rejected batch stored B-1: %d", code)
	}
	// A line that is no declaration object is named by its line.
	code, page = b.upload("/declarations/import", "batch.jsonl", []byte(jsonlDecl("B-1", "9613800000", "CN")+"\n"+`{"number": "B-3", "colour": "red"}`+"\n"))
	if code != http.StatusBadRequest || !regexp.MustCompile(`<td class="num">2</td><td>colour</td>`).MatchString(page) {
		t.Fatalf("unknown field: %d\n%s", code, page)
	}
	// XLSX: rows 2–3 are B-10's lines, row 4 B-11's with an unknown origin.
	at := time.Now().Add(time.Minute).In(risk.China).Format("2006-01-02 15:04")
	rows := [][]string{
		{"B-10", "出口", at, "长沙海关", "一般贸易", "9613800000", "骰子造型打火机", "中国", "德国"},
		{"B-10", "", "", "", "", "6911101000", "陶瓷餐具", "CN", "DE"},
		{"B-11", "export", at, "4900", "0110", "9613800000", "一次性打火机", "XX", "DE"},
	}
	code, page = b.upload("/declarations/import", "batch.xlsx", xlsxBatch(t, rows))
	if code != http.StatusBadRequest || !regexp.MustCompile(`<td class="num">4</td><td>原产国 Origin</td>`).MatchString(page) {
		t.Fatalf("bad XLSX: %d\n%s", code, page)
	}
	if code, _ := e.api("GET", "/api/v1/declarations/B-10", insp, nil); code != http.StatusNotFound {
		t.Fatalf("a rejected batch stored B-10: %d", code)
	}
	rows[2][7] = "中国"
	code, page = b.upload("/declarations/import", "batch.xlsx", xlsxBatch(t, rows))
	if code != 200 || !strings.Contains(page, "2 份报关单，3 行商品") || !strings.Contains(page, `href="/declarations/B-11"`) || !decisionWordRE.MatchString(page) {
		t.Fatalf("good XLSX: %d\n%s", code, page)
	}
	code, body := e.api("GET", "/api/v1/declarations/B-10", insp, nil)
	if d, _ := body["declaration"].(map[string]any); code != 200 || d["port"] != "4900" || d["trade_mode"] != "0110" || len(d["lines"].([]any)) != 2 {
		t.Fatalf("B-10 as stored: %d %v", code, body)
	}
	// The template, filled in with its example, screens as it is.
	resp, err := b.c.Get(e.ts.URL + "/declarations/import/template.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	tpl, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if code, page := b.upload("/declarations/import", "template.xlsx", tpl); code != 200 || !strings.Contains(page, "EX-2026-000001") {
		t.Fatalf("the template: %d\n%s", code, page)
	}
	// More declarations than the API takes at once: 413.
	var many strings.Builder
	for i := range 1001 {
		many.WriteString(jsonlDecl(fmt.Sprintf("M-%d", i), "9613800000", "CN") + "\n")
	}
	if code, page := b.upload("/declarations/import", "many.jsonl", []byte(many.String())); code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "1000") {
		t.Fatalf("1,001 declarations: %d", code)
	}
	// A file over the API's body limit: 413.
	big := bytes.Repeat([]byte(" "), 33<<20)
	if code, page := b.upload("/declarations/import", "big.jsonl", big); code != http.StatusRequestEntityTooLarge || !strings.Contains(page, "32 MiB") {
		t.Fatalf("33 MiB: %d", code)
	}
}

// TestLineResultCorrection records a line's result once, refuses a second
// one, and changes it only by a correction with a reason, over the API and
// the page; the earlier result stays visible as history.
func TestLineResultCorrection(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp := e.token("inspector")
	if code, body := e.api("POST", "/api/v1/declarations/screen", insp, jsonlDecl("C-1", "9613800000", "CN")); code != 200 {
		t.Fatalf("screen: %d %v", code, body)
	}
	path := "/api/v1/declarations/C-1/lines/0/"
	code, first := e.api("POST", path+"result", insp, map[string]any{"result": "pass"})
	if code != http.StatusCreated || first["declaration_ref"] != "C-1#0" {
		t.Fatalf("record: %d %v", code, first)
	}
	if code, again := e.api("POST", path+"result", insp, map[string]any{"result": "pass"}); code != 200 || again["id"] != first["id"] {
		t.Fatalf("the same result again: %d %v", code, again)
	}
	code, body := e.api("POST", path+"result", insp, map[string]any{"result": "fail", "findings": "无防止儿童开启装置"})
	if code != http.StatusConflict || errField(body) != "result" {
		t.Fatalf("a second, different result: %d %v", code, body)
	}
	if code, body := e.api("POST", path+"corrections", insp, map[string]any{"result": "fail", "findings": "无防止儿童开启装置", "corrects": first["id"]}); code != 400 || errField(body) != "reason" {
		t.Fatalf("a correction without a reason: %d %v", code, body)
	}
	if code, _ := e.api("POST", path+"corrections", e.token("officer"), map[string]any{"result": "fail", "findings": "x", "reason": "复核"}); code != http.StatusForbidden {
		t.Fatalf("an officer corrects: %d", code)
	}
	code, fixed := e.api("POST", path+"corrections", insp, map[string]any{"result": "fail", "findings": "无防止儿童开启装置", "corrects": first["id"], "reason": "复核样品发现儿童安全锁缺失"})
	if code != http.StatusCreated || fixed["supersedes"] != first["id"] {
		t.Fatalf("correction: %d %v", code, fixed)
	}
	if code, _ := e.api("POST", "/api/v1/declarations/C-1/lines/5/result", insp, map[string]any{"result": "pass"}); code != http.StatusNotFound {
		t.Fatalf("a line the declaration lacks: %d", code)
	}
	code, body = e.api("GET", "/api/v1/declarations/C-1/results", insp, nil)
	items, _ := body["items"].([]any)
	if code != 200 || len(items) != 2 || items[0].(map[string]any)["superseded_by"] != fixed["id"] || items[1].(map[string]any)["line"] != float64(0) {
		t.Fatalf("results: %d %v", code, body)
	}
	// The page shows both, the correction with its reason, in words.
	b := e.browser()
	b.login("inspector", password("inspector"))
	_, page := b.get("/declarations/C-1")
	text := pageText(t, page)
	for _, want := range []string{"合格", "不合格", "已被更正", "现行", "复核样品发现儿童安全锁缺失", "口岸查验"} {
		if !strings.Contains(text, want) {
			t.Errorf("declaration page lacks %q", want)
		}
	}
	if strings.Contains(text, ">pass<") || regexp.MustCompile(`\b(pass|fail|lab_test)\b`).MatchString(text) {
		t.Errorf("declaration page shows result codes:\n%s", text)
	}
	// Recording again from the page is refused with a message; correcting works.
	resp, _ := b.post("/declarations/C-1/lines/0/result", url.Values{"csrf": {b.csrf}, "kind": {"inspection"}, "result": {"pass"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second record from the page: %d", resp.StatusCode)
	}
	if _, page = b.get("/declarations/C-1"); !strings.Contains(page, `class="flash err"`) || !strings.Contains(page, "请提交更正") {
		t.Fatalf("the refusal is not shown")
	}
	resp, _ = b.post("/declarations/C-1/lines/0/correction", url.Values{"csrf": {b.csrf}, "kind": {"inspection"}, "result": {"pass"},
		"corrects": {fmt.Sprint(fixed["id"])}, "reason": {"实验室复检合格"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction from the page: %d", resp.StatusCode)
	}
	_, page = b.get("/declarations/C-1")
	if strings.Contains(page, `class="flash err"`) || !strings.Contains(page, "实验室复检合格") {
		t.Fatalf("correction from the page not shown:\n%s", page)
	}
	code, body = e.api("GET", "/api/v1/audit?action=inspection.correct", e.token("admin"), nil)
	if code != 200 || len(body["items"].([]any)) != 2 {
		t.Fatalf("audited corrections: %d %v", code, body)
	}
}
