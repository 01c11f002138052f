package web_test

import (
	"encoding/json"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"riskgate/internal/app"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// issueLighterAnnouncement issues a 公告 on lighters with a hazard from
// its assessment and the whole product identification, and plans four
// measures on it: a defect recall and a consumer warning put in force
// (the warning then completed), a voluntary recall and a suspension of
// sales left planned. It returns the warning's id and the measures by type.
func issueLighterAnnouncement(t *testing.T, e *env) (int, map[string]map[string]any) {
	t.Helper()
	off, appr := e.token("officer"), e.token("approver")
	code, body := e.api("POST", "/api/v1/signals", off, map[string]any{"channel": "12315", "description": "打火机烫伤", "hazard": "burns"})
	if code != 201 {
		t.Fatalf("signal: %d %v", code, body)
	}
	_, body = e.api("POST", "/api/v1/cases", off, map[string]any{"title": "打火机", "signal_ids": []int{int(body["id"].(float64))}})
	cid := int(body["id"].(float64))
	code, body = e.api("POST", fmt.Sprintf("/api/v1/cases/%d/assessments", cid), off,
		`{"scenarios": [{"description": "儿童点燃", "hazard": "burns", "severity": 4, "steps": [{"probability": "1/100"}]}]}`)
	if code != 201 {
		t.Fatalf("assessment: %d %v", code, body)
	}
	aid := int(body["id"].(float64))
	e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/submit", aid), off, map[string]any{"rev": 1})
	if code, body := e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/decision", aid), appr, map[string]any{"action": "approve", "rev": 2}); code != 200 {
		t.Fatalf("approve: %d %v", code, body)
	}
	code, body = e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": "announcement",
		"title": "火星牌卡通打火机烧伤风险警示", "summary": "火星牌卡通造型打火机无防止儿童开启装置，儿童误用可致烧伤。",
		"scope": map[string]any{"hs_prefixes": []string{"961380"}, "keywords": []string{"卡通打火机"}, "brands": []string{"火星"},
			"gtins": []string{"6901234567892"}, "batches": []string{"B2026-11"}, "manufacturers": []string{"邵东某打火机厂"}, "countries": []string{"CN", "VN"}},
		"matters": "无防止儿童开启装置。", "advice": "停止使用，放在儿童接触不到的地方。",
		"starts_at": "2026-11-29T00:00:00+08:00", "valid_until": "2027-05-29T00:00:00+08:00",
		"lifting_conditions": []any{map[string]any{"kind": "no_new_signals", "days": 90}}})
	if code != 201 {
		t.Fatalf("draft: %d %v", code, body)
	}
	id := int(body["id"].(float64))
	for i, step := range []struct{ token, action string }{{off, "submit"}, {appr, "approve"}, {off, "issue"}} {
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), step.token, map[string]any{"action": step.action, "rev": i + 1}); code != 200 {
			t.Fatalf("%s: %d %v", step.action, code, body)
		}
	}
	code, body = e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/measures", id), off, map[string]any{"items": []any{
		map[string]any{"type": "defect-recall", "starts_at": "2026-12-01T00:00:00+08:00"},
		map[string]any{"type": "warn-consumers", "starts_at": "2026-12-01T00:00:00+08:00"},
		map[string]any{"type": "voluntary-recall", "starts_at": "2026-12-01T00:00:00+08:00"},
		map[string]any{"type": "suspend-sales", "starts_at": "2026-12-01T00:00:00+08:00"},
	}})
	if code != 201 {
		t.Fatalf("plan: %d %v", code, body)
	}
	ms := map[string]map[string]any{}
	for _, x := range body["items"].([]any) {
		m := x.(map[string]any)
		ms[m["type"].(string)] = m
	}
	for _, step := range []struct{ typ, action string }{{"defect-recall", "enforce"}, {"warn-consumers", "enforce"}, {"warn-consumers", "complete"}} {
		m := ms[step.typ]
		code, body := e.api("POST", fmt.Sprintf("/api/v1/measures/%d/actions", int(m["id"].(float64))), off,
			map[string]any{"action": step.action, "note": "完成", "rev": m["rev"]})
		if code != 200 {
			t.Fatalf("%s %s: %d %v", step.action, step.typ, code, body)
		}
		ms[step.typ] = body
	}
	return id, ms
}

// visible is the text of a page without its tags (cells and items run
// together) and with its character references unescaped.
func visible(page string) string {
	page = regexp.MustCompile(`(?s)<(script|style)\b.*?</(script|style)>`).ReplaceAllString(page, "")
	return html.UnescapeString(regexp.MustCompile(`<[^>]*>`).ReplaceAllString(page, ""))
}

// TestPortalPublishesWhatIsInForce: the announcement page shows the
// measures in force, completed or lifted, in words, never a planned one;
// the product identification in words; the recall column lists recalls
// under way.
func TestPortalPublishesWhatIsInForce(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id, ms := issueLighterAnnouncement(t, e)
		b := e.browser()
		_, page := b.get(fmt.Sprintf("/public/announcements/%d", id))
		text := visible(page)
		measures := text[strings.Index(text, "采取的措施"):]
		for _, want := range []string{"缺陷召回（责令召回）", "实施中", "向消费者警示风险", "已完成（", "长沙海关", "2026-12-01 – 至解除"} {
			if !strings.Contains(measures, want) {
				t.Errorf("measures lack %q:\n%s", want, measures)
			}
		}
		for _, not := range []string{"企业主动召回", "暂停销售", "拟实施"} {
			if strings.Contains(measures, not) {
				t.Errorf("a planned measure is shown as taken: %q", not)
			}
		}
		for _, want := range []string{"品名：卡通打火机", "品牌：火星", "商品条码：6901234567892", "批次：B2026-11", "生产商：邵东某打火机厂",
			"HS 编码：961380 其他打火器", "产品类别：打火机", "风险类型：烧伤、烫伤", "国家或地区：中国、越南"} {
			if !strings.Contains(text, want) {
				t.Errorf("announcement page lacks %q", want)
			}
		}
		for _, code := range []string{"in_force", "planned", "completed", "defect-recall", "cs-customs", "burns", ">CN<", "CN、VN"} {
			if strings.Contains(page, code) && code != "burns" || strings.Contains(text, code) {
				t.Errorf("announcement page shows the code %q", code)
			}
		}
		b.get("/lang/en?next=/public")
		_, page = b.get(fmt.Sprintf("/public/announcements/%d", id))
		text = visible(page)
		for _, want := range []string{"Defect recall (ordered)", "In force", "Warning consumers of the risks", "Completed (", "Changsha Customs",
			"Barcode (GTIN): 6901234567892", "Batch: B2026-11", "Country: China, Vietnam", "Hazard: Burns", "HS code: 961380 Lighters"} {
			if !strings.Contains(text, want) {
				t.Errorf("English announcement page lacks %q", want)
			}
		}
		if strings.Contains(text, "Planned") || strings.Contains(text, "Voluntary recall") {
			t.Error("English page shows a planned measure")
		}

		// The home page's recall column: the recall in force, with its
		// product, brand, maker and start; not the planned one.
		_, page = b.get("/public")
		text = visible(page)
		recalls := text[strings.Index(text, "Recalls under way"):]
		for _, want := range []string{"卡通打火机", "Defect recall (ordered)", "Brand: 火星", "Manufacturer: 邵东某打火机厂", "since 2026-12-01"} {
			if !strings.Contains(recalls, want) {
				t.Errorf("recall column lacks %q:\n%s", want, recalls)
			}
		}
		if strings.Contains(recalls, "Voluntary recall") {
			t.Error("the recall column lists a planned recall")
		}
		b.get("/lang/zh?next=/public")
		_, page = b.get("/public")
		if recalls := visible(page)[strings.Index(visible(page), "进行中的召回"):]; !strings.Contains(recalls, "缺陷召回（责令召回） · 品牌：火星") ||
			!strings.Contains(recalls, "自 2026-12-01 起") {
			t.Errorf("recall column in Chinese:\n%s", recalls)
		}

		// Lifted, the recall is no longer under way; the page says so in words.
		m := ms["defect-recall"]
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/measures/%d/actions", int(m["id"].(float64))), e.token("officer"),
			map[string]any{"action": "lift", "note": "召回结束", "rev": m["rev"]}); code != 200 {
			t.Fatalf("lift: %d %v", code, body)
		}
		_, page = b.get("/public")
		if recalls := visible(page)[strings.Index(visible(page), "进行中的召回"):]; strings.Contains(recalls, "卡通打火机") || !strings.Contains(recalls, "目前没有进行中的召回") {
			t.Errorf("a lifted recall is listed as under way:\n%s", recalls)
		}
		_, page = b.get(fmt.Sprintf("/public/announcements/%d", id))
		if !strings.Contains(visible(page), "缺陷召回（责令召回）") || !strings.Contains(visible(page), "已解除（") {
			t.Error("the lifted recall is not shown as lifted")
		}
	})
}

// TestPortalSearchExplains: results show what an announcement is about,
// a snippet with the query's words marked, and why it matched; the API
// says the same as data.
func TestPortalSearchExplains(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id, _ := issueLighterAnnouncement(t, e)
		b := e.browser()
		_, page := b.get("/public?" + url.Values{"q": {"卡通 儿童<>&"}, "hazard": {"burns"}, "country": {"VN"}}.Encode())
		if n := strings.Count(page, `class="announcement result"`); n != 1 {
			t.Fatalf("%d results, want 1", n)
		}
		for _, want := range []string{
			`火星牌<mark>卡通</mark>打火机烧伤风险警示`,
			`<p class="snippet">火星牌<mark>卡通</mark>造型打火机无防止<mark>儿童</mark>开启装置，<mark>儿童</mark>误用可致烧伤。</p>`,
			"类别：打火机 · 危害：烧伤、烫伤 · 国家或地区：中国、越南 · 商品条码：6901234567892 · 批次：B2026-11",
			"匹配：标题“卡通”；摘要“卡通”“儿童”；警示事项“儿童”；消费提示“儿童”；品名“卡通”；危害：烧伤、烫伤；国家：越南",
			`<option value="VN" selected>越南</option>`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("results lack %s", want)
			}
		}
		// The query is text: what it holds is escaped, not markup.
		if strings.Contains(page, "儿童<>") || !strings.Contains(page, `value="卡通 儿童&lt;&gt;&amp;"`) {
			t.Error("the query is not escaped")
		}
		b.get("/lang/en?next=/public")
		_, page = b.get("/public?" + url.Values{"q": {"lighters"}, "grade": {"II"}}.Encode())
		for _, want := range []string{"Category: Lighters · Hazard: Burns · Country: China, Vietnam",
			"Matched: category “Lighters”; grade: ", `<option value="VN">Vietnam</option>`} {
			if !strings.Contains(page, want) {
				t.Errorf("English results lack %s\n%s", want, page[strings.Index(page, "<section aria-live"):])
			}
		}

		// The API: names, snippet with highlights in characters, matched_in.
		code, body := e.api("GET", "/api/v1/public/search?"+url.Values{"q": {"卡通打火机"}, "hazard": {"burns"}}.Encode(), "", nil)
		if code != 200 || len(body["items"].([]any)) != 1 {
			t.Fatalf("search: %d %v", code, body)
		}
		it := body["items"].([]any)[0].(map[string]any)
		if int(it["id"].(float64)) != id {
			t.Fatalf("item %v", it)
		}
		sn := it["snippet"].(map[string]any)
		text := []rune(sn["text"].(string))
		var marks []string
		for _, h := range sn["highlights"].([]any) {
			h := h.(map[string]any)
			marks = append(marks, string(text[int(h["start"].(float64)):int(h["end"].(float64))]))
		}
		if strings.Join(marks, ",") != "卡通,打火机" {
			t.Errorf("snippet highlights %v in %q", marks, string(text))
		}
		th := it["title_highlights"].([]any)[0].(map[string]any)
		if title := []rune(it["title"].(string)); string(title[int(th["start"].(float64)):int(th["end"].(float64))]) != "卡通打火机" {
			t.Errorf("title highlights %v", it["title_highlights"])
		}
		wantMatched := `[{"field":"title","words":["卡通打火机"]},{"field":"summary","words":["卡通","打火机"]},{"field":"keywords","words":["卡通打火机"]},` +
			`{"field":"manufacturers","words":["打火机"]},{"field":"categories","words":["打火机"]},{"field":"hazards","values":["burns"]}]`
		if got := jsonOf(t, it["matched_in"]); got != wantMatched {
			t.Errorf("matched_in %s\nwant       %s", got, wantMatched)
		}
		if got := jsonOf(t, it["countries"]); got != `[{"code":"CN","name_en":"China","name_zh":"中国"},{"code":"VN","name_en":"Vietnam","name_zh":"越南"}]` {
			t.Errorf("countries %s", got)
		}
		if got := jsonOf(t, it["hazards"]); got != `[{"code":"burns","name_en":"Burns","name_zh":"烧伤、烫伤"}]` {
			t.Errorf("hazards %s", got)
		}
		// A batch number finds its announcement.
		code, body = e.api("GET", "/api/v1/public/search?q=B2026-11", "", nil)
		if code != 200 || len(body["items"].([]any)) != 1 ||
			jsonOf(t, body["items"].([]any)[0].(map[string]any)["matched_in"]) != `[{"field":"batches","words":["B2026","11"]}]` {
			t.Errorf("search by batch: %d %v", code, body)
		}
		if jsonOf(t, it["gtins"]) != `["6901234567892"]` || jsonOf(t, it["batches"]) != `["B2026-11"]` || jsonOf(t, it["categories"]) == "[]" {
			t.Errorf("product identification %v %v %v", it["gtins"], it["batches"], it["categories"])
		}
	})
}

// jsonOf is v as compact JSON (maps with sorted keys).
func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSubscriptionChannels: the form offers e-mail only with a mail relay
// and says plainly when it cannot; the API refuses an unconfigured
// channel naming channel and what is available.
func TestSubscriptionChannels(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	b := e.browser()
	// As wired by default: webhooks, no mail relay.
	_, page := b.get("/public/subscribe")
	if strings.Contains(page, `id="saddr"`) || !strings.Contains(page, "本站未配置邮件服务器，目前不能用电子邮件订阅。") ||
		!strings.Contains(page, "POST /api/v1/public/subscriptions") {
		t.Fatalf("subscribe page without a relay:\n%s", visible(page))
	}
	b.get("/public/complaints/new") // a portal form's token: the page above has no form
	resp, page := b.post("/public/subscribe", url.Values{"csrf": {b.csrf}, "address": {"reader@example.com"}})
	if resp.StatusCode != 400 || !strings.Contains(visible(page), "本系统未配置邮件服务器，不能用电子邮件订阅；可用的订阅方式：webhook。") ||
		strings.Contains(page, `id="saddr"`) {
		t.Fatalf("e-mail form posted without a relay: %d\n%s", resp.StatusCode, visible(page))
	}
	b.get("/lang/en?next=/public/subscribe")
	_, page = b.get("/public/subscribe")
	if !strings.Contains(page, "E-mail subscriptions are not available here: no mail server is configured.") {
		t.Fatalf("English subscribe page without a relay:\n%s", visible(page))
	}
	code, body := e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "email", "address": "reader@example.com"})
	msg, _ := body["error"].(map[string]any)["message"].(string)
	if code != 400 || errField(body) != "channel" || msg != "本系统未配置邮件服务器，不能用电子邮件订阅；可用的订阅方式：webhook。 / e-mail subscriptions are not configured here (no mail relay); available: webhook." {
		t.Fatalf("e-mail by API without a relay: %d %v", code, body)
	}
	if code, body := e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "webhook", "address": "https://hooks.example.com/riskgate"}); code != 202 {
		t.Fatalf("webhook: %d %v", code, body)
	}

	// With a relay: the form, its facets in words.
	e.app.ConfigureDelivery(app.DeliveryConfig{BaseURL: e.ts.URL, SMTPAddr: "127.0.0.1:1", SMTPFrom: "noreply@riskgate.test"})
	_, page = b.get("/public/subscribe")
	for _, want := range []string{`id="saddr"`, `<option value="VN">Vietnam</option>`, `<option value="burns">Burns</option>`, `<option value="lighters">Lighters</option>`,
		"Grade II (severe, orange)", "POST /api/v1/public/subscriptions"} {
		if !strings.Contains(page, want) {
			t.Errorf("subscribe form lacks %s", want)
		}
	}
	b.get("/lang/zh?next=/public/subscribe")
	_, page = b.get("/public/subscribe")
	if !strings.Contains(page, `<option value="VN">越南</option>`) || strings.Contains(page, "本站未配置邮件服务器") {
		t.Errorf("Chinese subscribe form:\n%s", visible(page))
	}
	resp, page = b.post("/public/subscribe", url.Values{"csrf": {b.csrf}, "address": {"not-an-address"}})
	if resp.StatusCode != 400 || !strings.Contains(page, `aria-invalid="true"`) || !strings.Contains(visible(page), "电子邮件地址无效。") ||
		strings.Contains(visible(page), "address:") || !strings.Contains(page, `value="not-an-address"`) {
		t.Errorf("bad address: %d\n%s", resp.StatusCode, visible(page))
	}

	// None configured: a message instead of a form, and the API says so.
	e.app.Subscriptions.Senders = nil
	_, page = b.get("/public/subscribe")
	if strings.Contains(page, `id="saddr"`) || strings.Contains(page, "POST /api/v1/public/subscriptions") || !strings.Contains(page, "本站目前未开通订阅。") {
		t.Errorf("subscribe page without channels:\n%s", visible(page))
	}
	code, body = e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "webhook", "address": "https://hooks.example.com/riskgate"})
	msg, _ = body["error"].(map[string]any)["message"].(string)
	if code != 400 || errField(body) != "channel" || msg != "本系统目前未开通任何订阅方式。 / no subscription channel is configured here." {
		t.Fatalf("webhook without channels: %d %v", code, body)
	}
}

// TestPortalPageCache: the home page and its searches, which anonymous
// visitors are served from the rendered-page cache, change as soon as
// what they show changes — a new announcement, a recall lifted — in each
// language, and a signed-in official never gets the anonymous page.
func TestPortalPageCache(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		anon := e.browser()
		const title = "火星牌卡通打火机烧伤风险警示"
		_, first := anon.get("/public")
		if _, again := anon.get("/public"); again != first {
			t.Fatal("the same data rendered two different pages")
		}
		_, search := anon.get("/public?q=" + url.QueryEscape("打火机"))
		if strings.Contains(visible(first), title) || strings.Contains(visible(search), title) {
			t.Fatal("announcement shown before it was issued")
		}

		_, ms := issueLighterAnnouncement(t, e)
		_, page := anon.get("/public")
		if !strings.Contains(visible(page), title) {
			t.Fatal("a new announcement is missing from the cached home page")
		}
		if _, search = anon.get("/public?q=" + url.QueryEscape("打火机")); !strings.Contains(visible(search), title) {
			t.Fatal("a new announcement is missing from a cached search")
		}
		anon.get("/lang/en?next=/public")
		if _, en := anon.get("/public"); !strings.Contains(visible(en), "Recalls under way") || strings.Contains(visible(en), "进行中的召回") {
			t.Fatal("the English visitor got the Chinese page")
		}
		anon.get("/lang/zh?next=/public")

		off := e.browser()
		off.login("officer", password("officer"))
		if _, own := off.get("/public"); !strings.Contains(own, `action="/logout"`) {
			t.Fatal("a signed-in official was served the anonymous page")
		}

		m := ms["defect-recall"]
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/measures/%d/actions", int(m["id"].(float64))), e.token("officer"),
			map[string]any{"action": "lift", "note": "召回结束", "rev": m["rev"]}); code != 200 {
			t.Fatalf("lift: %d %v", code, body)
		}
		_, page = anon.get("/public")
		if recalls := visible(page)[strings.Index(visible(page), "进行中的召回"):]; strings.Contains(recalls, "卡通打火机") {
			t.Errorf("the cached home page still lists a lifted recall:\n%s", recalls)
		}
		if _, after := anon.get("/public"); after != page {
			t.Error("the same data rendered two different pages")
		}
	})
}
