package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"

	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// benchOf fetches a user's workbench as JSON: section key → item key (with
// its channel code, if any) → count.
func benchOf(t *testing.T, e *env, login string) (map[string]map[string]int, map[string]any) {
	t.Helper()
	code, body := e.api("GET", "/api/v1/workbench", e.token(login), nil)
	if code != 200 {
		t.Fatalf("workbench of %s: %d %v", login, code, body)
	}
	out := map[string]map[string]int{}
	secs, _ := body["sections"].([]any)
	for _, s := range secs {
		sec := s.(map[string]any)
		items := map[string]int{}
		for _, i := range sec["items"].([]any) {
			it := i.(map[string]any)
			key := it["key"].(string)
			if c, _ := it["code"].(string); c != "" {
				key += ":" + c
			}
			n, _ := it["count"].(float64)
			items[key] = int(n)
		}
		out[sec["key"].(string)] = items
	}
	pic, _ := body["picture"].(map[string]any)
	return out, pic
}

func keys[V any](m map[string]V) string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func TestWorkbench(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		// Anonymous visitors go to the portal.
		resp, _ := e.browser().get("/")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/public" {
			t.Fatalf("anonymous /: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		// Each role sees its own queues.
		want := map[string]string{
			"officer":    "answers,inbox,measures,petitions,recalls,triage,work",
			"approver":   "approvals,inbox",
			"inspector":  "inbox,port,triage",
			"enterprise": "inbox,own,recalls",
			"lab":        "own",
			"admin":      "inbox,triage,work",
		}
		for login, sections := range want {
			// The plan's tracker queue is there while the user's unit
			// has a quarterly report overdue, which the wall clock decides
			// (TestTrackerContract pins it).
			if u, _, err := e.app.DB.Auth().UserByLogin(t.Context(), login); err == nil {
				if q, err := e.app.Services.Tracker.Queue(t.Context(), u.Actor()); err == nil && q.Overdue > 0 {
					ss := append(strings.Split(sections, ","), "tracker")
					sort.Strings(ss)
					sections = strings.Join(ss, ",")
				}
				// So is the calendar's, for the administrator, while a
				// year it should know is missing (TestMissingYears pins it).
				if ys, err := e.app.Services.Calendar.Missing(t.Context(), u.Actor()); err == nil && len(ys) > 0 {
					ss := append(strings.Split(sections, ","), "calendar")
					sort.Strings(ss)
					sections = strings.Join(ss, ",")
				}
			}
			b, pic := benchOf(t, e, login)
			if got := keys(b); got != sections {
				t.Errorf("%s sees sections %s, want %s", login, got, sections)
			}
			official := login == "officer" || login == "approver" || login == "inspector" || login == "admin"
			if (pic != nil) != official {
				t.Errorf("%s: picture %v", login, pic != nil)
			}
		}
		off, _ := benchOf(t, e, "officer")
		before := off["triage"]["signals-new:12315"]
		// A new hotline signal, a submitted assessment and an overdue
		// measure move the counts.
		tok := e.token("officer")
		code, body := e.api("POST", "/api/v1/signals", tok, map[string]any{"channel": "12315", "description": "打火机漏气", "region": "430181"})
		if code != 201 {
			t.Fatalf("signal: %d %v", code, body)
		}
		sid := int(body["id"].(float64))
		off, pic := benchOf(t, e, "officer")
		if got := off["triage"]["signals-new:12315"]; got != before+1 {
			t.Errorf("12315 signals to triage: %d, want %d", got, before+1)
		}
		weeks := pic["signal_weeks"].([]any)
		if len(weeks) != 12 || weeks[11].(float64) < 1 {
			t.Errorf("this week's signals: %v", weeks)
		}
		if n, _ := pic["signals_by_prefecture"].(map[string]any)["430100"].(float64); n < 1 {
			t.Errorf("Changsha signals: %v", pic["signals_by_prefecture"])
		}
		_, body = e.api("POST", "/api/v1/cases", tok, map[string]any{"title": "打火机漏气", "signal_ids": []int{sid}})
		cid := int(body["id"].(float64))
		_, body = e.api("POST", fmt.Sprintf("/api/v1/cases/%d/assessments", cid), tok, `{"product": "充气打火机", "scenarios": [{"description": "漏气起火", "severity": 3, "steps": [{"probability": "1/50"}]}]}`)
		aid := int(body["id"].(float64))
		if code, body := e.api("POST", fmt.Sprintf("/api/v1/assessments/%d/submit", aid), tok, map[string]any{"rev": 1}); code != 200 {
			t.Fatalf("submit: %d %v", code, body)
		}
		appr, _ := benchOf(t, e, "approver")
		if appr["approvals"]["assessments-submitted"] != 1 {
			t.Errorf("approver's assessments to approve: %v", appr["approvals"])
		}
		// The approver decides from the queue and comes back to it.
		b := e.browser()
		b.login("approver", password("approver"))
		resp, page := b.get("/approvals")
		if resp.StatusCode != 200 || !strings.Contains(page, "漏气起火") || !strings.Contains(page, "3级") || !strings.Contains(page, "严重风险") {
			t.Fatalf("approval queue: %d\n%s", resp.StatusCode, page)
		}
		resp, _ = b.post(fmt.Sprintf("/assessments/%d/decide", aid), url.Values{"csrf": {b.csrf}, "rev": {"2"}, "action": {"approve"}, "back": {"/approvals"}})
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/approvals" {
			t.Fatalf("decide from queue: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		if _, page = b.get("/approvals"); strings.Contains(page, "漏气起火") {
			t.Error("a decided assessment stays in the queue")
		}
		// Any other "back" is ignored: no open redirect. (The decision is
		// refused, the assessment being approved: its page shows why.)
		resp, page = b.post(fmt.Sprintf("/assessments/%d/decide", aid), url.Values{"csrf": {b.csrf}, "rev": {"3"}, "action": {"approve"}, "back": {"https://evil.example/"}})
		if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusConflict || loc != "" || !strings.Contains(page, "已批准") {
			t.Errorf("refused decision with a foreign back: %d, back to %q", resp.StatusCode, loc)
		}
		// Officers have no approval queue.
		o := e.browser()
		o.login("officer", password("officer"))
		if resp, _ := o.get("/approvals"); resp.StatusCode != http.StatusForbidden {
			t.Errorf("officer /approvals: %d", resp.StatusCode)
		}
		// The workbench page names every queue in words.
		e.api("POST", "/api/v1/signals", tok, map[string]any{"channel": "12315", "description": "玩具小零件脱落"})
		_, page = o.get("/")
		for _, w := range []string{"待研判", "全国12315平台", "我承办的案件", "7日内到期的措施", "未确认的通报、通告"} {
			if !strings.Contains(page, w) {
				t.Errorf("workbench lacks %q", w)
			}
		}
	})
}
