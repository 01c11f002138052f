package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/audit"
	"riskgate/internal/demo"
	"riskgate/internal/ident"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
	"riskgate/internal/web"
)

// env is a running server over a fresh database with the demo data.
type env struct {
	t   *testing.T
	app *app.App
	srv *web.Server
	ts  *httptest.Server
	// from, when set, is the client address api's requests come from
	// (X-Forwarded-For), each under its own rate limit.
	from string
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, a); err != nil {
		t.Fatal(err)
	}
	srv, err := a.Server(app.ServerConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, app: a, srv: srv, ts: ts}
}

// pinClock runs db — and so every service and the server over it — on a
// clock that starts at 2026-12-01 09:00 China time and moves with real
// time, plus the shift the test sets. Tests that count working days use
// it: the official calendar holds the years whose notices are published,
// and a test must not fail because the wall clock has reached a year the
// calendar does not know yet.
func pinClock(db *store.DB) (shift func(time.Duration)) {
	var mu sync.Mutex
	start, by := time.Now(), time.Duration(0)
	base := time.Date(2026, 12, 1, 1, 0, 0, 0, time.UTC)
	db.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return base.Add(time.Since(start) + by)
	}
	return func(d time.Duration) { mu.Lock(); by = d; mu.Unlock() }
}

// newFullEnv is newEnv with the whole demo (demo.LoadAll, small) instead of
// the small one: every capability populated, some seconds to load.
func newFullEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	a, err := app.New(ctx, db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.LoadAll(ctx, a, demo.Options{Small: true}); err != nil {
		t.Fatal(err)
	}
	srv, err := a.Server(app.ServerConfig{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return &env{t: t, app: a, srv: srv, ts: ts}
}

// browser is an HTTP client with cookies that does not follow redirects.
type browser struct {
	e    *env
	c    *http.Client
	csrf string
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

func (b *browser) get(path string) (*http.Response, string) {
	b.e.t.Helper()
	resp, err := b.c.Get(b.e.ts.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if m := csrfRE.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp, string(body)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.e.t.Helper()
	resp, err := b.c.PostForm(b.e.ts.URL+path, form)
	if err != nil {
		b.e.t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	return resp, string(body)
}

func (b *browser) login(login, password string) *http.Response {
	b.e.t.Helper()
	b.get("/login")
	resp, _ := b.post("/login", url.Values{"csrf": {b.csrf}, "login": {login}, "password": {password}, "next": {"/"}})
	if resp.StatusCode == http.StatusSeeOther {
		b.get("/") // pick up the session's CSRF token
	}
	return resp
}

// validUSCC completes the first 17 characters of body with a check character.
func validUSCC(t *testing.T, body string) string {
	u, err := ident.MakeUSCC(body[:17])
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func password(login string) string {
	for _, a := range demo.AllAccounts() {
		if a.Login == login {
			return a.Password
		}
	}
	return ""
}

// api sends a JSON request with a bearer token.
func (e *env) api(method, path, token string, body any) (int, map[string]any) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		if s, ok := body.(string); ok {
			b = []byte(s)
		}
		rd = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if e.from != "" {
		req.Header.Set("X-Forwarded-For", e.from)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (e *env) token(login string) string {
	e.t.Helper()
	tok, err := e.app.Auth.CreateToken(context.Background(), risk.System, login, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return tok
}

func errField(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	f, _ := e["field"].(string)
	return f
}

func TestOpenAPIMatchesRoutes(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	var doc struct {
		OpenAPI string                                `json:"openapi"`
		Paths   map[string]map[string]json.RawMessage `json:"paths"`
	}
	resp, err := http.Get(e.ts.URL + "/api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	var documented []string
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	routes := e.srv.APIRoutes()
	sort.Strings(documented)
	sort.Strings(routes)
	if !slices.Equal(documented, routes) {
		t.Errorf("openapi.json and routes differ:\n documented %v\n routes     %v", documented, routes)
	}
}

func TestBrowserFlow(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		b := e.browser()
		// Pages need a session.
		if resp, _ := b.get("/enterprises"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
			t.Fatalf("anonymous /enterprises: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		// A sign-in without the form's CSRF token is refused.
		if resp, _ := b.post("/login", url.Values{"login": {"officer"}, "password": {password("officer")}}); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("login without csrf: %d", resp.StatusCode)
		}
		resp := b.login("officer", password("officer"))
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("login: %d", resp.StatusCode)
		}
		var session *http.Cookie
		for _, c := range resp.Cookies() {
			if c.Name == "rg_session" {
				session = c
			}
		}
		if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Lax", session)
		}
		_, page := b.get("/")
		if !strings.Contains(page, `lang="zh-CN"`) || !strings.Contains(page, "工作台") || !strings.Contains(page, "data-chart") {
			t.Fatalf("dashboard does not look right:\n%s", page)
		}
		// A form post without the CSRF token is refused and writes nothing.
		u, _ := ident.MakeUSCC("91430100MA4L9K8J7")
		form := url.Values{"uscc": {u}, "name_zh": {"长沙测试贸易有限公司"}, "region": {"430102"}, "roles": {"importer"}, "credit_tier": {"routine"}}
		if resp, _ := b.post("/enterprises", form); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("post without csrf: %d", resp.StatusCode)
		}
		// Invalid input re-renders the form naming the field.
		bad := url.Values{"csrf": {b.csrf}, "uscc": {"91430100MA4L9K8J7X"}, "name_zh": {"x"}, "roles": {"importer"}}
		resp, body := b.post("/enterprises", bad)
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "校验码") || !strings.Contains(body, `href="#uscc"`) {
			t.Fatalf("invalid form: %d\n%s", resp.StatusCode, body)
		}
		form.Set("csrf", b.csrf)
		resp, _ = b.post("/enterprises", form)
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", resp.StatusCode)
		}
		_, body = b.get(resp.Header.Get("Location"))
		if !strings.Contains(body, "长沙测试贸易有限公司") || !strings.Contains(body, u) || !strings.Contains(body, "已保存") {
			t.Fatalf("enterprise page:\n%s", body)
		}
		_, body = b.get("/enterprises?q=" + url.QueryEscape("测试贸易"))
		if !strings.Contains(body, "长沙测试贸易有限公司") {
			t.Fatal("search did not find the new enterprise")
		}
		// The import form's multipart body must carry the session's token
		// before the file.
		formUpload := func(csrf string) int {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			if csrf != "" {
				mw.WriteField("csrf", csrf)
			}
			fw, _ := mw.CreateFormFile("file", "firms.csv")
			fw.Write([]byte("统一社会信用代码,企业名称,企业角色\n" + validUSCC(t, "91430100MA4L5K4J3") + ",长沙表单导入有限公司,exporter\n"))
			mw.Close()
			resp, err := b.c.Post(e.ts.URL+"/enterprises/import", mw.FormDataContentType(), &buf)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp.StatusCode
		}
		if code := formUpload(""); code != http.StatusForbidden {
			t.Fatalf("upload without csrf: %d", code)
		}
		if code := formUpload(b.csrf); code != http.StatusOK {
			t.Fatalf("upload with csrf: %d", code)
		}
		// English on request.
		b.get("/lang/en?next=/enterprises")
		_, body = b.get("/enterprises")
		if !strings.Contains(body, `lang="en"`) || !strings.Contains(body, "Enterprise register") {
			t.Fatal("English switch did not take")
		}
		// The officer may not read the audit trail; the administrator may.
		if resp, _ := b.get("/admin/audit"); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("officer /admin/audit: %d", resp.StatusCode)
		}
		admin := e.browser()
		admin.login("admin", password("admin"))
		resp, body = admin.get("/admin/audit?entity=enterprise&action=enterprise.create")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, u) {
			t.Fatalf("admin audit page: %d", resp.StatusCode)
		}
		resp, body = admin.post("/admin/audit/verify", url.Values{"csrf": {admin.csrf}})
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "审计链完整") {
			t.Fatalf("verify: %d\n%s", resp.StatusCode, body)
		}
		// The administrator revokes an API token from its page; the token is
		// refused from then on.
		tok := e.token("officer")
		if code, _ := e.api("GET", "/api/v1/signals", tok, nil); code != http.StatusOK {
			t.Fatalf("a new token: %d", code)
		}
		if resp, _ := b.get("/admin/tokens"); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("officer /admin/tokens: %d", resp.StatusCode)
		}
		_, body = admin.get("/admin/tokens")
		m := regexp.MustCompile(`action="/admin/tokens/(\d+)/revoke"`).FindAllStringSubmatch(body, -1)
		if len(m) == 0 || strings.Contains(body, tok) {
			t.Fatalf("tokens page: %d revoke buttons; the token itself shown: %v", len(m), strings.Contains(body, tok))
		}
		if resp, _ := admin.post("/admin/tokens/"+m[0][1]+"/revoke", url.Values{}); resp.StatusCode != http.StatusForbidden {
			t.Fatalf("revoke without csrf: %d", resp.StatusCode)
		}
		resp, _ = admin.post("/admin/tokens/"+m[0][1]+"/revoke", url.Values{"csrf": {admin.csrf}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("revoke: %d", resp.StatusCode)
		}
		if _, body = admin.get(resp.Header.Get("Location")); !strings.Contains(body, "令牌已吊销") || !strings.Contains(body, "已吊销") {
			t.Fatal("the tokens page does not say the token was revoked")
		}
		if code, _ := e.api("GET", "/api/v1/signals", tok, nil); code != http.StatusUnauthorized {
			t.Fatalf("a revoked token: %d, want 401", code)
		}
		// Changing one's password ends one's sessions: the officer's second
		// browser is signed out too.
		b2 := e.browser()
		b2.login("officer", password("officer"))
		resp, body = b.post("/account/password", url.Values{"csrf": {b.csrf}, "current_password": {"wrong-password"}, "new_password": {"a-new-password-1"}, "confirm_password": {"a-new-password-1"}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "the current password is wrong") { // b reads English
			t.Fatalf("wrong current password: %d", resp.StatusCode)
		}
		resp, _ = b.post("/account/password", url.Values{"csrf": {b.csrf}, "current_password": {password("officer")}, "new_password": {"a-new-password-1"}, "confirm_password": {"a-new-password-1"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/login?changed=1" {
			t.Fatalf("password change: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, body = b.get("/login?changed=1"); !strings.Contains(body, "Password changed") {
			t.Fatal("the sign-in page does not say the password was changed")
		}
		for _, br := range []*browser{b, b2} {
			if resp, _ := br.get("/enterprises"); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("a session after the password change: %d, want a redirect to sign in", resp.StatusCode)
			}
		}
		b.login("officer", "a-new-password-1")
		// Sign out ends the session.
		b.post("/logout", url.Values{"csrf": {b.csrf}})
		if resp, _ := b.get("/enterprises"); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("after logout: %d", resp.StatusCode)
		}
	})
}

func TestAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Public reference data.
		code, body := e.api("GET", "/api/v1/catalog/hs?q=3604", "", nil)
		items, _ := body["items"].([]any)
		if code != 200 || len(items) == 0 || !strings.Contains(fmt.Sprint(items[0]), "烟花") {
			t.Fatalf("hs?q=3604: %d %v", code, body)
		}
		code, body = e.api("GET", "/api/v1/catalog/countries?q=VN", "", nil)
		if items, _ := body["items"].([]any); code != 200 || len(items) != 1 || !strings.Contains(fmt.Sprint(items[0]), "越南") {
			t.Fatalf("countries?q=VN: %d %v", code, body)
		}
		code, body = e.api("GET", "/api/v1/catalog/planets", "", nil)
		if code != 404 {
			t.Fatalf("unknown catalogue: %d", code)
		}
		good, _ := ident.MakeUSCC("91430100MA4L9K8J7")
		code, body = e.api("GET", "/api/v1/ids/uscc/"+good, "", nil)
		if code != 200 || body["valid"] != true {
			t.Fatalf("valid uscc: %v", body)
		}
		code, body = e.api("GET", "/api/v1/ids/uscc/91430100MA4L9K8J7X", "", nil)
		if code != 200 || body["valid"] != false || !strings.Contains(body["reason"].(string), "18") {
			t.Fatalf("invalid uscc: %v", body)
		}
		// Private data needs a token.
		if code, _ := e.api("GET", "/api/v1/enterprises", "", nil); code != 401 {
			t.Fatalf("anonymous list: %d", code)
		}
		if code, _ := e.api("GET", "/api/v1/enterprises", "rgt_"+strings.Repeat("0", 64), nil); code != 401 {
			t.Fatalf("bad token: %d", code)
		}
		tok := e.token("officer")
		code, body = e.api("GET", "/api/v1/enterprises?limit=5", tok, nil)
		if code != 200 || body["total"].(float64) < 16 || len(body["items"].([]any)) != 5 {
			t.Fatalf("list: %d %v", code, body)
		}
		// Bad input: unknown field, wrong type, invalid value, each naming the field.
		for _, c := range []struct {
			body  string
			field string
		}{
			{`{"uscc": "` + good + `", "name_zh": "甲", "roles": ["importer"], "colour": "red"}`, "colour"},
			{`{"uscc": "` + good + `", "name_zh": 7, "roles": ["importer"]}`, "name_zh"},
			{`{"uscc": "` + good + `", "name_zh": "甲", "roles": ["importer"], "region": "4301"}`, "region"},
			{`{"uscc": "` + good + `", "name_zh": "甲"`, "body"},
		} {
			code, body := e.api("POST", "/api/v1/enterprises", tok, c.body)
			if code != 400 || errField(body) != c.field {
				t.Errorf("POST %s: %d field %q, want 400 naming %s", c.body, code, errField(body), c.field)
			}
			if msg := body["error"].(map[string]any)["message"].(string); !strings.Contains(msg, " / ") {
				t.Errorf("message %q is not bilingual", msg)
			}
		}
		code, body = e.api("POST", "/api/v1/enterprises", tok, map[string]any{"uscc": good, "name_zh": "长沙接口测试有限公司", "roles": []string{"exporter"}, "region": "430103"})
		if code != 201 {
			t.Fatalf("create: %d %v", code, body)
		}
		id := int(body["id"].(float64))
		update := map[string]any{"uscc": good, "name_zh": "长沙接口测试有限公司", "roles": []string{"exporter"}, "region": "430103", "credit_tier": "certified", "version": 1}
		if code, body := e.api("PUT", fmt.Sprintf("/api/v1/enterprises/%d", id), tok, update); code != 200 || body["version"].(float64) != 2 {
			t.Fatalf("update: %d %v", code, body)
		}
		if code, body := e.api("PUT", fmt.Sprintf("/api/v1/enterprises/%d", id), tok, update); code != 409 || errField(body) != "version" {
			t.Fatalf("stale update: %d %v", code, body)
		}
		// An approver may read but not write.
		if code, _ := e.api("POST", "/api/v1/enterprises", e.token("approver"), map[string]any{"uscc": good}); code != 403 {
			t.Fatalf("approver create: %d", code)
		}
		// The enterprise user sees only its own company.
		code, body = e.api("GET", "/api/v1/enterprises", e.token("enterprise"), nil)
		if code != 200 || body["total"].(float64) != 1 {
			t.Fatalf("enterprise user list: %d %v", code, body)
		}
		// Enterprise and lab users are bound to their organisation.
		if code, body := e.api("GET", "/api/v1/me", e.token("lab"), nil); code != 200 || body["lab_id"].(float64) == 0 || body["role"] != "lab" {
			t.Fatalf("lab me: %d %v", code, body)
		}
		if code, body := e.api("GET", "/api/v1/me", e.token("enterprise"), nil); code != 200 || body["enterprise_id"].(float64) == 0 {
			t.Fatalf("enterprise me: %d %v", code, body)
		}
		// Oversized bodies are refused.
		huge := `{"name_zh": "` + strings.Repeat("长", 1<<19) + `"}`
		if code, _ := e.api("POST", "/api/v1/enterprises", tok, huge); code != 413 {
			t.Fatalf("huge body: %d", code)
		}
		// The audit API is for administrators.
		if code, _ := e.api("GET", "/api/v1/audit", tok, nil); code != 403 {
			t.Fatalf("officer audit: %d", code)
		}
		code, body = e.api("GET", fmt.Sprintf("/api/v1/audit?entity=enterprise&entity_id=%d", id), e.token("admin"), nil)
		if code != 200 || body["total"].(float64) != 2 {
			t.Fatalf("admin audit: %d %v", code, body)
		}
	})
}

func upload(t *testing.T, e *env, token, name, content string) (int, map[string]any) {
	return uploadTo(t, e, "/api/v1/enterprises/import", token, name, content)
}

func uploadTo(t *testing.T, e *env, path, token, name, content string) (int, map[string]any) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestImportAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		tok := e.token("officer")
		before, _ := db.Enterprises().Count(context.Background())
		u1, _ := ident.MakeUSCC("91430100MA4L7K6J5")
		csv := "统一社会信用代码,企业名称,企业角色,行政区划代码\n" + u1 + ",长沙导入甲公司,出口商,430104\n91430100MA4L7K6J4X,长沙导入乙公司,出口商,430104\n,长沙导入丙公司,外星商,4301\n"
		code, body := upload(t, e, tok, "firms.csv", csv)
		if code != 400 {
			t.Fatalf("bad import: %d %v", code, body)
		}
		errs := body["result"].(map[string]any)["errors"].([]any)
		rows := map[float64][]string{}
		for _, x := range errs {
			m := x.(map[string]any)
			rows[m["row"].(float64)] = append(rows[m["row"].(float64)], m["column"].(string))
		}
		if len(rows[3]) != 1 || rows[3][0] != "统一社会信用代码" || len(rows[4]) != 3 {
			t.Fatalf("error rows = %v", rows)
		}
		if n, _ := db.Enterprises().Count(context.Background()); n != before {
			t.Fatalf("rejected import wrote: %d → %d", before, n)
		}
		code, body = upload(t, e, tok, "firms.csv", "统一社会信用代码,企业名称,企业角色\n"+u1+",长沙导入甲公司,出口商\n")
		if code != 200 || body["created"].(float64) != 1 {
			t.Fatalf("good import: %d %v", code, body)
		}
		if code, _ := upload(t, e, tok, "firms.txt", "x"); code != 400 {
			t.Fatalf("wrong extension: %d", code)
		}
		// The template downloads parse back.
		resp, err := http.Get(e.ts.URL + "/enterprises/import/template.xlsx")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("template: %v %v", resp, err)
		}
		resp.Body.Close()
		n, err := (&audit.Service{Store: db.Audit()}).Verify(context.Background(), risk.System)
		if err != nil || n == 0 {
			t.Fatalf("audit after import: %d %v", n, err)
		}
	})
}

func TestOperations(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	code, body := e.api("GET", "/healthz", "", nil)
	if code != 200 || body["status"] != "ok" {
		t.Fatalf("healthz: %d %v", code, body)
	}
	resp, err := http.Get(e.ts.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `riskgate_http_requests_total{code="200",method="GET",route="/healthz"} 1`) {
		t.Fatalf("metrics do not count the health check:\n%.2000s", m)
	}
	for _, asset := range []string{"/static/app.css", "/static/vendor/echarts.min.js", "/static/vendor/htmx.min.js"} {
		resp, err := http.Get(e.ts.URL + asset)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", asset, resp.StatusCode, err)
		}
		resp.Body.Close()
	}
	// Through a trusted proxy, a remote caller may not read the metrics.
	req, _ := http.NewRequest("GET", e.ts.URL+"/metrics", nil)
	req.Header.Set("X-Forwarded-For", "203.0.113.9")
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("remote /metrics: %v %v", resp.StatusCode, err)
	}
	// Redirects after sign-in stay on the site.
	for _, next := range []string{"/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/"} {
		nb := e.browser()
		resp, err := nb.c.Get(e.ts.URL + "/lang/en?next=" + url.QueryEscape(next))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if loc := resp.Header.Get("Location"); loc != "/" {
			t.Errorf("next=%q redirected to %q, want /", next, loc)
		}
	}
	// Anonymous uploads are refused before the body is read.
	if resp, err := http.Post(e.ts.URL+"/enterprises/import", "multipart/form-data; boundary=x", strings.NewReader("--x--")); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("anonymous upload: %v %v", resp.StatusCode, err)
	}
	// Signing in again while signed in works and replaces the session.
	again := e.browser()
	again.login("officer", password("officer"))
	if resp := again.login("officer", password("officer")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("second sign-in: %d", resp.StatusCode)
	}
	// Repeated wrong passwords lock the login.
	b := e.browser()
	var last int
	for i := 0; i < 6; i++ {
		resp := b.login("admin", "wrong-password")
		last = resp.StatusCode
	}
	if last != http.StatusTooManyRequests {
		t.Fatalf("sixth wrong login: %d, want 429", last)
	}
}
