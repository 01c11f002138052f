package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/publish"
	"riskgate/internal/risk"
	"riskgate/internal/subscription"
)

// SubscriptionStore implements subscription.Store.
type SubscriptionStore struct{ db *DB }

// Subscriptions returns the subscription store.
func (db *DB) Subscriptions() *SubscriptionStore { return &SubscriptionStore{db: db} }

var _ subscription.Store = (*SubscriptionStore)(nil)

const subscriptionCols = `s.id, s.channel, s.address, s.lang, s.filter, s.status, s.secret, s.confirm_token, s.unsub_token, s.client,
	s.created_at, s.confirmed_at, s.ended_at`

func scanSubscription(row rowScanner) (*subscription.Subscription, error) {
	var s subscription.Subscription
	var id int64
	var ch, filter, status string
	var confirmed, ended sql.NullTime
	if err := row.Scan(&id, &ch, &s.Address, &s.Lang, &filter, &status, &s.Secret, &s.ConfirmToken, &s.UnsubToken, &s.Client,
		&s.CreatedAt, &confirmed, &ended); err != nil {
		return nil, err
	}
	s.ID, s.Channel, s.Status, s.CreatedAt = risk.ID(id), subscription.Channel(ch), subscription.Status(status), s.CreatedAt.UTC()
	s.ConfirmedAt, s.EndedAt = nullTimePtr(confirmed), nullTimePtr(ended)
	if err := json.Unmarshal([]byte(filter), &s.Filter); err != nil {
		return nil, fmt.Errorf("store: subscription %d filter: %w", id, err)
	}
	return &s, nil
}

// Create stores a pending subscription and queues its confirmation.
func (st *SubscriptionStore) Create(ctx context.Context, s *subscription.Subscription, ae audit.Entry) error {
	return st.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO subscriptions (channel, address, lang, filter, status, secret, confirm_token, unsub_token, client, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
			string(s.Channel), s.Address, s.Lang, jsonText(s.Filter), string(s.Status), s.Secret, s.ConfirmToken, s.UnsubToken, s.Client, s.CreatedAt).Scan(&id)
		if err != nil {
			return err
		}
		s.ID = risk.ID(id)
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (subscription_id, kind, status, next_at, created_at) VALUES ($1, 'confirm', 'pending', $2, $2)`,
			id, s.CreatedAt); err != nil {
			return err
		}
		ae.EntityID = s.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// CountRecent counts the client's subscriptions since, and the address's
// pending ones.
func (st *SubscriptionStore) CountRecent(ctx context.Context, client, address string, since time.Time) (int, int, error) {
	var byClient, pending int
	err := st.db.queryRow(ctx, `SELECT
		(SELECT count(*) FROM subscriptions WHERE client = $1 AND created_at >= $2),
		(SELECT count(*) FROM subscriptions WHERE address = $3 AND status = 'pending' AND created_at >= $4)`,
		client, since.UTC(), address, since.Add(24*time.Hour-subscription.ConfirmValidity).UTC()).Scan(&byClient, &pending)
	return byClient, pending, err
}

// ByToken finds a subscription by a confirmation or unsubscribe token.
func (st *SubscriptionStore) ByToken(ctx context.Context, kind, token string) (*subscription.Subscription, error) {
	col := "confirm_token"
	if kind == "unsubscribe" {
		col = "unsub_token"
	}
	s, err := scanSubscription(st.db.queryRow(ctx, `SELECT `+subscriptionCols+` FROM subscriptions s WHERE s.`+col+` = $1`, token))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "链接无效或已失效。 / The link is not valid.")
	}
	return s, err
}

// SetStatus moves a subscription from status from to s.Status (risk.
// ErrConflict if it is no longer from); an ended one drops its pending
// deliveries.
func (st *SubscriptionStore) SetStatus(ctx context.Context, s *subscription.Subscription, from subscription.Status, ae audit.Entry) error {
	return st.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE subscriptions SET status = $1, confirmed_at = $2, ended_at = $3 WHERE id = $4 AND status = $5`,
			string(s.Status), timeArg(s.ConfirmedAt), timeArg(s.EndedAt), int64(s.ID), string(from))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrConflict, "订阅状态已改变，请重试。 / The subscription changed meanwhile; try again.")
		}
		if s.Status == subscription.StatusEnded {
			if _, err := tx.ExecContext(ctx, `UPDATE outbox SET status = 'dropped' WHERE subscription_id = $1 AND status = 'pending'`, int64(s.ID)); err != nil {
				return err
			}
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// FanOut queues deliveries for the messages not yet fanned out, oldest
// first, a transaction per message; each is marked in the transaction that
// queues its deliveries, so a message committed late is still found, and
// two dispatchers never both handle one.
func (st *SubscriptionStore) FanOut(ctx context.Context, match func(*publish.Message, *subscription.Subscription) bool) (int, error) {
	queued := 0
	for range 1000 { // at most this many messages a call; the next call goes on
		done := false
		err := st.db.Transact(ctx, func(tx *Tx) error {
			m, err := scanPublication(tx.QueryRowContext(ctx, `SELECT `+publicationCols+` FROM publications p WHERE NOT p.fanned_out ORDER BY p.id LIMIT 1`))
			if errors.Is(err, sql.ErrNoRows) {
				done = true
				return nil
			}
			if err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, `UPDATE publications SET fanned_out = TRUE WHERE id = $1 AND NOT fanned_out`, m.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 || !m.Public {
				return nil // another dispatcher has it, or nobody subscribes to it
			}
			subs, err := collect(scanSubscription)(tx.QueryContext(ctx, `SELECT `+subscriptionCols+` FROM subscriptions s
				WHERE s.status = 'active' AND s.confirmed_at <= $1`, m.Sent.Add(time.Second)))
			if err != nil {
				return err
			}
			now := tx.Now()
			for _, s := range subs {
				if !match(m, s) {
					continue
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO outbox (subscription_id, kind, publication_id, status, next_at, created_at)
					VALUES ($1, 'message', $2, 'pending', $3, $3) ON CONFLICT DO NOTHING`, int64(s.ID), m.ID, now); err != nil {
					return err
				}
				queued++
			}
			return nil
		})
		if err != nil || done {
			return queued, err
		}
	}
	return queued, nil
}

// lease is how long a claimed delivery is hidden from other dispatchers;
// a process that dies mid-send leaves it to be retried after that.
const lease = 15 * time.Minute

// Due claims the deliveries whose time has come, oldest first.
func (st *SubscriptionStore) Due(ctx context.Context, now time.Time, limit int) ([]*subscription.Delivery, error) {
	rows, err := st.db.query(ctx, `SELECT o.id, o.kind, COALESCE(o.publication_id, 0), o.attempts, o.next_at, `+subscriptionCols+`
		FROM outbox o JOIN subscriptions s ON s.id = o.subscription_id
		WHERE o.status = 'pending' AND o.next_at <= $1 ORDER BY o.next_at, o.id LIMIT `+strconv.Itoa(limit), now.UTC())
	if err != nil {
		return nil, err
	}
	var out []*subscription.Delivery
	pubs := map[*subscription.Delivery]int64{}
	for rows.Next() {
		d := &subscription.Delivery{Status: "pending"}
		var kind string
		var pub int64
		s, err := scanSubscription(prefixScanner{rows, []any{&d.ID, &kind, &pub, &d.Attempts, &d.NextAt}})
		if err != nil {
			rows.Close()
			return nil, err
		}
		d.Kind, d.Subscription = subscription.Kind(kind), s
		pubs[d] = pub
		out = append(out, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	claimed := out[:0]
	for _, d := range out {
		leaseEnd := now.Add(lease).UTC().Truncate(time.Microsecond)
		res, err := st.db.w.ExecContext(ctx, `UPDATE outbox SET next_at = $1 WHERE id = $2 AND status = 'pending' AND next_at = $3`,
			leaseEnd, d.ID, d.NextAt)
		if err != nil {
			return nil, err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			continue // another dispatcher took it
		}
		d.NextAt = leaseEnd // the claim: Record writes only while it holds
		if pub := pubs[d]; pub != 0 {
			m, err := scanPublication(st.db.queryRow(ctx, `SELECT `+publicationCols+` FROM publications p WHERE p.id = $1`, pub))
			if err != nil {
				return nil, err
			}
			d.Message = m
		}
		claimed = append(claimed, d)
	}
	return claimed, nil
}

// Record stores the outcome of an attempt, if the row is still pending
// under this dispatcher's claim (an unsubscription may have dropped it, or
// a claim that ran out may have passed to another dispatcher).
func (st *SubscriptionStore) Record(ctx context.Context, d *subscription.Delivery, claim, now time.Time) error {
	var sent any
	if d.Status == "sent" {
		sent = now.UTC()
	}
	_, err := st.db.w.ExecContext(ctx, `UPDATE outbox SET status = $1, attempts = $2, next_at = $3, last_error = $4, sent_at = $5
		WHERE id = $6 AND status = 'pending' AND next_at = $7`,
		d.Status, d.Attempts, d.NextAt.UTC(), d.LastError, sent, d.ID, claim.UTC())
	return err
}

// Review lists subscriptions, newest first, each with its latest perSub
// deliveries (newest first) and how many it has in all.
func (st *SubscriptionStore) Review(ctx context.Context, offset, limit, perSub int) ([]*subscription.Overview, int, error) {
	var total int
	if err := st.db.queryRow(ctx, `SELECT count(*) FROM subscriptions`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: subscriptions: %w", err)
	}
	subs, err := collect(scanSubscription)(st.db.query(ctx, `SELECT `+subscriptionCols+` FROM subscriptions s
		ORDER BY s.created_at DESC, s.id DESC LIMIT $1 OFFSET $2`, limit, offset))
	if err != nil {
		return nil, 0, fmt.Errorf("store: subscriptions: %w", err)
	}
	out := make([]*subscription.Overview, len(subs))
	byID := make(map[int64]*subscription.Overview, len(subs))
	ph := make([]string, len(subs))
	args := []any{perSub}
	for i, s := range subs {
		out[i] = &subscription.Overview{Subscription: s, Deliveries: []subscription.Attempted{}}
		byID[int64(s.ID)] = out[i]
		args = append(args, int64(s.ID))
		ph[i] = fmt.Sprintf("$%d", i+2)
	}
	if len(subs) == 0 {
		return out, total, nil
	}
	rows, err := st.db.query(ctx, `SELECT x.subscription_id, x.n, x.id, x.kind, x.status, x.attempts, x.next_at, x.last_error, x.created_at, x.sent_at,
		x.warning_id, x.seq, x.msg_type, x.title, x.number FROM (
			SELECT o.subscription_id, o.id, o.kind, o.status, o.attempts, o.next_at, o.last_error, o.created_at, o.sent_at,
				COALESCE(p.warning_id, 0) AS warning_id, COALESCE(p.seq, 0) AS seq, COALESCE(p.msg_type, '') AS msg_type,
				COALESCE(w.title, '') AS title, COALESCE(w.number, '') AS number,
				row_number() OVER (PARTITION BY o.subscription_id ORDER BY o.id DESC) AS rn,
				count(*) OVER (PARTITION BY o.subscription_id) AS n
			FROM outbox o LEFT JOIN publications p ON p.id = o.publication_id LEFT JOIN warnings w ON w.id = p.warning_id
			WHERE o.subscription_id IN (`+strings.Join(ph, ", ")+`)) x
		WHERE x.rn <= $1 ORDER BY x.subscription_id, x.id DESC`, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: subscription deliveries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d subscription.Attempted
		var sub, wid int64
		var n int
		var kind, status, msgType string
		var sent sql.NullTime
		if err := rows.Scan(&sub, &n, &d.ID, &kind, &status, &d.Attempts, &d.NextAt, &d.LastError, &d.CreatedAt, &sent,
			&wid, &d.Seq, &msgType, &d.Title, &d.Number); err != nil {
			return nil, 0, fmt.Errorf("store: subscription deliveries: %w", err)
		}
		d.Kind, d.Status, d.MsgType, d.WarningID = subscription.Kind(kind), subscription.DeliveryStatus(status), publish.MsgType(msgType), risk.ID(wid)
		d.NextAt, d.CreatedAt, d.SentAt = d.NextAt.UTC(), d.CreatedAt.UTC(), nullTimePtr(sent)
		o := byID[sub]
		o.Total = n
		o.Deliveries = append(o.Deliveries, d)
	}
	return out, total, rows.Err()
}
