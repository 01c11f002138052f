package web_test

import (
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/gongwen"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// pdfLayout extracts a PDF's text with pdftotext -layout (scripts/test
// installs poppler-utils; a plain go test without it skips).
func pdfLayout(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("RISKGATE_TEST_POSTGRES") != "" {
			t.Fatal("pdftotext is missing (scripts/test installs poppler-utils)")
		}
		t.Skip("no pdftotext on PATH")
	}
	f := filepath.Join(t.TempDir(), "d.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", f, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// compact drops the white space pdftotext puts between lines and columns,
// so that text broken across lines reads as one.
func compact(s string) string { return strings.Join(strings.Fields(s), "") }

func TestDocuments(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var mu sync.Mutex
		shift := time.Duration(0)
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return time.Now().UTC().Add(shift) }
		e := newEnv(t, db)
		off, appr, firm := e.token("officer"), e.token("approver"), e.token("enterprise")
		_, me := e.api("GET", "/api/v1/me", firm, nil)
		eid := int(me["enterprise_id"].(float64))
		_, ent := e.api("GET", fmt.Sprintf("/api/v1/enterprises/%d", eid), off, nil)

		// A 通告 to the demo enterprise with measures planned before it is
		// issued, and one planned after (not in the issued document).
		cid := approvedCase(t, e)
		code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": "notice",
			"title": "关于出口烟花燃放时间不合格的风险警示通告", "scope": map[string]any{"hs_prefixes": []string{"360410"}, "keywords": []string{"烟花"},
				"countries": []string{"DE", "US"}, "trade_modes": []string{"0110"}},
			"matters": "部分出口烟花燃放时间过短，存在伤人风险。", "advice": "立即排查在产批次，暂停出口不合格批次。",
			"starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00", "addressees": []int{eid},
			"lifting_conditions": []any{map[string]any{"kind": "consecutive_clean_lots", "n": 5}, map[string]any{"kind": "expires_at"}}})
		if code != 201 {
			t.Fatalf("draft: %d %v", code, body)
		}
		id := int(body["id"].(float64))
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", id), off, map[string]any{"items": []any{
			map[string]any{"type": "raised-lab-test", "rate": 0.3, "supporting": []string{"hn-amr"}}}}); code != 201 {
			t.Fatalf("measures: %d %v", code, body)
		}
		for i, step := range []struct{ token, action string }{{off, "submit"}, {appr, "approve"}, {off, "issue"}} {
			if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), step.token, map[string]any{"action": step.action, "rev": i + 1}); code != 200 {
				t.Fatalf("%s: %d %v", step.action, code, body)
			}
		}
		mu.Lock()
		shift = time.Hour // the next measure is planned an hour after the issue
		mu.Unlock()
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", id), off, map[string]any{"items": []any{
			map[string]any{"type": "suspend-sales"}}}); code != 201 {
			t.Fatalf("later measure: %d %v", code, body)
		}
		_, w := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d", id), off, nil)
		number := w["number"].(string)
		if !regexp.MustCompile(`^湘关预警〔\d{4}〕\d+号$`).MatchString(number) {
			t.Fatalf("number %q", number)
		}
		issued, _ := time.Parse(time.RFC3339, w["issued_at"].(string))
		starts, _ := time.Parse(time.RFC3339, w["starts_at"].(string)) // issuing moves a start in the past to now

		doc := func(path, token string, want int) (string, []byte) {
			t.Helper()
			code, h, pdf := get(t, e.ts.URL+path, token)
			if code != want {
				t.Fatalf("%s: %d, want %d: %.200s", path, code, want, pdf)
			}
			if want != 200 {
				return "", nil
			}
			if h.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(string(pdf), "%PDF-") {
				t.Fatalf("%s: %s %.20q", path, h.Get("Content-Type"), pdf)
			}
			cd := h.Get("Content-Disposition")
			_, enc, ok := strings.Cut(cd, "filename*=UTF-8''")
			name, err := url.PathUnescape(enc)
			if !ok || err != nil || !strings.HasPrefix(cd, "attachment; filename=\"warning-") || !strings.HasSuffix(name, ".pdf") {
				t.Fatalf("%s: Content-Disposition %q", path, cd)
			}
			return pdfLayout(t, pdf), pdf
		}
		path := fmt.Sprintf("/warnings/%d/documents/1.pdf", id)
		text, pdf := doc(path, off, 200)
		flat := compact(text)
		for _, want := range []string{"长沙海关", number, "关于出口烟花燃放时间不合格的风险警示通告", ent["name_zh"].(string) + "：",
			"一、预警级别", "Ⅱ级（严重，橙色）", "二、起始时间和有效期", "自" + gongwen.Date(starts) + "起施行，有效期至2027年5月29日",
			"三、预警范围", "360410", "德国、美国", "一般贸易", "“烟花”", "四、警示事项", "部分出口烟花燃放时间过短",
			"五、措施", "（一）", "长沙海关牵头，湖南省市场监督管理局配合", "比例30%", "（二）企业责任。立即排查在产批次",
			"六、解除条件", "预警范围内连续5批检验合格", "有效期于2027年5月29日届满",
			"长沙海关" + gongwen.Date(issued), "抄送：湖南省市场监督管理局。", "长沙海关办公室" + gongwen.Date(issued) + "印发", "—1—", "—2—"} {
			if !strings.Contains(flat, want) {
				t.Errorf("document lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(flat, "暂停销售") || strings.Contains(flat, "月0") || strings.Contains(flat, "raised-lab-test") || strings.Contains(flat, "DE") {
			t.Errorf("document shows a later measure, a padded date or a code:\n%s", text)
		}
		// The same message gives the same bytes: a document never changes.
		if _, again := doc(path, off, 200); string(again) != string(pdf) {
			t.Error("the document changed between two downloads")
		}
		// The addressed enterprise reads it; anonymous callers are asked to
		// sign in whether or not the document exists; others see nothing.
		doc(path, firm, 200)
		for _, p := range []string{path, fmt.Sprintf("/warnings/%d/documents/9.pdf", id), "/warnings/999999/documents/1.pdf", fmt.Sprintf("/warnings/%d/documents/latest.pdf", id)} {
			doc(p, "", 401)
		}
		doc(fmt.Sprintf("/warnings/%d/documents/9.pdf", id), off, 404)
		doc("/warnings/999999/documents/latest.pdf", off, 404)
		doc(fmt.Sprintf("/warnings/%d/documents/0.pdf", id), off, 404)
		doc(fmt.Sprintf("/warnings/%d/documents/1.xml", id), off, 404)
		doc(path, e.token("lab"), 404)

		// The demo's 通报: to the departments, by name; not for enterprises.
		_, list := e.api("GET", "/api/v1/warnings?class=bulletin", off, nil)
		var bid int
		for _, x := range list["items"].([]any) {
			if w := x.(map[string]any); w["status"] == "issued" {
				bid = int(w["id"].(float64))
			}
		}
		bpath := fmt.Sprintf("/warnings/%d/documents/latest.pdf", bid)
		text, _ = doc(bpath, off, 200)
		if flat := compact(text); !strings.Contains(flat, "长沙海关文件") || !strings.Contains(flat, "湖南省市场监督管理局、湖南省商务厅：") ||
			!strings.Contains(flat, "关于加强新奇造型打火机进出口检验监管的风险警示通报") {
			t.Errorf("bulletin:\n%s", text)
		}
		doc(bpath, firm, 404)
		doc(bpath, "", 401)

		// The demo's 公告: for anyone, no 主送; linked from its public page.
		_, anns := e.api("GET", "/api/v1/public/announcements", "", nil)
		aid := int(anns["items"].([]any)[0].(map[string]any)["id"].(float64))
		text, _ = doc(fmt.Sprintf("/warnings/%d/documents/latest.pdf", aid), "", 200)
		if flat := compact(text); !strings.Contains(flat, "风险警示公告") || strings.Contains(flat, "：一、") || strings.Contains(flat, "长沙海关文件") {
			t.Errorf("announcement:\n%s", text)
		}
		b := e.browser()
		if _, page := b.get(fmt.Sprintf("/public/announcements/%d", aid)); !strings.Contains(page, fmt.Sprintf(`href="/warnings/%d/documents/latest.pdf"`, aid)) {
			t.Error("the announcement page does not link its document")
		}
		b.login("officer", password("officer"))
		if _, page := b.get(fmt.Sprintf("/warnings/%d", id)); !strings.Contains(page, fmt.Sprintf(`href="/warnings/%d/documents/latest.pdf"`, id)) {
			t.Error("the warning page does not link its document")
		}

		// Lifting: a notice that lifts the 通告, citing its number; the
		// issued document stays as it was.
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), appr,
			map[string]any{"action": "lift", "note": "连续抽检合格", "rev": w["rev"]}); code != 200 {
			t.Fatalf("lift: %d %v", code, body)
		}
		text, _ = doc(fmt.Sprintf("/warnings/%d/documents/latest.pdf", id), off, 200)
		flat = compact(text)
		for _, want := range []string{"关于解除出口烟花燃放时间不合格风险警示的通告", "《关于出口烟花燃放时间不合格的风险警示通告》（" + number + "）",
			"连续抽检合格", "予以解除", "长沙海关办公室"} {
			if !strings.Contains(flat, want) {
				t.Errorf("lifting lacks %q:\n%s", want, text)
			}
		}
		if strings.Contains(flat, "发文字号") || strings.Count(flat, number) != 1 {
			t.Errorf("the lifting has a number of its own:\n%s", text)
		}
		if _, again := doc(path, off, 200); string(again) != string(pdf) {
			t.Error("the issued document changed after lifting")
		}
		doc(fmt.Sprintf("/warnings/%d/documents/latest.pdf", id), firm, 200)
	})
}
