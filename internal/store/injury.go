package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"riskgate/internal/audit"
	"riskgate/internal/injury"
	"riskgate/internal/risk"
)

// InjuryStore implements injury.Store.
type InjuryStore struct{ db *DB }

// Injuries returns the store of injury records.
func (db *DB) Injuries() *InjuryStore { return &InjuryStore{db: db} }

var _ injury.Store = (*InjuryStore)(nil)

// Digests returns the stored records of a source by key.
func (s *InjuryStore) Digests(ctx context.Context, source string) (map[string]string, error) {
	rows, err := s.db.query(ctx, `SELECT case_key, digest FROM injury_records WHERE source = $1`, source)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, rows.Err()
}

func nullFloat(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

// Save writes new and changed records with their audit entries.
func (s *InjuryStore) Save(ctx context.Context, fresh, changed []*injury.Record, a risk.Actor, ae audit.Entry) error {
	return s.db.Transact(ctx, func(tx *Tx) error {
		now := tx.Now()
		ins, err := tx.PrepareContext(ctx, `INSERT INTO injury_records (source, case_key, digest, treatment_date, age_years, sex, body_part, diagnosis,
			disposition, locale, product_codes, narrative, weight, hazard, hs_code, imported_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`)
		if err != nil {
			return err
		}
		defer ins.Close()
		log := make([]audit.Entry, 0, len(fresh)+len(changed)+1)
		for _, r := range fresh {
			var id int64
			if err := ins.QueryRowContext(ctx, r.Source, r.Key, r.Digest, r.TreatmentDate.UTC(), nullFloat(r.AgeYears), r.Sex, r.BodyPart, r.Diagnosis,
				r.Disposition, r.Locale, strings.Join(r.ProductCodes, ","), r.Narrative, nullFloat(r.Weight), r.Hazard, r.HSCode, now).Scan(&id); err != nil {
				return fmt.Errorf("store: injury record line %d: %w", r.Line, err)
			}
			r.ID = risk.ID(id)
			log = append(log, audit.New(a, "injury.create", "injury_record", r.ID, "伤害记录 "+r.TreatmentDate.Format("2006-01-02")+" "+r.Diagnosis))
		}
		for _, r := range changed {
			var id int64
			err := tx.QueryRowContext(ctx, `UPDATE injury_records SET digest = $1, treatment_date = $2, age_years = $3, sex = $4, body_part = $5,
				diagnosis = $6, disposition = $7, locale = $8, product_codes = $9, narrative = $10, weight = $11, hazard = $12, hs_code = $13,
				updated_at = $14 WHERE source = $15 AND case_key = $16 RETURNING id`,
				r.Digest, r.TreatmentDate.UTC(), nullFloat(r.AgeYears), r.Sex, r.BodyPart, r.Diagnosis, r.Disposition, r.Locale,
				strings.Join(r.ProductCodes, ","), r.Narrative, nullFloat(r.Weight), r.Hazard, r.HSCode, now, r.Source, r.Key).Scan(&id)
			if err != nil {
				return fmt.Errorf("store: update injury record %s: %w", r.Key, err)
			}
			r.ID = risk.ID(id)
			log = append(log, audit.New(a, "injury.update", "injury_record", r.ID, "伤害记录已变更 "+r.Key).WithChange(nil, r))
		}
		log = append(log, ae)
		return appendAuditBatch(ctx, tx, log)
	})
}

const injuryCols = `id, source, case_key, treatment_date, age_years, sex, body_part, diagnosis, disposition, locale, product_codes, narrative,
	weight, hazard, hs_code`

// List returns records newest first.
func (s *InjuryStore) List(ctx context.Context, f injury.Filter) ([]*injury.Record, int, error) {
	var w []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		w = append(w, fmt.Sprintf(cond, len(args)))
	}
	if !f.Since.IsZero() {
		add("treatment_date >= $%d", f.Since.UTC())
	}
	if !f.Until.IsZero() {
		add("treatment_date < $%d", f.Until.UTC())
	}
	if f.BodyPart != "" {
		add("body_part = $%d", f.BodyPart)
	}
	if f.Diagnosis != "" {
		add("diagnosis = $%d", f.Diagnosis)
	}
	if f.Product != "" {
		add("(',' || product_codes || ',') LIKE $%d", "%,"+f.Product+",%")
	}
	if f.Text != "" {
		add("LOWER(narrative) LIKE $%d", "%"+strings.ToLower(f.Text)+"%")
	}
	where := ""
	if len(w) > 0 {
		where = " WHERE " + strings.Join(w, " AND ")
	}
	var total int
	if err := s.db.queryRow(ctx, `SELECT COUNT(*) FROM injury_records`+where, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	args = append(args, f.Limit, f.Offset)
	rows, err := s.db.query(ctx, `SELECT `+injuryCols+` FROM injury_records`+where+
		fmt.Sprintf(` ORDER BY treatment_date DESC, id DESC LIMIT $%d OFFSET $%d`, len(args)-1, len(args)), args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*injury.Record
	for rows.Next() {
		var r injury.Record
		var id int64
		var age, weight sql.NullFloat64
		var products string
		if err := rows.Scan(&id, &r.Source, &r.Key, &r.TreatmentDate, &age, &r.Sex, &r.BodyPart, &r.Diagnosis, &r.Disposition, &r.Locale,
			&products, &r.Narrative, &weight, &r.Hazard, &r.HSCode); err != nil {
			return nil, 0, err
		}
		r.ID, r.TreatmentDate = risk.ID(id), r.TreatmentDate.UTC()
		if age.Valid {
			r.AgeYears = &age.Float64
		}
		if weight.Valid {
			r.Weight = &weight.Float64
		}
		r.ProductCodes = splitList(products)
		out = append(out, &r)
	}
	return out, total, rows.Err()
}
