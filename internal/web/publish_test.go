package web_test

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"riskgate/internal/publish"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// standards is the folder of the official schemas (copied from shared/data/standards with their notices).
const standards = "testdata/standards"

// xmllint validates doc with xmllint and the schema arguments (--schema
// FILE or --relaxng FILE). scripts/test installs xmllint; a plain `go
// test` without it skips.
func xmllint(t *testing.T, name string, doc []byte, schema ...string) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		if os.Getenv("RISKGATE_TEST_POSTGRES") != "" {
			t.Fatal("xmllint is missing (scripts/test installs libxml2-utils)")
		}
		t.Skip("no xmllint on PATH")
	}
	if _, err := os.Stat(schema[1]); err != nil {
		t.Fatalf("schema: %v", err)
	}
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", append(append([]string{"--noout"}, schema...), f)...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s does not validate: %v\n%s\n%s", name, err, out, doc)
	}
}

func validCAP(t *testing.T, name string, doc []byte) publish.CAPAlert {
	t.Helper()
	xmllint(t, name, doc, "--schema", standards+"/cap-1.2/CAP-v1.2.xsd")
	var a publish.CAPAlert
	if err := xml.Unmarshal(doc, &a); err != nil {
		t.Fatal(err)
	}
	return a
}

// atomFeed is what the test reads of a feed.
type atomFeed struct {
	Author  []struct{ Name string } `xml:"author"`
	Updated string                  `xml:"updated"`
	Entries []struct {
		ID      string                  `xml:"id"`
		Title   string                  `xml:"title"`
		Author  []struct{ Name string } `xml:"author"`
		Content *struct{}               `xml:"content"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Type string `xml:"type,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

// validAtom validates a feed against RFC 4287's RELAX NG schema and checks
// the two rules the schema cannot: an author for every entry, and an
// alternate link or content in every entry.
func validAtom(t *testing.T, doc []byte) atomFeed {
	t.Helper()
	xmllint(t, "feed.atom", doc, "--relaxng", standards+"/atom-1.0/atom-rfc4287.rng")
	var f atomFeed
	if err := xml.Unmarshal(doc, &f); err != nil {
		t.Fatal(err)
	}
	for _, e := range f.Entries {
		if len(f.Author) == 0 && len(e.Author) == 0 {
			t.Errorf("entry %s has no author", e.ID)
		}
		alt := false
		for _, l := range e.Links {
			alt = alt || l.Rel == "alternate" || l.Rel == ""
		}
		if !alt && e.Content == nil {
			t.Errorf("entry %s has neither alternate link nor content", e.ID)
		}
	}
	return f
}

func get(t *testing.T, url, token string) (int, http.Header, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func TestPublication(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.srv.PublicURL = e.ts.URL // a configured portal URL (TestLinksNeverFromHost: none)
		off, appr := e.token("officer"), e.token("approver")

		// The demo's 公告 is in the public list with its CAP document.
		code, body := e.api("GET", "/api/v1/public/announcements", "", nil)
		items := body["items"].([]any)
		if code != 200 || len(items) != 1 {
			t.Fatalf("public: %d %v", code, body)
		}
		ann := items[0].(map[string]any)
		id := int(ann["id"].(float64))
		if ann["cap_url"] != fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, id) {
			t.Fatalf("cap_url %v", ann["cap_url"])
		}
		code, h, doc := get(t, ann["cap_url"].(string), "")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/cap+xml") {
			t.Fatalf("cap: %d %s %s", code, h.Get("Content-Type"), doc)
		}
		a := validCAP(t, "alert.xml", doc)
		if a.MsgType != "Alert" || a.Scope != "Public" || a.Source != ann["number"] || len(a.Info) != 2 ||
			a.Info[0].Language != "zh-CN" || a.Info[1].Language != "en" || a.Info[0].Area[0].Geocode[0].Value != "430000" {
			t.Fatalf("alert %+v", a)
		}

		// The demo's 通报 is Restricted: signed-in officials only.
		code, body = e.api("GET", "/api/v1/warnings?class=bulletin", off, nil)
		var bid int
		for _, x := range body["items"].([]any) {
			if w := x.(map[string]any); w["class"] == "bulletin" && w["status"] == "issued" {
				bid = int(w["id"].(float64))
			}
		}
		if bid == 0 {
			t.Fatalf("no issued bulletin: %d %v", code, body)
		}
		if code, _, _ := get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, bid), ""); code != 401 {
			t.Fatalf("bulletin CAP anonymously: %d", code)
		}
		code, _, doc = get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, bid), off)
		if code != 200 {
			t.Fatalf("bulletin CAP: %d %s", code, doc)
		}
		if b := validCAP(t, "bulletin.xml", doc); b.Scope != "Restricted" || b.Restriction == "" {
			t.Fatalf("bulletin %+v", b)
		}
		if code, _, _ := get(t, fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, bid), e.token("enterprise")); code != 403 && code != 404 {
			t.Fatalf("bulletin CAP to an enterprise: %d", code)
		}

		// An update publishes an Update that references the Alert.
		_, w := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d", id), off, nil)
		w["valid_until"] = "2027-12-31T00:00:00+08:00"
		w["reason"] = "延长有效期"
		for _, k := range []string{"id", "case_id", "assessment_id", "status", "number", "issued_at", "created_at", "updated_at", "created_by",
			"computed_grade", "grade_reason", "rules_version", "level", "dept", "approver_id", "ended_at", "end_reason", "lift_proposed_at", "lift_proposal"} {
			delete(w, k)
		}
		if code, body := e.api("PUT", fmt.Sprintf("/api/v1/warnings/%d", id), off, w); code != 200 {
			t.Fatalf("update: %d %v", code, body)
		}
		_, _, doc = get(t, ann["cap_url"].(string), "")
		u := validCAP(t, "update.xml", doc)
		if u.MsgType != "Update" || !strings.Contains(u.References, ","+a.Identifier+","+a.Sent) || u.Identifier == a.Identifier ||
			!strings.HasPrefix(u.Info[0].Expires, "2027-12-31T00:00:00") {
			t.Fatalf("update %+v", u)
		}
		// The first message stays as it was sent.
		code, _, first := get(t, fmt.Sprintf("%s/cap/warnings/%d-1.xml", e.ts.URL, id), "")
		if f := validCAP(t, "first.xml", first); code != 200 || f.Identifier != a.Identifier || f.Info[0].Expires != a.Info[0].Expires {
			t.Fatalf("first message %d %+v", code, f)
		}

		// The feed: valid Atom, one entry per announcement, filters.
		code, h, feed := get(t, e.ts.URL+"/feeds/announcements.atom", "")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "application/atom+xml") {
			t.Fatalf("feed: %d %s", code, h.Get("Content-Type"))
		}
		f := validAtom(t, feed)
		if len(f.Entries) != 1 || f.Entries[0].Title != ann["title"] {
			t.Fatalf("feed entries %+v", f.Entries)
		}
		capLink := false
		for _, l := range f.Entries[0].Links {
			capLink = capLink || l.Type == "application/cap+xml" && l.Href == ann["cap_url"]
		}
		if !capLink {
			t.Errorf("entry lacks its CAP link: %+v", f.Entries[0].Links)
		}
		for _, tt := range []struct {
			query string
			n     int
		}{{"hs=9613", 1}, {"hs=96", 1}, {"hs=3604", 0}, {"category=lighters", 1}, {"category=toys", 0},
			{"hazard=burns", 1}, {"hazard=chemical", 0}, {"grade=IV", 0}, {"country=CN&category=lighters,toys", 1}} {
			code, _, feed := get(t, e.ts.URL+"/feeds/announcements.atom?"+tt.query, "")
			if code != 200 {
				t.Fatalf("%s: %d", tt.query, code)
			}
			if n := len(validAtom(t, feed).Entries); n != tt.n {
				t.Errorf("%s: %d entries, want %d", tt.query, n, tt.n)
			}
		}
		for _, tt := range []struct{ query, field string }{{"grade=V", "grade"}, {"hs=96x", "hs"}, {"hazard=nope", "hazard"},
			{"category=nope", "category"}, {"country=China", "country"}} {
			code, body := e.api("GET", "/feeds/announcements.atom?"+tt.query, "", nil)
			if code != 400 || errField(body) != tt.field {
				t.Errorf("%s: %d %v", tt.query, code, body)
			}
		}

		// Lifting publishes a Cancel that references both earlier messages.
		_, w = e.api("GET", fmt.Sprintf("/api/v1/warnings/%d", id), off, nil)
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", id), appr,
			map[string]any{"action": "lift", "note": "召回完成", "rev": w["rev"]}); code != 200 {
			t.Fatalf("lift: %d %v", code, body)
		}
		_, _, doc = get(t, ann["cap_url"].(string), "")
		c := validCAP(t, "cancel.xml", doc)
		if c.MsgType != "Cancel" || strings.Count(c.References, " ") != 1 || !strings.Contains(c.References, u.Identifier) || c.Note != "召回完成" {
			t.Fatalf("cancel %+v", c)
		}
		_, _, feed = get(t, e.ts.URL+"/feeds/announcements.atom", "")
		if f := validAtom(t, feed); len(f.Entries) != 1 || !strings.HasPrefix(f.Entries[0].Title, "【已解除】") {
			t.Fatalf("feed after lifting %+v", f.Entries)
		}
		if code, _, _ := get(t, fmt.Sprintf("%s/cap/warnings/%d-9.xml", e.ts.URL, id), ""); code != 404 {
			t.Errorf("missing message: %d", code)
		}
	})
}

// issueAnnouncement drafts, approves and issues a 公告 on a new case.
func issueAnnouncement(t *testing.T, e *env, title, summary, hs string) int {
	t.Helper()
	off, appr := e.token("officer"), e.token("approver")
	cid := approvedCase(t, e)
	code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": "announcement", "title": title,
		"summary": summary, "scope": map[string]any{"hs_prefixes": []string{hs}}, "matters": "不合格。", "advice": "停止使用。",
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
	return id
}

func TestPortalSearch(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		milk := issueAnnouncement(t, e, "婴幼儿配方奶粉阪崎肠杆菌风险警示", "部分进口婴幼儿配方奶粉检出阪崎肠杆菌。", "190110")
		toy := issueAnnouncement(t, e, "儿童玩具小零件窒息风险警示", "部分出口毛绒玩具眼睛脱落。", "9503")
		search := func(query string) (int, []string, map[string]any) {
			code, body := e.api("GET", "/api/v1/public/search?"+query, "", nil)
			var ids []string
			if items, ok := body["items"].([]any); ok {
				for _, x := range items {
					ids = append(ids, fmt.Sprint(x.(map[string]any)["id"]))
				}
			}
			return code, ids, body
		}
		id := func(n int) string { return fmt.Sprint(n) }
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"q=" + url.QueryEscape("奶粉"), []string{id(milk)}},
			{"q=" + url.QueryEscape("毛绒玩具"), []string{id(toy)}},
			{"q=" + url.QueryEscape("打火机"), nil},              // the demo's, checked by number below
			{"q=" + url.QueryEscape("婴儿奶粉"), []string{}},      // 婴儿 is not in the text
			{"q=" + url.QueryEscape("奶"), []string{id(milk)}}, // one character: a prefix
			{"q=" + url.QueryEscape("风险警示") + "&hs=9503", []string{id(toy)}},
			{"q=toys", []string{id(toy)}},                            // the category's English name
			{"q=" + url.QueryEscape("玩具") + "&grade=IV", []string{}}, // facets narrow the text
			{"q=" + url.QueryEscape("，。"), []string{}},
		} {
			code, ids, body := search(tt.query)
			if code != 200 {
				t.Fatalf("%s: %d %v", tt.query, code, body)
			}
			if tt.want == nil {
				if len(ids) != 1 || ids[0] == id(milk) || ids[0] == id(toy) {
					t.Errorf("%s: %v", tt.query, ids)
				}
				continue
			}
			if strings.Join(ids, ",") != strings.Join(tt.want, ",") || int(body["total"].(float64)) != len(tt.want) {
				t.Errorf("%s: got %v, want %v", tt.query, ids, tt.want)
			}
		}
		// 玩具 is in the toy announcement twice and in the demo's (children
		// take the lighters for toys) once: both, the toy one first.
		if _, ids, _ := search("q=" + url.QueryEscape("玩具")); len(ids) != 2 || ids[0] != id(toy) {
			t.Errorf("玩具: %v", ids)
		}
		// Without a query: everything public, newest first, with cap_url and status.
		_, ids, body := search("")
		if len(ids) != 3 || ids[0] != id(toy) {
			t.Fatalf("all: %v", ids)
		}
		if it := body["items"].([]any)[0].(map[string]any); it["status"] != "issued" || it["cap_url"] == nil || it["url"] == nil {
			t.Errorf("item %v", it)
		}
		for _, tt := range []struct{ query, field string }{{"q=" + strings.Repeat("a", 101), "q"}, {"grade=V", "grade"},
			{"from=2026-13-01", "from"}, {"to=yesterday", "to"}, {"limit=x", "limit"}, {"hs=1", "hs"}} {
			if code, _, body := search(tt.query); code != 400 || errField(body) != tt.field {
				t.Errorf("%s: %d %v", tt.query, code, body)
			}
		}

		// The portal page, without JavaScript: search in Chinese, open, lifted.
		b := e.browser()
		resp, page := b.get("/public?q=" + url.QueryEscape("奶粉"))
		if resp.StatusCode != 200 || !strings.Contains(page, "婴幼儿配方<mark>奶粉</mark>阪崎肠杆菌风险警示") || strings.Contains(page, "儿童玩具小零件") {
			t.Fatalf("portal search: %d", resp.StatusCode)
		}
		resp, page = b.get("/public")
		if resp.StatusCode != 200 || !strings.Contains(page, `class="badge grade-II"`) || !strings.Contains(page, "儿童玩具小零件") {
			t.Fatalf("portal home: %d", resp.StatusCode)
		}
		_, w := e.api("GET", fmt.Sprintf("/api/v1/warnings/%d", toy), e.token("officer"), nil)
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/warnings/%d/actions", toy), e.token("approver"),
			map[string]any{"action": "lift", "note": "整改完成", "rev": w["rev"]}); code != 200 {
			t.Fatalf("lift: %d %v", code, body)
		}
		resp, page = b.get(fmt.Sprintf("/public/announcements/%d", toy))
		if resp.StatusCode != 200 || !strings.Contains(page, "该公告已解除") || !strings.Contains(page, "整改完成") {
			t.Fatalf("lifted announcement page: %d", resp.StatusCode)
		}
		if _, ids, _ := search("q=" + url.QueryEscape("毛绒玩具")); len(ids) != 1 {
			t.Errorf("a lifted announcement is no longer found: %v", ids)
		}
		resp, page = b.get("/public")
		if strings.Contains(page, "儿童玩具小零件") {
			t.Error("the home page lists a lifted announcement among the latest in force")
		}
	})
}

// TestNoticeCAPForAnEnterprise: a 通告 is Private; an enterprise it is
// addressed to reads its CAP document and sees only its own address.
func TestNoticeCAPForAnEnterprise(t *testing.T) {
	e := newEnv(t, storetest.Open(t, "sqlite"))
	off, appr, ent := e.token("officer"), e.token("approver"), e.token("enterprise")
	_, me := e.api("GET", "/api/v1/me", ent, nil)
	mine := int(me["enterprise_id"].(float64))
	_, list := e.api("GET", "/api/v1/enterprises?limit=5", off, nil)
	other := 0
	for _, x := range list["items"].([]any) {
		if id := int(x.(map[string]any)["id"].(float64)); id != mine {
			other = id
		}
	}
	if mine == 0 || other == 0 {
		t.Fatalf("enterprises: mine %d other %d", mine, other)
	}
	cid := approvedCase(t, e)
	code, body := e.api("POST", fmt.Sprintf("/api/v1/cases/%d/warnings", cid), off, map[string]any{"class": "notice", "title": "打火机整改通告",
		"scope": map[string]any{"hs_prefixes": []string{"9613"}}, "matters": "火焰过高。", "advice": "整改。", "addressees": []int{mine, other},
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
	url := fmt.Sprintf("%s/cap/warnings/%d.xml", e.ts.URL, id)
	code, _, doc := get(t, url, ent)
	if code != 200 {
		t.Fatalf("the addressee reads its notice: %d %s", code, doc)
	}
	if a := validCAP(t, "notice.xml", doc); a.Scope != "Private" || a.Addresses != fmt.Sprintf("enterprise:%d", mine) {
		t.Fatalf("the addressee sees addresses %q (scope %s)", a.Addresses, a.Scope)
	}
	_, _, doc = get(t, url, off)
	if a := validCAP(t, "notice-official.xml", doc); !strings.Contains(a.Addresses, fmt.Sprintf("enterprise:%d", other)) {
		t.Fatalf("the issuer sees addresses %q", a.Addresses)
	}
	if code, _, _ := get(t, url, ""); code != 401 {
		t.Fatalf("anonymous: %d", code)
	}
}
