package subscription

import (
	"context"
	"time"

	"riskgate/internal/publish"
	"riskgate/internal/risk"
)

// DeliveryStatus is the state of an outbox row. Values are stored.
type DeliveryStatus string

// Delivery statuses.
const (
	DeliveryPending DeliveryStatus = "pending" // waiting for its (next) attempt
	DeliverySent    DeliveryStatus = "sent"
	DeliveryDead    DeliveryStatus = "dead"    // given up after MaxAttempts failures
	DeliveryDropped DeliveryStatus = "dropped" // the subscription ended before it was sent
)

// Label returns the delivery status's Chinese and English names.
func (s DeliveryStatus) Label() (zh, en string) {
	return risk.Labels{string(DeliveryPending): {"待发送（失败后重试）", "Pending (retried after a failure)"},
		string(DeliverySent): {"已送达", "Delivered"}, string(DeliveryDead): {"已放弃（多次失败）", "Given up (failed repeatedly)"},
		string(DeliveryDropped): {"已取消（订阅已退订）", "Dropped (unsubscribed)"}}.Of(string(s))
}

// Label returns the kind's Chinese and English names.
func (k Kind) Label() (zh, en string) {
	return risk.Labels{string(KindConfirm): {"确认链接", "Confirmation link"}, string(KindMessage): {"公告消息", "Announcement"}}.Of(string(k))
}

// Attempted is one outbox row as administrators review it: what was to be
// sent, how often it was tried and how it ended.
type Attempted struct {
	ID        int64          `json:"id"`
	Kind      Kind           `json:"kind"`
	Status    DeliveryStatus `json:"status"`
	Attempts  int            `json:"attempts"`
	NextAt    time.Time      `json:"next_at"` // of the next attempt, while pending
	LastError string         `json:"last_error,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
	SentAt    *time.Time     `json:"sent_at,omitempty"`
	// The message of a KindMessage row: its warning, type and sequence.
	WarningID risk.ID         `json:"warning_id,omitempty"`
	Seq       int             `json:"seq,omitempty"`
	MsgType   publish.MsgType `json:"msg_type,omitempty"`
	Number    string          `json:"number,omitempty"`
	Title     string          `json:"title,omitempty"`
}

// Overview is a subscription with its latest deliveries, for
// administrators. The webhook secret and the link tokens are never part
// of it (Subscription does not serialise them; pages do not show them).
type Overview struct {
	Subscription *Subscription `json:"subscription"`
	// Deliveries are the latest ones, newest first; Total counts them all.
	Deliveries []Attempted `json:"deliveries"`
	Total      int         `json:"total"`
}

// ReviewPerSubscription is how many of each subscription's latest
// deliveries a review lists.
const ReviewPerSubscription = 20

// Review lists the subscriptions and their deliveries for an
// administrator (risk.ErrForbidden for anyone else): the status, channel,
// address and filter of each, and each delivery's attempts and outcome.
func (s *Service) Review(ctx context.Context, a risk.Actor, offset, limit int) ([]*Overview, int, error) {
	if !risk.Can(a, risk.PermUserAdmin) {
		return nil, 0, risk.Errorf(risk.ErrForbidden, "只有系统管理员可以查看订阅。 / Only administrators may review subscriptions.")
	}
	if offset < 0 || offset > 1_000_000 {
		return nil, 0, risk.Invalid("offset", "偏移量无效。", "invalid offset.")
	}
	if limit <= 0 || limit > 100 {
		limit = 50
	}
	return s.Store.Review(ctx, offset, limit, ReviewPerSubscription)
}
