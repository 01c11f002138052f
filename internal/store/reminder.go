package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/reminder"
	"riskgate/internal/risk"
)

// ReminderStore implements reminder.Store.
type ReminderStore struct{ db *DB }

// Reminders returns the reminder store.
func (db *DB) Reminders() *ReminderStore { return &ReminderStore{db: db} }

var _ reminder.Store = (*ReminderStore)(nil)

// Add writes the reminders not written yet, in one transaction with one
// audit entry for the lot.
func (s *ReminderStore) Add(ctx context.Context, cs []reminder.Candidate, ae audit.Entry) (int, error) {
	n := 0
	err := s.db.Transact(ctx, func(tx *Tx) error {
		var err error
		if n, err = addReminders(ctx, tx, cs); err != nil || n == 0 {
			return err
		}
		ae.Summary = risk.Bilingual(fmt.Sprintf("发出 %d 条提醒", n), fmt.Sprintf("%d reminders sent", n))
		return appendAudit(ctx, tx, &ae)
	})
	return n, err
}

// addReminders writes, inside tx, the candidates' reminders that do not
// exist yet (by person and key), each pending e-mail when its person wants
// one; it returns how many it wrote.
func addReminders(ctx context.Context, tx *Tx, cs []reminder.Candidate) (int, error) {
	n := 0
	now := tx.Now()
	for _, c := range cs {
		for _, u := range c.Users {
			res, err := tx.ExecContext(ctx, `INSERT INTO reminders (user_id, rkey, stage, subject, href, due, created_at, email_state)
				SELECT id, $2, $3, $4, $5, $6, $7, CASE WHEN remind_by = 'email' AND email <> '' THEN 'pending' ELSE '' END
				FROM users WHERE id = $1 AND NOT disabled
				ON CONFLICT (user_id, rkey) DO NOTHING`,
				int64(u), c.Key, string(c.Stage), c.Subject, c.Href, c.Due, now)
			if err != nil {
				return 0, fmt.Errorf("store: add reminder: %w", err)
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
	}
	return n, nil
}

const reminderCols = `id, user_id, rkey, stage, subject, href, due, created_at, read_at, email_state`

func scanReminder(r rowScanner) (*reminder.Reminder, error) {
	var x reminder.Reminder
	var id, uid int64
	var stage string
	var read sql.NullTime
	if err := r.Scan(&id, &uid, &x.Key, &stage, &x.Subject, &x.Href, &x.Due, &x.CreatedAt, &read, &x.Email); err != nil {
		return nil, err
	}
	x.ID, x.UserID, x.Stage, x.CreatedAt, x.ReadAt = risk.ID(id), risk.ID(uid), reminder.Stage(stage), x.CreatedAt.UTC(), nullTimePtr(read)
	return &x, nil
}

// Of lists a person's reminders, unread first, newest first.
func (s *ReminderStore) Of(ctx context.Context, userID risk.ID, unreadOnly bool, limit int) ([]*reminder.Reminder, error) {
	cond := ""
	if unreadOnly {
		cond = " AND read_at IS NULL"
	}
	return collect(scanReminder)(s.db.query(ctx, `SELECT `+reminderCols+` FROM reminders WHERE user_id = $1`+cond+`
		ORDER BY read_at IS NOT NULL, id DESC LIMIT $2`, int64(userID), limit))
}

// Unread counts a person's unread reminders.
func (s *ReminderStore) Unread(ctx context.Context, userID risk.ID) (int, error) {
	var n int
	err := s.db.queryRow(ctx, `SELECT count(*) FROM reminders WHERE user_id = $1 AND read_at IS NULL`, int64(userID)).Scan(&n)
	return n, err
}

// MarkRead marks one of a person's reminders read (risk.ErrNotFound for
// another's).
func (s *ReminderStore) MarkRead(ctx context.Context, userID, id risk.ID, at time.Time) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE reminders SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3`, at.UTC(), int64(id), int64(userID))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrNotFound, "没有该提醒。 / No such reminder.")
		}
		return nil
	})
}

// Settings reads a person's address and choice.
func (s *ReminderStore) Settings(ctx context.Context, userID risk.ID) (reminder.Settings, error) {
	var st reminder.Settings
	var by string
	err := s.db.queryRow(ctx, `SELECT email, remind_by FROM users WHERE id = $1`, int64(userID)).Scan(&st.Email, &by)
	if errors.Is(err, sql.ErrNoRows) {
		return st, risk.Errorf(risk.ErrNotFound, "没有该用户。 / No such user.")
	}
	st.By = reminder.Channel(by)
	return st, err
}

// SaveSettings writes a person's address and choice with its audit entry;
// reminders still waiting for their e-mail follow the new choice.
func (s *ReminderStore) SaveSettings(ctx context.Context, userID risk.ID, st reminder.Settings, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET email = $1, remind_by = $2, updated_at = $3 WHERE id = $4`,
			st.Email, string(st.By), tx.Now(), int64(userID)); err != nil {
			return err
		}
		if st.By != reminder.ByEmail || st.Email == "" {
			if _, err := tx.ExecContext(ctx, `UPDATE reminders SET email_state = '' WHERE user_id = $1 AND email_state = 'pending'`, int64(userID)); err != nil {
				return err
			}
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// PendingEmail lists reminders waiting for their e-mail, oldest first.
func (s *ReminderStore) PendingEmail(ctx context.Context, limit int) ([]reminder.Outgoing, error) {
	return collect(func(r rowScanner) (reminder.Outgoing, error) {
		var o reminder.Outgoing
		var id, uid int64
		var stage string
		if err := r.Scan(&id, &uid, &o.Key, &stage, &o.Subject, &o.Href, &o.Due, &o.CreatedAt, &o.To); err != nil {
			return o, err
		}
		o.ID, o.UserID, o.Stage = risk.ID(id), risk.ID(uid), reminder.Stage(stage)
		return o, nil
	})(s.db.query(ctx, `SELECT r.id, r.user_id, r.rkey, r.stage, r.subject, r.href, r.due, r.created_at, u.email
		FROM reminders r JOIN users u ON u.id = r.user_id
		WHERE r.email_state = 'pending' AND u.email <> '' AND u.remind_by = 'email' AND NOT u.disabled ORDER BY r.id LIMIT $1`, limit))
}

// Emailed records an e-mail attempt.
func (s *ReminderStore) Emailed(ctx context.Context, id risk.ID, sendErr error, at time.Time) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if sendErr == nil {
			_, err := tx.ExecContext(ctx, `UPDATE reminders SET email_state = 'sent', emailed_at = $1, email_attempts = email_attempts + 1, email_error = ''
				WHERE id = $2`, at.UTC(), int64(id))
			return err
		}
		msg := sendErr.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		_, err := tx.ExecContext(ctx, `UPDATE reminders SET email_attempts = email_attempts + 1, email_error = $1,
			email_state = CASE WHEN email_attempts + 1 >= $2 THEN 'failed' ELSE 'pending' END WHERE id = $3`, msg, reminder.MaxAttempts, int64(id))
		return err
	})
}

// People lists the enabled users of a department with one of roles, or
// of an enterprise.
// LabUsers returns the enabled users bound to a laboratory.
func (s *ReminderStore) LabUsers(ctx context.Context, labID risk.ID) ([]risk.ID, error) {
	return collect(func(r rowScanner) (risk.ID, error) {
		var id int64
		err := r.Scan(&id)
		return risk.ID(id), err
	})(s.db.query(ctx, `SELECT id FROM users WHERE lab_id = $1 AND NOT disabled ORDER BY id`, int64(labID)))
}

func (s *ReminderStore) People(ctx context.Context, dept string, roles []risk.Role, enterpriseID risk.ID) ([]risk.ID, error) {
	var w where
	w.conds = append(w.conds, "NOT disabled")
	if enterpriseID != 0 {
		w.add("enterprise_id = ?", int64(enterpriseID))
	} else {
		w.add("dept = ?", dept)
		rs := make([]string, len(roles))
		for i, r := range roles {
			rs[i] = string(r)
		}
		if len(rs) > 0 {
			w.conds = append(w.conds, "role IN ("+inList(&w, rs)+")")
		}
	}
	return collect(func(r rowScanner) (risk.ID, error) {
		var id int64
		err := r.Scan(&id)
		return risk.ID(id), err
	})(s.db.query(ctx, `SELECT id FROM users`+w.sql()+` ORDER BY id`, w.args...))
}
