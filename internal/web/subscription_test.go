package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"riskgate/internal/app"
	"riskgate/internal/notify"
	"riskgate/internal/notify/smtptest"
	"riskgate/internal/store"
	"riskgate/internal/store/storetest"
)

var linkRE = regexp.MustCompile(`(https?://\S+/subscriptions/(confirm|unsubscribe)\?token=[A-Za-z0-9_-]+)`)

// hook is a webhook receiver that checks signatures and fails on demand.
type hook struct {
	t      *testing.T
	secret string
	mu     sync.Mutex
	fail   int // answer 500 to this many more requests
	got    []notify.Payload
	bad    int // requests with a wrong signature
}

func (h *hook) set(secret string, fail int) {
	h.mu.Lock()
	h.secret, h.fail = secret, fail
	h.mu.Unlock()
}

func (h *hook) received() ([]notify.Payload, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]notify.Payload(nil), h.got...), h.bad
}

func (h *hook) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	h.mu.Lock()
	defer h.mu.Unlock()
	ts, _ := strconv.ParseInt(r.Header.Get("X-Riskgate-Timestamp"), 10, 64)
	if h.secret != "" && r.Header.Get("X-Riskgate-Signature") != notify.Signature(h.secret, ts, body) {
		h.bad++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	if h.fail > 0 {
		h.fail--
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	var p notify.Payload
	if err := json.Unmarshal(body, &p); err != nil {
		h.t.Errorf("webhook body: %v", err)
	}
	h.got = append(h.got, p)
}

func TestSubscriptions(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		sink := smtptest.Start(t)
		e.app.ConfigureDelivery(app.DeliveryConfig{BaseURL: e.ts.URL, SMTPAddr: sink.Addr, SMTPFrom: "noreply@riskgate.test", AllowPrivateWebhooks: true})
		// The clock the dispatcher reads, to step over backoff without sleeping.
		var mu sync.Mutex
		shift := time.Duration(0)
		db.Now = func() time.Time { mu.Lock(); defer mu.Unlock(); return time.Now().UTC().Add(shift) }
		advance := func(d time.Duration) { mu.Lock(); shift += d; mu.Unlock() }
		dispatch := func() (int, int) {
			t.Helper()
			sent, failed, err := e.app.Subscriptions.Dispatch(ctx, 100)
			if err != nil {
				t.Fatal(err)
			}
			return sent, failed
		}

		// The portal form: double submit CSRF, then the confirmation mail.
		b := e.browser()
		if resp, _ := b.post("/public/subscribe", url.Values{"address": {"reader@example.com"}}); resp.StatusCode != 403 {
			t.Fatalf("subscribe without the form's token: %d", resp.StatusCode)
		}
		b.get("/public/subscribe")
		resp, page := b.post("/public/subscribe", url.Values{"csrf": {b.csrf}, "address": {"reader@example.com"}, "category": {"lighters"}})
		if resp.StatusCode != 202 || !strings.Contains(page, "确认邮件已发出") {
			t.Fatalf("subscribe: %d %s", resp.StatusCode, page)
		}
		if sent, failed := dispatch(); sent != 1 || failed != 0 {
			t.Fatalf("confirmation: sent %d failed %d", sent, failed)
		}
		msgs := sink.Messages()
		if len(msgs) != 1 || msgs[0].To[0] != "reader@example.com" || msgs[0].From != "noreply@riskgate.test" {
			t.Fatalf("sink: %+v", msgs)
		}
		subject, _, body, err := msgs[0].Parsed()
		if err != nil || subject != "请确认您的风险警示公告订阅" {
			t.Fatalf("confirmation mail: %q %v", subject, err)
		}
		confirm := linkRE.FindString(body)
		if !strings.Contains(confirm, "/subscriptions/confirm?token=") {
			t.Fatalf("no confirmation link in %q", body)
		}
		// Nothing but the confirmation until it is confirmed.
		issueAnnouncement(t, e, "打火机儿童锁失效风险警示（确认前）", "儿童锁失效。", "9613")
		if sent, _ := dispatch(); sent != 0 {
			t.Fatalf("sent %d before confirmation", sent)
		}
		u, _ := url.Parse(confirm)
		b.get(u.RequestURI())
		resp, page = b.post("/subscriptions/confirm", url.Values{"csrf": {b.csrf}, "token": {u.Query().Get("token")}})
		if resp.StatusCode != 200 || !strings.Contains(page, "订阅已确认") {
			t.Fatalf("confirm: %d", resp.StatusCode)
		}

		// A matching announcement is mailed once; another category is not.
		issueAnnouncement(t, e, "打火机火焰过高风险警示", "火焰高度超标。", "9613")
		issueAnnouncement(t, e, "毛绒玩具眼睛脱落风险警示", "小零件。", "9503")
		if sent, failed := dispatch(); sent != 1 || failed != 0 {
			t.Fatalf("announcements: sent %d failed %d", sent, failed)
		}
		msgs = sink.Messages()
		subject, header, body, _ := msgs[1].Parsed()
		if !strings.Contains(subject, "打火机火焰过高风险警示") || !strings.Contains(body, "/cap/warnings/") ||
			header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" {
			t.Fatalf("announcement mail: %q %v %q", subject, header, body)
		}
		unsub := strings.Trim(header.Get("List-Unsubscribe"), "<>")
		// RFC 8058: the mail client's POST, no cookies, no form token.
		resp2, err := http.Post(unsub, "application/x-www-form-urlencoded", strings.NewReader("List-Unsubscribe=One-Click"))
		if err != nil || resp2.StatusCode != 204 {
			t.Fatalf("one-click unsubscribe: %v %v", resp2.StatusCode, err)
		}
		resp2.Body.Close()
		issueAnnouncement(t, e, "打火机外壳破裂风险警示", "外壳破裂。", "9613")
		if sent, _ := dispatch(); sent != 0 || len(sink.Messages()) != 2 {
			t.Fatalf("mail after unsubscribing: %d", len(sink.Messages()))
		}

		// A webhook: signed, confirmed through its delivery, retried with backoff.
		h := &hook{t: t}
		hs := httptest.NewServer(h)
		defer hs.Close()
		code, out := e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "webhook", "address": hs.URL + "/riskgate",
			"filter": map[string]any{"hs_prefixes": []string{"9503"}}})
		if code != 202 || out["secret"] == nil || out["status"] != "pending" {
			t.Fatalf("webhook subscribe: %d %v", code, out)
		}
		secret := out["secret"].(string)
		h.set(secret, 0)
		got, _ := h.received()
		if sent, _ := dispatch(); sent != 1 {
			t.Fatalf("webhook confirmation: sent %d", sent)
		}
		if got, _ = h.received(); len(got) != 1 || got[0].Type != "subscription.confirm" {
			t.Fatalf("webhook confirmation: %+v", got)
		}
		cu, _ := url.Parse(got[0].ConfirmURL)
		if code, out := e.api("POST", "/api/v1/public/subscriptions/confirm", "", map[string]any{"token": cu.Query().Get("token")}); code != 200 || out["status"] != "active" {
			t.Fatalf("webhook confirm: %d %v", code, out)
		}
		h.set(secret, 2)
		toy := issueAnnouncement(t, e, "儿童滑板车刹车失效风险警示", "刹车失效。", "9503")
		if sent, failed := dispatch(); sent != 0 || failed != 1 {
			t.Fatalf("first attempt: sent %d failed %d", sent, failed)
		}
		if sent, failed := dispatch(); sent+failed != 0 {
			t.Fatalf("retried before its backoff: %d %d", sent, failed)
		}
		advance(61 * time.Second) // backoff after one failure: 1 minute
		if _, failed := dispatch(); failed != 1 {
			t.Fatalf("second attempt did not run")
		}
		advance(61 * time.Second) // after two: 2 minutes
		if sent, failed := dispatch(); sent+failed != 0 {
			t.Fatalf("retried before its doubled backoff")
		}
		advance(60 * time.Second)
		if sent, _ := dispatch(); sent != 1 {
			t.Fatalf("third attempt: sent %d", sent)
		}
		got, bad := h.received()
		last := got[len(got)-1]
		if bad != 0 || last.Type != "announcement.alert" || last.Message == nil || last.Message.WarningID != int64(toy) ||
			last.Message.Identifier != fmt.Sprintf("HNRG-W%d-1", toy) || !strings.HasSuffix(last.Message.CAPURL, fmt.Sprintf("/cap/warnings/%d.xml", toy)) {
			t.Fatalf("webhook delivery %+v (bad signatures %d)", last, bad)
		}

		// Bad input names the field and stores nothing.
		for _, tt := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"channel": "sms", "address": "x"}, "channel"},
			{map[string]any{"channel": "email", "address": "not-an-address"}, "address"},
			{map[string]any{"channel": "webhook", "address": "ftp://example.com/x"}, "address"},
			{map[string]any{"channel": "email", "address": "a@example.com", "filter": map[string]any{"categories": []string{"nope"}}}, "filter.categories"},
			{map[string]any{"channel": "email", "address": "a@example.com", "lang": "fr"}, "lang"},
		} {
			if code, out := e.api("POST", "/api/v1/public/subscriptions", "", tt.body); code != 400 || errField(out) != tt.field {
				t.Errorf("%v: %d %v", tt.body, code, out)
			}
		}
		// At most three unconfirmed subscriptions per address.
		for i := range 4 {
			code, out := e.api("POST", "/api/v1/public/subscriptions", "", map[string]any{"channel": "email", "address": "many@example.com"})
			if want := map[bool]int{true: 202, false: 429}[i < 3]; code != want {
				t.Fatalf("pending %d: %d %v", i+1, code, out)
			}
		}
	})
}
