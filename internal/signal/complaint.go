package signal

import (
	"context"
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
)

// ChannelComplaint is the channel of complaints filed on the public portal.
const ChannelComplaint = "portal-complaint"

// ComplaintDept receives portal complaints for triage: consumer complaints
// are the market regulator's (省市场监管局), who shares them onward.
const ComplaintDept = "hn-amr"

// Complaint is what a member of the public files on the portal. The
// contact details are personal data: kept on the signal for officials,
// never shown on the portal.
type Complaint struct {
	ProductName string    `json:"product_name"`
	Brand       string    `json:"brand"`
	Model       string    `json:"model"`
	Batch       string    `json:"batch"`
	Where       string    `json:"where"` // shop or platform where it was bought
	Category    string    `json:"category"`
	Hazard      string    `json:"hazard"`
	Region      string    `json:"region"` // where it happened (GB/T 2260, Hunan)
	Injured     bool      `json:"injured"`
	Description string    `json:"description"`
	Name        string    `json:"name"`
	Contact     string    `json:"contact"` // phone or e-mail, for follow-up
	OccurredAt  time.Time `json:"occurred_at"`
}

// Complaint limits: smaller than an official's signal.
const (
	MaxComplaintText = 2000
)

// Receipt is what the complainant keeps: the tracking number that opens
// the status page.
type Receipt struct {
	Number     string    `json:"tracking_number"`
	ReceivedAt time.Time `json:"received_at"`
}

// trackingAlphabet avoids look-alike characters (0/O, 1/I/L).
const trackingAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// newTrackingNumber is TS, the China date and ten random characters
// (about 50 bits: the number is the key to the status page) read from
// random, or from crypto/rand when random is nil.
func newTrackingNumber(random io.Reader, now time.Time) string {
	if random == nil {
		random = rand.Reader
	}
	b := make([]byte, 10)
	io.ReadFull(random, b)
	for i := range b {
		b[i] = trackingAlphabet[int(b[i])%len(trackingAlphabet)]
	}
	return "TS" + now.In(risk.China).Format("20060102") + "-" + string(b)
}

// Complain records a portal complaint as a signal on the portal-complaint
// channel in the market regulator's triage queue and returns its receipt.
// admit, when not nil, is asked once the complaint is valid and before it
// is stored (a rate limit: only complaints that would be stored count).
func (s *Service) Complain(ctx context.Context, c Complaint, admit func() error) (*Receipt, error) {
	s.vocab()
	now := s.Now().UTC()
	var v risk.Validation
	v.Text("product_name", c.ProductName, MaxText, true, "产品名称", "the product name")
	v.Paragraph("description", c.Description, MaxComplaintText, true, "问题描述", "the description")
	v.Text("where", c.Where, MaxText, false, "购买地点", "where it was bought")
	v.Text("contact", c.Contact, MaxText, true, "联系方式", "a contact (phone or e-mail)")
	if c.Category != "" {
		if t, _ := catalog.BuiltinTable("categories"); t.Find(c.Category) == nil {
			v.Add("category", "产品类别无效。", "unknown category.")
		}
	}
	if c.Region != "" && !strings.HasPrefix(c.Region, "43") {
		v.Add("region", "请选择湖南省内的市州。", "choose a prefecture of Hunan.")
	}
	if !c.OccurredAt.IsZero() && (c.OccurredAt.After(now.Add(24*time.Hour)) || c.OccurredAt.Before(now.AddDate(-5, 0, 0))) {
		v.Add("occurred_at", "发生日期须在五年内且不晚于今天。", "the date it happened must be within five years and not in the future.")
	}
	desc := strings.TrimSpace(c.Description)
	if w := strings.TrimSpace(c.Where); w != "" {
		desc += "\n购买地点 / bought at: " + w
	}
	if !c.OccurredAt.IsZero() {
		desc += "\n发生日期 / occurred on: " + c.OccurredAt.In(risk.China).Format("2006-01-02")
	}
	if c.Category != "" {
		zh, en := catalog.Label("categories", c.Category)
		desc += "\n产品类别：" + zh + " / category: " + en
	}
	in := Input{Channel: ChannelComplaint, ExternalRef: newTrackingNumber(s.Random, now), ReceivedAt: now, Region: c.Region,
		Reporter: Reporter{Name: c.Name, Contact: c.Contact}, Hazard: c.Hazard, Description: desc, Dept: ComplaintDept,
		Product: Product{Name: c.ProductName, Brand: c.Brand, Model: c.Model, Batch: c.Batch}}
	if c.Injured {
		in.Injuries = Injuries{Count: 1}
	}
	in.Check(s.Sets, s.channels, s.hazards, now, "", &v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if admit != nil {
		if err := admit(); err != nil {
			return nil, err
		}
	}
	portal := risk.Actor{Login: "portal", Name: "公众（门户投诉）"}
	sig, e := s.newSignal(portal, &in)
	e.Actor = "portal"
	if _, err := s.Store.Create(ctx, []*Signal{sig}, []audit.Entry{e}); err != nil {
		return nil, err
	}
	return &Receipt{Number: in.ExternalRef, ReceivedAt: in.ReceivedAt}, nil
}

// Tracking is what the status page shows a complainant: no personal data.
type Tracking struct {
	Number      string    `json:"tracking_number"`
	ReceivedAt  time.Time `json:"received_at"`
	ProductName string    `json:"product_name"`
	Status      string    `json:"status"` // received, under_investigation, closed
	UpdatedAt   time.Time `json:"updated_at"`
}

// Track returns the status of a complaint by its tracking number
// (risk.ErrNotFound for any other number).
func (s *Service) Track(ctx context.Context, number string) (*Tracking, error) {
	number = strings.ToUpper(strings.TrimSpace(number))
	notFound := risk.Errorf(risk.ErrNotFound, "没有该受理编号的投诉。 / No complaint has that tracking number.")
	if !strings.HasPrefix(number, "TS") || len(number) != 21 {
		return nil, notFound
	}
	sig, err := s.Store.ByRef(ctx, ChannelComplaint, number)
	if errors.Is(err, risk.ErrNotFound) {
		return nil, notFound
	}
	if err != nil {
		return nil, err
	}
	t := &Tracking{Number: number, ReceivedAt: sig.ReceivedAt, ProductName: sig.Product.Name, UpdatedAt: sig.UpdatedAt, Status: "received"}
	switch sig.Status {
	case StatusTriaged:
		t.Status = "under_investigation"
	case StatusDismissed:
		t.Status = "closed"
	}
	return t, nil
}

// TrackingLabel names a complaint status, Chinese and English.
func TrackingLabel(status string) (zh, en string) {
	switch status {
	case "received":
		return "已受理，待研判", "Received, awaiting assessment"
	case "under_investigation":
		return "已立案调查", "Under investigation"
	case "closed":
		return "已办结", "Closed"
	}
	return status, status
}
