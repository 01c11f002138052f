package subscription

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"riskgate/internal/audit"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
)

// Channel is how a subscription is delivered. Values are stored.
type Channel string

// Channels.
const (
	Email   Channel = "email"
	Webhook Channel = "webhook"
)

// Label returns the channel's Chinese and English names.
func (c Channel) Label() (zh, en string) {
	return risk.Labels{string(Email): {"电子邮件", "E-mail"}, string(Webhook): {"Webhook 推送", "Webhook"}}.Of(string(c))
}

// Status of a subscription. Values are stored.
type Status string

// Statuses.
const (
	StatusPending Status = "pending" // waiting for its confirmation
	StatusActive  Status = "active"
	StatusEnded   Status = "ended" // unsubscribed
)

// Label returns the status's Chinese and English names.
func (s Status) Label() (zh, en string) {
	return risk.Labels{string(StatusPending): {"待确认", "Awaiting confirmation"}, string(StatusActive): {"已生效", "Active"},
		string(StatusEnded): {"已退订", "Unsubscribed"}}.Of(string(s))
}

// Subscription is one address following a filter of announcements.
type Subscription struct {
	ID           risk.ID        `json:"id"`
	Channel      Channel        `json:"channel"`
	Address      string         `json:"address"` // e-mail address or webhook URL
	Lang         string         `json:"lang"`    // zh or en: the language of what is sent
	Filter       publish.Filter `json:"filter"`
	Status       Status         `json:"status"`
	Secret       string         `json:"-"` // webhook HMAC key
	ConfirmToken string         `json:"-"`
	UnsubToken   string         `json:"-"`
	Client       string         `json:"-"` // the address that asked, for rate limits
	CreatedAt    time.Time      `json:"created_at"`
	ConfirmedAt  *time.Time     `json:"confirmed_at,omitempty"`
	EndedAt      *time.Time     `json:"ended_at,omitempty"`
}

// Input is a request to subscribe.
type Input struct {
	Channel Channel        `json:"channel"`
	Address string         `json:"address"`
	Lang    string         `json:"lang"`
	Filter  publish.Filter `json:"filter"`
}

// Limits.
const (
	MaxAddress        = 254 // RFC 5321 path limit
	MaxURL            = 500
	ConfirmValidity   = 7 * 24 * time.Hour
	MaxPendingPerAddr = 3  // unconfirmed subscriptions one address may hold
	MaxPerClient      = 20 // subscriptions asked for by one client address in a day
	MaxAttempts       = 8  // delivery attempts before a row is given up
	// Batch is how many deliveries a dispatcher claims at once: at 30 s a
	// slow SMTP attempt, well inside the store's 15-minute claim.
	Batch = 20
)

// Kind of an outbox row. Values are stored.
type Kind string

// Kinds.
const (
	KindConfirm Kind = "confirm" // the confirmation link
	KindMessage Kind = "message" // a published message
)

// Delivery is one row of the outbox: what to send to one subscription.
type Delivery struct {
	ID           int64            `json:"id"`
	Subscription *Subscription    `json:"-"`
	Kind         Kind             `json:"kind"`
	Message      *publish.Message `json:"-"` // KindMessage
	Attempts     int              `json:"attempts"`
	NextAt       time.Time        `json:"next_at"`
	Status       string           `json:"status"` // pending, sent, dead
	LastError    string           `json:"last_error,omitempty"`
}

// Backoff is the wait before attempt n+1 after n failed attempts: one
// minute, doubling, at most six hours.
func Backoff(n int) time.Duration {
	d := time.Minute << min(max(n-1, 0), 9)
	return min(d, 6*time.Hour)
}

// Store is the persistence subscriptions need.
type Store interface {
	// Create stores a pending subscription and queues its confirmation,
	// in one transaction.
	Create(ctx context.Context, s *Subscription, ae audit.Entry) error
	// CountRecent counts subscriptions created since by the client, and
	// the pending ones of the address.
	CountRecent(ctx context.Context, client, address string, since time.Time) (byClient, pendingOfAddress int, err error)
	// ByToken finds a subscription by its confirmation or unsubscribe
	// token (risk.ErrNotFound).
	ByToken(ctx context.Context, kind string, token string) (*Subscription, error)
	// SetStatus moves a subscription from status from to s.Status with
	// its audit entry (risk.ErrConflict if it is no longer from).
	SetStatus(ctx context.Context, s *Subscription, from Status, ae audit.Entry) error
	// FanOut queues, for each published message not yet fanned out, one
	// delivery per active subscription that match reports true, a
	// transaction per message that also marks it; it returns how many
	// deliveries it queued.
	FanOut(ctx context.Context, match func(*publish.Message, *Subscription) bool) (int, error)
	// Due claims deliveries whose time has come, oldest first; each
	// comes with NextAt set to the end of its claim.
	Due(ctx context.Context, now time.Time, limit int) ([]*Delivery, error)
	// Record stores the outcome of an attempt made under claim (the
	// NextAt Due gave), unless the row has left that claim.
	Record(ctx context.Context, d *Delivery, claim, now time.Time) error
	// Review lists subscriptions, newest first, each with its latest
	// perSub deliveries, and the total number of subscriptions.
	Review(ctx context.Context, offset, limit, perSub int) ([]*Overview, int, error)
}

// Sender sends one delivery (an adapter: SMTP, HTTP).
type Sender interface {
	Send(ctx context.Context, d *Delivery) error
}

// Service manages subscriptions and their deliveries.
type Service struct {
	Store Store
	Now   func() time.Time
	// Senders by channel; a channel without one is refused.
	Senders map[Channel]Sender
	// AllowPrivate lets webhooks point at loopback and private addresses
	// (tests, or an intranet deployment); otherwise they are refused.
	AllowPrivate bool
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func token() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Subscribe creates a pending subscription for the client address and
// queues its confirmation. It returns the subscription with its webhook
// secret, which is shown only now.
func (s *Service) Subscribe(ctx context.Context, in Input, client string) (*Subscription, error) {
	if s.Senders[in.Channel] == nil {
		return nil, s.channelError(in.Channel)
	}
	var v risk.Validation
	sub := &Subscription{Channel: in.Channel, Lang: in.Lang, Filter: in.Filter, Status: StatusPending, Client: client}
	if sub.Lang == "" {
		sub.Lang = "zh"
	}
	if sub.Lang != "zh" && sub.Lang != "en" {
		v.Add("lang", "语言须为 zh 或 en。", "lang must be zh or en.")
	}
	addr := strings.TrimSpace(in.Address)
	switch in.Channel {
	case Email:
		a, err := mail.ParseAddress(addr)
		if err != nil || len(addr) > MaxAddress || a.Name != "" || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@")+1:], ".") {
			v.Add("address", "电子邮件地址无效。", "the e-mail address is not valid.")
		} else {
			sub.Address = strings.ToLower(a.Address)
		}
	case Webhook:
		if err := s.checkURL(addr); err != nil {
			v.AddErr("address", err)
		}
		sub.Address, sub.Secret = addr, token()
	}
	f, err := publish.CheckFilter(in.Filter, func(facet string) string { return "filter." + facet })
	if e, ok := risk.AsError(err); ok {
		v.Problems = append(v.Problems, e.Details...)
	}
	sub.Filter = f
	if err := v.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	byClient, pending, err := s.Store.CountRecent(ctx, client, sub.Address, now.Add(-24*time.Hour))
	if err != nil {
		return nil, err
	}
	if byClient >= MaxPerClient || pending >= MaxPendingPerAddr {
		return nil, risk.Errorf(risk.ErrTooMany, "订阅申请过于频繁，请先确认已收到的确认邮件或稍后再试。 / Too many subscription requests; confirm the ones sent or try later.")
	}
	sub.ConfirmToken, sub.UnsubToken, sub.CreatedAt = token(), token(), now
	ae := audit.New(risk.Anonymous, "subscription.create", "subscription", 0, fmt.Sprintf("订阅申请 %s / subscription requested", sub.Channel)).
		WithChange(nil, map[string]any{"channel": sub.Channel, "filter": sub.Filter})
	if err := s.Store.Create(ctx, sub, ae); err != nil {
		return nil, err
	}
	return sub, nil
}

// Channels lists the channels this deployment delivers, in the order a
// form offers them: e-mail when a mail relay is configured
// (RISKGATE_SMTP_ADDR), webhooks when their sender is (riskgate always
// wires one: a webhook needs no relay).
func (s *Service) Channels() []Channel {
	var out []Channel
	for _, c := range []Channel{Email, Webhook} {
		if s.Senders[c] != nil {
			out = append(out, c)
		}
	}
	return out
}

// channelError refuses a channel this deployment does not deliver, naming
// the ones it does, or saying that there is none.
func (s *Service) channelError(c Channel) error {
	avail := s.Channels()
	if len(avail) == 0 {
		return risk.Invalid("channel", "本系统目前未开通任何订阅方式。", "no subscription channel is configured here.")
	}
	names := make([]string, len(avail))
	for i, a := range avail {
		names[i] = string(a)
	}
	list := strings.Join(names, ", ")
	switch c {
	case Email:
		return risk.Invalid("channel", "本系统未配置邮件服务器，不能用电子邮件订阅；可用的订阅方式："+list+"。",
			"e-mail subscriptions are not configured here (no mail relay); available: "+list+".")
	case Webhook:
		return risk.Invalid("channel", "本系统未开通 Webhook 订阅；可用的订阅方式："+list+"。",
			"webhook subscriptions are not configured here; available: "+list+".")
	}
	return risk.Invalid("channel", "订阅方式须为以下之一："+list+"。", "channel must be one of: "+list+".")
}

// checkURL accepts an absolute http(s) URL without credentials whose host
// is not loopback, private or link-local (unless AllowPrivate). Names are
// checked again at delivery, where they resolve.
func (s *Service) checkURL(raw string) error {
	bad := func(zh, en string) error { return risk.Invalid("address", zh, en) }
	if raw == "" || utf8.RuneCountInString(raw) > MaxURL {
		return bad("回调地址须为不超过 500 个字符的网址。", "address must be a URL of at most 500 characters.")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User != nil || u.Fragment != "" {
		return bad("回调地址须为 http(s) 网址，不含用户名和片段。", "address must be an http(s) URL without credentials or fragment.")
	}
	if !s.AllowPrivate && PrivateHost(u.Hostname()) {
		return bad("回调地址不得指向本机或内网。", "address may not point to loopback or private networks.")
	}
	return nil
}

// specialUse are address ranges a webhook may not reach besides those
// netip classifies: shared address space (carrier NAT, and cloud metadata
// endpoints such as 100.100.100.200), benchmarking, reserved, "this
// network", IETF protocol assignments, deprecated site-local IPv6.
var specialUse = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"), netip.MustParsePrefix("100.64.0.0/10"), netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"), netip.MustParsePrefix("240.0.0.0/4"), netip.MustParsePrefix("fec0::/10"),
}

// PrivateHost reports whether host is, or names, an address a webhook may
// not reach: loopback, private, link-local, multicast, unspecified or
// another special-use range — also when an IPv6 address carries one of
// those IPv4 addresses (NAT64 64:ff9b::/96, 6to4 2002::/16).
func PrivateHost(host string) bool {
	if strings.EqualFold(host, "localhost") || strings.HasSuffix(strings.ToLower(host), ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	ip = ip.Unmap()
	if ip.Is6() {
		b := ip.As16()
		switch {
		case netip.MustParsePrefix("64:ff9b::/96").Contains(ip):
			return PrivateHost(netip.AddrFrom4([4]byte(b[12:16])).String())
		case netip.MustParsePrefix("2002::/16").Contains(ip):
			return PrivateHost(netip.AddrFrom4([4]byte(b[2:6])).String())
		}
	}
	for _, p := range specialUse {
		if p.Contains(ip) {
			return true
		}
	}
	return ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() || ip.IsInterfaceLocalMulticast() ||
		ip.IsUnspecified() || ip.IsMulticast()
}

// Confirm activates the subscription of a confirmation token.
func (s *Service) Confirm(ctx context.Context, tok string) (*Subscription, error) {
	sub, err := s.Store.ByToken(ctx, "confirm", tok)
	if err != nil {
		return nil, err
	}
	now := s.now()
	switch {
	case sub.Status == StatusActive:
		return sub, nil
	case sub.Status == StatusEnded:
		return nil, risk.Errorf(risk.ErrConflict, "该订阅已退订。 / This subscription has ended.")
	case now.Sub(sub.CreatedAt) > ConfirmValidity:
		return nil, risk.Errorf(risk.ErrConflict, "确认链接已过期，请重新订阅。 / The confirmation link has expired; subscribe again.")
	}
	sub.Status, sub.ConfirmedAt = StatusActive, &now
	ae := audit.New(risk.Anonymous, "subscription.confirm", "subscription", sub.ID, "订阅已确认 / subscription confirmed").
		WithChange(map[string]any{"status": StatusPending}, map[string]any{"status": StatusActive})
	return sub, s.Store.SetStatus(ctx, sub, StatusPending, ae)
}

// Unsubscribe ends the subscription of an unsubscribe token; again is
// not an error.
func (s *Service) Unsubscribe(ctx context.Context, tok string) (*Subscription, error) {
	sub, err := s.Store.ByToken(ctx, "unsubscribe", tok)
	if err != nil {
		return nil, err
	}
	if sub.Status == StatusEnded {
		return sub, nil
	}
	now := s.now()
	from := sub.Status
	sub.Status, sub.EndedAt = StatusEnded, &now
	ae := audit.New(risk.Anonymous, "subscription.end", "subscription", sub.ID, "已退订 / unsubscribed").
		WithChange(map[string]any{"status": from}, map[string]any{"status": StatusEnded})
	return sub, s.Store.SetStatus(ctx, sub, from, ae)
}

// Matches reports whether a published message goes to a subscription:
// public messages whose facets pass its filter.
func Matches(m *publish.Message, sub *Subscription) bool {
	return m.Public && m.Facets.Matches(sub.Filter)
}

// Dispatch fans new messages out to the outbox and delivers what is due
// (at most limit deliveries). It returns how many were sent and how many
// failed; a failure is rescheduled, never lost, until MaxAttempts.
func (s *Service) Dispatch(ctx context.Context, limit int) (sent, failed int, err error) {
	if _, err := s.Store.FanOut(ctx, Matches); err != nil {
		return 0, 0, err
	}
	due, err := s.Store.Due(ctx, s.now(), limit)
	if err != nil {
		return 0, 0, err
	}
	for _, d := range due {
		if ctx.Err() != nil {
			return sent, failed, ctx.Err()
		}
		sender := s.Senders[d.Subscription.Channel]
		var serr error
		if sender == nil {
			serr = fmt.Errorf("no sender for %s", d.Subscription.Channel)
		} else {
			serr = sender.Send(ctx, d)
		}
		now := s.now()
		claim := d.NextAt
		d.Attempts++
		if serr == nil {
			d.Status, d.LastError = "sent", ""
			sent++
		} else {
			failed++
			d.LastError = truncate(serr.Error(), 500)
			if d.Attempts >= MaxAttempts {
				d.Status = "dead"
			} else {
				d.NextAt = now.Add(Backoff(d.Attempts))
			}
		}
		if err := s.Store.Record(ctx, d, claim, now); err != nil {
			return sent, failed, err
		}
	}
	return sent, failed, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// Content is what a delivery says, for any channel.
type Content struct {
	Event      string // subscription.confirm, announcement.alert, announcement.update, announcement.cancel
	Subject    string
	Text       string // plain text, in the subscription's language
	ConfirmURL string `json:",omitempty"`
	UnsubURL   string
}

// Compose writes what a delivery says, with links under base.
func Compose(d *Delivery, base string) Content {
	sub := d.Subscription
	en := sub.Lang == "en"
	t := func(zh, e string) string {
		if en {
			return e
		}
		return zh
	}
	c := Content{UnsubURL: base + "/subscriptions/unsubscribe?token=" + url.QueryEscape(sub.UnsubToken)}
	footer := "\n\n" + t("退订（一键）：", "Unsubscribe (one click): ") + c.UnsubURL + "\n" +
		t("湖南省进出口商品质量安全风险预警系统", "Hunan import/export product safety warning system") + "\n"
	if d.Kind == KindConfirm {
		c.Event = "subscription.confirm"
		c.ConfirmURL = base + "/subscriptions/confirm?token=" + url.QueryEscape(sub.ConfirmToken)
		c.Subject = t("请确认您的风险警示公告订阅", "Confirm your subscription to risk announcements")
		c.Text = t("有人（希望是您）用本地址订阅了湖南省进出口商品风险警示公告。确认订阅请打开：\n\n",
			"Someone, hopefully you, subscribed this address to Hunan's import/export product safety announcements. To confirm, open:\n\n") +
			c.ConfirmURL + "\n\n" + t("如果不是您本人操作，请忽略本邮件，我们不会再发送。", "If it was not you, ignore this message; nothing more will be sent.") +
			t(" 链接 7 天内有效。", " The link is valid for 7 days.") + footer
		return c
	}
	m := d.Message
	w := &m.Warning
	c.Event = "announcement." + strings.ToLower(string(m.Type))
	gradeZh, gradeEn := w.Grade.Label()
	prefix := ""
	switch m.Type {
	case publish.Update:
		prefix = t("【更新】", "[Update] ")
	case publish.Cancel:
		prefix = t("【已解除】", "[Lifted] ")
	}
	c.Subject = prefix + w.Number + " " + w.Title
	var b strings.Builder
	b.WriteString(w.Title + "\n" + w.Number + " · " + t(gradeZh, gradeEn) + "\n\n")
	if m.Type == publish.Cancel {
		b.WriteString(t("该公告已解除：", "This announcement has been lifted: ") + w.EndReason + "\n\n")
	}
	b.WriteString(w.Summary + "\n\n")
	if w.Advice != "" {
		b.WriteString(t("消费者应当怎么做：", "What consumers should do: ") + w.Advice + "\n\n")
	}
	b.WriteString(t("全文：", "Full text: ") + base + "/public/announcements/" + m.WarningID.String() + "\n")
	b.WriteString("CAP 1.2: " + base + publish.CAPPath(m.WarningID))
	c.Text = b.String() + footer
	return c
}
