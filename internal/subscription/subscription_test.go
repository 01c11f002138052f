package subscription_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/subscription"
	"riskgate/internal/warning"
)

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute}
	for n, w := range want {
		if got := subscription.Backoff(n); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, w)
		}
	}
	if got := subscription.Backoff(30); got != 6*time.Hour {
		t.Errorf("Backoff(30) = %v, want the 6 h cap", got)
	}
}

func TestPrivateHost(t *testing.T) {
	for host, want := range map[string]bool{"127.0.0.1": true, "::1": true, "10.1.2.3": true, "192.168.0.1": true, "169.254.169.254": true,
		"localhost": true, "a.localhost": true, "0.0.0.0": true, "::ffff:127.0.0.1": true, "8.8.8.8": false, "example.com": false, "2001:db8::1": false,
		"100.100.100.200": true, "198.18.0.1": true, "255.255.255.255": true, "fec0::1": true, "64:ff9b::a9fe:a9fe": true, "2002:7f00:1::1": true,
		"64:ff9b::808:808": false, "2002:808:808::1": false} {
		if got := subscription.PrivateHost(host); got != want {
			t.Errorf("PrivateHost(%s) = %v, want %v", host, got, want)
		}
	}
}

func TestCompose(t *testing.T) {
	sub := &subscription.Subscription{ID: 3, Lang: "en", ConfirmToken: "ct", UnsubToken: "ut"}
	c := subscription.Compose(&subscription.Delivery{Subscription: sub, Kind: subscription.KindConfirm}, "https://p.test")
	if c.Event != "subscription.confirm" || c.ConfirmURL != "https://p.test/subscriptions/confirm?token=ct" ||
		c.UnsubURL != "https://p.test/subscriptions/unsubscribe?token=ut" || !strings.Contains(c.Text, c.ConfirmURL) {
		t.Errorf("confirm %+v", c)
	}
	issued := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	m := &publish.Message{WarningID: 9, Type: publish.Cancel, Public: true, Warning: warning.Warning{ID: 9, Title: "T", Number: "N", Grade: risk.GradeIII,
		Summary: "S", EndReason: "done", IssuedAt: &issued}}
	sub.Lang = "zh"
	c = subscription.Compose(&subscription.Delivery{Subscription: sub, Kind: subscription.KindMessage, Message: m}, "https://p.test")
	if c.Event != "announcement.cancel" || c.Subject != "【已解除】N T" || !strings.Contains(c.Text, "该公告已解除：done") ||
		!strings.Contains(c.Text, "https://p.test/cap/warnings/9.xml") || !strings.Contains(c.Text, c.UnsubURL) {
		t.Errorf("cancel %+v", c)
	}
}

func TestMatches(t *testing.T) {
	m := &publish.Message{Public: true, Facets: publish.Facets{Categories: []string{"toys"}, Grade: risk.GradeII}}
	sub := &subscription.Subscription{Filter: publish.Filter{Categories: []string{"toys"}}}
	if !subscription.Matches(m, sub) {
		t.Error("a matching public message does not match")
	}
	m.Public = false
	if subscription.Matches(m, sub) {
		t.Error("a message not published to the public goes to a subscriber")
	}
}

type nopSender struct{}

func (nopSender) Send(context.Context, *subscription.Delivery) error { return nil }

// TestChannels: only configured channels are offered and taken; a refusal
// names the field and says what is available, or that nothing is.
func TestChannels(t *testing.T) {
	tests := []struct {
		name    string
		senders map[subscription.Channel]subscription.Sender
		offered []subscription.Channel
		ask     subscription.Channel
		msg     string // "" when the channel is taken (the store is not reached here: nil)
	}{
		{"both", map[subscription.Channel]subscription.Sender{subscription.Email: nopSender{}, subscription.Webhook: nopSender{}},
			[]subscription.Channel{subscription.Email, subscription.Webhook}, "sms", "订阅方式须为以下之一：email, webhook。 / channel must be one of: email, webhook."},
		{"no relay", map[subscription.Channel]subscription.Sender{subscription.Webhook: nopSender{}}, []subscription.Channel{subscription.Webhook},
			subscription.Email, "本系统未配置邮件服务器，不能用电子邮件订阅；可用的订阅方式：webhook。 / e-mail subscriptions are not configured here (no mail relay); available: webhook."},
		{"mail only", map[subscription.Channel]subscription.Sender{subscription.Email: nopSender{}}, []subscription.Channel{subscription.Email},
			subscription.Webhook, "本系统未开通 Webhook 订阅；可用的订阅方式：email。 / webhook subscriptions are not configured here; available: email."},
		{"none", nil, nil, subscription.Email, "本系统目前未开通任何订阅方式。 / no subscription channel is configured here."},
	}
	for _, tt := range tests {
		s := &subscription.Service{Senders: tt.senders, Now: time.Now}
		if diff := cmp.Diff(tt.offered, s.Channels()); diff != "" {
			t.Errorf("%s: offered (-want +got):\n%s", tt.name, diff)
		}
		_, err := s.Subscribe(context.Background(), subscription.Input{Channel: tt.ask, Address: "a@example.com"}, "192.0.2.1")
		e, ok := risk.AsError(err)
		if !ok || !errors.Is(err, risk.ErrInvalid) || e.Field != "channel" || e.Message != tt.msg {
			t.Errorf("%s: subscribe by %s: %v", tt.name, tt.ask, err)
		}
	}
}
