package notify_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"riskgate/internal/notify"
	"riskgate/internal/notify/smtptest"
	"riskgate/internal/subscription"
)

func TestMailerSpeaksSMTP(t *testing.T) {
	sink := smtptest.Start(t)
	m := &notify.Mailer{Addr: sink.Addr, From: "noreply@riskgate.test", BaseURL: "https://p.test", Now: func() time.Time { return time.Unix(1_800_000_000, 0) }}
	d := &subscription.Delivery{ID: 1, Kind: subscription.KindConfirm, Subscription: &subscription.Subscription{ID: 2, Channel: subscription.Email,
		Address: "a@example.com", Lang: "zh", ConfirmToken: "c", UnsubToken: "u"}}
	if err := m.Send(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	msgs := sink.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	subject, h, body, err := msgs[0].Parsed()
	if err != nil || subject != "请确认您的风险警示公告订阅" || h.Get("List-Unsubscribe") != "<https://p.test/subscriptions/unsubscribe?token=u>" ||
		!strings.Contains(body, "https://p.test/subscriptions/confirm?token=c") || h.Get("Message-Id") == "" {
		t.Fatalf("message: %q %v %q %v", subject, h, body, err)
	}
	// A refusal is an error the dispatcher retries.
	sink.RejectRcpt("451 4.3.0 try again later")
	if err := m.Send(context.Background(), d); err == nil || !strings.Contains(err.Error(), "451") {
		t.Fatalf("refused recipient: %v", err)
	}
}

func TestWebhookRefusesPrivateAddresses(t *testing.T) {
	var called atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called.Store(true) }))
	defer srv.Close()
	d := &subscription.Delivery{ID: 1, Kind: subscription.KindConfirm, Subscription: &subscription.Subscription{ID: 2, Channel: subscription.Webhook,
		Address: srv.URL, Secret: "s", ConfirmToken: "c", UnsubToken: "u"}}
	err := (&notify.Webhook{BaseURL: "https://p.test"}).Send(context.Background(), d)
	if err == nil || called.Load() {
		t.Fatalf("a loopback webhook was called (err %v)", err)
	}
	if err := (&notify.Webhook{BaseURL: "https://p.test", AllowPrivate: true}).Send(context.Background(), d); err != nil || !called.Load() {
		t.Fatalf("allowed private webhook: %v", err)
	}
}

func TestSignature(t *testing.T) {
	// HMAC-SHA256("key", "1700000000.{}") computed independently with openssl:
	// printf '1700000000.{}' | openssl dgst -sha256 -hmac key
	const want = "sha256=9d713ed406bb7076d4123f0dc2c39d2df5c654ed4b0cd56b52c8b4c940bd63ae"
	if got := notify.Signature("key", 1700000000, []byte("{}")); got != want {
		t.Fatalf("signature %q, want %q", got, want)
	}
}
