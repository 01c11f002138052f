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
	"riskgate/internal/foreign"
	"riskgate/internal/matching"
	"riskgate/internal/risk"
	"riskgate/internal/screening"
)

// MatchingStore implements matching.Store.
type MatchingStore struct{ db *DB }

// Matching returns the matching store.
func (db *DB) Matching() *MatchingStore { return &MatchingStore{db: db} }

var _ matching.Store = (*MatchingStore)(nil)

// Register returns the enterprise register.
func (s *MatchingStore) Register(ctx context.Context) ([]matching.Enterprise, error) {
	rows, err := s.db.query(ctx, `SELECT id, uscc, name_zh, name_en FROM enterprises ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []matching.Enterprise
	for rows.Next() {
		var e matching.Enterprise
		if err := rows.Scan(&e.ID, &e.USCC, &e.NameZh, &e.NameEn); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// ExportLines returns the lines of export declarations since a time.
func (s *MatchingStore) ExportLines(ctx context.Context, since time.Time) ([]matching.Line, error) {
	rows, err := s.db.query(ctx, `SELECT body FROM declarations WHERE direction = 'export' AND declared_at >= $1`, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []matching.Line
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, err
		}
		var d screening.Declaration
		if err := json.Unmarshal([]byte(body), &d); err != nil {
			return nil, fmt.Errorf("store: declaration body: %w", err)
		}
		for _, l := range d.Lines {
			out = append(out, matching.Line{Declaration: d.Number, DeclaredAt: d.DeclaredAt, ConsignorUSCC: d.ConsignorUSCC, HSCode: l.HSCode,
				Name: l.Name, Brand: l.Brand, Model: l.Model, GTIN: l.GTIN, Manufacturer: l.Manufacturer, ManufacturerUSCC: l.ManufacturerUSCC,
				Destination: l.Destination})
		}
	}
	return out, rows.Err()
}

// Pending returns the untriaged foreign notifications since a time, with
// the product words of their source records.
func (s *MatchingStore) Pending(ctx context.Context, since time.Time) ([]matching.Pending, error) {
	rows, err := s.db.query(ctx, `SELECT `+signalCols+`, COALESCE(f.words, ''), COALESCE(f.category, '') FROM signals s LEFT JOIN foreign_records f ON f.signal_id = s.id
		WHERE s.channel = $1 AND s.status = 'new' AND s.received_at >= $2 ORDER BY s.id`, foreign.Channel, since.UTC())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []matching.Pending
	for rows.Next() {
		var words, category string
		g, err := scanSignal(scanTail{rows, []any{&words, &category}})
		if err != nil {
			return nil, err
		}
		out = append(out, matching.Pending{SignalID: g.ID, Dept: g.Dept, N: matching.FromSignal(g, words, category)})
	}
	return out, rows.Err()
}

// scanTail scans a row whose last columns follow those scanSignal reads.
type scanTail struct {
	rows *sql.Rows
	tail []any
}

func (t scanTail) Scan(dest ...any) error { return t.rows.Scan(append(dest, t.tail...)...) }

// Propose stores new candidates with an audit entry each.
func (s *MatchingStore) Propose(ctx context.Context, cs []*matching.Stored, a risk.Actor) (int, error) {
	n := 0
	err := s.db.Transact(ctx, func(tx *Tx) error {
		n = 0
		var log []audit.Entry
		for _, c := range cs {
			ev, _ := json.Marshal(c.Evidence) // a slice of plain structs always encodes
			var id int64
			err := tx.QueryRowContext(ctx, `INSERT INTO match_candidates (signal_id, enterprise_id, score, evidence, status, created_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (signal_id, enterprise_id) DO NOTHING RETURNING id`,
				int64(c.SignalID), c.Enterprise.ID, c.Score, string(ev), c.Status, c.CreatedAt.UTC()).Scan(&id)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return fmt.Errorf("store: propose match: %w", err)
			}
			c.ID = risk.ID(id)
			n++
			log = append(log, audit.New(a, "match.propose", "match_candidate", c.ID,
				fmt.Sprintf("匹配候选：信息 %d → %s（%.2f）", c.SignalID, c.Enterprise.NameZh, c.Score)).WithChange(nil, map[string]any{"score": c.Score, "evidence": c.Evidence}))
		}
		return appendAuditBatch(ctx, tx, log)
	})
	return n, err
}

const matchCols = `m.id, m.signal_id, m.score, m.evidence, m.status, m.note, COALESCE(m.case_id, 0), m.decided_by, m.decided_at, m.created_at,
	e.id, e.uscc, e.name_zh, e.name_en, s.dept, s.external_ref, s.product_name, s.brand, s.origin, COALESCE(s.case_id, 0),
	s.model, s.hs_code, s.hazard, s.description, COALESCE(f.measures, '')`

func scanMatch(row interface{ Scan(...any) error }) (*matching.Stored, error) {
	var c matching.Stored
	var id, sig, caseID, sigCase int64
	var ev string
	var decided sql.NullTime
	var measures string
	if err := row.Scan(&id, &sig, &c.Score, &ev, &c.Status, &c.Note, &caseID, &c.DecidedBy, &decided, &c.CreatedAt,
		&c.Enterprise.ID, &c.Enterprise.USCC, &c.Enterprise.NameZh, &c.Enterprise.NameEn, &c.Dept, &c.Ref, &c.Product, &c.Brand, &c.Origin, &sigCase,
		&c.Model, &c.HSCode, &c.Hazard, &c.Description, &measures); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, risk.ErrNotFound
		}
		return nil, err
	}
	c.ID, c.SignalID, c.CaseID, c.SignalCaseID = risk.ID(id), risk.ID(sig), risk.ID(caseID), risk.ID(sigCase)
	c.DecidedAt = nullTimePtr(decided)
	c.CreatedAt = c.CreatedAt.UTC()
	if measures != "" {
		c.ForeignMeasures = strings.Split(measures, ",")
	}
	if err := json.Unmarshal([]byte(ev), &c.Evidence); err != nil {
		return nil, err
	}
	return &c, nil
}

const matchFrom = ` FROM match_candidates m JOIN enterprises e ON e.id = m.enterprise_id JOIN signals s ON s.id = m.signal_id
	LEFT JOIN foreign_records f ON f.signal_id = m.signal_id`

// Queue lists candidates by status, best first.
func (s *MatchingStore) Queue(ctx context.Context, status string, depts []string, limit int) ([]*matching.Stored, error) {
	q := `SELECT ` + matchCols + matchFrom + ` WHERE m.status = $1`
	args := []any{status}
	if len(depts) > 0 {
		ph := make([]string, len(depts))
		for i, d := range depts {
			args = append(args, d)
			ph[i] = fmt.Sprintf("$%d", len(args))
		}
		q += ` AND s.dept IN (` + strings.Join(ph, ", ") + `)`
	}
	args = append(args, limit)
	q += fmt.Sprintf(` ORDER BY m.score DESC, m.id LIMIT $%d`, len(args))
	return collect(scanMatch)(s.db.query(ctx, q, args...))
}

// Get returns one candidate.
func (s *MatchingStore) Get(ctx context.Context, id risk.ID) (*matching.Stored, error) {
	return scanMatch(s.db.queryRow(ctx, `SELECT `+matchCols+matchFrom+` WHERE m.id = $1`, int64(id)))
}

// Decide moves a proposed candidate to its decision.
func (s *MatchingStore) Decide(ctx context.Context, id risk.ID, status, note string, caseID risk.ID, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		var cid any
		if caseID != 0 {
			cid = int64(caseID)
		}
		r, err := tx.ExecContext(ctx, `UPDATE match_candidates SET status = $1, note = $2, case_id = $3, decided_by = $4, decided_at = $5
			WHERE id = $6 AND status IN (`+matching.OpenSQL+`)`, status, note, cid, ae.Actor, tx.Now(), int64(id))
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 0 {
			return risk.Errorf(risk.ErrConflict, "该候选已处理。 / The candidate was already decided.")
		}
		return appendAudit(ctx, tx, &ae)
	})
}
