package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/auth"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// section returns the visible text of the element with the id (up to the
// end of its section or article), every tag a space, "" when the page has
// none.
func section(page, id string) string {
	m := regexp.MustCompile(`(?s)<(section|article)[^>]*id="` + regexp.QuoteMeta(id) + `".*?</(section|article)>`).FindString(page)
	return strings.Join(strings.Fields(html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(m, " "))), " ")
}

// TestAdminSubscriptions: administrators see each subscription — status,
// channel and filter in words, the address — and its deliveries with their
// attempts and outcome, never the webhook secret; no one else sees the page.
func TestAdminSubscriptions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		e.app.ConfigureDelivery(app.DeliveryConfig{BaseURL: e.ts.URL, AllowPrivateWebhooks: true})
		var mu sync.Mutex
		shift := time.Duration(0)
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return time.Now().UTC().Add(shift) }
		dispatch := func() {
			t.Helper()
			if _, _, err := e.app.Subscriptions.Dispatch(ctx, 100); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			shift += 61 * time.Second // past the first backoff
			mu.Unlock()
		}
		// Two webhooks on toys: one answers after a failure, one keeps
		// failing.
		subscribe := func(h *hook, addr string) string {
			t.Helper()
			code, out := e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "webhook", "address": addr,
				"filter": map[string]any{"hs_prefixes": []string{"9503"}, "grades": []string{"II"}}})
			if code != 202 {
				t.Fatalf("subscribe: %d %v", code, out)
			}
			secret := out["secret"].(string)
			h.set(secret, 0)
			dispatch()
			got, _ := h.received()
			if len(got) != 1 {
				t.Fatalf("confirmation: %+v", got)
			}
			cu, _ := url.Parse(got[0].ConfirmURL)
			if code, out := e.api("POST", "/api/v1/public/subscriptions/confirm", "", map[string]any{"token": cu.Query().Get("token")}); code != 200 {
				t.Fatalf("confirm: %d %v", code, out)
			}
			return secret
		}
		good, bad := &hook{t: t}, &hook{t: t}
		goodSrv, badSrv := httptest.NewServer(good), httptest.NewServer(bad)
		defer goodSrv.Close()
		defer badSrv.Close()
		goodAddr, badAddr := goodSrv.URL+"/good", badSrv.URL+"/bad"
		goodSecret, badSecret := subscribe(good, goodAddr), subscribe(bad, badAddr)
		good.set(goodSecret, 1)
		bad.set(badSecret, 100)
		toy := issueAnnouncement(t, e, "儿童滑板车刹车失效风险警示", "刹车失效。", "9503")
		dispatch()
		dispatch()

		b := e.browser()
		b.login("admin", password("admin"))
		resp, page := b.get("/admin/subscriptions")
		if resp.StatusCode != 200 {
			t.Fatalf("GET /admin/subscriptions: %d", resp.StatusCode)
		}
		for _, secret := range []string{goodSecret, badSecret} {
			if strings.Contains(page, secret) {
				t.Fatal("the page shows a webhook secret")
			}
		}
		if !regexp.MustCompile(`<a href="/admin/subscriptions"[^>]*>订阅</a>`).MatchString(page) {
			t.Error("the admin menu has no link to the subscriptions")
		}
		var goodText, badText string
		for _, m := range regexp.MustCompile(`id="(subscription-\d+)"`).FindAllStringSubmatch(page, -1) {
			text := section(page, m[1])
			switch {
			case strings.Contains(text, goodAddr):
				goodText = text
			case strings.Contains(text, badAddr):
				badText = text
			}
		}
		for _, want := range []string{"已生效", "Webhook 推送", "HS 编码：9503", "预警级别：II级（严重，橙色）", "中文",
			"确认链接", "公告消息", "儿童滑板车刹车失效风险警示", "（发布）", "已送达"} {
			if !strings.Contains(goodText, want) {
				t.Errorf("the delivered subscription lacks %q: %s", want, goodText)
			}
		}
		if !strings.Contains(page, fmt.Sprintf(`href="/warnings/%d"`, toy)) {
			t.Error("the delivery does not link its warning")
		}
		// The failing one: two attempts, pending, the last error and the
		// next attempt.
		if !regexp.MustCompile(`公告消息： 湘关预警〔\d+〕\d+号 儿童滑板车刹车失效风险警示 （发布） \S+ \S+ 2 待发送（失败后重试），下次尝试 \S+ \S+ webhook: \S+ answered 500`).MatchString(badText) {
			t.Errorf("the failing delivery: %s", badText)
		}
		for _, code := range []string{"webhook", "active", "pending", "Alert", "message", "confirm"} {
			if regexp.MustCompile(`(^|[\s（：])` + code + `($|[\s）；，])`).MatchString(goodText + " " + badText) {
				t.Errorf("the page shows the code %q", code)
			}
		}
		// In English too.
		b.get("/lang/en?next=/admin/subscriptions")
		_, en := b.get("/admin/subscriptions")
		if text := visible(en); !strings.Contains(text, "Pending (retried after a failure)") || !strings.Contains(text, "Delivered") ||
			!strings.Contains(text, "HS codes: 9503") {
			t.Errorf("the English page lacks the outcomes or the filter: %s", strings.Join(strings.Fields(text), " "))
		}

		// No one else.
		o := e.browser()
		o.login("officer", password("officer"))
		if resp, page := o.get("/admin/subscriptions"); resp.StatusCode != 403 || strings.Contains(page, goodAddr) {
			t.Errorf("an officer got the subscriptions: %d", resp.StatusCode)
		}
		if _, page := o.get("/"); strings.Contains(page, `href="/admin/subscriptions"`) {
			t.Error("the officer's menu links the subscriptions")
		}
		if resp, _ := e.browser().get("/admin/subscriptions"); resp.StatusCode != 303 && resp.StatusCode != 401 {
			t.Errorf("anonymous: %d", resp.StatusCode)
		}
	})
}

// TestForeignImportLog: the import page lists the department's imports —
// the source in words, the file, when, what each created, updated, left
// unchanged and skipped, and who imported it; another department's
// officer does not see them, an administrator sees all.
func TestForeignImportLog(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off := e.token("officer")
		body, err := os.ReadFile("../foreign/testdata/cpsc_recalls.json")
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"format=cpsc&name=recalls.json", "format=cpsc&name=recalls-again.json"} {
			if code, rep := e.api("POST", "/api/v1/foreign/import?"+q, off, string(body)); code != 200 {
				t.Fatalf("import: %d %v", code, rep)
			}
		}
		bad := "date,reference,product\n2024-01-01,2024.1,cups\nsoon,2024.2,bowls\n"
		if code, rep := e.api("POST", "/api/v1/foreign/import?format=rasff&skip_invalid=true&name=rasff.csv", off, bad); code != 200 {
			t.Fatalf("import: %d %v", code, rep)
		}

		b := e.browser()
		b.login("officer", password("officer"))
		_, page := b.get("/signals/foreign")
		log := section(page, "imports")
		rows := regexp.MustCompile(`<tbody>(?s:.*?)</tbody>`).FindString(page[strings.Index(page, `id="imports"`):])
		if n := strings.Count(rows, "<tr>"); n != 3 {
			t.Fatalf("%d imports listed, want 3: %s", n, log)
		}
		for _, want := range []string{
			// newest first: source, file, when, records, new, updated, unchanged, skipped, by whom
			`欧盟食品和饲料快速预警系统（RASFF） rasff.csv \d{4}-\d\d-\d\d \d\d:\d\d 2 1 0 0 1 风险管理员 李敏（长沙海关）`,
			`美国消费品安全委员会召回（CPSC） recalls-again.json \S+ \S+ 2 0 0 2 0 风险管理员 李敏（长沙海关）`,
			`美国消费品安全委员会召回（CPSC） recalls.json \S+ \S+ 2 2 0 0 0 风险管理员 李敏（长沙海关） $`,
		} {
			if !regexp.MustCompile(want).MatchString(log + " ") {
				t.Errorf("the import log lacks %q:\n%s", want, log)
			}
		}
		if strings.Contains(log, "cpsc ") || strings.Contains(log, "cs-customs") {
			t.Errorf("the import log shows a code: %s", log)
		}
		// Another department's officer sees none of them; the administrator
		// sees them all.
		if _, err := e.app.Auth.EnsureUser(context.Background(), risk.System, auth.NewUser{Login: "amr", Name: "市场监管局 周婷", Dept: "hn-amr",
			Role: "officer", Password: "amr-password-2026"}); err != nil {
			t.Fatal(err)
		}
		a := e.browser()
		a.login("amr", "amr-password-2026")
		if _, page := a.get("/signals/foreign"); !strings.Contains(section(page, "imports"), "尚无导入记录") {
			t.Errorf("another department sees the imports: %s", section(page, "imports"))
		}
		adm := e.browser()
		adm.login("admin", password("admin"))
		if _, page := adm.get("/signals/foreign"); strings.Count(section(page, "imports"), "风险管理员 李敏") != 3 {
			t.Errorf("the administrator's log: %s", section(page, "imports"))
		}
	})
}
