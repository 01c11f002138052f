package web_test

// Defects found when the API was probed as an outsider would (issue 11,
// item 10), each with the test that shows it fixed.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"riskgate/internal/auth"
	"riskgate/internal/risk"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// errMessage is the message of an API error body.
func errMessage(body map[string]any) string {
	e, _ := body["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

// goNames are signs of Go internals in a message meant for people.
var goNames = regexp.MustCompile(`Go |struct|json:|\b[A-Z][a-z]+\.[a-z_]+\b|float64|int64|\binternal\b|内部错误|\b[a-z]+\.[A-Z][A-Za-z]+`)

// checkMessage fails unless msg is bilingual ("中文 / English"), names
// no Go identifier, and says each half once.
func checkMessage(t *testing.T, what, msg string) {
	t.Helper()
	zh, en, ok := strings.Cut(msg, " / ")
	if !ok || zh == "" || en == "" {
		t.Errorf("%s: message %q is not bilingual", what, msg)
	}
	if strings.Contains(en, " / ") {
		t.Errorf("%s: message %q repeats itself", what, msg)
	}
	if m := goNames.FindString(msg); m != "" {
		t.Errorf("%s: message %q shows %q", what, msg, m)
	}
}

// send makes a request with a raw body and content type.
func (e *env) send(method, path, token, ctype string, body io.Reader) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.ts.URL+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
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

func declaration(lines string) string {
	return `{"number": "P-1", "direction": "export", "port": "4900", "declared_at": "2026-11-01T08:00:00Z", "trade_mode": "0110", "lines": [` + lines + `]}`
}

const line = `{"hs_code": "9613800000", "name": "打火机", "destination": "DE"}`

// TestJSONErrorsNameTheField: every JSON decoding problem is a 400 naming
// the field by its path as the client wrote it, in both languages, never
// by a Go name ("Complaint.product_name") nor as "body" when a field is at
// fault.
func TestJSONErrorsNameTheField(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp, off := e.token("inspector"), e.token("officer")
	tests := []struct {
		name, path, token, body, field string
	}{
		{"wrong type in a line", "/api/v1/declarations/screen", insp, declaration(line + "," + line + `, {"hs_code": "9613800000", "name": "x", "quantity": "many"}`), "lines[2].quantity"},
		{"wrong type in a batch", "/api/v1/declarations/screen", insp, `{"items": [` + declaration(line) + "," + declaration(`{"hs_code": 9613, "name": "x"}`) + `]}`, "items[1].lines[0].hs_code"},
		{"unknown field in a line", "/api/v1/declarations/screen", insp, declaration(`{"hs_code": "9613800000", "name": "x", "colour": "red"}`), "lines[0].colour"},
		{"bad time", "/api/v1/declarations/screen", insp, strings.Replace(declaration(line), "2026-11-01T08:00:00Z", "yesterday", 1), "declared_at"},
		{"number out of range", "/api/v1/declarations/screen", insp, declaration(`{"hs_code": "9613800000", "name": "x", "quantity": 1e400}`), "lines[0].quantity"},
		{"malformed in a line", "/api/v1/declarations/screen", insp, declaration(`{"hs_code": "9613800000" "name": "x"}`), "lines[0].hs_code"},
		{"array for an object", "/api/v1/declarations/screen", insp, `[1, 2]`, "body"},
		{"complaint field of an embedded struct", "/api/v1/public/complaints", "", `{"product_name": 7}`, "product_name"},
		{"complaint date", "/api/v1/public/complaints", "", `{"product_name": "电暖器", "occurred_at": 20261101}`, "occurred_at"},
		{"nested unknown field", "/api/v1/public/subscriptions", "", `{"channel": "webhook", "address": "https://hooks.example.com/x", "filter": {"colour": ["red"]}}`, "filter.colour"},
		{"signal batch", "/api/v1/signals", off, `{"items": [{"channel": "12315"}, {"channel": "12315", "product": {"name": ["x"]}}]}`, "items[1].product.name"},
		{"probability of a step", "/api/v1/assessments/evaluate", off, `{"scenarios": [{"severity": 2, "steps": [{"probability": true}]}]}`, "scenarios[0].steps[0].probability"},
		{"integer expected", "/api/v1/assessments/evaluate", off, `{"scenarios": [{"severity": 2.5, "steps": [{"probability": 0.5}]}]}`, "scenarios[0].severity"},
		{"truncated", "/api/v1/assessments/evaluate", off, `{"scenarios": [`, "body"},
		{"two values", "/api/v1/assessments/evaluate", off, `{} {}`, "body"},
		{"empty", "/api/v1/assessments/evaluate", off, ``, "body"},
		// Found by FuzzStrictJSON: a member with an empty name was named
		// nothing, and a second value after an object panicked (a 500).
		{"member with an empty name", "/api/v1/public/complaints", "", `{"": "x"}`, `""`},
		{"value after an object", "/api/v1/public/complaints", "", `{"":[]}""`, "body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := e.send("POST", tt.path, tt.token, "application/json", strings.NewReader(tt.body))
			if code != 400 || errField(body) != tt.field {
				t.Fatalf("%d field %q, want 400 naming %s: %v", code, errField(body), tt.field, body)
			}
			checkMessage(t, tt.name, errMessage(body))
			if tt.field != "body" && !strings.Contains(errMessage(body), tt.field) {
				t.Errorf("message %q does not name %s", errMessage(body), tt.field)
			}
		})
	}
}

// TestProbabilityAsAnyNumber: a step probability is any JSON number in
// (0, 1], in exponent form too, as Python writes 7.4e-05; exact fractions
// still work.
func TestProbabilityAsAnyNumber(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off := e.token("officer")
	eval := func(p string) (int, map[string]any) {
		return e.api("POST", "/api/v1/assessments/evaluate", off, `{"scenarios": [{"severity": 4, "steps": [{"probability": `+p+`}]}]}`)
	}
	for _, tt := range []struct{ p, exact string }{
		{"7.4e-05", "37/500000"}, {"7.4E-5", "37/500000"}, {"1e-300", "1/1" + strings.Repeat("0", 300)}, {"5e-1", "1/2"},
		{"0.000074", "37/500000"}, {"1", "1"}, {`"1/500"`, "1/500"}, {`"7.4e-05"`, "37/500000"}, {"1.0e0", "1"},
	} {
		code, body := eval(tt.p)
		sc, _ := body["scenarios"].([]any)
		if code != 200 || len(sc) != 1 || sc[0].(map[string]any)["exact"] != tt.exact {
			t.Errorf("probability %s: %d %v, want exact %s", tt.p, code, body, tt.exact)
		}
	}
	for _, p := range []string{"0", "1.5", "-7.4e-05", "1e1", "1e-1000000", `"0x1p-2"`, `"0b1"`} {
		code, body := eval(p)
		if code != 400 || errField(body) != "scenarios[0].steps[0].probability" {
			t.Errorf("probability %s: %d %v, want 400 naming the step", p, code, body)
		}
		checkMessage(t, p, errMessage(body))
	}
}

// TestRefusalsSayWhat: a refusal or a missing object is a 403 or 404 with
// a bilingual message, never "internal error", on the detector, alarm,
// injury, matching and foreign-import routes.
func TestRefusalsSayWhat(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off, appr, ent := e.token("officer"), e.token("approver"), e.token("enterprise")
	tests := []struct {
		name, method, path, token string
		body                      any
		want                      int
	}{
		{"missing detector", "GET", "/api/v1/detectors/999999", off, nil, 404},
		{"missing detector's series", "GET", "/api/v1/detectors/999999/series", off, nil, 404},
		{"running a missing detector", "POST", "/api/v1/detectors/999999/run", off, nil, 404},
		{"detectors for an enterprise", "GET", "/api/v1/detectors", ent, nil, 403},
		{"alarms for an enterprise", "GET", "/api/v1/detection/alarms", ent, nil, 403},
		{"injuries for an enterprise", "GET", "/api/v1/injuries", ent, nil, 403},
		{"injury import by an approver", "POST", "/api/v1/injuries/import", appr, "x", 403},
		{"matches for an enterprise", "GET", "/api/v1/matches", ent, nil, 403},
		{"match run by an approver", "POST", "/api/v1/matches/run", appr, map[string]any{"days": 1}, 403},
		{"unknown match action", "POST", "/api/v1/matches/1/frobnicate", off, map[string]any{}, 404},
		{"missing match", "POST", "/api/v1/matches/999999/reject", off, map[string]any{}, 404},
		{"foreign import by an approver", "POST", "/api/v1/foreign/import?format=cpsc", appr, "x", 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := e.api(tt.method, tt.path, tt.token, tt.body)
			if code != tt.want {
				t.Fatalf("%d %v, want %d", code, body, tt.want)
			}
			checkMessage(t, tt.name, errMessage(body))
		})
	}
	// The HTML pages say the same in words.
	b := e.browser()
	b.login("officer", password("officer"))
	if resp, page := b.get("/detection/999999"); resp.StatusCode != 404 || strings.Contains(page, "内部错误") {
		t.Fatalf("missing detector page: %d", resp.StatusCode)
	}
}

// TestDetectorRunScopedToDepartment: a detector is run, changed or
// switched off only by its department or an administrator.
func TestDetectorRunScopedToDepartment(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		off := e.token("officer")
		if _, err := e.app.Auth.AddUser(context.Background(), risk.System, auth.NewUser{Login: "amr", Name: "王芳", Dept: "hn-amr",
			Role: "officer", Password: "a-long-password"}); err != nil {
			t.Fatal(err)
		}
		amr := e.token("amr")
		in := map[string]any{"name": "打火机投诉", "group_by": []string{"hs_heading"}, "period": "week", "method": "earsC1"}
		code, body := e.api("POST", "/api/v1/detectors", off, in)
		if code != 201 {
			t.Fatalf("create: %d %v", code, body)
		}
		id := int(body["id"].(float64))
		run := fmt.Sprintf("/api/v1/detectors/%d/run", id)
		code, body = e.api("POST", run, amr, nil)
		if code != http.StatusForbidden {
			t.Fatalf("another department ran customs' detector: %d %v", code, body)
		}
		checkMessage(t, "run by another department", errMessage(body))
		if code, body := e.api("PUT", fmt.Sprintf("/api/v1/detectors/%d", id), amr, in); code != http.StatusForbidden {
			t.Fatalf("another department changed customs' detector: %d %v", code, body)
		}
		// The same from the page.
		b := e.browser()
		b.get("/login")
		b.post("/login", url.Values{"csrf": {b.csrf}, "login": {"amr"}, "password": {"a-long-password"}, "next": {"/"}})
		b.get("/detection")
		for _, action := range []string{"run", "deactivate"} {
			if resp, _ := b.post(fmt.Sprintf("/detection/%d/%s", id, action), url.Values{"csrf": {b.csrf}}); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("another department's %s from the page: %d", action, resp.StatusCode)
			}
		}
		// Reading stays open to officials (the counts are province-wide).
		if code, _ := e.api("GET", fmt.Sprintf("/api/v1/detectors/%d/series", id), amr, nil); code != 200 {
			t.Fatalf("another department's read: %d", code)
		}
		for _, tok := range []string{off, e.token("admin")} {
			if code, body := e.api("POST", run, tok, nil); code != 200 {
				t.Fatalf("run by its department or an administrator: %d %v", code, body)
			}
		}
	})
}

// TestJSONRoutesRequireJSON: a JSON route refuses a body of another type
// with 415, saying so in both languages.
func TestJSONRoutesRequireJSON(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	insp, off := e.token("inspector"), e.token("officer")
	body := declaration(line)
	for _, tt := range []struct {
		path, token, ctype string
		want               int
	}{
		{"/api/v1/declarations/screen", insp, "text/plain", 415},
		{"/api/v1/declarations/screen", insp, "application/x-www-form-urlencoded", 415},
		{"/api/v1/declarations/screen", insp, "", 415},
		{"/api/v1/declarations/screen", insp, "application/json; charset=latin1", 415},
		{"/api/v1/declarations/screen", insp, "application/json; charset=UTF-8", 200},
		{"/api/v1/declarations/screen", insp, "application/json", 200},
		{"/api/v1/signals", off, "text/csv", 415},
		{"/api/v1/enterprises", off, "multipart/form-data; boundary=x", 415},
		{"/api/v1/public/subscriptions", "", "text/plain", 415},
	} {
		code, out := e.send("POST", tt.path, tt.token, tt.ctype, strings.NewReader(body))
		if code != tt.want {
			t.Errorf("POST %s as %q: %d %v, want %d", tt.path, tt.ctype, code, out, tt.want)
			continue
		}
		if tt.want == 415 {
			if errField(out) != "Content-Type" {
				t.Errorf("POST %s as %q names %q", tt.path, tt.ctype, errField(out))
			}
			checkMessage(t, tt.path, errMessage(out))
		}
	}
}

// TestSubscriptionFilterValidated: every facet of a subscription filter is
// checked against its catalogue and normalised; an error names the facet.
func TestSubscriptionFilterValidated(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sub := func(filter map[string]any) (int, map[string]any) {
			return e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "webhook",
				"address": "https://hooks.example.com/riskgate", "filter": filter})
		}
		for _, tt := range []struct {
			filter map[string]any
			field  string
		}{
			{map[string]any{"countries": []string{"XX"}}, "filter.countries"},
			{map[string]any{"countries": []string{"CN,DE"}}, "filter.countries"},
			{map[string]any{"countries": []string{"中国"}}, "filter.countries"},
			{map[string]any{"hs_prefixes": []string{"36a"}}, "filter.hs_prefixes"},
			{map[string]any{"hs_prefixes": []string{"360"}}, "filter.hs_prefixes"},
			{map[string]any{"hazards": []string{"boredom"}}, "filter.hazards"},
			{map[string]any{"categories": []string{"nope"}}, "filter.categories"},
			{map[string]any{"grades": []string{"V"}}, "filter.grades"},
		} {
			code, body := sub(tt.filter)
			if code != 400 || errField(body) != tt.field {
				t.Errorf("filter %v: %d %v, want 400 naming %s", tt.filter, code, body, tt.field)
				continue
			}
			checkMessage(t, tt.field, errMessage(body))
		}
		code, body := sub(map[string]any{"countries": []string{"cn", "CN", "de"}, "hs_prefixes": []string{"3604.10"}, "grades": []string{"ii"}})
		if code != 202 {
			t.Fatalf("good filter: %d %v", code, body)
		}
		got, _ := json.Marshal(body["filter"])
		if want := `{"countries":["CN","DE"],"grades":["II"],"hs_prefixes":["360410"]}`; string(got) != want {
			t.Fatalf("stored filter %s, want %s", got, want)
		}
		// The feed's query is checked the same way.
		resp, err := http.Get(e.ts.URL + "/feeds/announcements.atom?country=XX")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 400 {
			t.Fatalf("feed for country XX: %d", resp.StatusCode)
		}
	})
}

// TestLinksNeverFromHost: without RISKGATE_PUBLIC_URL, feeds, CAP
// documents, the public list and complaint receipts never take a link from
// the request's Host header; with it, they use it.
func TestLinksNeverFromHost(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	fetch := func(method, path, body string) (int, string) {
		t.Helper()
		var rd io.Reader
		if body != "" {
			rd = strings.NewReader(body)
		}
		req, _ := http.NewRequest(method, e.ts.URL+path, rd)
		req.Host = "evil.example"
		req.Header.Set("X-Forwarded-Host", "evil.example")
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	code, list := fetch("GET", "/api/v1/public/announcements", "")
	var ann struct {
		Items []struct {
			ID     int    `json:"id"`
			URL    string `json:"url"`
			CAPURL string `json:"cap_url"`
		}
	}
	json.Unmarshal([]byte(list), &ann)
	if code != 200 || len(ann.Items) == 0 {
		t.Fatalf("public list: %d %s", code, list)
	}
	id := ann.Items[0].ID
	if want := fmt.Sprintf("/cap/warnings/%d.xml", id); ann.Items[0].CAPURL != want || ann.Items[0].URL != fmt.Sprintf("/public/announcements/%d", id) {
		t.Errorf("public list links %q %q, want relative ones", ann.Items[0].URL, ann.Items[0].CAPURL)
	}
	code, feed := fetch("GET", "/feeds/announcements.atom?grade=II,III", "")
	if code != 200 || !strings.Contains(feed, "<id>tag:") || !strings.Contains(feed, fmt.Sprintf(`href="/public/announcements/%d"`, id)) {
		t.Errorf("feed without a portal URL: %d\n%s", code, feed)
	}
	code, capDoc := fetch("GET", fmt.Sprintf("/cap/warnings/%d.xml", id), "")
	if code != 200 || strings.Contains(capDoc, "<web>") {
		t.Errorf("CAP without a portal URL has a web element or failed: %d", code)
	}
	validAtom(t, []byte(feed))
	validCAP(t, "relative.cap.xml", []byte(capDoc))
	code, receipt := fetch("POST", "/api/v1/public/complaints", `{"product_name": "电暖器", "description": "使用时外壳过热冒烟。", "region": "430102", "contact": "13800000000"}`)
	if code != 201 || !strings.Contains(receipt, `"status_url":"/public/complaints/`) {
		t.Errorf("complaint receipt: %d %s", code, receipt)
	}
	for what, doc := range map[string]string{"list": list, "feed": feed, "cap": capDoc, "receipt": receipt} {
		if strings.Contains(doc, "evil.example") {
			t.Errorf("%s takes a link from the Host header:\n%s", what, doc)
		}
	}
	// Configured, the portal URL is used throughout.
	e.srv.PublicURL = "https://portal.example.gov.cn"
	_, feed = fetch("GET", "/feeds/announcements.atom", "")
	_, capDoc = fetch("GET", fmt.Sprintf("/cap/warnings/%d.xml", id), "")
	_, list = fetch("GET", "/api/v1/public/announcements", "")
	for what, doc := range map[string]string{"list": list, "feed": feed, "cap": capDoc} {
		if !strings.Contains(doc, "https://portal.example.gov.cn/") || strings.Contains(doc, "evil.example") {
			t.Errorf("%s with a portal URL:\n%s", what, doc)
		}
	}
}

// TestAnonymousAlways401: every route that is not public answers an
// anonymous caller 401 (a page: the way to sign in) before it looks
// anything up, so that existing and missing ids look the same.
func TestAnonymousAlways401(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	fill := func(pattern, id string) string {
		r := strings.NewReplacer("{id}", id, "{aid}", id, "{number}", "4301202600000"+id, "{line}", "1", "{action}", "close",
			"{format}", "pdf", "{code}", "T"+id, "{name}", "hs", "{lang}", "en", "{$}", "", "{file}", id+".xml")
		return r.Replace(pattern)
	}
	calls := 0
	answer := func(method, path string) (int, string, string) {
		calls++ // each from its own address, under the rate limit
		var body io.Reader
		if method != "GET" {
			body = strings.NewReader("{}")
		}
		req, _ := http.NewRequest(method, e.ts.URL+path, body)
		req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.%d.%d", calls/200, calls%200))
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, resp.Header.Get("Location"), string(b)
	}
	n := 0
	for _, rt := range e.srv.Routes() {
		if rt.Public {
			continue
		}
		n++
		t.Run(rt.Method+" "+rt.Pattern, func(t *testing.T) {
			path1, path2 := fill(rt.Pattern, "1"), fill(rt.Pattern, "999999")
			code1, loc1, body1 := answer(rt.Method, path1)
			code2, loc2, body2 := answer(rt.Method, path2)
			api := strings.HasPrefix(rt.Pattern, "/api/") || strings.HasPrefix(rt.Pattern, "/epcis/") // the EPCIS REST binding is an API
			// Pages differ only in the path they lead back to.
			if code1 != code2 || (api && body1 != body2) {
				t.Fatalf("existing and missing ids differ: %d %s vs %d %s", code1, body1, code2, body2)
			}
			page := !api && rt.Method == "GET"
			switch {
			case page && (code1 != http.StatusSeeOther || loc1 != "/login?next="+url.QueryEscape(path1) || loc2 != "/login?next="+url.QueryEscape(path2)):
				t.Fatalf("anonymous page: %d %s, want the way to sign in", code1, loc1)
			case !page && code1 != http.StatusUnauthorized:
				t.Fatalf("anonymous: %d %s, want 401", code1, body1)
			}
		})
	}
	if n < 100 {
		t.Fatalf("only %d private routes swept", n)
	}
	// CAP: a 公告's message is public; a 通报's answers 401 like a missing one.
	code, body := e.api("GET", "/api/v1/public/announcements", "", nil)
	pub := int(body["items"].([]any)[0].(map[string]any)["id"].(float64))
	code, body = e.api("GET", "/api/v1/warnings?limit=50", e.token("officer"), nil)
	restricted := 0
	for _, x := range body["items"].([]any) {
		w := x.(map[string]any)
		if w["class"] == "bulletin" && w["number"] != nil && w["number"] != "" {
			restricted = int(w["id"].(float64))
		}
	}
	if code != 200 || restricted == 0 {
		t.Fatalf("no issued 通报 in the demo: %d %v", code, body)
	}
	for _, tt := range []struct {
		id   int
		want int
	}{{pub, 200}, {restricted, 401}, {999999, 401}} {
		code, _, _ := answer("GET", fmt.Sprintf("/cap/warnings/%d.xml", tt.id))
		if code != tt.want {
			t.Errorf("anonymous CAP of %d: %d, want %d", tt.id, code, tt.want)
		}
	}
}

// endless is a body of n bytes: a line of CSV heading, then filler rows.
type endless struct {
	head string
	row  string
	n    int64
	off  int64
}

func (r *endless) Read(p []byte) (int, error) {
	if r.off >= r.n {
		return 0, io.EOF
	}
	i := 0
	for i < len(p) && r.off < r.n {
		var src string
		if r.off < int64(len(r.head)) {
			src = r.head[r.off:]
		} else {
			k := (r.off - int64(len(r.head))) % int64(len(r.row))
			src = r.row[k:]
		}
		c := copy(p[i:], src)
		c = int(min(int64(c), r.n-r.off))
		i += c
		r.off += int64(c)
	}
	return i, nil
}

// TestUploadsOverTheirLimit: every import answers 413 when the file is
// over its size, and a JSON body over its limit too.
func TestUploadsOverTheirLimit(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off := e.token("officer")
	const over = 64<<20 + 1<<20
	filler := strings.Repeat("长沙", 300)
	for _, tt := range []struct {
		path, head, row string
	}{
		{"/api/v1/enterprises/import?format=csv", "统一社会信用代码,企业名称,企业角色\n", "91430100MA4L5K4J3X," + filler + ",exporter\n"},
		{"/api/v1/signals/import?format=csv", "信息来源渠道,外部编号,描述\n", "12315,x," + filler + "\n"},
		{"/api/v1/foreign/import?format=cpsc", `[{"RecallNumber": "1", "Title": "`, filler},
		{"/api/v1/injuries/import", "CPSC_Case_Number,Treatment_Date,Narrative_1\n", "1,01/02/2026," + filler + "\n"},
	} {
		code, body := e.send("POST", tt.path, off, "text/csv", &endless{head: tt.head, row: tt.row, n: over})
		if code != http.StatusRequestEntityTooLarge || errField(body) != "file" {
			t.Errorf("POST %s of 65 MiB: %d %v, want 413", tt.path, code, body)
			continue
		}
		checkMessage(t, tt.path, errMessage(body))
	}
	// A batch of signals over 16 MiB.
	big := `{"items": [` + strings.Repeat(`{"channel": "12315", "description": "`+filler+`"},`, 16<<20/len(filler)) + `{}]}`
	if code, body := e.send("POST", "/api/v1/signals", off, "application/json", strings.NewReader(big)); code != 413 {
		t.Errorf("signals over 16 MiB: %d %v", code, body)
	}
	// A multipart upload from the form too.
	code, body := e.send("POST", "/api/v1/injuries/import", off, "multipart/form-data; boundary=b",
		io.MultiReader(strings.NewReader("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\n"),
			&endless{head: "CPSC_Case_Number,Treatment_Date\n", row: "1,01/02/2026\n", n: over}))
	if code != 413 {
		t.Errorf("multipart injuries over 64 MiB: %d %v", code, body)
	}
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// TestMissingNeverA500: every route with an id, asked by an official and
// by an enterprise user about one that does not exist, answers a 4xx with
// a bilingual message — never a 500 nor "internal error".
func TestMissingNeverA500(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	tokens := map[string]string{"officer": e.token("officer"), "enterprise": e.token("enterprise"), "admin": e.token("admin")}
	fill := strings.NewReplacer("{id}", "999999", "{aid}", "999999", "{number}", "430120269999999999", "{line}", "1",
		"{action}", "close", "{format}", "pdf", "{file}", "999999.xml")
	calls := 0
	for _, rt := range e.srv.Routes() {
		if !strings.Contains(rt.Pattern, "{id}") && !strings.Contains(rt.Pattern, "{number}") && !strings.Contains(rt.Pattern, "{file}") {
			continue
		}
		for who, tok := range tokens {
			calls++
			var body io.Reader
			if rt.Method != "GET" {
				body = strings.NewReader("{}")
			}
			req, _ := http.NewRequest(rt.Method, e.ts.URL+fill.Replace(rt.Pattern), body)
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Accept", "application/json")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.51.100.%d", calls%250))
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := noRedirect.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var out map[string]any
			json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			if resp.StatusCode == http.StatusSeeOther && !strings.HasPrefix(rt.Pattern, "/api/") {
				continue // a form's refusal: back to its page with the message
			}
			if resp.StatusCode >= 500 || resp.StatusCode < 400 {
				t.Errorf("%s %s as %s: %d %v", rt.Method, rt.Pattern, who, resp.StatusCode, out)
				continue
			}
			checkMessage(t, rt.Method+" "+rt.Pattern+" as "+who, errMessage(out))
		}
	}
}
