package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"net"
	"net/mail"
	"net/netip"
	"net/smtp"
	"strings"
	"time"

	"riskgate/internal/subscription"
)

// Mailer sends subscription e-mail through an SMTP relay.
type Mailer struct {
	Addr     string // host:port of the relay
	From     string // envelope and header sender, e.g. noreply@example.cn
	Username string // with Password: SMTP AUTH PLAIN (only over TLS or to localhost)
	Password string
	BaseURL  string // the portal's absolute URL, for links
	Timeout  time.Duration
	// TLS is the client configuration for STARTTLS (nil: verify the
	// relay's certificate against the system roots).
	TLS *tls.Config
	Now func() time.Time
}

// Send sends one delivery as a UTF-8 plain-text message with RFC 8058
// one-click unsubscribe headers.
func (m *Mailer) Send(ctx context.Context, d *subscription.Delivery) error {
	c := subscription.Compose(d, m.BaseURL)
	msg, err := m.message(d.Subscription.Address, c)
	if err != nil {
		return err
	}
	return m.transmit(ctx, d.Subscription.Address, msg)
}

// SendText sends a plain-text message that is not a subscription (a
// reminder to a user): no unsubscribe headers, event names the kind.
func (m *Mailer) SendText(ctx context.Context, to, subject, text, event string) error {
	msg, err := m.message(to, subscription.Content{Subject: subject, Text: text, Event: event})
	if err != nil {
		return err
	}
	return m.transmit(ctx, to, msg)
}

// transmit runs one SMTP transaction delivering msg to one recipient.
func (m *Mailer) transmit(ctx context.Context, to string, msg []byte) error {
	timeout := m.Timeout
	if timeout == 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp: dial %s: %w", m.Addr, err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(m.Addr)
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("smtp: %w", err)
	}
	defer cl.Close()
	if err := cl.Hello("riskgate"); err != nil {
		return fmt.Errorf("smtp: EHLO: %w", err)
	}
	if ok, _ := cl.Extension("STARTTLS"); ok {
		cfg := m.TLS
		if cfg == nil {
			cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
		}
		if err := cl.StartTLS(cfg); err != nil {
			return fmt.Errorf("smtp: STARTTLS: %w", err)
		}
	} else if !loopback(host) {
		// Subscribers' addresses and unsubscribe links do not cross a
		// network in clear: a relay elsewhere must offer TLS (or someone
		// stripped the offer).
		return fmt.Errorf("smtp: %s does not offer STARTTLS; refusing to send in clear", m.Addr)
	}
	if m.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", m.Username, m.Password, host)); err != nil {
			return fmt.Errorf("smtp: AUTH: %w", err)
		}
	}
	from, _ := mail.ParseAddress(m.From)
	if err := cl.Mail(from.Address); err != nil {
		return fmt.Errorf("smtp: MAIL FROM: %w", err)
	}
	if err := cl.Rcpt(to); err != nil {
		return fmt.Errorf("smtp: RCPT TO: %w", err)
	}
	w, err := cl.Data()
	if err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("smtp: DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp: end of DATA: %w", err)
	}
	return cl.Quit()
}

// message builds the RFC 5322 message: headers with RFC 2047 encoded
// words, a base64 UTF-8 body with CRLF line ends.
func (m *Mailer) message(to string, c subscription.Content) ([]byte, error) {
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("smtp: from address %q: %w", m.From, err)
	}
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	id := make([]byte, 12)
	rand.Read(id)
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	var b bytes.Buffer
	h := func(k, v string) { b.WriteString(k + ": " + v + "\r\n") }
	h("From", (&mail.Address{Name: "湖南省进出口商品风险预警", Address: from.Address}).String())
	h("To", to)
	h("Subject", mime.BEncoding.Encode("utf-8", c.Subject))
	h("Date", now().Format(time.RFC1123Z))
	h("Message-ID", "<"+hex.EncodeToString(id)+"@"+domain+">")
	h("MIME-Version", "1.0")
	h("Content-Type", "text/plain; charset=utf-8")
	h("Content-Transfer-Encoding", "base64")
	h("Auto-Submitted", "auto-generated")
	h("X-Riskgate-Event", c.Event)
	if c.UnsubURL != "" {
		h("List-Unsubscribe", "<"+c.UnsubURL+">")
		h("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	}
	b.WriteString("\r\n")
	body := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(c.Text, "\n", "\r\n")))
	for len(body) > 76 {
		b.WriteString(body[:76] + "\r\n")
		body = body[76:]
	}
	b.WriteString(body + "\r\n")
	return b.Bytes(), nil
}

// loopback reports whether host is this machine (a local relay).
func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
