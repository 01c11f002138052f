package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/ident"
	"riskgate/internal/notify/smtptest"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

// TestReminders: a recall report due within 2 working days reminds the
// firm's users once, by e-mail (real SMTP to a sink) to those who chose
// it, in the inbox for all; once overdue they are reminded again; a case
// reminds its assignee; a bad address is refused naming the field; each
// person reads only their own.
func TestReminders(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		shift := pinClock(db) // Tuesday 2026-12-01 09:00 China time
		e := newEnv(t, db)
		ctx := context.Background()
		sink := smtptest.Start(t)
		e.app.ConfigureDelivery(app.DeliveryConfig{BaseURL: e.ts.URL, SMTPAddr: sink.Addr, SMTPFrom: "noreply@riskgate.test"})
		firm := e.token("enterprise")
		own, _ := ident.MakeUSCC("91430100MA4L1A2B3")

		// The enterprise user wants e-mail; a bad address first.
		if code, body := e.api("PUT", "/api/v1/me/reminder-settings", firm, map[string]any{"email": "not an address", "remind_by": "email"}); code != http.StatusBadRequest || errField(body) != "email" {
			t.Fatalf("bad address: %d %v", code, body)
		}
		if code, body := e.api("PUT", "/api/v1/me/reminder-settings", firm, map[string]any{"email": "qa@xiangjiang.example", "remind_by": "email"}); code != http.StatusOK {
			t.Fatalf("settings: %d %v", code, body)
		}
		// The regulator records the firm's defect, learned of on Monday:
		// the report is due Wednesday, one working day away.
		code, r := e.api("POST", "/api/v1/recalls", e.token("officer"), map[string]any{"kind": "voluntary", "enterprise_uscc": own,
			"products": []map[string]any{{"name": "组合烟花"}}, "defect": "底座不稳", "aware_on": "2026-11-30"})
		if code != http.StatusCreated || r["deadlines"].(map[string]any)["report_due"] != "2026-12-02" {
			t.Fatalf("open: %d %v", code, r)
		}
		run := func() int {
			t.Helper()
			n, err := e.app.Reminders.Run(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		first := run()
		if first == 0 {
			t.Fatal("no reminders written")
		}
		if again := run(); again != 0 {
			t.Fatalf("a second run wrote %d reminders", again)
		}
		_, list := e.api("GET", "/api/v1/reminders", firm, nil)
		items := list["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["stage"] != "due_soon" || items[0].(map[string]any)["email_state"] != "sent" {
			t.Fatalf("the firm's reminders: %v", list)
		}
		msgs := sink.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "qa@xiangjiang.example" {
			t.Fatalf("mail: %+v", msgs)
		}
		if subject, _, body, err := msgs[0].Parsed(); err != nil || !strings.Contains(subject, "提醒") || !strings.Contains(body, "2026-12-02") {
			t.Fatalf("mail: %q %q %v", subject, body, err)
		}
		// The officer's cases remind the officer, in the inbox only (no address).
		_, offList := e.api("GET", "/api/v1/reminders", e.token("officer"), nil)
		if n := len(offList["items"].([]any)); n == 0 {
			t.Fatal("the officer's assigned cases reminded nobody")
		}
		// Nobody reads another's reminder.
		rid := idOf(items[0].(map[string]any))
		if code, _ := e.api("POST", "/api/v1/reminders/"+rid+"/read", e.token("officer"), map[string]any{}); code != http.StatusNotFound {
			t.Fatalf("the officer read the firm's reminder: %d", code)
		}
		// Thursday: the report is overdue — reminded again.
		shift(2 * 24 * time.Hour)
		if n := run(); n == 0 {
			t.Fatal("overdue reminded nobody")
		}
		_, list = e.api("GET", "/api/v1/reminders?unread=1", firm, nil)
		if items := list["items"].([]any); len(items) != 2 || items[0].(map[string]any)["stage"] != "overdue" {
			t.Fatalf("after the deadline: %v", list)
		}
		// The page, and reading.
		b := e.browser()
		b.login("enterprise", password("enterprise"))
		resp, page := b.get("/reminders")
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "已逾期") || !strings.Contains(page, "即将到期") || !strings.Contains(page, "qa@xiangjiang.example") {
			t.Fatalf("the page: %d", resp.StatusCode)
		}
		resp, _ = b.post("/reminders/"+rid+"/read", url.Values{"csrf": {b.csrf}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("read: %d", resp.StatusCode)
		}
		if _, list = e.api("GET", "/api/v1/reminders?unread=1", firm, nil); len(list["items"].([]any)) != 1 {
			t.Fatalf("after reading one: %v", list)
		}
		resp, page = b.post("/reminders/settings", url.Values{"csrf": {b.csrf}, "remind_by": {"email"}, "email": {""}})
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "电子邮件地址") {
			t.Fatalf("e-mail without an address: %d", resp.StatusCode)
		}
	})
}
