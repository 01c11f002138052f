package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// ScreeningStore implements screening.Store.
type ScreeningStore struct{ db *DB }

// Screening returns the screening store.
func (db *DB) Screening() *ScreeningStore { return &ScreeningStore{db: db} }

var _ screening.Store = (*ScreeningStore)(nil)

// RulesVersion reads the rules counter.
func (s *ScreeningStore) RulesVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.queryRow(ctx, `SELECT value FROM counters WHERE name = 'rules'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// Rules loads, in one snapshot, the measures in force under active
// warnings, the issued 通报, and the credit tiers and rates.
func (s *ScreeningStore) Rules(ctx context.Context) ([]screening.Rule, screening.Credit, int64, error) {
	credit := screening.Credit{Tiers: map[string]string{}, Rates: map[string]float64{}, DefaultTier: "routine"}
	tx, err := s.db.r.BeginTx(ctx, s.db.d.snapshot())
	if err != nil {
		return nil, credit, 0, err
	}
	defer tx.Rollback()
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM counters WHERE name = 'rules'), 0)`).Scan(&version); err != nil {
		return nil, credit, 0, err
	}
	decisions := map[string]screening.Decision{}
	names := map[string]string{}
	if t, err := catalog.BuiltinTable("measures"); err == nil {
		for _, e := range t.Entries {
			if d, ok := screening.ParseDecision(e.Attrs["screening"]); ok {
				decisions[e.Code] = d
			}
			names[e.Code] = e.NameZh
		}
	}
	if t, err := catalog.BuiltinTable("credit-tiers"); err == nil {
		for _, e := range t.Entries {
			credit.Rates[e.Code], _ = strconv.ParseFloat(e.Attrs["inspection_rate"], 64)
		}
	}
	var rules []screening.Rule
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.type, m.rate, m.scope, m.starts_at, m.ends_at, w.id, w.number, w.starts_at, w.valid_until
		FROM measures m JOIN warnings w ON w.id = m.warning_id
		WHERE m.status = 'in_force' AND w.status IN ('issued', 'referred') ORDER BY m.id`)
	if err != nil {
		return nil, credit, 0, err
	}
	for rows.Next() {
		var r screening.Rule
		var mid, wid int64
		var typ, scope string
		var mStart sql.NullTime
		var mEnd, wStart, wUntil sql.NullTime
		if err := rows.Scan(&mid, &typ, &r.Rate, &scope, &mStart, &mEnd, &wid, &r.WarningNumber, &wStart, &wUntil); err != nil {
			rows.Close()
			return nil, credit, 0, err
		}
		d, ok := decisions[typ]
		if !ok {
			continue // a measure that does not act at the port
		}
		if err := json.Unmarshal([]byte(scope), &r.Scope); err != nil {
			rows.Close()
			return nil, credit, 0, err
		}
		r.MeasureID, r.WarningID, r.Decision = risk.ID(mid), risk.ID(wid), d
		r.From = later(mStart, wStart)
		r.Until = earlier(mEnd, wUntil)
		r.Why = fmt.Sprintf("措施 %d（%s）/ measure %d (%s)", mid, names[typ], mid, typ)
		rules = append(rules, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, credit, 0, err
	}
	brows, err := tx.QueryContext(ctx, `SELECT id, number, scope, starts_at, valid_until FROM warnings
		WHERE class = 'bulletin' AND status IN ('issued', 'referred') ORDER BY id`)
	if err != nil {
		return nil, credit, 0, err
	}
	for brows.Next() {
		var r screening.Rule
		var wid int64
		var scope string
		var start, until sql.NullTime
		if err := brows.Scan(&wid, &r.WarningNumber, &scope, &start, &until); err != nil {
			brows.Close()
			return nil, credit, 0, err
		}
		if err := json.Unmarshal([]byte(scope), &r.Scope); err != nil {
			brows.Close()
			return nil, credit, 0, err
		}
		r.WarningID, r.Decision = risk.ID(wid), screening.DocumentCheck
		r.From, r.Until = later(start, sql.NullTime{}), earlier(until, sql.NullTime{})
		r.Why = fmt.Sprintf("属风险警示通报 %s 范围 / within the scope of bulletin %s", r.WarningNumber, r.WarningNumber)
		rules = append(rules, r)
	}
	brows.Close()
	if err := brows.Err(); err != nil {
		return nil, credit, 0, err
	}
	erows, err := tx.QueryContext(ctx, `SELECT uscc, credit_tier FROM enterprises`)
	if err != nil {
		return nil, credit, 0, err
	}
	defer erows.Close()
	for erows.Next() {
		var u, t string
		if err := erows.Scan(&u, &t); err != nil {
			return nil, credit, 0, err
		}
		credit.Tiers[u] = t
	}
	return rules, credit, version, erows.Err()
}

func later(a, b sql.NullTime) (t time.Time) {
	switch {
	case a.Valid && b.Valid && a.Time.Before(b.Time):
		return b.Time.UTC()
	case a.Valid:
		return a.Time.UTC()
	case b.Valid:
		return b.Time.UTC()
	}
	return t
}

func earlier(a, b sql.NullTime) (t time.Time) {
	switch {
	case a.Valid && b.Valid && b.Time.Before(a.Time):
		return b.Time.UTC()
	case a.Valid:
		return a.Time.UTC()
	case b.Valid:
		return b.Time.UTC()
	}
	return t
}

// Salt returns the stored screening salt, creating it the first time.
func (s *ScreeningStore) Salt(ctx context.Context) ([]byte, error) {
	var v string
	err := s.db.queryRow(ctx, `SELECT value FROM settings WHERE name = 'screening_salt'`).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		rand.Read(b)
		err = s.db.Transact(ctx, func(tx *Tx) error {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('screening_salt', $1) ON CONFLICT (name) DO NOTHING`, hex.EncodeToString(b)); err != nil {
				return err
			}
			return tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'screening_salt'`).Scan(&v)
		})
	}
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

// Save stores screened declarations.
func (s *ScreeningStore) Save(ctx context.Context, items []*screening.Stored, entries []audit.Entry) ([]bool, error) {
	created := make([]bool, len(items))
	err := s.db.Transact(ctx, func(tx *Tx) error {
		var log []audit.Entry
		for i, it := range items {
			d := &it.Declaration
			body, _ := json.Marshal(d)
			var id int64
			var oldBody, oldResult string
			err := tx.QueryRowContext(ctx, `SELECT id, body, result FROM declarations WHERE number = $1`, d.Number).Scan(&id, &oldBody, &oldResult)
			switch {
			case err == nil:
				if oldBody != string(body) {
					return &risk.Error{Kind: risk.ErrConflict, Field: "number",
						Message: risk.Bilingual("报关单号 "+d.Number+" 已以不同内容筛查过。", "declaration "+d.Number+" was screened before with different content.")}
				}
				if err := json.Unmarshal([]byte(oldResult), &it.Result); err != nil {
					return err
				}
				it.ID = risk.ID(id)
				continue
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
			result, _ := json.Marshal(it.Result)
			if err := tx.QueryRowContext(ctx, `INSERT INTO declarations (number, direction, port, declared_at, trade_mode, consignor_uscc, consignee_uscc,
				body, decision, result, index_version, screened_at, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
				d.Number, d.Direction, d.Port, d.DeclaredAt.UTC(), d.TradeMode, d.ConsignorUSCC, d.ConsigneeUSCC, string(body),
				string(it.Result.Decision), string(result), it.IndexVersion, it.ScreenedAt.UTC(), it.CreatedBy).Scan(&id); err != nil {
				return err
			}
			it.ID, created[i] = risk.ID(id), true
			for n, lr := range it.Result.Lines {
				l := d.Lines[n]
				if _, err := tx.ExecContext(ctx, `INSERT INTO declaration_lines (declaration_id, line_no, hs_code, name, decision, sampled, rate)
					VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, n, l.HSCode, l.Name, string(lr.Decision), lr.Sampled, lr.Rate); err != nil {
					return err
				}
				for _, r := range lr.Reasons {
					if r.MeasureID == 0 && r.WarningNumber == "" {
						continue
					}
					if _, err := tx.ExecContext(ctx, `INSERT INTO declaration_reasons (declaration_id, line_no, measure_id, warning_number) VALUES ($1, $2, $3, $4)`,
						id, n, int64(r.MeasureID), r.WarningNumber); err != nil {
						return err
					}
				}
			}
			e := entries[i]
			e.EntityID = it.ID
			log = append(log, e)
		}
		return appendAuditBatch(ctx, tx, log)
	})
	return created, err
}

// Get returns a stored declaration.
func (s *ScreeningStore) Get(ctx context.Context, number string) (*screening.Stored, error) {
	var st screening.Stored
	var id int64
	var body, result string
	err := s.db.queryRow(ctx, `SELECT id, body, result, index_version, screened_at, created_by FROM declarations WHERE number = $1`, number).
		Scan(&id, &body, &result, &st.IndexVersion, &st.ScreenedAt, &st.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "报关单不存在。 / No such declaration.")
	}
	if err != nil {
		return nil, err
	}
	st.ID, st.ScreenedAt = risk.ID(id), st.ScreenedAt.UTC()
	if err := json.Unmarshal([]byte(body), &st.Declaration); err != nil {
		return nil, err
	}
	return &st, json.Unmarshal([]byte(result), &st.Result)
}
