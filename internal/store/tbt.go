package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/reminder"
	"riskgate/internal/risk"
	"riskgate/internal/tbt"
)

// TBTStore implements tbt.Store.
type TBTStore struct{ db *DB }

// TBT returns the TBT/SPS notification store.
func (db *DB) TBT() *TBTStore { return &TBTStore{db: db} }

var _ tbt.Store = (*TBTStore)(nil)

const tbtCols = `n.id, n.base_id, n.rev, n.created_at, n.updated_at, n.body`

func scanNotification(row rowScanner) (*tbt.Notification, error) {
	var n tbt.Notification
	var id int64
	var base sql.NullInt64
	var rev int
	var created, updated time.Time
	var body string
	if err := row.Scan(&id, &base, &rev, &created, &updated, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &n); err != nil {
		return nil, fmt.Errorf("store: tbt notification %d: %w", id, err)
	}
	n.ID, n.BaseID, n.Rev, n.CreatedAt, n.UpdatedAt = risk.ID(id), risk.ID(base.Int64), rev, created.UTC(), updated.UTC()
	if n.HSCodes == nil {
		n.HSCodes = []string{}
	}
	if n.ICSCodes == nil {
		n.ICSCodes = []string{}
	}
	if n.Documents == nil {
		n.Documents = []tbt.Document{}
	}
	return &n, nil
}

// notificationBody is what the body column keeps: the notification without
// the columns kept beside it and what is read, not stored.
func notificationBody(n *tbt.Notification) string {
	c := *n
	c.ID, c.BaseID, c.Rev, c.Later = 0, 0, 0, nil
	return jsonText(&c)
}

// Family returns the documents whose symbol or base symbol is one of bases.
func (s *TBTStore) Family(ctx context.Context, bases []string) ([]*tbt.Notification, error) {
	if len(bases) == 0 {
		return nil, nil
	}
	var out []*tbt.Notification
	for start := 0; start < len(bases); start += 500 {
		chunk := bases[start:min(start+500, len(bases))]
		var w where
		list := inList(&w, chunk)
		ns, err := collect(scanNotification)(s.db.query(ctx, `SELECT `+tbtCols+` FROM tbt_notifications n WHERE n.base_symbol IN (`+list+`) ORDER BY n.id`, w.args...))
		if err != nil {
			return nil, fmt.Errorf("store: tbt family: %w", err)
		}
		out = append(out, ns...)
	}
	return out, nil
}

func tbtConflict(sym string) error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("通报 "+sym+" 已被他人修改，请刷新后重试。", "notification "+sym+" was changed by someone else; reload and try again.")}
}

// Save writes notifications with their audit entries in one transaction:
// new ones inserted and linked to their base by symbol (and a new base
// linked to the later documents registered before it), others updated
// under their revision.
func (s *TBTStore) Save(ctx context.Context, ns []*tbt.Notification, entries []audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		for i, n := range ns {
			status := string(n.CommentStatus())
			if n.ID == 0 {
				var id int64
				err := tx.QueryRowContext(ctx, `INSERT INTO tbt_notifications (symbol, base_symbol, base_id, agreement, kind, member, distributed_on,
					comment_deadline, comment_status, body, rev, created_at, updated_at)
					VALUES ($1, $2, (SELECT b.id FROM tbt_notifications b WHERE b.symbol = $2 AND b.symbol <> $1), $3, $4, $5, $6, $7, $8, $9, 1, $10, $10) RETURNING id`,
					n.Symbol, n.BaseSymbol, string(n.Agreement), string(n.Kind), n.Member, n.Date, n.CommentDeadline, status, notificationBody(n), n.CreatedAt).Scan(&id)
				if err != nil {
					if s.db.d.uniqueViolation(err) {
						return &risk.Error{Kind: risk.ErrConflict, Field: "symbol", Message: risk.Bilingual("通报 "+n.Symbol+" 已登记。", "notification "+n.Symbol+" is registered.")}
					}
					return fmt.Errorf("store: insert tbt notification: %w", err)
				}
				n.ID, n.Rev = risk.ID(id), 1
				if n.Symbol == n.BaseSymbol {
					if _, err := tx.ExecContext(ctx, `UPDATE tbt_notifications SET base_id = $1 WHERE base_symbol = $2 AND id <> $1 AND base_id IS NULL`, id, n.Symbol); err != nil {
						return fmt.Errorf("store: link tbt documents: %w", err)
					}
				}
			} else {
				res, err := tx.ExecContext(ctx, `UPDATE tbt_notifications SET comment_deadline = $1, comment_status = $2, body = $3, rev = rev + 1, updated_at = $4
					WHERE id = $5 AND rev = $6`, n.CommentDeadline, status, notificationBody(n), n.UpdatedAt, int64(n.ID), n.Rev)
				if err != nil {
					return fmt.Errorf("store: update tbt notification: %w", err)
				}
				if k, _ := res.RowsAffected(); k == 0 {
					return tbtConflict(n.Symbol)
				}
				if _, err := tx.ExecContext(ctx, `DELETE FROM tbt_notification_hs WHERE notification_id = $1`, int64(n.ID)); err != nil {
					return err
				}
				n.Rev++
			}
			for _, c := range n.HSCodes {
				if _, err := tx.ExecContext(ctx, `INSERT INTO tbt_notification_hs (notification_id, hs_code) VALUES ($1, $2)`, int64(n.ID), c); err != nil {
					return fmt.Errorf("store: insert tbt hs code: %w", err)
				}
			}
			if i < len(entries) && entries[i].EntityID == 0 {
				entries[i].EntityID = n.ID
			}
		}
		return appendAuditBatch(ctx, tx, entries)
	})
}

// Get returns a notification with its later documents.
func (s *TBTStore) Get(ctx context.Context, id risk.ID) (*tbt.Notification, error) {
	n, err := scanNotification(s.db.queryRow(ctx, `SELECT `+tbtCols+` FROM tbt_notifications n WHERE n.id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该通报。 / No such notification.")
	}
	if err != nil {
		return nil, err
	}
	n.Later, err = collect(func(r rowScanner) (tbt.Ref, error) {
		var ref tbt.Ref
		var id int64
		var kind string
		err := r.Scan(&id, &ref.Symbol, &kind, &ref.Date)
		ref.ID, ref.Kind = risk.ID(id), tbt.Kind(kind)
		return ref, err
	})(s.db.query(ctx, `SELECT id, symbol, kind, distributed_on FROM tbt_notifications WHERE base_id = $1 ORDER BY distributed_on, symbol`, int64(id)))
	return n, err
}

// List lists matching notifications, newest distributed first.
func (s *TBTStore) List(ctx context.Context, f tbt.Filter) ([]*tbt.Notification, int, error) {
	var w where
	if !f.Later {
		w.add("n.base_id IS NULL")
	}
	if f.Agreement != "" {
		w.add("n.agreement = ?", string(f.Agreement))
	}
	if f.Member != "" {
		w.add("n.member = ?", f.Member)
	}
	if f.HSPrefix != "" {
		w.add("EXISTS (SELECT 1 FROM tbt_notification_hs h WHERE h.notification_id = n.id AND (h.hs_code LIKE ? OR CAST(? AS TEXT) LIKE (h.hs_code || '%')))",
			escapeLike(f.HSPrefix)+"%", f.HSPrefix)
	}
	if f.DeadlineFrom != "" {
		w.add("n.comment_deadline >= ?", f.DeadlineFrom)
	}
	if f.DeadlineTo != "" {
		w.add("n.comment_deadline <> '' AND n.comment_deadline <= ?", f.DeadlineTo)
	}
	if f.Unsent {
		w.add("n.comment_status <> ?", string(tbt.CommentSent))
	}
	if !f.CreatedSince.IsZero() {
		w.add("n.created_at >= ?", f.CreatedSince.UTC())
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM tbt_notifications n`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count tbt notifications: %w", err)
	}
	order := ` ORDER BY n.distributed_on DESC, n.id DESC`
	if f.DeadlineFrom != "" || f.DeadlineTo != "" {
		order = ` ORDER BY n.comment_deadline, n.id`
	}
	ns, err := collect(scanNotification)(s.db.query(ctx, `SELECT `+tbtCols+` FROM tbt_notifications n`+w.sql()+order+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list tbt notifications: %w", err)
	}
	return ns, total, nil
}

// hsUpper is the least code above every code starting with prefix (a
// string of digits), "" when there is none ("99…").
func hsUpper(prefix string) string {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b[:i+1])
		}
	}
	return ""
}

// Impact counts the export declaration lines screened since q.Since to one
// of q.Destinations under one of q.HSPrefixes, by consignor, with the
// register's name. Each prefix is a range on the lines' (destination,
// hs_code) index, which both engines use for an IN list and ranges.
func (s *TBTStore) Impact(ctx context.Context, q tbt.ImpactQuery) ([]tbt.Affected, error) {
	if len(q.Destinations) == 0 {
		return []tbt.Affected{}, nil
	}
	var w where
	w.add("l.destination IN (" + inList(&w, q.Destinations) + ")")
	if len(q.HSPrefixes) > 0 {
		var ors []string
		for _, p := range q.HSPrefixes {
			w.args = append(w.args, p)
			cond := fmt.Sprintf("l.hs_code >= $%d", len(w.args))
			if up := hsUpper(p); up != "" {
				w.args = append(w.args, up)
				cond += fmt.Sprintf(" AND l.hs_code < $%d", len(w.args))
			}
			ors = append(ors, "("+cond+")")
		}
		w.conds = append(w.conds, "("+strings.Join(ors, " OR ")+")")
	}
	w.add("d.direction = 'export'")
	w.add("d.consignor_uscc <> ''")
	w.add("d.screened_at >= ?", q.Since.UTC())
	items, err := collect(func(r rowScanner) (tbt.Affected, error) {
		var a tbt.Affected
		var id int64
		var registered, declared string
		err := r.Scan(&a.USCC, &id, &registered, &declared, &a.Lines, &a.Value)
		a.EnterpriseID, a.Name = risk.ID(id), registered
		if a.Name == "" {
			a.Name = declared
		}
		if a.Name == "" {
			a.Name = a.USCC
		}
		return a, err
	})(s.db.query(ctx, `SELECT d.consignor_uscc, COALESCE(e.id, 0), COALESCE(e.name_zh, ''), COALESCE(max(d.consignor_name), ''), count(*), COALESCE(sum(l.value), 0)
		FROM declaration_lines l JOIN declarations d ON d.id = l.declaration_id
		LEFT JOIN enterprises e ON e.uscc = d.consignor_uscc`+w.sql()+`
		GROUP BY d.consignor_uscc, e.id, e.name_zh`, w.args...))
	if err != nil {
		return nil, fmt.Errorf("store: tbt impact: %w", err)
	}
	if items == nil {
		items = []tbt.Affected{}
	}
	return items, nil
}

func scanTBTSubscription(r rowScanner) (*tbt.Subscription, error) {
	var sub tbt.Subscription
	var id, uid int64
	var body string
	var created time.Time
	if err := r.Scan(&id, &uid, &body, &created); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &sub); err != nil {
		return nil, err
	}
	sub.ID, sub.UserID, sub.CreatedAt = risk.ID(id), risk.ID(uid), created.UTC()
	return &sub, nil
}

// Subscriptions lists a person's subscriptions (userID 0: those of every
// enabled user), oldest first.
func (s *TBTStore) Subscriptions(ctx context.Context, userID risk.ID) ([]*tbt.Subscription, error) {
	var w where
	w.add("NOT u.disabled")
	if userID != 0 {
		w.add("s.user_id = ?", int64(userID))
	}
	subs, err := collect(scanTBTSubscription)(s.db.query(ctx, `SELECT s.id, s.user_id, s.body, s.created_at FROM tbt_subscriptions s JOIN users u ON u.id = s.user_id`+w.sql()+` ORDER BY s.id`, w.args...))
	if subs == nil {
		subs = []*tbt.Subscription{}
	}
	return subs, err
}

// AddSubscription inserts a subscription with its audit entry.
func (s *TBTStore) AddSubscription(ctx context.Context, sub *tbt.Subscription, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO tbt_subscriptions (user_id, body, created_at) VALUES ($1, $2, $3) RETURNING id`,
			int64(sub.UserID), jsonText(map[string]any{"hs_codes": sub.HSPrefixes, "members": sub.Members}), sub.CreatedAt).Scan(&id); err != nil {
			return fmt.Errorf("store: insert tbt subscription: %w", err)
		}
		sub.ID = risk.ID(id)
		ae.EntityID = sub.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// DeleteSubscription removes one of a person's subscriptions.
func (s *TBTStore) DeleteSubscription(ctx context.Context, userID, id risk.ID, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM tbt_subscriptions WHERE id = $1 AND user_id = $2`, int64(id), int64(userID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrNotFound, "没有该订阅。 / No such subscription.")
		}
		return appendAudit(ctx, tx, &ae)
	})
}

func scanStudy(r rowScanner) (*tbt.Study, error) {
	var st tbt.Study
	var id int64
	var rev int
	var body string
	if err := r.Scan(&id, &rev, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &st); err != nil {
		return nil, fmt.Errorf("store: tbt study %d: %w", id, err)
	}
	st.ID, st.Rev = risk.ID(id), rev
	if st.HSCodes == nil {
		st.HSCodes = []string{}
	}
	return &st, nil
}

func studyBody(st *tbt.Study) string {
	c := *st
	c.ID, c.Rev = 0, 0
	return jsonText(&c)
}

// CreateStudy inserts a study with its audit entry.
func (s *TBTStore) CreateStudy(ctx context.Context, st *tbt.Study, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO tbt_studies (notification_id, status, body, rev, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $4) RETURNING id`,
			nullID(st.NotificationID), string(st.Status), studyBody(st), st.CreatedAt).Scan(&id); err != nil {
			return fmt.Errorf("store: insert tbt study: %w", err)
		}
		st.ID, st.Rev = risk.ID(id), 1
		ae.EntityID = st.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// Study returns a study.
func (s *TBTStore) Study(ctx context.Context, id risk.ID) (*tbt.Study, error) {
	st, err := scanStudy(s.db.queryRow(ctx, `SELECT id, rev, body FROM tbt_studies WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该专项调查评估。 / No such study.")
	}
	return st, err
}

// Studies lists matching studies, newest first.
func (s *TBTStore) Studies(ctx context.Context, f tbt.StudyFilter) ([]*tbt.Study, int, error) {
	var w where
	if f.NotificationID != 0 {
		w.add("notification_id = ?", int64(f.NotificationID))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM tbt_studies`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count tbt studies: %w", err)
	}
	sts, err := collect(scanStudy)(s.db.query(ctx, `SELECT id, rev, body FROM tbt_studies`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list tbt studies: %w", err)
	}
	return sts, total, nil
}

// SaveStudy writes a study under its revision, the reminders its
// publication sends and its audit entry, in one transaction.
func (s *TBTStore) SaveStudy(ctx context.Context, st *tbt.Study, told []reminder.Candidate, ae audit.Entry) (int, error) {
	n := 0
	err := s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE tbt_studies SET status = $1, body = $2, rev = rev + 1, updated_at = $3 WHERE id = $4 AND rev = $5`,
			string(st.Status), studyBody(st), st.UpdatedAt, int64(st.ID), st.Rev)
		if err != nil {
			return fmt.Errorf("store: update tbt study: %w", err)
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该调查评估已被他人修改，请刷新后重试。", "the study was changed by someone else; reload and try again.")}
		}
		if n, err = addReminders(ctx, tx, told); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
	return n, err
}
