package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"riskgate/internal/audit"
	"riskgate/internal/catalog"
	"riskgate/internal/lab"
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

// Rules reads, in one snapshot, what the screening rules are made of: the
// measures in force under active warnings, the issued 通报, and the credit
// tiers and rates, at the rules version.
func (s *ScreeningStore) Rules(ctx context.Context) (screening.Sources, error) {
	src := screening.Sources{Tiers: map[string]string{}}
	tx, err := s.db.r.BeginTx(ctx, s.db.d.snapshot())
	if err != nil {
		return src, err
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT value FROM counters WHERE name = 'rules'), 0)`).Scan(&src.Version); err != nil {
		return src, err
	}
	if src.Rates, err = ratesIn(ctx, tx); err != nil {
		return src, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT m.id, m.type, m.rate, m.scope, m.acceptance, m.starts_at, m.ends_at, w.id, w.number, w.starts_at, w.valid_until
		FROM measures m JOIN warnings w ON w.id = m.warning_id
		WHERE m.status = 'in_force' AND w.status IN ('issued', 'referred') ORDER BY m.id`)
	if err != nil {
		return src, err
	}
	for rows.Next() {
		var m screening.MeasureSource
		var mid, wid int64
		var scope, acceptance string
		var mStart, mEnd, wStart, wUntil sql.NullTime
		if err := rows.Scan(&mid, &m.Type, &m.Rate, &scope, &acceptance, &mStart, &mEnd, &wid, &m.WarningNumber, &wStart, &wUntil); err != nil {
			rows.Close()
			return src, err
		}
		if acceptance != "" {
			m.Relief = &screening.Relief{}
			if err := json.Unmarshal([]byte(acceptance), m.Relief); err != nil {
				rows.Close()
				return src, err
			}
		}
		if err := json.Unmarshal([]byte(scope), &m.Scope); err != nil {
			rows.Close()
			return src, err
		}
		m.MeasureID, m.WarningID = risk.ID(mid), risk.ID(wid)
		m.Starts, m.Ends, m.WarningStarts, m.WarningUntil = nullTimePtr(mStart), nullTimePtr(mEnd), nullTimePtr(wStart), nullTimePtr(wUntil)
		src.Measures = append(src.Measures, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return src, err
	}
	brows, err := tx.QueryContext(ctx, `SELECT id, number, scope, starts_at, valid_until FROM warnings
		WHERE class = 'bulletin' AND status IN ('issued', 'referred') ORDER BY id`)
	if err != nil {
		return src, err
	}
	for brows.Next() {
		var b screening.BulletinSource
		var wid int64
		var scope string
		var start, until sql.NullTime
		if err := brows.Scan(&wid, &b.WarningNumber, &scope, &start, &until); err != nil {
			brows.Close()
			return src, err
		}
		if err := json.Unmarshal([]byte(scope), &b.Scope); err != nil {
			brows.Close()
			return src, err
		}
		b.WarningID, b.Starts, b.Until = risk.ID(wid), nullTimePtr(start), nullTimePtr(until)
		src.Bulletins = append(src.Bulletins, b)
	}
	brows.Close()
	if err := brows.Err(); err != nil {
		return src, err
	}
	if src.Reports, err = relievingReports(ctx, tx, s.db.now()); err != nil {
		return src, err
	}
	erows, err := tx.QueryContext(ctx, `SELECT uscc, credit_tier FROM enterprises`)
	if err != nil {
		return src, err
	}
	defer erows.Close()
	for erows.Next() {
		var u, t string
		if err := erows.Scan(&u, &t); err != nil {
			return src, err
		}
		src.Tiers[u] = t
	}
	return src, erows.Err()
}

// reportsBack is how far back of today a report's last valid day may lie
// for screening to hold it: declarations are screened within days of being
// lodged.
const reportsBack = 92

// relievingReports reads the accepted reports that may relieve lines (采信):
// of laboratories accepted now, valid in the last reportsBack days, that
// lab.Report.Counts keeps.
func relievingReports(ctx context.Context, tx *sql.Tx, now time.Time) ([]screening.Report, error) {
	rows, err := tx.QueryContext(ctx, `SELECT r.body, r.id, l.name_zh, r.checks,
		(SELECT count(*) FROM lab_crosschecks c WHERE c.report_id = r.id AND c.agree)
		FROM lab_reports r JOIN labs l ON l.id = r.lab_id
		WHERE l.status = 'accepted' AND r.valid_until >= $1 ORDER BY r.id`, now.AddDate(0, 0, -reportsBack).Format(time.DateOnly))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []screening.Report
	for rows.Next() {
		var body, name string
		var id int64
		var checks, agreed int
		if err := rows.Scan(&body, &id, &name, &checks, &agreed); err != nil {
			return nil, err
		}
		var r lab.Report
		if err := json.Unmarshal([]byte(body), &r); err != nil {
			return nil, fmt.Errorf("store: lab report %d: %w", id, err)
		}
		r.ID = risk.ID(id)
		if r.Counts(checks, agreed) {
			out = append(out, r.Relieving(name, checks))
		}
	}
	return out, rows.Err()
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
			body := jsonText(d)
			var id int64
			var oldBody, oldResult string
			err := tx.QueryRowContext(ctx, `SELECT id, body, result FROM declarations WHERE number = $1`, d.Number).Scan(&id, &oldBody, &oldResult)
			switch {
			case err == nil:
				if oldBody != body {
					field := "number"
					if len(items) > 1 {
						field = fmt.Sprintf("items[%d].number", i)
					}
					return &risk.Error{Kind: risk.ErrConflict, Field: field,
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
			result := jsonText(it.Result)
			queueID := ""
			if it.Result.Contingency != nil {
				queueID = it.Result.Contingency.QueueID
			}
			if err := tx.QueryRowContext(ctx, `INSERT INTO declarations (number, direction, port, declared_at, trade_mode, consignor_uscc, consignee_uscc,
				body, decision, result, index_version, screened_at, created_by, consignor_name, contingency_id)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
				d.Number, d.Direction, d.Port, d.DeclaredAt.UTC(), d.TradeMode, d.ConsignorUSCC, d.ConsigneeUSCC, body,
				string(it.Result.Decision), result, it.IndexVersion, it.ScreenedAt.UTC(), it.CreatedBy, d.ConsignorName, queueID).Scan(&id); err != nil {
				return err
			}
			it.ID, created[i] = risk.ID(id), true
			for n, lr := range it.Result.Lines {
				l := d.Lines[n]
				if _, err := tx.ExecContext(ctx, `INSERT INTO declaration_lines (declaration_id, line_no, hs_code, name, decision, sampled, rate, destination, value)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, n, l.HSCode, l.Name, string(lr.Decision), lr.Sampled, lr.Rate, l.Destination, l.Value); err != nil {
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
	if err := json.Unmarshal([]byte(result), &st.Result); err != nil {
		return nil, err
	}
	d := &st.Declaration
	usccs := []string{d.ConsignorUSCC, d.ConsigneeUSCC}
	for _, l := range d.Lines {
		usccs = append(usccs, l.ManufacturerUSCC)
	}
	parties, err := s.parties(ctx, usccs)
	if err != nil {
		return nil, err
	}
	st.Parties = parties
	return &st, nil
}

// parties reads the register's names of the USCCs that are registered.
func (s *ScreeningStore) parties(ctx context.Context, usccs []string) (map[string]screening.Party, error) {
	var args []any
	seen := map[string]bool{}
	for _, u := range usccs {
		if u != "" && !seen[u] {
			seen[u] = true
			args = append(args, u)
		}
	}
	out := map[string]screening.Party{}
	if len(args) == 0 {
		return out, nil
	}
	marks := make([]string, len(args))
	for i := range args {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	rows, err := s.db.query(ctx, `SELECT uscc, name_zh, name_en FROM enterprises WHERE uscc IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		p := screening.Party{Registered: true}
		if err := rows.Scan(&p.USCC, &p.NameZh, &p.NameEn); err != nil {
			return nil, err
		}
		out[p.USCC] = p
	}
	return out, rows.Err()
}

// Queue lists declarations needing action.
func (s *ScreeningStore) Queue(ctx context.Context, f screening.QueueFilter) ([]screening.Summary, int, error) {
	var w where
	w.conds = append(w.conds, "d.decision <> 'release'")
	if f.Port != "" {
		w.add("d.port = ?", f.Port)
	}
	if f.Decision != "" {
		w.add("d.decision = ?", string(f.Decision))
	}
	if f.Party != "" {
		w.add("(d.consignor_uscc = ? OR d.consignee_uscc = ?)", f.Party, f.Party)
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT count(*) FROM declarations d`+w.sql(), w.args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	// The consignor's name: the register's when its USCC is registered,
	// else the declared one.
	rows, err := s.db.query(ctx, `SELECT d.number, d.direction, d.port, d.declared_at, d.decision, d.screened_at,
		(SELECT count(*) FROM declaration_lines l WHERE l.declaration_id = d.id),
		(SELECT count(*) FROM declaration_lines l WHERE l.declaration_id = d.id AND l.decision <> 'release'),
		d.consignor_uscc, COALESCE(e.name_zh, d.consignor_name), COALESCE(e.name_en, ''), e.id IS NOT NULL, d.contingency_id <> ''
		FROM declarations d LEFT JOIN enterprises e ON e.uscc = d.consignor_uscc AND d.consignor_uscc <> ''`+w.sql()+`
		ORDER BY d.screened_at DESC, d.id DESC`+w.page(f.Limit, f.Offset), w.args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []screening.Summary
	for rows.Next() {
		var x screening.Summary
		var dec string
		c := &x.Consignor
		if err := rows.Scan(&x.Number, &x.Direction, &x.Port, &x.DeclaredAt, &dec, &x.ScreenedAt, &x.Lines, &x.Flagged,
			&c.USCC, &c.NameZh, &c.NameEn, &c.Registered, &x.Contingency); err != nil {
			return nil, 0, err
		}
		x.Decision, x.DeclaredAt, x.ScreenedAt = screening.Decision(dec), x.DeclaredAt.UTC(), x.ScreenedAt.UTC()
		out = append(out, x)
	}
	return out, total, rows.Err()
}

// Stats counts line decisions since t.
func (s *ScreeningStore) Stats(ctx context.Context, since time.Time) (*screening.Stats, error) {
	st := &screening.Stats{}
	count := func(q string, into *[]screening.Count, args ...any) error {
		rows, err := s.db.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c screening.Count
			var dec string
			if err := rows.Scan(&c.Key, &dec, &c.N); err != nil {
				return err
			}
			c.Decision = screening.Decision(dec)
			*into = append(*into, c)
		}
		return rows.Err()
	}
	if err := count(`SELECT d.port, l.decision, count(*) FROM declaration_lines l JOIN declarations d ON d.id = l.declaration_id
		WHERE d.screened_at >= $1 GROUP BY d.port, l.decision ORDER BY d.port, l.decision`, &st.ByPort, since.UTC()); err != nil {
		return nil, err
	}
	if err := count(`SELECT CAST(r.measure_id AS TEXT), l.decision, count(*) FROM declaration_reasons r
		JOIN declaration_lines l ON l.declaration_id = r.declaration_id AND l.line_no = r.line_no
		JOIN declarations d ON d.id = r.declaration_id
		WHERE d.screened_at >= $1 AND r.measure_id <> 0 GROUP BY r.measure_id, l.decision ORDER BY count(*) DESC`, &st.ByMeasure, since.UTC()); err != nil {
		return nil, err
	}
	if err := measureTypes(ctx, s.db, st.ByMeasure); err != nil {
		return nil, err
	}
	// Days in China time, computed in Go so that both engines agree.
	rows, err := s.db.query(ctx, `SELECT d.screened_at, l.decision FROM declaration_lines l JOIN declarations d ON d.id = l.declaration_id
		WHERE d.screened_at >= $1`, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byDay := map[[2]string]int{}
	for rows.Next() {
		var at time.Time
		var dec string
		if err := rows.Scan(&at, &dec); err != nil {
			return nil, err
		}
		byDay[[2]string{at.In(risk.China).Format("2006-01-02"), dec}]++
	}
	for k, n := range byDay {
		st.ByDay = append(st.ByDay, screening.Count{Key: k[0], Decision: screening.Decision(k[1]), N: n})
	}
	sort.Slice(st.ByDay, func(i, j int) bool {
		if st.ByDay[i].Key != st.ByDay[j].Key {
			return st.ByDay[i].Key < st.ByDay[j].Key
		}
		return st.ByDay[i].Decision < st.ByDay[j].Decision
	})
	return st, rows.Err()
}

// measureTypes fills in the measure type of counts keyed by measure ID.
func measureTypes(ctx context.Context, db *DB, counts []screening.Count) error {
	types := map[string]string{}
	for _, c := range counts {
		types[c.Key] = ""
	}
	if len(types) == 0 {
		return nil
	}
	var args []any
	var marks []string
	for k := range types {
		id, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue
		}
		args = append(args, id)
		marks = append(marks, fmt.Sprintf("$%d", len(args)))
	}
	if len(args) == 0 {
		return nil
	}
	rows, err := db.query(ctx, `SELECT id, type FROM measures WHERE id IN (`+strings.Join(marks, ", ")+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var typ string
		if err := rows.Scan(&id, &typ); err != nil {
			return err
		}
		types[strconv.FormatInt(id, 10)] = typ
	}
	for i := range counts {
		counts[i].Type = types[counts[i].Key]
	}
	return rows.Err()
}

// ListenRules calls fn on every change of the screening rules (NOTIFY on
// PostgreSQL).
func (s *ScreeningStore) ListenRules(ctx context.Context, fn func()) error {
	return s.db.ListenRules(ctx, fn)
}

// ratesIn reads the sampling rates: the catalogue's defaults, overridden
// by those stored in settings.
func ratesIn(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (map[string]float64, error) {
	rates := map[string]float64{}
	if t, err := catalog.BuiltinTable("credit-tiers"); err == nil {
		for _, e := range t.Entries {
			rates[e.Code], _ = strconv.ParseFloat(e.Attrs["inspection_rate"], 64)
		}
	}
	var body string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'credit_rates'`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return rates, nil
	}
	if err != nil {
		return nil, err
	}
	var stored map[string]float64
	if err := json.Unmarshal([]byte(body), &stored); err != nil {
		return nil, err
	}
	for k, v := range stored {
		rates[k] = v
	}
	return rates, nil
}

// Rates returns the sampling rates in force.
func (s *ScreeningStore) Rates(ctx context.Context) (map[string]float64, error) {
	return ratesIn(ctx, s.db.r)
}

// SetRates stores the sampling rates and moves the rules counter.
func (s *ScreeningStore) SetRates(ctx context.Context, rates map[string]float64, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ('credit_rates', $1)
			ON CONFLICT (name) DO UPDATE SET value = excluded.value`, jsonText(rates)); err != nil {
			return err
		}
		if err := bumpRules(ctx, tx); err != nil {
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}
