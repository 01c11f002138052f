package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/enterprise"
	"riskgate/internal/risk"
)

// CreditStore implements credit.Store.
type CreditStore struct{ db *DB }

// Credit returns the credit store.
func (db *DB) Credit() *CreditStore { return &CreditStore{db: db} }

var _ credit.Store = (*CreditStore)(nil)

// Rules returns the newest rule table.
func (s *CreditStore) Rules(ctx context.Context) (*credit.Rules, error) {
	var body string
	err := s.db.queryRow(ctx, `SELECT body FROM credit_rules ORDER BY version DESC LIMIT 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "尚无信用规则。 / No credit rules stored.")
	}
	if err != nil {
		return nil, err
	}
	var r credit.Rules
	return &r, json.Unmarshal([]byte(body), &r)
}

// SaveRules stores a new version.
func (s *CreditStore) SaveRules(ctx context.Context, r *credit.Rules, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO credit_rules (version, body, created_at) VALUES ($1, $2, $3)`, r.Version, jsonText(r), tx.Now()); err != nil {
			if s.db.d.uniqueViolation(err) {
				return risk.Errorf(risk.ErrConflict, "该版本已存在，请刷新后重试。 / That version exists; reload and try again.")
			}
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

// Firm returns an enterprise's credit record and all its events. A firm
// with no record yet holds the register's tier: a base tier as its base,
// a dishonest tier set by hand or import as a decision.
func (s *CreditStore) Firm(ctx context.Context, e *enterprise.Enterprise) (*credit.Firm, []*credit.Event, error) {
	f := &credit.Firm{EnterpriseID: e.ID, USCC: e.USCC, Name: e.NameZh, NameEn: e.NameEn, Tier: e.CreditTier}
	var outcome string
	err := s.db.queryRow(ctx, `SELECT base_tier, override_tier, override_reason, since, outcome, rev FROM credit_firms WHERE enterprise_id = $1`,
		int64(e.ID)).Scan(&f.Base, &f.Override, &f.OverrideReason, &f.Since, &outcome, &f.Rev)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		f.Base, f.Since = e.CreditTier, e.CreatedAt
		if !credit.IsBase(e.CreditTier) {
			f.Base = credit.TierRoutine
			if credit.IsDishonest(e.CreditTier) {
				f.Override, f.OverrideReason = e.CreditTier, "企业名录登记的信用等级 / the tier as registered"
			}
		}
	case err != nil:
		return nil, nil, fmt.Errorf("store: credit firm: %w", err)
	default:
		f.Since = f.Since.UTC()
		if err := json.Unmarshal([]byte(outcome), &f.Outcome); err != nil {
			return nil, nil, fmt.Errorf("store: credit firm %d: %w", e.ID, err)
		}
	}
	events, err := collect(scanCreditEvent)(s.db.query(ctx, `SELECT `+creditEventCols+` FROM credit_events WHERE enterprise_id = $1 ORDER BY id`, int64(e.ID)))
	if err != nil {
		return nil, nil, fmt.Errorf("store: credit events: %w", err)
	}
	return f, events, nil
}

const creditEventCols = `id, status, body, created_at, updated_at`

func scanCreditEvent(row rowScanner) (*credit.Event, error) {
	var e credit.Event
	var id int64
	var status, body string
	var created, updated time.Time
	if err := row.Scan(&id, &status, &body, &created, &updated); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		return nil, fmt.Errorf("store: credit event %d: %w", id, err)
	}
	e.ID, e.Status, e.CreatedAt, e.UpdatedAt = risk.ID(id), credit.EventStatus(status), created.UTC(), updated.UTC()
	return &e, nil
}

func creditConflict() error {
	return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("该企业的信用记录已被他人修改，请刷新后重试。", "the firm's credit record was changed by someone else; reload and try again.")}
}

// Apply writes effects in one transaction.
func (s *CreditStore) Apply(ctx context.Context, fx []credit.Effect) error {
	return s.db.Transact(ctx, func(tx *Tx) error { return applyCredit(ctx, tx, fx) })
}

// applyCredit writes, inside tx, credit effects: each firm's record under
// its revision, the events added and moved, the tier and its change, and
// the audit entries; a tier that moved moves the screening rules' version.
func applyCredit(ctx context.Context, tx *Tx, fx []credit.Effect) error {
	bump := false
	for i := range fx {
		f := &fx[i]
		next := 0
		ids := map[risk.ID]risk.ID{} // the service's provisional IDs → stored
		for _, e := range f.NewEvents {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO credit_events (enterprise_id, kind, severity, occurred_on, ends_on, source, source_id, status, body,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				int64(e.EnterpriseID), e.Kind, string(e.Severity), e.OccurredOn, e.EndsOn, string(e.Source), int64(e.SourceID), string(e.Status), jsonText(e),
				e.CreatedAt, e.UpdatedAt).Scan(&id); err != nil {
				return fmt.Errorf("store: insert credit event: %w", err)
			}
			ids[e.ID], e.ID = risk.ID(id), risk.ID(id)
			for ; next < len(f.Audit); next++ {
				if f.Audit[next].Entity == "credit_event" && f.Audit[next].EntityID == 0 {
					f.Audit[next].EntityID = e.ID
					next++
					break
				}
			}
		}
		rename := func(o *credit.Outcome) {
			for _, l := range [][]risk.ID{o.Events, o.Tolerated} {
				for j, id := range l {
					if n, ok := ids[id]; ok {
						l[j] = n
					}
				}
			}
		}
		rename(&f.Firm.Outcome)
		if f.Change != nil {
			rename(&f.Change.Outcome)
		}
		if err := writeCreditFirm(ctx, tx, &f.Firm); err != nil {
			return err
		}
		for _, e := range f.Updated {
			if _, err := tx.ExecContext(ctx, `UPDATE credit_events SET status = $1, body = $2, updated_at = $3 WHERE id = $4`,
				string(e.Status), jsonText(e), e.UpdatedAt, int64(e.ID)); err != nil {
				return fmt.Errorf("store: update credit event: %w", err)
			}
		}
		if c := f.Change; c != nil {
			res, err := tx.ExecContext(ctx, `UPDATE enterprises SET credit_tier = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND credit_tier = $4`,
				c.To, tx.Now(), int64(c.EnterpriseID), c.From)
			if err != nil {
				return fmt.Errorf("store: credit tier: %w", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return creditConflict()
			}
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO credit_changes (enterprise_id, from_tier, to_tier, body, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
				int64(c.EnterpriseID), c.From, c.To, jsonText(c), c.At).Scan(&id); err != nil {
				return fmt.Errorf("store: insert credit change: %w", err)
			}
			c.ID = risk.ID(id)
			bump = true
		}
		if err := appendAuditBatch(ctx, tx, f.Audit); err != nil {
			return err
		}
	}
	if bump {
		return bumpRules(ctx, tx) // the port samples each firm at its tier's rate
	}
	return nil
}

// writeCreditFirm writes a firm's record under the revision read (Rev 0:
// none yet; -1: not to be written).
func writeCreditFirm(ctx context.Context, tx *Tx, f *credit.Firm) error {
	switch {
	case f.Rev < 0:
		return nil
	case f.Rev == 0:
		_, err := tx.ExecContext(ctx, `INSERT INTO credit_firms (enterprise_id, base_tier, override_tier, override_reason, since, outcome, rev)
			VALUES ($1, $2, $3, $4, $5, $6, 1)`, int64(f.EnterpriseID), f.Base, f.Override, f.OverrideReason, f.Since.UTC(), jsonText(f.Outcome))
		if err != nil {
			if tx.db.d.uniqueViolation(err) {
				return creditConflict()
			}
			return fmt.Errorf("store: insert credit firm: %w", err)
		}
	default:
		res, err := tx.ExecContext(ctx, `UPDATE credit_firms SET base_tier = $1, override_tier = $2, override_reason = $3, since = $4, outcome = $5, rev = rev + 1
			WHERE enterprise_id = $6 AND rev = $7`, f.Base, f.Override, f.OverrideReason, f.Since.UTC(), jsonText(f.Outcome), int64(f.EnterpriseID), f.Rev)
		if err != nil {
			return fmt.Errorf("store: update credit firm: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return creditConflict()
		}
	}
	f.Rev++
	return nil
}

// Event returns one event.
func (s *CreditStore) Event(ctx context.Context, id risk.ID) (*credit.Event, error) {
	e, err := scanCreditEvent(s.db.queryRow(ctx, `SELECT `+creditEventCols+` FROM credit_events WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该信用事件。 / No such credit event.")
	}
	return e, err
}

// Events lists matching events, newest first, and how many match.
func (s *CreditStore) Events(ctx context.Context, f credit.EventFilter) ([]*credit.Event, int, error) {
	var w where
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	if f.Kind != "" {
		w.add("kind = ?", f.Kind)
	}
	if f.Severity != "" {
		w.add("severity = ?", string(f.Severity))
	}
	if f.Source != "" {
		w.add("source = ?", string(f.Source))
	}
	if f.SourceID != 0 {
		w.add("source_id = ?", int64(f.SourceID))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM credit_events`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count credit events: %w", err)
	}
	es, err := collect(scanCreditEvent)(s.db.query(ctx, `SELECT `+creditEventCols+` FROM credit_events`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list credit events: %w", err)
	}
	return es, total, nil
}

func scanCreditChange(row rowScanner) (*credit.Change, error) {
	var c credit.Change
	var id int64
	var body string
	if err := row.Scan(&id, &body); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &c); err != nil {
		return nil, fmt.Errorf("store: credit change %d: %w", id, err)
	}
	c.ID = risk.ID(id)
	return &c, nil
}

// Changes lists a firm's tier changes, newest first.
func (s *CreditStore) Changes(ctx context.Context, enterpriseID risk.ID, limit int) ([]*credit.Change, error) {
	return collect(scanCreditChange)(s.db.query(ctx, fmt.Sprintf(`SELECT id, body FROM credit_changes WHERE enterprise_id = $1 ORDER BY id DESC LIMIT %d`, limit), int64(enterpriseID)))
}

// RecentChanges lists tier changes at or after t, oldest first.
func (s *CreditStore) RecentChanges(ctx context.Context, t time.Time, limit int) ([]*credit.Change, error) {
	return collect(scanCreditChange)(s.db.query(ctx, fmt.Sprintf(`SELECT id, body FROM credit_changes WHERE at >= $1 ORDER BY id LIMIT %d`, limit), t.UTC()))
}

const creditRepairCols = `id, status, body, created_at, updated_at, rev`

func scanCreditRepair(row rowScanner) (*credit.Repair, error) {
	var r credit.Repair
	var id int64
	var status, body string
	var created, updated time.Time
	var rev int
	if err := row.Scan(&id, &status, &body, &created, &updated, &rev); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return nil, fmt.Errorf("store: credit repair %d: %w", id, err)
	}
	r.ID, r.Status, r.Rev = risk.ID(id), credit.RepairStatus(status), rev
	return &r, nil
}

// CreateRepair inserts an application with its audit entry.
func (s *CreditStore) CreateRepair(ctx context.Context, r *credit.Repair, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO credit_repairs (enterprise_id, status, body, created_at, updated_at, rev) VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`,
			int64(r.EnterpriseID), string(r.Status), jsonText(r), r.AppliedAt, r.Rev).Scan(&id); err != nil {
			return fmt.Errorf("store: insert credit repair: %w", err)
		}
		r.ID = risk.ID(id)
		ae.EntityID = r.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// ReviewRepair writes r under its revision with the effect of the review.
func (s *CreditStore) ReviewRepair(ctx context.Context, r *credit.Repair, fx credit.Effect) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE credit_repairs SET status = $1, body = $2, updated_at = $3, rev = $4 WHERE id = $5 AND rev = $6`,
			string(r.Status), jsonText(r), tx.Now(), r.Rev, int64(r.ID), r.Rev-1)
		if err != nil {
			return fmt.Errorf("store: update credit repair: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("申请已被他人处理，请刷新后重试。", "the application was changed by someone else; reload and try again.")}
		}
		return applyCredit(ctx, tx, []credit.Effect{fx})
	})
}

// Repair returns one application.
func (s *CreditStore) Repair(ctx context.Context, id risk.ID) (*credit.Repair, error) {
	r, err := scanCreditRepair(s.db.queryRow(ctx, `SELECT `+creditRepairCols+` FROM credit_repairs WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "没有该信用修复申请。 / No such repair application.")
	}
	return r, err
}

// Repairs lists matching applications, newest first, and how many match.
func (s *CreditStore) Repairs(ctx context.Context, f credit.RepairFilter) ([]*credit.Repair, int, error) {
	var w where
	if f.EnterpriseID != 0 {
		w.add("enterprise_id = ?", int64(f.EnterpriseID))
	}
	if f.Status != "" {
		w.add("status = ?", string(f.Status))
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM credit_repairs`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count credit repairs: %w", err)
	}
	rs, err := collect(scanCreditRepair)(s.db.query(ctx, `SELECT `+creditRepairCols+` FROM credit_repairs`+w.sql()+` ORDER BY id DESC`+w.page(f.Limit, f.Offset), w.args...))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list credit repairs: %w", err)
	}
	return rs, total, nil
}

// Listed returns the firms whose tier is one of tiers, by USCC, each with
// the day it took its tier.
func (s *CreditStore) Listed(ctx context.Context, tiers []string) ([]credit.ListItem, error) {
	var w where
	w.add("e.credit_tier IN (" + w.inList(tiers) + ")")
	rows, err := s.db.query(ctx, `SELECT e.id, e.uscc, e.name_zh, e.name_en, e.credit_tier, cf.since, e.created_at
		FROM enterprises e LEFT JOIN credit_firms cf ON cf.enterprise_id = e.id`+w.sql()+` ORDER BY e.uscc`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("store: credit list: %w", err)
	}
	defer rows.Close()
	var out []credit.ListItem
	for rows.Next() {
		var it credit.ListItem
		var id int64
		var since sql.NullTime
		var created time.Time
		if err := rows.Scan(&id, &it.USCC, &it.Name, &it.NameEn, &it.Tier, &since, &created); err != nil {
			return nil, err
		}
		if since.Valid {
			created = since.Time
		}
		it.EnterpriseID, it.Since = risk.ID(id), credit.Today(created)
		out = append(out, it)
	}
	return out, rows.Err()
}

// LastExport returns a list's last export, nil when there is none.
func (s *CreditStore) LastExport(ctx context.Context, list string) (*credit.Export, error) {
	var x credit.Export
	var id int64
	var items string
	err := s.db.queryRow(ctx, `SELECT id, list, format, items, by_login, at FROM credit_exports WHERE list = $1 ORDER BY id DESC LIMIT 1`, list).
		Scan(&id, &x.List, &x.Format, &items, &x.By, &x.At)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	x.ID, x.At = risk.ID(id), x.At.UTC()
	return &x, json.Unmarshal([]byte(items), &x.Items)
}

// SaveExport records an export with its audit entry.
func (s *CreditStore) SaveExport(ctx context.Context, x *credit.Export, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var id int64
		items := x.Items
		if items == nil {
			items = []credit.ListItem{}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO credit_exports (list, format, items, by_login, at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
			x.List, x.Format, jsonText(items), x.By, x.At).Scan(&id); err != nil {
			return fmt.Errorf("store: insert credit export: %w", err)
		}
		x.ID = risk.ID(id)
		ae.EntityID = x.ID
		return appendAudit(ctx, tx, &ae)
	})
}

// Expiring lists the enterprises with events in force that ended on or
// before day.
func (s *CreditStore) Expiring(ctx context.Context, day string) ([]risk.ID, error) {
	rows, err := s.db.query(ctx, `SELECT DISTINCT enterprise_id FROM credit_events WHERE status = $1 AND ends_on <= $2 ORDER BY enterprise_id`, string(credit.InForce), day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []risk.ID
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, risk.ID(id))
	}
	return out, rows.Err()
}
