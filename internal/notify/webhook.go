package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"syscall"
	"time"

	"riskgate/internal/publish"
	"riskgate/internal/subscription"
)

// Webhook posts subscription deliveries as signed JSON.
type Webhook struct {
	BaseURL      string // the portal's absolute URL, for links
	AllowPrivate bool   // let webhooks reach loopback and private addresses
	Timeout      time.Duration
	Now          func() time.Time
	client       *http.Client
}

// Payload is the JSON body of a webhook delivery.
type Payload struct {
	Type           string        `json:"type"` // subscription.confirm, announcement.alert, .update, .cancel
	DeliveryID     int64         `json:"delivery_id"`
	SubscriptionID int64         `json:"subscription_id"`
	ConfirmURL     string        `json:"confirm_url,omitempty"`
	UnsubscribeURL string        `json:"unsubscribe_url"`
	Subject        string        `json:"subject"`
	Text           string        `json:"text"`
	Message        *MessageBrief `json:"message,omitempty"`
}

// MessageBrief is the published message a webhook delivery carries.
type MessageBrief struct {
	Identifier string         `json:"identifier"` // the CAP identifier
	MsgType    string         `json:"msg_type"`   // Alert, Update, Cancel
	Sent       time.Time      `json:"sent"`
	WarningID  int64          `json:"warning_id"`
	Number     string         `json:"number"`
	Title      string         `json:"title"`
	Grade      string         `json:"grade"`
	Summary    string         `json:"summary"`
	Advice     string         `json:"advice,omitempty"`
	ValidUntil time.Time      `json:"valid_until"`
	Facets     publish.Facets `json:"facets"`
	URL        string         `json:"url"`
	CAPURL     string         `json:"cap_url"`
}

// Signature is the value of the X-Riskgate-Signature header: HMAC-SHA256
// with the subscription's secret over the timestamp, a dot and the body.
func Signature(secret string, timestamp int64, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(strconv.FormatInt(timestamp, 10) + "."))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

var errPrivate = errors.New("webhook: address is loopback or private")

func (h *Webhook) httpClient() *http.Client {
	if h.client != nil {
		return h.client
	}
	d := &net.Dialer{Timeout: 10 * time.Second}
	if !h.AllowPrivate {
		// Checked on the address actually dialled, after DNS: a name
		// cannot smuggle a request to the intranet.
		d.Control = func(_, address string, _ syscall.RawConn) error {
			host, _, _ := net.SplitHostPort(address)
			if ip, err := netip.ParseAddr(host); err == nil && subscription.PrivateHost(ip.Unmap().String()) {
				return errPrivate
			}
			return nil
		}
	}
	t := &http.Transport{DialContext: d.DialContext, TLSHandshakeTimeout: 10 * time.Second, ResponseHeaderTimeout: 10 * time.Second,
		MaxIdleConns: 10, IdleConnTimeout: 30 * time.Second}
	h.client = &http.Client{Transport: t, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return h.client
}

// Send posts one delivery; any status but 2xx is a failure (redirects are
// not followed).
func (h *Webhook) Send(ctx context.Context, d *subscription.Delivery) error {
	c := subscription.Compose(d, h.BaseURL)
	p := Payload{Type: c.Event, DeliveryID: d.ID, SubscriptionID: int64(d.Subscription.ID), ConfirmURL: c.ConfirmURL,
		UnsubscribeURL: c.UnsubURL, Subject: c.Subject, Text: c.Text}
	if m := d.Message; m != nil {
		w := &m.Warning
		p.Message = &MessageBrief{Identifier: m.Identifier, MsgType: string(m.Type), Sent: m.Sent, WarningID: int64(m.WarningID),
			Number: w.Number, Title: w.Title, Grade: string(w.Grade), Summary: w.Summary, Advice: w.Advice, ValidUntil: w.ValidUntil,
			Facets: m.Facets, URL: h.BaseURL + "/public/announcements/" + m.WarningID.String(), CAPURL: h.BaseURL + publish.CAPPath(m.WarningID)}
	}
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	timeout := h.Timeout
	if timeout == 0 {
		timeout = 15 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Subscription.Address, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	ts := now().Unix()
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("User-Agent", "riskgate-webhook/1")
	req.Header.Set("X-Riskgate-Event", c.Event)
	req.Header.Set("X-Riskgate-Delivery", strconv.FormatInt(d.ID, 10))
	req.Header.Set("X-Riskgate-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Riskgate-Signature", Signature(d.Subscription.Secret, ts, body))
	resp, err := h.httpClient().Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook: %s answered %d", d.Subscription.Address, resp.StatusCode)
	}
	return nil
}
