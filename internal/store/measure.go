package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"riskgate/internal/audit"
	"riskgate/internal/credit"
	"riskgate/internal/measure"
	"riskgate/internal/risk"
	"riskgate/internal/warning"
)

// MeasureStore implements measure.Store.
type MeasureStore struct{ db *DB }

// Measures returns the measure store.
func (db *DB) Measures() *MeasureStore { return &MeasureStore{db: db} }

var _ measure.Store = (*MeasureStore)(nil)

// Bundles returns the latest default bundles.
func (s *MeasureStore) Bundles(ctx context.Context) (*measure.Bundles, error) {
	var body string
	err := s.db.queryRow(ctx, `SELECT body FROM measure_bundles ORDER BY version DESC LIMIT 1`).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "尚无默认措施组合。 / No measure bundles stored.")
	}
	if err != nil {
		return nil, err
	}
	var b measure.Bundles
	return &b, json.Unmarshal([]byte(body), &b)
}

// SaveBundles stores a new version.
func (s *MeasureStore) SaveBundles(ctx context.Context, b *measure.Bundles, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO measure_bundles (version, body, created_at) VALUES ($1, $2, $3)`, b.Version, jsonText(b), tx.Now()); err != nil {
			if s.db.d.uniqueViolation(err) {
				return risk.Errorf(risk.ErrConflict, "该版本已存在。 / That version exists.")
			}
			return err
		}
		return appendAudit(ctx, tx, &ae)
	})
}

const measureCols = `id, warning_id, case_id, type, compulsory, lead, supporting, scope, rate, method, starts_at, ends_at, deadline,
	effect_metric, note, keep, status, consultation, created_by, created_at, updated_at, rev, acceptance,
	(SELECT w.number FROM warnings w WHERE w.id = measures.warning_id)`

func scanMeasure(row interface{ Scan(...any) error }) (*measure.Measure, error) {
	var m measure.Measure
	var id, wid, cid int64
	var status, supporting, scope, consult, acceptance string
	var ends, deadline sql.NullTime
	if err := row.Scan(&id, &wid, &cid, &m.Type, &m.Compulsory, &m.Lead, &supporting, &scope, &m.Rate, &m.Method, &m.StartsAt, &ends, &deadline,
		&m.EffectMetric, &m.Note, &m.Keep, &status, &consult, &m.CreatedBy, &m.CreatedAt, &m.UpdatedAt, &m.Rev, &acceptance, &m.WarningNumber); err != nil {
		return nil, err
	}
	if acceptance != "" {
		m.Acceptance = &measure.Acceptance{}
		if err := json.Unmarshal([]byte(acceptance), m.Acceptance); err != nil {
			return nil, err
		}
	}
	m.ID, m.WarningID, m.CaseID, m.Status = risk.ID(id), risk.ID(wid), risk.ID(cid), measure.Status(status)
	if err := json.Unmarshal([]byte(supporting), &m.Supporting); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(scope), &m.Scope); err != nil {
		return nil, err
	}
	if consult != "" {
		m.Consultation = &measure.Consultation{}
		if err := json.Unmarshal([]byte(consult), m.Consultation); err != nil {
			return nil, err
		}
	}
	m.EndsAt, m.Deadline = nullTimePtr(ends), nullTimePtr(deadline)
	m.StartsAt, m.CreatedAt, m.UpdatedAt = m.StartsAt.UTC(), m.CreatedAt.UTC(), m.UpdatedAt.UTC()
	return &m, nil
}

func consultText(c *measure.Consultation) string {
	if c == nil {
		return ""
	}
	return jsonText(c)
}

func acceptanceText(c *measure.Acceptance) string {
	if c == nil {
		return ""
	}
	return jsonText(c)
}

// Create stores planned measures with their audit entries.
func (s *MeasureStore) Create(ctx context.Context, ms []*measure.Measure, entries []audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		if err := warningsOpen(ctx, tx, ms); err != nil {
			return err
		}
		for i, m := range ms {
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO measures (warning_id, case_id, type, compulsory, lead, supporting, scope, rate, method,
				starts_at, ends_at, deadline, effect_metric, note, keep, status, consultation, created_by, created_at, updated_at, rev, acceptance)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20, $21) RETURNING id`,
				int64(m.WarningID), int64(m.CaseID), m.Type, m.Compulsory, m.Lead, jsonText(m.Supporting), jsonText(m.Scope), m.Rate, m.Method,
				m.StartsAt.UTC(), timeArg(m.EndsAt), timeArg(m.Deadline), m.EffectMetric, m.Note, m.Keep, string(m.Status), consultText(m.Consultation),
				m.CreatedBy, now, m.Rev, acceptanceText(m.Acceptance)).Scan(&id); err != nil {
				return err
			}
			m.ID, m.CreatedAt, m.UpdatedAt = risk.ID(id), now, now
			entries[i].EntityID = m.ID
		}
		if err := bumpRules(ctx, tx); err != nil {
			return err
		}
		return appendAuditBatch(ctx, tx, entries)
	})
}

// Update writes m under its revision.
func (s *MeasureStore) Update(ctx context.Context, m *measure.Measure, ae audit.Entry, fx ...credit.Effect) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE measures SET compulsory = $1, lead = $2, supporting = $3, scope = $4, rate = $5, method = $6,
			starts_at = $7, ends_at = $8, deadline = $9, effect_metric = $10, note = $11, keep = $12, status = $13, consultation = $14,
			updated_at = $15, rev = $16 WHERE id = $17 AND rev = $18`,
			m.Compulsory, m.Lead, jsonText(m.Supporting), jsonText(m.Scope), m.Rate, m.Method, m.StartsAt.UTC(), timeArg(m.EndsAt),
			timeArg(m.Deadline), m.EffectMetric, m.Note, m.Keep, string(m.Status), consultText(m.Consultation), tx.Now(), m.Rev, int64(m.ID), m.Rev-1)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("措施已被他人修改，请刷新后重试。", "the measure was changed by someone else; reload and try again.")}
		}
		m.UpdatedAt = tx.Now()
		if err := bumpRules(ctx, tx); err != nil {
			return err
		}
		if err := appendAudit(ctx, tx, &ae); err != nil {
			return err
		}
		return applyCredit(ctx, tx, fx) // 调整信用等级 entering force
	})
}

// Get returns one measure.
func (s *MeasureStore) Get(ctx context.Context, id risk.ID) (*measure.Measure, error) {
	m, err := scanMeasure(s.db.queryRow(ctx, `SELECT `+measureCols+` FROM measures WHERE id = $1`, int64(id)))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, risk.Errorf(risk.ErrNotFound, "措施不存在。 / No such measure.")
	}
	return m, err
}

// List returns matching measures, by deadline then ID.
func (s *MeasureStore) List(ctx context.Context, f measure.Filter) ([]*measure.Measure, error) {
	var w where
	if f.WarningID != 0 {
		w.add("warning_id = ?", int64(f.WarningID))
	}
	if len(f.WarningIDs) > 0 {
		ids := make([]int64, len(f.WarningIDs))
		for i, id := range f.WarningIDs {
			ids[i] = int64(id)
		}
		w.conds = append(w.conds, "warning_id IN ("+inList(&w, ids)+")")
	}
	if f.CaseID != 0 {
		w.add("case_id = ?", int64(f.CaseID))
	}
	if f.Dept != "" {
		w.add("(lead = ? OR supporting LIKE ? ESCAPE '\\')", f.Dept, "%\""+escapeLike(f.Dept)+"\"%")
	}
	if f.Open {
		w.conds = append(w.conds, "status IN ('planned', 'in_force')")
	}
	return collect(scanMeasure)(s.db.query(ctx, `SELECT `+measureCols+` FROM measures`+w.sql()+` ORDER BY deadline IS NULL, deadline, id`+w.page(f.Limit, 0), w.args...))
}

// endMeasures writes, inside tx, the end of the measures that end with a
// warning, each under its revision and with its audit entry.
// warningsOpen checks, inside tx, that the warnings measures are planned
// under have not ended. Touching each warning's row takes its lock, so a
// lifting written concurrently either commits first (and the measure is
// refused here) or waits for this one (and finds the measure:
// checkMeasuresEnded).
func warningsOpen(ctx context.Context, tx *Tx, ms []*measure.Measure) error {
	seen := map[risk.ID]bool{}
	for _, m := range ms {
		if m.WarningID == 0 || seen[m.WarningID] {
			continue
		}
		seen[m.WarningID] = true
		res, err := tx.ExecContext(ctx, `UPDATE warnings SET rev = rev WHERE id = $1 AND status NOT IN ($2, $3)`,
			int64(m.WarningID), string(warning.StatusLifted), string(warning.StatusExpired))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "warning_id", Message: risk.Bilingual(
				fmt.Sprintf("预警 %d 已结束，不能再拟定措施。", m.WarningID), fmt.Sprintf("warning %d has ended; no measure can be planned under it.", m.WarningID))}
		}
	}
	return nil
}

// checkMeasuresEnded checks, inside tx, that an ended warning leaves no
// measure open but those kept on purpose: one planned after the warning's
// measures were read would otherwise outlive it.
func checkMeasuresEnded(ctx context.Context, tx *Tx, w *warning.Warning) error {
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM measures WHERE warning_id = $1 AND keep = $2 AND status IN ($3, $4)`,
		int64(w.ID), false, string(measure.StatusPlanned), string(measure.StatusInForce)).Scan(&open); err != nil {
		return err
	}
	if open > 0 {
		return &risk.Error{Kind: risk.ErrConflict, Field: "measures", Message: risk.Bilingual(
			"预警的措施已有变动，请刷新后重试。", "the warning's measures changed meanwhile; reload and try again.")}
	}
	return nil
}

func endMeasures(ctx context.Context, tx *Tx, ends []warning.MeasureEnd) error {
	for _, e := range ends {
		res, err := tx.ExecContext(ctx, `UPDATE measures SET status = $1, updated_at = $2, rev = rev + 1 WHERE id = $3 AND rev = $4`,
			e.Status, tx.Now(), int64(e.ID), e.Rev)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &risk.Error{Kind: risk.ErrConflict, Field: "rev", Message: risk.Bilingual("措施已被他人修改，请刷新后重试。", "the measure was changed by someone else; reload and try again.")}
		}
		if err := appendAudit(ctx, tx, &e.Audit); err != nil {
			return err
		}
	}
	return nil
}
